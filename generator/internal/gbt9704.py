"""Editable office documents (.docx) laid out to GB/T 9704-2012 党政机关公文格式, for WPS and Word.

The office edits and files its reports and forms in WPS or Word, so the yearly report, the quarterly letter
report and the forms are also written as .docx: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
(a 156 × 225 mm text block); body 仿宋_GB2312 3号 (16 pt) on a document grid of 22 lines × 28 characters;
title 方正小标宋简体 2号; first-level headings 黑体; page numbers "— 1 —" in 4号 宋体, odd pages right, even
pages left. Chinese font names are set on the ``eastAsia`` attribute (Word and WPS pick the Chinese font
from it; without it Chinese text falls back to a Latin font), and the font table names a common fallback for
each (仿宋, 宋体, 黑体) for machines without the GB2312 fonts.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, cast
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter
from docx.shared import Mm, Pt

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
USED_STYLES = ("TableGrid",)
"""The styles our own markup names (``table``'s ``w:tblStyle``): kept in the blank by ``_prune_styles``."""

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# The font each Chinese font falls back to where it is not installed (font table w:altName).
FALLBACKS = {BODY_FONT: "仿宋", TITLE_FONT: "宋体", HEADING_FONT: "SimHei", PAGE_NUMBER_FONT: "SimSun"}

BODY_SIZE = Pt(16)    # 3号
TITLE_SIZE = Pt(22)   # 2号
FOOTER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(12)   # 小4号: forms and tables, so a form fits one page
LINES, CHARS = 22, 28
TEXT_HEIGHT_MM, TEXT_WIDTH_MM = 225, 156
# 22 lines × 28 characters in the 225 × 156 mm block: 225 mm / 22 = 28.98 pt a line (LINE_PITCH twips in the
# document grid), 156 mm / 28 = 15.79 pt a character, i.e. 16 pt less 0.21 pt (CHAR_SPACE in Word's 1/4096 pt).
# The grid is recorded for Word's 文档网格 but not switched on (no w:type): LibreOffice snaps a 16 pt character
# to two cells of a linesAndChars grid (14 characters a line) and fits only 20 lines on a line grid. The 22 × 28
# is made instead by what every program honours: exact line spacing LINE_SPACING and character spacing
# CHAR_SPACING on the body text (checked by rendering with LibreOffice in the tests).
LINE_PITCH = round(TEXT_HEIGHT_MM / 25.4 * 1440 / LINES)
CHAR_SPACE = round((TEXT_WIDTH_MM / 25.4 * 72 / CHARS - BODY_SIZE.pt) * 4096)
LINE_SPACING = Pt(28.9)
CHAR_SPACING = -5  # twentieths of a point: -0.25 pt, so 28 characters of 15.75 pt fill 441 of the 442 pt


def _set_fonts(run_properties: object, east_asia: str, size: Pt | None = None, bold: bool = False) -> None:
    """``<w:rFonts w:ascii w:hAnsi w:eastAsia>`` and ``<w:sz>`` on a run or a style's run properties."""
    rpr = run_properties
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))  # type: ignore[attr-defined]
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)  # type: ignore[attr-defined]
            element.set(qn("w:val"), str(int(size.pt * 2)))
    if bold:
        rpr.append(OxmlElement("w:b"))  # type: ignore[attr-defined]
    _in_schema_order(rpr)


# The order CT_RPr (ECMA-376) requires of the run properties we write; Word refuses a file out of order.
_RPR_ORDER = [qn(f"w:{tag}") for tag in ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "spacing", "w", "kern",
                                         "position", "sz", "szCs", "highlight", "u", "lang")]


def _in_schema_order(rpr: object) -> None:
    children = list(rpr)  # type: ignore[call-overload]
    rank = {tag: i for i, tag in enumerate(_RPR_ORDER)}
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):
        rpr.append(child)  # type: ignore[attr-defined]


