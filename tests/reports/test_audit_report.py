"""Portfolio reports from the audit store: figures, CSV matrix, workbook, JSON and the HTML page.

The store is built by inserting rows directly (a run, five contracts: three checked — one of
them through OCR — one that failed and one scan waiting for OCR), so every expected figure below
can be worked out by hand from the rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, insert

from checker.reports.audit_report import (
    CSV_COLUMNS,
    EXCERPT_CHARS,
    FORMATS,
    SCHEMA_VERSION,
    ordered_categories,
    portfolio_summary,
    render_audit_report,
    shorten,
)
from checker.rules.options import RuleOptions, prepare_rules
from checker.store.database import open_store
from checker.store.schema import clauses, documents, findings, runs

HOSTILE = "<script>alert(1)</script>"

ACME_MSA = "contracts/acme/msa-2021.pdf"
GLOBEX_DPA = "contracts/globex/dpa-2022.docx"
GLOBEX_SOW = "contracts/globex/sow-7-scan.pdf"
INITECH_MSA = "contracts/initech/msa-2019.pdf"
INITECH_FAX = "contracts/initech/renewal-fax.pdf"

LONG_CLAUSE = (
    "14.2 Subject to clause 14.1, the Supplier's total aggregate liability arising out of or in "
    "connection with this Agreement, whether in contract, tort (including negligence), breach of "
    "statutory duty or otherwise, shall not exceed an amount equal to the Charges paid by the "
    "Customer in the three (3) months immediately preceding the event giving rise to the claim, "
    "and the Supplier shall have no liability for any indirect or consequential loss howsoever "
    "arising, including loss of data, loss of profit or loss of goodwill."
)

# Checked contracts: (path, metadata, clauses as (category, section, page, text), findings as
# (rule_id, title, severity, area, section, start, message, evidence)).
CONTRACTS: list[dict[str, Any]] = [
    {
        "path": ACME_MSA,
        "format": "pdf",
        "pages": 12,
        "counterparty": "Acme Hosting Ltd",
        "contract_type": "msa",
        "owner": "J. Okafor",
        "signed_date": "2021-03-15",
        "metadata": {"region": "EMEA", "_ocr_requested": False},
        "clauses": [
            (
                "sla",
                "5.1",
                3,
                "5.1 The Supplier shall make the Hosted Service available 99.5% of each month.",
            ),
            (
                "confidentiality",
                "12.1",
                7,
                "12.1 Each party shall keep the other's Confidential Information secret.",
            ),
            ("limitation_of_liability", "14.2", 8, LONG_CLAUSE),
            ("termination_for_cause", "17.1", 10, "17.1 Either party may terminate for material breach."),
            (
                "governing_law",
                "20.1",
                12,
                "20.1 This Agreement is governed by the laws of England and Wales.",
            ),
        ],
        "findings": [
            (
                "LIA-004",
                "The supplier's cap is not trivially low",
                "warning",
                "liability",
                "14.2",
                900,
                "The liability cap is three months' charges.",
                "the Charges paid by the Customer in the three (3) months",
            ),
            (
                "DP-008",
                "Personal data breaches must be notified to the customer",
                "error",
                "data_protection",
                None,
                None,
                "No clause requires the supplier to notify personal data breaches.",
                None,
            ),
            (
                "BCP-001",
                "A business continuity and disaster recovery plan is required",
                "error",
                "continuity",
                None,
                None,
                "No business continuity plan is required.",
                None,
            ),
        ],
    },
    {
        "path": GLOBEX_DPA,
        "format": "docx",
        "pages": None,
        "counterparty": "Globex Data GmbH",
        "contract_type": "dpa",
        "owner": "M. Svensson",
        "signed_date": "2022-06-01",
        "metadata": {},
        "clauses": [
            (
                "data_protection",
                "2.1",
                None,
                "2.1 The Processor shall process Personal Data only on documented instructions.",
            ),
            (
                "subprocessors",
                "4.1",
                None,
                "4.1 The Processor shall not engage another processor without consent.",
            ),
            (
                "data_protection",
                "5.3",
                None,
                "5.3 The Processor shall assist the Controller with impact assessments.",
            ),
            (
                "confidentiality",
                "6.1",
                None,
                "6.1 Persons authorised to process the data are bound by confidentiality.",
            ),
            ("governing_law", "11", None, "11. This DPA is governed by German law."),
        ],
        "findings": [
            (
                "COM-004",
                "Payment period is at least thirty days",
                "info",
                "commercial",
                "9.2",
                400,
                "Invoices are payable within fourteen days.",
                "payable within fourteen (14) days",
            ),
            (
                "LIA-004",
                "The supplier's cap is not trivially low",
                "warning",
                "liability",
                "8.1",
                300,
                "The liability cap is EUR 10,000.",
                "shall not exceed EUR 10,000",
            ),
        ],
    },
    {
        "path": GLOBEX_SOW,
        "format": "pdf",
        "pages": 4,
        "ocr": True,
        "ocr_confidence": 91.5,
        "counterparty": "Globex Data GmbH",
        "contract_type": "sow",
        "owner": None,
        "signed_date": None,
        "metadata": {"project": "Service desk"},
        "clauses": [
            ("sla", "3.1", 1, "3.1 Priority 1 incidents shall be resolved within four hours."),
            ("service_credits", "3.4", 2, "3.4 Service credits apply as set out in the table below."),
            ("payment_terms", "6.1", 3, "6.1 The Customer shall pay each invoice within thirty days."),
            ("governing_law", "9", 4, "9. The governing law of the Framework Agreement applies."),
        ],
        "findings": [
            (
                "LIA-004",
                "The supplier's cap is not trivially low",
                "warning",
                "liability",
                "7.1",
                700,
                "The liability cap is the fees of one month.",
                "one month's fees",
            ),
            (
                "DP-008",
                "Personal data breaches must be notified to the customer",
                "error",
                "data_protection",
                None,
                None,
                "No clause requires the supplier to notify personal data breaches.",
                None,
            ),
            (
                "LIA-004",
                "The supplier's cap is not trivially low",
                "warning",
                "liability",
                "7.3",
                800,
                "A second cap applies to data losses.",
                "limited to EUR 5,000",
            ),
            (
                "BCP-001",
                "A business continuity and disaster recovery plan is required",
                "error",
                "continuity",
                None,
                None,
                "No business continuity plan is required.",
                None,
            ),
        ],
    },
]

UNCHECKED: list[dict[str, Any]] = [
    {
        "path": INITECH_MSA,
        "status": "failed",
        "error_code": "encrypted",
        "error_message": "the PDF is encrypted and no password was given",
        "counterparty": "Initech Outsourcing plc",
        "contract_type": "msa",
    },
    {
        "path": INITECH_FAX,
        "status": "needs_ocr",
        "error_code": "no_text_layer",
        "error_message": "the PDF has no text layer (a scanned document)",
        "counterparty": None,
        "contract_type": None,
    },
]

WHEN = dt.datetime(2024, 5, 2, 9, 30, tzinfo=dt.UTC)


def _run(engine: Engine) -> int:
    with engine.begin() as connection:
        result = connection.execute(
            insert(runs).values(
                started_at=WHEN,
                finished_at=WHEN + dt.timedelta(minutes=3),
                status="finished",
                engine="local",
                workers=4,
                profile="default",
                ruleset_version="3f2a9c1d7e6b5a40",
                model_version="m-2024.04",
                checker_version="0.9.0",
                sources=["contracts/"],
                documents_seen=5,
                documents_checked=3,
                documents_skipped=0,
                documents_failed=2,
            )
        )
        return int(result.inserted_primary_key[0])


def _document(engine: Engine, run_id: int, spec: dict[str, Any], status: str = "checked") -> int:
    values = {
        "path": spec["path"],
        "status": spec.get("status", status),
        "format": spec.get("format"),
        "pages": spec.get("pages"),
        "error_code": spec.get("error_code"),
        "error_message": spec.get("error_message"),
        "ocr": spec.get("ocr", False),
        "ocr_confidence": spec.get("ocr_confidence"),
        "counterparty": spec.get("counterparty"),
        "contract_type": spec.get("contract_type"),
        "owner": spec.get("owner"),
        "signed_date": spec.get("signed_date"),
        "metadata": spec.get("metadata", {}),
        "run_id": run_id,
        "checked_at": WHEN + dt.timedelta(minutes=1),
        "attempts": 1,
    }
    with engine.begin() as connection:
        document_id = int(connection.execute(insert(documents).values(**values)).inserted_primary_key[0])
        clause_rows = [
            {
                "document_id": document_id,
                "category": category,
                "section": section,
                "heading": None,
                "page": page,
                "start_offset": 100 * number,
                "end_offset": 100 * number + len(text),
                "confidence": 0.9 - 0.05 * number,
                "text": text,
            }
            for number, (category, section, page, text) in enumerate(spec.get("clauses", []))
        ]
        if clause_rows:
            connection.execute(insert(clauses), clause_rows)
        finding_rows = [
            {
                "document_id": document_id,
                "rule_id": rule_id,
                "title": title,
                "severity": severity,
                "area": area,
                "message": message,
                "section": section,
                "page": None,
                "start_offset": start,
                "end_offset": None if start is None else start + 40,
                "evidence": evidence,
                "fingerprint": f"{rule_id}-{document_id}-{start}",
            }
            for rule_id, title, severity, area, section, start, message, evidence in spec.get("findings", [])
        ]
        if finding_rows:
            connection.execute(insert(findings), finding_rows)
    return document_id


def build_store(engine: Engine, extra: Sequence[dict[str, Any]] = ()) -> Engine:
    run_id = _run(engine)
    for spec in [*CONTRACTS, *UNCHECKED, *extra]:
        _document(engine, run_id, spec)
    return engine


@pytest.fixture(scope="module")
def rules() -> Any:
    return prepare_rules(RuleOptions())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Engine]:
    engine = build_store(open_store(str(tmp_path / "a.sqlite")))
    yield engine
    engine.dispose()


@pytest.fixture
def summary(store: Engine, rules: Any) -> dict[str, Any]:
    return portfolio_summary(store, rules=rules)


def _by(items: Sequence[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {item[key]: item for item in items}


# --- the summary ----------------------------------------------------------------------------


def test_summary_totals(summary: dict[str, Any]) -> None:
    assert summary["schema_version"] == SCHEMA_VERSION
    assert summary["totals"] == {
        "documents": 5,
        "by_status": {"checked": 3, "failed": 1, "needs_ocr": 1},
        "ocr": 1,
        "findings": 9,
        "by_severity": {"error": 4, "warning": 4, "info": 1},
        "documents_with_findings": 3,
        "documents_with_errors": 2,
        "average_findings": 3.0,
        "clauses": 14,
        "average_categories_found": 4.33,  # 5 + 4 (data_protection twice) + 4 categories over 3
    }
    assert summary["run"]["runs"] == 1
    assert summary["run"]["ruleset_version"] == "3f2a9c1d7e6b5a40"


def test_missing_protections_are_ranked_with_counts_shares_and_model_clauses(
    summary: dict[str, Any], rules: Any
) -> None:
    missing = summary["missing_protections"]
    assert [(item["rule_id"], item["documents"], item["findings"], item["share"]) for item in missing] == [
        ("LIA-004", 3, 4, 1.0),  # twice in the statement of work: one contract, two findings
        ("BCP-001", 2, 2, 0.6667),  # ties on contracts and findings break on the rule id
        ("DP-008", 2, 2, 0.6667),
        ("COM-004", 1, 1, 0.3333),
    ]
    dp = _by(missing, "rule_id")["DP-008"]
    rule = rules.rules.get("DP-008")
    assert dp["title"] == "Personal data breaches must be notified to the customer"
    assert (dp["severity"], dp["area"], dp["area_name"]) == ("error", "data_protection", "Data protection")
    assert dp["model_clause"] == rule.remediation and dp["model_clause"]
    assert dp["rationale"] == rule.rationale
    assert summary["top_protections"] == ["LIA-004", "BCP-001", "DP-008", "COM-004"]


def test_category_coverage_and_matrix(summary: dict[str, Any]) -> None:
    categories = _by(summary["categories"], "id")
    assert len(categories) == len(ordered_categories()) == 51
    assert (categories["governing_law"]["documents"], categories["governing_law"]["coverage"]) == (3, 1.0)
    assert (categories["confidentiality"]["documents"], categories["confidentiality"]["coverage"]) == (
        2,
        0.6667,
    )
    assert (categories["data_protection"]["documents"], categories["data_protection"]["coverage"]) == (
        1,
        0.3333,
    )
    assert (categories["exit_strategy"]["documents"], categories["exit_strategy"]["coverage"]) == (0, 0.0)
    assert categories["sla"]["group_name"] == "Service levels and performance"
    # Categories come grouped: each group's members are contiguous, groups in taxonomy order.
    groups = [category["group"] for category in summary["categories"]]
    assert groups == sorted(groups, key=[group["id"] for group in summary["groups"]].index)

    matrix = summary["coverage_matrix"]
    assert matrix["categories"] == [category["id"] for category in summary["categories"]]
    rows = _by(matrix["documents"], "path")
    assert list(rows) == [ACME_MSA, GLOBEX_DPA, GLOBEX_SOW]  # checked only, by path
    assert set(rows[GLOBEX_DPA]["found"]) == {
        "data_protection",
        "subprocessors",
        "confidentiality",
        "governing_law",
    }
    assert set(rows[GLOBEX_SOW]["found"]) == {"sla", "service_credits", "payment_terms", "governing_law"}


def test_breakdowns_by_counterparty_and_contract_type(summary: dict[str, Any]) -> None:
    by_counterparty = summary["by_counterparty"]
    assert [item["name"] for item in by_counterparty] == [
        "Globex Data GmbH",
        "Acme Hosting Ltd",
        "Initech Outsourcing plc",
        None,  # the scan has no counterparty in the manifest: listed last
    ]
    globex = by_counterparty[0]
    assert (globex["documents"], globex["checked"], globex["not_checked"], globex["findings"]) == (2, 2, 0, 6)
    assert globex["by_severity"] == {"error": 2, "warning": 3, "info": 1}
    assert globex["average_findings"] == 3.0
    assert [(m["rule_id"], m["documents"], m["share"]) for m in globex["missing"]] == [
        ("LIA-004", 2, 1.0),
        ("BCP-001", 1, 0.5),
        ("DP-008", 1, 0.5),
        ("COM-004", 1, 0.5),
    ]
    initech = by_counterparty[2]
    assert (initech["documents"], initech["checked"], initech["findings"], initech["average_findings"]) == (
        1,
        0,
        0,
        0.0,
    )

    by_type = _by(summary["by_contract_type"], "name")
    assert (by_type["msa"]["documents"], by_type["msa"]["checked"], by_type["msa"]["findings"]) == (2, 1, 3)
    assert [m["share"] for m in by_type["msa"]["missing"]] == [1.0, 1.0, 1.0, 0.0]
    assert (by_type["sow"]["findings"], by_type["dpa"]["findings"]) == (4, 2)
    assert by_type[None]["documents"] == 1


def test_not_checked_documents_carry_their_reasons(summary: dict[str, Any]) -> None:
    assert [
        (item["path"], item["status"], item["error_code"], item["reason"]) for item in summary["not_checked"]
    ] == [
        (INITECH_MSA, "failed", "encrypted", "the PDF is encrypted and no password was given"),
        (INITECH_FAX, "needs_ocr", "no_text_layer", "the PDF has no text layer (a scanned document)"),
    ]


def test_drill_down_has_metadata_findings_and_short_clause_excerpts(summary: dict[str, Any]) -> None:
    entries = _by(summary["documents"], "path")
    assert list(entries) == sorted(entries) and len(entries) == 5
    acme = entries[ACME_MSA]
    assert acme["metadata"] == {
        "counterparty": "Acme Hosting Ltd",
        "contract_type": "msa",
        "owner": "J. Okafor",
        "signed_date": "2021-03-15",
        "other": {"region": "EMEA"},  # internal keys (leading "_") are not manifest metadata
    }
    assert acme["counts"] == {"error": 2, "warning": 1, "info": 0}
    assert acme["categories_found"] == 5
    # Errors first; a missing protection has no location in the text.
    assert [(f["rule_id"], f["severity"], f["location"]) for f in acme["findings"]] == [
        ("DP-008", "error", "Whole document (no clause provides this)"),
        ("BCP-001", "error", "Whole document (no clause provides this)"),
        ("LIA-004", "warning", "Clause 14.2"),
    ]
    assert acme["findings"][2]["evidence"] == "the Charges paid by the Customer in the three (3) months"
    liability = next(c for c in acme["clauses"] if c["category"] == "limitation_of_liability")
    assert (liability["section"], liability["page"], liability["confidence"]) == ("14.2", 8, 0.8)
    assert len(liability["excerpt"]) <= EXCERPT_CHARS and liability["excerpt"].endswith("…")
    assert LONG_CLAUSE.startswith(liability["excerpt"][:-1])
    sow = entries[GLOBEX_SOW]
    assert (sow["ocr"], sow["ocr_confidence"], sow["metadata"]["other"]) == (
        True,
        91.5,
        {"project": "Service desk"},
    )
    failed = entries[INITECH_MSA]
    assert (failed["status"], failed["reason"], failed["findings"], failed["clauses"]) == (
        "failed",
        "the PDF is encrypted and no password was given",
        [],
        [],
    )


def _comparable(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary without timestamps, which SQLite returns naive and PostgreSQL with a zone."""
    copy = json.loads(json.dumps(summary))
    copy["run"] = {key: value for key, value in copy["run"].items() if not key.endswith("_at")}
    for entry in copy["documents"]:
        entry["checked_at"] = None
    return copy


