"""The region gazetteer: every division of China (``data/divisions.tsv``) and the
functional zones that plan on their own (``data/zones.yaml``).

Used to decide what 市/省/区/县/州/盟/旗 mean in a document, to place plans in the
region hierarchy, and to name units ``<region><department>``.

Keys. A region is known by its official name (烟台市, 湘西土家族苗族自治州); a
county-level name printed in several prefectures (鼓楼区 ×4, 朝阳区 …) is keyed
``<parent><name>`` (南京市鼓楼区, 北京市朝阳区) and its bare name is only read
next to its parent (杭州市西湖区…) or near the plan's own region. Short names
(烟台, 湘西州/湘西, 内蒙古, 荣成) are kept when one region owns them; when a
province, a prefecture and a county share one (吉林, 海南, 兴安) the higher level
keeps it.

Lookups never scan the whole list: every printed form (name, alias, short) is in
one dict, and a dict from each form's first two characters to the lengths of
the forms starting with them makes a prefix lookup a handful of dict probes and
a scan of a text (``mentions``) linear in its length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.datafile import TEXT, Alt, Map, Rec, Seq, read_yaml
from graph.errors import PlankgError
from graph.model import LEVEL_ORDER, Level, Region

__all__ = ["Committee", "Gazetteer", "Place", "default_divisions_path", "default_regions_path", "default_zones_path"]

NATION = "中华人民共和国"
_NATION_FORMS = ("国家", "全国", "中国", NATION)
_DATA = Path(__file__).resolve().parent.parent / "data"
_TEXTS = Alt((TEXT, Seq(TEXT)))
#: The schema of ``data/zones.yaml`` (see the comment at its top).
ZONES_SCHEMA = Rec(
    {
        "zones": Seq(
            Rec(
                {
                    "name": TEXT,
                    "kind": TEXT,
                    "aliases": _TEXTS,
                    "shorts": _TEXTS,
                    "parent": TEXT,
                    "rank": TEXT,
                    "division": TEXT,
                    "governs": TEXT,
                },
                required=("name",),
            )
        ),
        "patterns": Rec({"suffixes": _TEXTS, "canonical": Map(TEXT), "kind": TEXT, "rank": TEXT}),
        "committees": Seq(
            Rec({"name": TEXT, "parent": TEXT, "full": _TEXTS, "shorts": _TEXTS}, required=("name", "parent"))
        ),
    }
)
#: Relative prefixes (市市场监管局): a short starting with one is not kept.
_RELATIVE_CHARS = "省市区县州盟旗"
#: Division names that are also common words: keys, but never read in running text.
_NOT_SCANNED = frozenset({"城区", "郊区", "矿区"})
#: The 15 副省级 cities.
_SUB_PROVINCIAL = frozenset(
    {"广州市", "武汉市", "哈尔滨市", "沈阳市", "成都市", "南京市", "西安市", "长春市"}
    | {"济南市", "杭州市", "大连市", "青岛市", "深圳市", "厦门市", "宁波市"}
)
_LEVELS: dict[str, Level] = {"province": "province", "prefecture": "prefecture", "county": "county"}


def default_divisions_path() -> Path:
    """``data/divisions.tsv`` of this checkout (the official division list)."""
    return _DATA / "divisions.tsv"


def default_zones_path() -> Path:
    """``data/zones.yaml`` of this checkout (functional zones)."""
    return _DATA / "zones.yaml"


def default_regions_path() -> Path:
    """The gazetteer's main file (kept for callers of the old name)."""
    return default_divisions_path()


@dataclass(frozen=True)
class Place:
    """What the gazetteer knows of a region beyond :class:`Region`."""

    bare: str  # the name as printed on its own (鼓楼区 for the key 南京市鼓楼区)
    kind: str  # 省 直辖市 自治区 地级市 自治州 地区 盟 市辖区 县 县级市 旗 … or the zone's kind
    shorts: tuple[str, ...] = ()  # candidate shorts, most used first (湘西州, 湘西)
    zone: bool = False  # a functional zone (curated, or read by pattern)


