"""The 任务分工表 workbook, read back with openpyxl: cells, merges, header, print setup.

Small hand-made graphs pin every layout rule; the corpus test checks that
烟台's three-year action plan (data/plans/003) exports exactly the document's
own annexed 任务分工表, row for row.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from graph.errors import PlankgError
from graph.model import Edge, KnowledgeGraph, Plan, Span, Task, Unit, UnitMention
from graph.stores.networkx_store import NetworkXStore
from graph.xlsx_export import build_plan_table, plan_table_xlsx, unit_table_xlsx

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "xlsx" / "003_annex_table.json"
NOW = datetime(2024, 3, 5, 9, 30)

# -- a hand-made graph -------------------------------------------------------
BODY = "plan:body"
ANNEX = "plan:annex"
FORMULA = "plan:formula"
MSJ = "unit:烟台市市场监督管理局"
GROUP = "unit:烟台市专项小组"


def _unit(name: str, category: str = "department") -> Unit:
    return Unit(id=f"unit:{name}", name=name, region="烟台市", level="prefecture", category=category)


def _m(text: str, order: int, unit: str, role: str = "responsible") -> UnitMention:
    return UnitMention(text=text, order=order, role=role, unit_id=f"unit:{unit}")  # type: ignore[arg-type]


def _task(
    plan: str,
    path: str,
    kind: str,
    title: str,
    text: str,
    at: int,
    *mentions: UnitMention,
    number: str = "",
    clauses: tuple[str, ...] = (),
) -> Task:
    """A task with the structure the loaders store: its printed ``number``, where its title ends
    (when the text prints ``number`` + ``title``) and the spans of its ``clauses`` (as printed in
    ``text``), as offsets into the plan's text, which holds ``text`` at ``at``."""
    title_end = at + len(number) + len(title) if number and text.startswith(number + title) else None
    starts = [at + text.index(c) for c in clauses]
    return Task(
        id=f"{plan}/t/{path}",
        plan_id=plan,
        path=path,
        kind=kind,  # type: ignore[arg-type]
        title=title,
        text=text,
        span=Span(at, at + len(text)),
        mentions=list(mentions),
        number=number,
        title_end=title_end,
        clause_starts=starts,
        clause_ends=[a + len(c) for a, c in zip(starts, clauses, strict=True)],
    )


def _annex_row(path: str, title: str, text: str, at: int, *mentions: UnitMention, number: str) -> Task:
    t = _task(ANNEX, path, "annex_row", title, text, at, *mentions, number=number)
    t.title_end = None  # an annexed row's text is its cells, not the plan's text: no offsets into it
    return t


