"""What is secret (什么是秘密): every petitioner value, every query code, every internal text — and their variants.

The list does not come from the schema's ``x-public`` marks alone, because a pull request that flips a mark
would then switch the guard off for exactly what it publishes. Three sources, independent of the marks:

- every string anywhere under ``petitioners`` (姓名、电话、身份证号、工作单位、住址, and any key added later);
- every query code (查询码);
- every internal free text of at least four characters: the fields listed in ``ALWAYS_INTERNAL`` plus whatever
  the packaged schema keeps internal. A text that the editor also wrote into a public field is public by
  choice and is not a secret (the public field is checked for petitioner values like any other).

Each value is searched in the forms a reader recognises (``Secret.form``): as written (in the ``letters``
view, where traditional characters read as simplified ones), a name in pinyin (pypinyin), an employer without its place and company form
(测试精密机械有限公司 → 测试精密机械, 测试精密), an address without province, city and district. Thresholds,
chosen so that a hit identifies someone:

=============  =======================================================================================
name           2 characters or more; pinyin 5 letters or more, matched as whole words
employer core  4 characters or more after the place and the company form are removed
address part   6 characters or more, or 4 and more with a house number
phone          7 digits or more (a landline also without its area code, 7–8 digits, as a whole number)
ID number      the 18 characters
query code     its 12 letters and digits
internal text  4 characters or more, compared as a whole; in built files 10 or more and no ordinary word
=============  =======================================================================================

A value is *ambiguous* when it is also an ordinary word (jieba's dictionary frequency ≥ ``COMMON_WORD``,
e.g. 高峰, 平安) or the name of a leader, unit or the union (public by nature). An ambiguous value is still
searched in every public text of the data and still stops the build, but the editor may mark one
occurrence as reviewed (``allowances``), and it is not searched in the built files, where the word occurs
for other reasons. Nothing is ever excluded because a reference file carries the same name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping  # not typing's alias: isinstance on it is ~8× slower, and runs per value
from dataclasses import dataclass
from functools import cache
from typing import Any, Callable, Iterable, Iterator

from ..errors import Pointer
from .perceive import letters, letters_many, perceive, perceive_many

COMMON_WORD = 50
"""jieba's dictionary frequency from which a name is also an ordinary word."""

MIN_NAME, MIN_PINYIN, MIN_CORE, MIN_ADDRESS, MIN_TEXT, MIN_DIGITS = 2, 5, 4, 6, 4, 7
MIN_TEXT_IN_FILES = 10
"""An internal text shorter than this (or an ordinary word) is vocabulary, not a quotation: the output scan
leaves it to the check of public texts and of the schema."""

# Internal whatever the schema says: a schema that marks one of these public is refused by the guard.
ALWAYS_INTERNAL: tuple[Pointer, ...] = (
    ("petitioners",), ("query_code",), ("summary",), ("demands",), ("not_accepted_reason",),
    ("extension", "reason"), ("package", "plan"), ("package", "four_duties"), ("package", "withheld_reason"),
    ("history", "*", "note"), ("history", "*", "minutes"), ("conclusion", "result"), ("reviews", "*", "opinion"),
)

TITLES = {"name": "姓名", "phone": "电话", "id_number": "身份证号", "employer": "工作单位", "address": "住址",
          "query_code": "查询码", "text": "内部记录"}
FORMS = {"as_written": "", "pinyin": "（拼音）", "core": "（简称）",
         "local": "（省略省市的写法）"}


@dataclass(frozen=True)
class Secret:
    """One form of one internal value that must not be published, and where the value is recorded."""

    value: str
    """As searched: the ``letters`` view for words, digits for numbers, lower-case syllables for pinyin."""
    field: str
    """name, phone, id_number, employer, address, query_code or text."""
    path: str
    pointer: Pointer
    form: str = "as_written"
    ambiguous: bool = False

    @property
    def numeric(self) -> bool:
        return self.field in ("phone", "id_number")

    @property
    def title(self) -> str:
        return TITLES.get(self.field, TITLES["text"])

    def described(self) -> str:
        """信访人的姓名（拼音） — what kind of value, never the value itself."""
        owner = "" if self.field in ("query_code", "text") else "信访人的"
        return f"{owner}{self.title}{FORMS[self.form]}"


@dataclass(frozen=True)
class Record:
    """A data file's record as the privacy checks see it."""

    path: str
    kind: str  # case or schedule
    data: Mapping[str, Any]
    pointer: Pointer = ()
    published: bool = True
    key: str = ""
    """The content key of the record's file (``generator.cache``), when the caller has one: the caches of the
    privacy checks find this record's results by it."""


# -- collecting -------------------------------------------------------------------------------------------

