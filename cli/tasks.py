"""``plankg tasks`` (which tasks does this bureau own?) and ``plankg units`` (who is there, what to review).

The table view is for a coordinator: Chinese headers and labels, as the app
shows them. csv/json are for other programs: codes, and for ``tasks`` the
contract's assignment columns (the same as ``export assignments``).
"""

from __future__ import annotations

import argparse
import sys

from cli.common import add_columns_option, store_from_args, write_rows
from cli.unit_choice import choose_units
from graph import exports, queries
from graph.labels import CATEGORY_LABELS, LEVEL_LABELS, ROLE_LABELS, label, period_label
from graph.rows import Assignment
from graph.search import region_full_name

__all__ = ["register"]

_TASK_TABLE_HEADER = ("单位", "规划", "编号", "任务", "角色", "顺序", "通过小组", "期限")
_UNIT_HEADER = ("id", "name", "region", "level", "category", "short", "flagged", "aliases")
_UNIT_TABLE_HEADER = ("标识", "名称", "地区", "层级", "类别", "简称", "待核", "别名")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``tasks --unit TEXT [--region R]`` and ``units [--review]``."""
    t = sub.add_parser(
        "tasks",
        help="the tasks a unit owns, across plans (directly and through groups it belongs to)",
        description="List the tasks of a unit named any way it is printed (市场监管局, 市知识产权局, "
        "烟台市市场监督管理局…). With --region, 市 means that region's own bureau.",
    )
    t.add_argument("--unit", required=True, help="the unit's name as you know it")
    t.add_argument("--region", help="region whose unit is meant (烟台市 or 烟台)")
    t.add_argument("--format", choices=("table", "csv", "json"), default="table")
    t.add_argument("--no-groups", action="store_true", help="leave out tasks owned through a group")
    t.add_argument("--out", help="write to this file instead of stdout")
    add_columns_option(t)
    t.set_defaults(func=cmd_tasks)

    u = sub.add_parser("units", help="all units with their aliases; --review: only those to check")
    u.add_argument("--review", action="store_true", help="only flagged units and fuzzy matches")
    u.add_argument("--region", help="only units of this region")
    u.add_argument("--format", choices=("table", "csv", "json"), default="table")
    u.add_argument("--out", help="write to this file instead of stdout")
    add_columns_option(u)
    u.set_defaults(func=cmd_units)


def cmd_tasks(args: argparse.Namespace) -> int:
    """Exact matches of the name are all listed (one per region without --region);
    without an exact match, the closest unit is used and named on stderr
    (:func:`cli.unit_choice.choose_units`)."""
    store = store_from_args(args)
    unit_ids = choose_units(store, args.unit, args.region)
    rows = queries.tasks_of_units(store, unit_ids, via_groups=not args.no_groups)
    if args.format == "table":
        write_rows(_TASK_TABLE_HEADER, [_task_line(r) for r in rows], "table", args.out)
    else:
        write_rows(exports.ASSIGNMENT_COLUMNS, exports.assignment_rows(rows), args.format, args.out, args.columns)
    print(f"plankg: {_summary(rows)}", file=sys.stderr)
    return 0


def _summary(rows: list[Assignment]) -> str:
    """The count line, :func:`graph.queries.workload` — the same numbers the app and workbooks give."""
    load = queries.workload(rows)
    name = rows[0].unit if rows else "该单位"
    annex = f"，其中 {load.annex_rows} 项是附件任务分工表中的条目" if load.annex_rows else ""
    return (
        f"{name}：任务 {load.total} 项（牵头 {load.lead} · 配合 {load.support} · 负责 {load.responsible}"
        f" · 通过小组 {load.via_group}），分布在 {load.plans} 个规划中{annex}"
    )


def _task_line(r: Assignment) -> tuple[object, ...]:
    """A task row as the 责任单位 page shows it: Chinese role, 通过小组, period."""
    return (
        r.unit,
        r.plan_title,
        r.path,
        r.title,
        label(ROLE_LABELS, r.role),
        r.order or "",
        r.via_group,
        period_label(r.period_start, r.period_end),
    )


def cmd_units(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    units = queries.list_units(store, flagged_only=args.review)
    if args.region:
        name = region_full_name(args.region)
        units = [u for u in units if u.region == name]
    table = args.format == "table"
    rows = [
        (
            u.id,
            u.name,
            u.region or "",
            label(LEVEL_LABELS, u.level) if table else u.level or "",
            label(CATEGORY_LABELS, u.category) if table else u.category,
            u.short,
            ("是" if table else "yes") if u.flagged else "",
            "; ".join(_alias(a.text, a.method, a.score, a.source) for a in u.aliases),
        )
        for u in units
    ]
    if not rows and table:
        print(
            "nothing to review: no flagged units and no fuzzy matches" if args.review else "no units", file=sys.stderr
        )
        return 0
    write_rows(
        _UNIT_TABLE_HEADER if table else _UNIT_HEADER, rows, args.format, args.out, args.columns, _UNIT_TABLE_HEADER
    )
    return 0


def _alias(text: str, method: str, score: float | None, source: str) -> str:
    how = method if score is None or method != "fuzzy" else f"{method} {score:.2f}"
    return f"{text} [{how}; {source}]"
