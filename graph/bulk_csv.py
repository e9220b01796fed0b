"""A KnowledgeGraph as CSV files for ``neo4j-admin database import full``.

For a first load of a large corpus into an empty database, the offline bulk
importer is far faster than transactions. The files use the header layout it
reads (``id:ID(Plan)``, ``:LABEL``, ``:START_ID(Plan)``, ``:END_ID(Section)``,
``:TYPE``, ``name:int`` …) with one ID space per label, and carry exactly
the properties the live store writes (``graph.stores.neo4j_codec``), so a
bulk-imported database is read by ``Neo4jStore`` as if it had written it.

Cells: ``None`` is an empty, unquoted cell (no property); every string is
quoted, so an empty string stays ``""``; arrays are joined with U+001F,
which never occurs in cleaned text (an element holding it is refused). The
command to run is :func:`import_command`; ``--multiline-fields=true`` is
needed because task texts span lines.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import StoreError
from graph.model import KnowledgeGraph
from graph.stores import neo4j_codec as codec

__all__ = ["ARRAY_DELIMITER", "CsvFile", "import_command", "write_csvs"]

#: Separator of array elements inside one cell (``--array-delimiter=U+001F``).
ARRAY_DELIMITER = "\x1f"

_NODE_FILES = {
    "Plan": "nodes_plan.csv",
    "Section": "nodes_section.csv",
    "Task": "nodes_task.csv",
    "Indicator": "nodes_indicator.csv",
    "Unit": "nodes_unit.csv",
    "Region": "nodes_region.csv",
    "Metric": "nodes_metric.csv",
}


@dataclass(frozen=True)
class CsvFile:
    """One written file: its path, whether it holds nodes, and its row count (header excluded)."""

    path: Path
    nodes: bool
    rows: int


def _cell(value: Any, kind: str, where: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("int", "float"):
        return repr(float(value)) if kind == "float" else str(int(value))
    if kind.endswith("[]"):
        items = [str(v) for v in value]
        if not items:
            return ""
        if any(ARRAY_DELIMITER in item for item in items):
            raise StoreError(f"{where}: an array element holds U+001F, the CSV array delimiter")
        return _quote(ARRAY_DELIMITER.join(items))
    return _quote(str(value))


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _header(name: str, kind: str) -> str:
    return name if kind == "string" else f"{name}:{kind}"


def _write(path: Path, header: Sequence[str], lines: Iterable[str]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        for line in lines:
            fh.write(line + "\n")
            count += 1
    return count


def _node_rows(graph: KnowledgeGraph) -> dict[str, list[codec.Props]]:
    """Every node's properties per label, with the same ``seq`` values the live store writes."""
    unit_ids = frozenset(graph.units)
    per_plan: dict[tuple[str, str], int] = {}

    def seq_in_plan(label: str, plan_id: str) -> int:
        key = (label, plan_id)
        per_plan[key] = per_plan.get(key, -1) + 1
        return per_plan[key]

    return {
        "Plan": [codec.plan_props(p, i) for i, p in enumerate(graph.plans.values())],
        "Section": [codec.section_props(s, seq_in_plan("S", s.plan_id)) for s in graph.sections.values()],
        "Task": [codec.task_props(t, seq_in_plan("T", t.plan_id), unit_ids) for t in graph.tasks.values()],
        "Indicator": [codec.indicator_props(x, seq_in_plan("I", x.plan_id)) for x in graph.indicators.values()],
        "Unit": [codec.unit_props(u, i) for i, u in enumerate(graph.units.values())],
        "Region": [codec.region_props(r, i) for i, r in enumerate(graph.regions.values())],
        "Metric": [codec.metric_props(m, i) for i, m in enumerate(graph.metrics.values())],
    }


