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

from .. import registry, workers
from ..errors import Problem
from .check import ALLOWANCES, check_data, check_record, check_schema, digest, guard_later, inventory, public_texts, scan
from .mask import mask, mask_numbers
from .perceive import perceive
from .secrets import Record, Secret, surname

__all__ = ["ALLOWANCES", "Record", "Secret", "check_data", "check_schema", "digest", "guard_later", "inventory", "mask",
           "mask_numbers", "perceive", "public_texts", "scan", "surname", "public_privacy"]


@registry.repository_rule
def public_privacy(ctx: Any) -> Iterator[Problem]:
    """公开字段不得含任何信访人的姓名、电话、身份证号、工作单位、住址、查询码（含变形写法），也不得含形似手机号、身份证号的号码。

    A rule across files: a withheld case's employer written inside a public case is found too. Errors where
    the build publishes the text, warnings where it does not (yet). The search itself (``_Search``) was started
    as soon as the files were read (``Context.begin``), in the background while this process ran the other rules.
    """
    from ..cache import problem_of

    search = ctx.begun.pop("public_privacy", None) or _Search(ctx, background=False)
    yield from check_schema()
    for rows in search.answers():
        yield from map(problem_of, rows)
    ctx.when_done.append(search.done)


ANSWER_SHARDS = 16
"""Each record's answer is kept in a store of its own (``privacy.cache.d``), not in validation's: that one is
written while the search runs (``validate._in_turn``). In this many files: one changed case rewrites ~1/16."""


BACKGROUND_UP_TO = 50_000
"""Records up to which the search runs in the background. The background process reads every case, and CPython's
reference counts then copy most of the memory pages it shares with this process: at 10,000 cases the check's
processes hold ~150–190 MiB more together (bench/RESULTS.md, issue 11 round 5) for a 10–17 % shorter check; at
100,000 that would be ~1.5 GiB more, on top of a check already over its memory budget (issue 20), so above this
the search waits for its turn here (its worker processes still share the parent's pages)."""


class _Search:
    """The privacy rule's search of every record's public texts, started when the files are read (``begin``).

    A record's answer (its problem rows) is kept under its file, every secret and the public names. The records
    whose answer is not in the cache are searched in a forked process (``workers.Later``): there the secrets of
    every case are collected and their matcher built, then the records are searched by its worker processes —
    while this process runs the other rules across files and writes validation's cache. Nothing it reads from a
    cache is written back from there: the answers come back and are kept here. For few records, or with no
    ``background``, the same work is done here when the rule asks for the answers."""

    def __init__(self, ctx: Any, background: bool = True) -> None:
        from ..cache import Store
        from .check import Memo
        from .names import NameCache

        self.ctx = ctx
        self.records, self.names = list(_records(ctx)), _public_names(ctx)
        self.memo = Memo(ctx.cache, ctx.cache)
        self.store = Store(ctx.cache.folder, "privacy", shards=ANSWER_SHARDS)
        self.name_cache = NameCache(getattr(ctx.paths, "cache", None) if ctx.cache.folder else None)
        # With answers on disk, their keys are made now (they mark validation's entries they read as used, before
        # its cache is written); without, every record is searched and the keys can wait.
        self.keys = self._keys() if self.store.loaded else None
        todo = [i for i, key in enumerate(self.keys or [""] * len(self.records)) if self.store.peek(key) is None]
        small = not background or not workers.PARALLEL_FROM <= len(todo) <= BACKGROUND_UP_TO
        self.later = workers.Later(self._start, self._finish, small=small, now=(todo,)) if todo else None

    def _keys(self) -> list[str]:
        from ..cache import digest

        scope = digest("privacy", _secrets_key(self.records, self.names, self.memo), sorted(self.names))
        return [digest(scope, r.key, r.path, r.pointer, r.published) if r.key else "" for r in self.records]

    def answers(self) -> list[list[Any]]:
        """Every record's problem rows, in order: from the cache, else searched."""
        keys = self.keys if self.keys is not None else self._keys()
        answers: list[Any] = [self.store.get(key) if key else None for key in keys]
        missing = [i for i, rows in enumerate(answers) if rows is None]
        searched = dict(self.later.result()) if self.later and missing else {}
        if self.later and not missing:
            self.later.close()
        left = [i for i in missing if i not in searched]
        if left:  # not among those searched in the background (none is, unless it died): searched here
            searched.update(self._finish(self._start(), left))
        for i in missing:
            rows, tagged = searched[i]
            self.name_cache.learn(tagged)
            if keys[i]:
                self.store.put(keys[i], rows)
            answers[i] = rows
        return answers

    def _start(self) -> tuple[Any, set[str]]:
        from .names import covered_by

        inv = _inventory(self.records, self.names, self.memo)  # made once: ``_keys`` may have needed it already
        inv.data_matcher  # noqa: B018 -- built once, before the workers are forked
        self.name_cache.known  # noqa: B018 -- read once, for every worker
        return inv, covered_by({s.value for s in inv.secrets})

    def _finish(self, state: tuple[Any, set[str]], todo: list[int]) -> list[tuple[int, Any]]:
        from ..cache import problem_row

        inv, secrets = state
        records, names, name_cache = self.records, self.names, self.name_cache

        def search(i: int) -> tuple[list[Any], dict[str, Any]]:
            name_cache.added = {}
            texts = list(public_texts(records[i]))
            found = [*check_record(records[i], texts, inv), *_unlisted(records[i], texts, names, secrets, name_cache)]
            return [problem_row(p) for p in found], name_cache.added

        return list(zip(todo, workers.run(todo, search, self.ctx.cache)))

    def close(self) -> None:
        """Stop the background search (the check stopped before the rule asked for it)."""
        if self.later:
            self.later.close()

    def done(self, keep: bool) -> None:
        """At the end of the check: the answers and the names tagged are kept (``keep``: see ``Context.when_done``)."""
        if keep:
            self.store.save()
            self.name_cache.save()


