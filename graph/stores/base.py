"""The GraphStore interface: what every store (NetworkX, Neo4j) must answer.

Writes take a whole ``KnowledgeGraph`` plus the ids of plans that changed,
so a store can replace just those plans' subgraphs (in one transaction) and
rewrite the cross-document layer (units, regions, metrics, edges).
Reads are the product's queries; ``graph/queries.py`` wraps them as plain
functions, and one contract-test module checks both stores give the same
answers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable

from graph.model import Indicator, KnowledgeGraph, Plan, Task, Unit
from graph.rows import Assignment, CascadeLink, IndicatorRow, OutlineRow, UnitEntry

__all__ = ["GraphStore", "entry_of", "names_of"]


def entry_of(u: Unit) -> UnitEntry:
    """The directory entry of a unit."""
    return UnitEntry(u.id, u.name, u.region, u.level, u.category, u.short, u.flagged, len(u.aliases))


def names_of(u: Unit) -> list[str]:
    """A unit's names as a typed name is matched against them: name, short form, alias texts,
    each once and none empty, in that order."""
    return [t for t in dict.fromkeys([u.name, u.short, *(a.text for a in u.aliases)]) if t]


class GraphStore(ABC):
    """Abstract store. Implementations must be safe to call repeatedly."""

    # -- writes -----------------------------------------------------------
    @abstractmethod
    def write(
        self,
        graph: KnowledgeGraph,
        changed_plans: Iterable[str],
        removed_plans: Iterable[str] = (),
    ) -> None:
        """Persist ``graph``: replace the changed plans, drop the removed ones,
        and rewrite the cross-document layer. Atomic: a reader sees the old
        graph or the new one, never a mix."""

    @abstractmethod
    def read_graph(self) -> KnowledgeGraph:
        """The whole graph (used to rebuild the cross-document layer)."""

    def plan_tasks(self, plan_id: str) -> dict[str, Task]:
        """One plan's stored tasks by id, with the structure the loaders read (a store that can
        read one plan's body alone answers without reading the whole graph)."""
        return {t.id: t for t in self.read_graph().tasks.values() if t.plan_id == plan_id}

    @abstractmethod
    def clear(self) -> None:
        """Remove everything."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections (no-op for file stores)."""

    # -- reads ------------------------------------------------------------
    @abstractmethod
    def plans(self) -> list[Plan]:
        """All plans, stubs included, without their text, ordered by level then title."""

    @abstractmethod
    def outline(self, plan_id: str) -> list[OutlineRow]:
        """A plan's sections and tasks in document order, with unit names."""

    @abstractmethod
    def units(self) -> list[Unit]:
        """All units with their aliases, ordered by name."""

    def unit_directory(self, region: str | None = None) -> list[UnitEntry]:
        """Every unit (of ``region`` only, if given) without its aliases, in the order of
        :meth:`units` (a store that keeps them apart answers without decoding any alias)."""
        return [entry_of(u) for u in self.units() if region is None or u.region == region]

    def unit_names(self, region: str | None = None) -> list[tuple[str, str]]:
        """(unit id, name) for every way each unit (of ``region`` only, if given) is named — its
        name, short form and alias texts, each once, in that order — unit after unit in the
        order of :meth:`units`: what a typed name is matched against (``graph.search``)."""
        return [(u.id, t) for u in self.units() if region is None or u.region == region for t in names_of(u)]

    def units_by_ids(self, unit_ids: Iterable[str]) -> dict[str, Unit]:
        """These units with their aliases, by id (unknown ids left out; default: through
        :meth:`units`)."""
        wanted = set(unit_ids)
        return {u.id: u for u in self.units() if u.id in wanted}

    @abstractmethod
    def assignments_of_units(self, unit_ids: list[str], via_groups: bool = True) -> list[Assignment]:
        """Tasks of these units, directly and (if asked) through groups they belong to."""

    @abstractmethod
    def assignments_of_plan(self, plan_id: str) -> list[Assignment]:
        """Every task × unit row of one plan (tasks without units: one empty row)."""

    @abstractmethod
    def indicators(self, metric: str | None = None) -> list[IndicatorRow]:
        """Indicators, optionally of one metric, with their plan's region and level."""

    @abstractmethod
    def cascade(self, node_id: str) -> list[CascadeLink]:
        """Links from a task, indicator or plan up to what it carries out and
        down to what carries it out, with the owners of the far end."""

    @abstractmethod
    def task_text(self, task_id: str) -> tuple[str, str] | None:
        """(plan title, full text) of a task, for quoting its source."""

    def indicator(self, indicator_id: str) -> Indicator | None:
        """One indicator by id (default: through the full graph)."""
        return self.read_graph().indicators.get(indicator_id)
