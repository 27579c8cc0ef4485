"""Tests of generator.rules against dates worked out by hand.

Calendars used for the hand computations (State Council arrangements, as in chinesecalendar 1.11):
- 2024 春节: off 02-10..02-17; 2024-02-01 is a Thursday, so its Tuesdays are 6, 13, 20, 27.
- 2025 国庆+中秋: off 10-01..10-08; 调休上班 Sun 09-28 and Sat 10-11. 2025-10-01 is a Wednesday.
- 2026 春节: off 02-15..02-23; 调休上班 Sat 02-14 and Sat 02-28. 2026-02-01 is a Sunday.
- 2026 劳动节: off 05-01..05-05; 调休上班 Sat 05-09. 2026-05-01 is a Friday.
- 2013 端午: off 06-10..06-12; 2013-06-01 is a Saturday, Tuesdays 4, 11, 18, 25.
- 2011 春节: off 02-02..02-08; 2011-02-01 is a Tuesday, Tuesdays 1, 8, 15, 22.
"""
from datetime import date

import pytest

from generator import rules
from generator.rules import (
    CalendarNotice, FixedDay, Period, acceptance_due, calendar_notices, compliance, concluded_on_time,
    conclusion_deadline, day_off_reason, days_between, due_date, fixed_reception_day, half_of, half_range,
    holiday_name, is_covered, is_overdue, is_workday, next_workday, periods, quarter_of, quarter_range,
    reception_requirement, review_answer_due, review_request_due, second_tuesday,
)


# ------------------------------------------------------------------ working days

def test_workdays_in_a_covered_year():
    assert is_covered(2025) and is_covered(2026)
    assert is_workday(date(2025, 10, 11))        # Saturday, 调休上班 for 国庆
    assert is_workday(date(2025, 9, 28))         # Sunday, 调休上班 for 国庆
    assert not is_workday(date(2025, 10, 6))     # Monday, 中秋 inside the 10-01..10-08 break
    assert not is_workday(date(2025, 6, 14))     # plain Saturday
    assert is_workday(date(2025, 6, 16))         # plain Monday
    assert holiday_name(date(2025, 10, 6)) == "中秋"
    assert holiday_name(date(2025, 6, 14)) is None
    assert day_off_reason(date(2026, 2, 17)) == "春节假期"
    assert day_off_reason(date(2025, 6, 14)) == "周末"
    assert day_off_reason(date(2025, 10, 11)) is None


def test_next_workday():
    assert next_workday(date(2025, 10, 9)) == date(2025, 10, 9)    # Thursday after the break: itself
    assert next_workday(date(2025, 10, 1)) == date(2025, 10, 9)    # 10-01..10-08 off → 10-09
    assert next_workday(date(2026, 2, 14)) == date(2026, 2, 14)    # 调休 Saturday is a workday


# ------------------------------------------------------------------ deadlines

def test_conclusion_over_national_day():
    # 2025-08-02 + 29 = 08-31 (day 29), + 30 = 09-30 (day 59), + 1 = 10-01 (day 60): 国庆,
    # off through 10-08 → 10-09 (Thursday).
    assert conclusion_deadline(date(2025, 8, 2)) == date(2025, 10, 9)


def test_deadline_on_adjusted_working_saturday_stays():
    # 2025-08-12 + 19 = 08-31 (19), + 30 = 09-30 (49), + 11 = 10-11 (60): Saturday, 调休上班 → stays.
    assert conclusion_deadline(date(2025, 8, 12)) == date(2025, 10, 11)
    # 2025-12-16 + 15 = 12-31 (15), + 31 = 2026-01-31 (46), + 14 = 02-14 (60): Saturday, 调休上班 → stays.
    assert conclusion_deadline(date(2025, 12, 16)) == date(2026, 2, 14)
    # 2025-09-13 + 15 = 09-28: Sunday, 调休上班 → stays.
    assert acceptance_due(date(2025, 9, 13)) == date(2025, 9, 28)


def test_plain_weekend_shift():
    # 2025-04-15 + 15 = 04-30 (15), + 31 = 05-31 (46), + 14 = 06-14 (60).
    # 2025-06-01 is a Sunday, so 06-14 is a Saturday; 06-15 Sunday → Monday 06-16.
    assert conclusion_deadline(date(2025, 4, 15)) == date(2025, 6, 16)


