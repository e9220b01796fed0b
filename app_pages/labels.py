"""Chinese display labels for the model's English codes.

The graph stores roles, task kinds, levels and link types as short English
codes (the contract's vocabulary); coordinators read Chinese. Every page
translates through these tables so a code is shown the same way everywhere,
and an unknown code is shown as printed rather than hidden.
"""

from __future__ import annotations

__all__ = [
    "DIRECTION_LABELS",
    "KIND_LABELS",
    "LEVEL_LABELS",
    "LEVEL_ORDER",
    "LINK_LABELS",
    "ROLE_LABELS",
    "label",
    "period_label",
]

ROLE_LABELS = {"lead": "牵头", "support": "配合", "responsible": "负责"}

KIND_LABELS = {
    "section": "章节",
    "task": "任务",
    "project": "重大工程",
    "safeguard": "保障措施",
    "box": "专栏",
    "box_item": "专栏事项",
    "annex_row": "分工表条目",
}

LEVEL_LABELS = {"national": "国家", "province": "省级", "prefecture": "地市级", "county": "县级"}

#: Cascade order, top to bottom; unknown levels sort last.
LEVEL_ORDER = {"national": 0, "province": 1, "prefecture": 2, "county": 3}

LINK_LABELS = {"CASCADES_FROM": "承接", "REFINES": "细化", "IMPLEMENTS": "贯彻落实"}

DIRECTION_LABELS = {"up": "上级（本条承接的）", "down": "下级（承接本条的）"}


def label(table: dict[str, str], code: str | None) -> str:
    """``table[code]``, the code itself when unknown, ``""`` for no code."""
    if not code:
        return ""
    return table.get(code, code)


def period_label(start: int | None, end: int | None) -> str:
    """``2022—2024`` style period; one known year alone; ``""`` when neither is known.

    >>> period_label(2022, 2024)
    '2022—2024年'
    >>> period_label(None, 2025)
    '至2025年'
    >>> period_label(None, None)
    ''
    """
    if start and end:
        return f"{start}—{end}年"
    if end:
        return f"至{end}年"
    if start:
        return f"{start}年起"
    return ""
