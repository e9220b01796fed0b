"""The bureau page's first render, measured in the real browser (Debian's chromium via Playwright).

    .venv/bin/python bench/browser_render.py [--runs 7]

A fresh ``streamlit run app.py`` on a store holding data/plans/; the browser opens
``/?unit=unit:烟台市市场监督管理局`` (the link the overview and search pages give) and the
clock stops when the page shows the bureau's 任务总数. Cold: the first page of a freshly
started server (the script's imports and the store's opening included); warm: a new
browser tab (a new session) on the running server, median of ``--runs``.
"""

from __future__ import annotations

import argparse
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

    from graph.stores import open_store
    from loaders.pipeline import load_paths

    with tempfile.TemporaryDirectory(prefix="plankg-bench-") as tmp:
        store, decisions = Path(tmp) / "graph.json", Path(tmp) / "decisions.yaml"
        load_paths([ROOT / "data" / "plans"], open_store(str(store)), decisions=decisions)
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
                    t0 = time.perf_counter()
                    page.goto(f"{url}/?unit={UNIT}")
                    metric = page.locator('[data-testid="stMetric"]').filter(has_text="任务总数")
                    metric.locator('[data-testid="stMetricValue"]').wait_for(timeout=60_000)
                    times.append(time.perf_counter() - t0)
                    total = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
                    page.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    cold, warm = times[0], times[1:]
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"bureau page in chromium: {UNIT} -> 任务总数 {total}")
    print(f"  cold (first page of a fresh server): {cold * 1000:7.0f} ms")
    print(f"  warm (new tab, new session)       : median {statistics.median(warm) * 1000:7.0f} ms"
          f"  (min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f}; {len(warm)} runs)")  # fmt: skip


if __name__ == "__main__":
    main()
