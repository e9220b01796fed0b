"""Plan metadata from the clean text (stage: outline, metadata part).

Where each field comes from, in order of trust:

* title — the document named by a 印发 notice (关于印发《X》的通知 / 关于印发X的通知),
  else the title line(s) above the body (lines before the first chapter that
  end with a plan word: 纲要 规划 意见 方案 计划 …). When no title line exists
  it is inferred, and marked ``title_inferred``, from the plan's own caption
  (…主要指标 → …) and the word the text uses for itself (本纲要 / 本规划).
* subtitle — a line starting with —— right under the title.
* kind — the title's plan word (``loaders.plan_words``, the rule stub plans use too).
* issuer — the body that signs the notice (the line above its date), else the
  letterhead above 关于印发.
* doc_no — 〔YYYY〕N号 in the front matter; issued_on — the notice's date line.
* period — (YYYY—YYYY年) in the title, subtitle or the title lines over the plan, or the 五年规划 named in
  it (十四五, 第十四个五年 → 2021–2025), by ``loaders.plan_words``. Text inside
  《》 belongs to a cited plan and never counts. Otherwise null.
* region / level — ``loaders.plan_region``: the issuer, the 文号's prefix, the title,
  addressees and 我市…, else the region the text clearly names most (outside 《》);
  the evidence in ``region_evidence``; its level from the gazetteer.
* cites — titles in 《》 that the text says it implements or is based on
  (根据 / 依据 / 贯彻落实 《A》《B》和《C》…), when the title is a plan's.
"""

from __future__ import annotations

import re

from graph.model import Level, Plan
from loaders.front_matter import clean_doc_no, inline_signature, read_block
from loaders.gazetteer import Gazetteer
from loaders.plan_region import plan_region
from loaders.plan_words import QUOTED_TITLE, plan_kind, plan_period, strip_cited

__all__ = ["extract_metadata", "normalise_title"]

_CITABLE = re.compile(r"(纲要|规划|意见|方案|建议|计划|决定|战略)$")
_CITE_CHAIN = re.compile(
    r"(?:根据|依据|贯彻|落实|按照|遵照|对照)[^《«。；\n]{0,6}((?:[《«][^《》«»]{2,80}[》»][和、及与以及,，\s]*)+)"
)
_DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_DATE_PIECE = re.compile(r"\d{4}(?:年(?:\d{1,2}(?:月(?:\d{1,2})?)?)?)?")
_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_ISSUER = re.compile(r"(人民政府(?:办公厅|办公室)?|委员会|办公厅|办公室|领导小组|局|厅)$")
#: Longest title read (real ones are well under 100 characters): a 关于印发 line of any length,
#: or a front matter of thousands of short lines, costs at most this much per line.
_MAX_TITLE = 150
_NOTICE = re.compile(rf"关于印发\s*+[《«]?(.{{1,{_MAX_TITLE}}}?)[》»]?\s*的通知")


def normalise_title(title: str) -> str:
    """Join a wrapped title and drop the spaces extraction put in it.

    >>> normalise_title("山东省 “十四五”知识产权 保护和运用规划")
    '山东省“十四五”知识产权保护和运用规划'
    """
    title = re.sub(r"\s+", " ", title.replace("\n", " ")).strip().lstrip("#").strip()  # a Markdown heading's #
    return re.sub(r"(?<![A-Za-z]) | (?![A-Za-z])", "", title).replace("«", "《").replace("»", "》")


def _cited(text: str, start: int) -> bool:
    """Is the document number at ``start`` another document's, cited after its title
    (…《关于…的通知》（国办发〔2018〕8号）)?"""
    before = text[max(0, start - 2) : start]
    return before.endswith("》") or before in ("》（", "》(")


def _front(text: str) -> str:
    m = re.search(r"^[一二三四五六七八九十]{1,3}、", text, re.M)
    return text[: m.start()] if m else text[:2000]


def _title_from_notice(front: str) -> tuple[str | None, int]:
    lines = front.split("\n")
    for i, line in enumerate(lines):
        if "关于印发" not in line:
            continue
        joined = line
        j = i
        while "的通知" not in joined and j + 1 < len(lines) and j < i + 4:
            j += 1
            joined += lines[j]
        m = _NOTICE.search(joined)
        if m:
            return normalise_title(m.group(1)), i
    return None, -1


