"""The union's holiday files (本会节假日文件): ``reference/holidays/<year>.yaml``, checked and put to use.

The State Council publishes each autumn 国务院办公厅关于<year>年部分节假日安排的通知, weeks or months before
a new ``chinesecalendar`` release. A union types it in (``xinfang new holidays <year>`` gives a first draft
with the statutory days computed) and from then on that file decides the year's working days
(``rules.Calendar``). This module:

- checks every holiday file (``use_files``: window, order, no workday inside a range, a checked file names
  its notice, the same date never means two things in two files) and makes the sound ones the calendar of
  the repository being checked, before any other rule computes a date;
- names, once per case and once per schedule, the years whose days still need checking by hand
  (``case_calendar``, ``schedule_calendar``: the 需人工核对 warnings, placed at the first date that depends);
- writes the first draft of a year's file (``holidays_text``, ``new_holidays``).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Protocol

from . import registry, rules
from .config import Paths
from .errors import OutputError, Pointer, Problem, error, has_errors, warning
from .model import parse_date
from .output import replace_file
from .schema import schema

Data = dict[str, Any]
DEMO_NOTICE = "演示数据"


class _Source(Protocol):
    path: str
    file: Path
    kind: str
    data: Data


def _say(src: _Source, pointer: Pointer, message: str, code: str, *, warn: bool = False) -> Problem:
    """A problem worded with the field's schema title, as every rule words them."""
    make = warning if warn else error
    return make(src.path, f"{schema(src.kind).field_name(pointer)}：{message}", pointer, code)


# -- one file ------------------------------------------------------------------------------------------

def window(year: int) -> tuple[date, date]:
    """The days a year's notice may speak of: 1 December of the year before to 31 January of the year after
    (notices put 元旦 across the turn of the year)."""
    return date(year - 1, 12, 1), date(year + 1, 1, 31)


def file_problems(src: _Source, today: date) -> Iterator[Problem]:
    """The rules of one holiday file that passed its schema."""
    d = src.data
    year = d["year"]
    if src.file.stem != str(year):
        yield _say(src, ("year",), f"{year} 与文件名 {src.file.name} 不一致", "id-file")
    first, last = window(year)
    yield from _ranges(src, year, first, last)
    yield from _workdays(src, year, first, last)
    checked = d.get("checked")
    if checked and not rules.is_notice_number(d["notice"]):
        yield _say(src, ("notice",), f"“{d['notice']}” 不是通知文号：已核对的文件须写明国务院办公厅通知的发文字号，"
                   "例如 国办发明电〔2025〕7号", "holidays-notice")
    if checked and parse_date(checked["date"]) > today:
        yield _say(src, ("checked", "date"), f"“{checked['date']}” 晚于今天（{today}）", "future-date")
    named = {n for r in d["days_off"] for n in r["names"]}
    missing = [n for n in rules.HOLIDAY_NAMES if n not in named]
    if missing:
        yield _say(src, ("days_off",), f"通知每年安排七个节日，本文件缺少：{'、'.join(missing)}；请对照通知补全",
                   "holidays-missing", warn=True)
    yield from _statutory(src, year)


def _ranges(src: _Source, year: int, first: date, last: date) -> Iterator[Problem]:
    previous: tuple[date, str] | None = None
    for i, r in enumerate(src.data["days_off"]):
        start, end = parse_date(r["from"]), parse_date(r["to"])
        assert start and end
        for key, day in (("from", start), ("to", end)):
            if not first <= day <= last:
                yield _say(src, ("days_off", i, key), f"“{day}” 不在 {year} 年通知的范围内（{first} 至 {last}）",
                           "holidays-window")
        if end < start:
            yield _say(src, ("days_off", i, "to"), f"“{end}” 早于放假起始日 {start}", "date-order")
        if previous and start <= previous[0]:
            yield _say(src, ("days_off", i, "from"), f"“{start}” 不晚于上一段放假（{previous[1]}）的截止日 {previous[0]}："
                       "放假时段须按日期先后排列、互不重叠", "date-order")
        previous = (max(end, previous[0]) if previous else end, "、".join(r["names"]))


