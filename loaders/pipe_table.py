"""Task tables printed as Markdown pipe tables (``| 序号 | 项目名称 | … | 责任单位 |``) → rows.

Converters of web pages and Word files (the Markdown exports of policy archives) print an
annexed 项目表 / 任务分工表 as a pipe table: one row per line, cells between ``|``, a
``| --- |`` line under (or, when the converter adds an empty first row, over) the header;
a table that runs over pages goes on in the next run of rows with as many cells.
Unlike a flattened table, every cell boundary is printed, so the row is read cell by cell:

* the header is the first row whose non-empty cells are column names of
  ``data/annex_table.yaml`` (after ``<br>`` and bracketed notes such as （万元） are
  dropped), one of them a unit column (责任单位, 牵头单位, 配合单位 …);
* a row's first cell (or its 序号 cell) opens it: 一、 (rank 0), （一） (rank 1) or a bare
  number (rank 2); the path counts the printed numbers of the open ranks (``A.1.2.4``:
  numbers kept as printed, even when they run on across groups);
* a group row (一、能源基础设施) takes its title from the rest of its first cell, an item
  row from its task/measure cell; the unit cells give the mentions (role by column), the
  deadline cell the deadline.

* a row with fewer cells than the header lost the cells merged with the row above (``_aligned``):
  its trailing unit cells fill the unit columns, a row without a 序号 cell is another 工作措施 row
  of the numbered row above (which then parents rows ``.1``, ``.2`` …, as does every 序号 of that
  table), and a row with no unit cell takes those of the row above.

``loaders.annex`` turns the rows into ``annex_row`` tasks; this module only reads cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph.model import Span
from loaders.numbering import match_marker

__all__ = ["BREAK", "RULE_CELL", "PipeCell", "PipeRow", "pipe_tables"]

_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$")
RULE_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")  # a cell of the | --- | line
_NOTE = re.compile(r"[（(][^（）()]{0,12}[）)]")
BREAK = re.compile(r"<br\s*/?>", re.I)  # a line break inside a cell, as converters print it
_NUMBER = re.compile(r"^(\d{1,3})$")  # a bare 序号 cell
_YEAR = re.compile(r"^\d{4}年度?")
_TOTAL = re.compile(r"^(?:合计|总计|小计|共计|总体)")
_ANNEX_LINE = re.compile(r"(?:^|\n)附\s*件\s*\d{0,2}")
#: The rank of a row by the numbering style its first cell opens with (``loaders.numbering``).
_RANKS = {"cn": 0, "paren_cn": 1, "arabic": 2}
_UNIT_KINDS = ("units", "lead", "support")


@dataclass(frozen=True)
class PipeCell:
    text: str  # spaces trimmed; a ``<br>`` between two names read as 、, elsewhere as nothing
    offsets: tuple[int, ...]  # the offset in the text of each character of ``text``
    plain: str  # the cell as a line of text: every ``<br>`` dropped (空气质量<br>目标 → 空气质量目标)

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else 0

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0


@dataclass(frozen=True)
class PipeRow:
    path: str
    number: str  # the marker as printed (一、, （一）, 4)
    parent: str | None  # the parent row's path
    title: str
    span: Span
    units: list[tuple[str, PipeCell]]  # (column kind, cell) of each non-empty unit cell, in order
    deadline: str | None


def _cells(line: str, start: int, parts: Callable[[str, str], bool] | None = None) -> list[PipeCell]:
    """The cells of a row. ``parts``: does a ``<br>`` between the text before it and the line after
    it part two names (区建设管理委<br>区财政局) rather than wrap one (区机关事务管理<br>服务中心);
    without it every ``<br>`` of a cell with text on both sides parts two."""
    m = _ROW.match(line)
    assert m is not None
    out: list[PipeCell] = []
    pos = m.start(1)
    for raw in m.group(1).split("|"):
        stripped = raw.strip()
        at = start + pos + len(raw) - len(raw.lstrip())
        chars: list[str] = []
        offsets: list[int] = []
        i = 0
        for br in BREAK.finditer(stripped):
            chars.extend(stripped[i : br.start()])
            offsets.extend(range(at + i, at + br.start()))
            after = BREAK.split(stripped[br.end() :], maxsplit=1)[0].strip()
            if (
                chars
                and chars[-1] not in "、，,；;"
                and br.end() < len(stripped)
                and (parts is None or parts("".join(chars), after))
            ):
                chars.append("、")  # 区建设管理委<br>区财政局: two names, one per line of the cell
                offsets.append(at + br.start())
            i = br.end()
        chars.extend(stripped[i:])
        offsets.extend(range(at + i, at + len(stripped)))
        out.append(PipeCell("".join(chars), tuple(offsets), BREAK.sub("", stripped).strip()))
        pos += len(raw) + 1
    return out


def _column(cell: str, column_of: dict[str, str]) -> str | None:
    bare = re.sub(r"[\s、]+", "", _NOTE.sub("", cell))  # 建设内容及规模<br>（产能…）: the name alone
    bare = _YEAR.sub("", bare)  # 2024年推进任务: the year's tasks
    return column_of.get(bare) if bare else None


def _header(cells: list[PipeCell], column_of: dict[str, str]) -> list[str | None] | None:
    """The column kinds of a header row: it names a unit column and a 序号 or task column; other
    cells may be columns the vocabulary does not know (建设地址, 资金来源), never numbers."""
    kinds = [_column(c.text, column_of) for c in cells]
    if not any(k in ("units", "lead", "support") for k in kinds):
        return None
    if not any(k in ("number", "task", "measure") for k in kinds):
        return None
    if any(re.search(r"\d", c.text) and k is None for k, c in zip(kinds, cells, strict=False)):
        return None
    return kinds


def _blocks(text: str) -> Iterator[list[tuple[str, int]]]:
    """Runs of consecutive pipe-table lines, each line with its offset."""
    block: list[tuple[str, int]] = []
    pos = 0
    for line in text.split("\n"):
        if _ROW.match(line):
            block.append((line, pos))
        elif block:
            yield block
            block = []
        pos += len(line) + 1
    if block:
        yield block


def pipe_tables(
    text: str,
    column_of: dict[str, str],
    prefix_of: int = 0,
    is_units: Callable[[str], bool] | None = None,
    parts: Callable[[str, str], bool] | None = None,
) -> Iterator[list[PipeRow]]:
    """The task tables of ``text`` printed as pipe tables, each as its rows in order.
    ``prefix_of``: how many tables came before (the first pipe table is then ``A{n+1}``);
    ``is_units``: does a cell read as a list of unit names (how a row whose merged cells the
    export dropped is aligned, see :func:`_aligned`); ``parts``: does a ``<br>`` in a unit cell
    part two names (see :func:`_cells`)."""
    index = prefix_of
    kinds: list[str | None] | None = None
    rows: list[PipeRow] = []
    open_numbers: dict[int, tuple[int, str]] = {}  # rank -> (number, path)
    last_units: list[tuple[str | None, PipeCell]] = []  # the unit cells of the last item row
    items: list[_Item] = []  # the numbered rows of the open group, the last one open for measure rows
    table_items: list[_Item] = []  # every numbered row of the table
    prefix = ""
    last_end = 0
    for block in _blocks(text):
        if kinds is not None and _ANNEX_LINE.search(text, last_end, block[0][1]):
            kinds = None  # an annex heading between two tables: the next header opens another table
        last_end = block[-1][1] + len(block[-1][0])
        for line, start in block:
            cells = _cells(line, start, parts)
            if all(RULE_CELL.match(c.text) or not c.text for c in cells):
                continue  # the | --- | line, or an empty row a converter adds
            header = _header(cells, column_of)
            if header is not None:
                if kinds is not None and _trimmed(header, cells) == kinds:
                    continue  # the header printed again on the next page
                if rows:
                    yield _finished(rows, table_items)
                kinds, rows, open_numbers, last_units = _trimmed(header, cells), [], {}, []
                items.clear()
                table_items = []
                index += 1
                prefix = "A" if index == 1 else f"A{index}"
                continue
            rank = _rank(cells[0].text) if cells else None
            group = rank is not None and rank < 2  # 一、… / （一）…: a group row
            if kinds is None:
                continue
            while len(cells) != len(kinds) and cells and not cells[-1].text:
                cells.pop()  # the empty cell a converter adds after the last column (a full row keeps its own)
            item = items[-1] if items else None
            if item is not None and is_units is not None and _continues(cells, kinds, rank, item):
                pairs = _aligned(cells, kinds, last_units, is_units, numbered=False)
                _add_measure_row(rows, item, pairs)
                last_units = [(k, c) for k, c in pairs if k in _UNIT_KINDS]
                continue
            if len(cells) == len(kinds) or group:
                pairs = list(zip(kinds, cells, strict=False))
            elif len(cells) < len(kinds) and rank == 2 and is_units is not None:
                pairs = _aligned(cells, kinds, last_units, is_units)
            else:
                continue  # a table of another shape (an inventory, a page's layout)
            row = _row(pairs, open_numbers, prefix)
            if row is not None:
                rows.append(row)
                if rank == 2:
                    last_units = [(k, c) for k, c in pairs if k in _UNIT_KINDS]
                    items.append(_Item(len(rows) - 1, row, pairs))
                    table_items.append(items[-1])
                elif group:
                    items.clear()
    if rows:
        yield _finished(rows, table_items)


def _finished(rows: list[PipeRow], items: list[_Item]) -> list[PipeRow]:
    """A table where some 序号 holds several 工作措施 rows reads every 序号 so: the numbered row
    the parent (its 重点任务), each measure row a child ``.1``, ``.2`` … — one shape for the
    whole table, whether a 序号 holds one row or six."""
    if not any(item.measures for item in items):
        return rows
    single = {item.index: item for item in items if not item.measures}
    out: list[PipeRow] = []
    for index, row in enumerate(rows):
        item = single.get(index)
        if item is None:
            out.append(row)
            continue
        out.extend(_parent_and_own_measure(item))
    return out


def _parent_and_own_measure(item: _Item) -> tuple[PipeRow, PipeRow]:
    """A numbered row as the parent of its measure rows — titled by its 重点任务 cell, no units,
    no deadline — and its own measure, the first of them (``.1``)."""
    base = item.row
    task = next((c for k, c in item.pairs if k == "task" and c.text), None)
    parent = PipeRow(base.path, base.number, base.parent, task.plain if task else base.title, base.span, [], None)
    own = [(k, c) for k, c in item.pairs if k not in ("number", "task")]
    return parent, _measure_row(own, base.path, 1)


@dataclass
class _Item:
    """A numbered row (序号) that measure rows printed under it (its 序号 cell merged over
    them) may still join."""

    index: int  # where it stands in the table's rows
    row: PipeRow
    pairs: list[tuple[str | None, PipeCell]]
    measures: int = 0  # measure rows read under it


def _trimmed(header: list[str | None], cells: list[PipeCell]) -> list[str | None]:
    """The header's kinds without the empty cells a converter adds after the last column."""
    kinds = list(header[: len(cells)])
    while kinds and kinds[-1] is None and not cells[len(kinds) - 1].text:
        kinds.pop()
    return kinds


