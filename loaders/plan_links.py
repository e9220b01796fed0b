"""Plans among plans: their place in the region hierarchy, what they implement
(IMPLEMENTS, stub plans for cited plans not loaded), and which plans a plan's
tasks and indicators may cascade to.

The cascade-target rule is the guard against false links: a task is only ever
compared with the tasks of a plan that its own plan implements (transitively),
or that sits above it in the region hierarchy (荣成 → 威海 → 山东 → 国家), or —
for two plans of one region where neither cites the other — that is the
region's strategic plan (纲要/规划) above an operational one (实施意见,
行动方案, 工作方案) of an overlapping period. Two plans on different lines of
the hierarchy (烟台 and 威海) are never compared.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from graph.datafile import read_yaml
from graph.errors import PlankgError
from graph.model import LEVEL_ORDER, Edge, KnowledgeGraph, Level, Plan, Region
from loaders.gazetteer import Gazetteer
from loaders.plan_words import plan_kind, plan_period
from loaders.similarity import title_key

__all__ = [
    "CITATION_THRESHOLD",
    "CascadeVocab",
    "cascade_targets",
    "default_vocabulary_path",
    "level_depth",
    "link_citations",
    "match_cited_plan",
    "place_in_regions",
    "stub_plan",
]

#: Least rapidfuzz ratio (0–100) between a cited title and a loaded plan's title
#: (both typography-normalised) to call them the same plan. Spelling variants
#: of one title score 95–100; two different plans of one family (山东省“十四五”
#: 知识产权保护和运用规划 vs “十四五”国家知识产权保护和运用规划) score in the 80s.
CITATION_THRESHOLD = 90.0

_TRAILING_PERIOD = re.compile(r"\(\d{4}-\d{4}年?\)$")


def default_vocabulary_path() -> Path:
    """``data/cascade.yaml`` of this checkout."""
    return Path(__file__).resolve().parent.parent / "data" / "cascade.yaml"


@dataclass(frozen=True)
class CascadeVocab:
    """The cascade vocabulary of ``data/cascade.yaml`` (plan kinds and periods: ``loaders.plan_words``)."""

    national_words: tuple[str, ...]
    kind_rank: dict[str, int]

    @classmethod
    def load(cls, path: Path | None = None) -> CascadeVocab:
        """Read the vocabulary (cached per path)."""
        return _load(str(path or default_vocabulary_path()))


@lru_cache(maxsize=4)
def _load(path: str) -> CascadeVocab:
    data: dict[str, Any] = read_yaml(path, PlankgError, "the cascade vocabulary", dict)
    return CascadeVocab(
        national_words=tuple(str(w) for w in data["national_words"]),
        kind_rank={str(k): int(v) for k, v in data["kind_rank"].items()},
    )


# -- regions -------------------------------------------------------------------
def _part_of_pairs(graph: KnowledgeGraph) -> set[tuple[str, str]]:
    return {(e.src, e.dst) for e in graph.edges if e.type == "PART_OF"}


def _add_region_chain(graph: KnowledgeGraph, gaz: Gazetteer, region: Region, existing: set[tuple[str, str]]) -> None:
    """The region and its parents in ``graph.regions``, a PART_OF edge for each link not in
    ``existing`` (the PART_OF pairs already in the graph, kept current)."""
    for r in gaz.chain(region):
        graph.regions.setdefault(r.id, r)
        if r.parent_id and (r.id, r.parent_id) not in existing:
            graph.edges.append(Edge("PART_OF", r.id, r.parent_id))
            existing.add((r.id, r.parent_id))


def place_in_regions(graph: KnowledgeGraph, gaz: Gazetteer) -> None:
    """Plan -[IN_REGION]-> region for every plan whose region the gazetteer knows,
    with the region's chain of parents (Region -[PART_OF]-> parent) in ``graph.regions``."""
    existing = _part_of_pairs(graph)
    for plan in graph.plans.values():
        region = gaz.get(plan.region) if plan.region else None
        if region is None:
            continue
        _add_region_chain(graph, gaz, region, existing)
        graph.edges.append(Edge("IN_REGION", plan.id, region.id))


# -- citations -------------------------------------------------------------------
def _regions_named(title: str, gaz: Gazetteer) -> list[Region]:
    """Regions a title names, in order of appearance."""
    hits: list[tuple[int, Region]] = []
    for name in gaz.mentions(title):
        region = gaz.regions[name]
        short = next((s for s, f in gaz.shorts.items() if f == name), name)
        positions = [p for p in (title.find(name), title.find(short)) if p >= 0]
        hits.append((min(positions) if positions else len(title), region))
    return [r for _, r in sorted(hits, key=lambda h: (h[0], -LEVEL_ORDER.get(h[1].level, 0)))]


