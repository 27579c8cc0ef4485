"""Which internal texts count as ordinary words, read without building jieba's tokenizer (issue 11/20: the output
scan computes every case's internal texts in every cold build, and a case whose status alone changed should load
no dictionary)."""

from __future__ import annotations

from generator.privacy.secrets import COMMON_WORD, MIN_TEXT_IN_FILES, Record, _common_words, _long_common_words, case_rows


def test_the_long_ordinary_words_are_the_tokenizers_own() -> None:
    """Guards the shortcut: the words read straight from the dictionary file are exactly the tokenizer's words of
    ``MIN_TEXT_IN_FILES`` characters or more with frequency ``COMMON_WORD`` or more (20 in jieba 0.42.1's
    dictionary); a reading that misses one (an off-by-one length, the first of two lines kept) fails here."""
    freq = _common_words().freq
    expected = frozenset(w for w, f in freq.items() if len(w) >= MIN_TEXT_IN_FILES and f >= COMMON_WORD)
    assert _long_common_words() == expected
    assert len(expected) == 20
    assert "中华人民共和国国务院" in expected


def test_an_internal_text_that_is_an_ordinary_word_is_marked_so() -> None:
    """Guards what the mark is for: an internal note that is one long ordinary word (中华人民共和国国务院, which the
    site's own pages may say) is marked common, so the output scan does not stop every build on it; a note that is
    no word is not. Fails when ``case_rows`` marks nothing common for texts."""
    data = {"history": [{"note": "中华人民共和国国务院"}, {"note": "与申请人当面核对了三个月的考勤记录"}]}
    rows = case_rows(Record("cases/2026/XF-2026-0001.yaml", "case", data), "texts")
    assert [(value, common) for value, _, _, _, _, common in rows] == [
        ("中华人民共和国国务院", True), ("与申请人当面核对了三个月的考勤记录", False)]
