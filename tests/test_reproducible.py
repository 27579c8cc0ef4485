"""Reproducible and atomic builds (可重复、原子的构建).

- Two builds of the demo data with the same ``--today``, from two copies in different folders with different
  file times, into different output folders, are byte-identical file by file.
- A build that fails validation, a build killed with SIGKILL in the middle (a real subprocess) and a build
  into a folder that cannot be written all leave the previous output exactly as it was (hash of the tree).

Site A is the session's ``demo_site`` (built by ``build_site``); B is built here by the command, so the two
paths also agree. ``rebuilt`` builds A's repository once more into a folder that does not exist yet; the tests
that need a real build (the killed one, the read-only parent) make their own.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from conftest import copy_demo

DEMO_TODAY = "2026-11-26"


def tree_hash(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` by relative path (empty folders count too, as "")."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    return out


def build(root: Path, out: Path, today: str = DEMO_TODAY):
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "--today", today, "--out", str(out)],
                                catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def two_builds(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(repository A, site of A, site of B): A is the session's demo site; B built by the command from a copy
    elsewhere, with every file time changed, into a folder of another name."""
    base = tmp_path_factory.mktemp("repro")
    repo_b = copy_demo(base / "second-copy" / "elsewhere")
    for path in repo_b.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # 2001: builds must not read file times
    site_b = base / "out" / "site-b"
    result = build(repo_b, site_b)
    assert result.exit_code == 0, result.output
    return demo_site, demo_site / "site", site_b


@pytest.fixture(scope="module")
def rebuilt(two_builds: tuple[Path, Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, Path]:
    """A's repository built again into a folder whose parents do not exist: (repository hash before, after, site)."""
    repo_a, _, _ = two_builds
    before = tree_hash(repo_a)
    site = tmp_path_factory.mktemp("rebuilt") / "does" / "not" / "exist" / "site"
    result = build(repo_a, site)
    assert result.exit_code == 0, result.output
    return before, tree_hash(repo_a), site


def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path, Path]) -> None:
    _, site_a, site_b = two_builds
    a, b = tree_hash(site_a), tree_hash(site_b)
    assert len(a) > 100  # a real site, not an empty folder
    assert sorted(set(a) ^ set(b)) == []
    assert [rel for rel in a if a[rel] != b[rel]] == []


def test_build_does_not_write_into_the_repository(rebuilt: tuple[dict, dict, Path]) -> None:
    """Nothing but the repository's own cache folder is written (the validation cache may take in the stats of
    files that have settled since the last run: the stat pre-check, issue 20)."""
    before, after, _ = rebuilt

    def outside_cache(tree: dict[str, str]) -> dict[str, str]:
        return {rel: h for rel, h in tree.items() if not rel.startswith(".xinfang-cache/")}

    assert len(before) > 100 and outside_cache(after) == outside_cache(before)
    assert {rel for rel in after if rel.startswith(".xinfang-cache/") and rel not in before} <= {
        rel for rel in after if rel.startswith(".xinfang-cache/validate.cache.d/")}


def test_failed_validation_keeps_the_previous_site(two_builds: tuple[Path, Path, Path], tmp_path: Path) -> None:
    repo_a, site_a, _ = two_builds
    repo = copy_demo(tmp_path / "broken")
    site = tmp_path / "site"
    shutil.copytree(site_a, site)
    before = tree_hash(site)
    case = sorted((repo / "cases").glob("*/*.yaml"))[0]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("topic:", "topic: wages\ntopic:", 1), encoding="utf-8")
    line = text[:text.index("topic:")].count("\n") + 2
    result = build(repo, site)
    assert result.exit_code == 1
    assert f"{case.relative_to(repo).as_posix()}:{line}:1: 键“topic”重复出现：同一层里每个键只能写一次" in result.output.splitlines()
    assert "未生成任何输出" in result.output
    assert tree_hash(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "site"]  # no temporary folder left behind


