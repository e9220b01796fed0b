"""Every page of the Streamlit app, driven through ``streamlit.testing.v1.AppTest``.

The app runs on a real store in a temporary folder: the built-in corpus
(data/plans) loaded by the real pipeline, or the hand-made sample graph where
a page needs something the corpus may not hold (a fuzzy unit match to
review). Expected values come from the golden files under tests/golden, each
checked by hand against its document (outline and metadata, the units of every
task, indicators, 烟台's annexed table, the true cascade links), from the text
of data/plans itself, or are written out here after reading the documents. The
store is read only to find a plan's id by its file name and to check what a
load or a page wrote to it (against the same kind of pinned values), never for
the answer a page should show.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Collection, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages import views
from app_pages.plan_tree import plan_tree_dot, plan_tree_lines
from graph import queries
from graph.errors import DocumentError
from graph.stores.networkx_store import NetworkXStore
from loaders.pipeline import load_paths, parse_document

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PLANS = ROOT / "data" / "plans"
GOLDEN = ROOT / "tests" / "golden"
GOLDEN_UNITS = GOLDEN / "units"
TIMEOUT = 60
WEIHAI = "000_b57c6997ad00b46f.txt"
PROVINCE = "002_4541fba75fe61fad.txt"
YANTAI_ACTION = "003_e75adc5d0d9a8531.txt"
SOURCES = sorted(f.name for f in PLANS.glob("*.txt"))
#: the level names the pages print
LEVELS = {"national": "国家", "province": "省级", "prefecture": "地市级", "county": "县级"}


def _golden(folder: str, source: str) -> Any:
    """The golden file of one corpus document under tests/golden/<folder>/."""
    return json.loads((GOLDEN / folder / f"{Path(source).stem}.json").read_text(encoding="utf-8"))


def _title(source: str) -> str:
    """A corpus document's title, as its outline golden file has it."""
    title: str = _golden("outline", source)["plan"]["title"]
    return title


# -- fixtures ----------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus loaded once into a store file; tests copy it before writing."""
    folder = tmp_path_factory.mktemp("corpus")
    path = folder / "graph.sqlite"
    store = NetworkXStore(path)
    report = load_paths([PLANS], store, decisions=folder / "decisions.yaml")
    store.close()  # the last connection closed: the WAL is checkpointed into the file copied below
    assert report.failed == []
    assert len(report.added) == 5
    return path


@pytest.fixture
def corpus(corpus_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the corpus store, named by ``PLANKG_STORE`` for the app."""
    path = tmp_path / "graph.sqlite"
    shutil.copyfile(corpus_file, path)
    monkeypatch.setenv("PLANKG_STORE", str(path))
    monkeypatch.setenv("PLANKG_DECISIONS", str(tmp_path / "decisions.yaml"))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    yield path


def _app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _until_loaded(at: AppTest, seconds: float = 120) -> AppTest:
    """Rerun the upload page until its background load is done (it shows progress meanwhile)."""
    deadline = time.monotonic() + seconds
    while any("后台" in c.value for c in at.caption):
        assert time.monotonic() < deadline, "the upload did not finish"
        time.sleep(0.2)
        at.run()
    return at


def _texts(at: AppTest) -> str:
    """Everything the page wrote as markdown, captions and titles, one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [t.value for t in at.title] + [s.value for s in at.subheader]
    return "\n".join(parts)


# -- first start -------------------------------------------------------------


def test_first_start_on_an_empty_store_loads_the_built_in_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "fresh" / "graph.json"
    monkeypatch.setenv("PLANKG_STORE", str(store))
    monkeypatch.setenv("PLANKG_DECISIONS", str(tmp_path / "decisions.yaml"))
    at = _app("app_pages/plans.py")
    loaded = [p for p in NetworkXStore(store).plans() if not p.stub]
    assert sorted(p.source for p in loaded) == sorted(f.name for f in PLANS.glob("*.txt"))
    assert at.title[0].value == "规划体系"
    assert at.selectbox(key="plans_pick").options and len(at.selectbox(key="plans_pick").options) == 5
    assert not at.warning  # no file failed


# -- 责任单位 ------------------------------------------------------------------


def test_bureau_page_is_the_default_and_asks_for_a_name(corpus: Path) -> None:
    at = _app()
    assert at.title[0].value == "责任单位任务查询"
    assert at.text_input(key="bureau_query").value == ""
    assert "烟台市" in at.selectbox(key="bureau_region").options
    assert any("请在上方输入单位名称" in i.value for i in at.info)
    assert not at.download_button  # nothing chosen, nothing to download


def _golden_workload(unit: str) -> tuple[int, int]:
    """(tasks in all, tasks held only through a group) of ``unit`` in the units golden files.

    A task is a (source, path); a group's tasks count for each member listed
    in a golden file's ``members``.
    """
    files = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(GOLDEN_UNITS.glob("*.json"))]
    assert len(files) == 5
    groups = {g for d in files for g, members in d.get("members", {}).items() if unit in members}
    direct: set[tuple[str, str]] = set()
    via: set[tuple[str, str]] = set()
    for d in files:
        for path, mentions in d["tasks"].items():
            names = {m[1] for m in mentions}
            if unit in names:
                direct.add((d["source"], path))
            if names & groups:
                via.add((d["source"], path))
    return len(direct | via), len(via - direct)


