"""One contract for every store: the same graph gives the same answers.

Each test runs against the embedded store (NetworkX over a SQLite file under
tmp_path) and against Neo4j when ``NEO4J_URI`` is set (with ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``); without it the Neo4j cases are
skipped, saying so. The Neo4j cases CLEAR plankg's labels in the target
database: point them at a throwaway server or database.

The expected answers were worked out by hand from ``tests/store_sample.py``
(two plans of two regions, a group with members, a loose mention, task and
indicator cascades, a stub). The corpus test loads data/plans through the
real pipeline and checks that the file store answers the same after being
reopened, and that Neo4j answers like it when a server is there.
"""

from __future__ import annotations

import copy
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from graph.model import Alias, KnowledgeGraph
from graph.owners import ordered
from graph.rows import Assignment, CascadeLink, IndicatorRow, OutlineRow
from graph.stores.base import GraphStore
from graph.stores.networkx_store import NetworkXStore
from tests.store_sample import (
    SD,
    SD_TITLE,
    STUB,
    U_SD_AMR,
    U_WH_AMR,
    U_WH_GROUP,
    U_WH_SCI,
    WH,
    WH2,
    WH_TITLE,
    sample_graph,
    sample_graph_v2,
)

NO_SERVER = "NEO4J_URI not set: no Neo4j server to test against"
PLANS_DIR = Path(__file__).resolve().parent.parent / "data" / "plans"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"

Opener = Callable[[], GraphStore]


def _kept(g: KnowledgeGraph) -> KnowledgeGraph:
    """``g`` as a store keeps it: ``Plan.original`` and ``Plan.offset_map`` are read by nothing
    after the parse, so the embedded store does not persist them (docs/store.md); its edges in
    blocks (``graph.owners``: the embedded store's order, each block in the order written)."""
    out = copy.copy(g)
    out.plans = {pid: replace(p, original="", offset_map=[]) for pid, p in g.plans.items()}
    out.edges = ordered(g.edges)
    return out


def _neo4j_opener() -> Opener:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip(NO_SERVER)
    from graph.stores.neo4j_store import Neo4jStore

    return lambda: Neo4jStore.from_uri(uri)


