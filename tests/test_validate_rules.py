"""Each validation rule of ``generator/validate.py`` with at least one good and one bad file (校验规则).

Every test edits real files of a copy of ``tests/data/minimal``, runs ``xinfang validate`` through Click's
runner and compares the exact lines ``path:line:col: message`` and the exit status. The table ``RULES``
below says which tests belong to which rule; ``test_every_rule_has_a_good_and_a_bad_test`` fails when a rule
is declared in ``generator/validate.py`` (``@registry.rule``, ``@registry.repository_rule``) without tests here.
"""

from __future__ import annotations

from pathlib import Path


from conftest import edit
from generator import registry, validate

C1 = "cases/2026/XF-2026-0001.yaml"
C2 = "cases/2026/XF-2026-0002.yaml"
SCHEDULE = "schedules/2026.yaml"
LEADERS = "reference/leaders.yaml"
UNITS = "reference/units.yaml"
# The two deliberate warnings of the minimal repository (an overdue case, a past reception still planned).
OVERDUE_0001 = f"{C1}:19:9: 警告：办理状态 status：已超期：办结期限 2026-05-11，截至 2026-07-01 仍未办结"
PLANNED_02 = f"{SCHEDULE}:21:13: 警告：状态 status：接访日期 2026-04-14 已过，请把状态改为已接访、已改期或已取消"
# The package of XF-2026-0001 (since 2026-03-12) has neither 实施方案 nor progress report: 111 days by 2026-07-01
# (March 19 + April 30 + May 31 + June 30 + 1), past the default 15 and 30 days (duties.case_package_cadence).
NO_REPORT_0001 = (f"{C1}:22:11: 警告：包案领导 leader：包案以来（2026-03-12）责任单位尚未向包案领导反馈进展，已 111 天"
                  "（至少每 30 天一次，在办理记录中记为 type: progress）")
NO_PLAN_0001 = f"{C1}:23:10: 警告：包案日期 since：包案已 111 天，尚未制订包案实施方案 plan（包案之日起 15 天内，即 2026-03-27 前）"
BASELINE = {OVERDUE_0001, PLANNED_02, NO_REPORT_0001, NO_PLAN_0001}
# Edits to XF-2026-0001 move the two reminders (and the day of the last report): the rules' own tests
# (tests/test_duties.py) word them exactly; here a package reminder on XF-2026-0001 is the fixture's baseline.
REMINDERS = ("尚未制订包案实施方案 plan", "未向包案领导反馈进展")


def _baseline(line: str) -> bool:
    return line in BASELINE or (line.startswith(f"{C1}:") and any(words in line for words in REMINDERS))


def problems(run, root: Path, today: str = "2026-07-01") -> tuple[int, list[str]]:
    """Exit status and every printed problem line except the baseline warnings and the summary."""
    result = run(root, "validate", "--today", today)
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if not line.startswith("校验")]
    return result.exit_code, [line for line in lines if not _baseline(line)]


def position(line: str) -> tuple[str, int, int, str]:
    """The order the command prints problems in: by file, line, column (numerically), then message."""
    path, row, col, message = line.split(":", 3)
    return path, int(row), int(col), message


def change(root: Path, rel: str, *pairs: tuple[str, str]) -> None:
    for old, new in pairs:
        edit(root / rel, old, new)


def expect(run, root: Path, *lines: str, today: str = "2026-07-01") -> None:
    """The run prints exactly these problems (besides the baseline) and exits 1 if any is an error."""
    status, found = problems(run, root, today)
    assert found == sorted(lines, key=position)
    assert status == (1 if any(": 警告：" not in line for line in lines) else 0)


# -- case_identity ---------------------------------------------------------------------------------------

def test_case_identity_good(minimal_repo: Path, run) -> None:
    expect(run, minimal_repo)


def test_case_identity_bad_file_name(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("id: XF-2026-0002", "id: XF-2026-0009"))
    expect(run, minimal_repo, f"{C2}:2:5: 编号 id：“XF-2026-0009” 与文件名 XF-2026-0002.yaml 不一致：编号必须等于文件名")


