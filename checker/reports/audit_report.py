"""Portfolio reports from the audit store: the view across every contract a batch audit checked.

A legal-ops lead asks portfolio questions, not contract ones: which protections are missing
most often, which clause categories each contract deals with, which counterparties or contract
types carry the most findings, and which files were never checked at all (so no one mistakes
an unread contract for a clean one). :func:`portfolio_summary` answers them from the store and
:func:`render_audit_report` writes the answer as JSON, CSV, an Excel workbook or one
self-contained HTML page.

Every figure is an SQL aggregate (SQLAlchemy Core, portable between SQLite and PostgreSQL) read
in one snapshot, so ten thousand contracts are counted by the database, not in Python. Only the
per-contract drill-down reads rows, and never a clause's whole text: ``substr`` fetches the
short excerpt it shows. This module only reads the store.

Store content is untrusted (contract text, manifest values typed by anyone): the HTML goes
through Jinja's autoescaping only, and spreadsheet cells a spreadsheet would evaluate as a
formula are written as text.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import Column, Connection, Engine, Select, case, distinct, func, select, true

from checker import __version__
from checker.findings import SEVERITIES
from checker.reports.csv_report import neutralise_formula
from checker.reports.html_report import SEVERITY_LABELS, area_name
from checker.rules.model import Rule, RuleSet
from checker.rules.options import PreparedRules, RuleOptions, prepare_rules
from checker.rules.profiles import ActiveRule
from checker.store.schema import DOCUMENT_STATUSES, METADATA_COLUMNS, clauses, documents, findings, runs
from checker.taxonomy import Category, load_taxonomy

SCHEMA_VERSION = 1
FORMATS = ("html", "csv", "xlsx", "json")
TEMPLATES = Path(__file__).parent / "templates"
MAIN_TEMPLATE = "audit_report.html.j2"

# How many of the most frequent missing protections the breakdowns show one column each for.
TOP_PROTECTIONS = 5
# Bars in the charts: enough to tell a story on one slide, not every rule.
CHART_PROTECTIONS = 15
CHART_COUNTERPARTIES = 12
# Characters read from the store for a clause excerpt and for a finding's evidence.
EXCERPT_CHARS = 300
EVIDENCE_CHARS = 1000
NOT_SPECIFIED = "(not specified)"
NEEDS_OCR_REASON = "The file has no text layer (a scan); audit it again with OCR enabled."

RuleSource = RuleSet | PreparedRules | Iterable[Rule | ActiveRule] | None
Row = dict[str, Any]

CHECKED = documents.c.status == "checked"
FINDINGS_OF_DOCUMENTS = findings.join(documents, findings.c.document_id == documents.c.id)
CLAUSES_OF_DOCUMENTS = clauses.join(documents, clauses.c.document_id == documents.c.id)


# --------------------------------------------------------------------------------------------
# The summary
# --------------------------------------------------------------------------------------------


def portfolio_summary(engine: Engine, *, rules: RuleSource = None) -> dict[str, Any]:
    """Everything a portfolio report shows, as plain JSON-ready data in a fixed key order.

    ``rules`` (a rule set, prepared rules or rules/active rules) supplies each rule's rationale
    and model clause; by default the bundled rules. Titles, areas and severities come from the
    stored findings, because they are what the audit actually reported.
    """
    return _summary(engine, _rule_catalogue(rules), with_clauses=True)


def contract_drill_down(
    engine: Engine, document_id: int, *, rules: RuleSource = None
) -> dict[str, Any] | None:
    """One contract's drill-down entry (as in the portfolio summary's ``documents``), with the
    rationale and model clause of the rules it breaks and the category names — read with a few
    queries on that contract alone, so the audit browser's contract page does not compute the
    whole portfolio. None when the store has no such contract."""
    catalogue = _rule_catalogue(rules)
    with _snapshot(engine) as connection:
        rows = _document_rows(connection, document_id)
        if not rows:
            return None
        found = _categories_by_document(connection, document_id)
        entry = _drill_down(connection, rows, found, with_clauses=True, document_id=document_id)[0]
    rule_texts = {}
    for item in entry["findings"]:
        rule = catalogue.get(item["rule_id"])
        if rule is not None:
            rule_texts[item["rule_id"]] = {"rationale": rule.rationale, "model_clause": rule.remediation}
    names = {category.id: category.name for category in ordered_categories()}
    return {"document": entry, "rules": rule_texts, "category_names": names}


def _summary(engine: Engine, catalogue: Mapping[str, Rule], *, with_clauses: bool) -> dict[str, Any]:
    categories = ordered_categories()
    with _snapshot(engine) as connection:
        rows = _document_rows(connection)
        checked = sum(1 for row in rows if row["status"] == "checked")
        found = _categories_by_document(connection)
        missing = _missing_protections(connection, catalogue, checked)
        top = [item["rule_id"] for item in missing[:TOP_PROTECTIONS]]
        summary: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "generator": f"contract-checker {__version__}",
            "run": _latest_run(connection),
            "totals": _totals(connection, checked),
            "groups": _groups(categories),
            "categories": _category_coverage(connection, categories, checked),
            "coverage_matrix": _coverage_matrix(rows, found, categories),
            "missing_protections": missing,
            "top_protections": top,
            "by_counterparty": _breakdown(connection, documents.c.counterparty, top),
            "by_contract_type": _breakdown(connection, documents.c.contract_type, top),
            "not_checked": _not_checked(rows),
            "documents": _drill_down(connection, rows, found, with_clauses=with_clauses),
        }
    return summary


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One read transaction for every query, so the figures agree with each other even while an
    audit is writing: a REPEATABLE READ snapshot on PostgreSQL, a WAL read transaction on SQLite."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        elif engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # pysqlite opens none for SELECTs on its own
        yield connection


def _rule_catalogue(rules: RuleSource) -> dict[str, Rule]:
    """Rules by id, whatever form the caller holds them in."""
    if rules is None:
        rules = prepare_rules(RuleOptions())
    if isinstance(rules, PreparedRules):
        rules = rules.rules
    catalogue: dict[str, Rule] = {}
    for item in rules:
        rule = item.rule if isinstance(item, ActiveRule) else item
        catalogue.setdefault(rule.id, rule)
    return catalogue


@cache
def ordered_categories() -> tuple[Category, ...]:
    """Taxonomy categories grouped by taxonomy group (groups in taxonomy order), for every matrix."""
    taxonomy = load_taxonomy()
    rank = {group: position for position, group in enumerate(taxonomy.groups)}
    indexed = enumerate(taxonomy.categories)
    return tuple(category for _, category in sorted(indexed, key=lambda pair: (rank[pair[1].group], pair[0])))


def _ratio(part: float, whole: float, digits: int = 4) -> float:
    return round(part / whole, digits) if whole else 0.0


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _severity_dict(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts for every known severity (zeros included), then any unexpected one."""
    known = {severity: int(counts.get(severity, 0)) for severity in SEVERITIES}
    return known | {severity: int(n) for severity, n in sorted(counts.items()) if severity not in known}