def test_extension():
    # + 90: 2025-08-02 → 09-30 is day 59 (above), + 31 = 10-31 (day 90), a Friday (10-01 is Wednesday).
    assert conclusion_deadline(date(2025, 8, 2), 30) == date(2025, 10, 31)
    with pytest.raises(ValueError):
        conclusion_deadline(date(2025, 8, 2), 31)
    with pytest.raises(ValueError):
        conclusion_deadline(date(2025, 8, 2), -1)


def test_acceptance_due():
    # 2025-03-03 (Monday; 03-01 is a Saturday) + 15 = 03-18, a Tuesday.
    assert acceptance_due(date(2025, 3, 3)) == date(2025, 3, 18)
    # 2026-02-01 + 15 = 02-16: 春节 (off 02-15..02-23, 02-23 is a Monday) → Tuesday 02-24.
    assert acceptance_due(date(2026, 2, 1)) == date(2026, 2, 24)


def test_review_dates():
    # 2025-09-01 + 30 = 10-01: 国庆 → 10-09.
    assert review_request_due(date(2025, 9, 1)) == date(2025, 10, 9)
    # 2026-04-05 + 25 = 04-30 (25), + 5 = 05-05 (30): 劳动节 (05-01..05-05) → Wednesday 05-06.
    assert review_answer_due(date(2026, 4, 5)) == date(2026, 5, 6)


def test_due_date_rejects_negative_days():
    with pytest.raises(ValueError):
        due_date(date(2026, 1, 5), -1)


def test_overdue_and_on_time():
    deadline = date(2025, 10, 9)
    assert not is_overdue(deadline, None, date(2025, 10, 9))      # the deadline day itself
    assert is_overdue(deadline, None, date(2025, 10, 10))         # the day after
    assert not is_overdue(deadline, date(2025, 10, 20), date(2025, 11, 1))  # concluded late: not "overdue"
    assert is_overdue(deadline, date(2025, 11, 5), date(2025, 11, 1))       # conclusion not yet reached
    assert concluded_on_time(deadline, date(2025, 10, 9))
    assert not concluded_on_time(deadline, date(2025, 10, 10))
    assert days_between(date(2025, 8, 2), date(2025, 10, 1)) == 60   # 29 + 30 + 1
    assert days_between(date(2025, 10, 1), date(2025, 8, 2)) == -60


# ------------------------------------------------------------------ uncovered years

def test_uncovered_year_falls_back_and_warns():
    assert not is_covered(2030)
    # 2030-01-01 is a Tuesday: 元旦 is a fixed-date holiday → off; 01-02 Wednesday works.
    assert not is_workday(date(2030, 1, 1))
    assert holiday_name(date(2030, 1, 1)) == "元旦"
    # 2030-10-01 is a Tuesday: 10-01..10-03 off by the fallback; 10-04 (Friday) counts as a workday
    # because the real 国庆 arrangement is not known yet.
    assert not is_workday(date(2030, 10, 3))
    assert is_workday(date(2030, 10, 4))
    assert not is_workday(date(2030, 10, 5))   # Saturday
    # 2029-12-02 + 29 = 12-31, + 1 = 2030-01-01 (元旦) → 01-02.
    assert due_date(date(2029, 12, 2), 30) == date(2030, 1, 2)
    notices = calendar_notices([2025, 2030, 2030, 2029])
    assert [n.year for n in notices] == [2029, 2030]
    assert isinstance(notices[0], CalendarNotice)
    assert "2030 年节假日安排尚未收录" in notices[1].message and "人工核对" in notices[1].message
    assert calendar_notices([2025, 2026]) == []


# ------------------------------------------------------------------ fixed reception

def test_second_tuesday():
    assert second_tuesday(2026, 9) == date(2026, 9, 8)     # 09-01 is a Tuesday → 1, 8
    assert second_tuesday(2026, 4) == date(2026, 4, 14)    # 04-01 is a Wednesday → 7, 14
    assert second_tuesday(2025, 10) == date(2025, 10, 14)  # 10-01 is a Wednesday → 7, 14
    assert second_tuesday(2026, 6) == date(2026, 6, 9)     # 06-01 is a Monday → 2, 9
    assert second_tuesday(2026, 2) == date(2026, 2, 10)    # 02-01 is a Sunday → 3, 10


def test_fixed_reception_day_on_a_workday():
    # 2026-02-10 is before the 春节 break (02-15..02-23): unchanged.
    assert fixed_reception_day(2026, 2) == FixedDay(date(2026, 2, 10), date(2026, 2, 10), None)
    # 2025-10-14 is after the 国庆 break (10-01..10-08).
    assert fixed_reception_day(2025, 10).date == date(2025, 10, 14)


