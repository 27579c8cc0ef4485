"""After the written answer (书面答复): satisfaction (满意度), review (复查), re-review (复核), reopening.

Rules of 信访工作条例 (2022), articles 35 and 36, as the foundation's ``rules`` module counts days:
- the petitioner may ask for 复查 within 30 days of receiving the written answer (its 送达日期,
  ``conclusion.delivered``; the conclusion date while the delivery is not recorded);
- 复核 only after 复查, within 30 days of receiving the 复查 answer (``delivered``, else ``answered``);
  the 复核 opinion is final (终结);
- the organ answers each request within 30 days of receiving it;
- after 复核, the same matter is not accepted again: a case that ``reopens`` a re-reviewed case may only be
  ``not_accepted``; a case is reopened only after an unsatisfied follow-up (满意度“不满意”).

A request made too late is a fact the record must keep: it is an error only when the organ nevertheless
accepted it (any result other than ``not_accepted``), a warning while it waits for an answer. An organ that
answers late is flagged as a warning (the record stays true), like an overdue case.

The rules are declared through ``generator.registry``; they see only files that passed
the schema, and yield problems with pointers that ``validate.place`` turns into ``line:col``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterator, Protocol

from . import registry, rules
from .errors import Pointer, Problem, error, warning
from .model import parse_date
from .schema import schema

Data = dict[str, Any]


class _Source(Protocol):
    path: str
    file: Path
    kind: str
    data: Data


class _Context(Protocol):
    today: date
    cases: list[Any]


class _Say:
    """Words the problems of one case file, naming fields by their schema titles (as ``validate._Rule``)."""

    def __init__(self, src: _Source) -> None:
        self.src = src
        self.schema = schema("case")

    def label(self, pointer: Pointer, code: str) -> str:
        return self.schema.labels(pointer).get(code, code)

    def error(self, pointer: Pointer, message: str, code: str) -> Problem:
        return error(self.src.path, f"{self.schema.field_name(pointer)}：{message}", pointer, code)

    def warning(self, pointer: Pointer, message: str, code: str) -> Problem:
        return warning(self.src.path, f"{self.schema.field_name(pointer)}：{message}", pointer, code)


_d = parse_date  # the one parser of validated date texts (model.parse_date)


# -- satisfaction (满意度) ------------------------------------------------------------------------------

@registry.rule("case")
def case_satisfaction(ctx: _Context, src: _Source) -> Iterator[Problem]:
    """满意度征询: not before the written answer, not in the future, and its answer is recorded."""
    if "satisfaction_asked" not in src.data.get("conclusion", {}):
        return
    say, conclusion = _Say(src), src.data["conclusion"]
    at: Pointer = ("conclusion", "satisfaction_asked")
    asked, concluded = _d(conclusion["satisfaction_asked"]["date"]), _d(conclusion["date"])
    if asked < concluded:
        yield say.error((*at, "date"), f"“{asked}” 早于办结日期 {concluded}：办结后才能征询满意度", "date-order")
    if asked > ctx.today:
        yield say.error((*at, "date"), f"“{asked}” 晚于今天（{ctx.today}）", "future-date")
    if "satisfaction" not in conclusion:
        yield say.error(at, "已征询满意度，须填写满意度 satisfaction（满意、基本满意、不满意）", "satisfaction")


# -- review and re-review (复查、复核) ---------------------------------------------------------------------

@registry.rule("case")
def case_reviews(ctx: _Context, src: _Source) -> Iterator[Problem]:
    """复查 then 复核, each requested within 30 days of the answer before it and answered within 30 days."""
    if "reviews" not in src.data:
        return
    say, d = _Say(src), src.data
    if "conclusion" not in d:
        yield say.error(("reviews",), "尚未办结、没有书面答复，不能请求复查或复核", "review-order")
        return
    written, after_written = clock_start(d["conclusion"], "date", "书面答复（办结日期）")
    review: Data | None = None
    final = False
    for i, request in enumerate(d["reviews"]):
        at: Pointer = ("reviews", i)
        if final:
            yield say.error((*at, "kind"), "复核意见为终结意见：复核之后不能再请求复查或复核", "review-order")
            continue
        if request["kind"] == "review":
            if review is not None:
                yield say.error((*at, "kind"), "同一事项只能请求一次复查；不服复查意见的，请记为复核（re_review）", "review-order")
                continue
            review, base, after = request, written, after_written
        else:
            final = True
            if review is None:
                yield say.error((*at, "kind"), "复核须在复查之后：请先记录复查请求（review）", "review-order")
                continue
            if "answered" not in review:
                yield say.error((*at, "kind"), "复查尚未答复（没有答复日期 answered），不能请求复核", "review-order")
                continue
            base, after = clock_start(review, "answered", "复查答复")
        yield from _delivery(ctx, say, at, request)
        yield from _request_clock(ctx, say, at, request, base, after)
        yield from _answer_clock(ctx, say, at, request)


def clock_start(answer: Data, dated: str, what: str) -> tuple[date, str]:
    """Where the petitioner's 30 days start (条例: 自收到书面答复之日起): the recorded delivery (送达日期),
    else the answer's own date; and the words naming it in a message."""
    if answer.get("delivered"):
        return _d(answer["delivered"]), f"{what.split('（')[0]}送达"
    return _d(answer[dated]), what


