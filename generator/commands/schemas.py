"""``xinfang schemas``: refresh the editors' copy of the schemas (generator/init.py)."""

from __future__ import annotations

import click

from .. import __version__
from ..config import require_repository
from . import Settings, pass_settings


@click.command("schemas")
@pass_settings
def command(settings: Settings) -> None:
    """用正在使用的 xinfang 自带的案卷格式更新本仓库的 schemas/（编辑器用的副本）。

    校验总是使用 xinfang 自带的格式；副本只供 VS Code 补全和悬停说明。升级 xinfang 后运行一次，
    xinfang validate 发现副本过时也会提醒。改动的文件请提交。

    \b
    例：
      xinfang schemas
    """
    from ..init import refresh_schemas

    require_repository(settings.paths)
    changed = refresh_schemas(settings.paths)
    if changed:
        click.echo(f"已按 xinfang {__version__} 更新 {len(changed)} 个文件：{'、'.join(changed)}。请提交这些改动。")
    else:
        click.echo(f"schemas/ 已是 xinfang {__version__} 自带的格式，无需更新。")
