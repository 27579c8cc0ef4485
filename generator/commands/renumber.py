"""``xinfang renumber``: give a case another id (two branches gave out the same number), and the CI check."""

from __future__ import annotations

import click

from ..renumber import id_collisions, renumber
from ..reporters import REPORTERS, report
from ..scaffold import next_case_id
from . import Settings, pass_settings


@click.command("renumber")
@click.argument("old", required=False, metavar="原编号")
@click.argument("new", required=False, metavar="[新编号]")
@click.option("--check", "target", default=None, metavar="目标分支",
              help="不改文件，只检查本分支新建的事项编号是否已被目标分支占用（供合并请求的 CI 使用），例如 origin/main。")
@click.option("--head", default="HEAD", show_default=True, metavar="REV", help="与 --check 一起用：检查哪个提交。")
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="与 --check 一起用：输出格式（github 为 GitHub Actions 的行内批注）。")
@pass_settings
def command(settings: Settings, old: str | None, new: str | None, target: str | None, head: str, fmt: str) -> None:
    """把信访事项改用另一个编号：移动文件，改写案卷和接访计划中所有提到原编号的地方，查询码不变。

    两人在不同分支同时新建事项、拿到同一个编号时，合并请求会提示用这个命令改号。
    不写新编号时取本仓库下一个空闲编号。已归档年份的事项不能改编号。

    \b
    例：
      xinfang renumber XF-2026-0030 XF-2026-0031
      xinfang renumber XF-2026-0030               # 改为下一个空闲编号
      xinfang renumber --check origin/main        # CI：本分支的新编号是否已被 main 占用
    """
    paths = settings.paths
    if target is not None:
        if old or new:
            raise click.UsageError("--check 只做检查，不要同时写编号")
        problems = id_collisions(paths, target, head)
        if fmt != "text":
            report(problems, len(problems), fmt)
        for p in problems if fmt == "text" else ():
            click.echo(p.format())
        if problems:
            raise click.exceptions.Exit(1)
        if fmt == "text":
            click.echo(f"编号检查通过：本分支新建的信访事项编号没有被 {target} 占用。")
        return
    if not old:
        raise click.UsageError("请写明原编号，例如 xinfang renumber XF-2026-0030 XF-2026-0031")
    if not new and old[3:7].isdigit():
        new = next_case_id(paths, int(old[3:7]))
    done = renumber(paths, old, new or "")
    click.echo(f"已把 {old} 改为 {new}：{paths.rel(done.file)}，共改写 {len(done.rewritten)} 个文件中的 {done.mentions} 处。")
    click.echo("请运行 xinfang validate 检查，然后提交（git 会把它记为改名）。查询码未变，无需重新告知信访人。")
