"""``xinfang import FILE``: an exchange file (交换文件) from another union, verified and landed (generator/referrals.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..config import require_repository
from . import Settings, pass_settings, resolve_today, today_option, valid_repository


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@today_option
@pass_settings
def command(settings: Settings, file: Path, today: date | None) -> None:
    """导入上级工会的交办文件（成为本会新的转送事项）或下级工会的书面报告（记入交办、督办记录）。

    先核对签名（发送方须登记在 reference/exchange.yaml）、收件方和校验和，同一文件不重复导入；
    导入后的仓库须通过校验，否则不做任何改动。

    \b
    例：
      xinfang import assignment-XF-2026-0012-U-GD-FGH-1a2b3c4d.json
    """
    from ..referrals import import_exchange

    paths = settings.paths
    require_repository(paths)
    day = resolve_today(today)
    done = import_exchange(paths, file, day, valid_repository(paths, day))
    if done.what == "assignment":
        click.echo(f"已导入交办事项：新建 {paths.rel(done.file)}（编号 {done.case_id}）。请补充登记情况，办结后运行 "
                   f"xinfang export report {done.case_id}。")
    else:
        click.echo(f"已导入书面报告：记入 {paths.rel(done.file)} 的交办（督办）记录和办理进展。")
