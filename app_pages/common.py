"""What every page shares: the store, its version, cached answers, first load.

Why it looks like this:

* The store is opened once per process (``st.cache_resource``) and shared by
  every session; opening the JSON store of the whole corpus costs more than
  answering a question from it.
* Query answers are cached with ``st.cache_data`` keyed by a *store version*
  (location, generation, the store's write counter), so a page rerun after a
  widget change costs nothing, and any write — an upload, a review decision, or
  another process (``plankg load``) — changes the version and so invalidates
  every cached answer at once. Each rerun reads the counter (one SQLite row) and
  swaps in a freshly opened store when it moved: no restart.
* An upload is loaded in a background thread (``start_load``): no process-wide
  lock is held while it parses, so other sessions keep answering from the last
  committed graph; the upload page polls the job and shows its progress and result.
* On first start the store is empty: the built-in corpus (``data/plans/``) is
  loaded once, with a progress bar, so a coordinator never meets an empty app.

Pages call only the functions here plus ``graph.queries`` / ``graph.exports``;
there is no query logic in page code.
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from graph import exports, queries, search
from graph.errors import PlankgError
from graph.model import Plan, Unit
from graph.rows import Assignment, CascadeLink, IndicatorRow, OutlineRow, UnitEntry
from graph.stores import default_store_path, open_store
from graph.stores.base import GraphStore
from graph.stores.networkx_store import NetworkXStore

if TYPE_CHECKING:  # the loaders and the workbook writer are imported when a load or a download
    # asks for them, not by every page's first run (a cold start pays for what it shows only)
    from loaders.pipeline import LoadReport

__all__ = [
    "PLANS_DIR",
    "LoadJob",
    "StoreHandle",
    "cascade_links",
    "csv_bytes",
    "decisions_path",
    "handle",
    "implements_pairs",
    "indicator_csv",
    "indicator_rows",
    "job",
    "linked_nodes",
    "load_files",
    "outline",
    "plan_table_xlsx",
    "plans",
    "ready_store",
    "rebuild",
    "search_units",
    "start_load",
    "store_location",
    "task_source",
    "tasks_of_units",
    "unit_directory",
    "unit_label",
    "unit_table_xlsx",
    "units",
    "units_by_id",
    "units_by_ids",
]

#: The built-in corpus loaded on first start.
PLANS_DIR = Path(__file__).resolve().parent.parent / "data" / "plans"


def store_location() -> str:
    """``$PLANKG_STORE``, else ``$NEO4J_URI``, else the default store file."""
    return os.environ.get("PLANKG_STORE") or os.environ.get("NEO4J_URI") or str(default_store_path())


def decisions_path() -> Path:
    """The alias-decisions file, the same one the CLI uses (``$PLANKG_DECISIONS`` or the shipped one)."""
    from loaders.pipeline import default_decisions_path

    return default_decisions_path()


def _stored_version(store: GraphStore) -> int | None:
    """The embedded store's write counter in its file now (one row read); None for Neo4j."""
    if isinstance(store, NetworkXStore):
        return store.stored_generation()
    return None


@dataclass
class LoadJob:
    """A load running in a background thread: readers keep serving the last committed graph."""

    id: str
    names: list[str]
    total: int
    done: int = 0
    current: str = ""
    report: LoadReport | None = None
    error: str | None = None
    finished: bool = False


@dataclass
class StoreHandle:
    """The shared store plus what tells its readers that it changed."""

    location: str
    store: GraphStore
    stamp: int | None
    generation: int = 0
    first_load_tried: bool = False
    #: Held only to decide the first start's load and around a synchronous write; never
    #: during a background load (those take the store's own write lock, in SQLite).
    lock: threading.RLock = field(default_factory=threading.RLock)
    jobs: dict[str, LoadJob] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """Changes whenever the graph may have changed; the key of every cached answer."""
        return f"{self.location}#{self.generation}#{self.stamp}"

    def refresh(self) -> None:
        """Reopen the store if any writer (this app's background load, ``plankg load``
        elsewhere) committed since we read it. The old instance is swapped, not changed,
        so a session answering from it meanwhile finishes on the graph it started with."""
        stamp = _stored_version(self.store)
        if stamp != self.stamp:
            with self.lock:
                fresh = open_store(self.location)
                self.store, self.stamp = fresh, _stored_version(fresh)
                self.generation += 1

    def written(self) -> None:
        """Record our own write, so readers drop their cached answers."""
        with self.lock:
            self.stamp = _stored_version(self.store)
            self.generation += 1


