"""Petitioner privacy as a reader perceives it (issue: disguised, partial and variant values).

The minimal repository's published package XF-2026-0001 has the petitioner 李测甲 (phone 13912345678, ID
11010519491231002X, employer 测试精密机械有限公司; this file adds the address 测试省测试市甲区幸福路88号), and the
case XF-2026-0002, which is no package and published nowhere, has 周测乙 (this file adds a second petitioner,
阿依古丽·买买提, employer 乙测物流有限公司). Each disguise below is written into the published summary.

Every class is checked three ways: the data check finds it at the right character with a masked message
(``findings``), ``xinfang validate`` refuses it at ``path:line:col`` (a few per class), and the build's output
scan finds it in a built file (``scan``). ``test_each_step_is_needed`` switches off the normalisation step each
disguise depends on and watches the finding disappear: that is how these tests were checked to be able to
fail (the same run also proves that no disguise is found by accident through another step).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from generator.config import Paths
from generator.privacy import check_data, inventory, scan
from generator.privacy.check import Record
from generator.privacy.perceive import disabled
from generator.validate import check_repository
from conftest import MINIMAL, TODAY, edit

CASE = "cases/2026/XF-2026-0001.yaml"
SUMMARY = "public_summary: 李某反映所在企业拖欠三个月工资。"
NAME = "公开摘要 public_summary：公开字段含信访人的姓名 李**；公开文字中请写作“李某”"
PHONE = "公开摘要 public_summary：公开字段含信访人的电话 139****5678；请从公开内容中删除"
ID = "公开摘要 public_summary：公开字段含信访人的身份证号 11010519********2X；请从公开内容中删除"


def _prepare(root: Path) -> Path:
    edit(root / CASE, '    employer: 测试精密机械有限公司\n',
         '    employer: 测试精密机械有限公司\n    address: 测试省测试市甲区幸福路88号\n')
    edit(root / "cases/2026/XF-2026-0002.yaml", "  - name: 周测乙\n",
         "  - name: 周测乙\n  - name: 阿依古丽·买买提\n    employer: 乙测物流有限公司\n")
    return root


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("privacy") / "repo"
    shutil.copytree(MINIMAL, root)
    return _prepare(root)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return _prepare(root)


def _digest(text: str) -> str:
    """The allowance's digest, computed here independently of the tool: SHA-256 of the field's text, 12 hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def findings(prepared: Path, summary: str) -> list[tuple[int, str]]:
    """(offset in the summary, message) of every finding of the data check in the published summary."""
    checked = check_repository(Paths.at(prepared), TODAY)
    assert checked.repository is not None, [p.format() for p in checked.problems if p.is_error]
    records = [Record(c.path, "case", c.raw, published=c.is_public) for c in checked.repository.cases]
    names = [leader.name for leader in checked.repository.leaders.values()]
    raw = dict(records[0].data, public_summary=summary)
    records[0] = Record(records[0].path, "case", raw, published=True)
    return [(p.pointer[-1], p.message) for p in check_data(records, inventory(records, names))
            if p.pointer[0] == "public_summary"]


