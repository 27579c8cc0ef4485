"""Receptions as the seed says (``generator/reception_duties.py``, issue 16.7, 16.8, 16.11, 16.12): each rule with
good and bad files and the exact ``path:line:col: message`` lines, on 2026-07-01 unless said otherwise.

Positions by hand from the file texts below: a scalar's value starts after ``key: ``; a mapping or list value is
placed where its first entry starts (the line below, as everywhere in the tool).
"""

from __future__ import annotations

from pathlib import Path

from generator import reception_duties, registry
from tests.test_duties import NO_PLAN, NO_REPORT, append, expect, replace

SCHEDULE = "schedules/2026.yaml"
UNION = "reference/union.yaml"
C2 = "cases/2026/XF-2026-0002.yaml"
PLANNED_02 = f"{SCHEDULE}:21:13: 警告：状态 status：接访日期 2026-04-14 已过，请把状态改为已接访、已改期或已取消"

APPOINTMENT = """\
  - id: JF-2026-03
    date: "2026-06-16"
    session: am
    mode: appointment
    leader: L-QIAN
    location: 测试市总工会信访接待室
    cases: [XF-2026-0001]
    status: held
    attendance: 1
    preparation:
      date: "2026-06-09"
      consulted: [U-A]
      opinion: 由甲区总工会督促企业分期支付欠薪。
    answer:
      opinion: 企业6月底前支付第一期欠薪，7月底前付清。
      responsible: [U-A]
      resolve_by: "2026-07-31"
"""

THEMATIC_HELD = """\
    status: held
    attendance: 6
    outcome:
      measures: 甲区总工会会同人社部门建立欠薪线索移交机制。
      proposals: 建议建筑工程款支付担保全覆盖。
      follow_up:
        - unit: U-A
          task: 建立欠薪线索台账
          by: "2026-05-31"
          done: "2026-05-20"
"""

FIELD_CANCELLED = """\
  - id: JF-2026-03
    date: "2026-06-16"
    session: am
    mode: field
    leader: L-QIAN
    location: 甲区某建筑工地
    cases: [XF-2026-0001]
    status: cancelled
    announced: "2026-06-10"
    reason: 事项已协调化解
    notified:
      - date: "2026-06-10"
        method: phone
        whom: 信访人李测甲
"""


# -- schedule_appointment_records (约访准备与答复) -------------------------------------------------------------

def test_schedule_appointment_records_good(minimal_repo: Path, run) -> None:
    append(minimal_repo, SCHEDULE, APPOINTMENT)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)


def test_schedule_appointment_records_bad_missing(minimal_repo: Path, run) -> None:
    append(minimal_repo, SCHEDULE, APPOINTMENT.split("    preparation:")[0])
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{SCHEDULE}:29:13: 警告：状态 status：重点约访已举行，请记录约访准备 preparation：研究日期 date、参加研究的单位 consulted、"
           "初步处理意见 opinion",
           f"{SCHEDULE}:29:13: 警告：状态 status：重点约访已举行，请记录约访答复 answer：答复意见 opinion、责任主体 responsible、"
           "限期化解日期 resolve_by")


def test_schedule_appointment_records_bad_dates(minimal_repo: Path, run) -> None:
    """Studied after the day; the 限期化解 date before the day, and past with XF-2026-0001 still open."""
    append(minimal_repo, SCHEDULE, APPOINTMENT.replace('date: "2026-06-09"', 'date: "2026-06-17"')
           .replace('resolve_by: "2026-07-31"', 'resolve_by: "2026-06-10"'))
    status, found = validate_lines(run, minimal_repo)
    assert [line for line in found if line != PLANNED_02] == [
        NO_REPORT, NO_PLAN,
        f"{SCHEDULE}:32:13: 研究日期 date：“2026-06-17” 晚于约访日期 2026-06-16：约访前须了解案情、组织相关责任单位研究",
        f"{SCHEDULE}:38:19: 限期化解日期 resolve_by：“2026-06-10” 早于约访日期 2026-06-16",
        f"{SCHEDULE}:38:19: 警告：限期化解日期 resolve_by：限期化解日期 2026-06-10 已过，约访事项 XF-2026-0001 仍未办结：请督办责任主体"]
    assert status == 1


