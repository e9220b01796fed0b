"""The official 任务分工表 (task-assignment table) as an Excel workbook.

Coordinators hand leaders and bureaus a sheet in a fixed layout:
序号 | 重点任务 | 具体措施 | 责任单位 (or 牵头单位 | 配合单位) | 完成时限, the
hierarchy shown by parent titles merged over their children's rows. This
module writes that sheet for whole plans (one sheet each) or for one bureau
across plans, behind a cover sheet listing the sources. It reads the graph
only through :mod:`graph.queries`, so both stores give the same workbook.

Layout decisions are written down in ``docs/xlsx.md``; the words and widths a
reader sees come from ``data/xlsx_table.yaml``.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from graph import queries
from graph.datafile import read_yaml
from graph.errors import PlankgError
from graph.model import Plan, Task
from graph.rows import Assignment
from graph.stores.base import GraphStore

__all__ = [
    "Heading",
    "PlanTable",
    "TableRow",
    "UnitCell",
    "build_plan_table",
    "plan_table_xlsx",
    "unit_table_xlsx",
]

#: Task kinds of a plan's body that can be rows (``box`` only when it has no items).
BODY_KINDS = frozenset({"task", "project", "safeguard", "box", "box_item"})
ANNEX_KIND = "annex_row"
_CN_NUM = "一二三四五六七八九十"
#: Characters that may close a heading before its body text starts.
_HEADING_END = "。．.；;：:，, \u3000"
#: The brackets of a bracketed responsibility clause (the clause grammar's): its first and last character.
_CLAUSE_OPEN, _CLAUSE_CLOSE = "（(〔【[", "）)〕】]"
#: What may follow a task's last clause (its full stop, spaces); what ends the sentence before one.
_TRAILING, _SENTENCE_END = "。．.；;，, \u3000\n", "。．.；;！？!?\n"
#: Cells whose text a spreadsheet could read as a formula or command.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Title row, information row, header row; data starts below.
_TITLE_ROW, _INFO_ROW, _HEADER_ROW = 1, 2, 3
_FIRST_DATA_ROW = 4
#: A4 in inches, and the print margins of every sheet.
_A4_LONG, _A4_SHORT = 11.69, 8.27
#: Largest share of a page left blank to keep a block on one page.
_KEEP_TOGETHER = 0.25
_MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6, "header": 0.2, "footer": 0.3}


# -- layout data ----------------------------------------------------------
def _layout_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "xlsx_table.yaml"


@lru_cache(maxsize=1)
def _layout() -> dict[str, Any]:
    """``data/xlsx_table.yaml``: the words a reader sees and the column widths."""
    data: dict[str, Any] = read_yaml(_layout_path(), PlankgError, "the table layout", dict)
    return data


def _header(key: str) -> str:
    return str(_layout()["headers"][key])


def _width(key: str) -> float:
    return float(_layout()["widths"][key])


# -- the table as data ----------------------------------------------------
@dataclass(frozen=True)
class UnitCell:
    """One responsible unit of a row: canonical name (printed text when unresolved) and role."""

    name: str
    role: str


@dataclass(frozen=True)
class Heading:
    """A 重点任务 cell: an ancestor task's numbered title, or the row's own title
    (``own``) when the row sits higher in the hierarchy than its neighbours."""

    task_id: str
    label: str
    own: bool = False


@dataclass(frozen=True)
class TableRow:
    """One row of the 任务分工表: a leaf task (or a parent task that names units)."""

    task_id: str
    path: str
    kind: str
    headings: tuple[Heading | None, ...]
    measure: str
    units: tuple[UnitCell, ...]
    deadline: str

    def names(self, role: str | None = None) -> list[str]:
        """Unit names in printed order, optionally only those of one role."""
        return [u.name for u in self.units if role is None or u.role == role]


@dataclass(frozen=True)
class PlanTable:
    """A plan's 任务分工表 before it is written: rows in document order."""

    plan: Plan
    rows: tuple[TableRow, ...]
    heading_columns: int
    roles_known: bool
    from_annex: bool


