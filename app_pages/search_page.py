"""搜索: full-text search over every plan — task text, titles, units and indicators.

Simplified and traditional characters find each other (OpenCC, as the loader reads
documents); each result shows its sentence with the words highlighted, and links to
its plan and its bureaus. The CLI's ``plankg search TEXT`` gives the same results.
"""

from __future__ import annotations

import html

import streamlit as st

from app_pages import answers, common
from app_pages.labels import path_label
from graph.search import TextHit

__all__ = ["main"]

KINDS = {"task": "任务", "plan": "规划", "unit": "单位", "indicator": "指标"}
SHOWN = 60


def _sentence(hit: TextHit) -> str:
    s = hit.sentence
    return (
        html.escape(s[: hit.start])
        + f'<mark style="background:#ffe066;padding:0 1px">{html.escape(s[hit.start : hit.end])}</mark>'
        + html.escape(s[hit.end :])
    )


def _hit(hit: TextHit, n: int) -> None:
    with st.container(border=True, key=f"search_hit_{n}"):
        where = f"［{hit.region}］" if hit.region else ""
        if hit.kind == "task":
            st.markdown(f"**{html.escape(path_label(hit.path))} {html.escape(hit.title)}**　·　{where}{hit.plan_title}")
        elif hit.kind == "indicator":
            st.markdown(f"**指标：{html.escape(hit.title)}**　·　{where}{hit.plan_title}")
        elif hit.kind == "plan":
            st.markdown(f"**规划：{where}{html.escape(hit.title)}**")
        else:
            st.markdown(f"**单位：{html.escape(hit.title)}**{where}")
        st.html(f'<div style="line-height:1.7">{_sentence(hit)}</div>')
        links = st.columns(min(4, 1 + len(hit.unit_ids[:3])))
        i = 0
        if hit.plan_id:
            links[0].page_link("app_pages/plans.py", label="打开规划", icon=":material/account_tree:",
                               query_params={"plan": hit.plan_id})  # fmt: skip
            i = 1
        for uid, name in list(zip(hit.unit_ids, hit.units, strict=True))[: len(links) - i]:
            links[i].page_link("app_pages/bureau.py", label=name, icon=":material/badge:", query_params={"unit": uid})
            i += 1
        if len(hit.units) > len(links) - (1 if hit.plan_id else 0):
            st.caption("责任单位：" + "、".join(hit.units))


def main() -> None:
    """Render the page."""
    st.title("全文搜索")
    st.caption("在所有规划的任务原文、标题、单位和指标中查找；简体、繁体均可。")
    h = common.ready_store()
    text = st.text_input("查找内容", key="search_query", placeholder="如：知识产权保护、專利導航、高价值发明专利")
    if not text.strip():
        st.info("请输入要查找的词语。")
        return
    hits = answers.search_text(h, text.strip())
    if not hits:
        st.warning(f"没有找到“{text.strip()}”。")
        return
    counts = {k: sum(1 for x in hits if x.kind == k) for k in KINDS}
    plans = len({x.plan_id for x in hits if x.plan_id})
    st.markdown(
        f"找到 **{len(hits)}** 条，涉及 **{plans}** 个规划："
        + "，".join(f"{KINDS[k]} {n}" for k, n in counts.items() if n)
    )
    kinds = st.pills(
        "类别",
        [k for k, n in counts.items() if n],
        format_func=KINDS.__getitem__,
        selection_mode="multi",
        default=[k for k, n in counts.items() if n],
        key="search_kinds",
    )
    plan_titles = sorted({x.plan_title for x in hits if x.plan_title})
    in_plans = st.multiselect("只看这些规划", plan_titles, key="search_plans", placeholder="全部规划（可多选）")
    shown = [x for x in hits if x.kind in (kinds or []) and (not in_plans or x.plan_title in in_plans)]
    for n, hit in enumerate(shown[:SHOWN]):
        _hit(hit, n)
    if len(shown) > SHOWN:
        st.caption(f"只显示前 {SHOWN} 条（共 {len(shown)} 条）；请缩小范围，或用命令 plankg search 导出全部。")


if __name__ == "__main__":
    main()
