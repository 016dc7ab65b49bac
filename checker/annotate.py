"""Word review copy: the findings as real Word comments in a copy of the contract.

A lawyer reviewing a draft works in Word, so each finding becomes a comment (python-docx's
comments API) anchored on the clause it concerns, or on the title for a protection missing
altogether, carrying the rule id, the message and the model clause.

Findings locate themselves by offsets into ``Document.text``; the block there knows the index
of its ``w:p`` among the body's paragraphs in reading order. That index is mapped back to the
element by walking the body with the parser's own reader (:class:`_BodyReader`), so table
cells, text boxes, content controls and tracked changes are counted exactly as when the
document was read, including which tracked-change view (accepted or original) was used.

The input file is only ever read. The copy is written to a temporary file beside the output
and renamed into place, so a failure never leaves half a document behind.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.oxml.parser import OxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from checker.document import Block, BlockKind, Document, DocumentFormat, TableCellRef
from checker.findings import Finding
from checker.parsers.docx import W_P, W_PPR, W_R, W_TXBX_CONTENT, _BodyReader, _content, _related_element
from checker.parsers.docx_numbering import NumberingResolver, StyleTable, w
from checker.runner import DocumentResult

AUTHOR = "contract-checker"
INITIALS = "CC"

# Paragraph children that mark a position rather than hold content; an anchor run may sit
# outside them without changing what the comment covers.
_MARKUP_TAGS = frozenset(
    w(tag)
    for tag in (
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "proofErr",
        "permStart",
        "permEnd",
    )
)
# Characters XML 1.0 cannot carry; lxml refuses them, so they are dropped from comment text.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class AnnotateError(ValueError):
    """The review copy cannot be written (wrong input, output path, or a result for another file)."""


@dataclass(slots=True)
class _Body:
    """Paragraph elements of the opened document, indexed as the parser indexed them."""

    paragraphs: list[etree._Element] = field(default_factory=list)
    # First and last of a cell's own paragraphs (nested tables are cells of their own).
    cells: dict[TableCellRef, tuple[etree._Element, etree._Element]] = field(default_factory=dict)


class _ParagraphLocator(_BodyReader):
    """The parser's body reader, recording each ``w:p`` and table cell it visits.

    Reusing the reader rather than re-implementing its walk keeps the indexes identical to the
    ones in ``Block.paragraph`` whatever the parser learns to read later.
    """

    def __init__(self, styles: StyleTable, numbering: NumberingResolver, *, original: bool) -> None:
        super().__init__(styles, numbering, original=original)
        self.located = _Body()

    def _paragraph(self, element: etree._Element) -> tuple[Any, list[etree._Element]]:
        self.located.paragraphs.append(element)
        return super()._paragraph(element)

    def _cell(self, cell: etree._Element, ref: TableCellRef, *, emit: bool) -> None:
        own = list(_content(cell, (W_P,), self._hidden_changes))
        if own:
            self.located.cells[ref] = (own[0], own[-1])
        super()._cell(cell, ref, emit=emit)


def annotate_docx(source: Path, output: Path, result: DocumentResult) -> int:
    """Write ``output``: a copy of ``source`` with one Word comment per finding; return the count.

    ``result`` must come from checking ``source`` itself (its document hash is verified), so
    the offsets in the findings point into this file's text. Raises :class:`AnnotateError`
    when the result is an error or not a DOCX, or when ``output`` would overwrite ``source``.
    """
    check_output_path(source, output)
    data = source.read_bytes()
    document = _checked_document(result, data)
    word = docx.Document(io.BytesIO(data))
    original = document.metadata.get("tracked_changes_view") == "original"
    placement = _Placement(document, _locate_paragraphs(word, original=original), word)
    anchors = _Anchors(word)
    for finding in result.findings:
        first, last = placement.paragraphs(finding)
        word.add_comment(
            [anchors.first(first), anchors.last(last)],
            text=comment_text(finding),
            author=AUTHOR,
            initials=INITIALS,
        )
    _save_atomically(word, output)
    return len(result.findings)


def comment_text(finding: Finding) -> str:
    """What the reviewer reads in the margin: rule, severity, message, clause and the fix."""
    lines = [f"{finding.rule_id} ({finding.severity}): {finding.title}", finding.message]
    if finding.section:
        lines.append(f"Clause: {finding.section}")
    elif finding.start is None:
        lines.append("Missing from the contract.")
    if finding.remediation:
        lines.append(f"Model clause: {finding.remediation.strip()}")
    return _XML_INVALID.sub("", "\n".join(line.strip() for line in lines if line and line.strip()))


# -- checks ---------------------------------------------------------------------------------


def check_output_path(source: Path, output: Path) -> None:
    """Refuse an output that is the input under any name (the input is never modified), or in no folder.

    Public so the command can refuse before spending seconds on the check.
    """
    same = source.resolve() == output.resolve()
    if not same and output.exists():
        with contextlib.suppress(OSError):
            same = os.path.samefile(source, output)
    if same:
        raise AnnotateError("the output path is the input file; choose another path for the review copy")
    if not output.parent.is_dir():
        raise AnnotateError(f"the output folder {output.parent} does not exist")


def _checked_document(result: DocumentResult, data: bytes) -> Document:
    if result.error is not None or result.document is None:
        reason = result.error.message if result.error is not None else "no document"
        raise AnnotateError(f"the file could not be checked: {reason}")
    document = result.document
    if document.format is not DocumentFormat.DOCX:
        raise AnnotateError(f"not a Word document ({document.format.value}); annotate needs a DOCX file")
    if document.sha256 != hashlib.sha256(data).hexdigest():
        raise AnnotateError("the file changed since it was checked; run the check again")
    return document


# -- from findings to paragraphs --------------------------------------------------------------


def _locate_paragraphs(word: Any, *, original: bool) -> _Body:
    """Walk the opened document's body exactly as :func:`checker.parsers.docx.parse_docx` does."""
    part = word.part
    styles = StyleTable(_related_element(part, "/styles"))
    locator = _ParagraphLocator(
        styles, NumberingResolver(_related_element(part, "/numbering"), styles), original=original
    )
    body = word.element.body
    if body is not None:
        locator.read_blocks(body)
    return locator.located


