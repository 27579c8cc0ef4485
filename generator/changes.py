"""Change summary (变更摘要): what a pull request changes in the record, as Markdown for a review comment.

A reviewer should not have to read raw YAML diffs to see that a case was concluded, a deadline extended or
a withheld case made public. ``summarize_changes`` compares two states of a repository — a base revision
and either a head revision or the working tree — and words the difference per record: cases added or
removed, status transitions, new history entries, deadline changes, receptions added, rescheduled or
cancelled; and, set apart, every change to what the public site shows (``公开内容变化``).

Git is read only through the ``git`` command (``git diff --name-only``, ``git show REV:path``,
``git merge-base``), never by parsing git's files. Old and new texts are parsed by ``loader.parse_text``;
data is not assumed valid (a pull request under review may be broken), so every access is defensive.
The summary never quotes an internal field: only codes, dates and texts the schemas mark public, and those
only of records the site shows (a withheld case is named by its id and its changed fields), because a
pull-request comment may be read by more people than the record itself, and its history and notification
mail keep it. Every text taken from the data is masked (petitioner values of the cases involved and
ID/mobile-shaped numbers, as the leak report masks them) and escaped for GitHub- and GitLab-flavoured
Markdown (``md``), so that no title can hide a section, mention someone or run HTML. Units and leaders are
named, not coded. Changes that decide what is published or how the data is checked — the schemas,
``mkdocs.yml``, the CI files, the tool's version and code — come first, as needing a second reviewer.
"""

from __future__ import annotations

import json
import re
import subprocess
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Mapping

from . import rules
from .config import Paths
from .errors import Pointer, XinfangError
from .privacy import ALLOWANCES, mask
from .loader import parse_text
from .recheck import calendar_section
from .schema import schema

from .public import public_view

Data = dict[str, Any]
DATA_FOLDERS = ("cases", "schedules", "reference")
# What decides what is published or how data is checked (需第二位审核人): path (prefix) → how it is named
CONTROL_PATHS = {
    "schemas/": "案卷格式（JSON Schema）",
    "mkdocs.yml": "公开网站设置 mkdocs.yml",
    ".github/workflows/": "持续集成工作流（GitHub Actions）",
    ".gitlab-ci.yml": "持续集成流水线（GitLab CI）",
    "pyproject.toml": "工具的版本与依赖 pyproject.toml",
    ".ci/": "持续集成脚本与依赖锁定 .ci/",
    ".pre-commit-config.yaml": "提交前检查 .pre-commit-config.yaml",
    "generator/": "工具代码 generator/",
}
MAIN_BRANCHES = ("main", "origin/main", "master", "origin/master")
QUOTE_LIMIT = 80


class ChangesError(XinfangError):
    """Git cannot answer (not a repository, unknown revision)."""


# -- reading git ----------------------------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    """Run one git command in ``root`` and return its output; a failure becomes one Chinese line."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8")
    except FileNotFoundError as exc:
        raise ChangesError("找不到 git 命令：请先安装 git") from exc
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["未知错误"])[-1]
        raise ChangesError(f"git {' '.join(args[:2])} 失败：{detail}")
    return done.stdout


def default_base(root: Path) -> str:
    """The merge base of HEAD with the main branch (main, origin/main, master, origin/master)."""
    for branch in MAIN_BRANCHES:
        try:
            return git(root, "merge-base", "HEAD", branch).strip()
        except ChangesError:
            continue
    raise ChangesError("找不到主分支（main 或 master）：请写明比较的基准，例如 xinfang changes origin/main")


def short(root: Path, rev: str) -> str:
    return git(root, "rev-parse", "--short", rev).strip()


def changed_files(root: Path, base: str, head: str | None) -> list[str]:
    """Data files (relative to ``root``) that differ between ``base`` and ``head`` (None: the working tree)."""
    span = [base] if head is None else [base, head]
    out = git(root, "diff", "--name-only", "--no-renames", "--relative", *span, "--", *DATA_FOLDERS)
    names = set(out.splitlines())
    if head is None:  # new files not yet added to git are part of the working tree too
        names |= set(git(root, "ls-files", "--others", "--exclude-standard", "--", *DATA_FOLDERS).splitlines())
    return sorted(n for n in names if n.endswith(".yaml"))


