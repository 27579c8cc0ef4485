"""Issue 15's defects, each against dates and figures worked out by hand (the working is in each test).

Calendars used (State Council arrangements as in chinesecalendar 1.11): 2026-01-16 is a Friday, 01-17/18 a
weekend; 2026 国庆+中秋 off 10-01..10-07 (10-10, a Saturday, is 调休上班); 2026-12-01 is a Tuesday.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from conftest import edit

from generator import review_views, rules
from generator.site import stats

TODAY = "2026-11-26"


def _lines(output: str, path: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(path)]


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


# ------------------------------------------------------------------ 2: the fixed reception held off the rule

def test_fixed_reception_off_the_rule_is_warned_and_reported(demo_repo: Path, run, tmp_path: Path):
    """December 2026: the 1st is a Tuesday → Tuesdays 1, 8 → the rule's day is Tuesday 12-08 (a working day).
    JF-2026-20 moved to Thursday 12-10, afternoon, in a meeting room: three deviations, one warning; the
    compliance report prints the day held (12-10下午) and the deviation instead of the rule's "12-08 已接访"."""
    edit(demo_repo / "schedules/2026.yaml",
         '  - id: JF-2026-20\n    date: "2026-12-08"\n    session: am\n    mode: fixed\n    leader: L-SUN\n'
         '    location: 全国总工会信访接待室\n',
         '  - id: JF-2026-20\n    date: "2026-12-10"\n    session: pm\n    mode: fixed\n    leader: L-SUN\n'
         '    location: 全国总工会机关第一会议室\n')
    check = run(demo_repo, "validate", "--today", TODAY)
    assert check.exit_code == 0, check.output
    deviation = ("定点接访 JF-2026-20 在 2026-12-10（星期四），不是规定的定点接访日 2026-12-08（星期二）；时段为下午，规定为上午；"
                 "地点为“全国总工会机关第一会议室”，规定在全国总工会信访接待室")
    reading = "（“当月第二周的星期二”按当月第二个星期二（8日至14日之间）理解）"
    assert [line for line in _lines(check.output, "schedules/2026.yaml") if "定点接访 JF" in line] == [
        f"schedules/2026.yaml:315:11: 警告：日期 date：{deviation}{reading}"]
    out = tmp_path / "internal"
    made = run(demo_repo, "internal", "--today", TODAY, "--out", str(out))
    assert made.exit_code == 0, made.output
    months = _csv(out / "compliance-2026-months.csv")
    assert months[0] == ["月份", "规定日期", "实际接访", "领导", "状态", "与规定不符"]
    assert months[12] == ["12月", "2026-12-08", "2026-12-10（星期四）下午，全国总工会机关第一会议室", "孙丽萍", "计划",
                          deviation.removeprefix("定点接访 JF-2026-20 ")]
    # May: JF-2026-07 (05-12) was rescheduled, announced ahead, to 05-19: no warning, but the report says so
    assert months[5][1:3] == ["2026-05-12", "2026-05-19（星期二）上午，全国总工会信访接待室"]
    assert months[5][5] == "由 JF-2026-07 改期而来，不在规定的定点接访日 2026-05-12"
    page = (out / "compliance-2026.html").read_text(encoding="utf-8")
    assert "<tr><th>实际</th>" in page and "<td>12-10下午</td>" in page


def test_fixed_reception_rule_only_at_national_level(minimal_repo: Path, run):
    """A provincial union sets its own reception days: a fixed reception on a Wednesday afternoon is no
    deviation there (the minimal union is provincial)."""
    edit(minimal_repo / "schedules/2026.yaml", 'date: "2026-03-10"\n    session: am', 'date: "2026-03-10"\n    session: pm')
    check = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert "定点接访 JF" not in check.output


# ------------------------------------------------------------------ 7: urgent letters, reported in time

def test_urgent_letter_reported_late_is_warned_and_reported(demo_repo: Path, run, tmp_path: Path):
    """XF-2026-0002 to the chairman, urgent, received Friday 2026-01-16: due the same day or the next working
    day, Monday 01-19 (01-17/18 a weekend). Reported Tuesday 01-20: 4 days after receipt, a warning; the 2026Q1
    report prints both dates and the lapse instead of "均已按程序即时上报"."""
    edit(demo_repo / "cases/2026/XF-2026-0002.yaml", '  reported: "2026-01-16"', '  reported: "2026-01-20"')
    check = run(demo_repo, "validate", "--today", TODAY)
    assert _lines(check.output, "cases/2026/XF-2026-0002.yaml") == [
        "cases/2026/XF-2026-0002.yaml:9:13: 警告：上报日期 reported：“2026-01-20” 是收到（2026-01-16）后第 4 天："
        "重大紧急来信应在收到当日或下一个工作日（2026-01-19）上报"]
    out = tmp_path / "internal"
    assert run(demo_repo, "internal", "--today", TODAY, "--quarter", "2026Q1", "--out", str(out)).exit_code == 0
    assert _csv(out / "chairman-letters-2026Q1-urgent.csv")[1:] == [
        ["XF-2026-0002", "物流企业负责人失联拖欠214名司机和分拣员工资", "2026-01-16", "2026-01-20", "2026-01-19",
         "逾期上报（应不晚于 2026-01-19）"]]
    page = (out / "chairman-letters-2026Q1.html").read_text(encoding="utf-8")
    assert "均已按程序即时上报" not in page


