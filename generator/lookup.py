"""The petitioner's own lookup (查询码查询) on a static site: only the holder of a code learns anything.

Every case with a query code — published, withheld or no package at all — gets one entry, encrypted under
its code. From the normalised code and the site's public salt a slow KDF (PBKDF2-HMAC-SHA256, ``ITERATIONS``
rounds) gives a 32-byte master; HKDF-Expand (one HMAC-SHA256 block) splits it into a *locator* — which
shard, which first slot — and a separate AES-256-GCM *key*. The browser does the same with Web Crypto.

What is published (``lookup/shards/NNNN.bin``): ``SHARDS`` files of ``SLOTS`` fixed-size slots each, every
file the same length whatever the number of cases; a slot is ``nonce ‖ AES-GCM(entry padded to ENTRY_BYTES)
‖ tag``. Slots without an entry are decoys: the same bytes of the same length, encrypted under a key only
the repository knows, so they cannot be told apart from real ones. An entry sits at its locator's slot or,
when taken, the next free one in the shard (the page tries from there until one authenticates). Only when
a shard would overflow does the number of shards double (state: ``SHARDS`` × ``SLOTS`` = 16,384 slots).

Nonces are HMAC(repository secret, build date, shard, slot, plaintext)[:12]: builds on different dates differ
in every slot, so a diff of two published builds says nothing about which cases moved, while the same data
and build date (``SOURCE_DATE_EPOCH``) give byte-identical files. The plaintext is part of the derivation so
that a rebuild on the same day after an edit never reuses a nonce under the same key. The additional data
binds every slot to the build date that the page prints as 截至.

The salt (``reference/lookup-salt.txt``) is public — the page needs it. The secret
(``reference/lookup-secret.txt``) never leaves the repository: ``check_unpublished`` refuses a site that
contains it; ``output.check_out_of_data`` refuses an output folder that would delete either (both are in
``reference/``). Neither is ever created by a
build: a new salt would invalidate every code handed out (``xinfang new case``/``xinfang code`` create them
once, and only the salt when no case has a code yet).

Deriving is slow by design (~40 ms a code): masters are cached in ``.xinfang-cache/lookup-keys.json``
(git-ignored by its own ``.gitignore``, never inside the site) under HMAC(secret, salt, rounds, code), so the
cache file is no faster way to test guesses than the site itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from . import registry
from .config import ASSET_DIR, Paths
from .errors import OutputError, XinfangError
from .model import Case
from .output import write_cache
from .querycode import EXAMPLE, normalize, query_codes, written_in
from .schema import labels
from .workers import cores
from .site.contrib import Contribution, SiteContext

ITERATIONS = 100_000
KEY_BYTES = 32
SHARDS = 64
SLOTS = 256
ENTRY_BYTES = 128  # the JSON of every field at once (128 bytes) fits
NONCE_BYTES = 12
TAG_BYTES = 16
SLOT_BYTES = NONCE_BYTES + ENTRY_BYTES + TAG_BYTES
VERSION = "xinfang-lookup-v2"
SALT_NAME = "lookup-salt.txt"
SECRET_NAME = "lookup-secret.txt"  # noqa: S105 - a file name, not a secret
ENTRY_FIELDS = ("r", "a", "n", "c", "s", "d", "e")  # received, accepted, not-accepted date & category, status, deadline, concluded
PAGE = "lookup/index.md"
SCRIPT = "lookup/lookup.js"
STYLE = "lookup/lookup.css"
SHARD_DIR = "lookup/shards/"

__all__ = ["normalize", "query_codes", "site_contribution"]


# -- the derivation (the page does exactly the same with Web Crypto) -------------------------------------

def derive(password: bytes, salt: bytes, iterations: int = ITERATIONS, length: int = KEY_BYTES) -> bytes:
    """PBKDF2-HMAC-SHA256, the same function as Web Crypto's ``deriveBits({name: "PBKDF2", hash: "SHA-256"})``."""
    return hashlib.pbkdf2_hmac("sha256", password, salt, iterations, length)