@dataclass
class _TaskInfo:
    """A task as the table needs it: its stored structure (``Task.number``, ``title_end``,
    clause spans), never read again from its text.

    ``title_end`` and ``clauses`` are offsets into ``text`` (the model keeps them as offsets
    into the plan's text; a body task's text is the plan's text from ``span_start``). An
    annexed row's text is its own cells, one a line (``loaders/annex.py``): it has no title
    end, and its units are not in it, so it has no clause to take out.
    """

    id: str
    path: str
    kind: str
    title: str
    text: str
    start: int
    deadline: str = ""  # the row's own 完成时限 cell, if its table has one
    units: list[Assignment] = field(default_factory=list)
    number: str = ""
    span_start: int = 0
    title_end: int | None = None
    clauses: tuple[tuple[int, int], ...] = ()

    @property
    def sliced(self) -> bool:
        """Whether ``text`` is the plan's text from ``span_start`` (every kind but an annexed row)."""
        return self.kind != ANNEX_KIND

    def structure(self, task: Task) -> None:
        """Take the heading number, title end and clause spans stored on ``task``."""
        self.number = task.number
        self.span_start = task.span.start
        if not self.sliced:
            return
        size = len(self.text)
        if task.title_end is not None and 0 <= task.title_end - task.span.start <= size:
            self.title_end = task.title_end - task.span.start
        self.clauses = tuple(
            (a - task.span.start, b - task.span.start)
            for a, b in zip(task.clause_starts, task.clause_ends, strict=False)
            if 0 <= a - task.span.start < b - task.span.start <= size
        )


def _plan_or_error(store: GraphStore, plan_id: str) -> Plan:
    for plan in queries.list_plans(store):
        if plan.id == plan_id:
            if plan.stub:
                raise PlankgError(f"{plan_id}: a cited plan that is not loaded has no 任务分工表")
            return plan
    raise PlankgError(f"no plan with id {plan_id!r}")


def _stored_tasks(store: GraphStore, plan_id: str | None = None) -> dict[str, Task]:
    """Every stored task by id (only ``plan_id``'s when given), with the structure the loaders
    read once (the rows the queries answer do not carry it)."""
    return store.read_graph().tasks if plan_id is None else store.plan_tasks(plan_id)


def _tasks_in_order(store: GraphStore, plan_id: str, stored: dict[str, Task]) -> list[_TaskInfo]:
    """The plan's tasks in outline (document) order, each with its unit rows and structure."""
    infos: dict[str, _TaskInfo] = {}
    for a in queries.assignments_of_plan(store, plan_id):
        info = infos.get(a.task_id)
        if info is None:
            info = infos[a.task_id] = _TaskInfo(a.task_id, a.path, a.kind, a.title, a.quote, len(infos), a.deadline)
            task = stored.get(a.task_id)
            if task is not None:
                info.structure(task)
        if a.unit:
            info.units.append(a)
    for position, row in enumerate(queries.plan_outline(store, plan_id)):
        if row.id in infos:
            infos[row.id].start = position
    out = sorted(infos.values(), key=lambda t: t.start)
    for t in out:
        t.units.sort(key=lambda a: a.order)
    return out


def _prefixes(path: str) -> list[str]:
    """``A.1.1.1`` → ``["A", "A.1", "A.1.1"]``; ``B1.3`` → ``["B1"]``."""
    parts = path.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def build_plan_table(store: GraphStore, plan_id: str, *, stored: dict[str, Task] | None = None) -> PlanTable:
    """A plan's rows: its annexed table's rows when it has one (that IS the plan's
    own 任务分工表), else its body tasks; safeguard rows only when they name units.

    Cells are rendered from the stored structure (heading number, title end, clause
    spans), never by reading numbering or clauses off the text again. ``stored`` is the
    store's tasks by id, when the caller already read them."""
    plan = _plan_or_error(store, plan_id)
    tasks = _tasks_in_order(store, plan_id, stored if stored is not None else _stored_tasks(store, plan_id))
    from_annex = any(t.kind == ANNEX_KIND for t in tasks)
    family = [t for t in tasks if (t.kind == ANNEX_KIND if from_annex else t.kind in BODY_KINDS)]
    by_path = {t.path: t for t in family}
    parents = {p for t in family for p in _prefixes(t.path)}
    chosen = [
        t
        for t in family
        if (t.path not in parents and (t.kind != "safeguard" or t.units)) or (t.path in parents and t.units)
    ]
    ancestors = {t.id: [by_path[p] for p in _prefixes(t.path) if p in by_path] for t in chosen}
    columns = max([1, *(len(ancestors[t.id]) + _has_heading_cell(t) for t in chosen)])
    # 完成时限 is the deadline the text prints for the row (its bracket, its table cell), never
    # the plan's period end: a task whose text prints none has none (the cover gives the period).
    rows = []
    for t in chosen:
        heads: list[Heading | None] = [Heading(a.id, _heading_label(a)) for a in ancestors[t.id]]
        own_heading = len(heads) < columns
        children = [c for c in family if t.path in _prefixes(c.path)] if t.path in parents else []
        text = _measure(t, children, own_heading)
        text = _strip_repeated_headings(text, [_heading_label(a) for a in ancestors[t.id]])
        if own_heading:
            heads.append(Heading(t.id, _heading_label(t), own=True))
        heads.extend([None] * (columns - len(heads)))
        units: list[UnitCell] = []
        for a in t.units:
            if a.unit not in {u.name for u in units}:
                units.append(UnitCell(a.unit, a.role or "responsible"))
        rows.append(TableRow(t.id, t.path, t.kind, tuple(heads), text, tuple(units), t.deadline or ""))
    roles_known = any(u.role in ("lead", "support") for r in rows for u in r.units)
    return PlanTable(plan, tuple(rows), columns, roles_known, from_annex)


