"""Credentials out of every message: ``neo4j://user:secret@host`` is shown as ``neo4j://user:***@host``.

Store URIs reach messages (a store that cannot be reached names its URI); a password in
them must not reach a terminal, a log or a page. :class:`graph.errors.PlankgError` redacts
its message, so every error plankg raises on purpose is safe to show.
"""

from __future__ import annotations

import os
import re

__all__ = ["redact"]

#: ``user:password@`` right after a scheme's ``://`` (only those places are tried: linear).
_USERINFO = re.compile(r"(?<=://)([^/\s:@]*):([^@\s/]*)@")
#: ``password=…`` / ``NEO4J_PASSWORD=…`` in a message or a query string.
_PASSWORD_PARAM = re.compile(r"(?i)(password|passwd|pwd)=([^&\s]+)")
_ENV = ("NEO4J_PASSWORD", "PLANKG_NEO4J_PASSWORD")


def redact(text: str) -> str:
    """``text`` with the password of every URI, every ``password=`` value and the value of
    ``$NEO4J_PASSWORD`` replaced by ``***``.

    >>> redact("neo4j://neo4j:s3cret@db.local:7687: cannot reach Neo4j")
    'neo4j://neo4j:***@db.local:7687: cannot reach Neo4j'
    >>> redact("bolt://db:7687?password=x1&db=a")
    'bolt://db:7687?password=***&db=a'
    """
    text = _USERINFO.sub(lambda m: f"{m.group(1)}:***@", text)
    text = _PASSWORD_PARAM.sub(lambda m: f"{m.group(1)}=***", text)
    for name in _ENV:
        secret = os.environ.get(name, "")
        if len(secret) >= 3 and secret in text:
            text = text.replace(secret, "***")
    return text
