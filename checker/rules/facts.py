"""Facts about an agreement that decide whether a rule applies.

A rule such as "sub-processors need prior approval" only makes sense when the contract
processes personal data; a transfer-mechanism rule only when the parties or the delivery
sit in different countries. These are computed from what the pipeline found (clauses and
normalised values) plus a little wording, once per agreement, and named so rule authors can
write ``applies_when: {fact: processes_personal_data}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from checker.rules.subject import Subject

_PERSONAL_DATA_CATEGORIES = (
    "data_protection",
    "breach_notification",
    "subprocessors",
    "international_transfer",
)
# Wording that settles a fact, searched as lower-case substrings (far faster than a regular
# expression over a long contract, and these phrases need no word boundaries).
_PERSONAL_DATA_WORDS = (
    "personal data",
    "personal information",
    "data subject",
    "protected health information",
    "personally identifiable",
    # Services that hold people's records even when the contract never says "personal data".
    "customer data",
    "customer's data",
    "client data",
    "patient",
    "end user data",
    "contact details",
    "client messaging",
    "appointment booking",
    "payroll",
)
_CROSS_BORDER_WORDS = (
    "offshore",
    "off-shore",
    "cross-border",
    "nearshore",
    "near-shore",
    "delivery centre",
    "delivery center",
)
_SOFTWARE_WORDS = ("software", "source code", "application development", "deliverable")
_SUBCONTRACT_WORDS = ("subcontract", "sub-contract", "subprocessor", "sub-processor")

# Title words -> contract type, most specific first. The title is the first heading or the
# first short block of the first document.
_TYPE_BY_TITLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("data_processing", re.compile(r"data (processing|protection)|\bDPA\b", re.IGNORECASE)),
    (
        "saas",
        re.compile(
            r"software[- ]as[- ]a[- ]service|\bsaas\b|subscription|"
            r"cloud (services?|hosting)|hosted services?",
            re.IGNORECASE,
        ),
    ),
    (
        "outsourcing",
        re.compile(
            r"outsourc|(master|managed|professional|it|technology|support|consulting|consultancy|maintenance|"
            r"hosting|operations?|business process|transition) services|services agreement|service agreement|"
            r"statement of work|vendor agreement|supplier agreement",
            re.IGNORECASE,
        ),
    ),
    ("license", re.compile(r"licen[cs]e", re.IGNORECASE)),
    ("supply", re.compile(r"supply|manufactur|purchase", re.IGNORECASE)),
    (
        "distribution",
        re.compile(
            r"distribut|resell|reseller|franchise|agency|sponsorship|co-branding|marketing", re.IGNORECASE
        ),
    ),
)


def _title(subject: Subject) -> str:
    if not subject.analyses:
        return ""
    document = subject.analyses[0].document
    for block in document.blocks[:8]:
        if block.kind.value == "heading" or len(block.text) <= 120:
            return block.text
    return document.text[:200]


def detect_contract_type(subject: Subject) -> str:
    """The kind of agreement, from its title: outsourcing, saas, data_processing, license, ..."""
    title = _title(subject)
    for name, pattern in _TYPE_BY_TITLE:
        if pattern.search(title):
            return name
    return "other"


def _any_text(subject: Subject, words: tuple[str, ...]) -> bool:
    return any(word in text for text in subject.lower_texts for word in words)


def processes_personal_data(subject: Subject) -> bool:
    if subject.clauses(_PERSONAL_DATA_CATEGORIES):
        return True
    regulations = subject.values_by_label.get("REGULATION", ())
    if any(value.value.get("kind") == "data_protection" for _, value in regulations):
        return True
    return _any_text(subject, _PERSONAL_DATA_WORDS)


def cross_border(subject: Subject) -> bool:
    """Parties, courts or delivery in more than one country."""
    countries = {
        value.value["country"]
        for label in ("JURISDICTION", "COURT", "ARBITRATION_SEAT")
        for _, value in subject.values_by_label.get(label, ())
        if value.value.get("country")
    }
    if len(countries) > 1 or subject.clauses(("international_transfer",)):
        return True
    return _any_text(subject, _CROSS_BORDER_WORDS)


def software_deliverables(subject: Subject) -> bool:
    return _any_text(subject, _SOFTWARE_WORDS)


def has_subcontracting(subject: Subject) -> bool:
    return bool(subject.clauses(("subcontracting", "subprocessors"))) or _any_text(
        subject, _SUBCONTRACT_WORDS
    )


FACTS: dict[str, Callable[[Subject], bool]] = {
    "processes_personal_data": processes_personal_data,
    "cross_border": cross_border,
    "software_deliverables": software_deliverables,
    "has_subcontracting": has_subcontracting,
}


def compute_fact(name: str, subject: Subject) -> bool:
    return FACTS[name](subject)
