"""The check of a repository against its union's level (工会层级): every leader's role exists at that level, and
only a prefecture-level city (地市级) sets its own reception frequency. What a level decides is ``levels``'.
"""

from __future__ import annotations

from typing import Any, Iterator

from . import registry, rules
from .errors import Problem, error
from .levels import describe_roles, level_label, role_labels, roles


@registry.repository_rule
def level_rules(ctx: Any) -> Iterator[Problem]:
    """Repository rule: every leader's role exists at the union's level; only a city sets its own rule."""
    if ctx.union is None:
        return
    level = ctx.union.data["level"]
    if "reception_rule" in ctx.union.data and level != "city":
        yield error(ctx.union.path, f"接访频次 reception_rule：只有地市级工会填写；{level_label(level)}的接访频次由办法规定："
                    f"{rules.requirement(level).description}", ("reception_rule",), "level-rule")
    if ctx.leaders is None:
        return
    allowed = roles(level)
    labels = role_labels()
    for i, leader in enumerate(ctx.leaders.data["leaders"]):
        if leader["role"] not in allowed:
            yield error(ctx.leaders.path, f"身份 role：“{labels.get(leader['role'], leader['role'])} {leader['role']}”"
                        f"不适用于{level_label(level)}；可选：{describe_roles(level)}", ("leaders", i, "role"), "level-role")
