"""The public site from the registry: every declared page and data file rendered, the navigation derived.

Pages and data files are declared where they are written (``@registry.page``, ``@registry.data_file``, see
``generator/registry.py``); ``render_site`` renders them all before anything is written, and the navigation
lists the declared pages that carry a title, in their ``order``. The leak guard checks every file of the result.

Page Markdown goes through Python-Markdown, which passes raw HTML through: a page must escape every value that
comes from the data (names of the union, leaders, units, case text) — best through a Jinja2 template of
``generator/templates/site`` (autoescape), or ``markupsafe.escape`` / ``generator.site.pages.lines``. Two
declarations producing the same path are refused (a programming error), so no page silently replaces another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

from .. import registry
from ..config import Paths
from ..errors import OutputError
from ..model import Repository
from ..public import PublicData, public_data


@dataclass(frozen=True)
class SiteContext:
    """What a page or data file may use: the validated repository, the date of the build, the paths, the site's
    address (may be empty), the public view of the records, and — for pages declared ``sees_site`` — the pages
    rendered before them (``docs``)."""

    paths: Paths
    repository: Repository
    today: date
    site_url: str = ""
    docs: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def view(self) -> PublicData:
        """The one projection of the records onto what may be published (``public.public_data``)."""
        return public_data(self.repository, self.today)


@dataclass
class Contribution:
    """What a page may return instead of its Markdown pages alone: pages (relative to the docs folder, e.g.
    ``lookup/index.md``), verbatim files it brings (relative to the site root, e.g. ``lookup/shards/0001.bin``,
    added after MkDocs ran) and notices the build must tell whoever runs it (a filed case withdrawn)."""

    docs: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


@dataclass
class RenderedSite:
    """Everything the registry's declarations produced, and the navigation derived from them."""

    docs: dict[str, str]
    """Markdown pages by docs path."""
    data: dict[str, bytes]
    """Public data files by path (written into the docs folder: MkDocs copies them)."""
    files: dict[str, bytes]
    """Verbatim files pages bring, added to the built site after MkDocs."""
    notices: list[str]
    nav: list[dict[str, str]]
    not_in_nav: str


def render_site(ctx: SiteContext) -> RenderedSite:
    """Render every declared page (those that see the site last) and data file; derive the navigation."""
    docs: dict[str, str] = {}
    files: dict[str, bytes] = {}
    notices: list[str] = []
    declared = registry.pages()
    for page in [p for p in declared if not p.sees_site] + [p for p in declared if p.sees_site]:
        made = page.render(_seeing(ctx, docs) if page.sees_site else ctx)
        made = made if isinstance(made, Contribution) else Contribution(docs=dict(made))
        _add(docs, made.docs, page.path)
        _add(files, made.files, page.path)
        notices += made.notices
    data: dict[str, bytes] = {}
    for item in registry.data_files():
        _add(data, {item.path: item.render(ctx)}, item.path)
    for rel in files:
        if rel in data or rel in docs:
            raise OutputError(f"页面 {rel} 带来的文件与网站已有文件重名")
    nav = [{p.title: p.path} for p in declared if p.title is not None and p.path in docs]
    listed = {p for entry in nav for p in entry.values()}
    hidden = sorted({f"/{rel.split('/')[0]}/" if "/" in rel else f"/{rel}" for rel in docs if rel not in listed})
    return RenderedSite(docs, data, files, notices, nav, "\n".join(hidden))


def _seeing(ctx: SiteContext, docs: dict[str, str]) -> SiteContext:
    seeing = SiteContext(ctx.paths, ctx.repository, ctx.today, ctx.site_url, dict(docs))
    seeing.__dict__["view"] = ctx.view  # the projection is computed once per build
    return seeing


def _add(into: dict[str, Any], made: Mapping[str, Any], declared_at: str) -> None:
    """Add one declaration's output; a path outside the site or produced twice is refused."""
    for rel, value in made.items():
        safe = safe_rel(rel)
        if safe in into:
            raise OutputError(f"网站路径 {safe} 被两处声明生成（{declared_at}）")
        into[safe] = value


def safe_rel(rel: str) -> str:
    """A declared path must stay inside the site: no absolute paths, no ``..``."""
    parts = Path(rel).parts
    if Path(rel).is_absolute() or ".." in parts or not parts:
        raise OutputError(f"页面或文件路径不合法：{rel}")
    return Path(*parts).as_posix()
