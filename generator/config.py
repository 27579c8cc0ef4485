"""Where things are: every path of a repository, in one place.

A repository (仓库) is a folder of the fixed shape: ``cases/<year>/<id>.yaml``, ``schedules/<year>.yaml``,
``reference/`` (union, leaders, units), ``archives/<year>/``, ``mkdocs.yml``. The schemas belong to the tool,
not to the data: they ship inside the package (``generator/_schemas`` in a wheel, ``schemas/`` in a checkout).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def schema_dir() -> Path:
    """The folder of the JSON Schemas: packaged copy first, then the source checkout's ``schemas/``."""
    packaged = _PACKAGE / "_schemas"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "schemas"


TEMPLATE_DIR = _PACKAGE / "templates"
ASSET_DIR = _PACKAGE / "assets"


@dataclass(frozen=True)
class Paths:
    """The layout of one repository."""

    root: Path

    @classmethod
    def at(cls, root: str | os.PathLike[str]) -> "Paths":
        return cls(Path(root).resolve())

    @property
    def cases(self) -> Path:
        return self.root / "cases"

    @property
    def schedules(self) -> Path:
        return self.root / "schedules"

    @property
    def reference(self) -> Path:
        return self.root / "reference"

    @property
    def union_file(self) -> Path:
        return self.reference / "union.yaml"

    @property
    def leaders_file(self) -> Path:
        return self.reference / "leaders.yaml"

    @property
    def units_file(self) -> Path:
        return self.reference / "units.yaml"

    @property
    def holidays(self) -> Path:
        """The union's holiday files (本会节假日文件), ``reference/holidays/<year>.yaml``."""
        return self.reference / "holidays"

    def holiday_file(self, year: int) -> Path:
        return self.holidays / f"{year}.yaml"

    @property
    def archives(self) -> Path:
        return self.root / "archives"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site(self) -> Path:
        """Default public output (git-ignored)."""
        return self.root / "site"

    @property
    def internal(self) -> Path:
        """Default internal output (git-ignored, never inside the public site)."""
        return self.root / "internal"

    @property
    def cache(self) -> Path:
        return self.root / ".xinfang-cache"

    def case_file(self, case_id: str) -> Path:
        year = case_id.split("-")[1]
        return self.cases / year / f"{case_id}.yaml"

    def schedule_file(self, year: int) -> Path:
        return self.schedules / f"{year}.yaml"

    def rel(self, path: Path) -> str:
        """The path as printed in messages: relative to the root, with forward slashes."""
        for candidate in (path, path.resolve()):
            try:
                return candidate.relative_to(self.root).as_posix()
            except ValueError:
                continue
        return path.as_posix()


def require_repository(paths: "Paths") -> None:
    """Stop at once when ``paths.root`` holds none of a repository's parts (找不到案卷仓库).

    A repository missing one reference file still gets its precise per-file problem from validation.
    """
    if not (paths.union_file.exists() or paths.cases.is_dir() or paths.schedules.is_dir()
            or (paths.root / "reference").is_dir()):
        from .errors import NotARepository
        shown = os.path.relpath(paths.root) if paths.root.is_absolute() else str(paths.root)
        raise NotARepository(shown)
