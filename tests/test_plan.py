"""``xinfang plan <year>``: the proposed fixed receptions, the file it writes, and what it keeps or refuses."""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

MODELINE = "# yaml-language-server: $schema=../schemas/schedule.schema.json"


def _second_tuesday(year: int, month: int) -> date:
    """Counted here independently of generator.rules: the Tuesday among days 8-14."""
    return next(date(year, month, d) for d in range(8, 15) if calendar.weekday(year, month, d) == calendar.TUESDAY)


def _load(root: Path, year: int) -> dict:
    return yaml.safe_load((root / "schedules" / f"{year}.yaml").read_text(encoding="utf-8"))


def test_plan_of_a_new_year_is_valid_and_rotates(minimal_repo, run):
    result = run(minimal_repo, "plan", "2025")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == " 1 月  2025-01-14 上午  赵测试"
    assert lines[1] == " 2 月  2025-02-11 上午  钱测试"
    assert lines[12] == "定点接访 12 场：赵测试 6 天，钱测试 6 天。"
    assert lines[-2] == "节假日依据：2025 年 国务院办公厅节假日安排（chinesecalendar 1.11.0）。"
    assert lines[-1] == ("已写入 schedules/2025.yaml：以上为拟安排，报领导批准后在文件中写明 approved（批准日期、批准领导），"
                         "批准前公开网站和日历显示为“待定”。")
    text = (minimal_repo / "schedules/2025.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    data = _load(minimal_repo, 2025)
    recs = data["receptions"]
    assert data["year"] == 2025 and len(recs) == 12
    assert [r["id"] for r in recs] == [f"JF-2025-{m:02d}" for m in range(1, 13)]
    assert [r["date"] for r in recs] == [_second_tuesday(2025, m).isoformat() for m in range(1, 13)]
    assert {(r["mode"], r["session"], r["status"], r["location"]) for r in recs} == {
        ("fixed", "am", "planned", "测试市总工会信访接待室")}
    assert Counter(r["leader"] for r in recs) == {"L-ZHAO": 6, "L-QIAN": 6}
    check = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert check.exit_code == 0, check.output
    # 12 planned days already past by then, plus the 4 warnings the minimal data always has (an overdue case, a
    # past reception still planned, its package without plan and without progress report), plus the chairman's
    # missing package of 2025, a year the plan now adds to the record (duties.chairman_packages)
    assert check.output.splitlines()[-1] == "校验通过：7 个文件，17 处警告。"


def test_a_holiday_moves_the_day_and_says_why(minimal_repo, run):
    result = run(minimal_repo, "plan", "2024", "--leaders", "L-QIAN,L-ZHAO")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        " 2 月  2024-02-20 上午  赵测试（第二个星期二 2024-02-13 为春节假期，顺延至 2024-02-20（星期二））")
    feb = _load(minimal_repo, 2024)["receptions"][1]
    assert feb["date"] == "2024-02-20" and feb["leader"] == "L-ZHAO"
    assert feb["note"] == "第二个星期二 2024-02-13 为春节假期，顺延至 2024-02-20（星期二）"
    assert _load(minimal_repo, 2024)["receptions"][0]["leader"] == "L-QIAN"


def test_existing_fixed_receptions_are_not_overwritten(minimal_repo, run):
    before = (minimal_repo / "schedules/2026.yaml").read_bytes()
    result = run(minimal_repo, "plan", "2026")
    assert result.exit_code == 1
    assert result.output.strip() == ("错误：schedules/2026.yaml 已有 1 场定点接访，未做任何改动；如需重新生成计划中的定点接访，"
                                     "请加 --replace（已接访、已改期、已取消的场次会保留）")
    assert (minimal_repo / "schedules/2026.yaml").read_bytes() == before


def test_replace_keeps_held_and_other_receptions(minimal_repo, run):
    result = run(minimal_repo, "plan", "2026", "--replace")
    assert result.exit_code == 0, result.output
    assert "保留原有场次 2 场（原文件中的注释不会保留）。" in result.output.splitlines()
    recs = _load(minimal_repo, 2026)["receptions"]
    assert len(recs) == 13
    kept = {r["id"]: r for r in recs if r["id"] in ("JF-2026-01", "JF-2026-02")}
    assert kept["JF-2026-01"]["status"] == "held" and kept["JF-2026-01"]["registered_cases"] == ["XF-2026-0001"]
    assert kept["JF-2026-02"]["mode"] == "thematic" and kept["JF-2026-02"]["subject"] == "建筑业欠薪专题接访"
    fixed_months = sorted(date.fromisoformat(r["date"]).month for r in recs if r["mode"] == "fixed")
    assert fixed_months == list(range(1, 13))  # March is the held one, not a second proposal
    assert len({r["id"] for r in recs}) == 13
    assert [r["date"] for r in recs] == sorted(r["date"] for r in recs)
    check = run(minimal_repo, "validate", "--today", "2026-07-01")
    # the kept thematic JF-2026-02 holds the reception room on April's fixed morning: validation says so
    # (issue 17.4), the editor moves one of the two
    assert [line for line in check.output.splitlines() if ": 警告：" not in line] == [
        "schedules/2026.yaml:51:15: 地点 location：测试市总工会信访接待室 在 2026-04-14 上午 已安排接访 JF-2026-02：请改日期或时段 session",
        "校验未通过：6 个文件，1 处错误，9 处警告。"]  # 9: with the package of XF-2026-0001 lacking plan and progress report


def test_unknown_leader_is_a_usage_error(minimal_repo, run):
    result = run(minimal_repo, "plan", "2027", "--leaders", "L-ZHAO,L-NOBODY")
    assert result.exit_code == 2
    assert result.output.strip() == "错误：--leaders：“L-NOBODY” 不存在：reference/leaders.yaml 中没有这个领导"
    assert not (minimal_repo / "schedules/2027.yaml").exists()
    former = run(minimal_repo, "plan", "2027", "--leaders", "L-OLD")
    assert former.output.strip() == "错误：--leaders：“L-OLD”（孙旧任）在 2027 年不在任"


def test_an_unannounced_year_says_the_calendar_is_approximate(minimal_repo, run):
    result = run(minimal_repo, "plan", "2031")
    assert result.exit_code == 0
    assert "警告：2031 年节假日安排尚未收录" in result.output


def test_demo_plan_gives_every_national_leader_two_days(demo_repo, run):
    (demo_repo / "schedules/2027.yaml").unlink(missing_ok=True)
    result = run(demo_repo, "plan", "2027")
    assert result.exit_code == 0, result.output
    leaders = yaml.safe_load((demo_repo / "reference/leaders.yaml").read_text(encoding="utf-8"))["leaders"]
    bound = {lead["id"] for lead in leaders if lead["role"] in ("chairman", "party_group", "secretariat")
             and lead["from_year"] <= 2027 <= lead.get("to_year", 9999)}
    counts = Counter(r["leader"] for r in _load(demo_repo, 2027)["receptions"])
    assert set(counts) == bound and min(counts.values()) >= 2 and sum(counts.values()) == 12
    check = run(demo_repo, "validate", "--today", "2026-11-26")
    assert check.exit_code == 0, check.output
    # the demo's 2027 holiday file is unchecked: the plan is named once, at its year, and nothing else is wrong
    assert [line for line in check.output.splitlines() if "schedules/2027.yaml" in line] == [
        "schedules/2027.yaml:5:7: 警告：年份 year：尚未进行的接访场次涉及 2027 年节假日安排取自 reference/holidays/2027.yaml，"
        "尚未按国务院办公厅通知核对（通知文号“演示数据”，没有核对记录 checked），结果需人工核对"]
