"""``plankg ledger show|set|history|export|import``, ``plankg overdue`` and ``plankg diff``.

The supervision ledger (督查督办台账, ``graph/ledger.py``): progress per task × unit, traffic
lights, the 台账 workbook and its import, and what changed between two versions of a plan.
A task is named like ``plankg cascade`` names one (``001:3.1.1``, or its id); a unit like
``plankg tasks`` does (any way it is written, ``--region`` to narrow).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import store_from_args, write_output, write_rows
from cli.unit_choice import choose_units
from graph import queries
from graph.cascade_queries import resolve_node
from graph.errors import PlankgError
from graph.ledger import DEFAULT_WARN_DAYS, LIGHT_LABELS, STATUSES, Ledger, LedgerRow, PlanVersion, open_ledger
from graph.stores.base import GraphStore

if TYPE_CHECKING:
    from graph.plan_diff import PlanDiff

__all__ = ["register"]

_SHOW_HEADER = ("规划", "编号", "任务", "填报单位", "完成时限", "状态", "进展情况", "督办灯", "说明", "更新时间")
_SHOW_COLUMNS = (
    "plan", "path", "title", "unit", "deadline", "status", "note", "light", "light_reason", "updated_at",
)  # fmt: skip
_HISTORY_HEADER = (
    "记录时间", "状态", "进展情况", "存在问题", "下步打算", "进度", "填报日期", "填报人", "记录人", "来源",
)  # fmt: skip


def _today(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise PlankgError(f"--today {text!r}: 应写作 2024-06-30 (not a date)") from exc


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", help="only this plan (id, file name or its prefix, or part of the title)")
    p.add_argument("--unit", help="only this bureau's rows (any way its name is written)")
    p.add_argument("--region", help="region whose unit is meant (with --unit)")
    p.add_argument("--status", action="append", choices=(*STATUSES, "未填报"), help="only rows of this status")
    p.add_argument("--light", action="append", choices=("red", "yellow", "green", "grey"), help="only this light")
    p.add_argument("--due-within", type=int, metavar="DAYS", help="only rows due within DAYS (overdue included)")
    p.add_argument("--today", help="the day lights are computed for (ISO date; default: today)")
    p.add_argument("--warn-days", type=int, default=DEFAULT_WARN_DAYS, help="yellow from this many days before due")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``ledger``, ``overdue`` and ``diff``."""
    led = sub.add_parser("ledger", help="the supervision ledger (督查督办台账): progress per task × unit")
    lsub = led.add_subparsers(dest="ledger_command", required=True, metavar="ACTION")

    show = lsub.add_parser("show", help="the 台账's rows with their status and traffic light")
    _filters(show)
    show.add_argument("--format", choices=("table", "csv", "json"), default="table")
    show.add_argument("--out", "-o", help="write to this file instead of stdout")
    show.set_defaults(func=cmd_show)

    st = lsub.add_parser("set", help="record progress for a task × unit (appended; nothing is overwritten)")
    st.add_argument("task", help="the task: PLAN:PATH (003:A.1.1.1) or its id")
    st.add_argument("--unit", help="the reporting unit (default: the task's only unit)")
    st.add_argument("--region", help="region whose unit is meant")
    st.add_argument("--status", required=True, choices=STATUSES)
    st.add_argument("--note", help="进展情况")
    st.add_argument("--problems", help="存在问题")
    st.add_argument("--next", dest="next_steps", help="下步打算")
    st.add_argument("--percent", type=int, help="完成进度, 0–100")
    st.add_argument("--date", dest="report_date", help="the report's date (ISO; default today)")
    st.add_argument("--by", default="", help="who reported (填报人)")
    st.set_defaults(func=cmd_set)

    hist = lsub.add_parser("history", help="every record of a task × unit, oldest first")
    hist.add_argument("task", help="the task: PLAN:PATH or its id")
    hist.add_argument("--unit", help="the unit (default: the task's only unit)")
    hist.add_argument("--region")
    hist.add_argument("--format", choices=("table", "csv", "json"), default="table")
    hist.set_defaults(func=cmd_history)

    ex = lsub.add_parser("export", help="the 台账 as xlsx (print-ready, with hidden row ids for import) or csv")
    _filters(ex)
    ex.add_argument("--overdue", action="store_true", help="only overdue rows (the 催办清单)")
    ex.add_argument("--format", choices=("xlsx", "csv"), help="default: from the file name, else xlsx")
    ex.add_argument("--out", "-o", required=True, help="the file to write")
    ex.set_defaults(func=cmd_export)

    im = lsub.add_parser("import", help="load a 台账 xlsx a bureau filled in; prints what changed")
    im.add_argument("file")
    im.add_argument("--by", default="", help="who is importing (记录人)")
    im.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    im.set_defaults(func=cmd_import)

    od = sub.add_parser("overdue", help="the overdue list (催办清单): red rows of the 台账")
    _filters(od)
    od.add_argument("--soon", action="store_true", help="also rows that are due soon or lagging (yellow)")
    od.add_argument("--format", choices=("table", "csv", "json", "xlsx"), default="table")
    od.add_argument("--out", "-o", help="write to this file instead of stdout")
    od.set_defaults(func=cmd_overdue)

    df = sub.add_parser(
        "diff",
        help="what changed between two versions of a plan",
        description="OLD and NEW are plan files, stored plans (id, file name, title), or SOURCE@N: "
        "the N-th version of a stored plan the ledger has seen (plankg diff 001@1 001).",
    )
    df.add_argument("old")
    df.add_argument("new")
    df.add_argument("--unit", help="only this bureau's workload change")
    df.add_argument("--region")
    df.add_argument("--format", choices=("table", "json"), default="table")
    df.add_argument("--out", "-o")
    df.set_defaults(func=cmd_diff)


