"""``xinfang code XF-…``: issue a new query code (查询码) for an existing case and say to hand it over."""

from __future__ import annotations

import click

from ..errors import UsageProblem
from ..lookup import ensure_keys
from ..querycode import assign
from . import Settings, pass_settings


@click.command("code")
@click.argument("case_id", required=False, metavar="XF-年份-编号")
@click.option("--replace", is_flag=True, help="事项已有查询码时作废旧码、换发新码（旧码立即失效）。")
@click.option("--keys", "keys_only", is_flag=True, help="只生成缺少的查询盐值和查询密钥（reference/ 下），不发码。")
@pass_settings
def command(settings: Settings, case_id: str | None, replace: bool, keys_only: bool) -> None:
    """为已有的信访事项生成随机查询码，写入事项文件的 query_code，并显示一次，请交给信访人。

    查询码不要手写：手写的、过于简单的查询码（同一字符重复、连续序列、示例值）校验不通过。
    查询码泄露或与他案重复时，用 --replace 换发新码，旧码随即失效，请告知信访人。

    \b
    例：
      xinfang code XF-2026-0031
      xinfang code XF-2026-0031 --replace
      xinfang code --keys               生成缺少的 reference/lookup-salt.txt、lookup-secret.txt
    """
    paths = settings.paths
    if not keys_only and not case_id:
        raise UsageProblem("请写明事项编号，例如 xinfang code XF-2026-0031（只生成密钥文件请用 --keys）")
    if case_id is not None:
        if not (len(case_id) == 12 and case_id.startswith("XF-") and case_id[3:7].isdigit() and case_id[8:].isdigit()):
            raise UsageProblem(f"“{case_id}” 不是事项编号，应写作 XF-年份-四位编号，例如 XF-2026-0031")
        file = paths.case_file(case_id)
        if not file.is_file():
            raise UsageProblem(f"{paths.rel(file)} 不存在")
    made = ensure_keys(paths)  # before the code is written: a missing salt is made only while no case has one
    if case_id is not None:
        code = assign(file, paths.rel(file), replace)
        click.echo(f"已写入 {paths.rel(file)} 的查询码 query_code。")
        click.echo(f"查询码：{code}")
        click.echo("请把查询码交给信访人（只显示这一次），凭码可在公开网站“办理进度查询”页查询办理进度；"
                   + ("旧查询码已作废。" if replace else "") + "查询码属内部信息，不要写进公开文字。")
    for file in made:
        click.echo(f"已生成 {paths.rel(file)}，请提交到仓库（以后不要修改或删除，否则已发出的查询码将查不到）。")
    if keys_only and not made:
        click.echo("查询盐值和查询密钥都已存在，无需生成。")