def _continues(cells: list[PipeCell], kinds: list[str | None], rank: int | None, item: _Item) -> bool:
    """Is this row another measure of the numbered row above — a row without a 序号 cell (the
    序号 and 重点任务 cells merged over several 工作措施 rows), or the numbered row's cells
    printed again at a page top (| 3 | 推动机动<br>车结构<br>优化升级 | …)?"""
    if not kinds or kinds[0] != "number":
        return False
    if rank is None:
        if cells and _TOTAL.match(_squeezed(cells[0].plain)):
            return False  # | 合计 | 合计 | 3，723，570 | …: the table's total, no measure
        return bool(cells) and (bool(cells[0].text) or len(cells) > 1)
    if rank != 2 or len(cells) < 2:
        return False
    task = next((c for k, c in item.pairs if k == "task"), None)
    number = next((c for k, c in item.pairs if k == "number"), None)
    return (
        number is not None
        and task is not None
        and cells[0].text == number.text
        and _squeezed(cells[1].plain) == _squeezed(task.plain)
    )


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _add_measure_row(rows: list[PipeRow], item: _Item, pairs: list[tuple[str | None, PipeCell]]) -> None:
    """A measure row under a numbered row: the numbered row becomes the parent of its measure rows
    (``A.1.2.3`` → ``A.1.2.3.1`` for its own measure, ``.2`` … for the rows under it), the parent
    titled by its 重点任务 cell; a numbered row with one measure row stays one task."""
    if item.measures == 0:
        rows[item.index], own = _parent_and_own_measure(item)
        rows.append(own)
        item.measures = 1
    item.measures += 1
    rows.append(_measure_row(pairs, item.row.path, item.measures))


