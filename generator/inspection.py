"""The upper level's inspection (上级工会的督导检查): figures a lower union sends, and the upper union's report.

The seed: "全国总工会每半年或一年对省级工会领导干部接待职工群众来访情况进行一次检查……重点检查制度和责任落实、
主要领导带头示范、破解难题、取得成效等方面情况，检查结果视情通报". The lower union sends, for a half year or a
year, counts only — never a petitioner detail — in a signed exchange file (``xinfang export inspection``):

- per leader held to its level's rule: reception days (distinct dates) and sessions (half days) held, and the
  rule's periods that ended in the window and were met (``rules.compliance`` with the union's requirement);
- packages (包案): taken in the window, open at its end, and how many of them the chairman (主要领导) took;
- the on-time rate (按期办结率) as the site defines it: concluded on time ÷ (concluded + open past the deadline),
  over all cases concluded in the window or open past their deadline at its end, with numerator and denominator.

The upper union reads a folder of such files (``xinfang inspect``), verifies each (``exchange.open_file``), and
writes an internal report per lower union plus a 通报 draft listing them all (``internal/inspection-<period>/``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Mapping, Sequence

from . import rules
from .config import Paths
from .errors import UsageProblem
from .exchange import ExchangeRefused, open_file, own_keys, partners, seal, write_exchange_file
from .levels import level_label
from .model import Repository
from .schema import schema
from .site.receptions_data import SCHEMA_FILE as RECEPTIONS_SCHEMA


def window(period: str) -> tuple[date, date]:
    """``2026H1`` → its half year, ``2026`` → the year (the seed: every half year or year)."""
    if period.isdigit() and len(period) == 4:
        return date(int(period), 1, 1), date(int(period), 12, 31)
    try:
        return rules.half_range(period)
    except ValueError:
        raise UsageProblem(f"检查期间“{period}”应写作 2026H1、2026H2（半年）或 2026（全年）") from None


def figures(repo: Repository, period: str, today: date) -> dict[str, Any]:
    """The counts a lower union reports for ``period`` (no petitioner detail, no case text)."""
    start, end = window(period)
    until = min(end, today)
    requirement = repo.union.requirement
    return {"union": repo.union.name, "level": repo.union.level, "period": period,
            "start": start.isoformat(), "end": end.isoformat(), "as_of": until.isoformat(),
            "rule": {"days": requirement.days_per_period, "per": requirement.period,
                     "description": requirement.description},
            "leaders": _leader_figures(repo, start, end, until),
            "packages": _package_figures(repo, start, until),
            "on_time": _on_time_figures(repo, start, until)}


def _leader_figures(repo: Repository, start: date, end: date, until: date) -> list[dict[str, Any]]:
    """Each rule-bound leader's half days in the period (days = sessions ÷ 2) and the periods met."""
    requirement = repo.union.requirement
    role_labels = schema("leaders").labels(("leaders", 0, "role"))
    leaders = []
    for leader in repo.leaders.values():
        if not leader.receives_by_rule or not (leader.in_office(start.year) or leader.in_office(end.year)):
            continue
        held = [r for r in repo.receptions if r.leader == leader.id and r.status == "held" and start <= r.date <= end]
        sessions = sorted({(r.date, r.session) for r in held})
        count = rules.count_sessions(sessions)
        ended = [c for c in (rules.compliance(requirement, sessions, start, end) if requirement.period != "none" else [])
                 if c.period.end <= until and c.period.start >= start]
        leaders.append({"name": leader.name, "title": leader.title, "role": role_labels.get(leader.role, leader.role),
                        "days": count.days, "sessions": count.sessions, "periods": len(ended),
                        "periods_met": sum(1 for c in ended if c.ok)})
    return leaders


def _package_figures(repo: Repository, start: date, until: date) -> dict[str, int]:
    """Packages taken in the period, open at its end, and how many of them the chairman holds (主要领导包案)."""
    packaged = [(c, c.package) for c in repo.cases if c.package is not None and c.package.since <= until]
    taken = [c for c, p in packaged if start <= p.since]
    open_at_end = [c for c, _ in packaged if c.conclusion is None or c.conclusion.date > until]
    chairman = {c.id for c, p in packaged if (c in taken or c in open_at_end)
                and repo.leaders[p.leader].role == "chairman"}
    return {"taken": len(taken), "open": len(open_at_end), "chairman": len(chairman)}