def _search(at: AppTest, text: str, region: str) -> AppTest:
    at.text_input(key="bureau_query").input(text).run()
    at.selectbox(key="bureau_region").select(region).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


class _Cells(HTMLParser):
    """The header and body cells of every <table> in an HTML fragment (the standard library's parser)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _task_tables(at: AppTest) -> list[pd.DataFrame]:
    """The bureau page's task tables (HTML, one per plan) as frames, header row as columns."""
    frames = []
    for element in at.html:
        if "plankg-tasks" not in element.value:
            continue
        parser = _Cells()
        parser.feed(element.value)
        for header, *body in parser.tables:
            frames.append(pd.DataFrame(body, columns=header))
    return frames


def test_bureau_page_answers_for_the_yantai_market_regulator_with_the_golden_count(corpus: Path) -> None:
    total, via_group = _golden_workload("烟台市市场监督管理局")
    at = _search(_app(), "市市场监管局", "烟台市")
    assert at.selectbox(key="bureau_match").value == "unit:烟台市市场监督管理局"
    metrics = _metrics(at)
    assert metrics["任务总数"] == str(total)
    assert metrics["通过小组"] == str(via_group)
    # grouped by plan: one table per plan, together every task once
    frames = _task_tables(at)
    assert sum(frame["编号"].nunique() for frame in frames) == total
    assert "#### 烟台市知识产权高质量发展三年行动方案" in [m.value for m in at.markdown]
    yantai = frames[0]
    row = yantai[yantai["编号"] == "2.1.1"].iloc[0]
    assert (row["任务"], row["角色"], row["期限"], row["通过小组"]) == ("严格知识产权保护", "负责", "2022—2024年", "")
    assert [b.label for b in at.download_button] == [
        "下载任务分工表（Excel）",
        "下载任务清单（Word）",
        "下载任务清单（CSV）",
    ]


def test_a_link_to_a_bureau_shows_its_tasks_on_the_first_run_and_offers_the_names_matches(corpus: Path) -> None:
    # the overview's and the search page's links: ?unit=<id>; the page shows that unit at once
    total, _ = _golden_workload("烟台市市场监督管理局")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["unit"] = "unit:烟台市市场监督管理局"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_input(key="bureau_query").value == "烟台市市场监督管理局"
    assert at.selectbox(key="bureau_region").value == "烟台市"
    assert _metrics(at)["任务总数"] == str(total)
    assert sum(frame["编号"].nunique() for frame in _task_tables(at)) == total
    match = at.selectbox(key="bureau_match")  # drawn after the tasks, in its place above them
    assert match.value == "unit:烟台市市场监督管理局"
    assert match.options[0].startswith("烟台市市场监督管理局（相似度高")
    # the next run (any widget) keeps the unit; another name is looked up as usual
    at.run()
    assert at.selectbox(key="bureau_match").value == "unit:烟台市市场监督管理局"
    assert _metrics(at)["任务总数"] == str(total)
    at.text_input(key="bureau_query").input("市科技局").run()
    assert at.selectbox(key="bureau_match").value == "unit:烟台市科学技术局"
    assert _metrics(at)["任务总数"] == str(_golden_workload("烟台市科学技术局")[0])


