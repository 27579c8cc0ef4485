"""The petitioner's lookup (查询码查询): hashes agree with the standard, shards hold nothing but dates and codes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator import lookup
from generator.config import Paths
from generator.errors import XinfangError
from generator.schema import labels
from generator.site.contrib import Contribution, SiteContext
from generator.validate import check_repository

from conftest import DEMO_TODAY, PROJECT

HEX64 = re.compile(r"^[0-9a-f]{64}$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _copy_demo(root: Path) -> Path:
    for name in ("reference", "schedules", "cases"):
        shutil.copytree(PROJECT / name, root / name)
    return root


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteContext, Contribution]:
    """The demo repository's lookup contribution, computed once (the slow hash is slow on purpose)."""
    root = _copy_demo(tmp_path_factory.mktemp("lookup") / "demo")
    checked = check_repository(Paths.at(root), DEMO_TODAY)
    assert checked.ok and checked.repository is not None
    ctx = SiteContext(Paths.at(root), checked.repository, DEMO_TODAY)
    return ctx, lookup.site_contribution(ctx)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# -- the hash --------------------------------------------------------------------------------------------

def test_pbkdf2_matches_rfc_7914_vector() -> None:
    # RFC 7914 §11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64.
    assert lookup.derive(b"passwd", b"salt", 1, 64).hex() == (
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")


def test_lookup_key_matches_an_independent_openssl_vector() -> None:
    # openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:7KQ4MZ9PX2HD
    #   -kdfopt salt:0123456789abcdef0123456789abcdef -kdfopt iter:100000 PBKDF2
    expected = "b0458a1b18939f29117eace9f34d251fe0dc970bb916cdc0887fe39314ae3e4f"
    salt = "0123456789abcdef0123456789abcdef"
    assert lookup.lookup_key("7KQ4-MZ9P-X2HD", salt) == expected
    assert lookup.lookup_key("７kq4 mz9p x2hd", salt) == expected  # full-width, lower case, spaces


@pytest.mark.parametrize(("typed", "normal"), [
    ("7KQ4-MZ9P-X2HD", "7KQ4MZ9PX2HD"), (" 7kq4 mz9p x2hd\n", "7KQ4MZ9PX2HD"),
    ("７ＫＱ４－ＭＺ９Ｐ－Ｘ２ＨＤ", "7KQ4MZ9PX2HD"), ("查询码：7KQ4MZ9PX2HD", "7KQ4MZ9PX2HD"),
])
def test_normalize(typed: str, normal: str) -> None:
    assert lookup.normalize(typed) == normal


# -- the contribution ------------------------------------------------------------------------------------

def test_contribution_has_the_page_the_script_and_all_256_shards(demo) -> None:
    _, contribution = demo
    assert list(contribution.docs) == ["lookup/index.md"]
    shards = sorted(k for k in contribution.files if k.startswith("lookup/shards/"))
    assert len(shards) == 256 and shards[0] == "lookup/shards/00.json" and shards[-1] == "lookup/shards/ff.json"
    assert set(contribution.files) == set(shards) | {"lookup/lookup.js", "lookup/lookup.css"}


def test_every_coded_case_has_exactly_its_entry(demo) -> None:
    ctx, contribution = demo
    merged: dict[str, Any] = {}
    for name, body in contribution.files.items():
        if name.startswith("lookup/shards/"):
            merged.update(json.loads(body))
    coded = [c for c in ctx.repository.cases if c.query_code]
    assert len(coded) == 11 and len(merged) == 11
    salt = (ctx.paths.reference / "lookup-salt.txt").read_text(encoding="utf-8").strip()
    by_id = {c.id: merged[lookup.lookup_key(c.query_code, salt)] for c in coded}
    assert by_id["XF-2026-0012"] == {"received": "2026-06-15", "accepted": "2026-06-18", "status": "assigned",
                                     "deadline": "2026-09-16", "overdue": True}
    assert by_id["XF-2026-0026"] == {"received": "2026-09-08", "accepted": None, "status": "not_accepted",
                                     "deadline": None, "overdue": False}
    assert by_id["XF-2026-0028"] == {"received": "2026-10-12", "accepted": "2026-10-15", "status": "assigned",
                                     "deadline": "2026-12-14", "overdue": False}


def test_no_shard_holds_anything_but_dates_and_status_codes(demo) -> None:
    ctx, contribution = demo
    statuses = set(labels("case", ("status",)))
    entries = 0
    for name, body in contribution.files.items():
        if not name.startswith("lookup/shards/"):
            continue
        prefix = name.removeprefix("lookup/shards/").removesuffix(".json")
        shard = json.loads(body)
        for key, entry in shard.items():
            entries += 1
            assert HEX64.match(key) and key.startswith(prefix)
            assert list(entry) == sorted(lookup.ENTRY_FIELDS)
            assert all(entry[k] is None or DATE.match(entry[k]) for k in ("received", "accepted", "deadline"))
            assert entry["received"] is not None and entry["status"] in statuses and isinstance(entry["overdue"], bool)
    assert entries == 11
    # No text of any case (title, names, codes, units…) other than its dates and status code, in any shard.
    shard_text = b"".join(b for n, b in contribution.files.items() if n.startswith("lookup/shards/")).decode("ascii")
    for case in ctx.repository.cases:
        for text in _strings(case.raw):
            if DATE.match(text) or text in statuses or len(text) < 3:
                continue
            assert text not in shard_text, (case.id, text)
            assert lookup.normalize(text) not in shard_text or len(lookup.normalize(text)) < 6, (case.id, text)


def test_page_and_script_never_carry_a_code_or_case_text(demo) -> None:
    ctx, contribution = demo
    page = contribution.docs["lookup/index.md"]
    salt = (ctx.paths.reference / "lookup-salt.txt").read_text(encoding="utf-8").strip()
    assert f'data-salt="{salt}" data-iterations="100000" data-shards="shards/"' in page
    assert 'data-labels="{&quot;registered&quot;:&quot;已登记&quot;,' in page
    assert page.rstrip().endswith('<script src="lookup.js"></script>')
    everything = page + contribution.files["lookup/lookup.js"].decode("utf-8")
    for case in ctx.repository.cases:
        if case.query_code:
            assert case.query_code not in everything and lookup.normalize(case.query_code) not in everything
        assert case.title not in everything


def test_keys_are_cached_outside_the_site_without_the_codes(demo, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, contribution = demo
    cache = ctx.paths.root / ".xinfang-cache" / "lookup-keys.json"
    stored = cache.read_text(encoding="utf-8")
    assert len(json.loads(stored)) == 11
    for case in ctx.repository.cases:
        if case.query_code:
            assert lookup.normalize(case.query_code) not in stored and case.query_code not in stored

    def refuse(*_: object) -> str:
        raise AssertionError("a cached key was derived again")

    monkeypatch.setattr(lookup, "lookup_key", refuse)
    again = lookup.site_contribution(ctx)
    assert again.files == contribution.files


def test_codes_without_a_salt_refuse_the_build(tmp_path: Path) -> None:
    root = _copy_demo(tmp_path / "demo")
    (root / "reference/lookup-salt.txt").unlink()
    checked = check_repository(Paths.at(root), DEMO_TODAY)
    ctx = SiteContext(Paths.at(root), checked.repository, DEMO_TODAY)
    with pytest.raises(XinfangError) as caught:
        lookup.site_contribution(ctx)
    assert caught.value.format_message() == ("有 11 件事项有查询码，但缺少 reference/lookup-salt.txt："
                                             "运行一次 xinfang new case 会生成它，请提交到仓库")


# -- in a real browser: Web Crypto must agree with hashlib ------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def served_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The demo site built once by the real build, served on 127.0.0.1 (Web Crypto needs a secure context)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from generator.site.build import build_site

    root = _copy_demo(tmp_path_factory.mktemp("browser") / "demo")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    site = root / "site"
    build_site(Paths.at(root), DEMO_TODAY, site)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", root
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser_page(served_demo):
    if not CHROMIUM.exists():
        pytest.skip("需要 /usr/bin/chromium（apt-get install chromium）")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.requests = requests  # type: ignore[attr-defined]
        yield page
        browser.close()


def _code(root: Path, case_id: str) -> str:
    text = (root / "cases" / case_id[3:7] / f"{case_id}.yaml").read_text(encoding="utf-8")
    return re.search(r'^query_code: "([^"]+)"', text, re.M).group(1)


def _ask(page: Any, base: str, code: str) -> str:
    page.goto(base + "lookup/")
    page.fill("#xf-code", code)
    page.click("#xf-submit")
    page.wait_for_function("() => !/正在查询|^$/.test(document.getElementById('xf-result').textContent)")
    return page.inner_text("#xf-result")


@pytest.mark.browser
def test_browser_hash_agrees_with_python(served_demo, browser_page) -> None:
    base, _ = served_demo
    browser_page.goto(base + "lookup/")
    salt = "0123456789abcdef0123456789abcdef"
    got = browser_page.evaluate("([c, s]) => window.xinfangLookup.derive(window.xinfangLookup.normalize(c), s, 100000)",
                                ["７kq4 mz9p-x2hd", salt])
    assert got == lookup.lookup_key("7KQ4-MZ9P-X2HD", salt) == "b0458a1b18939f29117eace9f34d251fe0dc970bb916cdc0887fe39314ae3e4f"


@pytest.mark.browser
def test_browser_finds_a_demo_case_by_its_code_and_fetches_only_its_shard(served_demo, browser_page) -> None:
    base, root = served_demo
    code = _code(root, "XF-2026-0012")
    browser_page.requests.clear()
    shown = _ask(browser_page, base, code.lower().replace("-", " "))
    assert shown.split("\n") == ["收到日期", "2026-06-15", "受理日期", "2026-06-18", "办理状态", "已交办",
                                 "办结期限", "2026-09-16", "是否超期", "已超期"]
    salt = (root / "reference/lookup-salt.txt").read_text(encoding="utf-8").strip()
    shard = lookup.lookup_key(code, salt)[:2]
    fetched = [u for u in browser_page.requests if "/lookup/shards/" in u]
    assert fetched == [f"{base}lookup/shards/{shard}.json"]
    assert all(u.startswith(base) for u in browser_page.requests), "the page loads nothing from outside the site"


@pytest.mark.browser
def test_browser_shows_a_case_not_yet_accepted(served_demo, browser_page) -> None:
    base, root = served_demo
    shown = _ask(browser_page, base, _code(root, "XF-2026-0026"))
    assert shown.split("\n") == ["收到日期", "2026-09-08", "受理日期", "尚未受理", "办理状态", "不予受理",
                                 "办结期限", "受理后计算", "是否超期", "未超期"]


@pytest.mark.browser
def test_browser_wrong_code_says_not_found(served_demo, browser_page) -> None:
    base, _ = served_demo
    assert _ask(browser_page, base, "2222-3333-4444") == "未找到：请核对查询码后重试。"
    assert _ask(browser_page, base, "12345") == "查询码应为 12 位字母和数字（不含 0、1、I、O），例如 7KQ4-MZ9P-X2HD。"


def test_public_case_page_shows_satisfaction_inquiry_and_reviews_not_internal_opinion(served_demo) -> None:
    _, root = served_demo
    page = (root / "site/cases/XF-2025-0018/index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert "信访人评价：不满意（2026年2月13日电话回访）" in text
    assert ("2026年3月5日 请求复查 · 中华全国总工会社会联络部 · 限 2026年4月7日 前答复"
            "2026年4月2日 答复：维持原处理意见。复查认为原答复认定事实清楚、依据充分，维持原答复意见，并告知复核途径。") in text
    site_text = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in (root / "site").rglob("*")
                        if p.is_file() and p.suffix in (".html", ".json", ".js", ".xml", ".csv", ".txt"))
    assert "经复查，河南省总工会查证" not in site_text  # the internal opinion of the same review
    for case_id in ("XF-2025-0018", "XF-2026-0012", "XF-2026-0028"):
        code = _code(root, case_id)
        assert code not in site_text and lookup.normalize(code) not in site_text


def test_leak_guard_covers_the_shards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were a shard ever to carry a petitioner's detail, the build is refused like for any other file."""
    from generator.errors import LeakFound
    from generator.site.build import build_site

    root = _copy_demo(tmp_path / "demo")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    original = lookup.entry

    def leaky(case: Any, today: Any) -> dict[str, Any]:
        return {**original(case, today), "phone": case.petitioners[0].phone}

    monkeypatch.setattr(lookup, "entry", leaky)
    with pytest.raises(LeakFound) as caught:
        build_site(Paths.at(root), DEMO_TODAY, root / "site")
    assert any(p.path.startswith("site/lookup/shards/") for p in caught.value.problems)
    assert not (root / "site").exists()
