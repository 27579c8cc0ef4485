"""What a phone must download before it can paint (首屏样式): the theme's stylesheets trimmed to this site,
and each page's own share of them written into the page.

mkdocs-material ships one 137 KB stylesheet (22.7 KB gzip) for every component it offers, plus a palette
file for every colour; this site uses a small part. On a slow line (400 ms a round trip, 400 kbit/s) a page
could not paint before the HTML *and* that stylesheet had arrived, about 4.5 s (bench/RESULTS.md). So:

1. ``purge``: the theme's stylesheets and ours become one stylesheet holding only the rules whose selectors
   can match something of this site: every class, id, attribute value and element name a selector needs
   must occur in a built page or in a script that may add it (the theme's bundle and ours). Over-inclusive
   by design (a name anywhere keeps the rule); nothing the theme's script may switch on is lost.
2. ``inline``: each page gets, in a ``<style>`` in its head, the rules of that stylesheet its own markup can
   match, or the theme's script adds to its components (the same test against the page alone), and loads
   the whole stylesheet without holding the first paint (``media="print"``, switched to ``all`` by a line of
   script once loaded; a ``<noscript>`` link for browsers without JavaScript, which load it as before). The
   first paint needs the HTML only.

Runs after MkDocs and before the leak guard (it only moves the theme's own rules; the guard reads the result).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import tinycss2

from ..cache import cached, digest

STYLESHEET = "assets/xinfang/site.{digest}.css"
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_FUNCTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\([^()]*\)")
_ATTR = re.compile(r"\[\s*([\w-]+)\s*(?:([~|^$*]?=)\s*(?:\"([^\"]*)\"|'([^']*)'|([\w-]+))\s*(?:[is]\s*)?)?\]")
_CLASS_OR_ID = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
_TYPE = re.compile(r"(?:^|[\s>+~(,])([a-zA-Z][a-zA-Z0-9-]*)")
ALWAYS = frozenset({"html", "body", "root"})


def words(texts: Iterable[str]) -> frozenset[str]:
    """Every name a page or script could give an element: words of the text, and element names of markup."""
    found: set[str] = set(ALWAYS)
    for text in texts:
        found.update(_WORD.findall(text))
        found.update(t.lower() for t in _TAG.findall(text))
    return frozenset(found)


def _needs(selector: str) -> set[str]:
    """The names one selector needs present: classes, ids, element names, attribute names and exact values.
    Functional pseudo-classes (:not, :is, :where, :has) are dropped first: what they ask is not required."""
    text = selector
    while True:
        stripped = _FUNCTIONAL.sub("", text)
        if stripped == text:
            break
        text = stripped
    needed: set[str] = set()
    for name, op, *values in _ATTR.findall(text):
        needed.add(name)
        value = next((v for v in values if v), "")
        if op == "=" and value and _WORD.fullmatch(value):
            needed.add(value)
    text = _ATTR.sub(" ", text)
    text = re.sub(r"::?[\w-]+(\([^()]*\))?", " ", text)  # pseudo-classes and pseudo-elements
    needed.update(_CLASS_OR_ID.findall(text))
    text = _CLASS_OR_ID.sub(" ", text)
    needed.update(t.lower() for t in _TYPE.findall(text))
    return needed


def _split_top(prelude: list) -> list[str]:
    """Selectors of a rule, split at commas outside parentheses."""
    out: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in tinycss2.serialize(prelude):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    out.append("".join(current).strip())
    return [s for s in out if s]


_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_GROUPING = ("media", "supports", "layer", "container", "document", "-moz-document")


@dataclass
class Rule:
    """A style rule: each selector with the names it needs, and its declarations, each with the custom
    property it defines (or "") and the ones it reads."""

    selectors: list[tuple[frozenset[str], str]]
    declarations: list[tuple[str, frozenset[str], str]]


@dataclass
class Group:
    """@media, @supports …: its header and the rules inside."""

    head: str
    items: list


Sheet = list  # of Rule | Group | str (an at-rule kept as it is)


def compile_sheet(css: str) -> Sheet:
    """A stylesheet as rules whose selectors' needs are computed once (a site has thousands of pages)."""
    return _compile(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))


