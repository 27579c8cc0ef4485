"""The one public projection (公开投影): what of a record may be published, decided by the schemas alone.

``public_view(kind, raw)`` walks the record together with its schema and keeps a property only when the
schema marks it ``"x-public": true`` — in nested objects and in the items of arrays too. A property that is
unmarked, marked false or unknown to the schema is dropped, so a field added to the schema later stays
internal until someone marks it public on purpose. Nothing else in the tool produces public data: the site,
its search index, feeds, data downloads, archives and the petitioner's lookup all start from this view.

On top of the projected dicts sit small view objects for templates (``PublicCase`` …). They are built only
from a projected dict plus public reference data (leaders, units) and the date rules; they never see the
model's internal fields.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime
from datetime import date
from typing import Any, Iterator, Mapping

from . import rules
from .errors import Pointer
from .model import Leader, Repository, Unit, parse_date
from .schema import Schema, schema

PUBLIC_MARK = "x-public"


# -- the projection ----------------------------------------------------------------------------------

def public_view(kind: str, raw: Mapping[str, Any], pointer: Pointer = ()) -> dict[str, Any]:
    """The public part of ``raw``, a record of schema ``kind`` (or of the subschema at ``pointer``).

    >>> public_view("case", case_raw)["id"]          # 编号 is marked public
    >>> "petitioners" in public_view("case", case_raw)  # 信访人 never is
    False
    """
    sch = schema(kind)
    node = sch.at(pointer) if pointer else sch.resolve(sch.raw)
    if node is None:
        raise KeyError(f"{kind} 的模式中没有 {'/'.join(map(str, pointer))}")
    projected = _project(sch, node, raw)
    return projected if isinstance(projected, dict) else {}


def _project(sch: Schema, node: Mapping[str, Any], value: Any) -> Any:
    """Project one value described by ``node`` (already resolved)."""
    if isinstance(value, (str, int)):  # the common case first: ``Mapping``'s isinstance check is slow
        return value
    if isinstance(value, (dict, Mapping)):
        props = node.get("properties", {})
        kept: dict[str, Any] = {}
        for key, item in value.items():
            sub = props.get(key)
            if sub is None:
                continue  # unknown to the schema: never published
            sub = sch.resolve(sub)
            if sub.get(PUBLIC_MARK) is True:
                kept[key] = _project(sch, sub, item)
        return kept
    if isinstance(value, list):
        items = node.get("items")
        item_node = sch.resolve(items) if isinstance(items, dict) else {}
        return [_project(sch, item_node, item) for item in value]
    return value


def public_schema(kind: str) -> dict[str, Any]:
    """The schema itself projected: only public properties, with their titles and descriptions.

    Used to document the open data file (``data/cases.schema.json``) from the same marks.
    """
    sch = schema(kind)
    return _project_schema(sch, sch.resolve(sch.raw))


_SCHEMA_KEYS = ("title", "description", "type", "enum", "x-enum-labels", "format", "pattern", "minimum",
                "maximum", "examples")


def _project_schema(sch: Schema, node: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: node[k] for k in _SCHEMA_KEYS if k in node}
    if "properties" in node:
        out["type"] = "object"
        out["properties"] = {}
        for key, sub in node["properties"].items():
            resolved = sch.resolve(sub)
            if resolved.get(PUBLIC_MARK) is True:
                out["properties"][key] = _project_schema(sch, resolved)
    if isinstance(node.get("items"), dict):
        out["items"] = _project_schema(sch, sch.resolve(node["items"]))
    return out


def leaves(value: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, str]]:
    """Every text (and number) inside a projected value with its pointer: what the leak guard traces back."""
    if isinstance(value, (str, int)):  # plain values first: ``Mapping``'s isinstance check is slow
        if not isinstance(value, bool):
            yield pointer, str(value)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaves(item, (*pointer, i))
    elif isinstance(value, (dict, Mapping)):
        for key, item in value.items():
            yield from leaves(item, (*pointer, key))


# -- view objects for templates ------------------------------------------------------------------------

_d = parse_date  # the one parser of validated date texts (model.parse_date)


@dataclass(frozen=True)
class PublicEntry:
    """One step of the public timeline (公开办理记录)."""

    date: date
    type: str
    type_label: str
    note: str
    unit: str
    leader: str
    method_label: str
    deadline: datetime.date | None


@dataclass(frozen=True)
class PublicCase:
    """A case as the public sees it (公开的包案事项)."""

    id: str
    year: int
    title: str
    summary: str
    topic: str
    topic_label: str
    province: str
    city: str
    channel_label: str
    status: str
    status_label: str
    received: date
    accepted: date | None
    leader_id: str
    leader_name: str
    leader_title: str
    since: date | None
    scope_labels: tuple[str, ...]
    units: tuple[tuple[str, str], ...]
    original_deadline: date | None
    extension_days: int
    deadline: date | None
    overdue: bool
    overdue_days: int
    concluded: date | None
    on_time: bool | None
    days_to_conclusion: int | None
    result: str
    satisfaction: str
    satisfaction_label: str
    timeline: tuple[PublicEntry, ...]
    updated: date
    disclosed: bool
    data: Mapping[str, Any]
    deadline_unverified: bool = False
    """The deadline runs through a year whose holidays are guessed or unchecked (需人工核对): said on the page."""
    handovers: tuple[tuple[date, str, str], ...] = ()
    """包案领导变更 (issue 16.10): (date, from, to) with the leaders' names and titles, oldest first."""

    @property
    def region(self) -> str:
        return f"{self.province}{self.city}" if self.city else self.province

    @property
    def unit_names(self) -> tuple[str, ...]:
        return tuple(name for _, name in self.units)

    @property
    def url(self) -> str:
        """Stable address of the case page, relative to the site root."""
        return f"cases/{self.id}/"

    @property
    def reviews(self) -> tuple[Any, ...]:
        """复查/复核 from the projection (``review_views.PublicReview``): public opinion only."""
        from .review_views import public_reviews
        return public_reviews(self.data)

    @property
    def satisfaction_inquiry(self) -> Any:
        """满意度征询 (``review_views.PublicInquiry``) or None."""
        from .review_views import public_inquiry
        return public_inquiry(self.data)


