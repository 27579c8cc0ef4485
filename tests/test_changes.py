"""``xinfang changes``: the Markdown summary of a pull request, on a real temporary git repository whose
commits extend a deadline, conclude a case, make a withheld case public and reschedule a reception."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL, edit
from generator.changes import ChangesError, summarize_changes
from generator.config import Paths

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
CASE1 = "cases/2026/XF-2026-0001.yaml"
CASE2 = "cases/2026/XF-2026-0002.yaml"
PLAN = "schedules/2026.yaml"

WITHHELD = """units: [U-B]
package:
  leader: L-ZHAO
  since: "2026-05-08"
  scope: [policy]
  disclosure: withheld
  withheld_reason: 涉及企业商业秘密，暂不公开。
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=ENV, check=True)
    return done.stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A", ".")  # inside the temporary repository only
    git(root, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main: the minimal repository with XF-2026-0002 packaged but withheld; branch `pr`: three commits."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path_factory.mktemp("changes") / "repo"
    shutil.copytree(MINIMAL, root)
    edit(root / CASE2, "units: [U-B]\n", WITHHELD)
    git(root, "init", "-q", "-b", "main")
    commit(root, "初始案卷")
    git(root, "checkout", "-q", "-b", "pr")

    edit(root / CASE1, "units: [U-A]\n", "units: [U-A]\nextension:\n  days: 30\n  reason: 需会同劳动监察核实工资台账。\n"
                                         "  approved: \"2026-05-08\"\n")
    edit(root / CASE1, "    public_note: 交甲区总工会办理。\n",
         "    public_note: 交甲区总工会办理。\n  - date: \"2026-05-08\"\n    type: extension\n    note: 经批准延期30日。\n")
    commit(root, "XF-2026-0001 延期30日")

    edit(root / CASE1, "status: assigned", "status: concluded")
    edit(root / CASE1, "    note: 经批准延期30日。\n",
         "    note: 经批准延期30日。\n  - date: \"2026-05-20\"\n    type: supervision\n    unit: U-A\n    method: letter\n"
         "    deadline: \"2026-06-01\"\n    note: 发函督办。\n  - date: \"2026-06-05\"\n    type: conclusion\n"
         "    note: 企业已补发工资18000元，李测甲签收。\n    public_note: 企业已补发拖欠工资。\n"
         "conclusion:\n  date: \"2026-06-05\"\n  result: 企业补发李测甲工资18000元。\n  public_result: 企业已补发全部拖欠工资。\n"
         "  satisfaction: satisfied\n")
    edit(root / CASE1, "title: 某机械企业拖欠工资问题", "title: 某机械企业拖欠三个月工资问题")
    commit(root, "XF-2026-0001 办结")

    edit(root / CASE2, "  disclosure: withheld\n  withheld_reason: 涉及企业商业秘密，暂不公开。\n", "  disclosure: public\n")
    edit(root / CASE2, "title: 未签订劳动合同问题\n", "title: 未签订劳动合同问题\npublic_summary: 周某反映入职一年未签劳动合同。\n")
    edit(root / PLAN, "    status: planned", "    status: rescheduled\n    rescheduled_to: \"2026-04-21\"\n"
                                              "    announced: \"2026-04-07\"\n    reason: 与全省工作会议冲突")
    (root / PLAN).write_text((root / PLAN).read_text(encoding="utf-8") + (
        "  - id: JF-2026-03\n    date: \"2026-05-12\"\n    session: am\n    mode: fixed\n    leader: L-ZHAO\n"
        "    location: 测试市总工会信访接待室\n    status: planned\n"), encoding="utf-8")
    commit(root, "XF-2026-0002 公开；接访改期")
    return root


def body(summary: str) -> list[str]:
    """The summary without its first lines (heading and the revisions, which differ per run)."""
    lines = summary.splitlines()
    assert lines[0] == "## 案卷变更摘要"
    return lines[3:]


def test_commit_range_summary(repo: Path) -> None:
    summary = summarize_changes(Paths.at(repo), "main", "HEAD")
    base, head = git(repo, "rev-parse", "--short", "main").strip(), git(repo, "rev-parse", "--short", "HEAD").strip()
    assert summary.splitlines()[2] == f"比较 `{base}` → `{head}`。"
    assert body(summary) == [
        "",
        "### 信访事项",
        "",
        "- **XF-2026-0001** 某机械企业拖欠三个月工资问题",
        "  - 办理状态：已交办 → 已办结（办结日期 2026-06-05，满意度 满意）",
        "  - 新增办理记录：2026-05-08 延期",
        "  - 新增办理记录：2026-05-20 督办（发函督办，责任单位 U-A，期限 2026-06-01）",
        "  - 新增办理记录：2026-06-05 办结",
        "  - 延期 30 日（批准日期 2026-05-08）",
        "  - 办结期限：2026-05-11 → 2026-06-10",
        "  - 其他改动：公开标题 title",
        "- **XF-2026-0002** 未签订劳动合同问题",
        "  - 其他改动：公开摘要 public_summary",
        "",
        "### 接访安排",
        "",
        "- **JF-2026-02** 改期：2026-04-14 上午 → 2026-04-21（原因：与全省工作会议冲突）",
        "- **JF-2026-03** 新增：2026-05-12 上午 定点接访，L-ZHAO，测试市总工会信访接待室",
        "",
        "### 公开内容变化",
        "",
        "> 以下内容合并后会出现在公开网站上，请逐条核对：只用匿名化说法（张某），"
        "不得出现信访人姓名、电话、身份证号、工作单位、住址。",
        "",
        "- **XF-2026-0001** 某机械企业拖欠三个月工资问题",
        "  - 公开标题 title：“某机械企业拖欠工资问题” → “某机械企业拖欠三个月工资问题”",
        "  - 新增办理记录 2026-06-05 办结 的公开说明 public_note：“企业已补发拖欠工资。”",
        "  - 新增公开结果 public_result：“企业已补发全部拖欠工资。”",
        "  - 公开字段改动：办理状态 status、延期 extension、办理记录 history、办结 conclusion",
        "- **XF-2026-0002** 未签订劳动合同问题：由暂不公开改为公开，将在公开网站上显示",
        "  - 省份 province：“河北省”",
        "  - 公开标题 title：“未签订劳动合同问题”",
        "  - 公开摘要 public_summary：“周某反映入职一年未签劳动合同。”",
        "- **JF-2026-02** 接访日程",
        "  - 新增改期/取消原因 reason：“与全省工作会议冲突”",
    ]


def test_internal_texts_never_appear(repo: Path) -> None:
    summary = summarize_changes(Paths.at(repo), "main", "HEAD")
    for secret in ("李测甲", "周测乙", "18000", "商业秘密", "13912345678", "发函督办。", "劳动监察"):
        assert secret not in summary


def test_single_commit(repo: Path) -> None:
    summary = summarize_changes(Paths.at(repo), "HEAD~2", "HEAD~1")
    assert body(summary)[:12] == [
        "",
        "### 信访事项",
        "",
        "- **XF-2026-0001** 某机械企业拖欠三个月工资问题",
        "  - 办理状态：已交办 → 已办结（办结日期 2026-06-05，满意度 满意）",
        "  - 新增办理记录：2026-05-20 督办（发函督办，责任单位 U-A，期限 2026-06-01）",
        "  - 新增办理记录：2026-06-05 办结",
        "  - 其他改动：公开标题 title",
        "",
        "### 公开内容变化",
        "",
        "> 以下内容合并后会出现在公开网站上，请逐条核对：只用匿名化说法（张某），"
        "不得出现信访人姓名、电话、身份证号、工作单位、住址。",
    ]


def test_working_tree_against_merge_base(repo: Path, run) -> None:
    """Default base: the merge base with main; uncommitted and untracked files count."""
    new_case = repo / "cases" / "2026" / "XF-2026-0003.yaml"
    shutil.copy(repo / CASE2, new_case)
    edit(new_case, "id: XF-2026-0002", "id: XF-2026-0003")
    edit(new_case, "  disclosure: public\n", "  disclosure: withheld\n  withheld_reason: 待核实。\n")
    try:
        result = run(repo, "changes")
        assert result.exit_code == 0
        lines = result.output.splitlines()
        assert lines[2] == f"比较 `{git(repo, 'rev-parse', '--short', 'main').strip()}` → 工作区。"
        assert "- **XF-2026-0003** 未签订劳动合同问题：新增（来信 · 劳动合同 · 已办结）" in lines
        assert "- **XF-2026-0003** 未签订劳动合同问题：新增并公开，将在公开网站上显示" not in lines
        assert "- **XF-2026-0002** 未签订劳动合同问题：由暂不公开改为公开，将在公开网站上显示" in lines
    finally:
        new_case.unlink()


def test_no_change_and_broken_file(repo: Path, run) -> None:
    assert body(summarize_changes(Paths.at(repo), "HEAD", None)) == ["", "没有改动信访事项、接访安排或基础资料。"]
    original = (repo / CASE1).read_text(encoding="utf-8")
    try:
        edit(repo / CASE1, "status: concluded", "status: concluded\nstatus: assigned")
        result = run(repo, "changes", "HEAD")
        assert body(result.output) == [
            "", "### 无法读取的文件", "", "请先运行 `xinfang validate` 修正：", "",
            "- `cases/2026/XF-2026-0001.yaml:20:1: 键“status”重复出现：同一层里每个键只能写一次`",
        ]
    finally:
        (repo / CASE1).write_text(original, encoding="utf-8")


def test_unknown_base_is_one_chinese_line(repo: Path) -> None:
    with pytest.raises(ChangesError) as caught:
        summarize_changes(Paths.at(repo), "no-such-branch", None)
    assert caught.value.format_message().startswith("git rev-parse --short 失败：") or \
        caught.value.format_message().startswith("git diff --name-only 失败：")


def test_output_to_file(repo: Path, run, tmp_path: Path) -> None:
    out = tmp_path / "changes.md"
    result = run(repo, "changes", "main", "--head", "HEAD", "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    assert out.read_text(encoding="utf-8") == summarize_changes(Paths.at(repo), "main", "HEAD")


def test_reference_changes(repo: Path) -> None:
    leaders, units = repo / "reference" / "leaders.yaml", repo / "reference" / "units.yaml"
    originals = {f: f.read_text(encoding="utf-8") for f in (leaders, units)}
    try:
        with leaders.open("a", encoding="utf-8") as f:
            f.write("  - id: L-LI\n    name: 李测新\n    title: 副主席\n    role: party_group\n    from_year: 2026\n")
        edit(units, "name: 法律工作部", "name: 法律工作部（权益保障部）")
        edit(leaders, "    from_year: 2010\n    to_year: 2019\n", "    from_year: 2010\n    to_year: 2018\n")
        assert body(summarize_changes(Paths.at(repo), "HEAD", None)) == [
            "",
            "### 基础资料",
            "",
            "- **L-LI** 新增领导：李测新（副主席）",
            "- **L-OLD** 领导资料改动：任职截止年 to_year",
            "- **U-B** 单位资料改动：名称 name",
        ]
    finally:
        for file, text in originals.items():
            file.write_text(text, encoding="utf-8")


def test_history_entry_inserted_in_the_middle_and_one_edited(repo: Path) -> None:
    case = repo / CASE1
    original = case.read_text(encoding="utf-8")
    try:
        edit(case, "    note: 发函督办。\n", "    note: 发函督办，限期报告。\n    reported: \"2026-05-30\"\n"
                                          "  - date: \"2026-05-30\"\n    type: progress\n    unit: U-A\n    note: 单位报告。\n")
        assert body(summarize_changes(Paths.at(repo), "HEAD", None)) == [
            "",
            "### 信访事项",
            "",
            "- **XF-2026-0001** 某机械企业拖欠三个月工资问题",
            "  - 修改办理记录：2026-05-20 督办（发函督办，责任单位 U-A，期限 2026-06-01）：内部记录 note、报告日期 reported",
            "  - 新增办理记录：2026-05-30 进展反馈（责任单位 U-A）",
            "",
            "### 公开内容变化",
            "",
            "> 以下内容合并后会出现在公开网站上，请逐条核对：只用匿名化说法（张某），"
            "不得出现信访人姓名、电话、身份证号、工作单位、住址。",
            "",
            "- **XF-2026-0001** 某机械企业拖欠三个月工资问题",
            "  - 公开字段改动：办理记录 history",  # the report date and the new entry; no public text changed
        ]
    finally:
        case.write_text(original, encoding="utf-8")


def test_public_case_withdrawn(repo: Path) -> None:
    case = repo / CASE1
    original = case.read_text(encoding="utf-8")
    try:
        edit(case, "  disclosure: public\n", "  disclosure: withheld\n  withheld_reason: 涉及调解。\n")
        lines = body(summarize_changes(Paths.at(repo), "HEAD", None))
        assert lines[-1] == "- **XF-2026-0001** 某机械企业拖欠三个月工资问题：由公开改为暂不公开，公开网站将不再显示此事项"
        assert "  - 其他改动：包案 package" not in lines  # disclosure is worded in the public section only
    finally:
        case.write_text(original, encoding="utf-8")
