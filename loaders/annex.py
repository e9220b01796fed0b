"""Annexed task-assignment tables (任务分工表) → ``annex_row`` tasks (stage: outline, annex part).

A 任务分工表 reaches us flattened: PDF extraction prints each cell's wrapped
lines one after another, cell by cell, row by row; DOCX extraction prints one
cell per line. ``loaders.clean`` keeps table lines one per extracted line and
drops the repeated page header. What is left looks like::

    一、实施知            ← engineering cell (rank 0), wrapped
    识产权保护
    强化工程
    （一）严格知识         ← sub-task cell (rank 1), wrapped
    产权保护
    1.探索建立……制度，完善  ← item (rank 2): its text is the measure cell
    ……司法确认制度。
    市市场监管局、市法      ← 责任部门 cell, wrapped
    院
    一、实施知            ← the engineering cell again on the next page

How the rows are rebuilt, and why:

* The table is found by its header: a line (or a run of one-cell lines) made
  only of column names from ``data/annex_table.yaml`` that names a unit column
  (责任部门, 牵头单位 …). It runs to the next 附件 line or the end of the text.
* A row starts at a numbering marker that continues its level: 一、 (rank 0),
  （一） (1), ``1.`` or a bare 序号 cell (2), （1） (3). The path counts the
  printed numbers of the open ranks: ``A.<一>.<（一）>.<1>``. A marker equal to
  the open one of its rank is the cell repeated on a new page: its lines are
  swallowed (they stay inside the repeated row's span).
* After a marker, short punctuation-free lines no wider than that rank's
  column (the widest heading-cell marker line of the rank in this table) are
  the wrapped heading cell; the rest is the measure cell.
* The measure ends where a unit cell starts: a line (or, after a space, the
  rest of a line) holding only unit names whose first name ends like a unit
  (局, 委, 海关 … from the vocabulary), right after text that closed a
  sentence — or a line of nothing but complete unit names. A line break
  inside a unit cell is a wrap; with 牵头/配合 columns, a break after a
  complete unit (no trailing 、) starts the next column — or, where the page
  separates cells by blank lines and wraps inside them by single breaks, the
  blank line does; a break between two whole names inside a cell separates them.
* A 完成时限 cell is recognised only when the header has such a column; when that column
  comes before the unit columns, unit names after the deadline open the units cells.

Each row keeps the units of its own unit cell (never its parent's or
children's) as ``UnitMention``s in printed order (role ``responsible``, or
``lead``/``support`` by column), ``clause`` = the cell text. A row's span runs
from its marker to its last line; a parent row's span covers its children, so
every character of the table body lies in some row's span; rows nest in the
annex section the outline made (or the deepest section containing the table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.datafile import read_yaml
from graph.errors import PlankgError
from graph.model import PlanDoc, Role, Section, Span, Task, UnitMention
from loaders.numbering import CN_NUMBER, cn_to_int
from loaders.registry_model import OTHER_NAME

if TYPE_CHECKING:
    from loaders.duties import ClauseItem

__all__ = ["default_vocabulary_path", "extract_annex_rows"]

#: Characters a heading cell or a unit cell never holds (a measure cell does).
_HEADING_PUNCT = "，。；：！？,;:!?"
_UNIT_FORBIDDEN = '。：:！？!?“”"《》%'
#: A measure cell that ends with one of these may be followed by a unit cell.
_QUOTES = "“”"
_CLOSED = "。；;！!？?）)”」"
_UNIT_SEPARATORS = re.compile(r"[、，,；;\s]+")
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^({CN_NUMBER})(?:、|$)")),  # 一、 or a 序号 cell of its own: 一 on a line of its own
    (1, re.compile(rf"^[（(]({CN_NUMBER})[）)]")),
    (2, re.compile(r"^(\d{1,3})(?:[.．、](?!\d)|$)")),
    (3, re.compile(r"^[（(](\d{1,2})[）)]")),
)
_NUMBER_CELL = re.compile(r"^(\d{1,3})\s+(?=\S)")
#: Endings of a branch of the body named before it (市规划自然资源委丰台分局, 市自来水集团长辛店分公司).
_BRANCHES = ("分局", "分公司", "支队", "大队", "分中心", "分院")
#: A line that opens with these names a body of its own (公安丰台分局, 区…).
_OWN_PREFIXES = ("公安", "交通", "市", "区", "县", "省", "国网", "中国")
_LEAD_MARK = re.compile(r"[（(]牵头[）)]")
_MAX_HEADING = 20  # a heading cell's first line is shorter than a wrapped measure line
_MAX_UNIT = 24  # longest unit name (or fragment) on one line


_DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "annex_table.yaml"


def default_vocabulary_path() -> Path:
    """``data/annex_table.yaml`` of this checkout (resolved once: the clean stage asks per line)."""
    return _DEFAULT_PATH


@dataclass(frozen=True)
class _Vocab:
    column_of: dict[str, str]  # printed column name -> column kind
    header: re.Pattern[str]
    suffixes: tuple[str, ...]
    tails: tuple[str, ...]
    fillers: frozenset[str]
    deadlines: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def assignment_column_names() -> tuple[str, ...]:
    """The printed names of a task table's unit and deadline columns (责任单位, 推进单位, 完成时限 …):
    what tells the clean stage that a table starts (one vocabulary for both stages)."""
    vocab = _vocab(str(default_vocabulary_path()))
    kinds = ("units", "lead", "support", "deadline")
    return tuple(name for name, kind in vocab.column_of.items() if kind in kinds)


@lru_cache(maxsize=4)
def _vocab(path: str) -> _Vocab:
    data: dict[str, Any] = read_yaml(path, PlankgError, "the annex table vocabulary", dict)
    column_of = {str(name): str(kind) for kind, names in data["columns"].items() for name in names}
    names = sorted(column_of, key=len, reverse=True)
    header = re.compile("^(?:" + "|".join(map(re.escape, names)) + ")+$")
    return _Vocab(
        column_of=column_of,
        header=header,
        suffixes=tuple(str(s) for s in data["unit_suffixes"]),
        tails=tuple(sorted((str(t) for t in data["unit_list_tails"]), key=len, reverse=True)),
        fillers=frozenset(str(f) for f in data["unit_list_fillers"]),
        deadlines=tuple(re.compile(str(p)) for p in data["deadline_patterns"]),
    )


@dataclass(frozen=True)
class _Piece:
    """A line of the table, or the part of one left of / right of a cell gap."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class _Header:
    columns: list[str]
    end_line: int  # index of the first line after the header

    @property
    def unit_columns(self) -> list[str]:
        return [c for c in self.columns if c in ("units", "lead", "support")]

    @property
    def has_deadline(self) -> bool:
        return "deadline" in self.columns


