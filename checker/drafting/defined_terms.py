"""Defined terms: collected once, then checked four ways.

A capitalised term is a promise that the contract says exactly what it means. The promise breaks
when the term is used but never defined (the parties will argue about its meaning), defined but
never used (a leftover of an earlier draft, often a sign that a provision was lost), defined twice
with different words (which one governs?), or used before a definition given in passing further
down (the reader meets it undefined).

Definitions are read from the text, in the forms contracts use:

* a quoted term with a defining verb: ``"Services" means ...``, ``"Fees" shall have the meaning``;
* a quoted term introduced in brackets: ``(the "Effective Date")``, ``(each a "Party")``,
  ``(hereinafter referred to as "Company")``;
* an unquoted term opening an entry of a definitions clause (``Services means ...``, as Word
  contracts set in bold), or the first cell of a row in a definitions table;

(The pipeline's DEFINED_TERM values mark the same forms but accept any capitalised quoted phrase
in brackets, "(including "Joe Smith", ...)" too, so the stricter reading here is used.) Uses are
matched case-sensitively, with plural, singular and upper-case forms counting as the same term.

Finding *undefined* terms is the noisy part: contracts are full of proper names. A capitalised
run counts as a would-be defined term only when it is not at the start of a sentence or in a
heading, not a name of a law, body, place, month or office, and every word of it is also used in
lower case in the same agreement — the sign that the capital is a drafting choice, not a name.
Party roles are left to :mod:`checker.drafting.parties`.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from checker.document import Block, BlockKind, Document
from checker.drafting.model import Agreement, Slip, excerpt
from checker.nlp.values import PARTY_ROLES
from checker.structure import run_in_heading, split_label


def _words(text: str) -> list[str]:
    """A word list written as text, so long lexicons stay readable."""
    return text.split()


UNDEFINED_TERMS = "undefined_terms"
UNUSED_TERMS = "unused_terms"
CONFLICTING_DEFINITIONS = "conflicting_definitions"
LATE_DEFINITIONS = "late_definitions"

UNDEFINED_KINDS = ("undefined",)
UNUSED_KINDS = ("unused",)
CONFLICT_KINDS = ("conflict",)
LATE_KINDS = ("late",)

_QUOTED = re.compile(r"[\"“](?P<straight>[^\"“”\n]{1,90})[\"”]|‘(?P<single>[^‘’\n]{1,90})’")
_DEFINING_VERB = re.compile(
    r"\s*[,:]?\s*(?:\)\s*)?(?:(?:of|for)\s+(?:a|an|the|any|each|such)\s+[A-Za-z]+\s+)?(?:(?:shall|will|is|are)\s+)?(?:means?\b|mean\b|have\s+the\s+meanings?|has\s+the\s+meanings?"
    r"|(?:is|are|shall\s+be)\s+defined|refers?\s+to|includes?\b|shall\s+(?:mean|include|refer\s+to)"
    r"|shall\s+have\s+the\s+meanings?|[:–—]\s*(?=[a-z\"“])|\s-\s(?=[A-Za-z]))",
    re.IGNORECASE,
)
_DEFINING_IS = re.compile(
    r"\s*(?:(?:is|are)\s+(?:\w+ly\s+)?(?:calculated|determined|measured|computed|equal\s+to|the|a|an|as\s+defined|defined"
    r"|deemed|used|those|any|all)\b|:|(?:all|any|each|the)\s+[a-z]"
    r"|(?:occurs|shall\s+occur|will\s+occur|exists|shall\s+exist)\s+(?:if|when|where|on)\b)",
    re.IGNORECASE,
)
# `1.2 "Availability" is calculated as`, `where "Total Minutes" is the number`: a term opening a clause.
_CLAUSE_START_BEFORE = re.compile(
    r"(?:^|[.:;(])\s*(?:\(?[0-9A-Za-z]{1,4}\)\s+|\d{1,3}(?:\.\d{1,3})*\.?\s+)?$"
    r"|\b(?:where|whereby|in\s+which|and|each|an?|the)\s+$",
    re.IGNORECASE,
)
# `... those identified as critical are "Critical Service Levels".`
_ARE_BEFORE = re.compile(
    r"\b(?:is|are|constitutes?|be|deemed)\s+(?:(?:each|together|collectively|jointly)\s+)?(?:(?:called|referred\s+to\s+as|known\s+as)\s+)?"
    r"(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)
_MENTIONED_TERM = re.compile(r"\bdefined\s+terms?\s*$", re.IGNORECASE)
_FORMER_NAME = re.compile(r"\b(?:formerly|previously|f/k/a|fka|n/k/a|now|currently|d/b/a|dba)\s*$", re.I)
_ALIAS_BETWEEN = re.compile(r"^[\"”’]?\s*(?:,\s*)?(?:or|/|\(|and/or)\s*(?:the\s+)?[\"“‘]?$", re.IGNORECASE)
# A definition that points at another: '"Actions" shall have the meaning as set forth in Section 14',
# '"Party" is defined in the introductory paragraph', '"Effective Date" means the date so defined'.
_BY_REFERENCE = re.compile(
    r"^(?:(?:shall\s+)?ha(?:s|ve)\s+the\s+meanings?\s+)?(?:as\s+|so\s+)?(?:given|set\s+(?:out|forth)|ascribed|assigned"
    r"|attributed|specified|defined|stated|provided|referred|indicated|contained|used)\b"
    r"|^(?:in|under|at)\s+(?:the\s+)?\w|^.{0,40}\b(?:so|as)\s+defined\b",
    re.IGNORECASE,
)
_CHAIN = re.compile(r"\s*(?:,\s*)?(?:or|and|/)\s*[\"“‘]", re.IGNORECASE)
_INTRODUCER = re.compile(
    r"^(?:\s|,|;|each|individually|collectively|together|jointly|severally|both|all|any|hereinafter|hereafter"
    r"|herein|below|referred|to|as|also|a|an|the|this|these|such|its|their|and|or|either|called|known"
    r"|(?:[\"“‘][^\"“”‘’]*[\"”’]))*$",
    re.IGNORECASE,
)
_HEREINAFTER = re.compile(
    r"\b(?:each|individually|collectively|together|jointly|both)\s+(?:(?:referred\s+to\s+as|called)\s+)?"
    r"(?:a|an|the|as)\s+$|"
    r"(?:hereinafter|hereafter|herein)\s+(?:(?:referred\s+to|called|known)\s+)?(?:as\s+)?(?:the\s+|a\s+|an\s+)?$"
    r"|(?:referred\s+to\s+(?:herein\s+|in\s+this\s+\w+\s+)?as|(?:to\s+be\s+)?known\s+as)\s+(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)
_SCOPED = re.compile(
    r"\b(?:for|solely for)\s+(?:the\s+)?purposes?\s+of\s+(?:this|that|the\s+foregoing|such)\s+"
    r"(?:section|clause|article|paragraph|schedule|exhibit|annex|sub-?section|sub-?clause|provision)"
    # a meaning for a case or a condition: "With respect to the Promotion, ...", "then ... means"
    r"|\b(?:with\s+respect\s+to|in\s+the\s+case\s+of|in\s+relation\s+to|when\s+used|as\s+used\s+in)\b"
    r"|\bthen\b|\breferences\s+(?:herein\s+)?to\b",
    re.IGNORECASE,
)
_EXTENDS = re.compile(
    r"[\"”’]?\s*(?:\)\s*)?(?:shall\s+|will\s+)?(?:also\s+)?(?:includes?|refers?\s+to|be\s+deemed)\b", re.I
)
_TITLE_IN_BRACKETS = re.compile(
    r"(?:clause|section|article|paragraph|schedule|exhibit)\s*[\w.]+\s*\(\s*$", re.IGNORECASE
)
_DEFINITIONS_HEADING = re.compile(
    r"\b(?:definitions?|defined terms|interpretation|glossary|meaning of (?:certain )?terms)\b", re.IGNORECASE
)
_UNQUOTED_ENTRY = re.compile(
    r"^(?P<term>[A-Z][\w'’&-]*(?:\s+(?:of|and|for|to|in|on|the|&|[A-Z][\w'’&-]*)){0,6}?)\s*[:,]?\s+"
    r"(?:means|shall\s+mean|has\s+the\s+meaning|shall\s+have\s+the\s+meaning|refers\s+to)\b"
)
_BODY_END = re.compile(r"[.;!?](?:\s|$)|\n")
_TITLE_WORD = r"[A-Z][a-z][\w'’]*(?:-[A-Za-z][\w'’]*)*"
_RUN = re.compile(rf"(?<![\w'’\-/.@])(?:{_TITLE_WORD})(?:\s(?:of\s)?(?:{_TITLE_WORD}))*(?![\w'’\-@])")
_WORD = re.compile(r"[A-Za-z][a-z'’]*(?:-[A-Za-z][a-z'’]*)*")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z]+(?:-[a-z]+)*(?![\w'’-])")
# A run opens a sentence when only a sentence end (or the block start), perhaps a list label,
# and opening quotes or brackets stand before it.
_LABEL_BEFORE = re.compile(
    r"(?:^|[.:;!?]|\n)\s*(?:\(\s*(?:[a-zA-Z]{1,4}|\d)\s*\)|(?:[a-zA-Z]{1,4}|\d{1,2})\)|\d{1,3}(?:\.\d{1,3})*\.?"
    r"|[•\-–—*]|o(?=\s))?\s*[\"“‘(\[]*\s*$"
)
_NAME_CONTINUES = re.compile(
    r"^(?:,?\s+(?:19|20)\d\d\b|\)?\s*(?:\([^()]{0,60}\)\s*)?(?:(?:,|and|&|[A-Z][\w'’]*)\s*){0,6}"
    r"(?:Act|Acts|Code|Regulations?|Order|Rules|Directive|Convention)\b"
    r"|\s+[A-Z]{1,4}-?\d"  # "Form S-4", "Schedule 13D"
    # a title or a body: "Securities and Exchange Commission"
    r"|\s+(?:and|&)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+(?:Agreement|Act|Plan|Policy|Commission|Association"
    r"|Administration|Authority|Board|Bureau|Department|Office|Agency|Council|Court|Corrections)\b"
    r"|\s+(?:and|&)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s*\(\s*as\s+defined)"
)
# "Excused Downtime (as defined in paragraph 3.1)": a use that tells the reader where to look.
_POINTER_AFTER = re.compile(
    r"[\"”’]?\s*(?:\(s\))?(?:\s+(?:or|and)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,5})?\s*,?\s*\(?\s*(?:each\s+|both\s+)?"
    r"(?:as\s+)?(?:(?:hereinafter|herein|further|more\s+fully)\s+)?(?:defined|described|set\s+out|set\s+forth|specified"
    r"|referenced|referred\s+to)\b|\s*\(\s*see\b",
    re.IGNORECASE,
)
_THIS_BEFORE = re.compile(r"\bthis\s$", re.IGNORECASE)  # "This Confirmation constitutes": the document itself
_CONTENTS_PAIR = re.compile(r"(?<![\d.])\d{1,3}\s+(?:\d{1,2}\.\d{1,2}|[A-Z]\s?-\s)")
_NUMBERISH = re.compile(r"^\(?\d[\d.()a-z]*\)?[,.;]?$")
_CODE_BEFORE = re.compile(r"\b[A-Z]{1,5}-?\d{1,3}[a-z]?\s$")
_MIN_DEFINITIONS = 5
_DROP_UPPER = dict.fromkeys(range(ord("A"), ord("Z") + 1))
_DROP_DIGITS = dict.fromkeys(range(ord("0"), ord("9") + 1))
_DROP_LOWER = dict.fromkeys(range(ord("a"), ord("z") + 1))
_NAME_BEFORE = re.compile(r"\b[A-Z]{2,}[A-Z0-9&]*\s$")  # "ISO Services and Marketing Agreement"
_DEFINED_ELSEWHERE = re.compile(
    r"\s*(?:\(s\))?(?:\s+(?:or|and)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?\s*\(\s*(?:as\s+)?"
    r"(?:such\s+terms?\s+(?:is|are)\s+)?(?:hereinafter\s+|herein\s+|further\s+|below\s+)?(?:defined|described)",
    re.I,
)
# Inside round or square brackets opened before the run and not closed: a title "(Survival)",
# "[Transfer of Entire Business]" or an aside, not running text.
_IN_BRACKETS = re.compile(r"[(\[][^()\[\]]{0,60}$")
# Running text has a verb of obligation or a sentence end; lists, tables and forms have neither.
_PROSE = re.compile(r"\b(?:shall|will|may|must|is|are|be|has|have|agrees?)\b.*[.;:]", re.IGNORECASE)
_TABLE_LIKE = re.compile(r"(?<![\w.])\d[\d,.]*(?![\w])")
_CORPORATE_AFTER = re.compile(
    r"^,?\s+(?:Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|LLC|L\.L\.C|LLP|LP|L\.P|plc|PLC|GmbH|AG|SA|S\.A"
    r"|NV|N\.V|BV|B\.V|SAS|SpA|S\.p\.A|Pty|Pte|KK|Oy|AB|AS|ApS|SRL|S\.r\.l)\b"
)

_STOP_FIRST = frozenset(
    _words(
        """
    the this that these those each any all no such if in on for upon subject notwithstanding
    neither either both its their our your his her a an as at by to with from except unless
    where when whereas while provided nothing without save after before during under within
    following pursuant whether other another every some one only not however further furthermore
    accordingly additionally also then thereafter therefore thus here there what which who whom
    whose we you they it he she i
    """
    )
)
_ALLOWED = frozenset(
    _words(
        """
    january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday agreement agreements party parties section
    sections clause clauses article articles schedule schedules exhibit exhibits annex annexes
    appendix appendices paragraph paragraphs attachment attachments addendum addenda recital
    recitals part parts chapter sub-clause subsection sub-section subclause mr mrs ms dr sir
    madam dear witness whereof signature signed date dated name title by its page president vice
    chief officer executive director directors manager secretary treasurer chairman chairperson
    chair counsel general board ceo cfo coo cto cio managing senior dollars dollar euros euro
    pounds pound sterling yen cents internet web god english french german spanish chinese
    japanese christmas easter day eve new year years fax facsimile telephone tel phone email
    e-mail attention attn
    """
    )
)
# A run ending in one of these is the name of a law, a body, a place or an office, not a term.
_NAME_HEADS = frozenset(
    _words(
        """
    act acts code regulation regulations rules directive treaty convention statute statutes law
    commission administration department agency authority bureau court courts office inc
    corporation limited university college school hospital association institute foundation bank
    exchange organization organisation council union federation ministry government republic
    kingdom state states province county city street avenue road suite floor building center
    centre park plaza drive boulevard lane square house tower district registry service system
    reserve guidelines standards standard principles place
    """
    )
)
_KNOWN_NAMES = ("Internal Revenue", "Securities and Exchange", "European Union", "United States", "Federal")
_ROLE_WORDS = frozenset(spelling.lower() for entry in PARTY_ROLES for spelling in entry.exact) | {
    "party",
    "parties",
}


@dataclass(frozen=True, slots=True)
class Definition:
    """Where a term is defined, and with what words (for comparing two definitions)."""

    term: str
    document: int
    start: int  # of the term itself, inside its quotes
    end: int
    body: str | None  # the defining words, normalised; None for a definition given in passing
    in_section: bool  # inside a definitions clause or schedule
    scoped: bool  # "for the purposes of this Section, ..." — a deliberate local meaning
    by_reference: bool = False  # "has the meaning given in Clause 8.3": points at the real one
    extends: bool = False  # '"Antibody" shall include ...': adds to a meaning rather than giving one


@lru_cache(maxsize=4096)
def term_key(term: str) -> str:
    """Singular, plural, possessive and upper-case forms of a term share one key."""
    key = " ".join(term.split()).lower().rstrip(".,")
    for suffix in ("’s", "'s", "’", "'"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith(("sses", "ches", "shes", "xes")):
        return key[:-2]
    if key.endswith("s") and not key.endswith(("ss", "us", "is")) and len(key) > 3:
        return key[:-1]
    return key


def variants(term: str) -> set[str]:
    """The forms a use of a term can take: as defined, plural or singular ("Events of Default" and
    "Event of Default"), with "(s)" read both ways, in capitals, and a term defined in capitals
    ("CUSTOMER") also in title case."""
    term = re.sub(r"(?:\((?:s|S|es|ES)\)|/S|/s)$", "", term)
    head, of, tail = term.partition(" of ")
    forms = {term}
    for form in _number_forms(head):
        forms.add(form + of + tail)
    if term.isupper():
        forms |= {form.title() for form in forms}
    forms |= {form.upper() for form in forms}
    return forms


def _number_forms(word: str) -> set[str]:
    forms = {word}
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        forms.add(word[:-1] + "ies")
    elif word.endswith(("s", "x", "ch", "sh")):
        forms.add(word + "es")
    else:
        forms.add(word + "s")
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    elif word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
    return forms


def alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of the words, longest first, written as a trie: Python's
    engine tries the branches of a plain alternation one by one at every position, so hundreds
    of terms sharing first letters cost hundreds of comparisons where a trie costs a few."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(character) + pattern(child) for character, child in node.items() if character]
        ending = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ending:  # the word may end here; try the longer forms first
            return "(?:" + body + ")?"
        return body

    return "(?:" + pattern(trie) + ")"


class TermIndex:
    """Definitions and uses of the defined terms of one agreement, computed once."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement

    @cached_property
    def definitions(self) -> list[Definition]:
        found: list[Definition] = []
        for index, document in enumerate(self.agreement.documents):
            found.extend(_definitions(index, document, self.agreement))
        return found

    @cached_property
    def by_key(self) -> dict[str, list[Definition]]:
        grouped: dict[str, list[Definition]] = defaultdict(list)
        for definition in self.definitions:
            grouped[term_key(definition.term)].append(definition)
        return grouped

    @cached_property
    def uses(self) -> dict[str, list[tuple[int, int, int]]]:
        """Per term key, every occurrence (document, start, end) that is not a definition itself."""
        forms: dict[str, str] = {}
        for definition in self.definitions:
            for form in variants(definition.term):
                forms.setdefault(form, term_key(definition.term))
        found: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        if not forms:
            return found
        pattern = re.compile(r"(?<![\w'’-])" + alternation(forms) + r"(?![\w-])")
        defined_at = {(d.document, d.start) for d in self.definitions}
        for index, document in enumerate(self.agreement.documents):
            for match in pattern.finditer(document.text):
                if (index, match.start()) in defined_at:
                    continue
                found[forms[match.group()]].append((index, match.start(), match.end()))
        return found

    @cached_property
    def aliases(self) -> dict[str, set[str]]:
        """Terms defined as alternatives of each other ('"GLP" or "Good Laboratory Practices"')."""
        found: dict[str, set[str]] = defaultdict(set)
        ordered = sorted(self.definitions, key=lambda d: (d.document, d.start))
        for first, second in itertools.pairwise(ordered):
            if first.document != second.document or second.start - first.end > 12:
                continue
            between = self.agreement.documents[first.document].text[first.end : second.start]
            if _ALIAS_BETWEEN.match(between):
                found[term_key(first.term)].add(term_key(second.term))
                found[term_key(second.term)].add(term_key(first.term))
        return found

    @cached_property
    def first_definition(self) -> dict[int, int]:
        """Per document, where its body starts (its first definition or first numbered clause):
        what comes before is a title or a cover page, not a use of a term."""
        found: dict[int, int] = {}
        for definition in self.definitions:
            found[definition.document] = min(
                found.get(definition.document, definition.start), definition.start
            )
        for index, document in enumerate(self.agreement.documents):
            labelled = next((block.start for block in document.blocks if block.label), None)
            if labelled is not None:
                found[index] = min(found.get(index, labelled), labelled)
        return found

    def is_defined(self, term: str) -> bool:
        return term_key(term) in self.by_key