def test_postgresql_gives_the_same_summary_as_sqlite(
    postgres_store_url: str, summary: dict[str, Any], rules: Any
) -> None:
    engine = build_store(open_store(postgres_store_url))
    try:
        on_postgres = portfolio_summary(engine, rules=rules)
        html = render_audit_report(engine, "html", rules=rules)
    finally:
        engine.dispose()
    assert _comparable(on_postgres) == _comparable(summary)
    assert html.count(b"<svg") == 3


def test_shorten_folds_whitespace_and_cuts_at_a_word() -> None:
    assert shorten("a  short\nclause", 300) == "a short clause"
    cut = shorten("word " * 100, 40)
    assert cut is not None and len(cut) <= 40 and cut.endswith("word…")
    # A prefix read with substr(text, 1, limit + 1) is known to continue even after folding.
    assert shorten("x" * 10 + " " * 5, 14) == "x" * 10 + "…"
    assert shorten(None, 10) is None


def test_default_rules_are_the_bundled_ones(store: Engine, summary: dict[str, Any]) -> None:
    assert portfolio_summary(store) == summary


def test_rules_given_as_active_rules_and_unknown_rules(store: Engine, rules: Any) -> None:
    only = [active for active in rules.active if active.rule.id == "LIA-004"]
    missing = _by(portfolio_summary(store, rules=only)["missing_protections"], "rule_id")
    assert missing["LIA-004"]["model_clause"] == rules.rules.get("LIA-004").remediation
    # A rule the given rule set does not know keeps its stored title but has no model clause.
    assert missing["DP-008"]["model_clause"] is None and missing["DP-008"]["title"]


