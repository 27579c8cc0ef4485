"""Approval of the reception plan (接访计划报批) and the days it still has to avoid.

The seed: the year's plan is submitted to the union's leaders and carried out "获得批准后". A schedule records
the approval once (``approved: {date, by: L-…}``), and a reception added or moved later carries its own,
which overrides the plan's (``model.Reception.confirmed``). Held and cancelled receptions need none. Until
approved, a planned reception is a proposal: the site shows it as 待定 and ``receptions.ics`` as TENTATIVE.

Rules (declared with ``registry.rule("schedule")``): an approval is dated no later than today and given by a leader in
office that year; a pending reception approved after its own day is flagged; and a pending reception on a day
off under the repository's calendar (``rules``) is flagged, so that a holiday file added after the plan shows
which days must move.
"""

from __future__ import annotations

from typing import Any, Iterator

from . import registry, rules
from .errors import Pointer, Problem, error, warning
from .holidays import reception_day
from .model import parse_date
from .schema import schema

_PENDING = ("planned", "rescheduled")


def _say(src: Any, pointer: Pointer, message: str, code: str, *, warn: bool = False) -> Problem:
    make = warning if warn else error
    return make(src.path, f"{schema('schedule').field_name(pointer)}：{message}", pointer, code)


def _approval(ctx: Any, src: Any, at: Pointer, approved: dict[str, Any]) -> Iterator[Problem]:
    when = parse_date(approved["date"])
    assert when
    if when > ctx.today:
        yield _say(src, (*at, "date"), f"“{when}” 晚于今天（{ctx.today}）", "future-date")
    leader = ctx.leader_ids().get(approved["by"])
    if leader and not rules.in_office(leader["from_year"], leader.get("to_year"), when.year) or \
            (leader and leader["role"] == "former"):
        yield _say(src, (*at, "by"), f"“{approved['by']}” 在 {when.year} 年不在任，不能批准接访计划", "leader-office")


@registry.rule("schedule")
def schedule_approvals(ctx: Any, src: Any) -> Iterator[Problem]:
    """The plan's and each reception's approval: dated, given by a leader in office, before the day."""
    plan = src.data.get("approved")
    if plan:
        yield from _approval(ctx, src, ("approved",), plan)
    for i, rec in enumerate(src.data["receptions"]):
        own = rec.get("approved")
        if own:
            yield from _approval(ctx, src, ("receptions", i, "approved"), own)
        approved = own or plan
        if approved and rec["status"] in _PENDING and parse_date(approved["date"]) > reception_day(rec):
            where = ("receptions", i, "approved") if own else ("receptions", i, "date")
            yield _say(src, where, f"批准日期 {approved['date']} 晚于接访日期 {reception_day(rec)}：计划应在接访前报批",
                       "approval-late", warn=True)


@registry.rule("schedule")
def pending_days_off(ctx: Any, src: Any) -> Iterator[Problem]:
    """A reception still to come that falls on a day off (节假日、周末) under the repository's calendar."""
    for i, rec in enumerate(src.data["receptions"]):
        if rec["status"] not in _PENDING:
            continue
        day = reception_day(rec)
        reason = rules.day_off_reason(day)
        if reason:
            key = "rescheduled_to" if rec["status"] == "rescheduled" else "date"
            source = rules.calendar_source(day.year).label
            yield _say(src, ("receptions", i, key), f"{day}（{rules.weekday_name(day)}）是{reason}（依据：{source}），"
                       "请改到工作日", "reception-day-off", warn=True)


