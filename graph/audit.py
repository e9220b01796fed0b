"""Who changed the graph, and when: one JSON line per write (upload, decision, removal).

The log lives beside the store (``audit.jsonl`` in the store file's folder), or at
``$PLANKG_AUDIT_LOG``; a server store (Neo4j) logs to the default data folder. Each
line is appended with one ``write`` on a file opened for appending, so lines of two
writers never interleave.
"""

from __future__ import annotations

import getpass
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.errors import PlankgError
from graph.stores import default_store_path
from graph.stores.base import GraphStore

__all__ = ["audit_path", "log_write", "os_user", "read_log"]

LOG_NAME = "audit.jsonl"


def audit_path(store: GraphStore | None = None) -> Path:
    """``$PLANKG_AUDIT_LOG``, else ``audit.jsonl`` beside the store's file, else beside the default store."""
    env = os.environ.get("PLANKG_AUDIT_LOG")
    if env:
        return Path(env)
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        return path.parent / LOG_NAME
    return default_store_path().parent / LOG_NAME


def os_user() -> str:
    """The operating-system user (who ran a CLI command)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def log_write(path: Path, who: str, action: str, **details: Any) -> dict[str, Any]:
    """Append ``{"time", "who", "action", **details}`` to the log at ``path``; the record."""
    record = {"time": datetime.now(UTC).astimezone().isoformat(timespec="seconds"), "who": who,
              "action": action, **details}  # fmt: skip
    line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as exc:
        raise PlankgError(f"{path}: 无法写入操作日志 (cannot write the audit log: {exc.strerror or exc})") from exc
    return record


def read_log(path: Path) -> list[dict[str, Any]]:
    """Every record of the log (none when it does not exist yet)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
