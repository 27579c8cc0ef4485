"""Leak canaries (金丝雀): a distinctive marker in every internal field, and none in anything public.

A copy of the demo data gets a unique marker in every internal value the schemas mark ``"x-public": false``
that can carry one (free text, phone and ID numbers, query codes), found by walking the schemas, so a new
internal field is planted automatically. The year 2025 is filed again (``xinfang archive``) and the public
site built (``xinfang build``). Then every output file — pages, search index, sitemap (gzip too), feeds,
JSON, CSV, ICS, the archive's ``public.json`` and ``MANIFEST.json`` — is searched for every marker, as written,
percent-encoded, HTML-entity-encoded, JSON-escaped, lower-cased, and after decoding all of those.

A positive control proves the search works in this very build: one marker is put into a *public* field (a
published case's title) and must be found; the archive's ``internal.json`` must hold the internal ones.
"""

from __future__ import annotations

import dataclasses
import gzip
import html
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, unquote

import ahocorasick
import brotli
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.config import Paths
from generator.validate import check_repository
from generator.loader import load_file
from generator.schema import schema
from conftest import copy_demo
from tests.schema_strategies import internal_pointers

TODAY = "2026-11-26"
KINDS = {"case": "cases/*/*.yaml", "schedule": "schedules/*.yaml", "leaders": "reference/leaders.yaml",
         "units": "reference/units.yaml", "union": "reference/union.yaml"}
REFERENCE = ("^L-", "^U-", "^JF-", "^XF-")  # ids of public records: not secrets, cannot be renamed
CODE_ALPHABET = "23456789"
CONTROL = "QZXKCTRL对照标记"


@dataclass
class Planted:
    """The planted repository, its outputs and the markers by field."""

    root: Path
    site: Path
    markers: dict[str, str]  # marker → "file#/pointer"
    fields: set[tuple[str, tuple[str, ...]]]  # (kind, generic path) of every planted field


def _generic(pointer: tuple) -> tuple[str, ...]:
    return tuple("*" if isinstance(p, int) else p for p in pointer)


def _recipe(kind: str, pointer: tuple, n: int) -> str | None:
    """A marker valid where it is planted, or None for values that cannot carry one (codes, dates, ids)."""
    node = schema(kind).at(tuple(0 if isinstance(p, int) else p for p in pointer)) or {}
    if node.get("type") != "string" or "enum" in node or node.get("format") == "date":
        return None
    pattern = node.get("pattern", "")
    if pattern.startswith(REFERENCE):
        return None
    if pointer[-1] == "phone":
        return f"1990000{n:04d}"
    if pointer[-1] == "id_number":
        return f"99000019900101{n:03d}X"
    if pointer[-1] == "query_code":
        digits = "".join(CODE_ALPHABET[(n >> (3 * i)) & 7] for i in range(4))
        return f"QZXK-{digits}-WVWV"
    if pointer[-1] == "exchange":  # an exchange file's random id (32 hex digits): no content, like a digest
        return None
    if "privacy_reviewed" in pointer and pointer[-1] in ("field", "digest"):
        return None  # where and which text an editor reviewed: a pointer and a digest, no content
    if pattern:
        raise AssertionError(f"no marker recipe for the internal pattern field {kind} {pointer}: add one here")
    return f"QZXK{n:05d}金丝雀"


def _plant(doc: Any, kind: str, where: str, planted: Planted) -> Any:
    for pointer, _ in list(internal_pointers(kind, doc)):
        marker = _recipe(kind, pointer, len(planted.markers))
        if marker is None:
            continue
        target = doc
        for part in pointer[:-1]:
            target = target[part]
        target[pointer[-1]] = marker
        planted.markers[marker] = f"{where}#/{'/'.join(map(str, pointer))}"
        planted.fields.add((kind, _generic(pointer)))
    return doc


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    root = copy_demo(tmp_path_factory.mktemp("canary") / "demo")
    result = Planted(root, root.parent / "site", {}, set())
    control_done = False
    for kind, pattern in KINDS.items():
        for file in sorted(root.glob(pattern)):
            doc, problems = load_file(file, file.name)
            assert doc is not None, problems
            data = _plant(doc.data, kind, file.relative_to(root).as_posix(), result)
            if kind == "case" and not control_done and data.get("package", {}).get("disclosure") == "public":
                data["title"] = CONTROL  # the positive control: a public field must be found
                control_done = True
            file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert control_done
    runner = CliRunner()
    for args in (["archive", "2025", "--replace", "--today", TODAY], ["build", "--today", TODAY, "--out", str(result.site)]):
        outcome = runner.invoke(cli, ["--root", str(root), *args], catch_exceptions=False)
        assert outcome.exit_code == 0, outcome.output
    return result


# -- searching the outputs --------------------------------------------------------------------------------

_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _decoded(text: str) -> str:
    for _ in range(3):
        new = html.unescape(unquote(_JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)))
        if new == text:
            break
        text = new
    return _INVISIBLE.sub("", text)  # the search plugin puts zero-width spaces between words


