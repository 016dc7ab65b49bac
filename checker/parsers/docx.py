"""DOCX -> :class:`~checker.document.Document`.

The ZIP container and every XML part are checked by :mod:`checker.parsers.safety` before
python-docx sees a byte: python-docx opens the package and finds the parts, and the body is
then walked with plain lxml calls, because building python-docx proxy objects for every run
costs more than the rest of the parse.

What the reader sees is what we extract: tracked changes read as accepted (or as the
original, with ``Limits.docx_original_text``), field codes dropped but field results kept,
hidden runs dropped, comments, headers, footers and footnotes left out of the body text, and
Word's automatic numbering recomputed (:mod:`checker.parsers.docx_numbering`) so clause
numbers exist even though they are not in the file's text.

``paragraph`` on each block is the position of its ``w:p`` among all paragraphs of the body
in reading order (table cells and text boxes included, skipped paragraphs counted), so a
later lint can point back into the file. Metadata counts tracked insertions, deletions and
moves, comments, tables and highlighted runs (``highlighted_runs``), with the paragraph
indexes of the highlighted runs in ``highlighted_paragraphs``. For the drafting lint each
block also carries its review marks (:class:`~checker.document.RawMark`): highlighted text,
the range of each comment not marked done (with the comment's words and author) and each
tracked change, which the structure builder places in ``metadata["review_marks"]``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import docx
from lxml import etree

from checker.document import BlockKind, Document, DocumentFormat, RawBlock, RawMark, TableCellRef
from checker.errors import CorruptFileError, UnsupportedFormatError
from checker.limits import Limits
from checker.parsers.docx_numbering import NumberingResolver, StyleTable, w
from checker.parsers.safety import check_xml_parts, check_zip
from checker.structure import build_document

_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
_W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"

W_P, W_TBL, W_TR, W_TC, W_R, W_T = w("p"), w("tbl"), w("tr"), w("tc"), w("r"), w("t")
W_PPR, W_RPR, W_TCPR, W_TRPR = w("pPr"), w("rPr"), w("tcPr"), w("trPr")
W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
W_DEL_TEXT, W_NUM_PR, W_PPR_CHANGE = w("delText"), w("numPr"), w("pPrChange")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = w("sdt"), w("sdtContent"), w("customXml")
W_TXBX_CONTENT, W_NO_BREAK_HYPHEN = w("txbxContent"), w("noBreakHyphen")
MC_ALTERNATE, MC_CHOICE = f"{{{_MC_NS}}}AlternateContent", f"{{{_MC_NS}}}Choice"
W_COMMENT_START, W_COMMENT_END = w("commentRangeStart"), w("commentRangeEnd")
W_COMMENT_REFERENCE, W_ID, W_AUTHOR = w("commentReference"), w("id"), w("author")
_CHANGE_KINDS = {W_INS: "insertion", W_DEL: "deletion", W_MOVE_FROM: "move", W_MOVE_TO: "move"}
M_T = f"{{{_M_NS}}}t"

# Run children that a reader sees as a space; page and column breaks included.
_SPACE_TAGS = frozenset({w("tab"), w("ptab"), w("br"), w("cr")})
# Paragraph-level elements that never hold body text: properties, and field codes.
_NO_TEXT_TAGS = frozenset(
    {W_PPR, W_RPR, w("sdtPr"), w("sdtEndPr"), w("instrText"), w("delInstrText"), f"{{{_MC_NS}}}Fallback"}
)
# Containers that can wrap paragraphs, rows or cells; read through as if absent.
_WRAPPER_TAGS = frozenset({W_SDT, W_SDT_CONTENT, W_CUSTOM_XML})
_HIGHLIGHT, _VANISH, _VAL = w("highlight"), w("vanish"), w("val")
# A "heading" longer than this is a clause typed in a heading style (common in lawyers'
# templates, so it shows in the table of contents); it is kept as a clause, not a title.
_MAX_HEADING_CHARS = 200
_OFF = frozenset({"0", "false", "off"})


@dataclass(slots=True)
class _Paragraph:
    """One ``w:p`` as read: text, Word number and heading level (before offsets exist)."""

    index: int
    text: str
    label: str | None = None
    level: int | None = None
    numbered: bool = False
    heading_level: int | None = None
    marks: list[RawMark] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Comment:
    """A comment's words and author, and whether a reviewer marked it done (resolved)."""

    text: str
    author: str | None
    done: bool


