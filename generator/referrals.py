"""交办 between levels and the written report back (书面报告): what travels, and how it lands in each repository.

The file format, the keys and the checks of a received file are ``exchange``'s; this module decides the
content: what of an assignment the lower union receives (``assignment_body``), how it becomes the lower
union's case (``referral_case_text``), what the report back says (``report_body``) and how the upper union
records it (``record_report``: the ``reported`` date on the assignment — or, when the unit was pressed since, the
latest supervision — entry to that union without one, and a ``progress`` entry with the report). Each landing is
validated with the whole repository before it is kept; a refused import leaves every file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Mapping

import yaml

from .config import Paths
from .errors import DataInvalid, UsageProblem, has_errors
from .exchange import (PETITIONER_FIELDS, ExchangeRefused, Opened, open_file, own_keys, partners, seal,
                       write_exchange_file)
from .model import Case, Repository
from .output import replace_file
from .scaffold import modeline, next_case_id

REQUIREMENT = "请依法按政策办理，办结后书面报告办理结果（办理结果、办结日期、办结情况概要）"


def _assignment_entry(case: Case, raw: Mapping[str, Any], unit: str) -> Mapping[str, Any]:
    entries = [h for h in raw["history"] if h["type"] == "assignment" and h.get("unit") == unit]
    if not entries:
        raise UsageProblem(f"{case.id} 没有交办给 {unit} 的记录（history 中 type: assignment, unit: {unit}）："
                           "请先记下交办，再导出交办文件")
    return entries[-1]


def assignment_body(repo: Repository, case_id: str, unit: str, requirement: str | None) -> dict[str, Any]:
    """What the lower union receives: the facts, the deadline and requirement, and only the petitioner details
    it needs to act (``exchange.PETITIONER_FIELDS``)."""
    case = repo.case(case_id)
    if case is None:
        raise UsageProblem(f"没有信访事项 {case_id}")
    raw = case.raw
    entry = _assignment_entry(case, raw, unit)
    body: dict[str, Any] = {
        "number": case.id, "union": repo.union.name, "assigned": entry["date"],
        "requirement": requirement or "；".join(x for x in ((entry.get("note") or "").rstrip("。"), REQUIREMENT) if x),
        "petitioners": [{k: p[k] for k in PETITIONER_FIELDS if k in p} for p in raw["petitioners"]],
        **{k: raw[k] for k in ("headcount", "topic", "region", "title", "public_summary", "summary", "demands", "received")
           if k in raw},
    }
    if "deadline" in entry:
        body["deadline"] = entry["deadline"]
    return body


def export_assignment(paths: Paths, repo: Repository, case_id: str, unit: str, requirement: str | None,
                      out: Path, today: date) -> Path:
    partner = partners(paths).get(unit)
    if partner is None:
        raise UsageProblem(f"reference/exchange.yaml 中没有 {unit} 的公钥：请对方运行 xinfang keys，把显示的一条登记进该文件"
                           f"（id 写 {unit}）")
    body = assignment_body(repo, case_id, unit, requirement)
    content = seal("assignment", body, repo.union.name, own_keys(paths), partner, today)
    return write_exchange_file(out / f"assignment-{case_id}-{unit}-{content['header']['id'][:8]}.json", content)


# ------------------------------------------------------------------ landing in the lower union

def _imported(repo: Repository) -> set[str]:
    """Exchange ids already imported: a referral's, and every report recorded in a history."""
    found = set()
    for case in repo.cases:
        referral = case.raw.get("referral") or {}
        if "exchange" in referral:
            found.add(referral["exchange"])
        found |= {h["exchange"] for h in case.raw["history"] if "exchange" in h}
    return found


def referral_case_text(paths: Paths, file: Path, case_id: str, opened: Opened, today: date) -> str:
    """The lower union's new case: a referral carrying the upper union's number, deadline and requirement."""
    body = opened.body
    referral = {"organ": body["union"], "union": opened.sender.id, "number": body["number"]}
    if "deadline" in body:
        referral["deadline"] = body["deadline"]
    referral |= {"requirement": body["requirement"], "exchange": opened.header["id"]}
    data: dict[str, Any] = {"id": case_id, "channel": "referral", "referral": referral,
                            "petitioners": body["petitioners"]}
    data |= {k: body[k] for k in ("headcount", "topic", "region", "title", "public_summary", "summary", "demands") if k in body}
    data |= {"received": today.isoformat(), "status": "registered",
             "history": [{"date": today.isoformat(), "type": "registration",
                          "note": f"{body['union']}交办（{body['number']}，{body['assigned']}交办），由 xinfang import 导入。"}]}
    head = [modeline(paths, file, "case").rstrip("\n"),
            f"# 由 xinfang import 从{body['union']}的交办文件导入（交换文件 {opened.header['id']}）。",
            "# 办结后运行 xinfang export report " + case_id + " 生成书面报告，发回上级工会。"]
    return "\n".join(head) + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)


@dataclass(frozen=True)
class Imported:
    what: str
    file: Path
    case_id: str


