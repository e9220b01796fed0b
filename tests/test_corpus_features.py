"""The numbering and responsibility grammars, clean and indicators on real documents of the development corpus.

Every expected value below was read off the printed text of the document named
(tests/corpus/docs/, sources in tests/corpus/INDEX.md), not taken from the program.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.model import PlanDoc, Task
from loaders.pipeline import build_graph, parse_document
from loaders.registry import Registry, ResolveContext

DOCS = Path(__file__).resolve().parent / "corpus" / "docs"


def _doc(doc_id: str) -> PlanDoc:
    path = DOCS / f"{doc_id}.txt"
    return parse_document(path.read_bytes(), path.name)


def _tasks(doc: PlanDoc) -> dict[str, Task]:
    return {t.path: t for t in doc.tasks}


def _mentions(doc: PlanDoc, path: str) -> list[tuple[str, str, bool]]:
    return [(m.text, m.role, m.generic) for m in _tasks(doc)[path].mentions]


def test_chapters_of_a_notice_titled_by_what_they_do_hold_tasks():
    """国家发展改革委办公厅 税务总局办公厅 关于加强个人所得税纳税信用建设的通知 (2019): 二、建立个人所得税纳税信用
    管理机制 … 五、强化组织实施 carry the work; 一、总体要求 does not."""
    doc = _doc("gj-fagai-2019-nashuixinyong")
    tasks = _tasks(doc)
    assert {t.path.split(".")[0] for t in doc.tasks} == {"2", "3", "4", "5"}
    assert tasks["2.2"].title == "建立健全个人所得税纳税信用记录"
    assert tasks["4.1"].kind == "task"
    assert tasks["5.1"].kind == "safeguard"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_old_mac_line_breaks_read_like_unix_ones(newline: str):
    path = DOCS / "gj-fagai-2019-nashuixinyong.txt"
    raw = path.read_text(encoding="utf-8")
    unix = parse_document(raw.encode("utf-8"), path.name)
    other = parse_document(raw.replace("\n", newline).encode("utf-8"), path.name)
    assert [(t.path, t.title) for t in other.tasks] == [(t.path, t.title) for t in unix.tasks]
    # offsets still point into the text as given
    first = other.tasks[0]
    original = raw.replace("\n", newline)
    assert original[other.plan.offset_map[first.span.start]] == first.text[0]


def test_a_kind_of_body_as_the_subject_of_yao_is_a_placeholder():
    """上海 建筑垃圾 (2024) 二、（一）: 加强备案申报管理。建设主管部门要督促施工单位依法编制建筑垃圾处理方案 —
    the building authority takes the work, as a placeholder (no place printed), not a bureau."""
    assert _mentions(_doc("sh-shanghai-2024-jianzhulaji"), "2.1")[0] == ("建设主管部门", "responsible", True)


def test_sector_words_before_a_kind_of_body_are_placeholders_each():
    """沪府办发 建筑垃圾 一、（一）: 住房城乡建设管理、交通、水务、绿化市容、国防动员、房屋管理部门
    （以下称“建设主管部门”）和规划资源部门要加强指导 — each sector word stands for its department,
    the note in brackets is no part of a name, and 和 joins two whole kinds of body."""
    assert _mentions(_doc("sh-shanghai-2024-jianzhulaji"), "1.1") == [
        ("住房城乡建设管理", "responsible", True),
        ("交通", "responsible", True),
        ("水务", "responsible", True),
        ("绿化市容", "responsible", True),
        ("国防动员", "responsible", True),
        ("房屋管理部门", "responsible", True),
        ("规划资源部门", "responsible", True),
    ]


def test_the_partners_after_huitong_take_the_work_with_the_subject():
    """建筑垃圾 一、（二）: 市规划资源局要会同市水务局、市农业农村委、相关区政府加快研究并落实… —
    the list after 要会同 ends where the predicate (加快研究) starts."""
    got = _mentions(_doc("sh-shanghai-2024-jianzhulaji"), "1.2")
    assert got[4:7] == [
        ("市水务局", "responsible", False),
        ("市农业农村委", "responsible", False),
        ("相关区政府", "responsible", True),
    ]


def test_named_bureaus_opening_a_clause_are_its_subject_whatever_the_verb():
    """崇明区 高层建筑消防安全综合治理 六、（二）1.9月30日前，区建设管理委、区住房保障房屋管理局对照标准
    完成…排查。各行业主管部门组织所辖…。各有关委、办、局组织开展… — "1.9月" is item 1 and a month, not
    a decimal; the bureaus before 对照 and the placeholders before 组织 take the work (各有关委、办、局
    is one placeholder, its kinds printed one character each)."""
    doc = _doc("sh-chongming-2017-gaoceng")
    task = next(t for t in doc.tasks if t.path == "6.2.1")
    assert task.number == "1."
    assert _mentions(doc, "6.2.1") == [
        ("区建设管理委", "responsible", False),
        ("区住房保障房屋管理局", "responsible", False),
        ("各行业主管部门", "responsible", True),
        ("各有关委、办、局", "responsible", True),
    ]


def test_an_annex_lead_cell_ending_in_a_bracketed_part_is_complete():
    """宝山区 生活垃圾 附件 row 9 推进全面覆盖: the 牵头 cell 各街镇（园区）, then the 配合 cell
    区绿化市容局、/区农业农村委 on the next lines."""
    assert [(text, role) for text, role, _ in _mentions(_doc("sh-baoshan-2019-laji"), "A.9")] == [
        ("各街镇（园区）", "lead"),
        ("区绿化市容局", "support"),
        ("区农业农村委", "support"),
    ]


def _resolved_in(doc: PlanDoc, path: str) -> list[tuple[str, str, str]]:
    """(printed, role, canonical name or the placeholder as printed) of one task's mentions."""
    graph = build_graph([doc])
    task = next(t for t in graph.tasks.values() if t.path == path)
    return [(m.text, m.role, m.text if m.generic else graph.units[m.unit_id or ""].name) for m in task.mentions]


def _named(doc: PlanDoc, path: str) -> list[str]:
    return [name for _, _, name in _resolved_in(doc, path)]


