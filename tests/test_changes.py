"""``xinfang changes``: the Markdown summary of a pull request, on a real temporary git repository whose
commits extend a deadline, conclude a case, make a withheld case public and reschedule a reception."""

from __future__ import annotations

import os
import re
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
        "  - 新增办理记录：2026-05-20 督办（发函督办，责任单位 甲区总工会，期限 2026-06-01）",
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
        "- **JF-2026-03** 新增：2026-05-12 上午 定点接访，赵测试，测试市总工会信访接待室",
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
        "  - 新增办理记录：2026-05-20 督办（发函督办，责任单位 甲区总工会，期限 2026-06-01）",
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
        # withheld: named by its id, its title no more public than the rest of it (issue 13 item 2)
        assert "- **XF-2026-0003**：新增（来信 · 劳动合同 · 已办结）" in lines
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
            "  - 修改办理记录：2026-05-20 督办（发函督办，责任单位 甲区总工会，期限 2026-06-01）：内部记录 note、报告日期 reported",
            "  - 新增办理记录：2026-05-30 进展反馈（责任单位 甲区总工会）",
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


# -- issue 13 item 2 / issue 11 items 4-5: masked, escaped, internal content not quoted, control files first ----

HOSTILE = "某企业<!-- 问题 <details><summary>x</summary> *强调* `代码` [点我](javascript:alert(1)) ＆ &lt; $x$ | @octocat ~~删~~"


