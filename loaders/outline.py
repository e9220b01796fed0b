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

import bisect
import re
from dataclasses import dataclass, field

from graph.model import Section, Span, Task, TaskKind
from loaders.numbering import ANNEX, BOX, Marker, match_marker

__all__ = ["build_outline", "classify_chapter", "heading_title", "promote_headings"]

_END = re.compile(r"^(抄送|抄报)[:：]")
_TITLE_END = re.compile(r"[。．.；;]")
#: Styles that open chapters (their titles say what their items are).
_CHAPTER_STYLES = frozenset({"part", "chapter", "cn"})
#: A marker printed in a neighbouring style where the document's own is meant: （2） for
#: （二）. (Not 3. for 三、: an item list that runs on would be read as chapters.)
_SLIPS = {"paren_arabic": "paren_cn", "paren_cn": "paren_arabic"}

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
    "背景",
    "重要意义",
    "基本情况",
    "现状",
    "目标要求",
    "总体目标",
    "工作原则",
    "实施范围",
    "工作范围",
    "名词解释",
)
#: Chapters whose items are safeguards (保障措施 and the way plans also title them).
_SAFEGUARD_WORDS = ("保障", "组织实施", "组织领导", "工作要求", "实施要求", "监督考核", "督查考核")
_LABELLED = re.compile(r"[（(【〔\[]\s*(?:责任单位|责任部门|牵头单位|牵头部门|配合单位)\s*[:：]")


def classify_chapter(title: str, body: str = "", clauses: int | None = None) -> TaskKind | None:
    """Kind of the tasks a chapter holds, or None when its items are sections.

    What a chapter does not call 要求/目标/原则/形势/步骤 assigns work: its items are
    tasks whatever its title (三、完善专区数据供给机制). A section-type chapter whose
    items each name their 责任单位 (二、目标任务) assigns work too.

    >>> [classify_chapter(t) for t in ("重点任务", "重大工程", "保障措施", "发展目标", "完善供给机制", "组织实施")]
    ['task', 'project', 'safeguard', None, 'task', 'safeguard']
    """
    if _names_sections(title):
        found = len(_LABELLED.findall(body)) if clauses is None else clauses
        return "task" if found >= 2 else None
    if any(w in title for w in _SAFEGUARD_WORDS):
        return "safeguard"
    if "工程" in title and ("重大" in title or "重点" in title):
        return "project"
    return "task"


def _title_length(rest: str) -> int:
    """How many characters of ``rest`` (a heading line after its number) the title takes,
    up to its closing 。 ． . or ；, trailing spaces left out."""
    m = _TITLE_END.search(rest)
    return m.start() if m else len(rest.rstrip())


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
    """A heading that has been opened, with the numbers of its children seen per style."""

    style: str  # a numbering style of loaders.numbering, or "box"
    number: int
    path: str
    node_id: str
    kind: TaskKind | None  # the kind of the tasks below it (None: sections)
    decided: bool  # its kind was read from a title (its items inherit it)
    last_child: dict[str, int] = field(default_factory=dict)


@dataclass
class _Node:
    is_task: bool
    path: str
    kind: TaskKind | None
    title: str
    start: int
    parent_id: str | None
    id: str = ""
    number: str = ""  # the heading number as printed
    title_end: int | None = None  # where the heading's title ends in the text


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


_RUNS_ON = (1, 2)  # a number may continue the previous one, or skip one


