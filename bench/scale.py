"""How plankg scales: synthetic corpora of 100, 1 000 (and on request 10 000) plans.

    .venv/bin/python bench/scale.py                       # 100 and 1 000 plans (a few minutes)
    .venv/bin/python bench/scale.py --sizes 100,1000,10000
    .venv/bin/python bench/scale.py --sizes 100 --keep /tmp/plankg-scale   # keep corpus and store

The corpus. Group 0 is the built-in corpus (data/plans/) as it is. Every further
group is the same five plans moved to another line of the national gazetteer
(loaders/gazetteer.py): a province P (provinces taken in turn, so they fill
evenly), two of its prefectures A and B, and a county C of A, no county used
twice; 山东/威海/烟台/荣成 (full and short names) are renamed to P/A/B/C in one
pass, and lists of names separated by 、 (the units of a 责任单位 clause, the
cities of a sentence) are perturbed — items reordered, one sometimes dropped —
so no two plans share a text; numbering and years are left intact. A size that
is not a multiple of five ends with a partial group. Plans of groups that share
a province (and sometimes a prefecture) cascade into each other, so the number
of task links grows faster than the number of plans: it is printed.

What is measured, per size, each in its own way (wall clock; for each child process also
its CPU time, user + system, which a machine shared with other work inflates far less):

* full load — ``plankg --store S load CORPUS`` as a child process into an empty
  store (interpreter start included), and its peak memory (the child's
  ``ru_maxrss`` from ``os.wait4``);
* raw read+normalise — ``loaders.read.read_bytes`` + ``loaders.clean.clean`` of
  the same bytes, in this process: the floor a load cannot go below; the
  ratio is full load / raw;
* repeated load — the same command again, nothing changed;
* one changed plan — one file of the corpus gets one more sentence, load again;
* store size — every file under the store's folder (whatever files the store keeps);
* first answer — ``plankg --store S tasks --unit 市场监督管理局 --region 烟台市``
  as a child process, start to exit (exit status 0 and rows printed checked);
* tasks of a unit — ``graph.queries.tasks_of_units`` in this process on the
  store opened once, p50/p99 over ``--queries`` calls on 市场监督管理局 units of
  random regions (opening the store is timed on its own);
* app first render — ``bench/app_render.py --child`` in a fresh process: the
  bureau page with 市市场监管局 + 烟台市, from interpreter start to the answer
  (only at the sizes of ``--app-sizes``, default 10000: give it with --sizes).

The store is ``--store`` given as ``<tmp>/store/graph.json``: the embedded store,
whatever its files are; nothing here depends on how it keeps them. Children run with the
bytecode cache on (``PYTHONDONTWRITEBYTECODE`` removed from their environment), as an
installed plankg runs: the first child writes ``__pycache__``, the others read it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.model import Region  # noqa: E402
from loaders.gazetteer import Gazetteer  # noqa: E402

PLANS = ROOT / "data" / "plans"
PLANKG = [sys.executable, "-m", "cli.main"]
UNIT, REGION = "市场监督管理局", "烟台市"
#: The names the built-in corpus is written around: province, its two prefectures, the county.
ROLES = (("山东省", "山东", "P"), ("威海市", "威海", "A"), ("烟台市", "烟台", "B"), ("荣成市", "荣成", "C"))
_LIST = re.compile(r"[\u4e00-\u9fff]{2,12}(?:、[\u4e00-\u9fff]{2,12}){2,}")


# -- the corpus ------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One line of the region hierarchy a copy of the corpus is moved to."""

    province: Region
    prefecture: Region  # 威海's place
    other: Region  # 烟台's place
    county: Region  # 荣成's place


def _children(gaz: Gazetteer) -> dict[str, list[Region]]:
    kids: dict[str, list[Region]] = {}
    for r in sorted(gaz.regions.values(), key=lambda r: r.name):
        if r.parent_id and not gaz.is_zone(r) and not gaz.is_former(r):  # today's divisions only
            kids.setdefault(r.parent_id, []).append(r)
    return kids


