"""Worker processes (多进程): per-file work spread over the machine's cores, the answer unchanged.

``run(items, work, store)`` returns ``[work(item) for item in items]``, in order. When there are at least
``PARALLEL_FROM`` items and the system can fork, the items are split into chunks and done by one worker process
per usable core. A worker is a *fork* of the calling process made at the moment of the call: it sees exactly
the state the caller sees (the data read so far, the holiday calendar in use, a privacy inventory), nothing is
sent to it but chunk numbers, and ``work`` may be any function, a closure included. Each chunk sends back
``work``'s results (plain, picklable values) and the cache entries ``work`` made or read through ``store``
(``generator.cache.Store``), which are merged into the caller's store as if ``work`` had run here.

A worker that dies (killed for memory) or cannot be started costs time, never the answer: the items not yet
answered are done in this process (``concurrent.futures`` reports the broken pool; a ``multiprocessing.Pool``
would wait for the lost chunk forever).

Where a process cannot be forked (Windows, macOS' default), or for little work, ``work`` runs in this process:
the same function on the same items, so the two ways give the same answer (tests/test_workers.py checks it on
the whole problem list of a repository).
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Generic, Iterator, Sequence, TypeVar, cast

from .ui import progress

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 300
"""Items from which worker processes pay for themselves: forking two and sending the results back costs about
0.1 s; parsing and checking 300 case files costs about 0.4 s of one core."""

CHUNK = 40
"""Items per chunk: small enough that both workers finish together, large enough that sending costs little."""

MAX_WORKERS = 8

_JOB: tuple[Sequence[Any], Callable[[Any], Any], Any] | None = None
"""What the forked workers work on (inherited by the fork, never sent)."""

_IN_WORKER = False

_LATER: tuple[Any, ...] | None = None
"""What a background process works on (``Later``), inherited by its fork."""

_IN_BACKGROUND = False
"""This process is a ``Later``'s: it works on one core, beside its parent, and forks no workers of its own."""


