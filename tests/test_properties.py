"""Property-based tests (基于性质的测试, hypothesis): the promises hold for any valid record, not just examples.

Records are drawn from the schemas themselves (tests/schema_strategies.py), so a new property or code is
covered as soon as it is in the schema. Budgets are modest here (the normal test run must stay fast); the
same properties run with a large budget from ``python -m fuzz``.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import Paths
from generator.loader import parse_text
from generator.public import public_view
from generator.schema import SCHEMA_NAMES, schema, values_at, values_at_each
from generator.validate import check_repository
from conftest import MINIMAL
from tests.schema_strategies import TEXT_CHARS, internal_pointers, valid

# derandomize: the normal run is the same on every machine (no red CI from a lucky draw); exploring new
# examples is the fuzzer's job (python -m fuzz), which keeps what it finds as regression tests.
FAST = settings(max_examples=50, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def budget(kind: str) -> settings:
    """Cases have the most shapes; the small reference files need fewer examples."""
    return FAST if kind in ("case", "schedule") else settings(FAST, max_examples=15)


def dump(data: Any) -> str:
    """YAML as an editor's tool would write it (PyYAML quotes whatever YAML 1.1 would misread)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


@pytest.mark.parametrize("kind", SCHEMA_NAMES)
def test_strategies_draw_schema_valid_documents(kind: str) -> None:
    @budget(kind)
    @given(valid(kind))
    def check(doc: dict[str, Any]) -> None:
        assert schema(kind).is_valid(doc), doc

    check()


@pytest.mark.parametrize("kind", SCHEMA_NAMES)
def test_many_paths_at_once_find_what_each_path_finds(kind: str) -> None:
    """``values_at_each`` (a case's public texts and references, walked once) gives, for any valid document and
    every field of its schema, exactly what ``values_at`` of each field in turn gives, in the same order. Checked to
    fail: with the stable sort by path number left out, the values came in document order, not path by path."""
    templates = tuple(schema(kind).fields(lambda node, public: True))

    @budget(kind)
    @given(valid(kind))
    def check(doc: dict[str, Any]) -> None:
        assert [(p, v) for _, p, v in values_at_each(doc, templates)] == [
            (p, v) for template in templates for p, v in values_at(doc, template)]

    check()


@pytest.mark.parametrize("kind", SCHEMA_NAMES)
def test_loader_reads_back_exactly_what_was_written(kind: str) -> None:
    @budget(kind)
    @given(valid(kind))
    def check(doc: dict[str, Any]) -> None:
        loaded, problems = parse_text(dump(doc), "f.yaml")
        assert problems == []
        assert loaded is not None and loaded.data == doc

    check()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("props") / "repo"
    shutil.copytree(MINIMAL, root)
    return root


@FAST
@given(case=valid("case"), today=st.dates(min_value=date(2000, 1, 1), max_value=date(2036, 12, 31)))
def test_any_valid_case_validates_without_crashing(scratch: Path, case: dict[str, Any], today: date) -> None:
    """Rules see every combination of optional fields the schema allows: none may raise, all problems are placed."""
    folder = scratch / "cases" / case["id"][3:7]
    folder.mkdir(exist_ok=True)
    file = folder / f"{case['id']}.yaml"
    text = dump(case)
    file.write_text(text, encoding="utf-8")
    try:
        checked = check_repository(Paths.at(scratch), today)
    finally:
        file.unlink()
    shown = f"cases/{case['id'][3:7]}/{case['id']}.yaml"
    for problem in checked.problems:
        assert problem.line >= 1 and problem.col >= 1, problem
        assert problem.code != "schema", problem  # the drawn case is schema-valid
        assert problem.message and "Traceback" not in problem.message
        if problem.path == shown:
            assert problem.line <= text.count("\n") + 1, problem
    assert (checked.repository is None) == (not checked.ok)


