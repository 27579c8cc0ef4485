"""Petitioner privacy (信访人隐私): the one module that decides what is secret, how a reader perceives a text,
whether a secret is in it, and how a value may be shown in a message.

Nothing about a petitioner — name, phone, ID number, employer, address, query code — and no internal note may
reach anything public. Judged by what a reader perceives, not by bytes: ``perceive`` undoes encodings,
compatibility forms, invisible characters and every way to write a digit; ``secrets`` lists every value in
every form a reader recognises (traditional characters, pinyin, an employer's short name, an address without
its province); ``check`` runs the same search over the public texts of the data (``xinfang validate`` and
``xinfang build``) and over every built file (the build's hard stop); ``mask`` is how any message shows a value.

| module     | job |
|------------|-----|
| perceive   | normalisation in named steps, with offsets back to the source |
| secrets    | what is secret, its forms and thresholds, what is ambiguous |
| match      | one pass over a text for every form of every secret and the phone/ID shapes |
| check      | the data check (validation and build), the schema check, the output scan, allowances |
| mask       | values as messages may show them |
| names      | personal names nobody listed (a hint, never the guard) |
"""

from __future__ import annotations

from typing import Any, Iterator

from .. import registry
from ..errors import Problem
from .check import ALLOWANCES, check_data, check_schema, digest, guard, inventory, public_texts, scan
from .mask import mask, mask_numbers
from .perceive import perceive
from .secrets import Record, Secret, surname

__all__ = ["ALLOWANCES", "Record", "Secret", "check_data", "check_schema", "digest", "guard", "inventory", "mask",
           "mask_numbers", "perceive", "public_texts", "scan", "surname", "public_privacy"]


@registry.repository_rule
def public_privacy(ctx: Any) -> Iterator[Problem]:
    """公开字段不得含任何信访人的姓名、电话、身份证号、工作单位、住址、查询码（含变形写法），也不得含形似手机号、身份证号的号码。

    A rule across files: a withheld case's employer written inside a public case is found too. Errors where
    the build publishes the text, warnings where it does not (yet).
    """
    records = list(_records(ctx))
    names = [leader.get("name", "") for leader in ctx.leader_ids().values()]
    names += [unit.get("name", "") for unit in (ctx.units.data["units"] if ctx.units else [])]
    if ctx.union:
        names += [ctx.union.data.get("name", ""), ctx.union.data.get("short_name", "")]
    names = [n for n in names if n]
    inv = inventory(records, names)
    yield from check_schema()
    yield from check_data(records, inv)
    yield from _unlisted(ctx, records, names, inv)


def _unlisted(ctx: Any, records: list[Record], names: list[str], inv: Any) -> Iterator[Problem]:
    """Warnings for words the tagger takes for a personal name that no one listed (a hint: see ``names``)."""
    from ..errors import warning
    from ..loader import AT
    from ..schema import schema
    from .names import NameCache, unlisted_names

    cache = NameCache(getattr(ctx.paths, "cache", None))
    secrets = {s.value for s in inv.secrets}
    texts = (((record, pointer), text) for record in records for pointer, text in public_texts(record))
    for (record, pointer), at, word in unlisted_names(texts, names, cache, secrets):
        title = schema(record.kind).field_name(pointer)
        yield warning(record.path, f"{title}：“{mask(word, 'name')}”像是人名，但不是本会登记的领导或单位；"
                      f"若指个人，公开文字中请写作“{surname(word)}某”（人名识别仅供参考）", (*pointer, AT, at), "name")
    ctx.when_done.append(lambda passed: cache.save() if passed else None)


def _records(ctx: Any) -> Iterator[Record]:
    for src in ctx.cases:
        package = src.data.get("package") or {}
        yield Record(src.path, "case", src.data, published=package.get("disclosure") == "public")
    for src in ctx.schedules:
        for i, reception in enumerate(src.data["receptions"]):
            yield Record(src.path, "schedule", reception, ("receptions", i))
