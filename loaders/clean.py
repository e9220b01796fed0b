"""Extracted text → clean text with a map back to the original (stage: clean).

What extraction leaves behind and what we do about it:

* DOCX residue ``[bookmark: _Toc…]`` — removed.
* Full-width digits ``２０２５`` and ``％ ． ＋ －`` — made ASCII (one char each,
  so offsets stay simple). A decimal point the PDF dropped cannot be seen here;
  the indicators stage keeps the printed value and flags it.
* Page breaks: a line starting with a space continues the paragraph; a short
  line repeated elsewhere at a page break (a running header) is furniture, and so is
  the same short word opening page lines before their text (``重庆市人民政府办公厅文件 …``).
* Wrapped lines: joined into paragraphs. In fixed-width text (PDF) a line that
  is nearly full and does not end a sentence continues on the next line; in
  paragraph text (HTML, DOCX) a prose line that does not end a sentence does.
  A line that starts with a numbering marker always starts a block. An item
  number a crawler broke over lines (``1`` / ``.`` / ``加强…``) is one line again.
* Spaces PDF puts between Chinese and digits (``到 2025 年``) are removed, and
  between two Chinese characters inside prose; spaces between digits (table
  cells) and around Latin words are kept.
* Markdown pipe-table rows (``| 1 | … |``) are lines of their own.
* Tables (a header line naming 责任部门/责任单位…): rows are kept one line per
  extracted line; repeated page headers of the table are dropped. In a table
  that separates its cells by blank lines and wraps inside a cell by single
  breaks (a web page's), a blank line is kept as one empty line: the cell
  boundary the annex reader needs.

``Cleaned.offsets[i]`` is the index in the original text of cleaned char
``i`` (``offsets[len(text)]`` is the original length), so any span of the
clean text can be shown in the original. The map is kept as runs of consecutive
offsets (``graph.model.OffsetMap``; a line's characters are consecutive in the
original), never as one int per character.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.model import OffsetMap
from loaders.annex import assignment_column_names
from loaders.numbering import HEADING_START, TERMINAL, is_cjk
from loaders.pipe_table import BREAK, RULE_CELL

__all__ = ["Cleaned", "clean", "normalise_chars"]

_BOOKMARK = "[bookmark:"  # … up to the next ]: see _bookmarks
_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．＋－"} | {
    ord("〈"): ord("（"),
    ord("〉"): ord("）"),
}
#: A line at least this long may be a whole plan run into one line.
_RUN_IN_LINE = 200
_RUN_IN_MARKER = re.compile(
    # after a sentence end, a space or a closing bracket/quote: any heading marker
    r"[。；！？;!?：:　 ）)”」](?=第[一二三四五六七八九十]{1,3}(?:[章节条部]|阶段)|[一二三四五六七八九十]{1,3}、"
    r"|[（(][\d一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)|专栏|附件[：:\d]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"
    # after any character: （一） and ①, which running text never prints mid-sentence
    r"|[^\s（(](?=[（(][一二三四五六七八九十]{1,3}[）)]|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"
    # after a heading's last word: the first item of its list (（八）其他工作1. 开展…)
    r"|[\u4e00-\u9fff](?=1[.．、](?!\d)|[（(]1[）)])"
)
#: A 责任单位：… line run into the next item's number (the cell of a web table, no break).
_AFTER_CLAUSE_LINE = re.compile(
    r"(?:责任单位|牵头单位|配合单位|责任部门|牵头部门|完成时限)[:：][^。；\n:：]{1,80}?[\u4e00-\u9fff）)]"
    r"(?=\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])"
)
#: A chapter or section heading at a line start (一、 （二）), whose title an item may follow.
_HEADING_WITH_TITLE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])[\u4e00-\u9fff]"
)
#: A heading's short title ending at a space, in a page printed as one line (its line breaks spaces).
_TITLE_BEFORE_SPACE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])[\u4e00-\u9fff“”、]{2,24}(?=[ \u3000]+\S)"
)
#: An item number straight after a heading's last word (…提升2.聚焦…), not a decimal.
_ITEM_AFTER_TITLE = re.compile(r"[\u4e00-\u9fff]\d{1,2}[.．、](?!\d)")
#: A page number printed as its own line: - 3 -, — 12 —, 第3页, 第 3 页 共 10 页.
#: (Possessive ``\s*+``: spaces before an optional comma are read once, not split two ways.)
_PAGE_NUMBER = re.compile(r"^(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d{1,4}\s*页(?:\s*+[，,/]?\s*+共\s*\d{1,4}\s*页)?)$")
#: A paragraph that ends with a bracket standing after its last sentence (…。（责任单位：…）).
_CLOSING_BRACKET = re.compile(r"[。；;！？!?][（(][^（）()]{1,80}[）)]$")
#: A labelled line: a group's leader and members, a task's units or deadline (组长：…, 成员单位：…).
_LABEL_LINE = re.compile(
    r"^(?:副?组长|成员(?:单位)?|组员|责任单位|牵头单位|配合单位|责任部门|牵头部门|配合部门|完成时限|完成时间)[:：]"
)
#: An item number a crawler printed on its own line, and the point it broke off (``1`` / ``.``).
_SPLIT_NUMBER = re.compile(r"^[1-9]\d?$")
#: How many lines after a table's header show how the table breaks its cells.
_CELL_SCAN = 200
_NUMBER_END = re.compile(r"^[.．、]$")
_BARE_MARKER = re.compile(r"^[1-9]\d?[.．、]$")
#: Markdown a converter wrapped a line in: a heading's #s, bold ** or __ around the whole line.
_MARKDOWN = re.compile(r"^(#{1,6}[ \t]+|\*\*(?=\S)|__(?=\S))?(.*?)((?<=\S)\*\*|(?<=\S)__)?$", re.S)
#: A row of a Markdown pipe table (| 序号 | 项目名称 | … |).
_PIPE_ROW = re.compile(r"^\|.*\|$")
#: A horizontal rule a converter printed between pages (* * *, ---, ___).
_RULE_LINE = re.compile(r"^(?:[*＊][ \t]*){3,}$|^(?:[-_—][ \t]*){3,}$")
_LINE = re.compile(r"([^\r\n\f]*)(\r\n|\r|\n|\f|$)")
_SPACES = re.compile("[ \u3000]+")
#: Stripped from both ends of a line.
_STRIP = " \t\u3000\r\f\v"

#: An indicator table's header names a baseline or target column.
_INDICATOR_WORDS = ("基期值", "预期值", "目标值", "基准值")


def normalise_chars(text: str) -> str:
    """``text`` with the one-for-one character changes the clean stage makes (２０２５ → 2025,
    － → -, 〈〉 → （）): how a printed string reads in the clean text."""
    return text.translate(_FULLWIDTH)


@dataclass(frozen=True)
class Cleaned:
    """Clean text and, per character, its offset in the original."""

    text: str
    offsets: OffsetMap


#: Original offsets of a line's characters as ``(first offset, length)`` runs.
_Runs = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class _Line:
    text: str  # stripped, residue removed, digits normalised
    idx: _Runs  # original offset of each char of ``text``, as runs
    page_break: bool  # started with a space in the original
    cell: bool  # started with a tab (a DOCX table cell)
    open_brackets: int = 0  # unclosed （ of the paragraph this line ends


def _runs_slice(runs: _Runs, a: int, b: int) -> list[tuple[int, int]]:
    """The runs of positions ``[a, b)``."""
    out = []
    pos = 0
    for origin, length in runs:
        lo, hi = max(a, pos), min(b, pos + length)
        if lo < hi:
            out.append((origin + lo - pos, hi - lo))
        pos += length
        if pos >= b:
            break
    return out


def _runs_at(runs: _Runs, i: int) -> int:
    """The original offset of position ``i`` (``-1``: the last)."""
    if i < 0:
        origin, length = runs[-1]
        return origin + length - 1
    pos = 0
    for origin, length in runs:
        if i < pos + length:
            return origin + i - pos
        pos += length
    raise IndexError(i)


_LAYOUT_CELL = 200  # a table cell this long with line breaks in it holds a page's text, not a table's


def _layout_cell_lines(raw: str) -> list[tuple[int, int]]:
    """Ranges of the lines a page's layout table holds: a web page exported to Markdown may
    put the whole document into one pipe-table cell (``| 各相关部门：<br>为进一步…<br>一、工作目标<br>…|``);
    its ``<br>`` are the page's line breaks and its ``|`` cell ends. Only a row with such a
    cell (long, broken by ``<br>``, a heading marker opening one of its lines) is split: a task
    table's cells (区建设管理委<br>区财政局) stay one row."""
    if not (raw.startswith("|") and raw.rstrip().endswith("|")):
        return [(0, len(raw))]
    cells = [(m.start(), m.end()) for m in re.finditer(r"[^|]+", raw)]
    filled = [(a, b) for a, b in cells if raw[a:b].strip() and not RULE_CELL.match(raw[a:b])]
    # | 信息来源：…<br>发布时间：… |, | 关于…的通知 |: a box around the page's lines (a group row of a
    # task table, | 一、实施设备更新行动 |, opens with its number and stays a row)
    alone = len(cells) == 1 and filled and not HEADING_START.match(raw[filled[0][0] : filled[0][1]].strip())
    layout = bool(alone) or (len(filled) == 1 and "<br" in raw.lower())
    for a, b in cells if not layout and len(raw) >= _LAYOUT_CELL and "<br" in raw.lower() else ():
        pieces = BREAK.split(raw[a:b])
        if b - a >= _LAYOUT_CELL and len(pieces) >= 3 and any(HEADING_START.match(p.strip()) for p in pieces):
            layout = True
            break
    if not layout:
        return [(0, len(raw))]
    out: list[tuple[int, int]] = []
    for a, b in cells:
        pos = a
        for m in [*BREAK.finditer(raw, a, b), None]:
            end = m.start() if m else b
            piece = raw[pos:end]
            if piece.strip():
                left = len(piece) - len(piece.lstrip())
                out.append((pos + left, pos + len(piece.rstrip())))
            pos = m.end() if m else b
    return out or [(0, len(raw))]


