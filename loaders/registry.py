"""The unit registry (``data/departments.yaml``) and the rules that turn a printed
unit name into its canonical name ``<region><official full name>``.

Why a registry and not string tricks: the same bureau is printed 市市场监管局,
市市场监督管理局, 市知识产权局 or (in an elided list) 市场监督管理局; the same
short name means a different bureau in every city; and the official name depends
on the level (发展和改革委员会 in a city, 发展和改革局 in a county; 中级人民法院 /
人民法院). All of that is data, kept in the YAML file; this module only reads
prefixes against the gazetteer and looks the rest up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process

from graph.datafile import read_yaml
from graph.errors import PlankgError
from graph.model import Level, Region, Role
from loaders.gazetteer import Gazetteer

__all__ = [
    "GENERIC",
    "GLOBAL_CATEGORIES",
    "Canonical",
    "Dept",
    "Registry",
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
_SHAPE_ENDINGS = ("局", "委", "委员会", "办", "办公室", "厅", "部", "署", "中心", "管委会", "工委", "支队", "大队")
#: Relative place prefixes read against the plan's region (``Registry.relative``).
_PLACE_RELATIVE = "省市区县州盟旗"
#: What ``{place}`` stands for in a vertical agency's pattern: a short run of word characters,
#: which must then be a place the gazetteer knows (a tiny regex instead of 6,000 names in each;
#: ``\w`` rather than a CJK range, whose charset takes re a millisecond per pattern to compile).
_PLACE_GROUP = "\\w{2,24}?"
_WS = re.compile(r"\s+")


class RegistryError(PlankgError):
    """The registry file is missing or malformed."""


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
    #: regions where this name is still the current one (no successor link there)
    current_in: tuple[str, ...] = ()

    @property
    def local(self) -> bool:
        """True when the entry has a form below the national level."""
        return bool(self.full or self.template or self.template_by_level)


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


@dataclass(frozen=True)
class _Named:
    """A shape rule for self-named units (山东大学, 国家电网有限公司): category by ending."""

    category: str
    endings: tuple[str, ...]
    min_length: int
    exceptions: tuple[str, ...] = ()


@dataclass
class Registry:
    """Indexes over ``data/departments.yaml`` plus the gazetteer's place names."""

    gazetteer: Gazetteer
    depts: dict[str, Dept]
    local_index: dict[str, Dept]
    national_index: dict[str, Dept]
    national_explicit: dict[str, Dept]
    prefixed_index: dict[str, tuple[Dept, str]]
    verticals: list[_Vertical]
    zone_generic: dict[str, str]
    zone_named_suffixes: tuple[str, ...]
    zone_template: str
    zone_strip: tuple[str, ...]
    group_suffixes: tuple[str, ...]
    member_tails: tuple[str, ...]
    office_tails: tuple[str, ...]
    member_list_heading: str
    clause_labels: dict[str, Role]
    clause_verbs: dict[str, Role]
    list_tails: tuple[str, ...]
    generic_items: frozenset[str]
    generic_shapes: tuple[re.Pattern[str], ...]
    named: tuple[_Named, ...]
    unit_endings: tuple[str, ...]
    titles: tuple[str, ...]
    fuzzy_accept: float
    fuzzy_review: float
    places: dict[str, Region] = field(default_factory=dict)
    place_names: tuple[str, ...] = ()
    _local_choices: list[str] = field(default_factory=list)
    _cache: dict[tuple[str, str, str, tuple[str, ...]], Canonical] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: Path | None = None, regions: Path | None = None) -> Registry:
        """The registry (cached per path pair)."""
        return _load(str(path or default_registry_path()), str(regions) if regions else "")

    # ------------------------------------------------------------------ regions
    def region_form(self, region: Region) -> str:
        """The region as it opens an official name: a district carries its city (杭州市西湖区,
        北京市朝阳区, 上海市浦东新区); an ambiguous county's key already does (南京市鼓楼区)."""
        gaz = self.gazetteer
        parent = gaz.parent(region)
        if region.level != "county" or parent is None or region.name.startswith(parent.name):
            return region.name
        kind = gaz.kind(region)
        district = kind == "市辖区" or (not kind and region.name.endswith("区") and not gaz.is_zone(region))
        if district and (parent.level == "prefecture" or gaz.kind(parent) == "直辖市"):
            return parent.name + region.name
        return region.name

    def region_short(self, region: Region) -> str:
        """The short place name (烟台, 荣成, 湘西): the gazetteer's, else the name less 市/县/省/区."""
        short = self.gazetteer.short(region)
        if short:
            return short
        name = self.gazetteer.place(region).bare
        if len(name) >= 3 and name[-1] in "市县省区":
            return name[:-1]
        return name

    def relative(self, char: str, plan_region: Region | None) -> Region | None:
        """What 省/市/区/县/州/盟/旗 means in a plan of ``plan_region`` (None when it names no one region).

        市 is the plan's own city (a prefecture-level or county-level 市, a 直辖市), or the
        city a district, county or zone lies in; 区 the plan's district or zone, or the
        autonomous region in its own plan; 县 and 旗 the plan's county or banner; 州 and 盟
        the autonomous prefecture or league the plan lies in; 省 the province."""
        if plan_region is None:
            return None
        gaz = self.gazetteer
        chain = gaz.chain(plan_region)
        own = gaz.place(plan_region).bare
        if char == "省":
            return next((r for r in chain if r.level == "province"), None)
        if char == "市":
            for r in chain:
                bare = gaz.place(r).bare
                if r.level == "province":
                    return r if bare.endswith("市") else None  # a 直辖市's plan
                if r.level in ("prefecture", "county") and bare.endswith("市") and not gaz.is_zone(r):
                    return r
            return None
        if char == "区":
            if gaz.is_zone(plan_region):
                return plan_region
            if plan_region.level == "province":
                return plan_region if own.endswith("自治区") else None
            return plan_region if plan_region.level == "county" and own.endswith("区") else None
        if char in "县旗":
            return plan_region if plan_region.level == "county" and own.endswith(char) else None
        if char == "州":
            return next((r for r in chain if gaz.place(r).bare.endswith("自治州")), None)
        if char == "盟":
            return next((r for r in chain if gaz.place(r).bare.endswith("盟")), None)
        return None

    # ------------------------------------------------------------------ shapes
    def strip_tail(self, text: str) -> str:
        """``市场监督管理局等部门`` → ``市场监督管理局``."""
        for tail in self.list_tails:
            if text.endswith(tail) and len(text) > len(tail):
                return text[: -len(tail)]
        return text

    def is_generic(self, text: str) -> bool:
        """True for items that name nobody in particular: the listed ones (有关部门, 单位) and
        the shapes of ``generic_shapes`` (各区县人民政府, 各乡镇（街道）, 各成员单位, 市直有关部门…)."""
        if text in self.generic_items:
            return True
        t = normalize_mention(text)
        return t in self.generic_items or any(p.fullmatch(t) for p in self.generic_shapes)

    def generic(self, text: str, region: Region | None) -> Canonical:
        """The placeholder unit a generic mention stands for: its printed text, scoped to
        ``region`` (the plan's; the units stage scopes it to the plan when that is None)."""
        t = self.strip_tail(normalize_mention(text))
        return Canonical(t, region, GENERIC, t, "rule", None)

    def has_unit_ending(self, text: str) -> bool:
        """A cheap shape test: does the text end like a unit name?"""
        return any(text.endswith(e) for e in self.unit_endings)

    def known(self, text: str) -> bool:
        """True when the registry's rules recognise ``text`` as a unit (region not needed)."""
        t = normalize_mention(text)
        if not t or self.is_generic(t):
            return False
        if self._group_parts(t) is not None:
            return True
        if any(v.pattern.match(t) for v in self.verticals):
            return True
        if t in self.national_index:
            return True
        t = t.removeprefix("中共")
        for _region, body, _explicit in self._prefix_candidates(t, None, lenient=True):
            if self._body(body) is not None:
                return True
        return False

    # ------------------------------------------------------------------ resolving
    def resolve(self, text: str, ctx: ResolveContext) -> Canonical:
        """The canonical unit a printed name means in ``ctx`` (never raises: unknown names
        come back ``unresolved``)."""
        key = (
            text,
            ctx.region.id if ctx.region else "",
            ctx.inherited.id if ctx.inherited else "",
            ctx.groups,
            ctx.issuer or "",
        )
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(normalize_mention(text), ctx)
            self._cache[key] = hit
        return hit

    def _resolve(self, t: str, ctx: ResolveContext) -> Canonical:
        t = self.strip_tail(t)
        if self.is_generic(t):
            return self.generic(t, ctx.region)
        group = self._resolve_group(t, ctx)
        if group is not None:
            return group
        vertical = self._resolve_vertical(t)
        if vertical is None and t[:1] in _RELATIVE and len(t) > 4:
            vertical = self._resolve_vertical(t[1:])  # 区人民银行平潭支行: a vertical printed with 区
        if vertical is not None:
            return vertical
        national = self.national_explicit.get(t)
        if national is None and ctx.region is not None and ctx.region.level == "national":
            national = self.national_index.get(t)
        if national is not None:
            return self._national(national, t)
        party = t.startswith("中共")
        body_text = t[2:] if party else t
        default = ctx.inherited or ctx.region  # an unprefixed name is the plan's own region's
        best: Canonical | None = None
        first_region: Region | None = None
        for region, body, explicit in self._prefix_candidates(body_text, ctx.region, lenient=False, default=default):
            if region is None:
                continue
            first_region = first_region or region
            found = self._build(body, region, t, explicit)
            if found is not None:
                return found
        # nothing by rule: the closest registry name, if close enough
        for region, body, explicit in self._prefix_candidates(body_text, ctx.region, lenient=False, default=default):
            if region is None or not body:
                continue
            if not explicit and body[:1] in _RELATIVE and self.relative(body[0], ctx.region) is None:
                continue  # 市… in a province's plan: no one city, so no near miss either
            fz = self._fuzzy(body, region, explicit)
            if fz is not None and (best is None or (fz.score or 0) > (best.score or 0)):
                best = fz
        named = self._resolve_named(t, body_text, ctx.region)
        if named is not None:
            return named
        if best is not None:
            return best
        printed_region = self._explicit_region(body_text, ctx.region)
        shaped = self._by_shape(t, body_text, printed_region, ctx) or self._division(t, ctx) or self._township(t, ctx)
        if shaped is not None:
            return shaped
        where = printed_region or first_region or default or ctx.region
        return Canonical(t, where, "unresolved", t, "unresolved", None, explicit_region=printed_region)

    def _by_shape(self, t: str, body_text: str, printed: Region | None, ctx: ResolveContext) -> Canonical | None:
        """A bureau the registry does not know, named by its shape: 区经济发展局 in 平潭's plan
        is 平潭综合实验区经济发展局 — the region its prefix (or the list's previous item)
        names, then the printed rest. Marked ``pattern`` so a person confirms it.

        Only a name that prints its region (区…, 平潭…) or stands in a list after one that
        did, and that ends like a government body; never a placeholder (各…, 有关…).
        """
        region = printed or ctx.inherited
        if region is None or region.level == "national":
            return None
        rest = body_text
        if printed is not None:
            for name in (self.region_form(region), region.name, self.region_short(region)):
                if rest.startswith(name) and len(rest) > len(name):
                    rest = rest[len(name) :]
                    break
            else:
                if rest[:1] in _RELATIVE + "州盟旗" and len(rest) > 1:
                    rest = rest[1:]
        division = rest.endswith(_DIVISION_ENDINGS) and any(b in rest[:-2] for b in ("局", "委", "办"))
        if len(rest) < 3 or rest.startswith(("各", "有关", "相关", "其他")):
            return None
        if not (rest.endswith(_SHAPE_ENDINGS) or division):  # 区经济发展局农业处: a bureau's division
            return None
        party = t.startswith("中共")
        name = ("中共" if party else "") + self.region_form(region) + rest
        return Canonical(name, region, "department", rest, "pattern", None, None, printed)

    def _division(self, t: str, ctx: ResolveContext) -> Canonical | None:
        """A division (处/科) of the bureau that issued the plan: 执法稽查处 and 市局执法稽查处 in a
        plan of 上海市市场监督管理局 are 上海市市场监督管理局执法稽查处 (named by shape, to confirm)."""
        issuer = ctx.issuer or ""
        if not t.endswith(_DIVISION_ENDINGS) or not issuer.endswith(_ISSUING_BODY) or issuer.endswith("办公室"):
            return None
        rest = t[2:] if t[:2] in ("市局", "区局", "县局", "省局", "本局") else t
        if len(rest) < 3 or rest.startswith(("各", "有关", "相关", "其他")) or rest[:1] in _RELATIVE:
            return None
        return Canonical(issuer + rest, ctx.region, "department", rest, "pattern", None, None, None)

    def _township(self, t: str, ctx: ResolveContext) -> Canonical | None:
        """A town or street of the county-level plan's own region: 泗泾镇 in 松江区's plan is
        上海市松江区泗泾镇人民政府, 永丰街道 its 永丰街道办事处 (named by shape, to confirm)."""
        region = ctx.region
        if region is None or region.level != "county" or t.startswith(("各", "有关", "相关")):
            return None
        for ending, body in (("街道", "办事处"), ("镇", "人民政府"), ("乡", "人民政府")):
            if t.endswith(ending) and 2 <= len(t) - len(ending) <= 4 and not any(c in t for c in "、（("):
                return Canonical(self.region_form(region) + t + body, region, "government", t, "pattern", None)
        return None

    def _explicit_region(self, t: str, plan_region: Region | None) -> Region | None:
        """The region ``t`` opens with: the deepest place printed (杭州市西湖区… → 西湖区), else
        what a relative 市/区/县… means in the plan."""
        for region, end in self.gazetteer.prefix_matches(t, plan_region):
            if end < len(t) and region.level != "national":
                return region
        if t[:1] in _PLACE_RELATIVE and len(t) > 1:
            return self.relative(t[0], plan_region)
        return None

    def _prefix_candidates(
        self,
        t: str,
        plan_region: Region | None,
        lenient: bool,
        default: Region | None = None,
    ) -> Iterable[tuple[Region | None, str, bool]]:
        """(region, rest, printed prefix?) readings of ``t``: place name, relative char,
        then the whole text with the elided prefix (``default``)."""
        for place, end in self.gazetteer.prefix_matches(t, plan_region):  # deeper places first
            if end < len(t) and place.level != "national":
                yield (place, t[end:], True)
        if t[:1] in _PLACE_RELATIVE and len(t) > 1:
            region = self.relative(t[0], plan_region)
            if region is not None or lenient:
                yield (region, t[1:], True)
        for form, (_dept, char) in self.prefixed_index.items():
            if t == form:
                yield (self.relative(char, plan_region), t, True)
        yield (default, t, False)

    def _body(self, body: str) -> Dept | str | None:
        """The registry entry (or zone template) a region-less body names."""
        if body in self.prefixed_index:
            return self.prefixed_index[body][0]
        dept = self.local_index.get(body)
        if dept is not None:
            return dept
        zone = self._zone_body(body)
        if zone is not None:
            return zone
        return None

    def _zone_body(self, body: str) -> str | None:
        stripped = body
        for s in self.zone_strip:
            if stripped.endswith(s) and len(stripped) > len(s):
                stripped = stripped[: -len(s)]
                break
        if stripped in self.zone_generic:
            return "generic:" + stripped
        for suffix in self.zone_named_suffixes:
            if stripped.endswith(suffix) and len(stripped) > len(suffix) and stripped not in self.zone_generic:
                return "named:" + stripped
        return None

    def _build(self, body: str, region: Region, printed: str, explicit: bool) -> Canonical | None:
        target = self._body(body)
        if target is None:
            return None
        if isinstance(target, str):
            kind, _, zone = target.partition(":")
            if kind == "generic":
                name = self.zone_generic[zone].format(short=self.region_short(region))
            else:
                name = self.zone_template.format(region=self.region_form(region), name=zone)
            return Canonical(
                name, region, "zone", zone, self._method(printed, name), 1.0, None, region if explicit else None
            )
        if region.level == "national":
            return self._national(target, printed) if target.national_full else None
        dept_name = self.dept_name(target, region)
        if dept_name is None:
            return None
        # a city prints the kind of body it has (农业农村委); a county's 发改委 is its 发展和改革局
        name = _printed_kind(body, dept_name) if self.level_key(region) != "county" else dept_name
        return Canonical(
            name,
            region,
            target.category,
            self.dept_short(target, region),
            self._method(printed, name),
            1.0,
            target.key,
            region if explicit else None,
            self.successor_name(target, region),
        )

    # ------------------------------------------------------------------ names by level, eras
    def level_key(self, region: Region) -> str:
        """The key of a region's forms in the registry: its level, or ``municipality`` for a
        直辖市 (北京市, 天津市, 上海市, 重庆市: a province-level region named 市). A district of a
        直辖市 ranks as a prefecture, and its bodies are named like a city's (区发展和改革委员会)."""
        if region.level == "province" and region.name.endswith("市"):
            return "municipality"
        if region.level == "county":
            parent = self.gazetteer.parent(region)
            if parent is not None and parent.level == "province" and parent.name.endswith("市"):
                return "prefecture"
        return region.level

    @staticmethod
    def _by_level(forms: dict[str, str], key: str) -> str | None:
        """The form of ``forms`` for level ``key``. A 直辖市 without a form of its own takes the
        province's unless that is a 厅 (a 直辖市 has no 厅 but its 办公厅), else the prefecture's."""
        if key in forms:
            return forms[key]
        if key == "municipality":
            province = forms.get("province")
            if province and (not province.endswith("厅") or province.endswith("办公厅")):
                return province
            return forms.get("prefecture") or province
        return None

    def dept_short(self, dept: Dept, region: Region) -> str:
        """The usual abbreviation of ``dept`` at ``region``'s level (without the region)."""
        if region.level == "national":
            return dept.national_short or dept.national_full or dept.short
        return self._by_level(dept.short_by_level, self.level_key(region)) or dept.short

    def successor_name(self, dept: Dept, region: Region) -> str | None:
        """The canonical name, in ``region``, of the department that took ``dept`` over (None when
        it has no successor, or the name is still current there)."""
        if dept.successor is None or dept.successor not in self.depts:
            return None
        chain = {r.name for r in self.gazetteer.chain(region)}
        if chain & set(dept.current_in):
            return None
        return self.dept_name(self.depts[dept.successor], region)

    def dept_name(self, dept: Dept, region: Region) -> str | None:
        """The official name of ``dept`` in ``region`` (None if it has no form there)."""
        if region.level == "national":
            return dept.national_full
        level = self.level_key(region)
        special = dict(dept.by_region).get(region.name)
        if special is not None:
            return self.region_form(region) + special
        template = self._by_level(dept.template_by_level, level) or dept.template
        if template:
            above = self.gazetteer.chain(region)[1:]
            city = next((r for r in above if r.level == "prefecture"), None)
            if city is None and region.level == "county" and above and self.level_key(above[0]) == "municipality":
                city = above[0]  # a district of a 直辖市: 上海市公安局静安分局
            if "{city}" in template and city is None:
                return None
            return template.format(
                region=self.region_form(region),
                short=self.region_short(region),
                local=self.gazetteer.place(region).bare,
                local_short=self.region_short(region),
                city=city.name if city else "",
            )
        if not dept.full:
            return None
        full = self._by_level(dept.full, level) or dept.full.get("prefecture") or next(iter(dept.full.values()))
        return self.region_form(region) + full

    def _national(self, dept: Dept, printed: str) -> Canonical:
        nation = next((r for r in self.gazetteer.regions.values() if r.level == "national"), None)
        name = dept.national_full or printed
        successor = self.depts.get(dept.successor or "")
        return Canonical(
            name,
            nation,
            dept.category,
            dept.national_short or name,
            self._method(printed, name),
            1.0,
            dept.key,
            nation,
            successor.national_full if successor is not None else None,
        )

    @staticmethod
    def _method(printed: str, name: str) -> Method:
        return "exact" if printed == name else "rule"

    def _resolve_vertical(self, t: str) -> Canonical | None:
        for v in self.verticals:
            m = v.pattern.match(t)
            if m is None:
                continue
            place = self.places.get(m.group("place"))
            if place is None:  # a place written out in the pattern that the gazetteer lacks
                continue
            groups = m.groupdict()
            parent = self.places.get(groups.get("parent") or "")
            values = self._vertical_values(place, parent, groups.get("tail") or "")
            name = v.name_by_level.get(self.level_key(place), v.name_by_level.get(place.level, v.name))
            name = name.format(**values)
            successor = v.successor.format(**values) if v.successor else None
            return Canonical(name, place, "vertical", name, self._method(t, name), 1.0, None, place, successor)
        return None

    def _vertical_values(self, place: Region, parent: Region | None, tail: str) -> dict[str, str]:
        """The placeholders of a vertical agency's name (see the registry's ``vertical`` comment)."""
        chain = self.gazetteer.chain(place)
        city = next((r for r in chain if r.level == "prefecture"), None)
        province = next((r for r in chain if r.level == "province"), None)
        return {
            "place_short": self.region_short(place),
            "place_full": place.name,
            "place_form": self.region_form(place),
            "place_city": city.name if city else place.name,
            "place_province": province.name if province else place.name,
            "parent_short": self.region_short(parent) if parent else "",
            "parent_full": parent.name if parent else "",
            "tail": tail,
        }

    def _resolve_named(self, t: str, body: str, plan_region: Region | None) -> Canonical | None:
        """A self-named university or enterprise (山东大学, 国网烟台供电公司 is a vertical):
        its name as printed, in the region it starts with (none when it starts with none)."""
        for rule in self.named:
            if (
                len(t) >= rule.min_length
                and t.endswith(rule.endings)
                and not t.endswith(rule.exceptions)
                and t not in rule.endings
            ):
                if t[:1] in _RELATIVE:
                    return None  # 市职业学院: which one is not said
                region = self._explicit_region(body, plan_region)
                return Canonical(t, region, rule.category, t, "rule", 1.0, None, region)
        return None

    def _group_parts(self, t: str) -> tuple[str, str] | None:
        """(group name, tail) when ``t`` names a group, its members or its office."""
        for suffix in self.group_suffixes:
            i = t.rfind(suffix)
            if i < 0:
                continue
            name, tail = t[: i + len(suffix)], t[i + len(suffix) :]
            if tail in ("", *self.member_tails, *self.office_tails):
                return name, tail
        return None

    def _resolve_group(self, t: str, ctx: ResolveContext) -> Canonical | None:
        parts = self._group_parts(t)
        if parts is None:
            return None
        name, tail = parts
        region = self._explicit_region(name, ctx.region)
        if region is not None and not any(name.startswith(p) for p in self.place_names):
            name = self.region_form(region) + name[1:]  # 市知识产权…领导小组 → 烟台市知识产权…
        elif region is None:
            known = [g for g in ctx.groups if g.endswith(name)]
            if len(known) == 1:
                name = known[0]
                region = self._explicit_region(name, ctx.region)
            elif ctx.region is not None:
                region = ctx.region
                name = self.region_form(region) + name
        office = tail in self.office_tails
        full = name + tail if office else name
        category = "group_office" if office else "group"
        return Canonical(full, region, category, full, self._method(t, full), 1.0, None, region)

    def _first_place(self, text: str) -> int | None:
        """Where the first place name in ``text`` starts (a gazetteer scan, no regex over every name)."""
        for start, _end, form in self.gazetteer.scan(text):
            if form in self.places:
                return start
        return None

    def group_names(self, text: str) -> tuple[str, ...]:
        """Full names of groups a document prints with their region (威海市…专项小组)."""
        found: list[str] = []
        for suffix in self.group_suffixes:
            for m in re.finditer(re.escape(suffix), text):
                window = text[max(0, m.start() - 40) : m.start()]
                window = re.split(r"[\s，。；：、,.;:（）()《》“”]", window)[-1]
                start = self._first_place(window)
                if start is not None:
                    name = window[start:] + suffix
                    if name not in found:
                        found.append(name)
        return tuple(found)

    def _fuzzy(self, body: str, region: Region, explicit: bool) -> Canonical | None:
        if region.level == "national" or not self._local_choices:
            return None
        hit = process.extractOne(body, self._local_choices, scorer=fuzz.ratio)
        if hit is None:
            return None
        alias, score, _ = hit
        score /= 100.0
        if score < self.fuzzy_accept:
            return None
        dept = self.local_index[alias]
        name = self.dept_name(dept, region)
        if name is None:
            return None
        return Canonical(
            name,
            region,
            dept.category,
            self.dept_short(dept, region),
            "fuzzy",
            round(score, 3),
            dept.key,
            region if explicit else None,
            self.successor_name(dept, region),
        )