# (name, written, offset of the finding, message, the normalisation step the disguise depends on)
DISGUISES = [
    # invisible and look-alike characters
    ("name split by a combining grapheme joiner", "反映人李\u034f测甲。", 3, NAME, None),
    ("name split by variation selectors", "反映人李\ufe00测\ufe01甲。", 3, NAME, None),
    ("name split by tag characters", "反映人李\U000e0020测\U000e0041甲。", 3, NAME, None),
    ("name split by a soft hyphen and a word joiner", "反映人李\u00ad测\u2060甲。", 3, NAME, None),
    ("phone split by a combining grapheme joiner", "电话 139\u034f1234\u034f5678。", 3, PHONE, "invisible"),
    ("phone split by variation selectors", "电话 139\ufe0f1234\ufe0e5678。", 3, PHONE, "invisible"),
    ("phone split by tag characters", "电话 139\U000e00201234\U000e00415678。", 3, PHONE, "invisible"),
    ("CJK compatibility ideograph", "反映人\uf9e1测甲。", 3, NAME, ("nfkc", "invisible")),
    ("Kangxi radical for 一 in a number", "电话 ⼀3912345678", 3, PHONE, "nfkc"),
    # other ways to write digits
    ("full-width commas", "电话 139，1234，5678。", 3, PHONE, "separators"),
    ("middle dots", "电话 139·1234·5678。", 3, PHONE, "separators"),
    ("em dashes", "电话 139—1234—5678。", 3, PHONE, "separators"),
    ("long separators", "电话 139 — 1234 — 5678。", 3, PHONE, "separators"),
    ("大写 numerals", "电话壹叁玖壹贰叁肆伍陆柒捌。", 2, PHONE, "numerals"),
    ("spoken 幺 两 拐", "电话幺三九幺两三四五六拐八。", 2, PHONE, "numerals"),
    ("spoken 洞 in an ID", "证件幺幺洞幺洞五幺九四九幺两三幺洞洞两X。", 2, ID, "numerals"),
    ("mathematical digits", "电话 𝟏𝟑𝟗𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖。", 3, PHONE, ("nfkc", "digits")),
    ("superscript digits", "电话 ¹³⁹¹²³⁴⁵⁶⁷⁸。", 3, PHONE, "nfkc"),
    ("circled digits", "电话 ①③⑨①②③④⑤⑥⑦⑧。", 3, PHONE, "nfkc"),
    ("Arabic-Indic digits", "电话 ١٣٩١٢٣٤٥٦٧٨。", 3, PHONE, "digits"),
    ("Devanagari digits", "电话 १३९१२३४५६७८。", 3, PHONE, "digits"),
    # partial and variant values
    ("employer without its company form", "在测试精密机械工作。", 1,
     "公开摘要 public_summary：公开字段含信访人的工作单位（简称） 测试****；请从公开内容中删除", None),
    ("address without province and city", "住在幸福路88号。", 2,
     "公开摘要 public_summary：公开字段含信访人的住址（省略省市的写法） 幸福****；请从公开内容中删除", None),
    ("traditional characters", "反映人李測甲。", 3, NAME, "script"),
    ("traditional and simplified mixed", "反映人周測乙。", 3,
     "公开摘要 public_summary：公开字段含信访人的姓名 周**；公开文字中请写作“周某”", "script"),
    ("pinyin, surname first", "reported by Li Cejia.", 12,
     "公开摘要 public_summary：公开字段含信访人的姓名（拼音） l******；请改为“某某”的写法", None),
    ("pinyin, surname last, capitals", "CEJIA LI reported.", 0,
     "公开摘要 public_summary：公开字段含信访人的姓名（拼音） c******；请改为“某某”的写法", None),
    ("another middle dot in a minority name", "阿依古丽•买买提反映。", 0,
     "公开摘要 public_summary：公开字段含信访人的姓名 阿******；公开文字中请写作“阿某”", None),
    ("an unpublished case's employer in a public case", "与乙测物流的纠纷。", 1,
     "公开摘要 public_summary：公开字段含信访人的工作单位（简称） 乙测****；请从公开内容中删除", None),
]


@pytest.mark.parametrize(("written", "offset", "message"), [(w, o, m) for _, w, o, m, _ in DISGUISES],
                         ids=[d[0] for d in DISGUISES])
def test_disguise_is_found_at_its_character(prepared: Path, written: str, offset: int | None, message: str | None):
    expected = [] if message is None else [(offset, message)]
    assert findings(prepared, written) == expected


@pytest.mark.parametrize(("written", "step"), [(w, s) for _, w, _, _, s in DISGUISES if s],
                         ids=[d[0] for d in DISGUISES if d[4]])
def test_each_step_is_needed(prepared: Path, written: str, step: str | tuple[str, ...]):
    """Guards the normalisation itself: without the step a disguise depends on, it gets through (a tuple: two
    steps each undo the disguise, e.g. NFKC and canonical decomposition both fold a compatibility ideograph)."""
    with disabled(*((step,) if isinstance(step, str) else step)):
        assert findings(prepared, written) == []


@pytest.mark.parametrize(("written", "expected"), [
    ("2026年3月12日一名职工到访。", []),                 # a date and 一名: no number
    ("返乡高峰前讨薪。", []),                            # no petitioner is named 高峰 here
    ("李某反映所在企业拖欠三个月工资。", []),
    ("测试省测试市某企业。", []),                         # the region is public; the address's place alone is no address
    ("共拖欠 1,234,567 元。", []),
])
def test_prose_is_not_a_finding(prepared: Path, written: str, expected: list):
    assert findings(prepared, written) == expected


# -- through the command: validate refuses at path:line:col, the build refuses the same -------------------

