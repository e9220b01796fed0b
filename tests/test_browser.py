"""The real app in a real browser: ``streamlit run app.py`` driven by Debian's chromium.

Starts the server on a free port with an empty temporary store (so the first
start loads the built-in corpus), searches a bureau as a coordinator would,
downloads its 任务分工表 and reads the file back with openpyxl, shows a bad
upload being refused, and saves a screenshot of every page to
``docs/screenshots/``. The browser is never downloaded: Playwright drives
``/usr/bin/chromium``; without it this test fails, unless
``PLANKG_SKIP_BROWSER=1`` says this machine has no browser on purpose.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "docs" / "screenshots"
GOLDEN_UNITS = ROOT / "tests" / "golden" / "units"
WIDTH = 1400
BAD = "请各单位认真落实。".encode()

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"streamlit did not answer within {seconds}s:\n{log.read_text(errors='replace')}")


class Server(NamedTuple):
    url: str
    decisions: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on a free port, on an empty store in a temporary folder."""
    if os.environ.get("PLANKG_SKIP_BROWSER") == "1":
        pytest.skip("PLANKG_SKIP_BROWSER=1: this machine runs no browser")
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk"
    folder = tmp_path_factory.mktemp("app")
    port = _free_port()
    env = {
        **os.environ,
        "PLANKG_STORE": str(folder / "graph.json"),
        "PLANKG_DECISIONS": str(folder / "decisions.yaml"),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    env.pop("NEO4J_URI", None)
    log = folder / "streamlit.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.port", str(port), "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield Server(url, folder / "decisions.yaml")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def page(server: Server) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": WIDTH, "height": 900}, accept_downloads=True, locale="zh-CN")
        pg = context.new_page()
        pg.set_default_timeout(90_000)
        yield pg
        context.close()
        browser.close()


def _idle(page: Any) -> None:
    """Wait until the script has finished running (the status widget is gone)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.wait_for_timeout(300)


def _screenshot(page: Any, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its own container, so grow the window to fit."""
    _idle(page)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": max(900, min(int(height) + 160, 3600))})
    page.wait_for_timeout(1200)  # charts re-measure after a resize
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": WIDTH, "height": 900})
    assert path.stat().st_size > 20_000  # a rendered page, not a blank one
    return path


def _select(page: Any, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label``, typing to filter (long lists are virtual)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True))
    box.wait_for(state="visible")
    box.click()
    page.keyboard.type(option)
    choice = page.get_by_role("option", name=option, exact=True)
    choice.click()
    _idle(page)


def _open(page: Any, title: str, heading: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    page.get_by_role("heading", name=heading).first.wait_for()
    _idle(page)


def _golden_count(unit: str) -> int:
    """Distinct tasks of ``unit`` in the units golden files (directly or through its groups)."""
    files = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(GOLDEN_UNITS.glob("*.json"))]
    groups = {g for d in files for g, members in d.get("members", {}).items() if unit in members}
    return len(
        {
            (d["source"], path)
            for d in files
            for path, mentions in d["tasks"].items()
            if {m[1] for m in mentions} & ({unit} | groups)
        }
    )


def _golden_annex_rows(unit: str) -> int:
    """Rows of annexed task tables (paths A.…) naming ``unit`` in the units golden files."""
    files = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(GOLDEN_UNITS.glob("*.json"))]
    return sum(
        1
        for d in files
        for path, mentions in d["tasks"].items()
        if path.startswith("A.") and unit in {m[1] for m in mentions}
    )


