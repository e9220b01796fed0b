"""Model objects ⇄ the flat property maps Neo4j stores (and the bulk CSVs carry).

Neo4j properties are primitives or lists of one primitive type. The layout
of each label is derived from the model's type hints, so a field added to
``graph.model`` is carried without touching this module:

* ``str``/``int``/``float``/``bool`` (and ``Literal``, ``X | None``) → the
  same primitive; ``list[str]``/``list[int]``/``list[float]`` (``Plan.cites``,
  ``Plan.offset_map``, ``Plan.warnings``) → a list property, absent when
  empty (an empty list carries no element type; it reads back as ``[]``);
* ``Span`` → two ints ``span_start``/``span_end`` (absent when there is no span);
* anything else (``Unit.aliases``, a future dict) → a JSON string;
  ``Unit`` also gets ``alias_text``, its alias texts one a line, for the
  full-text index;
* ``Task.mentions``: a mention whose unit is a ``Unit`` node becomes an
  ``ASSIGNED_TO`` relationship ``Task → Unit`` with ``idx`` (its place in
  ``Task.mentions``), ``text``, ``order``, ``role``, ``clause``, ``score``,
  ``flagged``, ``generic``, ``span_start``, ``span_end``; a mention without such a unit
  (``unit_id`` empty or naming no unit) becomes one entry of the JSON
  string ``Task.loose_mentions``, so no mention is lost;
* ``Edge.props`` → a JSON string ``props`` on the relationship, ``score``
  copied out as a float property, and ``seq`` (its place in ``KnowledgeGraph.edges``).

Every node also keeps ``seq``, its place in the graph (per plan for
sections, tasks and indicators), so that reading back restores order and
ties sort exactly as in the embedded store. ``None`` is never stored: a
missing property reads back as the field's default.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from typing import Any, Literal, TypeVar

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

__all__ = [
    "ASSIGNED_FIELDS",
    "EDGE_ENDPOINTS",
    "EDGE_FIELDS",
    "LABELS",
    "Props",
    "assignment_props",
    "edge_from",
    "edge_props",
    "indicator_from",
    "indicator_props",
    "label_of",
    "loose_mentions",
    "metric_from",
    "metric_props",
    "node_fields",
    "plan_from",
    "plan_props",
    "region_from",
    "region_props",
    "section_from",
    "section_props",
    "task_from",
    "task_props",
    "unit_from",
    "unit_props",
]

Props = dict[str, Any]
T = TypeVar("T")

#: Node labels and the model class each stands for, a fixed list (never formatted from data).
LABEL_CLASSES: dict[str, type] = {
    "Plan": Plan,
    "Section": Section,
    "Task": Task,
    "Indicator": Indicator,
    "Unit": Unit,
    "Region": Region,
    "Metric": Metric,
}
LABELS = tuple(LABEL_CLASSES)

#: Properties that are not model fields, per label, with their import types.
_EXTRA_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "Task": (("loose_mentions", "string"),),
    "Unit": (("alias_text", "string"),),
}
#: Model fields stored elsewhere (mentions become ASSIGNED_TO / loose_mentions).
_SKIPPED_FIELDS = {"mentions"}

#: Properties of ``ASSIGNED_TO`` (a mention) and of a cross-document edge, with import types.
ASSIGNED_FIELDS: tuple[tuple[str, str], ...] = (
    ("idx", "int"),
    ("text", "string"),
    ("order", "int"),
    ("role", "string"),
    ("clause", "string"),
    ("score", "float"),
    ("flagged", "boolean"),
    ("generic", "boolean"),
    ("span_start", "int"),
    ("span_end", "int"),
)
EDGE_FIELDS: tuple[tuple[str, str], ...] = (("seq", "int"), ("score", "float"), ("props", "string"))

#: The (source label, target label) pairs each edge type may join. An edge of
#: another shape cannot be written (the store raises a StoreError naming it).
EDGE_ENDPOINTS: dict[str, tuple[tuple[str, str], ...]] = {
    "IMPLEMENTS": (("Plan", "Plan"),),
    "IN_REGION": (("Plan", "Region"), ("Unit", "Region")),
    "PART_OF": (("Region", "Region"),),
    "CASCADES_FROM": (("Task", "Task"), ("Indicator", "Indicator")),
    "REFINES": (("Task", "Task"),),
    "MEMBER_OF": (("Unit", "Unit"),),
    "COUNTERPART_OF": (("Unit", "Unit"),),
    "SUCCEEDED_BY": (("Unit", "Unit"),),
    "MEASURES": (("Indicator", "Metric"),),
}

_PRIMITIVES = {str: "string", int: "int", float: "float", bool: "boolean"}


def _kind(hint: Any) -> str:
    """The stored kind of a type hint: a neo4j-admin type, ``span`` or ``json``."""
    if hint is Span:
        return "span"
    if hint in _PRIMITIVES:
        return _PRIMITIVES[hint]
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Literal and args and all(isinstance(a, str) for a in args):
        return "string"
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        return _kind(rest[0]) if len(rest) == 1 else "json"
    if origin is list and len(args) == 1 and args[0] in _PRIMITIVES and args[0] is not bool:
        return _PRIMITIVES[args[0]] + "[]"
    return "json"


_KINDS: dict[type, tuple[tuple[str, str], ...]] = {}


def _field_kinds(cls: type) -> tuple[tuple[str, str], ...]:
    """(field, kind) of a model class, skipping mentions; computed once per class."""
    if cls in _KINDS:
        return _KINDS[cls]
    hints = typing.get_type_hints(cls)
    _KINDS[cls] = tuple(
        (f.name, _kind(hints[f.name])) for f in dataclasses.fields(cls) if f.name not in _SKIPPED_FIELDS
    )
    return _KINDS[cls]


@functools.cache
def node_fields(label: str) -> tuple[tuple[str, str], ...]:
    """A label's properties and their ``neo4j-admin import`` types, in column order."""
    out: list[tuple[str, str]] = []
    for name, kind in _field_kinds(LABEL_CLASSES[label]):
        if kind == "span":
            out += [("span_start", "int"), ("span_end", "int")]
        else:
            out.append((name, "string" if kind == "json" else kind))
    return (*out, *_EXTRA_FIELDS.get(label, ()), ("seq", "int"))


