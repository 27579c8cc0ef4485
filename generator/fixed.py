"""The fixed reception rule (定点接访): a national union's leader receives on the month's rule day, in the
morning, in the reception room ("每月……于当月第二周的星期二上午到信访接待室接待上访职工").

``deviations`` says how one reception departs from the rule (the day from ``rules.fixed_reception_day`` under
the union's ``fixed_day_reading``; the session; the place), in words; the validation rule ``fixed_receptions``
warns with them and the compliance report (``internal.reports``) prints them beside the day held. The rule's
day applies to national unions only: at other levels the seed leaves time and place to the union's own plan.

A reception that is the new day of an announced rescheduling (a fixed reception of the same leader with
``rescheduled_to`` on its date) is not warned about its day: the seed allows rescheduling announced ahead,
and the record says so; its session and place are still checked, and the report names the rescheduling.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Iterator, Mapping

from . import registry, rules
from .errors import Problem, warning
from .model import parse_date
from .schema import schema

Data = Mapping[str, Any]
_ON_ITS_DAY = ("planned", "held")  # rescheduled and cancelled receptions do not take place on their date


def applies(level: str) -> bool:
    """Whether the union's level has the monthly fixed reception day (全国总工会: 每月第二周的星期二上午)."""
    return level == "national"


@dataclass(frozen=True)
class Deviation:
    """How one fixed reception departs from the rule: its ``day`` (empty when on the rule's day) and the
    ``others`` (session, place); ``rescheduled_from`` names the rescheduled reception it replaces."""

    rule_day: date
    day: str
    others: tuple[str, ...]
    rescheduled_from: str = ""

    @property
    def parts(self) -> tuple[str, ...]:
        return ((self.day,) if self.day else ()) + self.others

    @property
    def text(self) -> str:
        return "；".join(self.parts)

    @property
    def warned(self) -> tuple[str, ...]:
        """What validation warns about: the day only when no announced rescheduling explains it."""
        return self.others if self.rescheduled_from else self.parts


def deviations(rec: Data, room: str, reading: str, rescheduled_from: str = "") -> Deviation:
    """The day, session and place of ``rec`` (a schedule entry) against the rule, in words."""
    day = parse_date(rec["date"])
    assert day is not None
    rule = rules.fixed_reception_day(day.year, day.month, reading)
    moved = f"（{rule.moved}）" if rule.moved else ""
    off_day = ""
    if day != rule.date and rescheduled_from:
        off_day = f"由 {rescheduled_from} 改期而来，不在规定的定点接访日 {rule.date.isoformat()}{moved}"
    elif day != rule.date:
        off_day = (f"在 {day.isoformat()}（{rules.weekday_name(day)}），不是规定的定点接访日 {rule.date.isoformat()}"
                   f"（{rules.weekday_name(rule.date)}）{moved}")
    others = []
    if rec["session"] != "am":
        label = schema("schedule").labels(("receptions", 0, "session")).get(rec["session"], rec["session"])
        others.append(f"时段为{label}，规定为上午")
    if room and rec.get("location") != room:
        others.append(f"地点为“{rec.get('location', '')}”，规定在{room}")
    return Deviation(rule.date, off_day, tuple(others), rescheduled_from)


def replacements(receptions: Iterable[Data]) -> dict[tuple[str, str], str]:
    """(new date, leader) → the id of the fixed reception rescheduled to that day (改期)."""
    return {(str(r["rescheduled_to"]), r["leader"]): r["id"] for r in receptions
            if r.get("mode") == "fixed" and r.get("status") == "rescheduled" and r.get("rescheduled_to")}


@registry.rule("schedule")
def fixed_receptions(ctx: Any, src: Any) -> Iterator[Problem]:
    """Warn (a record stays true) when a planned or held fixed reception is off the rule's day, not in the
    morning, or not in the reception room (national level only)."""
    if ctx.union is None or not applies(ctx.union.data["level"]):
        return
    union = ctx.union.data
    room = union.get("reception_room", "")
    reading = union.get("fixed_day_reading", rules.SECOND_TUESDAY)
    moved = replacements(src.data["receptions"])
    name = schema("schedule").field_name
    for i, rec in enumerate(src.data["receptions"]):
        if rec["mode"] != "fixed" or rec["status"] not in _ON_ITS_DAY:
            continue
        found = deviations(rec, room, reading, moved.get((rec["date"], rec["leader"]), ""))
        if found.warned:
            field = "date" if found.day and not found.rescheduled_from else "session" if rec["session"] != "am" \
                else "location"
            at = ("receptions", i, field)
            yield warning(src.path, f"{name(at)}：定点接访 {rec['id']} {'；'.join(found.warned)}"
                          f"（{rules.READING_EXPLAINED[reading]}）", at, "fixed-reception")
