"""The command line as editors and CI meet it: help, formats, exit status, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator.cli import cli
from conftest import edit

COMMANDS = cli.list_commands(None)  # type: ignore[arg-type]


def test_the_group_lists_the_validate_command():
    assert "validate" in COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_explains_itself_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    assert command.help and len(command.help.strip()) > 20, f"{name} lacks a description"
    assert "例" in result.output and "xinfang " in result.output, f"{name} --help shows no example"


def _leaf_commands():
    for name in COMMANDS:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        for sub in getattr(command, "commands", {}).values():
            yield f"{name} {sub.name}", sub


@pytest.mark.parametrize("name,command", list(_leaf_commands()))
def test_every_subcommand_explains_itself_with_an_example(name, command):
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "例" in result.output, f"{name} --help shows no example"


def test_valid_data_exits_0_and_prints_the_warnings_and_a_summary(minimal_repo, run):
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "cases/2026/XF-2026-0001.yaml:19:9: 警告：办理状态 status：已超期：办结期限 2026-05-11，截至 2026-07-01 仍未办结",
        "cases/2026/XF-2026-0001.yaml:22:11: 警告：包案领导 leader：包案以来（2026-03-12）责任单位尚未向包案领导反馈进展，"
        "已 111 天（至少每 30 天一次，在办理记录中记为 type: progress）",
        "cases/2026/XF-2026-0001.yaml:23:10: 警告：包案日期 since：包案已 111 天，尚未制订包案实施方案 plan"
        "（包案之日起 15 天内，即 2026-03-27 前）",
        "schedules/2026.yaml:21:13: 警告：状态 status：接访日期 2026-04-14 已过，请把状态改为已接访、已改期或已取消",
        "校验通过：6 个文件，4 处警告。",
    ]


def test_an_error_exits_1_with_its_position(minimal_repo, run):
    edit(minimal_repo / "cases/2026/XF-2026-0002.yaml", 'received: "2026-05-06"', 'received: "2026-02-30"')
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert result.exit_code == 1
    assert "cases/2026/XF-2026-0002.yaml:13:11: 收到日期 received：“2026-02-30” 不是有效日期" in result.output.splitlines()
    assert result.output.splitlines()[-1] == "校验未通过：6 个文件，1 处错误，4 处警告。"


def test_json_format_gives_the_same_problems_for_machines(minimal_repo, run):
    edit(minimal_repo / "cases/2026/XF-2026-0002.yaml", "topic: labor_contract", "topic: labour")
    result = run(minimal_repo, "validate", "--today", "2026-07-01", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False and report["files"] == 6
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert [(p["path"], p["line"], p["col"], p["code"]) for p in errors] == [("cases/2026/XF-2026-0002.yaml", 8, 8, "schema")]
    assert errors[0]["message"].startswith("问题类别 topic：“labour” 不是可选的值；可选：labor_contract（劳动合同）")


def test_github_format_writes_workflow_annotations(minimal_repo, run):
    edit(minimal_repo / "cases/2026/XF-2026-0002.yaml", 'received: "2026-05-06"', 'received: "2026-02-30"')
    result = run(minimal_repo, "validate", "--today", "2026-07-01", "--format", "github")
    assert result.exit_code == 1
    assert ("::error file=cases/2026/XF-2026-0002.yaml,line=13,col=11,title=xinfang schema::"
            "收到日期 received：“2026-02-30” 不是有效日期") in result.output.splitlines()
    assert ("::warning file=schedules/2026.yaml,line=21,col=13,title=xinfang reception-status::"
            "状态 status：接访日期 2026-04-14 已过，请把状态改为已接访、已改期或已取消") in result.output.splitlines()


def test_a_bad_today_is_a_usage_error_in_chinese(minimal_repo, run):
    result = CliRunner().invoke(cli, ["--root", str(minimal_repo), "validate", "--today", "2026-13-01"])
    assert result.exit_code == 2
    assert "错误：--today 的值不对：“2026-13-01”不是有效日期，应写作 YYYY-MM-DD" in result.output


def test_the_installed_command_runs_as_a_module_and_never_shows_a_traceback(tmp_path):
    # An empty folder is not a repository: one line says so and how to fix it (issue 17.9)
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(tmp_path), "validate"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.stdout, result.stderr) == (
        "", f"错误：“{os.path.relpath(tmp_path)}”不是案卷仓库（找不到 reference/union.yaml），请在仓库根目录运行或用 --root 指定仓库\n")


def test_the_program_ends_without_tearing_its_heap_down(minimal_repo):
    """``xinfang`` as a program (``main()`` with its own command line) ends by ``os._exit`` once the verb has
    returned and its output is flushed: no exit handler runs (a normal exit spent ~1 s freeing a 10,000-case
    check), yet every line printed arrives through a pipe and the exit code is the verb's. Checked to fail:
    with ``main`` ending by ``sys.exit`` as before, the handler's line is printed."""
    edit(minimal_repo / "cases/2026/XF-2026-0002.yaml", 'received: "2026-05-06"', 'received: "2026-02-30"')
    program = ("import atexit, sys\n"
               "atexit.register(lambda: print('退出处理'))\n"
               "sys.argv = ['xinfang', '--root', sys.argv[1], 'validate', '--today', '2026-07-01']\n"
               "from generator.cli import main\n"
               "main()\n")
    result = subprocess.run([sys.executable, "-c", program, str(minimal_repo)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "cases/2026/XF-2026-0002.yaml:13:11: 收到日期 received：“2026-02-30” 不是有效日期" in lines
    assert lines[-1] == "校验未通过：6 个文件，1 处错误，4 处警告。"
    assert "退出处理" not in result.stdout


@pytest.mark.parametrize("verb", [["build"], ["internal"], ["archive", "2026"], ["plan", "2027"]])
def test_every_writing_verb_refuses_invalid_data_with_the_same_report(minimal_repo, run, verb):
    edit(minimal_repo / "cases/2026/XF-2026-0002.yaml", 'received: "2026-05-06"', 'received: "2026-02-30"')
    """The same placed lines on the same stream (standard output, as ``validate`` prints them) for every verb;
    standard error keeps only the closing refusal. Checked to fail: build printed its report on standard error."""
    result = CliRunner().invoke(cli, ["--root", str(minimal_repo), *verb, "--today", "2026-07-01"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "cases/2026/XF-2026-0002.yaml:13:11: 收到日期 received：“2026-02-30” 不是有效日期" in lines
    assert "校验未通过：6 个文件，1 处错误，4 处警告。" in lines
    refusal = "错误：数据校验未通过，拒绝发布：" if verb == ["build"] else "错误：数据校验未通过："
    assert result.stderr == refusal + "1 处错误，未生成任何输出。\n"
    assert not (minimal_repo / "site").exists() and not (minimal_repo / "internal").exists()
    assert not (minimal_repo / "archives").exists() and not (minimal_repo / "schedules/2027.yaml").exists()


@pytest.mark.parametrize("flag", [False, True])
def test_traceback_is_an_option_read_by_click_not_from_sys_argv(minimal_repo, monkeypatch, capsys, flag):
    """A defect in a verb: exit 70 with one short Chinese note, or the traceback when ``--traceback`` is given.
    The flag is read from the parsed options: ``main(args)`` with a ``sys.argv`` that lacks it (as an embedding
    program or a test has) still honours it, and a ``sys.argv`` that holds it elsewhere does not turn it on.
    Checked to fail: with ``main`` reading ``"--traceback" in sys.argv`` both cases printed the wrong one."""
    from generator import cli as cli_module
    from generator.commands import validate

    def broken(*args, **kwargs):
        raise RuntimeError("坏了")

    monkeypatch.setattr(validate, "check_repository", broken)
    monkeypatch.setattr(sys, "argv", ["xinfang"] if flag else ["xinfang", "--traceback"])
    args = ["--root", str(minimal_repo), *(["--traceback"] if flag else []), "validate", "--today", "2026-07-01"]
    with pytest.raises(SystemExit) as exited:
        cli_module.main(args)
    assert exited.value.code == 70
    out, err = capsys.readouterr()
    assert out == ""
    if flag:
        assert err.startswith("Traceback (most recent call last):\n") and err.endswith("RuntimeError: 坏了\n")
    else:
        assert err == ("内部错误：RuntimeError: 坏了\n这是 xinfang 的缺陷，不是数据的问题；"
                       "请加 --traceback 重新运行并把输出报告给维护者。\n")


def test_build_into_a_relative_folder(minimal_repo, run, monkeypatch):
    """``xinfang build --out www`` from the repository folder: the site lands in ./www with its real stylesheet.
    Guards the relative path: MkDocs reads a relative site_dir against its own config file (in the build's
    staging folder), so before the path was made absolute the build stopped with 内部错误 FileNotFoundError
    on ``site.e3b0c442.css`` (the digest of nothing). Checked to fail with ``.absolute()`` removed."""
    import re

    monkeypatch.chdir(minimal_repo)
    result = run(minimal_repo, "build", "--today", "2026-07-01", "--out", "www")
    assert result.exit_code == 0, result.output
    home = (minimal_repo / "www" / "index.html").read_text(encoding="utf-8")
    sheets = sorted(set(re.findall(r'href="(assets/xinfang/site\.[0-9a-f]{8}\.css)"', home)))
    assert len(sheets) == 1 and sheets[0] != "assets/xinfang/site.e3b0c442.css"
    assert (minimal_repo / "www" / sheets[0]).stat().st_size > 1000
    assert sorted(p.name for p in minimal_repo.iterdir() if p.name.startswith(".www")) == []
