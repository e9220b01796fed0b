"""KnowledgeGraph <-> plain JSON-able dicts (the NetworkX store's file format)."""

from __future__ import annotations

from typing import Any

from graph.model import (
    Alias,
    Edge,
    Indicator,
    KnowledgeGraph,
    Metric,
    Plan,
    Region,
    Section,
    Span,
    Task,
    Unit,
    UnitMention,
    to_dict,
)

__all__ = ["FORMAT_VERSION", "graph_from_dict", "graph_to_dict"]

FORMAT_VERSION = 1


def graph_to_dict(graph: KnowledgeGraph) -> dict[str, Any]:
    """A dict of lists, stable in order, that ``json.dump`` can write."""
    return {
        "format": FORMAT_VERSION,
        "plans": [to_dict(p) for p in graph.plans.values()],
        "sections": [to_dict(s) for s in graph.sections.values()],
        "tasks": [to_dict(t) for t in graph.tasks.values()],
        "indicators": [to_dict(i) for i in graph.indicators.values()],
        "units": [to_dict(u) for u in graph.units.values()],
        "regions": [to_dict(r) for r in graph.regions.values()],
        "metrics": [to_dict(m) for m in graph.metrics.values()],
        "edges": [to_dict(e) for e in graph.edges],
    }


def _span(d: dict[str, int] | None) -> Span | None:
    return Span(d["start"], d["end"]) if d else None


def _task(d: dict[str, Any]) -> Task:
    mentions = [UnitMention(**{**m, "span": _span(m.get("span"))}) for m in d.get("mentions", [])]
    span = _span(d["span"])
    assert span is not None
    return Task(**{**d, "span": span, "mentions": mentions})


def _section(d: dict[str, Any]) -> Section:
    span = _span(d["span"])
    assert span is not None
    return Section(**{**d, "span": span})


def graph_from_dict(data: dict[str, Any]) -> KnowledgeGraph:
    """Inverse of :func:`graph_to_dict`."""
    g = KnowledgeGraph()
    g.plans = {d["id"]: Plan(**d) for d in data.get("plans", [])}
    g.sections = {d["id"]: _section(d) for d in data.get("sections", [])}
    g.tasks = {d["id"]: _task(d) for d in data.get("tasks", [])}
    g.indicators = {d["id"]: Indicator(**{**d, "span": _span(d.get("span"))}) for d in data.get("indicators", [])}
    g.units = {
        d["id"]: Unit(**{**d, "aliases": [Alias(**a) for a in d.get("aliases", [])]}) for d in data.get("units", [])
    }
    g.regions = {d["id"]: Region(**d) for d in data.get("regions", [])}
    g.metrics = {d["id"]: Metric(**d) for d in data.get("metrics", [])}
    g.edges = [Edge(**d) for d in data.get("edges", [])]
    return g