def shorten(text: str | None, limit: int) -> str | None:
    """Whitespace folded and cut at a word to at most ``limit`` characters, "…" when cut.

    ``text`` may already be a prefix read with ``substr(text, 1, limit + 1)``: a text longer
    than ``limit`` is known to continue.
    """
    if text is None:
        return None
    continues = len(text) > limit
    flat = " ".join(text.split())
    if not continues and len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def _document_rows(connection: Connection, document_id: int | None = None) -> list[Row]:
    columns = (
        documents.c.id,
        documents.c.path,
        documents.c.status,
        documents.c.error_code,
        documents.c.error_message,
        documents.c.format,
        documents.c.pages,
        documents.c.ocr,
        documents.c.ocr_confidence,
        documents.c.checked_at,
        documents.c.metadata,
        *(documents.c[column] for column in METADATA_COLUMNS),
    )
    query = select(*columns).order_by(documents.c.path)
    if document_id is not None:
        query = query.where(documents.c.id == document_id)
    result = connection.execute(query)
    return [dict(row._mapping) for row in result]


def _latest_run(connection: Connection) -> Row | None:
    """The newest run (what the report is "as of") and how many runs the store has seen."""
    count = connection.execute(select(func.count()).select_from(runs)).scalar_one()
    row = connection.execute(select(runs).order_by(runs.c.id.desc()).limit(1)).first()
    if row is None:
        return None
    return {
        "runs": int(count),
        "id": row.id,
        "status": row.status,
        "started_at": _iso(row.started_at),
        "finished_at": _iso(row.finished_at),
        "profile": row.profile,
        "ruleset_version": row.ruleset_version,
        "model_version": row.model_version,
        "checker_version": row.checker_version,
    }


def _scalar(connection: Connection, query: Select[Any]) -> int:
    return int(connection.execute(query).scalar_one() or 0)


def _totals(connection: Connection, checked: int) -> Row:
    statuses = dict(
        connection.execute(select(documents.c.status, func.count()).group_by(documents.c.status)).all()
    )
    severities = dict(
        connection.execute(
            select(findings.c.severity, func.count())
            .select_from(FINDINGS_OF_DOCUMENTS)
            .where(CHECKED)
            .group_by(findings.c.severity)
        ).all()
    )
    distinct_documents = select(func.count(distinct(findings.c.document_id))).select_from(
        FINDINGS_OF_DOCUMENTS
    )
    pairs = (
        select(clauses.c.document_id, clauses.c.category)
        .select_from(CLAUSES_OF_DOCUMENTS)
        .where(CHECKED, clauses.c.category.in_([category.id for category in ordered_categories()]))
        .distinct()
        .subquery()
    )
    by_severity = _severity_dict(severities)
    total_findings = sum(by_severity.values())
    return {
        "documents": sum(int(n) for n in statuses.values()),
        "by_status": {status: int(statuses.get(status, 0)) for status in DOCUMENT_STATUSES}
        | {status: int(n) for status, n in sorted(statuses.items()) if status not in DOCUMENT_STATUSES},
        "ocr": _scalar(connection, select(func.count()).where(documents.c.ocr == true())),
        "findings": total_findings,
        "by_severity": by_severity,
        "documents_with_findings": _scalar(connection, distinct_documents.where(CHECKED)),
        "documents_with_errors": _scalar(
            connection, distinct_documents.where(CHECKED, findings.c.severity == "error")
        ),
        "average_findings": _ratio(total_findings, checked, 2),
        "clauses": _scalar(connection, select(func.count()).select_from(CLAUSES_OF_DOCUMENTS).where(CHECKED)),
        "average_categories_found": _ratio(
            _scalar(connection, select(func.count()).select_from(pairs)), checked, 2
        ),
    }


def _groups(categories: Sequence[Category]) -> list[Row]:
    taxonomy = load_taxonomy()
    members: dict[str, list[str]] = defaultdict(list)
    for category in categories:
        members[category.group].append(category.id)
    return [{"id": group, "name": taxonomy.groups[group], "categories": members[group]} for group in members]


def _category_coverage(connection: Connection, categories: Sequence[Category], checked: int) -> list[Row]:
    counts = dict(
        connection.execute(
            select(clauses.c.category, func.count(distinct(clauses.c.document_id)))
            .select_from(CLAUSES_OF_DOCUMENTS)
            .where(CHECKED)
            .group_by(clauses.c.category)
        ).all()
    )
    groups = load_taxonomy().groups
    return [
        {
            "id": category.id,
            "name": category.name,
            "group": category.group,
            "group_name": groups[category.group],
            "documents": int(counts.get(category.id, 0)),
            "coverage": _ratio(int(counts.get(category.id, 0)), checked),
        }
        for category in categories
    ]


def _categories_by_document(connection: Connection, document_id: int | None = None) -> dict[int, set[str]]:
    """Which categories each checked document deals with: one row per (document, category)."""
    query = (
        select(clauses.c.document_id, clauses.c.category)
        .select_from(CLAUSES_OF_DOCUMENTS)
        .where(CHECKED, clauses.c.category.in_([category.id for category in ordered_categories()]))
        .distinct()
    )
    if document_id is not None:
        query = query.where(clauses.c.document_id == document_id)
    found: dict[int, set[str]] = defaultdict(set)
    for document_id, category in connection.execute(query):
        found[document_id].add(category)
    return found


