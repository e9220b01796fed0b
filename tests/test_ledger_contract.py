"""The same ledger answers from the embedded store (SQLite beside it) and from Neo4j (Progress
nodes). The Neo4j cases run where ``NEO4J_URI`` is set (they CLEAR plankg's labels and the
ledger's in that database) and are skipped otherwise, like tests/test_store_contract.py.

Expected answers are written by hand from data/plans/001 and its second version
(tests/docs/ledger/).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from graph.ledger import Ledger
from graph.stores import open_store
from graph.stores.base import GraphStore
from loaders.pipeline import load_paths

ROOT = Path(__file__).resolve().parent.parent
V1 = ROOT / "data" / "plans" / "001_2a4b5dd2cadd595a.txt"
V2 = ROOT / "tests" / "docs" / "ledger" / "001_2a4b5dd2cadd595a.txt"
AMR = "unit:荣成市市场监督管理局"
FIN = "unit:荣成市财政局"
NO_SERVER = "NEO4J_URI not set: no Neo4j server to test against"

Opener = Callable[[], GraphStore]


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    if request.param == "embedded":
        path = str(tmp_path / "graph.sqlite")
        yield lambda: open_store(path)
        return
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip(NO_SERVER)
    from graph.stores.neo4j_store import Neo4jStore

    def open_neo4j() -> GraphStore:
        return Neo4jStore.from_uri(uri)

    def wipe() -> None:
        store = open_neo4j()
        store.clear()
        Ledger(store).ledger_store.clear()
        store.close()

    wipe()
    yield open_neo4j
    wipe()


def _clock() -> datetime:
    return datetime(2024, 3, 1, 9, 30)


def _task(store: GraphStore, path: str) -> str:
    plan = next(p for p in store.plans() if p.source == V1.name)
    return f"{plan.id}/t/{path}"


def test_the_ledger_answers_alike(opener: Opener) -> None:
    store = opener()
    assert not load_paths([V1], store).failed
    ledger = Ledger(store, clock=_clock)
    ledger.set_progress(_task(store, "3.1.1"), AMR, "推进中", note="一")
    ledger.set_progress(_task(store, "3.1.1"), AMR, "已完成", note="二")
    ledger.set_progress(_task(store, "3.2.2"), FIN, "滞后", problems="资金")
    key = ledger.key_of(_task(store, "3.2.2"))
    assert not load_paths([V2], store).failed
    store.close()

    store = opener()  # reopened: nothing kept in memory
    ledger = Ledger(store, clock=_clock)
    assert [v.seq for v in ledger.sync()] == [2]
    assert [v.seq for v in ledger.versions(V1.name)] == [1, 2]
    rows = ledger.rows(today=date(2024, 3, 1))
    got = {(r.path, r.unit_id): (r.status, r.note, r.problems, r.history) for r in rows if r.status}
    assert got == {
        ("3.1.1", AMR): ("已完成", "二", "", 2),
        ("3.2.3", FIN): ("滞后", "", "资金", 1),
    }
    assert next(r for r in rows if r.path == "3.2.3" and r.unit_id == FIN).key == key
    lights = {(r.path, r.unit_id): r.light for r in rows}
    assert lights[("3.1.2", AMR)] == "red" and lights[("3.1.1", AMR)] == "green"
    assert lights[("3.2.3", FIN)] == "grey"  # no printed deadline
    # version 1: 82 task × unit rows (3.1.1 has 11 units, 3.1.2 5, 3.2.1 5, 3.2.2 6, 3.2.3 4, 3.3.1 10,
    # 3.3.2 9, 3.4.1 1, 3.4.2 4, 3.4.3 1, 3.5.1 3, 3.5.2 5, 3.6.1 3, 3.6.2 2, 3.7 10, 4.2 2, 4.3 1);
    # version 2: −9 (3.3.2 gone) +3 (the new task) −1 (3.5.1) +1 (3.6.2) = 76
    assert len(rows) == 76
    assert [r.note for r in ledger.history(_task_v2(store, "3.1.1"), AMR)] == ["一", "二"]
    store.close()


def _task_v2(store: GraphStore, path: str) -> str:
    plan = next(p for p in store.plans() if p.source == V2.name)
    return f"{plan.id}/t/{path}"


def test_the_newest_versions_read_without_the_others(opener: Opener) -> None:
    """What a sync and the bureau page read instead of every version: the newest number and
    plan of each source, and the newest versions of chosen plans only (two versions of 001)."""
    store = opener()
    assert not load_paths([V1], store).failed
    first = Ledger(store, clock=_clock).sync()
    assert not load_paths([V2], store).failed
    second = Ledger(store, clock=_clock).sync()
    store.close()
    ledger = Ledger(opener(), clock=_clock)
    (v1,), (v2,) = first, second
    assert ledger.ledger_store.latest_heads() == {V1.name: (2, v2.plan_id)}
    assert v1.plan_id != v2.plan_id
    assert ledger.ledger_store.latest_versions({v1.plan_id}) == {}  # not the newest of its source
    newest = ledger.ledger_store.latest_versions({v2.plan_id, "plan:none"})
    assert list(newest) == [V1.name] and newest[V1.name].seq == 2
    assert newest[V1.name].tasks == ledger.ledger_store.latest_versions()[V1.name].tasks
    assert list(ledger.current_versions([v2.plan_id])) == [v2.plan_id]
    assert ledger.current_versions(["plan:none"]) == {}
    ledger.store.close()