def test_case_identity_bad_received_year(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ('received: "2026-05-06"', 'received: "2025-12-30"'),
           ('- date: "2026-05-06"', '- date: "2025-12-30"'))
    expect(run, minimal_repo,
           f"{C2}:13:11: 收到日期 received：“2025-12-30” 与编号年份 2026 不一致：编号年份为收到年份",
           f"{C2}:14:11: 警告：受理日期 accepted：“2026-05-08” 超过受理期限 2026-01-14（收到之日起 15 日）")


def test_case_identity_bad_year_folder(minimal_repo: Path, run) -> None:
    (minimal_repo / "cases" / "2025").mkdir()
    (minimal_repo / C2).rename(minimal_repo / "cases" / "2025" / "XF-2026-0002.yaml")
    expect(run, minimal_repo, "cases/2025/XF-2026-0002.yaml:2:5: 编号 id：编号的年份 2026 与所在文件夹 cases/2025/ 不一致：请把文件移到 cases/2026/")


# -- case_dates ------------------------------------------------------------------------------------------

def test_case_dates_good_follow_up_after_conclusion(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("conclusion:\n  date", '  - date: "2026-06-25"\n    type: follow_up\nconclusion:\n  date'))
    expect(run, minimal_repo)


def test_case_dates_bad_accepted_before_received(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ('accepted: "2026-05-08"', 'accepted: "2026-05-05"'))
    expect(run, minimal_repo, f"{C2}:14:11: 受理日期 accepted：“2026-05-05” 早于收到日期 2026-05-06")


def test_case_dates_bad_record_before_acceptance(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ('- date: "2026-05-09"', '- date: "2026-05-07"'))
    expect(run, minimal_repo, f"{C2}:20:11: 日期 date：“2026-05-07” 早于受理日期 2026-05-08")


def test_case_dates_bad_history_out_of_order(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("    public_note: 交甲区总工会办理。", '    public_note: 交甲区总工会办理。\n  - date: "2026-03-12"\n    type: progress'))
    expect(run, minimal_repo, f"{C1}:34:11: 日期 date：“2026-03-12” 早于前一条记录或收到日期 2026-03-13：办理记录须按日期先后排列")


def test_case_dates_bad_first_record_not_registration(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("type: registration", "type: progress"))
    expect(run, minimal_repo, f"{C2}:19:11: 记录类型 type：第一条办理记录应为登记（registration）",
           f"{C2}:18:11: 日期 date：“2026-05-06” 早于受理日期 2026-05-08")


def test_case_dates_bad_registration_date(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ('- date: "2026-05-06"', '- date: "2026-05-07"'))
    expect(run, minimal_repo, f"{C2}:18:11: 日期 date：登记日期应与收到日期 2026-05-06 相同")


def test_case_dates_bad_record_after_conclusion(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("conclusion:\n  date", '  - date: "2026-06-25"\n    type: progress\nconclusion:\n  date'))
    expect(run, minimal_repo, f"{C2}:25:11: 日期 date：“2026-06-25” 晚于办结日期 2026-06-20：办结后只能有回访记录")


def test_case_dates_bad_future(minimal_repo: Path, run) -> None:
    expect(run, minimal_repo,
           f"{C2}:13:11: 收到日期 received：“2026-05-06” 晚于今天（2026-05-05）",
           f"{C2}:14:11: 受理日期 accepted：“2026-05-08” 晚于今天（2026-05-05）",
           f"{C2}:18:11: 日期 date：“2026-05-06” 晚于今天（2026-05-05）",
           f"{C2}:20:11: 日期 date：“2026-05-09” 晚于今天（2026-05-05）",
           f"{C2}:23:11: 日期 date：“2026-06-20” 晚于今天（2026-05-05）",
           f"{C2}:26:9: 办结日期 date：“2026-06-20” 晚于今天（2026-05-05）",
           today="2026-05-05")


def test_case_dates_bad_package_before_received(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ('since: "2026-03-12"', 'since: "2026-03-09"'))
    expect(run, minimal_repo, f"{C1}:23:10: 包案日期 since：“2026-03-09” 早于收到日期 2026-03-10")


