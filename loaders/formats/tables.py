"""A table of any format → the text lines the table readers read (stage: read).

Every reader (PDF, OFD, DOCX, HTML) hands over a table as a grid: rows of
cells, ``None`` where a merged cell covers the position (gridSpan / vMerge /
colspan / rowspan / a PDF cell spanning ruling lines), ``""`` for an empty
cell. It becomes what ``loaders.annex`` and ``loaders.clean`` read in every
other document: one cell per line, each line starting with a tab (a table
cell, never joined to its neighbours), row after row:

* a header split over several rows (责任单位 over 牵头单位 | 配合单位) is
  flattened to the names of its leaf columns, in column order, so the header
  names each column once and the unit columns in the order their cells come;
* a merged cell is printed once, in its first row (the annex reader keeps a
  group's 一、/（一） cell open over the rows below it);
* empty cells are left out; a cell's own line breaks are joined (a cell is
  one line), spaces between Chinese characters removed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from graph.datafile import read_yaml
from graph.errors import PlankgError

__all__ = ["Grid", "cell_text", "header_rows", "table_lines"]

Grid = list[list[str | None]]

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


@lru_cache(maxsize=1)
def _column_names() -> frozenset[str]:
    from loaders.annex import default_vocabulary_path

    data: dict[str, Any] = read_yaml(str(default_vocabulary_path()), PlankgError, "the annex table vocabulary", dict)
    names = {str(n) for ns in data["columns"].values() for n in ns}
    return frozenset(names | {"单位", "指标", "备注", "内容", "事项", "年份", "名称"})


def cell_text(text: str) -> str:
    """One cell's text on one line: line breaks joined, spacing between Chinese characters removed."""
    text = text.replace("\u00a0", " ").replace("\r", "\n").replace("\u200b", "").replace("\ufeff", "")
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    out = ""
    for ln in lines:
        if out and not (re.search(_CJK + "$", out) or re.match(_CJK, ln)):
            out += " "
        out += ln
    out = re.sub(rf"(?<={_CJK})[ \t]+(?={_CJK}|\d)|(?<=\d)[ \t]+(?={_CJK})", "", out)
    return re.sub(r"[ \t]+", " ", out).strip()


def _is_name(text: str) -> bool:
    squeezed = re.sub(r"\s+", "", text)
    if not squeezed:
        return True
    names = _column_names()
    rest = squeezed
    while rest:  # a header cell is made of column names only (重点任务及措施 is not)
        hit = next((n for n in sorted(names, key=len, reverse=True) if rest.startswith(n)), None)
        if hit is None:
            return False
        rest = rest[len(hit) :]
    return True


def header_rows(grid: Grid) -> int:
    """How many leading rows are header rows: rows made only of column names (at most 3)."""
    count = 0
    for row in grid[:3]:
        cells = [c for c in row if c]
        if cells and all(_is_name(c) for c in cells):
            count += 1
        else:
            break
    return count


def table_lines(grid: Grid) -> list[str]:
    """The grid as tab-prefixed lines, one per cell (see the module docstring)."""
    grid = [[cell_text(c) if c is not None else None for c in row] for row in grid]
    grid = [row for row in grid if any(row)]
    if not grid:
        return []
    width = max(len(r) for r in grid)
    grid = [row + [None] * (width - len(row)) for row in grid]
    lines: list[str] = []
    head = header_rows(grid)
    if head > 1:
        last = ""
        for col in range(width):
            leaf = next((grid[r][col] for r in range(head - 1, -1, -1) if grid[r][col]), None)
            if leaf and leaf != last:
                lines.append("\t" + leaf)
                last = leaf
    elif head == 1:
        lines.extend("\t" + c for c in grid[0] if c)
    for row in grid[head:]:
        lines.extend("\t" + c for c in row if c)
    return lines