def _run_xml(text: str, font: str, size: Pt) -> str:
    """One ``<w:r>`` as python-docx writes ``add_run(text)`` with ``_set_fonts``: a tab as ``<w:tab/>``, a line
    break as ``<w:br/>``, text kept with its spaces (``xml:space="preserve"``) where it starts or ends with one."""
    fonts = (f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:cs="{LATIN_FONT}" w:eastAsia="{font}"/>'
             f'<w:sz w:val="{int(size.pt * 2)}"/><w:szCs w:val="{int(size.pt * 2)}"/></w:rPr>')
    parts = []
    for piece in re.split(r"(\t|\r\n|\r|\n)", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r\n", "\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            keep = ' xml:space="preserve"' if piece.strip() != piece else ""
            parts.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    return f"<w:r>{fonts}{''.join(parts)}</w:r>"


def _row_xml(values: Sequence[str], columns: int, twips: Sequence[int], font: str, size: Pt) -> str:
    """One ``<w:tr>``; a short row's last cell spans the remaining columns, as wide as they are together."""
    line = int(size.pt * 1.5 * 20)  # exact line spacing of 1.5 × the type size, in twentieths of a point
    if len(values) > columns:  # more values than columns: the extra ones run on in the last cell
        values = [*values[:columns - 1], "".join(str(v) for v in values[columns - 1:])]
    cells = []
    for c, value in enumerate(values):
        span = columns - c if c == len(values) - 1 else 1
        width = sum(twips[c:c + span])
        spanned = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        cells.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{spanned}</w:tcPr><w:p><w:pPr>'
                     f'<w:spacing w:line="{line}" w:lineRule="exact"/></w:pPr>{_run_xml(str(value), font, size)}</w:p></w:tc>')
    return f"<w:tr>{''.join(cells)}</w:tr>"


class _FixedTimeZip:
    """python-docx's physical package writer with one fixed time on every zip entry, so the same content gives
    the same bytes (python-docx stamps the clock).

    It writes the bytes ``zipfile.ZipFile.writestr`` would (a test compares the two on every document of the
    demo), but keeps each member's deflated bytes by its content: every form of a run shares its styles,
    settings, footers, font table and theme with the blank, so only its body and properties are deflated
    (deflating every part was a sixth of a form's time)."""

    _TIME, _DATE = 0, (1 << 5) | 1  # 1980-01-01 00:00 in MS-DOS form
    _deflated: dict[bytes, tuple[int, bytes]] = {}

    def __init__(self, buffer: io.BytesIO) -> None:
        self._out = buffer
        self._central: list[bytes] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name = pack_uri.membername.encode("ascii")
        crc, data = self._deflate(blob)
        fields = (20, 0, 0, zipfile.ZIP_DEFLATED, self._TIME, self._DATE, crc, len(data), len(blob), len(name))
        offset = self._out.tell()
        self._out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", *fields, 0) + name + data)
        self._central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, *fields, 0, 0, 0, 0,
                                         0o600 << 16, offset) + name)

    @classmethod
    def _deflate(cls, blob: bytes) -> tuple[int, bytes]:
        kept = cls._deflated.get(blob)
        if kept is None:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            kept = (zlib.crc32(blob), compressor.compress(blob) + compressor.flush())
            # the first 64 distinct members of a process: the dozen every document shares (the blank's parts,
            # content types, relationships) are among them, with the bodies of the first few forms; later
            # bodies are not kept, so the table stays small however many forms are made
            if len(cls._deflated) < 64:
                cls._deflated[blob] = kept
        return kept

    def close(self) -> None:
        start = self._out.tell()
        directory = b"".join(self._central)
        self._out.write(directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(self._central),
                                                len(self._central), len(directory), start, 0))


def _package(doc: Any) -> bytes:
    """What ``Document.save`` writes (``OpcPackage.save``: content types, package rels, then each part and its
    rels), through ``_FixedTimeZip``."""
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    buffer = io.BytesIO()
    zipped = _FixedTimeZip(buffer)
    writer = cast(PhysPkgWriter, zipped)  # it has the interface PackageWriter uses: write(pack_uri, blob)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    for part in package.parts:  # PackageWriter._write_parts, with the prototype's shared parts serialized once
        zipped.write(part.partname, _PROTOTYPE.shared.get(part) or part.blob)
        if len(part.rels):
            zipped.write(part.partname.rels_uri, part.rels.xml)
    zipped.close()
    return buffer.getvalue()


