"""Make tests/files/rushan_fengong.docx/.pdf the way scripts/make_test_files.py makes the others.

Source: tests/docs/annex/rushan_pdf_lead_support.txt (乳山市知识产权保护工作行动方案 and its
任务分工表, a text extracted from a PDF). Laid out in Word with python-docx — items as Word
auto-numbering, the table with 重点任务 over two columns (gridSpan), the 一、 group cell merged
down over its four rows and （一）培育高价值专利 over its two (vMerge), 二、 across both task
columns, the header row repeated on every page (w:tblHeader) — a running header and a page-number
footer, then LibreOffice headless → PDF. A page break is put before the table's caption's page so
the table starts low on a page and runs onto the next, as in the source PDF (the repeated
header before （三）). Run: .venv/bin/python scripts/make_test_pdf_rushan.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from docx.oxml import parse_xml
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from make_test_files import _W, OUT, _body_paragraph, _new_doc, _soffice, _table  # noqa: E402

# the table's rows, cell by cell (text, colspan, rowspan), read off the source's flattened table
RUSHAN_TABLE: list[list[tuple[str, int, int]]] = [
    [("重点任务", 2, 1), ("工作措施", 1, 1), ("牵头单位", 1, 1), ("配合单位", 1, 1)],
    [("一、提升知识产权创造质量", 1, 4), ("（一）培育高价值专利", 1, 2),
     ("1.实施高价值专利培育计划，支持企业建设高价值专利培育中心。", 1, 1), ("市市场监管局", 1, 1),
     ("市科技局、市财政局", 1, 1)],
    [("2.开展专利导航。", 1, 1), ("市市场监管局", 1, 1), ("市工业和信息化局", 1, 1)],
    [("（二）加强商标品牌建设", 1, 1), ("建立商标品牌指导站，培育一批区域品牌，对成效突出的给予奖励。", 1, 1),
     ("市市场监管局", 1, 1), ("市农业农村局、市商务局", 1, 1)],
    [("（三）推进专利转化运用", 1, 1), ("推动高校专利向中小企业转让许可。", 1, 1), ("市市场监管局", 1, 1),
     ("市教育局", 1, 1)],
    [("二、强化知识产权保护", 2, 1), ("加强行政执法与司法保护衔接，开展知识产权执法专项行动，严厉打击侵权假冒行为。", 1, 1),  # noqa: E501
     ("市市场监管局、市公安局", 1, 1), ("市法院、市人力资源社会保障局", 1, 1)],
]  # fmt: skip


def rushan() -> None:
    src = (ROOT / "tests/docs/annex/rushan_pdf_lead_support.txt").read_text(encoding="utf-8")
    body = [ln.strip() for ln in src.split("\n附件\n")[0].splitlines() if ln.strip()]
    doc = _new_doc("乳山市人民政府办公室")
    doc.add_paragraph(body[0]).alignment = 1
    blocks: list = []
    for text in body[1:]:
        _body_paragraph(doc, text, blocks)
    doc.add_page_break()
    doc.add_paragraph("附件")
    doc.add_paragraph("乳山市知识产权保护工作任务分工表").alignment = 1
    for _ in range(14):  # the table starts low on the page and runs onto the next
        doc.add_paragraph("")
    table = _table(doc, RUSHAN_TABLE, 5)
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:tblHeader {_W} w:val="true"/>'))
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(12)
    path = OUT / "rushan_fengong.docx"
    doc.save(str(path))
    _soffice(path, "pdf")


if __name__ == "__main__":
    if shutil.which("soffice") is None:
        sys.exit("needs LibreOffice: apt-get install -y --no-install-recommends libreoffice-writer-nogui")
    rushan()
    print(OUT / "rushan_fengong.pdf")
