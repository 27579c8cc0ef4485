"""Cases that travel between levels (issue 21 item 3): national demo → a provincial union → report back, with
tampered, unknown and duplicate files refused."""

from __future__ import annotations

import base64
import shutil
import json
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, edit
from generator.config import Paths
from generator.exchange import own_keys
from test_init import init, xinfang

EXAMPLE = PROJECT / "examples" / "guangdong"
CASE = "XF-2026-0022"  # the demo's case assigned to 广东省总工会 (U-GD-FGH) on 2026-11-12, not yet reported
CONCLUSION = """- date: '2026-12-10'
  type: conclusion
  note: 经协调，企业同意向不随迁职工支付经济补偿。
conclusion:
  date: '2026-12-10'
  result: 企业与47名职工逐一签订解除协议，按工龄支付经济补偿，安置方案经职代会通过。
  public_result: 企业依法支付不随迁职工经济补偿，安置方案经职代会通过。
"""


@pytest.fixture
def unions(demo_repo: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """The national demo and the provincial demo (examples/guangdong), with the keys they list for each other."""
    lower = tmp_path / "gd"
    shutil.copytree(EXAMPLE, lower)
    return demo_repo, lower, tmp_path / "mail"


def test_the_examples_received_file_opens_and_is_not_imported_twice(unions: tuple[Path, Path, Path]) -> None:
    """The committed demo exchange: the national demo's assignment, already imported as the example's XF-2026-0001."""
    _, lower, _ = unions
    received = next((lower / "received").glob("assignment-XF-2026-0022-*.json"))
    before = sorted(p.name for p in (lower / "cases" / "2026").iterdir())
    done = xinfang(lower, "import", str(received), "--today", "2026-11-27")
    header = json.loads(received.read_text(encoding="utf-8"))["header"]
    assert (done.exit_code, done.output) == (1, f"错误：{received.name} 已经导入过（交换文件 {header['id']}），未重复导入\n")
    assert sorted(p.name for p in (lower / "cases" / "2026").iterdir()) == before == ["XF-2026-0001.yaml"]


def export_assignment(upper: Path, mail: Path) -> Path:
    done = xinfang(upper, "export", "assignment", CASE, "--to", "U-GD-FGH", "--today", "2026-11-26", "--out", str(mail))
    assert done.exit_code == 0, done.output
    return next(mail.glob("assignment-*.json"))


def test_round_trip_national_provincial_and_back(unions: tuple[Path, Path, Path]) -> None:
    upper, lower, mail = unions
    sent = export_assignment(upper, mail)
    header = json.loads(sent.read_text(encoding="utf-8"))["header"]
    # nothing but who sent it to whom travels in the clear
    assert "叶伟明" not in sent.read_text(encoding="utf-8") and "惠州" not in sent.read_text(encoding="utf-8")
    done = xinfang(lower, "import", str(sent), "--today", "2026-11-27")
    assert done.output == ("已导入交办事项：新建 cases/2026/XF-2026-0002.yaml（编号 XF-2026-0002）。请补充登记情况，"
                           "办结后运行 xinfang export report XF-2026-0002。\n")
    case = yaml.safe_load((lower / "cases" / "2026" / "XF-2026-0002.yaml").read_text(encoding="utf-8"))
    assert case["channel"] == "referral"
    assert case["referral"] == {
        "organ": "中华全国总工会", "union": "U-QGZGH", "number": CASE, "deadline": "2026-12-18",
        "requirement": "确定由刘建国副主席包案，交广东省总工会牵头，要求12月18日前报告协商结果；"
                       "请依法按政策办理，办结后书面报告办理结果（办理结果、办结日期、办结情况概要）",
        "exchange": header["id"]}
    # only the details the lower union needs to act: names, phones and employer — no ID number, no address
    assert [sorted(p) for p in case["petitioners"]] == [["employer", "name", "phone"]] * 3
    assert case["petitioners"][0]["name"] == "叶伟明"
    assert (case["received"], case["status"], case["headcount"]) == ("2026-11-27", "registered", 47)

    # the lower union concludes and reports back in writing
    file = lower / "cases" / "2026" / "XF-2026-0002.yaml"
    edit(file, "status: registered", 'accepted: "2026-11-28"\nstatus: concluded')
    file.write_text(file.read_text(encoding="utf-8") + CONCLUSION, encoding="utf-8")
    done = xinfang(lower, "export", "report", "XF-2026-0002", "--today", "2026-12-11", "--out", str(mail))
    assert done.exit_code == 0, done.output
    report = next(mail.glob("report-*.json"))
    done = xinfang(upper, "import", str(report), "--today", "2026-12-11")
    assert done.output == f"已导入书面报告：记入 cases/2026/{CASE}.yaml 的交办（督办）记录和办理进展。\n"
    history = yaml.safe_load((upper / "cases" / "2026" / f"{CASE}.yaml").read_text(encoding="utf-8"))["history"]
    assignment = [h for h in history if h["type"] == "assignment" and h["unit"] == "U-GD-FGH"][-1]
    assert assignment["reported"] == "2026-12-10"
    assert history[-1] == {
        "date": "2026-12-10", "type": "progress", "unit": "U-GD-FGH",
        "exchange": json.loads(report.read_text(encoding="utf-8"))["header"]["id"],
        "note": "广东省总工会书面报告（其编号 XF-2026-0002）：企业与47名职工逐一签订解除协议，按工龄支付经济补偿，安置方案经职代会通过。",
        "public_note": "广东省总工会书面报告办理结果。"}

    # the same report twice: refused, the case unchanged
    before = (upper / "cases" / "2026" / f"{CASE}.yaml").read_bytes()
    done = xinfang(upper, "import", str(report), "--today", "2026-12-11")
    assert (done.exit_code, done.output.splitlines()[-1]) == (
        1, f"错误：{report.name} 已经导入过（交换文件 {history[-1]['exchange']}），未重复导入")
    assert (upper / "cases" / "2026" / f"{CASE}.yaml").read_bytes() == before


def test_a_duplicate_assignment_is_refused(unions: tuple[Path, Path, Path]) -> None:
    """Guards "refuse duplicates": the second import of one file writes no second case.

    Checked it can fail: with the ``_imported`` test removed the second import made XF-2026-0002."""
    upper, lower, mail = unions
    sent = export_assignment(upper, mail)
    assert xinfang(lower, "import", str(sent), "--today", "2026-11-27").exit_code == 0
    done = xinfang(lower, "import", str(sent), "--today", "2026-11-27")
    assert done.exit_code == 1
    assert done.output.endswith(f"错误：{sent.name} 已经导入过（交换文件 {sent.name and json.loads(sent.read_text())['header']['id']}），未重复导入\n")
    assert sorted(p.name for p in (lower / "cases" / "2026").iterdir()) == ["XF-2026-0001.yaml", "XF-2026-0002.yaml"]


def _tamper(file: Path, change) -> Path:
    data = json.loads(file.read_text(encoding="utf-8"))
    change(data)
    bad = file.with_name("bad-" + file.name)
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return bad


def _flip_ciphertext(data: dict) -> None:
    raw = bytearray(base64.b64decode(data["sealed"]["ciphertext"]))
    raw[5] ^= 1
    data["sealed"]["ciphertext"] = base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("change,message", [
    (lambda d: d["header"].update(created="2026-11-01"), "的签名与中华全国总工会的公钥不符：文件在途中被改动，或不是对方发出的，未导入"),
    (_flip_ciphertext, "的签名与中华全国总工会的公钥不符：文件在途中被改动，或不是对方发出的，未导入"),
    (lambda d: d["header"]["from"].update(sign_key="00" * 32),
     "的发送方（中华全国总工会）不在 reference/exchange.yaml 中，或其签名公钥与登记的不同：未导入。请核实后把对方的公钥登记进该文件"),
], ids=["header", "ciphertext", "unknown-sender"])
def test_tampered_and_unknown_files_are_refused(unions: tuple[Path, Path, Path], change, message: str) -> None:
    """Guards the signature: a file changed in transit or signed by a key not listed is refused, nothing written.

    Checked it can fail: with the ``verify`` call removed from ``exchange.open_file`` the two changed files were
    refused only later, by decryption (the header is the cipher's additional data), with another message, and
    this test failed on both."""
    upper, lower, mail = unions
    bad = _tamper(export_assignment(upper, mail), change)
    done = xinfang(lower, "import", str(bad), "--today", "2026-11-27")
    assert (done.exit_code, done.output) == (1, f"错误：{bad.name} {message}\n")
    assert sorted(p.name for p in (lower / "cases" / "2026").iterdir()) == ["XF-2026-0001.yaml"]


def test_a_file_for_another_union_is_refused(unions: tuple[Path, Path, Path], tmp_path: Path) -> None:
    upper, lower, mail = unions
    sent = export_assignment(upper, mail)
    other = init(tmp_path / "js", "provincial", name="江苏省总工会")
    assert xinfang(other, "keys").exit_code == 0
    (other / "reference" / "exchange.yaml").write_text((lower / "reference" / "exchange.yaml").read_text(encoding="utf-8"),
                                                       encoding="utf-8")
    done = xinfang(other, "import", str(sent), "--today", "2026-11-27")
    assert (done.exit_code, done.output) == (1, f"错误：{sent.name} 是发给广东省总工会的，不是发给本会的（加密公钥不同），未导入\n")


def test_an_assignment_needs_its_record_and_the_receivers_key(unions: tuple[Path, Path, Path]) -> None:
    upper, _, mail = unions
    done = xinfang(upper, "export", "assignment", CASE, "--to", "U-JS-FGH", "--today", "2026-11-26", "--out", str(mail))
    assert (done.exit_code, done.output.splitlines()[-1]) == (
        2, "错误：reference/exchange.yaml 中没有 U-JS-FGH 的公钥：请对方运行 xinfang keys，把显示的一条登记进该文件（id 写 U-JS-FGH）")


def test_a_site_holding_the_exchange_secret_is_refused(tmp_path: Path) -> None:
    """Guards the exchange secret like the lookup secret: a site file containing it (hex, or the derived
    decryption key in base64) is refused, and the message does not show it.

    Checked it can fail: with the ``forms`` test in ``exchange.check_unpublished`` made empty both files passed."""
    from generator.errors import OutputError
    from generator.exchange import check_unpublished

    root = init(tmp_path / "gd", "provincial", name="广东省总工会")
    assert xinfang(root, "keys").exit_code == 0
    seed = (root / "reference" / "exchange-key.txt").read_text(encoding="utf-8").strip()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>公开页面</p>", encoding="utf-8")
    check_unpublished(site, Paths.at(root))  # a clean site passes
    (site / "leak.txt").write_text(f"key={seed}", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        check_unpublished(site, Paths.at(root))
    assert caught.value.message == ("生成的网站文件 leak.txt 含有本会交换密钥 reference/exchange-key.txt 的内容，"
                                    "拒绝发布；原网站保持不变")
    (site / "leak.txt").unlink()
    from cryptography.hazmat.primitives import serialization
    x = own_keys(Paths.at(root)).decrypt.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                                       serialization.NoEncryption())
    (site / "other.js").write_text("var k='" + base64.b64encode(x).decode().rstrip("=") + "';", encoding="utf-8")
    with pytest.raises(OutputError):
        check_unpublished(site, Paths.at(root))
