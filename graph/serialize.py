"""KnowledgeGraph <-> plain JSON-able dicts.

``graph_to_dict``/``graph_from_dict`` are the old one-file JSON store's format
(read once, to migrate such a file to SQLite, and by the bench). The per-plan
helpers below are the SQLite store's row format: a plan's metadata, its body
(text, sections, tasks), its tasks' mentions and its indicators, each its own column;
``encode_*``/``decode_*`` make and read the stored payloads: zlib-compressed JSON,
written in pieces (never the whole JSON text at once), a node's text left out when it
is its span's text (the plan's text holds it once; it is cut out again on reading).
Payloads stored as plain JSON text by earlier versions are read as they are.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
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

__all__ = [
    "FORMAT_VERSION",
    "TRANSIENT_PLAN_FIELDS",
    "body_from_dict",
    "body_to_dict",
    "decode_body",
    "decode_indicators",
    "decode_mentions",
    "encode_body",
    "encode_indicators",
    "encode_mentions",
    "graph_from_dict",
    "graph_to_dict",
    "indicator_d",
    "indicators_from_list",
    "plan_from_meta",
    "plan_meta",
    "section_d",
    "task_d",
    "unit_d",
    "unit_from_dict",
]

FORMAT_VERSION = 1


def graph_to_dict(graph: KnowledgeGraph) -> dict[str, Any]:
    """A dict of lists, stable in order, that ``json.dump`` can write."""
    return {
        "format": FORMAT_VERSION,
        "plans": [{**to_dict(p), "offset_map": list(p.offset_map)} for p in graph.plans.values()],
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


def _with_text(d: dict[str, Any], text: str) -> dict[str, Any]:
    """A stored node whose text was left out (it is its span's text) gets it back."""
    if "text" not in d:
        d["text"] = text[d["span"]["start"] : d["span"]["end"]].rstrip("\n")
    return d


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


# -- one plan's parts (the SQLite store's per-plan row) -----------------------------
#: Plan fields never persisted: nothing outside the parse reads them (the coverage
#: tests use ``offset_map`` in-process, on the freshly parsed PlanDoc).
TRANSIENT_PLAN_FIELDS = ("text", "original", "offset_map")


def plan_meta(plan: Plan) -> dict[str, Any]:
    """A plan's record without its text (and without the fields never persisted)."""
    d = dict(plan.__dict__)
    for k in TRANSIENT_PLAN_FIELDS:
        d.pop(k, None)
    d["region_evidence"] = list(plan.region_evidence)
    d["cites"] = list(plan.cites)
    d["warnings"] = list(plan.warnings)
    return d


def plan_from_meta(d: dict[str, Any], text: str = "") -> Plan:
    """Inverse of :func:`plan_meta` (``text`` filled in when the plan's body is read)."""
    return Plan(**{**d, "text": text})


def _span_d(s: Span | None) -> dict[str, int] | None:
    return {"start": s.start, "end": s.end} if s is not None else None


def _mention_d(m: UnitMention) -> dict[str, Any]:
    return {**m.__dict__, "span": _span_d(m.span)}


def section_d(s: Section) -> dict[str, Any]:
    return {**s.__dict__, "span": _span_d(s.span)}


def task_d(t: Task) -> dict[str, Any]:
    return {**t.__dict__, "span": _span_d(t.span), "mentions": [_mention_d(m) for m in t.mentions]}


def indicator_d(i: Indicator) -> dict[str, Any]:
    return {**i.__dict__, "span": _span_d(i.span)}


def body_to_dict(text: str, sections: list[Section], tasks: list[Task]) -> dict[str, Any]:
    """A plan's text, sections and tasks (mentions included) — the part a parse fixes."""
    return {"text": text, "sections": [section_d(s) for s in sections], "tasks": [task_d(t) for t in tasks]}


def body_from_dict(d: dict[str, Any]) -> tuple[str, list[Section], list[Task]]:
    """Inverse of :func:`body_to_dict` (and of :func:`encode_body`, whose nodes may lack their text)."""
    text = d["text"]
    return (
        text,
        [_section(_with_text(s, text)) for s in d["sections"]],
        [_task(_with_text(t, text)) for t in d["tasks"]],
    )


def indicators_from_list(items: list[dict[str, Any]]) -> list[Indicator]:
    return [Indicator(**{**d, "span": _span(d.get("span"))}) for d in items]


def unit_from_dict(d: dict[str, Any]) -> Unit:
    return Unit(**{**d, "aliases": [Alias(**a) for a in d.get("aliases", [])]})


def unit_d(u: Unit) -> dict[str, Any]:
    return {**u.__dict__, "aliases": [dict(a.__dict__) for a in u.aliases]}


# -- the stored payloads: zlib-compressed JSON, written piece by piece ----------------
#: zlib level of the stored payloads: level 6 makes them about a third of the JSON for a
#: decode cost well under the JSON parse's (docs/store.md).
PAYLOAD_LEVEL = 6
#: Characters of the plan's text JSON-encoded at a time (the whole text is never one JSON string).
_TEXT_PIECE = 1 << 16


def _dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _deflate(pieces: Iterable[str]) -> bytes:
    """``zlib.compress`` of the pieces joined, without joining them (a few pieces at a time)."""
    z = zlib.compressobj(PAYLOAD_LEVEL)
    out: list[bytes] = []
    buf: list[str] = []
    size = 0
    for piece in pieces:
        buf.append(piece)
        size += len(piece)
        if size >= _TEXT_PIECE:
            out.append(z.compress("".join(buf).encode("utf-8")))
            buf, size = [], 0
    out.append(z.compress("".join(buf).encode("utf-8")))
    out.append(z.flush())
    return b"".join(out)


def _json_list(items: Iterable[object]) -> Iterator[str]:
    yield "["
    for i, item in enumerate(items):
        yield ("," if i else "") + _dumps(item)
    yield "]"


def _inflate(payload: bytes | str) -> Any:
    """A stored payload back to JSON data: compressed (bytes) or, as earlier versions wrote
    mentions and indicators, plain JSON text."""
    return json.loads(zlib.decompress(payload) if isinstance(payload, bytes) else payload)


def _node_d(d: dict[str, Any], text: str) -> dict[str, Any]:
    span = d["span"]
    if d["text"] == text[span["start"] : span["end"]].rstrip("\n"):
        del d["text"]  # the span's text: cut out of the plan's text on reading
    return d


def encode_body(text: str, sections: list[Section], tasks: list[Task]) -> bytes:
    """A plan's body as stored: :func:`body_to_dict`'s JSON, compressed, nodes' texts left out
    where they are their spans' text (``tasks`` are stored without their mentions)."""

    def pieces() -> Iterator[str]:
        yield '{"text":"'
        for i in range(0, len(text), _TEXT_PIECE):
            yield _dumps(text[i : i + _TEXT_PIECE])[1:-1]  # escaping is per character
        yield '","sections":'
        yield from _json_list(_node_d(section_d(s), text) for s in sections)
        yield ',"tasks":'
        yield from _json_list(_node_d({**t.__dict__, "span": _span_d(t.span), "mentions": []}, text) for t in tasks)
        yield "}"

    return _deflate(pieces())


def decode_body(payload: bytes) -> tuple[str, list[Section], list[Task]]:
    """Inverse of :func:`encode_body` (also reads bodies that keep every node's text)."""
    return body_from_dict(_inflate(payload))


def encode_mentions(tasks: list[Task]) -> bytes:
    """The tasks' mentions as stored: one list per task, in the body's task order, compressed."""
    return _deflate(_json_list([_mention_d(m) for m in t.mentions] for t in tasks))


def decode_mentions(payload: bytes | str) -> list[list[UnitMention]]:
    """Inverse of :func:`encode_mentions` (also reads the plain JSON text earlier versions wrote)."""
    return [[UnitMention(**{**m, "span": _span(m.get("span"))}) for m in ms] for ms in _inflate(payload)]


def encode_indicators(indicators: list[Indicator]) -> bytes:
    """A plan's indicators as stored (compressed JSON)."""
    return _deflate(_json_list(indicator_d(i) for i in indicators))


def decode_indicators(payload: bytes | str) -> list[Indicator]:
    """Inverse of :func:`encode_indicators` (also reads plain JSON text)."""
    return indicators_from_list(_inflate(payload))
