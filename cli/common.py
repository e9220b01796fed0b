"""Helpers every subcommand shares: opening the store, writing tables and files."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.errors import PlankgError
from graph.exports import COLUMN_SETS, csv_document
from graph.stores import open_store
from graph.stores.base import GraphStore

__all__ = ["add_columns_option", "store_from_args", "text_table", "write_output", "write_rows"]


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
    json (list of objects) or an aligned text table (rich's in a terminal, :func:`text_table` else)."""
    if fmt == "csv":
        write_output(csv_document(header, rows, columns, zh_header), out)
    elif fmt == "json":
        objs = [dict(zip(header, r, strict=True)) for r in rows]
        write_output(json.dumps(objs, ensure_ascii=False, indent=2) + "\n", out)
    elif out is None and sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(*header, show_lines=False)
        for r in rows:  # Text: a cell's [brackets] are data, not rich markup
            table.add_row(*(Text("" if v is None else str(v)) for v in r))
        Console(width=200).print(table)
    else:
        write_output(text_table(header, rows), out)


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters (汉字) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """The rows as a boxed text table in rich's default frame (┏━┳┓ ┃ ┡━╇┩ │ └─┴┘), one line
    a row, no cell wrapped: what a file or a pipe gets — a terminal gets rich's own table,
    whose column fitting costs a second on a thousand rows."""
    cells = [[str(h) for h in header]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(header))]

    def line(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right

    def row(values: list[str], bar: str) -> str:
        return bar + bar.join(f" {v}{' ' * (w - _width(v))} " for v, w in zip(values, widths, strict=True)) + bar

    out = [line("┏", "━", "┳", "┓"), row(cells[0], "┃"), line("┡", "━", "╇", "┩")]
    out.extend(row(r, "│") for r in cells[1:])
    out.append(line("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"
