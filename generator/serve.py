"""Live preview (本地预览): the public site on localhost, rebuilt whenever a data file changes.

For an editor checking a case before pushing. The site is built by the public build function
(``site.build.build_site``, with its validation and leak guard) into a temporary folder and served from
there. The build swaps its output in only when it succeeded, so a broken edit never takes the preview down:
the problems are printed in the terminal as ``path:line:col: message`` and the last good preview stays up.

Changes are found by polling the files' sizes and modification times (twice a second): no extra dependency,
and it behaves the same on Windows, macOS, network drives and in containers, where change notifications
are unreliable. A rebuild waits until the files have been still for a moment, so that an editor saving
several files, or writing one in pieces, causes one rebuild.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import json
import signal
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import click

from . import rules
from .config import Paths
from .errors import DataInvalid, LeakFound, XinfangError
from .reporters import report

Snapshot = dict[str, tuple[int, int]]
WATCHED_FOLDERS = ("cases", "schedules", "reference", "archives")
WATCHED_FILES = ("mkdocs.yml",)
PLACEHOLDER = """<!doctype html><html lang="zh"><meta charset="utf-8"><title>预览尚未生成</title>
<body style="font-family:sans-serif;margin:3em"><h1>预览尚未生成</h1>
<p>数据还没有校验通过，请查看终端中的错误（文件:行:列）。改正并保存后，本页会自动更新。</p></body></html>
"""


def snapshot(paths: Paths) -> Snapshot:
    """Size and modification time of every file that the build reads (hidden files and editors' swap files aside)."""
    found: Snapshot = {}
    for name in WATCHED_FOLDERS:
        folder = paths.root / name
        if folder.is_dir():
            for file in folder.rglob("*"):
                _note(found, paths, file)
    for name in WATCHED_FILES:
        _note(found, paths, paths.root / name)
    return found


def _note(found: Snapshot, paths: Paths, file: Path) -> None:
    if file.name.startswith((".", "~")) or file.name.endswith(("~", ".swp", ".tmp")):
        return
    try:
        stat = file.stat()
    except OSError:  # deleted between listing and stat: the next poll sees it gone
        return
    if file.is_file():
        found[paths.rel(file)] = (stat.st_mtime_ns, stat.st_size)


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified between two snapshots, sorted."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


@dataclass
class Preview:
    """One preview session: where the site is served from and how it is rebuilt."""

    paths: Paths
    today: date | None
    folder: Path
    builds: int = 0
    failures: int = 0
    stale: list[str] = field(default_factory=list)
    """Why the preview shown is out of date (the failed build's lines), shown in the browser too; empty when current."""

    @property
    def site(self) -> Path:
        return self.folder / "site"

    def rebuild(self) -> bool:
        """Build into the served folder; on failure print the problems and keep the last good site."""
        from .site.build import build_site  # imported here: MkDocs is heavy

        started = time.perf_counter()
        try:
            result = build_site(self.paths, rules.today(self.today), self.site)  # per build: past midnight too
        except (DataInvalid, LeakFound) as exc:
            return self._failed(exc, exc.problems)
        except XinfangError as exc:
            return self._failed(exc, [])
        except Exception as exc:  # noqa: BLE001 - a bug in a build must not end the preview
            return self._failed(XinfangError(f"内部错误：{type(exc).__name__}: {exc}"), [])
        self.builds += 1
        self.stale = []
        for warning in result.warnings:
            click.echo(f"警告：MkDocs：{warning}", err=True)
        click.echo(f"预览已更新（第 {self.builds} 次，{time.perf_counter() - started:.1f} 秒）：公开包案 {result.cases} 件。")
        return True

    def _failed(self, exc: XinfangError, problems: list) -> bool:
        self.failures += 1
        if problems:
            report(problems, len({p.path for p in problems}), stream_err=True)
        click.echo(f"错误：{exc.format_message()}", err=True)
        kept = "仍显示上一次成功生成的预览" if self.builds else "还没有成功生成过预览"
        click.echo(f"预览未更新：{kept}；改正后保存，会自动重新生成。", err=True)
        errors = [p for p in problems if p.is_error]  # the warnings stay in the terminal
        shown = [p.format() for p in errors[:STALE_LINES]]
        more = [f"……另有 {len(errors) - STALE_LINES} 处，见终端"] if len(errors) > STALE_LINES else []
        self.stale = [f"预览未更新：{kept}。改正后保存，本页会自动更新。", *shown, *more, f"错误：{exc.format_message()}"]
        return False

    def status(self) -> dict[str, object]:
        """What the page asks every second: the build it shows and, if the last build failed, why."""
        return {"build": self.builds, "stale": self.stale}


STALE_LINES = 10


VERSION_PATH = "/__xinfang__/version"
STATUS_PATH = "/__xinfang__/status"
# Injected into every HTML page as it is served (never written into the site): the page asks for the
# status every second, reloads itself when a new build has been swapped in, and while the last build
# failed shows why in a red bar at the top (text only: set as textContent, never as markup).
RELOAD_SCRIPT = (
    "<script>(function(){var v=null,bar=null;function show(lines){if(!lines.length){if(bar){bar.remove();bar=null}return}"
    "if(!bar){bar=document.createElement('div');bar.id='xf-preview-stale';bar.setAttribute('role','alert');"
    "bar.style.cssText='position:fixed;top:0;left:0;right:0;z-index:99999;background:#b71c1c;color:#fff;"
    "font:14px/1.5 sans-serif;padding:.6em 1em;white-space:pre-wrap;max-height:50vh;overflow:auto';"
    "document.body.appendChild(bar)}bar.textContent=lines.join('\\n')}"
    "setInterval(function(){fetch('" + STATUS_PATH + "',{cache:'no-store'}).then(function(r){return r.json()})"
    ".then(function(s){if(v!==null&&s.build!==v){location.reload();return}v=s.build;show(s.stale)})"
    ".catch(function(){})},1000)})();</script>"
)


class _Handler(SimpleHTTPRequestHandler):
    """Static files without caching (a preview must show the latest build), with the reload script in HTML
    pages, and without request logs."""

    version: Callable[[], int] = staticmethod(lambda: 0)
    status: Callable[[], dict[str, object]] = staticmethod(lambda: {"build": 0, "stale": []})

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if self.path == VERSION_PATH:
            return self._send(str(self.version()).encode(), "text/plain; charset=utf-8")
        if self.path == STATUS_PATH:
            body = json.dumps(self.status(), ensure_ascii=False).encode("utf-8")
            return self._send(body, "application/json; charset=utf-8")
        file = Path(self.translate_path(self.path))
        if file.is_dir() and urlsplit(self.path).path.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = file.read_text(encoding="utf-8")
            at = html.rfind("</body>")
            html = html[:at] + RELOAD_SCRIPT + html[at:] if at >= 0 else html + RELOAD_SCRIPT
            return self._send(html.encode("utf-8"), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        return


def start_server(site: Path, host: str, port: int, version: Callable[[], int] = lambda: 0,
                 status: Callable[[], dict[str, object]] | None = None) -> ThreadingHTTPServer:
    """Serve ``site`` in a background thread. The folder is looked up per request, so a swapped-in build
    is served at once; ``version()`` is the number of the build being served, ``status()`` adds why the
    preview is stale (for the reload script)."""
    status = status or (lambda: {"build": version(), "stale": []})
    handler = type("Handler", (_Handler,), {"version": staticmethod(version), "status": staticmethod(status)})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="xinfang-serve", daemon=True).start()
    return server


def watch(paths: Paths, on_change: Callable[[list[str]], None], interval: float = 0.5,
          settle: float = 0.3, stop: threading.Event | None = None) -> None:
    """Call ``on_change(files)`` whenever watched files change and then stay still for ``settle`` seconds."""
    stop = stop or threading.Event()
    seen = snapshot(paths)
    while not stop.wait(interval):
        now = snapshot(paths)
        if now == seen:
            continue
        for still in _settled(paths, now, settle, stop):
            now = still
        files, seen = changed(seen, now), now
        on_change(files)


def _settled(paths: Paths, current: Snapshot, settle: float, stop: threading.Event) -> Iterator[Snapshot]:
    """Wait until two snapshots ``settle`` seconds apart agree (yields each newer one)."""
    while not stop.wait(settle):
        again = snapshot(paths)
        if again == current:
            return
        current = again
        yield again


def serve(paths: Paths, today: date | None, host: str = "127.0.0.1", port: int = 8000,
          interval: float = 0.5, stop: threading.Event | None = None) -> None:
    """Build, serve and rebuild on change until interrupted (Ctrl+C) or ``stop`` is set."""
    folder = Path(tempfile.mkdtemp(prefix="xinfang-serve-"))
    preview = Preview(paths, today, folder)
    preview.site.mkdir()
    (preview.site / "index.html").write_text(PLACEHOLDER, encoding="utf-8")
    try:
        server = start_server(preview.site, host, port, lambda: preview.builds, preview.status)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise XinfangError(f"无法在 {host}:{port} 上启动预览：{exc.strerror or exc}；可用 --port 换一个端口") from exc
    restore = _stop_on_sigterm()
    try:
        click.echo(f"预览地址：http://{host}:{server.server_address[1]}/ （按 Ctrl+C 停止）")
        click.echo("正在生成预览……")
        preview.rebuild()

        def on_change(files: list[str]) -> None:
            shown = "、".join(files[:3]) + (f" 等 {len(files)} 个文件" if len(files) > 3 else "")
            click.echo(f"检测到改动：{shown}，重新生成……")
            preview.rebuild()

        watch(paths, on_change, interval=interval, stop=stop)
    except KeyboardInterrupt:
        click.echo("预览已停止。")
    finally:
        restore()
        server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


def _stop_on_sigterm() -> Callable[[], None]:
    """Treat SIGTERM (``kill``, a closing terminal or IDE) as Ctrl+C, so the temporary folder is removed.

    Returns the function that puts the previous handler back. Signals can be set only in the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore
