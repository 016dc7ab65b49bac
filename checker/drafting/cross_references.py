"""Cross-references that point nowhere: "Section 14.3" after renumbering, "Schedule 4" not attached.

Every "Section/Clause/Article/Paragraph N(x)" must name a numbered clause or heading of the
agreement, and every "Schedule/Exhibit/Annex/Appendix N" an attachment of it — in the same
document or, for a bundle, in any of its documents (the MSA cites "Schedule 2", supplied as its
own file). Numbers are the ones a reader sees: for a DOCX, Word's automatic numbering as
recomputed by the parser, so a reference left behind by a renumbering is caught.

A reference is only reported when it is certainly this agreement's own and certainly missing,
because a false "dangling reference" trains people to ignore the lint:

* references to another instrument are skipped: "Section 409A of the Code", "Article 28(3)
  GDPR", "Exhibit 10.1 to the Company's Form 10-K", "Section 2.1 of the Master Agreement", and
  every bare reference in an amendment (it cites the agreement it amends);
* a number counts as present when it is printed as a label anywhere — a block's label, or a
  number at the start of a sentence followed by a capitalised word, as in contracts whose
  clauses run on in one paragraph — and a sub-clause "(b)" when it is printed inside its clause;
* clause references are checked only in an agreement that has some numbering to check against.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from checker.document import Document, DocumentFormat
from checker.drafting.model import Agreement, Slip, excerpt
from checker.structure import ARTICLE_WORDS, CONTAINER_WORDS

CROSS_REFERENCES = "cross_references"
KINDS = ("clause", "attachment")

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN = r"[IVXLC]{1,7}"
_SUB = r"(?:\s?\((?:[a-z]{1,4}|[A-Z]{1,2}|\d{1,2})\))"
_CLAUSE_ID = (
    rf"(?:\d{{1,3}}(?:\.\d{{1,3}})*(?!\.?\d|[A-Za-z]|-\d)(?:\.[A-Za-z](?![\w]))?{_SUB}*"
    rf"|{_ROMAN}(?![\w]|\.\d){_SUB}*)"
)
_ATTACHMENT_ID = (
    r"(?:[A-Z]{1,2}(?:-\d{1,2})?(?![\w])|\d{1,3}(?:\.\d{1,2})?[A-Z]?(?!\w)(?!\.\d)|[IVX]{1,5}(?![\w]))"
)
_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|and/or|to|through|thru)\s+|\s*[-–]\s*)"
_CLAUSE_WORDS = (
    r"(?:[Ss]ections?|SECTIONS?|[Cc]lauses?|CLAUSES?|[Aa]rticles?|ARTICLES?|[Pp]aragraphs?|PARAGRAPHS?|§§?)"
)
_ATTACHMENT_WORDS = "|".join(
    rf"{word.title()}{plural}|{word.upper()}{plural.upper()}"
    for word, plural in (
        ("schedule", "s?"),
        ("exhibit", "s?"),
        ("annex", "(?:es)?"),
        ("appendi", "(?:x|ces)"),
        ("attachment", "s?"),
        ("addend", "(?:um|a)"),
    )
)
_REFERENCE = re.compile(
    rf"(?<![\w-])(?P<word>{_CLAUSE_WORDS})\s*(?P<ids>{_CLAUSE_ID}(?:{_JOIN}{_CLAUSE_ID})*)"
    rf"|(?<![\w-])(?P<aword>{_ATTACHMENT_WORDS})\s+(?P<aids>{_ATTACHMENT_ID}(?:{_JOIN}{_ATTACHMENT_ID})*)"
)
_ONE_CLAUSE_ID = re.compile(_CLAUSE_ID)
_ONE_ATTACHMENT_ID = re.compile(_ATTACHMENT_ID)

# Where a reference names another instrument: "of the Code", "under the Securities Act",
# "to the Company's Form 10-K", "of Regulation S-K", "GDPR".
_OWN_DOCUMENT = re.compile(
    r"^\s*(?:of|in|to|under)\s+(?:this|these|the\s+(?:said\s+)?(?:agreement|schedules?|exhibits?|annex(?:es)?"
    r"|appendi(?:x|ces)|attachments?|addend(?:um|a))\b|(?:schedules?|exhibits?|annex(?:es)?|appendi(?:x|ces)"
    r"|attachments?|addend(?:um|a)|articles?|sections?|clauses?|part)\s)",
    re.IGNORECASE,
)
_OTHER_DOCUMENT = re.compile(
    r"^\s*(?:,\s*)?(?:of|in|to|under|pursuant to)(?:\s+|(?=the\s))"
    r"(?:(?:the|its|their|our|such|any|said|each|an?)\s+)?(?:[a-z][\w-]*\s+){0,2}"
    r"(?!(?:Agreement|Schedule|Exhibit|Annex|Appendix|Attachment|Addendum|Article|Section|Clause)s?\b)"
    r"(?:[A-Z0-9][\w'’.&-]*|u\.s\.)",
)
_RESPECTIVELY = re.compile(r"^\s*,?\s*respectively\s*,?", re.IGNORECASE)
# "... UNDERWRITER Section 1.1 Integrity will act": a label after a heading, not a reference.
_LABEL_CONTEXT = re.compile(r"(?:^|\n|[.;:!?]\s+|\b[A-Z][A-Z&,'’]+\s+|(?<![\w.,])\d{1,3}\s+)$")
_CAPITAL_NEXT = re.compile(r"\.?\s+[A-Z\"“]")
_AGREEMENT_OF = re.compile(r"^\s*(?:of|in|to|under)\s+the\s+agreement\b", re.IGNORECASE)
_ACRONYM_AFTER = re.compile(r"^\s*(?:of\s+)?(?:the\s+)?(?:UK\s+|EU\s+)?[A-Z]{3,}(?:\b|$)(?!\s+[a-z])")
_CODE_BEFORE = re.compile(
    r"(?:\b(?:Code|Act|Acts|Regulations?|Rules?|Directive|Treaty|Convention|Statute|Law|U\.S\.C\.|C\.F\.R\.|"
    r"USC|CFR|ERISA|IRC|GDPR|Form|Item|Title|Chapter|Part|Subpart|Bankruptcy)\s*,?\s*)$"
)
_SEC_ATTACHMENT = re.compile(r"^(?:\d+[A-Z]|\d+\.\d+)$")  # Schedule 13D, Exhibit 10.1
_FILED_NEAR = re.compile(
    r"\b(?:filed|form\s+\d|registration statement|report on form|incorporated by reference)\b", re.IGNORECASE
)
# An amendment, a swap confirmation or a joinder cites the numbers of the agreement it belongs to.
_AMENDMENT = re.compile(
    r"\bamendment\b|\bamending agreement\b|\bamended and restated\b|\bconfirmation\b|\bjoinder\b"
    r"|\bsupplements?,? forms? (?:a )?part of\b",
    re.IGNORECASE,
)
_THIS_AMENDMENT = re.compile(
    r"^\s*(?:of|in|to)\s+this\s+(?:amendment|amending|confirmation|joinder)", re.IGNORECASE
)

# A number printed as a label inside running text: after a sentence end (or at a line start),
# followed by a capitalised word or an opening bracket.
_LABEL_WORDS = r"(?:[Ss]ection|SECTION|[Cc]lause|CLAUSE|[Aa]rticle|ARTICLE|[Pp]aragraph|PARAGRAPH|§)"
_INLINE_LABEL = re.compile(
    # a number opening a sentence or line, followed by a capitalised word ("1.1 Provision of ...")
    rf"(?:^|(?<=[.;:!?)\]]\s)|(?<=[.;:!?)\]]\s\s)|(?<=\s\s\s))(?:{_LABEL_WORDS}\s*)?"
    r"(?P<number>\d{1,3}(?:\.\d{1,3})*)\.?(?:\s+|\s*[-–—]\s*|(?=\((?:[a-z]{1,3}|\d)\)\s))(?=[A-Z(\"“'\[])"
    # a dotted number anywhere before a capitalised word ("2. GRANT OF RIGHTS 2.1 Aucta grants")
    r"|(?<![\w.,$€£§/-])(?P<dotted>\d{1,3}(?:\.\d{1,3})+)\.?"
    r"(?:\s+(?=[A-Z(\"“'\[])|[ \t]*(?=\n|$)|(?=[A-Z][a-z]|\[))"
    # a dotted number opening an item of a list run into a sentence ("; 5.2.3 by Dexcel, ...")
    r"|(?<=[;:]\s)(?P<item>\d{1,3}(?:\.\d{1,3})+)\s+(?=[a-z])"
    # a number and a full stop before a heading in capitals ("2. GRANT OF RIGHTS")
    r"|(?<![\w.,$€£§/-])(?P<heading>\d{1,3})\.\s*(?=[A-Z]{2,}\b)",
    re.MULTILINE,
)
# "Section 9.1 Indemnification by Licensee." is the clause's own label, not a reference.
_RUN_IN_TITLE = re.compile(
    r"\s*[-–—:.]?\s*[A-Z][\w'’-]*"
    r"(?:[ ,]+(?:[A-Z][\w'’-]*|of|and|the|to|for|in|on|or|by|with|upon|&)){0,9}[.:](?:\s|$)"
)
_INLINE_ARTICLE = re.compile(rf"\b(?:ARTICLE|Article|PART)\s+(?P<id>\d{{1,3}}|{_ROMAN})\b")
_INLINE_CONTAINER = re.compile(
    rf"\b(?P<word>{'|'.join(CONTAINER_WORDS)})\s+['\"“‘]?(?P<id>[A-Z0-9]{{1,4}}(?:[.-]\d{{1,2}})?)\b['\"”’]?",
    re.IGNORECASE,
)
_HEADING_START = re.compile(r"(?:^|\n|\s\s|[.:]\s)$")
_TITLE_AFTER = re.compile(r"\s*[-–—:]\s*[A-Z]")  # "Annex 1 - Form of the Letter": the annex's own heading


_NAMED_AS = re.compile(
    rf"^(?:\w+\s+){{0,3}}?({'|'.join(CONTAINER_WORDS)})\s+([A-Z0-9]{{1,4}})\b", re.IGNORECASE
)


def roman_value(text: str) -> int | None:
    """The value of an upper-case roman numeral, or None when it is not one."""
    if not text or any(ch not in _ROMAN_VALUES for ch in text):
        return None
    total = 0
    for ch, following in zip(text, text[1:] + " ", strict=True):
        value = _ROMAN_VALUES[ch]
        total += -value if _ROMAN_VALUES.get(following, 0) > value else value
    return total


def normalise_number(number: str) -> str:
    """ "4.01" and "4.1" are the same clause; "12.3(b)" keeps its brackets, lower-cased."""
    head, bracket, rest = number.strip().rstrip(".").partition("(")
    parts = [str(int(part)) if part.isdigit() else part.lower() for part in head.split(".") if part]
    return ".".join(parts) + (bracket + rest.replace(" ", "").lower() if bracket else "")


@dataclass
class Targets:
    """What a reference can name: clause numbers (with the stretch of text each clause covers),
    articles and attachments, gathered from every document of the agreement."""

    numbers: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)
    articles: set[int] = field(default_factory=set)
    attachments: set[tuple[str, str]] = field(default_factory=set)
    structured: int = 0
    # Whether "(b)" of "Section 4.1(b)" can be checked: the parser knows every label (DOCX
    # numbering, Markdown lists), so a sub-clause not printed in its clause is really missing.
    sub_clauses: bool = True

    @cached_property
    def prefixes(self) -> set[str]:
        found: set[str] = set()
        for number in self.numbers:
            head = number.split("(")[0]
            parts = head.split(".")
            for depth in range(1, len(parts)):
                found.add(".".join(parts[:depth]))
        return found


LABELLED_FORMATS = frozenset({DocumentFormat.DOCX, DocumentFormat.MARKDOWN, DocumentFormat.HTML})


@dataclass(frozen=True, slots=True)
class _Label:
    start: int
    number: str  # normalised
    end: int | None = None  # where the structure builder says the clause ends


def collect_targets(agreement: Agreement) -> Targets:
    targets = Targets()
    targets.sub_clauses = all(document.format in LABELLED_FORMATS for document in agreement.documents)
    for index, document in enumerate(agreement.documents):
        labels = _structure_targets(targets, index, document) + _inline_targets(document)
        _inline_articles(targets, document)
        labels.sort(key=lambda label: label.start)
        for position, label in enumerate(labels):
            end = _clause_end(labels, position, len(document.text))
            if label.end is not None:
                end = max(end, label.end)
            targets.numbers.setdefault(label.number, []).append((index, label.start, end))
    return targets


def _clause_end(labels: list[_Label], position: int, limit: int) -> int:
    """Where a clause's text ends: at the next label that continues the numbering after it
    ("3.2" or "4" after "3.1"), not at a sub-clause or a stray page number; at most 10,000
    characters on."""
    label = labels[position]
    parts = label.number.split("(")[0].split(".")
    end = min(limit, label.start + 10_000)
    for other in labels[position + 1 :]:
        if other.start >= end:
            break
        if _continues_after(parts, other.number.split("(")[0].split(".")):
            return other.start
    return end


def _continues_after(base: list[str], other: list[str]) -> bool:
    for depth, part in enumerate(base):
        if depth >= len(other):
            return False
        if other[depth] != part:
            if not (part.isdigit() and other[depth].isdigit()):
                return False
            return 1 <= int(other[depth]) - int(part) <= 2
    return False  # a sub-clause of the base


def _structure_targets(targets: Targets, index: int, document: Document) -> list[_Label]:
    labels: list[_Label] = []
    for section in document.walk_sections():
        if section.number is None:
            continue
        word, _, identifier = section.number.partition(" ")
        if word.lower() in CONTAINER_WORDS and identifier:
            _add_attachment(targets, word, identifier)
        elif word.lower() in ARTICLE_WORDS and identifier:
            value = int(identifier) if identifier.isdigit() else roman_value(identifier.upper())
            if value is not None:
                targets.articles.add(value)
        else:
            targets.structured += 1
            labels.append(_Label(section.start, normalise_number(section.number), section.end))
    # A document of a bundle supplied on its own is named by its first lines ("Schedule 2 - ...").
    for block in document.blocks[:3]:
        match = _NAMED_AS.match(block.text)
        if match:
            _add_attachment(targets, match[1], match[2])
    return labels


_STEMS = (
    "section",
    "clause",
    "article",
    "paragraph",
    "§",
    "schedule",
    "exhibit",
    "annex",
    "appendi",
    "attachment",
    "addend",
)
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})*")
_LABEL_WORD_BEFORE = re.compile(rf"{_LABEL_WORDS}\s*$")


@lru_cache(maxsize=8)
def reference_matches(text: str) -> tuple[re.Match[str], ...]:
    """Every reference of the text, in order. The pattern is tried only where one of its words
    starts (found with ``str.find``), which is eight times faster than letting the regular
    expression engine try its alternatives at every character."""
    lowered = text.lower()
    found: dict[int, re.Match[str]] = {}
    for stem in _STEMS:
        position = lowered.find(stem)
        while position >= 0:
            match = _REFERENCE.match(text, position)
            if match is not None:
                found.setdefault(match.start(), match)
            position = lowered.find(stem, position + 1)
    ordered: list[re.Match[str]] = []
    for start in sorted(found):  # keep the longest of overlapping matches, as finditer would
        if ordered and start < ordered[-1].end():
            continue
        ordered.append(found[start])
    return tuple(ordered)


def _label_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of the inline-label pattern, tried only where a number (or its label word) starts."""
    last_end = -1
    for number in _NUMBER.finditer(text):
        start = number.start()
        if start < last_end:
            continue
        word = _LABEL_WORD_BEFORE.search(text, max(0, start - 12), start)
        for candidate in (word.start(), start) if word else (start,):
            match = _INLINE_LABEL.match(text, candidate)
            if match is not None:
                last_end = match.end()
                yield match
                break