@pytest.mark.parametrize(("written", "col", "message"), [
    ("反映人李\u034f测甲。", 20, NAME),
    ("电话壹叁玖壹贰叁肆伍陆柒捌。", 19, PHONE),
    ("reported by Li Cejia.", 29, "公开摘要 public_summary：公开字段含信访人的姓名（拼音） l******；请改为“某某”的写法"),
    ("与乙测物流的纠纷。", 18, "公开摘要 public_summary：公开字段含信访人的工作单位（简称） 乙测****；请从公开内容中删除"),
])
def test_validate_and_build_refuse_at_the_place(repo: Path, run, written: str, col: int, message: str):
    edit(repo / CASE, SUMMARY, f"public_summary: {written}")
    for verb in ("validate", "build"):
        result = run(repo, verb, "--today", "2026-07-01")
        assert [line for line in result.output.splitlines() if "公开字段" in line] == [f"{CASE}:16:{col}: {message}"]
        assert result.exit_code == 1
    assert not (repo / "site").exists()


def test_a_reference_name_does_not_switch_detection_off(repo: Path, run):
    """Guards against whitelisting by accident: a leader named like a petitioner leaves the name a secret
    (ambiguous: it can be cleared for one place, never globally). Checked to fail with the name dropped from
    the secrets when it equals a public name (the old behaviour)."""
    edit(repo / "reference/leaders.yaml", "name: 钱测试", "name: 周测乙")
    edit(repo / CASE, SUMMARY, "public_summary: 周测乙反映欠薪。")
    result = run(repo, "validate", "--today", "2026-07-01")
    lines = [line for line in result.output.splitlines() if "公开字段" in line]
    assert lines == [f"{CASE}:16:17: 公开摘要 public_summary：公开字段含信访人的姓名 周**；这个词也是常用词或公开的名称："
                     "若此处确实不是指该信访人，核对后在本文件 privacy_reviewed 下登记此处 - {field: /public_summary, "
                     f"term: 此处的词, digest: {_digest('周测乙反映欠薪。')}}}（见编辑指南“隐私核对”）；若是指该信访人，请改写"]


def test_query_code_in_a_public_field_is_found(repo: Path, run):
    """A query code is a secret: written into a public text, it is found (and never printed)."""
    edit(repo / "cases/2026/XF-2026-0002.yaml", "topic: labor_contract", 'query_code: "H4TK-W9QE-3MZR"\ntopic: labor_contract')
    edit(repo / CASE, SUMMARY, "public_summary: 查询码 h4tk w9qe 3mzr。")
    result = run(repo, "validate", "--today", "2026-07-01")
    assert [line for line in result.output.splitlines() if "公开字段" in line] == [
        f"{CASE}:16:21: 公开摘要 public_summary：公开字段含查询码 ****-****-****；请从公开内容中删除"]
    assert "w9qe" not in result.output.lower()


# -- the 高峰 case: an ordinary word that is also a petitioner's name -----------------------------------------

def test_common_word_name_is_refused_until_reviewed_and_review_is_voided_by_an_edit(repo: Path, run):
    """Guards the allowance's binding: one place, one word, one text. Checked to fail with the digest ignored
    (the edited text then stays cleared)."""
    edit(repo / "cases/2026/XF-2026-0002.yaml", "  - name: 周测乙\n", "  - name: 周测乙\n  - name: 高峰\n")
    edit(repo / CASE, SUMMARY, "public_summary: 担心返乡高峰前拿不到工资。")
    digest = _digest("担心返乡高峰前拿不到工资。")
    problem = (f"{CASE}:16:21: 公开摘要 public_summary：公开字段含信访人的姓名 高*；这个词也是常用词或公开的名称："
               "若此处确实不是指该信访人，核对后在本文件 privacy_reviewed 下登记此处 - {field: /public_summary, "
               f"term: 此处的词, digest: {digest}}}（见编辑指南“隐私核对”）；若是指该信访人，请改写")
    for verb in ("validate", "build"):  # validate and build agree
        result = run(repo, verb, "--today", "2026-07-01")
        assert [line for line in result.output.splitlines() if "公开字段" in line] == [problem], verb
        assert result.exit_code == 1
    text = (repo / CASE).read_text(encoding="utf-8")
    (repo / CASE).write_text(text + f"privacy_reviewed:\n  - {{field: /public_summary, term: 高峰, digest: {digest}}}\n",
                             encoding="utf-8")
    assert run(repo, "build", "--today", "2026-07-01").exit_code == 0
    assert "返乡高峰前" in (repo / "site/cases/XF-2026-0001/index.html").read_text(encoding="utf-8")
    edit(repo / CASE, "public_summary: 担心返乡高峰前拿不到工资。", "public_summary: 高峰反映拿不到工资。")
    result = run(repo, "validate", "--today", "2026-07-01")
    assert result.exit_code == 1 and "公开字段含信访人的姓名 高*" in result.output  # the edit voided the review


