"""The one public projection: driven by the schemas' x-public marks, never leaking an internal field."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.config import Paths
from generator.public import leaves, public_data, public_schema, public_view
from generator.schema import schema
from generator.validate import check_repository

from conftest import MINIMAL, TODAY


@pytest.fixture(scope="module")
def repository():
    checked = check_repository(Paths.at(MINIMAL), TODAY, use_cache=False)  # read in place: writes nothing there
    assert checked.ok, [p.format() for p in checked.problems]
    return checked.repository


def _internal_pointers(node: dict[str, Any], pointer: tuple = ()) -> Iterator[tuple]:
    """Pointers (without array indexes) of every property the case schema does not mark public."""
    sch = schema("case")
    for key, sub in node.get("properties", {}).items():
        sub = sch.resolve(sub)
        if sub.get("x-public") is not True:
            yield (*pointer, key)
            continue
        yield from _internal_pointers(sub, (*pointer, key))
        if isinstance(sub.get("items"), dict):
            yield from _internal_pointers(sch.resolve(sub["items"]), (*pointer, key))


def test_projection_of_a_case_is_exactly_its_public_fields(repository):
    case = repository.case("XF-2026-0001")
    assert public_view("case", case.raw) == {
        "id": "XF-2026-0001", "channel": "visit", "topic": "wages",
        "region": {"province": "河北省", "city": "石家庄市"},
        "title": "某机械企业拖欠工资问题", "public_summary": "李某反映所在企业拖欠三个月工资。",
        "received": "2026-03-10", "accepted": "2026-03-12", "status": "assigned", "units": ["U-A"],
        "package": {"leader": "L-ZHAO", "since": "2026-03-12", "scope": ["protracted"], "disclosure": "public"},
        "history": [{"date": "2026-03-10", "type": "registration"},
                    {"date": "2026-03-13", "type": "assignment", "unit": "U-A", "public_note": "交甲区总工会办理。"}],
    }


def test_no_internal_field_comes_out_at_any_depth():
    raw = {
        "id": "XF-2026-0009", "channel": "letter", "reception": "JF-2026-01",
        "letter": {"addressee": "chairman", "urgent": True},
        "petitioners": [{"name": "张内部", "phone": "13912345678", "id_number": "11010519491231002X",
                         "employer": "内部公司", "address": "内部路1号"}],
        "headcount": 3, "topic": "wages", "region": {"province": "甲省", "city": "乙市"},
        "title": "公开标题四字", "summary": "内部摘要", "demands": "内部诉求", "received": "2026-01-02",
        "status": "concluded", "not_accepted_reason": "内部",
        "extension": {"days": 10, "reason": "内部理由", "approved": "2026-02-01", "approved_by": "L-ZHAO"},
        "package": {"leader": "L-ZHAO", "since": "2026-01-03", "scope": ["policy"], "disclosure": "public",
                    "plan": "内部方案", "four_duties": {"facts": "内部"}, "withheld_reason": "内部"},
        "history": [{"date": "2026-01-02", "type": "meeting", "note": "内部记录", "minutes": "内部纪要",
                     "reception": "JF-2026-01", "attendees": ["U-A"], "public_note": "公开说明"}],
        "conclusion": {"date": "2026-02-02", "result": "内部结果", "public_result": "公开结果", "satisfaction": "satisfied"},
        "not_in_schema": "内部",
    }
    view = public_view("case", raw)
    texts = [text for _, text in leaves(view)]
    assert not [t for t in texts if "内部" in t or t in ("13912345678", "11010519491231002X", "JF-2026-01")]
    assert view["extension"] == {"days": 10, "approved": "2026-02-01"}
    assert view["history"] == [{"date": "2026-01-02", "type": "meeting", "attendees": ["U-A"], "public_note": "公开说明"}]
    assert view["conclusion"] == {"date": "2026-02-02", "public_result": "公开结果", "satisfaction": "satisfied"}
    for pointer in _internal_pointers(schema("case").resolve(schema("case").raw)):
        node: Any = view
        for part in pointer[:-1]:
            node = node.get(part, {}) if isinstance(node, dict) else node[0] if node else {}
        assert not (isinstance(node, dict) and pointer[-1] in node), pointer


def test_the_marks_decide(monkeypatch):
    """Flip one mark in the schema and the projection follows: there is no second list of fields."""
    import copy

    import generator.public as public
    from generator.schema import Schema

    raw = {"id": "XF-2026-0001", "summary": "内部摘要", "title": "公开标题"}
    assert public_view("case", raw) == {"id": "XF-2026-0001", "title": "公开标题"}

    def flipped(mark: object) -> Schema:
        doc = copy.deepcopy(schema("case").raw)
        doc["properties"]["summary"]["x-public"] = mark
        return Schema("case", doc)

    monkeypatch.setattr(public, "schema", lambda name: flipped(True))
    assert public_view("case", raw) == {"id": "XF-2026-0001", "summary": "内部摘要", "title": "公开标题"}
    monkeypatch.setattr(public, "schema", lambda name: flipped("yes"))  # only the JSON value true publishes
    assert public_view("case", raw) == {"id": "XF-2026-0001", "title": "公开标题"}


def test_reception_projection_drops_internal_note_and_cases(repository):
    rec = repository.reception("JF-2026-01")
    view = public_view("schedule", rec.raw, ("receptions", 0))
    assert view == {"id": "JF-2026-01", "date": "2026-03-10", "session": "am", "mode": "fixed", "leader": "L-ZHAO",
                    "location": "测试市总工会信访接待室", "status": "held", "attendance": 4}


def test_public_schema_has_no_internal_property():
    doc = public_schema("case")
    core = {"id", "channel", "topic", "region", "title", "public_summary", "received", "accepted", "status", "units",
            "extension", "package", "history", "conclusion"}
    internal = {"petitioners", "headcount", "summary", "demands", "letter", "referral", "reception",
                "not_accepted_reason"}
    assert core <= set(doc["properties"]) and not internal & set(doc["properties"])
    marked = {k for k, v in schema("case").raw["properties"].items() if schema("case").resolve(v).get("x-public") is True}
    assert set(doc["properties"]) == marked
    assert set(doc["properties"]["package"]["properties"]) == {"leader", "since", "scope", "disclosure", "handovers"}
    # 包案领导变更 (issue 16.10) is published without its internal reason
    assert set(doc["properties"]["package"]["properties"]["handovers"]["items"]["properties"]) == {"date", "from", "to"}
    assert set(doc["properties"]["history"]["items"]["properties"]) == {
        "date", "type", "public_note", "leader", "unit", "method", "deadline", "reported", "attendees"}
    assert doc["properties"]["title"]["title"] == "公开标题"


def test_only_public_packages_are_published_withheld_count(repository, tmp_path):
    data = public_data(repository, TODAY)
    assert [c.id for c in data.cases] == ["XF-2026-0001"]
    assert [c.id for c in data.packages] == ["XF-2026-0001"]  # XF-2026-0002 is not a package at all
    case = data.cases[0]
    assert (case.leader_name, case.leader_title, case.unit_names) == ("赵测试", "主席", ("甲区总工会",))
    assert (case.deadline, case.overdue, case.overdue_days) == (date(2026, 5, 11), True, 51)
    assert (case.topic_label, case.status_label, case.region) == ("工资待遇", "已交办", "河北省石家庄市")


def test_withheld_package_is_not_published(minimal_repo: Path):
    from conftest import edit
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", "disclosure: public",
         "disclosure: withheld\n  withheld_reason: 涉及未成年人")
    checked = check_repository(Paths.at(minimal_repo), TODAY)
    assert checked.ok, [p.format() for p in checked.problems]
    data = public_data(checked.repository, TODAY)
    assert (len(data.cases), len(data.packages)) == (0, 1)