def test_a_duty_heading_and_ge_distributing_over_a_list():
    """奉贤 公园城市建设实施意见 (2021), 三、职责分工: (一)区发展改革委：负责公园绿地等建设项目的审批… and
    (十八)各镇、街道、开发区：按照本辖区镇域规划要求… — the units before the colon take the heading's
    task; 各 makes each of 镇, 街道, 开发区 a placeholder."""
    doc = _doc("sh-fengxian-2021-gongyuan")
    assert _named(doc, "3.1") == ["上海市奉贤区发展和改革委员会"]
    assert _mentions(doc, "3.18") == [
        ("各镇", "responsible", True),
        ("街道", "responsible", True),
        ("开发区", "responsible", True),
    ]


def test_a_date_bracketed_at_the_end_of_a_step_heading_is_its_deadline():
    """2021年崇明区城市体检工作方案, 三、工作步骤: （一）建立工作机制（2021年8月）。…"""
    tasks = _tasks(_doc("sh-chongming-2021-chengshitijian"))
    assert [tasks[p].deadline for p in ("3.1", "3.2", "3.5")] == ["2021年8月", "2021年9月", "2021年12月"]


def test_the_members_of_a_working_group_listed_before_zucheng():
    """上海 消防基础设施建设实施意见 (2023), 二、（二）: 本市成立由市政府分管副秘书长牵头，市应急局、市消防救援
    总队、…、市房屋管理局、市通信管理局等部门和单位组成的工作专班 — sixteen bureaus; 市住房城乡建设管理委
    is 上海市住房和城乡建设管理委员会, 市房屋管理局 the city's 房屋管理局. (二、（三）: 各区政府、各有关部门和单位要…
    — 各有关部门和单位 one placeholder.)"""
    doc = _doc("sh-shanghai-2023-xiaofangsheshi")
    names = _named(doc, "2.2")
    assert names[:3] == ["上海市应急管理局", "上海市消防救援总队", "上海市发展和改革委员会"]
    assert names[7] == "上海市住房和城乡建设管理委员会" and names[14:16] == ["上海市房屋管理局", "上海市通信管理局"]
    assert _mentions(doc, "2.3") == [("各区政府", "responsible", True), ("各有关部门和单位", "responsible", True)]


def test_an_annex_cell_whose_unit_carries_its_other_names_in_brackets():
    """宝山 生活垃圾全程分类体系实施方案 (2019), 附件 row 29: 区绿化市容局 | 区委宣传部（区文明办、区政府新闻办、
    区委网信办）、区民政局 — the bracket holds the 宣传部's other names; a 、 inside it separates no units."""
    names = _named(_doc("sh-baoshan-2019-laji"), "A.29")
    assert names == ["上海市宝山区绿化和市容管理局", "中共上海市宝山区委宣传部", "上海市宝山区民政局"]


def test_the_one_new_area_of_a_pilot_free_trade_zone():
    """上海 科学绿化实施意见 (2022), 二、（一）: …（责任单位：…、临港新片区管委会）— 中国（上海）自由贸易试验区
    临港新片区管理委员会, a body of its own."""
    assert "中国（上海）自由贸易试验区临港新片区管理委员会" in _named(_doc("sh-shanghai-2022-kexuelvhua"), "2.1")


def test_a_place_printed_before_a_list_of_sector_words_names_its_departments():
    """江西 金融支持防控疫情若干措施 (2020), 1.: 由省发展改革、工业和信息化部门牵头，会同商务、农业农村、国资、
    交通运输等相关部门 — 省 printed once: the province's 发展和改革委员会 and 工业和信息化厅 lead, its
    commerce, agriculture, state-assets and transport departments join (会同)."""
    assert _named(_doc("jx-jiangxi-2020-jinrongfangyi"), "1")[:6] == [
        "江西省发展和改革委员会",
        "江西省工业和信息化厅",
        "江西省商务厅",
        "江西省农业农村厅",
        "江西省人民政府国有资产监督管理委员会",
        "江西省交通运输厅",
    ]


def test_a_bracket_of_roles_that_runs_on_past_a_full_stop():
    """上海 市场监管系统城镇燃气安全专项整治实施方案 (2023), 二、（一）1.: （市局特种设备安全监察处牵头，执法稽查处、
    信用监督管理处按职责分工负责；区市场监管局组织落实。以下均需区市场监管局落实…） — the roles up to the stop;
    the divisions are the issuing bureau's."""
    got = _mentions(_doc("sh-shanghai-2023-ranqi"), "2.1.1")
    assert got[:4] == [
        ("市局特种设备安全监察处", "lead", False),
        ("执法稽查处", "responsible", False),
        ("信用监督管理处", "responsible", False),
        ("区市场监管局", "responsible", False),
    ]


def test_the_items_of_a_stage_are_due_when_the_stage_is():
    """普陀区住宅小区违法行为综合治理工作方案 (2024), 五、(一)第一阶段(2024年第三季度前完成) 主要任务：1、建章立制…
    2、梳理各类规范… — the items print no time of their own; 崇明 高层建筑 六、（二）2.11月30日前，… prints
    its own and keeps it (no stage time put over it)."""
    tasks = _tasks(_doc("sh-putuo-2024-zhuzhaixiaoqu"))
    assert [tasks[p].deadline for p in ("5.1", "5.1.1", "5.1.2", "5.2.1")] == [
        "2024年第三季度前完成",
        "2024年第三季度前完成",
        "2024年第三季度前完成",
        "2024年第四季度前完成",
    ]
    assert _tasks(_doc("sh-chongming-2017-gaoceng"))["6.2.2"].deadline is None


def test_partners_after_lianhe_opening_a_clause_without_a_subject():
    """普陀 住宅小区违法行为综合治理工作方案 (2024), 四、(三)加强教育培训和普法宣传。联合司法局、属地街镇强化普法宣传…
    联合房管局、规划资源局、绿化市容局、消防救援支队、体育局等职能部门联合开展物业管理企业定期培训 — the text
    leaves out who joins them; the units it names after 联合 take the work."""
    got = [t for t, _, _ in _mentions(_doc("sh-putuo-2024-zhuzhaixiaoqu"), "4.3")]
    assert got == ["司法局", "属地街镇", "房管局", "规划资源局", "绿化市容局", "消防救援支队", "体育局"]


def test_a_kind_of_department_without_its_place_is_a_placeholder():
    """上海 建筑垃圾管理实施意见 (2024), 三、（二）: …交通部门负责对无道路运输证从事违法运输经营活动的行为进行查处；
    公安部门负责对道路交通安全违法行为进行查处… — no place printed: 公安部门 is a kind of body, not 上海市公安局
    (a printed place names the department: 市安全监管部门 → 上海市安全生产监督管理局, above)."""
    got = _mentions(_doc("sh-shanghai-2024-jianzhulaji"), "3.2")
    assert ("公安部门", "responsible", True) in got and ("交通部门", "responsible", True) in got


