"""Precision and recall of task CASCADES_FROM links against the hand-made true links.

    .venv/bin/python bench/cascade_eval.py            # figures for the shipped thresholds
    .venv/bin/python bench/cascade_eval.py --sweep    # … and for other thresholds
    .venv/bin/python bench/cascade_eval.py --details  # … and every false link / missed link

The corpus (data/plans) goes through the real pipeline (parse_document,
build_graph); links are compared as (source file, path) → (source file, path)
with tests/golden/cascade_true_links.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.model import Edge, KnowledgeGraph  # noqa: E402
from loaders.cascade import TASK_RELATIVE, TASK_THRESHOLD, score_task_pairs, select_task_links  # noqa: E402
from loaders.gazetteer import Gazetteer  # noqa: E402
from loaders.pipeline import build_graph, expand_paths, parse_document  # noqa: E402
from loaders.plan_links import CascadeVocab, cascade_targets  # noqa: E402

GOLD = ROOT / "tests" / "golden" / "cascade_true_links.json"
CORPUS = ROOT / "data" / "plans"

Link = tuple[tuple[str, str], tuple[str, str]]


@dataclass(frozen=True)
class Counts:
    """True positives, false positives, false negatives, and the links behind them."""

    tp: int
    fp: int
    fn: int
    false_links: frozenset[Link]
    missed_links: frozenset[Link]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def load_corpus(folder: Path = CORPUS) -> KnowledgeGraph:
    """The built-in corpus as one graph, through the real pipeline."""
    docs = [parse_document(p.read_bytes(), p.name) for p in expand_paths([folder])]
    return build_graph(docs)


def true_links(path: Path = GOLD) -> set[Link]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(tuple(x["from"]), tuple(x["to"])) for x in data["links"]}


def task_links(graph: KnowledgeGraph, edges: list[Edge] | None = None) -> set[Link]:
    """CASCADES_FROM edges between tasks, as (source, path) pairs."""
    out: set[Link] = set()
    for e in graph.edges if edges is None else edges:
        if e.type != "CASCADES_FROM" or e.src not in graph.tasks or e.dst not in graph.tasks:
            continue
        lo, hi = graph.tasks[e.src], graph.tasks[e.dst]
        out.add(((graph.plans[lo.plan_id].source, lo.path), (graph.plans[hi.plan_id].source, hi.path)))
    return out


def evaluate(produced: set[Link], truth: set[Link]) -> Counts:
    return Counts(
        tp=len(produced & truth),
        fp=len(produced - truth),
        fn=len(truth - produced),
        false_links=frozenset(produced - truth),
        missed_links=frozenset(truth - produced),
    )


def _line(label: str, c: Counts) -> str:
    return f"{label:<28} TP {c.tp:3d}  FP {c.fp:3d}  FN {c.fn:3d}  precision {c.precision:.3f}  recall {c.recall:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sweep", action="store_true", help="also print other thresholds")
    parser.add_argument("--details", action="store_true", help="list false and missed links")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    graph = load_corpus()
    elapsed = time.perf_counter() - started
    truth = true_links()
    counts = evaluate(task_links(graph), truth)
    print(
        f"corpus: {sum(1 for p in graph.plans.values() if not p.stub)} plans, {len(graph.tasks)} tasks; "
        f"true links: {len(truth)}; load+link {elapsed:.2f} s"
    )
    print(_line(f"threshold {TASK_THRESHOLD} rel {TASK_RELATIVE}", counts))
    if args.sweep:
        scored = score_task_pairs(graph, cascade_targets(graph, Gazetteer.load(), CascadeVocab.load()))
        for threshold in (0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.20):
            for relative in (1.0, 0.9, 0.8, 0.7):
                c = evaluate(task_links(graph, select_task_links(scored, threshold, relative)), truth)
                print(_line(f"threshold {threshold:.2f} rel {relative:.1f}", c))
    if args.details:
        names = {(graph.plans[t.plan_id].source, t.path): t.title for t in graph.tasks.values()}
        for label, links in (("false", counts.false_links), ("missed", counts.missed_links)):
            for lo, hi in sorted(links):
                print(
                    f"{label:6} {lo[0][:3]} {lo[1]:6} {names.get(lo, '?')[:24]:<24} -> "
                    f"{hi[0][:3]} {hi[1]:6} {names.get(hi, '?')[:24]}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