def _measure_row(pairs: list[tuple[str | None, PipeCell]], parent: str, k: int) -> PipeRow:
    by_kind = {kind: c for kind, c in pairs if kind and c.text}
    measure = by_kind.get("measure") or by_kind.get("task")
    title = re.split(r"[。；;]", measure.plain.lstrip("★☆"), maxsplit=1)[0] if measure else ""
    cells = [c for kind, c in pairs if c.text and kind not in _UNIT_KINDS] or [c for _, c in pairs if c.text]
    deadline = by_kind.get("deadline")
    return PipeRow(
        path=f"{parent}.{k}",
        number="",
        parent=parent,
        title=title,
        span=Span(min(c.start for c in cells), max(c.end for c in cells)) if cells else Span(0, 0),
        units=[(kind, c) for kind, c in pairs if kind in _UNIT_KINDS and c.text],
        deadline=re.sub(r"\s+", "", deadline.text) if deadline else None,
    )


#: A unit cell that names no unit (a dash printed in the table).
_NO_UNIT = re.compile(r"^[—\-－–/／无]*$")


def _aligned(
    cells: list[PipeCell],
    kinds: list[str | None],
    above: list[tuple[str | None, PipeCell]],
    is_units: Callable[[str], bool],
    numbered: bool = True,
) -> list[tuple[str | None, PipeCell]]:
    """A row with fewer cells than the header: the export dropped the cells merged with the
    row above (a 领域 cell spanning rows, a 牵头部门 cell shared by the next rows, the 序号 and
    重点任务 cells over several 工作措施 rows). The 序号 cell stays first; where the unit
    columns end the table, the row's trailing cells that list units (or print —— for none) are
    its unit cells — as many as the columns, or the first columns and the last when fewer
    (牵头部门 | 主责单位 | 协办单位 printed as two cells: the lead's cell covers 主责) — and
    the cells before them are the header's other last columns, right-aligned. A row with no
    unit cell of its own takes the unit cells of the row above (the cell merged over both)."""
    pairs: list[tuple[str | None, PipeCell]] = []
    rest, rest_kinds = cells, kinds
    if kinds and kinds[0] == "number":
        rest_kinds = kinds[1:]
        if numbered:
            pairs.append((kinds[0], cells[0]))
            rest = cells[1:]
        elif cells and not cells[0].text and len(cells) == len(kinds):
            rest = cells[1:]  # an empty 序号 cell
    unit_kinds = [k for k in rest_kinds if k in _UNIT_KINDS]
    own_kinds = [k for k in rest_kinds if k not in _UNIT_KINDS]
    trailing = bool(rest_kinds) and rest_kinds[-1] in _UNIT_KINDS
    tail = 0
    if trailing:
        while tail < min(len(unit_kinds), len(rest)) and (
            is_units(rest[len(rest) - 1 - tail].text) or _NO_UNIT.match(rest[len(rest) - 1 - tail].text)
        ):
            tail += 1
        if tail == len(rest):
            tail = max(0, tail - 1)  # a row is never units alone: its first cell is its measure
        head, unit_cells = rest[: len(rest) - tail], rest[len(rest) - tail :]
        pairs.extend(zip(own_kinds[max(0, len(own_kinds) - len(head)) :], head[-len(own_kinds) :], strict=False))
        if not unit_cells:
            pairs.extend(above)
            return pairs
        n = len(unit_cells)
        chosen = unit_kinds if n >= len(unit_kinds) or n == 1 else [*unit_kinds[: n - 1], unit_kinds[-1]]
        pairs.extend(zip(chosen, unit_cells, strict=False))
        return pairs
    aligned = list(zip(rest_kinds[max(0, len(rest_kinds) - len(rest)) :], rest, strict=False))
    pairs.extend(aligned)
    if not any(k in _UNIT_KINDS for k, _ in aligned):
        pairs.extend(above)  # | 序号 | 部门 | 职责清单 | with the 部门 cell merged: the department above
    return pairs


