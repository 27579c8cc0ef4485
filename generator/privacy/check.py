"""The privacy checks (隐私检查), one for the data and one for the built files, on the same secrets.

1. ``check_data`` — every public text of every record (what ``public_view`` keeps: titles, summaries, public
   notes, reception subjects …) is searched for every form of every secret of every case. A hit in a record
   the build publishes (a package with ``disclosure: public``, a reception) is an error; in a record it does
   not publish (yet) a warning. ``xinfang validate`` and ``xinfang build`` both run it, so validation (and
   pre-commit) reports exactly what the build refuses, at the character (``path:line:col``).
2. ``check_schema`` — the packaged schema must not mark public what is internal whatever the marks say
   (``secrets.ALWAYS_INTERNAL``): the projection would publish it.
3. ``scan`` — every built file (pages, search index, feeds, data, calendar, contributions, filed archives) is
   searched for the secrets that are never ordinary words and for phone- and ID-shaped numbers. What a public
   text of the data explains was reported (or allowed) by check 1; anything else is reported at its place in
   the output: it reached the site some other way.

An ambiguous hit (the secret is also an ordinary word or a public name, e.g. a petitioner named 高峰 and a
summary that says 返乡高峰前) can be cleared for one occurrence by the editor, in the file itself::

    privacy_reviewed:
      - {field: /public_summary, term: 高峰, digest: 3f9a0c12d4e5}

``digest`` is the first 12 hex digits of the SHA-256 of the field's text: any later edit of the text voids the
allowance. The change summary shows allowances to the reviewer. Nothing else can switch a secret off.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..errors import LeakFound, Pointer, Problem, error, warning
from ..loader import AT
from .mask import mask
from .match import Hit, Matcher, Anchored
from .perceive import letters, letters_many, line_col, perceive, perceive_many
from .secrets import ALWAYS_INTERNAL, Record, Rows, Secret, case_rows, collect, surname

ALLOWANCES = "privacy_reviewed"


# -- what is public ----------------------------------------------------------------------------------------

def public_texts(record: Record) -> Iterator[tuple[Pointer, str]]:
    """Every free text of a record that the projection publishes, with its pointer from the file's root.

    Codes from a list, dates and ids are left out: the schema (checked before this) lets them hold nothing else.
    """
    from ..schema import values_at_each

    for _, pointer, text in values_at_each(record.data, _public_text_fields(record.kind)):
        if isinstance(text, str):
            yield (*record.pointer, *pointer), text


def _public_text_fields(kind: str) -> tuple[tuple[Any, ...], ...]:
    """Where a record's public free text is, read once per schema from the packaged schema's marks (for a
    schedule: in one reception)."""
    from ..schema import schema

    return _text_fields_of(schema(kind), kind)


@cache
def _text_fields_of(sch: Any, kind: str) -> tuple[tuple[Any, ...], ...]:
    fields = sch.fields(lambda node, public: public and node.get("type") == "string" and "enum" not in node
                                 and "pattern" not in node and node.get("format") != "date")
    if kind == "schedule":
        return tuple(t[2:] for t in fields if t[:2] == ("receptions", "*"))
    return fields


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _pointer_text(pointer: Pointer) -> str:
    return "/" + "/".join(str(p) for p in pointer)


@dataclass(frozen=True)
class Inventory:
    """Everything the checks need, computed once per run."""

    secrets: tuple[Secret, ...]
    allowances: Mapping[str, frozenset[tuple[str, str, str]]]
    """path → {(field pointer, term as searched, digest)}."""

    @cached_property
    def data_matcher(self) -> Matcher:
        """Every secret but internal texts (a public text holding an internal text is public by choice); built
        only when some text must be searched (a run whose answers all come from the cache needs none)."""
        return Matcher(s for s in self.secrets if s.field != "text")

    @cached_property
    def data_key(self) -> str:
        """Digest of every secret the data check searches for: the cache key of its answers (any secret changed,
        anywhere, and every public text is searched again — a leak through another case is still found)."""
        return _secrets_key(s for s in self.secrets if s.field != "text")

    @cached_property
    def files_matcher(self) -> Matcher:
        """Every secret that is never an ordinary word, for the scan of built files (see ``scan_files``)."""
        return Matcher((s for s in self.secrets if not s.ambiguous), prose=False)

    @cached_property
    def files_key(self) -> str:
        """Digest of every secret the scan of built files searches for (see ``scan_files``)."""
        return _secrets_key(s for s in self.secrets if not s.ambiguous)


def _secrets_key(secrets: Iterable[Secret]) -> str:
    from ..cache import digest, tool_digest

    return digest(tool_digest(), sorted((s.value, s.field, s.path, s.pointer, s.form, s.ambiguous) for s in secrets))


def inventory(records: list[Record], public_names: Iterable[str], texts: bool = False,
              rows: Rows | None = None, seen: Callable[[Record], tuple[str, str]] | None = None) -> Inventory:
    """The secrets of the records' cases (``texts``: with their internal free texts, for the output scan);
    ``rows``: one case's secrets through a cache (``secrets.collect``); ``seen``: ``perceived`` through a cache."""
    cases = [r for r in records if r.kind == "case"]
    secrets = tuple(collect(cases, public_names, texts=texts, rows=rows))
    if texts:  # an internal text the editor also wrote into a public field is public by choice
        corpus = "\n".join((seen or perceived)(r)[0] for r in records)
        published = {s.value for _, s in Anchored(s for s in secrets if s.field == "text").find(corpus)}
        secrets = tuple(s for s in secrets if s.field != "text" or s.value not in published)
    return Inventory(secrets, _allowances(records))


