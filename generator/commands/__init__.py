"""One module per verb of the ``xinfang`` command, and what they share: settings and common options."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import click

from ..config import Paths
from ..model import Repository

CHINA = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class Settings:
    """What the group-level options decide for every command."""

    paths: Paths
    show_traceback: bool = False

    @classmethod
    def at(cls, root: str, show_traceback: bool = False) -> "Settings":
        return cls(Paths.at(root), show_traceback)


pass_settings = click.make_pass_decorator(Settings)


class DateType(click.ParamType):
    """A calendar date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"“{value}” 不是有效日期，应写作 YYYY-MM-DD，例如 2026-11-26", param, ctx)


DATE = DateType()


def default_today() -> date:
    """Today in China, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), CHINA).date()
    return datetime.now(CHINA).date()


def today_option(func):
    return click.option("--today", type=DATE, default=None,
                        help="按哪一天计算期限和超期（默认今天；设置了 SOURCE_DATE_EPOCH 时取其日期）。")(func)


def resolve_today(value: date | None) -> date:
    return value or default_today()


def valid_repository(paths: Paths, today: date) -> Repository:
    """The validated repository; on any error, every problem printed once and ``DataInvalid`` raised.

    The common first step of the verbs that write output (internal, plan, archive).
    """
    from ..errors import DataInvalid
    from ..reporters import report
    from ..validate import check_repository

    checked = check_repository(paths, today)
    if not checked.ok or checked.repository is None:
        report(checked.problems, checked.files, "text")
        raise DataInvalid(checked.problems, files=checked.files)
    return checked.repository
