"""四单一纪要: the five forms a leader's case produces, as finished view objects.

For every case the history supports: 登记单 (registration), 交办单 (one per assignment), 督办单 (one per
supervision), 办结单 (once concluded) and 协调会议纪要 (one per coordination meeting). The views hold
finished strings; the template only lays them out (a title, a bordered table, signature and date lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import rules
from ..holidays import case_date_spans
from ..model import Case, HistoryEntry
from .names import Names, fmt_date

# The order the forms are printed and listed in, with their Chinese names.
FORM_KINDS: dict[str, str] = {
    "registration": "登记单",
    "assignment": "交办单",
    "supervision": "督办单",
    "conclusion": "办结单",
    "meeting": "协调会议纪要",
}


@dataclass(frozen=True)
class Field:
    """One cell pair of a form: a label and its value; ``wide`` spans the whole row (long text)."""

    label: str
    value: str
    wide: bool = False


@dataclass(frozen=True)
class FormView:
    """One printable form (一张单据)."""

    kind: str
    kind_label: str
    heading: str
    case_id: str
    case_title: str
    serial: str
    short: str
    file: str
    rows: tuple[tuple[Field, ...], ...]
    signatures: tuple[str, ...]
    dated: date
    notices: tuple[str, ...] = ()
    calendar: str = ""  # 节假日依据: which calendar decided the case's deadlines (rules.describe_sources)


def _rows(fields: list[Field]) -> tuple[tuple[Field, ...], ...]:
    """Pair short fields two to a row; a wide field takes a row of its own."""
    rows: list[tuple[Field, ...]] = []
    pending: list[Field] = []
    for f in fields:
        if f.wide:
            if pending:
                rows.append(tuple(pending))
                pending = []
            rows.append((f,))
        else:
            pending.append(f)
            if len(pending) == 2:
                rows.append(tuple(pending))
                pending = []
    if pending:
        rows.append(tuple(pending))
    return tuple(rows)


def _form(names: Names, case: Case, kind: str, n: int, fields: list[Field], signatures: tuple[str, ...],
          dated: date) -> FormView:
    label = FORM_KINDS[kind]
    suffix = f"-{n}" if kind in ("assignment", "supervision", "meeting") else ""
    return FormView(
        kind=kind, kind_label=label, heading=f"{names.repo.union.name}领导干部接待群众来访{label}",
        case_id=case.id, case_title=case.title, serial=f"{case.id}-{label}{n if suffix else ''}",
        short=f"{label}{n if suffix else ''}",
        file=f"forms/{case.id}/{kind}{suffix}.html", rows=_rows(fields), signatures=signatures, dated=dated,
        notices=case_notices(case), calendar=rules.describe_sources(case_years(case)))


def case_years(case: Case) -> set[int]:
    """The years the case's computed dates run through (受理告知、办结、复查复核期限): ``holidays.case_date_spans``."""
    return {y for _, a, b in case_date_spans(case.raw) for y in range(a, b + 1)}


def case_notices(case: Case) -> tuple[str, ...]:
    """Calendar notices (需人工核对) for the years the case's deadlines were computed in."""
    return tuple(n.message for n in rules.calendar_notices(case_years(case)))


def _origin(names: Names, case: Case) -> str:
    """How the case came: channel plus the reception, the addressee or the referring organ."""
    text = names.channels[case.channel]
    if case.reception:
        rec = names.repo.reception(case.reception)
        return f"{text}（{case.reception} {names.modes[rec.mode]}，{names.leader_name(rec.leader)}）" if rec else text
    if case.letter:
        to = names.addressees[case.letter.addressee]
        urgent = "，重大紧急" if case.letter.urgent else ""
        return f"{text}（写给{to}{urgent}）"
    if case.referral_organ:
        return f"{text}（{case.referral_organ}）"
    return text


def registration(names: Names, case: Case) -> FormView:
    """登记单: who came, about what, and what they ask."""
    entry = case.entries("registration")[0]
    fields = [
        Field("事项编号", case.id), Field("收到日期", fmt_date(case.received)),
        Field("来源渠道", _origin(names, case)), Field("问题类别", names.topics[case.topic]),
        Field("信访人", names.petitioners(case), wide=True),
        Field("联系电话", "、".join(p.phone for p in case.petitioners if p.phone) or "—"),
        Field("身份证号", "、".join(p.id_number for p in case.petitioners if p.id_number) or "—"),
        Field("住址", "、".join(p.address for p in case.petitioners if p.address) or "—", wide=True),
        Field("问题发生地", names.region(case)), Field("受理期限", fmt_date(case.acceptance_due)),
        Field("事项标题", case.title, wide=True),
        Field("反映情况", case.summary, wide=True),
        Field("诉求", case.demands or "—", wide=True),
        Field("登记记录", entry.note or "—", wide=True),
        Field("受理情况", f"{fmt_date(case.accepted)} 受理" if case.accepted else names.statuses[case.status], wide=True),
    ]
    return _form(names, case, "registration", 1, fields, ("登记人", "审核人"), case.received)


