"""Typed records (案卷模型): what the rest of the tool works with once the files have validated.

Built only from data that passed the schema, so constructors trust shapes and do no checking. Dates are
``datetime.date``; codes stay codes (labels come from the schemas); every computed date comes from
``rules``. Each record keeps ``raw``, the validated mapping, for the one public projection (``public``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime
from datetime import date
from typing import Any, Mapping, overload

from . import rules
from .levels import held_to_rule


@overload
def parse_date(value: str) -> date: ...
@overload
def parse_date(value: str | None) -> date | None: ...
def parse_date(value: str | None) -> date | None:
    """A validated date text (YYYY-MM-DD) as a date; None when absent (a validated date is never empty)."""
    return date.fromisoformat(value) if value else None


_date = parse_date


def reception_slot(raw: Mapping[str, Any]) -> tuple[str, str] | None:
    """The half-day a reception takes (日期, 时段) as texts; none once cancelled or rescheduled.

    A rescheduled reception gives up its slot: the plan records the new day as a reception of its own
    (JF-2026-07 → JF-2026-08 in the demo plan). Used by validation (one reception per leader and per
    reception room and half-day) and by ``new reception`` to pick a free slot.
    """
    if raw.get("status") in ("cancelled", "rescheduled"):
        return None
    return str(raw.get("date")), str(raw.get("session"))


@dataclass(frozen=True)
class Union:
    """本级工会: whose repository this is; its level sets the reception rules."""

    name: str
    level: str
    short_name: str = ""
    reception_room: str = ""
    hotline: str = ""
    address: str = ""
    package_plan_days: int = rules.PACKAGE_PLAN_DAYS      # 包案时限: days to the 实施方案
    package_report_days: int = rules.PACKAGE_REPORT_DAYS  # 包案时限: longest gap between progress reports
    in_charge: str | None = None  # 分管信访工作的领导 (leader id)
    department: str = "社会联络部"  # 信访工作部门: the 督办单位 and the signature of the office's paperwork
    report_to: tuple[str, ...] = ()  # 主送机关 of the yearly report: the party committee, the upper-level union
    fixed_day_reading: str = rules.SECOND_TUESDAY
    """How "当月第二周的星期二" is read (``rules.READINGS``), from ``fixed_day_reading`` in union.yaml."""
    reception_rule: Mapping[str, Any] | None = None  # a city union's own frequency (接访频次), see levels

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Union":
        packages = d.get("packages", {})
        return cls(name=d["name"], level=d["level"], short_name=d.get("short_name") or d["name"],
                   reception_room=d.get("reception_room", ""), hotline=d.get("hotline", ""),
                   address=d.get("address", ""),
                   package_plan_days=packages.get("plan_days", rules.PACKAGE_PLAN_DAYS),
                   package_report_days=packages.get("report_days", rules.PACKAGE_REPORT_DAYS),
                   in_charge=d.get("in_charge"), department=d.get("department") or "社会联络部",
                   report_to=tuple(d.get("report_to", ())),
                   fixed_day_reading=d.get("fixed_day_reading", rules.SECOND_TUESDAY),
                   reception_rule=d.get("reception_rule"))

    @property
    def requirement(self) -> rules.Requirement:
        """The reception rule this union is held to (its level's, or a city's own setting)."""
        return rules.requirement(self.level, self.reception_rule)


@dataclass(frozen=True)
class Leader:
    """领导."""

    id: str
    name: str
    title: str
    role: str
    from_year: int
    to_year: int | None = None
    portfolio: str = ""
    topics: tuple[str, ...] = ()
    level: str = "national"  # the union's level: it decides whether the role is held to the reception rule

    @classmethod
    def from_data(cls, d: Mapping[str, Any], level: str = "national") -> "Leader":
        return cls(id=d["id"], name=d["name"], title=d["title"], role=d["role"], from_year=d["from_year"],
                   to_year=d.get("to_year"), portfolio=d.get("portfolio", ""), topics=tuple(d.get("topics", ())),
                   level=level)

    def in_office(self, year: int) -> bool:
        return rules.in_office(self.from_year, self.to_year, year)

    @property
    def receives_by_rule(self) -> bool:
        """Leaders bound by the reception frequency at their union's level (national: 党组、书记处 and the
        chairman; local unions: the chairman, 党组成员 and 副主席), from the leaders schema (``levels``)."""
        return held_to_rule(self.level, self.role)


@dataclass(frozen=True)
class Unit:
    """责任单位."""

    id: str
    name: str
    kind: str
    province: str = ""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Unit":
        return cls(id=d["id"], name=d["name"], kind=d["kind"], province=d.get("province", ""))


@dataclass(frozen=True)
class Petitioner:
    """信访人 — internal, never published."""

    name: str
    phone: str = ""
    id_number: str = ""
    employer: str = ""
    address: str = ""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Petitioner":
        return cls(name=d["name"], phone=d.get("phone", ""), id_number=d.get("id_number", ""),
                   employer=d.get("employer", ""), address=d.get("address", ""))


@dataclass(frozen=True)
class Letter:
    """来信: to whom it was written and how it was handled."""

    addressee: str
    leader: str | None = None
    urgent: bool = False
    reported: date | None = None

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Letter":
        return cls(addressee=d["addressee"], leader=d.get("leader"), urgent=bool(d.get("urgent", False)),
                   reported=_date(d.get("reported")))


@dataclass(frozen=True)
class Extension:
    """延期: once, at most 30 days."""

    days: int
    reason: str

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Extension":
        return cls(days=d["days"], reason=d["reason"])


@dataclass(frozen=True)
class NotAccepted:
    """不予受理: when the petitioner was told in writing, and the kind of ground (reason text is internal)."""

    date: date
    category: str

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "NotAccepted":
        return cls(date=date.fromisoformat(d["date"]), category=d["category"])


@dataclass(frozen=True)
class Route:
    """分类处理: the lawful route the matter was led into (仲裁, 诉讼 …), or kept as 信访, or handed to a local union."""

    kind: str
    date: date
    body: str = ""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Route":
        return cls(kind=d["kind"], date=date.fromisoformat(d["date"]), body=d.get("body", ""))


@dataclass(frozen=True)
class ResultReport:
    """办理结果书面报告: the result reported in writing to a leader (呈阅件): when, to whom, reference."""

    date: date
    to: str
    reference: str = ""
    note: str = ""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "ResultReport":
        return cls(date=date.fromisoformat(d["date"]), to=d["to"], reference=d.get("reference", ""),
                   note=d.get("note", ""))


@dataclass(frozen=True)
class PackageProposal:
    """包案呈报: the liaison department proposes a case to leaders; a leader takes it or not."""

    proposed: date
    to: tuple[str, ...]
    scope: tuple[str, ...]
    decision: str
    decided: date | None = None
    leader: str | None = None
    reason: str = ""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "PackageProposal":
        return cls(proposed=date.fromisoformat(d["proposed"]), to=tuple(d["to"]), scope=tuple(d["scope"]),
                   decision=d["decision"], decided=_date(d.get("decided")), leader=d.get("leader"),
                   reason=d.get("reason", ""))


@dataclass(frozen=True)
class Package:
    """包案: a leader answers for the case until it is resolved."""

    leader: str
    since: date
    scope: tuple[str, ...]
    disclosure: str
    plan: str = ""
    plan_date: date | None = None  # 方案制订日期

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Package":
        return cls(leader=d["leader"], since=date.fromisoformat(d["since"]), scope=tuple(d["scope"]),
                   disclosure=d["disclosure"], plan=d.get("plan", ""),
                   plan_date=_date(d.get("plan_date")))

    @property
    def is_public(self) -> bool:
        return self.disclosure == "public"


@dataclass(frozen=True)
class Participant:
    """参会人员 of a coordination meeting: one of the union's leaders, or a named official with a post."""

    leader: str | None = None
    name: str = ""
    post: str = ""
    unit: str | None = None

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Participant":
        return cls(leader=d.get("leader"), name=d.get("name", ""), post=d.get("post", ""), unit=d.get("unit"))


