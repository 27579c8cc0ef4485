"""Our own scripts run on the phones workers use (issue 18 item 2), checked by the tools, not by hope.

The targets are package.json's ``browserslist`` query: Chrome 52 (the engine of Android 7-era system WebViews,
which in mainland China are not updated through Google Play, and older than the Chromium 57 of Tencent's X5
core in WeChat and QQ), iOS Safari 10.3 (WeChat on iPhones uses the system WebKit), QQ and UC Browser. es-check
checks the syntax (the ES version browserslist maps these to) and eslint-plugin-compat the Web APIs. Both come
from npm (``npm ci``, run by .ci/run); the vendored polyfill is checked for syntax too, since only old
browsers run it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
BIN = PROJECT / "node_modules" / ".bin"
SCRIPTS = sorted(str(p.relative_to(PROJECT)) for p in (PROJECT / "generator" / "assets").rglob("*.js")
                 if "modern" not in p.parts)
# Loaded by search.js only where ES modules, WebAssembly and Intl.Segmenter exist (Pagefind's search).
MODULES = sorted(str(p.relative_to(PROJECT)) for p in (PROJECT / "generator" / "assets").rglob("modern/*.js"))
QUERY = ["chrome >= 52", "ios_saf >= 10.3", "safari >= 10.1", "and_qq >= 13", "and_uc >= 13"]


@pytest.fixture(scope="module")
def npm_tools() -> Path:
    if not (BIN / "es-check").exists() or not (BIN / "eslint").exists() or not shutil.which("node"):
        if os.environ.get("CI"):
            pytest.fail("npm 工具未安装：在项目根目录运行 npm ci（.ci/run 会运行它）")
        pytest.skip("npm 工具未安装：在项目根目录运行 npm ci")
    return BIN


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=PROJECT, capture_output=True, text=True, input=stdin, timeout=120,
                          env={**os.environ, "NO_COLOR": "1", "BROWSERSLIST_IGNORE_OLD_DATA": "1"})


@pytest.mark.slow
def test_the_committed_query_names_the_phones_of_workers_in_china(npm_tools: Path):
    assert json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["browserslist"] == QUERY
    targets = _run(str(npm_tools / "browserslist")).stdout.split("\n")
    for oldest in ("chrome 52", "ios_saf 10.3", "safari 10.1", "and_qq 14.9", "and_uc 15.5"):
        assert oldest in targets


@pytest.mark.slow
def test_our_scripts_use_only_syntax_the_targets_parse(npm_tools: Path):
    result = _run(str(npm_tools / "es-check"), "checkBrowser", "--checkBrowser", "--checkFeatures", "--noColor",
                  *SCRIPTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"checking {len(SCRIPTS)} files" in result.stdout + result.stderr


@pytest.mark.slow
def test_es_check_refuses_syntax_the_targets_lack(npm_tools: Path, tmp_path: Path):
    """Guards the check above: Chrome 52 has no async functions and no optional chaining."""
    for name, code in (("async.js", "async function f() { await g(); }\n"), ("chain.js", "var a = b?.c;\n")):
        (tmp_path / name).write_text(code, encoding="utf-8")
        result = _run(str(npm_tools / "es-check"), "checkBrowser", "--checkBrowser", "--checkFeatures",
                      "--noColor", str(tmp_path / name))
        assert result.returncode == 1, name


@pytest.mark.slow
def test_our_scripts_call_only_apis_the_targets_have(npm_tools: Path):
    result = _run(str(npm_tools / "eslint"), "--max-warnings", "0", "generator/assets")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_eslint_compat_refuses_an_api_the_targets_lack(npm_tools: Path):
    """Guards the check above with a file placed among our scripts (read from stdin, nothing written)."""
    result = _run(str(npm_tools / "eslint"), "--stdin", "--stdin-filename", "generator/assets/xinfang/probe.js",
                  stdin="new IntersectionObserver(function () {});\n")
    assert result.returncode == 1
    assert "IntersectionObserver is not supported in Safari 10.1, iOS Safari 10.3, Chrome 52" in result.stdout


@pytest.mark.slow
def test_the_vendored_polyfill_is_the_published_one(npm_tools: Path):
    """vendor/resize-observer.js is resize-observer-polyfill's dist file as npm ships it (what unpkg serves)."""
    published = PROJECT / "node_modules" / "resize-observer-polyfill" / "dist" / "ResizeObserver.js"
    vendored = PROJECT / "generator" / "assets" / "xinfang" / "vendor" / "resize-observer.js"
    assert vendored.read_bytes() == published.read_bytes()


def test_the_pagefind_module_is_es2020_and_loaded_only_where_it_runs(npm_tools: Path):
    """modern/*.js is an ES2020 module (es-check), and search.js inserts it only behind its feature test
    (WebAssembly, ES modules, Intl.Segmenter): an old phone never parses it (tests/test_browser_phone.py
    deletes WebAssembly and sees no request under /pagefind/)."""
    assert MODULES == ["generator/assets/xinfang/modern/pagefind-search.js"]
    result = _run(str(npm_tools / "es-check"), "es2020", "--module", "--noColor", *MODULES)
    assert result.returncode == 0, result.stdout + result.stderr
    search = (PROJECT / "generator/assets/xinfang/search.js").read_text(encoding="utf-8")
    assert 'script.type = "module";' in search and "typeof intl.Segmenter === \"function\"" in search
