"""Answer rows → the tables and chart data the pages show.

Kept apart from the page modules so that the shaping of a table (which
columns, in which order, how a task counted once however many ways a unit
holds it) is plain, testable Python, and the page modules only lay out
widgets. Column names are the Chinese headers coordinators read.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app_pages.labels import (
    KIND_LABELS,
    LEVEL_LABELS,
    LINK_LABELS,
    ROLE_LABELS,
    label,
    path_label,
    period_label,
    similarity_label,
)
from graph.model import Plan, Unit
from graph.queries import Workload
from graph.queries import workload as _workload
from graph.rows import Assignment, CascadeLink, IndicatorRow, OutlineRow

if TYPE_CHECKING:  # pandas costs ~0.8 s to import: only pages that show a frame pay for it
    import pandas as pd

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
    "task_lines",
    "task_table_html",
    "workload",
    "workload_bars_html",
    "workload_counts",
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


def workload(rows: Iterable[Assignment]) -> Workload:
    """A unit's counts: :func:`graph.queries.workload`, the one definition the workbooks,
    the csv and the CLI use too."""
    return _workload(rows_list(rows))


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


#: The columns of a unit's task table (one plan), in the order shown.
TASK_COLUMNS = ("编号", "任务", "类型", "角色", "顺位", "通过小组", "期限")


def task_lines(rows: Sequence[Assignment]) -> list[dict[str, str]]:
    """One line per task × role of a unit in one plan, keyed by :data:`TASK_COLUMNS`."""
    return [
        {
            "编号": path_label(r.path),
            "任务": r.title,
            "类型": label(KIND_LABELS, r.kind),
            "角色": label(ROLE_LABELS, r.role),
            "顺位": str(r.order) if r.order else "",
            "通过小组": r.via_group,
            "期限": period_label(r.period_start, r.period_end),
        }
        for r in rows
    ]


def task_frame(rows: Sequence[Assignment]) -> pd.DataFrame:
    """:func:`task_lines` as a frame (编号, 任务, 类型, 角色, 顺位, 通过小组, 期限)."""
    import pandas as pd

    return pd.DataFrame(task_lines(rows), columns=list(TASK_COLUMNS))


def task_table_html(rows: Sequence[Assignment], plan_id: str = "") -> str:
    """A unit's tasks of one plan as a plain HTML table (``st.html``): text the browser paints
    at once, with no grid component to fetch and start; the header stays in view while the
    box scrolls, and a long title wraps instead of being cut. Styled by ``chrome.CSS``."""
    head = "".join(f"<th>{_esc(c)}</th>" for c in TASK_COLUMNS)
    cell = {c: "w" if c == "任务" else "n" for c in TASK_COLUMNS}  # only the title wraps
    body = "".join(
        "<tr>" + "".join(f'<td class="{cell[c]}">{_esc(line[c])}</td>' for c in TASK_COLUMNS) + "</tr>"
        for line in task_lines(rows)
    )
    return (
        f'<div class="plankg-table" data-plan="{_esc(plan_id)}"><table class="plankg-tasks">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def workload_counts(rows: Iterable[Assignment]) -> list[tuple[str, str, str, int]]:
    """(plan id, plan title, role, distinct tasks) per plan and role, in the rows' order; the
    role is ``通过小组`` for a task held only through a group."""
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
    return [(pid, titles[pid], role, len(ids)) for (pid, role), ids in seen.items()]


def workload_frame(rows: Iterable[Assignment]) -> pd.DataFrame:
    """Distinct tasks per plan and role (role ``通过小组`` when held only through a group)."""
    import pandas as pd

    return pd.DataFrame(
        [{"规划": short_title(title), "角色": role, "任务数": n} for _pid, title, role, n in workload_counts(rows)],
        columns=["规划", "角色", "任务数"],
    )


#: Bar colours per role (Vega's category10, as the chart had them before).
ROLE_COLOURS = {"牵头": "#4c78a8", "配合": "#f58518", "负责": "#e45756", "通过小组": "#72b7b2"}


def workload_bars_html(rows: Iterable[Assignment]) -> str:
    """Tasks per plan, stacked by role, as HTML bars: a bar per plan (its title in full on
    hover), a segment per role with its count, the total at the end, and a legend. Plain
    HTML, so the page needs no charting library to show it."""
    counts = workload_counts(rows)
    plans: dict[str, tuple[str, list[tuple[str, int]]]] = {}
    for pid, title, role, n in counts:
        plans.setdefault(pid, (title, []))[1].append((role, n))
    if not plans:
        return ""
    widest = max(sum(n for _r, n in parts) for _t, parts in plans.values())
    roles = list(dict.fromkeys(role for _p, _t, role, _n in counts))
    spare = iter(["#54a24b", "#eeca3b", "#b279a2", "#9d755d"])
    colour = {r: ROLE_COLOURS.get(r) or next(spare, "#bab0ac") for r in roles}
    lines = []
    for title, parts in plans.values():
        total = sum(n for _r, n in parts)
        segments = "".join(
            f'<span class="seg" style="width:{100 * n / widest:.2f}%;background:{colour[role]}"'
            f' title="{_esc(role)} {n} 项">{n}</span>'
            for role, n in parts
        )
        lines.append(
            f'<div class="bar"><span class="name" title="{_esc(title)}">{_esc(short_title(title))}</span>'
            f'<span class="track">{segments}<span class="total">{total}</span></span></div>'
        )
    legend = "".join(f'<span><i style="background:{colour[r]}"></i>{_esc(r)}</span>' for r in roles)
    return (
        f'<div class="plankg-bars" role="img" aria-label="各规划任务数">{"".join(lines)}'
        f'<div class="legend">{legend}</div></div>'
    )


def rows_list(rows: Iterable[Assignment]) -> list[Assignment]:
    """``rows`` as a list (so a generator can be read twice)."""
    return rows if isinstance(rows, list) else list(rows)


def comparison_frame(rows: Sequence[Assignment], units: Sequence[Unit]) -> pd.DataFrame:
    """Plans × units: distinct tasks of each unit in each plan, with a 合计 row."""
    import pandas as pd

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
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "编号": path_label(r.path),
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
    import pandas as pd

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
    import pandas as pd

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
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "关系": label(LINK_LABELS, x.type),
                "规划": x.plan_title,
                "编号": path_label(x.path),
                "标题": x.title,
                "相似度": similarity_label(x.score),
                "责任单位": "、".join(x.owners),
            }
            for x in links
        ],
        columns=["关系", "规划", "编号", "标题", "相似度", "责任单位"],
    )


# -- overview: every unit at a glance ---------------------------------------------


def _in_year(r: Assignment, year: int | None) -> bool:
    """The task's plan runs in ``year`` (or, with no period printed, its deadline falls in it)."""
    if year is None:
        return True
    if r.period_start or r.period_end:
        return (r.period_start or r.period_end or 0) <= year <= (r.period_end or r.period_start or 0)
    return bool(r.due_date) and r.due_date[:4] == str(year)


