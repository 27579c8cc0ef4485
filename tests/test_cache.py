"""Caches keyed by content (issue 20, goal 4: no stale byte, ever).

Each test changes one input of one cache key after a run that filled the cache, and shows that the next run,
reading that cache, answers as a run without any cache does. How each was checked to fail: the key input named
in the test's docstring was removed from its key in ``generator/validate.py``, ``generator/privacy`` or
``generator/cache.py`` (e.g. ``scope = digest(rules.calendar_key(), ctx.reference_key())`` without the date),
and the test failed with the stale answer; then it was put back.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import PROJECT, TODAY, edit, tree

from generator import cache, registry, rules, validate
from generator.cache import Store
from generator.config import Paths
from generator.errors import warning
from generator.privacy.check import Memo, scan

CASE = "cases/2026/XF-2026-0001.yaml"


pytestmark = pytest.mark.usefixtures("own_cache_key")


@pytest.fixture
def repo(minimal_repo: Path) -> Path:
    """The minimal repository with no cache yet: these tests count, forge and compare cache files."""
    shutil.rmtree(minimal_repo / ".xinfang-cache")
    return minimal_repo


def lines(root: Path, today: date = TODAY, use_cache: bool = True) -> list[str]:
    rules.use_calendar(None)
    checked = validate.check_repository(Paths.at(root), today, model=False, use_cache=use_cache)
    return [p.format() for p in checked.problems]


def checked_twice(root: Path, today: date = TODAY) -> tuple[list[str], list[str]]:
    """(answer read through the cache, answer with no cache): they must be equal."""
    return lines(root, today), lines(root, today, use_cache=False)


def test_warm_run_reads_the_cache_and_answers_as_a_cold_one(repo: Path, run) -> None:
    """The second run finds every file's parse, schema and file rules in the cache, and says the same. A first
    run that fails leaves no cache folder behind (a refused command leaves nothing in the repository); once the
    folder exists, a failing run keeps its cache too (an editor fixing errors is answered quickly)."""
    edit(repo / CASE, 'received: "2026-03-10"', 'received: "2025-03-10"')
    cold = lines(repo)
    assert not (repo / ".xinfang-cache").exists()
    (repo / ".xinfang-cache").mkdir()
    assert lines(repo) == cold
    assert len(list((repo / ".xinfang-cache" / "validate.cache.d").iterdir())) > 1  # in shards (validate.CACHE_SHARDS)
    checked = validate.check_repository(Paths.at(repo), TODAY, model=False)
    assert checked.context.cache.hits >= 2 * checked.files - 1 and checked.context.cache.misses == 0
    assert [p.format() for p in checked.problems] == cold
    assert f"{CASE}:17:11: 收到日期 received：“2025-03-10” 与编号年份 2026 不一致：编号年份为收到年份" in cold


def test_no_cache_reads_and_writes_nothing(repo: Path, run) -> None:
    """``--no-cache``: the same answer, and no cache file appears (CI runs this code path with an empty cache)."""
    result = run(repo, "validate", "--today", TODAY.isoformat(), "--no-cache")
    assert result.exit_code == 0, result.output
    assert not (repo / ".xinfang-cache" / "validate.cache").exists()
    assert not (repo / ".xinfang-cache" / "validate.cache.d").exists()


def test_changed_bytes_are_checked_again(repo: Path) -> None:
    """Key input: the file's bytes. An edit after a warm run is found at its place."""
    assert not [line for line in lines(repo) if "警告" not in line]
    edit(repo / CASE, 'received: "2026-03-10"', 'received: "2025-03-10"')
    warm, cold = checked_twice(repo)
    assert warm == cold and any("与编号年份 2026 不一致" in line for line in warm)


def add_rule(monkeypatch: pytest.MonkeyPatch, check) -> None:
    """Declare one more rule on case files, for this test only."""
    declared = registry.file_rules()
    monkeypatch.setattr(registry, "file_rules", lambda: [*declared, registry.Rule(check, ("case",), check.__name__)])


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch):
    """A file rule that says what it read: the date, the reference data, the holiday calendar."""
    def probe_rule(ctx, src):
        if src.path == CASE:
            names = ",".join(d["name"] for d in ctx.leader_ids().values())
            yield warning(src.path, f"probe {ctx.today} {names} {rules.is_workday(date(2027, 2, 14))}", ("id",))

    add_rule(monkeypatch, probe_rule)


def probed(root: Path, today: date = TODAY) -> str:
    warm, cold = checked_twice(root, today)
    assert warm == cold
    return next(line for line in warm if "probe" in line)