def _allowances(records: list[Record]) -> dict[str, frozenset[tuple[str, str, str]]]:
    found: dict[str, set[tuple[str, str, str]]] = {}
    for record in records:
        for item in record.data.get(ALLOWANCES) or []:
            if isinstance(item, Mapping) and all(isinstance(item.get(k), str) for k in ("field", "term", "digest")):
                found.setdefault(record.path, set()).add((item["field"], letters(perceive(item["term"])), item["digest"]))
    return {path: frozenset(items) for path, items in found.items()}


# -- 1. the data ---------------------------------------------------------------------------------------------

def check_data(records: Iterable[Record], inv: Inventory) -> Iterator[Problem]:
    """Every hit of a secret (or a phone/ID shape) in a public text of the data, placed at the character."""
    for record in records:
        yield from check_record(record, list(public_texts(record)), inv)


def check_record(record: Record, texts: list[tuple[Pointer, str]], inv: Inventory) -> Iterator[Problem]:
    """``check_data`` of one record whose public texts (``public_texts``) the caller has listed already."""
    if len(texts) > 1 and inv.data_matcher.quiet_many([text for _, text in texts]):
        return  # nothing there: no text needs its own search (the usual case)
    for pointer, text in texts:
        for hit in inv.data_matcher.find(text):
            if not _allowed(record, pointer, text, hit, inv):
                yield _data_problem(record, pointer, text, hit)


def _allowed(record: Record, pointer: Pointer, text: str, hit: Hit, inv: Inventory) -> bool:
    if hit.secret is None or not hit.secret.ambiguous:
        return False
    return (_pointer_text(pointer), hit.secret.value, digest(text)) in inv.allowances.get(record.path, ())


def _data_problem(record: Record, pointer: Pointer, text: str, hit: Hit) -> Problem:
    from ..schema import schema

    title = schema(record.kind).field_name(pointer)
    shown = mask(hit.value, hit.field)
    if hit.secret is None:
        kind = "身份证号" if hit.field == "id_number" else "手机号码"
        message = f"{title}：公开字段含形似{kind}的号码 {shown}；请从公开内容中删除"
    else:
        message = f"{title}：公开字段含{hit.secret.described()} {shown}；{_advice(hit.secret, pointer, text)}"
    make = error if record.published else warning
    return make(record.path, message, (*pointer, AT, hit.offset), "leak")


def _advice(secret: Secret, pointer: Pointer | None = None, text: str = "") -> str:
    if secret.ambiguous and pointer is not None:
        return (f"这个词也是常用词或公开的名称：若此处确实不是指该信访人，核对后在本文件 {ALLOWANCES} 下登记此处"
                f" - {{field: {_pointer_text(pointer)}, term: 此处的词, digest: {digest(text)}}}（见编辑指南“隐私核对”）；"
                "若是指该信访人，请改写")
    if secret.field == "name":
        return f"公开文字中请写作“{surname(secret.value)}某”" if secret.form != "pinyin" else "请改为“某某”的写法"
    return "请从公开内容中删除"


