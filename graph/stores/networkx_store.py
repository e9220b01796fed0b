"""The embedded default store: NetworkX in memory, SQLite on disk.

Reads run over an in-memory ``networkx.MultiDiGraph`` of the cross-document
edges plus the plans' parts, which are read from the store file **lazily**:
opening reads the plans' records (no text), the units, regions and metrics;
a plan's body (text, sections, tasks) is decoded only when a question needs
it (``plankg tasks --unit X`` decodes the plans that mention X, nothing
else), and edges are read per type on first use. ``path=None`` keeps
everything in memory only (tests, one-off exports).

The file is a SQLite database in WAL mode (``graph.stores.sqlite_store``):
a write replaces only the rows that changed, in one ``BEGIN IMMEDIATE``
transaction, so a reader sees the old graph or the new one and two writers
never lose each other's work (``write_lock`` re-reads the store after taking
the lock). A path ending in ``.json`` names the sibling ``.sqlite`` and an old
JSON store there is migrated on first open.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.model import Edge, Indicator, KnowledgeGraph, Metric, Plan, PlanDoc, Region, Section, Task, Unit
from graph.owners import GLOBAL, by_owner, ordered, owner_plan
from graph.rows import Assignment, CascadeLink, IndicatorRow, OutlineRow, UnitEntry, assignment_of
from graph.stores.base import GraphStore
from graph.stores.ordering import LEVEL_ORDER, outline_depth
from graph.stores.sqlite_store import SqliteBackend, mentions_json

if TYPE_CHECKING:  # networkx is imported when a graph is first built (a CLI answer from the file needs none)
    import networkx as nx

__all__ = ["NetworkXStore", "PlanIndexEntry"]

#: (plan id, sha256 of the file's bytes, loader version it was parsed with) of a stored plan.
PlanIndexEntry = tuple[str, str, int | None]
_Body = tuple[str, list[Section], list[Task]]


def _plan_of(node_id: str, marker: str) -> str | None:
    head, sep, _ = node_id.partition(marker)
    return head if sep else None


class NetworkXStore(GraphStore):
    """The embedded store; ``path`` is its SQLite file (``None``: memory only)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._db: SqliteBackend | None = None
        self.path: Path | None = None
        self._layer_key: str | None = None
        self._unit_parts: dict[str, str] = {}  # in memory only (the file keeps its own)
        self._units_key: str | None = None
        self._link_keys: dict[str, str] = {}  # in memory only (the file keeps its own)
        self._reset()
        if path is not None:
            self._attach(SqliteBackend(Path(path)))

    def _attach(self, db: SqliteBackend) -> None:
        self._db = db
        self.path = db.path
        self._reset()
        self._load_layer()

    def _reset(self) -> None:
        self._generation = -1
        self._plans: Mapping[str, Plan] = {}  # read from the file: each record decoded when asked for
        self._plan_list: tuple[Mapping[str, Plan], list[Plan]] | None = None  # plans() of that mapping
        self._plan_places: tuple[Mapping[str, Plan], dict[str, int]] | None = None
        self._versions: dict[str, int | None] = {}
        self._bodies: dict[str, _Body] = {}
        self._task_maps: dict[str, dict[str, Task]] = {}
        self._indicators: dict[str, list[Indicator]] | None = {} if self._db is None else None
        self._units_d: dict[str, Unit] | None = {}  # None: in the file, read on first need
        self._some_units: dict[str, Unit | None] = {}  # units read one by one meanwhile
        self._units_only: str | None = None  # ``units_of_region_only``
        # the file's unit directory and name list, by (what, region): read once per generation
        self._unit_lists: dict[tuple[str, str | None], list[Any]] = {}
        self._regions: dict[str, Region] = {}
        self._metrics: dict[str, Metric] = {}
        self._edges: list[Edge] | None = [] if self._db is None else None
        self._nx: nx.MultiDiGraph | None = None  # built on first use
        self._nx_types: set[str] | None = None  # None: every type is in ``_nx``
        self._unit_index: dict[str, set[str]] | None = None
        self._lazy = False  # True: bodies, indicators and edges are read from the file on demand

    def _load_layer(self) -> None:
        """The plans' records and the units, regions, metrics (edges and bodies: on demand)."""
        db = self._db
        assert db is not None
        self._generation = db.generation()
        self._plans, self._versions = db.read_plans()
        self._units_d = None
        self._regions = db.read_regions()
        self._metrics = db.read_metrics()
        self._nx_types = set()
        self._lazy = True

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    # -- freshness and writers ------------------------------------------------------------
    @property
    def generation(self) -> int:
        """The store's write counter as this instance last read it (-1 in memory)."""
        return self._generation

    def stored_generation(self) -> int:
        """The write counter in the file now (cheap: one row)."""
        return self._db.generation() if self._db is not None else self._generation

    def refresh(self) -> bool:
        """Re-read the store if another writer committed since we read it; True if it did."""
        if self._db is None or self._db.generation() == self._generation:
            return False
        self._reset()
        self._load_layer()
        return True

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the store's write lock (``BEGIN IMMEDIATE``), fresh against the file.

        Everything read and written inside is one transaction: a second writer
        waits (up to the busy timeout, then 存储正忙) and then sees this one's result.
        """
        if self._db is None:
            yield
            return
        with self._db.transaction():
            self.refresh()
            yield

    def plan_index(self) -> dict[str, PlanIndexEntry]:
        """Loaded plans by source file name: (id, sha256 of the bytes, loader version)."""
        if self._lazy and self._db is not None:  # as the file holds them: no record decoded
            return self._db.read_plan_index()
        return {p.source: (p.id, p.sha256, self._versions.get(p.id)) for p in self._plans.values() if not p.stub}

    def file_stats(self) -> dict[str, tuple[tuple[int, int, int, int, int], str]]:
        """Files a load read before, by absolute path: (their stat stamp, sha256 of the bytes)."""
        return self._db.read_file_stats() if self._db is not None else {}

    def record_file_stats(self, rows: list[tuple[str, tuple[int, int, int, int, int], str]]) -> None:
        if self._db is not None and rows:
            self._db.record_file_stats(rows)

    def failure(self, key: str) -> str | None:
        """The recorded reason a file with this parse key is not a plan, if any."""
        return self._db.failure(key) if self._db is not None else None

    def record_failure(self, key: str, message: str) -> None:
        if self._db is not None:
            self._db.record_failure(key, message)

    def counts(self) -> tuple[int, int, int, int]:
        """(loaded plans, tasks, units, indicators) — from the file's counters when lazy."""
        if self._lazy and self._db is not None:
            return self._db.counts()
        plans = sum(1 for p in self._plans.values() if not p.stub)
        tasks = sum(len(b[2]) for b in self._bodies.values())
        inds = sum(len(v) for v in self._all_indicators().values())
        return plans, tasks, len(self._units), inds

    @property
    def _units(self) -> dict[str, Unit]:
        """Every unit (read from the file on first use)."""
        if self._units_d is None:
            assert self._db is not None
            self._units_d = self._db.read_units()
        return self._units_d

    @_units.setter
    def _units(self, units: dict[str, Unit]) -> None:
        self._units_d = units
        self._some_units = {}

    def _unit(self, unit_id: str | None) -> Unit | None:
        """One unit, without reading the others from the file."""
        if not unit_id:
            return None
        if self._units_d is not None:
            return self._units_d.get(unit_id)
        if unit_id not in self._some_units:
            assert self._db is not None
            self._some_units[unit_id] = self._db.read_unit(unit_id)
        return self._some_units[unit_id]

    @contextmanager
    def units_of_region_only(self, region: str) -> Iterator[None]:
        """While inside, ``units()`` lists only the units of ``region`` (read by an index of the
        file, not every unit decoded): for a name looked up within one region."""
        self._units_only = region
        try:
            yield
        finally:
            self._units_only = None

    def layer_key(self) -> str | None:
        """What the stored cross-document layer was built from (``loaders.pipeline``)."""
        return self._db.get_meta("layer_key") if self._db is not None else self._layer_key

    def unit_parts(self, units_key: str) -> dict[str, str]:
        """The plans' stored shares of the unit layer (``loaders.units.PlanUnits`` JSON by plan id),
        if they were made with ``units_key`` (the registry, decisions and code); else none."""
        if self._db is None:
            return dict(self._unit_parts) if self._units_key == units_key else {}
        if self._db.get_meta("units_key") != units_key:
            return {}
        return self._db.read_unit_parts()

    def link_keys(self, exclude: Iterable[str] = ()) -> dict[str, str]:
        """The key each stored block of links (``graph.owners``) was made under, by block
        (``loaders.cascade.link_cascade``); the blocks of plans in ``exclude`` left out."""
        skip = set(exclude)
        keys = self._db.read_link_keys() if self._db is not None else dict(self._link_keys)
        return {owner: k for owner, k in keys.items() if owner_plan(owner) not in skip}

    def link_blocks(self) -> dict[str, tuple[str, list[Edge]]]:
        """Every stored block of links with its key: block → (key, its edges in order)."""
        keys = self.link_keys()
        if self._db is not None:
            return {owner: (k, self._db.read_block(owner)) for owner, k in keys.items()}
        blocks = by_owner(self._edges or [])
        return {owner: (k, blocks.get(owner, [])) for owner, k in keys.items()}

    def docs_for_write(self) -> list[PlanDoc]:
        """Fresh copies of every loaded plan's parts, for a rebuild to change freely
        (readers of this store keep their objects)."""
        out = []
        for pid, plan in self._plans.items():
            if plan.stub:
                continue
            if self._db is not None:
                body = self._db.read_body(pid)
                if body is None:
                    continue
                text, sections, tasks = body
                inds = self._db.read_indicators([pid]).get(pid, [])
                out.append(PlanDoc(replace(plan, text=text), sections, tasks, inds))
            else:
                body = self._body(pid)
                if body is None:
                    continue
                doc = PlanDoc(plan, body[1], body[2], self._all_indicators().get(pid, []))
                out.append(copy.deepcopy(doc))
        return out

    # -- writes -----------------------------------------------------------------------------
    def write(
        self,
        graph: KnowledgeGraph,
        changed_plans: Iterable[str],
        removed_plans: Iterable[str] = (),
    ) -> None:
        self.write_changes(graph, changed_plans, removed_plans)

    def write_changes(
        self,
        graph: KnowledgeGraph,
        changed_plans: Iterable[str],
        removed_plans: Iterable[str] = (),
        loader_version: int | None = None,
        layer_key: str | None = None,
        unit_parts: dict[str, str] | None = None,
        units_key: str | None = None,
        link_keys: dict[str, str] | None = None,
        linked: set[str] | None = None,
    ) -> bool:
        """Write ``graph`` (rows that differ only); True if anything was written.

        A changed plan's body is written again; any other plan's body is kept
        and only its record, mention resolution and indicators are compared.
        ``loader_version`` stamps the bodies written (a later load of the same
        bytes with the same version is not parsed again). ``unit_parts``: plans' shares of
        the unit layer made with ``units_key`` (kept so the next load replays them); ``link_keys``:
        the key of every plan's blocks of links (``graph.owners``), ``linked`` the blocks whose
        links ``graph`` holds anew — the other blocks of ``link_keys`` keep their stored edges
        (``graph`` does not hold them). Without ``link_keys``, ``graph.edges`` is every edge.
        """
        changed = set(changed_plans)
        by_plan = _group(graph)
        wrote = False
        edges: list[Edge] | None = None  # the file's: read from it when asked for
        if self._db is not None:
            with self._db.transaction():
                self.refresh()
                old_versions = self._versions
                wrote = self._write_rows(graph, by_plan, changed, loader_version)
                wrote = self._db.write_links(graph.edges, link_keys, linked) or wrote
                if layer_key is not None:
                    self._db.set_meta("layer_key", layer_key)
                if unit_parts is not None and units_key is not None:
                    fresh = self._db.get_meta("units_key") != units_key
                    self._db.write_unit_parts(unit_parts, clear=fresh)
                    self._db.set_meta("units_key", units_key)
                if wrote:
                    self._db.bump()
                generation = self._db.generation()
        else:
            wrote = True
            generation = -1
            old_versions = self._versions
            edges = _merged_links(self._edges or [], graph.edges, link_keys, linked)
            if unit_parts is not None and units_key is not None:
                if self._units_key != units_key:
                    self._unit_parts = {}
                self._unit_parts.update(unit_parts)
                self._units_key = units_key
            self._link_keys = dict(link_keys) if link_keys is not None else {}
        self._take(graph, by_plan, edges)
        self._layer_key = layer_key
        self._generation = generation
        self._versions = {
            pid: (loader_version if pid in changed or pid not in old_versions else old_versions[pid])
            for pid in graph.plans
        }
        return wrote

    def _write_rows(
        self,
        graph: KnowledgeGraph,
        by_plan: dict[str, tuple[list[Section], list[Task], list[Indicator]]],
        changed: set[str],
        loader_version: int | None,
    ) -> bool:
        db = self._db
        assert db is not None
        wrote = False
        gone = [pid for pid in self._plans if pid not in graph.plans]
        if gone:
            db.delete_plans(gone)
            wrote = True
        stored_inds = db.read_indicators() if self._plans else {}
        stored_res = dict(db._q("SELECT id, mentions FROM plans"))
        for pid, plan in graph.plans.items():
            sections, tasks, inds = by_plan.get(pid, ([], [], []))
            old = self._plans.get(pid)
            new_body = not plan.stub and (pid in changed or old is None or old.stub or stored_res.get(pid) is None)
            meta_same = old is not None and _same_meta(old, plan)
            if new_body or not meta_same or stored_inds.get(pid, []) != inds:
                db.upsert_plan(plan, loader_version, (sections, tasks) if new_body else None, inds)
                wrote = True
            if not plan.stub:
                resolved = mentions_json(tasks)
                if new_body or stored_res.get(pid) != resolved:
                    db.set_mentions(pid, tasks, resolved)
                    wrote = True
        old_units = self._units
        upsert = [u for uid, u in graph.units.items() if old_units.get(uid) != u]
        delete = [uid for uid in old_units if uid not in graph.units]
        if upsert or delete:
            db.write_units(upsert, delete)
            wrote = True
        if self._regions != graph.regions:
            db.write_table("regions", graph.regions)
            wrote = True
        if self._metrics != graph.metrics:
            db.write_table("metrics", graph.metrics)
            wrote = True
        return wrote

    def _take(
        self,
        graph: KnowledgeGraph,
        by_plan: dict[str, tuple[list[Section], list[Task], list[Indicator]]],
        edges: list[Edge] | None,
    ) -> None:
        """Hold ``graph`` as this instance's answer (what was just written); its edges are
        ``edges`` (None: read from the file when asked for, as a fresh open would)."""
        db = self._db
        self._reset()
        self._db = db
        self._plans = dict(graph.plans)
        self._bodies = {
            pid: (p.text, by_plan.get(pid, ([], [], []))[0], by_plan.get(pid, ([], [], []))[1])
            for pid, p in graph.plans.items()
            if not p.stub
        }
        self._indicators = {pid: parts[2] for pid, parts in by_plan.items() if parts[2]}
        self._units = dict(graph.units)
        self._regions = dict(graph.regions)
        self._metrics = dict(graph.metrics)
        self._edges = edges
        self._nx_types = None if edges is not None else set()
        self._nx = None  # built from ``_edges`` on first use

    def clear(self) -> None:
        if self._db is not None:
            with self._db.transaction():
                self._db.clear()
                self._db.bump()
                generation = self._db.generation()
            self._reset()
            self._load_layer()
            self._generation = generation
        else:
            self._reset()
            self._layer_key = None

    def read_graph(self) -> KnowledgeGraph:
        g = KnowledgeGraph()
        inds = self._all_indicators()
        for pid, plan in self._plans.items():
            if plan.stub:
                g.plans[pid] = plan
                continue
            body = self._body(pid)
            if body is None:
                g.plans[pid] = plan
                continue
            text, sections, tasks = body
            g.plans[pid] = plan if plan.text == text else replace(plan, text=text)
            g.sections.update((s.id, s) for s in sections)
            g.tasks.update((t.id, t) for t in tasks)
            g.indicators.update((i.id, i) for i in inds.get(pid, []))
        g.units = dict(self._units)
        g.regions = dict(self._regions)
        g.metrics = dict(self._metrics)
        g.edges = list(self._all_edges())
        return g

    def plan_tasks(self, plan_id: str) -> dict[str, Task]:
        """One plan's stored tasks by id: its body alone is read (a bureau's 台账 on a store of
        thousands of plans reads only the plans it holds tasks in)."""
        body = self._body(plan_id)
        return {t.id: t for t in body[2]} if body is not None else {}

    # -- lazy parts -------------------------------------------------------------------
    def _body(self, plan_id: str) -> _Body | None:
        body = self._bodies.get(plan_id)
        if body is None and self._db is not None and plan_id in self._plans:
            body = self._db.read_body(plan_id)
            if body is not None:
                self._bodies[plan_id] = body
        return body

    def _task(self, task_id: str) -> Task | None:
        pid = _plan_of(task_id, "/t/")
        if pid is None:
            return None
        tasks = self._task_maps.get(pid)
        if tasks is None:
            body = self._body(pid)
            tasks = {t.id: t for t in body[2]} if body is not None else {}
            self._task_maps[pid] = tasks
        return tasks.get(task_id)

    def _all_indicators(self) -> dict[str, list[Indicator]]:
        if self._indicators is None:
            assert self._db is not None
            self._indicators = self._db.read_indicators()
        return self._indicators

    def _indicator(self, indicator_id: str) -> Indicator | None:
        pid = _plan_of(indicator_id, "/i/")
        if pid is None:
            return None
        if self._indicators is not None:
            items = self._indicators.get(pid, [])
        else:
            assert self._db is not None
            items = self._db.read_indicators([pid]).get(pid, [])
        return next((i for i in items if i.id == indicator_id), None)

    def _all_edges(self) -> list[Edge]:
        if self._edges is None:
            assert self._db is not None
            self._edges = self._db.read_edges()
        return self._edges

    def _graph_of(self, *types: str) -> nx.MultiDiGraph:
        """The NetworkX graph, holding at least the edges of ``types``."""
        if self._nx is None:
            self._nx = _nx_of(self._edges if self._nx_types is None and self._edges is not None else [])
        if self._nx_types is not None:
            missing = [t for t in types if t not in self._nx_types]
            if missing:
                assert self._db is not None
                for e in self._db.read_edges(missing):
                    self._nx.add_edge(e.src, e.dst, key=e.type, **e.props)
                self._nx_types.update(missing)
        return self._nx

    def _plans_of_units(self, unit_ids: list[str]) -> set[str]:
        if self._lazy and self._db is not None:
            return self._db.plans_of_units(unit_ids)
        if self._unit_index is None:
            index: dict[str, set[str]] = {}
            for pid in self._bodies:
                for t in self._bodies[pid][2]:
                    for m in t.mentions:
                        if m.unit_id:
                            index.setdefault(m.unit_id, set()).add(pid)
            self._unit_index = index
        return set().union(*(self._unit_index.get(u, set()) for u in unit_ids)) if unit_ids else set()

    def _tasks_of_unit(self, unit_id: str) -> list[tuple[Task, int]]:
        plans = self._plans_of_units([unit_id])
        out: list[tuple[Task, int]] = []
        for pid in self._plans:
            if pid not in plans:
                continue
            body = self._body(pid)
            if body is None:
                continue
            for t in body[2]:
                for i, m in enumerate(t.mentions):
                    if m.unit_id == unit_id:
                        out.append((t, i))
        return out

    def _from_file(self, etype: str) -> bool:
        """True when the edges of ``etype`` are best looked up in the file, one node at a time: the
        store is read lazily and no graph holds them yet."""
        return self._db is not None and self._nx_types is not None and etype not in self._nx_types

    def _out(self, node: str, etype: str) -> list[tuple[str, dict[str, object]]]:
        if self._from_file(etype):
            assert self._db is not None
            return list(self._db.edges_at(node, etype, outgoing=True))
        g = self._graph_of(etype)
        if node not in g:
            return []
        return [(v, d) for _, v, k, d in g.out_edges(node, keys=True, data=True) if k == etype]

    def _in(self, node: str, etype: str) -> list[tuple[str, dict[str, object]]]:
        if self._from_file(etype):
            assert self._db is not None
            return list(self._db.edges_at(node, etype, outgoing=False))
        g = self._graph_of(etype)
        if node not in g:
            return []
        return [(u, d) for u, _, k, d in g.in_edges(node, keys=True, data=True) if k == etype]

    # -- reads ------------------------------------------------------------
    def plans(self) -> list[Plan]:
        # built once per set of plans (a load or a refresh replaces the dict): every page and
        # the ledger ask for the list several times per render, 10 000 copies each time
        if self._plan_list is None or self._plan_list[0] is not self._plans:
            # records read from the file hold no text: copied only when they do (10 000 copies
            # were a third of a cold page's plan list)
            out = [
                replace(p, text="", original="", offset_map=[]) if p.text or p.original or p.offset_map else p
                for p in self._plans.values()
            ]
            out.sort(key=lambda p: (LEVEL_ORDER.get(p.level, 4), p.stub, p.title))
            self._plan_list = (self._plans, out)
        return list(self._plan_list[1])

    def outline(self, plan_id: str) -> list[OutlineRow]:
        body = self._body(plan_id)
        if body is None:
            return []
        _, sections, tasks = body
        parents: dict[str, str | None] = {s.id: s.parent_id for s in sections}
        parents.update((t.id, t.parent_id) for t in tasks)
        rows: list[OutlineRow] = []
        for s in sections:
            depth = outline_depth(s.id, parents)
            rows.append(OutlineRow(s.id, s.path, "section", s.title, depth, (), s.span.start, s.span.end))
        for t in tasks:
            names = tuple(self._unit_name(m.unit_id, m.text) for m in t.mentions)
            depth = outline_depth(t.id, parents)
            rows.append(OutlineRow(t.id, t.path, t.kind, t.title, depth, names, t.span.start, t.span.end))
        return sorted(rows, key=lambda r: (r.start, -r.end, r.depth))

    def _unit_name(self, unit_id: str | None, fallback: str) -> str:
        unit = self._unit(unit_id)
        return unit.name if unit else fallback

    def unit_directory(self, region: str | None = None) -> list[UnitEntry]:
        if self._units_only is not None and region is not None and region != self._units_only:
            return []
        region = region or self._units_only
        if self._units_d is None and self._db is not None:  # the file's directory: no alias decoded
            key = ("dir", region)
            if key not in self._unit_lists:
                self._unit_lists[key] = self._db.read_unit_dir(region)
            return list(self._unit_lists[key])
        return super().unit_directory(region)

    def unit_names(self, region: str | None = None) -> list[tuple[str, str]]:
        if self._units_only is not None and region is not None and region != self._units_only:
            return []
        region = region or self._units_only
        if self._units_d is None and self._db is not None:
            key = ("names", region)
            if key not in self._unit_lists:
                self._unit_lists[key] = self._db.read_unit_names(region)
            return list(self._unit_lists[key])
        return super().unit_names(region)

    def units_by_ids(self, unit_ids: Iterable[str]) -> dict[str, Unit]:
        found = {uid: self._unit(uid) for uid in unit_ids}
        return {uid: u for uid, u in found.items() if u is not None}

    def units(self) -> list[Unit]:
        if self._units_only is not None:
            if self._units_d is None and self._db is not None:
                units = self._db.read_units_of_region(self._units_only)
            else:
                units = [u for u in self._units.values() if u.region == self._units_only]
            return sorted(units, key=lambda u: u.name)
        return sorted(self._units.values(), key=lambda u: u.name)

    def _row(self, t: Task, mention_index: int | None, unit: Unit | None, via: str) -> Assignment:
        plan = self._plans[t.plan_id]
        m = t.mentions[mention_index] if mention_index is not None else None
        return Assignment(
            source=plan.source,
            plan_id=plan.id,
            plan_title=plan.title,
            period_start=plan.period_start,
            period_end=plan.period_end,
            task_id=t.id,
            path=t.path,
            kind=t.kind,
            title=t.title,
            unit_id=unit.id if unit else "",
            unit=unit.name if unit else (m.text if m else ""),
            unit_short=m.text if m else "",
            unit_region=(unit.region or "") if unit else "",
            role=m.role if m else "",
            order=m.order if m else 0,
            via_group=via,
            quote=t.text,
            deadline=t.deadline or "",
            due_date=t.due_date or "",
        )

    def assignments_of_units(self, unit_ids: list[str], via_groups: bool = True) -> list[Assignment]:
        unit_ids = list(dict.fromkeys(unit_ids))  # a unit asked for twice is shown once
        if self._lazy and self._db is not None:
            return self._indexed_assignments(unit_ids, via_groups)
        rows: list[Assignment] = []
        for uid in unit_ids:
            unit = self._unit(uid)
            if unit is None:
                continue
            for t, i in self._tasks_of_unit(uid):
                rows.append(self._row(t, i, unit, ""))
            if via_groups:
                for gid, _ in self._out(uid, "MEMBER_OF"):
                    group = self._unit(gid)
                    if group is None:
                        continue
                    for t, i in self._tasks_of_unit(gid):
                        rows.append(self._row(t, i, unit, group.name))
        return self._sorted_rows(rows)

    def _places(self) -> dict[str, int]:
        """Each plan's place in the plans' order (built once per set of plans)."""
        if self._plan_places is None or self._plan_places[0] is not self._plans:
            self._plan_places = (self._plans, {pid: i for i, pid in enumerate(self._plans)})
        return self._plan_places[1]

    def _indexed_assignments(self, unit_ids: list[str], via_groups: bool) -> list[Assignment]:
        """``assignments_of_units`` from the file's ``duties`` index: the same rows in the same
        order, without decoding a plan body (a unit's tasks on a store of 10 000 plans)."""
        assert self._db is not None
        wanted: dict[str, list[tuple[Unit, str]]] = {}  # holder of the mention -> (unit shown, via group)
        for uid in unit_ids:
            unit = self._unit(uid)
            if unit is None:
                continue
            wanted.setdefault(uid, []).append((unit, ""))
            if via_groups:
                for gid, _ in self._out(uid, "MEMBER_OF"):
                    group = self._unit(gid)
                    if group is not None:
                        wanted.setdefault(gid, []).append((unit, group.name))
        keyed: list[tuple[tuple[Any, ...], Assignment]] = []
        seq = {uid: i for i, uid in enumerate(unit_ids)}
        places = self._places()
        shown = {  # per holder: (via group, the shown unit's id, name, region, place in unit_ids)
            holder: [(via, u.id, u.name, u.region or "", seq.get(u.id, 0)) for u, via in held]
            for holder, held in wanted.items()
        }
        of_plan: dict[str, tuple[Plan, int, int] | None] = {}  # a plan's fields, looked up once per plan
        for (
            holder,
            tid,
            idx,
            pid,
            role,
            order,
            printed,
            path,
            kind,
            title,
            text,
            deadline,
            due_date,
            start,
            pos,
        ) in self._db.duties_of_units(wanted):
            if pid not in of_plan:
                p = self._plans.get(pid)
                of_plan[pid] = None if p is None else (p, LEVEL_ORDER.get(p.level, 4), places.get(pid, 0))
            found = of_plan[pid]
            if found is None:
                continue
            plan, level, place = found
            for via, unit_id, unit_name, unit_region, unit_seq in shown[holder]:
                row = assignment_of(
                    (
                        plan.source,
                        plan.id,
                        plan.title,
                        plan.period_start,
                        plan.period_end,
                        tid,
                        path,
                        kind,
                        title,
                        unit_id,
                        unit_name,
                        printed,
                        unit_region,
                        role,
                        order,
                        via,
                        text,
                        deadline,
                        due_date,
                    )
                )
                keyed.append(((level, plan.title, start, order, via, unit_seq, place, pos, idx), row))
        # the in-memory answer's order: plan level and title, document order, the mention's order,
        # then (its sort is stable) the order its rows are made in: unit by unit, plan by plan,
        # task by task, mention by mention
        keyed.sort(key=lambda kr: kr[0])
        return [row for _, row in keyed]

    def assignments_of_plan(self, plan_id: str) -> list[Assignment]:
        body = self._body(plan_id)
        if body is None:
            return []
        rows: list[Assignment] = []
        for t in body[2]:
            if not t.mentions:
                rows.append(self._row(t, None, None, ""))
            for i, m in enumerate(t.mentions):
                rows.append(self._row(t, i, self._unit(m.unit_id), ""))
        return self._sorted_rows(rows)

    def _sorted_rows(self, rows: list[Assignment]) -> list[Assignment]:
        def key(r: Assignment) -> tuple[object, ...]:
            plan = self._plans[r.plan_id]
            task = self._task(r.task_id)
            start = task.span.start if task is not None else 0
            return (LEVEL_ORDER.get(plan.level, 4), r.plan_title, start, r.order, r.via_group)

        return sorted(rows, key=key)

    def indicators(self, metric: str | None = None) -> list[IndicatorRow]:
        out = []
        for pid, items in self._all_indicators().items():
            plan = self._plans.get(pid)
            if plan is None:
                continue
            for ind in items:
                if metric is not None and ind.metric != metric:
                    continue
                out.append(
                    IndicatorRow(
                        id=ind.id,
                        source=plan.source,
                        plan_id=plan.id,
                        plan_title=plan.title,
                        region=plan.region or "",
                        level=plan.level or "",
                        name=ind.name,
                        metric=ind.metric,
                        baseline=ind.baseline,
                        baseline_year=ind.baseline_year,
                        target=ind.target,
                        target_year=ind.target_year,
                        comparator=ind.comparator,
                        measure_unit=ind.measure_unit,
                        nature=ind.nature,
                        flag=ind.flag,
                        quote=ind.quote,
                    )
                )
        return sorted(out, key=lambda r: (LEVEL_ORDER.get(r.level, 4), r.plan_title, r.id))

    def indicator(self, indicator_id: str) -> Indicator | None:
        return self._indicator(indicator_id)

    def cascade(self, node_id: str) -> list[CascadeLink]:
        links: list[CascadeLink] = []
        for etype in ("CASCADES_FROM", "REFINES", "IMPLEMENTS"):
            for dst, props in self._out(node_id, etype):
                links.append(self._link(etype, "up", dst, props))
            for src, props in self._in(node_id, etype):
                links.append(self._link(etype, "down", src, props))
        return sorted(links, key=lambda x: (x.direction != "up", x.type, x.plan_title, x.path, x.node_id))

    def _link(self, etype: str, direction: str, node: str, props: dict[str, object]) -> CascadeLink:
        score = props.get("score")
        score_f = float(score) if isinstance(score, int | float) else None
        t = self._task(node)
        if t is not None:
            plan = self._plans[t.plan_id]
            owners = tuple(self._unit_name(m.unit_id, m.text) for m in t.mentions)
            return CascadeLink(etype, direction, node, plan.id, plan.title, t.path, t.title, score_f, owners)
        ind = self._indicator(node)
        if ind is not None:
            plan = self._plans[ind.plan_id]
            return CascadeLink(etype, direction, node, plan.id, plan.title, "", ind.name, score_f, ())
        plan_ = self._plans.get(node)
        title = plan_.title if plan_ else node
        return CascadeLink(etype, direction, node, node, title, "", title, score_f, ())

    def task_text(self, task_id: str) -> tuple[str, str] | None:
        t = self._task(task_id)
        if t is None:
            return None
        return self._plans[t.plan_id].title, t.text


