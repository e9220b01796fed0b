"""A government web page → the plan's text, its metadata and its tables (stage: read).

A page holds far more than the plan: navigation, breadcrumbs (当前位置), share
and print buttons, related links, the footer. The main content is found by
readability-lxml (Apache-2.0; its output is HTML, so the tables keep their
cells and their colspan/rowspan; trafilatura, compared on the pages of
tests/files/, kept a line of page furniture on each and dropped the spans —
tests/files/README.md); when it finds too little, the whole body is read. The metadata table government
portals print above the text (索引号 / 发布机构 / 成文日期 / 文号 …, or the page's
``<meta name="ArticleTitle|PubDate|ContentSource">``) becomes ``key: value``
lines at the top, which :mod:`loaders.front_matter` reads (a key the CMS spaces
out, 索&ensp;引&ensp;号：, is read as the word). Tables keep their
cells (colspan / rowspan merged cells) through :mod:`loaders.formats.tables`.
A page declaring entities (``<!ENTITY``: XXE, billion laughs) is refused.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from graph.errors import DocumentError
from loaders.formats.tables import Grid, table_lines

__all__ = ["html_text", "page_metadata"]

_BLOCKS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title", "ul", "ol",
    "dd", "dt", "center", "blockquote", "pre", "form",
}  # fmt: skip
_SKIP = {"script", "style", "head", "noscript", "template", "iframe", "svg", "button", "select", "textarea"}
_META_KEYS = ("索引号", "发布机构", "发文机关", "成文日期", "发布日期", "文号", "发文字号", "标题", "名称", "主题分类")
_META_LINE = re.compile(r"^(" + "|".join(_META_KEYS) + r")\s*[:：]?\s*(.*)$")
_META_TAGS = {"ArticleTitle": "标题", "PubDate": "发布日期", "ContentSource": "发布机构"}
#: A key spaced out to the width of the longest (索&ensp;引&ensp;号：, 标&ensp;&ensp;&ensp;&ensp;题：) before its colon.
_SPACED_KEY = re.compile(
    "("
    + "|".join(r"[\s\u2002\u2003\u3000]*".join(k) for k in sorted(_META_KEYS, key=len, reverse=True))
    + r")(?=\s*[:：])"
)


def _squeeze_key(line: str) -> str:
    return _SPACED_KEY.sub(lambda m: re.sub(r"[\s\u2002\u2003\u3000]+", "", m.group(1)), line)


class _Walker(HTMLParser):
    """Blocks on their own lines; tables as grids (colspan/rowspan)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skip = 0
        self.tables: list[tuple[Grid, list[list[int]], list[str]]] = []  # grid, row spans, current cell
        self.meta: dict[str, str] = {}
        self._pending: list[tuple[int, int, int]] = []  # (last row, column, width) of open rowspans

    # a table: rows of cells; pending rowspans fill later rows with None
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = dict(attrs)
            name = a.get("name") or ""
            if name in _META_TAGS and a.get("content"):
                self.meta[_META_TAGS[name]] = (a.get("content") or "").strip()
            return
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "table":
            self.tables.append(([], [], []))
        elif tag == "tr" and self.tables:
            grid, spans, _ = self.tables[-1]
            grid.append([])
            spans.append([])
        elif tag in ("td", "th") and self.tables:
            grid, spans, _ = self.tables[-1]
            if not grid:
                grid.append([])
            a = dict(attrs)
            self._fill_rowspans(grid)
            colspan = _int(a.get("colspan"))
            rowspan = _int(a.get("rowspan"))
            grid[-1].append("")
            self.tables[-1] = (grid, spans, [])
            for _ in range(colspan - 1):
                grid[-1].append(None)
            if rowspan > 1:
                self._pending.append((len(grid) - 1 + rowspan - 1, len(grid[-1]) - colspan, colspan))
        elif tag in _BLOCKS:
            self._break()

    def _fill_rowspans(self, grid: Grid) -> None:
        row = len(grid) - 1
        for last_row, col, width in self._pending:
            if row <= last_row and len(grid[-1]) == col:
                grid[-1].extend([None] * width)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(self.skip - 1, 0)
            return
        if self.skip:
            return
        if tag in ("td", "th") and self.tables:
            grid, spans, cell = self.tables[-1]
            if grid and grid[-1]:
                k = max(i for i, c in enumerate(grid[-1]) if c is not None)
                grid[-1][k] = "".join(cell).strip()
            self.tables[-1] = (grid, spans, [])
        elif tag == "tr" and self.tables:
            grid, _, _ = self.tables[-1]
            self._fill_rowspans(grid)
        elif tag == "table" and self.tables:
            grid, _, _ = self.tables.pop()
            self._pending = []
            lines = table_lines(grid)
            if self.tables:  # a table inside a cell: its text joins the cell
                self.tables[-1][2].append("\n".join(ln.lstrip("\t") for ln in lines))
            else:
                self._break()
                self.lines.extend(lines)
                self.lines.append("")
        elif tag in _BLOCKS:
            self._break()

    def _break(self) -> None:
        if self.tables:
            self.tables[-1][2].append("\n")
        elif self.lines[-1].strip():
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = re.sub(r"[ \t\r\n\u00a0]+", " ", data)
        if self.tables:
            self.tables[-1][2].append(text)
        else:
            self.lines[-1] += text


