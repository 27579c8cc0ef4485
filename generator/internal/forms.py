"""The paperwork an office prints and signs for each case, as finished view objects.

A matter that came through a leader's reception (接访、约访、下访) or that a leader took as a package (包案)
gets the seed's 四单一纪要: 登记单, 交办单 (one per assignment), 督办单 (one per supervision), 办结单 and
协调会议纪要 (one per coordination meeting). Every other letter, call, online or referred petition gets the
ordinary 信访事项登记表 (titled by its channel: 职工来信登记表, 职工来电登记表 …), 交办单 and 督办函.

Each form carries an office number, a yearly running number per form type (交〔2026〕12号, ``numbering``),
with the case id as its reference; dates are written 2026年6月18日; nothing on the paper says which program
made it (the holiday basis of computed deadlines is shown on screen only, for the staff).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import rules
from ..holidays import case_date_spans
from ..model import Case, Decision, HistoryEntry, Participant
from .names import Names, cn_date

# The order the forms are printed and listed in, with their Chinese names as 四单一纪要.
FORM_KINDS: dict[str, str] = {
    "registration": "登记单",
    "assignment": "交办单",
    "supervision": "督办单",
    "conclusion": "办结单",
    "meeting": "协调会议纪要",
}

# 发文字号 prefix of each form type: one running number a year per type (登〔2026〕3号, 交〔2026〕12号 …).
NUMBER_PREFIX: dict[str, str] = {
    "registration": "登", "assignment": "交", "supervision": "督", "conclusion": "结", "meeting": "纪",
    "result_report": "呈",  # 办理结果报告 (呈阅件) to a leader, internal/duties.py
}

# The title of an ordinary matter's registration form, by channel (信访事项登记表 as the channel calls it).
ORDINARY_REGISTRATION: dict[str, str] = {
    "letter": "职工来信登记表", "call": "职工来电登记表", "online": "网上信访事项登记表",
    "referral": "转送信访事项登记表", "visit": "职工来访登记表",
}

# Where a leader met the petitioner in person (约访、下访) besides the reception the case came through.
LEADER_MEETINGS = ("appointment", "field_visit")


@dataclass(frozen=True)
class Field:
    """One cell pair of a form: a label and its value; ``wide`` spans the whole row (long text)."""

    label: str
    value: str
    wide: bool = False


@dataclass(frozen=True)
class FormView:
    """One printable form (一张单据), laid out by ``form.html`` and ``docx``.

    ``rows`` is the bordered table; ``paragraphs`` the prose of a 纪要; ``receipt`` the 回执 under a cut line
    (督办单); ``signatures`` the lines signed by hand; ``distribution`` the 分送 line; ``issuer`` and
    ``issued`` the 落款 (organ and date in 年月日). ``notices`` and ``calendar`` are shown on screen only.
    """

    kind: str
    kind_label: str
    heading: str
    case_id: str
    case_title: str
    number: str
    short: str
    file: str
    rows: tuple[tuple[Field, ...], ...]
    signatures: tuple[str, ...]
    dated: date
    issuer: str = ""
    issued: str = ""
    paragraphs: tuple[str, ...] = ()
    receipt: tuple[tuple[Field, ...], ...] = ()
    distribution: str = ""
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


# ------------------------------------------------------------------ which paperwork, and its numbers

def leader_matter(case: Case) -> bool:
    """四单一纪要 apply: the case came through a leader's reception, a leader met the petitioner by appointment
    or on a field visit, or a leader took it as a package."""
    return case.package is not None or bool(case.reception) or any(case.entries(t) for t in LEADER_MEETINGS)


FormKey = tuple[str, str, int]  # (case id, kind, n): the n-th form of that kind of one case


def _keys(case: Case) -> list[tuple[FormKey, date]]:
    """Every form a case's record supports, with the date it is dated."""
    keys = [((case.id, "registration", 1), case.received)]
    for kind in ("assignment", "supervision", "meeting"):
        keys += [((case.id, kind, i), e.date) for i, e in enumerate(case.entries(kind), 1)]
    if case.conclusion:
        keys.append(((case.id, "conclusion", 1), case.conclusion.date))
    keys += [((case.id, "result_report", i), r.date) for i, r in enumerate(case.result_reports, 1)]
    return keys


