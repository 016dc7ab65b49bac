from pathlib import Path

import jsonschema

from checker.errors import NoTextLayerError
from checker.findings import Finding
from checker.limits import Limits
from checker.parsers.text import parse_text
from checker.reports.json_report import build_report
from checker.runner import DocumentResult, RunOptions, run_in_process


def test_report_with_a_finding_and_an_error_validates(report_schema: dict) -> None:
    document = parse_text(b"1. TERM\n1.1 One year.\n", "a.txt", Limits())
    finding = Finding(
        rule_id="EXIT-001", title="No exit plan", severity="error", area="exit", message="missing"
    )
    results = [
        DocumentResult(path="a.txt", document=document, findings=[finding]),
        DocumentResult(path="scan.pdf", error=NoTextLayerError("no text layer: run OCR first")),
    ]
    report = build_report(results)
    jsonschema.validate(report, report_schema)
    assert report["summary"] == {
        "documents": 2,
        "checked": 1,
        "failed": 1,
        "clauses": 0,
        "findings": 1,
        "by_severity": {"error": 1, "warning": 0, "info": 0},
    }
    assert report["documents"][1]["error"] == {
        "code": "no_text_layer",
        "message": "no text layer: run OCR first",
    }


def test_schema_rejects_a_document_without_required_fields(report_schema: dict) -> None:
    report = build_report([])
    report["documents"].append({"path": "x"})
    validator = jsonschema.Draft202012Validator(report_schema)
    assert list(validator.iter_errors(report))


def test_report_validates_for_every_fixture_contract(report_schema: dict, contracts_dir: Path) -> None:
    paths = sorted(str(path) for path in contracts_dir.iterdir())
    assert len(paths) >= 7
    report = build_report(run_in_process(paths, RunOptions()))
    jsonschema.validate(report, report_schema)
    for document in report["documents"]:
        assert document["error"] is None, document["path"]
        assert document["clauses"], document["path"]
        for clause in document["clauses"]:
            assert document["text"][clause["start"] : clause["end"]] == clause["text"]
