"""Links between levels: plan IMPLEMENTS plan, task/indicator CASCADES_FROM, REFINES (stage: cascade).

Rules (docs/cascade.md gives the measured precision and recall):

* Plans: IMPLEMENTS each cited plan (a stub when not loaded), IN_REGION their
  region, regions PART_OF their parent (``loaders.plan_links``).
* Tasks: a body task (not an annex row) of plan P CASCADES_FROM a task of a
  plan Q that P may cascade to (``plan_links.cascade_targets``) when their
  texts are similar: IDF-weighted character-bigram cosine (``TextIndex``) at
  least ``TASK_THRESHOLD``, keeping per (task, Q) the best candidate and any
  within ``TASK_RELATIVE`` of it (a city task often carries out two or three
  of the province's). Safeguards (保障措施) only cascade from safeguards, and
  work tasks only from work tasks.
* Annex rows: each REFINES the body task of its own plan with the same or
  near-same title or text (rapidfuzz), looked for first under the body task
  its parent row refines.
* Indicators: MEASURES their metric; CASCADES_FROM the indicator of the same
  metric in the nearest plan above that has it.

The stage is idempotent: it first drops what an earlier run derived.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from rapidfuzz import fuzz

from graph.model import Edge, KnowledgeGraph, Metric, Task
from loaders.gazetteer import Gazetteer
from loaders.plan_links import CascadeVocab, cascade_targets, level_depth, link_citations, place_in_regions
from loaders.similarity import TextIndex, _bigrams, bare_text

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
    "link_cascade",
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


def link_cascade(graph: KnowledgeGraph, gazetteer: Gazetteer | None = None, vocabulary: Path | None = None) -> None:
    """Add stub plans, regions, metrics, and IMPLEMENTS / IN_REGION (plans) / PART_OF /
    CASCADES_FROM / REFINES / MEASURES edges."""
    gaz = gazetteer or Gazetteer.load()
    vocab = CascadeVocab.load(vocabulary)
    _drop_derived(graph)
    place_in_regions(graph, gaz)
    link_citations(graph, gaz, vocab)
    targets = cascade_targets(graph, gaz, vocab)
    _link_tasks(graph, cap_targets(graph, targets))
    _link_annex_rows(graph)
    _link_indicators(graph, targets)


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

#: Slack on the candidate bounds, far above float rounding: a pair is only ever
#: left out when its score is certainly below the threshold.
_EPS = 1e-9


def _body_tasks(graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]]) -> list[Task]:
    body = [t for t in graph.tasks.values() if t.kind != "annex_row" and t.plan_id in targets]
    body.sort(key=lambda t: (t.plan_id, t.span.start))
    return body


def score_task_pairs(graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]]) -> ScoredPairs:
    """Every (lower task, target plan, reason, [(score, higher task)…]) the rules allow.

    The exhaustive path: every lower task against every task of every target plan.
    ``bench/cascade_eval.py --sweep`` uses it (thresholds below the shipped one), and
    ``tests/test_cascade_index.py`` checks the indexed path against it.
    """
    body = _body_tasks(graph, targets)
    index = TextIndex({t.id: t.text for t in body})
    by_plan: dict[str, list[Task]] = defaultdict(list)
    for t in body:
        by_plan[t.plan_id].append(t)
    out: ScoredPairs = []
    for plan_id, plan_targets in targets.items():
        for lower in by_plan.get(plan_id, []):
            for target_id, reason in plan_targets:
                scored = [
                    (index.score(lower.id, higher.id), higher)
                    for higher in by_plan.get(target_id, [])
                    if _compatible(lower, higher)
                ]
                if scored:
                    out.append((lower, target_id, reason, scored))
    return out


class _Vectors(TextIndex):
    """The scorer's own IDF-weighted vectors, for the candidate index (same numbers, one computation).

    Built as ``TextIndex`` builds them — the same operations in the same order, so the same
    floats — but with each bigram one string object shared by every vector that has it
    (a vector per task would otherwise hold its own copy of every key: at 40 000 tasks,
    some 400 MB of two-character strings)."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        shared: dict[str, str] = {}
        grams = {key: Counter(shared.setdefault(g, g) for g in _bigrams(text)) for key, text in texts.items()}
        df: Counter[str] = Counter()
        for counts in grams.values():
            df.update(counts.keys())
        n = len(grams)
        idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self._vectors: dict[str, dict[str, float]] = {}
        for key in list(grams):
            counts = grams.pop(key)
            vec = {g: k * idf[g] for g, k in counts.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self._vectors[key] = {g: v / norm for g, v in vec.items()}

    def vector(self, key: str) -> dict[str, float]:
        return self._vectors.get(key, {})


class _CandidateIndex:
    """An inverted index of the higher tasks' character bigrams, per plan, with prefix filtering.

    Exact for a score threshold ``t``: the cosine of two unit vectors is the sum, over
    the bigrams they share, of the products of their weights. Each indexed task y
    leaves out of its postings its commonest bigrams S (highest document frequency
    first) as long as their largest possible contribution to any cosine,
    ``bound(S) = min(|y_S|, Σ_S y_g·max_g)`` (Cauchy–Schwarz; ``max_g`` the largest
    weight g has in any lower task's vector), stays below ``t``: a pair sharing only bigrams of S
    scores below ``t``, so every pair scoring at least ``t`` shares an indexed bigram
    and is met in the postings. While probing, the indexed part of the dot product
    is summed; a candidate whose partial sum plus ``bound(S)`` is still below ``t``
    is dropped, the others get the share of S added (a few bigrams), and those whose
    dot product reaches ``t`` (less a slack far above float rounding) are scored by
    the existing scorer (``TextIndex.score``), which gives the score the links carry.
    The commonest bigrams of the field (知识, 产权 …) carry little weight, so they are
    the ones left out, and they are exactly the ones with the longest postings.
    """

    def __init__(
        self,
        vectors: _Vectors,
        queries: Iterable[Task],
        tasks: Iterable[Task],
        region_of: dict[str, str],
        threshold: float,
    ) -> None:
        tasks = list(tasks)
        vecs = {t.id: vectors.vector(t.id) for t in tasks}
        df: dict[str, int] = defaultdict(int)
        for vec in vecs.values():
            for g in vec:
                df[g] += 1
        top: dict[str, float] = defaultdict(float)  # the largest weight of a bigram in any lower task
        for q in queries:
            for g, w in vectors.vector(q.id).items():
                if w > top[g]:
                    top[g] = w
        self.threshold = threshold
        #: plan → bigram → ([task…], [weight…]) (two lists: a tuple per entry would cost 64 bytes)
        self.postings: dict[str, dict[str, tuple[list[Task], list[float]]]] = defaultdict(dict)
        self.rest: dict[str, float] = {}  # task id → bound of what its unindexed bigrams can add
        self.unindexed: dict[str, list[tuple[str, float]]] = {}  # task id → its bigrams left out, weights
        for t in tasks:
            vec = vecs[t.id]
            grams = sorted(vec, key=lambda g: (-df[g], g))
            sq = lin = 0.0
            cut = 0
            for g in grams:
                w = vec[g]
                nsq, nlin = sq + w * w, lin + w * top[g]
                if min(math.sqrt(nsq), nlin) >= threshold - _EPS:
                    break
                sq, lin, cut = nsq, nlin, cut + 1
            self.rest[t.id] = min(math.sqrt(sq), lin)
            self.unindexed[t.id] = [(g, vec[g]) for g in grams[:cut]]
            index = self.postings[region_of[t.plan_id]]
            for g in grams[cut:]:
                entry = index.get(g)
                if entry is None:
                    entry = index[g] = ([], [])
                entry[0].append(t)
                entry[1].append(vec[g])

    def candidates(self, lower_vec: dict[str, float], regions: Iterable[str], plans: set[str]) -> dict[str, float]:
        """Higher task id → its dot product with ``lower_vec``, for the tasks of ``plans`` in
        ``regions`` that reach the threshold (within the slack)."""
        acc: dict[str, float] = defaultdict(float)
        for region in regions:
            index = self.postings.get(region)
            if index is None:
                continue
            for g, w in lower_vec.items():
                entry = index.get(g)
                if entry is None:
                    continue
                for higher, hw in zip(*entry, strict=True):
                    if higher.plan_id in plans:
                        acc[higher.id] += w * hw
        floor = self.threshold - _EPS
        out: dict[str, float] = {}
        for tid, part in acc.items():
            if part + self.rest[tid] < floor:
                continue
            # the left-out bigrams' share, exactly: the full dot product (in another summation order
            # than the scorer's, hence the slack) decides, and the scorer then gives the score
            full = part + sum(lower_vec.get(g, 0.0) * w for g, w in self.unindexed[tid])
            if full >= floor:
                out[tid] = full
        return out


def candidate_task_pairs(
    graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]], threshold: float = TASK_THRESHOLD
) -> ScoredPairs:
    """Like :func:`score_task_pairs`, but each list holds only the higher tasks that may score at
    least ``threshold`` (found through :class:`_CandidateIndex`, scored by the same scorer, in
    the same order). ``select_task_links`` with that threshold (or a higher one) gives exactly
    the links of the exhaustive lists: a link needs a score ≥ threshold, and when the best
    candidate is below it there is no link either way."""
    body = _body_tasks(graph, targets)
    vectors = _Vectors({t.id: t.text for t in body})
    by_plan: dict[str, list[Task]] = defaultdict(list)
    for t in body:
        by_plan[t.plan_id].append(t)
    # postings per higher plan: a lower task probes only the plans it may cascade from, so the
    # work grows with the (capped) targets, not with every plan of the region line
    region_of = {pid: pid for pid in targets}
    higher_plans = {target_id for plan_targets in targets.values() for target_id, _ in plan_targets}
    lower_plans = {plan_id for plan_id, plan_targets in targets.items() if plan_targets}
    index = _CandidateIndex(
        vectors,
        (t for t in body if t.plan_id in lower_plans),
        (t for t in body if t.plan_id in higher_plans),
        region_of,
        threshold,
    )
    position = {t.id: i for i, t in enumerate(body)}
    out: ScoredPairs = []
    for plan_id, plan_targets in targets.items():
        if not plan_targets:
            continue
        plans = {target_id for target_id, _ in plan_targets}
        regions = sorted({region_of[target_id] for target_id in plans})
        for lower in by_plan.get(plan_id, []):
            found = index.candidates(vectors.vector(lower.id), regions, plans)
            grouped: dict[str, list[tuple[float, Task]]] = defaultdict(list)
            for tid in sorted(found, key=position.__getitem__):  # the exhaustive lists' order
                higher = graph.tasks[tid]
                if _compatible(lower, higher):
                    grouped[higher.plan_id].append((vectors.score(lower.id, tid), higher))
            for target_id, reason in plan_targets:
                if grouped.get(target_id):
                    out.append((lower, target_id, reason, grouped[target_id]))
    return out


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
    graph.edges.extend(indexed_task_links(graph, targets))


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


def _refines_edges(graph: KnowledgeGraph) -> list[Edge]:
    """The same edges as :func:`exhaustive_refines`, computing each text's bare form, each
    subtree and each (row, body task) score once: the same rapidfuzz calls on the same strings."""
    edges: list[Edge] = []
    for rows, body in _annex_pools(graph):
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


def _link_annex_rows(graph: KnowledgeGraph) -> None:
    graph.edges.extend(_refines_edges(graph))


# -- indicators ------------------------------------------------------------------
def _link_indicators(graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]]) -> None:
    by_plan_metric: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ind in sorted(graph.indicators.values(), key=lambda i: (i.plan_id, i.span.start if i.span else 0, i.id)):
        if not ind.metric:
            continue
        metric_id = f"metric:{ind.metric}"
        graph.metrics.setdefault(metric_id, Metric(metric_id, ind.metric))
        graph.edges.append(Edge("MEASURES", ind.id, metric_id))
        by_plan_metric[(ind.plan_id, ind.metric)].append(ind.id)
    for (plan_id, metric), ids in by_plan_metric.items():
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
                graph.edges.append(Edge("CASCADES_FROM", ind_id, dst, {"metric": metric}))
