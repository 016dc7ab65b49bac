"""The parsed contract: the only object later stages (clauses, rules, reports) read.

Every parser, whatever the file format, ends by handing a list of :class:`RawBlock` to
:func:`checker.structure.build_document`, so the offsets, clause numbers and the section tree
are computed in exactly one place and mean the same thing for a PDF, a DOCX or a text file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class BlockKind(str, Enum):
    """What a block is on the page; rules and the clause segmenter treat them differently."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"


class DocumentFormat(str, Enum):
    """Formats detected from content (magic bytes), never from the file extension."""

    PDF = "pdf"
    DOCX = "docx"
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class TableCellRef:
    """Where a table cell sits, so a reader can find it again in the original file."""

    table: int
    row: int
    column: int


@dataclass(frozen=True, slots=True)
class RawMark:
    """A review mark a parser saw inside a block: highlighted text, a comment, a tracked change.

    ``start``/``end`` are offsets into the block's raw ``text`` (equal for a mark with nothing
    visible in the chosen view, such as a deletion read as accepted); ``note`` holds what the
    reader does not see in the text: a comment's words, or the deleted or inserted text that
    this view leaves out. The structure builder turns them into document offsets
    (``Document.metadata["review_marks"]``) so the drafting lint can point at each one.
    """

    kind: str  # highlight | comment | insertion | deletion | move
    start: int
    end: int
    note: str | None = None
    author: str | None = None


@dataclass(slots=True)
class RawBlock:
    """A block as a parser sees it, before offsets and the section tree exist.

    ``label`` is the number printed (or auto-numbered) in front of the block as the reader
    sees it locally (``(b)``, ``12.3``, ``Article IV``); ``outline`` is an optional nesting
    depth the parser knows for certain (DOCX list level, Markdown heading level). The
    structure builder turns labels into full clause numbers such as ``12.3(b)``.
    """

    kind: BlockKind
    text: str
    page: int | None = None
    paragraph: int | None = None
    heading_level: int | None = None
    label: str | None = None
    outline: int | None = None
    table_cell: TableCellRef | None = None
    label_in_text: bool = False
    marks: list[RawMark] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the normalised text with its position and its clause number."""

    index: int
    kind: BlockKind
    text: str
    start: int
    end: int
    page: int | None
    paragraph: int | None
    heading_level: int | None
    number: str | None
    label: str | None
    section_path: str | None
    table_cell: TableCellRef | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind.value,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "paragraph": self.paragraph,
            "heading_level": self.heading_level,
            "number": self.number,
            "label": self.label,
            "section": self.section_path,
            "table_cell": None
            if self.table_cell is None
            else {
                "table": self.table_cell.table,
                "row": self.table_cell.row,
                "column": self.table_cell.column,
            },
        }


@dataclass(slots=True)
class Section:
    """A numbered clause or a headed part of the contract, with everything nested under it.

    ``start``/``end`` cover the section's own heading block and all its descendants, so a
    clause unit for the classifier is simply ``document.text[start:end]``.
    """

    number: str | None
    heading: str | None
    level: int
    start: int
    end: int
    page: int | None
    first_block: int
    last_block: int
    path: str
    children: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "heading": self.heading,
            "level": self.level,
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "first_block": self.first_block,
            "last_block": self.last_block,
            "children": [child.to_dict() for child in self.children],
        }


@dataclass(slots=True)
class Document:
    """A contract file turned into normalised text, blocks and a section tree."""

    path: str
    format: DocumentFormat
    sha256: str
    pages: int | None
    text: str
    blocks: list[Block]
    sections: list[Section]
    metadata: dict[str, Any] = field(default_factory=dict)

    def walk_sections(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def block_at(self, offset: int) -> Block | None:
        """The block containing a character offset (binary search: documents have thousands)."""
        low, high = 0, len(self.blocks) - 1
        while low <= high:
            middle = (low + high) // 2
            block = self.blocks[middle]
            if offset < block.start:
                high = middle - 1
            elif offset >= block.end:
                low = middle + 1
            else:
                return block
        return None

    def to_dict(self, *, with_blocks: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "format": self.format.value,
            "sha256": self.sha256,
            "pages": self.pages,
            "text": self.text,
            "sections": [section.to_dict() for section in self.sections],
            "metadata": self.metadata,
        }
        if with_blocks:
            data["blocks"] = [block.to_dict() for block in self.blocks]
        return data
