"""Gaps and duplicates in clause numbering: 4.1, 4.2, 4.4 — where did 4.3 go?

A gap usually means a clause was deleted and the numbers typed by hand were not updated (or
a manual number sits among Word's automatic ones); a duplicate makes every reference to that
number ambiguous. Siblings of the section tree are compared by their last component (the
``3`` of ``4.3``, the ``c`` of ``(c)``, the ``IV`` of ``Article IV``, the ``B`` of
``Exhibit B``).

Only certain slips are reported. A number that runs backwards is taken for a restarted list
(or a table of contents followed by the body), not a mistake. A missing number is not reported
when it is printed anywhere as a label — contracts whose clauses run on in one paragraph have
most of their labels inline, and a missing "(c)" must not be printed inside the clause either.
Lower-case letters that are also roman numerals ("(i)" after "(h)") are read both ways, and a
letter that is a roman numeral after an unrelated letter ("(v)" after "(d)") starts a roman list.

Labels are certain where the parser knows them (Word numbering, Markdown, HTML). In text and
PDF the structure builder reads labels off the start of lines, where page numbers, addresses
("63 Main Street"), running headers ("EXHIBIT A" on every page) and tables of contents also
stand; there only dotted clause numbers ("4.3") are compared, and a duplicate only between
full clauses, not between short lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from checker.document import Document, Section
from checker.drafting.cross_references import (
    LABELLED_FORMATS,
    Targets,
    collect_targets,
    normalise_number,
    roman_value,
)
from checker.drafting.model import Agreement, Slip
from checker.structure import ARTICLE_WORDS, CONTAINER_WORDS

NUMBERING = "numbering"
KINDS = ("gap", "duplicate")


@dataclass(frozen=True, slots=True)
class _Numbered:
    """A sibling section and how its last number component reads."""

    section: Section
    family: (
        str  # what must run in sequence with it: "numeric:4", "alpha:4.2", "article", "container:schedule"
    )
    value: int
    other: int | None  # the second reading of a letter that is also a roman numeral
    prefix: str  # the number without its last component ("4" of "4.3", "4.2" of "4.2(c)")
    shown: str  # the last component as printed


def find_numbering_slips(agreement: Agreement) -> list[Slip]:
    targets = agreement.memo("targets", collect_targets)
    slips: list[Slip] = []
    for index, document in enumerate(agreement.documents):
        toc = {block.index for block in document.blocks} - {block.index for block in agreement.prose[index]}
        certain = document.format in LABELLED_FORMATS
        slips.extend(_siblings(index, document, document.sections, targets, toc, certain))
        for section in document.walk_sections():
            slips.extend(_siblings(index, document, section.children, targets, toc, certain))
    return sorted(slips, key=lambda slip: (slip.document, slip.start))


def _siblings(
    index: int,
    document: Document,
    sections: Sequence[Section],
    targets: Targets,
    toc: set[int],
    certain: bool = True,
) -> Iterator[Slip]:
    families: dict[str, list[_Numbered]] = {}
    for section in sections:
        if section.first_block in toc:
            continue
        numbered = _read(section)
        if numbered is None:
            continue
        if not certain and not (numbered.family.startswith("numeric:") and numbered.prefix):
            continue
        if not certain and _wrapped_reference(document, section):
            continue  # "... pursuant to Section" / "2.5 above": a reference broken over two lines
        families.setdefault(numbered.family, []).append(numbered)
    for family in families.values():
        for previous, current in itertools.pairwise(family):
            if not certain and min(_length(document, previous), _length(document, current)) < 40:
                continue  # an entry of a contents list or an index, not a clause
            yield from _compare(index, document, previous, current, targets)


_AFTER_LABEL = re.compile(
    r"^(?:(?:[Ss]ection|SECTION|[Cc]lause|[Pp]aragraph)\s+)?\d{1,3}(?:\.\d{1,3})*\.?\s*"
)
_READS_ON = re.compile(r"(?:shall|will|is|are|may|of|and|or|above|below|hereof|to)\b")
_SUB_ITEM = re.compile(r"\((?:[a-z]{1,4}|\d{1,2})\)\s")
_REFERENCE_WORD_AT_END = re.compile(
    r"(?:[Ss]ections?|SECTIONS?|[Cc]lauses?|[Aa]rticles?|[Pp]aragraphs?|§)\s*$"
)


def _wrapped_reference(document: Document, section: Section) -> bool:
    """A line that starts with a number only because a sentence wrapped there: the line before
    ends mid-sentence ("... under this" / "pursuant to Section") and this one reads on ("Section
    2.3 is subject to", "2.5 above")."""
    block = document.blocks[section.first_block]
    if block.index == 0:
        return False
    previous = document.blocks[block.index - 1].text.rstrip()
    if _REFERENCE_WORD_AT_END.search(previous[-30:]):
        return True
    rest = _AFTER_LABEL.sub("", block.text, count=1)
    if _READS_ON.match(rest) and block.text[:1].upper() == "S":
        return True  # "Section 16.3 shall not apply ...": a sentence that opens with a reference
    if _SUB_ITEM.match(rest):
        return True  # "2.2 (d) Material Change ...": a sub-item printed with its clause's number
    return not previous.endswith((".", ":", ";", "!", "?", ")")) and rest[:1].islower()


def _length(document: Document, numbered: _Numbered) -> int:
    return len(document.blocks[numbered.section.first_block].text)


def _compare(
    index: int, document: Document, previous: _Numbered, current: _Numbered, targets: Targets
) -> Iterator[Slip]:
    readings = [(previous.value, current.value)]
    if previous.other is not None and current.other is not None:
        readings.append((previous.other, current.other))
    if any(after == before + 1 for before, after in readings):
        return
    if current.family.startswith(("lower:", "upper:")) and current.shown.lower() in ("i", "v", "x"):
        return  # "(v)" after "(d)": the fifth item of a roman list whose first items are inline
    before, after = readings[0]
    if after == before and current.section.number == previous.section.number:
        number = current.section.number or current.shown
        yield _slip(document, index, current, "duplicate", {"detail": f"{number} is used twice"})
        return
    if not all(after > before + 1 for before, after in readings):
        return  # a restart, or a table of contents followed by the body
    missing = [_format(current, value) for value in range(before + 1, after)]
    if any(_printed(document, current, previous, name, targets) for name in missing):
        return
    shown = missing[0] if len(missing) == 1 else f"{missing[0]} to {missing[-1]}"
    verb = "is" if len(missing) == 1 else "are"
    detail = f"{shown} {verb} missing between {_format(previous, before)} and {_format(current, after)}"
    yield _slip(document, index, current, "gap", {"missing": shown, "detail": detail})


_RELATIVE = re.compile(r"^(?P<prefix>.*?)\((?P<id>[A-Za-z]{1,5}|\d{1,2})\)$")


def _read(section: Section) -> _Numbered | None:
    number = section.number
    if not number:
        return None
    word, _, identifier = number.partition(" ")
    if word.lower() in CONTAINER_WORDS and identifier:
        value = _letter_value(identifier) if identifier.isalpha() and len(identifier) == 1 else None
        if identifier.isdigit():
            value = int(identifier)
        elif value is None:
            value = roman_value(identifier)
        if value is None:
            return None
        return _Numbered(section, f"container:{word.lower()}", value, None, "", identifier)
    if word.lower() in ARTICLE_WORDS and identifier:
        value = int(identifier) if identifier.isdigit() else roman_value(identifier)
        return None if value is None else _Numbered(section, "article", value, None, "", identifier)
    relative = _RELATIVE.match(number)
    if relative:
        identifier, prefix = relative["id"], relative["prefix"]
        if identifier.isdigit():
            return _Numbered(section, f"digit:{prefix}", int(identifier), None, prefix, identifier)
        case = "lower" if identifier.islower() else "upper"
        letter = _letter_value(identifier) if len(identifier) == 1 else None
        roman = roman_value(identifier.upper())
        if letter is None and roman is None:
            return None
        value = letter if letter is not None else roman
        assert value is not None
        other = roman if letter is not None else None
        return _Numbered(section, f"{case}:{prefix}", value, other, prefix, identifier)
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", number):
        parts = number.split(".")
        prefix = ".".join(parts[:-1])
        return _Numbered(section, f"numeric:{prefix}:{len(parts)}", int(parts[-1]), None, prefix, number)
    return None


def _letter_value(letter: str) -> int | None:
    return ord(letter.lower()) - ord("a") + 1 if letter.isalpha() and len(letter) == 1 else None


def _format(numbered: _Numbered, value: int) -> str:
    family = numbered.family.split(":", 1)[0]
    if family == "numeric":
        return f"{numbered.prefix}.{value}" if numbered.prefix else str(value)
    if family in ("lower", "upper"):
        if numbered.other is not None and len(numbered.shown) > 1:
            letter = _roman(value)
        else:
            letter = chr(ord("a") + value - 1) if 1 <= value <= 26 else str(value)
        return f"{numbered.prefix}({letter.lower() if family == 'lower' else letter.upper()})"
    if family == "digit":
        return f"{numbered.prefix}({value})"
    word = numbered.section.number.split(" ")[0] if numbered.section.number else ""
    if family == "article" or not numbered.shown.isalpha() or len(numbered.shown) > 1:
        shown = str(value) if numbered.shown.isdigit() else _roman(value)
    else:
        shown = chr(ord("A") + value - 1)
    return f"{word} {shown}"


def _roman(value: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for amount, symbol in numerals * 4:
        while value >= amount:
            out += symbol
            value -= amount
    return out


def _printed(
    document: Document, current: _Numbered, previous: _Numbered, name: str, targets: Targets
) -> bool:
    """Whether the 'missing' number is printed after all: a label elsewhere, or inside the clause."""
    family = current.family.split(":", 1)[0]
    if family == "numeric":
        if normalise_number(name) in targets.numbers or normalise_number(name) in targets.prefixes:
            return True
        # printed at the start of a line, glued to its text ("2.11.4monitor", '1.11"Span')
        padded = ".".join(part.zfill(2) if index else part for index, part in enumerate(name.split(".")))
        return any(
            re.search(rf"(?:^|\n)\s*{re.escape(form)}(?![\d.])", document.text) for form in {name, padded}
        )
    if family in ("container", "article"):
        word, _, identifier = name.partition(" ")
        if family == "article":
            value = int(identifier) if identifier.isdigit() else roman_value(identifier)
            return value in targets.articles
        return (word.lower(), identifier.upper()) in targets.attachments
    shown = name[len(current.prefix) :]
    return shown in document.text[previous.section.start : current.section.start]


def _slip(document: Document, index: int, numbered: _Numbered, kind: str, facts: dict[str, str]) -> Slip:
    """A slip on the label of the section after the gap (or of the second of two equal numbers)."""
    block = document.blocks[numbered.section.first_block]
    relative = numbered.family.split(":", 1)[0] in ("lower", "upper", "digit")
    printed = f"({numbered.shown})" if relative else (block.label or numbered.shown)
    position = block.text.lower().find(printed.lower())
    if position < 0:
        position, printed = 0, block.text[: len(printed)]
    start = block.start + position
    label = numbered.section.number or printed
    return Slip(
        NUMBERING, kind, index, start, start + len(printed), {"found": printed, "label": label, **facts}
    )