class _Placement:
    """Where each finding's comment goes: the ``w:p`` elements of its clause, else the title."""

    def __init__(self, document: Document, body: _Body, word: Any) -> None:
        self.document = document
        self.body = body
        self.word = word
        self._starts = [block.start for block in document.blocks]
        self._ends = [block.end for block in document.blocks]
        self._order = {paragraph: index for index, paragraph in enumerate(body.paragraphs)}

    def paragraphs(self, finding: Finding) -> tuple[etree._Element, etree._Element]:
        """First and last paragraph the comment covers.

        A clause spanning several blocks is covered whole, unless its ends lie in different
        stories (the body and a text box) or out of order (an outer cell and the table nested
        in it): Word cannot show such a range, so the comment covers the first block only.
        """
        blocks = self._blocks_covering(finding.start, finding.end)
        if blocks is None:
            title = self.title()
            return title, title
        first, first_end = self._block_paragraphs(blocks[0])
        _, last = self._block_paragraphs(blocks[1])
        if _story(first) is not _story(last) or self._order.get(last, 0) < self._order.get(first, 0):
            return first, first_end
        return first, last

    def _blocks_covering(self, start: int | None, end: int | None) -> tuple[Block, Block] | None:
        """First and last block overlapping ``[start, end)``; the first block when unlocated.

        ``end`` often includes the separator after a block, which belongs to no block, so the
        last block is the last one starting before ``end`` rather than the one holding ``end - 1``.
        """
        blocks = self.document.blocks
        if not blocks:
            return None
        if start is None or not 0 <= start < len(self.document.text):
            return blocks[0], blocks[0]
        stop = max(end if end is not None else start + 1, start + 1)
        first_index = min(bisect.bisect_right(self._ends, start), len(blocks) - 1)
        last_index = max(bisect.bisect_left(self._starts, stop) - 1, first_index)
        return blocks[first_index], blocks[last_index]

    def _block_paragraphs(self, block: Block) -> tuple[etree._Element, etree._Element]:
        """The ``w:p`` elements a block was read from: one paragraph, or all of a table cell's."""
        if block.kind is BlockKind.TABLE_CELL and block.table_cell in self.body.cells:
            return self.body.cells[block.table_cell]
        paragraphs = self.body.paragraphs
        if block.paragraph is not None and 0 <= block.paragraph < len(paragraphs):
            return paragraphs[block.paragraph], paragraphs[block.paragraph]
        title = self.title()
        return title, title

    def title(self) -> etree._Element:
        """The first paragraph with text, else any paragraph, else a new one (an empty body)."""
        for paragraph in self.body.paragraphs:
            if "".join(paragraph.itertext()).strip():
                return paragraph
        if not self.body.paragraphs:
            self.body.paragraphs.append(self.word.add_paragraph()._p)
        return self.body.paragraphs[0]