def numbering(cases: tuple[Case, ...] | list[Case]) -> dict[FormKey, str]:
    """发文字号 of every form: per form type and year of the form's date, numbered in the order of the dates
    (ties: case id, then the order in the case's history). Offices record steps as they happen, so a new
    form is dated on or after every form already numbered and takes the next number: every number issued
    earlier stays what it was. Only a step recorded with a date before already printed forms of its type
    and year moves their numbers up by one (that is a backdated record and the reviewer sees it)."""
    dated = sorted((d.year, key[1], d, key[0], key[2]) for c in cases for key, d in _keys(c))
    counters: dict[tuple[int, str], int] = {}
    numbers: dict[FormKey, str] = {}
    for year, kind, _, case_id, n in dated:
        counters[(year, kind)] = counters.get((year, kind), 0) + 1
        numbers[(case_id, kind, n)] = f"{NUMBER_PREFIX[kind]}〔{year}〕{counters[(year, kind)]}号"
    return numbers


# ------------------------------------------------------------------ shared parts

def case_years(case: Case) -> set[int]:
    """The years the case's computed dates run through (受理告知、办结、复查复核期限): ``holidays.case_date_spans``."""
    return {y for _, a, b in case_date_spans(case.raw) for y in range(a, b + 1)}


def case_notices(case: Case) -> tuple[str, ...]:
    """Calendar notices (需人工核对) for the years the case's deadlines were computed in."""
    return tuple(n.message for n in rules.calendar_notices(case_years(case)))


def _origin_prefix(case: Case) -> str:
    """The series a leader's form belongs to: the reception's 接访 forms or a package's forms."""
    return "领导干部接待职工群众来访" if case.reception or any(case.entries(t) for t in LEADER_MEETINGS) \
        else "领导包案信访事项"


def _heading(names: Names, case: Case, kind: str, entry: HistoryEntry | None = None) -> tuple[str, str]:
    """(title, short label) of a form, fitting how the matter came."""
    union = names.repo.union.name
    if leader_matter(case):
        label = FORM_KINDS[kind]
        return f"{union}{_origin_prefix(case)}{label}", label
    label = {"registration": ORDINARY_REGISTRATION[case.channel], "assignment": "信访事项交办单",
             "supervision": "信访事项督办函" if entry and entry.method == "letter" else "信访事项督办单",
             "conclusion": "信访事项办结单", "meeting": "信访事项协调会议纪要"}[kind]
    return f"{union}{label}", label


def _form(names: Names, numbers: dict[FormKey, str], case: Case, kind: str, n: int, dated: date, *,
          entry: HistoryEntry | None = None, **parts: object) -> FormView:
    heading, label = _heading(names, case, kind, entry)
    suffix = f"-{n}" if kind in ("assignment", "supervision", "meeting") else ""
    union = names.repo.union
    return FormView(
        kind=kind, kind_label=label, heading=heading, case_id=case.id, case_title=case.title,
        number=numbers[(case.id, kind, n)], short=f"{label}{n if suffix else ''}",
        file=f"forms/{case.id}/{kind}{suffix}.html", dated=dated, issuer=f"{union.name}{union.department}",
        issued=cn_date(dated), notices=case_notices(case), calendar=rules.describe_sources(case_years(case)),
        **parts)  # type: ignore[arg-type]


def _origin(names: Names, case: Case) -> str:
    """How the case came: channel plus the reception, the addressee or the referring organ."""
    text = names.channels[case.channel]
    if case.reception:
        rec = names.repo.reception(case.reception)
        return f"{text}（{names.modes[rec.mode]}，{names.leader_name(rec.leader)}接待）" if rec else text
    if case.letter:
        to = names.addressees[case.letter.addressee]
        urgent = "，重大紧急" if case.letter.urgent else ""
        return f"{text}（写给{to}{urgent}）"
    if case.referral_organ:
        return f"{text}（{case.referral_organ}转来）"
    return text