def _labels(pointer: Pointer) -> dict[str, str]:
    return schema("case").labels(pointer)


def public_case(view: Mapping[str, Any], leaders: Mapping[str, Leader], units: Mapping[str, Unit],
                today: date) -> PublicCase:
    """The template view of one case, from its projection (``public_view("case", raw)``) only."""
    package = view.get("package", {})
    leader = leaders.get(package.get("leader", ""))
    received, accepted = _d(view["received"]), _d(view.get("accepted"))
    extension = int(view.get("extension", {}).get("days", 0))
    conclusion = view.get("conclusion", {})
    concluded = _d(conclusion.get("date"))
    clock = rules.CaseClock(accepted, extension, concluded)
    deadline = clock.deadline
    unverified = bool(accepted and deadline and not concluded
                      and rules.unverified_years(range(accepted.year, deadline.year + 1)))
    timeline = tuple(_entry(h, leaders, units) for h in view.get("history", []))
    region = view.get("region", {})
    return PublicCase(
        id=view["id"], year=int(view["id"][3:7]), title=view["title"], summary=view.get("public_summary", ""),
        topic=view["topic"], topic_label=_labels(("topic",)).get(view["topic"], view["topic"]),
        province=region.get("province", ""), city=region.get("city", ""),
        channel_label=_labels(("channel",)).get(view.get("channel", ""), ""),
        status=view["status"], status_label=_labels(("status",)).get(view["status"], view["status"]),
        received=received, accepted=accepted,
        leader_id=leader.id if leader else "", leader_name=leader.name if leader else "",
        leader_title=leader.title if leader else "", since=_d(package.get("since")),
        scope_labels=tuple(_labels(("package", "scope")).get(s, s) for s in package.get("scope", [])),
        units=tuple((u, units[u].name if u in units else u) for u in view.get("units", [])),
        original_deadline=clock.original_deadline, extension_days=extension, deadline=deadline,
        overdue=clock.is_overdue(today), overdue_days=clock.overdue_days(today), concluded=concluded,
        on_time=clock.on_time, days_to_conclusion=clock.days_to_conclusion,
        result=conclusion.get("public_result", ""), satisfaction=conclusion.get("satisfaction", ""),
        satisfaction_label=_labels(("conclusion", "satisfaction")).get(conclusion.get("satisfaction", ""), ""),
        timeline=timeline, updated=max((e.date for e in timeline), default=received),
        disclosed=package.get("disclosure") == "public", data=view, deadline_unverified=unverified,
        handovers=_handovers(package, leaders),
    )


def _handovers(package: Mapping[str, Any], leaders: Mapping[str, Leader]) -> tuple[tuple[date, str, str], ...]:
    """包案领导变更 as the public page shows it: (date, from, to) with names and titles, no reason."""
    return tuple((date.fromisoformat(h["date"]), _leader_text(leaders, h["from"]), _leader_text(leaders, h["to"]))
                 for h in package.get("handovers", ()))


