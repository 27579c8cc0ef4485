"""When the calendar changes, say what moves (节假日安排变化后的期限复核).

A holiday file added or corrected (``reference/holidays/<year>.yaml``), or a new ``chinesecalendar`` pin,
changes which days are working days; every computed date that runs over those days may move. The office must
then tell the petitioners and leaders concerned. ``moves(old, new, cases, receptions)`` computes, under each
of two ``rules.Calendar``s, every date the rules derive from the record:

- 受理告知期限 (received + 15 days), 办结期限 (accepted + 60, with the extension);
- 复查申请期限 (the written answer + 30), each request's 答复期限 (+ 30), and after a 复查 answer the
  复核申请期限;
- each reception still to come (planned or rescheduled): a fixed reception on the rule's day whose rule day
  moves (``rules.fixed_reception_day``), and any reception whose day becomes a day off;

and lists those that differ, old → new. ``xinfang recheck`` prints them for the working tree against the
holiday files of a base revision; ``xinfang changes`` adds them as a section when a pull request touches a
holiday file (``calendar_section``). Data is read defensively: a pull request under review may be broken.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from functools import partial
from typing import Any, Callable, Iterable, Mapping

from . import rules
from .loader import parse_text
from .schema import schema

Data = Mapping[str, Any]
HOLIDAYS_DIR = "reference/holidays"


@dataclass(frozen=True)
class Move:
    """One derived date that a calendar change moves (日期变化)."""

    record: str      # XF-… or JF-…
    what: str        # 办结期限, 受理告知期限, 复查申请期限, 复查答复期限, 定点接访日 …
    old: date
    new: date
    note: str = ""   # the record's state, or why a reception day must move

    def line(self) -> str:
        tail = f"（{self.note}）" if self.note else ""
        return f"**{self.record}** {self.what}：{self.old} → {self.new}{tail}"


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _label(kind: str, pointer: tuple, code: Any) -> str:
    return schema(kind).labels(pointer).get(str(code), str(code))


def _case_dates(d: Data) -> list[tuple[str, Callable[[], date | None]]]:
    """The derived dates of a case, each as (name, how to compute it under the calendar in use)."""
    found: list[tuple[str, Callable[[], date | None]]] = []
    received, accepted = _date(d.get("received")), _date(d.get("accepted"))
    if received:
        found.append(("受理告知期限", lambda: rules.acceptance_due(received)))
    ext = d.get("extension")
    days = ext.get("days", 0) if isinstance(ext, dict) else 0
    if accepted and isinstance(days, int) and 0 <= days <= rules.MAX_EXTENSION_DAYS:
        found.append(("办结期限", lambda: rules.conclusion_deadline(accepted, days)))
    conclusion = d.get("conclusion")
    concluded = _date(conclusion.get("delivered") or conclusion.get("date")) if isinstance(conclusion, dict) else None
    if concluded:
        found.append(("复查申请期限", lambda: rules.review_request_due(concluded)))
    for i, request in enumerate(d.get("reviews") or ()):
        if not isinstance(request, dict):
            continue
        kind = _label("case", ("reviews", 0, "kind"), request.get("kind"))
        requested, answered = _date(request.get("requested")), _date(request.get("answered"))
        if requested:
            found.append((f"第 {i + 1} 次{kind}答复期限", partial(rules.review_answer_due, requested)))
        if answered and request.get("kind") == "review":
            start = _date(request.get("delivered")) or answered  # 自收到复查意见之日起
            found.append(("复核申请期限", partial(rules.review_request_due, start)))
    return found


def _case_note(d: Data) -> str:
    status = _label("case", ("status",), d.get("status"))
    return f"事项状态：{status}" if d.get("status") else ""


def _under(calendar: rules.Calendar, compute: Callable[[], Any]) -> Any:
    with rules.calendar_in_use(calendar):
        try:
            return compute()
        except (ValueError, KeyError, IndexError):
            return None


def case_moves(old: rules.Calendar, new: rules.Calendar, case_id: str, d: Data) -> list[Move]:
    moves = []
    for what, compute in _case_dates(d):
        before, after = _under(old, compute), _under(new, compute)
        if before and after and before != after:
            moves.append(Move(case_id, what, before, after, _case_note(d)))
    return moves


def reception_moves(old: rules.Calendar, new: rules.Calendar, rec: Data, today: date | None = None,
                    reading: str = rules.SECOND_TUESDAY) -> list[Move]:
    """A reception still to come whose rule day moves, or whose day becomes a day off."""
    status = rec.get("status")
    day = _date(rec.get("rescheduled_to") if status == "rescheduled" else rec.get("date"))
    rec_id = str(rec.get("id", "?"))
    if status not in ("planned", "rescheduled") or day is None or (today and day < today):
        return []
    reason = _under(new, lambda: rules.day_off_reason(day))
    if rec.get("mode") == "fixed" and status == "planned":
        rule_old = _under(old, lambda: rules.fixed_reception_day(day.year, day.month, reading).date)
        rule_new = _under(new, lambda: rules.fixed_reception_day(day.year, day.month, reading).date)
        if rule_old and rule_new and rule_old != rule_new and (day == rule_old or reason):
            why = f"{day} 为{reason}" if reason else "按新的节假日安排重新推算"
            return [Move(rec_id, "定点接访日", day, rule_new, f"{why}；须改期并重新报批，提前告知")]
    if reason and not _under(old, lambda: rules.day_off_reason(day)):
        after = _under(new, lambda: rules.next_workday(day))
        return [Move(rec_id, "接访日期", day, after, f"{day} 为{reason}，顺延至下一个工作日；须改期并重新报批，提前告知")]
    return []


def moves(old: rules.Calendar, new: rules.Calendar, cases: Mapping[str, Data],
          receptions: Iterable[Data], today: date | None = None, reading: str = rules.SECOND_TUESDAY) -> list[Move]:
    """Every derived date that differs between the two calendars, cases by id then receptions by id."""
    found: list[Move] = []
    for case_id in sorted(cases):
        found += case_moves(old, new, case_id, cases[case_id])
    for rec in sorted(receptions, key=lambda r: str(r.get("id"))):
        found += reception_moves(old, new, rec, today, reading)
    return found


# -- calendars and records from files ---------------------------------------------------------------------

def calendar_from_texts(texts: Mapping[str, str | None]) -> tuple[rules.Calendar, list[str]]:
    """A calendar from holiday files' texts (path → text); files that do not parse or validate are left out
    and named."""
    files, skipped = [], []
    for path, text in sorted(texts.items()):
        if text is None:
            continue
        doc, problems = parse_text(text, path, keep_node=False)
        if doc is None or not isinstance(doc.data, dict) or not schema("holidays").is_valid(doc.data):
            skipped.append(path)
            continue
        files.append(rules.HolidayFile.from_data(doc.data, path))
    return rules.Calendar(files), skipped


def records_from_texts(texts: Mapping[str, str]) -> tuple[dict[str, Data], list[Data]]:
    """Cases by id and receptions from case and schedule texts (path → text); unreadable ones are skipped."""
    cases: dict[str, Data] = {}
    receptions: list[Data] = []
    for path, text in texts.items():
        doc, _ = parse_text(text, path, keep_node=False)
        if doc is None or not isinstance(doc.data, dict):
            continue
        if path.startswith("cases/"):
            cases[str(doc.data.get("id") or Path(path).stem)] = doc.data
        elif path.startswith("schedules/"):
            receptions += [r for r in doc.data.get("receptions") or () if isinstance(r, dict)]
    return cases, receptions


def _git(root: Path, args: list[str], stdin: str | None = None) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, text=True, encoding="utf-8")
    except FileNotFoundError:
        return None
    return done.stdout if done.returncode == 0 else None


def texts_at(root: Path, rev: str | None, folders: Iterable[str]) -> dict[str, str]:
    """Every ``.yaml`` under ``folders`` at ``rev`` (None: the working tree), path → text, read in one
    ``git cat-file --batch`` for a revision."""
    folders = list(folders)
    if rev is None:
        found = {}
        for folder in folders:
            for file in sorted((root / folder).rglob("*.yaml")) if (root / folder).is_dir() else ():
                if not file.name.startswith("."):
                    found[file.relative_to(root).as_posix()] = file.read_text(encoding="utf-8-sig")
        return found
    listing = _git(root, ["ls-tree", "-r", "--name-only", "--full-tree", rev, "--", *folders]) or ""
    names = [n for n in listing.splitlines() if n.endswith(".yaml")]
    if not names:
        return {}
    done = subprocess.run(["git", "cat-file", "--batch"], cwd=root, capture_output=True,
                          input="".join(f"{rev}:{n}\n" for n in names).encode("utf-8"))
    out, pos, found = done.stdout, 0, {}
    for name in names:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        found[name] = out[pos:pos + size].decode("utf-8-sig", errors="replace")
        pos += size + 1
    return found


def _reading_at(root: Path, rev: str | None) -> str:
    """The union's ``fixed_day_reading`` at ``rev`` (the default when unreadable: a PR under review may be broken)."""
    text = texts_at(root, rev, ["reference"]).get("reference/union.yaml")
    doc = parse_text(text, "reference/union.yaml", keep_node=False)[0] if text else None
    reading = doc.data.get("fixed_day_reading") if doc is not None and isinstance(doc.data, dict) else None
    return reading if reading in rules.READINGS else rules.SECOND_TUESDAY