@dataclass(frozen=True)
class Decision:
    """议定事项: what the meeting agreed, who carries it out, by when."""

    item: str
    unit: str
    deadline: date | None = None

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Decision":
        return cls(item=d["item"], unit=d["unit"], deadline=_date(d.get("deadline")))


@dataclass(frozen=True)
class HistoryEntry:
    """办理记录: one dated step of the case."""

    date: date
    type: str
    note: str = ""
    public_note: str = ""
    leader: str | None = None
    unit: str | None = None
    method: str | None = None
    deadline: datetime.date | None = None
    reported: datetime.date | None = None
    reception: str | None = None
    attendees: tuple[str, ...] = ()
    minutes: str = ""
    location: str = ""  # 会议地点 of a coordination meeting
    participants: tuple["Participant", ...] = ()
    decisions: tuple["Decision", ...] = ()

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "HistoryEntry":
        return cls(date=date.fromisoformat(d["date"]), type=d["type"], note=d.get("note", ""),
                   public_note=d.get("public_note", ""), leader=d.get("leader"), unit=d.get("unit"),
                   method=d.get("method"), deadline=_date(d.get("deadline")), reported=_date(d.get("reported")),
                   reception=d.get("reception"), attendees=tuple(d.get("attendees", ())), minutes=d.get("minutes", ""),
                   location=d.get("location", ""),
                   participants=tuple(Participant.from_data(p) for p in d.get("participants", ())),
                   decisions=tuple(Decision.from_data(x) for x in d.get("decisions", ())))

    def supervision_overdue(self, today: datetime.date) -> bool:
        """督办: the deadline passed without the unit's report."""
        return self.type == "supervision" and self.deadline is not None and \
            rules.is_overdue(self.deadline, self.reported, today)


