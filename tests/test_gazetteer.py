"""The national gazetteer: the official division list (data/divisions.tsv) and the zones."""

from __future__ import annotations

from collections import Counter

from loaders.gazetteer import Gazetteer
from loaders.registry import Registry, ResolveContext


def _gaz() -> Gazetteer:
    return Gazetteer.load()


def test_the_division_list_is_complete():
    g = _gaz()
    levels = Counter(r.level for r in g.regions.values() if r.code)
    assert levels["national"] == 1
    assert levels["province"] == 34  # 23 省, 5 自治区, 4 直辖市, 2 特别行政区 (台湾省 710000 included)
    assert 330 <= levels["prefecture"] <= 336  # 333 in 2025: 地级市, 自治州, 地区, 盟
    assert 2800 <= levels["county"] <= 2900  # 2,845: 市辖区, 县级市, 县, 自治县, 旗, 自治旗, 林区, 特区
    kinds = Counter(g.kind(r) for r in g.regions.values() if r.code)
    assert (kinds["自治州"], kinds["盟"], kinds["地区"]) == (30, 3, 7)
    assert kinds["林区"] == kinds["特区"] == 1
    assert g.get("台湾省") is not None and g.get("台湾省").code == "710000"  # type: ignore[union-attr]
    assert all(len(r.code) == 6 and r.code.isdigit() for r in g.regions.values() if r.code)


def test_keys_are_unique_and_every_parent_is_known():
    g = _gaz()
    assert all(r.name == key and r.id == f"region:{key}" for key, r in g.regions.items())
    codes = [r.code for r in g.regions.values() if r.code]
    assert len(codes) == len(set(codes))
    for r in g.regions.values():
        if r.level != "national":
            assert g.parent(r) is not None, r
    prefectures = [g.place(r).bare for r in g.regions.values() if r.level == "prefecture" and r.code]
    assert len(prefectures) == len(set(prefectures))  # prefecture names are unique on their own


def test_an_ambiguous_county_is_keyed_with_its_prefecture():
    g = _gaz()
    gulou = {r.name for r in g.regions.values() if g.place(r).bare == "鼓楼区"}
    assert gulou == {"南京市鼓楼区", "福州市鼓楼区", "徐州市鼓楼区", "开封市鼓楼区"}
    assert {r.name for r in g.regions.values() if g.place(r).bare == "朝阳区"} == {"北京市朝阳区", "长春市朝阳区"}
    assert g.lookup("鼓楼区") and len(g.lookup("鼓楼区")) == 4
    assert g.get("荣成市").name == "荣成市"  # type: ignore[union-attr]  # a unique county keeps its name
    assert g.parent(g.regions["南京市鼓楼区"]).name == "南京市"  # type: ignore[union-attr]


def test_baotou_is_a_prefecture_of_inner_mongolia():
    g = _gaz()
    baotou = g.get("包头")
    assert baotou is not None and (baotou.name, baotou.level, baotou.code) == ("包头市", "prefecture", "150200")
    assert [r.name for r in g.chain(baotou)] == ["包头市", "内蒙古自治区", "中华人民共和国"]
    assert g.get("内蒙古").name == "内蒙古自治区"  # type: ignore[union-attr]


def test_short_names():
    g = _gaz()
    xiangxi = "湘西土家族苗族自治州"
    assert g.get("湘西州").name == g.get("湘西").name == xiangxi  # type: ignore[union-attr]
    assert g.get("锡林郭勒").name == "锡林郭勒盟"  # type: ignore[union-attr]
    assert g.get("烟台").name == "烟台市"  # type: ignore[union-attr]
    assert g.get("荣成").name == "荣成市"  # type: ignore[union-attr]  # a unique county short
    assert g.get("吉林").name == "吉林省"  # type: ignore[union-attr]  # the higher level keeps a shared short
    assert "鼓楼" not in g.shorts  # four 鼓楼区: no short
    reg = Registry.load()
    assert reg.region_short(g.regions[xiangxi]) == "湘西"


