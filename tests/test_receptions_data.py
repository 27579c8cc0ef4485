"""``data/receptions.json``: the reception calendar as open data beside the .ics (issue 21 item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema


def test_receptions_json_follows_its_schema_and_shows_only_public_fields(demo_site: Path) -> None:
    """The demo's first reception as written in schedules/2025.yaml; its internal note and registered case stay out.

    Checked it can fail: with ``note`` added to each record in ``receptions_data._reception`` the schema
    (additionalProperties: false) refused the file and the last assertion failed."""
    data = demo_site / "site" / "data"
    doc = json.loads((data / "receptions.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads((data / "receptions.schema.json").read_text(encoding="utf-8")),
                                    format_checker=jsonschema.FormatChecker()).validate(doc)
    assert (doc["union"], doc["level"], doc["rule"]["days"], doc["rule"]["per"]) == ("中华全国总工会", "national", 2, "year")
    assert doc["receptions"][0] == {
        "id": "JF-2025-01", "date": "2025-01-14", "session": "am", "session_label": "上午", "mode": "fixed",
        "mode_label": "定点接访", "leader": {"id": "L-CHEN", "name": "陈志远", "title": "主席"},
        "location": "全国总工会信访接待室", "topic": "", "subject": "1月定点接访", "status": "held",
        "status_label": "已接访", "rescheduled_to": None, "confirmed": True, "attendance": 9}
    text = (data / "receptions.json").read_text(encoding="utf-8")
    assert "XF-2025-0002" not in text and "接待来访职工9人" not in text
