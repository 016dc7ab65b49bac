"""Text matchers of a rule set, compiled once and run in one pass per contract.

Rules look for wording with phrase lists (whole tokens, case-insensitive) and spaCy token
patterns, never raw regular expressions, so a rule file cannot make the checker hang. Every
matcher of every rule is registered in one spaCy ``PhraseMatcher`` and one ``Matcher``; a
contract's Docs go through each once and the hits are indexed by matcher key, which keeps
rule evaluation to a few milliseconds per contract however many rules there are.

spaCy's ``Matcher`` tests every pattern at every token, which costs hundreds of milliseconds
on a long contract. Most patterns require literal words ("may", "sole", one of "change/modify"),
so such *anchored* patterns run only on windows of ``ANCHOR_WINDOW`` tokens around an
occurrence of their rarest required word in this contract, and only where every other
required word also occurs within the window — found with vectorised lookups over the token
ids. The price is that an anchored match cannot stretch further than the window from its
rarest word, a limit that also keeps rule authors from writing patterns that span clauses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import IDX, LENGTH, LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

ANCHOR_WINDOW = 16
_OPTIONAL_OPS = frozenset({"?", "*", "!"})


WordSet = frozenset[str]


def required_word_sets(pattern: Sequence[dict[str, Any]]) -> tuple[WordSet, ...]:
    """For each non-optional token with literal words, the lower-case words it accepts."""
    words: list[WordSet] = []
    for token in pattern:
        if token.get("OP") in _OPTIONAL_OPS:
            continue
        for attribute in ("LOWER", "TEXT", "ORTH"):
            value = token.get(attribute)
            if isinstance(value, str):
                words.append(frozenset({value.lower()}))
                break
            if isinstance(value, dict) and "IN" in value:
                words.append(frozenset(word.lower() for word in value["IN"]))
                break
    return tuple(sorted(set(words), key=sorted))


@dataclass(frozen=True, slots=True)
class TextMatcher:
    """What one rule looks for in text: entity labels, phrases and token patterns (any of them)."""

    key: str
    entities: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()

    @property
    def has_text(self) -> bool:
        return bool(self.phrases or self.patterns)


@dataclass(frozen=True, slots=True)
class Hit:
    """A match in document coordinates: which analysed document and the character range."""

    document: int
    start: int
    end: int


@dataclass(slots=True)
class MatcherRegistry:
    """Collects every rule's matchers while rules load; compiles them when first used."""

    matchers: list[TextMatcher] = field(default_factory=list)
    _compiled: _Compiled | None = None

    def add(
        self,
        entities: Sequence[str] = (),
        phrases: Sequence[str] = (),
        patterns: Sequence[Sequence[dict[str, Any]]] = (),
    ) -> TextMatcher:
        matcher = TextMatcher(
            key=f"m{len(self.matchers)}",
            entities=tuple(entities),
            phrases=tuple(phrases),
            patterns=tuple(tuple(dict(token) for token in pattern) for pattern in patterns),
        )
        self.matchers.append(matcher)
        self._compiled = None
        return matcher

    def compile(self, nlp: Language) -> _Compiled:
        """Build the spaCy matchers; raises ValueError on a pattern spaCy rejects."""
        if self._compiled is None:
            phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
            unanchored = Matcher(nlp.vocab, validate=True)
            groups: dict[tuple[WordSet, ...], Matcher] = {}
            for matcher in self.matchers:
                if matcher.phrases:
                    phrases.add(matcher.key, [nlp.make_doc(phrase) for phrase in matcher.phrases])
                for pattern in matcher.patterns:
                    required = required_word_sets(pattern)
                    if not required:
                        unanchored.add(matcher.key, [list(pattern)])
                        continue
                    if required not in groups:
                        groups[required] = Matcher(nlp.vocab, validate=True)
                    groups[required].add(matcher.key, [list(pattern)])

            def hashes(words: WordSet) -> np.ndarray:
                return np.array(sorted(nlp.vocab.strings.add(word) for word in words), dtype=np.uint64)

            anchored = tuple(
                (tuple(hashes(words) for words in required), group) for required, group in groups.items()
            )
            self._compiled = _Compiled(phrases, unanchored, anchored)
        return self._compiled

    def run(self, nlp: Language, docs: Sequence[tuple[int, Doc, int]]) -> dict[str, list[Hit]]:
        """Hits per matcher key over (document index, Doc, character offset) triples."""
        compiled = self.compile(nlp)
        hits: dict[str, list[Hit]] = defaultdict(list)
        seen: set[tuple[str, int, int, int]] = set()
        strings = nlp.vocab.strings
        for document, doc, offset in docs:
            found = compiled.matches(doc)
            if not found:
                continue
            # Character offsets from token arrays: creating a Span per hit costs more than matching.
            positions = doc.to_array([IDX, LENGTH])
            for match_id, start, end in found:
                start_char = int(positions[start, 0])
                end_char = int(positions[end - 1, 0] + positions[end - 1, 1])
                key = strings[match_id]
                identity = (key, document, start_char, end_char)
                if identity in seen:
                    continue
                seen.add(identity)
                hits[key].append(Hit(document, start_char + offset, end_char + offset))
        for key in hits:
            hits[key].sort(key=lambda hit: (hit.document, hit.start))
        return hits