def _instructions(names: Names, case: Case, until: date | None = None) -> str:
    """领导批示: every instruction entry (阅批) up to a date, in the leader's words, with the day written."""
    entries = [e for e in case.entries("instruction") if until is None or e.date <= until]
    return "\n".join(f"{e.note or e.public_note}（{names.leader_name(e.leader)}，{cn_date(e.date)}）" for e in entries)


def _leader_words(names: Names, case: Case) -> list[Field]:
    """The words that head a registration: 领导接谈意见 at a reception, else the office's 拟办意见; then 领导批示."""
    entry = case.entries("registration")[0]
    label = "领导接谈意见" if case.reception else "拟办意见"
    fields = [Field(label, entry.note or entry.public_note or "", wide=True)]
    instructed = _instructions(names, case)
    if instructed:
        fields.append(Field("领导批示", instructed, wide=True))
    return fields


# ------------------------------------------------------------------ the forms

def registration(names: Names, numbers: dict[FormKey, str], case: Case) -> FormView:
    """登记单 / 登记表: who came, about what, what they ask, and the first words on it."""
    fields = [
        Field("事项编号", case.id), Field("登记日期", cn_date(case.received)),
        Field("来源渠道", _origin(names, case)), Field("问题类别", names.topics[case.topic]),
        Field("信访人", names.petitioners(case), wide=True),
        Field("联系电话", "、".join(p.phone for p in case.petitioners if p.phone) or "—"),
        Field("身份证号", "、".join(p.id_number for p in case.petitioners if p.id_number) or "—"),
        Field("住址", "、".join(p.address for p in case.petitioners if p.address) or "—", wide=True),
        Field("问题发生地", names.region(case)), Field("受理期限", cn_date(case.acceptance_due)),
        Field("事项标题", case.title, wide=True),
        Field("反映情况", case.summary, wide=True),
        Field("诉求", case.demands or "—", wide=True),
        *_leader_words(names, case),
        Field("受理情况", f"{cn_date(case.accepted)}受理" if case.accepted else names.statuses[case.status], wide=True),
    ]
    return _form(names, numbers, case, "registration", 1, case.received, rows=_rows(fields),
                 signatures=("登记人", "审核人"))


def assignment(names: Names, numbers: dict[FormKey, str], case: Case, entry: HistoryEntry, n: int) -> FormView:
    """交办单: the case handed to the 承办单位 with the leader's instruction and a completion requirement."""
    due = entry.deadline or case.deadline
    department = names.repo.union.department
    fields = [
        Field("承办单位", names.unit(entry.unit)), Field("交办日期", cn_date(entry.date)),
        Field("事项编号", case.id), Field("问题类别", names.topics[case.topic]),
        Field("包案领导", names.package_leader(case) or "—"), Field("办结时限", cn_date(due)),
        Field("信访人", names.petitioners(case), wide=True),
        Field("反映情况", case.summary, wide=True),
        Field("诉求", case.demands or "—", wide=True),
    ]
    instructed = _instructions(names, case, entry.date)
    if instructed:
        fields.append(Field("领导批示", instructed, wide=True))
    fields += [
        Field("交办意见", entry.note or entry.public_note or "—", wide=True),
        Field("办理要求", f"请于{cn_date(due)}前办结，并将办理结果书面报告{department}。", wide=True),
    ]
    return _form(names, numbers, case, "assignment", n, entry.date, rows=_rows(fields),
                 signatures=("承办单位签收人", "签收日期"))


def _reply(case: Case, entry: HistoryEntry) -> str:
    """What the unit reported after this supervision: the progress entries up to its report."""
    if not entry.reported:
        return ""
    steps = [h for h in case.history if h.type in ("progress", "conclusion") and entry.date <= h.date <= entry.reported]
    return "；".join(h.note or h.public_note for h in steps)