def test_the_date_of_the_check_is_in_the_key(repo: Path, probe) -> None:
    """Key input: ``--today``."""
    assert probed(repo).endswith("probe 2026-07-01 赵测试,钱测试,孙旧任 False")
    assert probed(repo, date(2026, 7, 2)).endswith("probe 2026-07-02 赵测试,钱测试,孙旧任 False")


def test_the_reference_data_is_in_the_key(repo: Path, probe) -> None:
    """Key input: the reference data (a file rule may read the leaders)."""
    probed(repo)
    edit(repo / "reference" / "leaders.yaml", "name: 钱测试", "name: 孙测试")
    assert probed(repo).endswith("probe 2026-07-01 赵测试,孙测试,孙旧任 False")


def test_the_holiday_calendar_is_in_the_key(repo: Path, probe) -> None:
    """Key input: the holiday calendar's source (``rules.calendar_key``): a union's holiday file makes the
    Sunday 2027-02-14 a working day, then no longer."""
    holidays = repo / "reference" / "holidays"
    holidays.mkdir()
    shutil.copy(PROJECT / "reference" / "holidays" / "2027.yaml", holidays / "2027.yaml")
    assert probed(repo).endswith(" True")
    edit(holidays / "2027.yaml", "workdays: [2027-02-14, ", "workdays: [")
    assert probed(repo).endswith(" False")


def test_the_other_files_a_file_rule_reads_are_in_the_key(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Key input of a case's file rules: the schedules (``duties.case_result_reports`` reads the leader of each
    reception); of a schedule's file rules: every case (``reception_duties.schedule_appointment_records`` reads
    the cases' statuses). Checked to fail: with the scopes of ``validate._check_repository`` without the
    schedules' keys, and without the cases' keys, each probe answered from the stale cache."""
    def case_probe(ctx, src):
        if src.path == CASE:
            yield warning(src.path, "probe " + ",".join(rec["leader"] for _, _, rec in ctx.receptions()), ("id",))

    def schedule_probe(ctx, src):
        yield warning(src.path, "probe " + ",".join(s.data["status"] for s in ctx.cases), ("year",))

    declared = registry.file_rules()
    monkeypatch.setattr(registry, "file_rules", lambda: [*declared, registry.Rule(case_probe, ("case",), "case_probe"),
                                                         registry.Rule(schedule_probe, ("schedule",), "schedule_probe")])

    def said() -> list[str]:
        warm, cold = checked_twice(repo)
        assert warm == cold
        return [line.split("probe ")[1] for line in warm if "probe" in line]

    assert said() == ["L-ZHAO,L-QIAN", "assigned,concluded"]
    edit(repo / "cases" / "2026" / "XF-2026-0002.yaml", "status: concluded", "status: accepted")  # the schedule unchanged
    assert said() == ["L-ZHAO,L-QIAN", "assigned,accepted"]
    edit(repo / "schedules" / "2026.yaml", "leader: L-QIAN", "leader: L-ZHAO")  # XF-2026-0001 unchanged
    assert said() == ["L-ZHAO,L-ZHAO", "assigned,accepted"]


def test_the_tool_is_in_the_key(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Key input: the tool (its files, its packaged schemas, its libraries' versions): a new tool whose rule
    says something else is not answered from the old tool's cache."""
    said = ["old"]

    def rule(ctx, src):
        if src.path == CASE:
            yield warning(src.path, f"rule of the {said[0]} tool", ("id",))

    add_rule(monkeypatch, rule)
    assert any("rule of the old tool" in line for line in lines(repo))
    said[0] = "new"
    monkeypatch.setattr(validate, "tool_digest", lambda: "another tool")
    assert any("rule of the new tool" in line for line in lines(repo))


