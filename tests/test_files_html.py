"""Plans published as government web pages (tests/files/*.html, made as tests/files/README.md says):
the plan's text found among the page's navigation, breadcrumb, share buttons and footer, its
metadata box, its tasks, units and deadlines, and its 任务分工表 kept as a table.

Expected values are hand transcriptions of the source texts laid out in the pages (read off
tests/docs/outline/xihu_district_action_plan.txt, tests/docs/units/xihu_lead_support.txt,
tests/docs/annex/wendeng_docx_lead_support.txt) and of the metadata boxes as the pages print them."""

from __future__ import annotations

import re

import pytest

from loaders.formats import extract_text, sniff_format
from loaders.formats.html import page_metadata
from loaders.pipeline import build_graph, parse_document
from tests.outline_view import ROOT
from tests.test_files import WENDENG

FILES = ROOT / "tests" / "files"
PAGES = ["xihu_action_plan.html", "xihu_protection.html", "wendeng_fengong.html"]

#: What the CMS skeleton prints around the plan: header links and menu, 长者模式, the breadcrumb,
#: the 来源/时间 line, the share box, 扫一扫/关闭, the side column and the footer.
FURNITURE = [
    "国务院", "省人大", "闽政通", "网站支持IPV6", "首页", "政务公开", "解读回应", "办事服务", "走进平潭",
    "政府信息公开", "政策文件库", "长者模式", "无障碍浏览", "当前位置", "法定主动公开内容", "年度计划",
    "来源：", "时间：", "浏览量", "微信", "微博", "QQ空间", "扫一扫", "关闭", "文字解读", "附件下载",
    "省市政府网站", "友情链接", "人民网", "网站地图", "联系我们", "网站标识码", "公安备案号", "闽ICP备",
    "版权所有", "主办单位", "新媒体矩阵", "平潭", "浏览器", "有效性",
]  # fmt: skip


def _doc(name: str):  # type: ignore[no-untyped-def]
    path = FILES / name
    return parse_document(path.read_bytes(), path.name)


def _meta(doc) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    p = doc.plan
    return (p.title, p.kind, p.issuer, p.doc_no, p.issued_on, p.region, p.level, p.period_start, p.period_end)


def _tasks(doc) -> list[tuple[str, str, list[tuple[str, str]], str | None]]:  # type: ignore[no-untyped-def]
    return [
        (t.path, t.title, [(m.text, m.role) for m in t.mentions], t.deadline)
        for t in sorted(doc.tasks, key=lambda t: t.span.start)
    ]


# 西湖区知识产权强区建设行动计划 — the 通知 (文号, date, signature) and the plan, in the 政府信息公开 template
XIHU_ACTION_META = (
    "西湖区知识产权强区建设行动计划（2023—2025年）", "行动方案", "杭州市西湖区人民政府办公室", "西政办发〔2023〕7号",
    "2023-03-08", "杭州市西湖区", "county", 2023, 2025,
)  # fmt: skip
XIHU_ACTION = [
    ("2.1", "提升知识产权创造质量", [], None),
    ("2.1.1", "培育高价值专利", [("区市场监管局", "lead"), ("区科技局", "support"), ("区经信局", "support")], None),
    ("2.1.2", "强化商标品牌建设", [("区市场监管局", "lead"), ("区农业农村局", "support"), ("区商务局", "support")], None),  # noqa: E501
    ("2.1.2.1", "开展地理标志培育行动", [], None),
    ("2.1.2.2", "推进老字号传承创新", [], None),
    ("2.2", "加强知识产权保护", [], None),
    ("2.2.1", "健全行政保护机制",
     [("区市场监管局", "lead"), ("区公安分局", "lead"), ("区法院", "support"), ("区检察院", "support")], None),
    ("2.2.2", "推进纠纷多元化解", [("区司法局", "responsible")], None),
    ("3.1", "加强组织领导", [], None),
    ("3.2", "强化资金保障", [("区财政局", "responsible")], None),
]  # fmt: skip

# 杭州市西湖区知识产权保护工作方案 — the 规划信息 template: no metadata box, only <meta> tags and 时间
XIHU_PROTECTION_META = (
    "杭州市西湖区知识产权保护工作方案（2024—2026年）", "工作方案", None, None,
    "2024-04-26",  # the page's PubDate: the text itself prints no date
    "杭州市西湖区", "county", 2024, 2026,
)  # fmt: skip
XIHU_PROTECTION = [
    ("2.1", "强化行政保护", [], None),
    ("2.1.1", "开展专项执法行动",
     [("区市场监管局", "lead"), ("区公安分局", "support"), ("区文化和广电旅游体育局", "support"), ("区商务局", "support")],  # noqa: E501
     None),
    ("2.1.2", "完善快速维权机制", [("区知识产权局", "lead"), ("区司法局", "support"), ("区法院", "support")], None),
    ("2.2", "强化司法保护", [], None),
    ("2.2.1", "提升审判质效", [("区法院", "lead"), ("区检察院", "lead"), ("区市场监管局", "support")], None),
    ("2.2.2", "加强宣传引导",
     [("区委宣传部", "lead"), ("区教育局", "support"), ("团区委", "support"), ("区科协", "support"),
      ("市市场监管局", "support")], None),
    ("2.3", "优化公共服务",
     [("区经信局", "responsible"), ("区科技局", "responsible"), ("区市场监督管理局", "responsible")], None),
    ("3.1", "加强组织领导", [("区市场监管局", "responsible"), ("有关部门", "responsible"), ("区财政局", "responsible")], None),  # noqa: E501  (会同有关部门)
    ("3.2", "加强督促检查", [], None),
]  # fmt: skip

