"""Work overlapped with the build's one-core steps (``workers.Later``): the leak guard's inventory is made in a
background process while the pages are, and the built files are scanned there. The answer, the cache entries and
the errors must be those of doing it here."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import edit

from generator import workers

PARENT = os.getpid()


@pytest.fixture
def forkable(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest-xdist runs tests in a process with execnet's threads, which keep every fork off
    monkeypatch.setattr(workers, "other_threads", lambda: False)


def _start() -> dict:
    return {"pid": os.getpid(), "made": [1, 2]}


def _finish(state: dict, plus: int) -> tuple:
    return state["pid"], os.getpid(), state["made"], plus + 1


def test_the_background_answers_as_the_work_would_here(forkable: None) -> None:
    """Guards ``Later``: both stages ran in another process (the pids differ from ours), ``finish`` got what
    ``start`` made there and the arguments given to ``result``, and the answer is the work's. Checked to fail:
    with ``Later`` never forking, the pids are ours."""
    started, finished, made, answer = workers.Later(_start, _finish).result(41)
    assert started == finished != PARENT and made == [1, 2] and answer == 42


def test_small_work_and_failures_are_done_here(forkable: None) -> None:
    """``small`` work starts nothing; work that fails in the background (here: only there) is done again here,
    and an error of the work itself is raised here, from ``result``."""
    small = workers.Later(_start, _finish, small=True)
    assert small.process is None and small.result(1) == (PARENT, PARENT, [1, 2], 2)

    def fails_elsewhere() -> dict:
        if os.getpid() != PARENT:
            raise MemoryError
        return _start()

    later = workers.Later(fails_elsewhere, _finish)
    assert later.process is not None and later.result(1) == (PARENT, PARENT, [1, 2], 2)

    def broken() -> dict:
        raise ValueError("the work's own error")

    with pytest.raises(ValueError, match="the work's own error"):
        workers.Later(broken, lambda state: state).result()


def test_a_background_process_no_longer_needed_is_stopped(forkable: None) -> None:
    """A build that stops before the guard (MkDocs failed) stops the background process: ``close`` ends it even
    while it waits for the word to finish, and reaps it."""
    later = workers.Later(lambda: {"pid": os.getpid()}, lambda state: state)
    process = later.process
    later.close()
    assert process is not None and not process.is_alive() and process.exitcode is not None


@pytest.mark.parametrize("background", [False, True])
def test_the_guard_finds_the_same_in_the_background(minimal_repo: Path, run, monkeypatch, forkable, background):
    """The build's leak guard made in a background process reports exactly what it reports here: a petitioner's
    name in a published note, with the data check switched off so that only the scan of the built files can
    stop it (as in test_leakguard). ``background``: the threshold lowered so that the minimal repository's guard
    starts one (checked: the guard's process id is not the build's)."""
    from generator import registry
    from generator.privacy import check

    if background:
        monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
        seen: list[int] = []
        prepare = check.prepare
        monkeypatch.setattr(check, "prepare", lambda *a: seen.append(os.getpid()) or prepare(*a))
    declared = registry.repository_rules()
    monkeypatch.setattr(registry, "repository_rules", lambda: [r for r in declared if r.name != "public_privacy"])
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", "public_note: 交甲区总工会办理。",
         "public_note: 交甲区总工会办理，联系李测甲。")
    result = run(minimal_repo, "build", "--today", "2026-07-01")
    assert result.exit_code == 1
    reported = [re.sub(r"fragment/[0-9a-f]{4}/", "fragment/<tag>/", line)
                for line in result.output.splitlines() if "公开网站含" in line]
    assert reported == [
        f"{page}: 公开网站含信访人信息 李**（cases/2026/XF-2026-0001.yaml 中信访人的姓名）；公开文字中请写作“李某”"
        for page in ("site/cases/XF-2026-0001/index.html:492:114", "site/data/cases.json:23:34",
                     "site/feed.xml:16:55", "site/pagefind/fragment/<tag>/2.pf_fragment:1:242")]
    assert not (minimal_repo / "site").exists()
    if background:
        assert seen == []  # prepared in the background process: nothing noted here
