"""The 督查督办台账 as a workbook (and csv), and its import back into the ledger.

The sheet is what supervision offices print and hand round: 序号 | 任务 | 牵头单位 | 配合单位 |
(填报单位) | 完成时限 | 进展情况 | 存在问题 | 下步打算 | 状态 | 更新时间, written with the
任务分工表's own layout code (``graph.xlsx_export``: fonts, borders, wrapped row heights, A4
landscape page breaks that repeat merged cells, cover sheet). One row per task × reporting unit;
the task's cells are merged over its units' rows. 填报单位 is shown on a plan's or the overdue
台账 (several units report on one task); a bureau's own 台账 leaves it out (the title names it).

For the way back, each data row carries a hidden 行标识 (``<identity key>|<unit id>``), and a
hidden sheet ``_plankg`` records what was exported (which task id each row was, and its four
editable cells). :func:`import_ledger_xlsx` reads a bureau's filled-in copy: a row whose cells
differ from what was exported becomes a new progress record (all of them in one transaction);
a row whose task has changed since (a new version of the plan) is imported and reported; a row
without a known id is reported with its text and not imported; anything that is not such a
workbook, or a cell that cannot be right (an unknown 状态), is one clear line and changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from graph import xlsx_export as layout
from graph.exports import to_csv
from graph.ledger import STATUSES, Ledger, LedgerError, LedgerRow, ProgressRecord
from graph.model import Plan

__all__ = [
    "MARKER",
    "ImportReport",
    "import_ledger_xlsx",
    "ledger_csv",
    "ledger_xlsx",
]

MARKER = "plankg 督查督办台账"
_META_SHEET = "_plankg"
_FORMAT = "1"
ID_HEADER = "行标识"
#: (key, header, width, align) of each column; "unit" only on a plan's / the overdue 台账.
_COLUMNS = (
    ("seq", "序号", 6, "center"),
    ("task", "任务", 46, "left"),
    ("lead", "牵头单位", 18, "center"),
    ("support", "配合单位", 18, "center"),
    ("unit", "填报单位", 16, "center"),
    ("deadline", "完成时限", 12, "center"),
    ("note", "进展情况", 34, "left"),
    ("problems", "存在问题", 22, "left"),
    ("next_steps", "下步打算", 22, "left"),
    ("status", "状态", 9, "center"),
    ("updated", "更新时间", 12, "center"),
    ("id", ID_HEADER, 10, "center"),
)
EDITABLE = {"note": "进展情况", "problems": "存在问题", "next_steps": "下步打算", "status": "状态"}
_FILLS = {"red": "F4C7C3", "yellow": "FCE8B2", "green": "B7E1CD", "grey": "E7E6E6"}
_NO_UNIT = "（未明确）"
_NOTES = (
    "本台账由 plankg 根据规划原文和各单位报送的进展自动生成；每项任务按责任单位分行填报。",
    "“状态”填写 未启动、推进中、已完成、滞后、暂缓 之一。",
    "“状态”单元格底色为督办灯：红=逾期，黄=30 天内到期或进度滞后，绿=正常推进，灰=无完成时限或暂缓。",
    "填报单位请只修改“进展情况”“存在问题”“下步打算”“状态”四列，不要增删行、不要修改隐藏的“行标识”列；填好后交回牵头汇总部门导入。",
    "完成时限为规划原文载明的期限；原文未载明的留空。",
)


def _unit_name(r: LedgerRow) -> str:
    return r.unit or _NO_UNIT


def _task_cell(r: LedgerRow) -> str:
    return "\n".join(x for x in (r.heading, r.task) if x)


def _columns(with_unit: bool) -> list[tuple[str, str, float, str]]:
    return [c for c in _COLUMNS if with_unit or c[0] != "unit"]


def _values(r: LedgerRow, keys: Sequence[str], seq: int) -> list[str | int]:
    cells: dict[str, str | int] = {
        "seq": seq,
        "task": _task_cell(r),
        "lead": "、".join(r.leads),
        "support": "、".join(r.supports),
        "unit": _unit_name(r) + (f"（经{r.via_group}）" if r.via_group else ""),
        "deadline": r.deadline,
        "note": r.note,
        "problems": r.problems,
        "next_steps": r.next_steps,
        "status": r.status,
        "updated": (r.updated_at or "")[:10],
        "id": r.row_id,
    }
    return [cells[k] for k in keys]


def ledger_xlsx(
    rows: Sequence[LedgerRow],
    title: str,
    *,
    plans: Sequence[Plan] = (),
    with_unit: bool = True,
    now: datetime | None = None,
) -> bytes:
    """The 台账 workbook of ``rows`` (from :meth:`graph.ledger.Ledger.rows`): a cover sheet, one
    data sheet, and the hidden ``_plankg`` sheet the import reads."""
    now = now or datetime.now()
    cols = _columns(with_unit)
    keys = [c[0] for c in cols]
    wb = Workbook()
    cover = wb.active
    taken: set[str] = set()
    cover.title = layout._sheet_name("封面说明", taken)
    name = layout._sheet_name(title, taken)
    grid = layout._Grid(name, title, "", [layout._Column(k, h, w, a) for k, h, w, a in cols])
    task_of_row: list[object] = []
    seq = 0
    for i, r in enumerate(rows):
        if i == 0 or rows[i - 1].key != r.key:
            seq += 1
        grid.rows.append(_values(r, keys, seq))
        task_of_row.append(r.key)
    counts = {k: sum(1 for r in rows if r.light == k) for k in _FILLS}
    grid.info = (
        f"任务 {len({r.key for r in rows})} 项，填报行 {len(rows)} 行　　"
        f"红灯 {counts['red']}　黄灯 {counts['yellow']}　绿灯 {counts['green']}　灰灯 {counts['grey']}　　"
        f"导出时间：{now:%Y-%m-%d %H:%M}"
    )
    for col in ("seq", "task", "lead", "support", "deadline"):
        c = keys.index(col)
        grid.merges.extend((r1, c, r2, c) for r1, r2 in layout._runs(task_of_row))
    ws = wb.create_sheet(name)
    layout._render(ws, grid)
    _finish_sheet(ws, rows, keys)
    listed = list({p.id: (p, name) for p in plans}.values())
    layout._cover(cover, title, listed, list(_NOTES), now)
    _meta_sheet(wb, name, rows, now)
    return layout._workbook_bytes(wb, now)


def _finish_sheet(ws: Any, rows: Sequence[LedgerRow], keys: list[str]) -> None:
    """The hidden id column, the 状态 list, the lights as the 状态 cells' fill."""
    id_col = keys.index("id") + 1
    ws.column_dimensions[get_column_letter(id_col)].hidden = True
    status_col = keys.index("status") + 1
    letter = get_column_letter(status_col)
    first, last = layout._FIRST_DATA_ROW, layout._FIRST_DATA_ROW + max(len(rows), 1) - 1
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    dv.error = "状态应为：" + "、".join(STATUSES)
    dv.add(f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(dv)
    for i, r in enumerate(rows):
        cell = ws.cell(row=first + i, column=status_col)
        cell.fill = PatternFill("solid", fgColor=_FILLS.get(r.light, _FILLS["grey"]))


def _meta_sheet(wb: Workbook, data_sheet: str, rows: Sequence[LedgerRow], now: datetime) -> None:
    ws = wb.create_sheet(_META_SHEET)
    ws.append([MARKER, _FORMAT, now.isoformat(timespec="seconds"), data_sheet])
    ws.append([ID_HEADER, "task_id", *EDITABLE.values()])
    for r in rows:
        ws.append([r.row_id, r.task_id, r.note, r.problems, r.next_steps, r.status])
    ws.sheet_state = "hidden"


def ledger_csv(rows: Sequence[LedgerRow], *, with_unit: bool = True) -> str:
    """The same 台账 as csv (every column, 行标识 last; no merged cells: each row complete)."""
    cols = _columns(with_unit)
    keys = [c[0] for c in cols]
    out: list[list[str | int]] = []
    seq = 0
    for i, r in enumerate(rows):
        if i == 0 or rows[i - 1].key != r.key:
            seq += 1
        out.append(_values(r, keys, seq))
    return to_csv([c[1] for c in cols], out)


# -- import ----------------------------------------------------------------------------------------
@dataclass
class ImportReport:
    """What an import did."""

    imported: list[ProgressRecord] = field(default_factory=list)
    unchanged: int = 0
    changed_tasks: list[str] = field(default_factory=list)  # imported; the task changed since export
    unknown: list[str] = field(default_factory=list)  # not imported, with their text
    conflicts: list[str] = field(default_factory=list)  # imported; the ledger changed since export too

    def lines(self) -> list[str]:
        out = [f"导入 {len(self.imported)} 行进展，{self.unchanged} 行未改动 (imported, unchanged)"]
        out += [f"任务已调整：{x} (task changed since export)" for x in self.changed_tasks]
        out += [f"台账在导出后也有更新，已按导入内容追加：{x} (updated since export)" for x in self.conflicts]
        out += [f"未识别的行，未导入：{x} (unknown row)" for x in self.unknown]
        return out


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat()
    return str(v).replace("\r\n", "\n").strip()


def _read_workbook(data: bytes, name: str) -> Any:
    try:
        return load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise LedgerError(f"{name}: 不是可读取的 xlsx 文件 (not a readable xlsx: {type(exc).__name__})") from exc
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise LedgerError(f"{name}: 不是可读取的 xlsx 文件 (not a readable xlsx: {type(exc).__name__})") from exc


def import_ledger_xlsx(
    ledger: Ledger,
    data: bytes,
    name: str = "台账.xlsx",
    *,
    recorded_by: str = "",
    report_date: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Read a filled-in 台账 back into ``ledger`` (see the module docstring)."""
    wb = _read_workbook(data, name)
    foreign = f"{name}: 不是 plankg 导出的督查督办台账，未导入任何内容 (not a plankg ledger workbook)"
    if _META_SHEET not in wb.sheetnames:
        raise LedgerError(foreign)
    meta = wb[_META_SHEET]
    head = [_text(c.value) for c in next(meta.iter_rows(min_row=1, max_row=1))]
    if len(head) < 4 or head[0] != MARKER:
        raise LedgerError(foreign)
    if head[1] != _FORMAT:
        raise LedgerError(f"{name}: 台账格式版本 {head[1]} 不受支持，未导入 (unsupported ledger format)")
    sheet_name = head[3]
    if sheet_name not in wb.sheetnames:
        raise LedgerError(f"{name}: 找不到台账工作表“{sheet_name}”，未导入 (the data sheet is missing)")
    exported: dict[str, tuple[str, dict[str, str]]] = {}
    for row in meta.iter_rows(min_row=3, values_only=True):
        cells = [_text(v) for v in row]
        if cells and cells[0]:
            cells += [""] * (6 - len(cells))
            exported[cells[0]] = (cells[1], dict(zip(EDITABLE, cells[2:6], strict=True)))
    ws = wb[sheet_name]
    header = [_text(c.value) for c in ws[layout._HEADER_ROW]]
    where = {h: i for i, h in enumerate(header) if h}
    missing = [h for h in (*EDITABLE.values(), ID_HEADER) if h not in where]
    if missing:
        raise LedgerError(f"{name}: 台账表头缺少“{'、'.join(missing)}”，未导入 (malformed ledger: missing columns)")

    ledger.sync()
    current_keys = ledger._current_keys()
    by_key = {k: tid for tid, k in current_keys.items()}
    current = ledger.ledger_store.current_records()
    report = ImportReport()
    errors: list[str] = []
    records: list[ProgressRecord] = []
    task_col = where.get("任务")
    for n, row in enumerate(
        ws.iter_rows(min_row=layout._FIRST_DATA_ROW, values_only=True), start=layout._FIRST_DATA_ROW
    ):
        cells = [_text(v) for v in row]
        cells += [""] * (len(header) - len(cells))
        row_id = cells[where[ID_HEADER]]
        values = {k: cells[where[h]] for k, h in EDITABLE.items()}
        if not row_id:
            if any(values.values()):
                what = cells[task_col][:30] if task_col is not None else ""
                report.unknown.append(f"第 {n} 行（{what}）：{_summary(values)}")
            continue
        if row_id not in exported or "|" not in row_id:
            report.unknown.append(f"第 {n} 行（{row_id}）：{_summary(values)}")
            continue
        old_task_id, before = exported[row_id]
        if values == before:
            report.unchanged += 1
            continue
        key, unit_id = row_id.split("|", 1)
        if key not in by_key:
            report.unknown.append(f"第 {n} 行：任务已不在现行版本中 (task removed)：{_summary(values)}")
            continue
        prev = current.get((key, unit_id))
        status = values["status"] or (prev.status if prev else "")
        if status not in STATUSES:
            errors.append(f"第 {n} 行状态“{status}”无效" if status else f"第 {n} 行未填状态")
            continue
        if by_key[key] != old_task_id:
            report.changed_tasks.append(f"第 {n} 行 {old_task_id} → {by_key[key]}")
        if prev is not None and (prev.note, prev.problems, prev.next_steps, prev.status) != tuple(
            before[k] for k in EDITABLE
        ):
            report.conflicts.append(f"第 {n} 行")
        records.append(
            ledger.prepare(
                key,
                unit_id,
                status,
                note=values["note"],
                problems=values["problems"],
                next_steps=values["next_steps"],
                report_date=report_date,
                reported_by=unit_id.removeprefix("unit:"),
                recorded_by=recorded_by,
                origin=f"import:{name}",
                previous=prev,
            )
        )
    if errors:
        more = f"等 {len(errors)} 处" if len(errors) > 1 else ""
        raise LedgerError(
            f"{name}: {errors[0]}{more}，应为 {' / '.join(STATUSES)}；未导入任何内容 (invalid status, nothing imported)"
        )
    if not dry_run:
        ledger.ledger_store.append(records)
    report.imported = records
    return report


def _summary(values: dict[str, str]) -> str:
    parts = [f"{EDITABLE[k]}“{v}”" for k, v in values.items() if v]
    return "；".join(parts) or "（空）"
