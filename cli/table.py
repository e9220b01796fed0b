"""``plankg export table`` — the 任务分工表 as an xlsx workbook, or a Word document
(``-o FILE.docx``, :mod:`graph.docx_export`, the layout of an official 分工方案).

``--plan`` gives one plan's table; ``--unit`` one bureau's tasks across plans
(any alias, optionally narrowed by ``--region``, and by ``--plan`` when both
are given); neither gives every loaded plan, one sheet each.
"""

from __future__ import annotations

import argparse

from cli.common import write_output
from cli.unit_choice import choose_units
from graph import queries
from graph.docx_export import plan_table_docx, unit_table_docx
from graph.errors import PlankgError
from graph.stores.base import GraphStore
from graph.xlsx_export import plan_table_xlsx, unit_table_xlsx

__all__ = ["export_table"]


def export_table(store: GraphStore, args: argparse.Namespace, plan_id: str | None) -> int:
    """Write the workbook to ``-o``; xlsx is binary, so stdout is refused."""
    out = getattr(args, "output", None)
    if not out:
        raise PlankgError("export table writes an xlsx or docx file: give -o FILE.xlsx or -o FILE.docx")
    word = str(out).lower().endswith(".docx")
    unit_text = getattr(args, "unit", None)
    if unit_text:
        unit_ids = choose_units(store, unit_text, getattr(args, "region", None), one=True)
        make_unit = unit_table_docx if word else unit_table_xlsx
        data = make_unit(store, unit_ids, plan_ids=[plan_id] if plan_id else None)
    else:
        if getattr(args, "region", None):
            raise PlankgError("--region narrows --unit; give --unit TEXT with it")
        ids = [plan_id] if plan_id else [p.id for p in queries.list_plans(store, include_stubs=False)]
        if not ids:
            raise PlankgError("no plan is loaded; run `plankg load <files>` first")
        data = plan_table_docx(store, ids) if word else plan_table_xlsx(store, ids)
    write_output(data, out)
    return 0
