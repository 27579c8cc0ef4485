"""The registry (``generator/registry.py``): every rule, page, data file and report declared once, found by the pipeline.

The main test extends a temporary copy of the tool the way docs/ARCHITECTURE.md tells a newcomer to: a field
(one schema file), a rule (one new module), a page (one module and its template) and a report (one module),
without touching any other file, and sees each of them in ``xinfang validate``, in the navigation and sitemap
of the built site, and in the internal CSV — exact lines and bytes.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL, PROJECT

from generator import registry

CLI = ("generator.cli", "generator.cli_zh", "generator.__main__", "generator.commands")


def _all_modules() -> list[str]:
    names = []
    for file in sorted((PROJECT / "generator").rglob("*.py")):
        parts = file.relative_to(PROJECT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if not any(name == c or name.startswith(c + ".") for c in CLI):
            names.append(name)
    return names


def test_every_declaration_is_one_the_scan_finds() -> None:
    """Guards the discovery: a declaration written so that the source scan misses it (``from .registry import
    rule``, an alias) would silently never run. Checked: with ``@registry.rule`` renamed ``@reg.rule`` in
    routes.py (``from . import registry as reg``), routes.py is missing from the scan and this test fails."""
    for name in _all_modules():
        importlib.import_module(name)
    scanned = registry.declaring_modules()
    declared = registry._declared
    kinds_of = [(r.check, "rule" if r.kinds else "repository_rule") for r in declared.rules.values()]
    kinds_of += [(f, "before_rules") for f in declared.before.values()]
    kinds_of += [(p.render, "page") for p in declared.pages.values()]
    kinds_of += [(d.render, "data_file") for d in declared.data_files.values()]
    kinds_of += [(r.render, "report") for r in declared.reports.values()]
    unseen = [f"{func.__module__}.{func.__name__} ({kind})" for func, kind in kinds_of
              if kind not in scanned.get(func.__module__, frozenset())]
    assert unseen == []
    assert sorted(scanned) == ["generator.approvals", "generator.archive", "generator.duties", "generator.fixed",
                               "generator.guide", "generator.holidays", "generator.init", "generator.internal",
                               "generator.internal.duty_reports", "generator.level_rules", "generator.lookup",
                               "generator.meetings",
                               "generator.privacy", "generator.promptness", "generator.querycode",
                               "generator.reception_duties",
                               "generator.regions", "generator.reviews", "generator.routes", "generator.scaffold",
                               "generator.site.advice", "generator.site.data", "generator.site.pages",
                               "generator.site.receptions_data", "generator.site.search", "generator.site.settings",
                               "generator.validate"]


def test_no_rule_filters_its_own_record_kind() -> None:
    """A rule names its record kinds in its declaration; none begins with ``if src.kind != "case": return``.
    Checked: with that line put back into routes.case_route this test lists it."""
    filtering = [r.name for r in registry.file_rules() if re.search(r"if src\.kind (!=|==)", inspect.getsource(r.check))]
    assert filtering == []
    kinds = {r.name: r.kinds for r in registry.file_rules()}
    assert kinds["placeholders"] == ("case", "schedule") and kinds["schedule_receptions"] == ("schedule",)
    assert kinds["case_region"] == ("case",)


def test_navigation_comes_from_the_declared_pages() -> None:
    """The navigation is the declared pages with a title, in their order (was four lists kept in step by hand)."""
    listed = [(p.title, p.path) for p in registry.pages() if p.title]
    assert listed == [("首页", "index.md"), ("包案事项", "cases/index.md"), ("接访安排", "receptions/index.md"),
                      ("统计", "stats/index.md"), ("领导", "leaders/index.md"), ("年度归档", "archive/index.md"),
                      ("开放数据", "data/index.md"), ("关于", "about.md"), ("本站如何维护", "editing/index.md"),
                      ("办理进度查询", "lookup/index.md")]
    assert [d.path for d in registry.data_files()] == ["data/cases.csv", "data/cases.json", "data/cases.schema.json",
                                                       "data/receptions.json", "data/receptions.schema.json",
                                                       "feed.xml", "receptions.ics", "robots.txt",
                                                       "search/titles.json"]
    assert [r.name for r in registry.reports()] == ["letters_report", "supervision_report", "duties_tracking",
                                                    "compliance_report", "year_reports"]


def _imports(module: Path) -> set[str]:
    """The modules a file imports at run time (``if TYPE_CHECKING:`` blocks left out)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or "") + ":" + ",".join(a.name for a in node.names))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_validation_imports_none_of_the_modules_whose_rules_it_runs() -> None:
    """validate.py imports no rule module (archive, lookup, privacy, scaffold, site …): the registry finds them
    (``levels`` is a lookup of what the schemas say of each level, its rule lives in ``level_rules``);
    and archive.py does not import validate at run time (the circle is gone)."""
    own = sorted(u for u in _imports(PROJECT / "generator" / "validate.py") if u.startswith("."))
    assert own == [".:levels,registry,rules,workers", ".cache:Store,digest,problem_of,problem_row,tool_digest",
                   ".config:Paths,require_repository",
                   ".errors:Pointer,Problem,error,has_errors", ".loader:locate,parse_text,parsed_file,read_text",
                   ".model:Case,Leader,Reception,Repository,Union,Unit,parse_date,reception_slot",
                   ".schema:FieldRule,Template,schema,values_at_each"]
    assert [u for u in _imports(PROJECT / "generator" / "archive.py") if "validate" in u] == []


