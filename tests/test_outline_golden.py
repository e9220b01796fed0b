"""Every section and body task (path, kind, title) and every metadata field of the five
corpus documents, against golden files reviewed by hand against each document.

To see what changed after a loader change: ``.venv/bin/python scripts/golden.py``.
"""

from __future__ import annotations

import json

import pytest

from tests.outline_view import CORPUS, GOLDEN, outline_of


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:3])
def test_outline_and_metadata_match_golden(path):
    golden = json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8"))
    now = outline_of(path)
    assert now["plan"] == golden["plan"]
    assert now["outline"] == golden["outline"]


def test_corpus_task_counts_by_kind():
    """Counted by hand in the documents: body tasks, safeguards, projects, boxes and box items."""
    counts = {}
    for path in CORPUS:
        kinds: dict[str, int] = {}
        for line in outline_of(path)["outline"]:
            kind = line.split(" ")[1]
            kinds[kind] = kinds.get(kind, 0) + 1
        counts[path.name[:3]] = kinds
    assert counts["000"] == {"section": 5, "task": 14, "safeguard": 3}
    assert counts["001"] == {"section": 10, "task": 21, "safeguard": 3}
    assert counts["002"] == {"section": 17, "task": 25, "project": 6, "safeguard": 3}
    assert counts["003"] == {"section": 5, "task": 31, "safeguard": 3}
    assert counts["004"] == {"section": 30, "task": 24, "box": 4, "box_item": 10, "safeguard": 4}


def test_numbering_slip_counts_as_the_level_it_stands_in():
    """004 prints （2） where （二） is meant: 面临的挑战 is 2.2, and its items 2.2.1…"""
    lines = outline_of(CORPUS[4])["outline"]
    assert "2.2 section 面临的挑战" in lines
    assert "2.2.1 section 知识产权保护力度有待进一步加强" in lines


def test_box_items_do_not_swallow_body_items():
    """In 004 专栏2 has items 1–3 and the body's next item is also numbered 3."""
    lines = outline_of(CORPUS[4])["outline"]
    i = lines.index("B2 box 知识产权要素配置工程")
    assert lines[i : i + 6] == [
        "B2 box 知识产权要素配置工程",
        "B2.1 box_item 建设高价值专利培育中心",
        "B2.2 box_item 推进商标、版权高质量发展",
        "B2.3 box_item 打造地理标志运用保护样板",
        "4.2.3 task 促进创新主体知识产权管理",
        "B3 box 知识产权强企培育工程",
    ]
