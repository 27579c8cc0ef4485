"""Aggregate statistics of packages (包案统计) and their charts, drawn at build time as inline SVG.

Every figure counts published packages only (公开的包案事项), from the public projection: a breakdown that
also counted withheld packages could be differenced against the public case list to read each withheld
case's region, unit, topic and status. Withheld packages appear only as one total per year
(``withheld_total``: "另有 N 件暂不公开", "<3" for 1 and 2), on no breakdown and on no leader page.
Small numbers identify people: a count of 1 or 2 is shown as "<3", shares and medians need at least
``MIN_CELL`` cases, and a unit is ranked only with ``MIN_RANKED`` cases or more.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from html import escape
from statistics import median
from typing import Iterable, Mapping, Sequence

from markupsafe import Markup

from .. import rules
from ..public import PublicCase
from ..schema import schema

MIN_CELL = 3
MIN_RANKED = 5


def count_cell(n: int) -> str:
    """A count as published: "<3" for 1 and 2 so that small groups cannot be re-identified."""
    return "<3" if 0 < n < MIN_CELL else str(n)


def share(part: int, whole: int) -> str:
    """A percentage, only over enough cases to say nothing about one person."""
    if whole < MIN_CELL:
        return "—（不足 3 件）"
    return f"{round(100 * part / whole)}%"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    rows: tuple[tuple[str, int], ...]
    chart: Markup


def on_time_rate(cases: Iterable[PublicCase]) -> rules.OnTimeRate:
    """按期办结率 of published packages (``rules.OnTimeRate``): each case's on-time and overdue flags were
    judged once, by ``public.public_case`` with the rules, as of the build date."""
    cases = list(cases)
    return rules.OnTimeRate(on_time=sum(1 for c in cases if c.concluded and c.on_time),
                            concluded=sum(1 for c in cases if c.concluded and c.deadline),
                            overdue_open=sum(1 for c in cases if c.overdue))


def rate_basis(rate: rules.OnTimeRate) -> str:
    """The rate's numerator and denominator as published, small counts as "<3"."""
    return (f"按期办结 {count_cell(rate.on_time)} 件 ÷（已办结 {count_cell(rate.concluded)} 件 + "
            f"超期未办结 {count_cell(rate.overdue_open)} 件）")


@dataclass(frozen=True)
class Ranked:
    name: str
    total: int
    concluded: int
    overdue: int
    share_on_time: str
    on_time_ratio: float


@dataclass(frozen=True)
class YearStats:
    year: int
    total: int
    concluded: int
    on_time: int
    overdue: int
    share_concluded: str
    share_on_time: str
    median_days: str
    tables: tuple[Table, ...]
    ranking: tuple[Ranked, ...]
    withheld: int = 0
    on_time_basis: str = ""
    """Numerator and denominator of the on-time rate (按期办结 ÷（已办结 + 超期未办结））."""
    """Withheld packages of the year: shown only as this one total (另有 N 件暂不公开)."""


def year_stats(year: int, cases: Sequence[PublicCase], units: Mapping[str, object]) -> YearStats:
    """Every figure of one year's packages."""
    concluded = [c for c in cases if c.concluded]
    rate = on_time_rate(cases)
    days = [c.days_to_conclusion for c in concluded if c.days_to_conclusion is not None]
    labels = schema("case").labels
    tables = (
        _table("topic", "问题类别", Counter(c.topic for c in cases), labels(("topic",))),
        _table("status", "办理状态", Counter(c.status for c in cases), labels(("status",))),
        _table("region", "地区", Counter(c.province for c in cases), {}),
        _table("unit", "责任单位", Counter(name for c in cases for name in c.unit_names), {}),
    )
    return YearStats(
        year=year, total=len(cases), concluded=len(concluded), on_time=rate.on_time,
        overdue=rate.overdue_open,
        share_concluded=share(len(concluded), len(cases)), share_on_time=share(rate.on_time, rate.denominator),
        on_time_basis=rate_basis(rate),
        median_days=f"{median(days):g} 天" if len(days) >= MIN_CELL else "—（不足 3 件）",
        tables=tables, ranking=ranking(cases),
    )


def _table(key: str, title: str, counts: Counter[str], labels: Mapping[str, str]) -> Table:
    order = list(labels) if labels else sorted(counts, key=lambda k: (-counts[k], k))
    rows = tuple((labels.get(k, k), counts[k]) for k in order if counts[k] or labels)
    return Table(key, title, rows, bar_chart(f"按{title}", rows))


def ranking(cases: Sequence[PublicCase]) -> tuple[Ranked, ...]:
    """Units with at least ``MIN_RANKED`` packages, best share concluded on time first."""
    by_unit: dict[str, list[PublicCase]] = {}
    for c in cases:
        for name in c.unit_names:
            by_unit.setdefault(name, []).append(c)
    ranked = []
    for name, own in by_unit.items():
        if len(own) < MIN_RANKED:
            continue
        done = [c for c in own if c.concluded]
        rate = on_time_rate(own)
        ranked.append(Ranked(name, len(own), len(done), rate.overdue_open, share(rate.on_time, rate.denominator),
                             rate.on_time / rate.denominator if rate.denominator else 0.0))
    return tuple(sorted(ranked, key=lambda r: (-r.on_time_ratio, r.overdue, -r.total, r.name)))


def withheld_by_year(packages: Iterable[PublicCase]) -> Counter[int]:
    """The one figure of withheld packages that may be published: their number per year."""
    return Counter(c.year for c in packages if not c.disclosed)


def all_years(packages: Iterable[PublicCase], units: Mapping[str, object]) -> tuple[YearStats, ...]:
    """One ``YearStats`` per year that has packages, newest first: figures over the published ones only,
    withheld ones as the year's single total."""
    packages = list(packages)
    withheld = withheld_by_year(packages)
    by_year: dict[int, list[PublicCase]] = {y: [] for y in withheld}
    for c in packages:
        if c.disclosed:
            by_year.setdefault(c.year, []).append(c)
    return tuple(replace(year_stats(y, by_year[y], units), withheld=withheld[y]) for y in sorted(by_year, reverse=True))


# -- charts ---------------------------------------------------------------------------------------------

_BAR_H, _GAP, _LABEL_W, _BAR_W = 22, 6, 150, 220


def bar_chart(title: str, rows: Sequence[tuple[str, int]]) -> Markup:
    """A horizontal bar chart as inline SVG; a suppressed count is drawn hatched at the "<3" mark."""
    if not rows:
        return Markup("")
    top = max(max(n for _, n in rows), MIN_CELL)
    height = len(rows) * (_BAR_H + _GAP)
    parts = [f'<svg class="xf-bars" role="img" viewBox="0 0 {_LABEL_W + _BAR_W + 50} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for i, (label, n) in enumerate(rows):
        y = i * (_BAR_H + _GAP)
        suppressed = 0 < n < MIN_CELL
        # a suppressed count is drawn as an outline of one fixed length: it must not tell 1 from 2
        width = round(_BAR_W * ((MIN_CELL - 1) if suppressed else n) / top)
        css = "xf-bar xf-bar--suppressed" if suppressed else "xf-bar"
        parts.append(f'<text x="{_LABEL_W - 6}" y="{y + 16}" text-anchor="end">{escape(_short(label))}</text>')
        if n:
            parts.append(f'<rect class="{css}" x="{_LABEL_W}" y="{y}" width="{width}" height="{_BAR_H}"/>')
        parts.append(f'<text x="{_LABEL_W + width + 6}" y="{y + 16}">{escape(count_cell(n))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text and attribute above is escaped or a number


def _short(label: str, limit: int = 10) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
