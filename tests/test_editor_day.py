"""Issue 17, an editor's day without friction: placeholders where the build publishes, reception slots,
case renumbering, and the other points an editor with little git or YAML stumbles on."""

from __future__ import annotations

from pathlib import Path

from conftest import edit

TODAY = "2026-07-01"
CASE = "cases/2026/XF-2026-0001.yaml"
PLAN = "schedules/2026.yaml"


# what the minimal repository reports anyway on TODAY (an overdue case, a past planned reception)
BASELINE = ("已超期：办结期限", "接访日期 2026-04-14 已过", "尚未制订包案实施方案", "尚未向包案领导反馈进展")


def _lines(run, root: Path, *args: str) -> list[str]:
    result = run(root, "validate", "--today", TODAY, *args)
    return [line for line in result.output.splitlines()
            if line.startswith(("cases/", "schedules/")) and not any(b in line for b in BASELINE)]


# -- 3. placeholders -----------------------------------------------------------------------------------

def test_placeholder_in_a_published_case_is_an_error_and_a_warning_elsewhere(minimal_repo: Path, run) -> None:
    """Guards: a public package whose title is still （待填写） must not build (issue 17.3).

    Checked it can fail: with ``_published_pointers`` returning ``set()`` both lines were warnings and
    validate exited 0.
    """
    edit(minimal_repo / CASE, "title: 某机械企业拖欠工资问题", "title: （待填写）匿名化的公开标题")
    edit(minimal_repo / CASE, "    note: 李测甲来访登记。", "    note: （待填写）登记情况")
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 1
    assert _lines(run, minimal_repo) == [
        f"{CASE}:14:8: 公开标题 title：仍是占位文字“（待填写）匿名化的公开标题”，而这一项会在公开网站上发布，请换成实际内容",
        f"{CASE}:29:11: 警告：内部记录 note：仍是占位文字“（待填写）登记情况”，请换成实际内容",
    ]
    # the same title in a package that is withheld is only a reminder
    edit(minimal_repo / CASE, "disclosure: public", "disclosure: withheld\n  withheld_reason: 涉及个人隐私")
    assert [line.split(": ", 1)[1][:3] for line in _lines(run, minimal_repo)] == ["警告：", "警告："]


def test_placeholder_in_a_reception_is_an_error_since_the_calendar_is_public(minimal_repo: Path, run) -> None:
    edit(minimal_repo / PLAN, "subject: 建筑业欠薪专题接访", "subject: （待填写）专题接访主题")
    assert _lines(run, minimal_repo) == [
        f"{PLAN}:20:14: 主题 subject：仍是占位文字“（待填写）专题接访主题”，而这一项会在公开网站上发布，请换成实际内容",
    ]


# -- 4. reception slots --------------------------------------------------------------------------------

_SECOND = ("  - id: JF-2026-03\n    date: \"2026-04-14\"\n    session: am\n    mode: fixed\n    leader: {leader}\n"
           "    location: {location}\n    status: {status}\n")


def _add(root: Path, **values: str) -> None:
    with (root / PLAN).open("a", encoding="utf-8") as out:
        out.write(_SECOND.format(**{"leader": "L-QIAN", "location": "测试市总工会信访接待室", "status": "planned", **values}))


def test_same_leader_twice_in_one_half_day_is_an_error(minimal_repo: Path, run) -> None:
    """Guards: two receptions of one leader in one slot (issue 17.4). Checked it fails with the rule removed
    from the repository rules (validate passed)."""
    _add(minimal_repo, location="某区职工服务中心")
    assert _lines(run, minimal_repo) == [
        f"{PLAN}:26:13: 接访领导 leader：L-QIAN 在 2026-04-14 上午 已有接访 JF-2026-02，同一领导同一时段只能安排一场："
        "请改日期或时段 session",
    ]


def test_the_reception_room_holds_one_reception_per_half_day(minimal_repo: Path, run) -> None:
    _add(minimal_repo, leader="L-ZHAO")
    assert _lines(run, minimal_repo) == [
        f"{PLAN}:27:15: 地点 location：测试市总工会信访接待室 在 2026-04-14 上午 已安排接访 JF-2026-02：请改日期或时段 session",
    ]


def test_a_cancelled_reception_frees_its_slot(minimal_repo: Path, run) -> None:
    edit(minimal_repo / PLAN, "    status: planned\n", "    status: cancelled\n    announced: \"2026-04-01\"\n")
    _add(minimal_repo, leader="L-ZHAO")
    assert _lines(run, minimal_repo) == []


# -- 2. renumbering ----------------------------------------------------------------------------------

