"""``xinfang validate``: check every file of the repository and report each problem once."""

from __future__ import annotations

from datetime import date

import click

from ..reporters import REPORTERS, report
from ..validate import check_repository
from . import Settings, pass_settings, resolve_today, today_option


@click.command("validate")
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="输出格式：text 给人看；json 给程序；github 为 GitHub Actions 的行内批注；gitlab 为 GitLab 代码质量报告。")
@today_option
@pass_settings
def command(settings: Settings, fmt: str, today: date | None) -> None:
    """校验全部案卷、接访计划和基础资料，每个问题一行：文件:行:列: 说明。

    有错误时退出码为 1，只有警告或没有问题时为 0。

    \b
    例：
      xinfang validate
      xinfang validate --format github    # 在 GitHub Actions 中把错误标在改动的行上
      xinfang validate --format json > problems.json
      xinfang validate --format gitlab > gl-code-quality-report.json
    """
    checked = check_repository(settings.paths, resolve_today(today), show_progress=fmt == "text", model=False)
    report(checked.problems, checked.files, fmt)
    if not checked.ok:
        raise click.exceptions.Exit(1)
