"""Quantitative targets from tables and sentences (stage: indicators).

An indicator is a number with a measure unit that a plan sets as a target:
a row of an indicator table (指标 | 基期值 | 预期值 | 属性), or a clause such as
"…达到10.2件", "…80分以上", "新增40家". Funding amounts (给予最高50万元资助)
and the past (发展基础, 截至2020年底…) are not targets. The decisions are
written down in docs/indicators.md.

This module owns the vocabulary (``data/metrics.yaml``: metric names, their
variants, and the phrase grammar) and puts the two finders together:
:mod:`loaders.indicator_tables` and :mod:`loaders.indicator_sentences`.
A sentence that restates a table row is dropped in favour of the row (which
carries baseline and nature); one that disagrees with its row is kept and
both are flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.datafile import read_yaml
from graph.errors import PlankgError
from graph.model import Indicator, PlanDoc
from loaders.indicator_sentences import find_sentence_indicators
from loaders.indicator_tables import find_table_indicators

__all__ = [
    "METRICS_PATH",
    "MetricMatch",
    "Phrases",
    "Vocabulary",
    "VocabularyError",
    "extract_indicators",
    "load_vocabulary",
    "match_metric",
]

#: The metric vocabulary and phrase grammar shipped with the product.
METRICS_PATH = Path(__file__).resolve().parent.parent / "data" / "metrics.yaml"


class VocabularyError(PlankgError):
    """``data/metrics.yaml`` is missing a key or has the wrong shape."""


@dataclass(frozen=True)
class Phrases:
    """The grammar of a target in running text (see ``phrases`` in metrics.yaml)."""

    units: tuple[str, ...]
    static_verbs: tuple[str, ...]
    action_verbs: tuple[str, ...]
    lead_words: tuple[str, ...]
    ge_prefix: tuple[str, ...]
    ge_suffix: tuple[str, ...]
    le_prefix: tuple[str, ...]
    le_suffix: tuple[str, ...]
    funding_words: tuple[str, ...]
    history_titles: tuple[str, ...]
    history_leads: tuple[str, ...]
    natures: tuple[str, ...]
    bounded_words: tuple[str, ...]
    count_units: tuple[str, ...]
    ratio_words: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """Normalised metric names with their variants, and the phrase grammar."""

    names: tuple[str, ...]
    variants: dict[str, str]  # normalised variant (and name) -> metric name
    in_context: dict[str, dict[str, str]]  # subject word -> variant -> metric name
    strip_prefixes: tuple[str, ...]
    strip_verbs: tuple[str, ...]
    fuzzy_min_score: float
    distinguishing_terms: tuple[str, ...]
    phrases: Phrases = field(repr=False)


@dataclass(frozen=True)
class MetricMatch:
    """The metric a printed name measures, and how it was found."""

    metric: str
    method: str  # "rule" | "context" | "fuzzy" | "own"
    score: float | None = None


def _strs(data: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise VocabularyError(f"{path}: '{key}' must be a list of strings")
    return tuple(value)


def _phrases(data: dict[str, Any], path: Path) -> Phrases:
    comp = data.get("comparators")
    if not isinstance(comp, dict) or not {">=", "<="} <= set(comp):
        raise VocabularyError(f"{path}: 'phrases.comparators' needs '>=' and '<=' entries")
    ge, le = comp[">="], comp["<="]
    return Phrases(
        units=tuple(sorted(_strs(data, "units", path), key=len, reverse=True)),
        static_verbs=tuple(sorted(_strs(data, "static_verbs", path), key=len, reverse=True)),
        action_verbs=_strs(data, "action_verbs", path),
        lead_words=_strs(data, "lead_words", path),
        ge_prefix=tuple(sorted(_strs(ge, "prefix", path), key=len, reverse=True)),
        ge_suffix=tuple(sorted(_strs(ge, "suffix", path), key=len, reverse=True)),
        le_prefix=tuple(sorted(_strs(le, "prefix", path), key=len, reverse=True)),
        le_suffix=tuple(sorted(_strs(le, "suffix", path), key=len, reverse=True)),
        funding_words=_strs(data, "funding_words", path),
        history_titles=_strs(data, "history_titles", path),
        history_leads=_strs(data, "history_leads", path),
        natures=_strs(data, "natures", path),
        bounded_words=_strs(data, "bounded_words", path),
        count_units=_strs(data, "count_units", path),
        ratio_words=_strs(data, "ratio_words", path),
    )


def _squeeze(name: str) -> str:
    """Spaces out, brackets and letters in one form: the key names are compared by."""
    return re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")").upper()


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = METRICS_PATH) -> Vocabulary:
    """Read the vocabulary; raise :class:`VocabularyError` naming the file if it is malformed."""
    data = read_yaml(path, VocabularyError, "the metric vocabulary")
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), list):
        raise VocabularyError(f"{path}: needs a 'metrics' list")
    names: list[str] = []
    variants: dict[str, str] = {}
    in_context: dict[str, dict[str, str]] = {}
    for entry in data["metrics"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise VocabularyError(f"{path}: every metric needs a 'name'")
        name = entry["name"]
        names.append(name)
        for v in [name, *_strs(entry, "variants", path)]:
            key = _squeeze(v)
            if variants.get(key, name) != name:
                raise VocabularyError(f"{path}: variant {v} is listed under {variants[key]} and {name}")
            variants[key] = name
        for subject, words in (entry.get("in_context") or {}).items():
            for w in words:
                in_context.setdefault(str(subject), {})[_squeeze(w)] = name
    phrases = data.get("phrases")
    if not isinstance(phrases, dict):
        raise VocabularyError(f"{path}: needs a 'phrases' mapping")
    return Vocabulary(
        names=tuple(names),
        variants=variants,
        in_context=in_context,
        strip_prefixes=_strs(data, "strip_prefixes", path),
        strip_verbs=_strs(data, "strip_verbs", path),
        fuzzy_min_score=float(data.get("fuzzy_min_score", 90)),
        distinguishing_terms=_strs(data, "distinguishing_terms", path),
        phrases=_phrases(phrases, path),
    )


def _strip_known(key: str, words: tuple[str, ...]) -> str:
    """Drop leading ``words`` (repeatedly, with a list joiner after each: 培育、引进…)."""
    changed = True
    while changed:
        changed = False
        for w in words:
            if key.startswith(w) and len(key) > len(w):
                key, changed = key[len(w) :].lstrip("、和及与"), True
    return key


def _terms(name: str, vocab: Vocabulary) -> frozenset[str]:
    return frozenset(t for t in vocab.distinguishing_terms if t in name)


def match_metric(name: str, vocab: Vocabulary, context: str = "") -> MetricMatch:
    """The normalised metric of a printed indicator name.

    Rule first: the name (spaces out, a leading 全市/培育… dropped) is a known
    name or variant. Then a variant that only holds in context (社会满意度 in a
    plan about 知识产权). Then rapidfuzz, accepted only at ``fuzzy_min_score``
    and when both names carry the same distinguishing terms (高价值, 有效, 海外…),
    so that a near miss is never merged into a different quantity. Otherwise
    the name is its own metric.
    """
    key = _squeeze(name)
    if key.endswith("新增") and len(key) > 2:
        key = "新增" + key[:-2]  # "X新增40家" counts the same as "新增X40家"
    candidates = [key, _strip_known(key, vocab.strip_prefixes)]
    candidates.append(_strip_known(candidates[-1], vocab.strip_verbs))
    for cand in candidates:
        if cand in vocab.variants:
            return MetricMatch(vocab.variants[cand], "rule")
    for subject, words in vocab.in_context.items():
        if subject in context:
            for cand in candidates:
                if cand in words:
                    return MetricMatch(words[cand], "context")
    own = candidates[-1]
    from rapidfuzz import fuzz, process

    best = process.extractOne(own, list(vocab.variants), scorer=fuzz.ratio)
    if best is not None:
        variant, score, _ = best
        if score >= vocab.fuzzy_min_score and _terms(variant, vocab) == _terms(own, vocab):
            return MetricMatch(vocab.variants[variant], "fuzzy", round(float(score), 1))
    return MetricMatch(own, "own")


def _add_flag(ind: Indicator, flag: str) -> None:
    ind.flag = flag if not ind.flag else f"{ind.flag}；{flag}"


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _merge_restatements(table: list[Indicator], sentences: list[Indicator]) -> list[Indicator]:
    """Drop a sentence that restates a table row; flag one that contradicts it."""
    by_metric: dict[str, list[Indicator]] = {}
    for row in table:
        by_metric.setdefault(row.metric, []).append(row)
    kept: list[Indicator] = []
    for ind in sentences:
        rows = [
            r
            for r in by_metric.get(ind.metric, [])
            if r.target_year == ind.target_year or ind.target_year is None or r.target_year is None
        ]
        same = [
            r
            for r in rows
            if _number(r.target) == _number(ind.target)
            and r.measure_unit == ind.measure_unit
            and r.comparator == ind.comparator
        ]
        if same:
            continue
        for r in rows:
            _add_flag(r, f"正文另称 {ind.target}{ind.measure_unit or ''}")
            _add_flag(ind, f"指标表为 {r.target}{r.measure_unit or ''}")
        kept.append(ind)
    return kept


def extract_indicators(doc: PlanDoc) -> list[Indicator]:
    """Every indicator of the document, in document order, with ids ``<plan id>/i/<n>``."""
    vocab = load_vocabulary()
    text = doc.plan.text
    # the subjects (知识产权 …) the plan names, found once: match_metric asks for each indicator
    # whether its context names a subject, and a search of the whole text per indicator was quadratic
    full = doc.plan.title + text
    context = "\n".join(subject for subject in vocab.in_context if subject in full)
    tables, table_spans = find_table_indicators(text, vocab.phrases, doc.plan.period_end)
    sentences = find_sentence_indicators(text, vocab.phrases, doc.plan.period_end, table_spans)
    for ind in [*tables, *sentences]:
        found = match_metric(ind.name, vocab, context)
        ind.metric = found.metric
        if found.method == "fuzzy":
            _add_flag(ind, f"指标名按相似度匹配（得分 {found.score}）")
    out = sorted(
        [*tables, *_merge_restatements(tables, sentences)],
        key=lambda i: (i.span.start if i.span else 0, i.name),
    )
    for n, ind in enumerate(out, start=1):
        ind.id = f"{doc.plan.id}/i/{n}"
        ind.plan_id = doc.plan.id
    return out
