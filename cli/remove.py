"""``plankg remove PLAN`` — take a loaded plan out of the graph; units and cascade links
are recomputed from the plans that stay (:func:`graph.removal.remove_plan`), and the
removal is written to the audit log beside the store (:mod:`graph.audit`)."""

from __future__ import annotations

import argparse

from cli.common import store_from_args
from graph import queries
from graph.audit import audit_path, log_write, os_user
from graph.errors import PlankgError
from graph.removal import remove_plan

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "remove",
        help="remove a loaded plan; units and cascade links are recomputed",
        description="PLAN is a plan id, source file name, a unique file-name prefix or a unique part of its title.",
    )
    p.add_argument("plan", metavar="PLAN")
    p.set_defaults(func=cmd_remove)


def cmd_remove(args: argparse.Namespace) -> int:
    from loaders.pipeline import default_decisions_path

    store = store_from_args(args)
    plan = queries.find_plan(store, args.plan)
    if plan is None or plan.stub:
        raise PlankgError(f"no loaded plan matches {args.plan!r}; see `plankg export plans`")
    removed, graph = remove_plan(store, plan.id, default_decisions_path())
    log_write(audit_path(store), os_user(), "remove", plan_id=removed.id, source=removed.source, title=removed.title,
              via="cli")  # fmt: skip
    left = [p for p in graph.plans.values() if not p.stub]
    print(
        f"removed {removed.source} ({removed.title}); store holds {len(left)} plans, {len(graph.tasks)} tasks, "
        f"{len(graph.units)} units"
    )
    return 0
