"""A .docx → text (stage: read).

The body as Word prints it: one paragraph per line; Word's automatic numbering
rendered as the numbers it shows (``word/numbering.xml``: each list level's
``numFmt`` and ``lvlText`` — chineseCounting → 一, decimal → 1, ``（%1）`` →
（一）), so a list that shows 「（一）」 in Word reads 「（一）」 here; tables as
grids (gridSpan / vMerge merged cells) through :mod:`loaders.formats.tables`;
content controls read through; page headers and footers (their own parts) and
deleted revisions left out. Every part is read under :mod:`loaders.formats.safety`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from loaders.formats.safety import Budget, SafeZip, parse_xml
from loaders.formats.tables import Grid, table_lines

__all__ = ["docx_text", "format_number"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WHAT = "Word 文档"
_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _cn(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """一 … 九十九 (chineseCounting), as plans print them."""
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")
    return "".join(digits[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in a ``numFmt``.

    >>> [format_number(n, f) for n, f in [(1, "chineseCounting"), (12, "chineseCounting"), (3, "decimal")]]
    ['一', '十二', '3']
    >>> format_number(2, "decimalEnclosedCircle"), format_number(4, "upperRoman")
    ('②', 'IV')
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting"):  # fmt: skip
        return _cn(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _cn(n, _CN_LEGAL, "拾")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt in ("ideographZodiac",):
        return _DIZHI[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False


@dataclass
class _Numbering:
    """numbering.xml: which abstract list each num uses, its levels, and the running counters."""

    abstract_of: dict[str, str] = field(default_factory=dict)
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def render(self, num_id: str, ilvl: int) -> str:
        abstract = self.abstract_of.get(num_id)
        if abstract is None or num_id == "0":
            return ""
        levels = self.levels.get(abstract, {})
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:  # a num with a startOverride restarts the list
            self.started.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
        level = levels.get(ilvl, _Level())
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return ""
        out = level.text
        for k in range(8, -1, -1):
            token = f"%{k + 1}"
            if token in out:
                lv = levels.get(k, _Level())
                value = counters.get(k, lv.start)
                out = out.replace(token, str(value) if level.legal else format_number(value, lv.fmt))
        return out


def _val(el: Element | None, name: str = "val") -> str | None:
    return None if el is None else el.get(f"{_W}{name}")


def _numbering(z: SafeZip, source: str) -> _Numbering:
    num = _Numbering()
    if not z.has("word/numbering.xml"):
        return num
    root = parse_xml(z.read("word/numbering.xml"), source, "word/numbering.xml")
    for ab in root.findall(f"{_W}abstractNum"):
        aid = _val(ab, "abstractNumId") or ""
        levels: dict[int, _Level] = {}
        for lvl in ab.findall(f"{_W}lvl"):
            levels[int(_val(lvl, "ilvl") or 0)] = _Level(
                fmt=_val(lvl.find(f"{_W}numFmt")) or "decimal",
                text=_val(lvl.find(f"{_W}lvlText")) or "",
                start=int(_val(lvl.find(f"{_W}start")) or 1),
                legal=lvl.find(f"{_W}isLgl") is not None,
            )
        num.levels[aid] = levels
    for n in root.findall(f"{_W}num"):
        nid = _val(n, "numId") or ""
        num.abstract_of[nid] = _val(n.find(f"{_W}abstractNumId")) or ""
        for ov in n.findall(f"{_W}lvlOverride"):
            start = _val(ov.find(f"{_W}startOverride"))
            if start is not None:
                num.overrides.setdefault(nid, {})[int(_val(ov, "ilvl") or 0)] = int(start)
    return num


def _style_numbering(z: SafeZip, source: str) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry numbering (Word's 「列表编号」 styles): style id → (numId, ilvl)."""
    out: dict[str, tuple[str, int]] = {}
    if not z.has("word/styles.xml"):
        return out
    root = parse_xml(z.read("word/styles.xml"), source, "word/styles.xml")
    based: dict[str, str] = {}
    for st in root.findall(f"{_W}style"):
        sid = _val(st, "styleId") or ""
        parent = _val(st.find(f"{_W}basedOn"))
        if parent:
            based[sid] = parent
        numpr = st.find(f"{_W}pPr/{_W}numPr")
        if numpr is not None and _val(numpr.find(f"{_W}numId")):
            out[sid] = (_val(numpr.find(f"{_W}numId")) or "", int(_val(numpr.find(f"{_W}ilvl")) or 0))
    for sid, parent in based.items():  # inherited numbering
        seen = {sid}
        while sid not in out and parent in based and parent not in seen:
            seen.add(parent)
            parent = based[parent]
        if sid not in out and parent in out:
            out[sid] = out[parent]
    return out