def test_empty_store_renders_every_format(tmp_path: Path, rules: Any) -> None:
    engine = open_store(str(tmp_path / "empty.sqlite"))
    summary = portfolio_summary(engine, rules=rules)
    assert summary["totals"]["documents"] == 0 and summary["run"] is None
    assert summary["missing_protections"] == [] and summary["coverage_matrix"]["documents"] == []
    for fmt in FORMATS:
        assert render_audit_report(engine, fmt, rules=rules)
    engine.dispose()


def test_unknown_format_is_refused(store: Engine, rules: Any) -> None:
    with pytest.raises(ValueError, match="unknown audit report format 'pdf'"):
        render_audit_report(store, "pdf", rules=rules)


# --- JSON -----------------------------------------------------------------------------------


def test_json_is_the_summary_with_a_stable_key_order(
    store: Engine, rules: Any, summary: dict[str, Any]
) -> None:
    data = render_audit_report(store, "json", rules=rules)
    parsed = json.loads(data.decode("utf-8"))
    assert parsed == summary
    assert next(iter(parsed)) == "schema_version"
    assert list(parsed) == list(summary)
    assert render_audit_report(store, "json", rules=rules) == data  # same store, same bytes


# --- CSV ------------------------------------------------------------------------------------


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_has_one_row_per_document_and_the_coverage_matrix(store: Engine, rules: Any) -> None:
    rows = _csv(render_audit_report(store, "csv", rules=rules))
    ids = [category.id for category in ordered_categories()]
    assert list(rows[0]) == [*CSV_COLUMNS, *ids]
    by_path = _by(rows, "path")
    assert list(by_path) == [ACME_MSA, GLOBEX_DPA, GLOBEX_SOW, INITECH_MSA, INITECH_FAX]
    acme = by_path[ACME_MSA]
    assert (acme["counterparty"], acme["contract_type"], acme["owner"], acme["signed_date"]) == (
        "Acme Hosting Ltd",
        "msa",
        "J. Okafor",
        "2021-03-15",
    )
    assert (acme["status"], acme["error_code"], acme["ocr"]) == ("checked", "", "0")
    assert (acme["errors"], acme["warnings"], acme["info"]) == ("2", "1", "0")
    assert [category for category in ids if acme[category] == "1"] == [
        category for category in ids if category in {"sla", "confidentiality", "limitation_of_liability",
                                                     "termination_for_cause", "governing_law"}
    ]  # fmt: skip
    assert all(acme[category] in ("0", "1") for category in ids)
    assert by_path[GLOBEX_SOW]["ocr"] == "1"
    assert by_path[GLOBEX_DPA]["data_protection"] == "1" and by_path[GLOBEX_DPA]["sla"] == "0"
    # Nothing is known about an unchecked contract: empty cells, never zeros.
    failed = by_path[INITECH_MSA]
    assert (failed["status"], failed["error_code"]) == ("failed", "encrypted")
    assert failed["errors"] == "" and all(failed[category] == "" for category in ids)
    assert by_path[INITECH_FAX]["status"] == "needs_ocr"


