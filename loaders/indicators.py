"""Quantitative targets from tables and sentences (stage: indicators).

STUB — owned by the indicators work; the signature is the contract.
"""

from __future__ import annotations

from graph.model import Indicator, PlanDoc

__all__ = ["extract_indicators"]


def extract_indicators(doc: PlanDoc) -> list[Indicator]:
    """Every indicator of the document, in document order."""
    return []