@dataclass
class _Row:
    rank: int
    number: int
    path: str
    marker: _Piece
    marker_size: int
    parent: _Row | None
    heading: list[_Piece] = field(default_factory=list)
    measure: list[_Piece] = field(default_factory=list)
    cells: list[list[_Piece]] = field(default_factory=list)
    deadline: list[_Piece] = field(default_factory=list)
    #: the row's lines by cell, where the table separates cells by blank lines (``blank_cells``)
    blocks: list[list[_Piece]] = field(default_factory=list)
    end: int = 0
    children: list[_Row] = field(default_factory=list)
    last_child: dict[int, int] = field(default_factory=dict)  # number of the last child per rank

    def extend_to(self, end: int) -> None:
        row: _Row | None = self
        while row is not None:
            row.end = max(row.end, end)
            row = row.parent


def _lines(text: str) -> list[_Piece]:
    out: list[_Piece] = []
    pos = 0
    for line in text.split("\n"):
        out.append(_Piece(line, pos))
        pos += len(line) + 1
    return out


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _header_at(lines: list[_Piece], i: int, vocab: _Vocab) -> _Header | None:
    """The header starting at line ``i``: one line of column names, or a run of them."""
    columns: list[str] = []
    j = i
    while j < len(lines) and j - i < 24:
        squeezed = _squeeze(lines[j].text)
        if not squeezed and j > i and j + 1 < len(lines) and vocab.header.match(_squeeze(lines[j + 1].text) or "-"):
            j += 1  # a blank line between two header cells (clean keeps a table's blank lines)
            continue
        if not squeezed or not vocab.header.match(squeezed):
            break
        rest = squeezed
        while rest:
            name = next(n for n in sorted(vocab.column_of, key=len, reverse=True) if rest.startswith(n))
            columns.append(vocab.column_of[name])
            rest = rest[len(name) :]
        j += 1
    if j == i or not any(c in ("units", "lead", "support") for c in columns):
        return None
    return _Header(columns, j)


def _marker(text: str, header: _Header) -> tuple[int, int, int] | None:
    """(rank, number, marker length) of a numbering marker at the line start."""
    for rank, rx in _MARKERS:
        m = rx.match(text)
        if m:
            raw = m.group(1)
            return rank, int(raw) if raw.isdigit() else cn_to_int(raw), m.end()
    if "number" in header.columns and (m := _NUMBER_CELL.match(text)):
        return 2, int(m.group(1)), m.end()
    return None


class _Gaps:
    """What the text right of each gap of a line is, read once from the line's end: whether it
    could be a unit cell (:meth:`_TableParser._unit_pieces` not None) and its first name, and
    whether it is short enough to be a deadline — so that a line with thousands of gaps is read
    in linear time, not once per gap."""

    def __init__(self, text: str) -> None:
        self.text = text
        n = len(text)
        self.bad_from = [False] * (n + 1)  # a character no unit cell holds, at or after i
        self.longest_from = [0] * (n + 1)  # the longest name (run between separators) from i on
        self.run_end = [0] * (n + 1)  # end of the name that holds i
        self.solid_from = [0] * (n + 1)  # characters from i on that are not blank
        self.last_solid = [-1] * (n + 1)  # the last character before i that is not blank
        for i in range(n - 1, -1, -1):
            ch = text[i]
            self.bad_from[i] = self.bad_from[i + 1] or ch in _UNIT_FORBIDDEN or ch.isdigit()
            self.solid_from[i] = self.solid_from[i + 1] + (not (ch.isspace() or ch == "\u3000"))
            if _UNIT_SEPARATORS.match(ch):
                self.run_end[i] = i
                self.longest_from[i] = self.longest_from[i + 1]
            else:
                self.run_end[i] = self.run_end[i + 1] if i + 1 < n and self.run_end[i + 1] > i + 1 else i + 1
                self.longest_from[i] = max(self.run_end[i] - i, self.longest_from[self.run_end[i]])
        for i in range(1, n + 1):
            prev = text[i - 1]
            self.last_solid[i] = i - 1 if not prev.isspace() else self.last_solid[i - 1]

    def closed_before(self, at: int) -> bool:
        """Does the text left of ``at``, blanks stripped, end with a sentence end (。；…)?"""
        k = self.last_solid[at]
        return k >= 0 and self.text[k] in _CLOSED

    def unit_line_from(self, at: int) -> str | None:
        """The first name of ``text[at:]`` when it is a line of unit names, else None."""
        if at >= len(self.text) or self.bad_from[at] or not 0 < self.longest_from[at] <= _MAX_UNIT:
            return None
        j = at
        while self.run_end[j] == j:  # a separator
            j += 1
        return self.text[j : self.run_end[j]]

    def short_from(self, at: int) -> bool:
        """Could ``text[at:]`` be a deadline cell (at most 16 characters that are not blank)?"""
        return self.solid_from[at] <= 16


