"""Drafting hygiene: the slips that reach a signature more often than a missing clause.

Each module is one analysis of the parsed documents of an agreement (and, where it helps, of
the values the clause pipeline found); each returns :class:`~checker.drafting.model.Slip`
objects with exact offsets. The rule engine's ``drafting`` check kind
(:class:`checker.rules.checks.Drafting`) names an analysis and, optionally, the kinds of slip
it reports, and raises one finding per slip:

=========================  ==================================================  =====================
analysis                   what it finds                                       kinds
=========================  ==================================================  =====================
placeholders               "[●]", "$[___]", "[TBD]", "[insert date]", "XX"     blank tbd insert named
                                                                               xx underscore
drafting_notes             "[Note to draft: ...]", "[Supplier to confirm]"     note
alternatives               "[Supplier/Customer]", "[30] [60] days", "[OR]"     choice option
highlights                 highlighted text (DOCX, CriticMarkup)               highlight
comments                   comments not marked done                            comment
tracked_changes            tracked changes not accepted                        insertion deletion
                                                                               replacement move
cross_references           "Section 14.3", "Schedule 4" that do not exist      clause attachment
undefined_terms            capitalised terms used, never defined               undefined
unused_terms               terms defined, never used                           unused
conflicting_definitions    terms defined twice differently                     conflict
late_definitions           terms used before a definition given in passing     late
parties                    role names never defined, two names for a party     undefined_role two_names
numbering                  gaps and duplicates in clause numbers               gap duplicate
figures                    words and figures that disagree                     words_digits
=========================  ==================================================  =====================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from checker.document import Document
from checker.drafting import cross_references, figures, numbering, parties, placeholders, review_marks
from checker.drafting import defined_terms as terms
from checker.drafting.model import Agreement, Slip
from checker.findings import Value

if TYPE_CHECKING:
    from checker.clauses import ClauseAnalysis

__all__ = ["ANALYSES", "Agreement", "Analysis", "DraftingAnalysis", "Slip"]


@dataclass(frozen=True, slots=True)
class Analysis:
    """A named analysis, the kinds of slip it reports, and how to run it on a DraftingAnalysis."""

    name: str
    kinds: tuple[str, ...]
    run: Callable[[DraftingAnalysis, tuple[str, ...]], list[Slip]]


def _agreement_level(function: Callable[[Agreement], list[Slip]]) -> Callable[..., list[Slip]]:
    return lambda drafting, allow: function(drafting.agreement)


ANALYSES: dict[str, Analysis] = {
    analysis.name: analysis
    for analysis in (
        Analysis(
            placeholders.PLACEHOLDERS,
            placeholders.PLACEHOLDER_KINDS,
            _agreement_level(placeholders.find_placeholders),
        ),
        Analysis(
            placeholders.DRAFTING_NOTES,
            placeholders.NOTE_KINDS,
            _agreement_level(placeholders.find_drafting_notes),
        ),
        Analysis(
            placeholders.ALTERNATIVES,
            placeholders.ALTERNATIVE_KINDS,
            _agreement_level(placeholders.find_alternatives),
        ),
        Analysis(
            review_marks.HIGHLIGHTS,
            review_marks.HIGHLIGHT_KINDS,
            _agreement_level(review_marks.find_highlights),
        ),
        Analysis(
            review_marks.COMMENTS, review_marks.COMMENT_KINDS, _agreement_level(review_marks.find_comments)
        ),
        Analysis(
            review_marks.TRACKED_CHANGES,
            review_marks.CHANGE_KINDS,
            _agreement_level(review_marks.find_tracked_changes),
        ),
        Analysis(
            cross_references.CROSS_REFERENCES,
            cross_references.KINDS,
            _agreement_level(cross_references.find_cross_references),
        ),
        Analysis(
            terms.UNDEFINED_TERMS,
            terms.UNDEFINED_KINDS,
            lambda drafting, allow: terms.find_undefined_terms(drafting.terms, allow),
        ),
        Analysis(
            terms.UNUSED_TERMS,
            terms.UNUSED_KINDS,
            lambda drafting, _: terms.find_unused_terms(drafting.terms),
        ),
        Analysis(
            terms.CONFLICTING_DEFINITIONS,
            terms.CONFLICT_KINDS,
            lambda drafting, _: terms.find_conflicting_definitions(drafting.terms),
        ),
        Analysis(
            terms.LATE_DEFINITIONS,
            terms.LATE_KINDS,
            lambda drafting, _: terms.find_late_definitions(drafting.terms),
        ),
        Analysis(
            parties.PARTIES, parties.KINDS, lambda drafting, _: parties.find_party_names(drafting.terms)
        ),
        Analysis(numbering.NUMBERING, numbering.KINDS, _agreement_level(numbering.find_numbering_slips)),
        Analysis(figures.FIGURES, figures.KINDS, _agreement_level(figures.find_figure_slips)),
    )
}


class DraftingAnalysis:
    """The drafting analyses of one agreement, each run at most once (per allow-list)."""

    def __init__(self, documents: Sequence[Document], values: Sequence[Sequence[Value]] = ()) -> None:
        self.agreement = Agreement(documents, values)
        self._slips: dict[tuple[str, tuple[str, ...]], list[Slip]] = {}

    @classmethod
    def of(cls, analyses: Iterable[ClauseAnalysis]) -> DraftingAnalysis:
        """From clause analyses: their documents and the values the pipeline found in each."""
        items = list(analyses)
        return cls([item.document for item in items], [item.values for item in items])

    @cached_property
    def terms(self) -> terms.TermIndex:
        return terms.TermIndex(self.agreement)

    def slips(self, name: str, allow: Iterable[str] = ()) -> list[Slip]:
        key = (name, tuple(sorted(allow)))
        if key not in self._slips:
            self._slips[key] = ANALYSES[name].run(self, key[1])
        return self._slips[key]
