"""Writing the internal views: HTML through Jinja2 (autoescaped) and CSV for Excel (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import jinja2

from ..config import TEMPLATE_DIR


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the internal templates: every data string is escaped as text."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,  # petitioners write anything, including "<script>": it must stay text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def html(template: str, **views: Any) -> str:
    """Render ``generator/templates/internal/<template>`` with finished view objects."""
    return environment().get_template(f"internal/{template}").render(**views)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A CSV cell that Excel shows as text: petitioners' words starting with = + - @ would run as formulas."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file as Excel in China opens it: UTF-8 with a BOM, CRLF line ends, no live formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")