# -- a newcomer's four changes, in a copy of the tool --------------------------------------------------------

RULE = '''"""高风险事项须领导包案 (a rule on cases)."""

from . import registry
from .errors import warning
from .schema import schema


@registry.rule("case")
def high_risk_packaged(ctx, src):
    """A high-risk case (风险等级 high) is taken by a leader (包案)."""
    if src.data.get("risk") == "high" and "package" not in src.data:
        label = schema("case").labels(("risk",))["high"]
        yield warning(src.path, f"{schema('case').field_name(('risk',))}：{label}事项应由领导包案", ("risk",), "risk")
'''

PAGE = '''"""风险提示: a public page with the count of published cases (nothing about a petitioner)."""

from .. import registry
from .pages import render


@registry.page("risk/index.md", title="风险提示", order=75)
def risk_page(site):
    return {"risk/index.md": render("risk.md.j2", count=len(site.view.cases))}
'''

TEMPLATE = '''{%- from "_macros.j2" import front -%}
{{ front("风险提示") }}
<div class="xf-risk">
<h1 id="risk">风险提示</h1>
<p>公开的包案事项 {{ count }} 件。</p>
</div>
'''

REPORT = '''"""风险等级清单 (an internal report): every case with its risk level, labelled by the schema."""

from .. import registry
from ..schema import schema
from . import ReportLink, ReportOutput
from .render import csv_bytes


@registry.report(order=50)
def risk_report(ctx):
    labels = schema("case").labels(("risk",))
    rows = [(c.id, c.title, labels.get(c.raw.get("risk", ""), "未评估")) for c in ctx.names.repo.cases]
    return ReportOutput({"risk.csv": csv_bytes(("编号", "事项", "风险等级"), rows)},
                        [ReportLink("风险等级清单", "risk.csv", ())])
'''

FIELD = {"title": "风险等级", "description": "信访事项的风险等级（内部）。", "type": "string", "enum": ["low", "high"],
         "x-enum-labels": {"low": "一般风险", "high": "高风险"}}


def _copy_of_the_tool(root: Path) -> Path:
    """The package, its schemas and the editors' guide, as a checkout has them."""
    shutil.copytree(PROJECT / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT / "schemas", root / "schemas")
    (root / "docs").mkdir()
    shutil.copy(PROJECT / "docs" / "editors-guide.md", root / "docs" / "editors-guide.md")
    return root


