"""Rule evaluation cost: every rule of the default profile over CUAD dev contracts.

For each contract (parsed and run through the clause pipeline once, untimed), this times
``evaluate_rules`` — a fresh Subject each time, so the one-pass phrase and token matching,
the facts and every check are included — and, side by side, the clause pipeline on the same
Document. It prints the mean and worst rule-evaluation time per contract (target: mean
<= 10 ms) and the ratio to the pipeline, which drifts less than absolute times on a shared
machine.

    PYTHONPATH=. .venv/bin/python benchmarks/rules.py --data ../shared/data/cuad-dev
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/cuad-dev"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings per contract")
    parser.add_argument("--profile", default="outsourcing")
    arguments = parser.parse_args()
    labels = arguments.data / "labels.jsonl"
    if not labels.is_file():
        print(f"skipped: no CUAD data at {arguments.data}")
        return

    from checker.clauses import analyse_document
    from checker.nlp.pipeline import load_pipeline
    from checker.parsers import parse_file
    from checker.rules.engine import evaluate_rules
    from checker.rules.options import RuleOptions, prepare_rules

    load_pipeline()
    prepared = prepare_rules(RuleOptions(profile=arguments.profile))
    active = list(prepared.active)
    records = [json.loads(line) for line in labels.open(encoding="utf-8")][: arguments.limit]
    rule_times: list[float] = []
    pipeline_times: list[float] = []
    findings = 0
    for record in records:
        document = parse_file(arguments.data / record["txt"])
        started = time.perf_counter()
        analysis = analyse_document(document)
        pipeline_times.append(time.perf_counter() - started)
        best = float("inf")
        for _ in range(arguments.repeat):
            started = time.perf_counter()
            found = evaluate_rules(active, [analysis], prepared.rules)
            best = min(best, time.perf_counter() - started)
        rule_times.append(best)
        findings += len(found)
    mean_ms = statistics.mean(rule_times) * 1000
    print(f"contracts: {len(records)}; rules evaluated: {len(active)} (profile {arguments.profile})")
    median_ms = statistics.median(rule_times) * 1000
    print(f"rule evaluation per contract: mean {mean_ms:.2f} ms, median {median_ms:.2f} ms,")
    print(f"  worst {max(rule_times) * 1000:.2f} ms (target: mean <= 10 ms)")
    print(f"clause pipeline per contract: mean {statistics.mean(pipeline_times) * 1000:.1f} ms")
    print(f"rules / pipeline time: {sum(rule_times) / sum(pipeline_times):.3f}")
    print(f"findings: {findings} ({findings / len(records):.1f} per contract)")


if __name__ == "__main__":
    main()
