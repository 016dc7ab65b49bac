"""Held-out outsourcing examples: unit-level F1 per category and hard negatives that fire.

The examples in tests/nlp/clause_examples/ are never used for training. Each is one clause unit
(with its heading) run through the shipped pipeline; the test of the same name guards the
figures, this script prints them.

    PYTHONPATH=. .venv/bin/python benchmarks/clause_examples.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from checker.nlp.pipeline import classify_clause, load_pipeline
from checker.taxonomy import load_taxonomy

EXAMPLES = Path(__file__).resolve().parents[1] / "tests" / "nlp" / "clause_examples"


def main() -> None:
    nlp = load_pipeline()
    outsourcing = {category.id for category in load_taxonomy().categories if not category.cuad_aligned}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    fired = total = examples = 0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        for example in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]:
            examples += 1
            predicted = classify_clause(nlp, str(example["text"]), example.get("heading")) & outsourcing
            gold = set(example.get("labels") or []) & outsourcing
            for category in gold | predicted:
                counts[category][
                    0 if category in gold & predicted else 1 if category in predicted else 2
                ] += 1
            for category in example.get("hard_negative_for") or []:
                total += 1
                fired += category in predicted
    print(f"{'category':<24} {'tp':>4} {'fp':>4} {'fn':>4} {'F1':>6}")
    scores = {}
    for category, (tp, fp, fn) in sorted(counts.items()):
        scores[category] = 2 * tp / max(1, 2 * tp + fp + fn)
        print(f"{category:<24} {tp:>4} {fp:>4} {fn:>4} {scores[category]:>6.3f}")
    print(
        f"{examples} examples; macro-F1 {sum(scores.values()) / len(scores):.3f} over {len(scores)} "
        f"categories; hard negatives fired {fired}/{total}"
    )


if __name__ == "__main__":
    main()