class _TokenIndex:
    """Positions of each word in a Doc, so a word set's occurrences cost a lookup, not a scan."""

    def __init__(self, doc: Doc) -> None:
        lowers = doc.to_array([LOWER]).reshape(-1)
        self.words, inverse = np.unique(lowers, return_inverse=True)
        self.order = np.argsort(inverse, kind="stable")
        counts = np.bincount(inverse, minlength=len(self.words))
        self.starts = np.concatenate(([0], np.cumsum(counts)))
        self._cache: dict[bytes, np.ndarray] = {}

    def positions(self, hashes: np.ndarray) -> np.ndarray:
        key = hashes.tobytes()
        if key not in self._cache:
            parts = []
            if len(self.words):
                index = np.minimum(np.searchsorted(self.words, hashes), len(self.words) - 1)
                present = index[self.words[index] == hashes]
                parts = [self.order[self.starts[i] : self.starts[i + 1]] for i in present.tolist()]
            self._cache[key] = np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
        return self._cache[key]


def _near(candidates: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Which candidates have one of ``positions`` within ANCHOR_WINDOW tokens."""
    if not len(positions):
        return np.zeros(len(candidates), dtype=bool)
    index = np.searchsorted(positions, candidates - ANCHOR_WINDOW)
    inside = index < len(positions)
    nearest = positions[np.minimum(index, len(positions) - 1)]
    return inside & (nearest <= candidates + ANCHOR_WINDOW)


@dataclass(frozen=True, slots=True)
class _Compiled:
    phrases: PhraseMatcher
    unanchored: Matcher
    # For each group of patterns with the same required words: those words' hashes, the patterns.
    anchored: tuple[tuple[tuple[np.ndarray, ...], Matcher], ...]

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match id, start token, end token) for every matcher over one Doc."""
        found: list[tuple[int, int, int]] = []
        if len(self.phrases):
            found.extend(self.phrases(doc))
        if len(self.unanchored):
            found.extend(self.unanchored(doc))
        if not self.anchored or not len(doc):
            return found
        index = _TokenIndex(doc)
        for required, matcher in self.anchored:
            occurrences = sorted((index.positions(hashes) for hashes in required), key=len)
            candidates = occurrences[0]
            for positions in occurrences[1:]:
                if not len(candidates):
                    break
                candidates = candidates[_near(candidates, positions)]
            for start, end in _windows(candidates, len(doc)):
                found.extend((match_id, start + s, start + e) for match_id, s, e in matcher(doc[start:end]))
        return found


def _windows(positions: np.ndarray, length: int) -> list[tuple[int, int]]:
    """Merged token windows of ANCHOR_WINDOW either side of each anchor position."""
    windows: list[tuple[int, int]] = []
    for position in positions.tolist():
        start, end = max(0, position - ANCHOR_WINDOW), min(length, position + ANCHOR_WINDOW + 1)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows
