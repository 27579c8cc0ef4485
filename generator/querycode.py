"""查询码 as secrets: issued at random, never weak, never printed in a message, listed for the privacy guard.

A query code is the only thing that opens a petitioner's entry in the public lookup (``generator.lookup``):
12 characters of a 32-letter alphabet without 0/O and 1/I, grouped by 4 (``7KQ4-MZ9P-X2HD``), 60 bits from
``secrets``. Codes a person would type by hand — one character repeated, a run like ``2345-6789``, a pattern
of few characters, the example printed in the schema and the guide — are guessable, so validation refuses
them (without printing them: a message lands in CI logs and pull-request comments). ``issue`` never returns
such a code; ``assign`` writes a fresh code into an existing case file for ``xinfang code XF-…``.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any, Iterator, Mapping

from . import registry
from .errors import Problem, UsageProblem, error
from .output import replace_file

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols, 5 bits each
LENGTH = 12
GROUP = 4
EXAMPLE = "7KQ4-MZ9P-X2HD"  # printed in the schema, the guide and the lookup page: never a real code
MIN_DISTINCT = 5  # a random code has fewer than 5 different characters with probability ~5e-7
MAX_RUN = 5  # 6 characters in order up or down (alphabet, digits, keyboard) is typed (random: ~1e-6)
_ORDERS = ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", ALPHABET, "QWERTYUIOPASDFGHJKLZXCVBNM")


def normalize(code: str) -> str:
    """The code as the lookup reads it: NFKC (full-width → ASCII), upper case, letters and digits only.

    ``lookup.js`` does exactly the same, so "7kq4 mz9p x2hd" and "７ＫＱ４-MZ9P-X2HD" are one code.
    """
    text = unicodedata.normalize("NFKC", code).upper()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def grouped(raw: str) -> str:
    return "-".join(raw[i:i + GROUP] for i in range(0, len(raw), GROUP))


def weakness(code: str) -> str | None:
    """Why ``code`` is guessable (a short Chinese reason), or None for a code that could be random."""
    raw = normalize(code)
    if raw in _examples():
        return "是说明文字中的示例"
    if len(set(raw)) < MIN_DISTINCT:
        return "重复的字符太多"
    if _longest_run(raw) > MAX_RUN:
        return "含有连续的字母或数字序列"
    return None


@cache
def _examples() -> frozenset[str]:
    """The codes printed as examples, normalised (the schemas are the packaged ones: fixed for the process)."""
    from .schema import schema  # the schemas load once per process

    return frozenset(normalize(e) for e in (EXAMPLE, *schema("case").raw["properties"]["query_code"].get("examples", ())))


_POSITIONS = tuple({ch: i for i, ch in enumerate(order)} for order in _ORDERS)


def _longest_run(raw: str) -> int:
    """The longest stretch of neighbours one step apart, upwards or downwards, in any of ``_ORDERS``."""
    best = 1
    for positions in _POSITIONS:
        where = [positions.get(ch) for ch in raw]
        up = down = 1
        for a, b in zip(where, where[1:]):
            step = b - a if a is not None and b is not None else 0
            up = up + 1 if step == 1 else 1
            down = down + 1 if step == -1 else 1
            best = max(best, up, down)
    return best


def issue() -> str:
    """A fresh code from ``secrets``, drawn again in the rare case it looks typed by hand."""
    while True:
        code = grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))
        if weakness(code) is None:
            return code


# -- every code of a repository (for the lookup and for the privacy guard) ------------------------------

def query_codes(cases: Any) -> dict[str, str]:
    """Case id → query code as written, for every case that has one.

    ``cases`` is ``Repository.cases`` (typed cases) or any iterable of case mappings. The privacy guard uses
    it to treat each code (and ``normalize(code)``) as a secret that no public file may contain.
    """
    found: dict[str, str] = {}
    for case in cases:
        data: Mapping[str, Any] = case.raw if hasattr(case, "raw") else case
        if data.get("query_code"):
            found[data["id"]] = data["query_code"]
    return found


# -- validation rules ---------------------------------------------------------------------------------

@registry.rule("case")
def strong_query_codes(ctx: Any, src: Any) -> Iterator[Problem]:
    """A guessable code is an error; the message names the reason and the remedy, never the code."""
    if "query_code" not in src.data:
        return
    reason = weakness(src.data["query_code"])
    if reason:
        yield error(src.path, f"查询码 query_code：过于简单（{reason}），容易被猜中：请运行 xinfang code {src.data['id']} --replace "
                              "换发新查询码并交给信访人", ("query_code",), "weak-query-code")


@registry.repository_rule
def unique_query_codes(ctx: Any) -> Iterator[Problem]:
    """Two cases must never share a query code: one would see the other's progress (validation rule)."""
    seen: dict[str, str] = {}
    for src in ctx.cases:
        code = src.data.get("query_code")
        if code is None:
            continue
        first = seen.setdefault(normalize(code), src.path)
        if first != src.path:
            yield error(src.path, f"查询码 query_code：与 {first} 的查询码相同，请运行 xinfang code {src.data['id']} --replace "
                                  "换发新查询码，并告知信访人", ("query_code",), "duplicate-query-code")


# -- writing a code into a case file (xinfang code) -----------------------------------------------------

_LINE = re.compile(r"^query_code:[^\n]*\n?", re.M)
_ID_LINE = re.compile(r"^id:[^\n]*\n", re.M)


def written_in(text: str) -> bool:
    """Whether a case file's text has a ``query_code`` line (read before validation, e.g. by ``lookup.ensure_keys``)."""
    return _LINE.search(text) is not None


def code_line(code: str) -> str:
    return f"query_code: \"{code}\"  # 查询码：交给信访人查询进度；内部信息，绝不公开\n"


def assign(file: Path, shown: str, replace: bool) -> str:
    """Write a fresh code into the case file (replacing the old one only when ``replace``); return it.

    Only the ``query_code`` line changes (or one is added after ``id:``): comments and layout stay. The file
    is replaced atomically, so an interrupted run leaves the old file.
    """
    text = file.read_text(encoding="utf-8")
    old = _LINE.search(text)
    if old and not replace:
        raise UsageProblem(f"{shown} 已有查询码。如需作废旧码、换发新码（例如旧码泄露或与他案重复），请加 --replace")
    code = issue()
    if old:
        text = text[:old.start()] + code_line(code) + text[old.end():]
    else:
        at = _ID_LINE.search(text)
        if at is None:
            raise UsageProblem(f"{shown} 中找不到顶格的 id: 行，无法写入查询码")
        text = text[:at.end()] + code_line(code) + text[at.end():]
    replace_file(file, text)
    return code
