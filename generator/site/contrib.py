"""Extension point of the public build: other modules contribute pages and files to the site.

A contributing module (listed in ``MODULES``) defines ``site_contribution(ctx: SiteContext) -> Contribution``.
The build gathers every contribution before writing anything; the leak guard checks contributed files
like every other file of the site.

Contributed Markdown goes through Python-Markdown, which passes raw HTML through: a contributor must escape
every value that comes from the data (names of the union, leaders, units, case text) — e.g. with
``markupsafe.escape`` or ``generator.site.pages.lines`` — exactly as the site's own Jinja2 templates do.
A contributed page never replaces one of the site's own pages, and a contributed file never replaces a file.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date

from ..config import Paths
from ..model import Repository

# Modules that add to the public site: the petitioner's lookup (查询码), filed yearly archives, the editors' guide.
MODULES: tuple[str, ...] = ("generator.lookup", "generator.archive", "generator.guide")


@dataclass(frozen=True)
class SiteContext:
    """What a contributor may use: the validated repository, the date of the build, the paths."""

    paths: Paths
    repository: Repository
    today: date


@dataclass
class Contribution:
    """Markdown pages (relative to the docs folder, e.g. ``lookup/index.md``) and verbatim files
    (relative to the site root, e.g. ``lookup/shards/ab.json``)."""

    docs: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    """What the build must tell whoever runs it (e.g. a filed case withdrawn from the site)."""


def collect(ctx: SiteContext) -> list[Contribution]:
    """Every contribution, in the order of ``MODULES``; a module not written yet is skipped."""
    found = []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        if hasattr(module, "site_contribution"):
            found.append(module.site_contribution(ctx))
    return found
