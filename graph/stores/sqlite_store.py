"""The embedded store's persistence: one SQLite file in WAL mode (stdlib ``sqlite3``).

Tables (``docs/store.md`` has the measurements behind the choices):

* ``meta``        format version and ``generation``, a counter every committed write
                  bumps — what a reader (the app) polls to know the store changed.
* ``plans``       one row per plan: ``meta`` (its record without text, JSON),
                  ``body`` (text, sections, tasks without their mentions, a node's
                  text left out where it is its span's; NULL for a stub), ``mentions`` (each
                  task's unit mentions as resolved — kept apart so that a change of unit
                  resolution rewrites them, not the body), ``indicators`` — these three
                  zlib-compressed JSON (``graph.serialize.encode_*``) — and
                  ``loader_version`` (the parse's, part of the parse-cache key) and
                  ``units_part`` (the plan's share of the unit layer, zlib JSON of
                  ``loaders.units.PlanUnits``, valid while ``meta.units_key`` matches: a
                  load replays it instead of resolving the plan's mentions again).
* ``unit_plans``  which plans mention which unit: ``plankg tasks`` reads only those plans.
* ``duties``, ``duty_tasks``  every resolved mention (unit, task, its index, role, order, the
                  printed name) and, once per task that has one, what an answer row shows of
                  the task (path, kind, title, text, deadline, start; plain columns): "tasks of a
                  unit" is one indexed read, with no plan body decoded (written with the
                  mentions; a store made before them gets them on its first open).
* ``units``, ``regions``, ``metrics``, ``edges``  the cross-document layer (edges indexed
                  by (src, type) and (dst, type): a question reads one node's edges). Edges
                  lie in blocks (``graph.owners``: each plan's task links, its indicator
                  links, the global rest), keyed (owner, order): a load rewrites the blocks
                  it linked again and nothing else, and the edges read back in one order
                  however they were written. ``link_owners`` holds the key each plan's
                  block was made under (``loaders.cascade``: a load keeps a block while its
                  key holds).
* ``parse_failures``  files that are not plans, keyed by (sha256, name, loader version),
                  so the same bad bytes are refused again without being parsed again.

Writes happen in ``BEGIN IMMEDIATE`` transactions (one writer at a time; readers
keep reading the last commit, WAL); a writer that waits longer than the busy
timeout gets one line, 存储正忙 (store busy).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from graph.errors import StoreError
from graph.model import Edge, Indicator, Metric, Plan, Region, Section, Task, Unit, UnitMention
from graph.owners import GLOBAL, by_owner
from graph.rows import UnitEntry
from graph.serialize import (
    FORMAT_VERSION,
    decode_body,
    decode_indicators,
    decode_mentions,
    encode_body,
    encode_indicators,
    encode_mentions,
    graph_from_dict,
    plan_from_meta,
    plan_meta,
    unit_d,
    unit_from_dict,
)
from graph.stores.base import entry_of, names_of

__all__ = [
    "COMPRESS_LEVEL",
    "SQLITE_FORMAT",
    "DutyRow",
    "SqliteBackend",
    "busy_timeout",
    "mentions_json",
    "resolve_store_path",
]

#: zlib level of a plan's body (0: stored as plain JSON). docs/store.md: level 6 makes the
#: file about a third the size for a decode cost well under the JSON parse's.
COMPRESS_LEVEL = 6

#: The layout below; a file of another number is refused with a one-line reason.
SQLITE_FORMAT = 1
_MAGIC = b"SQLite format 3\x00"

_DUTIES_SCHEMA = """
CREATE TABLE IF NOT EXISTS duty_tasks (
    tn INTEGER PRIMARY KEY, task_id TEXT NOT NULL, plan_id TEXT NOT NULL, path TEXT NOT NULL, kind TEXT NOT NULL,
    title TEXT NOT NULL, text TEXT NOT NULL, deadline TEXT NOT NULL, due_date TEXT NOT NULL, start INTEGER NOT NULL,
    pos INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS duty_tasks_plan ON duty_tasks (plan_id);
CREATE TABLE IF NOT EXISTS duties (
    unit_id TEXT NOT NULL, tn INTEGER NOT NULL, idx INTEGER NOT NULL,
    role TEXT NOT NULL, ord INTEGER NOT NULL, printed TEXT NOT NULL, PRIMARY KEY (unit_id, tn, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS duties_task ON duties (tn);
"""

#: The layout of ``duties``/``duty_tasks`` (``meta.duties``): another is made anew on open.
#: 3: a duty names its task by the task row's integer ``tn`` (the task and plan ids once per
#: task, not once per mention: a third of the tables' size).
DUTIES_LAYOUT = "3"

#: What each file a load read was (``loaders.pipeline``: a file of the same stamp is not read again).
_FILE_STATS_SCHEMA = """
CREATE TABLE IF NOT EXISTS file_stats (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL, dev INTEGER NOT NULL, sha256 TEXT NOT NULL
)"""

_UNIT_DIR_SCHEMA = """
CREATE TABLE IF NOT EXISTS unit_dir (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT, level TEXT, category TEXT NOT NULL,
    short TEXT NOT NULL, flagged INTEGER NOT NULL, n_aliases INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS unit_dir_region ON unit_dir (region, name);
CREATE INDEX IF NOT EXISTS unit_dir_name ON unit_dir (name);
CREATE TABLE IF NOT EXISTS unit_names (
    unit_id TEXT NOT NULL, k INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (unit_id, k)
) WITHOUT ROWID;
"""

#: The layout of ``unit_dir``/``unit_names`` (``meta.unit_dir``): another is made anew on open.
UNIT_DIR_LAYOUT = "1"

#: Edges in blocks (``graph.owners``): a plan's task links, its indicator links, the global
#: rest; each block's rows in order, and the key each plan's block was made under.
_EDGES_SCHEMA = """
CREATE TABLE IF NOT EXISTS edges (
    owner TEXT NOT NULL, ord INTEGER NOT NULL, type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL,
    props TEXT NOT NULL, PRIMARY KEY (owner, ord)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_type ON edges (type);
CREATE INDEX IF NOT EXISTS edges_src ON edges (src, type);
CREATE INDEX IF NOT EXISTS edges_dst ON edges (dst, type);
CREATE TABLE IF NOT EXISTS link_owners (owner TEXT PRIMARY KEY, key TEXT NOT NULL) WITHOUT ROWID;
"""

#: The layout of ``edges``/``link_owners`` (``meta.edges``; absent: one ``edges`` table in one
#: order, keys in ``plans.link_key``). 2: edges in blocks by owner (a load rewrites the blocks
#: of the plans it linked again, not every edge after the first that changed).
EDGES_LAYOUT = "2"

#: ``graph.owners.edge_owner`` in SQL (the old layout's rows get their block on migration).
_OWNER_SQL = (
    "CASE WHEN type IN ('CASCADES_FROM', 'REFINES') AND instr(src, '/t/') > 0"
    " THEN substr(src, 1, instr(src, '/t/') - 1)"
    " WHEN type IN ('CASCADES_FROM', 'MEASURES') AND instr(src, '/i/') > 0"
    " THEN substr(src, 1, instr(src, '/i/') - 1) || '#i' ELSE '' END"
)

_DELETE_DUTIES = "DELETE FROM duties WHERE tn IN (SELECT tn FROM duty_tasks WHERE plan_id=?)"

#: One row of ``duties`` joined with its task: (unit id, task id, mention index, plan id, role,
#: order, printed name, task path, kind, title, text, deadline, due date, span start, the
#: task's place in the plan's body).
DutyRow = tuple[str, str, int, str, str, int, str, str, str, str, str, str, str, int, int]

_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS plans (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    stub INTEGER NOT NULL,
    loader_version INTEGER,
    meta TEXT NOT NULL,
    body BLOB,
    mentions TEXT,
    indicators TEXT NOT NULL,
    n_tasks INTEGER NOT NULL DEFAULT 0,
    n_indicators INTEGER NOT NULL DEFAULT 0,
    units_part BLOB
);
CREATE TABLE IF NOT EXISTS unit_plans (
    unit_id TEXT NOT NULL, plan_id TEXT NOT NULL, PRIMARY KEY (unit_id, plan_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS unit_plans_plan ON unit_plans (plan_id);
CREATE TABLE IF NOT EXISTS units (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS units_region ON units (json_extract(data, '$.region'));
CREATE TABLE IF NOT EXISTS regions (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS metrics (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parse_failures (key TEXT PRIMARY KEY, message TEXT NOT NULL);
"""
    + _DUTIES_SCHEMA
    + _UNIT_DIR_SCHEMA
    + _EDGES_SCHEMA
    + ";"
    + _FILE_STATS_SCHEMA
)


def busy_timeout() -> float:
    """Seconds a writer waits for another one: ``$PLANKG_BUSY_TIMEOUT``, else 60."""
    try:
        return float(os.environ.get("PLANKG_BUSY_TIMEOUT", "60"))
    except ValueError:
        return 60.0


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _is_json_store(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(64).lstrip()
    except OSError:
        return False
    return head.startswith(b"{")


def resolve_store_path(path: Path) -> tuple[Path, Path | None]:
    """(the SQLite file, the JSON store to migrate into it first or None).

    ``graph.json`` paths keep working: a path ending in ``.json`` (or any file
    holding an old JSON store) means the sibling ``.sqlite``; when that does not
    exist yet and the JSON store does, it is migrated on this first open.
    """
    is_json = path.suffix.lower() == ".json" or (path.is_file() and _is_json_store(path))
    if not is_json:
        return path, None
    target = path.with_suffix(".sqlite")
    if target.exists() or not path.is_file():
        return target, None
    return target, path


class SqliteBackend:
    """One connection to the store file; ``transaction()`` serialises writers."""

    def __init__(self, path: Path) -> None:
        self.path, legacy = resolve_store_path(path)
        self.timeout = busy_timeout()
        self.migrated_from: Path | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: 无法写入图谱存储 (cannot write the store: {exc.strerror or exc})") from exc
        if self.path.exists():
            self._check_magic()
        self._cleanup_temp()
        try:
            self.conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False)
            self._wal()
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        self._init_schema()
        if legacy is not None:
            self._migrate(legacy)

    # -- opening ------------------------------------------------------------
    def _wal(self) -> None:
        """Switch to WAL. Two processes creating one store at once: the switch needs the file to
        itself and SQLite does not wait for it (no busy handler), so it is retried here until the
        busy timeout."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _check_magic(self) -> None:
        try:
            with self.path.open("rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise StoreError(f"{self.path}: 无法读取图谱存储 (cannot read the store: {exc.strerror or exc})") from exc
        if head and head != _MAGIC:
            raise StoreError(
                f"{self.path}: 不是 plankg 图谱存储（SQLite），请换一个路径或删除后重新载入规划 (not a SQLite store)"
            )

    def _cleanup_temp(self) -> None:
        """A migration interrupted by a crash leaves ``.<name>-*.tmp``: removed on the next open."""
        for tmp in self.path.parent.glob(f".{self.path.name}-*.tmp"):
            tmp.unlink(missing_ok=True)

    def _init_schema(self) -> None:
        try:  # an existing store: a read, so opening never waits for a writer
            row = self.conn.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        except sqlite3.Error:
            row = None
        if row is not None and row[0] == str(SQLITE_FORMAT):
            self._add_units_part()
            self._add_link_blocks()
            self._add_duties()
            self._add_unit_dir()
            self._add_file_stats()
            return
        with self.transaction():
            # statement by statement: executescript() would COMMIT the open transaction
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    self.conn.execute(stmt)
            row = self.conn.execute("SELECT value FROM meta WHERE key='format'").fetchone()
            if row is None:
                self.conn.execute("INSERT INTO meta VALUES ('format', ?), ('generation', '0')", (str(SQLITE_FORMAT),))
                self.conn.execute("INSERT INTO meta VALUES ('duties', ?)", (DUTIES_LAYOUT,))
                self.conn.execute("INSERT INTO meta VALUES ('unit_dir', ?)", (UNIT_DIR_LAYOUT,))
                self.conn.execute("INSERT INTO meta VALUES ('edges', ?)", (EDGES_LAYOUT,))
            elif row[0] != str(SQLITE_FORMAT):
                raise StoreError(
                    f"{self.path}: 图谱存储版本不符，请删除后重新载入规划"
                    f" (store format {row[0]!r}, expected {SQLITE_FORMAT})"
                )

    def _add_units_part(self) -> None:
        """A store written before plans kept their share of the unit layer gets the column (empty:
        the next load resolves every plan once and fills it), and its units their lookup by region."""
        columns = {r[1] for r in self._q("PRAGMA table_info(plans)")}
        indexes = {r[1] for r in self._q("PRAGMA index_list(units)")}
        if "units_part" not in columns or "units_region" not in indexes:
            with self.transaction():
                columns = {r[1] for r in self._q("PRAGMA table_info(plans)")}
                if "units_part" not in columns:
                    self._x("ALTER TABLE plans ADD COLUMN units_part BLOB")
                # a region's units (``plankg tasks --region``) without decoding every unit's JSON
                self._x("CREATE INDEX IF NOT EXISTS units_region ON units (json_extract(data, '$.region'))")

    def _add_link_blocks(self) -> None:
        """A store of one ordered ``edges`` table gets its edges in blocks, each row in its block in
        the order it had, and the plans' task-link keys moved to ``link_owners`` (the indicator
        blocks get an empty key: the next load links every plan's indicators once)."""
        if self.get_meta("edges") == EDGES_LAYOUT:
            return
        with self.transaction():
            if self.get_meta("edges") == EDGES_LAYOUT:  # another process upgraded it meanwhile
                return
            for index in ("edges_type", "edges_src", "edges_dst"):
                self._x(f"DROP INDEX IF EXISTS {index}")
            self._x("ALTER TABLE edges RENAME TO edges_v1")
            for stmt in _EDGES_SCHEMA.split(";"):
                if stmt.strip():
                    self._x(stmt)
            self._x(f"INSERT INTO edges SELECT {_OWNER_SQL}, seq, type, src, dst, props FROM edges_v1")
            self._x("DROP TABLE edges_v1")
            if "link_key" in {r[1] for r in self._q("PRAGMA table_info(plans)")}:
                self._x("INSERT INTO link_owners SELECT id, link_key FROM plans WHERE link_key IS NOT NULL")
                self._x("UPDATE plans SET link_key = NULL")  # retired: the keys live in link_owners
            self._x("INSERT OR IGNORE INTO link_owners SELECT DISTINCT owner, '' FROM edges WHERE owner != ''")
            self.set_meta("edges", EDGES_LAYOUT)

    def _remake(self, key: str, layout: str, tables: tuple[str, ...], schema: str, fill: Callable[[], None]) -> None:
        """Tables of another layout than ``layout`` (``meta.<key>``; absent in a store written
        before them) dropped, made anew from ``schema`` and filled by ``fill``, in one transaction."""
        if self.get_meta(key) == layout:
            return
        with self.transaction():
            if self.get_meta(key) == layout:  # another process upgraded it meanwhile
                return
            for table in tables:
                self._x(f"DROP TABLE IF EXISTS {table}")
            for stmt in schema.split(";"):
                if stmt.strip():
                    self._x(stmt)
            fill()
            self.set_meta(key, layout)

    def _add_duties(self) -> None:
        """A store written before ``duties`` gets the tables, filled from every plan's stored
        body and mentions once (one transaction; the answers are the bodies' own)."""

        def fill() -> None:
            for (pid,) in self._q("SELECT id FROM plans WHERE body IS NOT NULL"):
                body = self.read_body(pid)
                if body is not None:
                    self._write_duties(pid, body[2])

        self._remake("duties", DUTIES_LAYOUT, ("duties", "duty_tasks"), _DUTIES_SCHEMA, fill)

    def _add_file_stats(self) -> None:
        """A store written before loads remembered the files they read gets the (empty) table."""
        if self._q("SELECT 1 FROM sqlite_master WHERE type='table' AND name='file_stats'"):
            return
        with self.transaction():
            self._x(_FILE_STATS_SCHEMA)

    def _add_unit_dir(self) -> None:
        """A store written before ``unit_dir`` gets it, filled from every unit's record once."""

        def fill() -> None:
            self._write_unit_dir(self.read_units().values())

        self._remake("unit_dir", UNIT_DIR_LAYOUT, ("unit_dir", "unit_names"), _UNIT_DIR_SCHEMA, fill)

    def _write_unit_dir(self, units: Iterable[Unit]) -> None:
        units = list(units)
        self._xm("INSERT OR REPLACE INTO unit_dir VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [tuple(entry_of(u)) for u in units])
        self._xm(
            "INSERT INTO unit_names VALUES (?, ?, ?)",
            [(u.id, k, text) for u in units for k, text in enumerate(names_of(u))],
        )

    def _migrate(self, legacy: Path) -> None:
        """Copy an old JSON store into this (new, empty) SQLite store, once."""
        try:
            data = json.loads(legacy.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{legacy}: 无法读取图谱存储 (cannot read the store: {exc})") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
            found = data.get("format") if isinstance(data, dict) else type(data).__name__
            raise StoreError(
                f"{legacy}: 不是 plankg 图谱存储，或版本不符；请删除后重新载入规划"
                f" (store format {found!r}, expected {FORMAT_VERSION})"
            )
        try:
            graph = graph_from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(f"{legacy}: 图谱存储已损坏 (the store is damaged: {exc!r})") from exc
        from graph.stores.networkx_store import NetworkXStore

        with self.transaction():
            store = NetworkXStore.__new__(NetworkXStore)
            store._attach(self)
            store.write(graph, list(graph.plans), [])
        self.migrated_from = legacy
        print(
            f"plankg: 已将旧的 JSON 图谱存储 {legacy} 迁移到 {self.path}（原文件保留，可删除）"
            f" (migrated the JSON store to SQLite)",
            file=sys.stderr,
        )

    def _error(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return StoreError(
                f"{self.path}: 存储正忙：另一个进程正在写入，等待 {self.timeout:.0f} 秒后仍未结束，请稍后重试"
                f" (store busy)"
            )
        if isinstance(exc, sqlite3.DatabaseError) and "not a database" in text:
            return StoreError(f"{self.path}: 图谱存储已损坏 (the store is damaged: {text})")
        return StoreError(f"{self.path}: 无法读写图谱存储 (store error: {text})")

    def close(self) -> None:
        with suppress(sqlite3.Error):
            self.conn.close()

    # -- transactions ---------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (nested calls join the open transaction)."""
        if self.conn.in_transaction:
            yield
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        try:
            yield
        except BaseException:
            self.conn.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.rollback()
            raise self._error(exc) from exc

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def _q(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(sql, tuple(args)).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _x(self, sql: str, args: Iterable[Any] = ()) -> None:
        try:
            self.conn.execute(sql, tuple(args))
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _xm(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        try:
            self.conn.executemany(sql, (tuple(r) for r in rows))
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    # -- reads ----------------------------------------------------------------
    def generation(self) -> int:
        rows = self._q("SELECT value FROM meta WHERE key='generation'")
        return int(rows[0][0]) if rows else 0

    def read_plans(self) -> tuple[StoredPlans, dict[str, int | None]]:
        """Every plan's record without text (decoded when first asked for), and the loader
        version it was parsed with."""
        raw: dict[str, str] = {}
        versions: dict[str, int | None] = {}
        for pid, meta, version in self._q("SELECT id, meta, loader_version FROM plans ORDER BY rowid"):
            raw[pid] = meta
            versions[pid] = version
        return StoredPlans(raw), versions

    def read_units(self) -> dict[str, Unit]:
        return {uid: unit_from_dict(json.loads(d)) for uid, d in self._q("SELECT id, data FROM units ORDER BY rowid")}

    def read_unit(self, unit_id: str) -> Unit | None:
        rows = self._q("SELECT data FROM units WHERE id=?", (unit_id,))
        return unit_from_dict(json.loads(rows[0][0])) if rows else None

    def read_unit_dir(self, region: str | None = None) -> list[UnitEntry]:
        """The units' directory entries by name, then in the stored order (of one region only if
        given): the order of ``units()`` (UTF-8 bytes compare as code points do)."""
        if region is None:
            rows = self._q("SELECT * FROM unit_dir ORDER BY name, rowid")
        else:
            rows = self._q("SELECT * FROM unit_dir WHERE region=? ORDER BY name, rowid", (region,))
        return [UnitEntry(i, n, r, lv, c, s, bool(f), a) for i, n, r, lv, c, s, f, a in rows]

    def read_unit_names(self, region: str | None = None) -> list[tuple[str, str]]:
        """(unit id, name) of every unit's names, unit by unit in the order of
        :meth:`read_unit_dir`, each unit's in their order (``GraphStore.unit_names``)."""
        join = "SELECT n.unit_id, n.text FROM unit_dir d JOIN unit_names n ON n.unit_id = d.id"
        if region is None:
            rows = self._q(f"{join} ORDER BY d.name, d.rowid, n.k")
        else:
            rows = self._q(f"{join} WHERE d.region = ? ORDER BY d.name, d.rowid, n.k", (region,))
        return [(u, t) for u, t in rows]

    def read_units_of_region(self, region: str) -> list[Unit]:
        """The units of one region, in the stored order (the JSON is decoded only for those)."""
        rows = self._q("SELECT data FROM units WHERE json_extract(data, '$.region') = ? ORDER BY rowid", (region,))
        return [unit_from_dict(json.loads(d)) for (d,) in rows]

    def read_regions(self) -> dict[str, Region]:
        return {rid: Region(**json.loads(d)) for rid, d in self._q("SELECT id, data FROM regions ORDER BY rowid")}

    def read_metrics(self) -> dict[str, Metric]:
        return {mid: Metric(**json.loads(d)) for mid, d in self._q("SELECT id, data FROM metrics ORDER BY rowid")}

    def read_edges(self, types: Iterable[str] | None = None) -> list[Edge]:
        if types is None:
            rows = self._q("SELECT type, src, dst, props FROM edges ORDER BY owner, ord")
        else:
            ts = list(types)
            marks = ",".join("?" * len(ts))
            rows = self._q(f"SELECT type, src, dst, props FROM edges WHERE type IN ({marks}) ORDER BY owner, ord", ts)
        return [Edge(t, s, d, json.loads(p)) for t, s, d, p in rows]

    def edges_at(self, node: str, etype: str, outgoing: bool) -> list[tuple[str, dict[str, Any]]]:
        """(the other end, props) of the ``etype`` edges leaving (``outgoing``) or entering ``node``,
        in the stored order (an index lookup: no other edge is read)."""
        if outgoing:
            rows = self._q("SELECT dst, props FROM edges WHERE src=? AND type=? ORDER BY owner, ord", (node, etype))
        else:
            rows = self._q("SELECT src, props FROM edges WHERE dst=? AND type=? ORDER BY owner, ord", (node, etype))
        return [(other, json.loads(props)) for other, props in rows]

    def read_body(self, plan_id: str) -> tuple[str, list[Section], list[Task]] | None:
        rows = self._q("SELECT body, mentions FROM plans WHERE id=?", (plan_id,))
        if not rows or rows[0][0] is None:
            return None
        text, sections, tasks = decode_body(rows[0][0])
        if rows[0][1] is not None:
            _overlay(tasks, decode_mentions(rows[0][1]))
        return text, sections, tasks

    def read_indicators(self, plan_ids: Iterable[str] | None = None) -> dict[str, list[Indicator]]:
        if plan_ids is None:
            rows = self._q("SELECT id, indicators FROM plans ORDER BY rowid")
        else:
            ids = list(plan_ids)
            marks = ",".join("?" * len(ids))
            rows = self._q(f"SELECT id, indicators FROM plans WHERE id IN ({marks})", ids)
        return {pid: decode_indicators(d) for pid, d in rows}

    def plans_of_units(self, unit_ids: Iterable[str]) -> set[str]:
        ids = list(unit_ids)
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {r[0] for r in self._q(f"SELECT plan_id FROM unit_plans WHERE unit_id IN ({marks})", ids)}

    def duties_of_units(self, unit_ids: Iterable[str]) -> list[DutyRow]:
        """Every resolved mention of these units with its task's answer fields (``DutyRow``)."""
        ids = list(dict.fromkeys(unit_ids))
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        # plain columns, no JSON or zlib: a city bureau's thousand rows at 10 000 plans are one
        # read of tuples SQLite builds itself (decoding a blob per task was most of the p99)
        return self._q(
            "SELECT d.unit_id, t.task_id, d.idx, t.plan_id, d.role, d.ord, d.printed, t.path, t.kind, t.title,"
            " t.text, t.deadline, t.due_date, t.start, t.pos FROM duties d JOIN duty_tasks t ON t.tn = d.tn"
            f" WHERE d.unit_id IN ({marks})",
            ids,
        )

    def read_unit_parts(self) -> dict[str, str]:
        """Each plan's stored share of the unit layer (``loaders.units.PlanUnits`` JSON), where kept."""
        rows = self._q("SELECT id, units_part FROM plans WHERE units_part IS NOT NULL")
        return {pid: zlib.decompress(blob).decode("utf-8") for pid, blob in rows}

    def write_unit_parts(self, parts: dict[str, str], clear: bool) -> None:
        """Keep these plans' shares (``clear``: drop every other plan's first — they were made
        with other inputs)."""
        if clear:
            self._x("UPDATE plans SET units_part=NULL WHERE units_part IS NOT NULL")
        self._xm(
            "UPDATE plans SET units_part=? WHERE id=?",
            [(zlib.compress(text.encode("utf-8"), COMPRESS_LEVEL), pid) for pid, text in parts.items()],
        )

    def read_link_keys(self) -> dict[str, str]:
        """The key each block of links (``graph.owners``) was made under, by block."""
        return dict(self._q("SELECT owner, key FROM link_owners"))

    def read_block(self, owner: str) -> list[Edge]:
        """One block's edges, in order."""
        rows = self._q("SELECT type, src, dst, props FROM edges WHERE owner=? ORDER BY ord", (owner,))
        return [Edge(t, s, d, json.loads(p)) for t, s, d, p in rows]

    def counts(self) -> tuple[int, int, int, int]:
        """(loaded plans, tasks, units, indicators), without decoding a plan."""
        ((plans, tasks, inds),) = self._q(
            "SELECT COALESCE(SUM(1 - stub), 0), COALESCE(SUM(n_tasks), 0), COALESCE(SUM(n_indicators), 0) FROM plans"
        )
        (units,) = self._q("SELECT COUNT(*) FROM units")[0]
        return int(plans), int(tasks), int(units), int(inds)

    def get_meta(self, key: str) -> str | None:
        rows = self._q("SELECT value FROM meta WHERE key=?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self._x("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def failure(self, key: str) -> str | None:
        rows = self._q("SELECT message FROM parse_failures WHERE key=?", (key,))
        return str(rows[0][0]) if rows else None

    def read_plan_index(self) -> dict[str, tuple[str, str, int | None]]:
        """Loaded plans by source: (id, sha256, loader version) — plain columns, no record decoded."""
        rows = self._q("SELECT source, id, sha256, loader_version FROM plans WHERE stub=0 ORDER BY rowid")
        return {source: (pid, sha, version) for source, pid, sha, version in rows}

    def read_file_stats(self) -> dict[str, tuple[tuple[int, int, int, int, int], str]]:
        """Files read before, by absolute path: ((size, mtime, ctime, inode, device), sha256)."""
        rows = self._q("SELECT path, size, mtime_ns, ctime_ns, ino, dev, sha256 FROM file_stats")
        return {path: ((size, m, c, ino, dev), sha) for path, size, m, c, ino, dev, sha in rows}

    def record_file_stats(self, rows: list[tuple[str, tuple[int, int, int, int, int], str]]) -> None:
        with self.transaction():
            self._xm(
                "INSERT OR REPLACE INTO file_stats VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(path, *stamp, sha) for path, stamp, sha in rows],
            )

    # -- writes (inside ``transaction()``) ---------------------------------------
    def record_failure(self, key: str, message: str) -> None:
        with self.transaction():
            self._x("INSERT OR REPLACE INTO parse_failures VALUES (?, ?)", (key, message))

    def bump(self) -> None:
        self._x("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")

    def clear(self) -> None:
        for table in (
            "plans",
            "unit_plans",
            "duties",
            "duty_tasks",
            "units",
            "unit_dir",
            "unit_names",
            "regions",
            "metrics",
            "edges",
            "link_owners",
            "file_stats",
        ):
            self._x(f"DELETE FROM {table}")
        self._x("DELETE FROM meta WHERE key='layer_key'")

    def delete_plans(self, plan_ids: Iterable[str]) -> None:
        ids = [(p,) for p in plan_ids]
        self._xm("DELETE FROM plans WHERE id=?", ids)
        self._xm("DELETE FROM unit_plans WHERE plan_id=?", ids)
        self._xm(_DELETE_DUTIES, ids)
        self._xm("DELETE FROM duty_tasks WHERE plan_id=?", ids)

    def upsert_plan(
        self,
        plan: Plan,
        loader_version: int | None,
        body: tuple[list[Section], list[Task]] | None,
        indicators: list[Indicator],
    ) -> None:
        """Insert or update one plan's row; ``body`` None keeps the stored body."""
        meta = _dumps(plan_meta(plan))
        inds = encode_indicators(indicators)
        if body is not None:
            sections, tasks = body
            blob = encode_body(plan.text, sections, tasks)  # without the tasks' mentions
            self._x(
                "INSERT INTO plans (id, source, sha256, stub, loader_version, meta, body, indicators, n_tasks,"
                " n_indicators) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                " source=excluded.source, sha256=excluded.sha256, stub=excluded.stub,"
                " loader_version=excluded.loader_version, meta=excluded.meta, body=excluded.body,"
                " indicators=excluded.indicators, mentions=NULL, n_tasks=excluded.n_tasks,"
                " n_indicators=excluded.n_indicators",
                (
                    plan.id,
                    plan.source,
                    plan.sha256,
                    int(plan.stub),
                    loader_version,
                    meta,
                    blob,
                    inds,
                    len(tasks),
                    len(indicators),
                ),
            )
        else:
            self._x(
                "INSERT INTO plans (id, source, sha256, stub, loader_version, meta, body, indicators, n_indicators)"
                " VALUES (?, ?, ?, ?, NULL, ?, NULL, ?, ?) ON CONFLICT(id) DO UPDATE SET source=excluded.source,"
                " sha256=excluded.sha256, stub=excluded.stub, meta=excluded.meta, indicators=excluded.indicators,"
                " n_indicators=excluded.n_indicators",
                (plan.id, plan.source, plan.sha256, int(plan.stub), meta, inds, len(indicators)),
            )

    def set_mentions(self, plan_id: str, tasks: list[Task], mentions_json: bytes) -> None:
        self._x("UPDATE plans SET mentions=? WHERE id=?", (mentions_json, plan_id))
        self._x("DELETE FROM unit_plans WHERE plan_id=?", (plan_id,))
        units = sorted({m.unit_id for t in tasks for m in t.mentions if m.unit_id})
        self._xm("INSERT INTO unit_plans VALUES (?, ?)", [(u, plan_id) for u in units])
        self._write_duties(plan_id, tasks)

    def _write_duties(self, plan_id: str, tasks: list[Task]) -> None:
        """The plan's rows of ``duties`` and ``duty_tasks``, made anew from its tasks."""
        self._x(_DELETE_DUTIES, (plan_id,))
        self._x("DELETE FROM duty_tasks WHERE plan_id=?", (plan_id,))
        duties: list[tuple[object, ...]] = []
        for pos, t in enumerate(tasks):
            held = [(i, m) for i, m in enumerate(t.mentions) if m.unit_id]
            if not held:
                continue
            try:
                tn = self.conn.execute(
                    "INSERT INTO duty_tasks (task_id, plan_id, path, kind, title, text, deadline, due_date, start, pos)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        t.id,
                        plan_id,
                        t.path,
                        t.kind,
                        t.title,
                        t.text,
                        t.deadline or "",
                        t.due_date or "",
                        t.span.start,
                        pos,
                    ),
                ).lastrowid
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            duties.extend((m.unit_id, tn, i, m.role or "", m.order, m.text) for i, m in held)
        self._xm("INSERT OR REPLACE INTO duties VALUES (?, ?, ?, ?, ?, ?)", duties)

    def write_units(self, upsert: Iterable[Unit], delete: Iterable[str]) -> None:
        upsert = list(upsert)
        gone = [(u,) for u in delete] + [(u.id,) for u in upsert]
        self._xm("DELETE FROM units WHERE id=?", gone)
        self._xm("DELETE FROM unit_dir WHERE id=?", gone)
        self._xm("DELETE FROM unit_names WHERE unit_id=?", gone)
        self._xm("INSERT INTO units VALUES (?, ?)", [(u.id, _dumps(unit_d(u))) for u in upsert])
        self._write_unit_dir(upsert)

    def write_table(self, table: str, rows: dict[str, Any]) -> None:
        """Rewrite ``regions`` or ``metrics`` (small)."""
        assert table in ("regions", "metrics")
        self._x(f"DELETE FROM {table}")
        self._xm(f"INSERT INTO {table} VALUES (?, ?)", [(k, _dumps(v.__dict__)) for k, v in rows.items()])

    def write_links(self, edges: list[Edge], keys: Mapping[str, str] | None, linked: set[str] | None) -> bool:
        """Store ``edges`` by block (``graph.owners``); False when every block was as stored.

        ``keys``: every plan block that stays, with the key it was made under; ``linked``: the
        blocks ``edges`` holds anew (the others in ``keys`` keep their stored rows, blocks not in
        ``keys`` go). ``keys`` None: ``edges`` is the whole layer, and no block keeps a key (the
        next load links every plan again rather than trust links it did not see made). The
        global block is compared row by row and rewritten from its first difference on."""
        blocks = by_owner(edges)
        wrote = self._sync_global(blocks.pop(GLOBAL, []))
        stored = self.read_link_keys()
        if keys is None:
            keys = dict.fromkeys(blocks, "")
            linked = set(blocks)
        gone = [owner for owner in stored if owner not in keys]
        for owner in gone:
            if self._q("SELECT 1 FROM edges WHERE owner=? LIMIT 1", (owner,)):
                self._x("DELETE FROM edges WHERE owner=?", (owner,))
                wrote = True
        for owner in sorted((linked or set()) | set(blocks)):
            wrote = self._sync_block(owner, blocks.get(owner, [])) or wrote
        self._xm("DELETE FROM link_owners WHERE owner=?", [(o,) for o in gone])
        self._xm(
            "INSERT OR REPLACE INTO link_owners VALUES (?, ?)",
            [(o, k) for o, k in keys.items() if stored.get(o) != k],
        )
        return wrote

    def _sync_block(self, owner: str, edges: list[Edge]) -> bool:
        """Make one block ``edges``; False when it already was."""
        new = [(e.type, e.src, e.dst, _dumps(e.props)) for e in edges]
        old = self._q("SELECT type, src, dst, props FROM edges WHERE owner=? ORDER BY ord", (owner,))
        if [tuple(r) for r in old] == new:
            return False
        self._x("DELETE FROM edges WHERE owner=?", (owner,))
        self._xm("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?)", [(owner, i, *row) for i, row in enumerate(new)])
        return True

    def _sync_global(self, edges: list[Edge]) -> bool:
        """The global block, rewritten only from the first row that differs on."""
        new = [(e.type, e.src, e.dst, _dumps(e.props)) for e in edges]
        old = self._q("SELECT type, src, dst, props FROM edges WHERE owner=? ORDER BY ord", (GLOBAL,))
        if [tuple(r) for r in old] == new:
            return False
        start = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if tuple(a) != b), min(len(old), len(new))
        )
        self._x("DELETE FROM edges WHERE owner=? AND ord >= ?", (GLOBAL, start))
        rows = [(GLOBAL, start + i, *row) for i, row in enumerate(new[start:])]
        self._xm("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?)", rows)
        return True


class StoredPlans(Mapping[str, Plan]):
    """The plans' records as the file holds them, each decoded on first access: a question
    about one bureau on a store of 10 000 plans needs the records of the few plans it shows
    (decoding every record took 0.26 s of a 0.8 s ``plankg tasks``); a page listing every
    plan decodes each once."""

    def __init__(self, raw: dict[str, str]) -> None:
        self._raw = raw
        self._done: dict[str, Plan] = {}

    def __getitem__(self, plan_id: str) -> Plan:
        plan = self._done.get(plan_id)
        if plan is None:
            plan = self._done[plan_id] = plan_from_meta(json.loads(self._raw[plan_id]))
        return plan

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, plan_id: object) -> bool:
        return plan_id in self._raw


def mentions_json(tasks: list[Task]) -> bytes:
    """A plan's mentions as stored: one list per task, in the body's task order (compressed
    JSON, ``graph.serialize.encode_mentions``; equal mentions give equal bytes)."""
    return encode_mentions(tasks)


def _overlay(tasks: list[Task], mentions: list[list[UnitMention]]) -> None:
    """Put each task's stored mentions back on it."""
    for t, ms in zip(tasks, mentions, strict=False):
        t.mentions = ms
