"""No published figure lets anyone single out a withheld case (issue 13 item 5).

The rule: every public figure counts published packages only; withheld packages appear only as one total per
year ("另有 N 件暂不公开", "<3" for 1-2), on no breakdown and no leader page. This test does not trust the
statistics module: it builds the demo site (18 packages, 5 of them withheld), reads the published case list
from ``data/cases.csv`` with the csv module, and then reads every figure the site publishes — the statistics
page's tables, its SVG chart labels and key figures, the leader pages, the filed archive's page and its
public.json, the feed — with its own parsers, and checks each against a count over that list. A figure that
counted a withheld case would exceed the count over the list, and the difference would single it out.

How it was checked that it can fail: with ``site.stats.all_years`` fed every package again (the old rule),
the topic/status/region/unit comparisons fail for 2025 and 2026; with the leader pages counting withheld
packages again, the leader check fails.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.schema import labels


def cell(n: int) -> str:
    return "<3" if 0 < n < 3 else str(n)


@pytest.fixture(scope="module")
def demo(demo_site: Path) -> Path:
    """The demo repository with its site built once for the session (read only)."""
    return demo_site


@pytest.fixture(scope="module")
def listed(demo: Path) -> list[dict[str, str]]:
    """The published case list, as anyone can download it."""
    text = (demo / "site/data/cases.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


class Cells(HTMLParser):
    """Text of the elements, with the attributes of the enclosing section (by id) and table (by data-table)."""

    def __init__(self) -> None:
        super().__init__()
        self.year: str = ""
        self.table: str = ""
        self.stat: str = ""
        self.rows: list[tuple[str, str, list[str]]] = []  # (year, table, cells)
        self.stats: list[tuple[str, str, str]] = []  # (year, data-stat, text)
        self.svg: list[tuple[str, list[str]]] = []  # (year, texts of one chart)
        self._row: list[str] | None = None
        self._text: list[str] | None = None
        self._in_svg = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2" and (a.get("id") or "").startswith("year-"):
            self.year = a["id"][5:]
        if tag == "table":
            self.table = a.get("data-table", "")
        if tag == "tr":
            self._row = []
        if tag in ("td", "th", "text", "dd", "p") or a.get("data-stat"):
            self._text = []
            self.stat = a.get("data-stat", "")
        if tag == "svg":
            self._in_svg = True
            self.svg.append((self.year, []))

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        text = "".join(self._text or []).strip()
        if tag in ("td", "th") and self._row is not None:
            self._row.append(text)
        if tag == "tr" and self._row is not None:
            self.rows.append((self.year, self.table, self._row))
            self._row = None
        if tag in ("dd", "p") and self.stat:
            self.stats.append((self.year, self.stat, text))
            self.stat = ""
        if tag == "text" and self._in_svg:
            self.svg[-1][1].append(text)
        if tag == "svg":
            self._in_svg = False
        if tag in ("td", "th", "text", "dd", "p"):
            self._text = None


def parse(file: Path) -> Cells:
    found = Cells()
    found.feed(file.read_text(encoding="utf-8"))
    return found


def expected(listed: list[dict[str, str]], year: str, column: str, split: bool = False) -> Counter[str]:
    rows = [r for r in listed if r["年份"] == year]
    return Counter(v for r in rows for v in (r[column].split("、") if split else [r[column]]) if v)


COLUMNS = {"topic": ("问题类别", False), "status": ("办理状态", False), "region": ("省份", False), "unit": ("责任单位", True)}


def test_demo_has_withheld_packages_in_both_years(demo: Path, listed: list[dict[str, str]]) -> None:
    stats = parse(demo / "site/stats/index.html")
    withheld = {(y, t) for y, s, t in stats.stats if s == "withheld"}
    assert withheld == {("2026", "另有 3 件暂不公开。"), ("2025", "另有 <3 件暂不公开。")}
    assert Counter(r["年份"] for r in listed) == {"2026": 6, "2025": 7}


def test_every_breakdown_on_the_statistics_page_counts_the_public_list_only(demo: Path, listed) -> None:
    stats = parse(demo / "site/stats/index.html")
    checked = 0
    for year in ("2025", "2026"):
        for key, (column, split) in COLUMNS.items():
            want = expected(listed, year, column, split)
            rows = {r[0]: r[1] for y, t, r in stats.rows if y == year and t == key and len(r) == 2 and r[1] != "件数"}
            assert rows, (year, key)
            for label, shown in rows.items():
                assert shown == cell(want.get(label, 0)), (year, key, label)
                checked += 1
            assert set(want) <= set(rows), (year, key)
        figures = {s: t for y, s, t in stats.stats if y == year}
        rows = [r for r in listed if r["年份"] == year]
        assert figures["total"] == cell(len(rows))
        assert figures["concluded"] == cell(sum(1 for r in rows if r["办结日期"]))
        assert figures["overdue"] == cell(sum(1 for r in rows if r["超期"] == "是"))
    assert checked > 20


def test_every_chart_label_agrees_with_its_table(demo: Path, listed) -> None:
    """Charts are read from their SVG text only: label, then figure."""
    stats = parse(demo / "site/stats/index.html")
    charts = [(y, texts) for y, texts in stats.svg if texts]
    assert len(charts) == 8
    for year, texts in charts:
        pairs = dict(zip(texts[0::2], texts[1::2]))
        every = Counter()
        for column, split in COLUMNS.values():
            every.update(expected(listed, year, column, split))
        for label, shown in pairs.items():
            if label.endswith("…"):
                continue  # a shortened label: its table row is checked above
            assert shown == cell(every.get(label, 0)), (year, label)


def test_leader_pages_list_and_count_published_packages_only(demo: Path, listed) -> None:
    by_leader = Counter(r["包案领导"] for r in listed)
    for page in sorted((demo / "site/leaders").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        article = text[text.index('<div class="xf-leader"'):]
        assert "暂不公开" not in article, page
        name = re.search(r'<h1 id="leader">([^<]+)', article).group(1).split("（")[0].strip()
        linked = set(re.findall(r'href="\.\./\.\./cases/(XF-\d{4}-\d{4})/"', article))
        assert len(linked) == by_leader.get(name, 0), name


def test_filed_archive_counts_published_packages_only(demo: Path, listed) -> None:
    public = json.loads((demo / "site/archive/2025/public.json").read_text(encoding="utf-8"))
    statistics = public["statistics"]
    rows = [r for r in listed if r["年份"] == "2025"]
    assert statistics["packages_published"] == len(rows) == len(public["cases"])
    assert statistics["packages_withheld"] == "<3"
    topics = labels("case", ("topic",))
    assert {topics[k]: v for k, v in statistics["published_by_topic"].items()} == expected(listed, "2025", "问题类别")
    assert "cases" not in statistics and "cases_by_topic" not in statistics  # no figure over all cases
    page = parse(demo / "site/archive/2025/filed/index.html")
    topic_rows = {r[0]: r[1] for _, _, r in page.rows if r and r[0] in topics.values()}
    assert topic_rows == {k: cell(v) for k, v in expected(listed, "2025", "问题类别").items()}


def test_feed_and_data_files_hold_published_cases_only(demo: Path, listed) -> None:
    ids = {r["编号"] for r in listed}
    feed = (demo / "site/feed.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"cases/(XF-\d{4}-\d{4})/", feed)) <= ids
    cases = json.loads((demo / "site/data/cases.json").read_text(encoding="utf-8"))
    assert cases["count"] == len(ids) == len(cases["cases"])
    assert {c["record"]["id"] for c in cases["cases"]} == ids