# -- case_status -----------------------------------------------------------------------------------------

def test_case_status_good_registered(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ('accepted: "2026-05-08"\nstatus: concluded', "status: registered"))
    text = (minimal_repo / C2).read_text(encoding="utf-8")
    (minimal_repo / C2).write_text(text[:text.index('  - date: "2026-05-09"')], encoding="utf-8")
    expect(run, minimal_repo, today="2026-05-10")


def test_case_status_bad_concluded_without_conclusion(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("status: assigned", "status: concluded"))
    expect(run, minimal_repo, f"{C1}:19:9: 办理状态 status：“concluded”（已办结）与记录不符：应有受理日期、办结信息和办结记录")


def test_case_status_bad_assigned_without_assignment(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("    type: assignment\n    unit: U-A", "    type: progress"))
    expect(run, minimal_repo, f"{C1}:19:9: 办理状态 status：“assigned”（已交办）与记录不符：应有受理日期和交办记录，不应有办结")


def test_case_status_bad_conclusion_dates_differ(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ('- date: "2026-06-20"', '- date: "2026-06-19"'))
    expect(run, minimal_repo, f"{C2}:23:11: 日期 date：办结记录日期 2026-06-19 与办结日期 2026-06-20 不一致")


def test_case_status_bad_reason_without_refusal(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("status: concluded", "status: concluded\nnot_accepted_reason: 不属于工会受理范围。"))
    expect(run, minimal_repo, f"{C2}:16:22: 不予受理理由 not_accepted_reason：只有不予受理的事项才写不予受理理由")


# -- case_acceptance (warnings) ----------------------------------------------------------------------------

def test_case_acceptance_good_within_15_days(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ('accepted: "2026-05-08"', 'accepted: "2026-05-21"'),
           ('- date: "2026-05-09"', '- date: "2026-05-21"'))
    expect(run, minimal_repo)


def test_case_acceptance_bad_late(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ('accepted: "2026-05-08"', 'accepted: "2026-05-22"'),
           ('- date: "2026-05-09"', '- date: "2026-05-22"'))
    expect(run, minimal_repo, f"{C2}:14:11: 警告：受理日期 accepted：“2026-05-22” 超过受理期限 2026-05-21（收到之日起 15 日）")


def test_case_acceptance_bad_still_registered(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ('accepted: "2026-05-08"\nstatus: concluded', "status: registered"))
    text = (minimal_repo / C2).read_text(encoding="utf-8")
    (minimal_repo / C2).write_text(text[:text.index('  - date: "2026-05-09"')], encoding="utf-8")
    expect(run, minimal_repo, f"{C2}:14:9: 警告：办理状态 status：收到已超过 15 日（受理期限 2026-05-21），仍未决定是否受理")


# -- case_deadline -----------------------------------------------------------------------------------------

EXTENSION = "extension:\n  days: 30\n  reason: 涉及多个部门，需协调。\n  approved: \"{approved}\"\npackage:"


def test_case_deadline_good_extension_in_time(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("package:", EXTENSION.format(approved="2026-05-08")))
    status, found = problems(run, minimal_repo)
    # the extension moves the deadline from 2026-05-11 to 2026-06-10: still overdue on 2026-07-01, with the new date
    assert found == [f"{C1}:19:9: 警告：办理状态 status：已超期：办结期限 2026-06-10，截至 2026-07-01 仍未办结"]
    assert status == 0


def test_case_deadline_good_not_overdue_on_the_deadline(minimal_repo: Path, run) -> None:
    (minimal_repo / C2).unlink()  # concluded in June: its dates would lie in the future of May
    expect(run, minimal_repo, today="2026-05-11")


def test_case_deadline_bad_overdue(minimal_repo: Path, run) -> None:
    (minimal_repo / C2).unlink()
    expect(run, minimal_repo, f"{C1}:19:9: 警告：办理状态 status：已超期：办结期限 2026-05-11，截至 2026-05-12 仍未办结",
           today="2026-05-12")