# -- shared -------------------------------------------------------------------------------------
def _rows(store: GraphStore, ledger: Ledger, args: argparse.Namespace) -> list[LedgerRow]:
    plan_ids = None
    if getattr(args, "plan", None):
        plan = queries.find_plan(store, args.plan)
        if plan is None or plan.stub:
            raise PlankgError(f"no loaded plan matches {args.plan!r}; see `plankg export plans`")
        plan_ids = [plan.id]
    unit_ids = choose_units(store, args.unit, args.region) if getattr(args, "unit", None) else None
    statuses = None
    if getattr(args, "status", None):
        statuses = ["" if s == "未填报" else s for s in args.status]
    return ledger.rows(
        plan_ids=plan_ids,
        unit_ids=unit_ids,
        statuses=statuses,
        lights=getattr(args, "light", None),
        due_within=getattr(args, "due_within", None),
        today=_today(getattr(args, "today", None)),
        warn_days=getattr(args, "warn_days", DEFAULT_WARN_DAYS),
    )


def _line(r: LedgerRow, table: bool) -> tuple[object, ...]:
    return (
        r.plan_title,
        r.path,
        r.title,
        r.unit or "（未明确）",
        r.deadline,
        r.status or ("未填报" if table else ""),
        r.note,
        LIGHT_LABELS[r.light] if table else r.light,
        r.light_reason,
        r.updated_at,
    )


def _task_and_unit(store: GraphStore, task: str, unit: str | None, region: str | None) -> tuple[str, str]:
    node = resolve_node(store, task)
    if node.kind != "task":
        raise PlankgError(f"{task!r} is a {node.kind}, not a task; name one as PLAN:PATH (001:3.1.1)")
    owners = {
        a.unit_id or f"?{a.unit}": a.unit
        for a in queries.assignments_of_plan(store, node.plan.id)
        if a.task_id == node.id and a.unit
    }
    if unit:
        uid = choose_units(store, unit, region)[0]
        held = {a.unit_id for a in queries.tasks_of_units(store, [uid]) if a.task_id == node.id}
        if uid not in owners and uid not in held:
            names = "、".join(owners.values()) or "无"
            raise PlankgError(f"{unit!r} does not hold task {task} (its units: {names})")
        return node.id, uid
    if len(owners) == 1:
        return node.id, next(iter(owners))
    if not owners:
        return node.id, ""
    raise PlankgError(f"task {task} has {len(owners)} units ({'、'.join(owners.values())}); say which with --unit")


