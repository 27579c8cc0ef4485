"""Roles and reception rules by the union's level (issue 21 item 2): the codes, labels and rule-bound roles come
from the schemas; a city may set its own rule; compliance report and leader pages follow the level."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import edit
from generator import levels, rules
from test_init import SITE_URL, TODAY, init, validate_lines, xinfang

LEADERS = """leaders:
  - id: L-WANG
    name: 王某某
    title: 主席
    role: chairman
    from_year: 2025
  - id: L-LI
    name: 李某某
    title: 副主席
    role: vice_chairman
    from_year: 2025
  - id: L-ZHAO
    name: 赵某某
    title: 兼职副主席
    role: part_time
    from_year: 2025
"""


def test_roles_of_each_level_come_from_the_schema() -> None:
    """Hand-written from the issue: a county has no 书记处, a national union no plain 副主席 (they are 党组成员 or
    书记处书记), township and enterprise unions have committee members and no 党组."""
    assert levels.roles("national") == {"chairman": "主席", "party_group": "党组成员", "secretariat": "书记处书记",
                                        "part_time": "兼职领导", "former": "原领导"}
    assert levels.roles("county") == {"chairman": "主席", "party_group": "党组成员", "vice_chairman": "副主席",
                                      "part_time": "兼职领导", "former": "原领导"}
    assert levels.roles("enterprise") == {"chairman": "主席", "vice_chairman": "副主席",
                                          "committee_member": "工会委员会委员", "part_time": "兼职领导", "former": "原领导"}
    assert levels.reception_roles("national") == ("chairman", "party_group", "secretariat")
    assert levels.reception_roles("provincial") == ("chairman", "party_group", "vice_chairman")
    assert levels.reception_roles("township") == ("chairman", "vice_chairman")


def test_the_rule_of_each_level() -> None:
    """The seed: national 2 days a year, provincial 1 a month, county 1 a fortnight, township at any time; a city
    defaults to the provincial rule; an enterprise union is basic-level like a township's."""
    shape = {lv: (rules.requirement(lv).days_per_period, rules.requirement(lv).period) for lv in rules.LEVELS}
    assert shape == {"national": (2, "year"), "provincial": (1, "month"), "city": (1, "month"),
                     "county": (1, "fortnight"), "township": (0, "none"), "enterprise": (0, "none")}
    own = rules.requirement("city", {"days": 2, "per": "fortnight"})
    assert (own.days_per_period, own.period, own.description) == (
        2, "fortnight", "本会规定：领导干部每两周至少安排2天时间接待职工群众来访")


def test_a_role_the_level_does_not_have_is_an_error(tmp_path: Path) -> None:
    """Guards the level's roles: a county union's 书记处书记 is refused where it is written.

    Checked it can fail: with ``level_rules`` left out of the repository rules the file validated."""
    root = init(tmp_path / "county", "county")
    (root / "reference" / "leaders.yaml").write_text(LEADERS.replace("role: vice_chairman", "role: secretariat"),
                                                     encoding="utf-8")
    assert validate_lines(root) == [
        SITE_URL,
        "reference/leaders.yaml:10:11: 身份 role：“书记处书记 secretariat”不适用于县级工会（县、县级市、区、旗）；"
        "可选：chairman 主席；party_group 党组成员；vice_chairman 副主席；part_time 兼职领导；former 原领导",
        "校验未通过：5 个文件，1 处错误，1 处警告。"]


def test_only_a_city_sets_its_own_rule(tmp_path: Path) -> None:
    root = init(tmp_path / "county", "county")
    (root / "reference" / "union.yaml").write_text(
        (root / "reference" / "union.yaml").read_text(encoding="utf-8") + "reception_rule: {days: 1, per: month}\n",
        encoding="utf-8")
    assert validate_lines(root)[1] == (
        "reference/union.yaml:11:17: 接访频次 reception_rule：只有地市级工会填写；县级工会（县、县级市、区、旗）的接访频次由办法规定："
        "县（市、区、旗）级工会领导干部一般每两周至少安排一天时间接待职工群众来访")


