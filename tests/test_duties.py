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
    # the partner after 会同 takes the work with the subject (it is not 配合: responsible too)
    assert [(i.text, i.role, i.generic) for i in clause.items] == [
        ("市市场监管局", "responsible", False),
        ("有关部门", "responsible", True),
    ]
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
    first, second = find_clauses(text)
    assert [(i.text, i.role) for i in first.items] == [("专项小组办公室", "responsible")]
    assert first.text == "专项小组办公室要加强知识产权工作督导、指导、调度。"
    # placeholders as the subject of 要 take the work too (as the corpus gold reads them)
    assert [(i.text, i.generic) for i in second.items] == [("各区市", True), ("各相关部门", True)]


def test_two_verbs_in_one_sentence_give_two_clauses():
    text = "区市场监管局会同有关部门建立工作协调机制，区财政局负责落实专项资金。"
    assert items(text) == [("区市场监管局", "responsible"), ("有关部门", "responsible"), ("区财政局", "responsible")]


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
        "3.1": [("区市场监管局", "responsible"), ("有关部门", "responsible"), ("区财政局", "responsible")],
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


# ----------------------------------------------------------------------------- any province: brackets and labels
FIXTURES = Path(__file__).resolve().parent / "docs" / "duties"


def clauses_of(text: str) -> list[tuple[list[tuple[str, str, bool]], str | None]]:
    return [([(i.text, i.role, i.generic) for i in c.items], c.deadline) for c in find_clauses(text)]


@pytest.mark.parametrize(
    "text",
    [
        "推进。（责任单位：市发改委）",
        "推进。(责任单位:市发改委)",
        "推进。〔责任单位：市发改委〕",
        "推进。【责任单位：市发改委】",
        "推进。[责任单位:市发改委]",
        "推进。［责任单位：市发改委］",
        "推进。（责任单位:市发改委)",
    ],
)
def test_every_bracket_pair_and_colon(text):
    assert items(text) == [("市发改委", "responsible")]


def test_labels_after_a_comma_or_semicolon_switch_the_role():
    text = "（牵头部门：市发改委，协办单位：市财政局；参与单位：市科协，责任领导：分管副市长）"
    assert items(text) == [("市发改委", "lead"), ("市财政局", "support"), ("市科协", "support")]


def test_every_label_of_the_vocabulary_gives_its_role():
    text = (
        "（责任主体：区政府；主办：区教育局；协办：区财政局；参与单位：区科协；"
        "牵头考核单位：区委组织部；实施主体：区卫健局；配合部门：区商务局；责任部门：区民政局）"
    )
    assert items(text) == [
        ("区政府", "responsible"),
        ("区教育局", "responsible"),
        ("区财政局", "support"),
        ("区科协", "support"),
        ("区委组织部", "lead"),
        ("区卫健局", "responsible"),
        ("区商务局", "support"),
        ("区民政局", "responsible"),
    ]


def test_lead_support_and_deadline_in_one_bracket():
    text = "推进。（牵头单位：市发改委；配合单位：市财政局、市科技局；完成时限：2025年底前）"
    assert clauses_of(text) == [
        (
            [("市发改委", "lead", False), ("市财政局", "support", False), ("市科技局", "support", False)],
            "2025年底前",
        )
    ]


def test_people_are_not_units():
    assert items("（牵头单位：市发改委；配合单位：副市长张三、分管领导、市财政局；责任领导：李四）") == [
        ("市发改委", "lead"),
        ("市财政局", "support"),
    ]


def test_a_deadline_in_a_bracket_is_never_a_unit():
    assert clauses_of("（市发改委负责，2023年6月底前完成）") == [
        ([("市发改委", "responsible", False)], "2023年6月底前完成")
    ]
    assert clauses_of("（市发改委、市财政局，每年）") == [
        ([("市发改委", "responsible", False), ("市财政局", "responsible", False)], "每年")
    ]
    assert clauses_of("（市发改委、市财政局按职责分工负责；时间节点：持续推进）") == [
        ([("市发改委", "responsible", False), ("市财政局", "responsible", False)], "持续推进")
    ]


def test_bare_unit_lists_in_brackets():
    assert items("加快推进。（区农发局、交建局）") == [("区农发局", "responsible"), ("交建局", "responsible")]


