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

``loaders.annex`` turns the rows into ``annex_row`` tasks; this module only reads cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph.model import Span
from loaders.numbering import match_marker

__all__ = ["PipeCell", "PipeRow", "pipe_tables"]

_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$")
_RULE_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_NOTE = re.compile(r"[（(][^（）()]{0,12}[）)]")
_BREAK = re.compile(r"<br\s*/?>", re.I)
_NUMBER = re.compile(r"^(\d{1,3})$")  # a bare 序号 cell
_YEAR = re.compile(r"^\d{4}年度?")
#: The rank of a row by the numbering style its first cell opens with (``loaders.numbering``).
_RANKS = {"cn": 0, "paren_cn": 1, "arabic": 2}
_UNIT_KINDS = ("units", "lead", "support")


@dataclass(frozen=True)
class PipeCell:
    text: str  # spaces trimmed; a ``<br>`` between two names read as 、, elsewhere as nothing
    offsets: tuple[int, ...]  # the offset in the text of each character of ``text``

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


def _cells(line: str, start: int) -> list[PipeCell]:
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
        for br in _BREAK.finditer(stripped):
            chars.extend(stripped[i : br.start()])
            offsets.extend(range(at + i, at + br.start()))
            if chars and chars[-1] not in "、，,；;" and br.end() < len(stripped):
                chars.append("、")  # 区建设管理委<br>区财政局: two names, one per line of the cell
                offsets.append(at + br.start())
            i = br.end()
        chars.extend(stripped[i:])
        offsets.extend(range(at + i, at + len(stripped)))
        out.append(PipeCell("".join(chars), tuple(offsets)))
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
    text: str, column_of: dict[str, str], prefix_of: int = 0, is_units: Callable[[str], bool] | None = None
) -> Iterator[list[PipeRow]]:
    """The task tables of ``text`` printed as pipe tables, each as its rows in order.
    ``prefix_of``: how many tables came before (the first pipe table is then ``A{n+1}``);
    ``is_units``: does a cell read as a list of unit names (how a row whose merged cells the
    export dropped is aligned, see :func:`_aligned`)."""
    index = prefix_of
    kinds: list[str | None] | None = None
    rows: list[PipeRow] = []
    open_numbers: dict[int, tuple[int, str]] = {}  # rank -> (number, path)
    last_units: list[tuple[str | None, PipeCell]] = []  # the unit cells of the last item row
    prefix = ""
    for block in _blocks(text):
        for line, start in block:
            cells = _cells(line, start)
            if all(_RULE_CELL.match(c.text) or not c.text for c in cells):
                continue  # the | --- | line, or an empty row a converter adds
            header = _header(cells, column_of)
            if header is not None:
                if kinds is not None and header == kinds:
                    continue  # the header printed again on the next page
                if rows:
                    yield rows
                kinds, rows, open_numbers, last_units = header, [], {}, []
                index += 1
                prefix = "A" if index == 1 else f"A{index}"
                continue
            rank = _rank(cells[0].text) if cells else None
            group = rank is not None and rank < 2  # 一、… / （一）…: a group row
            if kinds is None:
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
    if rows:
        yield rows


def _aligned(
    cells: list[PipeCell],
    kinds: list[str | None],
    above: list[tuple[str | None, PipeCell]],
    is_units: Callable[[str], bool],
) -> list[tuple[str | None, PipeCell]]:
    """An item row with fewer cells than the header: the export dropped the cells merged with the
    row above (a 领域 cell spanning rows, a 牵头部门 cell shared by the next rows). The 序号 cell
    stays first and the others are the header's last columns, right-aligned; when the last cell
    is no list of units, the unit column is the one merged from above, and the row takes the
    unit cells of the item row above it (as a reader of the printed table does)."""
    pairs: list[tuple[str | None, PipeCell]] = []
    rest, rest_kinds = cells, kinds
    if kinds and kinds[0] == "number":
        pairs.append((kinds[0], cells[0]))
        rest, rest_kinds = cells[1:], kinds[1:]
    last_is_unit = bool(rest_kinds) and rest_kinds[-1] in _UNIT_KINDS
    if last_is_unit and rest and not is_units(rest[-1].text):
        own = [k for k in rest_kinds if k not in _UNIT_KINDS]
        pairs.extend(zip(own[len(own) - len(rest) :], rest, strict=False))
        pairs.extend(above)
        return pairs
    aligned = list(zip(rest_kinds[len(rest_kinds) - len(rest) :], rest, strict=False))
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
        title = task.text if task else ""
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