def test_spreadsheet_formulas_in_store_values_stay_text(tmp_path: Path, rules: Any) -> None:
    formula = '=HYPERLINK("http://evil.example","x")'
    engine = open_store(str(tmp_path / "f.sqlite"))
    run_id = _run(engine)
    _document(
        engine, run_id, {**CONTRACTS[0], "counterparty": formula, "findings": CONTRACTS[0]["findings"][:1]}
    )
    rows = _csv(render_audit_report(engine, "csv", rules=rules))
    assert rows[0]["counterparty"] == "'" + formula
    workbook = openpyxl.load_workbook(io.BytesIO(render_audit_report(engine, "xlsx", rules=rules)))
    cell = workbook["Coverage"]["B2"]
    assert (cell.value, cell.data_type) == (formula, "s")
    assert workbook["Findings"]["B2"].data_type == "s"
    engine.dispose()


# --- XLSX -----------------------------------------------------------------------------------


def _sheet_rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_has_every_sheet_with_the_figures(store: Engine, rules: Any) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(render_audit_report(store, "xlsx", rules=rules)))
    assert workbook.sheetnames == [
        "Summary",
        "Coverage",
        "Missing protections",
        "By counterparty",
        "By contract type",
        "Findings",
        "Not checked",
    ]
    figures = {row[0]: row[1] for row in _sheet_rows(workbook["Summary"]) if row and row[0]}
    assert figures["Contracts in the store"] == 5
    assert (figures["Status: checked"], figures["Status: failed"], figures["Status: needs ocr"]) == (3, 1, 1)
    assert (figures["Findings"], figures["Findings: Error"]) == (9, 4)
    assert figures["Governing law"] == "Law and disputes"  # the coverage table below the figures

    coverage = workbook["Coverage"]
    header = _sheet_rows(coverage)[0]
    names = [category.name for category in ordered_categories()]
    assert header == ("Contract", "Counterparty", "Contract type", *names)
    assert coverage.freeze_panes == "D2"
    rows = {row[0]: row for row in _sheet_rows(coverage)[1:]}
    assert list(rows) == [ACME_MSA, GLOBEX_DPA, GLOBEX_SOW]
    dpa = dict(zip(header, rows[GLOBEX_DPA], strict=True))
    assert (dpa["Data protection"], dpa["Sub-processors"], dpa["Service levels"]) == (1, 1, 0)
    assert dpa["Counterparty"] == "Globex Data GmbH"
    formats = list(coverage.conditional_formatting)  # a fill for 1 and another for 0
    assert [str(item.sqref) for item in formats] == ["D2:BB4"]
    assert sorted(rule.formula[0] for rule in formats[0].rules) == ["0", "1"]

    missing = _sheet_rows(workbook["Missing protections"])
    assert missing[0][:8] == (
        "Rank",
        "Rule",
        "Protection",
        "Area",
        "Severity",
        "Contracts",
        "Share of checked",
        "Findings",
    )
    assert [row[1] for row in missing[1:]] == ["LIA-004", "BCP-001", "DP-008", "COM-004"]
    assert missing[1][5:8] == (3, 1.0, 4)
    assert missing[3][8] == rules.rules.get("DP-008").remediation
    assert workbook["Missing protections"]["G2"].number_format == "0%"

    by_counterparty = _sheet_rows(workbook["By counterparty"])
    assert by_counterparty[0][0] == "Counterparty" and by_counterparty[0][9].startswith("Missing LIA-004")
    assert by_counterparty[1][:5] == ("Globex Data GmbH", 2, 2, 0, 6)
    assert by_counterparty[-1][0] == "(not specified)"
    by_type = {row[0]: row for row in _sheet_rows(workbook["By contract type"])[1:]}
    assert by_type["msa"][:5] == ("msa", 2, 1, 1, 3)

    finding_rows = _sheet_rows(workbook["Findings"])[1:]
    assert len(finding_rows) == 9
    assert finding_rows[0][:6] == (
        ACME_MSA,
        "Acme Hosting Ltd",
        "msa",
        "DP-008",
        "Personal data breaches must be notified to the customer",
        "error",
    )
    not_checked = _sheet_rows(workbook["Not checked"])
    assert [row[:3] for row in not_checked[1:]] == [
        (INITECH_MSA, "failed", "encrypted"),
        (INITECH_FAX, "needs_ocr", "no_text_layer"),
    ]