def _graph() -> KnowledgeGraph:
    g = KnowledgeGraph()
    g.plans[BODY] = Plan(
        id=BODY,
        title="烟台市知识产权保护行动方案",
        source="body.txt",
        kind="行动方案",
        doc_no="烟政办字〔2022〕1号",
        issued_on="2022-05-13",
        period_start=2022,
        period_end=2024,
        region="烟台市",
        level="prefecture",
    )
    g.plans[ANNEX] = Plan(
        id=ANNEX, title="烟台市专利转化工作方案", source="annex.txt", region="烟台市", level="prefecture"
    )
    body = [
        _task(BODY, "2.1", "task", "实施保护工程", "（一）实施保护工程。", 100, number="（一）"),
        _task(
            BODY,
            "2.1.1",
            "task",
            "严格保护",
            "1.严格保护。探索建立技术调查官制度。（责任单位：市市场监管局、市司法局）",
            120,
            _m("市市场监管局", 1, "烟台市市场监督管理局"),
            _m("市司法局", 2, "烟台市司法局"),
            number="1.",
            clauses=("（责任单位：市市场监管局、市司法局）",),
        ),
        _task(
            BODY,
            "2.1.2",
            "task",
            "加强共治",
            "2.加强共治。完善纠纷解决机制。（牵头单位：市市场监管局；配合单位：市法院、市司法局）",
            200,
            _m("市市场监管局", 1, "烟台市市场监督管理局", "lead"),
            _m("市法院", 2, "烟台市中级人民法院", "support"),
            _m("市司法局", 3, "烟台市司法局", "support"),
            number="2.",
            clauses=("（牵头单位：市市场监管局；配合单位：市法院、市司法局）",),
        ),
        _task(
            BODY,
            "2.2",
            "task",
            "开展提升行动",
            "（二）开展提升行动。完善投诉受理机制。（市商务局负责）",
            300,
            _m("市商务局", 1, "烟台市商务局"),
            number="（二）",
            clauses=("（市商务局负责）",),
        ),
        _task(
            BODY,
            "2.3",
            "task",
            "推进协同",
            "（三）推进协同。统筹推进工作。（责任单位：专项小组成员单位）",
            400,
            _m("专项小组成员单位", 1, "烟台市专项小组"),
            number="（三）",
            clauses=("（责任单位：专项小组成员单位）",),
        ),
        _task(BODY, "3.1", "safeguard", "加强组织领导", "（一）加强组织领导。建立工作机制。", 500, number="（一）"),
        _task(
            BODY,
            "3.2",
            "safeguard",
            "加强资金保障",
            "（二）加强资金保障。加大投入。（责任单位：市财政局）",
            600,
            _m("市财政局", 1, "烟台市财政局"),
            number="（二）",
            clauses=("（责任单位：市财政局）",),
        ),
    ]
    # annexed rows as the annex loader stores them: the row's own cells, one a line (its
    # units are its mentions, not in its text), its printed number, no title end or clause
    annex = [
        _task(
            ANNEX,
            "1.1",
            "task",
            "严格保护",
            "（一）严格保护。探索制度。（责任单位：市市场监管局）",
            50,
            _m("市市场监管局", 1, "烟台市市场监督管理局"),
            number="（一）",
            clauses=("（责任单位：市市场监管局）",),
        ),
        _annex_row("A.1", "实施保护工程", "一、实施保护\n工程", 1000, number="一、"),
        _annex_row("A.1.1", "严格保护", "（一）严格保护", 1010, number="（一）"),
        _annex_row(
            "A.1.1.1",
            "探索建立制度",
            "1.探索建立制度。",
            1020,
            _m("市市场监管局", 1, "烟台市市场监督管理局"),
            number="1.",
        ),
        _annex_row(
            "A.1.1.2",
            "完善协作机制",
            "2.完善协作机制。",
            1040,
            _m("市市场监管局", 1, "烟台市市场监督管理局"),
            _m("市公安局", 2, "烟台市公安局"),
            number="2.",
        ),
        _annex_row(
            "A.1.1.3",
            "加强共治",
            "3.加强共治。\n一、实施保护\n工程",
            1060,
            _m("市司法局", 1, "烟台市司法局"),
            number="3.",
        ),
        _annex_row(
            "A.1.2",
            "开展提升行动",
            "（二）开展提升\n行动\n完善投诉机制。",
            1080,
            _m("市商务局", 1, "烟台市商务局"),
            number="（二）",
        ),
    ]
    for t in body + annex:
        g.tasks[t.id] = t
    for name in (
        "烟台市市场监督管理局",
        "烟台市司法局",
        "烟台市中级人民法院",
        "烟台市商务局",
        "烟台市财政局",
        "烟台市公安局",
    ):
        u = _unit(name)
        g.units[u.id] = u
    g.units[GROUP] = _unit("烟台市专项小组", "group")
    g.edges.append(Edge("MEMBER_OF", MSJ, GROUP))
    return g


