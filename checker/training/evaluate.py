"""Document-level evaluation of clause identification, as a lawyer would judge it.

A rule asks "does this contract have an exit plan?", so the unit of truth is the contract: a
category is present when the contract has at least one clause of it. Evidence overlap checks
that the clause shown as evidence is the right one: for a true positive, at least one
predicted clause covers at least half of an annotated span.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Range = tuple[int, int]


@dataclass(slots=True)
class CategoryScore:
    category: str
    support: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    evidence_hits: int = 0

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def evidence_overlap(self) -> float:
        return self.evidence_hits / self.true_positives if self.true_positives else 0.0


@dataclass(slots=True)
class Prediction:
    """What the pipeline said about one contract: per category, the evidence ranges it found."""

    evidence: dict[str, list[Range]] = field(default_factory=dict)

    @property
    def categories(self) -> set[str]:
        return {category for category, ranges in self.evidence.items() if ranges}


def covers_half(evidence: Iterable[Range], annotated: Iterable[Range]) -> bool:
    """Whether some evidence range covers at least half of some annotated range."""
    evidence = list(evidence)
    for start, end in annotated:
        length = max(1, end - start)
        for left, right in evidence:
            if min(end, right) - max(start, left) >= length / 2:
                return True
    return False


def score(
    categories: Sequence[str],
    truths: Sequence[set[str]],
    spans: Sequence[dict[str, list[Range]]],
    predictions: Sequence[Prediction],
) -> dict[str, CategoryScore]:
    results = {category: CategoryScore(category) for category in categories}
    for truth, annotated, prediction in zip(truths, spans, predictions, strict=True):
        predicted = prediction.categories
        for category in categories:
            result = results[category]
            actual, guessed = category in truth, category in predicted
            result.support += actual
            if actual and guessed:
                result.true_positives += 1
                if covers_half(prediction.evidence[category], annotated.get(category, [])):
                    result.evidence_hits += 1
            elif guessed:
                result.false_positives += 1
            elif actual:
                result.false_negatives += 1
    return results


def macro(results: Iterable[CategoryScore], min_support: int = 0) -> tuple[float, float]:
    """Macro-F1 and pooled evidence overlap over categories with at least ``min_support`` positives."""
    chosen = [result for result in results if result.support >= min_support]
    if not chosen:
        return 0.0, 0.0
    f1 = sum(result.f1 for result in chosen) / len(chosen)
    hits = sum(result.evidence_hits for result in chosen)
    true_positives = sum(result.true_positives for result in chosen)
    return f1, hits / true_positives if true_positives else 0.0


def fold_of(contract_id: str, folds: int) -> int:
    """Stable fold assignment by contract id, so every run and every machine agree."""
    digest = hashlib.sha256(contract_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % folds


def render_table(results: dict[str, CategoryScore], min_support: int) -> str:
    lines = [f"{'category':<30} {'support':>7} {'prec':>6} {'recall':>6} {'F1':>6} {'evidence':>8}"]
    for result in sorted(results.values(), key=lambda item: -item.support):
        marker = "" if result.support >= min_support else "  (below min support)"
        lines.append(
            f"{result.category:<30} {result.support:>7} {result.precision:>6.3f} {result.recall:>6.3f} "
            f"{result.f1:>6.3f} {result.evidence_overlap:>8.3f}{marker}"
        )
    f1, evidence = macro(results.values(), min_support)
    counted = sum(1 for result in results.values() if result.support >= min_support)
    lowest = min((r.f1 for r in results.values() if r.support >= min_support), default=0.0)
    lines.append(
        f"macro-F1 {f1:.3f} over {counted} categories with >= {min_support} positives; "
        f"lowest F1 {lowest:.3f}; evidence overlap {evidence:.3f}"
    )
    return "\n".join(lines)
