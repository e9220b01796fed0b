"""The cascade of plans (national → province → prefecture → county) as DOT and as a list.

A plan *implements* the plans it cites; drawn top-down, the cited (higher)
plan sits above the plans that carry it out. Both renderings take the same
inputs — the plans and their IMPLEMENTS pairs — so the chart and the
accessible text list never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from app_pages.labels import LEVEL_LABELS, LEVEL_ORDER, label, period_label
from graph.model import Plan

__all__ = ["plan_tree_dot", "plan_tree_lines", "wrap"]

_FILL = {"national": "#fde2e1", "province": "#fff1d6", "prefecture": "#e3f0fb", "county": "#e6f4ea"}


def wrap(text: str, width: int = 13) -> list[str]:
    """Cut a Chinese title into lines of ``width`` characters (no spaces to break at).

    >>> wrap("一二三四五", 2)
    ['一二', '三四', '五']
    """
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _node_label(plan: Plan) -> str:
    lines = wrap(plan.title)
    facts = [
        x
        for x in (plan.region, plan.kind if not plan.stub else "", period_label(plan.period_start, plan.period_end))
        if x
    ]
    if plan.stub:
        facts.append("未载入")
    return "\\n".join([*(s.replace("\\", "\\\\").replace('"', '\\"') for s in lines), " · ".join(facts)])


def plan_tree_dot(plans: Sequence[Plan], implements: Sequence[tuple[str, str]]) -> str:
    """DOT of plans in one row per level, edges from the implemented plan down to its implementer.

    ``implements`` holds ``(implementer id, implemented id)`` pairs; pairs naming
    a plan not in ``plans`` are skipped. A column of level names (国家, 省级 …)
    joined by invisible edges keeps the rows in cascade order even where no
    plan links two levels.
    """
    known = {p.id for p in plans}
    out = [
        "digraph plans {",
        "  rankdir=TB; nodesep=0.25; ranksep=0.45; newrank=true;",
        '  node [shape=box, style="rounded,filled", fontname="Noto Sans CJK SC", fontsize=12, margin="0.12,0.06"];',
        '  edge [color="#888888", arrowsize=0.7];',
    ]
    by_level: dict[str, list[Plan]] = {}
    for p in plans:
        by_level.setdefault(p.level or "", []).append(p)
    levels = sorted(by_level, key=lambda lv: LEVEL_ORDER.get(lv, 9))
    anchors = [_quote(f"level:{lv or '?'}") for lv in levels]
    for level, anchor in zip(levels, anchors, strict=True):
        name = label(LEVEL_LABELS, level) or "未定级"
        out.append(f'  {anchor} [label="{name}", shape=plaintext, style="", fontcolor="#666666"];')
        out.append(f"  {{ rank=same; {anchor};")
        for p in by_level[level]:
            style = ', style="rounded,dashed", fillcolor="#ffffff"' if p.stub else ""
            fill = _FILL.get(level, "#eeeeee")
            out.append(f'    {_quote(p.id)} [label="{_node_label(p)}", fillcolor="{fill}"{style}];')
        out.append("  }")
    if len(anchors) > 1:
        out.append("  " + " -> ".join(anchors) + " [style=invis];")
    for implementer, implemented in implements:
        if implementer in known and implemented in known:
            out.append(f"  {_quote(implemented)} -> {_quote(implementer)};")
    out.append("}")
    return "\n".join(out)


def plan_tree_lines(plans: Sequence[Plan], implements: Sequence[tuple[str, str]]) -> list[str]:
    """A nested markdown list: each plan under the plans it implements, roots by level.

    A plan implementing two plans appears under both; a cycle is cut where it closes.
    """
    by_id = {p.id: p for p in plans}
    children: dict[str, list[str]] = {}
    parents: dict[str, set[str]] = {}
    for implementer, implemented in implements:
        if implementer in by_id and implemented in by_id and implementer != implemented:
            children.setdefault(implemented, []).append(implementer)
            parents.setdefault(implementer, set()).add(implemented)
    order = {p.id: i for i, p in enumerate(plans)}
    lines: list[str] = []
    shown: set[str] = set()

    def visit(pid: str, depth: int, trail: frozenset[str]) -> None:
        shown.add(pid)
        p = by_id[pid]
        level = label(LEVEL_LABELS, p.level) or "未定级"
        period = period_label(p.period_start, p.period_end)
        extra = "，".join(x for x in (p.region or "", period, "未载入" if p.stub else "") if x)
        lines.append("  " * depth + f"- 【{level}】{p.title}" + (f"（{extra}）" if extra else ""))
        for child in sorted(set(children.get(pid, [])), key=order.__getitem__):
            if child not in trail:
                visit(child, depth + 1, trail | {child})

    for p in plans:
        if not parents.get(p.id):
            visit(p.id, 0, frozenset({p.id}))
    for p in plans:  # plans caught in a cycle have no root above them
        if p.id not in shown:
            visit(p.id, 0, frozenset({p.id}))
    return lines