def _render_all(markdown: str) -> dict[str, str]:
    """The summary rendered by GitHub's own engine (cmark-gfm, raw HTML passed as GitHub passes it before
    sanitising) and by markdown-it-py (CommonMark with HTML, tables and strike-through, as GitLab's)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options
    from markdown_it import MarkdownIt

    return {
        "cmark-gfm": cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE),
        "markdown-it": MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(markdown),
    }


def test_hostile_title_hides_no_section_in_real_renderers(repo: Path) -> None:
    """Guards the review comment: a title ending in ``<!--`` (or opening ``<details>``) used to hide every
    section after it, and ``@name`` notified a stranger. Every section carries hostile text here (site
    setting, case title, reception reason, a broken file's key). Checked: with ``md`` returning its input
    unescaped the ``@`` assertion fails; with only ``@`` defused, cmark-gfm renders the injected
    ``<details>`` (which folds what follows) and the tag assertion fails."""
    import html as html_lib

    case, plan, settings = repo / CASE1, repo / PLAN, repo / "mkdocs.yml"
    broken = repo / "cases" / "2026" / "XF-2026-0009.yaml"
    originals = {f: f.read_text(encoding="utf-8") for f in (case, plan)}
    try:
        edit(case, "title: 某机械企业拖欠三个月工资问题", f"title: '{HOSTILE}'")
        edit(plan, "reason: 与全省工作会议冲突", f"reason: '{HOSTILE}'")
        settings.write_text(f"site_description: '{HOSTILE}'\n", encoding="utf-8")
        broken.write_text('"<!--": 1\n"<!--": 2\n', encoding="utf-8")  # unreadable: its message quotes the key
        summary = summarize_changes(Paths.at(repo), "HEAD", None)
    finally:
        for file, text in originals.items():
            file.write_text(text, encoding="utf-8")
        settings.unlink(missing_ok=True)
        broken.unlink(missing_ok=True)
    assert "@octocat" not in summary and "＠octocat" in summary  # nobody is notified
    for engine, rendered in _render_all(summary).items():
        rendered = rendered[rendered.index("<h3>"):]  # after the revisions line (our own code span)
        headings = re.findall(r"<h3>(.*?)</h3>", rendered)
        assert headings == ["⚠ 需要第二位审核人", "信访事项", "接访安排", "公开内容变化", "无法读取的文件"], engine
        assert rendered.count("<li>") >= 8 and rendered.rstrip().endswith("</ul>"), engine
        for tag in ("<details", "<summary", "<!--", "<em>", "<a ", "<del>", "<s>", "<table"):
            assert tag not in rendered, (engine, tag)
        spans = set(re.findall(r"<code>(.*?)</code>", rendered))  # our paths, and the broken file's message
        assert {s for s in spans if not s.startswith("cases/2026/XF-2026-0009.yaml:")} == {"mkdocs.yml", "xinfang validate"}
        assert len(spans) == 3, engine
        text = html_lib.unescape(re.sub(r"<[^>]+>", "", rendered))
        assert HOSTILE.replace("@", "＠") in text, engine  # the reviewer reads exactly what was written


def test_petitioner_values_in_public_texts_are_masked(repo: Path) -> None:
    """Guards the comment's history and notification mail: a petitioner's name and phone written into a
    public field used to be quoted in full. Checked: with ``masked`` returning its input, the full name
    and phone appear and the first assertion fails."""
    case = repo / CASE1
    original = case.read_text(encoding="utf-8")
    try:
        edit(case, "public_summary: 李某反映所在企业拖欠三个月工资。",
             "public_summary: 李测甲（电话13912345678，身份证11010519491231002X）反映测试精密机械有限公司拖欠工资。")
        summary = summarize_changes(Paths.at(repo), "HEAD", None)
    finally:
        case.write_text(original, encoding="utf-8")
    for secret in ("李测甲", "13912345678", "11010519491231002X", "测试精密机械有限公司"):
        assert secret not in summary
    assert ("  - 公开摘要 public_summary：“李某反映所在企业拖欠三个月工资。” → "
            "“李\\*\\*（电话139\\*\\*\\*\\*5678，身份证11010519\\*\\*\\*\\*\\*\\*\\*\\*2X）反映测试\\*\\*\\*\\*拖欠工资。”"
            ) in summary.splitlines()


def test_withheld_case_is_summarised_by_field_names_only(repo: Path) -> None:
    """Guards internal content: a withheld case's title and history used to be quoted. Checked: with
    ``_case_head`` quoting every title, the old and new titles appear and the test fails."""
    other = repo / CASE2
    original = other.read_text(encoding="utf-8")
    try:
        edit(other, "  disclosure: public\n", "  disclosure: withheld\n  withheld_reason: 涉及调解。\n")
        subprocess.run(["git", "commit", "-qam", "暂不公开"], cwd=repo, env=ENV, check=True)
        edit(other, "title: 未签订劳动合同问题", "title: 周测乙所在企业未签订劳动合同问题")
        lines = body(summarize_changes(Paths.at(repo), "HEAD", None))
    finally:
        git(repo, "reset", "-q", "--hard", "HEAD~1")
        other.write_text(original, encoding="utf-8")
    assert lines == ["", "### 信访事项", "", "- **XF-2026-0002**", "  - 其他改动：公开标题 title"]


def test_control_files_come_first_for_a_second_reviewer(repo: Path) -> None:
    """A schema marking petitioners public, a site setting, a workflow and the tool's version are listed
    first, before any case (issue 11 item 4, issue 13 item 2). Checked: without ``second_review_section``
    the section is missing and the test fails."""
    import json

    schemas = repo / "schemas"
    shutil.copytree(Path(__file__).resolve().parents[1] / "schemas", schemas)
    (repo / "mkdocs.yml").write_text("site_name: 测试工会\n", encoding="utf-8")
    commit(repo, "格式与设置")
    try:
        doc = json.loads((schemas / "case.schema.json").read_text(encoding="utf-8"))
        doc["properties"]["petitioners"]["x-public"] = True
        (schemas / "case.schema.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        (repo / "mkdocs.yml").write_text("site_name: 测试工会<script>\ncopyright: 版权\n", encoding="utf-8")
        (repo / ".github" / "workflows").mkdir(parents=True)
        (repo / ".github" / "workflows" / "x.yml").write_text("on: push\n", encoding="utf-8")
        lines = body(summarize_changes(Paths.at(repo), "HEAD", None))
    finally:
        git(repo, "reset", "-q", "--hard", "HEAD~1")
        shutil.rmtree(repo / ".github")
    assert lines == [
        "",
        "### ⚠ 需要第二位审核人",
        "",
        "> 以下改动决定网站发布什么、数据如何校验，或改变工具本身：请另一位审核人确认后再合并。",
        "",
        "- `schemas/case.schema.json`：改动",
        "  - **新标记为公开的字段**：petitioners（合并后这些字段会出现在公开网站上；xinfang 仍按它自带的格式判断什么可以公开）",
        "- `mkdocs.yml`：公开网站设置改动",
        "  - site\\_name：“测试工会” → “测试工会\\<script\\>”",
        "  - copyright：（无） → “版权”",
        "- 持续集成工作流（GitHub Actions）：`.github/workflows/x.yml`",
        "",
        "没有改动信访事项、接访安排或基础资料。",
    ]


def test_a_reviewed_allowance_is_shown_to_the_reviewer(tmp_path: Path) -> None:
    """Guards the allowance's visibility: an editor's ``privacy_reviewed`` entry clears a privacy finding, so the
    reviewer must see it first, masked. Checked to fail with the section removed from the summary."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "初始案卷")
    text = (root / CASE1).read_text(encoding="utf-8")
    (root / CASE1).write_text(text + "privacy_reviewed:\n  - {field: /public_summary, term: 高峰, digest: 0123456789ab}\n",
                              encoding="utf-8")
    lines = body(summarize_changes(Paths.at(root), "HEAD", None))
    assert lines[:6] == [
        "", "### 隐私核对登记", "",
        "> 编辑确认下列公开文字中与信访人姓名相同的词**不是指该信访人**（常用词或公开的名称）。"
        "请逐条核对原文；若说的正是信访人，请要求改写为“某某”的写法。", "",
        "- XF-2026-0001 `/public_summary`：“高\\*”不是指信访人（字段摘要 `0123456789ab`）",
    ]
    assert "高峰" not in "\n".join(lines)