class _Builder:
    """Reads heading lines in order and keeps the stack of open headings.

    Styles nest in the order the document uses them: a marker whose style is
    open is a sibling at that depth, any other opens a level below the
    current heading. A marker only counts if its number continues its
    sequence: the previous sibling + 1 (a skipped or repeated number
    tolerated), 1 under a new parent, or — numbering that runs on across
    parents — the last number of that style anywhere + 1.
    """

    def __init__(self, text: str, plan_id: str, root_kind: TaskKind | None, clauses: list[int] | None) -> None:
        self.text = text
        self.clauses = clauses  # start offsets of the responsibility clauses, sorted (None: unknown)
        self.plan_id = plan_id
        self.nodes: list[_Node] = []
        self.stack: list[_Open] = []
        self.root_children: dict[str, int] = {}
        self.global_last: dict[str, int] = {}
        self.root_kind = root_kind
        self.in_annex = False
        #: The open headings when a 附表： opened the annex inside an item: the body's numbering
        #: going on after the table (（2） after （1）) closes the table again.
        self.before_table: list[_Open] | None = None
        self.in_end = False
        self.top_style: str | None = None  # the style of the first top-level heading
        self.title_seen: tuple[int, str] | None = None  # a plan title line since the last heading
        self.part = 1  # the second plan a notice carries is part 2 (paths P2.…)
        self.heading: tuple[str, int] | None = None  # the printed number and title end of the line being read
        self.part_node: str | None = None

    # -- numbering ------------------------------------------------------------
    def _children(self, depth: int) -> dict[str, int]:
        """The child-number table of the heading at ``depth`` (0: the root)."""
        return self.stack[depth - 1].last_child if depth else self.root_children

    def _depth_of(self, style: str) -> int | None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].style == style:
                return i
        return None

    def _place(self, m: Marker) -> tuple[int, str] | None:
        """(depth, style) the marker opens at, or None when it is running text."""
        at = self._depth_of(m.style)
        if at is not None:
            last = self._children(at).get(m.style, 0)
            if m.number - last in _RUNS_ON or (m.number == last and last):
                return at, m.style
        elif m.number == 1:
            return len(self.stack), m.style
        # a numbering slip: the marker continues an open level printed in another style
        meant = _SLIPS.get(m.style)
        slip_at = self._depth_of(meant) if meant else None
        if meant and slip_at is not None and m.number - self._children(slip_at).get(meant, 0) == 1:
            return slip_at, meant
        if at is None:  # numbering that runs on across parents
            ran = self.global_last.get(m.style, 0)
            if ran and m.number - ran in _RUNS_ON:
                return len(self.stack), m.style
        return None

    # -- building ---------------------------------------------------------------
    def _open(self, depth: int, style: str, number: int, start: int, title: str) -> None:
        del self.stack[depth:]
        table = self._children(depth)
        table[style] = number
        self.global_last[style] = number
        parent = self.stack[-1] if self.stack else None
        path = f"{parent.path}.{number}" if parent and parent.style != "box" else self._prefix() + str(number)
        self.title_seen = None
        if parent is None:
            self.top_style = self.top_style or style
            end = self._block_end(start, style)
            kind, decided = self._classify_top(style, title, start, end)
            is_task = style not in _CHAPTER_STYLES and kind is not None
        elif parent.decided and _names_target(title):
            kind, decided, is_task = None, True, False  # 1．行动目标 under a task: a target, not work
        elif parent.decided:
            kind, decided, is_task = parent.kind, True, parent.kind is not None
        else:
            own = classify_chapter(title)
            kind = own or parent.kind
            decided = own is not None or _names_sections(title)
            is_task = kind is not None and not (own is not None and _is_container(title))
        node = self._add(is_task, path, kind, title, start, parent.node_id if parent else self.part_node)
        self.stack.append(_Open(style, number, path, node.id, kind, decided))

    def _prefix(self) -> str:
        return f"P{self.part}." if self.part > 1 else ""

    def _starts_another_plan(self, m: Marker) -> bool:
        """一、 again after a plan title line, when this plan's 一、 二、 … have been: the file
        carries a second plan (a 通知 印发 two 方案)."""
        return (
            self.title_seen is not None
            and m.style == self.top_style
            and m.number == 1
            and self.root_children.get(m.style, 0) >= 2
        )

    def _open_part(self) -> None:
        assert self.title_seen is not None
        start, title = self.title_seen
        self.part += 1
        self.stack.clear()
        self.root_children = {}
        self.global_last = {}
        node = self._add(False, f"P{self.part}", None, title, start, None)
        self.part_node = node.id
        self.title_seen = None

    def _classify_top(self, style: str, title: str, start: int, end: int) -> tuple[TaskKind | None, bool]:
        """Kind of a top-level heading's items, and whether its title decided it."""
        if style not in _CHAPTER_STYLES:  # a plan without chapters: its items are the tasks
            return classify_chapter(title) or self.root_kind, True
        found = None
        if self.clauses is not None:
            found = bisect.bisect_left(self.clauses, end) - bisect.bisect_left(self.clauses, start)
        kind = classify_chapter(title, self.text[start:end], found)
        return kind, classify_chapter(title) is not None or _names_sections(title)

    def _block_end(self, start: int, style: str) -> int:
        """Where the block opened at ``start`` ends: the next marker of its style, an annex or 抄送."""
        pos = self.text.find("\n", start)
        while pos >= 0:
            line = self.text[pos + 1 : pos + 80]
            m = match_marker(line)
            if (m is not None and m.style == style) or ANNEX.match(line) or _END.match(line):
                return pos + 1
            pos = self.text.find("\n", pos + 1)
        return len(self.text)

    def _open_box(self, number: int, start: int, title: str) -> None:
        while self.stack and (self.stack[-1].style == "box" or not _is_outer(self.stack[-1].style)):
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        node = self._add(True, f"B{number}", "box", title, start, parent.node_id if parent else None)
        self.stack.append(_Open("box", number, f"B{number}", node.id, "box", True))

    def _box_item(self, m: Marker, start: int, title: str) -> bool:
        """An item of the open box (its own 1. 2. … sequence); False when the marker closes the box."""
        box = self.stack[-1]
        styles = [s for s in box.last_child]
        if styles and m.style != styles[0]:
            return m.style not in _CHAPTER_STYLES and m.style != "paren_cn" and bool(styles)
        if m.number != box.last_child.get(m.style, 0) + 1:
            return False
        box.last_child[m.style] = m.number
        self._add(True, f"{box.path}.{m.number}", "box_item", title, start, box.node_id)
        return True

    def _resumes_body(self, line: str) -> bool:
        """After a 附表 printed inside an item: does ``line`` number the next item of a heading open
        before the table (its number one more than the last)?"""
        m = match_marker(line)
        if m is None or self.before_table is None:
            return False
        opened = self.before_table
        for depth in range(len(opened) - 1, -1, -1):
            if opened[depth].style == m.style:
                last = (opened[depth - 1].last_child if depth else self.root_children).get(m.style, 0)
                return m.number == last + 1
        return False

    def _add(
        self, is_task: bool, path: str, kind: TaskKind | None, title: str, start: int, parent: str | None
    ) -> _Node:
        prefix = "t" if is_task else "s"
        number, title_end = self.heading if self.heading and start < self.heading[1] else ("", None)
        node = _Node(is_task, path, kind, title, start, parent, f"{self.plan_id}/{prefix}/{path}", number, title_end)
        self.nodes.append(node)
        return node

    def feed(self, start: int, line: str) -> None:
        if self.in_annex:
            if self.before_table is None or not self._resumes_body(line):
                return
            self.stack, self.before_table, self.in_annex = self.before_table, None, False
        if ANNEX.match(line) and self.nodes and _annex_heading(line):
            inline = line.startswith("附表") and bool(self.stack) and not _is_outer(self.stack[-1].style)
            self.before_table = list(self.stack) if inline else None
            self.stack.clear()
            self.in_annex = True
            self._add(False, "A", None, heading_title(ANNEX.sub("", line)) or "附件", start, None)
            return
        if self.in_end:
            return
        if _END.match(line) and self.nodes:
            self.stack.clear()
            self.in_end = True
            self._add(False, "end", None, "抄送", start, None)
            return
        box = BOX.match(line)
        if box and self.nodes:
            self.heading = (box.group(0), start + box.end() + _title_length(line[box.end() :]))
            self._open_box(int(box.group(1)), start, heading_title(line[box.end() :]))
            return
        m = match_marker(line)
        if m is None:
            if _is_plan_title(line):
                self.title_seen = (start, normalise_title(line))
            return
        title = heading_title(line[m.size :])
        self.heading = (m.printed, start + m.size + _title_length(line[m.size :]))
        if self._starts_another_plan(m):
            self._open_part()
        if self.stack and self.stack[-1].style == "box":
            if self._box_item(m, start, title):
                return
            if m.style not in _CHAPTER_STYLES and m.style != "paren_cn" and self._place(m) is None:
                return  # a sub-item inside a box item stays in its text
            self.stack.pop()  # the box is closed by the body's next heading
        placed = self._place(m)
        if placed is not None:
            self._open(placed[0], placed[1], m.number, start, title)


