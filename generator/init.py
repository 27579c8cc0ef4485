"""A new union's repository (新建工会案卷仓库): ``xinfang init DIR`` writes everything a union needs on day one.

What is written, and why each part is there:

- ``reference/``: the union (name, level, reception room; a city's own reception rule as a comment), empty
  leaders and units with commented examples whose role codes are those of the union's level
  (``levels.roles``), the lookup's salt and secret (``lookup.ensure_keys``: the same files ``new case`` would
  make), and the holiday files of this year and next — unchecked until the office checks them against the
  State Council notice (a year ``chinesecalendar`` knows is copied from it, a later one is drafted from the
  statutory days);
- ``schemas/``: the editors' copy of the packaged schemas, stamped with the tool's version
  (``schemas/xinfang-version.txt``). Validation never reads it (``config.schema_dir``); ``validate`` warns when it
  differs from the running tool's (``schema_copy``) and ``xinfang schemas`` refreshes it. Modelines point at it by
  relative paths (``scaffold.modeline``), never at an install path;
- ``mkdocs.yml`` with the union's name and xinfang's own AA palette, checked by the settings schema and the
  contrast check before anything is written;
- the demo repository's own ``.github/workflows``, ``.gitlab-ci.yml``, ``.pre-commit-config.yaml`` (with its hook
  script), ``.vscode/`` and ``.ci/constraints.txt``, taken as they are (``demo_file``) with only the tool's source
  changed (``XINFANG_PACKAGE``): one copy of each CI rule, so a fix to the demo's reaches new unions;
- a Chinese ``README.md`` for the office and a ``.gitignore`` that keeps ``internal/`` and ``site/`` out of git.

Never overwrite: a folder that exists and is not empty is refused; the files are written into a temporary
folder beside the target and moved into place in one rename, so an interrupted ``init`` leaves nothing half
written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import yaml

from . import __version__, levels, registry, rules
from .config import Paths, schema_dir
from .errors import OutputError, Problem, UsageProblem, warning
from .holidays import holidays_text, package_holidays_text
from .lookup import ensure_keys
from .scaffold import modeline
from .schema import schema

_PACKAGE = Path(__file__).resolve().parent
STAMP = "xinfang-version.txt"
HOOK = "tools/xinfang-hook"
# The demo repository's files every union's repository carries (packaged under generator/_init in a wheel).
DEMO_FILES = (".github/workflows/pull-request.yml", ".github/workflows/publish.yml",
              ".github/workflows/pr-comment.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml", HOOK,
              ".vscode/extensions.json", ".vscode/settings.json", ".ci/constraints.txt")
_SAFE_PACKAGE = re.compile(r"^[A-Za-z0-9_.@:/+=<>!~ ,\[\]-]{1,200}$")


def demo_file(rel: str) -> Path:
    """One of the demo repository's files: the packaged copy in a wheel, else the source checkout's."""
    packaged = _PACKAGE / "_init" / rel
    return packaged if packaged.exists() else _PACKAGE.parent / rel


@dataclass(frozen=True)
class Answers:
    """What ``init`` asks: the union's name, level and reception room, and where CI installs the tool from."""

    name: str
    level: str
    reception_room: str
    short_name: str = ""
    package: str = f"xinfang=={__version__}"

    @property
    def short(self) -> str:
        return self.short_name or self.name


# ------------------------------------------------------------------ the files, as text

def _dump(mapping: dict[str, Any]) -> str:
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, width=4096)


def _per_choices() -> str:
    """"year 每年、month 每月、fortnight 每两周": the schema's choices for ``reception_rule.per`` with their labels."""
    labels = schema("union").labels(("reception_rule", "per"))
    return "、".join(f"{value} {label}" for value, label in labels.items())


