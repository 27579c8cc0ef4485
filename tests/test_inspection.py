"""The upper level's inspection (issue 21 item 4): two provincial unions send their figures, the national union
reads them and writes a report per union and a 通报 draft."""

from __future__ import annotations

from pathlib import Path

from generator.config import Paths
from generator.exchange import own_keys
from test_init import init, xinfang
from test_levels import LEADERS

# 广东: in 2026H1 the chairman held 1 day in each of January–June (the provincial rule: 1 day a month → 达标),
# the 副主席 only in January and February (2 of 6 months → 未达标，4 个周期). 江苏: nobody held any day.
# 广东: the chairman a whole day (morning and afternoon) on the 15th of each month January–June (12 half days =
# 6 days: each month's 1 day met); the 副主席 one morning on 16 January and one on 16 February (2 half days =
# 1 day, but half a day in each of those months: no month met).
GD_RECEPTIONS = "year: 2026\nreceptions:\n" + "".join(
    f'  - {{id: JF-2026-{n:02d}, date: "2026-{m:02d}-1{d}", session: {s}, mode: thematic, leader: {who}, '
    f'location: 接待室, subject: 欠薪专题接访, topic: wages, status: held, attendance: 1}}\n'
    for n, (m, d, s, who) in enumerate([(m, 5, s, "L-WANG") for m in range(1, 7) for s in ("am", "pm")]
                                       + [(1, 6, "am", "L-LI"), (2, 6, "am", "L-LI")], 1))
# one package taken by the chairman in March, concluded late (deadline 60 days after acceptance) — by hand:
# accepted 2026-03-02 → day 60 is 2026-05-01 (劳动节, off until 05-05) → due 2026-05-06; concluded 05-20: late.
PACKAGED = """id: XF-2026-0001
channel: call
petitioners:
  - name: 钱某某
topic: wages
region:
  province: 广东省
title: 职工反映工资拖欠
public_summary: 钱某反映所在企业拖欠三个月工资。
summary: 来电反映某厂拖欠工资。
received: "2026-03-01"
accepted: "2026-03-02"
status: concluded
package:
  leader: L-WANG
  since: "2026-03-05"
  scope: [protracted]
  disclosure: withheld
  withheld_reason: 涉及企业商业秘密
history:
  - {date: "2026-03-01", type: registration, note: 电话登记。}
  - {date: "2026-05-20", type: conclusion, note: 已结清。}
conclusion:
  date: "2026-05-20"
  result: 企业结清拖欠工资。
"""


def lower(tmp_path: Path, folder: str, name: str) -> Path:
    root = init(tmp_path / folder, "provincial", name=name)
    (root / "reference" / "leaders.yaml").write_text(LEADERS, encoding="utf-8")
    return root


def test_two_provincial_unions_inspected_by_the_national_one(demo_repo: Path, tmp_path: Path) -> None:
    gd, js = lower(tmp_path, "gd", "广东省总工会"), lower(tmp_path, "js", "江苏省总工会")
    (gd / "schedules").mkdir()
    (gd / "schedules" / "2026.yaml").write_text(GD_RECEPTIONS, encoding="utf-8")
    (gd / "cases" / "2026").mkdir(parents=True)
    (gd / "cases" / "2026" / "XF-2026-0001.yaml").write_text(PACKAGED, encoding="utf-8")
    for root in (demo_repo, gd, js):
        assert xinfang(root, "keys").exit_code == 0
    up = own_keys(Paths.at(demo_repo))
    entries = []
    for root, uid, name in ((gd, "U-GD-FGH", "广东省总工会"), (js, "U-JS-FGH", "江苏省总工会")):
        keys = own_keys(Paths.at(root))
        entries.append(f"  - {{id: {uid}, name: {name}, sign_key: {keys.sign_key}, encrypt_key: {keys.encrypt_key}}}\n")
        (root / "reference" / "exchange.yaml").write_text(
            f"unions:\n  - {{id: U-ACFTU, name: 中华全国总工会, sign_key: {up.sign_key}, encrypt_key: {up.encrypt_key}}}\n",
            encoding="utf-8")
    (demo_repo / "reference" / "exchange.yaml").write_text("unions:\n" + "".join(entries), encoding="utf-8")
    mail = tmp_path / "mail"
    for root in (gd, js):
        done = xinfang(root, "export", "inspection", "2026H1", "--to", "U-ACFTU", "--today", "2026-07-10", "--out", str(mail))
        assert done.exit_code == 0, done.output
    # counts only: no petitioner's name in what travels, even decrypted
    from generator.exchange import open_file
    body = open_file(next(mail.glob("*.json")), Paths.at(demo_repo)).body
    assert "钱某某" not in str(body) and "拖欠" not in str(body)

    out = tmp_path / "report"
    done = xinfang(demo_repo, "inspect", str(mail), "--out", str(out), "--today", "2026-11-30")
    assert done.output == f"已汇总 2 个下级工会的检查数据：{out}（index.html 是检查通报草稿）。\n"
    rows = (out / "inspection.csv").read_text(encoding="utf-8-sig").splitlines()
    by_union = sorted(rows[1:])
    assert by_union == [
        "广东省总工会,省级工会（省、自治区、直辖市）,2026H1,李某某,副主席,1,2,0/6,未达标（6 个周期）,1,0,1,0,1,0.0%",
        "广东省总工会,省级工会（省、自治区、直辖市）,2026H1,王某某,主席,6,12,6/6,达标,1,0,1,0,1,0.0%",
        "江苏省总工会,省级工会（省、自治区、直辖市）,2026H1,李某某,副主席,0,0,0/6,未达标（6 个周期）,0,0,0,0,0,—",
        "江苏省总工会,省级工会（省、自治区、直辖市）,2026H1,王某某,主席,0,0,0/6,未达标（6 个周期）,0,0,0,0,0,—",
    ]
    notice = (out / "index.html").read_text(encoding="utf-8")
    assert "<li>广东省总工会：李某某接待职工来访天数未达到“省（市、区）级工会领导干部一般每月至少安排一天时间接待职工群众来访”的要求。</li>" in notice
    assert "<li>江苏省总工会：主要领导期内未亲自包案。</li>" in notice
    assert "赵某某" not in notice  # the part-time leader is not held to the rule


