"""Click's frame in Chinese (命令行的中文外框): usage lines, headings, option help and usage errors.

Click words its own parts (Usage, Options, "No such command", "is not one of" …) through gettext, looking
each message up when it is shown. ``install`` gives Click's modules a lookup in ``MESSAGES`` instead, so an
editor who mistypes an option reads Chinese, and messages Click adds later stay English rather than break.

Click also rewraps help text as if words were separated by spaces: two lines of a Chinese docstring were
joined with a space after the full stop, and a line of 40 Chinese characters was counted as 40 columns
although a terminal shows 80. ``ZhHelpFormatter`` joins and wraps by display width instead, and never starts
a line with closing punctuation. This module belongs to the command line; the library never imports it.
"""

from __future__ import annotations

import inspect
import re
import sys
import unicodedata
from typing import Any, Iterator

import click
from click.formatting import HelpFormatter, iter_rows

MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "Did you mean {possibility}?": "是不是要写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要写其中之一：{possibilities}？）",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Option {name!r} does not take a value.": "选项“{name}”后面不写值。",
    "Option {name!r} requires an argument.": "选项“{name}”后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面要写 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”要写 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多了一个参数（{args}）",
    "Got unexpected extra arguments ({args})": "多了几个参数（{args}）",
    "{value!r} is not {choice}.": "“{value}”不是可选的值；只能写 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是可选的值；可选：{choices}。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是是/否值；可写：{states}",
    "{value!r} does not match the format {format}.": "“{value}”的格式应为 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”的格式应为 {formats} 之一。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，这里要写文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，这里要写文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "integer": "整数",
    "Aborted!": "已中止。",
    "Do you want to continue?": "要继续吗？",
}
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
_STRAY_SPACE = re.compile("(?<=[，。、；：？！）》」』”’】]) +")
_CLICK_MODULES = ("core", "exceptions", "parser", "types", "formatting", "decorators", "termui")


class _Message(str):
    """A translated message whose values are shown the Chinese way when Click fills them in.

    Click quotes what it names in English style (``'--format'``, ``'github', 'gitlab'``); the Chinese
    messages put names in “” themselves and list choices with 、.
    """

    def format(self, *args: Any, **values: Any) -> str:  # noqa: A003 - str.format's name
        for key in ("param_hint", "name", "command", "option"):
            if isinstance(values.get(key), str):
                values[key] = values[key].replace("'", "")
        for key in ("choices", "possibilities", "possibility"):
            if isinstance(values.get(key), str):
                values[key] = values[key].replace("'", "").replace(", ", "、")
        if isinstance(values.get("message"), str):  # Click joins a message and its suggestion with a space
            values["message"] = _STRAY_SPACE.sub("", values["message"])
        return str.format(self, *args, **values)


def translate(message: str) -> str:
    return _Message(MESSAGES[message]) if message in MESSAGES else message


