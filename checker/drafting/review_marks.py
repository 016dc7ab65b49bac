"""Highlighted text, unresolved comments and tracked changes left in a document for signature.

A Word file sent for signature should be clean: a yellow highlight usually marks a point still
open, a comment is a conversation not finished, and an unaccepted tracked change means the
parties may be signing different texts (Word shows the markup to one reader and hides it from
another). The parsers record each mark with its position (``metadata["review_marks"]``, see
:mod:`checker.parsers.docx` and CriticMarkup in :mod:`checker.parsers.markdown`); this module
turns them into slips that say how many there are and where each one is.

A deletion next to an insertion is one edit, a replacement, as Word's review pane shows it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from checker.document import Document
from checker.drafting.model import Agreement, Slip, excerpt

HIGHLIGHTS = "highlights"
COMMENTS = "comments"
TRACKED_CHANGES = "tracked_changes"

HIGHLIGHT_KINDS = ("highlight",)
COMMENT_KINDS = ("comment",)
CHANGE_KINDS = ("insertion", "deletion", "replacement", "move")


def find_highlights(agreement: Agreement) -> list[Slip]:
    return _slips(agreement, HIGHLIGHTS, ("highlight",))


def find_comments(agreement: Agreement) -> list[Slip]:
    return _slips(agreement, COMMENTS, ("comment",))


def find_tracked_changes(agreement: Agreement) -> list[Slip]:
    return _slips(agreement, TRACKED_CHANGES, ("insertion", "deletion", "move"))


def _slips(agreement: Agreement, analysis: str, kinds: Sequence[str]) -> list[Slip]:
    slips: list[Slip] = []
    for index, document in enumerate(agreement.documents):
        marks = [mark for mark in document.metadata.get("review_marks", ()) if mark.get("kind") in kinds]
        if analysis == TRACKED_CHANGES:
            marks = _replacements(sorted(marks, key=lambda mark: (mark["start"], mark["end"])))
        for number, mark in enumerate(marks, 1):
            start, end = _location(document, mark)
            facts = _facts(document, mark)
            facts.update(count=str(len(marks)), index=str(number), author=mark.get("author") or "unknown")
            slips.append(Slip(analysis, str(mark["kind"]), index, start, end, facts))
    return slips


def _replacements(marks: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """A deletion and an insertion that meet (either order) become one replacement."""
    merged: list[Mapping[str, Any]] = []
    for mark in marks:
        previous = merged[-1] if merged else None
        if previous is not None and {previous["kind"], mark["kind"]} == {"deletion", "insertion"}:
            deletion, insertion = (previous, mark) if previous["kind"] == "deletion" else (mark, previous)
            if deletion["start"] in (insertion["start"], insertion["end"]):
                merged[-1] = {
                    "kind": "replacement",
                    "start": insertion["start"],
                    "end": insertion["end"],
                    "note": deletion.get("note"),
                    "author": insertion.get("author") or deletion.get("author"),
                }
                continue
        merged.append(mark)
    return merged


def _location(document: Document, mark: Mapping[str, Any]) -> tuple[int, int]:
    """The mark's own text; for one with no visible text (a deletion), the paragraph it was in."""
    start, end = int(mark["start"]), int(mark["end"])
    text = document.text[start:end]
    if text.strip():
        return start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())
    block = document.block_at(start) or document.block_at(max(start - 1, 0))
    return (block.start, block.end) if block is not None else (start, end)


def _facts(document: Document, mark: Mapping[str, Any]) -> dict[str, str]:
    kind = mark["kind"]
    shown = excerpt(document.text[int(mark["start"]) : int(mark["end"])])
    note = excerpt(mark.get("note") or "")
    facts = {"found": shown or note, "note": note}
    if kind == "insertion":
        facts["change"] = f"inserted “{shown}”"
    elif kind == "deletion":
        facts["change"] = f"deleted “{note}”"
    elif kind == "replacement":
        facts["change"] = f"replaced “{note}” with “{shown}”"
    elif kind == "move":
        facts["change"] = f"moved “{shown}”"
    return facts