Row = tuple[str, str, str, Pointer, str, bool]
"""A secret as the caches keep it: value, field, path, pointer, form, and whether it is an ordinary word."""
Rows = Callable[[Record, str], list[Row]]


def collect(cases: Iterable[Record], public_names: Iterable[str], texts: bool = False,
            rows: Rows | None = None) -> list[Secret]:
    """Every secret of every case, each form once (the first place it is recorded is named).

    ``texts``: internal free texts too (the output scan needs them; the check of public texts does not, since a
    public text that holds an internal text is public by choice). ``rows``: where one case's secrets come from
    (``case_rows``, or a cache of its answers keyed by the case file's content).
    """
    rows = rows or case_rows
    public = {letters(perceive(n)) for n in public_names} - {""}
    found: dict[tuple[str, str], Secret] = {}
    for record in cases:
        for part in ("petitioners", "texts") if texts else ("petitioners",):
            for value, field, path, pointer, form, common in rows(record, part):
                if (value, form) in found:  # the first place a form is recorded is named (no object for the others)
                    continue
                secret = Secret(value, field, path, tuple(pointer), form)
                if field in ("name", "employer", "address") and (value in public or common):
                    secret = _ambiguous(secret)
                elif field == "text" and (len(value) < MIN_TEXT_IN_FILES or common):
                    secret = _ambiguous(secret)  # 人民法院, 电话督办: the site's own pages use such words
                found.setdefault((secret.value, secret.form), secret)
    return list(found.values())


def case_rows(record: Record, part: str) -> list[Row]:
    """One case's secrets (``part``: its petitioners and query code, or its internal texts) as plain rows: a
    function of the case alone (the tool's dictionaries aside), so a cache may keep them by the file's content."""
    if part == "texts":  # only a text of ``MIN_TEXT_IN_FILES`` letters or more can be an ordinary word that counts
        long_words = _long_common_words()
        return [(s.value, s.field, s.path, s.pointer, s.form, s.value in long_words) for s in _of_texts(record)]
    common = _common_words()
    return [(s.value, s.field, s.path, s.pointer, s.form, s.field in _WORDS and s.value in common)
            for s in _of_petitioners(record)]


_WORDS = ("name", "employer", "address", "text")


def _ambiguous(secret: Secret) -> Secret:
    return Secret(secret.value, secret.field, secret.path, secret.pointer, secret.form, ambiguous=True)


def _of_petitioners(record: Record) -> Iterator[Secret]:
    data, path = record.data, record.path
    found = [(key if key in TITLES else "text", text, pointer)
             for i, person in enumerate(data.get("petitioners") or []) if isinstance(person, Mapping)
             for key, value in person.items() for text, pointer in _strings(value, ("petitioners", i, key))]
    seen = perceive_many([text for _, text, _ in found])  # the case's values in one pass
    views = letters_many(seen)
    for (field, _, pointer), perceived, value in zip(found, seen, views):
        yield from _forms(field, perceived, value, path, pointer)
    code = data.get("query_code")
    if isinstance(code, str) and (value := letters(perceive(code))):
        yield Secret(value, "query_code", path, ("query_code",))


def _of_texts(record: Record) -> Iterator[Secret]:
    # shorter internal texts are searched nowhere (see ``collect``): not worth perceiving
    found = [(pointer, text) for pointer, text in internal_texts(record.data) if len(text) >= MIN_TEXT_IN_FILES]
    values = perceive_many([text for _, text in found], view=True)  # the case's texts in one pass
    for (pointer, _), value in zip(found, values):
        if len(value) >= MIN_TEXT:
            yield Secret(value, "text", record.path, pointer)


def _strings(value: Any, pointer: Pointer) -> Iterator[tuple[str, Pointer]]:
    if isinstance(value, str):
        yield value, pointer
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*pointer, i))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, (*pointer, key))


def internal_texts(data: Mapping[str, Any]) -> Iterator[tuple[Pointer, str]]:
    """Internal free texts of a case: ``ALWAYS_INTERNAL`` and the packaged schema's internal text fields.

    In the order of the fields' list (each field's values in document order), a field listed twice once; the
    fields are walked as one tree (``_field_tree``), so a part of the document shared by several fields is
    visited once: this runs for every case of every build."""
    found: list[tuple[int, Pointer, Any]] = []
    _walk(data, _field_tree((*ALWAYS_INTERNAL[2:], *_schema_internal_texts())), (), found)
    found.sort(key=lambda entry: entry[0])
    for _, pointer, value in found:
        yield from ((p, t) for t, p in _strings(value, pointer))


