"""Internal output (内部材料): the 四单一纪要 forms and the office's reports, never inside the public site.

``internal_files`` renders everything into a mapping of relative file names to bytes (pure, testable);
``write_internal`` checks where it may go and writes it all at once with ``output.atomic_output``.

Layout of the output folder::

    index.html                         index of every report and form
    forms/<case-id>/<kind>[-n].html/.docx   登记单、交办单、督办单、办结单、协调会议纪要 (A4; .docx per GB/T 9704)
    forms.csv                          the same index as a table
    chairman-letters-<quarter>.html/.csv/.docx, chairman-letters-<quarter>-totals.csv, -urgent.csv
    supervision.html/.csv              督办清单
    duties.html, duties-{reports,candidates,packages,follow-ups}.csv   领导批办与包案事项跟踪 (internal/duty_reports.py)
    forms/<case-id>/result-report-n.html                              办理结果报告（呈阅件）
    compliance-<year>.html/.csv, compliance-<year>-periods.csv, -months.csv (定点接访), -changes.csv
    summary-<year>.html/.csv, summary-<year>-receptions.csv, summary-<year>-batches.csv   归档汇总
    report-<year>.html/.docx/.csv      年度报告 (a 公文; the office's text from reports/<year>.md)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import registry, rules, workers
from ..config import Paths
from ..csvfile import csv_bytes, headers, table, values
from ..errors import OutputError
from ..model import Repository
from ..output import SITE_MARKER, atomic_output, check_out_of_data, marked_public_site
from . import documents, reports, yearly
from . import duties as duty_views
from . import forms as form_views
from .forms import FormView
from .names import Names, cn_date
from .render import html


@dataclass(frozen=True)
class ReportLink:
    title: str
    html: str
    csv: tuple[str, ...]
    docx: str = ""  # the editable copy (GB/T 9704 layout), where the office edits and files the report


@dataclass(frozen=True)
class ReportContext:
    """What a report may use: names of the repository's people and units (and the repository, ``names.repo``),
    the date, and the quarter and year chosen on the command line."""

    names: Names
    today: date
    quarter: str
    year: int
    notes: yearly.YearNotes | None = None  # the office's text for the yearly report (reports/<year>.md)


@dataclass
class ReportOutput:
    """What a report produces: its files by path in the output folder (HTML through ``render.html``, CSV through the one
    writer ``csvfile``: ``table(RowType, rows)`` with the columns declared on the row type) and its index entries."""

    files: dict[str, bytes]
    links: list[ReportLink] = field(default_factory=list)


@dataclass(frozen=True)
class CaseForms:
    case_id: str
    title: str
    forms: tuple[form_views.FormView, ...]


@dataclass(frozen=True)
class Index:
    union: str
    today: date
    reports: tuple[ReportLink, ...]
    cases: tuple[CaseForms, ...]
    form_count: int
    notices: tuple[str, ...]


def default_quarter(today: date) -> str:
    """The quarter whose report is due: the last one that has ended (2026-11-26 → 2026Q3)."""
    start, _ = rules.quarter_range(rules.quarter_of(today))
    return rules.quarter_of(date.fromordinal(start.toordinal() - 1))


def _form_files(names: Names, today: date, store: Any = None) -> tuple[dict[str, bytes], tuple[CaseForms, ...]]:
    """Every case's forms, each as a printable page and a .docx. The .docx is the slow part (about 3 ms a form in
    a process that has opened the blank, ``gbt9704._Prototype``; ~43,000 forms at 10,000 cases): made by
    ``workers.run``, over every core when there are many, and kept in ``store`` (see ``_docx``)."""
    numbers = form_views.numbering(names.repo.cases)
    per_case = tuple(CaseForms(case.id, case.title, (*form_views.case_forms(names, case, numbers),
                                                     *duty_views.result_report_forms(names, case, numbers)))
                     for case in names.repo.cases)
    forms = [f for c in per_case for f in c.forms]
    docx = _docx(forms, store)
    files: dict[str, bytes] = {}
    for f, document in zip(forms, docx):
        files[f.file] = html("form.html", form=f).encode("utf-8")
        files[f.file.removesuffix(".html") + ".docx"] = document
    rows = [(f.case_id, f.kind_label, f.number, f.dated.isoformat(), f.file) for f in forms]
    files["forms.csv"] = csv_bytes(("事项编号", "单据", "单据编号", "日期", "文件"), rows)
    return files, per_case


def _docx(forms: list[FormView], store: Any) -> list[bytes]:
    """Each form's .docx; ``store`` (a ``cache.Store``) keeps them by the tool's digest and the form's whole
    content (``FormView`` is a frozen dataclass of text and dates, so its ``repr`` is its content): a run after
    one changed case makes only that case's forms again."""
    from ..cache import digest, tool_digest

    keys = [digest("docx", tool_digest(), repr(form)) for form in forms]
    return workers.run_uncached(forms, keys, lambda f: documents.form_docx(f, f.issuer), [store] * len(forms),
                                label="生成 .docx 单据")


