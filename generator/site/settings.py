"""Site settings (网站设置): the few keys of a repository's ``mkdocs.yml`` a union may change, checked and escaped.

``mkdocs.yml`` is code as much as data: mkdocs-material prints ``site_description``, ``site_author`` and
``copyright`` into every page without escaping, puts ``palette.primary`` into an attribute, and links
``extra.homepage``, ``favicon`` and ``logo`` as given. So the settings are validated against
``settings.schema.json`` (types, Material's colours, http(s) or site-relative links, local images only:
no page loads anything from outside), problems are reported at ``mkdocs.yml:line:col`` by ``xinfang validate``
and refuse the build, and the text settings are HTML-escaped again where they are handed to MkDocs.
Keys other than these are decided by xinfang and ignored (the comment in the default file says so).
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from .. import registry
from ..config import Paths
from ..errors import Problem, error
from ..loader import load_file
from ..schema import Schema

SCHEMA_FILE = Path(__file__).with_name("settings.schema.json")
SHOWN = "mkdocs.yml"
# Text settings the theme prints unescaped: escaped once more where they land (the schema already
# refuses markup characters in them, so for a valid file this changes nothing).
TEXT_KEYS = ("site_name", "site_description", "site_author", "copyright")


@cache
def settings_schema() -> Schema:
    return Schema("site", json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def check_settings(data: Any) -> list[Problem]:
    """The problems of a parsed ``mkdocs.yml`` (unplaced: each carries its pointer)."""
    sch = settings_schema()
    if sch.is_valid(data):
        return []
    found = sch.errors(data)
    # a palette written as one mapping fails "should be a list" too: the deeper errors say what is wrong
    found = [e for e in found if not ("：应为" in e.message and any(
        o.pointer[:len(e.pointer)] == e.pointer and len(o.pointer) > len(e.pointer) for o in found))]
    return [error(SHOWN, _hinted(sch, e.pointer, e.message), e.pointer, "site-settings") for e in found]


def _hinted(sch: Schema, pointer: tuple, message: str) -> str:
    """A pattern error with the rule in words (``x-hint``), not only an example."""
    hint = (sch.at(pointer) or {}).get("x-hint")
    return f"{message}；{hint}" if hint and "格式不对" in message else message


@registry.repository_rule
def site_settings(ctx: Any) -> Iterable[Problem]:
    """Repository rule: the repository's ``mkdocs.yml`` (if any) follows the settings schema."""
    return settings_problems(ctx.paths)


def settings_problems(paths: Paths) -> list[Problem]:
    if not paths.mkdocs_yml.is_file():
        return []
    doc, problems = load_file(paths.mkdocs_yml, SHOWN, keep_node=False)
    if doc is None:
        return problems
    return check_settings(doc.data)


def escaped(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The text settings HTML-escaped for the theme's templates, which print them raw."""
    return {k: html.escape(str(v), quote=True) if k in TEXT_KEYS and v is not None else v for k, v in settings.items()}