def _comparable(key: str) -> str:
    return _TRAILING_PERIOD.sub("", key)


def match_cited_plan(cited: str, plans: list[Plan], gaz: Gazetteer, vocab: CascadeVocab) -> tuple[Plan, float] | None:
    """The loaded plan a cited title names, with its score (0–100), or None.

    A title that names a region only matches a plan of that region; a title that
    names the nation (国家, 强国 …) and no region only matches a national plan.
    """
    key = title_key(cited)
    named = {r.name for r in _regions_named(cited, gaz)}
    national = not named and any(w in cited for w in vocab.national_words)
    best: tuple[Plan, float] | None = None
    for plan in plans:
        if named and plan.region not in named:
            continue
        if national and plan.level != "national":
            continue
        for title in (plan.title, plan.subtitle):
            if not title:
                continue
            other = title_key(title)
            score = max(fuzz.ratio(key, other), fuzz.ratio(_comparable(key), _comparable(other)))
            if score >= CITATION_THRESHOLD and (best is None or score > best[1]):
                best = (plan, float(score))
    return best


def stub_plan(cited: str, gaz: Gazetteer, vocab: CascadeVocab) -> Plan:
    """A Plan node for a cited plan that is not loaded: id ``stub:<normalised title>``;
    kind, region/level and period only where the title itself says so (kind and
    period by the same rule as a loaded plan's, ``loaders.plan_words``)."""
    key = title_key(cited)
    named = _regions_named(cited, gaz)
    region: str | None = None
    level: Level | None = None
    if named:
        region, level = named[0].name, named[0].level
    elif any(w in cited for w in vocab.national_words):
        nation = next((r for r in gaz.regions.values() if r.level == "national"), None)
        region, level = (nation.name if nation else None), "national"
    start, end = plan_period(cited)
    return Plan(
        id=f"stub:{key}",
        title=cited,
        kind=plan_kind(cited),
        region=region,
        level=level,
        period_start=start,
        period_end=end,
        stub=True,
    )


class _CitationIndex:
    """``match_cited_plan`` over many citations: each loaded title's key computed once, the plans a
    title may name looked up by region (a title naming regions is only compared with plans of
    those regions, a national title with national plans), and each distinct cited title matched
    once. Same scores, same order, same pick: the first plan (then title before subtitle) with
    the best score, the citing plan itself left out."""

    def __init__(self, loaded: list[Plan], gaz: Gazetteer, vocab: CascadeVocab) -> None:
        self.gaz, self.vocab = gaz, vocab
        self.loaded = loaded
        self.keys: dict[str, list[tuple[str, str]]] = {
            p.id: [(k, _comparable(k)) for k in (title_key(t) for t in (p.title, p.subtitle) if t)] for p in loaded
        }
        self.by_region: dict[str | None, list[Plan]] = {}
        self.national: list[Plan] = []
        for p in loaded:
            self.by_region.setdefault(p.region, []).append(p)
            if p.level == "national":
                self.national.append(p)
        self.position = {p.id: i for i, p in enumerate(loaded)}
        self._hits: dict[str, list[tuple[Plan, float]]] = {}

    def _candidates(self, cited: str) -> list[Plan]:
        named = {r.name for r in _regions_named(cited, self.gaz)}
        if named:
            pool = [p for name in named for p in self.by_region.get(name, [])]
            return sorted(pool, key=lambda p: self.position[p.id])
        if any(w in cited for w in self.vocab.national_words):
            return self.national
        return self.loaded

    def hits(self, cited: str) -> list[tuple[Plan, float]]:
        """Every (plan, score) reaching the threshold, in match order (plan, then title, subtitle)."""
        if cited not in self._hits:
            key = title_key(cited)
            comparable = _comparable(key)
            found: list[tuple[Plan, float]] = []
            for plan in self._candidates(cited):
                for other, other_cmp in self.keys[plan.id]:
                    score = max(fuzz.ratio(key, other), fuzz.ratio(comparable, other_cmp))
                    if score >= CITATION_THRESHOLD:
                        found.append((plan, float(score)))
            self._hits[cited] = found
        return self._hits[cited]

    def match(self, cited: str, citing: Plan) -> tuple[Plan, float] | None:
        best: tuple[Plan, float] | None = None
        for plan, score in self.hits(cited):
            if plan.id != citing.id and (best is None or score > best[1]):
                best = (plan, score)
        return best


