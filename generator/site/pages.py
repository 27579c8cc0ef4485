"""The Markdown pages of the public site, rendered from public views by Jinja2 templates.

Every page is a front matter (title only) and one raw HTML block that Python-Markdown passes through
untouched. Jinja2 escapes every value (autoescape is on for every template), so case text can never become
markup: not HTML, not a script, not a Markdown link. The front-matter title is a JSON string with the
characters that mean something to HTML replaced by their full-width forms, because the theme prints
titles through filters that would undo an entity. Each page is one pure function of its views, so a
content cache keyed on the view could skip unchanged pages later.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, Iterable, Sequence

import jinja2
from markupsafe import Markup, escape

from ..config import TEMPLATE_DIR
from .. import registry, rules
from ..model import Leader, Union
from ..public import PublicCase, PublicData, PublicReception
from ..schema import schema
from . import data as site_data
from . import stats as site_stats
from .contrib import SiteContext
from .data import field_docs
from .compiled import compiled

# Characters HTML acts on become their full-width forms; line breaks (YAML counts U+0085, U+2028 and U+2029
# among them) become spaces, so that a title stays one line of front matter.
_HTML_CHARS = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "\n": " ", "\r": " ",
                             "\t": " ", "\x85": " ", "\u2028": " ", "\u2029": " "})
_BLANK_LINES = re.compile(r"\n[ \t]*(?=\n)")


def plain_title(value: str) -> str:
    """A title without any character HTML would act on (the theme prints titles unescaped in places)."""
    return str(value).translate(_HTML_CHARS)


def front_title(value: str) -> Markup:
    """A title for the front matter: JSON (valid YAML), without any character HTML would act on."""
    return Markup(json.dumps(plain_title(value), ensure_ascii=False))  # noqa: S704 - plain_title removed <>&"'


def cndate(value: date | None) -> str:
    """2026-03-10 → 2026年3月10日 (empty for no date)."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def paras(text: str) -> Markup:
    """Plain text as paragraphs: escaped, blank lines → paragraphs, line breaks → <br>."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text or "") if c.strip()]
    if not chunks:
        return Markup("<p>—</p>")
    return Markup("".join(f"<p>{lines(c)}</p>" for c in chunks))  # noqa: S704 - lines() escapes each chunk


def lines(text: str) -> Markup:
    """Escaped text with its line breaks as <br> (no raw newline may end an HTML block early)."""
    return Markup("<br>").join(escape(part) for part in re.split(r"\r\n|\r|\n|\u2028|\u2029", text or ""))


_EXTENSION = re.compile(r"转|分机|ext\.?|x", re.I)


def tel_href(number: str) -> str:
    """The ``tel:`` address of a hotline as the union writes it (010-68590000, 12351 转 2): the digits a phone
    dials, "+" kept, an extension after a pause (","), so that a tap dials instead of selecting text."""
    parts = _EXTENSION.split(number, maxsplit=1)
    main, extension = parts[0], parts[1] if len(parts) > 1 else ""
    digits = "".join(ch for ch in main if ch.isdigit() or ch == "+")
    extra = "".join(ch for ch in extension if ch.isdigit())
    return digits + (f",{extra}" if extra else "")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR / "site"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False,
                             keep_trailing_newline=True)
    env.filters.update(front_title=front_title, cndate=cndate, paras=paras, lines=lines,
                       count_cell=site_stats.count_cell, tel_href=tel_href)
    env.bytecode_cache = compiled(env)  # compiled once, not on every build
    return env


def render(template: str, **values: Any) -> str:
    """One page: the template's output with blank lines removed from the HTML block."""
    text = environment().get_template(template).render(**values)
    head, sep, body = text.partition("\n---\n")
    return head + sep + _BLANK_LINES.sub("", body).lstrip("\n")


# -- page views that are not case views --------------------------------------------------------------

@dataclass(frozen=True)
class LeaderYear:
    year: int
    promised: int
    held: int
    rescheduled: int
    cancelled: int
    attendance: int
    frequency: str
    """The reception frequency of the year against the rule (接访频次), in words; empty when no rule applies."""
    days: str = "0"
    """Reception days held: half-day sessions ÷ 2 (two half days make a day, on any dates)."""
    sessions: int = 0
    dates: int = 0