def union_text(a: Answers) -> str:
    rule = rules.requirement(a.level)
    lines = [modeline_at("reference/union.yaml", "union").rstrip("\n"),
             "# 本级工会：名称和层级决定领导身份的可选项和接访频次要求（由 xinfang init 写出）。",
             f"# 层级 level：{levels.level_label(a.level)}。接访频次：{rule.description}。",
             _dump({"name": a.name, "short_name": a.short, "level": a.level, "reception_room": a.reception_room}).rstrip("\n"),
             "# 公开的信访咨询电话和来信地址（单位的，不是个人的）：删去行首的“# ”再填写。",
             '# hotline: "0000-00000000"',
             "# address: 某某市某某区某某路1号 某某工会（邮编 000000）"]
    if a.level == "city":
        lines += ["# 地市级工会的接访频次办法没有规定，不填时按省级工会“每月至少一天”；本会另有规定时删去行首的“# ”并改写，",
                  f"# per 可选 {_per_choices()}：",
                  "# reception_rule: {days: 1, per: month}"]
    return "\n".join(lines) + "\n"


def leaders_text(a: Answers, year: int) -> str:
    roles = levels.roles(a.level)
    bound = "、".join(roles[r] for r in levels.reception_roles(a.level) if r in roles)
    first = next(iter(roles))
    return "\n".join([
        modeline_at("reference/leaders.yaml", "leaders").rstrip("\n"),
        "# 本会领导：接访、阅信、包案的领导。第一位领导填好后删去 [] ，照下面的例子逐位填写（删去行首的“#”）。",
        f"# 身份 role 可选（{levels.level_label(a.level)}）：{levels.describe_roles(a.level)}。",
        f"# 受接访频次约束的身份：{bound or '无'}。",
        "leaders: []",
        "#  - id: L-WANG             # 编号：L- 加大写拼音或数字，定下后不要改",
        "#    name: 王某某",
        f"#    title: {roles[first]}",
        f"#    role: {first}",
        f"#    from_year: {year}",
        "#    portfolio: 主持全面工作",
        "#    topics: [wages, labor_contract]   # 分管的问题类别，用于无具体署名来信的呈报",
        ""])


def units_text(a: Answers) -> str:
    from .schema import schema

    kinds = schema("units").labels(("units", 0, "kind"))
    return "\n".join([
        modeline_at("reference/units.yaml", "units").rstrip("\n"),
        "# 交办、督办的责任单位。第一个单位填好后删去 [] ，照下面的例子逐个填写（删去行首的“#”）。",
        f"# 类别 kind 可选：{'；'.join(f'{k} {v}' for k, v in kinds.items())}。",
        "units: []",
        "#  - id: U-RSJ              # 编号：U- 加大写拼音或数字",
        "#    name: 某某市人力资源和社会保障局",
        "#    kind: government",
        ""])


def modeline_at(rel: str, schema_name: str) -> str:
    """The relative modeline of a file at ``rel`` in any repository (the same as ``scaffold.modeline``)."""
    root = Path("/r")
    return modeline(Paths(root), root / rel, schema_name)


def holiday_text(year: int) -> str:
    rel = f"reference/holidays/{year}.yaml"
    line = modeline_at(rel, "holidays")
    return package_holidays_text(year, line) if rules.is_covered(year) else holidays_text(year, line)


def mkdocs_text(a: Answers) -> str:
    settings = {
        "site_name": f"{a.short}领导接访与包案公开",
        "site_description": f"{a.name}领导接待职工来访、包案处理职工信访事项的公开信息，接受职工群众监督。",
        "copyright": a.name,
    }
    return "\n".join([
        "# 公开网站配置（xinfang build 读取）。",
        "# 可以修改：网站名称、地址、说明、版权，主题的配色和功能。",
        "# 由 xinfang 决定、写在这里也不会生效：页面结构和导航、中文搜索、离线（不加载外部字体和脚本）、输出位置。",
        "# 文字设置不能含 < > & \" ' 等网页标记字符；链接只能是 http(s) 或站内相对地址；图标只能是站内图片（xinfang validate 会检查）。",
        "# 网站发布后请填写网站地址，例如 site_url: https://xinfang.example.org/",
        _dump(settings).rstrip("\n"),
        "theme:",
        "  name: material",
        "  # custom：xinfang 自带的深红配色，文字对比度符合无障碍标准（WCAG 2.2 AA）。换用主题的其他颜色时，",
        "  # xinfang validate 和 xinfang build 会指出对比度不够的颜色。",
        "  palette:",
        "    primary: custom",
        "    accent: custom",
        "  features:",
        "    - navigation.top",
        "    - search.highlight",
        ""])


