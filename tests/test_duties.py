"""The seed's duties around leaders' cases (``generator/duties.py``, issue 16.2–16.6): each rule with good and
bad files and the exact ``path:line:col: message`` lines; the internal outputs with values worked out by hand.

Dates by hand (calendar days, the first day not counted):
- the minimal package XF-2026-0001 was taken on 2026-03-12: 实施方案 due 15 days later, 2026-03-27; a first
  progress report due 30 days later, 2026-04-11; by 2026-07-01 it is 111 days old (March 19 + April 30 + May 31
  + June 30 + 1), 96 days past the plan's day (4 + 30 + 31 + 30 + 1) and 81 past the report's (19 + 31 + 30 + 1);
- a progress report of 2026-05-20 is 42 days old on 2026-07-01 (11 + 30 + 1), due again on 2026-06-19;
- the letter XF-2026-0002 was concluded on 2026-06-20: 11 days before 2026-07-01.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from generator import duties, public, registry
from test_validate_rules import OVERDUE_0001, PLANNED_02, position

C1 = "cases/2026/XF-2026-0001.yaml"
C2 = "cases/2026/XF-2026-0002.yaml"
C2025 = "cases/2025/XF-2025-0001.yaml"
TODAY = "2026-07-01"

# The minimal package's two reminders on 2026-07-01 (no plan, no progress report since 2026-03-12).
NO_REPORT = (f"{C1}:22:11: 警告：包案领导 leader：包案以来（2026-03-12）责任单位尚未向包案领导反馈进展，已 111 天"
             "（至少每 30 天一次，在办理记录中记为 type: progress）")
NO_PLAN = f"{C1}:23:10: 警告：包案日期 since：包案已 111 天，尚未制订包案实施方案 plan（包案之日起 15 天内，即 2026-03-27 前）"

# XF-2026-0002 as a letter to 钱测试 personally, instructed by her, concluded and reported to her in writing.
LETTER = """\
id: XF-2026-0002
channel: letter
letter:
  addressee: leader
  leader: L-QIAN
petitioners:
  - name: 周测乙
topic: labor_contract
region:
  province: 河北省
title: 未签订劳动合同问题
summary: 周测乙来信反映入职一年未签劳动合同。
received: "2026-05-06"
accepted: "2026-05-08"
status: concluded
units: [U-B]
history:
  - date: "2026-05-06"
    type: registration
  - date: "2026-05-07"
    type: instruction
    leader: L-QIAN
    note: 请法律工作部督促企业补签合同，结果书面报我。
  - date: "2026-05-09"
    type: assignment
    unit: U-B
  - date: "2026-06-20"
    type: conclusion
conclusion:
  date: "2026-06-20"
  result: 企业补签劳动合同并支付二倍工资差额。
  satisfaction: satisfied
result_reports:
  - date: "2026-06-23"
    to: L-QIAN
    reference: 社联呈〔2026〕5号
"""

DECLINED = """\
package_proposal:
  proposed: "2026-05-10"
  to: [L-ZHAO, L-QIAN]
  scope: [policy]
  reason: 劳动合同签订问题带有普遍性。
  decision: declined
  decided: "2026-05-12"
"""

TAKEN = """\
package_proposal:
  proposed: "2026-03-11"
  to: [L-ZHAO]
  scope: [protracted]
  decision: taken
  decided: "2026-03-12"
  leader: L-ZHAO
"""

CASE_2025 = """\
id: XF-2025-0001
channel: call
petitioners:
  - name: 吴测丙
topic: wages
region:
  province: 河北省
title: 某餐饮企业拖欠工资问题
summary: 吴测丙来电反映餐饮企业拖欠两个月工资。
received: "2025-11-03"
accepted: "2025-11-05"
status: concluded
units: [U-A]
history:
  - date: "2025-11-03"
    type: registration
  - date: "2025-11-06"
    type: assignment
    unit: U-A
  - date: "2025-12-10"
    type: conclusion
conclusion:
  date: "2025-12-10"
  result: 企业支付拖欠工资。
"""

PACKAGE_2025 = """\
package:
  leader: L-ZHAO
  since: "2025-11-05"
  scope: [protracted]
  disclosure: withheld
  withheld_reason: 涉及企业经营信息。
