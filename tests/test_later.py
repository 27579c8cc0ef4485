"""Work overlapped with the build's one-core steps (``workers.Later``): the leak guard's inventory is made in a
background process while the pages are, and the built files are scanned there. The answer, the cache entries and
the errors must be those of doing it here."""

from __future__ import annotations

import os

import pytest

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


def test_with_its_arguments_given_at_the_start_the_work_finishes_without_waiting(forkable: None, tmp_path) -> None:
    """``now``: ``finish`` runs right after ``start``, before anyone asks for the answer (the privacy rule's search
    goes on while the other rules run), may use worker processes, and ``result()`` returns its answer. Checked to
    fail: with ``_later_main`` waiting for the word even when ``now`` is given, the marker never appeared and the
    wait below timed out."""
    import time

    marker = tmp_path / "finished"

    def finish(state: dict, plus: int) -> tuple:
        squares = workers.run(list(range(workers.PARALLEL_FROM)), lambda i: i * i)
        marker.write_text(str(os.getpid()))
        return state["pid"], os.getpid(), sum(squares), plus + 1

    later = workers.Later(_start, finish, now=(41,))
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists()
    started, finished, total, answer = later.result()
    assert started == finished != PARENT and total == sum(i * i for i in range(workers.PARALLEL_FROM)) and answer == 42
    assert workers.Later(_start, finish, small=True, now=(1,)).result()[1:] == (PARENT, total, 2)
