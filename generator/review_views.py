"""What a case page and a 办结单 show of satisfaction inquiries (满意度征询) and reviews (复查/复核).

The computation of those views, apart from the rules that check them (``reviews``): the public page reads
only the public projection (never the internal opinion), the internal 办结单 the model. Labels come from
the case schema, each organ's answer deadline from ``rules``; templates lay the views out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import rules
from .model import parse_date
from .schema import schema

_d = parse_date


# -- what the public case page shows (from the public projection only) ------------------------------------

@dataclass(frozen=True)
class PublicReview:
    """A 复查/复核 as published: its public fields, labels from the schema, the organ's deadline."""

    kind: str
    kind_label: str
    requested: date
    organ: str
    answer_due: date
    answered: date | None
    result_label: str
    opinion: str
    unverified: bool = False
    """The organ's deadline was computed over a year whose holidays are guessed or unchecked (需人工核对)."""


@dataclass(frozen=True)
class PublicInquiry:
    """满意度征询 as published."""

    date: date
    method_label: str


def public_reviews(view: Mapping[str, Any]) -> tuple[PublicReview, ...]:
    """The reviews of a case's public projection (``public_view``), never the internal opinion."""
    sch = schema("case")
    kinds, results = sch.labels(("reviews", 0, "kind")), sch.labels(("reviews", 0, "result"))
    found = []
    for r in view.get("reviews", ()):
        requested = date.fromisoformat(r["requested"])
        due = rules.review_answer_due(requested)
        found.append(PublicReview(
            kind=r["kind"], kind_label=kinds.get(r["kind"], r["kind"]), requested=requested, organ=r.get("organ", ""),
            answer_due=due, answered=_d(r.get("answered")),
            result_label=results.get(r.get("result", ""), ""), opinion=r.get("public_opinion", ""),
            unverified=bool(rules.unverified_years(range(requested.year, due.year + 1)))))
    return tuple(found)


def public_inquiry(view: Mapping[str, Any]) -> PublicInquiry | None:
    asked = view.get("conclusion", {}).get("satisfaction_asked")
    if not asked:
        return None
    methods = schema("case").labels(("conclusion", "satisfaction_asked", "method"))
    return PublicInquiry(date.fromisoformat(asked["date"]), methods.get(asked.get("method", ""), ""))


# -- what the internal 办结单 shows (internal: the full opinion) ----------------------------------------

def inquiry_summary(case: Any, fmt: Callable[[date], str]) -> str:
    """满意度征询 of a ``model.Case`` as one line, e.g. "2026年2月13日 电话回访", or ""."""
    asked = case.satisfaction_asked
    if asked is None:
        return ""
    method = schema("case").labels(("conclusion", "satisfaction_asked", "method")).get(asked.method, asked.method)
    return f"{fmt(asked.date)} {method}"


def review_summary(case: Any, fmt: Callable[[date], str]) -> str:
    """复查/复核 of a ``model.Case``: each request, its organ, the 30-day deadline and the full opinion."""
    sch = schema("case")
    kinds, results = sch.labels(("reviews", 0, "kind")), sch.labels(("reviews", 0, "result"))
    parts = []
    for r in case.reviews:
        check = "，需人工核对" if rules.unverified_years(range(r.requested.year, r.answer_due.year + 1)) else ""
        text = f"{fmt(r.requested)} 请求{kinds.get(r.kind, r.kind)}（{r.organ}，限 {fmt(r.answer_due)} 前答复{check}）"
        if r.answered:
            text += f"，{fmt(r.answered)} 答复：{results.get(r.result or '', '—')}"
            text += f"。{r.opinion.rstrip('。')}" if r.opinion else ""
        else:
            text += "，尚未答复"
        parts.append(text)
    return "；".join(parts)
