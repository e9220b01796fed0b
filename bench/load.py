"""How long loading the built-in corpus takes, beyond interpreter start.

    .venv/bin/python bench/load.py

Prints the median of several runs of each stage on data/plans/: parsing all
documents (read → clean → outline → duties → indicators), building the graph
(units, cascade), and a full ``load`` into a fresh embedded store (including
the atomic write). Imports are done before timing; interpreter start is
measured separately by running ``plankg --help`` in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import median_ms  # noqa: E402
from graph.atomic import write_atomic  # noqa: E402
from graph.errors import StoreError  # noqa: E402
from graph.serialize import graph_from_dict, graph_to_dict  # noqa: E402
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
    store_figures(docs)
    chars = sum(len(d.plan.text) for d in docs)
    print(f"corpus: {len(docs)} documents, {chars} characters, {sum(len(d.tasks) for d in docs)} tasks")
    print(f"parse all documents      {parse_ms:8.1f} ms  (median of {RUNS})")
    print(f"parse + build graph      {build_ms:8.1f} ms")
    print(f"plankg load data/plans   {load_ms:8.1f} ms  (into a fresh store, atomic write included)")
    print(f"interpreter + CLI start  {start_ms:8.1f} ms  (plankg --help, once)")


def _dir_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())


def store_figures(docs: list[object]) -> None:
    """The SQLite store against the old one-file JSON store, on the corpus."""
    import json

    env = {**os.environ, "PLANKG_DECISIONS": str(ROOT / "data" / "alias_decisions.yaml")}
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        db = folder / "g.sqlite"
        fresh = median_ms(lambda: (db.unlink(missing_ok=True), load_paths(PLANS, NetworkXStore(db))), 5)
        load_paths(PLANS, NetworkXStore(db))
        repeat = median_ms(lambda: load_paths(PLANS, NetworkXStore(db)), RUNS)
        edited = folder / PLANS[0].name
        base = PLANS[0].read_text(encoding="utf-8")
        n = iter(range(1000))
        one = median_ms(
            lambda: (
                edited.write_text(base + f"\n（附）第{next(n)}次修订。\n", encoding="utf-8"),
                load_paths([edited], NetworkXStore(db)),
            ),
            5,
        )
        load_paths(PLANS, NetworkXStore(db))
        import sqlite3

        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, to measure it
        conn.close()
        size_sqlite = db.stat().st_size
        open_ms = median_ms(lambda: NetworkXStore(db).close(), RUNS)
        graph = NetworkXStore(db).read_graph()
        payload = json.dumps(graph_to_dict(graph), ensure_ascii=False, separators=(",", ":"))
        js = folder / "g.json"
        write_json = median_ms(
            lambda: write_atomic(
                js, json.dumps(graph_to_dict(graph), ensure_ascii=False, separators=(",", ":")), StoreError, ("s", "s")
            ),
            RUNS,
        )
        read_json = median_ms(lambda: graph_from_dict(json.loads(js.read_text(encoding="utf-8"))), RUNS)
        cmd = [
            sys.executable,
            "-m",
            "cli.main",
            "--store",
            str(db),
            "tasks",
            "--unit",
            "市场监管局",
            "--region",
            "荣成市",
        ]
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True, env=env)
        tasks_ms = (time.perf_counter() - t0) * 1000
    print(f"store: SQLite (WAL), {len(docs)} plans")
    print(f"  load into a fresh store       {fresh:8.1f} ms  (median of 5)")
    print(f"  repeat load (nothing changed) {repeat:8.1f} ms  (no parse, no rebuild, no write)")
    print(f"  one changed plan              {one:8.1f} ms  (that plan parsed; layer rebuilt; changed rows written)")
    print(f"  open the store                {open_ms:8.1f} ms  (records + units; no plan text decoded)")
    print(f"  plankg tasks (process)        {tasks_ms:8.1f} ms  (start to answer, once, 市场监管局 荣成市)")
    print(f"  file size                     {size_sqlite / 1024:8.1f} KB  (bodies zlib-compressed)")
    print("alternative: one JSON file (the old store)")
    print(f"  write the whole file          {write_json:8.1f} ms  (every write, whatever changed)")
    print(f"  read the whole file           {read_json:8.1f} ms  (every open, every plan decoded)")
    print(f"  file size                     {len(payload.encode()) / 1024:8.1f} KB  (without original/offset_map)")


if __name__ == "__main__":
    main()
