"""A task table a web page ran into one line, cells glued without separators.

Copied from a CMS page, an annexed 重点任务清单 often arrives as one line:
``序号名称类型具体内容责任部门1重要指示…评估机制机制完善落实…五项措施。各处室按职责分工负责2推进包保机制…``.
There is no cell boundary to read, but the shape is regular: a header of column names that
ends with the units column (责任部门/责任单位/牵头单位/实施单位 …), then rows numbered 1, 2, 3 …
in order, each ending with its units cell — the text after the row's last 。 or ；, which the
responsibility grammar (``loaders.duties.cell_items``) reads as units (``各处室按职责分工负责``,
``交通与建设处、农业农村处负责``, ``政法综治处``). A row ends where the next number follows such a
units cell; the table ends at the line's end (or the page's 来源： furniture).

Only tried when a document has no annex table of the regular, one-cell-per-line kind.
Every scan is bounded: a row is at most ``_MAX_ROW`` characters, a units cell ``_MAX_CELL``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.model import Span
from loaders.duties import ClauseItem, cell_items

__all__ = ["GluedRow", "glued_rows"]

#: The header: 序号, column names (no punctuation that ends a sentence), the units column last
#: (a 完成时限 column may follow it).
_HEADER = re.compile(
    r"序号(?P<cols>[^。，；;\n]{0,60}?)"
    r"(?P<units>组织实施单位|责任单位|责任部门|牵头单位|实施单位|责任主体|承办单位|主责单位)"
    r"(?P<deadline>完成时限|完成时间|时间节点)?"
)
_MAX_ROW = 1500
_MAX_CELL = 40
#: Page furniture that ends a table run into the page's last line.
_TABLE_END = re.compile(r"来源[：:]|附件下载|\n")


@dataclass(frozen=True)
class GluedRow:
    """One row: its printed number, its text (after the number), span, and units cell."""

    number: int
    text: str
    span: Span
    cell: str
    cell_start: int
    units: tuple[ClauseItem, ...]  # spans in the cell


def glued_rows(text: str) -> Iterator[list[GluedRow]]:
    """Every glued table of ``text``: its rows in order (at least two)."""
    for header in _HEADER.finditer(text):
        stop = _TABLE_END.search(text, header.end())
        end = stop.start() if stop else len(text)
        rows = _rows(text, header.end(), end)
        if len(rows) >= 2:
            yield rows


def _rows(text: str, start: int, end: int) -> list[GluedRow]:
    rows: list[GluedRow] = []
    pos = start
    number = 1
    if not text.startswith("1", pos) or text[pos + 1 : pos + 2].isdigit():
        return rows
    while pos < end:
        body = pos + len(str(number))
        nxt = str(number + 1)
        found = None
        at = text.find(nxt, body, min(end, body + _MAX_ROW))
        while at >= 0:
            if not text[at + len(nxt) : at + len(nxt) + 1].isdigit() and not text[at - 1].isdigit():
                row = _row(text, number, pos, body, at)
                if row is not None:
                    found = row
                    break
            at = text.find(nxt, at + 1, min(end, body + _MAX_ROW))
        if found is None:  # the last row runs to the table's end
            last = _row(text, number, pos, body, end)
            if last is not None:
                rows.append(last)
            break
        rows.append(found)
        pos = found.span.end
        number += 1
    return rows


def _row(text: str, number: int, start: int, body: int, end: int) -> GluedRow | None:
    """The row ``text[body:end]`` when it ends with a units cell, else None."""
    content = text[body:end].rstrip()
    if len(content) < 4:
        return None
    cut = max(content.rfind("。"), content.rfind("；"), content.rfind(";"))
    cell_at = cut + 1
    while cell_at < len(content) and (content[cell_at].isdigit() or content[cell_at] in " .，,"):
        cell_at += 1  # 75003600区社会事业局: the amount columns glued before the units
    cell = content[cell_at:]
    if not cell or len(cell) > _MAX_CELL:
        return None
    units = cell_items(cell)
    if not units:
        return None
    return GluedRow(number, content, Span(start, body + len(content)), cell, body + cell_at, tuple(units))
