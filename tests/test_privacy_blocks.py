"""The built-file scan's fast path (``Matcher.quiet``) finds exactly what the full search finds.

A built page is judged block by block (cut before tags), each distinct block once a run, with the letters on
either side of every cut searched again; only a page that may hold a hit gets the full search. These tests put
random disguises of random petitioner values (the strategies of tests/test_privacy_properties.py, written from
the privacy issue's list) into random places of a page, split by random tags (so that a value runs across
cuts), and compare ``find`` (fast path first) with ``search`` (the full search alone) on the same matcher,
after the matcher has already seen the clean page (so the blocks around the value come from its cache).

``test_each_part_of_the_fast_path_is_needed`` switches off, in turn, the search of the letters around cuts and
the test for a value that begins in one block and goes on in the next, and must find a page where the fast
path then misses a hit: that is how this file was checked to be able to fail.
"""

from __future__ import annotations

import pytest
from hypothesis import Phase, find, given, settings, strategies as st

from generator.privacy import match
from generator.privacy.match import Anchored, Matcher
from generator.privacy.secrets import Record, collect
from test_privacy_properties import MINORITY, disguised, people

CSS = "".join(f".md-c{i}{{margin:{i % 7}px {i % 5}.{i % 3}rem;color:#{i:06x}}}\n" for i in range(60))
ICON = '<svg viewBox="0 0 24 24"><path d="M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2z"/></svg>'
NAV = "".join(f'<li class="md-nav__item"><a href="/cases/XF-2026-{i:04d}/">包案事项 {i}</a></li>\n' for i in range(20))
PAGE = ('<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>包案事项</title><style>{css}</style>'
        '</head><body><header class="md-header">{icon}工会信访公开</header><nav><ul>{nav}</ul></nav><main><article>'
        '<h1>XF-2026-0001 追讨拖欠工资</h1><p>据反映，{text}，情况属实。</p><p>交办责任单位办理。</p></article></main>'
        '<footer>{icon}<span>热线 12351</span></footer></body></html>')
TAGS = ["<span>", "</span>", "</p><p>", "<a href=\"/x/\">", "</a>", "<li>", "</li>\n<li>", "<div class=\"x\">",
        "</div>", "<time datetime=\"2026-05-19\">", "</time>", "<h2>", "</h2>", "<td>", "</td><td>"]


def _matcher(person: dict) -> Matcher:
    case = {"petitioners": [{k: person[k] for k in ("name", "phone", "id_number", "employer")}, {"name": MINORITY[0]}],
            "query_code": "K7QM-2X9D-PW4A"}
    return Matcher((s for s in collect([Record("cases/2026/XF-2026-0001.yaml", "case", case)], []) if not s.ambiguous),
                   prose=False)


@st.composite
def pages(draw) -> tuple[dict, str]:
    """A page with one disguised value, split by up to three random tags at random places."""
    person = draw(people)
    written = draw(st.one_of(disguised(person), st.just("K7QM2X9DPW4A"), st.just(person["name"])))
    cuts = sorted(draw(st.lists(st.integers(0, len(written)), max_size=3)))
    pieces, at = [], 0
    for cut in cuts:
        pieces += [written[at:cut], draw(st.sampled_from(TAGS))]
        at = cut
    text = "".join(pieces) + written[at:]
    where = draw(st.sampled_from(["text", "nav", "icon"]))
    fill = {"css": CSS, "icon": ICON, "nav": NAV, "text": "工资已足额发放"}
    fill[where] = fill[where] + text if where != "nav" else NAV.replace("包案事项 7", "包案事项 7" + text)
    return person, PAGE.format(**fill)


def _same(person: dict, page: str) -> bool:
    matcher = _matcher(person)
    clean = PAGE.format(css=CSS, icon=ICON, nav=NAV, text="工资已足额发放")
    assert len(clean) >= match.BLOCKWISE_FROM and matcher.find(clean) == [] == matcher.search(clean)
    return matcher.find(page) == matcher.search(page)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(pages())
def test_fast_path_finds_what_the_full_search_finds(example: tuple[dict, str]):
    assert _same(*example)


def test_the_pages_hold_hits_across_cuts():
    """The strategy is worth its salt: the full search finds a value that runs across a cut."""
    person, page = find(pages(), lambda e: bool(_matcher(e[0]).search(e[1])) and "李<span>" not in e[1]
                        and any(t in e[1].split("据反映，")[-1].split("，情况属实")[0] for t in TAGS),
                        settings=settings(max_examples=500, derandomize=True, database=None, deadline=None, phases=[Phase.generate]))
    assert _matcher(person).find(page)


def _full_only(self: Anchored, text: str) -> bool:
    return any(text.startswith(s.value, start) for start, anchor in self._anchors(text) for s in self.by_anchor[anchor])


@pytest.mark.parametrize("broken", ["seams", "overhang"])
def test_each_part_of_the_fast_path_is_needed(monkeypatch: pytest.MonkeyPatch, broken: str):
    """With the search around cuts off (every seam called quiet), or with a block that ends inside a value
    called quiet, some page of the strategy hides a hit from the fast path."""
    if broken == "seams":
        monkeypatch.setattr(Matcher, "_seams_quiet", lambda self, ends: True)
    else:
        monkeypatch.setattr(Anchored, "touches", _full_only)
    find(pages(), lambda e: not _same(*e),
         settings=settings(max_examples=1000, derandomize=True, database=None, deadline=None, phases=[Phase.generate]))
