"""``xinfang internal``: the 四单一纪要 forms and the office's reports, into a folder outside the public site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from .. import rules
from ..errors import UsageProblem
from ..internal import calendar_notices, check_location, default_quarter, write_internal
from . import Settings, cache_option, pass_settings, resolve_today, today_option, valid_repository


def _quarter(value: str | None, today: date) -> str:
    if value is None:
        return default_quarter(today)
    try:
        rules.quarter_range(value)
    except ValueError:
        raise UsageProblem(f"季度 “{value}” 格式不对，应写作 2026Q3（年份 + Q + 1 至 4）") from None
    return value


@click.command("internal")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出文件夹（默认仓库下的 internal/，不纳入版本库）；不能在公开网站文件夹内。")
@click.option("--quarter", default=None, metavar="2026Q3",
              help="主席来信季度报告的季度（默认：最近一个已结束的季度）。")
@click.option("--year", type=click.IntRange(2000, 2100), default=None,
              help="接访频次检查、归档汇总和年度报告的年份（默认：今天所在的年份）。")
@today_option
@cache_option
@pass_settings
def command(settings: Settings, out: Path | None, quarter: str | None, year: int | None, today: date | None,
            use_cache: bool) -> None:
    """生成内部材料：四单一纪要、主席来信季度报告、督办清单、接访频次检查、归档汇总和年度报告。

    每份报表都有可打印的 A4 网页和 CSV（Excel 可直接打开）。内部材料含信访人信息，
    绝不会写进公开网站的文件夹。

    \b
    例：
      xinfang internal --today 2026-11-26
      xinfang internal --quarter 2026Q3 --year 2025 --out ../neibu
    """
    day = resolve_today(today)
    paths = settings.paths
    chosen_quarter = _quarter(quarter, day)
    target = out if out is not None else paths.internal
    check_location(paths, target)  # before the check: a refused command leaves nothing behind (not even a cache)
    repository = valid_repository(paths, day, use_cache)
    count = write_internal(paths, repository, target, day, chosen_quarter, year or day.year, use_cache)
    for notice in calendar_notices(repository, year or day.year):
        click.echo(f"警告：{notice}", err=True)
    click.echo(f"已生成内部材料 {count} 个文件：{target}（季度 {chosen_quarter}，年份 {year or day.year}）")
