"""Answer rows → the tables and chart data the pages show.

Kept apart from the page modules so that the shaping of a table (which
columns, in which order, how a task counted once however many ways a unit
holds it) is plain, testable Python, and the page modules only lay out
widgets. Column names are the Chinese headers coordinators read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from app_pages.labels import (
    KIND_LABELS,
    LEVEL_LABELS,
    LINK_LABELS,
    ROLE_LABELS,
    label,
    period_label,
)
from graph.model import Plan, Unit
from graph.rows import Assignment, CascadeLink, IndicatorRow, OutlineRow

__all__ = [
    "PlanGroup",
    "Workload",
    "cascade_frame",
    "comparison_frame",
    "group_by_plan",
    "indicator_frame",
    "outline_frame",
    "plan_label",
    "short_title",
    "target_chart_frame",
    "target_number",
    "task_frame",
    "workload",
    "workload_frame",
]


def short_title(title: str, width: int = 24) -> str:
    """A plan title cut to ``width`` characters for chart axes and tabs.

    >>> short_title("烟台市知识产权高质量发展三年行动方案", 10)
    '烟台市知识产权高质…'
    """
    return title if len(title) <= width else title[: width - 1] + "…"


def plan_label(plan: Plan) -> str:
    """How a plan is named in pickers: region, title and period."""
    region = f"［{plan.region}］" if plan.region else ""
    period = period_label(plan.period_start, plan.period_end)
    return f"{region}{plan.title}" + (f"（{period}）" if period and period not in plan.title else "")


@dataclass(frozen=True)
class Workload:
    """One unit's task counts; a task counts once however many ways the unit holds it."""

    total: int
    lead: int
    support: int
    responsible: int
    via_group: int
    plans: int


def workload(rows: Iterable[Assignment]) -> Workload:
    """Distinct-task counts: by role for tasks held directly, and those held only via a group."""
    rows = rows_list(rows)
    tasks = {r.task_id for r in rows}
    by_role: dict[str, set[str]] = {}
    direct = {r.task_id for r in rows if not r.via_group}
    for r in rows:
        if not r.via_group:
            by_role.setdefault(r.role, set()).add(r.task_id)
    via = {r.task_id for r in rows if r.via_group} - direct
    return Workload(
        total=len(tasks),
        lead=len(by_role.get("lead", set())),
        support=len(by_role.get("support", set())),
        responsible=len(by_role.get("responsible", set())),
        via_group=len(via),
        plans=len({r.plan_id for r in rows}),
    )


@dataclass(frozen=True)
class PlanGroup:
    """A unit's rows of one plan, in document order."""

    plan_id: str
    plan_title: str
    period: str
    rows: tuple[Assignment, ...]


def group_by_plan(rows: Iterable[Assignment]) -> list[PlanGroup]:
    """Rows grouped by plan, keeping the store's order (national → county, document order)."""
    groups: dict[str, list[Assignment]] = {}
    for r in rows:
        groups.setdefault(r.plan_id, []).append(r)
    return [
        PlanGroup(
            plan_id=pid,
            plan_title=rs[0].plan_title,
            period=period_label(rs[0].period_start, rs[0].period_end),
            rows=tuple(rs),
        )
        for pid, rs in groups.items()
    ]


def task_frame(rows: Sequence[Assignment]) -> pd.DataFrame:
    """One line per task × role of a unit in one plan: 编号, 任务, 类型, 角色, 顺位, 通过小组, 期限."""
    return pd.DataFrame(
        [
            {
                "编号": r.path,
                "任务": r.title,
                "类型": label(KIND_LABELS, r.kind),
                "角色": label(ROLE_LABELS, r.role),
                "顺位": r.order or None,
                "通过小组": r.via_group,
                "期限": period_label(r.period_start, r.period_end),
            }
            for r in rows
        ],
        columns=["编号", "任务", "类型", "角色", "顺位", "通过小组", "期限"],
    )


def workload_frame(rows: Iterable[Assignment]) -> pd.DataFrame:
    """Distinct tasks per plan and role (role ``通过小组`` when held only through a group)."""
    rows = rows_list(rows)
    seen: dict[tuple[str, str], set[str]] = {}
    direct = {(r.plan_id, r.task_id) for r in rows if not r.via_group}
    titles: dict[str, str] = {}
    for r in rows:
        titles[r.plan_id] = r.plan_title
        if r.via_group and (r.plan_id, r.task_id) in direct:
            continue
        role = "通过小组" if r.via_group else label(ROLE_LABELS, r.role)
        seen.setdefault((r.plan_id, role), set()).add(r.task_id)
    return pd.DataFrame(
        [{"规划": short_title(titles[pid]), "角色": role, "任务数": len(ids)} for (pid, role), ids in seen.items()],
        columns=["规划", "角色", "任务数"],
    )