def _schema_paths(kind: str) -> list[tuple[str, ...]]:
    sch = schema(kind)
    out: list[tuple[str, ...]] = []

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
        node = sch.resolve(node)
        if "items" in node and isinstance(node["items"], dict):
            node = {**sch.resolve(node["items"]), **{k: v for k, v in node.items() if k != "items"}}
        for key, sub in node.get("properties", {}).items():
            out.append((*path, key))
            walk(sub, (*path, key))

    walk(sch.raw, ())
    return out


def _is_internal(kind: str, path: tuple[str, ...]) -> bool:
    sch = schema(kind)
    node: dict[str, Any] = sch.resolve(sch.raw)
    for key in path:
        if "items" in node and isinstance(node["items"], dict):
            node = sch.resolve(node["items"])
        node = sch.resolve(node["properties"][key])
        if node.get("x-public") is False:
            return True
    return False


def _marked(kind: str, doc: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """``doc`` with every internal leaf replaced by a distinctive marker, and the set of markers."""
    marked = json.loads(json.dumps(doc))
    markers: set[str] = set()
    for n, (pointer, _) in enumerate(list(internal_pointers(kind, doc))):
        target = marked
        for part in pointer[:-1]:
            target = target[part]
        markers.add(value := f"内部标记{n:04d}QZX")
        target[pointer[-1]] = value
    return marked, markers


def _has_internal(kind: str) -> bool:
    return any(_is_internal(kind, path) for path in _schema_paths(kind))


@pytest.mark.parametrize("kind", [k for k in SCHEMA_NAMES if _has_internal(k)])
def test_public_view_never_holds_an_internal_value(kind: str) -> None:
    """Every internal leaf gets a distinctive marker; none may reach the projection. Only kinds with internal
    fields (case, schedule): elsewhere there is nothing to mark, and the check would be ``[] == []``. The run
    must have marked something, or it proved nothing. Checked to fail: with ``_project`` keeping a property
    marked ``"x-public": false`` the petitioners' markers are found for case."""
    marked_any: list[int] = []

    @budget(kind)
    @given(valid(kind))
    def check(doc: dict[str, Any]) -> None:
        marked, markers = _marked(kind, doc)
        marked_any.append(len(markers))
        text = json.dumps(public_view(kind, marked), ensure_ascii=False)
        assert [m for m in markers if m in text] == []

    check()
    assert sum(marked_any) > 0


def _public_leaves(kind: str, doc: dict[str, Any]) -> list[tuple[tuple, Any]]:
    """The oracle, from the schema alone: the leaves of ``doc`` whose every named step is marked public."""
    sch = schema(kind)

    def public(pointer: tuple) -> bool:
        return all((sch.at(pointer[:end]) or {}).get("x-public") is True
                   for end in range(1, len(pointer) + 1) if not isinstance(pointer[end - 1], int))

    return [(pointer, value) for pointer, value in _leaves(doc) if public(pointer)]


@pytest.mark.parametrize("kind", SCHEMA_NAMES)
def test_public_view_keeps_every_public_value_exactly(kind: str) -> None:
    """The other half of the projection's promise: every value on a public path is published, unchanged.
    For union, leaders and units, which mark every field public, this is the whole record (checked non-empty:
    their required fields are public); holidays mark nothing public and publish nothing. Checked to fail: with
    ``_project`` dropping lists, case, schedule, leaders and units fail."""
    @budget(kind)
    @given(valid(kind))
    def check(doc: dict[str, Any]) -> None:
        expected = _public_leaves(kind, doc)
        assert _leaves(public_view(kind, doc)) == expected
        if kind in ("union", "leaders", "units"):  # public names and roles; internal settings stay out
            assert set(expected) <= set(_leaves(doc))
            assert any(path[-1] == "name" for path, _ in expected) == any(p[-1] == "name" for p, _ in _leaves(doc))

    check()


@pytest.mark.parametrize("kind", SCHEMA_NAMES)
def test_public_view_keeps_only_public_paths(kind: str) -> None:
    """Every leaf of the projection lies on a path whose every step the schema marks public."""
    sch = schema(kind)

    @budget(kind)
    @given(valid(kind))
    def check(doc: dict[str, Any]) -> None:
        view = public_view(kind, doc)
        for pointer, _ in _leaves(view):
            keys = list(pointer)
            for end in range(1, len(keys) + 1):
                if isinstance(keys[end - 1], int):
                    continue
                node = sch.at(tuple(keys[:end]))
                assert node is not None and node.get("x-public") is True, (pointer, keys[:end])

    check()


def _leaves(value: Any, pointer: tuple = ()) -> list[tuple[tuple, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*pointer, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*pointer, i))]
    return [(pointer, value)]


