"""One place for each fact: the case clock (``rules.CaseClock``), a leader's term (``rules.in_office``), the date of a
command (``rules.today``), and the library that never imports the CLI.

Dates worked out by hand: accepted Monday 2026-05-11; 60 days later is Friday 2026-07-10 (20 days to May 31,
30 in June, 10 in July); with the 30-day extension 90 days later is Sunday 2026-08-09, moved to the next
working day, Monday 2026-08-10. From acceptance to 2026-08-10 is 20 + 30 + 31 + 10 = 91 days.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from generator import rules
from generator.rules import CaseClock

ACCEPTED = date(2026, 5, 11)


def test_deadlines_with_and_without_the_extension() -> None:
    assert CaseClock(ACCEPTED).deadline == date(2026, 7, 10)
    extended = CaseClock(ACCEPTED, 30)
    assert (extended.original_deadline, extended.deadline) == (date(2026, 7, 10), date(2026, 8, 10))
    assert CaseClock(None, 0).deadline is None and CaseClock(None).original_deadline is None


def test_overdue_from_the_day_after_the_deadline() -> None:
    clock = CaseClock(ACCEPTED, 30)
    assert [clock.is_overdue(date(2026, 8, d)) for d in (10, 11, 12)] == [False, True, True]
    assert [clock.overdue_days(date(2026, 8, d)) for d in (10, 11, 12)] == [0, 1, 2]
    assert CaseClock(ACCEPTED, 30, date(2026, 8, 11)).is_overdue(date(2026, 8, 12)) is False  # concluded late
    assert CaseClock(None).is_overdue(date(2027, 1, 1)) is False  # never accepted: no clock runs


def test_on_time_and_days_to_conclusion() -> None:
    assert CaseClock(ACCEPTED, 30, date(2026, 8, 10)).on_time is True
    assert CaseClock(ACCEPTED, 30, date(2026, 8, 11)).on_time is False
    assert CaseClock(ACCEPTED, 30).on_time is None
    assert CaseClock(ACCEPTED, 30, date(2026, 8, 10)).days_to_conclusion == 91


def test_the_model_and_the_projection_read_the_same_clock(demo_repo) -> None:
    """Every case of the demo: the model's and the public view's deadline and 超期 agree (they were two
    computations before). By hand: XF-2026-0012, accepted 2026-06-18 with a 30-day extension, is due 90 days
    later, Wednesday 2026-09-16 (12 + 31 + 31 + 16); XF-2026-0017, accepted 2026-08-04, is due 60 days later,
    Saturday 2026-10-03, inside the National Day holiday (10-01 to 10-07), so Thursday 2026-10-08. Both are
    open on 2026-11-26, so both are overdue. Checked: with public_case building its clock without the
    extension (``CaseClock(accepted, 0, concluded)``) XF-2026-0012's deadlines differ and this test fails."""
    from generator.config import Paths
    from generator.public import public_data
    from generator.validate import check_repository

    today = date(2026, 11, 26)
    repo = check_repository(Paths.at(demo_repo), today).repository
    assert repo is not None
    view = {c.id: c for c in public_data(repo, today).cases}
    model = [(c.id, c.deadline, c.is_overdue(today)) for c in repo.cases if c.id in view]
    public = [(c.id, c.deadline, c.overdue) for c in view.values()]
    assert sorted(model) == sorted(public) and len(model) == 13
    overdue = sorted((c, deadline) for c, deadline, late in model if late)
    assert overdue == [("XF-2026-0012", date(2026, 9, 16)), ("XF-2026-0017", date(2026, 10, 8))]


def test_a_leaders_term() -> None:
    assert rules.in_office(2020, None, 2026) is True
    assert rules.in_office(2020, 2025, 2025) is True
    assert rules.in_office(2020, 2025, 2026) is False
    assert rules.in_office(2021, None, 2020) is False


