"""How long resolving every unit of the built-in corpus takes.

    .venv/bin/python bench/units.py

Prints medians of several runs on data/plans/: finding the responsibility
clauses of every document (duties), and resolving every mention, member list,
counterpart and region of the corpus (units) — with the registry's per-name cache
emptied before each run ("cold", what a load pays) and kept ("warm"). Reading
the registry YAML is timed once on its own. Documents are parsed before timing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import median_ms  # noqa: E402
from graph.model import KnowledgeGraph  # noqa: E402
from loaders.duties import attach_mentions  # noqa: E402
from loaders.pipeline import parse_document  # noqa: E402
from loaders.registry import Registry, _load  # noqa: E402
from loaders.units import resolve_units  # noqa: E402

PLANS = sorted((ROOT / "data" / "plans").glob("*.txt"))
RUNS = 9


def main() -> None:
    _load.cache_clear()
    t0 = time.perf_counter()
    reg = Registry.load()
    registry_ms = (time.perf_counter() - t0) * 1000
    docs = [parse_document(p.read_bytes(), p.name) for p in PLANS]
    graph = KnowledgeGraph()
    for doc in docs:
        graph.add_doc(doc)
    mentions = sum(len(t.mentions) for t in graph.tasks.values())
    no_decisions = Path(os.devnull)

    def duties() -> None:
        for doc in docs:
            for t in doc.tasks:
                if t.kind != "annex_row":
                    t.mentions = []
            attach_mentions(doc)

    def cold() -> None:
        reg._cache.clear()
        resolve_units(graph, no_decisions)

    duties_ms = median_ms(duties, RUNS)
    cold_ms = median_ms(cold, RUNS)
    warm_ms = median_ms(lambda: resolve_units(graph, no_decisions), RUNS)
    print(
        f"corpus: {len(docs)} documents, {len(graph.tasks)} tasks, {mentions} mentions → "
        f"{len(graph.units)} units, {sum(1 for e in graph.edges if e.type == 'MEMBER_OF')} MEMBER_OF, "
        f"{sum(1 for e in graph.edges if e.type == 'COUNTERPART_OF')} COUNTERPART_OF"
    )
    print(f"read the registry (once)        {registry_ms:8.1f} ms")
    print(f"find clauses, all documents     {duties_ms:8.1f} ms  (median of {RUNS})")
    print(f"resolve every unit, cold cache  {cold_ms:8.1f} ms  (median of {RUNS})")
    print(f"resolve every unit, warm cache  {warm_ms:8.1f} ms  (median of {RUNS})")


if __name__ == "__main__":
    main()