def region_lines(gaz: Gazetteer, rng: random.Random, provinces_used: int | None = None) -> Iterator[Line]:
    """Lines of the gazetteer, provinces in turn, a county never twice (then counties repeat);
    ``provinces_used``: only that many provinces (drawn once), so that more groups share one."""
    kids = _children(gaz)
    provinces = []
    for p in sorted((r for r in gaz.regions.values() if r.level == "province"), key=lambda r: r.name):
        prefs = [c for c in kids.get(p.id, []) if c.level == "prefecture"]
        if len(prefs) >= 2 and any(c.level == "county" for a in prefs for c in kids.get(a.id, [])):
            provinces.append((p, prefs))
    if provinces_used is not None:
        provinces = rng.sample(provinces, provinces_used)
    used: set[str] = set()
    while True:
        rng.shuffle(provinces)
        for p, prefs in provinces:
            with_counties = [a for a in prefs if any(c.level == "county" for c in kids.get(a.id, []))]
            a = rng.choice(with_counties)
            counties = [c for c in kids[a.id] if c.level == "county"]
            fresh = [c for c in counties if c.id not in used] or counties
            c = rng.choice(fresh)
            used.add(c.id)
            b = rng.choice([x for x in prefs if x.id != a.id])
            yield Line(p, a, b, c)


def _names(gaz: Gazetteer, region: Region) -> tuple[str, str]:
    full = gaz.place(region).bare if gaz.place(region).bare else region.name
    return full, gaz.short(region) or full


def rename(text: str, line: Line, gaz: Gazetteer) -> str:
    """The corpus's region names replaced by the line's, in one pass (longest form first)."""
    target = {"P": line.province, "A": line.prefecture, "B": line.other, "C": line.county}
    mapping: dict[str, str] = {}
    for full, short, role in ROLES:
        new_full, new_short = _names(gaz, target[role])
        mapping[full], mapping[short] = new_full, new_short
    forms = re.compile("|".join(sorted(map(re.escape, mapping), key=len, reverse=True)))
    return forms.sub(lambda m: mapping[m.group(0)], text)


def perturb(text: str, rng: random.Random) -> str:
    """Lists of names separated by 、 reordered, sometimes one item dropped."""

    def shuffle(m: re.Match[str]) -> str:
        items = m.group(0).split("、")
        if rng.random() < 0.5:
            rng.shuffle(items)
        if len(items) > 3 and rng.random() < 0.3:
            del items[rng.randrange(1, len(items))]
        return "、".join(items)

    return _LIST.sub(shuffle, text)


def synthetic_corpus(
    size: int, out: Path, seed: int = 0, gaz: Gazetteer | None = None, provinces: int | None = None
) -> list[Path]:
    """Write ``size`` plan files into ``out`` (see the module doc) and return their paths
    (``provinces``: spread the groups over only that many provinces)."""
    gaz = gaz or Gazetteer.load()
    rng = random.Random(seed)
    templates = [(p.stem[:3], p.read_text(encoding="utf-8")) for p in sorted(PLANS.glob("*.txt"))]
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    seen: set[str] = set()
    lines = region_lines(gaz, rng, provinces)
    group = 0
    while len(written) < size:
        line = next(lines) if group else None
        for stem, text in templates:
            if len(written) >= size:
                break
            body = text if line is None else rename(text, line, gaz)
            for _ in range(50):  # a text another plan already has would be refused: perturb again
                new = body if line is None else perturb(body, rng)
                if new not in seen:
                    break
            else:
                continue
            seen.add(new)
            path = out / f"g{group:04d}_{stem}.txt"
            path.write_text(new, encoding="utf-8")
            written.append(path)
        group += 1
    return written


# -- measuring -----------------------------------------------------------------------
@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float  # user + system seconds of the child (and the workers it waited for)
    stdout: str
    stderr: str
    status: int


