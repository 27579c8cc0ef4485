"""The public site on a worker's phone in China (issue 18): old browsers, no outside request, accessibility.

Headless Debian Chromium at 390×844 against the demo site served on 127.0.0.1. "An old phone" is a browser
context where the features that X5/WeChat cores and Android 7-era WebViews lack are deleted before any page
script runs, and every request that leaves the host is aborted (as it would hang in mainland China).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlparse

import pytest

from test_browser import PHONE, Visit

pytestmark = pytest.mark.browser

# One page of every kind the site has (the demo build's paths).
PAGE_TYPES = {
    "home": "",
    "case list": "cases/",
    "case": "cases/XF-2026-0002/",
    "receptions": "receptions/",
    "leaders": "leaders/",
    "leader": "leaders/L-ZHAO/",
    "stats": "stats/",
    "data": "data/",
    "archive index": "archive/",
    "archive year": "archive/2025/",
    "filed archive": "archive/2025/filed/",
    "about": "about/",
    "lookup": "lookup/",
    "editors' guide": "editing/",
    "not found": "no-such-page/",
}

# What an Android 7-era WebView or an old X5 core lacks, removed before the page's own scripts run.
OLD_BROWSER = """
delete window.ResizeObserver;
delete Element.prototype.replaceChildren;
if (window.Crypto) { delete Crypto.prototype.subtle; }
delete window.WebAssembly;
"""


def _local(url: str) -> bool:
    return url.startswith(("data:", "blob:")) or urlparse(url).hostname in ("127.0.0.1", None)


class OldPhone(Visit):
    """A visit from an old phone in China: features deleted, outside requests aborted (and recorded)."""

    def __init__(self, context: Any) -> None:
        self.blocked: list[str] = []
        context.add_init_script(OLD_BROWSER)
        context.route("**/*", self._route)
        super().__init__(context.new_page())

    def _route(self, route: Any) -> None:
        if _local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@pytest.fixture
def old_phone(browser: Any) -> Iterator[OldPhone]:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="block")
    visit = OldPhone(context)
    yield visit
    context.close()


def _fetched_paths(visit: Visit) -> list[str]:
    return [urlparse(u).path for u in visit.requests if _local(u)]


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_page_type_loads_on_an_old_phone_without_outside_requests(old_phone: OldPhone, served: str, kind: str):
    """The theme asks unpkg.com for a ResizeObserver polyfill where the browser has none; in China that request
    hangs. Guards: our local polyfill is loaded first (assets/xinfang/polyfills.js), so nothing leaves the host.
    Checked to fail: without the ``polyfills`` entry in ``mkdocs_config`` the blocked list holds
    https://unpkg.com/resize-observer-polyfill and the page logs the theme's "Invalid script" error."""
    page = old_phone.page
    response = page.goto(served + PAGE_TYPES[kind], wait_until="load")
    assert response is not None and response.status == (404 if kind == "not found" else 200)
    page.wait_for_timeout(300)  # the theme's bundle subscribes to ResizeObserver after load
    assert old_phone.blocked == []
    assert old_phone.outside() == []
    assert any(p.endswith("/assets/xinfang/vendor/resize-observer.js") for p in _fetched_paths(old_phone))
    assert page.evaluate("typeof window.ResizeObserver") == "function"
    missing = ["Failed to load resource: the server responded with a status of 404 (Not Found)"]  # the page itself
    assert old_phone.errors == (missing if kind == "not found" else [])
    assert page.locator("h1").first.is_visible()


def test_a_current_browser_does_not_download_the_polyfill(visit: Visit, served: str):
    """Only browsers without ResizeObserver pay for the polyfill: a current one gets the 1 KB loader only."""
    visit.page.goto(served, wait_until="load")
    paths = _fetched_paths(visit)
    assert any(p.endswith("/assets/xinfang/polyfills.js") for p in paths)
    assert not any(p.endswith("/resize-observer.js") for p in paths)


@pytest.fixture
def visit(browser: Any) -> Iterator[Visit]:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="block")
    v = Visit(context.new_page())
    yield v
    context.close()
    assert v.outside() == [], "请求离开了本机"
    assert v.errors == [], "页面有控制台错误"


def test_the_home_page_links_the_lookup_and_dials_the_hotline(visit: Visit, served: str):
    """A worker with a query code finds 办理进度查询 on the home page, not only as the last menu item;
    the hotline is a tel: link on one line."""
    page = visit.page
    page.goto(served)
    link = page.locator("article a[href='lookup/']", has_text="办理进度查询")
    assert link.count() == 1 and link.is_visible()
    link.click()
    page.wait_for_load_state()
    assert page.url == served + "lookup/"
    page.goto(served)
    hotline = page.locator("article a.xf-tel")
    assert hotline.get_attribute("href") == "tel:01068590000"
    assert hotline.inner_text() == "010-68590000"
    box = hotline.bounding_box()
    assert box is not None and box["height"] < 30  # one line: a wrapped number would be two lines high


