"""Date rules of union petition work (工会信访的日期规则) — the one place they are computed.

Every deadline, working-day test, reception day, quarter and inspection period used by the tool comes
from here; no other module does date arithmetic on these rules.

Sources
- Deadlines: 信访工作条例 (2022) — 受理告知 15 日, 办结 60 日, 延期一次至多 30 日, 复查/复核 30 日.
  Days are calendar days, the start day is not counted, and a deadline falling on a day off moves to the
  next working day (an adjusted working weekend, 调休上班, is a working day).
- Reception frequency: 全国总工会领导接待职工来访、阅批职工来信、包案处理职工信访事项办法 (the seed).
- Holidays, in this order (``Calendar``): the union's own copy of the State Council notice,
  ``reference/holidays/<year>.yaml`` (it wins even for a year the package knows: a correction); else the
  arrangements shipped by ``chinesecalendar`` (import ``chinese_calendar``, pinned to one version in
  pyproject so that a new release never moves a deadline between two runs), which includes 调休 working
  weekends and covers 2004 to the last announced year (2026 in 1.11); else the fallback below. A holiday file
  without a notice number and a ``checked`` record is used, but its year keeps the 需人工核对 warning.
  ``calendar_source(year)`` says which one decided a year; ``calendar_key()`` goes into cache keys.

Fallback for years neither a holiday file nor the package knows (every January before its update):
weekends are days off, plus the fixed-date statutory holidays 元旦 1-1, 劳动节 5-1 and 5-2, 国庆节 10-1 to
10-3. Lunar holidays (春节, 清明, 端午, 中秋) and 调休 are unknown, so results are approximate.
This is never silent: ``calendar_notices(years)`` returns one ``CalendarNotice`` per such year, and
every caller that shows a computed date must show the notices for the years it touched
(for a deadline: ``range(start.year, deadline.year + 1)``).

Decisions
- 定点接访 "当月第二周的星期二" has two readings, chosen in ``reference/union.yaml`` (``fixed_day_reading``):
  ``second_tuesday`` (the default, as in DOMAIN.md) is the second Tuesday of the month (day 8-14);
  ``second_week`` is the Tuesday of the month's second calendar week, weeks starting on Monday and the partial
  first week counted as week 1 (day 3-9). They agree only in months that begin on a Monday or a Tuesday.
  If the day is off, the reception moves to the nearest working Tuesday of the same month (the later one
  when two are equally near, i.e. normally the next Tuesday), else to the next working day.
- Reception days (接访天数) are counted in half-day sessions (上午/下午): "至少2天" is at least 4 sessions,
  on any dates (two half days make a day); ``SessionCount`` carries sessions, distinct dates and days.
- County fortnights (每两周) are counted per year from the year's first Monday: fortnight 1 starts on it.
  Days before it belong to the previous year's last fortnight. A year whose span from first Monday to the
  next year's first Monday is 53 weeks (e.g. 2024, 2029) has a 3-week last fortnight (no 1-week stub).
  A year's report judges the periods of that year (``year_periods``: for fortnights, first Monday to the day
  before the next year's first Monday), counting the sessions held in them whatever calendar year they fall in
  (a fortnight over New Year counts its January sessions).
- On-time rate (按期办结率, ``OnTimeRate``): concluded on time ÷ (concluded + open past their deadline), shown
  with its numerator and denominator; a rate over concluded cases only would hide the overdue ones.
- Supervision (督办) deadlines are given in the data; "passed without a report" is ``is_overdue``.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import metadata
from typing import Any, Iterable, Iterator, Mapping

import chinese_calendar
from chinese_calendar.constants import Holiday

ACCEPTANCE_DAYS = 15        # 受理告知：收到之日起15日内
CONCLUSION_DAYS = 60        # 办结期限：受理之日起60日
MAX_EXTENSION_DAYS = 30     # 延期：一次，至多30日
REVIEW_REQUEST_DAYS = 30    # 复查/复核申请：收到书面答复之日起30日内
REVIEW_ANSWER_DAYS = 30     # 复查/复核机关：收到申请之日起30日内答复
PACKAGE_PLAN_DAYS = 15      # 包案：包案之日起15日内制订实施方案（union.yaml packages.plan_days 可改）
PACKAGE_REPORT_DAYS = 30    # 包案：责任单位至少每30日向包案领导反馈进展（union.yaml packages.report_days 可改）

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


# ---------------------------------------------------------------- the calendar (节假日安排)

@dataclass(frozen=True)
class DayOff:
    """One 放假 range of a notice: the holidays it is for (``("国庆节", "中秋节")``), first and last day."""
    names: tuple[str, ...]
    start: date
    end: date

    def days(self) -> Iterator[date]:
        d = self.start
        while d <= self.end:
            yield d
            d += timedelta(days=1)


@dataclass(frozen=True)
class HolidayFile:
    """A union's own copy of one year's State Council notice (本会节假日文件, ``reference/holidays/<year>.yaml``).

    ``checked_on``/``checked_by`` record who typed it in and checked it against the notice; without them the
    file is used but its year keeps the 需人工核对 warning. ``digest`` identifies the content (for cache keys).
    """
    year: int
    path: str
    notice: str
    days_off: tuple[DayOff, ...]
    workdays: frozenset[date]
    checked_on: date | None = None
    checked_by: str = ""
    digest: str = ""

    @property
    def authoritative(self) -> bool:
        """Whether the file may be trusted like a published arrangement: a notice number and a checked record."""
        return self.checked_on is not None and bool(self.checked_by) and is_notice_number(self.notice)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: str) -> "HolidayFile":
        """From a file that passed its schema (dates as YYYY-MM-DD texts)."""
        checked = data.get("checked") or {}
        canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        return cls(year=int(data["year"]), path=path, notice=str(data["notice"]),
                   days_off=tuple(DayOff(tuple(r["names"]), date.fromisoformat(str(r["from"])),
                                         date.fromisoformat(str(r["to"]))) for r in data.get("days_off", ())),
                   workdays=frozenset(date.fromisoformat(str(d)) for d in data.get("workdays", ())),
                   checked_on=date.fromisoformat(str(checked["date"])) if checked.get("date") else None,
                   checked_by=str(checked.get("by", "")),
                   digest=hashlib.sha256(canonical.encode("utf-8")).hexdigest())


_NOTICE_NUMBER = re.compile(r"\S*〔\d{4}〕\d+号")


def is_notice_number(text: str) -> bool:
    """Whether ``text`` reads as a document number (发文字号) such as 国办发明电〔2025〕7号."""
    return bool(_NOTICE_NUMBER.fullmatch(text.strip()))


@dataclass(frozen=True)
class CalendarSource:
    """Which calendar decided the days of one year (节假日依据), as a value for forms, plans and cache keys.

    ``kind``: ``file`` (the union's holiday file), ``package`` (chinesecalendar) or ``fallback`` (weekends and
    fixed-date holidays only). ``verified`` is False for the fallback and for an unchecked file: their dates
    carry the 需人工核对 warning. ``key`` changes whenever the days it decides could change.
    """
    year: int
    kind: str
    label: str
    verified: bool
    key: str


class Calendar:
    """The working-day calendar of one repository: its holiday files over the package over the fallback.

    A union's file for a year wins, even for a year the package covers (a correction). Days a file lists
    explicitly (a 元旦 range starting on 31 December, say) are decided by that file whichever year they fall in.
    """

    def __init__(self, files: Iterable[HolidayFile] = ()) -> None:
        self.files: dict[int, HolidayFile] = {f.year: f for f in sorted(files, key=lambda f: f.year)}
        self._listed: dict[date, tuple[bool, str | None]] = {}
        for f in self.files.values():
            for r in f.days_off:
                for d in r.days():
                    self._listed[d] = (False, "、".join(r.names))
            for d in f.workdays:
                self._listed[d] = (True, None)
        self._workday: dict[date, bool] = {}  # ~20 µs a call in chinesecalendar; validation asks often (性能)
        self._sources: dict[int, CalendarSource] = {}
        self.key = hashlib.sha256("\n".join(
            [f"chinesecalendar=={CALENDAR_VERSION}", "fallback=1"]
            + [f"{f.year}:{f.digest}:{int(f.authoritative)}" for f in self.files.values()]).encode()).hexdigest()

    def source(self, year: int) -> CalendarSource:
        """Which calendar decides ``year`` (本年节假日依据); asked for every case, so remembered (性能)."""
        known = self._sources.get(year)
        if known is None:
            known = self._sources[year] = self._source(year)
        return known

    def _source(self, year: int) -> CalendarSource:
        f = self.files.get(year)
        if f is not None:
            checked = (f"，{f.checked_on.isoformat()} {f.checked_by}核对" if f.authoritative and f.checked_on
                       else "，未核对")
            return CalendarSource(year, "file", f"本会节假日文件 {f.path}（{f.notice}{checked}）",
                                  f.authoritative, f"file:{f.digest}:{int(f.authoritative)}")
        if is_covered(year):
            return CalendarSource(year, "package", f"国务院办公厅节假日安排（chinesecalendar {CALENDAR_VERSION}）",
                                  True, f"package:chinesecalendar=={CALENDAR_VERSION}")
        return CalendarSource(year, "fallback", "按周末及固定日期节日推算（尚未收录国务院办公厅通知）",
                              False, "fallback:1")

    def is_workday(self, d: date) -> bool:
        known = self._workday.get(d)
        if known is None:
            known = self._workday[d] = self._decide(d)
        return known

    def _decide(self, d: date) -> bool:
        listed = self._listed.get(d)
        if listed is not None:
            return listed[0]
        if d.year in self.files:
            return d.weekday() < 5
        if is_covered(d.year):
            return bool(chinese_calendar.is_workday(d))
        return d.weekday() < 5 and (d.month, d.day) not in FALLBACK_HOLIDAYS

    def holiday_name(self, d: date) -> str | None:
        listed = self._listed.get(d)
        if listed is not None:
            return listed[1]
        if d.year in self.files:
            return None
        if not is_covered(d.year):
            return FALLBACK_HOLIDAYS.get((d.month, d.day))
        on_holiday, name = chinese_calendar.get_holiday_detail(d)
        if not on_holiday or not name:
            return None
        try:
            return str(Holiday(name).chinese)
        except ValueError:
            return str(name)


_calendar = Calendar()


def use_calendar(calendar: Calendar | None) -> Calendar:
    """Make ``calendar`` (None: the package and the fallback only) the one every rule uses; returns the old one.

    The calendar belongs to the repository being worked on: ``validate.check_repository`` sets it from the
    repository's holiday files before any rule runs, so one process works on one repository at a time;
    ``calendar_in_use`` compares two calendars (``xinfang recheck``).
    """
    global _calendar
    previous, _calendar = _calendar, calendar or Calendar()
    return previous


@contextmanager
def calendar_in_use(calendar: Calendar) -> Iterator[Calendar]:
    """Compute with ``calendar`` inside the block, then put the previous one back."""
    previous = use_calendar(calendar)
    try:
        yield calendar
    finally:
        use_calendar(previous)


def active_calendar() -> Calendar:
    return _calendar


def calendar_source(year: int) -> CalendarSource:
    """Which calendar decides ``year`` in the repository being worked on."""
    return _calendar.source(year)


def calendar_sources(years: Iterable[int]) -> list[CalendarSource]:
    """The sources of distinct years, sorted."""
    return [_calendar.source(y) for y in sorted(set(years))]


def describe_sources(years: Iterable[int]) -> str:
    """One line for a form or a plan: ``节假日依据：2026 年 …；2027 年 …``."""
    parts = [f"{s.year} 年 {s.label}" for s in calendar_sources(years)]
    return "节假日依据：" + "；".join(parts) if parts else ""


def calendar_key() -> str:
    """A digest of everything that decides working days here (package version, holiday files): for cache keys."""
    return _calendar.key


def fallback_years(years: Iterable[int]) -> list[int]:
    """The years (of ``years``) decided by the fallback: neither a holiday file nor the package knows them."""
    return [s.year for s in calendar_sources(years) if s.kind == "fallback"]


def unverified_years(years: Iterable[int]) -> list[int]:
    """The years whose days need checking by hand (需人工核对): the fallback's and unchecked files'."""
    return [s.year for s in calendar_sources(years) if not s.verified]


# ---------------------------------------------------------------- statutory holidays (法定节假日)

HOLIDAY_NAMES = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")  # as the notices write them


def statutory_days_off(year: int) -> tuple[DayOff, ...]:
    """The statutory days off of ``year`` (全国年节及纪念日放假办法, as revised in 2024, from 2025 on).

    元旦 1 day; 春节 4 days (农历除夕 to 正月初三); 清明节 1 day (the 清明 solar term); 劳动节 5-1, 5-2;
    端午节 1 day (五月初五); 中秋节 1 day (八月十五); 国庆节 10-1 to 10-3. Lunar dates and the solar term come
    from ``lunar_python`` (6tail's lunar, a maintained table-and-formula library). The State Council's
    notice adds bridged days and 调休 weekends each year; this is the part that is fixed by law.
    """
    from lunar_python import Lunar

    def solar(lunar: Any) -> date:
        s = lunar.getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    new_year = solar(Lunar.fromYmd(year, 1, 1))
    qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    qm = date(qingming.getYear(), qingming.getMonth(), qingming.getDay())
    duanwu, zhongqiu = solar(Lunar.fromYmd(year, 5, 5)), solar(Lunar.fromYmd(year, 8, 15))
    days = [DayOff(("元旦",), date(year, 1, 1), date(year, 1, 1)),
            DayOff(("春节",), new_year - timedelta(days=1), new_year + timedelta(days=2)),
            DayOff(("清明节",), qm, qm),
            DayOff(("劳动节",), date(year, 5, 1), date(year, 5, 2)),
            DayOff(("端午节",), duanwu, duanwu),
            DayOff(("中秋节",), zhongqiu, zhongqiu),
            DayOff(("国庆节",), date(year, 10, 1), date(year, 10, 3))]
    return tuple(sorted(days, key=lambda r: r.start))


def joined_with_weekends(days_off: Iterable[DayOff]) -> tuple[DayOff, ...]:
    """Each range widened over the weekend days it touches, and ranges that then touch merged (国庆节、中秋节).

    A first draft of a year's days off before the notice is out: the bridged days and 调休 weekends the notice
    will add are not guessed.
    """
    widened: list[DayOff] = []
    for r in sorted(days_off, key=lambda r: r.start):
        start, end = r.start, r.end
        while (start - timedelta(days=1)).weekday() >= 5:
            start -= timedelta(days=1)
        while (end + timedelta(days=1)).weekday() >= 5:
            end += timedelta(days=1)
        if widened and start <= widened[-1].end + timedelta(days=1):
            last = widened.pop()
            start, end = last.start, max(last.end, end)
            names = tuple(dict.fromkeys([*last.names, *r.names]))
        else:
            names = r.names
        widened.append(DayOff(names, start, end))
    return tuple(widened)


# ---------------------------------------------------------------- working days (工作日)

@dataclass(frozen=True)
class CalendarNotice:
    """A warning (节假日安排需人工核对) that a year was computed with the fallback or an unchecked file."""
    year: int
    message: str
    source: CalendarSource | None = None


@cache
def is_covered(year: int) -> bool:
    """Whether the installed package knows the official holiday arrangement (国务院节假日安排) for ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def calendar_notices(years: Iterable[int]) -> list[CalendarNotice]:
    """One notice per distinct year whose days need checking by hand (需人工核对), sorted by year."""
    notices = []
    for source in calendar_sources(years):
        year = source.year
        if source.verified:
            continue
        if source.kind == "fallback":
            msg = (f"{year} 年节假日安排尚未收录（chinesecalendar {CALENDAR_VERSION}），"
                   "按周末及固定日期节日推算，结果需人工核对；"
                   f"国务院办公厅通知发布后请录入 reference/holidays/{year}.yaml（xinfang new holidays {year}）")
        else:
            f = _calendar.files[year]
            msg = (f"{year} 年节假日安排取自 {f.path}，尚未按国务院办公厅通知核对"
                   f"（通知文号“{f.notice}”{'' if f.checked_on else '，没有核对记录 checked'}），结果需人工核对")
        notices.append(CalendarNotice(year, msg, source))
    return notices


def is_workday(d: date) -> bool:
    """Working day (工作日): 调休上班 counts; weekends and statutory holidays (法定节假日) do not."""
    return _calendar.is_workday(d)


def holiday_name(d: date) -> str | None:
    """Chinese name of the statutory holiday (法定节假日) whose days off include ``d``, else None."""
    return _calendar.holiday_name(d)


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


def package_plan_due(since: date, days: int = PACKAGE_PLAN_DAYS) -> date:
    """Last day for a package's 实施方案: ``days`` calendar days after the package was taken (an office
    reminder, not a statutory term, so it does not move off days off)."""
    return since + timedelta(days=days)


def package_report_due(last: date, days: int = PACKAGE_REPORT_DAYS) -> date:
    """Last day for the next progress report to the package leader (定期向包案领导反馈): ``days`` calendar
    days after the last one (or after the package was taken)."""
    return last + timedelta(days=days)


@dataclass(frozen=True)
class CaseClock:
    """The one clock of a case (办理时限): its deadlines, whether it is overdue, on time, in how many days.

    The model (``Case.clock``), the public projection, validation and the changes summary all read a case's
    deadline and 超期 from here, so that the site, the reports and the warnings never disagree.
    """

    accepted: date | None
    extension_days: int = 0
    concluded: date | None = None

    @property
    def original_deadline(self) -> date | None:
        """办结期限 before any extension (the extension must be approved by this day)."""
        return conclusion_deadline(self.accepted) if self.accepted else None

    @property
    def deadline(self) -> date | None:
        """办结期限 with the extension; None before acceptance or when not accepted."""
        return conclusion_deadline(self.accepted, self.extension_days) if self.accepted else None

    def is_overdue(self, today: date) -> bool:
        """超期: past the deadline and not concluded as of ``today``."""
        deadline = self.deadline
        return deadline is not None and is_overdue(deadline, self.concluded, today)

    def overdue_days(self, today: date) -> int:
        """Days past the deadline (逾期天数), 0 when not overdue."""
        deadline = self.deadline
        return days_between(deadline, today) if deadline is not None and self.is_overdue(today) else 0

    @property
    def on_time(self) -> bool | None:
        """按期办结: concluded within the deadline; None while open or never accepted."""
        deadline = self.deadline
        return concluded_on_time(deadline, self.concluded) if deadline and self.concluded else None

    @property
    def days_to_conclusion(self) -> int | None:
        """Days from acceptance to the written answer (办理用时)."""
        return days_between(self.accepted, self.concluded) if self.accepted and self.concluded else None


def review_request_due(answer: date) -> date:
    """Last day for the petitioner to request review (复查/复核申请), 30 days from the day counted from: the
    petitioner's receipt of the written answer (送达日期) when recorded, else the answer's date."""
    return due_date(answer, REVIEW_REQUEST_DAYS)


def urgent_report_due(received: date) -> date:
    """Last day to report an urgent letter to the chairman (立刻按照程序上报): the day it arrived or the next
    working day (a letter of Friday evening may go up on Monday; one of a holiday, on the first working day)."""
    return next_workday(received + timedelta(days=1))


def review_answer_due(request: date) -> date:
    """Deadline for the organ to answer a review request (复查/复核答复), 30 days from the request."""
    return due_date(request, REVIEW_ANSWER_DAYS)


# ---------------------------------------------------------------- fixed reception (定点接访)

SECOND_TUESDAY = "second_tuesday"   # 当月第二个星期二（8-14日）
SECOND_WEEK = "second_week"         # 当月第二个自然周（周一起算，不满一周的首周算第1周）的星期二（3-9日）
READINGS = (SECOND_TUESDAY, SECOND_WEEK)
READING_WORDS = {SECOND_TUESDAY: "第二个星期二", SECOND_WEEK: "第二周的星期二"}
READING_EXPLAINED = {
    SECOND_TUESDAY: "“当月第二周的星期二”按当月第二个星期二（8日至14日之间）理解",
    SECOND_WEEK: "“当月第二周的星期二”按当月第二个自然周的星期二理解（每周从星期一起算，当月1日所在的不满一周算第1周，3日至9日之间）",
}


@dataclass(frozen=True)
class FixedDay:
    """The fixed reception day (定点接访日) of a month: actual ``date``, ``planned`` day of the rule."""
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
    """The second Tuesday of the month (每月第二个星期二), always day 8-14."""
    return _tuesdays(year, month)[1]


def second_week_tuesday(year: int, month: int) -> date:
    """The Tuesday of the month's second calendar week (第二周的星期二), always day 3-9.

    Weeks start on Monday; the days from the 1st to the first Sunday are week 1 however few they are, so
    week 2 starts on the first Monday after the 1st (the 8th when the 1st is a Monday).
    """
    first = date(year, month, 1)
    week2 = first + timedelta(days=7 - first.weekday())
    return week2 + timedelta(days=_TUESDAY)


def rule_tuesday(year: int, month: int, reading: str = SECOND_TUESDAY) -> date:
    """The month's Tuesday of the fixed reception rule under ``reading`` (``READINGS``)."""
    if reading == SECOND_WEEK:
        return second_week_tuesday(year, month)
    if reading == SECOND_TUESDAY:
        return second_tuesday(year, month)
    raise ValueError(f"unknown reading {reading!r}; expected one of {READINGS}")


def fixed_reception_day(year: int, month: int, reading: str = SECOND_TUESDAY) -> FixedDay:
    """定点接访日: the rule's Tuesday; if off, the nearest working Tuesday (later on a tie), else next workday."""
    planned = rule_tuesday(year, month, reading)
    if is_workday(planned):
        return FixedDay(planned, planned, None)
    reason = f"{READING_WORDS[reading]} {planned.isoformat()} 为{day_off_reason(planned)}"
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


def day_before(d: date) -> date:
    """The previous calendar day: "open when the quarter began" is open at the end of the day before it."""
    return d - timedelta(days=1)


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

    @property
    def period_label(self) -> str:
        """每年 / 每月 / 每两周; "" for 随时接待 (``none``)."""
        return period_label(self.period)


def period_label(period: str) -> str:
    """每年 / 每月 / 每两周: the union schema's labels of ``reception_rule.per``; "" for any other period."""
    from .schema import schema  # the labels live in the schema; rules itself reads no files at import

    return schema("union").labels(("reception_rule", "per")).get(period, "")


_REQUIREMENTS = {
    "national": Requirement("national", "全国总工会党组、书记处领导每人每年至少2天接待职工群众；另每月由一位领导"
                            "于当月第二周的星期二上午在信访接待室定点接访", 2, "year"),
    "provincial": Requirement("provincial", "省（市、区）级工会领导干部一般每月至少安排一天时间接待职工群众来访",
                              1, "month"),
    "county": Requirement("county", "县（市、区、旗）级工会领导干部一般每两周至少安排一天时间接待职工群众来访",
                          1, "fortnight"),
    "township": Requirement("township", "乡镇（街道）工会领导干部要随时接待职工群众来访（无固定最低天数）",
                            0, "none"),
    # Not named by the seed: a prefecture-level city defaults to the provincial rule (union.yaml may set its own).
    "city": Requirement("city", "办法未规定地市级工会的接访频次，按省级工会：领导干部一般每月至少安排一天时间接待职工群众来访",
                        1, "month"),
    # An enterprise union is a basic-level union, like a township's.
    "enterprise": Requirement("enterprise", "企业（基层）工会领导干部要随时接待职工群众来访（无固定最低天数）", 0, "none"),
}
# The union levels (工会层级), in the order of the union schema's enum (tests/test_one_place.py holds them equal).
LEVELS = ("national", "provincial", "city", "county", "township", "enterprise")

def requirement(level: str, setting: Mapping[str, Any] | None = None) -> Requirement:
    """The reception requirement of a union: its level's, or the one a city union set in ``union.yaml``
    (``reception_rule: {days: 1, per: fortnight}``; validation allows the setting only for a city)."""
    if not setting:
        return reception_requirement(level)
    days, per = int(setting["days"]), str(setting["per"])
    label = period_label(per)
    if not label:
        raise ValueError(f"unknown period {per!r}")
    return Requirement(level, f"本会规定：领导干部{label}至少安排{days}天时间接待职工群众来访", days, per)


def reception_requirement(level: str) -> Requirement:
    """The reception requirement (接访要求) of a union level; ValueError for an unknown level."""
    try:
        return _REQUIREMENTS[level]
    except KeyError:
        raise ValueError(f"unknown union level {level!r}; expected one of {LEVELS}") from None


def as_requirement(level: "str | Requirement") -> Requirement:
    """A level's requirement, or the requirement itself (a city's own rule, ``requirement(level, setting)``)."""
    return level if isinstance(level, Requirement) else reception_requirement(level)


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


def periods(level: "str | Requirement", start: date, end: date) -> list[Period]:
    """The requirement's periods (考核周期) overlapping ``[start, end]``; none for township."""
    kind = as_requirement(level).period
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    if kind == "none":
        return []
    result = [_period_of(kind, start)]
    while result[-1].end < end:
        result.append(_period_of(kind, result[-1].end + timedelta(days=1)))
    return result


Session = tuple[date, str]  # one half-day of reception (接访半天): the date and "am"/"pm"


@dataclass(frozen=True)
class SessionCount:
    """Half-day sessions received (接访场次) and what they make: ``days`` = sessions ÷ 2, distinct ``dates``.

    "每人每年至少2天" counts days: two half-day sessions on any dates make one day, so a leader with three
    mornings has received 1.5 days on 3 dates, not 3 days.
    """
    sessions: int
    dates: int

    @property
    def days(self) -> float:
        return self.sessions / 2

    @property
    def days_text(self) -> str:
        """Days as written in a report: "1.5" or "2"."""
        return f"{self.days:g}"


def count_sessions(sessions: Iterable[Session]) -> SessionCount:
    """Distinct half-day sessions and distinct dates (the same half-day recorded twice counts once)."""
    distinct = set(sessions)
    return SessionCount(len(distinct), len({d for d, _ in distinct}))


def year_periods(level: "str | Requirement", year: int) -> list[Period]:
    """The periods a year's report judges (本年度考核周期), each judged in exactly one year's report.

    Year: the calendar year; month: its twelve months; fortnight: the year's fortnights, from its first
    Monday to the day before the next year's first Monday (so the last one runs into January); none for
    township.
    """
    kind = as_requirement(level).period
    if kind == "none":
        return []
    if kind != "fortnight":
        return periods(level, date(year, 1, 1), date(year, 12, 31))
    return periods(level, _first_monday(year), _first_monday(year + 1) - timedelta(days=1))


@dataclass(frozen=True)
class PeriodCompliance:
    """Receptions held against the requirement in one period (接访频次达标情况), counted in half-days."""
    period: Period
    required: int  # days (天)
    held: SessionCount
    ok: bool

    @property
    def required_sessions(self) -> int:
        return 2 * self.required


def compliance(level: "str | Requirement", sessions: Iterable[Session], start: date, end: date) -> list[PeriodCompliance]:
    """Sessions held in each whole period overlapping ``[start, end]`` vs the minimum (days × 2 sessions).

    Pass every session held, whatever its year: edge periods are counted whole (a fortnight over New Year
    counts the sessions on both sides); a period that has not ended yet may still show ``ok=False``.
    """
    return _judge(level, sessions, periods(level, start, end))


def compliance_of_year(level: "str | Requirement", sessions: Iterable[Session], year: int) -> list[PeriodCompliance]:
    """The periods of ``year`` (``year_periods``) judged on every session held, of whatever calendar year."""
    return _judge(level, sessions, year_periods(level, year))


def _judge(level: "str | Requirement", sessions: Iterable[Session], found: list[Period]) -> list[PeriodCompliance]:
    required = as_requirement(level).days_per_period
    held = set(sessions)
    result = []
    for p in found:
        count = count_sessions(s for s in held if p.start <= s[0] <= p.end)
        result.append(PeriodCompliance(p, required, count, count.sessions >= 2 * required))
    return result


def in_office(from_year: int, to_year: int | None, year: int) -> bool:
    """任职: a leader holds office in ``year`` (from ``from_year`` to ``to_year`` inclusive; open-ended without one).

    The one test of a leader's term: validation (reception leaders, package leaders, approvals), the model
    (``Leader.in_office``), plans and reports all ask here.
    """
    return from_year <= year and (to_year is None or year <= to_year)


CHINA = datetime.timezone(timedelta(hours=8))


def today(given: date | None = None) -> date:
    """The date a command judges deadlines by: ``given`` (``--today``), else the date of ``SOURCE_DATE_EPOCH``
    (reproducible builds), else today in China. Library code (the live preview) asks here, not the CLI."""
    if given is not None:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), CHINA).date()
    return datetime.datetime.now(CHINA).date()