@registry.report(order=10)
def letters_report(ctx: ReportContext) -> ReportOutput:
    """主席来信季度报告 of the chosen quarter."""
    names, quarter = ctx.names, ctx.quarter
    r = reports.chairman_letters(names, quarter, ctx.today)
    routes = duty_views.quarter_route_figures(names, quarter)  # 分类处理 (issue 16.1), kept apart from the letters
    base = f"chairman-letters-{quarter}"
    header, rows = headers(reports.LetterRow), values(reports.LetterRow, r.rows)
    totals_header = headers(reports.TopicTotal)
    totals = [*values(reports.TopicTotal, r.totals), ("合计", r.total, r.urgent, r.concluded)]
    files = {
        f"{base}.html": html("chairman_letters.html", r=r, routes=routes).encode("utf-8"),
        f"{base}-routes.csv": csv_bytes(("类别", "项目", "件数"), duty_views.route_rows(routes)),
        f"{base}.csv": csv_bytes(header, rows),
        f"{base}-totals.csv": csv_bytes(totals_header, totals),
        f"{base}-urgent.csv": table(reports.UrgentRow, r.urgents),
        f"{base}.docx": _letters_docx(names, quarter, ctx.today, totals_header, totals, header, rows),
    }
    return ReportOutput(files, [ReportLink(f"{quarter} 主席来信季度报告", f"{base}.html",
                                           (f"{base}.csv", f"{base}-totals.csv", f"{base}-urgent.csv",
                                            f"{base}-routes.csv"), f"{base}.docx")])


def _letters_docx(names: Names, quarter: str, today: date, totals_header: tuple[str, ...], totals: list[tuple],
                  header: tuple[str, ...], rows: list[tuple]) -> bytes:
    """The quarterly letter report as .docx, from the same rows as its CSV files (no figure of its own)."""
    union = names.repo.union
    start, end = rules.quarter_range(quarter)
    by_topic = "、".join(f"{t[0]}{t[1]}件" for t in totals[:-1] if t[1])
    total = totals[-1]
    text = (f"{cn_date(start)}至{cn_date(end)}，办理写给主席的职工来信{total[1]}件（含上季度结转）"
            f"{'（' + by_topic + '）' if by_topic else ''}，{totals_header[2]}{total[2]}件，{totals_header[3]}{total[3]}件。"
            "逐件登记和截至季末的办理情况见下表。")
    return documents.table_report_docx(f"关于{quarter[:4]}年第{quarter[-1]}季度写给主席的职工来信办理情况的报告",
                                       f"{union.name}{union.department}", today, (text,), header, rows,
                                       (f"{union.name}{union.department}", cn_date(today)))


@registry.report(order=20)
def supervision_report(ctx: ReportContext) -> ReportOutput:
    """督办清单: overdue cases and overdue supervision."""
    r = reports.supervision_list(ctx.names, ctx.today)
    files = {
        "supervision.html": html("supervision.html", r=r).encode("utf-8"),
        "supervision.csv": table(reports.SupervisionRow, r.rows),
    }
    return ReportOutput(files, [ReportLink("超期事项及督办逾期清单", "supervision.html", ("supervision.csv",))])


