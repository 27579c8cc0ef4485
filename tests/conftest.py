"""Shared fixtures: real repositories copied into a temporary folder, and the CLI runner."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
MINIMAL = TESTS / "data" / "minimal"
# The date the tests judge deadlines by: fixed, so that "overdue" never drifts with the calendar.
TODAY = date(2026, 7, 1)
DEMO_TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _package_calendar():
    """Every test starts with the package calendar: a repository's holiday files are used only after its check
    (``rules.use_calendar``), so one test's files never decide another test's working days."""
    from generator import rules

    rules.use_calendar(None)
    yield
    rules.use_calendar(None)


@pytest.fixture
def minimal_repo(tmp_path: Path) -> Path:
    """A copy of the small valid repository in tests/data/minimal, free to be edited by the test."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return root


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """A copy of the project's demo data (reference/, schedules/, cases/, archives/, mkdocs.yml)."""
    root = tmp_path / "demo"
    root.mkdir()
    for name in ("reference", "schedules", "cases", "archives"):
        if (PROJECT / name).exists():
            shutil.copytree(PROJECT / name, root / name)
    if (PROJECT / "mkdocs.yml").exists():
        shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def run():
    """Run ``xinfang`` in-process: ``run(root, "validate", "--today", "2026-07-01")`` → click Result."""
    runner = CliRunner()

    def invoke(root: Path, *args: str):
        return runner.invoke(cli, ["--root", str(root), *args], catch_exceptions=False)

    return invoke


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a file (fails loudly if it is not there once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public site of the demo data, built ONCE per test session with --today 2026-11-26.

    Returns the repository root; the site is ``root / "site"``. Tests must not modify it.
    """
    from generator.config import Paths
    from generator.site.build import build_site

    root = tmp_path_factory.mktemp("demo-site")
    for name in ("reference", "schedules", "cases", "archives"):
        if (PROJECT / name).exists():
            shutil.copytree(PROJECT / name, root / name)
    if (PROJECT / "mkdocs.yml").exists():
        shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    paths = Paths.at(root)
    build_site(paths, DEMO_TODAY, paths.site)
    return root