@pytest.fixture(scope="module")
def served_under_subpath(demo_site_with_url: Path, host: Any) -> str:
    return host(demo_site_with_url / "site", "/acftu/")


def test_the_404_page_is_chinese_and_styled_under_a_subpath(old_phone: OldPhone, served_under_subpath: str):
    """A mistyped case address two levels deep under /acftu/: the host answers with 404.html, which must still
    find its stylesheets and offer home, the case list and search. Checked to fail: the theme's own 404 template
    (custom_dir removed) has the English "404 - Not found" heading."""
    page = old_phone.page
    response = page.goto(served_under_subpath + "cases/XF-2026-9999/", wait_until="load")
    assert response is not None and response.status == 404
    assert page.inner_text("h1") == "页面不存在"
    assert page.title() == "页面不存在 - 全国总工会领导接访与包案公开"
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb(183, 28, 28)"  # our palette's red: the stylesheets loaded from /acftu/assets/
    page.locator("article a", has_text="返回首页").click()
    page.wait_for_load_state()
    assert page.url == served_under_subpath
    assert old_phone.blocked == []
    page.go_back()
    page.locator("article label[for=__search]").click()
    assert page.locator("input.md-search__input").is_visible()


# -- accessibility: axe-core on every page type --------------------------------------------------------------

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Serious or critical findings accepted, by axe rule id and CSS selector of a node inside the theme's markup,
# each with its reason. Any other serious or critical node fails. Empty today: our palette, the language
# override, the skip link and a11y.js (dialog name, keyboard-scrollable regions) cleared every finding.
ALLOWED: dict[tuple[str, str], str] = {}


def _axe(page: Any) -> list[tuple[str, str, str]]:
    if not AXE.exists():
        pytest.skip("axe-core 未安装：在项目根目录运行 npm ci")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", AXE_TAGS)
    return [(v["id"], " ".join(map(str, node["target"])), node["failureSummary"].splitlines()[1].strip())
            for v in result["violations"] if v["impact"] in ("serious", "critical") for node in v["nodes"]
            if (v["id"], " ".join(map(str, node["target"]))) not in ALLOWED]


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_nothing_serious_on_any_page_type(visit: Visit, served: str, kind: str):
    """WCAG 2.2 AA at 390×844 on every kind of page. Checked to fail: with the theme's red palette
    (primary: red) axe reports color-contrast 3.44:1 on the header and on every link in text; without
    a11y.js, aria-dialog-name on the search dialog."""
    page = visit.page
    page.goto(served + PAGE_TYPES[kind], wait_until="load")
    page.wait_for_timeout(200)  # the theme's and our scripts have run
    assert _axe(page) == []
    if kind == "not found":
        visit.errors.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")


def test_axe_with_the_search_open_and_results_shown(visit: Visit, served: str):
    page = visit.page
    page.goto(served)
    page.locator("label[for=__search]:visible").first.click()
    box = page.locator("input.md-search__input")
    box.fill("工资")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert _axe(page) == []


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_page_has_a_skip_link_and_the_right_language(visit: Visit, served: str, kind: str):
    page = visit.page
    page.goto(served + PAGE_TYPES[kind], wait_until="load")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    skip = page.locator("a.md-skip")
    assert skip.count() == 1
    target = skip.get_attribute("href").split("#", 1)[1]
    assert page.locator(f"[id='{target}']").count() == 1
    page.keyboard.press("Tab")  # the first Tab reaches it
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    assert page.evaluate("document.querySelector('.md-search').getAttribute('aria-label')") == "搜索本网站"
    if kind == "not found":
        visit.errors.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")


def test_a_wide_table_scrolls_with_the_keyboard(visit: Visit, served: str):
    """The filed archive's Markdown tables sit in the theme's scroll wrapper: a11y.js makes it a focusable
    region so that arrow keys scroll it."""
    page = visit.page
    page.goto(served + "archive/2025/filed/", wait_until="load")
    wide = page.locator(".md-typeset__scrollwrap[tabindex='0'][role=region]")
    assert wide.count() >= 1
    wide.first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(100)
    assert wide.first.evaluate("e => e.scrollLeft") > 0


# -- phone layout ----------------------------------------------------------------------------------------------

SMALL_TEXT = open(Path(__file__).with_name("small_text.js"), encoding="utf-8").read() if \
    Path(__file__).with_name("small_text.js").exists() else ""