@registry.report(order=30)
def compliance_report(ctx: ReportContext) -> ReportOutput:
    """接访频次检查 of the chosen year."""
    year = ctx.year
    r = reports.compliance(ctx.names, year, ctx.today)
    chairman = duty_views.chairman_packages(ctx.names, year, ctx.today)  # 主要领导带头示范 (issue 16.6)
    base = f"compliance-{year}"
    files = {
        f"{base}.html": html("compliance.html", r=r, chairman=chairman).encode("utf-8"),
        f"{base}.csv": table(reports.LeaderRow, r.leaders),
        f"{base}-periods.csv": table(reports.PeriodRow, r.periods),
        f"{base}-changes.csv": table(reports.ChangeRow, r.changes),
    }
    if r.months:  # national level: the month's fixed reception (定点接访)
        files[f"{base}-months.csv"] = table(reports.MonthRow, r.months)
    return ReportOutput(files, [ReportLink(f"{year} 年领导接访频次检查", f"{base}.html",
                                           (f"{base}.csv", f"{base}-periods.csv",
                                            *([f"{base}-months.csv"] if r.months else []), f"{base}-changes.csv"))])


def figure_rows(r: reports.YearSummary) -> list[tuple[str, str, object]]:
    """The yearly figures as (group, item, value) rows: the CSV of the yearly report."""
    rows: list[tuple[str, str, object]] = []
    rows += [("接访场次", c.label, c.count) for c in r.receptions_by_mode]
    rows += [("接待人次", c.label, c.extra) for c in r.receptions_by_mode]
    rows += [("接访", "已接访场次合计", r.receptions_held), ("接访", "接待人次合计", r.workers_received),
             ("接访", "改期", r.receptions_changed), ("接访", "取消", r.receptions_cancelled)]
    rows += [("来信", c.label, c.count) for c in r.letters_by_addressee]
    rows += [("来信", "合计", r.letters), ("来信", "领导阅批", r.letters_instructed)]
    rows += [("包案理由", c.label, c.count) for c in r.packages_by_scope]
    rows += [("包案", "包案件数", r.packages)]
    rows += [("办理", "登记事项", r.cases), ("办理", "受理", r.accepted), ("办理", "办结", r.concluded),
             ("办理", "办结率", r.conclusion_rate), ("办理", "按期办结", r.on_time),
             ("办理", "按期办结率", r.on_time_rate), ("办理", "按期办结率分母（办结+超期未办结）", r.on_time_denominator),
             ("办理", "超期未办结", r.overdue_open)]
    rows += [("评价", c.label, c.count) for c in r.satisfaction]
    rows += [("评价", "满意率", r.satisfaction_rate)]
    return rows


@registry.report(order=40)
def year_reports(ctx: ReportContext) -> ReportOutput:
    """归档汇总 and 年度报告 (a 公文, with the office's text from ``reports/<year>.md``) of the chosen year."""
    year, today = ctx.year, ctx.today
    r = reports.year_summary(ctx.names, year, today)
    routes = duty_views.route_figures(ctx.names.repo.cases_of(year))  # 分类处理、不予受理 (issue 16.1)
    chairman = duty_views.chairman_packages(ctx.names, year, today)  # 主要领导亲自包案 (issue 16.6)
    batches = duty_views.batches_of(ctx.names, year)  # 接访登记 (issue 16.9)
    duties_text = duty_views.year_paragraphs(routes, chairman, batches)
    report = yearly.year_report(ctx.names, r, ctx.notes or yearly.YearNotes(f"reports/{year}.md", {}), today,
                                duties_text)
    files = {
        f"summary-{year}.html": html("year_summary.html", r=r, batches=batches).encode("utf-8"),
        f"summary-{year}-batches.csv": table(duty_views.BatchRow, batches.rows),
        f"summary-{year}.csv": table(reports.YearCaseRow, r.rows),
        f"summary-{year}-receptions.csv": table(reports.ReceptionRow, r.receptions),
        f"report-{year}.html": html("year_report.html", report=report).encode("utf-8"),
        f"report-{year}.csv": csv_bytes(("类别", "项目", "数值"),
                                        figure_rows(r) + duty_views.figure_rows(routes, chairman, batches)),
        f"report-{year}.docx": documents.year_report_docx(report, today),
    }
    return ReportOutput(files, [ReportLink(f"{year} 年度归档汇总", f"summary-{year}.html",
                              (f"summary-{year}.csv", f"summary-{year}-receptions.csv", f"summary-{year}-batches.csv")),
                   ReportLink(f"{year} 年度报告（报本级党委和上级工会）", f"report-{year}.html", (f"report-{year}.csv",),
                              f"report-{year}.docx")])


