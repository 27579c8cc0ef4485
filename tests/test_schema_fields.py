"""``Schema.fields`` and ``values_at``: the shortcuts rules take must reach exactly what the long walks reach."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.privacy import _public_texts
from generator.public import leaves, public_view
from generator.schema import schema, values_at
from generator.validate import _refs, Source
from tests.conftest import PROJECT

CASES = sorted((PROJECT / "cases").glob("*/*.yaml"))


def _load(file: Path) -> dict:
    return yaml.safe_load(file.read_text(encoding="utf-8").replace("\ufeff", ""))


def test_public_text_fields_reach_every_public_text_of_the_demo_cases():
    sch = schema("case")
    for file in CASES:
        data = _load(file)
        long_way = {(p, t) for p, t in leaves(public_view("case", data)) if isinstance(sch.at(p) or {}, dict)
                    and (sch.at(p) or {}).get("type") == "string" and "enum" not in (sch.at(p) or {})
                    and (sch.at(p) or {}).get("format") != "date"}
        short_way = {(p, v) for t in _public_texts() for p, v in values_at(data, t)}
        assert short_way == long_way, file.name
    assert ("title",) in _public_texts() and ("history", "*", "public_note") in _public_texts()
    assert not any(t[0] in ("petitioners", "summary", "demands") for t in _public_texts())


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
