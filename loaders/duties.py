"""Responsibility clauses → ordered unit mentions with roles (stage: duties).

Plans say who does a task in a few ways, all handled here:

* a labelled clause closing the task: （责任单位：…）, (责任单位:…), （牵头单位：…；配合单位：…）,
  or a line ``责任单位：…``;
* an unlabelled bracket of verbs: （市科技局负责）, （市科技局牵头，市财政局配合）;
* a sentence inside the task: 市市场监管局会同有关部门…, 省市场监管局牵头做好…;
* a 责任部门 column of an annexed table (``loaders/annex.py`` puts those mentions on
  its rows; tasks that already have mentions are left alone).

A clause belongs to the innermost task whose text holds it, so a parent's units are
never copied to its children or the reverse. Items keep their printed order; the
role is ``lead``/``support`` only where the text says 牵头/配合, else ``responsible``.
Mention text is as printed with line breaks and spaces removed; trailing 等部门、单位
and items that name nobody (单位, 有关部门) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.model import PlanDoc, Role, Span, Task, UnitMention
from loaders.registry import Registry

__all__ = ["Clause", "ClauseItem", "attach_mentions", "find_clauses"]

_OPEN = "（("
_CLOSE = "）)"
_ITEM_SEP = "、，,"
_SEGMENT_SEP = "；;"
_SENTENCE_END = "。；;！？!?\n"
_SENTENCE_START = "。；;！？!?，,：:\n"


@dataclass(frozen=True)
class ClauseItem:
    """One unit as printed in a clause."""

    text: str
    role: Role
    span: Span


@dataclass(frozen=True)
class Clause:
    """A responsibility clause: its whole text, where it is, and its items in order."""

    text: str
    span: Span
    items: tuple[ClauseItem, ...]


def attach_mentions(doc: PlanDoc) -> None:
    """Set ``task.mentions`` (printed text, role, order, clause, span) on every task of ``doc``
    that has none yet."""
    reg = Registry.load()
    text = doc.plan.text
    owners: dict[str, list[Clause]] = {}
    ordered = sorted(doc.tasks, key=lambda t: (t.span.start, -t.span.end))
    for clause in find_clauses(text, reg):
        task = _owner(clause.span, ordered, text)
        if task is not None:
            owners.setdefault(task.id, []).append(clause)
    for task in doc.tasks:
        if task.mentions:
            continue
        mentions: list[UnitMention] = []
        for clause in sorted(owners.get(task.id, []), key=lambda c: c.span.start):
            for item in clause.items:
                mentions.append(
                    UnitMention(
                        text=item.text,
                        order=len(mentions) + 1,
                        role=item.role,
                        clause=clause.text,
                        span=item.span,
                    )
                )
        task.mentions = mentions


def find_clauses(text: str, reg: Registry | None = None) -> list[Clause]:
    """Every responsibility clause of ``text``, in order (overlaps resolved for the bracketed)."""
    reg = reg or Registry.load()
    found = list(_labelled(text, reg))
    taken = [c.span for c in found]
    for clause in _bracketed_verbs(text, reg):
        if not _overlaps(clause.span, taken):
            found.append(clause)
            taken.append(clause.span)
    for clause in _line_labelled(text, reg):
        if not _overlaps(clause.span, taken):
            found.append(clause)
            taken.append(clause.span)
    for clause in _sentences(text, reg):
        if not _overlaps(clause.span, taken):
            found.append(clause)
            taken.append(clause.span)
    return sorted((c for c in found if c.items), key=lambda c: c.span.start)


# --------------------------------------------------------------------------- owners
def _owner(span: Span, tasks: list[Task], text: str) -> Task | None:
    """The innermost task holding ``span``; else the task that ends right before it
    (only blank space between), for outlines that stop a task at its last sentence."""
    best: Task | None = None
    for t in tasks:
        if (
            t.span.start <= span.start
            and span.end <= t.span.end
            and (best is None or t.span.end - t.span.start <= best.span.end - best.span.start)
        ):
            best = t
    if best is not None:
        return best
    before = [t for t in tasks if t.span.end <= span.start and not text[t.span.end : span.start].strip()]
    if not before:
        return None
    end = max(t.span.end for t in before)
    inner = [t for t in before if t.span.end == end]
    return max(inner, key=lambda t: t.span.start)


def _overlaps(span: Span, spans: list[Span]) -> bool:
    return any(span.start < s.end and s.start < span.end for s in spans)


# --------------------------------------------------------------------------- labelled brackets
def _label_regex(reg: Registry) -> re.Pattern[str]:
    labels = sorted(reg.clause_labels, key=len, reverse=True)
    alt = "|".join(r"\s*".join(re.escape(ch) for ch in label) for label in labels)
    return re.compile(rf"[（(]\s*(?:{alt})\s*[：:]")


def _matching_close(text: str, open_at: int) -> int | None:
    depth = 0
    for i in range(open_at, min(len(text), open_at + 2000)):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
        elif ch in "。" and depth == 1 and i + 1 < len(text) and text[i + 1] not in _CLOSE:
            return None  # a sentence ended: not a clause bracket
    return None


def _labelled(text: str, reg: Registry) -> Iterator[Clause]:
    for m in _label_regex(reg).finditer(text):
        close = _matching_close(text, m.start())
        if close is None:
            continue
        items = _parse_body(text, m.start() + 1, close, "responsible", reg, require_verbs=False)
        yield Clause(_squash(text[m.start() : close + 1]), Span(m.start(), close + 1), tuple(items))


def _line_labelled(text: str, reg: Registry) -> Iterator[Clause]:
    """``责任单位：…`` on a line of its own (no brackets)."""
    labels = "|".join(re.escape(label) for label in sorted(reg.clause_labels, key=len, reverse=True))
    for m in re.finditer(rf"(?m)^[ \t\u3000]*(?:{labels})[：:]", text):
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        body_end = end
        while body_end > m.end() and text[body_end - 1] in "。. \t\u3000":
            body_end -= 1
        items = _parse_body(text, m.start(), body_end, "responsible", reg, require_verbs=False)
        yield Clause(_squash(text[m.start() : end]), Span(m.start(), end), tuple(items))


# --------------------------------------------------------------------------- verb brackets
def _bracketed_verbs(text: str, reg: Registry) -> Iterator[Clause]:
    """（X负责）, （X牵头，Y配合）: every phrase must end with a verb and name units."""
    verbs = tuple(sorted(reg.clause_verbs, key=len, reverse=True))
    for i, ch in enumerate(text):
        if ch not in _OPEN:
            continue
        close = _matching_close(text, i)
        if close is None or close - i > 300:
            continue
        inner = text[i + 1 : close].rstrip()
        if not inner.endswith(verbs):
            continue
        items = _parse_body(text, i + 1, close, "responsible", reg, require_verbs=True)
        if items:
            yield Clause(_squash(text[i : close + 1]), Span(i, close + 1), tuple(items))


# --------------------------------------------------------------------------- sentences
def _sentences(text: str, reg: Registry) -> Iterator[Clause]:
    """ "市市场监管局会同有关部门…", "省市场监管局牵头做好…": units right before the verb."""
    verbs = sorted(reg.clause_verbs, key=len, reverse=True)
    # 负责人, 负责同志, 负责制 are nouns, not the verb
    pattern = re.compile("(?:" + "|".join(re.escape(v) for v in verbs) + ")(?![人制]|同志)")
    for m in pattern.finditer(text):
        start = m.start()
        seg_start = start
        while seg_start > 0 and text[seg_start - 1] not in _SENTENCE_START and start - seg_start < 80:
            seg_start -= 1
        if seg_start > 0 and text[seg_start - 1] not in _SENTENCE_START:
            continue
        phrase_start = seg_start
        while phrase_start < start and text[phrase_start] in " \t\u3000由":
            phrase_start += 1
        units = _items(text, phrase_start, start, reg)
        if not units or not all(reg.known(u[0]) for u in units):
            continue
        role = reg.clause_verbs[m.group()]
        end = start
        while end < len(text) and text[end] not in _SENTENCE_END and not _ascii_stop(text, end):
            end += 1
        if end < len(text) and (text[end] in "。；;！？!?" or _ascii_stop(text, end)):
            end += 1
        items = [ClauseItem(t, role, span) for t, span in units]
        yield Clause(_squash(text[seg_start:end]), Span(phrase_start, m.end()), tuple(items))


# --------------------------------------------------------------------------- bodies and items
def _parse_body(text: str, start: int, end: int, default: Role, reg: Registry, require_verbs: bool) -> list[ClauseItem]:
    """Items of a clause body ``text[start:end]`` with roles from labels and verbs."""
    labels = sorted(reg.clause_labels, key=len, reverse=True)
    verbs = sorted(reg.clause_verbs, key=len, reverse=True)
    items: list[ClauseItem] = []
    role: Role = default
    for seg_start, seg_end in _split(text, start, end, _SEGMENT_SEP):
        seg = _squash(text[seg_start:seg_end])
        label = next((lab for lab in labels if _squash_prefix(seg, lab + "：") or _squash_prefix(seg, lab + ":")), None)
        if label is not None:
            role = reg.clause_labels[label]
            seg_start = _advance_past(text, seg_start, seg_end, len(label) + 1)
        for ph_start, ph_end in _split(text, seg_start, seg_end, "，,"):
            phrase = _squash(text[ph_start:ph_end])
            verb = next((v for v in verbs if phrase.endswith(v) and len(phrase) > len(v)), None)
            phrase_role: Role = role
            if verb is not None:
                phrase_role = reg.clause_verbs[verb]
                ph_end = _retreat_before(text, ph_start, ph_end, len(verb))
            elif require_verbs:
                return []
            units = _items(text, ph_start, ph_end, reg)
            if require_verbs and not all(reg.has_unit_ending(u[0]) for u in units):
                return []
            items.extend(ClauseItem(t, phrase_role, span) for t, span in units)
    return items


def _items(text: str, start: int, end: int, reg: Registry) -> list[tuple[str, Span]]:
    """Units of a phrase, split on 、，, with tails (等部门) and generic items dropped."""
    out: list[tuple[str, Span]] = []
    for s, e in _split(text, start, end, _ITEM_SEP):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        printed = _squash(text[s:e])
        if printed.startswith("由"):
            printed = printed[1:]
            s = _advance_past(text, s, e, 1)
        stripped = reg.strip_tail(printed)
        if stripped != printed:
            e = _retreat_before(text, s, e, len(printed) - len(stripped))
        if not stripped or reg.is_generic(stripped):
            continue
        out.append((stripped, Span(s, e)))
    return out


def _split(text: str, start: int, end: int, seps: str) -> Iterator[tuple[int, int]]:
    """Ranges of ``text[start:end]`` between separators outside nested brackets."""
    depth = 0
    piece = start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            yield piece, i
            piece = i + 1
    yield piece, end


def _ascii_stop(text: str, i: int) -> bool:
    """An ASCII full stop ending a Chinese sentence (PDF extraction prints 。 as .), not a decimal point."""
    return text[i] == "." and not (i + 1 < len(text) and text[i + 1].isdigit())


def _squash(s: str) -> str:
    """Text as compared and shown: no line breaks or spaces."""
    return re.sub(r"\s+", "", s)


def _squash_prefix(s: str, prefix: str) -> bool:
    return s.startswith(prefix)


def _advance_past(text: str, start: int, end: int, n: int) -> int:
    """The offset after ``n`` non-space characters from ``start``."""
    i = start
    while i < end and n > 0:
        if not text[i].isspace():
            n -= 1
        i += 1
    return i


def _retreat_before(text: str, start: int, end: int, n: int) -> int:
    """The offset before the last ``n`` non-space characters of ``text[start:end]``."""
    i = end
    while i > start and n > 0:
        i -= 1
        if not text[i].isspace():
            n -= 1
    while i > start and text[i - 1].isspace():
        i -= 1
    return i