def _compile(rules: list) -> Sheet:
    out: Sheet = []
    for rule in rules:
        if rule.type == "qualified-rule":
            out.append(Rule([(frozenset(_needs(s)), s) for s in _split_top(rule.prelude)], _declarations(rule.content)))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _GROUPING and rule.content is not None:
            inner = tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
            out.append(Group(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude).rstrip()}", _compile(inner)))
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]).strip())
    return out


def _declarations(content: list) -> list[tuple[str, frozenset[str], str]]:
    out = []
    for item in tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True):
        if item.type == "declaration":
            text = f"{item.name}:{tinycss2.serialize(item.value).strip()}{'!important' if item.important else ''}"
            defines = item.name if item.name.startswith("--") else ""
            out.append((defines, frozenset(_VAR.findall(text)), text))
        else:
            out.append(("", frozenset(), tinycss2.serialize([item]).strip()))
    return out


def render(sheet: Sheet, present: frozenset[str]) -> str:
    """The rules of ``sheet`` whose selectors can match given the names ``present`` (grouping rules keep what
    they hold that can; other at-rules — @font-face, @keyframes … — are kept as they are), without the custom
    properties nothing kept reads (``var(--…)``): the theme defines every icon of every component as a data:
    URL in ``:root``, about 17 KB."""
    kept: list = []
    _select(sheet, present, kept)
    definitions: dict[str, set[str]] = {}
    todo: set[str] = set()
    for _, rule in kept:
        for defines, reads, _ in rule.declarations:
            (definitions.setdefault(defines, set()) if defines else todo).update(reads)
    used: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in used:
            used.add(name)
            todo |= definitions.get(name, set())
    chosen = {id(rule): selectors for selectors, rule in kept}
    return _write(sheet, chosen, used)


def _select(sheet: Sheet, present: frozenset[str], kept: list) -> None:
    for item in sheet:
        if isinstance(item, Rule):
            selectors = [selector for needs, selector in item.selectors if needs <= present]
            if selectors:
                kept.append((selectors, item))
        elif isinstance(item, Group):
            _select(item.items, present, kept)


def _write(sheet: Sheet, chosen: dict[int, list[str]], used: set[str]) -> str:
    out: list[str] = []
    for item in sheet:
        if isinstance(item, Rule):
            if id(item) in chosen:
                body = ";".join(text for defines, _, text in item.declarations if not defines or defines in used)
                if body:
                    out.append(",".join(chosen[id(item)]) + "{" + body + "}")
        elif isinstance(item, Group):
            inner = _write(item.items, chosen, used)
            if inner:
                out.append(f"{item.head}{{{inner}}}")
        else:
            out.append(item)
    return "".join(out)


def purge(css: str, present: frozenset[str]) -> str:
    """``render`` of a stylesheet's text."""
    return render(compile_sheet(css), present)


# -- the site's pages -------------------------------------------------------------------------------------------

_LINK = re.compile(r'[ \t]*<link rel="stylesheet" href="([^"]*?)(assets/stylesheets/(?:main|palette)\.[0-9a-f]+\.min\.css'
                   r'|assets/xinfang/xinfang\.css)">\n?')
_POLYFILLS = re.compile(r'<script src="([^"]*?)assets/xinfang/polyfills\.js"></script>')
OURS = "assets/xinfang/xinfang.css"
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Switches the stylesheet, loaded as media="print" so that it never holds the first paint, on for the screen once
# it is in (a script, not an onload attribute: no event-handler markup in the pages, as a strict policy wants).
SWITCH = ('(function(l){function on(){l.media="all"}if(l.sheet)on();else l.addEventListener("load",on)})'
          '(document.getElementById("xf-sheet"))')


def _block(word: str) -> str:
    return word.split("__")[0].split("--")[0]


def site_words(pages: dict[Path, str], scripts: Iterable[str]) -> frozenset[str]:
    """The names that can occur on this site: those of its pages, and those its scripts may add — a theme class
    (``md-…``) only when its component (``md-header`` of ``md-header--shadow``) is on some page, since the
    theme's bundle names every component it has, used here or not (search, tooltips, code copy …)."""
    return reachable(words(pages.values()), words(scripts))