def test_case_deadline_bad_extension_approved_late(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("package:", EXTENSION.format(approved="2026-05-12")))
    expect(run, minimal_repo,
           f"{C1}:24:13: 批准日期 approved：“2026-05-12” 晚于原办结期限 2026-05-11：延期须在期限届满前批准",
           f"{C1}:19:9: 警告：办理状态 status：已超期：办结期限 2026-06-10，截至 2026-07-01 仍未办结")


def test_case_deadline_bad_extension_too_long(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("package:", EXTENSION.format(approved="2026-05-08").replace("days: 30", "days: 31")))
    # the case failed its schema: the schedule's link to it is not reported as missing (no cascade)
    expect(run, minimal_repo, f"{C1}:22:9: 延长天数 days：31 超过最大值 30")


def test_case_deadline_bad_extension_without_reason(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("package:", EXTENSION.format(approved="2026-05-08").replace("  reason: 涉及多个部门，需协调。\n", "")))
    expect(run, minimal_repo, f"{C1}:22:3: 延期 extension中缺少必填项 延期理由 reason")


# -- case_package ------------------------------------------------------------------------------------------

def test_case_package_good_withheld_with_reason(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("disclosure: public", "disclosure: withheld\n  withheld_reason: 涉及企业商业秘密，暂不公开。"))
    expect(run, minimal_repo)


def test_case_package_bad_withheld_without_reason(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("disclosure: public", "disclosure: withheld"))
    expect(run, minimal_repo, f"{C1}:25:15: 公开方式 disclosure：暂不公开（withheld）须写明暂不公开理由 withheld_reason")


def test_case_package_bad_public_with_reason(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("disclosure: public", "disclosure: public\n  withheld_reason: 不需要。"))
    expect(run, minimal_repo, f"{C1}:26:20: 暂不公开理由 withheld_reason：公开的包案不应有暂不公开理由")


def test_case_package_bad_public_without_summary(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("public_summary: 李某反映所在企业拖欠三个月工资。\n", ""))
    expect(run, minimal_repo, f"{C1}:24:15: 公开方式 disclosure：公开的包案须有公开摘要 public_summary",
           f"{C1}:18:9: 警告：办理状态 status：已超期：办结期限 2026-05-11，截至 2026-07-01 仍未办结")


def test_case_package_bad_no_scope_reason(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("scope: [protracted]", "scope: []"))
    expect(run, minimal_repo, f"{C1}:24:10: 包案理由 scope：至少要有一项")


# -- case_channel ------------------------------------------------------------------------------------------

def test_case_channel_good_letter_to_a_leader(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("addressee: chairman", "addressee: leader\n  leader: L-QIAN"),
           ("    type: registration\n", '    type: registration\n  - date: "2026-05-07"\n    type: instruction\n    leader: L-QIAN\n'))
    (minimal_repo / C2).write_text((minimal_repo / C2).read_text(encoding="utf-8")
                                   + 'result_reports:\n  - {date: "2026-06-22", to: L-QIAN}\n', encoding="utf-8")
    expect(run, minimal_repo)


def test_case_channel_good_forwarded_letter(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("addressee: chairman", "addressee: forwarded\n  forwarded_by: 国家信访局\n  routed_to: L-QIAN"))
    expect(run, minimal_repo)


def test_case_channel_bad_letter_on_a_call(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("channel: letter", "channel: call"))
    expect(run, minimal_repo, f"{C2}:5:3: 来信信息 letter：来源渠道为 call，不应填写此项（仅 letter 填写）")


def test_case_channel_bad_visit_without_reception(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("channel: letter\nletter:\n  addressee: chairman", "channel: visit"))
    expect(run, minimal_repo, f"{C2}:3:10: 来源渠道 channel：来源渠道为 visit，须填写 登记场次 reception")


def test_case_channel_bad_leader_letter_without_leader(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("addressee: chairman", "addressee: leader"))
    expect(run, minimal_repo, f"{C2}:5:14: 收信对象 addressee：写给党组、书记处领导个人的来信须填写收信领导 leader")


