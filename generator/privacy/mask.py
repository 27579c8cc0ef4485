"""Masking (脱敏) a value for a message: build logs, pull-request comments and annotations are public too."""

from __future__ import annotations

import re

from .secrets import surname

_MOBILE_OR_ID = re.compile(r"(?<![0-9])(?:1[3-9][0-9]{9}|[1-9][0-9]{16}[0-9Xx])(?![0-9])")


def mask(value: str, field: str) -> str:
    """A value as it may appear in a log: 139****5678, 11010519********2X, 李**, 测试****, 7K**-****-***D."""
    if field == "id_number" or (len(value) == 18 and value[:17].isdigit()):
        return value[:8] + "*" * 8 + value[-2:]
    if field == "query_code":
        return "****-****-****"
    if value.isdigit():
        keep = 3 if len(value) >= 9 else 1
        return value[:keep] + "*" * (len(value) - keep - 4) + value[-4:] if len(value) > keep + 4 else "*" * len(value)
    if field == "name":
        head = surname(value)
        return head + "*" * (len(value) - len(head))
    return value[:2] + "****"


def mask_numbers(message: str) -> str:
    """Every mobile- or ID-shaped number in a message masked, whoever wrote the message."""
    return _MOBILE_OR_ID.sub(lambda m: mask(m.group(), "id_number" if len(m.group()) == 18 else "phone"), message)