@dataclass
class LeaderPage:
    """谁接访、谁负责、谁包案: one leader's accountability page."""

    leader: Leader
    role_label: str
    topic_labels: tuple[str, ...]
    required: str
    level: "str | rules.Requirement" = ""  # the union's rule (a city may set its own)
    today: date | None = None
    cases: list[PublicCase] = field(default_factory=list)
    withheld: int = 0
    receptions: list[PublicReception] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:  # id, name, title, portfolio … come from the leader
        return getattr(self.leader, name)

    @property
    def years(self) -> list[LeaderYear]:
        found = sorted({r.date.year for r in self.receptions}, reverse=True)
        return [self._year(y) for y in found]

    def _held(self) -> set[rules.Session]:
        return {(r.date, r.session) for r in self.receptions if r.status == "held"}

    def _year(self, year: int) -> LeaderYear:
        own = [r for r in self.receptions if r.date.year == year]
        count = lambda status: sum(1 for r in own if r.status == status)  # noqa: E731
        held = rules.count_sessions(s for s in self._held() if s[0].year == year)
        return LeaderYear(year, len(own), count("held"), count("rescheduled"), count("cancelled"),
                          sum(r.attendance or 0 for r in own if r.status == "held"), self.frequency(year),
                          held.days_text, held.sessions, held.dates)

    def frequency(self, year: int) -> str:
        """Days held (half-day sessions ÷ 2) against the level's minimum (rules.compliance_of_year), counting
        only periods that have ended, and sessions of any year inside them (a fortnight over New Year)."""
        if not self.required or not self.today:
            return ""
        requirement = rules.as_requirement(self.level)
        if requirement.period == "none" or year > self.today.year:
            return ""
        results = rules.compliance_of_year(self.level, self._held(), year)
        if requirement.period == "year":
            held = results[0].held
            verdict = "已达到" if results[0].ok else ("尚未达到" if year == self.today.year else "未达到")
            return (f"接访 {held.days_text} 天（{held.sessions} 个半天，{held.dates} 个日期），"
                    f"规定每年至少 {requirement.days_per_period} 天：{verdict}")
        ended = [c for c in results if c.period.end < self.today]
        return f"已结束的 {len(ended)} 个考核周期中 {sum(1 for c in ended if c.ok)} 个达到规定"

    def promised(self, year: int) -> int:
        return sum(1 for r in self.receptions if r.date.year == year)

    def held(self, year: int) -> int:
        return sum(1 for r in self.receptions if r.date.year == year and r.status == "held")


def leader_pages(data: PublicData, union: Union, today: date) -> list[LeaderPage]:
    role_labels = schema("leaders").labels(("leaders", 0, "role"))
    topic_labels = schema("leaders").labels(("leaders", 0, "topics"))
    rule = union.requirement.description
    pages = {lid: LeaderPage(leader, role_labels.get(leader.role, leader.role),
                             tuple(topic_labels.get(t, t) for t in leader.topics),
                             rule if leader.receives_by_rule else "", union.requirement, today)
             for lid, leader in data.leaders.items()}
    for case in data.cases:  # published only: a leader page adds the leader to any count (no withheld figure)
        page = pages.get(case.leader_id)
        if page is not None:
            page.cases.append(case)
    for r in data.receptions:
        if r.leader_id in pages:
            pages[r.leader_id].receptions.append(r)
    return list(pages.values())


@dataclass(frozen=True)
class ArchiveYear:
    year: int
    cases: tuple[PublicCase, ...]
    withheld: int
    promised: int
    held: int
    attendance: int

    @property
    def public(self) -> int:
        return len(self.cases)


def archive_years(data: PublicData, years: Iterable[int]) -> list[ArchiveYear]:
    out = []
    for y in sorted(set(years), reverse=True):
        recs = [r for r in data.receptions if r.date.year == y]
        out.append(ArchiveYear(y, tuple(c for c in data.cases if c.year == y),
                               site_stats.withheld_by_year(data.packages)[y], len(recs),
                               sum(1 for r in recs if r.status == "held"),
                               sum(r.attendance or 0 for r in recs if r.status == "held")))
    return out


@dataclass(frozen=True)
class Filter:
    key: str
    label: str
    options: tuple[tuple[str, str], ...]


def case_filters(cases: Sequence[PublicCase]) -> list[Filter]:
    """The select boxes above the case table, with only the values that occur."""
    labels = schema("case").labels
    def opts(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(set(pairs), key=lambda p: p[0]))
    status_order = list(labels(("status",)))
    topic_order = list(labels(("topic",)))
    return [
        Filter("year", "年份", tuple(sorted({(str(c.year), f"{c.year} 年") for c in cases}, reverse=True))),
        Filter("status", "状态", tuple(sorted({(c.status, c.status_label) for c in cases},
                                              key=lambda p: status_order.index(p[0])))),
        Filter("topic", "类别", tuple(sorted({(c.topic, c.topic_label) for c in cases},
                                             key=lambda p: topic_order.index(p[0])))),
        Filter("region", "地区", opts((c.province, c.province) for c in cases)),
        Filter("leader", "包案领导", opts((c.leader_id, c.leader_name) for c in cases if c.leader_id)),
        Filter("unit", "责任单位", opts(u for c in cases for u in c.units)),
        Filter("overdue", "超期", (("yes", "超期"), ("no", "未超期"))),
    ]


# -- the pages ---------------------------------------------------------------------------------------------

def upcoming(receptions: Sequence[PublicReception], today: date) -> list[PublicReception]:
    """Receptions still to come (planned or moved), soonest first: next month's plan is published ahead."""
    return sorted((r for r in receptions if r.status in ("planned", "rescheduled") and r.day >= today),
                  key=lambda r: (r.day, r.session, r.id))


# Each section of the site is declared once (``generator.registry``): its path, its title in the navigation and
# its place there. ``site.contrib.render_site`` renders them and derives the navigation from these declarations.

