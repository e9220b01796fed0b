"""The embedded store's SQLite file: migration, lazy reads, the parse cache and budget,
atomic files, and the app staying responsive during a load."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from graph.atomic import write_atomic
from graph.errors import PlankgError
from graph.serialize import graph_to_dict
from graph.stores import open_store
from graph.stores.networkx_store import NetworkXStore
from loaders.parse_pool import ParseFailure, parse_in_workers
from loaders.pipeline import build_graph, load_paths, parse_document
from tests.store_sample import SD, WH, sample_graph

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
CORPUS = sorted(PLANS.glob("*.txt"))


def test_an_old_json_store_is_migrated_once_and_answers_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "graph.json"
    g = sample_graph()
    old.write_text(json.dumps(graph_to_dict(g), ensure_ascii=False), encoding="utf-8")
    store = open_store(str(old))
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "迁移" in err and "(migrated the JSON store to SQLite)" in err
    assert isinstance(store, NetworkXStore) and store.path == tmp_path / "graph.sqlite"
    memory = NetworkXStore(None)
    memory.write(g, [SD, WH])
    assert store.plans() == memory.plans()
    assert store.assignments_of_plan(WH) == memory.assignments_of_plan(WH)
    store.close()
    again = open_store(str(old))  # the sibling is used from now on, silently
    assert capsys.readouterr().err == ""
    assert again.units() == memory.units()


def test_a_file_that_is_not_a_store_is_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "graph.sqlite"
    junk.write_text("hello", encoding="utf-8")
    with pytest.raises(PlankgError) as err:
        NetworkXStore(junk)
    assert "不是 plankg 图谱存储" in str(err.value) and "\n" not in str(err.value)


def test_a_question_decodes_no_plan_body(tmp_path: Path) -> None:
    """A unit's tasks come from the duties index; a plan's table still reads its body alone."""
    path = tmp_path / "graph.sqlite"
    load_paths([PLANS], NetworkXStore(path), decisions=tmp_path / "d.yaml")
    store = NetworkXStore(path)
    assert store._bodies == {}  # opening decodes no plan
    rongcheng = next(p for p in store.plans() if p.region == "荣成市")
    unit = next(u.id for u in store.units() if u.region == "荣成市" and u.category == "department")
    rows = store.assignments_of_units([unit], via_groups=False)
    assert rows and {r.plan_id for r in rows} == {rongcheng.id}
    assert store._bodies == {}
    assert store.assignments_of_plan(rongcheng.id) and set(store._bodies) == {rongcheng.id}


def _every_answer(store: NetworkXStore) -> list[object]:
    ids = [u.id for u in store.units()]
    out: list[object] = [store.assignments_of_units(ids[::7] + ids[:3], via_groups=True)]
    for uid in ids:
        out += [store.assignments_of_units([uid], via_groups=True), store.assignments_of_units([uid], False)]
    return out


def test_the_duties_index_answers_as_the_plans_bodies_do(tmp_path: Path) -> None:
    """Every unit of the built-in corpus, alone and several at once, with and without its
    groups: the rows read from the index equal, in order, those made from the bodies; a store
    written before the index gets it on its first open, with the same answers."""
    import sqlite3

    path = tmp_path / "graph.sqlite"
    loaded = NetworkXStore(path)
    load_paths([PLANS], loaded, decisions=tmp_path / "d.yaml")
    assert not loaded._lazy  # the loading instance answers from the graph it holds
    bodies = _every_answer(loaded)
    assert any(r.via_group for rows in bodies for r in rows)  # groups are in the comparison
    assert sum(len(rows) for rows in bodies) > 500
    fresh = NetworkXStore(path)
    assert fresh._lazy and _every_answer(fresh) == bodies
    fresh.close()
    loaded.close()
    with sqlite3.connect(path) as db:  # as a store of the previous release was
        db.execute("DROP TABLE duties")
        db.execute("DROP TABLE duty_tasks")
        db.execute("DELETE FROM meta WHERE key='duties'")
    upgraded = NetworkXStore(path)
    assert _every_answer(upgraded) == bodies
    upgraded.close()


def _directory(store: NetworkXStore) -> tuple[object, ...]:
    regions = sorted({e.region for e in store.unit_directory() if e.region})[:3]
    return (
        store.unit_directory(),
        store.unit_names(),
        [(store.unit_directory(r), store.unit_names(r)) for r in regions],
    )


def test_the_unit_directory_and_names_are_the_units_own(tmp_path: Path) -> None:
    """The directory and name list read from the file (no alias decoded) equal those made from
    the units themselves, whole and per region, after a load, after a later load that changed
    units, and in a store written before the tables (they are made on its first open). Search
    answers alike from the file and from the units in memory."""
    import sqlite3

    from graph.search import lookup_unit, search_units
    from graph.stores.base import entry_of, names_of

    path = tmp_path / "graph.sqlite"
    first, rest = CORPUS[:2], CORPUS[2:]

    def expected() -> tuple[object, ...]:
        units = NetworkXStore(path).units()  # decoded from the units' own records
        regions = sorted({u.region for u in units if u.region})[:3]
        return (
            [entry_of(u) for u in units],
            [(u.id, t) for u in units for t in names_of(u)],
            [
                (
                    [entry_of(u) for u in units if u.region == r],
                    [(u.id, t) for u in units if u.region == r for t in names_of(u)],
                )
                for r in regions
            ],
        )

    for batch in (first, rest):
        load_paths(batch, NetworkXStore(path), decisions=tmp_path / "d.yaml")
        fresh = NetworkXStore(path)
        assert fresh._units_d is None  # nothing decoded yet: the answers come from the tables
        assert _directory(fresh) == expected()
        assert fresh._units_d is None
    units = expected()
    assert len(units[0]) > 50 and any(e.n_aliases > 1 for e in units[0])  # type: ignore[attr-defined]
    with sqlite3.connect(path) as db:  # as a store of the previous release was
        db.execute("DROP TABLE unit_dir")
        db.execute("DROP TABLE unit_names")
        db.execute("DELETE FROM meta WHERE key='unit_dir'")
    assert _directory(NetworkXStore(path)) == units
    memory = NetworkXStore(path)
    memory.units()  # every unit decoded: the answers below come from them, not the tables
    for query, region in [
        ("市市场监管局", None),
        ("市场监管局", "烟台市"),
        ("科技局", None),
        ("市场监督管理局烟台", None),
    ]:
        assert search_units(NetworkXStore(path), query, region) == search_units(memory, query, region)
        assert lookup_unit(NetworkXStore(path), query, region) == lookup_unit(memory, query, region)


def test_the_store_keeps_no_original_text_or_offset_map(tmp_path: Path) -> None:
    doc = parse_document(CORPUS[0].read_bytes(), CORPUS[0].name)
    assert doc.plan.original and doc.plan.offset_map  # in memory, after the parse
    g = build_graph([doc], tmp_path / "d.yaml")
    path = tmp_path / "graph.sqlite"
    NetworkXStore(path).write(g, [doc.plan.id])
    back = NetworkXStore(path).read_graph().plans[doc.plan.id]
    assert (back.original, back.offset_map, back.text) == ("", [], doc.plan.text)


def test_a_repeat_load_parses_nothing_and_a_bad_file_is_remembered(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    bad = tmp_path / "通知.txt"
    bad.write_text("关于加强管理的通知\n请各单位认真落实。\n", encoding="utf-8")
    first = load_paths([CORPUS[1], bad], NetworkXStore(path), decisions=tmp_path / "d.yaml")
    assert first.added == [CORPUS[1].name] and [s for s, _ in first.failed] == [bad.name]
    t0 = time.perf_counter()
    again = load_paths([CORPUS[1], bad], NetworkXStore(path), decisions=tmp_path / "d.yaml")
    assert again.unchanged == [CORPUS[1].name] and again.failed == first.failed and again.graph is None
    assert time.perf_counter() - t0 < 1.0  # neither file parsed, nothing rebuilt


_OPENED: list[str] | None = None  # while a list: every file Python opens is appended


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _OPENED is not None and isinstance(args[0], str | Path):
        _OPENED.append(str(args[0]))


def test_a_repeat_load_reads_no_unchanged_file_and_a_rewrite_is_seen(tmp_path: Path) -> None:
    """A file read before is known by its stat stamp (size, mtime, ctime, inode, device): a load
    of the same files opens none of them (Python's audit hook sees every open). Rewritten bytes
    are read again even when the writer keeps the size and sets the mtime back (the ctime
    moves), and a file changed less than two seconds before it was read is not remembered."""
    global _OPENED
    import sys

    sys.addaudithook(_audit)
    folder = tmp_path / "plans"
    folder.mkdir()
    files = [folder / p.name for p in CORPUS[:3]]
    for src, dst in zip(CORPUS[:3], files, strict=True):
        dst.write_bytes(src.read_bytes())
    path, decisions = tmp_path / "graph.sqlite", tmp_path / "d.yaml"
    load_paths([folder], NetworkXStore(path), decisions=decisions)
    assert NetworkXStore(path).file_stats() == {}  # just written: not trusted by their stamps yet
    time.sleep(2.1)
    load_paths([folder], NetworkXStore(path), decisions=decisions)  # read again, now remembered
    assert sorted(NetworkXStore(path).file_stats()) == sorted(str(f) for f in files)
    _OPENED = []
    try:
        again = load_paths([folder], NetworkXStore(path), decisions=decisions)
        opened = list(_OPENED)
    finally:
        _OPENED = None
    assert sorted(again.unchanged) == sorted(f.name for f in files)
    assert not [o for o in opened if o.startswith(str(folder))]
    # the same size and mtime, other bytes: the change time gives it away
    target = files[1]
    before = target.stat()
    text = target.read_text(encoding="utf-8")
    swapped = text.replace("。", "，", 1)
    assert swapped != text and len(swapped.encode()) == before.st_size
    target.write_text(swapped, encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    changed = load_paths([folder], NetworkXStore(path), decisions=decisions)
    assert changed.replaced == [target.name]


def test_a_document_over_its_time_budget_fails_alone(tmp_path: Path) -> None:
    items = [(CORPUS[3].read_bytes(), CORPUS[3].name), (CORPUS[1].read_bytes(), CORPUS[1].name)]
    slow, ok = parse_in_workers(items[:1], 1, 0.001) + parse_in_workers(items[1:], 1, 60)
    assert isinstance(slow, ParseFailure) and "解析超时" in slow.message and "\n" not in slow.message
    assert not isinstance(ok, ParseFailure) and ok.plan.source == CORPUS[1].name


def test_atomic_writes_keep_the_mode_and_clean_a_crashs_leftovers(tmp_path: Path) -> None:
    target = tmp_path / "decisions.yaml"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    leftover = tmp_path / ".decisions.yaml-crash.tmp"
    leftover.write_text("half", encoding="utf-8")
    os.utime(leftover, (time.time() - 3600, time.time() - 3600))
    write_atomic(target, "new", PlankgError, ("审核决定", "the decisions"))
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not leftover.exists()


def test_a_second_session_renders_while_a_load_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "graph.sqlite"
    decisions = tmp_path / "d.yaml"
    monkeypatch.setenv("PLANKG_STORE", str(path))
    monkeypatch.setenv("PLANKG_DECISIONS", str(decisions))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    load_paths([CORPUS[2]], NetworkXStore(path), decisions=decisions)
    uploader = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    uploader.switch_page("app_pages/upload.py").run()
    up = uploader.file_uploader(key="upload_files")
    for f in (CORPUS[0], CORPUS[1], CORPUS[3], CORPUS[4]):
        up = up.upload(f.name, f.read_bytes(), "text/plain")
    up.run()
    uploader.button(key="upload_go").click().run()
    assert any("后台" in c.value for c in uploader.caption)  # the load runs; the page answered
    reader = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    reader.switch_page("app_pages/plans.py").run()
    assert not reader.exception
    still_running = any("后台" in c.value for c in uploader.run().caption)
    assert still_running, "the load finished before the second session rendered: make it longer"
    assert len(reader.selectbox(key="plans_pick").options) == 1  # the last committed graph
    deadline = time.monotonic() + 120
    while any("后台" in c.value for c in uploader.caption):
        assert time.monotonic() < deadline
        time.sleep(0.2)
        uploader.run()
    assert sorted(s.value for s in uploader.success) == sorted(f"已新增：{f.name}" for f in CORPUS if f != CORPUS[2])
    reader.run()  # the new version is seen without a restart
    assert len(reader.selectbox(key="plans_pick").options) == 5


def test_a_store_of_one_ordered_edge_table_gets_its_edges_in_blocks(tmp_path: Path) -> None:
    """A store written before edges lay in blocks (one ``edges`` table ordered by ``seq``, the
    task-link keys in ``plans.link_key``) is migrated on open: the same edges in the same blocks,
    the task blocks keep their keys, the indicator blocks get none (linked again next load)."""
    import sqlite3

    from graph.owners import indicator_owner, ordered

    path = tmp_path / "graph.sqlite"
    load_paths(CORPUS, NetworkXStore(path), decisions=tmp_path / "d.yaml")
    before = NetworkXStore(path)
    edges, keys = before.read_graph().edges, before.link_keys()
    before.close()
    plans = [pid for pid in keys if not pid.endswith("#i")]
    assert len(plans) == len(CORPUS) and len(edges) > 100
    conn = sqlite3.connect(path)  # the old layout, as such a store holds it: rows in the graph's order
    rows = conn.execute("SELECT type, src, dst, props FROM edges ORDER BY owner DESC, ord").fetchall()
    conn.executescript(
        "DROP TABLE edges; DROP TABLE link_owners; DELETE FROM meta WHERE key='edges';"
        "CREATE TABLE edges (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL,"
        " props TEXT NOT NULL); ALTER TABLE plans ADD COLUMN link_key TEXT;"
    )
    conn.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?)", [(i, *r) for i, r in enumerate(rows)])
    conn.executemany("UPDATE plans SET link_key=? WHERE id=?", [(keys[pid], pid) for pid in plans])
    conn.commit()
    conn.close()

    after = NetworkXStore(path)
    assert after.read_graph().edges == ordered(edges)
    migrated = after.link_keys()
    assert {pid: migrated[pid] for pid in plans} == {pid: keys[pid] for pid in plans}
    assert all(migrated.get(indicator_owner(pid), "") == "" for pid in plans)
    assert any(indicator_owner(pid) in migrated for pid in plans)  # blocks with rows have an entry
    report = load_paths(CORPUS, after, decisions=tmp_path / "d.yaml")
    assert sorted(report.unchanged) == sorted(p.name for p in CORPUS)
    assert NetworkXStore(path).read_graph().edges == ordered(edges)
    assert NetworkXStore(path).link_keys() == migrated  # nothing changed: the layer is not built again
