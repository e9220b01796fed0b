"""Ordering rules both stores share, so that their answers agree by construction."""

from __future__ import annotations

__all__ = ["LEVEL_ORDER", "outline_depth"]

#: Plans and rows are listed national → province → prefecture → county, then the rest.
LEVEL_ORDER: dict[str | None, int] = {"national": 0, "province": 1, "prefecture": 2, "county": 3, None: 4}


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
