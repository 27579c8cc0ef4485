"""Publishing surfaces (issue 13): every path around the case data that publishes or writes is safe.

Each test says what it guards and how it was seen to fail with the protection removed.
"""

from __future__ import annotations

import time
from pathlib import Path

import generator.loader as loader
from generator.config import Paths
from generator.errors import Problem
from generator.validate import place


# -- 8. placing N problems of one file is one parse ------------------------------------------------------

def test_many_problems_in_one_file_are_placed_with_one_parse(tmp_path: Path, monkeypatch) -> None:
    """Guards against a denial of service: ``validate.place`` used to parse the whole file again for every
    problem (4,000 bad entries in one file took 275 s). Checked: with the old per-problem
    ``locate_in_file`` loop restored, ``parses`` is 3,000 and the test fails."""
    n = 3000
    lines = ["id: XF-2026-0001", "history:"]
    for i in range(n):
        lines += [f'  - date: "2026-02-{30 + i % 2}"', "    type: registration"]
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "big.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    parses = 0
    real = loader._compose

    def counting(text: str, shown: str):
        nonlocal parses
        parses += 1
        return real(text, shown)

    monkeypatch.setattr(loader, "_compose", counting)
    problems = [Problem("cases/big.yaml", 0, 0, f"坏日期 {i}", pointer=("history", i, "date"))
                for i in reversed(range(n))]
    start = time.perf_counter()
    placed = place(Paths.at(tmp_path), problems)
    seconds = time.perf_counter() - start
    assert parses == 1
    assert [(p.line, p.col) for p in placed[:2]] == [(3, 11), (5, 11)]
    assert (placed[-1].line, placed[-1].message) == (2 * n + 1, f"坏日期 {n - 1}")
    assert seconds < 10, f"placing {n} problems took {seconds:.1f} s"


# -- 7. other leaks of identity ----------------------------------------------------------------------------

def test_reopens_names_only_a_published_case(minimal_repo: Path) -> None:
    """Guards the public JSON: ``reopens`` used to name the withheld or unpackaged case a published one
    reopens, telling the public that it exists. Checked: without ``_without_hidden_links`` the first
    assertion fails (``XF-2025-0009`` is in the record)."""
    from conftest import TODAY
    from generator.public import public_data
    from generator.validate import check_repository

    repository = check_repository(Paths.at(minimal_repo), TODAY).repository
    (case,) = [c for c in repository.cases if c.id == "XF-2026-0001"]
    case.raw["reopens"] = "XF-2025-0009"  # not a published package
    assert "reopens" not in public_data(repository, TODAY).cases[0].data
    case.raw["reopens"] = "XF-2026-0001"  # a published package may be named
    assert public_data(repository, TODAY).cases[0].data["reopens"] == "XF-2026-0001"


# -- 6. output folders -------------------------------------------------------------------------------------

def test_internal_output_is_refused_into_or_under_a_site_built_elsewhere(minimal_repo: Path, run, tmp_path: Path) -> None:
    """Guards the web root: a site built with ``--out`` somewhere else carries a marker file, and internal
    output (petitioners' details) is refused into it and under it. Checked: with the marker check removed
    from ``internal.check_location`` the internal command succeeds and writes into the web root."""
    from generator.output import SITE_MARKER

    www = tmp_path / "www"
    built = run(minimal_repo, "build", "--today", "2026-07-01", "--out", str(www))
    assert built.exit_code == 0, built.output
    assert (www / SITE_MARKER).is_file()
    before = sorted(p.relative_to(www).as_posix() for p in www.rglob("*"))
    for out in (www, www / "neibu"):
        result = run(minimal_repo, "internal", "--today", "2026-07-01", "--out", str(out))
        assert result.exit_code == 1
        assert result.output == (f"错误：内部材料不能写入公开网站文件夹 {www} 或其下级（该文件夹有公开网站标记 {SITE_MARKER}）："
                                 "其中含信访人信息，请换一个不在网站文件夹内的位置，例如默认的 internal/\n")
    assert sorted(p.relative_to(www).as_posix() for p in www.rglob("*")) == before


