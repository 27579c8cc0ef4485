"""The petitioner's lookup (查询码查询): without the code the published files are ciphertext only.

The derivation agrees with the standards (RFC vectors, openssl, ``cryptography``'s HKDF); every demo code opens
exactly its case's entry and a wrong code fails authentication; the files say nothing in the clear (no date,
status, case id or count), have the same names and sizes for the demo and for 5,000 cases, are byte-identical
for the same data and build date and differ in every slot across build dates; the keys are never made by a
build, never published and never deleted by ``--out``; a real Chromium finds every demo code, also without
``Element.replaceChildren``, and says in Chinese to use https when Web Crypto is missing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from generator import lookup
from generator.config import Paths
from generator.errors import OutputError, XinfangError
from generator.schema import labels
from generator.site.contrib import Contribution, SiteContext
from generator.validate import check_repository

from conftest import DEMO_TODAY, copy_demo

ISO_DATE = re.compile(rb"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SHARD_BYTES = 256 * (12 + 128 + 16)  # SLOTS × (nonce + padded entry + tag), worked out by hand: 39,936


def _context(root: Path, today: date = DEMO_TODAY) -> SiteContext:
    checked = check_repository(Paths.at(root), today)
    assert checked.ok and checked.repository is not None, [p.format() for p in checked.problems if p.severity == "error"]
    return SiteContext(Paths.at(root), checked.repository, today)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteContext, Contribution]:
    """The demo repository's lookup contribution, computed once from a cold cache."""
    ctx = _context(copy_demo(tmp_path_factory.mktemp("lookup") / "demo"))
    return ctx, lookup.site_contribution(ctx)


def _codes(ctx: SiteContext) -> dict[str, str]:
    return lookup.query_codes(ctx.repository.cases)


def _shards(contribution: Contribution) -> dict[str, bytes]:
    return {k: v for k, v in contribution.files.items() if k.startswith("lookup/shards/")}


# -- the derivation ----------------------------------------------------------------------------------------

