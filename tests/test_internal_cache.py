"""The forms' .docx kept between runs of ``xinfang internal`` (``internal._docx``, cache ``docx``): a run after one
changed case makes only that case's forms again, and what it writes is byte for byte what ``--no-cache`` writes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import DEMO_TODAY, edit, tree

from generator.internal import documents

CASE = "cases/2026/XF-2026-0001.yaml"


@pytest.mark.usefixtures("own_cache_key")
def test_a_changed_case_makes_only_its_forms_again(demo_repo: Path, run, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards the key of the .docx cache (the tool's digest and the form's whole content). Checked to fail: with
    the key made from the form's file name instead of its content, the changed case's forms were not made again
    (their .docx kept the old title)."""
    made: list[str] = []
    original = documents.form_docx
    monkeypatch.setattr(documents, "form_docx", lambda form, author: made.append(form.file) or original(form, author))

    def internal(name: str, *extra: str) -> dict[str, bytes]:
        made.clear()
        result = run(demo_repo, "internal", "--today", DEMO_TODAY.isoformat(), "--out", str(tmp_path / name), *extra)
        assert result.exit_code == 0, result.output
        return tree(tmp_path / name)

    first = internal("first")
    forms = [row["文件"] for row in csv.DictReader(io.StringIO(first["forms.csv"].decode("utf-8-sig")))]
    assert len(made) == len(forms) == 184
    assert internal("again") == first and made == []
    edit(demo_repo / CASE, "title: 住宅项目瓦工班组春节前被拖欠工资", "title: 住宅项目瓦工班组春节前被拖欠三个月工资")
    changed = internal("changed")
    own = sorted(f for f in forms if f.startswith("forms/XF-2026-0001/"))
    assert len(own) >= 3 and sorted(made) == own
    assert changed == internal("clean", "--no-cache")
    assert len(made) == 184  # --no-cache: every form made afresh
    docx = [f.removesuffix(".html") + ".docx" for f in forms]
    # the forms that show the case's title (the others were made again with the same bytes)
    assert sorted(f for f in docx if changed[f] != first[f]) == ["forms/XF-2026-0001/registration.docx",
                                                                 "forms/XF-2026-0001/result-report-1.docx",
                                                                 "forms/XF-2026-0001/supervision-1.docx"]
