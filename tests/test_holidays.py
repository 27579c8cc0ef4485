"""The union's holiday files, the calendar source, plans that wait for approval (issue 14).

Every expected date below was worked out by hand from a made-up 2027 file (``MADE_UP_2027``), not by the code
under test. Weekdays of 2027 (checked with Python's ``calendar``): 02-05 Fri, 02-09 Tue, 02-14 Sun, 02-15 Mon,
02-16 Tue, 02-20 Sat, 02-22 Mon; Tuesdays of February 2, 9, 16; June 1, 8, 15; September 7, 14, 21.

- accepted 2026-12-11: +20 → 12-31, +31 → 01-31, +9 → 2027-02-09 (day 60), inside the file's 春节 break
  02-05..02-14 → the first working day after it, Monday 02-15. The fallback knows no 春节: 02-09 stays.
- accepted 2026-12-22: +9 → 12-31, +31 → 01-31, +20 → 2027-02-20 (day 60), a Saturday the file lists as 调休上班
  → stays. The fallback: Saturday → Monday 02-22.
- the fixed reception of February: second Tuesday 02-09 is off; Tuesdays 02-02 and 02-16 are 7 days away, both
  working → the later, 02-16. June: 06-08 inside 端午 06-07..06-09 → 06-01 and 06-15 tie → 06-15. September:
  09-14 inside 中秋 09-13..09-15 → 09-21. The other months' second Tuesdays are working days.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import yaml

from generator import rules
from generator.config import Paths
from generator.public import public_data
from generator.site.data import receptions_ics
from generator.site.pages import receptions_page
from generator.validate import check_repository

from conftest import edit

MADE_UP_2027 = """\
year: 2027
notice: 国办发明电〔2026〕99号
checked: {date: 2026-11-20, by: 测试部 王某}
days_off:
  - {names: [元旦], from: 2027-01-01, to: 2027-01-03}
  - {names: [春节], from: 2027-02-05, to: 2027-02-14}
  - {names: [清明节], from: 2027-04-03, to: 2027-04-05}
  - {names: [劳动节], from: 2027-05-01, to: 2027-05-05}
  - {names: [端午节], from: 2027-06-07, to: 2027-06-09}
  - {names: [中秋节], from: 2027-09-13, to: 2027-09-15}
  - {names: [国庆节], from: 2027-10-01, to: 2027-10-07}
workdays: [2027-02-20, 2027-10-09]
"""

CASE = """\
id: {id}
channel: letter
letter:
  addressee: chairman
petitioners:
  - name: 孙测丙
topic: wages
region:
  province: 河北省
title: 欠薪问题
summary: 孙测丙来信反映欠薪。
received: "{received}"
accepted: "{accepted}"
status: accepted
history:
  - date: "{received}"
    type: registration
"""

SCHEDULE_2027 = """\
year: 2027
receptions:
  - id: JF-2027-01
    date: "2027-02-09"
    session: am
    mode: fixed
    leader: L-ZHAO
    location: 测试市总工会信访接待室
    status: planned
