"""Tabular exports with the contract's stable columns (UTF-8, header first).

Columns are fixed by the product contract; exporters only fill them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from graph.model import Plan
from graph.rows import Assignment, IndicatorRow

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "BOM",
    "COLUMN_SETS",
    "HEADERS_ZH",
    "INDICATOR_COLUMNS",
    "PLAN_COLUMNS",
    "assignment_rows",
    "csv_document",
    "indicator_rows",
    "plan_rows",
    "safe_cell",
    "to_csv",
]

PLAN_COLUMNS = (
    "source",
    "plan_id",
    "title",
    "kind",
    "issuer",
    "doc_no",
    "issued_on",
    "period_start",
    "period_end",
    "region",
    "level",
    "cites",
)
ASSIGNMENT_COLUMNS = (
    "source",
    "plan_title",
    "path",
    "kind",
    "title",
    "unit",
    "unit_short",
    "unit_region",
    "role",
    "order",
    "via_group",
    "quote",
    "deadline_text",
    "due_date",
)
INDICATOR_COLUMNS = (
    "source",
    "plan_title",
    "name",
    "metric",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
    "comparator",
    "measure_unit",
    "nature",
    "flag",
)


def plan_rows(plans: Sequence[Plan]) -> list[tuple[object, ...]]:
    """One row per loaded plan (stubs are not exported: they have no source)."""
    return [
        (
            p.source,
            p.id,
            p.title,
            p.kind,
            p.issuer,
            p.doc_no,
            p.issued_on,
            p.period_start,
            p.period_end,
            p.region,
            p.level,
            "|".join(p.cites),
        )
        for p in plans
        if not p.stub
    ]


def assignment_rows(rows: Sequence[Assignment]) -> list[tuple[object, ...]]:
    """One row per task × unit; ``order`` is 1-based, empty for a task with no unit."""
    return [
        (
            r.source,
            r.plan_title,
            r.path,
            r.kind,
            r.title,
            r.unit,
            r.unit_short,
            r.unit_region,
            r.role,
            r.order if r.unit_short else "",
            r.via_group,
            r.quote,
            r.deadline,
            r.due_date,
        )
        for r in rows
    ]


def indicator_rows(rows: Sequence[IndicatorRow]) -> list[tuple[object, ...]]:
    """One row per indicator."""
    return [
        (
            r.source,
            r.plan_title,
            r.name,
            r.metric,
            r.baseline,
            r.baseline_year,
            r.target,
            r.target_year,
            r.comparator,
            r.measure_unit,
            r.nature,
            r.flag,
        )
        for r in rows
    ]


def to_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The contract's csv: header first, ``\\n`` line ends, ``None`` as empty.

    One writer for the CLI and the app, so a file downloaded from either reads the same.

    A text cell that a spreadsheet would run as a formula (it starts with ``=`` ``+`` ``-``
    ``@``, a tab or a carriage return) gets a leading ``'`` (OWASP's CSV-injection rule), so
    a unit name or quote crafted as ``=HYPERLINK(…)`` opens as text; numbers stay numbers.

    >>> to_csv(("a", "b"), [(1, None), ("x,y", "")])
    'a,b\\n1,\\n"x,y",\\n'
    >>> to_csv(("a", "b"), [("=1+2", "@SUM(A1)"), ("-x", -3)])
    "a,b\\n'=1+2,'@SUM(A1)\\n'-x,-3\\n"
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in r] for r in rows)
    return buf.getvalue()


#: What a spreadsheet reads as the start of a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A csv cell as written: ``None`` empty; text a spreadsheet would run as a formula
    prefixed with ``'``; anything else as it is.

    >>> [safe_cell(v) for v in (None, "=cmd|' /C calc'!A0", "\\t1", "\\r", "市场监管局", 2.5, "3-5")]
    ['', "'=cmd|' /C calc'!A0", "'\\t1", "'\\r", '市场监管局', 2.5, '3-5']
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# -- csv for people: UTF-8 with a BOM and Chinese headers (Excel opens it right) ---------

#: The byte-order mark Excel needs to read a csv as UTF-8 instead of the ANSI code page.
BOM = "\ufeff"
#: ``zh`` (the default for files people open): Chinese headers, codes shown as labels, a BOM;
#: ``contract``: the contract's English columns and codes, no BOM — for other programs.
COLUMN_SETS = ("zh", "contract")
#: The Chinese header of every contract column (the same words the app and workbooks use).
HEADERS_ZH: dict[str, str] = {
    "source": "来源文件",
    "plan_id": "规划标识",
    "title": "标题",
    "plan_title": "所属规划",
    "kind": "类型",
    "issuer": "发文机关",
    "doc_no": "文号",
    "issued_on": "印发日期",
    "period_start": "规划期起",
    "period_end": "规划期止",
    "region": "地区",
    "level": "层级",
    "cites": "依据文件",
    "path": "编号",
    "unit": "责任单位",
    "unit_short": "原文写法",
    "unit_region": "单位所属地区",
    "role": "角色",
    "order": "顺位",
    "via_group": "通过小组",
    "quote": "任务原文",
    "deadline_text": "完成时限",
    "due_date": "截止日期",
    "name": "指标名称",
    "metric": "指标",
    "baseline": "基期值",
    "baseline_year": "基期年",
    "target": "目标值",
    "target_year": "目标年",
    "comparator": "比较",
    "measure_unit": "计量单位",
    "nature": "指标属性",
    "flag": "存疑说明",
}


def _zh_value(column: str, value: object, header: Sequence[str]) -> object:
    """A code shown as its Chinese label (role, kind, level, comparator), as the app shows it."""
    from graph.labels import COMPARATOR_LABELS, KIND_LABELS, LEVEL_LABELS, ROLE_LABELS, label

    if not isinstance(value, str) or not value:
        return value
    if column == "role":
        return label(ROLE_LABELS, value)
    if column == "kind" and "path" in header:  # a task's kind; a plan's kind is Chinese already
        return label(KIND_LABELS, value)
    if column == "level":
        return label(LEVEL_LABELS, value)
    if column == "comparator":
        return label(COMPARATOR_LABELS, value) or value
    return value


def csv_document(
    header: Sequence[str], rows: Sequence[Sequence[object]], columns: str = "zh", zh_header: Sequence[str] | None = None
) -> bytes:
    """The csv file a person downloads: ``zh`` — a UTF-8 BOM, Chinese headers and labels
    (Excel opens it as UTF-8 with the right headers); ``contract`` — exactly :func:`to_csv`'s
    contract columns and codes, UTF-8 without BOM. One writer for the CLI and the app.
    ``zh_header`` overrides :data:`HEADERS_ZH` for a table of its own columns.

    >>> csv_document(("path", "role"), [("2.1.1", "lead")]).decode("utf-8")
    '\\ufeff编号,角色\\n2.1.1,牵头\\n'
    >>> csv_document(("path", "role"), [("2.1.1", "lead")], "contract")
    b'path,role\\n2.1.1,lead\\n'
    """
    if columns == "contract":
        return to_csv(header, rows).encode("utf-8")
    if columns != "zh":
        raise ValueError(f"columns must be one of {COLUMN_SETS}, not {columns!r}")
    zh_header = list(zh_header) if zh_header is not None else [HEADERS_ZH.get(h, h) for h in header]
    zh_rows = [[_zh_value(h, v, header) for h, v in zip(header, r, strict=True)] for r in rows]
    return (BOM + to_csv(zh_header, zh_rows)).encode("utf-8")