def test_today_is_given_or_the_reproducible_date(monkeypatch) -> None:
    """``--today`` wins; else SOURCE_DATE_EPOCH's date in China (1782864000 is 2026-07-01 08:00 in Beijing)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782864000")
    assert rules.today(date(2026, 3, 1)) == date(2026, 3, 1)
    assert rules.today() == date(2026, 7, 1)


def test_the_library_never_imports_the_cli() -> None:
    """serve.py took the date from ``generator.commands``; the library asks ``rules.today``. Checked: with that
    import put back, serve.py is listed here."""
    package = Path(__file__).resolve().parent.parent / "generator"
    cli = re.compile(r"^\s*(from\s+(\.+|generator\.)(commands|cli)\b|import\s+generator\.(commands|cli)\b)", re.MULTILINE)
    library = [f for f in sorted(package.rglob("*.py"))
               if f.relative_to(package).parts[0] not in ("commands", "cli.py", "cli_zh.py", "__main__.py")]
    assert [f.relative_to(package).as_posix() for f in library if cli.search(f.read_text(encoding="utf-8"))] == []


def test_one_formula_rule_for_every_csv() -> None:
    """CSV injection: the public cases.csv and the internal reports escape through the one ``csvfile.cell``
    (before, the site escaped ``str(value)`` and the reports strings only). Checked: with ``cell`` returning
    its value unchanged, the first assertion fails."""
    from generator import csvfile

    data = csvfile.csv_bytes(("事由", "天数"), [("=HYPERLINK(\"x\")", -3), ("@SUM(A1)", 2), ("+86 1", None)])
    assert data.decode("utf-8-sig").split("\r\n") == [
        "事由,天数", "\"'=HYPERLINK(\"\"x\"\")\",-3", "'@SUM(A1),2", "'+86 1,", ""]


def test_csv_columns_are_declared_on_the_rows() -> None:
    """A report's CSV header is its row type's declared columns, in field order, one per field."""
    from dataclasses import fields

    from generator import csvfile
    from generator.internal import reports

    from generator.internal import duties

    assert csvfile.headers(reports.SupervisionRow) == ("类型", "编号", "事项", "责任单位", "包案领导", "期限",
                                                       "逾期天数", "情况", "最近向包案领导汇报")
    for kind in (reports.LetterRow, reports.TopicTotal, reports.SupervisionRow, reports.LeaderRow,
                 reports.PeriodRow, reports.ChangeRow, reports.YearCaseRow, reports.ReceptionRow,
                 duties.OwedReportRow, duties.CandidateRow, duties.PackageRow, duties.FollowUpRow, duties.BatchRow):
        assert len(csvfile.headers(kind)) == len(fields(kind)), kind.__name__


def test_union_levels_are_the_schemas() -> None:
    """The levels with a reception rule are exactly the schema's enum, and reports label them by the schema's
    ``x-enum-labels`` (the report had its own table, 全国/省级/…, beside the schema's 全国总工会/省级工会/…)."""
    from generator import schema
    from generator.internal.names import Names

    assert rules.LEVELS == tuple(schema.schema("union").at(("level",))["enum"])
    assert Names.levels.func(None) == {"national": "全国总工会", "provincial": "省级工会（省、自治区、直辖市）",
                                       "city": "地市级工会（设区的市、自治州、盟）", "county": "县级工会（县、县级市、区、旗）",
                                       "township": "乡镇（街道）工会", "enterprise": "企业（基层）工会"}


def test_a_build_leaves_process_wide_state_as_it_found_it(tmp_path, monkeypatch) -> None:
    """Library code changes process-wide state (os.environ, gc) only inside a context manager that puts it
    back. (jieba is no longer used by the build: Pagefind segments the search index.)"""
    import gc
    import os

    from generator.site.build import _source_date_epoch
    from generator.validate import _collector_paused

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with _source_date_epoch(date(2026, 11, 26)):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1795665600"  # 2026-11-26 12:00 in Beijing = 04:00 UTC
    assert "SOURCE_DATE_EPOCH" not in os.environ

    assert gc.isenabled()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_filed_year_page_shows_data_as_text() -> None:
    """A filed summary's words reach the archive page only as text: ``<script>`` escaped by the site's
    autoescaping Jinja environment, Markdown punctuation inert inside the HTML table. Checked: with
    ``| safe`` on the case cells in archive_filed.md.j2 the first assertion fails."""
    from generator.archive import FiledYear, year_page

    public = {"union": {"name": "某工会"}, "cases": [{"id": "XF-2026-0001", "title": "<script>x()</script> *a|b*",
                                                     "topic": "wages", "status": "assigned"}],
              "receptions": [], "units": {},
              "statistics": {"packages_published": 1, "receptions_held": 0, "workers_received": 0,
                             "published_by_topic": {"wages": 1}, "published_by_status": {"assigned": 1},
                             "receptions_held_by_mode": {}}}
    page = year_page(FiledYear(2026, public, b"{}", "0" * 64, "2026-12-01", ""))
    assert "<tr>\n<td>XF-2026-0001</td>\n<td>&lt;script&gt;x()&lt;/script&gt; *a|b*</td>\n<td>工资待遇</td>\n" \
           "<td></td>\n<td></td>\n<td>已交办</td>\n<td>—</td>\n</tr>" in page
    assert "<script>" not in page