GITIGNORE = """\
# 生成的内容不进 git：公开网站由 CI 生成发布；内部材料（含信访人信息）只在本机生成，绝不提交、绝不上传
/site/
/internal/
/internal-inspection/
# 与上下级工会往来的交换文件（已加密，经本会渠道送达，不必进 git）
/exchange/
.xinfang-cache/
/.venv/
__pycache__/
"""


def schema_stamp() -> str:
    return "\n".join([
        f"xinfang {__version__}",
        "# 编辑器用的案卷格式副本（VS Code 的补全和悬停说明读它）。xinfang 校验时总是使用它自带的格式，不读这里的文件。",
        "# xinfang 升级后运行 xinfang schemas 更新本副本；副本与所用 xinfang 自带的格式不同时，xinfang validate 会提醒。",
        ""])


def schema_files() -> dict[str, bytes]:
    """The packaged schemas, by file name: what ``schemas/`` of a repository should hold."""
    return {p.name: p.read_bytes() for p in sorted(schema_dir().glob("*.schema.json"))}


# The only changes made to the demo's files: where CI installs the tool from. Each must match exactly once, so
# a change to the demo's file that moves one of these lines fails init's test instead of silently not applying.
def _substitutions(a: Answers) -> dict[str, list[tuple[str, str]]]:
    package = json.dumps(a.package, ensure_ascii=False)
    ours = f"  # 工具的来源和版本（xinfang init 写入）：升级时改这里和 .ci/constraints.txt，再运行 xinfang schemas\n  XINFANG_PACKAGE: {package}\n"
    return {
        ".github/workflows/pull-request.yml": [(
            '  # "./base" installs the tool from the target branch of this repository, which carries the tool too.\n'
            "  XINFANG_PACKAGE: ./base\n", ours)],
        ".github/workflows/publish.yml": [('  XINFANG_PACKAGE: "."\n', ours)],
        ".gitlab-ci.yml": [('  XINFANG_PACKAGE: "."\n', ours)],
        HOOK: [("pip install -e .", f"pip install -c .ci/constraints.txt '{a.package}'")] * 2,
    }


def demo_text(rel: str, a: Answers) -> str:
    text = demo_file(rel).read_text(encoding="utf-8")
    if rel == ".vscode/settings.json":  # the demo also maps its test data; a union's repository has none
        settings = json.loads(text)
        settings["yaml.schemas"] = {k: [g for g in v if not g.startswith("tests/")] for k, v in settings["yaml.schemas"].items()}
        return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
    for old, new in _substitutions(a).get(rel, []):
        if old not in text:
            raise OutputError(f"xinfang 自带的 {rel} 与 init 的预期不符（找不到要替换的一行）：这是 xinfang 的缺陷，请报告维护者")
        text = text.replace(old, new, 1)
    return text


def readme_text(a: Answers, today: date) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(_PACKAGE / "templates")), autoescape=False,  # noqa: S701 -- the office README is Markdown from the office's own answers, no page of the site
                      undefined=StrictUndefined, keep_trailing_newline=True)
    rule = rules.requirement(a.level)
    return env.get_template("init/README.md.j2").render(
        a=a, level=levels.level_label(a.level), rule=rule.description, roles=levels.describe_roles(a.level),
        version=__version__, this_year=today.year)


def repository_files(a: Answers, today: date) -> dict[str, str | bytes]:
    """Every file of the new repository but the lookup keys (made by ``lookup.ensure_keys``), by relative path."""
    files: dict[str, str | bytes] = {
        "reference/union.yaml": union_text(a),
        "reference/leaders.yaml": leaders_text(a, today.year),
        "reference/units.yaml": units_text(a),
        "mkdocs.yml": mkdocs_text(a),
        ".gitignore": GITIGNORE,
        "README.md": readme_text(a, today),
        f"schemas/{STAMP}": schema_stamp(),
    }
    for year in (today.year, today.year + 1):
        files[f"reference/holidays/{year}.yaml"] = holiday_text(year)
    for name, data in schema_files().items():
        files[f"schemas/{name}"] = data
    for rel in DEMO_FILES:
        files[rel] = demo_text(rel, a)
    return files


