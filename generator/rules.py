"""Date rules of union petition work (工会信访的日期规则) — the one place they are computed.

Every deadline, working-day test, reception day, quarter and inspection period used by the tool comes
from here; no other module does date arithmetic on these rules.

Sources
- Deadlines: 信访工作条例 (2022) — 受理告知 15 日, 办结 60 日, 延期一次至多 30 日, 复查/复核 30 日.
  Days are calendar days, the start day is not counted, and a deadline falling on a day off moves to the
  next working day (an adjusted working weekend, 调休上班, is a working day).
- Reception frequency: 全国总工会领导接待职工来访、阅批职工来信、包案处理职工信访事项办法 (the seed).
- Holidays: the State Council arrangements as shipped by ``chinesecalendar`` (import ``chinese_calendar``),
  which includes 调休 working weekends and covers 2004 to the last announced year (2026 in 1.11).

Fallback for years the package does not know (every January before its update, and any later year):
weekends are days off, plus the fixed-date statutory holidays 元旦 1-1, 劳动节 5-1 and 5-2, 国庆节 10-1 to
10-3. Lunar holidays (春节, 清明, 端午, 中秋) and 调休 are unknown, so results are approximate.
This is never silent: ``calendar_notices(years)`` returns one ``CalendarNotice`` per such year, and
every caller that shows a computed date must show the notices for the years it touched
(for a deadline: ``range(start.year, deadline.year + 1)``).

Decisions
- 定点接访 "当月第二周的星期二" is read as the second Tuesday of the month (day 8-14), as in DOMAIN.md.
  If it is a day off, the reception moves to the nearest working Tuesday of the same month (the later one
  when two are equally near, i.e. normally the third Tuesday), else to the next working day.
- County fortnights (每两周) are counted per year from the year's first Monday: fortnight 1 starts on it.
  Days before it belong to the previous year's last fortnight. A year whose span from first Monday to the
  next year's first Monday is 53 weeks (e.g. 2024, 2029) has a 3-week last fortnight (no 1-week stub).
- Supervision (督办) deadlines are given in the data; "passed without a report" is ``is_overdue``.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import metadata
from typing import Iterable

import chinese_calendar
from chinese_calendar.constants import Holiday

ACCEPTANCE_DAYS = 15        # 受理告知：收到之日起15日内
CONCLUSION_DAYS = 60        # 办结期限：受理之日起60日
MAX_EXTENSION_DAYS = 30     # 延期：一次，至多30日
REVIEW_REQUEST_DAYS = 30    # 复查/复核申请：收到书面答复之日起30日内
REVIEW_ANSWER_DAYS = 30     # 复查/复核机关：收到申请之日起30日内答复

LEVELS = ("national", "provincial", "county", "township")

FALLBACK_HOLIDAYS: dict[tuple[int, int], str] = {
    (1, 1): "元旦",
    (5, 1): "劳动节", (5, 2): "劳动节",
    (10, 1): "国庆节", (10, 2): "国庆节", (10, 3): "国庆节",
}

_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_TUESDAY = 1

try:
    CALENDAR_VERSION = metadata.version("chinesecalendar")
except metadata.PackageNotFoundError:  # pragma: no cover - installed under another name
    CALENDAR_VERSION = getattr(chinese_calendar, "__version__", "?")


# ---------------------------------------------------------------- working days (工作日)

@dataclass(frozen=True)
class CalendarNotice:
    """A warning (节假日安排未收录提示) that a year was computed with the fallback calendar."""
    year: int
    message: str


@lru_cache(maxsize=None)
def is_covered(year: int) -> bool:
    """Whether the official holiday arrangement (国务院节假日安排) for ``year`` is known."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def calendar_notices(years: Iterable[int]) -> list[CalendarNotice]:
    """One notice per distinct uncovered year (未收录年份), sorted by year."""
    notices = []
    for year in sorted(set(years)):
        if not is_covered(year):
            msg = (f"{year} 年节假日安排尚未收录（chinesecalendar {CALENDAR_VERSION}），"
                   "按周末及固定日期节日推算，结果需人工核对")
            notices.append(CalendarNotice(year, msg))
    return notices


@lru_cache(maxsize=None)  # ~20 µs a call in chinesecalendar; validation asks twice per case (性能)
def is_workday(d: date) -> bool:
    """Working day (工作日): 调休上班 counts; weekends and statutory holidays (法定节假日) do not."""
    if is_covered(d.year):
        return bool(chinese_calendar.is_workday(d))
    return d.weekday() < 5 and (d.month, d.day) not in FALLBACK_HOLIDAYS