def test_a_county_since_made_a_district_is_a_region_of_its_own_era():
    """崇明县人民政府关于进一步…拆旧止新工作实施方案 (2013): 崇明县 became 崇明区 in 2016 — the plan is of
    崇明县 (上海市), its units named as then: 三、（二）县规划土地局、住房保障房屋管理局、城管执法局和乡镇人民政府
    对… → 崇明县规划和土地管理局, 崇明县住房保障和房屋管理局, 崇明县城市管理行政执法局."""
    doc = _doc("sh-chongming-2013-chaijiuzhixin")
    assert (doc.plan.region, doc.plan.level) == ("崇明县", "county")
    assert _named(doc, "3.2")[1:] == [
        "崇明县规划和土地管理局",
        "崇明县住房保障和房屋管理局",
        "崇明县城市管理行政执法局",
    ]


def test_a_shanghai_district_s_bureaus_that_were_branches_of_the_city_s():
    """黄浦区消防“十二五”规划 (2013), 四、（四）4.: 区质监、工商、公安消防部门要按照职责分工… — in 上海 a district's
    质监 and 工商 were branches of the city's bureaus: 上海市质量技术监督局黄浦分局, 上海市工商行政管理局黄浦分局."""
    assert _named(_doc("sh-huangpu-2013-xiaofang"), "4.4.4")[:2] == [
        "上海市质量技术监督局黄浦分局",
        "上海市工商行政管理局黄浦分局",
    ]


def test_units_named_by_the_label_after_them():
    """上海 电动自行车消防安全综合治理实施意见 (2021), 三、（一）1.: （牵头指导处室：市局产品质量安全监督管理处，
    各区市场监管局、临港新片区市场监管局、机场分局为实施单位，下同） — the 处 leads; the units before 为实施单位 are
    responsible; 下同 is no unit; 机场分局 is the issuing bureau's."""
    doc = _doc("sh-shanghai-2021-diandongche")
    assert _mentions(doc, "3.1.1") == [
        ("市局产品质量安全监督管理处", "lead", False),
        ("各区市场监管局", "responsible", True),
        ("临港新片区市场监管局", "responsible", False),
        ("机场分局", "responsible", False),
    ]
    assert _named(doc, "3.1.1")[-1] == "上海市市场监督管理局机场分局"


def test_ge_with_bare_levels_before_a_government_is_one_placeholder():
    """上海 危险化学品道路运输安全监管实施意见 (2015) is addressed to 各区、县人民政府，市政府各委、办、局: 各 and the
    levels before 人民政府 make one placeholder (each district's and county's government)."""
    from loaders.duties import cell_items

    assert [i.text for i in cell_items("各区、县人民政府")] == ["各区、县人民政府"]
    assert [i.text for i in cell_items("各乡镇、区直各单位")] == ["各乡镇", "区直各单位"]


def test_a_joint_notice_signed_one_body_a_line_with_its_date_in_pieces():
    """四川 新能源上网电价市场化改革实施方案 (川发改价格〔2025〕480号): the PDF text prints the signature as
    四川省发展和改革委员会 / 四川省能源局 / 2025 / 年 / 9 / 月 / 29 / 日 — two issuers, one date."""
    plan = _doc("sc-sichuan-2025-xinnengyuandianjia").plan
    assert (plan.issuer, plan.issued_on) == ("四川省发展和改革委员会、四川省能源局", "2025-09-29")


@pytest.mark.parametrize(
    "doc_id",
    [
        "sh-shanghai-2022-kexuelvhua",  # …上海市人民政府办公厅 / 2022年12月28日
    ],
)
def test_a_plan_that_ends_with_its_signature_or_page_furniture_is_not_called_truncated(doc_id: str):
    """The last task's text may close with the signing body and date, a contact line, the web page's
    来源/附件下载 or a 责任单位 line: none of them cuts a sentence, so no "may be truncated" warning."""
    assert not [w for w in _doc(doc_id).plan.warnings if "may be truncated" in w]


def test_a_short_name_the_document_defines_stands_for_the_full_one():
    """四川 新能源上网电价市场化改革实施方案 (2025): 国网四川省电力公司（以下简称“国网四川电力”）…; 六、（十四）
    国网四川电力要加快建设机制电量和电价竞价系统 — the short name is that company. 崇明 高层建筑 (2017):
    …高层建筑消防安全综合治理协调小组（以下简称“协调小组”）…; 六、（三）1.区协调小组将成立检查组 — the district's
    group."""
    assert _named(_doc("sc-sichuan-2025-xinnengyuandianjia"), "6.14")[0] == "国网四川省电力公司"
    assert _named(_doc("sh-chongming-2017-gaoceng"), "6.3.1") == ["上海市崇明区高层建筑消防安全综合治理协调小组"]


def test_a_sector_word_with_its_place_names_that_place_s_department():
    """上海 危险化学品道路运输安全监管实施意见 (2015), 二、（一）市安全监管部门要加强… → 上海市安全生产监督管理局
    (its name of 2015)."""
    assert _named(_doc("sh-shanghai-2015-weihuayunshu"), "2.1")[0] == "上海市安全生产监督管理局"


# ----------------------------------------------------------------------------- second wave, session 21
def _resolved(doc_id: str, path: str) -> list[tuple[str, str, str]]:
    return _resolved_in(_doc(doc_id), path)


def test_a_heading_ending_its_line_in_paragraph_text_is_not_joined_to_the_paragraph_below():
    """上海 危险化学品运输 通知 (沪府办〔2015〕79号): 四、各有关管理部门和区（县）政府要加强源头管控，建立联动
    联勤长效机制 / 市安全监管、交通运输行政管理、公安、质量技术监督等部门以及区（县）政府要加强信息共享 — the
    heading ends its line; joined to the paragraph, the list lost its clause opening. The place printed
    once (市) is every sector's, and 交通运输行政管理 is the city's 交通委."""
    assert _resolved("sh-shanghai-2015-weihuayunshu", "4")[:5] == [
        ("市安全监管", "responsible", "上海市安全生产监督管理局"),
        ("交通运输行政管理", "responsible", "上海市交通委员会"),
        ("公安", "responsible", "上海市公安局"),
        ("质量技术监督", "responsible", "上海市质量技术监督局"),
        ("区（县）政府", "responsible", "区（县）政府"),
    ]


