"""Two versions of a plan: which task became which, and what changed.

A new version of a plan re-words tasks, re-numbers them, adds and drops some, moves owners and
deadlines. :func:`match_tasks` pairs old and new tasks:

1. the same words (numbering and spaces ignored) are the same task (score 1.0);
2. the rest are scored ``0.6 · text + 0.3 · title + 0.1 · path`` (rapidfuzz ``ratio`` of the
   normalised text and title; path 1 when equal, 0.5 when the last number or the parent is
   equal) within one family (body tasks, annexed-table rows), and paired greedily, best score
   first, from :data:`MATCH_THRESHOLD` up; a task below it is added (or removed).

:func:`carry_over` gives each matched new task its predecessor's identity key (the ledger's
records follow it) and keeps the score. :func:`diff_versions` lists the changes per task and
each bureau's workload change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from graph import queries
from graph.ledger import Owner, PlanVersion, TaskSnapshot, fresh_key
from graph.model import Plan
from graph.stores.base import GraphStore

__all__ = [
    "CHANGE_KINDS",
    "CHANGE_LABELS",
    "MATCH_THRESHOLD",
    "PlanDiff",
    "TaskChange",
    "carry_over",
    "diff_versions",
    "match_tasks",
    "snapshot_plan",
]

MATCH_THRESHOLD = 0.5
CHANGE_KINDS = ("added", "removed", "reworded", "renumbered", "owner_added", "owner_removed", "deadline_moved")
CHANGE_LABELS = {
    "added": "新增任务",
    "removed": "删除任务",
    "reworded": "表述调整",
    "renumbered": "编号调整",
    "owner_added": "增加责任单位",
    "owner_removed": "减少责任单位",
    "deadline_moved": "完成时限调整",
}
_CN = "一二三四五六七八九十"
_NUMBER = re.compile(rf"^\s*(?:[{_CN}]{{1,3}}、|[（(][{_CN}\d]{{1,3}}[）)]|\d{{1,2}}[.．、](?!\d)|专栏\s*\d+)\s*")
_SPACE = re.compile(r"\s+")
#: A responsibility or deadline bracket: its changes are owner or deadline changes, not re-wording.
_CLAUSE = re.compile(r"[（(](?:责任单位|责任部门|牵头单位|配合单位|牵头部门|完成时限)[^（()）]*[）)]")


def _norm(text: str) -> str:
    return _SPACE.sub("", _NUMBER.sub("", text or ""))


def _words(text: str) -> str:
    """The task's own words: numbering, spaces and its responsibility clause left out."""
    return _norm(_CLAUSE.sub("", text or ""))


def _family(kind: str) -> str:
    return "annex" if kind == "annex_row" else "body"


# -- snapshots -----------------------------------------------------------------------------
def snapshot_plan(store: GraphStore, plan: Plan, *, seen_at: str = "") -> PlanVersion:
    """A plan as stored now, its tasks without keys yet (``seq`` 0)."""
    tasks: dict[str, TaskSnapshot] = {}
    owners: dict[str, list[Owner]] = {}
    for a in queries.assignments_of_plan(store, plan.id):
        if a.task_id not in tasks:
            tasks[a.task_id] = TaskSnapshot(
                key="",
                task_id=a.task_id,
                path=a.path,
                kind=a.kind,
                title=a.title,
                text=a.quote,
                deadline=a.deadline,
                due_date=a.due_date,
            )
        if a.unit:
            mine = owners.setdefault(a.task_id, [])
            if (a.unit_id, a.unit) not in {(o.unit_id, o.name) for o in mine}:
                mine.append(Owner(a.unit_id, a.unit, a.role or "responsible"))
    order = {row.id: i for i, row in enumerate(queries.plan_outline(store, plan.id))}
    ordered = sorted(tasks.values(), key=lambda t: order.get(t.task_id, len(order)))
    return PlanVersion(
        source=plan.source or plan.id,
        seq=0,
        plan_id=plan.id,
        title=plan.title,
        period_start=plan.period_start,
        period_end=plan.period_end,
        issued_on=plan.issued_on,
        seen_at=seen_at,
        tasks=tuple(replace(t, owners=tuple(owners.get(t.task_id, ()))) for t in ordered),
    )


# -- matching ---------------------------------------------------------------------------------
def _path_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    pa, pb = a.split("."), b.split(".")
    if pa[-1] == pb[-1] or pa[:-1] == pb[:-1]:
        return 0.5
    return 0.0


def score(old: TaskSnapshot, new: TaskSnapshot) -> float:
    """How alike two tasks are, 0…1 (see the module's docstring)."""
    text = fuzz.ratio(_words(old.text), _words(new.text)) / 100
    title = fuzz.ratio(_norm(old.title), _norm(new.title)) / 100
    return round(0.6 * text + 0.3 * title + 0.1 * _path_score(old.path, new.path), 4)