@pytest.mark.slow
def test_sigkill_midway_keeps_the_previous_site(two_builds: tuple[Path, Path, Path], tmp_path: Path,
                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    _, site_a, _ = two_builds
    repo_a = copy_demo(tmp_path_factory.mktemp("killed") / "demo")  # a killed process must not touch the shared one
    site = tmp_path / "site"
    shutil.copytree(site_a, site)
    before = tree_hash(site)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(repo_a), "build", "--today", DEMO_TODAY, "--out", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        staging = _wait_for_staging(tmp_path, process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert staging, "the build finished before it could be killed"
    assert tree_hash(site) == before
    # the killed build's half-written folder is still there; the next build tidies it away
    assert [p.name.split("-")[1] for p in tmp_path.glob(".site.new-*")] == [str(process.pid)]
    result = build(repo_a, site)
    assert result.exit_code == 0, result.output
    from generator.output import wait_for_removals

    wait_for_removals()  # the previous site is removed by a process of its own (issue 20), after the swap
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert tree_hash(site) == before  # same data, same date: the same site again


def test_kill_between_the_two_renames_is_recovered(tmp_path: Path) -> None:
    """Killed after the old site was moved aside and before the new one moved in: the next run puts it back."""
    from generator.output import atomic_output

    site = tmp_path / "site"
    aside = tmp_path / ".site.old-999999999-x1"  # a process id no live process has
    aside.mkdir()
    (aside / "index.html").write_text("旧网站", encoding="utf-8")
    running = tmp_path / f".site.new-{os.getppid()}-y2"  # a build that is still running is left alone
    running.mkdir()
    with pytest.raises(RuntimeError):
        with atomic_output(site):
            raise RuntimeError("this build fails too")
    assert (site / "index.html").read_text(encoding="utf-8") == "旧网站"
    assert sorted(p.name for p in tmp_path.iterdir()) == [running.name, "site"]


def _wait_for_staging(folder: Path, process: subprocess.Popen, timeout: float = 60) -> bool:
    """Wait until the build is writing its new site beside the target (files in ``.site.new-*``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        for staging in folder.glob(".site.new-*"):
            if sum(1 for _ in staging.rglob("*.html")) >= 3:
                return True
        time.sleep(0.02)
    return False


def test_missing_output_folder_is_created(two_builds: tuple[Path, Path, Path], rebuilt: tuple[dict, dict, Path]) -> None:
    _, site_a, _ = two_builds
    _, _, site = rebuilt
    assert tree_hash(site) == tree_hash(site_a)


@pytest.mark.parametrize(("parent", "why"), [
    ("file", "路径中有同名的文件（不是文件夹）"),
    ("/proc", "上级文件夹不存在且无法创建"),
])
def test_unwritable_output_folder_is_a_clear_error(two_builds: tuple[Path, Path, Path], tmp_path: Path,
                                                  parent: str, why: str) -> None:
    repo_a, _, _ = two_builds
    if parent == "file":
        (tmp_path / "file").write_text("x", encoding="utf-8")
        where = tmp_path / "file"
    else:
        where = Path(parent)
    result = build(repo_a, where / "xinfang-site")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"错误：无法在 {where} 中写入输出文件夹 xinfang-site：{why}；未做任何改动"
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_parent_keeps_the_previous_site(two_builds: tuple[Path, Path, Path], tmp_path: Path) -> None:
    repo_a, site_a, _ = two_builds
    parent = tmp_path / "www"
    parent.mkdir()
    shutil.copytree(site_a, parent / "site")
    before = tree_hash(parent / "site")
    parent.chmod(0o555)
    try:
        result = build(repo_a, parent / "site")
    finally:
        parent.chmod(0o755)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"错误：无法在 {parent} 中写入输出文件夹 site：没有写入权限；未做任何改动"
    assert tree_hash(parent / "site") == before


def test_output_that_is_a_file_is_refused(two_builds: tuple[Path, Path, Path], tmp_path: Path) -> None:
    repo_a, _, _ = two_builds
    target = tmp_path / "site"
    target.write_text("keep me", encoding="utf-8")
    result = build(repo_a, target)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "keep me"


def test_internal_reports_and_archive_are_reproducible(tmp_path: Path) -> None:
    """The same holds for the internal reports and a year's archive: same data and date, same bytes."""
    outputs = []
    for name in ("first", "second"):
        repo = copy_demo(tmp_path / name / "demo")
        if name == "second":
            for path in repo.rglob("*"):
                os.utime(path, (1_000_000_000, 1_000_000_000))
        runner = CliRunner()
        internal = runner.invoke(cli, ["--root", str(repo), "internal", "--today", DEMO_TODAY, "--out", str(tmp_path / name / "internal")],
                                 catch_exceptions=False)
        assert internal.exit_code == 0, internal.output
        filed = runner.invoke(cli, ["--root", str(repo), "archive", "2025", "--replace", "--today", DEMO_TODAY],
                              catch_exceptions=False)
        assert filed.exit_code == 0, filed.output
        outputs.append((tree_hash(tmp_path / name / "internal"), tree_hash(repo / "archives" / "2025")))
    (internal_a, archive_a), (internal_b, archive_b) = outputs
    assert len(internal_a) > 50 and sorted(archive_a) == ["MANIFEST.json", "internal.json", "public.json"]
    assert [rel for rel in internal_a if internal_a[rel] != internal_b.get(rel)] == []
    assert archive_a == archive_b
