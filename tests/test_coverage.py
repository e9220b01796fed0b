"""Nothing is silently dropped: the spans of a plan's sections and tasks tile its cleaned text.

Every character of each cleaned document lies in exactly one node's span, spans
follow each other without gaps or overlaps, and each node's ``text`` is its span's
text. Checked on the corpus and on the documents under tests/docs/.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from loaders.pipeline import parse_document
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