def match_tasks(
    old: Sequence[TaskSnapshot], new: Sequence[TaskSnapshot], threshold: float = MATCH_THRESHOLD
) -> list[tuple[int, int, float]]:
    """(old index, new index, score) of each pair, in new order."""
    pairs: list[tuple[int, int, float]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    exact: dict[tuple[str, str], list[int]] = {}
    for i, t in enumerate(old):
        exact.setdefault((_family(t.kind), _norm(t.text)), []).append(i)
    for j, t in enumerate(new):
        hits = [i for i in exact.get((_family(t.kind), _norm(t.text)), []) if i not in used_old]
        if hits:
            i = min(hits, key=lambda i: (old[i].path != t.path, i))
            pairs.append((i, j, 1.0))
            used_old.add(i)
            used_new.add(j)
    candidates: list[tuple[float, int, int]] = []
    for i, o in enumerate(old):
        if i in used_old:
            continue
        for j, n in enumerate(new):
            if j in used_new or _family(o.kind) != _family(n.kind):
                continue
            s = score(o, n)
            if s >= threshold:
                candidates.append((s, i, j))
    for s, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in used_old or j in used_new:
            continue
        pairs.append((i, j, s))
        used_old.add(i)
        used_new.add(j)
    return sorted(pairs, key=lambda p: p[1])


def carry_over(last: PlanVersion, version: PlanVersion) -> PlanVersion:
    """``version`` as the successor of ``last``: matched tasks keep their keys, others get new ones."""
    pairs = {j: (i, s) for i, j, s in match_tasks(last.tasks, version.tasks)}
    tasks = []
    for j, t in enumerate(version.tasks):
        if j in pairs:
            i, s = pairs[j]
            prev = last.tasks[i]
            tasks.append(replace(t, key=prev.key, score=s, previous_task_id=prev.task_id))
        else:
            tasks.append(replace(t, key=fresh_key(version.source, t.task_id)))
    return replace(version, seq=last.seq + 1, previous_plan_id=last.plan_id, tasks=tuple(tasks))


# -- the diff -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TaskChange:
    """One change between two versions, about one task."""

    kind: str
    old_path: str
    new_path: str
    title: str
    detail: str = ""
    units: tuple[str, ...] = ()
    score: float | None = None

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self.kind]

    def line(self) -> str:
        """A one-line description, as ``plankg diff`` prints it."""
        where = self.new_path or self.old_path
        if self.kind == "renumbered":
            where = f"{self.old_path} → {self.new_path}"
        extra = f"：{self.detail}" if self.detail else ""
        return f"{self.label} {where} {self.title}{extra}"


@dataclass
class PlanDiff:
    """What changed from one version of a plan to another."""

    old: PlanVersion
    new: PlanVersion
    changes: list[TaskChange] = field(default_factory=list)
    pairs: list[tuple[TaskSnapshot, TaskSnapshot, float]] = field(default_factory=list)
    workload: dict[str, tuple[int, int]] = field(default_factory=dict)  # unit → (+tasks, −tasks)

    def of_kind(self, kind: str) -> list[TaskChange]:
        return [c for c in self.changes if c.kind == kind]

    def summary(self) -> dict[str, int]:
        return {k: len(self.of_kind(k)) for k in CHANGE_KINDS}

    def workload_line(self, unit: str) -> str:
        plus, minus = self.workload.get(unit, (0, 0))
        return f"{unit}：任务 +{plus}，−{minus}"


def _owner_names(t: TaskSnapshot) -> list[str]:
    return list(dict.fromkeys(o.name for o in t.owners))


def diff_versions(old: PlanVersion, new: PlanVersion, *, pairs: list[tuple[int, int, float]] | None = None) -> PlanDiff:
    """Changes from ``old`` to ``new``. When ``new`` carries keys from ``old`` (a version the
    ledger recorded as its successor), tasks are paired by key; otherwise by :func:`match_tasks`."""
    if pairs is None:
        old_keys = {t.key: i for i, t in enumerate(old.tasks) if t.key}
        if old_keys and any(t.key in old_keys for t in new.tasks):
            pairs = [(old_keys[t.key], j, t.score or 1.0) for j, t in enumerate(new.tasks) if t.key in old_keys]
        else:
            pairs = match_tasks(old.tasks, new.tasks)
    d = PlanDiff(old, new)
    matched_old = {i for i, _, _ in pairs}
    matched_new = {j for _, j, _ in pairs}
    plus: dict[str, int] = {}
    minus: dict[str, int] = {}
    for i, t in enumerate(old.tasks):
        if i not in matched_old:
            d.changes.append(TaskChange("removed", t.path, "", t.title, units=tuple(_owner_names(t))))
            for u in _owner_names(t):
                minus[u] = minus.get(u, 0) + 1
    by_new = {j: (i, s) for i, j, s in pairs}
    for j, n in enumerate(new.tasks):
        if j not in matched_new:
            d.changes.append(TaskChange("added", "", n.path, n.title, units=tuple(_owner_names(n))))
            for u in _owner_names(n):
                plus[u] = plus.get(u, 0) + 1
            continue
        i, s = by_new[j]
        o = old.tasks[i]
        d.pairs.append((o, n, s))
        if o.path != n.path:
            d.changes.append(TaskChange("renumbered", o.path, n.path, n.title, score=s))
        if _words(o.text) != _words(n.text) or _norm(o.title) != _norm(n.title):
            detail = f"原“{o.title}”" if _norm(o.title) != _norm(n.title) else ""
            d.changes.append(TaskChange("reworded", o.path, n.path, n.title, detail, score=s))
        before, after = _owner_names(o), _owner_names(n)
        gained = [u for u in after if u not in before]
        lost = [u for u in before if u not in after]
        if gained:
            d.changes.append(TaskChange("owner_added", o.path, n.path, n.title, "、".join(gained), tuple(gained)))
        if lost:
            d.changes.append(TaskChange("owner_removed", o.path, n.path, n.title, "、".join(lost), tuple(lost)))
        for u in gained:
            plus[u] = plus.get(u, 0) + 1
        for u in lost:
            minus[u] = minus.get(u, 0) + 1
        if (o.deadline or "") != (n.deadline or "") or (o.due_date or "") != (n.due_date or ""):
            detail = f"{o.deadline or '无'} → {n.deadline or '无'}"
            d.changes.append(TaskChange("deadline_moved", o.path, n.path, n.title, detail))
    d.workload = {u: (plus.get(u, 0), minus.get(u, 0)) for u in sorted({*plus, *minus})}
    return d
