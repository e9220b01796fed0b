"""传导: who carries out a higher-level task or target below.

Pick a task or an indicator of one plan; the page lists what it carries out
above and the lower-level tasks (or targets) that carry it out, with their
owners — the question a coordinator asks when a provincial task has to be
traced down to the county bureaus that do the work.
"""

from __future__ import annotations

import streamlit as st

from app_pages import common, views

__all__ = ["main"]

TASKS = "任务"
INDICATORS = "指标"


def _choices(h: common.StoreHandle, plan_id: str, what: str) -> dict[str, str]:
    """Node id → label of the plan's tasks or indicators."""
    if what == TASKS:
        return {r.id: f"{r.path} {r.title}" for r in common.outline(h, plan_id) if r.kind != "section"}
    return {
        r.id: f"{r.name}：{r.target or '—'}{r.measure_unit or ''}"
        for r in common.indicator_rows(h)
        if r.plan_id == plan_id
    }


def main() -> None:
    """Render the page."""
    st.title("任务传导")
    st.caption("选择一项上级任务或指标，查看哪些下级规划的任务承接了它，以及由谁负责。")
    h = common.ready_store()
    loaded = [p for p in common.plans(h) if not p.stub]
    if not loaded:
        st.info("知识图谱中还没有规划。请在“上传”页添加规划文件。")
        return
    by_id = {p.id: p for p in loaded}
    left, right = st.columns([3, 1])
    plan_id = left.selectbox(
        "规划", list(by_id), format_func=lambda pid: views.plan_label(by_id[pid]), key="cascade_plan"
    )
    what = right.radio("类别", [TASKS, INDICATORS], horizontal=True, key="cascade_what")
    choices = _choices(h, plan_id, what)
    only_linked = st.toggle("只列出有上下级传导关系的条目", value=True, key="cascade_only_linked")
    if only_linked:
        linked = common.linked_nodes(h, list(choices))
        choices = {k: v for k, v in choices.items() if k in linked}
    if not choices:
        st.info(f"这个规划中没有找到与其他规划相互传导的{what}。")
        return
    node_id = st.selectbox(what, list(choices), format_func=choices.__getitem__, key="cascade_node")
    if what == TASKS:
        source = common.task_source(h, node_id)
        if source is not None:
            with st.expander("本条原文", expanded=False):
                st.text(source[1])
    links = common.cascade_links(h, node_id)
    up = [x for x in links if x.direction == "up" and x.type != "IMPLEMENTS"]
    down = [x for x in links if x.direction == "down" and x.type != "IMPLEMENTS"]
    st.subheader(f"上级：本条承接的（{len(up)}）")
    if up:
        st.dataframe(views.cascade_frame(up), hide_index=True, width="stretch")
    else:
        st.caption("没有找到上级规划中的对应条目。")
    st.subheader(f"下级：承接本条的（{len(down)}）")
    if down:
        st.dataframe(views.cascade_frame(down), hide_index=True, width="stretch")
        owners = sorted({o for x in down for o in x.owners})
        if owners:
            st.markdown("**下级责任单位**：" + "、".join(owners))
    else:
        st.caption("没有找到下级规划中承接本条的条目。")


if __name__ == "__main__":
    main()