def _inline_targets(document: Document) -> list[_Label]:
    """Numbers printed as labels inside running text, where the structure builder (which reads
    labels only at the start of a block) cannot see them."""
    text = document.text
    spans = [(match.start(), match.end()) for match in reference_matches(text)]
    found: list[tuple[int, str]] = []
    for match in _label_matches(text):
        number = match["number"] or match["dotted"] or match["item"] or match["heading"]
        if "." not in number and len(number) == 3:
            continue  # "100 Main Street", not a clause
        if match["number"] is None and _inside_any(spans, match.start()):
            continue  # a number listed in a reference ("Sections 2.1, 2.2 and 2.3")
        found.append((match.start(), number))
    for reference in reference_matches(text):  # "Section 9.1 Indemnification." labels its own clause
        if reference["word"] is not None and _is_label(text, reference):
            found.append((reference.start(), reference["ids"]))
    return [_Label(start, normalise_number(number)) for start, number in found]


def _inline_articles(targets: Targets, document: Document) -> None:
    """Articles and attachments whose labels are printed in running text ("ARTICLE IV", "EXHIBIT B")."""
    text = document.text
    for match in _INLINE_ARTICLE.finditer(text):
        identifier = match["id"]
        value = int(identifier) if identifier.isdigit() else roman_value(identifier)
        if value is not None:
            targets.articles.add(value)
    for match in _INLINE_CONTAINER.finditer(text):
        # "EXHIBIT B" anywhere is a heading; "Exhibit B" only where a heading can start.
        word = match["word"]
        if word.isupper() or (
            word[:1].isupper()
            and (
                _HEADING_START.search(text, max(0, match.start() - 2), match.start())
                or _TITLE_AFTER.match(text, match.end())
            )
        ):
            _add_attachment(targets, word, match["id"])


