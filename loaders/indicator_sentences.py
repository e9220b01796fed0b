"""Targets stated in running text: "…达到10.2件", "…80分以上", "新增40家".

A quantity is a number (or a range ``3-5``) followed by a measure unit. It is
a target when, inside its clause (text between ，；。 …):

* a static verb stands right before it (达到, 增至, 保持在, 不低于…) — the verb
  is not part of the name: "每万人口高价值发明专利拥有量达到10.2件";
* or an action verb comes before it (新增, 培育, 建设, 实现…) — kept in the
  name, since 新增 counts an increment and 培育 a cumulative number;
* or a comparator follows or precedes it (以上, 以内, ≥, 不低于…);
* or it closes a verb-less clause that continues a list of targets in the
  same sentence: "…达到170件，作品著作权登记量0.24万件".

Not targets: any number in a sentence that names money given out (资助,
奖励, 补贴… — policy, not an outcome), numbers in chapters about the past
(发展基础, 机遇与挑战) or in sentences opening with 截至 / "十三五"期间, and
numbers inside indicator tables (read by :mod:`loaders.indicator_tables`).

The target year is the nearest "到2025年" before the quantity in its
paragraph, else the plan's end year. A note "（以上指标均为预期性指标）" gives
the nature of the targets before it in its paragraph. "由2020年的8.5件提高
到15件" gives a baseline with its year.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.model import Comparator, Indicator, Span
from loaders.numbering import CN_DIGITS

if TYPE_CHECKING:
    from loaders.indicators import Phrases

__all__ = ["find_sentence_indicators", "history_spans"]

_SENTENCE_END = re.compile(r"[。！？；!?;]|(?<!\d)\.|\.(?!\d)")
_CLAUSE_END = re.compile(r"[。！？；!?;，,：:]|(?<!\d)\.|\.(?!\d)")
_YEAR = re.compile(r"(?:到|至)\s*(\d{4})\s*年|(\d{4})\s*年(?:底|末)?前")
_TIME_LEAD = re.compile(r"^(?:力争|争取)?(?:到|至)?\s*\d{4}\s*年(?:年底|底|末)?(?:前)?\s*[，,]?\s*")
#: The first 预期性/约束性 of a bracket decides (atomic group): a bracket never closed is given up
#: at once, not re-scanned from each later 预期性 (that was quadratic in the bracket's length).
_NOTE = re.compile(r"[（(](?>[^（）()]*?(预期性|约束性))[^（）()]*+[）)]")
_NUM = r"\d+(?:\.\d+)?"
_CHAPTER = re.compile(rf"^(?:[{CN_DIGITS}]{{1,3}}、)")
_SECTION = re.compile(rf"^(?:[（(][{CN_DIGITS}]{{1,3}}[）)])")
_LIST_JOINERS = "、和及与"
#: How far the words around a quantity are read (a clause is far shorter): each quantity costs
#: at most this much, whatever the length of a clause without punctuation.
_REACH = 400
_SEPARATORS = " 。！？；!?;，,：:."


@dataclass(frozen=True)
class _Grammar:
    """Regexes built once per vocabulary."""

    quantity: re.Pattern[str]
    baseline: re.Pattern[str]
    baseline_follows: re.Pattern[str]


def _grammar(phrases: Phrases) -> _Grammar:
    units = "|".join(re.escape(u) for u in phrases.units)
    quantity = re.compile(
        rf"(?<![\d.A-Za-z第])(?P<num>{_NUM})(?:\s*[-~～—至到]\s*(?P<num2>{_NUM}))?\s*(?P<unit>(?:{units})(?:/[年日月])?)"
    )
    baseline = re.compile(
        rf"(?:由|从)\s*(?:(?P<year>\d{{4}})\s*年(?:底|末)?\s*的?)?\s*(?P<num>{_NUM})\s*(?:{units})?"
        r"\s*(?:提高|增加|增长|提升|上升|下降|降低|减少)?\s*(?:到|至)\s*$"
    )
    follows = re.compile(r"\s*(?:提高|增加|增长|提升|上升|下降|降低|减少)?\s*(?:到|至)\s*\d")
    return _Grammar(quantity, baseline, follows)


def history_spans(text: str, phrases: Phrases) -> list[Span]:
    """Chapters and sections whose heading says they report the past (发展基础, 机遇与挑战…)."""
    headings: list[tuple[int, int, str]] = []  # (offset, level, title)
    for line in re.finditer(r"[^\n]+", text):
        s = line.group()
        for level, marker in ((1, _CHAPTER), (2, _SECTION)):
            m = marker.match(s)
            if m:
                title = re.split(r"[。.；;]", s[m.end() :], maxsplit=1)[0][:20]
                headings.append((line.start(), level, title))
                break
    spans = []
    for i, (start, level, title) in enumerate(headings):
        if not any(w in title for w in phrases.history_titles):
            continue
        end = next((headings[k][0] for k in range(i + 1, len(headings)) if headings[k][1] <= level), len(text))
        spans.append(Span(start, end))
    return spans


def _pieces(text: str, start: int, end: int, splitter: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Sub-ranges of ``text[start:end]``, each ending with (and including) its separator."""
    pos = start
    for m in splitter.finditer(text, start, end):
        yield pos, m.end()
        pos = m.end()
    if pos < end:
        yield pos, end


