"""The public site as a visitor sees it: Debian's headless Chromium driven by Playwright, on localhost only.

The demo site is built once per session (``demo_site``) and served by a local http.server thread (``served``);
one Chromium serves the whole session (``browser``, tests/conftest.py). Every test
checks that no request left 127.0.0.1 and that the page logged no error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlparse

import pytest

PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.browser


class Visit:
    """A page with what it requested and what it logged."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def outside(self) -> list[str]:
        return [u for u in self.requests if urlparse(u).hostname not in ("127.0.0.1", None) and not u.startswith(("data:", "blob:"))]


@pytest.fixture
def visit(browser: Any) -> Iterator[Visit]:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="block")
    v = Visit(context.new_page())
    yield v
    context.close()
    assert v.outside() == [], "请求离开了本机"
    assert v.errors == [], "页面有控制台错误"


@pytest.fixture(scope="module")
def public_cases(demo_site: Path) -> list[dict[str, Any]]:
    return json.loads((demo_site / "site/data/cases.json").read_text(encoding="utf-8"))["cases"]


def test_home(visit: Visit, served: str):
    visit.page.goto(served)
    assert visit.page.inner_text("h1#home") == "中华全国总工会领导接访与包案公开"
    assert visit.page.locator(".xf-figure").count() == 5
    assert visit.page.locator("h2#next").is_visible()
    assert visit.page.locator(".xf-recent li").count() == 6


def test_case_list_filters_on_a_phone(visit: Visit, served: str, public_cases: list[dict[str, Any]]):
    page = visit.page
    page.goto(served + "cases/")
    rows = page.locator("#xf-case-table tbody tr")
    assert rows.count() == len(public_cases)
    assert page.inner_text(".xf-count") == f"显示 {len(public_cases)} 件"
    concluded = sum(1 for c in public_cases if c["record"]["status"] == "concluded")
    page.select_option("select[data-filter=status]", "concluded")
    assert page.locator("#xf-case-table tbody tr:visible").count() == concluded
    assert page.inner_text(".xf-count") == f"显示 {concluded} 件"
    assert page.url.endswith("?status=concluded")
    page.select_option("select[data-filter=status]", "")
    overdue = sum(1 for c in public_cases if c["computed"]["overdue"])
    page.select_option("select[data-filter=overdue]", "yes")
    assert page.locator("#xf-case-table tbody tr:visible").count() == overdue
    page.select_option("select[data-filter=overdue]", "")
    # sort by 编号: ascending then descending
    ids = sorted(c["record"]["id"] for c in public_cases)
    # on a phone the header row is hidden: the sort select does what a header click does on a desktop
    page.select_option("select[data-sort-by]", "0:asc")
    assert page.locator("#xf-case-table tbody tr td:first-child").all_inner_texts() == ids
    received = [c["record"]["received"] for c in public_cases]
    page.select_option("select[data-sort-by]", "7:desc")
    shown = page.locator("#xf-case-table tbody tr td:nth-child(8)").evaluate_all("cells => cells.map(c => c.dataset.value)")
    assert shown == sorted(received, reverse=True)
    # on a phone the table is a list of labelled cards that fit the screen
    width = page.evaluate("document.querySelector('#xf-case-table').getBoundingClientRect().width")
    assert width <= PHONE["width"]


def test_a_case_page(visit: Visit, served: str, public_cases: list[dict[str, Any]]):
    overdue = [c for c in public_cases if c["computed"]["overdue"]]
    case = (overdue or public_cases)[0]
    visit.page.goto(served + case["computed"]["url"])
    assert visit.page.inner_text("h1#title") == case["record"]["title"]
    assert visit.page.locator(".xf-overdue").count() == (1 if overdue else 0)
    facts = visit.page.inner_text(".xf-facts")
    assert case["record"]["id"] in facts and "包案领导" in facts


def test_the_reception_calendar(visit: Visit, served: str):
    page = visit.page
    page.goto(served + "receptions/")
    assert page.inner_text("h1#receptions") == "领导接访安排"
    assert page.locator("table.xf-table tbody tr").count() >= 5
    ics = page.evaluate("fetch('../receptions.ics').then(r => r.text())")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and "TZID:Asia/Shanghai" in ics


def _unique_word(public_cases: list[dict[str, Any]]) -> tuple[str, str]:
    """A two-character word of one indexed case's public text that no other indexed case uses."""
    import jieba

    texts = {c["record"]["id"]: c["record"]["title"] + c["record"].get("public_summary", "")
             for c in public_cases}  # every published case, however old (issue 18)
    for case_id, text in sorted(texts.items()):
        for word in jieba.cut(text):
            if len(word) == 2 and all("\u4e00" <= ch <= "\u9fff" for ch in word) \
                    and sum(word in t for t in texts.values()) == 1:
                return word, case_id
    raise AssertionError("no unique two-character word")


def site_search(page: Any, query: str) -> tuple[str, list[str]]:
    """Search as a visitor does: the header's search link, the word typed (Chinese arrives composed, as from an
    IME), Enter. Returns the status line and the result links' paths, best first."""
    page.locator("a.xf-search-link").click()
    page.wait_for_load_state()
    box = page.locator("#xf-search-q")
    box.fill(query)
    box.press("Enter")
    page.wait_for_function("() => { const s = document.getElementById('xf-search-status').textContent;"
                           " return s && !/正在搜索/.test(s); }", timeout=20000)
    links = page.locator("#xf-search-results li > a").evaluate_all("as => as.map(a => a.href)")
    return page.inner_text("#xf-search-status"), [urlparse(h).path for h in links]


def test_chinese_search_finds_a_case(visit: Visit, served: str, public_cases: list[dict[str, Any]]):
    word, case_id = _unique_word(public_cases)
    page = visit.page
    page.goto(served)
    status, found = site_search(page, word)
    assert f"/cases/{case_id}/" in found, (word, found)
    assert status == f"找到 {len(found)} 条与“{word}”有关的结果。"  # a word of one case: a short list, all shown


def test_search_finds_a_leader_by_full_name(visit: Visit, served: str):
    """A leader's full name (三字姓名) finds the leader's page: Pagefind segments the query as it segmented the
    index (Intl.Segmenter / ICU4X), so the name is not lost between 赵国 + 栋."""
    page = visit.page
    page.goto(served + "leaders/")
    link = page.locator("table.xf-table tbody tr td:first-child a").first
    name, href = link.inner_text(), link.get_attribute("href")
    _, found = site_search(page, name)
    assert f"/leaders/{href.strip('./').split('/')[0]}/" in found, (name, found)