def _coverage_matrix(
    rows: Sequence[Row], found: Mapping[int, set[str]], categories: Sequence[Category]
) -> Row:
    ids = [category.id for category in categories]
    return {
        "categories": ids,
        "documents": [
            {
                "id": row["id"],
                "path": row["path"],
                "counterparty": row["counterparty"],
                "contract_type": row["contract_type"],
                "found": [category for category in ids if category in found.get(row["id"], ())],
            }
            for row in rows
            if row["status"] == "checked"
        ],
    }


def _missing_protections(connection: Connection, catalogue: Mapping[str, Rule], checked: int) -> list[Row]:
    """Findings grouped by rule, most widespread first, with the rule's reasoning and model clause."""
    counts = connection.execute(
        select(findings.c.rule_id, func.count(distinct(findings.c.document_id)), func.count())
        .select_from(FINDINGS_OF_DOCUMENTS)
        .where(CHECKED)
        .group_by(findings.c.rule_id)
    ).all()
    labels = _rule_labels(connection)
    items = []
    for rule_id, document_count, finding_count in counts:
        title, area, severity = labels[rule_id]
        rule = catalogue.get(rule_id)
        items.append(
            {
                "rule_id": rule_id,
                "title": title,
                "area": area,
                "area_name": area_name(area),
                "severity": severity,
                "documents": int(document_count),
                "share": _ratio(int(document_count), checked),
                "findings": int(finding_count),
                "rationale": rule.rationale if rule else None,
                "model_clause": rule.remediation if rule else None,
                "references": list(rule.references) if rule else [],
            }
        )
    items.sort(key=lambda item: (-item["documents"], -item["findings"], item["rule_id"]))
    return items


def _rule_labels(connection: Connection) -> dict[str, tuple[str, str, str]]:
    """Each rule's title, area and severity as most often stored (they can differ between runs)."""
    query = (
        select(findings.c.rule_id, findings.c.title, findings.c.area, findings.c.severity, func.count())
        .select_from(FINDINGS_OF_DOCUMENTS)
        .where(CHECKED)
        .group_by(findings.c.rule_id, findings.c.title, findings.c.area, findings.c.severity)
    )
    best: dict[str, tuple[int, tuple[str, str, str]]] = {}
    for rule_id, title, area, severity, count in connection.execute(query):
        candidate = (int(count), (title, area, severity))
        if rule_id not in best or candidate > best[rule_id]:  # ties broken by value: same on any database
            best[rule_id] = candidate
    return {rule_id: labels for rule_id, (_, labels) in best.items()}


def _breakdown(connection: Connection, column: Column[Any], top: Sequence[str]) -> list[Row]:
    """Documents, findings and the share missing each top protection, per value of ``column``."""
    checked_count = func.sum(case((CHECKED, 1), else_=0))
    totals = connection.execute(select(column, func.count(), checked_count).group_by(column)).all()
    severities: dict[Any, Counter[str]] = defaultdict(Counter)
    severity_query = (
        select(column, findings.c.severity, func.count())
        .select_from(FINDINGS_OF_DOCUMENTS)
        .where(CHECKED)
        .group_by(column, findings.c.severity)
    )
    for value, severity, count in connection.execute(severity_query):
        severities[value][severity] += int(count)
    missing: dict[Any, dict[str, int]] = defaultdict(dict)
    if top:
        missing_query = (
            select(column, findings.c.rule_id, func.count(distinct(findings.c.document_id)))
            .select_from(FINDINGS_OF_DOCUMENTS)
            .where(CHECKED, findings.c.rule_id.in_(top))
            .group_by(column, findings.c.rule_id)
        )
        for value, rule_id, count in connection.execute(missing_query):
            missing[value][rule_id] = int(count)
    items = [
        _breakdown_row(value, int(total), int(checked or 0), severities[value], missing[value], top)
        for value, total, checked in totals
    ]
    items.sort(key=lambda item: (item["name"] is None, -item["documents"], item["name"] or ""))
    return items


def _breakdown_row(
    value: str | None,
    total: int,
    checked: int,
    severities: Mapping[str, int],
    missing: Mapping[str, int],
    top: Sequence[str],
) -> Row:
    by_severity = _severity_dict(severities)
    finding_count = sum(by_severity.values())
    return {
        "name": value,
        "documents": total,
        "checked": checked,
        "not_checked": total - checked,
        "findings": finding_count,
        "by_severity": by_severity,
        "average_findings": _ratio(finding_count, checked, 2),
        "missing": [
            {
                "rule_id": rule_id,
                "documents": missing.get(rule_id, 0),
                "share": _ratio(missing.get(rule_id, 0), checked),
            }
            for rule_id in top
        ],
    }


def _reason(row: Mapping[str, Any]) -> str:
    if row["error_message"]:
        return str(row["error_message"])
    return NEEDS_OCR_REASON if row["status"] == "needs_ocr" else "The document could not be checked."


def _not_checked(rows: Sequence[Row]) -> list[Row]:
    """Documents without a result, failed first: a report must never let them pass as clean."""
    order = {status: position for position, status in enumerate(("failed", "needs_ocr"))}
    unchecked = [row for row in rows if row["status"] != "checked"]
    unchecked.sort(key=lambda row: (order.get(row["status"], len(order)), row["path"]))
    return [
        {
            "id": row["id"],
            "path": row["path"],
            "status": row["status"],
            "error_code": row["error_code"],
            "reason": _reason(row),
            "counterparty": row["counterparty"],
            "contract_type": row["contract_type"],
        }
        for row in unchecked
    ]


def _location(section: str | None, page: int | None, start: int | None) -> str:
    """Where a lawyer finds it: the clause and page, or the whole document for a gap."""
    parts = [f"Clause {section}"] if section else []
    if page:
        parts.append(f"page {page}")
    if parts:
        return ", ".join(parts)
    return "Whole document (no clause provides this)" if start is None else "Unnumbered text"