def test_marking_reaches_every_internal_field_of_the_case_schema() -> None:
    """The marker walk is driven by the schema: every property marked internal is found, none missed."""
    internal = {p for p in _schema_paths("case") if _is_internal("case", p)}
    assert ("petitioners", "name") in internal and ("summary",) in internal and ("title",) not in internal
    assert len(internal) >= 20


# -- rendering: hostile text in every public field stays text ------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', '"><svg onload=alert(1)>', "</div></div><p>",
    "[点我](javascript:alert(1))", "![x](http://evil.example/x.png)", "{{ 7*7 }}{% raw %}", "&lt;script&gt;",
    "<!-- 注释", "\n\n# 标题\n\n---\ntitle: x\n---\n", "<a href='javascript:alert(1)'>链接</a>", "`code` *强调* _x_",
    "<iframe src=//evil.example>", "javascript:alert(1)", "<<script>script>", "<style>*{display:none}</style>",
]
_DANGEROUS_TAGS = {"script", "img", "svg", "iframe", "style", "object", "embed"}


def _public_text_pointers(doc: dict[str, Any]) -> list[tuple]:
    """Pointers of the public free-text values of a case (no codes, ids or dates)."""
    sch = schema("case")
    found = []
    for pointer, value in _leaves(public_view("case", doc)):
        node = sch.at(tuple(0 if isinstance(p, int) else p for p in pointer)) or {}
        if isinstance(value, str) and node.get("type") == "string" and not ({"enum", "pattern", "format"} & set(node)):
            found.append(pointer)
    return found


