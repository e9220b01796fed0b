"""Printed deadlines (完成时限) → an ISO due date and a recurrence (stage: duties).

A deadline is only what a task prints as one: the 完成时限 of its bracket or line
(``完成时限：2025年底前``), a date phrase after its units (``（市发展改革委负责，2023年6月底前完成）``),
a bracket of nothing but a deadline (``（长期坚持）``) or an annexed table's 完成时限 cell. A target year
in prose (``到2025年，…``) and the plan's period are never deadlines; ``loaders/duties.py`` decides
*where* to look, this module reads *what* the words mean:

* ``parse_deadline`` — the due date and recurrence a printed deadline means;
* ``is_deadline`` — is a phrase (spaces removed) made only of deadline words?
* ``is_standalone_deadline`` — may a bracket holding only this phrase be read as a deadline
  (a bare year or year range is a title's period, not a deadline)?

Every check is a left-to-right scan over bounded tokens: linear in the phrase.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.datafile import read_yaml
from graph.errors import PlankgError

__all__ = ["default_clause_vocabulary_path", "is_deadline", "is_standalone_deadline", "parse_deadline"]

_RANGE = r"\d{4}年?[—–\-－~～至到]\d{4}年"
_YEAR = r"\d{4}年"
_MONTH = r"(?:\d{1,2}|十[一二]|[一二三四五六七八九十])月(?:\d{1,2}[日号])?"
_QUARTER = r"第?[一二三四1-4]季度"
_SEPARATORS = ("，", ",", "、", "；", ";")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
#: Words that close a deadline's date (a bracket of only a deadline must hold one).
_CLOSING = ("前", "底", "末", "完成", "年内", "季度", "半年", "旬", "起")


_DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "clauses.yaml"


def default_clause_vocabulary_path() -> Path:
    """``data/clauses.yaml`` of this checkout."""
    return _DEFAULT_PATH


def _vocab_words(path: Path | None) -> _Words:
    return _words(str(path) if path else _DEFAULT_KEY)


_DEFAULT_KEY = str(_DEFAULT_PATH)


@dataclass(frozen=True)
class _Words:
    recurrence: tuple[tuple[str, str], ...]  # longest first
    recurrence_words: frozenset[str]
    token: re.Pattern[str]
    festivals: dict[str, str | None]  # festival -> MM-DD, None for a lunar one


@lru_cache(maxsize=4)
def _words(path: str) -> _Words:
    data: dict[str, Any] = read_yaml(path, PlankgError, "the clause vocabulary", dict)
    section = data.get("deadline") or {}
    recurrence = sorted(
        ((str(k), str(v)) for k, v in (section.get("recurrence") or {}).items()), key=lambda kv: -len(kv[0])
    )
    festivals = {str(k): (str(v) if v else None) for k, v in (section.get("festivals") or {}).items()}
    fillers = sorted(
        {str(f) for f in section.get("fillers") or []} | set(_SEPARATORS) | set(festivals), key=len, reverse=True
    )
    words = "|".join(re.escape(w) for w in [k for k, _ in recurrence] + fillers)
    token = re.compile(
        rf"(?P<range>{_RANGE})|(?P<year>{_YEAR})|(?P<month>{_MONTH})|(?P<quarter>{_QUARTER})|(?P<word>{words})"
    )
    return _Words(tuple(recurrence), frozenset(k for k, _ in recurrence), token, festivals)


def _tokens(text: str, path: Path | None = None) -> list[tuple[str, str]] | None:
    """``(kind, token)`` pairs covering all of ``text``, or None when a character is not a
    deadline word."""
    words = _vocab_words(path)
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = words.token.match(text, pos)
        if m is None or m.end() == pos:
            return None
        kind = m.lastgroup or "word"
        out.append((kind, m.group()))
        pos = m.end()
    return out


def is_deadline(text: str, path: Path | None = None) -> bool:
    """True when ``text`` (spaces removed) is made only of deadline words and names a time.

    >>> [is_deadline(t) for t in ("2025年底前", "2023年6月底前完成", "长期坚持", "每年", "年内完成", "2022—2024年")]
    [True, True, True, True, True, True]
    >>> [is_deadline(t) for t in ("市发展改革委", "完成", "到2025年全市建成", "2023年修订", "")]
    [False, False, False, False, False]
    """
    if not text or len(text) > 40:
        return False
    tokens = _tokens(text, path)
    if not tokens:
        return False
    recurrence = _vocab_words(path).recurrence_words
    return any(
        kind in ("range", "year", "month", "quarter") or tok in recurrence or tok == "年内" for kind, tok in tokens
    )


def is_standalone_deadline(text: str, path: Path | None = None) -> bool:
    """May a bracket holding only ``text`` be a deadline? It must close its date or recur:
    a bare year, year range or month is a title's period or a date of issue.

    >>> [is_standalone_deadline(t) for t in ("2023年底前完成", "长期坚持", "持续推进", "2024年一季度")]
    [True, True, True, True]
    >>> [is_standalone_deadline(t) for t in ("2022—2024年", "2023年", "2023年6月")]
    [False, False, False]
    """
    if not is_deadline(text, path):
        return False
    recurrence = _vocab_words(path).recurrence_words
    return any(w in text for w in _CLOSING) or any(w in text for w in recurrence)


def _month(raw: str) -> int:
    digits = re.match(r"\d{1,2}", raw)
    if digits:
        return int(digits.group())
    head = raw[: raw.index("月")]
    return 10 + _CN_DIGIT[head[1]] if len(head) == 2 else _CN_DIGIT[head]


def _due(tokens: list[tuple[str, str]], festivals: dict[str, str | None]) -> str | None:
    """The last date the tokens name, read to the end of its period (a festival after a year:
    its date, or none for a lunar one)."""
    due: str | None = None
    year: int | None = None
    for i, (kind, tok) in enumerate(tokens):
        after = "".join(t for _, t in tokens[i + 1 : i + 3])
        if kind in ("range", "year"):
            year = int(re.findall(r"\d{4}", tok)[-1])
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
            if nxt[0] in ("month", "quarter") or nxt[1] in ("上半年", "下半年"):
                continue  # the month or quarter that follows says when in the year
            if nxt[1] in festivals:
                on = festivals[nxt[1]]
                due = f"{year:04d}-{on}" if on else None
                continue
            due = f"{year:04d}-12-31"
        elif kind == "month" and year is not None:
            month = _month(tok)
            if not 1 <= month <= 12:
                continue
            last = calendar.monthrange(year, month)[1]
            day_m = re.search(r"月(\d{1,2})[日号]", tok)
            if day_m and 1 <= int(day_m.group(1)) <= last:
                day = int(day_m.group(1))
            elif after.startswith("上旬"):
                day = 10
            elif after.startswith("中旬"):
                day = 20
            else:
                day = last
            due = f"{year:04d}-{month:02d}-{day:02d}"
        elif kind == "quarter" and year is not None:
            q = tok.removeprefix("第")[0]
            month = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}[q]
            due = f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
        elif tok == "上半年" and year is not None:
            due = f"{year:04d}-06-30"
        elif tok == "下半年" and year is not None:
            due = f"{year:04d}-12-31"
    return due


def parse_deadline(text: str | None, path: Path | None = None) -> tuple[str | None, str | None]:
    """``(due_date, recurrence)`` of a printed deadline: the ISO date its last date names, read to
    the end of that period (年底/年末 → 12-31, 6月底 → 06-30, 一季度 → 03-31, 上半年 → 06-30,
    a month alone → its last day, ``Y年前`` → the end of Y), and ``annual``/``quarterly``/
    ``monthly``/``semiannual``/``ongoing`` for 每年/每季度/每月/每半年/长期坚持…. A date without a
    year (年底前, 6月底前) gives no due date: the year is never guessed.

    >>> parse_deadline("2025年底前")
    ('2025-12-31', None)
    >>> parse_deadline("2023年6月底前完成")
    ('2023-06-30', None)
    >>> parse_deadline("2024年6月")
    ('2024-06-30', None)
    >>> parse_deadline("2024年第一季度"), parse_deadline("2023年三季度")
    (('2024-03-31', None), ('2023-09-30', None))
    >>> parse_deadline("2023年上半年"), parse_deadline("2022年末")
    (('2023-06-30', None), ('2022-12-31', None))
    >>> parse_deadline("2022—2024年")
    ('2024-12-31', None)
    >>> parse_deadline("2022年启动，2024年2月底前完成")
    ('2024-02-29', None)
    >>> parse_deadline("每年"), parse_deadline("每季度"), parse_deadline("长期坚持"), parse_deadline("持续推进")
    ((None, 'annual'), (None, 'quarterly'), (None, 'ongoing'), (None, 'ongoing'))
    >>> parse_deadline("2023年底前完成，长期坚持")
    ('2023-12-31', 'ongoing')
    >>> parse_deadline("2013年春节前"), parse_deadline("2023年国庆节前"), parse_deadline("2023年12月—2024年6月")
    ((None, None), ('2023-10-01', None), ('2024-06-30', None))
    >>> parse_deadline("年内完成"), parse_deadline("6月底前"), parse_deadline(None)
    ((None, None), (None, None), (None, None))
    """
    if not text:
        return None, None
    squashed = re.sub(r"\s+", "", text)
    words = _vocab_words(path)
    recurrence = next((value for word, value in words.recurrence if word in squashed), None)
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(squashed):  # read the date tokens wherever they are (a cell may hold other words)
        m = words.token.match(squashed, pos)
        if m is None or m.end() == pos:
            pos += 1
            continue
        tokens.append((m.lastgroup or "word", m.group()))
        pos = m.end()
    return _due(tokens, words.festivals), recurrence
