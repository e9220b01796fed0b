"""The region of a plan (loaders/plan_region.py) and units of the same text in many regions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from loaders.gazetteer import Gazetteer
from loaders.metadata import extract_metadata
from loaders.pipeline import build_graph, parse_document
from loaders.plan_region import DocNoPrefixes

NO_DECISIONS = Path(os.devnull)
BODY = """一、重点任务
（一）加强知识产权保护。健全保护体系，提升保护水平。（责任单位：市市场监管局、市发展改革委）
（二）推动知识产权运用。促进成果转化。（责任单位：{rel}市场监管局、{rel}发展改革委）
（三）优化知识产权服务。培育服务机构。（责任单位：市场监管局、发展改革委）
"""


def _meta(text: str):
    return extract_metadata(text, "x.txt", "plan:x", "0" * 64, Gazetteer.load())


def test_region_from_the_issuer():
    plan = _meta(
        "成都市人民政府办公厅\n关于印发知识产权保护工作方案的通知\n各区（市）县人民政府：\n\n一、重点任务\n（一）x。\n"
    )
    assert (plan.region, plan.level) == ("成都市", "prefecture")
    assert plan.region_evidence[0] == "issuer:成都市人民政府办公厅"
    assert any(e.startswith("addressees:") for e in plan.region_evidence)


def test_region_from_the_doc_no_only():
    plan = _meta("烟政办字〔2022〕19号\n\n知识产权高质量发展三年行动方案\n\n一、重点任务\n（一）x。\n")
    assert (plan.region, plan.region_evidence) == ("烟台市", ["doc_no:烟政"])
    assert DocNoPrefixes.load().regions("皖政办〔2021〕3号") == ("皖", ("安徽省",))
    assert DocNoPrefixes.load().regions("成府发〔2021〕3号") == ("成府", ("成都市",))
    assert DocNoPrefixes.load().regions("岚综管办〔2023〕5号") == ("岚综管", ("平潭综合实验区",))
    plan = _meta("岚综管办〔2023〕5号\n\n知识产权保护工作方案\n\n一、重点任务\n（一）x。\n")
    assert (plan.region, plan.level) == ("平潭综合实验区", "county")


def test_an_ambiguous_doc_no_prefix_alone_says_nothing():
    plan = _meta("青政办字〔2022〕1号\n\n知识产权保护工作方案\n\n一、重点任务\n（一）x。\n")
    assert (plan.region, plan.region_evidence) == (None, [])


def test_region_from_the_title_only():
    plan = _meta("湘西土家族苗族自治州知识产权保护工作方案\n\n一、重点任务\n（一）x。\n")
    assert (plan.region, plan.level) == ("湘西土家族苗族自治州", "prefecture")
    assert plan.region_evidence == ["title:湘西土家族苗族自治州知识产权保护工作方案"]


def test_a_state_council_document_is_national():
    plan = _meta("国务院办公厅\n关于印发知识产权保护工作方案的通知\n国办发〔2021〕20号\n\n一、重点任务\n（一）x。\n")
    assert (plan.region, plan.level) == ("中华人民共和国", "national")
    assert "doc_no:国办发" in plan.region_evidence


def test_no_region_when_the_text_names_none():
    plan = _meta("某市知识产权保护工作方案\n\n一、重点任务\n（一）加强保护。结合我市实际。（责任单位：市市场监管局）\n")
    assert (plan.region, plan.level, plan.region_evidence) == (None, None, [])


# issuer as printed, the region key it means, the relative prefix its own bureaus take
REGIONS = [
    ("北京市朝阳区人民政府办公室", "北京市朝阳区", "区"),  # a district of a 直辖市 (two 朝阳区)
    ("上海市浦东新区人民政府", "浦东新区", "区"),
    ("重庆市渝中区人民政府办公室", "渝中区", "区"),
    ("石家庄市人民政府办公室", "石家庄市", "市"),
    ("安平县人民政府办公室", "安平县", "县"),
    ("太原市人民政府办公室", "太原市", "市"),
    ("锡林郭勒盟行政公署办公室", "锡林郭勒盟", "盟"),  # a 盟
    ("准格尔旗人民政府办公室", "准格尔旗", "旗"),
    ("大连市人民政府办公室", "大连市", "市"),
    ("延边朝鲜族自治州人民政府办公室", "延边朝鲜族自治州", "州"),  # an 自治州
    ("哈尔滨市人民政府办公厅", "哈尔滨市", "市"),
    ("南京市鼓楼区人民政府办公室", "南京市鼓楼区", "区"),  # four 鼓楼区
    ("义乌市人民政府办公室", "义乌市", "市"),  # a county-level city
    ("合肥市人民政府办公室", "合肥市", "市"),
    ("厦门市人民政府办公厅", "厦门市", "市"),
    ("赣州市人民政府办公室", "赣州市", "市"),
    ("荣成市人民政府", "荣成市", "市"),
    ("洛阳市人民政府办公室", "洛阳市", "市"),
    ("恩施土家族苗族自治州人民政府办公室", "恩施土家族苗族自治州", "州"),
    ("湘西土家族苗族自治州人民政府办公室", "湘西土家族苗族自治州", "州"),
    ("深圳市南山区人民政府办公室", "深圳市南山区", "区"),  # two 南山区
    ("桂林市人民政府办公室", "桂林市", "市"),
    ("三亚市人民政府办公室", "三亚市", "市"),
    ("成都市人民政府办公厅", "成都市", "市"),
    ("遵义市人民政府办公室", "遵义市", "市"),
    ("大理白族自治州人民政府办公室", "大理白族自治州", "州"),
    ("拉萨市人民政府办公室", "拉萨市", "市"),
    ("西安市人民政府办公厅", "西安市", "市"),
    ("兰州市人民政府办公室", "兰州市", "市"),
    ("银川市人民政府办公室", "银川市", "市"),
    ("伊犁哈萨克自治州人民政府办公室", "伊犁哈萨克自治州", "州"),
]


def _text(issuer: str, rel: str) -> str:
    place = issuer.split("人民政府")[0].split("行政公署")[0]
    title = f"{place}知识产权保护工作方案（2024—2025年）"
    return f"{issuer}\n关于印发{title}的通知\n\n{issuer}\n2024年3月1日\n\n{title}\n\n{BODY.format(rel=rel)}"


def test_one_text_in_thirty_regions_names_each_regions_own_bureaus():
    docs = [parse_document(_text(i, rel).encode("utf-8"), f"{n:02d}.txt") for n, (i, _, rel) in enumerate(REGIONS)]
    assert [d.plan.region for d in docs] == [key for _, key, _ in REGIONS]
    graph = build_graph(docs, NO_DECISIONS)
    own: dict[str, set[str]] = {}
    for doc, (_, key, _) in zip(docs, REGIONS, strict=True):
        tasks = [t for t in graph.tasks.values() if t.plan_id == doc.plan.id and t.path in ("1.2", "1.3")]
        assert len(tasks) == 2, key
        units = {graph.units[m.unit_id or ""].name for t in tasks for m in t.mentions}
        assert all(graph.units[m.unit_id or ""].region == key for t in tasks for m in t.mentions), (key, units)
        assert len(units) == 2, (key, units)  # 州市场监管局 (task 2) and 市场监管局 (task 3) are one bureau
        assert any(u.endswith("市场监督管理局") for u in units), units
        assert any(u.endswith(("发展和改革委员会", "发展和改革局")) for u in units), units
        own[key] = units
    everything = [u for units in own.values() for u in units]
    assert len(everything) == len(set(everything)) >= 40  # no bureau is shared by two regions
    assert "湘西土家族苗族自治州市场监督管理局" in own["湘西土家族苗族自治州"]
    assert "北京市朝阳区市场监督管理局" in own["北京市朝阳区"]
    assert "义乌市发展和改革局" in own["义乌市"]


@pytest.mark.parametrize(("issuer", "city"), [("北京市朝阳区人民政府办公室", "北京市"), ("荣成市人民政府", "荣成市")])
def test_shi_in_a_district_or_county_level_city(issuer: str, city: str):
    doc = parse_document(_text(issuer, "区").encode("utf-8"), "x.txt")
    graph = build_graph([doc], NO_DECISIONS)
    task = next(t for t in graph.tasks.values() if t.path == "1.1")
    assert graph.units[task.mentions[0].unit_id or ""].name == f"{city}市场监督管理局"