public_privacy.begin = _Search  # type: ignore[attr-defined]


def _public_names(ctx: Any) -> list[str]:
    """The union's, its leaders' and its units' names: public, so never a petitioner's secret."""
    names = [leader.get("name", "") for leader in ctx.leader_ids().values()]
    names += [unit.get("name", "") for unit in (ctx.units.data["units"] if ctx.units else [])]
    if ctx.union:
        names += [ctx.union.data.get("name", ""), ctx.union.data.get("short_name", "")]
    return [n for n in names if n]


def _secrets_key(records: list[Record], names: list[str], memo: Any) -> str:
    """The digest of every secret searched for. One record's answer depends on its file, every secret and the
    public names: that is its key. The secrets are a function of each case's rows (in order) and the public
    names, so the digest of those inputs stands for them: nothing is collected while every answer is cached."""
    from ..cache import digest, tool_digest

    cases = [r for r in records if r.kind == "case"]
    if all(r.key for r in cases):
        return digest("secrets-of", tool_digest(), names, [memo.rows_key(r, "petitioners") for r in cases])
    return _inventory(records, names, memo).data_key


def _inventory(records: list[Record], names: list[str], memo: Any) -> Any:
    """The secrets of this check, collected once, on first need (kept on the memo)."""
    if getattr(memo, "inventory", None) is None:
        memo.inventory = inventory(records, names, rows=memo.rows)
    return memo.inventory


def _unlisted(record: Record, texts: list[tuple[Any, str]], names: list[str], secrets: set[str],
              cache: Any) -> Iterator[Problem]:
    """Warnings for words the tagger takes for a personal name that no one listed (a hint: see ``names``);
    ``secrets``: ``names.covered_by`` of every secret's value."""
    from ..errors import warning
    from ..loader import AT
    from ..schema import schema
    from .names import unlisted_names

    for pointer, at, word in unlisted_names(texts, names, cache, secrets, covered=secrets):
        title = schema(record.kind).field_name(pointer)
        yield warning(record.path, f"{title}：“{mask(word, 'name')}”像是人名，但不是本会登记的领导或单位；"
                      f"若指个人，公开文字中请写作“{surname(word)}某”（人名识别仅供参考）", (*pointer, AT, at), "name")


def _prepare(ctx: Any, src: Any) -> None:
    """The per-file part of ``public_privacy``: a case's secrets (rows), into the cache. Validation runs it with
    each case's other per-file work, in its worker processes when there are many (``validate.case_work``)."""
    from .check import Memo

    if src.kind == "case" and src.key:
        Memo(ctx.cache, ctx.cache).rows(_case_record(src), "petitioners")


public_privacy.prepare = _prepare  # type: ignore[attr-defined]


def _case_record(src: Any) -> Record:
    package = src.data.get("package") or {}
    return Record(src.path, "case", src.data, published=package.get("disclosure") == "public", key=src.key)


def _records(ctx: Any) -> Iterator[Record]:
    for src in ctx.cases:
        yield _case_record(src)
    for src in ctx.schedules:
        for i, reception in enumerate(src.data["receptions"]):
            yield Record(src.path, "schedule", reception, ("receptions", i), key=src.key)
