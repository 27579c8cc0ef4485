"""Internal views of the seed's duties around leaders' cases (issue 16): finished strings for the templates.

- 领导批办与包案事项跟踪 (``duties.html``): results owed in writing to leaders (书面报告), the package
  candidates proposed but not taken (包案候选), and every open package's plan and progress reports;
- 办理结果报告 (呈阅件): one printable form per written report (``forms/<case>/result-report-n.html``);
- the chairman's own packages of a year (主要领导亲自包案) for the yearly report and the compliance report;
- 分类处理 and 不予受理 figures (issue 16.1) for the quarterly letter report and the yearly figures.

Which leaders are owed a report, the last progress report and the package settings come from
``generator.duties`` (the same functions the validation rules use); dates from ``rules``; labels from the
schemas through ``Names``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import duties, rules, schema
from ..csvfile import column
from ..model import Case, ResultReport
from .forms import Field, FormKey, FormView, _rows, case_notices, case_years
from .names import Names, cn_date, fmt_date


def reception_leaders(names: Names) -> dict[str, str]:
    return {r.id: r.leader for r in names.repo.receptions}


# ------------------------------------------------------------------ 书面报告 (result reports)

@dataclass(frozen=True)
class OwedReportRow:
    """A concluded case whose result has not gone to a leader in writing (待书面报告)."""

    case_id: str = column("编号")
    title: str = column("事项")
    concluded: str = column("办结日期")
    leader: str = column("应报告领导")
    why: str = column("关系")
    days: int = column("已过天数")


def owed_reports(names: Names, today: date) -> tuple[OwedReportRow, ...]:
    leaders = reception_leaders(names)
    rows = [OwedReportRow(c.id, c.title, fmt_date(c.concluded), names.leader(leader), "、".join(why),
                          rules.days_between(c.concluded, today) if c.concluded else 0)
            for c in names.repo.cases for leader, why in duties.missing_reports(c.raw, leaders).items()]
    return tuple(sorted(rows, key=lambda r: (r.concluded, r.case_id)))


def result_report_forms(names: Names, case: Case, numbers: dict[FormKey, str]) -> list[FormView]:
    """办理结果报告 (呈阅件): one per written report of the case, to print and file with the case. Its number is
    the 文号 the office recorded, else the office's running number of 呈阅件 (``forms.numbering``: 呈〔2026〕3号)."""
    forms = []
    leaders = duties.owed_reports(case.raw, reception_leaders(names))
    union = names.repo.union
    for n, report in enumerate(case.result_reports, 1):
        forms.append(FormView(
            kind="result_report", kind_label="办理结果报告", heading=f"{union.name}呈阅件",
            case_id=case.id, case_title=case.title, number=report.reference or numbers[(case.id, "result_report", n)],
            short=f"办理结果报告{n}", file=f"forms/{case.id}/result-report-{n}.html",
            rows=_rows(_result_fields(names, case, report, "、".join(leaders.get(report.to, ())) or "—")),
            signatures=("拟稿人", "部门负责人"), dated=report.date, issuer=f"{union.name}{union.department}",
            issued=cn_date(report.date), notices=case_notices(case), calendar=rules.describe_sources(case_years(case))))
    return forms


def _result_fields(names: Names, case: Case, report: ResultReport, why: str) -> list[Field]:
    """The 呈阅件's table: to whom and why, the case, the leaders' instructions, the result, room for 阅示."""
    instructions = "；".join(f"{cn_date(h.date)} {names.leader_name(h.leader)}：{h.note or h.public_note or '已阅'}"
                             for h in case.entries("instruction"))
    result = (f"{cn_date(case.conclusion.date)}办结：{case.conclusion.result}" if case.conclusion
              else f"尚未办结（{names.statuses[case.status]}），本件为进展情况报告")
    return [
        Field("呈报领导", names.leader(report.to)), Field("报告日期", cn_date(report.date)),
        Field("事项编号", case.id), Field("领导关系", why),
        Field("问题类别", names.topics[case.topic]), Field("事项标题", case.title, wide=True),
        Field("信访人", names.petitioners(case), wide=True),
        Field("领导批示", instructions or "—", wide=True),
        Field("承办单位", names.units(case.units) or "—", wide=True),
        Field("办理结果", result, wide=True),
        Field("报告要点", report.note or "—", wide=True),
        Field("领导阅示", "", wide=True),
    ]


