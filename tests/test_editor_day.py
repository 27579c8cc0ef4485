"""Issue 17, an editor's day without friction: placeholders where the build publishes, reception slots,
case renumbering, and the other points an editor with little git or YAML stumbles on."""

from __future__ import annotations

from pathlib import Path

from conftest import edit

TODAY = "2026-07-01"
CASE = "cases/2026/XF-2026-0001.yaml"
PLAN = "schedules/2026.yaml"


# what the minimal repository reports anyway on TODAY (an overdue case, a past planned reception)
BASELINE = ("已超期：办结期限", "接访日期 2026-04-14 已过")


def _lines(run, root: Path, *args: str) -> list[str]:
    result = run(root, "validate", "--today", TODAY, *args)
    return [line for line in result.output.splitlines()
            if line.startswith(("cases/", "schedules/")) and not any(b in line for b in BASELINE)]


# -- 3. placeholders -----------------------------------------------------------------------------------

def test_placeholder_in_a_published_case_is_an_error_and_a_warning_elsewhere(minimal_repo: Path, run) -> None:
    """Guards: a public package whose title is still （待填写） must not build (issue 17.3).

    Checked it can fail: with ``_published_pointers`` returning ``set()`` both lines were warnings and
    validate exited 0.
    """
    edit(minimal_repo / CASE, "title: 某机械企业拖欠工资问题", "title: （待填写）匿名化的公开标题")
    edit(minimal_repo / CASE, "    note: 李测甲来访登记。", "    note: （待填写）登记情况")
    result = run(minimal_repo, "validate", "--today", TODAY)
    assert result.exit_code == 1
    assert _lines(run, minimal_repo) == [
        f"{CASE}:14:8: 公开标题 title：仍是占位文字“（待填写）匿名化的公开标题”，而这一项会在公开网站上发布，请换成实际内容",
        f"{CASE}:29:11: 警告：内部记录 note：仍是占位文字“（待填写）登记情况”，请换成实际内容",
    ]
    # the same title in a package that is withheld is only a reminder
    edit(minimal_repo / CASE, "disclosure: public", "disclosure: withheld\n  withheld_reason: 涉及个人隐私")
    assert [line.split(": ", 1)[1][:3] for line in _lines(run, minimal_repo)] == ["警告：", "警告："]


def test_placeholder_in_a_reception_is_an_error_since_the_calendar_is_public(minimal_repo: Path, run) -> None:
    edit(minimal_repo / PLAN, "subject: 建筑业欠薪专题接访", "subject: （待填写）专题接访主题")
    assert _lines(run, minimal_repo) == [
        f"{PLAN}:20:14: 主题 subject：仍是占位文字“（待填写）专题接访主题”，而这一项会在公开网站上发布，请换成实际内容",
    ]


# -- 4. reception slots --------------------------------------------------------------------------------

_SECOND = ("  - id: JF-2026-03\n    date: \"2026-04-14\"\n    session: am\n    mode: fixed\n    leader: {leader}\n"
           "    location: {location}\n    status: {status}\n")


def _add(root: Path, **values: str) -> None:
    with (root / PLAN).open("a", encoding="utf-8") as out:
        out.write(_SECOND.format(**{"leader": "L-QIAN", "location": "测试市总工会信访接待室", "status": "planned", **values}))


def test_same_leader_twice_in_one_half_day_is_an_error(minimal_repo: Path, run) -> None:
    """Guards: two receptions of one leader in one slot (issue 17.4). Checked it fails with the rule removed
    from ``REPOSITORY_RULES`` (validate passed)."""
    _add(minimal_repo, location="某区职工服务中心")
    assert _lines(run, minimal_repo) == [
        f"{PLAN}:26:13: 接访领导 leader：L-QIAN 在 2026-04-14 上午 已有接访 JF-2026-02，同一领导同一时段只能安排一场："
        "请改日期或时段 session",
    ]


def test_the_reception_room_holds_one_reception_per_half_day(minimal_repo: Path, run) -> None:
    _add(minimal_repo, leader="L-ZHAO")
    assert _lines(run, minimal_repo) == [
        f"{PLAN}:27:15: 地点 location：测试市总工会信访接待室 在 2026-04-14 上午 已安排接访 JF-2026-02：请改日期或时段 session",
    ]


def test_a_cancelled_reception_frees_its_slot(minimal_repo: Path, run) -> None:
    edit(minimal_repo / PLAN, "    status: planned\n", "    status: cancelled\n    announced: \"2026-04-01\"\n")
    _add(minimal_repo, leader="L-ZHAO")
    assert _lines(run, minimal_repo) == []
