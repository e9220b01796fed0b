"""The registry's vocabulary: what a resolution yields (``Canonical``), what a registry entry
holds (``Dept``), where a mention was printed (``ResolveContext``), and the shape constants the
name rules share. The rules themselves live in the ``registry_*`` modules, one concern each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from graph.errors import PlankgError
from graph.model import Level, Region

__all__ = [
    "GENERIC",
    "GLOBAL_CATEGORIES",
    "Canonical",
    "Dept",
    "Method",
    "RegistryError",
    "ResolveContext",
    "default_registry_path",
    "normalize_mention",
]

Method = Literal["exact", "rule", "fuzzy", "pattern", "decision", "unresolved"]
#: The category of a placeholder that names no one bureau (有关部门, 各区县人民政府).
GENERIC = "generic"
#: Categories whose names are unique nationally (山东大学, 国家电网有限公司): no region needed.
GLOBAL_CATEGORIES = frozenset({"university", "enterprise"})
_RELATIVE = "省市区县"
#: Endings of a division inside a bureau (处, 科).
_DIVISION_ENDINGS = ("处", "科")
#: Endings of a body whose divisions a plan may name bare (a bureau, a commission, a 厅).
_ISSUING_BODY = ("局", "委员会", "委", "厅", "管委会")
#: Endings of a government body's name, for names the registry does not hold (局 委 办 …).
_SHAPE_ENDINGS = (
    "局",
    "委",
    "委员会",
    "办",
    "办公室",
    "厅",
    "部",
    "署",
    "中心",
    "管委会",
    "工委",
    "支队",
    "大队",
    "站",
    "管理处",
)
#: A company the plan names with its own district's or county's prefix (区水务公司 in a zone's
#: plan): named by shape too, but only so printed — never from a list's previous item, and
#: never after 市 (市政园林公司 is no 市 company).
_COMPANY_ENDINGS = ("公司", "集团")
#: Relative place prefixes read against the plan's region (``Registry.relative``).
_PLACE_RELATIVE = "省市区县州盟旗"
#: What ``{place}`` stands for in a vertical agency's pattern: a short run of word characters,
#: which must then be a place the gazetteer knows (a tiny regex instead of 6,000 names in each;
#: ``\w`` rather than a CJK range, whose charset takes re a millisecond per pattern to compile).
_PLACE_GROUP = "\\w{2,24}?"
_WS = re.compile(r"\s+")


class RegistryError(PlankgError):
    """The registry file is missing or malformed."""


#: A unit's other name printed after it in brackets (区委组织部（区公务员局）): the registry resolves
#: by the first name, the annex reader counts a cell ending so as a complete unit.
OTHER_NAME = re.compile(r"[（(][^（()）]{1,20}[)）]$")


def default_zone_bodies_path() -> Path:
    """``data/zone_bodies.yaml`` of this checkout (the organs of functional zones)."""
    return Path(__file__).resolve().parent.parent / "data" / "zone_bodies.yaml"


def default_registry_path() -> Path:
    """``data/departments.yaml`` of this checkout."""
    return Path(__file__).resolve().parent.parent / "data" / "departments.yaml"


def normalize_mention(text: str) -> str:
    """A mention as compared: no whitespace, Chinese brackets."""
    return _WS.sub("", text).replace("(", "（").replace(")", "）")


@dataclass(frozen=True)
class Dept:
    """One registry entry: a kind of department across levels."""

    key: str
    category: str
    full: dict[str, str]
    template: str | None
    template_by_level: dict[str, str]
    short: str
    short_by_level: dict[str, str]
    aliases: tuple[str, ...]
    prefixed: tuple[str, ...]
    parent_key: str | None
    national_full: str | None
    national_short: str | None
    national_aliases: tuple[str, ...]
    #: the registry key of the department that took this one over (工商行政管理局 → 市场监督管理局)
    successor: str | None = None
    #: the year the name went out of use (informative: the name stays the canonical one of its era)
    until: int | None = None
    #: official names that differ in one named region (上海市 → 经济和信息化委员会)
    by_region: tuple[tuple[str, str], ...] = ()
    #: official names that differ in a named region and every region inside it (上海市 and its
    #: districts → 交通委员会)
    within_region: tuple[tuple[str, str], ...] = ()
    #: regions where this name is still the current one (no successor link there)
    current_in: tuple[str, ...] = ()

    @property
    def local(self) -> bool:
        """True when the entry has a form below the national level."""
        return bool(self.full or self.template or self.template_by_level)


@dataclass(frozen=True)
class ZoneBody:
    """An organ of a functional zone (data/zone_bodies.yaml): its canonical name and successor."""

    name: str  # the canonical name: 平潭综合实验区交通与建设局
    short: str
    category: str
    successor: str | None = None


@dataclass(frozen=True)
class Canonical:
    """What a printed name resolved to."""

    name: str
    region: Region | None
    category: str
    short: str
    method: Method
    score: float | None
    key: str | None = None  # registry key, for counterparts across levels
    explicit_region: Region | None = None  # the region the mention itself printed
    successor: str | None = None  # canonical name of the unit that took this one over, if any
    scope: str = ""  # the plan (source file) a unit without region belongs to; set by the units stage

    @property
    def id(self) -> str:
        """The unit id: ``unit:<name>``; ``unit:?<region>/<text>`` for an unresolved name
        (``unit:?@<plan source>/<text>`` when the region is unknown too); ``unit:*<region>/<text>``
        for a generic placeholder (有关部门, 各区县人民政府)."""
        where = self.region.name if self.region else (f"@{self.scope}" if self.scope else "")
        if self.method == "unresolved":
            return f"unit:?{where}/{self.name}"
        if self.category == GENERIC:
            return f"unit:*{where}/{self.name}"
        if self.region is None and self.scope and self.category not in GLOBAL_CATEGORIES:
            return f"unit:?{where}/{self.name}"
        return f"unit:{self.name}"

    @property
    def level(self) -> Level | None:
        """The level of the unit's region."""
        return self.region.level if self.region else None


@dataclass
class ResolveContext:
    """Where a mention was printed: the plan's region, the list it stands in, the groups the plan names."""

    region: Region | None
    inherited: Region | None = None
    groups: tuple[str, ...] = ()
    issuer: str | None = None  # the body that issued the plan (its 处室 are named after it)


@dataclass(frozen=True)
class _Vertical:
    key: str
    pattern: re.Pattern[str]
    name: str
    name_by_level: dict[str, str] = field(default_factory=dict)
    successor: str | None = None  # the name (same placeholders) of the agency that took it over
    place: str | None = None  # where the agency is when its pattern captures no place (临港新片区管委会)


@dataclass(frozen=True)
class _Named:
    """A shape rule for self-named units (山东大学, 国家电网有限公司): category by ending."""

    category: str
    endings: tuple[str, ...]
    min_length: int
    exceptions: tuple[str, ...] = ()
