"""The two fuzzing engines and their shared report (see fuzz/__init__.py)."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.config import Paths
from generator.errors import Problem
from generator.loader import load_file, parse_text
from generator.public import public_view
from generator.validate import check_repository

PROJECT = Path(__file__).resolve().parent.parent
MINIMAL = PROJECT / "tests" / "data" / "minimal"
FINDINGS = Path(__file__).resolve().parent / "findings"
TODAY = date(2026, 7, 1)
SLOW_SECONDS = 5.0
# Where a seed file of each kind is written inside the scratch repository.
TARGETS = {"case": "cases/2026/XF-2026-0002.yaml", "schedule": "schedules/2026.yaml",
           "leaders": "reference/leaders.yaml", "units": "reference/units.yaml", "union": "reference/union.yaml"}
# Tokens that break YAML or slip past careless loaders: structure, quoting, anchors, tags, encodings,
# implicit types, invisible characters and the CJK punctuation editors type by accident.
TOKENS = [": ", "- ", "\t", '"', "'", "&a ", "*a", "&a [*a, *a]", "!!python/object/apply:os.system ['x']", "!!binary ",
          "!!set ", "!foo ", "---\n", "...\n", "\ufeff", "{", "[", "}", "]", "#", "|", ">", "? ", "<<: *a", "\x00",
          "\u202e", "\u2066", "\u200b", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "0755", "no", "on", ".inf", "1:20",
          "2026-02-30", "2026-13-01", "\r", "\n  ", "\n\t", "：", ":\u3000", "\u00a0", "，", "“", "１３９", "\\x07", '"\\u202e"',
          "13912345678", "110105194912310021", "~", "null", "true", "-1", "99999999999999999999", "\x85", "\u2028",
          "XF-2026-0001", "JF-2026-01", "L-ZHAO", "U-A", "../", "/etc/passwd", "{a: 1, a: 2}", "[" * 40, "é", "𠮷"]


@dataclass
class Report:
    """What a run did and found."""

    seed: int
    inputs: Counter = field(default_factory=Counter)
    codes: Counter = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    untranslated: set[str] = field(default_factory=set)
    slowest: float = 0.0
    seconds: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        lines = [f"种子 seed={self.seed}",
                 *(f"{engine}: {count} 个输入，{self.seconds[engine]:.0f} 秒" for engine, count in self.inputs.items()),
                 f"最慢的一个输入：{self.slowest:.2f} 秒",
                 f"崩溃（异常）：{len(self.crashes)}", f"不变量被破坏：{len(self.broken)}",
                 f"未翻译的 YAML 报错：{len(self.untranslated)}",
                 *(f"  {m}" for m in sorted(self.untranslated)[:20]),
                 "出现过的问题代码：" + "，".join(f"{c} {n}" for c, n in self.codes.most_common())]
        lines += [f"  崩溃：{c}" for c in self.crashes[:10]] + [f"  破坏：{b}" for b in self.broken[:10]]
        return "\n".join(lines)


# -- invariants ------------------------------------------------------------------------------------------

_CJK = re.compile("[\u4e00-\u9fff]")
_NEWLINES = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


def _check_problems(problems: list[Problem], shown: str, text: str, report: Report) -> list[str]:
    """The promises every problem keeps: placed inside its file, worded in Chinese."""
    broken = []
    last_line = len(_NEWLINES.split(text)) + 1
    for p in problems:
        report.codes[p.code] += 1
        if p.line < 1 or p.col < 1:
            broken.append(f"未定位：{p.format()}")
        if p.path == shown and p.line > last_line:
            broken.append(f"行号超出文件（{last_line} 行）：{p.format()}")
        if not _CJK.search(p.message):
            broken.append(f"不是中文：{p.format()}")
        if "无法解析这一行（" in p.message or re.fullmatch(r"YAML 格式错误：[\x00-\x7f]+", p.message):
            report.untranslated.add(p.message)
    return broken


def _save(kind: str, data: bytes, detail: str) -> str:
    FINDINGS.mkdir(exist_ok=True)
    (FINDINGS / ".gitignore").write_text("*\n", encoding="utf-8")  # raw findings are turned into tests, not committed
    digest = hashlib.sha256(data).hexdigest()[:12]
    (FINDINGS / f"{kind}-{digest}.yaml").write_bytes(data)
    (FINDINGS / f"{kind}-{digest}.txt").write_text(detail, encoding="utf-8")
    return f"fuzz/findings/{kind}-{digest}.yaml"


# -- engine 1: mutations of real files ---------------------------------------------------------------------

def _seeds() -> list[tuple[str, bytes]]:
    """(kind, bytes) of every file of the minimal repository and of the demo data."""
    found: list[tuple[str, bytes]] = []
    for root in (MINIMAL, PROJECT):
        for kind, pattern in (("case", "cases/*/*.yaml"), ("schedule", "schedules/*.yaml")):
            found += [(kind, f.read_bytes()) for f in sorted(root.glob(pattern))]
        found += [(kind, (root / "reference" / f"{kind}.yaml").read_bytes())
                  for kind in ("leaders", "units", "union") if (root / "reference" / f"{kind}.yaml").exists()]
    return found


def mutate(data: bytes, rng: random.Random, seeds: list[tuple[str, bytes]]) -> bytes:
    """One to four random edits of the kinds that break YAML files in practice."""
    for _ in range(rng.randint(1, 4)):
        text = data.decode("utf-8", errors="surrogateescape")
        lines = text.split("\n")
        choice = rng.randrange(10)
        at = rng.randrange(len(text) + 1)
        if choice == 0:  # flip a byte
            i = rng.randrange(len(data)) if data else 0
            data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]
            continue
        if choice in (1, 2, 3):
            text = text[:at] + rng.choice(TOKENS) + text[at:]
        elif choice == 4:
            text = text[:at] + text[at + rng.randint(1, 40):]
        elif choice == 5 and lines:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif choice == 6 and len(lines) > 1:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif choice == 7 and lines:
            i = rng.randrange(len(lines))
            lines[i] = " " * rng.randint(0, 6) + lines[i].lstrip(" ")
            text = "\n".join(lines)
        elif choice == 8:
            other = rng.choice(seeds)[1].decode("utf-8", errors="surrogateescape")
            text = text[:at] + other[rng.randrange(len(other) + 1):]
        else:
            text = text[:at]
        data = text.encode("utf-8", errors="surrogateescape")
    if rng.random() < 0.03:  # the encodings editors' tools really produce
        encoding = rng.choice(["gbk", "utf-16", "utf-16-le", "utf-8-sig"])
        data = data.decode("utf-8", errors="ignore").encode(encoding, errors="ignore")
    return data


def _one_mutant(scratch: Path, target: str, data: bytes, report: Report) -> None:
    file = scratch / target
    file.write_bytes(data)
    text = data.decode("utf-8", errors="replace")
    started = time.perf_counter()
    try:
        doc, problems = load_file(file, target)
        broken = _check_problems(problems, target, text, report)
        if doc is not None:
            again, more = parse_text(yaml.safe_dump(doc.data, allow_unicode=True), target)
            if more or again is None or again.data != doc.data:
                broken.append("读取→写出→再读取结果不同")
        checked = check_repository(Paths.at(scratch), TODAY)
        broken += _check_problems(checked.problems, target, text, report)
    except Exception:  # noqa: BLE001 - a crash is exactly what the fuzzer looks for
        report.crashes.append(_save("crash", data, traceback.format_exc()))
        return
    elapsed = time.perf_counter() - started
    report.slowest = max(report.slowest, elapsed)
    if elapsed > SLOW_SECONDS:
        broken.append(f"耗时 {elapsed:.1f} 秒")
    if broken:
        report.broken.append(_save("broken", data, "\n".join(broken)) + "：" + broken[0])


def run_mutate(seconds: float, seed: int, report: Report) -> None:
    rng = random.Random(seed)
    seeds = _seeds()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="xinfang-fuzz-") as tmp:
        scratch = Path(tmp) / "repo"
        shutil.copytree(MINIMAL, scratch)
        originals = {t: (scratch / t).read_bytes() for t in TARGETS.values()}
        while time.monotonic() - started < seconds:
            kind, data = rng.choice(seeds)
            target = TARGETS[kind]
            _one_mutant(scratch, target, mutate(data, rng, seeds), report)
            (scratch / target).write_bytes(originals[target])
            report.inputs["mutate"] += 1
    report.seconds["mutate"] += time.monotonic() - started


# -- engine 2: schema-valid records with a large hypothesis budget -----------------------------------------

def run_records(seconds: float, seed: int, report: Report) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as fix_seed

    from tests.schema_strategies import internal_pointers, valid

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="xinfang-fuzz-") as tmp:
        scratch = Path(tmp) / "repo"
        shutil.copytree(MINIMAL, scratch)

        @settings(max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(valid("case"))
        def one(case: dict[str, Any]) -> None:
            report.inputs["records"] += 1
            folder = scratch / "cases" / case["id"][3:7]
            folder.mkdir(exist_ok=True)
            file = folder / f"{case['id']}.yaml"
            text = yaml.safe_dump(case, allow_unicode=True, sort_keys=False)
            file.write_text(text, encoding="utf-8")
            try:
                checked = check_repository(Paths.at(scratch), TODAY)
            finally:
                file.unlink()
            broken = _check_problems(checked.problems, f"cases/{case['id'][3:7]}/{case['id']}.yaml", text, report)
            assert not broken, broken
            marked = json.loads(json.dumps(case))
            for n, (pointer, _) in enumerate(list(internal_pointers("case", case))):
                target = marked
                for part in pointer[:-1]:
                    target = target[part]
                target[pointer[-1]] = f"内部标记{n:04d}QZX"
            assert "内部标记" not in json.dumps(public_view("case", marked), ensure_ascii=False)

        batch = 0
        while time.monotonic() - started < seconds:
            try:
                fix_seed(seed + batch)(one)()
            except Exception:  # noqa: BLE001 - hypothesis has shrunk it; keep the minimal example
                report.crashes.append(_save("records", str(seed + batch).encode(), traceback.format_exc()))
            batch += 1
    report.seconds["records"] += time.monotonic() - started
