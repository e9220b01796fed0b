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
from graph.exports import COLUMN_SETS, csv_document
from graph.stores import open_store
from graph.stores.base import GraphStore

__all__ = ["add_columns_option", "store_from_args", "write_output", "write_rows"]


def add_columns_option(p: argparse.ArgumentParser) -> None:
    """``--columns zh|contract``: the csv's headers (zh: Chinese, with a BOM, for Excel)."""
    p.add_argument(
        "--columns",
        choices=COLUMN_SETS,
        default="zh",
        help="csv only: zh (default) = Chinese headers and labels with a UTF-8 BOM, as Excel opens it; "
        "contract = the contract's English columns and codes, no BOM. json always uses the contract's keys",
    )


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


def write_rows(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str,
    out: str | None,
    columns: str = "contract",
    zh_header: Sequence[str] | None = None,
) -> None:
    """Rows as csv (``columns``: zh or contract, see :func:`graph.exports.csv_document`),
    json (list of objects) or an aligned text table."""
    if fmt == "csv":
        write_output(csv_document(header, rows, columns, zh_header), out)
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
