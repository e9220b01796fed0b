"""The loader pipeline: read → clean → outline → duties → indicators, per document;
then units and cascade across documents.

``parse_document`` turns one file into a :class:`PlanDoc`; ``build_graph``
resolves units and cascade links across all documents; ``load_paths`` does
both for files and folders and writes the result to a store, one bad file
never costing the others.
"""

from __future__ import annotations

import copy
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import DocumentError, PlankgError
from graph.model import KnowledgeGraph, PlanDoc, Section, Span, Task
from graph.serialize import graph_to_dict
from graph.stores.base import GraphStore
from loaders.annex import extract_annex_rows
from loaders.cascade import link_cascade
from loaders.clean import clean
from loaders.duties import attach_mentions, find_clauses
from loaders.indicators import extract_indicators
from loaders.metadata import extract_metadata
from loaders.outline import build_outline, promote_headings
from loaders.read import MAX_BYTES, read_bytes
from loaders.units import resolve_units

__all__ = [
    "DOC_SUFFIXES",
    "LoadReport",
    "build_graph",
    "default_decisions_path",
    "expand_paths",
    "load_paths",
    "parse_document",
    "rebuild",
]

#: File endings read when a folder is loaded.
DOC_SUFFIXES = (".txt", ".text", ".md", ".docx", ".html", ".htm")


def default_decisions_path() -> Path:
    """The alias-decisions file (a person's confirm/reject/merge choices): ``$PLANKG_DECISIONS``,
    else the one shipped in ``data/`` — the same for the CLI and the app."""
    env = os.environ.get("PLANKG_DECISIONS")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data" / "alias_decisions.yaml"


def parse_document(data: bytes, source: str) -> PlanDoc:
    """One document's bytes → its plan, outline, mentions and indicators.

    Raises :class:`DocumentError` (one line, names ``source``) for anything
    that is not a readable plan.
    """
    raw = read_bytes(data, source)
    cleaned = clean(raw.text)
    plan_id = "plan:" + hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()[:16]
    plan = extract_metadata(cleaned.text, source=source, plan_id=plan_id, sha256=raw.sha256)
    plan.original = raw.decoded
    plan.offset_map = cleaned.offsets
    clauses = [c.span for c in find_clauses(cleaned.text)]
    sections, tasks = build_outline(cleaned.text, plan_id, clauses)
    if not tasks and not any(s.path not in ("front", "end", "A") for s in sections):
        raise DocumentError(source, "找不到编号任务（一、…（一）…1.…），不是规划文件 (no numbered tasks)")
    sections, tasks = promote_headings(sections, tasks, clauses)
    plan.warnings = _warnings(cleaned.text, tasks)
    doc = PlanDoc(plan=plan, sections=sections, tasks=tasks)
    doc.tasks.extend(extract_annex_rows(doc))
    if not doc.tasks:
        plan.warnings.insert(0, "有编号标题，但未识别出任务（没有任务章节或责任单位），已按章节载入 (no tasks found)")
    _retile(doc)
    attach_mentions(doc)
    doc.indicators = extract_indicators(doc)
    return doc


def _retile(doc: PlanDoc) -> None:
    """Make every node own the text from its start to the next node's start.

    Stages may add nodes inside a parent's span (annex rows inside the annex
    section); afterwards spans tile the text again, so every character lies in
    exactly one node. Body nodes' text is their span's text; annex rows keep the
    measure-cell text their stage gave them.
    """
    nodes: list[Section | Task] = sorted([*doc.sections, *doc.tasks], key=lambda n: (n.span.start, n.span.end))
    text = doc.plan.text
    for i, node in enumerate(nodes):
        end = nodes[i + 1].span.start if i + 1 < len(nodes) else len(text)
        if node.span.end != end:
            node.span = Span(node.span.start, end)
            if not (isinstance(node, Task) and node.kind == "annex_row"):
                node.text = text[node.span.start : end].rstrip("\n")


def _warnings(text: str, tasks: list[Task]) -> list[str]:
    """Doubts a person should know about: a text cut off mid-clause, brackets left open."""
    out = []
    body = [t for t in tasks if t.kind != "annex_row"]
    tail = body[-1].text.rstrip() if body else text.rstrip()
    if tail and tail[-1] not in '。.！？!?；;）)》」”"':
        out.append(f"最后一项任务在句中结束（…{tail[-12:]}），文件可能不完整 (may be truncated)")
    for t in tasks:
        if t.text.count("（") + t.text.count("(") > t.text.count("）") + t.text.count(")"):
            out.append(f"任务 {t.path}：括号未闭合 (unbalanced bracket)")
    return out


