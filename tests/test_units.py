"""Mentions → canonical units (loaders/units.py, loaders/registry.py, loaders/members.py).

The golden files (tests/golden/units/) hold, for EVERY task of the five corpus
documents, the exact ordered units as printed, resolved and with their roles,
each line checked by hand against the document. Regenerate and diff with
``.venv/bin/python -m tests.units_view``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graph.decisions import Decision, save_decision
from graph.model import KnowledgeGraph, Plan, PlanDoc, Span, Task, UnitMention
from loaders.pipeline import build_graph, parse_document
from loaders.registry import Registry, ResolveContext
from loaders.units import resolve_units
from tests.units_view import CORPUS, GOLDEN, corpus_graph, units_of

DOCS = Path(__file__).resolve().parent / "docs" / "units"
NO_DECISIONS = Path(os.devnull)


def canonical(text: str, region: str, inherited: str | None = None) -> str:
    reg = Registry.load()
    g = reg.gazetteer
    ctx = ResolveContext(g.get(region), g.get(inherited) if inherited else None)
    return reg.resolve(text, ctx).name


# ----------------------------------------------------------------------------- golden
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:3])
def test_every_task_has_exactly_the_golden_units(path):
    golden = json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8"))
    now = units_of(path.name)
    assert list(now["tasks"]) == list(golden["tasks"])  # every task, in document order
    assert now == golden


def test_golden_files_cover_the_annex_rows_of_003():
    golden = json.loads((GOLDEN / "003_e75adc5d0d9a8531.json").read_text(encoding="utf-8"))
    annex = {p: v for p, v in golden["tasks"].items() if p.startswith("A.")}
    assert len(annex) == 54  # counted in the table: 7 engineerings, 24 sub-tasks, 23 items
    assert sum(1 for v in annex.values() if v) == 38  # every row that prints a 责任部门 cell
    assert annex["A.3.2.2"] == [
        ["市发展改革委", "烟台市发展和改革委员会", "responsible"],
        ["市市场监管局", "烟台市市场监督管理局", "responsible"],
    ]


# ----------------------------------------------------------------------------- one bureau, three cities
def test_shi_market_bureau_is_three_units_in_three_cities_and_one_within_each():
    g = corpus_graph()
    variants = {"市市场监管局", "市市场监督管理局", "市场监督管理局", "市知识产权局"}
    by_region: dict[str, set[str]] = {}
    for t in g.tasks.values():
        region = g.plans[t.plan_id].region or ""
        for m in t.mentions:
            if m.text in variants:
                by_region.setdefault(region, set()).add(m.unit_id or "")
    assert by_region == {
        "威海市": {"unit:威海市市场监督管理局"},
        "荣成市": {"unit:荣成市市场监督管理局"},
        "烟台市": {"unit:烟台市市场监督管理局"},
    }
    yantai = g.units["unit:烟台市市场监督管理局"]
    assert {a.source for a in yantai.aliases} == {"003_e75adc5d0d9a8531.txt"}
    rongcheng = g.units["unit:荣成市市场监督管理局"]
    assert {a.text for a in rongcheng.aliases} == {"市场监督管理局", "市市场监督管理局"}


@pytest.mark.parametrize(
    "text", ["市市场监管局", "市市场监督管理局", "市知识产权局", "市场监督管理局", "烟台市市场监管局"]
)
def test_every_variant_within_yantai_is_one_unit(text):
    assert canonical(text, "烟台市") == "烟台市市场监督管理局"


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("市发展改革委", "烟台市", "烟台市发展和改革委员会"),
        ("市发展改革局", "荣成市", "荣成市发展和改革局"),
        ("市科技局", "烟台市", "烟台市科学技术局"),
        ("市人力资源社会保障局", "烟台市", "烟台市人力资源和社会保障局"),
        ("市地方金融监管局", "烟台市", "烟台市地方金融监督管理局"),
        ("市法院", "烟台市", "烟台市中级人民法院"),
        ("市法院", "荣成市", "荣成市人民法院"),
        ("省法院", "山东省", "山东省高级人民法院"),
        ("市检察院", "威海市", "威海市人民检察院"),
        ("市委宣传部", "荣成市", "中共荣成市委宣传部"),
        ("省市场监管局", "山东省", "山东省市场监督管理局"),
        ("省科技厅", "烟台市", "山东省科学技术厅"),
        ("烟台海关", "烟台市", "烟台海关"),
        ("荣成海关", "威海市", "荣成海关"),
        ("烟台银保监分局", "烟台市", "烟台银保监分局"),
        ("威海银保监分局荣成监管组", "荣成市", "威海银保监分局荣成监管组"),
        ("人民银行威海市中心支行", "威海市", "中国人民银行威海市中心支行"),
        ("人民银行荣成市支行", "荣成市", "中国人民银行荣成市支行"),
        ("威海仲裁委秘书处", "威海市", "威海仲裁委员会秘书处"),
        ("市烟草专卖局", "威海市", "威海市烟草专卖局"),
        ("经济开发区", "荣成市", "荣成经济开发区管委会"),
        ("石岛管理区", "荣成市", "荣成市石岛管理区管委会"),
        ("区市场监管局", "西湖区", "杭州市西湖区市场监督管理局"),
        ("区公安分局", "西湖区", "杭州市公安局西湖区分局"),
        ("市市场监管局", "西湖区", "杭州市市场监督管理局"),
        ("团区委", "西湖区", "共青团杭州市西湖区委员会"),
        ("市场监管总局", "烟台市", "国家市场监督管理总局"),
        ("知识产权局", "中华人民共和国", "国家知识产权局"),
    ],
)
def test_canonical_names(text, region, expected):
    assert canonical(text, region) == expected


def test_elided_prefix_comes_from_the_previous_item():
    assert canonical("科学技术局", "荣成市", inherited="荣成市") == "荣成市科学技术局"
    assert canonical("科技局", "西湖区", inherited="杭州市") == "杭州市科学技术局"


def test_shi_in_a_province_plan_names_no_one_city():
    reg = Registry.load()
    c = reg.resolve("市市场监管局", ResolveContext(reg.gazetteer.get("山东省")))
    assert (c.id, c.method) == ("unit:?山东省/市市场监管局", "unresolved")


# ----------------------------------------------------------------------------- groups and members
def test_groups_are_units_of_their_own_and_member_lists_link_units_not_people():
    g = corpus_graph()
    weihai = g.units["unit:威海市知识产权战略实施工作专项小组"]
    rongcheng = g.units["unit:荣成市知识产权战略实施工作专项小组"]
    assert (weihai.category, rongcheng.category) == ("group", "group")
    members = sorted(e.src for e in g.edges if e.type == "MEMBER_OF" and e.dst == rongcheng.id)
    assert len(members) == 22
    assert "unit:荣成市市场监督管理局" in members and "unit:威海银保监分局荣成监管组" in members
    names = " ".join(u.name for u in g.units.values())
    for person in ("戚媚", "慕思华", "闫志斌", "连蒙", "于辉桥"):
        assert person not in names
    for title in ("副局长", "党组成员", "主任"):
        assert not any(u.name.endswith(title) for u in g.units.values())
    assert not any(e.dst == weihai.id for e in g.edges if e.type == "MEMBER_OF")  # 000 lists no members


def test_group_tasks_count_for_members_via_the_group():
    from graph.stores.networkx_store import NetworkXStore

    store = NetworkXStore(None)
    g = corpus_graph()
    store.write(g, list(g.plans))
    rows = store.assignments_of_units(["unit:荣成海关"], via_groups=True)
    assert [(r.source[:3], r.path, r.via_group) for r in rows] == [
        ("000", "3.4", ""),
        ("000", "3.5", ""),
        ("001", "3.3.1", ""),
        ("001", "3.3.2", ""),
        ("001", "3.4.1", "荣成市知识产权战略实施工作专项小组"),
        ("001", "3.4.3", "荣成市知识产权战略实施工作专项小组"),
        ("001", "3.7", ""),
    ]


# ----------------------------------------------------------------------------- counterparts and regions
def test_counterparts_across_levels_and_between_peers():
    g = corpus_graph()
    edges = {(e.src, e.dst, e.props["relation"]) for e in g.edges if e.type == "COUNTERPART_OF"}
    assert ("unit:烟台市市场监督管理局", "unit:山东省市场监督管理局", "parent") in edges
    assert ("unit:威海市市场监督管理局", "unit:山东省市场监督管理局", "parent") in edges
    assert ("unit:荣成市市场监督管理局", "unit:威海市市场监督管理局", "parent") in edges
    assert ("unit:威海市市场监督管理局", "unit:烟台市市场监督管理局", "peer") in edges
    assert ("unit:荣成市发展和改革局", "unit:威海市发展和改革委员会", "parent") in edges
    assert not any(src == "unit:荣成海关" for src, _, _ in edges)  # customs do not follow the regions


def test_every_unit_is_in_its_region_and_the_regions_are_in_the_graph():
    g = corpus_graph()
    in_region = {e.src: e.dst for e in g.edges if e.type == "IN_REGION" and e.src.startswith("unit:")}
    assert set(in_region) == set(g.units)
    assert in_region["unit:荣成海关"] == "region:荣成市"
    assert in_region["unit:中共荣成市委宣传部"] == "region:荣成市"
    assert {"region:山东省", "region:烟台市", "region:威海市", "region:荣成市", "region:中华人民共和国"} <= set(
        g.regions
    )


def test_resolving_twice_gives_the_same_graph():
    g = corpus_graph()
    before = (sorted(g.units), sorted((e.type, e.src, e.dst) for e in g.edges))
    resolve_units(g, NO_DECISIONS)
    after = (sorted(g.units), sorted((e.type, e.src, e.dst) for e in g.edges))
    assert before == after


# ----------------------------------------------------------------------------- review: fuzzy, unresolved, decisions
def _zibo(decisions: Path = NO_DECISIONS) -> KnowledgeGraph:
    name = "zibo_responsible_suffix.txt"
    doc = parse_document((DOCS / name).read_bytes(), name)
    doc.plan.region, doc.plan.level = "淄博市", "prefecture"
    return build_graph([doc], decisions)


def _mention(g: KnowledgeGraph, path: str, text: str) -> UnitMention:
    task = next(t for t in g.tasks.values() if t.path == path)
    return next(m for m in task.mentions if m.text == text)


def test_fuzzy_matches_keep_their_score_and_low_ones_are_flagged():
    g = _zibo()
    close = _mention(g, "1.5", "市工业和信息局")
    assert (close.unit_id, close.score, close.flagged) == ("unit:淄博市工业和信息化局", 0.923, False)
    far = _mention(g, "1.5", "市人力资源保障局")
    assert (far.unit_id, far.score, far.flagged) == ("unit:淄博市人力资源和社会保障局", 0.875, True)
    unit = g.units["unit:淄博市人力资源和社会保障局"]
    assert unit.flagged
    assert [(a.text, a.method, a.score) for a in unit.aliases] == [
        ("市人力资源社会保障局", "rule", 1.0),
        ("市人力资源保障局", "fuzzy", 0.875),
    ]


def test_unresolvable_mentions_are_kept_as_their_own_flagged_unit():
    g = _zibo()
    m = _mention(g, "2.2", "市委督查室")
    assert (m.unit_id, m.flagged, m.score) == ("unit:?淄博市/市委督查室", True, None)
    unit = g.units["unit:?淄博市/市委督查室"]
    assert (unit.name, unit.region, unit.flagged, unit.aliases[0].method) == (
        "市委督查室",
        "淄博市",
        True,
        "unresolved",
    )


def test_decisions_confirm_reject_and_merge_are_applied_on_load(tmp_path):
    path = tmp_path / "decisions.yaml"
    save_decision(
        path, Decision("confirm", alias="市人力资源保障局", region="淄博市", unit="淄博市人力资源和社会保障局")
    )
    save_decision(path, Decision("reject", alias="市工业和信息局", region="淄博市", unit="unit:淄博市工业和信息化局"))
    save_decision(path, Decision("merge", unit="unit:?淄博市/市委督查室", into="中共淄博市委办公室"))
    g = _zibo(path)
    confirmed = _mention(g, "1.5", "市人力资源保障局")
    assert (confirmed.unit_id, confirmed.score, confirmed.flagged) == ("unit:淄博市人力资源和社会保障局", 1.0, False)
    assert not g.units["unit:淄博市人力资源和社会保障局"].flagged
    rejected = _mention(g, "1.5", "市工业和信息局")
    assert (rejected.unit_id, rejected.flagged) == ("unit:?淄博市/市工业和信息局", True)
    merged = _mention(g, "2.2", "市委督查室")
    assert merged.unit_id == "unit:中共淄博市委办公室"
    assert "unit:?淄博市/市委督查室" not in g.units
    office = g.units["unit:中共淄博市委办公室"]
    assert (office.category, office.region) == ("party", "淄博市")


# ----------------------------------------------------------------------------- other documents
def _resolved(name: str, region: str) -> dict[str, list[tuple[str, str]]]:
    doc = parse_document((DOCS / name).read_bytes(), name)
    doc.plan.region = region
    g = build_graph([doc], NO_DECISIONS)
    tasks = sorted(g.tasks.values(), key=lambda t: t.span.start)
    return {t.path: [(g.units[m.unit_id or ""].name, m.role) for m in t.mentions] for t in tasks}


def test_district_plan_units_are_district_units_and_shi_is_the_city():
    got = _resolved("xihu_lead_support.txt", "西湖区")
    assert got["2.1.1"] == [
        ("杭州市西湖区市场监督管理局", "lead"),
        ("杭州市公安局西湖区分局", "support"),
        ("杭州市西湖区文化和广电旅游体育局", "support"),
        ("杭州市西湖区商务局", "support"),
    ]
    assert got["2.1.2"] == [
        ("杭州市西湖区市场监督管理局", "lead"),  # 区知识产权局 is a plate of the market regulator
        ("杭州市西湖区司法局", "support"),
        ("杭州市西湖区人民法院", "support"),
    ]
    assert got["2.2.2"] == [
        ("中共杭州市西湖区委宣传部", "lead"),
        ("杭州市西湖区教育局", "support"),
        ("共青团杭州市西湖区委员会", "support"),
        ("杭州市西湖区科学技术协会", "support"),
        ("杭州市市场监督管理局", "support"),
    ]
    assert got["2.3"] == [
        ("杭州市西湖区经济和信息化局", "responsible"),
        ("杭州市西湖区科学技术局", "responsible"),
        ("杭州市西湖区市场监督管理局", "responsible"),
    ]


def test_national_units():
    got = _resolved("national_list.txt", "中华人民共和国")
    assert [n for n, _ in got["1.1"]] == ["国家知识产权局", "国家市场监督管理总局", "公安部", "中华人民共和国海关总署"]
    assert [n for n, _ in got["1.3"]] == ["中共中央宣传部", "国家版权局", "教育部"]
    assert [n for n, _ in got["1.4"]] == [
        "国家发展和改革委员会",
        "科学技术部",
        "工业和信息化部",
        "财政部",
        "商务部",
        "中国人民银行",
        "中国银行保险监督管理委员会",
    ]


def test_traditional_district_plan():
    got = _resolved("nanshan_traditional.txt", "南山区")
    assert got["1.2"] == [
        ("深圳市公安局南山区分局", "responsible"),
        ("深圳市南山区人民法院", "responsible"),
        ("深圳市南山区人民检察院", "responsible"),
        ("深圳海关", "responsible"),
    ]


def test_a_plan_without_region_keeps_relative_names_unresolved_but_self_named_ones():
    text = "1.某项。（责任单位：市市场监管局、烟台海关）"
    plan = Plan(id="plan:x", title="x", source="x.txt", text=text)
    task = Task("plan:x/t/1", "plan:x", "1", "task", "某项", text, Span(0, len(text)))
    task.mentions = [UnitMention("市市场监管局", 1), UnitMention("烟台海关", 2)]
    g = build_graph([PlanDoc(plan=plan, tasks=[task])], NO_DECISIONS)
    # no region to keep it to: the unresolved name is kept to its plan (never merged across plans)
    assert [m.unit_id for m in g.tasks[task.id].mentions] == ["unit:?@x.txt/市市场监管局", "unit:烟台海关"]


def test_saving_a_decision_keeps_the_files_comments_and_does_not_repeat_it(tmp_path):
    from graph.decisions import load_decisions

    path = tmp_path / "decisions.yaml"
    shipped = (Path(__file__).resolve().parent.parent / "data" / "alias_decisions.yaml").read_text(encoding="utf-8")
    path.write_text(shipped, encoding="utf-8")
    assert load_decisions(path) == []  # shipped with no active entries
    d = Decision("confirm", alias="市市场监督局", region="烟台市", unit="烟台市市场监督管理局")
    save_decision(path, d)
    save_decision(path, d)
    assert load_decisions(path) == [d]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(shipped.split("\n[]")[0])
    assert text.count("action: confirm\n") == 1


def test_a_bad_decisions_file_is_one_clear_error(tmp_path):
    from graph.decisions import DecisionError, load_decisions

    path = tmp_path / "decisions.yaml"
    path.write_text("- action: approve\n  alias: x\n  unit: y\n", encoding="utf-8")
    with pytest.raises(DecisionError) as err:
        load_decisions(path)
    assert str(err.value) == f"{path}: decision 1: unknown action 'approve' (confirm, reject, merge or not_unit)"
    path.write_text("- action: merge\n  unit: unit:a\n", encoding="utf-8")
    with pytest.raises(DecisionError) as err:
        load_decisions(path)
    assert str(err.value) == f"{path}: decision 1: merge needs into"


def test_a_branch_printed_after_its_bureau_s_short_name():
    """市市场监管局石岛分局 in 荣成's plan: the branch of 荣成市市场监督管理局 (its official name, then the
    branch as printed); 市公安局交警支队 in 烟台's: the police's traffic detachment by its official name,
    烟台市公安局交通警察支队."""
    from loaders.registry import Registry, ResolveContext

    reg = Registry.load()
    gaz = reg.gazetteer
    got = [
        reg.resolve(t, ResolveContext(gaz.get(region), None, (), None)).name
        for region, t in (("荣成市", "市市场监管局石岛分局"), ("烟台市", "市公安局交警支队"))
    ]
    assert got == ["荣成市市场监督管理局石岛分局", "烟台市公安局交通警察支队"]