class _Union:
    """A union of spans, for membership tests in logarithmic time."""

    def __init__(self, spans: list[Span]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s in sorted((s for s in spans if s.start < s.end), key=lambda s: s.start):
            if self.ends and s.start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], s.end)
            else:
                self.starts.append(s.start)
                self.ends.append(s.end)

    def __contains__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


def _strip_lead(name: str, phrases: Phrases) -> tuple[str, int]:
    """Drop a leading time phrase and 力争/将… ; return the rest and how much was dropped."""
    dropped = 0
    changed = True
    while changed:
        changed = False
        m = _TIME_LEAD.match(name)
        if m and m.end() and m.end() < len(name):
            name, dropped, changed = name[m.end() :], dropped + m.end(), True
        for w in phrases.lead_words:
            if name.startswith(w) and len(name) > len(w):
                name, dropped, changed = name[len(w) :], dropped + len(w), True
    return name, dropped


def _comparator_prefix(before: str, phrases: Phrases) -> tuple[Comparator | None, str]:
    stripped = before.rstrip()
    pairs: tuple[tuple[tuple[str, ...], Comparator], ...] = ((phrases.ge_prefix, ">="), (phrases.le_prefix, "<="))
    for words, comp in pairs:
        for w in words:
            if stripped.endswith(w):
                return comp, stripped[: -len(w)]
    return None, before


def _comparator_suffix(after: str, phrases: Phrases) -> tuple[Comparator | None, int]:
    lead = len(after) - len(after.lstrip())
    rest = after[lead:]
    pairs: tuple[tuple[tuple[str, ...], Comparator], ...] = ((phrases.ge_suffix, ">="), (phrases.le_suffix, "<="))
    for words, comp in pairs:
        for w in words:
            if rest.startswith(w):
                return comp, lead + len(w)
    return None, 0


def _target_year(years: list[re.Match[str]], ends: list[int], pos: int, period_end: int | None) -> int | None:
    """The year of the last "到2025年" of the paragraph ending before ``pos`` (``years`` are the
    paragraph's, read once; ``ends`` their end offsets), else the plan's end year."""
    k = bisect.bisect_right(ends, pos)
    if not k:
        return period_end
    last = years[k - 1]
    return int(last.group(1) or last.group(2))


def _bounded_flag(ind: Indicator, phrases: Phrases) -> str | None:
    if ind.measure_unit not in ("%", "分") or not any(w in ind.name for w in phrases.bounded_words):
        return None
    bad = [v for v in (ind.baseline, ind.target) if v and "-" not in v and float(v) > 100]
    return f"疑似丢失小数点：{bad[0]}{ind.measure_unit} 不应超过 100" if bad else None


@dataclass
class _Clause:
    """One clause being read: the text, where it starts, and whether it continues a list of targets."""

    text: str
    start: int
    continues_list: bool


@dataclass
class _Reading:
    """What the words around one quantity of a clause say (offsets are into the clause)."""

    before: str  # from the previous quantity to this one, less comparator and baseline
    after: str  # the object after the quantity ("新增3-5家<国家级…中心>"), if the name needs it
    end: int  # after the quantity and a comparator that follows it
    static: str | None
    comparator: Comparator | None
    baseline: re.Match[str] | None


def _read(
    c: str, q: re.Match[str], boundary: int, grammar: _Grammar, phrases: Phrases, continues: bool
) -> _Reading | None:
    """The reading of quantity ``q`` if it is a target, else None."""
    if grammar.baseline_follows.match(c, q.end()) and re.search("[由从]", c[boundary : q.start()]):
        return None  # the "8.5件" of "由8.5件提高到15件" is the baseline of the next quantity
    base = grammar.baseline.search(c, boundary, q.start())
    comp_pre, before = _comparator_prefix(c[boundary : q.start()], phrases)
    if base is not None:
        before = c[boundary : base.start()]
    static = next((v for v in phrases.static_verbs if before.rstrip().endswith(v)), None)
    comp_suf, suffix_len = _comparator_suffix(c[q.end() : q.end() + _REACH], phrases)
    action = any(v in c[boundary : q.start()] for v in phrases.action_verbs)
    end = q.end() + suffix_len
    after = re.split(r"[（(\d]", c[end : end + _REACH], maxsplit=1)[0].rstrip(_SEPARATORS)
    if after.startswith("、"):
        after = ""  # …1800万吨/年、天然气产量达到…: the next item of a list of targets, not an object
    marked = bool(static or action or comp_pre or comp_suf or base is not None)
    # or a verb-less item continuing a list: "…达到170件，作品著作权登记量0.24万件"
    if not marked and not (continues and not after.strip() and before.strip()):
        return None
    if static is not None:
        before = before.rstrip()[: -len(static)]
    if static is not None or comp_suf is not None:
        after = ""
    return _Reading(before, after, end, static, comp_pre or comp_suf, base)