def _story(paragraph: etree._Element) -> etree._Element | None:
    """The text box holding a paragraph, or None for the main body."""
    for ancestor in paragraph.iterancestors(W_TXBX_CONTENT):
        return ancestor
    return None


# -- runs the comment range is attached to ------------------------------------------------------


class _Anchors:
    """First and last run of each paragraph, fixed before any comment is added.

    Fixing them once makes several comments on one paragraph nest cleanly (each new range
    starts just inside the previous start and ends just inside the previous end) instead of
    anchoring on the comment-reference runs that earlier comments added.
    """

    def __init__(self, word: Any) -> None:
        self._word = word
        self._first: dict[etree._Element, Run] = {}
        self._last: dict[etree._Element, Run] = {}

    def first(self, paragraph: etree._Element) -> Run:
        if paragraph not in self._first:
            self._first[paragraph] = self._run(paragraph, _edge_run(paragraph, last=False))
        return self._first[paragraph]

    def last(self, paragraph: etree._Element) -> Run:
        if paragraph not in self._last:
            self._last[paragraph] = self._run(paragraph, _edge_run(paragraph, last=True))
        return self._last[paragraph]

    def _run(self, paragraph: etree._Element, run: etree._Element) -> Run:
        return Run(run, Paragraph(paragraph, self._word))


def _edge_run(paragraph: etree._Element, *, last: bool) -> etree._Element:
    """The paragraph's first (or last) direct ``w:r`` when nothing with content lies outside it.

    When the paragraph starts (or ends) with something other than a plain run — a hyperlink,
    a tracked insertion, a field, a content control — or has no run at all, an empty run is
    inserted at that edge, so the comment still covers the whole paragraph.
    """
    content = [child for child in paragraph if _holds_content(child)]
    edge = content[-1] if last and content else content[0] if content else None
    if edge is not None and edge.tag == W_R:
        return edge
    run = OxmlElement("w:r")
    if edge is None:
        paragraph.append(run)
    elif last:
        edge.addnext(run)
    else:
        edge.addprevious(run)
    return run


def _holds_content(child: etree._Element) -> bool:
    tag = child.tag
    return isinstance(tag, str) and tag != W_PPR and tag not in _MARKUP_TAGS


# -- writing ------------------------------------------------------------------------------------


def _save_atomically(word: Any, output: Path) -> None:
    """Save to a temporary file in the output's folder, then rename it over the output."""
    folder = output.parent if str(output.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, before the rename
        dir=folder, prefix=f".{output.name}.", suffix=".tmp", delete=False
    )
    temporary = Path(handle.name)
    try:
        with handle:
            word.save(handle)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _umask() -> int:
    """The process umask, so the copy gets the permissions a normal file write would give it."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


__all__ = ["AUTHOR", "AnnotateError", "annotate_docx", "check_output_path", "comment_text"]
