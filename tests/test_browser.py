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

import csv
import io
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl
import pytest
import yaml

from graph.exports import ASSIGNMENT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
from tests.app_server import chromium, require_browser, streamlit_app  # noqa: E402

SHOTS = ROOT / "docs" / "screenshots"
GOLDEN_UNITS = ROOT / "tests" / "golden" / "units"
WIDTH = 1400
BAD = "请各单位认真落实。".encode()

pytestmark = pytest.mark.browser
#: Every URL the browser requested during the session (checked: all to the app's own origin).
REQUESTS: list[str] = []
YANTAI_SAMR = "烟台市市场监督管理局"
YANTAI_ACTION = "003_e75adc5d0d9a8531.txt"


class Server(NamedTuple):
    url: str
    decisions: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on a free port, on an empty store in a temporary folder."""
    require_browser()
    folder = tmp_path_factory.mktemp("app")
    env = {"PLANKG_STORE": str(folder / "graph.json"), "PLANKG_DECISIONS": str(folder / "decisions.yaml")}
    with streamlit_app(folder, env) as url:
        yield Server(url, folder / "decisions.yaml")


@pytest.fixture(scope="module")
def page(server: Server) -> Iterator[Any]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": WIDTH, "height": 900}, accept_downloads=True, locale="zh-CN")
        pg = context.new_page()
        pg.set_default_timeout(90_000)
        pg.on("request", lambda request: REQUESTS.append(request.url))
        context.on("page", lambda other: other.on("request", lambda request: REQUESTS.append(request.url)))
        yield pg
        context.close()


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
    # the task tables are text in the page (one per plan): 2.1.1 is the bureau's own task
    row = page.locator("table.plankg-tasks tbody tr").filter(has=page.locator("td", has_text="严格知识产权保护"))
    assert row.first.locator("td").all_inner_texts()[:4] == ["2.1.1", "严格知识产权保护", "任务", "负责"]
    numbers = page.evaluate(
        """() => [...document.querySelectorAll('table.plankg-tasks')].map(t =>
            new Set([...t.querySelectorAll('tbody tr')].map(r => r.cells[0].innerText)).size)"""
    )
    assert sum(numbers) == expected  # every task once, grouped by plan
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

    # the csv opens right in Excel: a UTF-8 BOM (Excel's sign to read UTF-8) and Chinese headers
    with page.expect_download() as download:
        page.get_by_text("下载任务清单（CSV）").click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "来源文件", "所属规划", "编号", "类型", "标题", "责任单位", "原文写法", "单位所属地区", "角色", "顺位",
        "通过小组", "任务原文", "完成时限", "截止日期",
    ]  # fmt: skip
    assert any(r[2:6] == ["2.1.1", "任务", "严格知识产权保护", YANTAI_SAMR] and r[8] == "负责" for r in rows[1:])
    assert len({(r[0], r[2]) for r in rows[1:]}) == expected  # the same count as the page's 任务总数
    # the contract's English columns stay one click away
    page.locator('[data-testid="stRadio"]').get_by_text("英文字段（接口）").click()
    _idle(page)
    with page.expect_download() as download:
        page.get_by_text("下载任务清单（CSV）").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(ASSIGNMENT_COLUMNS)

    # the Word task list, read back
    with page.expect_download() as download:
        page.get_by_text("下载任务清单（Word）").click()
    import docx

    doc = docx.Document(download.value.path())
    assert doc.paragraphs[0].text == "烟台市市场监督管理局任务清单"
    assert f"共 {expected} 项任务" in doc.paragraphs[1].text
    assert [c.text for c in doc.tables[0].rows[0].cells][:4] == ["序号", "所属规划", "重点任务", "具体措施"]


def _search_bureau(page: Any, text: str, region: str) -> None:
    page.goto(server_url(page) + "/")
    page.get_by_role("heading", name="责任单位任务查询").wait_for()
    _idle(page)
    _select(page, "地区", region)
    box = page.get_by_label("单位名称（简称、全称或别称均可）")
    box.fill(text)
    box.press("Enter")
    _idle(page)


def server_url(page: Any) -> str:
    return str(page.url).split("/", 3)[0] + "//" + str(page.url).split("/", 3)[2]


def test_a_bureau_in_no_plan_is_not_found_and_no_other_bureaus_tasks_are_shown(page: Any, server: Server) -> None:
    page.goto(server.url + "/")
    _search_bureau(page, "市民政局", "全部地区")
    warning = page.locator('[data-testid="stAlert"]').filter(has_text="没有找到名为“市民政局”的单位")
    warning.wait_for()
    # the nearest units are listed with their regions, as candidates only
    for candidate in ("烟台市财政局［烟台市］", "威海市财政局［威海市］"):
        page.get_by_text(candidate).first.wait_for()
    assert page.locator('[data-testid="stMetric"]').count() == 0  # no 任务总数 of anyone
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    assert page.locator("table.plankg-tasks").count() == 0  # no task table of anyone
    assert page.get_by_text("下载任务分工表（Excel）").count() == 0
    _screenshot(page, "bureau_not_found")


def test_a_name_of_several_regions_is_offered_as_a_choice(page: Any, server: Server) -> None:
    page.goto(server.url + "/")
    _search_bureau(page, "市场监管局", "全部地区")
    page.locator('[data-testid="stAlert"]').filter(has_text="“市场监管局”在 4 个地区都有").wait_for()
    assert page.locator('[data-testid="stMetric"]').count() == 0  # nothing decided for the user
    _screenshot(page, "bureau_ambiguous")
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text("匹配到的单位", exact=True))
    box.click()
    page.get_by_role("option").filter(has_text=f"{YANTAI_SAMR}［烟台市］（相似度高").click()
    _idle(page)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="任务总数")
    assert metric.locator('[data-testid="stMetricValue"]').inner_text().strip() == str(_golden_count(YANTAI_SAMR))


def test_the_overview_counts_equal_the_bureau_pages(page: Any, server: Server) -> None:
    page.goto(server.url + "/overview")
    page.get_by_role("heading", name="单位任务总览").wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    _idle(page)
    _screenshot(page, "overview")
    with page.expect_download() as download:
        page.get_by_text("下载总览（CSV）").click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    counts = {r["单位"]: int(r["任务总数"]) for r in table}
    for unit in (YANTAI_SAMR, "荣成市市场监督管理局", "烟台市科学技术局"):
        assert counts[unit] == _golden_count(unit), unit
    # one click to the bureau's page, which shows the same count
    _select(page, "打开单位的任务页面", "荣成市市场监督管理局")
    page.get_by_text("查看荣成市市场监督管理局的任务").click()
    page.get_by_role("heading", name="责任单位任务查询").wait_for()
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="任务总数")
    metric.wait_for()
    _idle(page)
    assert metric.locator('[data-testid="stMetricValue"]').inner_text().strip() == str(counts["荣成市市场监督管理局"])


def test_search_finds_a_phrase_in_two_plans_in_traditional_characters(page: Any, server: Server) -> None:
    page.goto(server.url + "/search")
    page.get_by_role("heading", name="全文搜索").wait_for()
    _idle(page)
    box = page.get_by_label("查找内容")
    box.fill("知識產權質押融資")  # traditional for 知识产权质押融资
    box.press("Enter")
    _idle(page)
    marks = page.locator("mark").filter(has_text="知识产权质押融资")
    marks.first.wait_for()
    plans = {t.split("　·　")[-1] for t in page.locator('[data-testid="stMarkdown"] strong').all_inner_texts()}
    found = page.locator('[data-testid="stMarkdown"]').filter(has_text="　·　").all_inner_texts()
    titles = {t.split("　·　", 1)[1] for t in found}
    assert len(titles) >= 2, titles
    assert plans
    _screenshot(page, "search")
    # one click to the plan of the first result
    page.get_by_text("打开规划").first.click()
    page.get_by_role("heading", name="规划体系").wait_for()
    _idle(page)


def test_the_print_view_prints_every_row_of_the_62_task_bureau(page: Any, server: Server, tmp_path: Path) -> None:
    golden = json.loads((GOLDEN_UNITS / YANTAI_ACTION.replace(".txt", ".json")).read_text(encoding="utf-8"))
    paths = [p for p, ms in golden["tasks"].items() if any(m[1] == YANTAI_SAMR for m in ms)]
    assert len(paths) == 62
    page.goto(server.url + f"/print?unit=unit:{YANTAI_SAMR}")
    page.get_by_role("heading", name="打印视图").wait_for()
    page.locator(".plankg-print table").first.wait_for()
    _idle(page)
    _screenshot(page, "print")
    pdf = tmp_path / "print.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)
    page.emulate_media(media="screen")
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        pages = [p.extract_text() or "" for p in doc.pages]
    text = "\n".join(pages)
    assert len(pages) > 2  # all rows, over several pages
    assert all("序号" in t and "编号" in t for t in pages), "the header is repeated on every page"
    assert "打印视图" not in text and "单位名称" not in text  # no widgets on paper
    words = {w for line in text.splitlines() for w in line.split()}
    from app_pages.labels import path_label

    missing = [p for p in paths if path_label(p) not in words]
    assert not missing, missing
    numbers = {w for w in words if w.isdigit()}
    assert {str(n) for n in range(1, 63)} <= numbers


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


def test_a_plan_is_removed_and_the_units_follow(page: Any, server: Server) -> None:
    # the proof-read copy of 烟台's plan loaded above doubles the bureau's tasks; remove it
    from loaders.pipeline import parse_document

    text = (ROOT / "data" / "plans" / YANTAI_ACTION).read_text(encoding="utf-8")
    copy_id = parse_document(text.replace("市科技局", "市科学局", 1).encode(), "烟台行动方案校对稿.txt").plan.id
    page.goto(server.url + f"/plans?plan={copy_id}")
    page.get_by_role("heading", name="规划体系").wait_for()
    page.get_by_text("烟台行动方案校对稿.txt").first.wait_for()  # 源文件 of the chosen plan
    _idle(page)
    page.get_by_text("移除此规划").first.click()
    page.get_by_role("button", name="移除此规划…").click()
    page.get_by_text("确定要移除《烟台市知识产权高质量发展三年行动方案》（烟台行动方案校对稿.txt）吗？").wait_for()
    page.get_by_role("button", name="确认移除").click()
    page.get_by_text("已移除：《烟台市知识产权高质量发展三年行动方案》").wait_for()
    _idle(page)
    log = [json.loads(line) for line in (server.decisions.parent / "audit.jsonl").read_text().splitlines()]
    assert (log[-1]["action"], log[-1]["source"], log[-1]["plan_id"]) == ("remove", "烟台行动方案校对稿.txt", copy_id)
    assert log[-1]["who"] and log[-1]["time"]
    assert [r["action"] for r in log] == ["upload", "decision", "remove"]  # every write, in order
    _open(page, "上传", "上传规划文件")
    page.get_by_text("已载入的规划（5）").wait_for()
    _search_bureau(page, "市市场监管局", "烟台市")  # the bureau's tasks are its own plan's again
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="任务总数")
    assert metric.locator('[data-testid="stMetricValue"]').inner_text().strip() == str(_golden_count(YANTAI_SAMR))


def test_review_marks_a_mention_as_not_a_unit(page: Any, server: Server) -> None:
    text = (ROOT / "data" / "plans" / YANTAI_ACTION).read_text(encoding="utf-8")
    odd = text.replace("市科技局", "市科普局", 1).encode()
    page.goto(server.url + "/upload")
    page.get_by_role("heading", name="上传规划文件").wait_for()
    _idle(page)
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": "烟台行动方案二校稿.txt", "mimeType": "text/plain", "buffer": odd}]
    )
    _idle(page)
    page.get_by_role("button", name="载入知识图谱").click()
    page.get_by_text("已新增：烟台行动方案二校稿.txt").wait_for()
    _open(page, "审核", "单位匹配审核")
    page.locator('[data-testid="stRadio"]').get_by_text("不是单位：这个写法不是责任单位（从任务中删去）").click()
    _idle(page)
    page.get_by_role("button", name="保存决定并重新计算").click()
    page.get_by_text("已保存（不是单位）：“市科普局”").wait_for()
    page.get_by_text("没有需要审核的单位匹配。").wait_for()
    saved = yaml.safe_load(server.decisions.read_text(encoding="utf-8"))
    assert saved[-1] == {"action": "not_unit", "alias": "市科普局", "region": "烟台市", "unit": "unit:烟台市科普局"}
    log = [json.loads(line) for line in (server.decisions.parent / "audit.jsonl").read_text().splitlines()]
    assert [r["action"] for r in log][-2:] == ["upload", "decision"]
    # the phrase is gone from the task it was printed in, and from every unit
    _search_bureau(page, "烟台市科普局", "烟台市")
    page.locator('[data-testid="stAlert"]').filter(has_text="没有找到在烟台市名为“烟台市科普局”的单位").wait_for()


def _listening(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port`` (/proc/net/tcp and tcp6)."""
    found = set()
    for name in ("tcp", "tcp6"):
        table = Path(f"/proc/net/{name}")
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # LISTEN
                if name == "tcp":
                    found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]))
                else:
                    raw = bytes.fromhex(address)
                    found.add(
                        socket.inet_ntop(socket.AF_INET6, b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4)))
                    )
    return found


def test_the_server_listens_on_localhost_only_and_the_browser_asks_only_it(page: Any, server: Server) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    assert _listening(port) == {"127.0.0.1"}
    # every request of the whole session (pages, scripts, fonts, downloads) went to the app itself
    assert REQUESTS, "no request was recorded"
    own = (server.url, "data:", "blob:")
    outside = sorted({u for u in REQUESTS if not u.startswith(own)})
    assert outside == [], outside