def test_renumber_moves_the_file_and_rewrites_every_mention(minimal_repo: Path, run) -> None:
    old_text = (minimal_repo / CASE).read_text(encoding="utf-8")
    edit(minimal_repo / "cases/2026/XF-2026-0002.yaml", "summary: 周测乙", "summary: 与 XF-2026-0001 同一企业。周测乙")
    result = run(minimal_repo, "renumber", "XF-2026-0001", "XF-2026-0007")
    assert result.output.splitlines() == [
        "已把 XF-2026-0001 改为 XF-2026-0007：cases/2026/XF-2026-0007.yaml，共改写 3 个文件中的 3 处。",
        "请运行 xinfang validate 检查，然后提交（git 会把它记为改名）。查询码未变，无需重新告知信访人。",
    ]
    assert not (minimal_repo / CASE).exists()
    assert (minimal_repo / "cases/2026/XF-2026-0007.yaml").read_text(encoding="utf-8") == \
        old_text.replace("id: XF-2026-0001", "id: XF-2026-0007")
    assert "registered_cases: [XF-2026-0007]" in (minimal_repo / PLAN).read_text(encoding="utf-8")
    assert "与 XF-2026-0007 同一企业" in (minimal_repo / "cases/2026/XF-2026-0002.yaml").read_text(encoding="utf-8")
    assert _lines(run, minimal_repo) == []


def test_renumber_never_overwrites_and_defaults_to_the_next_free_id(minimal_repo: Path, run) -> None:
    before = (minimal_repo / CASE).read_text(encoding="utf-8")
    refused = run(minimal_repo, "renumber", "XF-2026-0001", "XF-2026-0002")
    assert (refused.exit_code, refused.output.splitlines()[-1]) == (
        2, "错误：cases/2026/XF-2026-0002.yaml 已存在：请换一个编号（xinfang renumber XF-2026-0001 不写新编号时自动取下一个空闲编号）")
    assert (minimal_repo / CASE).read_text(encoding="utf-8") == before
    wrong_year = run(minimal_repo, "renumber", "XF-2026-0001", "XF-2025-0009")
    assert wrong_year.output.splitlines()[-1] == "错误：新编号的年份应与原编号相同（2026）：编号年份是收到年份"
    result = run(minimal_repo, "renumber", "XF-2026-0001")
    assert result.output.splitlines()[0].startswith("已把 XF-2026-0001 改为 XF-2026-0003：")


def _git(root: Path, *args: str) -> str:
    import subprocess
    done = subprocess.run(["git", "-c", "user.name=编辑", "-c", "user.email=e@example.org", *args], cwd=root,
                          capture_output=True, text=True, check=True)
    return done.stdout


def test_ci_check_says_the_id_is_taken_and_the_fix_merges_cleanly(minimal_repo: Path, run) -> None:
    """Guards: two branches that each add XF-2026-0003 (issue 17.2). The check names the fix; after it the
    branch merges without conflict. Checked it can fail: with ``--diff-filter=A`` changed to ``--diff-filter=D``
    no problem was found."""
    from generator.config import Paths
    from generator.lookup import ensure_keys

    ensure_keys(Paths.at(minimal_repo))  # the repository's lookup keys exist before anyone branches
    _git(minimal_repo, "init", "-q", "-b", "main")
    _git(minimal_repo, "add", "-A")
    _git(minimal_repo, "commit", "-qm", "start")
    _git(minimal_repo, "checkout", "-qb", "mine")
    run(minimal_repo, "new", "case", "--today", TODAY)
    _git(minimal_repo, "add", "-A")
    _git(minimal_repo, "commit", "-qm", "mine")
    _git(minimal_repo, "checkout", "-q", "main")
    run(minimal_repo, "new", "case", "--channel", "call", "--today", TODAY)
    _git(minimal_repo, "add", "-A")
    _git(minimal_repo, "commit", "-qm", "theirs")
    _git(minimal_repo, "checkout", "-q", "mine")
    result = run(minimal_repo, "renumber", "--check", "main")
    assert (result.exit_code, result.output.splitlines()) == (1, [
        "cases/2026/XF-2026-0003.yaml:1:1: 编号 XF-2026-0003 在目标分支 main 上已被另一件信访事项使用（两人同时新建了事项，合并时会冲突）。"
        "请在本分支运行 xinfang renumber XF-2026-0003 XF-2026-0004，提交并推送；查询码不变，引用这个编号的接访场次和事项会一并改好",
    ])
    github = run(minimal_repo, "renumber", "--check", "main", "--format", "github")
    assert github.output.startswith("::error file=cases/2026/XF-2026-0003.yaml,line=1,col=1,title=xinfang id-taken::编号 XF-2026-0003")
    run(minimal_repo, "renumber", "XF-2026-0003", "XF-2026-0004")
    _git(minimal_repo, "add", "-A")
    _git(minimal_repo, "commit", "-qm", "renumbered")
    ok = run(minimal_repo, "renumber", "--check", "main")
    assert (ok.exit_code, ok.output) == (0, "编号检查通过：本分支新建的信访事项编号没有被 main 占用。\n")
    _git(minimal_repo, "merge", "-q", "--no-edit", "main")  # check=True: a conflict would raise
    assert sorted(p.name for p in (minimal_repo / "cases/2026").iterdir()) == [
        "XF-2026-0001.yaml", "XF-2026-0002.yaml", "XF-2026-0003.yaml", "XF-2026-0004.yaml"]