@pytest.mark.parametrize(
    "text",
    [
        "市场监督管理局（以下简称“市场监管局”）",
        "各类园区（含经济开发区、高新区）",
        "《行动方案（2023年）》",
        "专窗（专区）",
        "实施办法（试行）",
        "省市场监管局（省知识产权局）",
        "（2022—2024年）",
        "（2023年6月）",
    ],
)
def test_brackets_of_examples_abbreviations_and_periods_are_not_clauses(text):
    assert find_clauses(text) == []


def test_a_bracket_of_only_a_deadline():
    assert clauses_of("推进。（2023年底前完成）") == [([], "2023年底前完成")]
    assert clauses_of("推进。（长期坚持）") == [([], "长期坚持")]


# ----------------------------------------------------------------------------- sentences and lines
def test_sentence_forms():
    assert items("加快建设。市发展改革委牵头，市财政局、市科技局配合，建立机制。") == [
        ("市发展改革委", "lead"),
        ("市财政局", "support"),
        ("市科技局", "support"),
    ]
    assert items("由市科技局负责组织实施。") == [("市科技局", "responsible")]
    assert items("市市场监管局会同市公安局开展检查。") == [("市市场监管局", "responsible"), ("市公安局", "responsible")]
    assert items("市科技局、市财政局按职责分工负责。") == [("市科技局", "responsible"), ("市财政局", "responsible")]
    assert items("鼓励企业参与。市教育局参与。") == [("市教育局", "support")]


def test_a_target_year_in_prose_is_not_a_deadline():
    assert clauses_of("到2025年，建成体系。（市发改委负责）") == [([("市发改委", "responsible", False)], None)]


def test_label_anywhere_on_a_line_with_its_deadline():
    text = "1.加强监管。责任单位：市发改委、市财政局。完成时限：2023年6月底前\n2.下一项。"
    assert clauses_of(text) == [
        ([("市发改委", "responsible", False), ("市财政局", "responsible", False)], "2023年6月底前")
    ]
    text = "推进工作，责任单位：市发改委、市财政局，完成时间：2024年6月"
    assert clauses_of(text) == [([("市发改委", "responsible", False), ("市财政局", "responsible", False)], "2024年6月")]


def test_a_label_in_brackets_without_colon_opens_a_line_list():
    assert items("1.推进。\n【责任单位】市发改委、市财政局\n") == [
        ("市发改委", "responsible"),
        ("市财政局", "responsible"),
    ]


def test_a_label_inside_a_word_is_prose():
    assert items("进一步明确责任单位：市发改委") == []


# ----------------------------------------------------------------------------- generic placeholders, tails
def test_generic_placeholders_are_kept_and_marked():
    text = "（市科技局、有关部门、各镇街、各成员单位、各基础电信企业、各县（市、区）人民政府、各乡镇（街道）等部门）"
    assert clauses_of(text) == [
        (
            [
                ("市科技局", "responsible", False),
                ("有关部门", "responsible", True),
                ("各镇街", "responsible", True),
                ("各成员单位", "responsible", True),
                ("各基础电信企业", "responsible", True),
                ("各县（市、区）人民政府", "responsible", True),
                ("各乡镇（街道）", "responsible", True),
            ],
            None,
        )
    ]


def test_trailing_deng_phrases_are_dropped():
    assert items("（责任单位：市发改委等有关部门）") == [("市发改委", "responsible")]
    assert items("（责任单位：市发改委、市财政局等单位）") == [("市发改委", "responsible"), ("市财政局", "responsible")]


def test_placeholders_alone_make_a_sentence_clause_as_subjects():
    assert items("各区市、各相关部门要高度重视。") == [("各区市", "responsible"), ("各相关部门", "responsible")]
    assert items("鼓励企业参与标准制定。") == []
    assert clauses_of("各有关部门按职责分工负责。") == [([("各有关部门", "responsible", True)], None)]


# ----------------------------------------------------------------------------- the first-listed rule
@pytest.mark.parametrize(
    "rule",
    ["排在第一位的为牵头单位，下同", "列第一位者为牵头单位", "第一个为牵头单位", "排名第一的为牵头单位"],
)
def test_a_first_listed_rule_applies_to_every_later_list(rule):
    text = f"1.推进。（责任单位：市财政局、市科技局）\n（{rule}）\n2.推进。（责任单位：市发改委、市财政局、市科技局）"
    first, second = find_clauses(text)
    assert [(i.text, i.role) for i in first.items] == [("市财政局", "responsible"), ("市科技局", "responsible")]
    assert [(i.text, i.role) for i in second.items] == [
        ("市发改委", "lead"),
        ("市财政局", "support"),
        ("市科技局", "support"),
    ]