def test_prefixes_read_the_deeper_place():
    g = _gaz()
    text = "杭州市西湖区市场监督管理局"
    assert [r.name for r in g.prefixes(text)][:2] == ["杭州市西湖区", "杭州市"]
    assert g.prefix_matches(text)[0][1] == 6
    assert [r.name for r in g.prefixes("山东省烟台市芝罘区人民政府")][:3] == ["芝罘区", "烟台市", "山东省"]
    # a bare ambiguous name is read near the plan's region, and not at all far from it
    assert [r.name for r in g.prefixes("鼓楼区市场监管局", g.get("福州市"))] == ["福州市鼓楼区"]
    assert g.prefixes("鼓楼区市场监管局", g.get("烟台市")) == []


def test_zones():
    g = _gaz()
    new_areas = (
        "浦东新区 滨海新区 两江新区 舟山群岛新区 兰州新区 南沙新区 西咸新区 贵安新区 西海岸新区 金普新区 "
        "天府新区 湘江新区 江北新区 福州新区 滇中新区 哈尔滨新区 长春新区 赣江新区 雄安新区"
    )
    for name in new_areas.split(" "):
        region = g.get(name)
        assert region is not None and g.is_zone(region), name
    pingtan = g.get("平潭")
    assert pingtan is not None and (pingtan.name, pingtan.level) == ("平潭综合实验区", "county")
    assert g.parent(pingtan).name == "福州市"  # type: ignore[union-attr]
    assert g.get("河北雄安新区").name == "雄安新区"  # type: ignore[union-attr]
    assert g.get("浦东新区").code == "310115"  # type: ignore[union-attr]  # a division that is a zone
    zone = g.get("杭州高新区")
    assert zone is not None and zone.name == "杭州高新技术产业开发区" and g.parent(zone).name == "杭州市"  # type: ignore[union-attr]
    assert g.prefixes("烟台经济技术开发区管委会")[0].name == "烟台经济技术开发区"


def test_relative_prefixes_by_kind_of_region():
    reg = Registry.load()
    g = reg.gazetteer

    def name(text: str, region: str) -> str:
        return reg.resolve(text, ResolveContext(g.get(region))).name

    assert name("州市场监管局", "湘西州") == "湘西土家族苗族自治州市场监督管理局"
    assert name("盟发展改革委", "锡林郭勒盟") == "锡林郭勒盟发展和改革委员会"
    assert name("旗市场监管局", "准格尔旗") == "准格尔旗市场监督管理局"
    assert name("区市场监管局", "内蒙古自治区") == "内蒙古自治区市场监督管理局"
    assert name("市市场监管局", "北京市朝阳区") == "北京市市场监督管理局"
    assert name("区市场监管局", "北京市朝阳区") == "北京市朝阳区市场监督管理局"
    assert name("区市场监管局", "平潭综合实验区") == "平潭综合实验区市场监督管理局"
    assert name("县发展改革局", "安平县") == "安平县发展和改革局"
    assert name("鼓楼区市场监管局", "南京市") == "南京市鼓楼区市场监督管理局"
    assert reg.relative("市", g.get("湘西州")) is None  # no one city in a 州's plan


def test_mentions_of_a_long_text_are_counted():
    """(How fast: bench/gazetteer.py prints the load time and the scan time, not a timed test.)"""
    g = _gaz()
    text = "山东省烟台市和威海市、荣成市，精致城市·幸福威海。" * 2000
    assert g.mentions(text) == {"山东省": 2000, "烟台市": 2000, "威海市": 4000, "荣成市": 2000}


def test_a_county_made_a_district_or_city_is_known_by_its_former_name():
    """崇明县 (上海市, 崇明区 since 2016), 萧山县 (杭州市): the 县 form of a district or county-level city whose
    stem no county holds today; a stem several districts share (鼓楼区) gives none, and a county of that
    name today stays itself (朝阳县 of 朝阳市)."""
    gaz = Gazetteer.load()
    assert [(r.name, gaz.parent(r).name) for r in (gaz.get("崇明县"), gaz.get("萧山县"))] == [  # type: ignore[union-attr]
        ("崇明县", "上海市"),
        ("萧山县", "杭州市"),
    ]
    assert gaz.get("鼓楼县") is None
    assert gaz.place(gaz.get("朝阳县")).kind == "县"  # type: ignore[arg-type]