def holiday_name(d: date) -> str | None:
    """Chinese name of the statutory holiday (法定节假日) whose days off include ``d``, else None."""
    if not is_covered(d.year):
        return FALLBACK_HOLIDAYS.get((d.month, d.day))
    on_holiday, name = chinese_calendar.get_holiday_detail(d)
    if not on_holiday or not name:
        return None
    try:
        return str(Holiday(name).chinese)
    except ValueError:
        return str(name)


def day_off_reason(d: date) -> str | None:
    """Why ``d`` is a day off (休息日原因), e.g. "国庆节假期" or "周末"; None for a working day."""
    if is_workday(d):
        return None
    name = holiday_name(d)
    return f"{name}假期" if name else "周末"


def weekday_name(d: date) -> str:
    """Chinese weekday name (星期几)."""
    return _WEEKDAYS[d.weekday()]


def next_workday(d: date) -> date:
    """``d`` itself if it is a working day, else the next working day (顺延至下一个工作日)."""
    while not is_workday(d):
        d += timedelta(days=1)
    return d


# ---------------------------------------------------------------- deadlines (期限)

def due_date(start: date, days: int) -> date:
    """Deadline (期限届满日): ``start + days`` calendar days (start day not counted), moved to a workday."""
    if days < 0:
        raise ValueError(f"days must not be negative: {days}")
    return next_workday(start + timedelta(days=days))


def acceptance_due(received: date) -> date:
    """Deadline to tell the petitioner whether the case is accepted (受理告知), 15 days."""
    return due_date(received, ACCEPTANCE_DAYS)


def conclusion_deadline(accepted: date, extension_days: int = 0) -> date:
    """Conclusion deadline (办结期限): 60 days from acceptance, plus one extension (延期) of 0-30 days."""
    if not 0 <= extension_days <= MAX_EXTENSION_DAYS:
        raise ValueError(f"extension must be 0..{MAX_EXTENSION_DAYS} days, got {extension_days}")
    return due_date(accepted, CONCLUSION_DAYS + extension_days)


def is_overdue(deadline: date, concluded: date | None, today: date) -> bool:
    """Overdue (超期): not concluded by ``today`` and ``today`` is after the deadline day."""
    if concluded is not None and concluded <= today:
        return False
    return today > deadline


def concluded_on_time(deadline: date, concluded: date) -> bool:
    """Concluded on time (按期办结): on or before the deadline day."""
    return concluded <= deadline


def days_between(a: date, b: date) -> int:
    """Days from ``a`` to ``b`` (相隔天数), ``b - a``; negative when ``b`` is earlier."""
    return (b - a).days


def review_request_due(answer: date) -> date:
    """Last day for the petitioner to request review (复查/复核申请), 30 days from the written answer."""
    return due_date(answer, REVIEW_REQUEST_DAYS)


def review_answer_due(request: date) -> date:
    """Deadline for the organ to answer a review request (复查/复核答复), 30 days from the request."""
    return due_date(request, REVIEW_ANSWER_DAYS)


# ---------------------------------------------------------------- fixed reception (定点接访)

@dataclass(frozen=True)
class FixedDay:
    """The fixed reception day (定点接访日) of a month: actual ``date``, ``planned`` second Tuesday."""
    date: datetime.date
    planned: datetime.date
    moved: str | None


