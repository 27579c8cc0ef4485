"""Fuzzing the YAML loader and the validator (模糊测试): ``python -m fuzz --seconds 600``.

Two engines share one time budget:

- ``mutate``: byte- and line-level mutations of real files (the minimal test repository and the demo data),
  spiced with the tokens that break YAML (tabs, quotes, anchors, tags, BOMs, bidi overrides, implicit types),
  each validated as part of a whole repository;
- ``records``: hypothesis with a large example budget, drawing schema-valid cases (tests/schema_strategies.py)
  and checking that validation never raises and that the public projection never holds an internal value.

Every input must give problems, never an exception; every problem must have a line and column inside the file
and a Chinese message. Findings (input plus traceback or broken promise) are written to ``fuzz/findings/``,
which ignores itself in git: a finding is turned into a regression test, not committed as a file. The
summary goes to stdout; fuzz/RECORD.md keeps the log of real runs.
"""