# -- text -----------------------------------------------------------------
def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tidy_text(text: str) -> str:
    """Join the lines of a wrapped paragraph or table cell: a line break between
    two Chinese characters disappears, elsewhere it becomes one space."""
    lines = [ln.strip() for ln in text.replace("\r", "\n").split("\n")]
    out = ""
    for line in (ln for ln in lines if ln):
        if out and not (_is_wide(out[-1]) or _is_wide(line[0])):
            out += " "
        out += line
    return re.sub(r"[ \t]{2,}", " ", out)


def _tidy_label(text: str) -> str:
    """A heading cell: every space between Chinese characters goes (``知 识 产 权``)."""
    text = _tidy_text(text)
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)


def _depth_number(path: str) -> str:
    """The printed number of a heading, from its path, when it has none stored."""
    last = path.split(".")[-1]
    if last.startswith("B") and last[1:].isdigit():
        return str(_layout()["box_numbering"]).format(n=int(last[1:]))
    if not last.isdigit():
        return ""
    depth = sum(1 for p in path.split(".") if p.isdigit())
    styles = list(_layout()["numbering"])
    style = str(styles[min(depth, len(styles)) - 1])
    return style.format(n=int(last), cn=_cn_number(int(last)))


def _cn_number(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_NUM[tens - 1]) + "十" + ("" if ones == 0 else _CN_NUM[ones - 1])


def _cells(t: _TaskInfo) -> list[str]:
    """An annexed row's cells as the annex loader wrote them (one a line), the first without
    its stored number; ``[]`` when the number is a bare 序号 cell and nothing else."""
    lines = [ln.strip() for ln in t.text.split("\n") if ln.strip()]
    if lines and t.number and lines[0].startswith(t.number):
        lines[0] = lines[0][len(t.number) :].strip()
        if not lines[0]:  # a bare 序号 cell: its number alone
            lines = lines[1:]
    return lines


def _bare_seq(t: _TaskInfo) -> bool:
    """An annexed row numbered by a 序号 cell of its own (its stored number alone on the first line)."""
    first = t.text.split("\n", 1)[0].strip()
    return t.kind == ANNEX_KIND and bool(t.number) and first == t.number


def _has_heading_cell(t: _TaskInfo) -> bool:
    """An annex row that prints its title in a cell of its own beside 具体措施
    (the annex loader writes each cell of a row on its own line)."""
    if t.kind != ANNEX_KIND:
        return False
    cells = _cells(t)
    return len(cells) >= 2 and _tidy_label(cells[0]) == _tidy_label(t.title)


def _heading_label(t: _TaskInfo) -> str:
    """``一、实施知识产权保护强化工程``: the stored heading number (else one from the path)
    and title; none for a row numbered by a bare 序号 cell (序号 shows it)."""
    title = _tidy_label(t.title)
    if _bare_seq(t):
        return title
    number = _tidy_label(t.number) if t.number else _depth_number(t.path)
    if number.startswith("专栏"):
        number += " "
    return number + title