def test_schedule_appointment_records_bad_answer_before_the_day(minimal_repo: Path, run) -> None:
    """Prepared ahead is right; an answer for an appointment not yet held is not."""
    append(minimal_repo, SCHEDULE, APPOINTMENT.replace('date: "2026-06-16"', 'date: "2026-07-14"')
           .replace("    status: held\n    attendance: 1\n", "    status: planned\n"))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{SCHEDULE}:35:7: 约访答复 answer：重点约访尚未举行（状态不是已接访 held），不能填写此项")


# -- schedule_thematic_outcome (专题接访成果) -------------------------------------------------------------------

def test_schedule_thematic_outcome_good(minimal_repo: Path, run) -> None:
    replace(minimal_repo, SCHEDULE, "    status: planned\n", THEMATIC_HELD)
    status, found = validate_lines(run, minimal_repo)
    assert found == [NO_REPORT, NO_PLAN] and status == 0


def test_schedule_thematic_outcome_bad_missing_and_late(minimal_repo: Path, run) -> None:
    replace(minimal_repo, SCHEDULE, "    status: planned\n", THEMATIC_HELD.split("    outcome:")[0])
    assert validate_lines(run, minimal_repo)[1] == [NO_REPORT, NO_PLAN, (
        f"{SCHEDULE}:21:13: 警告：状态 status：专题接访已举行，请记录专题接访成果 outcome：解决措施 measures、政策主张和对策 proposals、"
        "跟进事项 follow_up（跟进单位、任务、完成期限）")]
    replace(minimal_repo, SCHEDULE, "    attendance: 6\n", THEMATIC_HELD.split("    status: held\n")[1]
            .replace('          done: "2026-05-20"\n', ""))
    assert validate_lines(run, minimal_repo)[1] == [NO_REPORT, NO_PLAN, (
        f"{SCHEDULE}:29:15: 警告：完成期限 by：跟进任务“建立欠薪线索台账”的完成期限 2026-05-31 已过，尚未写完成日期 done（跟进单位 U-A）")]


def test_schedule_thematic_outcome_bad_dates_and_mode(minimal_repo: Path, run) -> None:
    replace(minimal_repo, SCHEDULE, "    status: planned\n", THEMATIC_HELD.replace('done: "2026-05-20"', 'done: "2026-04-10"'))
    replace(minimal_repo, SCHEDULE, "    registered_cases: [XF-2026-0001]\n",
            '    registered_cases: [XF-2026-0001]\n    outcome:\n      measures: 跟进\n      follow_up:\n'
            '        - {unit: U-A, task: 跟进, by: "2026-04-30"}\n')
    assert validate_lines(run, minimal_repo)[1] == [
        NO_REPORT, NO_PLAN, f"{SCHEDULE}:14:7: 专题接访成果 outcome：只有专题接访填写此项",
        f"{SCHEDULE}:34:17: 完成日期 done：“2026-04-10” 早于接访日期 2026-04-14"]


def validate_lines(run, root: Path) -> tuple[int, list[str]]:
    """Every problem line (nothing filtered: these tests move the baseline's own lines)."""
    result = run(root, "validate", "--today", "2026-07-01")
    lines = [line for line in result.output.splitlines() if not line.startswith("校验")]
    return result.exit_code, [line for line in lines if not line.endswith("截至 2026-07-01 仍未办结")]


# -- schedule_batches (接访登记) -----------------------------------------------------------------------------------

