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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from graph.datafile import read_yaml
from graph.model import Region
from loaders.built_cache import cached_build
from loaders.gazetteer import Gazetteer, default_divisions_path, default_zones_path
from loaders.registry_fuzzy import RegistryFuzzy
from loaders.registry_load import _check_aliases, _dept, _generic_shapes, _places, _str_tuple, zone_bodies
from loaders.registry_model import (
    _DIVISION_ENDINGS,
    _PLACE_GROUP,
    _RELATIVE,
    GENERIC,
    GLOBAL_CATEGORIES,
    OTHER_NAME,
    Canonical,
    Dept,
    Method,
    RegistryError,
    ResolveContext,
    ZoneBody,
    _Named,
    _Vertical,
    default_registry_path,
    default_zone_bodies_path,
    normalize_mention,
)
from loaders.registry_names import _SECTOR_TAILS

#: What a bureau's own units end with after its name (市市场监管局石岛分局, 市公安局交警支队).
_SUB_UNIT_ENDINGS = ("分局", "支队", "大队", "中队", "监察大队", "执法队", "所", "站")
#: How a bureau's own plan prints itself before its divisions (市局特种设备安全监察处).
_OWN_BUREAU = ("市局", "区局", "县局", "省局", "本局")

__all__ = [
    "GENERIC",
    "GLOBAL_CATEGORIES",
    "Canonical",
    "Dept",
    "Method",
    "Registry",
    "RegistryError",
    "ResolveContext",
    "default_registry_path",
    "normalize_mention",
]


