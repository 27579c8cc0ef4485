"""The paperwork an office prints and signs (issue 15): which forms a matter gets, the leader's words, the
督办单 as issued with its 回执, the 纪要 as prose, office numbers, 年月日 dates, no generator footer; the yearly
report as a 公文 without any petitioner value; the .docx copies laid out to GB/T 9704-2012, rendered by
LibreOffice, and the printed 督办单 and compliance report on one A4 page each in Chromium.

Numbers and figures below were worked out by hand from the demo YAML (the lists are in the docstrings).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import DEMO_TODAY, copy_demo, tree

from generator.cli import cli

SOFFICE = shutil.which("soffice")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return copy_demo(tmp_path_factory.mktemp("paperwork") / "demo", ("reference", "schedules", "cases", "reports"))


@pytest.fixture(scope="module")
def out(demo: Path) -> Path:
    """``xinfang internal`` of the demo as of 2026-11-26, year 2026, quarter 2026Q3."""
    target = demo.parent / "out"
    result = CliRunner().invoke(cli, ["--root", str(demo), "internal", "--today", DEMO_TODAY.isoformat(),
                                      "--out", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target


def _text(page: Path) -> str:
    """The printed text of an HTML page: tags dropped, the screen-only notes removed."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<div class="screen-only">.*?</div>', "", html, flags=re.DOTALL)
    body = html.split("<body>", 1)[1]
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", body)).strip()  # 　 (U+3000) is text


# ------------------------------------------------------------------ which forms, and their titles

def test_leader_matters_get_the_four_forms_and_one_minutes(out: Path):
    """XF-2025-0004 came through a fixed reception (JF-2025-02) and was packaged: 四单一纪要 titles."""
    text = _text(out / "forms/XF-2025-0004/registration.html")
    assert text.startswith("中华全国总工会领导干部接待职工群众来访登记单 登〔2025〕")
    assert "领导接谈意见 2月定点接访时登记。刘建国副主席当场听取付长青陈述，表示亲自过问。" in text
    assert "拟办意见" not in text
    assert _text(out / "forms/XF-2025-0004/meeting-1.html").startswith("中华全国总工会领导干部接待职工群众来访协调会议纪要")


def test_ordinary_letters_and_calls_get_ordinary_forms(out: Path):
    """XF-2025-0008 (a letter without a named leader, not packaged): 职工来信登记表 with the office's 拟办意见 and
    the leader's 批示 from the instruction entry; XF-2025-0003 (a call): 职工来电登记表; XF-2025-0014's letter
    supervision: 督办函."""
    letter = _text(out / "forms/XF-2025-0008/registration.html")
    assert letter.startswith("中华全国总工会职工来信登记表 登〔2025〕")
    assert "拟办意见 无具体署名的领导来信，按职责分工呈报分管劳动保护工作的赵国栋书记阅示。" in letter
    assert ("领导批示 赵国栋书记批示：请江苏省总工会会同卫生健康部门检查，重点查防护用品和职业健康检查。"
            "（赵国栋，2025年5月12日）") in letter
    assert "领导干部接待" not in letter and "领导接谈意见" not in letter
    assignment = _text(out / "forms/XF-2025-0008/assignment-1.html")
    assert assignment.startswith("中华全国总工会信访事项交办单 交〔2025〕")
    assert "领导批示 赵国栋书记批示：" in assignment
    assert _text(out / "forms/XF-2025-0003/registration.html").startswith("中华全国总工会职工来电登记表")
    assert _text(out / "forms/XF-2025-0014/supervision-1.html").startswith("中华全国总工会信访事项督办函 督〔2025〕6号")


# ------------------------------------------------------------------ 督办单, 纪要, 办结单