def build_graph(docs: Iterable[PlanDoc], decisions: Path | None = None) -> KnowledgeGraph:
    """All documents → one graph with units resolved and cascade links made."""
    graph = KnowledgeGraph()
    for doc in docs:
        graph.add_doc(doc)
    resolve_units(graph, decisions if decisions is not None else default_decisions_path())
    link_cascade(graph)
    return graph


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders as their plan files (sorted), recursively."""
    return _expand(paths)[0]


def _expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(plan files, other files found in folders) — the others are named, never silently dropped."""
    out: list[Path] = []
    skipped: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or f.name.startswith("."):
                    continue
                (out if f.suffix.lower() in DOC_SUFFIXES else skipped).append(f)
        else:
            out.append(p)
    return out, skipped


@dataclass
class LoadReport:
    """What a load did: plans added, replaced, unchanged, and files that failed (with why)."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # non-text files found in folders
    rebuilt: bool = False  # no plan changed, but the units or links did (e.g. new alias decisions)
    graph: KnowledgeGraph | None = None


def _read_file(path: Path) -> bytes:
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


def load_paths(
    paths: Iterable[str | Path],
    store: GraphStore,
    progress: Callable[[Path], None] | None = None,
    decisions: Path | None = None,
) -> LoadReport:
    """Parse every file, merge with what the store holds, rebuild and write once.

    A plan is identified by its source file name: the same content again is
    ``unchanged``; new content under the same name ``replaced`` the old plan.
    Two files of one name in one batch, or one text under two names, would
    overwrite each other: the second is refused with a reason.
    """
    report = LoadReport()
    graph = store.read_graph()
    by_source = {p.source: p for p in graph.plans.values() if not p.stub}
    docs = {d.plan.source: d for d in graph.docs()}
    changed: list[str] = []
    removed: list[str] = []
    seen: dict[str, Path] = {}
    files, skipped = _expand(paths)
    report.skipped = [str(f) for f in skipped]
    for path in files:
        if progress:
            progress(path)
        if path.name in seen:
            report.failed.append(
                (path.name, f"{path}: 与 {seen[path.name]} 同名，未载入 (same file name as another in this batch)")
            )
            continue
        seen[path.name] = path
        try:
            doc = parse_document(_read_file(path), path.name)
        except PlankgError as exc:
            report.failed.append((path.name, str(exc)))
            continue
        except Exception as exc:  # a bug in one document must not cost the batch
            report.failed.append(
                (path.name, f"{path.name}: 内部错误，请报告 (internal error: {type(exc).__name__}: {exc})")
            )
            continue
        twin = next((p for p in by_source.values() if p.id == doc.plan.id and p.source != doc.plan.source), None)
        if twin is not None:
            report.failed.append(
                (path.name, f"{path.name}: 内容与已载入的 {twin.source} 相同，未重复载入 (same text as {twin.source})")
            )
            continue
        old = by_source.get(doc.plan.source)
        if old is not None and old.id == doc.plan.id:
            report.unchanged.append(doc.plan.source)
            continue
        if old is not None:
            removed.append(old.id)
            report.replaced.append(doc.plan.source)
        else:
            report.added.append(doc.plan.source)
        docs[doc.plan.source] = doc
        by_source[doc.plan.source] = doc.plan
        changed.append(doc.plan.id)
    if docs:
        # Rebuilt on every load, so a reviewer's edited alias decisions take effect even when
        # no plan changed; written only when something differs (a repeat load writes nothing).
        new_graph = build_graph(copy.deepcopy(list(docs.values())), decisions)
        if changed or graph_to_dict(new_graph) != graph_to_dict(graph):
            store.write(new_graph, changed, removed)
            report.graph = new_graph
            report.rebuilt = not changed
    return report


def rebuild(store: GraphStore, decisions: Path | None = None) -> KnowledgeGraph:
    """Re-resolve units and cascade links of the stored plans (after a review decision)."""
    graph = store.read_graph()
    docs = copy.deepcopy(graph.docs())  # resolution rewrites mentions; readers keep the old graph
    new_graph = build_graph(docs, decisions)
    store.write(new_graph, [d.plan.id for d in docs], [])
    return new_graph
