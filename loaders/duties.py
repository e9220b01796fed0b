"""Responsibility clauses → ordered unit mentions with roles, and printed deadlines (stage: duties).

One grammar for plans of any province (vocabulary in ``data/clauses.yaml``, described in
docs/units.md):

* **Brackets** — every pair of （） () 〔〕 【】 [] ［］, matched in one pass, full- or
  half-width colons:

  - labelled: a label (责任单位, 牵头单位, 配合单位, 协办单位, 责任主体, 主办 …) at the start
    of the bracket or after a comma or semicolon switches the role of what follows:
    ``（牵头单位：A；配合单位：B、C；完成时限：2025年底前）``; 责任领导 lists people and is
    skipped; 完成时限/时间节点/完成时间 open the deadline;
  - verbs: every phrase is ``<units><verb>`` — ``（A牵头，B、C配合）``, ``（A、B按职责分工负责）``,
    ``（A负责落实）`` — or a deadline;
  - a bare list ``（区农发局、交建局）`` when every item ends like a unit (a stricter list of
    endings than the registry's) or is a generic placeholder — never an abbreviation or example
    (``（以下简称“市场监管局”）``, ``（含…）``) nor a unit's other name right after it
    (``省市场监管局（省知识产权局）``);
  - a bracket of nothing but a deadline that closes its date or recurs (``（2023年底前完成）``,
    ``（长期坚持）``; a bare ``（2022—2024年）`` is a period, not a deadline — unless it stands
    where a responsibility bracket would, after an item's last sentence at its paragraph's end).

* **Lines** — a label with a colon anywhere on a line after punctuation (``…。责任单位：A、B``),
  or a bracketed label without one (``【责任单位】A、B``); its list runs to the next label on
  the line, the end of the sentence or the line.

* **Sentences** — ``X牵头``, ``X负责``, ``由X负责``, ``X会同Y…``, ``X、Y按职责分工负责``, ``X参与``,
  ``X要…`` inside a task: the units right before the verb, every one a unit the registry knows
  (or a generic placeholder next to a known one, or all placeholders before a verb that only
  shares out work: ``各有关单位按职责分工负责``).

Roles: ``lead`` where the text says 牵头, ``support`` for 配合/协办/参与/协同/协助, ``responsible``
otherwise. A rule the document states once ("排在第一位的为牵头单位，下同") makes, from there on,
the first unit of every list of role ``responsible`` its lead and the others support (explicit
labels and verbs win; prose sentences are not lists).

Items keep their printed order; text is as printed with line breaks and spaces removed; span is
in the cleaned text. A trailing 等部门/等单位 is dropped, and so are fragments (单位 of
"等部门、单位") and people (副市长张三, 分管领导). Placeholders (有关部门, 各区县人民政府, 各乡镇（街道）,
各成员单位 …: a shape rule) are kept with ``generic=True``.

A clause belongs to the innermost task whose span holds it (or the task that ends right before
it), so a parent's units are never copied to its children or the reverse; a task's deadline is
its first clause's. Annexed rows (``loaders/annex.py``) keep their own mentions; their 完成时限
cell gets its due date and recurrence here.

Every scan is linear: brackets are matched with one stack, line lists stop at the next label,
sentences look back at most 80 characters, and no regular expression nests quantifiers.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from graph.datafile import read_yaml
from graph.errors import PlankgError
from graph.model import PlanDoc, Role, Span, Task, UnitMention
from loaders.deadlines import default_clause_vocabulary_path, is_deadline, is_standalone_deadline, parse_deadline
from loaders.numbering import match_marker
from loaders.registry import Registry

__all__ = [
    "Clause",
    "ClauseItem",
    "attach_mentions",
    "cell_items",
    "document_aliases",
    "find_clauses",
    "role_verbs",
    "unit_last_characters",
]

#: A relative prefix (区经发局 in a district's plan) or the first character of a place.
_REGION_CHARS = "省市区县州盟旗"
_OPEN = "（(〔【[［"
_CLOSE = "）)〕】]］"
_MAX_BRACKET = 600  # a responsibility bracket is short; longer pairs are prose
_MAX_LINE = 400
_MAX_LOOKBACK = 80
_MAX_KIND = 12  # a kind of body named as a placeholder (专区监管部门) is short
_MAX_SUBJECT = 40  # a list of units opening a clause before a subject marker is short
_MAX_NAMED_LIST = 240  # a list of named bureaus opening a clause may be long (a 工作专班's sixteen members)
_MAX_SUBJECT_ITEM = 20
_ROLE_REACH = 12  # how far into a subject's predicate a role verb (牵头, 协助…) still gives its role
_MAX_ENDS = 4  # where the last unit of an opening list may end: the longest few
_PHRASE_SEP = "，,；;"
_KIND_CHARS = "委办局厅处室"
#: 各 and bare levels (各市, 各县（市）): a list item that only distributes over the next one.
#: A placeholder that is a level of government alone (各区, 各郊区, 有关区, 相关县).
_PLACEHOLDER_LEVEL = re.compile(r"(?:各|有关|相关)郊?[省市区县州盟旗]")
_LEVEL_PLACEHOLDER_END = re.compile(_PLACEHOLDER_LEVEL.pattern + "$")  # …，各区要: where a subject ends
_BARE_LEVELS = re.compile(r"各(?:[省市区县州盟旗乡镇]|[（(][市区县]{1,3}[）)]){1,3}")
_LEVEL_BODY = re.compile(r"(?:[省市区县州盟旗乡镇]|[（(][市区县、]{1,5}[）)]){1,4}(?:人民政府|政府|党委|党委和政府)")
_ITEM_SEP = "、，,；;"
_SENTENCE_START = "。；;！？!?，,：:\n"
_STOPS = "。！？!?"
#: The end of a sentence: a stop (kept), a line break (not), or an ASCII full stop that is not a
#: decimal point (PDF extraction prints 。 as .).
_SENTENCE_STOP = re.compile(r"[。；;！？!?]|\.(?!\d)|(?=\n)")
_QUOTES = '“”"‘’《》「」'
#: What may stand right before a line label (a label inside a word — 明确责任单位 — is prose).
_BEFORE_LABEL = "\n \t\u3000。；;，,！？!?）)】]〕］（(：:"

_WORD = re.compile(r"\w")
#: A time a task's own text prints (a month, a year, a quarter, 年底/月底).
_A_TIME = re.compile(r"\d{1,2}月|\d{4}年|季度|年底|月底")
_LIST_STOP = re.compile(r"[。；;！？!?，,：:\n]|\.(?!\d)")
_ENUMERATION = re.compile(r"[一二三四五六七八九十]{1,3}[是要]")  # 一是…, 三要…
#: Where a sentence or clause opens (its first character follows the match), spaces and a
#: heading number skipped.
_CLAUSE_OPENING = re.compile(
    r"(?:^|[。；;！？!?，,：:\n])[ \t\u3000]*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、])?[ \t\u3000]*"
    # …，由县监察局按规定进行责任追究: the unit 由 names takes the work; also after the work's name
    # (竞价工作由市发展改革委、市工业和信息化局牵头组织)
    r"(?:(?:[\u4e00-\u9fff]{0,8}?(?:工作|事项|事宜))?[均并另]?由)?",
    re.M,
)


#: ``subject``: a clause-opening list of units before its predicate (税务部门将…, 区建设管理委对照…):
#: prose that names who acts, weaker than a clause that assigns (it never makes a heading a task).
ClauseKind = Literal["bracket", "line", "sentence", "subject", "heading"]


@dataclass(frozen=True)
class ClauseItem:
    """One unit as printed in a clause (``generic``: a placeholder such as 有关部门)."""

    text: str
    role: Role
    span: Span
    generic: bool = False


@dataclass(frozen=True)
class Clause:
    """A responsibility clause: its whole text, where it is, its items in order, and the
    deadline it prints (as printed, spaces removed)."""

    text: str
    span: Span
    items: tuple[ClauseItem, ...]
    deadline: str | None = None
    kind: ClauseKind = "bracket"


# --------------------------------------------------------------------------- vocabulary
@dataclass(frozen=True)
class _Vocab:
    labels: dict[str, Role]
    person_labels: frozenset[str]
    deadline_labels: frozenset[str]
    all_labels: tuple[str, ...]  # longest first
    verbs: dict[str, Role]
    verbs_by_length: tuple[str, ...]
    bracket_only: frozenset[str]
    trailers: tuple[str, ...]
    sentence_verb: re.Pattern[str]
    line_label: re.Pattern[str]
    label_start: re.Pattern[str]
    tails: tuple[str, ...]
    fragments: frozenset[str]
    generic_starts: tuple[str, ...]
    generic_marks: tuple[str, ...]
    generic_endings: tuple[str, ...]
    unit_endings: tuple[str, ...]
    body_endings: tuple[str, ...]  # a government body's last characters (局 委 办 …)
    generic_subject_verbs: frozenset[str]  # verbs placeholders alone may be the subject of
    not_a_list: tuple[str, ...]
    person_titles: tuple[str, ...]
    person_endings: tuple[str, ...]
    first_lead: re.Pattern[str]
    joints: tuple[str, ...]  # words joining two whole units (和, 及, 以及)
    subject_marker: re.Pattern[str]  # words after a clause-opening list that make it the subject
    partner_verbs: frozenset[str]  # 会同, 联合: the list after the verb is the subject's partner
    subject_endings: tuple[str, ...]  # kinds of body that may be a sentence's subject
    not_subject_starts: tuple[str, ...]  # verbs and adverbs no kind of body starts with
    subject_start_words: tuple[str, ...]  # words a body may start with that begin with one (经营…)
    unit_last_chars: frozenset[str]  # the last characters of unit endings (where a list may end)
    stage_words: tuple[str, ...]  # 阶段, 时期: a period bracketed after them is the stage's deadline
    support_verbs: tuple[str, ...]  # the verbs of role support (配合, 协助 …)
    not_predicates: tuple[str, ...]  # what after a unit makes it part of a noun phrase (…的, …分管)
    sector_tails: tuple[str, ...]  # the kinds of body a sector word stands for (部门, 机构)
    distributive_kinds: frozenset[str]  # 街道, 开发区: after 各… in a list, a placeholder too
    list_tails_of_kinds: tuple[str, ...]  # 等部门, 等单位: a list's tail that may end a subject before a comma


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or [])


@lru_cache(maxsize=4)
def _vocab(path: str) -> _Vocab:
    data: dict[str, Any] = read_yaml(path, PlankgError, "the clause vocabulary", dict)
    labels: dict[str, Role] = {str(k): v for k, v in (data.get("labels") or {}).items()}
    persons = frozenset(_strs(data.get("person_labels")))
    deadlines = frozenset(_strs(data.get("deadline_labels")))
    all_labels = tuple(sorted(set(labels) | persons | deadlines, key=len, reverse=True))
    verbs: dict[str, Role] = {str(k): v for k, v in (data.get("verbs") or {}).items()}
    by_length = tuple(sorted(verbs, key=len, reverse=True))
    bracket_only = frozenset(_strs(data.get("bracket_only_verbs")))
    blockers = "|".join(re.escape(b) for b in sorted(_strs(data.get("verb_blockers")), key=len, reverse=True))
    prose = "|".join(re.escape(v) for v in by_length if v not in bracket_only)
    label_alt = "|".join(re.escape(label) for label in all_labels)
    deadline_alt = "|".join(re.escape(label) for label in sorted(deadlines, key=len, reverse=True))
    line_label = re.compile(
        rf"(?<![^{re.escape(_BEFORE_LABEL)}])"
        rf"(?:[【〔\[［](?P<boxed>{label_alt})[】〕\]］][：:]?|(?P<plain>{label_alt})[ \t\u3000]?[：:])"
        # a deadline label needs no punctuation before it: …排查整治排查整治时间：2013年1月至3月
        + (rf"|(?P<deadline>{deadline_alt})[ \t\u3000]?[：:](?=[ \t\u3000]*\d)" if deadline_alt else "")
    )
    return _Vocab(
        labels=labels,
        person_labels=persons,
        deadline_labels=deadlines,
        all_labels=all_labels,
        verbs=verbs,
        verbs_by_length=by_length,
        bracket_only=bracket_only,
        trailers=tuple(sorted(_strs(data.get("verb_trailers")), key=len, reverse=True)),
        sentence_verb=re.compile(f"(?:{prose})" + (f"(?!{blockers})" if blockers else "")),
        line_label=line_label,
        label_start=re.compile(f"({label_alt})[：:]"),
        tails=tuple(sorted(_strs(data.get("list_tails")), key=len, reverse=True)),
        fragments=frozenset(_strs(data.get("fragments"))),
        generic_starts=_strs(data.get("generic_starts")),
        generic_marks=_strs(data.get("generic_marks")),
        generic_endings=_strs(data.get("generic_endings")),
        unit_endings=_strs(data.get("unit_endings")),
        body_endings=_strs(data.get("body_endings")),
        generic_subject_verbs=frozenset(_strs(data.get("generic_subject_verbs"))),
        not_a_list=tuple(sorted(_strs(data.get("not_a_list")), key=len, reverse=True)),
        person_titles=_strs(data.get("person_titles")),
        person_endings=_strs(data.get("person_endings")),
        first_lead=re.compile(str(data.get("first_lead_rule") or "(?!)")),
        joints=tuple(sorted(_strs(data.get("joints")), key=len, reverse=True)),
        sector_tails=_strs(data.get("sector_tails")),
        distributive_kinds=frozenset(_strs(data.get("distributive_kinds"))),
        list_tails_of_kinds=tuple(t for t in _strs(data.get("list_tails")) if t.startswith("等") and len(t) > 2),
        subject_marker=re.compile(
            "(?:"
            + "|".join(re.escape(w) for w in sorted(_strs(data.get("subject_markers")), key=len, reverse=True))
            + ")"
            + (f"(?!{blockers})" if blockers else "")
        ),
        partner_verbs=frozenset(_strs(data.get("partner_verbs"))),
        subject_endings=_strs(data.get("subject_endings")),
        not_subject_starts=tuple(sorted(_strs(data.get("not_subject_starts")), key=len, reverse=True)),
        subject_start_words=_strs(data.get("subject_start_words")),
        not_predicates=tuple(sorted(_strs(data.get("not_predicates")), key=len, reverse=True)),
        stage_words=_strs(data.get("stage_words")),
        support_verbs=tuple(v for v, r in verbs.items() if r == "support"),
        unit_last_chars=frozenset(
            e[-1]
            for e in (
                *_strs(data.get("unit_endings")),
                *_strs(data.get("body_endings")),
                *_strs(data.get("generic_endings")),
                *_strs(data.get("subject_endings")),
            )
        ),
    )


_VOCAB_PATH = str(default_clause_vocabulary_path())


def _load_vocab() -> _Vocab:
    return _vocab(_VOCAB_PATH)


# --------------------------------------------------------------------------- the text without spaces
@dataclass(frozen=True)
class _View:
    """The non-space characters of a range of the text, with their offsets (spans map back)."""

    chars: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, text: str, start: int, end: int) -> _View:
        kept = [(i, ch) for i, ch in enumerate(text[start:end], start) if not ch.isspace()]
        return cls("".join(ch for _, ch in kept), tuple(i for i, _ in kept))

    def span(self, i: int, j: int) -> Span:
        return Span(self.offsets[i], self.offsets[j - 1] + 1)


def _squash(s: str) -> str:
    """Text as compared and shown: no line breaks or spaces."""
    return "".join(s.split())


def _split(chars: str, start: int, end: int, seps: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, separator before)`` of the pieces of ``chars[start:end]`` between
    separators outside nested brackets."""
    depth = 0
    piece, before = start, ""
    for i in range(start, end):
        ch = chars[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            yield piece, i, before
            piece, before = i + 1, ch
    yield piece, end, before


def _unbracketed(s: str) -> str:
    """``各县（市、区）人民政府`` → ``各县人民政府``: the name without its bracketed parts."""
    out: list[str] = []
    depth = 0
    for ch in s:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- items
@dataclass(frozen=True)
class _Item:
    text: str
    start: int  # view indices
    end: int
    role: Role
    generic: bool
    unit_shaped: bool  # ends like a unit (the strict list), or the registry knows it
    known: bool


#: 是 makes its subject take the work only when the clause says whose the work is
#: (区政府是高层建筑消防安全综合治理工作的第一责任主体, 各乡镇政府是此项工作的直接责任主体).
_IS_DUTY = re.compile(r"[^，,。；;]{0,40}?(?:责任主体|责任单位|第一责任人|主体责任)")

#: What a body that acts is followed by (消防支队筹建组要…, …负责…), for recurring subjects.
_ACTS = re.compile(r"要|负\s*责|应当|应")
_RECURRING_STOPS = "。；;，,：:\n、）)"
_MIN_RECURRING, _MAX_RECURRING = 4, 14


class _Grammar:
    """The clause grammar over one text (vocabulary and registry at hand)."""

    def __init__(self, text: str, reg: Registry, vocab: _Vocab) -> None:
        self.text = text
        self.reg = reg
        self.v = vocab
        self.aliases = document_aliases(text) if "以下" in text else {}
        self._known: dict[str, bool] = {}
        self._registry_known: dict[str, bool] = {}
        self.recurring = self._recurring_subjects()

    def _recurring_subjects(self) -> frozenset[str]:
        """Bodies the registry cannot know but the document itself shows acting: a name ending like
        a unit (消防支队筹建组) that opens a sentence or clause before 要/负责/应 at least twice."""
        text = self.text
        counts: dict[str, int] = {}
        for m in _ACTS.finditer(text):
            k = m.start()
            lo = max(0, k - _MAX_RECURRING - 1)
            stop = max(text.rfind(c, lo, k) for c in _RECURRING_STOPS)
            if stop < 0 and lo > 0:
                continue  # no clause opening within reach: too long for a name
            name = _squash(text[stop + 1 : k])
            if (
                _MIN_RECURRING <= len(name) <= _MAX_RECURRING
                and name.endswith(self.v.unit_endings)
                and all("\u4e00" <= ch <= "\u9fff" for ch in name)
                and not name.startswith(self.v.generic_starts)
                and not name.startswith(self.v.not_subject_starts)
                and name[:1] not in _REGION_CHARS  # 区消防支队: the registry's to judge
                and not name.startswith(tuple(self.v.distributive_kinds))  # 街道办事处: a kind of body
            ):
                counts[name] = counts.get(name, 0) + 1
        return frozenset(n for n, c in counts.items() if c >= 2)

    def known(self, name: str) -> bool:
        """Does the registry know ``name`` (or, for ``省市场监管局（省知识产权局）``, the name before its
        bracket)? Memoised: a list repeats its names."""
        got = self._known.get(name)
        if got is None:
            bare = _unbracketed(name)
            got = (
                self.registry_knows(name)
                or (bare != name and bool(bare) and self.registry_knows(bare))
                or _squash(name) in self.recurring
            )
            # 区资源生态局, 区交建局: a body the registry lacks, but printed with its region and
            # ending like a government body (the units stage names it by shape and flags it)
            got = got or (
                bare[:1] in _REGION_CHARS
                and len(bare) >= 4
                and bare.endswith(self.v.body_endings)
                and not bare[1:].startswith(self.v.generic_starts)
            )
            self._known[name] = got
        return got

    def registry_knows(self, name: str) -> bool:
        """``Registry.known``, memoised (a list repeats its names); a short name the document defines
        (（以下简称“协调小组”）) counts as its full name."""
        got = self._registry_known.get(name)
        if got is None:
            full = self.aliases.get(name) or (self.aliases.get(name[1:]) if name[:1] in _REGION_CHARS else None)
            got = self._registry_known[name] = self.reg.known(full or name)
        return got

    # -- shapes --------------------------------------------------------------------
    def is_generic(self, name: str) -> bool:
        """有关部门, 各区县人民政府, 各乡镇（街道）, 市直有关部门, 各成员单位: a placeholder by shape."""
        bare = _unbracketed(name)
        if not bare or self.known(name):
            return False
        if _PLACEHOLDER_LEVEL.fullmatch(bare):
            return True  # 各区, 各郊区, 有关区: every district (the levels themselves, not one place)
        marked = bare.startswith(self.v.generic_starts) or any(m in bare[1:] for m in self.v.generic_marks)
        return marked and (bare.endswith(self.v.generic_endings) or bare.endswith(self.v.unit_endings))

    def is_person(self, name: str) -> bool:
        bare = _unbracketed(name)
        if bare.endswith(self.v.person_endings):
            return True
        if bare.endswith(self.v.unit_endings):
            return False
        return any(t in bare for t in self.v.person_titles)

    def unit_shaped(self, name: str) -> bool:
        bare = _unbracketed(name)
        return bare.endswith(self.v.unit_endings) or self.known(name)

    def strip_tail(self, name: str) -> str:
        for tail in self.v.tails:
            if name.endswith(tail) and len(name) > len(tail):
                return name[: -len(tail)]
        k = name.rfind("等", 1)  # 公安等行政主管部门: 等 + a short kind of body
        if k > 0 and len(name) - k <= 9 and name.endswith((*self.v.sector_tails, "单位")):
            return name[:k]
        return name

    def pieces(self, chars: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The item ranges of ``chars[start:end]``: split on 、，; outside brackets, a leading
        heading number (（一）各乡镇人民政府) and what follows a colon (各区属国企来源：…) left
        out, and two units joined by 和/及/以及 (工商行政管理部门和城市市容环境卫生行政主管部门)
        or printed with no separator (区绿化市容局区党政机关) split apart."""
        for s, e, _ in _split(chars, start, end, _ITEM_SEP):
            marker = match_marker(chars[s:e]) if s < e else None
            if marker is not None:
                s += len(marker.printed)
            counted = _ENUMERATION.match(chars, s, e)  # 一是…, 二是…
            if counted:
                s = counted.end()
            colon = next((i for i in range(s, e) if chars[i] in "：:"), -1)
            if colon > s:
                e = colon
            if e > s and chars[e - 1] in _CLOSE:  # 相关区政府（以下统称专区监管部门）: a note, not a part
                open_at = max(chars.rfind(c, s, e) for c in _OPEN)
                if open_at > s and chars.startswith(self.v.not_a_list, open_at + 1):
                    e = open_at
            yield from self._joined(chars, s, e)

    def _joined(self, chars: str, s: int, e: int) -> Iterator[tuple[int, int]]:
        name = chars[s:e]
        splittable = any(j in name[2:] for j in self.v.joints) or any(c in _REGION_CHARS for c in name[3:-2])
        if len(name) < 6 or not splittable or self.registry_knows(name):  # 住房和城乡建设局 is one name
            yield s, e
            return
        for joint in self.v.joints:
            k = name.find(joint, 2)
            rest = name[k + len(joint) :] if k > 0 else ""
            if rest in self.v.generic_endings and self.is_generic(name[:k]):
                yield s, e  # 各有关部门和单位: one placeholder, its 各有关 shared by both kinds
                return
            if k > 0 and self._body(name[:k]) and self._body(rest):
                yield s, s + k
                yield from self._joined(chars, s + k + len(joint), e)
                return
        for k in range(3, len(name) - 2):
            joined = name[k] in _REGION_CHARS and name[:k].endswith(self.v.body_endings)
            if joined and self.known(name[k:]) and self.known(name[:k]):
                yield s, s + k
                yield from self._joined(chars, s + k, e)
                return
        yield s, e

    def _body(self, name: str) -> bool:
        """A whole unit name (known, a placeholder, or a kind of body: …部门, …机构)."""
        bare = _unbracketed(name)
        return len(bare) >= 2 and (
            self.known(name) or self.is_generic(name) or bare.endswith(self.v.unit_endings + self.v.generic_endings)
        )

    def items(self, view: _View, start: int, end: int, role: Role, place: str = "") -> list[_Item]:
        """Units of a phrase ``view.chars[start:end]`` (see ``pieces``); tails, fragments and
        people dropped, placeholders marked. In a list of kinds of body (住房城乡建设管理、交通、
        水务…部门; 公安、文化、安监等部门) the sector words before the last are placeholders too."""
        out: list[_Item] = []
        chars = view.chars
        sectors = False
        for s, e in self.pieces(chars, start, end):
            if s < e and chars[s] == "由":
                s += 1
            if e > s and chars[e - 1] in _CLOSE:  # 房屋管理部门（以下称“建设主管部门”）: a note, not a part
                open_at = max(chars.rfind(c, s, e) for c in _OPEN)
                if open_at > s and chars.startswith(self.v.not_a_list, open_at + 1):
                    e = open_at
            name = chars[s:e]
            stripped = self.strip_tail(name)
            if stripped != name and name[len(stripped) :].endswith(self.v.sector_tails):
                sectors = True
            e -= len(name) - len(stripped)
            name = stripped
            item_role = role
            lead = re.search(r"[（(〔【\[［]牵头[）)〕】\]］]$", name)
            if lead:
                name, e, item_role = name[: lead.start()], e - len(lead.group()), "lead"
            if (
                out
                and out[-1].text[:1] == "各"
                and _BARE_LEVELS.fullmatch(out[-1].text)
                and _LEVEL_BODY.fullmatch(name)
            ):
                # 各市、县人民政府: 各 and its levels, one placeholder (each city's and county's government)
                out[-1] = replace(out[-1], text=chars[out[-1].start : e], end=e, generic=True, unit_shaped=True)
                continue
            if len(name) == 1 and name in _KIND_CHARS and out and out[-1].generic and out[-1].text[-1:] in _KIND_CHARS:
                # 各有关委、办、局: one placeholder whose kinds are listed one character each
                out[-1] = replace(out[-1], text=chars[out[-1].start : e], end=e)
                continue
            if not any(ch.isalnum() for ch in name) or name in self.v.fragments or self.is_person(name):
                continue
            if self.v.first_lead.search(name):
                continue
            known = self.known(name)
            generic = not known and self.is_generic(name)
            if (
                known
                and not place
                and name[:1] not in _REGION_CHARS
                and _unbracketed(name).endswith(self.v.sector_tails)
            ):
                known, generic = False, True  # 公安部门, 教育部门: a kind of body where no place is printed
            if not generic and out and out[-1].generic and name in self.v.distributive_kinds:
                # 各镇、街道、开发区: the 各 distributes over the kinds of local body after it
                distributes = out[-1].text.startswith("各") or out[-1].text in self.v.distributive_kinds
                known, generic = (False, True) if distributes else (known, generic)
            out.append(_Item(name, s, e, item_role, generic, known or self.unit_shaped(name), known))
        last = out[-1].text if out else ""
        if (
            out
            and out[0].text[:1] in _REGION_CHARS
            and (out[0].known or any(self.known(out[0].text[0] + self.strip_tail(i.text)) for i in out[1:3]))
        ):
            place = out[0].text[0]  # 区建设、规划、工商等部门: the place printed once, before the first sector
        if place and (len(out) > 1 or sectors) and (sectors or _unbracketed(last).endswith(self.v.sector_tails)):
            # 省发展改革、工业和信息化部门; 市安全监管、交通运输行政管理、公安等部门: the place printed
            # first is every sector's — each names that place's department
            out = [
                replace(i, known=True, unit_shaped=True, generic=False)
                if not i.known
                and not i.text.startswith(self.v.generic_starts)
                and (self.known(place + self.strip_tail(i.text)) or self.known(place + i.text + "部门"))
                else i
                for i in out
            ]
        if len(out) > 1 and (sectors or _unbracketed(last).endswith(self.v.sector_tails)):
            out = [replace(i, generic=True, unit_shaped=True) if self._sector(i) else i for i in out]
        elif len(out) == 1 and sectors and self._sector(out[0]):
            out = [replace(out[0], generic=True, unit_shaped=True)]
        return out

    def _verb_first(self, bare: str) -> bool:
        """Does ``bare`` open with a verb or adverb (鼓励企业, 督促相关单位, 经批准的…), not with a word
        that merely starts like one (经营行业主管部门)?"""
        return bare.startswith(self.v.not_subject_starts) and not bare.startswith(self.v.subject_start_words)

    def _sector(self, item: _Item) -> bool:
        """交通, 绿化市容, 宗教管理: a short sector word standing for its department in a list."""
        bare = _unbracketed(item.text)
        if self._verb_first(bare):
            return False
        return (
            not (item.known or item.generic or item.unit_shaped)
            and 2 <= len(bare) <= 8
            and all("\u4e00" <= ch <= "\u9fff" for ch in bare)
        ) or (not item.known and not item.generic and bare.endswith(self.v.sector_tails))

    def label_at(self, chars: str, start: int, end: int) -> tuple[str, int] | None:
        """The label opening ``chars[start:end]`` (with its colon) and where its list starts."""
        m = self.v.label_start.match(chars, start, end)
        return (m.group(1), m.end()) if m else None

    def verb_at_end(self, chars: str, start: int, end: int) -> tuple[str, int] | None:
        """The verb a phrase ends with (a short trailer such as 落实 allowed after it) and where
        the verb starts; None when the phrase does not end so or names nobody before it."""
        for stop in (end, *(end - len(t) for t in self.v.trailers if chars.endswith(t, start, end))):
            if not chars.endswith(self.v.verbs_by_length, start, stop):
                continue
            for verb in self.v.verbs_by_length:
                if chars.endswith(verb, start, stop) and stop - len(verb) > start:
                    return verb, stop - len(verb)
        return None

    # -- bodies ----------------------------------------------------------------------
    def body(
        self, view: _View, start: int, end: int, role: Role, mode: Literal["labelled", "verbs", "bare"]
    ) -> tuple[list[_Item], list[str]] | None:
        """Items and deadline parts of a clause body; None when the body is not of ``mode``."""
        chars = view.chars
        items: list[_Item] = []
        deadline: list[str] = []
        pending: list[_Item] = []
        state: Literal["units", "person", "deadline"] = "units"
        for s, e in self._phrases(chars, start, end):
            while e > s and chars[e - 1] in "。.":
                e -= 1
            if s >= e:
                continue
            found = self.label_at(chars, s, e)
            if found is not None:
                label, s = found
                if label in self.v.person_labels:
                    state = "person"
                elif label in self.v.deadline_labels:
                    state = "deadline"
                else:
                    state, role = "units", self.v.labels[label]
                if s >= e:
                    continue
            elif mode != "labelled" and self.v.first_lead.search(chars[s:e]):
                return None
            phrase = chars[s:e]
            if state == "person":
                continue
            if state == "deadline" or is_deadline(phrase):
                if pending:
                    return None
                deadline.append(phrase)
                continue
            verb = self.verb_at_end(chars, s, e)
            phrase_role = role
            named_as = (
                next((lb for lb in self.v.all_labels if chars.endswith("为" + lb, s, e)), None)
                if chars.find("为", s, e) >= 0
                else None
            )
            if named_as is not None and named_as in self.v.labels and e - len(named_as) - 1 > s:
                # …各区市场监管局、机场分局为实施单位: the units, then the label they are named by
                phrase_role, e, verb = self.v.labels[named_as], e - len(named_as) - 1, None
            elif verb is not None and mode != "bare":
                phrase_role, e = self.v.verbs[verb[0]], verb[1]
                if verb[0] == "为主" and chars[s] == "以":
                    s += 1  # 以市发展改革委为主
            got = self.items(view, s, e, phrase_role)
            if mode == "verbs" and (not got or not all(i.unit_shaped or i.generic or self._loose(i) for i in got)):
                return None
            if mode == "bare" and not all(i.unit_shaped or i.generic for i in got):
                return None
            if mode == "verbs" and verb is None:
                pending.extend(got)  # "X牵头，Y，Z按职责分工负责": Y shares the verb that follows
                continue
            items.extend(replace(i, role=phrase_role) for i in pending)
            pending = []
            items.extend(got)
        if pending:
            return None
        return items, deadline

    def _phrases(self, chars: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The phrases of a clause body: split at ，；, and before a label printed after a space only
        (（牵头单位：市科技局 配合单位：市财政局）, the spaces squeezed out of ``chars``)."""
        for s, e, _ in _split(chars, start, end, _PHRASE_SEP):
            at = s
            opening = self.label_at(chars, s, e)  # 牵头指导处室： is one label, not 牵头 + 指导处室
            for m in self.v.label_start.finditer(chars, opening[1] if opening else s + 1, e):
                if m.start() > at and m.group(1) in self.v.labels:
                    yield at, m.start()
                    at = m.start()
            yield at, e

    def _loose(self, item: _Item) -> bool:
        return self.reg.has_unit_ending(item.text)

    # -- brackets --------------------------------------------------------------------
    def bracket(self, open_at: int, close_at: int) -> Clause | None:
        view = _View.of(self.text, open_at + 1, close_at)
        chars = view.chars
        # （牵头部门：市交通港口局。配合部门：市公安局…）: a full stop before a label parts two lists,
        # as a ； would; the bracket does not stop there
        stops = [i for i, ch in enumerate(chars) if ch in _STOPS and self.label_at(chars, i + 1, len(chars))]
        if stops and self.label_at(chars, 0, len(chars)):
            chars = "".join("；" if i in stops else ch for i, ch in enumerate(chars))
            view = _View(chars, view.offsets)
        end = len(chars)
        while end > 0 and chars[end - 1] in "。.；;，,":
            end -= 1
        stop = next((i for i in range(end) if chars[i] in _STOPS), -1)
        if stop > 0 and self.label_at(chars, 0, stop) is None and not self.verb_at_end(chars, 0, stop):
            pieces = [(s, e) for s, e, _ in _split(chars, 0, stop, _PHRASE_SEP)]
            if not any(self.verb_at_end(chars, s, e) for s, e in pieces):
                return None
        if stop > 0:  # （市局…处牵头，执法稽查处…按职责分工负责；区市场监管局组织落实。以下均需…）: up to the stop
            end = stop
        if end == 0 or stop == 0:
            return None
        if chars[:end] in self.v.all_labels:
            return None  # 【责任单位】 opens a line list
        text = _squash(self.text[open_at : close_at + 1])
        span = Span(open_at, close_at + 1)
        labelled = any(self.label_at(chars, s, e) for s, e, _ in _split(chars, 0, end, _PHRASE_SEP))
        if labelled:
            got = self.body(view, 0, end, "responsible", "labelled")
            return self._clause(text, span, view, got, "bracket")
        if chars.startswith(self.v.not_a_list) or any(q in chars for q in _QUOTES):
            return None
        if any(self.verb_at_end(chars, s, e) for s, e, _ in _split(chars, 0, end, _PHRASE_SEP)):
            got = self.body(view, 0, end, "responsible", "verbs")
            return self._clause(text, span, view, got, "bracket")
        if is_standalone_deadline(chars[:end]) or (
            is_deadline(chars[:end])
            and (
                self._after_stage(open_at)
                or self._closes_heading(open_at, close_at)
                or self._closes_paragraph(open_at, close_at)
            )
        ):
            return Clause(text, span, (), chars[:end], "bracket")
        got = self.body(view, 0, end, "responsible", "bare")
        if got is None or not got[0] or self._alias(open_at, got[0]):
            return None
        return self._clause(text, span, view, got, "bracket")

    def _after_stage(self, open_at: int) -> bool:
        """``第一阶段：自查摸底阶段（2015年7月15日至11月2日）``: a stage's period is its deadline."""
        before = self.text[max(0, open_at - 8) : open_at].rstrip()
        return before.endswith(self.v.stage_words)

    def _closes_heading(self, open_at: int, close_at: int) -> bool:
        """``（一）建立工作机制（2021年8月）。``: a date bracketed at the end of a step's heading
        is when the step is due."""
        text = self.text
        line_start = text.rfind("\n", 0, open_at) + 1
        before = text[line_start:open_at].strip(" \t\u3000")
        marker = match_marker(before) if before else None
        if marker is None:
            return False
        title = before[len(marker.printed) :]
        if not title or len(title) > _MAX_SUBJECT_ITEM or any(c in title for c in "，,。；;：:（("):
            return False
        after = text[close_at + 1 : close_at + 2]
        return after in ("", "\n", "。", "．", ".", "：", ":")

    def _closes_paragraph(self, open_at: int, close_at: int) -> bool:
        """``…接受安置工作。（2025年6月—2025年12月）⏎``: a period bracketed after an item's last
        sentence, where a responsibility bracket would stand, is when the item is due."""
        before = self.text[max(0, open_at - 2) : open_at].rstrip(" \t\u3000")
        after = self.text[close_at + 1 : close_at + 2]
        return before[-1:] in ("。", "；", ";") and after in ("", "\n")

    def _alias(self, open_at: int, items: list[_Item]) -> bool:
        """``省市场监管局（省知识产权局）``: one name right after a unit's name is its other name."""
        if len(items) != 1:
            return False
        i = open_at
        while i > 0 and self.text[i - 1] in " \t\u3000":
            i -= 1
        j = i
        while j > 0 and i - j < 20 and self.text[j - 1] not in _SENTENCE_START + "、（(）)":
            j -= 1
        word = _squash(self.text[j:i])
        return bool(word) and self.unit_shaped(word)

    def _clause(
        self,
        text: str,
        span: Span,
        view: _View,
        got: tuple[list[_Item], list[str]] | None,
        kind: ClauseKind,
    ) -> Clause | None:
        if got is None:
            return None
        items, deadline = got
        if not items and not deadline:
            return None
        out = tuple(ClauseItem(i.text, i.role, view.span(i.start, i.end), i.generic) for i in items)
        return Clause(text, span, out, "，".join(deadline) or None, kind)

    def brackets(self) -> Iterator[Clause]:
        for open_at, close_at in _bracket_pairs(self.text):
            clause = self.bracket(open_at, close_at)
            if clause is not None:
                yield clause

    # -- lines -----------------------------------------------------------------------
    def lines(self) -> Iterator[Clause]:
        """``责任单位：A、B；完成时限：…`` anywhere on a line; 【责任单位】A、B."""
        text = self.text
        matches = list(self.v.line_label.finditer(text))
        group: list[tuple[str, int, int, int]] = []  # (label, label start, body start, body end)
        line_end = -1
        for k, m in enumerate(matches):
            label = m.group("boxed") or m.group("plain") or m.group("deadline")
            if line_end < m.end():  # a new line (labels of one line share its end: one scan per line)
                line_end = text.find("\n", m.end())
                line_end = len(text) if line_end < 0 else line_end
            stop = min(line_end, m.end() + _MAX_LINE)
            if k + 1 < len(matches) and matches[k + 1].start() < stop:
                stop = matches[k + 1].start()
            full = text.find("。", m.end(), stop)
            end = full if full >= 0 else stop
            group.append((label, m.start(), m.end(), end))
            nxt = matches[k + 1].start() if k + 1 < len(matches) else -1
            between = text[end:nxt] if nxt >= 0 else "x"
            if nxt < 0 or nxt > line_end or between.strip(" \t\u3000。；;，,") != "":
                clause = self._line_clause(group)
                group = []
                if clause is not None:
                    yield clause

    def _line_clause(self, group: list[tuple[str, int, int, int]]) -> Clause | None:
        items: list[ClauseItem] = []
        deadline: list[str] = []
        for label, _, start, end in group:
            if not _WORD.search(self.text, start, end):
                continue
            view = _View.of(self.text, start, end)
            if label in self.v.person_labels:
                continue
            if label in self.v.deadline_labels:
                value = _deadline_value(view.chars)
                if value:
                    deadline.append(value)
                continue
            got = self.body(view, 0, len(view.chars), self.v.labels[label], "labelled")
            if got is None:
                continue
            kept = self._list_head(got[0])
            items.extend(ClauseItem(i.text, i.role, view.span(i.start, i.end), i.generic) for i in kept)
            deadline.extend(got[1])
        if not items and not deadline:
            return None
        start, end = group[0][1], group[-1][3]
        return Clause(
            _squash(self.text[start:end]), Span(start, end), tuple(items), "，".join(deadline) or None, "line"
        )

    def _list_head(self, items: list[_Item]) -> list[_Item]:
        """A line list on a page printed without line breaks runs on into the next heading or
        sentence (牵头单位：区卫生与计划生育局“互联网+”教育：开发、整合…; 配合单位：区农村发展局等加大
        人才引进力度): it ends at its first item that reads as prose — quoted words, a clause verb,
        or a long phrase that is no unit — whose unit-shaped head (区卫生与计划生育局) is kept."""
        out: list[_Item] = []
        for item in items:
            if not self._prose(item):
                out.append(item)
                continue
            head = self._unit_head(item.text)
            if head:
                known = self.known(head)
                generic = not known and self.is_generic(head)
                out.append(replace(item, text=head, end=item.start + len(head), generic=generic, known=known))
            break
        return out

    def _prose(self, item: _Item) -> bool:
        bare = _unbracketed(item.text)
        if item.known or (item.generic and len(bare) <= _MAX_SUBJECT_ITEM):
            return False
        if any(q in bare for q in _QUOTES):
            return True
        if item.unit_shaped:
            return len(bare) > _MAX_SUBJECT_ITEM
        return len(bare) > 8 or any(v in bare for v in self.v.verbs_by_length if len(v) > 1)

    def _unit_head(self, name: str) -> str:
        """The longest opening of ``name`` that is a unit (known, a placeholder or unit-shaped)
        and ends at a unit's last character; '' when none."""
        quote = next((i for i, ch in enumerate(name) if ch in _QUOTES), len(name))
        for j in range(min(quote, _MAX_SUBJECT_ITEM + 4), 1, -1):
            head = name[:j]
            if head[-1] in self.v.unit_last_chars and (
                self.known(head) or self.is_generic(head) or self.unit_shaped(head)
            ):
                return head
        return ""

    # -- sentences -------------------------------------------------------------------
    def sentences(self) -> Iterator[Clause]:
        """ "市市场监管局会同有关部门…", "省市场监管局牵头做好…": the units right before the verb
        (and the partners after 会同/联合)."""
        text = self.text
        for m in self.v.sentence_verb.finditer(text):
            start = m.start()
            found = self._subject(start, lookback=_MAX_LOOKBACK)
            if found is None:
                continue
            seg_start, view = found
            role = self.v.verbs[m.group()]
            units = self.items(view, 0, len(view.chars), role)
            if not units or not all(u.known for u in units):
                run_in = self._run_in_subject(view)
                if run_in is not None:
                    view, seg_start = run_in, run_in.offsets[0]
                    units = self.items(view, 0, len(view.chars), role)
            if units and m.group() in self.v.generic_subject_verbs and role == "responsible":
                # the subject of 要/负责 naming a kind of body (中小学校要…, 城管执法部门负责…):
                # a placeholder of the plan's region, not a named bureau
                units = self._kinds_as_placeholders(units, self.v.generic_endings)
            if not units or not all(u.known or (u.generic and self._may_open(u)) for u in units):
                continue
            if not any(u.known for u in units) and m.group() not in self.v.generic_subject_verbs:
                continue  # placeholders alone take work only as the subject of 要/负责/分工负责…
            verb_end, partners = self._partner_verb(m)
            yield self._sentence_clause(seg_start, view, units, verb_end, partners)

    def _run_in_subject(self, view: _View) -> _View | None:
        """``（一）完善辖区主干道交通指示标志区交通与建设局要牵头…``: a heading printed without its
        closing 。 runs into its first sentence; the subject is the longest end of the phrase that is
        a list of bureaus the registry knows, each printed with where it is (区交通与建设局)."""
        chars = view.chars
        marker = match_marker(chars)
        if marker is None:
            return None
        for k in range(len(marker.printed) + 2, len(chars) - 3):
            if chars[k] not in _REGION_CHARS:
                continue
            sub = _View.of(self.text, view.offsets[k], view.offsets[-1] + 1)
            units = self.items(sub, 0, len(sub.chars), "responsible")
            if units and all(self.registry_knows(u.text) and self._anchored(u.text) for u in units):
                return sub
        return None

    def _partner_verb(self, m: re.Match[str]) -> tuple[int, bool]:
        """Where the verb ``m`` ends, and whether partners follow it: 会同/联合, or 要 right before
        one (市规划资源局要会同市水务局、…)."""
        if m.group() in self.v.partner_verbs:
            return m.end(), True
        for verb in self.v.partner_verbs:
            if self.text.startswith(verb, m.end()):
                return m.end() + len(verb), True
            if self.text[m.end() : m.end() + 1] in "，," and self.text.startswith(verb, m.end() + 1):
                return m.end() + 1 + len(verb), True  # 省发展改革…部门牵头，会同商务、农业农村…等相关部门
        return m.end(), False

    def subjects(self) -> Iterator[Clause]:
        """ "税务部门将其列入…", "运营单位应结合…", "乡镇政府、街道办事处要规范…": a list of units
        opening a sentence or clause, right before one of the subject markers."""
        text = self.text
        last = self.v.unit_last_chars
        for m in self.v.subject_marker.finditer(text):
            if m.group() == "是" and not _IS_DUTY.match(text, m.end()):
                continue  # 工业园区是指…: a definition; 区政府是…的第一责任主体: a duty
            k = m.start() - 1
            while k >= 0 and text[k] in " \t\u3000\n":
                k -= 1
            at = m.start()
            if k > 0 and text[k] in "，," and text.endswith(self.v.list_tails_of_kinds, 0, k):
                at, k = k, k - 1  # 公安、文化、安监、旅游、宗教管理等部门，联合检查…: the list, a comma, its predicate
            elif k > 0 and text[k] in "，," and text[k - 1] in _WHEN_ENDS:
                tail_end = self._tail_before_when(k)
                if tail_end is not None:
                    at, k = tail_end, tail_end - 1  # 区建设、规划…等部门行政许可前，要…: a time phrase between
            if k < 0 or (
                text[k] not in last
                and text[k] not in _CLOSE
                and text[k] != "等"
                and not _LEVEL_PLACEHOLDER_END.search(text, max(0, k - 3), k + 1)
            ):
                continue  # a subject ends with a unit's last character (…局要, …单位应): most text does not
            members: list[ClauseItem] = []
            note = self._note_before(k) if text[k] in _CLOSE else None
            if note is not None:  # 区交通建设局…和经营行业主管部门（包含党群工作部、…等部门，以下简称…）要…
                open_at, members = note
                found = self._subject(open_at, lookback=_MAX_SUBJECT)
            else:
                found = self._subject(at, lookback=_MAX_SUBJECT)
            if found is None:
                continue
            seg_start, view = found
            units = self.items(view, 0, len(view.chars), "responsible")
            if not units or not all(u.known for u in units):
                run_in = self._run_in_subject(view)
                if run_in is not None:
                    view, seg_start = run_in, run_in.offsets[0]
                    units = self.items(view, 0, len(view.chars), "responsible")
            units = self._kinds_as_placeholders(units, self.v.generic_endings + self.v.subject_endings)
            if not units or not all((u.known or u.generic) and self._may_open(u) for u in units):
                continue
            verb_end, partners = self._partner_verb(m)
            clause = self._sentence_clause(seg_start, view, units, verb_end, partners, kind="subject")
            yield replace(clause, items=clause.items[: len(units)] + tuple(members) + clause.items[len(units) :])

    def _tail_before_when(self, comma: int) -> int | None:
        """Where a list of kinds of body (…等部门) ends right before a short time phrase that runs
        to ``comma`` (行政许可前, 开展检查时), or None."""
        text = self.text
        for tail in self.v.list_tails_of_kinds:
            j = text.rfind(tail, max(0, comma - 10 - len(tail)), comma)
            if j >= 0 and _WHEN_PHRASE.fullmatch(text, j + len(tail), comma):
                return j + len(tail)
        return None

    def _note_before(self, close_at: int) -> tuple[int, list[ClauseItem]] | None:
        """The bracketed note closing at ``close_at`` after a subject (（包含A、B等部门，以下简称X）): where
        it opens and the named units it lists (the members of the placeholder it defines); None
        when the bracket is no such note."""
        text = self.text
        depth, i = 0, close_at
        while i > max(0, close_at - _MAX_BRACKET):
            i -= 1
            if text[i] in _CLOSE:
                depth += 1
            elif text[i] in _OPEN:
                if depth == 0:
                    break
                depth -= 1
        else:
            return None
        inner = _View.of(text, i + 1, close_at)
        chars = inner.chars
        lead = next((w for w in self.v.not_a_list if chars.startswith(w)), None)
        if lead is None or not any(w in chars for w in ("以下简称", "以下统称", "以下称")):
            return None
        stop = min((k for k in (chars.find("，"), chars.find(",")) if k > 0), default=len(chars))
        units = self.items(inner, len(lead), stop, "responsible")
        members = [ClauseItem(u.text, u.role, inner.span(u.start, u.end), u.generic) for u in units if u.known]
        return i, members

    def named_subjects(self) -> Iterator[Clause]:
        """ "区建设管理委、区住房保障房屋管理局对照标准完成…": bureaus the registry knows, listed
        at the opening of a sentence or clause and followed by its predicate (whatever the verb).
        The list ends at a unit's last character; every item must be a known name."""
        text = self.text
        openers = self._openers()
        for m in _CLAUSE_OPENING.finditer(text):
            start = m.end()
            if text[start : start + 1] not in _REGION_CHARS and text[start : start + 2] not in openers:
                continue  # no place, 中共/国家… or relative prefix opens it: no named bureau either
            if m.group()[:1] in "：:" and text.endswith(self.v.all_labels, 0, m.start()):
                continue  # 责任单位：市发改委、…: a labelled list, which the bracket and line grammar read
            found = self._unit_prefix(start, min(len(text), start + _MAX_NAMED_LIST), named=True)
            if found is None:
                continue
            items, end = found
            tail = next((t for t in self.v.tails if text.startswith(t, end)), "")
            end += len(tail) if tail.startswith("等") and len(tail) > 1 else 0  # …市通信管理局等部门和单位组成…
            nxt = text[end : end + 1]
            if not nxt or not ("\u4e00" <= nxt <= "\u9fff") or text.startswith(self.v.not_predicates, end):
                continue
            stop = _SENTENCE_STOP.search(text, end, min(len(text), end + _MAX_LINE))
            close = stop.end() if stop else min(len(text), end + _MAX_LINE)
            role = self._predicate_role(end)  # 竞价工作由市发展改革委、市工业和信息化局牵头组织 → lead
            if role is not None:
                items = [replace(i, role=role) if i.role == "responsible" else i for i in items]
            yield Clause(_squash(text[start:close]), Span(items[0].span.start, end), tuple(items), None, "subject")

    def partners_only(self) -> Iterator[Clause]:
        """…，联合小区物业、居委、业委会，发动居民…; 联合房管局、规划资源局…等职能部门联合开展…: 联合/会同
        opening a clause whose subject the text leaves out (the heading's unit) — the partners it
        names take the work, named bureaus or placeholders (…执法；会同相关职能部门开展…)."""
        text = self.text
        for verb in sorted(self.v.partner_verbs):
            at = text.find(verb)
            while at >= 0:
                before = text[at - 1 : at] if at > 0 else "\n"
                if before in _SENTENCE_START or before in "\n":
                    got = self._partners(at + len(verb))
                    if got is not None and any(self.registry_knows(i.text) or i.generic for i in got[0]):
                        items, end = got
                        stop = _SENTENCE_STOP.search(text, end, min(len(text), end + _MAX_LINE))
                        close = stop.end() if stop else min(len(text), end + _MAX_LINE)
                        yield Clause(_squash(text[at:close]), Span(at, end), tuple(items), None, "sentence")
                at = text.find(verb, at + 1)

    def _unit_prefix(self, start: int, limit: int, named: bool) -> tuple[list[ClauseItem], int] | None:
        """The list of units opening ``text[start:limit]`` (市规划资源局、市水务局…): every piece
        before a 、 a whole unit, the last one the longest prefix of its piece that ends at a
        unit's last character. With ``named`` every item must be a name the registry knows (the
        first printed with where it is), else placeholders and kinds of body count too. None when
        the text does not open so. Linear: each piece is read once, the last at most
        ``_MAX_ENDS`` times."""
        text = self.text
        stop = _LIST_STOP.search(text, start, limit)  # a list of units holds no comma or stop
        view = _View.of(text, start, stop.start() if stop else limit)
        chars = view.chars
        if not chars or chars[0] in _OPEN or (named and not self._anchored(chars[:_MAX_SUBJECT_ITEM])):
            return None
        size = len(chars)
        opened = next((i for i, ch in enumerate(chars) if ch in _OPEN), -1)
        if opened > 0 and not any(ch in _CLOSE for ch in chars[opened:]):
            size = opened  # a bracket that does not close here: the list cannot run into it
        units: list[_Item] = []
        for s, e, _ in _split(chars, 0, size, "、"):
            if e < size:  # a piece before a 、: the whole piece is units, or the list ends in it
                got = self._prefix_units(view, s, e, named)
                if got is not None:
                    units.extend(got)
                    continue
            # the last piece (or one whose predicate holds a 、: …资源生态局分别针对结构安全性、经营…)
            reach = min(e, s + 2 * _MAX_SUBJECT_ITEM)  # one name is short: its end lies near the piece start
            ends = [j for j in range(reach, s + 1, -1) if chars[j - 1] in self.v.unit_last_chars][:_MAX_ENDS]
            for j in ends:
                if _bracket_depth(chars, s, j) != 0:
                    continue  # 相关部门（单位）: not inside its bracket
                if chars.startswith(self.v.not_predicates, j, e):
                    if self._prefix_units(view, s, j, named) is not None:
                        return None  # 区政府办公室分管副主任: a noun phrase of the whole unit, not 区政府办
                    continue  # 区政府主要领导…
                got = self._prefix_units(view, s, j, named)
                if got is not None:
                    units.extend(got)
                    items = [ClauseItem(u.text, u.role, view.span(u.start, u.end), u.generic) for u in units]
                    return items, view.offsets[units[-1].end - 1] + 1
            return None
        return None

    def _prefix_units(self, view: _View, s: int, e: int, named: bool) -> list[_Item] | None:
        """The units of ``view.chars[s:e]`` when they are all it holds, else None."""
        units = self.items(view, s, e, "responsible")
        if not named:
            units = self._kinds_as_placeholders(units, self.v.generic_endings + self.v.subject_endings)
        known = (lambda u: self.registry_knows(u.text)) if named else (lambda u: u.known or u.generic)
        if not units or not all(known(u) and self._may_open(u) for u in units):
            return None
        tail = view.chars[units[-1].end : e]
        if tail in self.v.tails:  # …市通信管理局等部门和单位组成的工作专班: the list's own tail
            e = units[-1].end
        if sum(len(u.text) for u in units) + len(units) - 1 < e - s - 1:
            return None  # words besides the units (a person, a phrase): not a plain list
        return units

    def _openers(self) -> frozenset[str]:
        """The first two characters of every place and national body (what a named bureau opens with)."""
        return _openers(self.reg)

    def _anchored(self, name: str) -> bool:
        """Does ``name`` open with where it is (区…, 烟台市…, 中共…, 国家…)? A known name that
        does not (推进中国（山东）自由贸易试验区) may be a verb phrase the registry read as a zone."""
        bare = _unbracketed(name)
        if bare[:1] in _REGION_CHARS or bare.startswith(("中共", "国家", "中国", "全国", "共青团")):
            return True
        return bool(self.reg.gazetteer.prefix_matches(bare, None)) or self.reg.national_explicit.get(bare) is not None

    def heading(self, task: Task) -> Clause | None:
        """A heading that is nothing but its units (（五）区社会事业局 / （九）医疗卫生机构, items
        1. 2. … below): those units take the heading's task."""
        title = _squash(task.title)
        colon = min((k for k in (title.find("："), title.find(":")) if k > 0), default=-1)
        if colon > 0:  # (一)区发展改革委：负责公园绿地等建设项目的审批…: the units before the colon
            title = title[:colon]
        if not title or len(title) > _MAX_SUBJECT or task.kind == "annex_row":
            return None
        view = _View.of(self.text, task.span.start, min(task.span.end, task.span.start + 3 * _MAX_SUBJECT))
        at = view.chars.find(title)
        if at < 0:
            return None
        units = self.items(view, at, at + len(title), "responsible")
        units = self._kinds_as_placeholders(units, self.v.generic_endings + self.v.subject_endings)
        if not units or not all((u.known or u.generic) and self._may_open(u) for u in units):
            return None
        if sum(len(u.text) for u in units) + len(units) - 1 < len(title) - 1:
            return None  # words besides the units: a heading about work, not a name
        span = view.span(at, at + len(title))
        # the duty's first predicate may say the role: （四）区规划资源局：协助调阅… → support
        body = span.end
        while body < len(self.text) and self.text[body] in "：: \t\u3000\n":
            body += 1
        role = self._predicate_role(body)
        items = tuple(
            ClauseItem(
                u.text, role if role and u.role == "responsible" else u.role, view.span(u.start, u.end), u.generic
            )
            for u in units
        )
        return Clause(title, span, items, None, "heading")

    def _may_open(self, item: _Item) -> bool:
        """Can ``item`` be the subject opening a clause? Not a verb phrase (鼓励园区…, 探索在…)."""
        bare = _unbracketed(item.text)
        if len(bare) > _MAX_SUBJECT_ITEM or self._verb_first(bare):
            return False
        # a clause verb inside an unknown name: a phrase (筹建组负责组织相关部门), not a unit
        return item.known or not any(v in bare for v in self.v.verbs_by_length if len(v) > 1)

    def _subject(self, start: int, lookback: int) -> tuple[int, _View] | None:
        """Where the phrase before ``start`` opens (a sentence or clause start within reach) and
        its characters; None when no phrase start lies within ``lookback``."""
        text = self.text
        lo = max(0, start - lookback - 1)
        seg_start = max(text.rfind(ch, lo, start) for ch in _SENTENCE_START) + 1
        if seg_start == 0 and lo > 0:
            return None  # no phrase start within reach: not a list of units before the verb
        view = _View.of(text, seg_start, start)
        return (seg_start, view) if view.chars else None

    def _kinds_as_placeholders(self, units: list[_Item], endings: tuple[str, ...]) -> list[_Item]:
        """Unknown items naming a kind of body (运营单位, 乡镇政府) marked as placeholders; an item
        that opens with a verb (鼓励企业, 督促相关单位) or is only the ending (组织) stays unmarked."""
        return [replace(u, generic=True) if self._kind_of_body(u, endings) else u for u in units]

    def _kind_of_body(self, item: _Item, endings: tuple[str, ...]) -> bool:
        if item.known or item.generic:
            return False
        bare = _unbracketed(item.text)
        ending = next((e for e in endings if bare.endswith(e)), None)
        return (
            ending is not None
            and (len(bare) > len(ending) or ending in self.v.generic_endings)  # 学校要…, not 组织
            and 2 <= len(bare) <= _MAX_KIND
            and not self._verb_first(bare)
        )

    def _sentence_clause(
        self,
        seg_start: int,
        view: _View,
        units: list[_Item],
        verb_end: int,
        partners: bool,
        kind: ClauseKind = "sentence",
    ) -> Clause:
        text = self.text
        phrase_start = view.offsets[0]
        while phrase_start < verb_end and text[phrase_start] in "由":
            phrase_start += 1
        role = self._predicate_role(verb_end) if not partners else None
        items = [
            ClauseItem(
                u.text, role if role and u.role == "responsible" else u.role, view.span(u.start, u.end), u.generic
            )
            for u in units
        ]
        span_end = verb_end
        if partners:
            first = units[0].text if units else ""
            got = self._partners(verb_end, first[0] if units[0].known and first[:1] in _REGION_CHARS else "")
            if got is not None:
                items.extend(got[0])
                span_end = got[1]
        stop = _SENTENCE_STOP.search(text, verb_end, min(len(text), verb_end + _MAX_LINE))
        end = stop.end() if stop else min(len(text), verb_end + _MAX_LINE)
        return Clause(_squash(text[seg_start:end]), Span(phrase_start, span_end), tuple(items), None, kind)

    def _predicate_role(self, at: int) -> Role | None:
        """The role the predicate right after the subject gives (…负责牵头解决 → lead; …应按照各自
        职责协助做好 → support): a role verb within the predicate's first few characters."""
        window = self.text[at : at + _ROLE_REACH]
        stop = next((i for i, ch in enumerate(window) if ch in "，,。；;、"), len(window))
        window = window[:stop]
        if "牵头" in window:
            return "lead"
        if any(v in window for v in self.v.support_verbs):
            return "support"
        # a later phrase of the same sentence that opens with 牵头 and no subject of its own
        # (区房管局负责…，牵头协调相关部门…): the subject leads (a later 配合… is only part of its work)
        end = _SENTENCE_STOP.search(self.text, at, min(len(self.text), at + _MAX_LINE))
        sentence = self.text[at : end.start() if end else min(len(self.text), at + _MAX_LINE)]
        if any(p.startswith(("牵头", "负责牵头")) for p in re.split(r"[，,]", sentence)[1:]):
            return "lead"
        return None

    def _partners(self, at: int, place: str = "") -> tuple[list[ClauseItem], int] | None:
        """The units right after 会同/联合 at ``at``, up to the first subject marker or verb that
        leaves a whole list of units before it (会同市水务局、市农业农村委、相关区政府加快研究…)."""
        text = self.text
        stop = _SENTENCE_STOP.search(text, at, min(len(text), at + _MAX_NAMED_LIST))
        limit = stop.start() if stop else min(len(text), at + _MAX_NAMED_LIST)
        comma = min((k for k in (text.find(c, at, limit) for c in "，,") if k >= 0), default=limit)
        ends = [m.start() for m in self.v.subject_marker.finditer(text, at, comma)]
        for tail in self.v.list_tails_of_kinds:  # 会同商务、农业农村等部门梳理…: the list ends with its kind
            k = text.find(tail, at, comma)
            if k >= 0:
                ends.append(k + len(tail))
        for end in [*sorted(set(ends)), comma]:
            view = _View.of(text, at, end)
            if not view.chars:
                continue
            units = self.items(view, 0, len(view.chars), "responsible", place)  # 省…牵头，会同商务、农业农村等部门
            units = self._kinds_as_placeholders(units, self.v.generic_endings + self.v.subject_endings)
            if units and all((u.known or u.generic) and self._may_open(u) for u in units):
                items = [ClauseItem(u.text, u.role, view.span(u.start, u.end), u.generic) for u in units]
                return items, items[-1].span.end
        return self._unit_prefix(at, comma, named=False)


#: A short time phrase between a subject and its predicate (…等部门行政许可前，要…), ending at a comma.
_WHEN_PHRASE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:前|时|后|期间)")
_WHEN_ENDS = "前时后间"


def _bracket_depth(chars: str, start: int, end: int) -> int:
    """Brackets opened minus closed in ``chars[start:end]``."""
    return sum(chars.count(c, start, end) for c in _OPEN) - sum(chars.count(c, start, end) for c in _CLOSE)


#: The time expression a value opens with (2023年9月-10月, 2024年第三季度前, 12月底前).
_TIME_HEAD = re.compile(r"[\d年月日号至到—\-－~～底前后初中旬季度上下半个第一二三四五六七八九十起止内以]*")


def _deadline_value(chars: str) -> str:
    """The deadline a 完成时限：/排查整治时间： label gives: its value up to the first comma or
    full stop when that much is a deadline (排查整治时间：2013年1月至3月，对所有商场… →
    2013年1月至3月), else the whole value as printed."""
    value = chars.strip("。.；;，, \u3000")
    colon = min((k for k in (value.find("："), value.find(":")) if k > 0), default=-1)
    if colon > 0:  # 时间：2023年9月-10月任务：… — the time, not the next label's text
        value = _TIME_HEAD.match(value).group() or value[:colon]  # type: ignore[union-attr]
    head = re.split(r"[，,。；;]", value, maxsplit=1)[0]
    if head == value or not is_deadline(head):
        return value
    # …2013年春节前，对所有高层居住建筑…；2013年3月前，对其他…: each part's own time, joined
    parts = [head]
    for segment in re.split(r"[；;]", value)[1:]:
        first = re.split(r"[，,。]", segment.strip(), maxsplit=1)[0]
        if first and is_deadline(first):
            parts.append(first)
    return "；".join(parts)


def _bracket_pairs(text: str) -> list[tuple[int, int]]:
    """Matching bracket pairs (any kind closes any kind: extraction mixes them), in order of
    their opening, at most ``_MAX_BRACKET`` apart. One pass with one stack."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE and stack:
            o = stack.pop()
            if i - o <= _MAX_BRACKET:
                pairs.append((o, i))
    pairs.sort()
    return pairs


class _Taken:
    """Spans already claimed by a clause, for overlap tests in logarithmic time."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, span: Span) -> bool:
        k = bisect.bisect_left(self.starts, span.end)
        # spans are disjoint, so only the one starting right before span.end can reach into it
        return k > 0 and self.ends[k - 1] > span.start

    def add(self, span: Span) -> None:
        k = bisect.bisect_left(self.starts, span.start)
        self.starts.insert(k, span.start)
        self.ends.insert(k, span.end)


_OPENERS: dict[int, frozenset[str]] = {}


def _openers(reg: Registry) -> frozenset[str]:
    got = _OPENERS.get(id(reg))  # registries are loaded once per path and never dropped
    if got is None:
        forms = [*reg.gazetteer.forms, *reg.national_explicit, "中共", "国家", "中国", "全国", "共青团"]
        got = _OPENERS[id(reg)] = frozenset(f[:2] for f in forms if len(f) >= 2)
    return got


# --------------------------------------------------------------------------- the first-listed rule
def _first_lead_from(text: str, vocab: _Vocab) -> int | None:
    """From where the document's statement that the first listed unit leads applies, or None.

    "（…，排在第一位的为牵头单位，下同）" covers the lists from there on; a statement of its own
    ("各项任务中排位靠前的责任单位为牵头单位", often among the safeguards at the end) covers
    every list of the document (-1). Read on the text with spaces removed (it may wrap)."""
    if "牵头" not in text:
        return None
    chars = _SPACE.sub("", text)  # the whole text's view, without an offset per character
    m = vocab.first_lead.search(chars)
    if m is None:
        return None
    after = chars[m.end() : m.end() + 8]
    before = chars[max(0, m.start() - 30) : m.start()]
    in_bracket = max(before.rfind(c) for c in _OPEN) > max(before.rfind(c) for c in _CLOSE)
    if not ("下同" in after or "以下" in after or in_bracket):
        return -1
    seen = 0  # non-space characters before the current run: find the match's start in ``text``
    for run in _NON_SPACE.finditer(text):
        if seen + run.end() - run.start() > m.start():
            return run.start() + m.start() - seen
        seen += run.end() - run.start()
    raise AssertionError("the match lies in the text")


#: Runs of spaces and of the rest (``\s`` is ``str.isspace``, what ``_View`` drops).
_SPACE = re.compile(r"\s+")
_NON_SPACE = re.compile(r"\S+")


def _first_leads(clause: Clause) -> Clause:
    if clause.kind in ("sentence", "subject") or not clause.items or any(i.role != "responsible" for i in clause.items):
        return clause
    support: list[Role] = ["support"] * (len(clause.items) - 1)
    roles: list[Role] = ["lead", *support]
    return replace(clause, items=tuple(replace(i, role=r) for i, r in zip(clause.items, roles, strict=True)))


# --------------------------------------------------------------------------- API
def find_clauses(text: str, reg: Registry | None = None) -> list[Clause]:
    """Every responsibility clause of ``text`` (with units or a deadline), in order; overlaps
    resolved brackets first, then line lists, then sentences."""
    reg = reg or Registry.load()
    vocab = _load_vocab()
    grammar = _Grammar(text, reg, vocab)
    taken = _Taken()
    found: list[Clause] = []
    for source in (
        grammar.brackets(),
        grammar.lines(),
        grammar.sentences(),
        grammar.subjects(),
        grammar.named_subjects(),
        grammar.partners_only(),
    ):
        for clause in source:
            if not taken.overlaps(clause.span):
                found.append(clause)
                taken.add(clause.span)
    rule_at = _first_lead_from(text, vocab)
    if rule_at is not None:
        found = [_first_leads(c) if c.span.end > rule_at else c for c in found]  # the stating bracket too
    return sorted(found, key=lambda c: c.span.start)


_DEFINED = re.compile(r"[（(]\s*以下(?:简称|统称|称)\s*[“\"‘]?(?P<short>[^”\"’）)，,、]{2,15}?)\s*[”\"’]?\s*[）)]")


def document_aliases(text: str) -> dict[str, str]:
    """Short names a document defines for its bodies: 国网四川省电力公司（以下简称“国网四川电力”）,
    …综合治理协调小组（以下简称“协调小组”） — short → the full name printed before the bracket (the
    phrase back to the last punctuation or 的, a verb such as 成立 left out; only names that end like
    a unit)."""
    vocab = _load_vocab()
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        start = max(text.rfind(c, max(0, m.start() - 60), m.start()) for c in "，,。；;：:、（(）)\n") + 1
        full = _squash(text[start : m.start()])
        full = full[full.rfind("的") + 1 :]
        for verb in ("成立", "组建", "设立", "建立", "由"):
            full = full.removeprefix(verb)
        short = _squash(m.group("short"))
        if len(full) >= 4 and full != short and full.endswith(vocab.unit_endings) and short not in out:
            out[short] = full
    return out


def cell_items(cell: str, reg: Registry | None = None) -> list[ClauseItem]:
    """The units of a table's units cell printed as a phrase (各处室按职责分工负责, 交通与建设处、
    农业农村处负责, 政法综治处 — labelled, with verbs, or a bare list), spans in ``cell``; [] when
    the cell is not units."""
    grammar = _Grammar(cell, reg or Registry.load(), _load_vocab())
    view = _View.of(cell, 0, len(cell))
    labelled = grammar.label_at(view.chars, 0, len(view.chars)) is not None
    modes: tuple[Literal["labelled", "verbs", "bare"], ...] = ("labelled",) if labelled else ("verbs", "bare")
    for mode in modes:
        got = grammar.body(view, 0, len(view.chars), "responsible", mode)
        if got and got[0] and not got[1]:
            return [ClauseItem(i.text, i.role, view.span(i.start, i.end), i.generic) for i in got[0]]
    return []


def is_placeholder(name: str, reg: Registry | None = None) -> bool:
    """有关部门, 各街镇（园区）, 各成员单位: a name that is a placeholder by shape (as the clause grammar
    marks its items ``generic``), for units read outside a clause (an annexed table's cells)."""
    return (_Grammar("", reg, _load_vocab()) if reg is not None else _shape_grammar()).is_generic(name)


@lru_cache(maxsize=1)
def _shape_grammar() -> _Grammar:
    """The grammar over no text, with the default registry: what judges a name's shape alone."""
    return _Grammar("", Registry.load(), _load_vocab())


def role_verbs() -> dict[str, Role]:
    """The clause verbs and the role each gives (牵头 lead, 配合 support, 负责 responsible …)."""
    return dict(_load_vocab().verbs)


def unit_last_characters() -> frozenset[str]:
    """The characters a unit name may end with (局, 委, 门, 位 …): where a list of units may stop."""
    return _load_vocab().unit_last_chars


def attach_mentions(doc: PlanDoc, clauses: list[Clause] | None = None) -> None:
    """Set ``task.mentions`` (printed text, role, order, clause, span, generic) on every task of
    ``doc`` that has none yet, each task's printed deadline (its first clause's) where it has
    none, and the due date and recurrence of every task's deadline (annexed rows' included)."""
    reg = Registry.load()
    vocab = _load_vocab()
    text = doc.plan.text
    owners: dict[str, list[Clause]] = {}
    ordered = sorted(doc.tasks, key=lambda t: (t.span.start, -t.span.end))
    find_owner = _Owners(ordered, text)
    for clause in find_clauses(text, reg) if clauses is None else clauses:  # the outline's, when given
        task = find_owner(clause.span)
        if task is not None:
            owners.setdefault(task.id, []).append(clause)
    grammar = _Grammar(text, reg, vocab)
    for task in doc.tasks:
        if not owners.get(task.id) and not task.mentions:
            heading = grammar.heading(task)
            if heading is not None:
                owners[task.id] = [heading]
    rule_at = _first_lead_from(text, vocab)
    for task in doc.tasks:
        clauses = _stated_first(sorted(owners.get(task.id, []), key=lambda c: c.span.start))
        if clauses and not task.clause_starts:  # where its clauses are, so pages need not look again
            task.clause_starts = [c.span.start for c in clauses]
            task.clause_ends = [c.span.end for c in clauses]
        if not task.mentions:
            task.mentions = [
                UnitMention(
                    text=item.text,
                    order=order,
                    role=item.role,
                    clause=clause.text,
                    span=item.span,
                    generic=item.generic,
                )
                for order, (clause, item) in enumerate(((c, i) for c in clauses for i in c.items), start=1)
            ]
        elif task.kind == "annex_row" and rule_at is not None and task.span.start > rule_at:
            _first_leads_annex(task)
        if task.deadline is None:
            task.deadline = next((c.deadline for c in clauses if c.deadline), None)
    _stage_deadlines(doc, vocab)
    for task in doc.tasks:
        if task.deadline and task.due_date is None and task.recurrence is None:
            task.due_date, task.recurrence = parse_deadline(task.deadline)


def _stated_first(clauses: list[Clause]) -> list[Clause]:
    """A task's clauses, less the sentences whose subjects are only placeholders when the task
    states its units with a label (（责任单位：区建设管理委、…） after 各相关行业管理部门应在施工监管…,
    建设单位要加强…): the label says who owns the task, such prose who acts within it. A named
    bureau opening a sentence keeps its place (the label may leave it out)."""
    if any(c.kind in ("bracket", "line") and c.items for c in clauses):
        return [c for c in clauses if c.kind != "subject" or not all(i.generic for i in c.items)]
    return clauses


def _stage_deadlines(doc: PlanDoc, vocab: _Vocab) -> None:
    """(一)第一阶段(2024年第三季度前完成) 主要任务：1、建章立制… — the items of a stage that print no
    time of their own are due when their stage is."""
    by_id = {t.id: t for t in doc.tasks}
    text = doc.plan.text
    for task in sorted(doc.tasks, key=lambda t: t.span.start):
        parent = by_id.get(task.parent_id or "")
        if task.deadline is None and parent is not None and parent.deadline:
            own_time = _A_TIME.search(text, task.span.start, task.span.end)  # 2.11月30日前，…: its own
            if own_time is None and any(w in _squash(parent.title) for w in vocab.stage_words):
                task.deadline = parent.deadline


def _first_leads_annex(task: Task) -> None:
    """An annexed row's 责任部门 cell under the document's first-listed rule."""
    if not task.mentions or any(m.role != "responsible" for m in task.mentions):
        return
    for k, m in enumerate(task.mentions):
        m.role = "lead" if k == 0 else "support"


# --------------------------------------------------------------------------- owners
def _owner(span: Span, tasks: list[Task], text: str) -> Task | None:
    """The innermost task holding ``span``; else the task that ends right before it
    (only blank space between), for outlines that stop a task at its last sentence."""
    return _Owners(tasks, text)(span)


_NOT_SPACE = re.compile(r"\S")


class _Owners:
    """:func:`_owner` for every clause of a document, by bisection: the tasks of a parsed
    document tile its text (no two overlap), so the one holding a span is the last one starting
    at or before it; only nested spans are searched one by one."""

    def __init__(self, tasks: list[Task], text: str) -> None:
        self.tasks = tasks  # sorted by (start, -end)
        self.text = text
        self.starts = [t.span.start for t in tasks]
        self.disjoint = all(a.span.end <= b.span.start for a, b in itertools.pairwise(tasks))
        self.by_end = sorted(range(len(tasks)), key=lambda i: tasks[i].span.end)  # stable: ties keep order
        self.ends = [tasks[i].span.end for i in self.by_end]
        self.text_after: dict[int, int] = {}  # offset -> first character after it that is not blank

    def _holder(self, span: Span) -> Task | None:
        if self.disjoint:
            k = bisect.bisect_right(self.starts, span.start) - 1
            return self.tasks[k] if k >= 0 and span.end <= self.tasks[k].span.end else None
        best: Task | None = None
        for t in self.tasks:
            if (
                t.span.start <= span.start
                and span.end <= t.span.end
                and (best is None or t.span.end - t.span.start <= best.span.end - best.span.start)
            ):
                best = t
        return best

    def __call__(self, span: Span) -> Task | None:
        best = self._holder(span)
        if best is not None:
            return best
        # the task ending last before the span (any earlier one's gap holds this one's gap)
        k = bisect.bisect_right(self.ends, span.start)
        if not k:
            return None
        end = self.ends[k - 1]
        after = self.text_after.get(end)
        if after is None:
            m = _NOT_SPACE.search(self.text, end)
            after = self.text_after[end] = m.start() if m else len(self.text)
        if after < span.start:
            return None  # text between the task and the span
        inner = [self.tasks[i] for i in self.by_end[bisect.bisect_left(self.ends, end) : k]]
        return max(inner, key=lambda t: t.span.start)


def default_vocabulary_path() -> Path:
    """``data/clauses.yaml`` of this checkout (the clause vocabulary)."""
    return default_clause_vocabulary_path()
