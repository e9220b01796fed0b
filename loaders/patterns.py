"""Shared vocabulary of the numbering grammar (used by clean and outline).

Numbering markers, in the order plans nest them:
  一、      chapter            （一）/(一)  section     1. １ 1． 1、  item
  （1）/(1)  sub-item           专栏N       boxed column  附件  annex
"""

from __future__ import annotations

import re

__all__ = [
    "CN_DIGITS",
    "HEADING_START",
    "TERMINAL",
    "cn_to_int",
    "is_cjk",
]

CN_DIGITS = "一二三四五六七八九十"
_CN = "[一二三四五六七八九十]{1,3}"
#: Characters that follow a number in running text, never a heading number.
_MEASURE = "家件万亿个项人次年月日元倍名期批起余多条所位座届"

#: A line that starts a new block: any numbering marker, a box, an annex, a list dash.
HEADING_START = re.compile(
    rf"^(?:{_CN}、|[（(]{_CN}[）)]|[（(]\d{{1,2}}[）)]|\d{{1,2}}(?:[.．、](?!\d)|(?=[\u4e00-\u9fff])(?![{_MEASURE}]))"
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
