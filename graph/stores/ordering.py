"""Ordering rules both stores share, so that their answers agree by construction."""

from __future__ import annotations

from graph.model import LEVEL_ORDER

__all__ = ["LEVEL_ORDER", "outline_depth"]

# Plans and rows are listed by LEVEL_ORDER (national → province → prefecture →
# county); the stores look a level up with the default 4, so an unknown level
# comes last.


def outline_depth(node_id: str, parents: dict[str, str | None]) -> int:
    """1 for a top-level node, one more per ancestor (a box under task 4.1 is at depth 3).

    >>> outline_depth("c", {"a": None, "b": "a", "c": "b"})
    3
    """
    depth = 1
    parent = parents.get(node_id)
    while parent is not None and depth < 32:
        depth += 1
        parent = parents.get(parent)
    return depth
