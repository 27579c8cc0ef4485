"""Building the public site (生成公开网站): check → project → render the registry's pages → write → mkdocs → first-paint
styles → pages' files → search index (Pagefind) → leak guard → precompress → swap.

The Markdown and data files are written into a staging folder in the system's temporary directory (never
into the repository, never anything internal); MkDocs renders them with mkdocs-material into a temporary
folder beside the target; contributed files are added; the leak guard reads every file of the result; only
then does the new site replace the old one (``output.atomic_output``). A failure at any step leaves the
previous site as it was.

MkDocs is driven as its own ``build`` command drives it (``load_config``, ``plugins.on_startup``, ``build``,
``plugins.on_shutdown``), so the logic stays in our generator and the builder stays swappable.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from ..config import ASSET_DIR, TEMPLATE_DIR, Paths
from ..errors import DataInvalid, OutputError
from ..cache import Store
from ..exchange import check_unpublished as exchange_unpublished
from ..privacy.check import Memo, guard_later
from ..lookup import check_unpublished
from ..loader import load_file
from ..model import Repository
from ..output import atomic_output, check_out_of_data, mark_public_site
from ..ui import status
from ..validate import Checked, check_repository
from . import pages as site_pages
from .advice import CODES as SETTINGS_CODES
from .compress import precompress
from .contrib import RenderedSite, SiteContext, render_site
from .pagecache import PageCache, config_key
from .settings import escaped
from . import critical
from . import search as site_search

CHINA = timezone(timedelta(hours=8))
DEFAULT_CONFIG = TEMPLATE_DIR / "site" / "mkdocs.yml"
THEME_DIR = TEMPLATE_DIR / "site" / "theme"  # our overrides of the theme's templates (the Chinese 404 page)
# What a repository's mkdocs.yml may set; everything else is decided here (offline, Chinese, safe).
ALLOWED_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright")
ALLOWED_THEME_KEYS = ("palette", "features", "logo", "favicon", "icon")
FORBIDDEN_FEATURES = ("navigation.instant",)  # our table script expects ordinary page loads
# Loaded in <head> before the theme's bundle: the local ResizeObserver polyfill the theme would fetch from unpkg,
POLYFILLS = ("assets/xinfang/polyfills.js",)  # written into each page by critical.py: no request before paint


@dataclass
class BuildReport:
    """What a build produced and how long each step took."""

    out: Path
    cases: int = 0
    packages: int = 0
    pages: int = 0
    files: int = 0
    bytes: int = 0
    search_index_bytes: int = 0
    """Pagefind's whole index on the server (a visitor's query fetches a few of its chunks)."""
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    """MkDocs' warnings (our own pages cause none)."""
    notices: list[str] = field(default_factory=list)
    """What contributions changed on purpose and the operator must know (printed by ``xinfang build``)."""
    settings: list[str] = field(default_factory=list)
    """Advice on the repository's mkdocs.yml (site_url, colour contrast), as ``xinfang validate`` words it."""
    data_warnings: int = 0
    """Warnings of the data check (overdue cases, calendar notices …): ``xinfang validate`` lists them."""

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def summary(self) -> str:
        return (f"已生成公开网站 {self.out}：公开包案 {self.cases} 件（包案共 {self.packages} 件），"
                f"页面 {self.pages} 个，文件 {self.files} 个，共 {self.bytes / 1e6:.1f} MB，"
                f"搜索索引 {self.search_index_bytes / 1024:.0f} KB，用时 {self.total_seconds:.1f} 秒。"
                + (f"数据有 {self.data_warnings} 处警告，运行 xinfang validate 查看。" if self.data_warnings else ""))


class _Timer:
    def __init__(self, report: BuildReport) -> None:
        self.report = report

    @contextmanager
    def step(self, name: str, note: str) -> Iterator[None]:
        status(note)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.report.seconds[name] = round(time.perf_counter() - start, 3)


