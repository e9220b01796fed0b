"""The golden-file view of who owns what in each corpus document (tests/golden/units/).

For every task of a document, in document order: its mentions as
``[printed text, canonical unit, role]``; and every group's members (MEMBER_OF).

Show what changed after a loader change:   .venv/bin/python -m tests.units_view
Rewrite the files (then review the diff!): .venv/bin/python -m tests.units_view --write
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.model import KnowledgeGraph
from loaders.pipeline import build_graph, parse_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "data" / "plans").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden" / "units"


@lru_cache(maxsize=1)
def corpus_graph() -> KnowledgeGraph:
    """All five documents loaded and resolved together (with no reviewer decisions)."""
    docs = [parse_document(p.read_bytes(), p.name) for p in CORPUS]
    return build_graph(docs, decisions=Path(os.devnull))  # no reviewer decisions


def units_of(source: str, graph: KnowledgeGraph | None = None) -> dict[str, Any]:
    """The view of one document of ``graph`` (default: the corpus)."""
    g = graph or corpus_graph()
    plan = next(p for p in g.plans.values() if p.source == source)
    tasks = sorted((t for t in g.tasks.values() if t.plan_id == plan.id), key=lambda t: (t.span.start, t.path))
    view: dict[str, Any] = {
        "source": source,
        "region": plan.region,
        "tasks": {
            t.path: [[m.text, g.units[m.unit_id].name if m.unit_id else None, m.role] for m in t.mentions]
            for t in tasks
        },
    }
    members: dict[str, list[str]] = {}
    for e in g.edges:
        if e.type == "MEMBER_OF" and e.props.get("source") == source:
            members.setdefault(g.units[e.dst].name, []).append(g.units[e.src].name)
    if members:
        view["members"] = members
    return view


def main(argv: list[str]) -> int:
    write = "--write" in argv
    changed = 0
    for path in CORPUS:
        now = units_of(path.name)
        file = GOLDEN / f"{path.stem}.json"
        old = json.loads(file.read_text(encoding="utf-8")) if file.exists() else None
        if now == old:
            continue
        changed += 1
        print(f"--- {file.name} differs")
        if old is not None:
            for key in sorted(set(old["tasks"]) | set(now["tasks"])):
                if old["tasks"].get(key) != now["tasks"].get(key):
                    print(f"  {key}: {old['tasks'].get(key)}\n  {' ' * len(key)}→ {now['tasks'].get(key)}")
            if old.get("members") != now.get("members"):
                print(f"  members: {old.get('members')}\n        → {now.get('members')}")
        if write:
            GOLDEN.mkdir(parents=True, exist_ok=True)
            file.write_text(json.dumps(now, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{changed} of {len(CORPUS)} documents differ" + (" (written)" if write and changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
