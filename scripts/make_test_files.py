"""Make the documents of tests/files/ the way offices make them (recipe in tests/files/README.md).

Real plan texts (tests/docs/annex/wendeng_docx_lead_support.txt, data/plans/001 and 003)
are laid out in Word with python-docx — headings and items as real Word
auto-numbering (numbering.xml: chineseCounting 「%1、」「（%2）」, decimal 「%3.」),
the 任务分工表 as a Word table with merged cells (gridSpan, vMerge), a running
header and a page-number footer — then converted by LibreOffice headless to
PDF and to Word 97 (.doc), and typeset to OFD by scripts/ofd_writer.py (a
generic zip+XML writer; no OFD writer exists on PyPI or Debian here). None of
this uses plankg's readers. Run: .venv/bin/python scripts/make_test_files.py
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from ofd_writer import Cell, write_ofd  # noqa: E402

OUT = ROOT / "tests" / "files"
BODY_NUM, CELL_NUM = 90, 91
_W = nsdecls("w")

# markers of the source texts → list level of the body's multilevel list
_LEVELS = (
    (0, re.compile(r"^[一二三四五六七八九十]{1,3}、\s*")),
    (1, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]\s*")),
    (2, re.compile(r"^\d{1,2}[.．]\s*(?!\d)")),
    (3, re.compile(r"^[（(]\d{1,2}[）)]\s*")),
)


def _numbering(doc) -> None:  # type: ignore[no-untyped-def]
    part = doc.part.numbering_part
    lvl = (
        '<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        '<w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl>'
    )
    body = "".join(
        lvl.format(i=i, fmt=f, text=t)
        for i, (f, t) in enumerate(
            [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."), ("decimal", "（%4）")]
        )
    )
    part.element.append(parse_xml(f'<w:abstractNum {_W} w:abstractNumId="{BODY_NUM}">{body}</w:abstractNum>'))
    cell = lvl.format(i=0, fmt="decimal", text="%1")
    part.element.append(parse_xml(f'<w:abstractNum {_W} w:abstractNumId="{CELL_NUM}">{cell}</w:abstractNum>'))
    for n in (BODY_NUM, CELL_NUM):
        part.element.append(parse_xml(f'<w:num {_W} w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>'))
    # w:num must follow all w:abstractNum: move the nums to the end
    for num in list(part.element.findall(f"{{{part.element.nsmap['w']}}}num")):
        part.element.remove(num)
        part.element.append(num)


def _number(paragraph, num_id: int, level: int) -> None:  # type: ignore[no-untyped-def]
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {_W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _new_doc(header: str):  # type: ignore[no-untyped-def]
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(14)
    style.font.name = "Noto Serif CJK SC"
    style.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "Noto Serif CJK SC"
    )
    _numbering(doc)
    section = doc.sections[0]
    section.header.paragraphs[0].text = header
    foot = section.footer.paragraphs[0]
    foot.alignment = 1
    foot._p.append(parse_xml(f'<w:r {_W}><w:t xml:space="preserve">- </w:t></w:r>'))
    foot._p.append(parse_xml(f'<w:fldSimple {_W} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    foot._p.append(parse_xml(f'<w:r {_W}><w:t xml:space="preserve"> -</w:t></w:r>'))
    return doc


def _body_paragraph(doc, text: str, blocks: list) -> None:  # type: ignore[no-untyped-def]
    """A body paragraph; a numbered one gets Word auto-numbering instead of its typed marker."""
    for level, rx in _LEVELS:
        m = rx.match(text)
        if m:
            p = doc.add_paragraph(text[m.end() :])
            _number(p, BODY_NUM, level)
            blocks.append(("p", text))
            return
    p = doc.add_paragraph(text)
    p.paragraph_format.first_line_indent = Pt(28)
    blocks.append(("p", text))


def _table(doc, rows: list[list[tuple[str, int, int]]], ncols: int, numbered_col: int | None = None):  # type: ignore[no-untyped-def]
    """rows of (text, colspan, rowspan) cells → a Word table with merged cells."""
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    occupied: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for text, colspan, rowspan in row:
            while (r, c) in occupied:
                c += 1
            cell = table.cell(r, c)
            if colspan > 1 or rowspan > 1:
                cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.add((r + dr, c + dc))
            if numbered_col is not None and c == numbered_col and text.isdigit():
                cell.paragraphs[0].text = ""
                cell.paragraphs[0].add_run("")
                _number(cell.paragraphs[0], CELL_NUM, 0)
                cell.paragraphs[0].runs[0].text = " "  # Word numbers a paragraph with content
                cell.paragraphs[0].runs[0].text = "\u200b"
            else:
                cell.paragraphs[0].text = text
            c += colspan
    return table


def _soffice(src: Path, fmt: str) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
             "--outdir", str(OUT), str(src)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    return OUT / (src.stem + "." + fmt.split(":")[0])


# -- 文登 (tests/docs/annex/wendeng_docx_lead_support.txt) ------------------------------------
WENDENG_TABLE = [
    ("一、强化知识产权创造", [
        ("1", "提升专利质量", "开展高价值专利培育，建设高价值专利培育中心2家。", "区市场监管局", "区科技局、区财政局", "2023年底前"),  # noqa: E501
        ("2", "培育商标品牌", "建立商标品牌指导站，培育区域品牌。", "区市场监管局", "区农业农村局、区商务局", "长期坚持"),  # noqa: E501
    ]),
    ("二、加强知识产权保护", [
        ("3", "强化行政执法", "开展知识产权执法专项行动，严厉打击侵权假冒行为。", "区市场监管局", "区公安分局、区文化和旅游局",  # noqa: E501
         "2024年6月底前"),
        ("4", "推进协同保护", "建立行政执法与刑事司法衔接机制。", "区市场监管局、区公安分局", "", "持续推进"),
    ]),
]  # fmt: skip


def wendeng(source: Path) -> None:
    src = source.read_text(encoding="utf-8")
    body = [ln.strip() for ln in src.split("\n附件\n")[0].splitlines() if ln.strip()]
    doc = _new_doc("威海市文登区人民政府办公室")
    blocks: list = [("title", body[0])]
    title = doc.add_paragraph(body[0])
    title.alignment = 1
    for text in body[1:]:
        _body_paragraph(doc, text, blocks)
    doc.add_page_break()
    doc.add_paragraph("附件")
    t = doc.add_paragraph("文登区知识产权强区建设重点任务分工表")
    t.alignment = 1
    rows: list[list[tuple[str, int, int]]] = [
        [("序号", 1, 2), ("重点任务", 1, 2), ("具体措施", 1, 2), ("责任单位", 2, 1), ("完成时限", 1, 2)],
        [("牵头单位", 1, 1), ("配合单位", 1, 1)],
    ]
    for group, items in WENDENG_TABLE:
        rows.append([(group, 6, 1)])
        for item in items:
            rows.append([(cell, 1, 1) for cell in item])
    _table(doc, rows, 6, numbered_col=0)
    path = OUT / "wendeng_fengong.docx"
    doc.save(str(path))
    _soffice(path, "pdf")
    _soffice(path, "doc")
    # OFD: the same text and table, typeset
    ofd_rows = [
        [Cell("序号", rowspan=2), Cell("重点任务", rowspan=2), Cell("具体措施", rowspan=2), Cell("责任单位", colspan=2),
         Cell("完成时限", rowspan=2)],
        [Cell("牵头单位"), Cell("配合单位")],
    ]  # fmt: skip
    for group, items in WENDENG_TABLE:
        ofd_rows.append([Cell(group, colspan=6)])
        for item in items:
            ofd_rows.append([Cell(c) for c in item])
    blocks += [
        ("p", "附件"),
        ("center", "文登区知识产权强区建设重点任务分工表"),
        ("table", (ofd_rows, [10, 24, 50, 26, 30, 18], 2)),
    ]
    (OUT / "wendeng_fengong.ofd").write_bytes(write_ofd(blocks, body[0], "威海市文登区人民政府办公室"))


# -- 荣成 (data/plans/001) ---------------------------------------------------------------------
def _paragraphs(lines: list[str]) -> list[str]:
    """Wrapped lines of an extracted text → paragraphs (a line that does not end a sentence goes on)."""
    out: list[str] = []
    heading = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．])")
    for raw in lines:
        ln = raw.strip()
        if not ln:
            continue
        starts = bool(heading.match(ln))
        if out and not starts and not re.search(r"[。！？；：）)]$", out[-1]) and not _is_heading(out[-1]):
            out[-1] += ln
        else:
            out.append(ln)
    return out


def _is_heading(text: str) -> bool:
    return (
        bool(re.match(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])", text))
        and len(text) <= 30
        and "。" not in text
    )


def _plan_title_line(lines: list[str]) -> int:
    """The plan's own title line: the last short line ending with a plan word before 一、."""
    first_chapter = next(i for i, ln in enumerate(lines) if ln.strip().startswith("一、"))
    return max(
        i
        for i, ln in enumerate(lines[:first_chapter])
        if re.fullmatch(r"[^，。；：《》]{6,60}(?:方案|规划|意见)(?:（[^（）]{4,20}）)?", re.sub(r"\s+", "", ln))
        and not ln.strip().startswith(("关于", "——"))  # not the notice, not a subtitle
    )