def test_a_coordinator_finds_a_bureaus_tasks_and_downloads_its_table(page: Any, server: Server, tmp_path: Path) -> None:
    page.goto(server.url + "/")
    # first start: the empty store is filled from data/plans, then the bureau page shows
    page.get_by_role("heading", name="责任单位任务查询").wait_for()
    page.get_by_text("并排对比其他单位").wait_for()
    _idle(page)
    _select(page, "地区", "烟台市")
    box = page.get_by_label("单位名称（简称、全称或别称均可）")
    box.fill("市市场监管局")
    box.press("Enter")
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="任务总数")
    metric.wait_for()
    _idle(page)
    expected = _golden_count("烟台市市场监督管理局")
    assert metric.locator('[data-testid="stMetricValue"]').inner_text().strip() == str(expected)
    # the tables are drawn on a canvas; the task's own sentence is text
    page.get_by_text("查看任务原文").first.click()
    _idle(page)
    _select(page, "选择任务", "2.1.1 严格知识产权保护")
    source = page.locator('[data-testid="stText"]').first
    source.wait_for()
    assert source.inner_text().startswith("1.严格知识产权保护。探索建立行政保护技术调查官制度")
    _screenshot(page, "bureau")

    with page.expect_download() as download:
        page.get_by_text("下载任务分工表（Excel）").click()
    assert download.value.suggested_filename == "烟台市市场监督管理局任务分工表.xlsx"
    saved = tmp_path / "table.xlsx"
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    sheets = [ws for ws in book.worksheets if ws.title.startswith("烟台市市场监督管理局")]
    assert len(sheets) == 1
    ws = sheets[0]
    header = next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[0] == "序号")
    columns = [c.value for c in ws[header]]
    assert columns[:4] == ["序号", "所属规划", "重点任务", "具体措施"] and "完成时限" in columns
    numbers = [row[0] for row in ws.iter_rows(min_row=header + 1, values_only=True) if isinstance(row[0], int)]
    # 烟台's action plan has its own 任务分工表: the bureau's rows of it stand for its body tasks
    assert numbers == list(range(1, _golden_annex_rows("烟台市市场监督管理局") + 1))
    tasks = " ".join(str(row[2]) for row in ws.iter_rows(min_row=header + 1, values_only=True) if row[2])
    assert "严格知识产权保护" in tasks

    with page.expect_download() as download:
        page.get_by_text("下载任务清单（CSV）").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert (
        lines[0] == "source,plan_title,path,kind,title,unit,unit_short,unit_region,role,order,via_group,quote,"
        "deadline_text,due_date"
    )
    assert any(",2.1.1,task,严格知识产权保护,烟台市市场监督管理局," in line for line in lines)


def test_every_page_renders_and_is_photographed(page: Any, server: Server) -> None:
    page.goto(server.url + "/")
    page.get_by_role("heading", name="责任单位任务查询").wait_for()
    _idle(page)

    _open(page, "规划", "规划体系")
    page.locator('[data-testid="stGraphVizChart"] svg').first.wait_for()
    page.get_by_text("下载本规划任务分工表（Excel）").wait_for()  # waits: Streamlit renders in steps
    _screenshot(page, "plans")

    _open(page, "指标", "指标对比")
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    _screenshot(page, "indicators")

    _open(page, "传导", "任务传导")
    _screenshot(page, "cascade")

    # 上传: a bad file is refused in one line and changes nothing ...
    _open(page, "上传", "上传规划文件")
    uploader = page.locator('input[type="file"]')
    uploader.set_input_files(files=[{"name": "坏文件.txt", "mimeType": "text/plain", "buffer": BAD}])
    page.get_by_role("button", name="载入知识图谱").click()
    error = page.locator('[data-testid="stAlert"]').filter(has_text="无法载入：坏文件.txt: ")
    error.wait_for()
    assert "\n" not in error.inner_text().strip()
    _idle(page)  # the run that refused the file is over: what shows now is its result
    page.get_by_text("已载入的规划（5）").wait_for()  # the refused file changed nothing
    assert page.get_by_text("已载入的规划（6）").count() == 0
    # ... while a good one next to it is loaded: 烟台's plan with 市科技局 misprinted once
    text = (ROOT / "data" / "plans" / "003_e75adc5d0d9a8531.txt").read_text(encoding="utf-8")
    misprint = text.replace("市科技局", "市科学局", 1).encode()
    uploader.set_input_files(files=[{"name": "烟台行动方案校对稿.txt", "mimeType": "text/plain", "buffer": misprint}])
    _idle(page)
    page.get_by_role("button", name="载入知识图谱").click()
    page.get_by_text("已新增：烟台行动方案校对稿.txt").wait_for()
    page.get_by_text("已载入的规划（6）").wait_for()
    _screenshot(page, "upload")

    # 审核: the misprint no rule resolves is put right by a person
    _open(page, "审核", "单位匹配审核")
    pending = page.locator('[data-testid="stMetric"]').filter(has_text="待审核")
    assert pending.locator('[data-testid="stMetricValue"]').inner_text().strip() == "1"
    _select(page, "正确的单位", "烟台市科学技术局")
    _screenshot(page, "review")
    page.get_by_role("button", name="保存决定并重新计算").click()
    page.get_by_text("已保存（改正）：“市科学局” → 烟台市科学技术局").wait_for()
    page.get_by_text("没有需要审核的单位匹配。").wait_for()
    saved = yaml.safe_load(server.decisions.read_text(encoding="utf-8"))
    assert saved == [{"action": "confirm", "alias": "市科学局", "region": "烟台市", "unit": "unit:烟台市科学技术局"}]