def _own_title(notice_title: str | None, line_title: str | None, front: str) -> str | None:
    """The plan's own title when the file also prints it under the 印发 notice (its
    wording is the plan's: 2015-2020年 where the notice wrote 2015-2020) — as a line of
    its own, or run into the text of a page without line breaks — else the notice's."""
    if not notice_title:
        return line_title
    if line_title and line_title != notice_title and _bare_title(line_title) == _bare_title(notice_title):
        return line_title
    # the same words, a 年 or a space apart, anywhere in the front matter
    loose = r"[年\s]?".join(re.escape(ch) for ch in notice_title.replace(" ", ""))
    for m in re.finditer(loose, front):
        if m.group(0) != notice_title:
            return normalise_title(m.group(0))
    return notice_title


def _bare_title(title: str) -> str:
    return re.sub(r"[《》“”\"（）()—\-年\s]", "", title)


#: A notice that carries another document (its title is that document's, not the notice's own).
_CARRIES = re.compile(r"^关于(?:印发|转发|下发|发布|批转|公布)")


def _title_lines(front: str) -> tuple[str | None, int]:
    """The last run of title lines in the front matter ending with a plan word."""
    lines = front.split("\n")
    best: tuple[str | None, int] = (None, -1)
    notice: tuple[str | None, int] = (None, -1)  # 关于开展…整治的通知: a notice that is itself the plan
    i = 0
    while i < len(lines):
        if _is_letterhead(lines[i]):  # 临沂市人民政府办公室 above the title is not part of it
            i += 1
            continue
        run = ""
        j = i
        while j < len(lines) and len(lines[j]) <= 60 and not _is_sentence(lines[j]) and not _is_date(lines[j]):
            if len(run) + len(lines[j]) > _MAX_TITLE:
                break  # no title runs on this long: a list of names, not a title
            run += lines[j]
            cand = normalise_title(run)
            if plan_kind(cand) != "其他" and not cand.startswith(("关于印发", "附件")) and "的通知" not in cand:
                best = (cand, j)
            alone = normalise_title(lines[j])  # the notice's title on a line of its own, after a page's boxes
            own_notice = alone.startswith("关于") and alone.endswith("的通知") and not _CARRIES.match(alone)
            if notice[0] is None and own_notice:
                notice = (alone, j)
            j += 1
        i = max(j, i + 1)
    return best if best[0] is not None else notice


def _is_date(line: str) -> bool:
    return bool(_DATE_LINE.match(line.replace(" ", "")))


def _is_letterhead(line: str) -> bool:
    """A short line naming an issuing body (…人民政府办公室), with no punctuation."""
    bare = line.replace(" ", "")
    return 0 < len(bare) <= 24 and bool(_ISSUER.search(bare)) and not _is_sentence(bare) and "（" not in bare


def _is_sentence(line: str) -> bool:
    bare = strip_cited(line)
    return any(p in bare for p in "。，,；：:") or bare.startswith("——")


def _inferred_title(text: str, region: str | None) -> str | None:
    caption = re.search(r"^(.{4,40}?)(?:主要|发展)?指标(?:体系|表)?$", text, re.M)
    base = caption.group(1) if caption else None
    if base and base.endswith(("主要", "发展主要")):
        base = base.removesuffix("主要")
    selves = [w for w in ("规划", "纲要", "实施意见", "行动方案", "工作方案", "方案", "意见") if "本" + w in text]
    if not selves:
        return None
    word = "规划纲要" if {"规划", "纲要"} <= set(selves) else selves[0]
    if base is None:
        if region is None:
            return None
        base = region
    return normalise_title(base + word)


