"""The nearest registry name when no rule matched, accepted above a threshold and marked with its
score so a person can review it."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from graph.model import Region
from loaders.registry_groups import RegistryGroups
from loaders.registry_model import Canonical

__all__ = ["RegistryFuzzy"]


class RegistryFuzzy(RegistryGroups):
    """The nearest registry name when no rule matched, accepted above a threshold and marked with its"""

    _local_choices: list[str]
    fuzzy_accept: float

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