def holiday_texts_changed(root: Path, base: str, head: str | None) -> bool:
    span = [base] if head is None else [base, head]
    out = _git(root, ["diff", "--name-only", "--relative", *span, "--", HOLIDAYS_DIR]) or ""
    untracked = _git(root, ["ls-files", "--others", "--exclude-standard", "--", HOLIDAYS_DIR]) if head is None else ""
    return bool(out.strip() or (untracked or "").strip())


def calendar_section(root: Path, base: str, head: str | None) -> list[str]:
    """Markdown lines for ``xinfang changes``: what moves when a pull request touches a holiday file."""
    if not holiday_texts_changed(root, base, head):
        return []
    old, skipped_old = calendar_from_texts(texts_at(root, base, [HOLIDAYS_DIR]))
    new, skipped_new = calendar_from_texts(texts_at(root, head, [HOLIDAYS_DIR]))
    cases, receptions = records_from_texts(texts_at(root, head, ["cases", "schedules"]))
    found = moves(old, new, cases, receptions, reading=_reading_at(root, head))
    lines = ["> 节假日文件有改动。下列日期随之变化，请告知相关信访人和领导；计划中的接访须改期并重新报批。"]
    lines += [""] + [f"- {m.line()}" for m in found] if found else ["", "- 没有期限或接访日期因此变化。"]
    for path in sorted(set(skipped_old + skipped_new)):
        lines.append(f"- `{path}` 无法读取或不符合格式，未计入（请先运行 `xinfang validate`）")
    return lines
