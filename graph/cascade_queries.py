"""Questions about the cascade that need more than one store call.

``graph.queries.cascade`` answers for one node; the CLI and the app also need
to name that node the way a person does (a task id, ``SOURCE:PATH`` such as
``003_….txt:2.1.1`` or ``003:2.1.1``, a plan id, file name or title part), and to
see a plan's links task by task. Both are built here from the store's own
answers, so they work the same on every store.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import queries
from graph.errors import PlankgError
from graph.model import Plan
from graph.rows import CascadeLink, OutlineRow
from graph.stores.base import GraphStore

__all__ = ["CascadeNode", "plan_task_links", "resolve_node"]


@dataclass(frozen=True)
class CascadeNode:
    """What a person asked about: a task/indicator of a plan, or a plan."""

    kind: str  # "task" | "indicator" | "plan"
    id: str
    plan: Plan
    row: OutlineRow | None = None  # the task's outline row (path, title, owners)


def _plan_of(store: GraphStore, node_id: str) -> Plan | None:
    plan_id = node_id.split("/", 1)[0]
    return next((p for p in store.plans() if p.id == plan_id), None)


def resolve_node(store: GraphStore, key: str) -> CascadeNode:
    """The task, indicator or plan ``key`` names; PlankgError when none or ambiguous."""
    key = key.strip()
    if "/t/" in key or "/i/" in key:
        plan = _plan_of(store, key)
        if plan is not None:
            if "/i/" in key:
                return CascadeNode("indicator", key, plan)
            row = next((r for r in queries.plan_outline(store, plan.id) if r.id == key), None)
            if row is not None:
                return CascadeNode("task", key, plan, row)
        raise PlankgError(f"no task or indicator {key!r} in the store")
    plan = queries.find_plan(store, key)
    if plan is not None:
        return CascadeNode("plan", plan.id, plan)
    source, sep, path = key.rpartition(":")
    if sep and source and path:
        plan = queries.find_plan(store, source)
        if plan is None:
            raise PlankgError(f"no plan matches {source!r}; see `plankg export plans`")
        rows = [r for r in queries.plan_outline(store, plan.id) if r.path == path and r.kind != "section"]
        if not rows:
            raise PlankgError(f"{plan.source}: no task at path {path!r}; see `plankg tree {plan.source}`")
        return CascadeNode("task", rows[0].id, plan, rows[0])
    raise PlankgError(f"no plan or task matches {key!r}; give a task id, SOURCE:PATH, or a plan")


def plan_task_links(store: GraphStore, plan_id: str) -> list[tuple[OutlineRow, CascadeLink]]:
    """Every task of a plan with each of its cascade links (CASCADES_FROM, REFINES),
    in document order."""
    out: list[tuple[OutlineRow, CascadeLink]] = []
    for row in queries.plan_outline(store, plan_id):
        if row.kind == "section":
            continue
        out.extend((row, link) for link in queries.cascade(store, row.id) if link.type != "IMPLEMENTS")
    return out
