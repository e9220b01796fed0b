"""Chinese display labels for the model's English codes (``data/labels.yaml``).

The graph stores roles, task kinds, levels, link types and unit categories as
short English codes (the contract's vocabulary); coordinators read Chinese.
The app pages and the CLI's table view both translate through these tables,
so a code is shown the same way everywhere, and an unknown code is shown as
printed rather than hidden. Exports (csv/json) keep the codes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.datafile import read_yaml
from graph.errors import PlankgError

__all__ = [
    "CATEGORY_LABELS",
    "COMPARATOR_LABELS",
    "KIND_LABELS",
    "LABELS_PATH",
    "LEVEL_LABELS",
    "LINK_LABELS",
    "RELATION_LABELS",
    "ROLE_LABELS",
    "LabelsError",
    "label",
    "load_labels",
    "period_label",
    "relation_label",
    "target_label",
]

LABELS_PATH = Path(__file__).resolve().parent.parent / "data" / "labels.yaml"

_TABLES = ("roles", "kinds", "levels", "links", "categories", "comparators")


class LabelsError(PlankgError):
    """``data/labels.yaml`` is missing a table or has the wrong shape."""


def _table(data: dict[str, Any], key: str, path: Path) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise LabelsError(f"{path}: '{key}' needs a mapping of code: label")
    return dict(value)


def load_labels(path: Path = LABELS_PATH) -> dict[str, dict[str, str]]:
    """Every label table by its key in the file; ``relations`` keyed ``"TYPE up"``/``"TYPE down"``.

    Raise :class:`LabelsError` naming the file when it cannot be read or a table is malformed.
    """
    data = read_yaml(path, LabelsError, "the display labels")
    if not isinstance(data, dict):
        raise LabelsError(f"{path}: needs the tables {', '.join(_TABLES)}, relations")
    tables = {key: _table(data, key, path) for key in _TABLES}
    relations = data.get("relations")
    if not isinstance(relations, dict):
        raise LabelsError(f"{path}: 'relations' needs a mapping of link type: {{up, down}}")
    tables["relations"] = {
        f"{link} {direction}": text for link in relations for direction, text in _table(relations, link, path).items()
    }
    return tables


_LABELS = load_labels()

ROLE_LABELS = _LABELS["roles"]
KIND_LABELS = _LABELS["kinds"]
LEVEL_LABELS = _LABELS["levels"]
LINK_LABELS = _LABELS["links"]
CATEGORY_LABELS = _LABELS["categories"]
COMPARATOR_LABELS = _LABELS["comparators"]
#: A link seen from one end, keyed ``"CASCADES_FROM up"``: up is what this carries out.
RELATION_LABELS = _LABELS["relations"]


def label(table: dict[str, str], code: str | None) -> str:
    """``table[code]``, the code itself when unknown, ``""`` for no code.

    >>> label(ROLE_LABELS, "lead"), label(ROLE_LABELS, "other"), label(ROLE_LABELS, None)
    ('牵头', 'other', '')
    """
    if not code:
        return ""
    return table.get(code, code)


def relation_label(link_type: str, direction: str) -> str:
    """A cascade link as read from one end (``up``: what this carries out).

    >>> relation_label("REFINES", "down"), relation_label("X", "up")
    ('下级细化', 'X up')
    """
    key = f"{link_type} {direction}"
    return RELATION_LABELS.get(key, key)


def target_label(comparator: str, target: str | None) -> str:
    """A target with its comparator as a sign, as the plan prints it.

    >>> target_label(">=", "10"), target_label("=", "8.1"), target_label("=", None)
    ('≥10', '8.1', '')
    """
    if not target:
        return ""
    return f"{label(COMPARATOR_LABELS, comparator)}{target}"


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
