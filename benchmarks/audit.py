"""Batch audit speed: the whole audit against a bare pdfplumber loop, re-runs, and scaling.

Over the first N CUAD dev PDFs (all 314 by default), in one run:

1. a bare pdfplumber ``page.extract_text()`` loop over the files (the reference);
2. ``contract-checker audit --jobs 2`` into a fresh SQLite store (parse, clauses, rules, store;
   a fresh process, as a user runs it); target: <= 0.3x the pdfplumber loop;
3. the same audit again, nothing changed; target: <= 10% of the first run;
4. ``--jobs 1`` into another fresh store, for the scaling from one job to two (near 2x).

    PYTHONPATH=. .venv/bin/python benchmarks/audit.py --data ../shared/data/cuad-dev [--limit N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pdfplumber_loop(paths: list[Path]) -> tuple[float, int]:
    import pdfplumber

    pages = 0
    started = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return time.perf_counter() - started, pages


def pdf_pages(paths: list[Path]) -> int:
    import pypdfium2

    return sum(len(pypdfium2.PdfDocument(path)) for path in paths)


def audit(folder: Path, store: Path, jobs: int) -> float:
    command = [sys.executable, "-m", "checker", "audit", str(folder), "--db", str(store), "--no-config"]
    started = time.perf_counter()
    completed = subprocess.run([*command, "--jobs", str(jobs)], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if completed.returncode not in (0, 2):
        raise SystemExit(f"audit failed ({completed.returncode}): {completed.stderr[-2000:]}")
    print("   ", completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else "", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/cuad-dev"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--no-reference",
        action="store_true",
        help="skip the pdfplumber loop (13 minutes for all 314): re-run and scaling figures only",
    )
    arguments = parser.parse_args()
    records = [json.loads(line) for line in (arguments.data / "labels.jsonl").open(encoding="utf-8")]
    paths = [arguments.data / record["pdf"] for record in records][: arguments.limit]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "contracts"
        folder.mkdir()
        for index, path in enumerate(paths):  # a private copy: the audit sees exactly these files
            shutil.copy(path, folder / f"{index:04d}-{path.name}")
        print(f"{len(paths)} PDFs", flush=True)
        if arguments.no_reference:
            reference, pages = float("nan"), pdf_pages(sorted(folder.iterdir()))
        else:
            reference, pages = pdfplumber_loop(sorted(folder.iterdir()))
            rate = pages / reference
            print(f"pdfplumber extract_text loop: {reference:.1f} s ({pages} pages, {rate:.1f} pages/s)")
        first = audit(folder, Path(scratch) / "two.sqlite", 2)
        again = audit(folder, Path(scratch) / "two.sqlite", 2)
        single = audit(folder, Path(scratch) / "one.sqlite", 1)
    print(
        f"audit --jobs 2: {first:.1f} s = {first / reference:.3f}x the pdfplumber loop (target <= 0.3x); "
        f"{pages / first:.1f} pages/s, {len(paths) / first:.2f} contracts/s"
    )
    print(f"re-run, nothing changed: {again:.1f} s = {again / first:.1%} of the first run (target <= 10%)")
    print(f"audit --jobs 1: {single:.1f} s; scaling 1 -> 2 jobs: {single / first:.2f}x (ideal 2x)")


if __name__ == "__main__":
    main()
