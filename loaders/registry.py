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
    "Canonical",
    "Dept",
    "Registry",
    "RegistryError",
    "ResolveContext",
    "default_registry_path",
    "normalize_mention",
]

Method = Literal["exact", "rule", "fuzzy", "decision", "unresolved"]
_RELATIVE = "省市区县"
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

    @property
    def local(self) -> bool:
        """True when the entry has a form below the national level."""
        return bool(self.full or self.template)


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

    @property
    def id(self) -> str:
        """The unit id (``unit:?<region>/<text>`` for an unresolved name)."""
        if self.method == "unresolved":
            return f"unit:?{self.region.name if self.region else ''}/{self.name}"
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


@dataclass(frozen=True)
class _Vertical:
    key: str
    pattern: re.Pattern[str]
    name: str


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
    unit_endings: tuple[str, ...]
    titles: tuple[str, ...]
    fuzzy_accept: float
    fuzzy_review: float
    places: dict[str, Region] = field(default_factory=dict)
    place_names: tuple[str, ...] = ()
    _place_re: re.Pattern[str] = re.compile("(?!)")
    _local_choices: list[str] = field(default_factory=list)
    _cache: dict[tuple[str, str, str, tuple[str, ...]], Canonical] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: Path | None = None, regions: Path | None = None) -> Registry:
        """The registry (cached per path pair)."""
        return _load(str(path or default_registry_path()), str(regions) if regions else "")

    # ------------------------------------------------------------------ regions
    def region_form(self, region: Region) -> str:
        """The region as it opens an official name (a district carries its city: 杭州市西湖区)."""
        parent = self.gazetteer.parent(region)
        if (
            region.level == "county"
            and region.name.endswith("区")
            and parent is not None
            and parent.level == "prefecture"
            and not region.name.startswith(parent.name)
        ):
            return parent.name + region.name
        return region.name

    def region_short(self, region: Region) -> str:
        """The short place name (烟台, 荣成): the gazetteer's, else the name less 市/县/省."""
        for short, full in self.gazetteer.shorts.items():
            if full == region.name:
                return short
        name = region.name
        if len(name) >= 3 and name[-1] in "市县省区":
            return name[:-1]
        return name

    def relative(self, char: str, plan_region: Region | None) -> Region | None:
        """What 省/市/区/县 means in a plan of ``plan_region`` (None when it names no one region)."""
        if plan_region is None:
            return None
        chain = self.gazetteer.chain(plan_region)
        if char == "省":
            return next((r for r in chain if r.level == "province"), None)
        if char == "市":
            for r in chain:
                if r.level in ("prefecture", "county") and r.name.endswith("市"):
                    return r
                if r.level == "province":
                    return None
            return None
        if char in "区县":
            return plan_region if plan_region.level == "county" and plan_region.name.endswith(char) else None
        return None

    # ------------------------------------------------------------------ shapes
    def strip_tail(self, text: str) -> str:
        """``市场监督管理局等部门`` → ``市场监督管理局``."""
        for tail in self.list_tails:
            if text.endswith(tail) and len(text) > len(tail):
                return text[: -len(tail)]
        return text

    def is_generic(self, text: str) -> bool:
        """True for items that name nobody (有关部门, 单位)."""
        return text in self.generic_items

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
        )
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(normalize_mention(text), ctx)
            self._cache[key] = hit
        return hit

    def _resolve(self, t: str, ctx: ResolveContext) -> Canonical:
        t = self.strip_tail(t)
        group = self._resolve_group(t, ctx)
        if group is not None:
            return group
        vertical = self._resolve_vertical(t)
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
        if best is not None:
            return best
        printed_region = self._explicit_region(body_text, ctx.region)
        where = printed_region or first_region or default or ctx.region
        return Canonical(t, where, "unresolved", t, "unresolved", None, explicit_region=printed_region)

    def _explicit_region(self, t: str, plan_region: Region | None) -> Region | None:
        for name in self.place_names:
            if t.startswith(name) and len(t) > len(name):
                return self.places[name]
        if t[:1] in _RELATIVE and len(t) > 1:
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
        for name in self.place_names:
            if t.startswith(name) and len(t) > len(name):
                place = self.places[name]
                rest = t[len(name) :]
                for inner in self.place_names:  # 杭州市西湖区…: the deeper place wins
                    inner_region = self.places[inner]
                    if (
                        rest.startswith(inner)
                        and len(rest) > len(inner)
                        and self.gazetteer.parent(inner_region) == place
                    ):
                        yield (inner_region, rest[len(inner) :], True)
                yield (place, rest, True)
        if t[:1] in _RELATIVE and len(t) > 1:
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
        name = dept_name
        return Canonical(
            name,
            region,
            target.category,
            target.short_by_level.get(region.level, target.short),
            self._method(printed, name),
            1.0,
            target.key,
            region if explicit else None,
        )

    def dept_name(self, dept: Dept, region: Region) -> str | None:
        """The official name of ``dept`` in ``region`` (None if it has no form there)."""
        if region.level == "national":
            return dept.national_full
        level = region.level
        template = dept.template_by_level.get(level) or dept.template
        if template:
            city = next((r for r in self.gazetteer.chain(region)[1:] if r.level == "prefecture"), None)
            if "{city}" in template and city is None:
                return None
            return template.format(
                region=self.region_form(region),
                short=self.region_short(region),
                local=region.name,
                local_short=self.region_short(region),
                city=city.name if city else "",
            )
        if not dept.full:
            return None
        full = dept.full.get(level) or dept.full.get("prefecture") or next(iter(dept.full.values()))
        return self.region_form(region) + full

    def _national(self, dept: Dept, printed: str) -> Canonical:
        nation = next((r for r in self.gazetteer.regions.values() if r.level == "national"), None)
        name = dept.national_full or printed
        return Canonical(
            name,
            nation,
            dept.category,
            dept.national_short or name,
            self._method(printed, name),
            1.0,
            dept.key,
            nation,
        )

    @staticmethod
    def _method(printed: str, name: str) -> Method:
        return "exact" if printed == name else "rule"

    def _resolve_vertical(self, t: str) -> Canonical | None:
        for v in self.verticals:
            m = v.pattern.match(t)
            if m is None:
                continue
            place = self.places[m.group("place")]
            groups = m.groupdict()
            parent = self.places.get(groups.get("parent") or "")
            name = v.name.format(
                place_short=self.region_short(place),
                place_full=place.name,
                parent_short=self.region_short(parent) if parent else "",
                tail=groups.get("tail") or "",
            )
            return Canonical(name, place, "vertical", name, self._method(t, name), 1.0, None, place)
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

    def group_names(self, text: str) -> tuple[str, ...]:
        """Full names of groups a document prints with their region (威海市…专项小组)."""
        found: list[str] = []
        for suffix in self.group_suffixes:
            for m in re.finditer(re.escape(suffix), text):
                window = text[max(0, m.start() - 40) : m.start()]
                window = re.split(r"[\s，。；：、,.;:（）()《》“”]", window)[-1]
                place = self._place_re.search(window)
                if place is not None:
                    name = window[place.start() :] + suffix
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
            dept.short_by_level.get(region.level, dept.short),
            "fuzzy",
            round(score, 3),
            dept.key,
            region if explicit else None,
        )


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
    )