# -- 2. the schema -------------------------------------------------------------------------------------------

def check_schema() -> Iterator[Problem]:
    """The packaged case schema must not mark public any field that is internal whatever the marks say."""
    from ..config import schema_dir
    from ..schema import schema

    public = schema("case").fields(lambda node, is_public: is_public)
    named = {schema("case").field_name(tuple(0 if p == "*" else p for p in template)) for template in public
             if any(template[:len(internal)] == internal for internal in ALWAYS_INTERNAL)}
    for name in sorted(named):
        yield error(f"{schema_dir().name}/case.schema.json",
                    f"{name}：模式把内部字段标成了公开（x-public: true），信访人信息和内部记录一律不公开；"
                    "请恢复为 x-public: false", code="leak", line=1, col=1)


# -- 3. the built files ----------------------------------------------------------------------------------

_BINARY = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".eot", ".webp", ".pdf", ".br",
           ".pagefind"}  # .pagefind: Pagefind's WebAssembly, as its npm package ships it (no data)


def _text_of(file: Path, data: bytes | None = None) -> str | None:
    """A built file's text as a reader's program gets it: gzip is undone whatever the file is called, since
    Pagefind's index chunks and fragments (``.pf_fragment``, ``.pf_index`` …) are gzip under their own names; what
    is then not UTF-8 is a binary file, read as ``Runs``."""
    import gzip

    if file.suffix in _BINARY:
        return None
    data = file.read_bytes() if data is None else data
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return Runs.of(data)


_RUN = re.compile(rb"(?:[\t\n\r\x20-\x7e]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                  rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}){2,}")
"""A run of text in binary data: two or more UTF-8 characters in a row, C0 controls but tab and line breaks
excluded (``strings`` shows the same, there in ASCII only)."""

MIN_RUN = 5
"""Bytes from which a run can hold a secret: the shortest forms are two Han characters (six bytes: a name) and
five Latin letters (a name in pinyin); numbers have seven digits or more."""


class Runs(str):
    """What a reader can make out in a binary file (the lookup's encrypted shards; Pagefind's CBOR chunks,
    once un-gzipped): its runs of text of ``MIN_RUN`` bytes or more, one a line, in file order — a secret written
    into such a file in the clear is in one run, as the reader sees it. In ciphertext almost nothing is text,
    and perceiving the rest as characters (the old reading) cost more than the whole site's pages: a quarter of
    a second a megabyte. ``place`` gives a hit's byte offset in the file (line 1), since a binary file has no
    lines."""

    starts: list[tuple[int, int]]
    """(offset of a run in this text, its byte offset in the file), in order."""

    @classmethod
    def of(cls, data: bytes) -> Runs:
        found = [(m.start(), m.group().decode("utf-8")) for m in _RUN.finditer(data) if m.end() - m.start() >= MIN_RUN]
        runs = cls("\n".join(text for _, text in found))
        runs.starts, at = [], 0
        for byte, text in found:
            runs.starts.append((at, byte))
            at += len(text) + 1
        return runs

    def place(self, offset: int) -> tuple[int, int]:
        at, byte = max((start for start in self.starts if start[0] <= offset), default=(0, 0))
        return 1, byte + len(self[at:offset].encode("utf-8")) + 1


@cache
def _packaged_assets() -> frozenset[str]:
    """SHA-256 of every file the theme and this tool ship: a built file with the same bytes holds no data."""
    import material

    from ..config import ASSET_DIR

    roots = (Path(material.__file__).parent / "templates" / "assets", ASSET_DIR)
    return frozenset(hashlib.sha256(f.read_bytes()).hexdigest() for root in roots for f in root.rglob("*") if f.is_file())


