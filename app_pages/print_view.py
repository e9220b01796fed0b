"""打印: a bureau's or a plan's full task list, made for paper.

Every row (not the ten rows of a scroll box), the table header repeated on every
printed page, a new page for each plan; the sidebar, header and widgets are hidden
when printing (``app_pages/chrome.py``). Reached from the 责任单位 and 规划 pages
(``?unit=<id>`` / ``?plan=<id>``) or by picking here.
"""

from __future__ import annotations

import streamlit as st

from app_pages import answers, common, views
from app_pages.labels import period_label

__all__ = ["main"]

UNIT, PLAN = "单位", "规划"
_PRINT_BUTTON = (
    '<button onclick="window.print()" style="padding:.4rem 1rem;border:1px solid #999;border-radius:.4rem;'
    'background:#fff;cursor:pointer">打印 / 另存为 PDF</button>'
)


def main() -> None:
    """Render the page."""
    h = common.ready_store()
    units = {u.id: u for u in common.units(h)}
    plans = {p.id: p for p in common.plans(h) if not p.stub}
    unit_param, plan_param = st.query_params.get("unit"), st.query_params.get("plan")
    with st.container(key="print_controls"):
        st.title("打印视图")
        st.caption("完整任务清单：每一行都会打印，表头在每页重复，每个规划另起一页。按 Ctrl+P（或下面的按钮）打印。")
        what = st.radio("打印", [UNIT, PLAN], horizontal=True, key="print_what", index=1 if plan_param else 0)
        if what == UNIT:
            ids = [uid for uid in units if units[uid].category != "generic"]
            uid = st.selectbox(
                "单位",
                ids,
                index=ids.index(unit_param) if unit_param in ids else None,
                format_func=lambda x: f"{units[x].name}［{units[x].region or '地区不明'}］",
                placeholder="选择或输入单位名称",
                key="print_unit",
            )
            pid = None
        else:
            pids = list(plans)
            pid = st.selectbox(
                "规划",
                pids,
                index=pids.index(plan_param) if plan_param in pids else None,
                format_func=lambda x: views.plan_label(plans[x]),
                placeholder="选择规划",
                key="print_plan",
            )
            uid = None
        st.html(_PRINT_BUTTON, unsafe_allow_javascript=True)
    if uid:
        unit = units[uid]
        rows = common.tasks_of_units(h, [uid])
        load = views.workload(rows)
        meta = (
            f"任务 {load.total} 项（牵头 {load.lead}、配合 {load.support}、负责 {load.responsible}、"
            f"通过小组 {load.via_group}），分布在 {load.plans} 个规划中"
        )
        sections = views.unit_print_sections(rows)
        header = ["序号", "编号", "任务", "角色", "通过小组", "期限"]
        st.html(views.print_html(f"{unit.name}任务清单", meta, sections, header))
    elif pid:
        plan = plans[pid]
        rows = answers.plan_assignments(h, pid)
        lines = views.plan_print_rows(rows)
        meta = "　".join(
            x
            for x in (plan.doc_no or "", period_label(plan.period_start, plan.period_end), f"共 {len(lines)} 项任务")
            if x
        )
        header = ["序号", "编号", "任务", "类型", "责任单位", "完成时限"]
        st.html(views.print_html(f"{plan.title}任务清单", meta, [("", "", lines)], header, wide=(2, 4)))


if __name__ == "__main__":
    main()