def test_case_channel_bad_leader_role(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("addressee: chairman", "addressee: former_leader\n  leader: L-QIAN"))
    expect(run, minimal_repo, f"{C2}:6:11: 收信领导 leader：“L-QIAN” 的身份是 party_group，与收信对象 former_leader 不符")


def test_case_channel_bad_urgent_not_reported(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("addressee: chairman", "addressee: chairman\n  urgent: true"))
    expect(run, minimal_repo, f"{C2}:6:11: 重大紧急 urgent：反映重大紧急情况的来信须立即上报，请填写上报日期 reported")


def test_case_channel_bad_unsigned_not_routed(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("addressee: chairman", "addressee: unsigned"))
    expect(run, minimal_repo, f"{C2}:5:14: 收信对象 addressee：无具体署名来信和转来来信须填写呈报领导 routed_to")


def test_case_channel_bad_forwarded_without_organ(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("addressee: chairman", "addressee: forwarded\n  routed_to: L-QIAN"))
    expect(run, minimal_repo, f"{C2}:5:14: 收信对象 addressee：转来来信须填写转来机关 forwarded_by")


# -- case_history_fields ---------------------------------------------------------------------------------

SUPERVISION = '  - date: "2026-04-01"\n    type: supervision\n    unit: U-A\n    method: phone\n    deadline: "{deadline}"\n'


def test_case_history_fields_good_supervision(minimal_repo: Path, run) -> None:
    with (minimal_repo / C1).open("a", encoding="utf-8") as handle:
        handle.write(SUPERVISION.format(deadline="2026-04-15") + '    reported: "2026-04-14"\n')
    expect(run, minimal_repo)


def test_case_history_fields_bad_assignment_without_unit(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("    type: assignment\n    unit: U-B", "    type: assignment"))
    expect(run, minimal_repo, f"{C2}:21:11: 记录类型 type：交办记录须填写 责任单位 unit")


def test_case_history_fields_bad_method_outside_supervision(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("    unit: U-B", "    unit: U-B\n    method: phone"))
    expect(run, minimal_repo, f"{C2}:23:13: 督办方式 method：只有督办记录填写督办方式")


def test_case_history_fields_bad_deadline_before_record(minimal_repo: Path, run) -> None:
    with (minimal_repo / C1).open("a", encoding="utf-8") as handle:
        handle.write(SUPERVISION.format(deadline="2026-03-31") + '    reported: "2026-04-14"\n')
    expect(run, minimal_repo, f"{C1}:38:15: 办理期限 deadline：“2026-03-31” 早于记录日期 2026-04-01")


def test_case_history_fields_bad_supervision_overdue(minimal_repo: Path, run) -> None:
    with (minimal_repo / C1).open("a", encoding="utf-8") as handle:
        handle.write(SUPERVISION.format(deadline="2026-04-15"))
    expect(run, minimal_repo, f"{C1}:38:15: 警告：办理期限 deadline：督办期限 2026-04-15 已过，责任单位仍未报告")


# -- schedule_receptions ---------------------------------------------------------------------------------

def test_schedule_receptions_good_rescheduled(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ("    status: planned", '    status: rescheduled\n    rescheduled_to: "2026-04-21"\n    announced: "2026-04-07"'))
    expect(run, minimal_repo)


def test_schedule_receptions_bad_year_and_file(minimal_repo: Path, run) -> None:
    (minimal_repo / SCHEDULE).rename(minimal_repo / "schedules" / "2025.yaml")
    expect(run, minimal_repo, "schedules/2025.yaml:2:7: 年份 year：2026 与文件名 2025.yaml 不一致",
           PLANNED_02.replace("2026.yaml", "2025.yaml"))


def test_schedule_receptions_bad_held_in_future(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ('date: "2026-04-14"', 'date: "2026-08-11"'),
           ("    status: planned", "    status: held\n    attendance: 3"))
    expect(run, minimal_repo, f"{SCHEDULE}:21:13: 状态 status：接访日期 2026-08-11 还没到，不能标为已接访（held）")


