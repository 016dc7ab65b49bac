"""Clause identification stage: Document -> clauses and values, through the trained spaCy pipeline.

Each clause carries its evidence (text, section, page, offsets into the document text) so a
reader can see why the contract was found to contain a protection. The stage hands the rule
engine a :class:`ClauseAnalysis`: the clauses, the normalised values, and the spaCy Docs they
came from, so rule patterns run over tokens already made instead of tokenising twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from checker.document import Document
from checker.findings import Clause, Value
from checker.nlp.pipeline import load_pipeline, run_document


@dataclass(slots=True)
class ClauseAnalysis:
    """What the pipeline found in one document; ``docs`` pairs each chunk Doc with its offset."""

    document: Document
    clauses: list[Clause] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    docs: list[tuple[Doc, int]] = field(default_factory=list)


def analyse_document(document: Document) -> ClauseAnalysis:
    """Run the clause pipeline over a document and collect clauses and values in reading order."""
    nlp = load_pipeline()
    analysis = ClauseAnalysis(document=document)
    for doc, offset in run_document(nlp, document):
        analysis.docs.append((doc, offset))
        group = doc.spans["clauses"]
        for span, confidence in zip(group, group.attrs["scores"], strict=True):
            start, end = span.start_char + offset, span.end_char + offset
            block = document.block_at(start)
            headings = span._.headings
            analysis.clauses.append(
                Clause(
                    category=span.label_,
                    text=document.text[start:end],
                    section=span._.section,
                    heading=headings[-1] if headings else None,
                    page=block.page if block else None,
                    start=start,
                    end=end,
                    confidence=round(float(confidence), 4),
                )
            )
        for span in doc.spans.get("values", []):
            analysis.values.append(
                Value(
                    label=span.label_,
                    text=span.text,
                    start=span.start_char + offset,
                    end=span.end_char + offset,
                    value=dict(span._.value or {}),
                )
            )
    analysis.clauses.sort(key=lambda clause: (clause.start, clause.category))
    analysis.values.sort(key=lambda value: (value.start, value.label))
    return analysis


def identify_clauses(document: Document) -> list[Clause]:
    """Every clause unit the classifier assigns a category to, in reading order."""
    return analyse_document(document).clauses
