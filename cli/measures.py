"""``plankg indicators`` (targets across plans and levels) and ``plankg cascade`` (what a
task or plan carries out, what carries it out, and who owns those).

The table view is for a coordinator: Chinese headers and labels, as the app
shows them. csv/json are for other programs: codes, and for ``indicators`` the
contract's indicator columns (the same as ``export indicators``).
"""

from __future__ import annotations

import argparse
import sys

from cli.common import add_columns_option, store_from_args, write_rows
from graph import exports, queries
from graph.cascade_queries import plan_task_links, resolve_node
from graph.labels import LEVEL_LABELS, label, relation_label, target_label
from graph.rows import CascadeLink, IndicatorRow

__all__ = ["register"]

_INDICATOR_TABLE_HEADER = (
    "规划",
    "地区",
    "层级",
    "指标名称",
    "指标",
    "基期值",
    "基期年",
    "目标值",
    "目标年",
    "单位",
    "存疑",
)
_CASCADE_HEADER = ("task", "task_title", "type", "direction", "plan", "path", "title", "score", "owners")
_CASCADE_TABLE_HEADER = ("本条编号", "本条任务", "关系", "规划", "编号", "标题", "相似度", "责任单位")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``indicators [--metric M]`` and ``cascade TASK_OR_PLAN``."""
    i = sub.add_parser(
        "indicators",
        help="quantitative targets across plans and levels",
        description="Every indicator, national → county. --metric takes the normalised metric "
        "or any way it is printed (万人高价值发明专利拥有量 finds 每万人口高价值发明专利拥有量).",
    )
    i.add_argument("--metric", help="only this metric")
    i.add_argument("--format", choices=("table", "csv", "json"), default="table")
    i.add_argument("--out", help="write to this file instead of stdout")
    add_columns_option(i)
    i.set_defaults(func=cmd_indicators)

    c = sub.add_parser(
        "cascade",
        help="what a task or plan carries out, what carries it out, and who owns those",
        description="TASK_OR_PLAN is a task id, SOURCE:PATH (plan.txt:2.1.1, or a unique file-name prefix "
        "such as 003:2.1.1), "
        "or a plan id, source file name or part of its title. For a plan, every task's links are listed.",
    )
    c.add_argument("node", metavar="TASK_OR_PLAN")
    c.add_argument("--format", choices=("table", "csv", "json"), default="table")
    c.add_argument("--out", help="write to this file instead of stdout")
    add_columns_option(c)
    c.set_defaults(func=cmd_cascade)


def cmd_indicators(args: argparse.Namespace) -> int:
    """Exit 1 when nothing is found (an unknown --metric)."""
    store = store_from_args(args)
    if args.metric:
        metric = queries.find_metric(store, args.metric)
        if metric is not None and metric != args.metric:
            print(f"plankg: {args.metric!r} is the metric {metric!r}", file=sys.stderr)
        rows = queries.indicators(store, metric) if metric is not None else []
    else:
        rows = queries.indicators(store)
    if args.format == "table":
        write_rows(_INDICATOR_TABLE_HEADER, [_indicator_line(r) for r in rows], "table", args.out)
    else:
        write_rows(exports.INDICATOR_COLUMNS, exports.indicator_rows(rows), args.format, args.out, args.columns)
    return 0 if rows else 1


def _indicator_line(r: IndicatorRow) -> tuple[object, ...]:
    """An indicator as the 指标 page shows it: Chinese level, the comparator as a sign."""
    return (
        r.plan_title,
        r.region,
        label(LEVEL_LABELS, r.level),
        r.name,
        r.metric,
        r.baseline or "",
        r.baseline_year or "",
        target_label(r.comparator, r.target),
        r.target_year or "",
        r.measure_unit or "",
        f"⚠ {r.flag}" if r.flag else "",
    )


def _row(task: str, task_title: str, link: CascadeLink, table: bool) -> tuple[object, ...]:
    """One link; the table shows the relation in Chinese, csv/json its type and direction codes."""
    relation: tuple[object, ...] = (
        (relation_label(link.type, link.direction),) if table else (link.type, link.direction)
    )
    return (
        task,
        task_title,
        *relation,
        link.plan_title,
        link.path,
        link.title if link.title != link.plan_title else "",
        "" if link.score is None else f"{link.score:.2f}",
        "、".join(link.owners),
    )


def cmd_cascade(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    node = resolve_node(store, args.node)
    table = args.format == "table"
    rows: list[tuple[object, ...]] = []
    if node.kind == "plan":
        heading = f"{node.plan.title}  [{node.plan.kind}; {node.plan.region or '?'}; {node.plan.source or '未载入'}]"
        cited = [link for link in queries.cascade(store, node.id) if link.type == "IMPLEMENTS"]
        rows.extend(_row("", "", link, table) for link in cited)
        rows.extend(_row(r.path, r.title, link, table) for r, link in plan_task_links(store, node.id))
    else:
        path = node.row.path if node.row else node.id
        title = node.row.title if node.row else ""
        owners = "、".join(node.row.units) if node.row and node.row.units else "未写明责任单位"
        heading = f"{node.plan.title} · {path} {title} — {owners}"
        rows.extend(_row(path, title, link, table) for link in queries.cascade(store, node.id))
    if table and args.out is None:
        print(heading)
    write_rows(
        _CASCADE_TABLE_HEADER if table else _CASCADE_HEADER,
        rows,
        args.format,
        args.out,
        args.columns,
        ("本条编号", "本条任务", "关系类型", "方向", "规划", "编号", "标题", "相似度", "责任单位"),
    )
    return 0
