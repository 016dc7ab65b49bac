"""The ``clause_segmenter`` component: clause units as ``doc.spans["units"]``.

When the checker runs the pipeline on a parsed contract it already knows the units (from the
Document's section tree, see :mod:`checker.nlp.units`) and hands them over in
``doc.user_data``; the component turns them into spans. When the pipeline is called on bare
text (``nlp("...")``), it derives units from the text's own layout, so the pipeline is usable
on its own like any spaCy pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span
from spacy.util import SimpleFrozenList

from checker.nlp.units import ClauseUnit

FACTORY_NAME = "clause_segmenter"
UNITS_KEY = "units"
USER_DATA_KEY = "checker.clause_units"
_BLANK_LINES_RE = re.compile(r"\n\s*\n|\n(?=\s*(?:\(?[a-zA-Z0-9]{1,4}[.)]|\d+\.\d+)\s)")

if not Span.has_extension("headings"):
    Span.set_extension("headings", default=())
if not Span.has_extension("section"):
    Span.set_extension("section", default=None)
if not Span.has_extension("is_heading"):
    Span.set_extension("is_heading", default=False)


def attach_units(doc: Doc, units: Iterable[ClauseUnit], offset: int = 0) -> Doc:
    """Hand clause units (offsets relative to ``offset`` in the source text) to the segmenter."""
    doc.user_data[USER_DATA_KEY] = [
        (unit.start - offset, unit.end - offset, unit.section, unit.headings, unit.is_heading)
        for unit in units
    ]
    return doc


class ClauseSegmenter(Pipe):
    """Writes clause units to ``doc.spans[spans_key]`` with their headings and section."""

    def __init__(self, nlp: Language, name: str = FACTORY_NAME, *, spans_key: str = UNITS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        given = doc.user_data.pop(USER_DATA_KEY, None)
        units = given if given is not None else _units_from_text(doc.text)
        spans: list[Span] = []
        for start, end, section, headings, is_heading in units:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            span._.headings = tuple(headings)
            span._.section = section
            span._.is_heading = is_heading
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        return b""

    def from_bytes(
        self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> ClauseSegmenter:
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        return None

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> ClauseSegmenter:
        return self


def _units_from_text(text: str) -> list[tuple[int, int, Any, tuple[str, ...], bool]]:
    """Paragraphs of bare text, split at blank lines and at lines that start a numbered item."""
    units: list[tuple[int, int, Any, tuple[str, ...], bool]] = []
    position = 0
    for match in [*_BLANK_LINES_RE.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[position:end]
        stripped_start = position + len(piece) - len(piece.lstrip())
        stripped_end = position + len(piece.rstrip())
        if stripped_end > stripped_start:
            units.append((stripped_start, stripped_end, None, (), False))
        position = match.end() if match else len(text)
    return units


@Language.factory(FACTORY_NAME, assigns=["doc.spans"], default_config={"spans_key": UNITS_KEY})
def make_clause_segmenter(nlp: Language, name: str, spans_key: str) -> ClauseSegmenter:
    return ClauseSegmenter(nlp, name, spans_key=spans_key)
