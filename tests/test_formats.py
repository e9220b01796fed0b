"""Plans published as .docx and .html load as they are (text extracted with the standard
library, in the shape text extractors give); a PDF gets a one-line message. Expected
values are read off the documents written here and in tests/docs/formats/."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from graph.errors import DocumentError
from loaders.formats import sniff_format
from loaders.pipeline import build_graph, parse_document
from tests.outline_view import ROOT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(paragraphs: list[str | list[list[str]]]) -> bytes:
    """A minimal .docx: strings are paragraphs (a \\t is a tab run), lists are tables of rows."""

    def para(text: str) -> str:
        runs = "<w:r><w:tab/></w:r>".join(
            f'<w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r>' for p in text.split("\t")
        )
        return f"<w:p>{runs}</w:p>"

    body = []
    for item in paragraphs:
        if isinstance(item, str):
            body.append(para(item))
        else:
            rows = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in row) + "</w:tr>" for row in item)
            body.append(f"<w:tbl>{rows}</w:tbl>")
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


RIZHAO = _docx(
    [
        "日照市知识产权运用促进行动方案（2024—2026年）",
        "为贯彻落实《山东省知识产权强省建设纲要（2021—2035年）》，制定本方案。",
        "一、主要目标",
        "到2026年，主要指标如下。",
        [
            ["指标", "单位", "2023年基期值", "2026年目标值", "属性"],
            ["每万人口高价值发明专利拥有量", "件", "3.2", "5.5", "预期性"],
        ],
        "二、重点任务",
        "（一）培育高价值专利。建设高价值专利培育中心。（责任单位：市市场监管局、市科技局）",
        "（二）推进质押融资。开展知识产权质押融资入园惠企行动。（牵头单位：市地方金融监管局；配合单位：市市场监管局）",
        "三、保障措施",
        "（一）加强组织领导。",
    ]
)


def test_a_docx_plan_loads_with_its_outline_units_and_table_indicator():
    doc = parse_document(RIZHAO, "rizhao.docx")
    p = doc.plan
    assert (p.title, p.kind, p.region, p.level, p.period_start, p.period_end) == (
        "日照市知识产权运用促进行动方案（2024—2026年）",
        "行动方案",
        "日照市",
        "prefecture",
        2024,
        2026,
    )
    assert p.cites == ["山东省知识产权强省建设纲要（2021—2035年）"]
    graph = build_graph([doc])
    got = [
        (t.path, t.kind, t.title, [(graph.units[m.unit_id or ""].name, m.role) for m in t.mentions])
        for t in sorted(doc.tasks, key=lambda t: t.span.start)
    ]
    assert got == [
        (
            "2.1",
            "task",
            "培育高价值专利",
            [("日照市市场监督管理局", "responsible"), ("日照市科学技术局", "responsible")],
        ),
        ("2.2", "task", "推进质押融资", [("日照市地方金融监督管理局", "lead"), ("日照市市场监督管理局", "support")]),
        ("3.1", "safeguard", "加强组织领导", []),
    ]
    (ind,) = doc.indicators
    assert (ind.name, ind.metric, ind.baseline, ind.baseline_year, ind.target, ind.target_year) == (
        "每万人口高价值发明专利拥有量",
        "每万人口高价值发明专利拥有量",
        "3.2",
        2023,
        "5.5",
        2026,
    )
    assert (ind.measure_unit, ind.nature, ind.flag) == ("件", "预期性", None)


def test_an_html_plan_loads_without_its_script_style_and_head():
    path = ROOT / "tests" / "docs" / "formats" / "linyi_work_plan.html"
    doc = parse_document(path.read_bytes(), path.name)
    p = doc.plan
    assert (p.title, p.issuer, p.kind, p.region, p.period_start, p.period_end) == (
        "临沂市知识产权保护工作方案（2024—2025年）",
        "临沂市人民政府办公室",
        "工作方案",
        "临沂市",
        2024,
        2025,
    )
    assert "不是正文" not in p.text and "text-indent" not in p.text
    graph = build_graph([doc])
    got = [
        (t.path, t.title, [(graph.units[m.unit_id or ""].name, m.role) for m in t.mentions])
        for t in sorted(doc.tasks, key=lambda t: t.span.start)
    ]
    assert got == [
        ("2.1", "加强行政保护", [("临沂市市场监督管理局", "responsible"), ("临沂市公安局", "responsible")]),
        ("2.2", "强化司法保护", [("临沂市中级人民法院", "lead"), ("临沂市人民检察院", "support")]),
        ("3.1", "加强组织领导", [("临沂市市场监督管理局", "responsible")]),
    ]
    assert [(i.target, i.comparator, i.measure_unit, i.target_year) for i in doc.indicators] == [
        ("85", ">=", "分", 2025)
    ]


def test_the_format_comes_from_the_bytes_not_the_file_name(tmp_path: Path):
    html = (ROOT / "tests" / "docs" / "formats" / "linyi_work_plan.html").read_bytes()
    assert sniff_format(html) == "html"
    assert parse_document(html, "saved_as.txt").plan.title == "临沂市知识产权保护工作方案（2024—2025年）"
    assert sniff_format(RIZHAO) == "docx"
    assert sniff_format("一、重点任务".encode()) == "text"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF 文件不完整或已损坏（可能下载中断） (truncated or broken PDF)"),
        (b"PK\x03\x04not really a zip", "不是可读取的 Word 文档 (not a readable .docx: File is not a zip file)"),
    ],
)
def test_a_broken_pdf_or_docx_is_one_clear_line(data: bytes, reason: str):
    with pytest.raises(DocumentError) as err:
        parse_document(data, "x")
    assert str(err.value) == f"x: {reason}"
