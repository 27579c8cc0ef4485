"""The seed's duties around leaders' cases (issue 16.2–16.6): validation rules on the record.

The measures (shared/seed) set duties that the record now carries and these rules check:

- 办理结果书面报告 (``result_reports``): "办理结果形成文字材料上报" for letters a leader instructed on, and
  "以书面形式报告" for the cases of leaders' receptions and packages. A concluded case owes a written
  report of its result to every leader who instructed on it (阅批), took it as a package (包案) or received
  it at a reception (接访); a missing one is a warning.
- 阅批与来信相符: a letter to a leader personally (``addressee: leader``) is read and instructed by that
  leader ("领导亲自阅示"): once it is being handled, an instruction by the addressee is required. An unsigned
  letter goes to the leader "按照职责分工": the routed leader's 分管问题类别 (``topics``) should cover the topic.
- 信访事项选取 (``package_proposal``): the liaison department proposes, the leader chooses; the record of
  the choice agrees with the package.
- 包案实施方案与进展反馈: an open package has its 实施方案 within ``packages.plan_days`` of being taken and a
  progress report (``progress`` entry) to the package leader at least every ``packages.report_days``
  (``union.yaml``; defaults in ``rules``). Days are counted by ``rules``.
- 主要领导亲自包案: a chairman in office through a whole past year took at least one package in it.
- 领导离任 (``took_office``/``left_office`` in leaders.yaml, ``package.handovers``): a departed leader's open
  package is a warning until handed over; the handovers form a dated chain ending with the current leader.

Each rule is declared in the registry (``@registry.rule("case")``, ``@registry.repository_rule``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterator, Mapping, Sequence

from . import registry, rules
from .errors import Pointer, Problem, error, warning
from .model import parse_date
from .schema import FieldRule as _Rule
from .schema import schema

_HANDLED = ("accepted", "assigned", "concluded")  # the letter is being handled (根据领导批示要求办理)




def _in_time(r: _Rule, pointer: Pointer, when: date, not_before: date, before_what: str, today: date,
             code: str = "date-order") -> Iterator[Problem]:
    if when < not_before:
        yield r.error(pointer, f"“{when}” 早于{before_what} {not_before}", code)
    if when > today:
        yield r.error(pointer, f"“{when}” 晚于今天（{today}）", "future-date")


def _known(ctx, leader_id: str) -> bool:
    """A leader listed in reference/leaders.yaml: an unknown one has its own error (``references``), and the
    rules here say nothing more about it (no cascade)."""
    return leader_id in ctx.leader_ids()


def _leader_name(ctx, leader_id: str) -> str:
    leader = ctx.leader_ids().get(leader_id)
    return f"{leader['name']}（{leader_id}）" if leader else leader_id


# -- 2. 办理结果书面报告 ----------------------------------------------------------------------------------

def owed_reports(data: Mapping[str, Any], reception_leaders: dict[str, str]) -> dict[str, list[str]]:
    """The leaders a case's result is owed to in writing, each with why (阅批领导, 包案领导, 接访领导).

    Shared by the rule and the internal report, so both name the same leaders.
    """
    owed: dict[str, list[str]] = {}
    for entry in data["history"]:
        if entry["type"] == "instruction" and entry.get("leader"):
            owed.setdefault(entry["leader"], []).append("阅批领导")
    if "package" in data:
        owed.setdefault(data["package"]["leader"], []).append("包案领导")
    leader = reception_leaders.get(data.get("reception") or "")
    if leader:
        owed.setdefault(leader, []).append("接访领导")
    return {k: list(dict.fromkeys(v)) for k, v in owed.items()}


def missing_reports(data: Mapping[str, Any], reception_leaders: dict[str, str]) -> dict[str, list[str]]:
    """Of the leaders owed the result, those without a written report dated on or after the conclusion."""
    if "conclusion" not in data:
        return {}
    concluded = parse_date(data["conclusion"]["date"])
    reported = {r["to"] for r in data.get("result_reports", ()) if parse_date(r["date"]) >= concluded}
    return {k: v for k, v in owed_reports(data, reception_leaders).items() if k not in reported}


@registry.rule("case")
def case_result_reports(ctx, src) -> Iterator[Problem]:
    """书面报告领导: dated between receipt and today; a concluded case reports to every leader it owes."""
    r, d = _Rule(src), src.data
    received = parse_date(d["received"])
    for i, report in enumerate(d.get("result_reports", ())):
        yield from _in_time(r, ("result_reports", i, "date"), parse_date(report["date"]), received, "收到日期", ctx.today)
    for leader, why in missing_reports(d, ctx.reception_leaders()).items():
        if not _known(ctx, leader):
            continue
        yield r.warning(("conclusion", "date"),
                        f"已于 {d['conclusion']['date']} 办结，尚未向{'、'.join(why)}{_leader_name(ctx, leader)}书面报告办理结果："
                        f"请在书面报告领导 result_reports 中写明报告日期 date、报告领导 to 和文号 reference", "result-report")


# -- 3. 阅批与来信相符 -------------------------------------------------------------------------------------

@registry.rule("case")
def case_instruction_matches_letter(ctx, src) -> Iterator[Problem]:
    """A letter to a leader is instructed by that leader; an unsigned letter goes to the leader in charge."""
    if "letter" not in src.data:
        return
    r, d = _Rule(src), src.data
    letter = d["letter"]
    instructions = [(i, h) for i, h in enumerate(d["history"]) if h["type"] == "instruction" and h.get("leader")]
    by = {h["leader"] for _, h in instructions}
    if letter["addressee"] == "leader" and _known(ctx, letter.get("leader", "")):
        yield from _addressee_instructs(ctx, r, d, instructions, by)
    routed = letter.get("routed_to")
    if letter["addressee"] == "unsigned" and routed:
        yield from _routed_by_topic(ctx, r, d, routed)
    if letter["addressee"] in ("unsigned", "forwarded") and routed and instructions and routed not in by:
        i, entry = instructions[0]
        yield r.warning(("history", i, "leader"),
                        f"“{entry['leader']}” 不是呈报领导 {_leader_name(ctx, routed)}：请核对阅批记录或呈报领导 routed_to",
                        "instruction-letter")


def _addressee_instructs(ctx, r: "_Rule", d: Mapping[str, Any], instructions: list, by: set) -> Iterator[Problem]:
    """A letter to a leader personally (写给领导个人): that leader's own instruction is on record."""
    addressee = d["letter"]["leader"]
    if addressee in by:
        return
    if instructions:
        i, entry = instructions[0]
        yield r.error(("history", i, "leader"),
                      f"“{entry['leader']}” 不是收信领导：写给领导个人的来信由收信领导 {_leader_name(ctx, addressee)}亲自阅示，"
                      f"须有该领导的阅批记录", "instruction-letter")
    elif d["status"] in _HANDLED:
        yield r.error(("letter", "leader"),
                      f"写给领导个人的来信由该领导亲自阅示，根据批示办理：请在办理记录 history 中加一条阅批记录"
                      f"（type: instruction，leader: {addressee}）", "instruction-letter")


