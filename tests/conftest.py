"""Shared fixtures: real repositories copied into a temporary folder, sites built once, one browser, the CLI runner.

Import the helpers of this file as ``from conftest import ...`` — the name pytest itself loads it under (the
tests folder is on ``sys.path``, it is not a package), so there is one module and one set of values.

Built sites are session fixtures: every test that only READS a site shares one build (``demo_site``,
``minimal_site``, ``demo_site_with_url``). A test that edits data or the output builds its own copy.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import threading
import time
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from generator.allocator import keep_freed_memory
from generator.cli import cli

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
MINIMAL = TESTS / "data" / "minimal"
# The date the tests judge deadlines by: fixed, so that "overdue" never drifts with the calendar.
TODAY = date(2026, 7, 1)
DEMO_TODAY = date(2026, 11, 26)
# The project's demo data: what `xinfang build` in the project folder publishes.
DEMO_PARTS = ("reference", "schedules", "cases", "archives", "mkdocs.yml")
# The demo site as published under a sub-path (site_url with a path), as a union's host may.
SITE_URL = "https://xinfang.example.org/acftu/"

# The suite's time budget on a 2-core machine (issue 19.6), printed after every run: the quick part (tests not
# marked browser or slow, run first) and the whole run. XINFANG_SUITE_BUDGET=enforce makes an overrun fail.
QUICK_BUDGET, WHOLE_BUDGET = 60.0, 180.0

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def copy_demo(target: Path, parts: tuple[str, ...] = DEMO_PARTS) -> Path:
    """Copy the project's demo data (reference/, schedules/, cases/, archives/, mkdocs.yml, or the ``parts``
    named) into ``target`` (created with its parents); returns ``target``. The one way tests get a demo
    repository of their own."""
    target.mkdir(parents=True, exist_ok=True)
    for name in parts:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    return target


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes: two outputs compare as these dicts."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def reads_of(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files read through ``Path.read_bytes`` from now on (to the end of the test), in order."""
    read: list[str] = []
    read_bytes = Path.read_bytes

    def counted(self: Path) -> bytes:
        read.append(self.name)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    return read


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a file (fails loudly if it is not there once)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the quick part first, and the clock -----------------------------------------------------------------------

def _quick(item: pytest.Item) -> bool:
    return item.get_closest_marker("browser") is None and item.get_closest_marker("slow") is None


