"""Indicator tables: 指标 | (单位) | 基期值 | 预期值 | 属性.

A plan's table of main indicators reaches us in one of several shapes, and
one pattern reads all of them because cells are separated by whitespace or
``|`` whatever the shape:

* one cell per line (DOCX: tab-prefixed cells, the unit a cell of its own);
* one row per line with spaces between cells (PDF), the unit in brackets
  after the name: ``每万人口高价值发明专利拥有量 (件) [41] 100 预期性``;
* several rows run together on one line, when extraction lost the line ends
  (a row then ends at its 预期性/约束性);
* a Markdown/pipe table, with its ``|---|`` line.

The header gives the years (``2020年基期值`` → baseline year 2020) and the
column order. ``--``/``——`` is "no baseline". ``≥83`` is comparator ``>=``
with target ``83``. A value in ``[]`` is an estimate (the table's 注 says so)
and is flagged. PDF extraction may drop decimal points (``607`` printed for
6.07): a share above 100 % proves it for the table, and then every value of
that table that could carry a decimal point is flagged — the printed value is
kept, never "fixed".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.model import Comparator, Indicator, Span

if TYPE_CHECKING:
    from loaders.indicators import Phrases

__all__ = ["find_table_indicators"]

_BASE_WORDS = ("基期值", "基准值", "现状值", "基期", "现状")
_TARGET_WORDS = ("目标值", "预期值", "目标", "预期")
_WORDS = "|".join((*_BASE_WORDS, *_TARGET_WORDS))


def _column(n: int) -> str:
    """A value column's header: ``2020年基期值``, ``2020年``, ``基期值``, ``基期值（2020年）``."""
    return (
        rf"(?=\d{{4}}|{_WORDS})(?:(?P<y{n}>\d{{4}})\s*+年?\s*+)?(?P<w{n}>{_WORDS})?"
        rf"(?:\s*+[（(]\s*+(?P<z{n}>\d{{4}})\s*+年?\s*+[）)])?"
    )


# Every run of spaces is read by one possessive quantifier (``*+``, ``++``), so that no two
# quantifiers share a run: a row padded with spaces, as ``pdftotext -layout`` prints tables,
# is read in time linear in its length (adjacent ``\s*`` once cost the 4th power of the run).
_HEADER = re.compile(
    r"指\s*+标(?:\s*+名\s*+称)?[\s|]*+(?:单\s*+位[\s|]*+)?"
    + _column(1)
    + r"[\s|]*+"
    + _column(2)
    + r"(?:[\s|]*+(?:指\s*+标\s*+)?(?:属\s*+性|性\s*+质))?"
)
_MD_RULE = re.compile(r"[\s|]*+(?::?-{3,}+:?[\s|]*+)++")
_NUMBER = r"\[?\s*+(?:≥|≤|>=|<=)?\s*+\d+(?:\.\d+)?"
#: A value followed by the gap to the next cell: its trailing spaces belong to the gap.
_BASE_VALUE = rf"{_NUMBER}(?:\s*+%)?(?:\s*+\])?|[—－\-]{{1,2}}|/"
#: The last value of a row: its trailing spaces are its own (the row's span ends after them).
_VALUE = rf"{_NUMBER}\s*+%?\s*+\]?|[—－\-]{{1,2}}|/"
#: Longest indicator name read in a row (names are a few dozen characters): bounds each try.
_MAX_NAME = 200
_NO_VALUE = re.compile(r"^(?:[—－\-]{1,2}|/)$")
_NOTE = re.compile(r"注\s*[:：][^\n]*")
_GAP = re.compile(r"[\s|]*")


def _row_pattern(phrases: Phrases) -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in phrases.units)
    natures = "|".join(re.escape(n) for n in phrases.natures)
    # The name ends on a character that is no space (the first match never ended on one), so
    # the gap after it is read once, by the possessive quantifier that follows.
    return re.compile(
        rf"(?P<name>[^\s|\d\[\]≥≤—－\-/](?:[^\n|]{{0,{_MAX_NAME}}}?[^\s|])?)"
        r"(?:[ \t]*+[（(](?P<u1>[^（）()\d\s]{1,6})[）)])?"
        rf"(?:[\s|]++(?P<u2>{units}))?"
        rf"[\s|]++(?P<base>{_BASE_VALUE})[\s|]++(?P<target>{_VALUE})"
        rf"(?:[\s|]*+(?P<nature>{natures}))?"
    )


