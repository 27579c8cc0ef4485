"""The benchmark (基准测试): ``python -m bench --sizes 1000,10000``.

For each size it generates a synthetic repository (``bench.synth``) and measures, as the median of
``--runs`` runs of a separate process each, wall time, CPU time and peak memory (from ``wait4``) of:

- ``xinfang validate`` — against the parse floor (``bench.floor``) and ``check-jsonschema`` on the same case
  files with the same (bundled) case schema;
- ``xinfang build`` (clean: no cache, no previous site) — against ``mkdocs build`` of as many plain Markdown
  pages as there are cases, with the same theme settings (``bench.plain``);
- a rebuild after editing one public case, and the size of the search index a phone downloads.

It writes ``bench/RESULTS.md`` (the part above the notes marker; the notes below it are kept) and the raw
figures to ``<workdir>/results.json``. It is never part of the test suite: it runs for many minutes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from . import plain, synth
from .floor import data_files

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "RESULTS.md"
NOTES_MARKER = "<!-- notes: written by hand below this line; python -m bench keeps them -->"
TODAY = synth.TODAY.isoformat()
BIN = Path(sys.executable).parent


@dataclass
class Run:
    """One measured process."""

    wall: float
    cpu: float
    peak_mib: float
    code: int


@dataclass
class Figure:
    """The median of several runs of one command (peak memory: the largest seen)."""

    wall: float
    cpu: float
    peak_mib: float
    runs: int

    @classmethod
    def of(cls, runs: list[Run]) -> "Figure":
        return cls(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
                   max(r.peak_mib for r in runs), len(runs))


def measure(cmd: list[str], cwd: Path | None = None, log: Path | None = None, ok: tuple[int, ...] = (0,)) -> Run:
    """Run ``cmd`` once; wall time, user+system CPU and peak resident memory of the process and its children.

    The command may keep compiled bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped from its environment): an
    installed xinfang has its ``.pyc`` files from the installer, while a checkout run under that variable (as on
    the project's machine) would compile every module of the package again in each run, ~0.15 s that no user
    pays."""
    sink = open(log, "ab") if log else subprocess.DEVNULL
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            sink.close()  # type: ignore[union-attr]
    if code not in ok:
        raise SystemExit(f"命令失败（退出码 {code}）：{' '.join(cmd[:6])} …" + (f"，见 {log}" if log else ""))
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)


def repeat(runs: int, cmd: list[str], before: Callable[[], None] | None = None, **kw: Any) -> Figure:
    """The median of ``runs`` runs, calling ``before`` ahead of each (to clean outputs)."""
    done = []
    for _ in range(runs):
        if before:
            before()
        done.append(measure(cmd, **kw))
    return Figure.of(done)


# -- the measurements -----------------------------------------------------------------------------------------

def xinfang(root: Path, *args: str) -> list[str]:
    return [str(BIN / "xinfang"), "--root", str(root), *args]


def bundled_case_schema(folder: Path) -> Path:
    """The case schema with the common definitions bundled in, as xinfang validates with it."""
    from generator.schema import schema

    file = folder / "case.bundled.schema.json"
    file.write_text(json.dumps(schema("case").raw, ensure_ascii=False), encoding="utf-8")
    return file


def bench_validation(root: Path, work: Path, runs: int, with_cj: bool) -> dict[str, Any]:
    log = work / "log.txt"
    out: dict[str, Any] = {
        "validate": repeat(runs, xinfang(root, "validate", "--today", TODAY), log=log),
        "floor": repeat(runs, [sys.executable, "-m", "bench.floor", str(root)], cwd=BENCH.parent),
    }
    if with_cj:  # case files only, relative paths (a 100k-file command line would not fit), cwd = root
        cases = [f.relative_to(root).as_posix() for f in data_files(root) if f.parts[-3] == "cases"]
        cmd = [str(BIN / "check-jsonschema"), "--schemafile", str(bundled_case_schema(work)), *cases]
        out["check_jsonschema"] = repeat(runs, cmd, cwd=root, log=log)
    return out


def edit_public_case(root: Path, n: int) -> str:
    """Change the public summary of the n-th public package case (a page on the site changes); its path."""
    found = 0
    for file in data_files(root):
        text = file.read_text(encoding="utf-8")
        if "disclosure: public" in text:
            found += 1
            if found == n:
                file.write_text(text.replace("\npublic_summary: ", f"\npublic_summary: （第 {n} 次修改）", 1), encoding="utf-8")
                return file.relative_to(root).as_posix()
    raise SystemExit("没有可修改的公开包案")


def search_download(site: Path) -> dict[str, int]:
    """Bytes of the search index (Material's search/ folder, or a pagefind/ folder), raw and gzip-compressed."""
    files = [f for d in ("search", "pagefind") if (site / d).is_dir() for f in (site / d).rglob("*") if f.is_file()]
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return {"bytes": raw, "gzip_bytes": packed, "files": len(files)}


def bench_build(root: Path, work: Path, runs: int, cases: int) -> dict[str, Any]:
    site, log = work / f"site-{cases}", work / "log.txt"

    def clean() -> None:
        # Every case has a query code: the derived lookup keys (45 ms a code, reported on their own line in
        # RESULTS.md) are kept, everything else is removed; the first run derives them, the median is warm.
        shutil.rmtree(site, ignore_errors=True)
        for item in (root / ".xinfang-cache").glob("*"):
            if item.name != "lookup-keys.json":
                shutil.rmtree(item, ignore_errors=True) if item.is_dir() else item.unlink()

    build = xinfang(root, "build", "--today", TODAY, "--out", str(site))
    out: dict[str, Any] = {"build": repeat(runs, build, before=clean, log=log)}
    out["pages"] = sum(1 for _ in site.rglob("index.html"))
    out["search"] = search_download(site)
    rebuilds = []
    for n in range(1, runs + 1):  # the cache (if any) and the site stay from the last full build
        edit_public_case(root, n)
        rebuilds.append(measure(build, log=log))
    out["rebuild"] = Figure.of(rebuilds)
    plain_root = work / f"plain-{cases}"
    config = plain.write_site(plain_root, cases)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(plain_root / "site")]
    out["plain_mkdocs"] = repeat(runs, mkdocs, before=lambda: shutil.rmtree(plain_root / "site", ignore_errors=True), log=log)
    out["plain_search"] = search_download(plain_root / "site")
    shutil.rmtree(plain_root, ignore_errors=True)
    return out


# -- the report -----------------------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    """nproc, CPU model, memory, load, and the versions that decide the figures."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "0")
    import yaml

    versions = {name: _version(name) for name in ("PyYAML", "jsonschema-rs", "jsonschema", "mkdocs",
                                                  "mkdocs-material", "check-jsonschema", "jieba")}
    versions["libyaml"] = yaml._yaml.get_version_string() if yaml.__with_libyaml__ else "无"
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "memory": f"{int(mem) / 1024 / 1024:.1f} GiB",
            "python": platform.python_version(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            **versions}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "未安装"


def _s(fig: Figure | None) -> str:
    return "—" if fig is None else f"{fig.wall:.2f} s（CPU {fig.cpu:.2f} s，{fig.peak_mib:.0f} MiB）"


def _ratio(a: Figure | None, b: Figure | None) -> str:
    return "—" if a is None or b is None else f"{a.wall / b.wall:.2f}×"


def table(results: dict[int, dict[str, Any]]) -> list[str]:
    """The Markdown tables of the measured figures."""
    lines = ["| 案卷数 | 文件 | xinfang validate | 解析下限 floor | check-jsonschema | validate ÷ floor | check-jsonschema ÷ validate |",
             "|---:|---:|---|---|---|---:|---:|"]
    for size, r in sorted(results.items()):
        v, f, cj = r["validate"], r["floor"], r.get("check_jsonschema")
        lines.append(f"| {size:,} | {r['files']:,} | {_s(v)} | {_s(f)} | {_s(cj)} | {_ratio(v, f)} | {_ratio(cj, v)} |")
    built = {s: r for s, r in results.items() if "build" in r}
    if built:
        lines += ["", "| 案卷数 | 公开页面 | xinfang build（全量） | 纯 mkdocs（同数页面=案卷数） | build ÷ mkdocs | 改一件后重建 | 重建 ÷ 全量 | 搜索索引（gzip） | 每千件 |",
                  "|---:|---:|---|---|---:|---|---:|---|---:|"]
        for size, r in sorted(built.items()):
            b, p, rb, s = r["build"], r["plain_mkdocs"], r["rebuild"], r["search"]
            lines.append(f"| {size:,} | {r['pages']:,} | {_s(b)} | {_s(p)} | {_ratio(b, p)} | {_s(rb)} | "
                         f"{rb.wall / b.wall:.0%} | {s['bytes'] / 1e6:.2f} MB（{s['gzip_bytes'] / 1e6:.2f} MB） | "
                         f"{s['bytes'] / 1e3 / size * 1000:.0f} KB |")
        sizes = sorted(built)
        if len(sizes) > 1:
            a, z = built[sizes[0]]["build"], built[sizes[-1]]["build"]
            pa, pz = built[sizes[0]]["plain_mkdocs"], built[sizes[-1]]["plain_mkdocs"]
            lines += ["", f"增长 {sizes[0]:,} → {sizes[-1]:,}（{sizes[-1] // sizes[0]}× 案卷）：xinfang build "
                          f"{z.wall / a.wall:.1f}×，纯 mkdocs {pz.wall / pa.wall:.1f}×。"]
    return lines


def render(results: dict[int, dict[str, Any]], info: dict[str, str], args: argparse.Namespace, took: float) -> str:
    """The generated part of RESULTS.md."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = [
        "# 基准测试结果 Benchmark results (issue 6)", "",
        f"由 `python -m bench --sizes {args.sizes} --runs {args.runs}` 生成于 {when}，用时 {took / 60:.1f} 分钟。"
        f"每项为 {args.runs} 次独立进程运行的中位数（墙钟时间），括号内为 CPU 时间（用户+系统）和峰值内存（各次最大）。",
        "",
        f"- 机器：{info['nproc']} 核 {info['cpu']}，内存 {info['memory']}；开始时负载 {info['load']}（与其他工程师共用，墙钟有噪声，CPU 时间更稳）",
        f"- 版本：Python {info['python']}，PyYAML {info['PyYAML']}（libyaml {info['libyaml']}），jsonschema-rs {info['jsonschema-rs']}，"
        f"jsonschema {info['jsonschema']}，mkdocs {info['mkdocs']}，mkdocs-material {info['mkdocs-material']}，"
        f"check-jsonschema {info['check-jsonschema']}，jieba {info['jieba']}",
        f"- 数据：`bench.synth` 种子 {args.seed}，判断日期 {TODAY}；合成案卷平均 {_avg_bytes(results)} 字节",
        "- 解析下限 floor：同一进程布局（单进程、逐个文件）只读取并用 PyYAML `CSafeLoader` 解析同样的文件，不做任何检查。",
        "- check-jsonschema：只校验案卷文件（同一份打包后的 case schema，含日期格式检查），不做跨文件规则。",
        "",
    ]
    return "\n".join(head + table(results)) + "\n"


def _avg_bytes(results: dict[int, dict[str, Any]]) -> str:
    sizes = [r["bytes"] / r["cases"] for r in results.values() if r.get("cases")]
    return f"{statistics.mean(sizes):,.0f}" if sizes else "?"


def write_results(text: str, file: Path = RESULTS) -> None:
    """Replace the generated part of RESULTS.md, keeping the hand-written notes below the marker."""
    notes = ""
    if file.exists() and NOTES_MARKER in (old := file.read_text(encoding="utf-8")):
        notes = old.split(NOTES_MARKER, 1)[1]
    file.write_text(f"{text}\n{NOTES_MARKER}{notes or chr(10)}", encoding="utf-8")


def _jsonable(results: dict[int, dict[str, Any]]) -> dict[str, Any]:
    return {str(k): {n: asdict(v) if isinstance(v, Figure) else v for n, v in r.items()} for k, r in results.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="xinfang 的规模与速度基准测试（issue 6）。")
    parser.add_argument("--sizes", default="1000,10000", help="案卷数，逗号分隔（默认 1000,10000；可加 100000）")
    parser.add_argument("--runs", type=int, default=3, help="每项运行次数，取中位数（默认 3）")
    parser.add_argument("--seed", type=int, default=6, help="合成数据的种子（默认 6）")
    parser.add_argument("--workdir", type=Path, default=BENCH / "work", help="合成仓库和网站的位置（默认 bench/work，已被 git 忽略）")
    parser.add_argument("--build-max", type=int, default=10000, help="只对不超过此规模的仓库测网站生成（默认 10000）")
    parser.add_argument("--cj-max", type=int, default=10000, help="只对不超过此规模的仓库测 check-jsonschema（默认 10000）")
    parser.add_argument("--no-write", action="store_true", help="不改写 bench/RESULTS.md，只打印")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    info = machine()
    results: dict[int, dict[str, Any]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        work = args.workdir / str(size)
        work.mkdir(parents=True, exist_ok=True)
        root = work / "repo"
        print(f"[{size:,}] 生成合成仓库……", flush=True)
        counts = synth.generate(root, size, args.seed)
        results[size] = {**counts, "files": len(data_files(root))}
        print(f"[{size:,}] 校验……", flush=True)
        results[size].update(bench_validation(root, work, args.runs, size <= args.cj_max))
        if size <= args.build_max:
            print(f"[{size:,}] 生成网站……", flush=True)
            results[size].update(bench_build(root, work, args.runs, size))
        print("\n".join(table({size: results[size]})), flush=True)
    text = render(results, info, args, time.perf_counter() - started)
    (args.workdir / "results.json").write_text(json.dumps(_jsonable(results), ensure_ascii=False, indent=1), encoding="utf-8")
    print(text)
    if not args.no_write:
        write_results(text)
    return 0
