"""Links between levels: plan IMPLEMENTS plan, task/indicator CASCADES_FROM, REFINES (stage: cascade).

Rules (docs/cascade.md gives the measured precision and recall):

* Plans: IMPLEMENTS each cited plan (a stub when not loaded), IN_REGION their
  region, regions PART_OF their parent (``loaders.plan_links``).
* Tasks: a body task (not an annex row) of plan P CASCADES_FROM a task of a
  plan Q that P may cascade to (``plan_links.cascade_targets``) when their
  texts are similar: IDF-weighted character-bigram cosine (weights counted over
  the two plans' body tasks: ``loaders.similarity.pair_scores``) at least
  ``TASK_THRESHOLD``, keeping per (task, Q) the best candidate and any within
  ``TASK_RELATIVE`` of it (a city task often carries out two or three of the
  province's). Safeguards (保障措施) only cascade from safeguards, and
  work tasks only from work tasks.
* Annex rows: each REFINES the body task of its own plan with the same or
  near-same title or text (rapidfuzz), looked for first under the body task
  its parent row refines.
* Indicators: MEASURES their metric; CASCADES_FROM the indicator of the same
  metric in the nearest plan above that has it.

The stage is idempotent: it first drops what an earlier run derived.

Incremental: a plan's task links depend only on its own tasks, the plans it may cascade from
(ids and reasons: a plan's id is the hash of its text) and those plans' tasks, because the
weights of a pair are counted over that pair alone; its indicator links only on its indicators
and the plans it may cascade from with their levels. ``link_cascade`` returns the key of each
plan's two blocks of links (``graph.owners``: :func:`plan_link_key`, :func:`indicator_link_key`);
given the keys a previous run made the stored blocks under (``kept``), it makes only the blocks
whose key changed — the store keeps the others — which gives the links a full run gives
(``tests/test_incremental.py``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from rapidfuzz import fuzz

from graph.model import Edge, KnowledgeGraph, Metric, Task
from graph.owners import indicator_owner, owner_plan, task_owner
from loaders.gazetteer import Gazetteer
from loaders.plan_links import CascadeVocab, cascade_targets, level_depth, link_citations, place_in_regions
from loaders.similarity import BigramCounts, bare_text, pair_scores
from loaders.version import LOADER_VERSION

__all__ = [
    "MAX_REGION_TARGETS",
    "REFINES_THRESHOLD",
    "TASK_RELATIVE",
    "TASK_THRESHOLD",
    "candidate_task_pairs",
    "cap_targets",
    "exhaustive_refines",
    "exhaustive_task_links",
    "indexed_task_links",
    "indicator_link_key",
    "link_cascade",
    "plan_link_key",
    "score_task_pairs",
    "select_task_links",
]

#: Least task-text cosine for CASCADES_FROM. Measured on the corpus against the
#: hand-made true links (bench/cascade_eval.py): 0.06 → P 0.74 R 0.76,
#: 0.08 → P 0.77 R 0.74, 0.10 → P 0.81 R 0.67, 0.12 → P 0.84 R 0.59. Unrelated
#: tasks of one field share only its common words and score below 0.06.
TASK_THRESHOLD = 0.08
#: A second candidate in the same higher plan is kept when it scores at least
#: this share of the best one.
TASK_RELATIVE = 0.9
#: Least rapidfuzz score (0–1) for an annex row to refine a body task.
REFINES_THRESHOLD = 0.6

_DERIVED = ("IMPLEMENTS", "CASCADES_FROM", "REFINES", "MEASURES")


def link_cascade(
    graph: KnowledgeGraph,
    gazetteer: Gazetteer | None = None,
    vocabulary: Path | None = None,
    kept: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Add stub plans, regions, metrics, and IMPLEMENTS / IN_REGION (plans) / PART_OF /
    CASCADES_FROM / REFINES / MEASURES edges; return the key of every loaded plan's blocks of
    links (``graph.owners``: its task links, :func:`plan_link_key`; its indicator links,
    :func:`indicator_link_key`), by block.

    ``kept``: block → the key its stored links were made under (an earlier run); a block whose
    key is the same is not made again and its edges are not added — the caller keeps them (the
    store holds them per block; the caller leaves out the blocks of plans whose parse changed
    under the same id: a new loader version)."""
    gaz = gazetteer or Gazetteer.load()
    vocab = CascadeVocab.load(vocabulary)
    _drop_derived(graph)
    place_in_regions(graph, gaz)
    link_citations(graph, gaz, vocab)
    targets = cascade_targets(graph, gaz, vocab)
    capped = cap_targets(graph, targets)
    keys = {task_owner(pid): plan_link_key(pid, plan_targets) for pid, plan_targets in capped.items()}
    keys.update(
        (indicator_owner(pid), indicator_link_key(graph, pid, targets.get(pid, [])))
        for pid, p in graph.plans.items()
        if not p.stub
    )
    same = {owner for owner, key in (kept or {}).items() if keys.get(owner) == key}
    _link_tasks(graph, {pid: t for pid, t in capped.items() if task_owner(pid) not in same})
    _link_annex_rows(graph, {owner_plan(o) for o in same if o == task_owner(owner_plan(o))})
    _link_indicators(graph, targets, {owner_plan(o) for o in same if o == indicator_owner(owner_plan(o))})
    return keys


