"""Clause identification speed: the checker against spaCy's bare tokenizer, side by side.

For each of N CUAD text contracts, in one run and interleaved contract by contract (so load
on a shared machine hits both sides alike), this times:

* ``check``'s work for one file, in process: read and parse the file into a Document, run the
  clause pipeline (segmenter, value extraction, classifier) and build the report entry;
* ``spacy.blank("en")``'s tokenizer over the same contract text.

It prints both totals and their ratio (target: at most 5x). The model is loaded before timing
starts, as in a warm ``check`` process; the one-off load time is printed separately.

Then, end to end: ``contract-checker check --format json`` over the same files in a fresh
process (start-up, worker process, JSON report included) against one pass of a fresh
tokenizer; both are cold, single passes.

    PYTHONPATH=. .venv/bin/python benchmarks/clauses.py --data ../shared/data/cuad-dev --limit 100
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/cuad-dev"))
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings per contract and side")
    arguments = parser.parse_args()
    labels = arguments.data / "labels.jsonl"
    if not labels.is_file():
        print(f"skipped: no CUAD data at {arguments.data}")
        return

    from checker.clauses import identify_clauses
    from checker.nlp.pipeline import load_pipeline
    from checker.parsers import parse_file
    from checker.reports.json_report import document_entry
    from checker.runner import DocumentResult

    started = time.perf_counter()
    load_pipeline()
    load_seconds = time.perf_counter() - started
    tokenizer = spacy.blank("en").tokenizer

    records = [json.loads(line) for line in labels.open(encoding="utf-8")][: arguments.limit]
    ours = bare = 0.0
    characters = clauses = 0
    for record in records:
        path = arguments.data / record["txt"]
        text = path.read_text(encoding="utf-8")
        characters += len(text)
        best_ours = best_bare = float("inf")
        for _ in range(arguments.repeat):
            tick = time.perf_counter()
            document = parse_file(path)
            found = identify_clauses(document)
            document_entry(DocumentResult(path=str(path), document=document, clauses=found))
            best_ours = min(best_ours, time.perf_counter() - tick)
            tick = time.perf_counter()
            tokenizer(text)
            best_bare = min(best_bare, time.perf_counter() - tick)
        ours += best_ours
        bare += best_bare
        clauses += len(found)

    print(f"contracts: {len(records)}  characters: {characters:,}  clauses found: {clauses:,}")
    print(f"model load (once per process): {load_seconds:.2f} s")
    print(f"spacy.blank('en') tokenizer: {bare:.2f} s")
    print(f"check (parse + clause pipeline + report entry): {ours:.2f} s")
    print(f"ratio: {ours / bare:.2f}x (target <= 5x)")
    sys.stdout.flush()
    end_to_end([arguments.data / record["txt"] for record in records])


def end_to_end(paths: list[Path]) -> None:
    """The real command in a fresh process against a fresh tokenizer, both cold."""
    texts = [path.read_text(encoding="utf-8") for path in paths]
    tokenizer = spacy.blank("en").tokenizer
    tick = time.perf_counter()
    for text in texts:
        tokenizer(text)
    cold = time.perf_counter() - tick
    with tempfile.TemporaryDirectory() as folder:
        output = f"{folder}/report.json"
        command = [sys.executable, "-m", "checker", "check", "--format", "json", "--output", output]
        tick = time.perf_counter()
        completed = subprocess.run([*command, *map(str, paths)], capture_output=True, check=False)
        elapsed = time.perf_counter() - tick
    print(f"end to end: fresh tokenizer, one pass: {cold:.2f} s")
    status = completed.returncode
    print(f"end to end: `contract-checker check --format json` (exit {status}): {elapsed:.2f} s")
    print(f"end to end ratio: {elapsed / cold:.2f}x (target <= 5x)")


if __name__ == "__main__":
    main()