def _on_time_figures(repo: Repository, start: date, until: date) -> dict[str, int]:
    """按期办结率's terms over the period (``rules.on_time_rate`` from ``start``): concluded in it on time ÷
    (concluded in it + open past the deadline at its end)."""
    rate = rules.on_time_rate(((c.deadline, c.conclusion.date if c.conclusion else None) for c in repo.cases),
                              until, since=start)
    return {"numerator": rate.on_time, "denominator": rate.denominator,
            "concluded": rate.concluded, "overdue_open": rate.overdue_open}


def export_inspection(paths: Paths, repo: Repository, period: str, to: str, out: Path, today: date) -> Path:
    partner = partners(paths).get(to)
    if partner is None:
        raise UsageProblem(f"reference/exchange.yaml 中没有 {to}（上级工会）的公钥")
    content = seal("inspection", figures(repo, period, today), repo.union.name, own_keys(paths), partner, today)
    return write_exchange_file(out / f"inspection-{period}-{content['header']['id'][:8]}.json", content)


# ------------------------------------------------------------------ the upper union's report

@dataclass(frozen=True)
class LeaderLine:
    name: str
    title: str
    role: str
    days: str  # sessions ÷ 2, as written: "1.5"
    sessions: int
    periods: str
    verdict: str


@dataclass(frozen=True)
class UnionReport:
    """One lower union's figures, judged against its level's rule (检查情况)."""

    union: str
    level: str
    period: str
    as_of: str
    rule: str
    leaders: tuple[LeaderLine, ...]
    short: tuple[str, ...]
    packages_taken: int
    packages_open: int
    chairman_packages: int
    on_time: str
    on_time_numerator: int
    on_time_denominator: int
    source: str = "检查数据（已核对签名）"


def _verdict(f: Mapping[str, Any], line: Mapping[str, Any]) -> str:
    rule = f["rule"]
    if rule["per"] == "none":
        return "随时接待（无最低天数）"
    if rule["per"] == "year":
        if f["end"] > f["as_of"]:
            return "年度未结束"
        return "达标" if line["days"] >= rule["days"] else "未达标"
    if not line["periods"]:
        return "无已结束的考核周期"
    return "达标" if line["periods_met"] == line["periods"] else f"未达标（{line['periods'] - line['periods_met']} 个周期）"


def union_report(f: Mapping[str, Any]) -> UnionReport:
    leaders = tuple(LeaderLine(line["name"], line["title"], line["role"], f"{line['days']:g}", line["sessions"],
                               f"{line['periods_met']}/{line['periods']}" if line["periods"] else "—", _verdict(f, line))
                    for line in f["leaders"])
    on_time = f["on_time"]
    rate = f"{on_time['numerator'] / on_time['denominator']:.1%}" if on_time["denominator"] else "—"
    return UnionReport(
        union=f["union"], level=level_label(f["level"]), period=f["period"], as_of=f["as_of"],
        rule=f["rule"]["description"], leaders=leaders,
        short=tuple(line.name for line in leaders if line.verdict.startswith("未达标")),
        packages_taken=f["packages"]["taken"], packages_open=f["packages"]["open"],
        chairman_packages=f["packages"]["chairman"], on_time=rate,
        on_time_numerator=on_time["numerator"], on_time_denominator=on_time["denominator"])


def site_figures(doc: Mapping[str, Any], period: str) -> dict[str, Any]:
    """Reception figures from a lower union's public ``data/receptions.json`` (its site, unsigned): days and
    sessions of every leader who received in the window, judged by the rule the file states. The site does not
    say who is held to the rule nor anything about packages: those stay empty (—)."""
    start, end = window(period)
    as_of = min(end, date.fromisoformat(doc["generated"]))
    rule = doc["rule"]
    requirement = rules.Requirement(doc["level"], rule["description"], rule["days"], rule["per"])
    by_leader: dict[str, list[Mapping[str, Any]]] = {}
    for r in doc["receptions"]:
        if r["status"] == "held" and start.isoformat() <= r["date"] <= end.isoformat():
            by_leader.setdefault(r["leader"]["id"], []).append(r)
    leaders = []
    for held in by_leader.values():
        sessions = sorted({(date.fromisoformat(r["date"]), r["session"]) for r in held})
        ended = [c for c in (rules.compliance(requirement, sessions, start, end) if rule["per"] != "none" else [])
                 if c.period.end <= as_of and c.period.start >= start]
        leaders.append({"name": held[0]["leader"]["name"], "title": held[0]["leader"]["title"], "role": "—",
                        "days": rules.count_sessions(sessions).days, "sessions": len(sessions),
                        "periods": len(ended), "periods_met": sum(1 for c in ended if c.ok)})
    return {"union": doc["union"], "level": doc["level"], "period": period, "start": start.isoformat(),
            "end": end.isoformat(), "as_of": as_of.isoformat(), "rule": rule, "leaders": leaders,
            "packages": {"taken": 0, "open": 0, "chairman": 0},
            "on_time": {"numerator": 0, "denominator": 0, "concluded": 0, "overdue_open": 0}}