def import_exchange(paths: Paths, file: Path, today: date, repo: Any) -> Imported:
    """Verify, decrypt and land an exchange file into ``repo`` (the validated repository, from the command);
    validated with the repository before it is kept."""
    opened = open_file(file, paths)
    if opened.header["id"] in _imported(repo):
        raise ExchangeRefused(f"{file.name} 已经导入过（交换文件 {opened.header['id']}），未重复导入")
    if opened.header["kind"] == "assignment":
        case_id = next_case_id(paths, today.year)
        target = paths.case_file(case_id)
        text = referral_case_text(paths, target, case_id, opened, today)
        _keep_if_valid(paths, today, target, None, text)
        return Imported("assignment", target, case_id)
    if opened.header["kind"] == "report":
        case = repo.case(opened.body["number"])
        if case is None:
            raise ExchangeRefused(f"{file.name} 报告的是 {opened.body['number']}，本会没有这件事项，未导入")
        target = paths.case_file(case.id)
        old = target.read_text(encoding="utf-8")
        _keep_if_valid(paths, today, target, old, record_report(old, case, opened))
        return Imported("report", target, case.id)
    raise ExchangeRefused(f"{file.name} 的类型 {str(opened.header['kind'])[:20]} 不能导入")


def _keep_if_valid(paths: Paths, today: date, target: Path, old: str | None, text: str) -> None:
    """Write, validate the whole repository, and put the old state back if it has an error."""
    from .reporters import report
    from .validate import check_repository

    replace_file(target, text)
    checked = check_repository(paths, today)
    if has_errors(checked.problems):
        if old is None:
            target.unlink()
        else:
            replace_file(target, old)
        report([p for p in checked.problems if p.is_error], checked.files, "text")
        raise DataInvalid([p for p in checked.problems if p.is_error], files=checked.files)


# ------------------------------------------------------------------ the written report back (书面报告)

def report_body(case: Case) -> dict[str, Any]:
    """The lower union's written report: result, date and a summary of the conclusion."""
    raw = case.raw
    referral = raw.get("referral") or {}
    if "number" not in referral or "union" not in referral:
        raise UsageProblem(f"{case.id} 不是由上级工会交办文件导入的事项（referral 中没有 number 和 union），无法生成书面报告")
    if "conclusion" not in raw:
        raise UsageProblem(f"{case.id} 尚未办结（没有 conclusion）：办结后再生成书面报告")
    conclusion = raw["conclusion"]
    body = {"number": referral["number"], "case": case.id, "concluded": conclusion["date"],
            "result": conclusion["result"], "status": raw["status"]}
    if "public_result" in conclusion:
        body["public_result"] = conclusion["public_result"]
    if "satisfaction" in conclusion:
        body["satisfaction"] = conclusion["satisfaction"]
    return body


def export_report(paths: Paths, repo: Repository, case_id: str, out: Path, today: date) -> Path:
    case = repo.case(case_id)
    if case is None:
        raise UsageProblem(f"没有信访事项 {case_id}")
    body = report_body(case)
    partner = partners(paths).get(case.raw["referral"]["union"])
    if partner is None:
        raise UsageProblem(f"reference/exchange.yaml 中没有 {case.raw['referral']['union']}（交办工会）的公钥")
    content = seal("report", body, repo.union.name, own_keys(paths), partner, today)
    return write_exchange_file(out / f"report-{case_id}-{body['number']}-{content['header']['id'][:8]}.json", content)


def record_report(text: str, case: Case, opened: Opened) -> str:
    """The upper union's case with the report recorded: ``reported`` on the latest assignment or supervision
    entry to the reporting union that has none, and a ``progress`` entry (dated the conclusion) with the report."""
    unit = opened.sender.id
    body = opened.body
    history = case.raw["history"]
    open_entries = [i for i, h in enumerate(history) if h["type"] in ("assignment", "supervision")
                    and h.get("unit") == unit and "reported" not in h]
    if not open_entries:
        raise ExchangeRefused(f"{case.id} 没有交办或督办给 {unit} 而尚未报告的记录：书面报告无处记录，未导入")
    node = yaml.compose(text)
    if node is None:
        raise ExchangeRefused(f"{case.id} 的文件为空：书面报告无处记录，未导入")
    history_node = next(v for k, v in node.value if k.value == "history")
    entry = history_node.value[open_entries[-1]]
    if history_node.flow_style or entry.flow_style:
        raise ExchangeRefused(f"{case.id} 的 history 须写成逐行的列表（- date: …），才能记入书面报告；未导入")
    lines = text.splitlines(keepends=True)
    indent = " " * entry.value[0][0].start_mark.column
    last_line = max(v.end_mark.line - (1 if v.end_mark.column == 0 else 0) for _, v in entry.value)
    lines.insert(last_line + 1, f'{indent}reported: "{body["concluded"]}"\n')
    progress = {"date": body["concluded"], "type": "progress", "unit": unit, "exchange": opened.header["id"],
                "note": f"{opened.sender.name}书面报告（其编号 {body['case']}）：{body['result']}"}
    if "public_result" in body:
        progress["public_note"] = f"{opened.sender.name}书面报告办理结果。"
    dumped = yaml.safe_dump([progress], allow_unicode=True, sort_keys=False, width=4096)
    item_indent = " " * history_node.value[0].start_mark.column
    dash = " " * (history_node.value[0].start_mark.column - 2)
    block = "".join((dash + line) if line.startswith("- ") else (item_indent + line[2:] if line.startswith("  ") else line)
                    for line in dumped.splitlines(keepends=True))
    end_line = history_node.end_mark.line + (1 if history_node.end_mark.column else 0)
    merged = "".join(lines)
    rows = merged.splitlines(keepends=True)
    at = end_line + 1  # one line was inserted above the end of the history
    if rows and not rows[-1].endswith("\n"):
        rows[-1] += "\n"
    rows.insert(min(at, len(rows)), block)
    return "".join(rows)