def master_key(code: str, salt: str, iterations: int = ITERATIONS) -> bytes:
    """The slow part: PBKDF2 of the normalised code with the site's salt (UTF-8)."""
    return derive(normalize(code).encode("ascii"), salt.encode("utf-8"), iterations)


def expand(master: bytes, purpose: str) -> bytes:
    """HKDF-Expand(PRK = master, info = VERSION + purpose, L = 32): one HMAC-SHA256 block (RFC 5869)."""
    return hmac.new(master, f"{VERSION} {purpose}".encode("ascii") + b"\x01", hashlib.sha256).digest()


def locate(master: bytes, shards: int = SHARDS, slots: int = SLOTS) -> tuple[int, int]:
    """(shard, first slot) of a code: two big-endian 32-bit numbers of the locator, reduced."""
    locator = expand(master, "locator")
    return int.from_bytes(locator[:4], "big") % shards, int.from_bytes(locator[4:8], "big") % slots


def entry_key(master: bytes) -> bytes:
    """The AES-256-GCM key of a code's entry: independent of the locator (a different HKDF label)."""
    return expand(master, "key")


def aad(asof: date) -> bytes:
    """Additional data of every slot: the build date printed as 截至 (a stale slot fails authentication)."""
    return f"{VERSION}|{asof.isoformat()}".encode("ascii")


# -- the two keys of a repository ------------------------------------------------------------------------

@dataclass(frozen=True)
class LookupKeys:
    """The public salt (on the page) and the repository secret (never published)."""

    salt: str
    secret: bytes


def salt_file(paths: Paths) -> Path:
    return paths.reference / SALT_NAME


def secret_file(paths: Paths) -> Path:
    return paths.reference / SECRET_NAME


def _read_hex(paths: Paths, file: Path, what: str) -> str | None:
    if not file.exists():
        return None
    value = file.read_text(encoding="utf-8").strip()
    if len(value) < 32 or any(ch not in "0123456789abcdef" for ch in value):
        raise XinfangError(f"{paths.rel(file)}：{what}应为至少 32 位小写十六进制字符，文件已损坏；请从 git 历史恢复")
    return value


def read_keys(paths: Paths) -> LookupKeys | None:
    """The repository's keys, None when the salt or the secret is missing (never created here)."""
    salt = _read_hex(paths, salt_file(paths), "查询盐值")
    secret = _read_hex(paths, secret_file(paths), "查询密钥")
    if salt is None or secret is None:
        return None
    return LookupKeys(salt, bytes.fromhex(secret))


def coded_files(paths: Paths) -> int:
    """How many case files carry a query code, read from the text (before validation, for ``ensure_keys``)."""
    return sum(1 for f in paths.cases.glob("*/*.yaml") if written_in(f.read_text(encoding="utf-8", errors="replace")))


def ensure_keys(paths: Paths) -> list[Path]:
    """Create the missing keys (``xinfang new case``, ``xinfang code``); returns the files created.

    A missing secret is made at any time: it only changes the nonces and the cache. A missing salt is made
    only while no case has a code yet; later a new salt would silently invalidate every code handed out.
    """
    made = []
    if _read_hex(paths, salt_file(paths), "查询盐值") is None:
        coded = coded_files(paths)
        if coded:
            raise XinfangError(f"缺少 {paths.rel(salt_file(paths))}（查询盐值），但已有 {coded} 件事项有查询码："
                               "新盐值会使已发出的查询码全部失效，因此不会自动生成；请从 git 历史恢复该文件")
        made.append(_write_new(salt_file(paths), secrets.token_hex(16)))
    if _read_hex(paths, secret_file(paths), "查询密钥") is None:
        made.append(_write_new(secret_file(paths), secrets.token_hex(32)))
    return made


def _write_new(file: Path, value: str) -> Path:
    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("x", encoding="utf-8") as out:  # "x": never replace a key written meanwhile
        out.write(value + "\n")
    return file


