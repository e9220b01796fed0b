"""``plankg load`` and ``plankg tree``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import store_from_args
from graph import queries
from graph.errors import PlankgError
from graph.stores.base import GraphStore

if TYPE_CHECKING:
    from loaders.pipeline import LoadReport
from loaders import inputs

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("load", help="load plan documents (files or folders) into the store")
    p.add_argument("paths", nargs="+", help="plan files or folders of them")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_load)

    t = sub.add_parser("tree", help="a plan's outline with numbering paths")
    t.add_argument("source", help="plan id, source file name, or part of the title")
    t.set_defaults(func=cmd_tree)


def cmd_load(args: argparse.Namespace) -> int:
    from loaders.pipeline import DOC_SUFFIXES, load_paths  # the loaders only when loading

    store = store_from_args(args)
    # missing, a dangling link, a FIFO, device or socket: one line each, never opened
    problems = [(p, inputs.argument_problem(Path(p))) for p in args.paths]
    missing = [p for p, why in problems if why is not None]
    for p, why in problems:
        if why is not None:
            print(f"plankg: {p}: {why}", file=sys.stderr)
    present = [p for p, why in problems if why is None]
    files: list[Path] = []
    others: list[Path] = []
    for p in present:  # each folder walked once, here (load_paths takes the result)
        found, skipped = inputs.expand([p], DOC_SUFFIXES)
        if Path(p).is_dir() and not found and not skipped:
            print(f"plankg: {p}: 文件夹中没有文件，未载入任何内容 (an empty folder: nothing to load)", file=sys.stderr)
        files += found
        others += skipped
    total = len(files)
    if total > 3 and not args.quiet and sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("loading", total=total)
            report = load_paths(present, store, progress=lambda _p: bar.advance(task), expanded=(files, others))
    else:
        report = load_paths(present, store, expanded=(files, others))
    if report.skipped:
        kinds = "、".join(sorted({Path(s).suffix.lower() or Path(s).name for s in report.skipped}))
        print(
            f"plankg: 跳过 {len(report.skipped)} 个不是文本的文件（{kinds}）：请先转成 .txt"
            f" (skipped {len(report.skipped)} files that are not text)",
            file=sys.stderr,
        )
    for _source, reason in report.failed:
        print(f"plankg: {reason}", file=sys.stderr)
    if report.rebuilt:
        print(
            "plankg: 单位与传导关系已按新的审核决定重建 (units and links rebuilt: alias decisions changed)",
            file=sys.stderr,
        )
    fresh = set(report.added) | set(report.replaced)
    plans = report.graph.plans.values() if report.graph is not None else store.plans() if fresh else []
    for plan in plans:
        if plan.source in fresh and not plan.stub:
            for warning in plan.warnings:
                print(f"plankg: {plan.source}: 提示 (warning): {warning}", file=sys.stderr)
    n_plans, n_tasks, n_units, n_inds = _counts(store, report)
    print(
        f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
        f"{len(report.failed) + len(missing)} failed; store holds {n_plans} plans, "
        f"{n_tasks} tasks, {n_units} units, {n_inds} indicators"
    )
    return 1 if report.failed or missing else 0


def _counts(store: GraphStore, report: LoadReport) -> tuple[int, int, int, int]:
    from graph.stores.networkx_store import NetworkXStore

    """(plans, tasks, units, indicators) of the store — without decoding every plan when it
    can (the embedded store keeps counters)."""
    if report.graph is None and isinstance(store, NetworkXStore):
        return store.counts()
    g = report.graph or store.read_graph()
    return sum(1 for p in g.plans.values() if not p.stub), len(g.tasks), len(g.units), len(g.indicators)


def cmd_tree(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    plan = queries.find_plan(store, args.source)
    if plan is None:
        raise PlankgError(f"no plan matches {args.source!r}; see `plankg export plans`")
    print(f"{plan.title}  [{plan.kind}; {plan.region or '?'}; {plan.source}]")
    for row in queries.plan_outline(store, plan.id):
        if row.kind == "section" and not row.path:
            continue
        indent = "  " * max(row.depth - 1, 0)
        units = f"  — {'、'.join(row.units)}" if row.units else ""
        label = "" if row.kind in ("section", "task") else f" [{row.kind}]"
        print(f"{indent}{row.path or '·'} {row.title}{label}{units}")
    return 0