def build_site(paths: Paths, today: date, out: Path, show_progress: bool = False, use_cache: bool = True) -> BuildReport:
    """Build the public site of the repository at ``paths`` as of ``today`` into ``out``.

    Raises ``DataInvalid`` when the data does not validate, ``LeakFound`` when a petitioner detail is
    found in the output; in both cases ``out`` is untouched. The problems are on the exception.
    ``use_cache=False`` (``--no-cache``): the same steps with empty caches, nothing written to ``.xinfang-cache/``.
    """
    out = Path(out).absolute()  # MkDocs would read a relative site_dir against its config file, in the staging folder
    check_out_of_data(paths.root, out)
    pagefind = site_search.find_pagefind(paths.root)  # before any work: the search index needs it
    report = BuildReport(out=Path(out))
    timer = _Timer(report)
    with timer.step("check", "校验数据……"):
        checked = check_repository(paths, today, show_progress=show_progress, use_cache=use_cache)
    if not checked.ok or checked.repository is None:
        raise DataInvalid(checked.problems, "数据校验未通过，拒绝发布", files=checked.files)
    with _heap_frozen():
        return _publish(paths, today, out, checked, report, timer, pagefind, use_cache)


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """Everything the check read (millions of objects at 10,000 cases) kept out of the cycle collector's passes
    while the site is made (``gc.freeze``), and handed back to it afterwards (``gc.unfreeze``): those objects
    live through the whole build, and every full pass over them, started by the steps' own allocations, found
    nothing to free (issue 20: the projection of 10,000 cases took 1.3 s CPU, 0.4 s with the heap frozen).
    Objects are freed by reference counting as before; only the search for cycles skips them."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _publish(paths: Paths, today: date, out: Path, checked: Checked, report: BuildReport, timer: _Timer,
             pagefind: list[str], use_cache: bool) -> BuildReport:
    """The steps after the check: project, render, write, MkDocs, first paint, search index, guard, compress,
    swap (see ``build_site``)."""
    repository = checked.repository
    assert repository is not None

    def cache(name: str) -> Store:
        """One of the build's caches in ``.xinfang-cache/``; empty and never written under ``--no-cache``."""
        return Store(paths.cache if use_cache else None, name)

    report.data_warnings = len(checked.problems)
    report.settings = [p.format() for p in checked.problems if p.code in SETTINGS_CODES]
    site_url = str(base_config(paths).get("site_url") or "")
    site = SiteContext(paths=paths, repository=repository, today=today, site_url=site_url)
    files_cache = cache("guard")
    memo = Memo(checked.context.cache if checked.context else files_cache, files_cache, records=cache("guard-records"))
    # The guard's inventory needs the data only: made meanwhile, on the core the next steps (projection, pages,
    # MkDocs, first-paint styles: one core each) leave idle; its CPU time counts in the guard's step.
    leak_guard = guard_later(repository, paths, shown_as=_shown(paths, Path(out)), data_checked=True, memo=memo,
                             keys=checked.keys())
    try:
        return _make(paths, today, out, report, timer, pagefind, cache, site, leak_guard)
    finally:
        leak_guard.close()


