"""STUB — being written."""
from __future__ import annotations
from graph.model import Section, Task
def build_outline(text: str, plan_id: str) -> tuple[list[Section], list[Task]]:
    return [], []
