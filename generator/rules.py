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
import hashlib
import json
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