@cache
def _field_tree(templates: tuple[Pointer, ...]) -> dict[Any, Any]:
    """The fields as a tree of their parts ("*": every item of a list); ``None`` marks where the field with that
    number in ``templates`` ends (the first, when one is listed twice)."""
    tree: dict[Any, Any] = {}
    for number, template in enumerate(templates):
        node = tree
        for head in template:
            node = node.setdefault(head, {})
        node.setdefault(None, number)
    return tree


def _walk(data: Any, tree: dict[Any, Any], pointer: Pointer, found: list[tuple[int, Pointer, Any]]) -> None:
    for head, below in tree.items():
        if head is None:
            found.append((below, pointer, data))
        elif head == "*":
            if isinstance(data, list):
                for i, item in enumerate(data):
                    _walk(item, below, (*pointer, i), found)
        elif (type(data) is dict or isinstance(data, Mapping)) and head in data:
            _walk(data[head], below, (*pointer, head), found)


def _schema_internal_texts() -> tuple[Pointer, ...]:
    """The packaged case schema's free-text fields that are not marked public (kept apart from the marks' use
    in the projection only by being read here as well: the union of both lists is searched)."""
    from ..schema import schema

    return _internal_texts_of(schema("case"))


@cache
def _internal_texts_of(sch: Any) -> tuple[Pointer, ...]:
    templates = sch.fields(lambda node, public: not public and node.get("type") == "string"
                                      and "enum" not in node and "pattern" not in node and node.get("format") != "date")
    return tuple(tuple("*" if part == 0 or part == "*" else part for part in t) for t in templates)


# -- forms --------------------------------------------------------------------------------------------------

def _forms(field: str, seen: str, value: str, path: str, pointer: Pointer) -> Iterator[Secret]:
    """A value's forms; ``seen``: the value perceived (``perceive``), ``value``: its ``letters`` view."""
    if field in ("phone", "id_number"):
        yield from _numbers(field, seen, path, pointer)
        return
    if len(value) < (MIN_NAME if field == "name" else MIN_TEXT):
        return
    yield Secret(value, field, path, pointer)
    if field == "name":
        for spelled in pinyin_forms(value):
            yield Secret(spelled, field, path, pointer, "pinyin")
    elif field == "employer":
        for core in employer_cores(value):
            yield Secret(core, field, path, pointer, "core")
    elif field == "address":
        for part in address_parts(value):
            yield Secret(part, field, path, pointer, "local")


def _numbers(field: str, seen: str, path: str, pointer: Pointer) -> Iterator[Secret]:
    digits = "".join(c for c in seen if c.isdigit() or c in "Xx").upper()
    if field == "phone" and digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]  # +86
    if len(digits) < MIN_DIGITS:
        return
    yield Secret(digits, field, path, pointer)
    if field == "phone" and digits.startswith("0") and 10 <= len(digits) <= 12:
        local = digits[-8:] if len(digits) - 8 in (3, 4) else digits[-7:]
        yield Secret(local, field, path, pointer, "local")  # 010-6512 3456 written as 6512 3456


def pinyin_forms(name: str) -> set[str]:
    """李测甲 → ``li ce jia`` and ``ce jia li`` (surname last, as in English), when long enough to identify;
    a space stands where the writer may put a space, a hyphen, an apostrophe or nothing."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,6}", name):
        return set()
    syllables = [_syllable(c) for c in name]
    if not all(s.isascii() and s.isalpha() for s in syllables) or len("".join(syllables)) < MIN_PINYIN:
        return set()
    head = 2 if len(name) > 2 and _compound_surname(name) else 1
    return {" ".join(syllables), " ".join(syllables[head:] + syllables[:head])}


NAME_CHARACTERS = range(0x4E00, 0xA000)
"""The characters ``pinyin_forms`` reads (CJK Unified Ideographs, U+4E00–U+9FFF: its pattern's range)."""


def _syllable(char: str) -> str:
    """A character's reading (pypinyin's ``lazy_pinyin`` of the character alone): a name is read character by
    character anyway, and the library's phrase matching costs a tenth of a millisecond a name."""
    return _readings()[char]


@cache
def _readings() -> dict[str, str]:
    """Every character's reading, kept in this user's cache folder (signed, keyed by the tool, whose digest holds
    pypinyin's version): importing pypinyin and its phrase table costs 0.28 s, paid once per check before its
    workers are forked; the 20,992 readings load in 0.01 s (made in 0.3 s when missing)."""
    from ..cache import Store, cached, digest, tool_digest, user_folder

    def made() -> dict[str, str]:
        from pypinyin import lazy_pinyin

        return {chr(c): lazy_pinyin(chr(c))[0] for c in NAME_CHARACTERS}

    store = Store(user_folder(), "readings")
    table: dict[str, str] = cached(store, digest("readings", tool_digest()), made)
    store.save()  # writes nothing when the table was found
    return table


_PLACE = re.compile(r"^(?:.{1,9}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|盟|县|区|旗|镇|乡|街道))")
_COMPANY_FORM = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "分公司", "总公司", "集团",
                 "公司", "总厂", "分厂", "工厂", "厂", "合作社", "事务所", "商行", "企业")