def test_supervision_as_issued_with_a_receipt(out: Path):
    """督〔2025〕2号: 2025's supervisions by date are XF-2025-0001 (01-15), XF-2025-0004 (03-10), …"""
    text = _text(out / "forms/XF-2025-0004/supervision-1.html")
    assert text.startswith("中华全国总工会领导干部接待职工群众来访督办单 督〔2025〕2号 案号：XF-2025-0004")
    assert "被督办单位 河南省总工会 督办单位 中华全国总工会社会联络部" in text
    assert "督办事由 发函督办，要求3月25日前报告人社部门限期支付通知执行情况。" in text
    assert ("督办要求 请河南省总工会于2025年3月25日前将办理进展书面报告社会联络部（填写下方回执）；"
            "本事项办结期限为2025年4月14日，逾期未办结的须说明原因。") in text
    assert "报告期限 2025年3月25日 签发人 刘建国" in text
    issued, receipt = (part.strip() for part in text.split("（沿此线剪下）"))
    assert issued.endswith("中华全国总工会社会联络部 2025年3月10日")
    assert receipt.startswith("回　执 督办单编号 督〔2025〕2号 被督办单位 河南省总工会 报告日期 2025年3月24日")
    assert "办理情况 河南省总工会报告：郑州市人社局已下达限期支付通知，总承包单位同意4月5日前支付。" in receipt


def test_meeting_minutes_as_prose(out: Path):
    text = _text(out / "forms/XF-2025-0004/meeting-1.html")
    assert ("2025年2月27日，党组成员、副主席刘建国在全国总工会信访接待室第一会议室主持召开协调会议，"
            "专题研究“建筑项目劳务分包人员工资拖欠两年未解决”（XF-2025-0004）的办理。") in text
    assert ("一、协调郑州市人社局向总承包单位下达限期支付通知，督促其依法先行清偿班组工资。"
            "责任单位：河南省总工会；完成时限：2025年3月10日前。") in text
    assert "二、指导出具总承包单位先行清偿责任的法律意见。责任单位：全国总工会法律工作部；完成时限：2025年3月5日前。" in text
    assert ("参加会议人员：刘建国（党组成员、副主席）、王振华（河南省总工会副主席）、林海涛（全国总工会法律工作部副部长）、"
            "郭明远（中国海员建设工会权益保障部部长）、宋佳（全国总工会社会联络部信访处处长）。") in text
    assert text.endswith("分送：刘建国同志，河南省总工会，中国海员建设工会，全国总工会法律工作部。")


def test_conclusion_form(out: Path):
    text = _text(out / "forms/XF-2025-0004/conclusion.html")
    assert "书面答复 　　年　　月　　日送达信访人（送达方式：　　　　）" in text
    assert "信访人意见 基本满意" in text
    assert "包案领导审核意见" in text
    assert "部门负责人审核意见" in _text(out / "forms/XF-2025-0008/conclusion.html")


# ------------------------------------------------------------------ numbers, dates, no footer

def test_running_numbers_per_type_and_year(out: Path):
    """2026's assignments by date: 0001 01-14, 0002 01-19, 0003 01-22, 0004 02-06, 0005 03-02, 0007 03-20,
    0008 04-16, 0009 04-24, 0010 05-11, 0011 05-21, 0012 06-18, 0013 06-24 → 交〔2026〕12号 is XF-2026-0013's.
    2026's supervisions: … 0012 09-24 (10th), 0016 and 0020 both 10-20 (ties by case id: 11th, 12th)."""
    text = _text(out / "forms/XF-2026-0013/assignment-1.html")
    assert text.startswith("中华全国总工会领导干部接待职工群众来访交办单 交〔2026〕12号 案号：XF-2026-0013")
    assert "交办日期 2026年6月24日" in text
    assert "督〔2026〕11号" in _text(out / "forms/XF-2026-0016/supervision-2.html")
    assert "督〔2026〕12号" in _text(out / "forms/XF-2026-0020/supervision-1.html")
    rows = (out / "forms.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "XF-2026-0013,交办单,交〔2026〕12号,2026-06-24,forms/XF-2026-0013/assignment-1.html" in rows


def test_numbers_stay_when_a_case_is_added(demo: Path):
    """A case registered today takes the next numbers; every number issued before stays what it was."""
    from generator.config import Paths
    from generator.internal.forms import numbering
    from generator.model import HistoryEntry
    from generator.validate import check_repository

    repo = check_repository(Paths(demo), DEMO_TODAY).repository
    before = numbering(repo.cases)
    new = replace(repo.cases[-1], id="XF-2026-0099", received=DEMO_TODAY, conclusion=None, history=(
        HistoryEntry(DEMO_TODAY, "registration"), HistoryEntry(DEMO_TODAY, "assignment", unit="U-HA-FGH")))
    after = numbering([*repo.cases, new])
    assert {k: after[k] for k in before} == before
    assert after[("XF-2026-0099", "assignment", 1)] == f"交〔2026〕{sum(1 for k in before if k[1] == 'assignment' and '〔2026〕' in before[k]) + 1}号"


def test_dates_in_words_and_no_generator_footer(out: Path):
    """Signed paper shows 2025年3月10日, never 2025-03-10, and nothing about the program that made it."""
    for page in (out / "forms").rglob("*.html"):
        text = _text(page)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), page
        assert "xinfang" not in text and "生成" not in text and "制表日期" not in text, page
    assert "2025年3月10日" in _text(out / "forms/XF-2025-0004/supervision-1.html")


