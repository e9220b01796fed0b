"""The golden-file view of a document's outline and metadata (shared by tests and scripts/golden.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loaders.pipeline import parse_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "data" / "plans").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden" / "outline"

META_FIELDS = (
    "title",
    "title_inferred",
    "subtitle",
    "kind",
    "issuer",
    "doc_no",
    "issued_on",
    "period_start",
    "period_end",
    "region",
    "level",
    "cites",
)


def outline_of(path: Path) -> dict[str, Any]:
    """Metadata and every section and body task (``path kind title``) in document order."""
    doc = parse_document(path.read_bytes(), path.name)
    nodes = [(s.span.start, s.path, "section", s.title) for s in doc.sections]
    nodes += [(t.span.start, t.path, t.kind, t.title) for t in doc.tasks if t.kind != "annex_row"]
    return {
        "source": path.name,
        "plan": {f: getattr(doc.plan, f) for f in META_FIELDS},
        "outline": [f"{p} {k} {t}" for _, p, k, t in sorted(nodes)],
    }
