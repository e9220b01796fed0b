"""The supervision ledger (督查督办台账): progress per task × unit, kept across plan versions.

What it holds, and the rules it applies (``docs/ledger.md`` says why):

* **Progress records** (:class:`ProgressRecord`): status (未启动 / 推进中 / 已完成 / 滞后 / 暂缓),
  进展情况, 存在问题, 下步打算, an optional percentage, report date, reported by — for one task ×
  one unit. Records are only ever appended: a change is a new record, the current state of a
  row is its latest record, and the history of a row is all of them (who, when, what).
* **Task identity**: a record is keyed by a task's *identity key* (``task:<16 hex>``), not by the
  plan-hash task id, so it survives a new version of the plan. The ledger keeps one
  :class:`PlanVersion` snapshot per version of a plan it has seen; when the graph holds a
  version it has not seen, :meth:`Ledger.sync` matches the new tasks to the last version's by
  path, title and text similarity (``graph.plan_diff``), and each matched task inherits its
  predecessor's key (the score kept) — and with it every record. Unmatched tasks get new keys.
* **Traffic lights** (:func:`light`): green on track, yellow due within ``warn_days`` (30) or
  progress behind the elapsed share of its period (or self-reported 滞后), red overdue, grey no
  printed deadline (or 暂缓). "Today" is always a parameter.

Storage is a :class:`graph.ledger_store.LedgerStore` beside the graph store (a SQLite file next
to the embedded store, ``Progress`` nodes on Neo4j): :func:`open_ledger` picks it.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from graph import queries
from graph.errors import PlankgError
from graph.model import Plan
from graph.stores.base import GraphStore

if TYPE_CHECKING:
    from graph.ledger_store import LedgerStore
    from graph.xlsx_export import TableRow

__all__ = [
    "DEFAULT_WARN_DAYS",
    "LAG_TOLERANCE",
    "LIGHTS",
    "LIGHT_LABELS",
    "STATUSES",
    "Ledger",
    "LedgerError",
    "LedgerRow",
    "LightCounts",
    "Owner",
    "PlanVersion",
    "ProgressRecord",
    "TaskSnapshot",
    "light",
    "open_ledger",
    "overdue_counts",
    "plan_light_counts",
    "unit_light_counts",
]

#: The statuses a supervision office uses, in the order a form lists them.
STATUSES = ("未启动", "推进中", "已完成", "滞后", "暂缓")
#: Lights, worst first (the order overviews list them in).
LIGHTS = ("red", "yellow", "green", "grey")
LIGHT_LABELS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "grey": "灰灯"}
LIGHT_MEANINGS = {"red": "逾期", "yellow": "临期或滞后", "green": "正常推进", "grey": "无完成时限"}
#: Days before the due date from which a task is yellow.
DEFAULT_WARN_DAYS = 30
#: How far (share of the period) progress may trail the elapsed time before the light turns yellow.
LAG_TOLERANCE = 0.10
#: Field limits: a ledger cell is a paragraph, not a document.
MAX_TEXT = 4000


class LedgerError(PlankgError):
    """A ledger request that cannot be carried out (one line, in Chinese with an English gloss)."""


# -- the model ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ProgressRecord:
    """One report on one task × unit. Never changed once written."""

    id: str  # time-ordered, unique: both stores order a row's history by it
    key: str  # the task's identity key (survives new versions of the plan)
    unit_id: str  # "" for a task that names no unit
    status: str
    note: str = ""  # 进展情况
    problems: str = ""  # 存在问题
    next_steps: str = ""  # 下步打算
    percent: int | None = None  # 完成进度 (%), when reported
    report_date: str = ""  # ISO date the unit reported
    reported_by: str = ""  # who reported (a person or the unit)
    recorded_at: str = ""  # ISO date-time the ledger wrote it
    recorded_by: str = ""  # who wrote it into the ledger (the coordinator, an import)
    task_id: str = ""  # the task's id in the graph when written
    origin: str = ""  # "cli", "app", "import:<file>"


@dataclass(frozen=True)
class Owner:
    """A unit of a task as a version of the plan prints it."""

    unit_id: str  # "" when the printed name resolved to no unit
    name: str
    role: str


@dataclass(frozen=True)
class TaskSnapshot:
    """A task of one plan version, with its identity key."""

    key: str
    task_id: str
    path: str
    kind: str
    title: str
    text: str
    deadline: str = ""
    due_date: str = ""
    owners: tuple[Owner, ...] = ()
    score: float | None = None  # similarity to the predecessor it took its key from
    previous_task_id: str = ""


@dataclass(frozen=True)
class PlanVersion:
    """A version of a plan as the ledger saw it: its tasks with their keys."""

    source: str
    seq: int  # 1, 2, … per source
    plan_id: str
    title: str
    period_start: int | None = None
    period_end: int | None = None
    issued_on: str | None = None
    seen_at: str = ""
    previous_plan_id: str = ""
    tasks: tuple[TaskSnapshot, ...] = ()

    def by_task_id(self) -> dict[str, TaskSnapshot]:
        return {t.task_id: t for t in self.tasks}


@dataclass(frozen=True)
class LedgerRow:
    """A row of the 台账: one task × one unit, with its current progress and light."""

    key: str
    task_id: str
    plan_id: str
    plan_title: str
    source: str
    path: str
    kind: str
    heading: str  # the parent titles (重点任务), one a line
    task: str  # the task's measure text (具体措施)
    title: str
    unit_id: str
    unit: str
    role: str
    leads: tuple[str, ...]
    supports: tuple[str, ...]
    deadline: str
    due_date: str
    status: str  # "" when never reported
    note: str = ""
    problems: str = ""
    next_steps: str = ""
    percent: int | None = None
    report_date: str = ""
    reported_by: str = ""
    updated_at: str = ""
    light: str = "grey"
    light_reason: str = ""
    history: int = 0  # number of records
    via_group: str = ""

    @property
    def row_id(self) -> str:
        """The hidden id of the row in an exported 台账: identity key and unit."""
        return f"{self.key}|{self.unit_id}"


@dataclass
class LightCounts:
    """Lights of a set of rows (a bureau's, a plan's)."""

    red: int = 0
    yellow: int = 0
    green: int = 0
    grey: int = 0
    tasks: int = 0

    def add(self, which: str) -> None:
        setattr(self, which, getattr(self, which) + 1)
        self.tasks += 1

    @property
    def overdue(self) -> int:
        return self.red


# -- lights ---------------------------------------------------------------------------------
def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def light(
    status: str,
    due_date: str,
    today: date,
    *,
    percent: int | None = None,
    period_start: date | None = None,
    warn_days: int = DEFAULT_WARN_DAYS,
    tolerance: float = LAG_TOLERANCE,
) -> tuple[str, str]:
    """(light, reason) of a row.

    >>> light("推进中", "2024-12-31", date(2025, 1, 5))
    ('red', '逾期 5 天')
    >>> light("推进中", "2024-12-31", date(2024, 12, 10))
    ('yellow', '21 天内到期')
    >>> light("", "", date(2024, 12, 10))
    ('grey', '无完成时限')
    >>> light("未启动", "2024-12-31", date(2024, 7, 1), period_start=date(2024, 1, 1))
    ('yellow', '进度 0% 落后于时间进度 50%')
    >>> light("已完成", "2024-12-31", date(2025, 3, 1))
    ('green', '已完成')
    """
    if status == "已完成":
        return "green", "已完成"
    if status == "暂缓":
        return "grey", "暂缓"
    due = _date(due_date)
    if due is None:
        return "grey", "无完成时限"
    days = (due - today).days
    if days < 0:
        return "red", f"逾期 {-days} 天"
    if days <= warn_days:
        return "yellow", "今天到期" if days == 0 else f"{days} 天内到期"
    if status == "滞后":
        return "yellow", "自报滞后"
    if period_start is not None and period_start < due and today > period_start:
        elapsed = (today - period_start).days / (due - period_start).days
        done = percent if percent is not None else (0 if status in ("", "未启动") else None)
        if done is not None and done / 100 < elapsed - tolerance:
            return "yellow", f"进度 {done}% 落后于时间进度 {elapsed:.0%}"
    return "green", "正常推进"


def env_today() -> date | None:
    """``$PLANKG_TODAY`` (an ISO date) when set: "today" for the app and the CLI in tests and demos."""
    return _date(os.environ.get("PLANKG_TODAY"))


def period_start_of(plan: Plan) -> date | None:
    """When a plan's tasks start running: its period's first year, else its issue date."""
    if plan.period_start:
        return date(plan.period_start, 1, 1)
    return _date(plan.issued_on)


# -- ids --------------------------------------------------------------------------------------
_counter = itertools.count()
_id_lock = threading.Lock()


def new_record_id() -> str:
    """Time-ordered and unique across processes: nanoseconds, a per-process counter, random bits."""
    with _id_lock:
        n = next(_counter) % 1_000_000
        return f"{time.time_ns():020d}{n:06d}{secrets.token_hex(4)}"


def fresh_key(source: str, task_id: str) -> str:
    """The identity key of a task first seen in this version: deterministic, so two processes
    syncing the same version at once agree."""
    return "task:" + hashlib.sha256(f"{source}\0{task_id}".encode()).hexdigest()[:16]


def _clean(text: str | None, what: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise LedgerError(f"{what}超过 {MAX_TEXT} 字 ({what} too long)")
    return text


# -- the ledger ------------------------------------------------------------------------------
@dataclass
class _Slot:
    task_id: str
    unit_id: str
    unit: str
    role: str
    via_group: str = ""


@dataclass
class _PlanRows:
    plan: Plan
    rows: list[tuple[TableRow, list[_Slot]]] = field(default_factory=list)


class Ledger:
    """The ledger of one graph store: its ledger store plus the rules.

    ``clock`` gives "now" for the records it writes (tests inject one); every read that
    lights rows takes ``today``.
    """

    def __init__(
        self,
        store: GraphStore,
        ledger_store: LedgerStore | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.ledger_store = ledger_store if ledger_store is not None else _store_for(store)
        self.clock = clock or datetime.now
        self._synced: dict[str, str] | None = None  # source → plan id last synced

    def close(self) -> None:
        self.ledger_store.close()

    # -- versions and identity ---------------------------------------------------------
    def sync(self, plan_ids: Iterable[str] | None = None) -> list[PlanVersion]:
        """Record a version for every loaded plan (of ``plan_ids``) the ledger has not seen in
        that version, carrying identity keys over from the plan's previous version. Returns the
        new versions.

        Only the newest version's number and plan id of each source are read to decide; a
        previous version's task snapshots are decoded only for the plans that changed. A
        bureau's rows sync only the plans it holds tasks in (its first render on a store of
        10 000 plans never synced must not snapshot them all); every other read syncs all."""
        from graph.plan_diff import carry_over, snapshot_plan

        plans = self._loaded()
        current = {p.source or p.id: p.id for p in plans}
        if self._synced == current:
            return []
        if plan_ids is not None:
            wanted = set(plan_ids)
            plans = [p for p in plans if p.id in wanted]
        heads = self.ledger_store.latest_heads()
        changed = [p for p in plans if heads.get(p.source or p.id, (0, ""))[1] != p.id]
        previous = self.ledger_store.latest_versions(
            {heads[s][1] for s in (p.source or p.id for p in changed) if s in heads}
        )
        versions: list[PlanVersion] = []
        for plan in changed:
            source = plan.source or plan.id
            last = previous.get(source)
            version = snapshot_plan(self.store, plan, seen_at=self.clock().isoformat(timespec="seconds"))
            if last is not None:
                version = carry_over(last, version)
            else:
                version = replace(
                    version,
                    seq=1,
                    tasks=tuple(replace(t, key=fresh_key(source, t.task_id)) for t in version.tasks),
                )
            versions.append(version)
        added = self.ledger_store.add_versions(versions)
        if self.ledger_store.links_tasks:
            self.ledger_store.relink(self._current_keys())
        if plan_ids is None:
            self._synced = current
        return added

    def _loaded(self) -> list[Plan]:
        return list(queries.list_plans(self.store, include_stubs=False))

    def versions(self, source: str | None = None) -> list[PlanVersion]:
        """Every version the ledger has seen (of one source), oldest first."""
        return self.ledger_store.versions(source)

    def current_versions(self, plan_ids: Iterable[str] | None = None) -> dict[str, PlanVersion]:
        """The version of each loaded plan (of ``plan_ids``), by plan id."""
        ids = None if plan_ids is None else set(plan_ids)  # read twice: an iterator once
        self.sync(ids)
        loaded = {p.id for p in self._loaded()}
        wanted = loaded if ids is None else loaded & ids
        return {v.plan_id: v for v in self.ledger_store.latest_versions(wanted).values()}

    def _current_keys(self) -> dict[str, str]:
        out: dict[str, str] = {}
        loaded = {p.id for p in self._loaded()}
        for v in self.ledger_store.latest_versions(loaded).values():
            out.update((t.task_id, t.key) for t in v.tasks)
        return out

    def key_of(self, task_id: str) -> str:
        """The identity key of a task of the graph."""
        self.sync()
        key = self._current_keys().get(task_id)
        if key is None:
            raise LedgerError(f"没有任务 {task_id} (no such task in the loaded plans)")
        return key

    # -- rows ---------------------------------------------------------------------------
    def _plan_rows(self, plan_ids: Sequence[str] | None) -> list[_PlanRows]:
        out = []
        wanted = set(plan_ids) if plan_ids is not None else None
        for plan in queries.list_plans(self.store, include_stubs=False):
            if wanted is not None and plan.id not in wanted:
                continue
            from graph.xlsx_export import build_plan_table  # openpyxl only when a table is built

            table = build_plan_table(self.store, plan.id)
            owners: dict[str, list[_Slot]] = {}
            for a in queries.assignments_of_plan(self.store, plan.id):
                if a.unit:
                    slots = owners.setdefault(a.task_id, [])
                    uid = a.unit_id or f"?{a.unit}"
                    if uid not in {s.unit_id for s in slots}:
                        slots.append(_Slot(a.task_id, uid, a.unit, a.role or "responsible"))
            pr = _PlanRows(plan)
            for row in table.rows:
                pr.rows.append((row, owners.get(row.task_id) or [_Slot(row.task_id, "", "", "")]))
            out.append(pr)
        return out

    def rows(
        self,
        *,
        plan_ids: Sequence[str] | None = None,
        unit_ids: Sequence[str] | None = None,
        statuses: Iterable[str] | None = None,
        lights: Iterable[str] | None = None,
        due_within: int | None = None,
        today: date | None = None,
        warn_days: int = DEFAULT_WARN_DAYS,
    ) -> list[LedgerRow]:
        """The 台账's rows in plan and document order, filtered.

        ``unit_ids``: a bureau's rows — its tasks as lead, support or responsible, and the tasks
        of groups it belongs to (as its own row, marked ``via_group``). ``statuses``: "" means
        never reported. ``due_within``: due in at most this many days (overdue included).
        """
        today = today or env_today() or self.clock().date()
        current = self.ledger_store.current_records()
        counts = self.ledger_store.record_counts()
        wanted_units: dict[str, list[_Slot]] | None = None
        holding: set[str] = set()  # the plans the bureaus hold tasks in: only they have rows for them
        if unit_ids is not None:
            wanted_units = {}
            for a in queries.tasks_of_units(self.store, list(unit_ids), via_groups=True):
                wanted_units.setdefault(a.task_id, []).append(_Slot(a.task_id, a.unit_id, a.unit, a.role, a.via_group))
                holding.add(a.plan_id)
        status_set = set(statuses) if statuses is not None else None
        light_set = set(lights) if lights is not None else None
        if wanted_units is not None:
            plan_ids = [pid for pid in (plan_ids if plan_ids is not None else holding) if pid in holding]
        versions = self.current_versions(plan_ids)
        out: list[LedgerRow] = []
        for pr in self._plan_rows(plan_ids):
            version = versions.get(pr.plan.id)
            keys = version.by_task_id() if version else {}
            start = period_start_of(pr.plan)
            for table_row, slots in pr.rows:
                row_slots = slots
                if wanted_units is not None:
                    mine = wanted_units.get(table_row.task_id)
                    if not mine:
                        continue
                    row_slots = list({s.unit_id: s for s in mine}.values())
                snap = keys.get(table_row.task_id)
                key = snap.key if snap else fresh_key(pr.plan.source or pr.plan.id, table_row.task_id)
                for slot in row_slots:
                    rec = current.get((key, slot.unit_id))
                    due = snap.due_date if snap else ""
                    status = rec.status if rec else ""
                    lt, reason = light(
                        status,
                        due,
                        today,
                        percent=rec.percent if rec else None,
                        period_start=start,
                        warn_days=warn_days,
                    )
                    if status_set is not None and status not in status_set:
                        continue
                    if light_set is not None and lt not in light_set:
                        continue
                    if due_within is not None:
                        d = _date(due)
                        if d is None or (d - today).days > due_within or status == "已完成":
                            continue
                    out.append(_ledger_row(pr.plan, table_row, slot, key, snap, rec, lt, reason, counts))
        return out

    # -- writes ---------------------------------------------------------------------------
    def set_progress(
        self,
        task: str,
        unit_id: str,
        status: str,
        *,
        note: str | None = None,
        problems: str | None = None,
        next_steps: str | None = None,
        percent: int | None = None,
        report_date: str | None = None,
        reported_by: str = "",
        recorded_by: str = "",
        origin: str = "cli",
    ) -> ProgressRecord:
        """Append a record for ``task`` (a task id or identity key) × ``unit_id``.

        Fields given as ``None`` keep their current value (the new record repeats it), so a
        status change does not blank the notes; "" clears a field."""
        rec = self.prepare(
            task,
            unit_id,
            status,
            note=note,
            problems=problems,
            next_steps=next_steps,
            percent=percent,
            report_date=report_date,
            reported_by=reported_by,
            recorded_by=recorded_by,
            origin=origin,
        )
        self.ledger_store.append([rec])
        return rec

    def prepare(
        self,
        task: str,
        unit_id: str,
        status: str,
        *,
        note: str | None = None,
        problems: str | None = None,
        next_steps: str | None = None,
        percent: int | None = None,
        report_date: str | None = None,
        reported_by: str = "",
        recorded_by: str = "",
        origin: str = "cli",
        previous: ProgressRecord | None = None,
    ) -> ProgressRecord:
        """The record :meth:`set_progress` would write, checked, not yet written."""
        self.sync()
        keys = self._current_keys()
        if task in keys:
            key, task_id = keys[task], task
        else:
            by_key = {k: tid for tid, k in keys.items()}
            if task not in by_key:
                raise LedgerError(f"没有任务 {task} (no such task in the loaded plans)")
            key, task_id = task, by_key[task]
        if status not in STATUSES:
            raise LedgerError(f"状态“{status}”无效，应为 {' / '.join(STATUSES)} (unknown status)")
        if percent is not None and not 0 <= percent <= 100:
            raise LedgerError(f"完成进度 {percent} 应在 0 到 100 之间 (percent out of range)")
        if report_date and _date(report_date) is None:
            raise LedgerError(f"填报日期“{report_date}”不是日期，应写作 2024-06-30 (not a date)")
        if previous is None:
            previous = self.ledger_store.current_records().get((key, unit_id))
        now = self.clock()

        def keep(value: str | None, old: str, what: str) -> str:
            return _clean(value, what) if value is not None else old

        return ProgressRecord(
            id=new_record_id(),
            key=key,
            unit_id=unit_id,
            status=status,
            note=keep(note, previous.note if previous else "", "进展情况"),
            problems=keep(problems, previous.problems if previous else "", "存在问题"),
            next_steps=keep(next_steps, previous.next_steps if previous else "", "下步打算"),
            percent=percent if percent is not None else (previous.percent if previous else None),
            report_date=(report_date or now.date().isoformat())[:10],
            reported_by=_clean(reported_by, "填报人"),
            recorded_at=now.isoformat(timespec="seconds"),
            recorded_by=_clean(recorded_by or _user(), "记录人"),
            task_id=task_id,
            origin=origin,
        )

    def history(self, task: str, unit_id: str) -> list[ProgressRecord]:
        """Every record of a row, oldest first (``task``: a task id or identity key)."""
        key = task if task.startswith("task:") else self.key_of(task)
        return self.ledger_store.records(key=key, unit_id=unit_id)


def _user() -> str:
    return os.environ.get("PLANKG_USER") or os.environ.get("USER") or "plankg"


def _ledger_row(
    plan: Plan,
    table_row: TableRow,
    slot: _Slot,
    key: str,
    snap: TaskSnapshot | None,
    rec: ProgressRecord | None,
    lt: str,
    reason: str,
    counts: dict[tuple[str, str], int],
) -> LedgerRow:
    return LedgerRow(
        key=key,
        task_id=table_row.task_id,
        plan_id=plan.id,
        plan_title=plan.title,
        source=plan.source,
        path=table_row.path,
        kind=table_row.kind,
        heading="\n".join(h.label for h in table_row.headings if h is not None),
        task=table_row.measure,
        title=snap.title if snap else "",
        unit_id=slot.unit_id,
        unit=slot.unit,
        role=slot.role,
        leads=tuple(table_row.names("lead")) or tuple(table_row.names("responsible")),
        supports=tuple(table_row.names("support")),
        deadline=table_row.deadline,
        due_date=snap.due_date if snap else "",
        status=rec.status if rec else "",
        note=rec.note if rec else "",
        problems=rec.problems if rec else "",
        next_steps=rec.next_steps if rec else "",
        percent=rec.percent if rec else None,
        report_date=rec.report_date if rec else "",
        reported_by=rec.reported_by if rec else "",
        updated_at=rec.recorded_at if rec else "",
        light=lt,
        light_reason=reason,
        history=counts.get((key, slot.unit_id), 0),
        via_group=slot.via_group,
    )


# -- opening ------------------------------------------------------------------------------------
def _store_for(store: GraphStore) -> LedgerStore:
    if hasattr(store, "driver"):  # the Neo4j store: Progress nodes in the same database
        from graph.ledger_neo4j import Neo4jLedgerStore

        return Neo4jLedgerStore(store.driver, getattr(store, "database", None))
    from graph.ledger_store import SQLiteLedgerStore, ledger_path

    path = getattr(store, "path", None)
    return SQLiteLedgerStore(ledger_path(path) if path is not None else None)


def open_ledger(store: GraphStore, *, clock: Callable[[], datetime] | None = None) -> Ledger:
    """The ledger that lives beside ``store``."""
    return Ledger(store, clock=clock)


# -- overviews (the hook the bureau page and the overview call) ------------------------------------
def unit_light_counts(
    store: GraphStore,
    unit_ids: Sequence[str],
    today: date | None = None,
    warn_days: int = DEFAULT_WARN_DAYS,
    ledger: Ledger | None = None,
) -> dict[str, LightCounts]:
    """Lights of each bureau's 台账 rows (one per task it holds, directly or through a group)."""
    own = ledger or open_ledger(store)
    try:
        out = {uid: LightCounts() for uid in unit_ids}
        for row in own.rows(unit_ids=unit_ids, today=today, warn_days=warn_days):
            out.setdefault(row.unit_id, LightCounts()).add(row.light)
        return out
    finally:
        if ledger is None:
            own.close()


def overdue_counts(store: GraphStore, unit_ids: Sequence[str], today: date | None = None) -> dict[str, int]:
    """Overdue (red) 台账 rows per unit — the hook ``graph.queries.overdue_counts`` calls for the
    bureau page and the overview."""
    return {uid: c.red for uid, c in unit_light_counts(store, unit_ids, today).items()}


def plan_light_counts(
    store: GraphStore,
    today: date | None = None,
    warn_days: int = DEFAULT_WARN_DAYS,
    ledger: Ledger | None = None,
) -> dict[str, LightCounts]:
    """Lights of every loaded plan's 台账 rows, by plan id."""
    own = ledger or open_ledger(store)
    try:
        out: dict[str, LightCounts] = {}
        for row in own.rows(today=today, warn_days=warn_days):
            out.setdefault(row.plan_id, LightCounts()).add(row.light)
        return out
    finally:
        if ledger is None:
            own.close()
