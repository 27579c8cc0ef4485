"""Internal reports as finished view objects: quarterly letters to the chairman (主席来信季度报告), the
supervision list (督办清单), reception compliance (接访频次检查) and the year's figures (归档汇总、年度报告).

Every date, period and deadline comes from ``rules`` or the model; every label from the schemas (through
``Names``). The views hold strings and numbers only, so templates and CSV writers just lay them out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from .. import fixed, rules, schema
from ..csvfile import column
from ..model import Case, Reception
from .duties import last_report_text
from .names import Names, fmt_date, percent

# ------------------------------------------------------------------ letters to the chairman (主席来信)

CARRIED, NEW = "上季度结转", "本季度收到"


@dataclass(frozen=True)
class LetterRow:
    """One letter to the chairman handled in the quarter: received in it, or carried over from before and
    still open at its start; status and handling as of the quarter's end (截至季末)."""

    case_id: str = column("编号")
    origin: str = column("来源")
    received: str = column("收到日期")
    petitioner: str = column("来信人")
    topic: str = column("问题类别")
    title: str = column("事由")
    urgent: str = column("重大紧急")
    reported: str = column("上报日期")
    status: str = column("季末办理状态")
    handling: str = column("季末办理情况")
    not_accepted: str = column("不予受理理由")


@dataclass(frozen=True)
class UrgentRow:
    """An urgent letter (重大紧急) received in the quarter: its received and reported dates, against the rule
    of the same or the next working day (``rules.urgent_report_due``)."""

    case_id: str = column("编号")
    title: str = column("事由")
    received: str = column("收到日期")
    reported: str = column("上报日期")
    due: str = column("最迟上报日期")
    verdict: str = column("上报情况")


@dataclass(frozen=True)
class TopicTotal:
    topic: str = column("问题类别")
    count: int = column("来信件数（含结转）")
    urgent: int = column("其中本季度重大紧急")
    concluded: int = column("本季度办结")


@dataclass(frozen=True)
class ChairmanLetters:
    """主席来信季度汇总: letters received in the quarter and carried over into it, conclusions reached in it
    (older letters included), each urgent letter's dates, totals by topic; everything as of the quarter's end."""

    union: str
    quarter: str
    start: date
    end: date
    today: date
    rows: tuple[LetterRow, ...]
    totals: tuple[TopicTotal, ...]
    total: int
    urgent: int
    concluded: int
    carried: int = 0
    """Letters received before the quarter and still open at its start (上季度结转)."""
    received: int = 0
    """Letters received in the quarter."""
    concluded_older: int = 0
    """Of ``concluded``: letters carried over from earlier quarters."""
    not_accepted: int = 0
    open_at_end: int = 0
    as_of: date | None = None
    """The day the statuses are as of: the quarter's end, or today while the quarter runs."""
    urgents: tuple[UrgentRow, ...] = ()


def _handling(names: Names, case: Case, as_of: date) -> str:
    """How the case stood on ``as_of``: units, then the result or the latest step up to that day."""
    parts = []
    if case.units:
        parts.append(f"承办：{names.units(case.units)}")
    if case.conclusion and case.conclusion.date <= as_of:
        parts.append(f"{fmt_date(case.conclusion.date)} 办结：{case.conclusion.result}")
    else:
        last = [h for h in case.history if h.date <= as_of][-1]
        parts.append(f"最近：{fmt_date(last.date)} {names.entry_types[last.type]}")
    return "；".join(parts)


def _not_accepted(case: Case, as_of: date) -> str:
    """不予受理: the day told, the category (``not_accepted.category``) and the internal reason, by ``as_of``."""
    refused = case.not_accepted
    if case.status_on(as_of) != "not_accepted":
        return "—"
    reason = case.not_accepted_reason.strip()
    if refused is None:
        return reason or "—"
    category = schema.labels("case", ("not_accepted", "category")).get(refused.category, refused.category)
    return f"{fmt_date(refused.date)} 告知：{category}" + (f"。{reason}" if reason else "")


def _urgent(case: Case) -> UrgentRow:
    """The urgent letter's two dates and whether it went up on the same or the next working day."""
    assert case.letter
    due = rules.urgent_report_due(case.received)
    reported = case.letter.reported
    if reported is None:
        verdict = "未记录上报日期"
    elif reported <= due:
        verdict = "收到当日上报" if reported == case.received else "次一工作日上报"
    else:
        verdict = f"逾期上报（应不晚于 {fmt_date(due)}）"
    return UrgentRow(case.id, case.title, fmt_date(case.received), fmt_date(reported) or "—", fmt_date(due), verdict)


