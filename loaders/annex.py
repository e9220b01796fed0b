"""Annexed task-assignment tables (任务分工表) → ``annex_row`` tasks (stage: outline, annex part).

STUB — owned by the annex/cascade work; the signature is the contract.
"""

from __future__ import annotations

from graph.model import PlanDoc, Task

__all__ = ["extract_annex_rows"]


def extract_annex_rows(doc: PlanDoc) -> list[Task]:
    """Rows of an annexed 任务分工表 as tasks with paths ``A.…`` (mentions filled from the
    责任部门 column), in document order."""
    return []