class _Prototype:
    """The blank document opened once per process. A new document starts from copies of the two parts its
    content changes (the body, ``word/document.xml``, and the properties, ``docProps/core.xml``) and shares the
    others with every document before it, instead of unzipping and parsing all of them again (that was 12 ms
    of a form's 28), and their bytes (``shared``: serializing them again was another 3 ms). One document at a
    time holds it (``hold``, until its ``bytes``); another made meanwhile, or any after one that failed before
    its bytes, is opened from the blank's bytes as before."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._opened: tuple[Any, Any, Any, Any] | None = None
        self.shared: dict[Any, bytes] = {}  # each part no document changes → its bytes

    def hold(self) -> bool:
        return self._lock.acquire(blocking=False)

    def release(self) -> None:
        self._lock.release()

    def fresh(self) -> Any:
        if self._opened is None:
            doc = Document(io.BytesIO(_blank()))
            core = doc.part.package._core_properties_part
            self._opened = (doc.part, core, copy.deepcopy(doc.part._element), copy.deepcopy(core._element))
            self.shared = {part: part.blob for part in doc.part.package.parts if part not in (doc.part, core)}
        part, core, body, properties = self._opened
        part._element, core._element = copy.deepcopy(body), copy.deepcopy(properties)
        return part.document


_PROTOTYPE = _Prototype()


@cache
def _blank() -> bytes:
    """The empty document in the 公文 layout (page, styles, footers, font table), made once per process: a
    form is opened from it rather than laid out again (the office's 184 demo forms: 0.02 s each, not 0.05)."""
    return _package(OfficialDocument(Document()).doc)


class OfficialDocument:
    """One .docx in the 公文 layout; add paragraphs and tables in order, then ``bytes()``."""

    def __init__(self, _layout: Any = None) -> None:
        self._held = False
        if _layout is None:
            self._held = _PROTOTYPE.hold()
            self.doc = _PROTOTYPE.fresh() if self._held else Document(io.BytesIO(_blank()))
            return
        self.doc = _layout
        self._page()
        self._styles()
        self._footers()
        self._font_table()
        self._drop_leftovers()

    # -- layout ------------------------------------------------------------------------------------------
    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance, section.footer_distance = Mm(15), Mm(25)  # 页码 below the text block (7 mm)
        sect_pr = section._sectPr
        for old in sect_pr.findall(qn("w:docGrid")):
            sect_pr.remove(old)
        grid = OxmlElement("w:docGrid")
        grid.set(qn("w:linePitch"), str(LINE_PITCH))
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))
        sect_pr.append(grid)

    def _styles(self) -> None:
        normal = self.doc.styles["Normal"]
        rpr = normal.element.get_or_add_rPr()
        _set_fonts(rpr, BODY_FONT, BODY_SIZE)
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CHAR_SPACING))
        rpr.append(spacing)
        _in_schema_order(rpr)
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = LINE_SPACING  # exact: 22 lines a page

    def _footers(self) -> None:
        """"— 1 —" in 4号: odd pages at the right, even pages at the left, a character in from the edge."""
        self.doc.settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders, in the schema's place
        section = self.doc.sections[0]
        for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = align
            indent = Pt(FOOTER_SIZE.pt)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                p.paragraph_format.right_indent = indent
            else:
                p.paragraph_format.left_indent = indent
            self._text(p, "— ", PAGE_NUMBER_FONT, FOOTER_SIZE)
            self._page_field(p)
            self._text(p, " —", PAGE_NUMBER_FONT, FOOTER_SIZE)

    def _page_field(self, paragraph: object) -> None:
        run = paragraph.add_run()  # type: ignore[attr-defined]
        _set_fonts(run._r.get_or_add_rPr(), PAGE_NUMBER_FONT, FOOTER_SIZE)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            elif text == "1":
                element = OxmlElement("w:t")
                element.text = text
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)

    def _font_table(self) -> None:
        """Name a fallback for each Chinese font (``w:altName``) in ``word/fontTable.xml``."""
        part = next(p for p in self.doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
        from lxml import etree
        root = etree.fromstring(part.blob)
        for name, alt in FALLBACKS.items():
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), name)
            alt_name = etree.SubElement(font, qn("w:altName"))
            alt_name.set(qn("w:val"), alt)
            charset = etree.SubElement(font, qn("w:charset"))
            charset.set(qn("w:val"), "86")  # GB2312
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _drop_leftovers(self) -> None:
        """Parts of python-docx's default template no form of ours uses, dropped with their relationships (the
        package lists only what is related): the template's thumbnail (a picture of another document, which file
        browsers would show for every form), ``stylesWithEffects.xml`` (Word 2010's second copy of the styles:
        Word 2013 and later, WPS and LibreOffice read ``styles.xml``) and an empty ``customXml`` item. A form's
        .docx 39.6 → 23.2 KB on average (the demo's 186); at 10,000 cases there are ~43,000."""
        package = self.doc.part.package
        for rels, kinds in ((package.rels, (RT.THUMBNAIL,)), (self.doc.part.rels, (STYLES_WITH_EFFECTS, RT.CUSTOM_XML))):
            for rid in [rid for rid, rel in rels.items() if rel.reltype in kinds]:
                rels.pop(rid)
        self._prune_styles()

    def _prune_styles(self) -> None:
        """Only the styles a document of ours can use kept in ``styles.xml`` (the template defines 164 in 350 KB,
        12 KB deflated in every .docx): the defaults, those our tables name (``USED_STYLES``), those any part
        of the blank names (footers, numbering), and every style these are based on, linked to or followed by.
        The latent styles (what Word's style gallery offers) stay. A demo form's .docx: 23.2 → 12.9 KB. A style
        our code names must be in ``USED_STYLES``: python-docx refuses a style name it cannot find (KeyError),
        and ``test_docx_holds_only_its_own_parts_each_related_and_typed`` lists the styles kept."""
        root = self.doc.styles.element
        by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        named = set(USED_STYLES)
        for part in self.doc.part.package.iter_parts():
            element = getattr(part, "_element", None)
            if element is not None and element is not root:
                named.update(str(v) for v in element.xpath("//@w:val[contains(name(..), 'Style')]"))
        named.update(i for i, s in by_id.items() if s.get(qn("w:default")) == "1")
        todo = [i for i in named if i in by_id]
        kept: set[str] = set()
        while todo:
            style_id = todo.pop()
            if style_id in kept:
                continue
            kept.add(style_id)
            for tag in ("w:basedOn", "w:link", "w:next"):
                ref = by_id[style_id].find(qn(tag))
                if ref is not None and ref.get(qn("w:val")) in by_id:
                    todo.append(ref.get(qn("w:val")))
        for style_id, style in by_id.items():
            if style_id not in kept:
                root.remove(style)

    # -- content -----------------------------------------------------------------------------------------
    @staticmethod
    def _text(paragraph: object, text: str, font: str = BODY_FONT, size: Pt = BODY_SIZE, bold: bool = False) -> None:
        run = paragraph.add_run(text)  # type: ignore[attr-defined]
        _set_fonts(run._r.get_or_add_rPr(), font, size, bold)

    def title(self, text: str) -> None:
        """标题: 方正小标宋简体 2号, centred, a blank line below."""
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._text(p, text, TITLE_FONT, TITLE_SIZE)
        self.doc.add_paragraph()

    def line(self, text: str, align: str = "left", font: str = BODY_FONT, size: Pt = BODY_SIZE) -> None:
        """A paragraph without indent: 主送, 发文字号, 落款 (align right), 分送."""
        p = self.doc.add_paragraph()
        p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                       "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
        if align == "right":
            p.paragraph_format.right_indent = Pt(BODY_SIZE.pt * 4)  # 成文日期 右空四字
        self._text(p, text, font, size)

    def heading(self, text: str) -> None:
        """一级标题 (一、…): 黑体 3号, indented two characters."""
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(BODY_SIZE.pt * 2)
        self._text(p, text, HEADING_FONT, BODY_SIZE)

    def body(self, text: str, size: Pt = BODY_SIZE) -> None:
        """正文: 仿宋_GB2312 3号, first line indented two characters, justified."""
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Pt(size.pt * 2)
        self._text(p, text, BODY_FONT, size)

    def table(self, rows: Sequence[Sequence[str]], header: Sequence[str] | None = None,
              widths_mm: Sequence[float] | None = None, size: Pt = TABLE_SIZE) -> None:
        """A bordered table (表格, style "Table Grid", centred) in 仿宋 at ``size``; ``header`` in 黑体. A row with
        fewer values than columns is a wide field: its last value spans to the end of the row (w:gridSpan).

        Written as one piece of WordprocessingML rather than cell by cell through python-docx, whose cell API
        re-reads the grid on every call (a form's table took 0.07 s that way); without ``widths_mm`` the
        columns share the text block equally, as python-docx's ``add_table`` makes them."""
        columns = len(header) if header else max(len(r) for r in rows)
        if widths_mm:
            twips = [round(Mm(w).twips) for w in widths_mm]
        else:
            twips = [round(Mm(TEXT_WIDTH_MM).twips / columns)] * columns
        body = "".join(_row_xml(values, columns, twips, HEADING_FONT if header and r == 0 else BODY_FONT, size)
                       for r, values in enumerate(([header] if header else []) + [list(v) for v in rows]))
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        self.doc.element.body._insert_tbl(parse_xml(
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
            f'<w:jc w:val="center"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
            f'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'))

    def blank(self) -> None:
        self.doc.add_paragraph()

    def bytes(self) -> bytes:
        """The .docx, byte for byte the same for the same content (reproducible internal output)."""
        try:
            return _package(self.doc)
        finally:
            if self._held:
                self._held = False
                _PROTOTYPE.release()


def paragraphs_of(texts: Iterable[str]) -> list[str]:
    return [t for t in texts if t]
