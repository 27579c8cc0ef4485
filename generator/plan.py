"""The year's reception plan (年度接访计划): propose the receptions the level's rule asks for.

By the union's level (``rules.reception_requirement``):

- **national** (全国): one leader every month on the fixed reception day (``rules.fixed_reception_day`` under the
  union's ``fixed_day_reading``: the second Tuesday, or the Tuesday of the second calendar week; on a day off,
  the nearest working Tuesday of the month, else the next working day — the reason goes into the reception's
  ``note``), morning, reception room; the leaders take turns in the order of ``reference/leaders.yaml`` or of
  ``--leaders``. Twelve mornings cannot give each of several leaders the two days (four half days) a year the
  rule asks for: the command names every leader left short and by how many half days (约访、专题接访、下访
  must make them up).
- **provincial** (省级, 每月至少一天) and **county** (县级, 每两周至少一天): every leader a whole day (morning and
  afternoon) in the reception room in each month or fortnight (``rules.year_periods``), on successive working
  days from the period's reception day (the month's fixed reception day; the fortnight's Tuesday), one leader a
  day since the room holds one reception at a time. Half days a leader already has in the period (kept
  receptions of any mode) count; a period without enough working days in the year is named, leader by leader.
- **township** (乡镇, 随时接待): no minimum, so no plan; the command says so and writes nothing.

The result is ``schedules/<year>.yaml``, valid against the schedule schema, for an editor to adjust: proposals
only (拟安排, status planned, no ``approved``), published as 待定 until a leader approves the plan. Each
proposal whose year's holidays are guessed or unchecked says so in its ``note``; the file's header names the
calendar source the days were chosen with (``rules.describe_sources``) and how the fixed day was read.
Receptions of other modes already in the file are kept (same ids, same fields; YAML comments of the old
file are not carried over, the command says so). Fixed receptions
already there are never replaced silently: without ``replace`` the file is refused; with it, only the
*planned* fixed receptions are replaced — held, rescheduled or cancelled ones are records and stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import yaml

from . import fixed as fixed_rule
from . import rules
from .config import Paths
from .errors import OutputError, UsageProblem
from .model import Reception, Repository
from .output import replace_file

MODELINE = "# yaml-language-server: $schema=../schemas/schedule.schema.json"
_FIXED = "fixed"
_RECORDS = ("held", "rescheduled", "cancelled")  # statuses that record what happened: never replaced
_SESSIONS = ("am", "pm")
MAX_RECEPTIONS = 999  # JF-<year>-<2-3 digits>


@dataclass(frozen=True)
class PlannedDay:
    """One proposed reception half day: the period it serves, the day, the leader, the session and why the day
    moved from the rule's (if it did)."""

    month: int
    day: rules.FixedDay
    leader: str
    session: str = "am"
    period: str = ""

    @property
    def subject(self) -> str:
        return f"{self.month}月定点接访" if not self.period else f"{self.period}接访日"


@dataclass(frozen=True)
class Shortfall:
    """A leader the plan leaves below the rule in one period (未达到接访频次): half days planned and required."""

    leader: str
    period: str
    sessions: int
    required: int

    @property
    def missing(self) -> int:
        return self.required - self.sessions


@dataclass(frozen=True)
class Plan:
    """The proposal and what it means: half days per leader, leaders short of the minimum, calendar notices."""

    year: int
    days: tuple[PlannedDay, ...]
    kept: tuple[Reception, ...]
    days_per_leader: Mapping[str, int]
    short: tuple[Shortfall, ...]
    notices: tuple[str, ...]
    reading: str = rules.SECOND_TUESDAY
    requirement: str = ""
    period: str = "year"


def rotation(repo: Repository, year: int, chosen: Sequence[str] | None = None) -> list[str]:
    """The leaders who take turns: ``chosen`` (checked) or every rule-bound leader in office that year."""
    if not chosen:
        found = [lead.id for lead in repo.leaders.values() if lead.receives_by_rule and lead.in_office(year)]
        if not found:
            raise UsageProblem(f"{year} 年没有在任的、须按规定接访的领导（见 reference/leaders.yaml 的身份 role），无法安排接访；请用 --leaders 指定")
        return found
    for leader_id in chosen:
        leader = repo.leaders.get(leader_id)
        if leader is None:
            raise UsageProblem(f"--leaders：“{leader_id}” 不存在：reference/leaders.yaml 中没有这个领导")
        if not leader.in_office(year) or leader.role == "former":
            raise UsageProblem(f"--leaders：“{leader_id}”（{leader.name}）在 {year} 年不在任")
    if len(set(chosen)) != len(chosen):
        raise UsageProblem("--leaders：领导重复")
    return list(chosen)


