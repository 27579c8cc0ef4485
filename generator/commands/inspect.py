"""``xinfang inspect FOLDER``: the upper union's inspection report from lower unions' files (generator/inspection.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from . import Settings, pass_settings, resolve_today, today_option, valid_repository


@click.command("inspect")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="内部检查报告写到哪里（默认 internal-inspection/，不进 git）。")
@click.option("--period", default=None, metavar="2026H1",
              help="检查期间（2026H1、2026H2 或 2026）：用下级工会公开网站的 receptions.json 补充接访天数时必填。")
@today_option
@pass_settings
def command(settings: Settings, folder: Path, out: Path | None, period: str | None, today: date | None) -> None:
    """汇总下级工会报送的检查数据：每个工会一份检查表（接访天数对照其层级的要求、包案、按期办结率、
    主要领导是否包案），并起草检查通报。没有报送检查数据的下级工会，可把其公开网站的 data/receptions.json
    放进同一文件夹（加 --period），用来补充接访天数（注明未签名，不含包案和办结数据）。

    \b
    例：
      xinfang inspect 收到的检查数据/
    """
    from ..inspection import write_inspection

    paths, day = settings.paths, resolve_today(today)
    repo = valid_repository(paths, day)
    target = out or paths.root / "internal-inspection"
    count, refused = write_inspection(paths, repo, folder, target, day, period)
    click.echo(f"已汇总 {count} 个下级工会的检查数据：{target}（index.html 是检查通报草稿）。")
    for line in refused:
        click.echo(f"未采用：{line}", err=True)