def rongcheng(source: Path) -> None:
    lines = source.read_text(encoding="utf-8").splitlines()
    start = _plan_title_line(lines)
    front = ["荣成市人民政府", "关于印发荣成市国家知识产权强县建设试点县工作方案（2022—2024年）的通知",
             "经济开发区、石岛管理区、好运角旅游度假区管委会，各镇人民政府，各街道办事处，市政府各部门：",
             "《荣成市国家知识产权强县建设试点县工作方案（2022—2024年）》已经市政府同意，现印发给你们，请抓好贯彻执行。",
             "荣成市人民政府", "2022年11月23日", "（此件公开发布）"]  # fmt: skip
    body = _paragraphs(lines[start + 1 :])
    doc = _new_doc("荣成市人民政府")
    blocks: list = []
    for k, text in enumerate(front):
        p = doc.add_paragraph(text)
        if k < 2:
            p.alignment = 1
        blocks.append(("title" if k < 2 else "center" if k >= 4 else "p", text))
    doc.add_page_break()
    heading = "荣成市国家知识产权强县建设试点县工作方案（2022—2024年）"
    doc.add_paragraph(heading).alignment = 1
    blocks.append(("title", heading))
    for text in body:
        _body_paragraph(doc, text, blocks)
    path = OUT / "rongcheng_work_programme.docx"
    doc.save(str(path))
    _soffice(path, "pdf")
    (OUT / "rongcheng_work_programme.ofd").write_bytes(write_ofd(blocks, heading, "荣成市人民政府"))


