"""The petitioner's own lookup (查询码查询) on a static site: no server, nobody else's case exposed.

For EVERY case with a query code (published or not) the public build writes one entry, keyed by a salted,
slow hash of the code, holding only the received date, acceptance date, status code, deadline and the
overdue flag — no id, title, topic or region. The key is PBKDF2-HMAC-SHA256 of the normalised code with
the site's salt (``reference/lookup-salt.txt``, generated once and kept in the repository so that keys stay
stable between builds), ``ITERATIONS`` rounds, 32 bytes, in hex. Entries are sharded by the key's first
two hex digits (``lookup/shards/<xx>.json``, all 256 written so a shard's existence says nothing), and the
page ``lookup/`` computes the same hash in the browser with Web Crypto and fetches only its shard.

With 60-bit codes and 100,000 rounds, enumerating codes against the published keys is hopeless; the salt
stops precomputed tables across sites. Deriving is slow by design (~40 ms a case), so keys are cached in
``.xinfang-cache/`` (git-ignored, never inside the site) by a digest of salt, rounds and code.
"""

from __future__ import annotations

import hashlib
import html
import json
import secrets
import unicodedata
from pathlib import Path
from typing import Any, Iterator

from .config import ASSET_DIR, Paths
from .errors import Problem, XinfangError, error
from .model import Case
from .schema import labels
from .site.contrib import Contribution, SiteContext

ITERATIONS = 100_000
KEY_BYTES = 32
SALT_NAME = "lookup-salt.txt"
SHARD_DIGITS = 2
ENTRY_FIELDS = ("received", "accepted", "status", "deadline", "overdue")
PAGE = "lookup/index.md"
SCRIPT = "lookup/lookup.js"
STYLE = "lookup/lookup.css"


def normalize(code: str) -> str:
    """The code as hashed: NFKC (full-width → ASCII), upper case, letters and digits only.

    ``lookup.js`` does exactly the same, so "7kq4 mz9p x2hd" and "７ＫＱ４-MZ9P-X2HD" find the same case.
    """
    text = unicodedata.normalize("NFKC", code).upper()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def derive(password: bytes, salt: bytes, iterations: int = ITERATIONS, length: int = KEY_BYTES) -> bytes:
    """PBKDF2-HMAC-SHA256, the same function as Web Crypto's ``deriveBits({name: "PBKDF2", hash: "SHA-256"})``."""
    return hashlib.pbkdf2_hmac("sha256", password, salt, iterations, length)


def lookup_key(code: str, salt: str, iterations: int = ITERATIONS) -> str:
    """The published key of a query code: hex of PBKDF2(normalised code, salt as UTF-8)."""
    return derive(normalize(code).encode("ascii"), salt.encode("utf-8"), iterations).hex()


# -- the salt (per site, in the repository) -----------------------------------------------------------

def salt_file(paths: Paths) -> Path:
    return paths.reference / SALT_NAME


def read_salt(paths: Paths) -> str | None:
    file = salt_file(paths)
    if not file.exists():
        return None
    salt = file.read_text(encoding="utf-8").strip()
    if len(salt) < 16:
        raise XinfangError(f"{paths.rel(file)}：查询盐值太短（至少 16 个字符），请删除该文件后运行 xinfang new case 重新生成")
    return salt


def ensure_salt(paths: Paths) -> str:
    """The site's salt, created once (32 hex characters from ``secrets``) when the repository has none."""
    salt = read_salt(paths)
    if salt is None:
        salt = secrets.token_hex(16)
        file = salt_file(paths)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(salt + "\n", encoding="utf-8")
    return salt


# -- keys, with a cache: the slow hash is the point, but not on every build -----------------------------

