"""Editor help (编辑器提示): the schema modeline of every data file, the VS Code mapping, and schemas whose
titles, descriptions, enum labels and examples make hover and completion useful in Chinese."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from generator.config import schema_dir

PROJECT = Path(__file__).resolve().parent.parent
SCHEMAS = schema_dir()
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
HAN = re.compile(r"[\u4e00-\u9fff]")
DATA_ROOTS = (PROJECT, PROJECT / "tests" / "data" / "minimal")


def expected_schema(root: Path, file: Path) -> str:
    """The schema a data file must follow, judged by where it lies in its repository."""
    rel = file.relative_to(root).parts
    if rel[0] == "cases":
        return "case"
    if rel[0] == "schedules":
        return "schedule"
    if rel[:2] == ("reference", "holidays"):
        return "holidays"
    return file.stem  # reference/union.yaml → union, leaders.yaml → leaders, units.yaml → units


def data_files() -> list[tuple[Path, Path]]:
    found = []
    for root in DATA_ROOTS:
        for folder in ("reference", "schedules", "cases"):
            found += [(root, f) for f in sorted((root / folder).rglob("*.yaml"))]
    return found


FILES = data_files()


def test_there_are_data_files_to_check() -> None:
    # tests/data/minimal alone has 3 reference files, 1 schedule and 2 cases
    assert len(FILES) >= 6


@pytest.mark.parametrize("root,file", FILES, ids=[str(f.relative_to(PROJECT)) for _, f in FILES])
def test_data_file_starts_with_its_schema_modeline(root: Path, file: Path) -> None:
    first = file.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{file.relative_to(PROJECT)}:1:1: 第一行应为 # yaml-language-server: $schema=<相对路径>，现在是 {first!r}"
    target = (file.parent / match.group(1)).resolve()
    kind = expected_schema(root, file)
    assert target == (PROJECT / "schemas" / f"{kind}.schema.json").resolve()
    assert not Path(match.group(1)).is_absolute(), "模式路径必须是相对路径，换一台电脑也能用"


def _glob_regex(glob: str) -> re.Pattern[str]:
    """VS Code glob → regex: ``**/`` any folders (or none), ``*`` within one folder."""
    out = ""
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif glob[i] == "*":
            out, i = out + "[^/]*", i + 1
        else:
            out, i = out + re.escape(glob[i]), i + 1
    return re.compile(out + r"\Z")


def vscode_mapping() -> dict[str, list[str]]:
    settings = json.loads((PROJECT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    return settings["yaml.schemas"]


def test_vscode_maps_every_schema_that_exists() -> None:
    mapping = vscode_mapping()
    assert sorted(mapping) == [f"./schemas/{k}.schema.json"
                               for k in ("case", "exchange", "holidays", "leaders", "schedule", "union", "units")]
    for schema_path in mapping:
        assert (PROJECT / schema_path).is_file()


@pytest.mark.parametrize("root,file", FILES, ids=[str(f.relative_to(PROJECT)) for _, f in FILES])
def test_vscode_maps_each_data_file_to_exactly_its_schema(root: Path, file: Path) -> None:
    rel = file.relative_to(PROJECT).as_posix()
    hits = [schema for schema, globs in vscode_mapping().items()
            if any(_glob_regex(g).match(rel) for g in globs)]
    assert hits == [f"./schemas/{expected_schema(root, file)}.schema.json"]


def test_glob_translation() -> None:
    assert _glob_regex("cases/**/*.yaml").match("cases/2026/XF-2026-0001.yaml")
    assert not _glob_regex("schedules/*.yaml").match("schedules/old/2026.yaml")
    assert not _glob_regex("reference/union.yaml").match("reference/units.yaml")


# -- the schemas ----------------------------------------------------------------------------------

def schema_docs() -> dict[str, dict[str, Any]]:
    return {f.name: json.loads(f.read_text(encoding="utf-8")) for f in sorted(SCHEMAS.glob("*.schema.json"))}


DOCS = schema_docs()


def resolve(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a ``$ref`` (local or into common.schema.json); the node's own keywords win."""
    ref = node.get("$ref")
    if not ref:
        return node
    file, _, fragment = ref.partition("#")
    target: Any = DOCS[file] if file else doc
    for part in fragment.strip("/").split("/"):
        target = target[part]
    merged = dict(resolve(DOCS[file] if file else doc, target))
    merged.update({k: v for k, v in node.items() if k != "$ref"})
    return merged


