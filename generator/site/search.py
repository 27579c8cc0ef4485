"""The site's search (站内搜索): Pagefind's index, built from the finished pages, fetched in pieces.

Chosen on measurements (bench/RESULTS.md, ``python -m bench.search_engines``): at 10,000 published pages
mkdocs-material's search sends a phone its whole index on the first query (~0.8 MB gzip), and lunr matches
only whole jieba words, so 工资 missed 拖欠工资 until the index text was cut again. Pagefind ≥ 1.6 segments
Chinese at index time with ICU4X, as the browser's ``Intl.Segmenter`` segments the query, and splits its
index into chunks: a query fetches only the chunks of its words (tens of KB), however many cases the site has.

- Pagefind runs over the built HTML after MkDocs (``index_site``), from npm (``node_modules/.bin/pagefind``
  of the repository or of this tool's checkout, or ``XINFANG_PAGEFIND``); it needs Node.js at build time and
  nothing from the network.
- What is indexed: the article of every page whose front matter does not say ``search: exclude`` (the theme
  template marks it ``data-pagefind-body``), minus the parts marked ``data-pagefind-ignore`` (crumbs, facts
  lists, the archive's and home page's lists of titles), so a search finds the case page first.
- What a phone downloads on its first query is kept small (issue 18: ~100 KB at 10,000 published cases):
  Pagefind runs on the page's thread (``noWorker``: no 12 KB worker script, which would fetch the same
  WebAssembly again); the page list (``pf_meta``, one entry a page) names each page's fragment by its place in
  the list instead of a random hash (``compact_page_list``: 61 → 12.4 KB brotli at 10,000 pages); its gzip
  files are compressed again, content unchanged (``repack``: zopfli, libdeflate); each gets a ``.br``
  sibling of its content (``precompress_index``) for hosts that send brotli (nginx ``brotli_static``, Caddy
  ``precompressed``; browsers ask for it over HTTPS); and the search page fetches the fragments of the first
  5 results, the rest when the visitor scrolls or taps for more (search.js). At 10,000 pages the first
  search of a visit is 98.4 KB from a brotli host, 120.8 KB from a gzip-only one (bench/RESULTS.md).
- Its output is a public file like any other: the leak guard reads every file of ``pagefind/``, decompressing
  the gzip chunks (``privacy.check``), before the site replaces the old one.
- The theme's search plugin is off: no ``search_index.json``, no lunr. The search page (``search/``) is a
  plain form; ``assets/xinfang/search.js`` (ES5) shows the results; where a browser lacks ES modules or
  WebAssembly it searches ``search/titles.json`` (every published case's number and title) by substring
  and says so; with JavaScript off the form still leads to the full case list.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Sequence

from .. import registry, workers
from ..cache import cached
from ..errors import OutputError
from .contrib import SiteContext

PAGEFIND_MIN = (1, 6, 0)
OUTPUT = "pagefind"
TITLES = "search/titles.json"
# What Pagefind writes that this site never loads: its ready-made interfaces (our page has its own, plain
# one), its in-page highlighter, and its web worker (modern/pagefind-search.js asks for ``noWorker``).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
# Pagefind's own files are gzip of "pagefind_dcd" + data; its script skips its own gunzip when the data
# arrives already decoded (a host sent the .br sibling with Content-Encoding: br).
SIGNATURE = b"pagefind_dcd"
PACKED_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")
# What a phone downloads for a search, compressed harder than Pagefind does (issue 18: the first search of a
# visit ~100 KB at 10,000 published pages; bench/RESULTS.md "手机上的网站（四）"), the content unchanged:
# - gzip (``repack``, before the leak guard, which reads the final files): zopfli on the WebAssembly and the
#   page list, fetched by every first search (10,000 pages: 55.4 → 52.8 KB, 33.5 → 27.3 KB), libdeflate's
#   level 12 on the index chunks (a query's chunk 26.6 → 23.6 KB; all 186 chunks in ~10 s, where zopfli
#   would take minutes); the fragments stay as Pagefind wrote them (level 12 saves 4 bytes of ~830 a
#   fragment, and reading and writing 10,000 files again costs ~15 s);
# - brotli (``precompress_index``, after the guard): quality 11 on everything but the fragments (a chunk
#   25.8 → 23.1 KB; 10,000 fragments at 11 would cost a minute for 4 %), 9 on those; the window is the
#   default 4 MB, larger than any of these files (lgwin 24 gives the same bytes);
# - Pagefind's script: zopfli and brotli 11 siblings in place of compress.py's level 9 ones (13.3 → 12.8 KB
#   gzip, 12.9 → 12.1 KB brotli).
ZOPFLI = (".pf_meta", ".pagefind")
REPACKED = (".pf_meta", ".pagefind", ".pf_index", ".pf_filter")
ZOPFLI_ITERATIONS = 15
LIBDEFLATE_LEVEL = 12
BROTLI_BEST, BROTLI_FRAGMENTS = 11, 9
SCRIPTS = ("pagefind.js", "pagefind-entry.json")
ENGINE = (".pagefind", "pagefind.js")
"""Pagefind's engine, the same bytes on every site (its WebAssembly by suffix, its script by name)."""
_TOOL_ROOT = Path(__file__).resolve().parents[2]


