"""Incremental figures (issue 20): cold, warm and one-change runs of validate and build, measured in ONE run.

``python -m bench.incremental ROOT [--build]`` on a ``bench.synth`` repository (its ``.xinfang-cache/lookup-keys.json``
and ``names.json`` are kept: the cold key derivation and the name tagger are reported on their own elsewhere).
Each figure is one separate process, measured by ``bench.run.measure`` (wall, CPU = user + system, peak memory);
the machine is shared, so the ratios are taken between figures of this one run and CPU time is the steadier
figure. Prints a Markdown table and writes ``ROOT/../incremental.json``.

- validate: the parse floor (one process); validate with no validation cache in one process (worker processes
  switched off) and as it runs (worker processes on the machine's cores); again unchanged; again after one case
  file changed. Memory: the peak of the process alone (``wait4``) and of it with its workers (sum of PSS);
- build (``--build``): full build (validation, guard and compression caches removed, no previous site); the same
  after one public case changed; plain ``mkdocs build`` of exactly the pages and configuration the full build
  handed to MkDocs (captured by ``_capture``), i.e. the same pages with the same theme settings.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .run import BIN, TODAY, Run, edit_public_case, measure

KEEP = ("lookup-keys.json", "names.json", ".gitignore")


def clear_caches(root: Path) -> None:
    for file in (root / ".xinfang-cache").glob("*"):
        if file.name not in KEEP:
            shutil.rmtree(file) if file.is_dir() else file.unlink()  # validate.cache.d/: the sharded cache


HERE = Path(__file__).resolve().parent.parent  # the checkout measured (its generator/, not an installed one)


def xinfang(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "--root", str(root), *args]


def build_cmd(root: Path, out: Path, capture: Path | None = None) -> list[str]:
    return [sys.executable, "-m", "bench.incremental", "--one-build", str(root), str(out),
            *(["--capture", str(capture)] if capture else [])]


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (Pagefind), as ``measure`` counts them."""
    import os

    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _steps_in_cpu(build) -> None:
    """The build's steps timed in CPU seconds instead of wall seconds: on a shared machine the wall clock
    measures the other users too."""
    from contextlib import contextmanager

    @contextmanager
    def step(self, name: str, note: str):
        start = _cpu()
        try:
            yield
        finally:
            self.report.seconds[name] = round(_cpu() - start, 3)

    build._Timer.step = step


def one_build(root: Path, out: Path, capture: Path | None) -> None:
    """One build in this process (run as a child by ``main``): prints the steps' CPU seconds as JSON."""
    from datetime import date

    from generator.config import Paths
    from generator.allocator import keep_freed_memory
    from generator.site import build

    _steps_in_cpu(build)
    keep_freed_memory()  # as the program does (generator/allocator.py)
    if capture is not None:
        _capture(build, capture)
    report = build.build_site(Paths.at(root), date.fromisoformat(TODAY), out)
    print(json.dumps({"seconds": report.seconds, "pages": report.pages, "files": report.files}))


def serve_like(root: Path, out: Path) -> None:
    """What ``xinfang serve`` does on a save, in one long-lived process: a build (warm caches), then one public
    case changed and the same build again; prints the second build's wall and CPU seconds and its steps."""
    import time
    from datetime import date

    from generator.config import Paths
    from generator.allocator import keep_freed_memory
    from generator.site import build

    _steps_in_cpu(build)
    keep_freed_memory()  # as the program does (generator/allocator.py)
    build.build_site(Paths.at(root), date.fromisoformat(TODAY), out)
    edit_public_case(root, 3)
    wall, before = time.perf_counter(), _cpu()
    report = build.build_site(Paths.at(root), date.fromisoformat(TODAY), out)
    print(json.dumps({"wall": round(time.perf_counter() - wall, 3), "cpu": round(_cpu() - before, 3),
                      "seconds": report.seconds}))


def _capture(build, folder: Path) -> None:
    """Keep a copy of what MkDocs is given (docs folder, configuration), for the plain-mkdocs comparison."""
    original = build.run_mkdocs

    def run_and_keep(config, config_file, today, *rest):
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(config["docs_dir"], folder / "docs")
        kept = dict(config, docs_dir=str(folder / "docs"), site_dir=str(folder / "site"))
        import yaml

        (folder / "mkdocs.yml").write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return original(config, config_file, today, *rest)

    build.run_mkdocs = run_and_keep


