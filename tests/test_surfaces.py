"""Publishing surfaces (issue 13): every path around the case data that publishes or writes is safe.

Each test says what it guards and how it was seen to fail with the protection removed.
"""

from __future__ import annotations

import time
from pathlib import Path

import generator.loader as loader
from generator.config import Paths
from generator.errors import Problem
from generator.validate import place


# -- 8. placing N problems of one file is one parse ------------------------------------------------------

def test_many_problems_in_one_file_are_placed_with_one_parse(tmp_path: Path, monkeypatch) -> None:
    """Guards against a denial of service: ``validate.place`` used to parse the whole file again for every
    problem (4,000 bad entries in one file took 275 s). Checked: with the old per-problem
    ``locate_in_file`` loop restored, ``parses`` is 3,000 and the test fails."""
    n = 3000
    lines = ["id: XF-2026-0001", "history:"]
    for i in range(n):
        lines += [f'  - date: "2026-02-{30 + i % 2}"', "    type: registration"]
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "big.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    parses = 0
    real = loader._compose

    def counting(text: str, shown: str):
        nonlocal parses
        parses += 1
        return real(text, shown)

    monkeypatch.setattr(loader, "_compose", counting)
    problems = [Problem("cases/big.yaml", 0, 0, f"坏日期 {i}", pointer=("history", i, "date"))
                for i in reversed(range(n))]
    start = time.perf_counter()
    placed = place(Paths.at(tmp_path), problems)
    seconds = time.perf_counter() - start
    assert parses == 1
    assert [(p.line, p.col) for p in placed[:2]] == [(3, 11), (5, 11)]
    assert (placed[-1].line, placed[-1].message) == (2 * n + 1, f"坏日期 {n - 1}")
    assert seconds < 10, f"placing {n} problems took {seconds:.1f} s"


# -- 7. other leaks of identity ----------------------------------------------------------------------------

def test_reopens_names_only_a_published_case(minimal_repo: Path) -> None:
    """Guards the public JSON: ``reopens`` used to name the withheld or unpackaged case a published one
    reopens, telling the public that it exists. Checked: without ``_without_hidden_links`` the first
    assertion fails (``XF-2025-0009`` is in the record)."""
    from conftest import TODAY
    from generator.public import public_data
    from generator.validate import check_repository

    repository = check_repository(Paths.at(minimal_repo), TODAY).repository
    (case,) = [c for c in repository.cases if c.id == "XF-2026-0001"]
    case.raw["reopens"] = "XF-2025-0009"  # not a published package
    assert "reopens" not in public_data(repository, TODAY).cases[0].data
    case.raw["reopens"] = "XF-2026-0001"  # a published package may be named
    assert public_data(repository, TODAY).cases[0].data["reopens"] == "XF-2026-0001"
