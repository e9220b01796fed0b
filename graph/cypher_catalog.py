"""The Cypher statements the Neo4j store runs, loaded by name from ``cypher/``.

Every statement lives in its own ``cypher/<name>.cypher`` file so that it can
be read, reviewed and checked by a grammar on its own, and so that no Cypher
is ever built from strings in Python: the store only passes parameters.
``schema.cypher`` is the one file holding several statements (constraints
and indexes), split on ``;`` once comments are stripped.

The folder sits next to the ``graph`` package (the repository's ``cypher/``);
files are read once and cached.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from graph.errors import StoreError

__all__ = ["CYPHER_DIR", "SCHEMA_NAME", "names", "schema_statements", "split_statements", "statement"]

#: Where the ``.cypher`` files are: ``cypher/`` beside the ``graph`` package.
CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"

#: The multi-statement file of constraints and indexes.
SCHEMA_NAME = "schema"

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def strip_comments(text: str) -> str:
    """``text`` without ``//`` line comments and ``/* */`` block comments.

    Quotes (``'…'``, ``"…"``, ```…```) are honoured, so ``//`` inside a
    string literal stays.

    >>> strip_comments("MATCH (n) // all\\nRETURN '//' AS s /* x */")
    "MATCH (n) \\nRETURN '//' AS s "
    """
    out: list[str] = []
    i, n = 0, len(text)
    quote: str | None = None
    while i < n:
        ch = text[i]
        if quote:
            out.append(ch)
            if ch == "\\" and quote != "`" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch == quote:
                quote = None
            i += 1
        elif ch in "'\"`":
            quote = ch
            out.append(ch)
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def split_statements(text: str) -> list[str]:
    """Statements of a Cypher script: comments stripped, split on ``;`` outside quotes.

    >>> split_statements("RETURN 1; // one\\n RETURN ';' AS s;\\n")
    ['RETURN 1', "RETURN ';' AS s"]
    """
    body = strip_comments(text)
    parts: list[str] = []
    current: list[str] = []
    quote: str | None = None
    for ch in body:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif ch == ";":
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _path(name: str) -> Path:
    if not _NAME.match(name):
        raise StoreError(f"{name!r}: not a Cypher statement name (lower-case letters, digits, _)")
    return CYPHER_DIR / f"{name}.cypher"


@functools.cache
def _read(name: str) -> str:
    path = _path(name)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the Cypher statement ({exc.strerror or exc})") from exc


@functools.cache
def statement(name: str) -> str:
    """The one statement of ``cypher/<name>.cypher``, comments stripped."""
    parts = split_statements(_read(name))
    if len(parts) != 1:
        raise StoreError(f"{_path(name)}: expected exactly one statement, found {len(parts)}")
    return parts[0]


@functools.cache
def schema_statements() -> tuple[str, ...]:
    """The constraints and indexes of ``cypher/schema.cypher``, in file order."""
    parts = split_statements(_read(SCHEMA_NAME))
    if not parts:
        raise StoreError(f"{_path(SCHEMA_NAME)}: no statements")
    return tuple(parts)


def names() -> list[str]:
    """Every statement file's name (``schema`` included), sorted."""
    return sorted(p.stem for p in CYPHER_DIR.glob("*.cypher"))