"""

TODAY = "2026-12-31"
FALLBACK_2027 = ("2027 年节假日安排尚未收录（chinesecalendar 1.11.0），按周末及固定日期节日推算，结果需人工核对；"
                 "国务院办公厅通知发布后请录入 reference/holidays/2027.yaml（xinfang new holidays 2027）")


def _year_file(root: Path, text: str = MADE_UP_2027, year: int = 2027) -> Path:
    file = root / "reference" / "holidays" / f"{year}.yaml"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def _december_cases(root: Path) -> None:
    """XF-2026-0003 accepted 2026-12-11 and XF-2026-0004 accepted 2026-12-22 (both open), and a 2027 plan."""
    for case_id, received, accepted in (("XF-2026-0003", "2026-12-10", "2026-12-11"),
                                        ("XF-2026-0004", "2026-12-21", "2026-12-22")):
        (root / "cases/2026" / f"{case_id}.yaml").write_text(
            CASE.format(id=case_id, received=received, accepted=accepted), encoding="utf-8")
    (root / "schedules/2027.yaml").write_text(SCHEDULE_2027, encoding="utf-8")


def _repository(root: Path):
    checked = check_repository(Paths.at(root), date.fromisoformat(TODAY))
    assert checked.ok, [p.format() for p in checked.problems]
    return checked.repository


# -- deadlines --------------------------------------------------------------------------------------------

def test_a_union_file_decides_2027_deadlines(minimal_repo: Path) -> None:
    _december_cases(minimal_repo)
    _year_file(minimal_repo)
    repo = _repository(minimal_repo)
    assert repo.case("XF-2026-0003").deadline == date(2027, 2, 15)   # past the 春节 break, first working day
    assert repo.case("XF-2026-0004").deadline == date(2027, 2, 20)   # a listed 调休 Saturday stays
    assert rules.calendar_source(2027).kind == "file" and rules.calendar_source(2027).verified
    assert rules.calendar_notices([2027]) == []
    assert rules.holiday_name(date(2027, 2, 9)) == "春节"
    assert rules.day_off_reason(date(2027, 2, 13)) == "春节假期"


def test_without_the_file_the_fallback_is_used_and_named(minimal_repo: Path) -> None:
    _december_cases(minimal_repo)
    repo = _repository(minimal_repo)
    assert repo.case("XF-2026-0003").deadline == date(2027, 2, 9)
    assert repo.case("XF-2026-0004").deadline == date(2027, 2, 22)
    assert rules.fallback_years([2026, 2027, 2027]) == [2027]
    assert rules.calendar_source(2026).kind == "package"


def test_validation_names_the_dependent_cases_and_schedules_once(minimal_repo: Path, run) -> None:
    """Every case and schedule whose dates run through 2027 is named once, at its first such date."""
    _december_cases(minimal_repo)
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 0, result.output
    calendar = [line for line in result.output.splitlines() if "节假日安排" in line]
    assert calendar == [
        f"cases/2026/XF-2026-0003.yaml:13:11: 警告：受理日期 accepted：期限推算涉及 {FALLBACK_2027}",
        f"cases/2026/XF-2026-0004.yaml:13:11: 警告：受理日期 accepted：期限推算涉及 {FALLBACK_2027}",
        f"schedules/2027.yaml:1:7: 警告：年份 year：尚未进行的接访场次涉及 {FALLBACK_2027}",
    ]
    _year_file(minimal_repo)
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "需人工核对" not in result.output
    # the planned day now falls in the file's 春节 break: said, with the source
    assert ("schedules/2027.yaml:4:11: 警告：日期 date：2027-02-09（星期二）是春节假期（依据：本会节假日文件 "
            "reference/holidays/2027.yaml（国办发明电〔2026〕99号，2026-11-20 测试部 王某核对）），请改到工作日") \
        in result.output.splitlines()


def test_an_unchecked_file_is_used_but_keeps_the_warning(minimal_repo: Path, run) -> None:
    _december_cases(minimal_repo)
    _year_file(minimal_repo, MADE_UP_2027.replace("checked: {date: 2026-11-20, by: 测试部 王某}\n", "")
               .replace("国办发明电〔2026〕99号", "演示数据"))
    repo = _repository(minimal_repo)
    assert repo.case("XF-2026-0003").deadline == date(2027, 2, 15)  # the file's days are used …
    assert [n.message for n in rules.calendar_notices([2027])] == [  # … and still to be checked by hand
        "2027 年节假日安排取自 reference/holidays/2027.yaml，尚未按国务院办公厅通知核对"
        "（通知文号“演示数据”，没有核对记录 checked），结果需人工核对"]
    assert rules.unverified_years([2027]) == [2027] and rules.fallback_years([2027]) == []


def test_a_file_corrects_a_year_the_package_knows(minimal_repo: Path) -> None:
    """2026-10-09 is a working Friday in the package; a union's 2026 file that lists it off wins."""
    assert rules.is_workday(date(2026, 10, 9))
    text = ("year: 2026\nnotice: 国办发明电〔2025〕7号\nchecked: {date: 2026-01-05, by: 测试部 王某}\ndays_off:\n"
            "  - {names: [元旦], from: 2026-01-01, to: 2026-01-03}\n  - {names: [春节], from: 2026-02-15, to: 2026-02-23}\n"
            "  - {names: [清明节], from: 2026-04-04, to: 2026-04-06}\n  - {names: [劳动节], from: 2026-05-01, to: 2026-05-05}\n"
            "  - {names: [端午节], from: 2026-06-19, to: 2026-06-21}\n  - {names: [中秋节], from: 2026-09-25, to: 2026-09-27}\n"
            "  - {names: [国庆节], from: 2026-10-01, to: 2026-10-09}\nworkdays: []\n")
    _year_file(minimal_repo, text, 2026)
    _repository(minimal_repo)
    assert not rules.is_workday(date(2026, 10, 9)) and rules.next_workday(date(2026, 10, 9)) == date(2026, 10, 12)
    assert rules.calendar_source(2026).kind == "file"


