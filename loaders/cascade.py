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

from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz

from graph.model import Edge, KnowledgeGraph, Metric, Task
from loaders.gazetteer import Gazetteer
from loaders.plan_links import CascadeVocab, cascade_targets, level_depth, link_citations, place_in_regions
from loaders.similarity import TextIndex, bare_text

__all__ = [
    "REFINES_THRESHOLD",
    "TASK_RELATIVE",
    "TASK_THRESHOLD",
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
    _link_tasks(graph, targets)
    _link_annex_rows(graph)
    _link_indicators(graph, targets)


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


def score_task_pairs(
    graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]]
) -> list[tuple[Task, str, str, list[tuple[float, Task]]]]:
    """Every (lower task, target plan, reason, [(score, higher task)…]) the rules allow."""
    body = [t for t in graph.tasks.values() if t.kind != "annex_row" and t.plan_id in targets]
    body.sort(key=lambda t: (t.plan_id, t.span.start))
    index = TextIndex({t.id: t.text for t in body})
    by_plan: dict[str, list[Task]] = defaultdict(list)
    for t in body:
        by_plan[t.plan_id].append(t)
    out: list[tuple[Task, str, str, list[tuple[float, Task]]]] = []
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


def select_task_links(
    scored: list[tuple[Task, str, str, list[tuple[float, Task]]]],
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


def _link_tasks(graph: KnowledgeGraph, targets: dict[str, list[tuple[str, str]]]) -> None:
    graph.edges.extend(select_task_links(score_task_pairs(graph, targets)))


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


def _link_annex_rows(graph: KnowledgeGraph) -> None:
    rows_by_plan: dict[str, list[Task]] = defaultdict(list)
    body_by_plan: dict[str, list[Task]] = defaultdict(list)
    for t in sorted(graph.tasks.values(), key=lambda t: t.span.start):
        (rows_by_plan if t.kind == "annex_row" else body_by_plan)[t.plan_id].append(t)
    for plan_id, rows in rows_by_plan.items():
        body = body_by_plan.get(plan_id, [])
        if not body:
            continue
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
            graph.edges.append(Edge("REFINES", row.id, target.id, {"score": round(score, 4), "method": method}))


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