def _reported(case: Case) -> str:
    """When an urgent letter went up (立即上报): the day, and how long after it was received."""
    if not case.letter or not case.letter.reported:
        return "—"
    days = rules.days_between(case.received, case.letter.reported)
    return f"{fmt_date(case.letter.reported)}（{'收到当日' if days == 0 else f'收到后 {days} 天'}）"


def _letter_row(names: Names, c: Case, start: date, as_of: date) -> LetterRow:
    return LetterRow(
        case_id=c.id, origin=CARRIED if c.received < start else NEW, received=fmt_date(c.received),
        petitioner=names.petitioners(c), topic=names.topics[c.topic], title=c.title,
        urgent="是" if c.letter and c.letter.urgent else "否", reported=_reported(c),
        status=names.statuses[c.status_on(as_of)], handling=_handling(names, c, as_of),
        not_accepted=_not_accepted(c, as_of))


def _is_urgent(c: Case) -> bool:
    return bool(c.letter and c.letter.urgent)


def _letter_totals(names: Names, cases: list[Case], new: list[Case], done: list[Case]) -> tuple[TopicTotal, ...]:
    """By topic: letters handled, urgent ones received in the quarter, conclusions in the quarter."""
    totals = (TopicTotal(label, sum(1 for c in cases if c.topic == code),
                         sum(1 for c in new if c.topic == code and _is_urgent(c)),
                         sum(1 for c in done if c.topic == code)) for code, label in names.topics.items())
    return tuple(t for t in totals if t.count)


def _open_on(case: Case, day: date) -> bool:
    return case.status_on(day) not in ("concluded", "not_accepted")


def chairman_letters(names: Names, quarter: str, today: date) -> ChairmanLetters:
    """Letters addressed to the chairman (rules.quarter_range): received in ``quarter``, or received earlier
    and still open when it began (上季度结转); statuses as of its end (or today, while it runs)."""
    start, end = rules.quarter_range(quarter)
    as_of, eve = min(end, today), rules.day_before(start)
    letters = [c for c in names.repo.cases if c.letter and c.letter.addressee == "chairman" and c.received <= end]
    new = [c for c in letters if c.received >= start]
    carried = [c for c in letters if c.received < start and _open_on(c, eve)]
    cases = carried + new
    done = [c for c in cases if c.conclusion and start <= c.conclusion.date <= as_of]
    rows = tuple(_letter_row(names, c, start, as_of) for c in cases)
    totals = _letter_totals(names, cases, new, done)
    urgent = [c for c in new if _is_urgent(c)]
    return ChairmanLetters(
        union=names.repo.union.name, quarter=quarter, start=start, end=end, today=today, rows=rows,
        totals=totals, total=len(cases), urgent=len(urgent), concluded=len(done),
        carried=len(carried), received=len(new), concluded_older=sum(1 for c in done if c.received < start),
        not_accepted=sum(1 for c in cases if c.status_on(as_of) == "not_accepted"
                         and c.not_accepted and start <= c.not_accepted.date),
        open_at_end=sum(1 for c in cases if _open_on(c, as_of)), as_of=as_of,
        urgents=tuple(_urgent(c) for c in urgent))


# ------------------------------------------------------------------ supervision list (督办清单)

@dataclass(frozen=True)
class SupervisionRow:
    """An overdue case (案件超期) or a supervision past its deadline without a report (督办逾期)."""

    kind: str = column("类型")
    case_id: str = column("编号")
    title: str = column("事项")
    unit: str = column("责任单位")
    leader: str = column("包案领导")
    deadline: str = column("期限")
    days_overdue: int = column("逾期天数")
    detail: str = column("情况")
    last_report: str = column("最近向包案领导汇报")  # issue 16.5: internal.duties.last_report_text


@dataclass(frozen=True)
class SupervisionList:
    union: str
    today: date
    rows: tuple[SupervisionRow, ...]
    overdue_cases: int
    overdue_supervisions: int
    calendar: str = ""  # 节假日依据 of the case deadlines listed (rules.describe_sources)
    on_time: str = ""   # 按期办结率 over every case, with its numerator and denominator


