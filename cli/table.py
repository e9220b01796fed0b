"""``plankg export table`` — the 任务分工表 as xlsx (STUB: owned by the xlsx work)."""

from __future__ import annotations

import argparse

from graph.errors import PlankgError
from graph.stores.base import GraphStore

__all__ = ["export_table"]


def export_table(store: GraphStore, args: argparse.Namespace, plan_id: str | None) -> int:
    raise PlankgError("export table is not available yet")