def plan_link_key(plan_id: str, plan_targets: list[tuple[str, str]]) -> str:
    """What a plan's task links are made from: the plan (its id hashes its text), the plans it may
    cascade from with the reasons, the thresholds and the loader version (how tasks are cut)."""
    h = hashlib.sha256(f"cascade {LOADER_VERSION} {TASK_THRESHOLD} {TASK_RELATIVE} {_LINK_CODE}\n{plan_id}\n".encode())
    for target_id, reason in plan_targets:
        h.update(f"{target_id}\t{reason}\n".encode())
    return h.hexdigest()


#: Bumped when the indicator-link rules below change in a way the key does not see.
_INDICATOR_CODE = 1


def indicator_link_key(graph: KnowledgeGraph, plan_id: str, plan_targets: list[tuple[str, str]]) -> str:
    """What a plan's indicator links are made from: the plan, its level, and every plan it may
    cascade from (uncapped: the nearest level holding the metric is looked for among all) with
    its level (the indicators of a plan are its text's, so its id stands for them)."""
    h = hashlib.sha256(
        f"indicators {LOADER_VERSION} {_INDICATOR_CODE}\n{plan_id}\t{graph.plans[plan_id].level}\n".encode()
    )
    for target_id, _reason in plan_targets:
        h.update(f"{target_id}\t{graph.plans[target_id].level}\n".encode())
    return h.hexdigest()


#: At most this many plans that a plan's tasks are compared with by the region rules
#: (``region``, ``same-region``) — plans it implements are always compared. A county plan
#: of a region line holding thousands of plans would otherwise be compared with every plan
#: above it, and the task links (and their cost) would grow with the square of the plans
#: of a province. No plan of the built-in or development corpus has more than a handful of
#: such targets, so there the cap changes nothing (``tests/test_cascade_index.py``).
MAX_REGION_TARGETS = 8


def _title_grams(title: str) -> set[str]:
    bare = bare_text(title)
    return {bare[i : i + 2] for i in range(len(bare) - 1)}


def cap_targets(
    graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]], cap: int = MAX_REGION_TARGETS
) -> dict[str, list[tuple[str, str]]]:
    """``targets`` with each plan's region-rule targets cut to the ``cap`` nearest: the level
    nearest above first, then the title sharing the most character bigrams with the plan's,
    then the order given; the kept targets keep their order. Plans it implements all stay."""
    out: dict[str, list[tuple[str, str]]] = {}
    grams: dict[str, set[str]] = {}

    def title_grams(pid: str) -> set[str]:
        if pid not in grams:
            grams[pid] = _title_grams(graph.plans[pid].title)
        return grams[pid]

    for plan_id, plan_targets in targets.items():
        by_rule = [i for i, (_t, reason) in enumerate(plan_targets) if reason != "implements"]
        if len(by_rule) <= cap:
            out[plan_id] = plan_targets
            continue
        depth = level_depth(graph.plans[plan_id].level)
        mine = title_grams(plan_id)
        ranked: list[tuple[int, int, int]] = []
        for i in by_rule:
            other = graph.plans[plan_targets[i][0]]
            d = level_depth(other.level)
            distance = depth - d if depth is not None and d is not None else 99
            ranked.append((distance, -len(mine & title_grams(other.id)), i))
        keep = {i for *_r, i in sorted(ranked)[:cap]}
        out[plan_id] = [t for i, t in enumerate(plan_targets) if t[1] == "implements" or i in keep]
    return out


def _drop_derived(graph: KnowledgeGraph) -> None:
    for pid in [pid for pid, p in graph.plans.items() if p.stub]:
        del graph.plans[pid]
    graph.metrics.clear()
    graph.edges = [
        e
        for e in graph.edges
        if e.type not in _DERIVED and not (e.type == "IN_REGION" and e.src.startswith(("plan:", "stub:")))
    ]


