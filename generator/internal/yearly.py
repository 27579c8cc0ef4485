"""The yearly report to the party committee and the upper-level union (年度报告), as a 公文.

"各级工会每年要向本级党委和上级工会报送本级工会领导干部接待职工群众来访的情况": the report leaves the
department, so it holds aggregates and anonymised typical cases only — never a petitioner's name, phone, ID
number, employer or address. Its figures are computed here from the year's cases and receptions; the
office's own words (做法和成效, 存在的问题, 下一步打算) come from ``reports/<year>.md`` and are checked against
every petitioner value before they are merged in (``check_notes``).

``reports/<year>.md``: second-level headings name the sections, paragraphs are separated by blank lines::

    ## 基本情况            (optional: added after the figures)
    ## 主要做法和成效
    ## 典型案例            (optional: replaces the typical cases taken from published packages)
    ## 存在的问题
    ## 下一步打算
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import Problem, error
from ..model import Case
from .forms import chinese_numeral
from .names import Names, cn_date
from .reports import YearSummary

SECTIONS = ("基本情况", "主要做法和成效", "典型案例", "存在的问题", "下一步打算")
COLLECTIVE_HEADCOUNT = 5  # 集体访: five or more people petitioning together (信访工作条例 第十八条 limits representatives to five)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the office's notes, with the line it starts on (for placing a problem)."""

    text: str
    pieces: tuple[tuple[int, int, int], ...]  # per source line: (line number, indent, offset in ``text``)

    def place(self, offset: int) -> tuple[int, int]:
        """line:col in the file of a character of ``text``."""
        line, indent, start = [p for p in self.pieces if p[2] <= offset][-1]
        return line, offset - start + indent + 1


@dataclass(frozen=True)
class YearNotes:
    """The office's free text for the year's report, by section."""

    path: str
    sections: dict[str, tuple[Paragraph, ...]]

    def get(self, name: str) -> tuple[str, ...]:
        return tuple(p.text for p in self.sections.get(name, ()))


def read_notes(path: Path, shown_as: str) -> YearNotes:
    """``reports/<year>.md`` split into sections and paragraphs; an absent file gives empty sections."""
    if not path.is_file():
        return YearNotes(shown_as, {})
    sections: dict[str, list[Paragraph]] = {}
    current: list[Paragraph] | None = None
    lines: list[tuple[int, str]] = []

    def flush() -> None:
        if current is not None and lines:
            text, pieces = "", []
            for number, raw in lines:
                pieces.append((number, len(raw) - len(raw.lstrip()), len(text)))
                text += raw.strip()
            current.append(Paragraph(text, tuple(pieces)))
        lines.clear()

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        heading = re.match(r"^##\s+(.+?)\s*$", line)
        if heading:
            flush()
            current = sections.setdefault(heading.group(1).strip(), [])
        elif not line.strip():
            flush()
        elif current is not None:
            lines.append((number, line))
    flush()
    return YearNotes(shown_as, {k: tuple(v) for k, v in sections.items()})


def check_notes(notes: YearNotes, names: Names) -> list[Problem]:
    """Every petitioner value (and every number shaped like a phone or an ID) in the office's notes, at
    ``reports/<year>.md:line:col``: the report leaves the department, so none may be in it."""
    from ..privacy.check import inventory, public_names_of, records_of
    from ..privacy.mask import mask
    inv = inventory(records_of(names.repo), public_names_of(names.repo))
    problems = []
    for paragraphs in notes.sections.values():
        for p in paragraphs:
            for hit in inv.data_matcher.find(p.text):
                line, col = p.place(hit.offset)
                problems.append(error(notes.path, f"年度报告要报送本级党委和上级工会，不得含信访人信息 "
                                      f"{mask(hit.value, hit.field)}；请改写为匿名表述（张某）或删除",
                                      code="report-privacy", line=line, col=col))
    return problems


@dataclass(frozen=True)
class Section:
    """一、基本情况 …: a heading and its paragraphs (a paragraph may start with its own （一）subheading)."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class YearReport:
    """The 公文: title, 主送, body sections, 落款 and 成文日期."""

    title: str
    recipients: str
    opening: str
    sections: tuple[Section, ...]
    issuer: str
    issued: str


def _counts(labels: dict[str, str], values: list[str]) -> str:
    """``工资待遇5件、劳动合同3件``: the non-zero counts in the schema's order."""
    found = Counter(values)
    return "、".join(f"{label}{found[code]}件" for code, label in labels.items() if found[code])


def _days(sessions: int) -> str:
    """Reception days as the seed counts them: two half-day sessions make a day (5 sessions → 2.5天)."""
    return f"{sessions // 2}天" if sessions % 2 == 0 else f"{sessions / 2:.1f}天"


def _leader_lines(names: Names, year: int) -> tuple[str, ...]:
    """Per leader: reception days (and sessions), packages taken, letters instructed."""
    held = [r for r in names.repo.receptions_of(year) if r.status == "held"]
    cases = names.repo.cases
    lines = []
    for leader in names.repo.leaders.values():
        if not (leader.in_office(year) and leader.receives_by_rule):
            continue
        sessions = sum(1 for r in held if r.leader == leader.id)
        packages = sum(1 for c in cases if c.package and c.package.leader == leader.id and c.package.since.year == year)
        letters = sum(1 for c in cases for e in c.entries("instruction") if e.leader == leader.id and e.date.year == year)
        lines.append(f"{leader.title}{leader.name}接待来访{_days(sessions)}（{sessions}个半天），"
                     f"包案{packages}件，阅批来信{letters}件")
    return tuple(lines)


