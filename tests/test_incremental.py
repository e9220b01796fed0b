"""Loading plan by plan (add, change, remove) gives the graph a full rebuild gives.

On the built-in corpus (data/plans) plus the test documents under tests/docs:
plans are loaded into one store in several loads — a first batch, then the
rest, then one plan changed, then one removed — and after each step the
store's units (with aliases), counterparts, memberships and cascade links are
compared with ``build_graph`` over a fresh parse of exactly the plans the
store then holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import KnowledgeGraph
from graph.owners import ordered
from graph.removal import remove_plan
from graph.stores.networkx_store import NetworkXStore
from loaders.pipeline import build_graph, expand_paths, load_paths, parse_document

ROOT = Path(__file__).resolve().parent.parent


def _layer(g: KnowledgeGraph) -> dict[str, object]:
    return {
        "plans": sorted((p.id, p.source, p.stub) for p in g.plans.values()),
        "units": sorted(g.units.values(), key=lambda u: u.id),
        "mentions": sorted((t.id, [(m.text, m.unit_id, m.flagged) for m in t.mentions]) for t in g.tasks.values()),
        "edges": sorted((e.type, e.src, e.dst, sorted(e.props.items(), key=str)) for e in g.edges),
        "regions": sorted(g.regions),
        "metrics": sorted(g.metrics),
    }


def _full(files: dict[str, Path], decisions: Path) -> KnowledgeGraph:
    return build_graph([parse_document(p.read_bytes(), name) for name, p in sorted(files.items())], decisions)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every document of the two folders that loads as a plan, copied under distinct names."""
    folder = tmp_path_factory.mktemp("docs")
    out = []
    for i, path in enumerate(expand_paths([ROOT / "data" / "plans", ROOT / "tests" / "docs"])):
        try:
            parse_document(path.read_bytes(), path.name)
        except Exception:  # not every test document is a plan (bad-input cases)
            continue
        copy = folder / f"{i:02d}_{path.name}"
        copy.write_bytes(path.read_bytes())
        out.append(copy)
    return out


