"""The ``cypher/`` statements, labels and relationship types of the ledger on Neo4j.

Kept apart from :mod:`graph.ledger_neo4j` (which needs the driver) so that the graph store's
statement list and the Cypher file checks can name them without importing it.
"""

from __future__ import annotations

__all__ = ["LEDGER_LABELS", "LEDGER_STATEMENTS", "LEDGER_TYPES"]

#: ``Progress``: one record (task identity × unit, append-only); ``PlanVersion``: a version of
#: a plan the ledger has seen, its task snapshots as JSON.
LEDGER_LABELS = ("Progress", "PlanVersion")
#: ``(Progress)-[:PROGRESS_OF]->(Task)`` (the task carrying its identity now) and
#: ``(Progress)-[:FOR_UNIT]->(Unit)``.
LEDGER_TYPES = ("PROGRESS_OF", "FOR_UNIT")
LEDGER_STATEMENTS = (
    "create_progress_records",
    "read_progress_records",
    "link_progress_tasks",
    "link_progress_units",
    "create_progress_plan_version",
    "last_progress_plan_version",
    "read_progress_plan_versions",
    "clear_progress",
)