def internal_files(repo: Repository, today: date, quarter: str, year: int,
                   notes: yearly.YearNotes | None = None, store: Any = None) -> dict[str, bytes]:
    """Every internal file, by its path relative to the output folder; ``notes``: the office's text for the
    yearly report (``reports/<year>.md``, read by ``write_internal``); ``store``: the forms' .docx cache."""
    names = Names(repo)
    files, per_case = _form_files(names, today, store)
    links: list[ReportLink] = []
    ctx = ReportContext(names, today, quarter, year, notes)
    for declared in registry.reports():  # every report declared with @registry.report, in index order
        made = declared.render(ctx)
        for rel in made.files:
            if rel in files:
                raise OutputError(f"内部材料 {rel} 被两份报表生成（{declared.name}）")
        files.update(made.files)
        links += made.links
    notices = tuple(sorted({n for c in per_case for f in c.forms for n in f.notices}))
    index = Index(repo.union.name, today, tuple(links), per_case, sum(len(c.forms) for c in per_case), notices)
    files["index.html"] = html("index.html", index=index).encode("utf-8")
    return files


def check_location(paths: Paths, out: Path) -> None:
    """Refuse an output folder inside a public site (the default one or any marked one), equal to it, or
    containing the default one; and any folder that is, contains or lies inside the data folders."""
    marked = marked_public_site(out)
    if marked is not None:
        raise OutputError(f"内部材料不能写入公开网站文件夹 {marked} 或其下级（该文件夹有公开网站标记 {SITE_MARKER}）："
                          "其中含信访人信息，请换一个不在网站文件夹内的位置，例如默认的 internal/")
    target, site = out.resolve(), paths.site.resolve()
    if target == site or site in target.parents:
        raise OutputError(f"内部材料不能写入公开网站文件夹 {paths.rel(site)}（{target}）：其中含信访人信息，"
                          "请换一个不在网站文件夹内的位置，例如默认的 internal/")
    if target in site.parents:
        raise OutputError(f"输出文件夹 {target} 包含公开网站文件夹 {paths.rel(site)}，替换它会删除网站；请换一个位置")
    check_out_of_data(paths.root, out)


def calendar_notices(repo: Repository, year: int) -> list[str]:
    """Notices for every year whose holidays were guessed: case deadlines and the reception year."""
    years = {year}
    for case in repo.cases:
        if case.accepted and case.deadline:
            years.update(range(case.accepted.year, case.deadline.year + 1))
    return [n.message for n in rules.calendar_notices(years)]


def write_internal(paths: Paths, repo: Repository, out: Path, today: date, quarter: str, year: int,
                   use_cache: bool = True) -> int:
    """Render and write the internal output atomically; returns the number of files written. The forms' .docx
    are kept in the repository's ``.xinfang-cache/docx.cache.d/`` (internal data, like the validation cache:
    never in a site) unless ``use_cache`` is false."""
    from ..cache import Store

    check_location(paths, out)
    notes = yearly.read_notes(paths.root / "reports" / f"{year}.md", f"reports/{year}.md")
    problems = yearly.check_notes(notes, Names(repo))
    if problems:
        raise OutputError(f"年度报告的文字含 {len(problems)} 处信访人信息，未生成任何内部材料：\n" + "\n".join(p.format() for p in problems))
    store = Store(paths.cache if use_cache else None, "docx", shards=64)
    files = internal_files(repo, today, quarter, year, notes, store)
    with atomic_output(out) as tmp:
        for rel, content in files.items():
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    store.save()
    return len(files)
