"""The public site: pages and addresses, escaping of hostile text, open data, reproducible and atomic builds."""

from __future__ import annotations

import csv
import gzip
import hashlib
import html
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.config import Paths
from generator.output import atomic_output
from generator.site.build import build_site
from generator.site.search import indexed_pages
from generator.validate import check_repository
from conftest import DEMO_TODAY, MINIMAL, TODAY, edit

SITE_TODAY = TODAY  # the minimal site (session fixture ``minimal_site``) is built for this date


def _article(page: Path) -> str:
    """The page's own content (between the theme's article tags), blank lines dropped."""
    text = page.read_text(encoding="utf-8")
    inner = text[text.index('<article class="md-content__inner md-typeset">'):text.index("</article>")]
    return "\n".join(line.strip() for line in inner.splitlines()[1:] if line.strip())


# -- addresses and pages ----------------------------------------------------------------------------------

def test_stable_addresses(minimal_site: Path):
    for rel in ("index.html", "cases/index.html", "cases/XF-2026-0001/index.html", "receptions/index.html",
                "receptions.ics", "stats/index.html", "leaders/L-ZHAO/index.html", "leaders/L-QIAN/index.html",
                "archive/index.html", "archive/2026/index.html", "data/cases.json", "data/cases.csv",
                "data/cases.schema.json", "feed.xml", "about/index.html", "search/index.html", "search/titles.json",
                "pagefind/pagefind.js", "pagefind/pagefind-entry.json"):
        assert (minimal_site / rel).is_file(), rel
    # only published packages get a page: XF-2026-0002 is no package
    assert sorted(p.name for p in (minimal_site / "cases").iterdir()) == \
        ["XF-2026-0001", "index.html", "index.html.br", "index.html.gz"]  # precompressed siblings (issue 18)


def test_case_page_key_facts_and_overdue_mark(minimal_site: Path):
    article = _article(minimal_site / "cases/XF-2026-0001/index.html")
    assert '<h1 id="title">某机械企业拖欠工资问题</h1>' in article
    assert ('<p class="xf-overdue" role="alert"><strong>超期</strong>：办结期限 2026年5月11日 已过，'
            '至 2026年7月1日 仍未办结，已超期 51 天。</p>') in article
    facts = article[article.index('<dl class="xf-facts" data-pagefind-ignore>'):article.index("</dl>")].splitlines()[1:]
    assert facts == [
        "<dt>编号</dt><dd>XF-2026-0001</dd>",
        '<dt>办理状态</dt><dd>已交办 <span class="xf-badge xf-badge--overdue" title="超过办结期限仍未办结">超期 51 天</span></dd>',
        "<dt>问题类别</dt><dd>工资待遇</dd>",
        "<dt>地区</dt><dd>河北省石家庄市</dd>",
        "<dt>来源渠道</dt><dd>来访</dd>",
        '<dt>包案领导</dt><dd><a href="../../leaders/L-ZHAO/">赵测试</a>（主席），2026年3月12日 起包案</dd>',
        "<dt>包案理由</dt><dd>反映强烈、案情复杂、久拖不决</dd>",
        "<dt>责任单位</dt><dd>甲区总工会</dd>",
        "<dt>收到日期</dt><dd>2026年3月10日</dd>",
        "<dt>受理日期</dt><dd>2026年3月12日</dd>",
        "<dt>办结期限</dt><dd>2026年5月11日</dd>",
    ]
    assert "<li><time datetime=\"2026-03-13\" data-pagefind-ignore>2026年3月13日</time> <strong>交办</strong> · 甲区总工会<br>交甲区总工会办理。</li>" in article
    assert "<p>李某反映所在企业拖欠三个月工资。</p>" in article


def test_no_overdue_mark_on_the_deadline_day():
    """On the deadline day itself the case is not overdue; the page says its status, nothing more."""
    from generator.public import public_case, public_view
    from generator.site.pages import case_page

    repo = check_repository(Paths.at(MINIMAL), SITE_TODAY, use_cache=False).repository  # in place: writes nothing
    view = public_view("case", repo.case("XF-2026-0001").raw)
    page = case_page(public_case(view, repo.leaders, repo.units, date(2026, 5, 11)), date(2026, 5, 11))
    assert "超期" not in page
    assert '<dt>办理状态</dt><dd>已交办</dd>' in page  # once (issue 17.9: the badge repeated it)
    late = case_page(public_case(view, repo.leaders, repo.units, date(2026, 5, 12)), date(2026, 5, 12))
    assert "已超期 1 天。</p>" in late


