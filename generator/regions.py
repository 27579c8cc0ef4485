"""One name for one place (行政区划名称): a case's province and city checked against GB/T 2260.

``province: 广东`` next to ``广东省`` elsewhere made the statistics count two regions. The names come from
``assets/regions/gbt2260.json``: the 34 province-level divisions and, for each, its prefecture-level
divisions and the county-level ones it administers directly (for a municipality: its districts and
counties), with the source and the date they were taken written in the file. A province not in the list is
an error, with the full name suggested for a short or misspelt one; a city that is a short or misspelt form
of one of the province's is an error too; a city not found at all is a warning (the list may lag behind a
new division), so an editor is never blocked by it. Statistics count by the validated name.

To refresh the list: rebuild the JSON from the Ministry of Civil Affairs' current code list (same shape:
``provinces: [{code, name, cities: [[code, name], …]}]``), update ``source`` and ``retrieved``, and run
``tests/test_regions.py``.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from typing import Any, Iterator

from . import registry
from .config import ASSET_DIR
from .errors import Problem, error, warning

DATA = ASSET_DIR / "regions" / "gbt2260.json"
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市",
             "自治州", "地区", "盟", "林区", "自治县", "县", "区")


@cache
def divisions() -> dict[str, tuple[str, ...]]:
    """Province name → its cities' names, in the order of their codes."""
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    return {p["name"]: tuple(name for _, name in p["cities"]) for p in doc["provinces"]}


@cache
def source() -> tuple[str, str]:
    """Where the list comes from, and when it was taken."""
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    return doc["source"], doc["retrieved"]


def _stem(name: str) -> str:
    """``广西壮族自治区`` → ``广西``, ``广州市`` → ``广州``: the name without the kind of division."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def suggest(text: str, names: tuple[str, ...] | list[str]) -> str | None:
    """The full name meant by a short or misspelt ``text`` (one candidate only, else None)."""
    stem = _stem(text.strip())
    same = [n for n in names if _stem(n) == stem or n.startswith(text.strip())]
    if len(same) == 1:
        return same[0]
    close = difflib.get_close_matches(text, names, n=2, cutoff=0.6)
    return close[0] if len(close) == 1 else None


def province_of_city(city: str) -> str | None:
    """The province a city belongs to, when only one has a city of that name."""
    owners = [p for p, cities in divisions().items() if city in cities]
    return owners[0] if len(owners) == 1 else None


def check_region(path: str, region: dict[str, Any], at: tuple = ("region",)) -> Iterator[Problem]:
    """Problems of one ``region`` mapping (``at`` is its pointer)."""
    from .scaffold import PLACEHOLDER  # a scaffold's placeholder is reminded of by its own rule

    known = divisions()
    province, city = region.get("province"), region.get("city")
    if not isinstance(province, str) or PLACEHOLDER in province:
        return
    if province not in known:
        meant = suggest(province, list(known))
        hint = f"应写全称“{meant}”" if meant else "请写省、自治区、直辖市的全称，例如“广东省”“内蒙古自治区”“北京市”"
        yield error(path, f"省份 province：“{province}”不是 GB/T 2260 中的省级行政区名称，{hint}", (*at, "province"), "region")
        return
    if not isinstance(city, str) or PLACEHOLDER in city or city in known[province]:
        return
    owner = province_of_city(city)
    if owner:
        yield error(path, f"城市 city：{city}属于{owner}，不属于{province}：请核对省份或城市", (*at, "city"), "region")
        return
    meant = suggest(city, known[province])
    if meant:
        yield error(path, f"城市 city：“{city}”不是{province}的行政区名称，应写全称“{meant}”", (*at, "city"), "region")
    elif known[province]:
        _, retrieved = source()
        yield warning(path, f"城市 city：“{city}”不在{province}的地级行政区名单中（GB/T 2260，{retrieved} 收录），"
                            "请核对名称", (*at, "city"), "region")


@registry.rule("case")
def case_region(ctx: Any, src: Any) -> Iterator[Problem]:
    """A file rule: the case's region (地区) names a real province and city, by their full names."""
    if isinstance(src.data.get("region"), dict):
        yield from check_region(src.path, src.data["region"])


