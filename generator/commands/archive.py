"""``xinfang archive <year>``: file a year (归档) under ``archives/<year>/`` with checksums and the commit."""

from __future__ import annotations

import click

from ..archive import file_year
from ..errors import UsageProblem
from ..ui import interactive
from . import Settings, pass_settings, resolve_today, today_option, valid_repository


@click.command("archive")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("--replace", is_flag=True, help="重新归档已归档的年份（会改变归档数据，请在提交说明中写明原因）。")
@click.option("--force", is_flag=True, help="年份还没有结束也归档（不再询问）。")
@today_option
@pass_settings
def command(settings: Settings, year: int, replace: bool, force: bool, today) -> None:
    """把一年的接访、阅信、包案情况归档：公开部分、内部部分分开保存，附校验和与所依据的提交。

    写入 archives/<年份>/public.json、internal.json 和 MANIFEST.json，请随后提交。
    归档后再修改该年的案卷，xinfang validate 会提示“归档数据与案卷不一致”；
    xinfang build 从归档的 public.json 生成 archive/<年份>/ 页面。

    当年还没有结束时会先询问（在 CI 等非交互环境中直接拒绝），确需归档请加 --force。

    \b
    例：
      xinfang archive 2025 --today 2026-01-15
      git add archives/2025 && git commit -m "归档 2025 年"
    """
    paths = settings.paths
    day = resolve_today(today)
    repository = valid_repository(paths, day)
    if year > day.year:
        raise UsageProblem(f"{year} 年还没有开始（今天是 {day}），不能归档")
    if year == day.year and not force:
        question = f"{year} 年还没有结束（今天是 {day}），现在归档会缺少年底前的记录。确定现在归档吗？"
        if not interactive():
            raise UsageProblem(f"{year} 年还没有结束（今天是 {day}），通常在次年年初归档；确需现在归档请加 --force")
        if not click.confirm(question, default=False, err=True):
            raise UsageProblem("未归档")
    filed = file_year(paths, repository, year, day, replace)
    manifest = filed.manifest
    click.echo(f"已归档 {year} 年：{paths.rel(filed.folder)}/（{len(manifest['sources'])} 个源文件，"
               f"public.json sha256 {manifest['files']['public.json'][:12]}…）")
    if manifest["commit"]:
        click.echo(f"依据提交 {manifest['commit']}")
    else:
        click.echo("警告：不是 git 仓库，归档清单中没有提交编号", err=True)
    if filed.uncommitted:
        click.echo(f"警告：以下源文件有未提交的改动，归档内容与提交 {manifest['commit'] or ''} 不完全一致："
                   + "、".join(filed.uncommitted), err=True)
    click.echo(f"请提交：git add {paths.rel(filed.folder)} && git commit")
