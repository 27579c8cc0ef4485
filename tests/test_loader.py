"""The safe loader (安全读取) on its own: plain data out, every refusal a positioned problem.

These call ``generator.loader`` directly (no repository, no schema), so each promise of the loader is
pinned down where it is made: which scalars become which Python values, where problems are placed, and
the exact limits of size and depth.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from generator import loader
from generator.loader import MAX_BYTES, MAX_DEPTH, key_pointer, load_file, locate, parse_text


def data_of(text: str):
    doc, problems = parse_text(text, "f.yaml")
    assert problems == [], [p.format() for p in problems]
    assert doc is not None
    return doc.data


def problem_lines(text: str) -> list[str]:
    doc, problems = parse_text(text, "f.yaml")
    assert doc is None
    return [p.format() for p in problems]


@pytest.mark.parametrize(("written", "value"), [
    ("10", 10), ("-3", -3), ("0", 0), ("true", True), ("False", False), ("~", None), ("null", None), ("", None),
    # YAML 1.1 guesses that never happen: all stay exactly as written
    ("no", "no"), ("on", "on"), ("yes", "yes"), ("off", "off"), ("y", "y"), ("0755", "0755"), ("0o17", "0o17"),
    ("0x1F", "0x1F"), ("1:20", "1:20"), ("1_000", "1_000"), ("+1", "+1"), ("1e3", "1e3"), ("4.0", "4.0"),
    (".inf", ".inf"), ("-.inf", "-.inf"), (".nan", ".nan"), ("2026-03-10", "2026-03-10"),
    ("2026-03-10T10:00:00", "2026-03-10T10:00:00"), ("1234567890123456789", "1234567890123456789"),
    # quoted text is always text
    ("'10'", "10"), ('"true"', "true"), ('"~"', "~"), ("'13912345678'", "13912345678"),
])
def test_scalars_resolve_to_plain_values(written: str, value) -> None:
    result = data_of(f"v: {written}\n")["v"]
    assert result == value
    assert type(result) is type(value)


def test_largest_integer_is_eighteen_digits() -> None:
    assert data_of("v: 999999999999999999\n")["v"] == 999999999999999999
    assert data_of("v: 9999999999999999999\n")["v"] == "9999999999999999999"


def test_nested_data_is_plain_dicts_and_lists() -> None:
    assert data_of("a:\n  - b: [1, x]\n  - {c: d}\n") == {"a": [{"b": [1, "x"]}, {"c": "d"}]}


def test_multiline_texts_keep_their_lines() -> None:
    assert data_of("a: |\n  第一行\n  第二行\nb: >\n  折叠\n  一行\n") == {"a": "第一行\n第二行\n", "b": "折叠 一行\n"}


def test_all_problems_of_a_file_are_reported_in_order() -> None:
    assert problem_lines("b: !!int x\na: 1\na: 2\nc: \u202ex\n") == [
        "f.yaml:1:4: 不支持 YAML 标签 !!int：请删除它，直接写文字",
        "f.yaml:3:1: 键“a”重复出现：同一层里每个键只能写一次",
        "f.yaml:4:4: 文字中含有不可见的控制字符 U+202E（可改变文字显示方向），请删除",
    ]


def test_duplicate_keys_in_nested_and_flow_mappings() -> None:
    assert problem_lines("a:\n  x: 1\n  x: 2\nb: {y: 1, y: 2}\n") == [
        "f.yaml:3:3: 键“x”重复出现：同一层里每个键只能写一次",
        "f.yaml:4:11: 键“y”重复出现：同一层里每个键只能写一次",
    ]


def test_quoted_and_plain_spelling_of_a_key_are_the_same_key() -> None:
    assert problem_lines('a: 1\n"a": 2\n') == ["f.yaml:2:1: 键“a”重复出现：同一层里每个键只能写一次"]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/name:os.system", "!!set", "!!omap",
                                 "!!timestamp", "!!float", "!!int", "!custom"])
def test_every_tag_is_refused(tag: str) -> None:
    lines = problem_lines(f"v: {tag} x\n")
    assert len(lines) == 1 and lines[0].startswith("f.yaml:1:4: 不支持 YAML 标签 ")


def test_tag_on_a_mapping_and_a_sequence() -> None:
    assert problem_lines("a: !!omap {x: 1}\nb: !!set [1]\n") == [
        "f.yaml:1:4: 不支持 YAML 标签 !!omap：请删除它",
        "f.yaml:2:4: 不支持 YAML 标签 !!set：请删除它",
    ]


def test_alias_bomb_is_refused_quickly_and_once() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):  # 10**12 strings if anyone expanded it
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    started = time.perf_counter()
    found = problem_lines("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2.0
    assert found == ["f.yaml:2:10: 不允许使用锚点和别名（& 和 *）：请把内容直接写出来"]


def test_an_anchor_without_alias_is_harmless() -> None:
    assert data_of("a: &name 1\n") == {"a": 1}


@pytest.mark.parametrize(("text", "where"), [("a: &x [*x]\n", "1:8"), ("&x a: *x\n", "1:7"), ("a: &k b\n*k : c\n", "2:1")])
def test_cyclic_and_key_aliases(text: str, where: str) -> None:
    assert problem_lines(text) == [f"f.yaml:{where}: 不允许使用锚点和别名（& 和 *）：请把内容直接写出来"]


def _nested(levels: int) -> str:
    return "v: " + "[" * levels + "]" * levels + "\n"


def test_depth_limit_is_exact() -> None:
    # the root mapping is depth 0, its value depth 1: MAX_DEPTH levels of lists are allowed, one more is not
    assert data_of(_nested(MAX_DEPTH))["v"] is not None
    assert problem_lines(_nested(MAX_DEPTH + 1)) == [f"f.yaml:1:{4 + MAX_DEPTH}: 嵌套层次过深（超过 {MAX_DEPTH} 层）"]


def test_extreme_nesting_never_raises() -> None:
    found = problem_lines(_nested(50_000))
    assert len(found) == 1 and "嵌套层次过深" in found[0]


def test_size_limit_is_exact(tmp_path: Path) -> None:
    head = "a: 1\n#"
    file = tmp_path / "big.yaml"
    file.write_bytes((head + "x" * (MAX_BYTES - len(head) - 1) + "\n").encode())
    assert file.stat().st_size == MAX_BYTES
    doc, problems = load_file(file, "big.yaml")
    assert problems == [] and doc is not None and doc.data == {"a": 1}
    with file.open("ab") as handle:
        handle.write(b"x")
    doc, problems = load_file(file, "big.yaml")
    assert doc is None
    assert [p.format() for p in problems] == ["big.yaml:1:1: 文件过大（超过 1024 KB），请检查是否误存了其他内容"]


def test_gbk_error_points_at_the_first_bad_byte(tmp_path: Path) -> None:
    file = tmp_path / "gbk.yaml"
    file.write_bytes("id: X\nname: 张三\n".encode("gbk"))
    _, problems = load_file(file, "gbk.yaml")
    assert [p.format() for p in problems] == [
        "gbk.yaml:2:7: 文件不是 UTF-8 编码，看起来是 GBK/GB2312 编码（Windows 记事本、WPS 常见）：请用编辑器另存为 UTF-8 后再提交"]


def test_invalid_utf8_that_is_not_gbk(tmp_path: Path) -> None:
    file = tmp_path / "bin.yaml"
    file.write_bytes(b"a: 1\nb: \xff\xff\xff\n")
    _, problems = load_file(file, "bin.yaml")
    assert [p.format() for p in problems] == ["bin.yaml:2:4: 文件不是 UTF-8 编码：请用编辑器另存为 UTF-8 后再提交"]


def test_bom_is_dropped_before_parsing(tmp_path: Path) -> None:
    file = tmp_path / "bom.yaml"
    file.write_bytes(b"\xef\xbb\xbfid: 1\n")
    doc, problems = load_file(file, "bom.yaml")
    assert problems == [] and doc is not None and doc.data == {"id": 1}


def test_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    doc, problems = load_file(tmp_path / "nope.yaml", "nope.yaml")
    assert doc is None
    assert [p.format() for p in problems] == ["nope.yaml:1:1: 无法读取文件：No such file or directory"]


def test_raw_control_character_position_counts_characters_not_bytes() -> None:
    assert problem_lines("# 中文注释\nb: 中文\x07\n") == ["f.yaml:2:6: 文件含有不允许的控制字符 U+0007，请删除"]


@pytest.mark.parametrize(("char", "code", "kind"), [
    ("\u200b", "200B", "零宽字符"), ("\u200d", "200D", "零宽字符"), ("\u2060", "2060", "零宽字符"),
    ("\u00ad", "00AD", "零宽字符"), ("\\x1b", "001B", "控制字符"), ("\\x85", "0085", "控制字符")])
def test_hidden_characters_in_quoted_text(char: str, code: str, kind: str) -> None:
    assert problem_lines(f'v: "李{char}测甲"\n') == [f"f.yaml:1:4: 文字中含有看不见的{kind} U+{code}，请删除"]


def test_tab_inside_quoted_text_is_allowed() -> None:
    assert data_of('v: "a\\tb"\n') == {"v": "a\tb"}


def test_unclosed_quote_in_a_flow_list() -> None:
    assert problem_lines('a: ["x, y]\nb: 1\nc: "z"\n') == [
        "f.yaml:1:5: YAML 格式错误：引号没有闭合：这里开始的引号一直延续到第 3 行"]


def test_locate_value_key_and_nearest_parent() -> None:
    doc, _ = parse_text("a:\n  b:\n    - x\n    - y: 1\n", "f.yaml")
    assert doc is not None and doc.node is not None
    assert locate(doc.node, ("a", "b", 1, "y")) == (4, 10)
    assert locate(doc.node, key_pointer(("a", "b", 1, "y"))) == (4, 7)
    assert locate(doc.node, ("a", "b", 0)) == (3, 7)
    assert locate(doc.node, ("a", "missing", 3)) == (2, 3)  # nearest existing parent: the value of a
    assert locate(doc.node, ("a", "b", 9)) == (3, 5)
    assert locate(None, ("a",)) == (1, 1)


def test_keep_node_false_drops_the_tree() -> None:
    doc, _ = parse_text("a: 1\n", "f.yaml", keep_node=False)
    assert doc is not None and doc.node is None and doc.data == {"a": 1}


def test_loader_never_uses_a_constructor() -> None:
    # the composer only: a Python object tag must not be constructed even when a test forgets to check
    assert issubclass(loader._Loader, (yaml.CBaseLoader, yaml.BaseLoader))
    assert not issubclass(loader._Loader, (yaml.SafeLoader, yaml.FullLoader, yaml.UnsafeLoader, yaml.CSafeLoader,
                                           yaml.CFullLoader, yaml.CUnsafeLoader))
    assert problem_lines("v: !!python/object/new:builtins.exit []\n")[0].startswith("f.yaml:1:4: 不支持 YAML 标签")


@pytest.mark.parametrize(("text", "line"), [
    ("a: - b\n", "f.yaml:1:4: YAML 格式错误：这里不能开始列表项“- ”：“键: - 值”要写成两行，或检查缩进"),
    ("a: [1, 2\nb: 3\n", "f.yaml:2:2: YAML 格式错误：方括号列表 [ ] 没有正确结束：缺少逗号或“]”（含逗号、冒号的文字请加引号）"),
    ("a: {x: 1\nb: 3\n", "f.yaml:2:2: YAML 格式错误：花括号 { } 没有正确结束：缺少逗号或“}”（含逗号、冒号的文字请加引号）"),
    ("a: 1\n...\nb: 2\n", "f.yaml:3:1: YAML 格式错误：文档结束标记“...”或“%”指令之后不能再有内容：请删除它们"),
    ("a: & b\n", "f.yaml:1:5: YAML 格式错误：& 或 * 后面缺少名称（以 & 或 * 开头的文字请加引号）"),
    ("a: |x\n  b\n", "f.yaml:1:5: YAML 格式错误：这一行在“|”“>”或指令之后有多余的文字"),
    ("a: [,]\n", "f.yaml:1:5: YAML 格式错误：这里缺少一个值（例如列表中多了逗号）"),
    ("a: ? b\n", "f.yaml:1:4: YAML 格式错误：这里不能出现“? ”开头的键（以 ? 开头的文字请加引号）"),
    ("% x\na: 1\n", "f.yaml:1:2: YAML 格式错误：以 % 开头的行是 YAML 指令：以 % 开头的文字请加引号"),
    ('a: "C:\\xq"\n', "f.yaml:1:9: YAML 格式错误：双引号文字中的 \\x 或 \\u 后面应是十六进制数字（含反斜杠的文字请改用单引号）"),
])
def test_libyaml_messages_found_by_the_fuzzer_are_worded_in_chinese(text: str, line: str) -> None:
    assert problem_lines(text) == [line]


@pytest.mark.parametrize(("text", "line"), [
    ("a: 'x\n---\n y'\n", "f.yaml:2:1: YAML 格式错误：引号中的文字有一行以“---”或“...”开头：请改写这一行或改用“|”多行文字"),
    ('a: "\\ud800"\n', "f.yaml:1:7: YAML 格式错误：双引号文字中的 \\u 转义不是有效的字符（含反斜杠的文字请改用单引号）"),
    ("a: |0\n  x\n", "f.yaml:1:5: YAML 格式错误：“|”或“>”后面的缩进数字不能是 0"),
    ("a: !x!y z\n", "f.yaml:1:4: YAML 格式错误：以 ! 开头的是 YAML 标签，本项目不使用：以 ! 开头的文字请加引号"),
    ("a: !<x\n", "f.yaml:1:7: YAML 格式错误：以 ! 开头的是 YAML 标签，本项目不使用：以 ! 开头的文字请加引号"),
    ("%YAML 2.0\n---\na: 1\n", "f.yaml:1:1: YAML 格式错误：以 % 开头的行是 YAML 指令，本项目不需要：请删除这一行"),
    ("%FOO\n---\na: 1\n", "f.yaml:1:5: YAML 格式错误：以 % 开头的行是 YAML 指令，本项目不需要：请删除这一行（以 % 开头的文字请加引号）"),
    ("%YAML x\n---\na: 1\n", "f.yaml:1:7: YAML 格式错误：以 % 开头的行是 YAML 指令，本项目不需要：请删除这一行"),
])
def test_every_libyaml_message_is_worded_in_chinese(text: str, line: str) -> None:
    assert problem_lines(text) == [line]


def test_an_unknown_libyaml_message_still_gets_a_chinese_sentence() -> None:
    from generator.loader import _explain

    exc = yaml.MarkedYAMLError(problem="found something new", problem_mark=None)
    assert _explain(exc) == "YAML 格式错误：无法解析这一行（found something new），请检查缩进、冒号和引号"
