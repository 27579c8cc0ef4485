"""协调会议记录: the rules on a meeting's ``location``, ``participants`` and ``decisions`` (validation rules).

The 协调会议纪要 (``internal.forms.meeting``) is written from these fields: where the meeting was held, who took
part (the union's leaders by id, others by name, post and unit) and each agreed item with its responsible unit
and time limit. So:

- only a meeting entry carries them (on another entry they would be printed nowhere and mislead the reader);
- an agreed item's time limit is not before the meeting;
- a participant is either one of the union's leaders (``leader``) or a named person with a post (``name`` and
  ``post``), not both (said here rather than by the schema's ``anyOf``, whose errors name no field).

Leader and unit ids are checked with every other reference (``validate.references``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import registry
from .errors import Pointer, Problem, error
from .model import parse_date
from .schema import schema

MEETING_FIELDS = ("location", "participants", "decisions")


def _error(src: Any, pointer: Pointer, message: str, code: str) -> Problem:
    return error(src.path, f"{schema('case').field_name(pointer)}：{message}", pointer, code)


@registry.rule("case")
def case_meetings(ctx: Any, src: Any) -> Iterator[Problem]:
    """Meeting fields only on meetings; agreed items due on or after the meeting; one kind of participant."""
    for i, entry in enumerate(src.data["history"]):
        if entry["type"] != "meeting":
            for key in MEETING_FIELDS:
                if key in entry:
                    yield _error(src, ("history", i, key), "只有协调会议记录（type: meeting）填写", "history-fields")
            continue
        held = parse_date(entry["date"])
        for j, decision in enumerate(entry.get("decisions", ())):
            if "deadline" in decision and parse_date(decision["deadline"]) < held:
                yield _error(src, ("history", i, "decisions", j, "deadline"),
                             f"“{decision['deadline']}” 早于会议日期 {entry['date']}", "date-order")
        for j, person in enumerate(entry.get("participants", ())):
            if "leader" not in person and not ("name" in person and "post" in person):
                yield _error(src, ("history", i, "participants", j),
                             "写本会领导的编号 leader，或其他人员的姓名 name 和职务 post", "history-fields")
            if "leader" in person and ("name" in person or "post" in person):
                yield _error(src, ("history", i, "participants", j, "leader"),
                             "本会领导只写编号 leader（姓名和职务取自 reference/leaders.yaml），不再写 name、post",
                             "history-fields")
