"""The leak guard (泄露检查): no petitioner detail may leave in any public file.

``scan(folder, repository, paths)`` reads every file under ``folder`` (pages, search index, sitemap, feed,
calendar, JSON, CSV, contributed files) and looks for

- every value of the schema's internal petitioner fields (信访人 姓名、电话、身份证号、工作单位、住址) of
  every case in the repository, published or not;
- anything shaped like a mobile number (1[3-9] + 9 digits) or a mainland ID number whose GB 11643 check
  digit is valid, whoever it belongs to.

Text is normalised first, because a leak does not have to be literal: HTML entities, percent-encoding and
JSON ``\\u`` escapes are decoded, full-width digits become ASCII, zero-width spaces (the search plugin puts
them between Chinese words) are removed, separators between digits and Chinese numerals in number-like runs
are undone, and a name split by spaces or markup is found as well.

All secrets are searched in one pass per file (Aho-Corasick via ``pyahocorasick``; a trie-shaped regex when
it is missing), so the guard stays linear in the size of the site: about 170 MB of a 9,000-page site in
half a minute on two shared cores.

Each hit becomes a ``Problem`` at the ``path:line:col`` of the public field of the data that carries the
value (so the editor knows what to fix), or, when no public field does, at the place in the output file.
Values are masked in messages — build logs of public repositories are public too.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import unquote

from .config import Paths
from .errors import LeakFound, Pointer, Problem, error
from .loader import locate_in_file
from .model import Repository
from .public import leaves, public_view
from .schema import schema

try:  # Aho-Corasick in C: every secret of 10,000 cases searched in one pass over each file
    import ahocorasick
except ImportError:  # pragma: no cover - the trie regex gives the same answers, slower
    ahocorasick = None

# -- normalisation -----------------------------------------------------------------------------------------

_FULLWIDTH = {ord("０") + i: ord("0") + i for i in range(10)} | {ord("Ｘ"): ord("X"), ord("ｘ"): ord("x"),
                                                                   ord("－"): ord("-"), ord("＋"): ord("+")}
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\s\-\u00a0\u3000.()（）/_]{1,3}(?=\d)")
# Found by tests/test_pii_disguise.py: a name is hidden as well by spaces ("李 测 甲", "李　测甲") or markup
# ("李<b>测</b>甲") between its characters, and a number by Chinese numerals ("一三九…", 幺 for 1 as spoken).
_GAP = r"(?:\s|<[^<>]{0,100}>){0,4}"
_GAP_RE = re.compile(_GAP)
_CN_DIGITS = str.maketrans("〇零一幺二两三四五六七八九", "0011223456789")


def _json_unescape(text: str) -> str:
    return _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


_HAS_FULLWIDTH = re.compile("[０-９Ｘｘ－＋]")
# A run long enough to be a phone or ID number written (partly) in Chinese numerals: only such runs are
# translated, because 一, 二 … occur in every Chinese sentence and translating whole pages is slow.
_CN_NUMBER_RUN = re.compile(r"[0-9〇零一幺二两三四五六七八九](?:[0-9〇零一幺二两三四五六七八九]|[\s\-.()（）/_]{1,3}(?=[0-9〇零一幺二两三四五六七八九])){6,}")


def _json_escapes(text: str) -> str:
    """A JSON document written with \\u escapes (as the search index is), decoded in C when it parses."""
    if "\\u" not in text:
        return text
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        return _json_unescape(text)


def normalise(text: str) -> str:
    """Decode what a page may encode (entities, %xx, \\uXXXX) until nothing changes; unify digits."""
    for _ in range(3):  # double encoding (&amp;#49;) is undone too, but a loop cannot run away
        decoded = _json_unescape(text) if "\\u" in text else text
        decoded = unquote(decoded, errors="ignore") if "%" in decoded else decoded
        decoded = html.unescape(decoded) if "&" in decoded else decoded
        if decoded == text:
            break
        text = decoded
    if _HAS_FULLWIDTH.search(text):
        text = text.translate(_FULLWIDTH)
    return _INVISIBLE.sub("", text)


def chinese_numerals(text: str) -> str:
    """一三九… → 139…, only inside runs of seven or more digits and numerals."""
    return _CN_NUMBER_RUN.sub(lambda m: m.group().translate(_CN_DIGITS), text)


def collapse_digits(text: str) -> str:
    """``139 1234-5678`` → ``13912345678``: separators between digits do not hide a number."""
    return _BETWEEN_DIGITS.sub("", text)


# -- what is secret ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Secret:
    """One internal value that must not be published, and where it is recorded."""

    value: str
    """As it is searched for: normalised; digits only for numbers."""
    kind: str
    """The field's title, e.g. 电话."""
    field: str
    """The petitioner field, e.g. phone."""
    path: str
    pointer: Pointer

    @property
    def numeric(self) -> bool:
        return self.value.isdigit() or (self.value[:-1].isdigit() and self.value[-1] in "Xx")