def _leader_text(leaders: Mapping[str, Leader], leader_id: str) -> str:
    leader = leaders.get(leader_id)
    return f"{leader.name}（{leader.title}）" if leader else leader_id


def _entry(h: Mapping[str, Any], leaders: Mapping[str, Leader], units: Mapping[str, Unit]) -> PublicEntry:
    leader = leaders.get(h.get("leader", ""))
    unit = units.get(h.get("unit", ""))
    return PublicEntry(
        date=date.fromisoformat(h["date"]), type=h["type"],
        type_label=_labels(("history", 0, "type")).get(h["type"], h["type"]),
        note=h.get("public_note", ""), unit=unit.name if unit else h.get("unit", ""),
        leader=f"{leader.name}（{leader.title}）" if leader else "",
        method_label=_labels(("history", 0, "method")).get(h.get("method", ""), ""),
        deadline=_d(h.get("deadline")),
    )


@dataclass(frozen=True)
class PublicReception:
    """One reception day as announced to the public (接访安排)."""

    id: str
    date: date
    session: str
    session_label: str
    mode: str
    mode_label: str
    leader_id: str
    leader_name: str
    leader_title: str
    location: str
    topic_label: str
    subject: str
    status: str
    status_label: str
    rescheduled_to: datetime.date | None
    reason: str
    attendance: int | None
    unit_names: tuple[str, ...]
    confirmed: bool = True
    """Approved, held or cancelled; a planned reception not yet approved is 待定 (``Reception.confirmed``)."""

    @property
    def day(self) -> datetime.date:
        """The day it actually takes place (the new day when rescheduled)."""
        return self.rescheduled_to if self.status == "rescheduled" and self.rescheduled_to else self.date


def public_reception(raw: Mapping[str, Any], leaders: Mapping[str, Leader],
                     units: Mapping[str, Unit], confirmed: bool = True) -> PublicReception:
    """The template view of one reception, from its projection only."""
    view = public_view("schedule", raw, ("receptions", 0))
    sch = schema("schedule")
    lab = lambda field: sch.labels(("receptions", 0, field))  # noqa: E731 - a local shorthand
    leader = leaders.get(view.get("leader", ""))
    return PublicReception(
        id=view["id"], date=date.fromisoformat(view["date"]), session=view["session"],
        session_label=lab("session").get(view["session"], view["session"]), mode=view["mode"],
        mode_label=lab("mode").get(view["mode"], view["mode"]),
        leader_id=view.get("leader", ""), leader_name=leader.name if leader else "",
        leader_title=leader.title if leader else "", location=view.get("location", ""),
        topic_label=lab("topic").get(view.get("topic", ""), ""), subject=view.get("subject", ""),
        status=view["status"], status_label=lab("status").get(view["status"], view["status"]),
        rescheduled_to=_d(view.get("rescheduled_to")), reason=view.get("reason", ""),
        attendance=view.get("attendance"),
        unit_names=tuple(units[u].name if u in units else u for u in view.get("units", [])),
        confirmed=confirmed,
    )


@dataclass(frozen=True)
class PublicData:
    """Everything the public build may use: views of every package and of every reception."""

    cases: tuple[PublicCase, ...]
    """Published packages (``disclosure: public``), newest first."""
    packages: tuple[PublicCase, ...]
    """All packages, published and withheld: for aggregate statistics only."""
    receptions: tuple[PublicReception, ...]
    leaders: Mapping[str, Leader]
    units: Mapping[str, Unit]


def public_data(repository: Repository, today: date) -> PublicData:
    """Project the whole repository (a case's internal fields never reach a view)."""
    leaders, units = repository.leaders, repository.units
    views = [v for v in (public_view("case", case.raw) for case in repository.cases) if "package" in v]
    published = {v["id"] for v in views if v["package"].get("disclosure") == "public"}
    packages = [public_case(_without_hidden_links(v, published), leaders, units, today) for v in views]
    packages.sort(key=lambda c: c.id, reverse=True)
    receptions = tuple(public_reception(r.raw, leaders, units, r.confirmed) for r in repository.receptions)
    return PublicData(cases=tuple(c for c in packages if c.disclosed), packages=tuple(packages),
                      receptions=receptions, leaders=leaders, units=units)


def _without_hidden_links(view: dict[str, Any], published: set[str]) -> dict[str, Any]:
    """A view whose ``reopens`` (重新办理原事项) names only a published case: the number of a withheld or
    unpackaged case would tell the public that it exists and what followed it."""
    if view.get("reopens") and view["reopens"] not in published:
        return {k: v for k, v in view.items() if k != "reopens"}
    return view
