"""Groups (领导小组, 专项小组 …), their members and offices: one unit per group and region."""

from __future__ import annotations

import re

from loaders.registry_model import _RELATIVE, Canonical, ResolveContext
from loaders.registry_verticals import RegistryVerticals

__all__ = ["RegistryGroups"]


#: Words that make a phrase say who forms a group, not name it.
_MADE_OF = ("组成", "等部门", "成立", "牵头")


class RegistryGroups(RegistryVerticals):
    """Groups (领导小组, 专项小组 …), their members and offices: one unit per group and region."""

    group_suffixes: tuple[str, ...]
    member_tails: tuple[str, ...]
    office_tails: tuple[str, ...]
    place_names: tuple[str, ...]

    def _group_parts(self, t: str) -> tuple[str, str] | None:
        """(group name, tail) when ``t`` names a group, its members or its office."""
        for suffix in self.group_suffixes:
            i = t.rfind(suffix)
            if i < 0:
                continue
            name, tail = t[: i + len(suffix)], t[i + len(suffix) :]
            if any(w in name for w in _MADE_OF):
                return None  # …等部门和单位组成的工作专班, 城管执法局组成联合考评工作小组: who the group is made of
            if tail in ("", *self.member_tails, *self.office_tails):
                return name, tail
        return None

    def _resolve_group(self, t: str, ctx: ResolveContext) -> Canonical | None:
        parts = self._group_parts(t)
        if parts is None:
            return None
        name, tail = parts
        region = self._explicit_region(name, ctx.region)
        bare = name[1:] if name[:1] in _RELATIVE and len(name) > 3 else name
        established = [g for g in ctx.groups if g.endswith(bare) and not any(g.startswith(p) for p in self.place_names)]
        established = [g for g in established if not any(o != g and o.endswith(g) for o in established)]
        if len(established) == 1 and not any(name.startswith(p) for p in self.place_names):
            # 区领导小组, 领导小组办公室: the group this plan establishes (成立自建房…工作领导小组), of its region
            region = region or ctx.region
            own = established[0]
            if region is not None and own[:1] in _RELATIVE and len(own) > 3:
                own = own[1:]  # 成立市超充基础设施建设工作专班: its 市 is the region's name
            name = (self.region_form(region) if region is not None else "") + own
        elif region is not None and not any(name.startswith(p) for p in self.place_names):
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
        """Full names of groups a document prints with their region (威海市…专项小组), and of the groups
        it establishes (成立自建房安全专项整治工作领导小组: of the plan's region)."""
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
                elif window.startswith("成立") and len(window) > 3:  # 成立自建房安全专项整治工作领导小组
                    name = window[2:] + suffix
                    if name not in found:
                        found.append(name)
        return tuple(found)
