"""Text as a reader perceives it (所见即所读): the normalisation every privacy check runs before matching.

A browser shows ``李\u034f测甲`` as 李测甲, ``１３９`` and ``𝟏𝟑𝟗`` as 139, ``幺三九`` is read aloud as 139, and
``139·1234—5678`` is still one phone number. A byte-level search finds none of these. ``perceive`` turns a
text into what a reader takes from it, in named steps (``STEPS``) that run in order:

``decode``      HTML entities, ``%xx`` and JSON ``\\uXXXX`` escapes, until nothing changes (three rounds at most)
``nfkc``        compatibility forms: full-width, mathematical, superscript and circled digits, CJK
                compatibility ideographs and Kangxi radicals, ligatures
``invisible``   default-ignorable code points (U+034F, variation selectors, tag characters, zero-width …),
                format characters and combining marks (accents too: ``Lǐ`` reads as ``Li``)
``digits``      decimal digits of every script (Arabic-Indic, Devanagari, Thai …) as ASCII digits
``numerals``    Chinese numerals — 〇一二…九, 大写 壹贰叁…, spoken 幺 两 洞 拐 — as digits, only inside runs of at
                least four, so that ``2026年3月12日一名职工`` stays prose
``separators``  up to three separators between two digits removed (whitespace, dashes, dots, ·, punctuation)
``script``      (in the ``letters`` view) traditional Han characters as simplified ones, one by one (OpenCC)

Then two views: ``letters`` (whitespace, markup, punctuation and symbols removed, Latin lower-cased) for
names, employers, addresses, codes and texts; the perceived text itself (digits joined) for numbers.

Every step is a table lookup or a regular-expression substitution, so ``perceive`` runs in C over a whole
file; an ASCII text skips the character table and a text without a Chinese numeral the numeral step (neither
changes it), and ``perceive_many`` perceives many short texts (a case's values) in one pass. ``perceive_mapped`` does the same work span by span and keeps, for every output character, the offset
of the source character it came from: it runs only when a hit must be placed. A test checks both agree.
The property test in ``tests/test_privacy_properties.py`` disables each step in turn and watches a disguise
get through, so no step is dead weight.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Callable

# -- per-character tables (nfkc, invisible, digits) ----------------------------------------------------------

_IGNORABLE_RANGES = (  # Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15)
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)


def _ignorable(ch: str) -> bool:
    cp = ord(ch)
    if any(lo <= cp <= hi for lo, hi in _IGNORABLE_RANGES):
        return True
    return unicodedata.category(ch) in ("Mn", "Me", "Cf")


def _nfkc(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def _strip_invisible(text: str) -> str:
    """Drop ignorable characters and marks; decompose accented letters first so their base letter stays."""
    out = []
    for c in text:
        if "\uac00" <= c <= "\ud7a3":  # Hangul syllables decompose into letters, not marks: keep them whole
            out.append(c)
            continue
        out.extend(d for d in unicodedata.normalize("NFD", c) if not _ignorable(d))
    return unicodedata.normalize("NFC", "".join(out))


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


class _Table(dict):
    """A ``str.translate`` table filled on first sight of each character (a whole Unicode table costs seconds)."""

    def __init__(self, steps: frozenset[str]) -> None:
        super().__init__()
        self.steps = steps

    def __missing__(self, cp: int) -> str | None:
        out = chr(cp)
        if "nfkc" in self.steps:
            out = _nfkc(out)
        if "invisible" in self.steps:
            out = _strip_invisible(out)
        if "digits" in self.steps:
            out = _ascii_digits(out)
        self[cp] = out
        return out


@cache
def _table(steps: frozenset[str]) -> _Table:
    return _Table(steps)


class _Runs(dict):
    """A run of unstable characters → its translation through ``table``, on first sight: a built site has few
    distinct runs (full-width punctuation, zero-width spaces between Pagefind's words) and very many of them."""

    LIMIT = 200_000

    def __init__(self, steps: frozenset[str]) -> None:
        super().__init__()
        self.table = _table(steps)

    def __missing__(self, run: str) -> str:
        if len(self) >= self.LIMIT:  # a long-lived process (``serve``) or binary noise: start afresh
            self.clear()
        out = self[run] = run.translate(self.table)
        return out


@cache
def _runs(steps: frozenset[str]) -> _Runs:
    return _Runs(steps)


# Characters no per-character step changes: most of any page. A text made only of them skips the table.
_STABLE_CHARS = "\t\n\r\x20-\x7e\u4e00-\u9fff\u3001\u3002\u300a-\u3011\u201c\u201d\u2018\u2019\u2014"
# Only the runs of other characters go through the table (a translate over a whole page costs a microsecond
# a character; most of a Chinese page is stable and is copied as it is).
_UNSTABLE_RUN = re.compile(f"([^{_STABLE_CHARS}]+)")  # ``split`` keeps the runs, at the odd places

# -- the context steps (decode, numerals, separators) -------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_JSON_U = re.compile(r"\\u[0-9a-fA-F]{4}")


def _entity(m: re.Match[str]) -> str:
    import html

    return html.unescape(m.group())


def _percent(m: re.Match[str]) -> str:
    from urllib.parse import unquote

    return unquote(m.group(), errors="strict") if _utf8(m.group()) else m.group()


def _utf8(escaped: str) -> bool:
    try:
        bytes(int(escaped[i + 1:i + 3], 16) for i in range(0, len(escaped), 3)).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _json_u(m: re.Match[str]) -> str:
    return chr(int(m.group()[2:], 16))


# Digits as a reader hears them: 〇/零/洞 0, 一/幺/壹 1, 二/两/贰/貳 2, 三/叁/參 3, 四/肆 4, 五/伍 5, 六/陆/陸 6,
# 七/柒/拐 7, 八/捌 8, 九/玖 9.
NUMERALS = {
    "〇": "0", "零": "0", "洞": "0", "一": "1", "幺": "1", "壹": "1", "二": "2", "两": "2", "贰": "2", "貳": "2",
    "三": "3", "叁": "3", "參": "3", "四": "4", "肆": "4", "五": "5", "伍": "5", "六": "6", "陆": "6", "陸": "6",
    "七": "7", "柒": "7", "拐": "7", "八": "8", "捌": "8", "九": "9", "玖": "9",
}
_NUMERAL_TABLE = str.maketrans(NUMERALS)
_DIGIT = "0-9" + "".join(NUMERALS)
# A separator between digit groups: whitespace, dashes, dots, the middle dots, commas and punctuation of prose
# (，、。：；/\\_()（）) — not colons, quotes or brackets, which structure JSON and HTML. Full-width forms are
# folded by ``nfkc`` before this step (，→ ,).
SEPARATORS = " \t\r\n\u00a0\u3000\u2000-\u200a\u202f\u205f" + "\\-\u2010-\u2015\u2212\u30fc\uff0d" + \
    ".,\u00b7\u2022\u2027\u30fb\u318d\uff0e\u3002" + "\uff0c\u3001\uff1a\uff1b;/\\\\_()\uff08\uff09~\uff5e"
_NUMERAL_RUN = re.compile(f"[{_DIGIT}](?:[{SEPARATORS}]{{0,3}}[{_DIGIT}]){{3,}}")
_BETWEEN_DIGITS = re.compile(f"(?<=[0-9])[{SEPARATORS}]{{1,3}}(?=[0-9])")


def _numeral_run(m: re.Match[str]) -> str:
    run = m.group()
    if not any(c in NUMERALS for c in run):
        return run
    # a run of four or more: only then is 一二三 a number (a date's 2026年3月12日 has runs of four digits, but
    # those are digits already and keep their value)
    return run.translate(_NUMERAL_TABLE)


STEPS: tuple[str, ...] = ("decode", "nfkc", "invisible", "digits", "numerals", "separators", "script")
"""The steps of ``perceive``, in order. Tests switch them off one at a time (``disabled``)."""

_disabled: set[str] = set()


class disabled:  # noqa: N801 - used as ``with disabled(...)``, like contextlib's helpers
    """``with disabled("numerals"): …`` — for the tests that prove each step is needed."""

    def __init__(self, *steps: str) -> None:
        self.steps = steps

    def __enter__(self) -> None:
        _disabled.update(self.steps)

    def __exit__(self, *exc: object) -> None:
        _disabled.difference_update(self.steps)


def _on(step: str) -> bool:
    return step not in _disabled


# -- fast path ---------------------------------------------------------------------------------------------

def perceive(text: str, join: bool = True) -> str:
    """``text`` as a reader perceives it (see the module's docstring), computed in C where it can be.

    ``join=False`` leaves separators between digits (``join_digits`` does that step on its own).
    """
    if _on("decode"):
        for _ in range(3):
            decoded = _decode_once(text)
            if decoded == text:
                break
            text = decoded
    steps = _table_steps()
    if steps and not text.isascii():  # ASCII is stable (tests/test_privacy_many.py checks it)
        parts = _UNSTABLE_RUN.split(text)
        if len(parts) > 1:
            parts[1::2] = map(_runs(steps).__getitem__, parts[1::2])  # each distinct run translated once
            text = "".join(parts)
    if _on("numerals") and _HAS_NUMERAL.search(text):  # a run of ASCII digits alone is left as it is
        text = _NUMERAL_RUN.sub(_numeral_run, text)
    return join_digits(text) if join else text


def _table_steps() -> frozenset[str]:
    """The steps of the character table now on (all, but in the tests that switch one off)."""
    return frozenset(s for s in ("nfkc", "invisible", "digits") if s not in _disabled) if _disabled else _ALL_TABLE_STEPS


_ALL_TABLE_STEPS = frozenset(("nfkc", "invisible", "digits"))
_HAS_NUMERAL = re.compile("[" + "".join(NUMERALS) + "]")


SEP = "\u9fa5"
"""龥: what ``perceive_many`` joins texts with. A letter (so ``letters`` keeps it) that no step changes or
reaches across: not ASCII, not a digit, numeral or separator, not traditional, not cased, not ignorable,
stable under NFKC; a text that holds it (or decodes to it) is perceived on its own."""


def perceive_many(texts: list[str], join: bool = True, view: bool = False) -> list[str]:
    """``[perceive(t, join) for t in texts]`` (``view``: ``letters`` of each), in one pass over all of them.

    The texts are joined by ``SEP``, perceived once and split again: every step works within the stretch
    between two ``SEP`` (no escape, digit run, separator or gap contains it), so each piece is what the text
    alone gives; if the count of ``SEP`` is not what it was, some text held or produced one, and each text
    is perceived on its own (tests/test_privacy_many.py compares both on disguised texts)."""
    def one(text: str) -> str:
        seen = perceive(text, join)
        return letters(seen) if view else seen

    return _in_one_pass(texts, one)


def letters_many(texts: list[str]) -> list[str]:
    """``[letters(t) for t in texts]`` in one pass (as ``perceive_many``: ``letters`` keeps ``SEP`` and works
    between two of them)."""
    return _in_one_pass(texts, letters)


def _in_one_pass(texts: list[str], view: Callable[[str], str]) -> list[str]:
    """``[view(t) for t in texts]`` as ``view`` of the texts joined by ``SEP``, split again; each text on its own
    when a text holds ``SEP`` or the pieces do not come out one a text."""
    if len(texts) > 1:
        whole = SEP.join(texts)
        if whole.count(SEP) == len(texts) - 1:
            pieces = view(whole).split(SEP)
            if len(pieces) == len(texts):
                return pieces
    return [view(t) for t in texts]


def join_digits(text: str) -> str:
    """``139 1234—5678`` → ``13912345678``: the last step of ``perceive``."""
    return _BETWEEN_DIGITS.sub("", text) if _on("separators") else text


def _decode_once(text: str) -> str:
    if "\\u" in text:
        text = _JSON_U.sub(_json_u, text)
    if "%" in text:
        text = _PERCENT.sub(_percent, text)
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return text


# -- the same, with offsets ---------------------------------------------------------------------------------

def perceive_mapped(text: str, join: bool = True) -> tuple[str, list[int]]:
    """``perceive(text, join)`` and, for each of its characters, the offset in ``text`` it comes from."""
    origin = list(range(len(text)))
    if _on("decode"):
        for _ in range(3):
            before = text
            for pattern, repl, marker in ((_JSON_U, _json_u, "\\u"), (_PERCENT, _percent, "%"), (_ENTITY, _entity, "&")):
                if marker in text:
                    text, origin = _sub_mapped(pattern, repl, text, origin)
            if text == before:
                break
    table_steps = frozenset(s for s in ("nfkc", "invisible", "digits") if _on(s))
    if table_steps:
        table = _table(table_steps)
        out, mapped = [], []
        for ch, at in zip(text, origin):
            rep = table[ord(ch)]
            out.append(rep)
            mapped.extend([at] * len(rep))
        text, origin = "".join(out), mapped
    if _on("numerals"):
        text, origin = _sub_mapped(_NUMERAL_RUN, _numeral_run, text, origin)
    return join_digits_mapped(text, origin) if join else (text, origin)


def join_digits_mapped(text: str, origin: list[int]) -> tuple[str, list[int]]:
    if _on("separators"):
        text, origin = _sub_mapped(_BETWEEN_DIGITS, lambda m: "", text, origin)
    return text, origin


def _sub_mapped(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str,
                origin: list[int]) -> tuple[str, list[int]]:
    """``pattern.sub(repl, text)`` keeping offsets: a replacement's characters come from its match's start."""
    out, mapped, at = [], [], 0
    for m in pattern.finditer(text):
        out.append(text[at:m.start()])
        mapped.extend(origin[at:m.start()])
        rep = repl(m)
        out.append(rep)
        if len(rep) == m.end() - m.start():
            mapped.extend(origin[m.start():m.end()])
        else:
            mapped.extend([origin[m.start()] if m.start() < len(origin) else len(origin)] * len(rep))
        at = m.end()
    out.append(text[at:])
    mapped.extend(origin[at:])
    return "".join(out), mapped


# -- views ---------------------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^<>]{0,100}>")
_NOT_LETTER = re.compile(r"[\W_]+")  # whitespace, punctuation, symbols: everything but letters and digits


def letters(text: str, markup: bool = False) -> str:
    """The perceived text without gaps (whitespace, punctuation, symbols), Latin lower-cased, Han characters
    simplified: ``李 测·甲``, ``李測甲`` → ``李测甲``; with ``markup``, tags are gaps too (``李<b>测</b>甲``), and
    what is inside them (a link's address) is searched in the view without ``markup``."""
    out = _NOT_LETTER.sub("", _TAG.sub("", text) if markup else text).lower()
    return out if out.isascii() else simplified(out)


def letters_mapped(text: str, origin: list[int], markup: bool = False) -> tuple[str, list[int]]:
    """``letters`` with offsets (into the source ``origin`` maps to)."""
    if markup:
        text, origin = _sub_mapped(_TAG, lambda m: "", text, origin)
    out, mapped = _sub_mapped(_NOT_LETTER, lambda m: "", text, origin)
    return simplified(out.lower()), mapped


def simplified(text: str) -> str:
    """Traditional Han characters as simplified ones, character by character (OpenCC's table), so that 劉測甲
    and 刘測甲 read as 刘测甲: the ``script`` step. Texts without a traditional character pass untouched."""
    if not _on("script"):
        return text
    table, pattern = _script_table()
    return text.translate(table) if pattern.search(text) else text


@cache
def _script_table() -> tuple[dict[int, str], re.Pattern[str]]:
    import opencc

    convert = opencc.OpenCC("t2s").convert
    table = {}
    for cp in range(0x3400, 0xA000):
        ch = chr(cp)
        out = convert(ch)
        if out != ch and len(out) == 1:
            table[cp] = out
    return table, re.compile("[" + "".join(map(chr, sorted(table))) + "]")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1