def test_an_annexed_units_cell_stops_before_the_next_rows_group_cell():
    """静安 城市更新 任务清单: row 3's 推进单位 …区国资委、大宁集团 is followed by 旧区改造, the 任务类型 cell
    of rows 4–: not part of the last unit's name. Row 4's cell opens with a quoted name (区“两旧”专班)."""
    assert [p for p, _, _ in _resolved("sh-jingan-2023-chengshigengxin", "A.3")][-1] == "大宁集团"
    assert [p for p, _, _ in _resolved("sh-jingan-2023-chengshigengxin", "A.4")] == [
        "区“两旧”专班",
        "区房管局",
        "区旧改总办",
        "区成套办",
        "各相关街镇",
    ]


def test_a_lead_cell_ending_in_a_federation_is_followed_by_the_support_cell():
    """宝山 生活垃圾 任务清单 row 35: 牵头部门 区民政局、区委宣传部（区文明办）、区妇联 / 配合部门 区绿化市容局;
    row 14: 配合部门 区绿化市容局 / 区党政机关、公共机构."""
    assert [(p, r) for p, r, _ in _resolved("sh-baoshan-2019-laji", "A.35")] == [
        ("区民政局", "lead"),
        ("区委宣传部（区文明办）", "lead"),
        ("区妇联", "lead"),
        ("区绿化市容局", "support"),
    ]
    row_14 = [p for p, _, _ in _resolved("sh-baoshan-2019-laji", "A.14")]
    assert row_14 == ["区机管局", "区绿化市容局", "区党政机关", "公共机构"]


def test_a_time_phrase_between_a_sector_list_and_its_predicate():
    """黄浦 消防 (2013): 区建设、规划、工商、交通、安监、质监、文化、市政（城管）等部门行政许可前，要严格依法审核."""
    got = _resolved("sh-huangpu-2013-xiaofang", "4.4.5")
    assert [p for p, _, _ in got] == ["区建设", "规划", "工商", "交通", "安监", "质监", "文化", "市政（城管）"]
    assert dict((p, n) for p, _, n in got)["安监"] == "上海市黄浦区安全生产监督管理局"


def test_partners_after_huitong_listed_by_sector_and_a_capitals_central_bank_branch():
    """江西 金融支持防控疫情 若干措施 item 5: 省发展改革委会同工业和信息化、商务、农业农村、国资、交通运输、文化和旅游等
    部门梳理…; item 1: 人行南昌中心支行 (a provincial capital's 中心支行 is named without 市)."""
    assert [n for _, _, n in _resolved("jx-jiangxi-2020-jinrongfangyi", "5")][:7] == [
        "江西省发展和改革委员会",
        "江西省工业和信息化厅",
        "江西省商务厅",
        "江西省农业农村厅",
        "江西省人民政府国有资产监督管理委员会",
        "江西省交通运输厅",
        "江西省文化和旅游厅",
    ]
    item_1 = _resolved("jx-jiangxi-2020-jinrongfangyi", "1")
    assert ("人行南昌中心支行", "responsible", "中国人民银行南昌中心支行") in item_1


def test_a_chapter_whose_paragraph_names_who_acts_is_a_task():
    """崇明 拆旧止新 (2013): 五、责任追究 / 县纪检监察和组织人事部门根据…对本县…实施责任追究 (then （一）…（三）);
    三、（四） …由县监察局按规定进行责任追究; 四、（一） 由县监察局、政研室、县规划土地局、住房保障房屋管理局、
    城管执法局组成联合考评工作小组 (who forms the group, not the group's name)."""
    assert _resolved("sh-chongming-2013-chaijiuzhixin", "5") == [
        ("县纪检监察和组织人事部门", "responsible", "县纪检监察和组织人事部门")
    ]
    assert ("县监察局", "responsible", "崇明县监察局") in _resolved("sh-chongming-2013-chaijiuzhixin", "3.4")
    assert [p for p, _, _ in _resolved("sh-chongming-2013-chaijiuzhixin", "4.1")] == [
        "县监察局",
        "政研室",
        "县规划土地局",
        "住房保障房屋管理局",
        "城管执法局",
    ]


def test_whose_first_responsibility_a_body_is():
    """崇明 高层建筑消防 (2017) 二、组织架构: 区政府是…的第一责任主体，区政府成立由…区政府办公室分管副主任…任副组长
    (a deputy's office, no unit's work) …各乡镇政府是此项工作的直接责任主体."""
    got = _resolved("sh-chongming-2017-gaoceng", "2")
    assert got[:2] == [
        ("区政府", "responsible", "上海市崇明区人民政府"),
        ("各乡镇政府", "responsible", "各乡镇政府"),
    ]
    assert "区政府办" not in [p for p, _, _ in got]


def test_levels_alone_as_a_subject_are_placeholders():
    """上海 建筑垃圾 (2024) 五、（一）: 各区、各有关部门和单位要强化责任担当 — every district, and every
    department and body concerned."""
    assert _resolved("sh-shanghai-2024-jianzhulaji", "5.1") == [
        ("各区", "responsible", "各区"),
        ("各有关部门和单位", "responsible", "各有关部门和单位"),
    ]


def test_a_list_after_a_verb_is_what_is_acted_on_not_who_acts():
    """上海 燃气 专项整治 (2023) 2.1 4.: 查处气瓶生产单位、充装单位、检验机构等在生产…过程中存在的违法违规行为 …
    移送司法机关依法追究刑事责任 — the units are the divisions in the bracket after it."""
    assert [p for p, _, _ in _resolved("sh-shanghai-2023-ranqi", "2.1.4")] == [
        "市局特种设备安全监察处",
        "执法稽查处",
        "信用监督管理处",
        "反不正当竞争处",
    ]


def test_a_task_that_labels_its_units_leaves_out_placeholders_acting_in_its_prose():
    """嘉定 海绵城市 (2024) 2.（三）4.: 各相关行业管理部门应在施工监管和竣工验收等环节… (责任单位：区建设管理委、
    区交通委、区水务局、区绿化市容局、区住房保障房屋管理局、各街镇)."""
    assert [p for p, _, _ in _resolved("sh-jiading-2024-haimian", "2.3.4")] == [
        "区建设管理委",
        "区交通委",
        "区水务局",
        "区绿化市容局",
        "区住房保障房屋管理局",
        "各街镇",
    ]