# 文登区知识产权强区建设工作方案 and its 重点任务分工表 as an HTML table: 序号/重点任务/具体措施/完成时限
# merged down over the two header rows (rowspan), 责任单位 over 牵头单位 | 配合单位 (colspan), group rows
# across all six columns; 推进协同保护 has two 牵头单位 and an empty 配合单位 cell
WENDENG_META = (
    "威海市文登区知识产权强区建设工作方案", "工作方案", "威海市文登区人民政府办公室", None, "2023-02-16", "文登区",
    "county", None, None,
)  # fmt: skip
# the same document as tests/files/wendeng_fengong.docx/.pdf/.ofd: the same expected rows

EXPECTED = {
    "xihu_action_plan.html": (XIHU_ACTION_META, XIHU_ACTION),
    "xihu_protection.html": (XIHU_PROTECTION_META, XIHU_PROTECTION),
    "wendeng_fengong.html": (WENDENG_META, WENDENG),
}


@pytest.mark.parametrize("name", PAGES)
def test_a_saved_page_gives_the_plans_metadata_tasks_units_and_deadlines(name: str):
    doc = _doc(name)
    meta, tasks = EXPECTED[name]
    assert sniff_format((FILES / name).read_bytes()) == "html"
    assert _meta(doc) == meta
    assert _tasks(doc) == tasks


@pytest.mark.parametrize("name", PAGES)
def test_navigation_breadcrumb_share_buttons_and_footer_are_in_no_task(name: str):
    doc = _doc(name)
    assert doc.tasks
    for t in doc.tasks:
        leaked = [w for w in FURNITURE if w in t.text or w in t.title]
        assert not leaked, (t.path, leaked)
    # nor anywhere in the plan's text: readability found the content, the page was not read whole
    body = "\n".join(ln for ln in doc.plan.text.splitlines() if not re.match(r"^\S+: ", ln))
    assert [w for w in FURNITURE if w in body] == []


def test_the_metadata_box_becomes_key_value_lines_its_spaced_keys_read_as_words():
    markup = (FILES / "xihu_action_plan.html").read_text(encoding="utf-8")
    # 索&ensp;引&ensp;号： and 标&ensp;&ensp;&ensp;&ensp;题： as the CMS prints them
    assert "索&ensp;引&ensp;号：" in markup
    lines = page_metadata(markup)
    assert lines[:7] == [
        "索引号: 11330106002496910D/2023-00021",
        "主题分类: 科技、教育",
        "发文机关: 杭州市西湖区人民政府办公室",
        "成文日期: 2023-03-08",
        "标题: 杭州市西湖区人民政府办公室关于印发《西湖区知识产权强区建设行动计划（2023—2025年）》的通知",
        "发文字号: 西政办发〔2023〕7号",
        "发布日期: 2023-03-10",
    ]
    assert page_metadata("<li>文&emsp;&emsp;号：<font>宝府办〔2019〕26号</font></li>") == ["文号: 宝府办〔2019〕26号"]
    # the 规划信息 template has no box: the <meta> tags give title and date
    markup = (FILES / "xihu_protection.html").read_text(encoding="utf-8")
    assert page_metadata(markup) == [
        "标题: 杭州市西湖区知识产权保护工作方案（2024—2026年）",
        "发布日期: 2024-04-26 16:50",
    ]


def test_the_html_task_table_keeps_its_cells_and_merged_header():
    text, kind = extract_text((FILES / "wendeng_fengong.html").read_bytes(), "w.html")
    assert kind == "html"
    lines = text.splitlines()
    at = lines.index("\t序号")
    # two header rows (rowspan/colspan) → the leaf columns once; a group row (colspan=6) once
    assert lines[at : at + 14] == [
        "\t序号", "\t重点任务", "\t具体措施", "\t牵头单位", "\t配合单位", "\t完成时限",
        "\t一、强化知识产权创造",
        "\t1", "\t提升专利质量", "\t开展高价值专利培育，建设高价值专利培育中心2家。", "\t区市场监管局",
        "\t区科技局、区财政局", "\t2023年底前", "\t2",
    ]  # fmt: skip
    # 推进协同保护: two 牵头单位 in one cell, the empty 配合单位 cell left out, then its 完成时限
    assert (
        "\t区市场监管局、区公安分局" in lines and lines[lines.index("\t区市场监管局、区公安分局") + 1] == "\t持续推进"
    )


def test_a_page_and_the_same_text_give_the_same_tasks_and_units():
    for page, src in (
        ("xihu_action_plan.html", ROOT / "tests/docs/outline/xihu_district_action_plan.txt"),
        ("xihu_protection.html", ROOT / "tests/docs/units/xihu_lead_support.txt"),
    ):
        html_doc, text_doc = _doc(page), parse_document(src.read_bytes(), src.name)
        rows = []
        for doc in (html_doc, text_doc):
            graph = build_graph([doc])
            rows.append(
                [
                    (t.path, t.kind, t.title, [(graph.units[m.unit_id or ""].name, m.role) for m in t.mentions])
                    for t in sorted(doc.tasks, key=lambda t: t.span.start)
                ]
            )
        assert rows[0] == rows[1], page