def _forms(marker: str) -> set[str]:
    """Every spelling of a marker an output file could contain, lower-cased."""
    core = re.match(r"[A-Za-z0-9-]+", marker).group()  # the ASCII part survives a search index's tokenising
    forms = {marker, core, quote(marker), quote(marker).lower(), json.dumps(marker)[1:-1],
             "".join(f"&#{ord(c)};" for c in marker), "".join(f"&#x{ord(c):x};" for c in marker)}
    return {f.lower() for f in forms}


def _public_files(planted: Planted) -> Iterator[tuple[str, str]]:
    for file in sorted(planted.site.rglob("*")):
        if file.is_file():
            data = file.read_bytes()
            if data[:2] == b"\x1f\x8b":  # .gz siblings, and Pagefind's chunks under their own names
                data = gzip.decompress(data)
            elif file.suffix == ".br":  # brotli siblings of text files and of Pagefind's files
                data = brotli.decompress(data)
            yield f"site/{file.relative_to(planted.site).as_posix()}", data.decode("utf-8", errors="replace")
    for name in ("public.json", "MANIFEST.json"):
        file = planted.root / "archives" / "2025" / name
        yield f"archives/2025/{name}", file.read_text(encoding="utf-8")


def _found(planted: Planted, markers: list[str]) -> dict[str, list[str]]:
    """Which files hold any spelling of each marker, in three readings of each file (as is, decoded, and
    decoded with digit groups closed up). One Aho-Corasick pass per reading finds what a substring test per
    spelling would (pyahocorasick, not the tool's own matcher: this search stays independent of it)."""
    by_spelling: dict[str, set[str]] = {}
    for marker in markers:
        for spelling in _forms(marker):
            by_spelling.setdefault(spelling, set()).add(marker)
    automaton = ahocorasick.Automaton()
    for spelling, owners in by_spelling.items():
        automaton.add_word(spelling, owners)
    automaton.make_automaton()
    found: dict[str, list[str]] = {}
    for shown, text in _public_files(planted):
        decoded = _decoded(text).lower()
        compact = re.sub(r"(?<=\d)[\s\-]+(?=\d)", "", decoded)
        hits: set[str] = set()
        for reading in (text.lower(), decoded, compact):
            for _, owners in automaton.iter(reading):
                hits |= owners
        for marker in sorted(hits):
            found.setdefault(marker, []).append(shown)
    return found


# -- the tests -----------------------------------------------------------------------------------------------

def test_every_internal_text_field_of_the_schemas_is_planted(planted: Planted) -> None:
    """Walk the schemas: every internal field that can carry a marker was present in the data and planted."""
    wanted = set()
    for kind in KINDS:
        for path in _schema_leaves(kind):
            pointer = tuple(0 if p == "*" else p for p in path)
            if _is_internal(kind, path) and _recipe(kind, pointer, 0) is not None:
                wanted.add((kind, path))
    assert len(wanted) >= 20
    assert sorted(wanted - planted.fields) == []  # a field missing here needs a record of the demo data that uses it
    assert len(planted.markers) >= 500


def test_no_marker_in_any_public_output(planted: Planted) -> None:
    found = _found(planted, list(planted.markers))
    leaked = {f"{marker} ({planted.markers[marker]})": files[:3] for marker, files in found.items()}
    assert leaked == {}


def test_positive_control_is_found(planted: Planted) -> None:
    found = _found(planted, [CONTROL])
    assert CONTROL in found
    assert any(shown.startswith("site/") and shown.endswith(".html") for shown in found[CONTROL])
    assert any(shown.startswith("site/pagefind/fragment/") for shown in found[CONTROL])  # read inside the index


def test_the_tool_reads_the_planted_values(planted: Planted) -> None:
    """The planting reached what the build reads: the validated repository holds every marker, and the
    internal archive (which may hold internal data) carries some of them."""
    checked = check_repository(Paths.at(planted.root), date.fromisoformat(TODAY))
    assert checked.repository is not None, [p.format() for p in checked.problems if p.is_error]
    repo = checked.repository
    records: list[Any] = [c.raw for c in repo.cases] + [r.raw for r in repo.receptions]
    records += [dataclasses.asdict(repo.union)]  # the union's internal fields (信访工作部门, 主送机关)
    held = json.dumps(records, ensure_ascii=False)
    assert [m for m in planted.markers if m not in held] == []
    internal = (planted.root / "archives" / "2025" / "internal.json").read_text(encoding="utf-8")
    assert any(m in internal for m in planted.markers)


def test_site_is_not_empty(planted: Planted) -> None:
    assert sum(1 for _ in planted.site.rglob("*.html")) >= 20


def _schema_leaves(kind: str) -> list[tuple[str, ...]]:
    sch = schema(kind)
    out: list[tuple[str, ...]] = []

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
        node = sch.resolve(node)
        if isinstance(node.get("items"), dict):
            walk(node["items"], (*path, "*"))
        elif "properties" in node:
            for key, sub in node["properties"].items():
                walk(sub, (*path, key))
        else:
            out.append(path)

    walk(sch.raw, ())
    return out


def _is_internal(kind: str, path: tuple[str, ...]) -> bool:
    sch = schema(kind)
    node = sch.resolve(sch.raw)
    for part in path:
        node = sch.resolve(node["items"] if part == "*" else node["properties"][part])
        if node.get("x-public") is False:
            return True
    return False
