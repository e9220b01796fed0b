"""The unit registry across China (data/departments.yaml, loaders/registry.py, loaders/units.py):
national bodies and their short forms, names of earlier eras and their successors, vertical
agencies, generic placeholders, and units of no known region.

Every expectation is an official name (or its usual short form) of the body, never a
spelling taken from a document.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.model import KnowledgeGraph, Plan, PlanDoc, Span, Task, UnitMention
from loaders.pipeline import build_graph
from loaders.registry import Registry, RegistryError, ResolveContext, default_registry_path

NO_DECISIONS = Path(os.devnull)
NATION = "中华人民共和国"


def resolve(text: str, region: str | None):
    reg = Registry.load()
    return reg.resolve(text, ResolveContext(reg.gazetteer.get(region) if region else None))


def name(text: str, region: str | None) -> str:
    return resolve(text, region).name


def graph_of(*plans: tuple[str, str | None, list[str | UnitMention]]) -> KnowledgeGraph:
    """Plans (source, region, mentions) of one task each, built and resolved together."""
    docs = []
    for source, region, mentions in plans:
        text = "1.某项任务。"
        pid = f"plan:{source}"
        plan = Plan(id=pid, title=source, source=source, text=text, region=region)
        task = Task(f"{pid}/t/1", pid, "1", "task", "某项任务", text, Span(0, len(text)))
        task.mentions = [m if isinstance(m, UnitMention) else UnitMention(m, i) for i, m in enumerate(mentions, 1)]
        docs.append(PlanDoc(plan=plan, tasks=[task]))
    return build_graph(docs, NO_DECISIONS)


def ids(g: KnowledgeGraph, source: str) -> list[str | None]:
    task = next(t for t in g.tasks.values() if g.plans[t.plan_id].source == source)
    return [m.unit_id for m in task.mentions]


# ----------------------------------------------------------------------------- national bodies
#: The 26 组成部门 of the State Council (2023), by official name.
STATE_COUNCIL_MINISTRIES = [
    "外交部",
    "国防部",
    "国家发展和改革委员会",
    "教育部",
    "科学技术部",
    "工业和信息化部",
    "国家民族事务委员会",
    "公安部",
    "国家安全部",
    "民政部",
    "司法部",
    "财政部",
    "人力资源和社会保障部",
    "自然资源部",
    "生态环境部",
    "住房和城乡建设部",
    "交通运输部",
    "水利部",
    "农业农村部",
    "商务部",
    "文化和旅游部",
    "国家卫生健康委员会",
    "退役军人事务部",
    "应急管理部",
    "中国人民银行",
    "审计署",
]


@pytest.mark.parametrize("ministry", STATE_COUNCIL_MINISTRIES)
def test_every_state_council_ministry_is_a_national_unit_from_any_plan(ministry):
    for region in (NATION, "烟台市", None):
        c = resolve(ministry, region)
        assert (c.name, c.method, c.region.name if c.region else None) == (ministry, "exact", NATION)


@pytest.mark.parametrize(
    ("forms", "official"),
    [
        (["发展改革委", "国家发展改革委", "国家发改委", "国家发展和改革委员会"], "国家发展和改革委员会"),
        (["海关总署", "中华人民共和国海关总署"], "中华人民共和国海关总署"),
        (["人民银行", "央行", "中国人民银行"], "中国人民银行"),
        (["国资委", "国务院国资委", "国务院国有资产监督管理委员会"], "国务院国有资产监督管理委员会"),
        (["税务总局", "国家税务总局"], "国家税务总局"),
        (["市场监管总局", "国家市场监督管理总局"], "国家市场监督管理总局"),
        (["金融监管总局", "国家金融监督管理总局"], "国家金融监督管理总局"),
        (["证监会", "中国证监会", "中国证券监督管理委员会"], "中国证券监督管理委员会"),
        (["广电总局", "国家广播电视总局"], "国家广播电视总局"),
        (["体育总局", "国家体育总局"], "国家体育总局"),
        (["国家医保局", "国家医疗保障局"], "国家医疗保障局"),
        (["国管局", "国家机关事务管理局"], "国家机关事务管理局"),
        (["国家粮食和储备局", "国家粮食和物资储备局"], "国家粮食和物资储备局"),
        (["国家国防科工局", "国家国防科技工业局"], "国家国防科技工业局"),
        (["国家林草局", "国家林业和草原局"], "国家林业和草原局"),
        (["民航局", "中国民用航空局"], "中国民用航空局"),
        (["国家中医药局", "国家中医药管理局"], "国家中医药管理局"),
        (["国家疾控局", "国家疾病预防控制局"], "国家疾病预防控制局"),
        (["外汇局", "国家外汇管理局"], "国家外汇管理局"),
        (["药监局", "国家药监局", "国家药品监督管理局"], "国家药品监督管理局"),
        (["中科院", "中国科学院"], "中国科学院"),
        (["新华社", "新华通讯社"], "新华通讯社"),
        (["中组部", "中央组织部", "中共中央组织部"], "中共中央组织部"),
        (["中宣部", "中共中央宣传部"], "中共中央宣传部"),
        (["中央统战部", "中共中央统一战线工作部"], "中共中央统一战线工作部"),
        (["中央网信办", "国家网信办"], "中央网络安全和信息化委员会办公室"),
        (["中央编办", "中央机构编制委员会办公室"], "中央机构编制委员会办公室"),
        (["最高法", "最高人民法院"], "最高人民法院"),
        (["最高检", "最高人民检察院"], "最高人民检察院"),
        (["全国人大常委会", "全国人民代表大会常务委员会"], "全国人民代表大会常务委员会"),
        (["全国政协", "中国人民政治协商会议全国委员会"], "中国人民政治协商会议全国委员会"),
        (["中央军委", "中央军事委员会"], "中华人民共和国中央军事委员会"),
        (["全国总工会", "中华全国总工会"], "中华全国总工会"),
        (["团中央", "共青团中央"], "共青团中央"),
        (["全国妇联", "中华全国妇女联合会"], "中华全国妇女联合会"),
        (["中国科协", "中国科学技术协会"], "中国科学技术协会"),
        (["中国残联", "中国残疾人联合会"], "中国残疾人联合会"),
        (["全国工商联", "中华全国工商业联合会"], "中华全国工商业联合会"),
        (["中国贸促会", "中国国际贸易促进委员会"], "中国国际贸易促进委员会"),
    ],
)
def test_national_short_forms_are_one_unit_in_a_national_plan(forms, official):
    assert {name(f, NATION) for f in forms} == {official}
    assert {resolve(f, NATION).id for f in forms} == {f"unit:{official}"}


def test_a_bare_short_form_in_a_local_plan_is_the_local_bureau():
    assert name("发展改革委", "烟台市") == "烟台市发展和改革委员会"
    assert name("国家发展改革委", "烟台市") == "国家发展和改革委员会"  # the 国家 prefix says which
    # a city's commission is an organ of its people's government (烟台市人民政府国有资产监督管理委员会)
    assert name("国资委", "烟台市") == "烟台市人民政府国有资产监督管理委员会"


def test_national_units_of_two_plans_are_one_node():
    g = graph_of(("a.txt", "烟台市", ["国家发展改革委"]), ("b.txt", NATION, ["发展改革委"]))
    assert ids(g, "a.txt") == ids(g, "b.txt") == ["unit:国家发展和改革委员会"]


# ----------------------------------------------------------------------------- levels
@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("省教育厅", "四川省", "四川省教育厅"),
        ("区发展改革局", "武侯区", "成都市武侯区发展和改革局"),
        ("广西壮族自治区卫生健康委", "南宁市", "广西壮族自治区卫生健康委员会"),
        ("市教委", "北京市", "北京市教育委员会"),  # a 直辖市's bodies are 委/局, not 厅
        ("市科委", "北京市", "北京市科学技术委员会"),
        ("市科技局", "重庆市", "重庆市科学技术局"),
        ("市公安局", "上海市", "上海市公安局"),
        ("市财政局", "天津市", "天津市财政局"),
        ("市政府办公厅", "北京市", "北京市人民政府办公厅"),
        ("市法院", "北京市", "北京市高级人民法院"),
        ("市住房城乡建设委", "北京市", "北京市住房和城乡建设委员会"),
        ("市经信委", "上海市", "上海市经济和信息化委员会"),  # still current there
        ("市地方金融管理局", "烟台市", "烟台市地方金融管理局"),
        ("市数据局", "杭州市", "杭州市数据局"),
        ("市委金融办", "烟台市", "中共烟台市委金融委员会办公室"),
        ("市委社会工作部", "烟台市", "中共烟台市委社会工作部"),
        ("市直机关工委", "烟台市", "中共烟台市直属机关工作委员会"),
        ("威海军分区", "威海市", "威海军分区"),
        ("市人武部", "荣成市", "荣成市人民武装部"),
    ],
)
def test_level_forms(text, region, expected):
    assert name(text, region) == expected


# ----------------------------------------------------------------------------- eras
@pytest.mark.parametrize(
    ("text", "region", "era_name", "successor"),
    [
        ("市经贸委", "烟台市", "烟台市经济贸易委员会", "烟台市经济和信息化委员会"),
        ("市经信委", "烟台市", "烟台市经济和信息化委员会", "烟台市工业和信息化局"),
        ("市工商局", "烟台市", "烟台市工商行政管理局", "烟台市市场监督管理局"),
        ("市质监局", "烟台市", "烟台市质量技术监督局", "烟台市市场监督管理局"),
        ("市食药监局", "烟台市", "烟台市食品药品监督管理局", "烟台市市场监督管理局"),
        ("市卫计委", "威海市", "威海市卫生和计划生育委员会", "威海市卫生健康委员会"),
        ("市卫计局", "荣成市", "荣成市卫生和计划生育局", "荣成市卫生健康局"),
        ("省国土资源厅", "山东省", "山东省国土资源厅", "山东省自然资源厅"),
        ("市环保局", "烟台市", "烟台市环境保护局", "烟台市生态环境局"),
        ("市农业局", "烟台市", "烟台市农业局", "烟台市农业农村局"),
        ("市旅游局", "烟台市", "烟台市旅游局", "烟台市文化和旅游局"),
        ("市安监局", "烟台市", "烟台市安全生产监督管理局", "烟台市应急管理局"),
        ("市人事局", "烟台市", "烟台市人事局", "烟台市人力资源和社会保障局"),
        ("市物价局", "烟台市", "烟台市物价局", "烟台市发展和改革委员会"),
        ("市金融办", "烟台市", "烟台市人民政府金融工作办公室", "烟台市地方金融监督管理局"),
        ("市地方金融监管局", "烟台市", "烟台市地方金融监督管理局", "烟台市地方金融管理局"),
        ("市国税局", "烟台市", "烟台市国家税务局", "国家税务总局烟台市税务局"),
        ("国家工商总局", "烟台市", "国家工商行政管理总局", "国家市场监督管理总局"),
        ("国家卫生计生委", NATION, "国家卫生和计划生育委员会", "国家卫生健康委员会"),
        ("环境保护部", NATION, "环境保护部", "生态环境部"),
        ("农业部", NATION, "农业部", "农业农村部"),
        ("国家旅游局", NATION, "国家旅游局", "文化和旅游部"),
        ("国家新闻出版广电总局", NATION, "国家新闻出版广电总局", "国家广播电视总局"),
        ("国务院法制办", NATION, "国务院法制办公室", "司法部"),
        ("银监会", NATION, "中国银行业监督管理委员会", "中国银行保险监督管理委员会"),
        ("银保监会", NATION, "中国银行保险监督管理委员会", "国家金融监督管理总局"),
        ("烟台银监分局", "烟台市", "烟台银监分局", "烟台银保监分局"),
        ("烟台银保监分局", "烟台市", "烟台银保监分局", "国家金融监督管理总局烟台监管分局"),
        ("人民银行烟台市中心支行", "烟台市", "中国人民银行烟台市中心支行", "中国人民银行烟台市分行"),
        ("烟台出入境检验检疫局", "烟台市", "烟台出入境检验检疫局", "烟台海关"),
    ],
)
def test_a_name_of_an_era_is_that_eras_canonical_name_with_its_successor(text, region, era_name, successor):
    c = resolve(text, region)
    assert (c.name, c.successor) == (era_name, successor)


def test_a_name_still_current_in_its_region_has_no_successor():
    assert resolve("市经信委", "上海市").successor is None
    assert resolve("市商务委", "重庆市").successor is None
    assert resolve("市商务委", "烟台市").successor == "烟台市商务局"


def test_the_successor_edge_links_eras_of_one_region_and_never_creates_a_unit():
    g = graph_of(
        ("2016.txt", "烟台市", ["市工商局", "市金融办", "烟台银监分局", "市环保局"]),
        ("2022.txt", "烟台市", ["市市场监管局", "市地方金融管理局", "国家金融监督管理总局烟台监管分局"]),
        ("weihai.txt", "威海市", ["市市场监管局"]),
    )
    assert ids(g, "2016.txt") == [
        "unit:烟台市工商行政管理局",
        "unit:烟台市人民政府金融工作办公室",
        "unit:烟台银监分局",
        "unit:烟台市环境保护局",
    ]
    edges = {(e.src, e.dst, tuple(e.props.get("via", ()))) for e in g.edges if e.type == "SUCCEEDED_BY"}
    assert edges == {
        ("unit:烟台市工商行政管理局", "unit:烟台市市场监督管理局", ()),
        # the eras in between are skipped, and named
        ("unit:烟台市人民政府金融工作办公室", "unit:烟台市地方金融管理局", ("烟台市地方金融监督管理局",)),
        ("unit:烟台银监分局", "unit:国家金融监督管理总局烟台监管分局", ("烟台银保监分局",)),
    }
    # 烟台市生态环境局 is named by no plan: no unit is created only to be a successor
    assert "unit:烟台市生态环境局" not in g.units
    assert "unit:威海市市场监督管理局" in g.units
    assert not any(e.dst == "unit:威海市市场监督管理局" for e in g.edges if e.type == "SUCCEEDED_BY")


# ----------------------------------------------------------------------------- vertical agencies
@pytest.mark.parametrize(
    ("text", "region", "expected", "place"),
    [
        ("国家税务总局烟台市税务局", "烟台市", "国家税务总局烟台市税务局", "烟台市"),
        ("市税务局", "烟台市", "国家税务总局烟台市税务局", "烟台市"),
        ("县税务局", "桐庐县", "国家税务总局桐庐县税务局", "桐庐县"),
        ("国家金融监督管理总局山东监管局", "济南市", "国家金融监督管理总局山东监管局", "山东省"),
        ("烟台金融监管分局", "烟台市", "国家金融监督管理总局烟台监管分局", "烟台市"),
        ("山东证监局", "济南市", "中国证券监督管理委员会山东监管局", "山东省"),
        ("人民银行山东省分行", "济南市", "中国人民银行山东省分行", "山东省"),
        ("人民银行烟台分行", "烟台市", "中国人民银行烟台市分行", "烟台市"),
        ("国网烟台供电公司", "烟台市", "国网烟台供电公司", "烟台市"),
        ("国网荣成市供电公司", "荣成市", "国网荣成市供电公司", "荣成市"),
        ("市供电公司", "烟台市", "国网烟台供电公司", "烟台市"),
        ("国网山东省电力公司", "济南市", "国网山东省电力公司", "山东省"),
        ("中国移动烟台分公司", "烟台市", "中国移动烟台分公司", "烟台市"),
        ("市移动公司", "烟台市", "中国移动烟台分公司", "烟台市"),
        ("中国铁路济南局集团有限公司", "济南市", "中国铁路济南局集团有限公司", "济南市"),
        ("烟台海关", "烟台市", "烟台海关", "烟台市"),
        ("市邮政管理局", "烟台市", "烟台市邮政管理局", "烟台市"),
        ("市气象局", "烟台市", "烟台市气象局", "烟台市"),
        ("省通信管理局", "济南市", "山东省通信管理局", "山东省"),
    ],
)
def test_vertical_agencies(text, region, expected, place):
    c = resolve(text, region)
    assert (c.name, c.region.name if c.region else None) == (expected, place)


def test_universities_and_enterprises_name_themselves():
    c = resolve("山东大学", "烟台市")
    assert (c.name, c.category, c.id) == ("山东大学", "university", "unit:山东大学")
    assert resolve("中国石化", "烟台市").name == "中国石油化工集团有限公司"
    e = resolve("某某化学集团股份有限公司", "烟台市")
    assert (e.category, e.id) == ("enterprise", "unit:某某化学集团股份有限公司")


# ----------------------------------------------------------------------------- generic placeholders
@pytest.mark.parametrize(
    "text",
    [
        "各区县人民政府",
        "各乡镇（街道）",
        "各乡镇(街道)",
        "各县（市、区）人民政府",
        "各成员单位",
        "各基础电信企业",
        "有关部门",
        "相关职能部门",
        "市直有关部门",
        "省有关部门",
        "区县政府",
        "各级各部门",
        "各金融机构",
    ],
)
def test_generic_shapes(text):
    reg = Registry.load()
    assert reg.is_generic(text)
    c = resolve(text, "烟台市")
    assert (c.category, c.region.name if c.region else None) == ("generic", "烟台市")


@pytest.mark.parametrize(
    "text", ["市政府", "市人民政府", "市委", "专项小组各成员单位", "市场监督管理局", "县市场监管局"]
)
def test_named_units_are_not_generic(text):
    assert not Registry.load().is_generic(text)


def test_generic_mentions_are_placeholders_of_their_region_never_a_named_bureau():
    flagged_by_grammar = UnitMention("市有关单位", 2, generic=True)
    g = graph_of(
        ("a.txt", "烟台市", ["市市场监管局", flagged_by_grammar, "各区县人民政府"]),
        ("b.txt", "烟台市", ["各区县人民政府"]),
        ("c.txt", "威海市", ["各区县人民政府"]),
        ("d.txt", None, ["有关部门"]),
        ("e.txt", None, ["有关部门"]),
    )
    assert ids(g, "a.txt") == ["unit:烟台市市场监督管理局", "unit:*烟台市/市有关单位", "unit:*烟台市/各区县人民政府"]
    assert ids(g, "b.txt") == ["unit:*烟台市/各区县人民政府"]  # one placeholder per region
    assert ids(g, "c.txt") == ["unit:*威海市/各区县人民政府"]
    assert ids(g, "d.txt") == ["unit:*@d.txt/有关部门"]  # no region: the plan's own
    assert ids(g, "e.txt") == ["unit:*@e.txt/有关部门"]
    unit = g.units["unit:*烟台市/各区县人民政府"]
    assert (unit.category, unit.region, unit.flagged) == ("generic", "烟台市", False)
    generic_ids = {u.id for u in g.units.values() if u.category == "generic"}
    assert not any(e.src in generic_ids for e in g.edges if e.type in ("COUNTERPART_OF", "SUCCEEDED_BY"))


# ----------------------------------------------------------------------------- never merge across regions
def test_unknown_region_units_of_two_documents_are_two_units():
    g = graph_of(("a.txt", None, ["市市场监管局", "专项小组"]), ("b.txt", None, ["市市场监管局", "专项小组"]))
    assert ids(g, "a.txt") == ["unit:?@a.txt/市市场监管局", "unit:?@a.txt/专项小组"]
    assert ids(g, "b.txt") == ["unit:?@b.txt/市市场监管局", "unit:?@b.txt/专项小组"]
    for uid in (*ids(g, "a.txt"), *ids(g, "b.txt")):
        assert g.units[uid or ""].flagged  # for review
    assert len({u for u in g.units if u.endswith("/市市场监管局")}) == 2


def test_self_named_units_still_merge_without_a_region():
    g = graph_of(("a.txt", None, ["烟台海关", "山东大学"]), ("b.txt", None, ["烟台海关", "山东大学"]))
    assert ids(g, "a.txt") == ids(g, "b.txt") == ["unit:烟台海关", "unit:山东大学"]


# ----------------------------------------------------------------------------- counterparts across China
def test_counterparts_follow_the_hierarchy_anywhere():
    g = graph_of(
        ("wuhou.txt", "武侯区", ["区市场监管局", "区发展改革局"]),
        ("chengdu.txt", "成都市", ["市市场监管局", "市发展改革委"]),
        ("sichuan.txt", "四川省", ["省市场监管局"]),
        ("nation.txt", NATION, ["市场监管总局", "国家发展改革委"]),
        ("mianyang.txt", "绵阳市", ["市市场监管局"]),
    )
    edges = {(e.src, e.dst, e.props["relation"]) for e in g.edges if e.type == "COUNTERPART_OF"}
    assert ("unit:成都市武侯区市场监督管理局", "unit:成都市市场监督管理局", "parent") in edges
    assert ("unit:成都市市场监督管理局", "unit:四川省市场监督管理局", "parent") in edges
    assert ("unit:四川省市场监督管理局", "unit:国家市场监督管理总局", "parent") in edges
    assert ("unit:成都市武侯区发展和改革局", "unit:成都市发展和改革委员会", "parent") in edges
    # 四川省发展和改革委员会 is not in the graph: the nearest ancestor that is
    assert ("unit:成都市发展和改革委员会", "unit:国家发展和改革委员会", "parent") in edges
    assert ("unit:成都市市场监督管理局", "unit:绵阳市市场监督管理局", "peer") in edges


# ----------------------------------------------------------------------------- the registry file itself
def test_an_alias_listed_under_two_entries_is_refused(tmp_path: Path):
    text = default_registry_path().read_text(encoding="utf-8")
    broken = text.replace("aliases: [审计局, 审计厅]", "aliases: [审计局, 审计厅, 财政局]", 1)
    assert broken != text
    path = tmp_path / "departments.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RegistryError, match=r"alias 财政局 is listed under finance and audit$"):
        Registry.load(path)


def test_a_successor_must_be_a_key(tmp_path: Path):
    text = default_registry_path().read_text(encoding="utf-8")
    broken = text.replace("successor: market\n", "successor: markt\n", 1)
    path = tmp_path / "departments.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(RegistryError, match=r"aic: successor 'markt' is no department key$"):
        Registry.load(path)
