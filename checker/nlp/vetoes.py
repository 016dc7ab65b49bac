"""Clause shapes that cannot be a category, whatever words they share with it.

A linear model over n-grams sees "third party beneficiaries" in "there are no third party
beneficiaries" and scores the boilerplate that denies a beneficiary like the clause that names
one; it sees "service levels" in ""Service Levels" means the levels in Schedule 2" and scores a
definition like the SLA itself. No weight can undo that, because the words that carry the
meaning are the same. These shapes are therefore vetoed after scoring: the unit's score for the
category is set far below any threshold.

Each veto was measured on the CUAD dev labels before it was written down (see
benchmarks/README.md): of 3,688 units that open with a definition, 17 of their 84,824 CUAD
label cells are positive (a long unit that defines a term and then adds a provision); of the 23
units that deny third-party beneficiaries without an exception or a named beneficiary, none is
labelled a third-party beneficiary clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

# Far below every tuned threshold, but finite: threshold tuning averages neighbouring scores.
VETOED_SCORE = -100.0

# A unit that opens with a definition, optionally after its own label:
# "(a) "Service Levels" means ...", "1.4 "Affiliate" shall have the meaning ...".
_DEFINITION_RE = re.compile(
    r"(\(?[0-9a-z]{1,4}[.)]\)?\s*|[0-9]+(\.[0-9]+)*\.?\s+|section [0-9.]+\s+)?\W{0,3}"
    r"[\"“][^\"”]{1,60}[\"”]\s+(shall\s+)?(mean|means|has the meaning|shall have the meaning)\b",
    re.IGNORECASE,
)

_BENEFICIARY_WORDS = ("beneficiar", "confer", "rights of third parties")
_NEGATED_BENEFICIARY_RE = re.compile(
    r"(\bno\b|\bnot\b|\bnothing\b|\bneither\b).{0,160}"
    r"(third[- ]part(y|ies)[- ]beneficiar|rights of third parties|"
    r"confer.{0,60}(upon|on|to) any (person|third|other))",
    re.IGNORECASE | re.DOTALL,
)
# An exception or an affirmative grant keeps the unit a candidate: "no third party
# beneficiaries, except the Indemnified Parties", "the Lenders shall be third party beneficiaries".
_BENEFICIARY_KEPT_RE = re.compile(
    r"(except|other than|save|provided,? however|intended (third|beneficiar)|"
    r"(shall|will|are|is) (be )?(deemed )?(to be )?(an? |the )?(express(ly)? |intended )*"
    r"third[- ]part(y|ies)[- ]beneficiar)",
    re.IGNORECASE | re.DOTALL,
)

THIRD_PARTY_BENEFICIARY = "third_party_beneficiary"


def is_definition(text: str) -> bool:
    """Whether a clause unit opens by defining a term (it names a protection, it does not give it)."""
    return _DEFINITION_RE.match(text) is not None


def denies_beneficiaries(text: str) -> bool:
    """Whether a unit only says that no third party benefits from the contract."""
    lowered = text.lower()
    if not any(word in lowered for word in _BENEFICIARY_WORDS):
        return False
    return bool(_NEGATED_BENEFICIARY_RE.search(text)) and not _BENEFICIARY_KEPT_RE.search(text)


def veto_mask(texts: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """Units x categories: True where the unit cannot be that category."""
    mask = np.zeros((len(texts), len(labels)), dtype=bool)
    beneficiary = labels.index(THIRD_PARTY_BENEFICIARY) if THIRD_PARTY_BENEFICIARY in labels else None
    for row, text in enumerate(texts):
        if is_definition(text):
            mask[row, :] = True
        elif beneficiary is not None and denies_beneficiaries(text):
            mask[row, beneficiary] = True
    return mask


def apply_vetoes(scores: np.ndarray, texts: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """``scores`` (units x categories) with vetoed cells set to :data:`VETOED_SCORE`, in place."""
    scores[veto_mask(texts, labels)] = VETOED_SCORE
    return scores
