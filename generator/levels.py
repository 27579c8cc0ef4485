"""What a union's level decides (工会层级): which leader roles exist, which of them are held to the reception
rule, and which rule.

The seed names five kinds of union with their own reception frequency: 全国总工会 (2 days a year per 党组、书记处
leader), 省（市、区）级 (1 day a month), 县（市、区、旗）级 (1 day a fortnight) and 乡镇（街道） (at any time);
prefecture-level cities (地市级) are not named, so they default to the provincial rule and may set their own in
``reference/union.yaml`` (``reception_rule``); enterprise (企业) unions are basic-level unions like a township's.

The role codes, their Chinese labels and which roles each level has come from the leaders schema
(``x-enum-labels``, ``x-roles-by-level``, ``x-reception-roles-by-level``), the level labels from the union
schema: one place each, read here, never a second table in Python. The rule's dates and periods are
``rules.requirement``'s. A pure lookup (validation reads it too); the rule that checks ``union.yaml`` and
``leaders.yaml`` against the level is ``level_rules``.
"""

from __future__ import annotations

from typing import Any, Mapping

from . import rules
from .schema import schema

_ROLE = ("leaders", 0, "role")


def _role_schema() -> Mapping[str, Any]:
    return schema("leaders").at(_ROLE) or {}


def levels() -> dict[str, str]:
    """Every level code with its Chinese label (本会层级), in the schema's order."""
    return schema("union").labels(("level",))


def level_label(level: str) -> str:
    return levels().get(level, level)


def role_labels() -> dict[str, str]:
    """Every role code with its Chinese label (身份), whatever the level."""
    return schema("leaders").labels(_ROLE)


def roles(level: str) -> dict[str, str]:
    """The roles a leader of a union of ``level`` may have, with their labels (身份)."""
    labels = role_labels()
    return {code: labels[code] for code in _role_schema()["x-roles-by-level"].get(level, ())}


def reception_roles(level: str) -> tuple[str, ...]:
    """The roles held to the level's reception rule (受接访频次约束的身份)."""
    return tuple(_role_schema()["x-reception-roles-by-level"].get(level, ()))


def held_to_rule(level: str, role: str) -> bool:
    return role in reception_roles(level)


def requirement(union: Mapping[str, Any]) -> rules.Requirement:
    """The reception rule of a union as written in ``union.yaml`` (its level, and a city's own setting)."""
    return rules.requirement(union["level"], union.get("reception_rule"))


def describe_roles(level: str) -> str:
    """``chairman 主席；party_group 党组成员…`` — the choices as shown in comments and messages."""
    return "；".join(f"{code} {label}" for code, label in roles(level).items())
