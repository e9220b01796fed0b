"""总览: every bureau at a glance.

All units of a region or a plan (or all), each with its tasks as lead, participant,
responsible and through a group — the same counts as the 责任单位 page, because both
use :func:`graph.queries.workload` — per plan and year. Sortable (click a column
header), filterable, downloadable (csv, xlsx), and one click to a bureau's page.
Overdue counts appear once the supervision ledger (台账) provides them.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from app_pages import answers, common, views
from app_pages.bureau import ALL_REGIONS, CSV_COLUMNS, _regions

__all__ = ["main"]

ALL_PLANS = "全部规划"
ALL_YEARS = "全部年份"


def _xlsx(frames: dict[str, pd.DataFrame]) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for name, frame in frames.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    return buf.getvalue()


def main() -> None:
    """Render the page."""
    st.title("单位任务总览")
    st.caption(
        "所有责任单位的任务数一览：牵头、配合、负责、通过小组，按规划和年份筛选；点列标题排序，点“查看”进入单位页面。"
    )
    h = common.ready_store()
    all_units = [u for u in common.units(h) if u.category != "generic"]
    if not all_units:
        st.info("知识图谱中还没有责任单位。请在“上传”页添加规划文件。")
        return
    plans = [p for p in common.plans(h) if not p.stub]
    by_plan = {p.id: p for p in plans}
    years = sorted(
        {y for p in plans if p.period_start and p.period_end for y in range(p.period_start, p.period_end + 1)}
    )
    c = st.columns([1, 2, 1, 1])
    region = c[0].selectbox("地区", [ALL_REGIONS, *_regions(all_units)], key="overview_region")
    plan_id = c[1].selectbox(
        "规划",
        [ALL_PLANS, *by_plan],
        format_func=lambda pid: pid if pid == ALL_PLANS else views.plan_label(by_plan[pid]),
        key="overview_plan",
    )
    year = c[2].selectbox("年份", [ALL_YEARS, *years], key="overview_year")
    name = c[3].text_input("单位名称包含", key="overview_name", placeholder="如：市场监管")
    only_busy = st.toggle("只列出有任务的单位", value=True, key="overview_busy")

    units = [u for u in all_units if region == ALL_REGIONS or u.region == region]
    if name.strip():
        units = [u for u in units if name.strip() in u.name or any(name.strip() in a.text for a in u.aliases)]
    by_unit = answers.assignments_by_unit(h)
    overdue = answers.overdue_counts(h, [u.id for u in units])
    frame = views.overview_frame(
        by_unit,
        units,
        plan_id=None if plan_id == ALL_PLANS else plan_id,
        year=None if year == ALL_YEARS else int(str(year)),
        overdue=overdue,
    )
    if only_busy:
        frame = frame[frame["任务总数"] > 0]
    frame = frame.sort_values(["任务总数", "单位"], ascending=[False, True], ignore_index=True)
    st.caption(f"{len(frame)} 个单位，合计 {int(frame['任务总数'].sum()) if len(frame) else 0} 项（单位×任务）。")
    shown = frame.assign(查看=[f"/?unit={uid}" for uid in frame["标识"]])
    st.dataframe(
        shown.drop(columns=["标识"]),
        hide_index=True,
        width="stretch",
        column_config={
            "查看": st.column_config.LinkColumn("查看", display_text="查看任务", help="打开该单位的任务页面"),
            "任务总数": st.column_config.NumberColumn(help="同一任务按一项计，含通过所属工作小组承担的任务"),
            "通过小组": st.column_config.NumberColumn(help="只通过所属工作小组承担的任务"),
        },
        key="overview_table",
    )
    ids = list(frame["标识"])
    names = dict(zip(frame["标识"], frame["单位"], strict=True))
    left, right = st.columns([3, 1])
    pick = left.selectbox(
        "打开单位的任务页面",
        ids,
        index=None,
        format_func=names.__getitem__,
        placeholder="选择或输入单位名称",
        key="overview_open",
    )
    if pick:
        right.page_link("app_pages/bureau.py", label=f"查看{names[pick]}的任务", icon=":material/arrow_forward:",
                        query_params={"unit": pick})  # fmt: skip

    with st.expander("按规划分列"):
        matrix = views.plan_matrix_frame(by_unit, [u for u in units if u.id in set(ids)], plans)
        st.dataframe(matrix, hide_index=True, width="stretch")

    export = frame.drop(columns=["标识"])
    columns = st.radio("CSV 表头", list(CSV_COLUMNS), format_func=CSV_COLUMNS.__getitem__, horizontal=True,
                       key="overview_csv_columns")  # fmt: skip
    d1, d2 = st.columns(2)
    d1.download_button(
        "下载总览（CSV）",
        data=lambda: _csv(export, columns),
        file_name="单位任务总览.csv",
        mime="text/csv",
        key="overview_csv",
        on_click="ignore",
        icon=":material/table:",
    )
    d2.download_button(
        "下载总览（Excel）",
        data=lambda: _xlsx({"单位任务总览": export, "按规划分列": views.plan_matrix_frame(by_unit, units, plans)}),
        file_name="单位任务总览.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="overview_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )


_CONTRACT = {
    "单位": "unit",
    "地区": "region",
    "层级": "level",
    "任务总数": "tasks",
    "牵头": "lead",
    "配合": "support",
    "负责": "responsible",
    "通过小组": "via_group",
    "规划数": "plans",
    "逾期": "overdue",
}


def _csv(frame: pd.DataFrame, columns: str) -> bytes:
    header = list(frame.columns)
    rows = frame.values.tolist()
    if columns == "contract":
        return answers.csv_file([_CONTRACT.get(c, c) for c in header], rows, "contract")
    return answers.csv_file(header, rows, "zh")


if __name__ == "__main__":
    main()
