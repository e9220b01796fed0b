"""The loader pipeline: read → clean → outline → duties → indicators, per document;
then units and cascade across documents.

``parse_document`` turns one file into a :class:`PlanDoc`; ``build_graph``
resolves units and cascade links across all documents; ``load_paths`` does
both for files and folders and writes the result to a store, one bad file
never costing the others.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import DocumentError, PlankgError
from graph.model import KnowledgeGraph, PlanDoc
from graph.serialize import graph_to_dict
from graph.stores.base import GraphStore
from graph.stores.networkx_store import NetworkXStore
from loaders import inputs
from loaders.parse_pool import ParseFailure, default_budget, parse_in_workers, parse_one
from loaders.read import MAX_BYTES
from loaders.version import LOADER_VERSION

if TYPE_CHECKING:
    from loaders.units import PlanUnits

__all__ = [
    "DOC_SUFFIXES",
    "PARALLEL_MIN",
    "LoadReport",
    "build_graph",
    "build_layer",
    "default_decisions_path",
    "expand_paths",
    "load_paths",
    "parse_document",
    "rebuild",
    "units_key",
]

#: A batch of at least this many files to parse is parsed across cores (fewer: in this
#: process — starting workers costs more than it saves).
PARALLEL_MIN = 8

#: File endings read when a folder is loaded.
DOC_SUFFIXES = (".txt", ".text", ".md", ".docx", ".doc", ".wps", ".pdf", ".ofd", ".html", ".htm")


def default_decisions_path() -> Path:
    """The alias-decisions file (a person's confirm/reject/merge/not-a-unit choices):
    ``$PLANKG_DECISIONS``, else ``alias_decisions.yaml`` in the user's data folder beside the
    default store — never the source tree (``data/alias_decisions.yaml`` only shows the format).
    The same for the CLI and the app."""
    env = os.environ.get("PLANKG_DECISIONS")
    if env:
        return Path(env)
    from graph.stores import default_store_path

    return default_store_path().parent / "alias_decisions.yaml"


def parse_document(data: bytes, source: str) -> PlanDoc:
    """One document's bytes → its plan, outline, mentions and indicators (``loaders.document``).

    Raises :class:`DocumentError` (one line, names ``source``) for anything
    that is not a readable plan.
    """
    from loaders.document import parse_document as parse  # the stages: imported when a document is parsed

    return parse(data, source)


def build_graph(docs: Iterable[PlanDoc], decisions: Path | None = None) -> KnowledgeGraph:
    """All documents → one graph with units resolved and cascade links made."""
    return build_layer(docs, decisions)[0]


def build_layer(
    docs: Iterable[PlanDoc],
    decisions: Path | None = None,
    parts: dict[str, PlanUnits] | None = None,
    links: Mapping[str, str] | None = None,
) -> tuple[KnowledgeGraph, dict[str, PlanUnits], dict[str, str]]:
    """``build_graph``, replaying the plans' shares of the unit layer in ``parts`` (made with the
    same :func:`units_key`; those plans' tasks carry their resolved mentions) instead of
    resolving them again, and leaving out the blocks of links (``graph.owners``) whose key in
    ``links`` still holds (``loaders.cascade.link_cascade``: the store keeps them); with every
    plan's share and every block's key, for the store to keep."""
    # imported here, not at the top: a load with nothing changed never builds the layer
    from loaders.cascade import link_cascade
    from loaders.units import resolve_units

    graph = KnowledgeGraph()
    # in one order however the plans were stored or given: the layer (and the order of its
    # edges) is the same whether it is built at once or load by load
    for doc in sorted(docs, key=lambda d: (d.plan.source, d.plan.id)):
        graph.add_doc(doc)
    out = resolve_units(graph, decisions if decisions is not None else default_decisions_path(), parts)
    keys = link_cascade(graph, kept=links)
    return graph, out, keys


#: The code a plan's unit resolution depends on besides the data files (its share is kept
#: per plan and replayed while none of these, the data files and the decisions changes).
_UNIT_CODE = ("units.py", "members.py", "gazetteer.py", "registry*.py")


def units_key(decisions: Path | None) -> str:
    """What a plan's share of the unit layer (``loaders.units.PlanUnits``) was made from: the
    loader version, the alias decisions, the data files and the code that reads them."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256(f"units {LOADER_VERSION}\n".encode())
    dec = decisions if decisions is not None else default_decisions_path()
    code = sorted({f for pattern in _UNIT_CODE for f in here.glob(pattern)})
    for path in [dec, *sorted((here.parent / "data").glob("*.*")), *code]:
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            h.update(path.name.encode() + b"\0-")
    return h.hexdigest()


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders as their plan files (sorted), recursively."""
    return _expand(paths)[0]


def _expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(plan files, other files found in folders) — the others are named, never silently dropped."""
    return inputs.expand(paths, DOC_SUFFIXES)  # FIFOs, devices, broken links: refused by name on reading


@dataclass
class LoadReport:
    """What a load did: plans added, replaced, unchanged, and files that failed (with why)."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # non-text files found in folders
    rebuilt: bool = False  # no plan changed, but the units or links did (e.g. new alias decisions)
    #: What was written, when anything was: every plan, task and unit; of the links, only those
    #: this load made (the store kept the others' blocks: ``graph.owners``) — ask the store for edges.
    graph: KnowledgeGraph | None = None


def _read_file(path: Path) -> bytes:
    inputs.check_regular(path)  # a FIFO, device or socket is never opened (one line instead of a hang)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(path.name, f"无法读取文件 (cannot read: {exc.strerror or exc})") from exc
    if size > MAX_BYTES:
        limit = MAX_BYTES // 2**20
        raise DocumentError(path.name, f"文件过大：{size / 2**20:.0f} MB，规划文件应小于 {limit} MB (file too large)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(path.name, f"无法读取文件 (cannot read: {exc.strerror or exc})") from exc


#: A file changed this recently (ns) is not remembered by its stat: a write within the
#: clock's granularity after it was read could leave the stamp as it was (git's "racy" files).
_SETTLE_NS = 2_000_000_000


def _stamp(path: Path) -> tuple[int, int, int, int, int] | None:
    """(size, mtime, ctime, inode, device) of a regular file, else None. The change time cannot
    be set back by any program, so equal stamps mean the file was not written since."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def _settled(stamp: tuple[int, int, int, int, int]) -> bool:
    """The file was last changed long enough ago for its stamp to stand for its bytes."""
    return time.time_ns() - max(stamp[1], stamp[2]) > _SETTLE_NS


def _parse_key(sha: str, source: str) -> str:
    """The parse cache's key: the bytes, the name they were loaded under, the loader version."""
    return f"{sha}:{LOADER_VERSION}:{source}"


def _stored_index(store: GraphStore) -> dict[str, tuple[str, str, int | None]]:
    """Loaded plans by source: (id, sha256 of the bytes, loader version or None if unknown)."""
    if isinstance(store, NetworkXStore):
        return store.plan_index()
    return {p.source: (p.id, p.sha256, None) for p in store.plans() if not p.stub}


def _parse_all(
    items: list[tuple[bytes, str]],
    workers: int | None,
    budget: float | None,
    done: Callable[[int], None],
) -> list[PlanDoc | ParseFailure]:
    """Parse in this process for a small batch; across cores for a large one, or whenever a
    time budget is asked for (the app: one pathological document must not hang it)."""
    n = workers if workers is not None else (os.cpu_count() or 1) if len(items) >= PARALLEL_MIN else 0
    if budget is None and (n <= 1 or len(items) < 2):
        out: list[PlanDoc | ParseFailure] = []
        for i, (data, source) in enumerate(items):
            items[i] = (b"", source)  # the bytes go once their document is parsed
            out.append(parse_one(data, source))
            del data
            done(i)
        return out
    return parse_in_workers(items, max(n, 1), budget if budget is not None else default_budget(), done)


def _layer_key(store: GraphStore, index: dict[str, tuple[str, str, int | None]], decisions: Path | None) -> str:
    """What the cross-document layer was built from: the plans, the alias decisions, the
    data files the units and cascade stages read, the loader version. Equal keys: the
    rebuild would give the same layer, so a repeat load neither rebuilds nor writes."""
    h = hashlib.sha256(f"{LOADER_VERSION}\n".encode())
    for source in sorted(index):
        h.update(f"{source}\t{index[source][0]}\n".encode())
    dec = decisions if decisions is not None else default_decisions_path()
    for path in [dec, *sorted((Path(__file__).resolve().parent.parent / "data").glob("*.*"))]:
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            h.update(path.name.encode() + b"\0-")
    return h.hexdigest()


def load_paths(
    paths: Iterable[str | Path],
    store: GraphStore,
    progress: Callable[[Path], None] | None = None,
    decisions: Path | None = None,
    workers: int | None = None,
    budget: float | None = None,
    expanded: tuple[list[Path], list[Path]] | None = None,
) -> LoadReport:
    """Parse the files that changed, merge with what the store holds, rebuild and write once.

    A plan is identified by its source file name: the same bytes again are
    ``unchanged`` without being parsed (the store keeps each plan's sha256 and
    loader version: ``loaders/version.py``); new content under the same name
    ``replaced`` the old plan. Two files of one name in one batch, or one text
    under two names, would overwrite each other: the second is refused with a
    reason. Parsing happens before the store's write lock is taken (in worker
    processes for a large batch or with ``budget``, seconds per document); the
    merge happens under it, against the store as it is then, so two loads at
    once both land. ``expanded`` is ``paths`` already expanded (:func:`expand_paths` with the
    skipped files), for a caller that walked the folders itself.
    """
    report = LoadReport()
    files, skipped = expanded if expanded is not None else _expand(paths)
    report.skipped = [str(f) for f in skipped]
    index = _stored_index(store)
    stats = store.file_stats() if isinstance(store, NetworkXStore) else {}
    seen_stats: list[tuple[str, tuple[int, int, int, int, int], str]] = []  # read now: recorded below
    failures: dict[str, str] = {}  # source -> reason, in file order below
    hits: dict[str, str] = {}  # source -> sha of files the store already holds, parsed with this version
    todo: list[tuple[bytes, str]] = []
    todo_paths: list[Path] = []
    shas: dict[str, str] = {}
    seen: dict[str, Path] = {}
    order: list[str] = []
    for path in files:
        if path.name in seen:
            report.failed.append(
                (path.name, f"{path}: 与 {seen[path.name]} 同名，未载入 (same file name as another in this batch)")
            )
            if progress:
                progress(path)
            continue
        seen[path.name] = path
        order.append(path.name)
        where, stamp = os.path.abspath(path), _stamp(path)
        entry = index.get(path.name)
        known_sha = stats[where][1] if stamp is not None and where in stats and stats[where][0] == stamp else None
        if known_sha is not None and entry is not None and entry[1] == known_sha and entry[2] == LOADER_VERSION:
            shas[path.name] = hits[path.name] = known_sha  # the file as it was read before: not read again
            if progress:
                progress(path)
            continue
        try:
            data = _read_file(path)
        except PlankgError as exc:
            failures[path.name] = str(exc)
            if progress:
                progress(path)
            continue
        sha = hashlib.sha256(data).hexdigest()
        shas[path.name] = sha
        if stamp is not None and _settled(stamp) and stamp == _stamp(path):
            seen_stats.append((where, stamp, sha))
        if entry is not None and entry[1] == sha and entry[2] == LOADER_VERSION:
            hits[path.name] = sha
            if progress:
                progress(path)
            continue
        known = store.failure(_parse_key(sha, path.name)) if isinstance(store, NetworkXStore) else None
        if known is not None:
            failures[path.name] = known
            if progress:
                progress(path)
            continue
        todo.append((data, path.name))
        todo_paths.append(path)

    if isinstance(store, NetworkXStore):
        store.record_file_stats(seen_stats)

    def done(i: int) -> None:
        if progress:
            progress(todo_paths[i])

    parsed: dict[str, PlanDoc] = {}
    results = _parse_all(todo, workers, budget, done)
    sources = [source for _, source in todo]
    todo.clear()  # the files' bytes are not read again (a big plan's would live through the merge)
    data = b""
    for source, result in zip(sources, results, strict=True):
        if isinstance(result, ParseFailure):
            failures[source] = result.message
            if result.lasting and isinstance(store, NetworkXStore):
                store.record_failure(_parse_key(shas[source], source), result.message)
        else:
            parsed[source] = result
    lock = store.write_lock() if isinstance(store, NetworkXStore) else contextlib.nullcontext()
    with lock:
        index = _stored_index(store)  # as it is now: another writer may have landed meanwhile
        for source, sha in hits.items():
            entry = index.get(source)
            if entry is None or entry[1] != sha or entry[2] != LOADER_VERSION:  # changed meanwhile: parse now
                result = parse_one(_read_file(seen[source]), source)
                if isinstance(result, ParseFailure):
                    failures[source] = result.message
                else:
                    parsed[source] = result
        _merge(store, report, order, parsed, failures, hits, index, decisions)
    return report


def _merge(
    store: GraphStore,
    report: LoadReport,
    order: list[str],
    parsed: dict[str, PlanDoc],
    failures: dict[str, str],
    hits: dict[str, str],
    index: dict[str, tuple[str, str, int | None]],
    decisions: Path | None,
) -> None:
    """Classify each file against the store as it is now, rebuild and write (under the lock)."""
    by_source = {source: entry[0] for source, entry in index.items()}
    new_docs: dict[str, PlanDoc] = {}
    changed: list[str] = []
    removed: list[str] = []
    for source in order:
        if source in failures:
            report.failed.append((source, failures[source]))
            continue
        if source in hits and source not in parsed:
            report.unchanged.append(source)
            continue
        doc = parsed[source]
        twin = next((s for s, pid in by_source.items() if pid == doc.plan.id and s != source), None)
        if twin is not None:
            report.failed.append((source, f"{source}: 内容与已载入的 {twin} 相同，未重复载入 (same text as {twin})"))
            continue
        old = by_source.get(source)
        if old is not None and old == doc.plan.id and index[source][2] == LOADER_VERSION:
            report.unchanged.append(source)
            continue
        if old is not None and old != doc.plan.id:
            removed.append(old)
            report.replaced.append(source)
        elif old is None:
            report.added.append(source)
        else:  # same text, parsed by an older loader version: replaced by the new parse
            report.unchanged.append(source)
        new_docs[source] = doc
        by_source[source] = doc.plan.id
        changed.append(doc.plan.id)
    if not by_source:
        return
    key = _layer_key(store, {s: (pid, "", None) for s, pid in by_source.items()}, decisions)
    if isinstance(store, NetworkXStore):
        if not changed and store.layer_key() == key:
            return  # nothing new, and the layer was built from exactly these inputs
        docs = {d.plan.source: d for d in store.docs_for_write() if d.plan.source not in new_docs}
    else:
        old_graph = store.read_graph()
        docs = {d.plan.source: d for d in copy.deepcopy(old_graph.docs()) if d.plan.source not in new_docs}
    docs.update(new_docs)
    # Rebuilt on every load that may change it, so a reviewer's edited alias decisions take
    # effect even when no plan changed; written only when something differs. A plan that did
    # not change replays its stored share of the unit layer instead of resolving its mentions.
    if isinstance(store, NetworkXStore):
        from loaders.units import PlanUnits

        ukey = units_key(decisions)
        kept = {pid: PlanUnits.from_json(t) for pid, t in store.unit_parts(ukey).items() if pid not in changed}
        links = store.link_keys(exclude=changed)
        new_graph, parts, link_keys = build_layer(list(docs.values()), decisions, kept, links)
        fresh = {pid: part.to_json() for pid, part in parts.items() if pid not in kept}
        wrote = store.write_changes(
            new_graph,
            changed,
            removed,
            loader_version=LOADER_VERSION,
            layer_key=key,
            unit_parts=fresh,
            units_key=ukey,
            link_keys=link_keys,
            linked={owner for owner, k in link_keys.items() if links.get(owner) != k},
        )
    else:
        new_graph = build_graph(list(docs.values()), decisions)
        wrote = bool(changed) or graph_to_dict(new_graph) != graph_to_dict(old_graph)
        if wrote:
            store.write(new_graph, changed, removed)
    if wrote:
        report.graph = new_graph
        report.rebuilt = not changed


def rebuild(store: GraphStore, decisions: Path | None = None) -> KnowledgeGraph:
    """Re-resolve units and cascade links of the stored plans (after a review decision),
    under the store's write lock and against the store as it is then."""
    if isinstance(store, NetworkXStore):
        from loaders.units import PlanUnits

        with store.write_lock():
            docs = store.docs_for_write()  # fresh copies: readers keep the old graph
            ukey = units_key(decisions)
            kept = {pid: PlanUnits.from_json(t) for pid, t in store.unit_parts(ukey).items()}
            links = store.link_keys()
            new_graph, parts, link_keys = build_layer(docs, decisions, kept, links)
            key = _layer_key(store, {d.plan.source: (d.plan.id, "", None) for d in docs}, decisions)
            fresh = {pid: part.to_json() for pid, part in parts.items() if pid not in kept}
            store.write_changes(
                new_graph,
                [],
                [],
                layer_key=key,
                unit_parts=fresh,
                units_key=ukey,
                link_keys=link_keys,
                linked={owner for owner, k in link_keys.items() if links.get(owner) != k},
            )
        return new_graph
    docs = copy.deepcopy(store.read_graph().docs())
    new_graph = build_graph(docs, decisions)
    store.write(new_graph, [d.plan.id for d in docs], [])
    return new_graph