def keys_for_build(paths: Paths, coded: int) -> LookupKeys:
    """The keys a build encrypts with; a repository with codes and without keys is refused."""
    keys = read_keys(paths)
    if keys is not None:
        return keys
    missing = [paths.rel(f) for f in (salt_file(paths), secret_file(paths)) if not f.exists()]
    if coded:
        raise XinfangError(f"有 {coded} 件事项有查询码，但缺少 {'、'.join(missing)}：不会自动生成（新盐值会使已发出的查询码失效）。"
                           "请从 git 历史恢复；如确实从未提交过，运行 xinfang code --keys 生成并提交到仓库")
    # No code at all: the page works and finds nothing; decoys under a fixed key reveal only that, which is true.
    return LookupKeys("0" * 32, b"\x00" * 32)


# -- keys, with a cache: the slow hash is the point, but not on every build -----------------------------

class KeyCache:
    """Masters by HMAC(secret, salt, rounds, code), in ``.xinfang-cache/lookup-keys.json`` (outside the site)."""

    def __init__(self, paths: Paths, keys: LookupKeys, iterations: int = ITERATIONS) -> None:
        self.folder = paths.cache
        self.file = self.folder / "lookup-keys.json"
        self.keys, self.iterations = keys, iterations
        self.used: dict[str, str] = {}
        self.derived = 0
        try:
            loaded = json.loads(self.file.read_text(encoding="utf-8"))
            self.known = {k: v for k, v in loaded.items() if isinstance(k, str) and isinstance(v, str)}
        except (OSError, ValueError, AttributeError):
            self.known = {}

    def _id(self, code: str) -> str:
        text = f"{VERSION}|cache|{self.keys.salt}|{self.iterations}|{normalize(code)}".encode("ascii")
        return hmac.new(self.keys.secret, text, hashlib.sha256).hexdigest()

    def derive_missing(self, codes: Iterable[str]) -> None:
        """Derive the masters of ``codes`` not in the cache, one thread per core: ``hashlib.pbkdf2_hmac`` lets go
        of the interpreter while it hashes, so the cores work at once (a first build at 10,000 codes: about
        35 ms of one core per code, minutes in all). ``master`` then finds them."""
        missing = {ident: code for code in codes if (ident := self._id(code)) not in self.known}
        if len(missing) < 2:
            return
        with ThreadPoolExecutor(min(cores(), len(missing))) as pool:
            found = pool.map(lambda code: master_key(code, self.keys.salt, self.iterations), missing.values())
            for ident, master in zip(missing, found):
                self.known[ident] = master.hex()
        self.derived += len(missing)

    def master(self, code: str) -> bytes:
        ident = self._id(code)
        if ident not in self.known:
            self.known[ident] = master_key(code, self.keys.salt, self.iterations).hex()
            self.derived += 1
        self.used[ident] = self.known[ident]
        return bytes.fromhex(self.used[ident])

    def save(self) -> None:
        """Keep only this build's masters (a removed code leaves the cache too); never fails the build."""
        if self.used == self.known and (self.file.exists() or not self.used):
            return  # nothing new (and no code at all: no cache folder in the repository)
        write_cache(self.folder, self.file.name, json.dumps(self.used, sort_keys=True))


# -- entries and shards -----------------------------------------------------------------------------------