@pytest.mark.parametrize("kind", sorted(k for k in PAGE_TYPES if k != "not found"))
def test_no_text_under_12px_and_no_page_wider_than_the_phone(visit: Visit, served: str, kind: str):
    page = visit.page
    page.goto(served + PAGE_TYPES[kind], wait_until="load")
    assert page.evaluate(SMALL_TEXT) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_data_page_field_table_reads_as_cards_on_a_phone(visit: Visit, served: str):
    """At 390 px the field table is one labelled block per field, not a table wider than the screen."""
    page = visit.page
    page.goto(served + "data/")
    cell = page.locator("table.xf-fields tbody tr").first.locator("td").nth(2)
    assert cell.evaluate("c => getComputedStyle(c).display") == "block"
    assert cell.evaluate("c => getComputedStyle(c, '::before').content") == '"说明："'
    wrap = page.locator("table.xf-fields").evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    assert wrap


def test_an_empty_table_on_a_leader_page_has_no_stray_colon(visit: Visit, served: str, demo_site: Path):
    """A leader without receptions: the "暂无接访安排。" row has no label, so no "：" before it."""
    page = visit.page
    for leader in sorted((demo_site / "site/leaders").glob("L-*/index.html")):
        if "暂无接访安排。" in leader.read_text(encoding="utf-8"):
            page.goto(served + f"leaders/{leader.parent.name}/")
            cell = page.locator("td[colspan]", has_text="暂无接访安排。")
            assert cell.evaluate("c => getComputedStyle(c, '::before').content") == "none"
            return
    pytest.skip("演示数据中每位领导都有接访安排")


# -- search: what workers type finds the case first --------------------------------------------------------------

def _search(page: Any, served: str, query: str) -> list[str]:
    """Type ``query`` into the theme's search box on the home page; the result links, best first."""
    page.goto(served)
    page.locator("label[for=__search]:visible").first.click()
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() === '键入以开始搜索'")
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    page.locator(".md-search-result__item > a").first.wait_for(timeout=15000)
    return [urlparse(h).path for h in page.locator(".md-search-result__item > a").evaluate_all("as => as.map(a => a.href)")]


@pytest.mark.parametrize(("query", "case"), [
    ("网约车", "XF-2026-0011"),
    ("职代会", "XF-2025-0005"),   # concluded 2025-04-29, more than a year before the demo's date: still found
    ("高温", "XF-2025-0009"),     # concluded 2025-08-14
    ("外卖", "XF-2025-0017"),
    ("农民工", "XF-2026-0012"),
    ("孕期", "XF-2026-0008"),
])
def test_a_search_finds_the_case_first(visit: Visit, served: str, query: str, case: str):
    """The case page ranks first, not the receptions table or an archive list that names it."""
    found = _search(visit.page, served, query)
    assert found[0].endswith(f"/cases/{case}/"), found


def test_a_two_character_word_inside_a_compound_finds_the_case(visit: Visit, served: str):
    """工资 in "1月工资" (jieba: 月工资) of XF-2026-0012's summary: the index's text is cut into sub-words
    (generator/site/search.py). Checked to fail: without ``refine_index`` no result links XF-2026-0012."""
    found = _search(visit.page, served, "工资")
    assert any(p.endswith("/cases/XF-2026-0012/") for p in found), found  # 住宅项目……被拖欠工资近400万元


def test_a_word_inside_a_public_name_finds_the_case(visit: Visit, served: str):
    """工会 finds a case that names it only inside 河南省总工会 (issue 18: "工会 misses every X省总工会").
    Checked to fail: without ``refine_index`` neither this nor the 工资 search finds XF-2026-0012."""
    found = _search(visit.page, served, "工会")
    assert any(p.endswith("/cases/XF-2026-0012/") for p in found), found  # only in "交办河南省总工会"


# -- weight ---------------------------------------------------------------------------------------------------

def test_the_home_page_loads_light_on_a_first_visit(browser: Any, served: str):
    """Bytes on the wire before the load event of a first visit to the home page, served as a host with
    gzip_static serves it (the .gz siblings); nothing for search until a search (search-on-demand.js; checked
    to fail without it: /search/search_index.json is fetched at load). Issue 18's goal is ≤ 60 KB; measured
    71.8 KB, of which the theme's bundle is 34.9 KB and its stylesheet 22.7 KB (mostly unused rules, not yet
    pruned): this is a regression budget at 75 KB, not the goal (bench/RESULTS.md)."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="block")
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    wire: dict[str, int] = {}
    urls: dict[str, str] = {}
    client.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
    client.on("Network.loadingFinished", lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(served, wait_until="load")
    total = sum(wire.values())
    fetched = sorted(urlparse(u).path for u in urls.values())
    context.close()
    print(f"home page, first visit: {total} bytes on the wire before load; {fetched}")
    assert not any(p.startswith("/search/") or "/workers/" in p for p in fetched)
    assert total <= 75 * 1024, (total, fetched)