@dataclass(slots=True)
class _Counts:
    tables: int = 0
    highlighted: list[int] = field(default_factory=list)


def parse_docx(data: bytes, path: str, limits: Limits) -> Document:
    """Parse a Word document into blocks; raise an :class:`InputError` for a refused file."""
    with check_zip(data, limits) as archive:
        check_xml_parts(archive, limits)
    word = _open_package(data)
    part = word.part
    styles = StyleTable(_related_element(part, "/styles"))
    reader = _BodyReader(
        styles,
        NumberingResolver(_related_element(part, "/numbering"), styles),
        original=limits.docx_original_text,
        comments=_comments(part),
    )
    body = word.element.body
    if body is not None:
        reader.read_blocks(body)
    metadata = _metadata(body, reader, part, original=limits.docx_original_text)
    return build_document(
        reader.blocks, path=path, format=DocumentFormat.DOCX, content=data, pages=None, metadata=metadata
    )


def _open_package(data: bytes) -> Any:
    """Open with python-docx; any failure of a checked-safe file means it is damaged."""
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as error:
        if "not a Word file" in str(error):
            raise UnsupportedFormatError(
                "unsupported format: Word template or macro-enabled document; save it as DOCX"
            ) from None
        raise CorruptFileError(f"corrupt file: damaged Word document ({type(error).__name__})") from None
    except Exception as error:  # python-docx and lxml raise many types on damaged packages
        raise CorruptFileError(f"corrupt file: damaged Word document ({type(error).__name__})") from None


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _related_element(part: Any, reltype_suffix: str) -> etree._Element | None:
    """Root element of the part the main document relates to by type, or None.

    Looked up through the relationships rather than python-docx's accessors, which would
    create a default part when the document has none.
    """
    for rel in part.rels.values():
        if rel.is_external or not rel.reltype.endswith(reltype_suffix):
            continue
        target = rel.target_part
        element = getattr(target, "element", None)
        if element is not None:
            return element
        try:
            return etree.fromstring(target.blob, _SAFE_PARSER)
        except (etree.LxmlError, ValueError):
            return None
    return None


