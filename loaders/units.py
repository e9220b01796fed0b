"""Unit mentions → canonical units, groups and counterparts (stage: units).

STUB — owned by the units work; the signature is the contract.
"""

from __future__ import annotations

from pathlib import Path

from graph.model import KnowledgeGraph

__all__ = ["resolve_units"]


def resolve_units(graph: KnowledgeGraph, decisions: Path | None = None) -> None:
    """Fill each mention's ``unit_id``/``score``/``flagged``, ``graph.units``,
    and the MEMBER_OF / COUNTERPART_OF / IN_REGION edges of units."""