def count(items: int) -> int:
    """How many worker processes ``run`` uses for ``items`` items: 0 means in this process."""
    if items < PARALLEL_FROM or _IN_BACKGROUND or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    if other_threads():
        return 0
    workers = min(cores(), MAX_WORKERS, -(-items // CHUNK))
    return workers if workers >= 2 else 0


def other_threads() -> bool:
    """Whether this process runs other threads (``serve``'s HTTP thread): a fork could copy a lock one of them
    holds, held forever in the child, so no workers are forked then."""
    return threading.active_count() > 1


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run(items: Sequence[T], work: Callable[[T], R], store: Any = None, show_progress: bool = False,
        label: str = "") -> list[R]:
    """``[work(item) for item in items]``, in worker processes when it pays (see the module's docstring).

    ``store``: the ``cache.Store`` that ``work`` reads and fills; the entries made or read in a worker are
    merged into it (so they are written back by ``store.save()`` as if made here)."""
    workers = count(len(items))
    if not workers:
        return [work(item) for item in progress(items, label=label, enabled=show_progress)]
    # The first chunk here: whatever ``work`` builds on first use (a compiled schema, the perceiver's tables)
    # is then built once, before the fork, instead of once in every worker.
    done: list[R] = [work(item) for item in items[:CHUNK]]
    global _JOB
    _JOB = (items, work, store)
    chunks = [range(k, min(k + CHUNK, len(items))) for k in range(CHUNK, len(items), CHUNK)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            answers = cast(Sequence[Any], _Sized(pool.map(_chunk, chunks), len(chunks)))  # what the bar needs: len, iter
            for answer in progress(answers, label=label, enabled=show_progress):
                # bytes from our own forked worker, over its pipe: never from a file or another user
                results, made, used = marshal.loads(answer) if isinstance(answer, bytes) else answer  # noqa: S302
                if store is not None:
                    store.new.update(made)
                    for key in used:
                        store.keep(key)
                done.extend(results)
    except (BrokenProcessPool, OSError):
        # A worker was killed (out of memory) or could not be started: the rest is done here, the same answer.
        done.extend(work(items[i]) for i in range(len(done), len(items)))
    finally:
        _JOB = None
    return done


def run_uncached(items: Sequence[T], keys: Sequence[str], work: Callable[[T], R], stores: Sequence[Any],
                 label: str = "") -> list[R]:
    """``[work(item) for item in items]`` where each answer is kept in a cache: item ``i``'s under ``keys[i]`` in
    ``stores[i]`` (a ``cache.Store``, or None for none). Only the items not found there are worked on, by ``run``
    (so in worker processes when many are missing, never for a run that finds them all), and their answers put
    into their stores."""
    found: list[Any] = [store.get(key) if store is not None else None for store, key in zip(stores, keys)]
    missing = [i for i, answer in enumerate(found) if answer is None]
    for i, answer in zip(missing, run([items[i] for i in missing], work, label=label)):
        found[i] = answer
        if stores[i] is not None:
            stores[i].put(keys[i], answer)
    return found


class Later(Generic[R]):
    """Work done in a forked process while this one goes on with other steps, in two stages.

    ``start()`` runs at once in the background process; ``finish(state, *args)`` runs there too, on what
    ``start`` returned, when this process calls ``result(*args)`` — which waits for it and returns its answer. For
    a step whose preparation needs only what this process holds now, to be overlapped with steps that keep one
    core busy (MkDocs, the first-paint styles): the leak guard's inventory of the data is made while the pages
    are, and the scan of the built files then runs where the inventory already is (``finish`` may fork
    ``run``'s workers; ``start`` keeps to its one core). ``args`` and the answer are plain data (``marshal``).
    Nothing else comes back: a cache the work fills is saved by ``finish``, where its entries are.

    ``now``: ``finish``'s arguments, when they are known at the start: then ``finish`` runs right after ``start``,
    on every core (it may fork workers), without waiting for ``result()`` — for work whose answer this process
    will wait for anyway, after steps of its own that are shorter than it.

    Where no process can be forked, for ``small`` work, or in another ``Later``'s process, nothing starts and
    ``result(*args)`` is ``finish(start(), *args)`` here: the same answer. A background process that dies or fails
    costs time, never the answer: ``result()`` then does the work here (and so raises what the work raises)."""

    def __init__(self, start: Callable[[], Any], finish: Callable[..., R], small: bool = False,
                 now: tuple[Any, ...] | None = None) -> None:
        self.start, self.finish, self.now = start, finish, now
        self.process: Any = None
        if small or _IN_BACKGROUND or other_threads() or "fork" not in multiprocessing.get_all_start_methods():
            return
        global _LATER
        context = multiprocessing.get_context("fork")
        self.receive, answer_end = context.Pipe(duplex=False)
        go_end, self.go = context.Pipe(duplex=False)
        _LATER = (start, finish, go_end, answer_end, now)
        try:
            self.process = context.Process(target=_later_main)
            self.process.start()
        except OSError:  # no process: the work is done here, at ``result``
            self.process = None
            self.receive.close()
            self.go.close()
        finally:
            _LATER = None
            answer_end.close()  # the child's ends: EOF on either side once the other has gone
            go_end.close()

    def result(self, *args: Any) -> R:
        args = self.now if self.now is not None else args
        if self.process is None:
            return self.finish(self.start(), *args)
        try:
            if self.now is None:
                self.go.send_bytes(marshal.dumps(args))
            # bytes from our own forked child, over its pipe: never from a file or another user
            answer = marshal.loads(self.receive.recv_bytes())  # noqa: S302
        except (EOFError, OSError, ValueError):
            answer = None
        self.process.join()  # it has answered (or died): it ends by itself
        self._closed()
        if answer is None:
            return self.finish(self.start(), *args)
        return cast(R, answer[0])

    def close(self) -> None:
        """Stop the background process if it still runs (the build stopped before it needed the answer) and reap
        it, so that its CPU time counts among this process's children's."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self._closed()

    def _closed(self) -> None:
        self.receive.close()
        self.go.close()
        self.process = None


def _later_main() -> None:
    """In a ``Later``'s process: ``start``, then on the word ``finish``; the answer sent back. On any failure
    nothing is sent: the parent does the work itself and meets the error there."""
    global _IN_BACKGROUND
    assert _LATER is not None
    start, finish, go, send, now = _LATER
    try:
        _IN_BACKGROUND = True  # one core: the parent's steps use the other
        state = start()
        _IN_BACKGROUND = False
        # ``now``: finish's arguments were known at the start, so it goes on at once
        args = now if now is not None else marshal.loads(go.recv_bytes())  # noqa: S302 -- from our own parent
        send.send_bytes(marshal.dumps((finish(state, *args),)))
    except BaseException:  # noqa: BLE001, S110 -- the parent does the work itself and meets the error there
        pass
    finally:
        send.close()


def _chunk(indices: range) -> bytes | tuple[list[Any], dict[str, Any], list[str]]:
    """In a worker: ``work`` on the items numbered ``indices``; with the cache entries it made and those it read.
    Sent back in ``marshal`` form when the values allow (plain data: six times faster to write than pickle)."""
    answer = _answer(indices)
    try:
        return marshal.dumps(answer)
    except ValueError:
        return answer


def _answer(indices: range) -> tuple[list[Any], dict[str, Any], list[str]]:
    assert _JOB is not None
    items, work, store = _JOB
    if store is None:
        return [work(items[i]) for i in indices], {}, []
    global _IN_WORKER
    if not _IN_WORKER:  # first chunk of this worker: what the caller made this run counts as read from now on
        _IN_WORKER = True
        store.old.update(store.new)
    store.new = {}  # this chunk's entries only: what is sent back
    results = [work(items[i]) for i in indices]
    made = {key: value for key, value in store.new.items() if store.old.get(key) is not value}
    used = [key for key, value in store.new.items() if store.old.get(key) is value]
    return results, made, used


class _Sized:
    """An iterator with a length, for the progress bar."""

    def __init__(self, items: Iterator[Any], length: int) -> None:
        self.items, self.length = items, length

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)
