"""The ``xinfang`` command: a thin layer that parses options and calls one library function per verb.

Each verb lives in ``generator/commands/<verb>.py`` as a Click command named ``command``; they are found
and imported only when used, so ``xinfang validate`` does not pay for importing MkDocs.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback

import click

from . import __version__
from .allocator import keep_freed_memory
from .cli_zh import ZhContext, install, localise
from .commands import Settings

install()  # Click's own words (Usage, Options, its usage errors) in Chinese

_COMMANDS = "generator.commands"


class LazyGroup(click.Group):
    """Lists the modules of ``generator/commands`` as commands and imports one only when it runs."""

    context_class = ZhContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        package = importlib.import_module(_COMMANDS)
        return sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.list_commands(ctx):
            return None
        return localise(importlib.import_module(f"{_COMMANDS}.{name}").command)

    def invoke(self, ctx: click.Context) -> object:
        """Run the verb; an unexpected exception leaves as ``InternalError``, carrying whether ``--traceback``
        was given — read from this parse, not from ``sys.argv`` (which ``cli.main(args)`` and tests do not set)."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            raise InternalError(exc, bool(ctx.params.get("show_traceback"))) from exc


class InternalError(Exception):
    """A defect of xinfang (not of the data): the original exception, and whether to show its traceback."""

    def __init__(self, cause: Exception, show_traceback: bool) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.cause = cause
        self.show_traceback = show_traceback


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=str), default=".", show_default=True,
              envvar="XINFANG_ROOT", help="案卷仓库的根目录（含 cases/、schedules/、reference/）。")
@click.option("--traceback", "show_traceback", is_flag=True, help="出现内部错误时打印 Python 调用栈（供开发者排查）。")
@click.version_option(__version__, prog_name="xinfang")
@click.pass_context
def cli(ctx: click.Context, root: str, show_traceback: bool) -> None:
    """工会信访案卷工具：校验 YAML 案卷，生成公开网站、内部报表和年度归档。

    \b
    例：
      xinfang validate                 校验当前仓库
      xinfang build --today 2026-11-26 生成公开网站到 site/
      xinfang --root ../sheng-zgh validate   校验另一个工会的仓库
    """
    ctx.obj = Settings.at(root, show_traceback)


localise(cli)


def main(args: list[str] | None = None) -> None:
    """Entry point: known errors print one Chinese line; anything else a short note, never a traceback
    (unless ``--traceback`` was given). Run as the program (``args`` None: its own command line), the process
    ends by ``_end``, without tearing its heap down."""
    keep_freed_memory()
    code = _run(args)
    if args is None:
        _end(code)
    sys.exit(code)


def _run(args: list[str] | None) -> int:
    """The verb's exit code (0 done, 1 refused, 2 usage, 70 a defect, 130 interrupted); what went wrong printed."""
    try:
        code = cli.main(args, standalone_mode=False, prog_name="xinfang")
        return code if isinstance(code, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("已中止。", err=True)
        return 130
    except InternalError as exc:
        _internal_error(exc.cause, exc.show_traceback)
    except Exception as exc:  # noqa: BLE001 - the last line of defence (outside any verb): no traceback for editors
        _internal_error(exc, False)
    return 70  # EX_SOFTWARE: a defect of xinfang


def _end(code: int) -> None:
    """End the program now that the verb has returned: its output flushed, then ``os._exit``. A normal exit
    would free every object one by one and run a last full pass of the cycle collector over all of them — at
    10,000 cases about 1 s after ``validate`` has printed its last line, 8–13 % of its run (mypy ends the same
    way). Nothing is lost: files are written by the verbs themselves (replaced whole, ``output``), worker and
    background processes have been reaped, temporary folders removed by their ``with`` blocks, and a previous
    site's removal runs in a process of its own. A closed pipe (``xinfang validate | head``) is not an error."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _internal_error(exc: BaseException, show_traceback: bool) -> None:
    if show_traceback:
        traceback.print_exception(exc)
    else:
        click.echo(f"内部错误：{type(exc).__name__}: {exc}\n这是 xinfang 的缺陷，不是数据的问题；"
                   "请加 --traceback 重新运行并把输出报告给维护者。", err=True)
