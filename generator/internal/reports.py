"""Internal reports as finished view objects: quarterly letters to the chairman (主席来信季度报告), the
supervision list (督办清单), reception compliance (接访频次检查) and the year's figures (归档汇总、年度报告).

Every date, period and deadline comes from ``rules`` or the model; every label from the schemas (through
``Names``). The views hold strings and numbers only, so templates and CSV writers just lay them out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from .. import rules
from ..model import Case, Reception
from .duties import last_report_text
from .names import Names, fmt_date, percent

# ------------------------------------------------------------------ letters to the chairman (主席来信)

@dataclass(frozen=True)
class LetterRow:
    """One letter to the chairman registered in the quarter."""

    case_id: str
    received: str
    petitioner: str
    topic: str
    title: str
    urgent: str
    reported: str
    status: str
    handling: str


@dataclass(frozen=True)
class TopicTotal:
    topic: str
    count: int
    urgent: int
    concluded: int


@dataclass(frozen=True)
class ChairmanLetters:
    """主席来信季度汇总: every letter of the quarter, urgent ones with their report date, totals by topic."""

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


def _handling(names: Names, case: Case) -> str:
    """How the case was handled: status, units, then the result or the latest step."""
    parts = [names.statuses[case.status]]
    if case.units:
        parts.append(f"承办：{names.units(case.units)}")
    if case.conclusion:
        parts.append(f"{fmt_date(case.conclusion.date)} 办结：{case.conclusion.result}")
    else:
        last = case.history[-1]
        parts.append(f"最近：{fmt_date(last.date)} {names.entry_types[last.type]}")
    return "；".join(parts)


def _reported(case: Case) -> str:
    """When an urgent letter went up (立即上报): the day, and how long after it was received."""
    if not case.letter or not case.letter.reported:
        return "—"
    days = rules.days_between(case.received, case.letter.reported)
    return f"{fmt_date(case.letter.reported)}（{'收到当日' if days == 0 else f'收到后 {days} 天'}）"


def chairman_letters(names: Names, quarter: str, today: date) -> ChairmanLetters:
    """Letters addressed to the chairman received within ``quarter`` (rules.quarter_range)."""
    start, end = rules.quarter_range(quarter)
    cases = [c for c in names.repo.cases
             if c.letter and c.letter.addressee == "chairman" and start <= c.received <= end]
    rows = tuple(LetterRow(
        case_id=c.id, received=fmt_date(c.received), petitioner=names.petitioners(c), topic=names.topics[c.topic],
        title=c.title, urgent="是" if c.letter.urgent else "否", reported=_reported(c),
        status=names.statuses[c.status], handling=_handling(names, c)) for c in cases if c.letter)
    totals = tuple(TopicTotal(label, sum(1 for c in cases if c.topic == code),
                              sum(1 for c in cases if c.topic == code and c.letter and c.letter.urgent),
                              sum(1 for c in cases if c.topic == code and c.conclusion))
                   for code, label in names.topics.items())
    return ChairmanLetters(
        union=names.repo.union.name, quarter=quarter, start=start, end=end, today=today, rows=rows,
        totals=tuple(t for t in totals if t.count), total=len(cases),
        urgent=sum(1 for c in cases if c.letter and c.letter.urgent), concluded=sum(1 for c in cases if c.conclusion))


# ------------------------------------------------------------------ supervision list (督办清单)

@dataclass(frozen=True)
class SupervisionRow:
    """An overdue case (案件超期) or a supervision past its deadline without a report (督办逾期)."""

    kind: str
    case_id: str
    title: str
    unit: str
    leader: str
    deadline: str
    days_overdue: int
    detail: str
    last_report: str = "—"  # 最近向包案领导汇报 (issue 16.5): internal.duties.last_report_text


@dataclass(frozen=True)
class SupervisionList:
    union: str
    today: date
    rows: tuple[SupervisionRow, ...]
    overdue_cases: int
    overdue_supervisions: int
    calendar: str = ""  # 节假日依据 of the case deadlines listed (rules.describe_sources)


def _case_row(names: Names, case: Case, today: date) -> SupervisionRow:
    assert case.deadline is not None
    ext = f"，已延期 {case.extension.days} 天" if case.extension else ""
    return SupervisionRow(
        kind="案件超期", case_id=case.id, title=case.title, unit=names.units(case.units) or "—",
        leader=names.package_leader(case) or "—", deadline=fmt_date(case.deadline),
        days_overdue=rules.days_between(case.deadline, today),
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
                           rules.describe_sources(years))


# ------------------------------------------------------------------ reception compliance (接访频次)

@dataclass(frozen=True)
class PeriodRow:
    leader: str
    title: str
    period: str
    required: int
    held: int
    state: str
    days: str


@dataclass(frozen=True)
class LeaderRow:
    """A leader's reception days in each half (半年检查) and the whole year, and the verdict of the rule."""

    leader: str
    title: str
    first_half: int
    second_half: int
    year: int
    required: str
    state: str
    days: str


