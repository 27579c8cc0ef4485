"""Editor help in the schemas, generated (编辑器提示): run after editing any schema, and after merges.

    python tools/schema_help.py          # rewrite schemas/*.schema.json in place
    python tools/schema_help.py --check  # exit 1 and name the files that are not up to date

The YAML extension of VS Code (yaml-language-server) shows a field's ``title`` and ``markdownDescription``
on hover and offers ``markdownEnumDescriptions`` beside each code on completion. What it shows is made here
from the texts the project keeps once:

- ``markdownDescription`` of every field = 【公开】/【内部】 (from ``x-public``) + its ``description``;
- ``enumDescriptions``/``markdownEnumDescriptions`` of every code list = its Chinese ``x-enum-labels``;
- the shared types of ``common.schema.json`` keep their texts as ``x-title``/``x-description``: the language
  server lets a referenced definition's ``title``/``description`` replace the field's own, so with them
  every date said 日期 and every text 文字, whatever the field. A field that uses a shared type without
  texts of its own (a list's items) gets the type's texts copied.

The script is idempotent (a second run changes nothing) and keeps the files' layout (two-space JSON, the
snippet bodies on one line), so it can be re-run after any merge; ``tests/test_editor_help.py`` fails when
a committed schema differs from what it generates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
MARKS = {True: "【公开】", False: "【内部】"}
COMMON = "common.schema.json"


def generate(docs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The schemas with their editor help (the input is not modified)."""
    docs = json.loads(json.dumps(docs))
    defs = docs.get(COMMON, {}).get("$defs", {})
    for definition in defs.values():
        renamed = [(f"x-{k}" if k in ("title", "description") else k, v) for k, v in definition.items()
                   if k != "markdownDescription"]
        definition.clear()
        definition.update(renamed)
    for doc in docs.values():
        _walk(doc, defs, root=True)
    return docs


def _walk(node: Any, defs: dict[str, Any], root: bool = False, is_def: bool = False) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, defs)
        return
    if not isinstance(node, dict):
        return
    ref = node.get("$ref", "")
    if ref.startswith(f"{COMMON}#/$defs/"):
        shared = defs.get(ref.rsplit("/", 1)[1], {})
        for key in ("title", "description"):
            if key not in node and f"x-{key}" in shared:
                _insert_after(node, "$ref", key, shared[f"x-{key}"])
    if "description" in node and not root and not is_def:
        mark = MARKS.get(node.get("x-public"), "") if isinstance(node.get("x-public"), bool) else ""
        _insert_after(node, "description", "markdownDescription", mark + node["description"])
    if isinstance(node.get("enum"), list) and isinstance(node.get("x-enum-labels"), dict):
        labels = node["x-enum-labels"]
        texts = [labels.get(str(code), str(code)) for code in node["enum"]]
        _insert_after(node, "x-enum-labels", "enumDescriptions", texts)
        _insert_after(node, "enumDescriptions", "markdownEnumDescriptions", texts)
    for key, value in node.items():
        if key == "$defs" and isinstance(value, dict):
            for sub in value.values():
                _walk(sub, defs, is_def=True)
        elif key in ("properties", "patternProperties") and isinstance(value, dict):
            for sub in value.values():
                _walk(sub, defs)
        elif key in ("items", "additionalProperties", "not", "if", "then", "else", "contains"):
            _walk(value, defs)
        elif key in ("allOf", "anyOf", "oneOf", "prefixItems"):
            _walk(value, defs)


def _insert_after(node: dict[str, Any], anchor: str, key: str, value: Any) -> None:
    """Set ``node[key]`` right after ``anchor`` (so the generated text sits beside its source)."""
    items = [(k, v) for k, v in node.items() if k != key]
    at = next((i + 1 for i, (k, _) in enumerate(items) if k == anchor), len(items))
    items.insert(at, (key, value))
    node.clear()
    node.update(items)


def dump(value: Any, indent: int = 0, key: str | None = None) -> str:
    """Two-space JSON as the files are written, with a snippet's ``body`` kept on one line."""
    pad = "  " * indent
    if key == "body" and isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict) and value:
        inner = ",\n".join(f"{pad}  {json.dumps(k, ensure_ascii=False)}: {dump(v, indent + 1, k)}" for k, v in value.items())
        return "{\n" + inner + "\n" + pad + "}"
    if isinstance(value, list) and value:
        inner = ",\n".join(f"{pad}  {dump(v, indent + 1)}" for v in value)
        return "[\n" + inner + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def read(folder: Path = SCHEMAS) -> dict[str, dict[str, Any]]:
    return {f.name: json.loads(f.read_text(encoding="utf-8")) for f in sorted(folder.glob("*.schema.json"))}


def texts(docs: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {name: dump(doc) + "\n" for name, doc in docs.items()}


def main(argv: list[str]) -> int:
    current = {f.name: f.read_text(encoding="utf-8") for f in sorted(SCHEMAS.glob("*.schema.json"))}
    wanted = texts(generate(read()))
    stale = [name for name in wanted if current[name] != wanted[name]]
    if "--check" in argv:
        for name in stale:
            print(f"schemas/{name}：编辑器提示不是最新的，请运行 python tools/schema_help.py", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        (SCHEMAS / name).write_text(wanted[name], encoding="utf-8")
        print(f"已更新 schemas/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
