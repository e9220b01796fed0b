"""A person's decisions about unit names (``data/alias_decisions.yaml``).

Fuzzy matches and unresolved names are flagged for review; what the reviewer
decides is kept in a small YAML file and applied on every load, so a decision
outlives re-loading the plans:

* ``confirm`` — the alias, printed in ``region``, means ``unit`` (a fuzzy match made
  right, or an unresolved name given its unit);
* ``reject``  — the alias in ``region`` does NOT mean ``unit`` (it stays unresolved);
* ``merge``   — ``unit`` is the same as ``into`` (every mention and alias moves);
* ``not_unit`` — the alias, printed in ``region``, is not a responsible unit at all (a
  phrase the clause reader took for one): its mentions are dropped on every load.
  ``unit`` may name the unit it had become, for the record.

Files written before ``not_unit`` existed read unchanged; the fields are the same.

``unit`` and ``into`` are unit ids (``unit:烟台市市场监督管理局``) or canonical names.
The file is replaced atomically, keeping its leading comment block.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from graph.atomic import write_atomic
from graph.datafile import DECISIONS, read_yaml
from graph.errors import PlankgError

__all__ = ["Action", "Decision", "DecisionError", "load_decisions", "save_decision", "unit_id"]

Action = Literal["confirm", "reject", "merge", "not_unit"]
_ACTIONS = ("confirm", "reject", "merge", "not_unit")


class DecisionError(PlankgError):
    """The decisions file cannot be read, or a decision is incomplete."""


@dataclass(frozen=True)
class Decision:
    """One reviewer decision (see the module docstring for what each action needs)."""

    action: Action
    alias: str = ""
    region: str = ""
    unit: str = ""
    into: str = ""

    def check(self, where: str) -> None:
        """Raise :class:`DecisionError` (naming ``where``) if a field the action needs is empty."""
        if self.action not in _ACTIONS:
            raise DecisionError(f"{where}: unknown action {self.action!r} (confirm, reject, merge or not_unit)")
        need = {
            "confirm": ("alias", "unit"),
            "reject": ("alias", "unit"),
            "merge": ("unit", "into"),
            "not_unit": ("alias",),
        }[self.action]
        missing = [f for f in need if not getattr(self, f)]
        if missing:
            raise DecisionError(f"{where}: {self.action} needs {' and '.join(missing)}")


def unit_id(ref: str) -> str:
    """A unit reference as an id: ``烟台市市场监督管理局`` → ``unit:烟台市市场监督管理局``."""
    return ref if ref.startswith("unit:") else f"unit:{ref}"


def load_decisions(path: str | os.PathLike[str] | None) -> list[Decision]:
    """The decisions in ``path`` (none when the file does not exist)."""
    if path is None:
        return []
    p = Path(path)
    if not p.exists():
        return []
    data = read_yaml(p, DecisionError, "the decisions", schema=DECISIONS)  # whatever the file is called
    if data is None:
        return []
    if not isinstance(data, list):
        raise DecisionError(f"{p}: expected a list of decisions")
    out: list[Decision] = []
    for n, entry in enumerate(data, 1):
        if not isinstance(entry, dict):
            raise DecisionError(f"{p}: decision {n} is not a mapping")
        unknown = set(entry) - {"action", "alias", "region", "unit", "into"}
        if unknown:
            raise DecisionError(f"{p}: decision {n} has unknown fields {sorted(unknown)}")
        d = Decision(
            action=cast(Action, str(entry.get("action", ""))),
            alias=str(entry.get("alias") or ""),
            region=str(entry.get("region") or ""),
            unit=str(entry.get("unit") or ""),
            into=str(entry.get("into") or ""),
        )
        d.check(f"{p}: decision {n}")
        out.append(d)
    return out


def save_decision(path: str | os.PathLike[str], decision: Decision) -> None:
    """Append ``decision`` (once: an identical one is not repeated), atomically."""
    p = Path(path)
    decision.check(str(p))
    decisions = load_decisions(p)
    if decision in decisions:
        return
    decisions.append(decision)
    header = _header(p)
    entries: list[dict[str, Any]] = [{k: v for k, v in asdict(d).items() if v} for d in decisions]
    body = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
    write_atomic(p, header + body, DecisionError, ("审核决定", "the decisions"))


def _header(p: Path) -> str:
    """The file's leading comment lines, kept across rewrites."""
    if not p.exists():
        return ""
    lines = []
    for line in p.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            lines.append(line if line.endswith("\n") else line + "\n")
        else:
            break
    return "".join(lines)
