"""Advice on the site's settings in ``mkdocs.yml`` (网站配置提示): what a union should set for phones in China.

Warnings, never errors: the site builds without them, but less well. ``site_url`` missing means no sitemap
(its URLs must be absolute), a robots.txt without it, feed and calendar links relative to where they are
fetched, no ``webcal://`` subscription, and a 404 page that works only at the server's root. Colours that fail
WCAG 2.2 AA are named by ``contrast.palette_problems``. ``settings_advice`` is a repository rule of
``xinfang validate``; the build prints the same lines (``build_site`` → ``BuildReport.settings``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from .. import registry
from ..errors import Problem, warning
from ..loader import load_file
from .contrast import palette_problems

CODES = ("site-url", "contrast")  # the problem codes of this module's warnings

SITE_URL_ADVICE = ("网站地址 site_url 未设置：没有它，网站地图 sitemap.xml 无法生成，robots.txt 不能指向网站地图，"
                   "订阅（RSS、webcal:// 日历订阅）只能用相对地址，放在子目录下时 404 页面会失去样式；"
                   "请在 mkdocs.yml 中写上网站的完整地址，例如 site_url: https://xinfang.example.org/")


def advice(settings: dict[str, Any], shown: str) -> list[Problem]:
    """The warnings for one settings mapping (``mkdocs.yml`` as loaded), placed by pointer."""
    found = []
    if not str(settings.get("site_url") or "").strip():
        found.append(warning(shown, SITE_URL_ADVICE, (), "site-url"))
    theme = settings.get("theme")
    if isinstance(theme, dict) and "palette" in theme:
        found += [warning(shown, message, pointer, "contrast") for pointer, message in palette_problems(theme["palette"])]
    return found


def read_settings(file: Path, shown: str) -> dict[str, Any] | None:
    """``mkdocs.yml`` as data, or None when it is missing or unreadable (its own checks report that)."""
    if not file.exists():
        return None
    doc, _ = load_file(file, shown)
    return doc.data if doc is not None and isinstance(doc.data, dict) else None


@registry.repository_rule
def settings_advice(ctx: Any) -> Iterator[Problem]:
    """Repository rule of ``xinfang validate``: advice on the repository's own ``mkdocs.yml`` (a repository
    without one builds with the packaged defaults, which the build itself reports on)."""
    file = ctx.paths.mkdocs_yml
    shown = ctx.paths.rel(file)
    settings = read_settings(file, shown)
    if settings is not None:
        yield from advice(settings, shown)
