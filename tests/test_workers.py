"""Validation in worker processes (issue 20, goal 3): the same answer as in one process, problem for problem.

``generator.workers.run`` forks one worker per core for the per-file work (parse, schema, file rules, the
per-file part of the rules across files) and for the privacy rule's search of each record, when there are
``PARALLEL_FROM`` files or more; the privacy rule's secrets are collected in a background process
(``workers.Later``) meanwhile. Here the threshold and the chunk size are lowered so that a small repository
with every kind of problem (unreadable YAML, a schema error, a file rule's error and warning, a privacy leak
whose value must stay masked, a reference across files) is checked by forked workers, and the whole list of
problems — path, line, column, message, severity, code, in order — is compared with a run in one process,
cold, warm (through the cache the workers filled) and with ``--no-cache``.

How it was checked that it can fail: ``workers._chunk`` was made to return each chunk's results reversed (the
problems of one file attributed to another): the comparison failed; then it was put back.
"""

from __future__ import annotations

import os
import threading
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import PROJECT, TODAY, edit

from generator import privacy, registry, rules, validate, workers
from generator.config import Paths
from generator.errors import warning

TEMPLATE = "cases/2026/XF-2026-0002.yaml"
COPIES = 24


pytestmark = pytest.mark.usefixtures("own_cache_key")


@pytest.fixture
def many(minimal_repo: Path) -> Path:
    """The minimal repository with 24 more cases, some of them wrong in each way a file can be wrong."""
    text = (minimal_repo / TEMPLATE).read_text(encoding="utf-8")
    for n in range(3, 3 + COPIES):
        case_id = f"XF-2026-{n:04d}"
        (minimal_repo / "cases" / "2026" / f"{case_id}.yaml").write_text(
            text.replace("XF-2026-0002", case_id).replace("周测乙", f"周测{chr(0x4e00 + n)}"), encoding="utf-8")
    folder = minimal_repo / "cases" / "2026"
    edit(folder / "XF-2026-0004.yaml", "topic: labor_contract", "topic: [labor_contract")  # unreadable YAML
    edit(folder / "XF-2026-0007.yaml", "status: concluded", "status: finished")  # schema
    edit(folder / "XF-2026-0009.yaml", 'accepted: "2026-05-08"', 'accepted: "2026-05-01"')  # a file rule
    edit(folder / "XF-2026-0012.yaml", "title: 未签订劳动合同问题", "title: 未签订劳动合同问题，电话 13912345678")  # leak
    edit(folder / "XF-2026-0015.yaml", "units: [U-B]", "units: [U-NONE]")  # a reference across files
    edit(folder / "XF-2026-0020.yaml", 'date: "2026-06-20"\n    type: conclusion',
         'date: "2026-06-20"\n    type: conclusion\n  - date: "2026-06-19"\n    type: progress')  # dates out of order
    return minimal_repo


def answer(root: Path, parallel: bool, use_cache: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2 if parallel else 10**9)
    monkeypatch.setattr(workers, "CHUNK", 3)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    # pytest-xdist runs this test in a process with execnet's threads, which would keep the workers off
    # (test_no_workers_beside_other_threads checks that rule on its own)
    monkeypatch.setattr(workers, "other_threads", lambda: False)
    rules.use_calendar(None)
    checked = validate.check_repository(Paths.at(root), TODAY, model=False, use_cache=use_cache)
    return [(p.format(), p.severity, p.code, p.pointer) for p in checked.problems]


