"""Worst cases of the per-document stages: time per input size on adversarial text.

Each case is text built to hit one scan's worst case (a run of spaces in an indicator
table row, a line of unclosed ``[bookmark:``, thousands of labels on one line …). For
each size the script prints the best of three runs and the growth from the previous
size: a linear scan grows about ×2 per doubling, a quadratic one ×4. A run is stopped
after ``--limit`` seconds (printed as ``>limit``).

    .venv/bin/python bench/regex_worst.py            # every case
    .venv/bin/python bench/regex_worst.py itable     # cases whose name contains "itable"
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
ITABLE = "指标 2020年基期值 2025年目标值 属性\n"
ANNEX = "附件\n任务分工表\n序号 重点任务 责任部门 完成时限\n"


def _annex(text: str) -> object:
    plan = Plan(id="p", title="t", source="s", sha256="", text=text)
    return extract_annex_rows(PlanDoc(plan=plan, sections=[], tasks=[]))


def _parse(text: str) -> object:
    try:
        return parse_document(text.encode("utf-8"), "worst.txt")
    except PlankgError:
        return None


_PHRASES = load_vocabulary().phrases
STAGES: dict[str, Callable[[str], object]] = {
    "clean": clean,
    "outline": lambda t: build_outline(t, "p"),
    "duties": find_clauses,
    "metadata": lambda t: extract_metadata(t, "worst.txt", "p", ""),
    "itables": lambda t: find_table_indicators(t, _PHRASES, 2025),
    "isentences": lambda t: find_sentence_indicators(t, _PHRASES, 2025, []),
    "annex": _annex,
    "parse": _parse,
}

#: (name, stage, text of size n, sizes)
CASES: list[tuple[str, str, Callable[[int], str], tuple[int, ...]]] = [
    (
        "itable row padded with n spaces",
        "itables",
        lambda n: ITABLE + "专利拥有量" + " " * n + "件 x\n",
        (40, 80, 150, 300, 100_000),
    ),
    (
        "itable header repeated on one line",
        "itables",
        lambda n: ("指标 基期值 预期值 " * (n // 12)) + "\n",
        (10_000, 20_000, 40_000, 200_000),
    ),
    (
        "itable header, n spaces after 2020",
        "itables",
        lambda n: "指标 2020" + " " * n + "x\n",
        (1_000, 2_000, 4_000, 100_000),
    ),
    ("n/5 targets in one clause", "isentences", lambda n: "达到10件" * (n // 5), (10_000, 20_000, 40_000, 200_000)),
    ("n/3 non-targets in one clause", "isentences", lambda n: "有10件" * (n // 4), (10_000, 20_000, 40_000, 200_000)),
    (
        "（ then n/3 预期性 (a note never closed)",
        "isentences",
        lambda n: "（" + "预期性" * (n // 3),
        (10_000, 20_000, 40_000, 200_000),
    ),
    (
        "n/10 unclosed [bookmark: on one line",
        "clean",
        lambda n: "[bookmark:" * (n // 10),
        (20_000, 40_000, 80_000, 400_000),
    ),
    ("page number with n spaces", "clean", lambda n: "第3页" + " " * n + "x\n", (2_000, 4_000, 8_000, 400_000)),
    (
        "n/5 责任单位： on one line",
        "duties",
        lambda n: "责任单位：" * (n // 5) + "\n",
        (100_000, 200_000, 400_000, 1_000_000),
    ),
    ("n （", "parse", lambda n: HEAD + "（" * n, (100_000, 200_000, 1_000_000)),
    ("n/6 （责任单位：", "parse", lambda n: HEAD + "（责任单位：" * (n // 6), (20_000, 40_000, 120_000)),
    (
        "n/3 short title lines before 一、",
        "metadata",
        lambda n: "某某规划\n" * (n // 5) + "一、总则\n",
        (5_000, 10_000, 20_000, 200_000),
    ),
    (
        "metadata line 标题: with n spaces",
        "metadata",
        lambda n: "标题: a" + " " * n + "b\n一、总则\n",
        (2_000, 4_000, 8_000, 400_000),
    ),
    (
        "n/8 distinct cited plans",
        "metadata",
        lambda n: "".join(f"根据《第{i}号规划》" for i in range(n // 10)),
        (10_000, 20_000, 40_000, 200_000),
    ),
    (
        "annex line with n/2 gaps after ；",
        "annex",
        lambda n: ANNEX + "1.推进工作。" + "； " * (n // 2) + "\n",
        (10_000, 20_000, 40_000, 200_000),
    ),
    (
        "annex table of n/8 numbered rows",
        "annex",
        lambda n: ANNEX + "".join(f"{i}.推进工作。\n市局\n" for i in range(1, n // 12)),
        (20_000, 40_000, 80_000, 400_000),
    ),
    (
        "n/20 tasks each with a clause",
        "parse",
        lambda n: HEAD + "".join(f"{i}.推进。（责任单位：市局）\n" for i in range(1, n // 16)),
        (20_000, 40_000, 80_000, 400_000),
    ),
    (
        "n/20 sections each with a clause",
        "parse",
        lambda n: (
            "某市工作方案\n一、总体要求\n" + "".join(f"（{i}）推进工作（责任单位：市局）\n" for i in range(1, n // 18))
        ),
        (20_000, 40_000, 80_000, 400_000),
    ),
    (
        "n/12 targets in a plan",
        "parse",
        lambda n: HEAD + "1.推进。" + "专利达到10件，" * (n // 8) + "\n",
        (10_000, 20_000, 40_000, 200_000),
    ),
]


class _Timeout(Exception):
    pass


def _alarm(_sig: int, _frame: object) -> None:
    raise _Timeout


def best_of(fn: Callable[[str], object], text: str, runs: int, limit: float) -> float | None:
    """Best wall time of ``runs`` calls in seconds, None when one run took longer than ``limit``."""
    best: float | None = None
    signal.signal(signal.SIGALRM, _alarm)
    for _ in range(runs):
        signal.setitimer(signal.ITIMER_REAL, limit)
        start = time.perf_counter()
        try:
            fn(text)
        except _Timeout:
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="?", help="run the cases whose name contains this")
    parser.add_argument("--limit", type=float, default=10.0, help="seconds before a run is stopped")
    args = parser.parse_args(argv)
    for stage in STAGES.values():
        stage(HEAD)  # vocabularies and registries loaded before anything is timed
    for name, stage, make, sizes in CASES:
        if args.only and args.only not in name:
            continue
        cells = []
        prev: tuple[int, float] | None = None
        for n in sizes:
            text = make(n)
            took = best_of(STAGES[stage], text, 3, args.limit)
            if took is None:
                cells.append(f"{len(text):>9,} chars  >{args.limit:.0f} s")
                break
            growth = ""
            if prev is not None and prev[1] > 0:
                growth = f" (×{took / prev[1]:.1f} for ×{len(text) / prev[0]:.1f})"
            cells.append(f"{len(text):>9,} chars {took * 1000:9.1f} ms{growth}")
            prev = (len(text), took)
        print(f"{name}  [{stage}]")
        for cell in cells:
            print(f"    {cell}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
