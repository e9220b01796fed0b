"""Responsibility clauses → ordered unit mentions with roles (stage: duties).

STUB — owned by the units work; the signature is the contract.
"""

from __future__ import annotations

from graph.model import PlanDoc

__all__ = ["attach_mentions"]


def attach_mentions(doc: PlanDoc) -> None:
    """Set ``task.mentions`` (printed text, role, order, clause, span) on every task of ``doc``."""