# ------------------------------------------------------------------ 包案候选 (proposals not taken)

@dataclass(frozen=True)
class CandidateRow:
    """A case proposed to leaders for a package and not (yet) taken."""

    case_id: str = column("编号")
    title: str = column("事项")
    topic: str = column("问题类别")
    proposed: str = column("呈报日期")
    to: str = column("呈报领导")
    scope: str = column("包案范围")
    decision: str = column("领导选择")
    decided: str = column("选择日期")
    days: int = column("等候天数")
    reason: str = column("呈报理由")


def candidates(names: Names, today: date) -> tuple[CandidateRow, ...]:
    """Proposed but not taken: waiting for the leader's choice, or declined (the oldest proposal first)."""
    decisions = schema.labels("case", ("package_proposal", "decision"))
    rows = []
    for c in names.repo.cases:
        p = c.package_proposal
        if p is None or p.decision == "taken":
            continue
        rows.append(CandidateRow(
            c.id, c.title, names.topics[c.topic], fmt_date(p.proposed), "、".join(names.leader_name(x) for x in p.to),
            "；".join(names.scopes[s] for s in p.scope), decisions[p.decision], fmt_date(p.decided) or "—",
            rules.days_between(p.proposed, p.decided or today), p.reason or "—"))
    return tuple(sorted(rows, key=lambda r: (r.proposed, r.case_id)))


# ------------------------------------------------------------------ 包案实施方案与进展反馈

@dataclass(frozen=True)
class PackageRow:
    """An open package: its plan, its last progress report to the leader, and when the next one is due."""

    case_id: str = column("编号")
    title: str = column("事项")
    leader: str = column("包案领导")
    since: str = column("包案日期")
    plan: str = column("实施方案")
    last_report: str = column("最近向包案领导汇报")
    next_due: str = column("下次反馈期限")
    state: str = column("情况")


def last_report_text(case: Case) -> str:
    """最近向包案领导汇报: the day of the last progress report, or 未汇报; ``—`` for a case without package."""
    if case.package is None:
        return "—"
    last = duties.last_report(case.raw)
    return fmt_date(last) if last else "未汇报"


def open_packages(names: Names, today: date) -> tuple[PackageRow, ...]:
    union = names.repo.union
    rows = []
    for c in names.repo.cases:
        if c.package is None or c.conclusion or c.status == "not_accepted":
            continue
        pkg = c.package
        plan_due = rules.package_plan_due(pkg.since, union.package_plan_days)
        last = duties.last_report(c.raw)
        due = rules.package_report_due(last or pkg.since, union.package_report_days)
        states = []
        if not pkg.plan:
            states.append(f"实施方案逾期 {rules.days_between(plan_due, today)} 天" if today > plan_due
                          else f"实施方案须于 {fmt_date(plan_due)} 前制订")
        states.append(f"进展反馈逾期 {rules.days_between(due, today)} 天" if today > due else "按时")
        plan = (f"已制订（{fmt_date(pkg.plan_date)}）" if pkg.plan_date else "已制订") if pkg.plan else "未制订"
        rows.append(PackageRow(c.id, c.title, names.leader(pkg.leader), fmt_date(pkg.since), plan,
                               fmt_date(last) if last else "未汇报", fmt_date(due), "；".join(states)))
    return tuple(sorted(rows, key=lambda r: (r.next_due, r.case_id)))


# ------------------------------------------------------------------ 约访限期化解、专题接访跟进

@dataclass(frozen=True)
class FollowUpRow:
    """What a held appointment or thematic reception left to do, by whom and by when (issue 16.7, 16.8)."""

    reception: str = column("场次")
    date: str = column("日期")
    mode: str = column("方式")
    leader: str = column("领导")
    item: str = column("事项")
    unit: str = column("责任单位")
    due: str = column("期限")
    state: str = column("情况")