def _issuer_and_date(front: str) -> tuple[str | None, str | None]:
    lines = [ln.strip() for ln in front.split("\n")]
    for i, line in enumerate(lines):
        joined = line.replace(" ", "")
        k = i
        # a date a PDF printed one piece per line: 2025 / 年 / 9 / 月 / 29 / 日
        while not _DATE_LINE.match(joined) and k + 1 < len(lines) and k - i < 6 and _DATE_PIECE.fullmatch(joined):
            k += 1
            joined += lines[k].replace(" ", "")
        m = _DATE_LINE.match(joined)
        if not m:
            continue
        issued = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        signers: list[str] = []
        j = i - 1
        while j >= 0 and len(signers) < 4 and _ISSUER.search(lines[j].replace(" ", "")) and len(lines[j]) <= 30:
            signers.insert(0, lines[j].replace(" ", ""))  # a joint notice signs one body a line
            j -= 1
        return ("、".join(signers) or None), issued
    for i, line in enumerate(lines):  # a letterhead above 关于印发
        if "关于印发" in line and i and _ISSUER.search(lines[i - 1].replace(" ", "")):
            return lines[i - 1].replace(" ", ""), None
    letterhead = next((ln for ln in lines if _is_letterhead(ln)), None)  # a letterhead above the title
    return (letterhead.replace(" ", "") if letterhead else None), None


def _period(*texts: str | None) -> tuple[int | None, int | None]:
    """The period of the first text (title, then subtitle) that names one."""
    for t in texts:
        if t and (period := plan_period(t)) != (None, None):
            return period
    return None, None


def _region(
    gaz: Gazetteer, text: str, issuer: str | None, title: str | None, doc_no: str | None = None
) -> tuple[str | None, Level | None, list[str]]:
    """The plan's region, level and the evidence for them (``loaders.plan_region``: issuer,
    文号, title, addressees, 我市…, the region the text names most); Nones when the text does not say."""
    region, evidence = plan_region(gaz, text, issuer=issuer, title=title, doc_no=doc_no, front=_front(text))
    if region is None:
        return None, None, []
    return region.name, region.level, evidence


def _cites(text: str, own_title: str) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    own = own_title.replace(" ", "")
    for chain in _CITE_CHAIN.finditer(text):
        for m in QUOTED_TITLE.finditer(chain.group(1)):
            title = normalise_title(m.group(1))
            if _CITABLE.search(re.sub(r"[（(][^（()）]*[）)]$", "", title)) and title != own and title not in seen:
                out.append(title)
                seen.add(title)
    return out


def extract_metadata(text: str, source: str, plan_id: str, sha256: str, gazetteer: Gazetteer | None = None) -> Plan:
    """Every metadata field of the contract; null where the text does not say."""
    gaz = gazetteer or Gazetteer.load()
    front = _front(text)
    notice_title, _ = _title_from_notice(front)
    line_title, title_line = _title_lines(front)
    title = _own_title(notice_title, line_title, front)
    subtitle = None
    if line_title is not None:
        following = front.split("\n")[title_line + 1 : title_line + 2]
        if following and following[0].startswith("——"):
            subtitle = normalise_title(following[0].lstrip("—"))
    block = read_block(front)
    issuer, issued_on = _issuer_and_date(front)
    if issuer is None or issued_on is None:
        signed_by, signed_on = inline_signature(front)
        issuer, issued_on = issuer or signed_by, issued_on or signed_on
    issuer, issued_on = issuer or block.issuer, issued_on or block.issued_on
    squeezed = front.replace(" ", "")
    doc_no = next(
        (d for m in _DOC_NO.finditer(squeezed) if not _cited(squeezed, m.start()) and (d := clean_doc_no(m.group(0)))),
        None,
    )
    doc_no = doc_no or block.doc_no
    inferred = False
    region, level, evidence = _region(gaz, text, issuer, title, doc_no)
    if title is None:
        title = _inferred_title(text, region)
        inferred = title is not None
        region, level, evidence = _region(gaz, text, issuer, title, doc_no)
    period = _period(title, subtitle, line_title)  # the title lines over the plan may carry it alone
    return Plan(
        id=plan_id,
        title=title or source,
        source=source,
        sha256=sha256,
        title_inferred=inferred or title is None,
        subtitle=subtitle,
        kind=plan_kind(title) if title else "其他",
        issuer=issuer,
        doc_no=doc_no,
        issued_on=issued_on,
        period_start=period[0],
        period_end=period[1],
        region=region,
        level=level,
        region_evidence=evidence,
        cites=_cites(text, title or ""),
        text=text,
    )
