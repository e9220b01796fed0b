"""The product's questions, as plain functions over a store.

Each store answers them natively (Python over NetworkX, Cypher files on
Neo4j). App pages and CLI commands reach the graph through graph/ only: these
queries, ``graph.search`` (a unit by any name), ``graph.cascade_queries``,
``graph.exports`` and ``graph.xlsx_export`` (tables), ``graph.decisions``
(review); loaders only to load files. ``graph.search`` reads a query with the
loaders' own name rules, so a name typed is read the way a document is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.errors import PlankgError
from graph.model import Plan, Unit
from graph.rows import Assignment, CascadeLink, IndicatorRow, OutlineRow, UnitEntry
from graph.stores.base import GraphStore

__all__ = [
    "Workload",
    "assignments_of_plan",
    "cascade",
    "find_metric",
    "find_plan",
    "indicators",
    "list_plans",
    "list_units",
    "overdue_counts",
    "plan_outline",
    "task_source",
    "tasks_of_units",
    "unit_directory",
    "unit_workloads",
    "units_by_ids",
    "workload",
]


def list_plans(store: GraphStore, include_stubs: bool = True) -> list[Plan]:
    """Plans ordered national → province → prefecture → county.

    >>> from graph.stores.networkx_store import NetworkXStore
    >>> list_plans(NetworkXStore(None))
    []
    """
    return [p for p in store.plans() if include_stubs or not p.stub]


def find_plan(store: GraphStore, key: str) -> Plan | None:
    """A plan by id, source file name, or a unique source prefix or title substring.

    None when nothing matches; :class:`PlankgError` naming the candidates when
    several do (a coordinator should be told to be more specific, not "no plan").
    """
    key = key.strip()
    if not key:
        return None
    plans = store.plans()
    for p in plans:
        if key == p.id or (p.source and key == p.source):
            return p
    for hits in (
        [p for p in plans if p.source and p.source.startswith(key)],
        [p for p in plans if p.title == key],
        [p for p in plans if p.title.startswith(key)],  # a cited title is often inside a longer one
        [p for p in plans if key in p.title],
    ):
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            names = "；".join(f"{p.source or p.id}（{p.title}）" for p in hits[:6])
            raise PlankgError(f"'{key}' 对应 {len(hits)} 个规划：{names}；请写得更具体 (ambiguous plan)")
    return None


def plan_outline(store: GraphStore, plan_id: str) -> list[OutlineRow]:
    """The plan's sections and tasks in document order, with unit names."""
    return store.outline(plan_id)


def list_units(store: GraphStore, flagged_only: bool = False) -> list[Unit]:
    """All units (or only those a person should review)."""
    units = store.units()
    if flagged_only:
        return [u for u in units if u.flagged or any(a.method == "fuzzy" for a in u.aliases)]
    return units


def unit_directory(store: GraphStore) -> list[UnitEntry]:
    """Every unit without its aliases, ordered by name (``GraphStore.unit_directory``)."""
    return store.unit_directory()


def units_by_ids(store: GraphStore, unit_ids: Iterable[str]) -> dict[str, Unit]:
    """These units with their aliases, by id (unknown ids left out)."""
    return store.units_by_ids(unit_ids)


def tasks_of_units(store: GraphStore, unit_ids: list[str], via_groups: bool = True) -> list[Assignment]:
    """Tasks these units own, as lead, participant or responsible; with
    ``via_groups`` also the tasks of groups they belong to (marked ``via_group``)."""
    return store.assignments_of_units(unit_ids, via_groups)


def assignments_of_plan(store: GraphStore, plan_id: str) -> list[Assignment]:
    """Every task × unit row of a plan, in document order (the 任务分工表's rows)."""
    return store.assignments_of_plan(plan_id)


def indicators(store: GraphStore, metric: str | None = None) -> list[IndicatorRow]:
    """Indicators across plans and levels, optionally of one metric."""
    return store.indicators(metric)


def cascade(store: GraphStore, node_id: str) -> list[CascadeLink]:
    """What a task, indicator or plan carries out (up) and what carries it out (down)."""
    return store.cascade(node_id)


def task_source(store: GraphStore, task_id: str) -> tuple[str, str] | None:
    """(plan title, full source text) of a task."""
    return store.task_text(task_id)