def changed_control_files(root: Path, base: str, head: str | None) -> list[str]:
    """Files among ``CONTROL_PATHS`` that differ between ``base`` and ``head`` (None: the working tree)."""
    span = [base] if head is None else [base, head]
    where = [p.rstrip("/") for p in CONTROL_PATHS]
    names = set(git(root, "diff", "--name-only", "--no-renames", "--relative", *span, "--", *where).splitlines())
    if head is None:
        names |= set(git(root, "ls-files", "--others", "--exclude-standard", "--", *where).splitlines())
    return sorted(names)


def read_at(root: Path, rev: str | None, path: str) -> str | None:
    """The text of ``path`` at ``rev`` (None: the working tree), or None where it does not exist."""
    if rev is None:
        file = root / path
        return file.read_text(encoding="utf-8-sig") if file.is_file() else None
    try:
        return git(root, "show", f"{rev}:./{path}")
    except ChangesError:
        return None


# -- the two states -------------------------------------------------------------------------------

@dataclass
class State:
    """The records of the changed files on one side: cases, receptions, leaders and units by id."""

    cases: dict[str, Data] = field(default_factory=dict)
    receptions: dict[str, Data] = field(default_factory=dict)
    leaders: dict[str, Data] = field(default_factory=dict)
    units: dict[str, Data] = field(default_factory=dict)
    union: Data | None = None
    unreadable: list[str] = field(default_factory=list)

    def add(self, path: str, data: Data | None) -> None:
        if data is None:
            return
        if path.startswith("cases/"):
            self.cases[str(data.get("id") or Path(path).stem)] = data
        elif path.startswith("schedules/"):
            self.receptions.update(_by_id(data.get("receptions")))
        elif path == "reference/leaders.yaml":
            self.leaders = _by_id(data.get("leaders"))
        elif path == "reference/units.yaml":
            self.units = _by_id(data.get("units"))
        elif path == "reference/union.yaml":
            self.union = data


def _by_id(items: Any) -> dict[str, Data]:
    return {str(d["id"]): d for d in items or [] if isinstance(d, dict) and d.get("id")}


def parse(path: str, text: str | None) -> tuple[Data | None, list[str]]:
    """The data of one side of a file (None if absent) and, if it cannot be parsed, its problems."""
    if text is None:
        return None, []
    doc, problems = parse_text(text, path, keep_node=False)
    if doc is None or not isinstance(doc.data, dict):
        return None, [p.format() for p in problems] or [f"{path}:1:1: 内容不是键值对"]
    return doc.data, []


def load_states(root: Path, base: str, head: str | None) -> tuple[State, State]:
    """Both sides of every changed file; a file unreadable on either side is left out of both (and reported),
    so that a syntax error never shows up as a deleted case."""
    old, new = State(), State()
    for path in changed_files(root, base, head):
        before, broken_before = parse(path, read_at(root, base, path))
        after, broken_after = parse(path, read_at(root, head, path))
        if broken_before or broken_after:
            new.unreadable += broken_before + broken_after
            continue
        old.add(path, before)
        new.add(path, after)
    return old, new


# -- wording helpers ------------------------------------------------------------------------------

def label(kind: str, pointer: Pointer, code: Any) -> str:
    """The Chinese label of a code from the schema (``已办结``), or the code itself (escaped: it is data)."""
    return schema(kind).labels(pointer).get(str(code)) or md(code)


def title(kind: str, pointer: Pointer) -> str:
    """A field as named in messages: ``公开标题 title``; history items as ``办理记录``; a key the schema does
    not know is data, escaped."""
    sch = schema(kind)
    return sch.field_name(pointer) if sch.at(pointer) is not None else md(sch.field_name(pointer))


@dataclass(frozen=True)
class Words:
    """What wording needs beyond the schemas: petitioner values to mask, names of units and leaders."""

    secrets: tuple[tuple[str, str], ...] = ()
    """(value, field) of every petitioner of the cases involved, longest first."""
    names: Mapping[str, str] = field(default_factory=dict)
    """Unit and leader ids → their names (the head's, else the base's)."""


_words: ContextVar[Words] = ContextVar("changes_words", default=Words())  # noqa: B039 - Words is frozen
# GitHub/GitLab Markdown: characters that start emphasis, code, links, HTML, entities, tables, math or
# strike-through anywhere in a line. Lines never begin with data (each starts with our own "- " or text),
# so block syntax (#, -, 1.) needs no escape. ``@`` would notify the person named: full-width ＠ instead.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>!&~|$])")
_LONG_NUMBER = re.compile(r"(?<![0-9*])(?:[0-9]{17}[0-9Xx]|[0-9]{7,})(?![0-9*])")


