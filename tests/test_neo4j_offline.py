"""What the Neo4j store does without a server: encode/decode, refusals, and connection errors.

No Neo4j server runs here, and none is faked: these tests cover the parts
that need none. The property encoding is checked by a round trip through the
maps the store sends (with ``None`` dropped, as ``SET n = $map`` does); bad
edges are refused before any connection; a real connection attempt to a
closed loopback port gives a one-line StoreError. The store's Cypher is
exercised only by the live contract tests (``-m neo4j`` with ``NEO4J_URI``).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph.errors import StoreError
from graph.model import Edge, KnowledgeGraph
from graph.stores import neo4j_codec as codec
from graph.stores import open_store
from graph.stores.neo4j_store import Neo4jStore
from tests.store_sample import SD, WH, sample_graph

PLANS_DIR = Path(__file__).resolve().parent.parent / "data" / "plans"


def _stored(props: codec.Props) -> codec.Props:
    """What Neo4j keeps of a property map: null values are not stored."""
    return {k: v for k, v in props.items() if v is not None}


def _round_trip(g: KnowledgeGraph) -> KnowledgeGraph:
    """The graph rebuilt from the property maps the store writes, the way read_graph rebuilds it."""
    units = frozenset(g.units)
    out = KnowledgeGraph()
    out.plans = {k: codec.plan_from(_stored(codec.plan_props(p, 0))) for k, p in g.plans.items()}
    out.sections = {k: codec.section_from(_stored(codec.section_props(s, 0))) for k, s in g.sections.items()}
    out.tasks = {}
    for k, t in g.tasks.items():
        linked = [
            (m.unit_id, _stored(codec.assignment_props(m, i))) for i, m in enumerate(t.mentions) if m.unit_id in units
        ]
        out.tasks[k] = codec.task_from(_stored(codec.task_props(t, 0, units)), linked)  # type: ignore[arg-type]
    out.indicators = {k: codec.indicator_from(_stored(codec.indicator_props(i, 0))) for k, i in g.indicators.items()}
    out.units = {k: codec.unit_from(_stored(codec.unit_props(u, 0))) for k, u in g.units.items()}
    out.regions = {k: codec.region_from(_stored(codec.region_props(r, 0))) for k, r in g.regions.items()}
    out.metrics = {k: codec.metric_from(_stored(codec.metric_props(m, 0))) for k, m in g.metrics.items()}
    out.edges = [codec.edge_from(e.type, e.src, e.dst, codec.edge_props(e, i)["props"]) for i, e in enumerate(g.edges)]
    return out


def _neo4j_value(value: object) -> bool:
    """A value Neo4j accepts as a property: a primitive or a list of one primitive type."""
    if isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list):
        return len({type(v) for v in value}) <= 1 and all(isinstance(v, str | int | float) for v in value)
    return False


def test_sample_graph_survives_the_property_encoding() -> None:
    g = sample_graph()
    assert _round_trip(g) == g


def test_corpus_graph_survives_the_property_encoding() -> None:
    from loaders.pipeline import build_graph, parse_document

    g = build_graph(parse_document(p.read_bytes(), p.name) for p in sorted(PLANS_DIR.glob("*.txt")))
    assert len([p for p in g.plans.values() if not p.stub]) == 5
    assert _round_trip(g) == g


def test_every_property_is_a_neo4j_value() -> None:
    g = sample_graph()
    units = frozenset(g.units)
    maps = [
        *(codec.plan_props(p, 0) for p in g.plans.values()),
        *(codec.section_props(s, 0) for s in g.sections.values()),
        *(codec.task_props(t, 0, units) for t in g.tasks.values()),
        *(codec.indicator_props(i, 0) for i in g.indicators.values()),
        *(codec.unit_props(u, 0) for u in g.units.values()),
        *(codec.region_props(r, 0) for r in g.regions.values()),
        *(codec.edge_props(e, 0) for e in g.edges),
        *(codec.assignment_props(m, 0) for t in g.tasks.values() for m in t.mentions),
    ]
    bad = [(k, v) for props in maps for k, v in props.items() if v is not None and not _neo4j_value(v)]
    assert bad == []


def test_mentions_split_into_relationships_and_loose_json() -> None:
    g = sample_graph()
    units = frozenset(g.units)
    assert codec.loose_mentions(g.tasks[f"{WH}/t/1.1"], units) is None
    loose = codec.loose_mentions(g.tasks[f"{WH}/t/1.3"], units)
    assert loose is not None and '"idx": 0' in loose and '"text": "市涉外办"' in loose
    assert codec.unit_props(g.units["unit:威海市科学技术局"], 3)["alias_text"] == "市科技局"


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_server_is_a_one_line_store_error() -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    with pytest.raises(StoreError, match=rf"^{uri}: cannot reach Neo4j \(") as info:
        Neo4jStore.from_uri(uri)
    assert "\n" not in str(info.value)
    with pytest.raises(StoreError, match="cannot reach Neo4j"):
        open_store(uri)  # bolt:// URIs are routed to the Neo4j store


def test_a_read_without_a_server_is_a_store_error() -> None:
    uri = f"neo4j://127.0.0.1:{_closed_port()}"
    driver = GraphDatabase.driver(uri, auth=("neo4j", "unused"), connection_timeout=2, max_transaction_retry_time=0.5)
    store = Neo4jStore(driver, uri=uri)
    try:
        with pytest.raises(StoreError, match=rf"^{uri}: read_plans failed"):
            store.plans()
    finally:
        driver.close()


def test_an_edge_of_unknown_shape_is_refused_before_connecting() -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    driver = GraphDatabase.driver(uri)
    store = Neo4jStore(driver, uri=uri)
    g = sample_graph()
    g.edges.append(Edge("REFINES", f"{WH}/t/1.1", "plan:none/t/9"))
    try:
        with pytest.raises(StoreError, match=r"edge REFINES .*/t/1\.1 -> plan:none/t/9: cannot be stored"):
            store.write(g, [SD, WH])
    finally:
        driver.close()


def test_batch_size_must_be_positive() -> None:
    driver = GraphDatabase.driver("bolt://127.0.0.1:7687")
    try:
        with pytest.raises(StoreError, match="batch size must be at least 1, not 0"):
            Neo4jStore(driver, batch_size=0)
    finally:
        driver.close()
