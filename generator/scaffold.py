"""New records (新建): a case file and a reception, valid as written, for the editor to complete.

``new_case`` writes ``cases/<year>/XF-<year>-NNNN.yaml`` with the next free id, today's date as the date
received, the editor's schema modeline and placeholder text marked ``（待填写）`` that validates (so the
file can be committed at once) but that ``placeholders`` flags as a warning until it is replaced. Each case
gets a random query code (查询码) from ``secrets``: 12 characters of a 32-letter alphabet without 0/O, 1/I,
that is 60 bits, hopeless to guess even against the public lookup's hashes.

``new_reception`` appends a reception with the next free JF id to ``schedules/<year>.yaml`` (creating the
file when missing), editing the text so that the editors' comments and layout stay as they were.
"""

from __future__ import annotations

import json
import marshal
import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

import yaml

from . import registry, rules
from .config import Paths, require_repository
from .errors import OutputError, Pointer, Problem, UsageProblem, error, warning
from .levels import levels, reception_roles
from .loader import load_file
from .model import reception_slot
from .public import leaves, public_view
from .schema import schema

# Unambiguous alphabet: digits 2-9 and A-Z without I and O (32 symbols, 5 bits each).
QUERY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
QUERY_LENGTH = 12
PLACEHOLDER = "（待填写）"
CHANNELS: tuple[str, ...] = tuple((schema("case").at(("channel",)) or {})["enum"])  # the schema's codes, in its order
MODES: tuple[str, ...] = tuple((schema("schedule").at(("receptions", 0, "mode")) or {})["enum"])


def new_query_code() -> str:
    """A fresh 查询码 such as ``7KQ4-MZ9P-X2HD`` (grouped by 4 so it can be read out on the phone), never a weak one."""
    from .querycode import issue

    return issue()


def normalize_query_code(text: str) -> str:
    """What is hashed: upper case, without spaces and dashes (the lookup page does the same)."""
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())


def modeline(paths: Paths, file: Path, schema_name: str) -> str:
    """``# yaml-language-server: $schema=…`` relative to the file, for completion and hover help.

    Always the repository's own ``schemas/`` (the editors' copy), relative: the line is committed, so it must
    never carry where the tool happens to be installed on one clerk's computer (a user name, a venv path).
    """
    target = os.path.relpath(paths.root / "schemas" / f"{schema_name}.schema.json", file.parent)
    return f"# yaml-language-server: $schema={Path(target).as_posix()}\n"


def _read(paths: Paths, file: Path) -> Any:
    doc, problems = load_file(file, paths.rel(file), keep_node=False)
    if doc is None:
        raise UsageProblem(f"{paths.rel(file)} 无法读取，请先运行 xinfang validate 修正：{problems[0].format()}")
    return doc.data


# -- cases -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewCase:
    """What ``new_case`` made: the file, the id and the query code to hand to the petitioner."""

    file: Path
    case_id: str
    query_code: str
    reception: str | None = None


def next_case_id(paths: Paths, year: int) -> str:
    """The next free id of the year: one more than the highest ``XF-<year>-NNNN`` file."""
    folder = paths.cases / str(year)
    numbers = [int(f.stem[8:]) for f in folder.glob(f"XF-{year}-*.yaml") if f.stem[8:].isdigit()]
    number = max(numbers, default=0) + 1
    if number > 9999:
        raise UsageProblem(f"{year} 年的信访事项编号已用完（XF-{year}-9999）")
    return f"XF-{year}-{number:04d}"


def case_text(paths: Paths, file: Path, case_id: str, received: date, channel: str, query_code: str,
              reception: str | None = None) -> str:
    """The scaffold of a case: every required field, placeholders that validate, a registration entry."""
    lines = [
        modeline(paths, file, "case"),
        f"# 由 xinfang new case 新建。请把每个“{PLACEHOLDER}”换成实际内容，xinfang validate 会提示遗漏。\n",
        f"id: {case_id}\n",
        f"query_code: \"{query_code}\"  # 查询码：交给信访人查询进度；内部信息，绝不公开\n",
        f"channel: {channel}\n",
        *_channel_lines(channel, reception),
        "petitioners:  # 信访人：以下全部为内部信息，绝不公开\n",
        f"  - name: {PLACEHOLDER}信访人姓名\n",
        "    # phone: \"13800000000\"    # 电话：删去行首的“# ”再填写，号码加引号\n",
        "    # employer: 信访人工作单位  # 工作单位：删去行首的“# ”再填写\n",
        f"topic: other  # 问题类别，可选：{_choices(('topic',))}\n",
        "region:\n",
        f"  province: {PLACEHOLDER}省份\n",
        f"title: {PLACEHOLDER}匿名化的公开标题\n",
        f"public_summary: {PLACEHOLDER}匿名化的公开摘要，人名写成张某、李某\n",
        f"summary: {PLACEHOLDER}完整的情况记录\n",
        f"received: \"{received.isoformat()}\"\n",
        "status: registered\n",
        "history:\n",
        f"  - date: \"{received.isoformat()}\"\n",
        "    type: registration\n",
        f"    note: {PLACEHOLDER}登记情况\n",
    ]
    return "".join(lines)


