"""Clean text → a tree of sections and tasks with paths (stage: outline).

The numbering grammar, outermost first::

    一、          chapter        → path "2"
    （一） (一)    section        → "2.1"
    1. 1． 1、 1   item           → "2.1.1"   (a bare "1" as in ``1坚持…`` too)
    （1） (1)      sub-item       → "2.1.1.1"
    专栏N          boxed column   → "BN", its items "BN.k"
    附件…          annex          → a section "A" to the end (rows come from loaders.annex)

A marker only counts if its number continues the sequence at its level
(1 under a new parent, else previous + 1, a skipped number tolerated). A
marker that does not fit its own level but continues another open level is
a numbering slip — （2） where （二） is meant — and "counts as the level it
stands in". Anything else is running text (``40家`` at a line start).

Chapters are classified by their title: 主要任务/重点任务 → tasks, 重大工程 →
``project``, 保障措施 → ``safeguard``; 总体要求/指导思想/目标/发展基础/机遇与挑战…
→ sections (their items are sections too). A chapter named otherwise holds
tasks when a responsibility clause (责任单位/牵头单位) appears in it.

Spans tile the text: each node owns the characters from its heading up to
the next node's heading, so every character of the cleaned text lies in
exactly one node's span (front matter before the first chapter is the
section ``front``; 抄送/印发 lines at the end are the section ``end``).
``text`` is exactly ``plan.text[span.start:span.end]`` stripped of the
trailing line break; the tree is given by ``parent_id``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.model import Section, Span, Task, TaskKind
from loaders.patterns import CN_NUMBER, ITEM_NUMBER_END, cn_to_int

__all__ = ["build_outline", "classify_chapter", "heading_title"]

_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^({CN_NUMBER})、")),
    (2, re.compile(rf"^[（(]({CN_NUMBER})[）)]")),
    (3, re.compile(rf"^(\d{{1,2}}){ITEM_NUMBER_END}")),
    (4, re.compile(r"^[（(](\d{1,2})[）)]")),
)
_BOX = re.compile(r"^专栏\s*(\d{1,2})")
_ANNEX = re.compile(r"^附\s*件")
_END = re.compile(r"^(抄送|抄报)[:：]")
_TITLE_END = re.compile(r"[。．.；;]")

_SECTION_WORDS = (
    "总体要求",
    "指导思想",
    "基本原则",
    "发展目标",
    "工作目标",
    "主要目标",
    "目标任务",
    "发展基础",
    "发展现状",
    "机遇与挑战",
    "机遇和挑战",
    "面临的形势",
    "形势",
    "总体思路",
    "适用范围",
)
_RESPONSIBILITY = re.compile(r"[（(](?:责任单位|责任部门|牵头单位|配合单位)|负责[）)]")


def classify_chapter(title: str, body: str = "") -> TaskKind | None:
    """Kind of the tasks a chapter holds, or None when its items are sections.

    >>> [classify_chapter(t) for t in ("重点任务", "重大工程", "保障措施", "发展目标")]
    ['task', 'project', 'safeguard', None]
    """
    if "保障" in title:
        return "safeguard"
    if "工程" in title and ("重大" in title or "重点" in title):
        return "project"
    if "任务" in title and "目标" not in title:
        return "task"
    if any(w in title for w in _SECTION_WORDS):
        return None
    if any(w in title for w in ("措施", "行动", "举措", "工作")):
        return "task"
    return "task" if _RESPONSIBILITY.search(body) else None


def heading_title(rest: str) -> str:
    """The heading phrase after the marker, up to the first 。 . or ； that closes it.

    >>> heading_title("健全知识产权管理体制机制。持续优化…")
    '健全知识产权管理体制机制'
    >>> heading_title(" 提升知识产权培育水平")
    '提升知识产权培育水平'
    """
    rest = rest.strip()
    m = _TITLE_END.search(rest)
    title = rest[: m.start()] if m else rest
    return title.strip(" \u3000：:，,").replace(" ", "")


@dataclass
class _Open:
    """A heading that has been opened, with the numbers of its children seen."""

    level: int  # 0 chapter-less root, 1..4 numbered levels, 5 box
    number: int
    path: str
    node_id: str
    is_task: bool
    kind: TaskKind | None
    last_child: dict[int, int] = field(default_factory=dict)


@dataclass
class _Node:
    is_task: bool
    path: str
    kind: TaskKind | None
    title: str
    start: int
    parent_id: str | None
    id: str = ""


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _match_marker(line: str) -> tuple[int, int, int] | None:
    """(level, number, marker length) of a numbering marker at the line start."""
    for level, rx in _MARKERS:
        m = rx.match(line)
        if m:
            raw = m.group(1)
            number = int(raw) if raw.isdigit() else cn_to_int(raw)
            return level, number, m.end()
    return None


class _Builder:
    def __init__(self, text: str, plan_id: str) -> None:
        self.text = text
        self.plan_id = plan_id
        self.nodes: list[_Node] = []
        self.stack: list[_Open] = []
        self.chapter_kind: TaskKind | None = None
        self.root_children: dict[int, int] = {}
        self.in_annex = False
        self.in_end = False

    # -- numbering ------------------------------------------------------------
    def _expected(self, level: int) -> tuple[dict[int, int], int]:
        """The child-number table a new marker of ``level`` would go in, and its parent depth."""
        parents = [o for o in self.stack if o.level < level and o.level != 5]
        table = parents[-1].last_child if parents else self.root_children
        return table, len(parents)

    def _fits(self, level: int, number: int) -> bool:
        table, _ = self._expected(level)
        last = table.get(level, 0)
        return last < number <= last + 2 if last else number == 1

    def _resolve_level(self, level: int, number: int) -> int | None:
        if self._fits(level, number):
            return level
        # a numbering slip: a marker continuing another open level counts there
        if level == 4 and self._fits(2, number):  # （2） printed where （二） is meant
            return 2
        return None

    # -- building ---------------------------------------------------------------
    def _open(self, level: int, number: int, start: int, title: str) -> None:
        while self.stack and (self.stack[-1].level >= level or self.stack[-1].level == 5):
            self.stack.pop()
        table, _ = self._expected(level)
        table[level] = number
        for deeper in [k for k in table if k > level]:
            del table[deeper]
        parent = self.stack[-1] if self.stack else None
        path = f"{parent.path}.{number}" if parent and not parent.path.startswith("B") else str(number)
        if level == 1:
            body_end = self._chapter_end(start)
            self.chapter_kind = classify_chapter(title, self.text[start:body_end])
            is_task, kind = False, None
        else:
            is_task = self.chapter_kind is not None
            kind = self.chapter_kind
        node = self._add(is_task, path, kind, title, start, parent.node_id if parent else None)
        self.stack.append(_Open(level, number, path, node.id, is_task, kind))

    def _chapter_end(self, start: int) -> int:
        for m in re.finditer(rf"\n(?:{CN_NUMBER}、|附\s*件|抄送)", self.text[start + 1 :]):
            return start + 1 + m.start()
        return len(self.text)

    def _open_box(self, number: int, start: int, title: str) -> None:
        while self.stack and self.stack[-1].level >= 3:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        node = self._add(True, f"B{number}", "box", title, start, parent.node_id if parent else None)
        self.stack.append(_Open(5, number, f"B{number}", node.id, True, "box"))

    def _box_item(self, number: int, start: int, title: str) -> None:
        box = self.stack[-1]
        box.last_child[3] = number
        self._add(True, f"{box.path}.{number}", "box_item", title, start, box.node_id)

    def _add(
        self, is_task: bool, path: str, kind: TaskKind | None, title: str, start: int, parent: str | None
    ) -> _Node:
        prefix = "t" if is_task else "s"
        node = _Node(is_task, path, kind, title, start, parent, f"{self.plan_id}/{prefix}/{path}")
        self.nodes.append(node)
        return node

    def feed(self, start: int, line: str) -> None:
        if self.in_annex:
            return
        if _ANNEX.match(line) and self.nodes:
            self.stack.clear()
            self.in_annex = True
            self._add(False, "A", None, heading_title(line.lstrip("附件 ：:")) or "附件", start, None)
            return
        if self.in_end:
            return
        if _END.match(line) and self.nodes:
            self.stack.clear()
            self.in_end = True
            self._add(False, "end", None, "抄送", start, None)
            return
        box = _BOX.match(line)
        if box and self.nodes:
            self._open_box(int(box.group(1)), start, heading_title(line[box.end() :]))
            return
        marker = _match_marker(line)
        if marker is None:
            return
        level, number, size = marker
        title = heading_title(line[size:])
        if self.stack and self.stack[-1].level == 5:
            if level == 3 and number == self.stack[-1].last_child.get(3, 0) + 1:
                self._box_item(number, start, title)
                return
            if level == 4:
                return  # a sub-item inside a box item stays in its text
            self.stack.pop()  # the box is closed by the body's next heading
        resolved = self._resolve_level(level, number)
        if resolved is not None:
            self._open(resolved, number, start, title)


def build_outline(text: str, plan_id: str) -> tuple[list[Section], list[Task]]:
    """Sections and tasks of a cleaned plan text, spans tiling the whole text."""
    b = _Builder(text, plan_id)
    if not any(_MARKERS[0][1].match(line) for _, line in _lines(text)):
        b.chapter_kind = classify_chapter("", text)  # a plan without 一、 chapters
    for start, line in _lines(text):
        b.feed(start, line)
    nodes = b.nodes
    if not nodes or nodes[0].start > 0:
        nodes.insert(0, _Node(False, "front", None, "前言", 0, None, f"{plan_id}/s/front"))
    sections: list[Section] = []
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    for i, node in enumerate(nodes):
        end = nodes[i + 1].start if i + 1 < len(nodes) else len(text)
        if node.id in seen:  # the same path twice (a restarted numbering): keep ids unique
            seen[node.id] += 1
            node.id = f"{node.id}~{seen[node.id]}"
        else:
            seen[node.id] = 1
        span = Span(node.start, end)
        body = text[node.start : end].rstrip("\n")
        if node.is_task and node.kind is not None:
            tasks.append(Task(node.id, plan_id, node.path, node.kind, node.title, body, span, node.parent_id))
        else:
            sections.append(Section(node.id, plan_id, node.path, node.title, body, span, node.parent_id))
    return sections, tasks
