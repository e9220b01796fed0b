"""Every page of the Streamlit app, driven through ``streamlit.testing.v1.AppTest``.

The app runs on a real store in a temporary folder: the built-in corpus
(data/plans) loaded by the real pipeline, or the hand-made sample graph where
a page needs something the corpus may not hold (a fuzzy unit match to
review). Expected values come from the documents or from the store's own
answers; the bureau page's count for 烟台市市场监督管理局 comes from the units
golden file.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

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
GOLDEN_UNITS = ROOT / "tests" / "golden" / "units"
TIMEOUT = 60


# -- fixtures ----------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus loaded once into a store file; tests copy it before writing."""
    folder = tmp_path_factory.mktemp("corpus")
    path = folder / "graph.json"
    report = load_paths([PLANS], NetworkXStore(path), decisions=folder / "decisions.yaml")
    assert report.failed == []
    assert len(report.added) == 5
    return path


@pytest.fixture
def corpus(corpus_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the corpus store, named by ``PLANKG_STORE`` for the app."""
    path = tmp_path / "graph.json"
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


def test_bureau_page_answers_for_the_yantai_market_regulator_with_the_golden_count(corpus: Path) -> None:
    total, via_group = _golden_workload("烟台市市场监督管理局")
    at = _search(_app(), "市市场监管局", "烟台市")
    assert at.selectbox(key="bureau_match").value == "unit:烟台市市场监督管理局"
    metrics = _metrics(at)
    assert metrics["任务总数"] == str(total)
    assert metrics["通过小组"] == str(via_group)
    # grouped by plan: one table per plan, together every task once
    frames = [d.value for d in at.dataframe]
    assert sum(frame["编号"].nunique() for frame in frames) == total
    assert "#### 烟台市知识产权高质量发展三年行动方案" in [m.value for m in at.markdown]
    yantai = frames[0]
    row = yantai[yantai["编号"] == "2.1.1"].iloc[0]
    assert (row["任务"], row["角色"], row["期限"], row["通过小组"]) == ("严格知识产权保护", "负责", "2022—2024年", "")
    assert [b.label for b in at.download_button] == ["下载任务分工表（Excel）", "下载任务清单（CSV）"]


@pytest.mark.parametrize("written", ["市市场监督管理局", "市知识产权局", "烟台市市场监督管理局"])
def test_bureau_page_finds_the_same_bureau_however_it_is_written(corpus: Path, written: str) -> None:
    at = _search(_app(), written, "烟台市")
    assert at.selectbox(key="bureau_match").value == "unit:烟台市市场监督管理局"
    assert _metrics(at)["任务总数"] == str(_golden_workload("烟台市市场监督管理局")[0])


def test_bureau_page_counts_the_tasks_a_bureau_holds_through_its_group(corpus: Path) -> None:
    total, via_group = _golden_workload("荣成市市场监督管理局")
    assert via_group > 0
    at = _search(_app(), "市市场监督管理局", "荣成市")
    assert at.selectbox(key="bureau_match").value == "unit:荣成市市场监督管理局"
    assert (_metrics(at)["任务总数"], _metrics(at)["通过小组"]) == (str(total), str(via_group))
    frame = at.dataframe[0].value
    assert set(frame["通过小组"]) - {""} == {"荣成市知识产权战略实施工作专项小组"}


def test_bureau_page_shows_a_tasks_source_only_when_asked(corpus: Path) -> None:
    at = _search(_app(), "市市场监管局", "烟台市")
    store = NetworkXStore(corpus)
    yantai = _plan_id(corpus, "003_e75adc5d0d9a8531.txt")
    picker = at.selectbox(key=f"bureau_src_unit:烟台市市场监督管理局_{yantai}")
    assert picker.value is None
    task_id = f"{yantai}/t/2.1.1"
    assert not at.text  # no source shown before one is asked for
    picker.select(task_id).run()
    plan_title, text = queries.task_source(store, task_id) or ("", "")
    assert plan_title == "烟台市知识产权高质量发展三年行动方案"
    assert f"出自《{plan_title}》" in [c.value for c in at.caption]
    assert [t.value for t in at.text] == [text]
    assert "严格知识产权保护" in text


def test_bureau_page_compares_bureaus_side_by_side(corpus: Path) -> None:
    at = _search(_app(), "市市场监管局", "烟台市")
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
    options = at.selectbox(key="bureau_match").options
    assert {o.split("（")[0] for o in options} >= {"烟台市科学技术局", "威海市科学技术局", "荣成市科学技术局"}
    assert at.selectbox(key="bureau_match").value == "unit:烟台市科学技术局"  # the chosen one stays chosen


def test_bureau_page_says_so_when_nothing_matches(corpus: Path) -> None:
    at = _search(_app(), "外星人事务管理局", "烟台市")
    assert at.warning and "没有找到" in at.warning[0].value
    assert not at.download_button


# -- 规划 ----------------------------------------------------------------------


def _plan_id(store_path: Path, source: str) -> str:
    return next(p.id for p in NetworkXStore(store_path).plans() if p.source == source)


def test_plans_page_draws_the_cascade_and_lists_a_plans_tasks_with_owners(corpus: Path) -> None:
    at = _app("app_pages/plans.py")
    store = NetworkXStore(corpus)
    plans = queries.list_plans(store)
    charts = at.get("graphviz_chart")
    assert len(charts) == 1
    dot = charts[0].proto.spec
    for p in plans:
        assert f'"{p.id}"' in dot
    # the indented list names every plan, stubs marked 未载入
    tree = next(m.value for m in at.markdown if m.value.startswith("- 【"))
    for p in plans:
        assert p.title in tree
    assert sum(line.count("未载入") for line in tree.splitlines()) == sum(p.stub for p in plans)

    yantai = _plan_id(corpus, "003_e75adc5d0d9a8531.txt")
    at.selectbox(key="plans_pick").select(yantai).run()
    assert at.subheader[-1].value == "烟台市知识产权高质量发展三年行动方案"
    assert "**文号**：烟政办字〔2022〕19号" in _texts(at)
    frame = at.dataframe[0].value
    outline = [r for r in queries.plan_outline(store, yantai) if r.path]
    assert len(frame) == len(outline)
    row = frame[frame["编号"] == "2.1.1"].iloc[0]
    assert row["标题"].strip("\u3000") == "严格知识产权保护"
    assert row["类型"] == "任务"
    at.toggle(key="plans_only_tasks").set_value(True).run()
    assert set(at.dataframe[0].value["类型"]) <= {"任务", "重大工程", "保障措施", "专栏", "专栏事项", "分工表条目"}
    labels = [b.label for b in at.download_button]
    assert labels == ["下载本规划任务分工表（Excel）", "下载全部 5 个规划的任务分工表（Excel，每个规划一张表）"]


# -- 指标 ----------------------------------------------------------------------


def test_indicators_page_compares_one_metric_across_plans(corpus: Path) -> None:
    at = _app("app_pages/indicators.py")
    metric = "每万人口高价值发明专利拥有量"
    assert f"{metric}（4 个规划）" in at.selectbox(key="indicators_metric").options
    at.selectbox(key="indicators_metric").select(metric).run()
    frame = at.dataframe[0].value
    expected = queries.indicators(NetworkXStore(corpus), metric)
    assert len(frame) == len(expected)
    # 威海's 实施意见: “每万人口高价值发明专利拥有量达到 10.2件”, by 2025
    weihai = frame[frame["地区"] == "威海市"].iloc[0]
    assert (weihai["目标值"], weihai["单位"], weihai["目标年"], weihai["层级"]) == ("10.2", "件", "2025", "地市级")
    flagged = [r for r in expected if r.flag]
    assert sum(bool(v) for v in frame["存疑"]) == len(flagged)
    assert len(at.warning) == (1 if flagged else 0)


def test_indicators_page_marks_a_doubtful_value(corpus: Path) -> None:
    store = NetworkXStore(corpus)
    flagged = [r for r in queries.indicators(store) if r.flag]
    if not flagged:
        pytest.skip("the corpus has no flagged indicator")
    row = flagged[0]
    at = _app("app_pages/indicators.py")
    at.selectbox(key="indicators_metric").select(row.metric).run()
    frame = at.dataframe[0].value
    assert f"⚠ {row.flag}" in set(frame["存疑"])
    assert row.name in at.warning[0].value


# -- 传导 ----------------------------------------------------------------------


def test_cascade_page_lists_the_lower_tasks_and_their_owners(corpus: Path) -> None:
    store = NetworkXStore(corpus)
    province = _plan_id(corpus, "002_4541fba75fe61fad.txt")
    tasks = [r for r in queries.plan_outline(store, province) if r.kind != "section"]
    linked = [r for r in tasks if any(x.direction == "down" for x in queries.cascade(store, r.id))]
    at = _app("app_pages/cascade.py")
    at.selectbox(key="cascade_plan").select(province).run()
    at.toggle(key="cascade_only_linked").set_value(False).run()
    assert len(at.selectbox(key="cascade_node").options) == len(tasks)
    at.toggle(key="cascade_only_linked").set_value(True).run()
    if not linked:
        assert any("没有找到" in i.value for i in at.info)
        return
    task = linked[0]
    at.selectbox(key="cascade_node").select(task.id).run()
    down = [x for x in queries.cascade(store, task.id) if x.direction == "down" and x.type != "IMPLEMENTS"]
    assert f"下级：承接本条的（{len(down)}）" in [s.value for s in at.subheader]
    frame = at.dataframe[-1].value
    assert list(frame["编号"]) == [x.path for x in down]
    assert list(frame["责任单位"]) == ["、".join(x.owners) for x in down]


# -- 上传 ----------------------------------------------------------------------


def test_upload_refuses_a_bad_file_with_one_line_and_changes_nothing(corpus: Path) -> None:
    before = corpus.read_bytes()
    data = "关于加强管理的通知\n请各单位认真落实。\n".encode()
    with pytest.raises(DocumentError) as refused:
        parse_document(data, "坏文件.txt")
    at = _app("app_pages/upload.py")
    at.file_uploader(key="upload_files").upload("坏文件.txt", data, "text/plain").run()
    at.button(key="upload_go").click().run()
    assert [e.value for e in at.error] == [f"无法载入：{refused.value}"]
    assert str(refused.value).startswith("坏文件.txt: ") and "\n" not in str(refused.value)
    assert not at.success
    assert corpus.read_bytes() == before


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
    at.button(key="upload_go").click().run()
    assert [s.value for s in at.success] == ["已新增：烟台行动方案.txt"]
    assert at.subheader[0].value == "已载入的规划（2）"
    assert "烟台行动方案.txt" in set(at.dataframe[0].value["源文件"])
    # the same content again changes nothing
    at.button(key="upload_go").click().run()
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
    assert [u.id for u in flagged] == ["unit:?烟台市/市科学局"]
    science_before = len(queries.tasks_of_units(NetworkXStore(store), ["unit:烟台市科学技术局"]))

    at = _app("app_pages/review.py")
    assert at.metric[0].value == "1"
    assert at.radio(key="review_action").options == [
        "改正：这个写法指的是另一个单位",
        "合并：该单位与另一个单位是同一个单位",
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
    assert len(queries.tasks_of_units(after, ["unit:烟台市科学技术局"])) == science_before + 1


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
    assert at.dataframe[0].value.values.tolist() == [["市科技局", "wh.txt", "相似度匹配", 0.91]]
    assert at.radio(key="review_action").options == [
        "确认：这个写法指的就是该单位",
        "拒绝：这个写法不是该单位",
        "改正：这个写法指的是另一个单位",
        "合并：该单位与另一个单位是同一个单位",
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
