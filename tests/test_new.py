"""``xinfang new case`` / ``new reception`` / ``new code``: scaffolds that validate as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import schema_dir
from generator.scaffold import QUERY_ALPHABET, QUERY_LENGTH, new_query_code, register_at_reception

CODE = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")
TODAY = "2026-07-01"


def _errors(run, root: Path, today: str = TODAY) -> list[str]:
    result = run(root, "validate", "--today", today)
    return [line for line in result.output.splitlines() if ": " in line and "警告：" not in line]


def _code_of(output: str) -> str:
    return next(line.removeprefix("查询码：") for line in output.splitlines() if line.startswith("查询码："))


def test_query_codes_are_random_unambiguous_and_at_least_60_bits() -> None:
    codes = {new_query_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(CODE.match(c) for c in codes)
    assert len(set(QUERY_ALPHABET)) == 32 and not set("01IO") & set(QUERY_ALPHABET)
    assert len(QUERY_ALPHABET) ** QUERY_LENGTH >= 2 ** 60


def test_new_case_writes_a_valid_scaffold_with_placeholder_warnings(minimal_repo: Path, run) -> None:
    result = run(minimal_repo, "new", "case", "--today", TODAY)
    assert result.exit_code == 0, result.output
    code = _code_of(result.output)
    assert CODE.match(code)
    assert result.output.splitlines()[0] == "已新建 cases/2026/XF-2026-0003.yaml（编号 XF-2026-0003）。"
    file = minimal_repo / "cases/2026/XF-2026-0003.yaml"
    lines = file.read_text(encoding="utf-8").splitlines()
    schema_ref = lines[0].removeprefix("# yaml-language-server: $schema=")
    # relative to the repository's schemas/, never the tool's install path (issue 13 item 7: the line is committed)
    assert schema_ref == "../../schemas/case.schema.json"
    assert f'query_code: "{code}"  # 查询码：交给信访人查询进度；内部信息，绝不公开' in lines
    assert 'received: "2026-07-01"' in lines and "status: registered" in lines
    salt = (minimal_repo / "reference/lookup-salt.txt").read_text(encoding="utf-8")
    assert re.fullmatch(r"[0-9a-f]{32}\n", salt)
    checked = run(minimal_repo, "validate", "--today", TODAY)
    assert checked.exit_code == 0, checked.output
    mine = [line for line in checked.output.splitlines() if line.startswith("cases/2026/XF-2026-0003.yaml")]
    assert mine == [
        "cases/2026/XF-2026-0003.yaml:9:11: 警告：姓名 name：仍是占位文字“（待填写）信访人姓名”，请换成实际内容",
        "cases/2026/XF-2026-0003.yaml:14:13: 警告：省份 province：仍是占位文字“（待填写）省份”，请换成实际内容",
        "cases/2026/XF-2026-0003.yaml:15:8: 警告：公开标题 title：仍是占位文字“（待填写）匿名化的公开标题”，请换成实际内容",
        "cases/2026/XF-2026-0003.yaml:16:17: 警告：公开摘要 public_summary：仍是占位文字“（待填写）匿名化的公开摘要，人名写成张某、李某”，请换成实际内容",
        "cases/2026/XF-2026-0003.yaml:17:10: 警告：内部摘要 summary：仍是占位文字“（待填写）完整的情况记录”，请换成实际内容",
        "cases/2026/XF-2026-0003.yaml:23:11: 警告：内部记录 note：仍是占位文字“（待填写）登记情况”，请换成实际内容",
    ]
    # issue 17.9: the allowed codes with their labels, and a place for phone and employer
    assert "topic: other  # 问题类别，可选：labor_contract 劳动合同；wages 工资待遇；social_security 社会保障；" \
           "democratic_management 民主管理；labor_protection 劳动保护；other 其他" in lines
    assert lines[9:11] == ['    # phone: "13800000000"    # 电话：删去行首的“# ”再填写，号码加引号',
                           "    # employer: 信访人工作单位  # 工作单位：删去行首的“# ”再填写"]


def test_salt_and_secret_are_generated_once(minimal_repo: Path, run) -> None:
    first = run(minimal_repo, "new", "case", "--today", TODAY)
    assert first.output.splitlines()[-2:] == [
        "已生成 reference/lookup-salt.txt，请与事项文件一并提交（以后不要修改或删除，否则已发出的查询码将查不到）。",
        "已生成 reference/lookup-secret.txt，请与事项文件一并提交（以后不要修改或删除，否则已发出的查询码将查不到）。"]
    salt = (minimal_repo / "reference/lookup-salt.txt").read_text(encoding="utf-8")
    secret = (minimal_repo / "reference/lookup-secret.txt").read_text(encoding="utf-8")
    assert re.fullmatch(r"[0-9a-f]{32}\n", salt) and re.fullmatch(r"[0-9a-f]{64}\n", secret)
    second = run(minimal_repo, "new", "case", "--today", TODAY)
    assert "lookup-" not in second.output
    assert (minimal_repo / "reference/lookup-salt.txt").read_text(encoding="utf-8") == salt
    assert (minimal_repo / "reference/lookup-secret.txt").read_text(encoding="utf-8") == secret
    assert _code_of(first.output) not in second.output


def test_next_free_id_follows_the_highest_file(minimal_repo: Path, run) -> None:
    first = run(minimal_repo, "new", "case", "--today", TODAY)
    second = run(minimal_repo, "new", "case", "--today", TODAY)
    assert "XF-2026-0003" in first.output.splitlines()[0] and "XF-2026-0004" in second.output.splitlines()[0]
    assert _code_of(first.output) != _code_of(second.output)
    (minimal_repo / "cases/2026/XF-2026-0004.yaml").rename(minimal_repo / "cases/2026/XF-2026-0010.yaml")
    third = run(minimal_repo, "new", "case", "--today", TODAY)
    assert third.output.splitlines()[0] == "已新建 cases/2026/XF-2026-0011.yaml（编号 XF-2026-0011）。"
    new_year = run(minimal_repo, "new", "case", "--today", "2027-01-04")
    assert new_year.output.splitlines()[0] == "已新建 cases/2027/XF-2027-0001.yaml（编号 XF-2027-0001）。"


@pytest.mark.parametrize("channel", ["letter", "call", "online", "referral"])
def test_every_channel_scaffold_validates(minimal_repo: Path, run, channel: str) -> None:
    result = run(minimal_repo, "new", "case", "--channel", channel, "--today", TODAY)
    assert result.exit_code == 0, result.output
    text = (minimal_repo / "cases/2026/XF-2026-0003.yaml").read_text(encoding="utf-8")
    assert f"channel: {channel}\n" in text
    assert _errors(run, minimal_repo) == []


def test_visit_is_registered_at_the_reception_of_the_day(minimal_repo: Path, run) -> None:
    result = run(minimal_repo, "new", "case", "--channel", "visit", "--today", "2026-03-10")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "已在接访场次 JF-2026-01 的登记事项 registered_cases 中加入 XF-2026-0003。"
    schedule = (minimal_repo / "schedules/2026.yaml").read_text(encoding="utf-8")
    assert "    registered_cases: [XF-2026-0001, XF-2026-0003]\n" in schedule
    assert "reception: JF-2026-01\n" in (minimal_repo / "cases/2026/XF-2026-0003.yaml").read_text(encoding="utf-8")
    assert _errors(run, minimal_repo) == []


def test_visit_without_a_held_reception_that_day_is_refused(minimal_repo: Path, run) -> None:
    result = run(minimal_repo, "new", "case", "--channel", "visit", "--today", "2026-04-14")
    assert result.exit_code == 2
    assert "错误：JF-2026-02 还不是已接访（held）：请先在 schedules/2026.yaml 中更新状态和接待人数 attendance" in result.output
    other = run(minimal_repo, "new", "case", "--channel", "visit", "--today", "2026-05-05")
    assert other.exit_code == 2
    assert "错误：2026-05-05 没有接访场次：请用 --reception JF-… 指定来访登记的接访场次" in other.output
    assert not (minimal_repo / "cases/2026/XF-2026-0003.yaml").exists()


def test_year_must_be_the_year_received(minimal_repo: Path, run) -> None:
    result = run(minimal_repo, "new", "case", "--year", "2025", "--today", TODAY)
    assert result.exit_code == 2
    assert "错误：编号年份是收到年份：--year 2025 与收到日期 2026-07-01 不一致（可用 --today 指定收到日期）" in result.output


@pytest.mark.parametrize(("listed", "expected"), [
    ("    registered_cases:\n      - XF-2026-0001\n", "    registered_cases:\n      - XF-2026-0001\n      - XF-2026-0009\n"),
    ("    registered_cases: []\n", "    registered_cases: [XF-2026-0009]\n"),
    ("", "    registered_cases: [XF-2026-0009]\n"),
])
def test_register_at_reception_keeps_the_layout(tmp_path: Path, listed: str, expected: str) -> None:
    head = "# 计划\nyear: 2026\nreceptions:\n  - id: JF-2026-01\n    status: held  # 已接访\n"
    tail = "  - id: JF-2026-02\n    status: planned\n"
    file = tmp_path / "2026.yaml"
    file.write_text(head + listed + tail, encoding="utf-8")
    register_at_reception(file, "JF-2026-01", "XF-2026-0009")
    assert file.read_text(encoding="utf-8") == head + expected + tail


# -- receptions ----------------------------------------------------------------------------------------

def test_new_fixed_reception_goes_on_the_next_second_tuesday(minimal_repo: Path, run) -> None:
    before = (minimal_repo / "schedules/2026.yaml").read_text(encoding="utf-8")
    result = run(minimal_repo, "new", "reception", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.output == "已追加到 schedules/2026.yaml：JF-2026-03，2026-07-14，L-ZHAO。\n"
    after = (minimal_repo / "schedules/2026.yaml").read_text(encoding="utf-8")
    assert after == before + (
        "  - id: JF-2026-03\n"
        "    date: \"2026-07-14\"\n"
        "    session: am\n"
        "    mode: fixed\n"
        "    leader: L-ZHAO\n"
        "    location: 测试市总工会信访接待室\n"
        "    status: planned\n")
    assert _errors(run, minimal_repo) == []


def test_every_mode_validates(minimal_repo: Path, run) -> None:
    assert run(minimal_repo, "new", "reception", "--mode", "thematic", "--date", "2026-07-20", "--leader", "L-QIAN",
               "--session", "pm", "--subject", "高温津贴专题接访", "--today", TODAY).exit_code == 0
    assert run(minimal_repo, "new", "reception", "--mode", "appointment", "--case", "XF-2026-0001",
               "--case", "XF-2026-0002", "--date", "2026-07-21", "--today", TODAY).exit_code == 0
    result = run(minimal_repo, "new", "reception", "--mode", "field", "--case", "XF-2026-0001",
                 "--location", "某区建筑工地: 项目部", "--today", TODAY)
    assert result.output == "已追加到 schedules/2026.yaml：JF-2026-05，2026-07-01，L-ZHAO。\n"
    text = (minimal_repo / "schedules/2026.yaml").read_text(encoding="utf-8")
    assert "    cases: [XF-2026-0001, XF-2026-0002]\n" in text
    assert "    subject: 高温津贴专题接访\n" in text and '    location: "某区建筑工地: 项目部"\n' in text
    assert _errors(run, minimal_repo) == []


@pytest.mark.parametrize(("args", "message"), [
    (("--mode", "thematic"), "错误：专题接访须用 --subject 写明接访主题（将在公开的接访安排中显示）"),
    (("--mode", "field", "--case", "XF-2026-0001"), "错误：带案下访须用 --location 写明下访地点（将在公开的接访安排中显示）"),
])
def test_what_the_public_calendar_shows_is_asked_for_not_left_as_placeholder(minimal_repo: Path, run, args, message) -> None:
    before = (minimal_repo / "schedules/2026.yaml").read_text(encoding="utf-8")
    result = run(minimal_repo, "new", "reception", *args, "--today", TODAY)
    assert (result.exit_code, result.output.splitlines()[-1]) == (2, message)
    assert (minimal_repo / "schedules/2026.yaml").read_text(encoding="utf-8") == before


def test_new_reception_twice_takes_two_free_slots(minimal_repo: Path, run) -> None:
    """Issue 17.4: run twice without options, the second goes to the next fixed day, not the same slot."""
    first = run(minimal_repo, "new", "reception", "--today", TODAY)
    second = run(minimal_repo, "new", "reception", "--today", TODAY)
    assert first.output == "已追加到 schedules/2026.yaml：JF-2026-03，2026-07-14，L-ZHAO。\n"
    assert second.output == "已追加到 schedules/2026.yaml：JF-2026-04，2026-08-11，L-ZHAO。\n"
    # another leader on the room's taken day is moved too; a day given outright is refused, file unchanged
    third = run(minimal_repo, "new", "reception", "--mode", "thematic", "--subject", "专题", "--leader", "L-QIAN",
                "--date", "2026-07-14", "--today", TODAY)
    assert (third.exit_code, third.output.splitlines()[-1]) == (
        2, "错误：2026-07-14 上午已有接访 JF-2026-03（同一领导或同一接待室），请换 --date 或 --session，或不写 --date 由工具选下一个空闲日")
    fourth = run(minimal_repo, "new", "reception", "--mode", "appointment", "--case", "XF-2026-0001",
                 "--today", "2026-07-14")
    assert fourth.output == "已追加到 schedules/2026.yaml：JF-2026-05，2026-07-15，L-ZHAO。\n"
    assert _errors(run, minimal_repo) == []


def test_new_year_schedule_is_created_with_its_modeline(minimal_repo: Path, run) -> None:
    result = run(minimal_repo, "new", "reception", "--year", "2027", "--today", TODAY)
    assert result.output == "已新建 schedules/2027.yaml：JF-2027-01，2027-01-12，L-ZHAO。\n"
    lines = (minimal_repo / "schedules/2027.yaml").read_text(encoding="utf-8").splitlines()
    ref = lines[0].removeprefix("# yaml-language-server: $schema=")
    assert ref == "../schemas/schedule.schema.json"
    assert lines[1:4] == ["year: 2027", "receptions:", "  - id: JF-2027-01"]
    assert _errors(run, minimal_repo) == []


def test_empty_flow_plan_becomes_a_block_list(minimal_repo: Path, run) -> None:
    (minimal_repo / "schedules/2027.yaml").write_text("year: 2027\nreceptions: []\n", encoding="utf-8")
    result = run(minimal_repo, "new", "reception", "--date", "2027-02-09", "--today", TODAY)
    assert result.exit_code == 0, result.output
    text = (minimal_repo / "schedules/2027.yaml").read_text(encoding="utf-8")
    assert text.startswith("year: 2027\nreceptions:\n  - id: JF-2027-01\n    date: \"2027-02-09\"\n")
    assert _errors(run, minimal_repo) == []


@pytest.mark.parametrize(("args", "message"), [
    (("--mode", "appointment"), "错误：重点约访、带案下访须用 --case XF-… 指定涉及的信访事项（可多次使用）"),
    (("--case", "XF-2026-0001"), "错误：只有重点约访（appointment）和带案下访（field）填写 --case"),
    (("--leader", "L-OLD"), "错误：L-OLD 不是 2026 年在任的领导（见 reference/leaders.yaml）"),
    (("--year", "2027", "--date", "2026-12-08"), "错误：--date 2026-12-08 不在 --year 2027 年内"),
])
def test_reception_usage_errors(minimal_repo: Path, run, args: tuple[str, ...], message: str) -> None:
    before = (minimal_repo / "schedules/2026.yaml").read_text(encoding="utf-8")
    result = run(minimal_repo, "new", "reception", *args, "--today", TODAY)
    assert result.exit_code == 2
    assert message in result.output
    assert (minimal_repo / "schedules/2026.yaml").read_text(encoding="utf-8") == before


def test_duplicate_query_codes_are_an_error(minimal_repo: Path, run) -> None:
    """Neither the malformed code nor the duplicated one is printed (messages reach CI logs and PR comments).

    Checked to fail: without the ``x-secret`` branch of ``Schema._word`` the first message quotes the code."""
    code = _code_of(run(minimal_repo, "new", "case", "--today", TODAY).output)
    run(minimal_repo, "new", "case", "--today", TODAY)
    second = minimal_repo / "cases/2026/XF-2026-0004.yaml"
    text = second.read_text(encoding="utf-8")
    other = re.search(r'query_code: "([^"]+)"', text).group(1)
    second.write_text(text.replace(other, code.lower().replace("-", " ")), encoding="utf-8")
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "query_code" in line] == [
        "cases/2026/XF-2026-0004.yaml:4:13: 查询码 query_code：格式不对（内容不予显示），应为 12 位字母和数字、分三组，"
        "请用 xinfang code 生成"]
    second.write_text(text.replace(other, code), encoding="utf-8")
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert [line for line in result.output.splitlines() if "query_code" in line] == [
        "cases/2026/XF-2026-0004.yaml:4:13: 查询码 query_code：与 cases/2026/XF-2026-0003.yaml 的查询码相同，"
        "请运行 xinfang code XF-2026-0004 --replace 换发新查询码，并告知信访人",
    ]
    assert code not in result.output and code.lower().replace("-", " ") not in result.output


def test_new_code_prints_one_fresh_code(minimal_repo: Path, run) -> None:
    result = run(minimal_repo, "new", "code")
    assert result.exit_code == 0 and CODE.match(result.output.strip())


def test_modeline_points_at_the_repository_schemas_when_it_has_them(minimal_repo: Path, run) -> None:
    import shutil

    shutil.copytree(schema_dir(), minimal_repo / "schemas")
    run(minimal_repo, "new", "case", "--today", TODAY)
    run(minimal_repo, "new", "reception", "--year", "2027", "--today", TODAY)
    case = (minimal_repo / "cases/2026/XF-2026-0003.yaml").read_text(encoding="utf-8").splitlines()[0]
    plan = (minimal_repo / "schedules/2027.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert case == "# yaml-language-server: $schema=../../schemas/case.schema.json"
    assert plan == "# yaml-language-server: $schema=../schemas/schedule.schema.json"


def test_visit_whose_reception_cannot_be_edited_leaves_no_case(minimal_repo: Path, run) -> None:
    schedule = minimal_repo / "schedules/2026.yaml"
    edit_text = schedule.read_text(encoding="utf-8").replace("registered_cases: [XF-2026-0001]", "registered_cases: XF-2026-0001")
    schedule.write_text(edit_text, encoding="utf-8")
    result = run(minimal_repo, "new", "case", "--channel", "visit", "--today", "2026-03-10")
    assert result.exit_code == 2
    assert "错误：JF-2026-01 的 registered_cases 写法无法自动追加，请手工加入 XF-2026-0003" in result.output
    assert not (minimal_repo / "cases/2026/XF-2026-0003.yaml").exists()
    assert schedule.read_text(encoding="utf-8") == edit_text
