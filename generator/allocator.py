"""The C allocator's policy for the ``xinfang`` program (内存分配): freed memory kept for the next allocation.

brotli allocates its encoder's tables (megabytes) for every file it compresses and frees them at the end. With
glibc's default policy the freed top of the heap is handed back to the kernel at once, so the next file's
tables are fresh pages, each one faulted in and zeroed again: on this project's 2-core build machine (a virtual
machine) brotli at quality 9 took 16–21 ms for a 33 KB page, 1.2–1.5 ms with the memory kept — ~200,000 page
faults against ~6,000 for forty pages (bench/RESULTS.md, "allocator"). The precompression of a 10,000-case site
went from 14–20 s to 4 s. ``M_TOP_PAD`` of 64 MiB makes each growth of the heap take that much more and each
trim leave that much, so the tables are taken from memory already there.

Set once by the program's entry point (``cli.main``) and by the benchmarks that run a build in their own
process — never by a library function (a process that imports ``generator`` keeps its own policy). Other C
libraries (musl, macOS, Windows) have no ``mallopt``: nothing is changed there.
"""

from __future__ import annotations

import ctypes
import platform

M_TOP_PAD = -2
"""glibc's ``mallopt`` parameter number (malloc.h)."""

TOP_PAD = 64 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Set ``M_TOP_PAD`` on glibc; whether it was set."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:  # glibc's name on every Linux it runs on; ``ctypes.util.find_library`` would run ldconfig (12 ms a start)
        return bool(ctypes.CDLL("libc.so.6").mallopt(M_TOP_PAD, TOP_PAD))
    except (OSError, AttributeError):
        return False
