"""What the drafting analyses produce and what they read.

A :class:`Slip` is one drafting mistake at one place: a "[●]" left in, a reference to a clause
that does not exist, a term used but never defined. Slips are plain data with exact offsets
into one document's text, so the rule engine can turn each into its own finding that SARIF,
the HTML report and the Word review copy point at.

An :class:`Agreement` is what the analyses read: the documents of one agreement (a single
contract, or an MSA with its schedules checked as a bundle) and the values the clause pipeline
found in each, so a cross-reference in the MSA resolves to a schedule supplied as its own file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from checker.document import Block, BlockKind, Document
from checker.findings import Value

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Slip:
    """One drafting slip: which analysis found it, of what kind, where, and what to say about it.

    ``facts`` fill the rule message (``${found}``, ``${target}``, ``${count}``...); ``found`` is
    always the text at the slip's offsets unless the analysis says better.
    """

    analysis: str
    kind: str
    document: int
    start: int
    end: int
    facts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Agreement:
    """The documents of one agreement and, per document, the values the pipeline normalised."""

    documents: Sequence[Document]
    values: Sequence[Sequence[Value]] = ()
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, name: str, compute: Callable[[Agreement], _T]) -> _T:
        """A result several analyses share (the bracket scan, the clause numbers), computed once."""
        if name not in self._memo:
            self._memo[name] = compute(self)
        return self._memo[name]  # type: ignore[no-any-return]

    def values_of(self, index: int, label: str) -> list[Value]:
        if index >= len(self.values):
            return []
        return [value for value in self.values[index] if value.label == label]

    @cached_property
    def prose(self) -> list[list[Block]]:
        """Per document, the blocks that read as running text: no table of contents lines."""
        return [[block for block in document.blocks if not _toc_line(block)] for document in self.documents]


_TOC_LINE = re.compile(r"(?:\.{3,}|…+|\s{2,}|\t)\s*\d{1,3}\s*$|\s\d{1,3}$")
_CONTENTS = re.compile(r"^(?:table of )?contents$|^index$", re.IGNORECASE)


def _toc_line(block: Block) -> bool:
    """A table-of-contents entry: a short heading line that ends in a page number."""
    if block.kind is BlockKind.TABLE_CELL or len(block.text) > 120:
        return False
    return bool(_CONTENTS.match(block.text.strip())) or (
        block.label is not None and bool(_TOC_LINE.search(block.text)) and block.text[-1:].isdigit()
    )


def excerpt(text: str, limit: int = 160) -> str:
    """A short, single-line quote of review text for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
