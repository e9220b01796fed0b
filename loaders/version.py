"""The loader version: part of the key of every cached parse.

A plan whose bytes have not changed is never parsed again: the store keeps, per
plan, the sha256 of the file's bytes and the ``LOADER_VERSION`` it was parsed
with, and ``plankg load`` skips a file whose (name, sha256, version) it already
holds. **Bump this number in any change that makes a document parse
differently** — a rule in read/clean/outline/metadata/annex/duties/indicators,
or a data file they read (numbering, clauses, annex_table, plan_words,
metrics). After a bump, each file is parsed again the next time it is loaded
(the store cannot re-parse on its own: it does not keep the original bytes).

Unit resolution and cascade links are not cached by this number: they are
rebuilt on every load (units incrementally, keyed by the data files they read,
see ``loaders.pipeline``).
"""

from __future__ import annotations

__all__ = ["LOADER_VERSION"]

LOADER_VERSION = 1
