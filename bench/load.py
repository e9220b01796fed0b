"""How long loading the built-in corpus takes, beyond interpreter start.

    .venv/bin/python bench/load.py

Prints the median of several runs of each stage on data/plans/: parsing all
documents (read → clean → outline → duties → indicators), building the graph
(units, cascade), and a full ``load`` into a fresh embedded store (including
the atomic write). Imports are done before timing; interpreter start is
measured separately by running ``plankg --help`` in a subprocess.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import median_ms  # noqa: E402
from graph.stores.networkx_store import NetworkXStore  # noqa: E402
from loaders.pipeline import build_graph, load_paths, parse_document  # noqa: E402

PLANS = sorted((ROOT / "data" / "plans").glob("*.txt"))
RUNS = 7


def main() -> None:
    blobs = [(p.read_bytes(), p.name) for p in PLANS]
    docs = [parse_document(b, n) for b, n in blobs]
    parse_ms = median_ms(lambda: [parse_document(b, n) for b, n in blobs], RUNS)
    build_ms = median_ms(lambda: build_graph([parse_document(b, n) for b, n in blobs]), RUNS)

    def full_load() -> None:
        with tempfile.TemporaryDirectory() as d:
            load_paths(PLANS, NetworkXStore(Path(d) / "g.json"))

    load_ms = median_ms(full_load, RUNS)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli.main", "--help"], cwd=ROOT, capture_output=True, check=True)
    start_ms = (time.perf_counter() - t0) * 1000
    chars = sum(len(d.plan.text) for d in docs)
    print(f"corpus: {len(docs)} documents, {chars} characters, {sum(len(d.tasks) for d in docs)} tasks")
    print(f"parse all documents      {parse_ms:8.1f} ms  (median of {RUNS})")
    print(f"parse + build graph      {build_ms:8.1f} ms")
    print(f"plankg load data/plans   {load_ms:8.1f} ms  (into a fresh store, atomic write included)")
    print(f"interpreter + CLI start  {start_ms:8.1f} ms  (plankg --help, once)")


if __name__ == "__main__":
    main()
