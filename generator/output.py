"""Writing an output folder all at once (原子替换): readers see the old folder or the new one, never half.

``atomic_output(target)`` yields a fresh temporary folder beside ``target`` (same file system, so renames are
atomic). When the block ends normally the old ``target`` is renamed away, the new folder renamed in, and
the old one deleted. When the block raises — a validation error, the leak guard, Ctrl-C — the temporary
folder is deleted and ``target`` is left exactly as it was. The public site, the internal reports and the
yearly archives all use it.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import OutputError


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise OutputError(f"输出位置 {target} 已存在且不是文件夹，未做任何改动")
    if target.resolve() == Path(target.anchor).resolve() or target.resolve() == Path.home().resolve():
        raise OutputError(f"不能把输出写到 {target}：请指定一个专用文件夹")
    if target.is_dir() and any(target.iterdir()) and not _looks_like_output(target):
        raise OutputError(f"输出文件夹 {target} 不像是以前生成的输出（含 reference/、schedules/、mkdocs.yml 或 .git 等源文件），"
                          "为免误删，未做任何改动；请换一个文件夹或先清空它")


# The folders of a repository that hold its records: no output may be, contain or lie inside one of them.
DATA_FOLDERS = ("cases", "schedules", "reference", "archives", ".git")
# Written into every public site that ``xinfang build`` makes, so that internal output never lands in one
# even when the site was built elsewhere with ``--out`` (a web server's root).
SITE_MARKER = ".xinfang-public-site"
SITE_MARKER_TEXT = "此文件夹是 xinfang 生成的公开网站，内部材料（含信访人信息）不得写入其中或其下级文件夹。\n"


def check_out_of_data(root: Path, target: Path) -> None:
    """Refuse an output folder that is, contains or lies inside a data folder of the repository at ``root``
    (``--out cases`` would replace the records and delete the lookup salt)."""
    target = Path(target).resolve()
    for name in DATA_FOLDERS:
        folder = (root / name).resolve()
        if target == folder or folder in target.parents or target in folder.parents:
            where = "就是" if target == folder else "位于" if folder in target.parents else "包含"
            raise OutputError(f"输出文件夹 {target} {where}案卷仓库的数据文件夹 {name}/，写入会覆盖或删除案卷；"
                              "未做任何改动，请换一个位置（默认的 site/ 或 internal/）")


def marked_public_site(target: Path) -> Path | None:
    """The public site folder that ``target`` is or lies inside (found by its marker file), else None."""
    target = Path(target).resolve()
    for folder in (target, *target.parents):
        if (folder / SITE_MARKER).is_file():
            return folder
    return None


def mark_public_site(folder: Path) -> None:
    (Path(folder) / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")


_SOURCE_MARKERS = (".git", "schedules", "reference", "pyproject.toml", "mkdocs.yml")


def _looks_like_output(folder: Path) -> bool:
    """A folder we may replace: it holds none of the files of a repository or of a project."""
    return not any((folder / name).exists() for name in _SOURCE_MARKERS)


@contextmanager
def atomic_output(target: Path, remove_later: bool = False) -> Iterator[Path]:
    """Build into a temporary folder beside ``target``; swap it in only if the block succeeds. ``remove_later``:
    the previous output is removed by a process of its own after the swap (see ``remove_later``), not before
    this returns (the public site: thousands of files)."""
    target = Path(target)
    _check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _recover(target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    except OSError as exc:  # read-only disk, a file where a folder should be, no permission: the user's to fix
        raise OutputError(f"无法在 {target.parent} 中写入输出文件夹 {target.name}：{_why(exc)}；未做任何改动") from exc
    try:
        yield tmp
    except BaseException:  # KeyboardInterrupt too: never leave a half-built folder behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, target, remove_later)


_WHY = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "磁盘是只读的",
        errno.ENOENT: "上级文件夹不存在且无法创建", errno.EEXIST: "路径中有同名的文件（不是文件夹）",
        errno.ENOTDIR: "路径中有同名的文件（不是文件夹）", errno.ENOSPC: "磁盘空间不足"}


def _why(exc: OSError) -> str:
    return _WHY.get(exc.errno or 0, exc.strerror or str(exc))


def _recover(target: Path) -> None:
    """Tidy up after a build that was killed (SIGKILL, power loss), found by the process id in the folder names.

    A dead build's half-written ``.new-`` folder is deleted; its ``.old-`` folder is the previous output if the
    kill came between the two renames of ``_swap``, so it is put back when the target is missing. Folders of
    builds that are still running (``xinfang serve`` next to ``xinfang build``) are left alone.
    """
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(new|old)-(\d+)-")
    for folder in sorted(target.parent.glob(f".{target.name}.*-*")):
        match = pattern.match(folder.name)
        if not match or not folder.is_dir() or _alive(int(match.group(2))):
            continue
        if match.group(1) == "old" and not target.exists():
            os.rename(folder, target)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _swap(new: Path, target: Path, later: bool = False) -> None:
    """Rename ``new`` into place; the previous folder is kept aside until the rename has succeeded."""
    os.chmod(new, 0o755)  # noqa: S103 - mkdtemp creates 0700; a published folder must be readable by the web server
    old: Path | None = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
        os.rmdir(old)
        os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)  # put the previous output back
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None and later:
        remove_later(old)
    elif old is not None:
        shutil.rmtree(old, ignore_errors=True)


_REMOVING: list[subprocess.Popen] = []
"""The processes removing previous outputs (``remove_later``), kept so they are reaped, never left as zombies."""
_REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def remove_later(folder: Path) -> None:
    """Remove ``folder`` (a previous output, already renamed aside by ``_swap``) in a process of its own, so the
    command need not wait for thousands of unlinks (issue 20: 3,316 files at 10,000 cases, ~1 s of disk time on a
    quiet machine, many on a busy one). The new output is complete and in place before this starts; a removal cut
    short (power loss) leaves a ``.<name>.old-<pid>-…`` folder of a dead process, which the next run's
    ``_recover`` deletes. Where no process can be started, the folder is removed here and now."""
    for done in [p for p in _REMOVING if p.poll() is not None]:
        _REMOVING.remove(done)
    try:
        if not sys.executable:
            raise OSError("no interpreter to start")
        _REMOVING.append(subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REMOVE, str(folder)], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_removals() -> None:
    """Wait until every previous output given to ``remove_later`` is gone (for tests that list the folder)."""
    while _REMOVING:
        _REMOVING.pop().wait()


def replace_file(target: Path, text: str | bytes) -> None:
    """Write a data or cache file in one step: a temporary file beside it, then a rename (an interrupted write
    never leaves half a file); an existing file keeps its permissions."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_cache(folder: Path, name: str, text: str | bytes) -> None:
    """A file of the local cache (``.xinfang-cache/``, never committed: the folder ignores itself); a cache that
    cannot be written only costs time on the next run, so failures are silent."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# xinfang 的本地缓存，不提交\n*\n", encoding="utf-8")
        replace_file(folder / name, text)
    except OSError:
        pass
