"""The fuzz entry point stays runnable (``python -m fuzz``): a one-second smoke run of each engine.

The real runs are long and outside the normal test command (fuzz/RECORD.md); this only keeps the entry
point from rotting, and checks that a crash is reported (exit status 1) rather than swallowed.
"""

from __future__ import annotations

import pytest

from fuzz import engines
from fuzz.__main__ import main


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mutate", "records"])
def test_fuzz_smoke_run_finds_nothing(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--seconds", "1", "--seed", "7", "--engine", engine]) == 0
    out = capsys.readouterr().out
    assert "崩溃（异常）：0" in out and "不变量被破坏：0" in out
    assert f"{engine}: " in out


def test_mutations_are_deterministic_for_a_seed() -> None:
    import random

    seeds = engines._seeds()
    first = [engines.mutate(seeds[0][1], random.Random(5), seeds) for _ in range(3)]
    again = [engines.mutate(seeds[0][1], random.Random(5), seeds) for _ in range(3)]
    assert first == again and first[0] != seeds[0][1]


def test_a_crash_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(engines, "FINDINGS", tmp_path / "findings")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(engines, "load_file", broken)
    assert main(["--seconds", "0.3", "--seed", "1", "--engine", "mutate"]) == 1
    assert "崩溃（异常）：0" not in capsys.readouterr().out
    assert any(p.suffix == ".txt" and "RuntimeError: boom" in p.read_text(encoding="utf-8")
               for p in (tmp_path / "findings").iterdir())