# -- tasks ---------------------------------------------------------------------
def _compatible(lower: Task, higher: Task) -> bool:
    return (lower.kind == "safeguard") == (higher.kind == "safeguard")


ScoredPairs = list[tuple[Task, str, str, list[tuple[float, Task]]]]

#: Bumped when the task-link rules below change in a way the key above does not see.
_LINK_CODE = 2


def _body_tasks(
    graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]], plans: set[str] | None = None
) -> list[Task]:
    body = [
        t
        for t in graph.tasks.values()
        if t.kind != "annex_row" and t.plan_id in targets and (plans is None or t.plan_id in plans)
    ]
    body.sort(key=lambda t: (t.plan_id, t.span.start))
    return body


class _PlanTexts:
    """Each involved plan's body tasks in document order and their bigram counts (made once)."""

    def __init__(self, graph: KnowledgeGraph, plans: set[str]) -> None:
        self.tasks: dict[str, list[Task]] = defaultdict(list)
        for t in _body_tasks(graph, {pid: [] for pid in plans}):
            self.tasks[t.plan_id].append(t)
        self._counts: dict[str, BigramCounts] = {}

    def counts(self, plan_id: str) -> BigramCounts:
        if plan_id not in self._counts:
            self._counts[plan_id] = BigramCounts.of(t.text for t in self.tasks.get(plan_id, []))
        return self._counts[plan_id]


def _scored_pairs(graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]], floor: float | None) -> ScoredPairs:
    involved = {pid for pid, plan_targets in targets.items() if plan_targets}
    involved.update(target_id for plan_targets in targets.values() for target_id, _ in plan_targets)
    texts = _PlanTexts(graph, involved)
    out: ScoredPairs = []
    for plan_id, plan_targets in targets.items():
        lowers = texts.tasks.get(plan_id, [])
        if not lowers:
            continue
        per_target = []
        for target_id, reason in plan_targets:
            highers = texts.tasks.get(target_id, [])
            if highers:
                scores = pair_scores(texts.counts(plan_id), texts.counts(target_id))
                if floor is None:
                    hits = [list(enumerate(row)) for row in scores.tolist()]
                else:  # only the pairs reaching the floor, by lower task then higher, in order
                    hits = [[] for _ in lowers]
                    rows, cols = (scores >= floor).nonzero()
                    for i, j, v in zip(rows.tolist(), cols.tolist(), scores[rows, cols].tolist(), strict=True):
                        hits[i].append((j, v))
                per_target.append((target_id, reason, highers, hits))
        for i, lower in enumerate(lowers):
            for target_id, reason, highers, hits in per_target:
                scored = [(v, highers[j]) for j, v in hits[i] if _compatible(lower, highers[j])]
                if scored:
                    out.append((lower, target_id, reason, scored))
    return out


def score_task_pairs(graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]]) -> ScoredPairs:
    """Every (lower task, target plan, reason, [(score, higher task)…]) the rules allow, the
    higher tasks in document order; scores by :func:`loaders.similarity.pair_scores` on the two
    plans' body tasks.

    The exhaustive lists: ``bench/cascade_eval.py --sweep`` uses them (thresholds below the shipped
    one), and ``tests/test_cascade_index.py`` checks the thresholded path against them.
    """
    return _scored_pairs(graph, targets, None)


def candidate_task_pairs(
    graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]], threshold: float = TASK_THRESHOLD
) -> ScoredPairs:
    """Like :func:`score_task_pairs`, but each list holds only the higher tasks scoring at least
    ``threshold`` (the same scores, in the same order). ``select_task_links`` with that threshold
    (or a higher one) gives exactly the links of the exhaustive lists: a link needs a score ≥
    threshold, and when the best candidate is below it there is no link either way. ``targets``
    may hold only some plans (those to compare again): the others' tasks are read only as the
    targets'."""
    return _scored_pairs(graph, targets, threshold)


def select_task_links(
    scored: ScoredPairs,
    threshold: float = TASK_THRESHOLD,
    relative: float = TASK_RELATIVE,
) -> list[Edge]:
    """CASCADES_FROM edges: per (lower task, target plan) the best candidate and
    those within ``relative`` of it, all at least ``threshold``."""
    edges: list[Edge] = []
    for lower, _target, reason, candidates in scored:
        best = max(s for s, _ in candidates)
        for score, higher in candidates:
            if score >= threshold and score >= best * relative:
                edges.append(Edge("CASCADES_FROM", lower.id, higher.id, {"score": round(score, 4), "rule": reason}))
    return edges


