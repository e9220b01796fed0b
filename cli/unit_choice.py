"""Which unit(s) a ``--unit TEXT [--region R]`` means, the same for every subcommand.

``plankg tasks``, ``export assignments`` and ``export table`` all take a bureau
named the way the coordinator knows it; they must agree on which unit that is,
so the choice is made here once, by :func:`graph.search.lookup_unit`, the same
reading the app's 责任单位 page uses:

* one unit is meant — it is used (a close fuzzy match is named on stderr);
* several equally good matches (one per region) — a one-line error listing them, and
  ``--region`` to choose: never one picked silently;
* no unit has this name — a one-line error naming the nearest units and their regions:
  never another bureau's tasks shown as if they were the one asked for.
"""

from __future__ import annotations

import sys

from graph.errors import PlankgError
from graph.search import lookup_unit, region_full_name
from graph.stores.base import GraphStore
from graph.stores.networkx_store import NetworkXStore

__all__ = ["choose_units"]

#: How many candidates an ambiguous or unknown --unit lists.
_SHOWN = 5


def choose_units(store: GraphStore, text: str, region: str | None = None, *, one: bool = False) -> list[str]:
    """Ids of the unit ``text`` names (any alias; ``region`` narrows, 烟台市 or 烟台): one id,
    or :class:`PlankgError` listing the candidates (``one`` is kept for callers that need
    exactly one unit; every caller gets one now)."""
    if region and isinstance(store, NetworkXStore):
        # the lookup keeps only the region's units anyway: read just those from the file
        with store.units_of_region_only(region_full_name(region)):
            found = lookup_unit(store, text, region=region)
    else:
        found = lookup_unit(store, text, region=region)
    if found.status == "ambiguous":
        names = "、".join(f"{m.unit.name}({m.score:.2f})" for m in found.matches[:_SHOWN])
        hint = "" if region else "; add --region"
        raise PlankgError(f"{text!r} is ambiguous: {names}{hint}")
    if found.status == "not_found":
        where = f" in {region}" if region else ""
        nearest = "、".join(
            f"{m.unit.name}［{m.unit.region or '地区不明'}］({m.score:.2f})" for m in found.matches[:_SHOWN]
        )
        more = f"; nearest: {nearest}" if nearest else ""
        raise PlankgError(f"no unit is named {text!r}{where}{more}; see `plankg units`")
    top = found.matches[0]
    if top.score < 1.0:
        print(f"plankg: {text!r} read as {top.unit.name} (similarity {top.score:.2f})", file=sys.stderr)
    return [top.unit.id]