def _run_in_breaks(raw: str) -> list[tuple[int, int]]:
    """Ranges of a very long line split before each heading marker that follows a sentence end.

    Text copied from a web page or a PDF without line breaks runs a whole plan into
    one line (…工作机制。二、主要任务（一）…); a marker after 。；！？ or a space starts a block.
    """
    cuts = [0]
    if len(raw) >= _RUN_IN_LINE:
        ats = {m.start() + 1 for m in _RUN_IN_MARKER.finditer(raw)}
        ats |= {m.end() for m in _AFTER_CLAUSE_LINE.finditer(raw)}  # …责任单位：各区属国企3.加快…
        for at in sorted(ats):
            if at - cuts[-1] >= 2 and HEADING_START.match(raw[at : at + 12]):
                cuts.append(at)
    cuts.append(len(raw))
    # a heading run into its first item: （二）产业化水平提升2.聚焦国企主业发展。…
    out: list[int] = []
    for a, b in itertools.pairwise(cuts):
        out.append(a)
        piece = raw[a:b]
        if _HEADING_WITH_TITLE.match(piece):
            item = _ITEM_AFTER_TITLE.search(piece, 0, 40)
            if item is not None:
                out.append(a + item.start() + 1)
            elif len(raw) >= _RUN_IN_LINE and (title := _TITLE_BEFORE_SPACE.match(piece)):
                out.append(a + title.end())  # （一）科学规划布局 到2025年…: a page run into one line
    out.append(len(raw))
    return list(itertools.pairwise(out))