def period_reception_day(period: Period, year: int, reading: str = SECOND_TUESDAY) -> FixedDay:
    """The day a plan starts from in a period (考核周期的接访日): a month's fixed reception day; a fortnight's
    Tuesday (its second day), or the next working day — within ``year`` (a fortnight may start in December)."""
    if period.start.day == 1 and period.end == _month_end(period.start.year, period.start.month):
        return fixed_reception_day(period.start.year, period.start.month, reading)
    tuesday = max(period.start + timedelta(days=1), date(year, 1, 1))
    day = next_workday(tuesday)
    return FixedDay(day, tuesday, None if day == tuesday else
                    f"{tuesday.isoformat()} 为{day_off_reason(tuesday)}，顺延至 {day.isoformat()}（{weekday_name(day)}）")


def working_days_from(anchor: date, period: Period, year: int) -> list[date]:
    """The working days of ``period`` inside ``year``: from ``anchor`` on, then the earlier ones, nearest first."""
    start, end = max(period.start, date(year, 1, 1)), min(period.end, date(year, 12, 31))
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    days = [d for d in days if is_workday(d)]
    return [d for d in days if d >= anchor] + sorted((d for d in days if d < anchor), reverse=True)


# ---------------------------------------------------------------- on-time rate (按期办结率)