@dataclass(frozen=True)
class Conclusion:
    """办结."""

    date: date
    result: str
    public_result: str = ""
    satisfaction: str | None = None
    delivered: datetime.date | None = None
    """送达日期: the day the petitioner received the written answer; the 复查 request clock counts from it."""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Conclusion":
        return cls(date=date.fromisoformat(d["date"]), result=d["result"], public_result=d.get("public_result", ""),
                   satisfaction=d.get("satisfaction"), delivered=_date(d.get("delivered")))

    @property
    def clock_start(self) -> datetime.date:
        """The day the 复查 request clock counts from: the delivery (送达), else the answer's date."""
        return self.delivered or self.date


@dataclass(frozen=True)
class SatisfactionInquiry:
    """满意度征询: when and how the petitioner was asked about the result."""

    date: date
    method: str

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "SatisfactionInquiry":
        return cls(date=date.fromisoformat(d["date"]), method=d["method"])


@dataclass(frozen=True)
class Review:
    """复查 (``review``) or 复核 (``re_review``): a request and the organ's answer, due in 30 days."""

    kind: str
    requested: date
    organ: str
    answered: date | None = None
    result: str | None = None
    opinion: str = ""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> "Review":
        return cls(kind=d["kind"], requested=date.fromisoformat(d["requested"]), organ=d["organ"],
                   answered=_date(d.get("answered")), result=d.get("result"), opinion=d.get("opinion", ""))

    @property
    def answer_due(self) -> date:
        return rules.review_answer_due(self.requested)

    def is_overdue(self, today: date) -> bool:
        """The organ has not answered and its 30 days have passed."""
        return rules.is_overdue(self.answer_due, self.answered, today)