@dataclass(frozen=True)
class Committee:
    """The administrative committee of a park or district that plans inside a division
    (``committees`` of ``data/zones.yaml``): 丰台园管委会 is 中关村科技园区丰台园管理委员会."""

    name: str  # the official name
    parent: str  # the key of the division it sits in
    full: bool  # printed under a full zone name (read anywhere), not a short one (read near home)


@dataclass
class Gazetteer:
    """Regions by key, with short names, parents and a prefix index."""

    regions: dict[str, Region]
    shorts: dict[str, str]  # short name -> key (only shorts one region owns)
    info: dict[str, Place] = field(default_factory=dict)
    #: every printed form (key, bare unique name, alias, short) -> keys it may mean (several: 鼓楼区)
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: forms that count in ``mentions`` (names, aliases, shorts above county level or of zones)
    counted: frozenset[str] = frozenset()
    zone_suffixes: tuple[str, ...] = ()
    zone_canonical: dict[str, str] = field(default_factory=dict)
    zone_rank: Level = "county"
    zone_kind: str = "开发区"
    _lens: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _zones: dict[str, Region] = field(default_factory=dict)  # zones read by pattern, made on demand
    _bare: dict[str, tuple[str, ...]] = field(default_factory=dict)  # every bare name -> keys, code order
    _governs: dict[str, str] = field(default_factory=dict)  # zone key -> the county it governs
    #: zone name as printed before 管理委员会/管委会 (丰台园, 丰台园区) -> its committee
    committees: dict[str, Committee] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None, zones: Path | None = None) -> Gazetteer:
        """Read the gazetteer (cached per path): the division list (a ``.tsv``) and the
        zones; a ``.yaml`` path is a hand-written region tree (name, short, level, children)."""
        if path is None:
            return _load(str(default_divisions_path()), str(zones or default_zones_path()))
        return _load(str(path), str(zones) if zones else "")

    # ------------------------------------------------------------------ lookups
    def get(self, name: str) -> Region | None:
        """A region by key, unique name, alias or short (烟台市, 烟台, 湘西州, 河北雄安新区),
        a zone read by pattern (烟台经济技术开发区), or the nation (国家)."""
        region = self.regions.get(name)
        if region is not None:
            return region
        if name in _NATION_FORMS:
            return self.regions.get(NATION)
        keys = self._bare.get(name) or self.forms.get(name)
        if keys:  # a bare name of several (西湖区): the most prominent (``_prominence``); pass the key to be sure
            return self.regions[keys[0]]
        return self._pattern_zone(name)

    def lookup(self, form: str) -> tuple[Region, ...]:
        """Every region a printed form may mean (several for 鼓楼区)."""
        return tuple(self.regions[k] for k in self.forms.get(form, ()))

    def parent(self, region: Region) -> Region | None:
        """The region one level up (None for the nation)."""
        if region.parent_id is None:
            return None
        key = region.parent_id.removeprefix("region:")
        return self.regions.get(key) or self._zones.get(key)

    def chain(self, region: Region) -> list[Region]:
        """The region and all its ancestors, nearest first."""
        out = [region]
        while (p := self.parent(out[-1])) is not None and len(out) < 8:
            out.append(p)
        return out

    def place(self, region: Region) -> Place:
        """Kind, bare name and shorts of a region."""
        found = self.info.get(region.name)
        if found is None:
            return Place(region.name, "", (), region.name in self._zones)
        return found

    def kind(self, region: Region) -> str:
        """The division type (地级市, 自治州, 市辖区, 旗 …) or the zone's kind."""
        return self.place(region).kind

    def governed(self, region: Region) -> Region | None:
        """The county a zone governs (平潭综合实验区 → 平潭县): what 县 means in the zone's plans."""
        key = self._governs.get(region.name)
        return self.regions.get(key) if key else None

    def is_former(self, region: Region) -> bool:
        """True for a county known by its name before it became a district or city (崇明县)."""
        return self.place(region).kind == FORMER_COUNTY

    def is_zone(self, region: Region) -> bool:
        """True for a functional zone (平潭综合实验区, 烟台经济技术开发区 …)."""
        return self.place(region).zone

    def short(self, region: Region) -> str | None:
        """The region's own short name if it owns one (烟台, 湘西, 荣成), shortest first."""
        own = [s for s in self.place(region).shorts if self.shorts.get(s) == region.name]
        return min(own, key=len) if own else None

    # ------------------------------------------------------------------ prefixes
    def _at(self, text: str, i: int) -> Iterator[tuple[str, int]]:
        """(form, end) of every form starting at ``text[i]``, longest first."""
        for n in self._lens.get(text[i : i + 2], ()):
            form = text[i : i + n]
            if len(form) == n and form in self.forms:
                yield form, i + n

    def prefix_matches(self, text: str, near: Region | None = None) -> list[tuple[Region, int]]:
        """(region, end) for every region whose name or short opens ``text``, longest first;
        a place printed inside its parent counts as the deeper one (杭州市西湖区… → 西湖区 of
        杭州市, end 6). A bare name of several regions (鼓楼区) is read as the one nearest
        ``near`` (the plan's region), and dropped when none is near."""
        out: list[tuple[Region, int]] = []
        for form, end in self._at(text, 0):
            for region in self._pick(form, near):
                out.append((region, end))
                self._deeper(text, region, end, out)
        seen: set[tuple[str, int]] = set()
        unique: list[tuple[Region, int]] = []
        for region, end in sorted(out, key=lambda h: -h[1]):
            if (region.id, end) not in seen:
                seen.add((region.id, end))
                unique.append((region, end))
        return unique

    def prefixes(self, text: str, near: Region | None = None) -> list[Region]:
        """Regions whose name or short is a prefix of ``text``, longest first (see ``prefix_matches``)."""
        out: list[Region] = []
        for region, _ in self.prefix_matches(text, near):
            if region not in out:
                out.append(region)
        return out

    def _deeper(self, text: str, outer: Region, start: int, out: list[tuple[Region, int]]) -> None:
        zone = self._zone_at(text, outer, start)
        if zone is not None:
            out.append(zone)
        if start >= len(text):
            return
        for form, end in self._at(text, start):
            for key in self.forms[form]:
                inner = self.regions[key]
                if inner is not outer and outer in self.chain(inner)[1:]:
                    out.append((inner, end))
                    self._deeper(text, inner, end, out)

    def _zone_at(self, text: str, place: Region, start: int) -> tuple[Region, int] | None:
        if place.level == "national" or self.is_zone(place):
            return None
        for suffix in self.zone_suffixes:
            if text.startswith(suffix, start):
                zone = self._pattern_zone_of(place, suffix)
                return (zone, start + len(suffix)) if zone else None
        return None

    def _pick(self, form: str, near: Region | None) -> list[Region]:
        keys = self.forms[form]
        if len(keys) == 1:
            region = self.regions[keys[0]]
            if region.level == "county" and form != region.name and not self._same_province(region, near):
                return []  # 公安 (公安县) in 公安青浦分局: a county's bare short only near home
            return [region]
        if near is None:
            return []
        around = {r.id: depth for depth, r in enumerate(self.chain(near))}
        best: tuple[int, Region] | None = None
        tie = False
        for key in keys:
            region = self.regions[key]
            depth = next((around[r.id] for r in self.chain(region) if r.id in around), None)
            if depth is None or depth >= len(around) - 1:  # shares only the nation: not near
                continue
            if best is None or depth < best[0]:
                best, tie = (depth, region), False
            elif depth == best[0]:
                tie = True
        return [best[1]] if best and not tie else []

    def _same_province(self, region: Region, near: Region | None) -> bool:
        if near is None:
            return False
        province = next((r for r in self.chain(region) if r.level == "province"), None)
        return province is not None and province in self.chain(near)

    # ------------------------------------------------------------------ scanning
    def scan(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, form) of the place forms in ``text``, leftmost-longest, not overlapping."""
        i, n = 0, len(text)
        lens = self._lens
        forms = self.forms
        while i < n - 1:
            for size in lens.get(text[i : i + 2], ()):
                form = text[i : i + size]
                if form in forms and len(form) == size:
                    yield i, i + size, form
                    i += size
                    break
            else:
                i += 1

    def mentions(self, text: str) -> Counter[str]:
        """How often each region is named in ``text`` (names and aliases; shorts above county
        level or of zones), keys as in ``regions``; linear in the text."""
        counts: Counter[str] = Counter()
        for _, _, form in self.scan(text):
            keys = self.forms[form]
            if len(keys) == 1 and form in self.counted:
                counts[keys[0]] += 1
        return counts

    # ------------------------------------------------------------------ zones by pattern
    def _pattern_zone(self, name: str) -> Region | None:
        if name in self._zones:
            return self._zones[name]
        for suffix in self.zone_suffixes:
            if name.endswith(suffix) and len(name) > len(suffix):
                head = name[: -len(suffix)]
                place = self.get(head) if head in self.regions or head in self.forms else None
                if place is not None and place.level != "national" and not self.is_zone(place):
                    return self._pattern_zone_of(place, suffix)
        return None

    def _pattern_zone_of(self, place: Region, suffix: str) -> Region | None:
        name = (self.short(place) or self.place(place).bare) + self.zone_canonical.get(suffix, suffix)
        if name in self.regions:
            return self.regions[name]
        zone = self._zones.get(name)
        if zone is None:
            zone = Region(id=f"region:{name}", name=name, level=self.zone_rank, parent_id=place.id)
            self._zones[name] = zone
        return zone


# ---------------------------------------------------------------------------- building
@dataclass
class _Builder:
    regions: dict[str, Region] = field(default_factory=dict)
    info: dict[str, Place] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)  # full forms -> keys
    short_claims: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)  # short -> (rank, order, key)
    counted_shorts: set[str] = field(default_factory=set)
    governs: dict[str, str] = field(default_factory=dict)  # zone key -> the county it governs
    committees: dict[str, Committee] = field(default_factory=dict)

    def add(self, key: str, region: Region, place: Place, names: tuple[str, ...], curated: bool = False) -> None:
        self.regions[key] = region
        self.info[key] = place
        for n in (key, *names):
            self.names.setdefault(n, [])
            if key not in self.names[n]:
                self.names[n].append(key)
        rank = -1 if curated else LEVEL_ORDER.get(region.level, 9)
        for i, s in enumerate(place.shorts):
            self.short_claims.setdefault(s, []).append((rank, i, key))

    def _prominence(self, key: str) -> tuple[int, str]:
        """Order of the regions a bare name may mean when nothing else tells: a district of a
        直辖市, then of a 副省级 city, then code order (西湖区 → 杭州市西湖区, 朝阳区 → 北京市朝阳区)."""
        region = self.regions[key]
        parent = self.regions.get((region.parent_id or "").removeprefix("region:"))
        pname = parent.name if parent else ""
        rank = 0 if parent and self.info[pname].kind == "直辖市" else 1 if pname in _SUB_PROVINCIAL else 2
        return rank, region.code or ""

    def build(self, zone_cfg: dict[str, Any]) -> Gazetteer:
        shorts: dict[str, str] = {}
        for s, raw in self.short_claims.items():
            if s in self.names or s[:1] in _RELATIVE_CHARS:  # 市中 (市中区) would read as 市 + 中…
                continue
            best: dict[str, tuple[int, int, str]] = {}
            for claim in raw:
                if claim[2] not in best or claim < best[claim[2]]:
                    best[claim[2]] = claim
            claims = sorted(best.values())
            if len(claims) == 1 or claims[0][0] < claims[1][0]:
                shorts[s] = claims[0][2]
        forms: dict[str, tuple[str, ...]] = {n: tuple(keys) for n, keys in self.names.items()}
        counted = {n for n, keys in forms.items() if len(keys) == 1}
        for s, key in shorts.items():
            forms[s] = (key,)
            region = self.regions[key]
            if region.level != "county" or self.info[key].zone:
                counted.add(s)
        for f in [f for f, keys in forms.items() if NATION in keys or f in _NOT_SCANNED]:
            del forms[f]  # the nation is never a prefix (国家知识产权局); 城区/矿区 are words
        counted &= set(forms)
        lens: dict[str, set[int]] = {}
        for f in forms:
            if len(f) >= 2:
                lens.setdefault(f[:2], set()).add(len(f))
        shorts.setdefault("国家", NATION)
        return Gazetteer(
            regions=self.regions,
            shorts=shorts,
            info=self.info,
            forms=forms,
            counted=frozenset(counted),
            zone_suffixes=tuple(sorted((str(s) for s in zone_cfg.get("suffixes") or ()), key=len, reverse=True)),
            zone_canonical={str(k): str(v) for k, v in (zone_cfg.get("canonical") or {}).items()},
            zone_rank=_LEVELS.get(str(zone_cfg.get("rank", "county")), "county"),
            zone_kind=str(zone_cfg.get("kind", "开发区")),
            _lens={k: tuple(sorted(v, reverse=True)) for k, v in lens.items()},
            _bare={n: tuple(sorted(keys, key=self._prominence)) for n, keys in self.names.items()},
            _governs=dict(self.governs),
            committees=dict(self.committees),
        )


def _nation(b: _Builder) -> Region:
    nation = Region(id=f"region:{NATION}", name=NATION, level="national", parent_id=None, code="000000")
    b.add(NATION, nation, Place(NATION, "国家", ("国家",)), ())
    return nation


def _read_divisions(path: str, b: _Builder) -> dict[str, str]:
    """Add every division of the TSV; returns code -> key."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise PlankgError(f"{path}: cannot read the division list ({exc.strerror or exc})") from exc
    rows: list[list[str]] = []
    for n, line in enumerate(lines, 1):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 6 or cols[2] not in _LEVELS:
            raise PlankgError(f"{path}:{n}: expected code, name, level, parent, type, shorts")
        rows.append(cols)
    bare_count = Counter(cols[1] for cols in rows)
    names_by_code = {cols[0]: cols[1] for cols in rows}
    nation = _nation(b)
    key_of: dict[str, str] = {}
    for code, name, level, parent, kind, shorts in rows:  # sorted by code: parents come first
        key = name if bare_count[name] == 1 else names_by_code.get(parent, "") + name
        parent_id = f"region:{key_of[parent]}" if parent else nation.id
        region = Region(id=f"region:{key}", name=key, level=_LEVELS[level], parent_id=parent_id, code=code)
        b.add(key, region, Place(name, kind, tuple(s for s in shorts.split(",") if s)), (name,) if key != name else ())
        key_of[code] = key
    _former_counties(rows, bare_count, key_of, b)
    return key_of