def test_fixed_reception_day_moves_off_spring_festival():
    # 2024-02-13 is inside 春节 (02-10..02-17); Tuesdays 02-06 and 02-20 are both 7 days away
    # and both workdays → the later one, 02-20.
    fd = fixed_reception_day(2024, 2)
    assert fd.planned == date(2024, 2, 13)
    assert fd.date == date(2024, 2, 20)
    assert fd.moved == "第二个星期二 2024-02-13 为春节假期，顺延至 2024-02-20（星期二）"


def test_fixed_reception_day_other_real_cases():
    # 2013-06-11 is inside 端午 (06-10..06-12) → 06-18.
    assert fixed_reception_day(2013, 6).date == date(2013, 6, 18)
    assert "端午假期" in fixed_reception_day(2013, 6).moved
    # February 2011 starts on a Tuesday: second Tuesday 02-08 is inside 春节 (02-02..02-08) → 02-15.
    assert fixed_reception_day(2011, 2).date == date(2011, 2, 15)


def test_fixed_reception_day_moves_earlier(monkeypatch):
    # March 2026: Tuesdays 3, 10, 17, 24, 31. With 10 and 17 off, the nearest working Tuesday is 03-03.
    off = {date(2026, 3, 10), date(2026, 3, 17)}
    monkeypatch.setattr(rules, "is_workday", lambda d: d.weekday() < 5 and d not in off)
    fd = fixed_reception_day(2026, 3)
    assert fd.date == date(2026, 3, 3)
    assert "提前至 2026-03-03（星期二）" in fd.moved


def test_fixed_reception_day_no_working_tuesday(monkeypatch):
    # Every Tuesday off: the next workday after 2026-03-10 is Wednesday 03-11.
    monkeypatch.setattr(rules, "is_workday", lambda d: d.weekday() not in (1, 5, 6))
    fd = fixed_reception_day(2026, 3)
    assert fd.date == date(2026, 3, 11)
    assert fd.moved.endswith("顺延至下一个工作日 2026-03-11（星期三）")


def test_fixed_reception_day_uncovered_year():
    # 2030-10-01 is a Tuesday → second Tuesday 10-08; the fallback knows only 10-01..10-03 → unchanged.
    assert fixed_reception_day(2030, 10).date == date(2030, 10, 8)
    assert [n.year for n in calendar_notices([2030])] == [2030]


# ------------------------------------------------------------------ quarters and halves

def test_quarters():
    assert quarter_of(date(2026, 7, 1)) == "2026Q3"
    assert quarter_of(date(2026, 12, 31)) == "2026Q4"
    assert quarter_of(date(2026, 3, 31)) == "2026Q1"
    assert quarter_range("2026Q3") == (date(2026, 7, 1), date(2026, 9, 30))
    assert quarter_range("2024Q1") == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_range("2026Q4") == (date(2026, 10, 1), date(2026, 12, 31))


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "2026q1", "26Q1", "2026-Q1", "", " 2026Q1",
                                  "2026Q1\n", "２０２６Q1", None])
def test_quarter_range_rejects_bad_text(text):
    with pytest.raises(ValueError):
        quarter_range(text)


def test_halves():
    assert half_of(date(2026, 6, 30)) == "2026H1"
    assert half_of(date(2026, 7, 1)) == "2026H2"
    assert half_range("2026H2") == (date(2026, 7, 1), date(2026, 12, 31))
    with pytest.raises(ValueError):
        half_range("2026H3")


# ------------------------------------------------------------------ reception frequency

def test_requirements():
    national = reception_requirement("national")
    assert (national.days_per_period, national.period) == (2, "year")
    assert "第二周的星期二上午" in national.description
    assert (reception_requirement("provincial").days_per_period, reception_requirement("provincial").period) \
        == (1, "month")
    assert reception_requirement("county").period == "fortnight"
    township = reception_requirement("township")
    assert (township.days_per_period, township.period) == (0, "none")
    assert "随时接待" in township.description
    with pytest.raises(ValueError):
        reception_requirement("city")


def _days(result):
    return [(c.period.label, c.required, c.held.sessions, c.held.dates, c.held.days_text, c.ok) for c in result]


