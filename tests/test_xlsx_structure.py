"""The 任务分工表 renders a task from its stored structure (``Task.number``, ``title_end``,
clause spans), never by reading numbering or clauses off its text again.

The hand-made tasks below print text a regex would misread; their cells must be the stored
title and body. The built-in 威海 opinion (data/plans/000) is checked cell for cell against
its printed text.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from graph.model import KnowledgeGraph, Plan, Span, Task, Unit, UnitMention
from graph.stores.networkx_store import NetworkXStore
from graph.xlsx_export import build_plan_table, plan_table_xlsx

ROOT = Path(__file__).resolve().parent.parent
PID = "plan:structure"


def _unit(name: str) -> Unit:
    return Unit(id=f"unit:{name}", name=name, region="烟台市", level="prefecture")


def _mention(printed: str, name: str) -> UnitMention:
    return UnitMention(text=printed, order=1, unit_id=f"unit:{name}")


def _task(path: str, number: str, title: str, text: str, at: int, clause: str | None, unit: str | None) -> Task:
    """A body task as the outline and the clause grammar store it: ``text`` is the plan's text at
    ``at``; the title ends after ``number`` + ``title``; ``clause`` is where it is printed."""
    start = at + text.index(clause) if clause else None
    return Task(
        id=f"{PID}/t/{path}",
        plan_id=PID,
        path=path,
        kind="task",
        title=title,
        text=text,
        span=Span(at, at + len(text)),
        mentions=[_mention(unit.replace("烟台市", "市"), unit)] if unit else [],
        number=number,
        title_end=at + len(number) + len(title),
        clause_starts=[start] if start is not None else [],
        clause_ends=[start + len(clause)] if start is not None and clause else [],
    )


#: A title that starts like a number (3年…) and quotes a 责任单位 bracket.
TITLE = "3年攻坚“（责任单位：各区市）”标注行动"
#: Its body, after the title: ends with a line clause (the stored clause), no bracket.
OWN = "（一）" + TITLE + "。12个区市完成标注。\n责任单位：市市场监管局"
#: A leaf under it whose text ends with a bracket that opens with a label but is not a clause;
#: the stored clause is the sentence's own words (市司法局牵头…).
LEAF = "1.开展培训。由市司法局牵头，每年组织专题培训（责任单位负责人参加）。"


@pytest.fixture
def store() -> NetworkXStore:
    g = KnowledgeGraph()
    g.plans[PID] = Plan(id=PID, title="结构方案", source="structure.txt", region="烟台市", level="prefecture")
    tasks = [
        _task("2.1", "（一）", TITLE, OWN, 100, "责任单位：市市场监管局", "烟台市市场监督管理局"),
        _task("2.2", "（二）", "完善机制", "（二）完善机制", 200, None, None),
        _task("2.2.1", "1.", "开展培训", LEAF, 210, "市司法局牵头", "烟台市司法局"),
    ]
    g.tasks.update((t.id, t) for t in tasks)
    for name in ("烟台市市场监督管理局", "烟台市司法局"):
        g.units[f"unit:{name}"] = _unit(name)
    s = NetworkXStore(None)
    s.write(g, [PID])
    return s


def test_cells_are_the_stored_title_and_body(store: NetworkXStore) -> None:
    table = build_plan_table(store, PID)
    own, leaf = table.rows
    # the stored number and title, though the title starts with 3年 (a regex reads a number there)
    assert own.headings[0] is not None and own.headings[0].label == "（一）3年攻坚“（责任单位：各区市）”标注行动"
    # the body after the stored title end, without the stored clause (a 责任单位 line, no bracket)
    assert own.measure == "12个区市完成标注。"
    assert own.names() == ["烟台市市场监督管理局"]
    # the trailing bracket is no stored clause: it stays; the clause inside the sentence stays too
    assert leaf.headings[0] is not None and leaf.headings[0].label == "（二）完善机制"
    assert leaf.measure == LEAF


def test_the_workbook_writes_those_cells(store: NetworkXStore) -> None:
    ws = openpyxl.load_workbook(io.BytesIO(plan_table_xlsx(store, [PID]))).worksheets[1]
    assert [ws.cell(4, c).value for c in range(1, 4)] == [
        1,
        "（一）3年攻坚“（责任单位：各区市）”标注行动",
        "12个区市完成标注。",
    ]
    assert [ws.cell(5, c).value for c in range(1, 4)] == [2, "（二）完善机制", LEAF]


@pytest.fixture(scope="module")
def weihai() -> NetworkXStore:
    from loaders.pipeline import build_graph, parse_document

    path = ROOT / "data" / "plans" / "000_b57c6997ad00b46f.txt"
    doc = parse_document(path.read_bytes(), path.name)
    s = NetworkXStore(None)
    s.write(build_graph([doc]), [doc.plan.id])
    return s


def test_weihai_opinion_cells_read_off_its_text(weihai: NetworkXStore) -> None:
    """data/plans/000 prints (lines 215-227, wrapped): （八）培育发展专利密集型产业。探索建立专利密集型
    产业培育扶持政策…提高产业核心竞争力。（责任单位：市市场监管局）; and (lines 401-411)
    （三）加强考核评估。将知识产权发展指标纳入…市市场监管局会同有关部门…请示报告。"""
    plan = next(p for p in weihai.plans() if not p.stub)
    ws = openpyxl.load_workbook(io.BytesIO(plan_table_xlsx(weihai, [plan.id]))).worksheets[1]
    rows = {ws.cell(r, 2).value: (ws.cell(r, 3).value, ws.cell(r, 4).value) for r in range(4, ws.max_row + 1)}
    assert rows["（八）培育发展专利密集型产业"] == (
        "探索建立专利密集型产业培育扶持政策，根据专利密集型产业目录，优选我市优势产业重点培育。"
        "优化专利密集型产业服务，为密集型产业定向开展知识产权服务，探索在专利密集型产业集聚区设立"
        "知识产权保护工作站，支持产业专利进入优先审查通道。探索构建和运营产业技术专利池，加强资源"
        "共享和协同创新，提高产业核心竞争力。",
        "威海市市场监督管理局",
    )
    # a clause inside a sentence (市市场监管局会同…) is the sentence's words: it stays
    assert rows["（三）加强考核评估"] == (
        "将知识产权发展指标纳入对各区市高质量发展综合绩效考核年度评价。强化过程管理，及时对目标任务"
        "完成情况进行总结，定期上报工作开展情况。注重典型引导，及时发现宣传典型案例和经验做法。"
        "市市场监管局会同有关部门对本意见的落实情况开展督促检查，重要情况及时向市委、市政府请示报告。",
        "威海市市场监督管理局、有关部门",  # the partner of 会同 takes the work too
    )