_PLAN_TITLE = re.compile(r"(方案|规划|纲要|意见|计划|要点|措施|办法|细则)(（[^（）]{1,20}）)?$")


def _is_plan_title(line: str) -> bool:
    """A line that names a plan (a title above its text): short, no sentence punctuation."""
    bare = line.strip()
    return 6 <= len(bare) <= 60 and bool(_PLAN_TITLE.search(bare)) and not any(p in bare for p in "。；，：:,")


def normalise_title(line: str) -> str:
    return re.sub(r"\s+", "", line)


def _is_outer(style: str) -> bool:
    """Styles a box sits under (chapters and their sections), not items."""
    return style in _CHAPTER_STYLES or style in ("section", "article", "paren_cn")


def _annex_heading(line: str) -> bool:
    """附件 as a heading (附件1：…, 附件 任务分工表), not a sentence that starts with 附件."""
    rest = ANNEX.sub("", line, count=1)
    return len(rest) <= 60 and not any(p in rest for p in "。；")


def _names_sections(title: str) -> bool:
    return any(w in title for w in _SECTION_WORDS) or bool(_SCOPE.search(title))


#: A chapter that says what is dealt with, not who does what: 治理内容, 整治范围, 重点整治对象.
_SCOPE = re.compile(r"^(?:重点|主要)?(?:治理|整治|排查|检查|清理|监管){1,2}(?:内容|范围|对象|重点)$")


