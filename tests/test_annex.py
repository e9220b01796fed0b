"""Annexed task-assignment tables (任务分工表) → annex_row tasks, and their REFINES links.

The golden file lists every row of 烟台's table, checked by hand against the
printed document; the two documents under tests/docs/annex are tables in other
layouts (DOCX one cell per line with 序号/牵头/配合/完成时限 columns; PDF text
with 牵头/配合 cells side by side, wrapped, and a page break).
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path

import pytest

from graph.model import KnowledgeGraph, Plan, PlanDoc, Task
from loaders.annex import extract_annex_rows
from loaders.clean import clean
from loaders.metadata import extract_metadata
from loaders.outline import build_outline
from loaders.pipeline import build_graph, parse_document
from loaders.read import read_bytes

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
DOCS = Path(__file__).resolve().parent / "docs" / "annex"
GOLDEN = json.loads((Path(__file__).resolve().parent / "golden" / "annex_003.json").read_text(encoding="utf-8"))


def _parse(path: Path) -> PlanDoc:
    return parse_document(path.read_bytes(), path.name)


def _rows(doc: PlanDoc) -> list[Task]:
    return sorted((t for t in doc.tasks if t.kind == "annex_row"), key=lambda t: t.span.start)


def _refines(graph: KnowledgeGraph) -> dict[str, str]:
    return {graph.tasks[e.src].path: graph.tasks[e.dst].path for e in graph.edges if e.type == "REFINES"}


@pytest.fixture(scope="module")
def yantai() -> PlanDoc:
    return _parse(PLANS / GOLDEN["source"])


@pytest.fixture(scope="module")
def yantai_graph(yantai: PlanDoc) -> KnowledgeGraph:
    return build_graph([yantai])


def test_every_row_of_the_yantai_table(yantai: PlanDoc) -> None:
    got = [{"path": t.path, "title": t.title, "units": [m.text for m in t.mentions]} for t in _rows(yantai)]
    want = [{k: r[k] for k in ("path", "title", "units")} for r in GOLDEN["rows"]]
    assert got == want
    assert len(got) == 54


def test_every_yantai_row_refines_its_body_task(yantai_graph: KnowledgeGraph) -> None:
    assert _refines(yantai_graph) == {r["path"]: r["refines"] for r in GOLDEN["rows"]}


def test_items_without_body_wording_refine_through_their_parent(yantai_graph: KnowledgeGraph) -> None:
    methods = {yantai_graph.tasks[e.src].path: e.props["method"] for e in yantai_graph.edges if e.type == "REFINES"}
    assert methods["A.1"] == "title"
    assert methods["A.1.1.1"] == "text"  # its measure is the body task's first sentences
    # the 贴息 item is new in the table: it refines what its sub-task refines
    assert methods["A.3.3.2"] == "parent"
    assert all(0 < e.props["score"] <= 1 for e in yantai_graph.edges if e.type == "REFINES")
    assert Counter(methods.values()) == {"title": 31, "text": 18, "parent": 5}


def test_mentions_are_the_responsibility_cell(yantai: PlanDoc) -> None:
    row = next(t for t in _rows(yantai) if t.path == "A.1.1.1")
    assert [(m.text, m.order, m.role) for m in row.mentions] == [
        ("市市场监管局", 1, "responsible"),
        ("市司法局", 2, "responsible"),
        ("市法院", 3, "responsible"),
    ]
    assert {m.clause for m in row.mentions} == {"市市场监管局、市司法局、市法院"}
    # the span of a unit wrapped over two lines covers both parts
    text = yantai.plan.text
    assert [text[m.span.start : m.span.end] for m in row.mentions if m.span] == ["市市场监管局", "市司法局", "市法\n院"]
    # a row's text is its own cells, wraps joined; the units are its mentions
    assert row.text == (
        "1.探索建立行政保护技术调查官制度，完善知识产权侵权纠纷检验鉴定工作体系。发挥专利侵权纠纷行政裁决制度作用，"
        "加大行政裁决执行力度。探索依申请的知识产权纠纷行政调解司法确认制度。"
    )
    # units printed on the item's last line after a space
    same_line = next(t for t in _rows(yantai) if t.path == "A.5.1.1")
    assert same_line.text == "1.开展专利密集型产业课题研究，制定专利密集型产品评定办法。"
    assert [text[m.span.start : m.span.end] for m in same_line.mentions if m.span] == ["市市场监管局"]
    sub = next(t for t in _rows(yantai) if t.path == "A.1.2")
    assert sub.text.split("\n")[0] == "（二）开展市场提升行动"
    engineering = next(t for t in _rows(yantai) if t.path == "A.2")
    assert engineering.text == "二、实施知识产权要素配置工程"


def test_parents_carry_no_units_of_their_children(yantai: PlanDoc) -> None:
    for path in ("A.1", "A.1.1", "A.1.3", "A.2", "A.3.3", "A.7"):
        assert next(t for t in _rows(yantai) if t.path == path).mentions == []


def _stages(path: Path) -> PlanDoc:
    """The stages before the annex (read, clean, metadata, outline), without the pipeline's re-tiling."""
    raw = read_bytes(path.read_bytes(), path.name)
    cleaned = clean(raw.text)
    plan = extract_metadata(cleaned.text, source=path.name, plan_id="plan:test", sha256=raw.sha256)
    sections, tasks = build_outline(cleaned.text, plan.id)
    return PlanDoc(plan=plan, sections=sections, tasks=tasks)