def on_time_line(cases: list[Case], today: date) -> str:
    """"按期办结率 75.0%（按期办结 3 件 ÷（办结 3 件 + 超期未办结 1 件））" over ``cases`` as of ``today``."""
    rate = rules.on_time_rate(((c.deadline, c.concluded) for c in cases), today)
    return f"按期办结率 {percent(rate.on_time, rate.denominator)}（{rate.basis}）"


def _case_row(names: Names, case: Case, today: date) -> SupervisionRow:
    assert case.deadline is not None
    ext = f"，已延期 {case.extension.days} 天" if case.extension else ""
    return SupervisionRow(
        kind="案件超期", case_id=case.id, title=case.title, unit=names.units(case.units) or "—",
        leader=names.package_leader(case) or "—", deadline=fmt_date(case.deadline),
        days_overdue=case.clock.overdue_days(today),
        detail=f"{names.statuses[case.status]}，受理 {fmt_date(case.accepted)}{ext}", last_report=last_report_text(case))


def _supervision_rows(names: Names, case: Case, today: date) -> list[SupervisionRow]:
    rows: list[SupervisionRow] = []
    for n, entry in enumerate(case.entries("supervision"), 1):
        if entry.deadline and entry.supervision_overdue(today):
            rows.append(SupervisionRow(
                kind="督办逾期", case_id=case.id, title=case.title, unit=names.unit(entry.unit),
                leader=names.package_leader(case) or "—", deadline=fmt_date(entry.deadline),
                days_overdue=rules.days_between(entry.deadline, today),
                detail=f"第 {n} 次督办：{fmt_date(entry.date)} {names.methods.get(entry.method or '', '')}，未报告",
                last_report=last_report_text(case)))
    return rows


def supervision_list(names: Names, today: date) -> SupervisionList:
    """Overdue open cases and unanswered supervisions of open cases, oldest deadline first."""
    rows: list[SupervisionRow] = []
    for case in names.repo.cases:
        if case.conclusion:  # a concluded case needs no more pressing (validation agrees)
            continue
        if case.is_overdue(today):
            rows.append(_case_row(names, case, today))
        rows += _supervision_rows(names, case, today)
    rows.sort(key=lambda r: (r.deadline, r.case_id, r.kind))
    years = {y for c in names.repo.cases if c.accepted and c.deadline and not c.conclusion and c.is_overdue(today)
             for y in range(c.accepted.year, c.deadline.year + 1)}
    return SupervisionList(names.repo.union.name, today, tuple(rows),
                           sum(1 for r in rows if r.kind == "案件超期"), sum(1 for r in rows if r.kind == "督办逾期"),
                           rules.describe_sources(years), on_time_line(names.repo.cases, today))


# ------------------------------------------------------------------ reception compliance (接访频次)

@dataclass(frozen=True)
class PeriodRow:
    """One leader's sessions in one period of the rule: days = sessions ÷ 2 (``rules.SessionCount``)."""

    leader: str = column("领导")
    title: str = column("职务")
    period: str = column("考核周期")
    required: int = column("要求天数")
    days: str = column("实际天数")
    sessions: int = column("半天场次")
    dates: int = column("接访日期数")
    state: str = column("结论")
    held: str = column("接访场次")


@dataclass(frozen=True)
class LeaderRow:
    """A leader's reception days in each half (半年检查) and the whole year, with the half-day sessions and
    distinct dates beside them, and the verdict of the rule."""

    leader: str = column("领导")
    title: str = column("职务")
    first_half: str = column("上半年天数")
    second_half: str = column("下半年天数")
    year: str = column("全年天数")
    sessions: int = column("全年半天场次")
    dates: int = column("全年接访日期数")
    required: str = column("要求")
    state: str = column("结论")
    held: str = column("接访场次")


@dataclass(frozen=True)
class MonthRow:
    """The month's fixed reception (定点接访), national level: the rule's day, the day held and how it differs."""

    month: str = column("月份")
    rule_day: str = column("规定日期")
    held: str = column("实际接访")
    leader: str = column("领导")
    status: str = column("状态")
    deviation: str = column("与规定不符")
    held_short: str = "—"
    """The day held as the month table prints it: "02-12", with the session only when not the morning."""


@dataclass(frozen=True)
class ChangeRow:
    """A rescheduled or cancelled reception, with how far ahead it was announced."""

    id: str = column("编号")
    date: str = column("原定日期")
    leader: str = column("领导")
    mode: str = column("方式")
    status: str = column("状态")
    moved_to: str = column("改期至")
    announced: str = column("告知日期")
    notice_days: str = column("提前")
    reason: str = column("原因")