def masked(text: str) -> str:
    """``text`` with every petitioner value of the cases involved and every ID/mobile-shaped number masked
    the way the leak report masks them (李**, 139****5678)."""
    for value, kind in _words.get().secrets:
        if value in text:
            text = text.replace(value, mask(value, kind))
    return _LONG_NUMBER.sub(lambda m: mask(m.group(), "id_number" if len(m.group()) == 18 else "phone"), text)


def md(text: Any) -> str:
    """Any text taken from the data, as it may stand in the summary: one line, masked, Markdown-escaped."""
    flat = masked(" ".join(str(text).split()))
    return _MARKDOWN.sub(r"\\\1", flat).replace("@", "＠")


def quote(text: Any) -> str:
    flat = masked(" ".join(str(text).split()))
    return f"“{md(flat if len(flat) <= QUOTE_LIMIT else flat[:QUOTE_LIMIT] + '…')}”"


def name(code: Any) -> str:
    """A unit or leader by name (甲区总工会), its code when the reference data does not know it."""
    return md(_words.get().names.get(str(code), code))


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def deadline(case: Mapping[str, Any]) -> date | None:
    """办结期限 as the rules compute it (None before acceptance or when the data is not usable)."""
    accepted = _date(case.get("accepted"))
    extension = case.get("extension")
    days = extension.get("days", 0) if isinstance(extension, dict) else 0
    if accepted is None or not isinstance(days, int):
        return None
    try:
        return rules.CaseClock(accepted, days).deadline
    except ValueError:
        return None


def is_published(case: Mapping[str, Any] | None) -> bool:
    """On the public site: a package whose disclosure is ``public`` (the site's own rule)."""
    package = case.get("package") if case else None
    return isinstance(package, dict) and package.get("disclosure") == "public"


def projection(kind: str, raw: Mapping[str, Any]) -> Data:
    """The public part of a record: ``public.public_view``, or the same walk over the x-public marks."""
    if public_view is not None:
        return public_view(kind, raw)
    return _marked(schema(kind), schema(kind).resolve(schema(kind).raw), raw)


def _marked(sch: Any, node: Mapping[str, Any], value: Any) -> Any:
    if isinstance(value, Mapping):
        props = node.get("properties", {})
        return {k: _marked(sch, sch.resolve(props[k]), v) for k, v in value.items()
                if k in props and sch.resolve(props[k]).get("x-public") is True}
    if isinstance(value, list):
        items = node.get("items")
        return [_marked(sch, sch.resolve(items) if isinstance(items, dict) else {}, v) for v in value]
    return value


def flatten(value: Any, pointer: Pointer = ()) -> dict[Pointer, Any]:
    """Leaves of a nested value by pointer (lists of codes stay whole: one field, one line)."""
    if isinstance(value, Mapping):
        out: dict[Pointer, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, (*pointer, key)))
        return out
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        out = {}
        for i, item in enumerate(value):
            out.update(flatten(item, (*pointer, i)))
        return out
    return {pointer: value}


# -- cases ----------------------------------------------------------------------------------------

def _entry_words(entry: Mapping[str, Any]) -> str:
    """One history entry in a few words: date, kind, and for a supervision its method, unit and deadline."""
    words = f"{md(entry.get('date', '?'))} {label('case', ('history', 0, 'type'), entry.get('type', '?'))}"
    details = []
    if entry.get("method"):
        details.append(label("case", ("history", 0, "method"), entry["method"]))
    if entry.get("unit"):
        details.append(f"责任单位 {name(entry['unit'])}")
    if entry.get("leader"):
        details.append(f"领导 {name(entry['leader'])}")
    if entry.get("deadline"):
        details.append(f"期限 {md(entry['deadline'])}")
    return f"{words}（{'，'.join(details)}）" if details else words


