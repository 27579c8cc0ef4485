"""``xinfang internal`` on the demo data as of 2026-11-26: golden files, totals counted again from the YAML,
the refusal to write inside the public site, escaping, and one A4 page per printed form and report.

Golden files live in ``tests/golden/internal/``; after a deliberate change of layout or wording, rewrite them
with ``XINFANG_UPDATE_GOLDEN=1 python -m pytest -q tests/test_internal.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import DEMO_TODAY, PROJECT, copy_demo, edit
from generator.cli import cli

GOLDEN = Path(__file__).resolve().parent / "golden" / "internal"
UPDATE = os.environ.get("XINFANG_UPDATE_GOLDEN") == "1"

# One of each form (all five from XF-2025-0004, plus an unanswered supervision) and every report.
PINNED = (
    "forms/XF-2025-0004/registration.html", "forms/XF-2025-0004/assignment-1.html",
    "forms/XF-2025-0004/supervision-1.html", "forms/XF-2025-0004/conclusion.html",
    "forms/XF-2025-0004/meeting-1.html", "forms/XF-2026-0016/supervision-2.html",
    "chairman-letters-2026Q3.html", "chairman-letters-2026Q3.csv", "chairman-letters-2026Q3-totals.csv",
    "supervision.html", "supervision.csv",
    "compliance-2026.html", "compliance-2026.csv", "compliance-2026-periods.csv", "compliance-2026-changes.csv",
    "summary-2026.html", "summary-2026.csv", "summary-2026-receptions.csv", "report-2026.html", "report-2026.csv",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A copy of the demo data (built once for this module)."""
    return copy_demo(tmp_path_factory.mktemp("internal") / "demo")