def label_of(graph: KnowledgeGraph, node_id: str) -> str | None:
    """The label of a node id in ``graph`` (None when it is no node of it)."""
    tables: tuple[tuple[str, dict[str, Any]], ...] = (
        ("Plan", graph.plans),
        ("Task", graph.tasks),
        ("Indicator", graph.indicators),
        ("Unit", graph.units),
        ("Section", graph.sections),
        ("Region", graph.regions),
        ("Metric", graph.metrics),
    )
    for label, table in tables:
        if node_id in table:
            return label
    return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _span_props(span: Span | None) -> Props:
    return {"span_start": span.start if span else None, "span_end": span.end if span else None}


def _span_from(props: Props) -> Span | None:
    start, end = props.get("span_start"), props.get("span_end")
    return Span(int(start), int(end)) if start is not None and end is not None else None


def _encode(obj: Any, seq: int) -> Props:
    """The generic property map of a model object (see the module docstring)."""
    props: Props = {}
    for name, kind in _field_kinds(type(obj)):
        value = getattr(obj, name)
        if kind == "span":
            props.update(_span_props(value))
        elif kind == "json":
            props[name] = None if value is None else _json(_plain(value))
        elif kind.endswith("[]"):
            props[name] = list(value) if value else None  # an empty list is not stored (no type to give it)
        else:
            props[name] = value
    props["seq"] = seq
    return props


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _build(cls: type[T], props: Props, **override: Any) -> T:
    """An instance of dataclass ``cls`` from ``props``; absent fields take their defaults."""
    kinds = dict(_field_kinds(cls))
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        value = props.get(f.name)
        if f.name in override:
            kwargs[f.name] = override[f.name]
        elif kinds.get(f.name) == "span":
            kwargs[f.name] = _span_from(props)
        elif value is not None:
            kwargs[f.name] = json.loads(value) if kinds.get(f.name) == "json" else value
            if isinstance(kwargs[f.name], list):
                kwargs[f.name] = list(kwargs[f.name])
        elif f.default is not dataclasses.MISSING:
            kwargs[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            kwargs[f.name] = f.default_factory()
        else:
            kwargs[f.name] = None
    return cls(**kwargs)


# -- encoders -------------------------------------------------------------
def plan_props(plan: Plan, seq: int) -> Props:
    """A plan's properties (its text, original and offset map included)."""
    return _encode(plan, seq)


def section_props(section: Section, seq: int) -> Props:
    return _encode(section, seq)


def task_props(task: Task, seq: int, unit_ids: set[str] | frozenset[str]) -> Props:
    """A task's properties; mentions of known units become ASSIGNED_TO, the rest ``loose_mentions``."""
    return {**_encode(task, seq), "loose_mentions": loose_mentions(task, unit_ids)}


def loose_mentions(task: Task, unit_ids: set[str] | frozenset[str]) -> str | None:
    """JSON of the task's mentions that no Unit node stands for (None when there are none)."""
    loose = [
        {"idx": i, **to_dict(m)} for i, m in enumerate(task.mentions) if not m.unit_id or m.unit_id not in unit_ids
    ]
    return _json(loose) if loose else None


def assignment_props(mention: UnitMention, idx: int) -> Props:
    """The properties of the ASSIGNED_TO relationship standing for one mention."""
    return {
        "idx": idx,
        "text": mention.text,
        "order": mention.order,
        "role": mention.role,
        "clause": mention.clause,
        "score": mention.score,
        "flagged": mention.flagged,
        "generic": mention.generic,
        **_span_props(mention.span),
    }


def indicator_props(indicator: Indicator, seq: int) -> Props:
    return _encode(indicator, seq)


def unit_props(unit: Unit, seq: int) -> Props:
    return {**_encode(unit, seq), "alias_text": "\n".join(a.text for a in unit.aliases)}


def region_props(region: Region, seq: int) -> Props:
    return _encode(region, seq)


def metric_props(metric: Metric, seq: int) -> Props:
    return _encode(metric, seq)


def edge_props(edge: Edge, seq: int) -> Props:
    """An edge's relationship properties: ``seq``, ``score`` (when numeric) and ``props`` (JSON)."""
    score = edge.props.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float):
        score = None
    return {"seq": seq, "score": None if score is None else float(score), "props": _json(edge.props)}