def test_pbkdf2_matches_rfc_7914_vector() -> None:
    # RFC 7914 §11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64.
    assert lookup.derive(b"passwd", b"salt", 1, 64).hex() == (
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")


def test_master_key_matches_an_independent_openssl_vector() -> None:
    # openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:7KQ4MZ9PX2HD
    #   -kdfopt salt:0123456789abcdef0123456789abcdef -kdfopt iter:100000 PBKDF2
    expected = "b0458a1b18939f29117eace9f34d251fe0dc970bb916cdc0887fe39314ae3e4f"
    salt = "0123456789abcdef0123456789abcdef"
    assert lookup.master_key("7KQ4-MZ9P-X2HD", salt).hex() == expected
    assert lookup.master_key("７kq4 mz9p x2hd", salt).hex() == expected  # full-width, lower case, spaces


def test_locator_and_key_are_hkdf_expand_of_the_master() -> None:
    """``expand`` is RFC 5869 HKDF-Expand, checked against ``cryptography``'s own implementation."""
    master = bytes(range(32))
    for purpose in ("locator", "key"):
        info = f"xinfang-lookup-v2 {purpose}".encode()
        assert lookup.expand(master, purpose) == HKDFExpand(hashes.SHA256(), 32, info).derive(master)
    assert lookup.entry_key(master) != lookup.expand(master, "locator")


@pytest.mark.parametrize(("typed", "normal"), [
    ("7KQ4-MZ9P-X2HD", "7KQ4MZ9PX2HD"), (" 7kq4 mz9p x2hd\n", "7KQ4MZ9PX2HD"),
    ("７ＫＱ４－ＭＺ９Ｐ－Ｘ２ＨＤ", "7KQ4MZ9PX2HD"), ("查询码：7KQ4MZ9PX2HD", "7KQ4MZ9PX2HD"),
])
def test_normalize(typed: str, normal: str) -> None:
    assert lookup.normalize(typed) == normal


def test_every_combination_of_fields_fits_one_slot() -> None:
    every = {"r": "2026-01-01", "a": "2026-01-02", "n": "2026-01-03", "c": "review_concluded",
             "s": "not_accepted", "d": "2026-03-03", "e": "2026-03-04"}
    assert len(lookup.plaintext(every)) == lookup.ENTRY_BYTES == 128


def test_an_entry_cannot_carry_anything_but_dates_and_codes() -> None:
    """Guards ``plaintext``'s check (the holder of a code may not be the petitioner). Checked to fail: with
    the check removed, both calls return a padded plaintext instead of raising."""
    with pytest.raises(XinfangError) as caught:
        lookup.plaintext({"r": "2026-01-01", "s": "assigned", "p": "13800138000"})
    assert caught.value.format_message() == "查询条目只能含日期、办理状态和不予受理类别，不能含 p"
    with pytest.raises(XinfangError):
        lookup.plaintext({"r": "王某 2026-01-01", "s": "assigned"})


# -- the files -------------------------------------------------------------------------------------------------

def test_contribution_is_the_page_the_script_and_64_shards_of_equal_length(demo) -> None:
    _, contribution = demo
    assert list(contribution.docs) == ["lookup/index.md"]
    shards = _shards(contribution)
    assert sorted(shards) == [f"lookup/shards/{i:04d}.bin" for i in range(64)]
    assert {len(b) for b in shards.values()} == {SHARD_BYTES} and SHARD_BYTES == 39_936
    assert set(contribution.files) == set(shards) | {"lookup/lookup.js", "lookup/lookup.css"}
    page = contribution.docs["lookup/index.md"]
    assert 'data-shards="64" data-slots="256" data-slot-bytes="156" data-nonce-bytes="12"' in page
    assert "网站上的查询文件是 64 个大小完全相同的加密文件，每个文件有 256 个格位" in page  # 说明: the threat model
    assert "查询结果截至 <strong>2026年11月26日</strong>（本站生成日）" in page


def test_every_demo_code_opens_exactly_its_entry(demo) -> None:
    ctx, contribution = demo
    salt = lookup.read_keys(ctx.paths).salt
    codes = _codes(ctx)
    assert len(codes) == 11
    opened = {case_id: lookup.open_entry(contribution.files, code, salt, DEMO_TODAY) for case_id, code in codes.items()}
    # worked out by hand from the case files (accepted 2026-06-18 + 60 days = 2026-08-17 … see rules; the
    # deadlines are the ones the internal reports print)
    assert opened["XF-2026-0012"] == {"r": "2026-06-15", "a": "2026-06-18", "s": "assigned", "d": "2026-09-16"}
    assert opened["XF-2026-0026"] == {"r": "2026-09-08", "n": "2026-09-08", "c": "review_concluded", "s": "not_accepted"}
    assert opened["XF-2026-0028"] == {"r": "2026-10-12", "a": "2026-10-15", "s": "assigned", "d": "2026-12-14"}
    assert opened["XF-2026-0025"] == {"r": "2026-11-24", "s": "registered"}
    assert opened["XF-2025-0018"] == {"r": "2025-11-24", "a": "2025-11-26", "s": "concluded", "d": "2026-02-24",
                                      "e": "2026-02-12"}
    for case in ctx.repository.cases:
        if case.id in codes:
            assert opened[case.id]["r"] == case.raw["received"] and opened[case.id]["s"] == case.raw["status"]
    assert lookup.open_entry(contribution.files, "2223-4446-7778", salt, DEMO_TODAY) is None


def test_a_wrong_code_fails_authentication_on_every_real_slot(demo) -> None:
    """Each real entry, decrypted with the key of any other demo code, fails GCM authentication."""
    ctx, contribution = demo
    salt = lookup.read_keys(ctx.paths).salt
    masters = [lookup.master_key(code, salt) for code in _codes(ctx).values()]
    count, table = lookup.layout([lookup.Sealed(m, b"") for m in masters])
    assert count == 64
    where = {s.master: at for at, s in table.items()}
    for own in masters:
        shard, slot = where[own]
        blob = contribution.files[f"lookup/shards/{shard:04d}.bin"][slot * 156:(slot + 1) * 156]
        AESGCM(lookup.entry_key(own)).decrypt(blob[:12], blob[12:], lookup.aad(DEMO_TODAY))  # its own key opens it
        with pytest.raises(InvalidTag):
            AESGCM(lookup.entry_key(own)).decrypt(blob[:12], blob[12:], lookup.aad(date(2026, 11, 27)))  # another 截至
        for other in masters:
            if other != own:
                with pytest.raises(InvalidTag):
                    AESGCM(lookup.entry_key(other)).decrypt(blob[:12], blob[12:], lookup.aad(DEMO_TODAY))


def test_same_data_and_date_give_identical_files_and_another_date_changes_every_slot(demo) -> None:
    ctx, contribution = demo
    cache = ctx.paths.cache / "lookup-keys.json"
    again = lookup.site_contribution(ctx)  # warm cache
    cache.unlink()
    cold = lookup.site_contribution(ctx)  # cold again
    assert again.files == contribution.files == cold.files and again.docs == contribution.docs
    later = lookup.site_contribution(SiteContext(ctx.paths, ctx.repository, date(2026, 11, 27)))
    same = [(name, i) for name, blob in _shards(contribution).items()
            for i in range(256) if blob[i * 156:(i + 1) * 156] == later.files[name][i * 156:(i + 1) * 156]]
    assert same == []
    assert sorted(_shards(later)) == sorted(_shards(contribution))


def test_keys_are_cached_outside_the_site_under_an_hmac_of_the_code(demo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache is keyed by HMAC(secret, …, code), not by a fast hash anyone could test guesses against."""
    ctx, contribution = demo
    keys = lookup.read_keys(ctx.paths)
    folder = ctx.paths.root / ".xinfang-cache"
    stored = json.loads((folder / "lookup-keys.json").read_text(encoding="utf-8"))
    expected = {hmac.new(keys.secret, f"xinfang-lookup-v2|cache|{keys.salt}|100000|{lookup.normalize(code)}".encode(),
                         hashlib.sha256).hexdigest() for code in _codes(ctx).values()}
    assert set(stored) == expected
    text = (folder / "lookup-keys.json").read_text(encoding="utf-8")
    for code in _codes(ctx).values():
        assert code not in text and lookup.normalize(code) not in text
        assert hashlib.sha256(lookup.normalize(code).encode()).hexdigest() not in text
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"

    def refuse(*_: object) -> bytes:
        raise AssertionError("a cached key was derived again")

    monkeypatch.setattr(lookup, "master_key", refuse)
    assert lookup.site_contribution(ctx).files == contribution.files


def test_missing_keys_are_derived_on_every_core_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first build derives its masters on every core (PBKDF2 lets go of the interpreter): two derivations are
    inside ``master_key`` at the same moment, each master is the one ``master_key`` gives, and ``master`` then
    derives nothing again. Checked to fail: with the derivations one after another (``derive_missing`` removed),
    the barrier below waited for a second thread in vain (BrokenBarrierError)."""
    import threading

    keys = lookup.LookupKeys("c2FsdA", b"\x01" * 32)
    paths = Paths.at(tmp_path)
    codes = ["7KQ4-MZ9P-X2HA", "7KQ4-MZ9P-X2HB", "7KQ4-MZ9P-X2HC", "7KQ4-MZ9P-X2HE"]
    together = threading.Barrier(2, timeout=10)
    real = lookup.master_key

    def derive(code: str, salt: str, iterations: int = 1000) -> bytes:
        together.wait()  # returns only when another derivation has reached this line as well
        return real(code, salt, iterations)

    monkeypatch.setattr(lookup, "cores", lambda: 2)
    monkeypatch.setattr(lookup, "master_key", derive)
    cache = lookup.KeyCache(paths, keys, 1000)
    cache.derive_missing(codes)
    assert cache.derived == 4
    monkeypatch.setattr(lookup, "master_key", lambda *_: pytest.fail("a derived key was derived again"))
    assert [cache.master(code) for code in codes] == [real(code, keys.salt, 1000) for code in codes]
    assert cache.derived == 4


# -- nothing in the clear, fetched from the built site ------------------------------------------------------

def _get(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:  # noqa: S310 - our own test server on 127.0.0.1
        return response.read()


def test_downloaded_lookup_files_show_no_date_status_id_or_count(served_demo) -> None:
    """Every file under ``lookup/`` of the demo build, downloaded over HTTP, holds none of the cases' facts.

    Checked to fail: with ``shard_files`` writing the padded plaintext instead of the ciphertext, the
    date pattern is found in the first shard.
    """
    base, root = served_demo
    ctx = _context(root)
    folder = root / "site" / "lookup"
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert len(names) == 64 + 3 * 3  # shards, index.html, lookup.js, lookup.css, the last three also as .gz and .br
    statuses, categories = labels("case", ("status",)), labels("case", ("not_accepted", "category"))
    words = [*statuses, *categories, *statuses.values(), *categories.values(), "XF-", "received", "deadline"]
    for name in names:
        blob = _get(f"{base}lookup/{name}")
        assert blob == (folder / name).read_bytes()
        if name.startswith("shards/"):
            assert ISO_DATE.search(blob) is None and b"\"r\":" not in blob, name
            for word in words:
                assert word.encode("utf-8") not in blob, (name, word)
            continue
        if name.endswith((".gz", ".br")):
            continue  # compressed siblings of the page's files (each decompresses to its sibling: test_site_phone)
        text = blob.decode("utf-8")
        assert set(re.findall(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)) <= {DEMO_TODAY.isoformat()}, name
        for case in ctx.repository.cases:
            assert case.id not in text, (name, case.id)
            if case.query_code:
                assert case.query_code not in text and lookup.normalize(case.query_code) not in text
    page = (folder / "index.html").read_text(encoding="utf-8")
    shown = re.sub(r"<[^>]+>", "", page)
    assert "查询结果截至 2026年11月26日（本站生成日）" in shown  # the build date, in the clear by design
    assert "11 件" not in shown and "11个" not in shown


@pytest.mark.slow
def test_the_demo_and_5000_cases_give_the_same_names_sizes_and_page(demo, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The files tell nobody how many cases have codes: 11 and 5,000 look alike.

    The 5,000 cases are the demo's own cases again and again, each under a new id with a code of its own
    (``bench.synth.query_code``): the lookup reads only ids, codes and the dates and status of each case, so
    no repository of 5,000 files needs to be written and checked (18 s of a test run). The rounds are lowered
    for them (names and sizes do not depend on them; the page differs only in its salt and rounds, compared
    with both put back).
    """
    from dataclasses import replace

    from bench import synth

    ctx, small = demo
    cases = ctx.repository.cases
    many = []
    for i in range(5000):
        case = cases[i % len(cases)]
        ident = f"XF-{2030 + i // 1000}-{i % 1000 + 1:04d}"
        many.append(replace(case, id=ident, raw={**case.raw, "id": ident, "query_code": synth.query_code(ident)}))
    monkeypatch.setattr(lookup, "ITERATIONS", 1000)
    # the demo's keys, in a folder of its own: the key cache this build writes is not the shared demo's
    (tmp_path / "reference").mkdir()
    for file in (lookup.salt_file(ctx.paths), lookup.secret_file(ctx.paths)):
        (tmp_path / "reference" / file.name).write_bytes(file.read_bytes())
    big_ctx = replace(ctx, paths=Paths.at(tmp_path), repository=replace(ctx.repository, cases=many))
    big = lookup.site_contribution(big_ctx)
    assert len(lookup.query_codes(big_ctx.repository.cases)) == 5000
    assert {k: len(v) for k, v in big.files.items()} == {k: len(v) for k, v in small.files.items()}
    salt_small = re.search(r'data-salt="([0-9a-f]+)"', small.docs[lookup.PAGE]).group(1)
    salt_big = re.search(r'data-salt="([0-9a-f]+)"', big.docs[lookup.PAGE]).group(1)
    assert big.docs[lookup.PAGE].replace(salt_big, salt_small).replace('data-iterations="1000"', 'data-iterations="100000"') \
        == small.docs[lookup.PAGE]


# -- the keys: never made by a build, never published, never deleted --------------------------------------

def test_codes_without_a_salt_or_a_secret_refuse_the_build(tmp_path: Path) -> None:
    for name in ("lookup-salt.txt", "lookup-secret.txt"):
        root = copy_demo(tmp_path / name)
        (root / "reference" / name).unlink()
        with pytest.raises(XinfangError) as caught:
            lookup.site_contribution(_context(root))
        assert caught.value.format_message() == (
            f"有 11 件事项有查询码，但缺少 reference/{name}：不会自动生成（新盐值会使已发出的查询码失效）。"
            "请从 git 历史恢复；如确实从未提交过，运行 xinfang code --keys 生成并提交到仓库")
        assert not (root / "reference" / name).exists()


def test_a_lost_salt_is_not_recreated_while_codes_exist(tmp_path: Path, run) -> None:
    root = copy_demo(tmp_path / "demo")
    (root / "reference/lookup-salt.txt").unlink()
    result = run(root, "code", "--keys")
    assert result.exit_code == 1
    assert result.output.strip() == ("错误：缺少 reference/lookup-salt.txt（查询盐值），但已有 11 件事项有查询码："
                                     "新盐值会使已发出的查询码全部失效，因此不会自动生成；请从 git 历史恢复该文件")
    assert not (root / "reference/lookup-salt.txt").exists()


def test_the_secret_is_never_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards ``check_unpublished``: a page that carried the secret (in hex or base64) is refused, the old
    site stays, and the message does not show it. Checked to fail: without the call in ``build_site`` the
    build succeeds and the secret is on the page."""
    import base64

    from generator.site.build import build_site

    root = copy_demo(tmp_path / "demo")
    secret = bytes.fromhex((root / "reference/lookup-secret.txt").read_text(encoding="utf-8").strip())
    original = lookup.page
    for shown in (secret.hex(), base64.b64encode(secret).decode()):
        monkeypatch.setattr(lookup, "page", lambda *a, shown=shown, **k: original(*a, **k) + f"\n<!-- {shown} -->\n")
        with pytest.raises(OutputError) as caught:
            build_site(Paths.at(root), DEMO_TODAY, root / "site")
        assert caught.value.format_message() == ("生成的网站文件 lookup/index.html 含有查询密钥 lookup-secret.txt 的内容，"
                                                 "拒绝发布；原网站保持不变")
        assert not (root / "site").exists()


@pytest.mark.parametrize("out", ["reference", "..", "."])
def test_out_can_never_delete_the_keys(tmp_path: Path, run, out: str) -> None:
    root = copy_demo(tmp_path / "parent" / "demo")
    before = {p.as_posix(): p.read_bytes() for p in (root / "reference").rglob("*") if p.is_file()}
    result = run(root, "build", "--today", "2026-11-26", "--out", str(root / out))
    assert result.exit_code == 1
    assert {p.as_posix(): p.read_bytes() for p in (root / "reference").rglob("*") if p.is_file()} == before


def test_out_reference_is_refused_before_anything_is_written(tmp_path: Path, run) -> None:
    """Guards ``output.check_out_of_data`` for the lookup's keys. Checked to fail: without it, ``--out reference``
    replaced the folder by the site."""
    root = copy_demo(tmp_path / "demo")
    result = run(root, "build", "--today", "2026-11-26", "--out", str(root / "reference"))
    assert result.output.strip().splitlines()[-1] == (
        f"错误：输出文件夹 {root / 'reference'} 就是案卷仓库的数据文件夹 reference/，写入会覆盖或删除案卷；"
        "未做任何改动，请换一个位置（默认的 site/ 或 internal/）")
    assert (root / "reference/lookup-salt.txt").is_file() and (root / "reference/lookup-secret.txt").is_file()


# -- in a real browser: Web Crypto must agree with Python ---------------------------------------------------

@pytest.fixture(scope="session")
def served_demo(demo_site: Path, served: str) -> tuple[str, Path]:
    """The demo site built once by the real build (``demo_site``), served on 127.0.0.1 (Web Crypto needs a
    secure context), and its repository."""
    return served, demo_site


def _page(browser: Any, init_script: str | None = None) -> Any:
    context = browser.new_context()
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests  # type: ignore[attr-defined]
    return page


@pytest.fixture(scope="session")
def browser_page(browser):
    return _page(browser)


def _ask(page: Any, base: str, code: str) -> list[str]:
    page.goto(base + "lookup/")
    page.fill("#xf-code", code)
    page.click("#xf-submit")
    page.wait_for_function("() => !/正在查询|^$/.test(document.getElementById('xf-result').textContent)")
    return page.inner_text("#xf-result").split("\n")


def _cn(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


@pytest.mark.browser
def test_browser_hash_agrees_with_python(served_demo, browser_page) -> None:
    base, _ = served_demo
    browser_page.goto(base + "lookup/")
    salt = "0123456789abcdef0123456789abcdef"
    got = browser_page.evaluate("([c, s]) => window.xinfangLookup.derive(window.xinfangLookup.normalize(c), s, 100000)",
                                ["７kq4 mz9p-x2hd", salt])
    assert got == lookup.master_key("7KQ4-MZ9P-X2HD", salt).hex() == "b0458a1b18939f29117eace9f34d251fe0dc970bb916cdc0887fe39314ae3e4f"


@pytest.mark.browser
def test_browser_finds_every_demo_case_by_its_code_fetching_only_its_shard(served_demo, browser_page) -> None:
    base, root = served_demo
    ctx = _context(root)
    salt = lookup.read_keys(ctx.paths).salt
    for case_id, code in _codes(ctx).items():
        browser_page.requests.clear()
        shown = _ask(browser_page, base, code.lower().replace("-", " "))
        assert shown[:2] == ["收到日期", _cn(ctx.repository.case(case_id).raw["received"])], case_id
        assert shown[-2:] == ["截至", "2026年11月26日"], case_id
        shard, _ = lookup.locate(lookup.master_key(code, salt))
        fetched = [u for u in browser_page.requests if "/lookup/shards/" in u]
        assert fetched == [f"{base}lookup/shards/{shard:04d}.bin"], case_id
        assert all(u.startswith(base) for u in browser_page.requests), "the page loads nothing from outside the site"


@pytest.mark.browser
def test_browser_shows_what_the_petitioner_needs(served_demo, browser_page) -> None:
    """Rows worked out by hand from the case files; 超期 computed by the page against 截至 2026-11-26."""
    base, root = served_demo
    codes = _codes(_context(root))
    assert _ask(browser_page, base, codes["XF-2026-0012"]) == [
        "收到日期", "2026年6月15日", "受理日期", "2026年6月18日", "办理状态", "已交办", "办结期限", "2026年9月16日",
        "是否超期", "已超期", "截至", "2026年11月26日"]
    assert _ask(browser_page, base, codes["XF-2026-0028"]) == [
        "收到日期", "2026年10月12日", "受理日期", "2026年10月15日", "办理状态", "已交办", "办结期限", "2026年12月14日",
        "是否超期", "未超期", "截至", "2026年11月26日"]
    assert _ask(browser_page, base, codes["XF-2026-0026"]) == [
        "收到日期", "2026年9月8日", "不予受理", "2026年9月8日书面告知", "不予受理类别", "同一事项已经复核终结",
        "办理状态", "不予受理", "截至", "2026年11月26日"]
    assert _ask(browser_page, base, codes["XF-2026-0025"]) == [
        "收到日期", "2026年11月24日", "受理日期", "尚未受理", "办理状态", "已登记", "办结期限", "受理后计算",
        "截至", "2026年11月26日"]
    assert _ask(browser_page, base, codes["XF-2025-0018"]) == [
        "收到日期", "2025年11月24日", "受理日期", "2025年11月26日", "办理状态", "已办结", "办结期限", "2026年2月24日",
        "办结日期", "2026年2月12日", "是否超期", "未超期", "截至", "2026年11月26日"]


@pytest.mark.browser
def test_browser_clearing_the_field_clears_the_answer(served_demo, browser_page) -> None:
    base, root = served_demo
    assert _ask(browser_page, base, _codes(_context(root))["XF-2026-0012"])[:2] == ["收到日期", "2026年6月15日"]
    browser_page.fill("#xf-code", "")
    assert browser_page.inner_text("#xf-result") == ""


@pytest.mark.browser
def test_browser_wrong_code_says_not_found(served_demo, browser_page) -> None:
    base, _ = served_demo
    assert _ask(browser_page, base, "2223-3335-4447") == ["未找到：请核对查询码后重试。"]
    assert _ask(browser_page, base, "12345") == ["查询码应为 12 位字母和数字（不含 0、1、I、O），例如 7KQ4-MZ9P-X2HD。"]


@pytest.mark.browser
def test_browser_without_replace_children_still_finds_the_case(served_demo, browser) -> None:
    """Old WebViews lack ``Element.replaceChildren`` (Chrome < 86): deleted before the page loads.

    Checked to fail: with ``clear`` calling ``replaceChildren`` the answer never appears."""
    base, root = served_demo
    page = _page(browser, "delete Element.prototype.replaceChildren;")
    page.goto(base + "lookup/")
    assert page.evaluate("typeof document.body.replaceChildren") == "undefined"
    shown = _ask(page, base, _codes(_context(root))["XF-2026-0012"])
    assert shown[:4] == ["收到日期", "2026年6月15日", "受理日期", "2026年6月18日"]


@pytest.mark.browser
def test_browser_without_web_crypto_asks_for_https(served_demo, browser) -> None:
    """Plain http has no ``crypto.subtle`` (Chromium treats 127.0.0.1 as secure, so it is deleted here)."""
    base, root = served_demo
    page = _page(browser, "delete Crypto.prototype.subtle;")
    page.goto(base + "lookup/")
    assert page.evaluate("typeof window.crypto.subtle") == "undefined"
    https = "https://" + base.removeprefix("http://") + "lookup/"
    expected = f"查询需要浏览器的加密功能，只能通过 https 安全连接使用。请改用以下地址打开本页：{https}"
    assert page.inner_text("#xf-result") == expected
    assert page.get_attribute("#xf-result a", "href") == https
    assert _ask(page, base, _codes(_context(root))["XF-2026-0012"]) == [expected]