result_reports:
  - {date: "2025-12-12", to: L-ZHAO, reference: 测联呈〔2025〕1号}
"""


def seen(run, root: Path, today: str = TODAY) -> tuple[int, list[str]]:
    """Exit status and every problem line printed (only the summary left out)."""
    result = run(root, "validate", "--today", today)
    assert "Traceback" not in result.output
    return result.exit_code, [line for line in result.output.splitlines() if not line.startswith("校验")]


def expect(run, root: Path, *lines: str, today: str = TODAY) -> None:
    """Exactly these lines besides the minimal data's overdue case and past planned reception."""
    status, found = seen(run, root, today)
    assert [line for line in found if line not in (OVERDUE_0001, PLANNED_02)] == sorted(lines, key=position)
    assert status == (1 if any(": 警告：" not in line for line in lines) else 0)


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def append(root: Path, rel: str, text: str) -> None:
    write(root, rel, (root / rel).read_text(encoding="utf-8") + text)


def replace(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    write(root, rel, text.replace(old, new))


# -- case_result_reports (办理结果书面报告) ---------------------------------------------------------------------

def test_case_result_reports_good(minimal_repo: Path, run) -> None:
    write(minimal_repo, C2, LETTER)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)


def test_case_result_reports_bad_missing(minimal_repo: Path, run) -> None:
    """No report, and a report dated before the conclusion (an interim one) does not count as the result's."""
    write(minimal_repo, C2, LETTER.replace('  - date: "2026-06-23"', '  - date: "2026-06-19"'))
    missing = (f"{C2}:30:9: 警告：办结日期 date：已于 2026-06-20 办结，尚未向阅批领导钱测试（L-QIAN）书面报告办理结果："
               "请在书面报告领导 result_reports 中写明报告日期 date、报告领导 to 和文号 reference")
    expect(run, minimal_repo, NO_REPORT, NO_PLAN, missing)
    write(minimal_repo, C2, LETTER.split("result_reports:")[0])
    expect(run, minimal_repo, NO_REPORT, NO_PLAN, missing)


def test_case_result_reports_bad_package_and_reception_leaders(minimal_repo: Path, run) -> None:
    """The package leader who also received the visit is owed one report, named with both roles."""
    replace(minimal_repo, C1, "status: assigned", "status: concluded")
    append(minimal_repo, C1, '  - date: "2026-04-20"\n    type: conclusion\nconclusion:\n  date: "2026-04-20"\n'
                             "  result: 企业补发工资。\n")
    expect(run, minimal_repo,
           f"{C1}:37:9: 警告：办结日期 date：已于 2026-04-20 办结，尚未向包案领导、接访领导赵测试（L-ZHAO）书面报告办理结果："
           "请在书面报告领导 result_reports 中写明报告日期 date、报告领导 to 和文号 reference")


def test_case_result_reports_bad_dates(minimal_repo: Path, run) -> None:
    write(minimal_repo, C2, LETTER.replace('  - date: "2026-06-23"', '  - date: "2026-05-01"'))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN, f"{C2}:34:11: 报告日期 date：“2026-05-01” 早于收到日期 2026-05-06",
           f"{C2}:30:9: 警告：办结日期 date：已于 2026-06-20 办结，尚未向阅批领导钱测试（L-QIAN）书面报告办理结果："
           "请在书面报告领导 result_reports 中写明报告日期 date、报告领导 to 和文号 reference")
    write(minimal_repo, C2, LETTER.replace('  - date: "2026-06-23"', '  - date: "2026-07-02"'))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN, f"{C2}:34:11: 报告日期 date：“2026-07-02” 晚于今天（2026-07-01）")


# -- case_instruction_matches_letter (阅批与来信相符) -------------------------------------------------------

def test_case_instruction_matches_letter_good(minimal_repo: Path, run) -> None:
    write(minimal_repo, C2, LETTER.replace("addressee: leader\n  leader: L-QIAN", "addressee: unsigned\n  routed_to: L-QIAN"))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)


def test_case_instruction_matches_letter_good_not_yet_handled(minimal_repo: Path, run) -> None:
    """A letter just registered waits for the leader's instruction: nothing to say yet."""
    registered = LETTER.split("  - date: \"2026-05-07\"")[0].replace('accepted: "2026-05-08"\n', "") \
        .replace("status: concluded", "status: registered")
    write(minimal_repo, C2, registered)
    status, found = seen(run, minimal_repo, "2026-05-10")
    assert [line for line in found if line.startswith(C2)] == [] and status == 0