def test_row_spans_nest_in_the_annex_and_cover_the_table() -> None:
    doc = _stages(PLANS / GOLDEN["source"])
    rows = sorted(extract_annex_rows(doc), key=lambda t: t.span.start)
    annex = next(s for s in doc.sections if s.path == "A")
    by_id = {t.id: t for t in rows}
    for t in rows:
        assert t.id == f"plan:test/t/{t.path}"
        assert annex.span.start <= t.span.start < t.span.end <= annex.span.end
        if t.path.count(".") == 1:
            assert t.parent_id == annex.id
        else:
            parent = by_id[t.parent_id or ""]
            assert parent.path == t.path.rsplit(".", 1)[0]
            assert parent.span.start < t.span.start and t.span.end <= parent.span.end  # a parent covers its children
    # nothing lost: every character after the table header lies in some row
    text = doc.plan.text
    covered = [False] * len(text)
    for t in rows:
        for i in range(t.span.start, t.span.end):
            covered[i] = True
    assert [i for i in range(rows[0].span.start, annex.span.end) if not covered[i] and text[i] != "\n"] == []
    # what precedes the first row is the annex title and the table header
    assert text[annex.span.start : rows[0].span.start].split("\n")[-2] == "重 点 任 务 责 任 部 门"
    # the engineering cell printed again above （四） lies in 一、's row, not in the row before it
    spans = {t.path: t.span for t in rows}
    assert text[spans["A.1"].start : spans["A.1"].end].count("一、实施知\n识产权保护\n强化工程") == 2
    assert text[spans["A.1.3.3"].start : spans["A.1.3.3"].end].endswith("市市场监管局、市司法局、市财\n政局")
    assert spans["A.1"].end == spans["A.1.5"].end


def test_after_the_pipeline_rows_tile_the_table(yantai: PlanDoc) -> None:
    rows = _rows(yantai)
    for left, right in itertools.pairwise(rows):
        assert left.span.end == right.span.start
    annex = next(s for s in yantai.sections if s.path == "A")
    assert annex.span.end == rows[0].span.start  # the section keeps the annex title and table header
    assert rows[-1].span.end == len(yantai.plan.text)


def test_plans_without_a_task_table_have_no_annex_rows() -> None:
    for name in ("000", "001", "002", "004"):
        path = next(PLANS.glob(f"{name}_*.txt"))
        assert _rows(_parse(path)) == [], path.name  # 001's annex is a 成员名单, not a task table


