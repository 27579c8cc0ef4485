"""``xinfang build``: the public disclosure site (公开网站), refused when data is invalid or would leak."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..errors import DataInvalid, LeakFound
from ..reporters import report
from ..ui import interactive
from . import Settings, cache_option, pass_settings, resolve_today, today_option


@click.command("build")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出文件夹（默认仓库下的 site/）。原有内容只在新网站生成并通过检查后才被替换。")
@today_option
@cache_option
@pass_settings
def command(settings: Settings, out: Path | None, today: date | None, use_cache: bool) -> None:
    """生成公开网站：公开的领导包案事项、接访安排、统计、领导页面、年度归档和开放数据。

    先校验全部数据，有错误就不发布；生成后逐个文件检查是否含有信访人的姓名、电话、身份证号、
    工作单位或住址，发现就拒绝发布并指出是哪个字段，原网站保持不变。

    \b
    例：
      xinfang build                           生成到 site/
      xinfang build --today 2026-11-26        按指定日期计算期限和超期
      xinfang build --out /srv/www/xinfang    生成到网站服务器的目录
      SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) xinfang build   可重复的构建
    """
    from ..site.build import build_site  # imported here: MkDocs is heavy and only this verb needs it

    paths = settings.paths
    target = out if out is not None else paths.site
    try:
        result = build_site(paths, resolve_today(today), target, show_progress=interactive(), use_cache=use_cache)
    except DataInvalid as exc:  # the problem report on standard output, as validate, internal, plan and archive
        report(exc.problems, exc.files)
        raise
    except LeakFound as exc:
        for problem in exc.problems:  # the leak lines only: "校验未通过" would misdescribe a refused publication
            click.echo(problem.format())
        raise
    for advice in result.settings:  # site_url missing, colours below WCAG AA: the site is built, less well
        click.echo(advice, err=True)
    for warning in result.warnings:
        click.echo(f"警告：MkDocs：{warning}", err=True)
    for notice in result.notices:
        click.echo(f"注意：{notice}", err=True)
    click.echo(result.summary())
