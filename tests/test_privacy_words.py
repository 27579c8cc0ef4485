"""Which internal texts count as ordinary words, read without building jieba's tokenizer (issue 11/20: the output
scan computes every case's internal texts in every cold build, and a case whose status alone changed should load
no dictionary)."""

from __future__ import annotations

from generator.privacy.secrets import COMMON_WORD, MIN_TEXT_IN_FILES, Record, _common_words, _long_common_words, case_rows, tokenizer


def test_the_ordinary_words_are_the_tokenizers_own() -> None:
    """Guards the shortcut: the words read straight from the dictionary file are exactly the tokenizer's words with
    frequency ``COMMON_WORD`` or more (52,178 in jieba 0.42.1's dictionary), and the long ones those of
    ``MIN_TEXT_IN_FILES`` characters or more (20). A reading that misses one (a count pattern that skips 50 or
    100, the first of two lines kept, an off-by-one length) fails here: checked by changing each."""
    freq = tokenizer().FREQ
    expected = frozenset(w for w, f in freq.items() if f >= COMMON_WORD)
    assert _common_words() == expected
    assert len(expected) == 52178
    long = frozenset(w for w in expected if len(w) >= MIN_TEXT_IN_FILES)
    assert _long_common_words() == long
    assert len(long) == 20
    assert "中华人民共和国国务院" in long


def test_an_internal_text_that_is_an_ordinary_word_is_marked_so() -> None:
    """Guards what the mark is for: an internal note that is one long ordinary word (中华人民共和国国务院, which the
    site's own pages may say) is marked common, so the output scan does not stop every build on it; a note that is
    no word is not. Fails when ``case_rows`` marks nothing common for texts."""
    data = {"history": [{"note": "中华人民共和国国务院"}, {"note": "与申请人当面核对了三个月的考勤记录"}]}
    rows = case_rows(Record("cases/2026/XF-2026-0001.yaml", "case", data), "texts")
    assert [(value, common) for value, _, _, _, _, common in rows] == [
        ("中华人民共和国国务院", True), ("与申请人当面核对了三个月的考勤记录", False)]
