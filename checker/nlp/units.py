"""Clause units: the stretches of a contract the classifier labels.

A unit is what a lawyer would quote as one provision: a numbered clause or sub-clause, or an
unnumbered paragraph, with the headings above it (a sub-clause "(b)" means little without
"12. Termination" over it). Very long blocks are cut at sentence ends so one unit stays
about one provision long; table rows are kept together because a row of an SLA table
("Priority 1 | 30 minutes | 4 hours") only makes sense whole.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from checker.document import Block, BlockKind, Document, Section

MAX_UNIT_WORDS = 120
_SENTENCE_END_RE = re.compile(r"(?<=[.;:])\s+(?=[(\"“]?[A-Z0-9(])")
_WORD_RE = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class ClauseUnit:
    """A clause unit with the context the classifier and the report need.

    ``headings`` runs from the outermost section heading to the unit's own (run-in) heading.
    ``is_heading`` marks a unit that is only a heading line: it is evidence for the section
    below it, not a provision of its own.
    """

    start: int
    end: int
    section: str | None
    headings: tuple[str, ...]
    page: int | None
    is_heading: bool = False

    @property
    def heading(self) -> str | None:
        return self.headings[-1] if self.headings else None


def _section_headings(document: Document) -> dict[int, tuple[str, ...]]:
    """Map each block index to the headings of the sections that contain it."""
    headings: dict[int, tuple[str, ...]] = {}

    def visit(section: Section, inherited: tuple[str, ...]) -> None:
        own = (*inherited, section.heading) if section.heading else inherited
        for index in range(section.first_block, section.last_block + 1):
            headings[index] = own
        for child in section.children:
            visit(child, own)

    for root in document.sections:
        visit(root, ())
    return headings


def _sentence_chunks(text: str, offset: int, max_words: int) -> list[tuple[int, int]]:
    """Cut a long block at sentence ends into pieces of at most about ``max_words`` words."""
    if len(_WORD_RE.findall(text)) <= max_words:
        return [(offset, offset + len(text))]
    cuts = [0, *(match.end() for match in _SENTENCE_END_RE.finditer(text)), len(text)]
    chunks: list[tuple[int, int]] = []
    chunk_start, words = 0, 0
    for left, right in itertools.pairwise(cuts):
        sentence_words = len(_WORD_RE.findall(text[left:right]))
        if words and words + sentence_words > max_words:
            chunks.append((offset + chunk_start, offset + left))
            chunk_start, words = left, 0
        words += sentence_words
    if chunk_start < len(text):
        chunks.append((offset + chunk_start, offset + len(text)))
    return [(start, _rstrip_end(text, offset, start, end)) for start, end in chunks]


def _rstrip_end(text: str, offset: int, start: int, end: int) -> int:
    while end > start and text[end - offset - 1].isspace():
        end -= 1
    return end


def _table_rows(blocks: list[Block]) -> list[list[Block]]:
    rows: list[list[Block]] = []
    for block in blocks:
        cell = block.table_cell
        previous = rows[-1][-1].table_cell if rows else None
        same_row = (
            previous is not None
            and cell is not None
            and (cell.table, cell.row) == (previous.table, previous.row)
        )
        if same_row:
            rows[-1].append(block)
        else:
            rows.append([block])
    return rows


def clause_units(document: Document, max_words: int = MAX_UNIT_WORDS) -> list[ClauseUnit]:
    """Split a document into clause units in reading order."""
    headings = _section_headings(document)
    units: list[ClauseUnit] = []
    index = 0
    blocks = document.blocks
    while index < len(blocks):
        block = blocks[index]
        context = headings.get(block.index, ())
        if block.kind is BlockKind.TABLE_CELL:
            end_index = index
            while end_index + 1 < len(blocks) and blocks[end_index + 1].kind is BlockKind.TABLE_CELL:
                end_index += 1
            for row in _table_rows(blocks[index : end_index + 1]):
                units.append(ClauseUnit(row[0].start, row[-1].end, row[0].section_path, context, row[0].page))
            index = end_index + 1
            continue
        if block.kind is BlockKind.HEADING:
            units.append(
                ClauseUnit(block.start, block.end, block.section_path, context, block.page, is_heading=True)
            )
        else:
            for start, end in _sentence_chunks(block.text, block.start, max_words):
                units.append(ClauseUnit(start, end, block.section_path, context, block.page))
        index += 1
    return units