def _heading_like(text: str) -> bool:
    return bool(text) and not any(c in _HEADING_PUNCT for c in text) and len(text) <= _MAX_HEADING


def _title(text: str) -> str:
    """The heading phrase, spaces removed, up to the first 。 . or ；."""
    text = _squeeze(text)
    m = re.search(r"[。；;]|(?<!\d)[.．]|[.．](?!\d)", text)
    return (text[: m.start()] if m else text).strip("：:，,")


class _TableParser:
    """One table's lines → a tree of rows (see the module docstring for the rules)."""

    def __init__(self, lines: list[_Piece], header: _Header, vocab: _Vocab, prefix: str) -> None:
        self.lines = lines
        self.header = header
        self.vocab = vocab
        self.prefix = prefix
        self.rows: list[_Row] = []
        self.stack: list[_Row] = []
        self.last_number: dict[int, int] = {}  # last number per rank, over the whole table
        self.root_last: dict[int, int] = {}  # number of the last top-level row per rank
        self.widths = self._heading_widths()
        self.phase = "none"
        self.saved_phase = "none"
        self.repeat_rank = -1
        self.blank_cells = False
        self.after_blank = False
        #: 完成时间 printed before 责任单位/配合单位: a deadline cell is followed by the units cells
        self._units_after_deadline = header.has_deadline and any(
            i > header.columns.index("deadline")
            for i, c in enumerate(header.columns)
            if c in ("units", "lead", "support")
        )

    # -- vocabulary tests ------------------------------------------------------
    def _is_unit_name(self, name: str) -> bool:
        return _is_unit_name(name, self.vocab)

    def _unit_pieces(self, text: str) -> list[str] | None:
        return _unit_pieces(text, self.vocab)

    def _starts_units(self, text: str, after_closed: bool) -> bool:
        pieces = self._unit_pieces(text)
        if pieces is None or not self._is_unit_name(pieces[0]):
            return False
        return after_closed or all(self._is_unit_name(p) for p in pieces)

    def _units_from(self, gaps: _Gaps, at: int) -> bool:
        """``_starts_units(text[at:], after_closed=True)`` in time independent of the rest of the line."""
        first = gaps.unit_line_from(at)
        return first is not None and self._is_unit_name(first)

    def _is_deadline(self, text: str) -> bool:
        squeezed = _squeeze(text)
        return (
            self.header.has_deadline and len(squeezed) <= 16 and any(rx.search(squeezed) for rx in self.vocab.deadlines)
        )

    def _heading_widths(self) -> dict[int, int]:
        widths: dict[int, int] = {}
        for line in self.lines:
            m = _marker(line.text, self.header)
            if m and _heading_like(line.text[m[2] :].strip()):
                widths[m[0]] = max(widths.get(m[0], 0), len(line.text))
        return widths

    # -- numbering ---------------------------------------------------------------
    def _open_of(self, rank: int) -> _Row | None:
        return next((r for r in self.stack if r.rank == rank), None)

    def _fits(self, rank: int, number: int) -> bool:
        parent = next((r for r in reversed(self.stack) if r.rank < rank), None)
        last_child = parent.last_child if parent else self.root_last  # kept as rows open: no list scan
        siblings = rank in last_child
        last = last_child.get(rank, 0)
        if last < number <= last + 2 or (not siblings and number == 1):
            return True
        # a 序号 column numbered straight through the table, across groups
        table_last = self.last_number.get(rank, 0)
        return not siblings and table_last < number <= table_last + 2

    # -- feeding -----------------------------------------------------------------
    def feed_all(self) -> None:
        body = self.lines[self.header.end_line :]
        # clean keeps a table's blank lines only where the page separates cells by them and wraps
        # inside a cell by single breaks (loaders.clean._cells_by_blank): then they are the boundaries
        self.blank_cells = any(not line.text.strip() for line in body)
        for line in body:
            if not line.text.strip():
                self.after_blank = True
                continue
            if _header_at([line], 0, self.vocab) is not None:  # a page header clean kept
                if self.stack:
                    self.stack[0].extend_to(line.end)
                continue
            top = self.stack[-1] if self.stack else None
            self._feed(line)
            row = self.stack[-1] if self.stack else None
            if row is not None:  # cells by blank lines where the table has them, else by lines
                if row is not top or self.after_blank or not row.blocks or not self.blank_cells:
                    row.blocks.append([])
                row.blocks[-1].append(line)
            self.after_blank = False
        for row in _flatten(self.rows):
            self._settle_by_position(row)

    def _feed(self, line: _Piece) -> None:
        m = _marker(line.text, self.header)
        if m is not None:
            rank, number, size = m
            open_row = self._open_of(rank)
            if open_row is not None and open_row.number == number and rank <= 1 and self._is_repeat(open_row, line):
                if self.phase != "repeat":
                    self.saved_phase = self.phase
                self.phase, self.repeat_rank = "repeat", rank
                open_row.extend_to(line.end)
                return
            if self._fits(rank, number):
                self._open(rank, number, line, size)
                return
        self._continue(line)

    def _is_repeat(self, row: _Row, line: _Piece) -> bool:
        """The open row's cell printed again at a page top (same number, same opening words)."""
        first = _squeeze(line.text[_marker(line.text, self.header)[2] :])  # type: ignore[index]
        own = _squeeze("".join(p.text for p in row.heading)[row.marker_size :] if row.heading else "")
        return not own or own.startswith(first) or first.startswith(own[: len(first)])

    def _open(self, rank: int, number: int, line: _Piece, size: int) -> None:
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        path = f"{parent.path}.{number}" if parent else f"{self.prefix}.{number}"
        row = _Row(rank, number, path, line, size, parent, end=line.end)
        (parent.children if parent else self.rows).append(row)
        (parent.last_child if parent else self.root_last)[rank] = number
        row.extend_to(line.end)
        self.stack.append(row)
        self.last_number[rank] = number
        content = line.text[size:].strip()
        if not content or _heading_like(content):
            row.heading.append(line)
            self.phase = "heading"
        else:
            self._measure(row, line)

    def _continue(self, line: _Piece) -> None:
        row = self.stack[-1] if self.stack else None
        if row is None:
            return  # text between the header and the first row: the annex section keeps it
        if self.phase == "repeat":
            width = self.widths.get(self.repeat_rank, 0)
            repeated = self._open_of(self.repeat_rank)
            if _heading_like(line.text) and len(line.text) <= width and repeated is not None:
                repeated.extend_to(line.end)  # the repeated cell stays in the repeated row's span
                return
            self.phase = self.saved_phase
        row.extend_to(line.end)
        if self.phase == "heading":
            if self._heading_continues(row, line):
                row.heading.append(line)
                return
            self.phase = "measure"
            if self._starts_units(line.text, after_closed=False):
                self._units(row, line)
                return
        if self.phase == "measure":
            self._measure(row, line)
        elif self.phase == "units" or (self._units_after_deadline and self._starts_units(line.text, True)):
            self._units(row, line)
        else:
            row.deadline.append(line)

    def _settle_by_position(self, row: _Row) -> None:
        """A row the cell tests left without its units or its deadline, read by position: the
        last cells of the row are the header's last columns (…时间进度, 责任部门), as printed — a
        unit cell the suffix test does not know (市北园区, 苏河湾功能区), a deadline the patterns do
        not (与国家安排同步), a measure short enough to pass for a heading cell (推进市北园区虚拟电厂建设)
        whose deadline and units were then read as its wrap. A cell is a blank-separated block
        where the table has them, else a line; each must fit its column: a unit cell a list of
        short names, a deadline cell a short phrase that is no sentence and no unit list."""
        tail: list[str] = []
        for column in reversed(self.header.columns):
            if column not in ("deadline", "units", "lead", "support"):
                break
            tail.insert(0, column)
        blocks = row.blocks[1:] if row.blocks and not _bare_marker(row) else row.blocks  # not the 序号 cell
        if not tail or len(blocks) < len(tail) + 1 or row.children:
            return  # a group row's heading (开展高价值专利培育和⏎布局) has no cells of its own
        if not row.cells and any(c != "deadline" for c in tail):
            cells = blocks[-len(tail) :]
            anchored = False  # a deadline cell the patterns know, right before the unit cells
            for column, cell in zip(tail, cells, strict=True):
                text = "".join(p.text for p in cell)
                if column == "deadline":
                    if not self._deadline_by_position(text):
                        return
                    anchored = self._is_deadline(text)
                    continue
                pieces = self._unit_pieces(text)
                # names no suffix test knows (市北园区) only after a deadline cell: else it may be
                # the next rows' group cell (公共服务设施提升改造)
                if pieces is None or not (anchored or any(self._is_unit_name(p) for p in pieces)):
                    return
            # where lines are no cells, a line is a cell only after a closed one (…措施。⏎区财政局)
            # or a deadline the patterns know: else it may be the wrap of the line above
            closed = "".join(p.text for p in blocks[-len(tail) - 1]).rstrip()[-1:] in _CLOSED
            if not self.blank_cells and not anchored and not closed:
                return
        elif not row.deadline and tail[0] == "deadline" and row.cells:
            first = row.cells[0][0].start
            before = [b for b in blocks if b[-1].end <= first]
            if len(before) < 2 or not self._deadline_by_position("".join(p.text for p in before[-1])):
                return
            cells = [before[-1]]
            tail = ["deadline"]
        else:
            return
        ranges = [(p.start, p.end) for cell in cells for p in cell]

        def kept(piece: _Piece) -> bool:
            return not any(a <= piece.start < b for a, b in ranges)

        row.heading = [p for p in row.heading if kept(p)]
        row.measure = [p for p in row.measure if kept(p)]
        if any(c != "deadline" for c in tail):
            row.cells = []
        for column, cell in zip(tail, cells, strict=True):
            if column == "deadline":
                row.deadline = list(cell)
            else:
                row.cells.append(list(cell))

    def _deadline_by_position(self, text: str) -> bool:
        squeezed = _squeeze(text)
        return (
            0 < len(squeezed) <= 16
            and not any(c in squeezed for c in "。；;，,、：:")
            and not self._starts_units(squeezed, after_closed=True)
        )

    def _heading_continues(self, row: _Row, line: _Piece) -> bool:
        if not _heading_like(line.text):
            return False
        if row.marker.text[row.marker_size :].strip():
            return len(line.text) <= self.widths.get(row.rank, 0)
        if len(row.heading) == 1:
            return True  # the task cell after a bare 序号 cell
        return len(line.text) <= len(row.heading[1].text)

    def _measure(self, row: _Row, line: _Piece) -> None:
        """A measure line, or the start of the unit / deadline cell (maybe after a gap on the line)."""
        after_closed = bool(row.measure) and row.measure[-1].text.rstrip()[-1:] in _CLOSED
        if (row.measure or row.heading) and self._starts_units(line.text, after_closed):
            self._units(row, line)
            return
        if row.measure and self._is_deadline(line.text):
            self.phase = "deadline"
            row.deadline.append(line)
            return
        gaps = _Gaps(line.text) if (" " in line.text or "\u3000" in line.text) else None
        for gap in re.finditer(r"[ \u3000]+", line.text) if gaps is not None else ():
            assert gaps is not None
            if gaps.closed_before(gap.start()) and (
                self._units_from(gaps, gap.end())
                or (gaps.short_from(gap.end()) and self._is_deadline(gaps.text[gap.end() :]))
            ):
                left, right = line.text[: gap.start()], line.text[gap.end() :]
                row.measure.append(_Piece(left, line.start))
                self.phase = "measure"
                self._units(row, _Piece(right, line.start + gap.end()))
                return
        row.measure.append(line)
        self.phase = "measure"

    def _units(self, row: _Row, line: _Piece) -> None:
        """A line of the unit cell(s), split at gaps; a deadline cell ends them."""
        self.phase = "units"
        parts = [(m.group(0), line.start + m.start()) for m in re.finditer(r"\S+", line.text)]
        for text, start in parts:
            piece = _Piece(text, start)
            if self._is_deadline(text) or (self.phase == "deadline" and not self._units_after_deadline):
                self.phase = "deadline"
                row.deadline.append(piece)
            elif self._unit_pieces(text) is None or self._after_whole_names(row, text, gap=start != line.start):
                row.measure.append(piece)  # stray text: kept with the row, never lost
            elif not row.cells or self._new_cell(row.cells[-1], text, gap=start != line.start):
                row.cells.append([piece])
            else:
                row.cells[-1].append(piece)

    def _after_whole_names(self, row: _Row, text: str, gap: bool) -> bool:
        """A line after a unit cell that ends on a whole name (…、大宁集团) which is no unit name
        and makes none with that name (旧区改造, the next rows' group cell): not the cell's wrap."""
        if gap or not row.cells:
            return False
        prev = row.cells[-1][-1].text.rstrip()
        if not prev or prev.endswith(("、", "，", ",")) or text.startswith(("、", "，")):
            return False
        last = _UNIT_SEPARATORS.split(prev)[-1]
        first = (self._unit_pieces(text) or [""])[0]
        return self._is_unit_name(last) and not self._is_unit_name(first) and not self._is_unit_name(last + first)

    def _new_cell(self, cell: list[_Piece], text: str, gap: bool) -> bool:
        """Does ``text`` start the next unit column (牵头 → 配合) rather than wrap the last one?"""
        if len(self.header.unit_columns) < 2:
            return False
        if gap:
            return True
        if self.blank_cells:
            return self.after_blank
        prev = OTHER_NAME.sub("", cell[-1].text.strip())  # …区委宣传部（区文明办、区政府新闻办）: 区委宣传部 ends it
        pieces = self._unit_pieces(text) or [""]
        return (
            not prev.endswith(("、", "，", ","))
            and not text.startswith(("、", "，"))
            and (self._is_unit_name(_UNIT_SEPARATORS.split(prev)[-1]) and self._is_unit_name(pieces[0]))
        )