@pytest.mark.parametrize("written", ["市市场监督管理局", "市知识产权局", "烟台市市场监督管理局"])
def test_bureau_page_finds_the_same_bureau_however_it_is_written(corpus: Path, written: str) -> None:
    at = _search(_app(), written, "烟台市")
    assert at.selectbox(key="bureau_match").value == "unit:烟台市市场监督管理局"
    assert _metrics(at)["任务总数"] == str(_golden_workload("烟台市市场监督管理局")[0])


def test_bureau_page_counts_the_tasks_a_bureau_holds_through_its_group(corpus: Path) -> None:
    total, via_group = _golden_workload("荣成市市场监督管理局")
    assert (total, via_group) == (15, 2)  # 3.4.1 and 3.4.3 name only 专项小组各成员单位
    at = _search(_app(), "市市场监督管理局", "荣成市")
    assert at.selectbox(key="bureau_match").value == "unit:荣成市市场监督管理局"
    assert (_metrics(at)["任务总数"], _metrics(at)["通过小组"]) == (str(total), str(via_group))
    frame = _task_tables(at)[0]
    assert set(frame["通过小组"]) - {""} == {"荣成市知识产权战略实施工作专项小组"}


def test_bureau_page_shows_a_tasks_source_only_when_asked(corpus: Path) -> None:
    # 2.1.1 as printed, from its number to its 责任单位 clause; the store keeps the
    # PDF's wrapped lines joined (the clause itself wraps at 烟台海|关)
    printed = (PLANS / YANTAI_ACTION).read_text(encoding="utf-8")
    start = printed.index("1.严格知识产权保护。")
    end = printed.index("市公安局）", start) + len("市公安局）")
    expected = "".join(printed[start:end].split())
    assert expected.endswith("（责任单位：市市场监管局、市司法局、市法院、烟台海关、市公安局）")
    at = _search(_app(), "市市场监管局", "烟台市")
    yantai = _plan_id(corpus, YANTAI_ACTION)
    picker = at.selectbox(key=f"bureau_src_unit:烟台市市场监督管理局_{yantai}")
    assert picker.value is None
    assert not at.text  # no source shown before one is asked for
    picker.select(f"{yantai}/t/2.1.1").run()
    assert f"出自《{_title(YANTAI_ACTION)}》" in [c.value for c in at.caption]
    assert [t.value for t in at.text] == [expected]


def test_bureau_page_compares_bureaus_side_by_side(corpus: Path) -> None:
    at = _search(_app(), "市市场监管局", "烟台市")
    offered = at.multiselect(key="bureau_compare").options  # the region's units, not every region's
    assert "烟台市科学技术局" in offered and not [o for o in offered if o.startswith(("威海", "荣成", "山东省"))]
    at.multiselect(key="bureau_compare").select("unit:烟台市科学技术局").run()
    assert not at.exception
    market, _ = _golden_workload("烟台市市场监督管理局")
    science, _ = _golden_workload("烟台市科学技术局")
    table = at.dataframe[0].value
    assert list(table.columns) == ["规划", "烟台市市场监督管理局", "烟台市科学技术局"]
    total = table[table["规划"] == "合计"].iloc[0]
    assert (total["烟台市市场监督管理局"], total["烟台市科学技术局"]) == (market, science)
    assert len(at.tabs) == 2
    assert [m.value for m in at.metric][:2] == [f"{market} 项任务", f"{science} 项任务"]


def test_a_new_search_replaces_the_answer_and_the_region_filter_narrows_it(corpus: Path) -> None:
    at = _search(_app(), "市市场监管局", "烟台市")
    at.text_input(key="bureau_query").input("市科技局").run()
    assert at.selectbox(key="bureau_match").value == "unit:烟台市科学技术局"
    assert _metrics(at)["任务总数"] == str(_golden_workload("烟台市科学技术局")[0])
    at.selectbox(key="bureau_region").select("全部地区").run()
    # three regions have a 市科技局: offered as a choice, none decided for the coordinator
    choice = at.selectbox(key="bureau_choice")
    assert {o.split("［")[0] for o in choice.options} == {"烟台市科学技术局", "威海市科学技术局", "荣成市科学技术局"}
    assert choice.value is None
    assert not at.metric and "“市科技局”在 3 个地区都有" in at.info[0].value
    choice.select("unit:威海市科学技术局").run()
    assert _metrics(at)["任务总数"] == str(_golden_workload("威海市科学技术局")[0])