def fields(node: dict[str, Any], pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property and every definition, recursively (through items and nested objects)."""
    for key, sub in node.get("properties", {}).items():
        yield f"{pointer}/properties/{key}", sub
        yield from fields(sub, f"{pointer}/properties/{key}")
    for key, sub in node.get("$defs", {}).items():
        yield f"{pointer}/$defs/{key}", sub
        yield from fields(sub, f"{pointer}/$defs/{key}")
    if isinstance(node.get("items"), dict):
        yield from fields(node["items"], f"{pointer}/items")


def subschemas(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping in the schema, wherever it is."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from subschemas(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from subschemas(value, f"{pointer}/{i}")


ALL_FIELDS = [(name, ptr, sub) for name, doc in DOCS.items() for ptr, sub in fields(doc)]


def test_schemas_are_found() -> None:
    assert sorted(DOCS) == ["case.schema.json", "common.schema.json", "exchange.schema.json", "holidays.schema.json", "leaders.schema.json",
                            "schedule.schema.json", "union.schema.json", "units.schema.json"]
    assert len(ALL_FIELDS) > 100


@pytest.mark.parametrize("name,pointer,sub", ALL_FIELDS, ids=[f"{n}#{p}" for n, p, _ in ALL_FIELDS])
def test_every_field_has_chinese_title_and_description(name: str, pointer: str, sub: dict[str, Any]) -> None:
    """Every field carries its own texts (issue 17.5); a shared type keeps its texts as x-title/x-description,
    because yaml-language-server lets a referenced definition's title/description replace the field's."""
    if name == "common.schema.json" and pointer.count("/") == 2:  # a shared type: #/$defs/<name>
        assert "title" not in sub and "description" not in sub, f"{name}#{pointer} 共用类型的说明应写作 x-title/x-description"
        assert HAN.search(sub.get("x-title", "")) and HAN.search(sub.get("x-description", "")), f"{name}#{pointer}"
        return
    assert HAN.search(sub.get("title", "")), f"{name}#{pointer} 缺少自己的中文 title"
    assert HAN.search(sub.get("description", "")), f"{name}#{pointer} 缺少自己的中文 description"


def test_committed_schemas_are_what_the_help_generator_makes() -> None:
    """One source: 【公开】/【内部】 in the hover text come from x-public, the enum descriptions from x-enum-labels.
    Checked it can fail: a schema with one x-public flipped and not regenerated failed here."""
    import sys

    sys.path.insert(0, str(PROJECT / "tools"))
    import schema_help

    generated = schema_help.texts(schema_help.generate(schema_help.read(PROJECT / "schemas")))
    stale = [n for n, text in generated.items() if (PROJECT / "schemas" / n).read_text(encoding="utf-8") != text]
    assert stale == [], "请运行 python tools/schema_help.py"
    again = schema_help.texts(schema_help.generate({n: json.loads(t) for n, t in generated.items()}))
    assert again == generated  # idempotent: safe to re-run after merges


def test_public_marks_agree_with_x_public() -> None:
    marked = [(name, ptr, sub) for name, doc in DOCS.items() for ptr, sub in subschemas(doc)
              if isinstance(sub.get("x-public"), bool) and "description" in sub]
    assert len(marked) > 100
    for name, ptr, sub in marked:
        mark = "【公开】" if sub["x-public"] else "【内部】"
        assert sub["markdownDescription"] == mark + sub["description"], f"{name}#{ptr}"
    for ptr, sub in subschemas(DOCS["case.schema.json"]):
        if "enum" in sub and "x-enum-labels" in sub:
            assert sub["markdownEnumDescriptions"] == [sub["x-enum-labels"][code] for code in sub["enum"]], ptr


def test_every_enum_has_labels_for_exactly_its_values() -> None:
    enums = [(name, ptr, node) for name, doc in DOCS.items() for ptr, node in subschemas(doc) if "enum" in node]
    assert len(enums) >= 12
    for name, ptr, node in enums:
        labels = node.get("x-enum-labels", {})
        assert list(labels) == list(node["enum"]), f"{name}#{ptr}: x-enum-labels 与 enum 不一致"
        assert all(HAN.search(label) for label in labels.values()), f"{name}#{ptr}: 标签应为中文"


def test_every_case_property_is_marked_public_or_internal() -> None:
    doc = DOCS["case.schema.json"]
    unmarked = [ptr for ptr, sub in fields(doc) if not isinstance(sub.get("x-public"), bool)]
    assert unmarked == []
    # the region comes from common.schema.json: its parts carry the mark there
    region = DOCS["common.schema.json"]["$defs"]["region"]["properties"]
    assert {k: v["x-public"] for k, v in region.items()} == {"province": True, "city": True}


def test_petitioner_fields_are_never_public() -> None:
    props = DOCS["case.schema.json"]["properties"]["petitioners"]
    assert props["x-public"] is False
    assert {k: v["x-public"] for k, v in props["items"]["properties"].items()} == {
        "name": False, "phone": False, "id_number": False, "employer": False, "address": False}


def test_every_example_is_valid_for_its_field() -> None:
    """Completion offers ``examples``: a wrong one would teach editors a wrong value."""
    checked = 0
    for name, doc in DOCS.items():
        for ptr, node in subschemas(doc):
            if not isinstance(node.get("examples"), list) or ptr.endswith("/properties"):
                continue
            shape = {k: v for k, v in resolve(doc, node).items() if k not in ("examples", "defaultSnippets")}
            validator = Draft202012Validator(shape, format_checker=FormatChecker())
            for example in node["examples"]:
                assert validator.is_valid(example), f"{name}#{ptr}: 示例 {example!r} 不符合本字段要求"
                checked += 1
    assert checked >= 7


def test_ids_and_dates_offer_examples_for_completion() -> None:
    defs = DOCS["common.schema.json"]["$defs"]
    assert {k: defs[k]["examples"][0] for k in ("date", "case_id", "reception_id", "leader_id", "unit_id")} == {
        "date": "2026-03-10", "case_id": "XF-2026-0001", "reception_id": "JF-2026-01",
        "leader_id": "L-CHEN", "unit_id": "U-GD-FGH"}


def test_history_snippets_fill_a_valid_entry() -> None:
    """The snippets offered for a new history entry, with their placeholders filled, pass the schema."""
    from generator.schema import schema

    items = DOCS["case.schema.json"]["properties"]["history"]["items"]
    snippets = {s["label"]: s["body"] for s in items["defaultSnippets"]}
    assert sorted(snippets) == ["办结", "回访", "督办"]
    placeholder = re.compile(r"\$\{\d+(?::([^}]*)|\|([^,|]*)[^}]*\|)\}")
    bundled = schema("case").raw
    history = {**bundled["properties"]["history"]["items"], "$defs": bundled["$defs"]}
    for label, body in snippets.items():
        filled = {k: placeholder.sub(lambda m: m.group(1) or m.group(2), v) for k, v in body.items()}
        if filled.get("unit") == "U-":
            filled["unit"] = "U-A"
        errors = list(Draft202012Validator(history, format_checker=FormatChecker()).iter_errors(filled))
        assert errors == [], label
    assert snippets["督办"]["method"] == "${3|phone,letter,onsite|}"


# -- the editors' guide (编辑指南) -------------------------------------------------------------------

GUIDE = (PROJECT / "docs" / "editors-guide.md").read_text(encoding="utf-8")
C1, C2, PLAN = "cases/2026/XF-2026-0001.yaml", "cases/2026/XF-2026-0002.yaml", "schedules/2026.yaml"
# How each quoted message was produced: a copy of tests/data/minimal with one edit, validated on a day.
RECIPES = [
    (C1, "  - name: 李测甲", "\t- name: 李测甲", "2026-07-01"),
    (C1, "public_summary: 李某反映所在企业拖欠三个月工资。", "public_summary: 李某反映: 企业拖欠三个月工资。", "2026-07-01"),
    (C1, "status: assigned", "status: done", "2026-07-01"),
    (C1, 'accepted: "2026-03-12"', 'accepted: "2026-02-30"', "2026-07-01"),
    (C1, 'accepted: "2026-03-12"', "accepted: 2026年3月12日", "2026-07-01"),
    (C1, "title: 某机械企业拖欠工资问题", "titel: 某机械企业拖欠工资问题", "2026-07-01"),
    (C1, 'phone: "13912345678"', "phone: 13800138000", "2026-07-01"),
    (C1, "public_summary: 李某反映所在企业拖欠三个月工资。", "public_summary: 反映人李测甲称企业拖欠三个月工资。", "2026-07-01"),
    (C1, "leader: L-ZHAO", "leader: L-ZHANG", "2026-07-01"),
    (C1, "status: assigned", "status: concluded", "2026-07-01"),
    (C1, '  - date: "2026-03-13"', '  - date: "2026-03-09"', "2026-07-01"),
    (C1, "    public_note: 交甲区总工会办理。",
     '    public_note: 交甲区总工会办理。\n  - date: "2026-03-20"\n    type: supervision\n    unit: U-A', "2026-07-01"),
    (C1, "units: [U-A]", 'units: [U-A]\nextension:\n  days: 40\n  reason: 复杂\n  approved: "2026-05-20"', "2026-07-01"),
    (PLAN, "    status: planned", "    status: rescheduled", "2026-07-01"),
    (C1, "public_summary: 李某反映所在企业拖欠三个月工资。\n", "", "2026-07-01"),
    (C2, "title: 未签订劳动合同问题", "title: 未签订劳动合同问题", "2026-04-01"),
    # issue 16: a leader's instruction on a concluded letter owes a written report (the package reminders of C1 are
    # in every run on 2026-07-01)
    (C2, "    type: registration\n", '    type: registration\n  - date: "2026-05-07"\n    type: instruction\n    leader: L-QIAN\n',
     "2026-07-01"),
    # issue 17: a glued colon, a full-width space in the indentation, a placeholder in a public package, a taken slot
    (C1, "title: 某机械企业拖欠工资问题", "title:某机械企业拖欠工资问题", "2026-07-01"),
    (C1, "  city: 石家庄市", "\u3000\u3000city: 石家庄市", "2026-07-01"),
    (C1, "  province: 河北省", "  province: 河北", "2026-07-01"),
    (C1, "title: 某机械企业拖欠工资问题", "title: （待填写）匿名化的公开标题", "2026-07-01"),
    (PLAN, "    status: planned", '    status: planned\n  - id: JF-2026-03\n    date: "2026-04-14"\n    session: am\n'
     "    mode: fixed\n    leader: L-QIAN\n    location: 测试市总工会信访接待室\n    status: planned", "2026-07-01"),
]
# Quoted lines not produced by `validate`: the leak guard's (from `build`) and one shortened by hand.
# quoted from the demo data, not from the recipes: tests/test_privacy.py pins that message's wording
NOT_FROM_VALIDATE = ("这个词也是常用词或公开的名称", "不认识的键“titel”")


def guide_messages() -> list[str]:
    return [line for line in GUIDE.splitlines() if re.match(r"^(cases|schedules)/\S+:\d+:\d+: ", line)]


@pytest.fixture(scope="module")
def recipe_output(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every line `xinfang validate` prints for the recipes (and for a GBK-encoded copy)."""
    import shutil

    from click.testing import CliRunner

    from conftest import MINIMAL
    from generator.cli import cli

    lines: set[str] = set()
    for i, (rel, old, new, today) in enumerate([*RECIPES, (C1, "", "", "2026-07-01")]):
        root = tmp_path_factory.mktemp(f"recipe{i}")
        shutil.copytree(MINIMAL, root, dirs_exist_ok=True)
        file = root / rel
        text = file.read_text(encoding="utf-8")
        if old:
            assert text.count(old) == 1, old
            file.write_text(text.replace(old, new), encoding="utf-8")
        else:  # the last one: the case saved in GBK, as Windows Notepad and WPS do
            file.write_bytes(text.encode("gbk"))
        result = CliRunner().invoke(cli, ["--root", str(root), "validate", "--today", today])
        lines |= set(result.output.splitlines())
    return lines


def test_guide_quotes_the_validators_real_messages(recipe_output: set[str]) -> None:
    quoted = guide_messages()
    assert len(quoted) == 29
    for line in quoted:
        if any(marker in line for marker in NOT_FROM_VALIDATE):
            continue
        assert line in recipe_output, f"编辑指南引用的错误信息与实际输出不一致：{line}"


def test_guide_covers_the_editors_tasks() -> None:
    headings = [line for line in GUIDE.splitlines() if line.startswith("### ")]
    for task in ("登记一件信访事项", "记录一次督办", "办结一件事项", "接访改期或取消", "公开一件包案事项"):
        assert any(task in h for h in headings), task
    for command in ("xinfang new case", "xinfang validate", "xinfang serve", "xinfang changes", "pre-commit install"):
        assert command in GUIDE, command


def test_guide_page_on_the_site(minimal_repo: Path) -> None:
    from datetime import date

    from generator.config import Paths
    from generator.guide import site_contribution
    from generator import registry
    from generator.site.contrib import SiteContext
    from generator.validate import check_repository

    assert [(p.path, p.title) for p in registry.pages() if p.render is site_contribution] == [("editing/index.md", "本站如何维护")]
    paths = Paths.at(minimal_repo)
    checked = check_repository(paths, date(2026, 7, 1))
    contribution = site_contribution(SiteContext(paths=paths, repository=checked.repository, today=date(2026, 7, 1)))
    assert sorted(contribution.docs) == ["editing/index.md"] and contribution.files == {}
    page = contribution.docs["editing/index.md"]
    lines = page.splitlines()
    assert lines[0] == "# 本站如何维护"
    assert "由测试市总工会社会联络部的工作人员以文本文件形式维护" in lines[2]
    assert "## 编辑指南：通过合并请求维护信访案卷" in lines
    assert "### 一、准备工作" in lines and "#### 1. 编辑器" in lines
    assert "# Windows：.venv\\Scripts\\activate" not in lines  # code is not a heading: untouched
    assert ". .venv/bin/activate            # Windows：.venv\\Scripts\\activate" in lines
    # nothing shaped like a mobile number, and no petitioner of the repository
    assert not re.search(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", page)
    assert "“138****8000”" in page and "`phone: \"138****8000\"`" in page  # masked as every message masks it
    for case in checked.repository.cases:
        for petitioner in case.petitioners:
            for value in (petitioner.name, petitioner.phone, petitioner.id_number, petitioner.employer):
                assert not value or value not in page


def test_guide_page_in_the_built_demo_site(demo_site: Path) -> None:
    """The demo site (built once per session, leak guard passed) has the guide, reachable from every page."""
    page = (demo_site / "site" / "editing" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h([1-3]) [^>]*>([^<]+)", page)
    assert headings[:3] == [("1", "本站如何维护"), ("2", "编辑指南：通过合并请求维护信访案卷"), ("3", "一、准备工作")]
    home = (demo_site / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="editing/"[^>]*>\s*<span class="md-ellipsis">\s*本站如何维护', home)


# -- the real yaml-language-server (issue 17.5) ---------------------------------------------------------

@pytest.fixture(scope="module")
def yls_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path, list[str]]]:
    """The minimal repository's first case, opened in yaml-language-server with the project's schemas."""
    import shutil

    from conftest import MINIMAL
    from yls import YamlLanguageServer, available

    if not available():
        pytest.skip("需要 Node 工具：npm ci --prefix .ci/npm（.ci/run 会安装）")
    root = tmp_path_factory.mktemp("yls") / "repo"
    shutil.copytree(MINIMAL, root)
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    case = root / "cases/2026/XF-2026-0001.yaml"
    lines = case.read_text(encoding="utf-8").splitlines()
    lines[0] = "# yaml-language-server: $schema=../../schemas/case.schema.json"
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    server = YamlLanguageServer(root)
    try:
        yield server, case, lines
    finally:
        server.close()


def _key(lines: list[str], key: str) -> tuple[int, int]:
    row = next(i for i, line in enumerate(lines) if re.match(rf"\s*(?:- )?{key}:", line))
    return row, lines[row].index(key) + 1


@pytest.mark.slow
@pytest.mark.parametrize(("key", "shown"), [
    ("public_summary", "#### 公开摘要\n\n【公开】匿名化的情况摘要，公开披露的包案必填；人名写作“张某”。"),
    ("summary", "#### 内部摘要\n\n【内部】完整的情况记录。内部。"),
    ("note", "#### 内部记录\n\n【内部】办理情况的完整记录，可含信访人信息。内部，不公开。"),
    ("public_note", "#### 公开说明\n\n【公开】可以公开的简要说明（匿名化，人名写作“张某”）。公开。"),
    ("received", "#### 收到日期\n\n【公开】收到信访事项的日期（来信收到、来访登记、来电接听之日）。"),
    ("leader", "#### 包案领导\n\n【公开】亲自负责到底的领导。公开。"),
])
def test_hover_shows_the_fields_own_text_and_mark(yls_case: tuple[Any, Path, list[str]], key: str, shown: str) -> None:
    """Guards issue 17.5: before, public_note and note both showed the shared type's 文字 on hover.
    Checked it can fail: with the shared types' title/description back in common.schema.json, every one
    of these showed 文字/日期/领导编号."""
    server, case, lines = yls_case
    text = server.hover(case, *_key(lines, key))
    assert text.split("\n\nExample:")[0].split("\n\nSource:")[0] == shown


@pytest.mark.slow
def test_hover_and_completion_show_the_codes_chinese_labels(yls_case: tuple[Any, Path, list[str]]) -> None:
    server, case, lines = yls_case
    hover = server.hover(case, *_key(lines, "topic"))
    assert "* `wages`: 工资待遇\n* `labor_contract`: 劳动合同\n" in hover
    row = _key(lines, "status")[0]
    items = server.completion(case, row, len("status: "))
    offered = {i["label"]: i["documentation"]["value"] for i in items if isinstance(i.get("documentation"), dict)}
    assert offered == {"registered": "已登记", "accepted": "已受理", "assigned": "已交办", "concluded": "已办结",
                       "not_accepted": "不予受理"}