def run(args: list[str], env: dict[str, str]) -> Run:
    """A child process, timed from spawn to exit, with its own peak RSS (``os.wait4``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, text, errors, proc.returncode)


def _folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def raw_read_clean(paths: list[Path]) -> float:
    """Seconds to read and normalise the bytes (read_bytes + clean), files already read into memory."""
    from loaders.clean import clean
    from loaders.read import read_bytes

    blobs = [(p.read_bytes(), p.name) for p in paths]
    t0 = time.perf_counter()
    for data, name in blobs:
        clean(read_bytes(data, name).text)
    return time.perf_counter() - t0


def query_latencies(store_arg: str, queries: int, rng: random.Random) -> tuple[float, list[float], int]:
    """(seconds to open the store and list its units, per-call seconds of tasks_of_units, rows of the last)."""
    from graph import queries as q
    from graph.stores import open_store

    t0 = time.perf_counter()
    store = open_store(store_arg)
    units = [u for u in q.list_units(store) if u.name.endswith(UNIT)]
    opened = time.perf_counter() - t0
    times: list[float] = []
    rows = 0
    for _ in range(queries):
        unit = rng.choice(units)
        t1 = time.perf_counter()
        rows = len(q.tasks_of_units(store, [unit.id]))
        times.append(time.perf_counter() - t1)
    store.close()
    return opened, times, rows


def app_first_render(store_arg: str, env: dict[str, str]) -> dict[str, float]:
    out = run(
        [sys.executable, str(ROOT / "bench" / "app_render.py"), "--child", store_arg],
        {**env, "PLANKG_STORE": store_arg},
    )
    if out.status != 0:
        raise SystemExit(f"app render failed:\n{out.stderr[-2000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(size: int, work: Path, queries: int, app: bool, seed: int) -> dict[str, object]:
    corpus, store_dir = work / "corpus", work / "store"
    store_dir.mkdir(parents=True)
    store_arg = str(store_dir / "graph.json")
    paths = synthetic_corpus(size, corpus, seed)
    env = {**os.environ, "PLANKG_DECISIONS": str(work / "decisions.yaml")}
    # PYTHONDONTWRITEBYTECODE (set in some sandboxes) would make every child compile every
    # module again (~0.15 s a process); an installed plankg has its bytecode, as the children do
    for var in ("PLANKG_STORE", "NEO4J_URI", "PYTHONDONTWRITEBYTECODE"):
        env.pop(var, None)
    load = [*PLANKG, "--store", store_arg, "load", str(corpus)]
    full = run(load, env)
    if full.status != 0:
        raise SystemExit(f"load of {size} plans failed ({full.status}):\n{full.stderr[-3000:]}")
    failed = sum(
        1 for line in full.stdout.splitlines() + full.stderr.splitlines() if "未载入" in line or "失败" in line
    )
    size_bytes = _folder_bytes(store_dir)
    raw = raw_read_clean(paths)
    again = run(load, env)
    changed_file = paths[len(paths) // 2]
    changed_file.write_text(changed_file.read_text(encoding="utf-8") + "\n本方案自印发之日起施行。\n", encoding="utf-8")
    one = run(load, env)
    answer = run([*PLANKG, "--store", store_arg, "tasks", "--unit", UNIT, "--region", REGION], env)
    if answer.status != 0 or len(answer.stdout.splitlines()) < 2:
        raise SystemExit(f"plankg tasks gave no answer ({answer.status}):\n{answer.stderr[-2000:]}")
    from graph.stores import open_store

    store = open_store(store_arg)
    graph = store.read_graph()
    store.close()
    links = sum(1 for e in graph.edges if e.type == "CASCADES_FROM" and e.src in graph.tasks)
    opened, lat, _rows = query_latencies(store_arg, queries, random.Random(seed))
    result: dict[str, object] = {
        "plans": size,
        "loaded": sum(1 for p in graph.plans.values() if not p.stub),
        "failed_lines": failed,
        "tasks": len(graph.tasks),
        "task_links": links,
        "edges": len(graph.edges),
        "bytes": sum(p.stat().st_size for p in paths),
        "full_load": full.seconds,
        "full_cpu": full.cpu,
        "full_peak_mb": full.peak_mb,
        "raw": raw,
        "again": again.seconds,
        "again_cpu": again.cpu,
        "again_peak_mb": again.peak_mb,
        "one_changed": one.seconds,
        "one_cpu": one.cpu,
        "one_peak_mb": one.peak_mb,
        "store_bytes": size_bytes,
        "first_answer": answer.seconds,
        "first_answer_cpu": answer.cpu,
        "first_answer_peak_mb": answer.peak_mb,
        "open": opened,
        "p50": _pct(lat, 50),
        "p99": _pct(lat, 99),
    }
    if app:
        render = app_first_render(store_arg, env)
        result["app_since_start"] = render["since_start"]
        result["app_render"] = render["render"]
    return result


def report(results: list[dict[str, object]]) -> None:
    def row(label: str, fmt: str, key: str, scale: float = 1.0) -> None:
        cells = []
        for r in results:
            v = r.get(key)
            cells.append(f"{fmt.format(float(v) * scale):>14}" if isinstance(v, int | float) else f"{'—':>14}")
        print(f"{label:<44}" + "".join(cells))

    print(f"{'':<44}" + "".join(f"{str(r['plans']) + ' plans':>14}" for r in results))
    row("plans loaded (of the corpus)", "{:.0f}", "loaded")
    row("tasks", "{:.0f}", "tasks")
    row("task CASCADES_FROM links", "{:.0f}", "task_links")
    row("corpus size (MB)", "{:.1f}", "bytes", 1 / 2**20)
    row("full load, CLI (s)", "{:.1f}", "full_load")
    row("  its CPU, user+sys incl. workers (s)", "{:.1f}", "full_cpu")
    row("raw read_bytes+clean of the bytes (s)", "{:.2f}", "raw")
    print(f"{'full load / raw (×)':<44}" + "".join(
        f"{float(r['full_load']) / max(float(r['raw']), 1e-9):>14.0f}" for r in results))  # type: ignore[arg-type]  # fmt: skip
    row("repeated load, nothing changed (s)", "{:.1f}", "again")
    row("  its CPU (s)", "{:.1f}", "again_cpu")
    row("load with one plan changed (s)", "{:.1f}", "one_changed")
    row("  its CPU (s)", "{:.1f}", "one_cpu")
    row("store size (MB)", "{:.1f}", "store_bytes", 1 / 2**20)
    row("peak RSS full load (MB)", "{:.0f}", "full_peak_mb")
    row("peak RSS repeated load (MB)", "{:.0f}", "again_peak_mb")
    row("peak RSS one-changed load (MB)", "{:.0f}", "one_peak_mb")
    row("plankg tasks, process start→answer (s)", "{:.2f}", "first_answer")
    row("  its CPU (s)", "{:.2f}", "first_answer_cpu")
    row("peak RSS plankg tasks (MB)", "{:.0f}", "first_answer_peak_mb")
    row("in-process: open store + list units (s)", "{:.2f}", "open")
    row("in-process tasks of a unit p50 (ms)", "{:.1f}", "p50", 1000)
    row("in-process tasks of a unit p99 (ms)", "{:.1f}", "p99", 1000)
    row("app first render, start→answer (s)", "{:.1f}", "app_since_start")
    row("app first render, render only (s)", "{:.1f}", "app_render")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated corpus sizes (default 100,1000)")
    parser.add_argument("--app-sizes", default="10000", help="sizes at which to time the app's first render")
    parser.add_argument("--queries", type=int, default=200, help="in-process queries per size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", help="build in this folder and keep it (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    app_sizes = {int(s) for s in args.app_sizes.split(",") if s.strip()}
    results = []
    with tempfile.TemporaryDirectory(prefix="plankg-scale-") as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        for size in sizes:
            work = base / f"n{size}"
            if work.exists():
                raise SystemExit(f"{work} exists: give an empty --keep folder")
            t0 = time.perf_counter()
            results.append(measure(size, work, args.queries, size in app_sizes, args.seed))
            print(f"[{size} plans measured in {time.perf_counter() - t0:.0f} s] {json.dumps(results[-1])}",
                  file=sys.stderr, flush=True)  # fmt: skip
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
          f"one run of each (wall clock); corpus seed {args.seed}")  # fmt: skip
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
