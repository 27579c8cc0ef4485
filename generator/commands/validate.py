"""``xinfang validate``: check every file of the repository and report each problem once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..reporters import REPORTERS, report
from ..validate import check_repository
from . import Settings, cache_option, pass_settings, resolve_today, today_option


@click.command("validate")
@click.argument("only_warnings_of", nargs=-1, metavar="[文件]...")
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="输出格式：text 给人看；json 给程序；github 为 GitHub Actions 的行内批注；gitlab 为 GitLab 代码质量报告。")
@today_option
@cache_option
@pass_settings
def command(settings: Settings, only_warnings_of: tuple[str, ...], fmt: str, today: date | None, use_cache: bool) -> None:
    """校验全部案卷、接访计划和基础资料，每个问题一行：文件:行:列: 说明。

    有错误时退出码为 1，只有警告或没有问题时为 0。

    写了文件名时仍校验整个仓库、列出全部错误，但只列出这些文件的警告（提交前检查用：只看自己要提交的文件，
    一处真正的错误不会淹没在别人的超期提醒里）。

    \b
    例：
      xinfang validate
      xinfang validate --format github    # 在 GitHub Actions 中把错误标在改动的行上
      xinfang validate --format json > problems.json
      xinfang validate --format gitlab > gl-code-quality-report.json
      xinfang validate cases/2026/XF-2026-0031.yaml   # 全部错误，但只列这个文件的警告
    """
    checked = check_repository(settings.paths, resolve_today(today), show_progress=fmt == "text", model=False,
                               use_cache=use_cache)
    problems, hidden = checked.problems, 0
    if only_warnings_of:
        wanted = {Path(f).as_posix().removeprefix("./") for f in only_warnings_of}
        problems = [p for p in checked.problems if p.is_error or p.path in wanted]
        hidden = len(checked.problems) - len(problems)
    report(problems, checked.files, fmt)
    if hidden and fmt == "text":
        click.echo(f"另有 {hidden} 处警告在本次未提交的文件中，未列出；运行 xinfang validate 查看全部。")
    if not checked.ok:
        raise click.exceptions.Exit(1)
