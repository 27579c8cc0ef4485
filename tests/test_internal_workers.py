"""The internal forms' .docx made in worker processes are the ones made in one process, byte for byte.

``xinfang internal`` writes each form's .docx through ``workers.run`` (about 25 ms a form; 30,000 forms at 10,000
cases), over every core when there are many. The demo's 184 forms are below the threshold, so the test lowers it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import DEMO_TODAY, copy_demo

from generator import workers
from generator.config import Paths
from generator.internal import _form_files
from generator.internal.names import Names
from generator.validate import check_repository


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> Names:
    root = copy_demo(tmp_path_factory.mktemp("forms-workers") / "demo")
    checked = check_repository(Paths.at(root), DEMO_TODAY, use_cache=False)
    assert checked.repository is not None
    return Names(checked.repository)


def test_forms_made_by_workers_equal_those_made_here(names: Names, monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    """Every form file (HTML, .docx, forms.csv) the same both ways, and the .docx really made in two other
    processes (each notes its pid). Checked to fail: with each chunk's results put out of order in
    ``workers.run`` (``done.extend(reversed(results))``), the comparison lists the misplaced .docx."""
    alone, _ = _form_files(names, DEMO_TODAY)
    from generator.internal import documents

    made_in = tmp_path / "pids"
    made_in.mkdir()
    original = documents.form_docx

    def noting(form, author):
        (made_in / str(os.getpid())).touch()
        return original(form, author)

    monkeypatch.setattr(documents, "form_docx", noting)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    monkeypatch.setattr(workers, "other_threads", lambda: False)  # pytest-xdist's own threads
    spread, _ = _form_files(names, DEMO_TODAY)
    assert len(alone) == 2 * 184 + 1
    assert [name for name in alone if alone[name] != spread.get(name)] == []
    assert list(alone) == list(spread)
    assert len({int(p.name) for p in made_in.iterdir()} - {os.getpid()}) == 2
