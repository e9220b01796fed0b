"""指标: one metric across plans and levels.

The same target (e.g. 每万人口高价值发明专利拥有量) is set by the province,
the city and the county; side by side a coordinator sees whether the lower
targets add up. Doubtful printed values keep the loader's flag in plain sight
rather than being corrected or dropped.
"""

from __future__ import annotations

from collections import Counter

import altair as alt
import streamlit as st

from app_pages import common, views
from app_pages.labels import LEVEL_LABELS, label
from graph.rows import IndicatorRow

__all__ = ["main"]


def _chart(rows: list[IndicatorRow]) -> None:
    """Targets side by side; a doubtful value is drawn in red and labelled, never dropped."""
    data = views.target_chart_frame(rows)
    if data.empty:
        st.caption("这些指标没有可绘制的数值目标。")
        return
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("规划:N", sort=None, title=None, axis=alt.Axis(labelLimit=360)),
            x=alt.X("目标值:Q", title="目标值"),
            color=alt.Color(
                "状态:N", scale=alt.Scale(domain=["正常", "存疑"], range=["#4c78a8", "#e45756"]), title=None
            ),
            tooltip=["规划", "标注"],
        )
    )
    labels = bars.mark_text(align="left", dx=4, color="#333333").encode(text="标注:N")
    st.altair_chart(bars + labels, width="stretch")


def main() -> None:
    """Render the page."""
    st.title("指标对比")
    st.caption("同一指标在各级规划中的基期值和目标值。标有 ⚠ 的数值来自原文但可能有误（如小数点缺失），请核对原文。")
    h = common.ready_store()
    all_rows = common.indicator_rows(h)
    if not all_rows:
        st.info("已载入的规划中还没有识别出量化指标。")
        return
    plans_per_metric = Counter(metric for metric, _ in {(r.metric, r.plan_id) for r in all_rows})
    metrics = sorted(plans_per_metric, key=lambda m: (-plans_per_metric[m], m))
    metric = st.selectbox(
        "选择指标",
        metrics,
        format_func=lambda m: f"{m}（{plans_per_metric[m]} 个规划）",
        key="indicators_metric",
    )
    rows = common.indicator_rows(h, metric)
    frame = views.indicator_frame(rows)
    flagged = [r for r in rows if r.flag]
    levels = "、".join(dict.fromkeys(label(LEVEL_LABELS, r.level) for r in rows if r.level))
    st.caption(f"{len(rows)} 条，涉及层级：{levels or '—'}")
    if flagged:
        st.warning("；".join(f"⚠ {r.plan_title}：{r.name} 目标值“{r.target}”— {r.flag}" for r in flagged))
    st.dataframe(frame, hide_index=True, width="stretch")
    _chart(rows)
    with st.expander("原文出处"):
        for r in rows:
            if r.quote:
                st.caption(f"{r.plan_title} · {r.name}")
                st.text(r.quote)
    with st.expander(f"全部指标（{len(all_rows)} 条）"):
        st.dataframe(views.indicator_frame(all_rows), hide_index=True, width="stretch")
        st.download_button(
            "下载全部指标（CSV）",
            data=lambda: common.indicator_csv(h),
            file_name="指标.csv",
            mime="text/csv",
            key="indicators_csv",
            on_click="ignore",
        )


if __name__ == "__main__":
    main()