def test_case_instruction_matches_letter_bad_other_leader(minimal_repo: Path, run) -> None:
    write(minimal_repo, C2, LETTER.replace("    leader: L-QIAN\n    note:", "    leader: L-ZHAO\n    note:"))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C2}:22:13: 领导 leader：“L-ZHAO” 不是收信领导：写给领导个人的来信由收信领导 钱测试（L-QIAN）亲自阅示，须有该领导的阅批记录",
           f"{C2}:30:9: 警告：办结日期 date：已于 2026-06-20 办结，尚未向阅批领导赵测试（L-ZHAO）书面报告办理结果："
           "请在书面报告领导 result_reports 中写明报告日期 date、报告领导 to 和文号 reference")


def test_case_instruction_matches_letter_bad_no_instruction(minimal_repo: Path, run) -> None:
    no_instruction = LETTER.replace('  - date: "2026-05-07"\n    type: instruction\n    leader: L-QIAN\n'
                                    "    note: 请法律工作部督促企业补签合同，结果书面报我。\n", "")
    write(minimal_repo, C2, no_instruction)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C2}:5:11: 收信领导 leader：写给领导个人的来信由该领导亲自阅示，根据批示办理：请在办理记录 history 中加一条阅批记录"
           "（type: instruction，leader: L-QIAN）")


def test_case_instruction_matches_letter_bad_unsigned_topic(minimal_repo: Path, run) -> None:
    """赵测试 is in charge of wages only; 孙旧任 lists no topics; the instruction is 钱测试's, not the routed leader's."""
    unsigned = LETTER.replace("addressee: leader\n  leader: L-QIAN", "addressee: unsigned\n  routed_to: L-ZHAO")
    write(minimal_repo, C2, unsigned)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C2}:5:14: 警告：呈报领导 routed_to：赵测试（L-ZHAO）的分管问题类别不包括“劳动合同”：无具体署名的来信按领导职责分工呈报，请核对呈报领导",
           f"{C2}:22:13: 警告：领导 leader：“L-QIAN” 不是呈报领导 赵测试（L-ZHAO）：请核对阅批记录或呈报领导 routed_to")
    write(minimal_repo, C2, unsigned.replace("routed_to: L-ZHAO", "routed_to: L-OLD"))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C2}:5:14: 警告：呈报领导 routed_to：孙旧任（L-OLD）未填写分管问题类别 topics（reference/leaders.yaml），"
           "无法核对是否按职责分工呈报（本事项：劳动合同）",
           f"{C2}:22:13: 警告：领导 leader：“L-QIAN” 不是呈报领导 孙旧任（L-OLD）：请核对阅批记录或呈报领导 routed_to")


# -- case_package_proposal (信访事项选取) ----------------------------------------------------------------------

def test_case_package_proposal_good(minimal_repo: Path, run) -> None:
    write(minimal_repo, C2, LETTER + DECLINED)
    append(minimal_repo, C1, TAKEN)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)
    pending = DECLINED.replace("decision: declined", "decision: pending").replace('  decided: "2026-05-12"\n', "")
    write(minimal_repo, C2, LETTER + pending)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)


def test_case_package_proposal_bad_choice_without_package(minimal_repo: Path, run) -> None:
    write(minimal_repo, C2, LETTER + DECLINED.replace("decision: declined", "decision: taken") + "  leader: L-QIAN\n")
    expect(run, minimal_repo, NO_REPORT, NO_PLAN, f"{C2}:42:13: 领导选择 decision：领导已选定包案（taken）：请填写包案 package")
    write(minimal_repo, C2, LETTER + DECLINED.replace('  decided: "2026-05-12"\n', ""))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN, f"{C2}:42:13: 领导选择 decision：未选择包案（declined）须填写选择日期 decided")
    write(minimal_repo, C2, LETTER + DECLINED.replace("decision: declined", "decision: pending"))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN, f"{C2}:43:12: 选择日期 decided：领导尚未选择（pending）时不填写此项")