def pagefind_command(root: Path) -> list[str]:
    """How to run Pagefind: ``XINFANG_PAGEFIND``, else npm's ``node_modules/.bin/pagefind`` of the repository
    or of this tool's checkout, else ``pagefind`` on PATH. Refused in Chinese when none is there."""
    pinned = os.environ.get("XINFANG_PAGEFIND", "")
    candidates = [Path(pinned)] if pinned else [
        root / "node_modules" / ".bin" / "pagefind", _TOOL_ROOT / "node_modules" / ".bin" / "pagefind"]
    for candidate in candidates:
        if candidate.is_file():
            return [str(candidate)]
    on_path = shutil.which("pagefind") if not pinned else None
    if on_path:
        return [on_path]
    raise OutputError("找不到站内搜索的索引工具 Pagefind（npm 包 pagefind 1.6 或更高版本）：请先安装 Node.js，"
                      "在仓库根目录运行 npm install pagefind@^1.6.0（或 npm ci），或用环境变量 XINFANG_PAGEFIND 指明它的位置")


def pagefind_version(command: Sequence[str]) -> tuple[int, ...]:
    found = re.search(r"(\d+)\.(\d+)\.(\d+)", pagefind_says(command))
    if not found:
        raise OutputError(f"无法读出站内搜索的索引工具 Pagefind（{command[0]}）的版本：{pagefind_says(command)[:200]}")
    return tuple(int(n) for n in found.groups())


def pagefind_says(command: Sequence[str]) -> str:
    """What ``pagefind --version`` prints: asked once a process for one program file (its path, size, time
    and inode), so that a build asks it once, and ``xinfang serve`` again after Pagefind is upgraded."""
    program = Path(command[0]).resolve()
    try:
        stat = program.stat()
        stamp: tuple[Any, ...] = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev)
    except OSError:
        stamp = ()
    return _version_output(tuple(command), str(program), stamp)


@functools.lru_cache(maxsize=8)
def _version_output(command: tuple[str, ...], program: str, stamp: tuple[Any, ...]) -> str:
    result = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60, check=False)
    if result.returncode != 0:
        raise OutputError(f"无法运行站内搜索的索引工具 Pagefind（{command[0]}）：{(result.stderr or result.stdout).strip()[:200]}")
    return result.stdout.strip()


def find_pagefind(root: Path) -> list[str]:
    """The Pagefind to run, checked before anything is built: present and at least 1.6."""
    command = pagefind_command(root)
    version = pagefind_version(command)
    if version < PAGEFIND_MIN:
        raise OutputError(f"Pagefind {'.'.join(map(str, version))} 太旧：中文分词要 1.6 或更高版本"
                          "（npm install pagefind@^1.6.0）")
    return command


