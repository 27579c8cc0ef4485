"""The build's caches of finished pages (issue 20, goal 1): MkDocs renders only the pages whose inputs changed
(``generator/site/pagecache.py``) and the first-paint step rewrites only changed pages (``critical.inline_site``);
the site stays byte for byte what a clean build (``--no-cache``, no previous site) makes of the same data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY, edit, tree

from generator.config import Paths
from generator.site.build import build_site

CASE = "cases/2026/XF-2026-0001.yaml"


pytestmark = pytest.mark.usefixtures("own_cache_key")


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages MkDocs converts from Markdown in this test (a cached page is read but never converted)."""
    from mkdocs.structure.pages import Page

    seen: list[str] = []
    original = Page.render

    def spy(self, config, files):
        if self.markdown:
            seen.append(self.file.src_uri)
        return original(self, config, files)

    monkeypatch.setattr(Page, "render", spy)
    return seen


def same_as_clean(paths: Paths, clean: Path) -> list[str]:
    """The files whose bytes differ from a clean build of the same data (none, if the caches are right)."""
    build_site(paths, TODAY, clean, use_cache=False)
    built, expected = tree(paths.site), tree(clean)
    assert built.keys() == expected.keys()
    return [name for name in built if built[name] != expected[name]]


def test_mkdocs_renders_only_the_pages_a_change_touches(minimal_repo: Path, tmp_path: Path,
                                                         rendered: list[str]) -> None:
    """One case's public summary changed: MkDocs converts that case's page only (no other page shows the
    summary), takes every other page from the cache, and the site equals a clean build's. Checked to fail: with ``PageCache.on_page_markdown`` keyed without the page's source, the
    edited case page was not converted again: it came from the cache with the old summary."""
    paths = Paths.at(minimal_repo)
    build_site(paths, TODAY, paths.site)
    everything = sorted(rendered)
    assert "cases/XF-2026-0001.md" in everything and "about.md" in everything
    rendered.clear()
    edit(minimal_repo / CASE, "public_summary: 李某反映所在企业拖欠三个月工资。", "public_summary: 李某反映所在企业拖欠四个月工资。")
    build_site(paths, TODAY, paths.site)
    assert sorted(rendered) == ["cases/XF-2026-0001.md"]
    assert "四个月" in (paths.site / "cases" / "XF-2026-0001" / "index.html").read_text(encoding="utf-8")
    assert same_as_clean(paths, tmp_path / "clean") == []


def test_the_site_settings_are_in_every_page_key(minimal_repo: Path, tmp_path: Path, rendered: list[str]) -> None:
    """Key input common to all pages: the configuration MkDocs runs with. The repository's mkdocs.yml names the
    site after a build: every page (each carries the name in its header) is converted again and none keeps the
    old name. Checked to fail: ``pagecache.config_key`` without the configuration — no page was converted again:
    every page kept the default name."""
    paths = Paths.at(minimal_repo)
    build_site(paths, TODAY, paths.site)
    everything = sorted(rendered)
    rendered.clear()
    (minimal_repo / "mkdocs.yml").write_text("site_name: 测试市总工会信访公开\n", encoding="utf-8")
    build_site(paths, TODAY, paths.site)
    assert sorted(rendered) == everything
    page = (paths.site / "cases" / "XF-2026-0001" / "index.html").read_text(encoding="utf-8")
    assert "测试市总工会信访公开" in page
    assert same_as_clean(paths, tmp_path / "clean") == []


def test_compiled_templates_follow_source_and_settings(tmp_path: Path) -> None:
    """The compiled-template cache (``site.compiled``) is keyed by the template's name and file, checked against
    its source (Jinja's checksum), and keyed by the settings that change how a template compiles: a changed
    source or a changed setting (``trim_blocks``) renders as a fresh environment does, never the stale code.
    Checked to fail: ``compiled`` with an empty settings tuple — the second environment rendered with the first
    one's whitespace."""
    import jinja2

    from generator.site.compiled import compiled

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.j2").write_text("{% if x %}\n[{{ x }}]\n{% endif %}\n", encoding="utf-8")

    def render(cached: bool, **settings) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True, **settings)
        if cached:
            env.bytecode_cache = compiled(env)
            assert env.bytecode_cache is not None
        return env.get_template("t.j2").render(x="<a>")

    assert render(True) == render(False) == "\n[&lt;a&gt;]\n"
    assert render(True, trim_blocks=True) == render(False, trim_blocks=True) == "[&lt;a&gt;]\n"
    assert len(list((tmp_path / "user-cache" / "xinfang" / "jinja").glob("*.jinja"))) == 2  # one per setting
    (folder / "t.j2").write_text("{{ x }}!", encoding="utf-8")
    assert render(True) == "&lt;a&gt;!"


@pytest.fixture
def pagefind_runs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The sites Pagefind indexed in this test (a kept index is written without running it)."""
    from generator.site import search

    runs: list[Path] = []
    original = search.run_pagefind

    def spy(site: Path, command) -> None:
        runs.append(site)
        original(site, command)

    monkeypatch.setattr(search, "run_pagefind", spy)
    return runs


def test_pagefind_runs_again_only_when_what_it_reads_changes(minimal_repo: Path, tmp_path: Path,
                                                              pagefind_runs: list[Path],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The kept Pagefind index (``search.index_site``) and its key: every file of the site Pagefind reads, what
    ``pagefind --version`` prints, the tool. Unchanged pages, or a change no public file shows (a case's
    internal summary): no run, and the site equals a clean build's. A public summary edited: Pagefind runs and
    the search finds the new word. Another Pagefind version: it runs. Checked to fail: with the key made
    without the site's digest, the edited summary was not indexed (no run, 四个月 absent from the index); with
    it made without the version, the upgraded Pagefind did not run."""
    from generator.site import search

    paths = Paths.at(minimal_repo)
    build_site(paths, TODAY, paths.site)
    assert len(pagefind_runs) == 1
    edit(minimal_repo / CASE, "拖欠其 2025 年 10 月至 12 月工资", "拖欠其 2025 年 9 月至 12 月工资")
    build_site(paths, TODAY, paths.site)
    assert len(pagefind_runs) == 1
    assert same_as_clean(paths, tmp_path / "clean") == []
    assert len(pagefind_runs) == 2  # the clean build runs it (no cache)
    edit(minimal_repo / CASE, "public_summary: 李某反映所在企业拖欠三个月工资。", "public_summary: 李某反映所在企业拖欠四个月工资。")
    build_site(paths, TODAY, paths.site)
    assert len(pagefind_runs) == 3
    assert "四个月" in _indexed_text(paths.site)
    said = search.pagefind_says(search.find_pagefind(paths.root))
    monkeypatch.setattr(search, "pagefind_says", lambda command: said + " (upgraded)")
    build_site(paths, TODAY, paths.site)
    assert len(pagefind_runs) == 4


def _indexed_text(site: Path) -> str:
    """The text of every page fragment of the site's search index (gzip, then Pagefind's own header; the
    zero-width spaces it puts between the words it segmented taken out)."""
    import gzip

    return "".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace").replace("\u200b", "")
                   for p in (site / "pagefind" / "fragment").rglob("*.pf_fragment"))