def test_case_package_proposal_bad_dates(minimal_repo: Path, run) -> None:
    write(minimal_repo, C2, LETTER + DECLINED.replace('proposed: "2026-05-10"', 'proposed: "2026-05-01"')
          .replace('decided: "2026-05-12"', 'decided: "2026-04-30"'))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C2}:38:13: 呈报日期 proposed：“2026-05-01” 早于收到日期 2026-05-06",
           f"{C2}:43:12: 选择日期 decided：“2026-04-30” 早于呈报日期 2026-05-01")


def test_case_package_proposal_bad_against_the_package(minimal_repo: Path, run) -> None:
    append(minimal_repo, C1, TAKEN.replace("leader: L-ZHAO", "leader: L-QIAN").replace('decided: "2026-03-12"', 'decided: "2026-03-13"'))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C1}:22:11: 包案领导 leader：“L-ZHAO” 与领导选择中选定的领导 L-QIAN 不一致",
           f"{C1}:23:10: 包案日期 since：“2026-03-12” 早于领导选定包案的日期 2026-03-13",
           f"{C1}:40:11: 选定领导 leader：“L-QIAN” 不在呈报领导 to 之中：领导从呈报的事项中选择包案")


def test_case_package_proposal_bad_declined_or_pending_with_a_package(minimal_repo: Path, run) -> None:
    append(minimal_repo, C1, TAKEN.replace("decision: taken", "decision: declined"))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C1}:38:13: 领导选择 decision：领导未选择包案（declined），本事项却有包案 package：请核对",
           f"{C1}:40:11: 选定领导 leader：领导未选择包案（declined）时不填写选定领导")
    write(minimal_repo, C1, (minimal_repo / C1).read_text(encoding="utf-8").split("package_proposal:")[0]
          + TAKEN.replace("decision: taken", "decision: pending").split('  decided:')[0])
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C1}:38:13: 领导选择 decision：本事项已有包案 package：领导选择应为已选定包案（taken）")


# -- case_package_cadence (实施方案与进展反馈) ----------------------------------------------------------------

PLAN = "  scope: [protracted]\n  plan: 甲区总工会牵头核实欠薪数额，督促企业限期支付。\n"


def test_case_package_cadence_good(minimal_repo: Path, run) -> None:
    replace(minimal_repo, C1, "  scope: [protracted]\n", PLAN)
    append(minimal_repo, C1, '  - date: "2026-06-20"\n    type: progress\n    note: 甲区总工会报告已追回两个月工资。\n')
    expect(run, minimal_repo)


def test_case_package_cadence_good_set_in_union(minimal_repo: Path, run) -> None:
    """union.yaml's numbers replace the defaults: 120 days for the plan (due 2026-07-10), 60 between reports."""
    append(minimal_repo, "reference/union.yaml", "packages:\n  plan_days: 120\n  report_days: 60\n")
    expect(run, minimal_repo, NO_REPORT.replace("至少每 30 天", "至少每 60 天"))


def package_lines(run, root: Path, today: str) -> list[str]:
    """The lines on the package block of XF-2026-0001 (lines 20-29): the other file is not received yet early on."""
    return [line for line in seen(run, root, today)[1] if line.startswith(f"{C1}:2")]


def test_case_package_cadence_bad_defaults(minimal_repo: Path, run) -> None:
    """Nothing on 2026-03-27 (the plan's last day); the plan's on 2026-04-11 (the report's last day); both after."""
    assert package_lines(run, minimal_repo, "2026-03-27") == []
    assert package_lines(run, minimal_repo, "2026-04-11") == [
        f"{C1}:23:10: 警告：包案日期 since：包案已 30 天，尚未制订包案实施方案 plan（包案之日起 15 天内，即 2026-03-27 前）"]
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)
    assert package_lines(run, minimal_repo, "2026-04-12") == [
        (f"{C1}:22:11: 警告：包案领导 leader：包案以来（2026-03-12）责任单位尚未向包案领导反馈进展，已 31 天"
         "（至少每 30 天一次，在办理记录中记为 type: progress）"),
        f"{C1}:23:10: 警告：包案日期 since：包案已 31 天，尚未制订包案实施方案 plan（包案之日起 15 天内，即 2026-03-27 前）"]


