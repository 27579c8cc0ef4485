"""The JSON Schemas: loading, validation with Chinese messages, titles, labels and public marks.

The schemas are the single source of the field titles shown in messages, of the Chinese labels of every
code (``x-enum-labels``) and of what may be published (``x-public``). ``common.schema.json`` holds shared
definitions; it is bundled into each schema at load time so that both validators see one document.

Validation has a fast path: a compiled validator (jsonschema-rs) answers "valid or not"; only a file that
fails is validated again by ``jsonschema`` to word every error, so the common case costs microseconds.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Callable, Iterator

import jsonschema_rs

if TYPE_CHECKING:  # imported when first needed: 0.1 s that a valid repository never pays (性能)
    import jsonschema

from .config import schema_dir
from .errors import Pointer, Problem, error, warning

Template = tuple[str, ...]  # a key path through a schema, "*" standing for any list item
SCHEMA_NAMES = ("case", "schedule", "union", "leaders", "units", "holidays")
_COMMON_PREFIX = "common.schema.json#/$defs/"
_TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false",
               "object": "键值对（映射）", "array": "列表", "null": "空值"}


def shown_value(pointer: Pointer, value: Any) -> Any:
    """A value as a message may quote it: a petitioner's detail masked (messages reach CI logs). A field marked
    ``x-secret`` (the query code) is never quoted at all: see ``Schema._word``."""
    from .privacy import mask

    if pointer[:1] != ("petitioners",) or isinstance(value, (dict, list)) or value is None:
        return value
    field = next((p for p in reversed(pointer) if isinstance(p, str)), "")
    written = re.fullmatch(r"([A-Za-z_]+)\s*[：:]\s*(.+)", str(value))
    if written:  # ``name：周测乙`` (a Chinese colon): keep the key, so that the hint still makes sense
        return f"{written.group(1)}：{mask(written.group(2), written.group(1))}"
    return mask(str(value), field)


def _python_type(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "键值对"
    return type(value).__name__


def _bundle(schema: dict[str, Any], common: dict[str, Any]) -> dict[str, Any]:
    """Copy the common definitions in and point the ``$ref``s at the local copies."""
    bundled = copy.deepcopy(schema)
    bundled.setdefault("$defs", {}).update(copy.deepcopy(common["$defs"]))

    def rewrite(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(_COMMON_PREFIX):
                node["$ref"] = "#/$defs/" + ref[len(_COMMON_PREFIX):]
            for value in node.values():
                rewrite(value)
        elif isinstance(node, list):
            for value in node:
                rewrite(value)

    rewrite(bundled)
    bundled.pop("$id", None)
    return bundled


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[jsonschema.ValidationError]:
    # Python's `$` also matches before a trailing newline; the compiled validator's does not. Agree with it.
    import jsonschema

    if isinstance(instance, str) and (not re.search(pattern, instance)
                                      or (pattern.endswith("$") and instance.endswith("\n"))):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _wording_validator() -> tuple[Any, Any]:
    """The ``jsonschema`` validator class and format checker, built when a file first fails."""
    import jsonschema

    formats = jsonschema.FormatChecker(formats=())
    formats.checks("date")(_is_date)
    return jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern}), formats


def _dicts(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping inside a schema, itself included."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _dicts(value)


@dataclass(frozen=True)
class SchemaError:
    """One schema violation: where (pointer into the document) and what, in Chinese."""

    pointer: Pointer
    message: str


class Schema:
    """One bundled schema with its two validators."""

    def __init__(self, name: str, raw: dict[str, Any]) -> None:
        self.name = name
        self.raw = raw
        self._fast = jsonschema_rs.validator_for(raw, validate_formats=True)
        self._slow_validator: Any = None
        # resolve() is called for every value of every file by rules that walk the schema beside the data
        # (references): remember its answer for the nodes of ``raw``, whose ids are stable while it lives.
        self._own = {id(node) for node in _dicts(raw)}
        self._resolved: dict[int, dict[str, Any]] = {}
        self._names: dict[Pointer, str] = {}  # field_name() per pointer: rules name a field for every value they check

    @property
    def _slow(self) -> Any:
        """The ``jsonschema`` validator that words errors (built on first use)."""
        if self._slow_validator is None:
            validator, formats = _wording_validator()
            self._slow_validator = validator(self.raw, format_checker=formats)
        return self._slow_validator

    def is_valid(self, data: Any) -> bool:
        return self._fast.is_valid(data)

    def errors(self, data: Any) -> list[SchemaError]:
        """Every violation, worded in Chinese, deepest first, in document order."""
        found = [self._word(err) for err in self._leaves(self._slow.iter_errors(data))]
        # a bad date fails both "format" and "pattern": keep only the fuller of two messages at one place
        found = [e for e in found if not any(o.pointer == e.pointer and o.message != e.message
                                             and o.message.startswith(e.message) for o in found)]
        if not found and not self._fast.is_valid(data):  # the two validators must never disagree silently
            found = [SchemaError((), f"不符合 {self.name} 的格式要求")]
        return sorted(found, key=lambda e: tuple(str(p) for p in e.pointer))

    def _leaves(self, errors: Iterator[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
        for err in errors:
            if err.context:  # anyOf/oneOf: the branch errors say more than "not valid under any"
                yield from self._leaves(iter(err.context))
            else:
                yield err

    # -- lookups used by messages and by the public projection ------------------------------------

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """The node with its ``$ref`` followed (sibling keywords such as ``title`` win); do not modify it."""
        known = self._resolved.get(id(node))
        if known is not None:
            return known
        ref = node.get("$ref")
        if not ref:
            return node
        target = self.raw
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        merged = dict(self.resolve(target))
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        if id(node) in self._own:
            self._resolved[id(node)] = merged
        return merged

    def at(self, pointer: Pointer) -> dict[str, Any] | None:
        """The (resolved) subschema that describes the value at ``pointer``."""
        node = self.resolve(self.raw)
        for part in pointer:
            if isinstance(part, int):
                items = node.get("items")
                if not isinstance(items, dict):
                    return None
                node = self.resolve(items)
            else:
                props = node.get("properties", {})
                if part not in props:
                    return None
                node = self.resolve(props[part])
        return node

    def field_name(self, pointer: Pointer) -> str:
        """How a field is named in messages: its Chinese title and its key, e.g. ``收到日期 received``."""
        name = self._names.get(pointer)
        if name is None:
            name = self._names[pointer] = self._field_name(pointer)
        return name

    def _field_name(self, pointer: Pointer) -> str:
        keys = [p for p in pointer if isinstance(p, str)]
        if not keys:
            return "文件"
        named = list(pointer)
        while named and isinstance(named[-1], int):
            named.pop()
        sub = self.at(tuple(named)) or {}
        title = sub.get("title")
        return f"{title} {keys[-1]}" if title else keys[-1]

    def fields(self, keep: Callable[[dict[str, Any], bool], bool]) -> tuple[Template, ...]:
        """The key paths (``*`` for list items) of every property ``keep(subschema, public)`` accepts.

        ``public`` says whether the property and all its parents carry ``"x-public": true``. Read once from the
        schema, so that a rule can visit just the fields it needs (``values_at``) instead of walking every value.
        """
        found: list[Template] = []

        def walk(node: dict[str, Any], path: Template, public: bool) -> None:
            node = self.resolve(node)
            if path and keep(node, public):
                found.append(path)
            for key, sub in node.get("properties", {}).items():
                walk(sub, (*path, key), public and self.resolve(sub).get("x-public") is True)
            if isinstance(node.get("items"), dict):
                walk(node["items"], (*path, "*"), public)

        walk(self.raw, (), True)
        return tuple(found)

    def labels(self, pointer: Pointer) -> dict[str, str]:
        """The Chinese labels of the codes allowed at ``pointer`` (``x-enum-labels``)."""
        sub = self.at(pointer) or {}
        if "items" in sub and "x-enum-labels" not in sub:
            sub = self.resolve(sub["items"])
        return dict(sub.get("x-enum-labels", {}))

    # -- wording ----------------------------------------------------------------------------------

    def _word(self, err: jsonschema.ValidationError) -> SchemaError:
        pointer: Pointer = tuple(err.absolute_path)
        kind, value = err.validator, shown_value(pointer, err.instance)
        arg: Any = err.validator_value  # the keyword's value in the schema (a list, a number, a pattern …)
        name = self.field_name(pointer)
        if (self.at(pointer) or {}).get("x-secret") and kind not in ("required", "additionalProperties"):
            # a secret (查询码) is never quoted: messages land in CI logs and pull-request comments
            return SchemaError(pointer, f"{name}：格式不对（内容不予显示），应为 12 位字母和数字、分三组，请用 xinfang code 生成")
        if kind == "required":
            # jsonschema reports each missing key as its own error, all with the whole list: name the right one
            named = [k for k in arg if err.message == f"{k!r} is a required property"]
            missing = named[0] if named else next((k for k in arg if not (isinstance(value, dict) and k in value)), arg[0])
            sub = self.at((*pointer, missing)) or {}
            title = sub.get("title", "")
            where = f"{name}中" if pointer else ""
            return SchemaError(pointer, f"{where}缺少必填项 {title} {missing}".replace("  ", " "))
        if kind == "additionalProperties":
            allowed = sorted((self.at(pointer) or {}).get("properties", {}))
            extra = sorted(k for k in value if k not in allowed)
            key = extra[0] if extra else "?"
            from .loader import key_pointer
            return SchemaError(key_pointer((*pointer, key)),
                               f"不认识的键“{key}”（可能拼写有误）；这里可以写：{', '.join(allowed)}")
        if kind == "type":
            expected: list[str] = arg if isinstance(arg, list) else [arg]
            want = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
            hint = ""
            if "string" in expected and isinstance(err.instance, (int, bool)):
                hint = "；数字、电话号码、身份证号、是/否等文字请加引号，例如 \"010-12345678\""
            if "boolean" in expected and isinstance(value, str):
                hint = "；请写 true 或 false（不要写 是/否、yes/no）"
            if "object" in expected and isinstance(err.instance, str) and re.search(r"[A-Za-z_]：", err.instance):
                hint = "；“键：值”用了中文冒号，请改为英文冒号“:”加一个英文空格"
            if "object" in expected and isinstance(value, str) and (glued := re.match(r"([A-Za-z_][A-Za-z0-9_]*):(?=\S)", value)):
                hint = f"；“{glued.group(1)}:”后面缺少空格：键的冒号后面要有一个英文空格，例如“{glued.group(1)}: …”"
            shown = "空值" if value is None else f"“{value}”" if not isinstance(value, (dict, list)) else _python_type(value)
            return SchemaError(pointer, f"{name}：应为{want}，实际是{shown}{hint}")
        if kind == "enum":
            labels = self.labels(pointer)
            options = "、".join(f"{code}（{labels[code]}）" if code in labels else str(code) for code in arg)
            return SchemaError(pointer, f"{name}：“{value}” 不是可选的值；可选：{options}")
        if kind == "format" and arg == "date":
            return SchemaError(pointer, f"{name}：“{value}” 不是有效日期")
        if kind == "pattern":
            sub = self.at(pointer) or {}
            example = (sub.get("examples") or [None])[0]
            if sub.get("format") == "date":
                return SchemaError(pointer, f"{name}：“{value}” 不是有效日期，应写作 YYYY-MM-DD，例如 2026-03-10")
            tail = f"，例如 {example}" if example else ""
            return SchemaError(pointer, f"{name}：“{value}” 格式不对{tail}")
        if kind == "minLength":
            return SchemaError(pointer, f"{name}：不能为空" if arg <= 1 else f"{name}：至少 {arg} 个字")
        if kind == "maxLength":
            return SchemaError(pointer, f"{name}：太长（{len(value)} 字），最多 {arg} 字")
        if kind == "minimum":
            return SchemaError(pointer, f"{name}：{value} 小于最小值 {arg}")
        if kind == "maximum":
            return SchemaError(pointer, f"{name}：{value} 超过最大值 {arg}")
        if kind == "minItems":
            return SchemaError(pointer, f"{name}：至少要有 {arg} 项" if arg > 1 else f"{name}：至少要有一项")
        if kind == "uniqueItems":
            return SchemaError(pointer, f"{name}：列表中有重复的项")
        return SchemaError(pointer, f"{name}：{err.message}")


def values_at(data: Any, template: Template, pointer: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    """Every value found at a key path of ``Schema.fields`` in a document, with its pointer."""
    if not template:
        yield pointer, data
    elif template[0] == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from values_at(item, template[1:], (*pointer, i))
    elif isinstance(data, dict) and template[0] in data:
        yield from values_at(data[template[0]], template[1:], (*pointer, template[0]))


def values_at_each(data: Any, templates: tuple[Template, ...]) -> list[tuple[int, Pointer, Any]]:
    """``values_at`` of several key paths at once, as (number of the path in ``templates``, pointer, value), in the
    order of ``values_at`` of each path in turn: the document is walked once along the paths' shared parts (性能:
    a case's public texts or references are ~10 paths, each walked from the root before — a second of a 10,000-case
    check)."""
    found: list[tuple[int, Pointer, Any]] = []
    _walk_paths(data, _path_tree(templates), (), found)
    found.sort(key=lambda entry: entry[0])  # stable: each path's values stay in document order
    return found


@cache
def _path_tree(templates: tuple[Template, ...]) -> dict[Any, Any]:
    """The paths as a tree of their parts ("*": every item of a list); under ``None``, the numbers of the paths that
    end there."""
    tree: dict[Any, Any] = {}
    for number, template in enumerate(templates):
        node = tree
        for head in template:
            node = node.setdefault(head, {})
        node.setdefault(None, []).append(number)
    return tree


def _walk_paths(data: Any, tree: dict[Any, Any], pointer: Pointer, found: list[tuple[int, Pointer, Any]]) -> None:
    for head, below in tree.items():
        if head is None:
            found.extend((number, pointer, data) for number in below)
        elif head == "*":
            if isinstance(data, list):
                for i, item in enumerate(data):
                    _walk_paths(item, below, (*pointer, i), found)
        elif isinstance(data, dict) and head in data:
            _walk_paths(data[head], below, (*pointer, head), found)


@cache
def load_schemas() -> dict[str, Schema]:
    """All schemas of the tool, bundled and compiled once per process."""
    folder = schema_dir()
    common = json.loads((folder / "common.schema.json").read_text(encoding="utf-8"))
    return {name: Schema(name, _bundle(json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8")), common))
            for name in SCHEMA_NAMES}


def schema(name: str) -> Schema:
    return load_schemas()[name]


def labels(name: str, pointer: Pointer) -> dict[str, str]:
    """Shortcut: the Chinese labels of codes, e.g. ``labels("case", ("topic",))``."""
    return schema(name).labels(pointer)


@cache
def extra_schema(name: str) -> Schema:
    """A schema of the tool for a file the repository's validation does not read (``exchange``: the unions'
    public keys, read by ``xinfang import``/``export``), bundled with the shared types like the others."""
    folder = schema_dir()
    common = json.loads((folder / "common.schema.json").read_text(encoding="utf-8"))
    return Schema(name, _bundle(json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8")), common))


class FieldRule:
    """Words the problems of one source file, naming each field by its schema title (字段的中文名称):
    ``FieldRule(src).error(("letter", "addressee"), "…", "code")`` → "来信对象 addressee：…" at that field.
    ``src`` is anything with ``path`` and ``kind`` (validation's sources). Every rule module uses this one."""

    def __init__(self, src: Any) -> None:
        self.src = src
        self.path = src.path
        self.schema: Schema = schema(src.kind)

    def name(self, pointer: Pointer) -> str:
        return self.schema.field_name(pointer)

    def error(self, pointer: Pointer, message: str, code: str) -> Problem:
        return error(self.path, f"{self.name(pointer)}：{message}", pointer, code)

    def warning(self, pointer: Pointer, message: str, code: str) -> Problem:
        return warning(self.path, f"{self.name(pointer)}：{message}", pointer, code)
