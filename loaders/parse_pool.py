"""Parse many documents across cores, each within a time budget.

``concurrent.futures.ProcessPoolExecutor`` cannot stop one running task: a
document that sends a rule into a very long search would hold its worker
forever, and a worker that dies (killed, out of memory) breaks the whole
pool, costing the batch. So this is a small pool of its own: one pipe per
worker process, one document at a time per worker; a worker past the
per-document budget is killed and replaced, and its document alone fails
with one line (解析超时); a worker that dies fails its document alone.

Workers are started by the ``forkserver`` method (safe from a threaded
process such as the app; the server imports the loaders once, each worker
forks from it warm).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from graph.errors import PlankgError
from graph.model import PlanDoc

__all__ = ["ParseFailure", "default_budget", "parse_in_workers"]


@dataclass
class ParseFailure:
    """A document that yielded no plan: the one-line reason, and whether the same bytes
    would fail again (a rule refused them) or not (timeout, crash)."""

    message: str
    lasting: bool


def default_budget() -> float:
    """Seconds one document may take to parse: ``$PLANKG_PARSE_BUDGET``, else 60."""
    try:
        return float(os.environ.get("PLANKG_PARSE_BUDGET", "60"))
    except ValueError:
        return 60.0


def parse_one(data: bytes, source: str) -> PlanDoc | ParseFailure:
    """Parse in this process; a failure is a value, never an exception."""
    from loaders.pipeline import parse_document

    try:
        return parse_document(data, source)
    except PlankgError as exc:
        return ParseFailure(str(exc), lasting=True)
    except Exception as exc:  # a bug in one document must not cost the batch
        return ParseFailure(f"{source}: 内部错误，请报告 (internal error: {type(exc).__name__}: {exc})", lasting=False)


def _worker(conn: Connection) -> None:
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        data, source = item
        result = parse_one(data, source)
        if isinstance(result, PlanDoc):  # never persisted, and the bulk of what would be pickled
            result.plan.original = ""
            result.plan.offset_map = []
        conn.send(result)


@dataclass
class _Slot:
    proc: Any
    conn: Connection
    item: int | None = None
    started: float = 0.0


def _context() -> Any:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["loaders.pipeline", "loaders.document"])  # workers start with the stages imported
    return ctx


def _start(ctx: Any) -> _Slot:
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_worker, args=(child,), daemon=True)
    proc.start()
    child.close()
    return _Slot(proc, parent)


def _stop(slot: _Slot, kill: bool = False) -> None:
    if kill:
        slot.proc.kill()
    else:
        try:
            slot.conn.send(None)
        except OSError:
            slot.proc.kill()
    slot.proc.join(timeout=5)
    if slot.proc.is_alive():
        slot.proc.kill()
        slot.proc.join(timeout=5)
    slot.conn.close()


def parse_in_workers(
    items: Sequence[tuple[bytes, str]],
    workers: int,
    budget: float,
    done: Callable[[int], None] | None = None,
) -> list[PlanDoc | ParseFailure]:
    """Parse ``items`` ((bytes, source name) pairs) in ``workers`` processes, each document
    within ``budget`` seconds; results in the order of ``items``. ``done(i)`` is called as
    each document finishes."""
    results: list[PlanDoc | ParseFailure | None] = [None] * len(items)
    if not items:
        return []
    ctx = _context()
    pending = list(range(len(items)))[::-1]
    slots = [_start(ctx) for _ in range(max(1, min(workers, len(items))))]
    try:
        while pending or any(s.item is not None for s in slots):
            for s in slots:
                if s.item is None and pending:
                    s.item = pending.pop()
                    s.started = time.monotonic()
                    s.conn.send(items[s.item])
            busy = [s for s in slots if s.item is not None]
            next_deadline = min(s.started + budget for s in busy)
            ready = wait([s.conn for s in busy], timeout=max(0.0, next_deadline - time.monotonic()))
            now = time.monotonic()
            for i, s in enumerate(slots):
                if s.item is None:
                    continue
                index = s.item
                source = items[index][1]
                if s.conn in ready:
                    try:
                        results[index] = s.conn.recv()
                    except (EOFError, OSError):
                        results[index] = ParseFailure(
                            f"{source}: 解析进程意外退出，请报告 (the parsing process died)", lasting=False
                        )
                        _stop(s, kill=True)
                        slots[i] = _start(ctx)
                elif now >= s.started + budget:
                    results[index] = ParseFailure(
                        f"{source}: 解析超时：超过 {budget:g} 秒仍未完成，文件可能有异常结构，未载入 (parse timed out)",
                        lasting=False,
                    )
                    _stop(s, kill=True)
                    slots[i] = _start(ctx)
                else:
                    continue
                slots[i].item = None
                if done:
                    done(index)
    finally:
        for s in slots:
            _stop(s, kill=s.item is not None)
    return [
        r if r is not None else ParseFailure(f"{items[i][1]}: 未解析 (not parsed)", False)
        for i, r in enumerate(results)
    ]
