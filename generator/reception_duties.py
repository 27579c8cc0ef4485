"""The seed's duties around receptions (issue 16.7, 16.8, 16.9, 16.11, 16.12): validation rules on the record.

- 重点约访 (``preparation``, ``answer``): "约访前，工会领导干部要了解案情，组织相关责任单位进行研究，初步形成处理
  意见。约访时……形成答复意见，并明确责任主体，限期化解" — a held appointment records both; after it, a case of
  the appointment still open past the 限期化解 date is a warning (督办 against that date).
- 专题接访 (``outcome``): the measures agreed with the departments, the union's policy proposals
  ("从政策层面提出工会的主张和对策"), and who follows up by when; a follow-up past its date is a warning.
- 接访登记 (``batches``): visitors answered on the spot or guided elsewhere, batch by batch, without opening a
  case (a reception that received six batches used to record one case); counted in the yearly figures.
- 改期 (``notified``): "需要调整接访、约访、下访时间的，提前告知……由社会联络部及时联系约访、下访对象或单位":
  a moved or cancelled appointment or field visit records when and how its petitioners or units were told,
  before the day; ``announced`` on the day itself is not 提前.
- 分管领导 (``union.yaml`` ``in_charge``): the leader in charge of petition work; letters forwarded by other
  organs go to them ("呈送全国总工会分管领导阅示") or to the leader whose division covers the letter's topic.
"""

from __future__ import annotations

from typing import Any, Iterator

from . import registry
from .errors import Pointer, Problem
from .model import parse_date
from .schema import FieldRule as _Rule

_MOVED = ("rescheduled", "cancelled")
_NOTIFY_MODES = ("appointment", "field")  # receptions with invited petitioners or units (约访、下访对象或单位)
_RECEIVING_ROLES = ("chairman", "party_group", "secretariat")




def _receptions(src) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    for i, rec in enumerate(src.data["receptions"]):
        yield ("receptions", i), rec


def _only_for(r: _Rule, at: Pointer, rec: dict[str, Any], key: str, mode: str, label: str) -> Iterator[Problem]:
    if key in rec and rec["mode"] != mode:
        yield r.error((*at, key), f"只有{label}填写此项", "reception-record")
    if key in rec and rec["status"] != "held":
        yield r.error((*at, key), f"{label}尚未举行（状态不是已接访 held），不能填写此项", "reception-record")


# -- 7. 重点约访 -----------------------------------------------------------------------------------------------

@registry.rule("schedule")
def schedule_appointment_records(ctx, src) -> Iterator[Problem]:
    """约访前的准备、约访时的答复，约访后按限期化解日期督办."""
    r = _Rule(src)
    statuses = {s.data["id"]: s.data["status"] for s in ctx.cases}
    for at, rec in _receptions(src):
        when = parse_date(rec["date"])
        if "preparation" in rec and rec["mode"] != "appointment":
            yield r.error((*at, "preparation"), "只有重点约访填写此项", "reception-record")
        elif "preparation" in rec and parse_date(rec["preparation"]["date"]) > when:
            yield r.error((*at, "preparation", "date"), f"“{rec['preparation']['date']}” 晚于约访日期 {when}："
                          "约访前须了解案情、组织相关责任单位研究", "reception-record")
        elif "preparation" in rec and parse_date(rec["preparation"]["date"]) > ctx.today:
            yield r.error((*at, "preparation", "date"), f"“{rec['preparation']['date']}” 晚于今天（{ctx.today}）", "future-date")
        yield from _only_for(r, at, rec, "answer", "appointment", "重点约访")
        if rec["mode"] != "appointment" or rec["status"] != "held" or when > ctx.today:  # held ahead: its own error
            continue
        if "preparation" not in rec:
            yield r.warning((*at, "status"), "重点约访已举行，请记录约访准备 preparation：研究日期 date、参加研究的单位 consulted、"
                                             "初步处理意见 opinion", "reception-record")
        answer = rec.get("answer")
        if answer is None:
            yield r.warning((*at, "status"), "重点约访已举行，请记录约访答复 answer：答复意见 opinion、责任主体 responsible、"
                                             "限期化解日期 resolve_by", "reception-record")
            continue
        resolve_by = parse_date(answer["resolve_by"])
        if resolve_by < when:
            yield r.error((*at, "answer", "resolve_by"), f"“{resolve_by}” 早于约访日期 {when}", "date-order")
        open_cases = [c for c in rec.get("cases", ()) if statuses.get(c, "concluded") not in ("concluded", "not_accepted")]
        if ctx.today > resolve_by and open_cases:
            yield r.warning((*at, "answer", "resolve_by"), f"限期化解日期 {resolve_by} 已过，约访事项 {'、'.join(open_cases)} "
                                                           "仍未办结：请督办责任主体", "resolve-overdue")


# -- 8. 专题接访成果 -------------------------------------------------------------------------------------------