# -- 烟台 (data/plans/003 with its 任务分工表, rows checked against tests/golden/annex_003.json) ----
def _annex_rows(lines: list[str], golden_file: Path) -> list[dict]:
    """A flattened 任务分工表 → rows with their cells, guided by its hand-checked golden rows."""
    golden = json.loads(golden_file.read_text(encoding="utf-8"))["rows"]
    clean = []
    skip_repeat = False
    for raw in lines:
        ln = raw.strip()
        if not ln:
            continue
        if re.sub(r"\s+", "", ln) == "重点任务责任部门":
            skip_repeat = True
            continue
        if skip_repeat:
            if (
                re.match(r"^(?:[一二三四五六七八九十]、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．])", ln)
                or len(ln) > 9
            ):
                if re.match(r"^[一二三四五六七八九十]、", ln) and any(c.startswith(ln[:2]) for c in clean):
                    continue  # the open group cell repeated at the page top
                skip_repeat = False
            else:
                continue  # a wrapped piece of the repeated group cell
        clean.append(ln)
    text = "".join(clean)
    text = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff\d])|(?<=\d) (?=[\u4e00-\u9fff])", "", text)
    rows = []
    pos = 0
    for g in golden:
        depth = g["path"].count(".")
        number = int(g["path"].rsplit(".", 1)[1])
        marker = ["一二三四五六七八九十"[number - 1] + "、", f"（{'一二三四五六七八九十'[number - 1]}）", f"{number}."][
            depth - 1
        ]
        at = text.find(marker + g["title"][:4], pos)
        if at < 0:
            at = text.find(marker, pos)
        rows.append({"depth": depth, "start": at, "golden": g, "marker": marker})
        pos = at + len(marker)
    for k, row in enumerate(rows):
        end = rows[k + 1]["start"] if k + 1 < len(rows) else len(text)
        seg = text[row["start"] : end]
        g = row["golden"]
        units = g["units"]
        head, measure, unit_cell = seg, "", ""
        if units:
            u = seg.rfind(units[0])
            head_measure, unit_cell = seg[:u], seg[u:]
        else:
            head_measure = seg
        if row["depth"] < 3:
            title = g["title"]
            cut = len(row["marker"])
            squeezed = 0
            while cut < len(head_measure) and squeezed < len(title):
                squeezed += 1
                cut += 1
            head, measure = head_measure[:cut], head_measure[cut:]
        else:
            head, measure = "", head_measure
        row.update(head=head, measure=measure, units_cell=unit_cell)
    return rows


