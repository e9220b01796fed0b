"""``plankg indicators`` (targets across plans and levels) and ``plankg cascade`` (what a
task or plan carries out, what carries it out, and who owns those)."""

from __future__ import annotations

import argparse
import sys

from cli.common import store_from_args, write_rows
from graph import queries
from graph.cascade_queries import plan_task_links, resolve_node
from graph.rows import CascadeLink

__all__ = ["register"]

_INDICATOR_HEADER = (
    "plan",
    "region",
    "level",
    "name",
    "metric",
    "baseline",
    "baseline_year",
    "target",
    "year",
    "comparator",
    "unit",
    "flag",
)
_CASCADE_HEADER = ("task", "task_title", "relation", "plan", "path", "title", "score", "owners")
_RELATION = {
    ("CASCADES_FROM", "up"): "carries out",
    ("CASCADES_FROM", "down"): "carried out by",
    ("REFINES", "up"): "refines",
    ("REFINES", "down"): "refined by",
    ("IMPLEMENTS", "up"): "implements",
    ("IMPLEMENTS", "down"): "implemented by",
}


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
    c.set_defaults(func=cmd_cascade)


def cmd_indicators(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    rows = queries.indicators(store, args.metric)
    if args.metric and not rows:
        from loaders.indicators import load_vocabulary, match_metric

        metric = match_metric(args.metric, load_vocabulary(), context="知识产权").metric
        if metric != args.metric:
            rows = queries.indicators(store, metric)
            if rows:
                print(f"plankg: {args.metric!r} is the metric {metric!r}", file=sys.stderr)
    out = [
        (
            r.plan_title,
            r.region,
            r.level,
            r.name,
            r.metric,
            r.baseline,
            r.baseline_year,
            r.target,
            r.target_year,
            r.comparator,
            r.measure_unit,
            r.flag,
        )
        for r in rows
    ]
    write_rows(_INDICATOR_HEADER, out, args.format, args.out)
    return 0 if out else 1


def _row(task: str, task_title: str, link: CascadeLink) -> tuple[object, ...]:
    return (
        task,
        task_title,
        _RELATION.get((link.type, link.direction), f"{link.type} {link.direction}"),
        link.plan_title,
        link.path,
        link.title if link.title != link.plan_title else "",
        "" if link.score is None else f"{link.score:.2f}",
        "、".join(link.owners),
    )


def cmd_cascade(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    node = resolve_node(store, args.node)
    rows: list[tuple[object, ...]] = []
    if node.kind == "plan":
        heading = (
            f"{node.plan.title}  [{node.plan.kind}; {node.plan.region or '?'}; {node.plan.source or 'not loaded'}]"
        )
        rows.extend(_row("", "", link) for link in queries.cascade(store, node.id) if link.type == "IMPLEMENTS")
        rows.extend(_row(r.path, r.title, link) for r, link in plan_task_links(store, node.id))
    else:
        path = node.row.path if node.row else node.id
        title = node.row.title if node.row else ""
        owners = "、".join(node.row.units) if node.row and node.row.units else "no unit named"
        heading = f"{node.plan.title} · {path} {title} — {owners}"
        rows.extend(_row(path, title, link) for link in queries.cascade(store, node.id))
    if args.format == "table" and args.out is None:
        print(heading)
    write_rows(_CASCADE_HEADER, rows, args.format, args.out)
    return 0
