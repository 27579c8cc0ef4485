"""The registry (登记处): every validation rule, public page, public data file and internal report, declared once.

A module declares what it adds with a decorator at module level, and the pipeline finds it here — as MkDocs
finds its plugins' event handlers and Pelican its generator classes, but in plain Python::

    from . import registry

    @registry.rule("case")                      # 校验规则 on one file of these record kinds: (ctx, src) -> problems
    def case_region(ctx, src): ...

    @registry.repository_rule                   # 校验规则 across files: (ctx) -> problems
    def unique_ids(ctx): ...

    @registry.before_rules                      # runs before any rule (the holiday calendar): (ctx) -> problems
    def use_files(ctx): ...

    @registry.page("stats/index.md", title="统计", order=40)       # 公开页面: (site) -> {docs path: Markdown}
    def stats(site): ...

    @registry.data_file("data/cases.csv")       # 公开数据文件: (site) -> bytes
    def cases_csv(site): ...

    @registry.report(order=20)                  # 内部报表: (ctx) -> ReportOutput (files and index links)
    def supervision(ctx): ...

**How modules are found.** No list of module names: ``load(kind)`` reads the source of every module of the
``generator`` package (the CLI layer excepted: it only wires) and imports those that contain a declaration of
that kind, written as ``@registry.<kind>`` at the start of a line. Reading ~80 small files costs milliseconds;
importing them all would cost ``xinfang validate`` two seconds (MkDocs, git, the live preview), so each stage
imports only the modules that declare something for it. ``tests/test_registry.py`` imports every module and
checks that nothing is declared in a way the scan does not see.

**Order.** Rules run in the order modules are found (sorted by module name), then declaration order; their
problems are sorted by place anyway. Pages are listed in the navigation by ``order``; reports in the index by
``order``. A page path or data file declared twice is a programming error, refused when the site is built.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

PACKAGE = "generator"
PACKAGE_DIR = Path(__file__).resolve().parent
# The CLI layer only wires the library together; nothing in it is declared here (the library never imports it).
CLI_MODULES = ("generator.cli", "generator.cli_zh", "generator.__main__", "generator.commands")
KINDS = ("rule", "repository_rule", "before_rules", "page", "data_file", "report")


@dataclass(frozen=True)
class Rule:
    """A validation rule (校验规则). ``kinds``: the record kinds (schema names: ``case``, ``schedule`` …) of the
    files it checks, one file at a time; empty for a rule across files (it sees the whole ``Context``)."""

    check: Callable[..., Iterable[Any]]
    kinds: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class Page:
    """A public page (公开页面) of the site, or a section of them.

    ``path``: the docs path of the page the navigation links (``cases/index.md``); ``title``: its label in the
    navigation (None: not listed, e.g. a page only linked from others); ``order``: its place there.
    ``render(site)`` returns the section's Markdown pages by docs path (the listed page and its sub-pages), or a
    ``site.contrib.Contribution`` when it also brings verbatim files or notices for the operator.
    ``sees_site``: rendered after every other page, with their docs in ``site.docs`` (the home page links the
    lookup page only when there is one).
    """

    path: str
    title: str | None
    order: int
    render: Callable[..., Any]
    sees_site: bool = False


@dataclass(frozen=True)
class DataFile:
    """A public data file (公开数据文件): ``render(site) -> bytes`` written at ``path`` of the site."""

    path: str
    render: Callable[..., bytes]


@dataclass(frozen=True)
class Report:
    """An internal report (内部报表): ``render(ctx) -> internal.ReportOutput``; ``order``: its place in the index."""

    name: str
    order: int
    render: Callable[..., Any]


@dataclass
class _Declared:
    rules: dict[str, Rule] = field(default_factory=dict)
    before: dict[str, Callable[..., Iterable[Any]]] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    data_files: dict[str, DataFile] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)


_declared = _Declared()


def _key(func: Callable[..., Any]) -> str:
    """One entry per function: importing a module again (a test's reload) replaces, never doubles, it."""
    return f"{func.__module__}.{func.__qualname__}"


# -- the decorators -------------------------------------------------------------------------------------------

def rule(*kinds: str) -> Callable[[F], F]:
    """Declare a rule on one file of each of ``kinds`` (``@registry.rule("case")``): ``check(ctx, src)``."""
    if not kinds:
        raise TypeError("registry.rule needs the record kinds it applies to; a rule across files is a repository_rule")

    def declare(func: F) -> F:
        _declared.rules[_key(func)] = Rule(func, tuple(kinds), func.__name__)
        return func
    return declare


def repository_rule(func: F) -> F:
    """Declare a rule across files: ``check(ctx)``."""
    _declared.rules[_key(func)] = Rule(func, (), func.__name__)
    return func


def before_rules(func: F) -> F:
    """Declare a step that runs before every rule (putting the holiday files to use): ``step(ctx) -> problems``."""
    _declared.before[_key(func)] = func
    return func


def page(path: str, title: str | None = None, order: int = 1000, sees_site: bool = False) -> Callable[[F], F]:
    """Declare a public page (or section) at ``path``, listed in the navigation as ``title`` at ``order``."""
    def declare(func: F) -> F:
        _declared.pages[_key(func)] = Page(path, title, order, func, sees_site)
        return func
    return declare


def data_file(path: str) -> Callable[[F], F]:
    """Declare a public data file written at ``path`` of the site: ``render(site) -> bytes``."""
    def declare(func: F) -> F:
        _declared.data_files[_key(func)] = DataFile(path, func)
        return func
    return declare


def report(order: int = 1000) -> Callable[[F], F]:
    """Declare an internal report: ``render(ctx) -> ReportOutput``, listed in the index at ``order``."""
    def declare(func: F) -> F:
        _declared.reports[_key(func)] = Report(func.__name__, order, func)
        return func
    return declare


# -- finding the declarations ---------------------------------------------------------------------------------

_DECLARATION = re.compile(r"^@registry\.(" + "|".join(KINDS) + r")\b", re.M)


@cache
def declaring_modules() -> dict[str, frozenset[str]]:
    """Every module of the package that declares something, with the kinds it declares (read, not imported)."""
    found: dict[str, frozenset[str]] = {}
    for file in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = file.relative_to(PACKAGE_DIR).with_suffix("").parts
        name = ".".join((PACKAGE, *parts[:-1], *([] if parts[-1] == "__init__" else parts[-1:])))
        if any(name == cli or name.startswith(cli + ".") for cli in CLI_MODULES):
            continue
        kinds = frozenset(_DECLARATION.findall(file.read_text(encoding="utf-8")))
        if kinds:
            found[name] = kinds
    return dict(sorted(found.items()))


def load(*kinds: str) -> None:
    """Import every module declaring one of ``kinds`` (all kinds when none is named)."""
    wanted = set(kinds or KINDS)
    for name, declared in declaring_modules().items():
        if declared & wanted:
            importlib.import_module(name)


def file_rules() -> list[Rule]:
    """The rules on one file, in the order modules are found."""
    load("rule")
    return [r for r in _declared.rules.values() if r.kinds]


def repository_rules() -> list[Rule]:
    load("repository_rule")
    return [r for r in _declared.rules.values() if not r.kinds]


def rules_before() -> list[Callable[..., Iterable[Any]]]:
    load("before_rules")
    return list(_declared.before.values())


def pages() -> list[Page]:
    """Every public page, in navigation order (pages not listed after them, by path)."""
    load("page")
    return sorted(_declared.pages.values(), key=lambda p: (p.title is None, p.order, p.path))


def data_files() -> list[DataFile]:
    load("data_file")
    return sorted(_declared.data_files.values(), key=lambda d: d.path)


def reports() -> list[Report]:
    """Every internal report, in the order of the index."""
    load("report")
    return sorted(_declared.reports.values(), key=lambda r: (r.order, r.name))


def has_page(path: str) -> bool:
    """Whether some module declares a page at ``path`` (the home page links the lookup page only then)."""
    return any(p.path == path for p in pages())