def test_a_bureau_in_no_plan_is_not_found_and_no_other_bureaus_tasks_are_shown(corpus: Path) -> None:
    # 市民政局 is in no plan; 烟台市财政局 is merely the closest name
    at = _search(_app(), "市民政局", "全部地区")
    assert "没有找到名为“市民政局”的单位" in at.warning[0].value
    assert not at.metric and not at.dataframe and not _task_tables(at) and not at.download_button
    candidates = at.selectbox(key="bureau_candidate_市民政局_全部地区")
    assert candidates.value is None
    assert any(o.startswith("烟台市财政局［烟台市］") for o in candidates.options)
    html = at.get("html")
    assert any("烟台市财政局［烟台市］" in h.proto.body and 'title="相似度 0.75"' in h.proto.body for h in html)


def test_bureau_page_says_so_when_nothing_matches(corpus: Path) -> None:
    at = _search(_app(), "外星人事务管理局", "烟台市")
    assert at.warning and "没有找到" in at.warning[0].value
    assert not at.download_button


# -- 规划 ----------------------------------------------------------------------


def _plan_id(store_path: Path, source: str) -> str:
    return next(p.id for p in NetworkXStore(store_path).plans() if p.source == source)


def _nesting(tree: str, titles: Collection[str]) -> tuple[list[str], set[tuple[str, str]]]:
    """The plans of an indented list, line by line, and its (parent, child) pairs.

    A line ``  - 【省级】<title>（<region, period…>）`` is named by the longest of
    ``titles`` it starts with (a title may itself hold （…）).
    """
    named: list[str] = []
    pairs: set[tuple[str, str]] = set()
    trail: list[str] = []
    for line in tree.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body = line.strip().split("】", 1)[1]
        title = max((t for t in titles if body.startswith(t)), key=len)
        del trail[depth:]
        if trail:
            pairs.add((trail[-1], title))
        trail.append(title)
        named.append(title)
    return named, pairs


def test_plans_page_draws_the_cascade_and_lists_a_plans_tasks_with_owners(corpus: Path) -> None:
    meta = {s: _golden("outline", s)["plan"] for s in SOURCES}
    titles = {s: m["title"] for s, m in meta.items()}
    # 004 prints the national outline's years 2021-2035, 000 and 001 print 2021—2035: one plan
    cited = {s: {c.replace("-", "—") for c in m["cites"]} for s, m in meta.items()}
    stubs = set().union(*cited.values()) - set(titles.values())
    assert len(stubs) == 5  # cited, not loaded: two national, two of 山东, one of 烟台
    at = _app("app_pages/plans.py")
    charts = at.get("graphviz_chart")
    assert len(charts) == 1
    dot = charts[0].proto.spec
    for source in SOURCES:  # one arrow into each plan from each plan it cites
        assert dot.count(f'-> "{_plan_id(corpus, source)}";') == len(cited[source]), source
    assert dot.count("未载入") == len(stubs)
    # the indented list: each plan under the plans it cites, stubs marked 未载入
    tree = next(m.value for m in at.markdown if m.value.startswith("- 【"))
    named, pairs = _nesting(tree, [*titles.values(), *stubs])
    assert pairs == {(c, titles[s]) for s in SOURCES for c in cited[s]}
    assert set(named) == set(titles.values()) | stubs
    unloaded = [t for t, line in zip(named, tree.splitlines(), strict=True) if "未载入" in line]
    assert sorted(unloaded) == sorted(stubs)

    yantai = _plan_id(corpus, YANTAI_ACTION)
    at.selectbox(key="plans_pick").select(yantai).run()
    assert at.subheader[-1].value == titles[YANTAI_ACTION]
    assert f"**文号**：{meta[YANTAI_ACTION]['doc_no']}" in _texts(at)
    frame = at.dataframe[0].value
    # every section and task in document order, then every row of the annexed table
    annex = json.loads((GOLDEN / "annex_003.json").read_text(encoding="utf-8"))
    assert annex["source"] == YANTAI_ACTION
    body = [line.split(" ")[0] for line in _golden("outline", YANTAI_ACTION)["outline"]]
    from app_pages.labels import path_label

    assert list(frame["编号"]) == [path_label(p) for p in body + [r["path"] for r in annex["rows"]]]
    row = frame[frame["编号"] == "2.1.1"].iloc[0]
    assert row["标题"].strip("\u3000") == "严格知识产权保护"
    assert row["类型"] == "任务"
    at.toggle(key="plans_only_tasks").set_value(True).run()
    assert set(at.dataframe[0].value["类型"]) <= {"任务", "重大工程", "保障措施", "专栏", "专栏事项", "分工表条目"}
    labels = [b.label for b in at.download_button]
    assert labels == [
        "下载本规划任务分工表（Excel）",
        "下载本规划任务分工表（Word）",
        "下载全部 5 个规划的任务分工表（Excel，每个规划一张表）",
    ]


