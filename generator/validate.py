"""Validation (校验): every file against its schema, then the rules that span fields and files.

``check_repository`` reads the whole repository and returns a ``Checked``: the typed ``Repository`` when
there is no error, and every problem found (errors and warnings), each with ``path:line:col``. A file
that cannot be read never stops the others from being checked. Rules are small functions over the
validated data, on one file at a time (of the record kinds a rule names) or across files;
each yields problems with a pointer into the file, placed at report time by ``place`` (one parse per file).
Rules are declared where they are written (``@registry.rule("case")``, ``@registry.repository_rule``) and found
through ``generator.registry``: this module imports none of the modules whose rules it runs.
"""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import levels, registry, rules, workers
from .cache import Store, digest, problem_of, problem_row, tool_digest
from .config import Paths, require_repository
from .errors import Pointer, Problem, error, has_errors
from .loader import locate, parse_text, parsed_file, read_text
from .model import Case, Leader, Reception, Repository, Union, Unit, parse_date, reception_slot
from .schema import FieldRule, Template, schema, values_at_each

Data = dict[str, Any]


@dataclass
class Source:
    """One validated file: where it is, what it holds, and which schema it follows."""

    path: str
    file: Path
    kind: str
    data: Data
    key: str = ""
    """Digest of the tool, the schema kind, the shown path and the file's bytes (``cache``): same key, same data."""
    parsed: tuple[Any, str] | None = None
    """The file's YAML nodes and text while its own rules run (``case_work``), so that ``place`` finds the lines of
    their problems without parsing the file again; dropped right after (nodes of 10,000 files would fill memory)."""


@dataclass
class Checked:
    """The outcome of a check: the repository (None if any error) and every problem, placed."""

    repository: Repository | None
    problems: list[Problem]
    files: int = 0
    context: "Context | None" = None
    """What the rules saw, with the content key of every file and the cache (the build's guard reuses both)."""

    def keys(self) -> dict[str, str]:
        """path → content key of each case and schedule file (``generator.cache``)."""
        ctx = self.context
        return {s.path: s.key for s in [*ctx.cases, *ctx.schedules] if s.key} if ctx else {}

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclass
class Context:
    """What the rules see: all sources that passed their schema, by kind, and the date of the check."""

    paths: Paths
    today: date
    union: Source | None = None
    leaders: Source | None = None
    units: Source | None = None
    schedules: list[Source] = field(default_factory=list)
    cases: list[Source] = field(default_factory=list)
    when_done: list[Callable[[bool], None]] = field(default_factory=list)
    """Run at the end of the check, told whether caches may be written: as the validation cache, when the data
    passed or the repository has its cache folder already (a refused first run leaves nothing behind; a refused
    later run keeps what it learnt, so the next run after a fix does not start over)."""
    holidays: list[Source] = field(default_factory=list)  # reference/holidays/<year>.yaml (节假日安排)
    cache: Store = field(default_factory=lambda: Store(None, "validate"))
    """Results by content key (``generator.cache``); empty and never written under ``--no-cache``."""
    begun: dict[str, Any] = field(default_factory=dict, repr=False)
    """The rules' background work started by ``begin`` (a ``workers.Later`` each), by rule name."""
    _declared: dict[str, Any] = field(default_factory=dict, repr=False)
    _derived: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)

    def file_rules_of(self, kind: str) -> list[Any]:
        """The file rules declared for a record kind, looked up once per check: ``registry.file_rules()`` imports
        every declaring module on each call (20,000 calls at 10,000 files, a second of a cold check)."""
        if kind not in self._declared:
            self._declared[kind] = [rule for rule in registry.file_rules() if kind in rule.kinds]
        return self._declared[kind]

    def begin(self) -> None:
        """Start the background parts of the rules across files (``check.begin``: a rule's work that needs only the
        files read, started in a forked process while this one runs the other rules; see ``public_privacy``).
        Each is kept under its rule's name in ``begun`` until the rule takes it."""
        for rule in registry.repository_rules():
            if (begin := getattr(rule.check, "begin", None)) is not None:
                self.begun[rule.name] = begin(self)

    def end(self) -> None:
        """Stop what ``begin`` started and no rule took (a rule failed before): no process is left behind."""
        for pending in self.begun.values():
            pending.close()
        self.begun.clear()

    def prepares(self) -> list[Callable[["Context", "Source"], None]]:
        """The per-file parts of the rules across files (``check.prepare``, see ``case_work``), looked up once."""
        if "\x00prepare" not in self._declared:
            self._declared["\x00prepare"] = [prepare for rule in registry.repository_rules()
                                            if (prepare := getattr(rule.check, "prepare", None)) is not None]
        return self._declared["\x00prepare"]

    def reference_key(self) -> str:
        """The reference data the rules of one file may read (union, leaders, units, holiday files), by content."""
        return digest(*(s.key if s else None for s in (self.union, self.leaders, self.units)),
                      *(s.key for s in self.holidays))

    def leader_ids(self) -> dict[str, Data]:
        return {d["id"]: d for d in (self.leaders.data["leaders"] if self.leaders else [])}

    def unit_ids(self) -> set[str]:
        return {d["id"] for d in (self.units.data["units"] if self.units else [])}

    def reception_leaders(self) -> dict[str, str]:
        """Reception id → the leader who received (接访领导), over every schedule. A rule of every case reads it
        (``duties``): made once for the schedules read, not once a case (1.3 s of a cold check at 10,000 cases
        with 129 receptions); a schedule added later gives another answer."""
        key = ("reception-leaders", *map(id, self.schedules))
        if key not in self._derived:
            self._derived[key] = {rec["id"]: rec["leader"] for _, _, rec in self.receptions()}
        return self._derived[key]

    def receptions(self) -> Iterator[tuple[Source, int, Data]]:
        for src in self.schedules:
            for i, rec in enumerate(src.data["receptions"]):
                yield src, i, rec


# -- discovery ---------------------------------------------------------------------------------------

