"""Printed deadlines → due date and recurrence (loaders/deadlines.py); where they are looked
for is tests/test_duties.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.deadlines import is_deadline, is_standalone_deadline, parse_deadline

FIXTURES = Path(__file__).resolve().parent / "docs" / "duties"


@pytest.mark.parametrize(
    ("printed", "due", "recurrence"),
    [
        ("2025年底前", "2025-12-31", None),
        ("2025年年底前", "2025-12-31", None),
        ("2024年末", "2024-12-31", None),
        ("2023年6月底前完成", "2023-06-30", None),
        ("2023年6月末", "2023-06-30", None),
        ("2024年6月", "2024-06-30", None),
        ("2024年2月底前", "2024-02-29", None),
        ("2023年11月15日前", "2023-11-15", None),
        ("2023年9月中旬", "2023-09-20", None),
        ("2024年一季度", "2024-03-31", None),
        ("2024年第一季度", "2024-03-31", None),
        ("2023年三季度", "2023-09-30", None),
        ("2023年上半年", "2023-06-30", None),
        ("2023年下半年", "2023-12-31", None),
        ("2022—2024年", "2024-12-31", None),
        ("2022-2024年", "2024-12-31", None),
        ("2021年至2025年", "2025-12-31", None),
        ("2022年启动，2024年底前完成", "2024-12-31", None),
        ("每年", None, "annual"),
        ("每季度", None, "quarterly"),
        ("长期坚持", None, "ongoing"),
        ("持续推进", None, "ongoing"),
        ("长期推进", None, "ongoing"),
        ("2023年底前完成，长期坚持", "2023-12-31", "ongoing"),
        ("2022—2024年每年", "2024-12-31", "annual"),
        ("年内完成", None, None),
        ("年底前", None, None),
        ("6月底前", None, None),
        ("", None, None),
    ],
)
def test_parse_deadline(printed, due, recurrence):
    assert parse_deadline(printed) == (due, recurrence)


def test_spaces_and_line_breaks_inside_a_printed_deadline():
    assert parse_deadline("2023 年\n6 月底前") == ("2023-06-30", None)


@pytest.mark.parametrize(
    "text", ["2025年底前", "2023年6月底前完成", "长期坚持", "每年", "年内完成", "2022—2024年", "2024年一季度"]
)
def test_deadline_shapes(text):
    assert is_deadline(text)


@pytest.mark.parametrize("text", ["市发展改革委", "完成", "到2025年全市建成", "2023年修订", "2023版", "各区政府", ""])
def test_not_deadlines(text):
    assert not is_deadline(text)


def test_a_bracket_of_a_bare_year_or_period_is_not_a_deadline():
    assert not is_standalone_deadline("2022—2024年")
    assert not is_standalone_deadline("2023年")
    assert is_standalone_deadline("2023年底前")
    assert is_standalone_deadline("持续推进")


def test_zhejiang_time_cells():
    rows = (FIXTURES / "zhejiang_ai_2026_rows.tsv").read_text(encoding="utf-8").splitlines()[1:]
    times = [row.split("\t")[2] for row in rows]
    assert [parse_deadline(t) for t in times] == [
        ("2026-12-31", None),
        (None, "ongoing"),
        ("2026-06-30", None),
        (None, "ongoing"),
        ("2026-03-31", None),
        ("2026-05-31", None),
        ("2026-06-30", None),
        ("2026-12-31", None),
        ("2026-11-30", None),
    ]