def overview_frame(
    by_unit: dict[str, list[Assignment]],
    units: Sequence[Unit],
    plan_id: str | None = None,
    year: int | None = None,
    overdue: dict[str, int] | None = None,
) -> pd.DataFrame:
    """One line per unit: its counts (:func:`workload`) over the tasks of ``plan_id`` / ``year``;
    a ``逾期`` column when the ledger gives overdue counts; ``标识`` is the unit id (for links)."""
    import pandas as pd

    lines = []
    for u in units:
        rows = [r for r in by_unit.get(u.id, []) if (plan_id is None or r.plan_id == plan_id) and _in_year(r, year)]
        load = workload(rows)
        line: dict[str, object] = {
            "单位": u.name,
            "地区": u.region or "",
            "层级": label(LEVEL_LABELS, u.level),
            "任务总数": load.total,
            "牵头": load.lead,
            "配合": load.support,
            "负责": load.responsible,
            "通过小组": load.via_group,
            "规划数": load.plans,
        }
        if overdue is not None:
            line["逾期"] = overdue.get(u.id, 0)
        line["标识"] = u.id
        lines.append(line)
    columns = ["单位", "地区", "层级", "任务总数", "牵头", "配合", "负责", "通过小组", "规划数"]
    columns += ["逾期"] if overdue is not None else []
    return pd.DataFrame(lines, columns=[*columns, "标识"])


