"""The bureau page's first render, measured in the real browser (Debian's chromium via Playwright).

    .venv/bin/python bench/browser_render.py [--runs 7]

A fresh ``streamlit run app.py`` on a store holding data/plans/; the browser opens
``/?unit=unit:烟台市市场监督管理局`` (the link the overview and search pages give) and the
clock stops at the first paint of the bureau's task table. The clock is the page's own
(``performance.now()``, from the navigation's start): a MutationObserver installed before
the page loads notes when the first row of the first task table enters the document, and
the time of the frame painted after it (two animation frames later) is the figure;
Playwright's own polling would add its round trips (0.3 s under load) to what a user sees.

After the clock stops the answer is checked against the store (not timed): the first row is
the bureau's first task, the tables hold every one of its tasks (distinct 编号 per plan =
``graph.queries.workload``) and 任务总数 says the same, so a fast page with a wrong or empty
table fails the bench. Cold: the first page of a freshly started server and a fresh browser
profile (the script's imports, the store's opening and every static file included); warm: a
new browser tab (a new session) on the running server, median of ``--runs``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT = "unit:烟台市市场监督管理局"
#: The first row of the bureau's first task table (``views.task_table_html``).
FIRST_ROW = "table.plankg-tasks tbody tr"
#: Installed before the page loads: when ``selector`` first matches, wait for the next frame
#: to be painted (two animation frames) and note the time since the navigation started.
_PAINT_PROBE = """(selector) => {
  const check = () => {
    if (window.__plankgSeen === undefined && document.querySelector(selector)) {
      window.__plankgSeen = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__plankgPainted = performance.now(); }));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
}"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from app_pages.labels import path_label
    from graph import queries
    from graph.stores import open_store
    from loaders.pipeline import load_paths

    with tempfile.TemporaryDirectory(prefix="plankg-bench-") as tmp:
        store, decisions = Path(tmp) / "graph.json", Path(tmp) / "decisions.yaml"
        opened = open_store(str(store))
        load_paths([ROOT / "data" / "plans"], opened, decisions=decisions)
        rows = queries.tasks_of_units(opened, [UNIT], via_groups=True)
        expected, first_row = queries.workload(rows).total, (path_label(rows[0].path), rows[0].title)
        opened.close()
        env = {**os.environ, "PLANKG_STORE": str(store), "PLANKG_DECISIONS": str(decisions)}
        env.pop("NEO4J_URI", None)
        port = _port()
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.fileWatcherType", "none"]  # fmt: skip
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=flags)
                context = browser.new_context(viewport={"width": 1400, "height": 900})  # one profile: cached assets
                times = []
                total = ""
                for _i in range(args.runs + 1):
                    page = context.new_page()
                    page.add_init_script(f"({_PAINT_PROBE})({json.dumps(FIRST_ROW)})")
                    page.goto(f"{url}/?unit={UNIT}")
                    page.wait_for_function("() => window.__plankgPainted !== undefined", timeout=60_000)
                    times.append(page.evaluate("() => window.__plankgPainted") / 1000)
                    row = page.locator(FIRST_ROW).first
                    row.wait_for(state="visible")
                    cells = row.locator("td").all_inner_texts()
                    assert tuple(cells[:2]) == first_row, (cells, first_row)
                    metric = page.locator('[data-testid="stMetric"]').filter(has_text="任务总数")
                    total = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
                    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)
                    shown = page.evaluate(
                        """() => [...document.querySelectorAll('table.plankg-tasks')].map(t =>
                            new Set([...t.querySelectorAll('tbody tr')].map(r => r.cells[0].innerText)).size)"""
                    )
                    assert total == str(expected) and sum(shown) == expected, (total, shown, expected)
                    page.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    cold, warm = times[0], times[1:]
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"bureau page in chromium: {UNIT} -> 任务总数 {total}, its task tables painted (first paint)")
    print(f"  cold (first page of a fresh server): {cold * 1000:7.0f} ms")
    print(f"  warm (new tab, new session)       : median {statistics.median(warm) * 1000:7.0f} ms"
          f"  (min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f}; {len(warm)} runs)")  # fmt: skip


if __name__ == "__main__":
    main()
