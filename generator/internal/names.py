"""Names shown in internal paperwork: codes turned into Chinese labels and ids into names.

Every label comes from the schemas (``x-enum-labels``), every name from the reference data; this module
only looks them up, so a renamed leader or a relabelled topic changes every form and report at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .. import schema
from ..model import Case, Repository


def fmt_date(d: date | None) -> str:
    """A date as written on forms: ``2026-03-10``; an empty string for none."""
    return d.isoformat() if d else ""


def cn_date(d: date | None) -> str:
    """A date as written on signed paper and in 公文 (GB/T 9704): ``2026年6月18日``; empty for none."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def percent(part: int, whole: int) -> str:
    """A rate as printed in reports: ``87.5%``; ``—`` when there is nothing to divide by."""
    return f"{100 * part / whole:.1f}%" if whole else "—"


@dataclass(frozen=True)
class Names:
    """Lookups of one repository: leader, unit and code names for the internal views."""

    repo: Repository

    @cached_property
    def topics(self) -> dict[str, str]:
        return schema.labels("case", ("topic",))

    @cached_property
    def channels(self) -> dict[str, str]:
        return schema.labels("case", ("channel",))

    @cached_property
    def statuses(self) -> dict[str, str]:
        return schema.labels("case", ("status",))

    @cached_property
    def addressees(self) -> dict[str, str]:
        return schema.labels("case", ("letter", "addressee"))

    @cached_property
    def entry_types(self) -> dict[str, str]:
        return schema.labels("case", ("history", 0, "type"))

    @cached_property
    def methods(self) -> dict[str, str]:
        return schema.labels("case", ("history", 0, "method"))

    @cached_property
    def scopes(self) -> dict[str, str]:
        return schema.labels("case", ("package", "scope"))

    @cached_property
    def satisfaction(self) -> dict[str, str]:
        return schema.labels("case", ("conclusion", "satisfaction"))

    @cached_property
    def modes(self) -> dict[str, str]:
        return schema.labels("schedule", ("receptions", 0, "mode"))

    @cached_property
    def reception_statuses(self) -> dict[str, str]:
        return schema.labels("schedule", ("receptions", 0, "status"))

    @cached_property
    def sessions(self) -> dict[str, str]:
        return schema.labels("schedule", ("receptions", 0, "session"))

    @cached_property
    def roles(self) -> dict[str, str]:
        return schema.labels("leaders", ("leaders", 0, "role"))

    @cached_property
    def levels(self) -> dict[str, str]:
        """工会层级 (全国总工会, 省级工会, …), as the schema labels them."""
        return schema.labels("union", ("level",))

    def leader(self, leader_id: str | None) -> str:
        """``陈志远（主席）``; the id itself if unknown, empty for none."""
        if not leader_id:
            return ""
        leader = self.repo.leaders.get(leader_id)
        return f"{leader.name}（{leader.title}）" if leader else leader_id

    def leader_name(self, leader_id: str | None) -> str:
        leader = self.repo.leaders.get(leader_id or "")
        return leader.name if leader else (leader_id or "")

    def unit(self, unit_id: str | None) -> str:
        if not unit_id:
            return ""
        unit = self.repo.units.get(unit_id)
        return unit.name if unit else unit_id

    def units(self, unit_ids: tuple[str, ...]) -> str:
        return "、".join(self.unit(u) for u in unit_ids)

    def region(self, case: Case) -> str:
        return f"{case.province}{case.city}"

    def petitioners(self, case: Case) -> str:
        """``李某某（某公司）、…`` with the headcount of a group petition."""
        people = "、".join(f"{p.name}（{p.employer}）" if p.employer else p.name for p in case.petitioners)
        return f"{people}，共 {case.headcount} 人" if case.headcount > 1 else people

    def package_leader(self, case: Case) -> str:
        return self.leader(case.package.leader) if case.package else ""
