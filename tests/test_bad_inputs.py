"""The catalogue of bad inputs (坏输入目录): each one gets one clear Chinese line ``path:line:col: message``.

Every case starts from the valid repository in ``tests/data/minimal``, spoils one file in one way, runs
``xinfang validate`` and asserts the exact error lines and exit status 1: never a traceback, never silence.
The two deliberate warnings of the minimal repository are left out of the comparison (they are tested in
test_validate_rules.py); everything else the command prints is compared line by line.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import MINIMAL

CASE = "cases/2026/XF-2026-0002.yaml"
CASE1 = "cases/2026/XF-2026-0001.yaml"
SCHEDULE = "schedules/2026.yaml"
TODAY = "2026-07-01"
ORIGINAL = {rel: (MINIMAL / rel).read_text(encoding="utf-8") for rel in (CASE, CASE1, SCHEDULE)}


def swap(rel: str, old: str, new: str) -> Callable[[], str]:
    """The file ``rel`` of the minimal repository with ``old`` replaced once by ``new``."""

    def make() -> str:
        text = ORIGINAL[rel]
        assert text.count(old) == 1, old
        return text.replace(old, new)

    return make


@dataclass(frozen=True)
class Bad:
    """One bad input: which file gets which content, and exactly which error lines follow."""

    name: str
    file: str
    content: Callable[[], str | bytes]
    expected: tuple[str, ...]


def _alias_bomb() -> str:
    # "billion laughs": nine levels of nine aliases each would be 9**9 strings if expanded
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


CATALOGUE = [
    # -- malformed YAML ---------------------------------------------------------------------------
    Bad("tab indentation", CASE, swap(CASE, "  - name: 周测乙", "\t- name: 周测乙"),
        (f"{CASE}:7:1: YAML 格式错误：不能用制表符（Tab）缩进，请改用空格",)),
    Bad("unclosed double quote", CASE, swap(CASE, "title: 未签订劳动合同问题", 'title: "未签订劳动合同问题'),
        (f"{CASE}:11:8: YAML 格式错误：引号没有闭合：这里开始的引号一直延续到第 13 行",)),
    Bad("unclosed single quote", CASE, swap(CASE, "title: 未签订劳动合同问题", "title: '未签订劳动合同问题"),
        (f"{CASE}:11:8: YAML 格式错误：引号没有闭合：这里开始的引号直到文件末尾都没有结束",)),
    Bad("wrong indentation", CASE, swap(CASE, "  addressee: chairman", "   addressee: chairman\n  urgent: true"),
        (f"{CASE}:6:3: YAML 格式错误：缩进不一致或缺少“键:”：请检查这一行与上一行的缩进",)),
    Bad("colon and space inside plain text", CASE, swap(CASE, "title: 未签订劳动合同问题", "title: 问题: 未签合同"),
        (f"{CASE}:11:10: YAML 格式错误：这里不能出现“键: 值”：可能是缩进不对，或文字中的冒号后有空格（含冒号的文字请加引号）",)),
    Bad("Chinese colon after a key", CASE, swap(CASE, "topic: labor_contract", "topic：labor_contract"),
        (f"{CASE}:8:6: YAML 格式错误：中文冒号“：”：请改为英文冒号“:”加一个英文空格",)),
    Bad("ideographic space after the colon", CASE, swap(CASE, "topic: labor_contract", "topic:\u3000labor_contract"),
        (f"{CASE}:8:6: YAML 格式错误：冒号后面是全角空格：请改为英文冒号“:”加一个英文空格",)),
    Bad("Chinese colon in a list item", CASE, swap(CASE, "  - name: 周测乙", "  - name：周测乙"),
        (f"{CASE}:7:5: 信访人 petitioners：应为键值对（映射），实际是“name：周**”；“键：值”用了中文冒号，请改为英文冒号“:”加一个英文空格",)),
    Bad("zero-width space in a key", CASE, swap(CASE, "topic: labor_contract", "topic\u200b: labor_contract"),
        (f"{CASE}:8:1: 键“topic”中含有看不见的字符或全角空格 U+200B（常见于从网页、Word 复制），请删除后重新输入",)),
    Bad("no-break space indenting a key", CASE, swap(CASE, "  addressee: chairman", "\u00a0 addressee: chairman"),
        (f"{CASE}:5:1: YAML 格式错误：缩进里有不换行空格 U+00A0（常见于从网页、Word 复制）：缩进只能用英文空格，请删除它，再用英文空格对齐",)),
    # issue 17.6: reported where they are, naming the character and the fix (they used to land on the next line)
    Bad("ideographic space indenting a key", CASE, swap(CASE, "  addressee: chairman", "　　addressee: chairman"),
        (f"{CASE}:5:1: YAML 格式错误：缩进里有全角空格 U+3000（中文输入法输入的空格）：缩进只能用英文空格，请删除它，再用英文空格对齐",)),
    Bad("key glued to its text", CASE, swap(CASE, "title: 未签订劳动合同问题", "title:未签订劳动合同问题"),
        (f"{CASE}:11:7: YAML 格式错误：“title:”后面缺少空格：键的冒号后面要有一个英文空格，例如“title: …”",)),
    Bad("key glued to a quoted date", CASE, swap(CASE, 'accepted: "2026-05-08"', 'accepted:"2026-05-08"'),
        (f"{CASE}:14:10: YAML 格式错误：“accepted:”后面缺少空格：键的冒号后面要有一个英文空格，例如“accepted: …”",)),
    Bad("nested key glued to its text", CASE, swap(CASE, "  province: 河北省", "  province:河北省"),
        (f"{CASE}:10:3: 地区 region：应为键值对（映射），实际是“province:河北省”；“province:”后面缺少空格：键的冒号后面要有一个英文空格，例如“province: …”",)),
    Bad("duplicate key", CASE, swap(CASE, "topic: labor_contract", "topic: labor_contract\ntopic: wages"),
        (f"{CASE}:9:1: 键“topic”重复出现：同一层里每个键只能写一次",)),
    Bad("duplicate nested key", CASE, swap(CASE, "  addressee: chairman", "  addressee: chairman\n  addressee: leader"),
        (f"{CASE}:6:3: 键“addressee”重复出现：同一层里每个键只能写一次",)),
    # -- encodings --------------------------------------------------------------------------------
    Bad("GBK file", CASE, lambda: ORIGINAL[CASE].encode("gbk"),
        (f"{CASE}:7:11: 文件不是 UTF-8 编码，看起来是 GBK/GB2312 编码（Windows 记事本、WPS 常见）：请用编辑器另存为 UTF-8 后再提交",)),
    Bad("UTF-16 little endian with BOM", CASE, lambda: ORIGINAL[CASE].encode("utf-16"),
        (f"{CASE}:1:1: 文件是 UTF-16 编码，请另存为 UTF-8 编码（无 BOM 或带 BOM 均可）",)),
    Bad("UTF-16 big endian with BOM", CASE, lambda: b"\xfe\xff" + ORIGINAL[CASE].encode("utf-16-be"),
        (f"{CASE}:1:1: 文件是 UTF-16 编码，请另存为 UTF-8 编码（无 BOM 或带 BOM 均可）",)),
    Bad("UTF-16 without BOM", CASE, lambda: ORIGINAL[CASE].encode("utf-16-le"),
        (f"{CASE}:1:1: 文件是 UTF-16 编码，请另存为 UTF-8 编码（无 BOM 或带 BOM 均可）",)),
    Bad("second BOM", CASE, lambda: b"\xef\xbb\xbf\xef\xbb\xbf" + ORIGINAL[CASE].encode(),
        (f"{CASE}:1:1: 文件开头有两个字节顺序标记（BOM）：请用编辑器另存为 UTF-8",)),
    Bad("BOM inside the text", CASE, swap(CASE, "title: 未签订劳动合同问题", "title: 未签订\ufeff劳动合同问题"),
        (f"{CASE}:11:8: 文字中含有不可见的控制字符 U+FEFF（可改变文字显示方向），请删除",)),
    Bad("NUL byte", CASE, swap(CASE, "title: 未签订劳动合同问题", "title: 未签订\x00劳动合同问题"),
        (f"{CASE}:11:11: 文件含有空字符（NUL），可能是二进制文件或 UTF-16 文件",)),
    # -- shapes -----------------------------------------------------------------------------------
    Bad("empty file", CASE, lambda: "", (f"{CASE}:1:1: 文件是空的",)),
    Bad("only a comment", CASE, lambda: "# 待填写\n", (f"{CASE}:1:1: 文件是空的",)),
    Bad("list instead of mapping", CASE, lambda: "- id: XF-2026-0002\n",
        (f"{CASE}:1:1: 文件内容应为键值对（信访事项），现在是列表",)),
    Bad("plain text instead of mapping", CASE, lambda: "来信反映欠薪\n",
        (f"{CASE}:1:1: 文件内容应为键值对（信访事项），现在是一段文字",)),
    Bad("second document", CASE, lambda: ORIGINAL[CASE] + "---\nid: XF-2026-0003\n",
        (f"{CASE}:29:1: YAML 格式错误：文件里只能有一个文档：请删除多余的“---”分隔线及其后的内容",)),
    Bad("mapping as a key", CASE, swap(CASE, "topic: labor_contract", "topic: labor_contract\n? [a]\n: x"),
        (f"{CASE}:9:3: 键必须是普通文字",)),
    # -- YAML 1.1 implicit types never leak through -----------------------------------------------
    Bad("no as a boolean", CASE, swap(CASE, "  addressee: chairman", "  addressee: chairman\n  urgent: no"),
        (f"{CASE}:6:11: 重大紧急 urgent：应为true 或 false，实际是“no”；请写 true 或 false（不要写 是/否、yes/no）",)),
    Bad("on as an enum value", CASE, swap(CASE, "addressee: chairman", "addressee: on"),
        (f"{CASE}:5:14: 收信对象 addressee：“on” 不是可选的值；可选：chairman（主席）、leader（党组、书记处领导个人）、"
         "unsigned（无具体署名）、former_leader（原领导）、part_time_leader（兼职领导）、forwarded（中央国家机关等转来）",)),
    Bad("sexagesimal 1:20", SCHEDULE, swap(SCHEDULE, "session: am\n    mode: fixed", "session: 1:20\n    mode: fixed"),
        (f"{SCHEDULE}:6:14: 时段 session：“1:20” 不是可选的值；可选：am（上午）、pm（下午）",)),
    Bad("octal 0755", SCHEDULE, swap(SCHEDULE, "attendance: 4", "attendance: 0755"),
        (f"{SCHEDULE}:11:17: 接待人数 attendance：应为整数，实际是“0755”",)),
    Bad(".inf", SCHEDULE, swap(SCHEDULE, "attendance: 4", "attendance: .inf"),
        (f"{SCHEDULE}:11:17: 接待人数 attendance：应为整数，实际是“.inf”",)),
    Bad("float for a count", SCHEDULE, swap(SCHEDULE, "attendance: 4", "attendance: 4.0"),
        (f"{SCHEDULE}:11:17: 接待人数 attendance：应为整数，实际是“4.0”",)),
    Bad("unquoted phone number", CASE, swap(CASE, "  - name: 周测乙", "  - name: 周测乙\n    phone: 13912345678"),
        (f"{CASE}:8:12: 电话 phone：应为文字，实际是“139****5678”；数字、电话号码、身份证号、是/否等文字请加引号，例如 \"010-12345678\"",)),
    Bad("unquoted ID number", CASE, swap(CASE, "  - name: 周测乙", "  - name: 周测乙\n    id_number: 110105194912310021"),
        (f"{CASE}:8:16: 身份证号 id_number：应为文字，实际是“11010519********21”；数字、电话号码、身份证号、是/否等文字请加引号，例如 \"010-12345678\"",)),
    Bad("bare date that does not exist", CASE, swap(CASE, 'received: "2026-05-06"', "received: 2026-02-30"),
        (f"{CASE}:13:11: 收到日期 received：“2026-02-30” 不是有效日期",)),
    # -- tags -------------------------------------------------------------------------------------
    Bad("python tag", CASE, swap(CASE, "title: 未签订劳动合同问题", 'title: !!python/object/apply:os.system ["echo pwned"]'),
        (f"{CASE}:11:8: 不支持 YAML 标签 !!python/object/apply:os.system：请删除它",)),
    Bad("binary tag", CASE, swap(CASE, "title: 未签订劳动合同问题", "title: !!binary 5pyq562+6K6i"),
        (f"{CASE}:11:8: 不支持 YAML 标签 !!binary：请删除它，直接写文字",)),
    # -- dates ------------------------------------------------------------------------------------
    Bad("impossible date", CASE, swap(CASE, 'received: "2026-05-06"', 'received: "2026-02-30"'),
        (f"{CASE}:13:11: 收到日期 received：“2026-02-30” 不是有效日期",)),
    Bad("date written the Chinese way", CASE, swap(CASE, 'accepted: "2026-05-08"', "accepted: 2026年5月8日"),
        (f"{CASE}:14:11: 受理日期 accepted：“2026年5月8日” 不是有效日期，应写作 YYYY-MM-DD，例如 2026-03-10",)),
    Bad("date after --today", CASE, swap(CASE, '  date: "2026-06-20"\n  result', '  date: "2026-07-20"\n  result'),
        (f"{CASE}:23:11: 日期 date：办结记录日期 2026-06-20 与办结日期 2026-07-20 不一致",
         f"{CASE}:26:9: 办结日期 date：“2026-07-20” 晚于今天（2026-07-01）")),
    # -- ids and references -----------------------------------------------------------------------
    Bad("id differs from file name", CASE, swap(CASE, "id: XF-2026-0002", "id: XF-2026-0003"),
        (f"{CASE}:2:5: 编号 id：“XF-2026-0003” 与文件名 XF-2026-0002.yaml 不一致：编号必须等于文件名",)),
    Bad("id with a path separator", CASE, swap(CASE, "id: XF-2026-0002", "id: XF-2026/0002"),
        (f"{CASE}:2:5: 编号 id：“XF-2026/0002” 格式不对，例如 XF-2026-0001",)),
    Bad("id with ..", CASE, swap(CASE, "id: XF-2026-0002", "id: ../../etc/passwd"),
        (f"{CASE}:2:5: 编号 id：“../../etc/passwd” 格式不对，例如 XF-2026-0001",)),
    Bad("missing leader", CASE, swap(CASE, "addressee: chairman", "addressee: leader\n  leader: L-NOBODY"),
        (f"{CASE}:6:11: 收信领导 leader：“L-NOBODY” 不存在：reference/leaders.yaml 中没有这个领导",)),
    Bad("missing unit", CASE, swap(CASE, "units: [U-B]", "units: [U-NONE]"),
        (f"{CASE}:16:9: 责任单位 units：“U-NONE” 不存在：reference/units.yaml 中没有这个单位",)),
    Bad("missing reception", CASE, swap(CASE, "channel: letter\nletter:\n  addressee: chairman", "channel: visit\nreception: JF-2026-99"),
        (f"{CASE}:4:12: 登记场次 reception：“JF-2026-99” 不存在：schedules/ 中没有这个接访场次",)),
    Bad("missing case", SCHEDULE, swap(SCHEDULE, "[XF-2026-0001]", "[XF-2026-0001, XF-2026-0099]"),
        (f"{SCHEDULE}:12:38: 登记事项 registered_cases：“XF-2026-0099” 不存在：cases/ 中没有这个信访事项",)),
    Bad("repeated reference", CASE, swap(CASE, "units: [U-B]", "units: [U-B, U-B]"),
        (f"{CASE}:16:8: 责任单位 units：列表中有重复的项",)),
    Bad("reception and case naming each other wrongly", SCHEDULE, swap(SCHEDULE, "[XF-2026-0001]", "[XF-2026-0001, XF-2026-0002]"),
        (f"{SCHEDULE}:12:38: 登记事项 registered_cases：“XF-2026-0002” 的登记场次不是 JF-2026-01（见 {CASE}）",)),
    Bad("circular reference: a case reopening itself", CASE, swap(CASE, "status: concluded", "status: concluded\nreopens: XF-2026-0002"),
        (f"{CASE}:16:10: 重新办理原事项 reopens：“XF-2026-0002” 是本事项自身",)),
    Bad("case listed twice by its reception", SCHEDULE, swap(SCHEDULE, "[XF-2026-0001]", "[XF-2026-0001, XF-2026-0001]"),
        (f"{SCHEDULE}:12:23: 登记事项 registered_cases：列表中有重复的项",)),
    # -- anchors and aliases ----------------------------------------------------------------------
    Bad("alias bomb", CASE, _alias_bomb, (f"{CASE}:2:10: 不允许使用锚点和别名（& 和 *）：请把内容直接写出来",)),
    Bad("cyclic alias", CASE, lambda: "id: &x [*x]\n", (f"{CASE}:1:9: 不允许使用锚点和别名（& 和 *）：请把内容直接写出来",)),
    Bad("key reused as value through an alias", CASE, lambda: "&x a: *x\n",
        (f"{CASE}:1:7: 不允许使用锚点和别名（& 和 *）：请把内容直接写出来",)),
    Bad("merge key", CASE, swap(CASE, "region:\n  province: 河北省", "base: &b\n  province: 河北省\nregion:\n  <<: *b"),
        (f"{CASE}:12:3: 不允许使用合并键（<<）：请把内容直接写出来",)),
    # -- size and depth ---------------------------------------------------------------------------
    Bad("very large file", CASE, lambda: ORIGINAL[CASE] + "# " + "x" * (1024 * 1024) + "\n",
        (f"{CASE}:1:1: 文件过大（超过 1024 KB），请检查是否误存了其他内容",)),
    Bad("deeply nested flow value", CASE, lambda: "id: " + "[" * 100 + "]" * 100 + "\n",
        (f"{CASE}:1:37: 嵌套层次过深（超过 32 层）",)),
    Bad("deeply nested block value", CASE, lambda: "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v\n",
        (f"{CASE}:34:67: 嵌套层次过深（超过 32 层）",)),
    Bad("very long title", CASE, swap(CASE, "title: 未签订劳动合同问题", "title: " + "长" * 5000),
        (f"{CASE}:11:8: 公开标题 title：太长（5000 字），最多 60 字",)),
    Bad("very long summary", CASE, swap(CASE, "summary: 周测乙来信反映入职一年未签劳动合同。", "summary: " + "长" * 4001),
        (f"{CASE}:12:10: 内部摘要 summary：太长（4001 字），最多 4000 字",)),
    # -- invisible characters ---------------------------------------------------------------------
    Bad("raw control character", CASE, swap(CASE, "title: 未签订劳动合同问题", "title: 未签订\x07劳动合同问题"),
        (f"{CASE}:11:11: 文件含有不允许的控制字符 U+0007，请删除",)),
    Bad("escaped control character", CASE, swap(CASE, "title: 未签订劳动合同问题", 'title: "未签订\\x07劳动合同问题"'),
        (f"{CASE}:11:8: 文字中含有看不见的控制字符 U+0007，请删除",)),
    Bad("right-to-left override", CASE, swap(CASE, "title: 未签订劳动合同问题", "title: 未签订\u202e劳动合同问题"),
        (f"{CASE}:11:8: 文字中含有不可见的控制字符 U+202E（可改变文字显示方向），请删除",)),
    Bad("escaped right-to-left isolate", CASE, swap(CASE, "title: 未签订劳动合同问题", 'title: "未签订\\u2067劳动合同问题"'),
        (f"{CASE}:11:8: 文字中含有不可见的控制字符 U+2067（可改变文字显示方向），请删除",)),
    Bad("zero-width space in a name", CASE, swap(CASE, "  - name: 周测乙", "  - name: 周\u200b测乙"),
        (f"{CASE}:7:11: 文字中含有看不见的零宽字符 U+200B，请删除",)),
]


def _write(root: Path, rel: str, content: str | bytes) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        # newline="" keeps the text byte for byte (no platform newline translation)
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(content)


def error_lines(output: str) -> list[str]:
    """The error lines of a validate run: warnings and the closing summary left out."""
    return [line for line in output.splitlines() if ": 警告：" not in line and not line.startswith("校验")]


def _position(line: str) -> tuple[str, int, int, str]:
    path, row, col, message = line.split(":", 3)
    return path, int(row), int(col), message


def test_catalogue_is_large_enough() -> None:
    assert len(CATALOGUE) >= 30
    assert len({bad.name for bad in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize("bad", CATALOGUE, ids=[bad.name for bad in CATALOGUE])
def test_bad_input(bad: Bad, minimal_repo: Path, run, tmp_path: Path) -> None:
    _write(minimal_repo, bad.file, bad.content())
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == sorted(bad.expected, key=_position)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    summary = result.output.splitlines()[-1]
    assert summary.startswith(f"校验未通过：6 个文件，{len(bad.expected)} 处错误")
    # the same input given to the public build: the same errors, and the previous site kept as it was
    site = tmp_path / "www" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>旧网站</p>", encoding="utf-8")
    built = run(minimal_repo, "build", "--today", TODAY, "--out", str(site))
    assert built.exit_code == 1
    assert [line for line in built.output.splitlines() if _PLACED.match(line) and ": 警告：" not in line] == \
        sorted(bad.expected, key=_position)
    assert built.output.splitlines()[-1] == f"错误：数据校验未通过，拒绝发布：{len(bad.expected)} 处错误，未生成任何输出。"
    assert [p.name for p in (tmp_path / "www").iterdir()] == ["site"]
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>旧网站</p>"


_PLACED = re.compile(r"^[^\s:]+:\d+:\d+: ")


# -- cases that need more than one file ---------------------------------------------------------------

def test_bom_prefixed_file_is_accepted(minimal_repo: Path, run) -> None:
    _write(minimal_repo, CASE, b"\xef\xbb\xbf" + ORIGINAL[CASE].encode("utf-8"))
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "校验通过：6 个文件，4 处警告。"


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_windows_and_old_mac_line_ends_are_accepted(newline: str, minimal_repo: Path, run) -> None:
    _write(minimal_repo, CASE, ORIGINAL[CASE].replace("\n", newline))
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "校验通过：6 个文件，4 处警告。"


def test_bare_date_stays_text_and_validates(minimal_repo: Path, run) -> None:
    # YAML 1.1 would make a date object of it; the loader keeps the text, so the schema checks it as a date
    _write(minimal_repo, CASE, ORIGINAL[CASE].replace('received: "2026-05-06"', "received: 2026-05-06"))
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 0
    assert error_lines(result.output) == []


def test_case_moved_to_another_year_folder(minimal_repo: Path, run) -> None:
    (minimal_repo / "cases" / "2025").mkdir()
    (minimal_repo / CASE).rename(minimal_repo / "cases" / "2025" / "XF-2026-0002.yaml")
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == [
        "cases/2025/XF-2026-0002.yaml:2:5: 编号 id：编号的年份 2026 与所在文件夹 cases/2025/ 不一致：请把文件移到 cases/2026/",
    ]
    assert result.exit_code == 1


def test_case_copied_to_another_year_folder_is_a_duplicate(minimal_repo: Path, run) -> None:
    _write(minimal_repo, "cases/2025/XF-2026-0002.yaml", ORIGINAL[CASE])
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == [
        "cases/2025/XF-2026-0002.yaml:2:5: 编号 id：编号的年份 2026 与所在文件夹 cases/2025/ 不一致：请把文件移到 cases/2026/",
        f"{CASE}:2:5: 编号 id：“XF-2026-0002” 与 cases/2025/XF-2026-0002.yaml 重复",
    ]
    assert result.exit_code == 1


def test_two_files_with_the_same_id(minimal_repo: Path, run) -> None:
    _write(minimal_repo, "cases/2026/XF-2026-0003.yaml", ORIGINAL[CASE])
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == [
        "cases/2026/XF-2026-0003.yaml:2:5: 编号 id：“XF-2026-0002” 与 cases/2026/XF-2026-0002.yaml 重复",
        "cases/2026/XF-2026-0003.yaml:2:5: 编号 id：“XF-2026-0002” 与文件名 XF-2026-0003.yaml 不一致：编号必须等于文件名",
    ]
    assert result.exit_code == 1


def test_yml_extension_is_not_silently_skipped(minimal_repo: Path, run) -> None:
    _write(minimal_repo, "cases/2026/XF-2026-0003.yml", ORIGINAL[CASE])
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == ["cases/2026/XF-2026-0003.yml:1:1: 扩展名应为 .yaml（不是 .yml），否则不会被读取"]
    assert result.exit_code == 1


def test_missing_reference_file(minimal_repo: Path, run) -> None:
    (minimal_repo / "reference" / "units.yaml").unlink()
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert "reference/units.yaml:1:1: 缺少基础资料文件" in error_lines(result.output)
    assert result.exit_code == 1


def test_symlink_to_a_case_outside_the_repository(minimal_repo: Path, tmp_path: Path, run) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(ORIGINAL[CASE].replace("XF-2026-0002", "XF-2026-0003"), encoding="utf-8")
    (minimal_repo / "cases" / "2026" / "XF-2026-0003.yaml").symlink_to(outside)
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == [
        "cases/2026/XF-2026-0003.yaml:1:1: 符号链接指向仓库以外的文件，出于安全考虑不予读取",
    ]
    assert result.exit_code == 1


def test_symlink_to_reference_data_outside_the_repository(minimal_repo: Path, tmp_path: Path, run) -> None:
    outside = tmp_path / "leaders.yaml"
    (minimal_repo / "reference" / "leaders.yaml").rename(outside)
    (minimal_repo / "reference" / "leaders.yaml").symlink_to(outside)
    result = run(minimal_repo, "validate", "--today", TODAY)
    lines = error_lines(result.output)
    assert "reference/leaders.yaml:1:1: 符号链接指向仓库以外的文件，出于安全考虑不予读取" in lines
    # the leaders it would have given are unknown, not missing: no cascade of "不存在" for every reference
    assert not any("不存在" in line for line in lines)
    assert result.exit_code == 1


TOPIC_LABOUR = ("问题类别 topic：“labour” 不是可选的值；可选：labor_contract（劳动合同）、wages（工资待遇）、"
                "social_security（社会保障）、democratic_management（民主管理）、labor_protection（劳动保护）、other（其他）")


def test_symlink_inside_the_repository_is_read(minimal_repo: Path, run) -> None:
    """A case linked into cases/ from elsewhere in the repository is read like any other file and reported under
    the link's own path: it is counted, and an error inside it is found. Checked to fail: with ``discover``
    skipping every link (``if link: continue``), the count drops to 5 files and the error line is missing."""
    target = minimal_repo / "shared-case.yaml"
    (minimal_repo / CASE).rename(target)
    (minimal_repo / CASE).symlink_to(target)
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert (result.exit_code, result.output.splitlines()[-1]) == (0, "校验通过：6 个文件，4 处警告。")
    _write(minimal_repo, "shared-case.yaml", ORIGINAL[CASE].replace("topic: labor_contract", "topic: labour"))
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == [f"{CASE}:8:8: {TOPIC_LABOUR}"]
    assert (result.exit_code, result.output.splitlines()[-1]) == (1, "校验未通过：6 个文件，1 处错误，4 处警告。")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_does_not_stop_the_others(minimal_repo: Path, run) -> None:
    target = minimal_repo / CASE
    target.chmod(0)
    try:
        _write(minimal_repo, CASE1, ORIGINAL[CASE1].replace("topic: wages", "topic: salary"))
        result = run(minimal_repo, "validate", "--today", TODAY)
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)
    lines = error_lines(result.output)
    assert f"{CASE}:1:1: 无法读取文件：Permission denied" in lines
    assert any(line.startswith(f"{CASE1}:10:8: 问题类别 topic：“salary” 不是可选的值") for line in lines)
    assert result.exit_code == 1


def test_every_bad_file_is_reported_in_one_run(minimal_repo: Path, run) -> None:
    """A file that cannot be read never hides the errors of the others."""
    _write(minimal_repo, CASE, ORIGINAL[CASE].encode("gbk"))
    _write(minimal_repo, CASE1, ORIGINAL[CASE1].replace("topic: wages", "topic: wages\ntopic: wages"))
    _write(minimal_repo, SCHEDULE, ORIGINAL[SCHEDULE].replace("session: am\n    mode: fixed", "session: am\n\tmode: fixed"))
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == [
        f"{CASE1}:11:1: 键“topic”重复出现：同一层里每个键只能写一次",
        f"{CASE}:7:11: 文件不是 UTF-8 编码，看起来是 GBK/GB2312 编码（Windows 记事本、WPS 常见）：请用编辑器另存为 UTF-8 后再提交",
        f"{SCHEDULE}:7:1: YAML 格式错误：不能用制表符（Tab）缩进，请改用空格",
    ]
    assert result.exit_code == 1


def test_dangling_symlink_is_reported_not_skipped(minimal_repo: Path, run) -> None:
    # runs as root too (unlike a chmod 000 file): the link resolves inside the repository but to nothing
    (minimal_repo / "cases" / "2026" / "XF-2026-0003.yaml").symlink_to(minimal_repo / "cases" / "gone.yaml")
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == ["cases/2026/XF-2026-0003.yaml:1:1: 无法读取文件：No such file or directory"]
    assert result.exit_code == 1


@pytest.mark.parametrize("args", [
    ("build", "--out", "{out}"), ("internal", "--out", "{out}"), ("archive", "2026"), ("plan", "2027"),
], ids=["build", "internal", "archive", "plan"])
def test_every_command_that_reads_the_data_refuses_bad_data(args: tuple[str, ...], minimal_repo: Path, run,
                                                            tmp_path: Path) -> None:
    """One bad file stops every writing command with the same placed error, and nothing is written anywhere
    (a repository's first run: not even a cache folder)."""
    shutil.rmtree(minimal_repo / ".xinfang-cache")
    _write(minimal_repo, CASE, ORIGINAL[CASE].encode("gbk"))
    before = sorted(p.relative_to(minimal_repo).as_posix() for p in minimal_repo.rglob("*"))
    out = tmp_path / "out"
    result = run(minimal_repo, *(a.format(out=out) for a in args), "--today", TODAY)
    assert result.exit_code == 1
    assert (f"{CASE}:7:11: 文件不是 UTF-8 编码，看起来是 GBK/GB2312 编码（Windows 记事本、WPS 常见）：请用编辑器另存为 UTF-8 后再提交"
            in result.output.splitlines())
    assert result.output.splitlines()[-1].startswith("错误：数据校验未通过")
    assert "Traceback" not in result.output and "内部错误" not in result.output
    assert not out.exists()
    assert sorted(p.relative_to(minimal_repo).as_posix() for p in minimal_repo.rglob("*")) == before


def test_symlinked_folder_outside_the_repository_is_reported(minimal_repo: Path, tmp_path: Path, run) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "XF-2027-0001.yaml").write_text(ORIGINAL[CASE], encoding="utf-8")
    (minimal_repo / "cases" / "2027").symlink_to(outside, target_is_directory=True)
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == ["cases/2027:1:1: 符号链接指向仓库以外的文件夹，出于安全考虑不予读取"]
    assert result.exit_code == 1


