"""分类处理 and 不予受理 (``generator/routes.py``): each rule with a good and a bad file, exact ``path:line:col``.

A refused case records when the petitioner was told and on which ground; a refusal because a lawful route
applies names that route; every route but 信访 names the body handling it. The dates and positions below
were worked out by hand from the file text (received 2026-06-01 → told by 2026-06-16, the 15th day).
"""

from __future__ import annotations

from pathlib import Path

from generator import registry, routes
from test_validate_rules import expect

C3 = "cases/2026/XF-2026-0003.yaml"

REFUSED = """\
id: XF-2026-0003
channel: call
petitioners:
  - name: 吴测丙
topic: labor_contract
region:
  province: 河北省
title: 已经终审判决的劳动合同争议
summary: 吴测丙来电要求撤销终审判决。
received: "2026-06-01"
status: not_accepted
not_accepted_reason: 属于应通过申请再审解决的诉讼类事项。
not_accepted:
  date: "2026-06-03"
  category: legal_route
route:
  kind: litigation
  date: "2026-06-03"
  body: 测试省高级人民法院
history:
  - date: "2026-06-01"
    type: registration
"""


def _write(root: Path, text: str) -> None:
    (root / C3).write_text(text, encoding="utf-8")


def test_case_not_accepted_good(minimal_repo: Path, run) -> None:
    _write(minimal_repo, REFUSED)
    expect(run, minimal_repo)
    _write(minimal_repo, REFUSED.replace("category: legal_route", "category: out_of_scope")
           .replace("route:\n  kind: litigation\n  date: \"2026-06-03\"\n  body: 测试省高级人民法院\n", ""))
    expect(run, minimal_repo)


def test_case_not_accepted_bad_missing_record(minimal_repo: Path, run) -> None:
    _write(minimal_repo, REFUSED.replace('not_accepted:\n  date: "2026-06-03"\n  category: legal_route\n', ""))
    expect(run, minimal_repo,
           f"{C3}:11:9: 办理状态 status：不予受理的事项须填写不予受理 not_accepted：书面告知日期 date 和类别 category")


def test_case_not_accepted_bad_dates_and_route(minimal_repo: Path, run) -> None:
    _write(minimal_repo, REFUSED.replace('  date: "2026-06-03"\n  category', '  date: "2026-05-30"\n  category')
           .replace("kind: litigation", "kind: petition").replace("  body: 测试省高级人民法院\n", ""))
    expect(run, minimal_repo,
           f"{C3}:14:9: 不予受理告知日期 date：“2026-05-30” 早于收到日期 2026-06-01",
           f"{C3}:17:9: 途径 kind：因应通过法定途径解决而不予受理的，须在处理途径 route 中写明导入的法定途径"
           "（仲裁、诉讼、劳动保障监察、劳动能力鉴定或行政复议）")
    _write(minimal_repo, REFUSED.replace('  date: "2026-06-03"\n  category', '  date: "2026-06-17"\n  category'))
    expect(run, minimal_repo, f"{C3}:14:9: 警告：不予受理告知日期 date：“2026-06-17” 超过告知期限 2026-06-16（收到之日起 15 日）")
    _write(minimal_repo, REFUSED.replace('  date: "2026-06-03"\n  category', '  date: "2026-07-02"\n  category'))
    expect(run, minimal_repo,
           f"{C3}:14:9: 不予受理告知日期 date：“2026-07-02” 晚于今天（2026-07-01）",
           f"{C3}:14:9: 警告：不予受理告知日期 date：“2026-07-02” 超过告知期限 2026-06-16（收到之日起 15 日）")


def test_case_not_accepted_bad_record_on_an_accepted_case(minimal_repo: Path, run) -> None:
    case = minimal_repo / "cases/2026/XF-2026-0002.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "status: concluded\n", 'status: concluded\nnot_accepted:\n  date: "2026-05-08"\n  category: other\n'), encoding="utf-8")
    expect(run, minimal_repo, "cases/2026/XF-2026-0002.yaml:17:3: 不予受理 not_accepted：只有不予受理（status: not_accepted）的事项才填写")


