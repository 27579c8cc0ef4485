"""``xinfang changes``: what a pull request changes in the record, as Markdown for a review comment."""

from __future__ import annotations

import click

from ..changes import summarize_changes
from . import Settings, pass_settings


@click.command("changes")
@click.argument("base", required=False)
@click.option("--head", default=None, metavar="REV",
              help="比较到哪个提交（默认：工作区，含尚未提交的改动）。")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="写到文件（默认输出到屏幕），例如用于 CI 中发表评论。")
@pass_settings
def command(settings: Settings, base: str | None, head: str | None, output) -> None:
    """用 Markdown 概括改动了哪些案卷内容：新增/删除的事项、状态变化、新的办理记录、
    期限与延期、接访的新增/改期/取消，并单列“公开内容变化”，供审阅合并请求时核对。

    BASE 为比较的基准（默认：当前分支与 main 的合并基点）。

    \b
    例：
      xinfang changes                       # 与 main 相比，工作区改了什么
      xinfang changes origin/main --head HEAD
      xinfang changes HEAD~3 -o changes.md
    """
    click.echo(summarize_changes(settings.paths, base, head), file=output, nl=False)
