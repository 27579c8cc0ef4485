"""Time limits inside a case besides the conclusion deadline (及时上报、督办期限), as validation warnings.

- An urgent letter to the chairman (反映重大情况或紧急情况) is reported "立刻按照程序上报": its ``reported``
  date is the day it arrived or the next working day (``rules.urgent_report_due``); later is a warning. A quarterly report prints each urgent letter's two dates instead of
  a blanket "均已按程序即时上报".
- A supervision (督办) deadline later than the case's statutory deadline (办结期限, 60 days from acceptance,
  with the approved extension) presses the unit to finish after the law says the case must be concluded:
  a warning at the supervision's deadline. Only for a supervision issued on or before that deadline: one
  issued after it presses a case already past its deadline (flagged 已超期 by ``validate.case_deadline``),
  where any new time limit is necessarily later.

Warnings, not errors: the record stays true; the office must see the lapse.
"""

from __future__ import annotations

from typing import Any, Iterator

from . import registry, rules
from .errors import Pointer, Problem, warning
from .model import parse_date
from .schema import schema


def _say(src: Any, pointer: Pointer, message: str, code: str) -> Problem:
    return warning(src.path, f"{schema('case').field_name(pointer)}：{message}", pointer, code)


@registry.rule("case")
def urgent_letters(ctx: Any, src: Any) -> Iterator[Problem]:
    """立刻上报: an urgent letter to the chairman is reported on the day received or the next working day."""
    letter = src.data.get("letter") or {}
    if letter.get("addressee") != "chairman" or not letter.get("urgent"):
        return
    received = parse_date(src.data["received"])
    assert received is not None
    due = rules.urgent_report_due(received)
    reported = parse_date(letter.get("reported"))  # a missing one is an error of validate.case_channel
    rule = f"重大紧急来信应在收到当日或下一个工作日（{due}）上报"
    if reported is not None and reported > due:
        late = rules.days_between(received, reported)
        yield _say(src, ("letter", "reported"), f"“{reported}” 是收到（{received}）后第 {late} 天：{rule}",
                   "letter-report")


@registry.rule("case")
def supervision_deadlines(ctx: Any, src: Any) -> Iterator[Problem]:
    """督办期限 no later than the case's statutory deadline (办结期限, with the extension)."""
    if not src.data.get("accepted"):
        return
    accepted = parse_date(src.data["accepted"])
    assert accepted is not None
    days = (src.data.get("extension") or {}).get("days", 0)
    if not isinstance(days, int) or not 0 <= days <= rules.MAX_EXTENSION_DAYS:
        return  # an extension out of range is an error of its own
    statutory = rules.conclusion_deadline(accepted, days)
    ext = f"，含延期 {days} 日" if days else ""
    for i, entry in enumerate(src.data["history"]):
        deadline = parse_date(entry.get("deadline")) if entry["type"] == "supervision" else None
        if deadline and deadline > statutory and parse_date(entry["date"]) <= statutory:
            yield _say(src, ("history", i, "deadline"),
                       f"“{deadline}” 晚于本事项的办结期限 {statutory}（受理 {accepted} 起 "
                       f"{rules.CONCLUSION_DAYS + days} 日{ext}）：督办期限不应晚于法定办结期限", "supervision-deadline")

