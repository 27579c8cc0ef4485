"""How the public build scales (公开网站构建规模): a small measuring script, not a test.

    .venv/bin/python -m bench.site_scale --sizes 1000,10000 [--all-public] [--workdir /tmp/xf-scale]

For each size it generates a synthetic repository with ``bench.synth`` (about 12 % packages, 70 % of them
public), or, with ``--all-public``, turns every accepted case into a public package so that every case gets a
page (the worst case for the page count), then runs ``build_site`` once in this process and prints the time of
each step (check, project, write, mkdocs, contrib, leak guard), the page count, the site size and the size of
the search index raw and gzip-compressed (what a phone downloads).

Measured 2026-11-26 on the project's 2-core machine, shared with other work (so wall times are noisy):

| cases | case pages | wall | check | mkdocs | leak guard | site | search index (gzip) |
|---|---|---|---|---|---|---|---|
| 1,000 (synth: 12 % packages) | 86 | 3.2 s | 0.7 s | 1.5 s | 0.8 s | 4.5 MB | 0.14 MB (0.02 MB) |
| 10,000 (synth) | 801 | 15.8 s | 6.8 s | 3.8 s | 3.5 s | 17.5 MB | 0.49 MB (0.04 MB) |
| 1,000 (--all-public) | 890 | 10.4 s | 0.7 s | 6.1 s | 2.8 s | 18.9 MB | 0.82 MB (0.05 MB) |
| 10,000 (--all-public) | 9,088 | 99.7 s | 7.2 s | 52.3 s | 30.1 s | 162.7 MB | 4.54 MB (0.23 MB) |

Synthetic text repeats a lot, so it compresses far better than real summaries would.
"""

from __future__ import annotations

import argparse
import re
import shutil
import time
from datetime import date
from pathlib import Path

from bench import synth
from generator.config import Paths
from generator.allocator import keep_freed_memory
from generator.site.build import BuildReport, build_site

TODAY = date(2026, 11, 26)
_PACKAGE = "package:\n  leader: L-CHEN\n  since: {since}\n  scope: [protracted]\n  disclosure: public\n"


def make_all_public(root: Path) -> int:
    """Give every accepted case without a package a public package led by the chairman (in office since 2004)."""
    count = 0
    for file in sorted((root / "cases").rglob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        accepted = re.search(r'^accepted: ("[0-9-]+")$', text, re.M)
        if "\npackage:" in text or not accepted or "\npublic_summary:" not in text:
            continue
        text = text.replace("\nhistory:\n", "\n" + _PACKAGE.format(since=accepted.group(1)) + "history:\n", 1)
        file.write_text(text, encoding="utf-8")
        count += 1
    return count


def measure(size: int, workdir: Path, all_public: bool) -> BuildReport:
    root = workdir / f"{size}{'-public' if all_public else ''}"
    if root.exists():
        shutil.rmtree(root)
    synth.generate(root, size)
    if all_public:
        make_all_public(root)
    keep_freed_memory()  # as the program does (generator/allocator.py)
    start = time.perf_counter()
    report = build_site(Paths.at(root), TODAY, root / "site")
    wall = time.perf_counter() - start
    steps = ", ".join(f"{k} {v:.1f}s" for k, v in report.seconds.items())
    print(f"{size} cases{' (all public)' if all_public else ''}: {wall:.1f} s wall; {steps}; "
          f"{report.cases} case pages of {report.packages} packages, {report.pages} pages, {report.files} files, "
          f"{report.bytes / 1e6:.1f} MB; Pagefind index {report.search_index_bytes / 1e6:.2f} MB (gzip chunks, "
          f"a query fetches a few)", flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--all-public", action="store_true")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/xf-scale"))
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        measure(size, args.workdir, args.all_public)


if __name__ == "__main__":
    main()