RECEPTIONS = """year: 2026
receptions:
  - {id: JF-2026-01, date: "2026-11-03", session: am, mode: thematic, leader: L-WANG, location: 接待室, subject: 欠薪专题接访, topic: wages, status: held, attendance: 1}
  - {id: JF-2026-02, date: "2026-11-03", session: pm, mode: thematic, leader: L-WANG, location: 接待室, subject: 欠薪专题接访, topic: wages, status: held, attendance: 1}
  - {id: JF-2026-03, date: "2026-11-04", session: am, mode: thematic, leader: L-WANG, location: 接待室, subject: 欠薪专题接访, topic: wages, status: held, attendance: 1}
  - {id: JF-2026-04, date: "2026-11-04", session: pm, mode: thematic, leader: L-WANG, location: 接待室, subject: 欠薪专题接访, topic: wages, status: held, attendance: 1}
  - {id: JF-2026-05, date: "2026-11-05", session: am, mode: thematic, leader: L-LI, location: 接待室, subject: 欠薪专题接访, topic: wages, status: held, attendance: 1}
  - {id: JF-2026-06, date: "2026-11-05", session: pm, mode: thematic, leader: L-LI, location: 接待室, subject: 欠薪专题接访, topic: wages, status: held, attendance: 1}
"""


def test_a_city_with_its_own_rule_is_checked_by_it(tmp_path: Path) -> None:
    """A city that set 2 days a fortnight: the report uses that rule, lists the chairman and the 副主席 (held to
    the rule at a city) but not the part-time leader, and judges the fortnight holding 3 – 5 November 2026 by hand:
    the chairman held 2 days (3 and 4 November, morning and afternoon: 4 sessions) → 达标, the 副主席 1 day
    (5 November, 2 sessions) → 未达标. Whole days, so that counting days or sessions ÷ 2 agree."""
    root = init(tmp_path / "city", "city", name="某某市总工会")
    edit(root / "reference" / "union.yaml", "# reception_rule: {days: 1, per: month}", "reception_rule: {days: 2, per: fortnight}")
    (root / "reference" / "leaders.yaml").write_text(LEADERS, encoding="utf-8")
    (root / "schedules").mkdir()
    (root / "schedules" / "2026.yaml").write_text(RECEPTIONS, encoding="utf-8")
    done = xinfang(root, "internal", "--today", TODAY)
    assert done.exit_code == 0, done.output
    report = (root / "internal" / "compliance-2026.html").read_text(encoding="utf-8")
    assert ("<p>要求：本会规定：领导干部每两周至少安排2天时间接待职工群众来访。接访以半天为一场（上午或下午），"
            "天数 = 半天场次 ÷ 2，不论是否在同一日期。</p>") in report
    periods = (root / "internal" / "compliance-2026-periods.csv").read_text(encoding="utf-8-sig").splitlines()
    held = [line.split(",") for line in periods if "11-0" in line.split(",")[-1]]
    # columns: 领导, 要求天数, 实际天数, 半天场次, 结论
    assert [[row[0], row[3], row[4], row[5], row[7]] for row in held] == [
        ["王某某", "2", "2", "4", "达标"], ["李某某", "2", "1", "2", "未达标"]]
    assert "赵某某" not in report


def test_leader_pages_say_the_levels_rule_only_for_leaders_held_to_it(tmp_path: Path) -> None:
    from generator.config import Paths
    from generator.site.pages import leader_pages
    from generator.public import public_data
    from generator.validate import check_repository

    root = init(tmp_path / "province", "provincial", name="某某省总工会")
    (root / "reference" / "leaders.yaml").write_text(LEADERS, encoding="utf-8")
    checked = check_repository(Paths.at(root), date(2026, 11, 30))
    repo = checked.repository
    pages = {p.leader.id: p for p in leader_pages(public_data(repo, date(2026, 11, 30)), repo.union, date(2026, 11, 30))}
    rule = "省（市、区）级工会领导干部一般每月至少安排一天时间接待职工群众来访"
    assert {lid: p.required for lid, p in pages.items()} == {"L-WANG": rule, "L-LI": rule, "L-ZHAO": ""}
