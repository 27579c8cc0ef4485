"""Which internal texts count as ordinary words, read without building jieba's tokenizer (issue 11/20: the output
scan computes every case's internal texts in every cold build, and a case whose status alone changed should load
no dictionary)."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from generator.privacy import secrets
from generator.privacy.secrets import (COMMON_WORD, MIN_TEXT_IN_FILES, Record, _common_words, _long_common_words, _words_of,
                                       case_rows, tokenizer)


def test_the_ordinary_words_are_the_tokenizers_own() -> None:
    """Guards the shortcut: the words read straight from the dictionary file are exactly the tokenizer's words with
    frequency ``COMMON_WORD`` or more (52,178 in jieba 0.42.1's dictionary), and the long ones those of
    ``MIN_TEXT_IN_FILES`` characters or more (20). A reading that misses one (a count pattern that skips 50 or
    100, the first of two lines kept, an off-by-one length) fails here: checked by changing each."""
    freq = tokenizer().FREQ
    expected = frozenset(w for w, f in freq.items() if f >= COMMON_WORD)
    with jieba.Tokenizer().get_dict_file() as file:
        assert _words_of(file.read()) == expected
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


def test_the_ordinary_words_are_kept_for_the_user_and_a_foreign_copy_is_not_read(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The words are read out of the dictionary once and then taken from this user's cache folder (0.3 s → 0.02 s,
    before a check's workers are forked); a cache file that is not this user's (here: its bytes changed) is not
    read. Checked to fail: with ``cache.verified`` not checking the signature, the changed file was read and
    the set came back with a word no dictionary has (“中华人民共和国全国人民代表大佚”)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    secrets._common_words.cache_clear()
    calls: list[int] = []
    real = secrets._words_of
    monkeypatch.setattr(secrets, "_words_of", lambda raw: calls.append(1) or real(raw))
    try:
        first = secrets._common_words()
        kept = tmp_path / "xinfang" / "common-words.cache"
        assert kept.is_file() and calls == [1]
        secrets._common_words.cache_clear()
        assert secrets._common_words() == first and calls == [1]  # from the cache: not read again
        blob = bytearray(kept.read_bytes())
        blob[-3] ^= 1  # no longer what this user's key signed
        kept.write_bytes(bytes(blob))
        secrets._common_words.cache_clear()
        assert secrets._common_words() == first and calls == [1, 1]
    finally:
        secrets._common_words.cache_clear()


def test_the_readings_are_pypinyin_s_and_kept_for_the_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pinyin of a name is read character by character from a table of every character's reading (kept in this
    user's cache folder, so a check does not import pypinyin): the table says what ``lazy_pinyin`` says of each of
    the 20,992 characters alone, and a second process reads it without pypinyin. Checked to fail: with the table
    made for U+4E00–U+9FA5 only (the block as Unicode 1.1 filled it), the 90 characters added since were missing."""
    import pypinyin

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    secrets._readings.cache_clear()
    try:
        table = secrets._readings()
        assert len(table) == 20992
        assert table == {chr(c): pypinyin.lazy_pinyin(chr(c))[0] for c in secrets.NAME_CHARACTERS}
        assert secrets.pinyin_forms("欧阳测乙") == {"ou yang ce yi", "ce yi ou yang"}
        secrets._readings.cache_clear()
        monkeypatch.setattr(pypinyin, "lazy_pinyin", lambda *_: pytest.fail("read again with pypinyin"))
        assert secrets._readings() == table
    finally:
        secrets._readings.cache_clear()