def _choices(pointer: Pointer, kind: str = "case") -> str:
    """``labor_contract 劳动合同；wages 工资待遇；…``: the codes allowed at ``pointer`` with their labels."""
    from .schema import schema
    return "；".join(f"{code} {label}" for code, label in schema(kind).labels(pointer).items())


def _channel_lines(channel: str, reception: str | None) -> list[str]:
    """The fields each channel requires (validate.case_channel)."""
    if channel == "visit":
        return [f"reception: {reception}\n"]
    if channel == "letter":
        return ["letter:\n", f"  addressee: chairman  # 收信对象，可选：{_choices(('letter', 'addressee'))}\n"]
    if channel == "referral":
        return ["referral:\n", f"  organ: {PLACEHOLDER}转送机关\n"]
    return []


def new_case(paths: Paths, today: date, year: int | None = None, channel: str = "letter",
             reception: str | None = None) -> NewCase:
    """Write the next case of ``year`` (default: the year of ``today``), received ``today``."""
    require_repository(paths)
    year = year or today.year
    if year != today.year:
        raise UsageProblem(f"编号年份是收到年份：--year {year} 与收到日期 {today} 不一致（可用 --today 指定收到日期）")
    if channel not in CHANNELS:
        raise UsageProblem(f"来源渠道 “{channel}” 不认识；可选：{'、'.join(CHANNELS)}")
    schedule = None
    if channel == "visit":
        schedule, reception = _reception_of_visit(paths, today, reception)
    elif reception:
        raise UsageProblem("只有来访（--channel visit）填写 --reception")
    case_id = next_case_id(paths, year)
    file = paths.case_file(case_id)
    code = new_query_code()
    file.parent.mkdir(parents=True, exist_ok=True)
    try:
        with file.open("x", encoding="utf-8") as out:  # "x": never overwrite a case written meanwhile
            out.write(case_text(paths, file, case_id, today, channel, code, reception))
    except FileExistsError as exc:
        raise OutputError(f"{paths.rel(file)} 已存在，请重新运行") from exc
    if schedule is not None and reception:
        try:
            register_at_reception(schedule, reception, case_id)
        except Exception:
            file.unlink()  # a visit not listed at its reception would not validate: leave nothing half-done
            raise
    return NewCase(file, case_id, code, reception)


def _reception_of_visit(paths: Paths, today: date, reception: str | None) -> tuple[Path, str]:
    """The held reception of ``today`` a visit is registered at (given, or the only one that day)."""
    file = paths.schedule_file(today.year)
    if not file.exists():
        raise UsageProblem(f"来访须登记在当天已接访的场次，但 {paths.rel(file)} 不存在")
    held = [r for r in (_read(paths, file).get("receptions") or [])
            if isinstance(r, dict) and r.get("date") == today.isoformat()]
    if reception is None:
        if len(held) != 1:
            found = "、".join(r.get("id", "?") for r in held) or "没有接访场次"
            raise UsageProblem(f"{today} {found}：请用 --reception JF-… 指定来访登记的接访场次")
        reception = held[0]["id"]
    match = next((r for r in held if r.get("id") == reception), None)
    if match is None:
        raise UsageProblem(f"{reception} 不是 {today} 的接访场次（来访的收到日期即接访日期）")
    if match.get("status") != "held":
        raise UsageProblem(f"{reception} 还不是已接访（held）：请先在 {paths.rel(file)} 中更新状态和接待人数 attendance")
    return file, reception


