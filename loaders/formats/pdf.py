"""A PDF → text in reading order, its ruled tables as tables (stage: read).

pdfplumber (MIT, on pdfminer.six) gives each character with its position, the
ruling lines and the tables they draw; pypdfium2 (PDFium, BSD/Apache) is the
fast fallback when pdfminer cannot parse a file. PyMuPDF is never used (AGPL).

Per page, in this order:

* doubled glyphs (the fake bold of CJK fonts: each character drawn twice,
  offset by a fraction of a point) are removed (pdfplumber's ``dedupe_chars``);
* ruled tables are found from their lines and read as grids (merged cells are
  ``None``), the text outside them as lines with positions;
* page furniture is dropped by position: a line in the top or bottom band of
  the page that repeats on other pages (digits ignored: 第 3 页, - 3 -) or is a
  bare page number;
* lines are joined into paragraphs by geometry: a line that reaches the right
  margin continues on the next line (across a page break too) unless the next
  line is indented as a new paragraph.

A table that runs over a page break is one table: its header repeated at the
top of the next page is dropped, and a row split by the break (the first row
on the new page has no numbering marker) is joined to the row it continues.

What cannot be read gets one line: a scanned PDF (no text layer; OCR is out
of scope), a password, a truncated or broken file, fonts without a ToUnicode
map (pdfminer prints ``(cid:NN)`` or private-use code points instead of text).
"""

from __future__ import annotations

import io
import re
from typing import Any

from graph.errors import DocumentError
from loaders.formats.layout import Line, Page, Table, drop_furniture, render
from loaders.formats.safety import Budget
from loaders.formats.tables import Grid

__all__ = ["pdf_text"]

_CID = re.compile(r"\(cid:\d+\)")
_TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def _encrypted(source: str) -> DocumentError:
    return DocumentError(
        source, "PDF 已加密（需要密码），请先去除密码再载入 (encrypted PDF: remove the password first)"
    )


def _truncated(source: str) -> DocumentError:
    return DocumentError(source, "PDF 文件不完整或已损坏（可能下载中断） (truncated or broken PDF)")


def pdf_text(data: bytes, source: str, budget: Budget) -> str:
    """The text of a PDF (see the module docstring)."""
    if b"%%EOF" not in data[-4096:]:
        raise _truncated(source)
    try:
        pages = _plumber_pages(data, source, budget)
    except DocumentError:
        raise
    except Exception:  # pdfminer could not parse it: PDFium may
        pages = _pdfium_pages(data, source, budget)
    drop_furniture(pages)
    text = render(pages)
    _check_text(text, source)
    return text


# -- pdfplumber ----------------------------------------------------------------------------
def _plumber_pages(data: bytes, source: str, budget: Budget) -> list[Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors
        if (
            isinstance(exc, PDFPasswordIncorrect)
            or "PDFPasswordIncorrect" in repr(exc)
            or "password" in repr(exc).lower()
        ):
            raise _encrypted(source) from exc
        raise
    out: list[Page] = []
    with pdf:
        for page in pdf.pages:
            budget.check()
            out.append(_plumber_page(page))
    return out


def _plumber_page(page: Any) -> Page:
    page = page.dedupe_chars(tolerance=1)
    result = Page(height=float(page.height), width=float(page.width))
    tables = [t for t in page.find_tables(_TABLE_SETTINGS) if len(t.rows) >= 2 and len(t.rows[0].cells) >= 2]
    outside = page
    for t in tables:
        outside = outside.outside_bbox(t.bbox)
        grid: Grid = [list(row) for row in t.extract(x_tolerance=1.5, y_tolerance=3)]
        result.items.append(Table(grid, float(t.bbox[1]), float(t.bbox[3])))
    for ln in outside.extract_text_lines(layout=False, strip=True, return_chars=True, x_tolerance=1.5):
        chars = ln.get("chars") or []
        size = max((float(c.get("size", 0)) for c in chars), default=10.0)
        result.items.append(
            Line(ln["text"], float(ln["x0"]), float(ln["x1"]), float(ln["top"]), float(ln["bottom"]), size)
        )
    result.items.sort(key=lambda it: it.top)
    return result


# -- pypdfium2 -----------------------------------------------------------------------------
def _pdfium_pages(data: bytes, source: str, budget: Budget) -> list[Page]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _encrypted(source) from exc
        raise _truncated(source) from exc
    out: list[Page] = []
    try:
        for i in range(len(pdf)):
            budget.check()
            page = pdf[i]
            width, height = page.get_size()
            textpage = page.get_textpage()
            result = Page(height=float(height), width=float(width))
            n = textpage.count_rects()
            for r in range(n):  # PDFium's text rectangles are runs of one line
                left, bottom, right, top = textpage.get_rect(r)
                text = textpage.get_text_bounded(left, bottom, right, top).strip()
                if text:
                    size = top - bottom
                    result.items.append(Line(text, left, right, height - top, height - bottom, size))
            result.items.sort(key=lambda it: (round(it.top / 3), it.x0 if isinstance(it, Line) else 0.0))
            out.append(_merge_runs(result))
    finally:
        pdf.close()
    return out


def _merge_runs(page: Page) -> Page:
    """PDFium's runs on one baseline → one line."""
    merged: list[Line | Table] = []
    for it in page.items:
        last = merged[-1] if merged else None
        if isinstance(it, Line) and isinstance(last, Line) and abs(it.top - last.top) < last.size * 0.5:
            last.text += it.text
            last.x1 = max(last.x1, it.x1)
        else:
            merged.append(it)
    page.items = merged
    return page


def _check_text(text: str, source: str) -> None:
    letters = [c for c in text if not c.isspace()]
    if len(letters) < 20:
        raise DocumentError(
            source,
            "PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）再载入 (scanned PDF: no text layer, OCR it first)",
        )
    cids = len(_CID.findall(text))
    private = sum(1 for c in letters if "\ue000" <= c <= "\uf8ff")
    if cids * 8 > len(letters) * 0.05 or private > len(letters) * 0.05:
        raise DocumentError(
            source,
            "PDF 字体缺少 ToUnicode 映射，取不出可读文字（会是乱码），请用原文件另存或转换"
            " (fonts without ToUnicode map)",
        )