# --- HTML -----------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _collect(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


@pytest.fixture
def hostile_page(tmp_path: Path, rules: Any) -> str:
    hostile = {
        **CONTRACTS[0],
        "path": f"contracts/{HOSTILE}.pdf",
        "counterparty": HOSTILE,
        "contract_type": "<img src=x onerror=alert(2)>",
        "metadata": {"note": "<b>bold</b>"},
        "clauses": [("governing_law", "1", 1, f"1. {HOSTILE} governs.")],
        "findings": [("LIA-004", "The supplier's cap is not trivially low", "warning", "liability", "1", 10,
                      f"Cap {HOSTILE}", f"evidence {HOSTILE}")],
    }  # fmt: skip
    engine = build_store(open_store(str(tmp_path / "h.sqlite")), extra=[hostile])
    page = render_audit_report(engine, "html", rules=rules).decode("utf-8")
    engine.dispose()
    return page


def test_html_is_self_contained(hostile_page: str) -> None:
    page = hostile_page
    assert page.startswith("<!DOCTYPE html>")
    collected = _collect(page)
    names = {tag for tag, _ in collected.tags}
    assert not names & {"script", "link", "iframe", "img", "object", "embed"}
    assert "<script src" not in page.lower() and "<link" not in page.lower()
    for tag, attributes in collected.tags:
        for name in ("src", "href", "xlink:href", "srcset", "action", "data", "poster", "background"):
            value = attributes.get(name, "").strip().lower()
            assert not re.match(r"^(https?:|//|data:|file:|javascript:)", value), (tag, name, value)
        if tag == "a":
            assert attributes["href"].startswith("#"), attributes
    css = "\n".join(collected.styles)
    assert css.strip() and "@import" not in css and "url(" not in css and "@font-face" not in css
    assert "url(" not in page
    # The only absolute URL is the SVG namespace, which names a vocabulary and is never fetched.
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}


