"""Cached answers the coordinator's workbench pages add to :mod:`app_pages.common`.

Same rule as there: every answer is cached with ``st.cache_data`` keyed by the
store's version (``StoreHandle.version``), so any write drops them all at once;
the store itself is never part of a cache key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import streamlit as st

from app_pages import common
from graph import queries, search
from graph.exports import csv_document
from graph.rows import Assignment
from graph.search import TextHit, UnitLookup
from graph.stores.base import GraphStore

__all__ = [
    "assignments_by_unit",
    "csv_file",
    "has_ledger",
    "lookup_unit",
    "overdue_counts",
    "plan_assignments",
    "plan_table_docx",
    "search_text",
    "unit_table_docx",
]


@st.cache_data(show_spinner=False, max_entries=256)
def _lookup(_store: GraphStore, version: str, text: str, region: str | None) -> UnitLookup:
    return search.lookup_unit(_store, text, region=region)


def lookup_unit(h: common.StoreHandle, text: str, region: str | None) -> UnitLookup:
    """What the typed name means: found, a choice between regions, or not found (with the nearest)."""
    return _lookup(h.store, h.version, text, region)


@st.cache_data(show_spinner=False, max_entries=8)
def _by_unit(_store: GraphStore, version: str) -> dict[str, list[Assignment]]:
    return queries.unit_workloads(_store)


def assignments_by_unit(h: common.StoreHandle) -> dict[str, list[Assignment]]:
    """Every unit's rows (directly and through its groups), for the overview's counts."""
    return _by_unit(h.store, h.version)


@st.cache_data(show_spinner=False, max_entries=64)
def _plan_rows(_store: GraphStore, version: str, plan_id: str) -> list[Assignment]:
    return queries.assignments_of_plan(_store, plan_id)


def plan_assignments(h: common.StoreHandle, plan_id: str) -> list[Assignment]:
    """Every task × unit row of a plan, in document order."""
    return _plan_rows(h.store, h.version, plan_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _search(_store: GraphStore, version: str, text: str) -> list[TextHit]:
    return search.search_text(_store, text, limit=2000)


def search_text(h: common.StoreHandle, text: str) -> list[TextHit]:
    """Full-text hits over every plan (simplified or traditional)."""
    return _search(h.store, h.version, text)


def has_ledger() -> bool:
    """Whether the supervision ledger provides overdue counts (so the pages keep a place for them)."""
    try:
        from graph import ledger
    except ImportError:
        return False
    return hasattr(ledger, "overdue_counts")


def _ledger_stamp(h: common.StoreHandle) -> tuple[int, ...] | None:
    """What any write to the ledger changes: its SQLite file and WAL beside the embedded store
    (size and modification time). ``None`` where there is no file to watch (Neo4j)."""
    path = getattr(h.store, "path", None)
    if not isinstance(path, Path):
        return None
    from graph.ledger_store import ledger_path

    file = ledger_path(path)
    stamp: list[int] = []
    for f in (file, file.with_name(file.name + "-wal")):
        try:
            info = f.stat()
        except OSError:
            stamp += [0, 0]
        else:
            stamp += [info.st_mtime_ns, info.st_size]
    return tuple(stamp)


@st.cache_data(show_spinner=False, max_entries=256)
def _overdue(
    _store: GraphStore, version: str, ledger: tuple[int, ...], today: str, unit_ids: tuple[str, ...]
) -> dict[str, int] | None:
    return queries.overdue_counts(_store, list(unit_ids))


def overdue_counts(h: common.StoreHandle, unit_ids: Sequence[str]) -> dict[str, int] | None:
    """Overdue tasks per unit from the supervision ledger; ``None`` until the ledger provides them.

    The ledger builds every plan's 任务分工表 to light its rows, so the answer is cached, keyed by
    the graph's version, the ledger file's stamp and today's date (a task falls overdue overnight)."""
    try:
        stamp = _ledger_stamp(h)
        if stamp is None:
            return queries.overdue_counts(h.store, list(unit_ids))
        return _overdue(h.store, h.version, stamp, date.today().isoformat(), tuple(unit_ids))
    except Exception:  # the ledger is another module's; its trouble must not cost this page
        return None


@st.cache_data(show_spinner=False, max_entries=32)
def _plan_docx(_store: GraphStore, version: str, plan_ids: tuple[str, ...]) -> bytes:
    from graph import docx_export  # python-docx: imported when a download asks for it

    return docx_export.plan_table_docx(_store, list(plan_ids))


def plan_table_docx(h: common.StoreHandle, plan_ids: Sequence[str]) -> bytes:
    """The plans' 任务分工表 as a Word document."""
    return _plan_docx(h.store, h.version, tuple(plan_ids))


@st.cache_data(show_spinner=False, max_entries=32)
def _unit_docx(_store: GraphStore, version: str, unit_ids: tuple[str, ...]) -> bytes:
    from graph import docx_export  # python-docx: imported when a download asks for it

    return docx_export.unit_table_docx(_store, list(unit_ids))


def unit_table_docx(h: common.StoreHandle, unit_ids: Sequence[str]) -> bytes:
    """The units' task list as a Word document."""
    return _unit_docx(h.store, h.version, tuple(unit_ids))


def csv_file(header: Sequence[str], rows: Sequence[Sequence[object]], columns: str) -> bytes:
    """A csv download: ``zh`` (BOM, Chinese headers — what Excel opens right) or ``contract``."""
    return csv_document(header, rows, columns)


# -- writes: removal, and the audit log of every write ------------------------------


def log(h: common.StoreHandle, action: str, **details: object) -> None:
    """Record a write (upload, decision, removal) with who and when, beside the store."""
    from app_pages import auth
    from graph.audit import audit_path, log_write

    log_write(audit_path(h.store), auth.who(), action, **details)


def remove_plan(h: common.StoreHandle, plan_id: str) -> str:
    """Remove a plan (units and links recomputed), log it; the removed plan's title."""
    from graph.removal import remove_plan as remove

    with h.lock:
        removed, _graph = remove(h.store, plan_id, common.decisions_path())
        h.written()
    log(h, "remove", plan_id=removed.id, source=removed.source, title=removed.title, via="app")
    return removed.title
