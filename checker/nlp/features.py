"""Features of a clause unit, computed identically at training and at checking time.

Hashed word n-grams are the cheapest signal that still captures legal phrasing ("shall not
exceed", "change of control"); the headings above a unit get their own namespace because a
heading ("Audit Rights") is stronger evidence than the same words in the body; hand-written
cues (:mod:`checker.nlp.cues`) add phrasings that n-grams learn poorly from few examples.
Everything is vectorised with numpy over spaCy's token hash array, so a whole contract costs
a fraction of its tokenisation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.attrs import IS_SPACE, LIKE_NUM, LOWER
from spacy.tokens import Doc, Span

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
_NUMBER = np.uint64(0x1234567890ABCDEF)
_BIGRAM = np.uint64(0x51)
_TRIGRAM = np.uint64(0x73)
_HEADING = np.uint64(0xA5A5A5A5)
_HEADING_BIGRAM = np.uint64(0x5A5A5A5A1)
_CUE = np.uint64(0xC0E5C0E5)
_SHIFT_31, _SHIFT_29, _SHIFT_32 = np.uint64(31), np.uint64(29), np.uint64(32)


# The text a Doc was made from, when the pipeline kept it: spaCy rebuilds ``doc.text`` token
# by token on every access, which on a long contract costs as much as the cues themselves.
SOURCE_TEXT_KEY = "checker.source_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, from the kept source string when there is one (tokenizing never alters it)."""
    text = doc.user_data.get(SOURCE_TEXT_KEY)
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    return text if isinstance(text, str) and len(text) == end else doc.text


def _mix(values: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (splitmix64): cheap, and spreads similar inputs over the whole space."""
    values = values ^ (values >> _SHIFT_31)
    values = values * _M2
    values = values ^ (values >> _SHIFT_29)
    values = values * _M3
    return values ^ (values >> _SHIFT_32)


def token_hashes(lowers: np.ndarray, numeric: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unigram, bigram and trigram hashes of a token sequence; numbers share one hash."""
    with np.errstate(over="ignore"):
        unigrams = _mix(np.where(numeric, _NUMBER, lowers))
        bigrams = _mix(unigrams[:-1] * _M1 + unigrams[1:] + _BIGRAM) if len(unigrams) > 1 else _EMPTY
        trigrams = _mix(bigrams[:-1] * _M1 + unigrams[2:] + _TRIGRAM) if len(unigrams) > 2 else _EMPTY
    return unigrams, bigrams, trigrams


_EMPTY = np.zeros(0, dtype=np.uint64)


class DocFeatures:
    """Token hashes of a whole doc, computed once and sliced per unit."""

    def __init__(self, doc: Doc) -> None:
        array = doc.to_array([LOWER, LIKE_NUM, IS_SPACE])
        keep = array[:, 2] == 0
        # Positions of non-space tokens, so unit token ranges map into the compacted arrays.
        self.positions = np.flatnonzero(keep)
        self.unigrams, self.bigrams, self.trigrams = token_hashes(
            array[keep, 0].astype(np.uint64), array[keep, 1].astype(bool)
        )

    def token_range(self, span: Span) -> tuple[int, int]:
        return (
            int(np.searchsorted(self.positions, span.start)),
            int(np.searchsorted(self.positions, span.end)),
        )

    def ngram_hashes(self, start: int, end: int) -> list[np.ndarray]:
        parts = [self.unigrams[start:end]]
        if end - start > 1:
            parts.append(self.bigrams[start : end - 1])
        if end - start > 2:
            parts.append(self.trigrams[start : end - 2])
        return parts


def heading_hashes(heading_lowers: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Heading words and word pairs, in a namespace of their own."""
    parts: list[np.ndarray] = []
    with np.errstate(over="ignore"):
        for lowers in heading_lowers:
            unigrams, bigrams, _ = token_hashes(lowers, np.zeros(len(lowers), dtype=bool))
            parts.append(_mix(unigrams ^ _HEADING))
            if len(bigrams):
                parts.append(_mix(bigrams ^ _HEADING_BIGRAM))
    return parts


def cue_hashes(cue_ids: Sequence[int]) -> np.ndarray:
    with np.errstate(over="ignore"):
        return _mix(np.asarray(cue_ids, dtype=np.uint64) + _CUE)


def cue_feature_ids(cue_count: int, bits: int) -> np.ndarray:
    """Sorted feature ids of all ``cue_count`` cues below ``2**bits``.

    Training uses them to give cue features a larger value than n-grams (see
    :func:`checker.training.train.feature_matrix`); checking never needs them, because the
    value is folded into the stored weights.
    """
    return feature_ids([cue_hashes(range(cue_count))], bits)


def feature_ids(parts: Sequence[np.ndarray], bits: int) -> np.ndarray:
    """Sorted unique feature ids below ``2**bits`` (binary presence features)."""
    if not parts:
        return np.zeros(0, dtype=np.int64)
    mask = np.uint64((1 << bits) - 1)
    return np.unique((np.concatenate(parts) & mask).astype(np.int64))
