"""Read the CUAD development split into our own documents with labelled character ranges.

CUAD gives annotated spans as text, not offsets, and its text is one extraction of the PDF
among many. Each contract is parsed with our own text parser (so training sees exactly what
``check`` sees) and every annotated span is located in our normalised text, whitespace-
insensitively; spans CUAD cut with ``<omitted>`` are located piece by piece.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checker.document import Document
from checker.limits import Limits
from checker.parsers import parse_file
from checker.structure import normalise_text
from checker.taxonomy import load_taxonomy

OMITTED = "<omitted>"


@dataclass(slots=True)
class LabelledContract:
    """A CUAD contract as a parsed document plus, per category, the character ranges annotated."""

    id: str
    document: Document
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)
    unlocated: int = 0


def cuad_category_names() -> dict[str, tuple[str, ...]]:
    """Checker category id -> CUAD category names, from the taxonomy."""
    return {category.id: category.cuad for category in load_taxonomy().cuad_aligned}


def _search_text(document: Document) -> str:
    # Blocks are joined by single newlines and already whitespace-normalised, so swapping the
    # newlines for spaces gives a string with the same offsets and single spaces everywhere.
    return document.text.replace("\n", " ")


def locate_span(haystack: str, span: str, lowered: str | None = None) -> list[tuple[int, int]]:
    """Offsets of an annotated span (or each of its ``<omitted>`` pieces) in ``haystack``."""
    ranges: list[tuple[int, int]] = []
    lowered = lowered if lowered is not None else haystack.lower()
    search_from = 0
    for piece in span.split(OMITTED):
        needle = normalise_text(piece).strip(" .;,")
        if len(needle) < 3:
            continue
        position = haystack.find(needle, search_from)
        if position < 0:
            position = lowered.find(needle.lower(), search_from)
        if position < 0:
            position = _fuzzy_find(lowered, needle.lower(), search_from)
        if position < 0:
            continue
        ranges.append((position, position + len(needle)))
        search_from = position + len(needle)
    return ranges


_NON_WORD_RE = re.compile(r"\W+")


def _fuzzy_find(lowered: str, needle: str, start: int) -> int:
    """Find a span whose punctuation or quote marks differ (CUAD and our text normalise differently)."""
    words = [word for word in _NON_WORD_RE.split(needle) if word]
    if len(words) < 3:
        return -1
    pattern = r"\W+".join(re.escape(word) for word in words[:12])
    match = re.compile(pattern).search(lowered, start)
    return match.start() if match else -1


def load_cuad(data_dir: Path, *, limit: int | None = None, source: str = "txt") -> Iterator[LabelledContract]:
    """Yield the labelled contracts of a CUAD split (``labels.jsonl`` plus ``txt/`` or ``pdf/``)."""
    names = cuad_category_names()
    limits = Limits()
    with (data_dir / "labels.jsonl").open(encoding="utf-8") as handle:
        for count, line in enumerate(handle):
            if limit is not None and count >= limit:
                return
            record = json.loads(line)
            document = parse_file(data_dir / record[source], limits)
            yield label_document(record["id"], document, record["labels"], names)


def label_document(
    contract_id: str, document: Document, labels: dict[str, list[str]], names: dict[str, tuple[str, ...]]
) -> LabelledContract:
    haystack = _search_text(document)
    lowered = haystack.lower()
    contract = LabelledContract(id=contract_id, document=document)
    for category, cuad_names in names.items():
        ranges: list[tuple[int, int]] = []
        for name in cuad_names:
            if labels.get(name):
                contract.present.add(category)
            for span in labels.get(name, []):
                located = locate_span(haystack, span, lowered)
                if located:
                    ranges.extend(located)
                else:
                    contract.unlocated += 1
        contract.spans[category] = ranges
    return contract
