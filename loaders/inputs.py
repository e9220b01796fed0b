"""What a path given to ``plankg load`` (or found in a folder) is, before anything opens it.

Only regular files are read. A FIFO would block the load forever, a device would be read
without end, a socket cannot be read at all: each is refused with one line naming what it
is, and never opened. A symbolic link is followed; a dangling one is named as such. In a
folder, every entry is accounted for: plan files are read, other regular files are named as
skipped (by the caller), and anything else — a FIFO, a broken link, a link to a folder — is
refused by name (no entry is dropped in silence, except hidden ones such as ``.DS_Store``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from graph.errors import DocumentError

__all__ = ["argument_problem", "check_regular", "expand", "problem"]

_KINDS = (
    (stat.S_ISFIFO, "是命名管道（FIFO），不是普通文件，未读取 (a FIFO, not a regular file: not read)"),
    (stat.S_ISCHR, "是字符设备，不是普通文件，未读取 (a character device, not a regular file: not read)"),
    (stat.S_ISBLK, "是块设备，不是普通文件，未读取 (a block device, not a regular file: not read)"),
    (stat.S_ISSOCK, "是套接字，不是普通文件，未读取 (a socket, not a regular file: not read)"),
)


def _missing(path: Path) -> str:
    if path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"符号链接指向的文件不存在（→ {target}） (broken symbolic link)"
    return "文件或文件夹不存在 (no such file or folder)"


def problem(path: Path, folder_ok: bool = False) -> str | None:
    """Why ``path`` cannot be read as a plan file, or None for a regular file (or, with
    ``folder_ok``, a folder). Never opens the path."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return _missing(path)
    except OSError as exc:
        return f"无法读取文件 (cannot read: {exc.strerror or exc})"
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        if folder_ok:
            return None
        if path.is_symlink():
            return "是指向文件夹的符号链接，未展开；请直接给出该文件夹 (a link to a folder: give the folder itself)"
        return "是文件夹，不是文件 (a folder, not a file)"
    for test, reason in _KINDS:
        if test(st.st_mode):
            return reason
    return "不是普通文件，未读取 (not a regular file: not read)"


def argument_problem(path: Path) -> str | None:
    """Why a path given on the command line cannot be loaded: missing, a dangling link, or a
    FIFO, device or socket (a folder is fine: it is expanded)."""
    return problem(path, folder_ok=True)


def check_regular(path: Path) -> None:
    """Raise :class:`DocumentError` (one line) unless ``path`` is a regular file; called right
    before a file is read, so that nothing else is ever opened."""
    reason = problem(path)
    if reason is not None:
        raise DocumentError(path.name, reason)


def expand(paths: Iterable[str | Path], suffixes: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """(files to read, regular files skipped for their ending), folders expanded recursively
    and sorted. What is no regular file (a FIFO, a broken link, a link to a folder) is among
    the files to read, so that reading it refuses it with its reason (:func:`check_regular`).

    A folder is walked with ``os.scandir``, whose entries know their own type: a plain file or
    folder costs no ``stat`` call (a folder of 10 000 plans was three ``stat`` calls a file);
    only links and special files are looked at with :func:`problem`."""
    out: list[Path] = []
    skipped: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found: list[tuple[Path, bool]] = []  # (entry, read it)
            _walk(p, suffixes, found)
            found.sort(key=lambda entry: entry[0].parts)  # Path's own order, without its slow comparisons
            for f, read in found:
                (out if read else skipped).append(f)
        else:
            out.append(p)
    return out, skipped


def _walk(folder: Path, suffixes: tuple[str, ...], found: list[tuple[Path, bool]]) -> None:
    """Every entry below ``folder`` but hidden ones and folders themselves (their entries are
    listed); links to folders are listed, not followed (as ``Path.rglob``)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(path, suffixes, found)
                continue
            plain = not entry.is_symlink() and entry.is_file(follow_symlinks=False)
        except OSError:
            plain = False
        if plain:
            found.append((path, path.suffix.lower() in suffixes))
        else:
            found.append((path, problem(path) is not None or path.suffix.lower() in suffixes))