class _Reader:
    def __init__(self, numbering: _Numbering, styles: dict[str, tuple[str, int]], budget: Budget) -> None:
        self.numbering = numbering
        self.styles = styles
        self.budget = budget

    def paragraph(self, p: Element) -> str:
        out: list[str] = []
        ppr = p.find(f"{_W}pPr")
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        num: tuple[str, int] | None = None
        if numpr is not None and _val(numpr.find(f"{_W}numId")) is not None:
            num = (_val(numpr.find(f"{_W}numId")) or "0", int(_val(numpr.find(f"{_W}ilvl")) or 0))
        elif ppr is not None and (style := _val(ppr.find(f"{_W}pStyle"))) in self.styles:
            num = self.styles[style or ""]
        self._runs(p, out)
        text = "".join(out).replace("\u200b", "").replace("\ufeff", "")
        if num is not None:  # Word numbers an empty numbered paragraph too (a 序号 cell)
            label = self.numbering.render(*num)
            if label:
                sep = "" if label[-1] in "、．.）)，,：:" or not label[-1].isalnum() or not text.strip() else " "
                text = label + sep + text.lstrip()
        return text

    def _runs(self, node: Element, out: list[str]) -> None:
        for child in node:
            tag = child.tag
            if tag == f"{_W}t" and child.text:
                out.append(child.text)
            elif tag == f"{_W}tab":
                out.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                out.append("\n")
            elif tag in (f"{_W}del", f"{_W}pPr", f"{_W}rPr", f"{_W}instrText", f"{_W}fldChar"):
                continue  # deleted revisions, properties, field codes
            else:
                self._runs(child, out)

    def blocks(self, parent: Element, lines: list[str]) -> None:
        for child in parent:
            self.budget.check()
            if child.tag == f"{_W}p":
                lines.append(self.paragraph(child))
            elif child.tag == f"{_W}tbl":
                lines.extend(table_lines(self.table(child)))
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
                self.blocks(child, lines)

    def cell_text(self, tc: Element) -> str:
        parts: list[str] = []
        for child in tc:
            if child.tag == f"{_W}p":
                parts.append(self.paragraph(child))
            elif child.tag == f"{_W}tbl":  # a table in a cell: its cells' text
                parts.extend(line.lstrip("\t") for line in table_lines(self.table(child)))
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent"):
                parts.append(self.cell_text(child))
        return "\n".join(p for p in parts if p.strip())

    def table(self, tbl: Element) -> Grid:
        grid: Grid = []
        for tr in tbl.findall(f"{_W}tr"):
            row: list[str | None] = []
            cells = [c for c in tr if c.tag == f"{_W}tc"]
            for sdt in (c for c in tr if c.tag == f"{_W}sdt"):
                cells.extend(sdt.iter(f"{_W}tc"))
            for tc in cells:
                pr = tc.find(f"{_W}tcPr")
                span = int(_val(pr.find(f"{_W}gridSpan")) or 1) if pr is not None else 1
                vmerge = pr.find(f"{_W}vMerge") if pr is not None else None
                covered = vmerge is not None and _val(vmerge) in (None, "continue")
                row.append(None if covered else self.cell_text(tc))
                row.extend([None] * (span - 1))
            grid.append(row)
        return grid


def docx_text(data: bytes, source: str, budget: Budget) -> str:
    """The text of a .docx (see the module docstring)."""
    z = SafeZip(data, source, _WHAT)
    root = parse_xml(z.read("word/document.xml"), source, "word/document.xml")
    reader = _Reader(_numbering(z, source), _style_numbering(z, source), budget)
    body = root.find(f"{_W}body")
    lines: list[str] = []
    if body is not None:
        reader.blocks(body, lines)
    return "\n".join(lines) + "\n"