def _workdays(src: _Source, year: int, first: date, last: date) -> Iterator[Problem]:
    ranges = [(parse_date(r["from"]), parse_date(r["to"]), "、".join(r["names"])) for r in src.data["days_off"]]
    for i, text in enumerate(src.data["workdays"]):
        day = parse_date(text)
        assert day
        if not first <= day <= last:
            yield _say(src, ("workdays", i), f"“{day}” 不在 {year} 年通知的范围内（{first} 至 {last}）", "holidays-window")
        inside = next(((s, e, n) for s, e, n in ranges if s and e and s <= day <= e), None)
        if inside:
            yield _say(src, ("workdays", i), f"“{day}” 在放假时段 {inside[0]} 至 {inside[1]}（{inside[2]}）之内："
                       "同一天不能既放假又调休上班", "holidays-workday")
        elif day.weekday() < 5:
            yield _say(src, ("workdays", i), f"“{day}” 是{rules.weekday_name(day)}，本来就是工作日；"
                       "调休上班日应是通知写明的周六或周日", "holidays-workday", warn=True)


def _statutory(src: _Source, year: int) -> Iterator[Problem]:
    """Each statutory day (法定假日, the 2024 rules, from 2025 on) lies in a range named for its holiday."""
    if year < 2025:
        return
    ranges = [(parse_date(r["from"]), parse_date(r["to"]), r["names"]) for r in src.data["days_off"]]
    for statutory in rules.statutory_days_off(year):
        name = statutory.names[0]
        if not any(name in names for _, _, names in ranges):
            continue  # named as missing above
        off = [d for d in statutory.days() if not any(s and e and s <= d <= e and name in n for s, e, n in ranges)]
        if off:
            at = next(i for i, (_, _, names) in enumerate(ranges) if name in names)
            days = "、".join(d.isoformat() for d in off)
            yield _say(src, ("days_off", at), f"{name}的法定假日 {days} 不在写明{name}的放假时段内；请对照通知核对",
                       "holidays-statutory", warn=True)


# -- across files --------------------------------------------------------------------------------------

def _meanings(src: _Source) -> Iterator[tuple[date, str, Pointer]]:
    """What the file says of each day it lists: ``放假（春节）`` or ``调休上班``, with where it says it."""
    for i, r in enumerate(src.data["days_off"]):
        start, end = parse_date(r["from"]), parse_date(r["to"])
        day = start
        while day and end and day <= end:
            yield day, f"放假（{'、'.join(r['names'])}）", ("days_off", i)
            day += timedelta(days=1)
    for i, text in enumerate(src.data["workdays"]):
        day = parse_date(text)
        if day:
            yield day, "调休上班", ("workdays", i)


def conflicts(sources: Iterable[_Source]) -> Iterator[Problem]:
    """The same date with different meanings in two files (相互矛盾): an error in the later file."""
    said: dict[date, tuple[str, str]] = {}
    for src in sorted(sources, key=lambda s: s.data["year"]):
        own: dict[date, str] = {}
        for day, meaning, pointer in _meanings(src):
            if day in own:
                continue
            own[day] = meaning
            before = said.get(day)
            if before and before[0] != meaning:
                yield _say(src, pointer, f"{day} 在 {before[1]} 中是{before[0]}，这里是{meaning}："
                           "同一天在两个文件中的含义不同，请对照两年的通知核对", "holidays-conflict")
        for day, meaning in own.items():
            said.setdefault(day, (meaning, src.path))


@registry.before_rules
def use_files(ctx: Any) -> list[Problem]:
    """Check the holiday files and make the sound ones the calendar every later rule computes with.

    Called by ``validate`` after reading and before the rules, because every deadline depends on it. A file
    with an error is left out of the calendar (its year falls back), and the error stops any output anyway.
    """
    problems: list[Problem] = []
    sound = []
    for src in ctx.holidays:
        found = list(file_problems(src, ctx.today))
        problems += found
        if not has_errors(found):
            sound.append(src)
    problems += list(conflicts(sound))
    rules.use_calendar(rules.Calendar(rules.HolidayFile.from_data(s.data, s.path) for s in sound))
    return problems


# -- which cases and schedules still depend on a guessed year ---------------------------------------------