def _definitions(index: int, document: Document, agreement: Agreement) -> Iterator[Definition]:
    text = document.text
    sections = _definition_ranges(document)
    seen: set[int] = set()
    for match in _QUOTED.finditer(text):
        raw = match["straight"] if match["straight"] is not None else match["single"]
        start = match.start(1) if match["straight"] is not None else match.start(2)
        term = raw.strip().rstrip(",.").strip()
        article = re.match(r"(?:the|a|an)\s+(?=[A-Z])", term)
        if article:
            term = term[article.end() :]
        if not _looks_like_term(term):
            continue
        start += raw.index(term)
        body = _defined_here(text, match.start(), match.end())
        if body is None or _MENTIONED_TERM.search(text, max(0, match.start() - 20), match.start()):
            continue
        if _TITLE_IN_BRACKETS.search(text, max(0, match.start() - 40), match.start()):
            continue  # 'as defined under Clause 6 ("Deliveries")': the clause's title
        seen.add(start)
        sentence_start = _sentence_start(text, match.start())
        yield Definition(
            term=term,
            document=index,
            start=start,
            end=start + len(term),
            body=body or None,
            in_section=_inside(sections, start),
            scoped=bool(_SCOPED.search(text, sentence_start, match.start())),
            by_reference=bool(body and _BY_REFERENCE.match(body)),
            extends=bool(_EXTENDS.match(text, match.end())),
        )
    for block in document.blocks:
        if not _inside(sections, block.start):
            continue
        body_text = _without_label(block)
        offset = block.start + len(block.text) - len(body_text)
        if block.kind is BlockKind.TABLE_CELL:
            if block.table_cell is not None and block.table_cell.column == 0 and block.table_cell.row > 0:
                term = body_text.strip().strip('"“”').strip()
                if _looks_like_term(term) and len(term.split()) <= 6 and offset not in seen:
                    yield Definition(term, index, offset, offset + len(term), None, True, False)
            continue
        entry = _UNQUOTED_ENTRY.match(body_text)
        if entry and _looks_like_term(entry["term"]) and offset not in seen:
            term = entry["term"]
            body = _normalise_body(body_text[entry.end() :])
            yield Definition(term, index, offset, offset + len(term), body, True, False)


