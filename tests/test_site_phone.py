"""The built site's files for phones in China (issue 18), checked without a browser: addresses, calendar,
contrast, precompressed files. The browser side is tests/test_browser_phone.py."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import brotli
import pytest

from generator.site import search as site_search
from generator.site.advice import SITE_URL_ADVICE
from generator.site.compress import text_files
from generator.site.contrast import contrast, palette_problems
from generator.site.data import calendar_subscription
from generator.site.pages import tel_href
from conftest import DEMO_TODAY, PROJECT, SITE_URL, TODAY, edit


@pytest.mark.parametrize(("written", "dialled"), [
    ("010-68590000", "01068590000"), ("12351 转 2", "12351,2"), ("+86 10 6859 0000", "+861068590000"),
    ("（010）68590000 分机 301", "01068590000,301"), ("12351", "12351")])
def test_a_hotline_becomes_the_number_a_phone_dials(written: str, dialled: str):
    assert tel_href(written) == dialled


# -- addresses (site_url) ----------------------------------------------------------------------------------

# The demo built with site_url SITE_URL is the session fixture demo_site_with_url (tests/conftest.py).


def test_without_site_url_validate_asks_for_it_and_the_build_makes_what_it_can(demo_site: Path, demo_repo: Path, run):
    result = run(demo_repo, "validate", "--today", DEMO_TODAY.isoformat())
    assert f"mkdocs.yml:5:1: 警告：{SITE_URL_ADVICE}" in result.output.splitlines()
    site = demo_site / "site"
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()  # it would list no URL
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    assert 'href="receptions.ics">添加到手机日历（iCalendar）</a>' in (site / "index.html").read_text(encoding="utf-8")
    assert "webcal:" not in (site / "index.html").read_text(encoding="utf-8")


def test_with_site_url_sitemap_robots_feed_and_calendar_subscription(demo_site_with_url: Path):
    site = demo_site_with_url / "site"
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locs = sorted(e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))
    assert locs == sorted(SITE_URL + ("" if p == "." else p + "/") for p in pages)
    stamps = {e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")}
    assert stamps == {DEMO_TODAY.isoformat()}  # the build date, not the clock: reproducible
    assert (site / "robots.txt").read_text(encoding="utf-8") == \
        "User-agent: *\nAllow: /\nSitemap: https://xinfang.example.org/acftu/sitemap.xml\n"
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}base") == SITE_URL
    webcal = 'href="webcal://xinfang.example.org/acftu/receptions.ics">订阅接访日历</a>'
    assert webcal in (site / "index.html").read_text(encoding="utf-8")
    assert webcal in (site / "receptions/index.html").read_text(encoding="utf-8")
    # the 404 page links absolutely from site_url's path: it keeps its styling at any depth under /acftu/
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert '<h1 id="not-found">页面不存在</h1>' in not_found
    assert re.search(r'href="/acftu/assets/xinfang/site\.[0-9a-f]{8}\.css"', not_found) and 'href="/acftu/lookup/"' in not_found


# -- calendar -------------------------------------------------------------------------------------------------

def _events(ics: str) -> dict[str, dict[str, str]]:
    unfolded = ics.replace("\r\n ", "")
    events = {}
    for block in unfolded.split("BEGIN:VEVENT\r\n")[1:]:
        fields = dict(line.split(":", 1) for line in block.split("END:VEVENT")[0].split("\r\n") if ":" in line)
        events[fields["UID"]] = fields
    return events


def test_a_rescheduled_reception_recorded_again_on_its_new_day_is_not_there_twice(demo_site: Path):
    """JF-2026-07 (12 May, moved to 19 May) and JF-2026-08 (the 19 May reception, "由5月12日改期"): 19 May has one
    event; the old one stays on 12 May, cancelled with a higher SEQUENCE, so a subscribed phone removes it.
    Checked to fail: without ``superseded_receptions`` both events start 20260519T090000."""
    events = _events((demo_site / "site/receptions.ics").read_bytes().decode("utf-8"))
    old, new = events["JF-2026-07@xinfang"], events["JF-2026-08@xinfang"]
    assert (old["DTSTART;TZID=Asia/Shanghai"], old["STATUS"], old["SEQUENCE"]) == ("20260512T090000", "CANCELLED", "1")
    assert (new["DTSTART;TZID=Asia/Shanghai"], new["STATUS"]) == ("20260519T090000", "CONFIRMED")
    on_19_may_morning = [uid for uid, e in events.items() if e["DTSTART;TZID=Asia/Shanghai"] == "20260519T090000"]
    assert on_19_may_morning == ["JF-2026-08@xinfang"]


@pytest.mark.parametrize(("site_url", "webcal"), [
    ("https://xinfang.example.org/acftu/", "webcal://xinfang.example.org/acftu/receptions.ics"),
    ("http://10.0.0.8", "webcal://10.0.0.8/receptions.ics"), ("", "")])
def test_the_calendar_subscription_address(site_url: str, webcal: str):
    assert calendar_subscription(site_url) == webcal


# -- contrast -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fg", "bg", "ratio"), [
    ("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0),
    ("#767676", "#ffffff", 4.54), ("#777777", "#ffffff", 4.48),  # the well-known lightest AA grey and the one after
    ("#0000008a", "#ffffff", 4.61),  # Material's light text: 54 % black over white = #757575
])
def test_contrast_ratios_worked_out_by_hand(fg: str, bg: str, ratio: float):
    assert round(contrast(fg, bg), 2) == ratio


def test_the_shipped_palette_passes_and_the_theme_red_is_named(demo_repo: Path):
    """Guards the build warning: checked to fail by setting TEXT to 3.0 (then red passes and nothing is said)."""
    assert palette_problems({"primary": "custom", "accent": "custom"}) == []
    found = palette_problems({"primary": "red", "accent": "yellow"})
    assert [(pointer, message.split("，")[0]) for pointer, message in found] == [
        (("theme", "palette", "primary"), "网站配置 theme.palette.primary：“red”的页眉文字（#fff 对 #ef5552）对比度 3.45:1"),
        (("theme", "palette", "primary"), "网站配置 theme.palette.primary：“red”的正文链接（#ef5552 对 #ffffff）对比度 3.45:1"),
        (("theme", "palette", "accent"), "网站配置 theme.palette.accent：“yellow”的焦点框（#ffd400 对 #ffffff）对比度 1.43:1"),
    ]
    # a light/dark toggle: entries are lists; the dark (slate) one is the theme's own
    toggle = palette_problems([{"scheme": "default", "primary": "red"}, {"scheme": "slate", "primary": "red"}])
    assert {pointer for pointer, _ in toggle} == {("theme", "palette", 0, "primary")}


def test_build_warns_about_colours_that_fail(minimal_repo: Path, run):
    """The demo's site settings (mkdocs.yml) on the minimal data: the build prints the warnings and builds."""
    shutil.copy(PROJECT / "mkdocs.yml", minimal_repo / "mkdocs.yml")
    edit(minimal_repo / "mkdocs.yml", "    primary: custom", "    primary: red")
    result = run(minimal_repo, "build", "--today", "2026-07-01")
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.startswith("mkdocs.yml")]
    assert [line.split("，")[0] for line in lines] == [
        f"mkdocs.yml:5:1: 警告：{SITE_URL_ADVICE.split('，')[0]}",
        "mkdocs.yml:13:14: 警告：网站配置 theme.palette.primary：“red”的正文链接（#ef5552 对 #ffffff）对比度 3.45:1",
        "mkdocs.yml:13:14: 警告：网站配置 theme.palette.primary：“red”的页眉文字（#fff 对 #ef5552）对比度 3.45:1"]


