"""What a phone downloads for the first search of a visit and for later ones (issue 18 item 1), in Chromium.

    python -m bench.phone_search SITE [--query 工资 --query 工会 ...] [--results 5]

SITE is a built site with Pagefind's index in ``SITE/pagefind`` (``xinfang build``'s, or bench.plain's after
``generator.site.search.index_site``). The site is served on 127.0.0.1 twice, as the two kinds of static host
send it: ``gzip`` (nginx ``gzip_static``: the ``.gz`` sibling of a text file when there is one; Pagefind's own
files are gzip already and go as they are) and ``br`` (nginx ``brotli_static`` / Caddy ``precompressed``:
the ``.br`` sibling when there is one, with ``Content-Encoding: br``; browsers ask for brotli over HTTPS only,
so this host sends it to the headless browser on plain HTTP regardless). Each query runs in a fresh browser
context the way ``assets/xinfang/modern/pagefind-search.js`` runs it (same options), and reads the data of the
first ``--results`` hits (the search page shows 5 first, ``FIRST`` in assets/xinfang/search.js; 10 as it did
before, with ``--results 10``). Bytes are the bodies the host sent (compressed as sent,
headers not counted), per file, counted by the host, so Pagefind's web worker's requests count too when it
has one.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# The options of assets/xinfang/modern/pagefind-search.js (baseUrl aside).
OPTIONS = {"excerptLength": 40, "noWorker": True}
QUERIES = ("工资", "工会", "拖欠工资", "劳动合同")


class StaticHost(SimpleHTTPRequestHandler):
    """A static host sending precompressed siblings: ``.br`` (brotli_static) or ``.gz`` (gzip_static)."""

    protocol_version = "HTTP/1.1"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".json": "application/json"}
    sibling = ".gz"

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201 - http.server's signature
        path = self.translate_path(self.path.split("?", 1)[0])
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        packed = path + self.sibling
        url = self.path.split("?", 1)[0]
        if os.path.isfile(packed) and os.path.isfile(path):
            body = Path(packed).read_bytes()
            self.server.sent.append((url, len(body)))  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "br" if self.sibling == ".br" else "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        if os.path.isfile(path):
            self.server.sent.append((url, os.path.getsize(path)))  # type: ignore[attr-defined]
        return super().send_head()


def serve(site: Path, sibling: str) -> tuple[ThreadingHTTPServer, str]:
    handler = type("Host", (StaticHost,), {"sibling": sibling})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.sent = []  # type: ignore[attr-defined]  # (path, body bytes) of every file sent, in order
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


SEARCH = """async ([q, options, results]) => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.options(options);
  await pagefind.init();
  const found = await pagefind.search(q);
  const pages = await Promise.all(found.results.slice(0, results).map(r => r.data()));
  return [found.results.length, pages.map(p => p.url)];
}"""


def first_query(browser, server, base: str, query: str, results: int, then: tuple[str, ...] = (),  # type: ignore[no-untyped-def]
                options: dict = OPTIONS) -> dict:
    """Body bytes the host sent for each of Pagefind's files on one visit's first query (and on the queries
    after it, separately), counted by the host: the web worker's requests, if any, are counted too."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(base + "404-nothing-here.html")  # a page of the host; nothing of the site's own is loaded
    out = []
    for q in (query, *then):
        before = len(server.sent)
        total, shown = page.evaluate(SEARCH, [q, {**options, "baseUrl": "/"}, results])
        page.wait_for_timeout(300)
        files: dict[str, int] = {}
        for path, size in server.sent[before:]:
            if path.startswith("/pagefind/"):
                files[path] = files.get(path, 0) + size
        out.append({"query": q, "hits": total, "shown": shown, "bytes": sum(files.values()), "files": files})
    context.close()
    return {"first": out[0], "later": out[1:]}


def kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if "/fragment/" in path:
        return "fragments"
    if "/index/" in path:
        return "index chunk"
    if name.endswith(".pf_meta"):
        return "page list (pf_meta)"
    if name.startswith("wasm."):
        return "WebAssembly"
    return name


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", action="append")
    parser.add_argument("--results", type=int, default=5)
    parser.add_argument("--options", type=json.loads, default=OPTIONS,
                        help="Pagefind's options as JSON (default: the site's); '{}' as before noWorker")
    args = parser.parse_args()
    queries = tuple(args.query or QUERIES)
    report = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        for sibling in (".gz", ".br"):
            server, base = serve(args.site, sibling)
            visit = first_query(browser, server, base, queries[0], args.results, queries[1:], args.options)
            server.shutdown()
            by_kind: dict[str, int] = {}
            for path, size in visit["first"]["files"].items():
                by_kind[kind(path)] = by_kind.get(kind(path), 0) + size
            host = "brotli_static" if sibling == ".br" else "gzip_static"
            report[host] = {"first query": visit["first"]["query"], "hits": visit["first"]["hits"],
                            "first query bytes": visit["first"]["bytes"], "by kind": by_kind,
                            "later queries": {v["query"]: v["bytes"] for v in visit["later"]}}
        browser.close()
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
