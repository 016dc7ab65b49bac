"""Clause identification stage: Document -> clauses, through the trained spaCy pipeline.

Each clause carries its evidence (text, section, page, offsets into the document text) so a
reader can see why the contract was found to contain a protection.
"""

from __future__ import annotations

from checker.document import Document
from checker.findings import Clause
from checker.nlp.pipeline import load_pipeline, run_document


def identify_clauses(document: Document) -> list[Clause]:
    """Every clause unit the classifier assigns a category to, in reading order."""
    nlp = load_pipeline()
    clauses: list[Clause] = []
    for doc, offset in run_document(nlp, document):
        group = doc.spans["clauses"]
        for span, confidence in zip(group, group.attrs["scores"], strict=True):
            start, end = span.start_char + offset, span.end_char + offset
            block = document.block_at(start)
            headings = span._.headings
            clauses.append(
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
    clauses.sort(key=lambda clause: (clause.start, clause.category))
    return clauses