def _state(done: bool, due: date, today: date, finished: str) -> str:
    if done:
        return finished
    return f"逾期 {rules.days_between(due, today)} 天" if today > due else "进行中"


def follow_ups(names: Names, today: date) -> tuple[FollowUpRow, ...]:
    """约访的限期化解 (done when every case of the appointment is concluded) and 专题接访的跟进事项."""
    rows = []
    for r in names.repo.receptions:
        if r.status != "held":
            continue
        head = (r.id, fmt_date(r.date), names.modes[r.mode], names.leader_name(r.leader))
        answer = r.raw.get("answer") if r.mode == "appointment" else None
        if answer:
            due = date.fromisoformat(answer["resolve_by"])
            cases = [names.repo.case(c) for c in r.cases]
            done = all(c is not None and c.status in ("concluded", "not_accepted") for c in cases)
            rows.append(FollowUpRow(*head, f"限期化解 {'、'.join(r.cases)}：{answer['opinion']}",
                                    names.units(tuple(answer["responsible"])), fmt_date(due),
                                    _state(done, due, today, "已办结")))
        outcome = r.raw.get("outcome") if r.mode == "thematic" else None
        for item in (outcome or {}).get("follow_up", ()):
            due = date.fromisoformat(item["by"])
            finished = f"已完成（{item['done']}）" if item.get("done") else ""
            rows.append(FollowUpRow(*head, item["task"], names.unit(item["unit"]), fmt_date(due),
                                    _state(bool(finished), due, today, finished)))
    return tuple(sorted(rows, key=lambda row: (row.due, row.reception)))


@dataclass(frozen=True)
class Duties:
    """领导批办与包案事项跟踪."""

    union: str
    today: date
    plan_days: int
    report_days: int
    owed: tuple[OwedReportRow, ...]
    candidates: tuple[CandidateRow, ...]
    packages: tuple[PackageRow, ...]
    follow_ups: tuple[FollowUpRow, ...]


def duties_report(names: Names, today: date) -> Duties:
    union = names.repo.union
    return Duties(union.name, today, union.package_plan_days, union.package_report_days,
                  owed_reports(names, today), candidates(names, today), open_packages(names, today),
                  follow_ups(names, today))


# ------------------------------------------------------------------ 主要领导亲自包案; 分类处理

@dataclass(frozen=True)
class ChairmanPackages:
    """The chairman's own packages taken in a year (工会主要领导要亲自包案)."""

    year: int
    chairmen: str
    count: int
    cases: str
    state: str
    in_charge: str = ""  # 分管信访工作的领导 (union.yaml in_charge)


def chairman_packages(names: Names, year: int, today: date) -> ChairmanPackages:
    chairmen = [lid for lid, lead in names.repo.leaders.items() if lead.role == "chairman" and lead.in_office(year)]
    raws = [c.raw for c in names.repo.cases]  # taken on the package's day or on a handover (duties.chairman_packages_by_year)
    ids = {i for lid in chairmen for i in duties.chairman_packages_by_year(raws, lid).get(year, ())}
    taken = [c for c in names.repo.cases if c.id in ids]
    state = "已亲自包案" if taken else ("全年没有亲自包案" if year < today.year else "本年尚未亲自包案")
    return ChairmanPackages(year, "、".join(names.leader(lid) for lid in chairmen) or "—", len(taken),
                            "、".join(f"{c.id} {c.title}" for c in taken) or "—", state,
                            names.leader(names.repo.union.in_charge) or "未指定（union.yaml in_charge）")


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class RouteFigures:
    """分类处理 and 不予受理 of a set of cases: the count of each route and of each ground of refusal."""

    routes: tuple[Tally, ...]
    routed: int
    refusals: tuple[Tally, ...]
    refused: int


def route_figures(cases: list[Case]) -> RouteFigures:
    kinds = schema.labels("case", ("route", "kind"))
    grounds = schema.labels("case", ("not_accepted", "category"))
    routes = tuple(Tally(label, sum(1 for c in cases if c.route and c.route.kind == code)) for code, label in kinds.items())
    refusals = tuple(Tally(label, sum(1 for c in cases if c.not_accepted and c.not_accepted.category == code))
                     for code, label in grounds.items())
    return RouteFigures(routes, sum(t.count for t in routes), refusals, sum(t.count for t in refusals))