def _quoted_wrongly(piece: str) -> bool:
    """A quotation that opens or closes outside the piece (its name would be cut in two)."""
    return piece.count("“") != piece.count("”") or piece.find("”") < piece.find("“")


def _bare_marker(row: _Row) -> bool:
    """False when the marker line is a bare 序号 cell (its number alone)."""
    return bool(row.marker.text[row.marker_size :].strip())


def _own_text(row: _Row) -> str:
    """The row's own heading and measure cells, each with its wrapped lines joined
    (the heading's letter spacing removed); units and deadline are left out —
    they are the row's mentions and the table's 完成时限."""
    cells = [row.heading[:1], row.heading[1:]] if row.heading and not _bare_marker(row) else [row.heading]
    heading = "\n".join(_squeeze("".join(p.text for p in cell)) for cell in cells if cell)
    measure = "".join(p.text for p in row.measure).strip()
    return "\n".join(part for part in (heading, measure) if part)


#: How far back a cell's last name is looked for: a unit and a bracketed other name after it.
_NAME_REACH = _MAX_UNIT + 8


def _unit_pieces(text: str, vocab: _Vocab) -> list[str] | None:
    """The unit names of a line or cell, or None when it is not a list of unit names."""
    if not text or any(c in _UNIT_FORBIDDEN and c not in _QUOTES for c in text) or any(c.isdigit() for c in text):
        return None
    pieces = [p for p in _UNIT_SEPARATORS.split(text) if p]
    if not pieces or any(len(p) > _MAX_UNIT for p in pieces):
        return None
    if any(_quoted_wrongly(p) or (any(q in p for q in _QUOTES) and not _is_unit_name(p, vocab)) for p in pieces):
        return None  # a quotation marks a measure, unless a unit's name holds it (区“两旧”专班)
    return pieces


