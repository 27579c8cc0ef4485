"""``xinfang plan <year>``: propose the year's fixed receptions (定点接访) as ``schedules/<year>.yaml``."""

from __future__ import annotations

import click

from .. import fixed, rules
from ..schema import schema
from ..plan import plan_basis, propose, records, rotation, schedule_text, write_schedule
from . import Settings, pass_settings, resolve_today, today_option, valid_repository


def _leaders(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


@click.command("plan")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("--leaders", default=None, metavar="L-A,L-B",
              help="参加接访的领导编号，逗号分隔，按此顺序轮换或安排（默认：当年在任的党组、书记处领导）。")
@click.option("--replace", is_flag=True,
              help="文件中已有定点接访时，重新生成其中“计划”状态的场次（已接访、已改期、已取消的保留）。")
@today_option
@pass_settings
def command(settings: Settings, year: int, leaders: str | None, replace: bool, today) -> None:
    """按本级工会层级的接访频次要求，提出一年的接访安排。

    全国：每月定点接访日上午一位领导，轮流，遇法定节假日按规则调整；
    省级：每位领导每月一整天；县级：每位领导每两周一整天；乡镇：随时接待，不生成计划。
    写入 schedules/<年份>.yaml，保留文件中已有的约访、专题接访、下访等场次；
    已有定点接访时不会覆盖，除非加 --replace。达不到要求的领导和周期会逐一提示。

    \b
    例：
      xinfang plan 2027
      xinfang plan 2027 --leaders L-CHEN,L-LIU,L-SUN,L-ZHAO,L-ZHOU
    """
    paths = settings.paths
    repository = valid_repository(paths, resolve_today(today))
    repo = repository
    plan = propose(repo, year, rotation(repo, year, _leaders(leaders)), replace)
    national = fixed.applies(repo.union.level)
    basis = plan_basis(plan, national)
    target = write_schedule(paths, year, schedule_text(year, records(repo, plan), basis))
    for notice in plan.notices:
        click.echo(f"警告：{notice}", err=True)
    sessions = schema("schedule").labels(("receptions", 0, "session"))
    for day in plan.days:
        moved = f"（{day.day.moved}）" if day.day.moved else ""
        head = f"{day.month:>2} 月" if national else day.period
        click.echo(f"{head}  {day.day.date.isoformat()} {sessions[day.session]}  {repo.leaders[day.leader].name}{moved}")
    shares = "，".join(f"{repo.leaders[lid].name} {n} 个半天" for lid, n in plan.days_per_leader.items())
    click.echo(f"{'定点接访' if national else '接访'} {len(plan.days)} 个半天：{shares}。")
    click.echo(f"{basis}。")
    for gap in plan.short:
        click.echo(f"警告：{repo.leaders[gap.leader].name} {gap.period} 按计划接访 {gap.sessions} 个半天"
                   f"（{rules.SessionCount(gap.sessions, 0).days_text} 天），不足要求的 {gap.required} 个半天"
                   f"（{gap.required // 2} 天），还差 {gap.missing} 个半天"
                   + ("：请另行安排约访、专题接访或下访" if national else "：本周期工作日不够，请调整领导或日期"), err=True)
    if plan.kept:
        click.echo(f"保留原有场次 {len(plan.kept)} 场（原文件中的注释不会保留）。")
    click.echo(f"{rules.describe_sources([year])}。")
    click.echo(f"已写入 {paths.rel(target)}：以上为拟安排，报领导批准后在文件中写明 approved（批准日期、批准领导），"
               "批准前公开网站和日历显示为“待定”。")
