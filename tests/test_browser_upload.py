"""Nothing frozen, in a real browser: one session's page renders while another session's upload
is being parsed (issue #11: "an app session whose page renders while another session's upload is
parsing (real browser, first paint under 3 s)").

Session 1 uploads a large but valid plan — 烟台's action plan from data/plans as a compilation of
100 copies (2.8 MB of text; about 7 s to parse on this 2-core machine, then the graph is rebuilt);
the app parses it in a worker process from a background thread (``common.start_load``,
``loaders.parse_pool``). While its page still says the parse is running (进度 0/1), session 2 — a
second browser context, which has used the app before — opens the bureau page, and its task
table must be painted within 3 s of the navigation. The parse must still be running after that
paint (as session 1's own page shows it), and the upload must land afterwards: session 1 reports
the file added, and session 2's next page shows the bureau's tasks of the new plan too.

Debian's chromium through Playwright (``tests/app_server.py``); no browser is ever downloaded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app_pages.labels import path_label
from graph import queries
from graph.stores import open_store
from loaders.pipeline import load_paths
from tests.app_server import chromium, require_browser, streamlit_app

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
YANTAI_ACTION = PLANS / "003_e75adc5d0d9a8531.txt"
UNIT = "unit:烟台市市场监督管理局"
BIG = "烟台行动方案汇编.txt"
COPIES = 100
FIRST_PAINT_BUDGET_MS = 3000

pytestmark = pytest.mark.browser

#: Session 2's clock (installed before its page loads): when the first row of a task table enters
#: the document, the frame painted after it (two animation frames) is its first paint; the time
#: is kept both from the navigation's start and as wall-clock time (to compare with session 1).
PAINT_PROBE = """() => {
  const check = () => {
    if (window.__seen === undefined && document.querySelector("table.plankg-tasks tbody tr")) {
      window.__seen = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__paintedAt = Date.now();
        window.__painted = performance.now();
      }));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
}"""

#: Session 1's watch on its own progress line: the wall-clock time it first shows the parse done
#: (进度 1/1: rebuilding) or the load's result — whichever comes first.
PARSE_WATCH = """() => {
  window.__parseDoneAt = undefined;
  const timer = setInterval(() => {
    const text = document.body ? document.body.innerText : "";
    if (text.includes("（1/1）") || text.includes("已新增：")) {
      window.__parseDoneAt = Date.now();
      clearInterval(timer);
    }
  }, 50);
}"""


def _idle(page: Any) -> None:
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.wait_for_timeout(300)


def _first_paint(context: Any, url: str) -> tuple[float, float, Any]:
    """Open ``url`` in a new tab (a new session): (ms from the navigation's start to the first
    paint of the task table, that moment's wall-clock time in ms, the page)."""
    page = context.new_page()
    page.add_init_script(f"({PAINT_PROBE})()")
    page.goto(url)
    page.wait_for_function("() => window.__painted !== undefined", timeout=120_000)
    return page.evaluate("() => window.__painted"), page.evaluate("() => window.__paintedAt"), page


def _bureau_total(page: Any) -> int:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="任务总数")
    return int(metric.locator('[data-testid="stMetricValue"]').inner_text().strip())


def test_a_page_paints_within_3_s_while_another_sessions_upload_is_parsing(tmp_path: Path) -> None:
    require_browser()
    store_path, decisions = tmp_path / "graph.sqlite", tmp_path / "decisions.yaml"
    store = open_store(str(store_path))
    load_paths([PLANS], store, decisions=decisions)
    rows = queries.tasks_of_units(store, [UNIT], via_groups=True)
    before = queries.workload(rows).total
    expected_first = [path_label(rows[0].path), rows[0].title]
    store.close()
    assert before == 62
    text = YANTAI_ACTION.read_text(encoding="utf-8")
    big = "\n".join([text] * COPIES).encode("utf-8")
    assert len(big) > 2_500_000

    env = {"PLANKG_STORE": str(store_path), "PLANKG_DECISIONS": str(decisions), "PLANKG_PARSE_BUDGET": "600"}
    with streamlit_app(tmp_path, env) as url, chromium() as browser:
        reader = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        # session 2 has used the app before (its browser holds the app's scripts, the server has
        # shown the bureau page once): what is measured is the effect of the upload, not a cold start
        first = reader.new_page()
        first.goto(f"{url}/?unit={UNIT}")
        first.locator("table.plankg-tasks tbody tr").first.wait_for(timeout=120_000)
        _idle(first)
        first.close()
        quiet_ms = _first_paint(reader, f"{url}/?unit={UNIT}")[0]  # the same, with no upload running

        uploader = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN").new_page()
        uploader.set_default_timeout(120_000)
        uploader.goto(url + "/upload")
        uploader.get_by_role("heading", name="上传规划文件").wait_for()
        _idle(uploader)
        uploader.locator('input[type="file"]').set_input_files(
            files=[{"name": BIG, "mimeType": "text/plain", "buffer": big}]
        )
        _idle(uploader)
        uploader.evaluate(PARSE_WATCH)
        clicked_at = uploader.evaluate("() => Date.now()")
        uploader.get_by_role("button", name="载入知识图谱").click()
        uploader.get_by_text("正在解析并重建知识图谱（0/1）").wait_for()  # the parse is running
        uploader.wait_for_timeout(2000)  # the worker started (its fork server imports the loaders) and parses

        # session 2: a new tab, a new session, while session 1's plan is being parsed
        painted_ms, painted_at, page = _first_paint(reader, f"{url}/?unit={UNIT}")
        first_row = page.locator("table.plankg-tasks tbody tr").first.locator("td").all_inner_texts()
        assert first_row[:2] == expected_first  # the bureau's own first task, painted
        assert _bureau_total(page) == before  # the graph as last committed: the upload is not in it yet

        # the parse was still running after that paint, as session 1's own page shows it
        uploader.wait_for_function("() => window.__parseDoneAt !== undefined", timeout=600_000)
        parse_done_at = uploader.evaluate("() => window.__parseDoneAt")
        assert painted_at < parse_done_at, "the page painted only after the parse was over"
        assert parse_done_at - clicked_at >= 5000, f"the parse took {parse_done_at - clicked_at} ms: not a long one"
        assert painted_ms < FIRST_PAINT_BUDGET_MS, (
            f"first paint {painted_ms:.0f} ms while an upload was parsing ({quiet_ms:.0f} ms without;"
            f" parse {parse_done_at - clicked_at} ms)"
        )

        # and the upload lands: session 1 says so, session 2's next page shows the new plan's tasks
        uploader.get_by_text(f"已新增：{BIG}").wait_for(timeout=600_000)
        uploader.get_by_text("已载入的规划（6）").wait_for()
        page.goto(f"{url}/?unit={UNIT}")
        page.locator("table.plankg-tasks tbody tr").first.wait_for(timeout=120_000)
        _idle(page)
        store = open_store(str(store_path))
        after = queries.workload(queries.tasks_of_units(store, [UNIT], via_groups=True)).total
        title = next(p.title for p in queries.list_plans(store) if p.source == BIG)
        store.close()
        assert after > before and _bureau_total(page) == after
        assert page.locator("h4").filter(has_text=title).count() == 2  # 烟台's plan, and its compilation
        figures = {"first_paint_ms": round(painted_ms), "without_upload_ms": round(quiet_ms)}
        print(json.dumps({**figures, "parse_ms": parse_done_at - clicked_at}))