def _relationships(graph: KnowledgeGraph) -> dict[tuple[str, str, str], list[tuple[str, str, codec.Props]]]:
    """(type, source label, target label) → (start id, end id, properties)."""
    rels: dict[tuple[str, str, str], list[tuple[str, str, codec.Props]]] = {}

    def add(key: tuple[str, str, str], src: str, dst: str, props: codec.Props) -> None:
        rels.setdefault(key, []).append((src, dst, props))

    for s in graph.sections.values():
        add(("HAS_SECTION", "Plan", "Section"), s.plan_id, s.id, {})
    for t in graph.tasks.values():
        add(("HAS_TASK", "Plan", "Task"), t.plan_id, t.id, {})
    for x in graph.indicators.values():
        add(("HAS_INDICATOR", "Plan", "Indicator"), x.plan_id, x.id, {})
    children: list[tuple[str, str | None, str]] = [
        *((s.id, s.parent_id, "Section") for s in graph.sections.values()),
        *((t.id, t.parent_id, "Task") for t in graph.tasks.values()),
    ]
    for child_id, parent_id, child_label in children:
        parent_label = codec.label_of(graph, parent_id) if parent_id else None
        if parent_id and parent_label in ("Section", "Task"):
            add(("PARENT_OF", parent_label, child_label), parent_id, child_id, {})
    for t in graph.tasks.values():
        for idx, m in enumerate(t.mentions):
            if m.unit_id and m.unit_id in graph.units:
                add(("ASSIGNED_TO", "Task", "Unit"), t.id, m.unit_id, codec.assignment_props(m, idx))
    for seq, e in enumerate(graph.edges):
        src, dst = codec.label_of(graph, e.src), codec.label_of(graph, e.dst)
        if (src, dst) not in codec.EDGE_ENDPOINTS.get(e.type, ()):
            shape = f"{src or 'missing node'} -> {dst or 'missing node'}"
            raise StoreError(f"edge {e.type} {e.src} -> {e.dst}: cannot be imported ({shape})")
        assert src is not None and dst is not None
        add((e.type, src, dst), e.src, e.dst, codec.edge_props(e, seq))
    return rels


def _rel_fields(etype: str) -> tuple[tuple[str, str], ...]:
    if etype == "ASSIGNED_TO":
        return codec.ASSIGNED_FIELDS
    if etype in codec.EDGE_ENDPOINTS:
        return codec.EDGE_FIELDS
    return ()


def write_csvs(graph: KnowledgeGraph, out_dir: str | Path) -> list[CsvFile]:
    """Write one CSV per label and one per (relationship type, source label, target label)
    present in ``graph`` into ``out_dir``; return the files in import order."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{out}: cannot create the folder ({exc.strerror or exc})") from exc
    files: list[CsvFile] = []
    node_rows = _node_rows(graph)
    rels = _relationships(graph)  # fails before any file is written
    try:
        for label in codec.LABELS:
            fields = [f for f in codec.node_fields(label) if f[0] != "id"]
            header = [f"id:ID({label})", ":LABEL", *(_header(n, k) for n, k in fields)]
            path = out / _NODE_FILES[label]
            lines = (
                ",".join(
                    [
                        _cell(p["id"], "string", p["id"]),
                        label,
                        *(_cell(p.get(n), k, f"{label} {p['id']}.{n}") for n, k in fields),
                    ]
                )
                for p in node_rows[label]
            )
            files.append(CsvFile(path, True, _write(path, header, lines)))
        for (etype, src, dst), rows in sorted(rels.items()):
            fields = list(_rel_fields(etype))
            header = [f":START_ID({src})", f":END_ID({dst})", ":TYPE", *(_header(n, k) for n, k in fields)]
            path = out / f"rels_{etype.lower()}_{src.lower()}_{dst.lower()}.csv"
            lines = (
                ",".join(
                    [
                        _cell(a, "string", a),
                        _cell(b, "string", b),
                        etype,
                        *(_cell(props.get(n), k, f"{etype} {a} -> {b}.{n}") for n, k in fields),
                    ]
                )
                for a, b, props in rows
            )
            files.append(CsvFile(path, False, _write(path, header, lines)))
    except OSError as exc:
        raise StoreError(f"{out}: cannot write the CSV files ({exc.strerror or exc})") from exc
    return files


def import_command(files: Sequence[CsvFile], database: str = "neo4j", import_dir: str | None = None) -> str:
    """The ``neo4j-admin`` command line importing ``files`` (paths under ``import_dir`` if given)."""

    def where(f: CsvFile) -> str:
        return f"{import_dir.rstrip('/')}/{f.path.name}" if import_dir else str(f.path)

    args = [
        "neo4j-admin",
        "database",
        "import",
        "full",
        database,
        "--array-delimiter=U+001F",
        "--multiline-fields=true",
        *(f"--nodes={where(f)}" for f in files if f.nodes),
        *(f"--relationships={where(f)}" for f in files if not f.nodes),
    ]
    return " ".join(shlex.quote(a) for a in args)
