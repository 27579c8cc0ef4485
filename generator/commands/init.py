"""``xinfang init DIR``: a new union's repository, without demo data (generator/init.py)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from .. import __version__
from ..levels import levels
from . import resolve_today, today_option


def _level_help() -> str:
    return "；".join(f"{code} {label}" for code, label in levels().items())


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", prompt="工会名称（全称，例如 某某市总工会）", help="工会全称，例如 某某市总工会。")
@click.option("--level", type=click.Choice(tuple(levels())), prompt="层级（" + _level_help() + "）",
              help="层级：" + _level_help() + "。")
@click.option("--short-name", default="", help="简称，网站标题等处使用（默认同全称）。")
@click.option("--reception-room", default=None, help="信访接待室：定点接访的默认地点（默认“<简称>信访接待室”）。")
@click.option("--package", default=f"xinfang=={__version__}", show_default=True,
              help="CI 安装 xinfang 的来源（pip 的写法），例如 xinfang @ git+https://gitee.com/<组织>/xinfang@v0.1.0。")
@today_option
def command(directory: Path, name: str, level: str, short_name: str, reception_room: str | None, package: str,
            today: date | None) -> None:
    """在新的（或空的）文件夹 DIRECTORY 中建立一个工会的案卷仓库，不含演示数据。

    写出 reference/（本会、空的领导和单位名单及填写示例、查询码密钥、今明两年未核对的节假日文件）、
    编辑器用的 schemas/ 副本、mkdocs.yml、.vscode/、.pre-commit-config.yaml、GitHub 和 GitLab 的 CI 文件、
    中文 README.md 和 .gitignore。已有内容的文件夹一律拒绝，绝不覆盖。未给出的选项会逐项询问。

    \b
    例：
      xinfang init ../mouxian-zgh --name 某某县总工会 --level county
      xinfang init ../sheng-zgh      # 逐项询问名称、层级和接待室
    """
    from ..init import Answers, create

    short = short_name.strip() or name.strip()
    if reception_room is None:
        reception_room = click.prompt("信访接待室", default=f"{short}信访接待室") if _interactive() else f"{short}信访接待室"
    answers = Answers(name=name.strip(), level=level, reception_room=reception_room.strip(), short_name=short,
                      package=package.strip())
    written = create(directory, answers, resolve_today(today))
    click.echo(f"已在 {directory} 建立{answers.name}的案卷仓库（{len(written)} 个文件）。")
    click.echo("下一步：按 README.md 填写 reference/ 中的领导、单位和节假日文件，然后 git init 并提交；"
               "登记第一件事项：xinfang --root " + str(directory) + " new case")


def _interactive() -> bool:
    return sys.stdin.isatty()
