"""An OFD file (GB/T 33190, China's fixed-layout format) → text and tables (stage: read).

Text comes from ofdkit (Apache-2.0, standard library only, maintained; reads
templates, composite objects, transforms and the non-conforming files Chinese
producers write) as positioned runs. easyofd was the other candidate and is
not used: it needs PyMuPDF (AGPL) and renders rather than reads. ofdkit does
not read tables, so the ruling lines of each page (``PathObject`` segments of
its ``Content.xml``) are read here and the runs inside a ruled grid become
its cells; merged cells are where a grid line is missing. Lines, paragraphs,
furniture and tables over page breaks then go the way PDF pages go
(:mod:`loaders.formats.layout`). The package is checked by
:class:`loaders.formats.safety.SafeZip` before ofdkit opens it, and every part
we parse ourselves goes through defusedxml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from graph.errors import DocumentError
from loaders.formats.layout import Line, Page, Table, drop_furniture, render
from loaders.formats.safety import Budget, SafeZip, parse_xml
from loaders.formats.tables import Grid

__all__ = ["ofd_text"]

_WHAT = "OFD 文档"
_TOL = 0.6  # mm: two grid lines closer than this are one


@dataclass(frozen=True)
class _Seg:
    horizontal: bool
    at: float  # y of a horizontal segment, x of a vertical one
    lo: float
    hi: float


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _numbers(text: str | None) -> list[float]:
    try:
        return [float(v) for v in (text or "").split()]
    except ValueError:
        return []


def _segments(root: Element) -> list[_Seg]:
    """Axis-parallel segments of every PathObject on the page (Boundary offset applied)."""
    out: list[_Seg] = []
    for el in root.iter():
        if _local(el.tag) != "PathObject":
            continue
        box = _numbers(el.get("Boundary"))
        ox, oy = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        data = next((c.text for c in el if _local(c.tag) == "AbbreviatedData"), None)
        tokens = (data or "").split()
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        i = 0
        while i < len(tokens):
            op = tokens[i]
            if op in ("M", "L") and i + 2 < len(tokens) + 0:
                try:
                    p = (ox + float(tokens[i + 1]), oy + float(tokens[i + 2]))
                except (ValueError, IndexError):
                    break
                if op == "M":
                    points, start = [p], p
                else:
                    points.append(p)
                    _add(out, points[-2], p)
                i += 3
            elif op == "C" or op == "Z":
                if start is not None and points:
                    _add(out, points[-1], start)
                i += 1
            else:
                i += 1
    return out


def _add(out: list[_Seg], a: tuple[float, float], b: tuple[float, float]) -> None:
    if abs(a[1] - b[1]) < 0.2 and abs(a[0] - b[0]) > 1:
        out.append(_Seg(True, a[1], min(a[0], b[0]), max(a[0], b[0])))
    elif abs(a[0] - b[0]) < 0.2 and abs(a[1] - b[1]) > 1:
        out.append(_Seg(False, a[0], min(a[1], b[1]), max(a[1], b[1])))


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _covered(segs: list[_Seg], horizontal: bool, at: float, pos: float) -> bool:
    return any(
        s.horizontal == horizontal and abs(s.at - at) <= _TOL and s.lo - _TOL <= pos <= s.hi + _TOL for s in segs
    )


def _groups(segs: list[_Seg]) -> list[list[_Seg]]:
    """Segments that touch each other: one table each."""
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(segs):
        for j in range(i + 1, len(segs)):
            b = segs[j]
            if a.horizontal != b.horizontal:
                h, v = (a, b) if a.horizontal else (b, a)
                if h.lo - _TOL <= v.at <= h.hi + _TOL and v.lo - _TOL <= h.at <= v.hi + _TOL:
                    parent[find(i)] = find(j)
    groups: dict[int, list[_Seg]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


@dataclass
class _Run:
    text: str
    x: float
    y: float  # baseline
    size: float
    width: float

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y - self.size / 3


def _table(segs: list[_Seg], runs: list[_Run]) -> tuple[Table, set[int]] | None:
    ys = _cluster([s.at for s in segs if s.horizontal])
    xs = _cluster([s.at for s in segs if not s.horizontal])
    if len(ys) < 3 or len(xs) < 3:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    anchor = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def root(rc: tuple[int, int]) -> tuple[int, int]:
        while anchor[rc] != rc:
            rc = anchor[rc]
        return rc

    for r in range(nr):
        ym = (ys[r] + ys[r + 1]) / 2
        for c in range(nc):
            xm = (xs[c] + xs[c + 1]) / 2
            if c + 1 < nc and not _covered(segs, False, xs[c + 1], ym):
                a, b = root((r, c)), root((r, c + 1))
                anchor[max(a, b)] = min(a, b)
            if r + 1 < nr and not _covered(segs, True, ys[r + 1], xm):
                a, b = root((r, c)), root((r + 1, c))
                anchor[max(a, b)] = min(a, b)
    texts: dict[tuple[int, int], list[_Run]] = {}
    used: set[int] = set()
    for k, run in enumerate(runs):
        if not (xs[0] <= run.cx <= xs[-1] and ys[0] <= run.cy <= ys[-1]):
            continue
        c = next(i for i in range(nc) if run.cx <= xs[i + 1])
        r = next(i for i in range(nr) if run.cy <= ys[i + 1])
        texts.setdefault(root((r, c)), []).append(run)
        used.add(k)
    grid: Grid = []
    for r in range(nr):
        row: list[str | None] = []
        for c in range(nc):
            if root((r, c)) != (r, c):
                row.append(None)
                continue
            cell = sorted(texts.get((r, c), []), key=lambda t: (round(t.y, 0), t.x))
            lines: list[str] = []
            last_y: float | None = None
            for t in cell:
                if last_y is not None and abs(t.y - last_y) < t.size * 0.5:
                    lines[-1] += t.text
                else:
                    lines.append(t.text)
                last_y = t.y
            row.append("\n".join(lines))
        grid.append(row)
    return Table(grid, ys[0], ys[-1]), used


def _lines(runs: list[_Run]) -> list[Line]:
    out: list[Line] = []
    for t in sorted(runs, key=lambda t: (t.y, t.x)):
        last = out[-1] if out else None
        if last is not None and abs(last.bottom - t.y) < t.size * 0.5:
            gap = t.x - last.x1
            last.text += (" " if gap > t.size * 0.8 and not _cjk_edge(last.text, t.text) else "") + t.text
            last.x1 = max(last.x1, t.x + t.width)
        else:
            out.append(Line(t.text, t.x, t.x + t.width, t.y - t.size, t.y, t.size))
    return out


def _cjk_edge(a: str, b: str) -> bool:
    return bool(re.search(r"[\u3000-\u9fff\uff00-\uffef]$", a) and re.match(r"[\u3000-\u9fff\uff00-\uffef]", b))


def ofd_text(data: bytes, source: str, budget: Budget) -> str:
    """The text of an OFD file (see the module docstring)."""
    import ofdkit

    z = SafeZip(data, source, _WHAT)  # limits first; ofdkit then reads the same bytes
    if not z.has("OFD.xml"):
        raise DocumentError(source, "不是可读取的 OFD 文档：缺少 OFD.xml (not an OFD file)")
    for name in z.names:
        if name.lower().endswith(".xml"):
            parse_xml(z.read(name), source, name)  # refuses DTDs and entities before ofdkit sees them
    try:
        doc = ofdkit.open(data)
    except ofdkit.OFDError as exc:
        raise DocumentError(source, f"不是可读取的 OFD 文档 (not a readable OFD file: {exc})") from exc
    pages: list[Page] = []
    with doc:
        for page in doc.pages:
            budget.check()
            try:
                raw = page.runs
                _, _, width, height = page.box
            except ofdkit.OFDError as exc:
                raise DocumentError(source, f"OFD 第 {page.index + 1} 页无法读取 (unreadable page: {exc})") from exc
            runs = [_Run(r.text, r.x, r.y, r.size, r.width) for r in raw if r.text.strip()]
            result = Page(height=height, width=width)
            used: set[int] = set()
            if page.location is not None and z.has(page.location):
                segs = _segments(parse_xml(z.read(page.location), source, page.location))
                for group in _groups(segs):
                    found = _table(group, runs)
                    if found is not None:
                        result.items.append(found[0])
                        used |= found[1]
            result.items.extend(_lines([r for k, r in enumerate(runs) if k not in used]))
            result.items.sort(key=lambda it: it.top)
            pages.append(result)
    drop_furniture(pages)
    text = render(pages)
    if sum(1 for c in text if not c.isspace()) < 20:
        raise DocumentError(source, "OFD 没有文字（可能是扫描件），请先做文字识别（OCR）再载入 (no text layer)")
    return text