def propose(repo: Repository, year: int, leaders: Sequence[str], replace: bool = False) -> Plan:
    """The receptions of ``year`` the level's rule asks for, around the receptions already recorded."""
    level = repo.union.level
    requirement = repo.union.requirement  # the level's rule, or a city union's own (levels)
    if requirement.period == "none":
        raise UsageProblem(f"{requirement.description}：没有需要按计划安排的最低接访天数，未生成接访计划")
    existing = repo.receptions_of(year)
    fixed = [r for r in existing if r.mode == _FIXED]
    if fixed and not replace:
        raise OutputError(f"schedules/{year}.yaml 已有 {len(fixed)} 场定点接访，未做任何改动；"
                          "如需重新生成计划中的定点接访，请加 --replace（已接访、已改期、已取消的场次会保留）")
    kept = tuple(r for r in existing if r.mode != _FIXED or r.status in _RECORDS)
    reading = repo.union.fixed_day_reading
    if fixed_rule.applies(level):
        days = _monthly_rotation(year, leaders, kept, reading)
    else:
        days = _days_per_period(repo, year, leaders, kept, reading)
    if len(kept) + len(days) > MAX_RECEPTIONS:
        raise UsageProblem(f"{year} 年需安排 {len(days)} 个半天，加上已有的 {len(kept)} 场超过编号上限 {MAX_RECEPTIONS} 场"
                           "（JF-年份-三位数）：请减少 --leaders 中的领导，分批安排")
    counts = {lid: sum(1 for d in days if d.leader == lid) for lid in leaders}
    short = tuple(_shortfalls(requirement, year, leaders, kept, days))
    notices = tuple(n.message for n in rules.calendar_notices([year]))
    return Plan(year, days, kept, counts, short, notices, reading, requirement.description, requirement.period)


def _monthly_rotation(year: int, leaders: Sequence[str], kept: Sequence[Reception], reading: str) -> tuple[PlannedDay, ...]:
    """National: one leader a month on the fixed day, in turn, for the months without a recorded one."""
    taken = {r.date.month for r in kept if r.mode == _FIXED}
    months = [m for m in range(1, 13) if m not in taken]
    return tuple(PlannedDay(m, rules.fixed_reception_day(year, m, reading), leaders[i % len(leaders)])
                 for i, m in enumerate(months))


def _counted(r: Reception) -> bool:
    """A kept reception that gives its leader a half day: held, or still planned (not moved or cancelled)."""
    return r.status in ("held", "planned")


def _days_per_period(repo: Repository, year: int, leaders: Sequence[str], kept: Sequence[Reception],
                     reading: str) -> tuple[PlannedDay, ...]:
    """Provincial and county: each leader a whole day (am + pm) in each period, on successive working days
    from the period's reception day, one leader a day in the room; half days already kept count."""
    room = repo.union.reception_room or f"{repo.union.short_name}信访接待室"
    busy = {(r.date, r.session) for r in kept if r.location == room and _counted(r)}
    days: list[PlannedDay] = []
    for period in rules.year_periods(repo.union.requirement, year):
        anchor = rules.period_reception_day(period, year, reading)
        free = [d for d in rules.working_days_from(anchor.date, period, year)
                if all((d, s) not in busy for s in _SESSIONS)]
        for leader in leaders:
            have = sum(1 for r in kept if r.leader == leader and _counted(r) and period.start <= r.date <= period.end)
            if have >= 2 or not free:
                continue
            day = free.pop(0)
            moved = anchor.moved if day == anchor.date else None
            for session in _SESSIONS[have:]:
                days.append(PlannedDay(day.month, rules.FixedDay(day, anchor.planned, moved), leader, session,
                                       period.label))
    return tuple(days)