def test_the_calendar_key_changes_with_the_files(minimal_repo: Path) -> None:
    _repository(minimal_repo)
    without = rules.calendar_key()
    file = _year_file(minimal_repo)
    _repository(minimal_repo)
    checked = rules.calendar_key()
    file.write_text(MADE_UP_2027.replace("2027-10-09]", "2027-10-10]"), encoding="utf-8")
    _repository(minimal_repo)
    assert len({without, checked, rules.calendar_key()}) == 3
    assert rules.calendar_source(2027).key != rules.calendar_source(2028).key


# -- the file's own rules ---------------------------------------------------------------------------------

def test_bad_holiday_files_are_placed(minimal_repo: Path, run) -> None:
    bad = """\
year: 2027
notice: 演示数据
checked: {date: 2026-11-20, by: 测试部 王某}
days_off:
  - {names: [元旦], from: 2026-11-30, to: 2027-01-03}
  - {names: [春节], from: 2027-02-05, to: 2027-02-14}
  - {names: [清明节], from: 2027-02-10, to: 2027-02-01}
  - {names: [国庆节], from: 2027-10-01, to: 2027-10-07}
workdays: [2027-02-06, 2028-02-05]
"""
    _year_file(minimal_repo, bad)
    result = run(minimal_repo, "validate", "--today", "2026-12-01")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("reference/")]
    # columns count characters: "  - {names: [元旦], from: " is 24 of them
    assert lines == [
        "reference/holidays/2027.yaml:2:9: 通知文号 notice：“演示数据” 不是通知文号：已核对的文件须写明国务院办公厅通知的发文字号，"
        "例如 国办发明电〔2025〕7号",
        "reference/holidays/2027.yaml:5:3: 警告：放假安排 days_off：通知每年安排七个节日，本文件缺少：劳动节、端午节、中秋节；请对照通知补全",
        "reference/holidays/2027.yaml:5:25: 放假起始日 from：“2026-11-30” 不在 2027 年通知的范围内（2026-12-01 至 2028-01-31）",
        "reference/holidays/2027.yaml:7:5: 警告：放假安排 days_off：清明节的法定假日 2027-04-05 不在写明清明节的放假时段内；请对照通知核对",
        "reference/holidays/2027.yaml:7:26: 放假起始日 from：“2027-02-10” 不晚于上一段放假（春节）的截止日 2027-02-14："
        "放假时段须按日期先后排列、互不重叠",
        "reference/holidays/2027.yaml:7:42: 放假截止日 to：“2027-02-01” 早于放假起始日 2027-02-10",
        "reference/holidays/2027.yaml:9:12: 调休上班日 workdays：“2027-02-06” 在放假时段 2027-02-05 至 2027-02-14（春节）之内："
        "同一天不能既放假又调休上班",
        "reference/holidays/2027.yaml:9:24: 调休上班日 workdays：“2028-02-05” 不在 2027 年通知的范围内（2026-12-01 至 2028-01-31）",
    ]


def test_a_name_the_notice_does_not_use_is_refused(minimal_repo: Path, run) -> None:
    _year_file(minimal_repo, MADE_UP_2027.replace("[中秋节]", "[中秋]"))
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 1
    assert ("reference/holidays/2027.yaml:10:14: 节日 names：“中秋” 不是可选的值；可选：元旦（1月1日，法定1天）、"
            "春节（农历除夕至正月初三，法定4天）、清明节（清明节气当天，法定1天）、劳动节（5月1日、2日，法定2天）、"
            "端午节（农历五月初五，法定1天）、中秋节（农历八月十五，法定1天）、国庆节（10月1日至3日，法定3天）") \
        in result.output.splitlines()


