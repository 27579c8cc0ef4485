"""Binary files in the site (the lookup's encrypted shards; Pagefind's CBOR chunks once un-gzipped) are read by
their runs of text (``privacy.check.Runs``), as a reader's ``strings`` would show them: a petitioner's value
written into one in the clear is found and placed at its byte, and ciphertext (almost no text) costs almost
nothing to read."""

from __future__ import annotations

import random
from pathlib import Path

from generator.privacy.check import Inventory, Runs, scan_files
from generator.privacy.secrets import Secret

CASE = "cases/2026/XF-2026-0001.yaml"
NAME = Secret("张测甲", "name", CASE, ("petitioners", 0, "name"))


def _noise(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def test_a_value_written_in_the_clear_into_a_binary_file_is_found_at_its_byte(tmp_path: Path) -> None:
    """Guards the reading of binary files: an encrypted-looking shard with one slot written in the clear (a
    petitioner's name and an ID-shaped number among random bytes) stops the build, each hit placed at its byte
    (line 1, column = byte offset + 1). Checked to fail: with ``Runs.of`` returning no text, nothing is found."""
    clear = "状态：办理中，张测甲，11010519491231002X".encode()
    blob = _noise(4000, 1) + b"\xff" + clear + b"\xfe" + _noise(4000, 2)
    (tmp_path / "lookup").mkdir()
    (tmp_path / "lookup" / "0001.bin").write_bytes(blob)
    problems = list(scan_files(tmp_path, Inventory((NAME,), {}), "", "site"))
    at = 4001 + len("状态：办理中，".encode())
    assert [p.format() for p in problems] == [
        f"site/lookup/0001.bin:1:{at + 1}: 公开网站含信访人信息 张**（{CASE} 中信访人的姓名）；公开文字中请写作“张某”",
        f"site/lookup/0001.bin:1:{at + len('张测甲，'.encode()) + 1}: 公开网站含信访人信息 11010519********2X"
        "（形似身份证号）；请从公开内容中删除"]


def _text(byte: bytes) -> bool:
    """Whether one byte could continue a run: printable ASCII, a tab or a line break (a lead or continuation byte
    of a longer character may too, which the test above then sees as a shorter run)."""
    return bool(byte) and (0x20 <= byte[0] <= 0x7E or byte[0] in (9, 10, 13))


def test_ciphertext_reads_as_a_little_noise_and_holds_nothing(tmp_path: Path) -> None:
    """Random bytes (what AES-GCM writes) keep only their rare runs of five bytes or more of text: about 7 % of
    the file here, and no hit. The runs are exactly the longest stretches of valid UTF-8 without control
    characters (checked against a decoder, run by run)."""
    blob = _noise(40_000, 3)
    runs = Runs.of(blob)
    assert 0 < len(runs) < 0.08 * len(blob)
    ends = [at - 1 for at, _ in runs.starts[1:]] + [len(runs)]
    for (at, byte), end in zip(runs.starts, ends):
        run = runs[at:end].encode()
        assert len(run) >= 5 and blob[byte:byte + len(run)] == run
        assert not _text(blob[byte - 1:byte]) and not _text(blob[byte + len(run):byte + len(run) + 1])
    (tmp_path / "0000.bin").write_bytes(blob)
    assert list(scan_files(tmp_path, Inventory((NAME,), {}), "", "site")) == []
