"""A plan's kind and period from its title: one rule for loaded plans and stubs."""

from __future__ import annotations

from pathlib import Path

import pytest

from app_pages import labels
from graph import model
from graph.stores import ordering
from loaders.gazetteer import Gazetteer
from loaders.metadata import extract_metadata
from loaders.plan_links import CascadeVocab, level_depth, stub_plan
from loaders.plan_words import PlanWords, PlanWordsError, plan_kind, plan_period


def _loaded(title: str) -> model.Plan:
    """A loaded plan whose only title is ``title`` on the line above its first chapter."""
    text = f"{title}\n一、发展基础\n全省经济稳定增长。\n"
    return extract_metadata(text, "x.txt", "plan:x", "0" * 64, Gazetteer.load())


@pytest.mark.parametrize(
    ("title", "kind", "period"),
    [
        # the reproduced bug: only the stub knew 第十四个五年
        ("山东省国民经济和社会发展第十四个五年规划", "规划", (2021, 2025)),
        ("山东省“十四五”知识产权保护和运用规划", "规划", (2021, 2025)),
        ("知识产权强国建设纲要（2021—2035年）", "纲要", (2021, 2035)),
        ("荣成市国家知识产权强县建设试点县工作方案（2022-2024年）", "工作方案", (2022, 2024)),
        ("威海市知识产权保护行动计划", "行动方案", (None, None)),
        ("威海市知识产权质押融资实施方案（试行）", "工作方案", (None, None)),
        # a five-year plan named inside 《》 is the cited plan's, not this one's
        ("关于贯彻落实《“十四五”国家知识产权保护和运用规划》的实施意见", "实施意见", (None, None)),
    ],
)
def test_a_loaded_plan_and_its_stub_read_one_title_alike(title: str, kind: str, period: tuple[int, int]) -> None:
    loaded = _loaded(title)
    stub = stub_plan(title, Gazetteer.load(), CascadeVocab.load())
    assert loaded.title == title
    assert (loaded.kind, loaded.period_start, loaded.period_end) == (kind, *period)
    assert (stub.kind, stub.period_start, stub.period_end) == (kind, *period)


def test_kind_is_the_last_plan_word() -> None:
    assert plan_kind("烟台市知识产权高质量发展三年行动方案") == "行动方案"
    assert plan_kind("关于加强知识产权保护的意见") == "其他"  # an opinion, not one implementing another
    assert plan_kind("关于推进北京市数据专区建设的指导意见") == "其他"
    assert plan_kind("关于贯彻落实《山东省知识产权强省建设纲要》的实施意见") == "实施意见"
    assert plan_kind("威海市知识产权工作要点") == "其他"
    assert plan_kind("山东省知识产权培育计划") == "其他"  # 计划 alone is not an action plan
    assert plan_kind("烟台市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议") == "其他"


def test_a_bracketed_period_wins_over_a_five_year_name() -> None:
    assert plan_period("“十四五”知识产权发展规划（2021—2023年）") == (2021, 2023)
    assert plan_period("山东省知识产权强省建设纲要（2021至2035年）") == (2021, 2035)


def test_a_malformed_vocabulary_names_its_file(tmp_path: Path) -> None:
    bad = tmp_path / "plan_words.yaml"
    bad.write_text("kind_words:\n  - [纲要, 大纲]\nfive_year_plans: {}\n", encoding="utf-8")
    with pytest.raises(PlanWordsError, match=r"plan_words\.yaml: kind '大纲' of '纲要'"):
        PlanWords.load(bad)
    missing = tmp_path / "none.yaml"
    with pytest.raises(PlanWordsError, match=r"none\.yaml: cannot read the plan words"):
        PlanWords.load(missing)


def test_one_level_order_everywhere() -> None:
    assert model.LEVEL_ORDER == {"national": 0, "province": 1, "prefecture": 2, "county": 3}
    assert ordering.LEVEL_ORDER is model.LEVEL_ORDER
    assert labels.LEVEL_ORDER is model.LEVEL_ORDER
    assert [level_depth(lv) for lv in ("national", "province", "prefecture", "county", None)] == [0, 1, 2, 3, None]
