"""Find units by any name a person types: full, short, as printed, or close to one.

A coordinator types what they call the bureau (市场监管局, 知识产权局, 市市场监督管理局)
and usually means the one of their own region. So the query is first read the way a
plan of that region would be read (``loaders.registry``: 市 is that city,
知识产权局 is a plate of the 市场监督管理局); then matched exactly against every
unit's name, short name and aliases; then by fuzzy similarity. Exact hits come
first, with score 1.0.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from graph.model import Unit
from graph.stores.base import GraphStore

__all__ = ["UnitMatch", "region_full_name", "search_units"]

#: Fuzzy matches below this similarity (0–1) are not shown.
MIN_FUZZY = 0.6


@dataclass(frozen=True)
class UnitMatch:
    """A unit found for a query, how well, and by which of its names."""

    unit: Unit
    score: float
    matched: str


def region_full_name(text: str) -> str:
    """A region as the gazetteer names it: 烟台 → 烟台市, 荣成 → 荣成市 (unknown text as typed).

    >>> region_full_name("烟台")
    '烟台市'
    """
    from loaders.registry import Registry

    key = text.strip()
    reg = Registry.load()
    found = reg.gazetteer.get(key) or reg.places.get(key)
    return found.name if found else key


def search_units(store: GraphStore, text: str, region: str | None = None, limit: int = 10) -> list[UnitMatch]:
    """Units matching ``text`` (any alias, fuzzy), optionally only of ``region`` (烟台市 or 烟台).

    >>> from graph.stores.networkx_store import NetworkXStore
    >>> search_units(NetworkXStore(None), "市场监管局")
    []
    """
    from loaders.registry import Registry, ResolveContext, normalize_mention

    query = normalize_mention(text)
    if not query:
        return []
    reg = Registry.load()
    region_name = region_full_name(region) if region else None
    units = [u for u in store.units() if region_name is None or u.region == region_name]
    by_id = {u.id: u for u in units}
    hits: dict[str, UnitMatch] = {}

    # 1. read as a plan of the unit's region would read it
    for name in sorted({u.region for u in units if u.region}):
        place = reg.gazetteer.get(name)
        if place is None:
            continue
        c = reg.resolve(query, ResolveContext(place))
        if c.method in ("exact", "rule") and c.id in by_id:
            hits.setdefault(c.id, UnitMatch(by_id[c.id], 1.0, query))

    # 2. exactly one of its names
    for u in units:
        if u.id in hits:
            continue
        names = [u.name, u.short, *(a.text for a in u.aliases)]
        if query in names:
            hits[u.id] = UnitMatch(u, 1.0, query)

    # 3. close to one of its names
    fuzzy: list[UnitMatch] = []
    for u in units:
        if u.id in hits:
            continue
        best, best_name = 0.0, ""
        for name in dict.fromkeys([u.name, u.short, *(a.text for a in u.aliases)]):
            if not name:
                continue
            score = _similarity(query, name)
            if score > best:
                best, best_name = score, name
        if best >= MIN_FUZZY:
            fuzzy.append(UnitMatch(u, round(min(best, 0.99), 3), best_name))

    exact = sorted(hits.values(), key=lambda m: (m.unit.region or "", m.unit.name))
    fuzzy.sort(key=lambda m: (-m.score, m.unit.name))
    return (exact + fuzzy)[:limit]


def _similarity(query: str, name: str) -> float:
    """0–1: a name that contains the query scores 0.8–0.99 (closer lengths higher); otherwise
    the plain similarity ratio. Partial matching is not used: every unit name ends in
    管理局/委员会…, and a shared ending says nothing."""
    if query in name:
        return 0.8 + 0.19 * len(query) / len(name)
    return float(fuzz.ratio(query, name)) / 100.0
