"""Renumbering a case (改编号), and the check that finds two branches giving out the same number.

Two editors who register a case on the same day on two branches both get the next free id, say
``XF-2026-0030``; the second pull request then cannot be merged (both add ``cases/2026/XF-2026-0030.yaml``).
``id_collisions`` finds, for a pull request, every case id it adds that the target branch already has, and
proposes a number free on both sides; ``renumber`` moves the file to the new id and rewrites every mention of
the old id in the repository's cases and plans: the references (``registered_cases``, a plan's ``cases``,
related cases, reopened cases …) and the texts that name it. The query code (查询码) stays: the petitioner
already has it, and the lookup finds the case by the code whatever its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .changes import ChangesError, git
from .config import Paths, require_repository
from .errors import OutputError, Problem, UsageProblem, error

CASE_ID = re.compile(r"XF-(\d{4})-(\d{4})")


@dataclass(frozen=True)
class Renumbered:
    """What ``renumber`` did: the new file and the files whose mentions of the old id it rewrote."""

    file: Path
    rewritten: tuple[Path, ...]
    mentions: int


def _mention(case_id: str) -> re.Pattern[str]:
    """The id as a whole word: ``XF-2026-0030`` but not inside ``XF-2026-00301``."""
    return re.compile(rf"(?<![A-Za-z0-9-]){re.escape(case_id)}(?![0-9])")


def renumber(paths: Paths, old: str, new: str) -> Renumbered:
    """Give case ``old`` the id ``new``: move its file and rewrite every mention of ``old``.

    All new texts are computed before anything is written; the new file is created exclusively, so an
    existing case is never overwritten.
    """
    require_repository(paths)
    for value, name in ((old, "OLD"), (new, "NEW")):
        if not CASE_ID.fullmatch(value):
            raise UsageProblem(f"{name}“{value}”不是信访事项编号，应写作 XF-年份-四位序号，例如 XF-2026-0031")
    if old[3:7] != new[3:7]:
        raise UsageProblem(f"新编号的年份应与原编号相同（{old[3:7]}）：编号年份是收到年份")
    if old == new:
        raise UsageProblem("新编号与原编号相同")
    source, target = paths.case_file(old), paths.case_file(new)
    if not source.is_file():
        raise UsageProblem(f"找不到 {paths.rel(source)}")
    if target.exists():
        raise UsageProblem(f"{paths.rel(target)} 已存在：请换一个编号（xinfang renumber {old} 不写新编号时自动取下一个空闲编号）")
    filed = paths.root / "archives" / old[3:7]
    if filed.is_dir():
        raise UsageProblem(f"{old[3:7]} 年已归档（{paths.rel(filed)}），归档年份的事项不能改编号")
    mention = _mention(old)
    texts: dict[Path, str] = {}
    count = 0
    for file in sorted([*paths.cases.glob("*/*.yaml"), *paths.schedules.glob("*.yaml")]):
        text = file.read_text(encoding="utf-8")
        changed, n = mention.subn(new, text)
        if n:
            texts[file] = changed
            count += n
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(texts.pop(source, source.read_text(encoding="utf-8")))
    except FileExistsError as exc:  # written meanwhile
        raise OutputError(f"{paths.rel(target)} 已存在，未做任何改动") from exc
    for file, text in texts.items():
        file.write_text(text, encoding="utf-8")
    source.unlink()
    return Renumbered(target, (target, *texts), count)


# -- the check for pull requests -----------------------------------------------------------------------

def _case_ids(root: Path, rev: str) -> set[str]:
    out = git(root, "ls-tree", "-r", "--name-only", rev, "--", "cases")
    return {Path(name).stem for name in out.splitlines() if CASE_ID.fullmatch(Path(name).stem)}


def id_collisions(paths: Paths, target: str, head: str = "HEAD") -> list[Problem]:
    """Case ids this branch adds (since it left ``target``) that ``target`` now holds as other cases.

    Each problem says, in Chinese, what happened and the one command that fixes it; the proposed
    number is free on both branches (and distinct for several collisions).
    """
    root = paths.root
    try:
        base = git(root, "merge-base", target, head).strip()
    except ChangesError as exc:
        raise ChangesError(f"无法比较 {head} 与目标分支 {target}：{exc.message}（CI 中请先 git fetch 目标分支，并使用完整历史）") from exc
    added = git(root, "diff", "--name-only", "--no-renames", "--diff-filter=A", base, head, "--", "cases")
    theirs, ours = _case_ids(root, target), _case_ids(root, head)
    taken = theirs | ours
    problems = []
    for name in sorted(added.splitlines()):
        case_id = Path(name).stem
        if case_id not in theirs:
            continue
        proposed = _next(case_id[3:7], taken)
        taken.add(proposed)
        problems.append(error(
            name, f"编号 {case_id} 在目标分支 {target} 上已被另一件信访事项使用（两人同时新建了事项，合并时会冲突）。"
                  f"请在本分支运行 xinfang renumber {case_id} {proposed}，提交并推送；"
                  f"查询码不变，引用这个编号的接访场次和事项会一并改好", code="id-taken", line=1, col=1))
    return problems


def _next(year: str, taken: set[str]) -> str:
    numbers = [int(t[8:]) for t in taken if t[3:7] == year]
    return f"XF-{year}-{max(numbers, default=0) + 1:04d}"