def _printed_kind(body: str, name: str) -> str:
    """The official name with the kind of body the text prints: a 委 where the level's usual
    form is a 局 (区农业农村委 → …农业农村委员会), a 局 where it is a 委员会 (发改局 → …发展和改革局).

    >>> _printed_kind("农业农村委", "上海市宝山区农业农村局"), _printed_kind("发改局", "济南市发展和改革委员会")
    ('上海市宝山区农业农村委员会', '济南市发展和改革局')
    """
    if body.endswith(("委", "委员会")) and name.endswith("局") and not name.endswith("分局"):
        return name[:-1] + "委员会"
    if body.endswith("局") and name.endswith("委员会"):
        return name[: -len("委员会")] + "局"
    return name


def _str_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _dept(entry: dict[str, Any], path: str) -> Dept:
    if "key" not in entry:
        raise RegistryError(f"{path}: a department entry has no key: {entry}")
    full = entry.get("full") or {}
    if isinstance(full, str):
        full = {"province": full, "prefecture": full, "county": full}
    national = entry.get("national") or {}
    short = entry.get("short", "")
    return Dept(
        key=str(entry["key"]),
        category=str(entry.get("category", "department")),
        full={str(k): str(v) for k, v in full.items()},
        template=entry.get("template"),
        template_by_level={str(k): str(v) for k, v in (entry.get("template_by_level") or {}).items()},
        short=short if isinstance(short, str) else str(short.get("prefecture", "")),
        short_by_level={str(k): str(v) for k, v in short.items()} if isinstance(short, dict) else {},
        aliases=_str_tuple(entry.get("aliases")),
        prefixed=_str_tuple(entry.get("prefixed")),
        parent_key=entry.get("parent_key"),
        national_full=national.get("full"),
        national_short=national.get("short"),
        national_aliases=_str_tuple(national.get("aliases")),
        successor=entry.get("successor"),
        until=entry.get("until"),
        by_region=tuple((str(k), str(v)) for k, v in (entry.get("by_region") or {}).items()),
        current_in=_str_tuple(entry.get("current_in")),
    )