def discover(paths: Paths) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The data files of a repository with their schema, and problems with the layout itself."""
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for file, kind in ((paths.union_file, "union"), (paths.leaders_file, "leaders"), (paths.units_file, "units")):
        if file.exists() and not _inside(file, paths.root):  # the same guard as for cases and schedules
            problems.append(error(paths.rel(file), "符号链接指向仓库以外的文件，出于安全考虑不予读取", code="symlink", line=1, col=1))
        elif file.exists():
            found.append((file, kind))
        else:
            problems.append(error(paths.rel(file), "缺少基础资料文件", code="missing-file", line=1, col=1))
    for folder, kind in ((paths.schedules, "schedule"), (paths.cases, "case"), (paths.holidays, "holidays")):
        if not folder.is_dir():
            continue
        # rglob does not descend into linked folders, so a file that is no link lies where its folder does:
        # resolving every path (several system calls each) is needed only for links.
        folder_inside = _inside(folder, paths.root)
        for file, link, is_dir in _walk(folder):
            shown = _shown(paths, file)
            if is_dir and link and not file.name.startswith("."):  # rglob does not enter it: say so, never skip silently
                message = ("符号链接指向仓库以外的文件夹，出于安全考虑不予读取" if not _inside(file, paths.root)
                           else "这是指向文件夹的符号链接，其中的文件不会被读取：请把文件直接放在这里")
                problems.append(error(shown, message, code="symlink", line=1, col=1))
                continue
            if is_dir or file.name.startswith("."):
                continue
            if file.suffix == ".yml":
                problems.append(error(shown, "扩展名应为 .yaml（不是 .yml），否则不会被读取", code="layout", line=1, col=1))
                continue
            if file.suffix != ".yaml" and _misnamed(file.name):  # saved by Windows tools: never skip it silently
                problems.append(error(shown, f"文件名应以小写 .yaml 结尾，否则不会被读取：请改名为 {_misnamed(file.name)}",
                                      code="layout", line=1, col=1))
                continue
            if file.suffix != ".yaml":
                continue
            if (link or not folder_inside) and not _inside(file, paths.root):
                problems.append(error(shown, "符号链接指向仓库以外的文件，出于安全考虑不予读取", code="symlink", line=1, col=1))
                continue
            depth = len(file.relative_to(folder).parts)
            if (kind == "case" and depth != 2) or (kind != "case" and depth != 1):
                where = {"case": "cases/<年份>/<编号>.yaml", "schedule": "schedules/<年份>.yaml"}.get(
                    kind, "reference/holidays/<年份>.yaml")
                problems.append(error(shown, f"文件位置不对：应放在 {where}", code="layout", line=1, col=1))
                continue
            found.append((file, kind))
    return found, problems


def _misnamed(name: str) -> str | None:
    """The intended name of ``XF-2026-0003.YAML`` or ``XF-2026-0003.yaml.txt`` (Notepad hides the .txt)."""
    lower = name.lower()
    for suffix in (".yaml.txt", ".yml.txt", ".yaml", ".yml"):
        if lower.endswith(suffix):
            return name[:len(name) - len(suffix)] + ".yaml"
    return None


def _shown(paths: Paths, file: Path) -> str:
    """``paths.rel(file)`` without its system calls for the usual file found under the root."""
    text, root = str(file), str(paths.root)
    if text.startswith(root) and text[len(root):len(root) + 1] == os.sep:
        return text[len(root) + 1:].replace(os.sep, "/")
    return paths.rel(file)


def _walk(folder: Path) -> Iterator[tuple[Path, bool, bool]]:
    """What ``sorted(folder.rglob("*"))`` lists, in the same order, with whether each is a symbolic link and
    whether it is (or links to) a folder: from ``os.scandir``'s directory entries, which know both without a
    system call per file (issue 20: a third of ``discover`` at 10,000 files was ``lstat`` and sorting ``Path``s).
    A folder is listed, then what it holds (a linked folder is listed, never entered), names sorted at each
    level: the order of sorting whole paths by their parts. An unreadable folder is skipped, as rglob skips it."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            link = entry.is_symlink()
            is_dir = entry.is_dir()  # follows a link: one stat, for links only
        except OSError:
            link, is_dir = False, False
        yield Path(entry.path), link, is_dir
        if is_dir and not link:
            yield from _walk(Path(entry.path))


