"""MkDocs renders only the pages whose inputs changed (页面缓存): a page's HTML is kept by the digest of
everything MkDocs makes it from, and a later build with the same inputs takes it from the cache.

A page's HTML, as MkDocs and mkdocs-material write it, is a function of: its Markdown source (front matter
included) and its path; the configuration MkDocs runs with (site name and URL, theme settings, the navigation
with its titles, extra scripts and styles, Markdown extensions); the theme's templates and ours (``theme/``),
and the versions of MkDocs, Material and Markdown — all three in ``cache.tool_digest``; and the build date
(``SOURCE_DATE_EPOCH``). Nothing of another page enters it: the navigation's titles are written in the
configuration, the generated pages are outside the navigation, and the only template that lists every page
(``sitemap.xml``) is rendered by MkDocs on every build, since every page stays in MkDocs' file list.

For a page found in the cache MkDocs still reads it (so the navigation, the sitemap and every plugin event
see the same site), but converts no Markdown and renders an empty template (``cached.html``); the cached HTML
replaces that in ``on_post_page``. The key covers every input above, so a page can never be stale: an
incremental build writes the same bytes as a clean one (tests/test_cache.py).
"""

from __future__ import annotations

from typing import Any, Mapping

import jinja2
from mkdocs.plugins import BasePlugin

from ..cache import Store, digest, tool_digest
from .compiled import compiled

CACHED_TEMPLATE = "cached.html"  # in theme/: renders nothing (the page's HTML comes from the cache)
_RUN_PATHS = ("docs_dir", "site_dir")  # temporary folders of this run: they change no byte of a page


def config_key(config: Mapping[str, Any], epoch: int) -> str:
    """The digest of everything common to all pages: the tool (theme and library versions), the configuration
    (without this run's temporary folders) and the build date."""
    settings = sorted((k, repr(v)) for k, v in config.items() if k not in _RUN_PATHS)
    return digest("mkdocs-page", tool_digest(), settings, epoch)


class PageCache(BasePlugin):
    """The plugin (added to MkDocs' plugins by ``build.run_mkdocs``, under the name ``xinfang-pages``)."""

    def __init__(self, store: Store, common: str, sources: Mapping[str, str]) -> None:
        """``sources``: each page's Markdown source by its path in the docs folder (the text written there)."""
        super().__init__()
        self.store, self.common, self.sources = store, common, sources
        self.found: dict[str, str] = {}
        self.keys: dict[str, str] = {}
        self.rendered = 0

    def on_env(self, env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
        """The theme's templates compiled once, not on every build (``compiled``)."""
        env.bytecode_cache = compiled(env)
        return env

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        source = self.sources.get(page.file.src_uri)
        if source is None:  # not a page we wrote: always rendered
            return markdown
        key = digest("page", self.common, page.file.src_uri, source)
        self.keys[page.file.src_uri] = key
        html = self.store.get(key)
        if html is None:
            return markdown
        self.found[page.file.src_uri] = html
        page.meta["template"] = CACHED_TEMPLATE
        return ""

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        html = self.found.get(page.file.src_uri)
        if html is not None:
            return html
        key = self.keys.get(page.file.src_uri)
        if key is not None:
            self.store.put(key, output)
            self.rendered += 1
        return output
