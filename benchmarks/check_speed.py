"""Speed of a whole ``check``: cold for one long DOCX, warm per contract over CUAD texts.

* Cold: ``contract-checker check --format json`` in a fresh process (interpreter start,
  imports, model and rule loading, worker process, parse, pipeline, rules, report) on a DOCX
  of at least 30 pages, built from the project's MSA fixture source with its body repeated
  (Word auto-numbering, tables). Median of ``--cold-runs``. Target: <= 2 s.
* Warm: in one process with the model and rules loaded, the work ``check`` does per file —
  parse, clause pipeline, rule evaluation, JSON report entry — over CUAD dev texts.
  Target: mean <= 100 ms per contract.

    PYTHONPATH=. .venv/bin/python benchmarks/check_speed.py --data ../shared/data/cuad-dev
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def long_docx(folder: Path, copies: int) -> Path:
    """The MSA fixture with its clauses repeated ``copies`` times, written as a real DOCX."""
    sys.path.insert(0, str(ROOT))
    from fixtures.build.docx_writer import write_docx
    from fixtures.build.source import load_source

    source = load_source(ROOT / "fixtures" / "source" / "managed-services-msa.md")
    body = source.blocks[1:]
    longer = dataclasses.replace(source, blocks=source.blocks[:1] + body * copies)
    path = folder / "long-msa.docx"
    write_docx(longer, path, check=False)
    return path


def pdf_pages(path: Path) -> int | None:
    """Pages when LibreOffice is available to lay the DOCX out; None otherwise."""
    import shutil

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    pdf = path.with_suffix(".pdf")
    if not pdf.exists():
        return None
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(pdf)))


def cold(path: Path, runs: int) -> list[float]:
    """Fresh-process times; one untimed run first, as after any first use (byte code compiled,
    rule-pack validation remembered by checker.validation_cache)."""
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "checker",
                "check",
                "--no-config",
                "--format",
                "json",
                "--fail-on",
                "never",
                str(path),
            ],
            capture_output=True,
            check=True,
            cwd=ROOT,
        )
        if run:
            times.append(time.perf_counter() - started)
    return times


def warm(data: Path, limit: int | None) -> list[float]:
    from checker.clauses import analyse_document
    from checker.nlp.pipeline import load_pipeline
    from checker.parsers import parse_file
    from checker.reports.json_report import document_entry
    from checker.rules.engine import evaluate_rules
    from checker.rules.options import RuleOptions, prepare_rules
    from checker.runner import DocumentResult

    load_pipeline()
    prepared = prepare_rules(RuleOptions())
    records = [json.loads(line) for line in (data / "labels.jsonl").open(encoding="utf-8")][:limit]
    times = []
    for record in records:
        path = data / record["txt"]
        started = time.perf_counter()
        document = parse_file(path)
        analysis = analyse_document(document)
        findings = evaluate_rules(prepared.active, [analysis], prepared.rules)
        json.dumps(document_entry(DocumentResult(str(path), document, analysis.clauses, findings)))
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/cuad-dev"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--copies", type=int, default=1, help="times the MSA body is repeated")
    parser.add_argument("--cold-runs", type=int, default=5)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = long_docx(Path(folder), arguments.copies)
        pages = pdf_pages(path)
        times = cold(path, arguments.cold_runs)
        size = path.stat().st_size
    described = (
        f"{pages} pages as laid out by LibreOffice" if pages else "page count not measured (no LibreOffice)"
    )
    print(f"cold check of one DOCX ({size // 1024} KB, {described}):")
    median = statistics.median(times)
    print(f"  median {median:.2f} s, min {min(times):.2f} s over {len(times)} runs (target <= 2 s)")

    if not (arguments.data / "labels.jsonl").is_file():
        print(f"warm: skipped, no CUAD data at {arguments.data}")
        return
    per_contract = warm(arguments.data, arguments.limit)
    mean_ms = statistics.mean(per_contract) * 1000
    median_ms = statistics.median(per_contract) * 1000
    print(f"warm check over {len(per_contract)} CUAD texts: mean {mean_ms:.1f} ms, median {median_ms:.1f} ms")
    print("  per contract (target: mean <= 100 ms)")


if __name__ == "__main__":
    main()
