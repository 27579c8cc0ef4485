"""``xinfang recheck``: after a holiday file is added or changed, every date that moves, old → new."""

from __future__ import annotations

import click

from .. import rules
from ..changes import ChangesError, default_base, short
from ..recheck import HOLIDAYS_DIR, calendar_from_texts, moves, texts_at
from . import Settings, pass_settings, resolve_today, today_option, valid_repository


@click.command("recheck")
@click.argument("base", required=False)
@click.option("--without-files", is_flag=True,
              help="与不用任何节假日文件（只用 chinesecalendar 和推算）相比，不读 git。")
@today_option
@pass_settings
def command(settings: Settings, base: str | None, without_files: bool, today) -> None:
    """节假日安排改动后复核期限：列出因此变化的受理告知期限、办结期限、复查复核期限和尚未进行的接访日期（原 → 新），
    以便告知相关信访人和领导；计划中的接访须改期并重新报批。

    比较的是工作区的节假日文件（reference/holidays/）与 BASE 时的节假日文件
    （默认：当前分支与 main 的合并基点）；案卷按工作区计算。

    \b
    例：
      xinfang recheck                    # 与 main 相比，节假日文件的改动使哪些日期变化
      xinfang recheck HEAD~1
      xinfang recheck --without-files    # 本会节假日文件与 chinesecalendar/推算相比
    """
    paths = settings.paths
    day = resolve_today(today)
    repo = valid_repository(paths, day)  # sets the working tree's calendar
    new = rules.active_calendar()
    if without_files:
        skipped: list[str] = []
        old, against = rules.Calendar(), "不用节假日文件（chinesecalendar 及推算）"
    else:
        try:
            base = base or default_base(paths.root)
            against = f"`{short(paths.root, base)}` 时的节假日文件"
        except ChangesError as exc:
            raise ChangesError(f"{exc.format_message()}；不在 git 仓库中时可用 --without-files") from exc
        old, skipped = calendar_from_texts(texts_at(paths.root, base, [HOLIDAYS_DIR]))
    found = moves(old, new, {c.id: c.raw for c in repo.cases}, [r.raw for r in repo.receptions], day,
                  repo.union.fixed_day_reading)
    click.echo(f"节假日依据对比：{against} → 工作区的节假日文件。")
    for path in skipped:
        click.echo(f"警告：{path} 在比较基准中无法读取或不符合格式，未计入", err=True)
    if not found:
        click.echo("没有期限或接访日期因此变化。")
        return
    for m in found:
        click.echo(m.line().replace("**", ""))
    cases = len({m.record for m in found if m.record.startswith("XF-")})
    receptions = len({m.record for m in found if m.record.startswith("JF-")})
    click.echo(f"共 {len(found)} 个日期变化：{cases} 件信访事项、{receptions} 场接访。请告知相关信访人和领导；"
               "计划中的接访须改期并重新报批、提前告知。")