def test_national_compliance():
    # Issue 15.3: "至少2天" counts days, a session is a half day: two half days (on any dates) make a day.
    held = [(date(2025, 3, 11), "am"), (date(2025, 3, 11), "am"),   # the same half day twice: one session
            (date(2025, 3, 11), "pm"), (date(2025, 9, 9), "am"), (date(2025, 10, 14), "am"),
            (date(2026, 5, 12), "am"), (date(2026, 6, 9), "am"), (date(2026, 7, 14), "am")]
    result = compliance("national", held, date(2025, 1, 1), date(2026, 12, 31))
    assert _days(result) == [
        # 2025: 03-11 am, 03-11 pm, 09-09 am, 10-14 am = 4 sessions on 3 dates = 2 days ≥ 2
        ("2025年", 2, 4, 3, "2", True),
        # 2026: three mornings on 3 dates = 3 ÷ 2 = 1.5 days < 2 (the old count said 3 days)
        ("2026年", 2, 3, 3, "1.5", False),
    ]


def test_count_sessions():
    # 05-12 am and pm on one date = 2 sessions = 1 day; plus 06-09 am: 3 sessions, 2 dates, 1.5 days
    count = rules.count_sessions([(date(2026, 5, 12), "am"), (date(2026, 5, 12), "pm"), (date(2026, 6, 9), "am")])
    assert (count.sessions, count.dates, count.days, count.days_text) == (3, 2, 1.5, "1.5")


def test_provincial_periods_and_compliance():
    assert periods("provincial", date(2026, 1, 15), date(2026, 3, 10)) == [
        Period("2026年1月", date(2026, 1, 1), date(2026, 1, 31)),
        Period("2026年2月", date(2026, 2, 1), date(2026, 2, 28)),   # 2026 is not a leap year
        Period("2026年3月", date(2026, 3, 1), date(2026, 3, 31)),
    ]
    held = [(date(2026, 1, 13), "am"), (date(2026, 1, 13), "pm"), (date(2026, 3, 3), "am"), (date(2026, 3, 3), "am"),
            (date(2026, 3, 24), "pm")]
    result = compliance("provincial", held, date(2026, 1, 15), date(2026, 3, 10))
    # January counted whole (01-13 am+pm is before the window but in the period: 2 sessions = 1 day, met);
    # February none; March 03-03 am once + 03-24 pm = 2 sessions on 2 dates = 1 day, met.
    assert [(c.held.sessions, c.held.dates, c.ok) for c in result] == [(2, 1, True), (0, 0, False), (2, 2, True)]


def test_county_fortnights():
    # 2025-01-01 is a Wednesday → first Monday 2025-01-06; 2026-01-01 is a Thursday → first Monday 01-05.
    # 2025-01-06..2026-01-04 is 364 days = 26 fortnights; the 26th is 2025-12-22..2026-01-04.
    # 2026: 1 = 01-05..01-18, 2 = 01-19..02-01, 3 = 02-02..02-15, 4 = 02-16..03-01, 5 = 03-02..03-15.
    assert [p.label for p in periods("county", date(2026, 1, 1), date(2026, 3, 2))] == [
        "2025年第26个双周（12-22—01-04）",
        "2026年第1个双周（01-05—01-18）",
        "2026年第2个双周（01-19—02-01）",
        "2026年第3个双周（02-02—02-15）",
        "2026年第4个双周（02-16—03-01）",
        "2026年第5个双周（03-02—03-15）",
    ]
    assert periods("county", date(2026, 3, 2), date(2026, 3, 2)) == [
        Period("2026年第5个双周（03-02—03-15）", date(2026, 3, 2), date(2026, 3, 15))]


def test_county_53_week_year_has_three_week_last_fortnight():
    # 2024-01-01 is a Monday; 2025's first Monday is 01-06: 371 days = 26 fortnights + 7 days.
    # 26th fortnight starts 2024-01-01 + 25*14 = + 350 days = 2024-12-16 and runs to 2025-01-05.
    (p,) = periods("county", date(2024, 12, 31), date(2025, 1, 5))
    assert p == Period("2024年第26个双周（12-16—01-05）", date(2024, 12, 16), date(2025, 1, 5))


