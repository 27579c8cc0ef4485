"""分类处理 and 不予受理: the rules on ``route`` and ``not_accepted`` of a case (validation rules).

The seed requires letters to be handled "按照……通过法定途径分类处理职工信访投诉请求" and the 信访工作条例 that a
petition be accepted or refused in writing within 15 days of receipt. So:

- a case that is not accepted (``status: not_accepted``) records when the petitioner was told and on which
  ground (``not_accepted: {date, category}``); no other case carries that record;
- a refusal because the matter belongs to a lawful route (诉讼、仲裁、行政复议 …) names that route
  (``route: {kind, date, body}``), and a refused case was not "kept as 信访";
- every route other than 信访 names the body that handles it; its date and the refusal's lie between
  receipt and today; a refusal later than the 15 days is a warning (the record stays true);
- an accepted case that was led into a lawful route is a warning: the two procedures should not run side by side.

The reports (quarterly letters, yearly figures) read the same fields through ``model.Case.route`` and
``model.Case.not_accepted``.
"""

from __future__ import annotations

from typing import Iterator


from . import registry, rules
from .errors import Problem
from .model import parse_date
from .schema import FieldRule as _Rule

# Routes that lead a demand out of the petition procedure into the one the law provides (法定途径).
LAWFUL_ROUTES = ("arbitration", "litigation", "labor_inspection", "work_ability", "administrative_review")
KEPT = "petition"  # 按信访程序办理




@registry.rule("case")
def case_not_accepted(ctx, src) -> Iterator[Problem]:
    """不予受理: the record of the refusal exists exactly when the status says so, dated in time."""
    r, d = _Rule(src), src.data
    record = d.get("not_accepted")
    if d["status"] == "not_accepted" and record is None:
        yield r.error(("status",), "不予受理的事项须填写不予受理 not_accepted：书面告知日期 date 和类别 category", "not-accepted")
    if record is None:
        return
    if d["status"] != "not_accepted":
        yield r.error(("not_accepted",), "只有不予受理（status: not_accepted）的事项才填写", "not-accepted")
    received, told = parse_date(d["received"]), parse_date(record["date"])
    if told < received:
        yield r.error(("not_accepted", "date"), f"“{told}” 早于收到日期 {received}", "date-order")
    if told > ctx.today:
        yield r.error(("not_accepted", "date"), f"“{told}” 晚于今天（{ctx.today}）", "future-date")
    due = rules.acceptance_due(received)
    if told > due:
        yield r.warning(("not_accepted", "date"), f"“{told}” 超过告知期限 {due}（收到之日起 {rules.ACCEPTANCE_DAYS} 日）",
                        "acceptance-late")
    route = d.get("route")
    if record["category"] == "legal_route" and (route is None or route["kind"] not in LAWFUL_ROUTES):
        where = ("route", "kind") if route else ("not_accepted", "category")
        yield r.error(where, "因应通过法定途径解决而不予受理的，须在处理途径 route 中写明导入的法定途径"
                             "（仲裁、诉讼、劳动保障监察、劳动能力鉴定或行政复议）", "route")
    elif route is not None and route["kind"] == KEPT:
        yield r.error(("route", "kind"), "不予受理的事项不能按信访程序办理（petition）", "route")


@registry.rule("case")
def case_route(ctx, src) -> Iterator[Problem]:
    """处理途径: dated between receipt and today, naming the body unless it stays with us as 信访."""
    if "route" not in src.data:
        return
    r, d = _Rule(src), src.data
    route = d["route"]
    received, when = parse_date(d["received"]), parse_date(route["date"])
    if when < received:
        yield r.error(("route", "date"), f"“{when}” 早于收到日期 {received}", "date-order")
    if when > ctx.today:
        yield r.error(("route", "date"), f"“{when}” 晚于今天（{ctx.today}）", "future-date")
    if route["kind"] != KEPT and "body" not in route:
        label = r.schema.labels(("route", "kind"))[route["kind"]]
        yield r.error(("route", "kind"), f"{label}须填写受理机关 body（有权处理的机关或转交的工会）", "route")
    if route["kind"] == KEPT and "body" in route:
        yield r.error(("route", "body"), "按信访程序办理的事项不填写受理机关", "route")
    if route["kind"] in LAWFUL_ROUTES and d["status"] in ("accepted", "assigned", "concluded"):
        label = r.schema.labels(("route", "kind"))[route["kind"]]
        yield r.warning(("route", "kind"), f"已导入{label}途径，却又按信访程序受理办理：请核对状态或处理途径", "route")


