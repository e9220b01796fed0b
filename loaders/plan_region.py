"""The region of a plan, from everything its text offers, with the evidence kept.

In order of weight:

1. **issuer** — the body that signs or heads the notice (烟台市人民政府办公室, 国务院办公厅,
   平潭综合实验区管委会): the deepest place it opens with (杭州市西湖区人民政府 → 西湖区 of 杭州).
2. **doc_no** — the 文号's prefix (烟政办字 → 烟台市, 皖政办 → 安徽省, 国办发 → national),
   from ``data/doc_no_prefixes.yaml``; a prefix several regions use (青政) only narrows.
3. **title** — the first region the title names outside 《》 (烟台市知识产权… → 烟台市).
4. **addressees** and **self-reference** — 各区县人民政府 (the issuer is a city), 各市人民政府
   (a province), 各乡镇 (a county), 结合我市实际 (a 市): they never name a region, they only
   choose among the candidates the text names.
5. **text** — the region the body names most (outside 《》), when it clearly dominates.

``plan_region`` returns the region and the evidence (``issuer:…``, ``doc_no:…``, ``title:…``,
``addressees:…``, ``self:…``, ``text:…×N``), or None and no evidence when the text does
not say. A 国务院 document is the national region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.datafile import TEXT, Alt, Map, Rec, Seq, read_yaml
from graph.errors import PlankgError
from graph.model import Region
from loaders.gazetteer import NATION, Gazetteer
from loaders.plan_words import strip_cited

__all__ = ["DocNoPrefixes", "default_doc_no_path", "plan_region"]

#: an issuer that names no place and is central (国务院办公厅, 国家知识产权局, 教育部)
_NATIONAL_ISSUER = re.compile(
    r"^(?:中华人民共和国)?国务院|^中共中央|^国家[\u4e00-\u9fff]{2,12}(?:局|委员会|委|署)|^[\u4e00-\u9fff]{1,8}部(?:办公厅)?$"
)
_DOC_HEAD = re.compile(r"^([\u4e00-\u9fff]{1,10})[〔\[［(（]\d{4}")
_ADDRESSEE = re.compile(r"^各[^\n]{1,80}?[：:]", re.M)
_SELF = re.compile(r"(?:我|全)(省|市|区|县|州|盟|旗)")
#: what an addressee line says of the issuer's level, first match wins
_ADDRESSED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"各省[、，,]?自治区|各省级"), "national"),
    (re.compile(r"各(?:设区的?)?市[、，,]?(?:州|县|人民政府|政府)|各市州|各地级"), "province"),
    (re.compile(r"各(?:区[（(、，,]{0,2}[市县]|县[（(、，,]{0,2}[市区]|区人民政府|县人民政府|区政府|县政府)"), "city"),
    (re.compile(r"各(?:乡镇|镇|乡|街道)"), "county"),
)


#: The schema of ``data/doc_no_prefixes.yaml``.
DOC_NO_SCHEMA = Rec({"national": Seq(TEXT), "prefixes": Map(Alt((TEXT, Seq(TEXT))))})


def default_doc_no_path() -> Path:
    """``data/doc_no_prefixes.yaml`` of this checkout."""
    return Path(__file__).resolve().parent.parent / "data" / "doc_no_prefixes.yaml"


@dataclass(frozen=True)
class DocNoPrefixes:
    """文号 prefixes → the region keys they may mean (``data/doc_no_prefixes.yaml``)."""

    national: tuple[str, ...]
    prefixes: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path | None = None) -> DocNoPrefixes:
        """Read the table (cached per path)."""
        return _load(str(path or default_doc_no_path()))

    def regions(self, doc_no: str) -> tuple[str, tuple[str, ...]] | None:
        """(matched prefix, region keys) of a 文号, longest prefix first; None when unknown.

        >>> DocNoPrefixes.load().regions("烟政办字〔2022〕19号")
        ('烟政', ('烟台市',))
        >>> DocNoPrefixes.load().regions("国办发〔2021〕20号")
        ('国办发', ('中华人民共和国',))
        """
        m = _DOC_HEAD.match(doc_no.replace(" ", ""))
        if m is None:
            return None
        head = m.group(1)
        for key in self.national:
            if head.startswith(key):
                return key, (NATION,)
        for n in range(min(len(head), 4), 0, -1):
            keys = self.prefixes.get(head[:n])
            if keys:
                return head[:n], keys
        return None


@lru_cache(maxsize=4)
def _load(path: str) -> DocNoPrefixes:
    data = read_yaml(path, PlankgError, "the 文号 prefixes", dict, schema=DOC_NO_SCHEMA)
    prefixes: dict[str, tuple[str, ...]] = {}
    for k, v in (data.get("prefixes") or {}).items():
        prefixes[str(k)] = tuple(str(x) for x in v) if isinstance(v, list) else (str(v),)
    return DocNoPrefixes(tuple(str(x) for x in data.get("national") or ()), prefixes)


# ---------------------------------------------------------------------------- readings
def _named(gaz: Gazetteer, text: str) -> Region | None:
    """The first region ``text`` names (the deepest reading at that place), outside 《》."""
    bare = strip_cited(text).replace(" ", "")
    for start, _end, _form in gaz.scan(bare):
        matches = gaz.prefix_matches(bare[start:])
        if matches:
            return matches[0][0]
    return None


def _issuer_region(gaz: Gazetteer, issuer: str) -> Region | None:
    named = _named(gaz, issuer)
    if named is None and _NATIONAL_ISSUER.search(issuer.replace(" ", "")):
        return gaz.regions.get(NATION)
    return named


def _fits(gaz: Gazetteer, region: Region, hint: str) -> bool:
    """Whether a region is of the kind an addressee line or 我市/全县 implies."""
    bare = gaz.place(region).bare
    if hint == "national":
        return region.level == "national"
    if hint == "province":
        return region.level == "province"
    if hint == "city":  # addressed to its districts and counties: a city, a 直辖市 or a 州/盟/地区
        return region.level == "prefecture" or (bare.endswith("市") and region.level == "province")
    if hint == "county":
        return region.level == "county"
    if hint in "省市区县州盟旗":
        if hint == "区" and gaz.is_zone(region):
            return True
        return bare.endswith(hint) or (hint == "区" and bare.endswith("自治区"))
    return True


def _hints(front: str, text: str) -> list[tuple[str, str]]:
    """(hint, evidence) from the addressee line and from 我市/全市 in the text."""
    out: list[tuple[str, str]] = []
    for line in _ADDRESSEE.findall(front):
        for pattern, hint in _ADDRESSED:
            if pattern.search(line):
                out.append((hint, f"addressees:{line.rstrip('：:')}"))
                break
        if out:
            break
    selves = [m.group(1) for m in _SELF.finditer(strip_cited(text))]
    if selves:
        top = max(set(selves), key=lambda c: (selves.count(c), -selves.index(c)))
        out.append((top, f"self:我{top}"))
    return out


def _related(gaz: Gazetteer, a: Region, b: Region) -> bool:
    return a in gaz.chain(b) or b in gaz.chain(a)


def _from_text(gaz: Gazetteer, text: str, hints: list[tuple[str, str]]) -> tuple[Region, int] | None:
    """The region the body names most, when it stands out: at least twice and more than
    twice as often as any region outside its own line; fitting the hints when there are any."""
    counts = gaz.mentions(strip_cited(text))
    ranked = [(gaz.regions[k], n) for k, n in counts.most_common()]
    for region, n in ranked:
        if hints and not all(_fits(gaz, region, h) for h, _ in hints):
            continue
        rivals = [m for r, m in ranked if r is not region and not _related(gaz, r, region)]
        if n >= 2 and (not rivals or n > 2 * max(rivals)):
            return region, n
        return None
    return None


def plan_region(
    gaz: Gazetteer,
    text: str,
    *,
    issuer: str | None = None,
    title: str | None = None,
    doc_no: str | None = None,
    front: str | None = None,
    doc_prefixes: DocNoPrefixes | None = None,
) -> tuple[Region | None, list[str]]:
    """The plan's region and the evidence for it (see the module docstring); (None, []) when
    the text does not say."""
    front = front if front is not None else text[:2000]
    table = doc_prefixes or DocNoPrefixes.load()
    evidence: list[str] = []
    region: Region | None = None

    by_issuer = _issuer_region(gaz, issuer) if issuer else None
    doc_hit = table.regions(doc_no) if doc_no else None
    doc_regions = [r for r in (gaz.get(k) for k in doc_hit[1]) if r is not None] if doc_hit else []
    by_title = _named(gaz, title) if title else None
    hints = _hints(front, text)

    if by_issuer is not None:
        region = by_issuer
        evidence.append(f"issuer:{issuer}")
    if doc_regions:
        if region is None:
            if len(doc_regions) == 1:
                region = doc_regions[0]
            else:  # 青政: the title or the text decides
                pick = [r for r in doc_regions if by_title is not None and _related(gaz, r, by_title)]
                if len(pick) == 1:
                    region = pick[0]
        if region is not None and any(_related(gaz, r, region) for r in doc_regions):
            evidence.append(f"doc_no:{doc_hit[0] if doc_hit else ''}")
    if by_title is not None:
        if region is None:
            region = by_title
        if _related(gaz, by_title, region):
            evidence.append(f"title:{title}")
    if region is None:
        found = _from_text(gaz, text, hints)
        if found is not None:
            region = found[0]
            evidence.append(f"text:{region.name}×{found[1]}")
    if region is None:
        return None, []
    evidence.extend(e for h, e in hints if _fits(gaz, region, h))
    return region, evidence