def test_county_compliance():
    held = [(date(2026, 1, 6), "am"), (date(2026, 1, 16), "pm"), (date(2026, 2, 1), "am"), (date(2026, 2, 15), "am"),
            (date(2026, 2, 15), "pm")]
    result = compliance("county", held, date(2026, 1, 5), date(2026, 2, 28))
    assert [(c.period.label[:10], c.held.sessions, c.ok) for c in result] == [
        ("2026年第1个双周", 2, True),    # 01-06 am + 01-16 pm: two half days on two dates = 1 day
        ("2026年第2个双周", 1, False),   # 02-01 am (the last day of 01-19..02-01): half a day only
        ("2026年第3个双周", 2, True),    # 02-15 am + pm (the last day of 02-02..02-15): a whole day
        ("2026年第4个双周", 0, False),   # 02-16..03-01: nothing
    ]


def test_county_fortnight_over_new_year_counts_both_sides():
    """Issue 15.1: a county fortnight over New Year is judged on the sessions of both years.

    2025-01-01 is a Wednesday → 2025's first Monday is 01-06; 2026-01-01 is a Thursday → first Monday 01-05.
    2025's 26th fortnight = 2025-01-06 + 25 × 14 days = 2025-12-22 .. 2026-01-04 (364 days to 2026-01-05).
    A leader who received on Monday 2025-12-22 morning and on Sunday 2026-01-04 afternoon (a 调休上班 day
    after 元旦 2026-01-01..01-03) holds 2 sessions = 1 day in that fortnight: met, though 2025 alone shows 1.
    """
    held = [(date(2025, 12, 8), "am"), (date(2025, 12, 8), "pm"),       # 25th fortnight: 12-08..12-21
            (date(2025, 12, 22), "am"), (date(2026, 1, 4), "pm")]      # 26th: one session in each year
    result = rules.compliance_of_year("county", held, 2025)
    assert len(result) == 26
    last = result[-1]
    assert (last.period.label, last.period.start, last.period.end) == (
        "2025年第26个双周（12-22—01-04）", date(2025, 12, 22), date(2026, 1, 4))
    assert (last.held.sessions, last.held.dates, last.ok) == (2, 2, True)
    assert (result[-2].held.sessions, result[-2].ok) == (2, True)
    # The same fortnight is not judged again in 2026's report: it starts with 2026-01-05..01-18.
    first_2026 = rules.compliance_of_year("county", held, 2026)[0]
    assert (first_2026.period.start, first_2026.held.sessions) == (date(2026, 1, 5), 0)
    # Fed one calendar year only (the old way), the 26th fortnight had 1 session and failed.
    only_2025 = [s for s in held if s[0].year == 2025]
    assert rules.compliance_of_year("county", only_2025, 2025)[-1].ok is False


def test_year_periods():
    # 2026 first Monday 01-05, 2027-01-01 is a Friday → first Monday 2027-01-04: 364 days = 26 fortnights,
    # the last from 01-05 + 25 × 14 = 2026-12-21 to 2027-01-03.
    fortnights = rules.year_periods("county", 2026)
    assert (len(fortnights), fortnights[0].start, fortnights[-1].start, fortnights[-1].end) == (
        26, date(2026, 1, 5), date(2026, 12, 21), date(2027, 1, 3))
    assert [p.label for p in rules.year_periods("provincial", 2026)][::11] == ["2026年1月", "2026年12月"]
    assert rules.year_periods("national", 2026) == [Period("2026年", date(2026, 1, 1), date(2026, 12, 31))]
    assert rules.year_periods("township", 2026) == []


def test_township_has_no_periods():
    assert periods("township", date(2026, 1, 1), date(2026, 12, 31)) == []
    assert compliance("township", [(date(2026, 1, 6), "am")], date(2026, 1, 1), date(2026, 12, 31)) == []


def test_periods_bad_input():
    with pytest.raises(ValueError):
        periods("county", date(2026, 3, 1), date(2026, 2, 1))
    with pytest.raises(ValueError):
        periods("village", date(2026, 1, 1), date(2026, 2, 1))


# ------------------------------------------------------------------ issue 15: the two readings of 第二周的星期二