_MIN_TEXT = 2   # a one-character "name" would match everywhere
_MIN_DIGITS = 7  # shorter numbers (extensions, hotlines such as 12351) are not personal


def _petitioner_fields() -> dict[str, str]:
    """The internal properties of a petitioner and their titles, read from the schema's marks."""
    node = schema("case").at(("petitioners", 0)) or {}
    return {key: schema("case").resolve(sub).get("title", key) for key, sub in node.get("properties", {}).items()
            if schema("case").resolve(sub).get("x-public") is not True}


def _searchable(field: str, text: str) -> str:
    value = normalise(text).strip()
    if field in ("phone", "id_number"):
        digits = "".join(ch for ch in value if ch.isdigit() or ch in "Xx")
        if field == "phone" and digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]  # +86 country code
        return digits.upper()
    return value


def secrets(repository: Repository) -> list[Secret]:
    """Every petitioner detail of every case (public or withheld), from the fields the schema keeps internal."""
    fields = _petitioner_fields()
    allowed = _public_reference_values(repository)
    found: dict[str, Secret] = {}
    for case in repository.cases:
        for i, person in enumerate(case.raw.get("petitioners", [])):
            for key, title in fields.items():
                raw = person.get(key)
                if not isinstance(raw, str):
                    continue
                value = _searchable(key, raw)
                too_short = len(value) < (_MIN_DIGITS if key in ("phone", "id_number") else _MIN_TEXT)
                if too_short or value in allowed or value in found:
                    continue
                found[value] = Secret(value, title, key, case.path, ("petitioners", i, key))
    return list(found.values())


def _public_reference_values(repository: Repository) -> set[str]:
    """Names that are public by nature (leaders, units, the union): a petitioner sharing one cannot be told apart."""
    values = {normalise(x) for x in (repository.union.name, repository.union.short_name)}
    values |= {"".join(ch for ch in repository.union.hotline if ch.isdigit())}
    values |= {normalise(leader.name) for leader in repository.leaders.values()}
    values |= {normalise(unit.name) for unit in repository.units.values()}
    return values - {""}


# -- pattern detectors ---------------------------------------------------------------------------------------

