"""The 台账 page and the bureau page's lights in a real browser (Debian's chromium, as
tests/test_browser.py drives it).

The store is prepared before the server starts: data/plans/001 loaded, progress recorded for
荣成市市场监督管理局, then the plan's second version (tests/docs/ledger/) loaded over it, so the
page shows carried-over progress, lights (``PLANKG_TODAY=2024-01-05``: 3.1.2's 2023年底前 is
overdue for its five units) and the version comparison. The test fills in a row's progress in
the form and finds it in the row's history; the bureau page shows the bureau's overdue count.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from graph.ledger import Ledger
from graph.stores import open_store
from loaders.pipeline import load_paths
from tests.app_server import chromium, require_browser, streamlit_app
from tests.test_browser import ROOT, SHOTS, WIDTH, _idle, _open, _select

pytestmark = pytest.mark.browser

V1 = ROOT / "data" / "plans" / "001_2a4b5dd2cadd595a.txt"
V2 = ROOT / "tests" / "docs" / "ledger" / "001_2a4b5dd2cadd595a.txt"
AMR = "unit:荣成市市场监督管理局"


def _prepare(store_path: Path) -> None:
    store = open_store(str(store_path))
    assert not load_paths([V1], store).failed
    ledger = Ledger(store, clock=lambda: datetime(2023, 11, 20, 10, 0))
    plan = next(p for p in store.plans() if p.source == V1.name)
    ledger.set_progress(f"{plan.id}/t/3.1.1", AMR, "推进中", note="已梳理重点企业名单", reported_by="王五")
    ledger.set_progress(f"{plan.id}/t/3.2.2", AMR, "滞后", problems="银行对接慢")
    ledger.close()
    assert not load_paths([V2], store).failed
    store.close()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    folder = tmp_path_factory.mktemp("ledger_app")
    store = folder / "graph.sqlite"
    _prepare(store)
    env = {
        "PLANKG_STORE": str(store),
        "PLANKG_DECISIONS": str(folder / "decisions.yaml"),
        "PLANKG_TODAY": "2024-01-05",
    }
    with streamlit_app(folder, env) as base:
        yield base


@pytest.fixture(scope="module")
def page(url: str) -> Iterator[Any]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="zh-CN")
        pg = context.new_page()
        pg.set_default_timeout(90_000)
        yield pg
        context.close()


def _metric(page: Any, label: str) -> str:
    m = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    m.wait_for()
    return str(m.locator('[data-testid="stMetricValue"]').inner_text().strip())


def test_the_ledger_page_shows_lights_edits_a_row_and_compares_versions(page: Any, url: str) -> None:
    page.goto(url + "/ledger")
    page.get_by_role("heading", name="督查督办台账").first.wait_for()
    _idle(page)
    assert _metric(page, "台账行") == "76"
    assert _metric(page, "红灯") == "5"
    assert _metric(page, "灰灯") == "71"
    # the version comparison
    assert _metric(page, "新增") == "1" and _metric(page, "编号调整") == "2"
    # one bureau, overdue only
    _select(page, "责任单位", "荣成市市场监督管理局")
    assert _metric(page, "台账行") == "15"
    assert _metric(page, "红灯") == "1"
    _select(page, "选择台账行", "🔴 3.1.2 提升传统产业知识产权竞争优势 — 荣成市市场监督管理局")
    page.get_by_label("进展情况").last.fill("已完成商标挖潜走访50家")
    _select(page, "状态", "已完成")
    page.get_by_role("button", name="保存进展").click()
    page.get_by_text("已保存：3.1.2").wait_for()
    _idle(page)
    assert _metric(page, "红灯") == "0"
    assert _metric(page, "绿灯") == "1"
    page.get_by_text("历史记录（1 条）").wait_for()
    # the carried-over row: recorded on 3.2.2 in version 1, now 3.2.3
    _select(page, "选择台账行", "⚪ 3.2.3 拓展知识产权投融资渠道 — 荣成市市场监督管理局")
    page.get_by_text("历史记录（1 条）").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "ledger.png"), full_page=True)


def test_the_bureau_page_shows_the_overdue_count(page: Any, url: str) -> None:
    page.goto(url + "/")
    page.get_by_role("heading", name="责任单位任务查询").wait_for()
    _idle(page)
    _select(page, "地区", "荣成市")
    box = page.get_by_label("单位名称（简称、全称或别称均可）")
    box.fill("市农业农村局")
    box.press("Enter")
    _idle(page)
    assert _metric(page, "逾期") == "1"  # 3.1.2, due 2023年底前, nothing reported


def test_open_helper_is_shared(page: Any, url: str) -> None:
    page.goto(url + "/")
    _idle(page)
    _open(page, "台账", "督查督办台账")