def _split_lines(original: str, heads: frozenset[str] | None = None) -> list[_Line]:
    """Lines at every line break the text uses: \\n, \\r\\n, a lone \\r, or a form feed
    (a page break: the line after it starts a page)."""
    lines: list[_Line] = []
    after_form_feed = False
    heads = _running_heads(original) if heads is None else heads
    for m in _LINE.finditer(original):
        whole, base = m.group(1), m.start()
        head = _HEAD.match(whole) if heads else None
        new_page = False
        if head is not None and head.group(1) in heads:  # 重庆市人民政府办公厅文件 …the page's text
            whole, base, new_page = whole[head.end() :], base + head.end(), True
        for a, b in ((a0 + a, a0 + b) for a0, b0 in _layout_cell_lines(whole) for a, b in _run_in_breaks(whole[a0:b0])):
            line = _line(whole[a:b], base + a)
            line.page_break = line.page_break or (after_form_feed and a == 0) or (new_page and a == 0)
            lines.append(line)
        after_form_feed = m.group(2) == "\f"
        if m.end() >= len(original):
            break
    return _rejoin_split_numbers(lines)


#: A line's first word before a space: a running header a PDF page prints before its text.
_HEAD = re.compile(r"^[ \t\u3000]*([^\s，。；：、,.;:]{4,24})[ \t\u3000]+(?=\S)")


