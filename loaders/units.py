"""Unit mentions → canonical units, groups and counterparts (stage: units).

Runs across all documents at once, because a unit is shared by every plan that
names it: 市市场监管局 of 烟台's two plans is one node, 市市场监管局 of 威海's plan
another. For each mention, in the order printed, the registry
(``loaders/registry.py``) reads the prefix against the plan's region (an elided
prefix comes from the previous item of the same clause) and names the unit.
Then a reviewer's decisions (``data/alias_decisions.yaml``) are applied, groups
get their members from the plans' member lists, and each unit is linked to its
region, to the same department one level up (COUNTERPART_OF, ``relation:
parent``) and of the peer regions (``relation: peer``), and a unit of an earlier
era to the nearest unit of the graph that took it over (SUCCEEDED_BY).

Nothing merges across regions: a unit whose region is unknown (an unresolved name
in a plan without region, a bare 专项小组 there) is scoped to its plan
(``unit:?@<source>/<text>``) and flagged; a generic placeholder (有关部门,
各区县人民政府 — ``UnitMention.generic`` or the registry's generic shapes) is a unit
of category ``generic`` scoped to the plan's region (``unit:*<region>/<text>``) or,
without one, to the plan.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

from graph.decisions import Decision, load_decisions, unit_id
from graph.model import Alias, Edge, KnowledgeGraph, Plan, Region, Task, Unit
from loaders.duties import document_aliases
from loaders.members import find_member_lists
from loaders.registry import (
    GENERIC,
    GLOBAL_CATEGORIES,
    Canonical,
    Method,
    Registry,
    ResolveContext,
    normalize_mention,
)

__all__ = ["PlanUnits", "resolve_units"]

#: Edge types this stage owns (rebuilt on every run).
_OWN_EDGES = ("MEMBER_OF", "COUNTERPART_OF", "SUCCEEDED_BY")
#: How many successors are followed to find one in the graph (工商局 → … at most a few eras).
_MAX_ERAS = 6
#: Categories that take part in counterparts across levels.
_COUNTERPART_CATEGORIES = frozenset(
    {"department", "court", "procuratorate", "party", "government", "people_org", "institution", "vertical", "military"}
)
#: Categories whose prefix is not passed on to the next, elided item of a list.
_NO_INHERIT = frozenset({"vertical", "group", "group_office"})


@dataclass
class PlanUnits:
    """One plan's share of the unit layer, as resolving its mentions produced it: what only
    that plan (with the registry and the decisions) decides, kept so that a later load
    replays it instead of resolving the plan's mentions again (``loaders.pipeline`` stores
    it per plan, keyed by the registry, the decisions and the code that read them).

    ``events`` in the order they happened: ``("m", c)`` — a resolution's canonical form
    recorded as the unit's meta (first seen wins); ``("a", uid, c, text, method, score,
    flagged)`` — ``text`` an alias of unit ``uid``; ``("e", uid, gid)`` — a MEMBER_OF edge
    from the plan's member lists. The plan's tasks keep their own resolved mentions."""

    source: str
    events: list[tuple[Any, ...]] = field(default_factory=list)

    def to_json(self) -> str:
        """The part as stored: JSON, each distinct canonical form written once (``c`` below)
        and named by its index in the events."""
        forms: dict[str, int] = {}
        table: list[dict[str, Any]] = []

        def ref(c: Canonical) -> int:
            d = _canonical_d(c)
            key = json.dumps(d, ensure_ascii=False, sort_keys=True)
            if key not in forms:
                forms[key] = len(table)
                table.append(d)
            return forms[key]

        out: list[list[Any]] = []
        for ev in self.events:
            if ev[0] == "m":
                out.append(["m", ref(ev[1])])
            elif ev[0] == "a":
                out.append(["a", ev[1], ref(ev[2]), *ev[3:]])
            else:
                out.append(list(ev))
        return json.dumps({"source": self.source, "c": table, "events": out}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> PlanUnits:
        """The part :meth:`to_json` wrote."""
        data = json.loads(text)
        table = [_canonical_of(d) for d in data["c"]]
        events: list[tuple[Any, ...]] = []
        for ev in data["events"]:
            if ev[0] == "m":
                events.append(("m", table[ev[1]]))
            elif ev[0] == "a":
                events.append(("a", ev[1], table[ev[2]], *ev[3:]))
            else:
                events.append(tuple(ev))
        return cls(str(data["source"]), events)


def _region_d(r: Region | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"id": r.id, "name": r.name, "level": r.level, "parent_id": r.parent_id, "code": r.code}


def _canonical_d(c: Canonical) -> dict[str, Any]:
    """``dataclasses.asdict(c)``, written out (a part holds thousands; asdict is slow)."""
    return {
        "name": c.name,
        "region": _region_d(c.region),
        "category": c.category,
        "short": c.short,
        "method": c.method,
        "score": c.score,
        "key": c.key,
        "explicit_region": _region_d(c.explicit_region),
        "successor": c.successor,
        "scope": c.scope,
    }


def _region_of(d: dict[str, Any] | None) -> Region | None:
    return Region(**d) if d is not None else None


def _canonical_of(d: dict[str, Any]) -> Canonical:
    return Canonical(**{**d, "region": _region_of(d["region"]), "explicit_region": _region_of(d["explicit_region"])})


def resolve_units(
    graph: KnowledgeGraph, decisions: Path | None = None, parts: dict[str, PlanUnits] | None = None
) -> dict[str, PlanUnits]:
    """Fill each mention's ``unit_id``/``score``/``flagged``, ``graph.units``,
    and the MEMBER_OF / COUNTERPART_OF / SUCCEEDED_BY / IN_REGION edges of units.

    ``parts``: plans' shares resolved before with the same registry and decisions (by plan
    id; their tasks carry the mentions as then resolved): replayed, not resolved again — the
    result is the one resolving every plan gives (``tests/test_incremental.py``). Returns
    every plan's share, for the store to keep."""
    reg = Registry.load()
    resolver = _Resolver(reg, load_decisions(decisions))
    graph.units = {}
    graph.edges = [
        e for e in graph.edges if e.type not in _OWN_EDGES and not (e.type == "IN_REGION" and e.src.startswith("unit:"))
    ]
    out: dict[str, PlanUnits] = {}
    seen: set[tuple[str, str]] = set()  # MEMBER_OF pairs made
    by_plan: dict[str, list[Task]] = defaultdict(list)  # one pass, not one scan of every task per plan
    for t in graph.tasks.values():
        by_plan[t.plan_id].append(t)
    for plan in sorted((p for p in graph.plans.values() if not p.stub), key=lambda p: (p.source, p.id)):
        part = parts.get(plan.id) if parts else None
        if part is None or part.source != plan.source:
            part = _resolve_plan(by_plan.get(plan.id, []), reg, resolver, plan)
        out[plan.id] = part
        _replay(graph, resolver, plan, part, seen)
    _counterparts(graph, reg, resolver)
    _successors(graph, reg, resolver)
    _regions(graph, reg)
    return out