def _looks_like_term(term: str) -> bool:
    if not term or not (term[0].isupper() or term[0].isdigit()) or len(term) > 80:
        return False
    words = term.split()
    if len(words) > 8 or any(mark in term for mark in (";", ":", "!", "?", "  ", ",", "''")):
        return False
    return words[-1].lower() not in {"and", "or", "of", "the", "a", "to"}


def _defined_here(text: str, quote_start: int, quote_end: int) -> str | None:
    """The defining words when this quoted term is being defined here ("" if in passing), else None."""
    after = text[quote_end : quote_end + 400]
    position = 0
    while True:  # `"Term1" or "Term2" means`: skip the chain to the verb
        chained = _CHAIN.match(after, position)
        if not chained:
            break
        closing = _QUOTED.match(after, chained.end() - 1)
        if closing is None:
            break
        position = closing.end()
    verb = _DEFINING_VERB.match(after, position)
    line_start = text.rfind("\n", 0, quote_start) + 1
    before = text[max(line_start, quote_start - 300) : quote_start]
    if verb:
        return _normalise_body(after[verb.end() :]) or "…"
    if _DEFINING_IS.match(after, position) and _CLAUSE_START_BEFORE.search(before):
        return _normalise_body(after[position:]) or "…"
    if _ARE_BEFORE.search(before) and re.match(r"^\s*[.;,)]", after):
        return ""
    if _HEREINAFTER.search(before):
        return ""
    opening = before.rfind("(")
    if opening < 0 or ")" in before[opening:]:
        return None
    closing_at = after.find(")")
    if closing_at < 0 or "(" in after[:closing_at]:
        return None
    inside = before[opening + 1 :]
    last_break = max(inside.rfind(","), inside.rfind(";"))
    lead = inside[last_break + 1 :] if last_break >= 0 else inside
    if not lead.strip() and last_break >= 0 and _FORMER_NAME.search(inside[:last_break]):
        return None  # '(formerly, "Acme Services, Inc.")': a former name, not a definition
    return "" if _INTRODUCER.match(lead) else None


