"""``data/receptions.json`` (接访安排开放数据): the reception calendar as data, beside ``receptions.ics``.

Whoever follows the receptions — a worker, the upper union checking reception days (issue 21's inspection),
a newsroom — gets what the calendar page shows, in one JSON file with its schema
(``data/receptions.schema.json``): each reception's day, half day, mode, leader (name and title, public), place,
subject, status (with the new day of a rescheduled one) and whether the plan is approved, plus the union, its
level and the reception rule it is held to. Only fields the public page already shows (``PublicReception``):
no case, no note, no petitioner. Ordered by date, session and id, so two builds of the same data are identical.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Sequence

from .. import registry
from ..model import Union
from ..public import PublicReception
from .contrib import SiteContext

SCHEMA_FILE = "receptions.schema.json"


def _reception(r: PublicReception) -> dict[str, Any]:
    return {"id": r.id, "date": r.date.isoformat(), "session": r.session, "session_label": r.session_label,
            "mode": r.mode, "mode_label": r.mode_label,
            "leader": {"id": r.leader_id, "name": r.leader_name, "title": r.leader_title},
            "location": r.location, "topic": r.topic_label, "subject": r.subject,
            "status": r.status, "status_label": r.status_label,
            "rescheduled_to": r.rescheduled_to.isoformat() if r.rescheduled_to else None,
            "confirmed": r.confirmed, "attendance": r.attendance if r.status == "held" else None}


def receptions_json(receptions: Sequence[PublicReception], union: Union, today: date) -> bytes:
    requirement = union.requirement
    doc = {"$schema": SCHEMA_FILE, "union": union.name, "level": union.level,
           "rule": {"days": requirement.days_per_period, "per": requirement.period, "description": requirement.description},
           "generated": today.isoformat(),
           "receptions": [_reception(r) for r in sorted(receptions, key=lambda r: (r.date, r.session, r.id))]}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def receptions_schema() -> bytes:
    text = {"type": "string"}
    day = {"type": "string", "format": "date"}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_FILE,
        "title": "领导接访安排", "description": "本会领导接待职工来访的安排和结果（公开数据）。",
        "type": "object", "additionalProperties": False,
        "required": ["union", "level", "rule", "generated", "receptions"],
        "properties": {
            "$schema": text, "union": {**text, "title": "工会"}, "level": {**text, "title": "层级"},
            "rule": {"type": "object", "title": "接访频次要求", "additionalProperties": False,
                     "required": ["days", "per", "description"],
                     "properties": {"days": {"type": "integer", "title": "每个周期至少天数"},
                                    "per": {"enum": ["year", "month", "fortnight", "none"], "title": "周期"},
                                    "description": text}},
            "generated": {**day, "title": "生成日期"},
            "receptions": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "date", "session", "mode", "leader", "location", "status", "confirmed"],
                "properties": {
                    "id": {**text, "title": "编号"}, "date": {**day, "title": "日期"},
                    "session": {"enum": ["am", "pm"], "title": "时段"}, "session_label": text,
                    "mode": {**text, "title": "接访方式"}, "mode_label": text,
                    "leader": {"type": "object", "additionalProperties": False, "required": ["id", "name", "title"],
                               "properties": {"id": text, "name": text, "title": text}},
                    "location": {**text, "title": "地点"}, "topic": text, "subject": text,
                    "status": {**text, "title": "状态"}, "status_label": text,
                    "rescheduled_to": {"type": ["string", "null"], "format": "date", "title": "改期至"},
                    "confirmed": {"type": "boolean", "title": "已批准"},
                    "attendance": {"type": ["integer", "null"], "title": "接待人数"}}}}}}
    return (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@registry.data_file("data/receptions.json")
def _receptions_json(site: SiteContext) -> bytes:
    return receptions_json(site.view.receptions, site.repository.union, site.today)


@registry.data_file("data/receptions.schema.json")
def _receptions_schema(site: SiteContext) -> bytes:
    return receptions_schema()
