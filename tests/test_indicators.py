"""Indicators (quantitative targets) and the metric vocabulary.

Golden files list every indicator of the five corpus documents and of the
test documents in other layouts, with all fields, each checked by hand
against the document text (see docs/indicators.md for what counts).

After a deliberate change, rewrite the golden files and review the diff:
``.venv/bin/python -m tests.test_indicators --write``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from graph.model import Plan, PlanDoc
from loaders.clean import clean
from loaders.indicators import VocabularyError, extract_indicators, load_vocabulary, match_metric
from loaders.pipeline import parse_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "data" / "plans").glob("*.txt"))
TEST_DOCS = sorted((ROOT / "tests" / "docs" / "indicators").iterdir())
GOLDEN = ROOT / "tests" / "golden" / "indicators"


def _collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def indicators_of(path: Path) -> list[dict[str, Any]]:
    """Every field of every indicator; the span shown as the text it covers."""
    doc = parse_document(path.read_bytes(), path.name)
    out = []
    for n, ind in enumerate(doc.indicators, start=1):
        assert ind.id == f"{doc.plan.id}/i/{n}"
        assert ind.plan_id == doc.plan.id
        assert ind.span is not None
        out.append(
            {
                "ordinal": n,
                "name": ind.name,
                "metric": ind.metric,
                "baseline": ind.baseline,
                "baseline_year": ind.baseline_year,
                "target": ind.target,
                "target_year": ind.target_year,
                "comparator": ind.comparator,
                "measure_unit": ind.measure_unit,
                "nature": ind.nature,
                "flag": ind.flag,
                "span_text": _collapse(doc.plan.text[ind.span.start : ind.span.end]),
                "quote": ind.quote,
            }
        )
    return out


def _golden(path: Path) -> Path:
    return GOLDEN / f"{path.name.split('.')[0]}.json"


@pytest.mark.parametrize("path", CORPUS + TEST_DOCS, ids=lambda p: p.name.split(".")[0])
def test_every_indicator_matches_golden(path: Path) -> None:
    golden = json.loads(_golden(path).read_text(encoding="utf-8"))
    assert indicators_of(path) == golden


def test_corpus_counts() -> None:
    """Counted by hand: 000 five targets in one sentence; 001 ten goals + two in tasks;
    002 eight table rows + three sentences; 003 five goals + two in tasks; 004 eight
    table rows + three sentences (its three other goal sentences restate table rows)."""
    counts = {p.name[:3]: len(indicators_of(p)) for p in CORPUS}
    assert counts == {"000": 5, "001": 12, "002": 11, "003": 7, "004": 11}


@pytest.mark.parametrize("path", CORPUS + TEST_DOCS, ids=lambda p: p.name.split(".")[0])
def test_spans_point_into_the_quote_and_ids_follow_document_order(path: Path) -> None:
    doc = parse_document(path.read_bytes(), path.name)
    starts = [i.span.start for i in doc.indicators if i.span]
    assert starts == sorted(starts)
    for ind in doc.indicators:
        assert ind.span is not None
        assert _collapse(doc.plan.text[ind.span.start : ind.span.end]) in ind.quote


def test_decimal_point_lost_by_pdf_is_kept_as_printed_and_flagged() -> None:
    rows = {i["name"]: i for i in indicators_of(CORPUS[2])}
    copyright_share = rows["版权产业的行业增加值占 GDP比重"]
    assert (copyright_share["baseline"], copyright_share["target"]) == ("607", "65")
    assert copyright_share["flag"] == "疑似丢失小数点：607% 不应超过 100"
    high_value = rows["每万人口高价值发明专利拥有量"]
    assert (high_value["baseline"], high_value["target"]) == ("41", "100")
    assert "基期值在[]内，为测算值（见表注）" in high_value["flag"]
    assert "疑似丢失小数点" in high_value["flag"]
    assert rows["海外发明专利授权量"]["flag"] is None  # a count of patents never has a decimal point


def test_funding_and_history_are_not_targets() -> None:
    targets_003 = [i["target"] for i in indicators_of(CORPUS[3])]
    assert "50" not in targets_003 and "10" not in targets_003  # 给予最高50万元资助, 10万元奖励
    found_004 = indicators_of(CORPUS[4])
    assert not any(i["target"] in ("8563", "12.02", "15", "7816.42") for i in found_004)  # 发展基础
    assert not any("资助" in i["quote"] or "奖励" in i["quote"] for i in found_004)


def _doc(text: str, period_end: int | None) -> PlanDoc:
    cleaned = clean(text)
    return PlanDoc(plan=Plan(id="plan:t", title="", text=cleaned.text, period_end=period_end))


def test_target_year_is_the_plans_end_year_unless_the_paragraph_names_one() -> None:
    text = "一、目标\n全市有效发明专利拥有量达到500件以上。\n到2023年，新增省级知识产权优势企业5家。\n"
    assert [(i.target, i.target_year) for i in extract_indicators(_doc(text, 2024))] == [
        ("500", 2024),
        ("5", 2023),
    ]
    assert [i.target_year for i in extract_indicators(_doc(text, None))] == [None, 2023]


def test_baseline_from_a_sentence_and_its_year() -> None:
    text = "一、目标\n到2025年，每万人口发明专利拥有量由2020年的6.5件提高到9件。\n"
    (ind,) = extract_indicators(_doc(text, 2025))
    assert (ind.name, ind.metric, ind.baseline, ind.baseline_year, ind.target) == (
        "每万人口发明专利拥有量",
        "每万人口发明专利拥有量",
        "6.5",
        2020,
        "9",
    )


def test_comparators() -> None:
    text = (
        "一、目标\n到2025年，知识产权保护社会满意度不低于85分，案件平均办理周期控制在60天以内，"
        "高价值专利组合≥12个，专利代理机构超过30家，商标质押融资金额达到2亿元。\n"
    )
    got = [(i.comparator, i.target, i.measure_unit) for i in extract_indicators(_doc(text, 2025))]
    assert got == [(">=", "85", "分"), ("<=", "60", "天"), (">=", "12", "个"), (">=", "30", "家"), ("=", "2", "亿元")]


def test_high_value_and_all_invention_patents_stay_different_metrics() -> None:
    vocab = load_vocabulary()
    assert match_metric("万人发明专利拥有量", vocab).metric == "每万人口发明专利拥有量"
    assert match_metric("万人高价值发明专利拥有量", vocab).metric == "每万人口高价值发明专利拥有量"
    assert match_metric("每万人口高价值发明专利拥有量", vocab).metric == "每万人口高价值发明专利拥有量"


def test_fuzzy_fallback_never_merges_across_a_distinguishing_term(tmp_path: Path) -> None:
    """Even with a vocabulary that only knows the high-value metric and a lax score, the
    guard keeps 万人发明专利拥有量 its own metric."""
    text = (Path(__file__).resolve().parent.parent / "data" / "metrics.yaml").read_text(encoding="utf-8")
    start, end = text.index("metrics:\n"), text.index("\nstrip_prefixes:")
    only_high_value = "metrics:\n  - name: 每万人口高价值发明专利拥有量\n    variants: [万人高价值发明专利拥有量]\n"
    lax = (text[:start] + only_high_value + text[end:]).replace("fuzzy_min_score: 90", "fuzzy_min_score: 50")
    path = tmp_path / "metrics.yaml"
    path.write_text(lax, encoding="utf-8")
    vocab = load_vocabulary(path)
    found = match_metric("万人发明专利拥有量", vocab)
    assert (found.metric, found.method) == ("万人发明专利拥有量", "own")
    near = match_metric("每万人口高价值发明专利拥有数", vocab)
    assert near.metric == "每万人口高价值发明专利拥有量"
    assert near.method == "fuzzy" and near.score is not None and near.score >= 50


def test_fuzzy_match_is_marked_with_its_score_and_cumulative_is_not_annual() -> None:
    vocab = load_vocabulary()
    near = match_metric("每万人口高价值发明专利拥有数", vocab)
    assert (near.metric, near.method, near.score) == ("每万人口高价值发明专利拥有量", "fuzzy", 92.9)
    assert match_metric("知识产权质押融资金额累计", vocab).metric == "知识产权质押融资金额累计"


def test_satisfaction_alone_is_the_ip_metric_only_in_an_ip_plan() -> None:
    vocab = load_vocabulary()
    assert match_metric("社会满意度", vocab, "关于知识产权高质量发展的实施意见").metric == "知识产权保护社会满意度"
    assert match_metric("社会满意度", vocab, "关于养老服务体系建设的实施意见").metric == "社会满意度"


def test_unknown_indicator_gets_its_own_metric_without_region_or_verb() -> None:
    vocab = load_vocabulary()
    assert match_metric("全市从事知识产权服务的专业人才", vocab).metric == "从事知识产权服务的专业人才"
    assert match_metric("培育、引进知识产权服务机构总数", vocab).metric == "知识产权服务机构总数"
    assert match_metric("市知识产权优势企业新增", vocab).metric == "新增市知识产权优势企业"


def test_malformed_vocabulary_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "metrics.yaml"
    path.write_text("metrics:\n  - variants: [x]\n", encoding="utf-8")
    # the schema names the file, the line and what is missing
    with pytest.raises(VocabularyError, match=r"metrics\.yaml:2: the metric vocabulary: metrics\[0\]: missing key"):
        load_vocabulary(path)


if __name__ == "__main__" and "--write" in sys.argv:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for p in CORPUS + TEST_DOCS:
        _golden(p).write_text(json.dumps(indicators_of(p), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", _golden(p).relative_to(ROOT))
