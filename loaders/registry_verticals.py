"""Vertical agencies (海关, 税务, 金融监管, 人民银行 …) and self-named units (大学, 公司): names of
their own, not a region plus a department."""

from __future__ import annotations

from graph.model import Region
from loaders.registry_model import _RELATIVE, Canonical, _Named, _Vertical
from loaders.registry_names import RegistryNames

__all__ = ["RegistryVerticals"]


class RegistryVerticals(RegistryNames):
    """Vertical agencies (海关, 税务, 金融监管, 人民银行 …) and self-named units (大学, 公司): names of"""

    named: tuple[_Named, ...]
    verticals: list[_Vertical]

    def _resolve_vertical(self, t: str) -> Canonical | None:
        for v in self.verticals:
            m = v.pattern.match(t)
            if m is None:
                continue
            place = self.places.get(m.groupdict().get("place") or v.place or "")
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
