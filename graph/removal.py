"""Remove a loaded plan: its subgraph goes, and units and cascade links are recomputed
from the plans that stay (with the current alias decisions), as a load would.

Written through the store interface only: ``GraphStore.write(graph, changed, removed)``
already replaces and drops plans' subgraphs atomically on both stores (the Neo4j store
deletes a removed plan's parts in the same transaction that rewrites the cross-document
layer), so removal needs no store method of its own.
"""

from __future__ import annotations

import copy
from pathlib import Path

from graph.errors import PlankgError
from graph.model import KnowledgeGraph, Plan
from graph.stores.base import GraphStore

__all__ = ["remove_plan"]


def remove_plan(store: GraphStore, plan_id: str, decisions: Path | None = None) -> tuple[Plan, KnowledgeGraph]:
    """Drop ``plan_id`` (a loaded plan, not a stub) and rebuild the rest; (the removed plan, new graph).

    Raises :class:`PlankgError` when no loaded plan has that id.
    """
    from loaders.pipeline import build_graph

    graph = store.read_graph()
    plan = graph.plans.get(plan_id)
    if plan is None or plan.stub:
        raise PlankgError(f"没有已载入的规划 {plan_id!r} (no loaded plan with that id)")
    keep = [d for d in graph.docs() if d.plan.id != plan_id]
    new_graph = build_graph(copy.deepcopy(keep), decisions)
    store.write(new_graph, [], [plan_id])
    removed = copy.copy(plan)
    removed.text, removed.original, removed.offset_map = "", "", []
    return removed, new_graph
