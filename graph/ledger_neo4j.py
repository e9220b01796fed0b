"""The ledger on Neo4j: ``Progress`` and ``PlanVersion`` nodes in the graph's database.

A progress record is a ``Progress`` node (its fields as properties), linked
``-[:PROGRESS_OF]->`` to the Task that carries its identity in the loaded version and
``-[:FOR_UNIT]->`` to its Unit. Loading a plan drops the plan's Task nodes and rewrites the
units (``delete_plan_parts``, ``delete_units``) but never touches these labels, so the records
stay; :meth:`Neo4jLedgerStore.relink` (run by every ledger sync) links them to the new nodes.
Every write is one managed transaction; statements are the ``cypher/*progress*`` files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, LiteralString, TypeVar

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError

from graph.cypher_catalog import statement
from graph.errors import StoreError
from graph.ledger import PlanVersion, ProgressRecord
from graph.ledger_store import RECORD_FIELDS, LedgerStore, record_from, version_from, version_props

__all__ = ["Neo4jLedgerStore"]

R = TypeVar("R")


def _query(name: str) -> LiteralString:
    return statement(name)  # a reviewed file of the repository, never data


class Neo4jLedgerStore(LedgerStore):
    """The ledger in the Neo4j database of a :class:`graph.stores.neo4j_store.Neo4jStore`."""

    links_tasks = True  # records are linked to the task nodes of the current load

    def __init__(self, driver: Driver, database: str | None = None) -> None:
        self.driver = driver
        self.database = database or None

    def _tx(self, work: Callable[[ManagedTransaction], R], write: bool) -> R:
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except (Neo4jError, DriverError) as exc:
            raise StoreError(f"neo4j: 督办台账读写失败 (ledger failed: {' '.join(str(exc).split())})") from exc

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(_query(name), params)]

        return self._tx(work, write=False)

    def versions(self, source: str | None = None) -> list[PlanVersion]:
        out = [version_from(r) for r in self._read("read_progress_plan_versions")]
        return [v for v in out if source is None or v.source == source]

    def add_version(self, version: PlanVersion) -> PlanVersion | None:
        props = version_props(version)

        def work(tx: ManagedTransaction) -> bool:
            last = [r.data() for r in tx.run(_query("last_progress_plan_version"), source=version.source)]
            if last and (last[0]["plan_id"] == version.plan_id or last[0]["seq"] != version.seq - 1):
                return False
            if not last and version.seq != 1:
                return False
            tx.run(_query("create_progress_plan_version"), rows=[props]).consume()
            return True

        return version if self._tx(work, write=True) else None

    def append(self, records: Sequence[ProgressRecord]) -> None:
        if not records:
            return
        rows = [{k: getattr(r, k) for k in RECORD_FIELDS} for r in records]
        links = [{"key": r.key, "task_id": r.task_id} for r in records]

        def work(tx: ManagedTransaction) -> None:
            tx.run(_query("create_progress_records"), rows=rows).consume()
            tx.run(_query("link_progress_tasks"), rows=links).consume()
            tx.run(_query("link_progress_units")).consume()

        self._tx(work, write=True)

    def records(self, key: str | None = None, unit_id: str | None = None) -> list[ProgressRecord]:
        rows = [record_from(r) for r in self._read("read_progress_records")]
        rows = [r for r in rows if (key is None or r.key == key) and (unit_id is None or r.unit_id == unit_id)]
        return sorted(rows, key=lambda r: r.id)

    def relink(self, keys: Mapping[str, str]) -> None:
        rows = [{"key": k, "task_id": tid} for tid, k in keys.items()]

        def work(tx: ManagedTransaction) -> None:
            tx.run(_query("link_progress_tasks"), rows=rows).consume()
            tx.run(_query("link_progress_units")).consume()

        self._tx(work, write=True)

    def clear(self) -> None:
        def work(tx: ManagedTransaction) -> None:
            tx.run(_query("clear_progress")).consume()

        self._tx(work, write=True)
