"""Which plan owns an edge of the cascade layer: what lets a store rewrite one plan's links alone.

A plan's task links (its tasks' ``CASCADES_FROM`` and its annex rows' ``REFINES``) and its
indicator links (``MEASURES`` and its indicators' ``CASCADES_FROM``) depend only on that plan
and the plans it may cascade from (``loaders.cascade``): each group is made, kept and
replaced as a block, under a key saying what it was made from. Every other edge (the unit
layer, plan citations and regions) belongs to the graph as a whole (owner ``""``).

Blocks are stored and read in (owner, order within the block) order, so the edges read back
are the same, in the same order, whether the layer was built at once or plan by plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph.model import Edge

__all__ = ["GLOBAL", "by_owner", "edge_owner", "indicator_owner", "ordered", "owner_plan", "task_owner"]

#: The owner of the edges that belong to no single plan.
GLOBAL = ""
_INDICATORS = "#i"


def task_owner(plan_id: str) -> str:
    """The block of ``plan_id``'s task links."""
    return plan_id


def indicator_owner(plan_id: str) -> str:
    """The block of ``plan_id``'s indicator links."""
    return plan_id + _INDICATORS


def owner_plan(owner: str) -> str:
    """The plan a block belongs to (``GLOBAL`` for the global block)."""
    return owner.removesuffix(_INDICATORS)


def edge_owner(edge: Edge) -> str:
    """The block ``edge`` belongs to."""
    if edge.type in ("CASCADES_FROM", "REFINES"):
        head, sep, _ = edge.src.partition("/t/")
        if sep:
            return task_owner(head)
    if edge.type in ("CASCADES_FROM", "MEASURES"):
        head, sep, _ = edge.src.partition("/i/")
        if sep:
            return indicator_owner(head)
    return GLOBAL


def by_owner(edges: Iterable[Edge]) -> dict[str, list[Edge]]:
    """``edges`` grouped by block, each block in the order given."""
    out: dict[str, list[Edge]] = defaultdict(list)
    for e in edges:
        out[edge_owner(e)].append(e)
    return dict(out)


def ordered(edges: Iterable[Edge]) -> list[Edge]:
    """``edges`` in the stored order: by block (the global one first), each block as given."""
    return sorted(edges, key=edge_owner)