def _row(
    pairs: list[tuple[str | None, PipeCell]], open_numbers: dict[int, tuple[int, str]], prefix: str
) -> PipeRow | None:
    cells = [c for _, c in pairs]
    first = next((c for c in cells if c.text), None)
    if first is None:
        return None
    marker = _marker(first.text)
    if marker is None:
        return None
    rank, number, printed = marker
    for deeper in [r for r in open_numbers if r >= rank]:
        del open_numbers[deeper]
    parent = open_numbers[max(open_numbers)][1] if open_numbers else None
    path = f"{parent or prefix}.{number}"
    open_numbers[rank] = (number, path)
    by_kind = {k: c for k, c in pairs if k and c.text}
    if rank < 2:
        title = first.text[len(printed) :].strip()
    else:
        task = by_kind.get("task") or by_kind.get("measure")
        title = task.plain if task else ""
    title = re.split(r"[。；;]", title, maxsplit=1)[0]
    units = [(k, c) for k, c in pairs if k in _UNIT_KINDS and c.text]
    deadline = by_kind.get("deadline")
    return PipeRow(
        path=path,
        number=printed,
        parent=parent,
        title=title,
        span=Span(first.start, max(c.end for c in cells if c.start >= first.start)),
        units=units,
        deadline=re.sub(r"\s+", "", deadline.text) if deadline else None,
    )


def _marker(cell: str) -> tuple[int, int, str] | None:
    """(rank, number, printed) of the numbering a row's first cell opens with: 一、 (0), （一） (1),
    1. or a bare 序号 (2); None for a cell that opens with none."""
    if m := _NUMBER.match(cell):
        return 2, int(m.group(1)), m.group(1)
    marker = match_marker(cell)
    if marker is None or marker.style not in _RANKS:
        return None
    return _RANKS[marker.style], marker.number, marker.printed


def _rank(cell: str) -> int | None:
    got = _marker(cell)
    return got[0] if got else None