def test_no_output_into_around_or_inside_the_data_folders(minimal_repo: Path, run) -> None:
    """Guards the records: ``--out cases`` or ``--out reference`` used to replace the data (and delete the
    lookup salt). Checked: with ``check_out_of_data`` made a no-op, ``internal --out reference`` replaced
    reference/ and this test failed on the unchanged-files assertion."""
    run(minimal_repo, "new", "code")  # any command that keeps reference/ as it is
    (minimal_repo / ".git").mkdir()
    files = lambda: sorted(p.relative_to(minimal_repo).as_posix() for p in minimal_repo.rglob("*"))  # noqa: E731
    before = files()
    cases = [("cases", "就是", "cases"), ("reference", "就是", "reference"), ("cases/2026", "位于", "cases"),
             (".git", "就是", ".git"), ("schedules/x", "位于", "schedules"), ("archives", "就是", "archives")]
    for verb in ("build", "internal"):
        for out, where, folder in cases:
            target = (minimal_repo / out).resolve()  # absolute: a relative --out is taken from the working folder
            result = run(minimal_repo, verb, "--today", "2026-07-01", "--out", str(target))
            assert (result.exit_code, result.output) == (1, (
                f"错误：输出文件夹 {target} {where}案卷仓库的数据文件夹 {folder}/，写入会覆盖或删除案卷；"
                "未做任何改动，请换一个位置（默认的 site/ 或 internal/）\n")), (verb, out)
    result = run(minimal_repo, "build", "--today", "2026-07-01", "--out", str(minimal_repo))
    assert result.exit_code == 1 and "包含案卷仓库的数据文件夹 cases/" in result.output
    assert files() == before


# -- 1. site settings are code ----------------------------------------------------------------------------

HOSTILE_SETTINGS = """site_name: 测试工会
site_description: 说明"><script>alert(1)</script>
site_author: 作者
copyright: 版权 <img src=x onerror=alert(1)>
theme:
  name: material
  palette:
    primary: red" onload="alert(1)
    accent: red
  logo: javascript:alert(1)
  favicon: https://cdn.example.com/favicon.ico
extra:
  homepage: javascript:alert(1)
"""


def test_hostile_site_settings_are_refused_at_their_place(minimal_repo: Path, run) -> None:
    """Guards every page (the lookup page included): settings that would run script or break out of an
    attribute, or load from outside, are validation errors at ``mkdocs.yml:line:col`` and refuse the build.
    Checked: without the ``site_settings`` rule validate reports nothing and the build publishes."""
    (minimal_repo / "mkdocs.yml").write_text(HOSTILE_SETTINGS, encoding="utf-8")
    result = run(minimal_repo, "validate", "--today", "2026-07-01")
    mine = [line for line in result.output.splitlines() if line.startswith("mkdocs.yml") and "警告" not in line]
    plain = "；不能含 < > & \" ' 等网页标记字符和控制字符（版权符号请直接写 ©）"
    assert mine == [
        'mkdocs.yml:2:19: 网站说明 site_description：“说明"><script>alert(1)</script>” 格式不对，'
        "例如 本会领导接待职工来访、包案处理信访事项的公开信息。" + plain,
        "mkdocs.yml:4:12: 版权说明 copyright：“版权 <img src=x onerror=alert(1)>” 格式不对，例如 © 2026 某某市总工会" + plain,
        'mkdocs.yml:8:14: primary：“red" onload="alert(1)” 不是可选的值；可选：red、pink、purple、deep-purple、indigo、'
        "blue、light-blue、cyan、teal、green、light-green、lime、yellow、amber、orange、deep-orange、brown、grey、"
        "blue-grey、black、white、custom",
        "mkdocs.yml:10:9: 标志图片 logo：“javascript:alert(1)” 格式不对，例如 assets/logo.png；"
        "只能是站内的相对路径：网站须离线可用，不从外部加载图片",
        "mkdocs.yml:11:12: 网站图标 favicon：“https://cdn.example.com/favicon.ico” 格式不对，例如 assets/logo.png；"
        "只能是站内的相对路径：网站须离线可用，不从外部加载图片",
        "mkdocs.yml:13:13: 标志链接 homepage：“javascript:alert(1)” 格式不对，例如 https://www.example.org/；"
        "只能是 http:// 或 https:// 开头的地址，或站内的相对地址（不能用 javascript: 等）",
    ]
    assert result.exit_code == 1
    built = run(minimal_repo, "build", "--today", "2026-07-01")
    assert built.exit_code == 1 and not (minimal_repo / "site").exists()


