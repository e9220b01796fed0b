"""台账: the supervision ledger — progress per task × unit, traffic lights, versions of a plan.

Filter by plan, bureau, status, light and due window; edit a row's progress (a new record:
nothing is overwritten) and read the row's history; download the 台账 or the 催办清单 (xlsx,
csv) and import a 台账 a bureau filled in; and, for a plan loaded in several versions, what
changed between two of them and each bureau's workload change. "Today" is the date picker's
(default ``$PLANKG_TODAY``, else the real day). Only ``graph.ledger*`` and ``graph.plan_diff``
are called.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from app_pages import auth, common
from graph.ledger import (
    DEFAULT_WARN_DAYS,
    LIGHT_LABELS,
    LIGHT_MEANINGS,
    LIGHTS,
    STATUSES,
    Ledger,
    LedgerError,
    LedgerRow,
    PlanVersion,
    env_today,
)
from graph.ledger_xlsx import import_ledger_xlsx, ledger_csv, ledger_xlsx
from graph.plan_diff import diff_versions

__all__ = ["main"]

_DOT = {"red": "🔴", "yellow": "🟡", "green": "🟢", "grey": "⚪"}
_ALL = "全部"
_NOT_REPORTED = "未填报"
_WINDOWS = {"不限": None, "已逾期": 0, "7 天内": 7, "30 天内": 30, "90 天内": 90}
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _frame(rows: list[LedgerRow]) -> list[dict[str, object]]:
    return [
        {
            "督办灯": f"{_DOT[r.light]} {LIGHT_LABELS[r.light]}",
            "规划": r.plan_title,
            "编号": r.path,
            "任务": r.title or r.task[:40],
            "填报单位": (r.unit or "（未明确）") + (f"（经{r.via_group}）" if r.via_group else ""),
            "完成时限": r.deadline,
            "状态": r.status or _NOT_REPORTED,
            "进展情况": r.note,
            "存在问题": r.problems,
            "下步打算": r.next_steps,
            "说明": r.light_reason,
            "更新时间": r.updated_at[:16].replace("T", " "),
        }
        for r in rows
    ]


def _row_label(r: LedgerRow) -> str:
    return f"{_DOT[r.light]} {r.path} {r.title or r.task[:24]} — {r.unit or '（未明确）'}"


def _edit(ledger: Ledger, rows: list[LedgerRow]) -> None:
    st.subheader("填报进展")
    if not rows:
        st.info("没有符合条件的台账行。")
        return
    by_id = {r.row_id: r for r in rows}
    rid = st.selectbox("选择台账行", list(by_id), format_func=lambda x: _row_label(by_id[x]), key="ledger_row")
    row = by_id[rid]
    if not auth.can_edit():
        st.info("登录后可以填报进展。")
    k = rid.replace("|", "_")
    with st.form(f"ledger_form_{k}"):
        left, right = st.columns([1, 1])
        index = STATUSES.index(row.status) if row.status else 1
        status = left.selectbox("状态", STATUSES, index=index, key=f"ledger_s_{k}")
        percent = right.number_input("完成进度（%）", 0, 100, value=row.percent or 0, step=5, key=f"ledger_p_{k}")
        note = st.text_area("进展情况", value=row.note, key=f"ledger_n_{k}")
        problems = st.text_area("存在问题", value=row.problems, key=f"ledger_q_{k}")
        next_steps = st.text_area("下步打算", value=row.next_steps, key=f"ledger_x_{k}")
        who = st.text_input("填报人", value=row.reported_by, key=f"ledger_w_{k}")
        if st.form_submit_button("保存进展", icon=":material/save:") and auth.require_editor():
            try:
                ledger.set_progress(
                    row.task_id,
                    row.unit_id,
                    status,
                    note=note,
                    problems=problems,
                    next_steps=next_steps,
                    percent=int(percent),
                    reported_by=who,
                    recorded_by=auth.who(),
                    origin="app",
                )
            except LedgerError as exc:
                st.error(str(exc))
            else:
                st.session_state["ledger_saved"] = f"已保存：{row.path} {row.unit or ''} → {status}"
                st.rerun()
    history = ledger.history(row.key, row.unit_id)
    with st.expander(f"历史记录（{len(history)} 条）", expanded=bool(history)):
        if history:
            st.dataframe(
                [
                    {
                        "记录时间": h.recorded_at.replace("T", " "),
                        "状态": h.status,
                        "进展情况": h.note,
                        "存在问题": h.problems,
                        "下步打算": h.next_steps,
                        "进度": "" if h.percent is None else f"{h.percent}%",
                        "填报人": h.reported_by,
                        "记录人": h.recorded_by,
                        "来源": h.origin,
                    }
                    for h in reversed(history)
                ],
                hide_index=True,
                width="stretch",
            )
        else:
            st.caption("这一行还没有填报记录。")


def _downloads(rows: list[LedgerRow], title: str, with_unit: bool) -> None:
    red = [r for r in rows if r.light == "red"]
    c = st.columns(3)
    c[0].download_button(
        "下载台账（Excel）",
        data=lambda: ledger_xlsx(rows, f"{title}督查督办台账", with_unit=with_unit),
        file_name=f"{title}督查督办台账.xlsx",
        mime=_XLSX,
        key="ledger_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    c[1].download_button(
        "下载台账（CSV）",
        data=lambda: ledger_csv(rows, with_unit=with_unit).encode("utf-8"),
        file_name=f"{title}督查督办台账.csv",
        mime="text/csv",
        key="ledger_csv",
        on_click="ignore",
        icon=":material/table:",
    )
    c[2].download_button(
        f"下载催办清单（{len(red)} 项逾期）",
        data=lambda: ledger_xlsx(red, f"{title}催办清单", with_unit=True),
        file_name=f"{title}催办清单.xlsx",
        mime=_XLSX,
        key="ledger_overdue",
        on_click="ignore",
        icon=":material/notification_important:",
        disabled=not red,
    )


def _import(ledger: Ledger) -> None:
    with st.expander("导入各单位填报的台账（Excel）"):
        up = st.file_uploader("选择填好的台账文件", type=["xlsx"], key="ledger_upload")
        if (
            up is not None
            and st.button("导入", key="ledger_import", icon=":material/upload:")
            and auth.require_editor()
        ):
            try:
                report = import_ledger_xlsx(ledger, up.getvalue(), up.name, recorded_by=auth.who())
            except LedgerError as exc:
                st.error(str(exc), icon=":material/error:")
            else:
                for line in report.lines():
                    st.write(line)


def _diff(ledger: Ledger) -> None:
    st.subheader("规划版本对比")
    by_source: dict[str, list[PlanVersion]] = {}
    for v in ledger.versions():
        by_source.setdefault(v.source, []).append(v)
    several = {s: vs for s, vs in by_source.items() if len(vs) > 1}
    if not several:
        st.caption("载入同一规划文件的新版本后，这里列出两版之间新增、删除、调整的任务和各单位任务量的变化。")
        return
    source = st.selectbox(
        "规划", list(several), format_func=lambda s: f"{several[s][-1].title}（{s}）", key="ledger_diff_plan"
    )
    versions = several[source or next(iter(several))]
    labels = {v.seq: f"第 {v.seq} 版（{v.seen_at[:10]}）" for v in versions}
    left, right = st.columns(2)
    a = left.selectbox("旧版", list(labels), index=len(labels) - 2, format_func=labels.__getitem__, key="ledger_a")
    b = right.selectbox("新版", list(labels), index=len(labels) - 1, format_func=labels.__getitem__, key="ledger_b")
    old = next(v for v in versions if v.seq == a)
    new = next(v for v in versions if v.seq == b)
    d = diff_versions(old, new)
    s = d.summary()
    c = st.columns(6)
    for col, (label, n) in zip(
        c,
        [
            ("新增", s["added"]),
            ("删除", s["removed"]),
            ("表述调整", s["reworded"]),
            ("编号调整", s["renumbered"]),
            ("责任单位增减", s["owner_added"] + s["owner_removed"]),
            ("时限调整", s["deadline_moved"]),
        ],
        strict=True,
    ):
        col.metric(label, n)
    st.dataframe(
        [
            {"变化": ch.label, "原编号": ch.old_path, "新编号": ch.new_path, "任务": ch.title, "说明": ch.detail}
            for ch in d.changes
        ],
        hide_index=True,
        width="stretch",
    )
    if d.workload:
        st.markdown("**各单位任务量变化**")
        st.dataframe(
            [{"单位": u, "增加": f"+{p}", "减少": f"−{m}"} for u, (p, m) in d.workload.items()],
            hide_index=True,
            width="stretch",
        )


def main() -> None:
    """Render the page."""
    st.title("督查督办台账")
    st.caption("按任务和责任单位填报进展；红灯逾期，黄灯临期或进度滞后，绿灯正常推进，灰灯无完成时限。")
    h = common.ready_store()
    ledger = Ledger(h.store)
    saved = st.session_state.pop("ledger_saved", None)
    if saved:
        st.success(saved, icon=":material/check_circle:")
    plans = [p for p in common.plans(h) if not p.stub]
    if not plans:
        st.info("还没有载入规划。请在“上传”页添加规划文件。")
        return
    units = common.units(h)
    c = st.columns([3, 3, 2, 2])
    plan_id = c[0].selectbox(
        "规划", [_ALL, *[p.id for p in plans]], format_func=lambda x: x if x == _ALL else next(
            p.title for p in plans if p.id == x), key="ledger_plan"
    )  # fmt: skip
    unit_id = c[1].selectbox(
        "责任单位", [_ALL, *[u.id for u in units]], format_func=lambda x: x if x == _ALL else next(
            common.unit_label(u) for u in units if u.id == x), key="ledger_unit"
    )  # fmt: skip
    statuses = c[2].multiselect("状态", [_NOT_REPORTED, *STATUSES], key="ledger_status", placeholder="全部")
    window = c[3].selectbox("到期", list(_WINDOWS), key="ledger_window")
    c2 = st.columns([2, 2, 4])
    today = c2[0].date_input("今天", value=env_today() or date.today(), key="ledger_today")
    warn = c2[1].number_input("临期提醒（天）", 1, 365, DEFAULT_WARN_DAYS, key="ledger_warn")
    lights = c2[2].multiselect(
        "督办灯", list(LIGHTS), format_func=lambda x: f"{_DOT[x]} {LIGHT_LABELS[x]}", key="ledger_lights",
        placeholder="全部",
    )  # fmt: skip
    rows = ledger.rows(
        plan_ids=None if plan_id == _ALL else [plan_id],
        unit_ids=None if unit_id == _ALL else [unit_id],
        statuses=["" if s == _NOT_REPORTED else s for s in statuses] or None,
        lights=lights or None,
        due_within=_WINDOWS[window],
        today=today if isinstance(today, date) else None,
        warn_days=int(warn),
    )
    m = st.columns(5)
    m[0].metric("台账行", len(rows))
    for col, which in zip(m[1:], LIGHTS, strict=True):
        col.metric(f"{_DOT[which]} {LIGHT_LABELS[which]}", sum(1 for r in rows if r.light == which))
        col.caption(LIGHT_MEANINGS[which])
    st.dataframe(_frame(rows), hide_index=True, width="stretch", key="ledger_table")
    title = "全部规划"
    if unit_id != _ALL:
        title = next(u.name for u in units if u.id == unit_id)
    elif plan_id != _ALL:
        title = next(p.title for p in plans if p.id == plan_id)
    _downloads(rows, title, unit_id == _ALL)
    _import(ledger)
    _edit(ledger, rows)
    _diff(ledger)


if __name__ == "__main__":
    main()