def test_the_same_date_with_two_meanings_in_two_files(minimal_repo: Path, run) -> None:
    """The 2028 notice puts 元旦 2028 from 2027-12-30; the 2027 file says 2027-12-30 … no, it lists it as a workday."""
    _year_file(minimal_repo, MADE_UP_2027.replace("2027-10-09]", "2027-10-09, 2027-12-30]"))
    text_2028 = ("year: 2028\nnotice: 国办发明电〔2027〕1号\ndays_off:\n  - {names: [元旦], from: 2027-12-30, to: 2028-01-01}\n"
                 "workdays: []\n")
    _year_file(minimal_repo, text_2028, 2028)
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "含义不同" in line]
    assert errors == ["reference/holidays/2028.yaml:4:5: 放假安排 days_off：2027-12-30 在 reference/holidays/2027.yaml 中是"
                      "调休上班，这里是放假（元旦）：同一天在两个文件中的含义不同，请对照两年的通知核对"]


# -- scaffolding ------------------------------------------------------------------------------------------

def test_new_holidays_computes_the_statutory_days(minimal_repo: Path, run) -> None:
    """2027 by hand: 春节 (正月初一) is 2027-02-06, so 除夕 02-05 to 初三 02-08; 清明 04-05 (a Monday, so the
    weekend 04-03/04 joins it); 端午 (五月初五) 06-09; 中秋 (八月十五) 09-15; 元旦 01-01 is a Friday (joined by
    01-02/03); 劳动节 05-01/02 is a weekend; 国庆节 10-01 is a Friday, 10-03 a Sunday."""
    result = run(minimal_repo, "new", "holidays", "2027")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((minimal_repo / "reference/holidays/2027.yaml").read_text(encoding="utf-8"))
    assert [(r["names"], r["from"].isoformat(), r["to"].isoformat()) for r in data["days_off"]] == [
        (["元旦"], "2027-01-01", "2027-01-03"), (["春节"], "2027-02-05", "2027-02-08"),
        (["清明节"], "2027-04-03", "2027-04-05"), (["劳动节"], "2027-05-01", "2027-05-02"),
        (["端午节"], "2027-06-09", "2027-06-09"), (["中秋节"], "2027-09-15", "2027-09-15"),
        (["国庆节"], "2027-10-01", "2027-10-03")]
    assert data["workdays"] == [] and "checked" not in data
    check = run(minimal_repo, "validate", "--today", TODAY)
    assert check.exit_code == 0, check.output
    assert rules.calendar_source(2027).kind == "file" and not rules.calendar_source(2027).verified


def test_new_holidays_joins_national_day_and_mid_autumn() -> None:
    """2025 by hand: 中秋 (八月十五) is 2025-10-06, a Monday after 国庆节 10-01..10-03 and the weekend 10-04/05."""
    assert rules.joined_with_weekends(rules.statutory_days_off(2025))[-1] == rules.DayOff(
        ("国庆节", "中秋节"), date(2025, 10, 1), date(2025, 10, 6))


def test_new_holidays_never_overwrites(minimal_repo: Path, run) -> None:
    """Guards an edited file against a second scaffold. Checked by removing the exists() test in
    holidays.new_holidays: the file was replaced by the draft and this test failed."""
    file = _year_file(minimal_repo)
    result = run(minimal_repo, "new", "holidays", "2027")
    assert result.exit_code == 1
    assert result.output == "错误：reference/holidays/2027.yaml 已存在，未做任何改动；请直接编辑它\n"
    assert file.read_text(encoding="utf-8") == MADE_UP_2027


# -- plans ------------------------------------------------------------------------------------------------

def test_plan_avoids_every_listed_day_off(minimal_repo: Path, run) -> None:
    _year_file(minimal_repo)
    result = run(minimal_repo, "plan", "2027", "--today", TODAY)
    assert result.exit_code == 0, result.output
    every = yaml.safe_load((minimal_repo / "schedules/2027.yaml").read_text(encoding="utf-8"))["receptions"]
    # the provincial plan: each month's first leader takes the month's reception day (the next leader the next
    # working day); that day steps off every day off the holiday file lists
    recs = [r for r in every if r["leader"] == "L-ZHAO" and r["session"] == "am"]
    assert [r["date"] for r in recs] == [
        "2027-01-12", "2027-02-16", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-15",
        "2027-07-13", "2027-08-10", "2027-09-21", "2027-10-12", "2027-11-09", "2027-12-14"]
    assert recs[1]["note"] == "第二个星期二 2027-02-09 为春节假期，顺延至 2027-02-16（星期二）"
    assert "note" not in recs[0] and all("approved" not in r for r in every)
    text = (minimal_repo / "schedules/2027.yaml").read_text(encoding="utf-8")
    assert ("# 节假日依据：2027 年 本会节假日文件 reference/holidays/2027.yaml"
            "（国办发明电〔2026〕99号，2026-11-20 测试部 王某核对）。") in text.splitlines()


