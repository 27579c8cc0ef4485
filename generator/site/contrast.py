"""Colour contrast of the site's palette (对比度): a union's configured colours checked against WCAG 2.2 AA.

mkdocs-material colours the header with ``--md-primary-fg-color`` (text in ``--md-primary-bg-color``), links in
text with ``--md-typeset-a-color`` (the primary colour by default) and focus rings with the accent colour. The
values are read from the installed theme's palette stylesheet and from ours (``custom``, the palette xinfang
ships), so the check follows the theme version instead of a copied table. Text must reach 4.5:1 (1.4.3); the
accent, which our stylesheet keeps off text (links keep their colour on hover) and uses for focus outlines
only, must reach 3:1 against the page (1.4.11).

``palette_problems(palette)`` is the one function callers use (the build and ``xinfang validate``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Iterator

from ..config import ASSET_DIR

TEXT = 4.5
"""WCAG 2.2 SC 1.4.3 (AA), normal-size text."""
NON_TEXT = 3.0
"""WCAG 2.2 SC 1.4.11 (AA), user-interface components such as a focus outline."""
PAGE = "#ffffff"  # the default scheme's page background
THEME_DEFAULT = "indigo"  # Material's colour when the palette names none


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str, under: str = PAGE) -> tuple[float, float, float]:
    """``#rgb``/``#rrggbb``/``#rrggbbaa`` as 0..1 channels; a translucent colour is composited over ``under``."""
    value = colour.strip().lstrip("#")
    if len(value) in (3, 4):
        value = "".join(ch * 2 for ch in value)
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    alpha = int(value[6:8], 16) / 255 if len(value) == 8 else 1.0
    if alpha < 1.0:
        br, bg, bb = _rgb(under)
        r, g, b = (alpha * c + (1 - alpha) * u for c, u in ((r, br), (g, bg), (b, bb)))
    return r, g, b


def luminance(colour: str, under: str = PAGE) -> float:
    r, g, b = (_channel(c) for c in _rgb(colour, under))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of a text colour on a background (1 to 21)."""
    fg, bg = luminance(foreground, background), luminance(background)
    light, dark = max(fg, bg), min(fg, bg)
    return (light + 0.05) / (dark + 0.05)


# -- the colours of the theme and of ours ---------------------------------------------------------------

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SELECTOR = re.compile(r"^\[data-md-color-(primary|accent)=([a-z-]+)\]$")
_DECLARATION = re.compile(r"(--md-[a-z-]+)\s*:\s*(#[0-9a-fA-F]{3,8}\b|hsla?\([^;{}]*\))")
_HSL = re.compile(r"hsla?\(\s*(var\(--md-hue\)|[\d.]+)(?:deg)?\s*,\s*([\d.]+)%\s*,\s*([\d.]+)%\s*(?:,\s*([\d.]+)\s*)?\)")
MD_HUE = 225.0  # Material's --md-hue in the default scheme


def _hex(value: str) -> str | None:
    """A CSS colour as the theme writes it (hex, or hsl/hsla with ``var(--md-hue)``) as ``#rrggbbaa``."""
    if value.startswith("#"):
        return value
    match = _HSL.fullmatch(value.strip())
    if not match:
        return None
    import colorsys

    hue = MD_HUE if match.group(1).startswith("var") else float(match.group(1))
    r, g, b = colorsys.hls_to_rgb(hue / 360, float(match.group(3)) / 100, float(match.group(2)) / 100)
    alpha = float(match.group(4)) if match.group(4) else 1.0
    return "#" + "".join(f"{round(c * 255):02x}" for c in ((r, g, b) if alpha == 1.0 else (r, g, b, alpha)))


def _palette_rules(css: str) -> Iterator[tuple[str, str, dict[str, str]]]:
    for selectors, body in _RULE.findall(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        values = {name: colour for name, value in _DECLARATION.findall(body) if (colour := _hex(value))}
        for selector in selectors.split(","):
            if match := _SELECTOR.match(selector.strip()):
                yield match.group(1), match.group(2), values


@cache
def theme_colours() -> dict[tuple[str, str], dict[str, str]]:
    """``(role, name) → {css variable: colour}`` for every named colour of Material's default scheme and ours."""
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    sheets = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("palette.*.min.css"))]
    sheets.append((ASSET_DIR / "xinfang" / "xinfang.css").read_text(encoding="utf-8"))
    colours: dict[tuple[str, str], dict[str, str]] = {}
    for css in sheets:
        for role, name, values in _palette_rules(css):
            colours.setdefault((role, name), {}).update(values)
    return colours


@dataclass(frozen=True)
class Failure:
    """One pair of colours below its threshold: where it is set, what is shown, the ratio found."""

    key: str  # "primary" or "accent"
    name: str
    what: str
    foreground: str
    background: str
    ratio: float
    needed: float

    def message(self, where: str) -> str:
        return (f"{where}.{self.key}：“{self.name}”的{self.what}（{self.foreground} 对 {self.background}）"
                f"对比度 {self.ratio:.2f}:1，低于无障碍标准 WCAG 2.2 AA 要求的 {self.needed:g}:1，"
                f"视力较弱的职工在手机上难以看清；可改用 {'、'.join(passing(self.key)[:6])}"
                f"（custom 是 xinfang 自带的配色）")


def _checks(key: str, values: dict[str, str]) -> Iterator[tuple[str, str, str, float]]:
    if key == "primary":
        header, text = values.get("--md-primary-fg-color"), values.get("--md-primary-bg-color", "#ffffff")
        if header:
            yield "页眉文字", text, header, TEXT
            yield "正文链接", values.get("--md-typeset-a-color", header), PAGE, TEXT
    elif accent := values.get("--md-accent-fg-color"):
        yield "焦点框", accent, PAGE, NON_TEXT


def failures(key: str, name: str) -> list[Failure]:
    """Every pair of colours of one named primary or accent colour that fails AA ([] for an unknown name)."""
    values = theme_colours().get((key, name))
    if values is None:
        return []
    return [Failure(key, name, what, fg, bg, round(contrast(fg, bg), 2), needed)
            for what, fg, bg, needed in _checks(key, values) if contrast(fg, bg) < needed]


def passing(key: str) -> list[str]:
    """The named colours that pass, ours first: what a union may choose instead."""
    names = sorted({name for role, name in theme_colours() if role == key and not failures(key, name)})
    return sorted(names, key=lambda n: (n != "custom", n))


def palette_problems(palette: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """``(pointer into mkdocs.yml, Chinese message)`` for every configured colour that fails AA.

    ``palette`` is ``theme.palette`` as written: one mapping, or a list of them (a light/dark toggle); a dark
    scheme (``slate``) entry is not checked here (the theme's dark colours are its own)."""
    entries = palette if isinstance(palette, list) else [palette]
    found = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or entry.get("scheme", "default") != "default":
            continue
        base: tuple[str | int, ...] = ("theme", "palette", index) if isinstance(palette, list) else ("theme", "palette")
        where = "网站配置 " + ".".join(str(p) for p in base)
        for key in ("primary", "accent"):
            name = entry.get(key, THEME_DEFAULT)
            if not isinstance(name, str):
                continue
            for failure in failures(key, name.strip().lower().replace(" ", "-")):
                found.append(((*base, key) if key in entry else base, failure.message(where)))
    return found