def test_add_change_remove_matches_a_full_rebuild(documents: list[Path], tmp_path: Path) -> None:
    assert len(documents) >= 8
    decisions = tmp_path / "decisions.yaml"
    store_path = tmp_path / "graph.sqlite"
    held: dict[str, Path] = {}

    def check() -> None:
        stored = NetworkXStore(store_path).read_graph()
        full = _full(held, decisions)
        assert _layer(stored) == _layer(full)
        # and in one order: by block (``graph.owners``), each block in the order a full run makes it
        assert [(e.type, e.src, e.dst, e.props) for e in stored.edges] == [
            (e.type, e.src, e.dst, e.props) for e in ordered(full.edges)
        ]

    first, rest = documents[: len(documents) // 2], documents[len(documents) // 2 :]
    report = load_paths(first, NetworkXStore(store_path), decisions=decisions)
    held.update((p.name, p) for p in first if p.name in report.added)
    check()

    report = load_paths(rest, NetworkXStore(store_path), decisions=decisions)
    held.update((p.name, p) for p in rest if p.name in report.added)
    assert len(held) >= 8
    check()

    # one plan changes: a task loses its second bureau
    changed = held[sorted(held)[0]]
    text = changed.read_text(encoding="utf-8")
    edited = tmp_path / changed.name
    edited.write_text(text.replace("、", "，", 3) + "\n", encoding="utf-8")
    report = load_paths([edited], NetworkXStore(store_path), decisions=decisions)
    assert report.replaced == [changed.name]
    held[changed.name] = edited
    check()

    # one plan goes
    gone = sorted(held)[1]
    store = NetworkXStore(store_path)
    plan_id = next(p.id for p in store.plans() if p.source == gone)
    remove_plan(store, plan_id, decisions)
    del held[gone]
    check()

    # and loading everything again changes nothing
    before = NetworkXStore(store_path).stored_generation()
    report = load_paths([held[name] for name in sorted(held)], NetworkXStore(store_path), decisions=decisions)
    assert sorted(report.unchanged) == sorted(held)
    assert NetworkXStore(store_path).stored_generation() == before


def test_a_changed_plan_alone_is_resolved_again(documents: list[Path], tmp_path: Path) -> None:
    """Each plan's share of the unit layer is kept in the store; a load with one changed plan
    resolves that plan's mentions only and replays the others' (the equality with a full
    rebuild is the test above): the kept shares of the unchanged plans are byte for byte the
    ones the first load wrote, and the changed plan's share is new."""
    from loaders.pipeline import units_key
    from loaders.units import PlanUnits

    decisions = tmp_path / "decisions.yaml"
    store_path = tmp_path / "graph.sqlite"
    load_paths(documents, NetworkXStore(store_path), decisions=decisions)
    key = units_key(decisions)
    before = NetworkXStore(store_path).unit_parts(key)
    plans = {p.source: p.id for p in NetworkXStore(store_path).plans() if not p.stub}
    assert sorted(before) == sorted(plans.values())
    for text in before.values():  # a share reads back as it was written
        assert PlanUnits.from_json(text).to_json() == text

    changed = documents[0]
    edited = tmp_path / changed.name
    edited.write_text(changed.read_text(encoding="utf-8").replace("、", "，", 3) + "\n", encoding="utf-8")
    report = load_paths([edited], NetworkXStore(store_path), decisions=decisions)
    assert report.replaced == [changed.name]
    after = NetworkXStore(store_path).unit_parts(key)
    new_id = next(p.id for p in NetworkXStore(store_path).plans() if p.source == changed.name)
    assert new_id not in before and new_id in after
    assert {pid: t for pid, t in after.items() if pid != new_id} == {
        pid: t for pid, t in before.items() if pid != plans[changed.name]
    }
    # another alias decision: every share is stale, none is replayed
    decisions.write_text("- action: not_unit\n  alias: 有关部门\n", encoding="utf-8")
    assert NetworkXStore(store_path).unit_parts(units_key(decisions)) == {}


def test_a_share_keeps_every_field_of_a_canonical_form() -> None:
    from dataclasses import fields

    from loaders.registry import Canonical
    from loaders.units import _canonical_d

    c = Canonical("烟台市市场监督管理局", None, "department", "市场监管局", "rule", 0.5, key="scjg")
    assert sorted(_canonical_d(c)) == sorted(f.name for f in fields(Canonical))


def test_a_changed_plan_alone_is_linked_again(documents: list[Path], tmp_path: Path) -> None:
    """Each plan's task links and indicator links are kept as blocks with the key they were made
    under (the plan, the plans it may cascade from; a pair's weights are counted over the pair
    alone): after one plan changes, a block whose key holds keeps its stored edges and only the
    changed plan's blocks and those of the plans comparing with it get new keys — and the links
    are still a full rebuild's (the first test)."""
    from graph.owners import indicator_owner, task_owner
    from loaders.cascade import indicator_link_key, plan_link_key

    decisions = tmp_path / "decisions.yaml"
    store_path = tmp_path / "graph.sqlite"
    load_paths(documents, NetworkXStore(store_path), decisions=decisions)
    before = NetworkXStore(store_path).link_blocks()
    plans = {p.source: p.id for p in NetworkXStore(store_path).plans() if not p.stub}
    owners = [f(p) for p in plans.values() for f in (task_owner, indicator_owner)]
    assert sorted(before) == sorted(owners)
    assert sum(len(edges) for o, (_k, edges) in before.items() if o in plans.values()) > 50
    assert sum(len(edges) for o, (_k, edges) in before.items() if o not in plans.values()) > 10  # indicators

    changed = next(d for d in documents if d.name.endswith(".txt") and "_00" in d.name)  # a built-in plan
    edited = tmp_path / changed.name
    edited.write_text(changed.read_text(encoding="utf-8").replace("、", "，", 3) + "\n", encoding="utf-8")
    report = load_paths([edited], NetworkXStore(store_path), decisions=decisions)
    assert report.replaced == [changed.name]
    store = NetworkXStore(store_path)
    after = store.link_blocks()
    new_id = next(p.id for p in store.plans() if p.source == changed.name)
    old_id = plans[changed.name]
    assert old_id not in after and indicator_owner(old_id) not in after
    assert new_id in after and indicator_owner(new_id) in after
    graph = store.read_graph()
    from loaders.cascade import cap_targets
    from loaders.gazetteer import Gazetteer
    from loaders.plan_links import CascadeVocab, cascade_targets

    uncapped = cascade_targets(graph, Gazetteer.load(), CascadeVocab.load())
    targets = cap_targets(graph, uncapped)
    touching = {pid for pid, ts in targets.items() if any(t == new_id for t, _r in ts)}
    assert touching, "some plan cascades from the changed one"
    kept = 0
    for pid in plans.values() if new_id in plans.values() else [*plans.values(), new_id]:
        if pid == old_id:
            continue
        for owner, key, near in (
            (task_owner(pid), plan_link_key(pid, targets[pid]), touching),
            (indicator_owner(pid), indicator_link_key(graph, pid, uncapped[pid]), set()),
        ):
            assert after[owner][0] == key
            if pid != new_id and pid not in near and owner in before and before[owner][0] == key:
                assert before[owner] == after[owner]  # kept as it was
                kept += 1
            elif owner in before and pid in near:
                assert before[owner][0] != key  # compared again
    assert kept >= len(plans)  # most blocks were kept


def test_a_pairs_scores_depend_on_the_pair_alone() -> None:
    """The weights of a pair's cosine are counted over the two plans' tasks: the same two plans
    score the same whatever else is loaded (what lets a load keep unchanged plans' links)."""
    from loaders.similarity import BigramCounts, pair_scores

    lower = ["实施地理标志保护运用工程，培育地理标志品牌", "加强组织领导，完善工作机制", "加强知识产权保护"]
    higher = ["打造地理标志运用保护样板", "加强知识产权行政保护", "强化组织保障"]
    alone = pair_scores(BigramCounts.of(lower), BigramCounts.of(higher))
    assert alone.shape == (3, 3)
    assert alone[0, 0] > 0.1 and alone[0].argmax() == 0 and alone[2].argmax() == 1
    again = pair_scores(BigramCounts.of(lower), BigramCounts.of(higher))
    assert (again == alone).all()  # the same floats, bit for bit
    # another plan changes the scores of the pairs it is in, not of this one
    third = BigramCounts.of(["加强组织领导", "地理标志"])
    assert (pair_scores(BigramCounts.of(lower), third) != alone[:, :2]).any()
    assert (pair_scores(BigramCounts.of(lower), BigramCounts.of(higher)) == alone).all()