def register_at_reception(schedule: Path, reception: str, case_id: str) -> None:
    """Add ``case_id`` to the reception's ``registered_cases`` (validate's visit link), editing the text."""
    text = schedule.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert root is not None  # a validated schedule file is never empty
    item = _reception_node(root, reception)
    listed = next((v for k, v in item.value if k.value == "registered_cases"), None)
    if isinstance(listed, yaml.SequenceNode) and listed.flow_style:
        at = listed.end_mark.index - 1  # just before "]"
        text = text[:at] + (", " if listed.value else "") + case_id + text[at:]
    elif isinstance(listed, yaml.SequenceNode) and listed.value:
        at = _line_end(text, listed.value[-1].end_mark)
        text = text[:at] + " " * listed.start_mark.column + f"- {case_id}\n" + text[at:]
    elif listed is None:
        at = _line_end(text, item.value[-1][1].end_mark)
        text = text[:at] + " " * item.value[0][0].start_mark.column + f"registered_cases: [{case_id}]\n" + text[at:]
    else:
        raise UsageProblem(f"{reception} 的 registered_cases 写法无法自动追加，请手工加入 {case_id}")
    schedule.write_text(text, encoding="utf-8")


def _reception_node(root: yaml.Node, reception: str) -> yaml.MappingNode:
    receptions = next(v for k, v in root.value if k.value == "receptions")
    for item in receptions.value:
        if any(k.value == "id" and v.value == reception for k, v in item.value):
            return item
    raise UsageProblem(f"找不到接访场次 {reception}")


def _line_end(text: str, mark: yaml.Mark) -> int:
    """Index just after the line on which a node ends (block scalars end at the start of the next line)."""
    if mark.column == 0:
        return mark.index
    newline = text.find("\n", mark.index)
    return len(text) if newline < 0 else newline + 1


# -- receptions --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewReception:
    """What ``new_reception`` made."""

    file: Path
    reception_id: str
    date: date
    leader: str
    created: bool


def next_reception_id(receptions: list[Any], year: int) -> str:
    """One more than the highest ``JF-<year>-NN`` of the plan (two digits, three from 100)."""
    numbers = [int(r["id"][8:]) for r in receptions
               if isinstance(r, dict) and str(r.get("id", "")).startswith(f"JF-{year}-") and r["id"][8:].isdigit()]
    number = max(numbers, default=0) + 1
    if number > 999:
        raise UsageProblem(f"{year} 年的接访编号已用完（JF-{year}-999）")
    return f"JF-{year}-{number:02d}"


def default_reception_date(mode: str, today: date, year: int, reading: str = rules.SECOND_TUESDAY) -> date:
    """定点接访: the next fixed day (the rule's Tuesday under ``reading``, moved off days off) from ``today``;
    otherwise today."""
    return next(candidate_dates(mode, today, year, reading), None) or _no_day_left(year)


def candidate_dates(mode: str, today: date, year: int, reading: str = rules.SECOND_TUESDAY) -> Iterator[date]:
    """The days ``new reception`` may choose, in order: fixed days for 定点接访, else every working day."""
    start = today if today.year == year else date(year, 1, 1)
    if mode == "fixed":
        for month in range(start.month, 13):
            day = rules.fixed_reception_day(year, month, reading).date
            if day >= start:
                yield day
        return
    day = start
    while day.year == year:
        if day == start or rules.is_workday(day):  # today as asked; later days only when they are working days
            yield day
        day += timedelta(days=1)


def _no_day_left(year: int) -> date:
    raise UsageProblem(f"{year} 年已没有剩余的定点接访日，请用 --date 指定日期或 --year 指定下一年")


def free_slot(receptions: list[Any], when: date | None, session: str, mode: str, leader: str, location: str,
              room: str | None, today: date, year: int, reading: str = rules.SECOND_TUESDAY) -> date:
    """The day of the new reception: ``when`` if its half-day is free, else the first free candidate day.

    A slot (日期, 时段) is taken for this leader by any of their receptions, and for the reception room by
    any reception held there (``model.reception_slot``, the rule validation applies).
    """
    taken: dict[tuple[str, str], str] = {}
    for rec in receptions:
        if not isinstance(rec, dict) or "session" not in rec:
            continue
        slot = reception_slot(rec)
        if slot and (rec.get("leader") == leader or (room and location == room and rec.get("location") == room)):
            taken.setdefault(slot, str(rec.get("id", "?")))
    if when is not None:
        other = taken.get((when.isoformat(), session))
        if other:
            raise UsageProblem(f"{when} {'上午' if session == 'am' else '下午'}已有接访 {other}（同一领导或同一接待室），"
                               "请换 --date 或 --session，或不写 --date 由工具选下一个空闲日")
        return when
    tried = []
    for day in candidate_dates(mode, today, year, reading):
        if (day.isoformat(), session) not in taken:
            return day
        tried.append(day.isoformat())
    if tried:
        shown = "、".join(tried[:3]) + ("等" if len(tried) > 3 else "")
        raise UsageProblem(f"{year} 年剩余的可选日子（{shown}）这一时段都已安排接访，请用 --date 指定日期、"
                           "--session 换时段或 --year 指定下一年")
    return _no_day_left(year)