def _routed_by_topic(ctx, r: "_Rule", d: Mapping[str, Any], routed: str) -> Iterator[Problem]:
    """An unsigned letter (无具体署名) goes to the leader whose topics (分管问题类别) include its topic."""
    leader = ctx.leader_ids().get(routed)
    topic = schema("case").labels(("topic",))[d["topic"]]
    if leader is not None and not leader.get("topics"):
        yield r.warning(("letter", "routed_to"),
                        f"{_leader_name(ctx, routed)}未填写分管问题类别 topics（reference/leaders.yaml），"
                        f"无法核对是否按职责分工呈报（本事项：{topic}）", "letter-topic")
    elif leader is not None and d["topic"] not in leader["topics"]:
        yield r.warning(("letter", "routed_to"),
                        f"{_leader_name(ctx, routed)}的分管问题类别不包括“{topic}”：无具体署名的来信按领导职责分工呈报，"
                        "请核对呈报领导", "letter-topic")


# -- 4. 信访事项选取 ---------------------------------------------------------------------------------------

@registry.rule("case")
def case_package_proposal(ctx, src) -> Iterator[Problem]:
    """包案呈报: in time, and the leader's choice agrees with the package."""
    if "package_proposal" not in src.data:
        return
    r, d = _Rule(src), src.data
    p, at = d["package_proposal"], ("package_proposal",)
    proposed = parse_date(p["proposed"])
    yield from _in_time(r, (*at, "proposed"), proposed, parse_date(d["received"]), "收到日期", ctx.today)
    if "decided" in p:
        yield from _in_time(r, (*at, "decided"), parse_date(p["decided"]), proposed, "呈报日期", ctx.today)
    decision, package = p["decision"], d.get("package")
    if decision == "pending":
        yield from _proposal_pending(r, p, package)
        return
    for key in ("decided",) + (("leader",) if decision == "taken" else ()):
        if key not in p:
            label = r.schema.labels((*at, "decision"))[decision]
            yield r.error((*at, "decision"), f"{label}（{decision}）须填写{r.schema.field_name((*at, key))}", "package-proposal")
    if decision == "declined":
        yield from _proposal_declined(r, p, package)
    else:
        yield from _proposal_taken(r, p, package)