def test_explicit_labels_and_prose_win_over_the_first_listed_rule():
    text = (
        "各项任务排在第一位的为牵头单位。\n"
        "1.推进。（牵头单位：市发改委、市财政局；配合单位：市科技局）\n"
        "2.推进。市市场监管局会同市公安局开展检查。"
    )
    assert items(text) == [
        ("市发改委", "lead"),
        ("市财政局", "lead"),
        ("市科技局", "support"),
        ("市市场监管局", "responsible"),
        ("市公安局", "responsible"),
    ]


def test_the_first_listed_rule_reaches_annexed_rows():
    text = "（表中列第一位的为牵头单位）\n1.某项\n市发改委、市财政局\n"
    given = [UnitMention(text="市发改委", order=1), UnitMention(text="市财政局", order=2)]
    doc = _doc(text, {"A.1": (text.index("1."), len(text))}, {"A.1": given})
    doc.tasks[0].kind = "annex_row"
    attach_mentions(doc)
    assert [(m.text, m.role) for m in doc.tasks[0].mentions] == [("市发改委", "lead"), ("市财政局", "support")]


# ----------------------------------------------------------------------------- mentions and deadlines on tasks
def test_attach_mentions_sets_generic_deadline_due_date_and_recurrence():
    text = (
        "1.推进。（牵头单位：市发改委；配合单位：各镇街；完成时限：2024年6月）\n"
        "2.坚持。（市科技局负责，长期坚持）\n"
        "3.其他。"
    )
    b, c = text.index("2."), text.index("3.")
    doc = _doc(text, {"1": (0, b), "2": (b, c), "3": (c, len(text))})
    attach_mentions(doc)
    one, two, three = doc.tasks
    assert [(m.text, m.role, m.generic) for m in one.mentions] == [
        ("市发改委", "lead", False),
        ("各镇街", "support", True),
    ]
    assert (one.deadline, one.due_date, one.recurrence) == ("2024年6月", "2024-06-30", None)
    assert (two.deadline, two.due_date, two.recurrence) == ("长期坚持", None, "ongoing")
    assert (three.deadline, three.due_date, three.recurrence) == (None, None, None)


def test_an_annexed_rows_printed_deadline_gets_its_due_date():
    text = "1.某项任务\n市财政局\n2023年底前\n"
    given = UnitMention(text="市财政局", order=1, clause="市财政局")
    doc = _doc(text, {"A.1": (0, len(text))}, {"A.1": [given]})
    doc.tasks[0].kind = "annex_row"
    doc.tasks[0].deadline = "2023年底前"
    attach_mentions(doc)
    assert (doc.tasks[0].due_date, doc.tasks[0].recurrence) == ("2023-12-31", None)
    assert doc.tasks[0].mentions == [given]


# ----------------------------------------------------------------------------- real excerpts (tests/docs/duties)
def test_shanghai_labelled_lists_with_a_placeholder_after_a_semicolon_and_a_nested_other_name():
    text = (FIXTURES / "shanghai_business_environment.txt").read_text(encoding="utf-8")
    first, second = find_clauses(text)
    assert [(i.text, i.generic) for i in first.items] == [
        ("市高院", False),
        ("市公安局", False),
        ("市规划资源局", False),
        ("上海银保监局", False),
        ("上海证监局", False),
        ("市税务局", False),
        ("市人力资源社会保障局", False),
        ("市住房城乡建设管理委", False),
        ("市通信管理局", False),
        ("各区政府", True),
    ]
    assert [i.text for i in second.items] == [
        "市住房城乡建设管理委",
        "市规划资源局",
        "市水务局",
        "市绿化市容局",
        "市卫生健康委",
        "市国动办",
        "市交通委（市道运局）",
        "市交警总队",
        "市气象局",
    ]
    assert all(text[i.span.start : i.span.end] == i.text for c in (first, second) for i in c.items)


GUANGDONG = [
    [
        ("省科技厅", "responsible", False),
        ("工业和信息化厅", "responsible", False),
        ("各地级以上市人民政府", "responsible", True),
    ],
    [("省工业和信息化厅", "lead", False)],
    [("省政务和数据局", "lead", False), ("省国资委", "responsible", False)],
    [
        ("省工业和信息化厅", "responsible", False),
        ("科技厅", "responsible", False),
        ("政务和数据局", "responsible", False),
    ],
    [("省工业和信息化厅", "lead", False), ("各有关单位", "responsible", True)],
    [("省工业和信息化厅", "lead", False), ("广电局", "lead", False)],
    [
        ("省工业和信息化厅", "lead", False),
        ("省委宣传部", "responsible", False),
        ("文化和旅游厅", "responsible", False),
        ("广电局", "responsible", False),
        ("体育局", "responsible", False),
    ],
    [
        ("人民银行广东省分行", "lead", False),
        ("省委金融办", "responsible", False),
        ("广东金融监管局", "responsible", False),
        ("中国证监会广东监管局", "responsible", False),
    ],
    [
        ("省发展改革委", "responsible", False),
        ("商务厅", "responsible", False),
        ("政务和数据局", "responsible", False),
        ("省税务局", "responsible", False),
    ],
    [("省法院", "responsible", False), ("检察院", "responsible", False)],
]