def test_case_package_cadence_bad_old_report(minimal_repo: Path, run) -> None:
    """A report of 2026-05-20 is 42 days old; one to another leader does not count."""
    replace(minimal_repo, C1, "  scope: [protracted]\n", PLAN)
    append(minimal_repo, C1, '  - date: "2026-05-20"\n    type: progress\n  - date: "2026-06-25"\n    type: progress\n'
                             "    leader: L-QIAN\n")
    expect(run, minimal_repo, f"{C1}:22:11: 警告：包案领导 leader：责任单位已 42 天未向包案领导反馈进展（最近一次 2026-05-20；"
                              "至少每 30 天一次，在办理记录中记为 type: progress）")


def test_case_package_cadence_bad_plan_date(minimal_repo: Path, run) -> None:
    replace(minimal_repo, C1, "  scope: [protracted]\n", '  scope: [protracted]\n  plan_date: "2026-03-11"\n')
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C1}:25:14: 方案制订日期 plan_date：“2026-03-11” 早于包案日期 2026-03-12",
           f"{C1}:25:14: 方案制订日期 plan_date：写了方案制订日期，须同时写实施方案 plan")


# -- chairman_packages (主要领导亲自包案) ---------------------------------------------------------------------

def test_chairman_packages_good(minimal_repo: Path, run) -> None:
    write(minimal_repo, C2025, CASE_2025 + PACKAGE_2025)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)


def test_chairman_packages_bad(minimal_repo: Path, run) -> None:
    """2025 is on record (a case received then) and over; 2026 is not over on 2026-07-01, so only 2025 is named."""
    write(minimal_repo, C2025, CASE_2025)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           "reference/leaders.yaml:6:11: 警告：身份 role：主席 赵测试（L-ZHAO）2025 年没有亲自包案的信访事项（工会主要领导要亲自包案）")


# -- case_package_handovers, leaders_office_dates (领导离任与包案移交) ------------------------------------------------

HANDOVER = """\
  since: "2026-03-12"
  handovers:
    - date: "2026-04-01"
      from: L-QIAN
      to: L-ZHAO
      reason: 分工调整。
"""
LEADERS = "reference/leaders.yaml"


def test_case_package_handovers_good(minimal_repo: Path, run) -> None:
    replace(minimal_repo, C1, '  since: "2026-03-12"\n', HANDOVER)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)


def test_case_package_handovers_bad_chain(minimal_repo: Path, run) -> None:
    replace(minimal_repo, C1, '  since: "2026-03-12"\n', HANDOVER.replace('"2026-04-01"', '"2026-03-01"')
            .replace("from: L-QIAN\n      to: L-ZHAO", "from: L-ZHAO\n      to: L-ZHAO"))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C1}:25:13: 移交日期 date：“2026-03-01” 早于包案日期或上一次移交 2026-03-12：包案领导变更须按日期先后排列",
           f"{C1}:27:11: 接任领导 to：接任领导与原包案领导相同")
    replace(minimal_repo, C1, "from: L-ZHAO\n      to: L-ZHAO", "from: L-ZHAO\n      to: L-OLD")
    replace(minimal_repo, C1, '"2026-03-01"', '"2026-04-01"')
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C1}:22:11: 包案领导 leader：“L-ZHAO” 与最后一次包案领导变更的接任领导 L-OLD 不一致",
           f"{C1}:27:11: 接任领导 to：“L-OLD” 已于 2019-12-31 离任，不能接任包案")


def test_case_package_handovers_bad_departed_leader(minimal_repo: Path, run) -> None:
    """钱测试 left on 2026-05-31 and still holds the open package on 2026-07-01."""
    replace(minimal_repo, LEADERS, "    from_year: 2021\n", '    from_year: 2021\n    to_year: 2026\n    left_office: "2026-05-31"\n')
    replace(minimal_repo, C1, "  leader: L-ZHAO\n  since", "  leader: L-QIAN\n  since")
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C1}:22:11: 警告：包案领导 leader：钱测试（L-QIAN）已于 2026-05-31 离任，在办包案尚未移交：请在包案领导变更 handovers 中"
           "记录移交（移交日期 date、原包案领导 from、接任领导 to），并把包案领导改为接任领导")


def test_leaders_office_dates_good(minimal_repo: Path, run) -> None:
    replace(minimal_repo, LEADERS, "    from_year: 2021\n", '    from_year: 2021\n    took_office: "2021-02-01"\n')
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)