def route_rows(routes: RouteFigures) -> list[tuple[str, str, int]]:
    """The quarterly letter report's routes CSV (类别, 项目, 件数)."""
    return ([("分类处理", t.label, t.count) for t in routes.routes] + [("分类处理", "合计", routes.routed)]
            + [("不予受理", t.label, t.count) for t in routes.refusals] + [("不予受理", "合计", routes.refused)])


def quarter_route_figures(names: Names, quarter: str) -> RouteFigures:
    """分类处理 of the letters to the chairman received in the quarter (the quarterly letter report)."""
    start, end = rules.quarter_range(quarter)
    return route_figures([c for c in names.repo.cases
                          if c.letter and c.letter.addressee == "chairman" and start <= c.received <= end])


# ------------------------------------------------------------------ 接访登记 (visitors without a case)

@dataclass(frozen=True)
class BatchRow:
    """One batch of visitors answered at a reception without opening a case."""

    reception: str = column("场次")
    date: str = column("日期")
    leader: str = column("领导")
    people: int = column("人数")
    demands: str = column("诉求概要")
    answer: str = column("处理方式")
    guided_to: str = column("引导去向")


@dataclass(frozen=True)
class Batches:
    """接访登记 of a year: batches and people answered on the spot or guided, beside the cases registered."""

    rows: tuple[BatchRow, ...]
    batches: int
    people: int
    on_the_spot: int
    guided: int


def batches_of(names: Names, year: int) -> Batches:
    answers = schema.labels("schedule", ("receptions", 0, "batches", 0, "answer"))
    rows = tuple(BatchRow(r.id, fmt_date(r.date), names.leader_name(r.leader), b["people"], b["demands"],
                          answers[b["answer"]], b.get("guided_to", "—"))
                 for r in names.repo.receptions_of(year) if r.status == "held" for b in r.raw.get("batches", ()))
    return Batches(rows, len(rows), sum(b.people for b in rows),
                   sum(b.people for b in rows if b.answer == answers["on_the_spot"]),
                   sum(b.people for b in rows if b.answer == answers["guided"]))


def _tallies(tallies: tuple[Tally, ...]) -> str:
    found = "、".join(f"{t.label}{t.count}件" for t in tallies if t.count)
    return f"（{found}）" if found else ""


def year_paragraphs(routes: RouteFigures, chairman: ChairmanPackages, batches: Batches) -> tuple[str, ...]:
    """一、基本情况's paragraph on 组织领导 (分管领导, the chairman's own packages counting handovers),
    分类处理/不予受理 and 接访登记: counts and leaders only, never a petitioner value or a case title."""
    return (f"（七）组织领导和分类处理。主要领导负总责，分管信访工作的领导为{chairman.in_charge}。"
            f"{chairman.chairmen}亲自包案（含交接给主席的）{chairman.count}件。"
            f"全年信访事项分类处理{routes.routed}件{_tallies(routes.routes)}，"
            f"不予受理{routes.refused}件{_tallies(routes.refusals)}。"
            f"接访中当场答复或引导、未立信访事项的来访{batches.batches}批{batches.people}人"
            f"（当场答复{batches.on_the_spot}人、引导去向{batches.guided}人）。",)


def figure_rows(routes: RouteFigures, chairman: ChairmanPackages, batches: Batches) -> list[tuple[str, str, object]]:
    """The yearly report's CSV rows for these figures (类别, 项目, 数值)."""
    rows: list[tuple[str, str, object]] = [("分类处理", t.label, t.count) for t in routes.routes]
    rows += [("分类处理", "合计", routes.routed)]
    rows += [("不予受理", t.label, t.count) for t in routes.refusals]
    rows += [("不予受理", "合计", routes.refused)]
    rows += [("包案", "主要领导亲自包案", chairman.count)]
    rows += [("接访登记", "批次", batches.batches), ("接访登记", "人数", batches.people),
             ("接访登记", "当场答复人数", batches.on_the_spot), ("接访登记", "引导去向人数", batches.guided)]
    return rows
