"""Clause identification stage: Document -> clauses.

Until the trained pipeline lands, every section of the document's tree is reported as a
clause of category ``unclassified``, so the report already has its final shape and later
stages can rely on the evidence fields (section, page, offsets).
"""

from __future__ import annotations

from checker.document import Document
from checker.findings import Clause

UNCLASSIFIED = "unclassified"


def sections_as_clauses(document: Document) -> list[Clause]:
    clauses: list[Clause] = []
    for section in document.walk_sections():
        text = document.text[section.start : section.end]
        clauses.append(
            Clause(
                category=UNCLASSIFIED,
                text=text,
                section=section.path or None,
                heading=section.heading,
                page=section.page,
                start=section.start,
                end=section.end,
                confidence=0.0,
            )
        )
    return clauses


def identify_clauses(document: Document) -> list[Clause]:
    return sections_as_clauses(document)