@pytest.fixture(params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens the store under test at one fixed place (called again to reopen it)."""
    if request.param == "networkx":
        path = tmp_path / "graph.sqlite"
        yield lambda: NetworkXStore(path)
        return
    open_neo4j = _neo4j_opener()
    store = open_neo4j()
    store.clear()
    store.close()
    yield open_neo4j
    store = open_neo4j()
    store.clear()
    store.close()


@pytest.fixture
def loaded(opener: Opener) -> Iterator[GraphStore]:
    """The store holding the sample graph."""
    store = opener()
    g = sample_graph()
    store.write(g, [SD, WH])
    yield store
    store.close()


def _a(
    plan: str,
    path: str,
    unit_id: str,
    unit: str,
    short: str,
    role: str,
    order: int,
    via: str = "",
) -> tuple[object, ...]:
    return (plan, path, unit_id, unit, short, role, order, via)


def _key(rows: list[Assignment]) -> list[tuple[object, ...]]:
    return [(r.plan_id, r.path, r.unit_id, r.unit, r.unit_short, r.role, r.order, r.via_group) for r in rows]


# -- load -------------------------------------------------------------------
def test_plans_are_ordered_by_level_and_carry_no_text(loaded: GraphStore) -> None:
    plans = loaded.plans()
    assert [(p.id, p.level, p.stub) for p in plans] == [
        (STUB, "national", True),
        (SD, "province", False),
        (WH, "prefecture", False),
    ]
    wh = plans[2]
    assert (wh.title, wh.source, wh.doc_no, wh.issued_on, wh.period_start, wh.period_end) == (
        WH_TITLE,
        "wh.txt",
        "威政办字〔2022〕7号",
        "2022-03-01",
        2022,
        2025,
    )
    assert wh.cites == [SD_TITLE]
    assert (wh.text, wh.original, wh.offset_map) == ("", "", [])


def test_read_graph_gives_back_the_written_graph(loaded: GraphStore) -> None:
    assert _kept(loaded.read_graph()) == _kept(sample_graph())


def test_plan_outline_in_document_order_with_unit_names(loaded: GraphStore) -> None:
    assert loaded.outline(WH) == [
        OutlineRow(f"{WH}/s/", "", "section", "", 1, (), 0, 142),
        OutlineRow(f"{WH}/s/1", "1", "section", "重点任务", 2, (), 12, 142),
        OutlineRow(
            f"{WH}/t/1.1", "1.1", "task", "强化知识产权创造", 3, ("威海市市场监督管理局", "威海市科学技术局"), 19, 62
        ),
        OutlineRow(
            f"{WH}/t/1.2", "1.2", "task", "推进知识产权战略实施", 3, ("威海市知识产权战略实施工作专项小组",), 62, 90
        ),
        OutlineRow(f"{WH}/t/1.3", "1.3", "task", "强化海外维权", 3, ("市涉外办",), 90, 112),
    ]
    assert [r.path for r in loaded.outline(SD)] == ["", "1", "2", "2.1", "2.2"]
    assert loaded.outline("plan:none") == []


def test_units_ordered_by_name_with_aliases(loaded: GraphStore) -> None:
    units = loaded.units()
    assert [u.name for u in units] == [
        "威海市市场监督管理局",
        "威海市知识产权战略实施工作专项小组",
        "威海市科学技术局",
        "山东省市场监督管理局",
        "山东省科学技术厅",
    ]
    sci = next(u for u in units if u.id == U_WH_SCI)
    assert sci.aliases == [Alias("市科技局", "wh.txt", "fuzzy", 0.91)]
    assert (sci.region, sci.level, sci.short) == ("威海市", "prefecture", "市科技局")
    assert next(u for u in units if u.id == U_WH_GROUP).category == "group"


# -- tasks of a unit ------------------------------------------------------------
def test_tasks_of_a_unit_direct_and_via_its_group(loaded: GraphStore) -> None:
    rows = loaded.assignments_of_units([U_WH_AMR])
    assert _key(rows) == [
        _a(WH, "1.1", U_WH_AMR, "威海市市场监督管理局", "市市场监管局", "lead", 1),
        _a(
            WH,
            "1.2",
            U_WH_AMR,
            "威海市市场监督管理局",
            "专项小组各成员单位",
            "responsible",
            1,
            "威海市知识产权战略实施工作专项小组",
        ),
    ]
    first = rows[0]
    assert (first.source, first.plan_title, first.period_start, first.period_end, first.kind) == (
        "wh.txt",
        WH_TITLE,
        2022,
        2025,
        "task",
    )
    assert first.quote == "（一）强化知识产权创造。开展专利导航。（牵头单位：市市场监管局；配合单位：市科技局）"
    assert first.unit_region == "威海市"


def test_tasks_of_a_unit_without_groups(loaded: GraphStore) -> None:
    assert _key(loaded.assignments_of_units([U_WH_AMR], via_groups=False)) == [
        _a(WH, "1.1", U_WH_AMR, "威海市市场监督管理局", "市市场监管局", "lead", 1),
    ]


def test_tasks_of_several_units_province_first_ties_in_asked_order(loaded: GraphStore) -> None:
    group = "威海市知识产权战略实施工作专项小组"
    assert _key(loaded.assignments_of_units([U_WH_SCI, U_SD_AMR, U_WH_AMR])) == [
        _a(SD, "2.1", U_SD_AMR, "山东省市场监督管理局", "省市场监管局", "responsible", 1),
        _a(WH, "1.1", U_WH_AMR, "威海市市场监督管理局", "市市场监管局", "lead", 1),
        _a(WH, "1.1", U_WH_SCI, "威海市科学技术局", "市科技局", "support", 2),
        _a(WH, "1.2", U_WH_SCI, "威海市科学技术局", "专项小组各成员单位", "responsible", 1, group),
        _a(WH, "1.2", U_WH_AMR, "威海市市场监督管理局", "专项小组各成员单位", "responsible", 1, group),
    ]
    assert loaded.assignments_of_units(["unit:nobody"]) == []


def test_assignments_of_a_plan_keep_empty_and_loose_rows(loaded: GraphStore) -> None:
    assert _key(loaded.assignments_of_plan(SD)) == [
        _a(SD, "2.1", U_SD_AMR, "山东省市场监督管理局", "省市场监管局", "responsible", 1),
        _a(SD, "2.1", "unit:山东省科学技术厅", "山东省科学技术厅", "省科技厅", "responsible", 2),
        _a(SD, "2.2", "", "", "", "", 0),
    ]
    rows = loaded.assignments_of_plan(WH)
    assert _key(rows) == [
        _a(WH, "1.1", U_WH_AMR, "威海市市场监督管理局", "市市场监管局", "lead", 1),
        _a(WH, "1.1", U_WH_SCI, "威海市科学技术局", "市科技局", "support", 2),
        _a(WH, "1.2", U_WH_GROUP, "威海市知识产权战略实施工作专项小组", "专项小组各成员单位", "responsible", 1),
        _a(WH, "1.3", "", "市涉外办", "市涉外办", "responsible", 1),
    ]
    assert rows[3].unit_region == ""


# -- indicators -----------------------------------------------------------------
def test_indicators_across_levels(loaded: GraphStore) -> None:
    rows = loaded.indicators()
    assert rows == loaded.indicators("每万人口高价值发明专利拥有量")
    assert rows[0] == IndicatorRow(
        id=f"{SD}/i/1",
        source="sd.txt",
        plan_id=SD,
        plan_title=SD_TITLE,
        region="山东省",
        level="province",
        name="每万人口高价值发明专利拥有量",
        metric="每万人口高价值发明专利拥有量",
        baseline=None,
        baseline_year=None,
        target="12",
        target_year=2025,
        comparator="=",
        measure_unit="件",
        nature="预期性",
        flag=None,
        quote="到2025年，每万人口高价值发明专利拥有量达到12件。",
    )
    assert [(r.id, r.region, r.target, r.nature) for r in rows] == [
        (f"{SD}/i/1", "山东省", "12", "预期性"),
        (f"{WH}/i/1", "威海市", "10.2", None),
    ]
    assert loaded.indicators("万人发明专利拥有量") == []
    assert loaded.indicator(f"{WH}/i/1") == sample_graph().indicators[f"{WH}/i/1"]
    assert loaded.indicator("plan:none/i/1") is None


# -- cascade ------------------------------------------------------------------------
def test_cascade_of_tasks_up_and_down(loaded: GraphStore) -> None:
    assert loaded.cascade(f"{WH}/t/1.1") == [
        CascadeLink(
            "CASCADES_FROM",
            "up",
            f"{SD}/t/2.1",
            SD,
            SD_TITLE,
            "2.1",
            "强化知识产权创造",
            0.82,
            ("山东省市场监督管理局", "山东省科学技术厅"),
        )
    ]
    assert loaded.cascade(f"{SD}/t/2.1") == [
        CascadeLink(
            "CASCADES_FROM",
            "down",
            f"{WH}/t/1.1",
            WH,
            WH_TITLE,
            "1.1",
            "强化知识产权创造",
            0.82,
            ("威海市市场监督管理局", "威海市科学技术局"),
        )
    ]


def test_cascade_of_plans_and_indicators(loaded: GraphStore) -> None:
    stub_title = "知识产权强国建设纲要（2021—2035年）"
    assert loaded.cascade(SD) == [
        CascadeLink("IMPLEMENTS", "up", STUB, STUB, stub_title, "", stub_title, None, ()),
        CascadeLink("IMPLEMENTS", "down", WH, WH, WH_TITLE, "", WH_TITLE, None, ()),
    ]
    assert loaded.cascade(f"{WH}/i/1") == [
        CascadeLink("CASCADES_FROM", "up", f"{SD}/i/1", SD, SD_TITLE, "", "每万人口高价值发明专利拥有量", None, ())
    ]
    assert loaded.cascade(U_WH_AMR) == []
    assert loaded.cascade("plan:none") == []


def test_task_text_quotes_the_source(loaded: GraphStore) -> None:
    assert loaded.task_text(f"{WH}/t/1.3") == (WH_TITLE, "（三）强化海外维权。（责任单位：市涉外办）")
    assert loaded.task_text("plan:none/t/1") is None


# -- reload and replace -------------------------------------------------------------
def _answers(store: GraphStore, graph: KnowledgeGraph) -> dict[str, object]:
    """Every query's answer for every node of ``graph`` (to compare two stores or two times)."""
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
    }


