"""Print the constraints file (.ci/constraints.txt) for the environment this runs in: every dependency of
pyproject.toml (the test extra included) and their dependencies, pinned to the installed versions.

Run it with the interpreter of an environment where the whole test suite passes:
    .venv/bin/python .ci/constraints.py > .ci/constraints.txt
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

HEADER = """\
# 依赖锁定（pip constraints）：.ci/run 与 .github/workflows、.gitlab-ci.yml 安装时都用它，CI 不随上游新版本变化。
# 由能通过全部测试的环境生成：python .ci/constraints.py > .ci/constraints.txt
# （pyproject.toml 的依赖，含 test 附加依赖，及其传递依赖，固定为该环境中的版本）。
"""


def pins(pyproject: Path) -> dict[str, str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    todo = [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]]
    found: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        req = todo.pop()
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency for another platform or Python
        found[key[0]] = dist.version
        for text in dist.requires or []:
            dep = Requirement(text)
            if dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in (req.extras or {""})):
                todo.append(dep)
    return dict(sorted(found.items()))


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    sys.stdout.write(HEADER + "".join(f"{name}=={version}\n" for name, version in pins(root / "pyproject.toml").items()))