# -- weight: precompressed files, trimmed theme ------------------------------------------------------------------

def test_every_text_file_has_gz_and_br_siblings_that_decompress_to_it(demo_site: Path):
    """The host serves x.gz / x.br in place of x: they must be x, byte for byte, or a phone would see another
    page than the one the leak guard passed. gzip's header carries no file name and the build's time (noon of
    2026-11-26 in Beijing = 04:00 UTC = 1795665600), so two builds of the same day are identical.
    Checked to fail: ``gzip_bytes`` with ``filename="index.html"`` sets the FNAME flag (byte 3 = 0x08)."""
    site = demo_site / "site"
    texts = text_files(site)
    assert len(texts) > 50  # pages, feeds, data, calendar, sitemap … (the lookup's shards are binary)
    for file in texts:
        blob = file.read_bytes()
        packed = file.with_name(file.name + ".gz").read_bytes()
        assert gzip.decompress(packed) == blob, file
        assert packed[3] == 0 and int.from_bytes(packed[4:8], "little") == 1795665600, file  # FLG, MTIME
        assert brotli.decompress(file.with_name(file.name + ".br").read_bytes()) == blob, file
    assert not any(p.name.endswith((".gz.gz", ".br.gz", ".gz.br", ".br.br")) for p in site.rglob("*"))


