"""Public fields keep petitioners private (公开字段不含信访人信息), checked when the data is validated.

The leak guard refuses a *build* whose output holds a petitioner's detail; this rule tells the editor earlier,
at ``xinfang validate`` — the check every pull request runs — and at the exact field. A case's public text
(whatever the schema marks ``x-public``: title, public summary, public notes, public result …) must not
contain the name, phone, ID number, employer or address of one of the case's own petitioners, however it is
written (spaces or markup between the characters, full-width digits, Chinese numerals, HTML entities), nor
anything shaped like a mobile or ID number. The normalisation is the leak guard's own, so the two agree; a
detail of *another* case's petitioner is left to the build's guard, which searches for every case's details.

The rule is appended to ``validate.FILE_RULES``; it sees only files that passed the schema. Its findings are
warnings for now (the build's guard is the hard stop and reports the same field as an error); making them
errors would stop such a build one step earlier, at validation.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Iterator, Mapping, Protocol

from .errors import Pointer, Problem, warning
from .leakguard import chinese_numerals, collapse_digits, detect_patterns, mask, normalise, surname
from .schema import Template, schema, values_at

_NUMBERS = ("phone", "id_number")
_MIN_TEXT, _MIN_DIGITS = 2, 7  # as the leak guard: a one-character "name" or a short extension is not personal
_GAPS = re.compile(r"\s|<[^<>]{0,100}>")
_ASCII_DIGIT = re.compile(r"[0-9]")
_PATTERN_DIGITS = 11  # a mobile number has 11 digits, an ID number 17 or 18: fewer cannot match detect_patterns


class _Source(Protocol):
    path: str
    kind: str
    data: dict[str, Any]


class _Context(Protocol):
    def leader_ids(self) -> dict[str, Any]: ...

    units: Any
    union: Any


_NAMES_OF: dict[int, tuple[_Context, set[str]]] = {}


def _public_names(ctx: _Context) -> set[str]:
    """Names that are public by nature (leaders, units, the union): a petitioner sharing one cannot be told apart.

    Worked out once per check (the context), not once per case.
    """
    known = _NAMES_OF.get(id(ctx))
    if known is not None and known[0] is ctx:
        return known[1]
    _NAMES_OF.clear()  # one check at a time: never keep an old context alive
    _NAMES_OF[id(ctx)] = (ctx, names := _names_of(ctx))
    return names


def _names_of(ctx: _Context) -> set[str]:
    names = {leader.get("name", "") for leader in ctx.leader_ids().values()}
    names |= {unit.get("name", "") for unit in (ctx.units.data["units"] if ctx.units else [])}
    if ctx.union:
        names |= {ctx.union.data.get("name", ""), ctx.union.data.get("short_name", "")}
    return {_GAPS.sub("", normalise(n)) for n in names} - {""}


@cache
def _petitioner_fields() -> dict[str, str]:
    """The petitioner's properties the schema keeps internal, with their titles (电话, 身份证号 …)."""
    node = schema("case").at(("petitioners", 0)) or {}
    return {key: schema("case").resolve(sub).get("title", key) for key, sub in node.get("properties", {}).items()
            if schema("case").resolve(sub).get("x-public") is not True}


def _secrets(data: Mapping[str, Any], public: set[str]) -> Iterator[tuple[str, str, str]]:
    """(field, title, searchable value) of every detail of the case's petitioners."""
    fields = _petitioner_fields()
    for person in data.get("petitioners", []):
        for field, title in fields.items():
            raw = person.get(field)
            if not isinstance(raw, str):
                continue
            value = normalise(raw).strip()
            if field in _NUMBERS:
                value = "".join(ch for ch in value if ch.isdigit() or ch in "Xx").upper()
                value = value[2:] if field == "phone" and value.startswith("86") and len(value) == 13 else value
            else:
                value = _GAPS.sub("", value)
            if len(value) >= (_MIN_DIGITS if field in _NUMBERS else _MIN_TEXT) and value not in public:
                yield field, title, value


def case_public_privacy(ctx: _Context, src: _Source) -> Iterator[Problem]:
    """公开字段不得含信访人的姓名、电话、身份证号、工作单位、住址，也不得含形似手机号、身份证号的号码。"""
    if src.kind != "case":
        return
    secrets = list(_secrets(src.data, _public_names(ctx)))
    for template in _public_texts():
        for pointer, text in values_at(src.data, template):
            if isinstance(text, str):
                yield from _check_text(src, pointer, text, secrets)


@cache
def _public_texts() -> tuple[Template, ...]:
    """Where a case's public text is: the fields ``public_view`` keeps that hold text — not codes from a list
    or dates, which cannot name anyone. Read once from the schema's ``x-public`` marks."""
    return schema("case").fields(lambda node, public: public and node.get("type") == "string"
                                 and "enum" not in node and node.get("format") != "date")


def _check_text(src: _Source, pointer: Pointer, text: str, secrets: list[tuple[str, str, str]]) -> Iterator[Problem]:
    plain = normalise(text)
    squeezed = _GAPS.sub("", plain)
    digits = collapse_digits(chinese_numerals(plain)).upper()
    found: set[str] = set()
    for field, title, value in secrets:
        if value not in found and value in (digits if field in _NUMBERS else squeezed):
            found.add(value)
            advice = f"公开文字中请写作“{surname(value)}某”" if field == "name" else "请从公开内容中删除"
            yield warning(src.path, f"{_field(pointer)}：公开字段含信访人的{title} {mask(value, field)}；{advice}", pointer, "leak")
    if len(_ASCII_DIGIT.findall(plain)) < _PATTERN_DIGITS:
        return
    for _, number, kind in detect_patterns(plain):
        if number.upper() not in found:
            found.add(number.upper())
            shown = mask(number, "id_number" if kind == "身份证号" else "phone")
            yield warning(src.path, f"{_field(pointer)}：公开字段含形似{kind}的号码 {shown}；请从公开内容中删除", pointer, "leak")


def _field(pointer: Pointer) -> str:
    return schema("case").field_name(pointer)


FILE_RULES = [case_public_privacy]