def link_citations(graph: KnowledgeGraph, gaz: Gazetteer, vocab: CascadeVocab) -> None:
    """Plan -[IMPLEMENTS]-> each plan it cites (a loaded plan, else a stub added to
    ``graph.plans``, placed in its region when the title names one)."""
    loaded = [p for p in graph.plans.values() if not p.stub]
    index = _CitationIndex(loaded, gaz, vocab)
    existing = _part_of_pairs(graph)
    seen: set[tuple[str, str]] = set()
    for plan in loaded:
        for cited in plan.cites:
            match = index.match(cited, plan)
            if match is not None:
                target, props = match[0].id, {"cited": cited, "score": round(match[1] / 100, 4)}
            else:
                stub = stub_plan(cited, gaz, vocab)
                if stub.id not in graph.plans:
                    graph.plans[stub.id] = stub
                    region = gaz.get(stub.region) if stub.region else None
                    if region is not None:
                        _add_region_chain(graph, gaz, region, existing)
                        graph.edges.append(Edge("IN_REGION", stub.id, region.id))
                target, props = stub.id, {"cited": cited}
            if (plan.id, target) not in seen:
                seen.add((plan.id, target))
                graph.edges.append(Edge("IMPLEMENTS", plan.id, target, props))


# -- cascade targets ---------------------------------------------------------------
def _implemented(graph: KnowledgeGraph) -> dict[str, set[str]]:
    """Each plan → every plan it implements, directly or through plans it implements."""
    direct: dict[str, set[str]] = {}
    for e in graph.edges:
        if e.type == "IMPLEMENTS":
            direct.setdefault(e.src, set()).add(e.dst)
    closure: dict[str, set[str]] = {}
    for start in graph.plans:
        seen: set[str] = set()
        queue = deque(direct.get(start, ()))
        while queue:
            node = queue.popleft()
            if node in seen or node == start:
                continue
            seen.add(node)
            queue.extend(direct.get(node, ()))
        closure[start] = seen
    return closure


def _periods_overlap(a: Plan, b: Plan) -> bool:
    if None in (a.period_start, a.period_end, b.period_start, b.period_end):
        return True  # unknown: do not rule the link out on a missing date
    return a.period_start <= b.period_end and b.period_start <= a.period_end  # type: ignore[operator]


def cascade_targets(graph: KnowledgeGraph, gaz: Gazetteer, vocab: CascadeVocab) -> dict[str, list[tuple[str, str]]]:
    """Each loaded plan → the loaded plans its tasks may cascade from, with the reason
    (``implements`` | ``region`` | ``same-region``), in a stable order.

    Only the plans a rule can name are looked at — those it implements, those of the
    regions above it and of its own region (plans grouped by region) — in the order of
    all loaded plans, so the answer is the one a scan of every pair gives."""
    implemented = _implemented(graph)
    loaded = sorted((p for p in graph.plans.values() if not p.stub), key=lambda p: (p.source, p.id))
    position = {p.id: i for i, p in enumerate(loaded)}
    by_region: dict[str, list[Plan]] = {}
    for p in loaded:
        if p.region:
            by_region.setdefault(p.region, []).append(p)
    out: dict[str, list[tuple[str, str]]] = {}
    for plan in loaded:
        region = gaz.get(plan.region) if plan.region else None
        above = {r.name for r in gaz.chain(region)[1:]} if region else set()
        mine = implemented.get(plan.id, set())
        pool = {pid for pid in mine if pid in position}
        for name in (*above, plan.region):
            if name:
                pool.update(p.id for p in by_region.get(name, ()))
        targets: list[tuple[str, str]] = []
        for other in (loaded[i] for i in sorted(position[pid] for pid in pool)):
            if other.id == plan.id:
                continue
            if other.id in mine:
                targets.append((other.id, "implements"))
            elif plan.id in implemented.get(other.id, set()):
                continue  # the other plan implements this one: links go the other way
            elif other.region and other.region in above:
                targets.append((other.id, "region"))
            elif other.region and other.region == plan.region and _ranks_above(other, plan, vocab):
                targets.append((other.id, "same-region"))
        out[plan.id] = targets
    return out


def _ranks_above(higher: Plan, lower: Plan, vocab: CascadeVocab) -> bool:
    hi, lo = vocab.kind_rank.get(higher.kind), vocab.kind_rank.get(lower.kind)
    return hi is not None and lo is not None and hi < lo and _periods_overlap(higher, lower)


def level_depth(level: str | None) -> int | None:
    """national 0, province 1, prefecture 2, county 3 (None when unknown)."""
    return LEVEL_ORDER.get(level)