def reachable(on_pages: frozenset[str], from_scripts: frozenset[str]) -> frozenset[str]:
    """Names on the pages, and the names of scripts that can land on them (see ``site_words``)."""
    return on_pages | {w for w in from_scripts if not w.startswith("md-") or _block(w) in on_pages}


def inline_site(site: Path, polyfills: str, store: Any = None) -> str:
    """Trim the theme's stylesheets and ours into one, give each page its own first-paint rules inline and the
    polyfill loader inline (``polyfills``: its source); returns the stylesheet's path in the site. ``store`` (a
    ``cache.Store``): the trimmed stylesheet by the digest of the stylesheets and the site's names, and each
    page's result by the digest of the page, the stylesheet, the polyfills and the scripts' names (the same
    bytes as without it; an unchanged page is not rewritten again)."""
    pages = {p: p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}
    found = {m.group(2) for text in pages.values() for m in _LINK.finditer(text)}
    sheets = sorted(found, key=lambda rel: (rel == OURS, "palette" in rel))  # the theme's main, palette, ours
    css = "\n".join((site / rel).read_text(encoding="utf-8") for rel in sheets)
    scripts = words(p.read_text(encoding="utf-8") for p in (site / "assets").rglob("*.js"))
    texts = {page: digest("critical-text", text.encode("utf-8")) for page, text in pages.items()}  # each page, once
    present = reachable(frozenset().union(*(_page_words(store, texts[page], text) for page, text in pages.items())),
                        scripts)
    whole = cached(store, digest("critical-sheet", css, sorted(present)), purge, css, present)
    rel = STYLESHEET.format(digest=hashlib.sha256(whole.encode("utf-8")).hexdigest()[:8])
    (site / rel).write_text(whole, encoding="utf-8")
    common = digest("critical-page", whole, rel, polyfills, sorted(scripts))
    sheet: list[Sheet] = []
    for page, text in pages.items():
        def rewrite(text: str = text) -> str:
            if not sheet:
                sheet.append(compile_sheet(whole))
            return _rewrite(text, sheet[0], rel, polyfills, scripts)
        page.write_text(cached(store, digest(common, texts[page]), rewrite), encoding="utf-8")
    for old in sheets:  # all in the one stylesheet now: nothing links them
        (site / old).unlink()
    if (site / "assets/stylesheets").is_dir() and not any((site / "assets/stylesheets").iterdir()):
        (site / "assets/stylesheets").rmdir()
    return rel


def _page_words(store: Any, text_key: str, text: str) -> list[str]:
    """``words([text])`` of one page, through ``store`` by the digest of the page's text (issue 20: finding the
    words of every page was two thirds of this step when one page of 790 had changed)."""
    return cached(store, digest("critical-words", text_key), lambda: sorted(words([text])))


def _rewrite(text: str, sheet: Sheet, rel: str, polyfills: str, scripts: frozenset[str]) -> str:
    links = list(_LINK.finditer(text))
    if not links:
        return text
    prefix = links[0].group(1)
    # the page's names and the theme classes its script adds to the page's components (it wraps tables in
    # md-typeset__scrollwrap before our a11y.js measures them): right before the whole stylesheet arrives
    on_page = words([text])
    first = render(sheet, on_page | {w for w in scripts if w.startswith("md-") and _block(w) in on_page})
    first = first.replace("</", "<\\/")
    head = (f'<style>{first}</style>\n'
            f'<link rel="stylesheet" href="{prefix}{rel}" media="print" id="xf-sheet"><script>{SWITCH}</script>'
            f'<noscript><link rel="stylesheet" href="{prefix}{rel}"></noscript>\n')
    text = text[:links[0].start()] + head + _LINK.sub("", text[links[0].start():])
    code = _COMMENT.sub("", polyfills).strip()  # the why is in the file; a page carries the code only
    return _POLYFILLS.sub(lambda m: f'<script data-base="{m.group(1)}assets/xinfang/">{code}</script>', text)