def _normalise_body(text: str) -> str:
    end = _BODY_END.search(text)
    body = text[: end.start() if end else 300]
    return " ".join(re.sub(r"[^\w\s]", " ", body.lower()).split())[:300]


def _definition_ranges(document: Document) -> list[tuple[int, int]]:
    return [
        (section.start, section.end)
        for section in document.walk_sections()
        if section.heading and _DEFINITIONS_HEADING.search(section.heading)
    ]


def _inside(ranges: Sequence[tuple[int, int]], position: int) -> bool:
    return any(start <= position < end for start, end in ranges)


def _sentence_start(text: str, position: int) -> int:
    return max(text.rfind(". ", 0, position), text.rfind("\n", 0, position), 0)


def _without_label(block: Block) -> str:
    found = split_label(block.text) if block.label else None
    return found[1] if found is not None else block.text


# -- the four checks ----------------------------------------------------------------------------


def find_unused_terms(index: TermIndex) -> list[Slip]:
    """Terms defined and never used (no form of the term anywhere but its own definition).

    Aliases defined together ('"GLP" or "Good Laboratory Practices"') count as one term, and a
    term used inside a longer one ("CUPET" in "CUPET Project") is used.
    """
    slips: list[Slip] = []
    for key, definitions in index.by_key.items():
        if index.uses.get(key) or any(index.uses.get(alias) for alias in index.aliases.get(key, ())):
            continue
        if _used_inside_longer(index, definitions[0].term) or _used_in_any_case(index, definitions):
            continue
        first = min(definitions, key=lambda d: (d.document, d.start))
        slips.append(_slip(UNUSED_TERMS, "unused", first, {"term": first.term}))
    return sorted(slips, key=lambda slip: (slip.document, slip.start))