def test_quarterly_letters_carry_over_conclude_and_state_status_at_quarter_end(demo_repo: Path, run, tmp_path: Path):
    """2026Q3 (07-01..09-30), letters to the chairman counted from the YAML by hand:
    XF-2026-0021 received 09-21, assigned 09-24, concluded 11-06 → at 09-30 it stood 已交办 (not 已办结);
    XF-2026-0026 received in Q3, 不予受理 told 09-08, category review_concluded (同一事项已经复核终结), with its reason.
    2026Q1: XF-2025-0018 received 2025-11-24, concluded 2026-02-12 → open on 01-01: 上季度结转, concluded in Q1."""
    out = tmp_path / "internal"
    assert run(demo_repo, "internal", "--today", TODAY, "--quarter", "2026Q3", "--out", str(out)).exit_code == 0
    rows = {r[0]: r for r in _csv(out / "chairman-letters-2026Q3.csv")[1:]}
    assert rows["XF-2026-0021"][1] == "本季度收到" and rows["XF-2026-0021"][8] == "已交办"
    assert rows["XF-2026-0021"][9] == "承办：江苏省总工会；最近：2026-09-24 交办"
    assert rows["XF-2026-0026"][8] == "不予受理"
    assert rows["XF-2026-0026"][10].startswith("2026-09-08 告知：同一事项已经复核终结。同一事项已于2025年11月25日复核终结")
    q1 = tmp_path / "q1"
    assert run(demo_repo, "internal", "--today", TODAY, "--quarter", "2026Q1", "--out", str(q1)).exit_code == 0
    first = _csv(q1 / "chairman-letters-2026Q1.csv")[1]
    assert (first[0], first[1], first[8]) == ("XF-2025-0018", "上季度结转", "已办结")
    page = (q1 / "chairman-letters-2026Q1.html").read_text(encoding="utf-8")
    assert "其中上季度结转 1 件、本季度收到 1 件" in page and "本季度办结 2 件（其中以前季度收到的 1 件）" in page


# ------------------------------------------------------------------ 9: supervision deadline past the statutory one

def test_supervision_deadline_later_than_the_statutory_deadline(demo_repo: Path, run):
    """XF-2026-0017 accepted 2026-08-04: + 60 days = 10-03 (Aug 4 + 27 = Aug 31, + 30 = Sep 30, + 3), inside
    国庆 10-01..10-07 → due Thursday 10-08. Its supervision of 2026-09-30 asks the unit to finish by 10-15:
    later than the law allows, a warning. Its earlier supervisions within 10-08 pass."""
    check = run(demo_repo, "validate", "--today", TODAY)
    assert [line for line in _lines(check.output, "cases/2026/XF-2026-0017.yaml") if "督办期限不应" in line] == [
        "cases/2026/XF-2026-0017.yaml:88:15: 警告：办理期限 deadline：“2026-10-15” 晚于本事项的办结期限 2026-10-08"
        "（受理 2026-08-04 起 60 日）：督办期限不应晚于法定办结期限"]


# ------------------------------------------------------------------ 8: review clocks

def test_review_request_clock_counts_from_the_delivery(minimal_repo: Path, run):
    """XF-2026-0002 concluded 2026-06-20 (Saturday). Counted from the conclusion, 30 days = 07-20 (Monday): a
    复查 requested 07-27 is late. The written answer reached the petitioner on 06-29 (送达日期): 06-29 + 30 =
    07-29 (Wednesday), so 07-27 is in time. A delivery before the answer is an error."""
    case = minimal_repo / "cases/2026/XF-2026-0002.yaml"
    edit(case, "  satisfaction: satisfied\n",
         "  satisfaction: satisfied\nreviews:\n  - {kind: review, requested: \"2026-07-27\", organ: 测试市总工会}\n")
    late = run(minimal_repo, "validate", "--today", "2026-08-01")
    assert _lines(late.output, "cases/2026/XF-2026-0002.yaml") == [
        "cases/2026/XF-2026-0002.yaml:30:31: 警告：请求日期 requested：“2026-07-27” 超过复查请求期限 2026-07-20"
        "（书面答复（办结日期） 2026-06-20 起 30 日内），应不予受理"]
    edit(case, '  date: "2026-06-20"\n', '  date: "2026-06-20"\n  delivered: "2026-06-29"\n')
    assert _lines(run(minimal_repo, "validate", "--today", "2026-08-01").output, "cases/2026/XF-2026-0002.yaml") == []
    edit(case, 'delivered: "2026-06-29"', 'delivered: "2026-06-19"')
    wrong = run(minimal_repo, "validate", "--today", "2026-08-01")
    assert _lines(wrong.output, "cases/2026/XF-2026-0002.yaml")[0] == (
        "cases/2026/XF-2026-0002.yaml:27:14: 送达日期 delivered：“2026-06-19” 早于办结日期 2026-06-20")


