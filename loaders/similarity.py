"""Text similarity for linking plans and tasks across levels.

Two measures, each where it was measured to work best (docs/cascade.md):

* ``title_key`` + rapidfuzz for plan titles: a cited title and the plan's own
  title differ only in typography (—/-, “”/"", （）/(), spaces), so after
  normalising them a plain edit ratio is reliable.
* ``TextIndex`` for task texts: a lower plan rewrites the higher plan's task
  in its own words, so what they share is vocabulary, not wording. A cosine
  over character bigrams weighted by inverse document frequency (computed
  over the tasks being compared) lets the shared rare terms (地理标志,
  质押融资, 纠纷应对指导中心) count and the words every task of the field
  repeats (知识产权, 加强, 完善) fade, with no word list and no segmenter.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping

__all__ = ["TextIndex", "bare_text", "title_key"]

_DASHES = re.compile(r"[—–－‐‑―~～]+")
_QUOTES = re.compile(r"[“”‘’\"'「」『』《》«»〈〉]")
_NOT_WORD = re.compile(r"[^\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9]")


def title_key(title: str) -> str:
    """A title with typography normalised: full-width → half-width, dashes → ``-``,
    quotes and spaces dropped (used for stub ids and title matching).

    >>> title_key("知识产权强国建设纲要（2021—2035年）")
    '知识产权强国建设纲要(2021-2035年)'
    >>> title_key("山东省 “十四五”知识产权保护和运用规划")
    '山东省十四五知识产权保护和运用规划'
    """
    text = unicodedata.normalize("NFKC", title)
    text = _DASHES.sub("-", text)
    text = _QUOTES.sub("", text)
    return re.sub(r"\s+", "", text)


def bare_text(text: str) -> str:
    """Only the characters that carry meaning (CJK, Latin letters, digits)."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


def _bigrams(text: str) -> list[str]:
    bare = bare_text(text)
    return [bare[i : i + 2] for i in range(len(bare) - 1)] or ([bare] if bare else [])


class TextIndex:
    """IDF-weighted character-bigram vectors of a set of texts, for cosine scores.

    >>> index = TextIndex({"a": "实施地理标志保护运用工程", "b": "打造地理标志运用保护样板", "c": "加强组织领导"})
    >>> index.score("a", "b") > 0.1 > index.score("a", "c")
    True
    """

    def __init__(self, texts: Mapping[str, str]) -> None:
        grams = {key: Counter(_bigrams(text)) for key, text in texts.items()}
        df: Counter[str] = Counter()
        for counts in grams.values():
            df.update(counts.keys())
        n = len(grams)
        idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self._vectors: dict[str, dict[str, float]] = {}
        for key, counts in grams.items():
            vec = {g: k * idf[g] for g, k in counts.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self._vectors[key] = {g: v / norm for g, v in vec.items()}

    def score(self, a: str, b: str) -> float:
        """Cosine of the two texts' vectors, 0.0 … 1.0 (0.0 for an unknown key)."""
        va, vb = self._vectors.get(a), self._vectors.get(b)
        if not va or not vb:
            return 0.0
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(v * vb.get(g, 0.0) for g, v in va.items())
