"""A small hand-made KnowledgeGraph for the store tests.

Two plans of two regions: a province plan (山东省) and a prefecture plan
(威海市) that implements it. The prefecture plan has a group
(威海市知识产权战略实施工作专项小组) with two member bureaus, a task
assigned to the group, a lead/support task, and a task whose only mention
resolved to no unit (kept as a loose mention). One task and one indicator
cascade from the province's; the province plan implements a stub
(a cited national plan that is not loaded). Spans are offsets into each
plan's own text, found with ``str.index`` so that they cannot drift.
"""

from __future__ import annotations

from graph.model import (
    Alias,
    Edge,
    Indicator,
    KnowledgeGraph,
    Metric,
    Plan,
    Region,
    Section,
    Span,
    Task,
    Unit,
    UnitMention,
)

SD = "plan:5d00000000000001"
WH = "plan:5d00000000000002"
WH2 = "plan:5d00000000000003"
STUB = "stub:知识产权强国建设纲要"

SD_TITLE = "山东省知识产权事业发展规划"
WH_TITLE = "威海市知识产权工作方案"

SD_TEXT = (
    "山东省知识产权事业发展规划\n"
    "一、发展目标\n"
    "到2025年，每万人口高价值发明专利拥有量达到12件。\n"
    "二、主要任务\n"
    "（一）强化知识产权创造。推动高价值专利培育。（责任单位：省市场监管局、省科技厅）\n"
    "（二）加强知识产权保护。完善保护体系。\n"
)

WH_TEXT = (
    "威海市知识产权工作方案\n"
    "一、重点任务\n"
    "（一）强化知识产权创造。开展专利导航。（牵头单位：市市场监管局；配合单位：市科技局）\n"
    "（二）推进知识产权战略实施。（专项小组各成员单位负责）\n"
    "（三）强化海外维权。（责任单位：市涉外办）\n"
    "到2025年，每万人口高价值发明专利拥有量达到10.2件。\n"
)

U_SD_AMR = "unit:山东省市场监督管理局"
U_SD_SCI = "unit:山东省科学技术厅"
U_WH_AMR = "unit:威海市市场监督管理局"
U_WH_SCI = "unit:威海市科学技术局"
U_WH_GROUP = "unit:威海市知识产权战略实施工作专项小组"
METRIC = "metric:每万人口高价值发明专利拥有量"


def _span(text: str, start_marker: str, end_marker: str | None = None) -> Span:
    start = text.index(start_marker)
    end = text.index(end_marker, start) if end_marker else len(text)
    return Span(start, end)


def _section(plan_id: str, text: str, path: str, title: str, span: Span, parent: str | None) -> Section:
    return Section(f"{plan_id}/s/{path}", plan_id, path, title, text[span.start : span.end].rstrip("\n"), span, parent)


def _task(plan_id: str, text: str, path: str, title: str, span: Span, parent: str) -> Task:
    body = text[span.start : span.end].rstrip("\n")
    return Task(f"{plan_id}/t/{path}", plan_id, path, "task", title, body, span, parent)


def _mention(text: str, order: int, unit_id: str | None, role: str = "responsible") -> UnitMention:
    return UnitMention(text=text, order=order, role=role, unit_id=unit_id, clause=text)  # type: ignore[arg-type]


def province_plan(g: KnowledgeGraph) -> None:
    t = SD_TEXT
    g.plans[SD] = Plan(
        id=SD,
        title=SD_TITLE,
        source="sd.txt",
        sha256="a" * 64,
        kind="规划",
        issuer="山东省人民政府",
        period_start=2021,
        period_end=2025,
        region="山东省",
        level="province",
        cites=["知识产权强国建设纲要（2021—2035年）"],
        text=t,
        original=t,
        offset_map=list(range(len(t))),
    )
    root = f"{SD}/s/"
    g.sections[root] = _section(SD, t, "", "", Span(0, len(t)), None)
    for s in (
        _section(SD, t, "1", "发展目标", _span(t, "一、", "二、"), root),
        _section(SD, t, "2", "主要任务", _span(t, "二、"), root),
    ):
        g.sections[s.id] = s
    t21 = _task(SD, t, "2.1", "强化知识产权创造", _span(t, "（一）", "（二）"), f"{SD}/s/2")
    t21.mentions = [_mention("省市场监管局", 1, U_SD_AMR), _mention("省科技厅", 2, U_SD_SCI)]
    t22 = _task(SD, t, "2.2", "加强知识产权保护", _span(t, "（二）"), f"{SD}/s/2")
    g.tasks.update({t21.id: t21, t22.id: t22})
    g.indicators[f"{SD}/i/1"] = Indicator(
        id=f"{SD}/i/1",
        plan_id=SD,
        name="每万人口高价值发明专利拥有量",
        metric="每万人口高价值发明专利拥有量",
        target="12",
        target_year=2025,
        measure_unit="件",
        nature="预期性",
        span=_span(t, "到2025年", "\n二、"),
        quote="到2025年，每万人口高价值发明专利拥有量达到12件。",
    )