_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9](?:[ \-]?[0-9]){8}(?![0-9])")
_ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:[ \-]?[0-9]){11}[ \-]?[0-9Xx](?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit_valid(number: str) -> bool:
    """GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the first 17 digits."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def _looks_like_id(number: str) -> bool:
    month, day = int(number[10:12]), int(number[12:14])
    return 1 <= month <= 12 and 1 <= day <= 31 and number[6:8] in ("18", "19", "20") and id_check_digit_valid(number)


def detect_patterns(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, digits, kind) of every mobile number and valid ID number in normalised ``text``."""
    ids = []
    for m in _ID_NUMBER.finditer(text):
        digits = re.sub(r"[ \-]", "", m.group())
        if _looks_like_id(digits):
            ids.append(m.span())
            yield m.start(), digits, "身份证号"
    for m in _MOBILE.finditer(text):
        # "110105 19491231 002X": the digits after a space inside an ID number look like a mobile; one report
        if not any(start <= m.start() < end for start, end in ids):
            yield m.start(), re.sub(r"[ \-]", "", m.group()), "手机号码"


# -- masking --------------------------------------------------------------------------------------------------

_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
                      "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "万俟", "呼延")


def surname(name: str) -> str:
    return name[:2] if name.startswith(_COMPOUND_SURNAMES) and len(name) > 2 else name[:1]


def mask(value: str, field: str) -> str:
    """A value as it may appear in a log: 139****5678, 11010519********2X, 李**, 测试****."""
    if field == "id_number" or (len(value) == 18 and value[:17].isdigit()):
        return value[:8] + "*" * 8 + value[-2:]
    if value.isdigit():
        keep = 3 if len(value) >= 9 else 1
        return value[:keep] + "*" * (len(value) - keep - 4) + value[-4:] if len(value) > keep + 4 else "*" * len(value)
    if field == "name":
        head = surname(value)
        return head + "*" * (len(value) - len(head))
    return value[:2] + "****"


def _advice(secret_field: str, value: str) -> str:
    if secret_field == "name":
        return f"；公开文字中请写作“{surname(value)}某”"
    return "；请从公开内容中删除"


# -- searching ------------------------------------------------------------------------------------------------

def _trie_regex(words: Iterable[str], gap: str = "") -> re.Pattern[str] | None:
    """One regex for thousands of literal words, factored as a trie: much faster than a flat alternation.

    ``gap`` is allowed between two characters of a word (never before the first).
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True
    if not trie:
        return None

    def build(node: dict, inner: bool = False) -> str:
        ends = "" in node
        branches = [(gap if inner else "") + re.escape(ch) + build(child, True) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return re.compile(build(trie))


@dataclass(frozen=True)
class Hit:
    """One occurrence in one output file."""

    file: str
    line: int
    col: int
    value: str
    kind: str
    field: str
    secret: Secret | None


_GAPS = re.compile(r"(?:\s|<[^<>]{0,100}>)+")


def _strip_gaps(text: str) -> tuple[str, list[int], list[int]]:
    """The text without whitespace and tags, and how to map an offset in it back to ``text``.

    A name split by spaces or markup ("李 测<b>甲</b>") is whole again; ``starts``/``origins`` hold, for every
    kept piece, its offset in the stripped text and in the original text.
    """
    pieces, starts, origins, at, kept = [], [], [], 0, 0
    for gap in _GAPS.finditer(text):
        if gap.start() > at:
            pieces.append(text[at:gap.start()])
            starts.append(kept)
            origins.append(at)
            kept += gap.start() - at
        at = gap.end()
    if at < len(text):
        pieces.append(text[at:])
        starts.append(kept)
        origins.append(at)
    return "".join(pieces), starts, origins


def _origin(offset: int, starts: list[int], origins: list[int]) -> int:
    i = bisect_right(starts, offset) - 1
    return origins[i] + offset - starts[i] if i >= 0 else offset


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


class _Words:
    """Many literal words found in one pass: Aho-Corasick (pyahocorasick) when installed, else a trie regex."""

    def __init__(self, words: Iterable[str]) -> None:
        words = sorted(set(words))
        self.automaton = None
        self.regex = None
        if ahocorasick is not None and words:
            self.automaton = ahocorasick.Automaton()
            for word in words:
                self.automaton.add_word(word, word)
            self.automaton.make_automaton()
        elif words:
            self.regex = _trie_regex(words)

    def find(self, text: str) -> Iterator[tuple[int, str]]:
        """(start offset, word) of every occurrence."""
        if self.automaton is not None:
            for end, word in self.automaton.iter(text):
                yield end - len(word) + 1, word
        elif self.regex is not None:
            for m in self.regex.finditer(text):
                yield m.start(), m.group()


class _Matcher:
    """All secrets compiled once; finds them (and the patterns) in the text of one output file."""

    def __init__(self, found: list[Secret]) -> None:
        self.by_value = {s.value: s for s in found}
        self.by_bare = {_GAP_RE.sub("", s.value): s for s in found if not s.numeric}
        self.words = _Words(self.by_bare)
        self.numbers = _Words(s.value for s in found if s.numeric)

    def find(self, raw: str) -> Iterator[tuple[int, int, str, str, str, Secret | None]]:
        """(line, col, value, kind, field, secret) of every hit in a file's text."""
        text = normalise(raw)
        seen: set[tuple[int, str]] = set()
        for offset, bare in self.words.find(text):  # as written, attributes and URLs included
            seen.add((offset, bare))
        split = list(self.words.find(_GAPS.sub("", text)))  # split by spaces or markup
        if split:  # rare: only then is the offset mapping worth building
            stripped, starts, origins = _strip_gaps(text)
            seen |= {(_origin(offset, starts, origins), bare) for offset, bare in self.words.find(stripped)}
        for offset, bare in sorted(seen):
            secret = self.by_bare[bare]
            yield (*_line_col(text, offset), secret.value, secret.kind, secret.field, secret)
        numbers = collapse_digits(chinese_numerals(text)).upper()
        for offset, value in self.numbers.find(numbers):
            secret = self.by_value[value]
            yield (*_line_col(numbers, offset), value, secret.kind, secret.field, secret)
        for offset, digits, kind in detect_patterns(text):
            if digits.upper() not in self.by_value:  # known values were reported above with their source
                yield (*_line_col(text, offset), digits, kind, "id_number" if kind == "身份证号" else "phone", None)


_BINARY = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".eot", ".webp", ".pdf"}