def test_symlinked_folder_inside_the_repository_is_not_skipped_silently(minimal_repo: Path, run) -> None:
    (minimal_repo / "more").mkdir()
    (minimal_repo / "cases" / "2027").symlink_to(minimal_repo / "more", target_is_directory=True)
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == ["cases/2027:1:1: 这是指向文件夹的符号链接，其中的文件不会被读取：请把文件直接放在这里"]
    assert result.exit_code == 1


@pytest.mark.parametrize(("name", "fixed"), [("XF-2026-0003.YAML", "XF-2026-0003.yaml"),
                                             ("XF-2026-0003.yaml.txt", "XF-2026-0003.yaml"),
                                             ("XF-2026-0003.Yml", "XF-2026-0003.yaml")])
def test_misnamed_file_is_not_skipped_silently(name: str, fixed: str, minimal_repo: Path, run) -> None:
    _write(minimal_repo, f"cases/2026/{name}", ORIGINAL[CASE].replace("XF-2026-0002", "XF-2026-0003"))
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert error_lines(result.output) == [f"cases/2026/{name}:1:1: 文件名应以小写 .yaml 结尾，否则不会被读取：请改名为 {fixed}"]
    assert result.exit_code == 1


def test_other_files_beside_the_cases_are_ignored(minimal_repo: Path, run) -> None:
    _write(minimal_repo, "cases/README.md", "# 案卷说明\n")
    _write(minimal_repo, "cases/2026/notes.txt", "备忘\n")
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 0 and error_lines(result.output) == []