def test_schedule_receptions_bad_held_without_attendance(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ("    status: planned", "    status: held"))
    status, found = problems(run, minimal_repo)
    assert found == [  # the printed order: by place, then message (a held thematic reception records its outcome too)
        f"{SCHEDULE}:21:13: 警告：状态 status：专题接访已举行，请记录专题接访成果 outcome：解决措施 measures、"
        "政策主张和对策 proposals、跟进事项 follow_up（跟进单位、任务、完成期限）",
        f"{SCHEDULE}:21:13: 状态 status：已接访须填写接待人数 attendance"]
    assert status == 1


def test_schedule_receptions_bad_rescheduled_without_date(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ("    status: planned", '    status: rescheduled\n    announced: "2026-04-07"'))
    expect(run, minimal_repo, f"{SCHEDULE}:21:13: 状态 status：已改期须填写改期至 rescheduled_to")


def test_schedule_receptions_bad_cancelled_without_notice(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ("    status: planned", "    status: cancelled"))
    expect(run, minimal_repo, f"{SCHEDULE}:21:13: 状态 status：改期或取消须提前告知，请填写公告日期 announced")


def test_schedule_receptions_bad_thematic_without_topic(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ("    topic: wages\n", ""))
    expect(run, minimal_repo, f"{SCHEDULE}:16:11: 接访方式 mode：专题接访须填写专题 topic", PLANNED_02.replace(":21:", ":20:"))


def test_schedule_receptions_bad_id_year(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ("id: JF-2026-02", "id: JF-2025-02"))
    expect(run, minimal_repo, f"{SCHEDULE}:13:9: 编号 id：“JF-2025-02” 的年份与计划年份 2026 不一致")


# -- unique_ids ------------------------------------------------------------------------------------------

def test_unique_ids_good(minimal_repo: Path, run) -> None:
    expect(run, minimal_repo)


def test_unique_ids_bad_reception(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ("id: JF-2026-02", "id: JF-2026-01"))
    expect(run, minimal_repo, f"{SCHEDULE}:13:9: 编号 id：“JF-2026-01” 重复（{SCHEDULE} 第 1 场 已有）",
           # the later of the two wins the lookup, so the visit's link is checked against the wrong one
           f"{C1}:4:12: 登记场次 reception：“JF-2026-01” 的日期是 2026-04-14，与收到日期 2026-03-10 不一致")


def test_unique_ids_bad_leader(minimal_repo: Path, run) -> None:
    change(minimal_repo, LEADERS, ("id: L-OLD", "id: L-QIAN"))
    expect(run, minimal_repo, f"{LEADERS}:9:9: 编号 id：“L-QIAN” 重复",
           f"{SCHEDULE}:17:13: 接访领导 leader：“L-QIAN” 在 2026 年不在任")


def test_unique_ids_bad_case(minimal_repo: Path, run) -> None:
    (minimal_repo / "cases" / "2026" / "XF-2026-0003.yaml").write_bytes((minimal_repo / C2).read_bytes())
    expect(run, minimal_repo,
           "cases/2026/XF-2026-0003.yaml:2:5: 编号 id：“XF-2026-0002” 与 cases/2026/XF-2026-0002.yaml 重复",
           "cases/2026/XF-2026-0003.yaml:2:5: 编号 id：“XF-2026-0002” 与文件名 XF-2026-0003.yaml 不一致：编号必须等于文件名")


# -- references ------------------------------------------------------------------------------------------

def test_references_good(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("    unit: U-B", "    unit: U-B\n    leader: L-ZHAO"))
    expect(run, minimal_repo)


def test_references_bad_leader_in_history(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("    unit: U-B", "    unit: U-B\n    leader: L-WHO"))
    expect(run, minimal_repo, f"{C2}:23:13: 领导 leader：“L-WHO” 不存在：reference/leaders.yaml 中没有这个领导")


def test_references_bad_unit_in_history(minimal_repo: Path, run) -> None:
    change(minimal_repo, C2, ("    unit: U-B", "    unit: U-C"))
    expect(run, minimal_repo, f"{C2}:22:11: 责任单位 unit：“U-C” 不存在：reference/units.yaml 中没有这个单位")


