"""责任单位: which tasks does this bureau own?

The coordinator types a unit's name in whatever form they know; the best
match is shown with its tasks grouped by plan, the role it plays in each, and
whether it holds the task itself or through a working group it belongs to.
Several units can be compared side by side, and the answer downloaded as the
任务分工表 (xlsx) or as the contract's assignments csv.
"""

from __future__ import annotations

import streamlit as st

from app_pages import common, views
from app_pages.labels import LEVEL_ORDER
from graph.exports import ASSIGNMENT_COLUMNS, assignment_rows
from graph.model import Unit
from graph.rows import Assignment

__all__ = ["ALL_REGIONS", "main"]

ALL_REGIONS = "全部地区"


def _regions(units: list[Unit]) -> list[str]:
    """Regions that have units, top level first."""
    level: dict[str, int] = {}
    for u in units:
        if u.region:
            level[u.region] = min(level.get(u.region, 9), LEVEL_ORDER.get(u.level or "", 9))
    return sorted(level, key=lambda r: (level[r], r))


def _score_text(score: float) -> str:
    return f"{score:.0%}" if score <= 1 else f"{score:.0f}"


def _pick_units(h: common.StoreHandle, all_units: list[Unit]) -> list[str]:
    """The search box, region filter and comparison picker → the unit ids to show."""
    by_id = {u.id: u for u in all_units}
    left, right = st.columns([3, 1])
    text = left.text_input(
        "单位名称（简称、全称或别称均可）",
        key="bureau_query",
        placeholder="如：市市场监管局、市市场监督管理局、市知识产权局",
    )
    region = right.selectbox("地区", [ALL_REGIONS, *_regions(all_units)], key="bureau_region")
    chosen: list[str] = []
    if text.strip():
        hits = common.search_units(h, text.strip(), None if region == ALL_REGIONS else region)
        if not hits:
            st.warning(f"没有找到与“{text.strip()}”相符的单位。请换一种写法，或把地区设为“{ALL_REGIONS}”。")
        else:
            info = {u.id: (score, matched) for u, score, matched in hits}

            def hit_label(uid: str) -> str:
                score, matched = info[uid]
                how = "" if matched == by_id[uid].name else f"，匹配“{matched}”"
                return f"{common.unit_label(by_id[uid])}（相似度 {_score_text(score)}{how}）"

            chosen.append(
                st.selectbox("匹配到的单位", [u.id for u, _, _ in hits], format_func=hit_label, key="bureau_match")
            )
    others = st.multiselect(
        "并排对比其他单位",
        [u.id for u in all_units],
        format_func=lambda uid: common.unit_label(by_id[uid]),
        key="bureau_compare",
        placeholder="选择要对比的单位（可多选）",
    )
    return list(dict.fromkeys([*chosen, *others]))


def _downloads(h: common.StoreHandle, units: list[Unit], rows: list[Assignment]) -> None:
    """Both files are built only when clicked, so they never slow the page down."""
    stem = units[0].name if len(units) == 1 else f"{units[0].name}等{len(units)}个单位"
    left, right = st.columns(2)
    left.download_button(
        "下载任务分工表（Excel）",
        data=lambda: common.unit_table_xlsx(h, [u.id for u in units]),
        file_name=f"{stem}任务分工表.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="bureau_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "下载任务清单（CSV）",
        data=lambda: common.csv_bytes(ASSIGNMENT_COLUMNS, assignment_rows(rows)),
        file_name=f"{stem}任务清单.csv",
        mime="text/csv",
        key="bureau_csv",
        on_click="ignore",
        icon=":material/table:",
    )


def _comparison(units: list[Unit], rows: list[Assignment]) -> None:
    st.subheader("单位对比")
    cols = st.columns(len(units))
    for col, unit in zip(cols, units, strict=True):
        load = views.workload(r for r in rows if r.unit_id == unit.id)
        col.metric(unit.name, f"{load.total} 项任务")
        col.caption(f"牵头 {load.lead} · 配合 {load.support} · 负责 {load.responsible} · 通过小组 {load.via_group}")
    st.dataframe(views.comparison_frame(rows, units), hide_index=True, width="stretch")


