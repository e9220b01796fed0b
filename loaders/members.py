"""A group's member list (…专项小组成员名单) → the group and its member units.

A member list prints people: ``- 副组长： 慕思华 市市场监督管理局局长``. Extraction
glues names to units (``慕思华市市场监督管理局局长``), wraps long units over two
lines and sometimes runs two entries together, so entries are not parsed by
position. Instead the list is read as one string and a unit is taken wherever a
unit name (starting with a place, 市/省/区/县, 人民银行 or 中共) is directly followed
by a job title from the registry (局长, 副主任, 党组成员…). The person's name before
it and the titles after it are dropped: people are not units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.model import Region, Span
from loaders.registry import Registry

__all__ = ["MemberList", "find_member_lists"]

_UNIT_STARTS = ("中国人民银行", "人民银行", "中共", "国家")
_MAX_UNIT = 40


@dataclass(frozen=True)
class MemberList:
    """A group as its list's heading names it, and its members as printed."""

    group: str
    span: Span
    members: tuple[tuple[str, Span], ...]


def find_member_lists(text: str, reg: Registry, region: Region | None = None) -> list[MemberList]:
    """Every member list of ``text`` (headed by a line ending in 成员名单).

    Only places near ``region`` (its own prefecture or province and what lies in it)
    may open a unit, so that a person's name that happens to be a far-away place
    (邓光明 — 光明区 of 深圳) is not read as one.
    """
    heading = reg.member_list_heading
    lines = _lines(text)
    out: list[MemberList] = []
    for i, (start, line) in enumerate(lines):
        squashed = re.sub(r"\s+", "", line)
        if not squashed.endswith(heading) or "：" in squashed or ":" in squashed:
            continue
        group = squashed[: -len(heading)]
        if not group:
            continue
        block: list[tuple[int, str]] = []
        for bstart, bline in lines[i + 1 :]:
            if bline.lstrip().startswith("附件") or re.match(r"\s*[一二三四五六七八九十]+、", bline):
                break
            if "。" in bline:  # a sentence (专项小组办公室设在…), not an entry
                continue
            block.append((bstart, bline))
        members = _scan(block, reg, _near_places(reg, region))
        end = block[-1][0] + len(block[-1][1]) if block else start + len(line)
        out.append(MemberList(group, Span(start, end), tuple(members)))
    return out


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


#: Near places per (registry, region): every place name is looked at once per region, not per list.
_NEAR: dict[tuple[int, str], tuple[str, ...]] = {}


def _near_places(reg: Registry, region: Region | None) -> tuple[str, ...]:
    if region is None:
        return reg.place_names
    key = (id(reg.place_names), region.id)
    if key not in _NEAR:
        _NEAR[key] = _compute_near_places(reg, region)
    return _NEAR[key]


#: Per registry: region id → the ids of the registry's places in it (its own among them), each
#: place's chain walked once (not once per region asked about: thousands of regions at scale).
_UNDER: dict[int, dict[str, set[str]]] = {}


def _places_under(reg: Registry) -> dict[str, set[str]]:
    key = id(reg.place_names)
    if key not in _UNDER:
        under: dict[str, set[str]] = {}
        for name in reg.place_names:
            place = reg.places[name]
            for r in reg.gazetteer.chain(place):
                under.setdefault(r.id, set()).add(place.id)
        _UNDER[key] = under
    return _UNDER[key]


def _compute_near_places(reg: Registry, region: Region) -> tuple[str, ...]:
    """The place names of the region's chain and of every place within its prefecture (its
    province when it has none), in the registry's order."""
    chain = reg.gazetteer.chain(region)
    top = next((r for r in chain if r.level == "prefecture"), None) or next(
        (r for r in chain if r.level == "province"), region
    )
    near = {r.id for r in chain} | _places_under(reg).get(top.id, set())
    return tuple(n for n in reg.place_names if reg.places[n].id in near)


def _scan(block: list[tuple[int, str]], reg: Registry, places: tuple[str, ...]) -> list[tuple[str, Span]]:
    """Units followed by a title, in order, from the block joined into one string."""
    chars: list[str] = []
    offsets: list[int] = []
    for start, line in block:
        for j, ch in enumerate(line):
            if not ch.isspace() and ch not in "-—•·：:":
                chars.append(ch)
                offsets.append(start + j)
    s = "".join(chars)
    starts = tuple(sorted((*places, *_UNIT_STARTS, *"省市区县"), key=len, reverse=True))
    found: list[tuple[str, Span]] = []
    i = 0
    while i < len(s):
        if not s.startswith(starts, i):
            i += 1
            continue
        hit = _unit_at(s, i, reg)
        if hit is None:
            i += 1
            continue
        end, title = hit
        found.append((s[i:end], Span(offsets[i], offsets[end - 1] + 1)))
        i = end + len(title)
    return found


def _unit_at(s: str, i: int, reg: Registry) -> tuple[int, str] | None:
    """(end of the unit starting at ``i``, the title after it): the shortest unit name
    that ends like a unit and is followed by a title (or ends the list)."""
    for end in range(i + 2, min(len(s), i + _MAX_UNIT) + 1):
        if not reg.has_unit_ending(s[i:end]):
            continue
        title = next((t for t in reg.titles if s.startswith(t, end)), None)
        if title is not None:
            return end, title
        if end == len(s):
            return end, ""
    return None
