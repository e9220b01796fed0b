"""The typed model every loader produces and every store keeps.

Ids are deterministic and built from content, written once here:

* plan      ``plan:<first 16 hex of sha256 of the cleaned text>`` — loading the
  same document twice yields the same id; a new version gets a new id and
  replaces the old one (matched by ``source`` file name).
* stub plan ``stub:<normalised cited title>`` — a plan cited but not loaded.
* section   ``<plan id>/s/<path>`` and task ``<plan id>/t/<path>``.
* unit      ``unit:<canonical name>`` (``unit:?<region>/<printed text>`` for an
  unresolved mention, which is kept as its own flagged unit).
* indicator ``<plan id>/i/<ordinal>``.
* region    ``region:<name>``; metric ``metric:<normalised name>``.

Offsets (``Span``) are character offsets into ``Plan.text``, the cleaned text.
``Plan.offset_map`` maps each cleaned offset back to the original text so the
front end can quote either (after a parse an :class:`OffsetMap`: a list of one int
per character to read, kept as runs of consecutive offsets).
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal, NoReturn, SupportsIndex, overload

__all__ = [
    "EDGE_TYPES",
    "LEVEL_ORDER",
    "Alias",
    "Edge",
    "Indicator",
    "KnowledgeGraph",
    "Metric",
    "OffsetMap",
    "Plan",
    "PlanDoc",
    "Region",
    "Section",
    "Span",
    "Task",
    "Unit",
    "UnitMention",
    "to_dict",
]

PlanKind = Literal["纲要", "规划", "实施意见", "行动方案", "工作方案", "其他"]
Level = Literal["national", "province", "prefecture", "county"]
#: Levels top to bottom (the cascade order, the order plans and rows are listed in);
#: keyed by ``str | None`` so that an unknown level can be looked up with a default.
LEVEL_ORDER: dict[str | None, int] = {"national": 0, "province": 1, "prefecture": 2, "county": 3}
TaskKind = Literal["task", "project", "safeguard", "box", "box_item", "annex_row"]
Role = Literal["lead", "support", "responsible"]
Comparator = Literal["=", ">=", "<="]

#: Edge types, a fixed list so that stores never format a label from data.
EDGE_TYPES = (
    "IMPLEMENTS",  # plan -> plan it implements (cites)
    "IN_REGION",  # plan/unit -> region
    "PART_OF",  # region -> parent region
    "CASCADES_FROM",  # task -> higher task; indicator -> higher indicator
    "REFINES",  # annex_row task -> body task it refines
    "MEMBER_OF",  # unit -> group unit
    "COUNTERPART_OF",  # unit -> same department of the parent region / a peer region
    "MEASURES",  # indicator -> metric
    "SUCCEEDED_BY",  # unit -> the unit of the same region that took it over (工商局 -> 市场监督管理局)
)


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` in a plan's cleaned text."""

    start: int
    end: int