def _resolve_plan(plan_tasks: list[Task], reg: Registry, resolver: _Resolver, plan: Plan) -> PlanUnits:
    """Resolve one plan's mentions (on its tasks) and member lists, recording its share."""
    part = PlanUnits(plan.source)
    events = part.events
    resolver.record = events
    region = reg.gazetteer.get(plan.region) if plan.region else None
    groups = reg.group_names(plan.text)
    defined = document_aliases(plan.text) if "以下" in plan.text else {}
    tasks = sorted(plan_tasks, key=lambda t: (t.span.start, t.path))
    places = _place_forms(reg, region)
    with_place: dict[str, str] = {}
    for task in tasks:
        inherited: Region | None = None
        clause: str | None = None
        bureau: str | None = None  # 区经发局经信处、发改处: a division after the first is that bureau's too
        if resolver.not_unit:  # a reviewer said this printed phrase is no unit at all
            task.mentions = [m for m in task.mentions if not resolver.is_not_unit(m.text, region)]
        for m in task.mentions:
            if m.clause != clause:
                inherited, clause, bureau = None, m.clause, None
            bare = _bare_division(m.text)
            text = bureau + m.text if bureau and bare else _defined(m.text, defined)
            bureau = _bureau_of_division(m.text) or (bureau if bare else None)
            if m.generic:
                c = reg.generic(m.text, region)
            else:
                context = ResolveContext(region, inherited, groups, plan.issuer)
                c = reg.resolve(text, context)
                if c.category == "unresolved" and text == m.text:  # a body the registry cannot know
                    placed = _printed_with_place(text, plan.text, places, with_place)
                    c = reg.resolve(placed, context) if placed != text else c
            if c.explicit_region is not None and c.category not in _NO_INHERIT:
                inherited = c.explicit_region
            c = scoped(c, plan)
            uid, method, score, flagged = resolver.decide(m.text, plan, region, c)
            m.unit_id, m.score, m.flagged = uid, score, flagged
            events.append(("a", uid, c, m.text, method, score, flagged))
    _member_lists(reg, resolver, plan, region, groups, events)
    resolver.record = None
    return part


