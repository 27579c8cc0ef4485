"""``Schema.fields`` and ``values_at``: the shortcuts rules take must reach exactly what the long walks reach."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.privacy.secrets import ALWAYS_INTERNAL, internal_texts
from generator.public import leaves, public_view
from generator.schema import schema, values_at
from generator.validate import _refs, Source
from conftest import PROJECT

CASES = sorted((PROJECT / "cases").glob("*/*.yaml"))


def _load(file: Path) -> dict:
    return yaml.safe_load(file.read_text(encoding="utf-8").replace("\ufeff", ""))


def test_fields_internal_whatever_the_marks_say_are_internal_in_the_schema():
    """The privacy module keeps its own list of fields that are never public (so that flipping a mark cannot
    switch the guard off); the packaged schema must agree with it, and every public text of the demo cases
    is outside it."""
    sch = schema("case")
    public = sch.fields(lambda node, is_public: is_public)
    assert [t for t in public for internal in ALWAYS_INTERNAL if t[:len(internal)] == internal] == []
    assert all(sch.at(tuple(0 if p == "*" else p for p in t)) is not None for t in ALWAYS_INTERNAL)
    for file in CASES:
        data = _load(file)
        texts = {p for p, _ in internal_texts(data)}
        assert not texts & {p for p, _ in leaves(public_view("case", data))}, file.name
        assert ("summary",) in texts, file.name


def test_reference_fields_are_found_from_the_id_patterns():
    data = {"id": "XF-2026-0001", "units": ["U-A", "U-B"], "package": {"leader": "L-ZHAO"},
            "history": [{"unit": "U-C", "attendees": ["U-D"]}, {"leader": "L-QIAN"}], "reception": "JF-2026-01"}
    source = Source("cases/2026/XF-2026-0001.yaml", Path("x"), "case", data)
    assert sorted(_refs(source)) == sorted([
        (("units", 0), "U-A", "unit"), (("units", 1), "U-B", "unit"), (("package", "leader"), "L-ZHAO", "leader"),
        (("history", 0, "unit"), "U-C", "unit"), (("history", 0, "attendees", 0), "U-D", "unit"),
        (("history", 1, "leader"), "L-QIAN", "leader"), (("reception",), "JF-2026-01", "reception"),
    ])


def test_values_at_follows_lists_and_skips_what_is_absent():
    data = {"a": [{"b": 1}, {"c": 2}, {"b": 3}]}
    assert list(values_at(data, ("a", "*", "b"))) == [(("a", 0, "b"), 1), (("a", 2, "b"), 3)]
    assert list(values_at(data, ("x", "*"))) == []