def assignment(names: Names, case: Case, entry: HistoryEntry, n: int) -> FormView:
    """交办单: the case handed to the responsible unit with a completion requirement."""
    due = entry.deadline or case.deadline
    fields = [
        Field("事项编号", case.id), Field("交办日期", fmt_date(entry.date)),
        Field("承办单位", names.unit(entry.unit)), Field("办结时限", fmt_date(due)),
        Field("包案领导", names.package_leader(case) or "—"), Field("问题类别", names.topics[case.topic]),
        Field("信访人", names.petitioners(case), wide=True),
        Field("反映情况", case.summary, wide=True),
        Field("诉求", case.demands or "—", wide=True),
        Field("交办意见", entry.note or entry.public_note or "—", wide=True),
        Field("办理要求", f"请于 {fmt_date(due)} 前办结，并将办理结果书面报告。", wide=True),
    ]
    return _form(names, case, "assignment", n, fields, ("交办人", "承办单位签收"), entry.date)


def _report_state(entry: HistoryEntry, today: date) -> str:
    """Whether the unit reported: on which day, or how many days late so far."""
    if entry.reported:
        return f"{fmt_date(entry.reported)} 已书面报告"
    if entry.deadline and entry.supervision_overdue(today):
        return f"逾期未报告（截至 {fmt_date(today)} 已逾期 {rules.days_between(entry.deadline, today)} 天）"
    return "尚未报告（未到期限）"


def supervision(names: Names, case: Case, entry: HistoryEntry, n: int, today: date) -> FormView:
    """督办单: one per supervision — method, unit, deadline and whether the unit reported."""
    overdue = "是" if case.is_overdue(today) else "否"
    fields = [
        Field("事项编号", case.id), Field("督办日期", fmt_date(entry.date)),
        Field("督办方式", names.methods.get(entry.method or "", "—")), Field("督办单位", names.unit(entry.unit)),
        Field("报告期限", fmt_date(entry.deadline)), Field("办结期限", fmt_date(case.deadline)),
        Field("包案领导", names.package_leader(case) or "—"), Field("事项超期", overdue),
        Field("事项标题", case.title, wide=True),
        Field("督办事由", entry.note or entry.public_note or "—", wide=True),
        Field("报告情况", _report_state(entry, today), wide=True),
    ]
    return _form(names, case, "supervision", n, fields, ("督办人", "承办单位签收"), entry.date)


def conclusion(names: Names, case: Case) -> FormView:
    """办结单: the written result, on time or not, and the petitioner's satisfaction."""
    assert case.conclusion is not None
    c = case.conclusion
    on_time = {True: "是", False: "否", None: "—"}[case.on_time]
    follow = "；".join(f"{fmt_date(h.date)} {h.note or h.public_note}" for h in case.entries("follow_up"))
    fields = [
        Field("事项编号", case.id), Field("办结日期", fmt_date(c.date)),
        Field("受理日期", fmt_date(case.accepted)), Field("办结期限", fmt_date(case.deadline)),
        Field("按期办结", on_time), Field("办理用时", f"{case.days_to_conclusion} 天" if case.accepted else "—"),
        Field("承办单位", names.units(case.units) or "—"), Field("信访人评价", names.satisfaction.get(c.satisfaction or "", "未评价")),
        Field("信访人", names.petitioners(case), wide=True),
        Field("诉求", case.demands or "—", wide=True),
        Field("办理结果", c.result, wide=True),
        Field("回访情况", follow or "—", wide=True),
    ]
    # 满意度征询 and 复查/复核 (generator.review_views) only when recorded, so other forms keep their layout.
    from ..review_views import inquiry_summary, review_summary
    fields += [Field(label, text, wide=True) for label, text in (
        ("满意度征询", inquiry_summary(case, fmt_date)), ("复查复核", review_summary(case, fmt_date))) if text]
    return _form(names, case, "conclusion", 1, fields, ("承办人", "包案领导"), c.date)


def meeting(names: Names, case: Case, entry: HistoryEntry, n: int) -> FormView:
    """协调会议纪要: who chaired, which units attended, and what was agreed."""
    fields = [
        Field("事项编号", case.id), Field("会议日期", fmt_date(entry.date)),
        Field("主持领导", names.leader(entry.leader) or "—"), Field("包案领导", names.package_leader(case) or "—"),
        Field("参会单位", names.units(entry.attendees) or "—", wide=True),
        Field("事项标题", case.title, wide=True),
        Field("会议纪要", entry.minutes or entry.note or "—", wide=True),
    ]
    return _form(names, case, "meeting", n, fields, ("记录人", "主持人"), entry.date)


def case_forms(names: Names, case: Case, today: date) -> list[FormView]:
    """Every form the case's history supports, in the order of ``FORM_KINDS``."""
    forms = [registration(names, case)]
    forms += [assignment(names, case, e, i) for i, e in enumerate(case.entries("assignment"), 1)]
    forms += [supervision(names, case, e, i, today) for i, e in enumerate(case.entries("supervision"), 1)]
    if case.conclusion:
        forms.append(conclusion(names, case))
    forms += [meeting(names, case, e, i) for i, e in enumerate(case.entries("meeting"), 1)]
    return forms
