"""What the rules are evaluated against: one contract, or several documents forming one agreement.

An agreement is often an MSA plus an SLA schedule, a DPA and statements of work; the rules
must see the union of their clauses, while every piece of evidence still names the document
it comes from. A :class:`Subject` wraps the clause analyses of those documents and caches what
several rules ask for (clauses by category, text matches, facts) so each is computed once.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from checker.clauses import ClauseAnalysis
from checker.findings import Clause, Value
from checker.rules.matching import Hit, MatcherRegistry, TextMatcher

if TYPE_CHECKING:
    from checker.drafting import DraftingAnalysis

# Characters that end a sentence-like stretch for "same sentence" tests: a full stop or a
# semicolon followed by a space, or a line break. A colon does not: "Availability: 99.9%".
_SENTENCE_ENDS = (". ", "; ", "\n")


@dataclass(frozen=True, slots=True)
class Evidence:
    """A stretch of one document that a finding points at."""

    document: int
    start: int
    end: int
    section: str | None = None
    page: int | None = None


@dataclass
class Subject:
    """The documents of one agreement, with caches shared by every rule evaluated on them."""

    analyses: Sequence[ClauseAnalysis]
    registry: MatcherRegistry
    contract_type: str | None = None
    _hits: dict[str, list[Hit]] | None = None
    _facts: dict[str, bool] = field(default_factory=dict)

    @cached_property
    def clauses_by_category(self) -> dict[str, list[tuple[int, Clause]]]:
        grouped: dict[str, list[tuple[int, Clause]]] = defaultdict(list)
        for index, analysis in enumerate(self.analyses):
            for clause in analysis.clauses:
                grouped[clause.category].append((index, clause))
        return grouped

    @cached_property
    def values_by_label(self) -> dict[str, list[tuple[int, Value]]]:
        grouped: dict[str, list[tuple[int, Value]]] = defaultdict(list)
        for index, analysis in enumerate(self.analyses):
            for value in analysis.values:
                grouped[value.label].append((index, value))
        return grouped

    def clauses(self, categories: Sequence[str], min_confidence: float = 0.0) -> list[tuple[int, Clause]]:
        found = [
            item
            for category in categories
            for item in self.clauses_by_category.get(category, ())
            if item[1].confidence >= min_confidence
        ]
        found.sort(key=lambda item: (item[0], item[1].start))
        return found

    def hits(self, matcher: TextMatcher) -> list[Hit]:
        """Where a matcher's phrases, patterns or entities occur, in document order."""
        if self._hits is None:
            self._hits = self._run_matchers()
        found = list(self._hits.get(matcher.key, ()))
        for label in matcher.entities:
            found.extend(
                Hit(index, value.start, value.end) for index, value in self.values_by_label.get(label, ())
            )
        if matcher.entities:
            found.sort(key=lambda hit: (hit.document, hit.start))
        return found

    def _run_matchers(self) -> dict[str, list[Hit]]:
        if not any(matcher.has_text for matcher in self.registry.matchers):
            return {}
        from checker.nlp.pipeline import load_pipeline

        docs = [
            (index, doc, offset)
            for index, analysis in enumerate(self.analyses)
            for doc, offset in analysis.docs
        ]
        return self.registry.run(load_pipeline(), docs)

    @cached_property
    def lower_texts(self) -> list[str]:
        return [analysis.document.text.lower() for analysis in self.analyses]

    def text(self, document: int) -> str:
        return self.analyses[document].document.text

    def path(self, document: int) -> str:
        return self.analyses[document].document.path

    def sentence(self, document: int, start: int, end: int) -> tuple[int, int]:
        """The sentence-like stretch around a range, for 'same sentence' conditions."""
        text = self.text(document)
        starts = [found + len(mark) for mark in _SENTENCE_ENDS if (found := text.rfind(mark, 0, start)) >= 0]
        ends = [found + 1 for mark in _SENTENCE_ENDS if (found := text.find(mark, end)) >= 0]
        return max(starts, default=0), min(ends, default=len(text))

    def evidence_at(self, document: int, start: int, end: int) -> Evidence:
        """Evidence for a range, with the section and page of the block it starts in."""
        parsed = self.analyses[document].document
        block = parsed.block_at(start)
        return Evidence(
            document,
            start,
            end,
            section=block.section_path if block else None,
            page=block.page if block else None,
        )

    def clause_evidence(self, document: int, clause: Clause) -> Evidence:
        return Evidence(document, clause.start, clause.end, section=clause.section, page=clause.page)

    def fact(self, name: str) -> bool:
        if name not in self._facts:
            from checker.rules.facts import compute_fact

            self._facts[name] = compute_fact(name, self)
        return self._facts[name]

    @cached_property
    def drafting(self) -> DraftingAnalysis:
        """The drafting analyses of the agreement, shared by every drafting rule."""
        from checker.drafting import DraftingAnalysis

        return DraftingAnalysis.of(self.analyses)

    @cached_property
    def detected_contract_type(self) -> str:
        if self.contract_type:
            return self.contract_type
        from checker.rules.facts import detect_contract_type

        return detect_contract_type(self)


def in_range(hits: Sequence[Hit], document: int, start: int, end: int) -> list[Hit]:
    """Hits that lie inside a character range of one document (hits sorted by position)."""
    first = bisect.bisect_left(hits, (document, start), key=lambda hit: (hit.document, hit.start))
    found = []
    for hit in hits[first:]:
        if hit.document != document or hit.start >= end:
            break
        if hit.end <= end:
            found.append(hit)
    return found


def describe(value: Any) -> str:
    """A value as a message shows it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
