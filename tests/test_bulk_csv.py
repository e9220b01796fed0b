"""The neo4j-admin bulk CSVs: exact headers and row counts, read back with the csv module.

The row counts were counted by hand from tests/store_sample.py (for
instance 5 sections: the province plan's root, 发展目标 and 主要任务, the
prefecture plan's root and 重点任务). These files were NOT fed to
``neo4j-admin`` here (no Neo4j on this machine); the headers follow the
import tool's documented layout.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest

from cli import neo4j_bulk
from graph.bulk_csv import ARRAY_DELIMITER, import_command, write_csvs
from graph.errors import StoreError
from graph.model import Edge
from graph.stores.networkx_store import NetworkXStore
from tests.store_sample import SD, STUB, WH, sample_graph

HEADERS = {
    "nodes_plan.csv": [
        "id:ID(Plan)",
        ":LABEL",
        "title",
        "source",
        "sha256",
        "title_inferred:boolean",
        "subtitle",
        "kind",
        "issuer",
        "doc_no",
        "issued_on",
        "period_start:int",
        "period_end:int",
        "region",
        "level",
        "region_evidence:string[]",
        "cites:string[]",
        "stub:boolean",
        "warnings:string[]",
        "text",
        "original",
        "offset_map:int[]",
        "seq:int",
    ],
    "nodes_section.csv": [
        "id:ID(Section)",
        ":LABEL",
        "plan_id",
        "path",
        "title",
        "text",
        "span_start:int",
        "span_end:int",
        "parent_id",
        "seq:int",
    ],
    "nodes_task.csv": [
        "id:ID(Task)",
        ":LABEL",
        "plan_id",
        "path",
        "kind",
        "title",
        "text",
        "span_start:int",
        "span_end:int",
        "parent_id",
        "deadline",
        "due_date",
        "recurrence",
        "number",
        "title_end:int",
        "clause_starts:int[]",
        "clause_ends:int[]",
        "loose_mentions",
        "seq:int",
    ],
    "nodes_indicator.csv": [
        "id:ID(Indicator)",
        ":LABEL",
        "plan_id",
        "name",
        "metric",
        "target",
        "target_year:int",
        "baseline",
        "baseline_year:int",
        "comparator",
        "measure_unit",
        "nature",
        "flag",
        "span_start:int",
        "span_end:int",
        "quote",
        "seq:int",
    ],
    "nodes_unit.csv": [
        "id:ID(Unit)",
        ":LABEL",
        "name",
        "region",
        "level",
        "category",
        "short",
        "aliases",
        "flagged:boolean",
        "alias_text",
        "seq:int",
    ],
    "nodes_region.csv": ["id:ID(Region)", ":LABEL", "name", "level", "parent_id", "code", "seq:int"],
    "nodes_metric.csv": ["id:ID(Metric)", ":LABEL", "name", "seq:int"],
}
ASSIGNED_HEADER = [
    ":START_ID(Task)",
    ":END_ID(Unit)",
    ":TYPE",
    "idx:int",
    "text",
    "order:int",
    "role",
    "clause",
    "score:float",
    "flagged:boolean",
    "generic:boolean",
    "span_start:int",
    "span_end:int",
]
STRUCTURE_HEADER = [":START_ID({})", ":END_ID({})", ":TYPE"]
EDGE_HEADER = [":START_ID({})", ":END_ID({})", ":TYPE", "seq:int", "score:float", "props"]

#: file → row count, counted by hand from the sample graph.
ROWS = {
    "nodes_plan.csv": 3,
    "nodes_section.csv": 5,
    "nodes_task.csv": 5,
    "nodes_indicator.csv": 2,
    "nodes_unit.csv": 5,
    "nodes_region.csv": 3,
    "nodes_metric.csv": 1,
    "rels_has_section_plan_section.csv": 5,
    "rels_has_task_plan_task.csv": 5,
    "rels_has_indicator_plan_indicator.csv": 2,
    "rels_parent_of_section_section.csv": 3,
    "rels_parent_of_section_task.csv": 5,
    "rels_assigned_to_task_unit.csv": 5,
    "rels_implements_plan_plan.csv": 2,
    "rels_in_region_plan_region.csv": 2,
    "rels_in_region_unit_region.csv": 1,
    "rels_part_of_region_region.csv": 2,
    "rels_member_of_unit_unit.csv": 2,
    "rels_counterpart_of_unit_unit.csv": 1,
    "rels_cascades_from_task_task.csv": 1,
    "rels_cascades_from_indicator_indicator.csv": 1,
    "rels_measures_indicator_metric.csv": 2,
}


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _expected_header(name: str) -> list[str]:
    if name in HEADERS:
        return HEADERS[name]
    etype_src_dst = name.removeprefix("rels_").removesuffix(".csv")
    src, dst = (part.capitalize() for part in etype_src_dst.split("_")[-2:])
    if name.startswith("rels_assigned_to"):
        return ASSIGNED_HEADER
    if name.startswith(("rels_has_", "rels_parent_of_")):
        return [h.format(x) for h, x in zip(STRUCTURE_HEADER, (src, dst, ""), strict=True)]
    return [h.format(x) for h, x in zip(EDGE_HEADER, (src, dst, "", "", "", ""), strict=True)]


def test_headers_and_row_counts_are_exact(tmp_path: Path) -> None:
    files = write_csvs(sample_graph(), tmp_path)
    assert sorted(f.path.name for f in files) == sorted(ROWS)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ROWS)
    for f in files:
        header, rows = _read(f.path)
        assert header == _expected_header(f.path.name), f.path.name
        assert len(rows) == ROWS[f.path.name] == f.rows, f.path.name
        assert all(len(r) == len(header) for r in rows), f.path.name


def test_every_relationship_joins_nodes_of_its_id_spaces(tmp_path: Path) -> None:
    files = write_csvs(sample_graph(), tmp_path)
    ids: dict[str, set[str]] = {}
    for f in files:
        if f.nodes:
            header, rows = _read(f.path)
            space = header[0].removeprefix("id:ID(").removesuffix(")")
            ids[space] = {r[0] for r in rows}
            assert len(ids[space]) == len(rows)
            assert {r[1] for r in rows} == {space}
    for f in files:
        if not f.nodes:
            header, rows = _read(f.path)
            src = header[0].removeprefix(":START_ID(").removesuffix(")")
            dst = header[1].removeprefix(":END_ID(").removesuffix(")")
            assert all(r[0] in ids[src] and r[1] in ids[dst] for r in rows), f.path.name


def test_cells_keep_null_empty_arrays_and_multiline_text(tmp_path: Path) -> None:
    write_csvs(sample_graph(), tmp_path)
    raw = (tmp_path / "nodes_section.csv").read_text(encoding="utf-8")
    # the root section: path "" is a quoted empty string, parent_id (None) an empty cell
    assert f'"{SD}/s/",Section,"{SD}","",""' in raw
    assert ',0,117,,0\n"' in raw
    header, plans = _read(tmp_path / "nodes_plan.csv")
    col = {name.split(":")[0]: i for i, name in enumerate(header)}
    by_id = {r[0]: r for r in plans}
    assert set(by_id) == {SD, WH, STUB}
    assert by_id[SD][col["cites"]] == "知识产权强国建设纲要（2021—2035年）"  # cites
    assert by_id[STUB][col["cites"]] == ""  # no cites: no property
    assert by_id[SD][col["offset_map"]].split(ARRAY_DELIMITER)[:3] == ["0", "1", "2"]  # offset_map
    assert by_id[STUB][col["stub"]] == "true"
    header, tasks = _read(tmp_path / "nodes_task.csv")
    loose = {r[0]: r[header.index("loose_mentions")] for r in tasks}
    assert '"text": "市涉外办"' in loose[f"{WH}/t/1.3"]
    assert loose[f"{WH}/t/1.1"] == ""
    _, edges = _read(tmp_path / "rels_cascades_from_task_task.csv")
    assert edges == [
        [f"{WH}/t/1.1", f"{SD}/t/2.1", "CASCADES_FROM", "10", "0.82", '{"method": "wording", "score": 0.82}']
    ]


def test_an_edge_of_unknown_shape_is_refused_before_writing(tmp_path: Path) -> None:
    g = sample_graph()
    g.edges.append(Edge("MEMBER_OF", f"{WH}/t/1.1", "unit:nowhere"))
    with pytest.raises(StoreError, match=r"edge MEMBER_OF .*/t/1\.1 -> unit:nowhere: cannot be imported"):
        write_csvs(g, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_import_command_names_every_file(tmp_path: Path) -> None:
    files = write_csvs(sample_graph(), tmp_path)
    cmd = import_command(files, "plans", "/import")
    assert cmd.startswith(
        "neo4j-admin database import full plans --array-delimiter=U+001F --multiline-fields=true "
        "--nodes=/import/nodes_plan.csv "
    )
    assert cmd.count("--nodes=") == 7
    assert cmd.count("--relationships=") == 15


def test_cli_neo4j_csv_writes_the_stores_graph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_path = tmp_path / "graph.json"
    NetworkXStore(store_path).write(sample_graph(), [SD, WH])
    parser = argparse.ArgumentParser(prog="plankg")
    parser.add_argument("--store")
    neo4j_bulk.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["--store", str(store_path), "neo4j-csv", "-o", str(tmp_path / "csv")])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert f"{tmp_path / 'csv' / 'nodes_task.csv'}  5 nodes" in out
    assert f"{tmp_path / 'csv' / 'rels_assigned_to_task_unit.csv'}  5 relationships" in out
    assert "neo4j-admin database import full neo4j " in out
    assert len(list((tmp_path / "csv").iterdir())) == 22