def test_an_item_number_a_crawler_broke_over_lines():
    """广东省推进能源高质量发展实施方案（2023-2025年）: the web page prints ``1`` / ``.`` / ``加强`` /
    ``油气供应保障。`` and ``4.`` / ``促进`` / ``新型储能`` / ``发展。`` on lines of their own; the items
    are 二（一）1. and 二（二）4., and the period printed on its own line under the title is the plan's."""
    doc = _doc("gd-guangdong-2023-nengyuangaozhiliang")
    tasks = _tasks(doc)
    assert [p for p in tasks if p.startswith("2.1.")] == ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5"]
    assert tasks["2.1.1"].title == "加强油气供应保障"
    assert tasks["2.2.4"].title == "促进新型储能发展"
    assert (doc.plan.period_start, doc.plan.period_end) == (2023, 2025)
    # （省能源局、各市能源主管部门，有关煤炭储运企业、有关电厂）: 有关电厂 is a placeholder like 有关…企业
    assert _mentions(doc, "2.1.2") == [
        ("省能源局", "responsible", False),
        ("各市能源主管部门", "responsible", True),
        ("有关煤炭储运企业", "responsible", True),
        ("有关电厂", "responsible", True),
    ]


def test_a_task_table_whose_deadline_column_comes_before_its_unit_columns():
    """杨浦区排水管理体制改革任务表 (附件1): columns …完成时间、责任单位、配合单位, cells separated by
    blank lines and wrapped by single breaks; row 2 prints 2025年9月 / 区建设管理委（区水务局）⏎
    上海城投集团 / 杨浦城投集团⏎申浦公司."""
    doc = _doc("sh-yangpu-2025-paishui")
    row = _tasks(doc)["A.2"]
    assert row.deadline == "2025年9月"
    assert _mentions(doc, "A.2") == [
        ("区建设管理委（区水务局）", "responsible", False),
        ("上海城投集团", "responsible", False),
        ("杨浦城投集团", "support", False),
        ("申浦公司", "support", False),
    ]


def test_a_period_bracketed_after_an_item_s_last_sentence_is_its_deadline():
    """杨浦区 排水管理体制改革 三（一）3.人员意愿征询: …区国资委做好行业指导。（2025年6月—2025年12月）."""
    doc = _doc("sh-yangpu-2025-paishui")
    assert _tasks(doc)["3.1.3"].deadline == "2025年6月—2025年12月"


@pytest.mark.parametrize(
    ("region", "printed", "official"),
    [
        ("广东省", "广东电网公司", "广东电网有限责任公司"),  # 广东 能源高质量发展 二（一）3.
        ("广东省", "深圳供电局", "深圳供电局有限公司"),
        ("广东省", "中广核集团", "中国广核集团有限公司"),  # 二（二）2.
        ("广东省", "国家电投集团", "国家电力投资集团有限公司"),
        ("山西省", "国家矿监局山西局", "国家矿山安全监察局山西局"),  # 山西 煤炭行业碳达峰
        ("山西省", "中国铁路太原局", "中国铁路太原局集团有限公司"),
        ("内蒙古自治区", "国网蒙东电力公司", "国网内蒙古东部电力有限公司"),  # 蒙东 电价改革
        ("重庆市", "市经济信息委", "重庆市经济和信息化委员会"),  # 重庆 商用车 政策措施
        ("杨浦区", "区交警支队", "上海市公安局杨浦分局交通警察支队"),  # 杨浦 营商环境
        ("杨浦区", "上海城投集团", "上海城投（集团）有限公司"),  # 杨浦 排水管理体制改革
        ("武汉市", "市城管执法委", "武汉市城市管理执法委员会"),  # 武汉 氢能 (its page links 市城管执法委's site)
        ("武汉市", "市自然资源和城建局", "武汉市自然资源和城乡建设局"),
        ("武汉市", "市政府国资委", "武汉市人民政府国有资产监督管理委员会"),
        ("黔江区", "区经济信息委", "重庆市黔江区经济和信息化委员会"),  # 黔江 能源保障规划 附表
        ("黔江区", "区文旅委", "重庆市黔江区文化和旅游发展委员会"),
    ],
)
def test_official_names_of_bodies_printed_short(region: str, printed: str, official: str):
    reg = Registry.load()
    assert reg.resolve(printed, ResolveContext(reg.gazetteer.get(region), None, (), None)).name == official


def test_a_table_printed_inside_an_item_does_not_end_the_plan():
    """浦东新区 专项评估、评审改革 (2012): 四（一）1、环境影响评价 prints 附表：建设项目环境影响评价分类简化
    管理目录 and its cells, then (2)产业项目由各产业园区… goes on; 2、交通影响评价 … 五、改革的推进和监督
    follow — the 附表 is the item's table, not an annex that runs to the end."""
    tasks = _tasks(_doc("sh-pudong-2012-zhuanxiangpinggu"))
    assert "4.1.1.2" in tasks
    assert tasks["4.1.2"].title == "交通影响评价"
    assert tasks["4.1.3"].title == "雷击风险评估"
    assert tasks["4.2.1"].title == "职业病危害预评价"
    assert tasks["5"].title == "改革的推进和监督"


def test_member_and_leader_lines_of_a_working_group():
    """杨浦区 排水管理体制改革 五、组织保障: 组长：区委常委、副区长徐建华 (a person) / 副组长：… /
    成员单位：市排水中心、区建设管理委（区水务局）、区财政局、区国资委、区应急局、区水务中心、上海城投集团、
    杨浦城投集团、杨浦市政养护公司、申浦公司 — each line its own, the members the units."""
    doc = _doc("sh-yangpu-2025-paishui")
    assert [m for m, _, _ in _mentions(doc, "5")] == [
        "市排水中心",
        "区建设管理委（区水务局）",
        "区财政局",
        "区国资委",
        "区应急局",
        "区水务中心",
        "上海城投集团",
        "杨浦城投集团",
        "杨浦市政养护公司",
        "申浦公司",
    ]
    # 三（二）2.: …提供必要的支持和配合。（2025年6月—2026年12月）⏎上海城投集团与区建设管理委…共享…
    assert _tasks(doc)["3.2.2"].deadline == "2025年6月—2026年12月"