def _is_unit_name(name: str, vocab: _Vocab) -> bool:
    name = OTHER_NAME.sub("", _LEAD_MARK.sub("", name))  # 区委组织部（区公务员局）: the name before its other name
    return any(name.endswith(s) for s in vocab.suffixes) or name in vocab.fillers


def _cell_chars(cell: list[_Piece], vocab: _Vocab) -> list[tuple[str, int]]:
    """The cell's characters with their offsets; a line break between two whole names
    (区建设管理委（区水务局）⏎上海城投集团) reads as a 、 (at the break's offset)."""
    out: list[tuple[str, int]] = []
    for piece in cell:
        if out and out[-1][0] not in "、，,；;" and piece.text[:1] not in "、，,；;（(":
            last = _UNIT_SEPARATORS.split("".join(c for c, _ in out[-_NAME_REACH:]))[-1]
            first = _UNIT_SEPARATORS.split(piece.text.strip())[0]
            if _is_unit_name(last, vocab) and _is_unit_name(first, vocab):
                out.append(("、", piece.start - 1))
        out.extend((ch, piece.start + i) for i, ch in enumerate(piece.text))
    return out


def _mentions(row: _Row, header: _Header, vocab: _Vocab) -> list[UnitMention]:
    from loaders.duties import is_placeholder  # the clause grammar, imported only when needed

    out: list[UnitMention] = []
    columns = header.unit_columns
    for index, cell in enumerate(row.cells):
        chars = _cell_chars(cell, vocab)
        clause = "".join(c for c, _ in chars)
        column = columns[min(index, len(columns) - 1)] if columns else "units"
        role: Role = "lead" if column == "lead" else "support" if column == "support" else "responsible"
        if any(c in clause for c in "（("):  # 区委宣传部（区文明办、区政府新闻办）、区民政局: the clause grammar
            bracketed = _bracketed_cell(clause, chars, role, len(out))
            if bracketed:
                out.extend(bracketed)
                continue
        start = 0
        for m in [*_UNIT_SEPARATORS.finditer(clause), None]:
            end = m.start() if m else len(clause)
            name, name_start = clause[start:end], start
            start = m.end() if m else len(clause)
            for tail in vocab.tails:
                if name.endswith(tail) and len(name) > len(tail):
                    name = name[: -len(tail)]
                    break
            piece_role: Role = "lead" if _LEAD_MARK.search(name) else role
            name = _LEAD_MARK.sub("", name)
            if not name or name in vocab.fillers:
                continue
            # two cells run together (区绿化市容局各街镇（园区）): a whole unit, then a placeholder
            # that opens the next column's list
            cut = _glued_cut(name, vocab)
            pieces = [(name, name_start, piece_role)]
            if cut is not None:
                nxt: Role = "support" if piece_role == "lead" and "support" in columns else piece_role
                pieces = [(name[:cut], name_start, piece_role), (name[cut:], name_start + cut, nxt)]
            for text, at, r in pieces:
                span = Span(chars[at][1], chars[at + len(text) - 1][1] + 1)
                generic = is_placeholder(text)  # 各街镇（园区）: kept as a placeholder, as in clauses
                out.append(
                    UnitMention(text=text, order=len(out) + 1, role=r, clause=clause, span=span, generic=generic)
                )
    return out