#: The kind of a county known by its former name (``_former_counties``).
FORMER_COUNTY = "县（已撤）"


def _former_counties(rows: list[list[str]], bare_count: Counter[str], key_of: dict[str, str], b: _Builder) -> None:
    """崇明县 in a plan of 2013: a county that became a district or a county-level city keeps its
    stem (撤县设区, 撤县设市: 崇明县 → 崇明区). Each district and county-level city whose 县 form no
    division holds is also known by it, as a region of its own (its name of that era: units named
    崇明县…, as printed then), under the same parent. Never a short form, never counted as a mention."""
    formers: Counter[str] = Counter()
    for _code, name, level, _parent, kind, _shorts in rows:
        if level == "county" and kind in ("市辖区", "县级市") and len(name) >= 3 and name[-1] in "区市":
            formers[name[:-1] + "县"] += 1
    for _code, name, level, parent, kind, _shorts in rows:
        if level != "county" or kind not in ("市辖区", "县级市") or len(name) < 3 or name[-1] not in "区市":
            continue
        former = name[:-1] + "县"
        if formers[former] != 1 or bare_count[former] or former in b.regions or former in b.names:
            continue  # 鼓楼县 of several 鼓楼区, or a county of that name today
        region = Region(id=f"region:{former}", name=former, level="county", parent_id=f"region:{key_of[parent]}")
        b.add(former, region, Place(former, FORMER_COUNTY, ()), ())


