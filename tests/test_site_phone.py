"""The built site's files for phones in China (issue 18), checked without a browser: addresses, calendar,
contrast, precompressed files. The browser side is tests/test_browser_phone.py."""

from __future__ import annotations

import gzip
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import brotli
import pytest

from generator.site.advice import SITE_URL_ADVICE
from generator.site.compress import text_files
from generator.site.contrast import contrast, palette_problems
from generator.site.data import calendar_subscription
from generator.site.pages import tel_href
from generator.site.search import refine_text, split_compound
from conftest import DEMO_TODAY, PROJECT, SITE_URL, edit


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
    assert 'href="/acftu/assets/xinfang/xinfang.css"' in not_found and 'href="/acftu/lookup/"' in not_found


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
    site = demo_site / "site"
    assert list(site.rglob("*.map")) == []
    lunr = sorted(p.name for p in (site / "assets/javascripts/lunr").rglob("*.js"))
    assert lunr == ["lunr.multi.min.js", "lunr.stemmer.support.min.js", "lunr.zh.min.js"]


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


# -- search sub-words --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "parts"), [
    ("拖欠工资", ["拖欠", "工资"]), ("月工资", ["月", "工资"]), ("农民工", ["农民", "工"]), ("总工会", ["总工", "会"]),
    ("职代会", ["职代会"]), ("同工不同酬", ["同工", "不同", "酬"])])
def test_a_compound_is_cut_into_the_words_a_worker_types(word: str, parts: list[str]):
    import jieba

    assert split_compound(word, jieba.lcut_for_search) == parts


def test_names_kept_whole_and_titles_untouched():
    import jieba

    text = "\u200b".join(["交办", "河南省总工会", "拖欠工资", "赵国栋"])
    refined = refine_text(text, frozenset({"河南省总工会", "赵国栋"}), jieba.lcut_for_search)
    assert refined.split("\u200b") == ["交办", "河南省总工会", "拖欠", "工资", "赵国栋"]