def yantai(source: Path, golden: Path) -> None:
    lines = source.read_text(encoding="utf-8").splitlines()
    annex_at = next(i for i, ln in enumerate(lines) if ln.strip() == "附件")
    body_start = _plan_title_line(lines)
    front = ["烟政办字〔2022〕19号", "烟台市人民政府办公室", "关于印发烟台市知识产权高质量发展三年行动方案的通知",
             "各区市人民政府（管委），市政府有关部门，有关单位：",
             "《烟台市知识产权高质量发展三年行动方案》已经市政府同意，现印发给你们，请认真组织实施。",
             "烟台市人民政府办公室", "2022年5月13日", "（此件公开发布）"]  # fmt: skip
    doc = _new_doc("烟台市人民政府办公室文件")
    for k, text in enumerate(front):
        p = doc.add_paragraph(text)
        p.alignment = 1 if k in (1, 2) else 2 if k in (5, 6) else 0
    doc.add_page_break()
    for text in ["烟台市知识产权高质量发展三年行动方案", "——烟台市建设国家知识产权强市工作方案（2022-2024年）"]:
        doc.add_paragraph(text).alignment = 1
    blocks: list = []
    body = _paragraphs(lines[body_start + 2 : annex_at])
    for text in body:
        _body_paragraph(doc, text, blocks)
    doc.add_page_break()
    doc.add_paragraph("附件")
    doc.add_paragraph("烟台市建设国家知识产权强市工作任务分工表").alignment = 1
    table_start = next(i for i in range(annex_at, len(lines)) if re.sub(r"\s+", "", lines[i]) == "重点任务责任部门")
    rows = _annex_rows(lines[table_start + 1 :], golden)
    # the grid: 工程 | 任务 | 措施 | 责任部门, one Word row per leaf row, group cells merged down
    leaves = []
    for k, row in enumerate(rows):
        nxt = rows[k + 1]["depth"] if k + 1 < len(rows) else 0
        if nxt <= row["depth"]:
            leaves.append(k)
    grid: list[list[tuple[str, int, int]]] = [[("重点任务", 3, 1), ("责任部门", 1, 1)]]
    span_of: dict[int, int] = {}
    for k, row in enumerate(rows):
        if row["depth"] < 3:
            after = [j for j in leaves if j >= k]
            end = next((j for j in range(k + 1, len(rows)) if rows[j]["depth"] <= row["depth"]), len(rows))
            span_of[k] = len([j for j in after if j < end])
    open_cells: dict[int, int] = {}
    for leaf in leaves:
        cells: list[tuple[str, int, int]] = []
        chain = []
        j = leaf
        while j >= 0:
            if not chain or rows[j]["depth"] < rows[chain[-1]]["depth"]:
                chain.append(j)
            if rows[j]["depth"] == 1:
                break
            j -= 1
        chain.reverse()
        by_depth = {rows[c]["depth"]: c for c in chain}
        for depth in (1, 2):
            c = by_depth.get(depth)
            if c is None:
                if (depth == 2 and rows[leaf]["depth"] == 3) or depth == 2:
                    cells.append(("", 1, 1))
                continue
            if open_cells.get(depth) == c:
                continue  # covered by the merged cell above
            open_cells[depth] = c
            cells.append((rows[c]["head"], 1, span_of[c]))
        leaf_row = rows[leaf]
        cells.append((leaf_row["measure"], 1, 1))
        cells.append((leaf_row["units_cell"], 1, 1))
        grid.append(cells)
    _table(doc, grid, 4)
    path = OUT / "yantai_action_plan.docx"
    doc.save(str(path))
    _soffice(path, "pdf")


