"""Positioned lines and tables of fixed-layout pages (PDF, OFD) → text (stage: read).

Shared by :mod:`loaders.formats.pdf` and :mod:`loaders.formats.ofd`: page
furniture dropped by position, lines joined into paragraphs by geometry, a
table running over a page break made one table (see the PDF module's docstring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.formats.tables import Grid, cell_text, header_rows, table_lines

__all__ = ["Line", "Page", "Table", "drop_furniture", "render"]

_BAND = 0.09  # top and bottom share of the page where headers and footers sit
_PAGE_NUMBER = re.compile(
    r"^(?:[-—－–·\s]*\d{1,4}[-—－–·\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}(?:[.．、]|$))")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class Table:
    grid: Grid
    top: float
    bottom: float


@dataclass
class Page:
    height: float
    width: float
    items: list[Line | Table] = field(default_factory=list)


# -- furniture, paragraphs, tables over page breaks --------------------------------------
def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _in_band(page: Page, line: Line) -> bool:
    return line.bottom < page.height * _BAND or line.top > page.height * (1 - _BAND)


def drop_furniture(pages: list[Page]) -> None:
    seen: dict[str, set[int]] = {}
    for i, page in enumerate(pages):
        for it in page.items:
            if isinstance(it, Line) and _in_band(page, it):
                seen.setdefault(_key(it.text), set()).add(i)
    for page in pages:
        page.items = [
            it
            for it in page.items
            if not (
                isinstance(it, Line)
                and _in_band(page, it)
                and (_PAGE_NUMBER.match(it.text.strip()) or (len(pages) > 1 and len(seen[_key(it.text)]) > 1))
            )
        ]


def _body_box(pages: list[Page]) -> tuple[float, float]:
    """(left, right) edges of the body text: where most lines start and the widest lines end."""
    lefts = sorted(round(it.x0) for p in pages for it in p.items if isinstance(it, Line))
    rights = sorted(it.x1 for p in pages for it in p.items if isinstance(it, Line))
    if not lefts:
        return 0.0, 0.0
    left = max(set(lefts), key=lefts.count)
    right = rights[int(len(rights) * 0.9)] if len(rights) >= 10 else rights[-1]
    return float(left), right


def _continues(prev: Line, line: Line, left: float, right: float) -> bool:
    """Does ``line`` continue the paragraph ``prev`` ends (prev reaches the right margin)?"""
    em = max(prev.size, 1.0)
    if prev.x1 < right - 1.5 * em:
        return False  # a short last line ends its paragraph
    return line.x0 <= left + 1.2 * em  # an indented first line starts a paragraph


def _rows_continue(prev: Table, nxt: Table) -> Table:
    """The table ``nxt`` starting a page continues ``prev`` ending the one before."""
    head = header_rows(prev.grid)
    rows = nxt.grid
    squeeze = [[re.sub(r"\s+", "", c or "") for c in r] for r in prev.grid[:head]]
    while head and rows and [re.sub(r"\s+", "", c or "") for c in rows[0]] in squeeze:
        rows = rows[1:]  # the header repeated on the new page
    grid = [list(r) for r in prev.grid]
    if rows and grid:
        first = rows[0]
        filled = [c for c in first if c and c.strip()]
        if filled and not any(_MARKER.match(cell_text(c)) for c in filled) and len(first) == len(grid[-1]):
            last = grid[-1]  # a row split by the page break: its cells go on
            for k, c in enumerate(first):
                if c and c.strip():
                    last[k] = (last[k] or "") + "\n" + c
            rows = rows[1:]
    return Table(grid + [list(r) for r in rows], prev.top, nxt.bottom)


def render(pages: list[Page]) -> str:
    left, right = _body_box(pages)
    items: list[Line | Table] = []
    for page in pages:
        for k, it in enumerate(page.items):
            last = items[-1] if items else None
            if k == 0 and isinstance(it, Table) and isinstance(last, Table) and len(it.grid[0]) == len(last.grid[0]):
                items[-1] = _rows_continue(last, it)
                continue
            items.append(it)
    out: list[str] = []
    prev: Line | None = None
    for it in items:
        if isinstance(it, Table):
            out.extend(table_lines(it.grid))
            prev = None
            continue
        if prev is not None and out and _continues(prev, it, left, right):
            joint = (
                ""
                if re.search(r"[\u3000-\u9fff\uff00-\uffef]$", out[-1])
                or re.match(r"[\u3000-\u9fff\uff00-\uffef]", it.text)
                else " "
            )
            out[-1] += joint + it.text
        else:
            out.append(it.text)
        prev = it
    return "\n".join(out) + "\n"