def _split_value(raw: str) -> tuple[str | None, Comparator, bool]:
    """``≥83`` → ("83", ">=", False); ``[41]`` → ("41", "=", True); ``--`` → (None, "=", False)."""
    value = re.sub(r"\s+", "", raw)
    if _NO_VALUE.match(value):
        return None, "=", False
    bracketed = value.startswith("[")
    value = value.strip("[]").rstrip("%")
    comparator: Comparator = "="
    signs: tuple[tuple[str, Comparator], ...] = (("≥", ">="), (">=", ">="), ("≤", "<="), ("<=", "<="))
    for sign, comp in signs:
        if value.startswith(sign):
            value, comparator = value[len(sign) :], comp
            break
    return value, comparator, bracketed


def _impossible(ind: Indicator, value: str | None, phrases: Phrases) -> bool:
    """A share or score printed above 100: the decimal point must have been lost."""
    if value is None or ind.measure_unit not in ("%", "分"):
        return False
    return float(value) > 100 and any(w in ind.name for w in phrases.bounded_words)


def _may_have_decimals(ind: Indicator, phrases: Phrases) -> bool:
    counted = ind.measure_unit in phrases.count_units
    return not counted or any(w in ind.name for w in phrases.ratio_words)


def _flag_lost_decimals(rows: list[Indicator], phrases: Phrases) -> None:
    impossible = {id(r): [v for v in (r.baseline, r.target) if _impossible(r, v, phrases)] for r in rows}
    if not any(impossible.values()):
        return
    for r in rows:
        bad = impossible[id(r)]
        if bad:
            shown = ", ".join(f"{v}{r.measure_unit}" for v in bad)
            flag = f"疑似丢失小数点：{shown} 不应超过 100"
        elif _may_have_decimals(r, phrases) and any(v is not None and "." not in v for v in (r.baseline, r.target)):
            flag = "疑似丢失小数点：本表其他数值已不合常理，按原文照录"
        else:
            continue
        r.flag = flag if not r.flag else f"{r.flag}；{flag}"


def _years(m: re.Match[str], period_end: int | None) -> tuple[int | None, int | None, bool]:
    """(baseline year, target year, swapped) from the header's two value columns."""
    swapped = (m["w1"] or "") in _TARGET_WORDS or (m["w2"] or "") in _BASE_WORDS
    y1 = int(m["y1"] or m["z1"]) if m["y1"] or m["z1"] else None
    y2 = int(m["y2"] or m["z2"]) if m["y2"] or m["z2"] else None
    base_year, target_year = (y2, y1) if swapped else (y1, y2)
    return base_year, target_year if target_year is not None else period_end, swapped


def _read_table(
    text: str, header: re.Match[str], row_re: re.Pattern[str], phrases: Phrases, period_end: int | None
) -> tuple[list[Indicator], int]:
    base_year, target_year, swapped = _years(header, period_end)
    rows: list[Indicator] = []
    estimated: list[list[str]] = []
    pos = header.end()
    rule = _MD_RULE.match(text, pos)
    if rule and "-" in rule.group():
        pos = rule.end()
    end = pos
    while True:
        gap = _GAP.match(text, pos)
        m = row_re.match(text, gap.end() if gap else pos)
        if m is None:
            break
        first, second = (m["target"], m["base"]) if swapped else (m["base"], m["target"])
        baseline, _, base_bracketed = _split_value(first)
        target, comparator, target_bracketed = _split_value(second)
        span = Span(m.start("name"), m.end())
        rows.append(
            Indicator(
                id="",
                plan_id="",
                name=re.sub(r"\s+", " ", m["name"].strip()),
                metric="",
                target=target,
                target_year=target_year,
                baseline=baseline,
                baseline_year=base_year if baseline is not None else None,
                comparator=comparator,
                measure_unit=m["u1"] or m["u2"],
                nature=m["nature"],
                span=span,
                quote=re.sub(r"\s+", " ", text[span.start : span.end]),
            )
        )
        estimated.append([what for what, hit in (("基期值", base_bracketed), ("目标值", target_bracketed)) if hit])
        pos = end = m.end()
    gap = _GAP.match(text, end)
    note = _NOTE.match(text, gap.end() if gap else end)
    why = "（见表注）" if note else ""
    for ind, whats in zip(rows, estimated, strict=True):
        ind.flag = "；".join(f"{what}在[]内，为测算值{why}" for what in whats) or None
    _flag_lost_decimals(rows, phrases)
    return rows, end


def find_table_indicators(text: str, phrases: Phrases, period_end: int | None) -> tuple[list[Indicator], list[Span]]:
    """Rows of every indicator table in ``text``, and the spans the tables cover."""
    row_re = _row_pattern(phrases)
    found: list[Indicator] = []
    covered: list[Span] = []
    pos = 0
    while (header := _HEADER.search(text, pos)) is not None:
        rows, end = _read_table(text, header, row_re, phrases, period_end)
        if rows:
            found.extend(rows)
            covered.append(Span(header.start(), end))
        pos = max(end, header.end())
    return found, covered