# -- 8. Click's frame in Chinese ---------------------------------------------------------------------

def _every_command() -> list[tuple[str, ...]]:
    import click

    from generator.cli import cli

    found: list[tuple[str, ...]] = [()]
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        found.append((name,))
        if isinstance(command, click.Group):
            found += [(name, sub) for sub in command.commands]
    return found


def test_help_is_chinese_without_stray_spaces(tmp_path: Path, run) -> None:
    """Every --help: Chinese headings, no English frame words, no space after Chinese punctuation, and no
    line wider than 80 columns counting a Chinese character as two. Checked it can fail: without
    ``localise`` the headings were "Usage:"/"Options:" and 9 lines had "。 " inside."""
    from generator.cli_zh import display_width

    english = ("Usage:", "Options:", "Commands:", "Show this message", "[default:", "INTEGER")
    for args in _every_command():
        result = run(tmp_path, *args, "--help")
        assert result.exit_code == 0
        lines = result.output.splitlines()
        assert lines[0].startswith("用法："), args
        assert "选项：" in lines, args
        assert [w for w in english if w in result.output] == [], args
        assert [line for line in lines if any(f"{p} " in line for p in "，。、；：）")] == [], args
        examples = [line for line in lines if line.startswith("    xinfang")]  # \b blocks are kept as written
        assert [line for line in lines if display_width(line) > 80 and line not in examples] == [], args


def test_usage_errors_are_chinese(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    def run(*args: str):
        return CliRunner().invoke(cli, list(args), prog_name="xinfang")

    assert run("validat").output.splitlines() == [
        "用法：xinfang [选项] 命令 [参数]...", "运行“xinfang --help”查看帮助。", "", "错误：没有命令“validat”。"]
    assert run("validate", "--format", "xml").output.splitlines()[-1] == \
        "错误：--format 的值不对：“xml”不是可选的值；可选：github、gitlab、json、text。"
    assert run("validate", "--todya", "2026-07-01").output.splitlines()[-1] == \
        "错误：没有选项“--todya”。是不是要写 --today？"


# -- 9. small things -----------------------------------------------------------------------------------

def test_archiving_the_unfinished_year_needs_force(minimal_repo: Path, run) -> None:
    """Guards: ``archive 2026`` in July filed half a year without asking. Checked it can fail: with the
    check removed the first run wrote archives/2026/."""
    refused = run(minimal_repo, "archive", "2026", "--today", TODAY)
    assert (refused.exit_code, refused.output.splitlines()[-1]) == (
        2, "错误：2026 年还没有结束（今天是 2026-07-01），通常在次年年初归档；确需现在归档请加 --force")
    assert not (minimal_repo / "archives").exists()
    future = run(minimal_repo, "archive", "2027", "--today", TODAY)
    assert future.output.splitlines()[-1] == "错误：2027 年还没有开始（今天是 2026-07-01），不能归档"
    assert run(minimal_repo, "archive", "2026", "--today", TODAY, "--force").exit_code == 0
    assert (minimal_repo / "archives/2026/MANIFEST.json").is_file()


def test_outside_a_repository_one_line_says_so(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    monkeypatch.chdir(tmp_path)
    for args in (["validate"], ["new", "case"], ["new", "reception"], ["renumber", "XF-2026-0001"]):
        result = CliRunner().invoke(cli, args)
        assert (result.exit_code, result.output) != (0, ""), args
        assert result.output.splitlines()[-1] == \
            "错误：这里不是案卷仓库（找不到 reference/union.yaml），请在仓库根目录运行或用 --root 指定仓库", args
    assert list(tmp_path.iterdir()) == []  # nothing was created in the wrong place


def test_the_scaffolds_places_for_phone_and_employer_validate_when_filled(minimal_repo: Path, run) -> None:
    run(minimal_repo, "new", "case", "--today", TODAY)
    file = minimal_repo / "cases/2026/XF-2026-0003.yaml"
    edit(file, '    # phone: "13800000000"    #', '    phone: "13911112222"    #')
    edit(file, "    # employer: 信访人工作单位  #", "    employer: 某某物流有限公司  #")
    assert [line for line in _lines(run, minimal_repo) if "XF-2026-0003" in line and "警告" not in line] == []


def test_when_every_remaining_fixed_day_is_taken_the_message_says_so(minimal_repo: Path, run) -> None:
    for _ in range(6):  # July … December of 2026
        assert run(minimal_repo, "new", "reception", "--today", TODAY).exit_code == 0
    result = run(minimal_repo, "new", "reception", "--today", TODAY)
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        2, "错误：2026 年剩余的可选日子（2026-07-14、2026-08-11、2026-09-08等）这一时段都已安排接访，"
           "请用 --date 指定日期、--session 换时段或 --year 指定下一年")
