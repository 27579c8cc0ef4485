"""The name hint's cache block by block (issue 20: one changed public text loaded jieba, ~3 s of a one-change check).

jieba tags each run of Han characters, letters and digits on its own (``jieba.posseg.re_han_internal``), so the
names of a text are the names of its blocks, and a block without a common surname can hold no name the hint
reports. ``NameCache.names`` answers an edited text from the blocks it already tagged and loads the tagger only
for a new block with a surname in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.privacy import names

TEXT = "王小明反映：企业拖欠三个月工资，张伟作证。"


@pytest.fixture
def fresh_tagger():
    names._tagger.cache_clear()
    yield
    names._tagger.cache_clear()


def test_block_by_block_is_the_whole_text_tagged(fresh_tagger) -> None:
    """The same names at the same offsets as jieba's tagger over the whole text (written out by hand: 王小明 at 0,
    张伟 at 16). Checked to fail: ``blocks`` without the offset of each block gave 张伟 at 0."""
    assert names.tag(TEXT) == [(0, "王小明"), (16, "张伟")]
    assert names.tag("（第 2 次修改）" + TEXT) == [(9, "王小明"), (25, "张伟")]


def test_an_edit_without_a_new_surname_block_loads_no_tagger(tmp_path: Path, fresh_tagger) -> None:
    """After the text was tagged once, an edit that adds only blocks without a common surname (第, 2, 次修改) is
    answered from the cached blocks: the tagger is never built. Checked to fail: with ``blocks`` returning every
    block, the tagger was built for 次修改."""
    cache = names.NameCache(tmp_path)
    assert cache.names(TEXT) == [(0, "王小明"), (16, "张伟")]
    cache.save()
    names._tagger.cache_clear()
    again = names.NameCache(tmp_path)
    assert again.names("（第 2 次修改）" + TEXT) == [(9, "王小明"), (25, "张伟")]
    assert names._tagger.cache_info().currsize == 0
    assert again.names("高峰来访，" + TEXT) == [(5, "王小明"), (21, "张伟")]  # a new block with 高: tagged
    assert names._tagger.cache_info().currsize == 1


def test_a_names_cache_not_signed_by_this_user_or_from_another_tool_is_ignored(tmp_path: Path) -> None:
    """names.json answers only when this user's cache key signed it and this very tool made it: a names.json
    committed in a pull request (plain JSON saying the text holds no name) or signed but stamped by another
    version is ignored, and the text is tagged again. Guards the hint against a forged cache that would silence
    it. Checked to fail: with ``verified`` skipped (the JSON read as it is) the forged answer [] came back."""
    import hashlib
    import json

    from generator import cache as caches

    key = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    forged = {"version": names.CACHE_VERSION, "tool": caches.tool_digest(), "texts": {key: []}}
    (tmp_path / "names.json").write_text(json.dumps(forged), encoding="utf-8")
    assert names.NameCache(tmp_path).names(TEXT) == [(0, "王小明"), (16, "张伟")]
    other = dict(forged, tool="another version")
    (tmp_path / "names.json").write_bytes(caches.sign(json.dumps(other).encode("utf-8")))
    assert names.NameCache(tmp_path).names(TEXT) == [(0, "王小明"), (16, "张伟")]
    (tmp_path / "names.json").write_bytes(caches.sign(json.dumps(forged).encode("utf-8")))
    assert names.NameCache(tmp_path).names(TEXT) == []  # signed by this user and this tool: trusted


def test_a_refused_check_keeps_what_the_tagger_learnt(minimal_repo: Path, run) -> None:
    """A check refused for an error elsewhere still writes the tagger's answers into a repository that has its
    cache folder (as the validation cache does): the next run after the fix, or a repository that fails on
    purpose while being edited (bench.synth at 100,000 cases), does not tag every text again. Checked to fail:
    with ``when_done`` told whether the check passed (as before), the block was not in names.json."""
    import hashlib

    case = minimal_repo / "cases/2026/XF-2026-0001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "public_summary: 李某反映所在企业拖欠三个月工资。", "public_summary: 李某反映所在企业拖欠三个月工资，张伟作证。"),
        encoding="utf-8")
    other = minimal_repo / "cases/2026/XF-2026-0002.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("status: concluded", "status: closed"),
                     encoding="utf-8")
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "张" in line] == [
        "cases/2026/XF-2026-0001.yaml:15:33: 警告：公开摘要 public_summary：“张*”像是人名，但不是本会登记的领导或单位；"
        "若指个人，公开文字中请写作“张某”（人名识别仅供参考）"]
    block = "b:" + hashlib.sha256("张伟作证".encode()).hexdigest()
    assert names.NameCache(minimal_repo / ".xinfang-cache").known[block] == [[0, "张伟"]]
