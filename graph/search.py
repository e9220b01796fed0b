"""Find units by any name a person types: full, short, as printed, or close to one.

A coordinator types what they call the bureau (市场监管局, 知识产权局, 市市场监督管理局)
and usually means the one of their own region. So the query is first read the way a
plan of that region would be read (``loaders.registry``: 市 is that city,
知识产权局 is a plate of the 市场监督管理局); then matched exactly against every
unit's name, short name and aliases; then by fuzzy similarity. Exact hits come
first, with score 1.0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

from graph.model import Unit
from graph.stores.base import GraphStore

__all__ = [
    "TextHit",
    "UnitLookup",
    "UnitMatch",
    "lookup_unit",
    "nearest_units",
    "normalize_query",
    "region_full_name",
    "search_text",
    "search_units",
    "similarity_level",
]

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
    from loaders.gazetteer import Gazetteer  # the gazetteer alone: the registry's YAML is not needed here

    key = text.strip()
    found = Gazetteer.load().get(key)  # names, aliases and shorts (荣成, 湘西州)
    return found.name if found else key


def search_units(store: GraphStore, text: str, region: str | None = None, limit: int = 10) -> list[UnitMatch]:
    """Units matching ``text`` (any alias, fuzzy), optionally only of ``region`` (烟台市 or 烟台).

    Matched against the store's unit directory and name list, not its units: at 10 000 plans
    decoding every unit's aliases took longer than the whole answer may (the units are read
    for the matches shown only).

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
    entries = {e.id: e for e in store.unit_directory(region_name)}
    names = store.unit_names(region_name)
    hits: dict[str, tuple[float, str]] = {}

    # 1. read as a plan of the unit's region would read it
    for name in sorted({e.region for e in entries.values() if e.region}):
        place = reg.gazetteer.get(name)
        if place is None:
            continue
        c = reg.resolve(query, ResolveContext(place))
        if c.method in ("exact", "rule") and c.id in entries:
            hits.setdefault(c.id, (1.0, query))

    # 2. exactly one of its names (the directory's order: the first unit of a name first)
    for uid, name in names:
        if name == query and uid not in hits:
            hits[uid] = (1.0, query)

    # 3. close to one of its names: the best of each unit's names, the first of equals
    best: dict[str, tuple[float, str]] = {}
    for i in sorted(_close_names(query, [name for _, name in names])):
        uid, name = names[i]
        if uid in hits:
            continue
        score = _similarity(query, name)
        if score > best.get(uid, (0.0, ""))[0]:
            best[uid] = (score, name)
    fuzzy = {uid: (round(min(score, 0.99), 3), name) for uid, (score, name) in best.items() if score >= MIN_FUZZY}

    exact = sorted(hits, key=lambda uid: (entries[uid].region or "", entries[uid].name))
    near = sorted(fuzzy, key=lambda uid: (-fuzzy[uid][0], entries[uid].name))
    shown = (exact + near)[:limit]
    units = store.units_by_ids(shown)
    found = {**fuzzy, **hits}
    return [UnitMatch(units[uid], *found[uid]) for uid in shown if uid in units]


def _close_names(query: str, names: list[str]) -> set[int]:
    """Indexes of the names that may score at least ``MIN_FUZZY`` (:func:`_similarity`): those
    holding the query, and those whose similarity ratio reaches it (rapidfuzz's C loop, not one
    Python call per name; a hair below the bar, so the bar itself is applied by ``_similarity``)."""
    holding = {i for i, name in enumerate(names) if query in name}
    cutoff = MIN_FUZZY * 100 - 0.1
    close = process.extract(query, names, scorer=fuzz.ratio, processor=None, limit=None, score_cutoff=cutoff)
    return holding | {i for _, _, i in close}


def _similarity(query: str, name: str) -> float:
    """0–1: a name that contains the query scores 0.8–0.99 (closer lengths higher); otherwise
    the plain similarity ratio. Partial matching is not used: every unit name ends in
    管理局/委员会…, and a shared ending says nothing."""
    if query in name:
        return 0.8 + 0.19 * len(query) / len(name)
    return float(fuzz.ratio(query, name)) / 100.0


# -- honest matching: found, a choice, or not found with the nearest candidates ----------

#: A fuzzy match counts as "the" unit only at this similarity and this far ahead of the next.
CLEAR_FUZZY, CLEAR_LEAD = 0.9, 0.1
#: How many nearest candidates a name that matches nothing lists.
NEAREST = 6