# -- 指标 ----------------------------------------------------------------------


METRIC = "每万人口高价值发明专利拥有量"


def _golden_indicators(metric: str) -> list[tuple[str, dict[str, Any]]]:
    """(source, indicator) for every indicator of ``metric`` in the corpus's indicator golden files."""
    return [(s, ind) for s in SOURCES for ind in _golden("indicators", s) if ind["metric"] == metric]


def _year(value: int | None) -> str:
    return "" if value is None else str(value)


def test_indicators_page_compares_one_metric_across_plans(corpus: Path) -> None:
    rows = _golden_indicators(METRIC)
    plans = {s for s, _ in rows}
    assert len(plans) == 4  # 山东's 规划, 威海's 实施意见, both of 烟台's plans
    at = _app("app_pages/indicators.py")
    assert f"{METRIC}（{len(plans)} 个规划）" in at.selectbox(key="indicators_metric").options
    at.selectbox(key="indicators_metric").select(METRIC).run()
    frame = at.dataframe[0].value
    assert {ind["comparator"] for _, ind in rows} == {"="}  # so 目标值 is the target without a sign
    expected = []
    for source, ind in rows:
        plan = _golden("outline", source)["plan"]
        expected.append(
            [
                LEVELS[plan["level"]], plan["region"], ind["name"], ind["target"], ind["measure_unit"] or "",
                _year(ind["target_year"]), ind["baseline"] or "", _year(ind["baseline_year"]), ind["nature"] or "",
                f"⚠ {ind['flag']}" if ind["flag"] else "", plan["title"],
            ]
        )  # fmt: skip
    assert sorted(frame.values.tolist()) == sorted(expected)
    # 威海's 实施意见: “每万人口高价值发明专利拥有量达到 10.2件”, by 2025
    weihai = frame[frame["地区"] == "威海市"].iloc[0]
    assert (weihai["目标值"], weihai["单位"], weihai["目标年"], weihai["层级"]) == ("10.2", "件", "2025", "地市级")
    assert len(at.warning) == 1  # only 山东's value is doubtful


def test_indicators_page_marks_a_doubtful_value(corpus: Path) -> None:
    # 山东's table prints 100 件 where 10.0 is meant, and its baseline [41] in brackets
    ind = next(i for s, i in _golden_indicators(METRIC) if s == PROVINCE)
    assert (ind["target"], ind["measure_unit"], ind["baseline"]) == ("100", "件", "41")
    flag = ind["flag"]
    assert flag == "基期值在[]内，为测算值（见表注）；疑似丢失小数点：本表其他数值已不合常理，按原文照录"
    at = _app("app_pages/indicators.py")
    at.selectbox(key="indicators_metric").select(METRIC).run()
    frame = at.dataframe[0].value
    shandong = frame[frame["地区"] == "山东省"]
    assert len(shandong) == 1
    row = shandong.iloc[0]
    assert (row["目标值"], row["单位"], row["基期值"], row["存疑"], row["规划"]) == (
        "100",
        "件",
        "41",
        f"⚠ {flag}",
        _title(PROVINCE),
    )
    # Streamlit shows the leading ⚠ as the alert's icon
    warning = f"{_title(PROVINCE)}：{ind['name']} 目标值“100”— {flag}"
    assert [(w.proto.icon, w.value) for w in at.warning] == [("⚠", warning)]
    assert ind["quote"] in [t.value for t in at.text]  # the table row as printed, under 原文出处


# -- 传导 ----------------------------------------------------------------------


