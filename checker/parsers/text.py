"""Plain-text contracts: decoding, paragraphs and headings recovered from layout alone.

Text files carry no markup, so structure comes from how contracts are typed: blank lines
between paragraphs, hard-wrapped lines inside them, a clause number at the start of a line,
and short upper-case lines for headings.
"""

from __future__ import annotations

import codecs
import re

from checker.document import BlockKind, Document, DocumentFormat, RawBlock
from checker.errors import CorruptFileError
from checker.limits import Limits
from checker.structure import build_document, split_label

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LETTERS_RE = re.compile(r"[A-Za-z]")


def decode_text(data: bytes) -> str:
    """UTF-8 or UTF-16 when a byte-order mark says so, UTF-8 when valid, else Windows-1252.

    Windows-1252 is the right last resort for contracts: it is what Word's "Save as plain
    text" produced for decades, and it decodes every byte, so nothing is lost silently.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise CorruptFileError("corrupt file: invalid UTF-16 text") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def is_heading_line(line: str) -> bool:
    """A short line in capitals ("TERMINATION", "12. CONFIDENTIALITY") reads as a heading."""
    stripped = line.strip()
    found = split_label(stripped)
    body = found[1] if found else stripped
    letters = _LETTERS_RE.findall(body)
    if len(letters) < 3 or len(body.split()) > 12 or body.endswith((";", ",")):
        return False
    return sum(1 for letter in letters if letter.isupper()) / len(letters) >= 0.8


def _starts_new_block(line: str) -> bool:
    return split_label(line.strip()) is not None


def text_blocks(text: str) -> list[RawBlock]:
    """Group lines into paragraphs: blank lines, clause numbers and headings start a new one."""
    blocks: list[RawBlock] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(RawBlock(BlockKind.PARAGRAPH, " ".join(current)))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if is_heading_line(stripped):
            flush()
            blocks.append(RawBlock(BlockKind.HEADING, stripped))
            continue
        if current and _starts_new_block(stripped):
            flush()
        current.append(stripped)
    flush()
    return blocks


def parse_text(data: bytes, path: str, limits: Limits) -> Document:
    """Parse a plain-text contract."""
    text = decode_text(data)
    return build_document(text_blocks(text), path=path, format=DocumentFormat.TEXT, content=data, pages=None)
