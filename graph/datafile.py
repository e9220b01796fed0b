"""Reading the YAML data files in ``data/`` (registry, gazetteer, vocabularies, layouts, decisions).

One reader for all of them, so that a file someone edited by hand and broke is
always one line naming the file — never a traceback — and every file is parsed
with the fast C loader when libyaml is there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from graph.errors import PlankgError

__all__ = ["read_yaml"]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str | os.PathLike[str], error: type[PlankgError], what: str, shape: type = object) -> Any:
    """The parsed content of ``path``; ``error`` naming the file (and ``what`` it is) when it
    cannot be read or parsed, or is not of ``shape`` (``dict``/``list``)."""
    p = Path(path)
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).replace("\n", " ")
        raise error(f"{p}: cannot read {what} ({detail})") from exc
    if not isinstance(data, shape):
        raise error(f"{p}: {what} must be a {shape.__name__}, not {type(data).__name__}")
    return data