def reception_text(reception_id: str, when: date, session: str, mode: str, leader: str, location: str,
                   cases: tuple[str, ...], indent: int = 2, subject: str = "") -> str:
    """One reception item of the plan, planned, with what its mode requires (validate.schedule_receptions)."""
    pad = " " * indent
    lines = [f"- id: {reception_id}", f"  date: \"{when.isoformat()}\"", f"  session: {session}", f"  mode: {mode}",
             f"  leader: {leader}", f"  location: {location}"]
    if mode == "thematic":
        lines += [f"  topic: other  # 专题，可选：{_choices(('topic',), 'case')}",
                  f"  subject: {_scalar(subject)}"]
    if mode in ("appointment", "field"):
        lines.append(f"  cases: [{', '.join(cases)}]")
    lines.append("  status: planned")
    return "".join(f"{pad}{line}\n" for line in lines)


def new_reception(paths: Paths, today: date, year: int | None = None, when: date | None = None,
                  mode: str = "fixed", leader: str | None = None, session: str = "am",
                  cases: tuple[str, ...] = (), location: str | None = None, subject: str | None = None) -> NewReception:
    """Append a planned reception to ``schedules/<year>.yaml`` with the next free id, in a free slot.

    Every reception is announced on the public calendar, so what it shows is asked for, never left as a
    placeholder: the subject of a 专题接访 (``--subject``) and the place of a 带案下访 (``--location``).
    """
    require_repository(paths)
    year = year or (when.year if when else today.year)
    if when and when.year != year:
        raise UsageProblem(f"--date {when} 不在 --year {year} 年内")
    if mode not in MODES:
        raise UsageProblem(f"接访方式 “{mode}” 不认识；可选：{'、'.join(MODES)}")
    if mode in ("appointment", "field") and not cases:
        raise UsageProblem("重点约访、带案下访须用 --case XF-… 指定涉及的信访事项（可多次使用）")
    if cases and mode not in ("appointment", "field"):
        raise UsageProblem("只有重点约访（appointment）和带案下访（field）填写 --case")
    if mode == "thematic" and not (subject or "").strip():
        raise UsageProblem("专题接访须用 --subject 写明接访主题（将在公开的接访安排中显示）")
    if mode == "field" and not (location or "").strip():
        raise UsageProblem("带案下访须用 --location 写明下访地点（将在公开的接访安排中显示）")
    leader = _leader_of(paths, year, leader)
    room = _reception_room(paths)
    location = (location or "").strip() or room or _no_room()
    file = paths.schedule_file(year)
    created = not file.exists()
    if created:
        file.parent.mkdir(parents=True, exist_ok=True)
        text, indent = modeline(paths, file, "schedule") + f"year: {year}\nreceptions:\n", 2
        receptions: list[dict[str, Any]] = []
    else:
        text = file.read_text(encoding="utf-8")
        indent, text = _appendable(paths, file, text)
        receptions = _read(paths, file).get("receptions") or []
    when = free_slot(receptions, when, session, mode, leader, location, room, today, year, _fixed_reading(paths))
    reception_id = next_reception_id(receptions, year)
    if not text.endswith("\n"):
        text += "\n"
    file.write_text(text + reception_text(reception_id, when, session, mode, leader, _scalar(location), cases, indent,
                                          (subject or "").strip()), encoding="utf-8")
    return NewReception(file, reception_id, when, leader, created)


def _scalar(text: str) -> str:
    """A one-line text as a YAML value: plain when it reads back as itself, else double-quoted."""
    try:
        plain = yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain = False
    return text if plain and "#" not in text else json.dumps(text, ensure_ascii=False)


