"""DOCX and HTML files → plain text in the shape the rest of the loaders read (stage: read).

Plans are published as .docx and .html as often as .txt. Rather than asking a
coordinator to convert them, we extract their text with the standard library,
in the same shape text extractors give (and the corpus shows): one paragraph
per line, and each table cell on a line of its own starting with a tab — so
``loaders.clean`` and the table readers treat them like any other document.
PDF is not read here: its text needs a layout-aware extractor; the message
says to convert it first.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

from graph.errors import DocumentError

__all__ = ["extract_text", "sniff_format"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<p[\s>]|<div[\s>])", re.I)


def sniff_format(data: bytes) -> str:
    """``docx``, ``html``, ``pdf`` or ``text``, from the bytes themselves (never the file name)."""
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"%PDF"):
        return "pdf"
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return "html"
    return "text"


def extract_text(data: bytes, source: str) -> tuple[str, str] | None:
    """(text, format) for a DOCX or HTML document; None for plain text.

    Raises :class:`DocumentError` for a PDF or a broken DOCX.
    """
    kind = sniff_format(data)
    if kind == "docx":
        return _docx_text(data, source), "docx"
    if kind == "html":
        from loaders.read import decode  # the same encoding rules as plain text

        return _html_text(decode(data, source)[0]), "html"
    if kind == "pdf":
        raise DocumentError(source, "PDF 文件请先转成文本（.txt）再载入 (PDF: convert it to text first)")
    return None


# -- DOCX -------------------------------------------------------------------------------
def _docx_text(data: bytes, source: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
        root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        raise DocumentError(source, f"不是可读取的 Word 文档 (not a readable .docx: {exc})") from exc
    body = root.find(f"{_W}body")
    lines: list[str] = []
    for child in body if body is not None else []:
        if child.tag == f"{_W}p":
            lines.append(_paragraph(child))
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                for cell in row.findall(f"{_W}tc"):
                    text = "".join(_paragraph(p) for p in cell.iter(f"{_W}p"))
                    lines.append("\t" + text)
    return "\n".join(lines) + "\n"


def _paragraph(p: ElementTree.Element) -> str:
    out: list[str] = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            out.append(node.text)
        elif node.tag == f"{_W}tab":
            out.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
    return "".join(out)


# -- HTML -------------------------------------------------------------------------------
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "title"}
_SKIP = {"script", "style", "head"}


class _TextParser(HTMLParser):
    """Text of an HTML page: blocks on their own lines, table cells tab-prefixed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in ("td", "th"):
            self.parts.append("\n\t")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(self.skip - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def _html_text(markup: str) -> str:
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = [
        ln.strip(" ") if not ln.startswith("\t") else "\t" + ln[1:].strip() for ln in "".join(parser.parts).split("\n")
    ]
    return "\n".join(ln for ln in lines if ln.strip()) + "\n"
