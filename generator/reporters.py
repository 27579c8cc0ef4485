"""Printing problems: one format per audience, chosen from a map (text, json, github)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Callable, Iterable

import click

from .errors import Problem
from .privacy import mask_numbers


def _text(problems: list[Problem], files: int) -> str:
    lines = [p.format() for p in problems]
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if errors:
        lines.append(f"校验未通过：{files} 个文件，{errors} 处错误，{warnings} 处警告。")
    else:
        lines.append(f"校验通过：{files} 个文件，{warnings} 处警告。")
    return "\n".join(lines)


def _json(problems: list[Problem], files: int) -> str:
    return json.dumps({
        "ok": not any(p.is_error for p in problems),
        "files": files,
        "problems": [{"path": p.path, "line": p.line, "col": p.col, "severity": p.severity,
                      "code": p.code, "message": p.message} for p in problems],
    }, ensure_ascii=False, indent=2)


def _escape_github(text: str, property_: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def _github(problems: list[Problem], files: int) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    lines = []
    for p in problems:
        level = "error" if p.is_error else "warning"
        lines.append(f"::{level} file={_escape_github(p.path, True)},line={p.line},col={p.col},"
                     f"title={_escape_github('xinfang ' + p.code, True)}::{_escape_github(p.message)}")
    lines.append(_text([], files).splitlines()[-1] if not any(p.is_error for p in problems)
                 else f"校验未通过：{sum(1 for p in problems if p.is_error)} 处错误")
    return "\n".join(lines)


def _gitlab(problems: list[Problem], files: int) -> str:
    """GitLab code-quality report (代码质量报告): merge requests show each problem on its changed line."""
    return json.dumps([{
        "description": p.message,
        "check_name": f"xinfang {p.code}",
        "fingerprint": hashlib.sha256(f"{p.path}:{p.line}:{p.col}:{p.code}:{p.message}".encode()).hexdigest(),
        "severity": "major" if p.is_error else "minor",
        "location": {"path": p.path, "lines": {"begin": max(p.line, 1)}},
    } for p in problems], ensure_ascii=False, indent=2)


REPORTERS: dict[str, Callable[[list[Problem], int], str]] = {"text": _text, "json": _json, "github": _github}
REPORTERS["gitlab"] = _gitlab


def report(problems: Iterable[Problem], files: int, fmt: str = "text", stream_err: bool = False) -> None:
    """Print the problems in one format; any phone- or ID-shaped number in a message is masked on the way."""
    shown = [replace(p, message=mask_numbers(p.message)) for p in problems]
    click.echo(REPORTERS[fmt](shown, files), err=stream_err)