def _appendable(paths: Paths, file: Path, text: str) -> tuple[int, str]:
    """The indentation of the plan's items, provided ``receptions`` is the last key, as a block list."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode) or not root.value or root.value[-1][0].value != "receptions":
        raise UsageProblem(f"{paths.rel(file)}：receptions 须是文件的最后一项，才能在末尾追加接访")
    items = root.value[-1][1]
    if isinstance(items, yaml.SequenceNode) and items.flow_style and not items.value:
        start, end = items.start_mark.index, items.end_mark.index  # "receptions: []" becomes a block list
        return 2, text[:start].rstrip(" ") + "\n" + text[end:].lstrip(" ").lstrip("\n")
    if isinstance(items, yaml.ScalarNode) and items.value == "":
        return 2, text
    if not isinstance(items, yaml.SequenceNode) or items.flow_style:
        raise UsageProblem(f"{paths.rel(file)}：receptions 须写成逐行的列表（- id: …），才能在末尾追加接访")
    return items.start_mark.column, text


def _leader_of(paths: Paths, year: int, leader: str | None) -> str:
    """The given leader (checked), or the first one in office held to the level's reception rule (levels)."""
    data = _read(paths, paths.leaders_file) if paths.leaders_file.exists() else {}
    leaders = [d for d in data.get("leaders") or [] if isinstance(d, dict)]
    in_office = [d for d in leaders if d.get("from_year", 0) <= year <= (d.get("to_year") or 9999)
                 and d.get("role") != "former"]
    if leader:
        if not any(d.get("id") == leader for d in in_office):
            raise UsageProblem(f"{leader} 不是 {year} 年在任的领导（见 {paths.rel(paths.leaders_file)}）")
        return leader
    union = _read(paths, paths.union_file) if paths.union_file.exists() else {}
    level = str(union["level"]) if isinstance(union, dict) and union.get("level") in levels() else "national"
    bound = [d for d in in_office if d.get("role") in reception_roles(level)]  # the level's rule-bound roles
    if not bound:
        raise UsageProblem(f"{year} 年没有在任的接访领导，请用 --leader L-… 指定")
    return str(bound[0]["id"])


def _reception_room(paths: Paths) -> str | None:
    """The union's fixed reception room (接待室), where 定点接访 and the others are held by default."""
    union = _read(paths, paths.union_file) if paths.union_file.exists() else {}
    return str(union["reception_room"]) if union.get("reception_room") else None


def _fixed_reading(paths: Paths) -> str:
    """How the union reads "第二周的星期二" (``fixed_day_reading``, issue 15.5)."""
    union = _read(paths, paths.union_file) if paths.union_file.exists() else {}
    reading = union.get("fixed_day_reading")
    return reading if reading in rules.READINGS else rules.SECOND_TUESDAY


def _no_room() -> str:
    raise UsageProblem("reference/union.yaml 没有填写接待室 reception_room，请用 --location 写明接访地点")


# -- the reminder rule -------------------------------------------------------------------------------

_PLACEHOLDER_BYTES = PLACEHOLDER.encode("utf-8")


@registry.rule("case", "schedule")
def placeholders(ctx: Any, src: Any) -> Iterator[Problem]:
    """Each value that still holds the scaffold's ``（待填写）``: an error where the build would publish it.

    The public site shows a package with ``disclosure: public`` and every reception of the plan, through
    ``public_view``; a placeholder there would go online as it stands, so it stops the build (error). Anywhere
    else it is a reminder (warning), so that ``new case`` still writes a file that validates.
    """
    if _PLACEHOLDER_BYTES not in marshal.dumps(src.data):  # one C-speed pass decides most files (each text whole,
        return                                                 # in UTF-8; a repeated one is written once, then named)
    published = _published_pointers(src.kind, src.data)
    for pointer, value in leaves(src.data):
        if PLACEHOLDER not in value:
            continue
        if pointer in published:
            yield error(src.path, f"{_name(src.kind, pointer)}：仍是占位文字“{value}”，而这一项会在公开网站上发布，"
                        "请换成实际内容", pointer, "placeholder")
        else:
            yield warning(src.path, f"{_name(src.kind, pointer)}：仍是占位文字“{value}”，请换成实际内容", pointer, "placeholder")


def _published_pointers(kind: str, data: Any) -> set[Pointer]:
    """Where the build publishes this file's values: the leaves of its public projection (same pointers)."""
    if kind == "case":
        package = data.get("package")
        if not (isinstance(package, dict) and package.get("disclosure") == "public"):
            return set()
    elif kind != "schedule":
        return set()
    return {pointer for pointer, _ in leaves(public_view(kind, data))}


def _name(kind: str, pointer: Pointer) -> str:
    from .schema import schema  # the schemas load once per process; imported here to keep this module light
    return schema(kind).field_name(pointer)