def _findings_by_document(connection: Connection, document_id: int | None = None) -> dict[int, list[Row]]:
    evidence = func.substr(findings.c.evidence, 1, EVIDENCE_CHARS + 1)
    query = (
        select(
            findings.c.document_id,
            findings.c.rule_id,
            findings.c.title,
            findings.c.severity,
            findings.c.area,
            findings.c.section,
            findings.c.page,
            findings.c.start_offset,
            findings.c.message,
            evidence.label("evidence"),
        )
        .select_from(FINDINGS_OF_DOCUMENTS)
        .where(CHECKED)
        .order_by(findings.c.document_id, findings.c.id)
    )
    if document_id is not None:
        query = query.where(findings.c.document_id == document_id)
    by_document: dict[int, list[Row]] = defaultdict(list)
    for row in connection.execute(query):
        by_document[row.document_id].append(
            {
                "rule_id": row.rule_id,
                "title": row.title,
                "severity": row.severity,
                "area": row.area,
                "section": row.section,
                "page": row.page,
                "location": _location(row.section, row.page, row.start_offset),
                "message": row.message,
                "evidence": shorten(row.evidence, EVIDENCE_CHARS),
                "_start": row.start_offset,
            }
        )
    rank = {severity: position for position, severity in enumerate(SEVERITIES)}
    for items in by_document.values():
        items.sort(
            key=lambda item: (
                rank.get(item["severity"], len(rank)),
                item["_start"] is None,
                item["_start"] or 0,
            )
        )
        for item in items:
            del item["_start"]
    return by_document


def _clauses_by_document(connection: Connection, document_id: int | None = None) -> dict[int, list[Row]]:
    """Each checked document's clauses in category order, each with an excerpt of its start."""
    excerpt = func.substr(clauses.c.text, 1, EXCERPT_CHARS + 1)
    query = (
        select(
            clauses.c.document_id,
            clauses.c.category,
            clauses.c.section,
            clauses.c.heading,
            clauses.c.page,
            clauses.c.confidence,
            excerpt.label("excerpt"),
        )
        .select_from(CLAUSES_OF_DOCUMENTS)
        .where(CHECKED)
        .order_by(clauses.c.document_id, clauses.c.start_offset, clauses.c.id)
    )
    if document_id is not None:
        query = query.where(clauses.c.document_id == document_id)
    rank = {category.id: position for position, category in enumerate(ordered_categories())}
    by_document: dict[int, list[Row]] = defaultdict(list)
    for row in connection.execute(query):
        by_document[row.document_id].append(
            {
                "category": row.category,
                "section": row.section,
                "heading": row.heading,
                "page": row.page,
                "confidence": round(float(row.confidence), 4),
                "excerpt": shorten(row.excerpt, EXCERPT_CHARS),
            }
        )
    for items in by_document.values():
        items.sort(key=lambda item: rank.get(item["category"], len(rank)))  # stable: text order kept
    return by_document