def supervision(names: Names, numbers: dict[FormKey, str], case: Case, entry: HistoryEntry, n: int) -> FormView:
    """督办单 (督办函) as issued — 督办事由, 督办要求, 报告期限, 签发人 — with the unit's 回执 below a cut line."""
    union = names.repo.union
    supervised = names.unit(entry.unit)
    demand = (f"请{supervised}于{cn_date(entry.deadline)}前将办理进展书面报告{union.department}"
              f"（填写下方回执）；本事项办结期限为{cn_date(case.deadline)}，逾期未办结的须说明原因。")
    fields = [
        Field("被督办单位", supervised), Field("督办单位", f"{union.name}{union.department}"),
        Field("督办方式", names.methods.get(entry.method or "", "—")), Field("督办日期", cn_date(entry.date)),
        Field("事项编号", case.id), Field("包案领导", names.package_leader(case) or "—"),
        Field("事项标题", case.title, wide=True),
        Field("督办事由", entry.note or entry.public_note or "—", wide=True),
        Field("督办要求", demand, wide=True),
        Field("报告期限", cn_date(entry.deadline)), Field("签发人", names.leader_name(case.package.leader) if case.package else ""),
    ]
    receipt = [
        Field("督办单编号", numbers[(case.id, "supervision", n)]), Field("被督办单位", supervised),
        Field("报告日期", cn_date(entry.reported)), Field("报告期限", cn_date(entry.deadline)),
        Field("办理情况", _reply(case, entry), wide=True),
        Field("承办单位负责人（签字）", ""), Field("承办单位（盖章）", ""),
    ]
    return _form(names, numbers, case, "supervision", n, entry.date, entry=entry, rows=_rows(fields),
                 receipt=_rows(receipt), signatures=())


def _delivery(case: Case) -> str:
    """书面答复送达: the delivery date (送达日期) when recorded, else a line to fill in by hand."""
    conclusion = case.raw.get("conclusion") or {}
    delivered = conclusion.get("delivered")
    if delivered:
        return f"{cn_date(date.fromisoformat(str(delivered)))}送达信访人"
    return "　　年　　月　　日送达信访人（送达方式：　　　　）"


def _petitioner_opinion(names: Names, case: Case) -> str:
    """信访人意见: the satisfaction recorded and how it was asked (满意度征询)."""
    from ..review_views import inquiry_summary
    assert case.conclusion is not None
    said = names.satisfaction.get(case.conclusion.satisfaction or "", "未评价")
    asked = inquiry_summary(case, cn_date)
    return f"{said}（{asked}征询）" if asked else said


def conclusion(names: Names, numbers: dict[FormKey, str], case: Case) -> FormView:
    """办结单: the written result, its delivery, the petitioner's opinion and the 包案领导's review."""
    from ..review_views import review_summary
    assert case.conclusion is not None
    c = case.conclusion
    on_time = {True: "是", False: "否", None: "—"}[case.on_time]
    follow = "；".join(f"{cn_date(h.date)} {h.note or h.public_note}" for h in case.entries("follow_up"))
    fields = [
        Field("事项编号", case.id), Field("办结日期", cn_date(c.date)),
        Field("受理日期", cn_date(case.accepted)), Field("办结期限", cn_date(case.deadline)),
        Field("按期办结", on_time), Field("办理用时", f"{case.days_to_conclusion}天" if case.accepted else "—"),
        Field("承办单位", names.units(case.units) or "—"), Field("包案领导", names.package_leader(case) or "—"),
        Field("信访人", names.petitioners(case), wide=True),
        Field("诉求", case.demands or "—", wide=True),
        Field("办理结果", c.result, wide=True),
        Field("书面答复", _delivery(case), wide=True),
        Field("信访人意见", _petitioner_opinion(names, case), wide=True),
        Field("回访情况", follow or "—", wide=True),
    ]
    reviewed = review_summary(case, cn_date)
    if reviewed:
        fields.append(Field("复查复核", reviewed, wide=True))
    reviewer = "包案领导审核意见" if case.package else "部门负责人审核意见"
    fields.append(Field(reviewer, "", wide=True))
    return _form(names, numbers, case, "conclusion", 1, c.date, rows=_rows(fields),
                 signatures=("承办人", "包案领导" if case.package else "部门负责人"))


