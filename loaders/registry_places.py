"""Places in unit names: what 省/市/区/县/州/盟/旗 mean in a plan of a region, the region a name opens
with, and the forms a region takes at the head of an official name (杭州市西湖区…)."""

from __future__ import annotations

from collections.abc import Iterable

from graph.model import Region
from loaders.gazetteer import Gazetteer
from loaders.registry_model import _PLACE_RELATIVE, Dept

__all__ = ["RegistryPlaces"]


class RegistryPlaces:
    """Places in unit names: what 省/市/区/县/州/盟/旗 mean in a plan of a region, the region a name opens"""

    gazetteer: Gazetteer
    places: dict[str, Region]
    prefixed_index: dict[str, tuple[Dept, str]]

    def region_form(self, region: Region) -> str:
        """The region as it opens an official name: a district carries its city (杭州市西湖区,
        北京市朝阳区, 上海市浦东新区); an ambiguous county's key already does (南京市鼓楼区)."""
        gaz = self.gazetteer
        parent = gaz.parent(region)
        if region.level != "county" or parent is None or region.name.startswith(parent.name):
            return region.name
        if gaz.is_zone(parent) and parent.level == region.level:
            return parent.name + region.name  # a part of a zone carries the zone: 平潭综合实验区苏平片区
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
        outer = gaz.parent(plan_region)
        if outer is not None and gaz.is_zone(plan_region) and gaz.is_zone(outer):
            plan_region = outer  # a part of a zone (平潭's 君山片区): 区/县 in its plans are the zone's
        if char == "区":
            if gaz.is_zone(plan_region):
                return plan_region
            if plan_region.level == "province":
                return plan_region if own.endswith("自治区") else None
            return plan_region if plan_region.level == "county" and own.endswith("区") else None
        if char in "县旗":
            if char == "县" and gaz.is_zone(plan_region):
                return gaz.governed(plan_region)
            return plan_region if plan_region.level == "county" and own.endswith(char) else None
        if char == "州":
            return next((r for r in chain if gaz.place(r).bare.endswith("自治州")), None)
        if char == "盟":
            return next((r for r in chain if gaz.place(r).bare.endswith("盟")), None)
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

    def _first_place(self, text: str) -> int | None:
        """Where the first place name in ``text`` starts (a gazetteer scan, no regex over every name)."""
        for start, _end, form in self.gazetteer.scan(text):
            if form in self.places:
                return start
        return None
