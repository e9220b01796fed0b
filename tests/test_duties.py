"""Responsibility clauses → ordered mentions (loaders/duties.py).

Strings first (every clause form the spec names), then ownership on hand-built
outlines, then the test documents of tests/docs/units read through the pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Plan, PlanDoc, Span, Task, UnitMention
from loaders.duties import attach_mentions, find_clauses
from loaders.pipeline import parse_document

DOCS = Path(__file__).resolve().parent / "docs" / "units"


def items(text: str) -> list[tuple[str, str]]:
    return [(i.text, i.role) for c in find_clauses(text) for i in c.items]


# ----------------------------------------------------------------------------- clause forms
def test_labelled_clause_keeps_printed_order_and_role_responsible():
    text = "推进案件审理。（责任单位：市法院、市检察院、市公安局、市司法局）"
    assert items(text) == [
        ("市法院", "responsible"),
        ("市检察院", "responsible"),
        ("市公安局", "responsible"),
        ("市司法局", "responsible"),
    ]


def test_ascii_brackets_and_colon():
    assert items("开展协作。(责任单位:区公安分局、区法院)") == [
        ("区公安分局", "responsible"),
        ("区法院", "responsible"),
    ]


def test_mixed_brackets_and_line_breaks_inside_a_name():
    text = "全过程。（责任单位：市工业和信息化局、自然资源局、农业农村局、\n\n文化和旅游局、市场监督管理局等部门、单位)"
    assert [t for t, _ in items(text)] == [
        "市工业和信息化局",
        "自然资源局",
        "农业农村局",
        "文化和旅游局",
        "市场监督管理局",
    ]


def test_name_broken_across_lines_is_printed_without_the_break():
    text = "加强协作。（责任单位：市\n\n市场监管局、市财\n政局）"
    (clause,) = find_clauses(text)
    assert [i.text for i in clause.items] == ["市市场监管局", "市财政局"]
    assert clause.text == "（责任单位：市市场监管局、市财政局）"
    first = clause.items[0]
    assert text[first.span.start : first.span.end] == "市\n\n市场监管局"


def test_label_broken_across_lines():
    text = "提升意识。（责\n\n任单位：威海市知识产权战略实施工作专项小组成员）"
    assert items(text) == [("威海市知识产权战略实施工作专项小组成员", "responsible")]


def test_lead_and_support_labels():
    text = "建设培育中心。（牵头单位：区市场监管局、区公安分局；配合单位：区法院、区检察院）"
    assert items(text) == [
        ("区市场监管局", "lead"),
        ("区公安分局", "lead"),
        ("区法院", "support"),
        ("区检察院", "support"),
    ]


def test_trailing_deng_and_generic_items_are_dropped_but_what_follows_is_kept():
    text = "（责任单位：市发展改革局、科学技术局、市场监督管理局等部门、单位，经济开发区、石岛管理区）"
    assert [t for t, _ in items(text)] == ["市发展改革局", "科学技术局", "市场监督管理局", "经济开发区", "石岛管理区"]


def test_fuze_suffix_is_responsible():
    assert items("建设平台。（市市场监管局负责）") == [("市市场监管局", "responsible")]
    assert items("（市地方金融监管局、淄博银保监分局按职责分工负责）") == [
        ("市地方金融监管局", "responsible"),
        ("淄博银保监分局", "responsible"),
    ]


def test_lead_and_support_verbs_in_brackets():
    assert items("（市市场监管局牵头，市科技局、市财政局配合）") == [
        ("市市场监管局", "lead"),
        ("市科技局", "support"),
        ("市财政局", "support"),
    ]


def test_brackets_that_are_not_clauses():
    assert items("（以上指标均为预期性指标）（此件公开发布）专利审查高速路（PPH）") == []
    assert items("依据《条例》（2021年修订）负责") == []


def test_huitong_sentence_names_the_unit_before_the_verb():
    text = "注重典型引导。市市场监管局会同有关部门对本意见的落实情况开展督促检查，重要情况及时向市委、市政府请示报告。"
    (clause,) = find_clauses(text)
    assert [(i.text, i.role) for i in clause.items] == [("市市场监管局", "responsible")]
    assert clause.text == "市市场监管局会同有关部门对本意见的落实情况开展督促检查，重要情况及时向市委、市政府请示报告。"


def test_qiantou_sentence_is_lead_and_ascii_full_stop_ends_it():
    text = "充分发挥领导小组作用,省市场监管局牵头做好规划组织实施工作,明确责任分工.在各市建立机制."
    (clause,) = find_clauses(text)
    assert [(i.text, i.role) for i in clause.items] == [("省市场监管局", "lead")]
    assert clause.text == "省市场监管局牵头做好规划组织实施工作,明确责任分工."


def test_a_unit_as_the_subject_of_yao_is_responsible_and_other_subjects_are_not():
    text = (
        "专项小组办公室要加强知识产权工作督导、指导、调度。各区市、各相关部门要高度重视。强化要素保障，突出主要任务。"
    )
    (clause,) = find_clauses(text)
    assert [(i.text, i.role) for i in clause.items] == [("专项小组办公室", "responsible")]
    assert clause.text == "专项小组办公室要加强知识产权工作督导、指导、调度。"


def test_two_verbs_in_one_sentence_give_two_clauses():
    text = "区市场监管局会同有关部门建立工作协调机制，区财政局负责落实专项资金。"
    assert items(text) == [("区市场监管局", "responsible"), ("区财政局", "responsible")]


def test_sentences_whose_subject_is_not_a_unit_are_not_clauses():
    text = (
        "市政府分管负责同志任组长。平台负责统筹集聚区建设。建立落实分管领导负责制。"
        "密切协作配合，形成合力。鼓励企业参与标准制定。市科技局负责人出席。"
    )
    assert items(text) == []


def test_line_labelled_clause_without_brackets():
    text = "1.培育高价值专利。\n责任单位：市市场监管局、市科技局\n2.下一项。"
    assert items(text) == [("市市场监管局", "responsible"), ("市科技局", "responsible")]


# ----------------------------------------------------------------------------- ownership
def _doc(text: str, spans: dict[str, tuple[int, int]], mentions: dict[str, list[UnitMention]] | None = None) -> PlanDoc:
    plan = Plan(id="plan:t", title="t", source="t.txt", text=text)
    tasks = [
        Task(
            id=f"plan:t/t/{path}",
            plan_id="plan:t",
            path=path,
            kind="task",
            title=path,
            text=text[s:e],
            span=Span(s, e),
            mentions=list((mentions or {}).get(path, [])),
        )
        for path, (s, e) in spans.items()
    ]
    return PlanDoc(plan=plan, tasks=tasks)


def test_a_clause_belongs_to_the_innermost_task_never_to_its_parent_or_children():
    parent = "（一）强化保护。统筹推进。（责任单位：市司法局）\n"
    child1 = "1.严格保护。（责任单位：市市场监管局、市法院）\n"
    child2 = "2.开展行动。推进市场建设。\n"
    text = parent + child1 + child2
    a, b = len(parent), len(parent) + len(child1)
    doc = _doc(text, {"1": (0, len(text)), "1.1": (a, b), "1.2": (b, len(text))})
    attach_mentions(doc)
    by_path = {t.path: [(m.text, m.order) for m in t.mentions] for t in doc.tasks}
    assert by_path == {"1": [("市司法局", 1)], "1.1": [("市市场监管局", 1), ("市法院", 2)], "1.2": []}


def test_a_clause_just_after_a_task_that_stops_at_its_last_sentence_is_its_own():
    text = "1.推动规范管理。健全制度。\n\n（责任单位：市自然资源局、农业农村局）\n2.下一项。"
    end1 = text.index("\n")
    doc = _doc(text, {"1": (0, end1), "2": (text.index("2."), len(text))})
    attach_mentions(doc)
    assert [m.text for m in doc.tasks[0].mentions] == ["市自然资源局", "农业农村局"]
    assert doc.tasks[1].mentions == []


def test_mentions_carry_clause_span_and_order():
    text = "1.培育专利。（责任单位：市发展改革委、市科技局）"
    doc = _doc(text, {"1": (0, len(text))})
    attach_mentions(doc)
    (task,) = doc.tasks
    assert [(m.text, m.order, m.role, m.clause) for m in task.mentions] == [
        ("市发展改革委", 1, "responsible", "（责任单位：市发展改革委、市科技局）"),
        ("市科技局", 2, "responsible", "（责任单位：市发展改革委、市科技局）"),
    ]
    assert [text[m.span.start : m.span.end] for m in task.mentions if m.span] == ["市发展改革委", "市科技局"]


def test_tasks_that_already_have_mentions_are_left_alone():
    text = "1.某项任务。（责任单位：市财政局）"
    given = UnitMention(text="市市场监管局", order=1, clause="责任部门")
    doc = _doc(text, {"1": (0, len(text))}, {"1": [given]})
    attach_mentions(doc)
    assert doc.tasks[0].mentions == [given]


# ----------------------------------------------------------------------------- documents
def _mentions(name: str) -> dict[str, list[tuple[str, str]]]:
    doc = parse_document((DOCS / name).read_bytes(), name)
    return {t.path: [(m.text, m.role) for m in t.mentions] for t in sorted(doc.tasks, key=lambda t: t.span.start)}


def test_district_plan_with_lead_and_support():
    assert _mentions("xihu_lead_support.txt") == {
        "2.1": [],
        "2.1.1": [
            ("区市场监管局", "lead"),
            ("区公安分局", "support"),
            ("区文化和广电旅游体育局", "support"),
            ("区商务局", "support"),
        ],
        "2.1.2": [("区知识产权局", "lead"), ("区司法局", "support"), ("区法院", "support")],
        "2.2": [],
        "2.2.1": [("区法院", "lead"), ("区检察院", "lead"), ("区市场监管局", "support")],
        "2.2.2": [
            ("区委宣传部", "lead"),
            ("区教育局", "support"),
            ("团区委", "support"),
            ("区科协", "support"),
            ("市市场监管局", "support"),
        ],
        "2.3": [("区经信局", "responsible"), ("区科技局", "responsible"), ("区市场监督管理局", "responsible")],
        "3.1": [("区市场监管局", "responsible"), ("区财政局", "responsible")],
        "3.2": [],
    }


def test_city_plan_with_fuze_suffixes():
    assert _mentions("zibo_responsible_suffix.txt") == {
        "1.1": [("市市场监管局", "responsible")],
        "1.2": [("市市场监管局", "lead"), ("市科技局", "support"), ("市财政局", "support")],
        "1.3": [
            ("市地方金融监管局", "responsible"),
            ("淄博银保监分局", "responsible"),
            ("人民银行淄博市中心支行", "responsible"),
        ],
        "1.4": [("市人力资源社会保障局", "responsible"), ("市教育局", "responsible")],
        "1.5": [
            ("市工业和信息局", "responsible"),
            ("市发展和改革委", "responsible"),
            ("市人力资源保障局", "responsible"),
        ],
        "2.1": [("市知识产权局", "lead")],
        "2.2": [("市委组织部", "responsible"), ("市委督查室", "responsible")],
    }


def test_national_list():
    got = _mentions("national_list.txt")
    assert got["1.1"] == [
        ("国家知识产权局", "responsible"),
        ("市场监管总局", "responsible"),
        ("公安部", "responsible"),
        ("海关总署", "responsible"),
    ]
    assert got["1.2"] == [
        ("最高人民法院", "lead"),
        ("最高人民检察院", "support"),
        ("公安部", "support"),
        ("司法部", "support"),
    ]
    assert [t for t, _ in got["1.4"]] == [
        "国家发展改革委",
        "科技部",
        "工业和信息化部",
        "财政部",
        "商务部",
        "人民银行",
        "银保监会",
    ]


@pytest.mark.parametrize("name", ["nanshan_traditional.txt"])
def test_traditional_characters_are_read_as_simplified(name):
    raw = (DOCS / name).read_bytes().decode("utf-8")
    assert "責任單位" in raw  # the file really is traditional
    assert _mentions(name) == {
        "1.1": [("区市场监管局", "responsible"), ("区发展改革局", "responsible"), ("区科技创新局", "responsible")],
        "1.2": [
            ("区公安分局", "responsible"),
            ("区法院", "responsible"),
            ("区检察院", "responsible"),
            ("深圳海关", "responsible"),
        ],
        "2.1": [("区知识产权局", "lead")],
    }
