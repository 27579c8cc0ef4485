"""``xinfang new case`` / ``xinfang new reception``: scaffold a record that validates as written."""

from __future__ import annotations

from datetime import date

import click

from ..config import require_repository
from ..lookup import ensure_keys
from ..scaffold import CHANNELS, MODES, new_case, new_query_code, new_reception
from . import DATE, Settings, pass_settings, resolve_today, today_option


@click.group("new")
def command() -> None:
    """新建信访事项或接访场次：生成能直接通过校验的文件，再由编辑补全内容。

    \b
    例：
      xinfang new case --channel letter
      xinfang new reception --mode thematic --date 2026-12-15 --leader L-WANG --subject 欠薪专题接访
    """


@command.command("case")
@click.option("--year", type=int, default=None, help="编号年份，即收到年份（默认今天所在年份）。")
@click.option("--channel", type=click.Choice(CHANNELS), default="letter", show_default=True,
              help="来源渠道：visit 来访、letter 来信、call 来电、online 网上信访、referral 转送。")
@click.option("--reception", default=None, metavar="JF-…",
              help="来访登记所在的接访场次（仅来访；当天只有一场已接访时可省略）。")
@today_option
@pass_settings
def case(settings: Settings, year: int | None, channel: str, reception: str | None, today: date | None) -> None:
    """新建信访事项 cases/<年份>/XF-<年份>-NNNN.yaml：下一个空闲编号，收到日期为今天。

    文件第一行是 yaml-language-server 的 $schema 注释，编辑器据此提供补全和悬停说明。
    “（待填写）”处请换成实际内容；xinfang validate 会以警告提示尚未替换的占位文字（会公开的地方则是错误）。

    同时生成随机查询码（查询码只在这里显示一次，请交给信访人，用于在公开网站“办理进度查询”页查询进度）。
    来访事项会同时登记到当天接访场次的 registered_cases 中。

    \b
    例：
      xinfang new case                          # 来信，今天收到
      xinfang new case --channel call
      xinfang new case --channel visit --reception JF-2026-11 --today 2026-11-10
    """
    paths = settings.paths
    require_repository(paths)  # never create the lookup's keys in a folder that is no repository
    keys = ensure_keys(paths)  # once per repository, before the first code: the lookup encrypts with them
    made = new_case(paths, resolve_today(today), year, channel, reception)
    click.echo(f"已新建 {paths.rel(made.file)}（编号 {made.case_id}）。")
    if made.reception:
        click.echo(f"已在接访场次 {made.reception} 的登记事项 registered_cases 中加入 {made.case_id}。")
    click.echo(f"查询码：{made.query_code}")
    click.echo("请把查询码交给信访人，凭码可在公开网站“办理进度查询”页查询办理进度；查询码属内部信息，不要写进公开文字。")
    for file in keys:
        click.echo(f"已生成 {paths.rel(file)}，请与事项文件一并提交（以后不要修改或删除，否则已发出的查询码将查不到）。")


@command.command("reception")
@click.option("--year", type=int, default=None, help="计划年份（默认取 --date 或今天的年份）。")
@click.option("--date", "when", type=DATE, default=None,
              help="接访日期 YYYY-MM-DD（默认：定点接访取下一个第二个星期二，其他方式取今天）。")
@click.option("--mode", type=click.Choice(MODES), default="fixed", show_default=True,
              help="接访方式：fixed 定点接访、appointment 重点约访、thematic 专题接访、field 带案下访。")
@click.option("--leader", default=None, metavar="L-…", help="接访领导编号（默认：当年在任的第一位党组、书记处领导）。")
@click.option("--session", type=click.Choice(("am", "pm")), default="am", show_default=True, help="时段：am 上午，pm 下午。")
@click.option("--case", "cases", multiple=True, metavar="XF-…",
              help="重点约访、带案下访涉及的信访事项编号（可多次使用，这两种方式必填）。")
@click.option("--subject", default=None, metavar="主题", help="接访主题（专题接访必填，公开显示）。")
@click.option("--location", default=None, metavar="地点",
              help="接访地点（带案下访必填，公开显示；默认本会信访接待室）。")
@today_option
@pass_settings
def reception(settings: Settings, year: int | None, when: date | None, mode: str, leader: str | None,
              session: str, cases: tuple[str, ...], subject: str | None, location: str | None,
              today: date | None) -> None:
    """在 schedules/<年份>.yaml 末尾追加一场接访（下一个空闲编号 JF-<年份>-NN，状态为计划 planned）。

    文件不存在时新建（带 $schema 注释）；原有内容和注释保持不变。
    不写 --date 时选下一个空闲的日子：同一领导、同一接待室同一时段已有接访的日子跳过；
    写了 --date 而该时段已被占用，则报错而不写入。

    \b
    例：
      xinfang new reception                                   # 下一个定点接访日
      xinfang new reception --mode thematic --date 2026-12-15 --leader L-WANG --subject 欠薪专题接访
      xinfang new reception --mode field --case XF-2026-0031 --location 某市建筑工地项目部
      xinfang new reception --mode appointment --case XF-2026-0031 --case XF-2026-0035
      xinfang new reception --year 2027 --date 2027-01-12
    """
    paths = settings.paths
    made = new_reception(paths, resolve_today(today), year, when, mode, leader, session, cases, location, subject)
    verb = "新建" if made.created else "追加到"
    click.echo(f"已{verb} {paths.rel(made.file)}：{made.reception_id}，{made.date}，{made.leader}。")


@command.command("code")
def code() -> None:
    """生成一个新的随机查询码（12 位，约 60 比特），不写入任何文件。

    给已有事项发码或换码，请用 xinfang code XF-…（会直接写入事项文件）。

    \b
    例：
      xinfang new code
    """
    click.echo(new_query_code())


@command.command("holidays")
@click.argument("year", type=click.IntRange(2000, 2100))
@pass_settings
def holidays(settings: Settings, year: int) -> None:
    """按国务院办公厅通知新建一年的节假日安排 reference/holidays/<年份>.yaml。

    文件中已按《全国年节及纪念日放假办法》推算出七个节日的法定假日（农历节日和清明节气已算好），
    并连上相邻的周末；请对照通知原文逐段改正放假时段、填写调休上班日 workdays 和通知文号 notice，
    核对无误后加上核对记录 checked。此后这一年的期限和定点接访日都按本文件计算（优先于 chinesecalendar）；
    没有 checked 的文件照常使用，但仍提示“需人工核对”。改动后请运行 xinfang recheck 查看哪些日期随之变化。

    \b
    例：
      xinfang new holidays 2027
    """
    from ..holidays import new_holidays

    paths = settings.paths
    made = new_holidays(paths, year)
    click.echo(f"已新建 {paths.rel(made)}：法定假日已推算，请对照国务院办公厅关于{year}年部分节假日安排的通知"
               "改正放假时段、填写调休上班日和通知文号，核对后加上 checked。")
