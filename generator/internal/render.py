"""Writing the internal views: HTML through Jinja2 (autoescaped); CSV through the one writer, ``csvfile``."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from ..config import TEMPLATE_DIR
from ..csvfile import cell, csv_bytes  # noqa: F401 - the one CSV writer, re-exported for the reports


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