def test_plan_in_a_fallback_year_carries_the_warning_in_each_proposal(minimal_repo: Path, run) -> None:
    result = run(minimal_repo, "plan", "2027", "--today", TODAY)
    assert result.exit_code == 0, result.output
    recs = yaml.safe_load((minimal_repo / "schedules/2027.yaml").read_text(encoding="utf-8"))["receptions"]
    assert recs[4]["date"] == "2027-02-09"   # the fallback does not know 春节: why the warning matters
    assert [r["note"] for r in recs] == [FALLBACK_2027] * 48  # 12 months × 2 leaders × 2 half days


def test_plan_keeps_the_approval_of_kept_receptions(minimal_repo: Path, run) -> None:
    """A thematic reception approved with the old plan keeps that approval as its own; the new fixed
    proposals are not approved."""
    edit(minimal_repo / "schedules/2026.yaml", "year: 2026\n", "year: 2026\napproved: {date: \"2026-01-05\", by: L-ZHAO}\n")
    result = run(minimal_repo, "plan", "2026", "--replace", "--today", "2026-07-01")
    assert result.exit_code == 0, result.output
    recs = {r["id"]: r for r in yaml.safe_load((minimal_repo / "schedules/2026.yaml").read_text(encoding="utf-8"))["receptions"]}
    assert recs["JF-2026-02"]["approved"] == {"date": "2026-01-05", "by": "L-ZHAO"}
    assert [r for r in recs.values() if r["mode"] == "fixed" and r["status"] == "planned" and "approved" in r] == []


# -- approval and publication -----------------------------------------------------------------------------

def _published(root: Path) -> tuple[str, str]:
    repo = _repository(root)
    data = public_data(repo, date(2026, 3, 1))
    page = receptions_page(data.receptions, repo.union, date(2026, 3, 1))
    ics = receptions_ics(data.receptions, "测试", date(2026, 3, 1)).decode("utf-8")
    return page, ics


def test_unapproved_receptions_are_tentative_approved_ones_confirmed(minimal_repo: Path) -> None:
    """The minimal 2026 plan has no approval: JF-2026-02 (planned) is 待定 / TENTATIVE, the held JF-2026-01 is
    CONFIRMED. Checked that it can fail by making ``Reception.confirmed`` always True: both assertions on
    待定 and TENTATIVE failed."""
    page, ics = _published(minimal_repo)
    assert '<td data-label="状态"><span class="xf-tentative">待定</span><br><small>计划尚待领导批准</small></td>' in page
    assert "尚待领导批准的拟安排" in page
    events = ics.split("BEGIN:VEVENT")[1:]
    assert ["STATUS:TENTATIVE" in e for e in events] == [False, True]
    assert ["STATUS:CONFIRMED" in e for e in events] == [True, False]
    edit(minimal_repo / "schedules/2026.yaml", "year: 2026\n", "year: 2026\napproved: {date: \"2026-01-05\", by: L-ZHAO}\n")
    page, ics = _published(minimal_repo)
    assert '<td data-label="状态">已确定</td>' in page and "待定</span>" not in page
    assert ics.count("STATUS:CONFIRMED") == 2 and "TENTATIVE" not in ics
    assert "L-ZHAO" not in ics.split("BEGIN:VEVENT")[2] and "2026-01-05" not in page  # the approval stays internal


def test_a_reception_approval_overrides_the_plans(minimal_repo: Path) -> None:
    edit(minimal_repo / "schedules/2026.yaml", "    subject: 建筑业欠薪专题接访\n",
         "    subject: 建筑业欠薪专题接访\n    approved: {date: \"2026-02-20\", by: L-QIAN}\n")
    repo = _repository(minimal_repo)
    assert repo.reception("JF-2026-02").approval.by == "L-QIAN" and repo.reception("JF-2026-02").confirmed