def _inside(file: Path, root: Path) -> bool:
    try:
        Path(os.path.realpath(file)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True


# -- the check ---------------------------------------------------------------------------------------

def check_repository(paths: Paths, today: date, show_progress: bool = False, model: bool = True,
                     use_cache: bool = True) -> Checked:
    """Load, validate and type the whole repository (读取 → 校验 → 建模).

    ``model=False`` stops after the check (``Checked.repository`` stays None): ``xinfang validate`` needs
    only the problems, and building the typed records costs a tenth of the check on a large repository.
    ``use_cache=False`` (``--no-cache``): nothing is read from or written to ``.xinfang-cache/``.
    """
    require_repository(paths)
    with _collector_paused():
        return _check_repository(paths, today, show_progress, model, use_cache)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the repository is read (性能).

    The loaded data is plain dicts and lists without cycles, freed by reference counting; but every object
    kept raises the collector's next threshold, and at 100,000 files its full passes over everything read so
    far cost several seconds. On the way out everything made meanwhile is handed to the oldest generation
    (``gc.freeze`` then ``gc.unfreeze``, two list splices): left in the youngest, the first allocation after
    switching the collector on would walk all of it (0.3–0.45 s of one core at 10,000 cases, finding nothing),
    and walk it again one generation later. A cycle made meanwhile is collected by the next full pass. When the
    caller has frozen objects of its own, they stay frozen: then nothing is handed over.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _check_repository(paths: Paths, today: date, show_progress: bool, model: bool, use_cache: bool) -> Checked:
    files, problems = discover(paths)
    ctx = Context(paths=paths, today=today, cache=Store(paths.cache if use_cache else None, "validate",
                                                        shards=CACHE_SHARDS))
    problems.extend(_check_files(ctx, files, show_progress))
    # A refused first run leaves no cache folder behind; with the folder there, the cache is written whatever the
    # verdict, so it is written while the rules' background work (``Context.begin``) finishes.
    early = paths.cache.is_dir()
    try:
        ctx.begin()
        first, then = _in_turn(ctx)
        for repo_rule in first:  # across files: always run, whatever changed
            problems.extend(repo_rule.check(ctx))
        if early:
            ctx.cache.save(drop=False)
        for repo_rule in then:
            problems.extend(repo_rule.check(ctx))
    finally:
        ctx.end()
    placed = place(paths, problems)
    keep = early or not has_errors(placed)
    for done in ctx.when_done:
        done(keep)
    if keep:
        ctx.cache.save()
    repository = build_repository(ctx) if model and not has_errors(placed) else None
    return Checked(repository, placed, files=len(files), context=ctx)


def _in_turn(ctx: Context) -> tuple[list[registry.Rule], list[registry.Rule]]:
    """The rules across files in the order they run: first those with nothing in the background, then those whose
    work was started there (``Context.begin``), which this process would otherwise wait for at once."""
    rules = registry.repository_rules()
    return [r for r in rules if r.name not in ctx.begun], [r for r in rules if r.name in ctx.begun]


def _check_files(ctx: Context, files: list[tuple[Path, str]], show_progress: bool) -> list[Problem]:
    """Each file read, checked against its schema and by its file rules, and attached to ``ctx``: the reference
    data, holiday files and schedules first (few, read here), then the steps that must precede every date rule,
    then the cases (``check_cases``), then the other files' rules, which may read the cases."""
    problems: list[Problem] = []
    for file, kind in files:
        if kind != "case":
            source, found = cached_check_file(ctx.cache, ctx.paths, file, kind)
            problems.extend(found)
            if source is not None:
                _attach(ctx, source)
    for step in registry.rules_before():  # first: every date the rules compute depends on the holiday calendar
        problems.extend(step(ctx))
    # A case's file rules may read the schedules (duties: the leaders who received it), a schedule's may read
    # every case (reception_duties: the statuses of the cases an appointment took up): both are in the keys.
    scope = digest(ctx.today.isoformat(), rules.calendar_key(), ctx.reference_key(), [s.key for s in ctx.schedules])
    cases = [(file, kind) for file, kind in files if kind == "case"]
    for source, found in check_cases(ctx, cases, scope, show_progress):
        problems.extend(found)
        if source is not None:
            _attach(ctx, source)
    scope = digest(scope, [s.key for s in ctx.cases])
    for kind, sources in _by_kind(ctx).items():
        if kind != "case":
            for src in sources:
                problems.extend(file_rules(ctx, src, scope))
    return problems


# -- per-file work, in worker processes when there is much of it -------------------------------------

CACHE_SHARDS = 256
"""The validation cache is kept in this many files (``cache.Store``): one changed case rewrites a few of them
(~1/256 of the cache each), not the whole cache."""


def check_cases(ctx: Context, files: list[tuple[Path, str]], scope: str,
                show_progress: bool = False) -> list[tuple[Source | None, list[Problem]]]:
    """Every case file parsed, checked against its schema and by its file rules (``case_work``), in file order.

    Files whose answers are all in the cache are answered here (none is looked for when the cache read nothing:
    a cold run reads and hashes each file once, in a worker); the others by ``workers.run``: in worker
    processes (one per core) when there are many, forked after the reference data, the schedules and the
    holiday calendar were loaded, so that a rule sees there exactly what it sees here. Either way each file's
    answer travels as (content key, problem rows) and its data is taken from the cache entry it made: the same
    code for both ways, so the same answer, problem for problem."""
    done: list[tuple[Source | None, list[Problem]] | None] = [None] * len(files)
    todo = []
    for i, (file, kind) in enumerate(files):
        done[i] = _cached_case(ctx, file, kind, scope) if ctx.cache.loaded else None
        if done[i] is None:
            todo.append(i)

    def work(i: int) -> tuple[str, Data | None, list[Any]]:
        source, found = case_work(ctx, *files[i], scope)
        key = source.key if source is not None else ""
        return key, (source.data if source is not None and not key else None), [problem_row(p) for p in found]

    for i, (key, data, rows) in zip(todo, workers.run(todo, work, ctx.cache, show_progress, "校验文件")):
        if data is None and key:
            entry = ctx.cache.peek(key)
            assert entry is not None, key  # made or read by ``work``, here or in a worker (merged by ``workers.run``)
            data = entry[0]
        file, kind = files[i]
        done[i] = (Source(_shown(ctx.paths, file), file, kind, data, key) if data is not None else None,
                   [problem_of(r) for r in rows])
    return done  # type: ignore[return-value]


def case_work(ctx: Context, file: Path, kind: str, scope: str) -> tuple[Source | None, list[Problem]]:
    """One case file's per-file work: parse, schema, file rules (through the cache), and the per-file part of the
    rules across files: a repository rule may name it as ``check.prepare(ctx, src)``, which only fills the cache
    (``references``: the ids a file names; the privacy rule: a case's secrets), so that it runs in the workers
    and the rule itself, in this process, finds it there."""
    source, found = cached_check_file(ctx.cache, ctx.paths, file, kind, keep_parse=True)
    if source is not None:
        found = [*found, *file_rules(ctx, source, scope)]
        source.parsed = None
        for prepare in ctx.prepares():
            prepare(ctx, source)
    return source, found


def _cached_case(ctx: Context, file: Path, kind: str, scope: str) -> tuple[Source | None, list[Problem]] | None:
    """``case_work``'s answer when the cache holds all of it (nothing is computed), else None."""
    key = content_key(ctx.cache, file, kind, _shown(ctx.paths, file))
    if key is None:
        return None
    entry = ctx.cache.peek(key)
    if entry is None:
        return None
    data, rows = entry
    if data is None:  # the file itself is wrong: no file rules ran
        ctx.cache.get(key)
        return None, [problem_of(r) for r in rows]
    rules_key = digest("rules", key, scope)
    rules_rows = ctx.cache.peek(rules_key)
    if rules_rows is None or rows != []:
        return None
    ctx.cache.get(key), ctx.cache.get(rules_key)
    return Source(_shown(ctx.paths, file), file, kind, data, key), [problem_of(r) for r in rules_rows]


STABLE_NS = 5_000_000_000
"""A file's stat is kept only once its last change (mtime and ctime) is this old: longer than the coarsest time
stamp of a file system in use (FAT's 2 s), so that a later write always gives it another time stamp."""


def content_key(store: Store, file: Path, kind: str, shown: str) -> str | None:
    """The file's content key (``digest("file", tool, kind, shown path, bytes)``), or None if it cannot be read.

    Stat pre-check (issue 20): the key is also kept under the file's stat — size, mtime and ctime in
    nanoseconds, inode and device — and a later run whose stat is the same takes it without reading and hashing
    the file (a quarter of a second at 10,000 files). Safe because a stat is recorded only when the file was last
    changed ``STABLE_NS`` ago: any later write, rename over it or ``git checkout`` gives it a new ctime (which no
    program can set; ``touch -d`` and checkouts that keep a file's mtime change the ctime) or a new inode, so a
    stale stat is never matched. Where ctime is the creation time (Windows, FAT), a rewrite in place still
    changes the mtime, whose coarsest step is shorter than ``STABLE_NS``; only a tool that writes other bytes of
    the same size into the same file and then sets its mtime back, on such a file system, could pass unseen —
    ``--no-cache`` (CI's path) always reads every byte."""
    return _content(store, file, kind, shown)[0]


def _content(store: Store, file: Path, kind: str, shown: str) -> tuple[str | None, bytes | None]:
    """``content_key`` and the bytes it read (None when the stat pre-check spared reading them): a file that must
    then be parsed is parsed from the very bytes its key was made of, read once."""
    try:
        st = os.stat(file)
    except OSError:
        return None, None
    stamp = digest("stat", tool_digest(), kind, shown, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino,
                   st.st_dev)
    key = store.peek(stamp)  # not counted as a hit or a miss: those count the answers (tests count them)
    if isinstance(key, str):
        store.keep(stamp)
        return key, None
    try:
        raw = file.read_bytes()
    except OSError:
        return None, None
    key = digest("file", tool_digest(), kind, shown, raw)
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > STABLE_NS:
        store.put(stamp, key)
    return key, raw


def cached_check_file(store: Store, paths: Paths, file: Path, kind: str,
                      keep_parse: bool = False) -> tuple[Source | None, list[Problem]]:
    """``check_file`` through the cache: keyed by the tool (code, schemas, libraries), the kind, the shown path
    and the file's bytes — the only inputs of parsing and of the schema check. ``keep_parse``: a file parsed
    here keeps its nodes on its ``Source`` (``Source.parsed``) for its caller to place problems with."""
    shown = _shown(paths, file)
    key, raw = _content(store, file, kind, shown)
    if key is None:
        return check_file(paths, file, kind)  # it says why, at the file
    entry = store.get(key)
    if entry is None:
        source, problems = check_file(paths, file, kind, keep_parse, raw)
        entry = (source.data if source else None, [problem_row(p) for p in problems])
        store.put(key, entry)
        if source is not None:
            source.key = key
        return source, problems
    data, rows = entry
    return (Source(shown, file, kind, data, key) if rows == [] and data is not None else None), [problem_of(r) for r in rows]


def file_rules(ctx: Context, src: Source, scope: str) -> list[Problem]:
    """The rules declared for one file's record kind (``registry.rule``), placed, through the cache: keyed by the
    file's key and ``scope`` (the date of the check, the holiday calendar in use, the reference data) — all that
    such a rule may read. The rules themselves are part of the tool's digest, inside the file's key."""
    key = digest("rules", src.key, scope)
    rows = ctx.cache.get(key) if src.key else None
    if rows is None:
        found = place(ctx.paths, (p for rule in ctx.file_rules_of(src.kind) for p in rule.check(ctx, src)),
                      {src.path: src.parsed} if src.parsed else None)
        rows = [problem_row(p) for p in found]
        if src.key:
            ctx.cache.put(key, rows)
        return found
    return [problem_of(r) for r in rows]


def check_file(paths: Paths, file: Path, kind: str, keep_parse: bool = False,
               raw: bytes | None = None) -> tuple[Source | None, list[Problem]]:
    """Parse one file and check it against its schema (``keep_parse``: see ``cached_check_file``; ``raw``: its
    bytes, when the caller read them already)."""
    shown = _shown(paths, file)
    text, problems = read_text(file, shown, raw)
    if text is None:
        return None, problems
    doc, problems = parse_text(text, shown, keep_node=keep_parse)
    if doc is None:
        return None, problems
    sch = schema(kind)
    if not isinstance(doc.data, dict):
        return None, [error(shown, f"文件内容应为键值对（{sch.raw.get('title', kind)}），现在是{_kind_of(doc.data)}", (), "shape")]
    if not sch.is_valid(doc.data):
        return None, [error(shown, e.message, e.pointer, "schema") for e in sch.errors(doc.data)]
    return Source(shown, file, kind, doc.data, parsed=(doc.node, text) if keep_parse else None), []


def _kind_of(value: Any) -> str:
    return "列表" if isinstance(value, list) else "空" if value is None else "一段文字"


def _attach(ctx: Context, src: Source) -> None:
    if src.kind in ("union", "leaders", "units"):
        setattr(ctx, src.kind, src)
    elif src.kind == "schedule":
        ctx.schedules.append(src)
    elif src.kind == "holidays":
        ctx.holidays.append(src)
    else:
        ctx.cases.append(src)


def _by_kind(ctx: Context) -> dict[str, list[Source]]:
    """The sources a file rule may be declared for, by record kind (``registry.rule("case")``)."""
    single = {kind: [src] for kind in ("union", "leaders", "units") if (src := getattr(ctx, kind)) is not None}
    return {**single, "schedule": ctx.schedules, "case": ctx.cases, "holidays": ctx.holidays}


def place(paths: Paths, problems: Iterable[Problem], known: dict[str, Any] | None = None) -> list[Problem]:
    """Give every problem a line and column (parsing again only the files that need it), sorted. ``known``: files
    already parsed, by shown path, as ``(node, text)`` (``Source.parsed``)."""
    placed = []
    parsed: dict[str, Any] = dict(known or {})  # one parse per file, however many problems it has (4,000: one)
    for p in problems:
        if p.line == 0:
            if p.path not in parsed:
                parsed[p.path] = parsed_file(paths.root / p.path)
            node, text = parsed[p.path]
            p = p.at(*locate(node, p.pointer or (), text))
        placed.append(p)
    return sorted(placed, key=lambda p: (p.path, p.line, p.col, p.message))


def build_repository(ctx: Context) -> Repository:
    """The typed records (only called when there is no error)."""
    assert ctx.union and ctx.leaders and ctx.units
    cases = sorted((Case.from_data(s.data, s.path) for s in ctx.cases), key=lambda c: c.id)
    plans = {s.path: s.data.get("approved") for s in ctx.schedules}  # 报批: the plan's approval, per schedule
    receptions = sorted((Reception.from_data(r, s.path, i, plans[s.path]) for s, i, r in ctx.receptions()),
                        key=lambda r: (r.date, r.session, r.id))
    return Repository(
        union=Union.from_data(ctx.union.data),
        leaders={d["id"]: Leader.from_data(d, ctx.union.data["level"]) for d in ctx.leaders.data["leaders"]},
        units={d["id"]: Unit.from_data(d) for d in ctx.units.data["units"]},
        cases=cases, receptions=receptions,
        schedule_years=tuple(sorted(s.data["year"] for s in ctx.schedules)),
    )


# -- helpers for rules -------------------------------------------------------------------------------

_d = parse_date  # the one parser of validated date texts (model.parse_date)


_Rule = FieldRule  # words a source's problems by its fields' schema titles (schema.FieldRule)


# -- rules on one case -------------------------------------------------------------------------------

@registry.rule("case")
def case_identity(ctx: Context, src: Source) -> Iterator[Problem]:
    """The id equals the file name, and its year equals the year folder."""
    r = _Rule(src)
    case_id, file = src.data["id"], src.file
    if case_id != file.stem:
        yield r.error(("id",), f"“{case_id}” 与文件名 {file.name} 不一致：编号必须等于文件名", "id-file")
    if case_id[3:7] != file.parent.name:
        yield r.error(("id",), f"编号的年份 {case_id[3:7]} 与所在文件夹 cases/{file.parent.name}/ 不一致：请把文件移到 cases/{case_id[3:7]}/", "id-year")
    if src.data["received"][:4] != case_id[3:7]:
        yield r.error(("received",), f"“{src.data['received']}” 与编号年份 {case_id[3:7]} 不一致：编号年份为收到年份", "id-year")


@registry.rule("case")
def case_dates(ctx: Context, src: Source) -> Iterator[Problem]:
    """收到 ≤ 受理 ≤ 办理记录（按先后）≤ 办结, nothing after today, the first record a registration."""
    r, d = _Rule(src), src.data
    received, accepted = _d(d["received"]), _d(d.get("accepted"))
    if received > ctx.today:
        yield r.error(("received",), f"“{received}” 晚于今天（{ctx.today}）", "future-date")
    if accepted and accepted < received:
        yield r.error(("accepted",), f"“{accepted}” 早于收到日期 {received}", "date-order")
    if accepted and accepted > ctx.today:
        yield r.error(("accepted",), f"“{accepted}” 晚于今天（{ctx.today}）", "future-date")
    history = d["history"]
    if history[0]["type"] != "registration":
        yield r.error(("history", 0, "type"), "第一条办理记录应为登记（registration）", "history-order")
    elif history[0]["date"] != d["received"]:
        yield r.error(("history", 0, "date"), f"登记日期应与收到日期 {received} 相同", "date-order")
    previous = received
    for i, entry in enumerate(history):
        when = _d(entry["date"])
        if when < previous:
            yield r.error(("history", i, "date"), f"“{when}” 早于前一条记录或收到日期 {previous}：办理记录须按日期先后排列", "date-order")
        if when > ctx.today:
            yield r.error(("history", i, "date"), f"“{when}” 晚于今天（{ctx.today}）", "future-date")
        if accepted and when < accepted and entry["type"] not in ("registration", "instruction"):
            yield r.error(("history", i, "date"), f"“{when}” 早于受理日期 {accepted}", "date-order")
        previous = max(previous, when)
    conclusion = d.get("conclusion")
    if conclusion:
        concluded = _d(conclusion["date"])
        if accepted and concluded < accepted:
            yield r.error(("conclusion", "date"), f"“{concluded}” 早于受理日期 {accepted}", "date-order")
        if concluded > ctx.today:
            yield r.error(("conclusion", "date"), f"“{concluded}” 晚于今天（{ctx.today}）", "future-date")
        for i, entry in enumerate(history):
            if _d(entry["date"]) > concluded and entry["type"] not in ("follow_up",):
                yield r.error(("history", i, "date"), f"“{entry['date']}” 晚于办结日期 {concluded}：办结后只能有回访记录", "date-order")
    package = d.get("package")
    if package and _d(package["since"]) < received:
        yield r.error(("package", "since"), f"“{package['since']}” 早于收到日期 {received}", "date-order")


_STATUS_NEEDS = {
    "registered": "尚未受理，不应有受理日期和办结",
    "accepted": "应有受理日期，不应有办结",
    "assigned": "应有受理日期和交办记录，不应有办结",
    "concluded": "应有受理日期、办结信息和办结记录",
    "not_accepted": "应写明不予受理理由，不应有受理日期和办结",
}


@registry.rule("case")
def case_status(ctx: Context, src: Source) -> Iterator[Problem]:
    """The status agrees with the acceptance date, the history and the conclusion."""
    r, d = _Rule(src), src.data
    status = d["status"]
    kinds = [h["type"] for h in d["history"]]
    has_accepted, has_conclusion = "accepted" in d, "conclusion" in d
    wrong = False
    if status in ("registered", "not_accepted"):
        wrong = has_accepted or has_conclusion
        if status == "not_accepted" and "not_accepted_reason" not in d:
            wrong = True
    elif status in ("accepted", "assigned"):
        wrong = not has_accepted or has_conclusion or "conclusion" in kinds
        if status == "assigned" and "assignment" not in kinds:
            wrong = True
    elif status == "concluded":
        wrong = not has_accepted or not has_conclusion or "conclusion" not in kinds
    if wrong:
        label = r.schema.labels(("status",)).get(status, status)
        yield r.error(("status",), f"“{status}”（{label}）与记录不符：{_STATUS_NEEDS[status]}", "status")
    if has_conclusion and "conclusion" in kinds:
        entry_date = next(h["date"] for h in d["history"] if h["type"] == "conclusion")
        if entry_date != d["conclusion"]["date"]:
            i = kinds.index("conclusion")
            yield r.error(("history", i, "date"), f"办结记录日期 {entry_date} 与办结日期 {d['conclusion']['date']} 不一致", "status")
    if "not_accepted_reason" in d and status != "not_accepted":
        yield r.error(("not_accepted_reason",), "只有不予受理的事项才写不予受理理由", "status")


@registry.rule("case")
def case_acceptance(ctx: Context, src: Source) -> Iterator[Problem]:
    """受理告知: acceptance within 15 days of receipt (a warning: the record is still true)."""
    r, d = _Rule(src), src.data
    received = _d(d["received"])
    due = rules.acceptance_due(received)
    accepted = _d(d.get("accepted"))
    if accepted and accepted > due:
        yield r.warning(("accepted",), f"“{accepted}” 超过受理期限 {due}（收到之日起 {rules.ACCEPTANCE_DAYS} 日）", "acceptance-late")
    if d["status"] == "registered" and ctx.today > due:
        yield r.warning(("status",), f"收到已超过 {rules.ACCEPTANCE_DAYS} 日（受理期限 {due}），仍未决定是否受理", "acceptance-late")


@registry.rule("case")
def case_deadline(ctx: Context, src: Source) -> Iterator[Problem]:
    """延期: once, at most 30 days, approved within the original deadline; overdue cases flagged."""
    r, d = _Rule(src), src.data
    accepted, ext = _d(d.get("accepted")), d.get("extension")
    if ext and not accepted:
        yield r.error(("extension",), "尚未受理的事项不能延期", "extension")
        return
    if not accepted:
        return
    clock = rules.CaseClock(accepted, ext["days"] if ext else 0, _d(d["conclusion"]["date"]) if "conclusion" in d else None)
    original = clock.original_deadline
    if ext:
        approved = _d(ext["approved"])
        if approved > original:
            yield r.error(("extension", "approved"), f"“{approved}” 晚于原办结期限 {original}：延期须在期限届满前批准", "extension")
        if approved < accepted:
            yield r.error(("extension", "approved"), f"“{approved}” 早于受理日期 {accepted}", "date-order")
    if clock.is_overdue(ctx.today):
        yield r.warning(("status",), f"已超期：办结期限 {clock.deadline}，截至 {ctx.today} 仍未办结", "overdue")
    # 需人工核对: one warning per case for every computed date, see holidays.case_calendar


@registry.rule("case")
def case_package(ctx: Context, src: Source) -> Iterator[Problem]:
    """包案: withheld needs a reason; public needs a public summary; the leader is in office."""
    if "package" not in src.data:
        return
    r, d = _Rule(src), src.data
    package = d["package"]
    if package["disclosure"] == "withheld" and "withheld_reason" not in package:
        yield r.error(("package", "disclosure"), "暂不公开（withheld）须写明暂不公开理由 withheld_reason", "disclosure")
    if package["disclosure"] == "public" and "withheld_reason" in package:
        yield r.error(("package", "withheld_reason"), "公开的包案不应有暂不公开理由", "disclosure")
    if package["disclosure"] == "public" and not d.get("public_summary"):
        yield r.error(("package", "disclosure"), "公开的包案须有公开摘要 public_summary", "disclosure")


_LETTER_ROLES = {"leader": (), "former_leader": ("former",),  # leader: the level's rule-bound roles (levels)
                 "part_time_leader": ("part_time",)}


def _letter_roles(ctx: Context, kind: str) -> tuple[str, ...]:
    """Who may receive a letter of ``kind``; a letter to a leader personally: the roles held to the reception
    rule at the union's level (``levels.reception_roles``)."""
    if _LETTER_ROLES[kind]:
        return _LETTER_ROLES[kind]
    return levels.reception_roles(ctx.union.data["level"] if ctx.union else "national")


@registry.rule("case")
def case_channel(ctx: Context, src: Source) -> Iterator[Problem]:
    """The channel's own fields: a visit names its reception, a letter its addressee, a referral its organ."""
    r, d = _Rule(src), src.data
    channel = d["channel"]
    for key, wanted in (("reception", "visit"), ("letter", "letter"), ("referral", "referral")):
        if key in d and channel != wanted:
            yield r.error((key,), f"来源渠道为 {channel}，不应填写此项（仅 {wanted} 填写）", "channel")
        if key not in d and channel == wanted:
            yield r.error(("channel",), f"来源渠道为 {wanted}，须填写 {r.name((key,))}", "channel")
    letter = d.get("letter")
    if not letter:
        return
    kind = letter["addressee"]
    leaders = ctx.leader_ids()
    if kind in _LETTER_ROLES:
        if "leader" not in letter:
            yield r.error(("letter", "addressee"), f"写给{r.schema.labels(('letter', 'addressee'))[kind]}的来信须填写收信领导 leader", "letter")
        elif letter["leader"] in leaders and leaders[letter["leader"]]["role"] not in _letter_roles(ctx, kind):
            role = leaders[letter["leader"]]["role"]
            yield r.error(("letter", "leader"), f"“{letter['leader']}” 的身份是 {role}，与收信对象 {kind} 不符", "letter")
    elif "leader" in letter:
        yield r.error(("letter", "leader"), f"收信对象为 {kind} 时不填写收信领导（请用 routed_to 写呈报领导）", "letter")
    if kind == "chairman" and letter.get("urgent") and "reported" not in letter:
        yield r.error(("letter", "urgent"), "反映重大紧急情况的来信须立即上报，请填写上报日期 reported", "letter")
    if "reported" in letter and not letter.get("urgent"):
        yield r.error(("letter", "reported"), "只有重大紧急来信（urgent: true）填写上报日期", "letter")
    if "urgent" in letter and kind != "chairman":
        yield r.error(("letter", "urgent"), "重大紧急标记只用于写给主席的来信", "letter")
    if kind in ("unsigned", "forwarded") and "routed_to" not in letter:
        yield r.error(("letter", "addressee"), "无具体署名来信和转来来信须填写呈报领导 routed_to", "letter")
    if kind == "forwarded" and "forwarded_by" not in letter:
        yield r.error(("letter", "addressee"), "转来来信须填写转来机关 forwarded_by", "letter")
    if kind != "forwarded" and "forwarded_by" in letter:
        yield r.error(("letter", "forwarded_by"), "只有转来来信填写转来机关", "letter")
    if kind == "part_time_leader" and not letter.get("passed_by_secretary"):
        yield r.error(("letter", "addressee"), "兼职领导来信由领导秘书转交，请填写 passed_by_secretary: true", "letter")
    if "passed_by_secretary" in letter and kind != "part_time_leader":
        yield r.error(("letter", "passed_by_secretary"), "只有兼职领导来信填写秘书转交", "letter")
    if "reported" in letter and _d(letter["reported"]) < _d(d["received"]):
        yield r.error(("letter", "reported"), f"“{letter['reported']}” 早于收到日期 {d['received']}", "date-order")


@registry.rule("case")
def case_history_fields(ctx: Context, src: Source) -> Iterator[Problem]:
    """Each kind of record carries what it needs: assignment a unit; supervision unit, method, deadline."""
    r = _Rule(src)
    for i, entry in enumerate(src.data["history"]):
        kind = entry["type"]
        needs = {"assignment": ("unit",), "supervision": ("unit", "method", "deadline"),
                 "meeting": ("attendees",), "instruction": ("leader",)}.get(kind, ())
        for key in needs:
            if key not in entry:
                yield r.error(("history", i, "type"), f"{r.schema.labels(('history', 0, 'type'))[kind]}记录须填写 {r.name(('history', i, key))}", "history-fields")
        if kind != "supervision" and "method" in entry:
            yield r.error(("history", i, "method"), "只有督办记录填写督办方式", "history-fields")
        if "deadline" in entry and _d(entry["deadline"]) < _d(entry["date"]):
            yield r.error(("history", i, "deadline"), f"“{entry['deadline']}” 早于记录日期 {entry['date']}", "date-order")
        if "reported" in entry and _d(entry["reported"]) < _d(entry["date"]):
            yield r.error(("history", i, "reported"), f"“{entry['reported']}” 早于记录日期 {entry['date']}", "date-order")
        if kind == "supervision" and "deadline" in entry and rules.is_overdue(_d(entry["deadline"]), _d(entry.get("reported")), ctx.today):
            if src.data["status"] != "concluded":
                yield r.warning(("history", i, "deadline"), f"督办期限 {entry['deadline']} 已过，责任单位仍未报告", "supervision-overdue")


# -- rules on one schedule ---------------------------------------------------------------------------

@registry.rule("schedule")
def schedule_receptions(ctx: Context, src: Source) -> Iterator[Problem]:
    """A year's plan: ids and dates of the year, status fits the date, each mode has what it needs."""
    r, d = _Rule(src), src.data
    year = d["year"]
    if src.file.stem != str(year):
        yield r.error(("year",), f"{year} 与文件名 {src.file.name} 不一致", "id-file")
    for i, rec in enumerate(d["receptions"]):
        at = ("receptions", i)
        when = _d(rec["date"])
        if rec["id"][3:7] != str(year):
            yield r.error((*at, "id"), f"“{rec['id']}” 的年份与计划年份 {year} 不一致", "id-year")
        if when.year != year:
            yield r.error((*at, "date"), f"“{when}” 不在 {year} 年内", "id-year")
        status = rec["status"]
        if status == "held" and when > ctx.today:
            yield r.error((*at, "status"), f"接访日期 {when} 还没到，不能标为已接访（held）", "reception-status")
        if status == "held" and "attendance" not in rec:
            yield r.error((*at, "status"), "已接访须填写接待人数 attendance", "reception-status")
        if status != "held" and ("attendance" in rec or "registered_cases" in rec):
            yield r.error((*at, "attendance" if "attendance" in rec else "registered_cases"), "只有已接访（held）的场次填写接待人数和登记事项", "reception-status")
        if status == "planned" and when < ctx.today:
            yield r.warning((*at, "status"), f"接访日期 {when} 已过，请把状态改为已接访、已改期或已取消", "reception-status")
        if status == "rescheduled" and "rescheduled_to" not in rec:
            yield r.error((*at, "status"), "已改期须填写改期至 rescheduled_to", "reception-status")
        if "rescheduled_to" in rec and status != "rescheduled":
            yield r.error((*at, "rescheduled_to"), "只有已改期的场次填写改期日期", "reception-status")
        if "rescheduled_to" in rec and rec["rescheduled_to"] == rec["date"]:
            yield r.error((*at, "rescheduled_to"), "改期日期与原日期相同", "reception-status")
        if status in ("rescheduled", "cancelled"):
            if "announced" not in rec:
                yield r.error((*at, "status"), "改期或取消须提前告知，请填写公告日期 announced", "reception-status")
            elif _d(rec["announced"]) > when:
                yield r.error((*at, "announced"), f"“{rec['announced']}” 晚于接访日期 {when}：改期或取消须提前告知", "reception-status")
        mode = rec["mode"]
        if mode == "thematic" and "topic" not in rec:
            yield r.error((*at, "mode"), "专题接访须填写专题 topic", "reception-mode")
        if mode in ("appointment", "field") and "cases" not in rec:
            yield r.error((*at, "mode"), "重点约访、带案下访须填写涉及的信访事项 cases", "reception-mode")


# -- rules across files ------------------------------------------------------------------------------

@registry.repository_rule
def unique_ids(ctx: Context) -> Iterator[Problem]:
    """No two cases, receptions, leaders or units share an id."""
    seen: dict[str, str] = {}
    for src in ctx.cases:
        case_id = src.data["id"]
        if case_id in seen:
            yield error(src.path, f"编号 id：“{case_id}” 与 {seen[case_id]} 重复", ("id",), "duplicate-id")
        else:
            seen[case_id] = src.path
    places: dict[str, str] = {}
    for src, i, rec in ctx.receptions():
        if rec["id"] in places:
            yield error(src.path, f"编号 id：“{rec['id']}” 重复（{places[rec['id']]} 已有）", ("receptions", i, "id"), "duplicate-id")
        else:
            places[rec["id"]] = f"{src.path} 第 {i + 1} 场"
    for ref, key in ((ctx.leaders, "leaders"), (ctx.units, "units")):
        if ref is None:
            continue
        counts = Counter(item["id"] for item in ref.data[key])
        for i, item in enumerate(ref.data[key]):
            if counts[item["id"]] > 1:
                yield error(ref.path, f"编号 id：“{item['id']}” 重复", (key, i, "id"), "duplicate-id")
                counts[item["id"]] = 1


@registry.repository_rule
def references(ctx: Context) -> Iterator[Problem]:
    """Every leader, unit, reception and case named anywhere exists."""
    leaders, units = ctx.leader_ids(), ctx.unit_ids()
    receptions = {rec["id"]: (src, i, rec) for src, i, rec in ctx.receptions()}
    cases = {src.data["id"]: src for src in ctx.cases}
    # A file that exists but failed to load has its own error: its ids are unknown, not missing (no cascade).
    loaded = {src.file for src in [*ctx.cases, *ctx.schedules]}
    unread = {f.stem for f in [*ctx.paths.cases.glob("*/*.yaml"), *ctx.paths.schedules.glob("*.yaml")] if f not in loaded}
    targets = {"leader": (leaders if ctx.leaders else None, "领导", "reference/leaders.yaml"),
               "unit": (units if ctx.units else None, "单位", "reference/units.yaml"),
               "reception": (receptions, "接访场次", "schedules/"), "case": (cases, "信访事项", "cases/")}
    for src in [*ctx.cases, *ctx.schedules]:
        r = _Rule(src)
        for pointer, value, kind in _cached_refs(ctx, src):
            known, what, where = targets[kind]
            if known is not None and value not in known and value not in unread \
                    and not (kind == "reception" and value[3:7] in unread):
                yield r.error(pointer, f"“{value}” 不存在：{where} 中没有这个{what}", "reference")
    yield from _visit_links(ctx, receptions, cases)


references.prepare = lambda ctx, src: _cached_refs(ctx, src)  # type: ignore[attr-defined]  # see case_work


_REF_KINDS = {"^L-": "leader", "^U-": "unit", "^JF-": "reception", "^XF-": "case"}


def _cached_refs(ctx: Context, src: Source) -> list[tuple[Pointer, str, str]]:
    """``_refs`` through the cache: a function of the file's content and the tool (``Source.key``)."""
    if not src.key:
        return list(_refs(src))
    key = digest("refs", src.key)
    found = ctx.cache.get(key)
    if found is None:
        found = list(_refs(src))
        ctx.cache.put(key, found)
    return found  # marshal keeps tuples as tuples


def _refs(src: Source) -> Iterator[tuple[Pointer, str, str]]:
    """Every reference in a file: (pointer, id, kind), found from the schema's id patterns."""
    fields = _ref_fields(src.kind)
    for number, pointer, value in values_at_each(src.data, tuple(template for template, _ in fields)):
        if isinstance(value, str):
            yield pointer, value, fields[number][1]


@cache
def _ref_fields(kind: str) -> tuple[tuple[Template, str], ...]:
    """Where a schema's references are (a record's own ``id`` is none), and the kind of id each holds."""
    def ref_kind(node: dict[str, Any]) -> str | None:
        if node.get("x-foreign"):  # an id of another union's repository (an upper union's case, its key id)
            return None
        pattern = node.get("pattern", "")
        return next((k for prefix, k in _REF_KINDS.items() if pattern.startswith(prefix)), None)

    sch = schema(kind)
    return tuple((t, ref_kind(sch.at(_pointer(t)) or {}) or "")
                 for t in sch.fields(lambda node, public: ref_kind(node) is not None) if t[-1] != "id")


def _pointer(template: Template) -> Pointer:
    return tuple(0 if part == "*" else part for part in template)


def _visit_links(ctx: Context, receptions: dict[str, tuple[Source, int, Data]], cases: dict[str, Source]) -> Iterator[Problem]:
    """A visit's reception was held on the day it was received, and lists the case, and vice versa."""
    listed: dict[str, str] = {}
    for src, i, rec in ctx.receptions():
        for j, case_id in enumerate(rec.get("registered_cases", ())):
            listed[case_id] = rec["id"]
            case = cases.get(case_id)
            if case and case.data.get("reception") != rec["id"]:
                yield error(src.path, f"登记事项 registered_cases：“{case_id}” 的登记场次不是 {rec['id']}（见 {case.path}）",
                            ("receptions", i, "registered_cases", j), "visit-link")
    for src in ctx.cases:
        rec_id = src.data.get("reception")
        if not rec_id or rec_id not in receptions:
            continue
        _, _, rec = receptions[rec_id]
        r = _Rule(src)
        if rec["date"] != src.data["received"]:
            yield r.error(("reception",), f"“{rec_id}” 的日期是 {rec['date']}，与收到日期 {src.data['received']} 不一致", "visit-link")
        elif rec["status"] != "held":
            yield r.error(("reception",), f"“{rec_id}” 的状态不是已接访（held）", "visit-link")
        elif listed.get(src.data["id"]) != rec_id:
            yield r.error(("reception",), f"“{rec_id}” 的登记事项 registered_cases 中没有本事项 {src.data['id']}", "visit-link")


@registry.repository_rule
def leaders_in_office(ctx: Context) -> Iterator[Problem]:
    """A leader receives, reads letters and takes packages only in the years they hold office."""
    leaders = ctx.leader_ids()
    for src, i, rec in ctx.receptions():
        leader = leaders.get(rec["leader"])
        year = int(rec["date"][:4])
        if leader and not rules.in_office(leader["from_year"], leader.get("to_year"), year):
            yield error(src.path, f"接访领导 leader：“{rec['leader']}” 在 {year} 年不在任", ("receptions", i, "leader"), "leader-office")
    for src in ctx.cases:
        package = src.data.get("package")
        if package and package["leader"] in leaders:
            # the current leader took it on the last handover (包案领导变更), else on the package's day
            taken = (package.get("handovers") or [{"date": package["since"]}])[-1]["date"]
            leader, year = leaders[package["leader"]], int(taken[:4])
            if not rules.in_office(leader["from_year"], leader.get("to_year"), year) or leader["role"] == "former":
                yield error(src.path, f"包案领导 leader：“{package['leader']}” 在 {year} 年不在任，不能包案", ("package", "leader"), "leader-office")


@registry.repository_rule
def reception_slots(ctx: Context) -> Iterator[Problem]:
    """One leader receives once per half-day, and the fixed reception room (接待室) holds one reception at a time.

    ``xinfang new reception`` run twice used to put two receptions into the same slot; both would be
    announced on the public calendar. The second one (in file order) is the error, naming the first.
    """
    room = ctx.union.data.get("reception_room") if ctx.union else None
    leaders: dict[tuple[str, str, str], str] = {}
    rooms: dict[tuple[str, str], str] = {}
    session_labels = schema("schedule").labels(("receptions", 0, "session"))
    for src, i, rec in ctx.receptions():
        slot = reception_slot(rec)
        if slot is None:
            continue
        when = f"{slot[0]} {session_labels.get(slot[1], slot[1])}"
        key = (*slot, rec["leader"])
        if key in leaders:
            yield error(src.path, f"接访领导 leader：{rec['leader']} 在 {when} 已有接访 {leaders[key]}，"
                        "同一领导同一时段只能安排一场：请改日期或时段 session", ("receptions", i, "leader"), "reception-slot")
        else:
            leaders[key] = rec["id"]
        if room and rec.get("location") == room:
            if slot in rooms and rooms[slot] != leaders.get(key):
                yield error(src.path, f"地点 location：{room} 在 {when} 已安排接访 {rooms[slot]}：请改日期或时段 session",
                            ("receptions", i, "location"), "reception-slot")
            rooms.setdefault(slot, rec["id"])


@registry.repository_rule
def reference_sanity(ctx: Context) -> Iterator[Problem]:
    """Leaders' years in order."""
    if ctx.leaders is None:
        return
    for i, leader in enumerate(ctx.leaders.data["leaders"]):
        if leader.get("to_year") is not None and leader["to_year"] < leader["from_year"]:
            yield error(ctx.leaders.path, f"任职截止年 to_year：{leader['to_year']} 早于任职起始年 {leader['from_year']}",
                        ("leaders", i, "to_year"), "date-order")
