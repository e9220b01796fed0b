"""Atomic file replacement, shared by every file plankg writes for keeps.

A reader (another process, the app) sees the old file or the new one, never a
half-written one; a crash leaves the old file. Every failure — the folder
cannot be made, no temporary file can be created there, the disk is full — is
one :class:`PlankgError` subclass naming the file, never a traceback.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from graph.errors import PlankgError

__all__ = ["write_atomic"]


def write_atomic(path: Path, text: str, error: type[PlankgError], what: tuple[str, str]) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, fsync, rename.

    ``what`` names the file for the message, in Chinese and English (("图谱存储", "the store")).
    """
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise error(f"{path}: 无法写入{what[0]} (cannot write {what[1]}: {exc.strerror or exc})") from exc
