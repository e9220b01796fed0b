"""规划: the cascade of plans and each plan's outline with its owners.

Coordinators see which plan carries out which (国家 → 省 → 市 → 县), then
open one plan to read its numbered tasks with their responsible units, and
download that plan's 任务分工表 in the official layout.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_pages import answers, auth, common, views
from app_pages.labels import LEVEL_LABELS, label, period_label
from app_pages.plan_tree import plan_tree_dot, plan_tree_lines
from graph.model import Plan

__all__ = ["main"]


def _facts(plan: Plan) -> list[tuple[str, str]]:
    return [
        ("文件类型", plan.kind),
        ("发文机关", plan.issuer or "—"),
        ("文号", plan.doc_no or "—"),
        ("印发日期", plan.issued_on or "—"),
        ("规划期", period_label(plan.period_start, plan.period_end) or "—"),
        ("地区", plan.region or "—"),
        ("层级", label(LEVEL_LABELS, plan.level) or "—"),
        ("源文件", plan.source),
    ]


def _tree(h: common.StoreHandle, plans: Sequence[Plan]) -> None:
    st.subheader("规划传导关系")
    pairs = common.implements_pairs(h)
    chart, text = st.tabs(["关系图", "层级列表"])
    with chart:
        st.graphviz_chart(plan_tree_dot(plans, pairs), width="stretch")
        st.caption("箭头由上级规划指向贯彻落实它的下级规划；虚线框为被引用但未载入的规划。")
    with text:
        st.markdown("\n".join(plan_tree_lines(plans, pairs)))


def _plan_detail(h: common.StoreHandle, plan: Plan) -> None:
    st.subheader(plan.title + ("（标题为推断）" if plan.title_inferred else ""))
    if plan.subtitle:
        st.caption(plan.subtitle)
    facts = _facts(plan)
    cols = st.columns(4)
    for i, (name, value) in enumerate(facts):
        cols[i % 4].markdown(f"**{name}**：{value}")
    if plan.cites:
        st.markdown("**依据文件**：" + "、".join(f"《{c}》" for c in plan.cites))
    rows = common.outline(h, plan.id)
    tasks = [r for r in rows if r.kind != "section"]
    owned = [r for r in tasks if r.units]
    st.caption(f"共 {len(tasks)} 项任务，其中 {len(owned)} 项写明了责任单位。")
    c = st.columns(3)
    c[0].download_button(
        "下载本规划任务分工表（Excel）",
        data=lambda: common.plan_table_xlsx(h, [plan.id]),
        file_name=f"{views.short_title(plan.title, 40)}任务分工表.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="plans_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    c[1].download_button(
        "下载本规划任务分工表（Word）",
        data=lambda: answers.plan_table_docx(h, [plan.id]),
        file_name=f"{views.short_title(plan.title, 40)}任务分工表.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="plans_docx",
        on_click="ignore",
        icon=":material/description:",
    )
    c[2].page_link("app_pages/print_view.py", label="打印视图", icon=":material/print:", query_params={"plan": plan.id})
    only_tasks = st.toggle("只显示任务（隐藏章节）", key="plans_only_tasks")
    shown = tasks if only_tasks else rows
    st.dataframe(views.outline_frame(shown), hide_index=True, width="stretch", height=600)
    _removal(h, plan)


def _removal(h: common.StoreHandle, plan: Plan) -> None:
    """Remove the plan, after a confirmation; units and cascade links are recomputed."""
    if not auth.can_edit():
        return
    with st.expander("移除此规划"):
        st.caption(
            "从知识图谱中移除这个规划的全部任务、指标和传导关系；其他规划的单位和传导关系随之重新计算。可以重新上传来恢复。"
        )
        if st.session_state.get("plans_remove_asked") != plan.id:
            if st.button("移除此规划…", key="plans_remove", icon=":material/delete:"):
                st.session_state["plans_remove_asked"] = plan.id
                st.rerun()
            return
        st.warning(f"确定要移除《{plan.title}》（{plan.source}）吗？", icon=":material/warning:")
        yes, no = st.columns(2)
        if yes.button("确认移除", type="primary", key="plans_remove_confirm"):
            with st.spinner("正在移除并重新计算…"):
                title = answers.remove_plan(h, plan.id)
            st.session_state.pop("plans_remove_asked", None)
            st.session_state["plans_removed"] = f"已移除：《{title}》"
            st.session_state.pop("plans_pick", None)
            st.rerun()
        if no.button("取消", key="plans_remove_cancel"):
            st.session_state.pop("plans_remove_asked", None)
            st.rerun()


def main() -> None:
    """Render the page."""
    st.title("规划体系")
    st.caption("各级规划之间的贯彻落实关系，以及每个规划的任务和责任单位。")
    h = common.ready_store()
    done = st.session_state.pop("plans_removed", None)
    if done:
        st.success(done)
    plans = common.plans(h)
    loaded = [p for p in plans if not p.stub]
    if not loaded:
        st.info("知识图谱中还没有规划。请在“上传”页添加规划文件。")
        return
    _tree(h, plans)
    st.divider()
    ids = [p.id for p in loaded]
    by_id = {p.id: p for p in loaded}
    linked = st.query_params.get("plan")  # ?plan=<id> from the search page or a shared link
    if linked in by_id and st.session_state.get("_plans_link") != linked:
        st.session_state["_plans_link"] = linked
        st.session_state["plans_pick"] = linked
    plan_id = st.selectbox("选择规划", ids, format_func=lambda pid: views.plan_label(by_id[pid]), key="plans_pick")
    _plan_detail(h, by_id[plan_id])
    st.download_button(
        f"下载全部 {len(loaded)} 个规划的任务分工表（Excel，每个规划一张表）",
        data=lambda: common.plan_table_xlsx(h, ids),
        file_name="全部规划任务分工表.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="plans_xlsx_all",
        on_click="ignore",
    )


if __name__ == "__main__":
    main()