def _repeat(cases: list[Case], earlier: list[Case]) -> int:
    """重复信访: a case reopening an earlier one, or from a petitioner (by ID number, else name) seen before."""
    def who(c: Case) -> set[str]:
        return {p.id_number or p.name for p in c.petitioners}
    seen: set[str] = set().union(*(who(c) for c in earlier)) if earlier else set()
    count = 0
    for c in sorted(cases, key=lambda c: (c.received, c.id)):
        if c.reopens or who(c) & seen:
            count += 1
        seen |= who(c)
    return count


def _handling(names: Names, year: int, summary: YearSummary) -> str:
    """上年结转, 本年办结 (of which carried over), on time, overdue."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    carried = [c for c in names.repo.cases if c.received < start and not (c.concluded and c.concluded < start)]
    concluded = [c for c in names.repo.cases if c.concluded and start <= c.concluded <= end]
    from_carried = sum(1 for c in concluded if c.received < start)
    return (f"上年结转{len(carried)}件，本年登记{summary.cases}件、受理{summary.accepted}件；本年办结{len(concluded)}件，"
            f"其中办结上年结转事项{from_carried}件。本年登记事项按期办结{summary.on_time}件，按期办结率{summary.on_time_rate}（{summary.on_time_basis}）；"
            f"超期未办结{summary.overdue_open}件。")


def _receptions_text(summary: YearSummary, collective: list[Case]) -> str:
    modes = "、".join(f"{c.label}{c.count}场" for c in summary.receptions_by_mode if c.count)
    return (f"（一）接待来访。全年领导干部接访{summary.receptions_held}场（{modes or '无'}），接待职工群众"
            f"{summary.workers_received}人次，其中集体访{len(collective)}批{sum(c.headcount for c in collective)}人次；"
            f"提前告知改期{summary.receptions_changed}场、取消{summary.receptions_cancelled}场。")


def _cases_text(names: Names, cases: list[Case], earlier: list[Case], total: int) -> str:
    topics = _counts(names.topics, [c.topic for c in cases]) or "无"
    channels = _counts(names.channels, [c.channel for c in cases]) or "无"
    return (f"（四）信访事项。全年登记信访事项{total}件。按问题类别：{topics}；按来源渠道：{channels}。"
            f"重复信访{_repeat(cases, earlier)}件。")


def _basics(names: Names, year: int, summary: YearSummary) -> tuple[str, ...]:
    """一、基本情况: receptions, letters, packages, cases, handling, and each leader, all counted."""
    cases = names.repo.cases_of(year)
    earlier = [c for c in names.repo.cases if c.received.year < year]
    collective = [c for c in cases if c.channel == "visit" and c.headcount >= COLLECTIVE_HEADCOUNT]
    letters = "、".join(f"写给{c.label}{c.count}件" for c in summary.letters_by_addressee if c.count)
    scopes = "；".join(f"{c.label}{c.count}件" for c in summary.packages_by_scope if c.count)
    return (
        _receptions_text(summary, collective),
        f"（二）阅批来信。全年登记职工来信{summary.letters}件（{letters or '无'}），领导阅批{summary.letters_instructed}件。",
        f"（三）领导包案。领导包案{summary.packages}件，按包案范围：{scopes or '无'}（一件可有多项）。",
        _cases_text(names, cases, earlier, summary.cases),
        f"（五）办理情况。{_handling(names, year, summary)}",
        "（六）各位领导接访包案情况。" + "；".join(_leader_lines(names, year)) + "。",
    )


def _typical(names: Names, year: int) -> tuple[str, ...]:
    """Typical cases, anonymised: the public wording of the year's published packages that were concluded."""
    picked = [c for c in names.repo.cases if c.package and c.is_public and c.conclusion
              and c.conclusion.date.year == year and c.public_summary][:3]
    return tuple(f"{c.public_summary.rstrip('。')}。{(c.conclusion.public_result if c.conclusion else '').rstrip('。')}。"
                 for c in picked)


def _or_placeholder(texts: tuple[str, ...], section: str, notes: YearNotes) -> tuple[str, ...]:
    return texts or (f"（请在 {notes.path} 的“## {section}”下填写。）",)


def year_report(names: Names, summary: YearSummary, notes: YearNotes, today: date,
                duties: tuple[str, ...] = ()) -> YearReport:
    """The report as the office signs it, from the year's figures and the office's notes; ``duties``: the
    paragraphs on 组织领导、分类处理、接访登记 (``internal/duties.year_paragraphs``), added to 一、基本情况."""
    union = names.repo.union
    year = summary.year
    typical = notes.get("典型案例") or _typical(names, year)
    practice = _or_placeholder(notes.get("主要做法和成效"), "主要做法和成效", notes)
    if typical:
        practice += ("典型案例：",) + tuple(f"{chinese_numeral(i)}是{t}" for i, t in enumerate(typical, 1))
    sections = (
        Section("一、基本情况", _basics(names, year, summary) + duties + notes.get("基本情况")),
        Section("二、主要做法和成效", practice),
        Section("三、存在的问题", _or_placeholder(notes.get("存在的问题"), "存在的问题", notes)),
        Section("四、下一步打算", _or_placeholder(notes.get("下一步打算"), "下一步打算", notes)),
    )
    return YearReport(
        title=f"关于{year}年度工会领导干部接待职工群众来访工作情况的报告",
        recipients="、".join(union.report_to) + "：" if union.report_to else "（主送机关：请在 reference/union.yaml 的 report_to 中填写）：",
        opening=(f"根据“各级工会每年要向本级党委和上级工会报送本级工会领导干部接待职工群众来访的情况”的要求，"
                 f"现将{union.name}{year}年度领导干部接待职工群众来访、阅批职工来信和包案处理职工信访事项情况报告如下。"),
        sections=sections, issuer=union.name, issued=cn_date(today))
