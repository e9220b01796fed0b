"""The region gazetteer (``data/regions.yaml``): names, levels and the hierarchy.

Used to decide what 市/省/区/县 mean in a document, to place plans in the
region hierarchy, and to name units ``<region><department>``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.datafile import read_yaml
from graph.errors import PlankgError
from graph.model import Level, Region

__all__ = ["Gazetteer", "default_regions_path"]

_COUNTY_LEVEL: Level = "county"


def default_regions_path() -> Path:
    """``data/regions.yaml`` of this checkout."""
    return Path(__file__).resolve().parent.parent / "data" / "regions.yaml"


@dataclass
class Gazetteer:
    """Regions by full name, with short names and parents."""

    regions: dict[str, Region]
    shorts: dict[str, str]  # short name -> full name (only unambiguous shorts)

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read the gazetteer (cached per path)."""
        return _load(str(path or default_regions_path()))

    def get(self, name: str) -> Region | None:
        """A region by full or short name (烟台市 or 烟台)."""
        full = name if name in self.regions else self.shorts.get(name)
        return self.regions.get(full) if full else None

    def parent(self, region: Region) -> Region | None:
        """The region one level up (None for the nation)."""
        if region.parent_id is None:
            return None
        return self.regions.get(region.parent_id.removeprefix("region:"))

    def chain(self, region: Region) -> list[Region]:
        """The region and all its ancestors, nearest first."""
        out = [region]
        while (p := self.parent(out[-1])) is not None:
            out.append(p)
        return out

    def mentions(self, text: str) -> Counter[str]:
        """How often each region is named in ``text`` (full names; shorts of
        prefecture level and above when not part of a longer full name)."""
        counts: Counter[str] = Counter()
        for name, region in self.regions.items():
            if region.level == "national":
                continue
            n = text.count(name)
            short = next((s for s, f in self.shorts.items() if f == name), None)
            if short and region.level != _COUNTY_LEVEL:
                n = max(n, text.count(short))
            if n:
                counts[name] = n
        return counts


def _walk(
    node: dict[str, Any] | str,
    parent: Region | None,
    out: dict[str, Region],
    shorts: Counter[str],
    short_of: dict[str, str],
) -> None:
    if isinstance(node, str):
        node = {"name": node, "level": _COUNTY_LEVEL}
    name = str(node["name"])
    region = Region(id=f"region:{name}", name=name, level=node["level"], parent_id=parent.id if parent else None)
    if name in out:  # e.g. 市中区 of two cities: keep the first, names are looked up in context
        name_key = f"{parent.name if parent else ''}{name}"
        region = Region(id=f"region:{name_key}", name=name_key, level=region.level, parent_id=region.parent_id)
        name = name_key
    out[name] = region
    if node.get("short"):
        shorts[str(node["short"])] += 1
        short_of[str(node["short"])] = name
    for child in node.get("children") or []:
        _walk(child, region, out, shorts, short_of)


@lru_cache(maxsize=4)
def _load(path: str) -> Gazetteer:
    data = read_yaml(path, PlankgError, "the region gazetteer", list)
    regions: dict[str, Region] = {}
    counts: Counter[str] = Counter()
    short_of: dict[str, str] = {}
    for top in data:
        _walk(top, None, regions, counts, short_of)
    shorts = {s: f for s, f in short_of.items() if counts[s] == 1}
    return Gazetteer(regions, shorts)