def exhaustive_task_links(graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]]) -> list[Edge]:
    """Task CASCADES_FROM edges by comparing every allowed pair (the reference for the index)."""
    return select_task_links(score_task_pairs(graph, targets))


def indexed_task_links(graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]]) -> list[Edge]:
    """Task CASCADES_FROM edges through the candidate index: the same edges, in the same order."""
    return select_task_links(candidate_task_pairs(graph, targets, TASK_THRESHOLD))


def _link_tasks(graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]]) -> None:
    """The task links of the plans in ``targets``, plan by plan in that order (a full run's)."""
    if targets:
        graph.edges.extend(select_task_links(candidate_task_pairs(graph, targets, TASK_THRESHOLD)))


# -- annex rows ------------------------------------------------------------------
def _refines_score(row: Task, own: str, body: Task) -> float:
    title = fuzz.ratio(bare_text(row.title), bare_text(body.title))
    own_bare = bare_text(own)
    text = fuzz.partial_ratio(own_bare, bare_text(body.text)) if len(own_bare) >= 8 else 0.0
    return max(title, text) / 100


def _subtree(root_id: str, tasks: list[Task]) -> list[Task]:
    ids = {root_id}
    changed = True
    while changed:
        changed = False
        for t in tasks:
            if t.parent_id in ids and t.id not in ids:
                ids.add(t.id)
                changed = True
    return [t for t in tasks if t.id in ids]


def _annex_pools(graph: KnowledgeGraph) -> list[tuple[list[Task], list[Task]]]:
    """(annex rows in document order, body tasks in document order) of each plan with both."""
    rows_by_plan: dict[str, list[Task]] = defaultdict(list)
    body_by_plan: dict[str, list[Task]] = defaultdict(list)
    for t in sorted(graph.tasks.values(), key=lambda t: t.span.start):
        (rows_by_plan if t.kind == "annex_row" else body_by_plan)[t.plan_id].append(t)
    return [(rows, body_by_plan[pid]) for pid, rows in rows_by_plan.items() if body_by_plan.get(pid)]


def exhaustive_refines(graph: KnowledgeGraph) -> list[Edge]:
    """REFINES edges as first written: every score recomputed from the raw texts (the reference
    ``tests/test_cascade_index.py`` checks :func:`_refines_edges` against)."""
    edges: list[Edge] = []
    for rows, body in _annex_pools(graph):
        refined: dict[str, str] = {}
        for row in rows:  # document order: a parent row comes before its children
            own = row.text
            parent_target = refined.get(row.parent_id or "")
            pools = [_subtree(parent_target, body), body] if parent_target else [body]
            choice: tuple[float, Task, str] | None = None
            for pool in pools:
                scored = [(_refines_score(row, own, b), b) for b in pool]
                score, best = max(scored, key=lambda sb: sb[0])
                if score >= REFINES_THRESHOLD:
                    choice = (score, best, "title" if fuzz.ratio(row.title, best.title) >= score * 100 else "text")
                    break
            if choice is None and parent_target:
                parent_task = graph.tasks[parent_target]
                choice = (_refines_score(row, own, parent_task), parent_task, "parent")
            if choice is None:
                continue
            score, target, method = choice
            refined[row.id] = target.id
            edges.append(Edge("REFINES", row.id, target.id, {"score": round(score, 4), "method": method}))
    return edges


class _AnnexPlan:
    """One plan's body tasks for REFINES, with each text's bare form and each subtree computed once."""

    def __init__(self, body: list[Task]) -> None:
        self.body = body
        self.bare_title = {b.id: bare_text(b.title) for b in body}
        self.bare_text = {b.id: bare_text(b.text) for b in body}
        self._position = {b.id: i for i, b in enumerate(body)}
        self._children: dict[str, list[Task]] = defaultdict(list)
        for b in body:
            if b.parent_id:
                self._children[b.parent_id].append(b)
        self._subtrees: dict[str, list[Task]] = {}

    def subtree(self, root: str) -> list[Task]:
        """``_subtree(root, body)``: the root and its descendants among the body tasks, in body order."""
        if root not in self._subtrees:
            ids, stack = {root}, [root]
            while stack:
                for child in self._children.get(stack.pop(), ()):
                    if child.id not in ids:
                        ids.add(child.id)
                        stack.append(child.id)
            self._subtrees[root] = sorted((b for b in self.body if b.id in ids), key=lambda b: self._position[b.id])
        return self._subtrees[root]

    def score(self, row_title: str, own_bare: str, b: Task) -> float:
        """``_refines_score`` on the cached bare texts."""
        title = fuzz.ratio(row_title, self.bare_title[b.id])
        text = fuzz.partial_ratio(own_bare, self.bare_text[b.id]) if len(own_bare) >= 8 else 0.0
        return max(title, text) / 100


