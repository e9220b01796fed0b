"""Stores: the interface, the embedded store (NetworkX over SQLite) and the Neo4j store."""

from __future__ import annotations

import os
from pathlib import Path

from graph.stores.base import GraphStore

__all__ = ["GraphStore", "default_store_path", "open_store"]

_NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def default_store_path() -> Path:
    """``$PLANKG_STORE``, else ``~/.local/share/plankg/graph.sqlite`` (outside the source tree)."""
    env = os.environ.get("PLANKG_STORE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "plankg" / "graph.sqlite"


def open_store(location: str | None = None) -> GraphStore:
    """Open the store named by ``location``, ``$PLANKG_STORE`` or ``$NEO4J_URI``.

    A ``neo4j://``/``bolt://`` URI selects the Neo4j store; anything else is
    the path of the embedded store's SQLite file. A path ending in ``.json``
    (the old one-file store) means its sibling ``.sqlite``; an old JSON store
    found there is migrated on first open, saying so once on stderr.
    """
    loc = location or os.environ.get("PLANKG_STORE") or os.environ.get("NEO4J_URI")
    if loc and loc.startswith(_NEO4J_SCHEMES):
        from graph.stores.neo4j_store import Neo4jStore

        return Neo4jStore.from_uri(loc)
    from graph.stores.networkx_store import NetworkXStore

    return NetworkXStore(Path(loc) if loc else default_store_path())
