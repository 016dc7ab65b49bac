"""Drafting rules on real contracts: findings per rule per CUAD dev contract.

Each CUAD dev contract (the text CUAD ships, read by our own text parser) goes through the
clause pipeline and the drafting rules only (``--select drafting``), exactly as ``check`` runs
them. The script prints, per rule, how many contracts it fires on and how many findings it
raises (total, mean, median and maximum per contract), then one line per contract with its
findings per rule.

CUAD contracts are signed, filed agreements, so most drafting rules should be quiet on them;
what they do raise is the material for judging precision. ``--samples FILE`` writes every
finding with 200 characters of context either side, one JSON object a line, for reading (keep
that file outside the repository: it quotes CUAD text); ``--sample-per-rule N`` keeps a
reproducible random sample of N findings per rule instead of all.

    PYTHONPATH=. .venv/bin/python benchmarks/drafting.py --data ../shared/data/cuad-dev \\
        --samples /tmp/drafting-samples.jsonl --sample-per-rule 30
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

CONTEXT = 200


def _check(path: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse, analyse and run the drafting rules on one contract (in a worker process)."""
    from checker.clauses import analyse_document
    from checker.parsers import parse_file
    from checker.rules.engine import evaluate_rules
    from checker.rules.options import RuleOptions, prepare_rules

    prepared = prepare_rules(RuleOptions(select=("drafting",)))
    document = parse_file(Path(path))
    analysis = analyse_document(document)
    findings = evaluate_rules(list(prepared.active), [analysis], prepared.rules)
    text = document.text
    return path, [
        {
            "rule": finding.rule_id,
            "message": finding.message,
            "section": finding.section,
            "evidence": finding.evidence,
            "before": text[max(0, (finding.start or 0) - CONTEXT) : finding.start or 0],
            "after": text[finding.end or 0 : (finding.end or 0) + CONTEXT],
        }
        for finding in findings
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/cuad-dev"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--samples", type=Path, default=None, help="write findings with context (JSONL)")
    parser.add_argument("--sample-per-rule", type=int, default=0, help="keep N random findings per rule")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--per-contract", action="store_true", help="print one line per contract")
    arguments = parser.parse_args()
    labels = arguments.data / "labels.jsonl"
    if not labels.is_file():
        print(f"skipped: no CUAD data at {arguments.data}")
        return

    from checker.rules.options import RuleOptions, prepare_rules

    rule_ids = [active.rule.id for active in prepare_rules(RuleOptions(select=("drafting",))).active]
    records = [json.loads(line) for line in labels.open(encoding="utf-8")][: arguments.limit]
    paths = [str(arguments.data / record["txt"]) for record in records]
    results: dict[str, list[dict[str, Any]]] = {}
    with ProcessPoolExecutor(max_workers=arguments.jobs) as pool:
        for path, found in pool.map(_check, paths, chunksize=4):
            results[path] = found

    per_rule: dict[str, list[int]] = defaultdict(list)
    for path in paths:
        counts = Counter(finding["rule"] for finding in results[path])
        for rule_id in rule_ids:
            per_rule[rule_id].append(counts.get(rule_id, 0))
    print(f"contracts: {len(paths)}; drafting rules: {len(rule_ids)}")
    print(f"{'rule':8} {'contracts':>9} {'findings':>8} {'mean':>6} {'median':>6} {'max':>5}")
    for rule_id in rule_ids:
        counts = per_rule[rule_id]
        print(
            f"{rule_id:8} {sum(1 for c in counts if c):9d} {sum(counts):8d} {statistics.mean(counts):6.2f}"
            f" {statistics.median(counts):6.1f} {max(counts):5d}"
        )
    if arguments.per_contract:
        print()
        for path in paths:
            counts = Counter(finding["rule"] for finding in results[path])
            shown = " ".join(f"{rule_id}={counts[rule_id]}" for rule_id in rule_ids if counts[rule_id])
            print(f"{Path(path).stem[:70]:70} {shown or '-'}")
    if arguments.samples is not None:
        chosen: list[dict[str, Any]] = []
        by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for path in paths:
            for finding in results[path]:
                by_rule[finding["rule"]].append({"contract": Path(path).stem, **finding})
        generator = random.Random(arguments.seed)
        for rule_id in rule_ids:
            items = by_rule[rule_id]
            if arguments.sample_per_rule and len(items) > arguments.sample_per_rule:
                items = generator.sample(items, arguments.sample_per_rule)
            chosen.extend(items)
        with arguments.samples.open("w", encoding="utf-8") as out:
            for item in chosen:
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"\nwrote {len(chosen)} findings with context to {arguments.samples}")


if __name__ == "__main__":
    main()