def _is_label(text: str, match: re.Match[str]) -> bool:
    """ "Section 9.1 Indemnification." or "... WARRANTIES Section 3.1 The Fund represents": the
    clause's own label, printed where a heading or a sentence starts."""
    if _RUN_IN_TITLE.match(text, match.end()):
        return True
    before = text[max(0, match.start() - 40) : match.start()]
    return bool(_LABEL_CONTEXT.search(before)) and bool(_CAPITAL_NEXT.match(text, match.end()))


def _inside_any(spans: list[tuple[int, int]], position: int) -> bool:
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _add_attachment(targets: Targets, word: str, identifier: str) -> None:
    word = word.lower()
    identifier = identifier.upper().rstrip(".")
    targets.attachments.add((word, identifier))
    targets.attachments.add((word, identifier.split("-")[0]))  # "Exhibit A-1" is part of Exhibit A
    value = roman_value(identifier)
    if value is not None and len(identifier) > 1:
        targets.attachments.add((word, str(value)))


@dataclass(frozen=True, slots=True)
class Reference:
    kind: str  # clause | attachment
    word: str
    identifier: str
    start: int  # of the whole reference ("Sections 4.1 and 14.3")
    end: int  # of this identifier
    this: bool = False  # "this Section 8.4": the clause the sentence is in