def one_process(cmd: list[str]) -> list[str]:
    """``cmd`` (``python -m generator …``) with validation's worker processes switched off."""
    assert cmd[1:3] == ["-m", "generator"]
    return [cmd[0], "-c", "import sys; from generator import workers; workers.PARALLEL_FROM = 10**9; "
            "from generator.cli import main; sys.argv[0] = 'xinfang'; main()", *cmd[3:]]


@dataclass
class TreeRun(Run):
    """A ``Run`` with the peak of the memory of the process and all its worker processes together (the sum of
    their proportional set sizes, PSS: a page shared by a forked worker counts once), sampled every 250 ms
    (reading smaps_rollup of a large process costs the kernel a walk of its page tables)."""

    peak_tree_mib: float = 0.0


def measure_tree(cmd: list[str], cwd: Path | None = None) -> TreeRun:
    peak = [0.0]
    stop = threading.Event()

    def sample(pid: int) -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_pss(pid))
            stop.wait(0.25)

    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    start = time.perf_counter()
    watcher = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
    watcher.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    watcher.join()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"命令失败（退出码 {code}）：{' '.join(cmd[:6])} …")
    return TreeRun(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, round(peak[0], 1))


def _tree_pss(pid: int) -> float:
    """MiB of PSS of ``pid`` and its descendants (0 for a process gone meanwhile)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def _build(root: Path, out: Path, log: Path, capture: Path | None = None) -> tuple[Run, dict]:
    with open(log, "w", encoding="utf-8"):
        pass
    run = measure(build_cmd(root, out, capture), cwd=HERE, log=log)
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    return run, json.loads(lines[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.incremental")
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--one-build", action="store_true")
    parser.add_argument("--capture", type=Path)
    parser.add_argument("--validate-only", action="store_true", help="only the validate figures")
    parser.add_argument("--build-only", action="store_true", help="only the build figures (no validate figures)")
    parser.add_argument("--serve-like", action="store_true")
    args = parser.parse_args(argv)
    if args.one_build:
        one_build(args.root, args.out, args.capture)
        return 0
    if args.serve_like:
        serve_like(args.root, args.out)
        return 0
    root = args.root.resolve()
    work = root.parent
    figures: dict[str, object] = {}
    check = xinfang(root, "validate", "--today", TODAY)
    if not (root / ".xinfang-cache" / "names.json").exists():
        measure(check, cwd=HERE)  # fills the name tagger's cache, which is not this benchmark's subject
    if not args.build_only:
        figures["floor"] = measure([sys.executable, "-m", "bench.floor", str(root)], cwd=HERE)
        clear_caches(root)
        figures["validate_cold_one_process"] = measure_tree(one_process(check), cwd=HERE)
        clear_caches(root)
        figures["validate_cold"] = measure_tree(check, cwd=HERE)
        figures["validate_warm"] = measure_tree(check, cwd=HERE)
        edited = edit_public_case(root, 1)
        figures["validate_one_change"] = measure_tree(check, cwd=HERE)
        figures["edited"] = edited
    if args.validate_only:
        print(json.dumps(figures, default=lambda o: o.__dict__, ensure_ascii=False, indent=1))
        return 0
    if args.build or args.build_only:
        site, plain = work / "site-incr", work / "plain-same-pages"
        clear_caches(root)
        shutil.rmtree(site, ignore_errors=True)
        figures["build_full"], figures["build_full_steps"] = _build(root, site, work / "build-full.log", plain)
        figures["edited_build"] = edit_public_case(root, 2)
        figures["build_one_change"], figures["build_one_change_steps"] = _build(root, site, work / "build-one.log")
        figures["build_unchanged"], figures["build_unchanged_steps"] = _build(root, site, work / "build-same.log")
        log = work / "serve-like.log"
        log.write_text("", encoding="utf-8")
        measure([sys.executable, "-m", "bench.incremental", "--serve-like", str(root), str(site)], cwd=HERE, log=log)
        figures["serve_like"] = json.loads([x for x in log.read_text(encoding="utf-8").splitlines() if x.startswith("{")][-1])
        figures["plain_mkdocs_same_pages"] = measure([str(BIN / "mkdocs"), "build", "-q", "-f", str(plain / "mkdocs.yml")],
                                                     log=work / "plain.log")
    (work / "incremental.json").write_text(json.dumps(figures, default=lambda o: o.__dict__, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    print(json.dumps(figures, default=lambda o: o.__dict__, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
