"""The numbering grammar of Chinese plans, in one place (outline, annex, clean, exports).

Plans number their headings with a handful of styles, nested in whatever order
the document chooses (a 规划 may go 第一章 > 第一节 > 一、 > （一）; a 工作方案
一、 > （一） > 1. > （1））::

    第一章 / 第一节 / 第一条 / 第一部分   chapter / section / article / part
    一、 一． 一.                        ``cn``
    （一） (一)                           ``paren_cn``
    1. 1、 1． 1﹒ 1 (straight before text) ``arabic``
    （1） (1) 1）                         ``paren_arabic``
    ① … ⑳                               ``circled``
    专栏N                                 a boxed column
    附件 / 附表                           an annex

``match_marker`` reads the marker at the start of a line; whether it *is* a
heading is the outline's decision (its number must continue a sequence).
Numbers are read as printed: 一 → 1, 十四 → 14, 二十三 → 23, 一百零二 → 102.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ANNEX",
    "BOX",
    "CN_DIGITS",
    "CN_NUMBER",
    "HEADING_START",
    "ITEM_NUMBER_END",
    "MEASURE_CHARS",
    "STYLES",
    "TERMINAL",
    "Marker",
    "cn_to_int",
    "is_cjk",
    "match_marker",
    "strip_marker",
]

CN_DIGITS = "一二三四五六七八九十"
#: Regex fragment: a Chinese number as plans print it (一 … 九十九, 一百零二).
CN_NUMBER = "[一二三四五六七八九十百零〇]{1,5}"
#: Characters that follow a number in running text, never a heading number.
MEASURE_CHARS = "家件万亿个项人次年月日元倍名期批起余多条所位座届岁天周号栋层台套吨亩公斤米千百十分秒"
#: Regex fragment: what follows an item's Arabic number (``1.`` ``1．`` ``1、`` ``1﹒`` or
#: ``1`` straight before Chinese text) — not a decimal, not a measure (``40家``).
#: (a digit may follow the dot only as a month: "1.9月30日前，…" is item 1, "2.5亿元" a decimal)
ITEM_NUMBER_END = rf"(?:[.．、﹒](?:(?!\d)|(?=(?:1[0-2]|[1-9])月))|(?=[\u4e00-\u9fff])(?![{MEASURE_CHARS}]))"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

#: Styles in their usual nesting order (used only to break ties; documents choose their own).
STYLES = ("part", "chapter", "section", "article", "cn", "paren_cn", "stage", "arabic", "paren_arabic", "circled")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第({CN_NUMBER})部分[\s\u3000]*")),
    ("chapter", re.compile(rf"^第({CN_NUMBER})章[\s\u3000]*")),
    ("section", re.compile(rf"^第({CN_NUMBER})节[\s\u3000]*")),
    # a work stage (第一阶段：自查摸底阶段（…）) numbers the steps of a 工作步骤 part
    ("stage", re.compile(rf"^第({CN_NUMBER})阶段[\s\u3000]*[：:]?[\s\u3000]*")),
    ("article", re.compile(rf"^第({CN_NUMBER})条[\s\u3000]*")),
    ("cn", re.compile(rf"^({CN_NUMBER})[、．.](?!\d)[\s\u3000]*")),
    ("paren_cn", re.compile(rf"^[（(]({CN_NUMBER})[）)][\s\u3000、]*")),
    ("paren_arabic", re.compile(r"^(?:[（(](\d{1,2})[）)]|(\d{1,2})）)[\s\u3000]*")),
    ("arabic", re.compile(rf"^(\d{{1,3}}){ITEM_NUMBER_END}[\s\u3000]*")),
    ("circled", re.compile(rf"^([{_CIRCLED}])[\s\u3000]*")),
)
#: A boxed column (专栏1, 专栏 2).
BOX = re.compile(r"^专栏\s*(\d{1,2})")
#: An annex heading (附件, 附件1：, 附表).
ANNEX = re.compile(r"^附\s*[件表]\s*\d{0,2}\s*[:：]?")

#: A line that starts a new block: any numbering marker, a box, an annex, a list dash.
HEADING_START = re.compile(
    rf"^(?:第{CN_NUMBER}[部章节条]|第{CN_NUMBER}阶段|{CN_NUMBER}[、．.](?!\d)|[（(]{CN_NUMBER}[）)]|[（(]\d{{1,2}}[）)]|\d{{1,2}}）"
    rf"|\d{{1,3}}{ITEM_NUMBER_END}|[{_CIRCLED}]|专栏\s*\d|附\s*[件表]|注[:：]|-\s)"
)


@dataclass(frozen=True)
class Marker:
    """A numbering marker at a line start: its style, its number and its length in characters."""

    style: str
    number: int
    size: int
    printed: str


def cn_to_int(s: str) -> int:
    """一 → 1, 十 → 10, 十四 → 14, 二十三 → 23, 一百零二 → 102.

    >>> [cn_to_int(x) for x in ("一", "十", "十四", "二十", "二十三", "一百", "一百零二", "一百一十")]
    [1, 10, 14, 20, 23, 100, 102, 110]
    """
    values = {c: i + 1 for i, c in enumerate(CN_DIGITS[:9])}
    values.update({"零": 0, "〇": 0})
    total = 0
    current = 0
    for ch in s:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = values[ch]
    return total + current


def match_marker(line: str) -> Marker | None:
    """The numbering marker at the start of ``line``, if any.

    >>> match_marker("第三章 加快创新")
    Marker(style='chapter', number=3, size=4, printed='第三章')
    >>> [match_marker(x).style for x in ("二、主要任务", "（十二）加强", "12．推进", "（3）做好", "③开展", "4）落实")]
    ['cn', 'paren_cn', 'arabic', 'paren_arabic', 'circled', 'paren_arabic']
    >>> match_marker("40家企业") is None and match_marker("2.5亿元") is None
    True
    >>> match_marker("1.9月30日前，完成排查").number
    1
    """
    for style, rx in _PATTERNS:
        m = rx.match(line)
        if m is None:
            continue
        raw = next(g for g in m.groups() if g)
        if style == "circled":
            number = _CIRCLED.index(raw) + 1
        elif raw.isdigit():
            number = int(raw)
        else:
            if "百" not in raw and raw[0] in "零〇":
                continue
            number = cn_to_int(raw)
        if number == 0:
            continue
        return Marker(style, number, m.end(), m.group(0).strip())
    return None


def strip_marker(line: str) -> str:
    """``line`` without its numbering marker (the heading text an export shows).

    >>> strip_marker("（三）加强协同")
    '加强协同'
    """
    m = match_marker(line)
    return line[m.size :] if m else line


#: Characters that end a sentence or clause, after which a line may end a paragraph.
TERMINAL = "。！？；：.!?;:"


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (the characters plans are written in)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