def employer_cores(value: str) -> set[str]:
    """The distinctive part of an employer's name: without the place in front and the company form behind."""
    cores, name = set(), value
    for _ in range(3):
        shorter = _PLACE.sub("", name, count=1)
        if shorter == name or len(shorter) < MIN_CORE:
            break
        name = shorter
        cores.add(name)
    for base in list(cores | {value}):
        form = next((f for f in _COMPANY_FORM if base.endswith(f)), "")  # the longest first: 有限公司, not 公司
        if form and len(base) - len(form) >= MIN_CORE:
            cores.add(base[: -len(form)])
    return {c for c in cores if len(c) >= MIN_CORE} - {value}


def address_parts(value: str) -> set[str]:
    """An address without its province, city and district, as people write it locally."""
    parts, rest = set(), value
    for _ in range(4):
        shorter = _PLACE.sub("", rest, count=1)
        if shorter == rest:
            break
        rest = shorter
        if len(rest) >= MIN_ADDRESS or (len(rest) >= MIN_TEXT and re.search(r"[0-9]", rest)):
            parts.add(rest)
    return parts - {value}


_COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
             "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "万俟", "呼延")


def _compound_surname(name: str) -> bool:
    return name.startswith(_COMPOUND)


def surname(name: str) -> str:
    """The surname, as the anonymised form keeps it: 张某, 欧阳某; an ethnic-minority name keeps its first character."""
    return name[:2] if _compound_surname(name) and len(name) > 2 else name[:1]


@cache
def tokenizer() -> Any:
    """One private jieba tokenizer for the privacy checks (its dictionary loads once, about half a second): the
    site's search configures the global one and must not be disturbed."""
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.ERROR)
    private = jieba.Tokenizer()
    private.initialize()
    return private


@cache
def _common_words() -> frozenset[str]:
    """The ordinary words of jieba's dictionary: frequency ``COMMON_WORD`` or more, as the tokenizer counts them.

    Kept in this user's cache folder (``cache.user_folder``, signed like every cache), keyed by the dictionary
    file's bytes and the tool: read from there in ~0.02 s, instead of the 0.3 s of reading them out of the
    dictionary (``_words_of``) — a cold check of every case asks this once, before its workers are forked, so it
    is time no other work overlaps. Without a cache folder they are read from the dictionary every time."""
    import jieba

    from ..cache import Store, cached, digest, tool_digest, user_folder

    with jieba.Tokenizer().get_dict_file() as file:
        raw = file.read()
    store = Store(user_folder(), "common-words")
    words: frozenset[str] = cached(store, digest("common-words", tool_digest(), COMMON_WORD, raw), _words_of, raw)
    store.save()  # writes nothing when the words were found
    return words


def _words_of(raw: bytes) -> frozenset[str]:
    """The ordinary words of the dictionary file's bytes, read straight from them (a line is ``word frequency [tag]``; a
    later line of the same word overrides an earlier one, as jieba reads it), in 0.3 s instead of the 0.8–1.5 s
    that building the tokenizer costs (its table of 350,000 words and every prefix). Only the lines whose
    frequency can reach ``COMMON_WORD`` are read word by word; a word written on two lines is settled by its last."""
    text = raw.decode("utf-8")
    first, digits = str(COMMON_WORD)[0], len(str(COMMON_WORD))
    high = rf"(?:[1-9]\d{{{digits},}}|[{first}-9]\d{{{digits - 1}}})"  # every count >= COMMON_WORD, and a few below
    common = {word for word, count in re.findall(rf"^(\S+) ({high})\b", text, re.M) if int(count) >= COMMON_WORD}
    seen: set[str] = set()
    twice = {word for word in re.findall(r"^\S+", text, re.M) if word in seen or seen.add(word)}  # type: ignore[func-returns-value]
    for word in twice:
        last = int(re.findall(rf"^{re.escape(word)} (\d+)", text, re.M)[-1])
        (common.add if last >= COMMON_WORD else common.discard)(word)
    return frozenset(common)


@cache
def _long_common_words() -> frozenset[str]:
    """The ordinary words of ``MIN_TEXT_IN_FILES`` characters or more: the only ones that can make an internal text
    ambiguous, since ``collect`` treats every shorter text as vocabulary anyway."""
    return frozenset(word for word in _common_words() if len(word) >= MIN_TEXT_IN_FILES)