def test_the_tool_digest_covers_schemas_and_libraries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``tool_digest`` changes with a packaged schema's bytes and with a library's version."""
    from generator import config

    schemas = tmp_path / "schemas"
    shutil.copytree(config.schema_dir(), schemas)
    monkeypatch.setattr(config, "schema_dir", lambda: schemas)
    cache.tool_digest.cache_clear()
    before = cache.tool_digest()
    (schemas / "case.schema.json").write_text((schemas / "case.schema.json").read_text(encoding="utf-8") + " ",
                                              encoding="utf-8")
    cache.tool_digest.cache_clear()
    after_schema = cache.tool_digest()
    monkeypatch.setattr(cache, "DEPENDENCIES", (*cache.DEPENDENCIES, "no-such-library-xyz"))
    cache.tool_digest.cache_clear()
    after_library = cache.tool_digest()
    cache.tool_digest.cache_clear()
    assert len({before, after_schema, after_library}) == 3


def test_a_corrupted_or_foreign_cache_is_ignored(repo: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache file truncated, edited, or written under another user's key (committed by a pull request,
    copied from another machine) is ignored as a whole: the answer is a cold run's."""
    edit(repo / CASE, "public_summary: 李某反映", "public_summary: 李测甲反映")  # a leak the check must report
    cold = lines(repo, use_cache=False)
    assert any("公开字段含信访人的姓名" in line for line in cold)
    folder = repo / ".xinfang-cache"
    folder.mkdir()
    ours = validation_store(folder)
    assert not ours.foreign
    # Forged under another key: every entry says "no problem".
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    cache._hmac_key.cache_clear()
    checked = validate.check_repository(Paths.at(repo), TODAY, model=False)
    forged = validation_store(folder)
    forged.old = {key: (value[0], []) if isinstance(value, tuple) and len(value) == 2 else [] for key, value in
                  checked.context.cache.new.items()}
    forged.new = dict(forged.old)
    forged.foreign = True  # write every shard
    forged.save()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    cache._hmac_key.cache_clear()
    assert validation_store(folder).foreign
    assert lines(repo) == cold
    # Truncated, then a byte flipped, in every shard of a cache of our own.
    lines(repo)
    shards = sorted((folder / "validate.cache.d").iterdir())
    for shard in shards:
        blob = shard.read_bytes()
        shard.write_bytes(blob[: len(blob) // 2])
    assert validation_store(folder).foreign and lines(repo) == cold
    for shard in shards:
        blob = shard.read_bytes()
        shard.write_bytes(blob[:-10] + bytes([blob[-10] ^ 1]) + blob[-9:])
    assert validation_store(folder).foreign and lines(repo) == cold


def validation_store(folder: Path) -> Store:
    return Store(folder, "validate", shards=validate.CACHE_SHARDS)


def test_one_changed_file_rewrites_few_shards(repo: Path) -> None:
    """The validation cache is sharded by key: after one case changed, only the shards holding its old and new
    entries are written again (issue 20: the whole 36 MB cache was rewritten for one file at 10,000 cases).
    Checked to fail: ``Store._save_shards`` writing every shard."""
    template = (repo / "cases" / "2026" / "XF-2026-0002.yaml").read_text(encoding="utf-8")
    for n in range(3, 103):  # enough cases that most shards hold entries
        (repo / "cases" / "2026" / f"XF-2026-{n:04d}.yaml").write_text(template.replace("XF-2026-0002", f"XF-2026-{n:04d}"),
                                                                      encoding="utf-8")
    lines(repo)
    shards = {p.name: p.stat().st_mtime_ns for p in (repo / ".xinfang-cache" / "validate.cache.d").iterdir()}
    for p in (repo / ".xinfang-cache" / "validate.cache.d").iterdir():
        os.utime(p, ns=(1, 1))
    lines(repo)  # nothing changed: nothing written
    assert {p.stat().st_mtime_ns for p in (repo / ".xinfang-cache" / "validate.cache.d").iterdir()} == {1}
    edit(repo / CASE, "public_summary: 李某反映所在企业拖欠三个月工资。", "public_summary: 李某反映所在企业拖欠四个月工资。")
    warm, cold = checked_twice(repo)
    assert warm == cold
    written = [p.name for p in (repo / ".xinfang-cache" / "validate.cache.d").iterdir() if p.stat().st_mtime_ns != 1]
    assert 0 < len(written) <= 24 < len(shards)  # ~10 entries dropped, ~10 made (file, rules, refs, privacy)


real = cache.write_cache
"""The cache writer itself, for the tests that count what is written."""


def test_an_early_save_keeps_what_the_run_may_still_ask_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``validate`` writes its cache while the privacy search runs (``save(drop=False)``), before the last rules
    have asked for their entries: the early save writes what was made and keeps every entry on disk; the last
    save drops what the run did not use, writing only the shards that changed. Checked to fail: with the early
    save dropping unused entries like the last one, ``b`` was gone from disk after it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    cache._hmac_key.cache_clear()
    first = Store(tmp_path, "t", shards=4)
    for key in ("a000", "b001", "c002"):
        first.put(key, key.upper())
    first.save()
    run = Store(tmp_path, "t", shards=4)
    assert run.get("a000") == "A000"
    run.put("d003", "D003")
    written: list[str] = []
    monkeypatch.setattr(cache, "write_cache", lambda folder, name, blob: written.append(name) or real(folder, name, blob))
    run.save(drop=False)
    assert written == ["t.cache.d/003"]  # only the shard with something new
    assert Store(tmp_path, "t", shards=4).old == {"a000": "A000", "b001": "B001", "c002": "C002", "d003": "D003"}
    assert run.get("b001") == "B001"  # asked for after the early save
    written.clear()
    run.save()
    assert written == ["t.cache.d/002"]  # c002 was not used: its shard alone is written again
    assert Store(tmp_path, "t", shards=4).old == {"a000": "A000", "b001": "B001", "d003": "D003"}
    written.clear()
    run.save()
    assert written == []



def test_a_cold_check_writes_its_cache_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The early save (while the privacy search runs) writes validation's whole cache in a cold run, and the last
    save finds nothing more to write: every entry the last rules use was made before. Checked to fail: with the
    privacy rule's answers kept in validation's store (made after the early save), the last save wrote again."""
    (repo / ".xinfang-cache").mkdir()
    saves: list[list[str]] = []
    save = Store.save

    def counted(store: Store, drop: bool = True) -> None:
        if store.name == "validate":
            saves.append([])
        save(store, drop)

    monkeypatch.setattr(Store, "save", counted)
    monkeypatch.setattr(cache, "write_cache", lambda folder, name, blob: saves[-1].append(name) or real(folder, name, blob)
                        if name.startswith("validate.") else real(folder, name, blob))
    lines(repo)
    assert len(saves) == 2 and len(saves[0]) > 10 and saves[1] == []


def test_the_cache_stays_out_of_the_site(repo: Path) -> None:
    """The cache lives in the repository's .xinfang-cache/ (ignored by git), never in the published folder."""
    from generator.site.build import build_site

    paths = Paths.at(repo)
    build_site(paths, TODAY, paths.site)
    assert (repo / ".xinfang-cache" / "guard.cache").is_file()
    assert (repo / ".xinfang-cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    assert not [p for p in paths.site.rglob("*") if "cache" in p.name and p.suffix == ".cache"]


def guard_lines(root: Path, site: Path, use_cache: bool) -> list[str]:
    rules.use_calendar(None)
    paths = Paths.at(root)
    checked = validate.check_repository(paths, TODAY, use_cache=use_cache)
    files = Store(paths.cache if use_cache else None, "guard")
    memo = Memo(checked.context.cache, files) if use_cache else None
    found = scan(site, checked.repository, data_checked=True, memo=memo, keys=checked.keys() if use_cache else None)
    files.save()
    return [p.format() for p in validate.place(paths, found)]


def test_the_guard_finds_the_same_with_and_without_its_cache(repo: Path) -> None:
    """Key input of the guard's per-file cache: the file's bytes and the digest of every petitioner secret.

    A page that was scanned (and cached) when it held no secret holds one after a petitioner's name changes
    to a word on that page: the cached page is scanned again (any secret changed rescans everything). A file
    added after the cache was made (uncached) is scanned too. Checked to fail: ``Inventory.files_key`` made a
    constant — the cached page's leak was no longer found.
    """
    from generator.site.build import build_site

    paths = Paths.at(repo)
    build_site(paths, TODAY, paths.site)
    page = paths.site / "about" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>王测丙</p>", encoding="utf-8")
    assert guard_lines(repo, paths.site, True) == []  # the page is now in the cache, with no hit
    edit(repo / "cases" / "2026" / "XF-2026-0002.yaml", "name: 周测乙", "name: 王测丙")
    (paths.site / "extra.html").write_text("<p>请拨 139 1234 5678</p>", encoding="utf-8")
    warm = guard_lines(repo, paths.site, True)
    cold = guard_lines(repo, paths.site, False)
    assert warm == cold == [
        "site/about/index.html:559:11: 公开网站含信访人信息 王**（cases/2026/XF-2026-0002.yaml 中信访人的姓名）；公开文字中请写作“王某”",
        "site/extra.html:1:7: 公开网站含信访人信息 139****5678（cases/2026/XF-2026-0001.yaml 中信访人的电话）；请从公开内容中删除",
    ]


def test_an_incremental_build_equals_a_clean_build(repo: Path, tmp_path: Path) -> None:
    """After a series of edits, each followed by a build through the caches, the site is byte for byte the one a
    clean build (``--no-cache``, no previous site) makes of the same data."""
    from generator.site.build import build_site

    paths = Paths.at(repo)
    build_site(paths, TODAY, paths.site)
    edit(repo / CASE, "public_summary: 李某反映所在企业拖欠三个月工资。", "public_summary: 李某反映所在企业拖欠四个月工资。")
    build_site(paths, TODAY, paths.site)
    edit(repo / "reference" / "leaders.yaml", "name: 钱测试", "name: 孙测试")
    build_site(paths, TODAY, paths.site)
    clean = tmp_path / "clean"
    build_site(paths, TODAY, clean, use_cache=False)

    built, expected = tree(paths.site), tree(clean)
    assert built.keys() == expected.keys()
    assert [name for name in built if built[name] != expected[name]] == []
    assert "四个月" in built["cases/XF-2026-0001/index.html"].decode("utf-8")
