"""HTML contracts: terms pages saved from vendors' websites.

Only what a visitor reads counts: scripts, styles, navigation, cookie banners and hidden
elements are dropped; headings, list items, paragraphs and table cells keep their structure.
selectolax (the Lexbor engine) parses hostile or broken markup quickly and never fetches
anything.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from checker.document import BlockKind, Document, DocumentFormat, RawBlock, TableCellRef
from checker.limits import Limits
from checker.parsers.text import decode_text
from checker.structure import build_document, split_label

_DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
    "object",
    "canvas",
    "select",
    "dialog",
)
_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "td",
    "th",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "address",
    "figcaption",
    "caption",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "body",
    "hr",
    *_HEADING_TAGS,
}
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _is_hidden(node: LexborNode) -> bool:
    attributes = node.attributes
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = attributes.get("style") or ""
    return bool(_HIDDEN_STYLE_RE.search(style))


class _Collector:
    """Walks the DOM iteratively (hostile pages nest deeper than Python's recursion limit)."""

    def __init__(self) -> None:
        self.blocks: list[RawBlock] = []
        self.buffer: list[str] = []
        self.kind = BlockKind.PARAGRAPH
        self.heading_level: int | None = None
        self.cell: TableCellRef | None = None
        self.item_label: str | None = None
        self.table_index = -1
        self.row = -1
        self.column = -1
        self.list_counters: list[int | None] = []

    def flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer.clear()
        if not text:
            return
        if self.kind is BlockKind.HEADING:
            self.blocks.append(RawBlock(BlockKind.HEADING, text, heading_level=self.heading_level))
        elif self.kind is BlockKind.TABLE_CELL:
            self.blocks.append(RawBlock(BlockKind.TABLE_CELL, text, table_cell=self.cell))
        elif self.kind is BlockKind.LIST_ITEM:
            label = self.item_label
            self.item_label = None
            if label and split_label(text) is None:
                self.blocks.append(
                    RawBlock(BlockKind.LIST_ITEM, f"{label}. {text}", label=f"({label})", label_in_text=True)
                )
            else:
                self.blocks.append(RawBlock(BlockKind.LIST_ITEM, text))
        else:
            self.blocks.append(RawBlock(BlockKind.PARAGRAPH, text))

    def collect(self, root: LexborNode) -> list[RawBlock]:
        # Each stack entry is (node, entering); leaving a block element flushes its text.
        stack: list[tuple[LexborNode, bool]] = [(root, True)]
        while stack:
            node, entering = stack.pop()
            if entering:
                self._enter(node, stack)
            else:
                self._leave(node)
        self.flush()
        return self.blocks

    def _enter(self, node: LexborNode, stack: list[tuple[LexborNode, bool]]) -> None:
        tag = node.tag
        if tag == "-text":
            self.buffer.append(node.text_content or "")
            return
        if tag in ("br",):
            self.buffer.append(" ")
            return
        if tag is None or tag.startswith("-") or tag in _DROPPED_TAGS or _is_hidden(node):
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            self._start_block(node, tag)
            stack.append((node, False))
        children = list(node.iter(include_text=True))
        stack.extend((child, True) for child in reversed(children))

    def _start_block(self, node: LexborNode, tag: str) -> None:
        if tag in _HEADING_TAGS:
            self.kind, self.heading_level = BlockKind.HEADING, _HEADING_TAGS[tag]
        elif tag == "table":
            self.table_index += 1
            self.row = -1
        elif tag == "tr":
            self.row += 1
            self.column = -1
        elif tag in ("td", "th"):
            self.column += 1
            self.kind, self.cell = BlockKind.TABLE_CELL, TableCellRef(self.table_index, self.row, self.column)
        elif tag in ("ol", "ul"):
            start = node.attributes.get("start") or "1"
            self.list_counters.append(int(start) if tag == "ol" and start.isdigit() else None)
        elif tag == "li":
            self.kind = BlockKind.LIST_ITEM
            counter = self.list_counters[-1] if self.list_counters else None
            if counter is not None:
                self.item_label = str(counter)
                self.list_counters[-1] = counter + 1

    def _leave(self, node: LexborNode) -> None:
        self.flush()
        tag = node.tag
        if tag in ("ol", "ul") and self.list_counters:
            self.list_counters.pop()
        self.kind, self.heading_level, self.cell = BlockKind.PARAGRAPH, None, None


def html_blocks(html: str) -> list[RawBlock]:
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return []
    return _Collector().collect(root)


def parse_html(data: bytes, path: str, limits: Limits) -> Document:
    """Parse an HTML contract or terms page."""
    blocks = html_blocks(decode_text(data))
    return build_document(blocks, path=path, format=DocumentFormat.HTML, content=data, pages=None)
