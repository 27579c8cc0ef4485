"""``xinfang plan <year>``: propose the year's fixed receptions (定点接访) as ``schedules/<year>.yaml``."""

from __future__ import annotations

import click

from .. import rules
from ..plan import propose, records, rotation, schedule_text, write_schedule
from . import Settings, pass_settings, resolve_today, today_option, valid_repository


def _leaders(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


@click.command("plan")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("--leaders", default=None, metavar="L-A,L-B",
              help="轮流定点接访的领导编号，逗号分隔，按此顺序轮换（默认：当年在任的党组、书记处领导）。")
@click.option("--replace", is_flag=True,
              help="文件中已有定点接访时，重新生成其中“计划”状态的场次（已接访、已改期、已取消的保留）。")
@today_option
@pass_settings
def command(settings: Settings, year: int, leaders: str | None, replace: bool, today) -> None:
    """提出一年的定点接访安排：每月第二个星期二上午，领导轮流，遇法定节假日按规则调整。

    写入 schedules/<年份>.yaml，保留文件中已有的约访、专题接访、下访等场次；
    已有定点接访时不会覆盖，除非加 --replace。

    \b
    例：
      xinfang plan 2027
      xinfang plan 2027 --leaders L-CHEN,L-LIU,L-SUN,L-ZHAO,L-ZHOU
    """
    paths = settings.paths
    repository = valid_repository(paths, resolve_today(today))
    repo = repository
    plan = propose(repo, year, rotation(repo, year, _leaders(leaders)), replace)
    target = write_schedule(paths, year, schedule_text(year, records(repo, plan)))
    for notice in plan.notices:
        click.echo(f"警告：{notice}", err=True)
    for day in plan.days:
        moved = f"（{day.day.moved}）" if day.day.moved else ""
        click.echo(f"{day.month:>2} 月  {day.day.date.isoformat()} 上午  {repo.leaders[day.leader].name}{moved}")
    shares = "，".join(f"{repo.leaders[lid].name} {n} 天" for lid, n in plan.days_per_leader.items())
    click.echo(f"定点接访 {len(plan.days)} 场：{shares}。")
    for lid in plan.short:
        click.echo(f"警告：{repo.leaders[lid].name} 定点接访不足每年 2 天，请另行安排约访、专题接访或下访", err=True)
    if plan.kept:
        click.echo(f"保留原有场次 {len(plan.kept)} 场（原文件中的注释不会保留）。")
    click.echo(f"{rules.describe_sources([year])}。")
    click.echo(f"已写入 {paths.rel(target)}：以上为拟安排，报领导批准后在文件中写明 approved（批准日期、批准领导），"
               "批准前公开网站和日历显示为“待定”。")