def entry(case: Case) -> dict[str, str]:
    """The stable facts a petitioner may learn about their own case; 超期 is computed by the page."""
    found = {"r": case.received.isoformat(), "s": case.status}
    refused = case.not_accepted
    if refused:
        found.update(n=refused.date.isoformat(), c=refused.category)
    if case.accepted:
        found["a"] = case.accepted.isoformat()
    if case.deadline:
        found["d"] = case.deadline.isoformat()
    if case.concluded:
        found["e"] = case.concluded.isoformat()
    return found


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def plaintext(found: dict[str, str]) -> bytes:
    """Compact JSON padded with spaces to ``ENTRY_BYTES``: every entry the same length.

    Only the stable facts of ``ENTRY_FIELDS`` go in — dates and the codes of the status and the refusal's
    category — whatever ``entry`` is changed to: the code's holder may be someone the petitioner told.
    """
    codes = {"s": labels("case", ("status",)), "c": labels("case", ("not_accepted", "category"))}
    for key, value in found.items():
        allowed = value in codes[key] if key in codes else bool(_ISO_DATE.fullmatch(value))
        if key not in ENTRY_FIELDS or not allowed:
            raise XinfangError(f"查询条目只能含日期、办理状态和不予受理类别，不能含 {key}")
    text = json.dumps(found, sort_keys=True, separators=(",", ":")).encode("ascii")
    if len(text) > ENTRY_BYTES:
        raise XinfangError(f"查询条目超过 {ENTRY_BYTES} 字节（{len(text)}）：请调整 lookup.ENTRY_BYTES")
    return text.ljust(ENTRY_BYTES, b" ")


@dataclass(frozen=True)
class Sealed:
    """One code's entry ready to place: its master and padded plaintext."""

    master: bytes
    text: bytes


def layout(sealed: Iterable[Sealed], shards: int = SHARDS, slots: int = SLOTS) -> tuple[int, dict[tuple[int, int], Sealed]]:
    """Where each entry goes: (number of shards, {(shard, slot): entry}); shards double only on overflow."""
    items = list(sealed)
    while max(Counter(locate(s.master, shards, slots)[0] for s in items).values(), default=0) > slots:
        shards *= 2
    table: dict[tuple[int, int], Sealed] = {}
    for s in sorted(items, key=lambda s: (*locate(s.master, shards, slots), expand(s.master, "locator"))):
        shard, slot = locate(s.master, shards, slots)
        while (shard, slot) in table:  # linear probing inside the shard; the page walks the same way
            slot = (slot + 1) % slots
        table[(shard, slot)] = s
    return shards, table


def _nonce(secret: bytes, asof: date, shard: int, slot: int, text: bytes) -> bytes:
    head = f"{VERSION}|nonce|{asof.isoformat()}|{shard}|{slot}|".encode("ascii")
    return hmac.new(secret, head + text, hashlib.sha256).digest()[:NONCE_BYTES]


def shard_files(sealed: Iterable[Sealed], keys: LookupKeys, asof: date,
                shards: int = SHARDS, slots: int = SLOTS) -> dict[str, bytes]:
    """Every shard file, each ``slots × SLOT_BYTES`` long, real slots and decoys alike."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    count, table = layout(sealed, shards, slots)
    decoy = AESGCM(hmac.new(keys.secret, f"{VERSION}|decoy|{asof.isoformat()}".encode("ascii"), hashlib.sha256).digest())
    extra, blank = aad(asof), bytes(ENTRY_BYTES)
    files = {}
    for shard in range(count):
        parts = []
        for slot in range(slots):
            found = table.get((shard, slot))
            if found is None:
                nonce = _nonce(keys.secret, asof, shard, slot, b"")
                parts += [nonce, decoy.encrypt(nonce, blank, extra)]
            else:
                nonce = _nonce(keys.secret, asof, shard, slot, found.text)
                parts += [nonce, AESGCM(entry_key(found.master)).encrypt(nonce, found.text, extra)]
        files[shard_name(shard)] = b"".join(parts)
    return files


def shard_name(shard: int) -> str:
    return f"{SHARD_DIR}{shard:04d}.bin"


def open_entry(files: dict[str, bytes], code: str, salt: str, asof: date, iterations: int = ITERATIONS) -> dict[str, str] | None:
    """What the page does, in Python: find and decrypt the entry of ``code`` (None: not found)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    shards = sum(1 for name in files if name.startswith(SHARD_DIR) and name.endswith(".bin"))
    master = master_key(code, salt, iterations)
    shard, first = locate(master, shards, SLOTS)
    blob, cipher = files[shard_name(shard)], AESGCM(entry_key(master))
    for step in range(SLOTS):
        at = ((first + step) % SLOTS) * SLOT_BYTES
        try:
            text = cipher.decrypt(blob[at:at + NONCE_BYTES], blob[at + NONCE_BYTES:at + SLOT_BYTES], aad(asof))
        except InvalidTag:
            continue
        return json.loads(text)
    return None