def _make(paths: Paths, today: date, out: Path, report: BuildReport, timer: _Timer, pagefind: list[str],
          cache: Any, site: SiteContext, leak_guard: Any) -> BuildReport:
    repository = site.repository
    with timer.step("project", "生成公开视图……"):
        view = site.view
    report.cases, report.packages = len(view.cases), len(view.packages)
    with timer.step("render", "生成页面……"):
        rendered = render_site(site)  # every page and data file declared in the registry
        report.notices = rendered.notices
    with tempfile.TemporaryDirectory(prefix="xinfang-site-") as staging, atomic_output(Path(out), remove_later=True) as target:
        docs = Path(staging) / "docs"
        with timer.step("write", "写出页面……"):
            write_docs(docs, rendered)
        report.pages = len(rendered.docs)
        with timer.step("mkdocs", "MkDocs 渲染……"):
            config = mkdocs_config(paths, docs, target, repository, rendered)
            pages_cache = cache("pages")
            report.warnings = run_mkdocs(config, Path(staging) / "mkdocs.yml", today, pages_cache, rendered.docs)
            pages_cache.save()
        trim_theme_assets(target)
        with timer.step("critical", "首屏样式……"):
            first_paint = cache("critical")
            critical.inline_site(target, (ASSET_DIR / "xinfang" / "polyfills.js").read_text(encoding="utf-8"), first_paint)
            first_paint.save()
        if not site.site_url:
            drop_empty_sitemap(target)
        with timer.step("contrib", "加入页面带来的文件……"):
            write_contributed_files(target, rendered.files)
            mark_public_site(target)
        with timer.step("search", "生成站内搜索索引（Pagefind）……"):
            packed = cache("search")
            site_search.index_site(target, pagefind, packed)
            packed.save()
        with timer.step("leakguard", "检查信访人信息……"):
            leak_guard.result(target)  # and its cache saved
            check_unpublished(target, paths)  # the lookup's repository secret never leaves the repository
            exchange_unpublished(target, paths)  # nor the exchange secret (generator/exchange.py)
        with timer.step("compress", "预压缩（.gz/.br）……"):  # after the guard: the same content, compressed
            compressed = cache("compress")
            precompress(target, build_epoch(today), compressed)
            site_search.precompress_index(target, compressed)
            compressed.save()
        _measure(report, target)
    return report


def _shown(paths: Paths, out: Path) -> str:
    return paths.rel(out.resolve()) if out.is_absolute() else out.as_posix()


# -- the docs tree ----------------------------------------------------------------------------------------

def write_docs(docs: Path, rendered: RenderedSite) -> None:
    """Write every page and data file of the site into ``docs`` (MkDocs renders the pages, copies the rest)."""
    for rel, text in rendered.docs.items():
        _write(docs / rel, text.encode("utf-8"))
    for rel, blob in rendered.data.items():
        _write(docs / rel, blob)
    shutil.copytree(ASSET_DIR / "xinfang", docs / "assets" / "xinfang")  # ours only: pages bring theirs


def _write(file: Path, blob: bytes) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(blob)


def write_contributed_files(site: Path, files: Mapping[str, bytes]) -> None:
    """The verbatim files pages bring (the lookup's script and shards, filed archives' data), after MkDocs."""
    for rel, blob in files.items():
        target = site / rel
        if target.exists():
            raise OutputError(f"页面带来的文件 {rel} 与网站已有文件重名")
        _write(target, blob)


# -- MkDocs ---------------------------------------------------------------------------------------------------

def base_config(paths: Paths) -> dict[str, Any]:
    """The repository's mkdocs.yml if it has one, else the packaged default; read safely."""
    file = paths.mkdocs_yml if paths.mkdocs_yml.exists() else DEFAULT_CONFIG
    doc, problems = load_file(file, paths.rel(file))
    if doc is None or not isinstance(doc.data, dict):
        where = problems[0].format() if problems else paths.rel(file)
        raise OutputError(f"无法读取网站配置 {where}")
    return doc.data