def find_metric(store: GraphStore, text: str) -> str | None:
    """The metric of the store that ``text`` names, or ``None``.

    People type a metric the way some plan printed it. Tried in turn: a metric
    name of the store; the printed ``name`` of one of its indicators; the metric
    vocabulary's reading of ``text`` (variants, guarded fuzzy match), in the
    context of the loaded plans' titles (so a variant that only holds for a
    subject holds when the loaded plans are about it). Only a metric that has
    indicators in the store is returned.

    >>> from graph.stores.networkx_store import NetworkXStore
    >>> find_metric(NetworkXStore(None), "万人高价值发明专利拥有量") is None
    True
    """
    key = text.strip()
    rows = store.indicators()
    metrics = {r.metric for r in rows}
    if not key or not metrics:
        return None
    if key in metrics:
        return key
    for r in rows:
        if r.name == key:
            return r.metric
    from loaders.indicators import load_vocabulary, match_metric

    context = "\n".join(p.title for p in store.plans())
    metric = match_metric(key, load_vocabulary(), context=context).metric
    return metric if metric in metrics else None


# -- a bureau's tasks, counted one way for the screen, the workbooks, csv and CLI --


@dataclass(frozen=True)
class Workload:
    """One unit's task counts. This is THE definition of "a bureau's tasks":

    * ``total`` — distinct tasks (sections' numbered items, box items and rows of an
      annexed 任务分工表 alike) the unit holds in any way: named itself, in any role,
      or through a working group it is a member of; a task counts once however many
      ways it is held;
    * ``lead`` / ``support`` / ``responsible`` — distinct tasks it holds itself in that role;
    * ``via_group`` — distinct tasks it holds *only* through a group;
    * ``annex_rows`` — how many of ``total`` are rows of an annexed 任务分工表;
    * ``plans`` — distinct plans these tasks are in.
    """

    total: int
    lead: int
    support: int
    responsible: int
    via_group: int
    plans: int
    annex_rows: int = 0


def workload(rows: Iterable[Assignment]) -> Workload:
    """Counts of :class:`Workload` from a unit's assignment rows (``tasks_of_units(..., via_groups=True)``).

    >>> workload([])
    Workload(total=0, lead=0, support=0, responsible=0, via_group=0, plans=0, annex_rows=0)
    """
    rows = list(rows)
    direct = {r.task_id for r in rows if not r.via_group}
    by_role: dict[str, set[str]] = {}
    for r in rows:
        if not r.via_group:
            by_role.setdefault(r.role, set()).add(r.task_id)
    tasks = {r.task_id for r in rows}
    return Workload(
        total=len(tasks),
        lead=len(by_role.get("lead", set())),
        support=len(by_role.get("support", set())),
        responsible=len(by_role.get("responsible", set())),
        via_group=len({r.task_id for r in rows if r.via_group} - direct),
        plans=len({r.plan_id for r in rows}),
        annex_rows=len({r.task_id for r in rows if r.kind == "annex_row"}),
    )


def unit_workloads(store: GraphStore, unit_ids: list[str] | None = None) -> dict[str, list[Assignment]]:
    """Every unit's assignment rows (directly and through its groups), by unit id, for
    :func:`workload` and per-plan counts; all units when ``unit_ids`` is None. Units
    with no task are present with no rows."""
    ids = unit_ids if unit_ids is not None else [u.id for u in store.units()]
    out: dict[str, list[Assignment]] = {uid: [] for uid in ids}
    for r in store.assignments_of_units(ids, True):
        out.setdefault(r.unit_id, []).append(r)
    return out


def overdue_counts(store: GraphStore, unit_ids: list[str]) -> dict[str, int] | None:
    """Overdue tasks per unit, from the supervision ledger (台账) once it exists; ``None`` until then.

    The ledger (``graph/ledger*``) fills this in: a function ``overdue_counts(store, unit_ids)``
    there is called when present, so the overview and the bureau page show its column.
    """
    try:
        from graph import ledger  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return None
    fn = getattr(ledger, "overdue_counts", None)
    if fn is None:
        return None
    result: dict[str, int] = fn(store, unit_ids)
    return result