def find_cross_references(agreement: Agreement) -> list[Slip]:
    """Each reference to a clause or attachment of this agreement that does not exist in it."""
    targets = agreement.memo("targets", collect_targets)
    check_clauses = targets.structured >= 3 or len(targets.numbers) >= 5
    slips: list[Slip] = []
    for index, document in enumerate(agreement.documents):
        text = document.text
        amendment = bool(_AMENDMENT.search(text[:600]))
        for reference in _references(text):
            if reference.kind == "clause" and not check_clauses:
                continue
            if _external(text, reference, amendment):
                continue
            if _resolves(reference, targets, agreement):
                continue
            label = reference.word.rstrip("sS").title() if reference.word[0] != "§" else "§"
            if reference.word.lower().startswith("appendic"):
                label = "Appendix"
            if reference.word.lower().startswith(("addenda", "addendum")):
                label = "Addendum"
            target = f"{label} {reference.identifier}"
            slips.append(
                Slip(
                    CROSS_REFERENCES,
                    reference.kind,
                    index,
                    reference.start,
                    reference.end,
                    {"found": excerpt(text[reference.start : reference.end]), "target": target},
                )
            )
    return slips


def _references(text: str) -> Iterator[Reference]:
    for match in reference_matches(text):
        if match["word"] is not None and _is_label(text, match):
            continue  # the clause's own label ("Section 9.1 Indemnification.")
        if match["word"] is not None:
            kind, word, ids, pattern = "clause", match["word"], match["ids"], _ONE_CLAUSE_ID
            offset = match.start("ids")
        else:
            kind, word, ids, pattern = "attachment", match["aword"], match["aids"], _ONE_ATTACHMENT_ID
            offset = match.start("aids")
        for item in pattern.finditer(ids):  # a range "4.1 to 4.5" checks both ends only
            identifier = item.group().replace(" ", "")
            if kind == "attachment" and _contents_line(text, word, identifier, offset + item.end()):
                continue
            head = identifier.split("(")[0]
            if kind == "clause" and not word.lower().startswith("article") and _ROMAN_ONLY.match(head):
                continue  # a roman id after "Section" is rare, and is more often a list label
            this = text[max(0, match.start() - 5) : match.start()].lower() == "this "
            if text[max(0, match.start() - 5) : match.start()].lower() in ("that ", "such "):
                continue  # "as described in that Section 2.2.1": a section of the document just named
            yield Reference(kind, word, identifier, match.start(), offset + item.end(), this)