def _text_of(file: Path) -> str | None:
    if file.suffix in _BINARY:
        return None
    data = file.read_bytes()
    if file.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except OSError:
            return None
    text = data.decode("utf-8", errors="replace")
    return _json_escapes(text) if file.suffix == ".json" else text


def find_hits(folder: Path, found: list[Secret]) -> list[Hit]:
    """Every occurrence of a secret or a personal-number pattern in every file under ``folder``."""
    matcher = _Matcher(found)
    hits: list[Hit] = []
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = _text_of(file)
        if text is None:
            continue
        rel = file.relative_to(folder).as_posix()
        for line, col, value, kind, field, secret in matcher.find(text):
            hits.append(Hit(rel, line, col, value, kind, field, secret))
    return sorted(hits, key=lambda h: (h.file, h.line, h.col, h.value))


# -- tracing a hit back to the data ----------------------------------------------------------------------

@dataclass(frozen=True)
class PublicField:
    path: str
    pointer: Pointer
    text: str


def public_fields(repository: Repository, paths: Paths) -> list[PublicField]:
    """Every public text of the data, normalised, with its file and pointer: where a leak can come from."""
    fields = []
    for case in repository.cases:
        for pointer, text in leaves(public_view("case", case.raw)):
            fields.append(PublicField(case.path, pointer, collapse_digits(normalise(text))))
    for rec in repository.receptions:
        for pointer, text in leaves(public_view("schedule", rec.raw, ("receptions", 0))):
            fields.append(PublicField(rec.path, ("receptions", rec.index, *pointer), collapse_digits(normalise(text))))
    return fields


def scan(folder: Path, repository: Repository, paths: Paths, shown_as: str = "site") -> list[Problem]:
    """The leak guard over ``folder``: one problem per leaked value and data field (or output place), masked."""
    hits = find_hits(Path(folder), secrets(repository))
    fields = public_fields(repository, paths) if hits else []
    grouped: dict[tuple, list[Hit]] = {}
    for hit in hits:
        sources = [f for f in fields if hit.value in f.text or hit.value in f.text.upper()
                   or _GAP_RE.sub("", hit.value) in _GAP_RE.sub("", f.text)]
        for key in ([(f.path, f.pointer, hit.value) for f in sources] or [(f"{shown_as}/{hit.file}", hit.line, hit.value)]):
            grouped.setdefault(key, []).append(hit)
    problems = [_problem(key, found, paths, shown_as) for key, found in grouped.items()]
    return sorted(problems, key=lambda p: (p.path, p.line, p.col, p.message))


def _problem(key: tuple, found: list[Hit], paths: Paths, shown_as: str) -> Problem:
    hit = found[0]
    shown = mask(hit.value, hit.field)
    origin = f"（{hit.secret.path} 中信访人的{hit.kind}）" if hit.secret else f"（形似{hit.kind}）"
    advice = _advice(hit.field, hit.value) if hit.secret else "；请从公开内容中删除"
    where = f"{shown_as}/{hit.file}:{hit.line}:{hit.col}"
    more = f" 等 {len(found)} 处" if len(found) > 1 else ""
    path, place = key[0], key[1]
    if isinstance(place, int):  # no public field carries it: the output itself is the place
        return error(path, f"公开网站含信访人信息 {shown}{origin}{more}{advice}", code="leak",
                     line=hit.line, col=hit.col)
    line, col = locate_in_file(paths.root / path, place)
    title = schema("case" if path.startswith("cases/") else "schedule").field_name(place)
    return error(path, f"{title}：公开字段含信访人信息 {shown}{origin}，见 {where}{more}{advice}",
                 place, code="leak", line=line, col=col)


def guard(folder: Path, repository: Repository, paths: Paths, shown_as: str = "site") -> None:
    """Raise ``LeakFound`` (after the caller reports the problems) when ``scan`` finds anything."""
    problems = scan(folder, repository, paths, shown_as)
    if problems:
        raise LeakFound(problems)