def test_cascade_page_lists_the_lower_tasks_and_their_owners(corpus: Path) -> None:
    lines = [line.split(" ", 2) for line in _golden("outline", PROVINCE)["outline"]]
    tasks = [f"{path} {title}" for path, kind, title in lines if kind != "section"]
    assert len(tasks) == 34  # 25 tasks, 6 projects, 3 safeguards
    province = _plan_id(corpus, PROVINCE)
    at = _app("app_pages/cascade.py")
    at.selectbox(key="cascade_plan").select(province).run()
    at.toggle(key="cascade_only_linked").set_value(False).run()
    assert at.selectbox(key="cascade_node").options == tasks
    at.toggle(key="cascade_only_linked").set_value(True).run()
    assert "2.2.1 强化知识产权行政保护" in at.selectbox(key="cascade_node").options
    at.selectbox(key="cascade_node").select(f"{province}/t/2.2.1").run()
    assert not at.exception, [e.value for e in at.exception]
    frame = at.dataframe[-1].value
    # the province cites only a plan that is not loaded: nothing above; below, every true link
    assert [s.value for s in at.subheader] == ["上级：本条承接的（0）", f"下级：承接本条的（{len(frame)}）"]
    true_links = json.loads((GOLDEN / "cascade_true_links.json").read_text(encoding="utf-8"))["links"]
    below = {(_title(x["from"][0]), x["from"][1]) for x in true_links if x["to"] == [PROVINCE, "2.2.1"]}
    assert len(below) == 4  # 威海 3.4, 荣成 3.3.2, 烟台 2.1.1 and 4.1.2
    assert below <= set(zip(frame["规划"], frame["编号"], strict=True))
    # 威海's 3.4 强化知识产权行政保护 and its ten units, in printed order
    weihai = frame[(frame["规划"] == _title(WEIHAI)) & (frame["编号"] == "3.4")]
    assert len(weihai) == 1
    title = next(line.split(" ", 2)[2] for line in _golden("outline", WEIHAI)["outline"] if line.startswith("3.4 "))
    owners = [unit for _, unit, _ in _golden("units", WEIHAI)["tasks"]["3.4"]]
    assert (title, len(owners)) == ("强化知识产权行政保护", 10)
    assert (weihai.iloc[0]["关系"], weihai.iloc[0]["标题"], weihai.iloc[0]["责任单位"]) == (
        "承接",
        title,
        "、".join(owners),
    )
    everyone = next(m.value for m in at.markdown if m.value.startswith("**下级责任单位**："))
    assert set(owners) <= set(everyone.removeprefix("**下级责任单位**：").split("、"))


# -- 上传 ----------------------------------------------------------------------


def test_upload_refuses_a_bad_file_with_one_line_and_changes_nothing(corpus: Path) -> None:
    before = NetworkXStore(corpus).stored_generation()
    data = "关于加强管理的通知\n请各单位认真落实。\n".encode()
    with pytest.raises(DocumentError) as refused:
        parse_document(data, "坏文件.txt")
    at = _app("app_pages/upload.py")
    at.file_uploader(key="upload_files").upload("坏文件.txt", data, "text/plain").run()
    _until_loaded(at.button(key="upload_go").click().run())
    assert [e.value for e in at.error] == [f"无法载入：{refused.value}"]
    assert str(refused.value).startswith("坏文件.txt: ") and "\n" not in str(refused.value)
    assert not at.success
    assert NetworkXStore(corpus).stored_generation() == before  # nothing written


def test_upload_adds_a_plan_and_the_app_sees_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "graph.json"
    monkeypatch.setenv("PLANKG_STORE", str(store))
    monkeypatch.setenv("PLANKG_DECISIONS", str(tmp_path / "decisions.yaml"))
    # a store holding one plan, so the first start does not load the corpus
    load_paths([PLANS / "002_4541fba75fe61fad.txt"], NetworkXStore(store), decisions=tmp_path / "decisions.yaml")
    at = _app("app_pages/upload.py")
    assert at.subheader[0].value == "已载入的规划（1）"
    data = (PLANS / "003_e75adc5d0d9a8531.txt").read_bytes()
    at.file_uploader(key="upload_files").upload("烟台行动方案.txt", data, "text/plain").run()
    _until_loaded(at.button(key="upload_go").click().run())
    assert [s.value for s in at.success] == ["已新增：烟台行动方案.txt"]
    assert at.subheader[0].value == "已载入的规划（2）"
    assert "烟台行动方案.txt" in set(at.dataframe[0].value["源文件"])
    # the same content again changes nothing
    _until_loaded(at.button(key="upload_go").click().run())
    assert [i.value for i in at.info] == ["内容未变化，无需更新：烟台行动方案.txt"]
    at.switch_page("app_pages/plans.py").run()
    assert len(at.selectbox(key="plans_pick").options) == 2


