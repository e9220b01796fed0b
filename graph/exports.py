"""Tabular exports with the contract's stable columns (UTF-8, header first).

Columns are fixed by the product contract; exporters only fill them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from graph.model import Plan
from graph.rows import Assignment, IndicatorRow

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "INDICATOR_COLUMNS",
    "PLAN_COLUMNS",
    "assignment_rows",
    "indicator_rows",
    "plan_rows",
    "to_csv",
]

PLAN_COLUMNS = (
    "source",
    "plan_id",
    "title",
    "kind",
    "issuer",
    "doc_no",
    "issued_on",
    "period_start",
    "period_end",
    "region",
    "level",
    "cites",
)
ASSIGNMENT_COLUMNS = (
    "source",
    "plan_title",
    "path",
    "kind",
    "title",
    "unit",
    "unit_short",
    "unit_region",
    "role",
    "order",
    "via_group",
    "quote",
    "deadline_text",
    "due_date",
)
INDICATOR_COLUMNS = (
    "source",
    "plan_title",
    "name",
    "metric",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
    "comparator",
    "measure_unit",
    "nature",
    "flag",
)


def plan_rows(plans: Sequence[Plan]) -> list[tuple[object, ...]]:
    """One row per loaded plan (stubs are not exported: they have no source)."""
    return [
        (
            p.source,
            p.id,
            p.title,
            p.kind,
            p.issuer,
            p.doc_no,
            p.issued_on,
            p.period_start,
            p.period_end,
            p.region,
            p.level,
            "|".join(p.cites),
        )
        for p in plans
        if not p.stub
    ]


def assignment_rows(rows: Sequence[Assignment]) -> list[tuple[object, ...]]:
    """One row per task × unit; ``order`` is 1-based, empty for a task with no unit."""
    return [
        (
            r.source,
            r.plan_title,
            r.path,
            r.kind,
            r.title,
            r.unit,
            r.unit_short,
            r.unit_region,
            r.role,
            r.order if r.unit_short else "",
            r.via_group,
            r.quote,
            r.deadline,
            r.due_date,
        )
        for r in rows
    ]


def indicator_rows(rows: Sequence[IndicatorRow]) -> list[tuple[object, ...]]:
    """One row per indicator."""
    return [
        (
            r.source,
            r.plan_title,
            r.name,
            r.metric,
            r.baseline,
            r.baseline_year,
            r.target,
            r.target_year,
            r.comparator,
            r.measure_unit,
            r.nature,
            r.flag,
        )
        for r in rows
    ]


def to_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The contract's csv: header first, ``\\n`` line ends, ``None`` as empty.

    One writer for the CLI and the app, so a file downloaded from either reads the same.

    >>> to_csv(("a", "b"), [(1, None), ("x,y", "")])
    'a,b\\n1,\\n"x,y",\\n'
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in r] for r in rows)
    return buf.getvalue()
