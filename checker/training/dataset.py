"""Training rows: every clause unit of every training document, featurised the way ``check`` does.

Two sources feed the models. CUAD contracts give real clause units with expert labels for the
CUAD-aligned categories (a unit is positive when it is mostly covered by an annotated span).
The project's hand-written examples give labelled units for the outsourcing categories CUAD
does not annotate. CUAD units are also used as *negatives* for those categories, but only
when they contain none of the category's screening words, since CUAD never says whether a
unit is, say, a confidentiality clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from spacy.language import Language

from checker.nlp.classifier import UnitFeaturizer, classifiable_units
from checker.nlp.pipeline import document_docs
from checker.nlp.segmenter import attach_units
from checker.nlp.units import ClauseUnit
from checker.training.cuad import LabelledContract

POSITIVE_COVERAGE = 0.5
UNKNOWN = -1

# Words whose presence makes a CUAD unit too uncertain to serve as a negative example of an
# outsourcing category (CUAD does not label these categories).
SCREENS: dict[str, tuple[str, ...]] = {
    "sla": (
        "service level",
        "uptime",
        "availab",
        "response time",
        "resolution",
        "downtime",
        "performance standard",
    ),
    "service_credits": ("credit", "fee reduction", "rebate", "penalt"),
    "kpi_reporting": ("report", "kpi", "key performance", "metric", "dashboard"),
    "performance_review": ("review", "improvement", "meeting"),
    "governance": ("committee", "manager", "meeting", "governance", "representative", "coordinator"),
    "escalation": ("escalat", "senior", "executive", "management"),
    "change_control": ("change", "amend", "modif", "variation"),
    "ip_ownership": ("intellectual property", "ownership", "own ", "owns", "title", "proprietary", "invent"),
    "confidentiality": ("confiden", "non-disclosure", "secret", "proprietary information", "disclos"),
    "data_protection": ("personal", "data", "privacy", "gdpr"),
    "breach_notification": ("breach", "incident", "notify", "notif", "unauthori"),
    "subprocessors": ("processor", "subcontract", "third part"),
    "international_transfer": ("transfer", "export", "outside", "country", "countries", "cross-border"),
    "security": ("security", "secure", "access", "password", "encrypt", "virus", "safeguard"),
    "business_continuity": ("continuity", "disaster", "recovery", "backup", "back-up", "contingen"),
    "force_majeure": ("force majeure", "beyond", "act of god", "acts of god", "strike", "war"),
    "termination_for_cause": ("terminat", "breach", "insolven", "bankrupt", "default"),
    "exit_strategy": ("exit", "transition", "termination assistance", "wind", "successor", "migrat"),
    "data_return": ("return", "delet", "destroy", "destruction", "data"),
    "dispute_resolution": ("dispute", "arbitra", "mediat", "court", "jurisdiction", "venue", "controvers"),
    "indemnification": ("indemn", "hold harmless", "defend"),
    "warranty": ("warrant", "as is", "merchantab", "fitness"),
    "subcontracting": ("subcontract", "sub-contract", "delegat", "third part"),
    "key_personnel": ("personnel", "staff", "employee", "key ", "individual"),
    "step_in_rights": ("step-in", "step in", "take over", "takeover", "assume"),
    "benchmarking": ("benchmark", "market", "compar", "competitive"),
    "compliance_with_laws": (
        "law",
        "regulat",
        "comply",
        "compliance",
        "brib",
        "corrupt",
        "export",
        "sanction",
    ),
    "payment_terms": ("pay", "invoice", "fee", "price", "charge", "cost", "royalt", "compensat"),
}


# Phrasings that by themselves make a CUAD unit an example of an outsourcing category. CUAD does
# not label these categories, and screening leaves every real indemnity or payment clause out
# of training; without real positives the model knows them only from the hand-written examples
# and misses plain "Each Party agrees to indemnify, defend and hold harmless ..." in real
# contracts. Only unmistakable, affirmative phrasings are listed. Termination for breach was
# tried and dropped: the clauses learnt from it fired on what follows a termination and on
# survival clauses (2 of 10 new detections were right).
_WEAK_PHRASINGS: dict[str, tuple[str, ...]] = {
    "indemnification": (
        r"\b(shall|will|agrees? to|undertakes? to)\s+(fully\s+)?"
        r"(indemnify|defend(,|\s+and)\s+indemnify|protect,\s+defend)",
    ),
    "warranty": (r"\b(represents and warrants|warrants and represents|warrants (to \w+ )?that)\b",),
    "payment_terms": (
        r"\b(invoices?|invoiced|payable|shall pay|will pay|payments?)\b.{0,120}"
        r"\bwithin\s+\S+\s*(\(\d+\)\s*)?(business\s+|calendar\s+)?days\b",
        r"\bnet\s+(thirty|forty-five|sixty|\d+)\b",
    ),
    "confidentiality": (
        r"\b(shall|will|agrees? to)\s+(hold|keep|maintain|treat)\s.{0,80}\bin\s+(strict(est)?\s+)?confiden",
        r"\b(shall|will)\s+not\s+(use\s+or\s+)?disclose\s.{0,60}\bconfidential information",
    ),
    "dispute_resolution": (
        r"\b(settled|resolved|determined)\s+(exclusively\s+|finally\s+)?by\s+(binding\s+|final\s+)*arbitration",
        r"\bsubmits?\s.{0,60}\bjurisdiction of\b",
    ),
    "force_majeure": (
        r"force majeure.{0,300}\b(beyond|outside)\s+(its|their|the\s+\w+'s|the)\s+(reasonable\s+)?control",
        r"\b(beyond|outside)\s+(its|their|the)\s+(reasonable\s+)?control.{0,300}force majeure",
    ),
    "compliance_with_laws": (
        r"\b(shall|will|agrees? to)\s+comply\s+with\s+all\s+(applicable\s+)?"
        r"(laws|federal|statutes|rules|regulations)",
    ),
}
WEAK_POSITIVES: dict[str, re.Pattern[str]] = {
    category: re.compile("|".join(phrasings), re.IGNORECASE | re.DOTALL)
    for category, phrasings in _WEAK_PHRASINGS.items()
}


@dataclass(slots=True)
class TrainingRows:
    """Featurised units with labels: 1 positive, 0 negative, -1 unknown (left out of training)."""

    categories: list[str]
    features: list[np.ndarray] = field(default_factory=list)
    labels: list[np.ndarray] = field(default_factory=list)
    document: list[int] = field(default_factory=list)
    ranges: list[tuple[int, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def label_matrix(self) -> np.ndarray:
        return np.vstack(self.labels) if self.labels else np.zeros((0, len(self.categories)), dtype=np.int8)


def _coverage(unit: tuple[int, int], spans: Sequence[tuple[int, int]]) -> float:
    start, end = unit
    best = 0.0
    for left, right in spans:
        overlap = min(end, right) - max(start, left)
        if overlap > 0:
            best = max(best, overlap / max(1, min(right - left, end - start)))
    return best


def _screened(text: str, category: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in SCREENS.get(category, ()))


def add_contracts(
    rows: TrainingRows,
    nlp: Language,
    featurizer: UnitFeaturizer,
    contracts: Iterable[LabelledContract],
    start_index: int = 0,
) -> int:
    """Featurise CUAD contracts; returns the next document index."""
    segmenter = nlp.get_pipe("clause_segmenter")
    index = start_index
    for contract in contracts:
        for doc, offset in document_docs(nlp, contract.document):
            units = classifiable_units(segmenter(doc))
            for unit, features in zip(units, featurizer.rows(doc, units), strict=True):
                span = (unit.start_char + offset, unit.end_char + offset)
                rows.features.append(features)
                rows.labels.append(_contract_labels(rows.categories, contract, span, unit.text))
                rows.document.append(index)
                rows.ranges.append(span)
                rows.texts.append(unit.text)
        index += 1
    return index


def _contract_labels(
    categories: Sequence[str], contract: LabelledContract, span: tuple[int, int], text: str
) -> np.ndarray:
    labels = np.zeros(len(categories), dtype=np.int8)
    for column, category in enumerate(categories):
        if category in contract.spans:
            coverage = _coverage(span, contract.spans[category])
            labels[column] = 1 if coverage >= POSITIVE_COVERAGE else (UNKNOWN if coverage > 0 else 0)
        elif category in WEAK_POSITIVES and WEAK_POSITIVES[category].search(text):
            labels[column] = 1
        else:
            labels[column] = UNKNOWN if _screened(text, category) else 0
    return labels


@dataclass(frozen=True, slots=True)
class Example:
    labels: tuple[str, ...]
    heading: str | None
    text: str


_SPACES_RE = re.compile(r"\s+")


def load_examples(folder: Path) -> list[Example]:
    """Hand-written examples from every ``*.yaml`` file in ``folder``."""
    examples: list[Example] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in data.get("examples", []):
            text = _SPACES_RE.sub(" ", str(entry["text"])).strip()
            heading = entry.get("heading")
            examples.append(
                Example(tuple(entry.get("labels") or ()), str(heading) if heading else None, text)
            )
    return examples


def add_examples(
    rows: TrainingRows,
    nlp: Language,
    featurizer: UnitFeaturizer,
    examples: Iterable[Example],
    start_index: int,
) -> int:
    """Featurise hand-written examples, each as a one-unit document of its own."""
    segmenter = nlp.get_pipe("clause_segmenter")
    index = start_index
    for example in examples:
        doc = nlp.make_doc(example.text)
        headings = (example.heading,) if example.heading else ()
        attach_units(doc, [ClauseUnit(0, len(example.text), None, headings, None)])
        units = classifiable_units(segmenter(doc))
        for unit, features in zip(units, featurizer.rows(doc, units), strict=True):
            labels = np.array([1 if c in example.labels else 0 for c in rows.categories], dtype=np.int8)
            rows.features.append(features)
            rows.labels.append(labels)
            rows.document.append(index)
            rows.ranges.append((unit.start_char, unit.end_char))
            rows.texts.append(unit.text)
        index += 1
    return index
