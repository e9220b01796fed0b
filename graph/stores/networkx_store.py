"""The embedded default store: a NetworkX graph persisted to one JSON file.

The file is replaced atomically (write to a temporary file in the same
folder, fsync, ``os.replace``), so a crash mid-write leaves the old graph.
Reads run over an in-memory ``networkx.MultiDiGraph`` built from the
KnowledgeGraph; the JSON keeps every node's full record.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from graph.atomic import write_atomic
from graph.errors import StoreError
from graph.model import KnowledgeGraph, Plan, Task, Unit
from graph.rows import Assignment, CascadeLink, IndicatorRow, OutlineRow
from graph.serialize import FORMAT_VERSION, graph_from_dict, graph_to_dict
from graph.stores.base import GraphStore
from graph.stores.ordering import LEVEL_ORDER, outline_depth

__all__ = ["NetworkXStore"]


class NetworkXStore(GraphStore):
    """Store backed by one JSON file; ``path=None`` keeps it in memory only."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = Path(path) if path is not None else None
        self._graph = KnowledgeGraph()
        if self.path is not None and self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StoreError(f"{self.path}: 无法读取图谱存储 (cannot read the store: {exc})") from exc
            if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
                found = data.get("format") if isinstance(data, dict) else type(data).__name__
                raise StoreError(
                    f"{self.path}: 不是 plankg 图谱存储，或版本不符；请删除后重新载入规划"
                    f" (store format {found!r}, expected {FORMAT_VERSION})"
                )
            try:
                self._graph = graph_from_dict(data)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise StoreError(f"{self.path}: 图谱存储已损坏 (the store is damaged: {exc!r})") from exc
        self._index()

    # -- writes -----------------------------------------------------------
    def write(
        self,
        graph: KnowledgeGraph,
        changed_plans: Iterable[str],
        removed_plans: Iterable[str] = (),
    ) -> None:
        self._graph = graph
        self._index()
        self._persist()

    def clear(self) -> None:
        self._graph = KnowledgeGraph()
        self._index()
        self._persist()

    def _persist(self) -> None:
        if self.path is None:
            return
        payload = json.dumps(graph_to_dict(self._graph), ensure_ascii=False, separators=(",", ":"))
        write_atomic(self.path, payload, StoreError, ("图谱存储", "the store"))

    def read_graph(self) -> KnowledgeGraph:
        return self._graph

    # -- index ------------------------------------------------------------
    def _index(self) -> None:
        g = self._graph
        nxg: nx.MultiDiGraph = nx.MultiDiGraph()
        for e in g.edges:
            nxg.add_edge(e.src, e.dst, key=e.type, **e.props)
        self._nx = nxg
        self._tasks_by_unit: dict[str, list[tuple[Task, int]]] = {}
        for t in g.tasks.values():
            for i, m in enumerate(t.mentions):
                if m.unit_id:
                    self._tasks_by_unit.setdefault(m.unit_id, []).append((t, i))

    def _out(self, node: str, etype: str) -> list[tuple[str, dict[str, object]]]:
        if node not in self._nx:
            return []
        return [(v, d) for _, v, k, d in self._nx.out_edges(node, keys=True, data=True) if k == etype]

    def _in(self, node: str, etype: str) -> list[tuple[str, dict[str, object]]]:
        if node not in self._nx:
            return []
        return [(u, d) for u, _, k, d in self._nx.in_edges(node, keys=True, data=True) if k == etype]

    # -- reads ------------------------------------------------------------
    def plans(self) -> list[Plan]:
        out = [Plan(**{**p.__dict__, "text": "", "original": "", "offset_map": []}) for p in self._graph.plans.values()]
        return sorted(out, key=lambda p: (LEVEL_ORDER.get(p.level, 4), p.stub, p.title))

    def outline(self, plan_id: str) -> list[OutlineRow]:
        g = self._graph
        sections = [s for s in g.sections.values() if s.plan_id == plan_id]
        tasks = [t for t in g.tasks.values() if t.plan_id == plan_id]
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
        unit = self._graph.units.get(unit_id or "")
        return unit.name if unit else fallback

    def units(self) -> list[Unit]:
        return sorted(self._graph.units.values(), key=lambda u: u.name)

    def _row(self, t: Task, mention_index: int | None, unit: Unit | None, via: str) -> Assignment:
        plan = self._graph.plans[t.plan_id]
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
        g = self._graph
        rows: list[Assignment] = []
        for uid in unit_ids:
            unit = g.units.get(uid)
            if unit is None:
                continue
            for t, i in self._tasks_by_unit.get(uid, []):
                rows.append(self._row(t, i, unit, ""))
            if via_groups:
                for gid, _ in self._out(uid, "MEMBER_OF"):
                    group = g.units.get(gid)
                    if group is None:
                        continue
                    for t, i in self._tasks_by_unit.get(gid, []):
                        rows.append(self._row(t, i, unit, group.name))
        return _sorted_rows(rows, g)

    def assignments_of_plan(self, plan_id: str) -> list[Assignment]:
        g = self._graph
        rows: list[Assignment] = []
        for t in g.tasks.values():
            if t.plan_id != plan_id:
                continue
            if not t.mentions:
                rows.append(self._row(t, None, None, ""))
            for i, m in enumerate(t.mentions):
                rows.append(self._row(t, i, g.units.get(m.unit_id or ""), ""))
        return _sorted_rows(rows, g)

    def indicators(self, metric: str | None = None) -> list[IndicatorRow]:
        g = self._graph
        out = []
        for ind in g.indicators.values():
            if metric is not None and ind.metric != metric:
                continue
            plan = g.plans[ind.plan_id]
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

    def cascade(self, node_id: str) -> list[CascadeLink]:
        links: list[CascadeLink] = []
        for etype in ("CASCADES_FROM", "REFINES", "IMPLEMENTS"):
            for dst, props in self._out(node_id, etype):
                links.append(self._link(etype, "up", dst, props))
            for src, props in self._in(node_id, etype):
                links.append(self._link(etype, "down", src, props))
        return sorted(links, key=lambda x: (x.direction != "up", x.type, x.plan_title, x.path, x.node_id))

    def _link(self, etype: str, direction: str, node: str, props: dict[str, object]) -> CascadeLink:
        g = self._graph
        score = props.get("score")
        score_f = float(score) if isinstance(score, int | float) else None
        if node in g.tasks:
            t = g.tasks[node]
            plan = g.plans[t.plan_id]
            owners = tuple(self._unit_name(m.unit_id, m.text) for m in t.mentions)
            return CascadeLink(etype, direction, node, plan.id, plan.title, t.path, t.title, score_f, owners)
        if node in g.indicators:
            ind = g.indicators[node]
            plan = g.plans[ind.plan_id]
            return CascadeLink(etype, direction, node, plan.id, plan.title, "", ind.name, score_f, ())
        plan_ = g.plans.get(node)
        title = plan_.title if plan_ else node
        return CascadeLink(etype, direction, node, node, title, "", title, score_f, ())

    def task_text(self, task_id: str) -> tuple[str, str] | None:
        t = self._graph.tasks.get(task_id)
        if t is None:
            return None
        return self._graph.plans[t.plan_id].title, t.text


def _sorted_rows(rows: list[Assignment], g: KnowledgeGraph) -> list[Assignment]:
    def key(r: Assignment) -> tuple[object, ...]:
        plan = g.plans[r.plan_id]
        return (LEVEL_ORDER.get(plan.level, 4), r.plan_title, g.tasks[r.task_id].span.start, r.order, r.via_group)

    return sorted(rows, key=key)
