"""The cascade's indexes give exactly the links of the exhaustive comparisons.

``loaders.cascade`` finds task CASCADES_FROM candidates through an inverted index of
character bigrams (with prefix filtering, exact for the threshold), links annex
rows with cached texts, and ``loaders.plan_links`` looks up cascade targets and
cited plans by region. Each is checked here against the path that compares every
pair — kept as functions for this purpose (``exhaustive_task_links``,
``exhaustive_refines``, ``match_cited_plan``) or, for the cascade targets, the
original scan of every plan pair written out below — on the built-in corpus and
on a synthetic corpus (bench/scale.py's generator: the built-in plans moved to 12
lines of the gazetteer in three provinces, so plans of different copies cascade
into each other). Equal means the same edges, with the same properties, in the
same order.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from graph.model import Edge, KnowledgeGraph
from loaders.cascade import (
    TASK_THRESHOLD,
    candidate_task_pairs,
    exhaustive_refines,
    exhaustive_task_links,
    indexed_task_links,
    score_task_pairs,
)
from loaders.gazetteer import Gazetteer
from loaders.pipeline import build_graph, parse_document
from loaders.plan_links import (
    CascadeVocab,
    _implemented,
    _ranks_above,
    cascade_targets,
    match_cited_plan,
)

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


EVAL, SCALE = _load("cascade_eval"), _load("scale")


@pytest.fixture(scope="module")
def corpus() -> KnowledgeGraph:
    graph: KnowledgeGraph = EVAL.load_corpus()
    return graph


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    folder = tmp_path_factory.mktemp("synthetic")
    paths = SCALE.synthetic_corpus(60, folder, seed=7, provinces=3)
    return build_graph([parse_document(p.read_bytes(), p.name) for p in paths])


def _scan_every_pair(graph: KnowledgeGraph) -> dict[str, list[tuple[str, str]]]:
    """``cascade_targets`` as first written: every loaded plan against every other."""
    gaz, vocab = Gazetteer.load(), CascadeVocab.load()
    implemented = _implemented(graph)
    loaded = sorted((p for p in graph.plans.values() if not p.stub), key=lambda p: (p.source, p.id))
    out: dict[str, list[tuple[str, str]]] = {}
    for plan in loaded:
        region = gaz.get(plan.region) if plan.region else None
        above = {r.name for r in gaz.chain(region)[1:]} if region else set()
        targets: list[tuple[str, str]] = []
        for other in loaded:
            if other.id == plan.id:
                continue
            if other.id in implemented.get(plan.id, set()):
                targets.append((other.id, "implements"))
            elif plan.id in implemented.get(other.id, set()):
                continue
            elif other.region and other.region in above:
                targets.append((other.id, "region"))
            elif other.region and other.region == plan.region and _ranks_above(other, plan, vocab):
                targets.append((other.id, "same-region"))
        out[plan.id] = targets
    return out


def _edges(graph: KnowledgeGraph, etype: str, between_tasks: bool = True) -> list[Edge]:
    return [e for e in graph.edges if e.type == etype and (not between_tasks or e.src in graph.tasks)]


@pytest.fixture(params=["corpus", "synthetic"])
def graph(request: pytest.FixtureRequest) -> KnowledgeGraph:
    g: KnowledgeGraph = request.getfixturevalue(request.param)
    return g


def test_the_synthetic_corpus_links_across_copies(synthetic: KnowledgeGraph) -> None:
    """The synthetic corpus is a real test of the index: many lower plans see several higher ones."""
    loaded = [p for p in synthetic.plans.values() if not p.stub]
    assert len(loaded) == 60
    targets = cascade_targets(synthetic, Gazetteer.load(), CascadeVocab.load())
    assert max(len(t) for t in targets.values()) >= 6
    assert len(_edges(synthetic, "CASCADES_FROM")) > 1000


def test_cascade_targets_equal_the_scan_of_every_pair(graph: KnowledgeGraph) -> None:
    assert cascade_targets(graph, Gazetteer.load(), CascadeVocab.load()) == _scan_every_pair(graph)


def test_task_links_through_the_index_equal_the_exhaustive_links(graph: KnowledgeGraph) -> None:
    targets = _scan_every_pair(graph)
    exhaustive = exhaustive_task_links(graph, targets)
    assert exhaustive, "no links at all would prove nothing"
    assert indexed_task_links(graph, targets) == exhaustive
    assert _edges(graph, "CASCADES_FROM") == exhaustive  # what link_cascade wrote


def test_the_index_drops_only_pairs_below_the_threshold(graph: KnowledgeGraph) -> None:
    """Every pair scoring at least the threshold is a candidate, with the same score; fewer pairs are scored."""
    targets = _scan_every_pair(graph)
    full = score_task_pairs(graph, targets)
    reaching = {
        (lower.id, higher.id): score
        for lower, _t, _r, pairs in full
        for score, higher in pairs
        if score >= TASK_THRESHOLD
    }
    candidates = {
        (lower.id, higher.id): score
        for lower, _t, _r, pairs in candidate_task_pairs(graph, targets)
        for score, higher in pairs
    }
    assert reaching.items() <= candidates.items()
    assert sum(len(p) for *_x, p in full) > len(candidates)


def test_refines_edges_equal_the_exhaustive_ones(graph: KnowledgeGraph) -> None:
    exhaustive = exhaustive_refines(graph)
    assert exhaustive
    assert _edges(graph, "REFINES") == exhaustive


def test_cited_plans_are_the_ones_a_scan_of_every_plan_finds(graph: KnowledgeGraph) -> None:
    gaz, vocab = Gazetteer.load(), CascadeVocab.load()
    loaded = [p for p in graph.plans.values() if not p.stub]
    expected = []
    for plan in loaded:
        for cited in plan.cites:
            match = match_cited_plan(cited, [p for p in loaded if p.id != plan.id], gaz, vocab)
            if match is not None:
                expected.append((plan.id, match[0].id, round(match[1] / 100, 4)))
    got = [(e.src, e.dst, e.props["score"]) for e in graph.edges if e.type == "IMPLEMENTS" and "score" in e.props]
    assert sorted(set(got)) == sorted(set(expected))


def test_the_cap_on_region_targets_changes_nothing_on_these_corpora(graph: KnowledgeGraph) -> None:
    """No plan of the built-in or the 12-line synthetic corpus has more region-rule targets
    than the cap: the capped targets are the targets, and the links above are the uncapped ones."""
    from loaders.cascade import MAX_REGION_TARGETS, cap_targets

    targets = cascade_targets(graph, Gazetteer.load(), CascadeVocab.load())
    assert cap_targets(graph, targets) == targets
    assert max(sum(r != "implements" for _t, r in ts) for ts in targets.values()) <= MAX_REGION_TARGETS


def test_the_cap_keeps_implemented_plans_and_the_nearest_levels(synthetic: KnowledgeGraph) -> None:
    """With a cap of 2, a county plan keeps every plan it implements and the two region-rule
    targets nearest above it (the prefecture's plans before the province's), in their order."""
    from loaders.cascade import cap_targets
    from loaders.plan_links import level_depth

    targets = cascade_targets(synthetic, Gazetteer.load(), CascadeVocab.load())
    capped = cap_targets(synthetic, targets, cap=2)
    county = [pid for pid in targets if synthetic.plans[pid].level == "county"]
    assert county
    for pid in county:
        rule = [(t, r) for t, r in targets[pid] if r != "implements"]
        kept = [(t, r) for t, r in capped[pid] if r != "implements"]
        assert [t for t in capped[pid] if t[1] == "implements"] == [t for t in targets[pid] if t[1] == "implements"]
        assert len(kept) == min(2, len(rule))
        assert [t for t in targets[pid] if t in capped[pid]] == capped[pid]  # order kept
        depth = {t: level_depth(synthetic.plans[t].level) or 0 for t, _r in rule}
        nearest = sorted(depth.values(), reverse=True)[: len(kept)]
        assert sorted((depth[t] for t, _r in kept), reverse=True) == nearest