def test_leaders_office_dates_bad(minimal_repo: Path, run) -> None:
    replace(minimal_repo, LEADERS, "    from_year: 2021\n", '    from_year: 2021\n    took_office: "2020-12-01"\n'
                                                         '    left_office: "2020-11-30"\n')
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{LEADERS}:14:18: 到任日期 took_office：“2020-12-01” 与任职起始年 2021 不一致",
           f"{LEADERS}:15:18: 离任日期 left_office：写了离任日期，须同时写任职截止年 to_year",
           f"{LEADERS}:15:18: 离任日期 left_office：“2020-11-30” 早于到任日期 2020-12-01")


def test_handover_on_the_public_case_page(minimal_repo: Path, run) -> None:
    """包案领导变更 on the public page of a published package, without the internal reason. Checked by dropping the
    template's lines once: the first assertion failed."""
    replace(minimal_repo, C1, '  since: "2026-03-12"\n', HANDOVER.replace("分工调整。", "钱测试调任其他岗位另有安排。"))
    result = run(minimal_repo, "build", "--today", TODAY)
    assert result.exit_code == 0, result.output
    page = (minimal_repo / "site/cases/XF-2026-0001/index.html").read_text(encoding="utf-8")
    assert "<dt>包案领导变更</dt><dd>2026年4月1日 由钱测试（副主席）移交赵测试（主席）</dd>" in page
    assert "调任其他岗位" not in page


def test_every_duty_rule_has_a_good_and_a_bad_test() -> None:
    """A rule added to generator/duties.py without a good and a bad test here makes this fail."""
    rules = [r.name for r in [*registry.file_rules(), *registry.repository_rules()] if r.check.__module__ == duties.__name__]
    assert rules == ["case_result_reports", "case_instruction_matches_letter", "case_package_proposal",
                     "case_package_cadence", "case_package_handovers", "leaders_office_dates", "chairman_packages"]
    names = set(globals())
    assert [n for n in rules if not any(g.startswith(f"test_{n}_good") for g in names)
            or not any(g.startswith(f"test_{n}_bad") for g in names)] == []


# -- privacy: every new field stays internal ------------------------------------------------------------------

def test_new_fields_are_never_published(minimal_repo: Path, run) -> None:
    """Guards the x-public marks of the new fields: the report's reference, the proposal and its reason, the plan's
    date and the union's package settings are internal. Checked by marking ``result_reports`` and
    ``package_proposal`` public in the schema once: the projection then kept them and this test failed."""
    import yaml

    case = yaml.safe_load(LETTER + DECLINED)
    shown = public.public_view("case", case)
    assert "result_reports" not in shown and "package_proposal" not in shown
    package = yaml.safe_load((minimal_repo / C1).read_text(encoding="utf-8"))
    package["package"]["plan_date"] = "2026-03-20"
    assert "plan_date" not in public.public_view("case", package)["package"]
    union = yaml.safe_load((minimal_repo / "reference/union.yaml").read_text(encoding="utf-8")
                           + "packages:\n  plan_days: 20\n")
    assert "packages" not in public.public_view("union", union)
    write(minimal_repo, C2, LETTER + DECLINED)
    append(minimal_repo, C1, TAKEN)
    result = run(minimal_repo, "build", "--today", TODAY)
    assert result.exit_code == 0, result.output
    site = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in (minimal_repo / "site").rglob("*")
                   if p.is_file() and p.suffix in (".html", ".json", ".xml", ".ics", ".csv", ".txt"))
    for secret in ("社联呈〔2026〕5号", "劳动合同签订问题带有普遍性", "请法律工作部督促企业补签合同"):
        assert secret not in site


# -- internal outputs ---------------------------------------------------------------------------------------

