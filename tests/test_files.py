"""Plans as coordinators receive them (tests/files/, made as tests/files/README.md says): PDF, OFD,
Word (.docx, .doc) — their text, tables, units and deadlines; and the files that must cost one line.

Expected values are hand transcriptions of the documents: 文登's work programme and its 任务分工表
(tests/docs/annex/wendeng_docx_lead_support.txt, laid out as the files), 荣成's work programme
(data/plans/001), and for 烟台 (data/plans/003) the hand-checked golden of its 任务分工表 plus the
graph of the same document loaded as text."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest

from graph.errors import DocumentError
from loaders.formats import extract_text, sniff_format
from loaders.formats.legacy import soffice
from loaders.pipeline import build_graph, parse_document
from tests.outline_view import ROOT

FILES = ROOT / "tests" / "files"


def _doc(name: str):  # type: ignore[no-untyped-def]
    path = FILES / name
    return parse_document(path.read_bytes(), path.name)


def _tasks(doc) -> list[tuple[str, str, list[tuple[str, str]], str | None]]:  # type: ignore[no-untyped-def]
    return [
        (t.path, t.title, [(m.text, m.role) for m in t.mentions], t.deadline)
        for t in sorted(doc.tasks, key=lambda t: t.span.start)
    ]


# 文登: read off the document (body clauses and the 任务分工表 with 牵头/配合/完成时限 under a two-row header)
WENDENG = [
    ("2.1", "强化知识产权创造", [], None),
    ("2.1.1", "提升专利质量", [("区市场监管局", "lead"), ("区科技局", "support"), ("区财政局", "support")], None),
    ("2.1.2", "培育商标品牌", [("区市场监管局", "lead"), ("区农业农村局", "support"), ("区商务局", "support")], None),
    ("2.2", "加强知识产权保护", [], None),
    ("2.2.1", "强化行政执法", [("区市场监管局", "lead"), ("区公安分局", "support"), ("区文化和旅游局", "support")], None),  # noqa: E501
    ("2.2.2", "推进协同保护", [("区市场监管局", "lead"), ("区公安分局", "lead")], None),
    ("3.1", "加强组织领导", [("区知识产权工作领导小组", "responsible")], None),  # 领导小组统筹推进各项任务
    ("A.1", "强化知识产权创造", [], None),
    ("A.1.1", "提升专利质量", [("区市场监管局", "lead"), ("区科技局", "support"), ("区财政局", "support")], "2023年底前"),  # noqa: E501
    ("A.1.2", "培育商标品牌", [("区市场监管局", "lead"), ("区农业农村局", "support"), ("区商务局", "support")], "长期坚持"),  # noqa: E501
    ("A.2", "加强知识产权保护", [], None),
    ("A.2.3", "强化行政执法", [("区市场监管局", "lead"), ("区公安分局", "support"), ("区文化和旅游局", "support")],
     "2024年6月底前"),
    ("A.2.4", "推进协同保护", [("区市场监管局", "lead"), ("区公安分局", "lead")], "持续推进"),
]  # fmt: skip


@pytest.mark.parametrize("name", ["wendeng_fengong.docx", "wendeng_fengong.pdf", "wendeng_fengong.ofd"])
def test_wendeng_tasks_units_and_deadlines_in_every_format(name: str):
    doc = _doc(name)
    assert doc.plan.title == "威海市文登区知识产权强区建设工作方案"
    assert _tasks(doc) == WENDENG


def test_word_auto_numbering_reads_as_printed_and_headers_footers_are_left_out():
    text, kind = extract_text((FILES / "wendeng_fengong.docx").read_bytes(), "w.docx")
    assert kind == "docx"
    lines = text.splitlines()
    # numbering.xml: chineseCounting 「%1、」「（%2）」, decimal 「%3.」 — the typed markers are not in the runs
    assert "一、工作目标" in lines and "（一）强化知识产权创造。" in lines
    assert any(ln.startswith("1.提升专利质量。") for ln in lines)
    assert "\t1" in lines and "\t4" in lines  # the 序号 cells are auto-numbered too
    assert "威海市文登区人民政府办公室" not in text and "- 1 -" not in text  # header, footer
    # the two-row header (责任单位 over 牵头单位 | 配合单位) becomes its leaf columns, merged group cells once
    assert lines[lines.index("\t序号") : lines.index("\t序号") + 7] == [
        "\t序号", "\t重点任务", "\t具体措施", "\t牵头单位", "\t配合单位", "\t完成时限", "\t一、强化知识产权创造",
    ]  # fmt: skip


def test_pdf_furniture_is_dropped_by_position():
    text, _ = extract_text((FILES / "yantai_action_plan.pdf").read_bytes(), "y.pdf")
    assert "烟台市人民政府办公室文件" not in text  # the running header
    assert not any(ln.strip().startswith("- ") and ln.strip().endswith(" -") for ln in text.splitlines())


@pytest.mark.skipif(
    soffice() is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
)
def test_a_word_97_doc_is_read_through_libreoffice():
    doc = _doc("wendeng_fengong.doc")
    assert _tasks(doc) == WENDENG


def test_a_doc_without_libreoffice_is_one_line(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PLANKG_SOFFICE", "")
    start = time.monotonic()
    with pytest.raises(DocumentError) as err:
        _doc("wendeng_fengong.doc")
    assert time.monotonic() - start < 2
    assert "apt-get install libreoffice-writer-nogui" in str(err.value) and "\n" not in str(err.value)


def _graph_rows(doc):  # type: ignore[no-untyped-def]
    graph = build_graph([doc])
    p = doc.plan
    meta = (p.title, p.kind, p.issuer, p.doc_no, p.region, p.level, p.period_start, p.period_end, p.issued_on)
    rows = [
        (t.path, t.kind, t.title, t.parent_id is None, [(graph.units[m.unit_id or ""].name, m.role) for m in t.mentions],  # noqa: E501
         t.deadline)
        for t in sorted(doc.tasks, key=lambda t: t.span.start)
    ]  # fmt: skip
    return meta, rows


@pytest.mark.parametrize("name", ["yantai_action_plan.pdf", "yantai_action_plan.docx"])
def test_yantai_from_pdf_and_word_is_the_graph_of_its_text(name: str):
    text = ROOT / "data" / "plans" / "003_e75adc5d0d9a8531.txt"
    assert _graph_rows(_doc(name)) == _graph_rows(parse_document(text.read_bytes(), text.name))


def test_yantai_pdf_table_over_24_pages_gives_the_golden_rows():
    golden = json.loads((ROOT / "tests" / "golden" / "annex_003.json").read_text(encoding="utf-8"))["rows"]
    doc = _doc("yantai_action_plan.pdf")
    rows = [(t.path, t.title, [m.text for m in t.mentions]) for t in doc.tasks if t.kind == "annex_row"]
    assert rows == [(r["path"], r["title"], r["units"]) for r in golden]


# 荣成: read off data/plans/001 (the items of 三、重点任务 and the 责任单位 of three of them)
RONGCHENG_TITLES = [
    "提升知识产权培育水平", "培育高价值知识产权", "提升传统产业知识产权竞争优势", "提高知识产权运用能力",
    "培育知识产权密集型企业", "拓展知识产权投融资渠道", "推动知识产权协同创新与实施", "强化知识产权保护力度",
    "完善知识产权保护体系",
]  # fmt: skip


@pytest.mark.parametrize(
    "name", ["rongcheng_work_programme.docx", "rongcheng_work_programme.pdf", "rongcheng_work_programme.ofd"]
)
def test_rongcheng_work_programme_in_every_format(name: str):
    doc = _doc(name)
    got = _tasks(doc)
    assert doc.plan.title == "荣成市国家知识产权强县建设试点县工作方案（2022—2024年）"
    assert [t[1] for t in got[:9]] == RONGCHENG_TITLES
    units = {path: [u for u, _ in mentions] for path, _, mentions, _ in got}
    assert units["3.1.2"] == ["市发展改革局", "工业和信息化局", "农业农村局", "文化和旅游局", "市场监督管理局"]
    assert units["3.2.1"] == ["市发展改革局", "科学技术局", "工业和信息化局", "文化和旅游局", "市场监督管理局"]
    assert units["3.2.3"] == ["市发展改革局", "科学技术局", "工业和信息化局", "市场监督管理局"]


def test_the_same_plan_in_three_formats_is_one_graph():
    rows = [_graph_rows(_doc(f"rongcheng_work_programme.{ext}")) for ext in ("docx", "pdf", "ofd")]
    assert rows[0] == rows[1] == rows[2]


# -- what must cost one line, fast -----------------------------------------------------------
def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    b"<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
_XXE = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    b"<w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)
BAD = {
    "bomb.docx": (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (300 * 2**20)}), "压缩炸弹"),
    "laughs.docx": (_zip({"word/document.xml": _LAUGHS}), "实体声明"),
    "xxe.docx": (_zip({"word/document.xml": _XXE}), "实体声明"),
    "xxe.html": (
        b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x;</p></body></html>',
        "实体声明",
    ),
    "bomb.ofd": (_zip({"OFD.xml": b"<OFD/>", "Doc_0/Document.xml": b" " * (200 * 2**20)}), "压缩炸弹"),
    "scanned.pdf": ((FILES / "bad" / "scanned.pdf").read_bytes(), "扫描件"),
    "encrypted.pdf": ((FILES / "bad" / "encrypted.pdf").read_bytes(), "已加密"),
    "truncated.pdf": ((FILES / "bad" / "truncated.pdf").read_bytes(), "不完整"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_hostile_or_unreadable_file_is_one_clear_line_in_under_two_seconds(name: str):
    data, words = BAD[name]
    start = time.monotonic()
    with pytest.raises(DocumentError) as err:
        parse_document(data, name)
    assert time.monotonic() - start < 2
    message = str(err.value)
    assert message.startswith(f"{name}: ") and words in message and "\n" not in message


def test_the_rest_of_the_batch_still_loads(tmp_path: Path):
    from graph.stores.networkx_store import NetworkXStore
    from loaders.pipeline import load_paths

    for name, (data, _) in BAD.items():
        (tmp_path / name).write_bytes(data)
    for name in ("wendeng_fengong.pdf", "rongcheng_work_programme.ofd", "yantai_action_plan.docx"):
        (tmp_path / name).write_bytes((FILES / name).read_bytes())
    report = load_paths([tmp_path], NetworkXStore(tmp_path / "g.json"))
    assert sorted(name for name, _ in report.failed) == sorted(BAD)
    assert all("\n" not in why for _, why in report.failed)
    assert sorted(report.added) == ["rongcheng_work_programme.ofd", "wendeng_fengong.pdf", "yantai_action_plan.docx"]


def test_formats_are_told_from_the_bytes():
    assert [sniff_format((FILES / n).read_bytes()) for n in
            ("wendeng_fengong.docx", "wendeng_fengong.ofd", "wendeng_fengong.pdf", "wendeng_fengong.doc")] == [
        "docx", "ofd", "pdf", "ole",
    ]  # fmt: skip


# 乳山: read off tests/docs/annex/rushan_pdf_lead_support.txt (body clauses with 牵头/配合, and the
# 任务分工表: 重点任务 over two columns, 一、 merged down over four rows and （一） over two, the table
# running from page 2 onto page 3 under a repeated header)
RUSHAN = [
    ("1.1", "提升知识产权创造质量", [], None),
    ("1.1.1", "培育高价值专利", [("市市场监管局", "lead"), ("市科技局", "support"), ("市财政局", "support")], None),
    ("1.1.2", "加强商标品牌建设", [("市市场监管局", "lead"), ("市农业农村局", "support")], None),
    ("1.2", "强化知识产权保护",
     [("市市场监管局", "lead"), ("市公安局", "support"), ("市法院", "support"), ("市人力资源和社会保障局", "support")], None),  # noqa: E501
    ("2.1", "加强组织领导", [], None),
    ("A.1", "提升知识产权创造质量", [], None),
    ("A.1.1", "培育高价值专利", [], None),
    ("A.1.1.1", "实施高价值专利培育计划，支持企业建设高价值专利培育中心",
     [("市市场监管局", "lead"), ("市科技局", "support"), ("市财政局", "support")], None),
    ("A.1.1.2", "开展专利导航", [("市市场监管局", "lead"), ("市工业和信息化局", "support")], None),
    ("A.1.2", "加强商标品牌建设", [("市市场监管局", "lead"), ("市农业农村局", "support"), ("市商务局", "support")], None),  # noqa: E501
    ("A.1.3", "推进专利转化运用", [("市市场监管局", "lead"), ("市教育局", "support")], None),
    ("A.2", "强化知识产权保护",
     [("市市场监管局", "lead"), ("市公安局", "lead"), ("市法院", "support"), ("市人力资源社会保障局", "support")], None),  # noqa: E501
]  # fmt: skip


def test_rushan_pdf_with_a_merged_cell_table_over_two_pages():
    import pdfplumber

    with pdfplumber.open(FILES / "rushan_fengong.pdf") as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    assert len(pages) == 3 and "重点任务" in pages[1] and "重点任务" in pages[2]  # the header repeated
    doc = _doc("rushan_fengong.pdf")
    p = doc.plan
    assert (p.title, p.kind, p.issuer, p.doc_no, p.region, p.level, p.issued_on) == (
        "乳山市知识产权保护工作行动方案", "行动方案", None, None, "乳山市", "county", None,
    )  # fmt: skip
    assert _tasks(doc) == RUSHAN
    text, _ = extract_text((FILES / "rushan_fengong.pdf").read_bytes(), "r.pdf")
    assert text.count("\t重点任务") == 1 and "乳山市人民政府办公室" not in text  # repeated header, running header
    source = ROOT / "tests" / "docs" / "annex" / "rushan_pdf_lead_support.txt"
    assert _graph_rows(doc) == _graph_rows(parse_document(source.read_bytes(), source.name))