@pytest.mark.parametrize("index", range(len(GUANGDONG)))
def test_guangdong_verb_brackets(index):
    line = (FIXTURES / "guangdong_digital_2025_units.txt").read_text(encoding="utf-8").splitlines()[index]
    ((got, deadline),) = clauses_of(f"推进工作。（{line}）")
    assert (got, deadline) == (GUANGDONG[index], None)


def test_zhejiang_lead_support_columns_and_deadlines():
    rows = (FIXTURES / "zhejiang_ai_2026_rows.tsv").read_text(encoding="utf-8").splitlines()[1:]
    got = []
    for row in rows:
        owner, co, time = row.split("\t")
        ((units, deadline),) = clauses_of(f"（牵头单位：{owner}；配合单位：{co}；完成时限：{time}）")
        got.append(([(t, r) for t, r, _ in units], deadline))
    assert got[0] == ([("省发展改革委", "lead"), ("省经信厅", "support"), ("省科技厅", "support")], "2026年12月")
    assert got[3] == (
        [("省经信厅", "responsible"), ("省科技厅", "responsible"), ("省发展改革委", "support")],
        "持续推进",
    )
    assert got[6] == ([("省数据局", "lead")], "2026年6月")  # 配合单位 无: nobody
    assert got[7][0] == [("省市场监管局（省知识产权局）", "lead"), ("省数据局", "lead"), ("省经信厅", "support")]
    assert len(got[8][0]) == 9


def test_shanxi_ascii_brackets_with_a_trailer_and_no_deadline_from_prose():
    text = (FIXTURES / "shanxi_coal_ban.txt").read_text(encoding="utf-8")
    assert clauses_of(text) == [([("省生态环境厅", "lead", False), ("市县政府", "responsible", False)], None)]


def test_national_verb_and_bare_brackets():
    text = (FIXTURES / "national_emergency_comms.txt").read_text(encoding="utf-8")
    assert [[i.text for i in c.items] for c in find_clauses(text)] == [
        ["工业和信息化部", "公安部", "应急管理部"],
        ["工信部", "公安部", "应急管理部", "国家消防救援局"],
    ]


# ----------------------------------------------------------------------------- linear time
@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("（责任单位：" * 20_000, 0.5),  # the spec's worst case: well under a second
        ("（责任单位：市发改委、" * 20_000, 2.0),
        ("责任单位：" * 20_000, 2.0),
        ("（" * 120_000, 2.0),
        ("负责" * 50_000, 2.0),
        ("（完成时限：2023年底前）" * 10_000, 2.0),
    ],
    ids=["open-labels", "open-lists", "line-labels", "opens", "verbs", "deadlines"],
)
def test_find_clauses_is_linear_on_pathological_text(text, limit):
    import time

    find_clauses("（责任单位：市发改委）")  # registry and vocabulary loaded
    best = float("inf")
    for _ in range(3):  # the best of three: a loaded machine slows one run, not the algorithm
        start = time.perf_counter()
        find_clauses(text)
        best = min(best, time.perf_counter() - start)
    assert best < limit


def test_labels_after_a_space_a_main_body_and_a_lead_mark_in_any_bracket():
    """Clause forms of this stop that no corpus document happens to print: two labels a space
    apart in one bracket, 以X为主 (the main body leads), and （牵头） in 〔〕."""
    assert items("推进改革。（牵头单位：市科技局 配合单位：市财政局）") == [
        ("市科技局", "lead"),
        ("市财政局", "support"),
    ]
    assert items("推进改革。（以市发展改革委为主，市财政局配合）") == [
        ("市发展改革委", "lead"),
        ("市财政局", "support"),
    ]
    assert items("推进改革。（责任单位：市发展改革委〔牵头〕、市财政局）") == [
        ("市发展改革委", "lead"),
        ("市财政局", "responsible"),
    ]
