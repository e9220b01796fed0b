"""Reading ``data/departments.yaml`` into registry entries: departments, the place index,
generic shapes, and the checks that refuse an alias claimed twice."""

from __future__ import annotations

import re
from typing import Any

from graph.datafile import read_yaml
from graph.model import Region
from loaders.gazetteer import Gazetteer
from loaders.registry_model import Dept, RegistryError, ZoneBody, normalize_mention

__all__ = ["_check_aliases", "_dept", "_generic_shapes", "_places", "_str_tuple", "zone_bodies"]


def zone_bodies(path: str) -> dict[str, dict[str, ZoneBody]]:
    """``data/zone_bodies.yaml`` as zone name → printed form after the zone prefix → body.

    Every form is indexed: the name, its shorts, and for a party department the same after
    the committee's printed shorts (党工委党群工作部); a form claimed by two bodies of one zone
    is refused (it would name either)."""
    data = read_yaml(path, RegistryError, "the zone bodies")
    out: dict[str, dict[str, ZoneBody]] = {}
    for zone in data.get("zones") or []:
        name = str(zone["zone"])
        party = str(zone.get("party_committee") or "")
        party_shorts = _str_tuple(zone.get("party_shorts"))
        entries = {str(b["name"]): b for b in zone["bodies"]}
        forms: dict[str, ZoneBody] = {}

        def canonical(entry: dict[str, Any], zone_name: str = name, committee: str = party) -> str:
            body = str(entry["name"])
            if entry.get("full"):
                return body
            return (committee if entry.get("party") and committee else zone_name) + body

        for body, entry in entries.items():
            successor = entries.get(str(entry.get("succeeded_by") or ""))
            found = ZoneBody(
                canonical(entry),
                str((entry.get("shorts") or [body])[0]),
                "party" if entry.get("party") else "department",
                canonical(successor) if successor is not None else None,
            )
            printed = {body, *_str_tuple(entry.get("shorts"))}
            if entry.get("party"):
                printed |= {p + form for p in party_shorts for form in list(printed)}
            for form in printed:
                other = forms.get(form)
                if other is not None and other.name != found.name:
                    raise RegistryError(
                        f"{path}: {name}: {form} is printed for two bodies ({other.name}, {found.name})"
                    )
                forms[form] = found
        out[name] = forms
    return out


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
        within_region=tuple((str(k), str(v)) for k, v in (entry.get("within_region") or {}).items()),
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