def _places(gaz: Gazetteer) -> dict[str, Region]:
    """Every place form that names one region: keys, unique names, aliases, and the shorts the
    gazetteer keeps (烟台, 湘西州, 荣成 — a county's only when unique); not the nation."""
    return {
        form: gaz.regions[keys[0]]
        for form, keys in gaz.forms.items()
        if len(keys) == 1 and gaz.regions[keys[0]].level != "national"
    }


def _generic_shapes(spec: dict[str, Any]) -> tuple[re.Pattern[str], ...]:
    """The registry's ``generic_shapes``: regular expressions with ``{level}`` (a level word:
    区县, 乡镇（街道）…), ``{plural}`` (a level word that is plural by itself), ``{body}``
    (a collective noun: 人民政府, 部门, 单位…) and ``{some}`` (有关, 相关…) filled in from
    the lists beside them."""

    def alt(key: str) -> str:
        words = sorted((normalize_mention(w) for w in _str_tuple(spec.get(key))), key=len, reverse=True)
        return "(?:" + "|".join(re.escape(w) for w in words) + ")" if words else "(?!)"

    fill = {"level": alt("levels"), "plural": alt("plural"), "body": alt("bodies"), "some": alt("some")}
    out = []
    for pattern in _str_tuple(spec.get("patterns")):
        for name, value in fill.items():
            pattern = pattern.replace("{" + name + "}", value)
        out.append(re.compile(pattern))
    return tuple(out)