@pytest.fixture(scope="module")
def out(demo: Path) -> Path:
    """The internal output of the demo data as of 2026-11-26 (quarter 2026Q3, year 2026), made once."""
    target = demo.parent / "internal-out"
    result = CliRunner().invoke(cli, ["--root", str(demo), "internal", "--today", DEMO_TODAY.isoformat(),
                                      "--out", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def out_2025(demo: Path) -> Path:
    """The same date, the first quarter of 2026 (an urgent letter) and the whole year 2025."""
    target = demo.parent / "internal-2025"
    result = CliRunner().invoke(cli, ["--root", str(demo), "internal", "--today", DEMO_TODAY.isoformat(),
                                      "--quarter", "2026Q1", "--year", "2025", "--out", str(target)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return target


def _cases(demo: Path) -> list[dict]:
    return [yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((demo / "cases").rglob("*.yaml"))]


def _receptions(demo: Path, year: int) -> list[dict]:
    return yaml.safe_load((demo / "schedules" / f"{year}.yaml").read_text(encoding="utf-8"))["receptions"]


def _labels(*pointer: str) -> dict[str, str]:
    """Labels read straight from a schema file (not through generator.schema)."""
    name, *path = pointer
    node = json.loads((PROJECT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    common = json.loads((PROJECT / "schemas" / "common.schema.json").read_text(encoding="utf-8"))
    for key in path:
        node = node["items"] if key == "[]" else node["properties"][key]
        if "$ref" in node:
            node = common["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node.get("x-enum-labels") or node["items"]["x-enum-labels"]


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no BOM"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


# ------------------------------------------------------------------ golden files

@pytest.mark.parametrize("name", PINNED)
def test_golden(out: Path, name: str, folder: Path = GOLDEN):
    made = (out / name).read_bytes()  # bytes: the CSV's BOM and CRLF line ends are part of what is pinned
    golden = folder / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(made)
    assert golden.exists(), f"no golden file {golden}; run with XINFANG_UPDATE_GOLDEN=1 once and review it"
    assert made.decode("utf-8-sig").splitlines() == golden.read_bytes().decode("utf-8-sig").splitlines(), \
        f"{name} differs from {golden.relative_to(GOLDEN.parent.parent)}"
    assert made == golden.read_bytes()


def test_every_case_has_its_forms(out: Path, demo: Path):
    """Forms follow the history: one registration each, one form per assignment, supervision, meeting."""
    rows = _csv(out / "forms.csv")[1:]
    made = Counter(re.match(r"forms/[^/]+/([a-z]+)", row[4]).group(1) for row in rows)
    cases = _cases(demo)
    entries = Counter(h["type"] for c in cases for h in c["history"])
    assert made == {"registration": len(cases), "assignment": entries["assignment"], "supervision": entries["supervision"],
                    "conclusion": sum(1 for c in cases if "conclusion" in c), "meeting": entries["meeting"],
                    "result": sum(len(c.get("result_reports", ())) for c in cases)}
    for row in rows:
        assert (out / row[4]).is_file(), row
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"四单一纪要（共 {len(rows)} 份）" in index


def test_no_external_assets(out: Path):
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"https?://|<script|<link |src=", text), page
        assert "@page { size: A4;" in text


PINNED_2025 = ("chairman-letters-2026Q1.html", "chairman-letters-2026Q1.csv", "report-2025.csv", "compliance-2025.csv")


@pytest.mark.parametrize("name", PINNED_2025)
def test_golden_2025(out_2025: Path, name: str):
    test_golden(out_2025, name, GOLDEN / "2025")


# ------------------------------------------------------------------ totals counted again from the YAML

def _closed_before(case: dict, iso: str) -> bool:
    return (case.get("conclusion", {}).get("date", "9999") < iso
            or case.get("not_accepted", {}).get("date", "9999") < iso)


def _assert_urgent_rows(rows: list[list[str]], urgent: list[dict]) -> None:
    """The urgent letters received in the quarter are marked 是, each with its reported date."""
    assert [r[0] for r in rows if r[6] == "是" and r[1] == "本季度收到"] == sorted(c["id"] for c in urgent)
    for c in urgent:
        row = next(r for r in rows if r[0] == c["id"])
        assert row[7].startswith(c["letter"]["reported"])


@pytest.mark.parametrize("quarter, start, end", [("2026Q3", date(2026, 7, 1), date(2026, 9, 30)),
                                                 ("2026Q1", date(2026, 1, 1), date(2026, 3, 31))])
def test_chairman_letters_of_the_quarter(request, demo: Path, quarter: str, start: date, end: date):
    """Rows = letters received in the quarter + letters received earlier and still open when it began
    (上季度结转); 本季度办结 counts conclusions dated inside the quarter, older letters included."""
    out = request.getfixturevalue("out" if quarter == "2026Q3" else "out_2025")
    iso = start.isoformat()
    chairman = [c for c in _cases(demo) if c.get("letter", {}).get("addressee") == "chairman"]
    new = [c for c in chairman if start <= date.fromisoformat(c["received"]) <= end]
    carried = [c for c in chairman if c["received"] < iso and not _closed_before(c, iso)]
    rows = _csv(out / f"chairman-letters-{quarter}.csv")[1:]
    assert [(r[0], r[1]) for r in rows] == [(c["id"], "上季度结转") for c in sorted(carried, key=lambda c: c["id"])] + \
        [(c["id"], "本季度收到") for c in sorted(new, key=lambda c: c["id"])]
    urgent = [c for c in new if c["letter"].get("urgent")]
    _assert_urgent_rows(rows, urgent)
    letters = carried + new
    done = [c for c in letters if iso <= c.get("conclusion", {}).get("date", "") <= min(end, DEMO_TODAY).isoformat()]
    totals = _csv(out / f"chairman-letters-{quarter}-totals.csv")
    assert totals[-1] == ["合计", str(len(letters)), str(len(urgent)), str(len(done))]
    by_topic = Counter(c["topic"] for c in letters)
    labels = _labels("case", "topic")
    assert {r[0]: int(r[1]) for r in totals[1:-1]} == {labels[t]: n for t, n in by_topic.items()}


def _plain_deadline(case: dict) -> date:
    """60 days (+ extension) from acceptance, moved past weekends only: enough for the demo's open cases."""
    due = date.fromisoformat(case["accepted"]) + timedelta(days=60 + case.get("extension", {}).get("days", 0))
    while due.weekday() >= 5:
        due += timedelta(days=1)
    return due


def test_supervision_list_matches_the_yaml(out: Path, demo: Path):
    open_cases = [c for c in _cases(demo) if "conclusion" not in c]
    overdue = sorted(c["id"] for c in open_cases if "accepted" in c and _plain_deadline(c) < DEMO_TODAY)
    late = sorted((c["id"], h["deadline"]) for c in open_cases for h in c["history"]
                  if h["type"] == "supervision" and "reported" not in h and date.fromisoformat(h["deadline"]) < DEMO_TODAY)
    rows = _csv(out / "supervision.csv")[1:]
    assert sorted(r[1] for r in rows if r[0] == "案件超期") == overdue
    assert sorted((r[1], r[5]) for r in rows if r[0] == "督办逾期") == late
    assert [r[5] for r in rows] == sorted(r[5] for r in rows)  # oldest deadline first
    for r in rows:
        assert int(r[6]) == (DEMO_TODAY - date.fromisoformat(r[5])).days


def test_compliance_counts_held_days_per_leader(out: Path, demo: Path):
    """Days = distinct half-day sessions ÷ 2, counted here from the schedule; sessions and dates beside them."""
    leaders = yaml.safe_load((demo / "reference/leaders.yaml").read_text(encoding="utf-8"))["leaders"]
    bound = [lead for lead in leaders if lead["role"] in ("chairman", "party_group", "secretariat")
             and lead["from_year"] <= 2026 <= lead.get("to_year", 9999)]
    sessions, dates = Counter(), Counter()
    held = {(r["leader"], r["date"], r["session"]) for r in _receptions(demo, 2026) if r["status"] == "held"}
    for leader_id, _day, _ in held:
        sessions[leader_id] += 1
    for leader_id, _day in {(who, d) for who, d, _ in held}:
        dates[leader_id] += 1
    rows = _csv(out / "compliance-2026.csv")[1:]
    assert [(r[0], r[4], r[5], r[6]) for r in rows] == [
        (lead["name"], f"{sessions[lead['id']] / 2:g}", str(sessions[lead["id"]]), str(dates[lead["id"]])) for lead in bound]
    # as of 2026-11-26 the year runs on: 4 sessions (2 days) or more is 达标, fewer is still 进行中
    assert [r[8] for r in rows] == ["达标" if sessions[lead["id"]] >= 4 else "进行中" for lead in bound]
    periods = _csv(out / "compliance-2026-periods.csv")[1:]
    assert [(r[0], r[2], r[3], r[5]) for r in periods] == [(lead["name"], "2026年", "2", str(sessions[lead["id"]]))
                                                           for lead in bound]
    changes = _csv(out / "compliance-2026-changes.csv")[1:]
    assert [r[0] for r in changes] == [r["id"] for r in _receptions(demo, 2026)
                                       if r["status"] in ("rescheduled", "cancelled")]


@pytest.mark.parametrize("year", [2026, 2025])
def test_yearly_figures_match_the_yaml(request, demo: Path, year: int):
    out = request.getfixturevalue("out" if year == 2026 else "out_2025")
    figures = {(g, item): value for g, item, value in _csv(out / f"report-{year}.csv")[1:]}
    held = [r for r in _receptions(demo, year) if r["status"] == "held"]
    for code, label in _labels("schedule", "receptions", "[]", "mode").items():
        assert figures[("接访场次", label)] == str(sum(1 for r in held if r["mode"] == code))
        assert figures[("接待人次", label)] == str(sum(r["attendance"] for r in held if r["mode"] == code))
    assert figures[("接访", "接待人次合计")] == str(sum(r["attendance"] for r in held))
    cases = [c for c in _cases(demo) if c["id"].startswith(f"XF-{year}-")]
    letters = [c for c in cases if c["channel"] == "letter"]
    for code, label in _labels("case", "letter", "addressee").items():
        assert figures[("来信", label)] == str(sum(1 for c in letters if c["letter"]["addressee"] == code))
    packages = [c for c in cases if "package" in c]
    for code, label in _labels("case", "package", "scope").items():
        assert figures[("包案理由", label)] == str(sum(1 for c in packages if code in c["package"]["scope"]))
    assert figures[("包案", "包案件数")] == str(len(packages))
    concluded = [c for c in cases if "conclusion" in c]
    accepted = [c for c in cases if "accepted" in c]
    assert (figures[("办理", "登记事项")], figures[("办理", "受理")], figures[("办理", "办结")]) == \
        (str(len(cases)), str(len(accepted)), str(len(concluded)))
    assert figures[("办理", "办结率")] == f"{100 * len(concluded) / len(accepted):.1f}%"
    sat = Counter(c["conclusion"].get("satisfaction") for c in concluded)
    for code, label in _labels("case", "conclusion", "satisfaction").items():
        assert figures[("评价", label)] == str(sat[code])
    summary = _csv(out / f"summary-{year}.csv")[1:]
    assert [r[0] for r in summary] == sorted(c["id"] for c in cases)


# ------------------------------------------------------------------ where it may go, what it escapes

@pytest.mark.parametrize("where", ["site", "site/internal", "site/a/b"])
def test_refuses_to_write_inside_the_public_site(minimal_repo, run, where):
    site = minimal_repo / "site"
    site.mkdir()
    (site / "index.html").write_text("public", encoding="utf-8")
    result = run(minimal_repo, "internal", "--today", "2026-07-01", "--out", str(minimal_repo / where))
    assert result.exit_code == 1
    assert result.output.startswith(f"错误：内部材料不能写入公开网站文件夹 site（{(minimal_repo / where).resolve()}）：其中含信访人信息")
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "public"


def test_refuses_a_folder_that_holds_the_site(minimal_repo, run, tmp_path):
    (minimal_repo / "site").mkdir()
    result = run(minimal_repo, "internal", "--today", "2026-07-01", "--out", str(minimal_repo))
    assert result.exit_code == 1
    assert "包含公开网站文件夹 site" in result.output


def test_default_output_is_internal_folder(minimal_repo, run):
    result = run(minimal_repo, "internal", "--today", "2026-07-01")
    assert result.exit_code == 0, result.output
    # 29 pages and tables (the quarter's urgent letters among them; 7 of them the duties' report and figures:
    # duties.html and its 4 CSV, the quarter's routes, the year's batches), and 7 .docx: 5 forms (2 registrations,
    # 2 assignments, 1 conclusion), the quarter, the year
    assert result.output.strip() == f"已生成内部材料 36 个文件：{minimal_repo.resolve() / 'internal'}（季度 2026Q2，年份 2026）"
    assert (minimal_repo / "internal/forms/XF-2026-0001/registration.html").is_file()
    assert not (minimal_repo / "site").exists()


def test_data_is_escaped(minimal_repo, run):
    edit(minimal_repo / "cases/2026/XF-2026-0001.yaml", "summary: 李测甲反映", "summary: <script>alert(1)</script>李测甲反映")
    assert run(minimal_repo, "internal", "--today", "2026-07-01").exit_code == 0
    page = (minimal_repo / "internal/forms/XF-2026-0001/registration.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;李测甲反映" in page and "<script>" not in page


def test_bad_quarter_is_a_usage_error(minimal_repo, run):
    result = run(minimal_repo, "internal", "--quarter", "2026Q5")
    assert result.exit_code == 2
    assert result.output.strip() == "错误：季度 “2026Q5” 格式不对，应写作 2026Q3（年份 + Q + 1 至 4）"


# ------------------------------------------------------------------ printing (headless Chromium)

def _pdf_pages(pdf: bytes) -> tuple[int, list[str]]:
    """Page count and media boxes of a PDF written by Chromium (uncompressed page dictionaries)."""
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    boxes = [b.decode() for b in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)]
    return pages, boxes


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed")
@pytest.mark.parametrize("name", ["forms/XF-2026-0016/supervision-2.html", "compliance-2026.html"])
def test_prints_on_one_a4_page(out: Path, tmp_path: Path, name: str):
    pdf = tmp_path / "print.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", (out / name).as_uri()], check=True, capture_output=True, timeout=120)
    pages, boxes = _pdf_pages(pdf.read_bytes())
    assert pages == 1, f"{name} prints on {pages} pages"
    width, height = (float(v) for v in boxes[0].split()[2:4])
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_guessed_holidays_are_noted_on_the_forms(out: Path):
    """XF-2026-0022's deadline falls in 2027, decided by the demo's unchecked holiday file: say so on the form,
    and every form names the calendar it used."""
    page = (out / "forms/XF-2026-0022/registration.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    note = ("2027 年节假日安排取自 reference/holidays/2027.yaml，尚未按国务院办公厅通知核对"
            "（通知文号“演示数据”，没有核对记录 checked），结果需人工核对")
    assert f"注：办结期限按规则推算，{note}。" in page
    assert f"注意：{note}。" in index
    assert ("节假日依据：2026 年 国务院办公厅节假日安排（chinesecalendar 1.11.0）；"
            "2027 年 本会节假日文件 reference/holidays/2027.yaml（演示数据，未核对）。") in page
    old = (out / "forms/XF-2025-0004/registration.html").read_text(encoding="utf-8")
    assert "需人工核对" not in old
    assert "节假日依据：2025 年 国务院办公厅节假日安排（chinesecalendar 1.11.0）。" in old


def test_csv_cells_never_start_a_formula(minimal_repo, run):
    edit(minimal_repo / "cases/2026/XF-2026-0002.yaml", "result: 企业补签", "result: =HYPERLINK(\"x\")企业补签")
    assert run(minimal_repo, "internal", "--today", "2026-07-01").exit_code == 0
    rows = _csv(minimal_repo / "internal/summary-2026.csv")
    assert rows[2][0] == "XF-2026-0002"
    assert rows[2][10] == "'=HYPERLINK(\"x\")企业补签劳动合同并支付二倍工资差额。"