def _used_in_any_case(index: TermIndex, definitions: list[Definition]) -> bool:
    """Used, if not with its capitals ("Middleware" defined, "middleware" used): the definition is
    not dead, only the capitals are inconsistent."""
    term = re.sub(r"(?:\((?:s|S|es|ES|ies)\)|/S|/s)$", "", definitions[0].term).lower()
    defined_at = {(d.document, d.start) for d in definitions}
    lowered = index.agreement.memo("lowered", lambda agreement: [d.text.lower() for d in agreement.documents])
    for number, text in enumerate(lowered):
        position = text.find(term)
        while position >= 0:
            before = text[position - 1 : position] if position else ""
            after = text[position + len(term) : position + len(term) + 4]
            whole = not (before.isalnum() or (before != "" and before in "-'’")) and bool(
                re.match(r"(?:ies|es|s)?(?![\w-])", after)
            )
            if whole and (number, position) not in defined_at:
                return True
            position = text.find(term, position + 1)
    return False


def _used_inside_longer(index: TermIndex, term: str) -> bool:
    """Whether a longer defined term that contains this one ("CUPET Project" for "CUPET") is used:
    the search for uses matches the longest term, so the shorter one inside it is not counted."""
    words = f" {term} "
    return any(
        words in f" {longer} " and index.uses.get(key)
        for key, definitions in index.by_key.items()
        for longer in {definitions[0].term}
        if len(longer) > len(term)
    )


