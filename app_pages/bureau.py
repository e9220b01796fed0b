"""责任单位: which tasks does this bureau own?

The coordinator types a unit's name in whatever form they know; the best
match is shown with its tasks grouped by plan, the role it plays in each, and
whether it holds the task itself or through a working group it belongs to.
Several units can be compared side by side, and the answer downloaded as the
任务分工表 (xlsx) or as the contract's assignments csv.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import streamlit as st

from app_pages import answers, common, views
from app_pages.labels import LEVEL_ORDER, similarity_label
from graph.exports import ASSIGNMENT_COLUMNS, assignment_rows
from graph.model import Unit
from graph.rows import Assignment, UnitEntry
from graph.search import UnitLookup, UnitMatch

__all__ = ["ALL_REGIONS", "CSV_COLUMNS", "main"]

ALL_REGIONS = "全部地区"
#: With 全部地区 and no unit chosen, the comparison picker lists every unit only up to this
#: many (a province's 60 000 units in one list would be sent to the browser on every run).
COMPARE_ALL_MAX = 3000
#: The csv's header choice: Chinese with a BOM (opens right in Excel) or the contract's columns.
CSV_COLUMNS = {"zh": "中文表头", "contract": "英文字段（接口）"}


@st.cache_resource(show_spinner=False, max_entries=8)
def _directory_regions(_store: object, version: str, _units: Sequence[UnitEntry]) -> tuple[str, ...]:
    """:func:`_regions` of the store's directory, once per version (60 000 units at 10 000 plans)."""
    return tuple(_regions(_units))


def _regions(units: Sequence[Unit] | Sequence[UnitEntry]) -> list[str]:
    """Regions that have units, top level first."""
    level: dict[str, int] = {}
    for u in units:
        if u.region:
            level[u.region] = min(level.get(u.region, 9), LEVEL_ORDER.get(u.level or "", 9))
    return sorted(level, key=lambda r: (level[r], r))


def _score_text(score: float) -> str:
    """Similarity as people read it (高/中/低); the number is in the widget's hover help."""
    return similarity_label(score)


_LINKED = "_bureau_link_choice"


def _from_link(by_id: dict[str, UnitEntry]) -> bool:
    """``?unit=<id>`` (from the overview, the search page or a shared link): fill the search box
    with the unit's name and region, and remember that this name stands for this unit. True on
    the run that follows the link."""
    uid = st.query_params.get("unit")
    if not uid or st.session_state.get("_bureau_link") == uid or uid not in by_id:
        return False
    st.session_state["_bureau_link"] = uid
    unit = by_id[uid]
    st.session_state["bureau_query"] = unit.name
    st.session_state["bureau_region"] = unit.region or ALL_REGIONS
    st.session_state[_LINKED] = (unit.name, unit.region or ALL_REGIONS, uid)
    return True


def _linked_unit(query: str, region: str) -> str | None:
    """The unit a followed link named, while the box still holds its name and region."""
    link = st.session_state.get(_LINKED)
    return str(link[2]) if link and (link[0], link[1]) == (query, region) else None


def _match_picker(
    h: common.StoreHandle, by_id: dict[str, UnitEntry], query: str, region: str, linked: str | None, found: UnitLookup
) -> str | None:
    """The 匹配到的单位 box of a name that names one unit (or that a link named): the unit first,
    the other matches offered after it."""
    info = {m.unit.id: m for m in found.matches}
    options = list(dict.fromkeys([*([linked] if linked else []), *info]))

    def label(uid: str) -> str:
        m = info.get(uid)
        if m is None:
            return f"{common.unit_label(by_id[uid])}（链接指定的单位）"
        how = "" if m.matched == by_id[uid].name else f"，匹配“{m.matched}”"
        return f"{common.unit_label(by_id[uid])}（相似度{_score_text(m.score)}{how}）"

    numbers = "；".join(f"{m.unit.name} {m.score:.2f}" for m in found.matches)
    picked = st.selectbox(
        "匹配到的单位", options, format_func=label, key="bureau_match", help=("相似度：" + numbers) if numbers else None
    )
    return picked or options[0]


def _candidates_html(matches: tuple[UnitMatch, ...]) -> str:
    """The nearest units as a list, with region and 高/中/低 (the number on hover)."""
    items = "".join(
        f"<li>{html.escape(m.unit.name)}［{html.escape(m.unit.region or '地区不明')}］"
        f'<span title="相似度 {m.score:.2f}" style="margin-left:.5em;color:#555;cursor:help">'
        f"相似度{similarity_label(m.score)}</span></li>"
        for m in matches
    )
    return f'<ul style="margin:0 0 .5rem 1.2rem">{items}</ul>'