def test_second_week_tuesday_by_hand():
    """Weeks start on Monday; the days from the 1st to the first Sunday are week 1 however few."""
    # 2026-02-01 is a Sunday: week 1 = 02-01 alone, week 2 = 02-02 (Mon) .. 02-08 → Tuesday 02-03.
    # The second Tuesday is 02-10 (Tuesdays 3, 10, 17, 24): the readings differ by a week.
    assert rules.second_week_tuesday(2026, 2) == date(2026, 2, 3)
    assert second_tuesday(2026, 2) == date(2026, 2, 10)
    # 2026-06-01 is a Monday: week 1 = 06-01..06-07, week 2 starts 06-08 → Tuesday 06-09 = the second Tuesday.
    assert rules.second_week_tuesday(2026, 6) == second_tuesday(2026, 6) == date(2026, 6, 9)
    # 2026-09-01 is a Tuesday: week 1 = 09-01..09-06, week 2 starts 09-07 → Tuesday 09-08 = the second Tuesday.
    assert rules.second_week_tuesday(2026, 9) == second_tuesday(2026, 9) == date(2026, 9, 8)
    # 2026-04-01 is a Wednesday: week 1 = 04-01..04-05, week 2 starts 04-06 → Tuesday 04-07 (second: 04-14).
    assert rules.second_week_tuesday(2026, 4) == date(2026, 4, 7)


def test_the_readings_differ_in_25_of_36_months():
    """The issue's figure: they agree only when the 1st is a Monday or a Tuesday. Months of 2025–2027 whose 1st
    is a Monday or Tuesday, read off a calendar: 2025-04 (Tue), 2025-07 (Tue), 2025-09 (Mon), 2025-12 (Mon);
    2026-06 (Mon), 2026-09 (Tue), 2026-12 (Tue); 2027-02 (Mon), 2027-03 (Mon), 2027-06 (Tue), 2027-11 (Mon):
    11 months agree, 36 − 11 = 25 differ."""
    agree = [(y, m) for y in (2025, 2026, 2027) for m in range(1, 13)
             if rules.rule_tuesday(y, m, rules.SECOND_WEEK) == rules.rule_tuesday(y, m, rules.SECOND_TUESDAY)]
    assert agree == [(2025, 4), (2025, 7), (2025, 9), (2025, 12), (2026, 6), (2026, 9), (2026, 12),
                     (2027, 2), (2027, 3), (2027, 6), (2027, 11)]


def test_fixed_reception_day_under_the_second_week_reading():
    # 2026-10-01 is a Thursday: week 2 starts Monday 10-05, Tuesday 10-06 — inside 国庆 (10-01..10-07 off in
    # 2026 with 中秋). The month's other Tuesdays: 13, 20, 27; the nearest working one is 10-13 (7 days later).
    fd = fixed_reception_day(2026, 10, rules.SECOND_WEEK)
    assert fd == FixedDay(date(2026, 10, 13), date(2026, 10, 6),
                          "第二周的星期二 2026-10-06 为国庆节假期，顺延至 2026-10-13（星期二）")
    with pytest.raises(ValueError):
        rules.rule_tuesday(2026, 10, "third_tuesday")


# ------------------------------------------------------------------ issue 15: urgent letters and the on-time rate

def test_urgent_report_due():
    # Received Wednesday 2026-06-17: same day or Thursday 06-18.
    assert rules.urgent_report_due(date(2026, 6, 17)) == date(2026, 6, 18)
    # Received Friday 2026-06-19 (端午 is 06-19 in 2026, off 06-19..06-21): the next working day is Monday 06-22.
    assert rules.urgent_report_due(date(2026, 6, 19)) == date(2026, 6, 22)
    # Received Wednesday 2026-09-30: 10-01..10-07 off (国庆、中秋), so the next working day is 10-08.
    assert rules.urgent_report_due(date(2026, 9, 30)) == date(2026, 10, 8)


def test_on_time_rate_counts_overdue_open_cases():
    """Issue 15.6, figures by hand as of 2026-11-26:
    A deadline 06-30, concluded 06-20 → on time;  B deadline 06-30, concluded 07-10 → concluded, late;
    C deadline 09-01, open → overdue (11-26 > 09-01);  D deadline 12-31, open → not yet due, not counted;
    E no deadline (never accepted) → not counted;  F deadline 11-26, open → due today, not overdue yet.
    on time 1 ÷ (concluded 2 + overdue open 1) = 1/3 (the old rate said 1/2, and 100% with B on time)."""
    today = date(2026, 11, 26)
    rate = rules.on_time_rate([
        (date(2026, 6, 30), date(2026, 6, 20)), (date(2026, 6, 30), date(2026, 7, 10)),
        (date(2026, 9, 1), None), (date(2026, 12, 31), None), (None, None), (date(2026, 11, 26), None)], today)
    assert (rate.on_time, rate.concluded, rate.overdue_open, rate.denominator) == (1, 2, 1, 3)
    assert rate.basis == "按期办结 1 件 ÷（办结 2 件 + 超期未办结 1 件）"