_ROMAN_ONLY = re.compile(rf"^{_ROMAN}$")
_CONTENTS_NEXT = re.compile(r"\s+(?:Section|SECTION|Article|ARTICLE)\b|\s*\.{3,}")


def _contents_line(text: str, word: str, identifier: str, end: int) -> bool:
    """A table-of-contents line ("Appendices and Exhibits 28 Section 9.10"): the number is a page."""
    if _CONTENTS_NEXT.match(text, end):
        return True
    return word.lower().endswith(("s", "ces")) and identifier.isdigit() and int(identifier) >= 100


_INNER_PART = re.compile(
    r"\s*,?\s*(?:of|in|to|under)\s+(?:this\s+|the\s+)?(?:articles?|sections?|clauses?|paragraphs?|parts?|schedules?"
    r"|exhibits?|annex(?:es)?|appendi(?:x|ces)|attachments?)\s+[\w.()-]+",
    re.IGNORECASE,
)
_MORE_PARTS = re.compile(
    r"(?:\s*(?:[-–,]|and/or|and|or|to|through)?\s*\((?:[a-z]{1,4}|[A-Z]{1,2}|\d{1,2})\)"
    r"|\s*\([A-Z][^()]{1,80}\))*"  # "Section 6.7 (Production of Witnesses)": a title in brackets
)
_MORE_IDS = re.compile(
    r"(?:\s*(?:,\s*(?:and|or)?|and/or|and|or)\s*(?:\d{1,3}(?:\.\d{1,3})*|[A-Z]{1,2})"
    r"(?:\((?:[a-z]{1,4}|\d{1,2})\))*(?![\w.]))+"
)
_CHAINED = re.compile(r"\s*(?:,?\s*(?:and/or|or|and|through|thru|to)\b|,|[-–])\s*(?=\S)")
_THEREOF = re.compile(
    r"\s*,?\s*(?:thereof|thereunder|therein|thereto|of\s+(?:such|that|said|each\s+such)|township|range)\b",
    re.I,
)