# ------------------------------------------------------------------ the yearly report

def _raw_cases(demo: Path) -> list[dict]:
    return [yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((demo / "cases").rglob("*.yaml"))]


def test_yearly_report_is_a_document(out: Path, demo: Path):
    """Counted again from the YAML: 上年结转 = received before 2026 and not concluded before 2026;
    本年办结 = concluded in 2026, of which received before 2026."""
    cases = _raw_cases(demo)
    carried = [c for c in cases if c["received"] < "2026" and not ("conclusion" in c and c["conclusion"]["date"] < "2026")]
    concluded = [c for c in cases if "conclusion" in c and c["conclusion"]["date"].startswith("2026")]
    old = [c for c in concluded if c["received"] < "2026"]
    assert (len(carried), len(concluded), len(old)) == (5, 19, 4)  # the demo as written on 2026-11-26
    text = _text(out / "report-2026.html")
    assert text.startswith("内部文件 注意保密 关于2026年度工会领导干部接待职工群众来访工作情况的报告 中共中华全国总工会党组：")
    for heading in ("一、基本情况", "二、主要做法和成效", "三、存在的问题", "四、下一步打算"):
        assert f" {heading} " in text
    assert "上年结转5件，本年登记28件、受理24件；本年办结19件，其中办结上年结转事项4件。" in text
    assert "陈志远（主席）亲自包案（含交接给主席的）1件。" in text and "主席亲自包案1件" not in text  # once, in （七）
    assert "党组成员、副主席刘建国接待来访2.5天（5个半天），包案3件，阅批来信1件" in text
    assert "部分地方工会对交办事项重交办、轻落实" in text  # from reports/2026.md
    assert text.endswith("中华全国总工会 2026年11月26日")


