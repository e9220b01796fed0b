"""审核: a person confirms or rejects the unit matches a machine was unsure of.

Matches made by fuzzy similarity and mentions no rule could resolve are
listed here. Each decision is written to the alias-decisions file (which the
loader reads on every build) and the graph is rebuilt at once, so the
bureau page reflects it immediately and the next load keeps it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import answers, auth, common
from app_pages.labels import similarity_label
from graph.decisions import Action, Decision, save_decision
from graph.model import Alias, Unit

__all__ = ["main"]

CONFIRM = "确认：这个写法指的就是该单位"
REJECT = "拒绝：这个写法不是该单位"
ASSIGN = "改正：这个写法指的是另一个单位"
MERGE = "合并：该单位与另一个单位是同一个单位"
NOT_UNIT = "不是单位：这个写法不是责任单位（从任务中删去）"
#: What each choice needs: the decision's action, and whether a target unit is picked.
_CHOICES: dict[str, tuple[Action, bool]] = {
    CONFIRM: ("confirm", False),
    REJECT: ("reject", False),
    ASSIGN: ("confirm", True),
    MERGE: ("merge", True),
    NOT_UNIT: ("not_unit", False),
}
_METHODS = {
    "exact": "完全一致",
    "rule": "规则",
    "fuzzy": "相似度匹配",
    "decision": "人工决定",
    "unresolved": "未识别",
    "pattern": "按名称格式推断",
}


def _reason(unit: Unit) -> str:
    if unit.flagged:
        return "未识别"
    return "相似度匹配"


def _doubtful(unit: Unit) -> list[Alias]:
    """The aliases a person should look at (all of them for an unresolved unit)."""
    picked = [a for a in unit.aliases if a.method in ("fuzzy", "pattern", "unresolved")]
    return picked or list(unit.aliases)


def _alias_table(unit: Unit) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "写法": a.text,
                "出处": a.source,
                "匹配方式": _METHODS.get(a.method, a.method),
                "相似度": similarity_label(a.score),
            }
            for a in unit.aliases
        ],
        columns=["写法", "出处", "匹配方式", "相似度"],
    )


def _decision(unit: Unit, alias: Alias, region: str, choice: str, target: Unit | None) -> Decision:
    """The reviewer's choice as a decision record (see graph.decisions for the actions)."""
    action, needs_target = _CHOICES[choice]
    if action == "merge" and target is not None:
        return Decision(action="merge", unit=unit.id, into=target.id)
    if action == "not_unit":
        return Decision(action="not_unit", alias=alias.text, region=region, unit=unit.id)
    into_unit = target if needs_target and target is not None else unit
    return Decision(action=action, alias=alias.text, region=region, unit=into_unit.id)


def main() -> None:
    """Render the page."""
    st.title("单位匹配审核")
    st.caption("以下单位名称是按相似度匹配或未能识别的。请逐条确认，决定会保存并立即生效，以后载入文件时也会沿用。")
    h = common.ready_store()
    if not auth.require_editor():
        return
    done = st.session_state.pop("review_done", None)
    if done:
        st.success(done)
    pending = common.units(h, flagged_only=True)
    if not pending:
        st.info("没有需要审核的单位匹配。")
        return
    st.metric("待审核", len(pending))
    by_id = {u.id: u for u in pending}
    unit_id = st.selectbox(
        "选择单位",
        list(by_id),
        format_func=lambda uid: (
            f"{common.unit_label(by_id[uid])}［{by_id[uid].region or '地区不明'}，{_reason(by_id[uid])}］"
        ),
        key="review_unit",
    )
    unit = by_id[unit_id]
    numbers = "；".join(f"{a.text} {a.score:.2f}" for a in unit.aliases if a.score is not None)
    help_text = "高：≥0.90，中：≥0.75，低：<0.75" + (f"。{numbers}" if numbers else "")
    st.dataframe(
        _alias_table(unit),
        hide_index=True,
        width="stretch",
        column_config={"相似度": st.column_config.TextColumn(help=help_text)},
    )
    aliases = _doubtful(unit)
    index = st.selectbox(
        "要审核的写法",
        range(len(aliases)),
        format_func=lambda i: f"“{aliases[i].text}”（{aliases[i].source}）",
        key="review_alias",
    )
    choices = [ASSIGN, MERGE, NOT_UNIT] if unit.flagged else list(_CHOICES)
    choice = st.radio("决定", choices, key="review_action")
    target: Unit | None = None
    if _CHOICES[choice][1]:
        everyone = {u.id: u for u in common.units(h) if u.id != unit.id and not u.flagged}
        picked = st.selectbox(
            "正确的单位",
            list(everyone),
            index=None,
            format_func=lambda uid: everyone[uid].name,
            placeholder="选择正确的单位（可输入文字筛选）",
            key="review_target",
        )
        target = everyone[picked] if picked else None
    alias = aliases[index]
    regions = {p.source: p.region for p in common.plans(h) if p.source}
    region = regions.get(alias.source) or unit.region or ""
    missing = _CHOICES[choice][1] and target is None
    if st.button("保存决定并重新计算", type="primary", key="review_save", disabled=missing):
        decision = _decision(unit, alias, region, choice, target)
        with st.spinner("正在保存并重建知识图谱…"):
            save_decision(common.decisions_path(), decision)
            common.rebuild(h)
        answers.log(h, "decision", decision={k: v for k, v in decision.__dict__.items() if v})
        verb = choice.split("：")[0]
        st.session_state["review_done"] = f"已保存（{verb}）：“{alias.text}”" + (f" → {target.name}" if target else "")
        st.rerun()


if __name__ == "__main__":
    main()