@dataclass(frozen=True)
class MonthRow:
    """The month's fixed reception (定点接访), national level."""

    month: str
    planned: str
    leader: str
    status: str


@dataclass(frozen=True)
class ChangeRow:
    """A rescheduled or cancelled reception, with how far ahead it was announced."""

    id: str
    date: str
    leader: str
    mode: str
    status: str
    moved_to: str
    announced: str
    notice_days: str
    reason: str


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


_LEVEL_LABELS = {"national": "全国", "provincial": "省级", "county": "县级", "township": "乡镇（街道）"}


def _period_state(ok: bool, end: date, today: date) -> str:
    if ok:
        return "达标"
    return "进行中" if end >= today else "未达标"


def _leader_periods(names: Names, leader_id: str, year: int, today: date) -> list[PeriodRow]:
    leader = names.repo.leaders[leader_id]
    held = sorted({r.date for r in names.repo.receptions_of(year) if r.leader == leader_id and r.status == "held"})
    level = names.repo.union.level
    rows = []
    for pc in rules.compliance(level, held, date(year, 1, 1), date(year, 12, 31)):
        days = [d for d in held if pc.period.start <= d <= pc.period.end]
        rows.append(PeriodRow(leader.name, leader.title, pc.period.label, pc.required, pc.held,
                              _period_state(pc.ok, pc.period.end, today), "、".join(f"{d:%m-%d}" for d in days) or "—"))
    return rows


def _months(names: Names, year: int, today: date) -> tuple[tuple[MonthRow, ...], str]:
    """Each month's fixed reception (the national rule wants one leader every month), and the months
    begun by ``today`` that have none held."""
    fixed = [r for r in names.repo.receptions_of(year) if r.mode == "fixed"]
    rows, missing = [], []
    for month in range(1, 13):
        of_month = [r for r in fixed if r.date.month == month]
        held = next((r for r in of_month if r.status == "held"), None)
        shown = held or (of_month[0] if of_month else None)
        row = MonthRow(f"{month}月", fmt_date(rules.fixed_reception_day(year, month).date),
                       names.leader_name(shown.leader) if shown else "—",
                       names.reception_statuses[shown.status] if shown else "未安排")
        rows.append(row)
        if held is None and date(year, month, 1) <= today:
            missing.append(f"{row.month}（{row.status}）")
    return tuple(rows), "、".join(missing) or "无"


def _changes(names: Names, year: int) -> tuple[ChangeRow, ...]:
    return tuple(ChangeRow(
        id=r.id, date=fmt_date(r.date), leader=names.leader_name(r.leader), mode=names.modes[r.mode],
        status=names.reception_statuses[r.status], moved_to=fmt_date(r.rescheduled_to) or "—",
        announced=fmt_date(r.announced) or "—",
        notice_days=f"{rules.days_between(r.announced, r.date)} 天" if r.announced else "—", reason=r.reason or "—")
        for r in names.repo.receptions_of(year) if r.status in ("rescheduled", "cancelled"))


