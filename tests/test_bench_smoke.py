"""Smoke test of the benchmark (issue 6): 100 synthetic cases are generated, validate clean and build.

The benchmark itself (``python -m bench``) runs for many minutes and is never part of the test suite;
this checks, in a few seconds, that its generator still writes repositories the tool accepts.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bench import plain, synth
from bench.floor import data_files, parse_all
from bench.run import NOTES_MARKER, Figure, measure, table, write_results
from generator.config import Paths

TODAY_TEXT = synth.TODAY.isoformat()


def _tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "repo"
    assert synth.generate(root, 100) == {"cases": 100, "receptions": 32, "packages": 15, "withheld": 9, "bytes": 277607}
    return root


def test_layout_spreads_cases_over_years(repo: Path) -> None:
    assert synth.years_for(100) == [2025, 2026]
    assert synth.years_for(10_000) == [2023, 2024, 2025, 2026]
    assert synth.years_for(100_000) == list(range(2015, 2027))
    assert [p.name for p in sorted((repo / "cases").iterdir())] == ["2025", "2026"]
    assert len(list((repo / "cases" / "2025").glob("*.yaml"))) == 50
    assert (repo / "cases" / "2026" / "XF-2026-0050.yaml").is_file()
    assert not (repo / "cases" / "2026" / "XF-2026-0051.yaml").exists()
    assert len(data_files(repo)) == 105


def test_cases_cover_channels_statuses_and_letters(repo: Path) -> None:
    cases = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((repo / "cases").glob("*/*.yaml"))]
    assert Counter(c["channel"] for c in cases) == {"visit": 28, "letter": 26, "call": 25, "online": 11, "referral": 10}
    assert Counter(c["status"] for c in cases) == {"concluded": 93, "not_accepted": 4, "registered": 2, "assigned": 1}
    assert {c["letter"]["addressee"] for c in cases if "letter" in c} == {
        "chairman", "leader", "unsigned", "former_leader", "part_time_leader", "forwarded"}
    assert Counter(c["package"]["disclosure"] for c in cases if "package" in c) == {"public": 6, "withheld": 9}
    assert Counter(h["type"] for c in cases for h in c["history"]) == {
        "registration": 100, "assignment": 94, "supervision": 93, "progress": 93, "conclusion": 93, "follow_up": 26,
        "meeting": 15, "instruction": 10}


def test_deterministic_from_the_seed(repo: Path, tmp_path: Path) -> None:
    synth.generate(tmp_path / "again", 100)
    synth.generate(tmp_path / "other", 100, seed=7)
    assert _tree_hash(tmp_path / "again") == _tree_hash(repo)
    assert _tree_hash(tmp_path / "other") != _tree_hash(repo)


def test_validates_with_no_error_and_no_warning(repo: Path, run) -> None:
    result = run(repo, "validate", "--today", TODAY_TEXT)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "校验通过：105 个文件，0 处警告。"


def test_floor_parses_the_same_files(repo: Path) -> None:
    assert parse_all(repo) == 105


@pytest.mark.slow
def test_builds_the_public_site(repo: Path, tmp_path: Path) -> None:
    build = pytest.importorskip("generator.site.build")
    report = build.build_site(Paths.at(repo), synth.TODAY, tmp_path / "site")
    assert (report.packages, report.cases) == (15, 6)
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()


def test_plain_site_has_the_pages_and_our_theme(tmp_path: Path) -> None:
    config = plain.write_site(tmp_path / "plain", 3)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    assert data["theme"]["name"] == "material" and data["theme"]["language"] == "zh"
    assert sorted(p.name for p in (tmp_path / "plain" / "docs" / "pages").iterdir()) == [
        "p000001.md", "p000002.md", "p000003.md"]
    assert (tmp_path / "plain" / "docs" / "pages" / "p000002.md").read_text(encoding="utf-8").startswith("# ")


def test_measure_reports_the_process_and_refuses_failures() -> None:
    done = measure([sys.executable, "-c", "x = bytearray(60 * 1024 * 1024)"])
    assert done.code == 0 and done.wall > 0 and done.peak_mib >= 60
    with pytest.raises(SystemExit, match="退出码 3"):
        measure([sys.executable, "-c", "raise SystemExit(3)"])


def test_table_and_notes_are_kept(tmp_path: Path) -> None:
    fig = Figure(wall=2.0, cpu=1.5, peak_mib=100.0, runs=3)
    rows = table({1000: {"files": 1005, "validate": fig, "floor": Figure(1.0, 1.0, 20.0, 3),
                         "check_jsonschema": Figure(10.0, 9.0, 50.0, 3)}})
    assert rows[2] == ("| 1,000 | 1,005 | 2.00 s（CPU 1.50 s，100 MiB） | 1.00 s（CPU 1.00 s，20 MiB） | "
                       "10.00 s（CPU 9.00 s，50 MiB） | 2.00× | 5.00× |")
    results = tmp_path / "RESULTS.md"
    results.write_text(f"old table\n{NOTES_MARKER}\nkept notes\n", encoding="utf-8")
    write_results("new table\n", results)
    assert results.read_text(encoding="utf-8") == f"new table\n\n{NOTES_MARKER}\nkept notes\n"
