"""Pagefind's files compressed harder than Pagefind does, content unchanged (issue 18: the first search of a
visit ~100 KB at 10,000 published pages; figures in bench/RESULTS.md "手机上的网站（四）").

``search.repack`` re-gzips the WebAssembly and the page list with zopfli and the index chunks with libdeflate's
level 12 (before the leak guard); ``search.precompress_index`` writes brotli 11 siblings (9 for fragments) and
zopfli/brotli 11 siblings of Pagefind's script (after it). The browser side (the search finds the same pages
in the same order from the repacked index as from Pagefind's own) is in tests/test_browser_phone.py.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import brotli
import deflate
import pytest
import zopfli.gzip

from generator.privacy.check import Runs, _text_of
from generator.site import search as site_search
from generator.site.compress import gzip_bytes
from conftest import tree


BUILD_TIME = 1795665600  # the demo's build day, noon in Beijing (tests/test_site_phone.py)


def _packed(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in site_search.packed_files(folder)}


def test_repacked_files_hold_the_same_bytes_smaller(pagefind_as_written: Path, tmp_path: Path):
    """Every file ``repack`` rewrites decompresses to exactly what Pagefind's gzip held; the WebAssembly and
    the page list are zopfli's output, the chunks libdeflate's level 12 (each where smaller than Pagefind's),
    the fragments untouched; a second run changes no byte (reproducible: no name, no time in the headers).
    Checked to fail: with ``repack`` compressing the file's bytes (the gzip) instead of its content, the first
    comparison fails (and the search finds nothing in the browser)."""
    folder = tmp_path / "pagefind"
    shutil.copytree(pagefind_as_written / "pagefind", folder)
    before = _packed(folder)
    rewritten = site_search.repack(folder)
    after = _packed(folder)
    assert sorted(after) == sorted(before)
    for name, packed in after.items():
        content = gzip.decompress(before[name])
        assert gzip.decompress(packed) == content, name
        if name.endswith(site_search.ZOPFLI):
            assert packed == zopfli.gzip.compress(content, numiterations=site_search.ZOPFLI_ITERATIONS), name
            assert len(packed) < len(before[name]), name
        elif name.endswith((".pf_index", ".pf_filter")):
            smaller = bytes(deflate.gzip_compress(content, site_search.LIBDEFLATE_LEVEL))
            assert packed == (smaller if len(smaller) < len(before[name]) else before[name]), name
        else:
            assert name.endswith(".pf_fragment") and packed == before[name], name
    assert rewritten == sum(after[n] != before[n] for n in after) > 0
    assert sum(map(len, after.values())) < sum(map(len, before.values()))
    assert site_search.repack(folder) == 0 and _packed(folder) == after


def test_the_leak_guard_reads_the_repacked_files(demo_site: Path):
    """The guard reads gzip by its magic bytes whatever the file is called; zopfli's and libdeflate's gzip
    must be read like Pagefind's: the guard's text of every file of the published index is its content, but
    the WebAssembly's (Pagefind's program, the same on every site: the guard skips it by its suffix).
    Checked to fail: a repacked file written as raw deflate (no gzip header) is read by the guard as noise,
    and the comparison fails."""
    folder = demo_site / "site" / "pagefind"
    files = site_search.packed_files(folder)
    assert {p.suffix for p in files} == {".pagefind", ".pf_meta", ".pf_index", ".pf_fragment"}
    skipped = [file.name for file in files if _text_of(file) is None]
    assert skipped == ["wasm.unknown.pagefind"]
    binary = []
    for file in files:
        if file.suffix != ".pagefind":
            content = gzip.decompress(file.read_bytes())
            try:
                expected = content.decode("utf-8")
            except UnicodeDecodeError:  # CBOR: read as a binary file, by its runs of text
                expected, _ = Runs.of(content), binary.append(file.suffix)
            assert _text_of(file) == expected, file
    assert sorted(set(binary)) == [".pf_index", ".pf_meta"]


def test_the_published_index_and_script_compress_as_chosen(demo_site: Path):
    """What the build publishes: each of Pagefind's gzip files has a ``.br`` of its content at quality 11
    (9 for fragments); Pagefind's script and entry file have zopfli ``.gz`` and brotli 11 ``.br`` siblings of
    their bytes (in place of compress.py's level 9 ones: fetched by every first search), the gzip with
    compress.py's header (the build's time, no name).
    Checked to fail: with ``precompress_index`` no longer writing the script's siblings, compress.py's level 9
    gzip is found and the first assertion on it fails."""
    folder = demo_site / "site" / "pagefind"
    for file in site_search.packed_files(folder):
        content = gzip.decompress(file.read_bytes())
        quality = 9 if file.suffix == ".pf_fragment" else 11
        assert file.with_name(file.name + ".br").read_bytes() == brotli.compress(content, quality=quality), file
    for name in site_search.SCRIPTS:
        data = (folder / name).read_bytes()
        packed = (folder / f"{name}.gz").read_bytes()
        assert packed[10:] == zopfli.gzip.compress(data, numiterations=15)[10:], name
        assert packed[:10] == gzip_bytes(data, BUILD_TIME)[:10], name  # compress.py's header: the build's time
        assert (folder / f"{name}.br").read_bytes() == brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)
        assert gzip.decompress((folder / f"{name}.gz").read_bytes()) == data
        assert brotli.decompress((folder / f"{name}.br").read_bytes()) == data


def test_the_search_cache_gives_the_same_files_and_follows_their_bytes(pagefind_as_written: Path, tmp_path: Path,
                                                                       own_cache_key: None,
                                                                       monkeypatch: pytest.MonkeyPatch):
    """Guards the search step's cache (``repack`` and ``precompress_index`` with a ``cache.Store``, keyed by the
    tool and the bytes compressed): the files equal those made without a cache; a second run with the saved cache
    compresses nothing; a chunk whose bytes changed is compressed again, never given another chunk's answer.
    Pagefind's engine is kept once per user (``_engine_store``): another repository's build takes it from there.
    Checked to fail: with ``_key`` leaving out the bytes (``parts[:-1]``), every file of a kind got the first
    one's answer and the first comparison with a run without cache failed; with ``_engine_store`` giving the
    repository's store, the other repository ran zopfli on the WebAssembly again."""
    from generator.cache import Store

    source = tmp_path / "as-written"  # the module's copy stays as Pagefind wrote it
    shutil.copytree(pagefind_as_written, source)

    def finished(name: str, cache: Path | None) -> dict[str, bytes]:
        site = tmp_path / name
        shutil.copytree(source, site)
        for store_name, step in (("search", lambda s: site_search.repack(site / "pagefind", s)),
                                 ("compress", lambda s: site_search.precompress_index(site, s))):
            store = Store(cache, store_name)
            step(store if cache else None)
            store.save()
        return tree(site / "pagefind")

    plain = finished("plain", None)
    assert finished("first", tmp_path / "cache") == plain
    made: list[bytes] = []
    for name in ("gzip_smallest", "_brotli_text"):
        original = getattr(site_search, name)
        monkeypatch.setattr(site_search, name, lambda *a, original=original: made.append(a[0]) or original(*a))
    assert finished("second", tmp_path / "cache") == plain
    assert made == []
    # another repository on the same machine: Pagefind's engine (WebAssembly, script) comes from the user's cache
    # folder, what is the site's own is compressed afresh
    assert finished("other", tmp_path / "other-cache") == plain
    engine = {gzip.decompress(p.read_bytes()) for p in (source / "pagefind").glob("*.pagefind")}
    engine.add((source / "pagefind" / "pagefind.js").read_bytes())
    assert len(engine) == 2 and made and not engine & set(made)
    assert sorted(p.name for p in (tmp_path / "user-cache" / "xinfang").glob("pagefind-*")) == [
        "pagefind-engine-br.cache", "pagefind-engine-gz.cache"]
    # a chunk holding another chunk's words and one byte more: a new content, to be compressed afresh
    chunks = sorted(p for p in (source / "pagefind").rglob("*.pf_index"))
    assert len(chunks) >= 2
    chunks[1].write_bytes(gzip.compress(gzip.decompress(chunks[0].read_bytes()) + b" "))
    assert finished("changed", tmp_path / "cache") == finished("changed-plain", None)
