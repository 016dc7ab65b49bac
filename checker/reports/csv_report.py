"""CSV: one row per finding, for the spreadsheet a legal team or an auditor sorts and filters.

Batch audits of many signed agreements end up in a spreadsheet, so every row stands alone: the
document, the rule, where the clause is, what is wrong, the evidence and the model clause. A
document that could not be read gets a row too (empty rule, severity ``error``), so the sheet
never suggests an unread contract is clean.

Contract text is untrusted and a spreadsheet evaluates a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and, in some, a tab or carriage return) as a formula — the "CSV injection" that
can run commands or leak data when the sheet is opened. Such cells get a leading single quote,
the convention spreadsheets display as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from checker.findings import Finding
from checker.reports.paths import display_path
from checker.rules.profiles import ActiveRule
from checker.runner import DocumentResult

COLUMNS = (
    "document",
    "rule_id",
    "title",
    "severity",
    "area",
    "section",
    "page",
    "start",
    "end",
    "message",
    "evidence",
    "remediation",
    "fingerprint",
)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, str]


def neutralise_formula(value: str) -> str:
    """Make a cell a spreadsheet would evaluate read as text, by prefixing a single quote."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _cell(value: object) -> str:
    return "" if value is None else neutralise_formula(str(value))


def _finding_row(document: str, finding: Finding, remediations: dict[str, str]) -> Row:
    remediation = finding.remediation or remediations.get(finding.rule_id)
    values = {
        "document": document,
        "rule_id": finding.rule_id,
        "title": finding.title,
        "severity": finding.severity,
        "area": finding.area,
        "section": finding.section,
        "page": finding.page,
        "start": finding.start,
        "end": finding.end,
        "message": finding.message,
        "evidence": finding.evidence,
        "remediation": remediation,
        "fingerprint": finding.fingerprint,
    }
    return {column: _cell(value) for column, value in values.items()}


def _error_row(document: str, result: DocumentResult) -> Row:
    """An unreadable document: no rule, severity ``error``, the reason as the message."""
    message = result.error.message if result.error else "unknown error"
    code = result.error.code if result.error else "unreadable"
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        document=_cell(document),
        title=_cell(f"Document could not be checked ({code})"),
        severity="error",
        message=_cell(message),
    )
    return row


def render_csv(
    results: Sequence[DocumentResult], rules: Sequence[ActiveRule], *, root: Path | None = None
) -> str:
    """Findings as CSV (RFC 4180: header row, ``\\r\\n`` line ends, quoting where needed).

    ``rules`` supplies the model clause of a finding that does not carry its own.
    """
    remediations = {active.rule.id: active.rule.remediation for active in rules}
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for result in results:
        document = display_path(result.path, root)
        if not result.ok or result.document is None:
            writer.writerow(_error_row(document, result))
            continue
        for finding in result.findings:
            writer.writerow(_finding_row(document, finding, remediations))
    return buffer.getvalue()