def test_a_tampered_inspection_file_is_named_not_used(demo_repo: Path, tmp_path: Path) -> None:
    gd = lower(tmp_path, "gd", "广东省总工会")
    for root in (demo_repo, gd):
        assert xinfang(root, "keys").exit_code == 0
    up, low = own_keys(Paths.at(demo_repo)), own_keys(Paths.at(gd))
    (gd / "reference" / "exchange.yaml").write_text(
        f"unions:\n  - {{id: U-ACFTU, name: 中华全国总工会, sign_key: {up.sign_key}, encrypt_key: {up.encrypt_key}}}\n", encoding="utf-8")
    (demo_repo / "reference" / "exchange.yaml").write_text(
        f"unions:\n  - {{id: U-GD-FGH, name: 广东省总工会, sign_key: {low.sign_key}, encrypt_key: {low.encrypt_key}}}\n", encoding="utf-8")
    mail = tmp_path / "mail"
    assert xinfang(gd, "export", "inspection", "2026", "--to", "U-ACFTU", "--today", "2026-07-10", "--out", str(mail)).exit_code == 0
    file = next(mail.glob("*.json"))
    file.write_text(file.read_text(encoding="utf-8").replace('"created": "2026-07-10"', '"created": "2026-07-11"'), encoding="utf-8")
    done = xinfang(demo_repo, "inspect", str(mail), "--out", str(tmp_path / "report"), "--today", "2026-11-30")
    assert (done.exit_code, done.output) == (2, f"错误：{mail} 中没有可用的检查数据文件：{file.name} 的签名与广东省总工会的公钥不符："
                                            "文件在途中被改动，或不是对方发出的，未导入\n")
    assert not (tmp_path / "report").exists()


def test_a_lower_sites_public_receptions_complete_the_days(demo_repo: Path, tmp_path: Path) -> None:
    """江苏 sent no file; its site's data/receptions.json (the same projection the build publishes) gives the
    chairman's days: January–June a whole day each, and the mornings of 20 January and 20 February (the 副主席's
    mornings moved to him): 14 half days = 7 days, every month's 1 day met → 6/6 under the provincial rule."""
    from datetime import date

    from generator.public import public_data
    from generator.site.receptions_data import receptions_json
    from generator.validate import check_repository

    js = lower(tmp_path, "js", "江苏省总工会")
    (js / "schedules").mkdir()
    (js / "schedules" / "2026.yaml").write_text(GD_RECEPTIONS.replace("L-LI", "L-WANG").replace("-16", "-20"),
                                                  encoding="utf-8")
    repo = check_repository(Paths.at(js), date(2026, 7, 10)).repository
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "js-receptions.json").write_bytes(receptions_json(public_data(repo, date(2026, 7, 10)).receptions,
                                                              repo.union, date(2026, 7, 10)))
    out = tmp_path / "report"
    done = xinfang(demo_repo, "inspect", str(mail), "--period", "2026H1", "--out", str(out), "--today", "2026-11-30")
    assert done.output == f"已汇总 1 个下级工会的检查数据：{out}（index.html 是检查通报草稿）。\n"
    rows = (out / "inspection.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert rows == ["江苏省总工会,省级工会（省、自治区、直辖市）,2026H1,王某某,主席,7,14,6/6,达标,0,0,0,0,0,—"]
    page = (out / "01-2026H1.html").read_text(encoding="utf-8")
    assert "数据来源：公开网站接访数据 receptions.json（未签名；不含包案和办结数据）。" in page
