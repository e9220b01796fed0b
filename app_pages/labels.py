"""Chinese display labels for the model's English codes, as the pages use them.

The tables live in ``graph.labels`` (read from ``data/labels.yaml``) so that the
CLI's tables show a code the same way the pages do; this module re-exports
them under the names the pages import and adds what only the pages need.
"""

from __future__ import annotations

import re

from graph.labels import KIND_LABELS, LEVEL_LABELS, LINK_LABELS, ROLE_LABELS, label, period_label
from graph.model import LEVEL_ORDER  # cascade order, top to bottom; look unknown levels up with a default
from graph.search import similarity_level

__all__ = [
    "KIND_LABELS",
    "LEVEL_LABELS",
    "LEVEL_ORDER",
    "LINK_LABELS",
    "ROLE_LABELS",
    "label",
    "path_label",
    "period_label",
    "similarity_label",
]

#: Outline paths that are names, not numbers (graph/model.py's section paths).
_NAMED_PATHS = {"front": "前言", "end": "结尾", "A": "附件"}
_BOX = re.compile(r"^B(\d+)((?:\.\d+)*)$")


def path_label(path: str) -> str:
    """An outline path as a reader names it: ``front`` → 前言, ``B1`` → 专栏1, ``B1.3`` → 专栏1·3,
    ``A.1.2`` → 附件·1.2; numbered paths as printed.

    >>> [path_label(p) for p in ("front", "B1", "B2.3", "A", "A.1.2", "2.1.1", "end")]
    ['前言', '专栏1', '专栏2·3', '附件', '附件·1.2', '2.1.1', '结尾']
    """
    if path in _NAMED_PATHS:
        return _NAMED_PATHS[path]
    box = _BOX.match(path)
    if box:
        return f"专栏{box.group(1)}" + (f"·{box.group(2)[1:]}" if box.group(2) else "")
    if path.startswith("A."):
        return f"附件·{path[2:]}"
    return path


def similarity_label(score: float | None) -> str:
    """高 / 中 / 低 for a similarity (0–1); ``""`` when there is none.

    >>> similarity_label(0.91), similarity_label(None)
    ('高', '')
    """
    return "" if score is None else similarity_level(score)