@dataclass(frozen=True)
class UnitLookup:
    """What a typed name means.

    * ``found`` — one unit is meant: ``matches[0]`` (an exact name or alias read as the
      region's plans read it, or a fuzzy match that is close and clearly ahead);
      ``matches[1:]`` are other candidates worth offering;
    * ``ambiguous`` — several equally good (exact) matches, in different regions: the
      person chooses; nothing is decided for them;
    * ``not_found`` — no unit has this name; ``matches`` are the nearest units (with their
      regions and similarity) to choose from, never shown as if they were the one asked for.
    """

    status: Literal["found", "ambiguous", "not_found"]
    query: str
    matches: tuple[UnitMatch, ...]


def lookup_unit(store: GraphStore, text: str, region: str | None = None, limit: int = 10) -> UnitLookup:
    """The unit ``text`` names (see :class:`UnitLookup`); ``region`` narrows (烟台市 or 烟台).

    >>> from graph.stores.networkx_store import NetworkXStore
    >>> lookup_unit(NetworkXStore(None), "市民政局").status
    'not_found'
    """
    matches = search_units(store, text, region=region, limit=max(limit, 50))
    exact = [m for m in matches if m.score >= 1.0]
    if len(exact) == 1:
        return UnitLookup("found", text, tuple([exact[0], *(m for m in matches if m is not exact[0])][:limit]))
    if len(exact) > 1:
        return UnitLookup("ambiguous", text, tuple(exact[:limit]))
    if matches:
        top = matches[0].score
        second = matches[1].score if len(matches) > 1 else 0.0
        if top >= CLEAR_FUZZY and second <= top - CLEAR_LEAD:
            return UnitLookup("found", text, tuple(matches[:limit]))
    return UnitLookup("not_found", text, tuple(nearest_units(store, text, region, NEAREST)))


def nearest_units(store: GraphStore, text: str, region: str | None = None, n: int = NEAREST) -> list[UnitMatch]:
    """The ``n`` units whose names are closest to ``text`` (no threshold), best first;
    units of ``region`` only when one is given, else every region's."""
    from loaders.registry import normalize_mention

    query = normalize_mention(text)
    if not query:
        return []
    region_name = region_full_name(region) if region else None
    entries = {e.id: e for e in store.unit_directory(region_name) if e.category != "generic"}
    best = {uid: (0.0, e.name) for uid, e in entries.items()}
    names = store.unit_names(region_name)
    texts = [name for _, name in names]
    if not texts:
        return []
    # rapidfuzz's C loop for both scores (one Python call per name took seconds at 10 000 plans)
    ratio = process.cdist([query], texts, scorer=fuzz.ratio, processor=None, dtype=np.float64)[0]
    partial = process.cdist([query], texts, scorer=fuzz.partial_ratio, processor=None, dtype=np.float64)[0]
    for i, (uid, name) in enumerate(names):
        if uid in entries:
            similar = 0.8 + 0.19 * len(query) / len(name) if query in name else float(ratio[i]) / 100.0
            score = max(similar, float(partial[i]) / 100.0 * 0.9)
            if score > best[uid][0]:
                best[uid] = (score, name)
    shown = {uid: round(min(score, 0.99), 3) for uid, (score, _) in best.items()}
    ranked = sorted(entries, key=lambda uid: (-shown[uid], entries[uid].region or "", entries[uid].name))[:n]
    units = store.units_by_ids(ranked)
    return [UnitMatch(units[uid], shown[uid], best[uid][1]) for uid in ranked if uid in units]


def similarity_level(score: float) -> str:
    """高 / 中 / 低 for a 0–1 similarity (the number itself is shown on hover).

    >>> similarity_level(1.0), similarity_level(0.85), similarity_level(0.5)
    ('高', '中', '低')
    """
    if score >= 0.9:
        return "高"
    if score >= 0.75:
        return "中"
    return "低"


# -- full-text search over every plan -------------------------------------------------------

_SENTENCE_END = "。；！？;!?\n"


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def normalize_query(text: str) -> str:
    """A query as the stored text is written: NFKC (full-width → ASCII), traditional →
    simplified (OpenCC, as the loader converts documents), no whitespace.

    >>> normalize_query(" 知識產權 保護 ")
    '知识产权保护'
    """
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", str(_t2s().convert(folded)))


