"""How long the bureau page takes to answer, on the built-in corpus.

    .venv/bin/python bench/app_render.py [--runs 7]

The page is driven with ``streamlit.testing.v1.AppTest`` exactly as a
coordinator uses it: open the app, type 市市场监管局, pick the region 烟台市.
Figures printed (all on a store holding data/plans/):

* warm process, new session — the median over ``--runs`` fresh sessions in
  a process that has already imported everything and opened the store, with
  Streamlit's data caches cleared before each, so every query runs;
* cold start — a fresh Python process: imports, opening the store, first
  render (median of 3 processes);
* first start — a fresh process on an EMPTY store: the app loads the corpus
  itself (with its progress bar) and then answers (one run).

The answer is checked (the page must show 烟台市市场监督管理局's task count),
so a fast wrong page cannot pass for a fast page.
"""

from __future__ import annotations

import time

T_PROCESS = time.perf_counter()  # before any import: the cold-start clock

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PLANS = ROOT / "data" / "plans"
QUERY, REGION, UNIT = "市市场监管局", "烟台市", "unit:烟台市市场监督管理局"


def _quiet() -> None:
    """AppTest runs scripts in bare mode; Streamlit says so on every run. Not news here."""
    import logging

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def _answer() -> tuple[float, str]:
    """Open the app, ask for the bureau; (seconds, the 任务总数 shown)."""
    from streamlit.testing.v1 import AppTest

    _quiet()

    t0 = time.perf_counter()
    at = AppTest.from_file(APP, default_timeout=600).run()
    at.text_input(key="bureau_query").input(QUERY).run()
    at.selectbox(key="bureau_region").select(REGION).run()
    elapsed = time.perf_counter() - t0
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="bureau_match").value == UNIT
    total = next(m.value for m in at.metric if m.label == "任务总数")
    return elapsed, total


def _child(store: str) -> None:
    """A cold process: answer once and print the figures as JSON."""
    os.environ["PLANKG_STORE"] = store
    t_imported = time.perf_counter()
    seconds, total = _answer()
    print(json.dumps({"since_start": time.perf_counter() - T_PROCESS, "render": seconds, "total": total,
                      "imports_before": t_imported - T_PROCESS}))  # fmt: skip


def _cold(store: Path, decisions: Path) -> dict[str, object]:
    env = {**os.environ, "PLANKG_STORE": str(store), "PLANKG_DECISIONS": str(decisions)}
    env.pop("NEO4J_URI", None)
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(store)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"cold run failed:\n{out.stderr}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return

    sys.path.insert(0, str(ROOT))
    import streamlit as st

    from graph.stores.networkx_store import NetworkXStore
    from loaders.pipeline import load_paths

    with tempfile.TemporaryDirectory(prefix="plankg-bench-") as tmp:
        store, decisions = Path(tmp) / "graph.json", Path(tmp) / "decisions.yaml"
        report = load_paths([PLANS], NetworkXStore(store), decisions=decisions)
        assert not report.failed, report.failed
        os.environ["PLANKG_STORE"], os.environ["PLANKG_DECISIONS"] = str(store), str(decisions)
        os.environ.pop("NEO4J_URI", None)

        _answer()  # imports and the store opened once: this process is now warm
        uncached, totals = [], set()
        for _ in range(args.runs):
            st.cache_data.clear()
            seconds, total = _answer()
            uncached.append(seconds)
            totals.add(total)

        colds = [_cold(store, decisions) for _ in range(3)]
        empty = Path(tmp) / "empty" / "graph.json"
        first = _cold(empty, decisions)

    ms = 1000.0
    print(f"bureau page on the corpus: {QUERY} + {REGION} -> 任务总数 {', '.join(sorted(totals))}")
    print(f"  warm process, new session              : median {statistics.median(uncached) * ms:7.0f} ms"
          f"  (min {min(uncached) * ms:.0f}, max {max(uncached) * ms:.0f}; {args.runs} runs)")  # fmt: skip
    cold_render = statistics.median(float(c["render"]) for c in colds)  # type: ignore[arg-type]
    cold_total = statistics.median(float(c["since_start"]) for c in colds)  # type: ignore[arg-type]
    print(f"  cold start (fresh process)             : render {cold_render * ms:7.0f} ms,"
          f" {cold_total * ms:.0f} ms since the interpreter started (median of 3)")  # fmt: skip
    print(f"  first start (empty store, loads corpus): render {float(first['render']) * ms:7.0f} ms,"  # type: ignore[arg-type]
          f" {float(first['since_start']) * ms:.0f} ms since the interpreter started")  # type: ignore[arg-type]  # fmt: skip


if __name__ == "__main__":
    main()