def test_html_has_the_charts_matrix_and_an_anchor_per_contract(hostile_page: str) -> None:
    page = hostile_page
    collected = _collect(page)
    ids = {attributes["id"] for _, attributes in collected.tags if "id" in attributes}
    assert page.count("<svg") == 3
    assert {"chart-missing", "chart-coverage", "chart-counterparties", "matrix", "not-checked"} <= ids
    contracts = [
        attributes for tag, attributes in collected.tags if tag == "section" and "data-status" in attributes
    ]
    assert len(contracts) == 6 and len({attributes["id"] for attributes in contracts}) == 6
    # Every link lands somewhere; every checked contract's matrix row links to its section.
    targets = [attributes["href"][1:] for tag, attributes in collected.tags if tag == "a"]
    assert targets and all(target in ids for target in targets)
    checked = {attributes["id"] for attributes in contracts if attributes["data-status"] == "checked"}
    assert checked <= set(targets)
    # Category names head the matrix, under their taxonomy groups.
    assert "Notice to prevent renewal" in page and "Data protection and confidentiality" in page
    assert "Personal data breaches must be notified to the customer" in page
    assert "<details" in page and "Model clause" in page
    assert "the PDF is encrypted and no password was given" in page


def test_html_escapes_store_content(hostile_page: str) -> None:
    page = hostile_page
    names = {tag for tag, _ in _collect(page).tags}
    assert "script" not in names and "img" not in names and "b" not in names
    assert HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_one_contracts_drill_down_equals_its_entry_in_the_portfolio(
    store: Engine, rules: Any, summary: dict[str, Any]
) -> None:
    from checker.reports.audit_report import contract_drill_down

    for entry in summary["documents"]:
        drill_down = contract_drill_down(store, entry["id"], rules=rules)
        assert drill_down is not None and drill_down["document"] == entry
        by_rule = {item["rule_id"]: item for item in summary["missing_protections"]}
        for rule_id, texts in drill_down["rules"].items():
            assert texts == {
                "rationale": by_rule[rule_id]["rationale"],
                "model_clause": by_rule[rule_id]["model_clause"],
            }
    assert contract_drill_down(store, 10_000, rules=rules) is None