# -- 审核 ----------------------------------------------------------------------


def test_review_page_gives_an_unresolved_name_its_unit_and_the_graph_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "graph.json"
    decisions = tmp_path / "decisions.yaml"
    monkeypatch.setenv("PLANKG_STORE", str(store))
    monkeypatch.setenv("PLANKG_DECISIONS", str(decisions))
    # 烟台's action plan with one 市科技局 misprinted as 市科学局, which no rule resolves
    text = (PLANS / "003_e75adc5d0d9a8531.txt").read_text(encoding="utf-8")
    doc = tmp_path / "yt.txt"
    doc.write_text(text.replace("市科技局", "市科学局", 1), encoding="utf-8")
    load_paths([doc], NetworkXStore(store), decisions=decisions)
    flagged = queries.list_units(NetworkXStore(store), flagged_only=True)
    # no rule knows 科学局: it is named by its shape (烟台市 + the printed rest) and flagged
    assert [(u.id, u.aliases[0].method) for u in flagged] == [("unit:烟台市科学局", "pattern")]
    # the golden tasks of 烟台市科学技术局; the first 市科技局 printed is 2.2.2's
    golden = _golden("units", YANTAI_ACTION)["tasks"]
    science = {path for path, mentions in golden.items() if any(m[1] == "烟台市科学技术局" for m in mentions)}
    assert len(science) == 13
    assert next(path for path, mentions in golden.items() if any(m[0] == "市科技局" for m in mentions)) == "2.2.2"
    before = {r.path for r in queries.tasks_of_units(NetworkXStore(store), ["unit:烟台市科学技术局"])}
    assert before == science - {"2.2.2"}

    at = _app("app_pages/review.py")
    assert at.metric[0].value == "1"
    assert at.radio(key="review_action").options == [
        "改正：这个写法指的是另一个单位",
        "合并：该单位与另一个单位是同一个单位",
        "不是单位：这个写法不是责任单位（从任务中删去）",
    ]
    assert at.button(key="review_save").disabled  # no unit chosen yet
    at.selectbox(key="review_target").select("unit:烟台市科学技术局").run()
    at.button(key="review_save").click().run()
    assert not at.exception, [e.value for e in at.exception]

    from graph.decisions import Decision, load_decisions

    assert load_decisions(decisions) == [
        Decision(action="confirm", alias="市科学局", region="烟台市", unit="unit:烟台市科学技术局")
    ]
    assert [s.value for s in at.success] == ["已保存（改正）：“市科学局” → 烟台市科学技术局"]
    assert [i.value for i in at.info] == ["没有需要审核的单位匹配。"]
    after = NetworkXStore(store)
    assert queries.list_units(after, flagged_only=True) == []
    assert {r.path for r in queries.tasks_of_units(after, ["unit:烟台市科学技术局"])} == science


def test_review_page_records_a_rejected_fuzzy_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.decisions import Decision, load_decisions
    from tests.store_sample import sample_graph

    store = tmp_path / "graph.json"
    decisions = tmp_path / "decisions.yaml"
    monkeypatch.setenv("PLANKG_STORE", str(store))
    monkeypatch.setenv("PLANKG_DECISIONS", str(decisions))
    graph = sample_graph()
    NetworkXStore(store).write(graph, list(graph.plans))
    at = _app("app_pages/review.py")
    assert at.selectbox(key="review_unit").value == "unit:威海市科学技术局"  # matched 市科技局 at 0.91
    assert at.dataframe[0].value.values.tolist() == [["市科技局", "wh.txt", "相似度匹配", "高"]]  # 0.91 on hover
    assert at.radio(key="review_action").options == [
        "确认：这个写法指的就是该单位",
        "拒绝：这个写法不是该单位",
        "改正：这个写法指的是另一个单位",
        "合并：该单位与另一个单位是同一个单位",
        "不是单位：这个写法不是责任单位（从任务中删去）",
    ]
    at.radio(key="review_action").set_value("拒绝：这个写法不是该单位").run()
    at.button(key="review_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert load_decisions(decisions) == [
        Decision(action="reject", alias="市科技局", region="威海市", unit="unit:威海市科学技术局")
    ]
    assert [s.value for s in at.success] == ["已保存（拒绝）：“市科技局”"]


