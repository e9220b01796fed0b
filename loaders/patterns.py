"""Shared vocabulary of the loaders: the numbering fragments (from loaders/numbering.py) and text classes.

Numbering markers, in the order plans nest them:
  一、      chapter            （一）/(一)  section     1. １ 1． 1、  item
  （1）/(1)  sub-item           专栏N       boxed column  附件  annex
"""

from __future__ import annotations

from loaders.numbering import (
    CN_DIGITS,
    CN_NUMBER,
    HEADING_START,
    ITEM_NUMBER_END,
    MEASURE_CHARS,
    cn_to_int,
)

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

#: Characters that end a sentence or clause, after which a line may end a paragraph.
TERMINAL = "。！？；：.!?;:"


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (the characters plans are written in)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
