"""Problems found in the data, and the small exception tree of the command.

A problem is a value, not an exception: every stage returns the problems it found, the command collects
them all and prints them once (as mkdocs and check-jsonschema do). A problem carries the file, and either
an exact ``line``/``col`` (YAML syntax errors know theirs) or a ``pointer`` into the document that is turned
into a position later, only for the files that have problems (see ``loader.locate``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Literal

import click

Severity = Literal["error", "warning"]
Pointer = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one place in one file (问题)."""

    path: str
    line: int = 0
    col: int = 0
    message: str = ""
    pointer: Pointer | None = field(default=None, compare=False)
    severity: Severity = "error"
    code: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def at(self, line: int, col: int) -> "Problem":
        return replace(self, line=line, col=col)

    def format(self) -> str:
        prefix = "" if self.is_error else "警告："
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"


def error(path: str, message: str, pointer: Pointer | None = None, code: str = "error",
          line: int = 0, col: int = 0) -> Problem:
    return Problem(path=path, line=line, col=col, message=message, pointer=pointer, code=code)


def warning(path: str, message: str, pointer: Pointer | None = None, code: str = "warning",
            line: int = 0, col: int = 0) -> Problem:
    return Problem(path=path, line=line, col=col, message=message, pointer=pointer,
                   severity="warning", code=code)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


class XinfangError(click.ClickException):
    """Root of the command's exceptions: printed as one Chinese line, exit status 1, no traceback."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D401 - click's signature
        click.echo(f"错误：{self.format_message()}", err=True)


class DataInvalid(XinfangError):
    """The data does not validate; the problems have been reported already."""

    def __init__(self, problems: list[Problem], what: str = "数据校验未通过", files: int = 0) -> None:
        self.problems = problems
        self.files = files  # how many files were checked (0: not counted)
        count = sum(1 for p in problems if p.is_error)
        super().__init__(f"{what}：{count} 处错误，未生成任何输出。")


class LeakFound(XinfangError):
    """Petitioner data was found in public output: the build is refused."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"公开网站中发现 {len(problems)} 处信访人信息，已拒绝发布；原网站保持不变。")


class NotARepository(XinfangError):
    """The folder is no case repository at all (run from the wrong place): one line instead of a file list."""

    def __init__(self, shown_root: str) -> None:
        where = "这里" if shown_root in ("", ".") else f"“{shown_root}”"
        super().__init__(f"{where}不是案卷仓库（找不到 reference/union.yaml），请在仓库根目录运行或用 --root 指定仓库")


class OutputError(XinfangError):
    """An output folder cannot be written or is in a forbidden place."""


class UsageProblem(XinfangError):
    """A command-line value is wrong (a date, a quarter, a year)."""

    exit_code = 2
