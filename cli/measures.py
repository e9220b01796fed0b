"""``plankg indicators`` and ``plankg cascade`` (STUB: owned by the indicators/cascade work)."""

from __future__ import annotations

import argparse

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``indicators [--metric M]`` and ``cascade TASK_OR_PLAN``."""
