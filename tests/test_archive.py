"""Yearly archives: the three files, their checksums, the divergence warning and the public archive pages."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from conftest import TODAY, edit
from generator.archive import site_contribution
from generator.config import Paths
from generator.errors import OutputError
from generator.schema import schema
from generator.site.contrib import SiteContext
from generator.validate import check_repository

FILED = "2026-07-01"


def _file(run, root: Path, *extra: str):
    return run(root, "archive", "2026", "--today", FILED, "--force", *extra)


def _keys(value: Any, pointer: tuple = ()) -> Iterator[tuple]:
    """Every key path of a JSON value (list positions as 0, the schema's item pointer)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*pointer, key)
            yield from _keys(item, (*pointer, key))
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item, (*pointer, 0))


def _private_texts(root: Path) -> list[str]:
    """Petitioner details and internal texts, read straight from the YAML (not through the code under test)."""
    found = []
    for file in sorted((root / "cases").rglob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for person in data["petitioners"]:
            found += [v for v in person.values() if isinstance(v, str)]
        found += [data["summary"]] + [h["note"] for h in data["history"] if "note" in h]
        if "conclusion" in data:
            found.append(data["conclusion"]["result"])
    return found


def test_archive_writes_three_files_with_matching_checksums(minimal_repo, run):
    result = _file(run, minimal_repo)
    assert result.exit_code == 0, result.output
    folder = minimal_repo / "archives" / "2026"
    assert sorted(p.name for p in folder.iterdir()) == ["MANIFEST.json", "internal.json", "public.json"]
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["year"] == 2026 and manifest["filed"] == FILED
    for name in ("public.json", "internal.json"):
        assert manifest["files"][name] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
    assert sorted(manifest["sources"]) == ["cases/2026/XF-2026-0001.yaml", "cases/2026/XF-2026-0002.yaml",
                                           "schedules/2026.yaml"]
    case_file = minimal_repo / "cases/2026/XF-2026-0001.yaml"
    assert manifest["sources"]["cases/2026/XF-2026-0001.yaml"] == hashlib.sha256(case_file.read_bytes()).hexdigest()
    assert result.output.splitlines()[0].startswith("已归档 2026 年：archives/2026/（3 个源文件，public.json sha256 ")


def test_archive_records_the_git_commit(minimal_repo, run):
    import subprocess
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=minimal_repo, check=True)
    subprocess.run(["git", "add", "."], cwd=minimal_repo, check=True)
    subprocess.run([*git, "commit", "-qm", "data"], cwd=minimal_repo, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=minimal_repo, capture_output=True, text=True).stdout.strip()
    assert _file(run, minimal_repo).exit_code == 0
    manifest = json.loads((minimal_repo / "archives/2026/MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["commit"] == head and len(head) == 40


def test_refiling_is_refused_without_replace(minimal_repo, run):
    assert _file(run, minimal_repo).exit_code == 0
    before = (minimal_repo / "archives/2026/public.json").read_bytes()
    result = _file(run, minimal_repo)
    assert result.exit_code == 1
    assert "archives/2026 已归档，未做任何改动" in result.output
    assert (minimal_repo / "archives/2026/public.json").read_bytes() == before
    assert _file(run, minimal_repo, "--replace").exit_code == 0


def test_editing_a_filed_case_warns_with_its_position(minimal_repo, run):
    assert _file(run, minimal_repo).exit_code == 0
    clean = run(minimal_repo, "validate", "--today", TODAY.isoformat())
    assert "归档" not in clean.output
    edit(minimal_repo / "cases/2026/XF-2026-0002.yaml", "企业补签劳动合同", "企业已补签劳动合同")
    result = run(minimal_repo, "validate", "--today", TODAY.isoformat())
    assert result.exit_code == 0  # a warning: the record may be right, the archive is what diverged
    lines = [line for line in result.output.splitlines() if "归档" in line]
    assert lines == ["cases/2026/XF-2026-0002.yaml:2:5: 警告：2026 年已于 2026-07-01 归档，此文件在归档后被修改："
                     "归档数据与案卷不一致（如确需更正，请重新归档：xinfang archive 2026 --replace）"]


def test_crlf_checkout_is_not_an_edit(minimal_repo, run):
    assert _file(run, minimal_repo).exit_code == 0
    case_file = minimal_repo / "cases/2026/XF-2026-0001.yaml"
    case_file.write_bytes(case_file.read_bytes().replace(b"\n", b"\r\n"))
    result = run(minimal_repo, "validate", "--today", TODAY.isoformat())
    assert "归档" not in result.output


def test_a_case_added_to_a_filed_year_warns(minimal_repo, run):
    assert _file(run, minimal_repo).exit_code == 0
    new = minimal_repo / "cases/2026/XF-2026-0003.yaml"
    new.write_text((minimal_repo / "cases/2026/XF-2026-0002.yaml").read_text(encoding="utf-8")
                   .replace("XF-2026-0002", "XF-2026-0003"), encoding="utf-8")
    result = run(minimal_repo, "validate", "--today", TODAY.isoformat())
    assert "cases/2026/XF-2026-0003.yaml:2:5: 警告：2026 年已于 2026-07-01 归档，此事项是归档后新增的，未包含在归档数据中" \
        in result.output.splitlines()


def test_public_archive_holds_no_internal_field(minimal_repo, run):
    assert _file(run, minimal_repo).exit_code == 0
    text = (minimal_repo / "archives/2026/public.json").read_text(encoding="utf-8")
    public = json.loads(text)
    case_schema = schema("case")
    assert [c["id"] for c in public["cases"]] == ["XF-2026-0001"]  # the one published package
    for case in public["cases"]:
        for pointer in _keys(case):
            assert (case_schema.at(pointer) or {}).get("x-public") is True, pointer
    reception_schema = schema("schedule")
    for rec in public["receptions"]:
        for pointer in _keys(rec):
            assert (reception_schema.at(("receptions", 0, *pointer)) or {}).get("x-public") is True, pointer
    for secret in _private_texts(minimal_repo):
        assert secret not in text, secret
    # published packages only; the withheld ones (none here) as one total (issue 13 item 5)
    assert public["statistics"]["packages_published"] == 1 and public["statistics"]["packages_withheld"] == 0
    assert public["statistics"]["published_by_topic"] == {"wages": 1} and public["statistics"]["workers_received"] == 4


def test_internal_archive_keeps_the_internal_summary(minimal_repo, run):
    assert _file(run, minimal_repo).exit_code == 0
    internal = json.loads((minimal_repo / "archives/2026/internal.json").read_text(encoding="utf-8"))
    rows = internal["summary"]["rows"]
    assert [r["case_id"] for r in rows] == ["XF-2026-0001", "XF-2026-0002"]
    assert rows[0]["petitioners"] == "李测甲（测试精密机械有限公司）"
    assert internal["summary"]["concluded"] == 1 and internal["summary"]["conclusion_rate"] == "50.0%"


def test_site_pages_come_from_the_filed_data(minimal_repo, run):
    assert _file(run, minimal_repo).exit_code == 0
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", "title: 某机械企业拖欠工资问题", "title: 某机械企业拖欠工资问题（更正）")
    paths = Paths.at(minimal_repo)
    checked = check_repository(paths, TODAY)
    assert checked.repository is not None
    contribution = site_contribution(SiteContext(paths, checked.repository, date(2026, 11, 26)))
    assert sorted(contribution.docs) == ["archive/2026/filed.md"]
    assert sorted(contribution.files) == ["archive/2026/public.json"]
    page = contribution.docs["archive/2026/filed.md"]
    assert ("<tr>\n<td>XF-2026-0001</td>\n<td>某机械企业拖欠工资问题</td>\n<td>工资待遇</td>\n<td>河北省石家庄市</td>\n"
            "<td>赵测试</td>\n<td>已交办</td>\n<td>—</td>\n</tr>") in page
    assert "更正" not in page
    published = contribution.files["archive/2026/public.json"]
    assert published == (minimal_repo / "archives/2026/public.json").read_bytes()
    for secret in _private_texts(minimal_repo):
        assert secret not in page and secret not in published.decode("utf-8"), secret


def test_a_tampered_public_file_is_not_published(minimal_repo, run):
    assert _file(run, minimal_repo).exit_code == 0
    public = minimal_repo / "archives/2026/public.json"
    public.write_text(public.read_text(encoding="utf-8").replace("石家庄市", "改动市"), encoding="utf-8")
    paths = Paths.at(minimal_repo)
    checked = check_repository(paths, TODAY)
    with pytest.raises(OutputError) as caught:
        site_contribution(SiteContext(paths, checked.repository, TODAY))
    assert str(caught.value) == "archives/2026/public.json 与归档清单中的校验和不符（归档后被改动），拒绝发布"


def test_built_demo_site_publishes_the_filed_year(demo_site):
    """The committed archives/2025 of the demo data, through the real build (and its leak guard)."""
    from conftest import PROJECT
    filed = PROJECT / "archives" / "2025" / "public.json"
    if not filed.exists():
        pytest.skip("the demo year 2025 is not filed in this checkout")
    site = demo_site / "site"
    assert (site / "archive/2025/public.json").read_bytes() == filed.read_bytes()
    page = (site / "archive/2025/filed/index.html").read_text(encoding="utf-8")
    digest = hashlib.sha256(filed.read_bytes()).hexdigest()
    assert f"sha256 <code>{digest}</code>" in page
    assert "2025 年归档" in page and "XF-2025-0004" in page
    for secret in _private_texts(demo_site):
        if len(secret) >= 2:
            assert secret not in page, secret


def test_a_year_without_data_is_refused(minimal_repo, run):
    result = run(minimal_repo, "archive", "2019", "--today", FILED)
    assert result.exit_code == 1
    assert result.output.strip() == "错误：2019 年没有案卷也没有接访计划，无可归档"
    assert not (minimal_repo / "archives").exists()


def test_a_deleted_filed_case_and_a_broken_manifest_warn(minimal_repo, run):
    assert _file(run, minimal_repo).exit_code == 0
    (minimal_repo / "cases/2026/XF-2026-0002.yaml").unlink()
    result = run(minimal_repo, "validate", "--today", TODAY.isoformat())
    assert "archives/2026/MANIFEST.json:1:1: 警告：已归档的文件 cases/2026/XF-2026-0002.yaml 已不存在：" \
           "2026 年归档数据与案卷不一致" in result.output.splitlines()
    (minimal_repo / "archives/2026/MANIFEST.json").write_text("{", encoding="utf-8")
    result = run(minimal_repo, "validate", "--today", TODAY.isoformat())
    assert "archives/2026/MANIFEST.json:1:1: 警告：归档清单无法读取或格式不对，无法核对归档后的改动" in result.output.splitlines()