def _read_zones(path: str, b: _Builder, key_of: dict[str, str]) -> dict[str, Any]:
    data = read_yaml(path, PlankgError, "the zone list", dict, schema=ZONES_SCHEMA)
    for z in data.get("zones") or []:
        name = str(z["name"])
        aliases = tuple(str(a) for a in z.get("aliases") or ())
        shorts = tuple(str(s) for s in z.get("shorts") or ())
        kind = str(z.get("kind", "功能区"))
        if "division" in z:  # the zone is an official division: mark it, add its aliases
            key = key_of.get(str(z["division"]))
            if key is None:
                raise PlankgError(f"{path}: zone {name}: no division {z['division']}")
            region = b.regions[key]
            old = b.info[key]
            b.add(key, region, Place(old.bare, old.kind, old.shorts + shorts, True), (*aliases, name), curated=True)
            continue
        parent_ref = str(z.get("parent", ""))
        parent_key = key_of.get(parent_ref) or (parent_ref if parent_ref in b.regions else None)
        if parent_key is None:
            raise PlankgError(f"{path}: zone {name}: unknown parent {parent_ref!r}")
        level = _LEVELS.get(str(z.get("rank", "county")), "county")
        if "governs" in z:
            governed = key_of.get(str(z["governs"]))
            if governed is None:
                raise PlankgError(f"{path}: zone {name}: no division {z['governs']} to govern")
            b.governs[name] = governed
        region = Region(id=f"region:{name}", name=name, level=level, parent_id=f"region:{parent_key}")
        b.add(name, region, Place(name, kind, shorts, True), aliases, curated=True)
    for c in data.get("committees") or []:
        _read_committee(path, c, b, key_of)
    patterns = data.get("patterns") or {}
    return patterns if isinstance(patterns, dict) else {}