@dataclass(frozen=True)
class Case:
    """信访事项: one petition matter, one file ``cases/<year>/<id>.yaml``."""

    id: str
    path: str
    channel: str
    topic: str
    province: str
    city: str
    title: str
    summary: str
    received: date
    status: str
    history: tuple[HistoryEntry, ...]
    petitioners: tuple[Petitioner, ...]
    raw: Mapping[str, Any] = field(repr=False, compare=False)
    public_summary: str = ""
    demands: str = ""
    headcount: int = 1
    reception: str | None = None
    letter: Letter | None = None
    referral_organ: str = ""
    accepted: date | None = None
    not_accepted_reason: str = ""
    units: tuple[str, ...] = ()
    extension: Extension | None = None
    package: Package | None = None
    conclusion: Conclusion | None = None

    @classmethod
    def from_data(cls, d: Mapping[str, Any], path: str) -> "Case":
        region = d["region"]
        return cls(
            id=d["id"], path=path, channel=d["channel"], topic=d["topic"], province=region["province"],
            city=region.get("city", ""), title=d["title"], summary=d["summary"],
            received=date.fromisoformat(d["received"]), status=d["status"],
            history=tuple(HistoryEntry.from_data(h) for h in d["history"]),
            petitioners=tuple(Petitioner.from_data(p) for p in d["petitioners"]), raw=d,
            public_summary=d.get("public_summary", ""), demands=d.get("demands", ""),
            headcount=d.get("headcount", len(d["petitioners"])), reception=d.get("reception"),
            letter=Letter.from_data(d["letter"]) if "letter" in d else None,
            referral_organ=d.get("referral", {}).get("organ", ""), accepted=_date(d.get("accepted")),
            not_accepted_reason=d.get("not_accepted_reason", ""), units=tuple(d.get("units", ())),
            extension=Extension.from_data(d["extension"]) if "extension" in d else None,
            package=Package.from_data(d["package"]) if "package" in d else None,
            conclusion=Conclusion.from_data(d["conclusion"]) if "conclusion" in d else None,
        )

    @property
    def year(self) -> int:
        return int(self.id[3:7])

    @property
    def is_public(self) -> bool:
        """Published on the public site: a package whose disclosure is public."""
        return self.package is not None and self.package.is_public

    @property
    def acceptance_due(self) -> date:
        return rules.acceptance_due(self.received)

    @property
    def clock(self) -> rules.CaseClock:
        """The case's one clock (办理时限): deadlines, 超期, 按期办结 (``rules.CaseClock``)."""
        return rules.CaseClock(self.accepted, self.extension.days if self.extension else 0, self.concluded)

    @property
    def original_deadline(self) -> date | None:
        return self.clock.original_deadline

    @property
    def deadline(self) -> date | None:
        """办结期限, with the extension if any; None before acceptance or when not accepted."""
        return self.clock.deadline

    @property
    def concluded(self) -> date | None:
        return self.conclusion.date if self.conclusion else None

    def is_overdue(self, today: date) -> bool:
        """超期: past the deadline and not concluded as of ``today``."""
        return self.clock.is_overdue(today)

    @property
    def on_time(self) -> bool | None:
        """Concluded within the deadline (None while open)."""
        return self.clock.on_time

    @property
    def days_to_conclusion(self) -> int | None:
        return self.clock.days_to_conclusion

    @property
    def updated(self) -> date:
        """The date of the latest history entry (the case's last change on record)."""
        return max(h.date for h in self.history)

    def entries(self, kind: str) -> tuple[HistoryEntry, ...]:
        return tuple(h for h in self.history if h.type == kind)

    # -- after the written answer (issue 8): read from ``raw`` so the constructor stays as it is ----------

    @property
    def query_code(self) -> str | None:
        """查询码 — internal; only its salted slow hash is ever published (see ``generator.lookup``)."""
        return self.raw.get("query_code")

    @property
    def not_accepted(self) -> NotAccepted | None:
        """不予受理: date told and category (issue 16.1); None unless the status is not_accepted."""
        found = self.raw.get("not_accepted")
        return NotAccepted.from_data(found) if found else None

    @property
    def route(self) -> Route | None:
        """处理途径 (分类处理): where the matter was led, if recorded."""
        found = self.raw.get("route")
        return Route.from_data(found) if found else None

    @property
    def result_reports(self) -> tuple["ResultReport", ...]:
        """办理结果书面报告: the written reports of the result to leaders (issue 16.2), oldest first."""
        return tuple(ResultReport.from_data(r) for r in self.raw.get("result_reports", ()))

    @property
    def package_proposal(self) -> "PackageProposal | None":
        """包案呈报 (信访事项选取): proposed to leaders for a package, and their choice (issue 16.4)."""
        found = self.raw.get("package_proposal")
        return PackageProposal.from_data(found) if found else None

    @property
    def reopens(self) -> str | None:
        """The concluded, unsatisfied case this one takes up again (重新办理)."""
        return self.raw.get("reopens")

    @property
    def reviews(self) -> tuple["Review", ...]:
        """复查 and 复核 requests, oldest first."""
        return tuple(Review.from_data(r) for r in self.raw.get("reviews", ()))

    @property
    def satisfaction_asked(self) -> "SatisfactionInquiry | None":
        asked = self.raw.get("conclusion", {}).get("satisfaction_asked")
        return SatisfactionInquiry.from_data(asked) if asked else None

    @property
    def review_request_due(self) -> date | None:
        """Last day to request 复查: 30 days from the petitioner's receipt of the written answer (送达日期),
        or from the conclusion date while the delivery is not recorded."""
        return rules.review_request_due(self.conclusion.clock_start) if self.conclusion else None

    def status_on(self, day: date) -> str:
        """The status the case had at the end of ``day`` (截至某日的办理状态), from its dated records: a
        quarterly report states where each letter stood at the quarter's end, not on the day it is printed."""
        if self.conclusion and self.conclusion.date <= day:
            return "concluded"
        refused = self.not_accepted
        if self.status == "not_accepted" and (refused is None or refused.date <= day):
            return "not_accepted"
        if self.accepted is None or self.accepted > day:
            return "registered"
        if any(h.type == "assignment" and h.date <= day for h in self.history):
            return "assigned"
        return "accepted"