def _int(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), 50))
    except ValueError:
        return 1


def _walk(markup: str) -> _Walker:
    w = _Walker()
    w.feed(markup)
    w.close()
    return w


def page_metadata(markup: str) -> list[str]:
    """The page's metadata as ``key: value`` lines (its metadata table first, then its <meta> tags)."""
    w = _walk(markup)
    lines = [_squeeze_key(ln) for ln in w.lines]
    chunks = [c.strip() for ln in lines for c in re.split(r"\t|\s{2,}", ln.strip("\t")) if c.strip()]
    for ln in lines:
        if ln.startswith("\t"):
            chunks.append(ln.strip())
    found: dict[str, str] = {}
    for i, chunk in enumerate(chunks):
        m = _META_LINE.match(chunk)
        if not m or m.group(1) in found:
            continue
        value = m.group(2).strip()
        if not value and i + 1 < len(chunks) and not _META_LINE.match(chunks[i + 1]):
            value = chunks[i + 1]
        if value and len(value) <= 80:
            found[m.group(1)] = value
    for key, value in w.meta.items():
        found.setdefault(key, value)
    return [f"{k}: {v}" for k, v in found.items()]


def _main_content(markup: str) -> str | None:
    try:
        from readability import Document

        summary: str = Document(markup).summary(html_partial=True)
    except Exception:  # readability gives up on odd markup: read the whole body
        return None
    return summary


def html_text(markup: str, source: str) -> str:
    """The plan's text of a web page (see the module docstring)."""
    if re.search(r"<!ENTITY", markup, re.I):
        raise DocumentError(
            source, "网页含实体声明（<!ENTITY，可能是 XML 炸弹或外部实体攻击），拒绝读取 (entities refused)"
        )
    whole = _lines(_walk(markup))
    main = _main_content(markup)
    body = _lines(_walk(main)) if main else []
    han = sum(1 for ln in body for c in ln if "\u4e00" <= c <= "\u9fff")
    whole_han = sum(1 for ln in whole for c in ln if "\u4e00" <= c <= "\u9fff")
    if han < 200 or han < whole_han * 0.3:
        body = whole  # readability kept too little: the whole page, furniture and all
    meta = page_metadata(markup)
    body_keys = {ln.split(":", 1)[0] for ln in body if _META_LINE.match(ln)}
    meta = [m for m in meta if m.split(":", 1)[0] not in body_keys]
    return "\n".join(meta + body) + "\n"


def _lines(w: _Walker) -> list[str]:
    out = []
    for ln in w.lines:
        if ln.startswith("\t"):
            out.append(ln)
        elif ln.strip():
            out.append(ln.strip())
    return out
