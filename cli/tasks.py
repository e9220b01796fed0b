"""``plankg tasks`` (which tasks does this bureau own?) and ``plankg units`` (who is there, what to review)."""

from __future__ import annotations

import argparse
import sys

from cli.common import store_from_args, write_rows
from graph import queries
from graph.errors import PlankgError
from graph.search import search_units

__all__ = ["register"]

_TASK_HEADER = ("unit", "plan", "source", "path", "title", "role", "order", "via_group", "period")
_UNIT_HEADER = ("id", "name", "region", "level", "category", "short", "flagged", "aliases")


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
    t.set_defaults(func=cmd_tasks)

    u = sub.add_parser("units", help="all units with their aliases; --review: only those to check")
    u.add_argument("--review", action="store_true", help="only flagged units and fuzzy matches")
    u.add_argument("--region", help="only units of this region")
    u.add_argument("--format", choices=("table", "csv", "json"), default="table")
    u.add_argument("--out", help="write to this file instead of stdout")
    u.set_defaults(func=cmd_units)


def cmd_tasks(args: argparse.Namespace) -> int:
    """Exact matches of the name are all listed (one per region without --region);
    without an exact match, the closest unit is used and named on stderr."""
    store = store_from_args(args)
    matches = search_units(store, args.unit, region=args.region, limit=50)
    if not matches:
        where = f" in {args.region}" if args.region else ""
        raise PlankgError(f"no unit matches {args.unit!r}{where}; see `plankg units`")
    chosen = [m for m in matches if m.score >= 1.0] or matches[:1]
    if chosen[0].score < 1.0:
        print(
            f"plankg: no unit is named {args.unit!r}; closest: {chosen[0].unit.name} ({chosen[0].score:.2f})",
            file=sys.stderr,
        )
    if len(chosen) > 1:
        names = "、".join(m.unit.name for m in chosen)
        print(f"plankg: {args.unit!r} names {len(chosen)} units ({names}); add --region for one", file=sys.stderr)
    rows = queries.tasks_of_units(store, [m.unit.id for m in chosen], via_groups=not args.no_groups)
    out = [
        (
            r.unit,
            r.plan_title,
            r.source,
            r.path,
            r.title,
            r.role,
            r.order,
            r.via_group,
            _period(r.period_start, r.period_end),
        )
        for r in rows
    ]
    write_rows(_TASK_HEADER, out, args.format, args.out)
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    units = queries.list_units(store, flagged_only=args.review)
    if args.region:
        from loaders.registry import Registry

        reg = Registry.load()
        region = reg.gazetteer.get(args.region) or reg.places.get(args.region)
        name = region.name if region else args.region
        units = [u for u in units if u.region == name]
    rows = [
        (
            u.id,
            u.name,
            u.region or "",
            u.level or "",
            u.category,
            u.short,
            "yes" if u.flagged else "",
            "; ".join(_alias(a.text, a.method, a.score, a.source) for a in u.aliases),
        )
        for u in units
    ]
    if not rows and args.format == "table":
        print(
            "nothing to review: no flagged units and no fuzzy matches" if args.review else "no units", file=sys.stderr
        )
        return 0
    write_rows(_UNIT_HEADER, rows, args.format, args.out)
    return 0


def _alias(text: str, method: str, score: float | None, source: str) -> str:
    how = method if score is None or method != "fuzzy" else f"{method} {score:.2f}"
    return f"{text} [{how}; {source}]"


def _period(start: int | None, end: int | None) -> str:
    if start is None and end is None:
        return ""
    return f"{start or ''}–{end or ''}"