def test_references_bad_reception_leader(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ("leader: L-QIAN", "leader: L-SUN"))
    expect(run, minimal_repo, f"{SCHEDULE}:17:13: 接访领导 leader：“L-SUN” 不存在：reference/leaders.yaml 中没有这个领导")


def test_references_bad_visit_on_another_day(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ('date: "2026-03-10"', 'date: "2026-03-03"'))
    expect(run, minimal_repo, f"{C1}:4:12: 登记场次 reception：“JF-2026-01” 的日期是 2026-03-03，与收到日期 2026-03-10 不一致")


def test_references_bad_visit_not_listed(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ("    registered_cases: [XF-2026-0001]\n", ""))
    expect(run, minimal_repo, f"{C1}:4:12: 登记场次 reception：“JF-2026-01” 的登记事项 registered_cases 中没有本事项 XF-2026-0001",
           PLANNED_02.replace(":21:", ":20:"))


# -- leaders_in_office -----------------------------------------------------------------------------------

def test_leaders_in_office_good(minimal_repo: Path, run) -> None:
    change(minimal_repo, LEADERS, ("from_year: 2021", "from_year: 2026\n    to_year: 2026"))
    expect(run, minimal_repo)


def test_leaders_in_office_bad_reception(minimal_repo: Path, run) -> None:
    change(minimal_repo, SCHEDULE, ("leader: L-QIAN", "leader: L-OLD"))
    expect(run, minimal_repo, f"{SCHEDULE}:17:13: 接访领导 leader：“L-OLD” 在 2026 年不在任")


def test_leaders_in_office_bad_package(minimal_repo: Path, run) -> None:
    change(minimal_repo, C1, ("  leader: L-ZHAO", "  leader: L-OLD"))
    expect(run, minimal_repo, f"{C1}:22:11: 包案领导 leader：“L-OLD” 在 2026 年不在任，不能包案")


# -- reference_sanity ------------------------------------------------------------------------------------

def test_reference_sanity_good(minimal_repo: Path, run) -> None:
    change(minimal_repo, LEADERS, ("to_year: 2019", "to_year: 2010"))
    expect(run, minimal_repo)


def test_reference_sanity_bad(minimal_repo: Path, run) -> None:
    change(minimal_repo, LEADERS, ("to_year: 2019", "to_year: 2009"))
    expect(run, minimal_repo, f"{LEADERS}:20:14: 任职截止年 to_year：2009 早于任职起始年 2010")


# -- reception_slots (more in test_editor_day.py) ----------------------------------------------------------

_ROOM_TAKEN = ('  - id: JF-2026-03\n    date: "2026-04-14"\n    session: {session}\n    mode: fixed\n    leader: L-ZHAO\n'
               '    location: 测试市总工会信访接待室\n    status: held\n    attendance: 2\n')


def test_reception_slots_good(minimal_repo: Path, run) -> None:
    with (minimal_repo / SCHEDULE).open("a", encoding="utf-8") as out:
        out.write(_ROOM_TAKEN.format(session="pm"))
    expect(run, minimal_repo)


def test_reception_slots_bad(minimal_repo: Path, run) -> None:
    with (minimal_repo / SCHEDULE).open("a", encoding="utf-8") as out:
        out.write(_ROOM_TAKEN.format(session="am"))
    expect(run, minimal_repo, f"{SCHEDULE}:27:15: 地点 location：测试市总工会信访接待室 在 2026-04-14 上午 已安排接访 JF-2026-02："
                              "请改日期或时段 session")


# -- the rules are all covered ---------------------------------------------------------------------------

def test_every_rule_has_a_good_and_a_bad_test() -> None:
    """A rule added to validate.py without a good and a bad test here makes this fail."""
    own = [rule.name for rule in [*registry.file_rules(), *registry.repository_rules()]
           if rule.check.__module__ == validate.__name__]
    names = set(globals())
    missing = [name for name in own
               if not any(n.startswith(f"test_{name}_good") for n in names)
               or not any(n.startswith(f"test_{name}_bad") for n in names)]
    assert len(own) == 14
    assert missing == []
