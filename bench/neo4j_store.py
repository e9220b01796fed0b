"""How long the Neo4j paths take on the built-in corpus.

    .venv/bin/python bench/neo4j_store.py
    NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=… .venv/bin/python bench/neo4j_store.py

Always: the median time to encode the corpus graph into the property maps
the store sends, and to write the neo4j-admin bulk CSVs (with their sizes).
With ``NEO4J_URI`` set (a throwaway database: it is cleared): a first write,
a reload of the same graph (idempotent rewrite), read_graph, and one
assignments query per unit. Without it, says that the server figures were
not measured.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.bulk_csv import write_csvs  # noqa: E402
from graph.model import KnowledgeGraph  # noqa: E402
from graph.stores import neo4j_codec as codec  # noqa: E402
from loaders.pipeline import build_graph, parse_document  # noqa: E402

RUNS = 5


def _median(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _encode(g: KnowledgeGraph) -> int:
    units = frozenset(g.units)
    maps = [codec.plan_props(p, 0) for p in g.plans.values()]
    maps += [codec.section_props(s, 0) for s in g.sections.values()]
    maps += [codec.task_props(t, 0, units) for t in g.tasks.values()]
    maps += [codec.indicator_props(i, 0) for i in g.indicators.values()]
    maps += [codec.unit_props(u, 0) for u in g.units.values()]
    maps += [codec.edge_props(e, 0) for e in g.edges]
    return len(maps)


def main() -> None:
    files = sorted((ROOT / "data" / "plans").glob("*.txt"))
    g = build_graph(parse_document(p.read_bytes(), p.name) for p in files)
    plan_ids = [p.id for p in g.plans.values() if not p.stub]
    print(
        f"corpus: {len(plan_ids)} plans, {len(g.sections)} sections, {len(g.tasks)} tasks, "
        f"{len(g.indicators)} indicators, {len(g.units)} units, {len(g.edges)} edges"
    )
    print(f"encode property maps: {_median(lambda: _encode(g)) * 1000:.1f} ms (median of {RUNS})")
    with tempfile.TemporaryDirectory() as tmp:
        t = _median(lambda: write_csvs(g, tmp))
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
        print(f"bulk CSVs: {t * 1000:.1f} ms, {len(list(Path(tmp).iterdir()))} files, {size / 1e6:.2f} MB")
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        print("Neo4j: not measured (NEO4J_URI not set; no server here)")
        return
    from graph.stores.neo4j_store import Neo4jStore

    store = Neo4jStore.from_uri(uri)
    try:
        store.clear()
        start = time.perf_counter()
        store.write(g, plan_ids)
        print(f"Neo4j first write: {time.perf_counter() - start:.2f} s")
        print(f"Neo4j reload (same graph): {_median(lambda: store.write(g, plan_ids), 3):.2f} s (median of 3)")
        print(f"Neo4j read_graph: {_median(store.read_graph, 3):.2f} s (median of 3)")
        unit_ids = list(g.units)
        t = _median(lambda: [store.assignments_of_units([u]) for u in unit_ids], 3)
        print(f"Neo4j tasks of each of {len(unit_ids)} units: {t:.2f} s (median of 3)")
    finally:
        store.clear()
        store.close()


if __name__ == "__main__":
    main()