def test_text_settings_are_escaped_where_they_land(minimal_repo: Path, monkeypatch) -> None:
    """Guards the second line of defence: even with the settings check switched off, the texts the theme
    prints raw arrive escaped, so no element is injected. Checked: with ``escaped`` returning its input
    the page gains a <script> element and the test fails."""
    from html.parser import HTMLParser

    from conftest import TODAY
    from generator import registry
    from generator.site.build import build_site

    declared = registry.repository_rules()
    monkeypatch.setattr(registry, "repository_rules", lambda: [r for r in declared if r.name != "site_settings"])
    (minimal_repo / "mkdocs.yml").write_text(
        'site_description: 说明"><script>alert(1)</script>\ncopyright: 版权<b id="x">粗</b>\n', encoding="utf-8")
    build_site(Paths.at(minimal_repo), TODAY, minimal_repo / "site")

    class Elements(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[tuple[str, dict]] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

    page = Elements()
    page.feed((minimal_repo / "site" / "index.html").read_text(encoding="utf-8"))
    assert [a["content"] for t, a in page.tags if t == "meta" and a.get("name") == "description"] == [
        '说明"><script>alert(1)</script>']
    assert not [a for t, a in page.tags if t == "b" and a.get("id") == "x"]
    html_text = (minimal_repo / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html_text and "版权&lt;b id=&quot;x&quot;&gt;粗&lt;/b&gt;" in html_text


# -- 4. withdrawn after filing -------------------------------------------------------------------------------

def test_a_case_withdrawn_after_filing_leaves_every_public_output(minimal_repo: Path, run) -> None:
    """Guards withdrawal: a case made ``withheld`` after its year was filed used to stay in the published
    archive/<year>/public.json, the filed page and the search index. Checked: with ``publishable`` returning
    the filed summary unchanged, the title is found in all three and this test fails."""
    import json
    import subprocess

    title = "某机械企业拖欠工资问题"
    env = {"GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@example.org", "GIT_COMMITTER_NAME": "x",
           "GIT_COMMITTER_EMAIL": "x@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "PATH": "/usr/bin:/bin"}
    git = lambda *a: subprocess.run(["git", *a], cwd=minimal_repo, env=env, check=True, capture_output=True, text=True).stdout  # noqa: E731
    git("init", "-q", "-b", "main")
    assert run(minimal_repo, "archive", "2026", "--force", "--today", "2026-07-01").exit_code == 0
    git("add", "-A"), git("commit", "-qm", "归档 2026")
    case = minimal_repo / "cases/2026/XF-2026-0001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "  disclosure: public", "  disclosure: withheld\n  withheld_reason: 当事人要求。"), encoding="utf-8")
    git("commit", "-qam", "XF-2026-0001 暂不公开")

    built = run(minimal_repo, "build", "--today", "2026-07-01")
    assert built.exit_code == 0, built.output
    assert "注意：XF-2026-0001 在 2026 年归档后不再公开：已从归档页面、public.json 和搜索中删除；" \
           "请运行 xinfang archive 2026 --replace 在归档清单中记录撤回" in built.output
    site = minimal_repo / "site"
    published = json.loads((site / "archive/2026/public.json").read_text(encoding="utf-8"))
    assert published["cases"] == [] and published["statistics"]["packages_published"] == 0
    assert published["statistics"]["packages_withheld"] == "<3"
    for rel in ("archive/2026/public.json", "archive/2026/filed/index.html"):
        text = (site / rel).read_text(encoding="utf-8")
        assert title not in text and "XF-2026-0001" not in text, rel
    from generator.site.search import indexed_pages

    index = indexed_pages(site)  # Pagefind's fragments, read back
    # (the editors' guide uses XF-2026-0001 as an example id: look at the archive's and the case's entries)
    assert [url for url, page in index.items() if url.startswith(("/archive/2026/", "/cases/XF-2026-0001"))
            and (title in page["content"].replace("\u200b", "") or "XF-2026-0001" in page["content"])] == []
    assert "/archive/2026/filed/" in index  # the page is indexed

    refiled = run(minimal_repo, "archive", "2026", "--replace", "--force", "--today", "2026-07-02")
    assert refiled.exit_code == 0, refiled.output
    manifest = json.loads((minimal_repo / "archives/2026/MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["withdrawn"] == [{"case": "XF-2026-0001", "removed": "2026-07-02",
                                      "commit": git("rev-parse", "HEAD").strip()}]
    filed = json.loads((minimal_repo / "archives/2026/public.json").read_text(encoding="utf-8"))
    assert filed["cases"] == []
