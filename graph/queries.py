"""The product's questions, as plain functions over a store.

App pages and CLI commands call only these (and ``graph.exports``); each
store answers them natively (Python over NetworkX, Cypher files on Neo4j).
"""

from __future__ import annotations

from graph.model import Plan, Unit
from graph.rows import Assignment, CascadeLink, IndicatorRow, OutlineRow
from graph.stores.base import GraphStore

__all__ = [
    "assignments_of_plan",
    "cascade",
    "find_plan",
    "indicators",
    "list_plans",
    "list_units",
    "plan_outline",
    "task_source",
    "tasks_of_units",
]


def list_plans(store: GraphStore, include_stubs: bool = True) -> list[Plan]:
    """Plans ordered national → province → prefecture → county.

    >>> from graph.stores.networkx_store import NetworkXStore
    >>> list_plans(NetworkXStore(None))
    []
    """
    return [p for p in store.plans() if include_stubs or not p.stub]


def find_plan(store: GraphStore, key: str) -> Plan | None:
    """A plan by id, source file name, or a unique source prefix or title substring."""
    plans = store.plans()
    for p in plans:
        if key in (p.id, p.source):
            return p
    for hits in (
        [p for p in plans if key and p.source.startswith(key)],
        [p for p in plans if key and key in p.title],
    ):
        if len(hits) == 1:
            return hits[0]
    return None


def plan_outline(store: GraphStore, plan_id: str) -> list[OutlineRow]:
    """The plan's sections and tasks in document order, with unit names."""
    return store.outline(plan_id)


def list_units(store: GraphStore, flagged_only: bool = False) -> list[Unit]:
    """All units (or only those a person should review)."""
    units = store.units()
    if flagged_only:
        return [u for u in units if u.flagged or any(a.method == "fuzzy" for a in u.aliases)]
    return units


def tasks_of_units(store: GraphStore, unit_ids: list[str], via_groups: bool = True) -> list[Assignment]:
    """Tasks these units own, as lead, participant or responsible; with
    ``via_groups`` also the tasks of groups they belong to (marked ``via_group``)."""
    return store.assignments_of_units(unit_ids, via_groups)


def assignments_of_plan(store: GraphStore, plan_id: str) -> list[Assignment]:
    """Every task × unit row of a plan, in document order (the 任务分工表's rows)."""
    return store.assignments_of_plan(plan_id)


def indicators(store: GraphStore, metric: str | None = None) -> list[IndicatorRow]:
    """Indicators across plans and levels, optionally of one metric."""
    return store.indicators(metric)


def cascade(store: GraphStore, node_id: str) -> list[CascadeLink]:
    """What a task, indicator or plan carries out (up) and what carries it out (down)."""
    return store.cascade(node_id)


def task_source(store: GraphStore, task_id: str) -> tuple[str, str] | None:
    """(plan title, full source text) of a task."""
    return store.task_text(task_id)