def _indicator(clause: _Clause, q: re.Match[str], boundary: int, r: _Reading, phrases: Phrases) -> Indicator | None:
    name_part = r.before + r.after
    lead = len(name_part) - len(name_part.lstrip(" " + _LIST_JOINERS))
    name, dropped = _strip_lead(name_part.strip(" " + _LIST_JOINERS), phrases)
    name = name.strip()
    if not name:
        return None
    start = clause.start + boundary + lead + dropped
    stop = clause.start + r.end + len(r.after)
    return Indicator(
        id="",
        plan_id="",
        name=name,
        metric="",
        target=q["num"] if q["num2"] is None else f"{q['num']}-{q['num2']}",
        comparator=r.comparator or "=",
        measure_unit=q["unit"],
        baseline=r.baseline["num"] if r.baseline is not None else None,
        baseline_year=int(r.baseline["year"]) if r.baseline is not None and r.baseline["year"] else None,
        span=Span(start, stop),
    )


def _clause_indicators(
    full: str, clause: _Clause, grammar: _Grammar, phrases: Phrases, skip: _Union
) -> list[Indicator]:
    found: list[Indicator] = []
    boundary = 0
    for q in grammar.quantity.finditer(clause.text):
        absolute = clause.start + q.start()
        if absolute in skip or absolute == 0 or full[absolute - 1] == "\n":
            continue  # inside a table or a history chapter, or an item number at a line start
        near = max(boundary, q.start() - _REACH)  # the words before it, at most _REACH of them
        reading = _read(clause.text, q, near, grammar, phrases, clause.continues_list)
        if reading is None:
            continue
        ind = _indicator(clause, q, near, reading, phrases)
        if ind is not None:
            found.append(ind)
            boundary = reading.end
    return found


def find_sentence_indicators(text: str, phrases: Phrases, period_end: int | None, skip: list[Span]) -> list[Indicator]:
    """Targets stated in sentences, outside ``skip`` (tables) and outside history chapters."""
    grammar = _grammar(phrases)
    outside = _Union([*skip, *history_spans(text, phrases)])
    out: list[Indicator] = []
    for para in re.finditer(r"[^\n]+", text):
        in_para: list[Indicator] = []
        years: list[re.Match[str]] | None = None  # the paragraph's "到2025年", read when needed
        year_ends: list[int] = []
        for s_start, s_end in _pieces(text, para.start(), para.end(), _SENTENCE_END):
            sentence = text[s_start:s_end]
            if any(w in sentence for w in phrases.funding_words):
                continue
            opening = re.sub(r"^[\s\d.、（）()一二三四五六七八九十]*", "", sentence)
            if opening.startswith(phrases.history_leads):
                continue
            continues = False
            quote = sentence.strip()  # one string for all the sentence's targets
            for c_start, c_end in _pieces(text, s_start, s_end, _CLAUSE_END):
                clause = _Clause(text[c_start:c_end], c_start, continues)
                found = _clause_indicators(text, clause, grammar, phrases, outside)
                if found and years is None:
                    years = list(_YEAR.finditer(text, para.start(), para.end()))
                    year_ends = [m.end() for m in years]
                for ind in found:
                    at = ind.span.start if ind.span else c_start
                    ind.quote = quote
                    ind.target_year = _target_year(years or [], year_ends, at, period_end)
                    ind.flag = _bounded_flag(ind, phrases)
                in_para.extend(found)
                continues = bool(found)
        if in_para:
            _natures(text, para.start(), para.end(), in_para)
        out.extend(in_para)
    return out


def _natures(text: str, start: int, end: int, found: list[Indicator]) -> None:
    """A note "（以上指标均为预期性指标）" gives its nature to the targets between the previous note
    and it (each target falls between two notes at most: one bisection per target)."""
    notes = list(_NOTE.finditer(text, start, end))
    starts = [n.start() for n in notes]
    for ind in found:
        if ind.span is None:
            continue
        k = bisect.bisect_right(starts, ind.span.start)
        after_previous = notes[k - 1].end() if k else start
        if k < len(notes) and after_previous <= ind.span.start:
            ind.nature = notes[k].group(1)
