"""Parties and what the contract calls them.

The preamble names the parties and gives each a short name ("Acme Ltd (the "Supplier")"); from
then on the contract must call each party by that name and nothing else. Two slips are common
when clauses are copied between templates:

* a role name that is never defined: "Licensee" in a contract whose parties are the Supplier
  and the Customer — who is bound?
* two names for one party: "Vendor" in one clause and "Supplier" in the others, or a party given
  two short names at once ("("Supplier" or "Vendor")"), which invites the argument that they
  are different persons.

Role words are the clause pipeline's PARTY_ROLE values (capitalised "Supplier", "Customer",
"Vendor", ...; never a word of a longer name such as "Customer Data"), each with the side it
stands for (provider or customer). A role used but not defined is a second name for a party when
a role on the same side is defined, and an undefined role otherwise.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

from checker.drafting.defined_terms import Definition, TermIndex, in_running_text, term_key
from checker.drafting.model import Slip
from checker.findings import Value
from checker.nlp.values import PARTY_ROLES


def _words(text: str) -> list[str]:
    """A word list written as text, so long lexicons stay readable."""
    return text.split()


PARTIES = "parties"
KINDS = ("undefined_role", "two_names")

# Roles that name a party to the contract; processors, controllers and subcontractors are
# roles of other persons (or of the law) as often as of a party. Roles are grouped by the party
# they can stand for: a "Vendor" is the "Supplier" under another name, but a distributor's
# "Customer" is someone else, as is a licensor's "Seller".
_SYNONYMS = (
    ("supplier", "vendor", "service provider", "provider", "seller", "contractor", "consultant"),
    ("customer", "client", "buyer", "purchaser"),
)
_PARTY_SIDES: dict[str, str] = {}
for _entry in PARTY_ROLES:
    _role_name = str(_entry.as_dict()["role"])
    if _role_name in {"subcontractor", "sub-processor", "processor", "controller"}:
        continue
    _group = next((group[0] for group in _SYNONYMS if _role_name in group), _role_name)
    for _spelling in _entry.exact:
        _PARTY_SIDES[_spelling.lower()] = _group
_BETWEEN_NAMES = re.compile(r"^[\"”’]?\s*(?:,|or|and/or|/|also|alternatively|\s)*\s*[\"“‘]$", re.IGNORECASE)


def find_party_names(index: TermIndex) -> list[Slip]:
    agreement = index.agreement
    defined_roles = [d for d in index.definitions if term_key(d.term) in _PARTY_SIDES and not d.scoped]
    defined_sides: dict[str, list[Definition]] = defaultdict(list)
    for definition in defined_roles:
        defined_sides[_PARTY_SIDES[term_key(definition.term)]].append(definition)
    slips: list[Slip] = []
    slips.extend(_double_definitions(index, defined_roles))
    uses: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    for document_index in range(len(agreement.documents)):
        text = agreement.documents[document_index].text
        for value in agreement.values_of(document_index, "PARTY_ROLE"):
            key = term_key(value.text)
            if key not in _PARTY_SIDES or index.is_defined(value.text) or not _names_a_party(text, value):
                continue
            uses[key].append((document_index, value.start, value.end, value.text))
    for key, found in uses.items():
        document_index, start, end, text = min(found)
        side = _PARTY_SIDES[key]
        same_side = [d for d in defined_sides.get(side, ()) if term_key(d.term) != key]
        facts = {"found": text, "role": text, "count": str(len(found))}
        if same_side:
            facts["defined"] = same_side[0].term
            slips.append(Slip(PARTIES, "two_names", document_index, start, end, facts))
        else:
            slips.append(Slip(PARTIES, "undefined_role", document_index, start, end, facts))
    return sorted(slips, key=lambda slip: (slip.document, slip.start))


def _names_a_party(text: str, value: Value) -> bool:
    """A role word standing for a party in running text: not "INDEPENDENT CONTRACTOR" or a
    disclaimer in capitals, not part of a name ("Arkansas Western Pipeline Company",
    "Independent Contractor"), not "Customer service", and not a heading or a contents line."""
    if value.text.isupper():
        return False
    before = text[max(0, value.start - 30) : value.start]
    previous = re.search(r"([A-Za-z][\w'’-]*)[ \t]?$", before)
    if previous and previous[1][0].isupper() and previous[1].lower() not in _FUNCTION_WORDS:
        return False  # a word of a name: "Arkansas Western Pipeline Company", "ABC Company"
    if previous and previous[1].lower() == "independent":
        return False
    if _COMPOUND_AFTER.match(text, value.end) or _LABEL_AFTER.match(text, value.end):
        return False
    if before.endswith(('"', "“")) or _DEFINED_ELSEWHERE.search(text, value.end, value.end + 60):
        return False  # 'in the capacity of the "Purchaser" as defined therein'
    sentence = text[max(0, value.start - 200) : value.end + 120].lower()
    if "publicly disclosed" in sentence or "confidential treatment" in sentence:
        return False  # the filer's redaction legend: "competitive harm to the Company"
    return in_running_text(text, value.start, value.end)


_FUNCTION_WORDS = frozenset(
    _words(
        """
    the a an each either any such no if and or by to for from with of in on that this upon as at
    after before between under whereas where when unless which who whom whose its their
    """
    )
)
_LABEL_AFTER = re.compile(r"\s*:")  # "Company: ______" on a signature page
_DEFINED_ELSEWHERE = re.compile(r"\bas\s+defined\s+(?:in|therein|under)\b", re.IGNORECASE)
_COMPOUND_AFTER = re.compile(
    r"-|\s+[A-Z]{2,}\b|\s+(?:service|services|support|data|lists?|names?|base|accounts?|satisfaction|information|relationships?"
    r"|premises|orders?|care|experience|feedback|complaints?|segments?)\b"
)


def _double_definitions(index: TermIndex, roles: list[Definition]) -> list[Slip]:
    """One party given two short names in one breath: `("Supplier" or "Vendor")`."""
    slips: list[Slip] = []
    ordered = sorted(roles, key=lambda d: (d.document, d.start))
    for first, second in itertools.pairwise(ordered):
        if first.document != second.document or term_key(first.term) == term_key(second.term):
            continue
        if _PARTY_SIDES[term_key(first.term)] != _PARTY_SIDES[term_key(second.term)]:
            continue
        between = index.agreement.documents[first.document].text[first.end : second.start]
        if len(between) <= 30 and _BETWEEN_NAMES.match(between):
            facts = {"found": second.term, "role": second.term, "defined": first.term, "count": "2"}
            slips.append(Slip(PARTIES, "two_names", second.document, second.start, second.end, facts))
    return slips
