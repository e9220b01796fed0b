"""Chinese display labels for the model's English codes, as the pages use them.

The tables live in ``graph.labels`` (read from ``data/labels.yaml``) so that the
CLI's tables show a code the same way the pages do; this module re-exports
them under the names the pages import and adds what only the pages need.
"""

from __future__ import annotations

from graph.labels import KIND_LABELS, LEVEL_LABELS, LINK_LABELS, ROLE_LABELS, label, period_label
from graph.model import LEVEL_ORDER  # cascade order, top to bottom; look unknown levels up with a default

__all__ = [
    "KIND_LABELS",
    "LEVEL_LABELS",
    "LEVEL_ORDER",
    "LINK_LABELS",
    "ROLE_LABELS",
    "label",
    "period_label",
]