class _Tags(__import__("html.parser").parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DANGEROUS_TAGS:
            self.bad.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.bad.append(f"{tag} {name}={value}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@FAST
@given(case=valid("case"), payloads=st.lists(st.sampled_from(HOSTILE) | st.text(TEXT_CHARS, max_size=30), min_size=1, max_size=8))
def test_hostile_public_text_is_escaped_on_the_case_page(case: dict[str, Any], payloads: list[str]) -> None:
    import markdown

    from generator.public import public_case
    from generator.site.pages import case_page

    for i, pointer in enumerate(_public_text_pointers(case)):
        target = case
        for part in pointer[:-1]:
            target = target[part]
        target[pointer[-1]] = payloads[i % len(payloads)]
    page = case_page(public_case(public_view("case", case), {}, {}, date(2026, 11, 26)), date(2026, 11, 26))
    front, _, body = page.removeprefix("---\n").partition("\n---\n")
    title = yaml.safe_load(front)["title"]
    assert not set("<>&\"'") & set(title)
    rendered = markdown.markdown(body, extensions=["toc", "tables", "admonition", "attr_list", "md_in_html"])
    parser = _Tags()
    parser.feed(rendered)
    assert parser.bad == []
    # the title, always shown, reads exactly as typed: Jinja did not evaluate it, Markdown did not format it
    if case["title"] in HOSTILE and "\n" not in case["title"]:
        assert case["title"] in "".join(parser.text)


def _hostile(doc: dict[str, Any], kind: str, pointers: list[tuple], payloads: list[str]) -> dict[str, Any]:
    for i, pointer in enumerate(pointers):
        target = doc
        for part in pointer[:-1]:
            target = target[part]
        target[pointer[-1]] = payloads[i % len(payloads)]
    return doc


@FAST
@given(case=valid("case"), payloads=st.lists(st.sampled_from(HOSTILE + ["=1+1", "+SUM(A1)", "-2", "@cmd", "=HYPERLINK(\"x\")"])
                                             | st.text(TEXT_CHARS, max_size=30), min_size=1, max_size=8))
def test_hostile_public_text_in_open_data_and_feed(case: dict[str, Any], payloads: list[str]) -> None:
    """cases.csv never starts a cell with a formula, feed.xml stays well-formed XML, cases.json reads back exactly."""
    import csv
    import io
    import xml.etree.ElementTree as ET

    from generator.public import public_case
    from generator.site.data import cases_csv, cases_json, feed_xml

    today = date(2026, 11, 26)
    _hostile(case, "case", _public_text_pointers(case), payloads)
    view = public_view("case", case)
    published = public_case(view, {}, {}, today)
    rows = list(csv.reader(io.StringIO(cases_csv([published]).decode("utf-8-sig"))))
    assert len(rows) == 2 and len(rows[1]) == len(rows[0])
    assert [cell for cell in rows[1] if cell[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    assert rows[1][1] in (published.title, "'" + published.title)
    feed = ET.fromstring(feed_xml([published], "测试总工会", "https://example.org/", today))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:entry/a:title", ns).text == f"{published.id} {published.title}"
    assert json.loads(cases_json([published], today))["cases"][0]["record"] == view


@FAST
@given(schedule=valid("schedule"), payloads=st.lists(st.sampled_from(HOSTILE + ["\nBEGIN:VEVENT\nSUMMARY:伪造", ";,\\"])
                                                     | st.text(TEXT_CHARS, max_size=30), min_size=1, max_size=6))
def test_hostile_public_text_in_the_calendar(schedule: dict[str, Any], payloads: list[str]) -> None:
    """receptions.ics: hostile text cannot add a line, an event or a property to the calendar."""
    from generator.public import public_reception
    from generator.site.data import receptions_ics

    sch = schema("schedule")
    for rec in schedule["receptions"]:
        for key in ("location", "subject", "reason"):
            node = sch.at(("receptions", 0, key)) or {}
            if key in rec and node.get("x-public") is True:
                rec[key] = payloads[len(key) % len(payloads)]
    receptions = [public_reception(rec, {}, {}) for rec in schedule["receptions"]]
    text = receptions_ics(receptions, "测试\n日历", date(2026, 11, 26)).decode("utf-8")
    lines = text.split("\r\n") if "\r\n" in text else text.split("\n")
    unfolded = [line for line in lines if not line.startswith(" ")]
    assert sum(1 for line in unfolded if line == "BEGIN:VEVENT") == len(receptions)
    assert [line for line in unfolded if line and ":" not in line and ";" not in line] == []
    assert not any(line.startswith("SUMMARY:伪造") for line in unfolded)


@FAST
@given(schedule=valid("schedule"), union=valid("union"),
       payloads=st.lists(st.sampled_from(HOSTILE) | st.text(TEXT_CHARS, max_size=30), min_size=1, max_size=6))
def test_hostile_text_on_the_receptions_page(schedule: dict[str, Any], union: dict[str, Any], payloads: list[str]) -> None:
    """The reception schedule page (接访安排): hostile text in receptions and in the union's data stays text."""
    import markdown

    from generator.model import Union
    from generator.public import public_reception
    from generator.site.pages import receptions_page

    sch = schema("schedule")
    for n, rec in enumerate(schedule["receptions"]):
        for key in ("location", "subject", "reason"):
            if key in rec and (sch.at(("receptions", 0, key)) or {}).get("x-public") is True:
                rec[key] = payloads[n % len(payloads)]
    for key in ("name", "short_name", "reception_room", "address"):
        if key in union:
            union[key] = payloads[len(key) % len(payloads)]
    today = date(2026, 11, 26)
    page = receptions_page([public_reception(r, {}, {}) for r in schedule["receptions"]], Union.from_data(union), today)
    _, _, body = page.removeprefix("---\n").partition("\n---\n")
    parser = _Tags()
    parser.feed(markdown.markdown(body, extensions=["toc", "tables", "admonition", "attr_list", "md_in_html"]))
    assert parser.bad == []