@dataclass(frozen=True)
class OnTimeRate:
    """按期办结率 = concluded on time ÷ (concluded + open past their deadline), with both terms kept.

    A rate over concluded cases only ("100%" beside overdue open cases) hides the overdue ones.
    """
    on_time: int
    concluded: int
    overdue_open: int

    @property
    def denominator(self) -> int:
        return self.concluded + self.overdue_open

    @property
    def basis(self) -> str:
        """The figures in words: "按期办结 3 件 ÷（办结 4 件 + 超期未办结 1 件）"."""
        return f"按期办结 {self.on_time} 件 ÷（办结 {self.concluded} 件 + 超期未办结 {self.overdue_open} 件）"


def on_time_rate(cases: Iterable[tuple[date | None, date | None]], today: date,
                 since: date | None = None) -> OnTimeRate:
    """The rate over ``(deadline, concluded)`` pairs as of ``today``; cases without a deadline (not accepted)
    are not counted. A case concluded after its deadline counts in the denominator only. With ``since`` (a
    period's first day, as an inspection asks), only cases concluded from that day count as concluded; cases
    open and overdue at ``today`` count whenever they came in."""
    on_time = concluded = overdue = 0
    for deadline, done in cases:
        if deadline is None:
            continue
        if done is not None and done <= today:
            if since is None or done >= since:
                concluded += 1
                on_time += concluded_on_time(deadline, done)
        elif is_overdue(deadline, None, today):
            overdue += 1
    return OnTimeRate(on_time, concluded, overdue)
