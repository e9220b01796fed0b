"""How long the national gazetteer takes to load and to read a text.

    .venv/bin/python bench/gazetteer.py

Prints: reading data/divisions.tsv + data/zones.yaml into the indexes (median of
several cold loads, the cache cleared before each), what importing and loading the
gazetteer adds to a fresh process start (a child ``python -c`` with and without it,
median of several), and ``mentions`` / ``prefixes`` over the built-in corpus.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import median_ms  # noqa: E402
from loaders.gazetteer import Gazetteer, _load  # noqa: E402

RUNS = 9


def _cold() -> None:
    _load.cache_clear()
    Gazetteer.load()


def _process_ms(code: str) -> float:
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def main() -> None:
    load = median_ms(_cold, RUNS)
    gaz = Gazetteer.load()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "plans").glob("*.txt"))]
    chars = sum(len(t) for t in texts)
    scan = median_ms(lambda: [gaz.mentions(t) for t in texts], RUNS)
    lines = [ln for t in texts for ln in t.splitlines() if ln]
    prefix = median_ms(lambda: [gaz.prefixes(ln) for ln in lines], RUNS)
    base = _process_ms("import graph.model, yaml")
    with_gaz = _process_ms("import graph.model, yaml; from loaders.gazetteer import Gazetteer; Gazetteer.load()")
    print(f"regions: {len(gaz.regions)}  forms indexed: {len(gaz.forms)}")
    print(f"gazetteer load (cold, median of {RUNS}): {load:.1f} ms")
    print(f"process start added by import + load: {with_gaz - base:.1f} ms ({base:.0f} → {with_gaz:.0f} ms)")
    print(f"mentions over the corpus ({chars} characters): {scan:.1f} ms")
    print(f"prefixes of every corpus line ({len(lines)} lines): {prefix:.1f} ms")


if __name__ == "__main__":
    main()