def _external(text: str, reference: Reference, amendment: bool) -> bool:
    """Whether the reference cites another instrument rather than this agreement."""
    # Read past the rest of a list ("Sections 4 and 5 of the Code") and past the parts of this
    # agreement it sits in ("Section 4.3 of Article 4 of the APA") to what follows it all.
    tail = _REFERENCE.match(text, reference.start)
    position = tail.end() if tail is not None else reference.end
    inner = False
    while True:
        if (part := _MORE_PARTS.match(text, position)) is not None and part.end() > position:
            position = part.end()  # "Sections 4.3(a)-(i)", "Section 6.1(b) and (c)"
        if (more := _MORE_IDS.match(text, position)) is not None and more.end() > position:
            position = more.end()  # "Schedules 1.1(b) and 1.1(c) of the Seller Disclosure Schedule"
            continue
        chained = _CHAINED.match(text, position)
        if chained is not None and (following := _REFERENCE.match(text, chained.end())) is not None:
            position = following.end()  # "Section 13(d)(3) or Section 14(d)(2) of the Exchange Act"
            continue
        if (part := _INNER_PART.match(text, position)) is not None:
            position, inner = part.end(), True
            continue
        break
    after = text[position : position + 80]
    after = after[_RESPECTIVELY.match(after).end() :] if _RESPECTIVELY.match(after) else after
    before = text[max(0, reference.start - 40) : reference.start]
    if amendment:
        return not _THIS_AMENDMENT.match(after)
    if _CODE_BEFORE.search(before) or _THEREOF.match(after):
        return True
    if _OWN_DOCUMENT.match(after) or _AGREEMENT_OF.match(after):
        return False
    if _OTHER_DOCUMENT.match(after) or (not inner and _ACRONYM_AFTER.match(after)):
        return True
    if reference.kind == "clause":
        head = reference.identifier.split("(")[0].split(".")[0]
        return head.isdigit() and int(head) >= 100
    if _SEC_ATTACHMENT.match(reference.identifier) and _FILED_NEAR.search(
        text[max(0, reference.start - 200) : reference.end + 200]
    ):
        return True
    return bool(re.match(r"^\d+[A-Z]$", reference.identifier))  # Schedule 13D, Schedule 14A