# ------------------------------------------------------------------ checking the answers before writing

def check_answers(a: Answers) -> None:
    """Refuse answers the written files would not accept (UsageProblem naming the option)."""
    from .schema import schema
    from .site.settings import check_settings

    if a.level not in levels.levels():
        raise UsageProblem(f"--level：“{a.level}” 不是层级；可选：{'；'.join(f'{k} {v}' for k, v in levels.levels().items())}")
    union = {"name": a.name, "short_name": a.short, "level": a.level, "reception_room": a.reception_room}
    for e in schema("union").errors(union):
        raise UsageProblem(f"--{str(e.pointer[0]).replace('_', '-')}：{e.message}")
    for p in check_settings(yaml.safe_load(mkdocs_text(a))):
        raise UsageProblem(f"--name：工会名称会写进网站设置 mkdocs.yml，这里不能用：{p.message}")
    if not _SAFE_PACKAGE.match(a.package):
        raise UsageProblem(f"--package：“{a.package}” 不是 pip 能安装的写法，例如 xinfang=={__version__} 或 "
                           "xinfang @ git+https://gitee.com/<组织>/xinfang@v0.1.0")


# ------------------------------------------------------------------ writing

def create(target: Path, a: Answers, today: date) -> list[str]:
    """Write the repository into ``target`` (new or empty), all at once; returns the relative paths written."""
    check_answers(a)
    target = target.absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OutputError(f"{target} 已存在且不是空文件夹，未做任何改动：xinfang init 只在新的或空的文件夹中建立仓库，"
                          "绝不覆盖已有文件")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    try:
        files = repository_files(a, today)
        for rel, content in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="\n")
        (staging / HOOK).chmod(0o755)
        keys = ensure_keys(Paths.at(staging))
        written = sorted([*files, *(k.relative_to(staging).as_posix() for k in keys)])
        if target.exists():
            target.rmdir()  # empty (checked above); rmdir refuses if a file appeared meanwhile
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


# ------------------------------------------------------------------ the editors' copy of the schemas

def copy_differs(paths: Paths) -> list[str]:
    """The schema files of ``schemas/`` that differ from (or are missing beside) the packaged ones; [] when the
    repository has no ``schemas/`` or it *is* the packaged folder (the tool's own checkout)."""
    folder = paths.root / "schemas"
    if not folder.is_dir() or folder.resolve() == schema_dir().resolve():
        return []
    return [name for name, data in schema_files().items()
            if not (folder / name).is_file() or (folder / name).read_bytes() != data]


@registry.repository_rule
def schema_copy(ctx: Any) -> Iterator[Problem]:
    """Repository rule: the editors' copy of the schemas is the running tool's (a warning: validation never
    reads the copy, but an out-of-date copy offers editors codes and help the tool no longer accepts)."""
    differing = copy_differs(ctx.paths)
    if differing:
        stamp = ctx.paths.root / "schemas" / STAMP
        written = stamp.read_text(encoding="utf-8").splitlines()[0] if stamp.is_file() else "未知版本"
        yield warning(f"schemas/{differing[0]}", f"编辑器用的案卷格式副本（{written}）与正在使用的 xinfang {__version__} "
                      f"自带的格式不同：{'、'.join(differing)}；校验始终使用自带的格式，编辑器的补全和提示可能过时。"
                      "请运行 xinfang schemas 更新副本", None, "schema-copy", line=1, col=1)


def refresh_schemas(paths: Paths) -> list[str]:
    """``xinfang schemas``: rewrite the editors' copy from the packaged schemas; returns the files changed."""
    from .output import replace_file

    folder = paths.root / "schemas"
    if folder.resolve() == schema_dir().resolve():
        raise UsageProblem("这是 xinfang 自身的源代码仓库：schemas/ 就是自带的格式，无需更新")
    changed = []
    for name, data in schema_files().items():
        file = folder / name
        if not file.is_file() or file.read_bytes() != data:
            replace_file(file, data.decode("utf-8"))
            changed.append(f"schemas/{name}")
    stamp = folder / STAMP
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != schema_stamp():
        replace_file(stamp, schema_stamp())
        changed.append(f"schemas/{STAMP}")
    return changed