def test_case_route_good(minimal_repo: Path, run) -> None:
    case = minimal_repo / "cases/2026/XF-2026-0002.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("status: concluded\n", 'status: concluded\nroute:\n  kind: petition\n  date: "2026-05-08"\n'),
                    encoding="utf-8")
    expect(run, minimal_repo)
    case.write_text(text.replace("status: concluded\n", 'status: concluded\nroute:\n  kind: local_union\n'
                                 '  date: "2026-05-09"\n  body: 测试省总工会\n'), encoding="utf-8")
    expect(run, minimal_repo)


def test_case_route_bad(minimal_repo: Path, run) -> None:
    case = minimal_repo / "cases/2026/XF-2026-0002.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("status: concluded\n", 'status: concluded\nroute:\n  kind: arbitration\n'
                                 '  date: "2026-05-01"\n  body: 测试市劳动人事争议仲裁委员会\n'), encoding="utf-8")
    expect(run, minimal_repo,
           "cases/2026/XF-2026-0002.yaml:17:9: 警告：途径 kind：已导入劳动人事争议仲裁途径，却又按信访程序受理办理：请核对状态或处理途径",
           "cases/2026/XF-2026-0002.yaml:18:9: 导入日期 date：“2026-05-01” 早于收到日期 2026-05-06")
    case.write_text(text.replace("status: concluded\n", 'status: registered\nroute:\n  kind: labor_inspection\n'
                                 '  date: "2026-05-07"\n').replace('accepted: "2026-05-08"\n', ""), encoding="utf-8")
    found = run(minimal_repo, "validate", "--today", "2026-07-01").output.splitlines()
    assert "cases/2026/XF-2026-0002.yaml:16:9: 途径 kind：劳动保障监察须填写受理机关 body（有权处理的机关或转交的工会）" in found
    case.write_text(text.replace("status: concluded\n", 'status: concluded\nroute:\n  kind: petition\n'
                                 '  date: "2026-07-02"\n  body: 测试省总工会\n'), encoding="utf-8")
    expect(run, minimal_repo,
           "cases/2026/XF-2026-0002.yaml:18:9: 导入日期 date：“2026-07-02” 晚于今天（2026-07-01）",
           "cases/2026/XF-2026-0002.yaml:19:9: 受理机关 body：按信访程序办理的事项不填写受理机关")


def test_every_route_rule_has_a_good_and_a_bad_test() -> None:
    names = set(globals())
    declared = [rule for rule in registry.file_rules() if rule.check.__module__ == routes.__name__]
    missing = [rule.name for rule in declared
               if not any(n.startswith(f"test_{rule.name}_good") for n in names)
               or not any(n.startswith(f"test_{rule.name}_bad") for n in names)]
    assert [(r.name, r.kinds) for r in declared] == [("case_not_accepted", ("case",)), ("case_route", ("case",))]
    assert missing == []


def test_demo_exercises_every_route_and_refusal_field() -> None:
    """The demo data uses both records: a refusal of each kind it can show and routes in and out of 信访."""
    from generator.config import Paths
    from generator.validate import check_repository
    from conftest import DEMO_TODAY, PROJECT

    checked = check_repository(Paths.at(PROJECT), DEMO_TODAY)
    assert checked.ok
    cases = {c.id: c for c in checked.repository.cases}
    refused = {i: (c.not_accepted.date.isoformat(), c.not_accepted.category) for i, c in cases.items() if c.not_accepted}
    assert refused == {"XF-2025-0019": ("2025-12-05", "legal_route"), "XF-2026-0006": ("2026-03-10", "out_of_scope"),
                       "XF-2026-0026": ("2026-09-08", "review_concluded")}
    routed = {i: (c.route.kind, c.route.body) for i, c in cases.items() if c.route}
    assert routed == {"XF-2025-0019": ("litigation", "江苏省高级人民法院（申请再审）"),
                      "XF-2026-0012": ("petition", ""), "XF-2026-0026": ("work_ability", "成都市劳动能力鉴定委员会（复查鉴定）"),
                      "XF-2026-0028": ("local_union", "浙江省总工会")}