def _defined(text: str, defined: dict[str, str]) -> str:
    """The full name a short one stands for where the document defines it (（以下简称“协调小组”）; 区协调小组
    keeps its 区)."""
    if text in defined:
        return defined[text]
    if text[:1] in "省市区县州盟旗" and text[1:] in defined:
        full = defined[text[1:]]
        return full if full.startswith(text[0]) else text[0] + full  # 市超充工作专班: the 市 printed once
    return text


def _place_forms(reg: Registry, region: Region | None) -> tuple[str, ...]:
    """The plan's place and those above it, full and short (平潭综合实验区, 平潭, 福州市, 福州 …)."""
    if region is None:
        return ()
    forms = {f for r in reg.gazetteer.chain(region) if r.level != "national" for f in (r.name, reg.region_short(r))}
    return tuple(sorted((f for f in forms if len(f) >= 2), key=len, reverse=True))


def _printed_with_place(name: str, text: str, places: tuple[str, ...], memo: dict[str, str]) -> str:
    """消防支队筹建组 where the plan also prints 平潭消防支队筹建组: the name with its place, as the plan
    prints it elsewhere (a body the registry cannot know is named as its own plan names it)."""
    got = memo.get(name)
    if got is None:
        got = name
        if len(name) >= 4 and not name.startswith(places) and name[:1] not in "省市区县州盟旗各":
            at = text.find(name)
            while at >= 0 and got == name:
                before = text[max(0, at - 12) : at]
                got = next((p + name for p in places if before.endswith(p)), name)
                at = text.find(name, at + 1)
        memo[name] = got
    return got


_DIVISION = ("处", "科")
_BUREAU_LAST = "局委办厅"


def _bureau_of_division(text: str) -> str | None:
    """The bureau a division is printed with (区经发局经信处 → 区经发局), else None."""
    if not text.endswith(_DIVISION):
        return None
    k = max(text.rfind(c, 0, len(text) - 2) for c in _BUREAU_LAST)
    return text[: k + 1] if k >= 2 and len(text) - k - 1 >= 3 else None


def _bare_division(text: str) -> bool:
    """发改处, 商务处: a division printed without its bureau (short, no bureau inside, no place)."""
    return (
        text.endswith(_DIVISION)
        and 3 <= len(text) <= 6
        and not any(c in text[:-1] for c in _BUREAU_LAST)
        and text[0] not in "省市区县州盟旗"
    )


def _replay(
    graph: KnowledgeGraph, resolver: _Resolver, plan: Plan, part: PlanUnits, seen: set[tuple[str, str]]
) -> None:
    """Apply one plan's share to the graph: metas, units with their aliases, memberships."""
    for ev in part.events:
        if ev[0] == "m":
            resolver.meta.setdefault(ev[1].id, ev[1])
        elif ev[0] == "a":
            _, uid, c, text, method, score, flagged = ev
            resolver.add_alias(graph, uid, c, text, plan.source, method, score, flagged)
        elif (ev[1], ev[2]) not in seen:
            seen.add((ev[1], ev[2]))
            graph.edges.append(Edge("MEMBER_OF", ev[1], ev[2], {"source": plan.source}))


def scoped(c: Canonical, plan: Plan) -> Canonical:
    """``c`` kept to ``plan`` when it has no region to be kept to (and its name is not
    unique nationally): two plans' unknown-region 市市场监管局 are two units."""
    if c.region is None and c.category not in GLOBAL_CATEGORIES:
        return replace(c, scope=plan.source or plan.id)
    return c


