"""Issue 11's budget, measured in ONE run for two checkouts back to back: the leak guard's share of a cold build
and cold ``xinfang validate`` against the parse floor.

``python -m bench.guard_share ROOT [--baseline CHECKOUT] [--runs N]`` on a ``bench.synth`` repository whose lookup
keys are derived (``.xinfang-cache/lookup-keys.json`` and ``names.json`` are kept; every other cache is removed
before each figure). For each checkout (the baseline, then this one), alternating run by run:

- the parse floor (``python -m bench.floor ROOT``, one process);
- ``xinfang validate`` with no validation cache (worker processes on, as it runs), the name tagger's cache
  warm from this checkout's previous run (``_names``: the first run of each checkout tags every text);
- a full build with no validation/guard/compression/page cache and no previous site, in a child process that
  times every step in wall seconds and in CPU seconds (its own and its finished workers': the guard's worker
  processes are waited for, so their CPU is counted in the step that forked them).

Each figure is one separate process (``bench.run.measure``: wall, user + system CPU of it and its children);
the load average is printed beside each, since the machine is shared. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def one_build(root: Path, out: Path) -> None:
    """In a child whose ``sys.path`` starts with the checkout measured: one build, each step's wall and CPU."""
    from datetime import date

    from generator.config import Paths
    from generator.allocator import keep_freed_memory
    from generator.site import build

    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}

    @contextmanager
    def step(self, name: str, note: str):  # type: ignore[no-untyped-def]
        w, c = time.perf_counter(), _cpu()
        try:
            yield
        finally:
            wall[name], cpu[name] = round(time.perf_counter() - w, 3), round(_cpu() - c, 3)

    build._Timer.step = step
    keep_freed_memory()  # as the program does (generator/allocator.py)
    start, started = time.perf_counter(), _cpu()
    build.build_site(Paths.at(root), date.fromisoformat(TODAY), out)
    print(json.dumps({"wall": wall, "cpu": cpu, "total_wall": round(time.perf_counter() - start, 3),
                      "total_cpu": round(_cpu() - started, 3)}))


def clear(root: Path, out: Path) -> None:
    for file in (root / ".xinfang-cache").glob("*"):
        if file.name not in ("lookup-keys.json", "names.json", ".gitignore"):
            shutil.rmtree(file) if file.is_dir() else file.unlink()
    if out.exists():
        shutil.rmtree(out)


def _names(root: Path, checkout: Path, keep: bool) -> None:
    """The name tagger's cache (``names.json``) is bound to the tool's digest, so two checkouts measured in turn
    would each find the other's and tag every text again: each checkout keeps its own copy beside the repository
    (``keep``: save it after a run; else put it back before one). The first run of a checkout is then cold."""
    live = root / ".xinfang-cache" / "names.json"
    kept = root.parent / f"names-{hashlib.sha256(str(checkout).encode()).hexdigest()[:8]}.json"
    source, target = (live, kept) if keep else (kept, live)
    if source.exists():
        shutil.copyfile(source, target)
    elif not keep and live.exists():
        live.unlink()


def figures(checkout: Path, root: Path, out: Path) -> dict[str, object]:
    from .run import measure

    env_python = [sys.executable]
    clear(root, out)
    load = os.getloadavg()[0]
    floor = measure([*env_python, "-m", "bench.floor", str(root)], cwd=checkout)
    clear(root, out)
    _names(root, checkout, keep=False)
    validate = measure([*env_python, "-m", "generator", "--root", str(root), "validate", "--today", TODAY],
                       cwd=checkout, ok=(0, 1))
    _names(root, checkout, keep=True)
    clear(root, out)
    child = ("import sys, importlib.util; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
             "spec = importlib.util.spec_from_file_location('guard_share', sys.argv[4]); "
             "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod); "
             "mod.one_build(Path(sys.argv[2]), Path(sys.argv[3]))")
    done = subprocess.run([*env_python, "-c", child, str(checkout), str(root), str(out), __file__],
                          cwd=checkout, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"build failed in {checkout}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    _names(root, checkout, keep=True)
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    return {"checkout": str(checkout), "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
            "floor": [round(floor.wall, 2), round(floor.cpu, 2)], "validate": [round(validate.wall, 2), round(validate.cpu, 2)],
            "build": steps}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or args.root.parent / "guard-share-site"
    checkouts = ([args.baseline] if args.baseline else []) + [HERE]
    for run in range(args.runs):
        for checkout in checkouts:
            result = figures(checkout, args.root.resolve(), out.resolve())
            print(json.dumps(result), flush=True)
            b = result["build"]
            assert isinstance(b, dict)
            print(f"run {run + 1} {checkout}: guard {b['wall']['leakguard']:.2f} s wall / {b['cpu']['leakguard']:.2f} s CPU"
                  f" of {b['total_wall']:.2f} / {b['total_cpu']:.2f} = {b['wall']['leakguard'] / b['total_wall']:.1%} wall,"
                  f" {b['cpu']['leakguard'] / b['total_cpu']:.1%} CPU; validate ÷ floor"
                  f" {result['validate'][0] / result['floor'][0]:.2f}× wall, {result['validate'][1] / result['floor'][1]:.2f}× CPU"
                  f" (load {result['load_before']}–{result['load_after']})", flush=True)


if __name__ == "__main__":
    main()
