"""The internal paperwork as .docx (``gbt9704.OfficialDocument``): the same view objects the HTML lays out.

Forms keep their bordered table in 小4号 so each prints like the HTML; the yearly report is prose in the 公文
layout (主送, 标题, 一、二、… headings, 落款 and 成文日期); the quarterly letter report is its paragraphs and
its table as the CSV has them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from .forms import Field, FormView
from .gbt9704 import TABLE_SIZE, OfficialDocument
from .yearly import YearReport


def _stamp(doc: OfficialDocument, author: str, title: str, dated: date) -> None:
    """Document properties: the union as author, the document's own date (no program name, no clock time)."""
    props = doc.doc.core_properties
    props.author = props.last_modified_by = author
    props.title = title
    props.comments = props.keywords = props.subject = ""
    props.created = props.modified = datetime(dated.year, dated.month, dated.day)


def _form_rows(rows: Sequence[Sequence[Field]]) -> list[list[str]]:
    out = []
    for row in rows:
        cells: list[str] = []
        for f in row:
            cells += [f.label, f.value]
        out.append(cells)
    return out


def form_docx(form: FormView, author: str) -> bytes:
    """One form (登记单, 交办单, 督办单 with its 回执, 办结单, 协调会议纪要)."""
    doc = OfficialDocument()
    _stamp(doc, author, form.heading, form.dated)
    doc.title(form.heading)
    doc.line(f"{form.number}　　案号：{form.case_id}", align="center", size=TABLE_SIZE)
    if form.rows:
        doc.table(_form_rows(form.rows), widths_mm=(26, 52, 26, 52))
    for p in form.paragraphs:
        doc.body(p)
    if form.signatures:
        doc.blank()
        doc.line("　　　　".join(f"{who}：＿＿＿＿＿＿" for who in form.signatures), size=TABLE_SIZE)
    doc.line(form.issuer, align="right", size=TABLE_SIZE)
    doc.line(form.issued, align="right", size=TABLE_SIZE)
    if form.distribution:
        doc.line(f"分送：{form.distribution}", size=TABLE_SIZE)
    if form.receipt:
        doc.line("－－－－－－－－－－（沿此线剪下）－－－－－－－－－－", align="center", size=TABLE_SIZE)
        doc.line("回　执", align="center")
        doc.table(_form_rows(form.receipt), widths_mm=(30, 48, 30, 48))
    return doc.bytes()


def year_report_docx(report: YearReport, dated: date) -> bytes:
    """The yearly report as a 公文."""
    doc = OfficialDocument()
    _stamp(doc, report.issuer, report.title, dated)
    doc.title(report.title)
    doc.line(report.recipients)
    doc.body(report.opening)
    for section in report.sections:
        doc.heading(section.heading)
        for p in section.paragraphs:
            doc.body(p)
    doc.blank()
    doc.line(report.issuer, align="right")
    doc.line(report.issued, align="right")
    return doc.bytes()


def table_report_docx(title: str, author: str, dated: date, paragraphs: Sequence[str], header: Sequence[str],
                      rows: Sequence[Sequence[object]], closing: Sequence[str] = ()) -> bytes:
    """A report that is prose and a table (主席来信季度报告): the table in 5号 to fit the text block."""
    from docx.shared import Pt
    doc = OfficialDocument()
    _stamp(doc, author, title, dated)
    doc.title(title)
    for p in paragraphs:
        doc.body(p)
    doc.table([[("" if v is None else str(v)) for v in r] for r in rows], header=header, size=Pt(10.5))
    for line in closing:
        doc.line(line, align="right")
    return doc.bytes()