BATCHES = """\
    registered_cases: [XF-2026-0001]
    batches:
      - people: 2
        demands: 咨询劳动合同解除的经济补偿
        answer: on_the_spot
      - people: 1
        demands: 反映社会保险断缴
        answer: guided
        guided_to: 甲区社会保险经办机构
"""


def first_reception_lines(run, root: Path) -> list[str]:
    """The schedule's lines on JF-2026-01 (lines 4-20): the batches move JF-2026-02's own warning down."""
    return [line for line in validate_lines(run, root)[1] if line.startswith(SCHEDULE) and int(line.split(":")[1]) <= 20]


def test_schedule_batches_good(minimal_repo: Path, run) -> None:
    replace(minimal_repo, SCHEDULE, "    registered_cases: [XF-2026-0001]\n", BATCHES)
    assert first_reception_lines(run, minimal_repo) == []


def test_schedule_batches_bad(minimal_repo: Path, run) -> None:
    """Guided without where, answered on the spot with a where, and more people in batches than received (2+5 > 4)."""
    replace(minimal_repo, SCHEDULE, "    registered_cases: [XF-2026-0001]\n",
            BATCHES.replace("        guided_to: 甲区社会保险经办机构\n", "").replace("people: 1", "people: 5")
            .replace("        answer: on_the_spot\n", "        answer: on_the_spot\n        guided_to: 甲区仲裁委\n"))
    assert first_reception_lines(run, minimal_repo) == [
        f"{SCHEDULE}:11:17: 接待人数 attendance：4 少于接访登记的人数合计 7：接待人数包括当场答复、引导去向和登记为信访事项的全部来访人员",
        f"{SCHEDULE}:17:20: 引导去向 guided_to：当场答复（on_the_spot）的不写引导去向",
        f"{SCHEDULE}:20:17: 处理方式 answer：引导去向（guided）须写明引导到哪里 guided_to"]
    append(minimal_repo, SCHEDULE, "    batches:\n      - {people: 1, demands: 咨询工资支付规定, answer: on_the_spot}\n")
    assert validate_lines(run, minimal_repo)[1][-1] == f"{SCHEDULE}:31:7: 接访登记 batches：只有已接访（held）的场次填写接访登记"


# -- schedule_rescheduling_notice (改期告知) ----------------------------------------------------------------------

def test_schedule_rescheduling_notice_good(minimal_repo: Path, run) -> None:
    append(minimal_repo, SCHEDULE, FIELD_CANCELLED)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)


def test_schedule_rescheduling_notice_bad_not_told(minimal_repo: Path, run) -> None:
    append(minimal_repo, SCHEDULE, FIELD_CANCELLED.split("    notified:")[0])
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{SCHEDULE}:29:13: 状态 status：重点约访、带案下访改期或取消，须记录已告知约访、下访对象或单位：请填写改期告知 notified"
           "（告知日期 date、告知方式 method、告知对象 whom）")


def test_schedule_rescheduling_notice_bad_on_the_day(minimal_repo: Path, run) -> None:
    append(minimal_repo, SCHEDULE, FIELD_CANCELLED.replace('"2026-06-10"', '"2026-06-16"'))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{SCHEDULE}:30:16: 公告日期 announced：“2026-06-16” 是接访当天：当天告知不算提前，改期或取消须提前告知",
           f"{SCHEDULE}:33:15: 告知日期 date：“2026-06-16” 不早于接访日期 2026-06-16：须提前告知约访、下访对象或单位")


def test_schedule_rescheduling_notice_bad_on_a_held_reception(minimal_repo: Path, run) -> None:
    append(minimal_repo, SCHEDULE, FIELD_CANCELLED.replace("    status: cancelled\n    announced: \"2026-06-10\"\n"
                                                           "    reason: 事项已协调化解\n", "    status: held\n    attendance: 2\n"))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN, f"{SCHEDULE}:32:7: 改期告知 notified：只有改期或取消的场次填写改期告知")


# -- union_in_charge (分管信访工作的领导) ------------------------------------------------------------------------

