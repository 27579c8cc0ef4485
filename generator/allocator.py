"""The C allocator's policy for the ``xinfang`` program (内存分配): freed memory kept for the next allocation.

brotli allocates its encoder's tables (megabytes) for every file it compresses and frees them at the end. With
glibc's default policy the freed top of the heap is handed back to the kernel at once, so the next file's
tables are fresh pages, each one faulted in and zeroed again: on this project's 2-core build machine (a virtual
machine) brotli at quality 9 took 16–21 ms for a 33 KB page, 1.2–1.5 ms with the memory kept — ~200,000 page
faults against ~6,000 for forty pages (bench/RESULTS.md, "allocator"). The precompression of a 10,000-case site
went from 14–20 s to 4 s. ``M_TOP_PAD`` of 64 MiB makes each growth of the heap take that much more and each
trim leave that much, so the tables are taken from memory already there.

Setting any of these parameters also fixes glibc's mmap threshold at its default, 128 KiB (it no longer rises
with the sizes freed). With ``M_TOP_PAD`` alone, a 10,000-case build fell back to the slow way in some runs and
not others (4 million page faults, precompression 13–20 s instead of 2–4 s; 9 of 22 cold builds on 2026-12-02),
most likely whenever the top of the heap had no room for brotli's tables, which were then mapped afresh from the
kernel for every file. So the mmap threshold is set to 64 MiB (the tables come from the heap, grown by ``sbrk``
when needed) and the trim threshold to 256 MiB (freed memory at the top is kept): 10 of 10 builds fast since.

Set once by the program's entry point (``cli.main``) and by the benchmarks that run a build in their own
process — never by a library function (a process that imports ``generator`` keeps its own policy). Other C
libraries (musl, macOS, Windows) have no ``mallopt``: nothing is changed there.
"""

from __future__ import annotations

import ctypes
import platform

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
"""glibc's ``mallopt`` parameter numbers (malloc.h)."""

TOP_PAD = 64 * 1024 * 1024
TRIM_THRESHOLD = 256 * 1024 * 1024
MMAP_THRESHOLD = 64 * 1024 * 1024

POLICY = ((M_TOP_PAD, TOP_PAD), (M_TRIM_THRESHOLD, TRIM_THRESHOLD), (M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def keep_freed_memory() -> bool:
    """Set ``POLICY`` on glibc; whether all of it was set."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:  # glibc's name on every Linux it runs on; ``ctypes.util.find_library`` would run ldconfig (12 ms a start)
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    set_all = [bool(mallopt(parameter, value)) for parameter, value in POLICY]  # each, even after a refusal
    return all(set_all)