def find_conflicting_definitions(index: TermIndex) -> list[Slip]:
    """Terms defined twice with different words (a local "for the purposes of" meaning aside)."""
    slips: list[Slip] = []
    for definitions in index.by_key.values():
        ordered = sorted(
            (d for d in definitions if not (d.scoped or d.by_reference or d.extends)),
            key=lambda d: (d.document, d.start),
        )
        # Forms attached as exhibits of one filing (a patent and a trademark assignment) each
        # define their own terms: compare definitions within one attachment only.
        scopes = {_attachment_of(index.agreement, d) for d in ordered}
        if len(scopes) > 1:
            ordered = [
                d
                for d in ordered
                if _attachment_of(index.agreement, d) == _attachment_of(index.agreement, ordered[0])
            ]
        distinct: list[Definition] = []
        for definition in ordered:
            if any(_same_definition(definition, earlier, index.agreement) for earlier in distinct):
                continue
            distinct.append(definition)
        if len(distinct) < 2:
            continue
        first, second = distinct[0], distinct[1]
        where = index.agreement.documents[first.document].block_at(first.start)
        slips.append(
            _slip(
                CONFLICTING_DEFINITIONS,
                "conflict",
                second,
                {
                    "term": second.term,
                    "first": (where.section_path if where and where.section_path else "earlier"),
                    "count": str(len(distinct)),
                },
            )
        )
    return sorted(slips, key=lambda slip: (slip.document, slip.start))


def _attachment_of(agreement: Agreement, definition: Definition) -> str:
    block = agreement.documents[definition.document].block_at(definition.start)
    path = (block.section_path or "") if block else ""
    first = path.split(" / ")[0]
    return f"{definition.document}:{first if first.split(' ')[0].lower() in _CONTAINERS else ''}"


_CONTAINERS = frozenset({"schedule", "exhibit", "annex", "appendix", "attachment", "addendum"})


def _same_definition(one: Definition, other: Definition, agreement: Agreement | None = None) -> bool:
    if one.document == other.document and abs(one.start - other.start) < 80:
        return True  # "Party" and "Parties" defined together
    if agreement is not None and one.document == other.document:
        document = agreement.documents[one.document]
        if document.block_at(one.start) is document.block_at(other.start):
            return True  # one clause that defines the term and then refines it
        if one.term != other.term and abs(one.start - other.start) < 300:
            return True  # "Operator Parties" means ...; "Operator Party" means any such Person
    if one.body is None or other.body is None:
        # Two definitions in passing repeat the term; only a stated meaning can differ from another.
        return one.body is None and other.body is None
    return one.body == other.body or one.body.startswith(other.body) or other.body.startswith(one.body)


def find_late_definitions(index: TermIndex) -> list[Slip]:
    """Terms defined in passing (not in a definitions clause) but used earlier in the same document."""
    slips: list[Slip] = []
    for key, definitions in index.by_key.items():
        # A definitions clause may come anywhere (at the end, in a schedule) and lists its terms
        # alphabetically, so only a term given its meaning in passing, nowhere stated with
        # "means", must not be used before that place.
        if any(d.in_section or d.body is not None for d in definitions):
            continue
        first = min(definitions, key=lambda d: (d.document, d.start))
        document = index.agreement.documents[first.document]
        defined_block = document.block_at(first.start)
        scope = _attachment_of(index.agreement, first)
        header_end = index.first_definition.get(first.document, 0)
        earlier = [
            (start, end)
            for doc, start, end in index.uses.get(key, ())
            if doc == first.document
            and header_end <= start
            and end <= first.start
            and _standalone(document.text, start, end)
            and not _in_heading(document, start)
            and not (defined_block is not None and start >= defined_block.start)
            and not _LABEL_BEFORE.search(document.text[max(0, start - 12) : start])
            and _attachment_of(index.agreement, Definition(first.term, doc, start, end, None, False, False))
            == scope
            and in_running_text(document.text, start, end)
            and not (document.text[start:end].isupper() and not first.term.isupper())  # a heading in capitals
        ]
        earlier = [
            (start, end)
            for start, end in earlier
            if not _THIS_BEFORE.search(document.text, max(0, start - 6), start)
        ]
        if not earlier or _POINTER_AFTER.match(document.text, earlier[0][1]):
            continue  # none, or the first use says where the definition is
        start, end = earlier[0]
        where = document.block_at(first.start)
        slips.append(
            Slip(
                LATE_DEFINITIONS,
                "late",
                first.document,
                start,
                end,
                {
                    "found": document.text[start:end],
                    "term": first.term,
                    "defined_in": where.section_path if where and where.section_path else "later",
                    "count": str(len(earlier)),
                },
            )
        )
    return sorted(slips, key=lambda slip: (slip.document, slip.start))