def read_folder(paths: Paths, folder: Path, period: str | None = None) -> tuple[list[UnionReport], list[str]]:
    """Every inspection file of ``folder``, verified; files refused are named with the reason, not fatal.

    With ``period``, a lower site's public ``receptions.json`` in the folder completes the reception days of a
    union that sent no inspection file (marked as such: unsigned, no packages)."""
    reports, refused, public = [], [], []
    for file in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            doc = None
        if isinstance(doc, dict) and doc.get("$schema") == RECEPTIONS_SCHEMA:
            public.append((file, doc))
            continue
        try:
            opened = open_file(file, paths)
        except ExchangeRefused as exc:
            refused.append(exc.message)
            continue
        if opened.header["kind"] != "inspection":
            refused.append(f"{file.name} 不是检查数据（类型 {opened.header['kind']}），已跳过")
            continue
        reports.append(union_report(opened.body))
    for file, doc in public:
        if period is None:
            refused.append(f"{file.name} 是公开网站的接访数据：请用 --period 指明检查期间，才能用它补充接访天数")
        elif any(r.union == doc.get("union") for r in reports):
            refused.append(f"{file.name}：{doc.get('union')}已报送检查数据，公开网站的接访数据未采用")
        else:
            try:
                reports.append(replace(union_report(site_figures(doc, period)),
                                       source="公开网站接访数据 receptions.json（未签名；不含包案和办结数据）"))
            except (KeyError, TypeError, ValueError):
                refused.append(f"{file.name} 不是完整的接访数据，已跳过")
    return reports, refused


def inspection_files(union: str, reports: Sequence[UnionReport], refused: Sequence[str], today: date) -> dict[str, bytes]:
    """One page per lower union, a CSV of all, and the 通报 draft (index.html)."""
    from .internal.render import csv_bytes, html

    files: dict[str, bytes] = {}
    for i, r in enumerate(reports, 1):
        files[f"{i:02d}-{r.period}.html"] = html("inspection_union.html", r=r, today=today).encode("utf-8")
    files["inspection.csv"] = csv_bytes(
        ["工会", "层级", "检查期间", "领导", "职务", "接访天数", "接访半天数", "达标周期", "结论", "包案（期内）",
         "包案（期末在办）", "主要领导包案", "按期办结", "应办结", "按期办结率"],
        [[r.union, r.level, r.period, lead.name, lead.title, lead.days, lead.sessions, lead.periods, lead.verdict,
          r.packages_taken, r.packages_open, r.chairman_packages, r.on_time_numerator, r.on_time_denominator,
          r.on_time]
         for r in reports for lead in r.leaders])
    files["index.html"] = html("inspection_notice.html", union=union, reports=reports, refused=refused,
                               today=today).encode("utf-8")
    return files


def write_inspection(paths: Paths, repo: Repository, folder: Path, out: Path, today: date,
                     period: str | None = None) -> tuple[int, list[str]]:
    from .internal import check_location
    from .output import atomic_output

    reports, refused = read_folder(paths, folder, period)
    if not reports:
        raise UsageProblem(f"{folder} 中没有可用的检查数据文件" + ("：" + "；".join(refused) if refused else ""))
    check_location(paths, out)
    files = inspection_files(repo.union.name, reports, refused, today)
    with atomic_output(out) as tmp:
        for rel, content in files.items():
            (tmp / rel).write_bytes(content)
    return len(reports), refused
