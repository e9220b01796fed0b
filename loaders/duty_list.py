"""An annexed list of duties (工作部门职责分工, 部门职责清单) printed as lines, not as a table.

A plan may annex who does what as one line per body, each opening with the body and 负责::

    附件
    促进3岁以下婴幼儿照护服务发展
    工作部门职责分工
    省发展改革委负责将婴幼儿照护服务纳入经济社会发展相关规划。
    省教育厅负责各类婴幼儿照护服务人才培养。
    …

Such a list has no 序号 and no header of columns, so ``loaders.annex``'s table reader never
sees it. Here it is found by its heading — a short line that names a division of duties
(职责分工, 职责清单, 责任分工, 任务分工) inside an annex — and read as rows: a line whose
sentence opens with its subject (the responsibility grammar's ``sentence`` clause at the line's
start) opens a row; a line that does not continues the row above while that row's sentence is
not closed. The list ends at the first other line. ``loaders.annex`` turns the rows into
``annex_row`` tasks ``A.<ordinal>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph.model import Span

__all__ = ["DutyRow", "duty_lists"]

#: The heading of a list of duties (its last words), inside an annex.
_HEADING = re.compile(r"(?:职责分工|职责清单|责任分工|任务分工|部门职责|分工方案)(?:表|清单)?$")
_ANNEX = re.compile(r"^附\s*件\s*\d{0,2}\s*[:：]?")
_MAX_HEADING = 40
_CLOSED = "。；;！!？?"
_MIN_ROWS = 2  # one line that opens with a body is a sentence, not a list


@dataclass(frozen=True)
class DutyRow:
    span: Span  # the row's lines, from its first character to its last
    text: str


def duty_lists(text: str, opens_with_subject: Callable[[str], bool]) -> Iterator[list[DutyRow]]:
    """The duty lists of ``text``, each as its rows in order. ``opens_with_subject``: does a line
    open with a unit that acts (the responsibility grammar's judgement, passed in)."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    in_annex = False
    i = 0
    while i < len(lines):
        _start, line = lines[i]
        stripped = line.strip()
        if _ANNEX.match(stripped) and len(stripped) <= _MAX_HEADING:
            in_annex = True
        if not (in_annex and len(stripped) <= _MAX_HEADING and _HEADING.search(stripped)):
            i += 1
            continue
        rows: list[DutyRow] = []
        j = i + 1
        while j < len(lines):
            at, raw = lines[j]
            body = raw.strip()
            at += len(raw) - len(raw.lstrip())
            if not body:
                j += 1
                continue
            if opens_with_subject(body):
                rows.append(DutyRow(Span(at, at + len(body)), body))
            elif rows and rows[-1].text[-1:] not in _CLOSED:
                last = rows[-1]  # a wrapped line: text joined as printed (offsets by the span)
                rows[-1] = DutyRow(Span(last.span.start, at + len(body)), last.text + body)
            else:
                break
            j += 1
        if len(rows) >= _MIN_ROWS:
            yield rows
            i = j
        else:
            i += 1
