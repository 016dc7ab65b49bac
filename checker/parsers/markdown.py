"""Markdown contracts (terms pages and templates kept in git), read with markdown-it-py.

Markdown already says what is a heading and what is a list, so the structure comes from the
token stream instead of guesses. Ordered-list items become sub-clauses: a reader of
"## 5. Fees" followed by a numbered list cites the third item as 5(3).

Review marks written in CriticMarkup — the plain-text convention for what Word calls tracked
changes, highlights and comments (``{++inserted++}``, ``{--deleted--}``, ``{~~old~>new~~}``,
``{==highlighted==}``, ``{>>comment<<}``) — are read as accepted, as a DOCX is, and kept as
the block's review marks so a Markdown draft in a contract repository gets the same drafting
warnings as a Word one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from checker.document import BlockKind, Document, DocumentFormat, RawBlock, RawMark, TableCellRef
from checker.limits import Limits
from checker.parsers.text import decode_text
from checker.structure import build_document, split_label

_TAG_RE = re.compile(r"<[^>]{0,2000}>")
_CRITIC_RE = re.compile(
    r"\{\+\+(?P<insert>.*?)\+\+\}|\{--(?P<delete>.*?)--\}|\{~~(?P<old>.*?)~>(?P<new>.*?)~~\}"
    r"|\{==(?P<highlight>.*?)==\}(?:\s?\{>>(?P<remark>.*?)<<\})?|\{>>(?P<comment>.*?)<<\}",
    re.DOTALL,
)


def critic_markup(text: str) -> tuple[str, list[RawMark]]:
    """Text with CriticMarkup accepted, and a review mark for each change, highlight and comment.

    A highlight followed by a comment is CriticMarkup's way to comment on a range, so it is one
    comment over that text; a deletion leaves an empty mark where the text was.
    """
    if "{" not in text:
        return text, []
    pieces: list[str] = []
    marks: list[RawMark] = []
    length = position = 0
    for match in _CRITIC_RE.finditer(text):
        plain = text[position : match.start()]
        pieces.append(plain)
        length += len(plain)
        position = match.end()
        if match["delete"] is not None or match["old"] is not None:
            marks.append(RawMark("deletion", length, length, note=match["delete"] or match["old"]))
        kept = next((match[name] for name in ("insert", "new", "highlight") if match[name] is not None), "")
        if match["insert"] is not None or match["new"] is not None:
            marks.append(RawMark("insertion", length, length + len(kept)))
        elif match["highlight"] is not None and match["remark"] is not None:
            marks.append(RawMark("comment", length, length + len(kept), note=match["remark"].strip()))
        elif match["highlight"] is not None:
            marks.append(RawMark("highlight", length, length + len(kept)))
        elif match["comment"] is not None:
            marks.append(RawMark("comment", length, length, note=match["comment"].strip()))
        pieces.append(kept)
        length += len(kept)
    pieces.append(text[position:])
    return "".join(pieces), marks


def _markdown() -> MarkdownIt:
    # "commonmark" plus tables; raw HTML is tokenised so its tags can be dropped.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass(slots=True)
class _ListState:
    ordered: bool
    next_number: int


@dataclass(slots=True)
class _Walker:
    blocks: list[RawBlock] = field(default_factory=list)
    lists: list[_ListState] = field(default_factory=list)
    item_label: str | None = None
    heading_level: int | None = None
    table_index: int = -1
    row: int = -1
    column: int = -1
    in_cell: bool = False

    def walk(self, tokens: list[Token]) -> list[RawBlock]:
        for token in tokens:
            handler = getattr(self, f"_on_{token.type}", None)
            if handler is not None:
                handler(token)
        return self.blocks

    def _on_heading_open(self, token: Token) -> None:
        self.heading_level = int(token.tag[1:])

    def _on_heading_close(self, token: Token) -> None:
        self.heading_level = None

    def _on_bullet_list_open(self, token: Token) -> None:
        self.lists.append(_ListState(ordered=False, next_number=0))

    def _on_ordered_list_open(self, token: Token) -> None:
        start = token.attrGet("start")
        self.lists.append(_ListState(ordered=True, next_number=int(start) if start is not None else 1))

    def _on_bullet_list_close(self, token: Token) -> None:
        self.lists.pop()

    _on_ordered_list_close = _on_bullet_list_close

    def _on_list_item_open(self, token: Token) -> None:
        state = self.lists[-1]
        if state.ordered:
            self.item_label = str(state.next_number)
            state.next_number += 1
        else:
            self.item_label = ""

    def _on_table_open(self, token: Token) -> None:
        self.table_index += 1
        self.row = -1

    def _on_tr_open(self, token: Token) -> None:
        self.row += 1
        self.column = -1

    def _on_th_open(self, token: Token) -> None:
        self.column += 1
        self.in_cell = True

    _on_td_open = _on_th_open

    def _on_th_close(self, token: Token) -> None:
        self.in_cell = False

    _on_td_close = _on_th_close

    def _on_html_block(self, token: Token) -> None:
        text = _TAG_RE.sub(" ", token.content).strip()
        if text:
            self.blocks.append(RawBlock(BlockKind.PARAGRAPH, text))

    def _on_inline(self, token: Token) -> None:
        text, marks = critic_markup(inline_text(token))
        if not text.strip():
            if marks and self.blocks:  # a paragraph deleted whole: note it on the block before
                end = len(self.blocks[-1].text)
                self.blocks[-1].marks.extend(RawMark(m.kind, end, end, m.note, m.author) for m in marks)
            return
        if self.in_cell:
            cell = TableCellRef(self.table_index, self.row, self.column)
            self.blocks.append(RawBlock(BlockKind.TABLE_CELL, text, table_cell=cell, marks=marks))
        elif self.heading_level is not None:
            self.blocks.append(
                RawBlock(BlockKind.HEADING, text, heading_level=self.heading_level, marks=marks)
            )
        elif self.item_label is not None:
            self.blocks.append(_list_item(text, self.item_label, marks))
            self.item_label = None
        else:
            self.blocks.append(RawBlock(BlockKind.PARAGRAPH, text, marks=marks))


def _list_item(text: str, number: str, marks: list[RawMark] | None = None) -> RawBlock:
    """An item keeps a label printed in its own text; else its list number is a sub-clause."""
    marks = marks or []
    if not number or split_label(text) is not None:
        return RawBlock(BlockKind.LIST_ITEM, text, marks=marks)
    shift = len(number) + 2
    return RawBlock(
        BlockKind.LIST_ITEM,
        f"{number}. {text}",
        label=f"({number})",
        label_in_text=True,
        marks=[RawMark(m.kind, m.start + shift, m.end + shift, m.note, m.author) for m in marks],
    )


def inline_text(token: Token) -> str:
    """Visible text of an inline token: emphasis markers, links' targets and HTML tags dropped."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def markdown_blocks(text: str) -> list[RawBlock]:
    return _Walker().walk(_markdown().parse(text))


def parse_markdown(data: bytes, path: str, limits: Limits) -> Document:
    """Parse a Markdown contract."""
    blocks = markdown_blocks(decode_text(data))
    return build_document(blocks, path=path, format=DocumentFormat.MARKDOWN, content=data, pages=None)
