"""How long reading a 100-page PDF takes (pdfplumber, tables and furniture included).

Makes the PDF from tests/files/yantai_action_plan.pdf's pages repeated to 100 pages
(pypdfium2 imports pages; no LibreOffice needed), reads it with loaders.formats,
prints seconds per document and per page. Run: .venv/bin/python bench/pdf.py
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from loaders.formats import extract_text  # noqa: E402


def hundred_pages() -> bytes:
    src = pdfium.PdfDocument(str(ROOT / "tests" / "files" / "yantai_action_plan.pdf"))
    out = pdfium.PdfDocument.new()
    while len(out) < 100:
        out.import_pages(src, list(range(min(len(src), 100 - len(out)))))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def main() -> None:
    data = hundred_pages()
    start = time.perf_counter()
    text, kind = extract_text(data, "bench-100-pages.pdf")
    took = time.perf_counter() - start
    print(
        f"100-page PDF ({len(data) / 2**20:.1f} MB, {kind}): {took:.1f} s, {took * 10:.0f} ms/page, {len(text)} chars"
    )


if __name__ == "__main__":
    main()