def _xinfang(tool: Path, repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tool), "SOURCE_DATE_EPOCH": "1782864000",
           "XINFANG_PAGEFIND": str(PROJECT / "node_modules" / ".bin" / "pagefind")}  # the copy has no node_modules
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=600)


def test_a_field_a_rule_a_page_and_a_report_in_one_or_two_files_each(tmp_path: Path) -> None:
    """Guards the promise of docs/ARCHITECTURE.md (issue 19.1): each extension lands in one or two files and the
    pipeline finds it. Checked: without its ``@registry.…`` line each addition is missing from its output and the
    matching assertion fails (tried: the rule undeclared, the validate output lacked its line; the page without a
    title, the navigation lacked risk/)."""
    tool = _copy_of_the_tool(tmp_path / "tool")
    # 1. a field: one file (the schema)
    case_schema = tool / "schemas" / "case.schema.json"
    data = json.loads(case_schema.read_text(encoding="utf-8"))
    data["properties"]["risk"] = FIELD
    case_schema.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    # 2. a rule: one file; 3. a page: two files (module, template); 4. a report: one file
    (tool / "generator" / "risk.py").write_text(RULE, encoding="utf-8")
    (tool / "generator" / "site" / "risk.py").write_text(PAGE, encoding="utf-8")
    (tool / "generator" / "templates" / "site" / "risk.md.j2").write_text(TEMPLATE, encoding="utf-8")
    (tool / "generator" / "internal" / "risk.py").write_text(REPORT, encoding="utf-8")

    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo)
    case = repo / "cases" / "2026" / "XF-2026-0002.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("topic: labor_contract\n",
                                                             "topic: labor_contract\nrisk: high\n"), encoding="utf-8")
    (repo / "mkdocs.yml").write_text("site_url: https://xf.example.org/\n", encoding="utf-8")

    checked = _xinfang(tool, repo, "validate", "--today", "2026-07-01")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == (
        "cases/2026/XF-2026-0001.yaml:19:9: 警告：办理状态 status：已超期：办结期限 2026-05-11，截至 2026-07-01 仍未办结\n"
        "cases/2026/XF-2026-0001.yaml:22:11: 警告：包案领导 leader：包案以来（2026-03-12）责任单位尚未向包案领导反馈进展，"
        "已 111 天（至少每 30 天一次，在办理记录中记为 type: progress）\n"
        "cases/2026/XF-2026-0001.yaml:23:10: 警告：包案日期 since：包案已 111 天，尚未制订包案实施方案 plan"
        "（包案之日起 15 天内，即 2026-03-27 前）\n"
        "cases/2026/XF-2026-0002.yaml:9:7: 警告：风险等级 risk：高风险事项应由领导包案\n"
        "schedules/2026.yaml:21:13: 警告：状态 status：接访日期 2026-04-14 已过，请把状态改为已接访、已改期或已取消\n"
        "校验通过：6 个文件，5 处警告。\n")

    built = _xinfang(tool, repo, "build", "--today", "2026-07-01", "--out", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    site = tmp_path / "site"
    assert (site / "risk" / "index.html").read_text(encoding="utf-8").count("公开的包案事项 1 件。") == 1
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link">', home)
    assert list(dict.fromkeys(nav)) == ["cases/", "receptions/", "stats/", "leaders/", "archive/", "data/", "risk/",
                                        "about/", "editing/", "lookup/"]  # 首页 is the site name's link
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://xf.example.org/risk/</loc>" in sitemap

    made = _xinfang(tool, repo, "internal", "--today", "2026-07-01", "--out", str(tmp_path / "internal"))
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "internal" / "risk.csv").read_bytes() == (
        "\ufeff编号,事项,风险等级\r\n"
        "XF-2026-0001,某机械企业拖欠工资问题,未评估\r\n"
        "XF-2026-0002,未签订劳动合同问题,高风险\r\n").encode("utf-8")
    assert '<tr><td>风险等级清单</td><td><a href="risk.csv">risk.csv</a></td><td></td><td>—</td></tr>' in (tmp_path / "internal" / "index.html").read_text(encoding="utf-8")
