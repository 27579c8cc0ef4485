"""Perceiving many texts in one pass gives what perceiving each gives (``perceive_many``, ``letters_many``), and
the shortcuts ``perceive`` takes (ASCII skips the character table) change no answer.

``perceive_many`` joins the texts by ``SEP`` and splits the result: it is only right if no step changes the
separator or reaches across it. The property test feeds disguised petitioner values (the strategies of
tests/test_privacy_properties.py, written from the privacy issue's list) and texts whose ends would merge with
their neighbour's (digits, numerals, escapes, separators at the edges). ``test_a_separator_steps_reach_across_fails``
is how this file was checked to be able to fail: with a line break as the separator (a separator between digit
groups), the same strategy finds texts where the one-pass answer differs.
"""

from __future__ import annotations

import sys
from itertools import combinations

import pytest
from hypothesis import Phase, find, given, settings, strategies as st

from generator.privacy.perceive import SEP, letters, letters_many, perceive, perceive_many
from test_privacy_blocks import _matcher
from test_privacy_properties import disguised, people

EDGES = ["139", "1234", "一二", "三四", "幺洞", "&amp;", "&#49;", "%E6%9D%8E", "\\u674e", " - ", "·", "，", "\u200b",
         "１２", "李", "測", "Li", "ce", "&", "%", "\\", "龥", "Σ", ""]

perceive_module = sys.modules["generator.privacy.perceive"]  # the package re-exports the function under its name

texts = st.lists(st.one_of(people.flatmap(disguised), st.lists(st.sampled_from(EDGES), max_size=4).map("".join)),
                 min_size=2, max_size=6)


def _same(items: list[str]) -> bool:
    return (perceive_many(items) == [perceive(t) for t in items]
            and perceive_many(items, join=False) == [perceive(t, join=False) for t in items]
            and perceive_many(items, view=True) == [letters(perceive(t)) for t in items]
            and letters_many(items) == [letters(t) for t in items])


@settings(max_examples=150, derandomize=True, deadline=None)
@given(texts)
def test_many_at_once_is_each_on_its_own(items: list[str]):
    assert _same(items)


def test_a_text_holding_the_separator_is_perceived_on_its_own():
    items = ["李测甲" + SEP, "&#x9fa5;13912345678", "139"]
    assert perceive_many(items) == [perceive(t) for t in items]
    assert letters_many(items) == [letters(t) for t in items]


def test_a_separator_steps_reach_across_fails(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(perceive_module, "SEP", "\n")
    find(texts, lambda items: not _same(items),
         settings=settings(max_examples=1000, derandomize=True, database=None, deadline=None, phases=[Phase.generate]))


STEPS = ("nfkc", "invisible", "digits")


@pytest.mark.parametrize("steps", [frozenset(c) for n in range(1, 4) for c in combinations(STEPS, n)])
def test_ascii_and_the_separator_are_stable(steps: frozenset[str]):
    """``perceive`` skips the character table for an ASCII text, and ``SEP`` must come through every step."""
    table = perceive_module._table(steps)
    assert [table[c] for c in range(128)] == [chr(c) for c in range(128)]
    assert table[ord(SEP)] == SEP
    assert letters(SEP) == SEP == perceive(SEP) == perceive(SEP, join=False)
    assert ord(SEP) not in perceive_module._script_table()[0]


# -- a record's public texts judged at once (``Matcher.quiet_many``) ---------------------------------------------

def _quiet_is_right(example: tuple[dict, list[str]]) -> bool:
    person, items = example
    matcher = _matcher(person)
    matcher.prose = True  # as the data check's matcher: public texts of the data
    return matcher.quiet_many(items) is False or not any(matcher.search(t) for t in items)


@st.composite
def _records(draw) -> tuple[dict, list[str]]:
    person = draw(people)
    text = st.one_of(disguised(person), st.lists(st.sampled_from(EDGES), max_size=4).map("".join))
    return person, draw(st.lists(text, min_size=2, max_size=5))


records = _records()


@settings(max_examples=100, derandomize=True, deadline=None)
@given(records)
def test_a_record_called_quiet_holds_nothing(example: tuple[dict, list[str]]):
    """``quiet_many`` may send a record's texts to the full search for nothing, never keep a hit from it. With its
    search of the letters view switched off (``Anchored.any`` always False), the strategy finds a record it keeps
    a hit from: how this test was checked to be able to fail."""
    assert _quiet_is_right(example)


def test_a_record_quiet_test_without_its_word_search_fails(monkeypatch: pytest.MonkeyPatch):
    from generator.privacy.match import Anchored

    monkeypatch.setattr(Anchored, "any", lambda self, text: False)
    find(records, lambda e: not _quiet_is_right(e),
         settings=settings(max_examples=500, derandomize=True, database=None, deadline=None, phases=[Phase.generate]))