def _running_heads(original: str) -> frozenset[str]:
    """Running headers printed at the start of page lines (重庆市人民政府办公厅文件 …the page's text):
    a short word, no punctuation, that opens at least three lines followed by a space, or stands
    as a line of its own and opens two more."""
    opens: dict[str, int] = {}
    alone: dict[str, int] = {}
    for raw in re.split(r"\r\n|\r|\n|\f", original):
        head = _HEAD.match(raw)
        if head is not None:
            opens[head.group(1)] = opens.get(head.group(1), 0) + 1
        bare = raw.strip(_STRIP)
        if 4 <= len(bare) <= 24:
            alone[bare] = alone.get(bare, 0) + 1
    return frozenset(
        h
        for h, n in opens.items()
        if not HEADING_START.match(h.lstrip("*#_")) and (n >= 3 or (n >= 2 and alone.get(h, 0) >= 1))
    )


def _rejoin_split_numbers(lines: list[_Line]) -> list[_Line]:
    """An item number a crawler broke from its point and its title (``1`` / ``.`` / ``加强`` /
    ``油气供应保障。``, or ``4.`` / ``促进`` / ``新型储能`` / ``发展。``) as one line again. The title's
    pieces are taken while what is joined is a short phrase without punctuation."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if _SPLIT_NUMBER.match(ln.text) and i + 1 < len(lines) and _NUMBER_END.match(lines[i + 1].text):
            parts = [ln, lines[i + 1]]
        elif _BARE_MARKER.match(ln.text):
            parts = [ln]
        else:
            out.append(ln)
            i += 1
            continue
        title = ""
        for piece in lines[i + len(parts) : i + len(parts) + 4]:
            if not piece.text or HEADING_START.match(piece.text) or (not title and piece.text[0].isdigit()):
                break  # (a number's digits broken over lines, 0. / 3035, stay apart)
            if title and (len(title) > 12 or _is_prose(title) or len(piece.text) > 20):
                break
            parts.append(piece)
            title += piece.text
            if piece.text[-1] in TERMINAL:
                break
        out.append(
            _Line("".join(p.text for p in parts), tuple(r for p in parts for r in p.idx), ln.page_break, ln.cell)
        )
        i += len(parts)
    return out


def _bookmarks(raw: str) -> Iterator[tuple[int, int]]:
    """Spans of ``[bookmark:…]`` (up to the first ``]``). Once no ``]`` follows, none can close:
    the scan stops there (``re.finditer`` would rescan the rest of the line from every
    ``[bookmark:`` — quadratic in a line of unclosed ones)."""
    pos = raw.find(_BOOKMARK)
    while pos >= 0:
        close = raw.find("]", pos + len(_BOOKMARK))
        if close < 0:
            return
        yield pos, close + 1
        pos = raw.find(_BOOKMARK, close + 1)


#: A bold run's markers and the spaces between two bold runs (``** **``), in a line that opens bold.
_BOLD_MARKS = re.compile(r"\*\*(?:[ \t]*\*\*)?")


def _bold_runs(raw: str) -> list[tuple[int, int]]:
    """Spans of the ``**`` of a line a converter printed in bold pieces (``**1** **.** **开展氢能关键
    技术研发。** 加快…``): the number, its point and its title in runs of their own, split by
    spaces. Dropped, and the spaces between two runs with them, the line reads 1.开展氢能关键技术研发。
    Only a line that opens bold and has a second run is read so (a lone **标题** is the
    markdown rule's)."""
    if not raw.lstrip(" \t\u3000").startswith("**") or raw.count("**") < 4:
        return []
    return [(m.start(), m.end()) for m in _BOLD_MARKS.finditer(raw)]


#: A Markdown escape: the backslash a converter printed before a character Markdown reserves
#: (\[责任单位:市发展改革委\] is [责任单位:市发展改革委]).
_ESCAPE = re.compile(r"\\(?=[\[\]*_#|()<>`~-])")


def _dropped(raw: str) -> list[tuple[int, int]]:
    """Spans of a line that are markup, not text: bookmarks, bold runs' markers, Markdown escapes."""
    escapes = [(m.start(), m.end()) for m in _ESCAPE.finditer(raw)] if "\\" in raw else []
    spans = sorted([*_bookmarks(raw), *_bold_runs(raw), *escapes])
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _line(raw: str, start: int) -> _Line:
    pieces: list[str] = []
    runs: list[tuple[int, int]] = []
    pos = 0
    for a, b in _dropped(raw):
        if a > pos:
            pieces.append(raw[pos:a])
            runs.append((start + pos, a - pos))
        pos = b
    if pos < len(raw):
        pieces.append(raw[pos:])
        runs.append((start + pos, len(raw) - pos))
    lead = "".join(pieces).translate(_FULLWIDTH)  # one char for one: offsets unchanged
    body = lead.lstrip(_STRIP)
    text = body.rstrip(_STRIP)
    left = len(lead) - len(body)
    # **二、重点任务**, # 标题: a converter's markdown, not the text (looked for only where a line opens so)
    marks = _MARKDOWN.match(text) if text[:1] in "#*_" else None
    opening, closing = (marks.group(1), marks.group(3)) if marks is not None else (None, None)
    if marks is not None and opening and (closing or opening.startswith("#")):
        left += len(opening)
        text = marks.group(2) if closing and not opening.startswith("#") else text[len(opening) :]
    return _Line(
        text=text,
        idx=tuple(_runs_slice(tuple(runs), left, left + len(text))),
        page_break=lead[:1] in (" ", "\f"),
        cell=lead[:1] == "\t",
    )


def _is_indicator_header(text: str) -> bool:
    squeezed = text.replace(" ", "").replace("\u3000", "")
    return len(squeezed) <= 40 and "指标" in squeezed and any(w in squeezed for w in _INDICATOR_WORDS)


@functools.lru_cache(maxsize=1)
def _column_words() -> re.Pattern[str]:
    """The unit and deadline column names (责任单位, 完成时限 …) as one pattern, built once."""
    # two-character names (部门, 时限) are words of any sentence; a header prints a longer one beside them
    names = [n for n in assignment_column_names() if len(n) > 2]
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


def _is_table_header(text: str) -> bool:
    squeezed = text.replace(" ", "").replace("\u3000", "")
    return (
        len(squeezed) <= 30
        and not any(p in squeezed for p in "。，；：")
        and _column_words().search(squeezed) is not None
    )


def _squeeze_spaces(line: _Line, prose: bool) -> _Line:
    """Drop spaces between Chinese and digits, and between Chinese characters in prose."""
    t = line.text
    if " " not in t and "\u3000" not in t:
        return _Line(t, line.idx, line.page_break, line.cell)
    out_c: list[str] = []
    out_i: list[tuple[int, int]] = []
    i = 0
    for m in _SPACES.finditer(t):
        a, j = m.span()
        out_c.append(t[i:a])
        out_i.extend(_runs_slice(line.idx, i, a))
        left = t[a - 1] if a else ""
        right = t[j] if j < len(t) else ""
        cjk_l, cjk_r = is_cjk(left), is_cjk(right)
        drop = (cjk_l and right.isdigit()) or (left.isdigit() and cjk_r)
        drop = drop or (prose and cjk_l and cjk_r and j - a == 1)
        if not drop:
            out_c.append(" ")
            out_i.append((_runs_at(line.idx, a), 1))
        i = j
    out_c.append(t[i:])
    out_i.extend(_runs_slice(line.idx, i, len(t)))
    return _Line("".join(out_c), tuple(out_i), line.page_break, line.cell)


def _is_prose(text: str) -> bool:
    return any(p in text for p in "。，、；：,.;")


def _wrap_width(lines: list[_Line]) -> int | None:
    """The fixed wrap width of PDF-extracted text, or None for paragraph text."""
    lengths = sorted(len(ln.text) for ln in lines if ln.text)
    if len(lengths) < 20:
        return None
    p90 = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if p90 * 0.8 <= n <= p90 * 1.1)
    return p90 if p90 <= 60 and near >= len(lengths) * 0.4 else None


def clean(original: str) -> Cleaned:
    """Clean ``original`` (see the module docstring for every rule)."""
    heads = _running_heads(original)
    lines = _split_lines(original, heads)
    counts: dict[str, int] = {}
    for ln in lines:
        if ln.text:
            counts[ln.text] = counts.get(ln.text, 0) + 1
    width = _wrap_width(lines)
    cells_by_blank = False  # the open table separates its cells by blank lines (see _cells_by_blank)

    out_c: list[str] = []  # the lines (and line breaks) kept, joined once at the end
    out_i: list[tuple[int, int]] = []  # their offsets' runs
    prev: _Line | None = None  # last emitted line
    seen_table_header: str | None = None
    in_table = False
    in_indicator_table = False
    first_text = True
    blank = False  # a blank line since the last line kept
    for at, ln in enumerate(lines):
        if not ln.text:
            blank = True
            continue
        if not in_table and (_PAGE_NUMBER.match(ln.text) or _RULE_LINE.match(ln.text)):
            continue  # page numbers and rules between pages are page furniture, like running headers
        if not first_text and ln.text in heads:
            continue  # a running header that opens page lines elsewhere, standing alone here
        squeezed_key = ln.text.replace(" ", "")
        if _is_table_header(ln.text):
            if in_table and squeezed_key == seen_table_header:
                continue  # repeated header of a table that spans pages
            if not in_table:
                cells_by_blank = _cells_by_blank(lines, at)
            in_table, seen_table_header = True, squeezed_key
        elif _is_indicator_header(ln.text):
            in_table, in_indicator_table = True, True
        elif in_table and ln.text.startswith("附件") and not _is_prose(ln.text):
            in_table = False
        elif in_indicator_table and (HEADING_START.match(ln.text) or ln.text.lstrip("\u3000 ").startswith("注")):
            in_table = in_indicator_table = False  # the body resumes after an inline indicator table
        # running header repeated at a page break (never the first line)
        if (
            not first_text
            and ln.page_break
            and counts[ln.text] > 1
            and len(ln.text) <= 20
            and not _is_prose(ln.text)
            and prev is not None
            and prev.text[-1:] not in TERMINAL
            and not in_table
        ):
            continue
        first_text = False
        if not in_indicator_table:  # an indicator table's cells stay apart
            ln = _squeeze_spaces(ln, prose=not in_table and _is_prose(ln.text))
        join = prev is not None and not in_table and _continues(prev, ln, width)
        if prev is not None and not join:
            out_c.append("\n")
            out_i.append((_runs_at(prev.idx, -1) + 1, 1))
            if in_table and blank and cells_by_blank and not in_indicator_table:
                out_c.append("\n")  # a blank line between table cells: the cell boundary stays visible
                out_i.append((_runs_at(ln.idx, 0) - 1, 1))
        blank = False
        depth = (prev.open_brackets if join and prev is not None else 0) + _bracket_balance(ln.text)
        ln.open_brackets = max(depth, 0)
        out_c.append(ln.text)
        out_i.extend(ln.idx)
        prev = ln
    out_i.append((len(original), 1))
    del lines, counts
    return Cleaned("".join(out_c), OffsetMap.from_runs(out_i))


def _cells_by_blank(lines: list[_Line], start: int) -> bool:
    """Does the table starting at line ``start`` separate its cells by blank lines and wrap inside
    a cell by single breaks (a web page's table)? Both kinds of break must be common among its
    first lines; in PDF text every line may be followed by a blank one, or none is."""
    texts = [bool(ln.text) for ln in lines[start : start + _CELL_SCAN]]
    kept = [i for i, t in enumerate(texts[:-1]) if t]
    blank = sum(1 for i in kept if not texts[i + 1])
    single = len(kept) - blank
    return len(kept) >= 10 and blank >= len(kept) * 0.2 and single >= len(kept) * 0.1


def _bracket_balance(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _continues(prev: _Line, line: _Line, width: int | None) -> bool:
    """Does ``line`` continue the paragraph whose last line is ``prev``?"""
    if line.cell or prev.cell:
        return False
    if _PIPE_ROW.match(line.text) or _PIPE_ROW.match(prev.text):
        return False  # a Markdown table's row is a line of its own
    if HEADING_START.match(line.text):
        return False
    if width is None and _LABEL_LINE.match(line.text):
        return False  # 组长：… / 成员单位：… / 责任单位：… lines of paragraph text stand alone
    if line.text[0] in "，、。；：）)」』”":
        return True
    if prev.open_brackets > 0:
        return True  # a clause such as （责任单位：… wraps before its closing bracket
    if prev.text[-1] in TERMINAL:
        return line.text.startswith(("（责任", "(责任", "（牵头", "(牵头"))
    if _CLOSING_BRACKET.search(prev.text):
        return False  # …支持和配合。（2025年6月—2026年12月）: a bracket after the last sentence ends it
    if prev.text.startswith("——"):
        return False  # a subtitle stands alone
    short_heading = HEADING_START.match(prev.text) and len(prev.text) <= 30
    if short_heading and not any(p in prev.text for p in "。．；") and (width is None or len(prev.text) < width * 0.9):
        return False  # a heading line such as 一、指导思想 stands alone
    if (
        width is None
        and HEADING_START.match(prev.text)
        and prev.text[-1] not in "，、：（("
        and not any(p in prev.text for p in "。．；")
    ):
        return False  # in paragraph text a numbered heading that ends its line ends its paragraph
    if width is not None:
        return len(prev.text) >= width * 0.7
    return _is_prose(prev.text)
