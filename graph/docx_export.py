"""The 任务分工表 as a Word document, in the layout of an official 分工方案.

Next to the workbook (:mod:`graph.xlsx_export`), the same rows — a plan's own table
(its annexed 任务分工表 when it has one, else its body tasks) or one bureau's tasks
across plans — are written as a .docx a coordinator pastes into a 通知 or 分工方案:

* A4 landscape, the margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm);
* the title in 方正小标宋简体 二号 (22 pt), centred; the 文号 / 规划期 line below it;
* one table: 序号 | 重点任务 | 具体措施 | 责任单位 (牵头单位 | 配合单位 when the plan
  distinguishes them) | 完成时限; the header row in 黑体 and repeated on every page,
  cells in 仿宋_GB2312 小四 (12 pt); a 重点任务 cell merged down over the rows it heads;
  rows never split across pages.

The rows and their texts are :func:`graph.xlsx_export.build_plan_table`'s, so the Word
table and the Excel sheet always list the same rows in the same order.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

from graph import queries
from graph.errors import PlankgError
from graph.rows import Assignment
from graph.stores.base import GraphStore
from graph.xlsx_export import PlanTable, _period, _role_text, _stored_tasks, build_plan_table

__all__ = ["plan_table_docx", "unit_table_docx"]

TITLE_FONT, HEADER_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"
TITLE_SIZE, BODY_SIZE, CELL_SIZE = Pt(22), Pt(14), Pt(12)


def _font(run: object, name: str, size: Pt, bold: bool = False) -> None:
    r = run  # a docx run
    r.font.name = name  # type: ignore[attr-defined]
    r.font.size = size  # type: ignore[attr-defined]
    r.font.bold = bold  # type: ignore[attr-defined]
    rpr = r._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _document() -> object:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = BODY_SIZE
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return doc


def _heading(doc: object, title: str, info: str) -> None:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(title), TITLE_FONT, TITLE_SIZE)
    if info:
        q = doc.add_paragraph()  # type: ignore[attr-defined]
        q.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(q.add_run(info), BODY_FONT, BODY_SIZE)


def _set_cell(cell: _Cell, text: str, font: str = BODY_FONT, bold: bool = False, left: bool = False) -> None:
    cell.text = ""
    lines = str(text).split("\n") if text else [""]
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(line), font, CELL_SIZE, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _table(doc: object, header: Sequence[str], rows: Sequence[Sequence[object]], widths_mm: Sequence[float],
           left: Sequence[int], merge_cols: Sequence[int] = ()) -> Table:  # fmt: skip
    table: Table = doc.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(head.cells, header, strict=True):
        _set_cell(cell, text, HEADER_FONT, bold=True)
    for values in rows:
        row = table.add_row()  # type: ignore[no-untyped-call]
        no_split = OxmlElement("w:cantSplit")
        no_split.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(no_split)
        for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _set_cell(cell, "" if value is None else str(value), left=i in left)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    for col in merge_cols:  # 重点任务: one cell over the run of rows it heads
        start = 1
        for r in range(2, len(rows) + 2):
            same = r <= len(rows) and rows[r - 1][col] and rows[r - 1][col] == rows[start - 1][col]
            if not same:
                if r - 1 > start:
                    text = str(rows[start - 1][col])
                    merged = table.cell(start, col).merge(table.cell(r - 1, col))
                    _set_cell(merged, text)
                start = r
    return table


def _bytes(doc: object, title: str, now: datetime) -> bytes:
    props = doc.core_properties  # type: ignore[attr-defined]
    props.title, props.author, props.created, props.modified = title, "plankg", now, now
    buf = io.BytesIO()
    doc.save(buf)  # type: ignore[attr-defined]
    return buf.getvalue()


def _plan_rows(table: PlanTable) -> tuple[list[str], list[list[object]], list[float], list[int]]:
    header = ["序号", "重点任务", "具体措施"]
    header += ["牵头单位", "配合单位"] if table.roles_known else ["责任单位"]
    header.append("完成时限")
    rows: list[list[object]] = []
    for i, r in enumerate(table.rows, start=1):
        heading = "\n".join(h.label for h in r.headings if h is not None)
        values: list[object] = [i, heading, r.measure]
        if table.roles_known:
            lead, support = r.names("lead"), r.names("support") + r.names("responsible")
            values += ["、".join(lead), "、".join(support)] if lead or support else ["、".join(r.names()), ""]
        else:
            values.append("、".join(r.names()))
        values.append(r.deadline)
        rows.append(values)
    widths = [12.0, 40.0, 105.0] + ([32.0, 32.0] if table.roles_known else [60.0]) + [24.0]
    return header, rows, widths, [2]


def plan_table_docx(store: GraphStore, plan_ids: list[str], *, now: datetime | None = None) -> bytes:
    """Each plan's 任务分工表 (one after another, a page break between) as a .docx."""
    if not plan_ids:
        raise PlankgError("no plan given for the 任务分工表")
    now = now or datetime.now()
    doc = _document()
    title = ""
    stored = _stored_tasks(store)
    for n, pid in enumerate(plan_ids):
        table = build_plan_table(store, pid, stored=stored)
        plan = table.plan
        if n:
            doc.add_page_break()  # type: ignore[attr-defined]
        title = title or f"{plan.title}任务分工表"
        info = "　　".join(x for x in (plan.doc_no or "", f"规划期：{_period(plan)}" if _period(plan) else "") if x)
        _heading(doc, f"{plan.title}任务分工表", info)
        header, rows, widths, left = _plan_rows(table)
        _table(doc, header, rows, widths, left, merge_cols=[1])
    return _bytes(doc, title if len(plan_ids) == 1 else "任务分工表", now)