def _refines_edges(graph: KnowledgeGraph, kept: set[str] | None = None) -> list[Edge]:
    """The same edges as :func:`exhaustive_refines`, computing each text's bare form, each
    subtree and each (row, body task) score once: the same rapidfuzz calls on the same strings.
    A plan in ``kept`` (its rows refine only its own tasks; its links are kept) is left out."""
    edges: list[Edge] = []
    for rows, body in _annex_pools(graph):
        if kept and rows[0].plan_id in kept:
            continue
        plan = _AnnexPlan(body)
        refined: dict[str, str] = {}
        for row in rows:  # document order: a parent row comes before its children
            row_title, own_bare = bare_text(row.title), bare_text(row.text)
            memo: dict[str, float] = {}
            parent_target = refined.get(row.parent_id or "")
            pools = [plan.subtree(parent_target), body] if parent_target else [body]
            choice: tuple[float, Task, str] | None = None
            for pool in pools:
                scored = []
                for b in pool:
                    if b.id not in memo:
                        memo[b.id] = plan.score(row_title, own_bare, b)
                    scored.append((memo[b.id], b))
                score, best = max(scored, key=lambda sb: sb[0])
                if score >= REFINES_THRESHOLD:
                    choice = (score, best, "title" if fuzz.ratio(row.title, best.title) >= score * 100 else "text")
                    break
            if choice is None and parent_target:
                parent_task = graph.tasks[parent_target]
                choice = (_refines_score(row, row.text, parent_task), parent_task, "parent")
            if choice is None:
                continue
            score, target, method = choice
            refined[row.id] = target.id
            edges.append(Edge("REFINES", row.id, target.id, {"score": round(score, 4), "method": method}))
    return edges


def _link_annex_rows(graph: KnowledgeGraph, kept: set[str] | None = None) -> None:
    graph.edges.extend(_refines_edges(graph, kept))


# -- indicators ------------------------------------------------------------------
def _link_indicators(graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]], kept: set[str]) -> None:
    """Metrics of every indicator; MEASURES and CASCADES_FROM of the indicators of plans not
    in ``kept``, plan by plan."""
    by_plan_metric: dict[tuple[str, str], list[str]] = defaultdict(list)
    measures: dict[str, list[Edge]] = defaultdict(list)
    for ind in sorted(graph.indicators.values(), key=lambda i: (i.plan_id, i.span.start if i.span else 0, i.id)):
        if not ind.metric:
            continue
        metric_id = f"metric:{ind.metric}"
        graph.metrics.setdefault(metric_id, Metric(metric_id, ind.metric))
        if ind.plan_id not in kept:
            measures[ind.plan_id].append(Edge("MEASURES", ind.id, metric_id))
        by_plan_metric[(ind.plan_id, ind.metric)].append(ind.id)
    cascades: dict[str, list[Edge]] = defaultdict(list)
    for (plan_id, metric), ids in by_plan_metric.items():
        if plan_id in kept:
            continue
        depth = level_depth(graph.plans[plan_id].level)
        candidates: list[tuple[int, str]] = []
        for target_id, _reason in targets.get(plan_id, []):
            if (target_id, metric) not in by_plan_metric:
                continue
            target_depth = level_depth(graph.plans[target_id].level)
            distance = (depth - target_depth) if depth is not None and target_depth is not None else 99
            candidates.append((distance, target_id))
        if not candidates:
            continue
        nearest = min(d for d, _ in candidates)
        for _d, target_id in sorted(c for c in candidates if c[0] == nearest):
            higher = by_plan_metric[(target_id, metric)]
            for ind_id in ids:
                name = graph.indicators[ind_id].name
                same_name = [h for h in higher if graph.indicators[h].name == name]
                dst = (same_name or higher)[0]
                cascades[plan_id].append(Edge("CASCADES_FROM", ind_id, dst, {"metric": metric}))
    for plan_id in sorted(measures.keys() | cascades.keys()):  # a block: MEASURES, then CASCADES_FROM
        graph.edges.extend(measures.get(plan_id, []))
        graph.edges.extend(cascades.get(plan_id, []))