# -- the page ---------------------------------------------------------------------------------------------

def page(salt: str, asof: date, shards: int, iterations: int = ITERATIONS) -> str:
    """The Markdown page (``templates/site/lookup.md.j2``): the form, 截至 the build date, and the 说明 (threat
    model in Chinese). The form's settings are data attributes, JSON for non-strings, escaped by the template."""
    from .site.pages import environment  # the site's one Jinja environment (autoescape)

    data = {"salt": salt, "iterations": iterations, "shards": shards, "slots": SLOTS, "slot-bytes": SLOT_BYTES,
            "nonce-bytes": NONCE_BYTES, "version": VERSION, "asof": asof.isoformat(), "base": "shards/",
            "labels": labels("case", ("status",)), "categories": labels("case", ("not_accepted", "category"))}
    attrs = {k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, separators=(",", ":"))
             for k, v in data.items()}
    return environment().get_template("lookup.md.j2").render(data=attrs, example=EXAMPLE, asof=asof, shards=shards,
                                                             slots=SLOTS)


# -- the contribution to the site --------------------------------------------------------------------------

@registry.page(PAGE, title="办理进度查询", order=100)
def site_contribution(ctx: SiteContext) -> Contribution:
    """The lookup page, its script and the encrypted shards, for every case that has a query code."""
    codes = query_codes(ctx.repository.cases)
    keys = keys_for_build(ctx.paths, len(codes))
    cache = KeyCache(ctx.paths, keys, ITERATIONS)  # read at call time: a test may lower the rounds
    cache.derive_missing(codes.values())
    sealed = [Sealed(cache.master(codes[c.id]), plaintext(entry(c))) for c in ctx.repository.cases if c.id in codes]
    cache.save()
    files = shard_files(sealed, keys, ctx.today)
    shards = sum(1 for name in files if name.startswith(SHARD_DIR))
    files[SCRIPT] = (ASSET_DIR / "lookup" / "lookup.js").read_bytes()
    files[STYLE] = (ASSET_DIR / "lookup" / "lookup.css").read_bytes()
    return Contribution(docs={PAGE: page(keys.salt, ctx.today, shards, ITERATIONS)}, files=files)


# -- the secret stays home ----------------------------------------------------------------------------------

def holds_any(blob: bytes, forms: tuple[bytes, ...]) -> bool:
    """Whether ``blob`` holds any of ``forms`` (a secret as it could be pasted: ``secret_forms``)."""
    return any(form in blob for form in forms)


def secret_forms(secret: bytes) -> tuple[bytes, ...]:
    """The secret as it could be pasted: hex (both cases) and base64 (standard and URL-safe, unpadded)."""
    return (secret.hex().encode(), secret.hex().upper().encode(), base64.b64encode(secret).rstrip(b"="),
            base64.urlsafe_b64encode(secret).rstrip(b"="))


def check_unpublished(site: Path, paths: Paths) -> None:
    """Refuse a built site any file of which contains the repository secret (the message never shows it)."""
    keys = read_keys(paths)
    if keys is None:
        return
    forms = secret_forms(keys.secret)
    for file in sorted(site.rglob("*")):
        if file.is_file() and holds_any(file.read_bytes(), forms):  # the file read once, not once a form
            raise OutputError(f"生成的网站文件 {file.relative_to(site).as_posix()} 含有查询密钥 {SECRET_NAME} 的内容，拒绝发布；"
                              "原网站保持不变")