def _drill_down(
    connection: Connection,
    rows: Sequence[Row],
    found: Mapping[int, set[str]],
    *,
    with_clauses: bool,
    document_id: int | None = None,
) -> list[Row]:
    by_document = _findings_by_document(connection, document_id)
    clause_rows = _clauses_by_document(connection, document_id) if with_clauses else {}
    entries = []
    for row in rows:
        items = by_document.get(row["id"], [])
        extra = {
            key: value for key, value in sorted((row["metadata"] or {}).items()) if not key.startswith("_")
        }
        entries.append(
            {
                "id": row["id"],
                "path": row["path"],
                "status": row["status"],
                "error_code": row["error_code"],
                "reason": _reason(row) if row["status"] != "checked" else None,
                "format": row["format"],
                "pages": row["pages"],
                "ocr": bool(row["ocr"]),
                "ocr_confidence": row["ocr_confidence"],
                "checked_at": _iso(row["checked_at"]),
                "metadata": {column: row[column] for column in METADATA_COLUMNS} | {"other": extra},
                "counts": _severity_dict(Counter(item["severity"] for item in items)),
                "categories_found": len(found.get(row["id"], ())),
                "findings": items,
                "clauses": clause_rows.get(row["id"], []),
            }
        )
    return entries


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def render_audit_report(engine: Engine, fmt: str, *, rules: RuleSource = None) -> bytes:
    """The portfolio report in ``fmt`` (html, csv, xlsx or json), as the bytes of the file."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown audit report format {fmt!r} (choose from {', '.join(FORMATS)})")
    catalogue = _rule_catalogue(rules)
    # CSV and XLSX show no clause excerpts, so they do not read them.
    summary = _summary(engine, catalogue, with_clauses=fmt in ("html", "json"))
    if fmt == "json":
        return render_json(summary)
    if fmt == "csv":
        return render_csv(summary)
    if fmt == "xlsx":
        return render_xlsx(summary)
    return render_html(summary)


def render_json(summary: Mapping[str, Any]) -> bytes:
    """Keys stay in the order the summary builds them (schema_version first), so diffs are stable."""
    return (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# CSV: one row per document, the coverage matrix as 0/1 columns
# --------------------------------------------------------------------------------------------

COUNT_COLUMNS = {"error": "errors", "warning": "warnings", "info": "info"}
CSV_COLUMNS = ("path", *METADATA_COLUMNS, "status", "error_code", "ocr", *COUNT_COLUMNS.values())


def render_csv(summary: Mapping[str, Any]) -> bytes:
    """One row per document, then one 0/1 column per category (ids, grouped as in the matrix).

    A document that was not checked has empty counts and matrix cells, never zeros: nothing is
    known about it, and a zero would read as "clean" or "clause absent".
    """
    ids = summary["coverage_matrix"]["categories"]
    found = {entry["id"]: set(entry["found"]) for entry in summary["coverage_matrix"]["documents"]}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([*CSV_COLUMNS, *ids])
    for document in summary["documents"]:
        writer.writerow([_csv_cell(value) for value in _csv_values(document, ids, found)])
    return buffer.getvalue().encode("utf-8")


def _csv_values(document: Mapping[str, Any], ids: Sequence[str], found: Mapping[int, set[str]]) -> list[Any]:
    metadata = document["metadata"]
    head = [
        document["path"],
        *(metadata[column] for column in METADATA_COLUMNS),
        document["status"],
        document["error_code"],
        int(document["ocr"]),
    ]
    if document["status"] != "checked":
        return head + [None] * (len(COUNT_COLUMNS) + len(ids))
    present = found.get(document["id"], set())
    counts = [document["counts"][severity] for severity in COUNT_COLUMNS]
    return head + counts + [int(category in present) for category in ids]


def _csv_cell(value: Any) -> str:
    return "" if value is None else neutralise_formula(str(value))


# --------------------------------------------------------------------------------------------
# XLSX: the same figures, one sheet per table, streamed (write-only) so size stays flat
# --------------------------------------------------------------------------------------------

XLSX_CELL_LIMIT = 32_767  # Excel's limit on the characters in one cell
XLSX_HEADER_COLOUR = "2B4A6F"
XLSX_PRESENT_FILL = "D5ECDC"
XLSX_ABSENT_FILL = "FBEAEA"


def render_xlsx(summary: Mapping[str, Any]) -> bytes:
    """A workbook a legal team filters and pivots: Summary, Coverage, Missing protections,
    By counterparty, By contract type, Findings and Not checked."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.creator = f"contract-checker {__version__}"
    sheets = (
        ("Summary", _sheet_summary),
        ("Coverage", _sheet_coverage),
        ("Missing protections", _sheet_missing),
        (
            "By counterparty",
            lambda sheet, data: _sheet_breakdown(sheet, data, "by_counterparty", "Counterparty"),
        ),
        (
            "By contract type",
            lambda sheet, data: _sheet_breakdown(sheet, data, "by_contract_type", "Contract type"),
        ),
        ("Findings", _sheet_findings),
        ("Not checked", _sheet_not_checked),
    )
    for title, write in sheets:
        write(workbook.create_sheet(title), summary)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xl(sheet: Any, value: Any, **style: Any) -> Any:
    """A cell value safe for Excel: control characters dropped, length capped, and text that
    starts with "=" kept as text rather than turned into a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT]
    if not style and not (isinstance(value, str) and value.startswith("=")):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _xl_header(sheet: Any, names: Sequence[str], *, rotate: int = 0) -> list[Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor=XLSX_HEADER_COLOUR)
    font = Font(bold=True, color="FFFFFF")
    alignment = Alignment(wrap_text=True, vertical="bottom", text_rotation=rotate)
    return [_xl(sheet, name, font=font, fill=fill, alignment=alignment) for name in names]


def _xl_widths(sheet: Any, widths: Sequence[float]) -> None:
    """Column widths must be set before the first row of a write-only sheet."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _xl_table(
    sheet: Any, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float]
) -> None:
    """A plain table: frozen bold header, an autofilter, and each row's cells made safe."""
    from openpyxl.utils import get_column_letter

    _xl_widths(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.append(_xl_header(sheet, header))
    count = 1
    for row in rows:
        sheet.append([_xl(sheet, value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count}"


def _xl_percent(sheet: Any, value: float) -> Any:
    return _xl(sheet, value, number_format="0%")


def _name(value: str | None) -> str:
    return value if value else NOT_SPECIFIED


def _sheet_summary(sheet: Any, summary: Mapping[str, Any]) -> None:
    from openpyxl.styles import Font

    _xl_widths(sheet, (44, 34, 14, 12))
    bold = Font(bold=True, size=14)
    totals, run = summary["totals"], summary["run"] or {}
    sheet.append([_xl(sheet, "Contract portfolio audit", font=bold)])
    sheet.append([summary["generator"]])
    sheet.append([])
    figures = [
        ("Contracts in the store", totals["documents"]),
        *((f"Status: {status.replace('_', ' ')}", count) for status, count in totals["by_status"].items()),
        ("Checked with OCR", totals["ocr"]),
        ("Findings", totals["findings"]),
        *((f"Findings: {SEVERITY_LABELS.get(s, s)}", n) for s, n in totals["by_severity"].items()),
        ("Checked contracts with findings", totals["documents_with_findings"]),
        ("Checked contracts with an error", totals["documents_with_errors"]),
        ("Average findings per checked contract", totals["average_findings"]),
        ("Average clause categories found", totals["average_categories_found"]),
        ("Latest run", run.get("started_at")),
        ("Rule set version", run.get("ruleset_version")),
        ("Model version", run.get("model_version")),
    ]
    for label, value in figures:
        sheet.append([_xl(sheet, label), _xl(sheet, value)])
    sheet.append([])
    sheet.append(_xl_header(sheet, ("Clause category", "Group", "Contracts", "Coverage")))
    for category in summary["categories"]:
        sheet.append(
            [
                category["name"],
                category["group_name"],
                category["documents"],
                _xl_percent(sheet, category["coverage"]),
            ]
        )


def _sheet_coverage(sheet: Any, summary: Mapping[str, Any]) -> None:
    """The matrix: 1 where the contract deals with the category, 0 where not, filled by value."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    matrix = summary["coverage_matrix"]
    names = {category["id"]: category["name"] for category in summary["categories"]}
    ids = matrix["categories"]
    _xl_widths(sheet, (40, 24, 18, *([4.5] * len(ids))))
    sheet.freeze_panes = "D2"
    sheet.row_dimensions[1].height = 150
    lead = _xl_header(sheet, ("Contract", "Counterparty", "Contract type"))
    sheet.append(lead + _xl_header(sheet, [names[category] for category in ids], rotate=90))
    for entry in matrix["documents"]:
        present = set(entry["found"])
        sheet.append(
            [
                _xl(sheet, entry["path"]),
                _xl(sheet, _name(entry["counterparty"])),
                _xl(sheet, _name(entry["contract_type"])),
                *(int(category in present) for category in ids),
            ]
        )
    last_row = len(matrix["documents"]) + 1
    if ids and last_row > 1:
        cells = f"D2:{get_column_letter(3 + len(ids))}{last_row}"
        for value, colour in (("1", XLSX_PRESENT_FILL), ("0", XLSX_ABSENT_FILL)):
            fill = PatternFill("solid", start_color=colour, end_color=colour, bgColor=colour)
            sheet.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[value], fill=fill))
    sheet.auto_filter.ref = f"A1:{get_column_letter(3 + len(ids))}{last_row}"


def _sheet_missing(sheet: Any, summary: Mapping[str, Any]) -> None:
    header = (
        "Rank", "Rule", "Protection", "Area", "Severity", "Contracts", "Share of checked", "Findings",
        "Model clause", "Why it matters",
    )  # fmt: skip
    rows = (
        [
            rank,
            item["rule_id"],
            item["title"],
            item["area_name"],
            item["severity"],
            item["documents"],
            _xl_percent(sheet, item["share"]),
            item["findings"],
            item["model_clause"],
            item["rationale"],
        ]
        for rank, item in enumerate(summary["missing_protections"], start=1)
    )
    _xl_table(sheet, header, rows, (7, 10, 48, 20, 10, 11, 11, 10, 70, 70))


def _sheet_breakdown(sheet: Any, summary: Mapping[str, Any], key: str, label: str) -> None:
    titles = {item["rule_id"]: item["title"] for item in summary["missing_protections"]}
    top = summary["top_protections"]
    header = (
        label, "Contracts", "Checked", "Not checked", "Findings",
        *(f"Findings: {SEVERITY_LABELS.get(s, s)}" for s in SEVERITIES), "Average findings",
        *(f"Missing {rule_id}: {titles[rule_id]}" for rule_id in top),
    )  # fmt: skip
    rows = (
        [
            _name(item["name"]),
            item["documents"],
            item["checked"],
            item["not_checked"],
            item["findings"],
            *(item["by_severity"][severity] for severity in SEVERITIES),
            item["average_findings"],
            *(_xl_percent(sheet, missing["share"]) for missing in item["missing"]),
        ]
        for item in summary[key]
    )
    _xl_table(sheet, header, rows, (34, 11, 10, 12, 10, 11, 11, 11, 12, *([22] * len(top))))


def _sheet_findings(sheet: Any, summary: Mapping[str, Any]) -> None:
    header = (
        "Contract", "Counterparty", "Contract type", "Rule", "Protection", "Severity", "Area", "Clause",
        "Page", "Message", "Evidence",
    )  # fmt: skip
    rows = (
        [
            document["path"],
            _name(document["metadata"]["counterparty"]),
            _name(document["metadata"]["contract_type"]),
            finding["rule_id"],
            finding["title"],
            finding["severity"],
            area_name(finding["area"]),
            finding["section"],
            finding["page"],
            finding["message"],
            finding["evidence"],
        ]
        for document in summary["documents"]
        for finding in document["findings"]
    )
    _xl_table(sheet, header, rows, (40, 24, 18, 10, 44, 10, 18, 9, 7, 60, 60))


def _sheet_not_checked(sheet: Any, summary: Mapping[str, Any]) -> None:
    header = ("Contract", "Status", "Error code", "Reason", "Counterparty", "Contract type")
    rows = (
        [
            item["path"],
            item["status"],
            item["error_code"],
            item["reason"],
            _name(item["counterparty"]),
            _name(item["contract_type"]),
        ]
        for item in summary["not_checked"]
    )
    _xl_table(sheet, header, rows, (40, 12, 16, 60, 24, 18))


# --------------------------------------------------------------------------------------------
# HTML: one self-contained page; the views below are what each part of it shows
# --------------------------------------------------------------------------------------------

SEVERITY_COLOURS = {"error": "#9b1c1c", "warning": "#c98a12", "info": "#1d4f8f"}
CHART_COLOUR = "#2b4a6f"
CHART_WIDTH = 880
CHART_LABEL_WIDTH = 330  # the bar labels end here; bars start a little to the right
CHART_VALUE_WIDTH = 150  # room right of the longest bar for its value
CHART_TOP = 30  # room for the axis labels
CHART_LABEL_CHARS = 50  # longer labels are cut (the full text is the bar's tooltip)


@dataclass(frozen=True, slots=True)
class Bar:
    """What a chart says about one item: its stacked parts (value, colour, tooltip) and total."""

    label: str
    tip: str
    parts: tuple[tuple[float, str, str], ...]
    value_label: str


@dataclass(frozen=True, slots=True)
class Segment:
    x: float
    width: float
    colour: str
    tip: str


@dataclass(frozen=True, slots=True)
class ChartRow:
    y: float
    height: float
    label: str
    tip: str
    segments: tuple[Segment, ...]
    value_label: str
    value_x: float


@dataclass(frozen=True, slots=True)
class ChartText:
    x: float
    y: float
    text: str
    colour: str = ""


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart laid out in SVG user units: the template only draws it."""

    id: str
    title: str
    description: str
    width: int
    height: float
    plot_left: float
    plot_top: float
    plot_bottom: float
    rows: tuple[ChartRow, ...]
    headings: tuple[ChartText, ...]
    ticks: tuple[ChartText, ...]
    legend: tuple[ChartText, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: str
    note: str


@dataclass(frozen=True, slots=True)
class MatrixGroup:
    name: str
    span: int


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    id: str
    name: str
    group: str
    css: str
    coverage: float


@dataclass(frozen=True, slots=True)
class MatrixRow:
    anchor: str
    name: str
    path: str
    counterparty: str
    contract_type: str
    cells: tuple[str, ...]  # a CSS class per category: "y" found, "n" not, "gs" a group starts
    found: int


@dataclass(frozen=True, slots=True)
class ClauseGroupView:
    """A category the contract deals with: every place it does, and the best match's excerpt."""

    name: str
    group: str
    places: tuple[Row, ...]
    excerpt: str | None


@dataclass(frozen=True, slots=True)
class DocumentView:
    anchor: str
    entry: Row
    name: str
    facts: tuple[tuple[str, str], ...]
    other_metadata: tuple[tuple[str, str], ...]
    clause_groups: tuple[ClauseGroupView, ...]
    absent: tuple[str, ...]


def render_html(summary: Mapping[str, Any]) -> bytes:
    """The portfolio page as UTF-8: figures, charts, tables, matrix and a section per contract."""
    categories = {category["id"]: category for category in summary["categories"]}
    page = (
        _environment()
        .get_template(MAIN_TEMPLATE)
        .render(
            title="Contract portfolio audit",
            summary=summary,
            byline=_byline(summary),
            figures=_figures(summary),
            charts=_charts(summary),
            matrix_groups=_matrix_groups(summary),
            matrix_columns=_matrix_columns(summary),
            matrix_rows=_matrix_rows(summary),
            top=[(rule_id, _rule_title(summary, rule_id)) for rule_id in summary["top_protections"]],
            rule_info={item["rule_id"]: item for item in summary["missing_protections"]},
            documents=[_document_view(entry, categories) for entry in summary["documents"]],
            severities=SEVERITIES,
            severity_labels=SEVERITY_LABELS,
            not_specified=NOT_SPECIFIED,
            version=__version__,
        )
    )
    return page.encode("utf-8")


@cache
def _environment() -> Environment:
    """Autoescaping on for every template whatever its name: store content is hostile input."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["percent"] = percent_label
    environment.filters["number"] = _number
    return environment


def percent_label(value: float) -> str:
    """A share as a whole percentage; "<1%" rather than a misleading "0%" for a few."""
    if value <= 0:
        return "0%"
    if value < 0.005:
        return "<1%"
    return f"{round(value * 100)}%"


def _number(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0") if isinstance(value, float) else f"{value:,}"


def _rule_title(summary: Mapping[str, Any], rule_id: str) -> str:
    return next(item["title"] for item in summary["missing_protections"] if item["rule_id"] == rule_id)


def _byline(summary: Mapping[str, Any]) -> str:
    run = summary["run"]
    parts = [f"{summary['totals']['documents']:,} contracts in the audit store"]
    if run is not None:
        moment = run["finished_at"] or run["started_at"]
        parts.append(f"as of {moment[:16].replace('T', ' ')}" if moment else "")
        parts.append(f"profile {run['profile']}, rule set {run['ruleset_version']}")
    parts.append(summary["generator"])
    return " · ".join(part for part in parts if part)


def _figures(summary: Mapping[str, Any]) -> tuple[Figure, ...]:
    totals = summary["totals"]
    status = totals["by_status"]
    checked = status.get("checked", 0)
    unchecked = totals["documents"] - checked
    severity = totals["by_severity"]
    categories = len(summary["categories"])
    return (
        Figure("Contracts", _number(totals["documents"]), f"{checked:,} checked · {totals['ocr']:,} via OCR"),
        Figure(
            "Not checked",
            _number(unchecked),
            f"{status.get('failed', 0):,} failed · {status.get('needs_ocr', 0):,} need OCR",
        ),
        Figure(
            "Findings",
            _number(totals["findings"]),
            f"{severity['error']:,} errors · {severity['warning']:,} warnings · {severity['info']:,} info",
        ),
        Figure(
            "Contracts with an error",
            _number(totals["documents_with_errors"]),
            f"{percent_label(_ratio(totals['documents_with_errors'], checked))} of checked contracts",
        ),
        Figure(
            "Findings per contract", _number(totals["average_findings"]), "average over checked contracts"
        ),
        Figure(
            "Clause categories",
            _number(totals["average_categories_found"]),
            f"found on average, of {categories}",
        ),
    )


def _short(label: str, limit: int = CHART_LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _nice_ticks(largest: float, steps: int = 4) -> list[float]:
    """Axis ticks from 0 at 1, 2 or 5 times a power of ten, the last one at or above ``largest``."""
    if largest <= 0:
        return [0.0, 1.0]
    raw = largest / steps
    power = 10 ** math.floor(math.log10(raw))
    step = next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)
    return [step * index for index in range(math.ceil(largest / step) + 1)]


def _layout_chart(
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[Bar | str],
    ticks: Sequence[tuple[float, str]],
    *,
    legend: Sequence[tuple[str, str]] = (),
    row_height: float = 22,
) -> Chart:
    """Place bars (and group headings, given as strings) top to bottom; ``ticks`` set the scale."""
    plot_left = CHART_LABEL_WIDTH + 10
    plot_width = CHART_WIDTH - plot_left - CHART_VALUE_WIDTH
    scale = ticks[-1][0] or 1.0
    rows: list[ChartRow] = []
    headings: list[ChartText] = []
    y = float(CHART_TOP)
    for item in items:
        if isinstance(item, str):
            headings.append(ChartText(0, y + 16, item))
            y += 22
            continue
        x, segments = float(plot_left), []
        for value, colour, tip in item.parts:
            width = plot_width * value / scale
            segments.append(Segment(round(x, 1), round(width, 1), colour, tip))
            x += width
        rows.append(
            ChartRow(y, row_height, item.label, item.tip, tuple(segments), item.value_label, round(x + 6, 1))
        )
        y += row_height
    bottom = y + 4
    tick_marks = tuple(
        ChartText(round(plot_left + plot_width * value / scale, 1), CHART_TOP - 10, label)
        for value, label in ticks
    )
    legend_marks = tuple(
        ChartText(plot_left + 120 * index, bottom + 20, label, colour)
        for index, (colour, label) in enumerate(legend)
    )
    height = bottom + (34 if legend else 8)
    return Chart(
        chart_id, title, description, CHART_WIDTH, height, plot_left, CHART_TOP - 4, bottom,
        tuple(rows), tuple(headings), tick_marks, legend_marks,
    )  # fmt: skip


SHARE_TICKS = tuple((value / 4, f"{25 * value}%") for value in range(5))


def _charts(summary: Mapping[str, Any]) -> tuple[Chart, ...]:
    charts = [_missing_chart(summary), _coverage_chart(summary), _counterparty_chart(summary)]
    return tuple(chart for chart in charts if chart is not None)


def _missing_chart(summary: Mapping[str, Any]) -> Chart | None:
    items = summary["missing_protections"][:CHART_PROTECTIONS]
    checked = summary["totals"]["by_status"].get("checked", 0)
    if not items:
        return None
    bars = [
        Bar(
            label=_short(item["title"]),
            tip=f"{item['rule_id']} {item['title']}",
            parts=((item["share"], SEVERITY_COLOURS.get(item["severity"], CHART_COLOUR), item["severity"]),),
            value_label=f"{item['documents']:,} of {checked:,} · {percent_label(item['share'])}",
        )
        for item in items
    ]
    present = [severity for severity in SEVERITIES if any(item["severity"] == severity for item in items)]
    return _layout_chart(
        "chart-missing",
        "Most frequent missing protections",
        f"Share of the {checked:,} checked contracts with a finding for each rule;"
        " bar colour is the rule's severity.",
        bars,
        SHARE_TICKS,
        legend=[(SEVERITY_COLOURS[severity], SEVERITY_LABELS[severity]) for severity in present],
    )


def _coverage_chart(summary: Mapping[str, Any]) -> Chart | None:
    checked = summary["totals"]["by_status"].get("checked", 0)
    if not checked:
        return None
    items: list[Bar | str] = []
    group = None
    for category in summary["categories"]:
        if category["group_name"] != group:
            group = category["group_name"]
            items.append(group)
        items.append(
            Bar(
                label=_short(category["name"]),
                tip=f"{category['name']}: {category['documents']:,} of {checked:,} contracts",
                parts=((category["coverage"], CHART_COLOUR, category["name"]),),
                value_label=f"{percent_label(category['coverage'])} ({category['documents']:,})"
                if category["documents"]
                else "–",
            )
        )
    return _layout_chart(
        "chart-coverage",
        "Coverage by clause category",
        f"Share of the {checked:,} checked contracts in which the clause category was identified.",
        items,
        SHARE_TICKS,
        row_height=17,
    )


def _counterparty_chart(summary: Mapping[str, Any]) -> Chart | None:
    groups = [item for item in summary["by_counterparty"] if item["findings"]]
    groups.sort(key=lambda item: (-item["findings"], item["name"] is None, item["name"] or ""))
    groups = groups[:CHART_COUNTERPARTIES]
    if not groups:
        return None
    ticks = _nice_ticks(max(item["findings"] for item in groups))
    bars = [
        Bar(
            label=_short(_name(item["name"])),
            tip=f"{_name(item['name'])}: {item['findings']:,} findings"
            f" in {item['checked']:,} checked contracts",
            parts=tuple(
                (item["by_severity"][severity], SEVERITY_COLOURS[severity], SEVERITY_LABELS[severity])
                for severity in SEVERITIES
            ),
            value_label=f"{item['findings']:,} · {_number(item['average_findings'])} per contract",
        )
        for item in groups
    ]
    shown = (
        "" if len(summary["by_counterparty"]) <= CHART_COUNTERPARTIES else f" (the {len(groups)} with most)"
    )
    return _layout_chart(
        "chart-counterparties",
        "Findings by counterparty",
        f"Findings in the checked contracts of each counterparty{shown}, by severity.",
        bars,
        [(value, _number(value if value % 1 else int(value))) for value in ticks],
        legend=[(SEVERITY_COLOURS[severity], SEVERITY_LABELS[severity]) for severity in SEVERITIES],
    )


def _matrix_groups(summary: Mapping[str, Any]) -> tuple[MatrixGroup, ...]:
    return tuple(
        MatrixGroup(_group_name(group["id"]), len(group["categories"])) for group in summary["groups"]
    )


def _group_name(group_id: str) -> str:
    return load_taxonomy().groups.get(group_id, group_id)


def _matrix_columns(summary: Mapping[str, Any]) -> tuple[MatrixColumn, ...]:
    columns, group = [], None
    for category in summary["categories"]:
        starts = category["group"] != group
        group = category["group"]
        css = "gs" if starts else ""
        columns.append(
            MatrixColumn(category["id"], category["name"], category["group_name"], css, category["coverage"])
        )
    return tuple(columns)


def _matrix_rows(summary: Mapping[str, Any]) -> tuple[MatrixRow, ...]:
    ids = summary["coverage_matrix"]["categories"]
    starts = {group["categories"][0] for group in summary["groups"] if group["categories"]}
    rows = []
    for entry in summary["coverage_matrix"]["documents"]:
        present = set(entry["found"])
        cells = tuple(
            ("y" if category in present else "n") + (" gs" if category in starts else "") for category in ids
        )
        rows.append(
            MatrixRow(
                anchor=f"doc-{entry['id']}",
                name=_file_name(entry["path"]),
                path=entry["path"],
                counterparty=_name(entry["counterparty"]),
                contract_type=_name(entry["contract_type"]),
                cells=cells,
                found=len(present),
            )
        )
    return tuple(rows)


def _file_name(path: str) -> str:
    return path.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1] or path


def _document_view(entry: Row, categories: Mapping[str, Row]) -> DocumentView:
    metadata = entry["metadata"]
    facts = [
        ("Counterparty", _name(metadata["counterparty"])),
        ("Contract type", _name(metadata["contract_type"])),
        ("Owner", _name(metadata["owner"])),
        ("Signed", _name(metadata["signed_date"])),
    ]
    if entry["status"] == "checked":
        facts.append(("Format", (entry["format"] or "?").upper()))
        facts.append(("Pages", str(entry["pages"]) if entry["pages"] else "not paginated"))
        if entry["ocr"]:
            confidence = entry["ocr_confidence"]
            facts.append(("OCR", f"yes, confidence {confidence:.0f}" if confidence is not None else "yes"))
        facts.append(("Clause categories", f"{entry['categories_found']} of {len(categories)}"))
    if entry["checked_at"]:
        facts.append(("Checked", entry["checked_at"][:16].replace("T", " ")))
    found = {clause["category"] for clause in entry["clauses"]}
    return DocumentView(
        anchor=f"doc-{entry['id']}",
        entry=entry,
        name=_file_name(entry["path"]),
        facts=tuple(facts),
        other_metadata=tuple((key, str(value)) for key, value in metadata["other"].items()),
        clause_groups=_clause_groups(entry["clauses"], categories),
        absent=tuple(c["name"] for c in categories.values() if c["id"] not in found)
        if entry["status"] == "checked"
        else (),
    )


def _clause_groups(items: Sequence[Row], categories: Mapping[str, Row]) -> tuple[ClauseGroupView, ...]:
    """One row per category, not per clause: a contract's clause map stays readable (and a
    portfolio page stays a manageable size) however many clauses touch the same category."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for clause in items:
        grouped[clause["category"]].append(clause)
    views = []
    for category_id, members in grouped.items():
        category = categories.get(category_id)
        name = category["name"] if category else category_id.replace("_", " ").capitalize()
        best = max(members, key=lambda clause: clause["confidence"])
        group = category["group_name"] if category else ""
        views.append(ClauseGroupView(name, group, tuple(members), best["excerpt"]))
    return tuple(views)