class OffsetMap(list[int]):
    """A read-only ``list[int]`` of offsets, one per position, kept as runs of consecutive values.

    A cleaned text maps back to its original in long runs (a line's characters are
    consecutive there), so a run costs 16 bytes where a list of ints costs about 40 bytes per
    character — for a 19 MB plan, 10 MB instead of 260 MB. Reads (``len``, indexing, slicing,
    iteration, ``==`` with a list) behave as a list's; changing it raises ``TypeError``.
    """

    __slots__ = ("_n", "_origins", "_starts")
    __hash__: ClassVar[None]

    def __init__(self, values: Iterable[int] = ()) -> None:
        super().__init__()
        self._starts = array("q")  # position where each run begins
        self._origins = array("q")  # its value there; the run counts up by one per position
        self._n = 0
        for v in values:
            self._add(v, 1)

    @classmethod
    def from_runs(cls, runs: Iterable[tuple[int, int]]) -> OffsetMap:
        """From ``(first value, length)`` runs, in order (adjacent runs that continue merge)."""
        out = cls()
        for origin, length in runs:
            out._add(origin, length)
        return out

    def _add(self, origin: int, length: int) -> None:
        if length <= 0:
            return
        if self._starts and self._origins[-1] + (self._n - self._starts[-1]) == origin:
            self._n += length
            return
        self._starts.append(self._n)
        self._origins.append(origin)
        self._n += length

    def runs(self) -> Iterator[tuple[int, int]]:
        """``(first value, length)`` of each run."""
        starts, origins, k_last = self._starts, self._origins, len(self._starts) - 1
        for k in range(k_last + 1):
            end = starts[k + 1] if k < k_last else self._n
            yield origins[k], end - starts[k]

    def __len__(self) -> int:
        return self._n

    def _at(self, i: int) -> int:
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("OffsetMap index out of range")
        k = bisect.bisect_right(self._starts, i) - 1
        return self._origins[k] + i - self._starts[k]

    @overload
    def __getitem__(self, i: SupportsIndex) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> list[int]: ...
    def __getitem__(self, i: SupportsIndex | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self._at(j) for j in range(*i.indices(self._n))]
        return self._at(i.__index__())

    def __iter__(self) -> Iterator[int]:
        for origin, length in self.runs():
            yield from range(origin, origin + length)

    def __reversed__(self) -> Iterator[int]:
        return reversed(list(self))

    def __contains__(self, value: object) -> bool:
        return any(value == v for v in self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return (self._n, self._starts, self._origins) == (other._n, other._starts, other._origins)
        if isinstance(other, list):
            return len(other) == self._n and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __repr__(self) -> str:
        return f"OffsetMap({list(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (OffsetMap.from_runs, (list(self.runs()),))

    def index(self, value: int, start: SupportsIndex = 0, stop: SupportsIndex = 2**63 - 1) -> int:
        return list(self).index(value, start, stop)

    def count(self, value: int) -> int:
        return sum(1 for v in self if v == value)

    def copy(self) -> list[int]:
        return list(self)

    def _read_only(self, *_: object) -> NoReturn:
        raise TypeError("OffsetMap is read-only")

    def append(self, *_: object) -> NoReturn:
        self._read_only()

    def extend(self, *_: object) -> NoReturn:
        self._read_only()

    def insert(self, *_: object) -> NoReturn:
        self._read_only()

    def pop(self, *_: object) -> NoReturn:
        self._read_only()

    def remove(self, *_: object) -> NoReturn:
        self._read_only()

    def clear(self) -> NoReturn:
        self._read_only()

    def sort(self, *_: object, **__: object) -> NoReturn:
        self._read_only()

    def reverse(self) -> NoReturn:
        self._read_only()

    def __setitem__(self, *_: object) -> NoReturn:
        self._read_only()

    def __delitem__(self, *_: object) -> NoReturn:
        self._read_only()

    def __add__(self, other: list[int]) -> list[int]:  # type: ignore[override]
        return [*self, *other]

    def __iadd__(self, *_: object) -> NoReturn:
        self._read_only()

    def __imul__(self, *_: object) -> NoReturn:
        self._read_only()


@dataclass
class Plan:
    """One plan document (or a stub for a plan that is only cited)."""

    id: str
    title: str
    source: str = ""
    sha256: str = ""
    title_inferred: bool = False
    subtitle: str | None = None
    kind: PlanKind = "其他"
    issuer: str | None = None
    doc_no: str | None = None
    issued_on: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    region: str | None = None
    level: Level | None = None
    #: Where the region was read from, in order of weight (``issuer:烟台市人民政府办公室``,
    #: ``doc_no:烟政办字`` …); empty when the text names no region (then ``region`` is None).
    region_evidence: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    stub: bool = False
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    original: str = ""
    offset_map: list[int] = field(default_factory=list)


@dataclass
class Section:
    """A numbered part that assigns no work (总体要求, 发展目标, a chapter…).

    The root section of a plan has path ``""`` and spans the whole text, so
    that every character lies in at least one span.
    """

    id: str
    plan_id: str
    path: str
    title: str
    text: str
    span: Span
    parent_id: str | None = None


@dataclass
class UnitMention:
    """One responsible unit as printed after (or inside) a task."""

    text: str
    order: int
    role: Role = "responsible"
    unit_id: str | None = None
    clause: str = ""
    span: Span | None = None
    score: float | None = None
    flagged: bool = False
    #: A placeholder that names no one bureau (有关部门, 各区县人民政府, 各成员单位): kept, never
    #: resolved to a named unit.
    generic: bool = False


@dataclass
class Task:
    """A numbered work item of a task chapter, box or annexed table."""

    id: str
    plan_id: str
    path: str
    kind: TaskKind
    title: str
    text: str
    span: Span
    parent_id: str | None = None
    mentions: list[UnitMention] = field(default_factory=list)
    #: The 完成时限 printed for the task (its bracket, table column or 完成时限 line), as printed;
    #: None when the text prints none — the plan's period is never copied here.
    deadline: str | None = None
    due_date: str | None = None  # ISO date the printed deadline means (年底 → 12-31), if it names one
    recurrence: str | None = None  # "annual", "ongoing" … for 每年 / 长期坚持 / 持续推进
    #: Structure, read once so exports and pages render it instead of parsing the text again:
    #: the heading number as printed (（一）, 1., 专栏2; "" for an unnumbered row), where the
    #: heading's title ends (an offset into ``Plan.text``; the body follows), and the spans of
    #: the task's own responsibility clauses (starts and ends, offsets into ``Plan.text``).
    number: str = ""
    title_end: int | None = None
    clause_starts: list[int] = field(default_factory=list)
    clause_ends: list[int] = field(default_factory=list)


@dataclass
class Alias:
    """A way a unit was written, where, and how it was matched."""

    text: str
    source: str
    #: ``pattern``: not in the registry, named by its shape (region + printed body), to confirm.
    method: Literal["exact", "rule", "fuzzy", "pattern", "decision", "unresolved"] = "rule"
    score: float | None = None


@dataclass
class Unit:
    """A responsible unit: a department, court, vertical agency, zone or group."""

    id: str
    name: str
    region: str | None
    level: Level | None = None
    category: str = "department"
    short: str = ""
    aliases: list[Alias] = field(default_factory=list)
    flagged: bool = False


@dataclass
class Indicator:
    """A quantitative target, from a table or a sentence."""

    id: str
    plan_id: str
    name: str
    metric: str
    target: str | None
    target_year: int | None = None
    baseline: str | None = None
    baseline_year: int | None = None
    comparator: Comparator = "="
    measure_unit: str | None = None
    nature: str | None = None
    flag: str | None = None
    span: Span | None = None
    quote: str = ""


@dataclass
class Region:
    """A place in the gazetteer (国家 > 省 > 地级市 > 县级市/区/县)."""

    id: str
    name: str
    level: Level
    parent_id: str | None = None
    code: str | None = None  # the 6-digit division code (民政部); None for a functional zone


@dataclass
class Metric:
    """A normalised indicator name shared across plans."""

    id: str
    name: str


@dataclass
class Edge:
    """A typed, directed relation between two node ids."""

    type: str
    src: str
    dst: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class PlanDoc:
    """Everything one document yields before cross-document resolution."""

    plan: Plan
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


def to_dict(obj: Any) -> dict[str, Any]:
    """A plain dict of a model object (for JSON files and stores)."""
    return asdict(obj)


@dataclass
class KnowledgeGraph:
    """The whole graph: per-document parts plus the cross-document layer.

    Per-document parts (plans, sections, tasks with their mentions,
    indicators) come from the loaders; units, regions, metrics and edges are
    derived across documents (resolution and cascade) and are rebuilt
    whenever the set of plans changes.
    """

    plans: dict[str, Plan] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def add_doc(self, doc: PlanDoc) -> None:
        """Add one document's plan, sections, tasks and indicators."""
        self.plans[doc.plan.id] = doc.plan
        self.sections.update((s.id, s) for s in doc.sections)
        self.tasks.update((t.id, t) for t in doc.tasks)
        self.indicators.update((i.id, i) for i in doc.indicators)

    def docs(self) -> list[PlanDoc]:
        """The per-document parts, one PlanDoc per loaded (non-stub) plan."""
        out = []
        for plan in self.plans.values():
            if plan.stub:
                continue
            out.append(
                PlanDoc(
                    plan=plan,
                    sections=[s for s in self.sections.values() if s.plan_id == plan.id],
                    tasks=[t for t in self.tasks.values() if t.plan_id == plan.id],
                    indicators=[i for i in self.indicators.values() if i.plan_id == plan.id],
                )
            )
        return out
