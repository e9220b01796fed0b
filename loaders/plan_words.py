"""What a plan's title says about the plan: its kind and its period.

One rule for every title, whether it is a loaded plan's (metadata stage) or a
cited plan's that becomes a stub (cascade stage), so that a plan and its stub
never disagree. The vocabulary (plan words, five-year plan names) is
``data/plan_words.yaml``; the grammar is here:

* Text inside 《》 is a cited plan's title and never counts for the plan
  that cites it.
* Typography does not count either: full/half width, dashes and spaces are
  normalised as in ``similarity.title_key``.
* kind — the title's last plan word, once trailing brackets such as the
  period （2021—2025年） or （试行） are set aside; 其他 when there is none.
* period — （YYYY—YYYY年） in the title, else a five-year plan the title
  names (十四五, 第十四个五年 → 2021–2025), else unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args

from graph.datafile import read_yaml
from graph.errors import PlankgError
from graph.model import PlanKind
from loaders.similarity import title_key

__all__ = [
    "QUOTED_TITLE",
    "PlanWords",
    "PlanWordsError",
    "default_vocabulary_path",
    "plan_kind",
    "plan_period",
    "strip_cited",
]

#: A title quoted in 《》 (or «», as some PDFs extract them).
QUOTED_TITLE = re.compile(r"[《«]([^《》«»]{2,80})[》»]")
#: The period after ``title_key``: (2021-2025年), (2021至2025).
_ANNUAL = re.compile(r"^(?:关于)?(\d{4})年(?:度)?(?!\d)")
#: A year printed right before the plan word that ends the title (松江区城市更新2025年度实施计划).
_ANNUAL_PLAN = re.compile(r"(\d{4})年度?(?:行动计划|实施计划|工作计划|工作方案|行动方案|实施方案|工作要点)$")
_PERIOD = re.compile(r"\((\d{4})[-至]+(\d{4})年?\)")
#: Bracketed groups that end a title after ``title_key``: (2021-2025年)(试行).
_TRAILING_BRACKETS = re.compile(r"(?:\([^()]*\))+$")


class PlanWordsError(PlankgError):
    """``data/plan_words.yaml`` is missing a key or has the wrong shape."""


_DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "plan_words.yaml"


def default_vocabulary_path() -> Path:
    """``data/plan_words.yaml`` of this checkout (resolved once: plan_kind asks for every title line)."""
    return _DEFAULT_PATH


@dataclass(frozen=True)
class PlanWords:
    """The vocabulary of ``data/plan_words.yaml``."""

    kind_words: tuple[tuple[str, PlanKind], ...]
    five_year_plans: tuple[tuple[str, int, int], ...]

    @classmethod
    def load(cls, path: Path | None = None) -> PlanWords:
        """Read the vocabulary (cached per path)."""
        return _load(str(path or default_vocabulary_path()))


@lru_cache(maxsize=4)
def _load(path: str) -> PlanWords:
    data: dict[str, Any] = read_yaml(path, PlanWordsError, "the plan words", dict)
    try:
        kinds = get_args(PlanKind)
        kind_words: list[tuple[str, PlanKind]] = []
        for word, kind in data["kind_words"]:
            if kind not in kinds:
                raise PlanWordsError(f"{path}: kind {kind!r} of {word!r} is not one of {'/'.join(kinds)}")
            kind_words.append((str(word), kind))
        five_year = tuple((str(name), int(a), int(b)) for name, (a, b) in data["five_year_plans"].items())
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanWordsError(f"{path}: cannot read the plan words ({exc!r})") from exc
    return PlanWords(tuple(kind_words), five_year)


def strip_cited(text: str) -> str:
    """``text`` with every title in 《》 blanked out (same length, so offsets hold).

    >>> strip_cited("贯彻《十四五规划》的意见")
    '贯彻《＿＿＿＿＿》的意见'
    """
    return QUOTED_TITLE.sub(lambda m: "《" + "＿" * len(m.group(1)) + "》", text)


def _own_words(title: str) -> str:
    return title_key(strip_cited(title))


def plan_kind(title: str, words: PlanWords | None = None) -> PlanKind:
    """The kind the title's last plan word names; 其他 when it names none.

    >>> plan_kind("荣成市国家知识产权强县建设试点县工作方案（2022—2024年）")
    '工作方案'
    >>> plan_kind("关于贯彻落实《山东省知识产权强省建设纲要（2021—2035年）》的实施意见")
    '实施意见'
    """
    vocab = words or PlanWords.load()
    bare = _TRAILING_BRACKETS.sub("", _own_words(title))
    return next((kind for word, kind in vocab.kind_words if bare.endswith(word)), "其他")


def plan_period(title: str, words: PlanWords | None = None) -> tuple[int | None, int | None]:
    """(start, end) years the title names, or (None, None).

    >>> plan_period("知识产权强国建设纲要（2021—2035年）")
    (2021, 2035)
    >>> plan_period("山东省国民经济和社会发展第十四个五年规划")
    (2021, 2025)
    >>> plan_period("关于贯彻落实《“十四五”国家知识产权保护和运用规划》的意见")
    (None, None)
    >>> plan_period("2018年全区治理“餐桌污染”工作方案")
    (2018, 2018)
    >>> plan_period("松江区城市更新2025年度实施计划")
    (2025, 2025)
    """
    vocab = words or PlanWords.load()
    bare = _own_words(title)
    if m := _PERIOD.search(bare):
        return int(m.group(1)), int(m.group(2))
    for name, start, end in vocab.five_year_plans:
        if name in bare:
            return start, end
    if m := _ANNUAL.match(bare) or _ANNUAL_PLAN.search(bare):  # 2018年全区…工作方案, …2025年度实施计划
        return int(m.group(1)), int(m.group(1))
    return None, None