@pytest.fixture
def store() -> NetworkXStore:
    s = NetworkXStore(None)
    g = _graph()
    s.write(g, list(g.plans))
    return s


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _merges(ws: Worksheet) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def _shown(ws: Worksheet, row: int, col: int) -> object:
    """What a reader sees in a cell: the value of the merged range covering it."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return ws.cell(rng.min_row, rng.min_col).value
    return ws.cell(row, col).value


def _values(ws: Worksheet, row: int) -> list[object]:
    return [ws.cell(row, c).value for c in range(1, ws.max_column + 1)]


# -- plan sheets -------------------------------------------------------------
def test_body_plan_sheet_with_roles(store: NetworkXStore) -> None:
    wb = _book(plan_table_xlsx(store, [BODY], now=NOW))
    assert wb.sheetnames == ["封面说明", "烟台市知识产权保护行动方案"]
    ws = wb["烟台市知识产权保护行动方案"]
    assert ws["A1"].value == "烟台市知识产权保护行动方案任务分工表"
    assert ws["A2"].value == "文号：烟政办字〔2022〕1号　　规划期：2022—2024年"
    assert _values(ws, 3) == ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    assert _values(ws, 4) == [
        1,
        "（一）实施保护工程",
        "1.严格保护。探索建立技术调查官制度。",
        "烟台市市场监督管理局、烟台市司法局",
        None,
        None,  # the text prints no 完成时限: none is invented,
    ]
    assert _values(ws, 5) == [
        2,
        None,
        "2.加强共治。完善纠纷解决机制。",
        "烟台市市场监督管理局",
        "烟台市中级人民法院、烟台市司法局",
        None,  # the text prints no 完成时限: none is invented,
    ]
    # a task one level up: its own title goes to 重点任务, the rest to 具体措施
    assert _values(ws, 6) == [3, "（二）开展提升行动", "完善投诉受理机制。", "烟台市商务局", None, None]
    assert _values(ws, 7) == [4, "（三）推进协同", "统筹推进工作。", "烟台市专项小组", None, None]
    # safeguards: only the one with units
    assert _values(ws, 8) == [5, "（二）加强资金保障", "加大投入。", "烟台市财政局", None, None]
    assert ws.max_row == 8
    # responsible-only units span 牵头|配合; the parent title spans its children
    assert _merges(ws) == {"A1:F1", "A2:F2", "B4:B5", "D4:E4", "D6:E6", "D7:E7", "D8:E8"}


def test_annex_rows_replace_body_tasks(store: NetworkXStore) -> None:
    wb = _book(plan_table_xlsx(store, [ANNEX], now=NOW))
    ws = wb["烟台市专利转化工作方案"]
    assert ws["A2"].value is None  # no doc number, no period
    assert _values(ws, 3) == ["序号", "重点任务", None, "具体措施", "责任单位", "完成时限"]
    assert _values(ws, 4) == [1, "一、实施保护工程", "（一）严格保护", "1.探索建立制度。", "烟台市市场监督管理局", None]
    # the units are the row's own cells (its mentions), never in its text
    assert _values(ws, 5) == [2, None, None, "2.完善协作机制。", "烟台市市场监督管理局、烟台市公安局", None]
    # the engineering cell repeated at a page top and run into the row is dropped
    assert _values(ws, 6) == [3, None, None, "3.加强共治。", "烟台市司法局", None]
    assert _values(ws, 7) == [4, None, "（二）开展提升行动", "完善投诉机制。", "烟台市商务局", None]
    assert ws.max_row == 7  # the body task 1.1 is not a row: the annex is the plan's own table
    assert _merges(ws) == {"A1:F1", "A2:F2", "B3:C3", "B4:B7", "C4:C6"}


def test_cover_sheet_lists_sources_and_time(store: NetworkXStore) -> None:
    wb = _book(plan_table_xlsx(store, [BODY, ANNEX], now=NOW))
    assert wb.sheetnames == ["封面说明", "烟台市知识产权保护行动方案", "烟台市专利转化工作方案"]
    ws = wb["封面说明"]
    assert ws["A1"].value == "任务分工表"
    assert ws["A2"].value == "生成时间：2024-03-05 09:30"
    assert _values(ws, 4) == ["序号", "规划名称", "文号", "发文日期", "规划期", "来源文件", "工作表"]
    assert _values(ws, 5) == [
        1,
        "烟台市知识产权保护行动方案",
        "烟政办字〔2022〕1号",
        "2022-05-13",
        "2022—2024年",
        "body.txt",
        "烟台市知识产权保护行动方案",
    ]
    assert _values(ws, 6) == [2, "烟台市专利转化工作方案", None, None, None, "annex.txt", "烟台市专利转化工作方案"]
    assert ws["A8"].value == "说明"


def test_print_setup_header_and_freeze(store: NetworkXStore) -> None:
    wb = _book(plan_table_xlsx(store, [BODY], now=NOW))
    ws = wb["烟台市知识产权保护行动方案"]
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws["C4"].alignment.wrap_text is True
    assert ws.column_dimensions["C"].width == 62
    assert ws.row_dimensions[4].height is not None and ws.row_dimensions[4].height >= 20


def test_formula_like_text_stays_text() -> None:
    g = KnowledgeGraph()
    g.plans[FORMULA] = Plan(id=FORMULA, title="+SUM(A1)方案", source="f.txt", period_end=2025)
    for i, text in enumerate(("=1+1", "-2", "@cmd", "\t=3")):
        t = _task(FORMULA, f"{i + 1}", "task", "标题", text, i * 10, _m(text, 1, text))
        g.tasks[t.id] = t
    s = NetworkXStore(None)
    s.write(g, [FORMULA])
    ws = _book(plan_table_xlsx(s, [FORMULA], now=NOW)).worksheets[1]
    assert ws["A1"].value == "+SUM(A1)方案任务分工表"  # begins with +, no quote prefix needed
    cells = [ws.cell(r, 3) for r in range(4, 8)]
    assert [c.value for c in cells] == ["=1+1", "-2", "@cmd", "=3"]
    assert [c.data_type for c in cells] == ["s", "s", "s", "s"]
    assert [c.quotePrefix for c in cells] == [True, True, True, True]  # the tab went with the whitespace
    # the unit names (printed text of unknown units) are guarded too
    assert ws["D4"].value == "=1+1" and ws["D4"].data_type == "s" and ws["D4"].quotePrefix


def test_long_table_breaks_pages_between_blocks_and_repeats_titles() -> None:
    g = KnowledgeGraph()
    pid = "plan:long"
    g.plans[pid] = Plan(id=pid, title="长表", source="long.txt")
    at = 0
    for i in range(1, 4):
        t = _task(pid, f"1.{i}", "task", f"任务{i}", f"（{i}）任务{i}。", at, number=f"（{i}）")
        g.tasks[t.id] = t
        at += 10
        for j in range(1, 9):
            text = f"{j}." + "完善知识产权保护工作机制，" * 12 + "。"
            t = _task(pid, f"1.{i}.{j}", "task", "完善", text, at, _m("市财政局", 1, "烟台市财政局"), number=f"{j}.")
            g.tasks[t.id] = t
            at += len(text) + 1
    g.units["unit:烟台市财政局"] = _unit("烟台市财政局")
    s = NetworkXStore(None)
    s.write(g, [pid])
    ws = _book(plan_table_xlsx(s, [pid], now=NOW)).worksheets[1]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "24 rows of four lines do not fit on one A4 page"
    # each block (8 rows of four lines) is longer than a page, so some page ends fall inside one
    assert any(_shown(ws, b, 2) == _shown(ws, b + 1, 2) for b in breaks)
    for b in breaks:
        # the page starts with its 重点任务 title written out, not an empty merged continuation
        assert ws.cell(b + 1, 2).value == _shown(ws, b + 1, 2) is not None
        # no merged cell crosses a page end
        for rng in ws.merged_cells.ranges:
            assert not (rng.min_row <= b < rng.max_row), f"{rng} crosses the break after row {b}"
    assert [_shown(ws, r, 2) for r in range(4, 28)] == [f"（{i}）任务{i}" for i in range(1, 4) for _ in range(8)]


def test_unknown_or_stub_plan_is_one_line_error(store: NetworkXStore) -> None:
    with pytest.raises(PlankgError, match="no plan with id 'plan:nope'"):
        plan_table_xlsx(store, ["plan:nope"])
    with pytest.raises(PlankgError, match="no unit with id 'unit:nope'"):
        unit_table_xlsx(store, ["unit:nope"])


# -- bureau sheet ------------------------------------------------------------
def test_unit_sheet_across_plans_with_group_tasks(store: NetworkXStore) -> None:
    wb = _book(unit_table_xlsx(store, [MSJ], now=NOW))
    assert wb.sheetnames == ["封面说明", "烟台市市场监督管理局任务清单"]
    ws = wb["烟台市市场监督管理局任务清单"]
    assert ws["A1"].value == "烟台市市场监督管理局任务清单"
    assert (
        ws["A2"].value == "涉及规划 2 个，任务 6 项（其中经由工作小组 1 项）；表中 5 行："
        "附有任务分工表的规划按附表逐行列出，正文任务不另列"
    )
    assert _values(ws, 3) == ["序号", "所属规划", "重点任务", "具体措施", "本单位职责", "其他责任单位", "完成时限"]
    assert _values(ws, 4) == [
        1,
        "烟台市专利转化工作方案",
        "一、实施保护工程\n（一）严格保护",
        "1.探索建立制度。",
        "负责",
        None,
        None,
    ]
    assert _values(ws, 5) == [2, None, None, "2.完善协作机制。", "负责", "烟台市公安局", None]
    assert _values(ws, 6) == [
        3,
        "烟台市知识产权保护行动方案",
        "（一）实施保护工程",
        "1.严格保护。探索建立技术调查官制度。",
        "负责",
        "烟台市司法局",
        None,  # the text prints no 完成时限: none is invented,
    ]
    assert _values(ws, 7) == [
        4,
        None,
        None,
        "2.加强共治。完善纠纷解决机制。",
        "牵头",
        "烟台市中级人民法院、烟台市司法局",
        None,  # the text prints no 完成时限: none is invented,
    ]
    assert _values(ws, 8) == [
        5,
        None,
        "（三）推进协同",
        "统筹推进工作。",
        "负责（作为烟台市专项小组成员）",
        None,
        None,  # the text prints no 完成时限: none is invented,
    ]
    assert ws.max_row == 8
    assert _merges(ws) == {"A1:G1", "A2:G2", "B4:B5", "C4:C5", "B6:B8", "C6:C7"}
    cover = wb["封面说明"]
    assert [cover.cell(r, 2).value for r in (5, 6)] == ["烟台市专利转化工作方案", "烟台市知识产权保护行动方案"]


def test_unit_sheet_title_and_plan_filter(store: NetworkXStore) -> None:
    wb = _book(unit_table_xlsx(store, [MSJ], title="市场监管局分工", plan_ids=[BODY], now=NOW))
    ws = wb["市场监管局分工"]
    assert ws["A2"].value == "涉及规划 1 个，任务 3 项（其中经由工作小组 1 项）"
    assert [ws.cell(r, 4).value for r in range(4, 7)] == [
        "1.严格保护。探索建立技术调查官制度。",
        "2.加强共治。完善纠纷解决机制。",
        "统筹推进工作。",
    ]


# -- the corpus: 烟台's three-year action plan --------------------------------
@pytest.fixture(scope="module")
def corpus_store() -> NetworkXStore:
    from loaders.pipeline import build_graph, parse_document

    docs = [parse_document(p.read_bytes(), p.name) for p in sorted((ROOT / "data" / "plans").glob("*.txt"))]
    graph = build_graph(docs)
    s = NetworkXStore(None)
    s.write(graph, list(graph.plans))
    return s


def test_yantai_action_plan_matches_its_annexed_table(corpus_store: NetworkXStore) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    plan = next(p for p in corpus_store.plans() if p.title == golden["plan_title"])
    assert plan.doc_no == golden["doc_no"]
    table = build_plan_table(corpus_store, plan.id)
    assert table.from_annex and table.heading_columns == 2 and not table.roles_known
    ws = _book(plan_table_xlsx(corpus_store, [plan.id], now=NOW))[golden["plan_title"]]
    assert _values(ws, 3) == ["序号", "重点任务", None, "具体措施", "责任单位", "完成时限"]
    got = [
        {
            "engineering": _shown(ws, r, 2),
            "subtask": _shown(ws, r, 3),
            "measure": ws.cell(r, 4).value,
            "units": str(ws.cell(r, 5).value).split("、"),
            "deadline": ws.cell(r, 6).value,
        }
        for r in range(4, ws.max_row + 1)
    ]
    want = [
        {
            "engineering": row["engineering"],
            "subtask": row["subtask"],
            "measure": row["measure"],
            "units": row["units"],
            "deadline": golden["deadline"],
        }
        for row in golden["rows"]
    ]
    assert [g["measure"] for g in got] == [w["measure"] for w in want]
    assert [(g["engineering"], g["subtask"]) for g in got] == [(w["engineering"], w["subtask"]) for w in want]
    assert got == want
    assert [ws.cell(r, 1).value for r in range(4, ws.max_row + 1)] == list(range(1, 39))


# -- the command line ----------------------------------------------------------
def _saved_store(tmp_path: Path) -> str:
    path = tmp_path / "graph.json"
    g = _graph()
    NetworkXStore(path).write(g, list(g.plans))
    return str(path)


def test_cli_exports_one_plan(tmp_path: Path) -> None:
    from cli.main import main

    out = tmp_path / "out" / "table.xlsx"
    assert main(["--store", _saved_store(tmp_path), "export", "table", "--plan", "body.txt", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["封面说明", "烟台市知识产权保护行动方案"]
    assert wb["烟台市知识产权保护行动方案"]["C4"].value == "1.严格保护。探索建立技术调查官制度。"


def test_cli_exports_every_plan_without_plan_or_unit(tmp_path: Path) -> None:
    from cli.main import main

    out = tmp_path / "all.xlsx"
    assert main(["--store", _saved_store(tmp_path), "export", "table", "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames == [
        "封面说明",
        "烟台市专利转化工作方案",
        "烟台市知识产权保护行动方案",
    ]


def test_cli_table_needs_an_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    assert main(["--store", _saved_store(tmp_path), "export", "table", "--plan", "body.txt"]) == 2
    assert (
        capsys.readouterr().err
        == "plankg: export table writes an xlsx or docx file: give -o FILE.xlsx or -o FILE.docx\n"
    )


def test_cli_unit_table_by_printed_name_and_region(tmp_path: Path) -> None:
    from cli.main import main

    out = tmp_path / "msj.xlsx"
    store = _saved_store(tmp_path)
    assert (
        main(["--store", store, "export", "table", "--unit", "市市场监管局", "--region", "烟台市", "-o", str(out)]) == 0
    )
    ws = openpyxl.load_workbook(out)["烟台市市场监督管理局任务清单"]
    assert (
        ws["A2"].value == "涉及规划 2 个，任务 6 项（其中经由工作小组 1 项）；表中 5 行："
        "附有任务分工表的规划按附表逐行列出，正文任务不另列"
    )


def test_cli_ambiguous_unit_lists_candidates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    path = tmp_path / "graph.json"
    g = _graph()
    weihai = Unit(id="unit:威海市市场监督管理局", name="威海市市场监督管理局", region="威海市", level="prefecture")
    g.units[weihai.id] = weihai
    NetworkXStore(path).write(g, list(g.plans))
    args = ["--store", str(path), "export", "table", "--unit", "市场监督管理局", "-o", str(tmp_path / "x.xlsx")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("plankg: '市场监督管理局' is ambiguous: ")
    assert "烟台市市场监督管理局(1.00)" in err and "威海市市场监督管理局(1.00)" in err
    assert err.endswith("; add --region\n") and err.count("\n") == 1
    assert not (tmp_path / "x.xlsx").exists()


def test_annex_with_seq_task_and_lead_support_cells_keeps_its_columns() -> None:
    """文登's DOCX annex: 序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限, grouped by 一、/二、."""
    from loaders.pipeline import build_graph, parse_document

    path = ROOT / "tests" / "docs" / "annex" / "wendeng_docx_lead_support.txt"
    graph = build_graph([parse_document(path.read_bytes(), path.name)])
    s = NetworkXStore(None)
    s.write(graph, list(graph.plans))
    plan = next(p for p in s.plans() if not p.stub)
    ws = _book(plan_table_xlsx(s, [plan.id], now=NOW))[plan.title]
    assert [ws.cell(3, c).value for c in range(1, 7)] == ["序号", "重点任务", None, "具体措施", "牵头单位", "配合单位"]
    rows = [[_shown(ws, r, c) for c in range(1, 5)] for r in range(4, ws.max_row + 1)]
    assert rows == [
        [1, "一、强化知识产权创造", "提升专利质量", "开展高价值专利培育，建设高价值专利培育中心2家。"],
        [2, "一、强化知识产权创造", "培育商标品牌", "建立商标品牌指导站，培育区域品牌。"],
        [3, "二、加强知识产权保护", "强化行政执法", "开展知识产权执法专项行动，严厉打击侵权假冒行为。"],
        [4, "二、加强知识产权保护", "推进协同保护", "建立行政执法与刑事司法衔接机制。"],
    ]
    assert (ws["E4"].value, ws["F4"].value) == (
        "威海市文登区市场监督管理局",
        "威海市文登区科学技术局、威海市文登区财政局",
    )
    assert ws["F7"].value is None  # both units of row 4 print in the 牵头 cell
    assert {"B3:C3", "B4:B5", "B6:B7"} <= _merges(ws)


def test_an_annexed_tables_own_deadlines_fill_the_deadline_column():
    """The 文登 test table prints a 完成时限 per row (read off tests/docs/annex/wendeng_docx_lead_support.txt)."""
    from graph.stores.networkx_store import NetworkXStore
    from graph.xlsx_export import plan_table_xlsx
    from loaders.pipeline import build_graph, parse_document

    path = Path(__file__).resolve().parent / "docs" / "annex" / "wendeng_docx_lead_support.txt"
    doc = parse_document(path.read_bytes(), path.name)
    store = NetworkXStore(None)
    store.write(build_graph([doc]), [doc.plan.id])
    ws = openpyxl.load_workbook(io.BytesIO(plan_table_xlsx(store, [doc.plan.id]))).worksheets[-1]
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "序号")
    assert rows[header][-1] == "完成时限"
    assert [r[-1] for r in rows[header + 1 :]] == ["2023年底前", "长期坚持", "2024年6月底前", "持续推进"]
