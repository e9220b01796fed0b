"""One document's stages: read → clean → metadata → clauses → outline → annex → mentions →
indicators, bytes in, a :class:`PlanDoc` out.

Kept apart from ``loaders.pipeline`` (which decides what to parse and merges the results) so
that a load with nothing to parse never imports the stages and their compiled grammars.
"""

from __future__ import annotations

import hashlib
import re

from graph.errors import DocumentError
from graph.model import PlanDoc, Section, Span, Task
from loaders.annex import extract_annex_rows
from loaders.clean import clean
from loaders.duties import attach_mentions, find_clauses
from loaders.indicators import extract_indicators
from loaders.metadata import extract_metadata
from loaders.outline import build_outline, promote_headings
from loaders.read import read_bytes

__all__ = ["parse_document"]


def parse_document(data: bytes, source: str) -> PlanDoc:
    """One document's bytes → its plan, outline, mentions and indicators.

    Raises :class:`DocumentError` (one line, names ``source``) for anything
    that is not a readable plan.
    """
    raw = read_bytes(data, source)
    cleaned = clean(raw.text)
    original, sha256, read_warnings = raw.decoded, raw.sha256, raw.warnings
    del raw  # its simplified text (a copy of ``original`` when that was converted) is not read again
    plan_id = "plan:" + hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()[:16]
    plan = extract_metadata(cleaned.text, source=source, plan_id=plan_id, sha256=sha256)
    plan.original = original
    plan.offset_map = cleaned.offsets  # runs, not an int per character (graph.model.OffsetMap)
    found = find_clauses(cleaned.text)
    assigning = [c.span for c in found if c.kind != "subject"]  # prose subjects make no chapter a task chapter
    sections, tasks = build_outline(cleaned.text, plan_id, assigning)
    sections, tasks = promote_headings(sections, tasks, [c.span for c in found])
    plan.warnings = [*read_warnings, *_warnings(cleaned.text, tasks)]  # bad bytes replaced, then doubts
    doc = PlanDoc(plan=plan, sections=sections, tasks=tasks)
    doc.tasks.extend(extract_annex_rows(doc))
    # a notice whose plans are all annexed task tables numbers nothing in its body: refused only
    # when neither its body nor a table numbers anything
    if not doc.tasks and not any(s.path not in ("front", "end", "A") for s in sections):
        raise DocumentError(source, "找不到编号任务（一、…（一）…1.…），不是规划文件 (no numbered tasks)")
    if not doc.tasks:
        plan.warnings.insert(0, "有编号标题，但未识别出任务（没有任务章节或责任单位），已按章节载入 (no tasks found)")
    _retile(doc)
    attach_mentions(doc, found)  # the clauses the outline was built with: found once
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


#: What may follow a plan's last sentence without cutting it: the signing body, the date (…办公厅
#: / 2022年12月28日), a 抄送/印发 line, a public-release note.
_SIGNATURE_LINE = re.compile(
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[\u4e00-\u9fff（）()、]{2,30}(?:人民政府|办公厅|办公室|委员会|局|厅|委|管委会)"
    r"|(?:抄送|抄报|印发|主送)[:：].*|[（(]此件[^）)]{0,10}[）)])"
)


#: A web page's furniture after the text (…来源：中国平潭 附件下载, 相关文件：…, 打印本页).
_PAGE_FURNITURE = re.compile(
    r"(?:\s*(?:来源[:：]\S{0,20}|附件下载|相关文件[:：].*|【?打印本页】?|【?关闭窗口】?"
    r"|[（(]?联系(?:人|电话)[:：][^。；\n]{0,60}"  # a contact line (联系人：…联系电话：…)
    # the signing body and date run together (…管委会办公室2015年6月19日), maybe 印发
    r"|[\u4e00-\u9fff \u3000]{0,40}?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发|发布)?[）)]?))+\s*$"
)
#: A responsibility line, which ends a task without a full stop (…。责任单位：区社会事业局、团区委).
_UNITS_LINE = re.compile(r"(?:^|[。；;\n ])(?:责任|牵头|配合|协办|实施)(?:单位|部门)[:：][^。（()）]*$")


def _without_signature(text: str) -> str:
    """The text less the signature, date, distribution lines and page furniture that close it."""
    lines = _PAGE_FURNITURE.sub("", text.rstrip()).split("\n")
    while len(lines) > 1 and _SIGNATURE_LINE.fullmatch(lines[-1].strip()):
        lines.pop()
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
    tail = "\n".join(lines).rstrip()
    return tail + "。" if _UNITS_LINE.search(tail[-120:]) else tail


def _warnings(text: str, tasks: list[Task]) -> list[str]:
    """Doubts a person should know about: a text cut off mid-clause, brackets left open."""
    out = []
    body = [t for t in tasks if t.kind != "annex_row"]
    tail = _without_signature(body[-1].text if body else text)
    if tail and tail[-1] not in '。.！？!?；;）)》」”"':
        out.append(f"最后一项任务在句中结束（…{tail[-12:]}），文件可能不完整 (may be truncated)")
    for t in tasks:
        if t.text.count("（") + t.text.count("(") > t.text.count("）") + t.text.count(")"):
            out.append(f"任务 {t.path}：括号未闭合 (unbalanced bracket)")
    return out