def scan_files(folder: Path, inv: Inventory, explained: str, shown_as: str, store: Any = None) -> Iterator[Problem]:
    """Hits in the built files that no public text of the data explains, at their place in the output.

    Files byte-identical to one the theme or this tool ships are skipped: they cannot carry the data. ``store``
    (a ``cache.Store``) keeps each file's hits by the digest of its bytes and of every secret searched for
    (``Inventory.files_key``): an unchanged file is not read again as text while no secret has changed; what
    the data explains is decided afresh on every run, after the cache.
    """
    from .. import workers

    shipped = _packaged_assets()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix not in _BINARY)

    def rows_of(file: Path) -> list[Any] | None:
        blob = file.read_bytes()
        if file.suffix in (".js", ".css", ".svg") and hashlib.sha256(blob).hexdigest() in shipped:
            return None
        return _file_rows(file, blob, inv, store)[0]

    # Each file on its own: in worker processes (forked after the first files, so they share the matcher and
    # the blocks every page repeats); a file's hits come back as rows, its text is read again only for a hit.
    for file, rows in zip(files, workers.run(files, rows_of, store)):
        if rows is None:
            continue
        reported: set[str] = set()
        text: str | None = None
        for hit in map(_hit_of, rows):
            if hit.value in reported or (hit.value in explained and _judged_in_data(hit)):
                continue
            reported.add(hit.value)
            text = text if text is not None else _text_of(file)
            line, col = text.place(hit.offset) if isinstance(text, Runs) else line_col(text or "", hit.offset)
            yield error(f"{shown_as}/{file.relative_to(folder).as_posix()}", _file_message(hit), code="leak",
                        line=line, col=col)


def _file_rows(file: Path, blob: bytes, inv: Inventory, store: Any) -> tuple[list[Any] | None, str | None]:
    """A file's hits as rows (from the cache when its bytes and every secret are unchanged) and its text when it
    was read; ``(None, None)`` for a file that is not text."""
    from ..cache import digest

    key = digest("scan", inv.files_key, file.suffix == ".gz", blob)
    rows = store.get(key) if store is not None else None
    if rows is not None:
        return rows, None
    text = _text_of(file, blob)
    if text is None:
        return None, None
    rows = [_hit_row(hit) for hit in inv.files_matcher.find(text)]
    if store is not None:
        store.put(key, rows)
    return rows, text


def _hit_row(hit: Hit) -> tuple[Any, ...]:
    return hit.offset, hit.value, hit.field, None if hit.secret is None else _secret_row(hit.secret)


def _hit_of(row: Any) -> Hit:
    offset, value, field, s = row
    return Hit(offset, value, field, None if s is None else _secret_of(s))


def _secret_row(s: Secret) -> tuple[Any, ...]:
    return s.value, s.field, s.path, s.pointer, s.form, s.ambiguous


def _secret_of(row: Any) -> Secret:
    return Secret(row[0], row[1], row[2], tuple(row[3]), row[4], row[5])


def _file_message(hit: Hit) -> str:
    shown = mask(hit.value, hit.field)
    if hit.secret is None:
        return f"公开网站含信访人信息 {shown}（形似{'身份证号' if hit.field == 'id_number' else '手机号码'}）；请从公开内容中删除"
    if hit.secret.field == "text":
        return f"公开网站含内部记录 {shown}（{hit.secret.path} 中的内部文字）；请检查模板、页面和附加文件"
    what = "信访人信息" if hit.secret.field != "query_code" else "查询码"
    return f"公开网站含{what} {shown}（{hit.secret.path} 中{hit.secret.described()}）；{_advice(hit.secret)}"


def _judged_in_data(hit: Hit) -> bool:
    """Whether a public text of the data may explain this hit: a number of a petitioner's shape (a hotline, a
    case number) or an internal sentence quoted in public, both judged by check 1. A petitioner's value or a
    query code is never explained away, so the scan of the built files stands on its own: with check 1 switched
    off, a name in a published summary still stops the build."""
    return hit.secret is None or hit.secret.field == "text"


def _explained(records: list[Record], seen: Callable[[Record], tuple[str, str]] | None = None) -> str:
    """The published public texts in both views: what check 1 has already judged."""
    return "\n".join((seen or perceived)(r)[1] for r in records if r.published)


