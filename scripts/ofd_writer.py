"""A generic OFD (GB/T 33190) writer for making test files: paragraphs and ruled tables
typeset on A4 pages, written as the zip of XML parts the standard defines.

No OFD writer exists on PyPI or in Debian that runs here (easyofd needs PyMuPDF;
LibreOffice does not export OFD), so test OFDs are made with this: plain zip +
XML, page by page, one TextObject per line, PathObjects for the table rules,
a running header and a page number on every page. It is not the code under
test (loaders/formats/ofd.py reads OFD; this only writes it).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

W, H = 210.0, 297.0
LEFT, RIGHT, TOP, BOTTOM = 26.0, 184.0, 30.0, 270.0
SIZE = 4.2  # mm, about 12 pt
LEAD = SIZE * 1.7
NS = "http://www.ofdspec.org/2016"


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1


def _wrap(text: str, width: float, size: float) -> list[str]:
    per = max(1, int(width / size))
    return [text[i : i + per] for i in range(0, len(text), per)] or [""]


class _Pages:
    def __init__(self, header: str) -> None:
        self.header = header
        self.pages: list[list[str]] = []
        self.y = 0.0
        self.ids = 100
        self.new_page()

    def nid(self) -> int:
        self.ids += 1
        return self.ids

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP
        self.text(self.header, (W - len(self.header) * 3.5) / 2, 16.0, 3.5)
        number = f"- {len(self.pages)} -"
        self.text(number, (W - len(number) * 1.8) / 2, 284.0, 3.5)

    def text(self, s: str, x: float, baseline: float, size: float = SIZE) -> None:
        if not s:
            return
        width = sum(size if ord(c) > 0x2000 else size / 2 for c in s)
        deltas = " ".join(f"{(size if ord(c) > 0x2000 else size / 2):.2f}" for c in s[:-1])
        self.pages[-1].append(
            f'<ofd:TextObject ID="{self.nid()}" Boundary="{x:.2f} {baseline - size:.2f} {width + 1:.2f} {size * 1.4:.2f}"'  # noqa: E501
            f' Font="2" Size="{size:.2f}"><ofd:TextCode X="0" Y="{size:.2f}" DeltaX="{deltas}">{escape(s)}'
            "</ofd:TextCode></ofd:TextObject>"
        )

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        bx, by = min(x0, x1), min(y0, y1)
        self.pages[-1].append(
            f'<ofd:PathObject ID="{self.nid()}" Boundary="{bx:.2f} {by:.2f} {abs(x1 - x0) + 0.3:.2f} {abs(y1 - y0) + 0.3:.2f}"'  # noqa: E501
            f' LineWidth="0.25"><ofd:AbbreviatedData>M {x0 - bx:.2f} {y0 - by:.2f} L {x1 - bx:.2f} {y1 - by:.2f}'
            "</ofd:AbbreviatedData></ofd:PathObject>"
        )

    def paragraph(self, s: str, indent: bool = True, center: bool = False, size: float = SIZE) -> None:
        first = 2 * size if indent and not center else 0.0
        lines: list[str] = []
        rest = s
        width = RIGHT - LEFT
        per_first = max(1, int((width - first) / size))
        lines.append(rest[:per_first])
        rest = rest[per_first:]
        lines.extend(_wrap(rest, width, size) if rest else [])
        for k, ln in enumerate(lines):
            if self.y + LEAD > BOTTOM:
                self.new_page()
            self.y += LEAD
            x = (W - len(ln) * size) / 2 if center else LEFT + (first if k == 0 else 0.0)
            self.text(ln, x, self.y, size)

    def table(self, rows: list[list[Cell]], widths: list[float], header_rows: int) -> None:
        ncol = len(widths)
        xs = [LEFT]
        for w_ in widths:
            xs.append(xs[-1] + w_)
        # place cells on a grid
        occupied: dict[tuple[int, int], tuple[int, int]] = {}
        placed: list[tuple[int, int, Cell]] = []
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in occupied:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        occupied[(r + dr, c + dc)] = (r, c)
                placed.append((r, c, cell))
                c += cell.colspan
        size = 3.6
        lead = size * 1.5
        heights = [lead + 2.0] * len(rows)
        for r, c, cell in placed:
            width = sum(widths[c : c + cell.colspan]) - 2
            need = len(_wrap(cell.text, width, size)) * lead + 2.0
            if cell.rowspan == 1:
                heights[r] = max(heights[r], need)
        for r, c, cell in placed:  # a merged cell's text must fit in its rows (on one page)
            width = sum(widths[c : c + cell.colspan]) - 2
            need = len(_wrap(cell.text, width, size)) * lead + 2.0
            span = sum(heights[r : r + cell.rowspan])
            if need > span:
                heights[r + cell.rowspan - 1] += need - span
        cell_at = {(r, c): cell for r, c, cell in placed}

        def draw_row(r: int, top: float, first_on_page: bool, last_on_page: bool) -> None:
            bottom = top + heights[r]
            for c in range(ncol + 1):  # vertical rules, except inside a horizontally merged cell
                owner = occupied.get((r, c - 1)) if c > 0 else None
                if c in (0, ncol) or owner is None or owner[1] + cell_at[owner].colspan <= c:
                    self.line(xs[c], top, xs[c], bottom)
            for c in range(ncol):  # the top rule, except inside a vertically merged cell
                owner = occupied.get((r, c))
                if first_on_page or owner is None or owner[0] == r:
                    self.line(xs[c], top, xs[c + 1], top)
                if last_on_page:
                    self.line(xs[c], bottom, xs[c + 1], bottom)
            for c in range(ncol):
                owner = occupied.get((r, c))
                if owner is None:
                    continue
                cell = cell_at[owner]
                if owner[1] != c or (owner[0] != r and not first_on_page):
                    continue
                if owner[0] != r:
                    continue  # a merged cell continued on a new page stays empty there
                width = sum(widths[c : c + cell.colspan]) - 2
                y = top
                for ln in _wrap(cell.text, width, size):
                    y += lead
                    self.text(ln, xs[c] + 1.0, y - 0.8, size)

        r = 0
        self.y += 2.0
        first = True
        while r < len(rows):
            if self.y + heights[r] > BOTTOM:
                # close the page, repeat the header on the next
                for c in range(ncol):
                    self.line(xs[c], self.y, xs[c + 1], self.y)
                self.new_page()
                self.y += 2.0
                for h in range(header_rows):
                    draw_row(h, self.y, h == 0, False)
                    self.y += heights[h]
                first = True
            draw_row(r, self.y, first, r == len(rows) - 1)
            self.y += heights[r]
            first = False
            r += 1
        self.y += 2.0


def write_ofd(blocks: list[tuple[str, object]], title: str, header: str) -> bytes:
    """blocks: ("title", str) | ("p", str) | ("center", str) | ("table", (rows, widths, header_rows))."""
    pages = _Pages(header)
    for kind, value in blocks:
        if kind == "title":
            pages.paragraph(str(value), indent=False, center=True, size=5.6)
        elif kind == "center":
            pages.paragraph(str(value), indent=False, center=True)
        elif kind == "p":
            pages.paragraph(str(value))
        elif kind == "table":
            rows, widths, head = value  # type: ignore[misc]
            pages.table(rows, widths, head)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.1" DocType="OFD">'
            f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>plankg-test</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>"
            "<ofd:Creator>scripts/ofd_writer.py</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
            "</ofd:DocBody></ofd:OFD>",
        )
        page_refs = "".join(
            f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages.pages))
        )
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            f"<ofd:MaxUnitID>{pages.ids}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {W:.0f} {H:.0f}"
            "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
            f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>",
        )
        z.writestr(
            "Doc_0/PublicRes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
        )
        for i, objects in enumerate(pages.pages):
            z.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
                f'<ofd:Layer ID="{i + 1}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>',
            )
    return buf.getvalue()
