"""Yearly archives (归档汇总): a year filed once, with checksums, and kept honest afterwards.

``xinfang archive <year>`` writes ``archives/<year>/``:

- ``public.json`` — the year's public summary, built ONLY from ``public.public_view`` projections
  (published packages, the reception calendar, public names of leaders and units) and counts over them;
- ``internal.json`` — the internal summary (归档汇总 figures and case list, reception compliance);
- ``MANIFEST.json`` — sha256 of both files, sha256 of every source file of the year (each case file and the
  year's schedule; line ends normalised so a CRLF checkout does not count as an edit), the commit the data
  was filed from (``git rev-parse HEAD``) and the filing date; after ``--replace``, ``withdrawn``: every
  case the previous filing published and this one does not (what, when, by which commit), so the archive
  stays honest about itself.

Statistics in ``public.json`` count published packages only; withheld packages appear as one total
(``packages_withheld``, "<3" for 1 and 2), so that no figure can be differenced against the case list.
Withdrawal wins: when a filed case is no longer published (its disclosure became ``withheld``), the build
drops it from the filed page, the published ``public.json`` and so the search index, recomputes the
figures, and says so.

Afterwards ``archive_divergence`` (a ``registry.repository_rule``) warns when a source file of a
filed year no longer matches its manifest, and ``site_contribution`` publishes ``archive/<year>/`` pages of
every filed year (``archive/<year>/filed/`` and ``archive/<year>/public.json``) from the filed
``public.json`` — never from today's files.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from . import __version__, registry
from .config import Paths
from .errors import OutputError, Problem, warning
from .model import Repository
from .public import public_view
from .schema import labels

from .site.contrib import Contribution, SiteContext

if TYPE_CHECKING:  # for types only: the validator finds this module's rule through the registry
    from .validate import Context

PUBLIC_FILE = "public.json"
INTERNAL_FILE = "internal.json"
MANIFEST_FILE = "MANIFEST.json"
FORMAT = 2
MIN_CELL = 3  # the site's rule (site.stats.MIN_CELL): a count of 1 or 2 is published as "<3"


def count_cell(n: int) -> int | str:
    return "<3" if 0 < n < MIN_CELL else n


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


def _statistics(published: list[dict[str, Any]], receptions: list[dict[str, Any]], withheld: int) -> dict[str, Any]:
    """Counts over the published packages only, and the withheld ones as one total ("<3" for 1 and 2)."""
    held = [r for r in receptions if r.get("status") == "held"]
    return {
        "packages_published": len(published),
        "packages_withheld": count_cell(withheld),
        "published_by_topic": dict(sorted(Counter(c.get("topic") for c in published).items())),
        "published_by_status": dict(sorted(Counter(c.get("status") for c in published).items())),
        "published_by_channel": dict(sorted(Counter(c.get("channel") for c in published).items())),
        "receptions_held": len(held),
        "receptions_held_by_mode": dict(sorted(Counter(r["mode"] for r in held).items())),
        "workers_received": sum(int(r.get("attendance", 0)) for r in held),
    }


def public_summary(repo: Repository, year: int) -> dict[str, Any]:
    """The year's public summary: projections of packages and receptions, public names, and counts."""
    cases = [public_view("case", c.raw) for c in repo.cases_of(year)]
    receptions = [public_view("schedule", r.raw, ("receptions", 0)) for r in repo.receptions_of(year)]
    published = [c for c in cases if c.get("package", {}).get("disclosure") == "public"]
    withheld = sum(1 for c in cases if "package" in c) - len(published)
    leader_ids = {c["package"]["leader"] for c in published} | {r["leader"] for r in receptions}
    unit_ids = {u for c in published for u in c.get("units", [])} | {u for r in receptions for u in r.get("units", [])}
    return {
        "format": FORMAT, "year": year,
        "union": public_view("union", {"name": repo.union.name, "short_name": repo.union.short_name,
                                       "level": repo.union.level}),
        "statistics": _statistics(published, receptions, withheld),
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
    summary = public_summary(repo, year)
    public, internal = _dump(summary), _dump(internal_summary(repo, year, today))
    sources = source_hashes(paths, repo, year)
    commit = git_commit(paths.root)
    manifest = {
        "format": FORMAT, "year": year, "filed": today.isoformat(), "tool": f"xinfang {__version__}",
        "commit": commit,
        "files": {PUBLIC_FILE: hashlib.sha256(public).hexdigest(), INTERNAL_FILE: hashlib.sha256(internal).hexdigest()},
        "sources": sources,
    }
    withdrawn = _withdrawals(paths, year, {c["id"] for c in summary["cases"]}, today, commit)
    if withdrawn:
        manifest["withdrawn"] = withdrawn
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


def _withdrawals(paths: Paths, year: int, now_published: set[str], today: date, commit: str | None) -> list[dict[str, Any]]:
    """撤回记录: the earlier manifest's withdrawals, plus every case the previous ``public.json`` published
    that the new one does not — what was removed, when, and the commit it was re-filed from."""
    folder = paths.archives / str(year)
    try:
        earlier = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8")).get("withdrawn", [])
        before = json.loads((folder / PUBLIC_FILE).read_text(encoding="utf-8")).get("cases", [])
    except (OSError, ValueError, AttributeError):
        return []
    gone = sorted({c["id"] for c in before if isinstance(c, dict) and c.get("id") is not None} - now_published)
    return [*(e for e in earlier if isinstance(e, dict)),
            *({"case": case_id, "removed": today.isoformat(), "commit": commit} for case_id in gone)]


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


@registry.repository_rule
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


def _count_rows(counts: Mapping[str, int], names: Mapping[str, str]) -> list[tuple[str, int | str]]:
    """(label, count) rows in the schema's order of the codes (codes unknown to today's schema last), 1 and 2
    as "<3"."""
    order = [k for k in names if k in counts] + sorted(k for k in counts if k not in names)
    return [(names.get(k, k), count_cell(int(counts[k]))) for k in order]


@dataclass(frozen=True)
class Published:
    """A filed year as the site publishes it: the filed summary, or — when a filed case has been withdrawn
    since, or the filed figures follow an older rule — the summary without those cases, figures recomputed."""

    public: Mapping[str, Any]
    raw: bytes
    withdrawn: tuple[str, ...]

    @property
    def derived(self) -> bool:
        return "derived_from" in self.public


def publishable(filed: FiledYear, published_ids: set[str], withheld_now: int) -> Published:
    """Withdrawal wins over filing: only cases published today stay; figures count those only."""
    cases = [c for c in filed.public.get("cases", []) if isinstance(c, dict)]
    kept = [c for c in cases if c.get("id") in published_ids]
    withdrawn = tuple(str(c.get("id")) for c in cases if c.get("id") not in published_ids)
    stats = _statistics(kept, list(filed.public.get("receptions", [])), withheld_now)
    if not withdrawn and filed.public.get("statistics") == stats:
        return Published(filed.public, filed.raw, ())
    derived = {**filed.public, "cases": kept, "statistics": stats,
               "derived_from": {"sha256": filed.sha256, "note": "归档后有事项改为暂不公开或统计口径调整，已按现行公开规则更新"}}
    return Published(derived, _dump(derived), withdrawn)


@dataclass(frozen=True)
class FiledPage:
    """What the page of one filed year shows, from its public summary only: the rows the template lays out."""

    year: int
    union: str
    filed: str
    sha256: str
    derived: bool
    totals: list[tuple[str, int | str]]
    tables: list[tuple[str, str, list[tuple[str, int | str]]]]  # (heading, unit, rows)
    cases: Sequence[tuple[str, ...]]
    receptions: Sequence[tuple[str, ...]]
    units: list[str]


def filed_page(filed: FiledYear, shown: Published | None = None) -> FiledPage:
    """The view of one filed year's page: every label from today's schemas, every figure from the summary."""
    shown = shown or Published(filed.public, filed.raw, ())
    p, st = shown.public, shown.public["statistics"]
    topics, statuses = labels("case", ("topic",)), labels("case", ("status",))
    modes, rstatus = labels("schedule", ("receptions", 0, "mode")), labels("schedule", ("receptions", 0, "status"))
    leaders = {k: v.get("name", k) for k, v in p.get("leaders", {}).items()}
    withheld = st.get("packages_withheld", 0)
    totals = [("公开的包案", int(st["packages_published"])), *([("另有暂不公开的包案", withheld)] if withheld else []),
              ("已接访场次", int(st["receptions_held"])), ("接待职工人次", int(st["workers_received"]))]
    tables = [("问题类别", "件数", _count_rows(st["published_by_topic"], topics)),
              ("办理状态", "件数", _count_rows(st["published_by_status"], statuses)),
              ("接访方式", "场次", _count_rows(st["receptions_held_by_mode"], modes))]
    cases = [(str(c["id"]), str(c.get("title", "")), topics.get(c.get("topic", ""), ""),
              f"{c.get('region', {}).get('province', '')}{c.get('region', {}).get('city', '')}",
              leaders.get(c.get("package", {}).get("leader", ""), ""), statuses.get(c.get("status", ""), ""),
              str(c.get("conclusion", {}).get("date", "—"))) for c in p.get("cases", [])]
    receptions = [(str(r["date"]), modes.get(r.get("mode", ""), ""), leaders.get(r.get("leader", ""), ""),
                   str(r.get("location", "")), rstatus.get(r.get("status", ""), ""), str(r.get("attendance", "—")))
                  for r in p.get("receptions", [])]
    units = [str(v.get("name", k)) for k, v in p.get("units", {}).items()]
    return FiledPage(filed.year, str(p.get("union", {}).get("name", "")), filed.filed, filed.sha256, shown.derived,
                     totals, tables, cases, receptions, units)


def year_page(filed: FiledYear, shown: Published | None = None) -> str:
    """The Markdown page of one filed year (``templates/site/archive_filed.md.j2``, autoescaped)."""
    from .site.pages import environment  # the site's one Jinja environment

    return environment().get_template("archive_filed.md.j2").render(page=filed_page(filed, shown))


@registry.page("archive/<year>/filed.md")
def site_contribution(ctx: SiteContext) -> Contribution:
    """``archive/<year>/filed/`` pages and ``archive/<year>/public.json`` of every filed year, from the filed
    public.json (not from today's files).

    The site's own ``archive/<year>.md`` (today's view of a year) already owns ``archive/<year>/``; the filed
    record sits beside it at ``archive/<year>/filed/`` so that neither replaces the other.
    """
    contribution = Contribution()
    repo = ctx.repository
    published_ids = {c.id for c in repo.cases if c.is_public}
    for filed in filed_years(ctx.paths):
        withheld_now = sum(1 for c in repo.cases_of(filed.year) if c.package is not None and not c.is_public)
        shown = publishable(filed, published_ids, withheld_now)
        contribution.docs[f"archive/{filed.year}/filed.md"] = year_page(filed, shown)
        contribution.files[f"archive/{filed.year}/public.json"] = shown.raw
        contribution.notices += [f"{case_id} 在 {filed.year} 年归档后不再公开：已从归档页面、public.json 和搜索中删除；"
                                 f"请运行 xinfang archive {filed.year} --replace 在归档清单中记录撤回"
                                 for case_id in shown.withdrawn]
    return contribution