@dataclass(frozen=True)
class Approval:
    """报批: the leader who approved a reception plan, and when (``approved: {date, by}``)."""

    date: date
    by: str

    @classmethod
    def from_data(cls, d: Mapping[str, Any] | None) -> "Approval | None":
        return cls(date=date.fromisoformat(d["date"]), by=d["by"]) if d else None


@dataclass(frozen=True)
class Reception:
    """接访: one reception day (half-day) of a leader, from ``schedules/<year>.yaml``."""

    id: str
    path: str
    index: int
    date: date
    session: str
    mode: str
    leader: str
    location: str
    status: str
    raw: Mapping[str, Any] = field(repr=False, compare=False)
    topic: str | None = None
    subject: str = ""
    cases: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    rescheduled_to: datetime.date | None = None
    announced: datetime.date | None = None
    reason: str = ""
    attendance: int | None = None
    registered_cases: tuple[str, ...] = ()
    note: str = ""
    approval: Approval | None = None

    @classmethod
    def from_data(cls, d: Mapping[str, Any], path: str, index: int,
                  plan_approval: Mapping[str, Any] | None = None) -> "Reception":
        """``plan_approval``: the schedule's ``approved``, which the reception's own ``approved`` overrides."""
        return cls(id=d["id"], path=path, index=index, date=date.fromisoformat(d["date"]), session=d["session"],
                   mode=d["mode"], leader=d["leader"], location=d["location"], status=d["status"], raw=d,
                   topic=d.get("topic"), subject=d.get("subject", ""), cases=tuple(d.get("cases", ())),
                   units=tuple(d.get("units", ())), rescheduled_to=_date(d.get("rescheduled_to")),
                   announced=_date(d.get("announced")), reason=d.get("reason", ""),
                   attendance=d.get("attendance"), registered_cases=tuple(d.get("registered_cases", ())),
                   note=d.get("note", ""), approval=Approval.from_data(d.get("approved") or plan_approval))

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def confirmed(self) -> bool:
        """Announced as certain (已确定): approved by a leader (获得批准后), or already held or cancelled.

        A planned or rescheduled reception without approval is a proposal: published as 待定 (tentative).
        """
        return self.status in ("held", "cancelled") or self.approval is not None


@dataclass
class Repository:
    """Everything in one repository, validated and typed: the input of every renderer."""

    union: Union
    leaders: dict[str, Leader]
    units: dict[str, Unit]
    cases: list[Case]
    receptions: list[Reception]
    schedule_years: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        self._cases = {c.id: c for c in self.cases}
        self._receptions = {r.id: r for r in self.receptions}

    def case(self, case_id: str) -> Case | None:
        return self._cases.get(case_id)

    def reception(self, reception_id: str) -> Reception | None:
        return self._receptions.get(reception_id)

    @property
    def years(self) -> tuple[int, ...]:
        """Every year that has cases or a schedule, ascending."""
        return tuple(sorted({c.year for c in self.cases} | set(self.schedule_years)))

    def cases_of(self, year: int) -> list[Case]:
        return [c for c in self.cases if c.year == year]

    def receptions_of(self, year: int) -> list[Reception]:
        return [r for r in self.receptions if r.year == year]
