"""The editors' guide (编辑指南) on the public site: how the record behind the site is kept.

The guide is written once, in ``docs/editors-guide.md`` (shipped in the wheel as ``generator/_docs``), and
added to the public site as ``editing/index.md`` declared as a page of the site (``registry.page``).
Publishing it tells the public how the disclosed record is maintained and checked. It holds no record
data at all — its examples use anonymised wording only — and the leak guard checks the page like any other.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape

from . import registry
from .privacy import mask_numbers
from .site.contrib import Contribution, SiteContext

_PACKAGE = Path(__file__).resolve().parent
PAGE = "editing/index.md"
TITLE = "本站如何维护"


def guide_file() -> Path:
    """The guide's Markdown: the packaged copy first, then the source checkout's ``docs/``."""
    packaged = _PACKAGE / "_docs" / "editors-guide.md"
    return packaged if packaged.is_file() else _PACKAGE.parent / "docs" / "editors-guide.md"


def guide_text() -> str:
    return guide_file().read_text(encoding="utf-8")


def site_page(union_name: str) -> str:
    """The guide as a site page: a public introduction, then the guide with its headings one level down."""
    # the guide becomes one section of this page
    body = demote_headings(mask_numbers(guide_text()).splitlines())
    intro = [
        f"# {TITLE}",
        "",
        # An HTML block: Markdown leaves its inside alone, and the union's name is data, escaped like all data.
        f"<p>本站公开的包案事项和接访安排，由{escape(union_name)}社会联络部的工作人员以文本文件形式维护，"
        "每一处改动都经另一位工作人员审阅后才发布；发布前自动校验数据，并逐页检查不含信访人的姓名、电话、"
        "身份证号、工作单位和住址。下面是工作人员使用的编辑指南，供了解本站的维护方式。</p>",
        "",
    ]
    return "\n".join(intro + body) + "\n"


def demote_headings(lines: list[str]) -> list[str]:
    """Every Markdown heading one level down (``#`` → ``##``), leaving fenced code blocks alone."""
    out, fenced = [], False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        out.append(f"#{line}" if not fenced and line.startswith("#") else line)
    return out


@registry.page(PAGE, title=TITLE, order=90)
def site_contribution(ctx: SiteContext) -> Contribution:
    """Adds ``editing/index.md``, listed in the navigation as 本站如何维护."""
    return Contribution(docs={PAGE: site_page(ctx.repository.union.name)})