@dataclass
class Registry(RegistryFuzzy):
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
    list_tails: tuple[str, ...]
    generic_items: frozenset[str]
    generic_shapes: tuple[re.Pattern[str], ...]
    named: tuple[_Named, ...]
    unit_endings: tuple[str, ...]
    titles: tuple[str, ...]
    fuzzy_accept: float
    fuzzy_review: float
    zone_bodies: dict[str, dict[str, ZoneBody]] = field(default_factory=dict)
    places: dict[str, Region] = field(default_factory=dict)
    place_names: tuple[str, ...] = ()
    _local_choices: list[str] = field(default_factory=list)
    _cache: dict[tuple[str, str, str, tuple[str, ...], str], Canonical] = field(default_factory=dict)

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: Path | None = None, regions: Path | None = None) -> Registry:
        """The registry (cached per path pair)."""
        return _load(str(path or default_registry_path()), str(regions) if regions else "")

    # ------------------------------------------------------------------ regions

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
        bare = t[1:] if t[:1] in _RELATIVE else t
        if any(bare in forms for forms in self.zone_bodies.values()):
            return True  # 区交建局: an organ of a zone with its own bodies
        t = t.removeprefix("中共")
        for _region, body, explicit in self._prefix_candidates(t, None, lenient=True):
            if self._body(body) is not None or (explicit and self._sector_body(body) is not None):
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
            t = normalize_mention(text)
            hit = self._resolve(t, ctx)
            bare = OTHER_NAME.sub("", t)
            if hit.method == "unresolved" and bare and bare != t:  # 区委组织部（区公务员局）: by its first name
                other = self._resolve(bare, ctx)
                hit = other if other.method != "unresolved" else hit
            self._cache[key] = hit
        return hit

    def _resolve(self, t: str, ctx: ResolveContext) -> Canonical:
        t = self.strip_tail(t)
        if self.is_generic(t):
            return self.generic(t, ctx.region)
        own = self._zone_committee(t, ctx.region) or self._park_committee(t, ctx.region)
        if own is not None:
            return own
        group = None if t.startswith("各") else self._resolve_group(t, ctx)  # 各联席会议成员单位: members, placeholder
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
            found = self._zone_organ(body, region, explicit) or self._build(body, region, t, explicit)
            if found is None and (explicit or ctx.inherited is not None):  # 市安全监管部门, 省发展改革
                found = self._zone_sector(body, region, explicit) or self._build(body, region, t, explicit, sector=True)
            if found is not None:
                return found
        of_bureau = self._division_of_bureau(t, ctx)
        if of_bureau is not None:
            return of_bureau
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
        if best is not None and t.endswith(("处", "科")):  # 农业农村处 in a bureau's plan: its own 处, not a near 局
            best = self._division(t, ctx) or best
        if best is not None:
            return best
        printed_region = self._explicit_region(body_text, ctx.region)
        own = self._division(t, ctx) if t[:2] in _OWN_BUREAU else None  # 市局执法稽查处: the issuer's
        shaped = (
            own or self._by_shape(t, body_text, printed_region, ctx) or self._division(t, ctx) or self._township(t, ctx)
        )
        if shaped is not None:
            return shaped
        where = printed_region or first_region or default or ctx.region
        return Canonical(t, where, "unresolved", t, "unresolved", None, explicit_region=printed_region)

    def _division_of_bureau(self, t: str, ctx: ResolveContext) -> Canonical | None:
        """区经发局经信处, 市市场监管局石岛分局: a division or branch printed after the short name of its
        bureau is that bureau's (平潭综合实验区经济发展局经信处, 荣成市市场监督管理局石岛分局), once the bureau
        resolves by rule (named by shape: to confirm)."""
        if not t.endswith((*_DIVISION_ENDINGS, *_SUB_UNIT_ENDINGS)) or t[:2] in _OWN_BUREAU:
            return None
        k = max(t.rfind(c, 0, len(t) - 2) for c in "局委办")
        if k < 2 or len(t) - k - 1 < 3:
            return None
        bureau = self.resolve(t[: k + 1], ctx)
        if bureau.method not in ("rule", "exact") or bureau.category == GENERIC:
            return None
        division = t[k + 1 :]
        return replace(
            bureau, name=bureau.name + division, short=bureau.short + division, method="pattern", score=None, key=None
        )

    def _zone_committee(self, t: str, region: Region | None) -> Canonical | None:
        """区管委会 (管委会, 实验区管委会) in a zone's plan: the zone's administrative committee, its
        government (平潭综合实验区管理委员会)."""
        if region is None or not self.gazetteer.is_zone(region):
            return None
        rest = t.removeprefix(region.name)
        rest = rest[1:] if rest[:1] in _RELATIVE else rest.removeprefix("实验区").removeprefix("开发区")
        if rest not in ("管委会", "管理委员会"):
            return None
        name = region.name + "管理委员会"
        return Canonical(name, region, "government", "管委会", "rule", 1.0, "government", region)

    def _park_committee(self, t: str, near: Region | None) -> Canonical | None:
        """丰台园管委会, 丽泽金融商务区管委会: the committee of a park or district the gazetteer lists
        (中关村科技园区丰台园管理委员会), printed bare or after its own regions (区…, 北京市丰台区…).
        A short zone name counts only in a plan of the committee's province."""
        body = next((t[: -len(s)] for s in ("管理委员会", "管委会", "管委") if t.endswith(s)), None)
        if not body:
            return None
        for i in range(len(body) - 1):
            found = self.gazetteer.committees.get(body[i:])
            if found is None:
                continue
            home = self.gazetteer.regions[found.parent]
            chain = self.gazetteer.chain(home)
            prefix = body[:i]
            forms = {
                f for r in chain if r.level != "national" for f in (r.name, self.region_form(r), self.region_short(r))
            }
            while prefix and (
                head := next((f for f in sorted(forms, key=len, reverse=True) if f and prefix.startswith(f)), None)
            ):
                prefix = prefix[len(head) :]
            if prefix not in ("", *_RELATIVE):
                continue
            explicit = body[:i] not in ("", *_RELATIVE)
            province = chain[-2] if len(chain) > 1 else home
            if not (found.full or explicit or (near is not None and province in self.gazetteer.chain(near))):
                continue
            short = body[i:] + "管委会"
            return Canonical(found.name, home, "zone", short, "rule", 1.0, None, home if explicit else None)
        return None

    def _zone_sector(self, body: str, region: Region, explicit: bool) -> Canonical | None:
        """区财政 in 平潭's plan: the one organ of a zone with its own bodies whose name the sector
        word opens (平潭综合实验区财政金融局)."""
        forms = self.zone_bodies.get(region.name)
        stem = body[1:] if body[:1] in _RELATIVE else body
        stem = next((stem[: -len(t)] for t in _SECTOR_TAILS if stem.endswith(t)), stem)
        if not forms or len(stem) < 2:
            return None
        hits = {b.name: b for b in forms.values() if b.name.removeprefix(region.name).startswith(stem)}
        if len(hits) != 1:
            return None
        found = next(iter(hits.values()))
        where = region if explicit else None
        return Canonical(found.name, region, found.category, found.short, "rule", 1.0, None, where, found.successor)

    def _zone_organ(self, body: str, region: Region, explicit: bool) -> Canonical | None:
        """An organ of a zone with its own bodies (平潭综合实验区: 区交建局 → 平潭综合实验区交通与建设局)."""
        forms = self.zone_bodies.get(region.name)
        if not forms:
            return None
        found = forms.get(body) or (forms.get(body[1:]) if body[:1] in _RELATIVE else None)
        if found is None:
            return None
        return Canonical(
            found.name,
            region,
            found.category,
            found.short,
            "rule",
            1.0,
            None,
            region if explicit else None,
            found.successor,
        )

    # ------------------------------------------------------------------ names by level, eras


@lru_cache(maxsize=4)
def _load(path: str, regions: str) -> Registry:
    """Built once per process, and once per set of inputs on disk (``loaders.built_cache``)."""
    divisions = regions or str(default_divisions_path())
    inputs = (path, divisions, str(default_zones_path()), str(default_zone_bodies_path()))
    return cached_build("registry", inputs, lambda: _build(path, regions))


def _build(path: str, regions: str) -> Registry:
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
            v.get("place"),
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
        zone_bodies=zone_bodies(str(default_zone_bodies_path())),
    )
    reg.places = places
    reg.place_names = tuple(sorted(places, key=len, reverse=True))
    reg._local_choices = sorted(local)
    return reg