def mkdocs_config(paths: Paths, docs: Path, site: Path, repository: Repository,
                  rendered: RenderedSite) -> dict[str, Any]:
    """The configuration MkDocs runs with: the repository's wording, our structure, offline settings."""
    base = base_config(paths)
    config: dict[str, Any] = escaped({k: base[k] for k in ALLOWED_KEYS if k in base})  # checked by settings.py
    config.setdefault("site_name", f"{repository.union.name}领导包案公开")
    config["site_name"] = site_pages.plain_title(config["site_name"])  # the union's name is data too
    theme_base: dict[str, Any] = base["theme"] if isinstance(base.get("theme"), dict) else {}
    theme = {k: theme_base[k] for k in ALLOWED_THEME_KEYS if k in theme_base}
    theme["features"] = [f for f in theme.get("features", ["navigation.top", "search.highlight"])
                         if f not in FORBIDDEN_FEATURES]
    theme.update(name="material", language="zh", font=False, custom_dir=str(THEME_DIR))
    extra: dict[str, Any] = base["extra"] if isinstance(base.get("extra"), dict) else {}
    config.update(
        docs_dir=str(docs), site_dir=str(site), use_directory_urls=True, theme=theme,
        plugins=[],  # no theme search: Pagefind indexes the built pages (search.py)
        extra={**{k: v for k, v in extra.items() if k in ("homepage",)}, "generator": False,
               "polyfills": list(POLYFILLS)},
        extra_css=["assets/xinfang/xinfang.css"], extra_javascript=["assets/xinfang/cases-table.js", "assets/xinfang/a11y.js"],
        nav=rendered.nav, not_in_nav=rendered.not_in_nav,  # derived from the registry's pages
        # tables: column alignment as an attribute, not an inline style (pages without style="" suit a strict CSP)
        markdown_extensions=["toc", {"tables": {"use_align_attribute": True}}, "admonition", "attr_list", "md_in_html"],
        validation={"omitted_files": "ignore", "absolute_links": "ignore", "unrecognized_links": "ignore",
                    "anchors": "ignore"},
    )
    return config


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_epoch(today: date) -> int:
    """The build's time stamp: ``SOURCE_DATE_EPOCH`` when the caller pinned it, else noon of ``today`` in China."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "")
    if pinned.isdigit():
        return int(pinned)
    return int(datetime(today.year, today.month, today.day, 12, tzinfo=CHINA).timestamp())


@contextmanager
def _source_date_epoch(today: date) -> Iterator[None]:
    """MkDocs stamps the sitemap with the build time: pin it to ``today`` unless the caller pinned it."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(build_epoch(today))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def run_mkdocs(config: dict[str, Any], config_file: Path, today: date, cache: Store | None = None,
               sources: Mapping[str, str] | None = None) -> list[str]:
    """Render the docs folder with MkDocs; returns its warnings (our pages should cause none). ``cache`` and
    ``sources`` (each page's Markdown by its path): a page whose inputs are unchanged is taken from the cache
    instead of being rendered again (``pagecache``)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    handler = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    previous = log.propagate
    log.propagate = False  # MkDocs' INFO lines are ours to summarise, not to print
    try:
        with _source_date_epoch(today):
            cfg = load_config(config_file=str(config_file))
            if cache is not None and sources is not None:
                cfg.plugins["xinfang-pages"] = PageCache(cache, config_key(config, build_epoch(today)), sources)
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg, dirty=False)
            finally:
                cfg.plugins.on_shutdown()
    except MkDocsException as exc:  # e.g. a theme feature the installed mkdocs-material does not know
        raise OutputError(f"MkDocs 渲染失败：{exc}（网站配置见 mkdocs.yml）") from exc
    finally:
        log.removeHandler(handler)
        log.propagate = previous
    return handler.messages


def trim_theme_assets(site: Path) -> None:
    """Remove what the theme ships that no visitor of this site ever loads: source maps (fetched only by a
    developer's tools) and its search (lunr, stemmers, segmenters, the search worker): Pagefind searches here."""
    for source_map in (site / "assets").rglob("*.map"):
        source_map.unlink()
    shutil.rmtree(site / "assets" / "javascripts" / "lunr", ignore_errors=True)
    shutil.rmtree(site / "assets" / "javascripts" / "workers", ignore_errors=True)


def drop_empty_sitemap(site: Path) -> None:
    """Without site_url MkDocs writes a sitemap with no URL (a sitemap's URLs must be absolute): an empty file
    that tells search engines the site has no pages. Better none; ``xinfang validate`` asks for site_url."""
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site / name).unlink(missing_ok=True)


def _measure(report: BuildReport, site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    report.files = len(files)
    report.bytes = sum(p.stat().st_size for p in files)
    index = [p for p in (site / site_search.OUTPUT).rglob("*") if p.is_file()]
    report.search_index_bytes = sum(p.stat().st_size for p in index)