def _measure(t: _TaskInfo, children: Sequence[_TaskInfo], own_heading: bool) -> str:
    """The 具体措施 cell: the task's own words, from its stored structure.

    A body task: its text up to where its first child begins, from its title's end when the
    title went to 重点任务, without the responsibility clauses that end it — a bracket
    (（责任单位：…）) or a clause that starts a sentence or line (责任单位：… at the end) — whose
    units fill the unit columns. A clause inside the text (a bracket after one of several
    measures, 市场监管局牵头… in a sentence) is the text's own words and stays.
    An annexed row: its cells, the heading cell left out when it went to 重点任务 (its units
    are cells of their own, not in its text)."""
    if not t.sliced:
        if own_heading:
            cells = _tidy_text("\n".join(_cells(t)))
            title = _tidy_text(t.title)
            if title and cells.startswith(title):
                return cells[len(title) :].lstrip(_HEADING_END)
        return _tidy_text(t.text)
    end = len(t.text)
    for c in children:
        if c.sliced and 0 < c.span_start - t.span_start < end:
            end = c.span_start - t.span_start
    begin = t.title_end if own_heading and t.title_end is not None else 0
    for a, b in sorted(t.clauses, reverse=True):
        if a < begin or b > end or t.text[b:end].strip(_TRAILING):
            continue
        if (
            _bracketed(t.text[a:b])
            or not t.text[begin:a].rstrip(" \u3000")
            or t.text[:a].rstrip(" \u3000")[-1] in _SENTENCE_END
        ):
            end = a
    text = _tidy_text(t.text[begin:end])
    return text.lstrip(_HEADING_END) if begin else text


def _bracketed(clause: str) -> bool:
    """A clause span that is a bracket of its own (（责任单位：…）), not a sentence's words."""
    return clause[:1] in _CLAUSE_OPEN and clause[-1:] in _CLAUSE_CLOSE


def _strip_repeated_headings(text: str, labels: Sequence[str]) -> str:
    """Drop an ancestor's heading cell that a table repeats at the top of the next
    page and that extraction ran into the end of this row."""
    text = text.rstrip()
    again = True
    while again:
        again = False
        for label in labels:
            if label and text.endswith(label) and len(text) > len(label):
                text, again = text[: -len(label)].rstrip(), True
    return text


# -- writing --------------------------------------------------------------
@dataclass
class _Column:
    key: str
    header: str
    width: float
    align: str = "center"


