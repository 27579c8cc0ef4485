"""Province and city by their GB/T 2260 names (issue 17.10): the vendored list, the validation rule and the
statistics that count by it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DEMO_TODAY, edit
from generator.regions import DATA, divisions, suggest

CASE = "cases/2026/XF-2026-0001.yaml"


def test_the_list_is_the_national_one_with_its_source_and_date() -> None:
    """Figures checked by hand against the 2023 code list: 34 province-level divisions; Guangdong has 21
    prefecture-level cities; Hubei administers 仙桃、潜江、天门 and 神农架林区 directly; Beijing has 16 districts."""
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    assert "民政部" in doc["source"] and doc["retrieved"] == "2026-11-30"
    known = divisions()
    assert len(known) == 34
    assert list(known)[:3] == ["北京市", "天津市", "河北省"] and list(known)[-3:] == ["香港特别行政区", "澳门特别行政区", "台湾省"]
    assert len(known["广东省"]) == 21 and {"广州市", "深圳市", "东莞市"} <= set(known["广东省"])
    assert {"仙桃市", "潜江市", "天门市", "神农架林区"} <= set(known["湖北省"])
    assert len(known["北京市"]) == 16 and "海淀区" in known["北京市"]
    assert all(len(set(cities)) == len(cities) for cities in known.values())


@pytest.mark.parametrize(("typed", "meant"), [
    ("广东", "广东省"), ("广冬省", "广东省"), ("内蒙古", "内蒙古自治区"), ("新疆", "新疆维吾尔自治区"),
    ("广西", "广西壮族自治区"), ("北京", "北京市"), ("香港", "香港特别行政区"), ("陕西", "陕西省"), ("山西", "山西省"),
    ("测试省", None),
])
def test_the_full_name_is_suggested(typed: str, meant: str | None) -> None:
    assert suggest(typed, list(divisions())) == meant


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  province: 河北省", "  province: 河北",
     f"{CASE}:12:13: 省份 province：“河北”不是 GB/T 2260 中的省级行政区名称，应写全称“河北省”"),
    ("  province: 河北省", "  province: 测试省",
     f"{CASE}:12:13: 省份 province：“测试省”不是 GB/T 2260 中的省级行政区名称，请写省、自治区、直辖市的全称，"
     "例如“广东省”“内蒙古自治区”“北京市”"),
    ("  city: 石家庄市", "  city: 石家庄",
     f"{CASE}:13:9: 城市 city：“石家庄”不是河北省的行政区名称，应写全称“石家庄市”"),
    ("  city: 石家庄市", "  city: 杭州市", f"{CASE}:13:9: 城市 city：杭州市属于浙江省，不属于河北省：请核对省份或城市"),
    ("  city: 石家庄市", "  city: 雄安新区",
     f"{CASE}:13:9: 警告：城市 city：“雄安新区”不在河北省的地级行政区名单中（GB/T 2260，2026-11-30 收录），请核对名称"),
])
def test_region_names_are_checked(minimal_repo: Path, run, old: str, new: str, expected: str) -> None:
    """Guards: ``province: 广东`` beside ``广东省`` (two regions in the statistics). Checked it can fail: with
    ``case_region`` not added to the rules, validate printed none of these lines."""
    edit(minimal_repo / CASE, old, new)
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert [line for line in result.output.splitlines() if "region" in line or "province" in line or "city" in line] \
        == [expected]
    assert result.exit_code == (0 if "警告" in expected else 1)


def test_the_scaffolds_placeholder_province_is_only_a_reminder(minimal_repo: Path, run) -> None:
    run(minimal_repo, "new", "case", "--today", "2026-07-01")
    lines = run(minimal_repo, "validate", "--today", "2026-07-01").output.splitlines()
    assert [line for line in lines if "province" in line] == [
        "cases/2026/XF-2026-0003.yaml:14:13: 警告：省份 province：仍是占位文字“（待填写）省份”，请换成实际内容"]


def test_statistics_count_by_the_national_names(demo_repo: Path) -> None:
    from generator.config import Paths
    from generator.public import public_data
    from generator.site.stats import year_stats
    from generator.validate import check_repository

    repository = check_repository(Paths.at(demo_repo), DEMO_TODAY).repository
    cases = public_data(repository, DEMO_TODAY).packages
    table = next(t for t in year_stats(2026, [c for c in cases if c.year == 2026], {}).tables if t.key == "region")
    assert table.rows and all(name in divisions() for name, _ in table.rows)