@registry.page("index.md", title="首页", order=10, sees_site=True)
def home(site: SiteContext) -> dict[str, str]:
    """The home page; it links the petitioner's lookup (办理进度查询) when the site has that page."""
    webcal = site_data.calendar_subscription(site.site_url)
    return {"index.md": home_page(site.view, site.repository.union, site.today, LOOKUP_PAGE in site.docs, webcal)}


@registry.page("cases/index.md", title="包案事项", order=20)
def cases(site: SiteContext) -> dict[str, str]:
    """The case table and one page per published case."""
    data = site.view
    docs = {"cases/index.md": render("cases.md.j2", cases=data.cases, filters=case_filters(data.cases),
                                     withheld=len(data.packages) - len(data.cases))}
    for case in data.cases:
        docs[f"cases/{case.id}.md"] = case_page(case, site.today)
    return docs


@registry.page("receptions/index.md", title="接访安排", order=30)
def receptions(site: SiteContext) -> dict[str, str]:
    webcal = site_data.calendar_subscription(site.site_url)
    return {"receptions/index.md": receptions_page(site.view.receptions, site.repository.union, site.today, webcal)}


@registry.page("stats/index.md", title="统计", order=40)
def stats(site: SiteContext) -> dict[str, str]:
    return {"stats/index.md": render("stats.md.j2", years=site_stats.all_years(site.view.packages, site.view.units),
                                     today=site.today, min_rank=site_stats.MIN_RANKED)}


@registry.page("leaders/index.md", title="领导", order=50)
def leaders(site: SiteContext) -> dict[str, str]:
    """谁接访、谁负责、谁包案: the list and one page per leader."""
    found = leader_pages(site.view, site.repository.union, site.today)
    docs = {"leaders/index.md": render("leaders.md.j2", leaders=found, year=site.today.year)}
    for page in found:
        docs[f"leaders/{page.id}.md"] = render("leader.md.j2", l=page)
    return docs


@registry.page("archive/index.md", title="年度归档", order=60, sees_site=True)
def archive(site: SiteContext) -> dict[str, str]:
    """Today's view of every year; a year whose filed record (``archive/<year>/filed.md``) is on the site links it."""
    filed = frozenset(int(m.group(1)) for rel in site.docs if (m := _FILED.fullmatch(rel)))
    years = archive_years(site.view, site.repository.years)
    docs = {"archive/index.md": render("archive_index.md.j2", years=years)}
    for year in years:
        docs[f"archive/{year.year}.md"] = render("archive_year.md.j2", y=year, filed=year.year in filed)
    return docs


@registry.page("data/index.md", title="开放数据", order=70)
def open_data(site: SiteContext) -> dict[str, str]:
    return {"data/index.md": render("data.md.j2", fields=field_docs())}


@registry.page("about.md", title="关于", order=80)
def about(site: SiteContext) -> dict[str, str]:
    return {"about.md": render("about.md.j2", union=site.repository.union)}


@registry.page("search/index.md")
def search(site: SiteContext) -> dict[str, str]:
    """The search page (搜索), linked from every page's header; Pagefind's index is built after MkDocs
    (``site.search``)."""
    return {"search/index.md": render("search.md.j2")}


_FILED = re.compile(r"archive/(\d{4})/filed\.md")
LOOKUP_PAGE = "lookup/index.md"  # the petitioner's lookup (generator.lookup), linked from the home page


def case_page(case: PublicCase, today: date) -> str:
    """One case page; every published case is in the search index, however long ago it was concluded (a
    worker searches for an old case by its words, not by the year it ended). Pagefind's index is fetched in
    chunks, so a query costs about the same at 10,000 cases as at 100 (bench/RESULTS.md)."""
    return render("case.md.j2", case=case, today=today, unsearched=False)


def home_page(data: PublicData, union: Union, today: date, lookup: bool = False, webcal: str = "") -> str:
    figures = {"public": len(data.cases), "open": sum(1 for c in data.cases if c.status != "concluded"),
               "concluded": sum(1 for c in data.cases if c.status == "concluded"),
               "overdue": sum(1 for c in data.cases if c.overdue), "year": today.year,
               "held": sum(1 for r in data.receptions if r.status == "held" and r.date.year == today.year)}
    recent = sorted(data.cases, key=lambda c: (c.updated, c.id), reverse=True)[:6]
    return render("home.md.j2", union=union, today=today, figures=figures,
                  upcoming=upcoming(data.receptions, today)[:6], recent=recent, lookup=lookup,
                  webcal=webcal)


def receptions_page(receptions: Sequence[PublicReception], union: Union, today: date, webcal: str = "") -> str:
    held: dict[int, list[PublicReception]] = {}
    for r in sorted(receptions, key=lambda r: (r.day, r.session, r.id), reverse=True):
        if r.status == "held":
            held.setdefault(r.date.year, []).append(r)
    # cancelled, moved, and past days whose record was not updated yet (still "planned"): shown, not hidden
    changed = [r for r in receptions if r.status == "cancelled"
               or (r.status in ("rescheduled", "planned") and r.day < today)]
    return render("receptions.md.j2", union=union, upcoming=upcoming(receptions, today),
                  held=sorted(held.items(), reverse=True), changed=changed, webcal=webcal)