def test_approval_rules(minimal_repo: Path, run) -> None:
    edit(minimal_repo / "schedules/2026.yaml", "year: 2026\n", "year: 2026\napproved: {date: \"2026-05-01\", by: L-OLD}\n")
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    lines = [line for line in result.output.splitlines() if line.startswith("schedules/")]
    assert lines == [
        "schedules/2026.yaml:3:36: 批准领导 by：“L-OLD” 在 2026 年不在任，不能批准接访计划",
        "schedules/2026.yaml:15:11: 警告：日期 date：批准日期 2026-05-01 晚于接访日期 2026-04-14：计划应在接访前报批",
        "schedules/2026.yaml:22:13: 警告：状态 status：接访日期 2026-04-14 已过，请把状态改为已接访、已改期或已取消",
    ]


# -- when the calendar changes ----------------------------------------------------------------------------

def test_recheck_lists_every_date_that_moves(minimal_repo: Path, run) -> None:
    _december_cases(minimal_repo)
    _year_file(minimal_repo)
    result = run(minimal_repo, "recheck", "--without-files", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "节假日依据对比：不用节假日文件（chinesecalendar 及推算） → 工作区的节假日文件。",
        "XF-2026-0003 办结期限：2027-02-09 → 2027-02-15（事项状态：已受理）",
        "XF-2026-0004 办结期限：2027-02-22 → 2027-02-20（事项状态：已受理）",
        "JF-2027-01 定点接访日：2027-02-09 → 2027-02-16（2027-02-09 为春节假期；须改期并重新报批，提前告知）",
        "共 3 个日期变化：2 件信访事项、1 场接访。请告知相关信访人和领导；计划中的接访须改期并重新报批、提前告知。",
    ]


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=root,
                          check=True, capture_output=True, text=True).stdout


def test_changes_lists_what_a_holiday_file_moves(minimal_repo: Path, run) -> None:
    _december_cases(minimal_repo)
    _git(minimal_repo, "init", "-q", "-b", "main")
    _git(minimal_repo, "add", "-A")
    _git(minimal_repo, "commit", "-qm", "data")
    base = _git(minimal_repo, "rev-parse", "--short", "HEAD").strip()
    _year_file(minimal_repo)
    result = run(minimal_repo, "changes", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2:] == [
        f"比较 `{base}` → 工作区。", "", "### 节假日安排变化", "",
        "> 节假日文件有改动。下列日期随之变化，请告知相关信访人和领导；计划中的接访须改期并重新报批。", "",
        "- **XF-2026-0003** 办结期限：2027-02-09 → 2027-02-15（事项状态：已受理）",
        "- **XF-2026-0004** 办结期限：2027-02-22 → 2027-02-20（事项状态：已受理）",
        "- **JF-2027-01** 定点接访日：2027-02-09 → 2027-02-16（2027-02-09 为春节假期；须改期并重新报批，提前告知）",
    ]
    recheck = run(minimal_repo, "recheck", "--today", TODAY)
    assert recheck.output.splitlines()[0] == f"节假日依据对比：`{base}` 时的节假日文件 → 工作区的节假日文件。"
    assert len(recheck.output.splitlines()) == 5


def test_a_public_deadline_in_a_guessed_year_says_so(minimal_repo: Path) -> None:
    """XF-2026-0001 (a published package) as if accepted 2026-12-11: its deadline runs into 2027."""
    from generator.public import public_case, public_view
    from generator.site.pages import render

    repo = _repository(minimal_repo)
    view = dict(public_view("case", repo.case("XF-2026-0001").raw), accepted="2026-12-11")
    case = public_case(view, repo.leaders, repo.units, date(2026, 12, 31))
    assert case.deadline == date(2027, 2, 9) and case.deadline_unverified
    assert "按尚未核对的节假日安排推算" in render("case.md.j2", case=case, today=date(2026, 12, 31), unsearched=False)
    _year_file(minimal_repo)
    repo = _repository(minimal_repo)
    case = public_case(view, repo.leaders, repo.units, date(2026, 12, 31))
    assert case.deadline == date(2027, 2, 15) and not case.deadline_unverified
    assert "按尚未核对的节假日安排推算" not in render("case.md.j2", case=case, today=date(2026, 12, 31), unsearched=False)
