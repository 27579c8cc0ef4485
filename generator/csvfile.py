"""CSV files as Excel in China opens them (UTF-8 with a BOM, CRLF line ends), with no live formulas.

The one CSV writer of the project: the public ``data/cases.csv`` and every internal report's CSV go through
``csv_bytes``, so both follow one formula-escaping rule. A row type declares its columns on its own fields
(``column("编号")``), so a header can never drift from the values under it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def column(header: str) -> Any:
    """A dataclass field that is the CSV column ``header`` (in field order)."""
    return dataclasses.field(metadata={"csv": header})


def cell(value: Any) -> Any:
    """A cell Excel shows as text: words starting with = + - @ (or a tab/CR) would run as formulas (CSV
    injection), so they get a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file: ``header`` then ``rows``, every cell through ``cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _columns(kind: type) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(kind) if "csv" in f.metadata]


def headers(kind: type) -> tuple[str, ...]:
    """The CSV header a row type declares on its fields."""
    return tuple(f.metadata["csv"] for f in _columns(kind))


def values(kind: type, items: Iterable[Any]) -> list[tuple[Any, ...]]:
    """The declared columns' values of row objects of ``kind``, in field order (for a CSV, or a .docx table)."""
    fields = _columns(kind)
    return [tuple(getattr(item, f.name) for f in fields) for item in items]


def table(kind: type, items: Iterable[Any], extra: Iterable[Sequence[Any]] = ()) -> bytes:
    """A CSV of row objects of ``kind``: the declared columns, in field order (then ``extra`` rows, e.g. 合计)."""
    return csv_bytes(headers(kind), [*values(kind, items), *extra])
