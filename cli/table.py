"""``plankg export table`` — the 任务分工表 as an xlsx workbook.

``--plan`` gives one plan's table; ``--unit`` one bureau's tasks across plans
(any alias, optionally narrowed by ``--region``, and by ``--plan`` when both
are given); neither gives every loaded plan, one sheet each.
"""

from __future__ import annotations

import argparse

from cli.common import write_output
from graph import queries
from graph.errors import PlankgError
from graph.search import UnitMatch, search_units
from graph.stores.base import GraphStore
from graph.xlsx_export import plan_table_xlsx, unit_table_xlsx

__all__ = ["export_table", "pick_unit"]

#: How many candidates an ambiguous --unit lists.
_SHOWN = 5


def export_table(store: GraphStore, args: argparse.Namespace, plan_id: str | None) -> int:
    """Write the workbook to ``-o``; xlsx is binary, so stdout is refused."""
    out = getattr(args, "output", None)
    if not out:
        raise PlankgError("export table writes an xlsx file: give -o FILE.xlsx")
    unit_text = getattr(args, "unit", None)
    if unit_text:
        unit_id = pick_unit(store, unit_text, getattr(args, "region", None))
        data = unit_table_xlsx(store, [unit_id], plan_ids=[plan_id] if plan_id else None)
    else:
        if getattr(args, "region", None):
            raise PlankgError("--region narrows --unit; give --unit TEXT with it")
        ids = [plan_id] if plan_id else [p.id for p in queries.list_plans(store, include_stubs=False)]
        if not ids:
            raise PlankgError("no plan is loaded; run `plankg load <files>` first")
        data = plan_table_xlsx(store, ids)
    write_output(data, out)
    return 0


def pick_unit(store: GraphStore, text: str, region: str | None = None) -> str:
    """The id of the unit ``text`` names: the top search match when it is
    confident, else a one-line error listing the candidates."""
    matches = search_units(store, text, region=region, limit=10)
    if not matches:
        where = f" in {region}" if region else ""
        raise PlankgError(f"no unit matches {text!r}{where}")
    top = matches[0]
    if _confident(matches):
        return top.unit.id
    names = "、".join(f"{m.unit.name}({m.score:.2f})" for m in matches[:_SHOWN])
    hint = "" if region else "; add --region"
    raise PlankgError(f"{text!r} is ambiguous: {names}{hint}")


def _confident(matches: list[UnitMatch]) -> bool:
    """Confident when the top match is the only exact one (score 1: a name or
    alias, read as that region's plans read it), or a fuzzy match of at least
    0.9 clearly (0.1) ahead of the runner-up."""
    top = matches[0].score
    second = matches[1].score if len(matches) > 1 else 0.0
    if top >= 1.0:
        return second < 1.0
    return top >= 0.9 and second <= top - 0.1