# -- commands --------------------------------------------------------------------------------------
def cmd_show(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    ledger = open_ledger(store)
    try:
        table = args.format == "table"
        rows = [_line(r, table) for r in _rows(store, ledger, args)]
        write_rows(_SHOW_HEADER if table else _SHOW_COLUMNS, rows, args.format, args.out)
    finally:
        ledger.close()
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    ledger = open_ledger(store)
    try:
        task_id, unit_id = _task_and_unit(store, args.task, args.unit, args.region)
        rec = ledger.set_progress(
            task_id,
            unit_id,
            args.status,
            note=args.note,
            problems=args.problems,
            next_steps=args.next_steps,
            percent=args.percent,
            report_date=args.report_date,
            reported_by=args.by,
            origin="cli",
        )
        n = len(ledger.history(rec.key, unit_id))
    finally:
        ledger.close()
    print(f"recorded: {args.task} × {unit_id or '（未明确）'} → {rec.status} (record {n} of this row)")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    ledger = open_ledger(store)
    try:
        task_id, unit_id = _task_and_unit(store, args.task, args.unit, args.region)
        records = ledger.history(task_id, unit_id)
    finally:
        ledger.close()
    rows = [
        (r.recorded_at, r.status, r.note, r.problems, r.next_steps, r.percent, r.report_date, r.reported_by,
         r.recorded_by, r.origin)
        for r in records
    ]  # fmt: skip
    if not rows and args.format == "table":
        print("no progress recorded for this row yet", file=sys.stderr)
        return 0
    write_rows(_HISTORY_HEADER, rows, args.format, None)
    return 0


def _export_title(store: GraphStore, args: argparse.Namespace, overdue: bool) -> tuple[str, bool]:
    """The sheet's title and whether the 填报单位 column is shown."""
    what = "催办清单" if overdue else "督查督办台账"
    if getattr(args, "unit", None):
        uid = choose_units(store, args.unit, args.region)[0]
        name = next((u.name for u in queries.list_units(store) if u.id == uid), args.unit)
        return f"{name}{what}", False
    if getattr(args, "plan", None):
        plan = queries.find_plan(store, args.plan)
        if plan is not None:
            return f"{plan.title}{what}", True
    return what, True


def _write_export(store: GraphStore, rows: list[LedgerRow], args: argparse.Namespace, fmt: str, overdue: bool) -> None:
    title, with_unit = _export_title(store, args, overdue)
    if fmt == "csv":
        from graph.ledger_xlsx import ledger_csv

        write_output(ledger_csv(rows, with_unit=with_unit), args.out)
        return
    plans = [p for p in queries.list_plans(store, include_stubs=False) if p.id in {r.plan_id for r in rows}]
    from graph.ledger_xlsx import ledger_xlsx  # openpyxl only when a workbook is written

    data = ledger_xlsx(rows, title, plans=plans, with_unit=with_unit)
    if args.out is None:
        raise PlankgError("an xlsx goes to a file: add --out FILE.xlsx")
    write_output(data, args.out)


def cmd_export(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    ledger = open_ledger(store)
    try:
        if args.overdue:
            args.light = ["red"]
        rows = _rows(store, ledger, args)
    finally:
        ledger.close()
    fmt = args.format or ("csv" if str(args.out).lower().endswith(".csv") else "xlsx")
    _write_export(store, rows, args, fmt, args.overdue)
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlankgError(f"{path}: 无法读取文件 (cannot read: {exc.strerror or exc})") from exc
    store = store_from_args(args)
    ledger = open_ledger(store)
    try:
        from graph.ledger_xlsx import import_ledger_xlsx

        report = import_ledger_xlsx(ledger, data, path.name, recorded_by=args.by, dry_run=args.dry_run)
    finally:
        ledger.close()
    for line in report.lines():
        print(line)
    if args.dry_run:
        print("dry run: nothing written")
    return 0


def cmd_overdue(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    ledger = open_ledger(store)
    try:
        args.light = ["red", "yellow"] if args.soon else ["red"]
        rows = _rows(store, ledger, args)
    finally:
        ledger.close()
    if args.format in ("xlsx",):
        _write_export(store, rows, args, "xlsx", True)
        return 0
    table = args.format == "table"
    if not rows and table:
        print("nothing overdue", file=sys.stderr)
        return 0
    write_rows(_SHOW_HEADER if table else _SHOW_COLUMNS, [_line(r, table) for r in rows], args.format, args.out)
    return 0


# -- diff --------------------------------------------------------------------------------------------
def _version(store: GraphStore, ledger: Ledger, key: str) -> tuple[PlanVersion, str]:
    """A version named on the command line and how to call it."""
    path = Path(key)
    if path.is_file():
        return _file_version(path), str(path)
    source, at, number = key.rpartition("@")
    if at and number.isdigit():
        plan = queries.find_plan(store, source)
        name = plan.source if plan is not None else source
        for v in ledger.versions(name):
            if v.seq == int(number):
                return v, f"{v.title}（第 {v.seq} 版）"
        raise PlankgError(f"{key!r}: the ledger has no version {number} of {name!r}")
    plan = queries.find_plan(store, key)
    if plan is None or plan.stub:
        raise PlankgError(f"{key!r} is neither a file nor a loaded plan nor SOURCE@N")
    current = ledger.current_versions().get(plan.id)
    from graph.plan_diff import snapshot_plan

    return (current if current is not None else snapshot_plan(store, plan)), plan.title


def _file_version(path: Path) -> PlanVersion:
    from graph.stores.networkx_store import NetworkXStore
    from loaders.pipeline import build_graph, parse_document

    doc = parse_document(path.read_bytes(), path.name)
    g = build_graph([doc])
    mem = NetworkXStore(None)
    mem.write(g, [doc.plan.id])
    from graph.plan_diff import snapshot_plan

    return snapshot_plan(mem, doc.plan)


def cmd_diff(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    ledger = open_ledger(store)
    try:
        old, old_name = _version(store, ledger, args.old)
        new, new_name = _version(store, ledger, args.new)
    finally:
        ledger.close()
    from graph.plan_diff import diff_versions

    d = diff_versions(old, new)
    unit_name = None
    if args.unit:
        uid = choose_units(store, args.unit, args.region)[0]
        unit_name = next((u.name for u in queries.list_units(store) if u.id == uid), args.unit)
    write_output(_diff_text(d, old_name, new_name, unit_name, args.format), args.out)
    return 0


def _diff_text(d: PlanDiff, old_name: str, new_name: str, unit: str | None, fmt: str) -> str:
    if fmt == "json":
        obj = {
            "old": old_name,
            "new": new_name,
            "summary": d.summary(),
            "changes": [
                {
                    "kind": c.kind,
                    "old_path": c.old_path,
                    "new_path": c.new_path,
                    "title": c.title,
                    "detail": c.detail,
                    "units": list(c.units),
                    "score": c.score,
                }
                for c in d.changes
            ],
            "workload": {u: {"added": p, "removed": m} for u, (p, m) in d.workload.items() if unit in (None, u)},
        }
        return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    s = d.summary()
    lines = [
        f"{old_name} → {new_name}",
        f"新增 {s['added']}，删除 {s['removed']}，表述调整 {s['reworded']}，编号调整 {s['renumbered']}，"
        f"责任单位 +{s['owner_added']} −{s['owner_removed']}，完成时限调整 {s['deadline_moved']}",
        "",
        *(c.line() for c in d.changes),
    ]
    if d.workload:
        lines += ["", "各单位任务量变化 (workload):"]
        lines += [f"  {d.workload_line(u)}" for u in d.workload if unit in (None, u)]
        if unit is not None and unit not in d.workload:
            lines.append(f"  {unit}：任务 +0，−0")
    return "\n".join(lines) + "\n"
