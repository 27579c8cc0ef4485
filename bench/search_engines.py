"""Search on a phone (issue 18 item 1): mkdocs-material's search vs Pagefind 1.6, on the same plain site.

    python -m bench.search_engines --pages 2000

Builds ``bench.plain``'s site of N Chinese pages (about 1 KB each) once with mkdocs-material (search plugin
with jieba, as the public build configures it), then indexes the same HTML with Pagefind from npm
(``node_modules/.bin/pagefind``). For each engine it reports the index build time, what a phone downloads
for its first query and for a second one (bytes as served, gzip where the host would compress: Material's
JSON index is plain text, Pagefind's chunks are already gzip), and whether the queries find the page that
contains the word as part of a longer compound (工资 in 拖欠工资). Headless Chromium counts the bytes.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import subprocess
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterable

from .plain import write_site

PROJECT = Path(__file__).resolve().parent.parent
PAGEFIND = PROJECT / "node_modules" / ".bin" / "pagefind"
QUERIES = ("工资", "拖欠工资", "工会", "劳动合同")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _gz(blob: bytes) -> int:
    return len(gzip.compress(blob, 6))


def build_material(folder: Path, pages: int) -> tuple[Path, float]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = write_site(folder, pages)
    start = time.perf_counter()
    cfg = load_config(config_file=str(config))
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg, dirty=False)
    cfg.plugins.on_shutdown()
    refine_material_index(folder / "site")
    return folder / "site", time.perf_counter() - start


# -- Material's index as the public build last shipped it (before Pagefind): UTF-8, compounds cut again -----

ZWSP = "\u200b"


def _han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


def split_compound(word: str, cut_for_search) -> list[str]:  # type: ignore[no-untyped-def]
    """A compound as the shorter words that cover it, left to right, longest first (拖欠工资 → 拖欠, 工资;
    农民工 → 农民, 工); the word itself when no shorter dictionary word starts it."""
    parts = {w for w in cut_for_search(word) if 1 < len(w) < len(word)}
    if not parts:
        return [word]
    out, i = [], 0
    while i < len(word):
        match = next((word[i:j] for j in range(len(word), i + 1, -1) if word[i:j] in parts), word[i])
        out.append(match)
        i += len(match)
    return out


def refine_text(text: str, keep: frozenset[str], cut_for_search) -> str:  # type: ignore[no-untyped-def]
    """Section text as MkDocs wrote it (jieba words joined by ZWSP) with its Han compounds split."""
    words: list[str] = []
    for word in text.split(ZWSP):
        if len(word) >= 3 and word not in keep and _han(word):
            words.extend(split_compound(word, cut_for_search))
        else:
            words.append(word)
    return ZWSP.join(words)


def _refine_docs(docs: Iterable[dict], keep: Iterable[str]) -> None:
    """Split the compounds of every section's text in place (titles untouched)."""
    import jieba

    kept = frozenset(keep)
    for doc in docs:
        if doc.get("text"):
            doc["text"] = refine_text(doc["text"], kept, jieba.lcut_for_search)


def refine_material_index(site: Path) -> None:
    """The sub-word refinement the build applied to Material's index until Pagefind replaced it (拖欠工资 → 拖欠 +
    工资 in the text), written as UTF-8: the best Material's search did here, measured against Pagefind."""
    index = site / "search" / "search_index.json"
    doc = json.loads(index.read_text(encoding="utf-8"))
    _refine_docs(doc.get("docs", []), [])
    index.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")



def build_pagefind(site: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(PAGEFIND), "--site", str(site), "--force-language", "zh"], check=True,
                   capture_output=True, text=True)
    return time.perf_counter() - start


