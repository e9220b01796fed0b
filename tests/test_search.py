"""Finding a unit by any name (graph/search.py) and ``plankg tasks`` / ``plankg units``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli.main import main
from graph.search import search_units
from graph.stores.networkx_store import NetworkXStore
from tests.units_view import GOLDEN, ROOT, corpus_graph

SAMR = {
    "unit:山东省市场监督管理局",
    "unit:烟台市市场监督管理局",
    "unit:威海市市场监督管理局",
    "unit:荣成市市场监督管理局",
}


@pytest.fixture(scope="module")
def store() -> NetworkXStore:
    s = NetworkXStore(None)
    g = corpus_graph()
    s.write(g, list(g.plans))
    return s


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("store") / "g.json"
    assert main(["--store", str(path), "load", str(ROOT / "data" / "plans"), "-q"]) == 0
    return str(path)


def test_short_name_in_a_region_finds_that_regions_bureau_first(store):
    hits = search_units(store, "市场监管局", region="烟台市")
    assert (hits[0].unit.id, hits[0].score) == ("unit:烟台市市场监督管理局", 1.0)
    assert all(h.unit.region == "烟台市" for h in hits)
    assert [h.score for h in hits[1:]] == sorted((h.score for h in hits[1:]), reverse=True)
    assert all(h.score < 1.0 for h in hits[1:])


def test_short_region_names_work_too(store):
    assert search_units(store, "市场监管局", region="荣成")[0].unit.id == "unit:荣成市市场监督管理局"
    assert search_units(store, "市场监管局", region="烟台")[0].unit.id == "unit:烟台市市场监督管理局"


def test_without_a_region_every_regions_bureau_is_an_exact_match(store):
    hits = search_units(store, "市场监管局")
    assert {h.unit.id for h in hits if h.score == 1.0} == SAMR


@pytest.mark.parametrize("query", ["知识产权局", "市知识产权局", "市市场监督管理局", "烟台市市场监督管理局"])
def test_every_way_of_writing_the_bureau_finds_it(store, query):
    assert search_units(store, query, region="烟台市")[0].unit.id == "unit:烟台市市场监督管理局"


def test_an_alias_as_printed_finds_its_unit(store):
    (hit, *_) = search_units(store, "专项小组各成员单位")
    assert (hit.unit.id, hit.score, hit.matched) == (
        "unit:荣成市知识产权战略实施工作专项小组",
        1.0,
        "专项小组各成员单位",
    )


def test_fuzzy_search_ranks_close_names_below_exact(store):
    hits = search_units(store, "银保监")
    assert [h.unit.id for h in hits[:3]] == [
        "unit:威海银保监分局",
        "unit:烟台银保监分局",
        "unit:威海银保监分局荣成监管组",
    ]
    assert all(0.6 <= h.score < 1.0 for h in hits)


def test_nothing_found(store):
    assert search_units(store, "外星人管理局", region="烟台市") == []
    assert search_units(store, "   ") == []


# ----------------------------------------------------------------------------- CLI
def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_tasks_of_yantai_bureau_lists_its_tasks_and_nothing_else(store_file, capsys):
    code, out, _ = _run(
        capsys, "--store", store_file, "tasks", "--unit", "市场监管局", "--region", "烟台市", "--format", "json"
    )
    assert code == 0
    rows = json.loads(out)
    golden = json.loads((GOLDEN / "003_e75adc5d0d9a8531.json").read_text(encoding="utf-8"))
    expected = [p for p, ms in golden["tasks"].items() if any(u == "烟台市市场监督管理局" for _, u, _ in ms)]
    assert [r["path"] for r in rows] == expected
    assert len(rows) == 62  # 24 items of 主要任务 + 38 rows of the annexed table
    assert {r["unit"] for r in rows} == {"烟台市市场监督管理局"}
    assert {r["source"] for r in rows} == {"003_e75adc5d0d9a8531.txt"}  # 004 names no unit at all
    quote = rows[0].pop("quote")
    assert rows[0] == {  # the contract's assignment columns, as `export assignments`
        "source": "003_e75adc5d0d9a8531.txt",
        "plan_title": "烟台市知识产权高质量发展三年行动方案",
        "path": "2.1.1",
        "kind": "task",
        "title": "严格知识产权保护",
        "unit": "烟台市市场监督管理局",
        "unit_short": "市市场监管局",
        "unit_region": "烟台市",
        "role": "responsible",
        "order": 1,
        "via_group": "",
        "deadline_text": "",  # 003 prints no 完成时限
        "due_date": "",
    }
    assert quote.startswith("1.严格知识产权保护。探索建立行政保护技术调查官制度，完善知识产权侵权纠纷检验鉴定")
    assert quote.endswith("（责任单位：市市场监管局、市司法局、市法院、烟台海关、市公安局）")
    by_path = {r["path"]: r for r in rows}
    assert by_path["A.3.2.2"]["order"] == 2  # 市发展改革委、市市场监管局


def test_tasks_through_a_group_can_be_left_out(store_file, capsys):
    args = (
        "--store",
        store_file,
        "tasks",
        "--unit",
        "市场监督管理局",
        "--region",
        "荣成市",
        "--format",
        "csv",
        "--columns",
        "contract",
    )
    _, out, _ = _run(capsys, *args)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["path"], r["via_group"]) for r in rows if r["via_group"]] == [
        ("3.4.1", "荣成市知识产权战略实施工作专项小组"),
        ("3.4.3", "荣成市知识产权战略实施工作专项小组"),
    ]
    assert len(rows) == 15
    _, out, _ = _run(capsys, *args, "--no-groups")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 13 and not any(r["via_group"] for r in rows)


def test_tasks_of_a_name_that_is_nowhere(store_file, capsys):
    code, _, err = _run(capsys, "--store", store_file, "tasks", "--unit", "外星人管理局")
    assert code == 2
    assert err.startswith("plankg: no unit is named '外星人管理局'; nearest: ")
    assert err.strip().endswith("; see `plankg units`") and err.count("\n") == 1


def test_tasks_of_a_bureau_in_no_plan_lists_candidates_and_no_tasks(store_file, capsys):
    code, out, err = _run(capsys, "--store", store_file, "tasks", "--unit", "市民政局")
    assert (code, out) == (2, "")
    assert "no unit is named '市民政局'; nearest: " in err and "烟台市财政局［烟台市］" in err


def test_tasks_of_a_name_in_several_regions_is_a_choice(store_file, capsys):
    code, out, err = _run(capsys, "--store", store_file, "tasks", "--unit", "市场监管局")
    assert (code, out) == (2, "")
    assert err.startswith("plankg: '市场监管局' is ambiguous: ") and err.strip().endswith("; add --region")
    code, _, err = _run(capsys, "--store", store_file, "tasks", "--unit", "市场监管局", "--region", "烟台")
    assert code == 0 and "烟台市市场监督管理局：任务 62 项" in err  # the count the app shows


def test_search_finds_traditional_text_in_two_plans(store_file, capsys):
    code, out, _err = _run(capsys, "--store", store_file, "search", "知識產權質押融資", "--kind", "task",
                          "--format", "json")  # fmt: skip
    assert code == 0
    hits = json.loads(out)
    assert len({h["plan"] for h in hits}) >= 2
    assert all("知识产权质押融资" in h["sentence"] for h in hits)


def test_remove_a_plan_and_its_tasks_go(store_file, capsys, tmp_path: Path, monkeypatch):
    from graph.audit import read_log

    monkeypatch.setenv("PLANKG_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    copy = tmp_path / "graph.json"
    assert (
        main(["--store", str(copy), "load", "-q", str(Path(__file__).resolve().parent.parent / "data" / "plans")]) == 0
    )
    capsys.readouterr()
    code, out, _ = _run(capsys, "--store", str(copy), "remove", "003")
    assert code == 0 and out.startswith("removed 003_e75adc5d0d9a8531.txt")
    code, _, err = _run(capsys, "--store", str(copy), "tasks", "--unit", "市场监管局", "--region", "烟台市")
    # 烟台's action plan held all 62 of its tasks and 004 names no unit: the unit is gone with it
    assert code == 2 and "no unit is named '市场监管局' in 烟台市" in err
    assert [r["action"] for r in read_log(tmp_path / "audit.jsonl")] == ["remove"]


def _golden_unit_names() -> set[str]:
    """Every canonical unit the units golden files name: owners of tasks, groups and their members."""
    names: set[str] = set()
    for path in sorted(GOLDEN.glob("*.json")):
        view = json.loads(path.read_text(encoding="utf-8"))
        names.update(unit for mentions in view["tasks"].values() for _, unit, _ in mentions)
        for group, members in view.get("members", {}).items():
            names.update([group, *members])
    return names


def test_units_lists_every_unit_and_review_lists_none_for_the_corpus(store_file, capsys):
    _, out, _ = _run(capsys, "--store", store_file, "units", "--format", "csv", "--columns", "contract")
    rows = list(csv.DictReader(io.StringIO(out)))
    # 各相关部门 is a placeholder of three regions (威海's 000, 荣成's 001, 烟台's 004): three units, one name;
    # 各区 (烟台 004 五、（一） 各区要根据本规划…建立落实分管领导负责制) is one more since this stop
    assert len(rows) == len(_golden_unit_names()) + 2 == 72
    yantai = next(r for r in rows if r["id"] == "unit:烟台市市场监督管理局")
    assert yantai["aliases"] == "市市场监管局 [rule; 003_e75adc5d0d9a8531.txt]"
    assert (yantai["region"], yantai["level"], yantai["category"], yantai["short"]) == (
        "烟台市",
        "prefecture",
        "department",
        "市场监管局",
    )
    _, out, _ = _run(capsys, "--store", store_file, "units", "--review", "--format", "json")
    assert json.loads(out) == []


def test_units_of_one_region(store_file, capsys):
    _, out, _ = _run(capsys, "--store", store_file, "units", "--region", "山东", "--format", "json")
    assert [r["name"] for r in json.loads(out)] == ["山东省市场监督管理局"]


def test_units_to_a_file(store_file, capsys, tmp_path: Path):
    out = tmp_path / "units.csv"
    _run(capsys, "--store", store_file, "units", "--format", "csv", "--out", str(out), "--columns", "contract")
    assert out.read_text(encoding="utf-8").splitlines()[0] == "id,name,region,level,category,short,flagged,aliases"
