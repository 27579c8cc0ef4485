"""Yearly archives (归档汇总): a year filed once, with checksums, and kept honest afterwards.

``xinfang archive <year>`` writes ``archives/<year>/``:

- ``public.json`` — the year's public summary, built ONLY from ``public.public_view`` projections
  (published packages, the reception calendar, public names of leaders and units) and counts over them;
- ``internal.json`` — the internal summary (归档汇总 figures and case list, reception compliance);
- ``MANIFEST.json`` — sha256 of both files, sha256 of every source file of the year (each case file and the
  year's schedule; line ends normalised so a CRLF checkout does not count as an edit), the commit the data
  was filed from (``git rev-parse HEAD``) and the filing date.

Afterwards ``archive_divergence`` (a rule of ``validate.REPOSITORY_RULES``) warns when a source file of a
filed year no longer matches its manifest, and ``site_contribution`` publishes ``archive/<year>/`` pages of
every filed year (``archive/<year>/filed/`` and ``archive/<year>/public.json``) from the filed
``public.json`` — never from today's files.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from . import __version__
from .config import Paths
from .errors import OutputError, Problem, warning
from .model import Repository
from .public import public_view
from .schema import labels

if TYPE_CHECKING:  # imported for types only: validate imports this module at its end
    from .site.contrib import Contribution, SiteContext
    from .validate import Context

PUBLIC_FILE = "public.json"
INTERNAL_FILE = "internal.json"
MANIFEST_FILE = "MANIFEST.json"
FORMAT = 1


def content_hash(raw: bytes) -> str:
    """sha256 of a source file's content, with CRLF/CR line ends read as LF."""
    return hashlib.sha256(raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")).hexdigest()


def _dump(data: Any) -> bytes:
    """Stable JSON: sorted keys, UTF-8 Chinese as is, a final newline (diffs in review stay small)."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n").encode("utf-8")


# ------------------------------------------------------------------ the public part (公开部分)

def _leader_views(repo: Repository, ids: set[str]) -> dict[str, dict[str, Any]]:
    found = {}
    for lid in sorted(ids):
        leader = repo.leaders.get(lid)
        if leader:
            raw = {"id": leader.id, "name": leader.name, "title": leader.title, "role": leader.role}
            found[lid] = public_view("leaders", raw, ("leaders", 0))
    return found


def _unit_views(repo: Repository, ids: set[str]) -> dict[str, dict[str, Any]]:
    found = {}
    for uid in sorted(ids):
        unit = repo.units.get(uid)
        if unit:
            raw = {"id": unit.id, "name": unit.name, "kind": unit.kind}
            found[uid] = public_view("units", raw, ("units", 0))
    return found


def _statistics(cases: list[dict[str, Any]], receptions: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts over the public projections only (aggregate statistics may be published)."""
    held = [r for r in receptions if r.get("status") == "held"]
    packages = [c for c in cases if "package" in c]
    return {
        "cases": len(cases),
        "cases_by_topic": dict(sorted(Counter(c["topic"] for c in cases).items())),
        "cases_by_status": dict(sorted(Counter(c["status"] for c in cases).items())),
        "cases_by_channel": dict(sorted(Counter(c["channel"] for c in cases).items())),
        "packages": len(packages),
        "packages_published": sum(1 for c in packages if c["package"].get("disclosure") == "public"),
        "receptions_held": len(held),
        "receptions_held_by_mode": dict(sorted(Counter(r["mode"] for r in held).items())),
        "workers_received": sum(int(r.get("attendance", 0)) for r in held),
    }


def public_summary(repo: Repository, year: int) -> dict[str, Any]:
    """The year's public summary: projections of packages and receptions, public names, and counts."""
    cases = [public_view("case", c.raw) for c in repo.cases_of(year)]
    receptions = [public_view("schedule", r.raw, ("receptions", 0)) for r in repo.receptions_of(year)]
    published = [c for c in cases if c.get("package", {}).get("disclosure") == "public"]
    leader_ids = {c["package"]["leader"] for c in published} | {r["leader"] for r in receptions}
    unit_ids = {u for c in published for u in c.get("units", [])} | {u for r in receptions for u in r.get("units", [])}
    return {
        "format": FORMAT, "year": year,
        "union": public_view("union", {"name": repo.union.name, "short_name": repo.union.short_name,
                                       "level": repo.union.level}),
        "statistics": _statistics(cases, receptions),
        "cases": published, "receptions": receptions,
        "leaders": _leader_views(repo, leader_ids), "units": _unit_views(repo, unit_ids),
    }


def internal_summary(repo: Repository, year: int, today: date) -> dict[str, Any]:
    """The internal summary: the 归档汇总 view and the reception compliance of the year, as filed."""
    from .internal import reports  # the renderers' module, imported only when filing
    from .internal.names import Names
    names = Names(repo)
    return {"format": FORMAT, "year": year, "filed": today.isoformat(),
            "summary": asdict(reports.year_summary(names, year, today)),
            "compliance": asdict(reports.compliance(names, year, today))}


# ------------------------------------------------------------------ filing (归档)

def source_hashes(paths: Paths, repo: Repository, year: int) -> dict[str, str]:
    """Content hash of every source file of the year: its case files and its schedule."""
    files = sorted({c.path for c in repo.cases_of(year)} | {r.path for r in repo.receptions_of(year)})
    if paths.schedule_file(year).exists():
        files = sorted(set(files) | {paths.rel(paths.schedule_file(year))})
    return {rel: content_hash((paths.root / rel).read_bytes()) for rel in files}


def git_commit(root: Path) -> str | None:
    """``git rev-parse HEAD`` of the repository, None when it is not a git checkout."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_dirty(root: Path, rels: list[str]) -> list[str]:
    """Which of the given files differ from the commit (uncommitted edits make the commit id a lie)."""
    if not rels:
        return []
    done = subprocess.run(["git", "status", "--porcelain", "--", *rels], cwd=root, capture_output=True,
                          text=True, timeout=30)
    return [line[3:] for line in done.stdout.splitlines()] if done.returncode == 0 else []


@dataclass(frozen=True)
class Filed:
    """What ``file_year`` wrote: the folder, the manifest, and the sources not committed yet."""

    folder: Path
    manifest: dict[str, Any]
    uncommitted: tuple[str, ...]


def archive_files(paths: Paths, repo: Repository, year: int, today: date) -> dict[str, bytes]:
    """The three files of ``archives/<year>/``."""
    public, internal = _dump(public_summary(repo, year)), _dump(internal_summary(repo, year, today))
    sources = source_hashes(paths, repo, year)
    manifest = {
        "format": FORMAT, "year": year, "filed": today.isoformat(), "tool": f"xinfang {__version__}",
        "commit": git_commit(paths.root),
        "files": {PUBLIC_FILE: hashlib.sha256(public).hexdigest(), INTERNAL_FILE: hashlib.sha256(internal).hexdigest()},
        "sources": sources,
    }
    return {PUBLIC_FILE: public, INTERNAL_FILE: internal, MANIFEST_FILE: _dump(manifest)}


def file_year(paths: Paths, repo: Repository, year: int, today: date, replace: bool = False) -> Filed:
    """Write ``archives/<year>/`` atomically; refuse to re-file a year unless ``replace``."""
    from .output import atomic_output
    if year not in repo.years:
        raise OutputError(f"{year} 年没有案卷也没有接访计划，无可归档")
    folder = paths.archives / str(year)
    if (folder / MANIFEST_FILE).exists() and not replace:
        raise OutputError(f"{paths.rel(folder)} 已归档，未做任何改动；确需重新归档请加 --replace（会改变已归档的数据，请在提交说明中写明原因）")
    files = archive_files(paths, repo, year, today)
    with atomic_output(folder) as tmp:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
    manifest = json.loads(files[MANIFEST_FILE])
    return Filed(folder, manifest, tuple(git_dirty(paths.root, sorted(manifest["sources"]))))


# ------------------------------------------------------------------ divergence (归档后改动)

def filed_manifests(paths: Paths) -> Iterator[tuple[Path, dict[str, Any] | None]]:
    """Every ``archives/<year>/MANIFEST.json``, parsed (None when it cannot be read)."""
    if not paths.archives.is_dir():
        return
    for manifest in sorted(paths.archives.glob("*/" + MANIFEST_FILE)):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        yield manifest, data if isinstance(data, dict) and isinstance(data.get("sources"), dict) else None


def archive_divergence(ctx: "Context") -> Iterator[Problem]:
    """归档后改动: a source file of a filed year differs from, or is missing in, the year's manifest."""
    sources = {s.path: (s, ("id",) if s.kind == "case" else ("year",)) for s in [*ctx.cases, *ctx.schedules]}
    for manifest, data in filed_manifests(ctx.paths):
        shown = ctx.paths.rel(manifest)
        if data is None:
            yield warning(shown, "归档清单无法读取或格式不对，无法核对归档后的改动", code="archive", line=1, col=1)
            continue
        year, filed = data.get("year"), data.get("filed", "?")
        for rel, digest in sorted(data["sources"].items()):
            if rel not in sources:
                if not (ctx.paths.root / rel).exists():
                    yield warning(shown, f"已归档的文件 {rel} 已不存在：{year} 年归档数据与案卷不一致", code="archive", line=1, col=1)
                continue
            src, pointer = sources[rel]
            if content_hash(src.file.read_bytes()) != digest:
                yield warning(rel, f"{year} 年已于 {filed} 归档，此文件在归档后被修改：归档数据与案卷不一致"
                                   f"（如确需更正，请重新归档：xinfang archive {year} --replace）", pointer, "archive")
        for src in ctx.cases:
            if src.path not in data["sources"] and src.path.startswith(f"cases/{year}/"):
                yield warning(src.path, f"{year} 年已于 {filed} 归档，此事项是归档后新增的，未包含在归档数据中",
                              ("id",), "archive")


# ------------------------------------------------------------------ the public site (公开网站)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _md(value: Any) -> str:
    """Data as inert Markdown text: HTML escaped, Markdown punctuation backslashed, one line."""
    text = html.escape(str(value), quote=True).replace("\r", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", text)


@dataclass(frozen=True)
class FiledYear:
    """One filed year as read back for publishing: its public summary and its checksum."""

    year: int
    public: Mapping[str, Any]
    raw: bytes
    sha256: str
    filed: str
    commit: str


def filed_years(paths: Paths) -> list[FiledYear]:
    """Every filed year whose public.json matches its manifest; a mismatch stops the build."""
    years = []
    for manifest, data in filed_manifests(paths):
        if data is None:
            raise OutputError(f"{paths.rel(manifest)} 无法读取，归档页面未生成")
        public_file = manifest.parent / PUBLIC_FILE
        raw = public_file.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != data.get("files", {}).get(PUBLIC_FILE):
            raise OutputError(f"{paths.rel(public_file)} 与归档清单中的校验和不符（归档后被改动），拒绝发布")
        years.append(FiledYear(int(data["year"]), json.loads(raw), raw, digest, str(data.get("filed", "")),
                               str(data.get("commit") or "")))
    return sorted(years, key=lambda y: y.year)


def _count_rows(counts: Mapping[str, int], names: Mapping[str, str]) -> list[str]:
    """Table rows in the schema's order of the codes (codes unknown to today's schema last)."""
    order = [k for k in names if k in counts] + sorted(k for k in counts if k not in names)
    return [f"| {_md(names.get(k, k))} | {int(counts[k])} |" for k in order]


def year_page(filed: FiledYear) -> str:
    """The Markdown page of one filed year, from its public summary only."""
    p, st = filed.public, filed.public["statistics"]
    topics, statuses = labels("case", ("topic",)), labels("case", ("status",))
    modes, rstatus = labels("schedule", ("receptions", 0, "mode")), labels("schedule", ("receptions", 0, "status"))
    leaders = {k: v.get("name", k) for k, v in p.get("leaders", {}).items()}
    units = {k: v.get("name", k) for k, v in p.get("units", {}).items()}
    union = p.get("union", {}).get("name", "")
    lines = [f"# {filed.year} 年归档", "",
             f"{_md(union)} {filed.year} 年领导接访、阅信、包案情况的归档数据，于 {_md(filed.filed)} 归档，"
             f"此后不再变动。数据文件：<a href='../public.json'>public.json</a>（sha256 `{filed.sha256}`）。", "",
             "## 汇总", "", "| 项目 | 数量 |", "|---|---:|",
             f"| 登记信访事项 | {int(st['cases'])} |", f"| 领导包案 | {int(st['packages'])} |",
             f"| 公开的包案 | {int(st['packages_published'])} |", f"| 已接访场次 | {int(st['receptions_held'])} |",
             f"| 接待职工人次 | {int(st['workers_received'])} |", "",
             "| 问题类别 | 件数 |", "|---|---:|", *_count_rows(st["cases_by_topic"], topics), "",
             "| 办理状态 | 件数 |", "|---|---:|", *_count_rows(st["cases_by_status"], statuses), "",
             "| 接访方式 | 场次 |", "|---|---:|", *_count_rows(st["receptions_held_by_mode"], modes), "",
             "## 公开的包案事项", ""]
    lines += ["| 编号 | 标题 | 类别 | 地区 | 包案领导 | 状态 | 办结日期 |", "|---|---|---|---|---|---|---|"]
    for c in p.get("cases", []):
        region = c.get("region", {})
        lines.append(f"| {_md(c['id'])} | {_md(c.get('title', ''))} | {_md(topics.get(c.get('topic', ''), ''))} | "
                     f"{_md(region.get('province', ''))}{_md(region.get('city', ''))} | "
                     f"{_md(leaders.get(c.get('package', {}).get('leader', ''), ''))} | "
                     f"{_md(statuses.get(c.get('status', ''), ''))} | {_md(c.get('conclusion', {}).get('date', '—'))} |")
    lines += ["", "## 接访", "", "| 日期 | 方式 | 领导 | 地点 | 状态 | 接待人数 |", "|---|---|---|---|---|---:|"]
    for r in p.get("receptions", []):
        lines.append(f"| {_md(r['date'])} | {_md(modes.get(r.get('mode', ''), ''))} | {_md(leaders.get(r.get('leader', ''), ''))} | "
                     f"{_md(r.get('location', ''))} | {_md(rstatus.get(r.get('status', ''), ''))} | {_md(r.get('attendance', '—'))} |")
    if units:
        lines += ["", "责任单位：" + "、".join(_md(n) for n in units.values()) + "。"]
    return "\n".join(lines) + "\n"


def site_contribution(ctx: "SiteContext") -> "Contribution":
    """``archive/<year>/filed/`` pages and ``archive/<year>/public.json`` of every filed year, from the filed
    public.json (not from today's files).

    The site's own ``archive/<year>.md`` (today's view of a year) already owns ``archive/<year>/``; the filed
    record sits beside it at ``archive/<year>/filed/`` so that neither replaces the other.
    """
    from .site.contrib import Contribution
    contribution = Contribution()
    for filed in filed_years(ctx.paths):
        contribution.docs[f"archive/{filed.year}/filed.md"] = year_page(filed)
        contribution.files[f"archive/{filed.year}/public.json"] = filed.raw
    return contribution