def rows_list(rows: Iterable[Assignment]) -> list[Assignment]:
    """``rows`` as a list (so a generator can be read twice)."""
    return rows if isinstance(rows, list) else list(rows)


def comparison_frame(rows: Sequence[Assignment], units: Sequence[Unit]) -> pd.DataFrame:
    """Plans × units: distinct tasks of each unit in each plan, with a 合计 row."""
    names = [u.name for u in units]
    table: dict[str, dict[str, int]] = {}
    for u in units:
        for group in group_by_plan(r for r in rows if r.unit_id == u.id):
            table.setdefault(group.plan_title, {})[u.name] = len({r.task_id for r in group.rows})
    frame = pd.DataFrame(
        [{"规划": title, **{n: counts.get(n, 0) for n in names}} for title, counts in table.items()],
        columns=["规划", *names],
    )
    total = {"规划": "合计", **{u.name: len({r.task_id for r in rows if r.unit_id == u.id}) for u in units}}
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def outline_frame(rows: Sequence[OutlineRow]) -> pd.DataFrame:
    """A plan's outline: 编号, 标题 (indented by depth), 类型, 责任单位."""
    return pd.DataFrame(
        [
            {
                "编号": r.path,
                "标题": "\u3000" * max(r.depth - 1, 0) + r.title,
                "类型": label(KIND_LABELS, r.kind),
                "责任单位": "、".join(r.units),
            }
            for r in rows
            if r.path  # the root section is the whole document
        ],
        columns=["编号", "标题", "类型", "责任单位"],
    )


def target_number(value: str | None) -> float | None:
    """The number in a printed target (``10.2``, ``8万``→8, ``３０``), or ``None``.

    >>> target_number("10.2")
    10.2
    >>> target_number("８") is None
    False
    >>> target_number(None) is None
    True
    """
    if not value:
        return None
    import re
    import unicodedata

    m = re.search(r"-?\d+(?:\.\d+)?", unicodedata.normalize("NFKC", value))
    return float(m.group()) if m else None


_COMPARATORS = {">=": "≥", "<=": "≤", "=": ""}


def _year(value: int | None) -> str:
    return str(value) if value else ""


def indicator_frame(rows: Sequence[IndicatorRow]) -> pd.DataFrame:
    """Indicators with their plan's place; 存疑 shows the loader's flag so it is never hidden.

    The short columns come first (a long plan title last), years as text so
    that a missing year is blank rather than ``None``.
    """
    return pd.DataFrame(
        [
            {
                "层级": label(LEVEL_LABELS, r.level),
                "地区": r.region,
                "指标名称": r.name,
                "目标值": f"{_COMPARATORS.get(r.comparator, r.comparator)}{r.target or ''}",
                "单位": r.measure_unit or "",
                "目标年": _year(r.target_year),
                "基期值": r.baseline or "",
                "基期年": _year(r.baseline_year),
                "性质": r.nature or "",
                "存疑": f"⚠ {r.flag}" if r.flag else "",
                "规划": r.plan_title,
            }
            for r in rows
        ],
        columns=["层级", "地区", "指标名称", "目标值", "单位", "目标年", "基期值", "基期年", "性质", "存疑", "规划"],
    )


def target_chart_frame(rows: Sequence[IndicatorRow]) -> pd.DataFrame:
    """One bar per indicator with a printed number: 规划 (axis label), 目标值, 状态, 标注."""
    data = [
        {
            "规划": f"{label(LEVEL_LABELS, r.level)}·{r.region}·{short_title(r.plan_title, 14)}",
            "目标值": value,
            "状态": "存疑" if r.flag else "正常",
            "标注": f"{_COMPARATORS.get(r.comparator, r.comparator)}{r.target}{r.measure_unit or ''}"
            + ("（存疑）" if r.flag else ""),
        }
        for r in rows
        if (value := target_number(r.target)) is not None
    ]
    return pd.DataFrame(data, columns=["规划", "目标值", "状态", "标注"])


def cascade_frame(links: Sequence[CascadeLink]) -> pd.DataFrame:
    """Links of one direction: 关系, 规划, 编号, 标题, 相似度, 责任单位."""
    return pd.DataFrame(
        [
            {
                "关系": label(LINK_LABELS, x.type),
                "规划": x.plan_title,
                "编号": x.path,
                "标题": x.title,
                "相似度": None if x.score is None else round(x.score, 2),
                "责任单位": "、".join(x.owners),
            }
            for x in links
        ],
        columns=["关系", "规划", "编号", "标题", "相似度", "责任单位"],
    )