def ntranslate(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


def install() -> None:
    """Make Click's own messages Chinese (its modules look ``_``/``ngettext`` up when a message is shown)."""
    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ntranslate  # type: ignore[attr-defined]


# -- wrapping Chinese text -------------------------------------------------------------------------------

_NO_LINE_START = set("，。、；：？！）》」』”’】…")
_CLOSING = set("，。、；：？！）》」』”’】")  # a space after one of these is a stray one


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    return sum(_width(ch) for ch in text)


def _wide(ch: str) -> bool:
    return _width(ch) == 2


def join_lines(lines: list[str]) -> str:
    """One paragraph from its source lines: a space between Latin words, none next to Chinese."""
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if text and not (_wide(text[-1]) or _wide(line[0])):
            text += " "
        text += line
    return text


def _units(text: str) -> Iterator[tuple[str, bool]]:
    """Pieces a line may break between, each with whether a space precedes it: a Latin word, a bracketed
    note such as ``[默认：text]``, or one wide character. A space after Chinese punctuation is dropped."""
    word, space, depth, previous = "", False, 0, ""
    for ch in text:
        if ch == " " and depth == 0:
            if word:
                yield word, space
                previous, word = word[-1], ""
            space = previous not in _CLOSING
        elif _wide(ch) and depth == 0 and ch not in "（":
            if word:
                yield word, space
                word, space = "", False
            yield ch, space
            previous, space = ch, False
        else:
            depth += ch == "["
            depth -= ch == "]" and depth > 0
            word += ch
    if word:
        yield word, space


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Lines of at most ``width`` columns (a Chinese character counts two).

    Closing punctuation never starts a line: the character before it moves down with it (推出), so no line
    overflows the terminal either.
    """
    lines: list[str] = []
    head, units = first, []  # the current line: its indentation, then (unit, spaced) pairs
    for unit, spaced in _units(text):
        units.append((unit, spaced))
        if display_width(_line(head, units)) <= width or len(units) == 1:
            continue
        keep = len(units) - 1
        while keep > 1 and units[keep][0] in _NO_LINE_START:
            keep -= 1  # the character before the punctuation goes down with it
        lines.append(_line(head, units[:keep]))
        head, units = rest, [(u, False) if i == 0 else (u, sp) for i, (u, sp) in enumerate(units[keep:])]
    lines.append(_line(head, units))
    return lines


def _line(head: str, units: list[tuple[str, bool]]) -> str:
    return head + "".join((" " + u) if spaced and i else u for i, (u, spaced) in enumerate(units))


def wrap_paragraphs(text: str, width: int, indent: str = "") -> str:
    """Click's ``wrap_text(preserve_paragraphs=True)`` for Chinese: blank lines separate paragraphs, a
    paragraph after a ``\\b`` line is kept as written."""
    out: list[str] = []
    for block in inspect.cleandoc(text).split("\n\n"):
        lines = block.split("\n")
        if lines[0].strip() == "\b":
            out.append("\n".join(indent + line for line in lines[1:]))
        else:
            out.append("\n".join(wrap(join_lines(lines), width, indent, indent)))
    return "\n\n".join(out)


class ZhHelpFormatter(HelpFormatter):
    """Click's help layout with Chinese headings, full-width colons and wrapping by display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = translate("Usage:") if prefix is None else prefix
        self.write(f"{'':>{self.current_indent}}{prefix}{prog} {args}".rstrip() + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        self.write(wrap_paragraphs(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((display_width(first) for first, _ in rows), default=0), col_max) + col_spacing
        for first, second in iter_rows(rows, 2):
            lead = f"{'':>{self.current_indent}}{first}"
            if not second:
                self.write(lead + "\n")
                continue
            pad = " " * (first_col + self.current_indent)
            text_width = max(self.width - 2, first_col + self.current_indent + 10)
            if display_width(first) <= first_col - col_spacing:
                start = lead + " " * (first_col - display_width(first))
            else:
                self.write(lead + "\n")
                start = pad
            self.write("\n".join(wrap(join_lines(second.split("\n")), text_width, start, pad)) + "\n")


class ZhContext(click.Context):
    formatter_class = ZhHelpFormatter


def short_help(command: click.Command, limit: int = 45) -> str:
    """The first sentence of the help, for command lists (Click's own joins Chinese lines with spaces)."""
    if command.short_help or not command.help:
        return command.get_short_help_str(limit)
    text = join_lines(inspect.cleandoc(command.help).split("\n\n")[0].split("\n"))
    sentence = text.split("。")[0] + "。" if "。" in text else text
    return sentence if display_width(sentence) <= limit * 2 else sentence[:limit - 1] + "…"


def localise(command: click.Command) -> click.Command:
    """Chinese context, metavars and short help for a command and, for a group, its subcommands."""
    command.context_class = ZhContext
    command.options_metavar = OPTIONS_METAVAR
    for param in command.params:
        if param.metavar is None and isinstance(param.type, click.types.IntParamType):
            param.metavar = "数字"
    if command.help and not command.short_help:
        command.short_help = short_help(command)
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in command.commands.values():
            localise(sub)
    return command