def _resolves(reference: Reference, targets: Targets, agreement: Agreement) -> bool:
    if reference.kind == "attachment":
        word = reference.word.lower()
        for stem in CONTAINER_WORDS:
            if word.startswith(stem[:6]):
                word = stem
                break
        identifier = reference.identifier.upper()
        candidates = {identifier, identifier.split("-")[0]}
        value = roman_value(identifier)
        if value is not None and len(identifier) > 1:
            candidates.add(str(value))
        return any((word, candidate) in targets.attachments for candidate in candidates)
    identifier = reference.identifier
    head = identifier.split("(")[0]
    subparts = re.findall(r"\(([^)]+)\)", identifier)
    dotted_letter = re.match(r"^(.*\d)\.([A-Za-z])$", head)
    if dotted_letter:
        head, subparts = dotted_letter[1], [dotted_letter[2], *subparts]
    if _ROMAN_ONLY.match(head):
        return roman_value(head) in targets.articles
    base = normalise_number(head)
    if base + "".join(f"({part.lower()})" for part in subparts) in targets.numbers:
        return True
    if reference.this and (base in targets.numbers or base in targets.prefixes):
        return True  # "this Section 8.4(b)": written inside the clause it names
    is_article = reference.word.lower().startswith("article")
    present = base in targets.numbers or base in targets.prefixes
    if "." not in base and (is_article or not present):
        present = present or int(base) in targets.articles
    if not present:
        return False
    if not subparts or base not in targets.numbers or not targets.sub_clauses:
        return True  # sub-clauses are checked only where the parser knows the labels
    return any(
        _subparts_inside(agreement.documents[document].text[start:end], subparts)
        for document, start, end in targets.numbers[base]
    )


def _subparts_inside(text: str, subparts: list[str]) -> bool:
    """ "(b)" then "(ii)" printed, in that order, inside the clause's text."""
    position = 0
    for part in subparts:
        found = -1
        for form in (f"({part})", f"({part.lower()})", f"{part})", f"{part}."):
            found = text.find(form, position)
            if found >= 0:
                break
        if found < 0:
            return False
        position = found + 1
    return True