def index_site(site: Path, command: Sequence[str], store: Any = None) -> None:
    """Write Pagefind's index into ``site/pagefind`` (offline; Chinese segmented at index time), then make
    what a phone downloads from it small (``finish_index``; ``store``: its cache, see ``repack``).

    What Pagefind writes is kept in ``store`` by every file of the site it reads (their paths and bytes: the
    pages, and a configuration file it could find there), by what ``pagefind --version`` prints and by the
    tool's digest: a build whose pages did not change — nothing public changed, or only a withheld case —
    takes it from there instead of running Pagefind again (1.6–2.1 s at 10,000 cases). Pagefind writes the
    same bytes for the same pages (tests/test_reproducible.py), so a kept index is the one it would write."""
    if store is None:  # --no-cache: nothing to look for, nothing to keep
        run_pagefind(site, command)
    else:
        key = _key(("pagefind", pagefind_says(command), _site_digest(site)))
        written = store.get(key)
        if written is None:
            run_pagefind(site, command)
            store.put(key, {p.relative_to(site / OUTPUT).as_posix(): p.read_bytes()
                            for p in sorted((site / OUTPUT).rglob("*")) if p.is_file()})
        else:
            for name, blob in written.items():
                (site / OUTPUT / name).parent.mkdir(parents=True, exist_ok=True)
                (site / OUTPUT / name).write_bytes(blob)
    finish_index(site / OUTPUT, store)


def _site_digest(site: Path) -> str:
    """The digest of every file of ``site`` (relative path and bytes), in path order."""
    total = hashlib.sha256()
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        name = file.relative_to(site).as_posix().encode("utf-8")
        blob = file.read_bytes()
        total.update(len(name).to_bytes(4, "big") + name + len(blob).to_bytes(8, "big"))
        total.update(blob)
    return total.hexdigest()


