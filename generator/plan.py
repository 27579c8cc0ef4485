"""The year's reception plan (年度接访计划): propose the fixed receptions (定点接访) of a year.

One leader every month, on the day ``rules.fixed_reception_day`` gives (the second Tuesday morning; on a
day off, the nearest working Tuesday of the month, else the next working day — the reason is written into
the reception's ``note``). The leaders bound by the reception rule and in office that year take turns, in
the order of ``reference/leaders.yaml`` or of ``--leaders``, so that the twelve days are shared out evenly
(12/n each, give or take one): with up to six leaders everyone gets the two days a year the rule asks for;
with more, the command names those left short (their days must come from other modes of reception).

The result is ``schedules/<year>.yaml``, valid against the schedule schema, for an editor to adjust: proposals
only (拟安排, status planned, no ``approved``), published as 待定 until a leader approves the plan. Each
proposal whose year's holidays are guessed or unchecked says so in its ``note``; the file's header names the
calendar source the days were chosen with (``rules.describe_sources``).
Receptions of other modes already in the file are kept (same ids, same fields; YAML comments of the old
file are not carried over, the command says so). Fixed receptions
already there are never replaced silently: without ``replace`` the file is refused; with it, only the
*planned* fixed receptions are replaced — held, rescheduled or cancelled ones are records and stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

from . import rules
from .config import Paths
from .errors import OutputError, UsageProblem
from .model import Reception, Repository
from .output import replace_file

MODELINE = "# yaml-language-server: $schema=../schemas/schedule.schema.json"
_FIXED = "fixed"
_RECORDS = ("held", "rescheduled", "cancelled")  # statuses that record what happened: never replaced


@dataclass(frozen=True)
class PlannedDay:
    """One proposed fixed reception: the month, the day, the leader and why the day moved (if it did)."""

    month: int
    day: rules.FixedDay
    leader: str


@dataclass(frozen=True)
class Plan:
    """The proposal and what it means: days per leader, leaders short of the minimum, calendar notices."""

    year: int
    days: tuple[PlannedDay, ...]
    kept: tuple[Reception, ...]
    days_per_leader: Mapping[str, int]
    short: tuple[str, ...]
    notices: tuple[str, ...]


def rotation(repo: Repository, year: int, chosen: Sequence[str] | None = None) -> list[str]:
    """The leaders who take turns: ``chosen`` (checked) or every rule-bound leader in office that year."""
    if not chosen:
        found = [lead.id for lead in repo.leaders.values() if lead.receives_by_rule and lead.in_office(year)]
        if not found:
            raise UsageProblem(f"{year} 年没有在任的党组、书记处领导，无法安排定点接访；请用 --leaders 指定")
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
    """The fixed receptions of ``year`` for the months that do not already have a recorded one."""
    existing = repo.receptions_of(year)
    fixed = [r for r in existing if r.mode == _FIXED]
    if fixed and not replace:
        raise OutputError(f"schedules/{year}.yaml 已有 {len(fixed)} 场定点接访，未做任何改动；"
                          "如需重新生成计划中的定点接访，请加 --replace（已接访、已改期、已取消的场次会保留）")
    kept = tuple(r for r in existing if r.mode != _FIXED or r.status in _RECORDS)
    taken = {r.date.month for r in kept if r.mode == _FIXED}
    months = [m for m in range(1, 13) if m not in taken]
    days = tuple(PlannedDay(m, rules.fixed_reception_day(year, m), leaders[i % len(leaders)])
                 for i, m in enumerate(months))
    counts = {lid: sum(1 for d in days if d.leader == lid) for lid in leaders}
    required = rules.reception_requirement(repo.union.level)
    short = tuple(lid for lid, n in counts.items() if required.period == "year" and n < required.days_per_period)
    notices = tuple(n.message for n in rules.calendar_notices([year]))
    return Plan(year, days, kept, counts, short, notices)


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
    record: dict[str, Any] = {"id": rid, "date": d.day.date.isoformat(), "session": "am", "mode": _FIXED,
                              "leader": d.leader, "location": location, "subject": f"{d.month}月定点接访",
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
    entries += [(d.day.date.isoformat(), "am", _fixed_record(rid, d, location)) for rid, d in zip(ids, plan.days)]
    entries.sort(key=lambda e: (e[0], e[1], e[2]["id"]))
    return [e[2] for e in entries]


def schedule_text(year: int, receptions: list[dict[str, Any]]) -> str:
    """The schedule file: modeline, a note, and one block per reception separated by blank lines."""
    head = [MODELINE, f"# {year} 年接访计划：定点接访由 xinfang plan 按每月第二个星期二上午提出，报批后由编辑调整。",
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
