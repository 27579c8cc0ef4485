"""Terminal manners: progress on an interactive terminal, silence in CI and in pipes."""

from __future__ import annotations

import os
import sys
from typing import Iterator, Sequence, TypeVar

import click

T = TypeVar("T")


def interactive() -> bool:
    """True on a person's terminal; False in CI, in pipes and under tests."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def progress(items: Sequence[T], label: str, enabled: bool = True) -> Iterator[T]:
    """Iterate, drawing a progress bar on stderr only when someone is watching and it is worth it."""
    if not (enabled and interactive() and len(items) >= 200):
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr, show_pos=True) as bar:
        yield from bar


def status(message: str) -> None:
    """A one-line note of what is happening, on stderr, for people only."""
    if interactive():
        click.echo(message, err=True)