def test_reload_is_idempotent(opener: Opener) -> None:
    store = opener()
    g = sample_graph()
    store.write(g, [SD, WH])
    first = _answers(store, g)
    store.write(sample_graph(), [SD, WH])
    assert _answers(store, g) == first
    store.write(sample_graph(), [])
    assert _answers(store, g) == first
    store.close()
    reopened = opener()
    assert _answers(reopened, g) == first
    assert _kept(reopened.read_graph()) == _kept(g)
    reopened.close()


def test_replacing_a_changed_plan(loaded: GraphStore, opener: Opener) -> None:
    v2 = sample_graph_v2()
    loaded.write(v2, [WH2], [WH])
    for store in (loaded, opener()):
        assert [p.id for p in store.plans()] == [STUB, SD, WH2]
        assert store.outline(WH) == []
        assert store.assignments_of_plan(WH) == []
        assert store.task_text(f"{WH}/t/1.3") is None
        assert [(r.path, r.unit) for r in store.assignments_of_plan(WH2)] == [
            ("1.1", "威海市市场监督管理局"),
            ("1.1", "威海市科学技术局"),
            ("1.2", "威海市知识产权战略实施工作专项小组"),
        ]
        assert [(c.direction, c.node_id) for c in store.cascade(SD)] == [("up", STUB), ("down", WH2)]
        assert [r.plan_id for r in store.indicators()] == [SD, WH2]
        assert _kept(store.read_graph()) == _kept(v2)