@dataclass
class _Resolver:
    """Decisions applied to resolutions, and units built from them."""

    reg: Registry
    decisions: list[Decision]

    def __post_init__(self) -> None:
        self.confirm: dict[tuple[str, str], str] = {}
        self.reject: set[tuple[str, str, str]] = set()
        self.merge: dict[str, str] = {}
        self.not_unit: set[tuple[str, str]] = set()
        for d in self.decisions:
            alias = normalize_mention(d.alias)
            if d.action == "confirm":
                self.confirm[(alias, d.region)] = unit_id(d.unit)
            elif d.action == "reject":
                self.reject.add((alias, d.region, unit_id(d.unit)))
            elif d.action == "not_unit":
                self.not_unit.add((alias, d.region))
            else:
                self.merge[unit_id(d.unit)] = unit_id(d.into)
        self.meta: dict[str, Canonical] = {}
        #: While one plan is resolved: its share's events (``PlanUnits``).
        self.record: list[tuple[Any, ...]] | None = None

    def is_not_unit(self, text: str, region: Region | None) -> bool:
        """A ``not_unit`` decision covers this printed text in this region (or everywhere)."""
        alias = normalize_mention(text)
        return (alias, region.name if region else "") in self.not_unit or (alias, "") in self.not_unit

    def merged(self, uid: str) -> str:
        seen = {uid}
        while uid in self.merge and self.merge[uid] not in seen:
            uid = self.merge[uid]
            seen.add(uid)
        return uid

    def decide(
        self, text: str, plan: Plan, region: Region | None, c: Canonical
    ) -> tuple[str, Method, float | None, bool]:
        """(unit id, alias method, score, flagged) for a mention after the reviewer's decisions."""
        alias = normalize_mention(text)
        where = region.name if region else ""
        uid, method, score = c.id, c.method, c.score
        target = self.confirm.get((alias, where)) or self.confirm.get((alias, ""))
        if target is not None:
            uid, method, score = target, "decision", 1.0
        elif (alias, where, uid) in self.reject or (alias, "", uid) in self.reject:
            c = scoped(Canonical(alias, c.explicit_region or region, "unresolved", alias, "unresolved", None), plan)
            uid, method, score = c.id, "unresolved", None
        if self.record is not None:
            self.record.append(("m", c))
        self.meta.setdefault(c.id, c)
        uid = self.merged(uid)
        flagged = (
            method in ("unresolved", "pattern")
            or (method == "fuzzy" and (score or 0) < self.reg.fuzzy_review)
            or (method != "decision" and bool(c.scope) and c.category != GENERIC)  # a unit of no known region
        )
        return uid, method, score, flagged

    def unit_meta(self, uid: str, region: Region | None) -> Canonical:
        """What a unit is, for a unit named only by a decision: read its name by the registry."""
        if uid in self.meta:
            return self.meta[uid]
        name = uid.removeprefix("unit:")
        c = self.reg.resolve(name, ResolveContext(region))
        if c.id != uid:
            c = Canonical(name, c.region or region, "department", name, "decision", 1.0)
        self.meta[uid] = c
        return c

    def add_alias(
        self,
        graph: KnowledgeGraph,
        uid: str,
        c: Canonical,
        text: str,
        source: str,
        method: Method,
        score: float | None,
        flagged: bool,
    ) -> Unit:
        """The unit ``uid`` (created on first sight) with ``text`` recorded as an alias."""
        unit = graph.units.get(uid)
        if unit is None:
            meta = c if c.id == uid else self.unit_meta(uid, c.region)
            unit = Unit(
                id=uid,
                name=meta.name,
                region=meta.region.name if meta.region else None,
                level=meta.level,
                category=meta.category,
                short=meta.short,
            )
            graph.units[uid] = unit
            self.meta.setdefault(uid, meta)
        printed = normalize_mention(text)
        if not any(a.text == printed and a.source == source and a.method == method for a in unit.aliases):
            unit.aliases.append(Alias(text=printed, source=source, method=method, score=score))
        unit.flagged = unit.flagged or flagged
        return unit


