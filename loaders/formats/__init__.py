"""Documents in the formats plans are published in → plain text in the shape the rest of
the loaders read (stage: read).

Plans reach coordinators as PDF, OFD, Word (.docx, and the older .doc/.wps),
web pages and plain text. Each format's reader gives the same shape text
extractors give (and the corpus shows): one paragraph per line, page furniture
left out, and every table as one cell per line, each starting with a tab —
the shape ``loaders.clean`` and ``loaders.annex`` read (see
:mod:`loaders.formats.tables`). So a 任务分工表 becomes the same task rows
whatever format it came in.

The format comes from the bytes, never the file name. Every archive and XML
part is read under size, ratio, entity and time limits
(:mod:`loaders.formats.safety`); whatever cannot be read raises one
:class:`DocumentError` line naming the file.
"""

from __future__ import annotations

import io
import re
import zipfile

from loaders.formats.safety import Budget

__all__ = ["SUFFIXES", "extract_text", "sniff_format"]

#: File endings of the formats read here (besides plain text).
SUFFIXES = (".docx", ".doc", ".wps", ".pdf", ".ofd", ".html", ".htm")

_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body|<meta|<p[\s>]|<div[\s>]|<table[\s>])", re.I | re.S
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(data: bytes) -> str:
    """``docx``, ``ofd``, ``pdf``, ``ole`` (.doc/.wps), ``html`` or ``text``, from the bytes themselves."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = {n.replace("\\", "/").lstrip("/").lower() for n in z.namelist()[:10_000]}
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "docx"
        if "ofd.xml" in names:
            return "ofd"
        return "docx"
    if data[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE):
        return "ole"
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return "html"
    return "text"


def extract_text(data: bytes, source: str) -> tuple[str, str] | None:
    """(text, format) for a PDF, OFD, Word or HTML document; None for plain text.

    Raises :class:`DocumentError` (one line) for a document that cannot be read.
    """
    kind = sniff_format(data)
    if kind == "text":
        return None
    budget = Budget(source)
    if kind == "docx":
        from loaders.formats.docx import docx_text

        return docx_text(data, source, budget), "docx"
    if kind == "ole":
        from loaders.formats.docx import docx_text
        from loaders.formats.legacy import convert_to_docx

        return docx_text(convert_to_docx(data, source), source, budget), "doc"
    if kind == "pdf":
        from loaders.formats.pdf import pdf_text

        return pdf_text(data, source, budget), "pdf"
    if kind == "ofd":
        from loaders.formats.ofd import ofd_text

        return ofd_text(data, source, budget), "ofd"
    from loaders.formats.html import html_text
    from loaders.read import decode  # the same encoding rules as plain text

    return html_text(decode(data, source)[0], source), "html"