def test_roles_a_predicate_states_after_the_subject():
    """天津 新能源上网电价 二（三）4.: 竞价工作由市发展改革委、市工业和信息化局牵头组织 (after the work's
    name); 普陀 住宅小区 六（四）区规划资源局：协助调阅规划许可证… (a heading that is its unit);
    虹口 加装电梯 四、 区房管局负责加装电梯工程的全面管理，…，牵头协调相关部门落实各自监管职责 (a later
    phrase of the sentence)."""
    assert _mentions(_doc("tj-tianjin-2025-xinnengyuandianjia"), "2.3.4") == [
        ("市发展改革委", "lead", False),
        ("市工业和信息化局", "lead", False),
    ]
    assert _mentions(_doc("sh-putuo-2024-zhuzhaixiaoqu"), "6.4") == [("区规划资源局", "support", False)]
    assert _mentions(_doc("sh-hongkou-2023-jiazhuangdianti"), "4")[0] == ("区房管局", "lead", False)


def test_a_lead_cell_ending_with_a_bracketed_other_name():
    """宝山 生活垃圾 附件1 row 33: 牵头 cell 区科委、区绿化市容局、区委宣传部（区文明办、区政府新闻办、区委网信办）,
    配合 cell 各街镇（园区）."""
    assert _mentions(_doc("sh-baoshan-2019-laji"), "A.33") == [
        ("区科委", "lead", False),
        ("区绿化市容局", "lead", False),
        ("区委宣传部（区文明办、区政府新闻办、区委网信办）", "lead", False),
        ("各街镇（园区）", "support", True),
    ]


def test_targets_of_an_energy_plan_in_its_own_units():
    """广东 能源高质量发展 一（三）: 省内电力装机容量达到2.6亿千瓦 …; 二（一）1.: 到2025年，原油产量超过
    1800万吨/年、天然气产量达到100亿立方米/年左右; 三（三）5.: …集中式充电站4500座以上、公共充电桩25万个以上."""
    found = {i.name: i for i in _doc("gd-guangdong-2023-nengyuangaozhiliang").indicators}
    capacity = found["省内电力装机容量"]
    assert (capacity.target, capacity.measure_unit, capacity.target_year) == ("2.6", "亿千瓦", 2025)
    assert (found["原油产量"].target, found["原油产量"].measure_unit) == ("1800", "万吨/年")
    assert (found["天然气产量"].target, found["天然气产量"].measure_unit) == ("100", "亿立方米/年")
    piles = found["公共充电桩"]
    assert (piles.target, piles.measure_unit, piles.comparator) == ("25", "万个", ">=")
    assert "非化石能源发电装机占比" in found  # …，其中非化石能源发电装机占比达到44%左右: 其中 is no part of it


def test_boxed_columns_of_projects():
    """广东 能源高质量发展: 专栏2 能源安全保障项目 (items 1.–4.), 专栏3 新型能源体系项目 (1.–7.), 专栏4
    能源科技产业项目 (1.–3.)."""
    tasks = _tasks(_doc("gd-guangdong-2023-nengyuangaozhiliang"))
    assert [p for p in tasks if p.startswith("B") and "." in p] == [
        *(f"B2.{i}" for i in range(1, 5)),
        *(f"B3.{i}" for i in range(1, 8)),
        *(f"B4.{i}" for i in range(1, 4)),
    ]
    assert tasks["B2"].title == "能源安全保障项目"
    assert tasks["B3.2"].kind == "box_item"


def test_a_pdf_page_printed_as_one_line_under_its_running_header():
    """重庆市新能源汽车便捷超充行动计划（2024—2025年） (渝府办发〔2024〕29号), a PDF's text: every page is one
    line opening with 重庆市人民政府办公厅文件, pages apart by - 4 - and * * *; 二（一）'s units stand in
    〔责任 单位：…〕, and 二（二）'s bracket runs over a page break inside 市规划自然资|源局."""
    doc = _doc("cq-chongqing-2024-chaochong")
    tasks = _tasks(doc)
    assert tasks["2.1"].title == "科学规划布局"
    assert [m for m, _, _ in _mentions(doc, "2.1")] == [
        "各区县（自治县，以下简称区县）政府",
        "市经济信息委",
        "市规划自然资源局",
        "市交通运输委",
        "国网重庆电力",
        "重庆高速集团",
    ]
    assert [m for m, _, _ in _mentions(doc, "2.2")] == [  # （责任单位：各区县政府，市经济信息委、市规划自然资|源局、…）
        "各区县政府",
        "市经济信息委",
        "市规划自然资源局",
        "市城市管理局",
        "市国资委",
        "市交通运输委",
        "国网重庆电力",
        "重庆高速集团",
    ]
    assert "重庆市人民政府办公厅文件" not in doc.plan.text[100:]
    assert "* * *" not in doc.plan.text and "***" not in doc.plan.text


def test_chapters_and_sections_printed_in_markdown_bold():
    """黔江区能源保障“十四五”规划 (黔江府办发〔2022〕11号): **第四章  主要任务** / **第一节  积极推动能源结构
    低碳转型** / 一、控制煤炭消费比例 / （一）严格控制散煤燃烧 — chapter, section, 一、 and （一） are four levels."""
    tasks = _tasks(_doc("cq-qianjiang-2022-nengyuanbaozhang"))
    assert tasks["4.1"].title == "积极推动能源结构低碳转型"
    assert tasks["4.1.1"].title == "控制煤炭消费比例"
    assert tasks["4.1.1.1"].title == "严格控制散煤燃烧"


def test_a_project_table_printed_as_a_markdown_pipe_table():
    """黔江 能源保障规划 附表 黔江区“十四五”能源保障规划项目表: | 序号 | 项目名称 | … | 建设起止年限 | 建设性质 |
    责任单位 | …; group rows 一、能源基础设施 / （一）天然气管道, then | 1 | 芭拉胡景区天然气管道安全隐患整改及技改 |
    … | 2020－2021 | 在建 | 区经济信息委 |."""
    doc = _doc("cq-qianjiang-2022-nengyuanbaozhang")
    tasks = _tasks(doc)
    assert tasks["A.1"].title == "能源基础设施"
    assert tasks["A.1.1"].title == "天然气管道"
    row = tasks["A.1.1.1"]
    # the deadline as printed, its full-width － in the ASCII form the clean stage gives every such sign
    assert (row.title, row.deadline, row.kind) == ("芭拉胡景区天然气管道安全隐患整改及技改", "2020-2021", "annex_row")
    assert _mentions(doc, "A.1.1.1") == [("区经济信息委", "responsible", False)]


