"""Where the ledger is kept: the interface, and the SQLite file beside the embedded store.

Two kinds of rows, both append-only:

* progress records (:class:`graph.ledger.ProgressRecord`), ordered by their time-ordered id;
* plan versions (:class:`graph.ledger.PlanVersion`, its task snapshots as JSON), numbered per
  source file.

The SQLite file (``<store file stem>.ledger.sqlite`` next to the store) runs in WAL mode; every
write is ONE ``BEGIN IMMEDIATE`` transaction, so concurrent writers (two CLI runs, the app's
sessions) queue for the lock and none loses the other's work, and a crash leaves the last
committed state. Triggers refuse UPDATE and DELETE of progress records. The Neo4j store keeps
the same rows as nodes (:mod:`graph.ledger_neo4j`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

from graph.errors import StoreError
from graph.ledger import Owner, PlanVersion, ProgressRecord, TaskSnapshot

__all__ = [
    "RECORD_FIELDS",
    "LedgerStore",
    "SQLiteLedgerStore",
    "ledger_path",
    "record_from",
    "version_from",
    "version_props",
]

RECORD_FIELDS = tuple(f.name for f in fields(ProgressRecord))
_VERSION_FIELDS = tuple(f.name for f in fields(PlanVersion) if f.name != "tasks")


def ledger_path(store_path: str | Path) -> Path:
    """The ledger file of an embedded store file: same folder, ``<stem>.ledger.sqlite``."""
    p = Path(store_path)
    return p.with_name(f"{p.stem}.ledger.sqlite")


# -- encoding shared by the stores ---------------------------------------------------------------
def record_from(row: Mapping[str, Any]) -> ProgressRecord:
    values = {k: row[k] for k in RECORD_FIELDS if k in row}
    for k in RECORD_FIELDS:
        if k != "percent" and values.get(k) is None:
            values[k] = ""
    return ProgressRecord(**values)


def version_props(v: PlanVersion) -> dict[str, Any]:
    """A version as flat properties: its fields plus ``tasks`` as one JSON string."""
    props = {k: getattr(v, k) for k in _VERSION_FIELDS}
    props["tasks"] = json.dumps([_snapshot_d(t) for t in v.tasks], ensure_ascii=False, separators=(",", ":"))
    return props


_SNAPSHOT_FIELDS = tuple(f.name for f in fields(TaskSnapshot))
_OWNER_FIELDS = tuple(f.name for f in fields(Owner))


def _snapshot_d(t: TaskSnapshot) -> dict[str, Any]:
    """``dataclasses.asdict`` of a snapshot, by hand: ``asdict`` deep-copies every value and
    took a third of a first sync (5 s of 16 s for 1 000 plans)."""
    d = {k: getattr(t, k) for k in _SNAPSHOT_FIELDS}  # in field order, as asdict gives them
    d["owners"] = [{k: getattr(o, k) for k in _OWNER_FIELDS} for o in t.owners]
    return d


def version_from(row: Mapping[str, Any]) -> PlanVersion:
    tasks = []
    for t in json.loads(row["tasks"] or "[]"):
        t["owners"] = tuple(Owner(**o) for o in t.get("owners", ()))
        tasks.append(TaskSnapshot(**t))
    values: dict[str, Any] = {k: row.get(k) for k in _VERSION_FIELDS}
    for k in ("title", "seen_at", "previous_plan_id", "source", "plan_id"):
        values[k] = values[k] or ""
    return PlanVersion(**values, tasks=tuple(tasks))


class LedgerStore(ABC):
    """What the ledger needs from storage."""

    @abstractmethod
    def versions(self, source: str | None = None) -> list[PlanVersion]:
        """Versions (of one source), by source then seq."""

    #: whether :meth:`relink` does anything (the ledger skips building its argument otherwise)
    links_tasks = False

    def latest_versions(self, plan_ids: Collection[str] | None = None) -> dict[str, PlanVersion]:
        """The newest version of each source (only those that are a version of ``plan_ids``)."""
        out: dict[str, PlanVersion] = {}
        for v in self.versions():
            if v.source not in out or v.seq > out[v.source].seq:
                out[v.source] = v
        if plan_ids is not None:
            out = {s: v for s, v in out.items() if v.plan_id in plan_ids}
        return out

    def latest_heads(self) -> dict[str, tuple[int, str]]:
        """Source → (number, plan id) of its newest version: what a sync compares, without the
        task snapshots (decoding every plan's snapshot is what made the bureau page slow)."""
        return {s: (v.seq, v.plan_id) for s, v in self.latest_versions().items()}

    @abstractmethod
    def add_version(self, version: PlanVersion) -> PlanVersion | None:
        """Record ``version`` as number ``version.seq`` of its source, in one transaction —
        unless the source's newest version already is this plan, or another writer recorded
        number ``seq`` meanwhile (then None: the next sync starts from theirs)."""

    def add_versions(self, versions: Sequence[PlanVersion]) -> list[PlanVersion]:
        """:meth:`add_version` for each (the SQLite file: all in one transaction); the recorded."""
        return [v for v in versions if self.add_version(v) is not None]

    @abstractmethod
    def append(self, records: Sequence[ProgressRecord]) -> None:
        """Append records, all or none."""

    @abstractmethod
    def records(self, key: str | None = None, unit_id: str | None = None) -> list[ProgressRecord]:
        """Records (of one row), oldest first."""

    def current_records(self) -> dict[tuple[str, str], ProgressRecord]:
        """The newest record of each (key, unit)."""
        out: dict[tuple[str, str], ProgressRecord] = {}
        for r in self.records():
            out[(r.key, r.unit_id)] = r
        return out

    def record_counts(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for r in self.records():
            out[(r.key, r.unit_id)] = out.get((r.key, r.unit_id), 0) + 1
        return out

    def relink(self, keys: Mapping[str, str]) -> None:  # noqa: B027 - optional hook
        """Point stored records at the current tasks (task id → key); a no-op for a file."""

    @abstractmethod
    def clear(self) -> None:
        """Remove the whole ledger (tests; a person never loses a ledger through plankg)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS progress (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE, key TEXT NOT NULL, unit_id TEXT NOT NULL, status TEXT NOT NULL,
        note TEXT NOT NULL, problems TEXT NOT NULL, next_steps TEXT NOT NULL, percent INTEGER,
        report_date TEXT NOT NULL, reported_by TEXT NOT NULL, recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL, task_id TEXT NOT NULL, origin TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS progress_row ON progress (key, unit_id)",
    """CREATE TRIGGER IF NOT EXISTS progress_no_update BEFORE UPDATE ON progress
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS progress_no_delete BEFORE DELETE ON progress
        WHEN (SELECT v FROM meta WHERE k = 'clearing') IS NULL
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END""",
    """CREATE TABLE IF NOT EXISTS plan_versions (
        source TEXT NOT NULL, seq INTEGER NOT NULL, plan_id TEXT NOT NULL, title TEXT NOT NULL,
        period_start INTEGER, period_end INTEGER, issued_on TEXT, seen_at TEXT NOT NULL,
        previous_plan_id TEXT NOT NULL, tasks TEXT NOT NULL, PRIMARY KEY (source, seq))""",
)


class SQLiteLedgerStore(LedgerStore):
    """The ledger in a SQLite file (``path=None``: in memory, for a store kept in memory)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._shared: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
            for statement in _SCHEMA:
                db.execute(statement)

    def _open(self) -> sqlite3.Connection:
        try:
            if self.path is None:
                if self._shared is None:
                    self._shared = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                    self._shared.row_factory = sqlite3.Row
                return self._shared
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA busy_timeout=30000")
            return db
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: 无法打开督办台账 (cannot open the ledger: {exc})") from exc

    @contextmanager
    def _connect(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction: BEGIN IMMEDIATE for a write (the lock first, so no writer loses
        another's rows), committed on success, rolled back on any error."""
        with self._lock:
            db = self._open()
            try:
                db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                yield db
                db.execute("COMMIT")
            except BaseException as exc:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"{self.path or 'ledger'}: 督办台账读写失败 (ledger failed: {exc})") from exc
                raise
            finally:
                if db is not self._shared:
                    db.close()

    def versions(self, source: str | None = None) -> list[PlanVersion]:
        with self._connect(write=False) as db:
            if source is None:
                rows = db.execute("SELECT * FROM plan_versions ORDER BY source, seq").fetchall()
            else:
                rows = db.execute("SELECT * FROM plan_versions WHERE source = ? ORDER BY seq", (source,)).fetchall()
        return [version_from(dict(r)) for r in rows]

    def latest_heads(self) -> dict[str, tuple[int, str]]:
        with self._connect(write=False) as db:
            # SQLite gives the bare column (plan_id) of the row holding MAX(seq)
            rows = db.execute("SELECT source, MAX(seq) AS seq, plan_id FROM plan_versions GROUP BY source").fetchall()
        return {r["source"]: (r["seq"], r["plan_id"]) for r in rows}

    def latest_versions(self, plan_ids: Collection[str] | None = None) -> dict[str, PlanVersion]:
        if plan_ids is None:
            return super().latest_versions()
        heads = self.latest_heads()
        wanted = [(source, seq) for source, (seq, pid) in heads.items() if pid in plan_ids]
        out: dict[str, PlanVersion] = {}
        with self._connect(write=False) as db:
            for source, seq in wanted:  # one indexed read each: the primary key is (source, seq)
                row = db.execute("SELECT * FROM plan_versions WHERE source = ? AND seq = ?", (source, seq)).fetchone()
                out[source] = version_from(dict(row))
        return out

    def add_version(self, version: PlanVersion) -> PlanVersion | None:
        return next(iter(self.add_versions([version])), None)

    def add_versions(self, versions: Sequence[PlanVersion]) -> list[PlanVersion]:
        # one transaction (one commit, one fsync) for a sync's versions: per version, a first
        # sync of 1 000 plans spent 3 s opening, committing and closing
        added: list[PlanVersion] = []
        if not versions:
            return added
        with self._connect() as db:
            for version in versions:
                last = db.execute(
                    "SELECT seq, plan_id FROM plan_versions WHERE source = ? ORDER BY seq DESC LIMIT 1",
                    (version.source,),
                ).fetchone()
                if last is not None and (last["plan_id"] == version.plan_id or last["seq"] != version.seq - 1):
                    continue
                if last is None and version.seq != 1:
                    continue
                props = version_props(version)
                columns = ", ".join(props)
                marks = ", ".join("?" for _ in props)
                db.execute(f"INSERT INTO plan_versions ({columns}) VALUES ({marks})", tuple(props.values()))
                added.append(version)
        return added

    def append(self, records: Sequence[ProgressRecord]) -> None:
        if not records:
            return
        columns = ", ".join(RECORD_FIELDS)
        marks = ", ".join("?" for _ in RECORD_FIELDS)
        with self._connect() as db:
            db.executemany(
                f"INSERT INTO progress ({columns}) VALUES ({marks})",
                [tuple(getattr(r, k) for k in RECORD_FIELDS) for r in records],
            )

    def records(self, key: str | None = None, unit_id: str | None = None) -> list[ProgressRecord]:
        where, params = [], []
        if key is not None:
            where.append("key = ?")
            params.append(key)
        if unit_id is not None:
            where.append("unit_id = ?")
            params.append(unit_id)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        with self._connect(write=False) as db:
            rows = db.execute(f"SELECT * FROM progress{clause} ORDER BY id", params).fetchall()
        return [record_from(dict(r)) for r in rows]

    def clear(self) -> None:
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('clearing', '1')")
            db.execute("DELETE FROM progress")
            db.execute("DELETE FROM plan_versions")
            db.execute("DELETE FROM meta WHERE k = 'clearing'")

    def close(self) -> None:
        if self._shared is not None:
            self._shared.close()
            self._shared = None