@dataclass(frozen=True)
class Compliance:
    union: str
    level: str
    requirement: str
    year: int
    today: date
    leaders: tuple[LeaderRow, ...]
    by_period: bool
    periods: tuple[PeriodRow, ...]
    failed: tuple[PeriodRow, ...]
    months: tuple[MonthRow, ...]
    missing_months: str
    changes: tuple[ChangeRow, ...]
    calendar: str = ""  # 节假日依据 of the year's fixed reception days (rules.describe_sources)
    reading: str = ""   # how "第二周的星期二" is read (rules.READING_EXPLAINED), national level


def _period_state(ok: bool, end: date, today: date) -> str:
    if ok:
        return "达标"
    return "进行中" if end >= today else "未达标"


def held_sessions(names: Names, leader_id: str) -> list[rules.Session]:
    """Every half-day the leader received (status held), of every year: a period over New Year counts both
    sides (a county fortnight from 12-22 to 01-04 judged in December's report counts January's sessions)."""
    return sorted({(r.date, r.session) for r in names.repo.receptions if r.leader == leader_id and r.status == "held"})


def _sessions_text(names: Names, sessions: list[rules.Session]) -> str:
    """"01-13、06-23下午、06-23上午…": each half day, the session named unless it is the usual morning."""
    return "、".join(f"{d:%m-%d}" + ("" if s == "am" else names.sessions.get(s, s)) for d, s in sessions) or "—"


def _leader_periods(names: Names, leader_id: str, year: int, today: date) -> list[PeriodRow]:
    leader = names.repo.leaders[leader_id]
    held = held_sessions(names, leader_id)
    rows = []
    for pc in rules.compliance_of_year(names.repo.union.requirement, held, year):
        own = [s for s in held if pc.period.start <= s[0] <= pc.period.end]
        rows.append(PeriodRow(leader.name, leader.title, pc.period.label, pc.required, pc.held.days_text,
                              pc.held.sessions, pc.held.dates, _period_state(pc.ok, pc.period.end, today),
                              _sessions_text(names, own)))
    return rows


def _fixed_of_month(names: Names, year: int, month: int) -> MonthRow:
    """The month's fixed reception: the rule's day (under the union's reading), the one held, the deviation."""
    union = names.repo.union
    rule = rules.fixed_reception_day(year, month, union.fixed_day_reading)
    of_month = [r for r in names.repo.receptions_of(year) if r.mode == "fixed" and r.date.month == month]
    held = next((r for r in of_month if r.status == "held"), None)
    shown = held or (of_month[0] if of_month else None)
    if shown is None:
        return MonthRow(f"{month}月", fmt_date(rule.date), "—", "—", "未安排", "—")
    moved = fixed.replacements(r.raw for r in of_month).get((shown.date.isoformat(), shown.leader), "")
    found = fixed.deviations(shown.raw, union.reception_room, union.fixed_day_reading, moved)
    when = f"{fmt_date(shown.date)}（{rules.weekday_name(shown.date)}）{names.sessions[shown.session]}，{shown.location}"
    return MonthRow(f"{month}月", fmt_date(rule.date), when, names.leader_name(shown.leader),
                    names.reception_statuses[shown.status], found.text or "无",
                    f"{shown.date:%m-%d}" + ("" if shown.session == "am" else names.sessions[shown.session]))


def _months(names: Names, year: int, today: date) -> tuple[tuple[MonthRow, ...], str]:
    """Each month's fixed reception (the national rule wants one leader every month), and the months
    begun by ``today`` that have none held."""
    rows, missing = [], []
    for month in range(1, 13):
        row = _fixed_of_month(names, year, month)
        rows.append(row)
        if row.status != names.reception_statuses["held"] and date(year, month, 1) <= today:
            missing.append(f"{row.month}（{row.status}）")
    return tuple(rows), "、".join(missing) or "无"


def _changes(names: Names, year: int) -> tuple[ChangeRow, ...]:
    return tuple(ChangeRow(
        id=r.id, date=fmt_date(r.date), leader=names.leader_name(r.leader), mode=names.modes[r.mode],
        status=names.reception_statuses[r.status], moved_to=fmt_date(r.rescheduled_to) or "—",
        announced=fmt_date(r.announced) or "—",
        notice_days=f"{rules.days_between(r.announced, r.date)} 天" if r.announced else "—", reason=r.reason or "—")
        for r in names.repo.receptions_of(year) if r.status in ("rescheduled", "cancelled"))


