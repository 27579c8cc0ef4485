"""Issue 20, round 3: the caches and shortcuts that make a one-change check and build cheap, each shown to follow
every input of its key (a changed input gives the answer a run without the cache gives).

- the stat pre-check of the validation (``validate.content_key``): a file whose stat is unchanged is not read;
- the words of each page for the first-paint stylesheet (``critical._page_words``), by the page's text;
- ``discover``'s walk (``validate._walk``): the same files in the same order as ``sorted(rglob("*"))``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import TODAY, reads_of

from generator import rules, validate
from generator.cache import Store
from generator.config import Paths

CASE = "cases/2026/XF-2026-0001.yaml"

pytestmark = pytest.mark.usefixtures("own_cache_key")


def lines(root: Path, use_cache: bool = True) -> list[str]:
    rules.use_calendar(None)
    checked = validate.check_repository(Paths.at(root), TODAY, model=False, use_cache=use_cache)
    return [p.format() for p in checked.problems]


def _age(file: Path, seconds: float) -> None:
    stamp = time.time() - seconds
    os.utime(file, (stamp, stamp))


# -- the stat pre-check ----------------------------------------------------------------------------------------

def test_an_unchanged_stat_is_not_read_again(minimal_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second check with every stat unchanged takes each case's content key from its stat: no case file is
    read (the pre-check is used), and the answer is the cold one. Checked to fail: with ``content_key`` always
    reading the file, the spy saw every case file read."""
    monkeypatch.setattr(validate, "STABLE_NS", 0)  # the files were just copied: count them as settled
    cold = lines(minimal_repo)
    read = reads_of(monkeypatch)
    assert lines(minimal_repo) == cold
    assert [name for name in read if name.startswith("XF-")] == []


