"""``plankg export plans|assignments|indicators|table``.

``--unit``/``--region`` name a bureau the way ``plankg tasks`` does (one
chooser, :mod:`cli.unit_choice`): ``assignments`` then holds that bureau's
rows, ``table`` its workbook. Plans and indicators have no owner, so there the
options are refused rather than silently ignored.
"""

from __future__ import annotations

import argparse

from cli.common import add_columns_option, store_from_args, write_rows
from cli.unit_choice import choose_units
from graph import exports, queries
from graph.errors import PlankgError

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="export plans, assignments, indicators (csv/json) or a 任务分工表 (xlsx)")
    p.add_argument("what", choices=["plans", "assignments", "indicators", "table"])
    p.add_argument("--format", "-f", choices=["csv", "json"], default="csv")
    p.add_argument("--plan", help="only this plan (id, source file name or part of the title)")
    p.add_argument("--unit", help="assignments, table: one bureau's tasks across plans (any alias)")
    p.add_argument("--region", help="with --unit: the region the bureau belongs to (e.g. 烟台市)")
    p.add_argument("-o", "--output", help="file to write (default: stdout; required for table)")
    add_columns_option(p)
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    if args.what in ("plans", "indicators") and (args.unit or args.region):
        raise PlankgError("--unit/--region 只用于 export assignments 和 export table (only for assignments and table)")
    store = store_from_args(args)
    plan_id = None
    if args.plan:
        plan = queries.find_plan(store, args.plan)
        if plan is None:
            raise PlankgError(f"no plan matches {args.plan!r}")
        plan_id = plan.id
    if args.what == "plans":
        plans = [p for p in queries.list_plans(store) if plan_id in (None, p.id)]
        write_rows(exports.PLAN_COLUMNS, exports.plan_rows(plans), args.format, args.output, args.columns)
    elif args.what == "assignments" and args.unit:
        unit_ids = choose_units(store, args.unit, args.region)
        rows = [r for r in queries.tasks_of_units(store, unit_ids) if plan_id in (None, r.plan_id)]
        write_rows(exports.ASSIGNMENT_COLUMNS, exports.assignment_rows(rows), args.format, args.output, args.columns)
    elif args.what == "assignments":
        if args.region:
            raise PlankgError("--region narrows --unit; give --unit TEXT with it")
        ids = [plan_id] if plan_id else [p.id for p in queries.list_plans(store, include_stubs=False)]
        rows = [r for pid in ids for r in queries.assignments_of_plan(store, pid)]
        write_rows(exports.ASSIGNMENT_COLUMNS, exports.assignment_rows(rows), args.format, args.output, args.columns)
    elif args.what == "indicators":
        ind = [r for r in queries.indicators(store) if plan_id in (None, r.plan_id)]
        write_rows(exports.INDICATOR_COLUMNS, exports.indicator_rows(ind), args.format, args.output, args.columns)
    else:
        from cli.table import export_table

        return export_table(store, args, plan_id)
    return 0