def _delivery(ctx: _Context, say: _Say, at: Pointer, answer: Data, dated: str = "answered") -> Iterator[Problem]:
    """送达日期: not before the answer it delivers, not in the future; only once there is an answer."""
    if "delivered" not in answer:
        return
    delivered = _d(answer["delivered"])
    if dated not in answer:
        yield say.error((*at, "delivered"), f"尚未答复（没有{say.schema.field_name((*at, dated)).split(' ')[0]}），不应填写送达日期",
                        "review-answer")
        return
    if delivered < _d(answer[dated]):
        yield say.error((*at, "delivered"), f"“{delivered}” 早于{say.schema.field_name((*at, dated)).split(' ')[0]} {answer[dated]}",
                        "date-order")
    if delivered > ctx.today:
        yield say.error((*at, "delivered"), f"“{delivered}” 晚于今天（{ctx.today}）", "future-date")


@registry.rule("case")
def case_delivery(ctx: _Context, src: _Source) -> Iterator[Problem]:
    """The written answer's 送达日期 (conclusion.delivered): on or after the conclusion, not in the future."""
    if "conclusion" in src.data:
        yield from _delivery(ctx, _Say(src), ("conclusion",), src.data["conclusion"], "date")


def _request_clock(ctx: _Context, say: _Say, at: Pointer, request: Data, base: date, after: str) -> Iterator[Problem]:
    """The petitioner's 30 days (rules.review_request_due), counted from the answer the request contests."""
    requested = _d(request["requested"])
    kind = say.label((*at, "kind"), request["kind"])
    if requested < base:
        yield say.error((*at, "requested"), f"“{requested}” 早于{after} {base}", "date-order")
    if requested > ctx.today:
        yield say.error((*at, "requested"), f"“{requested}” 晚于今天（{ctx.today}）", "future-date")
    due = rules.review_request_due(base)
    if requested > due:
        late = (f"“{requested}” 超过{kind}请求期限 {due}（{after} {base} 起 {rules.REVIEW_REQUEST_DAYS} 日内），"
                "应不予受理")
        if "answered" not in request:
            yield say.warning((*at, "requested"), late, "review-late")
        elif request.get("result") != "not_accepted":
            yield say.error((*at, "requested"), f"{late}（答复结果应为 not_accepted）", "review-late")


def _answer_clock(ctx: _Context, say: _Say, at: Pointer, request: Data) -> Iterator[Problem]:
    """The organ's 30 days (rules.review_answer_due); an answer carries its result, no answer no opinion."""
    requested = _d(request["requested"])
    due = rules.review_answer_due(requested)
    answered = _d(request.get("answered"))
    if answered is None:
        if rules.is_overdue(due, None, ctx.today):
            yield say.warning((*at, "requested"), f"答复期限 {due} 已过（收到请求之日起 {rules.REVIEW_ANSWER_DAYS} 日），"
                              f"截至 {ctx.today} 仍未答复", "review-overdue")
        for key in ("result", "opinion", "public_opinion"):
            if key in request:
                yield say.error((*at, key), "尚未答复（没有答复日期 answered），不应填写此项", "review-answer")
        return
    if answered < requested:
        yield say.error((*at, "answered"), f"“{answered}” 早于请求日期 {requested}", "date-order")
    if answered > ctx.today:
        yield say.error((*at, "answered"), f"“{answered}” 晚于今天（{ctx.today}）", "future-date")
    if answered > due:
        yield say.warning((*at, "answered"), f"“{answered}” 超过答复期限 {due}（收到请求之日起 {rules.REVIEW_ANSWER_DAYS} 日内）",
                          "review-overdue")
    if "result" not in request:
        yield say.error((*at, "answered"), "已答复，须填写答复结果 result", "review-answer")


# -- reopening (重新办理) ---------------------------------------------------------------------------------

@registry.repository_rule
def reopened_cases(ctx: _Context) -> Iterator[Problem]:
    """A reopened case follows an unsatisfied, concluded case; never a re-reviewed one (复核终结)."""
    cases = {src.data["id"]: src for src in ctx.cases}
    for src in ctx.cases:
        target_id = src.data.get("reopens")
        if target_id is None:
            continue
        say = _Say(src)
        if target_id == src.data["id"]:
            yield say.error(("reopens",), f"“{target_id}” 是本事项自身", "reopen")
            continue
        target = cases.get(target_id)
        if target is not None:  # a missing one is reported by validate.references
            yield from _reopen_target(say, src.data, target)


def _reopen_target(say: _Say, case: Data, target: _Source) -> Iterator[Problem]:
    old = target.data
    conclusion = old.get("conclusion")
    if conclusion is None:
        yield say.error(("reopens",), f"“{old['id']}” 尚未办结：请在原事项中继续办理，不要重新登记", "reopen")
        return
    satisfaction = conclusion.get("satisfaction")
    if satisfaction != "unsatisfied":
        shown = say.label(("conclusion", "satisfaction"), satisfaction) if satisfaction else "未填写"
        yield say.error(("reopens",), f"“{old['id']}” 的满意度为{shown}：只有回访不满意的事项才重新办理", "reopen")
    if case["received"] < conclusion["date"]:
        yield say.error(("received",), f"“{case['received']}” 早于原事项 {old['id']} 的办结日期 {conclusion['date']}", "date-order")
    re_reviewed = any(r["kind"] == "re_review" for r in old.get("reviews", ()))
    if re_reviewed and case["status"] not in ("registered", "not_accepted"):
        yield say.error(("reopens",), f"“{old['id']}” 已经复核，复核意见为终结意见，同一事项不再受理："
                        "本事项应为不予受理（status: not_accepted）", "re-review-final")