def _bracketed_cell(clause: str, chars: list[tuple[str, int]], role: Role, before: int) -> list[UnitMention]:
    """A units cell holding brackets, read by the responsibility grammar (a bracket is part of its
    unit: another name, a note), so a 、 inside it separates nothing; [] when the grammar reads no
    units there."""
    from loaders.duties import cell_items  # the clause grammar, imported only when needed

    out: list[UnitMention] = []
    for item in cell_items(clause):
        first, last = item.span.start, item.span.end - 1
        if last < first or last >= len(chars):
            return []
        r: Role = item.role if item.role != "responsible" else role
        span = Span(chars[first][1], chars[last][1] + 1)
        out.append(
            UnitMention(
                text=item.text, order=before + len(out) + 1, role=r, clause=clause, span=span, generic=item.generic
            )
        )
    return out


def _glued_cut(name: str, vocab: _Vocab) -> int | None:
    """Where a unit name runs into a placeholder of the next cell (…局|各街镇), or None."""
    for opener in ("各", "有关", "相关"):
        at = name.find(opener, 3)
        if at > 0 and name[:at].endswith(vocab.suffixes) and len(name) - at >= 3:
            return at
    return None


def _flatten(rows: list[_Row]) -> list[_Row]:
    out: list[_Row] = []
    for row in rows:
        out.append(row)
        out.extend(_flatten(row.children))
    return out


def _annex_section(sections: list[Section], at: int) -> Section | None:
    """The deepest section whose span holds offset ``at`` (the outline's annex section)."""
    holding = [s for s in sections if s.span.start <= at < s.span.end]
    return min(holding, key=lambda s: s.span.end - s.span.start) if holding else None


