"""A task table a web page ran into one line, cells glued without separators.

Copied from a CMS page, an annexed 重点任务清单 often arrives as one line:
``序号名称类型具体内容责任部门1重要指示…评估机制机制完善落实…五项措施。各处室按职责分工负责2推进包保机制…``.
There is no cell boundary to read, but the shape is regular: a header of column names that
ends with the units column (责任部门/责任单位/牵头单位/实施单位 …), then rows numbered 1, 2, 3 …
in order, each ending with its units cell — the text after the row's last 。 or ；, which the
responsibility grammar (``loaders.duties.cell_items``) reads as units (``各处室按职责分工负责``,
``交通与建设处、农业农村处负责``, ``政法综治处``). A row ends where the next number follows such a
units cell; the table ends at the line's end (or the page's 来源： furniture).

The other layout prints the unit first (职责分工表 序号部门主要职责分工1区交通建设局牵头开展…2区市场监管局
牵头…): a row opens with its number and a unit list the grammar reads (with its verb: 牵头 lead,
配合 support), and ends where the next number opens the same way.

Only tried when a document has no annex table of the regular, one-cell-per-line kind.
Every scan is bounded: a row is at most ``_MAX_ROW`` characters, a units cell ``_MAX_CELL``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from graph.model import Span
from loaders.duties import ClauseItem, cell_items, role_verbs, unit_last_characters

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
_MAX_UNIT = 20  # a unit printed before its duties
_MAX_TRIES = 8  # places a row's next number is tried at
#: Page furniture that ends a table run into the page's last line.
#: (A line break alone does not end it: the cleaning stage breaks a run-in page before every
#: 1. it finds, the items inside a row's cell too; a note ends it: …区交通建设局备注：…)
_TABLE_END = re.compile(r"来源[：:]|相关文件[：:]|附件下载|备注[：:]|\n(?:附件|注[：:])|\n\n")
#: The other common layout: the unit first, then its duties (职责分工表: 序号部门主要职责分工1区交通建设局牵头…).
_UNIT_FIRST = re.compile(
    r"序号(?:责任单位|责任部门|单位名称|部门名称|单位|部门)(?:主要职责分工|职责分工|主要职责|工作职责|主要任务|工作任务|职责)"
)


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
    for header in _UNIT_FIRST.finditer(text):
        stop = _TABLE_END.search(text, header.end())
        rows = _unit_first_rows(text, header.end(), stop.start() if stop else len(text))
        if len(rows) >= 2:
            yield rows


def _unit_first_rows(text: str, start: int, end: int) -> list[GluedRow]:
    """Rows ``N<unit><duties>``: a row ends where the next number opens with a named unit."""
    rows: list[GluedRow] = []
    pos, number = start, 1
    opened = _opening(text, pos, number)
    while opened is not None:
        body, (items, cell_end) = opened
        nxt = None
        at = text.find(str(number + 1), cell_end, min(end, cell_end + _MAX_ROW))
        tries = 0  # bounded: a row's text holding the next number many times is read a few times only
        while at >= 0 and nxt is None and tries < _MAX_TRIES:
            if not text[at - 1].isdigit():
                tries += 1
                nxt = _opening(text, at, number + 1)
            if nxt is None:
                at = text.find(str(number + 1), at + 1, min(end, cell_end + _MAX_ROW))
        row_end = at if nxt is not None else end
        duties = text[cell_end:row_end].strip()
        role = next((r for word, r in role_verbs().items() if r != "responsible" and duties.startswith(word)), None)
        units = tuple(replace(i, role=role) if role else i for i in items)
        shifted = tuple(replace(u, span=Span(u.span.start - body, u.span.end - body)) for u in units)
        cell = text[body:cell_end]
        rows.append(GluedRow(number, duties, Span(pos, body + len(text[body:row_end].rstrip())), cell, body, shifted))
        if nxt is None:
            break
        pos, number, opened = at, number + 1, nxt
    return rows


def _opening(text: str, at: int, number: int) -> tuple[int, tuple[list[ClauseItem], int]] | None:
    """``number`` printed at ``at`` and followed by named units: (where they start, (units, end))."""
    if not text.startswith(str(number), at) or text[at + len(str(number)) : at + len(str(number)) + 1].isdigit():
        return None
    body = at + len(str(number))
    last = unit_last_characters()
    verbs = tuple(v for v in role_verbs() if len(v) > 1)  # no unit name holds one (区财政金融局会同…)
    for end in range(min(len(text), body + _MAX_UNIT), body + 1, -1):  # the longest unit list first
        if text[end : end + 1] in "、，,（(" or not (text[end - 1] in last or text.endswith(verbs, body, end)):
            continue
        items = cell_items(text[body:end])
        if items and all(i.span.end - i.span.start >= 3 and not any(v in i.text for v in verbs) for i in items):
            return body, ([replace(i, span=Span(body + i.span.start, body + i.span.end)) for i in items], end)
    return None


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