def _participant(names: Names, p: Participant) -> str:
    """``刘建国（党组成员、副主席）`` or ``王振华（河南省总工会副主席）``."""
    if p.leader:
        return names.leader(p.leader)
    return f"{p.name}（{names.unit(p.unit)}{p.post}）"


def _decision(names: Names, i: int, d: Decision) -> str:
    """One agreed item: ``一、……。责任单位：河南省总工会；完成时限：2025年3月10日前。``"""
    limit = f"{cn_date(d.deadline)}前" if d.deadline else "持续跟进"
    return f"{chinese_numeral(i)}、{d.item.rstrip('。；')}。责任单位：{names.unit(d.unit)}；完成时限：{limit}。"


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """一 … 九十九, as items are numbered in 公文."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else _DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"


def _meeting_paragraphs(names: Names, case: Case, entry: HistoryEntry) -> tuple[str, ...]:
    """The 纪要 as prose: when, where, who chaired, what for; what was agreed, item by item; who attended."""
    chair = names.repo.leaders.get(entry.leader or "")
    chaired = f"{chair.title}{chair.name}" if chair else "包案领导"
    where = f"在{entry.location}" if entry.location else ""
    units = names.units(entry.attendees)
    opening = (f"{cn_date(entry.date)}，{chaired}{where}主持召开协调会议，专题研究“{case.title}”"
               f"（{case.id}）的办理。{units}有关负责同志参加会议。")
    paragraphs = [opening]
    if entry.minutes or entry.note:
        paragraphs.append(entry.minutes or entry.note)
    if entry.decisions:
        paragraphs.append("会议议定事项如下：")
        paragraphs += [_decision(names, i, d) for i, d in enumerate(entry.decisions, 1)]
    if entry.participants:
        paragraphs.append("参加会议人员：" + "、".join(_participant(names, p) for p in entry.participants) + "。")
    return tuple(paragraphs)


def _distribution(names: Names, case: Case, entry: HistoryEntry) -> str:
    """分送: the package leader, the units that attended and every unit responsible for an agreed item."""
    units = list(dict.fromkeys([*entry.attendees, *(d.unit for d in entry.decisions)]))
    leader = [f"{names.leader_name(case.package.leader)}同志"] if case.package else []
    return "，".join([*leader, *(names.unit(u) for u in units)]) + "。"


def meeting(names: Names, numbers: dict[FormKey, str], case: Case, entry: HistoryEntry, n: int) -> FormView:
    """协调会议纪要: prose with place, chair, participants, each agreed item with its unit and time limit, 分送."""
    return _form(names, numbers, case, "meeting", n, entry.date, rows=(), signatures=(),
                 paragraphs=_meeting_paragraphs(names, case, entry), distribution=_distribution(names, case, entry))


def case_forms(names: Names, case: Case, numbers: dict[FormKey, str] | None = None) -> list[FormView]:
    """Every form the case's history supports, in the order of ``FORM_KINDS``; ``numbers`` from
    ``numbering`` over every case of the repository (the running numbers are the office's, not the case's)."""
    numbers = numbers if numbers is not None else numbering(names.repo.cases)
    forms = [registration(names, numbers, case)]
    forms += [assignment(names, numbers, case, e, i) for i, e in enumerate(case.entries("assignment"), 1)]
    forms += [supervision(names, numbers, case, e, i) for i, e in enumerate(case.entries("supervision"), 1)]
    if case.conclusion:
        forms.append(conclusion(names, numbers, case))
    forms += [meeting(names, numbers, case, e, i) for i, e in enumerate(case.entries("meeting"), 1)]
    return forms
