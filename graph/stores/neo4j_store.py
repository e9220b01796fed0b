"""The shared store: the same graph on a Neo4j 5 server, through the official driver.

Every statement is a file in ``cypher/`` loaded by name (graph.cypher_catalog);
Python passes parameters only, and picks edge statements from a fixed list
keyed by (edge type, source label, target label).

Layout (see ``docs/neo4j.md``): nodes ``Plan``, ``Section``, ``Task``,
``Indicator``, ``Unit``, ``Region``, ``Metric``; structural relationships
``HAS_SECTION``/``HAS_TASK``/``HAS_INDICATOR`` (plan → part) and
``PARENT_OF`` (outline tree); ``ASSIGNED_TO`` (task → unit, one per
mention); and the cross-document edges of ``graph.model.EDGE_TYPES``.
Property encoding is in ``graph.stores.neo4j_codec``.

A write is ONE managed transaction (``session.execute_write``, retried by
the driver on transient errors, so the work is idempotent): it replaces the
subgraphs of changed and removed plans — and of any plan that is in the
graph but not in the database or the reverse, so the database always ends
equal to the graph — then rewrites the cross-document layer (units,
regions, metrics, stub plans, all mentions, all edges) with batched
``UNWIND $rows … MERGE``. Readers therefore see the old graph or the new one.

Answers are the embedded store's: the same row types, and the same
ordering rules applied in Python, so both stores sort ties alike.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, LiteralString, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import ConfigurationError, DriverError, Neo4jError

from graph.cypher_catalog import schema_statements, statement
from graph.errors import StoreError
from graph.ledger_cypher import LEDGER_STATEMENTS
from graph.model import Indicator, KnowledgeGraph, Plan, Unit
from graph.rows import Assignment, CascadeLink, IndicatorRow, OutlineRow
from graph.stores import neo4j_codec as codec
from graph.stores.base import GraphStore
from graph.stores.ordering import LEVEL_ORDER, outline_depth

__all__ = ["DEFAULT_BATCH_SIZE", "EDGE_STATEMENTS", "Neo4jStore", "statement_names"]

DEFAULT_BATCH_SIZE = 1000

# The driver logs connection trouble itself; with no handler configured Python would print
# those records raw to stderr before our one-line StoreError. Keep them for whoever configures
# logging, out of the user's terminal otherwise.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


#: The statement writing each (edge type, source label, target label).
EDGE_STATEMENTS: dict[tuple[str, str, str], str] = {
    (etype, src, dst): f"merge_edge_{etype.lower()}_{src.lower()}_{dst.lower()}"
    for etype, pairs in codec.EDGE_ENDPOINTS.items()
    for src, dst in pairs
}

_WRITE_STATEMENTS = (
    "plan_ids_stored",
    "delete_plan_parts",
    "delete_plans",
    "delete_edges",
    "delete_units",
    "delete_regions",
    "delete_metrics",
    "delete_stub_plans",
    "clear_loose_mentions",
    "clear_all",
    "merge_plans",
    "set_plan_seq",
    "merge_sections",
    "merge_tasks",
    "merge_indicators",
    "link_parents",
    "merge_units",
    "merge_regions",
    "merge_metrics",
    "merge_assignments",
    "set_loose_mentions",
)
_READ_STATEMENTS = (
    "read_plans",
    "read_outline_sections",
    "read_outline_tasks",
    "read_units",
    "read_assignments_direct",
    "read_assignments_via_groups",
    "read_assignments_of_plan",
    "read_indicators",
    "read_cascade_up",
    "read_cascade_down",
    "read_task_text",
    "read_indicator",
    "dump_plans",
    "dump_sections",
    "dump_tasks",
    "dump_indicators",
    "dump_assignments",
    "dump_regions",
    "dump_metrics",
    "dump_edges",
)

Row = dict[str, Any]
R = TypeVar("R")


def statement_names() -> list[str]:
    """Every ``cypher/`` statement this store runs (``schema`` included; the ledger's too, graph.ledger_neo4j)."""
    return sorted({"schema", *_WRITE_STATEMENTS, *_READ_STATEMENTS, *EDGE_STATEMENTS.values(), *LEDGER_STATEMENTS})


def _query(name: str) -> LiteralString:
    # The text comes from a reviewed file of the repository, never from data:
    # that is the guarantee the driver's LiteralString stands for (mypy treats it as str).
    return statement(name)


def _run(tx: ManagedTransaction, name: str, **params: Any) -> list[Row]:
    return [record.data() for record in tx.run(_query(name), params)]


def _batches(rows: Sequence[R], size: int) -> Iterator[Sequence[R]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class Neo4jStore(GraphStore):
    """Store on a Neo4j server; hand in a driver, or use :meth:`from_uri`."""

    def __init__(
        self,
        driver: Driver,
        database: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        *,
        owns_driver: bool = False,
        uri: str = "",
    ) -> None:
        if batch_size < 1:
            raise StoreError(f"{uri or 'neo4j'}: batch size must be at least 1, not {batch_size}")
        self.driver = driver
        self.database = database or None
        self.batch_size = batch_size
        self._owns_driver = owns_driver
        self._uri = uri or "neo4j"
        self._schema_ready = False

    @classmethod
    def from_uri(cls, uri: str, batch_size: int = DEFAULT_BATCH_SIZE) -> Neo4jStore:
        """Connect to ``uri`` with ``$NEO4J_USER`` (default ``neo4j``), ``$NEO4J_PASSWORD``
        and ``$NEO4J_DATABASE`` (default: the server's default database)."""
        user = os.environ.get("NEO4J_USER", "neo4j")
        password = os.environ.get("NEO4J_PASSWORD")
        auth = (user, password) if password is not None else None
        try:
            driver = GraphDatabase.driver(uri, auth=auth)
        except (ConfigurationError, ValueError) as exc:
            raise StoreError(f"{uri}: not a usable Neo4j URI ({exc})") from exc
        try:
            driver.verify_connectivity()
        except (DriverError, Neo4jError, OSError) as exc:
            driver.close()
            raise StoreError(f"{uri}: cannot reach Neo4j ({_one_line(exc)})") from exc
        return cls(
            driver,
            database=os.environ.get("NEO4J_DATABASE"),
            batch_size=batch_size,
            owns_driver=True,
            uri=uri,
        )

    def close(self) -> None:
        if self._owns_driver:
            self.driver.close()

    # -- plumbing -----------------------------------------------------------
    def _write(self, work: Callable[[ManagedTransaction], R]) -> R:
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work)
        except (Neo4jError, DriverError) as exc:
            raise StoreError(f"{self._uri}: write failed ({_one_line(exc)})") from exc

    def _read(self, name: str, **params: Any) -> list[Row]:
        def work(tx: ManagedTransaction) -> list[Row]:
            return _run(tx, name, **params)

        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_read(work)
        except (Neo4jError, DriverError) as exc:
            raise StoreError(f"{self._uri}: {name} failed ({_one_line(exc)})") from exc

    def ensure_schema(self) -> None:
        """Create the constraints and indexes of ``cypher/schema.cypher`` (idempotent)."""
        if self._schema_ready:
            return
        for text in schema_statements():

            def work(tx: ManagedTransaction, q: LiteralString = text) -> None:
                tx.run(q).consume()

            self._write(work)
        self._schema_ready = True

    def _unwind(self, tx: ManagedTransaction, name: str, rows: Sequence[Row]) -> None:
        for chunk in _batches(rows, self.batch_size):
            tx.run(_query(name), rows=list(chunk)).consume()

    # -- writes -------------------------------------------------------------
    def write(
        self,
        graph: KnowledgeGraph,
        changed_plans: Iterable[str],
        removed_plans: Iterable[str] = (),
    ) -> None:
        edge_rows = _edge_rows(graph)  # fails before touching the database
        changed = set(changed_plans)
        removed = set(removed_plans)
        loaded = {pid for pid, p in graph.plans.items() if not p.stub}
        self.ensure_schema()

        def work(tx: ManagedTransaction) -> None:
            stored = {row["id"] for row in _run(tx, "plan_ids_stored")}
            rewrite = (changed & loaded) | (loaded - stored)
            drop = sorted(removed | rewrite | (stored - loaded))
            for name in ("delete_plan_parts", "delete_plans"):
                for chunk in _batches(drop, self.batch_size):
                    tx.run(_query(name), plan_ids=list(chunk)).consume()
            for name in (
                "delete_edges",
                "delete_units",
                "delete_regions",
                "delete_metrics",
                "delete_stub_plans",
                "clear_loose_mentions",
            ):
                tx.run(_query(name)).consume()
            self._write_plans(tx, graph, rewrite)
            self._write_cross_layer(tx, graph, edge_rows)

        self._write(work)

    def _write_plans(self, tx: ManagedTransaction, graph: KnowledgeGraph, rewrite: set[str]) -> None:
        plan_seq = {pid: i for i, pid in enumerate(graph.plans)}
        plans = [codec.plan_props(graph.plans[pid], plan_seq[pid]) for pid in graph.plans if pid in rewrite]
        self._unwind(tx, "merge_plans", plans)
        unit_ids = frozenset(graph.units)
        sections, tasks, indicators, parents = [], [], [], []
        seq: dict[str, int] = {}

        def next_seq(plan_id: str) -> int:
            seq[plan_id] = seq.get(plan_id, -1) + 1
            return seq[plan_id]

        for s in graph.sections.values():
            if s.plan_id in rewrite:
                sections.append(codec.section_props(s, next_seq(s.plan_id)))
                if s.parent_id:
                    parents.append({"id": s.id, "parent_id": s.parent_id})
        seq.clear()
        for t in graph.tasks.values():
            if t.plan_id in rewrite:
                tasks.append(codec.task_props(t, next_seq(t.plan_id), unit_ids))
                if t.parent_id:
                    parents.append({"id": t.id, "parent_id": t.parent_id})
        seq.clear()
        for i in graph.indicators.values():
            if i.plan_id in rewrite:
                indicators.append(codec.indicator_props(i, next_seq(i.plan_id)))
        self._unwind(tx, "merge_sections", sections)
        self._unwind(tx, "merge_tasks", tasks)
        self._unwind(tx, "merge_indicators", indicators)
        self._unwind(tx, "link_parents", parents)

    def _write_cross_layer(
        self, tx: ManagedTransaction, graph: KnowledgeGraph, edge_rows: dict[str, list[Row]]
    ) -> None:
        stubs = [codec.plan_props(p, i) for i, p in enumerate(graph.plans.values()) if p.stub]
        self._unwind(tx, "merge_plans", stubs)
        self._unwind(tx, "set_plan_seq", [{"id": pid, "seq": i} for i, pid in enumerate(graph.plans)])
        self._unwind(tx, "merge_units", [codec.unit_props(u, i) for i, u in enumerate(graph.units.values())])
        self._unwind(tx, "merge_regions", [codec.region_props(r, i) for i, r in enumerate(graph.regions.values())])
        self._unwind(tx, "merge_metrics", [codec.metric_props(m, i) for i, m in enumerate(graph.metrics.values())])
        unit_ids = frozenset(graph.units)
        assigned: list[Row] = []
        loose: list[Row] = []
        for t in graph.tasks.values():
            for idx, m in enumerate(t.mentions):
                if m.unit_id and m.unit_id in unit_ids:
                    assigned.append({"task_id": t.id, "unit_id": m.unit_id, "props": codec.assignment_props(m, idx)})
            text = codec.loose_mentions(t, unit_ids)
            if text is not None:
                loose.append({"task_id": t.id, "loose_mentions": text})
        self._unwind(tx, "merge_assignments", assigned)
        self._unwind(tx, "set_loose_mentions", loose)
        for name, rows in edge_rows.items():
            self._unwind(tx, name, rows)

    def clear(self) -> None:
        def work(tx: ManagedTransaction) -> None:
            tx.run(_query("clear_all")).consume()

        self._write(work)

    # -- whole graph --------------------------------------------------------
    def read_graph(self) -> KnowledgeGraph:
        def work(tx: ManagedTransaction) -> dict[str, list[Row]]:
            names = ("plans", "sections", "tasks", "indicators", "assignments", "regions", "metrics", "edges")
            out = {n: _run(tx, f"dump_{n}") for n in names}
            out["units"] = _run(tx, "read_units")
            return out

        try:
            with self.driver.session(database=self.database) as session:
                data = session.execute_read(work)
        except (Neo4jError, DriverError) as exc:
            raise StoreError(f"{self._uri}: reading the graph failed ({_one_line(exc)})") from exc
        linked: dict[str, list[tuple[str, codec.Props]]] = {}
        for row in data["assignments"]:
            linked.setdefault(row["task_id"], []).append((row["unit_id"], row["props"]))
        g = KnowledgeGraph()
        g.plans = {p.id: p for p in (codec.plan_from(r["props"]) for r in data["plans"])}
        g.sections = {s.id: s for s in (codec.section_from(r["props"]) for r in data["sections"])}
        g.tasks = {
            t.id: t for t in (codec.task_from(r["props"], linked.get(r["props"]["id"], [])) for r in data["tasks"])
        }
        g.indicators = {i.id: i for i in (codec.indicator_from(r["props"]) for r in data["indicators"])}
        g.units = {u.id: u for u in (codec.unit_from(r["props"]) for r in data["units"])}
        g.regions = {r.id: r for r in (codec.region_from(row["props"]) for row in data["regions"])}
        g.metrics = {m.id: m for m in (codec.metric_from(r["props"]) for r in data["metrics"])}
        g.edges = [codec.edge_from(r["type"], r["src"], r["dst"], r["props"]) for r in data["edges"]]
        return g

    # -- reads --------------------------------------------------------------
    def plans(self) -> list[Plan]:
        rows = self._read("read_plans")
        rows.sort(key=lambda r: (LEVEL_ORDER.get(r["level"], 4), bool(r["stub"]), r["title"], r["seq"]))
        return [codec.plan_from(r) for r in rows]

    def outline(self, plan_id: str) -> list[OutlineRow]:
        sections = self._read("read_outline_sections", plan_id=plan_id)
        tasks = self._read("read_outline_tasks", plan_id=plan_id)
        parents: dict[str, str | None] = {r["id"]: r["parent_id"] for r in (*sections, *tasks)}
        keyed: list[tuple[tuple[int, int, int, int, int], OutlineRow]] = []
        for kind_rank, rows in ((0, sections), (1, tasks)):
            for r in rows:
                names = _owner_names(r["owners"], r["loose_mentions"]) if kind_rank else ()
                kind = r["kind"] if kind_rank else "section"
                depth = outline_depth(r["id"], parents)
                row = OutlineRow(r["id"], r["path"], kind, r["title"], depth, names, r["span_start"], r["span_end"])
                keyed.append(((row.start, -row.end, row.depth, kind_rank, r["seq"]), row))
        return [row for _, row in sorted(keyed, key=lambda kr: kr[0])]

    def units(self) -> list[Unit]:
        units = [codec.unit_from(r["props"]) for r in self._read("read_units")]
        return sorted(units, key=lambda u: u.name)  # stable: ties keep graph order

    def assignments_of_units(self, unit_ids: list[str], via_groups: bool = True) -> list[Assignment]:
        asked = [{"k": k, "id": uid} for k, uid in enumerate(unit_ids)]
        rows = self._read("read_assignments_direct", units=asked)
        if via_groups:
            rows += self._read("read_assignments_via_groups", units=asked)
        return _sorted_assignments(rows)

    def assignments_of_plan(self, plan_id: str) -> list[Assignment]:
        rows: list[Row] = []
        tasks_seen: dict[str, Row] = {}
        linked: set[str] = set()
        for r in self._read("read_assignments_of_plan", plan_id=plan_id):
            tasks_seen.setdefault(r["task_id"], r)
            if r["idx"] is not None:
                rows.append(r)
                linked.add(r["task_id"])
        for task_id, r in tasks_seen.items():
            loose = json.loads(r["loose_mentions"] or "[]")
            for m in loose:
                rows.append(
                    {
                        **r,
                        "idx": m["idx"],
                        "mention": m["text"],
                        "role": m["role"],
                        "mention_order": m["order"],
                        "unit_id": None,
                        "unit": None,
                        "unit_region": None,
                    }
                )
            if not loose and task_id not in linked:
                rows.append({**r, "idx": None})
        return _sorted_assignments(rows)

    def indicators(self, metric: str | None = None) -> list[IndicatorRow]:
        rows = [
            IndicatorRow(
                **{
                    **r,
                    "region": r["region"] or "",
                    "level": r["level"] or "",
                    "comparator": r["comparator"] or "=",
                    "quote": r["quote"] or "",
                }
            )
            for r in self._read("read_indicators", metric=metric)
        ]
        return sorted(rows, key=lambda r: (LEVEL_ORDER.get(r.level, 4), r.plan_title, r.id))

    def cascade(self, node_id: str) -> list[CascadeLink]:
        links: list[CascadeLink] = []
        for direction in ("up", "down"):
            merged: dict[tuple[str, str], tuple[Row, dict[str, Any]]] = {}
            for r in sorted(self._read(f"read_cascade_{direction}", node_id=node_id), key=lambda r: r["seq"]):
                key = (r["type"], r["node_id"])
                props = json.loads(r["props"]) if r["props"] else {}
                if key in merged:  # parallel edges of one type are one link, later props win
                    props = {**merged[key][1], **props}
                merged[key] = (r, props)
            links.extend(_cascade_link(r, direction, props) for r, props in merged.values())
        return sorted(links, key=lambda x: (x.direction != "up", x.type, x.plan_title, x.path, x.node_id))

    def task_text(self, task_id: str) -> tuple[str, str] | None:
        rows = self._read("read_task_text", task_id=task_id)
        return (rows[0]["plan_title"], rows[0]["text"]) if rows else None

    def indicator(self, indicator_id: str) -> Indicator | None:
        rows = self._read("read_indicator", indicator_id=indicator_id)
        return codec.indicator_from(rows[0]["props"]) if rows else None


# -- helpers ----------------------------------------------------------------
def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _edge_rows(graph: KnowledgeGraph) -> dict[str, list[Row]]:
    """Edge rows grouped by the statement that writes them; an edge of an unknown shape is an error."""
    out: dict[str, list[Row]] = {}
    for seq, e in enumerate(graph.edges):
        src, dst = codec.label_of(graph, e.src), codec.label_of(graph, e.dst)
        name = EDGE_STATEMENTS.get((e.type, src or "", dst or ""))
        if name is None:
            shape = f"{src or 'missing node'} -> {dst or 'missing node'}"
            raise StoreError(f"edge {e.type} {e.src} -> {e.dst}: cannot be stored in Neo4j ({shape})")
        out.setdefault(name, []).append({"src": e.src, "dst": e.dst, **codec.edge_props(e, seq)})
    return out


def _owner_names(owners: list[list[Any]], loose_json: str | None) -> tuple[str, ...]:
    """Unit names of a task's mentions in mention order: linked units' names, else the printed text."""
    by_idx: dict[int, str] = {int(idx): name for idx, name in owners if idx is not None}
    for m in json.loads(loose_json or "[]"):
        by_idx[int(m["idx"])] = m["text"]
    return tuple(by_idx[i] for i in sorted(by_idx))


def _assignment(r: Row) -> Assignment:
    has_mention = r["idx"] is not None
    return Assignment(
        source=r["source"] or "",
        plan_id=r["plan_id"],
        plan_title=r["plan_title"],
        period_start=r["period_start"],
        period_end=r["period_end"],
        task_id=r["task_id"],
        path=r["path"],
        kind=r["kind"],
        title=r["title"],
        unit_id=r["unit_id"] or "",
        unit=r["unit"] if r["unit"] is not None else (r["mention"] if has_mention else ""),
        unit_short=r["mention"] if has_mention else "",
        unit_region=r["unit_region"] or "",
        role=r["role"] if has_mention else "",
        order=r["mention_order"] if has_mention else 0,
        via_group=r["via_group"],
        quote=r["quote"],
        deadline=r.get("deadline") or "",
        due_date=r.get("due_date") or "",
    )


def _sorted_assignments(rows: list[Row]) -> list[Assignment]:
    """The embedded store's order: level, plan title, task start, mention order, group;
    ties as it meets them: the asked unit's place, plan, task, mention."""

    def key(r: Row) -> tuple[Any, ...]:
        order = r["mention_order"] if r["idx"] is not None else 0
        return (
            LEVEL_ORDER.get(r["level"], 4),
            r["plan_title"],
            r["start"],
            order,
            r["via_group"],
            r["k"],
            r["plan_seq"],
            r["task_seq"],
            r["idx"] if r["idx"] is not None else -1,
        )

    return [_assignment(r) for r in sorted(rows, key=key)]


def _cascade_link(r: Row, direction: str, props: dict[str, Any]) -> CascadeLink:
    score = props.get("score")
    score_f = float(score) if isinstance(score, int | float) else None
    labels = set(r["labels"])
    if "Task" in labels:
        owners = _owner_names(r["owners"], r["loose_mentions"])
        return CascadeLink(
            r["type"], direction, r["node_id"], r["plan_id"], r["plan_title"], r["path"], r["title"], score_f, owners
        )
    if "Indicator" in labels:
        return CascadeLink(
            r["type"], direction, r["node_id"], r["plan_id"], r["plan_title"], "", r["name"], score_f, ()
        )
    title = r["title"] if r["title"] is not None else r["node_id"]
    return CascadeLink(r["type"], direction, r["node_id"], r["node_id"], title, "", title, score_f, ())
