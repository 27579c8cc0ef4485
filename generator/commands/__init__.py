"""One module per verb of the ``xinfang`` command, and what they share: settings and common options."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import click

from .. import rules
from ..config import Paths
from ..model import Repository

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
    """Today in China, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds (``rules.today``)."""
    return rules.today()


def today_option(func):
    return click.option("--today", type=DATE, default=None,
                        help="按哪一天计算期限和超期（默认今天；设置了 SOURCE_DATE_EPOCH 时取其日期）。")(func)


def cache_option(func):
    """``--no-cache``: check everything afresh, reading and writing nothing in ``.xinfang-cache/`` (``generator.cache``)."""
    return click.option("--no-cache", "use_cache", is_flag=True, flag_value=False, default=True,
                        help="不使用也不写入 .xinfang-cache/ 中的缓存（校验、检查和生成的结果），全部重新计算（结果与使用缓存时相同）。")(func)


def resolve_today(value: date | None) -> date:
    return rules.today(value)


def valid_repository(paths: Paths, today: date, use_cache: bool = True) -> Repository:
    """The validated repository; on any error, every problem printed once and ``DataInvalid`` raised.

    The common first step of the verbs that write output (internal, plan, archive).
    """
    from ..errors import DataInvalid
    from ..reporters import report
    from ..validate import check_repository

    checked = check_repository(paths, today, use_cache=use_cache)
    if not checked.ok or checked.repository is None:
        report(checked.problems, checked.files, "text")
        raise DataInvalid(checked.problems, files=checked.files)
    return checked.repository