def _tables(lines: list[_Piece], vocab: _Vocab) -> list[tuple[_Header, list[_Piece]]]:
    out: list[tuple[_Header, list[_Piece]]] = []
    i = 0
    while i < len(lines):
        header = _header_at(lines, i, vocab)
        if header is None:
            i += 1
            continue
        j = header.end_line
        while j < len(lines) and not re.match(r"^(附\s*件|抄送|抄报)", lines[j].text.strip()):
            j += 1
        out.append((_Header(header.columns, header.end_line - i), lines[i:j]))
        i = j
    return out


def extract_annex_rows(doc: PlanDoc, vocabulary: Path | None = None) -> list[Task]:
    """Rows of an annexed 任务分工表 as tasks with paths ``A.…`` (mentions filled from the
    责任部门 column), in document order. A second table in one document gets ``A2.…``."""
    vocab = _vocab(str(vocabulary or default_vocabulary_path()))
    text = doc.plan.text
    tasks: list[Task] = []
    for index, (header, lines) in enumerate(_tables(_lines(text), vocab)):
        parser = _TableParser(lines, header, vocab, "A" if index == 0 else f"A{index + 1}")
        parser.feed_all()
        section = _annex_section(doc.sections, lines[0].start)
        section_id = section.id if section else None
        for row in _flatten(parser.rows):
            heading = "".join(p.text for p in row.heading)[row.marker_size :] if row.heading else ""
            measure = "".join(p.text for p in row.measure)
            if not row.heading:
                measure = measure[row.marker_size :]
            title = _title(heading) or _title(measure)
            parent_id = f"{doc.plan.id}/t/{row.parent.path}" if row.parent else section_id
            span = Span(row.marker.start, row.end)
            deadline = "".join(p.text for p in row.deadline).replace(" ", "") or None
            number = row.marker.text[: row.marker_size].strip()
            mentions = _mentions(row, header, vocab)
            tasks.append(_row_task(doc, row.path, title, _own_text(row), span, parent_id, mentions, deadline, number))
    tables = len({t.path.split(".")[0] for t in tasks})
    tasks.extend(_pipe_tasks(doc, vocab, tables))
    tasks.extend(_duty_tasks(doc, len({t.path.split(".")[0] for t in tasks})))
    parts = _plan_parts(text)
    if parts:  # a notice carrying several plans: each plan's tables under its own P<n>.
        firsts: dict[str, int] = {}
        for t in tasks:
            firsts.setdefault(t.path.split(".")[0], t.span.start)
        seen: dict[int, int] = {}
        names = {old: _parted(old, start, parts, seen) for old, start in sorted(firsts.items(), key=lambda kv: kv[1])}
        tasks = [_renamed(t, t.path.split(".")[0], names[t.path.split(".")[0]]) for t in tasks]
    if not tasks:
        tasks = _glued_tasks(doc)
    return tasks


def _row_task(
    doc: PlanDoc,
    path: str,
    title: str,
    text: str,
    span: Span,
    parent_id: str | None,
    mentions: list[UnitMention],
    deadline: str | None,
    number: str,
) -> Task:
    """One row of a task table as an ``annex_row`` task (every kind of table makes them so)."""
    return Task(
        id=f"{doc.plan.id}/t/{path}",
        plan_id=doc.plan.id,
        path=path,
        kind="annex_row",
        title=title,
        text=text,
        span=span,
        parent_id=parent_id,
        mentions=mentions,
        deadline=deadline,
        number=number,
    )


def _pipe_tasks(doc: PlanDoc, vocab: _Vocab, before: int) -> list[Task]:
    """Rows of task tables printed as Markdown pipe tables (``loaders/pipe_table.py``)."""
    from loaders.duties import cell_items  # the clause grammar, imported only when needed
    from loaders.pipe_table import pipe_tables

    text = doc.plan.text
    tasks: list[Task] = []

    def is_units(cell: str) -> bool:  # a list of unit names, the first with a unit's ending
        pieces = _unit_pieces(cell, vocab)
        return pieces is not None and _is_unit_name(pieces[0], vocab)

    def parts(before: str, after: str) -> bool:
        """A <br> parts two names when the text before it ends one and the line after it is no
        tail (等部门) nor a branch of it (市规划自然资源委<br>丰台分局, 市交通综合执法总队<br>七支队)."""
        last = _UNIT_SEPARATORS.split(before)[-1]
        if not _is_unit_name(last, vocab) or after.startswith("等"):
            return False
        branch = next((b for b in _BRANCHES if after.endswith(b)), None)  # a place or an ordinal, then 分局…
        return not (branch and len(after) - len(branch) <= 3 and not after.startswith(_OWN_PREFIXES))

    for rows in pipe_tables(text, vocab.column_of, before, is_units, parts):
        section = _annex_section(doc.sections, rows[0].span.start)
        for row in rows:
            mentions: list[UnitMention] = []
            for kind, cell in row.units:
                role: Role = "lead" if kind == "lead" else "support" if kind == "support" else "responsible"
                for item in cell_items(cell.text) or _bare_names(cell.text, vocab):
                    first, last = item.span.start, item.span.end - 1
                    if not 0 <= first <= last < len(cell.offsets):
                        continue
                    mentions.append(
                        UnitMention(
                            text=item.text,
                            order=len(mentions) + 1,
                            role=item.role if item.role != "responsible" else role,
                            clause=cell.text,
                            span=Span(cell.offsets[first], cell.offsets[last] + 1),
                            generic=item.generic,
                        )
                    )
            parent_id = f"{doc.plan.id}/t/{row.parent}" if row.parent else (section.id if section else None)
            own = text[row.span.start : row.span.end]
            tasks.append(
                _row_task(doc, row.path, row.title, own, row.span, parent_id, mentions, row.deadline, row.number)
            )
    return tasks