def perceived(record: Record) -> tuple[str, str]:
    """A record's public texts as the scan compares them, one text a line: the ``letters`` view (to find internal
    texts quoted in public), and both views (what ``_explained`` offers). Secrets, numbers and internal texts
    hold no line break in these views, so joining records' lines finds what joining all texts finds."""
    views = perceive_many([t for _, t in public_texts(record)])
    plain = letters_many(views)
    return "\n".join(plain), "\n".join(p + "\n" + v.upper() for p, v in zip(plain, views))


# -- the entry points -----------------------------------------------------------------------------------------

def records_of(repository: Any, keys: Mapping[str, str] | None = None) -> list[Record]:
    """The records of a typed repository (the build's view); ``keys``: path → content key of its file."""
    keys = keys or {}
    records = [Record(c.path, "case", c.raw, published=c.is_public, key=keys.get(c.path, "")) for c in repository.cases]
    records += [Record(r.path, "schedule", r.raw, ("receptions", r.index), key=keys.get(r.path, ""))
                for r in repository.receptions]
    return records


@dataclass
class Memo:
    """The caches the privacy checks use (``generator.cache.Store``): a case's secrets by its file's content key
    (petitioners in validation's store, where the build's guard finds them again; internal texts in
    ``records``), each record's public texts as perceived (``records``), and a built file's hits in ``files``."""

    secrets: Any
    files: Any
    inventory: Any = None
    """The data check's ``Inventory`` once collected (only when some record's answer is not in the cache)."""
    records: Any = None
    """Where the per-record parts of the output scan's inventory are kept; ``files`` when not given. The build
    gives a store of its own, written as soon as the inventory is made (tens of megabytes at 10,000 cases),
    while the scan's hits are written after the scan."""

    def __post_init__(self) -> None:
        if self.records is None:
            self.records = self.files

    def rows_key(self, record: Record, part: str) -> str:
        """The key of a case's rows. Internal texts: the file's content key (which names the tool), since they make
        up most of a case file and computing them loads no dictionary (``secrets._long_common_words``).
        Petitioners and query code: a digest of just those values and of the tool — not of the whole file, so a
        case whose summary or status changed keeps its rows and the run loads no dictionary; found through the
        file's content key, so that a run with nothing changed computes no digest of the data itself."""
        from ..cache import digest, tool_digest

        if part == "texts":
            return digest("secrets", part, record.key)
        known = self.__dict__.setdefault("_row_keys", {})  # asked twice a case in a run (secrets key, rows)
        if record.key in known:
            return known[record.key]
        short = digest("rows-key", part, record.key)
        key = self.secrets.get(short)
        if key is None:
            made_of = (record.data.get("petitioners"), record.data.get("query_code"))
            key = digest("secrets", part, tool_digest(), record.path, made_of)  # the rows name the path
            self.secrets.put(short, key)
        self.secrets.keep(key)  # the rows themselves, read only when some record must be searched again
        if record.key:
            known[record.key] = key
        return key

    def perceived(self, record: Record) -> tuple[str, str]:
        """``perceived`` of a record, kept in ``records`` by its file's content key (which names the tool)."""
        if not record.key:
            return perceived(record)
        from ..cache import cached, digest

        return tuple(cached(self.records, digest("perceived", record.key, record.pointer), perceived, record))

    def rows(self, record: Record, part: str) -> list[Any]:
        if not record.key:
            return case_rows(record, part)
        from ..cache import cached

        store = self.secrets if part == "petitioners" else self.records
        return cached(store, self.rows_key(record, part), case_rows, record, part)


def public_names_of(repository: Any) -> list[str]:
    names = [repository.union.name, repository.union.short_name]
    names += [leader.name for leader in repository.leaders.values()]
    names += [unit.name for unit in repository.units.values()]
    return [n for n in names if n]


@dataclass(frozen=True)
class Prepared:
    """What the scan of the built files needs from the data, made before the files exist: the inventory (with
    internal texts) and the published public texts it may explain hits by (``_explained``)."""

    inventory: Inventory
    explained: str


def prepare(repository: Any, memo: Memo | None = None, keys: Mapping[str, str] | None = None) -> Prepared:
    records = records_of(repository, keys)
    rows, seen = _prepared(records, memo)
    inv = inventory(records, public_names_of(repository), texts=True, rows=rows, seen=seen)
    return Prepared(inv, _explained(records, seen))