@st.cache_resource(show_spinner=False)
def _open_handle(location: str) -> StoreHandle:
    store = open_store(location)
    return StoreHandle(location=location, store=store, stamp=_stored_version(store))


def handle() -> StoreHandle:
    """The process-wide handle of the configured store, fresh against its file (checked on
    every rerun: one row of the store read)."""
    h = _open_handle(store_location())
    h.refresh()
    return h


# -- loads ------------------------------------------------------------------


def load_files(h: StoreHandle, paths: Sequence[Path], progress: Callable[[Path], None] | None = None) -> LoadReport:
    """Load plan files into the store (one bad file never costs the others), now."""
    from loaders.pipeline import load_paths

    with h.lock:
        report = load_paths(paths, h.store, progress=progress, decisions=decisions_path())
        if report.graph is not None:
            h.written()
    return report


#: How much lower a background load runs than the pages (``nice`` steps; readers come first).
LOAD_NICENESS = 10


def _background_priority() -> None:
    """Run the calling thread — and the parse workers it starts — below the pages' threads.

    On a 2-core machine a parse takes a core to itself; at the same priority a reader's page
    competes with it for the other. Linux gives each thread its own nice value, and a child
    process inherits its parent thread's: the parse pool's fork server, started by this thread
    on the first load, and every worker it forks run niced too. A fork server already running
    (started by an earlier load) is niced as well, since workers fork from it. Elsewhere
    (no per-thread priorities) this does nothing."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOAD_NICENESS)
    except (AttributeError, OSError):  # not Linux, or not permitted: the load runs as before
        return
    from multiprocessing import forkserver

    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if isinstance(pid, int):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, max(os.getpriority(os.PRIO_PROCESS, pid), LOAD_NICENESS))


def start_load(h: StoreHandle, paths: Sequence[Path], cleanup: Callable[[], None] | None = None) -> LoadJob:
    """Start loading ``paths`` in a background thread and return its job at once.

    The thread writes through a store instance of its own (the store's write lock
    serialises it with any other writer); each document is parsed in a worker process
    within the time budget (``loaders.parse_pool``), so a pathological document ends as
    one line and a parse never holds the app; the thread and its workers run at a lower
    priority than the pages (:func:`_background_priority`). Readers see the result on their
    next rerun (``handle`` notices the store's new version)."""
    from loaders.parse_pool import default_budget
    from loaders.pipeline import load_paths

    job = LoadJob(id=uuid.uuid4().hex, names=[p.name for p in paths], total=len(paths))
    h.jobs[job.id] = job

    def step(path: Path) -> None:
        job.done += 1
        job.current = path.name

    def run() -> None:
        store: GraphStore | None = None
        _background_priority()
        try:
            store = open_store(h.location)
            job.report = load_paths(paths, store, progress=step, decisions=decisions_path(), budget=default_budget())
        except PlankgError as exc:
            job.error = str(exc)
        except Exception as exc:  # never a traceback on the page: one line, like every failure
            job.error = f"内部错误，请报告 (internal error: {type(exc).__name__}: {exc})"
        finally:
            if store is not None:
                store.close()
            if cleanup is not None:
                cleanup()
            job.finished = True

    threading.Thread(target=run, name=f"plankg-load-{job.id[:8]}", daemon=True).start()
    return job


def job(h: StoreHandle, job_id: str | None) -> LoadJob | None:
    """A background load of this process by id (None if unknown)."""
    return h.jobs.get(job_id or "")


def ready_store() -> StoreHandle:
    """The store, loading the built-in corpus with a progress bar if it is empty."""
    h = handle()
    if h.first_load_tried or plans(h):
        return h
    with h.lock:
        if h.first_load_tried:
            return h
        h.first_load_tried = True
        from loaders.pipeline import expand_paths

        files = expand_paths([PLANS_DIR])
        if not files:
            return h
        bar = st.progress(0.0, text="首次启动：正在载入内置规划文件…")
        done: list[Path] = []

        def step(path: Path) -> None:
            done.append(path)
            bar.progress((len(done) - 1) / len(files), text=f"正在解析 {path.name}（{len(done)}/{len(files)}）…")

        report = load_files(h, files, progress=step)
        bar.empty()
        for _source, reason in report.failed:
            st.warning(f"载入失败：{reason}")
    return h


def rebuild(h: StoreHandle) -> None:
    """Re-resolve units with the current alias decisions and rewrite the store."""
    from loaders.pipeline import rebuild as rebuild_store

    with h.lock:
        rebuild_store(h.store, decisions_path())
        h.written()


# -- cached answers ---------------------------------------------------------
# The leading underscore keeps the store out of the cache key; ``version``
# (which names the store) is the key.


# The plan and unit lists are shared, not copied (``st.cache_resource``, a tuple no page can
# reorder): ``st.cache_data`` unpickles a fresh copy on every call, and at 10 000 plans the
# lists are read several times per render (13 000 units at 1 000 plans: 0.2 s a copy).
@st.cache_resource(show_spinner=False, max_entries=8)
def _plans(_store: GraphStore, version: str) -> tuple[Plan, ...]:
    return tuple(queries.list_plans(_store))


def plans(h: StoreHandle) -> tuple[Plan, ...]:
    """All plans, national → county, stubs included."""
    return _plans(h.store, h.version)


@st.cache_resource(show_spinner=False, max_entries=8)
def _units(_store: GraphStore, version: str, flagged_only: bool) -> tuple[Unit, ...]:
    return tuple(queries.list_units(_store, flagged_only=flagged_only))


def units(h: StoreHandle, flagged_only: bool = False) -> tuple[Unit, ...]:
    """All units (or only those to review), ordered by name."""
    return _units(h.store, h.version, flagged_only)


@st.cache_resource(show_spinner=False, max_entries=8)
def _unit_directory(_store: GraphStore, version: str) -> tuple[UnitEntry, ...]:
    return tuple(queries.unit_directory(_store))


def unit_directory(h: StoreHandle) -> tuple[UnitEntry, ...]:
    """All units without their aliases, ordered by name: what a page that names units but does
    not show their aliases needs (at 10 000 plans reading every unit's aliases took seconds)."""
    return _unit_directory(h.store, h.version)


def units_by_ids(h: StoreHandle, unit_ids: Sequence[str]) -> dict[str, Unit]:
    """These units with their aliases."""
    return queries.units_by_ids(h.store, unit_ids)


def units_by_id(h: StoreHandle) -> dict[str, Unit]:
    """Units by id (for labels)."""
    return {u.id: u for u in units(h)}


def unit_label(unit: Unit | UnitEntry) -> str:
    """How a unit is named in lists: its canonical name, marked when unresolved."""
    return f"{unit.name}（待核实）" if unit.flagged else unit.name


@st.cache_data(show_spinner=False, max_entries=256)
def _search_scored(
    _store: GraphStore, version: str, text: str, region: str | None, limit: int
) -> list[tuple[str, float, str]]:
    return [
        (m.unit.id, float(m.score), str(m.matched))
        for m in search.search_units(_store, text, region=region, limit=limit)
    ]


def search_units(h: StoreHandle, text: str, region: str | None, limit: int = 10) -> list[tuple[Unit, float, str]]:
    """(unit, score, matched alias) for any way of writing a unit's name, best first."""
    hits = _search_scored(h.store, h.version, text, region, limit)
    by_id = units_by_id(h)
    return [(by_id[uid], score, matched) for uid, score, matched in hits if uid in by_id]


@st.cache_data(show_spinner=False, max_entries=256)
def _tasks_of_units(_store: GraphStore, version: str, unit_ids: tuple[str, ...]) -> list[Assignment]:
    return queries.tasks_of_units(_store, list(unit_ids), via_groups=True)


def tasks_of_units(h: StoreHandle, unit_ids: Sequence[str]) -> list[Assignment]:
    """Task × unit rows of these units, directly and through their groups."""
    return _tasks_of_units(h.store, h.version, tuple(unit_ids))


@st.cache_data(show_spinner=False, max_entries=64)
def _outline(_store: GraphStore, version: str, plan_id: str) -> list[OutlineRow]:
    return queries.plan_outline(_store, plan_id)


def outline(h: StoreHandle, plan_id: str) -> list[OutlineRow]:
    """A plan's outline rows in document order."""
    return _outline(h.store, h.version, plan_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _indicators(_store: GraphStore, version: str, metric: str | None) -> list[IndicatorRow]:
    return queries.indicators(_store, metric)


def indicator_rows(h: StoreHandle, metric: str | None = None) -> list[IndicatorRow]:
    """Indicators across plans and levels (optionally of one metric)."""
    return _indicators(h.store, h.version, metric)


@st.cache_data(show_spinner=False, max_entries=1024)
def _cascade(_store: GraphStore, version: str, node_id: str) -> list[CascadeLink]:
    return queries.cascade(_store, node_id)


def cascade_links(h: StoreHandle, node_id: str) -> list[CascadeLink]:
    """Up and down links of a task, indicator or plan."""
    return _cascade(h.store, h.version, node_id)


@st.cache_data(show_spinner=False, max_entries=8)
def _implements(_store: GraphStore, version: str) -> list[tuple[str, str]]:
    pairs = []
    for plan in queries.list_plans(_store, include_stubs=False):
        for link in queries.cascade(_store, plan.id):
            if link.type == "IMPLEMENTS" and link.direction == "up":
                pairs.append((plan.id, link.node_id))
    return pairs


def implements_pairs(h: StoreHandle) -> list[tuple[str, str]]:
    """(implementer, implemented) plan-id pairs: the cascade of plans."""
    return _implements(h.store, h.version)


@st.cache_data(show_spinner=False, max_entries=64)
def _linked_nodes(_store: GraphStore, version: str, node_ids: tuple[str, ...]) -> set[str]:
    return {n for n in node_ids if queries.cascade(_store, n)}


def linked_nodes(h: StoreHandle, node_ids: Sequence[str]) -> set[str]:
    """Those of ``node_ids`` that have at least one cascade link (to offer only useful choices)."""
    return _linked_nodes(h.store, h.version, tuple(node_ids))


@st.cache_data(show_spinner=False, max_entries=1024)
def _task_source(_store: GraphStore, version: str, task_id: str) -> tuple[str, str] | None:
    return queries.task_source(_store, task_id)


def task_source(h: StoreHandle, task_id: str) -> tuple[str, str] | None:
    """(plan title, full text) of a task."""
    return _task_source(h.store, h.version, task_id)


@st.cache_data(show_spinner=False, max_entries=32)
def _plan_xlsx(_store: GraphStore, version: str, plan_ids: tuple[str, ...]) -> bytes:
    from graph import xlsx_export

    return xlsx_export.plan_table_xlsx(_store, list(plan_ids))


def plan_table_xlsx(h: StoreHandle, plan_ids: Sequence[str]) -> bytes:
    """The 任务分工表 workbook of these plans."""
    return _plan_xlsx(h.store, h.version, tuple(plan_ids))


@st.cache_data(show_spinner=False, max_entries=32)
def _unit_xlsx(_store: GraphStore, version: str, unit_ids: tuple[str, ...], title: str | None) -> bytes:
    from graph import xlsx_export

    return xlsx_export.unit_table_xlsx(_store, list(unit_ids), title=title)


def unit_table_xlsx(h: StoreHandle, unit_ids: Sequence[str], title: str | None = None) -> bytes:
    """The 任务分工表 workbook of these units (one sheet per unit)."""
    return _unit_xlsx(h.store, h.version, tuple(unit_ids), title)


def indicator_csv(h: StoreHandle) -> bytes:
    """All indicators as the contract's indicators csv."""
    return csv_bytes(exports.INDICATOR_COLUMNS, exports.indicator_rows(indicator_rows(h)))


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 csv, header first, ``None`` as empty (the contract's export format)."""
    return exports.to_csv(header, rows).encode("utf-8")
