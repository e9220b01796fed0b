"""``plankg load / tree / export`` on the corpus, through the real CLI entry point."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli.main import main
from graph.stores import default_store_path
from graph.stores.networkx_store import NetworkXStore
from tests.outline_view import CORPUS, ROOT


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_loading_the_same_files_twice_changes_nothing(tmp_path: Path, capsys):
    store = str(tmp_path / "g.sqlite")
    code, out, _ = _cli(capsys, "--store", store, "load", str(ROOT / "data" / "plans"))
    assert code == 0
    assert out.startswith("5 added, 0 replaced, 0 unchanged, 0 failed; store holds 5 plans")
    before = NetworkXStore(store).stored_generation()
    code, out, _ = _cli(capsys, "--store", store, "load", str(ROOT / "data" / "plans"))
    assert code == 0
    assert out.startswith("0 added, 0 replaced, 5 unchanged, 0 failed; store holds 5 plans")
    assert NetworkXStore(store).stored_generation() == before  # nothing written
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary file left behind


def test_a_new_version_of_a_plan_replaces_its_subgraph(tmp_path: Path, capsys):
    store = tmp_path / "g.json"
    plan = tmp_path / "plan.txt"
    plan.write_text(CORPUS[0].read_text(encoding="utf-8"), encoding="utf-8")
    _cli(capsys, "--store", str(store), "load", str(plan))
    old_ids = {p.id for p in NetworkXStore(store).read_graph().plans.values() if not p.stub}
    text = plan.read_text(encoding="utf-8").replace(
        "（十四）加强知识产权专业人才队伍建设。", "（十四）加强人才队伍建设。"
    )
    plan.write_text(text, encoding="utf-8")
    code, out, _ = _cli(capsys, "--store", str(store), "load", str(plan))
    assert code == 0
    assert out.startswith("0 added, 1 replaced, 0 unchanged, 0 failed; store holds 1 plans")
    g = NetworkXStore(store).read_graph()
    assert {p.id for p in g.plans.values() if not p.stub}.isdisjoint(old_ids)
    assert sorted(t.title for t in g.tasks.values() if t.path == "3.14") == ["加强人才队伍建设"]
    assert all(t.plan_id in g.plans for t in g.tasks.values())


def test_tree_prints_paths_and_titles(tmp_path: Path, capsys):
    store = str(tmp_path / "g.json")
    _cli(capsys, "--store", store, "load", str(CORPUS[4]))
    code, out, _ = _cli(capsys, "--store", store, "tree", "004")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "烟台市“十四五”知识产权强市战略发展规划纲要  [纲要; 烟台市; 004_f8246c5571106128.txt]"
    assert "    B1 知识产权全链条保护工程 [box]" in lines
    assert "      B1.3 依托重点产业知识产权保护联盟，强化行业自律和信息互通 [box_item]" in lines
    assert "    4.1.1 完善知识产权政策体系" in lines
    code, _, err = _cli(capsys, "--store", store, "tree", "no-such-plan")
    assert code == 2
    assert err == "plankg: no plan matches 'no-such-plan'; see `plankg export plans`\n"


def test_export_plans_has_the_contract_columns(tmp_path: Path, capsys):
    store = str(tmp_path / "g.json")
    _cli(capsys, "--store", store, "load", str(ROOT / "data" / "plans"))
    code, out, _ = _cli(capsys, "--store", store, "export", "plans", "--format", "csv", "--columns", "contract")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "source",
        "plan_id",
        "title",
        "kind",
        "issuer",
        "doc_no",
        "issued_on",
        "period_start",
        "period_end",
        "region",
        "level",
        "cites",
    ]
    by_source = {r["source"][:3]: r for r in rows}
    assert by_source["003"]["doc_no"] == "烟政办字〔2022〕19号"
    assert by_source["004"]["cites"].split("|")[2] == "山东省“十四五”知识产权保护和运用规划"
    code, out, _ = _cli(capsys, "--store", store, "export", "assignments", "--format", "json", "--plan", "000")
    rows = json.loads(out)
    assert list(rows[0]) == [
        "source",
        "plan_title",
        "path",
        "kind",
        "title",
        "unit",
        "unit_short",
        "unit_region",
        "role",
        "order",
        "via_group",
        "quote",
        "deadline_text",
        "due_date",
    ]
    assert {r["path"] for r in rows} == {f"3.{i}" for i in range(1, 15)} | {"4.1", "4.2", "4.3"}


def test_default_store_lives_outside_the_source_tree(monkeypatch):
    monkeypatch.delenv("PLANKG_STORE", raising=False)
    assert ROOT not in default_store_path().parents


def test_review_decisions_live_beside_the_store_not_in_the_source_tree(monkeypatch):
    from loaders.pipeline import default_decisions_path

    monkeypatch.delenv("PLANKG_DECISIONS", raising=False)
    monkeypatch.delenv("PLANKG_STORE", raising=False)
    path = default_decisions_path()
    assert ROOT not in path.parents and path.parent == default_store_path().parent


def test_edited_alias_decisions_take_effect_on_the_next_load_even_when_no_plan_changed(
    tmp_path: Path, capsys, monkeypatch
):
    """A reviewer merges 威海's group into a unit of their naming; nothing else changes."""
    store = str(tmp_path / "g.json")
    decisions = tmp_path / "decisions.yaml"
    decisions.write_text("[]\n", encoding="utf-8")
    monkeypatch.setenv("PLANKG_DECISIONS", str(decisions))
    _cli(capsys, "--store", store, "load", str(CORPUS[0]))
    before = NetworkXStore(store).stored_generation()
    code, out, err = _cli(capsys, "--store", store, "load", str(CORPUS[0]))
    assert (code, err) == (0, "")
    assert NetworkXStore(store).stored_generation() == before  # nothing changed, nothing written
    decisions.write_text(
        "- action: merge\n  unit: 威海市知识产权战略实施工作专项小组\n  into: 威海市知识产权工作领导小组\n",
        encoding="utf-8",
    )
    code, out, err = _cli(capsys, "--store", store, "load", str(CORPUS[0]))
    assert code == 0
    assert out.startswith("0 added, 0 replaced, 1 unchanged, 0 failed")
    assert err == "plankg: 单位与传导关系已按新的审核决定重建 (units and links rebuilt: alias decisions changed)\n"
    g = NetworkXStore(store).read_graph()
    owners = {t.path: [m.unit_id for m in t.mentions] for t in g.tasks.values()}
    # 000's tasks 3.1, 3.2, 3.13, 3.14 name the group (tests/golden/units/000_*.json)
    for path in ("3.1", "3.2", "3.13", "3.14"):
        assert owners[path] == ["unit:威海市知识产权工作领导小组"]
    assert "unit:威海市知识产权战略实施工作专项小组" not in g.units