def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_internal_duties_report(minimal_repo: Path, run, tmp_path: Path) -> None:
    """The tracking report, the supervision list's new column and the 呈阅件, on 2026-07-01 (dates by hand above)."""
    write(minimal_repo, C2, LETTER.split("result_reports:")[0] + DECLINED)
    out = tmp_path / "neibu"
    result = run(minimal_repo, "internal", "--today", TODAY, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert _csv(out / "duties-packages.csv") == [
        ["编号", "事项", "包案领导", "包案日期", "实施方案", "最近向包案领导汇报", "下次反馈期限", "情况"],
        ["XF-2026-0001", "某机械企业拖欠工资问题", "赵测试（主席）", "2026-03-12", "未制订", "未汇报", "2026-04-11",
         "实施方案逾期 96 天；进展反馈逾期 81 天"]]
    assert _csv(out / "duties-reports.csv") == [
        ["编号", "事项", "办结日期", "应报告领导", "关系", "已过天数"],
        ["XF-2026-0002", "未签订劳动合同问题", "2026-06-20", "钱测试（副主席）", "阅批领导", "11"]]
    assert _csv(out / "duties-candidates.csv") == [
        ["编号", "事项", "问题类别", "呈报日期", "呈报领导", "包案范围", "领导选择", "选择日期", "等候天数", "呈报理由"],
        ["XF-2026-0002", "未签订劳动合同问题", "劳动合同", "2026-05-10", "赵测试、钱测试", "涉及政策层面、需要完善相关规定",
         "未选择包案", "2026-05-12", "2", "劳动合同签订问题带有普遍性。"]]
    supervision = _csv(out / "supervision.csv")
    assert supervision[0][-1] == "最近向包案领导汇报"
    assert [row[1] for row in supervision[1:]] == ["XF-2026-0001"] and supervision[1][-1] == "未汇报"
    assert not (out / "forms/XF-2026-0002/result-report-1.html").exists()


def test_internal_result_report_form_and_yearly_figures(minimal_repo: Path, run, tmp_path: Path) -> None:
    """The 呈阅件 of the written report; the year's chairman package and refusals; the quarter's routes apart."""
    write(minimal_repo, C2, LETTER)
    out = tmp_path / "neibu"
    result = run(minimal_repo, "internal", "--today", TODAY, "--out", str(out))
    assert result.exit_code == 0, result.output
    form = (out / "forms/XF-2026-0002/result-report-1.html").read_text(encoding="utf-8")
    for cell in ('<h1 class="doc">测试市总工会呈阅件</h1>', "<span>社联呈〔2026〕5号</span>",
                 "<th>呈报领导</th><td>钱测试（副主席）</td><th>报告日期</th><td>2026年6月23日</td>",
                 "<th>领导关系</th><td>阅批领导</td>",
                 "2026年5月7日 钱测试：请法律工作部督促企业补签合同，结果书面报我。",
                 "2026年6月20日办结：企业补签劳动合同并支付二倍工资差额。",
                 '<p class="issued">测试市总工会社会联络部<br>2026年6月23日</p>'):
        assert cell in form
    assert "xinfang" not in form.split('<div class="screen-only">')[0]  # no generator footer on paper
    assert (out / "forms/XF-2026-0002/result-report-1.docx").is_file()
    assert ["XF-2026-0002", "办理结果报告", "社联呈〔2026〕5号", "2026-06-23", "forms/XF-2026-0002/result-report-1.html"] \
        in _csv(out / "forms.csv")
    figures = _csv(out / "report-2026.csv")
    assert ["包案", "主要领导亲自包案", "1"] in figures and ["不予受理", "合计", "0"] in figures
    assert "工会主要领导亲自包案（2026 年）：赵测试（主席），包案 1 件（XF-2026-0001 某机械企业拖欠工资问题）；已亲自包案。" \
        in (out / "compliance-2026.html").read_text(encoding="utf-8")
    assert _csv(out / "chairman-letters-2026Q2-routes.csv")[-1] == ["不予受理", "合计", "0"]


def test_result_report_without_reference_takes_the_office_running_number(minimal_repo: Path, run,
                                                                          tmp_path: Path) -> None:
    """A 呈阅件 recorded without its 文号 is numbered like the other forms: the year's running number of 呈阅件."""
    write(minimal_repo, C2, LETTER.replace("    reference: 社联呈〔2026〕5号\n", ""))
    out = tmp_path / "neibu"
    assert run(minimal_repo, "internal", "--today", TODAY, "--out", str(out)).exit_code == 0
    assert ["XF-2026-0002", "办理结果报告", "呈〔2026〕1号", "2026-06-23", "forms/XF-2026-0002/result-report-1.html"] \
        in _csv(out / "forms.csv")