def test_items_numbered_with_a_full_width_point_under_a_bold_chapter():
    """武汉市氢能产业发展三年行动方案 (武政规〔2025〕9号): **二、重点任务** / （一）坚持创新驱动… /
    1．加快关键核心技术攻关。…（牵头单位：市科创局；责任单位：市发改委、市经信局、市财政局，相关区人民政府〈含开发区、
    长江新区、风景区管委会，下同〉） — the angle brackets hold a note, not units."""
    doc = _doc("hb-wuhan-2025-qingneng")
    tasks = _tasks(doc)
    assert tasks["2.1"].title == "坚持创新驱动，推动核心技术攻关"
    assert tasks["2.1.1"].title == "加快关键核心技术攻关"
    assert _mentions(doc, "2.1.1") == [
        ("市科创局", "lead", False),
        ("市发改委", "responsible", False),
        ("市经信局", "responsible", False),
        ("市财政局", "responsible", False),
        ("相关区人民政府", "responsible", True),
    ]


def test_partners_opening_a_clause_without_its_subject_may_be_placeholders():
    """上海 危险化学品道路运输 二（一）: 市安全监管部门要加强对…的检查、指导、督促、执法；会同相关职能部门开展
    危险化学品接受和托运企业的联合执法 — the 会同 clause's subject is the sentence's; its partners are a
    placeholder."""
    assert _mentions(_doc("sh-shanghai-2015-weihuayunshu"), "2.1") == [
        ("市安全监管部门", "responsible", False),
        ("相关职能部门", "responsible", True),
    ]


def test_a_table_of_one_cell_a_line_read_by_the_position_of_its_cells():
    """静安区2025年碳达峰碳中和及节能减排重点工作安排, 附表 (序号 / 重点任务 / 具体工作 / 时间进度 / 责任部门,
    one cell a line): row 52 prints "推进市北园区虚拟电厂建设 / 全年推进 / 市北园区" — a unit no ending names and a
    short measure; row 45 "组织好全国节能宣传周… / 与国家安排同步 / 各相关部门、各街镇" — a deadline no pattern
    knows; the group rows 一 … 十四 (a 序号 cell of their own) number the rows under them (row 6 under 二)."""
    doc = _doc("sh-jingan-2025-tandafeng")
    tasks = _tasks(doc)
    assert _mentions(doc, "A.11.52") == [("市北园区", "responsible", False)]
    assert tasks["A.11.52"].deadline == "全年推进"
    assert tasks["A.11.52"].title == "推进市北园区虚拟电厂建设"
    assert tasks["A.10.45"].deadline == "与国家安排同步"
    assert _mentions(doc, "A.10.45") == [("各相关部门", "responsible", True), ("各街镇", "responsible", True)]
    assert tasks["A.2.6"].title.startswith("推动可再生能源发展")
    assert tasks["A.2.7"].deadline == "一季度完成"


def test_a_pipe_table_row_that_lost_its_merged_cells():
    """2024年苏州市推动大规模设备更新和消费品以旧换新任务清单 (附件1,
    | 序号 | 领域 | 2024年推进任务 | 牵头责任部门 |):
    row 2 prints no 领域 cell (merged with row 1's 工业), row 4 neither 领域 nor 牵头责任部门 (merged with row 3's
    市发改委); 附件2 (| 序号 | 部门 | 职责清单 |) row 3 prints only its duty (its 部门 is row 2's 市发改委)."""
    doc = _doc("js-suzhou-2024-shebeigengxin")
    assert _mentions(doc, "A.1.2") == [("市工信局", "lead", False), ("市发改委", "lead", False)]
    assert _mentions(doc, "A.1.4") == [("市发改委", "lead", False)]
    assert _tasks(doc)["A.1.4"].title == "加快“先立后改”支撑性电源项目730万千瓦机组建设"
    assert _mentions(doc, "A2.3") == [("市发改委", "responsible", False)]
    assert _mentions(doc, "A2.5") == [("市教育局", "responsible", False)]


def test_a_full_stop_between_the_lead_and_the_partners_of_a_bracket():
    """上海 客货运安全管理 实施意见 (2012), （一）: （牵头部门：市交通港口局。配合部门：市公安局、市工商局、
    市建设交通委、…） — the stop parts two lists; 市交通港口局 and 市建设交通委 are the bodies of that time."""
    doc = _doc("sh-shanghai-2012-kehuoyun")
    got = _mentions(doc, "1.1")
    assert got[:4] == [
        ("市交通港口局", "lead", False),
        ("市公安局", "support", False),
        ("市工商局", "support", False),
        ("市建设交通委", "support", False),
    ]
    assert len(got) == 10
    assert _named(doc, "1.1")[0] == "上海市交通运输和港口管理局"
    assert _named(doc, "1.1")[3] == "上海市城乡建设和交通委员会"


def test_a_web_page_that_holds_the_whole_notice_in_one_table_cell():
    """平川区 关于开展2025年全区成品油流通市场集中整治的通知: the Markdown export of the page puts the notice in one
    pipe-table cell, its lines parted by <br> (…<br>二、整治重点<br>…<br>（一）成品油非法运输整治。…（责任单位：
    区交通运输局、市公安局平川分局）<br>…); the notice, not carrying another document, is titled by itself."""
    doc = _doc("gs-pingchuan-2025-chengpinyou")
    assert doc.plan.title == "关于开展2025年全区成品油流通市场集中整治的通知"
    assert _mentions(doc, "2.1") == [("区交通运输局", "responsible", False), ("市公安局平川分局", "responsible", False)]
    assert _tasks(doc)["2.1"].title == "成品油非法运输整治"
    assert [p for p in _tasks(doc) if p.startswith("2.")] == [f"2.{n}" for n in range(1, 11)]


def test_an_annexed_division_of_duties_printed_one_body_a_line():
    """江西省 关于促进3岁以下婴幼儿照护服务发展的实施意见 (2020), 附件 工作部门职责分工: sixteen lines, each
    "X负责…" (省发展改革委负责将婴幼儿照护服务纳入…, …, 省计划生育协会负责参与婴幼儿照护服务的宣传教育和社会监督。)."""
    doc = _doc("jx-jiangxi-2020-tuoyu")
    rows = [t for t in doc.tasks if t.path.startswith("A.")]
    assert [t.path for t in rows] == [f"A.{n}" for n in range(1, 17)]
    assert _mentions(doc, "A.1") == [("省发展改革委", "responsible", False)]
    assert _mentions(doc, "A.16") == [("省计划生育协会", "responsible", False)]
    assert _named(doc, "A.16") == ["江西省计划生育协会"]