def _compare_options(
    units: Sequence[UnitEntry], region: str, chosen: list[str], by_id: dict[str, UnitEntry]
) -> list[str]:
    """What 并排对比其他单位 offers: the units of the region picked, else of the chosen units'
    regions, else (nothing chosen, 全部地区) every unit while they are few; the units already
    picked stay listed whatever the region."""
    picked = [uid for uid in st.session_state.get("bureau_compare", []) if uid in by_id]
    regions: set[str | None]
    if region != ALL_REGIONS:
        regions = {region}
    elif chosen:
        regions = {by_id[uid].region for uid in chosen if uid in by_id}
    else:
        return list(dict.fromkeys([*picked, *(u.id for u in units)])) if len(units) <= COMPARE_ALL_MAX else picked
    return list(dict.fromkeys([*picked, *(u.id for u in units if u.region in regions)]))


def _pick_units(h: common.StoreHandle, all_units: Sequence[UnitEntry]) -> tuple[list[str], Callable[[], None] | None]:
    """The search box, region filter and comparison picker → the unit ids to show, and what is
    left to draw once they are shown.

    Honest matching (:func:`graph.search.lookup_unit`): a name that names one unit shows it;
    several equally good matches in different regions are offered as a choice with nothing
    chosen; a name that matches no unit says so and lists the nearest units with their
    regions — none of them is shown until the coordinator picks it. A followed link (``?unit=``)
    names its unit: it is shown at once, and the matches of its name (the slowest answer of a
    fresh process: the unit registry is read) are drawn in their place after its tasks.
    """
    by_id = {u.id: u for u in all_units}
    followed = _from_link(by_id)
    left, right = st.columns([3, 1])
    text = left.text_input(
        "单位名称（简称、全称或别称均可）",
        key="bureau_query",
        placeholder="如：市市场监管局、市市场监督管理局、市知识产权局",
    )
    region = right.selectbox(
        "地区", [ALL_REGIONS, *_directory_regions(h.store, h.version, all_units)], key="bureau_region"
    )
    chosen: list[str] = []
    later: Callable[[], None] | None = None
    query = text.strip()
    linked = _linked_unit(query, region) if query else None
    if query and linked and followed:
        slot = st.container()
        chosen.append(linked)

        def draw_picker() -> None:
            with slot:
                _match_picker(h, by_id, query, region, linked, _lookup(h, query, region))

        later = draw_picker

    elif query:
        found = _lookup(h, query, region)
        info = {m.unit.id: m for m in found.matches}

        def hit_label(uid: str) -> str:
            m = info[uid]
            how = "" if m.matched == by_id[uid].name else f"，匹配“{m.matched}”"
            where = f"［{by_id[uid].region or '地区不明'}］" if found.status != "found" else ""
            return f"{common.unit_label(by_id[uid])}{where}（相似度{_score_text(m.score)}{how}）"

        numbers = "；".join(f"{m.unit.name} {m.score:.2f}" for m in found.matches)
        if linked:  # the link's unit, whatever else the name matches
            chosen.append(_match_picker(h, by_id, query, region, linked, found) or linked)
        elif found.status == "not_found":
            where = "" if region == ALL_REGIONS else f"在{region}"
            st.warning(
                f"没有找到{where}名为“{query}”的单位：已载入的规划中没有这个单位。"
                + ("下面是名称最接近的单位，它们不是同一个单位；如确有所指，请选择。" if found.matches else "")
                + ("" if region == ALL_REGIONS else f"也可以把地区设为“{ALL_REGIONS}”再查。"),
                icon=":material/search_off:",
            )
            if found.matches:
                st.html(_candidates_html(found.matches))
                picked = st.selectbox(
                    "最接近的单位",
                    [m.unit.id for m in found.matches],
                    index=None,
                    format_func=hit_label,
                    placeholder="选择一个单位（不选则不显示任务）",
                    key=f"bureau_candidate_{query}_{region}",
                    help="相似度：" + numbers,
                )
                if picked:
                    chosen.append(picked)
        elif found.status == "ambiguous":
            regions = "、".join(by_id[m.unit.id].region or "地区不明" for m in found.matches)
            st.info(
                f"“{query}”在 {len(found.matches)} 个地区都有（{regions}）。请选择其中一个，或在右侧选择地区。",
                icon=":material/alt_route:",
            )
            picked = st.selectbox(
                "匹配到的单位",
                [m.unit.id for m in found.matches],
                index=None,
                format_func=hit_label,
                placeholder="请选择是哪个地区的单位",
                key="bureau_choice",
                help="相似度：" + numbers,
            )
            if picked:
                chosen.append(picked)
        else:
            chosen.append(_match_picker(h, by_id, query, region, None, found) or found.matches[0].unit.id)
    others = st.multiselect(
        "并排对比其他单位",
        _compare_options(all_units, region, chosen, by_id),
        format_func=lambda uid: common.unit_label(by_id[uid]),
        key="bureau_compare",
        placeholder="选择要对比的单位（可多选）",
        help="列出所选地区的单位；未选地区时，列出已选单位所在地区的单位。",
    )
    return list(dict.fromkeys([*chosen, *others])), later


def _lookup(h: common.StoreHandle, query: str, region: str) -> UnitLookup:
    return answers.lookup_unit(h, query, None if region == ALL_REGIONS else region)