class _BodyReader:
    """Walks body content in reading order and collects :class:`RawBlock` objects."""

    def __init__(
        self,
        styles: StyleTable,
        numbering: NumberingResolver,
        *,
        original: bool,
        comments: dict[str, _Comment] | None = None,
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.original = original
        self.comments = comments or {}
        self.blocks: list[RawBlock] = []
        self.counts = _Counts()
        self._paragraphs = 0
        # Review marks of the paragraph being read; marks of a paragraph with no visible text
        # (deleted whole) wait for the next one; comment ranges open across paragraphs.
        self._marks: list[RawMark] = []
        self._carried: list[RawMark] = []
        self._open_comments: dict[str, int] = {}
        self._placed_comments: set[str] = set()
        # In the accepted view deletions vanish; in the original view insertions do.
        self._hidden_changes = frozenset({W_INS, W_MOVE_TO} if original else {W_DEL, W_MOVE_FROM})
        self._text_tags = frozenset({W_T, W_DEL_TEXT} if original else {W_T})

    # -- block level ---------------------------------------------------------------------

    def read_blocks(self, parent: etree._Element) -> None:
        """Body, cell or text-box content: paragraphs become blocks, tables cells."""
        for element in _content(parent, (W_P, W_TBL), self._hidden_changes):
            if element.tag == W_TBL:
                self._table(element)
                continue
            paragraph, boxes = self._paragraph(element)
            if paragraph is not None:
                self._emit(paragraph)
            for box in boxes:
                self.read_blocks(box)

    def _emit(self, paragraph: _Paragraph) -> None:
        heading = paragraph.heading_level is not None and len(paragraph.text.strip()) <= _MAX_HEADING_CHARS
        if heading:
            kind = BlockKind.HEADING
        elif paragraph.numbered:
            kind = BlockKind.LIST_ITEM
        else:
            kind = BlockKind.PARAGRAPH
        self.blocks.append(
            RawBlock(
                kind=kind,
                text=paragraph.text,
                paragraph=paragraph.index,
                heading_level=paragraph.heading_level if heading else None,
                label=paragraph.label,
                outline=paragraph.level,
                label_in_text=False,
                marks=paragraph.marks,
            )
        )

    def _table(self, table: etree._Element) -> None:
        """One block per visible cell; merged cells once; nested tables after their cell."""
        table_index = self.counts.tables
        self.counts.tables += 1
        for row_index, row in enumerate(_content(table, (W_TR,), self._hidden_changes)):
            removed = _row_change_hidden(row, self._hidden_changes)
            column = _int_val(row.find(f"{W_TRPR}/{w('gridBefore')}")) or 0
            for cell in _content(row, (W_TC,), self._hidden_changes):
                properties = cell.find(W_TCPR)
                span = max(_int_val(None if properties is None else properties.find(w("gridSpan"))) or 1, 1)
                visible = not removed and not _merge_continuation(properties)
                self._cell(cell, TableCellRef(table_index, row_index, column), emit=visible)
                column += span

    def _cell(self, cell: etree._Element, ref: TableCellRef, *, emit: bool) -> None:
        """A cell's paragraphs joined into one block; numbers stay inline as displayed.

        Hidden cells (merge continuations, deleted rows) are still read so list counters and
        paragraph indexes advance exactly as in the file, then dropped.
        """
        outer, self.blocks = self.blocks, []
        first_paragraph = self._paragraphs
        pieces: list[str] = []
        marks: list[RawMark] = []
        length = 0
        for element in _content(cell, (W_P, W_TBL), self._hidden_changes):
            if element.tag == W_TBL:
                self._table(element)
                continue
            paragraph, boxes = self._paragraph(element)
            if paragraph is not None and paragraph.text.strip():
                piece = f"{paragraph.label} {paragraph.text}" if paragraph.label else paragraph.text
                if pieces:
                    length += 1  # the space joining the cell's paragraphs
                shift = length + len(piece) - len(paragraph.text)
                marks.extend(_shifted(mark, shift) for mark in paragraph.marks)
                pieces.append(piece)
                length += len(piece)
            elif paragraph is not None:
                marks.extend(_shifted(mark, length - mark.start) for mark in paragraph.marks)
            for box in boxes:
                self.read_blocks(box)
        nested, self.blocks = self.blocks, outer
        text = " ".join(pieces)
        if emit and text.strip():
            self.blocks.append(
                RawBlock(
                    kind=BlockKind.TABLE_CELL,
                    text=text,
                    paragraph=first_paragraph,
                    table_cell=ref,
                    marks=marks,
                )
            )
        if emit:
            self.blocks.extend(nested)

    # -- paragraph level -----------------------------------------------------------------

    def _paragraph(self, element: etree._Element) -> tuple[_Paragraph | None, list[etree._Element]]:
        """Text, number and heading level of one paragraph, plus its text boxes to read next.

        A paragraph removed by a tracked change (its mark deleted and no text left) is skipped
        without advancing list counters, as Word renumbers the accepted document.
        """
        index = self._paragraphs
        self._paragraphs += 1
        pieces: list[str] = []
        boxes: list[etree._Element] = []
        self._marks, carried, self._carried = [], self._carried, []
        self._collect(element, pieces, boxes, index)
        text = "".join(pieces)
        marks = carried + self._close_comments(len(text))
        p_pr = element.find(W_PPR)
        if not text.strip() and _mark_hidden(p_pr, self._hidden_changes):
            self._carried.extend(marks)
            return None, boxes
        properties = self._effective_properties(p_pr)
        num_pr = None if properties is None else properties.find(W_NUM_PR)
        style_id = _val(properties, "pStyle")
        label = self.numbering.paragraph_label(
            _int_val(None if num_pr is None else num_pr.find(w("numId"))),
            _int_val(None if num_pr is None else num_pr.find(w("ilvl"))),
            style_id,
        )
        return (
            _Paragraph(
                index=index,
                text=text,
                label=None if label is None else label.text,
                level=None if label is None else label.level,
                numbered=label is not None,
                heading_level=self._heading_level(properties, style_id),
                marks=marks,
            ),
            boxes,
        )

    def _effective_properties(self, p_pr: etree._Element | None) -> etree._Element | None:
        """In the original view a tracked formatting change (``w:pPrChange``) is undone."""
        if self.original and p_pr is not None:
            old = p_pr.find(f"{W_PPR_CHANGE}/{W_PPR}")
            if old is not None:
                return old
        return p_pr

    def _heading_level(self, properties: etree._Element | None, style_id: str | None) -> int | None:
        outline = _int_val(None if properties is None else properties.find(w("outlineLvl")))
        if outline is not None and 0 <= outline <= 9:
            return None if outline == 9 else outline + 1
        return self.styles.heading_level(style_id)

    def _collect(
        self, element: etree._Element, pieces: list[str], boxes: list[etree._Element], index: int
    ) -> None:
        """Visible text of a paragraph's content, in order, descending through wrappers."""
        for child in element:
            tag = child.tag
            if tag == W_R:
                self._run(child, pieces, boxes, index)
            elif tag in _CHANGE_KINDS:
                self._change(child, pieces, boxes, index)
            elif tag == W_COMMENT_START:
                self._open_comments.setdefault(child.get(W_ID, ""), _length(pieces))
            elif tag == W_COMMENT_END:
                self._end_comment(child.get(W_ID, ""), _length(pieces))
            elif tag in _NO_TEXT_TAGS or not isinstance(tag, str):
                continue
            elif tag == MC_ALTERNATE:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self._collect(choice, pieces, boxes, index)
            elif tag == M_T:
                pieces.append(child.text or "")
            else:
                self._collect(child, pieces, boxes, index)

    def _run(self, run: etree._Element, pieces: list[str], boxes: list[etree._Element], index: int) -> None:
        properties = run.find(W_RPR)
        highlighted = False
        if properties is not None:
            if _flag(properties.find(_VANISH)):
                return
            highlight = properties.find(_HIGHLIGHT)
            if highlight is not None and highlight.get(_VAL, "none") != "none":
                self.counts.highlighted.append(index)
                highlighted = True
        start = _length(pieces)
        for child in run:
            tag = child.tag
            if tag in self._text_tags:
                pieces.append(child.text or "")
            elif tag in _SPACE_TAGS:
                pieces.append(" ")
            elif tag == W_NO_BREAK_HYPHEN:
                pieces.append("-")
            elif tag == W_COMMENT_REFERENCE:
                self._end_comment(child.get(W_ID, ""), _length(pieces))
            elif tag != W_RPR and len(child):
                boxes.extend(_outer_text_boxes(child))
        end = _length(pieces)
        if highlighted and end > start:
            previous = self._marks[-1] if self._marks else None
            if previous is not None and previous.kind == "highlight" and previous.end == start:
                self._marks[-1] = RawMark("highlight", previous.start, end)
            else:
                self._marks.append(RawMark("highlight", start, end))

    # -- review marks --------------------------------------------------------------------

    def _change(
        self, change: etree._Element, pieces: list[str], boxes: list[etree._Element], index: int
    ) -> None:
        """A tracked change: read through when this view shows it, noted either way.

        A move is marked once, where this view shows the text (its destination when accepted).
        """
        kind = _CHANGE_KINDS[change.tag]
        author = change.get(W_AUTHOR)
        start = _length(pieces)
        if change.tag in self._hidden_changes:
            unseen = "".join(node.text or "" for node in change.iter(W_T, W_DEL_TEXT))
            if unseen.strip() and kind != "move":
                self._marks.append(RawMark(kind, start, start, note=unseen, author=author))
            return
        self._collect(change, pieces, boxes, index)
        end = _length(pieces)
        if end > start:
            self._marks.append(RawMark(kind, start, end, author=author))

    def _end_comment(self, comment_id: str, position: int) -> None:
        """A comment's range ends (or its reference mark sits) here: mark it once."""
        if comment_id in self._placed_comments:
            return
        self._placed_comments.add(comment_id)
        start = self._open_comments.pop(comment_id, position)
        comment = self.comments.get(comment_id)
        if comment is not None and not comment.done:
            self._marks.append(
                RawMark("comment", min(start, position), position, note=comment.text, author=comment.author)
            )

    def _close_comments(self, length: int) -> list[RawMark]:
        """The paragraph's marks, with comment ranges still open at its end closed at its end.

        A range that runs on into later paragraphs is marked on the paragraph where it starts.
        """
        for comment_id in list(self._open_comments):
            self._end_comment(comment_id, length)
        return self._marks


def _length(pieces: list[str]) -> int:
    return sum(len(piece) for piece in pieces)


def _shifted(mark: RawMark, shift: int) -> RawMark:
    return RawMark(mark.kind, mark.start + shift, mark.end + shift, mark.note, mark.author)


def _content(
    parent: etree._Element, tags: tuple[str, ...], hidden: frozenset[str]
) -> Iterator[etree._Element]:
    """Children with one of ``tags``, reading through content controls and custom XML."""
    for child in parent:
        tag = child.tag
        if tag in tags:
            yield child
        elif tag in _WRAPPER_TAGS or (tag in (W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO) and tag not in hidden):
            yield from _content(child, tags, hidden)


def _outer_text_boxes(element: etree._Element) -> Iterator[etree._Element]:
    """Text boxes in a drawing, not those nested in another box, and not VML fallbacks twice."""
    tag = element.tag
    if tag == W_TXBX_CONTENT:
        yield element
    elif tag == MC_ALTERNATE:
        choice = element.find(MC_CHOICE)
        if choice is not None:
            yield from _outer_text_boxes(choice)
    else:
        for child in element:
            if isinstance(child.tag, str) and len(child):
                yield from _outer_text_boxes(child)


def _val(properties: etree._Element | None, tag: str) -> str | None:
    if properties is None:
        return None
    child = properties.find(w(tag))
    return None if child is None else child.get(_VAL)


def _int_val(element: etree._Element | None) -> int | None:
    if element is None:
        return None
    try:
        return int((element.get(_VAL) or "").strip())
    except ValueError:
        return None


def _flag(element: etree._Element | None) -> bool:
    return element is not None and element.get(_VAL, "true").lower() not in _OFF


def _mark_hidden(p_pr: etree._Element | None, hidden: frozenset[str]) -> bool:
    """Whether the paragraph mark itself is a tracked change that this view leaves out."""
    mark = None if p_pr is None else p_pr.find(W_RPR)
    return mark is not None and any(mark.find(tag) is not None for tag in hidden)


def _row_change_hidden(row: etree._Element, hidden: frozenset[str]) -> bool:
    properties = row.find(W_TRPR)
    return properties is not None and any(properties.find(tag) is not None for tag in hidden)


def _merge_continuation(properties: etree._Element | None) -> bool:
    """A cell covered by the merged cell above (``vMerge``) or to the left (legacy ``hMerge``)."""
    if properties is None:
        return False
    for tag in (w("vMerge"), w("hMerge")):
        merge = properties.find(tag)
        if merge is not None and merge.get(_VAL, "continue") == "continue":
            return True
    return False


def _metadata(
    body: etree._Element | None, reader: _BodyReader, part: Any, *, original: bool
) -> dict[str, Any]:
    highlighted = reader.counts.highlighted
    return {
        "tracked_changes_view": "original" if original else "accepted",
        "tracked_insertions": _count_changes(body, W_INS),
        "tracked_deletions": _count_changes(body, W_DEL),
        "tracked_moves": _count_changes(body, W_MOVE_FROM),
        "comments": _count_comments(part),
        "tables": reader.counts.tables,
        "highlighted_runs": len(highlighted),
        "highlighted_paragraphs": sorted(set(highlighted)),
    }


def _count_changes(body: etree._Element | None, tag: str) -> int:
    """Tracked changes of one kind that wrap content.

    Empty markers (on paragraph marks, rows, list properties) are not counted, so an edit
    counts once, as Word's review pane shows it.
    """
    if body is None:
        return 0
    return sum(1 for element in body.iter(tag) if len(element))


def _count_comments(part: Any) -> int:
    comments = _related_element(part, "/comments")
    return 0 if comments is None else sum(1 for _ in comments.iterchildren(w("comment")))


def _comments(part: Any) -> dict[str, _Comment]:
    """Each comment's words and author by id, and whether it was marked done.

    Word records "done" in the commentsExtended part, keyed by the ``w14:paraId`` of the
    comment's last paragraph; a file without that part has no resolved comments.
    """
    comments = _related_element(part, "/comments")
    if comments is None:
        return {}
    done: set[str] = set()
    extended = _related_element(part, "/commentsExtended")
    if extended is not None:
        for entry in extended.iter(f"{{{_W15_NS}}}commentEx"):
            if entry.get(f"{{{_W15_NS}}}done") == "1":
                done.add(entry.get(f"{{{_W15_NS}}}paraId", ""))
    found: dict[str, _Comment] = {}
    for comment in comments.iterchildren(w("comment")):
        paragraphs = list(comment.iter(W_P))
        text = " ".join("".join(node.text or "" for node in p.iter(W_T)) for p in paragraphs)
        last = paragraphs[-1].get(f"{{{_W14_NS}}}paraId") if paragraphs else None
        found[comment.get(W_ID, "")] = _Comment(
            " ".join(text.split()), comment.get(W_AUTHOR), last is not None and last in done
        )
    return found
