"""Turn the blocks a parser found into a :class:`~checker.document.Document`.

Clause numbering is where contracts differ most from ordinary prose, and readers cite
clauses by number ("12.3(b)", "Article IV", "Schedule 2"), so numbers are resolved here,
once, for every format:

* a *label* is what is printed in front of a block (``(b)``, ``12.3``, ``ARTICLE IV``);
* a *number* is the label resolved against its ancestors (``(b)`` under ``12.3`` reads
  ``12.3(b)``), because lawyers cite the full form and DOCX auto-numbering prints only the
  local part;
* the *rank* of a label decides nesting: containers (Schedule, Exhibit) outrank articles,
  articles outrank ``12``, which outranks ``12.3``; lettered and roman sub-clauses nest in
  the order they first appear inside a numbered clause, as a reader infers it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from checker.document import Block, BlockKind, Document, DocumentFormat, RawBlock, RawMark, Section

CONTAINER_WORDS = ("schedule", "exhibit", "annex", "appendix", "attachment", "addendum")
ARTICLE_WORDS = ("article", "part")

_ROMAN = r"(?:M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"
_CONTAINER_RE = re.compile(
    rf"^(?P<word>{'|'.join(CONTAINER_WORDS)})\s+(?P<id>\d{{1,3}}(?:\.\d{{1,2}})?|[A-Z]{{1,2}}(?:-\d{{1,2}})?|{_ROMAN})\b[.:]?",
    re.IGNORECASE,
)
_ARTICLE_RE = re.compile(
    rf"^(?P<word>{'|'.join(ARTICLE_WORDS)})\s+(?P<id>\d{{1,3}}|{_ROMAN}|[A-Z])\b[.:]?",
    re.IGNORECASE,
)
_SECTION_WORD_RE = re.compile(r"^(?:section|clause|§)\s*(?=\d)", re.IGNORECASE)
# "12.", "12.3", "12.3.1." followed by the clause text; at most three digits a part so a
# year or an amount at the start of a paragraph is not mistaken for a clause number.
_NUMERIC_RE = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3}){0,5})(?P<dot>\.?)(?=\s+\S)")
_NUMERIC_ONLY_RE = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3}){0,5})\.?$")
_PAREN_RE = re.compile(r"^\(?(?P<id>[a-z]{1,2}|[A-Z]{1,2}|\d{1,2}|[ivxlc]{1,6}|[IVXLC]{1,6})\)(?=\s+\S|$)")
_ROMAN_LOWER_RE = re.compile(r"^[ivxlc]+$")
_ROMAN_UPPER_RE = re.compile(r"^[IVXLC]+$")

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalise_text(text: str) -> str:
    """One line of clean text: compatibility forms folded (PDF ligatures), spaces collapsed."""
    return _normalise_spaces(text).strip()


def _normalise_spaces(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    text = text.replace("\r", " ").replace("\n", " ")
    return _SPACES_RE.sub(" ", text)


def _normalised_offset(raw: str, offset: int) -> int:
    """Where a character offset of a parser's raw text lands in :func:`normalise_text`'s output."""
    return len(_normalise_spaces(raw[: max(offset, 0)]).lstrip())


@dataclass(frozen=True, slots=True)
class Label:
    """A clause label as printed, with what the structure builder needs to place it."""

    text: str
    scheme: str  # container | article | numeric | alpha | ALPHA | roman | ROMAN | digit
    depth: int = 0  # numeric depth: "12" -> 1, "12.3" -> 2

    @property
    def is_relative(self) -> bool:
        return self.scheme in {"alpha", "ALPHA", "roman", "ROMAN", "digit"}


def parse_label(label: str) -> Label | None:
    """Classify a label string that a parser already isolated (e.g. from DOCX numbering)."""
    label = normalise_text(label)
    if not label:
        return None
    match = _CONTAINER_RE.match(label)
    if match:
        return Label(f"{match['word'].title()} {match['id'].upper()}", "container")
    match = _ARTICLE_RE.match(label)
    if match:
        return Label(f"{match['word'].title()} {match['id'].upper()}", "article")
    stripped = _SECTION_WORD_RE.sub("", label)
    match = _NUMERIC_ONLY_RE.match(stripped)
    if match:
        number = match["num"]
        return Label(number, "numeric", depth=number.count(".") + 1)
    match = _PAREN_RE.match(label if label.endswith(")") else label.rstrip(".") + ")")
    if match:
        return _relative_label(match["id"])
    return None


def _relative_label(identifier: str) -> Label:
    if identifier.isdigit():
        return Label(f"({identifier})", "digit")
    if _ROMAN_LOWER_RE.match(identifier) and identifier not in {"c", "l"}:
        return Label(f"({identifier})", "roman")
    if _ROMAN_UPPER_RE.match(identifier) and identifier not in {"C", "L"}:
        return Label(f"({identifier})", "ROMAN")
    if identifier.islower():
        return Label(f"({identifier})", "alpha")
    return Label(f"({identifier})", "ALPHA")


def split_label(text: str) -> tuple[Label, str] | None:
    """Find a clause label printed at the start of a block; return it and the rest.

    Only conservative forms are accepted: a false label would split a clause in two.
    """
    for regex, scheme in ((_CONTAINER_RE, "container"), (_ARTICLE_RE, "article")):
        match = regex.match(text)
        if match:
            rest = text[match.end() :].lstrip(" .:-–—")
            return Label(f"{match['word'].title()} {match['id'].upper()}", scheme), rest
    body = _SECTION_WORD_RE.sub("", text, count=1)
    match = _NUMERIC_RE.match(body)
    if match:
        number = match["num"]
        rest = body[match.end() :].lstrip()
        # "30 days ..." or "2 copies" is prose; a clause number is followed by a capital,
        # a quote or a bracket, or ends with a dot ("7. the Supplier shall").
        if match["dot"] or "." in number or (rest[:1].isupper() or rest[:1] in "\"“'(["):
            return Label(number, "numeric", depth=number.count(".") + 1), rest
        return None
    match = _PAREN_RE.match(text)
    if match:
        identifier = match["id"]
        if not text.startswith("(") and len(identifier) > 1 and not _ROMAN_LOWER_RE.match(identifier):
            return None
        return _relative_label(identifier), text[match.end() :].lstrip()
    return None


_RUN_IN_HEADING_RE = re.compile(r"^(?P<heading>[A-Z][^.:;!?]{1,80}?)(?:\.|:|\s[-–—])\s+(?=\S)")
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "upon",
}


def run_in_heading(text: str) -> str | None:
    """The short title a clause opens with ("Termination for Cause. The Customer may ...").

    Accepted only when every significant word is capitalised, so an ordinary first sentence
    is not taken for a title.
    """
    match = _RUN_IN_HEADING_RE.match(text)
    if not match:
        return None
    heading = match["heading"].strip()
    words = heading.split()
    if not 1 <= len(words) <= 10:
        return None
    significant = [word for word in words if word.lower() not in _SMALL_WORDS]
    if significant and all(word[:1].isupper() or not word[:1].isalpha() for word in significant):
        return heading
    return None


@dataclass(slots=True)
class _OpenSection:
    section: Section
    rank: int
    label: Label | None
    relative_schemes: list[str] = field(default_factory=list)


def _numeric_rank(label: Label) -> int:
    return 1 + label.depth


class _TreeBuilder:
    """Stack machine that nests sections by label rank as blocks arrive in reading order."""

    def __init__(self) -> None:
        self.roots: list[Section] = []
        self.stack: list[_OpenSection] = []
        # Relative schemes seen before any numbered clause (a contract that starts at "(a)").
        self._loose: list[str] = []

    def _rank_of(self, label: Label | None, heading_level: int | None) -> int:
        if label is None:
            return 1 + (heading_level or 1)
        if label.scheme == "container":
            return 0
        if label.scheme == "article":
            return 1
        if label.scheme == "numeric":
            return _numeric_rank(label)
        return self._relative_rank(label)

    def _relative_rank(self, label: Label) -> int:
        """Place (a)/(i)/(A)/(1) under the innermost numbered clause, in order of appearance."""
        anchor_index = next(
            (i for i in range(len(self.stack) - 1, -1, -1) if not _is_relative(self.stack[i].label)), None
        )
        base_rank = self.stack[anchor_index].rank if anchor_index is not None else 1
        schemes = self.stack[anchor_index].relative_schemes if anchor_index is not None else self._loose
        scheme = label.scheme
        if scheme not in schemes:
            # A new scheme nests under the innermost open relative clause.
            above_anchor = self.stack[anchor_index + 1 :] if anchor_index is not None else self.stack
            depth_open = sum(1 for entry in above_anchor if _is_relative(entry.label))
            del schemes[depth_open:]
            schemes.append(scheme)
        return base_rank + 1 + schemes.index(scheme)

    def open(self, section: Section, label: Label | None, heading_level: int | None) -> None:
        rank = self._rank_of(label, heading_level)
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        if self.stack:
            self.stack[-1].section.children.append(section)
        else:
            self.roots.append(section)
        self.stack.append(_OpenSection(section, rank, label))

    def current(self) -> list[_OpenSection]:
        return self.stack


def _is_relative(label: Label | None) -> bool:
    return label is not None and label.is_relative


def _disambiguate_roman(label: Label, stack: list[_OpenSection]) -> Label:
    """(i), (v), (x) are letters when they continue an (h), (u), (w) run, else roman numerals."""
    if label.scheme not in {"roman", "ROMAN"} or len(label.text) != 3:
        return label
    letter = label.text[1]
    previous = chr(ord(letter) - 1)
    for entry in reversed(stack):
        if entry.label is None or not entry.label.is_relative:
            break
        if entry.label.text[1:-1] == previous:
            return Label(label.text, "alpha" if letter.islower() else "ALPHA")
    return label


def _full_number(label: Label, stack: list[_OpenSection]) -> str:
    if not label.is_relative:
        return label.text
    prefix = ""
    for entry in stack:
        if entry.label is None:
            continue
        if entry.label.scheme == "numeric":
            prefix = entry.label.text
        elif entry.label.is_relative:
            prefix += entry.label.text
    return prefix + label.text


def _path(number: str | None, heading: str | None, stack: list[_OpenSection]) -> str:
    containers = [
        entry.label.text for entry in stack if entry.label is not None and entry.label.scheme == "container"
    ]
    own = number or (heading[:60] if heading else "")
    parts = [c for c in containers if c != own]
    if own:
        parts.append(own)
    return " / ".join(parts)


def build_document(
    raw_blocks: list[RawBlock],
    *,
    path: str,
    format: DocumentFormat,
    content: bytes,
    pages: int | None,
    metadata: dict | None = None,
) -> Document:
    """Assemble offsets, full clause numbers and the section tree from parser output."""
    tree = _TreeBuilder()
    blocks: list[Block] = []
    pieces: list[str] = []
    marks: list[dict[str, object]] = []
    waiting: list[RawMark] = []  # marks of blocks with no visible text, placed on the next block
    offset = 0
    for raw in raw_blocks:
        text = normalise_text(raw.text)
        prefix = 0
        label: Label | None = None
        if raw.label is not None:
            label = parse_label(raw.label)
            if label is not None and not raw.label_in_text:
                labelled = f"{normalise_text(raw.label)} {text}".strip()
                prefix = len(labelled) - len(text)
                text = labelled
        elif raw.kind is not BlockKind.TABLE_CELL:
            found = split_label(text)
            if found is not None:
                label = found[0]
        if not text:
            waiting.extend(raw.marks)
            continue
        if waiting or raw.marks:
            marks.extend(_mark_dict(mark, offset, offset) for mark in waiting)
            waiting = []
            for mark in raw.marks:
                start = offset + min(prefix + _normalised_offset(raw.text, mark.start), len(text))
                end = offset + min(prefix + _normalised_offset(raw.text, mark.end), len(text))
                marks.append(_mark_dict(mark, start, max(start, end)))
        opens_section = raw.kind is not BlockKind.TABLE_CELL and (
            label is not None or raw.kind is BlockKind.HEADING
        )
        if label is not None:
            label = _disambiguate_roman(label, tree.current())
        number: str | None = None
        start = offset
        end = start + len(text)
        if opens_section:
            body = _strip_label_text(text, label)
            if raw.kind is BlockKind.HEADING:
                heading = body or None
            else:
                heading = run_in_heading(body) if body else None
            # Rank and number are computed against the stack *after* closing siblings.
            rank = tree._rank_of(label, raw.heading_level)
            while tree.stack and tree.stack[-1].rank >= rank:
                tree.stack.pop()
            number = _full_number(label, tree.stack) if label is not None else None
            section = Section(
                number=number,
                heading=heading,
                level=len(tree.stack) + 1,
                start=start,
                end=end,
                page=raw.page,
                first_block=len(blocks),
                last_block=len(blocks),
                path=_path(number, heading, tree.stack),
            )
            tree.open(section, label, raw.heading_level)
        else:
            number = next(
                (entry.section.number for entry in reversed(tree.stack) if entry.section.number), None
            )
        for entry in tree.stack:
            entry.section.end = end
            entry.section.last_block = len(blocks)
        section_path = tree.stack[-1].section.path if tree.stack else None
        blocks.append(
            Block(
                index=len(blocks),
                kind=raw.kind,
                text=text,
                start=start,
                end=end,
                page=raw.page,
                paragraph=raw.paragraph,
                heading_level=raw.heading_level,
                number=number,
                label=label.text if label is not None else None,
                section_path=section_path or None,
                table_cell=raw.table_cell,
            )
        )
        pieces.append(text)
        offset = end + 1
    if waiting and blocks:
        marks.extend(_mark_dict(mark, blocks[-1].end, blocks[-1].end) for mark in waiting)
    metadata = dict(metadata or {})
    if marks:
        metadata["review_marks"] = marks
    return Document(
        path=path,
        format=format,
        sha256=hashlib.sha256(content).hexdigest(),
        pages=pages,
        text="\n".join(pieces),
        blocks=blocks,
        sections=tree.roots,
        metadata=metadata,
    )


def _mark_dict(mark: RawMark, start: int, end: int) -> dict[str, object]:
    """A review mark in document offsets, as plain data (metadata crosses process boundaries)."""
    return {"kind": mark.kind, "start": start, "end": end, "note": mark.note, "author": mark.author}


def _strip_label_text(text: str, label: Label | None) -> str:
    if label is None:
        return text
    found = split_label(text)
    if found is not None:
        return found[1]
    return text
