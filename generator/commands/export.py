"""``xinfang export assignment|report``: signed, encrypted files for another union (generator/referrals.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from . import Settings, pass_settings, resolve_today, today_option, valid_repository

OUT = click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                   help="写到哪个文件夹（默认 exchange/，不进 git）。")


@click.group("export")
def command() -> None:
    """导出发给上级或下级工会的交换文件（已签名、只有对方能解开），由本会自己的渠道送达。

    \b
    例：
      xinfang export assignment XF-2026-0012 --to U-GD-FGH
      xinfang export report XF-2026-0031
    """


@command.command("assignment")
@click.argument("case_id", metavar="XF-…")
@click.option("--to", "unit", required=True, metavar="U-…", help="交办给哪个下级工会（reference/exchange.yaml 中的编号）。")
@click.option("--requirement", default=None, help="办结要求（默认：交办记录的说明，加上书面报告的要求）。")
@OUT
@today_option
@pass_settings
def assignment(settings: Settings, case_id: str, unit: str, requirement: str | None, out: Path | None,
               today: date | None) -> None:
    """把交办给下级工会的信访事项导出为交换文件（事项须已有交办给该单位的记录）。

    文件含事项的情况、上级办结期限、办结要求，以及下级办理所需的信访人姓名、电话和工作单位；
    用对方的公钥加密、本会的密钥签名，只有对方能解开。

    \b
    例：
      xinfang export assignment XF-2026-0022 --to U-GD-FGH
    """
    from ..referrals import export_assignment

    paths, day = settings.paths, resolve_today(today)
    repo = valid_repository(paths, day)
    made = export_assignment(paths, repo, case_id, unit, requirement, out or paths.root / "exchange", day)
    click.echo(f"已导出交办文件 {made}：请通过本会的渠道送达对方，对方运行 xinfang import 导入。")


@command.command("report")
@click.argument("case_id", metavar="XF-…")
@OUT
@today_option
@pass_settings
def report(settings: Settings, case_id: str, out: Path | None, today: date | None) -> None:
    """把上级交办、本会已办结的事项的书面报告（办理结果、办结日期、办结情况概要）导出为交换文件。

    \b
    例：
      xinfang export report XF-2026-0001
    """
    from ..referrals import export_report

    paths, day = settings.paths, resolve_today(today)
    repo = valid_repository(paths, day)
    made = export_report(paths, repo, case_id, out or paths.root / "exchange", day)
    click.echo(f"已导出书面报告 {made}：请送达交办的上级工会，对方运行 xinfang import 导入。")


@command.command("inspection")
@click.argument("period", metavar="期间")
@click.option("--to", "unit", required=True, metavar="U-…", help="报送哪个上级工会（reference/exchange.yaml 中的编号）。")
@OUT
@today_option
@pass_settings
def inspection(settings: Settings, period: str, unit: str, out: Path | None, today: date | None) -> None:
    """把本会一个半年（2026H1、2026H2）或一年（2026）的接访检查数据导出给上级工会（只有数字，不含信访人信息）。

    \b
    例：
      xinfang export inspection 2026H1 --to U-ACFTU
    """
    from ..inspection import export_inspection

    paths, day = settings.paths, resolve_today(today)
    repo = valid_repository(paths, day)
    made = export_inspection(paths, repo, period, unit, out or paths.root / "exchange", day)
    click.echo(f"已导出检查数据 {made}：请报送上级工会，对方运行 xinfang inspect 汇总。")