def _verdict(periods: list[PeriodRow]) -> str:
    failed = sum(1 for p in periods if p.state == "未达标")
    if failed:
        return f"未达标（{failed} 个周期）" if len(periods) > 1 else "未达标"
    return "进行中" if any(p.state == "进行中" for p in periods) else "达标"


def _leader_row(names: Names, leader_id: str, year: int, periods: list[PeriodRow]) -> LeaderRow:
    """Days (sessions ÷ 2) held in each half of the year (``rules.half_range``) and the year, the sessions and
    distinct dates of the year, and the verdict."""
    leader = names.repo.leaders[leader_id]
    own = [s for s in held_sessions(names, leader_id) if s[0].year == year]
    halves = []
    for half in (f"{year}H1", f"{year}H2"):
        start, end = rules.half_range(half)
        halves.append(rules.count_sessions(s for s in own if start <= s[0] <= end).days_text)
    whole = rules.count_sessions(own)
    req = names.repo.union.requirement
    required = f"{req.period_label} {req.days_per_period} 天" if req.period_label else "随时接待"
    return LeaderRow(leader.name, leader.title, halves[0], halves[1], whole.days_text, whole.sessions, whole.dates,
                     required, _verdict(periods) if periods else "—", _sessions_text(names, own))


def compliance(names: Names, year: int, today: date) -> Compliance:
    """Days received per leader bound by the rule and per period, against the level's minimum."""
    level = names.repo.union.level
    leaders = [lid for lid, lead in names.repo.leaders.items() if lead.receives_by_rule and lead.in_office(year)]
    per_leader = {lid: _leader_periods(names, lid, year, today) for lid in leaders}
    periods = [row for lid in leaders for row in per_leader[lid]]
    national = fixed.applies(level)
    months, missing = _months(names, year, today) if national else ((), "")
    return Compliance(
        union=names.repo.union.name, level=names.levels[level],
        requirement=names.repo.union.requirement.description, year=year, today=today,
        leaders=tuple(_leader_row(names, lid, year, per_leader[lid]) for lid in leaders),
        by_period=names.repo.union.requirement.period in ("month", "fortnight"),
        periods=tuple(periods), failed=tuple(p for p in periods if p.state == "未达标"), months=months,
        missing_months=missing, changes=_changes(names, year), calendar=rules.describe_sources([year]),
        reading=rules.READING_EXPLAINED[names.repo.union.fixed_day_reading] if national else "")


# ------------------------------------------------------------------ the year (归档汇总、年度报告)

@dataclass(frozen=True)
class Count:
    label: str
    count: int
    extra: int = 0


@dataclass(frozen=True)
class YearCaseRow:
    """One case in the yearly summary: petitioner basics, demands, follow-up and result."""

    case_id: str = column("编号")
    received: str = column("收到日期")
    channel: str = column("来源")
    petitioners: str = column("信访人")
    topic: str = column("问题类别")
    title: str = column("事由")
    demands: str = column("诉求")
    package_leader: str = column("包案领导")
    status: str = column("办理状态")
    follow_up: str = column("回访")
    result: str = column("办理结果")
    satisfaction: str = column("评价")


@dataclass(frozen=True)
class ReceptionRow:
    """One reception of the year as registered (接访登记): who received whom, and what was registered."""

    id: str = column("编号")
    date: str = column("日期")
    mode: str = column("方式")
    leader: str = column("领导")
    subject: str = column("主题")
    status: str = column("状态")
    attendance: str = column("接待人数")
    registered: str = column("登记事项")
    note: str = column("接访记录")


@dataclass(frozen=True)
class YearSummary:
    """归档汇总 and the figures of the yearly report (年度报告)."""

    union: str
    year: int
    today: date
    receptions_by_mode: tuple[Count, ...]   # count = held receptions, extra = workers received
    receptions_held: int
    workers_received: int
    receptions_changed: int
    receptions_cancelled: int
    field_visits: int
    letters_by_addressee: tuple[Count, ...]
    letters: int
    letters_instructed: int
    packages_by_scope: tuple[Count, ...]
    packages: int
    cases: int
    accepted: int
    concluded: int
    conclusion_rate: str
    on_time: int
    on_time_rate: str
    overdue_open: int
    satisfaction: tuple[Count, ...]
    satisfaction_rate: str
    rows: tuple[YearCaseRow, ...]
    receptions: tuple[ReceptionRow, ...]
    on_time_basis: str = ""
    """The on-time rate's numerator and denominator in words (``rules.OnTimeRate.basis``)."""
    on_time_denominator: int = 0


