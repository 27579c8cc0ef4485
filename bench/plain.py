"""The plain baseline site (对照网站): N plain Markdown pages built by mkdocs-material with our theme settings.

What a user would get without xinfang: one Markdown page per record, no data model, no checks. The pages
carry Chinese text of the length of a public case page (about 1 KB); the theme, language, search plugin and
Markdown extensions are those ``generator.site.build.mkdocs_config`` gives MkDocs, and only the home page is
in the navigation (``not_in_nav``), as on the public site, so that the navigation is not rendered N times
into N pages.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from .synth import ISSUES, PROVINCES, TOPIC_WORDS, Writer

CONFIG = {
    "site_name": "对照：纯 Markdown 页面",
    "theme": {"name": "material", "language": "zh", "font": False,
              "features": ["navigation.top", "search.highlight"]},
    "plugins": [{"search": {"lang": ["zh"]}}],
    "nav": ["index.md"],
    "not_in_nav": "/pages/",
    "markdown_extensions": ["toc", "tables", "admonition", "attr_list", "md_in_html"],
    "validation": {"omitted_files": "ignore", "absolute_links": "ignore", "unrecognized_links": "ignore",
                   "anchors": "ignore"},
}


def page(n: int, rnd: random.Random) -> str:
    """One page of about 1 KB: a title, a few facts and three paragraphs of Chinese text."""
    province, _, cities = rnd.choice(PROVINCES)
    city = rnd.choice(cities)
    topic = rnd.choice(sorted(ISSUES))
    w = Writer(rnd)
    return (f"# {city}某企业{TOPIC_WORDS[topic]}问题（第 {n} 号）\n\n"
            f"| 地区 | 类别 |\n|---|---|\n| {province}{city} | {TOPIC_WORDS[topic]} |\n\n"
            f"{w.public('张某', rnd.choice(ISSUES[topic]), city)}\n\n"
            f"## 办理情况\n\n{w.note('交办责任单位，要求依法处理并书面报告。')}{w.note('督办责任单位加快办理进度。')}\n\n"
            f"## 办理结果\n\n{w.result(topic, rnd.randint(1, 60))}\n")


def write_site(folder: Path, pages: int, seed: int = 6) -> Path:
    """Write ``mkdocs.yml`` and ``docs/`` with ``pages`` pages into ``folder`` (emptied first); returns the config."""
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs" / "pages"
    docs.mkdir(parents=True)
    rnd = random.Random(f"xinfang-plain-{seed}-{pages}")
    (folder / "docs" / "index.md").write_text(f"# 对照网站\n\n共 {pages} 个页面。\n", encoding="utf-8")
    for n in range(1, pages + 1):
        (docs / f"p{n:06d}.md").write_text(page(n, rnd), encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump(CONFIG, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config