def guard_later(repository: Any, paths: Any, shown_as: str = "site", data_checked: bool = False,
                memo: Memo | None = None, keys: Mapping[str, str] | None = None) -> Any:
    """The build's leak guard, in two stages: the inventory (``prepare``) and the scan's matcher are made at once in
    a background process (``workers.Later``), while the build's next steps keep one core busy — they need the data
    only; ``.result(folder)`` then runs ``scan`` on the built files there (with its worker processes) and raises
    ``LeakFound`` with every problem placed; ``.close()`` stops it. Each of ``memo``'s guard caches is saved in the
    background process as soon as it is complete: ``records`` after the inventory, ``files`` after the scan. The
    entries the background process reads in ``memo.secrets`` (validation's cache, saved by the check before) are not
    sent back. Small repositories (under ``workers.PARALLEL_FROM`` records) do both at ``result``, in this process:
    the same problems."""
    from .. import workers
    from ..cache import problem_of, problem_row
    from ..validate import place

    def start() -> Prepared:
        prepared = prepare(repository, memo, keys)
        if memo and memo.records is not memo.files:
            memo.records.save()
        prepared.inventory.files_matcher  # noqa: B018 -- built now, while the pages are made
        return prepared

    def finish(prepared: Prepared, folder: str) -> list[Any]:
        problems = scan(Path(folder), repository, shown_as, data_checked, memo, keys, prepared)
        if memo:  # written where its entries are (tens of megabytes at 10,000 cases: not sent back)
            memo.files.save()
        return [problem_row(p) for p in problems]

    small = len(repository.cases) + len(repository.receptions) < workers.PARALLEL_FROM
    later = workers.Later(start, finish, small=small)

    class Pending:
        def result(self, folder: Path) -> None:
            problems = [problem_of(row) for row in later.result(str(folder))]
            if problems:
                raise LeakFound(place(paths, problems))

        def close(self) -> None:
            later.close()

    return Pending()


def scan(folder: Path, repository: Any, shown_as: str = "site", data_checked: bool = False,
         memo: Memo | None = None, keys: Mapping[str, str] | None = None,
         prepared: Prepared | None = None) -> list[Problem]:
    """All three checks for a build: errors only (what the build publishes), sorted.

    ``data_checked``: the data passed validation a moment ago (the build's first step runs ``check_data`` as a
    rule and refuses on any error), so only the schema and the built files are left to check. ``memo`` and
    ``keys`` (path → content key of the file): the caches; the answers are the same without them. ``prepared``:
    ``prepare``'s answer for this repository, when the caller had it made meanwhile.
    """
    prepared = prepared or prepare(repository, memo, keys)
    problems = list(check_schema())
    if not data_checked:
        problems += [p for p in check_data(records_of(repository, keys), prepared.inventory) if p.is_error]
    problems += scan_files(Path(folder), prepared.inventory, prepared.explained, shown_as, memo.files if memo else None)
    return problems


def _prepared(records: list[Record], memo: Memo | None) -> tuple[Rows, Callable[[Record], tuple[str, str]]]:
    """The per-record part of the output scan's inventory — each case's internal texts (rows) and each record's
    public texts as perceived — done for every record at once, in worker processes when there are many (through
    ``memo``'s caches when there is one); what ``inventory`` asks for afterwards is answered from it."""
    from .. import workers

    def work(record: Record) -> tuple[list[Any] | None, tuple[str, str]]:
        texts = (memo.rows(record, "texts") if memo else case_rows(record, "texts")) if record.kind == "case" else None
        return texts, (memo.perceived(record) if memo else perceived(record))

    done = {id(r): answer for r, answer in zip(records, workers.run(records, work, memo.records if memo else None))}

    def rows(record: Record, part: str) -> list[Any]:
        found = done[id(record)][0] if part == "texts" and id(record) in done else None
        if found is not None:
            return found
        return memo.rows(record, part) if memo else case_rows(record, part)

    def seen(record: Record) -> tuple[str, str]:
        return tuple(done[id(record)][1]) if id(record) in done else perceived(record)  # type: ignore[return-value]

    return rows, seen
