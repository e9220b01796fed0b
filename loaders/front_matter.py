"""What the lines above a plan's body say about it, as published (stage: metadata).

Government pages and their archives print the document's particulars in a
metadata table or block above the text (索引号 / 发布机构 / 成文日期 / 文号 …, one
``key: value`` per line, or the cells of a table), and web text runs the
signature into one line with the date (平潭综合实验区管委会办公室2015年8月31日).
This module reads both; ``loaders.metadata`` decides which value wins (the
document's own words first, the block fills what they leave open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FrontMatter", "clean_doc_no", "inline_signature", "read_block"]

#: Keys of a metadata block and the field each fills.
_KEYS = {
    "标题": "title",
    "名称": "title",
    "文号": "doc_no",
    "发文字号": "doc_no",
    "发布文号": "doc_no",
    "发布机构": "issuer",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "发布单位": "issuer",
    "制发机关": "issuer",
    "成文日期": "written_on",
    "发布日期": "published_on",
    "发布时间": "published_on",
    "印发日期": "written_on",
    "索引号": "index_no",
}
#: ``key: value`` (the value stripped in Python: a lazy ``(.*?)\s*$`` rescans a run of spaces
#: inside the value from each of its characters).
_BLOCK_LINE = re.compile(r"^\s*+(" + "|".join(sorted(_KEYS, key=len, reverse=True)) + r")\s*+[:：](.*)$")
_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_ISSUER_TAIL = (
    r"(?:人民政府办公厅|人民政府办公室|人民政府|管委会办公室|管理委员会办公室|管委会|管理委员会"
    r"|委员会办公室|委员会|办公厅|办公室|领导小组|指挥部|局|厅|委|署|部)"
)
#: A signature run into its date: …办公室2015年8月31日 (the body of a web page, no line break).
_INLINE_SIGNATURE = re.compile(rf"([\u4e00-\u9fff（）]{{3,30}}?{_ISSUER_TAIL})\s*(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日")
#: Words a web page prints before the 文号 (share buttons, breadcrumbs) that are not part of it.
_PAGE_WORDS = re.compile(
    r"^.*(?:QQ空间|空间|微信|微博|分享|打印|关闭|收藏|字号|【大】|【中】|【小】|浏览次数|来源[:：]|时间[:：][\d:\-]*)"
)
_YEAR_BRACKET = re.compile(r"^[〔\[［(（](\d{4})[〕\]］)）]")
_DOC_NO_BODY = re.compile(r"[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号$")


@dataclass(frozen=True)
class FrontMatter:
    """Values a metadata block gives (None where it gives none)."""

    title: str | None = None
    doc_no: str | None = None
    issuer: str | None = None
    issued_on: str | None = None


def _iso(text: str) -> str | None:
    m = _DATE.search(text)
    if m is None:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def read_block(front: str) -> FrontMatter:
    """The ``key: value`` metadata lines at the top of a document (an archive's or a page's).

    >>> block = read_block("标题: X方案\\n文号: 宝府办〔2019〕26号\\n发布单位: 宝山区政府办\\n发布日期: 2019-05-05")
    >>> block.doc_no, block.issuer, block.issued_on
    ('宝府办〔2019〕26号', '宝山区政府办', '2019-05-05')
    """
    found: dict[str, str] = {}
    for line in front.split("\n")[:40]:
        m = _BLOCK_LINE.match(line)
        value = m.group(2).strip() if m else ""
        if m and value:
            found.setdefault(_KEYS[m.group(1)], value)
    date = found.get("written_on") or found.get("published_on")
    doc_no = found.get("doc_no")
    return FrontMatter(
        title=found.get("title"),
        doc_no=clean_doc_no(doc_no) if doc_no else None,
        issuer=re.sub(r"\s+", "", found["issuer"]) if found.get("issuer") else None,
        issued_on=_iso(date) if date else None,
    )


def clean_doc_no(raw: str) -> str | None:
    """A 文号 without the page furniture a web page ran into it; None if it is not one.

    >>> clean_doc_no("微信微博QQ空间岚综管办〔2015〕165号")
    '岚综管办〔2015〕165号'
    >>> clean_doc_no("烟政办字〔2022〕19号")
    '烟政办字〔2022〕19号'

    The year's bracket is written 〔〕 whatever a page printed (丰政办发 [2026] 4号, a web
    page's ASCII brackets): one number, one spelling, as the 文号 is cited.

    >>> clean_doc_no("丰政办发 [2026] 4号")
    '丰政办发〔2026〕4号'
    """
    text = re.sub(r"\s+", "", raw)
    m = _DOC_NO_BODY.search(text)
    if m is None:
        return None
    prefix = _PAGE_WORDS.sub("", text[: m.start()])
    body = _YEAR_BRACKET.sub(r"〔\1〕", m.group(0))
    return (prefix + body) if prefix else None


def inline_signature(front: str) -> tuple[str | None, str | None]:
    """(issuer, ISO date) of a signature run into its date on one line, if any.

    >>> inline_signature("请认真组织实施。 平潭综合实验区管委会办公室2015年8月31日平潭…方案")
    ('平潭综合实验区管委会办公室', '2015-08-31')
    """
    for m in _INLINE_SIGNATURE.finditer(front):
        issuer = m.group(1)
        # the signature follows a sentence end or a space; 于2015年… inside a sentence is no signature
        before = front[max(0, m.start() - 1) : m.start()]
        if before and before not in "。！!；; \u3000\n":
            cut = max(issuer.rfind(ch) for ch in "。；，,")
            if cut < 0:
                continue
            issuer = issuer[cut + 1 :]
        date = _iso(f"{m.group(2)}年{m.group(3)}月{m.group(4)}日")
        if date is not None and len(issuer) >= 4:
            return issuer, date
    return None, None