def test_yearly_report_has_no_petitioner_value(out: Path, demo: Path):
    """No name, phone, ID number, employer or address of any petitioner in the report (HTML and .docx).
    Checked that it can fail: with the typical cases taken from the internal ``summary`` instead of the public
    wording, this test failed on XF-2025-0017's petitioner's name."""
    html = (out / "report-2026.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "report-2026.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    for case in _raw_cases(demo):
        for person in case["petitioners"]:
            for key in ("name", "phone", "id_number", "employer", "address"):
                if person.get(key):
                    assert person[key] not in html, (case["id"], key)
                    assert person[key] not in xml, (case["id"], key)


def test_office_text_with_a_petitioner_name_is_refused(demo: Path, tmp_path: Path):
    """The office's reports/2026.md naming a petitioner stops the command at the place, nothing written.
    Checked that it can fail: with ``check_notes`` returning [] the command wrote the report with the name."""
    root = tmp_path / "demo"
    shutil.copytree(demo, root)
    notes = root / "reports/2026.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace("个别督办事项", "付长青反映的个别督办事项"), encoding="utf-8")
    line = next(i for i, t in enumerate(notes.read_text(encoding="utf-8").splitlines(), 1) if "付长青" in t)
    result = CliRunner().invoke(cli, ["--root", str(root), "internal", "--today", DEMO_TODAY.isoformat(),
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (f"reports/2026.md:{line}:20: 年度报告要报送本级党委和上级工会，不得含信访人信息 付**；"
            "请改写为匿名表述（张某）或删除") in result.output
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ .docx to GB/T 9704-2012

DOCX = ("report-2026.docx", "chairman-letters-2026Q3.docx", "forms/XF-2025-0004/registration.docx",
        "forms/XF-2025-0004/assignment-1.docx", "forms/XF-2025-0004/supervision-1.docx",
        "forms/XF-2025-0004/conclusion.docx", "forms/XF-2025-0004/meeting-1.docx")


@pytest.mark.parametrize("name", DOCX)
def test_docx_layout(out: Path, name: str):
    """A4 (11906 × 16838 twips), margins 37/35/28/26 mm, 仿宋_GB2312 3号 body on eastAsia, 22 lines × 28
    characters (exact 28.9 pt lines, -0.25 pt spacing; the grid recorded with linePitch 580), page numbers
    "— PAGE —" in 4号 on odd (right) and even (left) footers."""
    with zipfile.ZipFile(out / name) as z:
        document, styles = z.read("word/document.xml").decode(), z.read("word/styles.xml").decode()
        settings, fonts = z.read("word/settings.xml").decode(), z.read("word/fontTable.xml").decode()
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
        core = z.read("docProps/core.xml").decode()
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in document
    assert re.search(r'<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"', document)
    assert '<w:docGrid w:linePitch="580" w:charSpace="-848"/>' in document  # 12755.9 twips / 22; -0.20696 pt × 4096
    normal = re.search(r'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">.*?</w:style>', styles).group(0)
    assert '<w:pPr><w:spacing w:before="0" w:after="0" w:line="578" w:lineRule="exact"/></w:pPr>' in normal
    assert ('<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" '
            'w:eastAsia="仿宋_GB2312"/><w:spacing w:val="-5"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>') in normal
    assert 'w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/>' in document
    assert "<w:evenAndOddHeaders/>" in settings
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    assert len(footers) == 2
    for footer in footers:
        assert re.search(r'<w:t xml:space="preserve">— </w:t>.*<w:instrText xml:space="preserve"> PAGE </w:instrText>'
                         r'.*<w:t xml:space="preserve"> —</w:t>', footer, re.DOTALL)
        assert 'w:eastAsia="宋体"/><w:sz w:val="28"/>' in footer
    assert {re.search(r'<w:jc w:val="(\w+)"/>', f).group(1) for f in footers} == {"right", "left"}
    assert "python-docx" not in core and "xinfang" not in core


class _ZipfileWriter:
    """The package writer as it was before gbt9704 wrote its own zip: ``zipfile.ZipFile.writestr``, every part
    deflated anew."""

    def __init__(self, buffer: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=(1980, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(entry, blob)

    def close(self) -> None:
        self._zip.close()


def test_documents_from_the_shared_blank_equal_documents_opened_afresh(out: Path, demo: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    """Guards the two shortcuts of gbt9704 (a form ~10 ms instead of 28): every document starts from one blank
    opened once per process, its body and properties copied, the other parts and their bytes shared
    (``_Prototype``); and the zip is written by our own writer, which keeps the deflated bytes of those shared
    parts (``_FixedTimeZip``). Every file of the demo's internal output (184 forms, the yearly and quarterly
    reports) must be byte for byte what the old way gives: the blank unzipped and parsed for each document,
    ``zipfile`` writing every part. Checked to fail: with the body not copied (each form's paragraphs left in
    the next: 185 files differ) and with the central directory's file mode 0o644 instead of zipfile's 0o600
    (186 differ). The properties are copied too, though leaving them out changes nothing today: every document
    sets each property it has (``documents._stamp``)."""
    from generator.internal import gbt9704

    monkeypatch.setattr(gbt9704._PROTOTYPE, "hold", lambda: False)
    monkeypatch.setattr(gbt9704, "_FixedTimeZip", _ZipfileWriter)
    result = CliRunner().invoke(cli, ["--root", str(demo), "internal", "--today", DEMO_TODAY.isoformat(),
                                      "--no-cache", "--out", str(tmp_path / "afresh")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    made, afresh = tree(out), tree(tmp_path / "afresh")
    assert sum(name.endswith(".docx") for name in made) == 186
    assert sorted(name for name in made if made[name] != afresh.get(name)) == []
    assert made.keys() == afresh.keys()


PARTS = ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
         "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/webSettings.xml",
         "word/fontTable.xml", "word/theme/theme1.xml", "word/numbering.xml", "word/footer1.xml", "word/footer2.xml"]


@pytest.mark.parametrize("name", DOCX)
def test_docx_holds_only_its_own_parts_each_related_and_typed(out: Path, name: str):
    """Guards ``OfficialDocument._drop_leftovers`` and the package's integrity: no thumbnail of python-docx's
    template (a picture of another document, shown by file browsers), no ``stylesWithEffects.xml``, no
    ``customXml``; every relationship's target is in the zip, every part but the rels is the target of one,
    and [Content_Types].xml names exactly the parts there are; ``styles.xml`` holds the 13 styles a document
    can use (``_prune_styles``: the defaults, the table's, those footers and numbering name, and what they
    are based on or linked to), not the template's 164. Checked to fail: without ``_drop_leftovers`` (the
    three parts listed, and every style), with ``USED_STYLES`` empty (no TableGrid, which every form's table
    names), and with the document's relationships not written (``word/_rels/document.xml.rels`` missing:
    nothing reaches its styles, settings or footers). A demo form: 39.6 KB before, 12.9 KB after."""
    import posixpath

    with zipfile.ZipFile(out / name) as z:
        names = z.namelist()
        targets = set()
        for rels in (n for n in names if n.endswith(".rels")):
            base = posixpath.dirname(posixpath.dirname(rels))  # word/_rels/document.xml.rels → word
            for target in re.findall(r'Target="([^"]+)"', z.read(rels).decode("utf-8")):
                targets.add(posixpath.normpath(posixpath.join(base, target)))
        overrides = set(re.findall(r'PartName="/([^"]+)"', z.read("[Content_Types].xml").decode("utf-8")))
        styles = re.findall(r'w:styleId="([^"]+)"', z.read("word/styles.xml").decode("utf-8"))
    assert names == PARTS
    assert targets == {n for n in names if not n.endswith(".rels") and n != "[Content_Types].xml"}
    assert overrides == targets
    assert styles == ["Normal", "Footer", "FooterChar", "DefaultParagraphFont", "TableNormal", "NoList", "ListBullet",
                      "ListBullet2", "ListBullet3", "ListNumber", "ListNumber2", "ListNumber3", "TableGrid"]


def test_a_form_s_table_keeps_its_columns_and_a_wide_field_spans_them(out: Path):
    """The 登记单's table as written: columns of 26/52/26/52 mm (1474/2948 twips) in the grid and on each cell;
    信访人 (a wide field) has its value in one cell spanning the last three columns, as wide as they are
    together (52 + 26 + 52 mm = 7370 twips), its text escaped once; a tab and a line break in a value become
    Word's own tab and break. Checked to fail: with the span's width taken from one column (2948) the second
    assertion fails; with the text not escaped the file is not XML."""
    from generator.internal.gbt9704 import OfficialDocument

    with zipfile.ZipFile(out / "forms/XF-2025-0004/registration.docx") as z:
        document = z.read("word/document.xml").decode()
    grid = re.search(r"<w:tblGrid>(.*?)</w:tblGrid>", document).group(1)
    assert grid == '<w:gridCol w:w="1474"/><w:gridCol w:w="2948"/><w:gridCol w:w="1474"/><w:gridCol w:w="2948"/>'
    wide = re.search(r'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="(\d+)"/><w:gridSpan w:val="(\d)"/></w:tcPr>.*?'
                     r"<w:t>(.*?)</w:t>", document)
    assert (wide.group(1), wide.group(2)) == ("7370", "3")
    doc = OfficialDocument()
    doc.table([["诉求", "a<b & c\td\ne "]], widths_mm=(26, 52, 26, 52))
    with zipfile.ZipFile(io.BytesIO(doc.bytes())) as z:
        written = z.read("word/document.xml").decode()
    assert ('<w:t>a&lt;b &amp; c</w:t><w:tab/><w:t>d</w:t><w:br/><w:t xml:space="preserve">e </w:t></w:r>'
            in written)


def _pdf_page_count(pdf: Path) -> int:
    pypdf = pytest.importorskip("pypdf")
    return len(pypdf.PdfReader(str(pdf)).pages)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed")
def test_docx_render_in_libreoffice(out: Path, tmp_path: Path):
    """LibreOffice headless with Noto CJK standing in for the GB2312 fonts: each form on one A4 page, the
    纪要 on two, the yearly report on four; a page of 28 × 22 characters of body text holds exactly that."""
    from generator.internal.gbt9704 import OfficialDocument

    doc = OfficialDocument()
    for i in range(44):
        doc.line("一二三四五六七八九十" * 2 + "一二三四五六" + f"{i:02d}")  # 28 characters, no indent
    (tmp_path / "grid.docx").write_bytes(doc.bytes())
    for name in DOCX:
        shutil.copy(out / name, tmp_path / name.replace("/", "_"))
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    *sorted(str(p) for p in tmp_path.glob("*.docx"))], check=True, capture_output=True, timeout=300)
    pages = {p.stem: _pdf_page_count(p) for p in tmp_path.glob("*.pdf")}
    assert pages == {"grid": 2, "report-2026": 4, "chairman-letters-2026Q3": 2,
                     "forms_XF-2025-0004_registration": 1, "forms_XF-2025-0004_assignment-1": 1,
                     "forms_XF-2025-0004_supervision-1": 1, "forms_XF-2025-0004_conclusion": 1,
                     "forms_XF-2025-0004_meeting-1": 2}
    pypdf = pytest.importorskip("pypdf")
    first = [t for t in pypdf.PdfReader(str(tmp_path / "grid.pdf")).pages[0].extract_text().splitlines() if t.strip()]
    assert len(first) == 22 + 1  # 22 lines of text and the page number
    assert len(first[0].replace(" ", "")) == 28


# ------------------------------------------------------------------ printing in Chromium

@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")
@pytest.mark.parametrize("name", ["forms/XF-2025-0004/supervision-1.html", "forms/XF-2026-0016/supervision-2.html",
                                  "compliance-2026.html"])
def test_prints_on_one_a4_page_with_playwright(out: Path, name: str, browser):
    """In the session's Chromium (``browser``: a second Playwright in one process would fail)."""
    pypdf = pytest.importorskip("pypdf")
    import io
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((out / name).as_uri())
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        context.close()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1, f"{name} prints on {len(reader.pages)} pages"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


# ------------------------------------------------------------------ the meeting record's rules

def _validate(root: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["--root", str(root), "validate", "--today", DEMO_TODAY.isoformat()])
    return [line for line in result.output.splitlines() if "XF-2025-0004" in line]


def test_meeting_fields_are_checked(demo: Path, tmp_path: Path):
    """An agreed item due before the meeting, a meeting field on an assignment, a leader written with a name:
    each an error at its place. Checked that it can fail: without the ``@registry.rule`` on ``case_meetings``,
    no line came."""
    root = tmp_path / "demo"
    shutil.copytree(demo, root)
    case = root / "cases/2025/XF-2025-0004.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace('        deadline: "2025-03-05"', '        deadline: "2025-02-20"')
    text = text.replace("    type: assignment\n", "    type: assignment\n    location: 会议室\n")
    text = text.replace("      - leader: L-LIU\n", "      - leader: L-LIU\n        name: 刘建国\n")
    case.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    due, place, leader = (next(i for i, t in enumerate(lines, 1) if t.startswith(key)) for key in
                          ('        deadline: "2025-02-20"', "    location: 会议室", "      - leader: L-LIU"))
    assert _validate(root) == [
        f"cases/2025/XF-2025-0004.yaml:{place}:15: 会议地点 location：只有协调会议记录（type: meeting）填写",
        (f"cases/2025/XF-2025-0004.yaml:{leader}:17: 领导 leader：本会领导只写编号 leader"
         "（姓名和职务取自 reference/leaders.yaml），不再写 name、post"),
        f"cases/2025/XF-2025-0004.yaml:{due}:19: 完成时限 deadline：“2025-02-20” 早于会议日期 2025-02-27",
    ]