def test_navigation_stays_small(minimal_site: Path):
    """Case pages are not in the navigation that every page carries."""
    home = (minimal_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    assert "XF-2026-0001" not in nav
    assert re.findall(r'md-nav__link[^>]*>\s*<span class="md-ellipsis">\s*([^<\s]+)', nav)[:8] == [
        "首页", "包案事项", "接访安排", "统计", "领导", "年度归档", "开放数据", "关于"]


def test_stats_suppress_small_counts(minimal_site: Path):
    article = _article(minimal_site / "stats/index.html")
    assert '<dt>公开的包案事项</dt><dd data-stat="total">&lt;3</dd>' in article
    assert '<dt>办结率</dt><dd data-stat="share-concluded">—（不足 3 件）</dd>' in article
    assert "<tr><td>工资待遇</td><td>&lt;3</td></tr>" in article
    assert "<tr><td>劳动合同</td><td>0</td></tr>" in article
    assert "本年没有包案事项达到 5 件的责任单位，不作排名。" in article
    assert '<svg class="xf-bars"' in article and "xf-bar--suppressed" in article


def test_leader_page_promised_and_held(minimal_site: Path):
    article = _article(minimal_site / "leaders/L-ZHAO/index.html")
    # Issue 15.3: the one held reception (2026-03-10 morning) is half a day: March is not met (每月至少一天)
    assert ('<tr><td data-label="年份">2026</td><td data-label="计划场次">1</td><td data-label="已接访">1</td>'
            '<td data-label="接访天数">0.5</td><td data-label="半天场次">1</td><td data-label="接访日期数">1</td>'
            '<td data-label="已改期">0</td><td data-label="已取消">0</td><td data-label="接待人数">4</td>'
            '<td data-label="接访频次">已结束的 6 个考核周期中 0 个达到规定</td></tr>') in article
    assert "<dt>接访要求</dt><dd>省（市、区）级工会领导干部一般每月至少安排一天时间接待职工群众来访</dd>" in article
    assert '<a href="../../cases/XF-2026-0001/">某机械企业拖欠工资问题</a>' in article


def test_receptions_calendar(minimal_site: Path):
    ics = (minimal_site / "receptions.ics").read_bytes().decode("utf-8")
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n"))
    lines = ics.replace("\r\n ", "").split("\r\n")  # unfolded
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//xinfang//public site//ZH"]
    assert "TZID:Asia/Shanghai" in lines and "TZOFFSETTO:+0800" in lines
    assert "DTSTART;TZID=Asia/Shanghai:20260414T090000" in lines
    assert "SUMMARY:专题接访｜钱测试｜工资待遇：建筑业欠薪专题接访" in lines
    # JF-2026-01 was held; JF-2026-02 is planned and its schedule has no approval yet: 待定 (tests/test_holidays.py)
    assert lines.count("BEGIN:VEVENT") == 2 and lines.count("STATUS:CONFIRMED") == 1 and "SEQUENCE:0" in lines
    assert lines.count("STATUS:TENTATIVE") == 1
    page = (minimal_site / "receptions/index.html").read_text(encoding="utf-8")
    assert '<span class="xf-tentative">待定</span><br><small>计划尚待领导批准</small>' in page
    assert lines[-1] == "" and lines[-2] == "END:VCALENDAR"


def test_open_data(minimal_site: Path):
    raw = (minimal_site / "data/cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["编号", "标题", "年份", "办理状态"]
    assert rows[1] == ["XF-2026-0001", "某机械企业拖欠工资问题", "2026", "已交办", "工资待遇", "河北省", "石家庄市", "赵测试",
                       "主席", "甲区总工会", "2026-03-10", "2026-03-12", "2026-05-11", "是", "", "", "cases/XF-2026-0001/"]
    doc = json.loads((minimal_site / "data/cases.json").read_text(encoding="utf-8"))
    schema = json.loads((minimal_site / "data/cases.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["count"] == 1 and doc["cases"][0]["computed"]["overdue"] is True
    assert "petitioners" not in doc["cases"][0]["record"]
    assert schema["properties"]["cases"]["items"]["properties"]["record"]["properties"]["title"]["title"] == "公开标题"
    feed = ET.fromstring((minimal_site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)] == ["XF-2026-0001 某机械企业拖欠工资问题"]


_FETCH = re.compile(r'<(?:script|img|link|iframe|source|video|audio|embed|object)\b[^>]*\b(?:src|href|data)="(?:https?:)?//')


def test_no_external_fetch_in_pages(minimal_site: Path):
    """Nothing a page loads comes from outside the site (no Google Fonts, no CDN)."""
    assert _FETCH.search('<link rel="preconnect" href="https://fonts.gstatic.com">')
    for page in minimal_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not _FETCH.search(text), (page, _FETCH.search(text))
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
        assert "unpkg.com" not in text and "cdn.jsdelivr.net" not in text


# -- hostile text ---------------------------------------------------------------------------------------------

HOSTILE = {
    "title": "<script>alert(1)</script>[x](javascript:alert(3))",
    "public_summary": "<img src=x onerror=alert(2)>\n\n[点我](javascript:alert(3)) {: onclick=\"alert(5)\"}\n"
                      "</title><script>alert(4)</script> &lt;b&gt; <!-- c --> <a href=\"javascript:alert(6)\">a</a>",
    "public_note": "<svg onload=alert(7)>**粗** ![i](javascript:alert(8))",
    "city": "<b onclick=a()>市",
}


def _plant_hostile(root: Path) -> None:
    case = root / "cases/2026/XF-2026-0001.yaml"
    edit(case, "title: 某机械企业拖欠工资问题", f"title: {json.dumps(HOSTILE['title'], ensure_ascii=False)}")
    edit(case, "public_summary: 李某反映所在企业拖欠三个月工资。",
         f"public_summary: {json.dumps(HOSTILE['public_summary'], ensure_ascii=False)}")
    edit(case, "public_note: 交甲区总工会办理。", f"public_note: {json.dumps(HOSTILE['public_note'], ensure_ascii=False)}")
    edit(case, "  city: 石家庄市", f"  city: {json.dumps(HOSTILE['city'], ensure_ascii=False)}")
    edit(root / "reference/leaders.yaml", "title: 主席", 'title: "主席<script>alert(10)</script>"')
    edit(root / "reference/units.yaml", "name: 甲区总工会", 'name: "甲区<i onclick=alert(11)>总工会"')
    edit(root / "schedules/2026.yaml", "subject: 建筑业欠薪专题接访", 'subject: "<script>alert(12)</script>欠薪"')
    edit(root / "schedules/2026.yaml", "    status: planned", '    status: planned\n    reason: "<img src=x onerror=alert(14)>"')
    edit(root / "reference/union.yaml", "name: 测试市总工会", 'name: "测试<script>alert(13)</script>总工会"')
    text = (root / "schedules/2026.yaml").read_text(encoding="utf-8").replace(
        "location: 测试市总工会信访接待室", "location: '<a href=\"javascript:alert(15)\">接待室</a>'")
    (root / "schedules/2026.yaml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil
    root = tmp_path_factory.mktemp("hostile") / "repo"
    shutil.copytree(MINIMAL, root)
    _plant_hostile(root)
    checked = check_repository(Paths.at(root), SITE_TODAY)
    assert checked.ok, [p.format() for p in checked.problems]
    build_site(Paths.at(root), SITE_TODAY, root / "site")
    return root / "site"


# A real tag (its "<" not escaped) that would act: a script, an event attribute, a javascript: address.
_ACTIVE = re.compile(r"<script>alert|<[a-zA-Z][^<>]*(?:\son\w+\s*=|javascript:)[^<>]*>")


def test_hostile_text_is_shown_as_text_everywhere(hostile_site: Path):
    """Markup-bearing files (pages, contributed ones too, feed, sitemap) carry the text escaped; Pagefind's
    index holds it as text, which the search page shows as text nodes (search.js), never as markup."""
    assert _ACTIVE.search('<p><img src=x onerror=alert(2)></p>') and not _ACTIVE.search("&lt;img onerror=x&gt;")
    for file in sorted(hostile_site.rglob("*")):
        if file.suffix not in (".html", ".xml"):
            continue
        text = file.read_text(encoding="utf-8-sig")
        assert not _ACTIVE.search(text), (file, _ACTIVE.search(text))
    case = indexed_pages(hostile_site)["/cases/XF-2026-0001/"]
    assert case["meta"]["title"] == "<script>alert(1)</script>[x](javascript:alert(3))"  # text, shown as text


def test_hostile_case_page_shows_the_text(hostile_site: Path):
    page = (hostile_site / "cases/XF-2026-0001/index.html").read_text(encoding="utf-8")
    article = _article(hostile_site / "cases/XF-2026-0001/index.html")
    assert '<h1 id="title">&lt;script&gt;alert(1)&lt;/script&gt;[x](javascript:alert(3))</h1>' in article
    assert ("<p>&lt;img src=x onerror=alert(2)&gt;</p><p>[点我](javascript:alert(3)) {: onclick=&#34;alert(5)&#34;}<br>"
            "&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt; &amp;lt;b&amp;gt; &lt;!-- c --&gt; "
            "&lt;a href=&#34;javascript:alert(6)&#34;&gt;a&lt;/a&gt;</p>") in article
    assert "&lt;svg onload=alert(7)&gt;**粗** ![i](javascript:alert(8))" in article
    assert "<dt>地区</dt><dd>河北省&lt;b onclick=a()&gt;市</dd>" in article
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and "＜script＞alert(1)＜/script＞" in title
    assert "甲区&lt;i onclick=alert(11)&gt;总工会" in article
    assert "<title>" not in title and "测试＜script＞alert(13)＜/script＞总工会领导包案公开" in title
    home = _article(hostile_site / "index.html")
    assert ('<h1 id="home"><span data-pagefind-weight="0.1">测试&lt;script&gt;alert(13)&lt;/script&gt;总工会</span>'
            '领导接访与包案公开</h1>') in home
    receptions = _article(hostile_site / "receptions/index.html")
    assert '&lt;a href=&#34;javascript:alert(15)&#34;&gt;接待室&lt;/a&gt;' in receptions
    assert "&lt;img src=x onerror=alert(14)&gt;" in receptions


def test_hostile_feed_and_data_stay_well_formed(hostile_site: Path):
    feed = ET.fromstring((hostile_site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:entry/a:title", ns).text == "XF-2026-0001 " + HOSTILE["title"]
    doc = json.loads((hostile_site / "data/cases.json").read_text(encoding="utf-8"))
    assert doc["cases"][0]["record"]["public_summary"] == HOSTILE["public_summary"]
    rows = list(csv.reader(io.StringIO((hostile_site / "data/cases.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][1] == HOSTILE["title"]


def test_csv_formula_is_neutralised(minimal_repo: Path, tmp_path: Path):
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", "title: 某机械企业拖欠工资问题", 'title: "=HYPERLINK(1)问题"')
    build_site(Paths.at(minimal_repo), SITE_TODAY, tmp_path / "site")
    rows = list(csv.reader(io.StringIO((tmp_path / "site/data/cases.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(1)问题"


# -- whole-build properties -----------------------------------------------------------------------------------

def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_with_the_same_date_are_identical(minimal_site: Path, minimal_built: tuple[Path, str]):
    """The session's two builds of the minimal data for 2026-07-01, by ``build_site`` and by the command, in two
    folders: byte for byte the same."""
    assert "SOURCE_DATE_EPOCH" not in os.environ, "the builds must agree without SOURCE_DATE_EPOCH: run without it"
    assert _digest(minimal_built[0] / "site") == _digest(minimal_site)
    # without site_url there is no sitemap (its URLs must be absolute); with one it is stamped with the build
    # date, not the clock: tests/test_site_phone.py::test_with_site_url_sitemap_robots_feed_and_calendar_subscription
    assert not (minimal_site / "sitemap.xml").exists()


def test_invalid_data_is_refused_and_the_old_site_kept(minimal_repo_built: Path, run):
    minimal_repo = minimal_repo_built
    before = _digest(minimal_repo / "site")
    assert len(before) > 20
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", 'received: "2026-03-10"', 'received: "2026-02-30"')
    result = run(minimal_repo, "build", "--today", "2026-07-01")
    assert result.exit_code == 1
    assert "cases/2026/XF-2026-0001.yaml:17:11: 收到日期 received：“2026-02-30” 不是有效日期" in result.output
    assert re.fullmatch(r"错误：数据校验未通过，拒绝发布：\d+ 处错误，未生成任何输出。", result.output.splitlines()[-1])
    assert _digest(minimal_repo / "site") == before


def test_build_help_has_an_example(run, minimal_repo: Path):
    result = run(minimal_repo, "build", "--help")
    assert result.exit_code == 0
    assert "xinfang build --today 2026-11-26" in result.output and "--out" in result.output


def test_atomic_output_keeps_target_on_failure(tmp_path: Path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    for exc in (RuntimeError("boom"), KeyboardInterrupt()):
        with pytest.raises(type(exc)):
            with atomic_output(target) as tmp:
                (tmp / "new.txt").write_text("new", encoding="utf-8")
                raise exc
        assert [p.name for p in tmp_path.iterdir()] == ["site"]
        assert [p.name for p in target.iterdir()] == ["old.txt"]
    with atomic_output(target) as tmp:
        (tmp / "new.txt").write_text("new", encoding="utf-8")
    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_atomic_output_refuses_a_source_folder(tmp_path: Path):
    from generator.errors import OutputError
    (tmp_path / "reference").mkdir()
    with pytest.raises(OutputError):
        with atomic_output(tmp_path):
            pass
    assert (tmp_path / "reference").is_dir()


# -- the demo data ---------------------------------------------------------------------------------------------

def _petitioner_details(root: Path) -> set[str]:
    checked = check_repository(Paths.at(root), DEMO_TODAY)
    assert checked.repository is not None
    found = set()
    for case in checked.repository.cases:
        for person in case.raw["petitioners"]:
            for key in ("name", "phone", "id_number", "employer", "address"):
                if person.get(key):
                    found.add(person[key])
    return found


def _reviewed_terms(root: Path) -> set[str]:
    """Words an editor reviewed as not naming a petitioner (``privacy_reviewed``), read straight from the files."""
    terms = set()
    for file in [*root.glob("cases/*/*.yaml"), *root.glob("schedules/*.yaml")]:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for holder in [data, *data.get("receptions", [])]:
            terms |= {item["term"] for item in holder.get("privacy_reviewed", [])}
    return terms


def test_no_petitioner_detail_of_the_demo_data_anywhere(demo_site: Path):
    """Every petitioner value of the demo, searched in every built file by this test's own means — except the
    one the demo reviewed on purpose: the name 文明 (a withheld case's petitioner) as the word in 文明施工."""
    details = _petitioner_details(demo_site)
    assert len(details) > 20
    assert _reviewed_terms(demo_site) == {"文明"}
    details -= {"文明"}
    site = demo_site / "site"
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix not in (".png", ".ico", ".gz")]
    assert len(files) > 100
    leaks = []
    for file in files:
        blob = file.read_bytes()
        if blob[:2] == b"\x1f\x8b":  # Pagefind's chunks and fragments are gzip under their own names
            blob = gzip.decompress(blob)
        text = blob.decode("utf-8", errors="replace")
        plain = html.unescape(text).replace("\u200b", "")
        if file.suffix == ".json" and file.name != "pagefind-entry.json":
            plain += json.dumps(json.loads(text), ensure_ascii=False).replace("\u200b", "")
        leaks += [(file.relative_to(site).as_posix(), d) for d in details if d in plain]
    assert leaks == []


def test_demo_site_publishes_the_public_packages(demo_site: Path):
    checked = check_repository(Paths.at(demo_site), DEMO_TODAY)
    public = sorted(c.id for c in checked.repository.cases if c.is_public)
    withheld = [c.id for c in checked.repository.cases if c.package and not c.is_public]
    pages = sorted(p.name for p in (demo_site / "site/cases").iterdir() if p.is_dir())
    assert pages == public and len(public) >= 5
    assert not set(withheld) & set(pages)
    indexed = indexed_pages(demo_site / "site")
    assert sorted(u.split("/")[2] for u in indexed if u.startswith("/cases/XF-")) == public


def _indexed_text(page: dict) -> str:
    return page["content"].replace("\u200b", "")


def test_search_index_stays_small(minimal_site: Path):
    """Case text is indexed once, on the case page; crumbs, fact labels, the page's note and the lists of
    titles elsewhere are left out (data-pagefind-ignore), so a search finds the case page first."""
    indexed = indexed_pages(minimal_site)
    on_case = _indexed_text(indexed["/cases/XF-2026-0001/"])
    assert "李某反映所在企业拖欠三个月工资。" in on_case and "交甲区总工会办理。" in on_case
    assert "包案理由" not in on_case and "本页按" not in on_case and "全部包案事项" not in on_case
    assert indexed["/cases/XF-2026-0001/"]["meta"]["title"] == "某机械企业拖欠工资问题"
    elsewhere = [url for url, page in indexed.items()
                 if "某机械企业拖欠工资问题" in _indexed_text(page) and not url.startswith("/cases/XF-")]
    assert elsewhere == []
    assert "/search/" not in indexed  # the search page itself (search: exclude)


def test_build_reports_what_it_made(minimal_built: tuple[Path, str]):
    _, output = minimal_built
    assert re.fullmatch(r"已生成公开网站 \S+/site：公开包案 1 件（包案共 1 件），页面 1[0-9] 个，文件 \d+ 个，共 [\d.]+ MB，"
                        r"搜索索引 \d+ KB，用时 [\d.]+ 秒。数据有 4 处警告，运行 xinfang validate 查看。",
                        output.strip()), output


def test_titles_for_browsers_without_pagefind(minimal_site: Path):
    """search/titles.json: every published case's number and title, what an old browser searches by substring."""
    assert (minimal_site / "search/titles.json").read_text(encoding="utf-8") == \
        '{"cases":[["XF-2026-0001","某机械企业拖欠工资问题"]]}'


def test_calendar_moves_and_cancels_with_the_same_uid():
    from generator.public import PublicReception
    from generator.site.data import receptions_ics

    def rec(status: str, moved: date | None = None) -> PublicReception:
        return PublicReception(id=f"JF-2026-{len(status):02d}", date=date(2026, 3, 10), session="pm", session_label="下午",
                               mode="fixed", mode_label="定点接访", leader_id="L-A", leader_name="甲", leader_title="主席",
                               location="接待室;一楼,东", topic_label="", subject="", status=status, status_label=status,
                               rescheduled_to=moved, reason="", attendance=None, unit_names=())

    text = receptions_ics([rec("cancelled"), rec("rescheduled", date(2026, 3, 17))], "日历", date(2026, 3, 1)).decode()
    events = text.split("BEGIN:VEVENT")[1:]
    assert "UID:JF-2026-09@xinfang" in events[0] and "STATUS:CANCELLED" in events[0] and "SEQUENCE:1" in events[0]
    assert "DTSTART;TZID=Asia/Shanghai:20260317T140000" in events[1] and "DTEND;TZID=Asia/Shanghai:20260317T173000" in events[1]
    assert "LOCATION:接待室\\;一楼\\,东" in events[1]


def test_search_index_holds_every_published_case_however_old(demo_site: Path):
    """Every published case is in the index, cases concluded more than a year ago included (issue 18: a worker
    searches an old case by its words, not by the year it ended); the archive's lists of titles are not, so
    that the case page itself is what a search finds. This test replaces the earlier rule that kept only a
    year of concluded cases (their archive year page stood in for them); with Pagefind (issue 18's search
    engine choice) it reads the index back from Pagefind's fragments, and the titles file of old browsers
    holds the same cases."""
    indexed = indexed_pages(demo_site / "site")
    in_index = {url.split("/")[2] for url in indexed if url.startswith("/cases/XF-")}
    cases = json.loads((demo_site / "site/data/cases.json").read_text(encoding="utf-8"))["cases"]
    concluded = {c["record"]["id"]: date.fromisoformat(c["record"]["conclusion"]["date"])
                 for c in cases if "conclusion" in c["record"]}
    old = {cid for cid, day in concluded.items() if (DEMO_TODAY - day).days > 365}
    assert old and old <= in_index
    assert {c["record"]["id"] for c in cases} == in_index
    for case in cases:
        assert indexed[f"/cases/{case['record']['id']}/"]["meta"]["title"] == case["record"]["title"]
    archive = "".join(_indexed_text(p) for url, p in indexed.items() if re.fullmatch(r"/archive/\d{4}/", url))
    assert not any(c["record"]["title"] in archive for c in cases)
    titles = json.loads((demo_site / "site/search/titles.json").read_text(encoding="utf-8"))["cases"]
    assert {case_id for case_id, _ in titles} == in_index


def test_archive_year_pages_link_the_filed_archive(demo_site: Path):
    site = demo_site / "site"
    years = sorted(p.name for p in (site / "archive").iterdir() if p.is_dir())
    assert years and all((site / "archive" / y / "index.html").is_file() for y in years)
    for year in years:
        page = (site / "archive" / year / "index.html").read_text(encoding="utf-8")
        filed = (demo_site / "archives" / year).is_dir()
        assert ('<a href="filed/">' in page) == filed, year
        assert (site / "archive" / year / "filed" / "index.html").is_file() == filed


def test_withheld_package_is_one_yearly_total_and_nothing_else(minimal_repo: Path, tmp_path: Path):
    """The rule of issue 13 item 5 (replacing "withheld packages count in the statistics"): a withheld package
    is in no breakdown, rate or leader page; only in its year's total "另有 N 件暂不公开" ("<3" for 1-2)."""
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", "disclosure: public",
         "disclosure: withheld\n  withheld_reason: 涉及未决诉讼")
    build_site(Paths.at(minimal_repo), SITE_TODAY, tmp_path / "site")
    site = tmp_path / "site"
    assert not (site / "cases/XF-2026-0001").exists()
    assert not any("某机械企业拖欠工资问题" in _indexed_text(p) or "某机械企业拖欠工资问题" in p["meta"].get("title", "")
                   for p in indexed_pages(site).values())
    assert (site / "search/titles.json").read_text(encoding="utf-8") == '{"cases":[]}'
    assert json.loads((site / "data/cases.json").read_text(encoding="utf-8"))["count"] == 0
    assert "暂不公开" not in _article(site / "leaders/L-ZHAO/index.html")
    stats = _article(site / "stats/index.html")
    assert '<dt>公开的包案事项</dt><dd data-stat="total">0</dd>' in stats
    assert '<p class="xf-withheld" data-stat="withheld">另有 &lt;3 件暂不公开。</p>' in stats
    assert "<tr><td>工资待遇</td><td>0</td></tr>" in stats  # the withheld case's topic is not counted
    assert "共 0 件公开的领导包案事项（暂不公开的事项只在" in _article(site / "cases/index.html")


def test_public_names_are_searchable_on_their_pages(minimal_site: Path):
    """Leaders and units are in the index on the pages that name them (Pagefind segments index and query alike,
    so a name typed whole finds them: tests/test_browser_phone.py searches in the browser)."""
    indexed = indexed_pages(minimal_site)
    assert "赵测试" in _indexed_text(indexed["/leaders/L-ZHAO/"])
    assert "钱测试" in _indexed_text(indexed["/leaders/L-QIAN/"])
    assert "甲区总工会" in _indexed_text(indexed["/cases/XF-2026-0001/"])


def test_leader_frequency_against_the_national_rule():
    from generator.model import Leader
    from generator.public import PublicReception
    from generator.site.pages import LeaderPage

    def held(day: date, status: str = "held", session: str = "am") -> PublicReception:
        return PublicReception(id="JF-2026-01", date=day, session=session, session_label="", mode="fixed",
                               mode_label="定点接访", leader_id="L-A", leader_name="甲", leader_title="主席",
                               location="接待室", topic_label="", subject="", status=status, status_label="",
                               rescheduled_to=None, reason="", attendance=3, unit_names=())

    leader = Leader(id="L-A", name="甲", title="主席", role="chairman", from_year=2020)
    page = LeaderPage(leader, "主席", (), "每年至少2天", "national", date(2026, 11, 26),
                      receptions=[held(date(2025, 3, 10)), held(date(2025, 3, 10)), held(date(2025, 3, 10), session="pm"),
                                  held(date(2025, 6, 9)), held(date(2025, 9, 8), session="pm"),
                                  held(date(2026, 4, 14)), held(date(2026, 12, 8), "planned")])
    # 2026: one morning held (12-08 is only planned) = 1 half day = 0.5 day
    assert page.frequency(2026) == "接访 0.5 天（1 个半天，1 个日期），规定每年至少 2 天：尚未达到"
    # 2025: 03-10 am (recorded twice: once), 03-10 pm, 06-09 am, 09-08 pm = 4 half days on 3 dates = 2 days
    assert page.frequency(2025) == "接访 2 天（4 个半天，3 个日期），规定每年至少 2 天：已达到"
    assert [y.year for y in page.years] == [2026, 2025] and page.years[0].promised == 2
    assert (page.years[1].days, page.years[1].sessions, page.years[1].dates) == ("2", 4, 3)


def test_front_matter_title_is_one_safe_line():
    import yaml

    from generator.site.pages import front_title

    hostile = "a\u2028b\u0085c\nd\t<e>&\"f'"
    text = str(front_title(hostile))
    assert "\n" not in text and yaml.safe_load(f"title: {text}")["title"] == "a b c d ＜e＞＆＂f＇"
