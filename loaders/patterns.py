"""Shared vocabulary of the numbering grammar (used by clean, outline and annex).

Numbering markers, in the order plans nest them:
  一、      chapter            （一）/(一)  section     1. １ 1． 1、  item
  （1）/(1)  sub-item           专栏N       boxed column  附件  annex
"""

from __future__ import annotations

import re

__all__ = [
    "CN_DIGITS",
    "CN_NUMBER",
    "HEADING_START",
    "ITEM_NUMBER_END",
    "MEASURE_CHARS",
    "TERMINAL",
    "cn_to_int",
    "is_cjk",
]

CN_DIGITS = "一二三四五六七八九十"
#: Regex fragment: a Chinese number as chapters and sections print it (一 … 二十三).
CN_NUMBER = f"[{CN_DIGITS}]{{1,3}}"
#: Characters that follow a number in running text, never a heading number.
MEASURE_CHARS = "家件万亿个项人次年月日元倍名期批起余多条所位座届"
#: Regex fragment: what follows an item's Arabic number (``1.`` ``1．`` ``1、`` or
#: ``1`` straight before text) — not a decimal, not a measure (``40家``).
ITEM_NUMBER_END = rf"(?:[.．、](?!\d)|(?=[\u4e00-\u9fff])(?![{MEASURE_CHARS}]))"

#: A line that starts a new block: any numbering marker, a box, an annex, a list dash.
HEADING_START = re.compile(
    rf"^(?:{CN_NUMBER}、|[（(]{CN_NUMBER}[）)]|[（(]\d{{1,2}}[）)]|\d{{1,2}}{ITEM_NUMBER_END}"
    r"|专栏\s*\d|附件|注[:：]|-\s)"
)

#: Characters that end a sentence or clause, after which a line may end a paragraph.
TERMINAL = "。！？；：.!?;:"


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (the characters plans are written in)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def cn_to_int(s: str) -> int:
    """一 → 1, 十 → 10, 十四 → 14, 二十三 → 23.

    >>> [cn_to_int(x) for x in ("一", "十", "十四", "二十", "二十三")]
    [1, 10, 14, 20, 23]
    """
    values = {c: i + 1 for i, c in enumerate(CN_DIGITS)}
    if "十" not in s:
        return values[s]
    tens, _, ones = s.partition("十")
    return (values[tens] if tens else 1) * 10 + (values[ones] if ones else 0)
