"""The program's allocator policy (generator/allocator.py): memory brotli frees is kept for the next file instead
of being faulted in again, which made the precompression of a 10,000-case site 3–5× slower."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator import cli

COMPRESS = """
import random, resource, sys, brotli
from generator.allocator import keep_freed_memory
if sys.argv[1] == "kept":
    assert keep_freed_memory()
letters = "工会信访案卷办理职工权益劳动合同工资拖欠 <p></p>abcdefg0123456789"
pick = random.Random(1).choice
page = "".join(pick(letters) for _ in range(20000)).encode()  # a page's size and variety
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(30):
    brotli.compress(page, mode=brotli.MODE_TEXT, quality=9)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(policy: str) -> int:
    done = subprocess.run([sys.executable, "-c", COMPRESS, policy], capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_brotli_reuses_the_memory_it_freed() -> None:
    """Thirty pages compressed at quality 9: with glibc's default policy each one faults its encoder's tables in
    afresh (~5,000 page faults a page); with the policy set, the first does and the others reuse them. Checked
    to fail: with ``keep_freed_memory`` setting nothing, both counts are alike."""
    default, kept = _faults("default"), _faults("kept")
    assert default > 30 * 1000
    assert kept * 5 < default


def test_the_program_sets_it_before_any_verb(monkeypatch: pytest.MonkeyPatch) -> None:
    """``xinfang`` (``cli.main``) sets the policy first, for every verb; a library caller keeps its own."""
    calls: list[str] = []
    monkeypatch.setattr(cli, "keep_freed_memory", lambda: calls.append("set") or True)
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert calls == ["set"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_the_policy_keeps_large_tables_on_the_heap(monkeypatch: pytest.MonkeyPatch) -> None:
    """The three settings, in glibc's units: 64 MiB of top pad, a trim threshold of 256 MiB and an mmap threshold
    of 64 MiB — without the last two a build's precompression fell back to mapping brotli's tables afresh in
    some runs (4 million page faults; generator/allocator.py). Checked to fail: with only ``M_TOP_PAD`` set (the
    policy before), the list of calls is one long."""
    import ctypes

    from generator import allocator

    calls: list[tuple[int, int]] = []

    class Libc:
        def mallopt(self, parameter: int, value: int) -> int:
            calls.append((parameter, value))
            return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda name: Libc())
    monkeypatch.setattr(allocator.platform, "libc_ver", lambda: ("glibc", "2.36"))
    assert allocator.keep_freed_memory()
    assert calls == [(-2, 64 << 20), (-1, 256 << 20), (-3, 64 << 20)]
