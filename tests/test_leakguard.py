"""The leak guard: petitioner details in any public file stop the build, at the field that carries them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import Paths
from generator.privacy import mask, perceive, scan, surname
from generator.privacy.match import id_number_valid as id_check_digit_valid
from generator.validate import check_repository
from conftest import MINIMAL, TODAY, edit


@pytest.fixture(scope="module")
def repository():
    checked = check_repository(Paths.at(MINIMAL), TODAY, use_cache=False)  # read in place: writes nothing there
    assert checked.ok
    return checked.repository


def test_gb11643_check_digit():
    assert id_check_digit_valid("11010519491231002X")
    assert id_check_digit_valid("440304198506123412")
    assert not id_check_digit_valid("110105194912310021")
    assert not id_check_digit_valid("440304198506123413")
    assert not id_check_digit_valid("4403041985061234")


def test_masks():
    assert mask("13912345678", "phone") == "139****5678"
    assert mask("11010519491231002X", "id_number") == "11010519********2X"
    assert mask("李测甲", "name") == "李**"
    assert mask("欧阳小明", "name") == "欧阳**"
    assert mask("测试精密机械有限公司", "employer") == "测试****"
    assert mask("01012345678", "phone") == "010****5678"
    assert (surname("欧阳小明"), surname("李测甲")) == ("欧阳", "李")


def test_normalise_undoes_encodings():
    assert perceive("&#49;&#51;&#57;") == "139"
    assert perceive("%E6%9D%8E") == "李"
    assert perceive("\\u674e") == "李"
    assert perceive("１３９ＸＸ") == "139XX"
    assert perceive("李\u200b测甲") == "李测甲"
    assert perceive("&amp;#49;") == "1"  # double-encoded


def test_scan_finds_encoded_and_pattern_shaped_details(tmp_path: Path, repository):
    site = tmp_path / "out"
    (site / "cases").mkdir(parents=True)
    (site / "cases" / "a.html").write_text(
        "<p>ok line</p>\n<p>电话 &#49;39 1234-5678 见</p>\n<a href=\"/q?n=%E6%9D%8E%E6%B5%8B%E7%94%B2\">x</a>\n",
        encoding="utf-8")
    (site / "index.json").write_text(
        '{"t":"\\u5468\\u6d4b\\u4e59 says","id":"440304198506123412","bad":"440304198506123413"}\n', encoding="utf-8")
    (site / "x.txt").write_text("phone １３８ ００１３ ８０００ and 12345678901 and 2026-03-10 13:00\n", encoding="utf-8")
    (site / "logo.png").write_bytes(b"\x89PNG 13912345678")  # binary files are not text
    lines = [p.format() for p in scan(site, repository, shown_as="out")]
    assert lines == [
        "out/cases/a.html:2:7: 公开网站含信访人信息 139****5678（cases/2026/XF-2026-0001.yaml 中信访人的电话）；请从公开内容中删除",
        "out/cases/a.html:3:15: 公开网站含信访人信息 李**（cases/2026/XF-2026-0001.yaml 中信访人的姓名）；公开文字中请写作“李某”",
        "out/index.json:1:7: 公开网站含信访人信息 周**（cases/2026/XF-2026-0002.yaml 中信访人的姓名）；公开文字中请写作“周某”",
        "out/index.json:1:38: 公开网站含信访人信息 44030419********12（形似身份证号）；请从公开内容中删除",
        "out/x.txt:1:7: 公开网站含信访人信息 138****8000（形似手机号码）；请从公开内容中删除",
    ]


def _site_state(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_planted_phone_fails_the_build_at_the_field_and_keeps_the_old_site(minimal_repo_built: Path, run):
    """A phone number in a public summary is refused at its field, masked in the message; the old site stays. Guards the privacy rule ``privacy.public_privacy``. Checked to fail: with the rule yielding
    nothing, the build exits 0 and publishes it (the guard over the built files did not stop it either)."""
    minimal_repo = minimal_repo_built
    before = _site_state(minimal_repo / "site")
    assert len(before) > 20
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", "public_summary: 李某反映",
         "public_summary: 李某（电话 139 1234 5678）反映")
    result = run(minimal_repo, "build", "--today", "2026-07-01")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "cases/2026/XF-2026-0001.yaml:15:23: 公开摘要 public_summary：公开字段含信访人的电话 139****5678；请从公开内容中删除"
    assert lines[-1] == "错误：数据校验未通过，拒绝发布：1 处错误，未生成任何输出。"
    assert "13912345678" not in result.output and "139 1234 5678" not in result.output
    assert _site_state(minimal_repo / "site") == before
    assert sorted(p.name for p in minimal_repo.iterdir()) == [".xinfang-cache", "cases", "reference", "schedules", "site"]


def test_planted_name_in_a_timeline_note_is_traced_to_that_note(minimal_repo: Path, run):
    """A petitioner's name in a public note of the timeline is refused at that note. Guards the privacy rule ``privacy.public_privacy``. Checked to fail: with the rule yielding
    nothing, the build exits 0 and publishes it (the guard over the built files did not stop it either)."""
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", "public_note: 交甲区总工会办理。",
         "public_note: 交甲区总工会办理，联系李测甲。")
    result = run(minimal_repo, "build", "--today", "2026-07-01")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "公开字段" in line] == [
        "cases/2026/XF-2026-0001.yaml:33:29: 公开说明 public_note：公开字段含信访人的姓名 李**；公开文字中请写作“李某”"]
    assert not (minimal_repo / "site").exists()


@pytest.mark.parametrize("background", [False, True])
def test_the_guard_stands_alone_when_the_data_check_is_switched_off(minimal_repo: Path, run, monkeypatch, background):
    """The scan of the built files is a second, independent line: with ``privacy.public_privacy`` switched off,
    a petitioner's name in a published note still stops the build, found in the built page and traced to the
    case file. Guards ``check._judged_in_data``: with every hit that a public text contains let through (as
    before), the build exited 0 and published 李测甲 in the case page, cases.json, feed.xml and the search index.
    ``background``: the guard made in a background process (``workers.Later``, threshold lowered), as at 10,000
    cases, reports exactly the same; its inventory is not made here (checked: ``prepare`` is not called in this
    process)."""
    import os

    from generator import registry, workers
    from generator.privacy import check

    seen: list[int] = []
    if background:
        monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
        monkeypatch.setattr(workers, "other_threads", lambda: False)  # pytest-xdist's threads keep forks off
        prepare = check.prepare
        monkeypatch.setattr(check, "prepare", lambda *a: seen.append(os.getpid()) or prepare(*a))

    declared = registry.repository_rules()
    monkeypatch.setattr(registry, "repository_rules", lambda: [r for r in declared if r.name != "public_privacy"])
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", "public_note: 交甲区总工会办理。",
         "public_note: 交甲区总工会办理，联系李测甲。")
    result = run(minimal_repo, "build", "--today", "2026-07-01")
    assert result.exit_code == 1
    assert "公开字段" not in result.output
    # A search fragment is named <tag>/<place in Pagefind's page list>; the tag is the list's digest
    # (generator/site/search.py compact_page_list), so it moves with any page of the site: not compared.
    reported = [re.sub(r"fragment/[0-9a-f]{4}/", "fragment/<tag>/", line)
                for line in result.output.splitlines() if "公开网站含" in line]
    assert reported == [
        f"{page}: 公开网站含信访人信息 李**（cases/2026/XF-2026-0001.yaml 中信访人的姓名）；公开文字中请写作“李某”"
        for page in ("site/cases/XF-2026-0001/index.html:492:114", "site/data/cases.json:23:34",
                     "site/feed.xml:16:55", "site/pagefind/fragment/<tag>/2.pf_fragment:1:242")]
    assert not (minimal_repo / "site").exists()
    assert seen == []


def test_employer_in_the_title_is_caught(minimal_repo: Path, run):
    """A petitioner's employer in the public title is refused. Guards the privacy rule ``privacy.public_privacy``. Checked to fail: with the rule yielding
    nothing, the build exits 0 and publishes it (the guard over the built files did not stop it either)."""
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", "title: 某机械企业拖欠工资问题",
         "title: 测试精密机械有限公司拖欠工资问题")
    result = run(minimal_repo, "build", "--today", "2026-07-01")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "cases/2026/XF-2026-0001.yaml:14:8: 公开标题 title：公开字段含信访人的工作单位 测试****；请从公开内容中删除")


def test_planted_name_in_a_reception_is_traced_to_the_schedule(minimal_repo: Path, run):
    """A petitioner's name in a reception's public subject is refused at the schedule's line. Guards the privacy rule ``privacy.public_privacy``. Checked to fail: with the rule yielding
    nothing, the build exits 0 and publishes it (the guard over the built files did not stop it either)."""
    edit(minimal_repo / "schedules/2026.yaml", "subject: 建筑业欠薪专题接访", "subject: 建筑业欠薪专题接访（约周测乙）")
    result = run(minimal_repo, "build", "--today", "2026-07-01")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "公开字段" in line] == [
        "schedules/2026.yaml:20:25: 主题 subject：公开字段含信访人的姓名 周**；公开文字中请写作“周某”"]