# -- the built files -----------------------------------------------------------------------------------------

def test_output_scan_finds_what_no_public_field_explains(prepared: Path, tmp_path: Path):
    """Internal text and every secret reach a built file some other way (a template, a contributed page)."""
    repository = check_repository(Paths.at(prepared), TODAY).repository
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<p>李\u034f测甲</p>\n<p>幸福路 88 号</p>\n", encoding="utf-8")
    (site / "b.json").write_text(json.dumps({"t": "李测甲反映测试精密机械有限公司拖欠其 2025 年 10 月至 12 月工资共 18000 元。"}),
                                 encoding="utf-8")
    assert [p.format() for p in scan(site, repository)] == [
        "site/a.html:1:4: 公开网站含信访人信息 李**（cases/2026/XF-2026-0001.yaml 中信访人的姓名）；公开文字中请写作“李某”",
        "site/a.html:2:4: 公开网站含信访人信息 幸福****（cases/2026/XF-2026-0001.yaml 中信访人的住址（省略省市的写法））；请从公开内容中删除",
        "site/b.json:1:8: 公开网站含信访人信息 李**（cases/2026/XF-2026-0001.yaml 中信访人的姓名）；公开文字中请写作“李某”",
        "site/b.json:1:8: 公开网站含内部记录 李测****（cases/2026/XF-2026-0001.yaml 中的内部文字）；请检查模板、页面和附加文件",
        "site/b.json:1:38: 公开网站含信访人信息 测试****（cases/2026/XF-2026-0001.yaml 中信访人的工作单位）；请从公开内容中删除",
    ]


def test_schema_marking_petitioners_public_is_refused(repo: Path, run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Guards the schema-driven blind spot: a tool whose schema marks the petitioners public refuses to build,
    and still finds their names (the guard's secrets do not come from the marks). Checked to fail with the
    schema check switched off."""
    from generator import config, schema

    folder = tmp_path / "schemas"
    shutil.copytree(config.schema_dir(), folder)
    case = json.loads((folder / "case.schema.json").read_text(encoding="utf-8"))
    case["properties"]["petitioners"]["x-public"] = True
    case["properties"]["petitioners"]["items"]["properties"]["name"]["x-public"] = True
    (folder / "case.schema.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(schema, "schema_dir", lambda: folder)
    schema.load_schemas.cache_clear()
    try:
        result = run(repo, "validate", "--today", "2026-07-01")
    finally:
        monkeypatch.undo()
        schema.load_schemas.cache_clear()
    lines = [line for line in result.output.splitlines() if "公开" in line and "超期" not in line]
    assert lines == [
        f"{CASE}:6:11: 姓名 name：公开字段含信访人的姓名 李**；公开文字中请写作“李某”",
        "cases/2026/XF-2026-0002.yaml:7:11: 警告：姓名 name：公开字段含信访人的姓名 周**；公开文字中请写作“周某”",
        "cases/2026/XF-2026-0002.yaml:8:11: 警告：姓名 name：公开字段含信访人的姓名 阿******；公开文字中请写作“阿某”",
        "schemas/case.schema.json:1:1: 信访人 petitioners：模式把内部字段标成了公开（x-public: true），"
        "信访人信息和内部记录一律不公开；请恢复为 x-public: false",
        "schemas/case.schema.json:1:1: 姓名 name：模式把内部字段标成了公开（x-public: true），"
        "信访人信息和内部记录一律不公开；请恢复为 x-public: false",
    ]


def test_a_name_nobody_listed_gets_a_warning(repo: Path, run):
    """A colleague named in a public text is no petitioner, so no secret: the tagger's hint still warns."""
    edit(repo / CASE, SUMMARY, "public_summary: 李某和工友王建国反映欠薪。")
    result = run(repo, "validate", "--today", "2026-07-01")
    assert [line for line in result.output.splitlines() if "像是人名" in line] == [
        f"{CASE}:16:22: 警告：公开摘要 public_summary：“王**”像是人名，但不是本会登记的领导或单位；"
        "若指个人，公开文字中请写作“王某”（人名识别仅供参考）"]
    assert result.exit_code == 0


def test_the_demo_data_raises_no_name_hint(run):
    """The demo's public texts are anonymised: the hint's false positives there are none (ARCHITECTURE.md)."""
    from conftest import PROJECT

    result = run(PROJECT, "validate", "--today", "2026-11-30")
    assert [line for line in result.output.splitlines() if "像是人名" in line] == []