def in_running_text(text: str, start: int, end: int) -> bool:
    """Not a heading ("3.20 Sale of Transferred Equipment."), an acronym given in brackets
    ("municipal solid waste (MSW)"), or an entry of a table of contents or an index."""
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return False
    sentence_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    ends = [found for mark in (". ", "\n") if (found := text.find(mark, end)) >= 0]
    sentence = text[sentence_start : min(ends, default=len(text))]
    if _heading_like(sentence):
        return False
    around = text[max(0, start - 150) : end + 150]
    if len(_CONTENTS_PAIR.findall(around)) >= 2:
        return False  # "... Option 20 9.3 Conditions ...": page numbers before clause numbers
    window = around.split()
    numbers = sum(1 for word in window if _NUMBERISH.match(word))
    return numbers <= 0.2 * max(len(window), 1)


def _standalone(text: str, start: int, end: int) -> bool:
    """A use of the term itself, not a word of a longer name ("Services Agreement")."""
    before = text[max(0, start - 30) : start]
    after = text[end : end + 30]
    previous = re.search(r"([A-Za-z][\w'’-]*)\s$", before)
    following = re.match(r"^\s([A-Za-z][\w'’-]*)", after)
    return not (
        (previous and previous[1][:1].isupper() and previous[1].lower() not in _STOP_FIRST)
        or (following and following[1][:1].isupper())
    )


def _in_heading(document: Document, position: int) -> bool:
    block = document.block_at(position)
    return block is not None and (block.kind is BlockKind.HEADING or block.index == 0)


def find_undefined_terms(index: TermIndex, allow: Iterable[str] = (), min_uses: int = 2) -> list[Slip]:
    """Capitalised terms used as defined terms that no definition covers; one slip per term.

    Only in an agreement that defines its terms (at least five definitions): where nothing is
    defined, capitals are a house style, not a promise. A term must be used ``min_uses`` times:
    a capitalised phrase met once is far more often a title or a name than a term.
    """
    agreement = index.agreement
    if len({term_key(d.term) for d in index.definitions}) < _MIN_DEFINITIONS:
        return []
    allowed = _ALLOWED | {word.lower() for word in allow}
    lower_words = set()
    for document in agreement.documents:
        lower_words.update(_LOWER_WORD.findall(document.text))
    defined_words = {word.lower() for d in index.definitions for word in d.term.split()}
    seen: dict[str, list[tuple[int, int, int]]] = {}
    order: list[str] = []
    decided: dict[str, bool] = {}
    for document_index, document in enumerate(agreement.documents):
        for start, end in _candidate_runs(document, agreement.prose[document_index], lower_words):
            run = document.text[start:end]
            words = run.split()
            verdict = decided.get(run)
            if verdict is None:
                verdict = decided[run] = _would_be_term(words, index, allowed, lower_words, defined_words)
            if not verdict:
                continue
            following = document.text[end : end + 80]
            if _CORPORATE_AFTER.match(following) or _NAME_CONTINUES.match(following):
                continue
            if _DEFINED_ELSEWHERE.match(following) or _IN_BRACKETS.search(
                document.text, max(0, start - 100), start
            ):
                continue
            if _NAME_BEFORE.search(document.text, max(0, start - 30), start) or _in_title(run, agreement):
                continue
            if _inside_quotes(document, start) or _variant_of_defined(words, index):
                continue
            key = term_key(run)
            if key not in seen:
                seen[key] = []
                order.append(key)
            seen[key].append((document_index, start, end))
    slips = []
    for key in order:
        if len(seen[key]) < min_uses:
            continue
        document_index, start, end = seen[key][0]
        run = agreement.documents[document_index].text[start:end]
        slips.append(
            Slip(
                UNDEFINED_TERMS,
                "undefined",
                document_index,
                start,
                end,
                {"found": run, "term": run, "count": str(len(seen[key]))},
            )
        )
    return slips


def _in_title(run: str, agreement: Agreement) -> bool:
    """A phrase of the document's own title ("Nothing in this Limited Power of Attorney")."""
    lowered = run.lower()
    return any(
        lowered in block.text.lower() for document in agreement.documents for block in document.blocks[:3]
    )


def _inside_quotes(document: Document, position: int) -> bool:
    """Inside a quoted title or name ('the "Nutrition for Healthy Living" area')."""
    block = document.block_at(position)
    if block is None:
        return False
    before = document.text[block.start : position]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _variant_of_defined(words: list[str], index: TermIndex) -> bool:
    """ "Developed" or "Commercializing" where "Develop" or "Commercialization" is defined."""
    if len(words) != 1:
        return False
    word = words[0].lower()
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            stem = word[: -len(suffix)]
            return any(key.startswith(stem) for key in index.by_key)
    return False


