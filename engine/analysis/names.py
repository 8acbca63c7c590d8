"""Element names as the diff compares them: a Japanese-aware key and bigram similarity.

Two drawings of one procedure spell names differently: full-width and half-width forms
(ＡＢＣ／ABC, ｶﾅ／カナ), spaces, 「」（）、。 and other punctuation. ``name_key`` removes
those differences (NFKC, case folding, no white space, punctuation or control characters);
``similarity`` compares keys by the Dice coefficient of their character bigrams, which
works for Japanese without a word segmenter and for English alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]

# Unicode general categories dropped from keys: punctuation (P*), separators (Z*: spaces),
# control and format characters (C*). Symbols (S*) and the long vowel mark ー (Lm) stay.
_DROPPED: Final = frozenset("PZC")
EMPTY_PAIR: Final = 0.5  # two unnamed elements: neither the same name nor a different one


def name_key(text: str | None) -> str:
    """The matching form of a name: "書類を確認する。" and "書類を 確認する" share one key."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in _DROPPED)


def bigrams(key: str) -> frozenset[str]:
    """Character bigrams of a key with its ends marked, so that one-letter names work."""
    if not key:
        return frozenset()
    padded = f"\x02{key}\x03"
    return frozenset(padded[i : i + 2] for i in range(len(padded) - 1))


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the bigrams of two keys (1.0 equal, 0.0 nothing shared)."""
    return float(similarity_matrix([a], [b])[0, 0])


def similarity_matrix(old: Sequence[str], new: Sequence[str]) -> Matrix:
    """``len(old) × len(new)`` Dice similarities of keys; two empty keys score EMPTY_PAIR.

    Bigram sets become 0/1 rows over the bigrams both sides use, so every pair's shared
    count is one matrix product: far faster than comparing pairs one by one in Python.
    Each distinct key is compared once (lane names repeat on every node).
    """
    keys_old, at_old = _distinct(old)
    keys_new, at_new = _distinct(new)
    grams_old = [bigrams(k) for k in keys_old]
    grams_new = [bigrams(k) for k in keys_new]
    shared = sorted(set().union(*grams_old) & set().union(*grams_new))
    a = _incidence(grams_old, shared)
    b = _incidence(grams_new, shared)
    common = a @ b.T
    size_old = np.array([len(g) for g in grams_old], dtype=np.float32)
    size_new = np.array([len(g) for g in grams_new], dtype=np.float32)
    total = size_old[:, None] + size_new[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.where(total > 0, 2.0 * common / total, EMPTY_PAIR)
    # One empty, one not: nothing in common.
    one_empty = (size_old[:, None] == 0) ^ (size_new[None, :] == 0)
    distinct = np.where(one_empty, 0.0, dice).astype(np.float32)
    return distinct[np.ix_(at_old, at_new)]


def _distinct(keys: Sequence[str]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """The distinct keys, and for each key its position among them."""
    position: dict[str, int] = {}
    at = np.array([position.setdefault(k, len(position)) for k in keys], dtype=np.intp)
    return list(position), at


def _incidence(grams: Sequence[frozenset[str]], shared: Sequence[str]) -> Matrix:
    column = {g: i for i, g in enumerate(shared)}
    rows: list[int] = []
    cols: list[int] = []
    for row, found in enumerate(grams):
        for gram in found:
            index = column.get(gram)
            if index is not None:
                rows.append(row)
                cols.append(index)
    matrix = np.zeros((len(grams), len(shared)), dtype=np.float32)
    matrix[rows, cols] = 1.0
    return matrix