def _bare_names(cell: str, vocab: _Vocab) -> list[ClauseItem]:
    """A unit column's cell the clause grammar reads no list in (东高地街道、方庄街道、王佐镇: towns
    printed without their district): the column says each name is a unit, so every piece with a
    unit's ending is one; [] when a piece has none (a cell of prose)."""
    from loaders.duties import ClauseItem, is_placeholder

    items: list[ClauseItem] = []
    for m in re.finditer(r"[^、，,；;\s]+", cell):
        name = m.group(0)
        if len(name) > _MAX_UNIT or not _is_unit_name(name, vocab):
            return []
        items.append(ClauseItem(name, "responsible", Span(m.start(), m.end()), is_placeholder(name)))
    return items


def _duty_tasks(doc: PlanDoc, before: int) -> list[Task]:
    """Rows of an annexed list of duties printed as lines (``loaders/duty_list.py``): one task a
    line, its subject the unit."""
    from loaders.duties import find_clauses  # the clause grammar, imported only when needed
    from loaders.duty_list import duty_lists

    def subject(line: str, at: int = 0) -> list[UnitMention]:
        """The mentions of the subject a duty line opens with (offsets from ``at``), or []."""
        clause = next(iter(find_clauses(line[:60])), None)
        if clause is None or clause.kind != "sentence" or clause.span.start != 0 or not clause.items:
            return []
        last = clause.items[-1].span
        # 省计划生育协会负责参与…: the body answers for its line (负责), whatever the work is
        owns = last is not None and line.startswith("负责", last.end)
        return [
            UnitMention(
                text=item.text,
                order=k,
                role="responsible" if owns and item.role == "support" else item.role,
                clause=clause.text,
                span=Span(at + item.span.start, at + item.span.end),
                generic=item.generic,
            )
            for k, item in enumerate(clause.items, start=1)
            if item.span is not None
        ]

    tasks: list[Task] = []
    for index, rows in enumerate(duty_lists(doc.plan.text, lambda line: bool(subject(line))), start=before):
        prefix = "A" if index == 0 else f"A{index + 1}"
        section = _annex_section(doc.sections, rows[0].span.start)
        for number, row in enumerate(rows, start=1):
            mentions = subject(row.text, row.span.start)
            title = _title(row.text)
            parent_id = section.id if section else None
            own = doc.plan.text[row.span.start : row.span.end]
            tasks.append(_row_task(doc, f"{prefix}.{number}", title, own, row.span, parent_id, mentions, None, ""))
    return tasks


_PLAN_ANNEX = re.compile(r"^附\s*件\s*(\d{1,2})\s*[:：]\s*(\S.{1,60})$", re.M)


def _plan_parts(text: str) -> list[int]:
    """Offsets of the annex headings of a file that carries several plans (附件1：持续污染防治攻坚
    2026年行动计划, 附件2：加快绿色低碳转型2026年行动计划 …): the n-th plan's tables are part n
    (paths ``P2.A.…``, GOLD_GUIDE's rule for several plans); empty when fewer than two annexes
    are plans (a 任务清单 and a 职责清单 are two tables of one plan: ``A``, ``A2``)."""
    from loaders.plan_words import plan_kind

    heads = [m.start() for m in _PLAN_ANNEX.finditer(text) if plan_kind(m.group(2).strip()) != "其他"]
    return heads if len(heads) >= 2 else []


def _parted(prefix: str, start: int, parts: list[int], seen: dict[int, int]) -> str:
    """The prefix of a table starting at ``start``: ``P<n>.A`` in the n-th plan of the file (its
    second table ``P<n>.A2``), else as numbered over the file."""
    n = sum(1 for head in parts if head < start)
    if n == 0:
        return prefix
    seen[n] = seen.get(n, 0) + 1
    own = "A" if seen[n] == 1 else f"A{seen[n]}"
    return own if n == 1 else f"P{n}.{own}"


def _renamed(task: Task, old: str, new: str) -> Task:
    if old == new:
        return task
    task.path = new + task.path[len(old) :]
    task.id = task.id.replace(f"/t/{old}", f"/t/{new}", 1)
    if task.parent_id and f"/t/{old}" in task.parent_id:
        task.parent_id = task.parent_id.replace(f"/t/{old}", f"/t/{new}", 1)
    return task


def _glued_tasks(doc: PlanDoc) -> list[Task]:
    """Rows of a task table a web page ran into one line (``loaders/glued_table.py``)."""
    from loaders.glued_table import glued_rows  # the clause grammar, imported only when needed

    tasks: list[Task] = []
    for index, rows in enumerate(glued_rows(doc.plan.text)):
        prefix = "A" if index == 0 else f"A{index + 1}"
        section = _annex_section(doc.sections, rows[0].span.start)
        for row in rows:
            path = f"{prefix}.{row.number}"
            title = _title(row.text[: row.cell_start - row.span.start - len(str(row.number))] or row.text)
            mentions = [
                UnitMention(
                    text=item.text,
                    order=order,
                    role=item.role,
                    clause=row.cell,
                    span=Span(row.cell_start + item.span.start, row.cell_start + item.span.end),
                    generic=item.generic,
                )
                for order, item in enumerate(row.units, start=1)
            ]
            parent_id = section.id if section else None
            tasks.append(_row_task(doc, path, title, row.text, row.span, parent_id, mentions, None, str(row.number)))
    return tasks
