"""Built registries kept on disk between processes, keyed by what they are built from.

Every ``plankg`` process that names a unit needs the unit registry and the gazetteer:
reading ``data/departments.yaml`` with its schema check and the 3 000-line division list
takes about 0.4 s, most of a one-question CLI run (``plankg tasks`` at 10 000 plans: 0.66 s
per process). The built objects are pickled once into the user's cache folder and read back
in well under 0.1 s.

The key is a SHA-256 over the bytes of every input file *and* of the Python sources of
``loaders/`` and ``graph/`` (the code that builds the objects and the classes pickled), so an
edited data file or a rule change builds anew; nothing is ever read stale. The cache is only
an optimisation: a missing, unreadable or broken entry, or a folder that cannot be written,
builds the object as before, silently. Entries are written to a temporary file and renamed
(a reader sees a whole entry or none).

``PLANKG_CACHE_DIR`` sets the folder (default ``$XDG_CACHE_HOME/plankg`` or
``~/.cache/plankg``); ``PLANKG_CACHE_DIR=off`` turns the cache off. The folder is the user's
own: pickles are read only from there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

__all__ = ["cache_folder", "cached_build"]

T = TypeVar("T")
_ROOT = Path(__file__).resolve().parent.parent
_CODE = ("loaders", "graph")


def cache_folder() -> Path | None:
    """Where built objects are kept, or None when the cache is turned off."""
    chosen = os.environ.get("PLANKG_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "plankg"


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    h = hashlib.sha256()
    for package in _CODE:
        for source in sorted((_ROOT / package).rglob("*.py")):
            h.update(source.relative_to(_ROOT).as_posix().encode())
            h.update(source.read_bytes())
    return h.digest()


def _key(kind: str, inputs: Iterable[str]) -> str:
    h = hashlib.sha256(kind.encode())
    h.update(_code_digest())
    for name in inputs:
        h.update(b"\0" + name.encode())
        try:
            h.update(Path(name).read_bytes())
        except OSError:
            h.update(b"\0missing")
    return h.hexdigest()[:32]


def _drop_others(folder: Path, kind: str, kept: Path) -> None:
    """Remove entries of ``kind`` built from other inputs or code: they can never be read again
    (their key is gone), so the folder holds one entry per kind instead of one per edit."""
    for old in folder.glob(f"{kind}-*.pickle"):
        if old != kept:
            with contextlib.suppress(OSError):
                old.unlink()


def cached_build(kind: str, inputs: Iterable[str], build: Callable[[], T]) -> T:
    """``build()``, or the object a previous process built from the same inputs and code."""
    folder = cache_folder()
    if folder is None:
        return build()
    try:
        entry = folder / f"{kind}-{_key(kind, inputs)}.pickle"
    except OSError:
        return build()
    try:
        with entry.open("rb") as f:
            found: T = pickle.load(f)
        return found
    except Exception:  # missing or broken entry: build it (the cache is only a speed-up)
        pass
    built = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{entry.name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
            _drop_others(folder, kind, entry)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:  # a folder that cannot be written costs only the speed-up
        pass
    return built
