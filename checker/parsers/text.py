"""Plain-text contracts: decoding, paragraphs and headings recovered from layout alone.

Text files carry no markup, so structure comes from how contracts are typed: blank lines
between paragraphs, hard-wrapped lines inside them, a clause number at the start of a line,
and short upper-case lines for headings. Text converted from PDF often runs several paragraphs
into one line, separated only by a wide gap of spaces; such a gap is a paragraph break when it
follows a sentence end (".", ":" or ";") or comes before a clause label, and ordinary spacing
otherwise (justified text and column layouts also leave wide gaps mid-sentence).
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
_GAP_RE = re.compile(r" {3,}|\t+")
_BREAK_BEFORE_GAP = (".", ":", ";")
# A shorter stretch before the gap is a run-in heading ("12.1 Term.   The term ..."), kept with
# its text so the structure builder still reads it as the clause's heading.
_MIN_PARAGRAPH_WORDS = 6


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


def _is_bare_label(text: str) -> bool:
    """A clause number with nothing after it ("1.", "(a)"): the gap that follows is indentation."""
    found = split_label(f"{text} X")  # labels are only recognised before some text
    return found is not None and found[1] == "X"


def line_pieces(line: str) -> list[str]:
    """Split one line at wide gaps that separate paragraphs (see the module docstring)."""
    pieces: list[str] = []
    position = 0
    for gap in _GAP_RE.finditer(line):
        before, after = line[position : gap.start()].strip(), line[gap.end() :]
        if not after.strip() or _is_bare_label(before):
            continue
        sentence_end = before.endswith(_BREAK_BEFORE_GAP) and len(before.split()) >= _MIN_PARAGRAPH_WORDS
        if before and (sentence_end or _starts_new_block(after)):
            pieces.append(before)
            position = gap.end()
    pieces.append(line[position:])
    return pieces


def text_blocks(text: str) -> list[RawBlock]:
    """Group lines into paragraphs: blank lines, clause numbers and headings start a new one."""
    blocks: list[RawBlock] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(RawBlock(BlockKind.PARAGRAPH, " ".join(current)))
            current.clear()

    for line in text.splitlines():
        for index, piece in enumerate(line_pieces(line)):
            stripped = piece.strip()
            if not stripped:
                flush()
                continue
            if is_heading_line(stripped):
                flush()
                blocks.append(RawBlock(BlockKind.HEADING, stripped))
                continue
            if current and (index > 0 or _starts_new_block(stripped)):
                flush()
            current.append(stripped)
    flush()
    return blocks


def parse_text(data: bytes, path: str, limits: Limits) -> Document:
    """Parse a plain-text contract."""
    text = decode_text(data)
    return build_document(text_blocks(text), path=path, format=DocumentFormat.TEXT, content=data, pages=None)