def test_a_same_size_edit_with_its_old_mtime_is_seen(minimal_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Key input: the ctime (which no program can set back). A case file is rewritten with other bytes of the same
    size and its mtime put back, as a checkout or ``cp -p`` can leave it (inode, size and mtime the same): the
    check reads it again and finds the new error, as a check without cache does. Checked to fail: with the
    ctime left out of the stat's key, the check answered from the stat — the old, clean answer."""
    monkeypatch.setattr(validate, "STABLE_NS", 0)
    file = minimal_repo / CASE
    _age(file, 3600)
    before = os.stat(file)
    clean = lines(minimal_repo)
    time.sleep(0.05)  # past the file system's clock step, so that the rewrite gets another ctime
    text = file.read_text(encoding="utf-8")
    assert text.count('received: "2026-03-10"') == 1
    with open(file, "r+b") as handle:  # in place: the same inode, the same size
        handle.write(text.replace('received: "2026-03-10"', 'received: "2026-13-10"').encode("utf-8"))
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(file)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    changed = lines(minimal_repo)
    assert changed != clean
    assert changed == lines(minimal_repo, use_cache=False)
    assert any(x.startswith(f"{CASE}:") for x in changed)


def test_a_file_changed_just_now_keeps_no_stat(minimal_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stat is kept only for a file last changed ``STABLE_NS`` ago: a file written within the file system's
    time-stamp step of an earlier write could otherwise keep the same stat with other bytes. Checked to fail:
    with the age test removed from ``content_key``, the fresh file's stat was kept."""
    monkeypatch.setattr(validate, "STABLE_NS", 300_000_000)  # 0.3 s instead of 5 s
    store = Store(None, "validate")
    fresh, settled = minimal_repo / CASE, minimal_repo / "cases" / "2026" / "XF-2026-0002.yaml"
    _age(settled, 3600)  # its ctime is now: settled only once STABLE_NS has passed
    time.sleep(0.5)
    os.utime(fresh)  # changed now
    assert validate.content_key(store, fresh, "case", CASE) is not None
    assert store.new == {}
    key = validate.content_key(store, settled, "case", "cases/2026/XF-2026-0002.yaml")
    assert list(store.new.values()) == [key]


def test_the_walk_lists_what_rglob_lists(tmp_path: Path) -> None:
    """``discover``'s walk gives exactly ``sorted(folder.rglob("*"))`` with each entry's link and folder flags —
    names that sort differently as text and as path parts (``2023-x`` against ``2023/…``), hidden files and
    folders, a linked folder (listed, not entered) and a dangling link. Checked to fail: with the names of each
    folder unsorted, and with a linked folder entered, the lists differed."""
    for rel in ("2023/a.yaml", "2023-x/b.yaml", "2023.yaml", "a b/c.yaml", ".hid/x.yaml", "2023/.z.yaml",
                "2023/sub/deep.yaml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "2023", tmp_path / "link")
    os.symlink(tmp_path / "missing", tmp_path / "dangling.yaml")
    expected = [(p, p.is_symlink(), p.is_dir()) for p in sorted(tmp_path.rglob("*"))]
    assert list(validate._walk(tmp_path)) == expected
    assert (tmp_path / "link", True, True) in expected and (tmp_path / "link" / "a.yaml") not in [e[0] for e in expected]


# -- the words of each page for the first-paint stylesheet -----------------------------------------------------

def _tiny_site(site: Path, classes: dict[str, str]) -> None:
    css = ".alpha{color:red}.beta{color:blue}.gamma{color:green}"
    (site / "assets" / "stylesheets").mkdir(parents=True, exist_ok=True)
    (site / "assets" / "xinfang").mkdir(parents=True, exist_ok=True)
    (site / "assets" / "stylesheets" / "main.0123abcd.min.css").write_text(css, encoding="utf-8")
    for name, cls in classes.items():
        (site / name).write_text('<html><head><link rel="stylesheet" href="assets/stylesheets/main.0123abcd.min.css">'
                                 f'</head><body><p class="{cls}">x</p></body></html>', encoding="utf-8")


def test_the_stylesheet_follows_each_pages_words(tmp_path: Path) -> None:
    """Key input: each page's text. A page whose class changed (``beta`` → ``gamma``) gives a stylesheet with the
    new class's rule and without the old one, exactly as without the cache. Checked to fail: with
    ``_page_words`` keyed by a constant instead of the page's text, the stylesheet kept ``.beta`` and lacked
    ``.gamma``."""
    from generator.site.critical import STYLESHEET, inline_site

    def sheet(classes: dict[str, str], store: Store | None) -> str:
        site = tmp_path / f"site-{len(list(tmp_path.iterdir()))}"
        _tiny_site(site, classes)
        rel = inline_site(site, "", store)
        assert rel.startswith(STYLESHEET.split("{")[0])
        return (site / rel).read_text(encoding="utf-8")

    folder = tmp_path / "cache"
    first = Store(folder, "critical")
    assert "beta" in sheet({"a.html": "alpha", "b.html": "beta"}, first)
    first.save()
    warm = Store(folder, "critical")
    changed = sheet({"a.html": "alpha", "b.html": "gamma"}, warm)
    assert "gamma" in changed and "beta" not in changed
    assert changed == sheet({"a.html": "alpha", "b.html": "gamma"}, None)
    assert warm.hits >= 1  # the unchanged page's words came from the cache


# -- the swap --------------------------------------------------------------------------------------------------

def test_the_previous_output_is_removed_after_the_swap(tmp_path: Path) -> None:
    """The previous output is renamed aside and removed by a process of its own (``output.remove_later``): the
    new output is whole and in place when the block returns, and once the removal is done nothing else is left
    beside it (the public build asks for this; other outputs are removed before ``atomic_output`` returns).
    Checked to fail: with ``remove_later`` doing nothing, the ``.out.old-…`` folder stayed."""
    from generator.output import atomic_output, wait_for_removals

    target = tmp_path / "out"
    for text in ("first", "second"):
        with atomic_output(target, remove_later=True) as staging:
            (staging / "sub").mkdir()
            (staging / "sub" / "page.html").write_text(text, encoding="utf-8")
        assert (target / "sub" / "page.html").read_text(encoding="utf-8") == text
    wait_for_removals()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