def _shortfalls(level: rules.Requirement, year: int, leaders: Sequence[str], kept: Sequence[Reception],
                days: Sequence[PlannedDay]) -> Iterable[Shortfall]:
    """Every (leader, period) the plan leaves below the rule, counting kept and proposed half days."""
    for leader in leaders:
        sessions = {(r.date, r.session) for r in kept if r.leader == leader and _counted(r)}
        sessions |= {(d.day.date, d.session) for d in days if d.leader == leader}
        for pc in rules.compliance_of_year(level, sessions, year):
            if not pc.ok:
                yield Shortfall(leader, pc.period.label, pc.held.sessions, pc.required_sessions)


def _new_ids(year: int, used: set[str], count: int) -> list[str]:
    """The lowest free reception numbers of the year (JF-2027-01, -02 …), skipping ids already used."""
    ids: list[str] = []
    n = 1
    while len(ids) < count:
        candidate = f"JF-{year}-{n:02d}"
        if candidate not in used:
            ids.append(candidate)
        n += 1
    return ids


def _fixed_record(rid: str, d: PlannedDay, location: str) -> dict[str, Any]:
    """A proposal (拟安排): planned, without approval; its note says why the day moved and, when the day's year
    is still guessed or unchecked, that the day must be checked against the State Council notice."""
    record: dict[str, Any] = {"id": rid, "date": d.day.date.isoformat(), "session": d.session, "mode": _FIXED,
                              "leader": d.leader, "location": location, "subject": d.subject,
                              "status": "planned"}
    note = [d.day.moved] if d.day.moved else []
    note += [n.message for n in rules.calendar_notices([d.day.date.year])]
    if note:
        record["note"] = "；".join(note)
    return record


def _kept_record(r: Reception) -> dict[str, Any]:
    """A kept reception as written; one that the plan's approval covered keeps it as its own (the rewritten
    file's plan is a new proposal, not approved)."""
    record = dict(r.raw)
    if r.approval and "approved" not in record and r.status in ("planned", "rescheduled"):
        record["approved"] = {"date": r.approval.date.isoformat(), "by": r.approval.by}
    return record


def records(repo: Repository, plan: Plan) -> list[dict[str, Any]]:
    """Kept receptions (as written) and the new fixed ones, by date and session."""
    used = {r.id for r in plan.kept}
    ids = _new_ids(plan.year, used, len(plan.days))
    location = repo.union.reception_room or f"{repo.union.short_name}信访接待室"
    entries = [(r.date.isoformat(), r.session, _kept_record(r)) for r in plan.kept]
    entries += [(d.day.date.isoformat(), d.session, _fixed_record(rid, d, location)) for rid, d in zip(ids, plan.days)]
    entries.sort(key=lambda e: (e[0], e[1], e[2]["id"]))
    return [e[2] for e in entries]


def plan_basis(plan: Plan, national: bool) -> str:
    """How the days were chosen, for the file's header and the command's output."""
    if national:
        return (f"定点接访由 xinfang plan 按每月定点接访日上午提出（{rules.READING_EXPLAINED[plan.reading]}，"
                "可在 reference/union.yaml 的 fixed_day_reading 中改设）")
    start = (f"当月定点接访日（{rules.READING_EXPLAINED[plan.reading]}）" if plan.period == "month"
             else "每个双周的星期二")
    return (f"接访日由 xinfang plan 按“{plan.requirement}”提出：每位领导每个考核周期接访一整天（上午、下午），"
            f"从{start}起依次安排，信访接待室每天一位领导")


def schedule_text(year: int, receptions: list[dict[str, Any]], basis: str = "") -> str:
    """The schedule file: modeline, a note, and one block per reception separated by blank lines."""
    head = [MODELINE, f"# {year} 年接访计划：{basis or '定点接访由 xinfang plan 提出'}；报批后由编辑调整。",
            f"# {rules.describe_sources([year])}。",
            "# 本计划尚待报批：批准前网站和日历显示为“待定”；批准后在下面加一行 approved: {date: YYYY-MM-DD, by: L-…}。",
            f"year: {year}", "receptions:" if receptions else "receptions: []"]
    blocks = []
    for rec in receptions:
        dumped = yaml.safe_dump([rec], allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)
        blocks.append("".join(f"  {line}" for line in dumped.splitlines(keepends=True)))
    return "\n".join(head) + "\n" + "\n".join(blocks)


def write_schedule(paths: Paths, year: int, text: str) -> Path:
    """Replace ``schedules/<year>.yaml`` in one step (a temporary file beside it, then a rename)."""
    target = paths.schedule_file(year)
    replace_file(target, text)
    return target
