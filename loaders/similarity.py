"""Text similarity for linking plans and tasks across levels.

Two measures, each where it was measured to work best (docs/cascade.md):

* ``title_key`` + rapidfuzz for plan titles: a cited title and the plan's own
  title differ only in typography (—/-, “”/"", （）/(), spaces), so after
  normalising them a plain edit ratio is reliable.
* ``pair_scores`` for task texts: a lower plan rewrites the higher plan's task
  in its own words, so what they share is vocabulary, not wording. A cosine
  over character bigrams weighted by inverse document frequency lets the
  shared rare terms (地理标志, 质押融资, 纠纷应对指导中心) count and the words
  every task of the field repeats (知识产权, 加强, 完善) fade, with no word list
  and no segmenter.

The document frequencies are counted over the body tasks of the two plans compared, and
nothing else: a pair's scores depend on those two plans only, so one plan's change moves no
other pair's score, and the cascade keeps the links of the plans whose inputs did not change
(``loaders.cascade``). Weights of the pair adapt to the pair's field (counted over every plan
loaded, they once made one field's words rare in a corpus of another's); on the built-in corpus
they give precision 0.780 and recall 0.744 against 0.774 and 0.738 with the corpus-wide counts
(``bench/cascade_eval.py``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Small matrix products (one plan's tasks by another's): one BLAS thread is as fast, and threads
# that spin on a machine busy with other work (the parse workers) make them many times slower.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np

__all__ = ["BigramCounts", "bare_text", "pair_scores", "title_key"]

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


#: A bigram's number: the code points of its two characters (one character: the first alone),
#: the same for every plan and run, and ordered like the bigrams.
_BASE = 0x110001


def _codes(text: str) -> np.ndarray:
    """The numbers of the bigrams of the text's meaningful characters (``bare_text``), in order; a
    text of one character: that character's number."""
    bare = bare_text(text)
    points = np.frombuffer(bare.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if len(points) < 2:
        return points * _BASE
    out: np.ndarray = points[:-1] * _BASE + points[1:] + 1
    return out


@dataclass(frozen=True)
class BigramCounts:
    """The character-bigram counts of a list of texts (one plan's body tasks), compact: per text a
    run of (bigram number, count) entries, each bigram once, in bigram order."""

    starts: np.ndarray  # text i's entries are [starts[i], starts[i + 1])
    codes: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, texts: Iterable[str]) -> BigramCounts:
        starts: list[int] = [0]
        codes: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        for text in texts:
            grams, k = np.unique(_codes(text), return_counts=True)
            codes.append(grams)
            counts.append(k)
            starts.append(starts[-1] + len(grams))
        empty = np.zeros(0, dtype=np.int64)
        return cls(
            np.array(starts, dtype=np.int64),
            np.concatenate(codes) if codes else empty,
            np.concatenate(counts).astype(np.float64) if counts else empty.astype(np.float64),
        )

    def __len__(self) -> int:
        return len(self.starts) - 1


def pair_scores(a: BigramCounts, b: BigramCounts) -> np.ndarray:
    """Cosine of every text of ``a`` (rows) with every text of ``b`` (columns): bigram counts times
    ``log((n + 1) / (df + 0.5))``, df the texts of ``a`` and ``b`` holding the bigram and n their
    number, each vector scaled to length 1. A text with no bigram scores 0 with every other. The
    same two inputs give the same floats (sums in bigram order, whatever else was loaded).

    >>> tasks = BigramCounts.of(["实施地理标志保护运用工程", "加强组织领导"])
    >>> other = BigramCounts.of(["打造地理标志运用保护样板", "加强组织保障", "完善财政支持政策"])
    >>> s = pair_scores(tasks, other)
    >>> s.shape, bool(s[0, 0] > 0.2 > s[0, 1]), bool(s[1, 1] > 0.2 > s[1, 0])
    ((2, 3), True, True)
    """
    grams, column = np.unique(np.concatenate([a.codes, b.codes]), return_inverse=True)
    df = np.bincount(column, minlength=len(grams))
    idf = np.log((len(a) + len(b) + 1) / (df + 0.5))
    col_a, col_b = column[: len(a.codes)], column[len(a.codes) :]
    in_a = np.zeros(len(grams), dtype=bool)
    in_a[col_a] = True
    in_b = np.zeros(len(grams), dtype=bool)
    in_b[col_b] = True
    shared = in_a & in_b  # only bigrams of both sides add to a dot product
    local = np.cumsum(shared) - 1

    def unit_rows(part: BigramCounts, cols: np.ndarray) -> np.ndarray:
        rows = np.repeat(np.arange(len(part)), np.diff(part.starts))
        weights = part.counts * idf[cols]
        norm = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(part)))
        norm[norm == 0] = 1.0
        keep = shared[cols]
        m = np.zeros((len(part), int(shared.sum())))
        m[rows[keep], local[cols[keep]]] = weights[keep] / norm[rows[keep]]
        return m

    scores: np.ndarray = unit_rows(a, col_a) @ unit_rows(b, col_b).T
    return scores