def _merged_links(
    stored: list[Edge], edges: list[Edge], keys: Mapping[str, str] | None, linked: set[str] | None
) -> list[Edge]:
    """The memory store's edges after a write (``SqliteBackend.write_links`` on a list): the
    stored blocks ``keys`` keeps (not ``linked`` again) and ``edges``, in the stored order."""
    if keys is None:
        return ordered(edges)
    made = by_owner(edges)
    blocks = {o: b for o, b in by_owner(stored).items() if o != GLOBAL and o in keys and o not in (linked or set())}
    blocks.update(made)
    return [e for owner in sorted(blocks) for e in blocks[owner]]


def _group(graph: KnowledgeGraph) -> dict[str, tuple[list[Section], list[Task], list[Indicator]]]:
    """Each plan's sections, tasks and indicators, in the graph's order (one pass)."""
    out: dict[str, tuple[list[Section], list[Task], list[Indicator]]] = {}

    def parts(pid: str) -> tuple[list[Section], list[Task], list[Indicator]]:
        if pid not in out:
            out[pid] = ([], [], [])
        return out[pid]

    for s in graph.sections.values():
        parts(s.plan_id)[0].append(s)
    for t in graph.tasks.values():
        parts(t.plan_id)[1].append(t)
    for i in graph.indicators.values():
        parts(i.plan_id)[2].append(i)
    return out


def _same_meta(a: Plan, b: Plan) -> bool:
    return replace(a, text="", original="", offset_map=[]) == replace(b, text="", original="", offset_map=[])


def _nx_of(edges: list[Edge]) -> nx.MultiDiGraph:
    import networkx as nx

    g: nx.MultiDiGraph = nx.MultiDiGraph()
    for e in edges:
        g.add_edge(e.src, e.dst, key=e.type, **e.props)
    return g