@dataclass(frozen=True)
class TextHit:
    """One place the query occurs: a task's text, a plan's title, a unit's name, an indicator.

    ``sentence`` is the sentence holding the first occurrence, ``start``/``end`` the
    occurrence within it (for highlighting); ``count`` all occurrences in the node.
    """

    kind: Literal["task", "plan", "unit", "indicator"]
    node_id: str
    plan_id: str
    plan_title: str
    path: str
    title: str
    sentence: str
    start: int
    end: int
    count: int
    unit_ids: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    region: str = ""


def _ends_sentence(text: str, i: int) -> bool:
    """``text[i]`` closes a sentence: 。；！？ (or their ASCII forms), or a full stop that is
    not a decimal point (PDF text often prints 。 as ``.``)."""
    ch = text[i]
    if ch in _SENTENCE_END:
        return True
    if ch in ".．":
        return not (0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()) and not (
            i > 0 and text[i - 1].isdigit()  # 1. 2. numbering, not a sentence end
        )
    return False


def _sentence(text: str, at: int, length: int) -> tuple[str, int]:
    """(the sentence of ``text`` around ``at``, where ``at`` falls in it)."""
    begin = at
    while begin > 0 and not _ends_sentence(text, begin - 1):
        begin -= 1
    end = at + length
    while end < len(text) and not _ends_sentence(text, end - 1):
        end += 1
    raw = text[begin:end]
    lead = len(raw) - len(raw.lstrip())
    return raw.strip(), at - begin - lead


def _hit_in(text: str, query: str) -> tuple[str, int, int] | None:
    """(sentence, start in it, occurrences) of ``query`` in ``text``; the text's line breaks
    are ignored, as a wrapped line is one sentence."""
    flat = text.replace("\n", "")
    at = flat.find(query)
    if at < 0:
        return None
    sentence, start = _sentence(flat, at, len(query))
    return sentence, start, flat.count(query)


def search_text(store: GraphStore, text: str, limit: int = 500) -> list[TextHit]:
    """Every task, plan title, unit and indicator whose text holds ``text`` (simplified or
    traditional, full- or half-width), plans national → county and tasks in document order.

    >>> from graph.stores.networkx_store import NetworkXStore
    >>> search_text(NetworkXStore(None), "知识产权")
    []
    """
    query = normalize_query(text)
    if not query:
        return []
    from graph.stores.ordering import LEVEL_ORDER

    g = store.read_graph()
    plans = {p.id: p for p in g.plans.values()}
    order = {pid: (LEVEL_ORDER.get(p.level, 4), p.title) for pid, p in plans.items()}
    hits: list[tuple[tuple[int, int, str, int], TextHit]] = []
    for p in plans.values():
        found = _hit_in(p.title, query)
        if found and not p.stub:
            sentence, start, count = found
            hit = TextHit("plan", p.id, p.id, p.title, "", p.title, sentence, start, start + len(query), count,
                          region=p.region or "")  # fmt: skip
            hits.append(((0, *order[p.id], -1), hit))
    for t in g.tasks.values():
        found = _hit_in(t.text, query) or _hit_in(t.title, query)
        if not found or t.plan_id not in plans:
            continue
        sentence, start, count = found
        plan = plans[t.plan_id]
        ids = tuple(dict.fromkeys(m.unit_id for m in t.mentions if m.unit_id))
        names = tuple(g.units[u].name if u in g.units else u for u in ids)
        hit = TextHit("task", t.id, plan.id, plan.title, t.path, t.title, sentence, start, start + len(query), count,
                      ids, names, plan.region or "")  # fmt: skip
        hits.append(((1, *order[plan.id], t.span.start), hit))
    for ind in g.indicators.values():
        for field in (ind.name, ind.metric):
            found = _hit_in(field, query)
            if found and ind.plan_id in plans:
                plan = plans[ind.plan_id]
                sentence, start, count = found
                hit = TextHit("indicator", ind.id, plan.id, plan.title, "", ind.name, sentence, start,
                              start + len(query), count, region=plan.region or "")  # fmt: skip
                hits.append(((2, *order[plan.id], 0), hit))
                break
    for u in g.units.values():
        for name in dict.fromkeys([u.name, *(a.text for a in u.aliases)]):
            found = _hit_in(name, query)
            if found:
                sentence, start, count = found
                hit = TextHit("unit", u.id, "", "", "", u.name, sentence, start, start + len(query), count,
                              (u.id,), (u.name,), u.region or "")  # fmt: skip
                hits.append(((3, 0, f"{u.region or ''}{u.name}", 0), hit))
                break
    hits.sort(key=lambda kh: kh[0])
    return [h for _, h in hits[:limit]]
