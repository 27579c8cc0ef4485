"""查询码 as secrets (``generator/querycode.py``, ``xinfang code``): weak codes refused without being printed,
fresh codes written into a case file and shown once, every code listed for the privacy guard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import querycode
from test_validate_rules import expect

C1 = "cases/2026/XF-2026-0001.yaml"
CODE = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


def _with_code(root: Path, code: str) -> None:
    file = root / C1
    text = file.read_text(encoding="utf-8")
    file.write_text(text + f'query_code: "{code}"\n', encoding="utf-8")  # line 34: the baseline stays put


@pytest.mark.parametrize(("code", "reason"), [
    ("7KQ4-MZ9P-X2HD", "是说明文字中的示例"),
    ("2222-2222-2222", "重复的字符太多"),
    ("ABAB-ABAB-ABAB", "重复的字符太多"),
    ("ABCD-ABCD-ABCD", "重复的字符太多"),
    ("2345-6789-KQ4M", "含有连续的字母或数字序列"),
    ("ZYXW-VUTS-K7Q4", "含有连续的字母或数字序列"),
    ("QWER-TYUP-K7Q4", "含有连续的字母或数字序列"),
])
def test_strong_query_codes_bad(minimal_repo: Path, run, code: str, reason: str) -> None:
    """Guards the weak-code rule and its silence about the code. Checked to fail: with ``weakness``
    returning None the run prints nothing for the file; with the code in the message the last assert fails."""
    _with_code(minimal_repo, code)
    expect(run, minimal_repo, f"{C1}:34:13: 查询码 query_code：过于简单（{reason}），容易被猜中："
                              "请运行 xinfang code XF-2026-0001 --replace 换发新查询码并交给信访人")
    output = run(minimal_repo, "validate", "--today", "2026-07-01").output
    assert code not in output and querycode.normalize(code) not in output


def _longest_run_as_first_written(raw: str) -> int:
    """The rule as first written (each order and each direction in a pass of its own): what the one-pass
    ``_longest_run`` must answer."""
    best = 1
    for order in querycode._ORDERS:
        where = [order.find(ch) for ch in raw]
        for step in (1, -1):
            run = 1
            for a, b in zip(where, where[1:]):
                run = run + 1 if a >= 0 and b >= 0 and b - a == step else 1
                best = max(best, run)
    return best


@pytest.mark.parametrize(("raw", "run"), [
    ("23456789KQ4M", 8), ("ZYXWVUTSK7Q4", 8), ("QWERTYUPK7Q4", 7), ("K7Q4MZ9PX2HD", 1), ("A", 1), ("", 1),
    ("ABCBA2", 3), ("9876XYZ", 4), ("qwe", 1),
])
def test_longest_run_in_one_pass_answers_as_the_rule_was_written(raw: str, run: int) -> None:
    assert querycode._longest_run(raw) == _longest_run_as_first_written(raw) == run


def test_longest_run_agrees_on_random_and_issued_codes() -> None:
    import random

    rnd = random.Random(7)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = ["".join(rnd.choice(alphabet[:rnd.randint(2, 36)]) for _ in range(rnd.randint(0, 14))) for _ in range(3000)]
    codes += [querycode.normalize(querycode.issue()) for _ in range(200)]
    assert [querycode._longest_run(c) for c in codes] == [_longest_run_as_first_written(c) for c in codes]


def test_strong_query_codes_good(minimal_repo: Path, run) -> None:
    _with_code(minimal_repo, "K7Q4-MZ9P-X2HE")
    expect(run, minimal_repo)


def test_issued_codes_are_never_weak_and_carry_60_bits() -> None:
    codes = {querycode.issue() for _ in range(500)}
    assert len(codes) == 500 and all(CODE.match(c) and querycode.weakness(c) is None for c in codes)
    assert len(set(querycode.ALPHABET)) == 32 and 32 ** querycode.LENGTH == 2 ** 60


def test_query_codes_lists_every_code_by_case() -> None:
    """The list the privacy guard treats as secrets (``querycode.query_codes``), on the demo data."""
    from generator.config import Paths
    from generator.validate import check_repository
    from conftest import DEMO_TODAY, PROJECT

    repository = check_repository(Paths.at(PROJECT), DEMO_TODAY).repository
    codes = querycode.query_codes(repository.cases)
    assert len(codes) == 11 and all(CODE.match(c) for c in codes.values())
    assert codes["XF-2026-0026"] == "3J55-TRFT-YU56"
    assert querycode.query_codes([c.raw for c in repository.cases]) == codes


# -- xinfang code ------------------------------------------------------------------------------------------

def test_code_verb_writes_a_fresh_code_and_says_to_hand_it_over(minimal_repo: Path, run) -> None:
    before = (minimal_repo / C1).read_text(encoding="utf-8")
    result = run(minimal_repo, "code", "XF-2026-0001")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    code = lines[1].removeprefix("查询码：")
    assert CODE.match(code) and querycode.weakness(code) is None
    assert lines == [
        "已写入 cases/2026/XF-2026-0001.yaml 的查询码 query_code。", f"查询码：{code}",
        "请把查询码交给信访人（只显示这一次），凭码可在公开网站“办理进度查询”页查询办理进度；查询码属内部信息，不要写进公开文字。",
        "已生成 reference/lookup-salt.txt，请提交到仓库（以后不要修改或删除，否则已发出的查询码将查不到）。",
        "已生成 reference/lookup-secret.txt，请提交到仓库（以后不要修改或删除，否则已发出的查询码将查不到）。"]
    after = (minimal_repo / C1).read_text(encoding="utf-8")
    assert after == before.replace("\nchannel:", f'\nquery_code: "{code}"  # 查询码：交给信访人查询进度；内部信息，绝不公开\nchannel:', 1)
    assert run(minimal_repo, "validate", "--today", "2026-07-01").exit_code == 0

    again = run(minimal_repo, "code", "XF-2026-0001")
    assert again.exit_code == 2
    assert again.output.strip().splitlines()[-1] == (
        "错误：cases/2026/XF-2026-0001.yaml 已有查询码。如需作废旧码、换发新码（例如旧码泄露或与他案重复），请加 --replace")
    assert (minimal_repo / C1).read_text(encoding="utf-8") == after

    replaced = run(minimal_repo, "code", "XF-2026-0001", "--replace")
    new = replaced.output.splitlines()[1].removeprefix("查询码：")
    assert new != code and CODE.match(new) and "旧查询码已作废。" in replaced.output
    assert (minimal_repo / C1).read_text(encoding="utf-8") == after.replace(code, new)


@pytest.mark.parametrize(("args", "message"), [
    (("XF-2026-9999",), "错误：cases/2026/XF-2026-9999.yaml 不存在"),
    (("2026-0001",), "错误：“2026-0001” 不是事项编号，应写作 XF-年份-四位编号，例如 XF-2026-0031"),
    ((), "错误：请写明事项编号，例如 xinfang code XF-2026-0031（只生成密钥文件请用 --keys）"),
])
def test_code_verb_refuses_what_it_cannot_do(minimal_repo: Path, run, args: tuple[str, ...], message: str) -> None:
    result = run(minimal_repo, "code", *args)
    assert result.exit_code == 2 and result.output.strip().splitlines()[-1] == message
    assert not (minimal_repo / "reference/lookup-salt.txt").exists()


def test_code_keys_creates_only_what_is_missing(minimal_repo: Path, run) -> None:
    first = run(minimal_repo, "code", "--keys")
    assert first.output.splitlines() == [
        "已生成 reference/lookup-salt.txt，请提交到仓库（以后不要修改或删除，否则已发出的查询码将查不到）。",
        "已生成 reference/lookup-secret.txt，请提交到仓库（以后不要修改或删除，否则已发出的查询码将查不到）。"]
    salt = (minimal_repo / "reference/lookup-salt.txt").read_bytes()
    (minimal_repo / "reference/lookup-secret.txt").unlink()
    second = run(minimal_repo, "code", "--keys")
    assert second.output.splitlines() == [
        "已生成 reference/lookup-secret.txt，请提交到仓库（以后不要修改或删除，否则已发出的查询码将查不到）。"]
    assert (minimal_repo / "reference/lookup-salt.txt").read_bytes() == salt
    assert run(minimal_repo, "code", "--keys").output.splitlines() == ["查询盐值和查询密钥都已存在，无需生成。"]