def test_the_app_sees_a_load_made_by_another_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "graph.json"
    monkeypatch.setenv("PLANKG_STORE", str(store))
    monkeypatch.setenv("PLANKG_DECISIONS", str(tmp_path / "decisions.yaml"))
    load_paths([PLANS / "002_4541fba75fe61fad.txt"], NetworkXStore(store), decisions=tmp_path / "decisions.yaml")
    at = _app("app_pages/upload.py")
    assert at.subheader[0].value == "已载入的规划（1）"
    # `plankg load` elsewhere rewrites the same store file
    time.sleep(0.01)  # a distinct mtime even on coarse clocks
    load_paths([PLANS / "001_2a4b5dd2cadd595a.txt"], NetworkXStore(store), decisions=tmp_path / "decisions.yaml")
    at.run()
    assert at.subheader[0].value == "已载入的规划（2）"


# -- helpers the pages use ---------------------------------------------------


def test_plan_tree_puts_each_plan_under_the_plan_it_implements() -> None:
    from graph.model import Plan

    plans = [
        Plan(id="stub:国家纲要", title="知识产权强国建设纲要", level="national", stub=True),
        Plan(id="p:sd", title="山东省规划", region="山东省", level="province", period_start=2021, period_end=2025),
        Plan(id="p:yt", title="烟台市方案", region="烟台市", level="prefecture"),
        Plan(id="p:rc", title="荣成市方案", region="荣成市", level="county"),
    ]
    pairs = [("p:sd", "stub:国家纲要"), ("p:yt", "p:sd"), ("p:rc", "p:sd"), ("p:rc", "stub:国家纲要"), ("p:x", "p:sd")]
    assert plan_tree_lines(plans, pairs) == [
        "- 【国家】知识产权强国建设纲要（未载入）",
        "  - 【省级】山东省规划（山东省，2021—2025年）",
        "    - 【地市级】烟台市方案（烟台市）",
        "    - 【县级】荣成市方案（荣成市）",
        "  - 【县级】荣成市方案（荣成市）",
    ]
    dot = plan_tree_dot(plans, pairs)
    assert '"stub:国家纲要" -> "p:sd";' in dot
    assert '"p:sd" -> "p:yt";' in dot
    assert '"p:sd" -> "p:x"' not in dot  # unknown plan skipped
    assert dot.count("rank=same") == 4
    assert 'style="rounded,dashed"' in dot.split('"stub:国家纲要" [')[1].split("\n")[0]


def test_workload_counts_a_task_once_and_separates_tasks_held_only_through_a_group() -> None:
    from graph.rows import Assignment

    def row(task: str, role: str, via: str = "", plan: str = "p1") -> Assignment:
        return Assignment(
            source="s.txt", plan_id=plan, plan_title=f"规划{plan}", period_start=2022, period_end=2024,
            task_id=task, path=task, kind="task", title=task, unit_id="u", unit="单位", unit_short="单位",
            unit_region="烟台市", role=role, order=1, via_group=via, quote="",
        )  # fmt: skip

    rows = [
        row("1", "lead"),
        row("1", "support"),  # same task twice: counts once in total
        row("2", "responsible"),
        row("2", "responsible", via="专项小组"),  # held directly too: not a group task
        row("3", "responsible", via="专项小组", plan="p2"),
    ]
    load = views.workload(rows)
    assert (load.total, load.lead, load.support, load.responsible, load.via_group, load.plans) == (3, 1, 1, 1, 1, 2)
    frame = views.workload_frame(rows)
    assert sorted(map(tuple, frame.values.tolist())) == [
        ("规划p1", "牵头", 1),
        ("规划p1", "负责", 1),
        ("规划p1", "配合", 1),
        ("规划p2", "通过小组", 1),
    ]
