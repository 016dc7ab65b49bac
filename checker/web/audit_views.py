"""The audit browser's pages, from :func:`checker.reports.audit_report.portfolio_summary`.

The summary already answers every portfolio question (coverage, missing protections, what was
never checked, each contract's findings and clauses); these helpers only pick and shape what
the two pages show, so the browser and the exported report can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checker.findings import SEVERITIES
from checker.reports.audit_report import percent_label
from checker.reports.html_report import SEVERITY_HEADINGS, SEVERITY_LABELS, area_name

# Rows of the coverage matrix shown on the page; the exports carry every contract.
MATRIX_ROWS = 300
TOP_MISSING = 15

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    id: str
    name: str
    group: str
    coverage: str


@dataclass(frozen=True, slots=True)
class MatrixRow:
    id: int
    path: str
    counterparty: str | None
    cells: tuple[bool, ...]
    found: int


@dataclass(frozen=True, slots=True)
class PortfolioView:
    summary: Row
    figures: tuple[tuple[str, str], ...]
    missing: tuple[Row, ...]
    columns: tuple[MatrixColumn, ...]
    groups: tuple[tuple[str, int], ...]
    rows: tuple[MatrixRow, ...]
    rows_hidden: int
    documents: tuple[Row, ...]
    not_checked: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class AuditFinding:
    item: Row
    severity_label: str
    area_name: str
    rationale: str | None
    model_clause: str | None


@dataclass(frozen=True, slots=True)
class AuditDocumentView:
    entry: Row
    metadata: tuple[tuple[str, str], ...]
    findings: tuple[tuple[str, str, tuple[AuditFinding, ...]], ...]
    clauses: tuple[tuple[str, tuple[Row, ...]], ...]


def portfolio_view(summary: Row) -> PortfolioView:
    totals = summary["totals"]
    columns = tuple(
        MatrixColumn(item["id"], item["name"], item["group_name"], percent_label(item["coverage"]))
        for item in summary["categories"]
    )
    ids = [column.id for column in columns]
    matrix = summary["coverage_matrix"]["documents"]
    rows = tuple(
        MatrixRow(
            id=entry["id"],
            path=entry["path"],
            counterparty=entry["counterparty"],
            cells=tuple(category in set(entry["found"]) for category in ids),
            found=len(entry["found"]),
        )
        for entry in matrix[:MATRIX_ROWS]
    )
    return PortfolioView(
        summary=summary,
        figures=_figures(totals),
        missing=tuple(
            dict(item, share_text=percent_label(item["share"]))
            for item in summary["missing_protections"][:TOP_MISSING]
        ),
        columns=columns,
        groups=tuple((group["name"], len(group["categories"])) for group in summary["groups"]),
        rows=rows,
        rows_hidden=max(0, len(matrix) - MATRIX_ROWS),
        documents=tuple(summary["documents"]),
        not_checked=tuple(summary["not_checked"]),
    )


def _figures(totals: Row) -> tuple[tuple[str, str], ...]:
    statuses = totals["by_status"]
    not_checked = sum(count for status, count in statuses.items() if status != "checked")
    return (
        ("Contracts", str(totals["documents"])),
        ("Checked", str(statuses.get("checked", 0))),
        ("Not checked", str(not_checked)),
        ("Findings", str(totals["findings"])),
        ("Findings per contract", f"{totals['average_findings']:g}"),
        ("Contracts with errors", str(totals["documents_with_errors"])),
    )


def document_view(drill_down: Row | None) -> AuditDocumentView | None:
    """The contract page, from :func:`checker.reports.audit_report.contract_drill_down`."""
    if drill_down is None:
        return None
    entry = drill_down["document"]
    return AuditDocumentView(
        entry=entry,
        metadata=_metadata(entry["metadata"]),
        findings=_finding_groups(entry["findings"], drill_down["rules"]),
        clauses=_clause_groups(entry["clauses"], drill_down["category_names"]),
    )


def _metadata(metadata: Row) -> tuple[tuple[str, str], ...]:
    pairs = [
        (key.replace("_", " ").capitalize(), str(value)) for key, value in metadata.items() if key != "other"
    ]
    pairs += [(str(key), str(value)) for key, value in (metadata.get("other") or {}).items()]
    return tuple((key, value) for key, value in pairs if value not in ("None", ""))


def _finding_groups(
    items: Sequence[Row], rules: Mapping[str, Row]
) -> tuple[tuple[str, str, tuple[AuditFinding, ...]], ...]:
    groups = []
    for severity in SEVERITIES:
        members = tuple(
            AuditFinding(
                item=item,
                severity_label=SEVERITY_LABELS.get(severity, severity.title()),
                area_name=area_name(item["area"]),
                rationale=rules.get(item["rule_id"], {}).get("rationale"),
                model_clause=rules.get(item["rule_id"], {}).get("model_clause"),
            )
            for item in items
            if item["severity"] == severity
        )
        if members:
            groups.append((severity, SEVERITY_HEADINGS.get(severity, severity.title()), members))
    return tuple(groups)


def _clause_groups(items: Sequence[Row], names: Mapping[str, str]) -> tuple[tuple[str, tuple[Row, ...]], ...]:
    grouped: dict[str, list[Row]] = {}
    for item in items:
        grouped.setdefault(item["category"], []).append(item)
    return tuple((names.get(category, category), tuple(rows)) for category, rows in grouped.items())