def unit_table_docx(
    store: GraphStore,
    unit_ids: list[str],
    title: str | None = None,
    *,
    plan_ids: list[str] | None = None,
    now: datetime | None = None,
) -> bytes:
    """One bureau's (or several bureaus') tasks across plans as a .docx task list: the rows of
    each plan's own table that the bureau holds, with the count of :func:`graph.queries.workload`."""
    if not unit_ids:
        raise PlankgError("no unit given for the 任务清单")
    known = {u.id: u for u in queries.list_units(store)}
    missing = [uid for uid in unit_ids if uid not in known]
    if missing:
        raise PlankgError(f"no unit with id {missing[0]!r}")
    names = [known[uid].name for uid in unit_ids]
    now = now or datetime.now()
    assignments = [
        a for a in queries.tasks_of_units(store, unit_ids, via_groups=True) if plan_ids is None or a.plan_id in plan_ids
    ]
    by_task: dict[str, list[Assignment]] = {}
    plan_order: list[str] = []
    for a in assignments:
        by_task.setdefault(a.task_id, []).append(a)
        if a.plan_id not in plan_order:
            plan_order.append(a.plan_id)
    heading = title or "、".join(names) + "任务清单"
    load = queries.workload(assignments)
    rows: list[list[object]] = []
    stored = _stored_tasks(store) if plan_order else {}
    for pid in plan_order:
        table = build_plan_table(store, pid, stored=stored)
        for r in table.rows:
            if r.task_id not in by_task:
                continue
            mine = by_task[r.task_id]
            groups = {a.via_group for a in mine if a.via_group}
            others = [n for n in r.names() if n not in names and n not in groups]
            head = "\n".join(h.label for h in r.headings if h is not None)
            rows.append([len(rows) + 1, table.plan.title, head, r.measure, _role_text(mine), "、".join(others),
                         r.deadline])  # fmt: skip
    doc = _document()
    info = f"共 {load.total} 项任务，分布在 {load.plans} 个规划中" + (
        f"；表中 {len(rows)} 行（附件任务分工表的条目与其细化的正文任务合为一行）" if len(rows) != load.total else ""
    )
    _heading(doc, heading, info)
    header = ["序号", "所属规划", "重点任务", "具体措施", "本单位职责", "其他责任单位", "完成时限"]
    _table(doc, header, rows, [12.0, 36.0, 34.0, 85.0, 24.0, 40.0, 22.0], [3], merge_cols=[1, 2])
    return _bytes(doc, heading, now)
