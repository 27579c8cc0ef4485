"""PII in disguise (变形的个人信息): the leak guard is not fooled by the ways people write numbers and names.

Each test writes one public file that carries a petitioner detail of ``tests/data/minimal`` (李测甲, phone
13912345678, ID 11010519491231002X, employer 测试精密机械有限公司) in one disguise, and asserts the exact
problem ``privacy.scan`` (the output scan of the build) reports. A disguise the guard misses is a leak that ships.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Paths
from generator.privacy import scan
from generator.model import Repository
from generator.validate import check_repository
from conftest import MINIMAL, TODAY

SOURCE = "cases/2026/XF-2026-0001.yaml"
PHONE = f"公开网站含信访人信息 139****5678（{SOURCE} 中信访人的电话）；请从公开内容中删除"
ID = f"公开网站含信访人信息 11010519********2X（{SOURCE} 中信访人的身份证号）；请从公开内容中删除"
NAME = f"公开网站含信访人信息 李**（{SOURCE} 中信访人的姓名）；公开文字中请写作“李某”"
EMPLOYER = f"公开网站含信访人信息 测试****（{SOURCE} 中信访人的工作单位）；请从公开内容中删除"


@pytest.fixture(scope="module")
def repository() -> Repository:
    checked = check_repository(Paths.at(MINIMAL), TODAY, use_cache=False)  # read in place: writes nothing there
    assert checked.repository is not None
    return checked.repository


def leaks(tmp_path: Path, repository: Repository, content: str, name: str = "index.html") -> list[str]:
    site = tmp_path / "site"
    site.mkdir()
    (site / name).write_text(content, encoding="utf-8")
    return [p.format() for p in scan(site, repository)]


DISGUISES = [
    # -- phone numbers -------------------------------------------------------------------------------------
    ("phone as written", "<p>电话 13912345678</p>", [f"site/index.html:1:7: {PHONE}"]),
    ("phone in full-width digits", "<p>１３９１２３４５６７８</p>", [f"site/index.html:1:4: {PHONE}"]),
    ("phone with spaces", "<p>139 1234 5678</p>", [f"site/index.html:1:4: {PHONE}"]),
    ("phone with hyphens", "<p>139-1234-5678</p>", [f"site/index.html:1:4: {PHONE}"]),
    ("phone with ideographic spaces", "<p>139　1234　5678</p>", [f"site/index.html:1:4: {PHONE}"]),
    ("phone with dots", "<p>139.1234.5678</p>", [f"site/index.html:1:4: {PHONE}"]),
    ("phone with brackets", "<p>(139)1234-5678</p>", [f"site/index.html:1:5: {PHONE}"]),
    ("phone with +86", "<p>+86 139 1234 5678</p>", [f"site/index.html:1:8: {PHONE}"]),
    ("phone in Chinese numerals", "<p>一三九一二三四五六七八</p>", [f"site/index.html:1:4: {PHONE}"]),
    ("phone with 幺 for one", "<p>幺三九幺二三四五六七八</p>", [f"site/index.html:1:4: {PHONE}"]),
    ("phone as HTML entities", "<p>&#49;&#51;&#57;&#49;&#50;&#51;&#52;&#53;&#54;&#55;&#56;</p>", [f"site/index.html:1:4: {PHONE}"]),
    ("phone percent-encoded", "<a href='tel:%31%33%39%31%32%33%34%35%36%37%38'>x</a>", [f"site/index.html:1:14: {PHONE}"]),
    ("phone JSON-escaped", '{"t": "\\u0031\\u0033\\u0039\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u0038"}',
     [f"site/index.html:1:8: {PHONE}"]),
    ("phone as a JSON number", '{"x": 13912345678}', [f"site/index.html:1:7: {PHONE}"]),
    ("phone with zero-width spaces", "<p>139\u200b1234\u200b5678</p>", [f"site/index.html:1:4: {PHONE}"]),
    # -- ID numbers ----------------------------------------------------------------------------------------
    ("ID with spaces and small x", "<p>110105 19491231 002x</p>", [f"site/index.html:1:4: {ID}"]),
    ("ID in full-width", "<p>１１０１０５１９４９１２３１００２Ｘ</p>", [f"site/index.html:1:4: {ID}"]),
    # -- names and employers -------------------------------------------------------------------------------
    ("name as written", "<p>李测甲反映</p>", [f"site/index.html:1:4: {NAME}"]),
    ("name split by spaces", "<p>李 测 甲</p>", [f"site/index.html:1:4: {NAME}"]),
    ("name split by an ideographic space", "<p>李　测甲</p>", [f"site/index.html:1:4: {NAME}"]),
    ("name split by &nbsp;", "<p>李&nbsp;测甲</p>", [f"site/index.html:1:4: {NAME}"]),
    ("name split by zero-width characters", "<p>李\u200b测\u200d甲</p>", [f"site/index.html:1:4: {NAME}"]),
    ("name split by markup", "<p>李<b>测</b>甲</p>", [f"site/index.html:1:4: {NAME}"]),
    ("name as HTML entities", "<p>&#26446;&#27979;&#30002;</p>", [f"site/index.html:1:4: {NAME}"]),
    ("name percent-encoded in a link", "<a href='/s?q=%E6%9D%8E%E6%B5%8B%E7%94%B2'>x</a>", [f"site/index.html:1:15: {NAME}"]),
    ("employer with a space", "<p>测试精密 机械有限公司</p>", [f"site/index.html:1:4: {EMPLOYER}"]),
]


@pytest.mark.parametrize(("content", "expected"), [(c, e) for _, c, e in DISGUISES], ids=[n for n, _, _ in DISGUISES])
def test_disguise_is_found(tmp_path: Path, repository: Repository, content: str, expected: list[str]) -> None:
    assert leaks(tmp_path, repository, content) == expected


def test_gzipped_file_is_read(tmp_path: Path, repository: Repository) -> None:
    import gzip

    site = tmp_path / "site"
    site.mkdir()
    (site / "sitemap.xml.gz").write_bytes(gzip.compress("<loc>/李测甲/</loc>".encode()))
    assert [p.format() for p in scan(site, repository)] == [f"site/sitemap.xml.gz:1:7: {NAME}"]


@pytest.mark.parametrize("content", [
    "<p>李某反映所在企业拖欠三个月工资。</p>",      # the public wording of the same case
    "<p>热线 010-12345678，12351</p>",              # the union's own hotline and the national one
    "<p>2026-03-10 至 2026-05-11</p>",              # dates are digits too
    "<p>李 测试 总工会</p>",                         # the characters of the name, but not the name
])
def test_public_text_is_not_a_leak(tmp_path: Path, repository: Repository, content: str) -> None:
    assert leaks(tmp_path, repository, content) == []


def test_unknown_mobile_number_is_caught_by_its_shape(tmp_path: Path, repository: Repository) -> None:
    assert leaks(tmp_path, repository, "<p>１５８ ０００ ０１１１１</p>") == [
        "site/index.html:1:4: 公开网站含信访人信息 158****1111（形似手机号码）；请从公开内容中删除"]


def test_validator_refuses_a_number_that_yaml_would_turn_into_an_integer(minimal_repo: Path, run) -> None:
    """The other half of "numeric values": an unquoted phone never silently becomes a number in the data."""
    case = minimal_repo / SOURCE
    case.write_text(case.read_text(encoding="utf-8").replace('phone: "13912345678"', "phone: 13912345678"), encoding="utf-8")
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert (f"{SOURCE}:7:12: 电话 phone：应为文字，实际是“139****5678”；数字、电话号码、身份证号、是/否等文字请加引号，"
            "例如 \"010-12345678\"") in result.output.splitlines()
    assert result.exit_code == 1


# -- the same disguises at validation (generator/privacy.py): told at the field, before any build ------------

SUMMARY = "public_summary: 李某反映所在企业拖欠三个月工资。"


@pytest.mark.parametrize(("col", "written", "expected"), [
    (17, "李测甲反映欠薪。", "公开摘要 public_summary：公开字段含信访人的姓名 李**；公开文字中请写作“李某”"),
    (17, "李 测 甲反映欠薪。", "公开摘要 public_summary：公开字段含信访人的姓名 李**；公开文字中请写作“李某”"),
    (17, "李&#27979;甲反映欠薪。", "公开摘要 public_summary：公开字段含信访人的姓名 李**；公开文字中请写作“李某”"),
    (20, "电话 １３９-１２３４-５６７８。", "公开摘要 public_summary：公开字段含信访人的电话 139****5678；请从公开内容中删除"),
    (19, "电话幺三九幺二三四五六七八。", "公开摘要 public_summary：公开字段含信访人的电话 139****5678；请从公开内容中删除"),
    (21, "身份证 110105 19491231 002x。", "公开摘要 public_summary：公开字段含信访人的身份证号 11010519********2X；请从公开内容中删除"),
    (18, "在测试精密 机械有限公司工作。", "公开摘要 public_summary：公开字段含信访人的工作单位 测试****；请从公开内容中删除"),
    (22, "联系电话 158 0000 1111。", "公开摘要 public_summary：公开字段含形似手机号码的号码 158****1111；请从公开内容中删除"),
])
def test_validate_refuses_at_the_character(minimal_repo: Path, run, col: int, written: str, expected: str) -> None:
    """The case is a published package: validation refuses what the build would refuse, at the first character
    of the value inside the field (the value starts at column 17)."""
    case = minimal_repo / SOURCE
    text = case.read_text(encoding="utf-8")
    assert text.count(SUMMARY) == 1
    case.write_text(text.replace(SUMMARY, f"public_summary: {written}"), encoding="utf-8")
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert [line for line in result.output.splitlines() if "公开字段" in line] == [f"{SOURCE}:15:{col}: {expected}"]
    assert result.exit_code == 1


def test_validate_warns_where_the_text_is_not_published(minimal_repo: Path, run) -> None:
    """A withheld package's public text is not published (yet): the same finding is a warning."""
    case = minimal_repo / SOURCE
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace(SUMMARY, "public_summary: 李测甲反映欠薪。")
                    .replace("disclosure: public", "disclosure: withheld\n  withheld_reason: 涉及个人隐私。"), encoding="utf-8")
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert [line for line in result.output.splitlines() if "公开字段" in line] == [
        f"{SOURCE}:15:17: 警告：公开摘要 public_summary：公开字段含信访人的姓名 李**；公开文字中请写作“李某”"]
    assert result.exit_code == 0


def test_validate_is_quiet_on_public_wording(minimal_repo: Path, run) -> None:
    """The minimal repository's own public texts (李某, 甲区总工会, the hotline) raise nothing."""
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert [line for line in result.output.splitlines() if "公开字段" in line] == []
    assert result.output.splitlines()[-1] == "校验通过：6 个文件，4 处警告。"


def test_validate_checks_every_public_field_the_schema_marks(minimal_repo: Path, run) -> None:
    case = minimal_repo / SOURCE
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("public_note: 交甲区总工会办理。", "public_note: 已电话告知李测甲（13912345678）。")
                    .replace("title: 某机械企业拖欠工资问题", "title: 李测甲反映企业拖欠工资问题"), encoding="utf-8")
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert [line for line in result.output.splitlines() if "公开字段" in line] == [
        f"{SOURCE}:14:8: 公开标题 title：公开字段含信访人的姓名 李**；公开文字中请写作“李某”",
        f"{SOURCE}:33:23: 公开说明 public_note：公开字段含信访人的姓名 李**；公开文字中请写作“李某”",
        f"{SOURCE}:33:27: 公开说明 public_note：公开字段含信访人的电话 139****5678；请从公开内容中删除",
    ]
