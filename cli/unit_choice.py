"""Which unit(s) a ``--unit TEXT [--region R]`` means, the same for every subcommand.

``plankg tasks``, ``export assignments`` and ``export table`` all take a bureau
named the way the coordinator knows it; they must agree on which unit that is,
so the choice is made here once.
"""

from __future__ import annotations

import sys

from graph.errors import PlankgError
from graph.search import UnitMatch, search_units
from graph.stores.base import GraphStore

__all__ = ["choose_units"]

#: How many candidates an ambiguous --unit lists.
_SHOWN = 5


def choose_units(store: GraphStore, text: str, region: str | None = None, *, one: bool = False) -> list[str]:
    """Ids of the units ``text`` names (any alias; ``region`` narrows, 烟台市 or 烟台).

    Every exact match (score 1: a name or alias, read as that region's plans
    read it) is chosen — one per region without ``region``, noted on stderr.
    Without an exact match the closest unit is chosen and named on stderr.
    With ``one`` (a workbook is one bureau's table), several exact matches or an
    unsure fuzzy match are a one-line error listing the candidates instead.
    """
    matches = search_units(store, text, region=region, limit=50)
    if not matches:
        where = f" in {region}" if region else ""
        raise PlankgError(f"no unit matches {text!r}{where}; see `plankg units`")
    exact = [m for m in matches if m.score >= 1.0]
    if one and not (len(exact) == 1 or (not exact and _clear_fuzzy(matches))):
        names = "、".join(f"{m.unit.name}({m.score:.2f})" for m in matches[:_SHOWN])
        hint = "" if region else "; add --region"
        raise PlankgError(f"{text!r} is ambiguous: {names}{hint}")
    chosen = exact or matches[:1]
    if not exact:
        top = matches[0]
        print(f"plankg: no unit is named {text!r}; closest: {top.unit.name} ({top.score:.2f})", file=sys.stderr)
    if len(chosen) > 1:
        names = "、".join(m.unit.name for m in chosen)
        print(f"plankg: {text!r} names {len(chosen)} units ({names}); add --region for one", file=sys.stderr)
    return [m.unit.id for m in chosen]


def _clear_fuzzy(matches: list[UnitMatch]) -> bool:
    """A fuzzy top match of at least 0.9, clearly (0.1) ahead of the runner-up."""
    top = matches[0].score
    second = matches[1].score if len(matches) > 1 else 0.0
    return top >= 0.9 and second <= top - 0.1
