"""Benchmark the PDF parser on the CUAD development PDFs: speed and text fidelity in one run.

For each PDF it times the full fast parse (:func:`checker.parsers.pdf.parse_pdf`, layout and
structure included) and a bare pdfplumber ``page.extract_text()`` loop over the same bytes, and
scores our text against the text CUAD ships with the contract (token-bag F1: lower-case word
tokens compared as multisets, so reading-order differences do not count but lost, duplicated or
broken words do). On a sample it also scores the fast engine against the pdfplumber engine.

CUAD's text is itself an extraction of the PDF (it keeps running headers, footers and page
numbers, which we remove), so an F1 a little under 1.0 is expected even for a perfect parse;
look at the worst files to see whose extraction is at fault.

Usage (from the repository root)::

    PYTHONPATH=. .venv/bin/python benchmarks/parse_pdf.py [--data ../shared/data/cuad-dev] [--limit N]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "cuad-dev"
_TOKEN_RE = re.compile(r"[^\W_]+")

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def tokens(text: str) -> Counter[str]:
    """Lower-case word tokens as a multiset (punctuation and underscores dropped)."""
    return Counter(_TOKEN_RE.findall(text.lower()))


def token_f1(ours: str, reference: str) -> tuple[float, float, float]:
    """Multiset precision, recall and F1 of ``ours`` against ``reference``."""
    mine, theirs = tokens(ours), tokens(reference)
    common = sum((mine & theirs).values())
    precision = common / max(sum(mine.values()), 1)
    recall = common / max(sum(theirs.values()), 1)
    f1 = 0.0 if common == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, f1


@dataclass(slots=True)
class FileResult:
    name: str
    pages: int
    ours_seconds: float
    pdfplumber_seconds: float
    precision: float
    recall: float
    f1: float


def _pairs(data_dir: Path) -> list[tuple[Path, Path]]:
    """(pdf, txt) pairs from CUAD's labels.jsonl, in file order."""
    pairs: list[tuple[Path, Path]] = []
    with (data_dir / "labels.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            pairs.append((data_dir / record["pdf"], data_dir / record["txt"]))
    return sorted(pairs)


def _pdfplumber_seconds(data: bytes) -> float:
    import pdfplumber

    start = time.perf_counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
    return time.perf_counter() - start


def _measure(pdf_path: Path, txt_path: Path) -> FileResult | str:
    from checker.errors import InputError
    from checker.limits import Limits
    from checker.parsers.pdf import parse_pdf

    data = pdf_path.read_bytes()
    start = time.perf_counter()
    try:
        document = parse_pdf(data, str(pdf_path), Limits(), engine="fast")
    except InputError as error:
        return f"{pdf_path.name}: {error.code}"
    ours = time.perf_counter() - start
    plumber = _pdfplumber_seconds(data)
    precision, recall, f1 = token_f1(document.text, txt_path.read_text(encoding="utf-8", errors="replace"))
    return FileResult(pdf_path.name, document.pages or 0, ours, plumber, precision, recall, f1)


def _engine_agreement(pdf_paths: list[Path]) -> list[tuple[str, float]]:
    from checker.limits import Limits
    from checker.parsers.pdf import parse_pdf

    scores: list[tuple[str, float]] = []
    for path in pdf_paths:
        data = path.read_bytes()
        fast = parse_pdf(data, str(path), Limits(), engine="fast").text
        reference = parse_pdf(data, str(path), Limits(), engine="pdfplumber").text
        scores.append((path.name, token_f1(fast, reference)[2]))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="CUAD dev folder (pdf/, txt/, labels.jsonl)"
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N contracts (0: all)")
    parser.add_argument("--sample", type=int, default=20, help="contracts parsed with both engines")
    parser.add_argument("--worst", type=int, default=10, help="how many worst files to list")
    args = parser.parse_args(argv)

    if not (args.data / "labels.jsonl").is_file():
        print(f"skipped: CUAD dev data not found at {args.data} (pass --data)")
        return 0
    pairs = _pairs(args.data)
    if args.limit:
        pairs = pairs[: args.limit]

    results: list[FileResult] = []
    refused: list[str] = []
    for index, (pdf_path, txt_path) in enumerate(pairs, 1):
        outcome = _measure(pdf_path, txt_path)
        if isinstance(outcome, str):
            refused.append(outcome)
        else:
            results.append(outcome)
        if index % 25 == 0:
            print(f"... {index}/{len(pairs)} files", file=sys.stderr, flush=True)
    if not results:
        print("no PDF could be parsed")
        return 1
    _report(results, refused, args.worst)
    step = max(1, len(pairs) // max(args.sample, 1))
    sample = [pdf for pdf, _ in pairs[::step]][: args.sample]
    agreement = _engine_agreement(sample)
    _report_agreement(agreement)
    return 0


def _report(results: list[FileResult], refused: list[str], worst: int) -> None:
    pages = sum(r.pages for r in results)
    ours = sum(r.ours_seconds for r in results)
    plumber = sum(r.pdfplumber_seconds for r in results)
    f1s = sorted(r.f1 for r in results)
    print(f"files parsed: {len(results)}   refused: {len(refused)}   pages: {pages}")
    for line in refused:
        print(f"  refused {line}")
    print(f"ours (fast engine, full parse_pdf): {pages / ours:8.1f} pages/s  ({ours:.1f} s)")
    print(f"pdfplumber page.extract_text():    {pages / plumber:8.1f} pages/s  ({plumber:.1f} s)")
    print(f"speed ratio: {plumber / ours:.1f}x")
    mean = sum(f1s) / len(f1s)
    print(
        f"token F1 vs CUAD txt: mean {mean:.4f}   median {f1s[len(f1s) // 2]:.4f}   "
        f"min {f1s[0]:.4f}   files >= 0.97: {sum(f >= 0.97 for f in f1s)}/{len(f1s)}"
    )
    print(f"worst {worst} files (precision / recall / F1):")
    for r in sorted(results, key=lambda r: r.f1)[:worst]:
        print(f"  {r.precision:.3f} {r.recall:.3f} {r.f1:.3f}  {r.name}")


def _report_agreement(agreement: list[tuple[str, float]]) -> None:
    scores = [score for _, score in agreement]
    print(
        f"fast vs pdfplumber engine, token F1 on {len(scores)} files: mean {sum(scores) / len(scores):.4f}   "
        f"min {min(scores):.4f}"
    )
    for name, score in sorted(agreement, key=lambda item: item[1])[:3]:
        print(f"  {score:.4f}  {name}")


if __name__ == "__main__":
    raise SystemExit(main())