def _places(gaz: Gazetteer) -> dict[str, Region]:
    """Full names, the gazetteer's shorts, and county shorts (荣成) that are unique."""
    places: dict[str, Region] = {}
    for name, region in gaz.regions.items():
        if region.level != "national":
            places[name] = region
    for short, full in gaz.shorts.items():
        if gaz.regions[full].level != "national":
            places.setdefault(short, gaz.regions[full])
    derived: dict[str, list[Region]] = {}
    for name, region in gaz.regions.items():
        if region.level == "county" and len(name) >= 3 and name[-1] in "市县区" and name[0] not in _RELATIVE:
            derived.setdefault(name[:-1], []).append(region)
    for short, regions in derived.items():
        if len(regions) == 1 and short not in places:
            places[short] = regions[0]
    return places


@lru_cache(maxsize=4)
def _load(path: str, regions: str) -> Registry:
    data = read_yaml(path, RegistryError, "the unit registry")
    if not isinstance(data, dict) or not isinstance(data.get("departments"), list):
        raise RegistryError(f"{path}: expected a mapping with a `departments` list")
    gaz = Gazetteer.load(Path(regions) if regions else None)
    depts = {d.key: d for d in (_dept(e, path) for e in data["departments"])}
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
    place_alt = "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True))
    verticals = [
        _Vertical(str(v["key"]), re.compile(str(v["pattern"]).replace("{place}", place_alt)), str(v["name"]))
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
        unit_endings=_str_tuple(data.get("unit_endings")),
        titles=tuple(sorted(_str_tuple(data.get("titles")), key=len, reverse=True)),
        fuzzy_accept=float(fuzzy.get("accept", 0.8)),
        fuzzy_review=float(fuzzy.get("review", 0.9)),
    )
    reg.places = places
    reg.place_names = tuple(sorted(places, key=len, reverse=True))
    reg._place_re = re.compile("|".join(re.escape(p) for p in reg.place_names))
    reg._local_choices = sorted(local)
    return reg