def _case_row_of_year(names: Names, c: Case) -> YearCaseRow:
    follow = "；".join(f"{fmt_date(h.date)} {h.note or h.public_note}".strip() for h in c.entries("follow_up"))
    return YearCaseRow(
        case_id=c.id, received=fmt_date(c.received), channel=names.channels[c.channel],
        petitioners=names.petitioners(c), topic=names.topics[c.topic], title=c.title, demands=c.demands or "—",
        package_leader=names.leader_name(c.package.leader) if c.package else "—", status=names.statuses[c.status],
        follow_up=follow or "—", result=c.conclusion.result if c.conclusion else "—",
        satisfaction=names.satisfaction.get(c.conclusion.satisfaction or "", "—") if c.conclusion else "—")


def _reception_row(names: Names, r: Reception) -> ReceptionRow:
    subject = r.subject or names.topics.get(r.topic or "", "") or r.location
    moved = f"，改期至 {fmt_date(r.rescheduled_to)}" if r.rescheduled_to else ""
    return ReceptionRow(
        id=r.id, date=f"{fmt_date(r.date)} {names.sessions[r.session]}", mode=names.modes[r.mode],
        leader=names.leader_name(r.leader), subject=subject, status=names.reception_statuses[r.status] + moved,
        attendance=str(r.attendance) if r.attendance is not None else "—",
        registered="、".join(r.registered_cases) or "—", note=r.note or r.reason or "—")


def _reception_counts(names: Names, receptions: list[Reception]) -> tuple[Count, ...]:
    held = [r for r in receptions if r.status == "held"]
    return tuple(Count(label, sum(1 for r in held if r.mode == code),
                       sum(r.attendance or 0 for r in held if r.mode == code)) for code, label in names.modes.items())


def year_summary(names: Names, year: int, today: date) -> YearSummary:
    """The year's receptions, letters and packages, and every case of the year (by year received)."""
    receptions = names.repo.receptions_of(year)
    cases = names.repo.cases_of(year)
    letters = [c for c in cases if c.letter]
    packages = [c for c in cases if c.package]
    accepted = [c for c in cases if c.accepted]
    concluded = [c for c in cases if c.conclusion]
    rate = rules.on_time_rate(((c.deadline, c.concluded) for c in cases), today)
    sat = Counter(c.conclusion.satisfaction for c in concluded if c.conclusion and c.conclusion.satisfaction)
    rated = sum(sat.values())
    by_mode = _reception_counts(names, receptions)
    return YearSummary(
        union=names.repo.union.name, year=year, today=today, receptions_by_mode=by_mode,
        receptions_held=sum(c.count for c in by_mode), workers_received=sum(c.extra for c in by_mode),
        receptions_changed=sum(1 for r in receptions if r.status == "rescheduled"),
        receptions_cancelled=sum(1 for r in receptions if r.status == "cancelled"),
        field_visits=sum(1 for r in receptions if r.status == "held" and r.mode == "field"),
        letters_by_addressee=tuple(Count(label, sum(1 for c in letters if c.letter and c.letter.addressee == code))
                                   for code, label in names.addressees.items()),
        letters=len(letters), letters_instructed=sum(1 for c in letters if c.entries("instruction")),
        packages_by_scope=tuple(Count(label, sum(1 for c in packages if c.package and code in c.package.scope))
                                for code, label in names.scopes.items()),
        packages=len(packages), cases=len(cases), accepted=len(accepted), concluded=len(concluded),
        conclusion_rate=percent(len(concluded), len(accepted)), on_time=rate.on_time,
        on_time_rate=percent(rate.on_time, rate.denominator), on_time_basis=rate.basis,
        on_time_denominator=rate.denominator, overdue_open=rate.overdue_open,
        satisfaction=tuple(Count(label, sat.get(code, 0)) for code, label in names.satisfaction.items()),
        satisfaction_rate=percent(sat.get("satisfied", 0) + sat.get("basically_satisfied", 0), rated),
        rows=tuple(_case_row_of_year(names, c) for c in cases),
        receptions=tuple(_reception_row(names, r) for r in receptions))
