"""Nothing is silently dropped: the spans of a plan's sections and tasks tile its cleaned text.

Every character of each cleaned document lies in exactly one node's span, spans
follow each other without gaps or overlaps, and each node's ``text`` is its span's
text. Checked on the corpus and on the documents under tests/docs/.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from loaders.clean import clean
from loaders.numbering import match_marker
from loaders.outline import build_outline
from loaders.pipeline import parse_document
from loaders.read import read_bytes
from tests.outline_view import CORPUS, ROOT

OWN_DOCS = sorted((ROOT / "tests" / "docs" / "outline").glob("*.txt"))


@pytest.mark.parametrize("path", CORPUS + OWN_DOCS, ids=lambda p: p.name)
def test_spans_tile_the_cleaned_text(path: Path):
    doc = parse_document(path.read_bytes(), path.name)
    text = doc.plan.text
    spans = sorted((n.span.start, n.span.end, n.id) for n in [*doc.sections, *doc.tasks])
    assert spans[0][0] == 0
    assert spans[-1][1] == len(text)
    for (_, end, left), (start, _, right) in itertools.pairwise(spans):
        assert end == start, f"gap or overlap between {left} and {right}"
    for node in [*doc.sections, *doc.tasks]:
        if getattr(node, "kind", "") != "annex_row":  # rows keep their measure cell's text
            assert node.text == text[node.span.start : node.span.end].rstrip("\n")


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:3])
def test_offsets_map_every_clean_char_back_to_the_original(path: Path):
    doc = parse_document(path.read_bytes(), path.name)
    original, offsets = doc.plan.original, doc.plan.offset_map
    assert len(offsets) == len(doc.plan.text) + 1
    assert offsets == sorted(offsets)
    full = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．＋－"}
    for i, ch in enumerate(doc.plan.text):
        if ch != "\n":
            assert original[offsets[i]].translate(full) == ch


# --------------------------------------------------------------------------- no heading swallowed
def lost_headings(text: str, nodes: list[tuple[int, int, str]]) -> list[str]:
    """Headings the outline stage let another node swallow.

    Tiling alone cannot catch a lost chapter: if （二） is not read as a heading, the
    node before it simply owns its text and the spans still tile. So for each node
    claimed by the outline (``(start, end, path)``, before any re-tiling), read the
    marker at its start and look through the rest of its own text for a line that
    starts — after any spaces, tabs or form feeds — with the next marker of the same
    style: that line is a sibling heading the stage lost.
    """
    lost = []
    for start, end, path in nodes:
        own = match_marker(text[start:end])
        if own is None:
            continue
        for line in text[start:end].split("\n")[1:]:
            m = match_marker(line.lstrip(" \t\u3000\f\v\r"))
            if m is not None and m.style == own.style and m.number == own.number + 1:
                lost.append(f"{path}: swallowed {line.strip()[:20]!r}")
    return lost


def _outline_nodes(text: str) -> list[tuple[int, int, str]]:
    sections, tasks = build_outline(text, "plan:x")
    return sorted((n.span.start, n.span.end, n.path) for n in [*sections, *tasks])


@pytest.mark.parametrize("path", CORPUS + OWN_DOCS, ids=lambda p: p.name)
def test_the_outline_stage_loses_no_heading(path: Path):
    text = clean(read_bytes(path.read_bytes(), path.name).text).text
    assert lost_headings(text, _outline_nodes(text)) == []


_FORM_FEED_PLAN = (
    "关于加快发展的实施方案\n一、总体要求\n坚持创新发展。\n二、重点任务\n（一）加强创新。推进改革。\n"
    "\f（二）扩大开放。深化合作（责任单位：市商务局）。\n三、保障措施\n加强领导。\n"
)


def test_the_check_fails_when_a_form_feed_hides_a_chapter():
    """Straight from the raw text (no clean stage) the form feed hides （二）: the spans still
    tile, but the check names the lost heading — so it is a check that can fail."""
    nodes = _outline_nodes(_FORM_FEED_PLAN)
    assert [p for _, _, p in nodes] == ["front", "1", "2", "2.1", "3"]  # （二） vanished
    assert lost_headings(_FORM_FEED_PLAN, nodes) == ["2.1: swallowed '（二）扩大开放。深化合作（责任单位：市商'"]


def test_clean_turns_a_form_feed_into_a_page_break_and_keeps_the_chapter():
    text = clean(_FORM_FEED_PLAN).text
    nodes = _outline_nodes(text)
    assert [p for _, _, p in nodes] == ["front", "1", "2", "2.1", "2.2", "3"]
    assert lost_headings(text, nodes) == []
