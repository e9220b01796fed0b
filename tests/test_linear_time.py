"""Every per-document stage runs in time linear in its input, whatever the input.

Hypothesis builds adversarial text from the pieces that once made a stage freeze — runs of
spaces (``pdftotext -layout`` tables), brackets, numbering markers (一、 （一） 1. 专栏),
digits, punctuation, label words — repeated to a size ``n``; each stage is timed on ``n``
and ``4n`` characters (best of three, ``time.perf_counter``). Quadrupling the input may at
most multiply the time by 8 (linear: 4; a quadratic scan: 16 — the factor two of headroom is
for a busy machine, where a millisecond measurement can double), and the time stays under
a budget per MB.
Sizes are chosen so a linear stage takes a few milliseconds: far above timer noise, and the
whole module runs in seconds. ``bench/regex_worst.py`` prints the figures of the known worst
cases before and after they were fixed.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from graph.errors import PlankgError
from graph.model import Plan, PlanDoc
from loaders.annex import extract_annex_rows
from loaders.clean import clean
from loaders.duties import find_clauses
from loaders.indicator_sentences import find_sentence_indicators
from loaders.indicator_tables import find_table_indicators
from loaders.indicators import load_vocabulary
from loaders.metadata import extract_metadata
from loaders.outline import build_outline
from loaders.pipeline import parse_document

HEAD = "某某市知识产权保护和运用工作方案\n一、重点任务\n（一）加强知识产权保护，推动经济社会高质量发展。\n"
CONTEXTS = (
    "",  # the stage's own text
    "指标 2020年基期值 2025年目标值 属性\n专利拥有量",  # inside an indicator table row
    "附件\n任务分工表\n序号 重点任务 责任部门 完成时限\n1.推进工作。",  # inside an annexed table
    "（责任单位：",  # inside a responsibility clause
    "标题: ",  # a metadata line
)
PIECES = (
    " ", "\u3000", "\t", "\n", "（", "）", "(", ")", "【", "】", "[", "]", "〔", "《", "》",
    "一、", "（一）", "(1)", "1.", "1、", "1 ", "①", "第一章", "专栏", "专栏1", "附件", "注：", "抄送：",
    "1", "2025", "10.2", "2020年", "到2025年", "3-5", "%", "件", "万元", "≥", "--", "——", "-", "|", "/",
    "。", "，", "、", "；", "：", ":", ".", "…", "“", "”",
    "责任单位：", "牵头单位：", "配合单位", "完成时限：", "牵头", "负责", "会同", "由", "市局", "市市场监管局",
    "各有关部门", "指标", "基期值", "预期值", "属性", "预期性", "约束性", "达到", "不低于", "以上", "新增",
    "[bookmark:", "第3页", "标题", "文号:", "根据", "关于印发", "的通知", "人民政府", "规划", "方案",
)  # fmt: skip

_PHRASES = load_vocabulary().phrases


def _annex(text: str) -> object:
    return extract_annex_rows(PlanDoc(plan=Plan(id="p", title="t", source="s", sha256="", text=text), sections=[]))


def _parse(text: str) -> object:
    try:
        return parse_document(text.encode("utf-8"), "linear.txt")
    except PlankgError:
        return None


#: stage -> (function, n in characters, budget in seconds per MB of input)
STAGES: dict[str, tuple[Callable[[str], object], int, float]] = {
    "clean": (clean, 16_000, 30.0),
    "outline": (lambda t: build_outline(t, "p"), 8_000, 30.0),
    "duties": (find_clauses, 8_000, 60.0),
    "indicator_tables": (lambda t: find_table_indicators(t, _PHRASES, 2025), 8_000, 30.0),
    "indicator_sentences": (lambda t: find_sentence_indicators(t, _PHRASES, 2025, []), 8_000, 30.0),
    "annex": (_annex, 16_000, 30.0),
    "metadata": (lambda t: extract_metadata(t, "linear.txt", "p", ""), 8_000, 60.0),
    "parse_document": (_parse, 4_000, 150.0),
}
#: Times below this are noise on a busy machine, whatever their ratio.
FLOOR = 0.010
#: The small input is grown until it takes at least this long (a ratio of noise is no ratio).
SMALL_ENOUGH = 0.020


def best_of_3(fn: Callable[[str], object], text: str) -> float:
    best = float("inf")
    gc.collect()
    gc.disable()  # a collection in one run and not the other is noise, not growth
    try:
        for _ in range(3):
            start = time.perf_counter()
            fn(text)
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def sized(context: str, unit: str, n: int) -> str:
    """``HEAD + context`` then ``unit`` repeated to ``n`` characters in all."""
    body = n - len(HEAD) - len(context)
    return HEAD + context + (unit * (body // len(unit) + 1))[:body]


def assert_linear(stage: str, context: str, unit: str) -> None:
    fn, n, budget = STAGES[stage]
    fn(HEAD)  # vocabularies and registries loaded before anything is timed
    # grow the small input until its time is well above timer and scheduler noise
    while n < 64 * STAGES[stage][1] and best_of_3(fn, sized(context, unit, n)) < SMALL_ENOUGH:
        n *= 2
    small, large = sized(context, unit, n), sized(context, unit, 4 * n)
    t_small = t_large = float("inf")
    for attempt in range(4):  # a busy machine may stall a measurement: measure again, keep the best
        t_small, t_large = min(t_small, best_of_3(fn, small)), min(t_large, best_of_3(fn, large))
        per_mb = t_large / (len(large) / 1e6)
        if (t_large <= 8 * t_small or t_large < FLOOR) and per_mb <= budget:
            return
        if attempt == 3:
            raise AssertionError(
                f"{stage}: {unit[:40]!r}×… after {context!r}: {t_small * 1000:.1f} ms for {len(small)} chars, "
                f"{t_large * 1000:.1f} ms for {len(large)} ({t_large / max(t_small, 1e-9):.1f}×; "
                f"{per_mb:.1f} s/MB, budget {budget} s/MB)"
            )


units = st.lists(
    st.tuples(st.sampled_from(PIECES), st.integers(min_value=1, max_value=40)), min_size=1, max_size=6
).map(lambda parts: "".join(piece * times for piece, times in parts))
long_runs = st.tuples(st.sampled_from(PIECES), st.sampled_from(("一", "x", "。", "\n", ""))).map(
    lambda pair: pair[0] * 4000 + pair[1]  # one piece repeated past any bound, then something else
)


@pytest.mark.parametrize("stage", list(STAGES))
@settings(
    max_examples=8,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: a timing is not worth re-running
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(context=st.sampled_from(CONTEXTS), unit=st.one_of(units, long_runs))
def test_quadrupling_the_input_at_most_octuples_the_time(stage: str, context: str, unit: str):
    assert_linear(stage, context, unit)


#: The worst cases found by hand (bench/regex_worst.py prints their figures), kept as examples.
KNOWN = [
    ("indicator_tables", "指标 基期值 预期值\n专利拥有量", " "),  # 300 spaces never finished
    ("indicator_tables", "", "指标 基期值 预期值 "),
    ("indicator_tables", "指标 2020", " "),
    ("indicator_sentences", "", "达到10件"),
    ("indicator_sentences", "", "有10件"),
    ("indicator_sentences", "（", "预期性"),
    ("clean", "", "[bookmark:"),
    ("clean", "第3页", " "),
    ("duties", "", "责任单位："),
    ("parse_document", "", "（"),
    ("parse_document", "", "（责任单位："),
    ("metadata", "", "某某规划\n"),
    ("metadata", "标题: a", " "),
    ("annex", "附件\n任务分工表\n序号 重点任务 责任部门 完成时限\n1.推进工作。", "； "),
    ("parse_document", "", "1.推进。（责任单位：市局）\n"),
    ("parse_document", "1.推进。", "专利达到10件，"),
]


@pytest.mark.parametrize(("stage", "context", "unit"), KNOWN)
def test_the_known_worst_cases_are_linear(stage: str, context: str, unit: str):
    assert_linear(stage, context, unit)
