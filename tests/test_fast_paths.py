"""The shortcuts taken for speed (issue 6) give the answers of the long way.

The loader decides once per file whether a value can hold a hidden character or an alias; schema lookups,
field names and working days are remembered; the cycle collector is paused during a check; shown paths are
cut from the root instead of resolved. Each test pins one of them to the result it must keep.
"""

from __future__ import annotations

import gc
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from generator import rules
from generator.config import Paths
from generator.loader import parse_text
from generator.schema import SCHEMA_NAMES, Schema, _dicts, load_schemas, schema
from generator.validate import _shown, check_repository, discover

TODAY = date(2026, 7, 1)


def _parse(text: str) -> tuple[object, list[str]]:
    doc, problems = parse_text(text, "a.yaml", keep_node=False)
    return (doc.data if doc else None), [p.format() for p in problems]


@pytest.mark.parametrize("text, data, problems", [
    # the whole-file scan sees the character, then every value is checked and none holds it
    ("# 注\u200b释\nid: XF-1\n", {"id": "XF-1"}, []),
    # no such character in the text, but an escape writes one: the backslash sends the file the long way
    ('name: "周\\u200b测乙"\n', None, ["a.yaml:1:7: 文字中含有看不见的零宽字符 U+200B，请删除"]),
    ("a: 周\u200b测\n", None, ["a.yaml:1:4: 文字中含有看不见的零宽字符 U+200B，请删除"]),
    # a star in a text is no alias
    ("title: 5*3 问题\n", {"title": "5*3 问题"}, []),
    ("a: &x 1\nb: *x\n", None, ["a.yaml:2:4: 不允许使用锚点和别名（& 和 *）：请把内容直接写出来"]),
    # the no-op resolver answers what BaseResolver answered: plain text stays text, explicit tags are refused
    ("a: 2026-03-10\nb: no\nc: 0755\nd: 12\n", {"a": "2026-03-10", "b": "no", "c": "0755", "d": 12}, []),
    ("a: !!int 3\n", None, ["a.yaml:1:4: 不支持 YAML 标签 !!int：请删除它，直接写文字"]),
])
def test_loader_shortcuts_keep_the_answers(text: str, data: object, problems: list[str]) -> None:
    assert _parse(text) == (data, problems)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_resolve_is_remembered_and_unchanged(name: str) -> None:
    cached = schema(name)
    fresh = Schema(name, cached.raw)
    for node in _dicts(cached.raw):
        first = cached.resolve(node)
        assert cached.resolve(node) is first
        assert first == fresh.resolve(node)


def test_field_names_are_remembered() -> None:
    case = schema("case")
    assert case.field_name(("history", 3, "public_note")) == "公开说明 public_note"
    assert case.field_name(("history", 3, "public_note")) == "公开说明 public_note"
    assert case.field_name(("petitioners", 0)) == "信访人 petitioners"
    assert case.field_name(()) == "文件"
    assert load_schemas()["case"] is case


def test_working_days_are_remembered_and_follow_the_official_calendar() -> None:
    day = date(2025, 1, 1)
    while day.year == 2025:
        assert rules.is_workday(day) is chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
    assert rules.is_workday(date(2025, 9, 28)) is True    # 调休上班 (Sunday)
    assert rules.is_workday(date(2025, 10, 8)) is False   # 国庆节、中秋节
    assert rules.is_workday(date(2030, 5, 1)) is False    # not yet announced: the fallback's Labour Day


def test_cycle_collector_is_restored(minimal_repo: Path) -> None:
    assert gc.isenabled()
    assert check_repository(Paths.at(minimal_repo), TODAY).ok
    assert gc.isenabled()
    gc.disable()
    try:
        assert check_repository(Paths.at(minimal_repo), TODAY).ok
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_check_made_is_handed_to_the_oldest_generation() -> None:
    """Leaving the paused collector, the objects made meanwhile are in the oldest generation, so that the first
    allocation after it does not walk all of them (0.3–0.45 s at 10,000 cases); objects a caller froze stay
    frozen. Checked to fail: without ``gc.freeze(); gc.unfreeze()`` the list is found in generation 0."""
    from generator.validate import _collector_paused

    with _collector_paused():
        made = [[i] for i in range(1000)]
    assert any(o is made for o in gc.get_objects(generation=2))
    assert not any(o is made for o in gc.get_objects(generation=0))
    kept = [[1]]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with _collector_paused():
            also = [[i] for i in range(10)]
        assert gc.get_freeze_count() == frozen and also
        assert not any(o is kept for o in gc.get_objects())  # still frozen: out of every generation
    finally:
        gc.unfreeze()


def test_a_cold_check_reads_each_case_file_once(minimal_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing read from the cache, no answer is looked for before the per-file work, and a file is parsed
    from the bytes its content key was made of: each case file is read once. Checked to fail: looking first (as
    a warm run does) read each case three times; parsing without the key's bytes (``check_file`` given no
    ``raw``) read it twice."""
    import shutil

    from conftest import reads_of

    shutil.rmtree(minimal_repo / ".xinfang-cache", ignore_errors=True)
    reads = reads_of(monkeypatch)
    assert check_repository(Paths.at(minimal_repo), TODAY, model=False).ok
    assert sorted(n for n in reads if n.startswith("XF-")) == ["XF-2026-0001.yaml", "XF-2026-0002.yaml"]


def test_shown_paths_are_the_paths_rel_gives(minimal_repo: Path) -> None:
    paths = Paths.at(minimal_repo)
    files, problems = discover(paths)
    assert problems == []
    assert [_shown(paths, f) for f, _ in files] == [paths.rel(f) for f, _ in files] == [
        "reference/union.yaml", "reference/leaders.yaml", "reference/units.yaml", "schedules/2026.yaml",
        "cases/2026/XF-2026-0001.yaml", "cases/2026/XF-2026-0002.yaml"]
    assert _shown(paths, Path("/elsewhere/x.yaml")) == "/elsewhere/x.yaml"


def test_checking_without_the_model_finds_the_same_problems(minimal_repo):
    from generator.config import Paths
    from generator.validate import check_repository
    from conftest import TODAY

    full = check_repository(Paths.at(minimal_repo), TODAY)
    quick = check_repository(Paths.at(minimal_repo), TODAY, model=False)
    assert full.repository is not None and quick.repository is None
    assert quick.problems == full.problems and quick.ok and quick.files == full.files == 6
