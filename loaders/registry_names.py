"""The name grammar by level: the official name of a registry entry in a region (发展和改革委员会 in a
city, 发展和改革局 in a county, 委 where the text prints one), eras and successors, zones, and names
the registry lacks, named by their shape (区经济发展局, a bureau's 处, a town) and flagged."""

from __future__ import annotations

from graph.model import Region
from loaders.registry_model import (
    _COMPANY_ENDINGS,
    _DIVISION_ENDINGS,
    _ISSUING_BODY,
    _RELATIVE,
    _SHAPE_ENDINGS,
    Canonical,
    Dept,
    Method,
    ResolveContext,
)
from loaders.registry_places import RegistryPlaces

__all__ = ["RegistryNames"]


class RegistryNames(RegistryPlaces):
    """The name grammar by level: the official name of a registry entry in a region (发展和改革委员会 in a"""

    depts: dict[str, Dept]
    local_index: dict[str, Dept]
    zone_generic: dict[str, str]
    zone_named_suffixes: tuple[str, ...]
    zone_template: str
    zone_strip: tuple[str, ...]

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
        if special is None and dept.within_region:
            inside = dict(dept.within_region)
            special = next((inside[r.name] for r in self.gazetteer.chain(region) if r.name in inside), None)
        if special is not None and "{" not in special:
            return self.region_form(region) + special
        template = special or self._by_level(dept.template_by_level, level) or dept.template
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
            # the zone's own name is two characters at least: 市北园区 is no 市 + 北园区 (市北, 市南, 市中 name places)
            if stripped.endswith(suffix) and len(stripped) >= len(suffix) + 2 and stripped not in self.zone_generic:
                return "named:" + stripped
        return None

    def _sector_body(self, body: str) -> Dept | None:
        """The department a sector word names when a place is printed before it (市安全监管部门,
        省发展改革 in 省发展改革、工业和信息化部门, 市交通运输行政管理部门): the word, less a kind of
        body (部门, 主管部门, 行政管理部门), with a department's ending (局 委 厅 部 委员会 办)."""
        stem = body
        for tail in _SECTOR_TAILS:
            if stem.endswith(tail):
                stem = stem[: -len(tail)]
                break
        if len(stem) < 2:
            return None
        for ending in ("局", "委", "厅", "部", "委员会", "办"):
            dept = self.local_index.get(stem + ending)
            if dept is not None:
                return dept
        return None

    def _build(self, body: str, region: Region, printed: str, explicit: bool, sector: bool = False) -> Canonical | None:
        target = self._sector_body(body) if sector else self._body(body)
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
        company = rest.endswith(_COMPANY_ENDINGS) and printed is not None and t[:1] in "区县"
        if not (rest.endswith(_SHAPE_ENDINGS) or division or company):  # 区经济发展局农业处: a bureau's division
            return None
        if rest.endswith(("管委会", "管理委员会")) and len(rest.removesuffix("管委会").removesuffix("管理委员会")) < 2:
            return None  # 丰台园管委会 is no 丰台 + 园管委会: a committee's own name is two characters at least
        party = t.startswith("中共")
        if rest.endswith("管委会"):
            rest = rest[: -len("管委会")] + "管理委员会"  # 正阳工业园区管委会: the committee's full name
        name = ("中共" if party else "") + self.region_form(region) + rest
        return Canonical(name, region, "department", rest, "pattern", None, None, printed)

    def _division(self, t: str, ctx: ResolveContext) -> Canonical | None:
        """A division (处/科) of the bureau that issued the plan: 执法稽查处 and 市局执法稽查处 in a
        plan of 上海市市场监督管理局 are 上海市市场监督管理局执法稽查处 (named by shape, to confirm)."""
        issuer = ctx.issuer or ""
        if not issuer.endswith(_ISSUING_BODY) or issuer.endswith("办公室"):
            return None
        own = t[:2] in ("市局", "区局", "县局", "省局", "本局")
        inner = (
            t.endswith(("办公室", "总队")) and (own or len(t) >= 8)
        ) or (  # 反垄断和价格监督检查办公室, 市局执法总队
            t.endswith("分局") and issuer.endswith("局") and not t.startswith(("各", "有关", "相关"))  # 机场分局
        )
        if not (t.endswith(_DIVISION_ENDINGS) or inner):
            return None
        rest = t[2:] if t[:2] in ("市局", "区局", "县局", "省局", "本局") else t
        if len(rest) < 3 or rest.startswith(("各", "有关", "相关", "其他")) or rest[:1] in _RELATIVE:
            return None
        return Canonical(issuer + rest, ctx.region, "department", rest, "pattern", None, None, None)

    def _township(self, t: str, ctx: ResolveContext) -> Canonical | None:
        """A town or street of the county-level plan's own region: 泗泾镇 in 松江区's plan is
        上海市松江区泗泾镇人民政府, 永丰街道 its 永丰街道办事处, 南盘村 in 苏平片区's
        平潭综合实验区苏平片区南盘村 (named by shape, to confirm)."""
        region = ctx.region
        if region is None or region.level != "county" or t.startswith(("各", "有关", "相关")):
            return None
        region = self.gazetteer.governed(region) or region  # 北厝镇 in 平潭综合实验区's plan: 平潭县's
        for printed_body in ("人民政府", "政府", "办事处"):  # 澳前镇人民政府: the town, then its body
            if t.endswith(printed_body) and len(t) > len(printed_body) + 2:
                t = t[: -len(printed_body)]
                break
        for ending, body in (("街道", "办事处"), ("镇", "人民政府"), ("乡", "人民政府"), ("村", "")):
            if t.endswith(ending) and 2 <= len(t) - len(ending) <= 4 and not any(c in t for c in "、（("):
                return Canonical(self.region_form(region) + t + body, region, "government", t, "pattern", None)
        return None


#: Kinds of body a sector word is printed with (交通运输行政管理部门), longest first.
_SECTOR_TAILS = ("行政主管部门", "行政管理部门", "主管部门", "管理部门", "部门", "行政管理")


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