def test_the_theme_files_no_visitor_loads_are_not_published(demo_site: Path):
    """Source maps, the theme's search (lunr, its worker, search_index.json) and Pagefind's ready-made
    interfaces are not published: the site searches with Pagefind behind its own plain page, on the page's
    thread (no pagefind-worker.js: modern/pagefind-search.js asks for ``noWorker``)."""
    site = demo_site / "site"
    assert list(site.rglob("*.map")) == []
    assert sorted(p.name for p in (site / "assets/javascripts").iterdir()) == \
        sorted(p.name for p in (site / "assets/javascripts").glob("bundle.*.min.js*"))
    assert not (site / "search/search_index.json").exists()
    assert sorted(p.name for p in (site / "pagefind").iterdir() if p.suffix not in (".gz", ".br")) == [
        "fragment", "index", "pagefind-entry.json", "pagefind.js",
        next(p.name for p in (site / "pagefind").glob("pagefind.zh_*.pf_meta")), "wasm.unknown.pagefind"]


# -- accessibility in the files ---------------------------------------------------------------------------------

def test_no_inline_styles_on_archive_pages_and_header_cells_have_scope(demo_site: Path):
    """Archive pages carry no style="" (Markdown table alignment is an attribute: pages suit a strict
    Content-Security-Policy); every header cell of our own tables says what it heads (scope).
    Checked to fail: without ``use_align_attribute`` the filed archive has 39 style="text-align: right;"."""
    site = demo_site / "site"
    archive = sorted((site / "archive").rglob("index.html"))
    assert len(archive) >= 3
    assert [p.relative_to(site).as_posix() for p in archive if 'style="' in p.read_text(encoding="utf-8")] == []
    for page in ("cases", "receptions", "leaders", "stats", "data", "leaders/L-ZHAO"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        cells = re.findall(r"<th\b[^>]*>", article)
        assert cells and all('scope="col"' in c for c in cells), page


# -- search: Pagefind -------------------------------------------------------------------------------------------

def test_the_leak_guard_reads_inside_pagefind_s_compressed_index(minimal_repo: Path):
    """Guards the privacy of the search index: Pagefind's fragments are gzip under their own names
    (``*.pf_fragment``), so a guard reading them as text would see noise. A petitioner's name indexed by real
    Pagefind from a page, with the page itself then put back clean, leaves the name only inside a fragment:
    the guard must find it there, at its place in the decompressed text.
    Checked to fail: with ``privacy.check._text_of`` decompressing only files named ``.gz`` (as before
    Pagefind) the scan returns nothing."""
    from generator.config import Paths
    from generator.privacy import scan
    from generator.site.build import build_site
    from generator.validate import check_repository

    paths = Paths.at(minimal_repo)
    build_site(paths, TODAY, paths.site)
    site = paths.site
    page = site / "cases/XF-2026-0001/index.html"
    clean = page.read_bytes()
    page.write_bytes(clean.replace(b"<div data-pagefind-body>", "<div data-pagefind-body><p>李测甲</p>".encode(), 1))
    shutil.rmtree(site / "pagefind")
    site_search.index_site(site, site_search.find_pagefind(PROJECT))
    page.write_bytes(clean)
    holders = []
    for fragment in sorted((site / "pagefind/fragment").rglob("*.pf_fragment")):
        text = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        found = re.search("李\u200b?测\u200b?甲", text)  # the segmenter may put zero-width spaces inside
        if found:
            holders.append((fragment.relative_to(site / "pagefind/fragment").as_posix(), found.start() + 1))
    assert len(holders) == 1
    name, col = holders[0]
    repository = check_repository(paths, TODAY).repository
    assert [p.format() for p in scan(site, repository)] == [
        (f"site/pagefind/fragment/{name}:1:{col}: 公开网站含信访人信息 李**（cases/2026/XF-2026-0001.yaml 中信访人的姓名）；"
         "公开文字中请写作“李某”")]


def _page_list(site: Path) -> tuple[str, int, bytes]:
    """Pagefind's page list (pf_meta) as the entry file names it: its hash, its page count, its bytes."""
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["zh"]
    return entry["hash"], entry["page_count"], gzip.decompress((site / f"pagefind/pagefind.{entry['hash']}.pf_meta")
                                                                 .read_bytes())


def test_pagefind_s_page_list_names_each_fragment_by_its_place(demo_site: Path):
    """What a phone downloads on its first search grows with the page list, one entry a page (issue 18:
    ~100 KB at 10,000 published cases). Pagefind names a page by a random 7-hex hash no compressor removes;
    ``search.compact_page_list`` names it ``<tag>/<place in base 36>`` (10,000 pages: 61.2 KB gzip → 12.4 KB
    brotli, bench/RESULTS.md). Exact: the list holds the names 0 … 9, a … w (the demo's 33 searchable pages, one
    base-36 digit each) in order, each names exactly one fragment file, no other fragment is published, and the
    list is published under the digest of its new content.
    Checked to fail: with the ``compact_page_list`` call removed from ``finish_index`` the names are Pagefind's
    (``zh_b3c6826`` …) and the first assertion fails."""
    site = demo_site / "site"
    name, count, raw = _page_list(site)
    names = [m.decode() for m in re.findall(rb"\x83\x66([0-9a-f]{4}/[0-9a-z])", raw)]
    tag = names[0][:4] if names else ""
    assert count == 33 and names == [f"{tag}/{place}" for place in "0123456789abcdefghijklmnopqrstuvw"]
    fragments = sorted(p.relative_to(site / "pagefind/fragment").as_posix()
                       for p in (site / "pagefind/fragment").rglob("*.pf_fragment"))
    assert fragments == [f"{n}.pf_fragment" for n in names]
    assert name == "zh_" + hashlib.sha256(raw).hexdigest()[:10]
    assert raw.startswith(site_search.SIGNATURE)


def test_pagefind_s_gzip_files_have_brotli_siblings_of_their_content(demo_site: Path):
    """A brotli_static host sends x.br for x with Content-Encoding: br; the browser decodes it and Pagefind's
    script, finding its signature already there, does not gunzip. So x.br must hold exactly what x's gzip
    holds, and there is no x.gz (x is gzip already: a gzip_static host sends it as it is). The browser side
    (the search works and finds the same over such a host) is tests/test_browser_phone.py.
    Checked to fail: with ``precompress_index`` compressing the file's bytes (the gzip) instead of its content
    the first comparison fails (and Pagefind reports "Missing signature" in the browser)."""
    site = demo_site / "site"
    packed = sorted(p for p in (site / "pagefind").rglob("*") if p.suffix in site_search.PACKED_SUFFIXES)
    assert sorted({p.suffix for p in packed}) == [".pagefind", ".pf_fragment", ".pf_index", ".pf_meta"]
    for file in packed:
        content = gzip.decompress(file.read_bytes())
        assert brotli.decompress(file.with_name(file.name + ".br").read_bytes()) == content, file
        assert content.startswith(b"pagefind_dcd"), file
        assert not file.with_name(file.name + ".gz").exists(), file


def test_a_build_without_pagefind_is_refused_in_chinese(minimal_repo: Path, run, monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path):
    """No Node.js / npm package: the build stops with what to install, before anything is written."""
    monkeypatch.setenv("XINFANG_PAGEFIND", str(tmp_path / "no-such-pagefind"))
    result = run(minimal_repo, "build", "--today", TODAY.isoformat())
    assert result.exit_code != 0
    assert "找不到站内搜索的索引工具 Pagefind（npm 包 pagefind 1.6 或更高版本）" in result.output
    assert not (minimal_repo / "site").exists()


def test_pagefind_is_pinned_at_1_6_or_later():
    """package.json asks for ^1.6.0 and package-lock pins the exact build, so CI and the unions index alike."""
    import json

    assert json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["pagefind"] == "^1.6.0"
    lock = json.loads((PROJECT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    version = tuple(int(n) for n in lock["node_modules/pagefind"]["version"].split("."))
    assert version >= site_search.PAGEFIND_MIN
    assert lock["node_modules/@pagefind/linux-x64"]["version"] == lock["node_modules/pagefind"]["version"]


# -- first paint: the trimmed stylesheet ---------------------------------------------------------------------------

def test_the_trim_keeps_what_the_names_present_can_match():
    """Worked out by hand: .b and .a .c need names absent; span.a needs a span; --v is read only by --w, which
    nothing reads; a value test needs its value ([data-x=red]); :not(…) asks nothing; @keyframes stay."""
    from generator.site.critical import purge

    css = (".a{color:red}.b{color:blue}.a .c{x:y}div.a{z:1}span.a{z:2}:root{--u:1;--v:2;--w:var(--v)}"
           ".a{color:var(--u)}@media (min-width:1px){.b{q:r}.a{s:t}}.a:not(.zz){k:v}[data-x=custom]{m:n}"
           "[data-x=red]{m:o}@keyframes f{0%{o:0}}")
    assert purge(css, frozenset({"a", "div", "data-x", "custom"})) == (
        ".a{color:red}div.a{z:1}:root{--u:1}.a{color:var(--u)}@media (min-width:1px){.a{s:t}}.a:not(.zz){k:v}"
        "[data-x=custom]{m:n}@keyframes f{0%{o:0}}")


def test_theme_classes_named_only_by_its_script_count_when_their_component_is_on_a_page():
    """The bundle names every component it has (md-search__input, md-tooltip …): a name from a script counts
    only when its block (md-header of md-header--shadow) is on some page; other names from scripts count."""
    from generator.site.critical import site_words

    present = site_words({Path("a.html"): '<header class="md-header"></header>'},
                         ['x.classList.add("md-header--shadow"); y("md-search__input"); z("data-md-scrolllock")'])
    assert {"md-header", "md-header--shadow", "data-md-scrolllock", "header"} <= present
    assert "md-search__input" not in present


def test_every_page_carries_its_first_paint_rules_and_no_theme_stylesheet(demo_site: Path):
    site = demo_site / "site"
    assert not (site / "assets/stylesheets").exists()
    sheet = next((site / "assets/xinfang").glob("site.*.css")).name
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        head = text[:text.index("</head>")]
        assert head.count("<style>") == 1 and f'{sheet}" media="print" id="xf-sheet"><script>(function(l)' in head, page
        assert "unpkg.com" not in text  # the inline polyfill loader carries its code, not its comment
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', head)  # the print one and the <noscript> one
        assert len(links) == 2 and all(link.endswith(f"assets/xinfang/{sheet}") for link in links), (page, links)