def _proposal_pending(r: "_Rule", p: Mapping[str, Any], package: Any) -> Iterator[Problem]:
    """领导尚未选择: no decision date, no leader, no package yet."""
    for key in ("decided", "leader"):
        if key in p:
            yield r.error(("package_proposal", key), "领导尚未选择（pending）时不填写此项", "package-proposal")
    if package:
        yield r.error(("package_proposal", "decision"), "本事项已有包案 package：领导选择应为已选定包案（taken）",
                      "package-proposal")


def _proposal_declined(r: "_Rule", p: Mapping[str, Any], package: Any) -> Iterator[Problem]:
    """领导未选择包案: no chosen leader, no package."""
    if "leader" in p:
        yield r.error(("package_proposal", "leader"), "领导未选择包案（declined）时不填写选定领导", "package-proposal")
    if package:
        yield r.error(("package_proposal", "decision"), "领导未选择包案（declined），本事项却有包案 package：请核对",
                      "package-proposal")


def _proposal_taken(r: "_Rule", p: Mapping[str, Any], package: Any) -> Iterator[Problem]:
    """已选定包案: the chosen leader was proposed to, took the package, not before choosing it."""
    at = ("package_proposal",)
    chosen = p.get("leader")
    if chosen and chosen not in p["to"]:
        yield r.error((*at, "leader"), f"“{chosen}” 不在呈报领导 to 之中：领导从呈报的事项中选择包案", "package-proposal")
    if package is None:
        yield r.error((*at, "decision"), "领导已选定包案（taken）：请填写包案 package", "package-proposal")
        return
    first = original_leader(package)  # the leader chosen took it; a later handover moves it on
    if chosen and first != chosen:
        where = ("package", "handovers", 0, "from") if package.get("handovers") else ("package", "leader")
        yield r.error(where, f"“{first}” 与领导选择中选定的领导 {chosen} 不一致", "package-proposal")
    if "decided" in p and parse_date(package["since"]) < parse_date(p["decided"]):
        yield r.error(("package", "since"), f"“{package['since']}” 早于领导选定包案的日期 {p['decided']}", "package-proposal")


# -- 5. 包案实施方案与进展反馈 ----------------------------------------------------------------------------

def package_settings(ctx) -> tuple[int, int]:
    """(plan days, report days) from ``union.yaml`` ``packages``, defaults from ``rules``."""
    packages = (ctx.union.data if ctx.union else {}).get("packages", {})
    return (packages.get("plan_days", rules.PACKAGE_PLAN_DAYS), packages.get("report_days", rules.PACKAGE_REPORT_DAYS))