def _member_lists(
    reg: Registry,
    resolver: _Resolver,
    plan: Plan,
    region: Region | None,
    groups: tuple[str, ...],
    events: list[tuple[Any, ...]],
) -> None:
    """MEMBER_OF edges from each unit of a 成员名单 to its group (as events of the plan's share)."""
    for ml in find_member_lists(plan.text, reg, region):
        gc = scoped(reg.resolve(ml.group, ResolveContext(region, None, groups)), plan)
        gid, gmethod, gscore, gflag = resolver.decide(ml.group, plan, region, gc)
        events.append(("a", gid, gc, ml.group, gmethod, gscore, gflag))
        for text, _span in ml.members:
            if resolver.is_not_unit(text, region):
                continue
            c = scoped(reg.resolve(text, ResolveContext(region, None, groups)), plan)
            uid, method, score, flagged = resolver.decide(text, plan, region, c)
            events.append(("a", uid, c, text, method, score, flagged))
            if uid != gid:
                events.append(("e", uid, gid))


def _counterparts(graph: KnowledgeGraph, reg: Registry, resolver: _Resolver) -> None:
    """The same department one level up (nearest existing ancestor) and in peer regions."""
    gaz = reg.gazetteer
    peers: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for uid in sorted(graph.units):
        unit = graph.units[uid]
        meta = resolver.meta.get(uid)
        if meta is None or meta.key is None or meta.region is None or unit.category not in _COUNTERPART_CATEGORIES:
            continue
        dept = reg.depts.get(meta.key)
        if dept is None:
            continue
        parent = gaz.parent(meta.region)
        if parent is not None:
            peers[(meta.key, meta.region.level, parent.id)].append(uid)
        # the same kind first (杭州市西湖区经济和信息化局 → 杭州市经济和信息化局), then the kind it
        # answers to (荣成市教育和体育局 → 威海市教育局), at the nearest ancestor that has one
        kinds = [dept]
        if dept.parent_key is not None and dept.parent_key in reg.depts:
            kinds.append(reg.depts[dept.parent_key])
        for ancestor in gaz.chain(meta.region)[1:]:
            names = [reg.dept_name(k, ancestor) for k in kinds]
            found = next((n for n in names if n and f"unit:{n}" in graph.units and f"unit:{n}" != uid), None)
            if found is not None:
                graph.edges.append(Edge("COUNTERPART_OF", uid, f"unit:{found}", {"relation": "parent"}))
                break
    for ids in peers.values():
        for a, b in combinations(sorted(ids), 2):
            graph.edges.append(Edge("COUNTERPART_OF", a, b, {"relation": "peer"}))


def _successors(graph: KnowledgeGraph, reg: Registry, resolver: _Resolver) -> None:
    """SUCCEEDED_BY from a unit of an earlier era to the nearest unit of the graph that took it
    over, following the registry's successors in the unit's own region (烟台市工商行政管理局 →
    烟台市市场监督管理局; 烟台银监分局 → 烟台银保监分局 → 国家金融监督管理总局烟台监管分局).
    No unit is created only to be a successor; ``via`` lists the eras skipped."""
    for uid in sorted(graph.units):
        meta = resolver.meta.get(uid)
        if meta is None or meta.successor is None:
            continue
        via: list[str] = []
        name: str | None = meta.successor
        seen = {meta.name}
        while name is not None and name not in seen and len(via) < _MAX_ERAS:
            seen.add(name)
            target = resolver.merged(f"unit:{name}")
            if target in graph.units and target != uid:
                graph.edges.append(Edge("SUCCEEDED_BY", uid, target, {"via": via} if via else {}))
                break
            via.append(name)
            name = reg.resolve(name, ResolveContext(meta.region)).successor


def _regions(graph: KnowledgeGraph, reg: Registry) -> None:
    """IN_REGION edges of units, and every region used (with its ancestors) in ``graph.regions``."""
    for uid in sorted(graph.units):
        unit = graph.units[uid]
        region = reg.gazetteer.get(unit.region) if unit.region else None
        if region is None:
            continue
        graph.edges.append(Edge("IN_REGION", uid, region.id, {}))
        for r in reg.gazetteer.chain(region):
            graph.regions.setdefault(r.id, r)