def _entries(case: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [e for e in case.get("history") or [] if isinstance(e, dict)]


def history_lines(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """History entries added, edited or removed. Entries are matched by (date, type) in order, so an
    entry inserted in the middle is one addition, not an edit of every entry after it."""
    before, after = _entries(old), _entries(new)
    key = lambda e: (str(e.get("date")), str(e.get("type")))  # noqa: E731 - local shorthand
    matcher = SequenceMatcher(a=[key(e) for e in before], b=[key(e) for e in after], autojunk=False)
    lines = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            for was, now in zip(before[a0:a1], after[b0:b1]):
                if was != now:
                    keys = [k for k in dict.fromkeys([*was, *now]) if was.get(k) != now.get(k)]
                    fields = "、".join(title("case", ("history", 0, k)) for k in keys)
                    lines.append(f"修改办理记录：{_entry_words(now)}：{fields}")
            continue
        lines += [f"删除办理记录：{_entry_words(e)}" for e in before[a0:a1]]
        lines += [f"新增办理记录：{_entry_words(e)}" for e in after[b0:b1]]
    return lines


def _status_line(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    if old.get("status") == new.get("status"):
        return []
    line = f"办理状态：{label('case', ('status',), old.get('status'))} → {label('case', ('status',), new.get('status'))}"
    conclusion = new.get("conclusion")
    if new.get("status") == "concluded" and isinstance(conclusion, dict):
        extra = [f"办结日期 {md(conclusion.get('date'))}"]
        if conclusion.get("satisfaction"):
            extra.append(f"满意度 {label('case', ('conclusion', 'satisfaction'), conclusion['satisfaction'])}")
        line += f"（{'，'.join(extra)}）"
    return [line]


def _deadline_lines(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    lines = []
    ext_old, ext_new = old.get("extension"), new.get("extension")
    if ext_new != ext_old and isinstance(ext_new, dict):
        verb = "延期" if not isinstance(ext_old, dict) else "延期改为"
        lines.append(f"{verb} {md(ext_new.get('days'))} 日（批准日期 {md(ext_new.get('approved'))}）")
    elif isinstance(ext_old, dict) and not isinstance(ext_new, dict):
        lines.append("撤销延期")
    before, after = deadline(old), deadline(new)
    if before != after:
        if before is None:
            lines.append(f"受理 {md(new.get('accepted'))}，办结期限 {after}" if after else "办结期限：不再计算")
        else:
            lines.append(f"办结期限：{before} → {after if after else '不再计算'}")
    return lines


def _package_lines(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    p_old = old.get("package") if isinstance(old.get("package"), dict) else None
    p_new = new.get("package") if isinstance(new.get("package"), dict) else None
    if p_new and not p_old:
        return [f"领导包案：{name(p_new.get('leader'))}（{md(p_new.get('since'))} 起）"]
    if p_old and not p_new:
        return ["取消包案"]
    if p_old and p_new and p_old.get("leader") != p_new.get("leader"):
        return [f"包案领导：{name(p_old.get('leader'))} → {name(p_new.get('leader'))}"]
    return []


# fields whose change the lines above already word; the rest are only named under 其他改动
_WORDED = {"status", "history", "extension", "accepted", "conclusion", "package"}


def _other_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in _WORDED and old.get(k) != new.get(k)]
    return [f"其他改动：{'、'.join(title('case', (k,)) for k in keys)}"] if keys else []


def case_changes(case_id: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The lines under one changed case (empty if nothing a reviewer needs to know changed)."""
    lines = _status_line(old, new)
    lines += history_lines(old, new)
    lines += _deadline_lines(old, new) + _package_lines(old, new) + _other_fields(old, new)
    return lines


def _case_head(case_id: str, case: Mapping[str, Any]) -> str:
    """``**XF-2026-0001** 某机械企业拖欠工资问题``: the title only of a case the site shows (published); a
    withheld or unpackaged case is named by its id alone, its title being no more public than the rest."""
    shown = case.get("title", "") if is_published(case) else ""
    return f"**{md(case_id)}** {md(shown)}".rstrip()


def _case_facts(case: Mapping[str, Any]) -> str:
    return " · ".join(label("case", (key,), case.get(key)) for key in ("channel", "topic", "status"))


def cases_section(old: State, new: State) -> list[str]:
    lines = []
    for case_id in sorted(set(old.cases) | set(new.cases)):
        before, after = old.cases.get(case_id), new.cases.get(case_id)
        if before is None and after is not None:
            lines.append(f"- {_case_head(case_id, after)}：新增（{_case_facts(after)}）")
        elif after is None and before is not None:
            lines.append(f"- {_case_head(case_id, before)}：删除")
        elif before is not None and after is not None:
            found = case_changes(case_id, before, after)
            if found:
                lines.append(f"- {_case_head(case_id, after if is_published(after) else before)}")
                lines += [f"  - {line}" for line in found]
    return lines


# -- receptions -----------------------------------------------------------------------------------

def _when(rec: Mapping[str, Any], day: Any = None) -> str:
    return f"{md(day or rec.get('date'))} {label('schedule', ('receptions', 0, 'session'), rec.get('session'))}"


def _reason(rec: Mapping[str, Any]) -> str:
    return f"（原因：{md(rec['reason'])}）" if rec.get("reason") else ""


def reception_change(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """One line for a changed reception: rescheduled, cancelled, held, or moved in the plan."""
    status = new.get("status")
    if status == "rescheduled" and (old.get("status") != "rescheduled" or old.get("rescheduled_to") != new.get("rescheduled_to")):
        return f"改期：{_when(old)} → {md(new.get('rescheduled_to'))}{_reason(new)}"
    if status == "cancelled" and old.get("status") != "cancelled":
        return f"取消：{_when(new)}{_reason(new)}"
    if old.get("date") != new.get("date") or old.get("session") != new.get("session"):
        return f"改期：{_when(old)} → {_when(new)}{_reason(new)}"
    if status != old.get("status"):
        pointer = ("receptions", 0, "status")
        line = f"状态：{label('schedule', pointer, old.get('status'))} → {label('schedule', pointer, status)}"
        return line + (f"（接待 {md(new['attendance'])} 人）" if status == "held" and "attendance" in new else "")
    if old != new:
        return "其他改动：" + "、".join(title("schedule", ("receptions", 0, k)) for k in dict.fromkeys([*old, *new])
                                    if old.get(k) != new.get(k))
    return None


def receptions_section(old: State, new: State) -> list[str]:
    lines = []
    for rec_id in sorted(set(old.receptions) | set(new.receptions)):
        before, after = old.receptions.get(rec_id), new.receptions.get(rec_id)
        if before is None and after is not None:
            mode = label("schedule", ("receptions", 0, "mode"), after.get("mode"))
            lines.append(f"- **{md(rec_id)}** 新增：{_when(after)} {mode}，{name(after.get('leader'))}，{md(after.get('location'))}")
        elif after is None and before is not None:
            lines.append(f"- **{md(rec_id)}** 删除：{_when(before)}")
        elif before is not None and after is not None:
            line = reception_change(before, after)
            if line:
                lines.append(f"- **{md(rec_id)}** {line}")
    return lines


# -- reference data -------------------------------------------------------------------------------

_REFERENCE = (("leaders", "leaders", "领导"), ("units", "units", "单位"))


def reference_section(old: State, new: State) -> list[str]:
    """Leaders and units added, removed or edited (their names and titles are public), and the union's data."""
    lines = []
    for attr, kind, what in _REFERENCE:
        before, after = getattr(old, attr), getattr(new, attr)
        for ref_id in sorted(set(before) | set(after)):
            was, now = before.get(ref_id), after.get(ref_id)
            if was is None and now is not None:
                extra = f"（{md(now['title'])}）" if now.get("title") else ""
                lines.append(f"- **{md(ref_id)}** 新增{what}：{md(now.get('name'))}{extra}")
            elif now is None and was is not None:
                lines.append(f"- **{md(ref_id)}** 删除{what}：{md(was.get('name'))}")
            elif was != now and was is not None and now is not None:
                keys = [k for k in dict.fromkeys([*was, *now]) if was.get(k) != now.get(k)]
                fields = "、".join(title(kind, (kind, 0, k)) for k in keys)
                lines.append(f"- **{md(ref_id)}** {what}资料改动：{fields}")
    if old.union != new.union and old.union is not None and new.union is not None:
        keys = [k for k in dict.fromkeys([*old.union, *new.union]) if old.union.get(k) != new.union.get(k)]
        lines.append(f"- 本级工会资料改动：{'、'.join(title('union', (k,)) for k in keys)}")
    return lines


# -- what the public sees -------------------------------------------------------------------------

def _schema_pointer(pointer: Pointer) -> Pointer:
    """The schema's pointer for a flattened one: a keyed history entry (``"2026-06-20 办结"``) is an item."""
    if len(pointer) >= 2 and pointer[0] == "history" and isinstance(pointer[1], str):
        return ("history", 0, *pointer[2:])
    return pointer


def _is_text(kind: str, pointer: Pointer) -> bool:
    """Free text (not a code, date or id): the wording a reviewer must read before it is published."""
    node = schema(kind).at(_schema_pointer(pointer)) or {}
    return isinstance(node.get("minLength"), int) and not any(k in node for k in ("enum", "pattern", "format"))


def _field(kind: str, pointer: Pointer) -> str:
    """``公开说明 public_note`` — inside a history entry also which one: ``办理记录 2026-06-20 办结 的公开说明``."""
    name = title(kind, _schema_pointer(pointer))
    if kind == "case" and len(pointer) >= 3 and pointer[0] == "history" and isinstance(pointer[1], str):
        return f"办理记录 {md(pointer[1])} 的{name}"
    return name


def keyed(view: Mapping[str, Any]) -> Mapping[str, Any]:
    """The history as a mapping keyed by date and kind (``2026-06-20 办结``, a second one that day
    ``2026-06-20 回访（第 2 条）``): entries are compared by what they are, not by their position, so an
    entry inserted in the middle does not make every later one look changed."""
    if not isinstance(view.get("history"), list):
        return view
    entries: dict[str, Any] = {}
    for entry in view["history"]:
        if not isinstance(entry, dict):
            continue
        name = f"{entry.get('date')} {label('case', ('history', 0, 'type'), entry.get('type'))}"
        count = sum(1 for k in entries if k == name or k.startswith(f"{name}（"))
        entries[name if not count else f"{name}（第 {count + 1} 条）"] = entry
    return {**view, "history": entries}


def public_texts(kind: str, view: Mapping[str, Any]) -> list[str]:
    """Every public free text of a projected record, named: what a disclosure puts online."""
    return [f"{_field(kind, p)}：{quote(v)}" for p, v in flatten(keyed(view)).items() if _is_text(kind, p) and v]


# how deep a pointer names the field a reviewer thinks of: a case's ``extension``, a schedule's reception's ``date``
_GROUP = {"case": 1, "schedule": 3}


def public_diff(kind: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Field-by-field change of two public projections; texts quoted, other fields named."""
    before, after = flatten(keyed(old)), flatten(keyed(new))
    lines, others = [], []
    for pointer in dict.fromkeys([*before, *after]):
        was, now = before.get(pointer), after.get(pointer)
        if was == now:
            continue
        if not _is_text(kind, pointer):  # codes and dates: named once per top-level field, not quoted
            others.append(title(kind, pointer[:_GROUP[kind]]))
        elif was is None:
            lines.append(f"新增{_field(kind, pointer)}：{quote(now)}")
        elif now is None:
            lines.append(f"删除{_field(kind, pointer)}（原为 {quote(was)}）")
        else:
            lines.append(f"{_field(kind, pointer)}：{quote(was)} → {quote(now)}")
    if others:
        lines.append(f"公开字段改动：{'、'.join(dict.fromkeys(others))}")
    return lines


def _case_public(case_id: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[str]:
    """A case's public changes: disclosed, withdrawn, or its public fields edited."""
    head = _case_head(case_id, new if new is not None and is_published(new) else old or new or {})
    if new is not None and is_published(new) and not is_published(old):
        verb = "新增并公开" if old is None else "由暂不公开改为公开"
        texts = public_texts("case", projection("case", new))
        return [f"- {head}：{verb}，将在公开网站上显示", *[f"  - {text}" for text in texts]]
    if old is None or not is_published(old):
        return []
    if new is None or not is_published(new):
        verb = "删除" if new is None else "由公开改为暂不公开"
        return [f"- {head}：{verb}，公开网站将不再显示此事项"]
    lines = public_diff("case", projection("case", old), projection("case", new))
    return [f"- {head}", *[f"  - {line}" for line in lines]] if lines else []


def _reception_public(rec_id: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[str]:
    if old is None or new is None:
        return []  # additions and removals are already listed under 接访安排, all of it public
    lines = public_diff("schedule", projection("schedule", {"receptions": [old]}),
                        projection("schedule", {"receptions": [new]}))
    texts = [line for line in lines if not line.startswith("公开字段改动")]  # date/status: listed above
    return [f"- **{md(rec_id)}** 接访日程", *[f"  - {line}" for line in texts]] if texts else []


def public_section(old: State, new: State) -> list[str]:
    lines = []
    for case_id in sorted(set(old.cases) | set(new.cases)):
        lines += _case_public(case_id, old.cases.get(case_id), new.cases.get(case_id))
    for rec_id in sorted(set(old.receptions) | set(new.receptions)):
        lines += _reception_public(rec_id, old.receptions.get(rec_id), new.receptions.get(rec_id))
    return lines


# -- what needs a second reviewer -----------------------------------------------------------------

SECOND_REVIEW_NOTE = ("> 以下改动决定网站发布什么、数据如何校验，或改变工具本身：请另一位审核人确认后再合并。")


def _json_at(root: Path, rev: str | None, path: str) -> Any:
    text = read_at(root, rev, path)
    try:
        return json.loads(text) if text is not None else None
    except ValueError:
        return None


def public_marks(node: Any, path: str = "") -> set[str]:
    """Key paths (``petitioners[].name``) a schema marks ``x-public: true``, definitions included."""
    found: set[str] = set()
    if isinstance(node, dict):
        if node.get("x-public") is True and path:
            found.add(path)
        for key, sub in node.get("properties", {}).items() if isinstance(node.get("properties"), dict) else ():
            found |= public_marks(sub, f"{path}.{key}" if path else key)
        if isinstance(node.get("items"), dict):
            found |= public_marks(node["items"], f"{path}[]")
        for key, sub in (node.get("$defs") or {}).items() if isinstance(node.get("$defs"), dict) else ():
            found |= public_marks(sub, f"$defs.{key}")
    return found


def _schema_lines(root: Path, base: str, head: str | None, path: str) -> list[str]:
    before, after = _json_at(root, base, path), _json_at(root, head, path)
    if after is None and before is None:
        return [f"- `{md(path)}`：改动（无法读取为 JSON）"]
    opened = sorted(public_marks(after) - public_marks(before))
    closed = sorted(public_marks(before) - public_marks(after))
    lines = [f"- `{md(path)}`：{'新增' if before is None else '删除' if after is None else '改动'}"]
    if opened:
        lines.append(f"  - **新标记为公开的字段**：{'、'.join(md(p) for p in opened)}"
                     "（合并后这些字段会出现在公开网站上；xinfang 仍按它自带的格式判断什么可以公开）")
    if closed:
        lines.append(f"  - 不再标记为公开的字段：{'、'.join(md(p) for p in closed)}")
    return lines


def _settings_lines(root: Path, base: str, head: str | None) -> list[str]:
    """mkdocs.yml: each changed setting with its old and new value (site settings are public text)."""
    before, _ = parse("mkdocs.yml", read_at(root, base, "mkdocs.yml"))
    after, broken = parse("mkdocs.yml", read_at(root, head, "mkdocs.yml"))
    if broken:
        return ["- `mkdocs.yml`：无法读取，请先运行 `xinfang validate` 修正"]
    old, new = flatten(before or {}), flatten(after or {})
    lines = ["- `mkdocs.yml`：公开网站设置改动"]
    for pointer in dict.fromkeys([*old, *new]):
        if old.get(pointer) != new.get(pointer):
            key = md(".".join(str(p) for p in pointer))
            lines.append(f"  - {key}：{quote(old[pointer]) if pointer in old else '（无）'} → "
                         f"{quote(new[pointer]) if pointer in new else '（删除）'}")
    return lines


def _version_line(root: Path, base: str, head: str | None) -> list[str]:
    def version(rev: str | None) -> str | None:
        found = re.search(r'(?m)^version\s*=\s*"([^"]+)"', read_at(root, rev, "pyproject.toml") or "")
        return found.group(1) if found else None
    before, after = version(base), version(head)
    return [f"  - 工具版本：{md(before)} → {md(after)}"] if before != after else []


def second_review_section(root: Path, base: str, head: str | None) -> list[str]:
    """Changes to the schemas, site settings, CI, the tool's version and code: named first, for a second reviewer."""
    lines: list[str] = []
    files = changed_control_files(root, base, head)
    for prefix, what in CONTROL_PATHS.items():  # in the order of CONTROL_PATHS: schemas first
        mine = [p for p in files if p.startswith(prefix)]
        if prefix == "schemas/":
            lines += [line for path in mine if path.endswith(".json") for line in _schema_lines(root, base, head, path)]
            mine = [p for p in mine if not p.endswith(".json")]
        elif prefix == "mkdocs.yml" and mine:
            lines += _settings_lines(root, base, head)
            continue
        elif prefix == "pyproject.toml" and mine:
            lines += [f"- `pyproject.toml`：{what}", *_version_line(root, base, head)]
            continue
        if mine:
            shown = "、".join(f"`{md(p)}`" for p in mine[:10]) + (f" 等 {len(mine)} 个文件" if len(mine) > 10 else "")
            lines.append(f"- {what}：{shown}")
    return lines


def _words_for(root: Path, base: str, head: str | None, old: State, new: State) -> Words:
    """Petitioner values and query codes of every case involved (both sides), names of units and leaders."""
    secrets: dict[str, str] = {}
    for case in [*old.cases.values(), *new.cases.values()]:
        if isinstance(case.get("query_code"), str) and len(case["query_code"]) >= 4:  # 查询码: a secret too
            secrets.setdefault(case["query_code"], "query_code")
        for person in case.get("petitioners") or []:
            for key, value in (person.items() if isinstance(person, dict) else ()):
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, (str, int)) and not isinstance(text, bool) and len(str(text)) >= 2:
                        secrets.setdefault(str(text), str(key))
    names: dict[str, str] = {}
    for rev in (base, head):  # the head's names win
        for path, key in (("reference/units.yaml", "units"), ("reference/leaders.yaml", "leaders")):
            data, _ = parse(path, read_at(root, rev, path))
            for ref_id, item in _by_id((data or {}).get(key)).items():
                if isinstance(item.get("name"), str):
                    names[ref_id] = item["name"]
    ordered = tuple(sorted(secrets.items(), key=lambda kv: -len(kv[0])))
    return Words(secrets=ordered, names=names)


# -- the summary ----------------------------------------------------------------------------------

PUBLIC_NOTE = ("> 以下内容合并后会出现在公开网站上，请逐条核对：只用匿名化说法（张某），"
               "不得出现信访人姓名、电话、身份证号、工作单位、住址。")


ALLOWANCE_NOTE = ("> 编辑确认下列公开文字中与信访人姓名相同的词**不是指该信访人**（常用词或公开的名称）。"
                  "请逐条核对原文；若说的正是信访人，请要求改写为“某某”的写法。")


def _allowances(records: Mapping[str, Any]) -> set[tuple[str, str, str, str]]:
    return {(rec_id, str(item.get("field")), str(item.get("term")), str(item.get("digest")))
            for rec_id, data in records.items() for item in (data.get(ALLOWANCES) or []) if isinstance(item, dict)}


def allowances_section(old: State, new: State) -> list[str]:
    """Every reviewed allowance (privacy_reviewed) a change adds: the reviewer must see each one."""
    added = (_allowances(new.cases) | _allowances(new.receptions)) - (_allowances(old.cases) | _allowances(old.receptions))
    return [f"- {md(rec_id)} `{re.sub(r'[^A-Za-z0-9_/]', '', field)}`：“{md(mask(term, 'name'))}”不是指信访人"
            f"（字段摘要 `{re.sub(r'[^0-9a-f]', '', digest)}`）" for rec_id, field, term, digest in sorted(added)]


def summarize_changes(paths: Paths, base: str | None = None, head: str | None = None) -> str:
    """Markdown summary of what ``base``→``head`` (None: the working tree) changes in the record.

    ``base`` defaults to the merge base of HEAD with the main branch.
    """
    root = paths.root
    base = base or default_base(root)
    old, new = load_states(root, base, head)
    token = _words.set(_words_for(root, base, head, old, new))
    # a code span shows a broken file's message as it is (no HTML, no mention); only a backtick could end it
    new.unreadable = [masked(line).replace("`", "'") for line in new.unreadable]
    old.unreadable = [masked(line).replace("`", "'") for line in old.unreadable]
    try:
        return _summary(root, base, head, old, new)
    finally:
        _words.reset(token)


def _summary(root: Path, base: str, head: str | None, old: State, new: State) -> str:
    target = "工作区" if head is None else f"`{short(root, head)}`"
    out = ["## 案卷变更摘要", "", f"比较 `{short(root, base)}` → {target}。", ""]
    control = second_review_section(root, base, head)
    if control:
        out += ["### ⚠ 需要第二位审核人", "", SECOND_REVIEW_NOTE, "", *control, ""]
    reviewed = allowances_section(old, new)
    if reviewed:
        out += ["### 隐私核对登记", "", ALLOWANCE_NOTE, "", *reviewed, ""]
    sections = (("信访事项", cases_section(old, new)), ("接访安排", receptions_section(old, new)),
                ("基础资料", reference_section(old, new)))
    for heading, lines in sections:
        if lines:
            out += [f"### {heading}", "", *lines, ""]
    moved = calendar_section(root, base, head)  # 节假日安排变化: generator/recheck.py
    if moved:
        out += ["### 节假日安排变化", "", *moved, ""]
    public = public_section(old, new)
    if public:
        out += ["### 公开内容变化", "", PUBLIC_NOTE, "", *public, ""]
    unreadable = sorted(set(old.unreadable) | set(new.unreadable))
    if unreadable:
        out += ["### 无法读取的文件", "", "请先运行 `xinfang validate` 修正：", "",
                *[f"- `{line}`" for line in unreadable], ""]
    if not any(lines for _, lines in sections) and not public and not unreadable and not moved:
        out += ["没有改动信访事项、接访安排或基础资料。", ""]
    return "\n".join(out).rstrip("\n") + "\n"
