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
- Its output is a public file like any other: the leak guard reads every file of ``pagefind/``, decompressing
  the gzip chunks (``privacy.check``), before the site replaces the old one.
- The theme's search plugin is off: no ``search_index.json``, no lunr. The search page (``search/``) is a
  plain form; ``assets/xinfang/search.js`` (ES5) shows the results; where a browser lacks ES modules or
  WebAssembly it searches ``search/titles.json`` (every published case's number and title) by substring
  and says so; with JavaScript off the form still leads to the full case list.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Sequence

from .. import registry
from ..errors import OutputError
from .contrib import SiteContext

PAGEFIND_MIN = (1, 6, 0)
OUTPUT = "pagefind"
TITLES = "search/titles.json"
# What Pagefind writes that this site never loads: its ready-made interfaces (our page has its own, plain
# one) and its in-page highlighter.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
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
    result = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60, check=False)
    found = re.search(r"(\d+)\.(\d+)\.(\d+)", result.stdout)
    if result.returncode != 0 or not found:
        raise OutputError(f"无法运行站内搜索的索引工具 Pagefind（{command[0]}）：{(result.stderr or result.stdout).strip()[:200]}")
    return tuple(int(n) for n in found.groups())


def find_pagefind(root: Path) -> list[str]:
    """The Pagefind to run, checked before anything is built: present and at least 1.6."""
    command = pagefind_command(root)
    version = pagefind_version(command)
    if version < PAGEFIND_MIN:
        raise OutputError(f"Pagefind {'.'.join(map(str, version))} 太旧：中文分词要 1.6 或更高版本"
                          "（npm install pagefind@^1.6.0）")
    return command


def index_site(site: Path, command: Sequence[str]) -> None:
    """Write Pagefind's index into ``site/pagefind`` (offline; Chinese segmented at index time) and remove
    what of its output the site does not load. Run inside the site with no ``PAGEFIND_*`` variables, so that
    no ``pagefind.yml`` of the repository and no setting of the shell changes what is indexed."""
    result = subprocess.run([*command, "--site", str(site), "--output-subdir", OUTPUT, "--force-language", "zh",
                             "--silent"], capture_output=True, text=True, timeout=3600, cwd=site, check=False,
                            env={k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")})
    if result.returncode != 0:
        raise OutputError(f"站内搜索索引生成失败（Pagefind）：{(result.stderr or result.stdout).strip()[:500]}")
    for name in UNUSED:
        (site / OUTPUT / name).unlink(missing_ok=True)


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
    import gzip

    pages: dict[str, dict] = {}
    for file in sorted((site / OUTPUT / "fragment").glob("*.pf_fragment")):
        blob = gzip.decompress(file.read_bytes())
        doc = json.loads(blob.removeprefix(b"pagefind_dcd"))
        for page in doc if isinstance(doc, list) else [doc]:
            pages[page["url"]] = page
    return pages