def test_a_notice_carrying_three_plans_each_an_annexed_task_table():
    """丰台区 美丽丰台建设2026年行动计划 (丰政办发〔2026〕4号): the notice numbers nothing itself;
    附件1 持续污染防治攻坚, 附件2 加快绿色低碳转型, 附件3 深化协同多元共治 each print a table
    | 序号 | 重点任务 | 工作措施 | 完成时限 | 牵头部门 | 主责单位 | 协办单位 | whose 序号 cells are
    merged over several 工作措施 rows (序号 3 推动机动车结构优化升级: eleven rows, its cells
    printed again at two page tops). The second plan's tasks are P2.…; a row printing two unit
    cells has 牵头部门 and 主责单位 merged (the lead's cell) and its 协办单位 last."""
    doc = _doc("bj-fengtai-2026-meilifengtai")
    tasks = _tasks(doc)
    assert tasks["A.1.2.3"].title == "推动机动车结构优化升级"
    assert [p for p in tasks if p.startswith("A.1.2.3.")] == [f"A.1.2.3.{k}" for k in range(1, 12)]
    assert tasks["A.1.2.3.2"].title == "落实全市交通运输结构调整工作方案"
    assert _mentions(doc, "A.1.2.3.2")[:3] == [
        ("区城市管理委", "lead", False),
        ("丰台运管分局", "lead", False),
        ("区住房城乡建设委", "support", False),
    ]
    # | 年底前 | 区住房城乡建设委 | 丰台交通支队 | 区城市管理委 |: three cells, three columns
    assert _mentions(doc, "A.1.2.3.5") == [
        ("区住房城乡建设委", "lead", False),
        ("丰台交通支队", "responsible", False),
        ("区城市管理委", "support", False),
    ]
    assert tasks["A.1.2.3.4"].deadline == "11月底前"
    # 市规划自然资源委<br>丰台分局: one body, its district branch
    assert ("市规划自然资源委丰台分局", "support", False) in _mentions(doc, "A.1.2.3.11")
    assert tasks["P2.A.1.1.1.1"].title == "全区碳排放强度完成市级部门目标要求"
    assert _mentions(doc, "P2.A.1.1.1.1")[0] == ("区发展改革委", "lead", False)
    # every task the gold reads in 附件3 (its 序号 rows and their 工作措施 rows, written from the text)
    gold = json.loads((DOCS.parent / "gold" / "bj-fengtai-2026-meilifengtai.json").read_text(encoding="utf-8"))
    third = [t["path"] for t in gold["tasks"] if t["path"].startswith("P3.")]
    assert len(third) == 68 and not [p for p in third if p not in tasks]
    assert not any(p.startswith(("A2.", "A3.")) for p in tasks)


def test_square_brackets_escaped_by_markdown_and_items_printed_in_bold_pieces():
    """深圳市氢能产业创新发展行动计划（2024-2025年）, the Markdown export of its page: items print their number,
    point and title in bold runs of their own (**1** **.** **开展氢能关键技术研发。** 加快…), and item 7 closes
    with a square bracket the export escaped: \\[责任单位:市交通运输局、城管和综合执法局、国资委、发展改革委，
    各区政府（含新区、合作区管委会，下同）依职责办理\\] (an ASCII colon; the others print （责任单位：…））."""
    doc = _doc("gd-shenzhen-2024-qingneng")
    tasks = _tasks(doc)
    assert tasks["2.1.1"].title == "开展氢能关键技术研发"
    assert [p for p in tasks if p.startswith("2.")] == [
        "2.1", "2.1.1", "2.1.2", "2.1.3", "2.2", "2.2.4", "2.2.5", "2.2.6",
        "2.3", "2.3.7", "2.3.8", "2.4", "2.4.9", "2.4.10", "2.4.11", "2.4.12",
    ]  # fmt: skip
    assert _mentions(doc, "2.3.7") == [
        ("市交通运输局", "responsible", False),
        ("城管和综合执法局", "responsible", False),
        ("国资委", "responsible", False),
        ("发展改革委", "responsible", False),
        ("各区政府", "responsible", True),
    ]
    assert _mentions(doc, "2.1.2") == [
        ("市科技创新局", "responsible", False),
        ("工业和信息化局", "responsible", False),
        ("发展改革委", "responsible", False),
    ]


def test_the_committees_of_parks_and_districts_printed_by_their_zone_s_short_name():
    """丰台区 美丽丰台建设 (2026) 附件3, 序号 14 深化生态环境接诉即办“管家”机制 prints its 协办单位 cell
    各街镇<br>丰台园区管委<br>丽泽金融商务区管委会<br>南中轴地区管委会<br>区信访办<br>区城指中心. 丰台园 is the
    中关村科技园区丰台园 and 丽泽金融商务区 the 北京丽泽金融商务区, whose committees data/zones.yaml lists by
    their official names (general knowledge, not read from this plan); 南中轴地区管委会, which it does not
    list, stays as printed and flagged for a person to confirm."""
    graph = build_graph([_doc("bj-fengtai-2026-meilifengtai")])
    task = next(t for t in graph.tasks.values() if t.path == "P3.A.2.14.1")
    named = {m.text: (graph.units[m.unit_id].name, m.role, m.flagged) for m in task.mentions if m.unit_id}
    assert [named[t] for t in ("丰台园区管委", "丽泽金融商务区管委会", "南中轴地区管委会")] == [
        ("中关村科技园区丰台园管理委员会", "support", False),
        ("北京丽泽金融商务区管理委员会", "support", False),
        ("南中轴地区管委会", "support", True),
    ]


@pytest.mark.parametrize(
    ("region", "printed", "official"),
    [
        ("丰台区", "丰台园管委会", "中关村科技园区丰台园管理委员会"),
        ("海淀区", "区中关村科学城管委会", "北京市海淀区中关村科学城管理委员会"),  # not listed: by its shape
        ("海淀区", "中关村管委会", "中关村科技园区管理委员会"),
        ("威海市", "海淀园管委会", "海淀园管委会"),  # a park's short name far from home names nobody known
        ("威海市", "中关村科技园区海淀园管委会", "中关村科技园区海淀园管理委员会"),  # its full name anywhere
    ],
)
def test_a_park_committee_s_short_name_counts_only_near_home(region: str, printed: str, official: str):
    reg = Registry.load()
    assert reg.resolve(printed, ResolveContext(reg.gazetteer.get(region), None, (), None)).name == official
