"""Two writers at once lose nothing; a writer that waits too long gets one line.

Real processes running the CLI (``python -m cli.main load``) against one SQLite
store at the same time, each with a different small plan: afterwards both
plans are there, every time (20 rounds). The second writer takes the lock
after the first commits, re-reads the store and merges with its result.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from graph.stores.networkx_store import NetworkXStore

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 20

PLAN = """{city}市知识产权工作方案
一、重点任务
（一）强化知识产权创造。开展专利导航第{n}批。（牵头单位：市市场监管局；配合单位：市科技局）
（二）加强知识产权保护第{n}批。（责任单位：市司法局）
"""


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PLANKG_STORE", "NEO4J_URI")}
    env["PLANKG_DECISIONS"] = str(tmp / "decisions.yaml")
    env.update(extra)
    return env


def _load(store: Path, plan: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--store", str(store), "load", "-q", str(plan)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_loads_at_once_both_land(tmp_path: Path) -> None:
    env = _env(tmp_path)
    for n in range(ROUNDS):
        folder = tmp_path / f"round{n}"
        folder.mkdir()
        a, b = folder / "wh.txt", folder / "yt.txt"
        a.write_text(PLAN.format(city="威海", n=n), encoding="utf-8")
        b.write_text(PLAN.format(city="烟台", n=n), encoding="utf-8")
        store = folder / "graph.sqlite"
        procs = [_load(store, a, env), _load(store, b, env)]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outs
        sources = sorted(p.source for p in NetworkXStore(store).plans() if not p.stub)
        assert sources == ["wh.txt", "yt.txt"], (n, outs)


def test_a_writer_that_waits_past_the_timeout_gets_one_line(tmp_path: Path) -> None:
    store = tmp_path / "graph.sqlite"
    plan = tmp_path / "wh.txt"
    plan.write_text(PLAN.format(city="威海", n=1), encoding="utf-8")
    NetworkXStore(store).close()  # an empty store
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        proc = _load(store, plan, _env(tmp_path, PLANKG_BUSY_TIMEOUT="0.5"))
        _out, err = proc.communicate(timeout=120)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "存储正忙" in lines[0] and "(store busy)" in lines[0], err
    assert "Traceback" not in err
    assert [p for p in NetworkXStore(store).plans() if not p.stub] == []
