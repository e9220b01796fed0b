"""``plankg indicators`` and ``plankg cascade`` on a store loaded with the corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from cli.main import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("store") / "graph.json")
    assert main(["--store", path, "load", "-q", str(ROOT / "data" / "plans")]) == 0
    return path


def _json(capsys: pytest.CaptureFixture[str], store: str, *argv: str) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["--store", store, *argv, "--format", "json"]) == 0
    data: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return data


def test_indicators_of_one_metric_across_levels(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, store, "indicators", "--metric", "每万人口高价值发明专利拥有量")
    got = [(r["plan"][:6], r["level"], r["target"], r["year"], r["unit"]) for r in rows]
    assert got == [
        ("山东省“十四", "province", "100", 2025, "件"),  # printed 100 for 10.0: kept, and flagged
        ("关于贯彻落实", "prefecture", "10.2", 2025, "件"),  # 威海
        ("烟台市“十四", "prefecture", "10", 2025, "件"),
        ("烟台市知识产", "prefecture", "8.1", 2024, "件"),
    ]
    assert rows[0]["flag"]


def test_a_printed_variant_finds_its_metric(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--store", store, "indicators", "--metric", "万人高价值发明专利拥有量", "--format", "csv"]) == 0
    out = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert len(rows) == 4 and {r["metric"] for r in rows} == {"每万人口高价值发明专利拥有量"}
    assert "is the metric '每万人口高价值发明专利拥有量'" in out.err
    assert main(["--store", store, "indicators", "--metric", "no such metric at all"]) == 1


def test_cascade_of_a_task_by_source_and_path(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, store, "cascade", "003:2.1.1")
    got = [(r["relation"], r["plan"][:6], r["path"]) for r in rows]
    assert got == [
        ("carries out", "山东省“十四", "2.2.1"),
        ("carries out", "烟台市“十四", "4.1.2"),
        ("carries out", "烟台市“十四", "4.1.3"),
        ("carries out", "烟台市“十四", "4.1.4"),
        ("refined by", "烟台市知识产", "A.1.1"),
        ("refined by", "烟台市知识产", "A.1.1.1"),
        ("refined by", "烟台市知识产", "A.1.1.2"),
    ]
    # the owners of the rows that refine it, resolved to canonical units
    assert rows[5]["owners"].split("、")[0] == "烟台市市场监督管理局"
    assert {r["task"] for r in rows} == {"2.1.1"}


def test_cascade_of_a_plan_lists_citations_then_task_links(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, store, "cascade", "002_4541fba75fe61fad.txt")
    assert [(r["relation"], r["plan"]) for r in rows[:2]] == [
        ("implements", "山东省国民经济和社会发展第十四个五年规划和2035年远景目标纲要"),
        ("implemented by", "烟台市“十四五”知识产权强市战略发展规划纲要"),
    ]
    assert {r["relation"] for r in rows[2:]} == {"carried out by"}
    assert ("2.2.1", "关于贯彻落实", "3.4") in {(r["task"], r["plan"][:6], r["path"]) for r in rows}


def test_cascade_of_a_cited_plan_that_is_not_loaded(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, store, "cascade", "山东省知识产权强省建设纲要")
    assert [(r["relation"], r["plan"][:6]) for r in rows] == [
        ("implemented by", "关于贯彻落实"),
        ("implemented by", "荣成市国家知"),
    ]


def test_cascade_errors_name_what_was_not_found(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--store", store, "cascade", "003:9.9"]) == 2
    assert "003_e75adc5d0d9a8531.txt: no task at path '9.9'" in capsys.readouterr().err
    assert main(["--store", store, "cascade", "nothing-like-this"]) == 2
    assert "no plan or task matches 'nothing-like-this'" in capsys.readouterr().err