def _names_target(title: str) -> bool:
    """A heading that is only a target's name (1．行动目标。, （一）工作目标): the items of 目标 are
    sections by the contract, wherever the heading stands."""
    bare = re.sub(r"[\s\u3000：:。．.]", "", title)
    return bare.endswith("目标") and len(bare) <= 6


def _is_container(title: str) -> bool:
    """A heading that only groups tasks (主要任务, 重点任务, 保障措施): its items are the tasks."""
    bare = re.sub(r"[\s\u3000：:。]", "", title)
    return len(bare) <= 8


def build_outline(text: str, plan_id: str, clauses: list[Span] | None = None) -> tuple[list[Section], list[Task]]:
    """Sections and tasks of a cleaned plan text, spans tiling the whole text.

    ``clauses`` are the spans of the text's responsibility clauses (the duties
    grammar's): a 目标任务 chapter whose items name their units holds tasks.
    """
    root_kind = classify_chapter("", text)  # items of a plan without chapters
    starts = sorted(c.start for c in clauses) if clauses is not None else None
    b = _Builder(text, plan_id, root_kind, starts)
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
            task = Task(node.id, plan_id, node.path, node.kind, node.title, body, span, node.parent_id)
            task.number, task.title_end = node.number, node.title_end
            tasks.append(task)
        else:
            sections.append(Section(node.id, plan_id, node.path, node.title, body, span, node.parent_id))
    return sections, tasks


def promote_headings(
    sections: list[Section], tasks: list[Task], clauses: list[Span]
) -> tuple[list[Section], list[Task]]:
    """A numbered heading that carries its own responsibility clause is a task.

    ``clauses`` are the spans of the document's responsibility clauses, sentences whose
    subject is a unit among them (五、责任追究 / 县纪检监察部门根据…实施责任追究: the units of an
    unnumbered paragraph belong to the numbered heading above it); a section whose own text
    (its heading up to its first child) holds one becomes a task of its chapter's kind
    (``task`` when the chapter names none). Headings of 总体要求/目标/形势 parts stay sections.
    """
    by_id = {s.id: s for s in sections}
    kinds = {t.parent_id: t.kind for t in tasks if t.parent_id}
    promoted: dict[str, Task] = {}
    # a clause inside [start, end): of the clauses starting at or after ``start``, the one ending
    # first ends by ``end`` (suffix minima of the ends, one bisection per section)
    by_start = sorted(clauses, key=lambda c: c.start)
    starts = [c.start for c in by_start]
    first_end = [c.end for c in by_start]
    for i in range(len(first_end) - 2, -1, -1):
        first_end[i] = min(first_end[i], first_end[i + 1])
    for sec in sections:
        if not sec.path or not sec.path[0].isdigit() or _names_sections(_chapter_title(sec, by_id)):
            continue
        k = bisect.bisect_left(starts, sec.span.start)
        if k == len(starts) or first_end[k] > sec.span.end:
            continue
        kind: TaskKind = kinds.get(sec.id) or _inherited_kind(sec, by_id) or "task"
        new_id = sec.id.replace("/s/", "/t/", 1)
        task = Task(new_id, sec.plan_id, sec.path, kind, sec.title, sec.text, sec.span, sec.parent_id)
        first = sec.text.split("\n", 1)[0]
        if (m := match_marker(first)) is not None:
            task.number, task.title_end = m.printed, sec.span.start + m.size + _title_length(first[m.size :])
        promoted[sec.id] = task
    if not promoted:
        return sections, tasks
    rename = {old: t.id for old, t in promoted.items()}
    kept = [s for s in sections if s.id not in promoted]
    nodes: list[Section | Task] = [*kept, *tasks, *promoted.values()]
    for node in nodes:
        if node.parent_id in rename:
            node.parent_id = rename[node.parent_id]
    merged = sorted([*tasks, *promoted.values()], key=lambda t: (t.span.start, t.span.end))
    return kept, merged


def _chapter_title(sec: Section, by_id: dict[str, Section]) -> str:
    """The titles of a section and its ancestors, joined (总体要求 anywhere above counts)."""
    titles = [sec.title]
    node = sec
    while node.parent_id and node.parent_id in by_id:
        node = by_id[node.parent_id]
        titles.append(node.title)
    return " ".join(titles)


def _inherited_kind(sec: Section, by_id: dict[str, Section]) -> TaskKind | None:
    """The kind a chapter's title gives its items (保障措施 → safeguard), if any."""
    node: Section | None = sec
    while node is not None:
        kind = classify_chapter(node.title)
        if kind is not None:
            return kind
        node = by_id.get(node.parent_id) if node.parent_id else None
    return None
