"""Hypothesis strategies built from the project's JSON Schemas (由模式生成的测试数据).

``valid(kind)`` draws documents that follow ``schemas/<kind>.schema.json``: every required property, a random
choice of the optional ones, enums, patterns, lengths, bounds and unique items as the schema says. It reads
the schema at run time, so a property added to the schema is generated without touching this file. Used by
tests/test_properties.py (small budget) and fuzz/ (large budget).

Only the keywords the project's schemas use are understood; an unknown ``type`` raises at once rather than
silently generating nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from hypothesis import strategies as st

from generator.schema import Schema, schema

# Text an editor could type: no control, format (zero-width, bidi) or surrogate characters and no line or
# paragraph separators, which the loader refuses on purpose (tests/test_bad_inputs.py covers those).
TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn"))
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)).map(date.isoformat)
MAX_TEXT = 40  # enough to exercise wording and escaping, small enough to keep the normal run fast


def valid(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """Documents valid against the schema ``kind`` ("case", "schedule", "leaders", "units", "union")."""
    sch = schema(kind)
    return _node(sch, sch.raw)


def _node(sch: Schema, node: dict[str, Any]) -> st.SearchStrategy[Any]:
    node = sch.resolve(node)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        return _object(sch, node)
    if kind == "array":
        return _array(sch, node)
    if kind == "string":
        return _string(node)
    if kind == "integer":
        return st.integers(min_value=node.get("minimum", -10**6), max_value=node.get("maximum", 10**6))
    if kind == "boolean":
        return st.booleans()
    raise ValueError(f"schema_strategies: unsupported schema node {node!r}")


def _object(sch: Schema, node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props: dict[str, Any] = node.get("properties", {})
    required = [k for k in props if k in node.get("required", ())]
    optional = [k for k in props if k not in required]
    fixed = st.fixed_dictionaries({k: _node(sch, props[k]) for k in required})
    extra = st.fixed_dictionaries({}, optional={k: _node(sch, props[k]) for k in optional})
    return st.builds(lambda a, b: {**a, **b}, fixed, extra)


def _array(sch: Schema, node: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
    items = _node(sch, node["items"])
    low = node.get("minItems", 0)
    high = node.get("maxItems", max(low, 3))
    unique = node.get("uniqueItems", False)
    # unique_by repr: dicts are unhashable, and JSON Schema's uniqueness is by value
    return st.lists(items, min_size=low, max_size=high, unique_by=repr if unique else None)


def _string(node: dict[str, Any]) -> st.SearchStrategy[str]:
    if node.get("format") == "date":
        return DATES
    if "pattern" in node:
        low, high = node.get("minLength", 0), node.get("maxLength", 10**6)
        return st.from_regex(node["pattern"], fullmatch=True).filter(lambda s: low <= len(s) <= high and "\n" not in s)
    low = node.get("minLength", 0)
    high = min(node.get("maxLength", MAX_TEXT), max(low, MAX_TEXT))
    return st.text(TEXT_CHARS, min_size=low, max_size=high)


def internal_pointers(kind: str, data: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every leaf of ``data`` that lies in or under a property the schema marks ``"x-public": false``."""
    sch = schema(kind)

    def walk(node: dict[str, Any], value: Any, pointer: tuple[str | int, ...], hidden: bool) -> Iterator[tuple[tuple[str | int, ...], Any]]:
        node = sch.resolve(node)
        hidden = hidden or node.get("x-public") is False
        if isinstance(value, dict):
            props = node.get("properties", {})
            for key, item in value.items():
                yield from walk(props.get(key, {"x-public": False}), item, (*pointer, key), hidden)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(node.get("items", {}), item, (*pointer, i), hidden)
        elif hidden:
            yield pointer, value

    yield from walk(sch.raw, data, (), False)