@pytest.fixture
def pids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file rule that notes the process it runs in (in a file: a worker's memory is its own), saying nothing."""
    folder = tmp_path / "pids"
    folder.mkdir()

    def note_pid(ctx, src):
        (folder / str(os.getpid())).touch()
        return ()

    declared = registry.file_rules()
    monkeypatch.setattr(registry, "file_rules", lambda: [*declared, registry.Rule(note_pid, ("case",), "note_pid")])
    return folder


def test_workers_give_the_same_problems_in_the_same_order(many: Path, pids: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """One process, no cache: the reference answer; then forked workers cold, warm and without a cache."""
    alone = answer(many, parallel=False, use_cache=False, monkeypatch=monkeypatch)
    assert {p.name for p in pids.iterdir()} == {str(os.getpid())}
    for p in pids.iterdir():
        p.unlink()
    collected_in = pids.parent / "inventory"
    collected_in.mkdir()
    inventory = privacy._inventory

    def noted(*args):  # the privacy rule's secrets: collected while this process runs the other rules
        (collected_in / str(os.getpid())).touch()
        return inventory(*args)

    monkeypatch.setattr(privacy, "_inventory", noted)
    cold = answer(many, parallel=True, use_cache=True, monkeypatch=monkeypatch)
    ran_in = {int(p.name) for p in pids.iterdir()}
    assert len(ran_in - {os.getpid()}) == 2  # two forked workers did the case files after the first chunk
    assert [int(p.name) for p in collected_in.iterdir()] not in ([], [os.getpid()])  # in a background process
    warm = answer(many, parallel=True, use_cache=True, monkeypatch=monkeypatch)
    uncached = answer(many, parallel=True, use_cache=False, monkeypatch=monkeypatch)
    assert cold == warm == uncached == alone
    lines = [line for line, *_ in alone]
    folder = "cases/2026/"
    assert [line for line in lines if not line.startswith((f"{folder}XF-2026-0001", "schedules/"))] == [
        f"{folder}XF-2026-0004.yaml:9:7: YAML 格式错误：方括号列表 [ ] 没有正确结束：缺少逗号或“]”（含逗号、冒号的文字请加引号）",
        f"{folder}XF-2026-0007.yaml:15:9: 办理状态 status：“finished” 不是可选的值；可选：registered（已登记）、accepted（已受理）、"
        "assigned（已交办）、concluded（已办结）、not_accepted（不予受理）",
        f"{folder}XF-2026-0009.yaml:14:11: 受理日期 accepted：“2026-05-01” 早于收到日期 2026-05-06",
        f"{folder}XF-2026-0012.yaml:11:21: 警告：公开标题 title：公开字段含信访人的电话 139****5678；请从公开内容中删除",
        f"{folder}XF-2026-0015.yaml:16:9: 责任单位 units：“U-NONE” 不存在：reference/units.yaml 中没有这个单位",
        f"{folder}XF-2026-0020.yaml:25:11: 日期 date：“2026-06-19” 早于前一条记录或收到日期 2026-06-20：办理记录须按日期先后排列",
    ]
    assert "13912345678" not in "\n".join(lines)


def test_a_worker_sees_the_holiday_calendar_and_the_date(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker is forked after the union's holiday file was put to use: the Sunday 2027-02-14 that its 2027 file
    makes a working day is one there too, and the date of the check is the same. (Checked to fail: a worker
    that reset the calendar, ``rules.use_calendar(None)``, as one forked before ``registry.rules_before()`` would
    have it, answered False.)"""
    holidays = many / "reference" / "holidays"
    holidays.mkdir()
    shutil.copy(PROJECT / "reference" / "holidays" / "2027.yaml", holidays / "2027.yaml")

    def probe(ctx, src):
        if src.path.endswith("XF-2026-0003.yaml"):
            yield warning(src.path, f"probe {ctx.today} {rules.is_workday(date(2027, 2, 14))}", ("id",))

    declared = registry.file_rules()
    monkeypatch.setattr(registry, "file_rules", lambda: [*declared, registry.Rule(probe, ("case",), "probe")])
    said = [[line for line, *_ in answer(many, parallel, False, monkeypatch) if "probe" in line]
            for parallel in (False, True)]
    assert said[0] == said[1] == ["cases/2026/XF-2026-0003.yaml:2:5: 警告：probe 2026-07-01 True"]


def test_a_killed_worker_costs_time_never_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies (the system's out-of-memory killer) does not hang the check or lose a file: what was
    not answered yet is done in this process. Checked to fail: without the ``except BrokenProcessPool`` the run
    raised ``BrokenProcessPool`` (a traceback for the editor)."""
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    monkeypatch.setattr(workers, "CHUNK", 2)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    parent = os.getpid()

    def work(i: int) -> int:
        if i == 7 and os.getpid() != parent:
            os._exit(9)  # as if killed
        return i * i

    assert workers.run(list(range(12)), work) == [i * i for i in range(12)]


def test_no_workers_beside_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """With another thread alive (``serve``'s HTTP server) ``count`` forks no workers, whatever the amount of work;
    without one it uses both cores. Checked to fail: with the ``other_threads`` check removed from ``count`` the
    first assertion gives 2."""
    monkeypatch.setattr(workers, "cores", lambda: 2)
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait, daemon=True)
    helper.start()
    try:
        assert workers.count(10_000) == 0
    finally:
        stop.set()
        helper.join()
    monkeypatch.setattr(workers, "other_threads", lambda: False)
    assert workers.count(10_000) == 2


def test_a_rule_that_fails_leaves_no_background_process(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The privacy rule's search starts in a background process when the files are read (``Context.begin``); a
    rule across files that fails before the privacy rule takes it (a programming error: the CLI reports it) stops
    that process too, and reaps it. Checked to fail: without ``Context.end`` in ``_check_repository``'s
    ``finally``, the search's process was still alive after the error."""
    import multiprocessing

    def broken(ctx):
        raise RuntimeError("a rule's own error")

    declared = registry.repository_rules()
    monkeypatch.setattr(registry, "repository_rules", lambda: [registry.Rule(broken, (), "broken"), *declared])
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    monkeypatch.setattr(workers, "other_threads", lambda: False)
    rules.use_calendar(None)
    with pytest.raises(RuntimeError, match="a rule's own error"):
        validate.check_repository(Paths.at(many), TODAY, model=False, use_cache=False)
    assert multiprocessing.active_children() == []


def test_a_very_large_repository_searches_without_the_background_process(many: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Above ``privacy.BACKGROUND_UP_TO`` records the privacy search is not started in a background process (its
    copies of the shared memory pages would cost more memory than the time it saves is worth; issue 20's budget
    at 100,000 cases): nothing is forked when the files are read, and the answer is the same. Checked to fail:
    with the upper bound left out of ``_Search``'s condition, a background process was started."""
    started: list[object] = []
    later = workers.Later

    def noted(*args, **kwargs):
        made = later(*args, **kwargs)
        started.append(made.process)
        return made

    monkeypatch.setattr(workers, "Later", noted)
    monkeypatch.setattr(privacy, "BACKGROUND_UP_TO", 10)  # the many repository has 26 cases and some receptions
    few = answer(many, parallel=True, use_cache=False, monkeypatch=monkeypatch)
    assert started and all(process is None for process in started)
    started.clear()
    monkeypatch.setattr(privacy, "BACKGROUND_UP_TO", 10**6)
    assert answer(many, parallel=True, use_cache=False, monkeypatch=monkeypatch) == few
    assert started and all(process is not None for process in started)