def run_pagefind(site: Path, command: Sequence[str]) -> None:
    """Pagefind over the built pages, as it writes its index. Run inside the site with no ``PAGEFIND_*``
    variables, so that no ``pagefind.yml`` of the repository and no setting of the shell changes what is
    indexed."""
    result = subprocess.run([*command, "--site", str(site), "--output-subdir", OUTPUT, "--force-language", "zh",
                             "--silent"], capture_output=True, text=True, timeout=3600, cwd=site, check=False,
                            env={k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")})
    if result.returncode != 0:
        raise OutputError(f"站内搜索索引生成失败（Pagefind）：{(result.stderr or result.stdout).strip()[:500]}")


def finish_index(folder: Path, store: Any = None) -> None:
    """What of Pagefind's output the site does not load removed, its page list compacted and its gzip files
    compressed again: the steps between Pagefind and the leak guard."""
    for name in UNUSED:
        (folder / name).unlink(missing_ok=True)
    compact_page_list(folder)
    repack(folder, store)


def compact_page_list(folder: Path) -> None:
    """Name every page's fragment by its place in the page list (``fragment/<tag>/<n>.pf_fragment``, ``n`` in
    base 36, all of one width) instead of Pagefind's hash of its content, so the page list a phone fetches on
    its first query compresses well: a random 7-hex hash a page is ~3.5 bytes that no compressor removes, a
    short running number next to the one before it little (10,000 pages: 61.2 KB gzip as Pagefind writes it;
    after, 27.3 KB gzip (zopfli, ``repack``) and 12.4 KB brotli; 5-digit decimal places gave 27.1 and 16.1).

    The list's encoding (CBOR) is rewritten name by name (a page's entry holds no byte count, so a shorter
    name needs no other change); the tag (4 hex of the list's digest) changes whenever the list does, so a
    browser's cached fragment of an older build is never read as a page of this one. The list gets a new
    file name (its digest) and the entry file names it. Left as Pagefind wrote it when a name is not found
    exactly once."""
    entry_file = folder / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_file = folder / f"pagefind.{language['hash']}.pf_meta"
        raw = gzip.decompress(meta_file.read_bytes())
        names = [p.stem for p in (folder / "fragment").glob("*.pf_fragment")]
        if not names or any(raw.count(_cbor_text(name)) != 1 for name in names):
            continue
        tag = hashlib.sha256(raw).hexdigest()[:4]
        ordered = sorted(names, key=lambda name: raw.find(_cbor_text(name)))
        width = len(_base36(len(ordered) - 1))
        renamed = {name: f"{tag}/{_base36(n).rjust(width, '0')}" for n, name in enumerate(ordered)}
        out = _renamed(raw, ordered, renamed)
        (folder / "fragment" / tag).mkdir(exist_ok=True)
        for old, new in renamed.items():
            (folder / "fragment" / f"{old}.pf_fragment").rename(folder / "fragment" / f"{new}.pf_fragment")
        new_hash = f"{language['hash'].split('_')[0]}_{hashlib.sha256(out).hexdigest()[:10]}"
        meta_file.unlink()
        (folder / f"pagefind.{new_hash}.pf_meta").write_bytes(gzip.compress(out, 9, mtime=0))
        language["hash"] = new_hash
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _renamed(raw: bytes, ordered: list[str], renamed: dict[str, str]) -> bytes:
    """The CBOR page list with each name (found once, in list order) replaced by its new one."""
    out, at = bytearray(), 0
    for old in ordered:
        start = raw.index(_cbor_text(old), at)
        out += raw[at:start] + _cbor_text(renamed[old])
        at = start + len(_cbor_text(old))
    return bytes(out + raw[at:])


def _base36(n: int) -> str:
    digits = ""
    while True:
        n, digit = divmod(n, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not n:
            return digits


def _cbor_text(name: str) -> bytes:
    """A short text as CBOR encodes it (major type 3, length in the head)."""
    data = name.encode("utf-8")
    return bytes([0x60 + len(data)]) + data if len(data) < 24 else bytes([0x78, len(data)]) + data


def packed_files(folder: Path) -> list[Path]:
    """Pagefind's own gzip files (WebAssembly, page list, index chunks, fragments, filters)."""
    return sorted(p for p in folder.rglob("*") if p.suffix in PACKED_SUFFIXES)


def _content(file: Path, site: Path) -> bytes:
    data = gzip.decompress(file.read_bytes())
    if not data.startswith(SIGNATURE):
        raise OutputError(f"站内搜索索引文件 {file.relative_to(site)} 不是 Pagefind 的格式")
    return data


def gzip_smallest(data: bytes, thorough: bool) -> bytes:
    """gzip of ``data`` as small as the build can afford, reproducibly (no name, time 0 in the header):
    zopfli when ``thorough`` (a few seconds for 150 KB), libdeflate's level 12 otherwise (milliseconds)."""
    import deflate
    import zopfli.gzip

    if thorough:
        return zopfli.gzip.compress(data, numiterations=ZOPFLI_ITERATIONS)
    return bytes(deflate.gzip_compress(data, LIBDEFLATE_LEVEL))


def repack(folder: Path, store: Any = None) -> int:
    """Pagefind's gzip files but the fragments compressed again, holding the same bytes (its own
    ``pagefind_dcd`` + data), smaller: what a gzip_static host sends as it is. Kept as Pagefind wrote it where
    that is not larger. Run before the leak guard, which reads inside these files. Returns how many were rewritten.

    ``store`` (a ``cache.Store``) keeps each answer by the tool's digest and the bytes Pagefind wrote: Pagefind
    indexes every page on every build, but a chunk whose words did not change comes out the same, and zopfli
    on the WebAssembly costs seconds."""
    rewritten, engine = 0, _engine_store(store, "pagefind-engine-gz")
    for file in (p for p in packed_files(folder) if p.suffix in REPACKED):
        packed = file.read_bytes()
        smaller = cached(engine if file.suffix in ENGINE else store, _key(("repack", file.suffix, packed)),
                         _repacked, file, folder)
        if len(smaller) < len(packed):
            file.write_bytes(smaller)
            rewritten += 1
    if engine is not None:
        engine.save()
    return rewritten


def precompress_index(site: Path, store: Any = None) -> int:
    """A ``.br`` beside each of Pagefind's gzip files, holding the data the gzip holds (``pagefind_dcd`` +
    data), for hosts with brotli_static: the browser decodes it and Pagefind's script takes it as decoded.
    No ``.gz`` sibling: the file is gzip already and a gzip_static host sends it as it is. Pagefind's script
    and entry file get smaller ``.gz``/``.br`` siblings than compress.py's (zopfli, brotli 11): fetched by
    every first search. Run after the leak guard (which reads inside the gzip files), like
    compress.precompress. Returns how many files were written. ``store``: as ``repack``'s, by the bytes
    compressed (unchanged chunks and fragments are not compressed again)."""
    import brotli

    def quality(file: Path) -> int:
        return BROTLI_FRAGMENTS if file.suffix == ".pf_fragment" else BROTLI_BEST

    def sibling(file: Path) -> bytes:
        return brotli.compress(_content(file, site), quality=quality(file))

    engine = _engine_store(store, "pagefind-engine-br")
    files = packed_files(site / OUTPUT)
    keys = [_key(("index-br", quality(file), file.read_bytes())) for file in files]
    # both cores at 10,000 pages: brotli 11 on the chunks takes ~35 s of one
    made = workers.run_uncached(files, keys, sibling, [engine if file.suffix in ENGINE else store for file in files])
    for file, data in zip(files, made):
        file.with_name(file.name + ".br").write_bytes(data)
    for name in SCRIPTS:
        script, chosen = site / OUTPUT / name, engine if name in ENGINE else store
        data = script.read_bytes()
        packed, written = cached(chosen, _key(("script-gz", data)), gzip_smallest, data, True), script.with_name(name + ".gz")
        # zopfli's header says time 0; keep the one compress.precompress wrote (the build's time, no name:
        # ten bytes in both, the data's checksum is in the trailer)
        header = written.read_bytes()[:10] if written.is_file() else packed[:10]
        written.write_bytes(header + packed[10:])
        script.with_name(name + ".br").write_bytes(cached(chosen, _key(("script-br", data)), _brotli_text, data))
    if engine is not None:
        engine.save()
    return len(files) + len(SCRIPTS)


def _engine_store(store: Any, name: str) -> Any:
    """Where the compressed forms of Pagefind's engine (``ENGINE``) are kept: once per user, in the user's cache
    folder, since the engine is the same file on every site built with one Pagefind version and zopfli on its
    WebAssembly costs a second or two a build — a second repository, or a test's copy, takes it from there. Only
    public bytes that are the same everywhere go there, never a repository's data. None when the build runs
    without caches (``--no-cache``: ``store`` is None)."""
    if store is None:
        return None
    from ..cache import Store, user_folder

    return Store(user_folder(), name)


def _key(parts: tuple[Any, ...]) -> str:
    """A cache key of this step: the tool's digest and ``parts``, which hold every other input that can change."""
    from ..cache import digest, tool_digest

    return digest("search", tool_digest(), *parts)


def _repacked(file: Path, folder: Path) -> bytes:
    return gzip_smallest(_content(file, folder), file.suffix in ZOPFLI)


def _brotli_text(data: bytes) -> bytes:
    import brotli

    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=BROTLI_BEST)


@registry.data_file(TITLES)
def titles(site: SiteContext) -> bytes:
    """search/titles.json: what a browser without Pagefind searches."""
    return titles_json([(case.id, case.title) for case in site.view.cases])


def titles_json(cases: Sequence[tuple[str, str]]) -> bytes:
    """Every published case's number and title, for browsers that cannot run Pagefind (no ES modules or no
    WebAssembly: Android 7-era WebViews, iOS 10): they search these by substring."""
    doc = {"cases": [[case_id, title] for case_id, title in cases]}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def indexed_pages(site: Path) -> dict[str, dict]:
    """What Pagefind indexed, read back from its fragments (gzip of ``pagefind_dcd`` + JSON): page URL →
    ``{"url", "content", "meta": {"title"}, …}``. For tests and the benchmark: the site never needs it."""
    pages: dict[str, dict] = {}
    for file in sorted((site / OUTPUT / "fragment").rglob("*.pf_fragment")):
        blob = gzip.decompress(file.read_bytes())
        doc = json.loads(blob.removeprefix(b"pagefind_dcd"))
        for page in doc if isinstance(doc, list) else [doc]:
            pages[page["url"]] = page
    return pages