def test_clear_empties_the_store(loaded: GraphStore) -> None:
    loaded.clear()
    assert loaded.plans() == []
    assert loaded.units() == []
    assert loaded.read_graph() == KnowledgeGraph()


# -- the corpus ------------------------------------------------------------------------
def _golden_task_kinds() -> Counter[str]:
    """Tasks by kind as the hand-checked golden files list them: every non-section line of
    the outline files (body tasks, projects, safeguards, boxes, box items) and every row of
    烟台's annexed table."""
    kinds: Counter[str] = Counter()
    for path in sorted(GOLDEN_DIR.glob("outline/*.json")):
        outline = json.loads(path.read_text(encoding="utf-8"))["outline"]
        kinds.update(kind for kind in (line.split(" ")[1] for line in outline) if kind != "section")
    kinds["annex_row"] = len(json.loads((GOLDEN_DIR / "annex_003.json").read_text(encoding="utf-8"))["rows"])
    return kinds


@pytest.fixture(scope="module")
def corpus_graph() -> KnowledgeGraph:
    from loaders.pipeline import build_graph, parse_document

    docs = [parse_document(p.read_bytes(), p.name) for p in sorted(PLANS_DIR.glob("*.txt"))]
    return build_graph(docs)


def test_corpus_round_trip_through_the_file_store(corpus_graph: KnowledgeGraph, tmp_path: Path) -> None:
    plans = [p for p in corpus_graph.plans.values() if not p.stub]
    assert len(plans) == 5
    kinds = _golden_task_kinds()
    assert (sum(kinds.values()), kinds["annex_row"]) == (205, 54)  # 151 in the five bodies, 54 table rows
    assert Counter(t.kind for t in corpus_graph.tasks.values()) == kinds
    path = tmp_path / "graph.sqlite"
    NetworkXStore(path).write(corpus_graph, [p.id for p in plans])
    reopened = NetworkXStore(path)
    assert _kept(reopened.read_graph()) == _kept(corpus_graph)
    in_memory = NetworkXStore(None)
    in_memory.write(corpus_graph, [p.id for p in plans])
    assert _answers(reopened, corpus_graph) == _answers(in_memory, corpus_graph)


@pytest.mark.neo4j
def test_corpus_answers_match_between_stores(corpus_graph: KnowledgeGraph, tmp_path: Path) -> None:
    open_neo4j = _neo4j_opener()
    plan_ids = [p.id for p in corpus_graph.plans.values() if not p.stub]
    embedded = NetworkXStore(tmp_path / "graph.sqlite")
    embedded.write(corpus_graph, plan_ids)
    neo = open_neo4j()
    try:
        neo.clear()
        neo.write(corpus_graph, plan_ids)
        assert _answers(neo, corpus_graph) == _answers(embedded, corpus_graph)
        assert _kept(neo.read_graph()) == _kept(corpus_graph)
    finally:
        neo.clear()
        neo.close()
