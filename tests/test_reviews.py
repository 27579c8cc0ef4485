"""复查、复核、满意度征询、重新办理: each clock and ordering rule with a good and a bad file, exact positions.

The minimal repository's XF-2026-0002 was answered in writing (concluded) on 2026-06-20, satisfied:
- 复查 may be requested until rules.review_request_due(2026-06-20) = 2026-07-20;
- a request of 2026-07-10 is answered by rules.review_answer_due = 2026-08-10 (08-09 is a Sunday);
- a 复查 answered 2026-08-05 opens the 复核 window until 2026-09-04;
- a request of 2026-08-20 is due 2026-09-20 (a Sunday that is an adjusted working day, 调休上班).
"""

from __future__ import annotations

from pathlib import Path

from datetime import date

from generator import rules

CASE = "cases/2026/XF-2026-0002.yaml"
NEW = "cases/2026/XF-2026-0003.yaml"
LATE_TODAY = "2026-11-26"


def _append(root: Path, text: str, case: str = CASE) -> None:
    path = root / case
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _lines(run, root: Path, today: str = LATE_TODAY, case: str = CASE) -> list[str]:
    result = run(root, "validate", "--today", today)
    return [line for line in result.output.splitlines() if line.startswith(case)]


def _reviews(*items: str) -> str:
    return "reviews:\n" + "".join(items)


def _item(kind: str, requested: str, answered: str | None = None, result: str | None = "upheld",
          organ: str = "测试省总工会") -> str:
    text = f"  - kind: {kind}\n    requested: \"{requested}\"\n    organ: {organ}\n"
    if answered:
        text += f"    answered: \"{answered}\"\n"
    if answered and result:
        text += f"    result: {result}\n    public_opinion: 维持原处理意见。\n"
    return text


# The appended `reviews:` starts on line 29 of XF-2026-0002; each item above takes 3 lines (+3 when answered).

def test_worked_examples_of_the_clocks() -> None:
    assert rules.review_request_due(date(2026, 6, 20)) == date(2026, 7, 20)
    assert rules.review_answer_due(date(2026, 7, 10)) == date(2026, 8, 10)
    assert rules.review_request_due(date(2026, 8, 5)) == date(2026, 9, 4)
    assert rules.review_answer_due(date(2026, 8, 20)) == date(2026, 9, 20)


def test_review_then_re_review_in_time_is_clean(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-10", "2026-08-05"),
                                   _item("re_review", "2026-08-20", "2026-09-18")))
    result = run(minimal_repo, "validate", "--today", LATE_TODAY)
    assert result.exit_code == 0, result.output
    assert _lines(run, minimal_repo) == []


def test_review_request_after_30_days_accepted_is_an_error(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-21", "2026-08-05")))
    assert _lines(run, minimal_repo) == [
        f"{CASE}:31:16: 请求日期 requested：“2026-07-21” 超过复查请求期限 2026-07-20（书面答复（办结日期） 2026-06-20 起 30 日内），"
        "应不予受理（答复结果应为 not_accepted）",
    ]
    assert run(minimal_repo, "validate", "--today", LATE_TODAY).exit_code == 1


def test_late_review_request_refused_is_clean(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-21", "2026-07-25", result="not_accepted")))
    assert _lines(run, minimal_repo) == []


def test_late_review_request_waiting_for_answer_is_a_warning(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-21")))
    assert _lines(run, minimal_repo, today="2026-07-25") == [
        f"{CASE}:31:16: 警告：请求日期 requested：“2026-07-21” 超过复查请求期限 2026-07-20（书面答复（办结日期） 2026-06-20 起 30 日内），应不予受理",
    ]


def test_re_review_without_review_is_an_error(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("re_review", "2026-07-10", "2026-08-05")))
    assert _lines(run, minimal_repo) == [
        f"{CASE}:30:11: 类别 kind：复核须在复查之后：请先记录复查请求（review）",
    ]


def test_re_review_before_the_review_is_answered_is_an_error(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-10", "2026-08-05"),
                                   _item("re_review", "2026-08-20", "2026-09-18")).replace('    answered: "2026-08-05"\n    result: upheld\n    public_opinion: 维持原处理意见。\n', ""))
    assert _lines(run, minimal_repo, today="2026-08-09") == [
        f"{CASE}:33:11: 类别 kind：复查尚未答复（没有答复日期 answered），不能请求复核",
    ]


def test_re_review_request_after_30_days_is_an_error(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-10", "2026-08-05"),
                                   _item("re_review", "2026-09-07", "2026-09-30")))
    assert _lines(run, minimal_repo) == [
        f"{CASE}:37:16: 请求日期 requested：“2026-09-07” 超过复核请求期限 2026-09-04（复查答复 2026-08-05 起 30 日内），"
        "应不予受理（答复结果应为 not_accepted）",
    ]


