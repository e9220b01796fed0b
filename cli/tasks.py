"""``plankg tasks`` and ``plankg units`` (STUB: owned by the units work)."""

from __future__ import annotations

import argparse

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``tasks --unit TEXT [--region R]`` and ``units [--review]``."""