FORWARDED = "addressee: forwarded\n  forwarded_by: 测试省信访局\n  routed_to: L-ZHAO"


def test_union_in_charge_good(minimal_repo: Path, run) -> None:
    """The letter goes to the leader in charge of petition work, or to the one whose division covers its topic."""
    append(minimal_repo, UNION, "in_charge: L-QIAN\n")
    replace(minimal_repo, C2, "addressee: chairman", FORWARDED.replace("L-ZHAO", "L-QIAN"))
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)
    replace(minimal_repo, C2, "routed_to: L-QIAN", "routed_to: L-ZHAO")
    replace(minimal_repo, C2, "topic: labor_contract", "topic: wages")
    expect(run, minimal_repo, NO_REPORT, NO_PLAN)


def test_union_in_charge_bad(minimal_repo: Path, run) -> None:
    append(minimal_repo, UNION, "in_charge: L-QIAN\n")
    replace(minimal_repo, C2, "addressee: chairman", FORWARDED)
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{C2}:7:14: 警告：呈报领导 routed_to：中央国家机关等转来的来信呈送分管领导阅示：分管信访工作的领导是 钱测试（L-QIAN）"
           "（union.yaml），赵测试（L-ZHAO）也不分管本事项的问题类别")
    replace(minimal_repo, UNION, "in_charge: L-QIAN", "in_charge: L-OLD")
    expect(run, minimal_repo, NO_REPORT, NO_PLAN, f"{UNION}:7:12: 分管信访工作的领导 in_charge：“L-OLD” 须是在任的主席、党组成员或书记处书记",
           f"{C2}:7:14: 警告：呈报领导 routed_to：中央国家机关等转来的来信呈送分管领导阅示：分管信访工作的领导是 孙旧任（L-OLD）"
           "（union.yaml），赵测试（L-ZHAO）也不分管本事项的问题类别")
    replace(minimal_repo, UNION, "in_charge: L-OLD", "in_charge: L-NOBODY")
    expect(run, minimal_repo, NO_REPORT, NO_PLAN,
           f"{UNION}:7:12: 分管信访工作的领导 in_charge：“L-NOBODY” 不存在：reference/leaders.yaml 中没有这个领导")


def test_every_reception_rule_has_a_good_and_a_bad_test() -> None:
    """A rule added to generator/reception_duties.py without a good and a bad test here makes this fail."""
    rules = [r.name for r in [*registry.file_rules(), *registry.repository_rules()] if r.check.__module__ == reception_duties.__name__]
    assert rules == ["schedule_appointment_records", "schedule_thematic_outcome", "schedule_batches",
                     "schedule_rescheduling_notice", "union_in_charge"]
    names = set(globals())
    assert [n for n in rules if not any(g.startswith(f"test_{n}_good") for g in names)
            or not any(g.startswith(f"test_{n}_bad") for g in names)] == []


def test_internal_follow_ups(minimal_repo: Path, run, tmp_path: Path) -> None:
    """The appointment's 限期化解 in the tracking report: 2026-06-20 is 11 days before 2026-07-01 (10 + 1)."""
    import csv
    import io

    append(minimal_repo, SCHEDULE, APPOINTMENT.replace('resolve_by: "2026-07-31"', 'resolve_by: "2026-06-20"'))
    out = tmp_path / "neibu"
    assert run(minimal_repo, "internal", "--today", "2026-07-01", "--out", str(out)).exit_code == 0
    rows = list(csv.reader(io.StringIO((out / "duties-follow-ups.csv").read_bytes().decode("utf-8-sig"))))
    assert rows == [["场次", "日期", "方式", "领导", "事项", "责任单位", "期限", "情况"],
                    ["JF-2026-03", "2026-06-16", "重点约访", "钱测试", "限期化解 XF-2026-0001：企业6月底前支付第一期欠薪，7月底前付清。",
                     "甲区总工会", "2026-06-20", "逾期 11 天"]]