def main() -> None:
    """The sources come on the command line (tests/files/README.md gives the command): the
    script lays out whatever plan texts it is given, it knows none of them."""
    parser = argparse.ArgumentParser(description="Make the Word/PDF/.doc test files from real plan texts.")
    parser.add_argument("--wendeng", type=Path, required=True, help="a work programme with a 牵头/配合 任务分工表")
    parser.add_argument("--rongcheng", type=Path, required=True, help="a work programme with a 印发 notice")
    parser.add_argument("--yantai", type=Path, required=True, help="an action plan with an annexed 任务分工表")
    parser.add_argument("--yantai-golden", type=Path, required=True, help="that table's hand-checked golden rows")
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        sys.exit("needs LibreOffice: apt-get install -y --no-install-recommends libreoffice-writer-nogui")
    OUT.mkdir(parents=True, exist_ok=True)
    wendeng(args.wendeng)
    rongcheng(args.rongcheng)
    yantai(args.yantai, args.yantai_golden)
    bad_pdfs()
    print("\n".join(sorted(p.name for p in OUT.iterdir())))


def bad_pdfs() -> None:
    """tests/files/bad/: a scanned PDF (page images only), an encrypted one, a truncated one."""
    import pypdfium2 as pdfium

    bad = OUT / "bad"
    bad.mkdir(exist_ok=True)
    src = pdfium.PdfDocument(str(OUT / "wendeng_fengong.pdf"))
    scan = pdfium.PdfDocument.new()
    for i in range(len(src)):
        page = src[i]
        w, h = page.get_size()
        bitmap = page.render(scale=1.5)
        new = scan.new_page(w, h)
        image = pdfium.PdfImage.new(scan)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(w, h))
        new.insert_obj(image)
        new.gen_content()
    scan.save(str(bad / "scanned.pdf"))
    data = (OUT / "wendeng_fengong.pdf").read_bytes()
    (bad / "truncated.pdf").write_bytes(data[: len(data) * 6 // 10])
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        opts = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                '"DocumentOpenPassword":{"type":"string","value":"plankg"}}')  # fmt: skip
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", opts,
             "--outdir", tmp, str(OUT / "wendeng_fengong.docx")],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        shutil.copy(Path(tmp) / "wendeng_fengong.pdf", bad / "encrypted.pdf")


if __name__ == "__main__":
    main()
