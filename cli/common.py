"""Helpers every subcommand shares: opening the store, writing tables and files."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.errors import PlankgError
from graph.exports import to_csv
from graph.stores import open_store
from graph.stores.base import GraphStore

__all__ = ["store_from_args", "write_output", "write_rows"]


def store_from_args(args: argparse.Namespace) -> GraphStore:
    """The store named by ``--store`` (or the environment / default)."""
    return open_store(getattr(args, "store", None))


def write_output(text: str | bytes, out: str | None) -> None:
    """Write to ``out`` (a file) or stdout."""
    if out is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PlankgError(f"{out}: 无法写入 (cannot write: {exc.strerror or exc})") from exc


def write_rows(header: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, out: str | None) -> None:
    """Rows as csv, json (list of objects) or an aligned text table."""
    if fmt == "csv":
        write_output(to_csv(header, rows), out)
    elif fmt == "json":
        objs = [dict(zip(header, r, strict=True)) for r in rows]
        write_output(json.dumps(objs, ensure_ascii=False, indent=2) + "\n", out)
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(*header, show_lines=False)
        for r in rows:  # Text: a cell's [brackets] are data, not rich markup
            table.add_row(*(Text("" if v is None else str(v)) for v in r))
        if out is None:
            Console(width=200).print(table)
            return
        buffer = io.StringIO()
        Console(file=buffer, width=200, color_system=None).print(table)
        write_output(buffer.getvalue(), out)
