"""``xinfang serve``: a live preview of the public site on localhost, rebuilt when a data file changes."""

from __future__ import annotations

from datetime import date

import click

from . import DATE, Settings, pass_settings


@click.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="端口；0 表示任选一个空闲端口。")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；默认只有本机能访问。")
@click.option("--today", type=DATE, default=None,
              help="按哪一天计算期限和超期（默认每次生成时取当天；设置了 SOURCE_DATE_EPOCH 时取其日期）。")
@click.option("--interval", type=click.FloatRange(0.1, 10), default=0.5, show_default=True,
              help="检查文件改动的间隔（秒）。")
@pass_settings
def command(settings: Settings, port: int, host: str, today: date | None, interval: float) -> None:
    """在本机预览公开网站：修改并保存案卷后自动重新生成，浏览器中的页面随之自动刷新。

    数据有错误时，在终端逐条列出（文件:行:列: 说明），浏览器里仍是上一次成功生成的预览。
    预览生成在临时文件夹中，不会改动仓库里的 site/。

    \b
    例：
      xinfang serve                     打开 http://127.0.0.1:8000/
      xinfang serve --port 8080
      xinfang serve --today 2026-11-26  按指定日期计算超期
    """
    from ..serve import serve

    serve(settings.paths, today, host=host, port=port, interval=interval)