def test_docx_table_with_number_lead_support_and_deadline_columns() -> None:
    doc = _parse(DOCS / "wendeng_docx_lead_support.txt")
    got = [(t.path, t.title, [(m.text, m.role) for m in t.mentions]) for t in _rows(doc)]
    assert got == [
        ("A.1", "强化知识产权创造", []),
        ("A.1.1", "提升专利质量", [("区市场监管局", "lead"), ("区科技局", "support"), ("区财政局", "support")]),
        ("A.1.2", "培育商标品牌", [("区市场监管局", "lead"), ("区农业农村局", "support"), ("区商务局", "support")]),
        ("A.2", "加强知识产权保护", []),
        # 序号 numbered straight through the table: the path counts as printed
        ("A.2.3", "强化行政执法", [("区市场监管局", "lead"), ("区公安分局", "support"), ("区文化和旅游局", "support")]),
        ("A.2.4", "推进协同保护", [("区市场监管局", "lead"), ("区公安分局", "lead")]),
    ]
    row = _rows(doc)[1]
    assert row.text == "1\n提升专利质量\n开展高价值专利培育，建设高价值专利培育中心2家。"
    # the 完成时限 cell lies in the row's span but is not a unit
    assert doc.plan.text[row.span.start : row.span.end].rstrip("\n").endswith("区科技局、区财政局\n2023年底前")
    assert _refines(build_graph([doc])) == {
        "A.1": "2.1",
        "A.1.1": "2.1.1",
        "A.1.2": "2.1.2",
        "A.2": "2.2",
        "A.2.3": "2.2.1",
        "A.2.4": "2.2.2",
    }


def test_pdf_table_with_side_by_side_lead_and_support_cells() -> None:
    doc = _parse(DOCS / "rushan_pdf_lead_support.txt")
    got = [(t.path, t.title, [(m.text, m.role) for m in t.mentions]) for t in _rows(doc)]
    assert got == [
        ("A.1", "提升知识产权创造质量", []),
        ("A.1.1", "培育高价值专利", []),
        (
            "A.1.1.1",
            "实施高价值专利培育计划，支持企业建设高价值专利培育中心",
            [("市市场监管局", "lead"), ("市科技局", "support"), ("市财政局", "support")],
        ),
        ("A.1.1.2", "开展专利导航", [("市市场监管局", "lead"), ("市工业和信息化局", "support")]),
        ("A.1.2", "加强商标品牌建设", [("市市场监管局", "lead"), ("市农业农村局", "support"), ("市商务局", "support")]),
        ("A.1.3", "推进专利转化运用", [("市市场监管局", "lead"), ("市教育局", "support")]),
        # an engineering row without sub-tasks carries the measure and the units itself
        (
            "A.2",
            "强化知识产权保护",
            [
                ("市市场监管局", "lead"),
                ("市公安局", "lead"),
                ("市法院", "support"),
                ("市人力资源社会保障局", "support"),
            ],
        ),
    ]
    spans = {t.path: t.span for t in extract_annex_rows(_stages(DOCS / "rushan_pdf_lead_support.txt"))}
    text = doc.plan.text
    # the engineering cell repeated after the page break belongs to A.1, not to the row before it
    assert text[spans["A.1.2"].start : spans["A.1.2"].end].endswith("市商务局")
    assert spans["A.1"].end == spans["A.1.3"].end
    refines = _refines(build_graph([doc]))
    assert refines["A.1.1.2"] == "1.1.1" and refines["A.1.3"] == "1.1" and refines["A.2"] == "1.2"


def test_a_header_without_rows_gives_no_rows() -> None:
    text = "一、主要任务\n（一）做好工作。\n附件\n重点任务 责任单位\n"
    doc = PlanDoc(plan=Plan(id="plan:x", title="t", text=text))
    assert extract_annex_rows(doc) == []


def test_a_deadline_column_is_kept_on_each_row_and_in_its_assignments():
    """The 文登 table's 完成时限 cells, as printed (read off the file)."""
    from graph.stores.networkx_store import NetworkXStore
    from loaders.pipeline import build_graph

    doc = _parse(DOCS / "wendeng_docx_lead_support.txt")
    deadlines = {t.path: t.deadline for t in doc.tasks if t.kind == "annex_row" and t.deadline}
    assert deadlines["A.1.1"] == "2023年底前"
    assert deadlines["A.1.2"] == "长期坚持"
    assert deadlines["A.2.3"] == "2024年6月底前"
    store = NetworkXStore(None)
    graph = build_graph([doc])
    store.write(graph, [doc.plan.id])
    rows = {r.path: r.deadline for r in store.assignments_of_plan(doc.plan.id)}
    assert rows["A.1.1"] == "2023年底前"
    assert rows["A.2.4"] == "持续推进"
