"""Placeholders, drafting notes and bracketed alternatives left in the text.

Square brackets are how drafts mark what is not settled: a blank to fill ("[●]", "$[___]",
"[insert date]", "[TBD]"), a note between lawyers ("[Note to draft: confirm with tax]"), or a
choice the parties have not made ("[Supplier/Customer]", "[30/60] days"). Any of them in a
document put up for signature is a defect, and a cheap one to find.

Brackets also have settled uses that must not be reported: the redaction marks of filed
agreements ("[***]", "[*]", "[REDACTED]"), editorial notes ("[Signature Page Follows]",
"[LOGO]") and tick boxes ("[ ] Yes [X] No"). Each bracketed stretch is read once and put in at
most one class, redactions first, so one "[...]" never becomes two slips.

Outside brackets the same analysis finds the "XX" and "20XX" of templates, "TBD", and runs of
underscores for a blank ("dated as of ________"), except the signature lines of an execution
block ("By: ______", "Name: ______").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from checker.drafting.model import Agreement, Slip, excerpt
from checker.structure import normalise_text

PLACEHOLDERS = "placeholders"
DRAFTING_NOTES = "drafting_notes"
ALTERNATIVES = "alternatives"

PLACEHOLDER_KINDS = ("blank", "tbd", "insert", "named", "xx", "underscore")
NOTE_KINDS = ("note",)
ALTERNATIVE_KINDS = ("choice", "option")

# One level of nesting, so "[Supplier to confirm [●]]" is read as one note.
_BRACKET = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\]){0,300})\]")
_CURRENCY_BEFORE = re.compile(r"(?:US\$|\$|€|£|USD|EUR|GBP)\s?$")
_REDACTION = re.compile(r"^[\s*.…·\-]*$")
_REDACTION_WORDS = re.compile(
    r"^(?:redacted|omitted|intentionally omitted|reserved|confidential(?: treatment)?(?: requested)?"
    r"|(?:initials?\s+)?illegible|logo|graphic(?: omitted)?|image|seal|sic|signature pages? follows?\.?"
    r"|signature page to .*|remainder of (?:this )?page .*|the remainder of .*|intentionally left blank)\.?$",
    re.IGNORECASE,
)
_BLANK = re.compile(r"^[\s●•·◦○▪_\u2022\u25cf\u2219]*$")
_BLANK_MARK = re.compile(r"[●•·◦○▪_\u2022\u25cf\u2219]")
_TBD = re.compile(
    r"^(?:tbd|tbc|tba|tbu|to be (?:determined|confirmed|agreed|advised|added|inserted|provided|completed"
    r"|discussed|decided|finali[sz]ed|negotiated|specified|updated)\b.*)$",
    re.IGNORECASE,
)
_INSERT = re.compile(r"^(?:insert|specify|enter|add|describe|complete|fill in)\b", re.IGNORECASE)
_NAMED_NOUNS = frozenset(
    {"name", "names", "date", "address", "amount", "number", "title", "email", "e-mail", "telephone"}
    | {"phone", "fax", "facsimile", "signatory", "figure", "sum"}
)
_XX = re.compile(r"^(?:[Xx]{2,}|\d{2}[Xx]{2})$")
_NOTE = re.compile(
    r"^(?:(?:note|ntd|n\.\s?b\.?|nb|drafting note|draft(?:er|ing|sman)?'?s? note|comment|query|question|q"
    r"|internal note|open (?:point|issue)|for discussion|discussion|editor'?s? note|author'?s? note"
    r"|reviewer'?s? note|[A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*)? (?:comment|note|query)s?)\s*[:\-–—]"
    r"|note to (?:draft|drafter|draftsman|client|\w+)\b|ntd\b|drafting note\b"
    r"|(?:[A-Z][\w&.\-]*\s){1,3}to (?:confirm|advise|review|discuss|check|consider|provide|update|revert)\b"
    r"|(?:please|pls) (?:confirm|advise|review|check)\b)",
    re.IGNORECASE,
)
_OPTION = re.compile(
    r"^(?:or|alternatively|alternative(?: \w+)?|option \w+|either|optional(?: clause)?|if applicable)[:.]?$",
    re.IGNORECASE,
)
_SLASHED = re.compile(r"\w\s?/\s?\w")
_DATE_LIKE = re.compile(r"^\d{1,4}\s?/\s?\d{1,2}(?:\s?/\s?\d{1,4})?$")
_PER_UNIT = re.compile(r"/\s*(?:year|month|week|day|hour|annum|unit|kg|ton|tons|lb|mt)\b", re.IGNORECASE)
_NOT_WORDS = re.compile(r"://|www\.|@|\.com\b|^\d{1,4}\s?/\s?\d{1,2}|and/or")
_CHECKBOX_NEAR = re.compile(r"\[\s*[xX✓✔ ]?\s*\]")
# Outside brackets, each pattern only runs when its telltale characters occur at all.
_UNBRACKETED: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("tbd", "TB", re.compile(r"\b(?:TBD|TBC|TBA)\b")),
    ("xx", "xx", re.compile(r"(?<![\w.@/])(?:US\$|\$|€|£)?(?:[Xx]{2,}|(?:19|20)[Xx]{2})(?![\w@/])")),
    ("underscore", "___", re.compile(r"(?:(?:US\$|\$|€|£)\s?)?_{3,}(?:[ ,]{1,3}_{2,})*")),
    (
        "note",
        "n",
        re.compile(r"^(?:note to draft(?:er)?|drafting note|ntd)\s*[:\-–—].*$", re.IGNORECASE | re.MULTILINE),
    ),
)
_SIGNATURE_LABEL = re.compile(
    r"(?:\b(?:by|name|title|its|signature|signed|sign|initials?|initialled|witness(?:ed)?|printed name"
    r"|print name|print|date|attest|notary(?: public)?|position|designation|capacity|accepted by|agreed by"
    r"|acknowledged by)"
    r"\s*:?)\s*$",
    re.IGNORECASE,
)
_SIGNATURE_IN_LINE = re.compile(r"\b(?:by|name|title|its)\s*:[^\n_]{0,40}$", re.IGNORECASE)
_SIGNATURE_AFTER = re.compile(
    r"\(?(?:initials|name\s*:|title\s*:|its\s*:|by\s*:|date\s*:|signature|print(?:ed)? name"
    r"|accepted by|agreed by|acknowledged by|\(signature\))",
    re.IGNORECASE,
)
_CONFIDENTIAL_TREATMENT = re.compile(r"confidential treatment|\bredacted\b|have been omitted", re.IGNORECASE)
_REDACTION_NEAR = re.compile(r"\*\s?\*\s?\*|\[\s?\*")
_ROMAN_TWENTY = re.compile(r"\bX(?:IX|XI|XII|VIII|VII|VI|V|IV|III|II|I)\b")


@dataclass(frozen=True, slots=True)
class _Bracket:
    start: int
    end: int
    content: str


def find_placeholders(agreement: Agreement) -> list[Slip]:
    """Blanks, to-be-determined marks, "[insert ...]", named blanks, "XX" and underscore blanks."""
    return [slip for slip in agreement.memo("brackets", _scan) if slip.analysis == PLACEHOLDERS]


def find_drafting_notes(agreement: Agreement) -> list[Slip]:
    """Notes between drafters left in the text ("[Note to draft: ...]", "[Supplier to confirm]")."""
    return [slip for slip in agreement.memo("brackets", _scan) if slip.analysis == DRAFTING_NOTES]


def find_alternatives(agreement: Agreement) -> list[Slip]:
    """Choices left open in brackets ("[Supplier/Customer]", "[30] [60] days", "[OR]")."""
    return [slip for slip in agreement.memo("brackets", _scan) if slip.analysis == ALTERNATIVES]


def _scan(agreement: Agreement) -> list[Slip]:
    slips: list[Slip] = []
    for index, document in enumerate(agreement.documents):
        slips.extend(_document_slips(index, document.text))
    slips.sort(key=lambda slip: (slip.document, slip.start))
    return slips


def _document_slips(index: int, text: str) -> Iterator[Slip]:
    brackets = [_Bracket(m.start(), m.end(), normalise_text(m[1])) for m in _BRACKET.finditer(text)]
    # A filing that says portions were omitted for confidential treatment marks them "[XXXX]".
    redacted = bool(_CONFIDENTIAL_TREATMENT.search(text))
    classes = [_classify(bracket, text, redacted) for bracket in brackets]
    covered: list[tuple[int, int]] = []
    position = 0
    while position < len(brackets):
        bracket, found = brackets[position], classes[position]
        pair = _paired_choice(brackets, classes, position, text)
        if pair is not None:
            end = brackets[pair].end
            covered.append((bracket.start, end))
            yield _slip(ALTERNATIVES, "choice", index, text, bracket.start, end)
            position = pair + 1
            continue
        if found is not None:
            analysis, kind = found
            start = bracket.start
            if kind == "blank":
                currency = _CURRENCY_BEFORE.search(text, max(0, start - 4), start)
                start = currency.start() if currency else start
            covered.append((bracket.start, bracket.end))
            yield _slip(analysis, kind, index, text, start, bracket.end)
        elif bracket.content and not _settled(bracket.content):
            covered.append((bracket.start, bracket.end))  # plain bracketed words: looked at, fine
        position += 1
    roman = bool(_ROMAN_TWENTY.search(text))
    covered.sort()
    lowered = text.lower()
    found = [
        (match, kind)
        for kind, telltale, pattern in _UNBRACKETED
        if telltale in (text if kind in ("tbd", "underscore") else lowered)
        for match in pattern.finditer(text)
    ]
    found.sort(key=lambda item: item[0].start())
    for match, kind in found:
        position = bisect.bisect_right(covered, (match.start(), float("inf"))) - 1
        if position >= 0 and covered[position][0] <= match.start() < covered[position][1]:
            continue
        if kind == "xx" and _roman_or_label(text, match, roman):
            continue
        if kind == "underscore" and (
            _signature_line(text, match.start(), match.end())
            or _REDACTION_NEAR.search(_around(text, match, 12))
        ):
            continue
        if kind == "note":
            yield _slip(DRAFTING_NOTES, "note", index, text, match.start(), match.end())
        else:
            yield _slip(PLACEHOLDERS, kind, index, text, match.start(), match.end())


def _classify(bracket: _Bracket, text: str, redacted: bool = False) -> tuple[str, str] | None:
    """(analysis, kind) for one bracketed stretch, or None when it is not a drafting slip."""
    content = bracket.content
    if _settled(content):
        return None
    if _NOTE.match(content):
        return DRAFTING_NOTES, "note"
    if _BLANK.match(content):
        if not _BLANK_MARK.search(content) and _checkbox(text, bracket):
            return None
        return PLACEHOLDERS, "blank"
    if _TBD.match(content):
        return PLACEHOLDERS, "tbd"
    if _INSERT.match(content):
        return PLACEHOLDERS, "insert"
    if _XX.match(content):
        return None if redacted else (PLACEHOLDERS, "xx")
    words = content.split()
    if 1 <= len(words) <= 4 and words[-1].lower() in _NAMED_NOUNS:
        return PLACEHOLDERS, "named"
    if _OPTION.match(content):
        return ALTERNATIVES, "option"
    if _slashed_choice(content):
        return ALTERNATIVES, "choice"
    return None


def _settled(content: str) -> bool:
    """Redaction marks and editorial notes of executed and filed agreements."""
    return bool(_REDACTION.match(content) and "*" in content) or bool(
        _REDACTION_WORDS.match(content) or content in {"...", "…", ". . ."}
    )


def _slashed_choice(content: str) -> bool:
    """ "Supplier/Customer", "30/60", "shall/may" — not a date, a web address, "and/or" or a unit
    ("Metric Tons / Year")."""
    if len(content) > 80 or not _SLASHED.search(content) or _DATE_LIKE.match(content):
        return False
    if _PER_UNIT.search(content):
        return False
    lowered = content.lower()
    if "://" in lowered or "www." in lowered or ".com" in lowered:
        return False
    return bool(_SLASHED.search(lowered.replace("and/or", "and or")))


def _paired_choice(
    brackets: list[_Bracket], classes: list[tuple[str, str] | None], position: int, text: str
) -> int | None:
    """ "[the Supplier][the Customer]" or "[30] or [60]": two worded brackets side by side."""
    if position + 1 >= len(brackets):
        return None
    first, second = brackets[position], brackets[position + 1]
    between = text[first.end : second.start]
    if between.strip().lower() not in ("", "or", "/"):
        return None
    for bracket, found in ((first, classes[position]), (second, classes[position + 1])):
        if found is not None and found[0] != ALTERNATIVES:
            return None
        if not bracket.content or _settled(bracket.content) or _BLANK.match(bracket.content):
            return None
        if (
            len(bracket.content) > 40
            or len(bracket.content.split()) > 4
            or _NOT_WORDS.search(bracket.content)
        ):
            return None
    return position + 1


def _checkbox(text: str, bracket: _Bracket) -> bool:
    """An empty "[ ]" beside another box ("[ ] Yes [X] No") is a tick box, not a blank."""
    window = text[max(0, bracket.start - 60) : bracket.start] + " " + text[bracket.end : bracket.end + 60]
    return bool(_CHECKBOX_NEAR.search(window))


def _roman_or_label(text: str, match: re.Match[str], roman: bool) -> bool:
    """ "XX" is the roman twenty where the document numbers in roman, or "(xx)" a list item."""
    found = match.group()
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 2]
    if before.endswith("(") or after.startswith(")"):
        return True
    if found in ("XX", "xx") and roman:
        return True
    return (
        found in ("XX", "xx") and after.startswith(". ") and (before.strip() == "" or before.endswith("\n"))
    )


def _around(text: str, match: re.Match[str], width: int) -> str:
    return text[max(0, match.start() - width) : match.end() + width]


def _signature_line(text: str, start: int, end: int) -> bool:
    """Underscores of an execution block: a ruled line on its own, or a line next to a
    signature label ("By: ______", "______ Name:", "BY:" on the line above)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if not line.replace("_", "").strip(" ,.:$"):
        return True
    before = text[max(0, start - 40) : start].replace("\n", " ")
    after = text[end : end + 25].replace("\n", " ").lstrip()
    if "/s/" in before or "/S/" in before or _SIGNATURE_IN_LINE.search(before):
        return True  # under a conformed signature ("/s/ Jane Smith ______") or beside "Title: CEO"
    if text[start - 1 : start].isalpha():
        return True  # the rest of a filled-in line ("N/A______", "Chief Executive Officer____")
    return bool(_SIGNATURE_LABEL.search(before)) or bool(_SIGNATURE_AFTER.match(after))


def _slip(analysis: str, kind: str, index: int, text: str, start: int, end: int) -> Slip:
    return Slip(analysis, kind, index, start, end, {"found": excerpt(text[start:end])})