def _check_aliases(depts: dict[str, Dept], path: str) -> None:
    """An alias printed after a region prefix may name one entry only (and so may a national
    name): otherwise which one a document means would depend on the file's order."""
    local: dict[str, str] = {}
    national: dict[str, str] = {}
    for d in depts.values():
        if d.successor is not None and d.successor not in depts:
            raise RegistryError(f"{path}: {d.key}: successor {d.successor!r} is no department key")
        if d.parent_key is not None and d.parent_key not in depts:
            raise RegistryError(f"{path}: {d.key}: parent_key {d.parent_key!r} is no department key")
        for a in set(d.aliases) if d.local else ():
            if local.setdefault(a, d.key) != d.key:
                raise RegistryError(f"{path}: alias {a} is listed under {local[a]} and {d.key}")
        for a in {*d.national_aliases, *([d.national_full] if d.national_full else [])}:
            if national.setdefault(a, d.key) != d.key:
                raise RegistryError(f"{path}: national name {a} is listed under {national[a]} and {d.key}")


@lru_cache(maxsize=4)
def _load(path: str, regions: str) -> Registry:
    data = read_yaml(path, RegistryError, "the unit registry")
    if not isinstance(data, dict) or not isinstance(data.get("departments"), list):
        raise RegistryError(f"{path}: expected a mapping with a `departments` list")
    gaz = Gazetteer.load(Path(regions) if regions else None)
    depts: dict[str, Dept] = {}
    for d in (_dept(e, path) for e in data["departments"]):
        if d.key in depts:
            raise RegistryError(f"{path}: department key {d.key} is used twice")
        depts[d.key] = d
    _check_aliases(depts, path)
    local: dict[str, Dept] = {}
    national: dict[str, Dept] = {}
    prefixed: dict[str, tuple[Dept, str]] = {}
    for d in depts.values():
        if d.local:
            for a in d.aliases:
                local.setdefault(a, d)
            for form in d.prefixed:
                for char in _RELATIVE:
                    prefixed[form.format(p=char)] = (d, char)
        for a in d.national_aliases:
            national.setdefault(a, d)
        if d.national_full:
            national.setdefault(d.national_full, d)
    explicit = {a: d for a, d in national.items() if a not in local}
    places = _places(gaz)
    place_alt = _PLACE_GROUP  # checked against the gazetteer when matched (``_resolve_vertical``)
    verticals = [
        _Vertical(
            str(v["key"]),
            re.compile(str(v["pattern"]).replace("{place}", place_alt)),
            v["name"] if isinstance(v["name"], str) else str(v["name"].get("prefecture", "")),
            {str(k): str(n) for k, n in v["name"].items()} if isinstance(v["name"], dict) else {},
            v.get("successor"),
        )
        for v in data.get("vertical") or []
    ]
    zones = data.get("zones") or {}
    generic = {str(a): str(z["template"]) for z in zones.get("generic") or [] for a in z["aliases"]}
    groups = data.get("groups") or {}
    fuzzy = data.get("fuzzy") or {}
    reg = Registry(
        gazetteer=gaz,
        depts=depts,
        local_index=local,
        national_index=national,
        national_explicit=explicit,
        prefixed_index=prefixed,
        verticals=verticals,
        zone_generic=generic,
        zone_named_suffixes=_str_tuple(zones.get("named_suffixes")),
        zone_template=str(zones.get("template", "{region}{name}管委会")),
        zone_strip=_str_tuple(zones.get("strip")),
        group_suffixes=_str_tuple(groups.get("suffixes")),
        member_tails=_str_tuple(groups.get("member_tails")),
        office_tails=_str_tuple(groups.get("office_tails")),
        member_list_heading=str(groups.get("member_list_heading", "成员名单")),
        clause_labels={str(k): v for k, v in (data.get("clause_labels") or {}).items()},
        clause_verbs={str(k): v for k, v in (data.get("clause_verbs") or {}).items()},
        list_tails=_str_tuple(data.get("list_tails")),
        generic_items=frozenset(_str_tuple(data.get("generic_items"))),
        generic_shapes=_generic_shapes(data.get("generic_shapes") or {}),
        named=tuple(
            _Named(
                str(n["category"]), _str_tuple(n["endings"]), int(n.get("min_length", 4)), _str_tuple(n.get("except"))
            )
            for n in data.get("named") or []
        ),
        unit_endings=_str_tuple(data.get("unit_endings")),
        titles=tuple(sorted(_str_tuple(data.get("titles")), key=len, reverse=True)),
        fuzzy_accept=float(fuzzy.get("accept", 0.8)),
        fuzzy_review=float(fuzzy.get("review", 0.9)),
    )
    reg.places = places
    reg.place_names = tuple(sorted(places, key=len, reverse=True))
    reg._local_choices = sorted(local)
    return reg