@dataclass
class _Grid:
    """A data sheet before styling: values and merges, data rows 0-based."""

    name: str
    title: str
    info: str
    columns: list[_Column]
    header_spans: list[tuple[int, int]] = field(default_factory=list)
    rows: list[list[str | int]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _fonts() -> dict[str, Any]:
    return dict(_layout()["fonts"])


def _safe_value(value: str | int) -> tuple[str | int, bool]:
    """The value to store and whether it must be marked as literal text."""
    if isinstance(value, int):
        return value, False
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return text, text.startswith(_FORMULA_START)


def _put(ws: Worksheet, row: int, col: int, value: str | int) -> Any:
    """Write a cell; text that looks like a formula stays text (string type plus
    Excel's quote prefix, so editing the cell does not turn it into one either)."""
    safe, literal = _safe_value(value)
    cell = ws.cell(row=row, column=col)
    cell.value = safe
    if isinstance(safe, str):
        cell.data_type = "s"
        if literal:
            cell.quotePrefix = True
    return cell


def _text_px(text: str, size: float) -> float:
    """Rendered width in pixels, roughly: a Chinese character is one em, Latin half."""
    em = size * 96 / 72
    return sum(em if _is_wide(ch) else em * 0.55 for ch in text)


def _lines_needed(text: str, width_units: float, size: float) -> int:
    usable = max(10.0, (width_units * 7.0 + 5 - 8) * 0.95)  # Excel: 7 px a unit + 5; cell padding
    return sum(max(1, math.ceil(_text_px(part, size) / usable)) for part in str(text).split("\n"))


def _line_height(size: float) -> float:
    """Points a wrapped line takes: SimSun in Excel needs about 1.3 em, Noto CJK
    in LibreOffice about 1.45 em; the larger keeps text from being clipped."""
    return size * 1.45


def _render(ws: Worksheet, grid: _Grid) -> None:
    """Write a data sheet: title, information line, header, rows, merges, print setup."""
    fonts = _fonts()
    body_size, header_size, title_size = (
        float(fonts["body_size"]),
        float(fonts["header_size"]),
        float(fonts["title_size"]),
    )
    title_h = _line_height(title_size) + 14
    info_h = _line_height(body_size) + 6
    header_h = _line_height(header_size) + 10
    heights = _row_heights(grid, body_size)
    breaks = _page_breaks(grid, heights, first_page=title_h + info_h + header_h, header=header_h)
    grid = _split_at_breaks(grid, breaks)
    heights = _row_heights(grid, body_size)

    ncols = len(grid.columns)
    last = get_column_letter(ncols)
    for i, col in enumerate(grid.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width

    title = _put(ws, _TITLE_ROW, 1, grid.title)
    title.font = Font(name=fonts["heading"], size=title_size, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(f"A{_TITLE_ROW}:{last}{_TITLE_ROW}")
    ws.row_dimensions[_TITLE_ROW].height = title_h
    info = _put(ws, _INFO_ROW, 1, grid.info)
    info.font = Font(name=fonts["body"], size=body_size)
    info.alignment = Alignment(horizontal="right", vertical="center")
    ws.merge_cells(f"A{_INFO_ROW}:{last}{_INFO_ROW}")
    ws.row_dimensions[_INFO_ROW].height = info_h

    header_font = Font(name=fonts["heading"], size=header_size, bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, col in enumerate(grid.columns, start=1):
        cell = _put(ws, _HEADER_ROW, i, col.header)
        cell.font, cell.alignment, cell.border = header_font, centre, _BORDER
    for c1, c2 in grid.header_spans:
        ws.merge_cells(start_row=_HEADER_ROW, start_column=c1 + 1, end_row=_HEADER_ROW, end_column=c2 + 1)
    ws.row_dimensions[_HEADER_ROW].height = header_h

    body_font = Font(name=fonts["body"], size=body_size)
    for r, values in enumerate(grid.rows):
        for c, value in enumerate(values):
            cell = _put(ws, _FIRST_DATA_ROW + r, c + 1, value)
            cell.font, cell.border = body_font, _BORDER
            cell.alignment = Alignment(horizontal=grid.columns[c].align, vertical="center", wrap_text=True)
        ws.row_dimensions[_FIRST_DATA_ROW + r].height = round(heights[r], 1)
    for r1, c1, r2, c2 in grid.merges:
        ws.merge_cells(
            start_row=_FIRST_DATA_ROW + r1,
            start_column=c1 + 1,
            end_row=_FIRST_DATA_ROW + r2,
            end_column=c2 + 1,
        )
    for b in breaks:
        ws.row_breaks.append(Break(id=_FIRST_DATA_ROW + b))

    ws.freeze_panes = f"A{_FIRST_DATA_ROW}"
    ws.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    _print_setup(ws)


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, fitted to the page width, centred, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(**_MARGINS)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _row_heights(grid: _Grid, size: float) -> list[float]:
    """Row heights (points) from the wrapped text: spreadsheets do not grow rows
    for merged cells, so every height is explicit; a merged cell's need is
    spread over the rows it spans."""
    lh = _line_height(size)
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for merge in grid.merges:
        r1, c1, r2, c2 = merge
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                covered[(r, c)] = merge
    heights = [lh + 8] * len(grid.rows)
    for r, values in enumerate(grid.rows):
        for c, value in enumerate(values):
            m = covered.get((r, c))
            if m is not None and (m[0] != m[2] or (r, c) != (m[0], m[1])):
                continue
            width = sum(grid.columns[k].width for k in range(c, (m[3] if m else c) + 1))
            heights[r] = max(heights[r], _lines_needed(str(value), width, size) * lh + 8)
    for r1, c1, r2, c2 in grid.merges:
        if r1 == r2:
            continue
        width = sum(grid.columns[k].width for k in range(c1, c2 + 1))
        need = _lines_needed(str(grid.rows[r1][c1]), width, size) * lh + 8
        have = sum(heights[r1 : r2 + 1])
        if need > have:
            extra = (need - have) / (r2 - r1 + 1)
            for r in range(r1, r2 + 1):
                heights[r] += extra
    return heights


def _page_breaks(grid: _Grid, heights: Sequence[float], first_page: float, header: float) -> list[int]:
    """Data rows (0-based) after which a printed page ends.

    A4 landscape fitted to width: the scale is the page's printable width over
    the table's width. A block (rows under one deepest merged heading) that
    does not fit moves whole to the next page when that wastes little paper
    (under a quarter of a page); otherwise it breaks between its rows and the
    next page repeats its titles (see ``_split_at_breaks``)."""
    table_px = sum(c.width * 7 + 5 for c in grid.columns)
    page_w = (_A4_LONG - _MARGINS["left"] - _MARGINS["right"]) * 96
    page_h = (_A4_SHORT - _MARGINS["top"] - _MARGINS["bottom"]) * 72 * 0.96
    scale = min(1.0, page_w / table_px)
    capacity = page_h / scale
    starts = _block_starts(grid)
    breaks: list[int] = []
    used = first_page
    r = 0
    while r < len(heights):
        end = min([s for s in starts if s > r] or [len(heights)])
        block = sum(heights[r:end])
        fresh = r == 0 or used <= header + 0.5
        if used + block <= capacity:
            used, r = used + block, end
            continue
        if not fresh and block <= capacity - header and capacity - used < _KEEP_TOGETHER * capacity:
            breaks.append(r - 1)  # the whole block moves to the next page
            used = header
            continue
        while r < end:  # a block longer than a page: break between its rows
            if used + heights[r] > capacity and not (r == 0 or used <= header + 0.5):
                breaks.append(r - 1)
                used = header
            used += heights[r]
            r += 1
    return breaks


def _block_starts(grid: _Grid) -> set[int]:
    """Rows that start a block: not inside a vertical merge of the deepest
    column that has vertical merges (the sub-task cells of a plan sheet)."""
    vertical = [m for m in grid.merges if m[2] > m[0]]
    if not vertical:
        return set(range(len(grid.rows)))
    deepest = max(m[1] for m in vertical)
    inside = {r for r1, c1, r2, _ in vertical if c1 == deepest for r in range(r1 + 1, r2 + 1)}
    return {r for r in range(len(grid.rows)) if r not in inside}


def _split_at_breaks(grid: _Grid, breaks: Sequence[int]) -> _Grid:
    """Cut vertical merges at page ends and repeat their text at the top of the
    next page, as printed 任务分工表 repeat the 重点任务 cells on each page."""
    if not breaks:
        return grid
    rows = [list(r) for r in grid.rows]
    merges: list[tuple[int, int, int, int]] = []
    for r1, c1, r2, c2 in grid.merges:
        cuts = [b for b in breaks if r1 <= b < r2]
        start = r1
        for b in [*cuts, r2]:
            if start > r1:
                rows[start][c1] = rows[r1][c1]
            if b > start or c2 > c1:
                merges.append((start, c1, b, c2))
            start = b + 1
    return _Grid(grid.name, grid.title, grid.info, grid.columns, grid.header_spans, rows, merges)


def _runs(keys: Sequence[object]) -> Iterable[tuple[int, int]]:
    """(first, last) index of each run of equal, non-None consecutive keys longer than one."""
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if keys[start] is not None and i - 1 > start:
                yield start, i - 1
            start = i


def _sheet_name(text: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "", text).strip() or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name in taken:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _period(plan: Plan) -> str:
    if plan.period_start and plan.period_end:
        return f"{plan.period_start}—{plan.period_end}年"
    if plan.period_end:
        return f"至{plan.period_end}年"
    return ""


def _unit_columns(roles_known: bool) -> list[_Column]:
    if roles_known:
        return [
            _Column("lead", _header("lead"), _width("lead")),
            _Column("support", _header("support"), _width("support")),
        ]
    return [_Column("responsible", _header("responsible"), _width("responsible"))]


def _plan_grid(table: PlanTable, name: str) -> _Grid:
    plan = table.plan
    n = table.heading_columns
    columns = [_Column("seq", _header("seq"), _width("seq"))]
    columns += [_Column("task", _header("task"), _width("task")) for _ in range(n)]
    columns.append(_Column("measure", _header("measure"), _width("measure"), align="left"))
    columns += _unit_columns(table.roles_known)
    columns.append(_Column("deadline", _header("deadline"), _width("deadline")))
    info = "　　".join(
        x
        for x in (f"文号：{plan.doc_no}" if plan.doc_no else "", f"规划期：{_period(plan)}" if _period(plan) else "")
        if x
    )
    grid = _Grid(name, f"{plan.title}{_layout()['sheet_suffix']}", info, columns)
    if n > 1:
        grid.header_spans.append((1, n))
    first_unit_col = 2 + n
    for i, row in enumerate(table.rows):
        values: list[str | int] = [i + 1]
        values += [h.label if h else "" for h in row.headings]
        values.append(row.measure)
        if table.roles_known:
            lead, support = row.names("lead"), row.names("support")
            if lead or support:
                values += ["、".join(lead), "、".join(support + row.names("responsible"))]
            else:
                values += ["、".join(row.names()), ""]
                grid.merges.append((i, first_unit_col, i, first_unit_col + 1))
        else:
            values.append("、".join(row.names()))
        values.append(row.deadline)
        grid.rows.append(values)
        own = [k for k, h in enumerate(row.headings) if h is not None and h.own]
        filled = max((k for k, h in enumerate(row.headings) if h is not None), default=-1)
        if own and own[0] == filled and filled < n - 1:
            grid.merges.append((i, 1 + filled, i, n))
    for k in range(n):
        keys = [(h.task_id if h is not None and not h.own else None) for h in (r.headings[k] for r in table.rows)]
        grid.merges.extend((r1, 1 + k, r2, 1 + k) for r1, r2 in _runs(keys))
    return grid


def _role_text(rows: Sequence[Assignment]) -> str:
    roles = dict(_layout()["roles"])
    out: list[str] = []
    for a in rows:
        role = str(roles.get(a.role or "responsible", a.role))
        text = str(_layout()["via_group"]).format(role=role, group=a.via_group) if a.via_group else role
        if text not in out:
            out.append(text)
    return "；".join(out)


def _cover(ws: Worksheet, title: str, plans: Sequence[tuple[Plan, str]], notes: Sequence[str], now: datetime) -> None:
    """The 封面/说明 sheet: what the workbook is, its sources and when it was made."""
    cover = _layout()["cover"]
    fonts = _fonts()
    headers = [str(h) for h in cover["columns"]]
    last = get_column_letter(len(headers))
    for i, w in enumerate(cover["widths"], start=1):
        ws.column_dimensions[get_column_letter(i)].width = float(w)
    cell = _put(ws, 1, 1, title)
    cell.font = Font(name=fonts["heading"], size=float(fonts["title_size"]), bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 40
    cell = _put(ws, 2, 1, str(cover["generated"]).format(time=now.strftime("%Y-%m-%d %H:%M")))
    cell.font = Font(name=fonts["body"], size=float(fonts["body_size"]))
    cell.alignment = Alignment(horizontal="right")
    ws.merge_cells(f"A2:{last}2")
    header_font = Font(name=fonts["heading"], size=float(fonts["header_size"]), bold=True)
    body_font = Font(name=fonts["body"], size=float(fonts["body_size"]))
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, h in enumerate(headers, start=1):
        cell = _put(ws, 4, i, h)
        cell.font, cell.alignment, cell.border = header_font, centre, _BORDER
    for r, (plan, sheet) in enumerate(plans, start=5):
        values: list[str | int] = [
            r - 4,
            plan.title,
            plan.doc_no or "",
            plan.issued_on or "",
            _period(plan),
            plan.source,
            sheet,
        ]
        lines = 1
        for i, v in enumerate(values, start=1):
            cell = _put(ws, r, i, v)
            cell.font, cell.border = body_font, _BORDER
            cell.alignment = Alignment(horizontal="left" if i == 2 else "center", vertical="center", wrap_text=True)
            lines = max(lines, _lines_needed(str(v), float(cover["widths"][i - 1]), float(fonts["body_size"])))
        ws.row_dimensions[r].height = lines * _line_height(float(fonts["body_size"])) + 8
    row = 6 + len(plans)
    cell = _put(ws, row, 1, str(cover["notes_title"]))
    cell.font = header_font
    for i, note in enumerate(notes, start=1):
        cell = _put(ws, row + i, 1, f"{i}. {note}")
        cell.font = body_font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row + i, start_column=1, end_row=row + i, end_column=len(headers))
        width = sum(float(w) for w in cover["widths"])
        size = float(fonts["body_size"])
        ws.row_dimensions[row + i].height = _lines_needed(note, width, size) * _line_height(size) + 6
    _print_setup(ws)
    ws.page_setup.fitToHeight = 1


def _workbook_bytes(wb: Workbook, now: datetime) -> bytes:
    wb.properties.creator = "plankg"
    wb.properties.created = now
    wb.properties.modified = now
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def plan_table_xlsx(store: GraphStore, plan_ids: list[str], *, now: datetime | None = None) -> bytes:
    """The 任务分工表 of each plan, one sheet per plan, behind a cover sheet."""
    if not plan_ids:
        raise PlankgError("no plan given for the 任务分工表")
    now = now or datetime.now()
    stored = _stored_tasks(store)
    tables = [build_plan_table(store, pid, stored=stored) for pid in plan_ids]
    taken: set[str] = set()
    wb = Workbook()
    cover = wb.active
    cover.title = _sheet_name(str(_layout()["cover_sheet"]), taken)
    listed: list[tuple[Plan, str]] = []
    for table in tables:
        name = _sheet_name(table.plan.title, taken)
        _render(wb.create_sheet(name), _plan_grid(table, name))
        listed.append((table.plan, name))
    title = (
        f"{tables[0].plan.title}{_layout()['sheet_suffix']}" if len(tables) == 1 else str(_layout()["cover"]["title"])
    )
    _cover(cover, title, listed, [str(n) for n in _layout()["cover"]["notes"]], now)
    return _workbook_bytes(wb, now)


def unit_table_xlsx(
    store: GraphStore,
    unit_ids: list[str],
    title: str | None = None,
    *,
    plan_ids: list[str] | None = None,
    now: datetime | None = None,
) -> bytes:
    """One bureau's tasks across plans (directly and through its groups, marked),
    on one sheet, with each plan's row chosen as in the plan's own table."""
    if not unit_ids:
        raise PlankgError("no unit given for the 任务清单")
    known = {u.id: u for u in queries.list_units(store)}
    missing = [uid for uid in unit_ids if uid not in known]
    if missing:
        raise PlankgError(f"no unit with id {missing[0]!r}")
    names = [known[uid].name for uid in unit_ids]
    now = now or datetime.now()
    by_task: dict[str, list[Assignment]] = {}
    plan_order: list[str] = []
    held: list[Assignment] = []
    for a in queries.tasks_of_units(store, unit_ids, via_groups=True):
        if plan_ids is not None and a.plan_id not in plan_ids:
            continue
        held.append(a)
        by_task.setdefault(a.task_id, []).append(a)
        if a.plan_id not in plan_order:
            plan_order.append(a.plan_id)
    sheet_title = title or "、".join(names) + str(_layout()["unit_sheet_suffix"])
    columns = [
        _Column("seq", _header("seq"), _width("seq")),
        _Column("plan", _header("plan"), _width("plan")),
        _Column("task", _header("task"), _width("task") + 4),
        _Column("measure", _header("measure"), _width("measure") - 8, align="left"),
        _Column("role", _header("role"), _width("role")),
        _Column("others", _header("others"), _width("others")),
        _Column("deadline", _header("deadline"), _width("deadline")),
    ]
    taken: set[str] = set()
    wb = Workbook()
    cover = wb.active
    cover.title = _sheet_name(str(_layout()["cover_sheet"]), taken)
    name = _sheet_name(sheet_title, taken)
    grid = _Grid(name, sheet_title, "", columns)
    plan_keys: list[object] = []
    task_keys: list[object] = []
    listed: list[tuple[Plan, str]] = []
    stored = _stored_tasks(store) if plan_order else {}
    for pid in plan_order:
        table = build_plan_table(store, pid, stored=stored)
        rows = [r for r in table.rows if r.task_id in by_task]
        if not rows:
            continue
        listed.append((table.plan, name))
        for row in rows:
            mine = by_task[row.task_id]
            groups = {a.via_group for a in mine if a.via_group}
            others = [n for n in row.names() if n not in names and n not in groups]
            heading = "\n".join(h.label for h in row.headings if h is not None)
            grid.rows.append(
                [
                    len(grid.rows) + 1,
                    table.plan.title,
                    heading,
                    row.measure,
                    _role_text(mine),
                    "、".join(others),
                    row.deadline,
                ]
            )
            plan_keys.append(pid)
            task_keys.append((pid, tuple(h.task_id for h in row.headings if h is not None)))
    # the count is graph.queries.workload's, the same the app, the csv and the CLI give
    load = queries.workload(held)
    grid.info = f"涉及规划 {load.plans} 个，任务 {load.total} 项" + (
        f"（其中经由工作小组 {load.via_group} 项）" if load.via_group else ""
    )
    if len(grid.rows) != load.total:
        grid.info += f"；表中 {len(grid.rows)} 行：附有任务分工表的规划按附表逐行列出，正文任务不另列"
    grid.merges.extend((r1, 1, r2, 1) for r1, r2 in _runs(plan_keys))
    task_keys = [k if isinstance(k, tuple) and k[1] else None for k in task_keys]
    grid.merges.extend((r1, 2, r2, 2) for r1, r2 in _runs(task_keys))
    _render(wb.create_sheet(name), grid)
    layout_cover = _layout()["cover"]
    notes = [str(n) for n in [*layout_cover["notes"], *layout_cover["unit_notes"]]]
    _cover(cover, sheet_title, listed, notes, now)
    return _workbook_bytes(wb, now)