def _downloads(h: common.StoreHandle, units: list[Unit], rows: list[Assignment]) -> None:
    """Every file is built only when clicked, so none slows the page down."""
    stem = units[0].name if len(units) == 1 else f"{units[0].name}等{len(units)}个单位"
    ids = [u.id for u in units]
    c = st.columns([1, 1, 1, 1, 1])
    c[0].download_button(
        "下载任务分工表（Excel）",
        data=lambda: common.unit_table_xlsx(h, ids),
        file_name=f"{stem}任务分工表.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="bureau_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    c[1].download_button(
        "下载任务清单（Word）",
        data=lambda: answers.unit_table_docx(h, ids),
        file_name=f"{stem}任务清单.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="bureau_docx",
        on_click="ignore",
        icon=":material/description:",
    )
    columns = c[3].radio(
        "CSV 表头",
        list(CSV_COLUMNS),
        format_func=CSV_COLUMNS.__getitem__,
        key="bureau_csv_columns",
        horizontal=True,
        label_visibility="collapsed",
    )
    c[2].download_button(
        "下载任务清单（CSV）",
        data=lambda: answers.csv_file(ASSIGNMENT_COLUMNS, assignment_rows(rows), columns),
        file_name=f"{stem}任务清单.csv",
        mime="text/csv",
        key="bureau_csv",
        on_click="ignore",
        icon=":material/table:",
    )
    if len(units) == 1:
        c[4].page_link(
            "app_pages/print_view.py", label="打印视图", icon=":material/print:", query_params={"unit": units[0].id}
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
    # the tables go out first, the summary above them after: Streamlit sends elements in the
    # order they are made and places them where their container is, so the task tables are
    # painted without waiting for the counts, the bars and their components
    summary = st.container()
    for group in views.group_by_plan(rows):
        n = len({r.task_id for r in group.rows})
        st.markdown(f"#### {group.plan_title}")
        st.caption(f"{group.period}　·　{n} 项任务" if group.period else f"{n} 项任务")
        # an HTML table, painted with the page: a data grid is a component the browser must fetch
        # and start first (the first render of this page is measured: bench/browser_render.py)
        st.html(views.task_table_html(group.rows, group.plan_id))
        _source_picker(h, unit, group)
    with summary:
        ledger = answers.has_ledger()
        c = st.columns(6 if ledger else 5)
        c[0].metric("任务总数", load.total)
        c[1].metric("牵头", load.lead)
        c[2].metric("配合", load.support)
        c[3].metric("负责", load.responsible)
        c[4].metric("通过小组", load.via_group)
        annex = load.annex_rows
        note = f"，其中 {annex} 项是附件任务分工表中的条目" if annex else ""
        st.caption(f"分布在 {load.plans} 个规划中{note}。同一任务按一项计。")
        # plain HTML bars: a charting library (Vega, ~1 MB of script) would hold the page's first paint
        st.html(views.workload_bars_html(rows))
    if ledger:  # the supervision ledger's (台账) count last: it is the slowest answer here
        overdue = answers.overdue_counts(h, [unit.id])
        if overdue is not None:
            c[5].metric("逾期", overdue.get(unit.id, 0))


def main() -> None:
    """Render the page."""
    st.title("责任单位任务查询")
    st.caption("输入单位名称的任意写法，查看它在国家、省、市、县各级规划中承担的任务。")
    h = common.ready_store()
    all_units = common.unit_directory(h)
    if not all_units:
        st.info("知识图谱中还没有责任单位。请在“上传”页添加规划文件。")
        return
    unit_ids, later = _pick_units(h, all_units)
    if not unit_ids and str(st.session_state.get("bureau_query", "")).strip():
        return  # not found or a choice to make: said above; no other bureau's tasks are shown
    if not unit_ids:
        # the unit written the most ways is the best example of what the box accepts
        top = max((u for u in all_units if u.region and u.n_aliases), key=lambda u: u.n_aliases, default=None)
        example = common.units_by_ids(h, [top.id]).get(top.id) if top else None
        hint = f"，例如“{example.aliases[0].text}”，并选择地区“{example.region}”" if example and example.aliases else ""
        st.info(f"请在上方输入单位名称{hint}。")
        return
    found = common.units_by_ids(h, unit_ids)
    units = [found[uid] for uid in unit_ids if uid in found]
    unit_ids = [u.id for u in units]
    rows = common.tasks_of_units(h, unit_ids)
    files = st.container()  # drawn after the tables (see _unit_detail)
    if len(units) > 1:
        _comparison(units, rows)
        tabs = st.tabs([views.short_title(u.name, 16) for u in units])
        for tab, unit in zip(tabs, units, strict=True):
            with tab:
                _unit_detail(h, unit, [r for r in rows if r.unit_id == unit.id])
    else:
        _unit_detail(h, units[0], rows)
    with files:
        _downloads(h, units, rows)
    if later is not None:
        later()


if __name__ == "__main__":
    main()
