"""The parse floor (解析下限): only reading and parsing a repository's YAML files, nothing else.

``python -m bench.floor ROOT`` reads the same files ``xinfang validate`` reads (``reference/*.yaml``,
``schedules/*.yaml``, ``cases/*/*.yaml``) in the same process layout (one process, one file after the other)
and parses each with PyYAML's C loader (``CSafeLoader``: libyaml's parser, PyYAML's Python constructor),
keeping nothing. No schema, no rules, no positions: what no validator can go below.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def data_files(root: Path) -> list[Path]:
    """The YAML files of a repository, in the order validation reads them."""
    return [*sorted(root.glob("reference/*.yaml")), *sorted(root.glob("schedules/*.yaml")),
            *sorted(root.glob("cases/*/*.yaml"))]


def parse_all(root: Path) -> int:
    """Read and parse every data file; returns how many were parsed."""
    count = 0
    for file in data_files(root):
        yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        count += 1
    return count


if __name__ == "__main__":
    print(parse_all(Path(sys.argv[1])))