def last_report(data: Mapping[str, Any]) -> date | None:
    """The latest progress report to the package leader (进展反馈): a ``progress`` entry on or after the day
    the package was taken that names no other leader."""
    package = data["package"]
    since = parse_date(package["since"])
    dates = [parse_date(h["date"]) for h in data["history"]
             if h["type"] == "progress" and h.get("leader", package["leader"]) == package["leader"]
             and parse_date(h["date"]) >= since]
    return max(dates) if dates else None


def _open(data: Mapping[str, Any]) -> bool:
    return "conclusion" not in data and data["status"] != "not_accepted"


@registry.rule("case")
def case_package_cadence(ctx, src) -> Iterator[Problem]:
    """实施方案 within the set days of the package; a progress report to its leader at least every set days."""
    if "package" not in src.data:
        return
    r, d = _Rule(src), src.data
    package, at = d["package"], ("package",)
    since = parse_date(package["since"])
    plan_days, report_days = package_settings(ctx)
    if "plan_date" in package:
        yield from _in_time(r, (*at, "plan_date"), parse_date(package["plan_date"]), since, "包案日期", ctx.today)
        if "plan" not in package:
            yield r.error((*at, "plan_date"), "写了方案制订日期，须同时写实施方案 plan", "package-plan")
    if not _open(d):
        return
    plan_due = rules.package_plan_due(since, plan_days)
    if "plan" not in package and ctx.today > plan_due:
        yield r.warning((*at, "since"),
                        f"包案已 {rules.days_between(since, ctx.today)} 天，尚未制订包案实施方案 plan"
                        f"（包案之日起 {plan_days} 天内，即 {plan_due} 前）", "package-plan")
    last = last_report(d)
    due = rules.package_report_due(last or since, report_days)
    if ctx.today > due and _known(ctx, package["leader"]):
        days, rule = rules.days_between(last or since, ctx.today), f"至少每 {report_days} 天一次，在办理记录中记为 type: progress"
        text = (f"责任单位已 {days} 天未向包案领导反馈进展（最近一次 {last}；{rule}）" if last else
                f"包案以来（{since}）责任单位尚未向包案领导反馈进展，已 {days} 天（{rule}）")
        yield r.warning((*at, "leader"), text, "package-report")


# -- 10. 领导离任与包案移交 ------------------------------------------------------------------------------------

def departed(leader: Mapping[str, Any]) -> date | None:
    """The day a leader left office: ``left_office``, else the last day of ``to_year``; None while serving."""
    if "left_office" in leader:
        return parse_date(leader["left_office"])
    return date(leader["to_year"], 12, 31) if "to_year" in leader else None


def original_leader(package: Mapping[str, Any]) -> str:
    """The leader who took the package (包案之初), before any handover."""
    handovers = package.get("handovers")
    return handovers[0]["from"] if handovers else package["leader"]


@registry.rule("case")
def case_package_handovers(ctx, src) -> Iterator[Problem]:
    """包案领导变更: a dated chain from the first leader to the current one; a departed leader's open package
    is handed over."""
    if "package" not in src.data:
        return
    r, d = _Rule(src), src.data
    package, leaders = d["package"], ctx.leader_ids()
    previous, current = parse_date(package["since"]), None
    for i, h in enumerate(package.get("handovers", ())):
        at, when = ("package", "handovers", i), parse_date(h["date"])
        if when < previous:
            yield r.error((*at, "date"), f"“{when}” 早于包案日期或上一次移交 {previous}：包案领导变更须按日期先后排列", "date-order")
        if when > ctx.today:
            yield r.error((*at, "date"), f"“{when}” 晚于今天（{ctx.today}）", "future-date")
        if current is not None and h["from"] != current:
            yield r.error((*at, "from"), f"“{h['from']}” 不是上一次移交的接任领导 {current}", "package-handover")
        if h["from"] == h["to"]:
            yield r.error((*at, "to"), "接任领导与原包案领导相同", "package-handover")
        heir = leaders.get(h["to"])
        if heir is not None and (parse_date(heir.get("took_office")) or date(heir["from_year"], 1, 1)) > when:
            yield r.error((*at, "to"), f"“{h['to']}” 在 {when} 尚未到任", "leader-office")
        if heir is not None and (departed(heir) or date.max) < when:
            yield r.error((*at, "to"), f"“{h['to']}” 已于 {departed(heir)} 离任，不能接任包案", "leader-office")
        previous, current = when, h["to"]
    if current is not None and package["leader"] != current:
        yield r.error(("package", "leader"), f"“{package['leader']}” 与最后一次包案领导变更的接任领导 {current} 不一致", "package-handover")
    leader = leaders.get(package["leader"])
    left = departed(leader) if leader else None
    # a leader who left after taking it (a leader out of office on that day is validate.leaders_in_office's error)
    if left and previous <= left < ctx.today and _open(d):
        yield r.warning(("package", "leader"), f"{_leader_name(ctx, package['leader'])}已于 {left} 离任，在办包案尚未移交："
                        "请在包案领导变更 handovers 中记录移交（移交日期 date、原包案领导 from、接任领导 to），并把包案领导改为接任领导",
                        "package-handover")