def case_date_spans(d: Mapping[str, Any]) -> list[tuple[Pointer, int, int]]:
    """The computed dates of a case as (where it is recorded, first year, last year the count runs through).

    受理告知期限 from received; 办结期限 from accepted (with the extension); 复查 request clock from the written
    answer (conclusion) or from the 复查 answer for 复核; the organ's answer clock from each request.
    """
    spans: list[tuple[Pointer, int, int]] = []
    received = parse_date(d["received"])
    assert received
    spans.append((("received",), received.year, rules.acceptance_due(received).year))
    accepted = parse_date(d.get("accepted"))
    if accepted:
        ext = d.get("extension", {}).get("days", 0) if isinstance(d.get("extension"), dict) else 0
        if isinstance(ext, int) and 0 <= ext <= rules.MAX_EXTENSION_DAYS:
            spans.insert(0, (("accepted",), accepted.year, rules.conclusion_deadline(accepted, ext).year))
    written = d.get("conclusion") or {}
    conclusion = parse_date(written.get("delivered") or written.get("date"))  # the 复查 clock starts at 送达
    if conclusion:
        spans.append((("conclusion", "date"), conclusion.year, rules.review_request_due(conclusion).year))
    for i, request in enumerate(d.get("reviews") or ()):
        requested = parse_date(request.get("requested"))
        if requested:
            spans.append((("reviews", i, "requested"), requested.year, rules.review_answer_due(requested).year))
        answered = parse_date(request.get("delivered") or request.get("answered"))
        if answered:
            spans.append((("reviews", i, "answered"), answered.year, rules.review_request_due(answered).year))
    return spans


def _notice_text(years: Iterable[int]) -> str:
    return "；".join(n.message for n in rules.calendar_notices(years))


@registry.rule("case")
def case_calendar(ctx: Any, src: _Source) -> Iterator[Problem]:
    """One 需人工核对 warning per case whose computed dates run through a guessed year, at the first such date."""
    spans = case_date_spans(src.data)
    years = {y for _, a, b in spans for y in range(a, b + 1)}
    unverified = rules.unverified_years(years)
    if not unverified:
        return
    at = next(p for p, a, b in spans if any(a <= y <= b for y in unverified))
    yield _say(src, at, f"期限推算涉及 {_notice_text(unverified)}", "calendar", warn=True)


_PENDING = ("planned", "rescheduled")


def reception_day(rec: Data) -> date:
    """The day a reception takes place: the new day when it was rescheduled (its own date while the new one
    is missing, an error of its own)."""
    day = parse_date(rec.get("rescheduled_to") if rec["status"] == "rescheduled" else None) or parse_date(rec["date"])
    assert day
    return day


@registry.rule("schedule")
def schedule_calendar(ctx: Any, src: _Source) -> Iterator[Problem]:
    """One 需人工核对 warning per schedule whose receptions still to come fall in a guessed year."""
    years = {reception_day(rec).year for rec in src.data["receptions"] if rec["status"] in _PENDING}
    unverified = rules.unverified_years(years)
    if unverified:
        yield _say(src, ("year",), f"尚未进行的接访场次涉及 {_notice_text(unverified)}", "calendar", warn=True)


# -- the first draft of a year's file (xinfang new holidays) ----------------------------------------------

def holidays_text(year: int, modeline: str) -> str:
    """A year's file with the statutory days computed and joined to the weekends they touch, not checked.

    The bridged days and 调休 weekends are the notice's to say: the editor corrects the ranges, fills in
    ``workdays`` and the notice number, then adds ``checked`` once the file matches the notice.
    """
    lines = [modeline.rstrip("\n"),
             f"# {year} 年节假日安排：按国务院办公厅关于{year}年部分节假日安排的通知录入。",
             "# 以下放假时段由 xinfang new holidays 按法定假日推算（连上相邻的周末），尚未包括通知中的调休：",
             "# 请逐段对照通知改正，填写调休上班日 workdays 和通知文号 notice，核对无误后再加上 checked 核对记录，例如",
             "#   checked: {date: YYYY-MM-DD, by: 社会联络部 王某}",
             "# 没有 checked 的文件照常使用，但相关期限仍提示“需人工核对”。",
             f"year: {year}", "notice: 草稿（待按通知填写文号）", "days_off:"]
    for r in rules.joined_with_weekends(rules.statutory_days_off(year)):
        lines.append(f"  - {{names: [{', '.join(r.names)}], from: {r.start.isoformat()}, to: {r.end.isoformat()}}}")
    lines += ["workdays: []  # 调休上班日（周六、周日上班），按通知填写，例如 [2027-02-20]", ""]
    return "\n".join(lines)


def new_holidays(paths: Paths, year: int) -> Path:
    """Write ``reference/holidays/<year>.yaml`` (refusing to overwrite one that exists)."""
    from .scaffold import modeline

    target = paths.holiday_file(year)
    if target.exists():
        raise OutputError(f"{paths.rel(target)} 已存在，未做任何改动；请直接编辑它")
    replace_file(target, holidays_text(year, modeline(paths, target, "holidays")))
    return target