# -- decoders -------------------------------------------------------------
def plan_from(props: Props) -> Plan:
    return _build(Plan, props)


def section_from(props: Props) -> Section:
    return _build(Section, props, span=_span_from(props) or Span(0, 0))


def task_from(props: Props, linked: list[tuple[str, Props]]) -> Task:
    """A task from its node properties and its ASSIGNED_TO relationships (unit id, properties)."""
    by_idx: dict[int, UnitMention] = {}
    for unit_id, rel in linked:
        by_idx[int(rel["idx"])] = _build(UnitMention, rel, unit_id=unit_id)
    for entry in json.loads(props.get("loose_mentions") or "[]"):
        span = entry.get("span")
        by_idx[int(entry["idx"])] = _build(UnitMention, entry, span=Span(span["start"], span["end"]) if span else None)
    mentions = [by_idx[i] for i in sorted(by_idx)]
    return _build(Task, props, span=_span_from(props) or Span(0, 0), mentions=mentions)


def indicator_from(props: Props) -> Indicator:
    return _build(Indicator, props)


def unit_from(props: Props) -> Unit:
    aliases = [_build(Alias, a) for a in json.loads(props.get("aliases") or "[]")]
    return _build(Unit, props, aliases=aliases)


def region_from(props: Props) -> Region:
    return _build(Region, props)


def metric_from(props: Props) -> Metric:
    return _build(Metric, props)


def edge_from(etype: str, src: str, dst: str, props_json: str | None) -> Edge:
    return Edge(etype, src, dst, json.loads(props_json) if props_json else {})