@registry.repository_rule
def leaders_office_dates(ctx) -> Iterator[Problem]:
    """到任、离任日期 agree with the years in office."""
    if ctx.leaders is None:
        return
    for i, leader in enumerate(ctx.leaders.data["leaders"]):
        at = ("leaders", i)
        took, left = parse_date(leader.get("took_office")), parse_date(leader.get("left_office"))
        if took and took.year != leader["from_year"]:
            yield error(ctx.leaders.path, f"到任日期 took_office：“{took}” 与任职起始年 {leader['from_year']} 不一致",
                        (*at, "took_office"), "leader-office")
        if left and "to_year" not in leader:
            yield error(ctx.leaders.path, "离任日期 left_office：写了离任日期，须同时写任职截止年 to_year", (*at, "left_office"),
                        "leader-office")
        elif left and left.year != leader["to_year"]:
            yield error(ctx.leaders.path, f"离任日期 left_office：“{left}” 与任职截止年 {leader['to_year']} 不一致",
                        (*at, "left_office"), "leader-office")
        if took and left and left < took:
            yield error(ctx.leaders.path, f"离任日期 left_office：“{left}” 早于到任日期 {took}", (*at, "left_office"), "date-order")


# -- 6. 主要领导亲自包案 -----------------------------------------------------------------------------------

def chairman_packages_by_year(cases: Sequence[Mapping[str, Any]], chairman: str) -> dict[int, list[str]]:
    """The ids of the packages a chairman took, by the year taken: 包案日期, or the day a package was handed over
    to them (包案领导变更)."""
    years: dict[int, list[str]] = {}
    for d in cases:
        package = d.get("package")
        if not package:
            continue
        taken = [package["since"]] if original_leader(package) == chairman else []
        taken += [h["date"] for h in package.get("handovers", ()) if h["to"] == chairman]
        for year in sorted({int(day[:4]) for day in taken}):
            years.setdefault(year, []).append(d["id"])
    return years


@registry.repository_rule
def chairman_packages(ctx) -> Iterator[Problem]:
    """工会主要领导要亲自包案: every past year of the record in which a chairman was in office has one."""
    if ctx.leaders is None:
        return
    years = {int(s.data["id"][3:7]) for s in ctx.cases} | {s.data["year"] for s in ctx.schedules}
    cases = [s.data for s in ctx.cases]
    for i, leader in enumerate(ctx.leaders.data["leaders"]):
        if leader["role"] != "chairman":
            continue
        taken = chairman_packages_by_year(cases, leader["id"])
        for year in sorted(years):
            if year < ctx.today.year and leader["from_year"] <= year <= leader.get("to_year", 9999) and year not in taken:
                yield warning(ctx.leaders.path,
                              f"身份 role：主席 {leader['name']}（{leader['id']}）{year} 年没有亲自包案的信访事项"
                              "（工会主要领导要亲自包案）", ("leaders", i, "role"), "chairman-package")
