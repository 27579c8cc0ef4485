"""``xinfang keys``: this union's exchange keys (generator/exchange.py)."""

from __future__ import annotations

import click

from ..config import require_repository
from . import Settings, pass_settings


@click.command("keys")
@pass_settings
def command(settings: Settings) -> None:
    """生成（第一次）并显示本会的交换公钥：发给上级或下级工会，由对方登记到其 reference/exchange.yaml。

    密钥 reference/exchange-key.txt 用于给交办文件、书面报告和检查数据签名、解密发给本会的文件：
    请与仓库一并保管，不要发给任何人；显示的只是公钥。

    \b
    例：
      xinfang keys
    """
    from ..exchange import card, ensure_own_keys

    paths = settings.paths
    require_repository(paths)
    keys, made = ensure_own_keys(paths)
    if made:
        click.echo(f"已生成 {paths.rel(paths.reference / 'exchange-key.txt')}（本会的交换密钥，请提交并妥善保管，不要发给他人）。")
    click.echo("请把下面一条发给对方工会，由对方填好 id（对方给本会的编号）后加入其 reference/exchange.yaml 的 unions：")
    click.echo(card(paths, keys), nl=False)
