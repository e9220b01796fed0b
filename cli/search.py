"""``plankg search TEXT`` — full-text search over every plan: task text, plan titles,
unit names and indicators (simplified or traditional, full- or half-width), the same
search as the app's 搜索 page (:func:`graph.search.search_text`)."""

from __future__ import annotations

import argparse
import sys

from cli.common import add_columns_option, store_from_args, write_rows
from graph.search import TextHit, search_text

__all__ = ["register"]

_KIND_LABELS = {"task": "任务", "plan": "规划", "unit": "单位", "indicator": "指标"}
_HEADER = ("kind", "plan", "path", "title", "sentence", "units", "region", "node_id")
_TABLE_HEADER = ("类别", "规划", "编号", "标题", "所在句子", "责任单位", "地区", "标识")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "search",
        help="full-text search over task text, titles, units and indicators of every plan",
        description="Every task, plan, unit and indicator whose text holds TEXT; traditional characters "
        "find the simplified text (OpenCC), full-width digits the half-width ones.",
    )
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--kind", choices=sorted(_KIND_LABELS), action="append", help="only these kinds (repeatable)")
    p.add_argument("--limit", type=int, default=200, help="at most this many results (default 200)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--out", help="write to this file instead of stdout")
    add_columns_option(p)
    p.set_defaults(func=cmd_search)


def _line(h: TextHit, table: bool) -> tuple[object, ...]:
    sentence = h.sentence
    if table:  # the match marked 【…】 where no colour shows it
        sentence = f"{sentence[: h.start]}【{sentence[h.start : h.end]}】{sentence[h.end :]}"
    kind = _KIND_LABELS[h.kind] if table else h.kind
    return (kind, h.plan_title, h.path, h.title, sentence, "、".join(h.units), h.region, h.node_id)


def cmd_search(args: argparse.Namespace) -> int:
    """Exit 1 when nothing is found."""
    store = store_from_args(args)
    hits = [h for h in search_text(store, args.text, limit=100_000) if not args.kind or h.kind in args.kind]
    shown = hits[: args.limit]
    table = args.format == "table"
    write_rows(_TABLE_HEADER if table else _HEADER, [_line(h, table) for h in shown], args.format, args.out,
               args.columns, _TABLE_HEADER)  # fmt: skip
    plans = len({h.plan_id for h in hits if h.plan_id})
    more = f"，显示前 {len(shown)} 条" if len(shown) < len(hits) else ""
    print(f"plankg: “{args.text}”：{len(hits)} 条结果，涉及 {plans} 个规划{more}", file=sys.stderr)
    return 0 if hits else 1