def _read_committee(path: str, c: dict[str, Any], b: _Builder, key_of: dict[str, str]) -> None:
    """One committee of ``data/zones.yaml``: every printed zone form, X园 also as X园区; a form
    claimed by two committees is refused (it would name either)."""
    name = str(c["name"])
    parent = key_of.get(str(c["parent"]))
    if parent is None:
        raise PlankgError(f"{path}: committee {name}: no division {c['parent']}")
    for full, forms in ((True, c.get("full") or ()), (False, c.get("shorts") or ())):
        for form in (str(f) for f in ([forms] if isinstance(forms, str) else forms)):
            for printed in (form, form + "区") if form.endswith("园") else (form,):
                other = b.committees.get(printed)
                if other is not None and other.name != name:
                    raise PlankgError(f"{path}: {printed} is printed for two committees ({other.name}, {name})")
                b.committees[printed] = Committee(name, parent, full)


def _walk_tree(node: dict[str, Any] | str, parent: Region | None, b: _Builder) -> None:
    """A hand-written region tree (name, short, level, children; a county may be a string)."""
    if isinstance(node, str):
        node = {"name": node, "level": "county"}
    name = str(node["name"])
    level = str(node.get("level", "county"))
    key = name if name not in b.regions else f"{parent.name if parent else ''}{name}"
    region = Region(id=f"region:{key}", name=key, level=level, parent_id=parent.id if parent else None)  # type: ignore[arg-type]
    short = node.get("short")
    derived = (name[:-1],) if level == "county" and len(name) >= 3 else ()
    b.add(key, region, Place(name, "", (str(short),) if short else derived), ())
    for child in node.get("children") or []:
        _walk_tree(child, region, b)


@lru_cache(maxsize=4)
def _load(path: str, zones: str) -> Gazetteer:
    """Built once per process, and once per set of inputs on disk (``loaders.built_cache``)."""
    from loaders.built_cache import cached_build

    return cached_build("gazetteer", (path, zones), lambda: _build(path, zones))


def _build(path: str, zones: str) -> Gazetteer:
    b = _Builder()
    patterns: dict[str, Any] = {}
    if path.endswith((".yaml", ".yml")):
        for top in read_yaml(path, PlankgError, "the region gazetteer", list):
            _walk_tree(top, None, b)
        b.info[NATION] = Place(NATION, "国家", ("国家",))
    else:
        key_of = _read_divisions(path, b)
        if zones:
            patterns = _read_zones(zones, b, key_of)
    return b.build(patterns)
