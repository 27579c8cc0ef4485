"""Caches keyed by content (按内容缓存): what was computed for the same bytes is not computed again.

Every entry is found by a digest of *everything* its answer depends on — the file's bytes, the tool itself
(``tool_digest``: this package's own files and the versions of the libraries that decide an answer), and
whatever else the caller names (the date of the check, the holiday calendar, the reference data, the digest of
every petitioner secret). A changed input gives a different key, so a stale answer is never found: there is
nothing to invalidate.

The files live in the repository's ``.xinfang-cache/`` (it ignores itself in git, never inside a site) and are
written through ``output.write_cache``. A cache file is trusted only if it carries a valid HMAC under a key kept
in the user's own cache folder (``$XDG_CACHE_HOME/xinfang/cache.key``, outside every repository): a cache file
committed by a pull request, copied from another machine, truncated or edited is *foreign* and ignored as a
whole, because a forged entry could otherwise declare a leaking file clean. It is read with ``marshal`` only
after the HMAC has been checked. A cache that cannot be read or written costs time, never a wrong answer.
``--no-cache`` (``Store(None, …)``) runs the same code with an empty cache that is never written.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import secrets
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from .errors import Problem
from .output import write_cache

FORMAT = b"xinfang-cache 1\n"
"""The first bytes of every cache file: a file without them is not ours."""

# Libraries whose version decides an answer: parsing, schema, holidays, the privacy module's dictionaries, the theme.
DEPENDENCIES = ("PyYAML", "jsonschema-rs", "jsonschema", "chinesecalendar", "jieba", "pypinyin", "opencc",
                "python-stdnum", "pyahocorasick", "Jinja2", "mkdocs", "mkdocs-material", "Markdown", "Brotli",
                "zopfli", "deflate")

_PACKAGE = Path(__file__).resolve().parent


def digest(*parts: Any) -> str:
    """One SHA-256 over several parts (bytes as they are, anything else by its ``repr``), unambiguously joined."""
    chunks = []  # one update over the joined bytes: the same digest as an update per part, in fewer calls
    for part in parts:
        blob = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        chunks.append(len(blob).to_bytes(8, "big"))
        chunks.append(blob)
    return hashlib.sha256(b"".join(chunks)).hexdigest()


@cache
def tool_digest() -> str:
    """The running tool: every file of this package (code, packaged schemas, templates, assets) and the versions
    of the libraries in ``DEPENDENCIES``. A development edit changes it as surely as a release does."""
    h = hashlib.sha256()
    for file in sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(file.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(file.read_bytes()).digest())
    # the packaged schemas, or the source checkout's schemas/ beside the package
    from .config import schema_dir

    for file in sorted(schema_dir().glob("*.json")):
        h.update(b"schema:" + file.name.encode("utf-8") + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    for name in DEPENDENCIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\n".encode())
    return h.hexdigest()


def _key_file() -> Path:
    return user_folder() / "cache.key"


def user_folder() -> Path:
    """This user's cache folder, outside every repository (``$XDG_CACHE_HOME/xinfang``): the caches' key, Jinja's
    compiled templates, and what is the same for every repository (Pagefind's engine compressed)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "xinfang"


@cache
def _hmac_key() -> bytes | None:
    """This user's key for the caches' HMAC, made on first use; None when it cannot be kept (no caching then)."""
    file = _key_file()
    try:
        key = file.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under a private name, then linked into place only if no key is there yet: two processes
        # starting at once (parallel tests, two terminals) end up with the same key, never one each.
        draft = file.with_name(f"{file.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        try:
            os.link(draft, file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
        key = file.read_bytes()
        return key if len(key) == 32 else None
    except OSError:
        return None


def sign(payload: bytes) -> bytes | None:
    """``payload`` with this user's HMAC in front (``FORMAT``, tag, payload), for a cache kept in a file of its
    own format (the name hint's ``names.json``); None when no key can be kept (then nothing is cached)."""
    key = _hmac_key()
    if key is None:
        return None
    return FORMAT + hmac.new(key, payload, hashlib.sha256).digest() + payload


def verified(blob: bytes) -> bytes | None:
    """The payload of a ``sign``-ed file, or None when it is not this user's (a committed, copied, edited or
    truncated file): ignored, as ``Store`` ignores a foreign cache."""
    key, head = _hmac_key(), len(FORMAT) + 32
    if key is None or not blob.startswith(FORMAT) or len(blob) < head:
        return None
    tag, payload = blob[len(FORMAT):head], blob[head:]
    return payload if hmac.compare_digest(tag, hmac.new(key, payload, hashlib.sha256).digest()) else None


def cached(store: Store | None, key: str, make: Callable[..., Any], *args: Any) -> Any:
    """``make(*args)``, kept in ``store`` under ``key`` (which must stand for every input of ``make`` that can
    change); computed afresh, and nothing kept, when there is no store (``--no-cache``)."""
    found = store.get(key) if store is not None else None
    if found is None:
        found = make(*args)
        if store is not None:
            store.put(key, found)
    return found


class Store:
    """One cache file: entries by key. Only the entries used or added in this run are written back, so the file
    holds what the repository needs now and never grows with its history."""

    def __init__(self, folder: Path | None, name: str, shards: int = 1) -> None:
        self.folder, self.name, self.shards = folder, name, shards
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self.hits = self.misses = 0
        self.foreign = False
        """The file was there but was not ours (HMAC, format or content): it was ignored."""
        self._foreign_shards: set[int] = set()
        self._shard_keys: dict[int, list[str]] = {}
        """The keys each shard file holds on disk."""
        if folder is not None and shards == 1:
            self.old = self._read(folder / f"{name}.cache")
        elif folder is not None:
            for shard in range(shards):
                foreign = self.foreign
                self.foreign = False
                found = self._read(self._shard_file(shard))
                self._shard_keys[shard] = list(found)
                self.old.update(found)
                if self.foreign:
                    self._foreign_shards.add(shard)
                self.foreign = foreign or self.foreign
        self._on_disk = set(self.old)
        """The keys of the entries on disk: what was read, then what the last ``save`` wrote."""

    def _shard_file(self, shard: int) -> Path:
        """``shards > 1``: the entries whose key starts with the shard's number are in ``<name>.cache.d/<nn>``;
        a changed entry rewrites only its shard, so one changed file writes a few small files, not the whole cache."""
        assert self.folder is not None
        return self.folder / f"{self.name}.cache.d" / f"{shard:03x}"

    def _shard_of(self, key: str) -> int:
        try:
            return int(key[:4], 16) % self.shards
        except ValueError:  # not a hex digest (no caller makes one, but never fail on it)
            return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big") % self.shards

    def _read(self, file: Path) -> dict[str, Any]:
        try:
            blob = file.read_bytes()
        except OSError:
            return {}
        payload = verified(blob)
        if payload is None:
            self.foreign = True
            return {}
        try:
            entries = marshal.loads(payload)  # noqa: S302 -- only after the HMAC above proved this user wrote it
        except (ValueError, EOFError, TypeError):
            entries = None
        if not isinstance(entries, dict):
            self.foreign = True
            return {}
        return entries

    @property
    def loaded(self) -> bool:
        """Whether any entry was read from disk: without one (a first run, a removed cache, ``--no-cache``) no
        answer can be found, and a caller may skip looking (``validate.check_cases`` does not read every file
        twice)."""
        return bool(self.old)

    def peek(self, key: str) -> Any | None:
        """The entry for ``key`` without counting it as used (it is written back only if ``get`` or ``keep`` is
        called for it too)."""
        value = self.new.get(key)
        return self.old.get(key) if value is None else value

    def get(self, key: str) -> Any | None:
        """The entry for ``key``, or None (then compute it and ``put`` it)."""
        value = self.new.get(key)
        if value is None:
            value = self.old.get(key)
            if value is not None:
                self.new[key] = value
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def keep(self, key: str) -> None:
        """Keep an entry this run did not need to read (its inputs are unchanged), so that a later run that needs
        it finds it: the case's secrets in a run whose every privacy answer came from the cache."""
        if key not in self.new and key in self.old:
            self.new[key] = self.old[key]

    def put(self, key: str, value: Any) -> None:
        self.new[key] = value

    def save(self, drop: bool = True) -> None:
        """Write the entries of this run; silent when it cannot (the next run recomputes).

        ``drop=False``: an early save while the run goes on (``validate`` writes its cache while the privacy search
        runs): what was made so far is written and every entry on disk is kept, since the run may still ask for
        it. The last ``save`` then drops what the run did not use and writes only what changed since."""
        if self.folder is None or _hmac_key() is None:
            return
        if self.foreign:  # what is on disk is not ours: only this run's entries are written
            wanted = self.new
        elif drop:
            if self.new.keys() == self._on_disk:
                return
            wanted = self.new
        else:
            if self.new.keys() <= self._on_disk:
                return
            wanted = {**{k: self.old[k] for k in self._on_disk - self.new.keys()}, **self.new}
        written = self._save_shards(wanted) if self.shards > 1 else self._write(f"{self.name}.cache", wanted)
        if written:  # what is on disk now: a later save compares with it (``old`` is still what was read)
            self._on_disk = set(wanted)
            self.foreign, self._foreign_shards = False, set()

    def _write(self, name: str, entries: dict[str, Any]) -> bool:
        """One cache file, signed (``sign``); False when an entry cannot be kept (a value marshal cannot hold: a
        programming error, but never a reason to fail a check)."""
        assert self.folder is not None
        try:
            signed = sign(marshal.dumps(entries))
        except ValueError:
            return False
        if signed is not None:
            write_cache(self.folder, name, signed)
        return True

    def _save_shards(self, wanted: dict[str, Any]) -> bool:
        """Write each shard whose set of entries changed (or whose file was not ours); the others stay as they are.
        An entry's value never changes under its key (the key is a digest of all its inputs), so equal key sets
        mean an equal shard."""
        assert self.folder is not None
        changed = {self._shard_of(k) for k in wanted.keys() ^ self._on_disk} | self._foreign_shards
        if self.foreign and not self._foreign_shards:  # marked by a caller: write every shard
            changed = set(range(self.shards))
        entries: dict[int, dict[str, Any]] = {shard: {} for shard in changed}
        for shard in changed:  # what the shard held and still holds, then what is new in it
            entries[shard] = {k: wanted[k] for k in self._shard_keys.get(shard, ()) if k in wanted}
        for k in wanted.keys() - self._on_disk:
            shard = self._shard_of(k)
            if shard in entries:
                entries[shard][k] = wanted[k]
        for shard in sorted(changed):
            if not self._write(f"{self.name}.cache.d/{shard:03x}", entries[shard]):
                return False
            self._shard_keys[shard] = list(entries[shard])
        try:  # the single file an earlier version kept under the same name: superseded by the shards
            (self.folder / f"{self.name}.cache").unlink(missing_ok=True)
        except OSError:
            pass
        return True


def problem_row(p: Problem) -> tuple[Any, ...]:
    """A problem as a cache keeps it (plain values for ``marshal``)."""
    return (p.path, p.line, p.col, p.message, p.pointer, p.severity, p.code)


def problem_of(row: Any) -> Problem:
    path, line, col, message, pointer, severity, code = row
    return Problem(path, line, col, message, None if pointer is None else tuple(pointer), severity, code)


def file_digests(files: Iterable[Path]) -> str:
    """One digest of several files' names and bytes (a missing file counts as absent, not as an error)."""
    parts: list[Any] = []
    for file in files:
        try:
            parts.append((file.name, file.read_bytes()))
        except OSError:
            parts.append((file.name, None))
    return digest(*parts)
