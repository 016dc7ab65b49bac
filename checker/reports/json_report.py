"""The JSON report, the contract between the checker and every tool built on it.

Its shape is fixed by ``schemas/report.schema.json``; other formats are derived from the
same dictionaries so they never disagree with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from checker import __version__
from checker.baseline import BaselineOutcome
from checker.findings import SEVERITIES
from checker.runner import DocumentResult
from checker.waivers import WaiverOutcome

TOOL_NAME = "contract-checker"
REPORT_SCHEMA_ID = "https://contract-checker.dev/schemas/report.schema.json"


def document_entry(result: DocumentResult, *, with_blocks: bool = False) -> dict[str, Any]:
    document = result.document
    entry: dict[str, Any] = {
        "path": result.path,
        "format": document.format.value if document else None,
        "sha256": document.sha256 if document else None,
        "pages": document.pages if document else None,
        "text": document.text if document else None,
        "clauses": [clause.to_dict() for clause in result.clauses],
        "findings": [finding.to_dict() for finding in result.findings],
        "error": result.error.to_dict() if result.error else None,
    }
    if document is not None and with_blocks:
        entry["blocks"] = [block.to_dict() for block in document.blocks]
        entry["sections"] = [section.to_dict() for section in document.sections]
        entry["metadata"] = document.metadata
    return entry


def summarise(results: Iterable[DocumentResult]) -> dict[str, Any]:
    results = list(results)
    severities = Counter(finding.severity for result in results for finding in result.findings)
    return {
        "documents": len(results),
        "checked": sum(1 for result in results if result.ok),
        "failed": sum(1 for result in results if not result.ok),
        "clauses": sum(len(result.clauses) for result in results),
        "findings": sum(severities.values()),
        "by_severity": {severity: severities.get(severity, 0) for severity in SEVERITIES},
    }


def build_report(
    results: Iterable[DocumentResult],
    *,
    with_blocks: bool = False,
    waivers: WaiverOutcome | None = None,
    baseline: BaselineOutcome | None = None,
) -> dict[str, Any]:
    results = list(results)
    report: dict[str, Any] = {
        "$schema": REPORT_SCHEMA_ID,
        "tool": {"name": TOOL_NAME, "version": __version__},
        "documents": [document_entry(result, with_blocks=with_blocks) for result in results],
        "summary": summarise(results),
    }
    if waivers is not None:
        report["waivers"] = waivers.to_dict()
    if baseline is not None:
        report["baseline"] = baseline.to_dict()
    return report