_PER = {"year": "每年", "month": "每月", "fortnight": "每两周"}


def _verdict(periods: list[PeriodRow]) -> str:
    failed = sum(1 for p in periods if p.state == "未达标")
    if failed:
        return f"未达标（{failed} 个周期）" if len(periods) > 1 else "未达标"
    return "进行中" if any(p.state == "进行中" for p in periods) else "达标"


def _leader_row(names: Names, leader_id: str, year: int, periods: list[PeriodRow]) -> LeaderRow:
    """Days held in each half of the year (``rules.half_range``), the year, and the verdict."""
    leader = names.repo.leaders[leader_id]
    held = sorted({r.date for r in names.repo.receptions_of(year) if r.leader == leader_id and r.status == "held"})
    halves = []
    for half in (f"{year}H1", f"{year}H2"):
        start, end = rules.half_range(half)
        halves.append(sum(1 for d in held if start <= d <= end))
    req = rules.reception_requirement(names.repo.union.level)
    required = f"{_PER[req.period]} {req.days_per_period} 天" if req.period in _PER else "随时接待"
    return LeaderRow(leader.name, leader.title, halves[0], halves[1], len(held), required,
                     _verdict(periods) if periods else "—", "、".join(f"{d:%m-%d}" for d in held) or "—")


def compliance(names: Names, year: int, today: date) -> Compliance:
    """Days received per leader bound by the rule and per period, against the level's minimum."""
    level = names.repo.union.level
    leaders = [lid for lid, lead in names.repo.leaders.items() if lead.receives_by_rule and lead.in_office(year)]
    per_leader = {lid: _leader_periods(names, lid, year, today) for lid in leaders}
    periods = [row for lid in leaders for row in per_leader[lid]]
    months, missing = _months(names, year, today) if level == "national" else ((), "")
    return Compliance(
        union=names.repo.union.name, level=_LEVEL_LABELS[level],
        requirement=rules.reception_requirement(level).description, year=year, today=today,
        leaders=tuple(_leader_row(names, lid, year, per_leader[lid]) for lid in leaders),
        by_period=rules.reception_requirement(level).period in ("month", "fortnight"),
        periods=tuple(periods), failed=tuple(p for p in periods if p.state == "未达标"), months=months,
        missing_months=missing, changes=_changes(names, year), calendar=rules.describe_sources([year]))


# ------------------------------------------------------------------ the year (归档汇总、年度报告)

@dataclass(frozen=True)
class Count:
    label: str
    count: int
    extra: int = 0


@dataclass(frozen=True)
class YearCaseRow:
    """One case in the yearly summary: petitioner basics, demands, follow-up and result."""

    case_id: str
    received: str
    channel: str
    petitioners: str
    topic: str
    title: str
    demands: str
    package_leader: str
    status: str
    follow_up: str
    result: str
    satisfaction: str


@dataclass(frozen=True)
class ReceptionRow:
    """One reception of the year as registered (接访登记): who received whom, and what was registered."""

    id: str
    date: str
    mode: str
    leader: str
    subject: str
    status: str
    attendance: str
    registered: str
    note: str


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
    on_time = [c for c in concluded if c.on_time]
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
        conclusion_rate=percent(len(concluded), len(accepted)), on_time=len(on_time),
        on_time_rate=percent(len(on_time), len(concluded)),
        overdue_open=sum(1 for c in cases if c.is_overdue(today)),
        satisfaction=tuple(Count(label, sat.get(code, 0)) for code, label in names.satisfaction.items()),
        satisfaction_rate=percent(sat.get("satisfied", 0) + sat.get("basically_satisfied", 0), rated),
        rows=tuple(_case_row_of_year(names, c) for c in cases),
        receptions=tuple(_reception_row(names, r) for r in receptions))
