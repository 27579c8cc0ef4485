"""Reading one YAML file safely (安全读取).

Only libyaml's composer runs on the text (no constructor of PyYAML's, so no tag can build an object);
the node tree is then turned into plain data here, under rules that suit files edited by hand:

- a plain scalar is ``null``/``true``/``false``/a decimal integer, or else text exactly as written: YAML 1.1
  guesses (``no`` → false, ``0755`` → octal, ``10:30`` → sexagesimal, ``2026-03-10`` → a date object) never
  happen, so dates stay text and are checked as dates by the schema;
- a duplicate key, an anchor used by an alias, a tag, a second document, nesting deeper than
  ``MAX_DEPTH``, a file larger than ``MAX_BYTES``, text that is not UTF-8, and bidirectional-override
  characters are errors with their position;
- a UTF-8 byte-order mark is accepted.

Positions are not kept with the data (that would cost memory on 100,000 files): ``locate`` parses a file
again when a problem in it needs a line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from .errors import Pointer, Problem, error

try:  # libyaml's C parser: about 8x faster than the pure-Python one
    _Base: type = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.BaseLoader

_SCALAR_NODE, _SEQUENCE_NODE, _MAPPING_NODE = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class _Loader(_Base):
    """The base loader with a resolver that does no work (性能): the composer asks it about every node.

    ``BaseResolver`` has no implicit and no path resolvers, so it always answers the kind's default tag;
    answering that directly saves three Python calls per node (about a sixth of the parse time).
    """

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return _STR if kind is _SCALAR_NODE else _SEQ if kind is _SEQUENCE_NODE else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})", re.ASCII)
# Characters that reorder displayed text (Trojan-source style) or hide text: never legitimate in a record.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]")
# Zero-width characters hide inside a name or a number ("李\u200b测甲") and defeat searches for it; control
# characters written as escapes ("\\x07", "\\u0085") pass libyaml's own check, which only sees raw text.
_HIDDEN = re.compile("[\u200b-\u200d\u2060\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a key every one of these is a mistake (copied from a web page or Word): the key then looks right and is unknown.
_ODD_KEY = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff\u200b-\u200d\u2060\u00ad\u00a0\u3000]")
# A key typed with a Chinese input method: full-width colon, or an ideographic space after the colon.
_CJK_COLON = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_-]*\s*)(：|:\u3000)", re.MULTILINE)


@dataclass
class Document:
    """A parsed file: its data and the node tree to place problems in it (dropped after validation)."""

    path: str
    data: Any
    node: yaml.Node | None = None


def _too_large(shown: str) -> list[Problem]:
    return [error(shown, f"文件过大（超过 {MAX_BYTES // 1024} KB），请检查是否误存了其他内容", code="too-large", line=1, col=1)]


def read_text(file: Path, shown: str, raw: bytes | None = None) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problem that stops it from being read as UTF-8 YAML (``raw``: its bytes, when the
    caller read them already)."""
    if raw is None:
        try:
            if file.stat().st_size > MAX_BYTES:
                return None, _too_large(shown)
            raw = file.read_bytes()
        except OSError as exc:
            return None, [error(shown, f"无法读取文件：{exc.strerror or exc}", code="unreadable", line=1, col=1)]
    if len(raw) > MAX_BYTES:
        return None, _too_large(shown)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        return None, [error(shown, "文件是 UTF-16 编码，请另存为 UTF-8 编码（无 BOM 或带 BOM 均可）", code="encoding", line=1, col=1)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        if raw.startswith(b"\xef\xbb\xbf"):  # saved twice by two editors: invisible, and would join the first key
            return None, [error(shown, "文件开头有两个字节顺序标记（BOM）：请用编辑器另存为 UTF-8", code="encoding", line=1, col=1)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(raw, exc.start)
        hint = "，看起来是 GBK/GB2312 编码（Windows 记事本、WPS 常见）" if _looks_gbk(raw) else ""
        return None, [error(shown, f"文件不是 UTF-8 编码{hint}：请用编辑器另存为 UTF-8 后再提交", code="encoding", line=line, col=col)]
    if "\x00" in text:
        line, col = _char_position(text, text.index("\x00"))
        return None, [error(shown, "文件含有空字符（NUL），可能是二进制文件或 UTF-16 文件", code="encoding", line=line, col=col)]
    return text, []


def load_file(file: Path, shown: str, keep_node: bool = True) -> tuple[Document | None, list[Problem]]:
    """Parse one file into plain data; on any problem return no document and every problem found."""
    text, problems = read_text(file, shown)
    if text is None:
        return None, problems
    return parse_text(text, shown, keep_node)


def parse_text(text: str, shown: str, keep_node: bool = True) -> tuple[Document | None, list[Problem]]:
    node, problems = _compose(text, shown)
    if node is None:
        if not problems:
            problems = [error(shown, "文件是空的", code="empty", line=1, col=1)]
        return None, problems
    builder = _Builder(shown, _may_hide(text), "*" in text)
    builder.odd_keys = builder.hidden or "\u00a0" in text or "\u3000" in text
    data = builder.build(node, 0)
    if builder.alias:
        builder.problems.append(_alias_problem(text, shown))
    if builder.problems:
        return None, sorted(builder.problems)
    return Document(shown, data, node if keep_node else None), []


AT = "\x00at"
"""A pointer ending in ``(AT, k)`` means the ``k``-th character of the text at the rest of the pointer."""


def locate(node: yaml.Node | None, pointer: Pointer, text: str | None = None) -> tuple[int, int]:
    """1-based line and column of the value at ``pointer`` (or of its nearest existing parent).

    A pointer ending in ``("key", "name")`` means the key itself rather than its value; one ending in
    ``(AT, k)`` the ``k``-th character inside a text (found in ``text``, the file's content, when the scalar
    is written plainly, in quotes without escapes, or as a literal block; else the text's start).
    """
    if node is None:
        return 1, 1
    offset = None
    if len(pointer) >= 2 and pointer[-2] == AT:
        pointer, offset = pointer[:-2], int(pointer[-1])
    target, want_key = node, False
    parts = list(pointer)
    if len(parts) >= 2 and parts[-2] == "\x00key":
        parts, want_key = parts[:-2] + [parts[-1]], True
    for i, part in enumerate(parts):
        nxt = None
        if isinstance(target, yaml.MappingNode):
            for key, value in target.value:
                if key.value == part:
                    nxt = key if (want_key and i == len(parts) - 1) else value
                    break
        elif isinstance(target, yaml.SequenceNode) and isinstance(part, int) and part < len(target.value):
            nxt = target.value[part]
        if nxt is None:
            break
        target = nxt
    if offset is not None and text is not None and isinstance(target, yaml.ScalarNode):
        return _char_in_scalar(target, offset, text)
    return target.start_mark.line + 1, target.start_mark.column + 1


def _char_in_scalar(node: yaml.ScalarNode, offset: int, text: str) -> tuple[int, int]:
    """Line and column of the ``offset``-th character of a scalar's value, where its writing allows."""
    start, end = node.start_mark, node.end_mark
    raw = text[start.index:end.index]
    if node.style in (None, "", "'", '"') and start.line == end.line:
        quote = 1 if node.style in ("'", '"') else 0
        if raw[quote:len(raw) - quote] == node.value and offset <= len(node.value):
            return start.line + 1, start.column + 1 + quote + offset
    if node.style == "|":
        lines = raw.split("\n")[1:]
        seen = 0
        for i, line in enumerate(lines):
            body = line.lstrip(" ")
            if offset < seen + len(body) + 1:
                return start.line + 2 + i, len(line) - len(body) + 1 + (offset - seen)
            seen += len(body) + 1
    return start.line + 1, start.column + 1


def locate_in_file(file: Path, pointer: Pointer) -> tuple[int, int]:
    text, _ = read_text(file, "")
    if text is None:
        return 1, 1
    node, _ = _compose(text, "")
    return locate(node, pointer, text)


def key_pointer(pointer: Pointer) -> Pointer:
    """The pointer of the key at the end of ``pointer`` (for errors about a key, such as a duplicate)."""
    return (*pointer[:-1], "\x00key", pointer[-1])


def _compose(text: str, shown: str) -> tuple[yaml.Node | None, list[Problem]]:
    loader = _Loader(text)
    try:
        return loader.get_single_node(), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        at = text[mark.index] if mark and 0 <= mark.index < len(text) else ""
        message = "YAML 格式错误：不能用制表符（Tab）缩进，请改用空格" if at == "\t" else _explain(exc)
        quote = _open_quote(text, line) if at != "\t" else None
        colon = (_odd_indent(text, line) or _cjk_colon(text, line) or _glued_colon(text, line)) if quote is None else None
        if colon is not None:  # the parser fails on the next line; the mistake is the Chinese colon before it
            line, col, message = colon
        if quote is not None:  # the parser stumbles where the runaway quote ends; point at where it began
            message = f"YAML 格式错误：引号没有闭合：这里开始的引号一直延续到第 {line} 行"
            line, col = quote
        elif exc.context == "while scanning a quoted scalar" and "end of stream" in (exc.problem or "") and exc.context_mark:
            message = "YAML 格式错误：引号没有闭合：这里开始的引号直到文件末尾都没有结束"
            line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
        return None, [error(shown, message, code="yaml", line=line, col=col)]
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters
        line, col = (_byte_position(text.encode("utf-8"), exc.position) if _Base is not yaml.BaseLoader
                     else _char_position(text, exc.position))
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "控制字符"
        return None, [error(shown, f"文件含有不允许的控制字符 {char}，请删除", code="control-char", line=line, col=col)]
    except yaml.YAMLError as exc:
        return None, [error(shown, f"YAML 格式错误：{exc}", code="yaml", line=1, col=1)]
    except RecursionError:
        return None, [error(shown, f"嵌套层次过深（超过 {MAX_DEPTH} 层）", code="too-deep", line=1, col=1)]
    finally:
        loader.dispose()


_EXPLANATIONS = (
    ("found character '\\t' that cannot start any token", "不能用制表符（Tab）缩进，请改用空格"),
    ("found a tab character", "不能用制表符（Tab）缩进，请改用空格"),
    ("expected a single document", "文件里只能有一个文档：请删除多余的“---”分隔线及其后的内容"),
    ("found duplicate anchor", "锚点名称重复"),
    ("found undefined alias", "引用了未定义的锚点（* 开头的别名）"),
    ("mapping values are not allowed", "这里不能出现“键: 值”：可能是缩进不对，或文字中的冒号后有空格（含冒号的文字请加引号）"),
    ("found unexpected end of stream", "文件意外结束：可能有引号没有闭合"),
    ("found unexpected end", "文件意外结束：可能有引号或括号没有闭合"),
    ("expected <block end>, but found", "缩进不一致：这一行的缩进与上文对不齐"),
    ("did not find expected key", "缩进不一致或缺少“键:”：请检查这一行与上一行的缩进"),
    ("did not find expected '-' indicator", "列表项缩进不一致：每一项应以相同缩进的“- ”开头"),
    ("could not find expected ':'", "缺少冒号“:”：可能是上一行的引号没有闭合，或键后面漏了冒号"),
    ("found unknown escape character", "双引号文字中有无效的转义字符（\\），请改用单引号"),
    ("found character that cannot start any token", "出现了不能作为开头的字符（例如 @ 或 `），含这类字符的文字请加引号"),
    ("special characters are not allowed", "文件含有不允许的控制字符"),
    ("exceeded maximum nesting depth", f"嵌套层次过深（超过 {MAX_DEPTH} 层）"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    # found by `python -m fuzz` (fuzz/RECORD.md): libyaml messages that reached editors in English
    ("block sequence entries are not allowed", "这里不能开始列表项“- ”：“键: - 值”要写成两行，或检查缩进"),
    ("did not find expected ',' or ']'", "方括号列表 [ ] 没有正确结束：缺少逗号或“]”（含逗号、冒号的文字请加引号）"),
    ("did not find expected ',' or '}'", "花括号 { } 没有正确结束：缺少逗号或“}”（含逗号、冒号的文字请加引号）"),
    ("did not find expected <document start>", "文档结束标记“...”或“%”指令之后不能再有内容：请删除它们"),
    ("did not find expected alphabetic or numeric character", "& 或 * 后面缺少名称（以 & 或 * 开头的文字请加引号）"),
    ("did not find expected comment or line break", "这一行在“|”“>”或指令之后有多余的文字"),
    ("did not find expected node content", "这里缺少一个值（例如列表中多了逗号）"),
    ("mapping keys are not allowed", "这里不能出现“? ”开头的键（以 ? 开头的文字请加引号）"),
    ("could not find expected directive name", "以 % 开头的行是 YAML 指令：以 % 开头的文字请加引号"),
    # the rest of libyaml's messages (from its scanner and parser), so that none reaches an editor in English
    ("found unexpected document indicator", "引号中的文字有一行以“---”或“...”开头：请改写这一行或改用“|”多行文字"),
    ("found invalid Unicode character escape code", "双引号文字中的 \\u 转义不是有效的字符（含反斜杠的文字请改用单引号）"),
    ("found an indentation indicator equal to 0", "“|”或“>”后面的缩进数字不能是 0"),
    ("found unexpected ':'", "这里不能出现冒号“:”：含冒号的文字请加引号"),
    ("did not find expected whitespace", "这里缺少空格：“-”和“:”后面要有一个英文空格"),
    ("did not find expected '!'", "以 ! 开头的是 YAML 标签，本项目不使用：以 ! 开头的文字请加引号"),
    ("did not find expected tag URI", "以 ! 开头的是 YAML 标签，本项目不使用：以 ! 开头的文字请加引号"),
    ("did not find URI escaped octet", "以 ! 开头的是 YAML 标签，本项目不使用：以 ! 开头的文字请加引号"),
    ("did not find the expected '>'", "以 ! 开头的是 YAML 标签，本项目不使用：以 ! 开头的文字请加引号"),
    ("found undefined tag handle", "以 ! 开头的是 YAML 标签，本项目不使用：以 ! 开头的文字请加引号"),
    ("found duplicate %TAG directive", "以 % 开头的行是 YAML 指令，本项目不需要：请删除这一行"),
    ("found duplicate %YAML directive", "以 % 开头的行是 YAML 指令，本项目不需要：请删除这一行"),
    ("found incompatible YAML document", "以 % 开头的行是 YAML 指令，本项目不需要：请删除这一行"),
    ("found unknown directive name", "以 % 开头的行是 YAML 指令，本项目不需要：请删除这一行（以 % 开头的文字请加引号）"),
    ("did not find expected version number", "以 % 开头的行是 YAML 指令，本项目不需要：请删除这一行"),
    ("did not find expected digit or '.' character", "以 % 开头的行是 YAML 指令，本项目不需要：请删除这一行"),
    ("found extremely long version number", "以 % 开头的行是 YAML 指令，本项目不需要：请删除这一行"),
    ("found unexpected non-alphabetical character", "这里出现了不该有的字符：以 %、!、&、* 开头的文字请加引号"),
    ("did not find expected hexdecimal number", "双引号文字中的 \\x 或 \\u 后面应是十六进制数字（含反斜杠的文字请改用单引号）"),
)


def _cjk_colon(text: str, error_line: int) -> tuple[int, int, str] | None:
    """A key on the error line or the two lines before it typed with a full-width colon or space."""
    found = None
    for match in _CJK_COLON.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line > error_line:
            break
        if line >= error_line - 2:
            col = match.start(2) - match.start() + 1
            what = "中文冒号“：”" if match.group(2) == "：" else "冒号后面是全角空格"
            found = (line, col, f"YAML 格式错误：{what}：请改为英文冒号“:”加一个英文空格")
    return found


# A key glued to its value (``title:某…``, ``accepted:"2026-11-27"``): YAML reads the line as one text and
# fails on the next line, where nothing is wrong.
_GLUED_COLON = re.compile(r"^([ ]*(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_]*:)(?=[^\s#:/])", re.MULTILINE)
# Indentation with spaces that are not the ASCII space: typed with a Chinese input method (全角空格) or copied
# from a web page or Word (不换行空格). YAML counts neither as indentation.
_ODD_SPACES = {"\u3000": "全角空格 U+3000（中文输入法输入的空格）", "\u00a0": "不换行空格 U+00A0（常见于从网页、Word 复制）",
               "\u2002": "半角空格 U+2002", "\u2003": "全角空格 U+2003", "\u2009": "窄空格 U+2009",
               "\u202f": "窄不换行空格 U+202F"}
_ODD_INDENT = re.compile("^[ ]*[" + "".join(_ODD_SPACES) + "]", re.MULTILINE)


def _near(pattern: re.Pattern[str], text: str, error_line: int) -> tuple[int, re.Match[str]] | None:
    """The last match of ``pattern`` on the error line or the two lines before it (line, match)."""
    found = None
    for match in pattern.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line > error_line:
            break
        if line >= error_line - 2:
            found = (line, match)
    return found


def _glued_colon(text: str, error_line: int) -> tuple[int, int, str] | None:
    """A key written ``key:value`` without the space YAML needs after the colon."""
    near = _near(_GLUED_COLON, text, error_line)
    if near is None:
        return None
    line, match = near
    key = match.group(1).strip().lstrip("-").strip()
    return (line, match.end(1) - match.start() + 1,
            f"YAML 格式错误：“{key}”后面缺少空格：键的冒号后面要有一个英文空格，例如“{key} …”")


def _odd_indent(text: str, error_line: int) -> tuple[int, int, str] | None:
    """Indentation that holds a full-width or no-break space, named, where it is."""
    near = _near(_ODD_INDENT, text, error_line)
    return None if near is None else odd_indent_problem(*near)


def odd_indent_problem(line: int, match: re.Match[str]) -> tuple[int, int, str]:
    char = match.group()[-1]
    return (line, match.end() - match.start(),
            f"YAML 格式错误：缩进里有{_ODD_SPACES[char]}：缩进只能用英文空格，请删除它，再用英文空格对齐")


def _open_quote(text: str, error_line: int) -> tuple[int, int] | None:
    """Where a quoted text began that runs over several lines and ends on the line of a syntax error.

    A forgotten closing quote swallows the following lines until the next quote; the parser then fails on
    that line, far from the mistake. Only the error path pays for this second scan.
    """
    loader = _Loader(text)
    found = None
    try:
        while (token := loader.get_token()) is not None:
            if (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
                    and token.start_mark.line < token.end_mark.line == error_line - 1):
                found = (token.start_mark.line + 1, token.start_mark.column + 1)
            if token.start_mark.line >= error_line:
                break
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return found


def _alias_problem(text: str, shown: str) -> Problem:
    """One problem per file at the first alias (``*name``): a bomb of a million aliases is still one line."""
    line, col = 1, 1
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                break
    except yaml.YAMLError:  # pragma: no cover - the text composed once already
        pass
    return error(shown, "不允许使用锚点和别名（& 和 *）：请把内容直接写出来", code="alias", line=line, col=col)


def _explain(exc: yaml.MarkedYAMLError) -> str:
    for said in (exc.problem or "", exc.context or ""):  # what went wrong says more than where it happened
        for needle, chinese in _EXPLANATIONS:
            if needle in said:
                return f"YAML 格式错误：{chinese}"
    # a message libyaml may add later: still a Chinese sentence, with the original for the maintainers
    return f"YAML 格式错误：无法解析这一行（{(exc.problem or exc.context or '').strip()}），请检查缩进、冒号和引号"


def _may_hide(text: str) -> bool:
    """Whether any value of the file can hold a hidden or direction-changing character.

    Without a backslash no escape can write one, so a single scan of the whole text (fast, in C) decides
    for every value of the file; only files that fail it are checked value by value.
    """
    return "\\" in text or _BIDI.search(text) is not None or _HIDDEN.search(text) is not None


class _Builder:
    """Turns a node tree into dicts, lists, str, int, bool and None, collecting problems.

    ``hidden`` and ``aliases`` say whether the text can contain hidden characters or aliases at all (an
    alias needs a ``*``): when it cannot, the per-value checks are skipped, which halves the building time.
    """

    def __init__(self, shown: str, hidden: bool = True, aliases: bool = True) -> None:
        self.shown = shown
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.alias = False  # reported once, at the alias itself, by parse_text
        self.hidden = hidden
        self.aliases = aliases
        self.odd_keys = True  # whether keys need the (rarely true) check for invisible and full-width spaces

    def _fail(self, node: yaml.Node, message: str, code: str) -> None:
        self.problems.append(error(self.shown, message, code=code,
                                   line=node.start_mark.line + 1, col=node.start_mark.column + 1))

    def build(self, node: yaml.Node, depth: int) -> Any:
        if self.aliases:
            if id(node) in self.seen:
                # libyaml hands an alias back as the anchored node itself: a second visit is an alias.
                self.alias = True
                return None
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self._fail(node, f"嵌套层次过深（超过 {MAX_DEPTH} 层）", "too-deep")
            return None
        kind = type(node)  # the composer makes exactly these three classes; scalars are most common
        if kind is _SCALAR_NODE:
            return self._scalar(cast(yaml.ScalarNode, node))
        if kind is _MAPPING_NODE:
            return self._mapping(cast(yaml.MappingNode, node), depth)
        if node.tag != _SEQ:
            self._fail(node, f"不支持 YAML 标签 {_short_tag(node.tag)}：请删除它", "tag")
        return [self.build(item, depth + 1) for item in node.value]

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            self._fail(node, f"不支持 YAML 标签 {_short_tag(node.tag)}：请删除它", "tag")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self._fail(key_node, "键必须是普通文字", "key")
                continue
            if self.aliases:
                if id(key_node) in self.seen:  # a key used again through an alias
                    self.alias = True
                    continue
                self.seen.add(id(key_node))
            key = key_node.value
            if self.odd_keys and key[:1] in _ODD_SPACES:  # the indentation, read by YAML as part of the key
                char = key[0]
                self._fail(key_node, f"YAML 格式错误：缩进里有{_ODD_SPACES[char]}：缩进只能用英文空格，"
                                     "请删除它，再用英文空格对齐", "yaml")
                continue
            if self.odd_keys and (odd := _ODD_KEY.search(key)):
                shown = _ODD_KEY.sub("", key)
                self._fail(key_node, f"键“{shown}”中含有看不见的字符或全角空格 U+{ord(odd.group()):04X}"
                                     "（常见于从网页、Word 复制），请删除后重新输入", "key")
                continue
            if key == "<<":
                self._fail(key_node, "不允许使用合并键（<<）：请把内容直接写出来", "alias")
                continue
            if key in result:
                self._fail(key_node, f"键“{key}”重复出现：同一层里每个键只能写一次", "duplicate-key")
                continue
            result[key] = self.build(value_node, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value = node.value
        if node.tag != _STR:
            self._fail(node, f"不支持 YAML 标签 {_short_tag(node.tag)}：请删除它，直接写文字", "tag")
            return None
        if not node.style:  # plain: resolve as the YAML 1.2 core schema does, minus floats and guesses
            if value in _NULL:
                return None
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
            if _INT.fullmatch(value):
                return int(value)
        if not self.hidden:
            return value
        bidi = _BIDI.search(value)
        if bidi:
            self._fail(node, f"文字中含有不可见的控制字符 U+{ord(bidi.group()):04X}（可改变文字显示方向），请删除", "control-char")
        elif hidden := _HIDDEN.search(value):
            kind = "零宽字符" if hidden.group() in "\u200b\u200c\u200d\u2060\u00ad" else "控制字符"
            self._fail(node, f"文字中含有看不见的{kind} U+{ord(hidden.group()):04X}，请删除", "control-char")
        return value


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    last = before.rfind(b"\n")
    col = len(before[last + 1:].decode("utf-8", errors="replace")) + 1
    return line, col


def _char_position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 saved without a BOM: every other byte of ASCII text is zero (valid UTF-8, yet wrong)."""
    sample = raw[:400]
    zeros = max(sample[0::2].count(0), sample[1::2].count(0))
    return len(sample) >= 4 and zeros * 4 > len(sample)


def _looks_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def parsed_file(file: Path) -> tuple[yaml.Node | None, str | None]:
    """A file's node tree and text, composed once: ``validate.place`` places every problem of a file with it
    (4,000 problems in one file: one parse, not 4,000)."""
    text, _ = read_text(file, "")
    return (None, None) if text is None else (_compose(text, "")[0], text)
