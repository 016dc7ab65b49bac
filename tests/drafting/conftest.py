"""Helpers for the drafting analyses: a contract excerpt through the real parser (and pipeline)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from checker.clauses import analyse_document
from checker.drafting import DraftingAnalysis, Slip
from checker.limits import Limits
from checker.parsers import parse_bytes


def drafting_of(*texts: str, pipeline: bool = False) -> DraftingAnalysis:
    """The drafting analyses of one or more Markdown excerpts (one agreement, a bundle if several)."""
    documents = [
        parse_bytes(text.encode("utf-8"), f"doc{index}.md", Limits()) for index, text in enumerate(texts)
    ]
    if pipeline:
        return DraftingAnalysis.of([analyse_document(document) for document in documents])
    return DraftingAnalysis(documents)


def found(drafting: DraftingAnalysis, analysis: str, **options: object) -> list[tuple[str, str]]:
    """(kind, text at the slip) for each slip of an analysis, in document order."""
    slips = drafting.slips(analysis, **options)  # type: ignore[arg-type]
    return [(slip.kind, text_of(drafting, slip)) for slip in slips]


def text_of(drafting: DraftingAnalysis, slip: Slip) -> str:
    return drafting.agreement.documents[slip.document].text[slip.start : slip.end]


@pytest.fixture
def drafting() -> Callable[..., DraftingAnalysis]:
    return drafting_of