def test_re_review_requested_before_the_review_answer_is_an_error(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-10", "2026-08-05"),
                                   _item("re_review", "2026-08-01", "2026-08-20")))
    assert _lines(run, minimal_repo) == [
        f"{CASE}:37:16: 请求日期 requested：“2026-08-01” 早于复查答复 2026-08-05",
    ]


def test_second_review_and_anything_after_re_review_are_errors(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-10", "2026-08-05"),
                                   _item("review", "2026-08-06", "2026-08-20"),
                                   _item("re_review", "2026-08-20", "2026-09-18"),
                                   _item("re_review", "2026-09-20", "2026-09-25")))
    assert _lines(run, minimal_repo) == [
        f"{CASE}:36:11: 类别 kind：同一事项只能请求一次复查；不服复查意见的，请记为复核（re_review）",
        f"{CASE}:48:11: 类别 kind：复核意见为终结意见：复核之后不能再请求复查或复核",
    ]


def test_review_requested_before_the_written_answer_is_an_error(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-06-19", "2026-07-01")))
    assert _lines(run, minimal_repo) == [
        f"{CASE}:31:16: 请求日期 requested：“2026-06-19” 早于书面答复（办结日期） 2026-06-20",
    ]


def test_reviews_of_a_case_not_concluded_is_an_error(minimal_repo: Path, run) -> None:
    case = "cases/2026/XF-2026-0001.yaml"
    _append(minimal_repo, _reviews(_item("review", "2026-04-01")), case=case)
    assert _lines(run, minimal_repo, today="2026-04-02", case=case) == [
        # the package of 2026-03-12 has no plan 21 days on (duties.case_package_cadence): the fixture's own reminder
        f"{case}:23:10: 警告：包案日期 since：包案已 21 天，尚未制订包案实施方案 plan（包案之日起 15 天内，即 2026-03-27 前）",
        f"{case}:35:3: 复查复核 reviews：尚未办结、没有书面答复，不能请求复查或复核",
    ]


def test_organ_answering_after_30_days_is_flagged(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-10", "2026-08-11")))
    assert _lines(run, minimal_repo) == [
        f"{CASE}:33:15: 警告：答复日期 answered：“2026-08-11” 超过答复期限 2026-08-10（收到请求之日起 30 日内）",
    ]


def test_unanswered_request_past_its_deadline_is_flagged_only_after_it(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-10")))
    assert _lines(run, minimal_repo, today="2026-08-10") == []
    assert _lines(run, minimal_repo, today="2026-08-11") == [
        f"{CASE}:31:16: 警告：请求日期 requested：答复期限 2026-08-10 已过（收到请求之日起 30 日），截至 2026-08-11 仍未答复",
    ]


def test_answer_dates_and_results_are_consistent(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(
        _item("review", "2026-07-10", "2026-07-09"),
        "  - kind: re_review\n    requested: \"2026-07-20\"\n    organ: 测试省总工会\n    result: upheld\n"))
    assert _lines(run, minimal_repo) == [
        f"{CASE}:33:15: 答复日期 answered：“2026-07-09” 早于请求日期 2026-07-10",
        f"{CASE}:37:16: 警告：请求日期 requested：答复期限 2026-08-19 已过（收到请求之日起 30 日），截至 2026-11-26 仍未答复",
        f"{CASE}:39:13: 答复结果 result：尚未答复（没有答复日期 answered），不应填写此项",
    ]


def test_answer_without_result_is_an_error(minimal_repo: Path, run) -> None:
    _append(minimal_repo, _reviews(_item("review", "2026-07-10", "2026-08-01", result=None)))
    assert _lines(run, minimal_repo) == [f"{CASE}:33:15: 答复日期 answered：已答复，须填写答复结果 result"]


# -- 满意度征询 -----------------------------------------------------------------------------------------

def _asked(root: Path, when: str, method: str = "phone") -> None:
    _append(root, f"  satisfaction_asked:\n    date: \"{when}\"\n    method: {method}\n")


def test_satisfaction_asked_after_conclusion_is_clean(minimal_repo: Path, run) -> None:
    _asked(minimal_repo, "2026-06-25")
    assert _lines(run, minimal_repo) == []


def test_satisfaction_asked_before_conclusion_is_an_error(minimal_repo: Path, run) -> None:
    _asked(minimal_repo, "2026-06-19")
    assert _lines(run, minimal_repo) == [
        f"{CASE}:30:11: 征询日期 date：“2026-06-19” 早于办结日期 2026-06-20：办结后才能征询满意度",
    ]


def test_satisfaction_asked_needs_the_answer(minimal_repo: Path, run) -> None:
    path = minimal_repo / CASE
    path.write_text(path.read_text(encoding="utf-8").replace("  satisfaction: satisfied\n", ""), encoding="utf-8")
    _asked(minimal_repo, "2026-06-25", "visit")
    assert _lines(run, minimal_repo) == [
        f"{CASE}:29:5: 满意度征询 satisfaction_asked：已征询满意度，须填写满意度 satisfaction（满意、基本满意、不满意）",
    ]


def test_unknown_inquiry_method_names_the_choices(minimal_repo: Path, run) -> None:
    _asked(minimal_repo, "2026-06-25", "wechat")
    assert _lines(run, minimal_repo) == [
        f"{CASE}:31:13: 征询方式 method：“wechat” 不是可选的值；可选：phone（电话回访）、visit（当面回访）、letter（书面征询）、"
        "sms（短信征询）、online（网上评价）",
    ]


# -- 重新办理 ----------------------------------------------------------------------------------------------

NEW_CASE = """# yaml-language-server: $schema=../../../../../schemas/case.schema.json
id: XF-2026-0003
channel: call
petitioners:
  - name: 周测乙
topic: labor_contract
region:
  province: 河北省
title: 未签订劳动合同问题（重新办理）
summary: 周测乙回访时表示不满意，要求重新办理。
received: "2026-07-02"
reopens: XF-2026-0002
status: {status}
history:
  - date: "2026-07-02"
    type: registration
"""


def _reopen(root: Path, status: str = "registered", received: str = "2026-07-02") -> None:
    text = NEW_CASE.format(status=status).replace("2026-07-02", received)
    if status == "not_accepted":
        text += ("not_accepted_reason: 原事项已经复核，同一事项不再受理。\n"
                 f"not_accepted:\n  date: \"{received}\"\n  category: review_concluded\n")
    (root / NEW).write_text(text, encoding="utf-8")


def _unsatisfied(root: Path) -> None:
    path = root / CASE
    path.write_text(path.read_text(encoding="utf-8").replace("satisfaction: satisfied", "satisfaction: unsatisfied"),
                    encoding="utf-8")


def test_reopening_an_unsatisfied_case_is_clean(minimal_repo: Path, run) -> None:
    _unsatisfied(minimal_repo)
    _reopen(minimal_repo)
    assert _lines(run, minimal_repo, today="2026-07-03", case=NEW) == []


def test_reopening_a_satisfied_case_is_an_error(minimal_repo: Path, run) -> None:
    _reopen(minimal_repo)
    assert _lines(run, minimal_repo, today="2026-07-03", case=NEW) == [
        f"{NEW}:12:10: 重新办理原事项 reopens：“XF-2026-0002” 的满意度为满意：只有回访不满意的事项才重新办理",
    ]


def test_reopening_before_the_conclusion_is_an_error(minimal_repo: Path, run) -> None:
    _unsatisfied(minimal_repo)
    _reopen(minimal_repo, received="2026-06-19")
    assert _lines(run, minimal_repo, today="2026-07-03", case=NEW) == [
        f"{NEW}:11:11: 收到日期 received：“2026-06-19” 早于原事项 XF-2026-0002 的办结日期 2026-06-20",
    ]


def test_reopening_an_open_case_or_itself_is_an_error(minimal_repo: Path, run) -> None:
    _reopen(minimal_repo)
    edit_text = (minimal_repo / NEW).read_text(encoding="utf-8")
    (minimal_repo / NEW).write_text(edit_text.replace("reopens: XF-2026-0002", "reopens: XF-2026-0001"), encoding="utf-8")
    assert _lines(run, minimal_repo, today="2026-07-03", case=NEW) == [
        f"{NEW}:12:10: 重新办理原事项 reopens：“XF-2026-0001” 尚未办结：请在原事项中继续办理，不要重新登记",
    ]
    (minimal_repo / NEW).write_text(edit_text.replace("reopens: XF-2026-0002", "reopens: XF-2026-0003"), encoding="utf-8")
    assert _lines(run, minimal_repo, today="2026-07-03", case=NEW) == [
        f"{NEW}:12:10: 重新办理原事项 reopens：“XF-2026-0003” 是本事项自身",
    ]


def test_after_re_review_the_same_matter_is_not_accepted_again(minimal_repo: Path, run) -> None:
    _unsatisfied(minimal_repo)
    _append(minimal_repo, _reviews(_item("review", "2026-06-22", "2026-06-26"),
                                   _item("re_review", "2026-06-27", "2026-07-01")))
    _reopen(minimal_repo, received="2026-07-02")
    accepted = (minimal_repo / NEW).read_text(encoding="utf-8").replace(
        "status: registered\n", "accepted: \"2026-07-03\"\nstatus: accepted\n")
    (minimal_repo / NEW).write_text(accepted, encoding="utf-8")
    assert _lines(run, minimal_repo, today="2026-07-03", case=NEW) == [
        f"{NEW}:12:10: 重新办理原事项 reopens：“XF-2026-0002” 已经复核，复核意见为终结意见，同一事项不再受理："
        "本事项应为不予受理（status: not_accepted）",
    ]
    _reopen(minimal_repo, status="not_accepted", received="2026-07-02")
    assert _lines(run, minimal_repo, today="2026-07-03", case=NEW) == []


def test_reopening_a_missing_case_is_a_reference_error(minimal_repo: Path, run) -> None:
    _reopen(minimal_repo)
    text = (minimal_repo / NEW).read_text(encoding="utf-8").replace("reopens: XF-2026-0002", "reopens: XF-2026-0099")
    (minimal_repo / NEW).write_text(text, encoding="utf-8")
    assert _lines(run, minimal_repo, today="2026-07-03", case=NEW) == [
        f"{NEW}:12:10: 重新办理原事项 reopens：“XF-2026-0099” 不存在：cases/ 中没有这个信访事项",
    ]


# -- the model and the internal 办结单 --------------------------------------------------------------------

def test_model_and_conclusion_form_carry_inquiry_and_reviews(minimal_repo: Path, run) -> None:
    from generator.config import Paths
    from generator.internal.forms import conclusion, numbering
    from generator.internal.names import Names
    from generator.validate import check_repository

    _asked(minimal_repo, "2026-06-25")
    _append(minimal_repo, _reviews(_item("review", "2026-07-10", "2026-08-05"), _item("re_review", "2026-08-20")))
    repo = check_repository(Paths.at(minimal_repo), date(2026, 9, 1)).repository
    case = repo.case("XF-2026-0002")
    assert [(r.kind, r.answer_due, r.is_overdue(date(2026, 9, 21))) for r in case.reviews] == [
        ("review", date(2026, 8, 10), False), ("re_review", date(2026, 9, 20), True)]
    assert case.review_request_due == date(2026, 7, 20)
    assert (case.satisfaction_asked.date, case.satisfaction_asked.method) == (date(2026, 6, 25), "phone")
    fields = {f.label: f.value for row in conclusion(Names(repo), numbering(repo.cases), case).rows for f in row}
    assert fields["信访人意见"] == "满意（2026年6月25日 电话回访征询）"
    assert fields["复查复核"] == ("2026年7月10日 请求复查（测试省总工会，限 2026年8月10日 前答复），2026年8月5日 答复：维持原处理意见；"
                               "2026年8月20日 请求复核（测试省总工会，限 2026年9月20日 前答复），尚未答复")