def _candidate_runs(
    document: Document, blocks: Sequence[Block], lowercase: set[str] | None = None
) -> Iterator[tuple[int, int]]:
    """Capitalised runs in running text, not opening a sentence, not in headings or quotes.

    With ``lowercase`` (the words used in lower case), a run with a word after its first that is
    never written in lower case is a name and is dropped before any other test: most runs are.
    """
    for block in blocks:
        if block.kind in (BlockKind.HEADING, BlockKind.TABLE_CELL) or block.index == 0:
            continue
        upper = len(block.text) - len(block.text.translate(_DROP_UPPER))
        lower = len(block.text) - len(block.text.translate(_DROP_LOWER))
        if upper + lower == 0 or upper > 0.6 * (upper + lower):
            continue
        digits = len(block.text) - len(block.text.translate(_DROP_DIGITS))
        if digits > 0.2 * block.text.count(" ") and len(_TABLE_LIKE.findall(block.text)) > 0.2 * len(
            block.text.split()
        ):
            continue  # a table flattened into a line of text
        if not _PROSE.search(block.text):
            continue  # a list of names, a table row or a form: no sentence to read
        body = block.text
        skip_to = 0
        heading = run_in_heading(_without_label(block))
        if heading:
            skip_to = body.find(heading) + len(heading)
        for sentence_start, sentence_end in _sentences(body):
            sentence = body[sentence_start:sentence_end]
            if sentence_end <= skip_to:
                continue
            runs = list(_RUN.finditer(sentence))
            if not runs or _heading_like(sentence):
                continue
            for match in runs:
                if lowercase is not None and not _could_be_term(match.group().split(), lowercase):
                    continue
                start, end = sentence_start + match.start(), sentence_start + match.end()
                if (
                    start < skip_to
                    or _quoted(body, start, end)
                    or _CODE_BEFORE.search(body, max(0, start - 12), start)
                ):
                    continue
                words = match.group().split()
                offset = 0
                if _LABEL_BEFORE.search(body[max(0, start - 12) : start]) or start == 0:
                    if len(words) == 1 or words[1] == "of":
                        continue
                    offset = len(words[0]) + 1
                    words = words[1:]
                while words and words[0].lower() in _STOP_FIRST:
                    offset += len(words[0]) + 1
                    words = words[1:]
                if words and words[0] == "of":
                    continue
                if words:
                    run_start = block.start + start + offset
                    yield run_start, run_start + len(" ".join(words))


def _could_be_term(words: list[str], lower: set[str]) -> bool:
    for word in words[1:] or words:
        if word == "of":
            continue
        lowered = word.lower()
        if lowered not in lower and lowered.rstrip("s") not in lower and term_key(word) not in lower:
            return False
    return True


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in re.finditer(r"(?<=[.;:!?])\s+", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _heading_like(sentence: str) -> bool:
    """A run-in or inline heading ("1.2 Standard of Service."): every significant word capitalised."""
    found = split_label(sentence)
    body = (found[1] if found else sentence).strip().rstrip(".:")
    words = _WORD.findall(body)
    if not 1 <= len(words) <= 10 or any(ch in body for ch in ';()"“'):
        return False
    small = {"of", "and", "the", "for", "to", "in", "on", "or", "a", "an", "by", "with", "upon", "&"}
    return all(word[:1].isupper() or word in small for word in words)


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return ('"' in before or "“" in before or "‘" in before) and any(q in after for q in '"”’')


def _would_be_term(
    words: list[str], index: TermIndex, allowed: frozenset[str] | set[str], lower: set[str], defined: set[str]
) -> bool:
    run = " ".join(words)
    if index.is_defined(run) or any(run.startswith(name) for name in _KNOWN_NAMES):
        return False
    significant = [word.lower() for word in words if word != "of"]
    if significant[-1] in _NAME_HEADS or any(word in allowed for word in significant):
        return False
    if all(word in _ROLE_WORDS or term_key(word) in _ROLE_WORDS for word in significant):
        return False
    # Every word in lower case somewhere in the agreement: the capital is a choice, not a name.
    if not all(word in lower or term_key(word) in lower or word.rstrip("s") in lower for word in significant):
        return False
    # Made only of defined terms, their words and party roles ("Customer Confidential Information").
    remaining = _strip_defined(words, index)
    return bool(remaining) and not all(word.lower() in defined for word in remaining)


def _strip_defined(words: list[str], index: TermIndex) -> list[str]:
    """The words of a run left after removing every defined term and party role inside it."""
    remaining: list[str] = []
    position = 0
    while position < len(words):
        for length in range(len(words) - position, 0, -1):
            piece = " ".join(words[position : position + length])
            if index.is_defined(piece) or (length == 1 and piece.lower() in _ROLE_WORDS):
                position += length
                break
        else:
            remaining.append(words[position])
            position += 1
    return [word for word in remaining if word != "of"]


def _slip(analysis: str, kind: str, definition: Definition, facts: dict[str, str]) -> Slip:
    return Slip(
        analysis,
        kind,
        definition.document,
        definition.start,
        definition.end,
        {"found": excerpt(definition.term), **facts},
    )
