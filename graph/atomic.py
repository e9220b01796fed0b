"""Atomic file replacement, shared by every file plankg writes whole (alias decisions, exports…).

A reader (another process, the app) sees the old file or the new one, never a
half-written one; a crash leaves the old file, and the temporary file it left
(``.<name>-*.tmp``) is removed by the next write to that file
(:func:`clean_temp`). The new file keeps the old one's permission bits (a
``chmod 600`` decisions file stays private); the folder is fsynced after the
rename so the rename itself survives a power cut. Every failure — the folder
cannot be made, no temporary file can be created there, the disk is full — is
one :class:`PlankgError` subclass naming the file, never a traceback.

The graph store itself is SQLite (``graph.stores.sqlite_store``) and does not
use this module.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

from graph.errors import PlankgError

__all__ = ["clean_temp", "write_atomic"]

#: A temporary file older than this is a crash's leftover (a live writer renames within seconds).
STALE_SECONDS = 60.0


def clean_temp(path: Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove ``path``'s temporary files left by a crash (older than ``older_than`` seconds)."""
    removed = []
    now = time.time()
    for tmp in path.parent.glob(f".{path.name}-*.tmp"):
        try:
            if now - tmp.stat().st_mtime >= older_than:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # a platform without directory fds: the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str, error: type[PlankgError], what: tuple[str, str]) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, fsync, rename, fsync the folder.

    ``what`` names the file for the message, in Chinese and English (("图谱存储", "the store")).
    """
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_temp(path)
        try:
            mode: int | None = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = None
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes 0600; keep the old file's mode, else the usual mode of a new file
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        _fsync_dir(path.parent)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise error(f"{path}: 无法写入{what[0]} (cannot write {what[1]}: {exc.strerror or exc})") from exc