def _source_picker(h: common.StoreHandle, unit: Unit, group: views.PlanGroup) -> None:
    """The task's own sentence, fetched only when the coordinator asks for it."""
    titles = {r.task_id: f"{r.path} {r.title}" for r in group.rows}
    with st.expander("查看任务原文"):
        task_id = st.selectbox(
            "选择任务",
            list(titles),
            index=None,
            format_func=titles.__getitem__,
            placeholder="选择一项任务，显示它在规划中的原文",
            key=f"bureau_src_{unit.id}_{group.plan_id}",
        )
        if task_id:
            source = common.task_source(h, task_id)
            if source is None:
                st.error("找不到这项任务的原文（知识图谱可能刚刚更新，请刷新页面）。")
            else:
                plan_title, text = source
                st.caption(f"出自《{plan_title}》")
                with st.container(border=True):
                    st.text(text)  # as printed: no Markdown reading of 1. or *


def _unit_detail(h: common.StoreHandle, unit: Unit, rows: list[Assignment]) -> None:
    load = views.workload(rows)
    st.markdown(f"### {common.unit_label(unit)}")
    aliases = sorted({a.text for a in unit.aliases if a.text != unit.name})
    if aliases:
        st.caption("文件中的写法：" + "、".join(aliases))
    if not rows:
        st.info("这个单位在已载入的规划中没有分配任务。")
        return
    c = st.columns(5)
    c[0].metric("任务总数", load.total)
    c[1].metric("牵头", load.lead)
    c[2].metric("配合", load.support)
    c[3].metric("负责", load.responsible)
    c[4].metric("通过小组", load.via_group)
    annex = len({r.task_id for r in rows if r.kind == "annex_row"})
    note = f"，其中 {annex} 项是附件任务分工表中的条目" if annex else ""
    st.caption(f"分布在 {load.plans} 个规划中{note}。同一任务按一项计。")
    chart = views.workload_frame(rows)
    # a plain Vega-Lite spec: st.bar_chart would import altair (~0.2 s) on the first render
    st.vega_lite_chart(
        chart,
        {
            "mark": {"type": "bar"},
            "encoding": {
                "y": {"field": "规划", "type": "nominal", "title": None, "axis": {"labelLimit": 320}},
                "x": {"field": "任务数", "type": "quantitative", "stack": "zero"},
                "color": {"field": "角色", "type": "nominal"},
            },
        },
        width="stretch",
    )
    for group in views.group_by_plan(rows):
        n = len({r.task_id for r in group.rows})
        st.markdown(f"#### {group.plan_title}")
        st.caption(f"{group.period}　·　{n} 项任务" if group.period else f"{n} 项任务")
        st.dataframe(views.task_frame(group.rows), hide_index=True, width="stretch")
        _source_picker(h, unit, group)


def main() -> None:
    """Render the page."""
    st.title("责任单位任务查询")
    st.caption("输入单位名称的任意写法，查看它在国家、省、市、县各级规划中承担的任务。")
    h = common.ready_store()
    all_units = common.units(h)
    if not all_units:
        st.info("知识图谱中还没有责任单位。请在“上传”页添加规划文件。")
        return
    unit_ids = _pick_units(h, all_units)
    if not unit_ids:
        # the unit written the most ways is the best example of what the box accepts
        example = max((u for u in all_units if u.region and u.aliases), key=lambda u: len(u.aliases), default=None)
        hint = f"，例如“{example.aliases[0].text}”，并选择地区“{example.region}”" if example else ""
        st.info(f"请在上方输入单位名称{hint}。")
        return
    by_id = {u.id: u for u in all_units}
    units = [by_id[uid] for uid in unit_ids]
    rows = common.tasks_of_units(h, unit_ids)
    _downloads(h, units, rows)
    if len(units) > 1:
        _comparison(units, rows)
        tabs = st.tabs([views.short_title(u.name, 16) for u in units])
        for tab, unit in zip(tabs, units, strict=True):
            with tab:
                _unit_detail(h, unit, [r for r in rows if r.unit_id == unit.id])
    else:
        _unit_detail(h, units[0], rows)


if __name__ == "__main__":
    main()
