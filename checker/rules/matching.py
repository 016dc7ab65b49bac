"""Text matchers of a rule set, compiled once and run in one pass per contract.

Rules look for wording with phrase lists (whole tokens, case-insensitive) and spaCy token
patterns, never raw regular expressions, so a rule file cannot make the checker hang. Every
matcher of every rule is registered in one spaCy ``PhraseMatcher`` and one ``Matcher``; a
contract's Docs go through each once and the hits are indexed by matcher key, which keeps
rule evaluation to a few milliseconds per contract however many rules there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc


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
    _compiled: tuple[PhraseMatcher, Matcher] | None = None

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

    def compile(self, nlp: Language) -> tuple[PhraseMatcher, Matcher]:
        """Build the spaCy matchers; raises ValueError on a pattern spaCy rejects."""
        if self._compiled is None:
            phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
            token_matcher = Matcher(nlp.vocab, validate=True)
            for matcher in self.matchers:
                if matcher.phrases:
                    phrase_matcher.add(matcher.key, [nlp.make_doc(phrase) for phrase in matcher.phrases])
                if matcher.patterns:
                    token_matcher.add(matcher.key, [list(pattern) for pattern in matcher.patterns])
            self._compiled = (phrase_matcher, token_matcher)
        return self._compiled

    def run(self, nlp: Language, docs: Sequence[tuple[int, Doc, int]]) -> dict[str, list[Hit]]:
        """Hits per matcher key over (document index, Doc, character offset) triples."""
        phrase_matcher, token_matcher = self.compile(nlp)
        hits: dict[str, list[Hit]] = defaultdict(list)
        strings = nlp.vocab.strings
        for document, doc, offset in docs:
            found = []
            if len(phrase_matcher):
                found.extend(phrase_matcher(doc))
            if len(token_matcher):
                found.extend(token_matcher(doc))
            for match_id, start, end in found:
                span = doc[start:end]
                hits[strings[match_id]].append(
                    Hit(document, span.start_char + offset, span.end_char + offset)
                )
        for key in hits:
            hits[key].sort(key=lambda hit: (hit.document, hit.start))
        return hits
