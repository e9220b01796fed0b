"""``plankg indicators`` and ``plankg cascade`` on a store loaded with the corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from cli.main import main
from graph import exports, queries
from graph.stores import open_store

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
    assert tuple(rows[0]) == exports.INDICATOR_COLUMNS  # the contract's columns, as `export indicators`
    got = [(r["source"][:3], r["plan_title"][:6], r["target"], r["target_year"], r["measure_unit"]) for r in rows]
    assert got == [
        ("002", "山东省“十四", "100", 2025, "件"),  # printed 100 for 10.0: kept, and flagged
        ("000", "关于贯彻落实", "10.2", 2025, "件"),  # 威海
        ("004", "烟台市“十四", "10", 2025, "件"),
        ("003", "烟台市知识产", "8.1", 2024, "件"),
    ]
    golden = json.loads((ROOT / "tests" / "golden" / "indicators" / "002_4541fba75fe61fad.json").read_text("utf-8"))
    shandong = next(i for i in golden if i["metric"] == "每万人口高价值发明专利拥有量")
    assert (rows[0]["baseline"], rows[0]["flag"]) == ("41", shandong["flag"])


def test_indicators_table_is_in_chinese(store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "ind.txt"
    assert main(["--store", store, "indicators", "--metric", "每万人口高价值发明专利拥有量", "--out", str(out)]) == 0
    header, *rows = _table(out)
    assert header == [
        "规划",
        "地区",
        "层级",
        "指标名称",
        "指标",
        "基期值",
        "基期年",
        "目标值",
        "目标年",
        "单位",
        "存疑",
    ]
    assert [(r[1], r[2], r[7], r[8]) for r in rows if r[1]] == [
        ("山东省", "省级", "100", "2025"),
        ("威海市", "地市级", "10.2", "2025"),
        ("烟台市", "地市级", "10", "2025"),
        ("烟台市", "地市级", "8.1", "2024"),
    ]


def _table(path: Path) -> list[list[str]]:
    """The header and the lines of a rich table written by ``--out`` (a wrapped cell
    continues on a line whose first cells are empty)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        [c.strip() for c in line.strip("┃│").split("┃" if line[0] == "┃" else "│")] for line in lines if line[0] in "┃│"
    ]


def test_a_printed_variant_finds_its_metric(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    argv = [
        "--store",
        store,
        "indicators",
        "--metric",
        "万人高价值发明专利拥有量",
        "--format",
        "csv",
        "--columns",
        "contract",
    ]
    assert main(argv) == 0
    out = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert len(rows) == 4 and {r["metric"] for r in rows} == {"每万人口高价值发明专利拥有量"}
    assert "is the metric '每万人口高价值发明专利拥有量'" in out.err
    assert main(["--store", store, "indicators", "--metric", "no such metric at all"]) == 1


def test_cascade_of_a_task_by_source_and_path(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, store, "cascade", "003:2.1.1")
    got = [(r["type"], r["direction"], r["plan"][:6], r["path"]) for r in rows]
    assert got == [
        ("CASCADES_FROM", "up", "山东省“十四", "2.2.1"),
        ("CASCADES_FROM", "up", "烟台市“十四", "4.1.2"),
        ("CASCADES_FROM", "up", "烟台市“十四", "4.1.3"),
        # no more 4.1.4 构建知识产权纠纷多元化解机制: a false link by the hand-made true links
        # (tests/golden/cascade_true_links.json), gone with the weights counted over the two plans
        ("REFINES", "down", "烟台市知识产", "A.1.1"),
        ("REFINES", "down", "烟台市知识产", "A.1.1.1"),
        ("REFINES", "down", "烟台市知识产", "A.1.1.2"),
    ]
    # the owners of the rows that refine it, resolved to canonical units
    assert rows[4]["owners"].split("、")[0] == "烟台市市场监督管理局"
    assert {r["task"] for r in rows} == {"2.1.1"}


def test_cascade_of_a_plan_lists_citations_then_task_links(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, store, "cascade", "002_4541fba75fe61fad.txt")
    assert [(r["type"], r["direction"], r["plan"]) for r in rows[:2]] == [
        ("IMPLEMENTS", "up", "山东省国民经济和社会发展第十四个五年规划和2035年远景目标纲要"),
        ("IMPLEMENTS", "down", "烟台市“十四五”知识产权强市战略发展规划纲要"),
    ]
    assert {(r["type"], r["direction"]) for r in rows[2:]} == {("CASCADES_FROM", "down")}
    assert ("2.2.1", "关于贯彻落实", "3.4") in {(r["task"], r["plan"][:6], r["path"]) for r in rows}


def test_cascade_of_a_cited_plan_that_is_not_loaded(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, store, "cascade", "山东省知识产权强省建设纲要")
    assert [(r["type"], r["direction"], r["plan"][:6]) for r in rows] == [
        ("IMPLEMENTS", "down", "关于贯彻落实"),
        ("IMPLEMENTS", "down", "荣成市国家知"),
    ]


def test_cascade_table_names_the_relation_in_chinese(
    store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "cascade.txt"
    assert main(["--store", store, "cascade", "003:2.1.1", "--out", str(out)]) == 0
    header, *rows = _table(out)
    assert header == ["本条编号", "本条任务", "关系", "规划", "编号", "标题", "相似度", "责任单位"]
    assert [(r[2], r[4]) for r in rows if r[0]] == [
        ("承接上级", "2.2.1"),
        ("承接上级", "4.1.2"),
        ("承接上级", "4.1.3"),
        ("下级细化", "A.1.1"),
        ("下级细化", "A.1.1.1"),
        ("下级细化", "A.1.1.2"),
    ]


def test_cascade_errors_name_what_was_not_found(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--store", store, "cascade", "003:9.9"]) == 2
    assert "003_e75adc5d0d9a8531.txt: no task at path '9.9'" in capsys.readouterr().err
    assert main(["--store", store, "cascade", "nothing-like-this"]) == 2
    assert "no plan or task matches 'nothing-like-this'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("typed", "metric"),
    [
        ("每万人口高价值发明专利拥有量", "每万人口高价值发明专利拥有量"),  # a metric of the store
        (" 万人发明专利拥有量 ", "每万人口发明专利拥有量"),  # 004's printed name
        ("每万人高价值发明专利拥有量", "每万人口高价值发明专利拥有量"),  # a vocabulary variant no plan prints
        ("社会公众满意度", "知识产权保护社会满意度"),  # holds in context: the loaded plans are about 知识产权
        ("万人发明专利拥有", "每万人口发明专利拥有量"),  # close, and the same distinguishing terms
        ("每万人口海外发明专利拥有量", None),  # close, but 海外 makes it another quantity
        ("", None),
    ],
)
def test_find_metric_matches_what_the_store_holds(store: str, typed: str, metric: str | None) -> None:
    assert queries.find_metric(open_store(store), typed) == metric
