"""Links between levels: plan IMPLEMENTS plan, task/indicator CASCADES_FROM, REFINES (stage: cascade).

STUB — owned by the annex/cascade work; the signature is the contract.
"""

from __future__ import annotations

from graph.model import KnowledgeGraph

__all__ = ["link_cascade"]


def link_cascade(graph: KnowledgeGraph) -> None:
    """Add stub plans, metrics, and IMPLEMENTS / CASCADES_FROM / REFINES / MEASURES edges."""