def _tuesdays(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    d = first + timedelta(days=(_TUESDAY - first.weekday()) % 7)
    days = []
    while d.month == month:
        days.append(d)
        d += timedelta(days=7)
    return days


def second_tuesday(year: int, month: int) -> date:
    """The second Tuesday of the month (每月第二周的星期二), always day 8-14."""
    return _tuesdays(year, month)[1]


def fixed_reception_day(year: int, month: int) -> FixedDay:
    """定点接访日: the second Tuesday; if off, the nearest working Tuesday (later on a tie), else next workday."""
    planned = second_tuesday(year, month)
    if is_workday(planned):
        return FixedDay(planned, planned, None)
    reason = f"第二个星期二 {planned.isoformat()} 为{day_off_reason(planned)}"
    others = [t for t in _tuesdays(year, month) if t != planned and is_workday(t)]
    if others:
        best = min(others, key=lambda t: (abs((t - planned).days), -t.toordinal()))
        verb = "顺延至" if best > planned else "提前至"
        return FixedDay(best, planned, f"{reason}，{verb} {best.isoformat()}（星期二）")
    best = next_workday(planned)
    return FixedDay(best, planned, f"{reason}，本月其他星期二均非工作日，"
                                   f"顺延至下一个工作日 {best.isoformat()}（{weekday_name(best)}）")


# ---------------------------------------------------------------- quarters and halves (季度、半年)

_QUARTER = re.compile(r"(\d{4})Q([1-4])", re.ASCII)
_HALF = re.compile(r"(\d{4})H([12])", re.ASCII)


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def quarter_of(d: date) -> str:
    """Quarter (季度) label, e.g. "2026Q3"."""
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def quarter_range(q: str) -> tuple[date, date]:
    """First and last day of a quarter label such as "2026Q3"; ValueError on any other text."""
    m = _QUARTER.fullmatch(q) if isinstance(q, str) else None
    if not m:
        raise ValueError(f"not a quarter like 2026Q3: {q!r}")
    year, n = int(m.group(1)), int(m.group(2))
    return date(year, 3 * n - 2, 1), _month_end(year, 3 * n)


def half_of(d: date) -> str:
    """Half-year (半年) label, "2026H1" or "2026H2"."""
    return f"{d.year}H{1 if d.month <= 6 else 2}"


def half_range(h: str) -> tuple[date, date]:
    """First and last day of a half-year label such as "2026H1"; ValueError on any other text."""
    m = _HALF.fullmatch(h) if isinstance(h, str) else None
    if not m:
        raise ValueError(f"not a half-year like 2026H1: {h!r}")
    year, n = int(m.group(1)), int(m.group(2))
    return date(year, 6 * n - 5, 1), _month_end(year, 6 * n)


# ---------------------------------------------------------------- reception frequency (接访频次)

@dataclass(frozen=True)
class Period:
    """One period of the reception requirement (考核周期), with a Chinese label."""
    label: str
    start: date
    end: date


@dataclass(frozen=True)
class Requirement:
    """The minimum reception frequency (接访最低频次) for a union level."""
    level: str
    description: str
    days_per_period: int
    period: str  # "year" | "month" | "fortnight" | "none"


_REQUIREMENTS = {
    "national": Requirement("national", "全国总工会党组、书记处领导每人每年至少2天接待职工群众；另每月由一位领导"
                            "于当月第二周的星期二上午在信访接待室定点接访", 2, "year"),
    "provincial": Requirement("provincial", "省（市、区）级工会领导干部一般每月至少安排一天时间接待职工群众来访",
                              1, "month"),
    "county": Requirement("county", "县（市、区、旗）级工会领导干部一般每两周至少安排一天时间接待职工群众来访",
                          1, "fortnight"),
    "township": Requirement("township", "乡镇（街道）工会领导干部要随时接待职工群众来访（无固定最低天数）",
                            0, "none"),
}


def reception_requirement(level: str) -> Requirement:
    """The reception requirement (接访要求) of a union level; ValueError for an unknown level."""
    try:
        return _REQUIREMENTS[level]
    except KeyError:
        raise ValueError(f"unknown union level {level!r}; expected one of {LEVELS}") from None


def _first_monday(year: int) -> date:
    first = date(year, 1, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _fortnight_of(d: date) -> Period:
    year = d.year if d >= _first_monday(d.year) else d.year - 1
    start0, next0 = _first_monday(year), _first_monday(year + 1)
    count = (next0 - start0).days // 14  # 26: a 53-week year's last fortnight is 3 weeks long
    index = min((d - start0).days // 14, count - 1)
    start = start0 + timedelta(days=14 * index)
    end = next0 - timedelta(days=1) if index == count - 1 else start + timedelta(days=13)
    return Period(f"{year}年第{index + 1}个双周（{start:%m-%d}—{end:%m-%d}）", start, end)


def _period_of(kind: str, d: date) -> Period:
    if kind == "year":
        return Period(f"{d.year}年", date(d.year, 1, 1), date(d.year, 12, 31))
    if kind == "month":
        return Period(f"{d.year}年{d.month}月", d.replace(day=1), _month_end(d.year, d.month))
    return _fortnight_of(d)


def periods(level: str, start: date, end: date) -> list[Period]:
    """The requirement's periods (考核周期) overlapping ``[start, end]``; none for township."""
    kind = reception_requirement(level).period
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    if kind == "none":
        return []
    result = [_period_of(kind, start)]
    while result[-1].end < end:
        result.append(_period_of(kind, result[-1].end + timedelta(days=1)))
    return result


@dataclass(frozen=True)
class PeriodCompliance:
    """Receptions held against the requirement in one period (接访频次达标情况)."""
    period: Period
    required: int
    held: int
    ok: bool


def compliance(level: str, held_days: Iterable[date], start: date, end: date) -> list[PeriodCompliance]:
    """Distinct reception days held in each whole period overlapping ``[start, end]`` vs the minimum.

    Edge periods are counted whole (days held outside the window but inside the period count);
    a period that has not ended yet may still show ``ok=False``.
    """
    required = reception_requirement(level).days_per_period
    days = set(held_days)
    result = []
    for p in periods(level, start, end):
        held = sum(1 for d in days if p.start <= d <= p.end)
        result.append(PeriodCompliance(p, required, held, held >= required))
    return result