class KeyCache:
    """Derived keys by ``sha256(salt, rounds, code)``, kept in ``.xinfang-cache/lookup-keys.json``."""

    def __init__(self, paths: Paths, salt: str, iterations: int = ITERATIONS) -> None:
        self.file = paths.cache / "lookup-keys.json"
        self.salt, self.iterations = salt, iterations
        self.known: dict[str, str] = {}
        self.changed = False
        try:
            loaded = json.loads(self.file.read_text(encoding="utf-8"))
            self.known = {k: v for k, v in loaded.items() if isinstance(k, str) and isinstance(v, str)}
        except (OSError, ValueError, AttributeError):
            self.known = {}

    def key(self, code: str) -> str:
        digest = hashlib.sha256(f"{self.salt}\x00{self.iterations}\x00{normalize(code)}".encode()).hexdigest()
        if digest not in self.known:
            self.known[digest] = lookup_key(code, self.salt, self.iterations)
            self.changed = True
        return self.known[digest]

    def save(self) -> None:
        if not self.changed:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self.file.write_text(json.dumps(self.known, sort_keys=True), encoding="utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time next build


# -- entries and shards -----------------------------------------------------------------------------------

def entry(case: Case, today: Any) -> dict[str, Any]:
    """What a petitioner may learn about their own case, and nothing else (dates, status code, flag)."""
    deadline = case.deadline
    return {
        "received": case.received.isoformat(),
        "accepted": case.accepted.isoformat() if case.accepted else None,
        "status": case.status,
        "deadline": deadline.isoformat() if deadline else None,
        "overdue": case.is_overdue(today),
    }


def shards(keyed: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    """All 256 shard files (empty ones too), each a compact JSON object of key → entry."""
    grouped: dict[str, dict[str, Any]] = {f"{i:02x}": {} for i in range(16 ** SHARD_DIGITS)}
    for key, value in keyed.items():
        grouped[key[:SHARD_DIGITS]][key] = value
    return {f"lookup/shards/{prefix}.json": json.dumps(group, sort_keys=True, separators=(",", ":")).encode("ascii")
            for prefix, group in grouped.items()}


def page(salt: str, iterations: int = ITERATIONS) -> str:
    """The Markdown page with the form; the status labels come from the case schema."""
    status = json.dumps(labels("case", ("status",)), ensure_ascii=False, separators=(",", ":"))
    attrs = (f'data-salt="{html.escape(salt)}" data-iterations="{iterations}" '
             f'data-shards="shards/" data-labels="{html.escape(status)}"')
    return f"""# 办理进度查询

<link rel="stylesheet" href="lookup.css">

凭登记时领取的**查询码**（12 位字母和数字，例如 7KQ4-MZ9P-X2HD），可以查询本人信访事项的办理进度：收到日期、受理日期、办理状态、办结期限和是否超期。

查询在您的浏览器中完成：查询码不会发送给网站。网站上只有查询码经加密运算后的摘要，不含任何事项的内容。

<form id="xf-lookup" class="xf-lookup" {attrs} autocomplete="off">
<label for="xf-code">查询码</label>
<input id="xf-code" name="code" type="text" inputmode="text" spellcheck="false" maxlength="40" placeholder="例如 7KQ4-MZ9P-X2HD" required>
<button id="xf-submit" type="submit" class="md-button md-button--primary">查询</button>
</form>

<div id="xf-result" class="xf-lookup-result" role="status" aria-live="polite"></div>

<noscript>查询需要启用浏览器的 JavaScript。</noscript>

遗失查询码的，请与信访接待部门联系。

<script src="lookup.js"></script>
"""


def site_contribution(ctx: SiteContext) -> Contribution:
    """The lookup page, its script and the shards, for every case that has a query code."""
    coded = [c for c in ctx.repository.cases if c.query_code]
    salt = read_salt(ctx.paths)
    if salt is None:
        if coded:
            raise XinfangError(f"有 {len(coded)} 件事项有查询码，但缺少 {ctx.paths.rel(salt_file(ctx.paths))}："
                               "运行一次 xinfang new case 会生成它，请提交到仓库")
        salt = "0" * 32  # no codes yet: the page still works and finds nothing
    cache = KeyCache(ctx.paths, salt)
    keyed = {cache.key(c.query_code): entry(c, ctx.today) for c in coded if c.query_code}
    cache.save()
    files = shards(keyed)
    files[SCRIPT] = (ASSET_DIR / "lookup" / "lookup.js").read_bytes()
    files[STYLE] = (ASSET_DIR / "lookup" / "lookup.css").read_bytes()
    return Contribution(docs={PAGE: page(salt)}, files=files)


def unique_query_codes(ctx: Any) -> Iterator[Problem]:
    """Two cases must never share a query code: one would see the other's progress (validation rule)."""
    seen: dict[str, str] = {}
    for src in ctx.cases:
        code = src.data.get("query_code")
        if code is None:
            continue
        first = seen.setdefault(normalize(code), src.path)
        if first != src.path:
            yield error(src.path, f"查询码 query_code：与 {first} 的查询码相同，请用 xinfang new code 生成新的查询码替换，并告知信访人",
                        ("query_code",), "duplicate-query-code")