@registry.rule("schedule")
def schedule_thematic_outcome(ctx, src) -> Iterator[Problem]:
    """专题接访: measures, proposals and follow-ups recorded once held; follow-ups done by their dates."""
    r = _Rule(src)
    for at, rec in _receptions(src):
        yield from _only_for(r, at, rec, "outcome", "thematic", "专题接访")
        if rec["mode"] != "thematic" or rec["status"] != "held" or parse_date(rec["date"]) > ctx.today:
            continue
        outcome = rec.get("outcome")
        if outcome is None:
            yield r.warning((*at, "status"), "专题接访已举行，请记录专题接访成果 outcome：解决措施 measures、政策主张和对策 proposals、"
                                             "跟进事项 follow_up（跟进单位、任务、完成期限）", "reception-record")
            continue
        when = parse_date(rec["date"])
        for j, item in enumerate(outcome["follow_up"]):
            here = (*at, "outcome", "follow_up", j)
            by, done = parse_date(item["by"]), parse_date(item.get("done"))
            if by < when:
                yield r.error((*here, "by"), f"“{by}” 早于接访日期 {when}", "date-order")
            if done and done < when:
                yield r.error((*here, "done"), f"“{done}” 早于接访日期 {when}", "date-order")
            if done and done > ctx.today:
                yield r.error((*here, "done"), f"“{done}” 晚于今天（{ctx.today}）", "future-date")
            if done is None and ctx.today > by:
                yield r.warning((*here, "by"), f"跟进任务“{item['task']}”的完成期限 {by} 已过，尚未写完成日期 done"
                                               f"（跟进单位 {item['unit']}）", "follow-up-overdue")


# -- 9. 接访登记 ----------------------------------------------------------------------------------------------

@registry.rule("schedule")
def schedule_batches(ctx, src) -> Iterator[Problem]:
    """接访登记: batches answered on the spot or guided elsewhere, without a case; within the people received."""
    r = _Rule(src)
    for at, rec in _receptions(src):
        batches = rec.get("batches")
        if not batches:
            continue
        if rec["status"] != "held":
            yield r.error((*at, "batches"), "只有已接访（held）的场次填写接访登记", "reception-status")
            continue
        for j, batch in enumerate(batches):
            if batch["answer"] == "guided" and "guided_to" not in batch:
                yield r.error((*at, "batches", j, "answer"), "引导去向（guided）须写明引导到哪里 guided_to", "reception-record")
            if batch["answer"] == "on_the_spot" and "guided_to" in batch:
                yield r.error((*at, "batches", j, "guided_to"), "当场答复（on_the_spot）的不写引导去向", "reception-record")
        people = sum(b["people"] for b in batches)
        if "attendance" in rec and people > rec["attendance"]:
            yield r.error((*at, "attendance"), f"{rec['attendance']} 少于接访登记的人数合计 {people}：接待人数包括当场答复、"
                                               "引导去向和登记为信访事项的全部来访人员", "reception-record")


# -- 12. 改期告知 -----------------------------------------------------------------------------------------------

@registry.rule("schedule")
def schedule_rescheduling_notice(ctx, src) -> Iterator[Problem]:
    """改期或取消提前告知: not on the day itself; invited petitioners or units told before the day."""
    r = _Rule(src)
    for at, rec in _receptions(src):
        when, status = parse_date(rec["date"]), rec["status"]
        if status in _MOVED and rec.get("announced") == rec["date"]:
            yield r.error((*at, "announced"), f"“{when}” 是接访当天：当天告知不算提前，改期或取消须提前告知", "reception-status")
        notified = rec.get("notified")
        if notified and status not in _MOVED:
            yield r.error((*at, "notified"), "只有改期或取消的场次填写改期告知", "reception-status")
            continue
        if status in _MOVED and rec["mode"] in _NOTIFY_MODES and not notified:
            yield r.error((*at, "status"), "重点约访、带案下访改期或取消，须记录已告知约访、下访对象或单位：请填写改期告知 notified"
                                           "（告知日期 date、告知方式 method、告知对象 whom）", "reception-status")
        for j, item in enumerate(notified or ()):
            told = parse_date(item["date"])
            if told >= when:
                yield r.error((*at, "notified", j, "date"), f"“{told}” 不早于接访日期 {when}：须提前告知约访、下访对象或单位",
                              "reception-status")
            elif told > ctx.today:
                yield r.error((*at, "notified", j, "date"), f"“{told}” 晚于今天（{ctx.today}）", "future-date")


# -- 11. 分管领导 ---------------------------------------------------------------------------------------------

@registry.repository_rule
def union_in_charge(ctx) -> Iterator[Problem]:
    """分管信访工作的领导: a serving leader; forwarded letters are routed to them."""
    if ctx.union is None or "in_charge" not in ctx.union.data:
        return
    r = _Rule(ctx.union)
    in_charge = ctx.union.data["in_charge"]
    leaders = ctx.leader_ids()
    if ctx.leaders is not None and in_charge not in leaders:
        yield r.error(("in_charge",), f"“{in_charge}” 不存在：reference/leaders.yaml 中没有这个领导", "reference")
        return
    leader = leaders.get(in_charge)
    if leader is None:
        return
    if leader["role"] not in _RECEIVING_ROLES or leader.get("to_year", 9999) < ctx.today.year:
        yield r.error(("in_charge",), f"“{in_charge}” 须是在任的主席、党组成员或书记处书记", "leader-office")
    name = f"{leader['name']}（{in_charge}）"
    for src in ctx.cases:
        letter = src.data.get("letter")
        routed = leaders.get((letter or {}).get("routed_to", in_charge))
        if letter is None or letter["addressee"] != "forwarded" or routed is None or routed["id"] == in_charge:
            continue
        if src.data["topic"] not in routed.get("topics", ()):  # the leader in charge of that matter may read it too
            yield _Rule(src).warning(("letter", "routed_to"), f"中央国家机关等转来的来信呈送分管领导阅示：分管信访工作的领导是 {name}"
                                     f"（union.yaml），{routed['name']}（{routed['id']}）也不分管本事项的问题类别", "letter-routing")