def _served(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def query_pagefind(site: Path) -> dict[str, object]:
    """Bytes a phone downloads for each query in turn (a fresh page, then queries in one session)."""
    from playwright.sync_api import sync_playwright

    server, url = _served(site)
    figures: dict[str, object] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
            page = browser.new_page()
            sizes: list[tuple[str, int]] = []
            def size(r):  # bytes on the wire: the chunks are gzip already, text files as a host's gzip_static
                body = r.body()
                return len(body) if body[:2] == b"\x1f\x8b" or r.url.endswith(".pagefind") else _gz(body)
            page.on("response", lambda r: sizes.append((r.url, size(r))) if "/pagefind/" in r.url else None)
            page.goto(url)
            page.evaluate("async () => { window.pf = await import('./pagefind/pagefind.js'); await pf.init(); }")
            for query in QUERIES:
                before = len(sizes)
                hits = page.evaluate("async q => { const r = await pf.search(q); const top = await Promise.all("
                                     "r.results.slice(0, 5).map(x => x.data())); return [r.results.length, "
                                     "top.map(d => d.meta.title)]; }", query)
                page.wait_for_timeout(200)
                kinds: dict[str, int] = {}
                for u, n in sizes[before:]:
                    kind = Path(u).suffix.lstrip(".") or Path(u).name
                    kinds[kind] = kinds.get(kind, 0) + n
                figures[query] = {"bytes": sum(n for _, n in sizes[before:]), "by_kind": kinds, "results": hits[0],
                                  "first": hits[1][:1]}
            figures["init_bytes"] = sum(n for u, n in sizes if u.endswith(("pagefind.js", "pagefind-entry.json",
                                                                           ".wasm.zh", ".pagefind")))
            figures["total_bytes"] = sum(n for _, n in sizes)
            browser.close()
    finally:
        server.shutdown()
    return figures


def material_figures(site: Path) -> dict[str, object]:
    index = (site / "search" / "search_index.json").read_bytes()
    docs = json.loads(index)["docs"]
    worker = sum(p.stat().st_size for p in (site / "assets/javascripts/workers").glob("search.*.min.js"))
    found = {q: sum(1 for d in docs if q in d["text"].replace("\u200b", "") or q in d["title"]) for q in QUERIES}
    # what lunr can match: whole jieba tokens (the query term, with a trailing wildcard, against the tokens)
    tokens = {q: sum(1 for d in docs if any(t.startswith(q) for t in (d["title"] + "\u200b" + d["text"]).split("\u200b")))
              for q in QUERIES}
    return {"index_bytes": len(index), "index_gzip": _gz(index), "worker_bytes": worker,
            "pages_with_word": found, "pages_lunr_can_match": tokens}


def pages_with_word(site: Path) -> dict[str, int]:
    """Ground truth: how many pages' articles contain each query as a string (a word inside a compound too)."""
    import html
    import re

    texts = []
    for page in sorted((site / "pages").glob("*/index.html")):
        raw = page.read_text(encoding="utf-8")
        article = raw[raw.find("<article"):raw.find("</article>")]
        texts.append(html.unescape(re.sub(r"<[^>]+>", "", article)))
    return {q: sum(1 for t in texts if q in t) for q in QUERIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=PROJECT / "bench" / "work" / "search")
    parser.add_argument("--reuse", action="store_true", help="keep the MkDocs site an earlier run built in --work")
    args = parser.parse_args()
    if args.reuse and (args.work / "site" / "pagefind").is_dir():  # both indexes there: measure the queries only
        site = args.work / "site"
        print(json.dumps({"pagefind": query_pagefind(site)}, ensure_ascii=False, indent=1))
        return
    if args.reuse and (args.work / "site" / "search" / "search_index.json").is_file():
        site, material_seconds = args.work / "site", 0.0  # built by an earlier run
        refine_material_index(site)
    else:
        site, material_seconds = build_material(args.work, args.pages)
    result = {"pages": args.pages, "material_build_s": round(material_seconds, 1), "material": material_figures(site)}
    result["pagefind_index_s"] = round(build_pagefind(site), 1)
    result["pagefind_files"] = sum(1 for _ in (site / "pagefind").rglob("*") if _.is_file())
    result["pagefind_bytes"] = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    result["pages_with_word"] = pages_with_word(site)
    result["pagefind"] = query_pagefind(site)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