def prefecture_plan(g: KnowledgeGraph, plan_id: str = WH, text: str = WH_TEXT, source: str = "wh.txt") -> None:
    t = text
    g.plans[plan_id] = Plan(
        id=plan_id,
        title=WH_TITLE,
        source=source,
        sha256="b" * 64,
        kind="工作方案",
        issuer="威海市人民政府办公室",
        doc_no="威政办字〔2022〕7号",
        issued_on="2022-03-01",
        period_start=2022,
        period_end=2025,
        region="威海市",
        level="prefecture",
        cites=[SD_TITLE],
        text=t,
        original=t,
        offset_map=list(range(len(t))),
    )
    root = f"{plan_id}/s/"
    g.sections[root] = _section(plan_id, t, "", "", Span(0, len(t)), None)
    g.sections[f"{plan_id}/s/1"] = _section(plan_id, t, "1", "重点任务", _span(t, "一、"), root)
    parent = f"{plan_id}/s/1"
    t11 = _task(plan_id, t, "1.1", "强化知识产权创造", _span(t, "（一）", "（二）"), parent)
    t11.mentions = [
        _mention("市市场监管局", 1, U_WH_AMR, "lead"),
        _mention("市科技局", 2, U_WH_SCI, "support"),
    ]
    t12 = _task(
        plan_id, t, "1.2", "推进知识产权战略实施", _span(t, "（二）", "（三）" if "（三）" in t else "到2025年"), parent
    )
    t12.mentions = [_mention("专项小组各成员单位", 1, U_WH_GROUP)]
    g.tasks.update({t11.id: t11, t12.id: t12})
    if "（三）" in t:
        t13 = _task(plan_id, t, "1.3", "强化海外维权", _span(t, "（三）", "到2025年"), parent)
        t13.mentions = [_mention("市涉外办", 1, None)]
        t13.mentions[0].flagged = True
        g.tasks[t13.id] = t13
    g.indicators[f"{plan_id}/i/1"] = Indicator(
        id=f"{plan_id}/i/1",
        plan_id=plan_id,
        name="每万人口高价值发明专利拥有量",
        metric="每万人口高价值发明专利拥有量",
        target="10.2",
        target_year=2025,
        baseline=None,
        measure_unit="件",
        span=_span(t, "到2025年"),
        quote="到2025年，每万人口高价值发明专利拥有量达到10.2件。",
    )


def cross_layer(g: KnowledgeGraph, wh: str = WH) -> None:
    """Units, regions, the metric, the stub and every edge (what build_graph derives)."""
    g.plans[STUB] = Plan(
        id=STUB, title="知识产权强国建设纲要（2021—2035年）", stub=True, level="national", region="国家"
    )
    for r in (
        Region("region:国家", "国家", "national"),
        Region("region:山东省", "山东省", "province", "region:国家"),
        Region("region:威海市", "威海市", "prefecture", "region:山东省"),
    ):
        g.regions[r.id] = r
    g.units = {
        u.id: u
        for u in (
            Unit(U_SD_AMR, "山东省市场监督管理局", "山东省", "province", short="省市场监管局"),
            Unit(U_SD_SCI, "山东省科学技术厅", "山东省", "province", short="省科技厅"),
            Unit(
                U_WH_AMR,
                "威海市市场监督管理局",
                "威海市",
                "prefecture",
                short="市市场监管局",
                aliases=[Alias("市市场监管局", "wh.txt", "rule")],
            ),
            Unit(
                U_WH_SCI,
                "威海市科学技术局",
                "威海市",
                "prefecture",
                short="市科技局",
                aliases=[Alias("市科技局", "wh.txt", "fuzzy", 0.91)],
            ),
            Unit(U_WH_GROUP, "威海市知识产权战略实施工作专项小组", "威海市", "prefecture", category="group"),
        )
    }
    g.metrics[METRIC] = Metric(METRIC, "每万人口高价值发明专利拥有量")
    g.edges = [
        Edge("IMPLEMENTS", SD, STUB),
        Edge("IMPLEMENTS", wh, SD),
        Edge("IN_REGION", SD, "region:山东省"),
        Edge("IN_REGION", wh, "region:威海市"),
        Edge("PART_OF", "region:山东省", "region:国家"),
        Edge("PART_OF", "region:威海市", "region:山东省"),
        Edge("IN_REGION", U_WH_AMR, "region:威海市"),
        Edge("MEMBER_OF", U_WH_AMR, U_WH_GROUP),
        Edge("MEMBER_OF", U_WH_SCI, U_WH_GROUP),
        Edge("COUNTERPART_OF", U_WH_AMR, U_SD_AMR),
        Edge("CASCADES_FROM", f"{wh}/t/1.1", f"{SD}/t/2.1", {"score": 0.82, "method": "wording"}),
        Edge("CASCADES_FROM", f"{wh}/i/1", f"{SD}/i/1"),
        Edge("MEASURES", f"{SD}/i/1", METRIC),
        Edge("MEASURES", f"{wh}/i/1", METRIC),
    ]


def sample_graph() -> KnowledgeGraph:
    """The two-plan graph described in the module docstring."""
    g = KnowledgeGraph()
    province_plan(g)
    prefecture_plan(g)
    cross_layer(g)
    return g


#: The prefecture plan's second version: task （三） is gone, so its text (and id) changed.
WH2_TEXT = WH_TEXT.replace("（三）强化海外维权。（责任单位：市涉外办）\n", "")


def sample_graph_v2() -> KnowledgeGraph:
    """The graph after the prefecture plan was replaced by its second version (same source file)."""
    g = KnowledgeGraph()
    province_plan(g)
    prefecture_plan(g, WH2, WH2_TEXT)
    cross_layer(g, WH2)
    return g