def test_review_due_in_a_fallback_year_carries_the_notice():
    """A 复查 requested 2026-12-20 is answered by 12-20 + 30 = 2027-01-19, a year the calendar package does not
    know (fallback): the public page and the 办结单 say 需人工核对. One requested 2026-03-02 (due 04-01) does not."""
    view = {"reviews": [{"kind": "review", "requested": "2026-03-02", "organ": "甲"},
                        {"kind": "re_review", "requested": "2026-12-20", "organ": "乙"}]}
    with rules.calendar_in_use(rules.Calendar()):
        found = review_views.public_reviews(view)
        assert [(r.answer_due, r.unverified) for r in found] == [(date(2026, 4, 1), False), (date(2027, 1, 19), True)]
        case = SimpleNamespace(reviews=(SimpleNamespace(kind="review", requested=date(2026, 12, 20), organ="乙",
                                                        answer_due=date(2027, 1, 19), answered=None, result=None,
                                                        opinion=""),))
        assert review_views.review_summary(case, date.isoformat) == (
            "2026-12-20 请求复查（乙，限 2027-01-19 前答复，需人工核对），尚未答复")


# ------------------------------------------------------------------ 6: the on-time rate

def _package(concluded: bool, on_time: bool | None, overdue: bool):
    return SimpleNamespace(concluded=date(2026, 5, 1) if concluded else None, on_time=on_time, overdue=overdue,
                           deadline=date(2026, 5, 1), topic="wages", status="concluded" if concluded else "assigned",
                           province="北京市", unit_names=("甲单位",), days_to_conclusion=30 if concluded else None)


def test_public_on_time_rate_counts_overdue_packages():
    """Five published packages: 2 concluded on time, 1 concluded late, 1 open past its deadline, 1 open not yet
    due. Rate = 2 ÷ (3 + 1) = 50% (the old rate: 2 ÷ 3 = 67%); counts of 1 and 2 are published as "<3"."""
    cases = [_package(True, True, False), _package(True, True, False), _package(True, False, False),
             _package(False, None, True), _package(False, None, False)]
    year = stats.year_stats(2026, cases, {})
    assert (year.share_on_time, year.on_time_basis) == (
        "50%", "按期办结 <3 件 ÷（已办结 3 件 + 超期未办结 <3 件）")


def test_internal_reports_print_the_rate_with_its_terms(minimal_repo: Path, run, tmp_path: Path):
    """Minimal data as of 2026-07-01: XF-2026-0001 accepted 03-12 → + 60 = 05-11 (Monday), open → overdue;
    XF-2026-0002 accepted 05-08 → + 60 = 07-07, concluded 06-20 → on time. 1 ÷ (1 + 1) = 50.0% (was 100.0%)."""
    out = tmp_path / "internal"
    assert run(minimal_repo, "internal", "--today", "2026-07-01", "--out", str(out)).exit_code == 0
    figures = {(g, item): v for g, item, v in _csv(out / "report-2026.csv")[1:]}
    assert (figures[("办理", "按期办结")], figures[("办理", "按期办结率")],
            figures[("办理", "按期办结率分母（办结+超期未办结）")]) == ("1", "50.0%", "2")
    basis = "按期办结 1 件 ÷（办结 1 件 + 超期未办结 1 件）"
    assert f"按期办结率50.0%（{basis}）" in (out / "report-2026.html").read_text(encoding="utf-8")
    assert f"全部信访事项按期办结率 50.0%（{basis}）。" in (out / "supervision.html").read_text(encoding="utf-8")


def test_new_fixed_reception_follows_the_reading(demo_repo: Path, run):
    """Issue 15.5 through ``xinfang new reception``: with ``second_week``, January 2027's fixed day is the Tuesday
    of the week starting Monday 01-04 (2027-01-01 is a Friday): 01-05, not the second Tuesday 01-12."""
    (demo_repo / "schedules/2027.yaml").unlink(missing_ok=True)
    edit(demo_repo / "reference/union.yaml", "fixed_day_reading: second_tuesday", "fixed_day_reading: second_week")
    result = run(demo_repo, "new", "reception", "--year", "2027", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert 'date: "2027-01-05"' in (demo_repo / "schedules/2027.yaml").read_text(encoding="utf-8")