_clock: dict[str, float] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the quick tests first (a stable sort, the order within each part unchanged), so that the time at
    which the last of them ends is what ``pytest -m "not browser and not slow"`` alone would take. Under
    pytest-xdist every worker collects, and the scheduler hands the tests out in this order."""
    items.sort(key=lambda item: not _quick(item))


def pytest_configure(config: pytest.Config) -> None:
    """The test process builds sites in-process as ``xinfang`` does in its own, so with the program's allocator
    policy (generator/allocator.py): without it each build's precompression faults brotli's tables in again for
    every file (a demo build's compression step 1.35–1.55 s, 0.51–0.67 s with it). Every xdist worker runs this
    hook. tests/test_allocator.py measures the policy itself in processes of its own."""
    keep_freed_memory()


def pytest_sessionstart(session: pytest.Session) -> None:
    _clock["start"] = time.monotonic()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """The clock of the quick part, where the reports arrive: in the one process, or in xdist's controller
    (a worker's report carries the test's markers among its keywords)."""
    if report.when == "teardown" and "browser" not in report.keywords and "slow" not in report.keywords:
        _clock["quick"] = time.monotonic()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """One line with both figures; with XINFANG_SUITE_BUDGET=enforce an overrun fails the run."""
    if hasattr(config, "workerinput"):  # an xdist worker: the controller prints the line
        return
    whole = time.monotonic() - _clock["start"]
    quick = _clock.get("quick", _clock["start"]) - _clock["start"]
    over = [f"{name} {took:.0f} s > {limit:.0f} s" for name, took, limit in
            (("quick", quick, QUICK_BUDGET), ("whole", whole, WHOLE_BUDGET)) if took > limit]
    terminalreporter.write_line(f"suite time: quick part (not browser, not slow) {quick:.1f} s of {QUICK_BUDGET:.0f} s; "
                                f"whole run {whole:.1f} s of {WHOLE_BUDGET:.0f} s" + (f"; OVER: {', '.join(over)}" if over else ""))
    if over and os.environ.get("XINFANG_SUITE_BUDGET") == "enforce":
        terminalreporter.session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _package_calendar():
    """Every test starts with the package calendar: a repository's holiday files are used only after its check
    (``rules.use_calendar``), so one test's files never decide another test's working days."""
    from generator import rules

    rules.use_calendar(None)
    yield
    rules.use_calendar(None)


@pytest.fixture
def own_cache_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This test's own HMAC key for the caches (``$XDG_CACHE_HOME`` in its temporary folder), never the user's:
    for tests that read, forge or count cache files (``pytestmark = pytest.mark.usefixtures("own_cache_key")``)."""
    from generator import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    cache._hmac_key.cache_clear()
    yield
    cache._hmac_key.cache_clear()


@pytest.fixture
def minimal_repo(tmp_path: Path, minimal_cache: Path) -> Path:
    """A copy of the small valid repository in tests/data/minimal, free to be edited by the test.

    It comes with the cache (``.xinfang-cache/``) a build of the same data left, as an office's repository
    has one after its first build: every entry is keyed by content, so an edit of the test reaches exactly
    the answers it changes (tests/test_cache.py shows a warm and a cold run agree). Tests of the cold path
    get it cold: ``own_cache_key`` makes this cache foreign (another user's key), ``use_cache=False`` and
    ``--no-cache`` read none, and ``demo_repo``, ``copy_demo`` and the session's sites start without one."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    shutil.copytree(minimal_cache, root / ".xinfang-cache")
    return root


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """A copy of the project's demo data, free to be edited by the test."""
    return copy_demo(tmp_path / "demo")


@pytest.fixture
def run():
    """Run ``xinfang`` in-process: ``run(root, "validate", "--today", "2026-07-01")`` → click Result."""
    runner = CliRunner()

    def invoke(root: Path, *args: str):
        return runner.invoke(cli, ["--root", str(root), *args], catch_exceptions=False)

    return invoke


def _build(root: Path, today: date) -> Path:
    from generator.config import Paths
    from generator.site.build import build_site

    paths = Paths.at(root)
    build_site(paths, today, paths.site)
    return root


# -- sites built once per session; tests must not modify them ------------------------------------------------

@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public site of the demo data, built ONCE per test session with --today 2026-11-26.

    Returns the repository root; the site is ``root / "site"``. Tests must not modify either.
    """
    return _build(copy_demo(tmp_path_factory.mktemp("demo-site")), DEMO_TODAY)


@pytest.fixture(scope="session")
def pagefind_as_written(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site with Pagefind's index as Pagefind writes it (unused files removed, page list compacted),
    before ``search.repack`` and ``precompress_index``; returns the SITE folder (read only)."""
    from generator.site import search as site_search

    site = tmp_path_factory.mktemp("pagefind-raw") / "site"
    shutil.copytree(demo_site / "site", site, ignore=shutil.ignore_patterns("pagefind"))
    site_search.run_pagefind(site, site_search.find_pagefind(PROJECT))
    for name in site_search.UNUSED:
        (site / "pagefind" / name).unlink(missing_ok=True)
    site_search.compact_page_list(site / "pagefind")
    return site


@pytest.fixture(scope="session")
def demo_site_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site as published at a sub-path (``site_url: SITE_URL``), built once; the site is ``root / "site"``."""
    root = copy_demo(tmp_path_factory.mktemp("demo-url"))
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"site_url: {SITE_URL}\n" + text, encoding="utf-8")
    return _build(root, DEMO_TODAY)


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of tests/data/minimal built once with --today 2026-07-01; returns the SITE folder (read only)."""
    root = tmp_path_factory.mktemp("minimal-site") / "repo"
    shutil.copytree(MINIMAL, root)
    return _build(root, TODAY) / "site"


@pytest.fixture(scope="session")
def minimal_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """tests/data/minimal built ONCE by the command (``xinfang build --today 2026-07-01`` into its site/):
    (repository root, what the command printed). Read only; ``minimal_repo_built`` gives a copy to edit."""
    root = tmp_path_factory.mktemp("minimal-built") / "repo"
    shutil.copytree(MINIMAL, root)
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "--today", TODAY.isoformat()], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root, result.output


@pytest.fixture(scope="session")
def minimal_cache(minimal_built: tuple[Path, str]) -> Path:
    """The cache folder a build of tests/data/minimal left (read only: ``minimal_repo`` copies it)."""
    return minimal_built[0] / ".xinfang-cache"


@pytest.fixture
def minimal_repo_built(minimal_built: tuple[Path, str], tmp_path: Path) -> Path:
    """A copy of the minimal repository as it is after a successful ``xinfang build`` (its site/ and cache
    included), free to be edited: for tests that need "the previous site" before a build that must fail."""
    root = tmp_path / "repo"
    shutil.copytree(minimal_built[0], root, symlinks=True)
    return root


# -- one static host and one browser for every browser test ---------------------------------------------------

class Host(SimpleHTTPRequestHandler):
    """A static host as the unions use (nginx, GitHub/GitLab Pages): the site under ``prefix``, its 404.html
    for every missing path, and the precompressed ``.gz`` sibling when the browser accepts gzip
    (nginx ``gzip_static on``)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar",
                      ".json": "application/json", ".js": "text/javascript"}
    prefix = "/"

    def log_message(self, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_head(self):  # noqa: ANN201 - http.server's signature
        path = self.translate_path(self.path.split("?", 1)[0])
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        packed = path + ".gz"
        if "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(packed) and os.path.isfile(path):
            body = Path(packed).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def host() -> Iterator[Any]:
    """``host(site, prefix="/")`` → the address of ``site`` served on 127.0.0.1; every server stops at the end."""
    servers: list[ThreadingHTTPServer] = []

    def serve(site: Path, prefix: str = "/") -> str:
        handler = type("Host", (Host,), {"prefix": prefix})
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served(demo_site: Path, host: Any) -> str:
    """The demo site's address on 127.0.0.1 (Web Crypto needs a secure context; Chromium counts localhost)."""
    return host(demo_site / "site")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """ONE headless Debian Chromium for the whole session, shared by every browser test (each test opens its
    own context). One Playwright per process: a second ``sync_playwright()`` would fail inside the first's loop."""
    if not CHROMIUM.exists():
        pytest.skip("需要 Debian 的 chromium：apt-get install chromium chromium-driver")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
