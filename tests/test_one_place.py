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
    cli = re.compile(r"^\s*(from\s+(\.+|generator\.)(commands|cli)\b|import\s+generator\.(commands|cli)\b)", re.M)
    library = [f for f in sorted(package.rglob("*.py"))
               if f.relative_to(package).parts[0] not in ("commands", "cli.py", "cli_zh.py", "__main__.py")]
    assert [f.relative_to(package).as_posix() for f in library if cli.search(f.read_text(encoding="utf-8"))] == []
