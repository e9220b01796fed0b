"""STUB — being written."""
from __future__ import annotations
from graph.model import Plan
def extract_metadata(text: str, source: str, plan_id: str, sha256: str) -> Plan:
    return Plan(id=plan_id, title=source, source=source, sha256=sha256)
