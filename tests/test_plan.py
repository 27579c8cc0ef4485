"""``xinfang plan <year>``: the proposed fixed receptions, the file it writes, and what it keeps or refuses."""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

from conftest import edit

MODELINE = "# yaml-language-server: $schema=../schemas/schedule.schema.json"


def _second_tuesday(year: int, month: int) -> date:
    """Counted here independently of generator.rules: the Tuesday among days 8-14."""
    return next(date(year, month, d) for d in range(8, 15) if calendar.weekday(year, month, d) == calendar.TUESDAY)


def _load(root: Path, year: int) -> dict:
    return yaml.safe_load((root / "schedules" / f"{year}.yaml").read_text(encoding="utf-8"))


def test_provincial_plan_gives_every_leader_a_day_each_month(minimal_repo, run):
    """Issue 15.4: the minimal union is provincial (每月至少安排一天): each leader gets a whole day (am + pm) in
    each month, from the month's fixed reception day on, one leader a day in the reception room.

    By hand: 2025-01-01 is a Wednesday → Tuesdays 7, 14 → second Tuesday 01-14 (a working day): 赵测试 on
    01-14, 钱测试 on the next working day 01-15 (Wednesday). 2025-02-01 is a Saturday → Tuesdays 4, 11 → 02-11
    and 02-12. 12 months × 2 leaders × 2 half days = 48 receptions, 24 half days (12 days) each.
    """
    result = run(minimal_repo, "plan", "2025")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:6] == ["2025年1月  2025-01-14 上午  赵测试", "2025年1月  2025-01-14 下午  赵测试",
                         "2025年1月  2025-01-15 上午  钱测试", "2025年1月  2025-01-15 下午  钱测试",
                         "2025年2月  2025-02-11 上午  赵测试", "2025年2月  2025-02-11 下午  赵测试"]
    assert lines[48] == "接访 48 个半天：赵测试 24 个半天，钱测试 24 个半天。"
    assert lines[49] == ("接访日由 xinfang plan 按“省（市、区）级工会领导干部一般每月至少安排一天时间接待职工群众来访”提出："
                         "每位领导每个考核周期接访一整天（上午、下午），从当月定点接访日（“当月第二周的星期二”按当月第二个星期二"
                         "（8日至14日之间）理解）起依次安排，信访接待室每天一位领导。")
    assert not [line for line in lines if line.startswith("警告")]  # the plan meets the rule: no shortfall
    assert lines[-2] == "节假日依据：2025 年 国务院办公厅节假日安排（chinesecalendar 1.11.0）。"
    text = (minimal_repo / "schedules/2025.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    data = _load(minimal_repo, 2025)
    recs = data["receptions"]
    assert data["year"] == 2025 and len(recs) == 48
    assert [r["id"] for r in recs][:3] == ["JF-2025-01", "JF-2025-02", "JF-2025-03"]
    zhao = [r["date"] for r in recs if r["leader"] == "L-ZHAO" and r["session"] == "am"]
    assert zhao == [_second_tuesday(2025, m).isoformat() for m in range(1, 13)]  # no 2025 second Tuesday is off
    assert {(r["mode"], r["status"], r["location"]) for r in recs} == {("fixed", "planned", "测试市总工会信访接待室")}
    assert Counter((r["leader"], r["session"]) for r in recs) == {
        ("L-ZHAO", "am"): 12, ("L-ZHAO", "pm"): 12, ("L-QIAN", "am"): 12, ("L-QIAN", "pm"): 12}
    check = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert check.exit_code == 0, check.output
    # 48 planned half days already past by then, plus the 4 warnings the minimal data always has (an overdue case,
    # a past reception still planned, its package without plan and without progress report), plus the chairman's
    # missing package of 2025, a year the plan now adds to the record (duties.chairman_packages)
    assert check.output.splitlines()[-1] == "校验通过：7 个文件，53 处警告。"


def test_a_holiday_moves_the_day_and_says_why(minimal_repo, run):
    """2024-02-01 is a Thursday → Tuesdays 6, 13, 20, 27; 春节 2024 is off 02-10..02-17, so the second Tuesday
    02-13 moves to the nearest working Tuesday 02-20; the second leader takes the next working day 02-21."""
    result = run(minimal_repo, "plan", "2024", "--leaders", "L-QIAN,L-ZHAO")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[4:7] == [
        "2024年2月  2024-02-20 上午  钱测试（第二个星期二 2024-02-13 为春节假期，顺延至 2024-02-20（星期二））",
        "2024年2月  2024-02-20 下午  钱测试（第二个星期二 2024-02-13 为春节假期，顺延至 2024-02-20（星期二））",
        "2024年2月  2024-02-21 上午  赵测试"]
    feb = [r for r in _load(minimal_repo, 2024)["receptions"] if r["date"].startswith("2024-02")]
    assert [(r["date"], r["session"], r["leader"]) for r in feb] == [
        ("2024-02-20", "am", "L-QIAN"), ("2024-02-20", "pm", "L-QIAN"),
        ("2024-02-21", "am", "L-ZHAO"), ("2024-02-21", "pm", "L-ZHAO")]
    assert feb[0]["note"] == "第二个星期二 2024-02-13 为春节假期，顺延至 2024-02-20（星期二）"
    assert _load(minimal_repo, 2024)["receptions"][0]["leader"] == "L-QIAN"


def test_county_plan_fortnights_and_new_year(minimal_repo, run):
    """A county union (每两周至少一天): the year's 26 fortnights, each leader a whole day in each.

    By hand: 2027-01-01 is a Friday → first Monday 01-04, so fortnight 1 is 01-04..01-17 and its Tuesday 01-05:
    赵测试 01-05, 钱测试 01-06. 2028-01-01 is a Saturday → first Monday 2028-01-03: 364 days = 26 fortnights;
    the 26th is 01-04 + 350 days = 12-20 .. 2028-01-02, its Tuesday 12-21: 赵测试 12-21, 钱测试 12-22 — inside
    2027, the year of the file. 2027 is not in the calendar package: weekends and fixed holidays only.
    """
    edit(minimal_repo / "reference/union.yaml", "level: provincial", "level: county")
    result = run(minimal_repo, "plan", "2027")
    assert result.exit_code == 0, result.output
    days = [line for line in result.output.splitlines() if line.startswith("2027年第")]
    assert len(days) == 104
    assert days[:4] == ["2027年第1个双周（01-04—01-17）  2027-01-05 上午  赵测试",
                        "2027年第1个双周（01-04—01-17）  2027-01-05 下午  赵测试",
                        "2027年第1个双周（01-04—01-17）  2027-01-06 上午  钱测试",
                        "2027年第1个双周（01-04—01-17）  2027-01-06 下午  钱测试"]
    assert days[-4:] == ["2027年第26个双周（12-20—01-02）  2027-12-21 上午  赵测试",
                         "2027年第26个双周（12-20—01-02）  2027-12-21 下午  赵测试",
                         "2027年第26个双周（12-20—01-02）  2027-12-22 上午  钱测试",
                         "2027年第26个双周（12-20—01-02）  2027-12-22 下午  钱测试"]
    assert "接访 104 个半天：赵测试 52 个半天，钱测试 52 个半天。" in result.output.splitlines()
    assert not [line for line in result.output.splitlines() if line.startswith("警告") and "半天" in line]


def test_township_gets_no_plan(minimal_repo, run):
    edit(minimal_repo / "reference/union.yaml", "level: provincial", "level: township")
    edit(minimal_repo / "reference/leaders.yaml", "role: party_group", "role: vice_chairman")  # no 党组 at a township
    result = run(minimal_repo, "plan", "2027")
    assert result.exit_code == 2
    assert result.output.strip() == ("错误：乡镇（街道）工会领导干部要随时接待职工群众来访（无固定最低天数）："
                                     "没有需要按计划安排的最低接访天数，未生成接访计划")
    assert not (minimal_repo / "schedules/2027.yaml").exists()


def test_existing_fixed_receptions_are_not_overwritten(minimal_repo, run):
    before = (minimal_repo / "schedules/2026.yaml").read_bytes()
    result = run(minimal_repo, "plan", "2026")
    assert result.exit_code == 1
    assert result.output.strip() == ("错误：schedules/2026.yaml 已有 1 场定点接访，未做任何改动；如需重新生成计划中的定点接访，"
                                     "请加 --replace（已接访、已改期、已取消的场次会保留）")
    assert (minimal_repo / "schedules/2026.yaml").read_bytes() == before


def test_replace_keeps_held_and_other_receptions(minimal_repo, run):
    """Half days already in the file count: March's held morning (赵测试 03-10) and April's planned thematic
    morning (钱测试 04-14, in the room) each leave one half day to plan, on another free day of the month."""
    result = run(minimal_repo, "plan", "2026", "--replace")
    assert result.exit_code == 0, result.output
    assert "保留原有场次 2 场（原文件中的注释不会保留）。" in result.output.splitlines()
    recs = _load(minimal_repo, 2026)["receptions"]
    assert len(recs) == 48  # 12 months × 2 leaders × 2 half days, 2 of them kept
    kept = {r["id"]: r for r in recs if r["id"] in ("JF-2026-01", "JF-2026-02")}
    assert kept["JF-2026-01"]["status"] == "held" and kept["JF-2026-01"]["registered_cases"] == ["XF-2026-0001"]
    assert kept["JF-2026-02"]["mode"] == "thematic" and kept["JF-2026-02"]["subject"] == "建筑业欠薪专题接访"
    # March: 03-10 is taken (held), so 赵测试's second half day and 钱测试's day go to 03-11 and 03-12
    march = sorted((r["date"], r["session"], r["leader"]) for r in recs if r["date"].startswith("2026-03"))
    assert march == [("2026-03-10", "am", "L-ZHAO"), ("2026-03-11", "pm", "L-ZHAO"),
                     ("2026-03-12", "am", "L-QIAN"), ("2026-03-12", "pm", "L-QIAN")]
    assert len({r["id"] for r in recs}) == 48
    assert [r["date"] for r in recs] == sorted(r["date"] for r in recs)
    check = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert check.exit_code == 0, check.output


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


def test_national_plan_names_every_leader_it_leaves_short(demo_repo, run):
    """Issue 15.3/15.4: twelve fixed mornings shared by five leaders give 3, 3, 2, 2, 2 half days — 1.5 or 1 day,
    below the 2 days (4 half days) a year each: the command says so, leader by leader."""
    (demo_repo / "schedules/2027.yaml").unlink(missing_ok=True)
    result = run(demo_repo, "plan", "2027")
    assert result.exit_code == 0, result.output
    counts = Counter(r["leader"] for r in _load(demo_repo, 2027)["receptions"])
    assert counts == {"L-CHEN": 3, "L-LIU": 3, "L-SUN": 2, "L-ZHAO": 2, "L-ZHOU": 2}
    tail = "：请另行安排约访、专题接访或下访"
    assert [line for line in result.output.splitlines() if line.startswith("警告：") and "半天" in line] == [
        f"警告：陈志远 2027年 按计划接访 3 个半天（1.5 天），不足要求的 4 个半天（2 天），还差 1 个半天{tail}",
        f"警告：刘建国 2027年 按计划接访 3 个半天（1.5 天），不足要求的 4 个半天（2 天），还差 1 个半天{tail}",
        f"警告：孙丽萍 2027年 按计划接访 2 个半天（1 天），不足要求的 4 个半天（2 天），还差 2 个半天{tail}",
        f"警告：赵国栋 2027年 按计划接访 2 个半天（1 天），不足要求的 4 个半天（2 天），还差 2 个半天{tail}",
        f"警告：周海鹰 2027年 按计划接访 2 个半天（1 天），不足要求的 4 个半天（2 天），还差 2 个半天{tail}"]
    check = run(demo_repo, "validate", "--today", "2026-11-26")
    assert check.exit_code == 0, check.output
    # the demo's 2027 holiday file is unchecked: the plan is named once, at its year, and nothing else is wrong
    # (every fixed reception is on the rule's day, morning, in the reception room: no fixed-reception warning)
    assert [line for line in check.output.splitlines() if "schedules/2027.yaml" in line] == [
        "schedules/2027.yaml:5:7: 警告：年份 year：尚未进行的接访场次涉及 2027 年节假日安排取自 reference/holidays/2027.yaml，"
        "尚未按国务院办公厅通知核对（通知文号“演示数据”，没有核对记录 checked），结果需人工核对"]


def test_the_second_week_reading_is_a_setting_and_the_plan_says_it(demo_repo, run):
    """Issue 15.5: ``fixed_day_reading: second_week`` in union.yaml. By hand for 2027 (the weeks start on
    Monday, the partial first week is week 1): 2027-01-01 is a Friday → week 2 starts Monday 01-04 → Tuesday
    01-05 (the second Tuesday would be 01-12); 2027-03-01 is a Monday → week 2 starts 03-08 → 03-09, the same
    day under both readings."""
    (demo_repo / "schedules/2027.yaml").unlink(missing_ok=True)
    edit(demo_repo / "reference/union.yaml", "fixed_day_reading: second_tuesday", "fixed_day_reading: second_week")
    result = run(demo_repo, "plan", "2027")
    assert result.exit_code == 0, result.output
    recs = _load(demo_repo, 2027)["receptions"]
    assert recs[0]["date"] == "2027-01-05" and recs[2]["date"] == "2027-03-09"
    reading = ("“当月第二周的星期二”按当月第二个自然周的星期二理解（每周从星期一起算，当月1日所在的不满一周算第1周，"
               "3日至9日之间）")
    assert (f"定点接访由 xinfang plan 按每月定点接访日上午提出（{reading}，可在 reference/union.yaml 的 "
            "fixed_day_reading 中改设）。") in result.output.splitlines()
    header = (demo_repo / "schedules/2027.yaml").read_text(encoding="utf-8").splitlines()[1]
    assert header == (f"# 2027 年接访计划：定点接访由 xinfang plan 按每月定点接访日上午提出（{reading}，可在 "
                      "reference/union.yaml 的 fixed_day_reading 中改设）；报批后由编辑调整。")


def test_no_rule_bound_leader_in_office_is_said_at_any_level(minimal_repo, run):
    """With every leader gone by 2027, the plan names the missing thing without the national union's bodies
    (a county union has no 党组 or 书记处)."""
    edit(minimal_repo / "reference/leaders.yaml", "from_year: 2020\n", "from_year: 2020\n    to_year: 2026\n")
    edit(minimal_repo / "reference/leaders.yaml", "from_year: 2021\n", "from_year: 2021\n    to_year: 2026\n")
    result = run(minimal_repo, "plan", "2027")
    assert result.exit_code == 2
    assert result.output.strip() == ("错误：2027 年没有在任的、须按规定接访的领导（见 reference/leaders.yaml 的身份 role），"
                                     "无法安排接访；请用 --leaders 指定")