def plan_matrix_frame(
    by_unit: dict[str, list[Assignment]], units: Sequence[Unit], plans: Sequence[Plan]
) -> pd.DataFrame:
    """Units × plans: distinct tasks of each unit in each plan (:func:`workload` per plan)."""
    import pandas as pd

    names = {p.id: short_title(p.title, 18) for p in plans}
    lines = []
    for u in units:
        rows = by_unit.get(u.id, [])
        line: dict[str, object] = {"单位": u.name, "地区": u.region or ""}
        for pid, name in names.items():
            line[name] = workload(r for r in rows if r.plan_id == pid).total
        lines.append(line)
    return pd.DataFrame(lines, columns=["单位", "地区", *names.values()])


# -- print: every row, header repeated, a page per plan ---------------------------


def _esc(text: object) -> str:
    return html.escape("" if text is None else str(text))


PRINT_CSS = """
<style>
.plankg-print { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; color: #000; }
.plankg-print h1 { font-size: 20pt; text-align: center; margin: 0 0 4pt 0; }
.plankg-print .meta { text-align: center; font-size: 10.5pt; margin-bottom: 10pt; }
.plankg-print h2 { font-size: 14pt; margin: 12pt 0 6pt 0; }
.plankg-print table { width: 100%; border-collapse: collapse; font-size: 10.5pt; }
.plankg-print thead { display: table-header-group; }
.plankg-print th, .plankg-print td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }
.plankg-print th { background: #eee; font-weight: bold; white-space: nowrap; }
.plankg-print tr { break-inside: avoid; page-break-inside: avoid; }
.plankg-print .plan + .plan { break-before: page; page-break-before: always; }
.plankg-print td.n { text-align: center; white-space: nowrap; }
@page { size: A4 landscape; margin: 14mm 12mm; }
</style>
"""


def print_html(title: str, meta: str, sections: Sequence[tuple[str, str, Sequence[Sequence[object]]]],
               header: Sequence[str], wide: Collection[int] = (2,)) -> str:  # fmt: skip
    """A print view: ``title`` and ``meta`` on top, then per section (heading, sub-heading, rows)
    a table whose header repeats on every printed page; each section starts a new page. Only the
    ``wide`` columns wrap; the others (numbers, roles, periods) keep to one line."""
    parts = [
        PRINT_CSS,
        '<div class="plankg-print">',
        f"<h1>{_esc(title)}</h1>",
        f'<div class="meta">{_esc(meta)}</div>',
    ]
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    for heading, sub, rows in sections:
        parts.append(f'<div class="plan"><h2>{_esc(heading)}</h2>')
        if sub:
            parts.append(f'<div class="meta">{_esc(sub)}</div>')
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
        for row in rows:
            cells = "".join(
                f"<td>{_esc(v)}</td>" if i in wide else f'<td class="n">{_esc(v)}</td>' for i, v in enumerate(row)
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table></div>")
    parts.append("</div>")
    return "".join(parts)


def unit_print_sections(rows: Sequence[Assignment]) -> list[tuple[str, str, list[list[object]]]]:
    """A unit's tasks for the print view: a section per plan, a row per task (roles joined)."""
    out = []
    n = 0
    for group in group_by_plan(rows):
        by_task: dict[str, list[Assignment]] = {}
        for r in group.rows:
            by_task.setdefault(r.task_id, []).append(r)
        lines: list[list[object]] = []
        for held in by_task.values():
            n += 1
            first = held[0]
            roles = "、".join(dict.fromkeys(label(ROLE_LABELS, r.role) for r in held if not r.via_group))
            groups = "、".join(dict.fromkeys(r.via_group for r in held if r.via_group))
            lines.append([n, path_label(first.path), first.title, roles or "—", groups, first.deadline or group.period])
        out.append(
            (
                group.plan_title,
                f"{group.period}　共 {len(by_task)} 项任务" if group.period else f"共 {len(by_task)} 项任务",
                lines,
            )
        )
    return out


def plan_print_rows(rows: Sequence[Assignment]) -> list[list[object]]:
    """A plan's tasks for the print view: a row per task with its units in printed order."""
    by_task: dict[str, list[Assignment]] = {}
    for r in rows:
        by_task.setdefault(r.task_id, []).append(r)
    out: list[list[object]] = []
    for held in by_task.values():
        first = held[0]
        units = "、".join(
            dict.fromkeys(
                f"{r.unit}（{label(ROLE_LABELS, r.role)}）" if r.role in ("lead", "support") else r.unit
                for r in held
                if r.unit
            )
        )
        out.append(
            [len(out) + 1, path_label(first.path), first.title, label(KIND_LABELS, first.kind), units, first.deadline]
        )
    return out
