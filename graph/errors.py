"""One root exception; messages name the file, line or id that failed."""

from __future__ import annotations

__all__ = ["DocumentError", "PlankgError", "StoreError"]


class PlankgError(Exception):
    """Root of every error plankg raises on purpose (shown as one line), its message with
    credentials redacted (``neo4j://user:***@host``: :func:`graph.redact.redact`)."""

    def __init__(self, *args: object) -> None:
        from graph.redact import redact

        super().__init__(*(redact(a) if isinstance(a, str) else a for a in args))


class DocumentError(PlankgError):
    """A document cannot be read as a plan; the message says which and why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class StoreError(PlankgError):
    """The store cannot be opened, read or written."""
