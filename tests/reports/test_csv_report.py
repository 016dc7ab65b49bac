import csv
import io
from pathlib import Path

import pytest

from checker.errors import EncryptedFileError
from checker.findings import Finding
from checker.limits import Limits
from checker.parsers.text import parse_text
from checker.reports.csv_report import COLUMNS, neutralise_formula, render_csv
from checker.rules.checks import Requires
from checker.rules.model import Rule
from checker.rules.options import RuleOptions, prepare_rules
from checker.rules.profiles import ActiveRule
from checker.runner import DocumentResult, RunOptions, run_in_process


def _active(rule_id: str, remediation: str) -> ActiveRule:
    rule = Rule(
        id=rule_id,
        title="Title",
        area="exit",
        severity="error",
        check=Requires(("exit",)),
        message="message",
        rationale="rationale",
        remediation=remediation,
        source=Path("pack.yaml"),
    )
    return ActiveRule(rule, "error", {})


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _results(tmp_path: Path) -> list[DocumentResult]:
    document = parse_text(b"1. FEES\n1.1 Vendor may change the Fees.\n", "a.txt", Limits())
    findings = [
        Finding(
            rule_id="COM-001",
            title="Fees are fixed",
            severity="warning",
            area="commercial",
            message='Fees change "at will",\nwith no cap.',
            section="1.1",
            page=3,
            start=8,
            end=40,
            evidence="1.1 Vendor may change the Fees.",
            remediation="The Charges are fixed.",
            fingerprint="abc123",
        ),
        Finding(
            rule_id="EXIT-001", title="Exit plan", severity="error", area="exit", message="No exit plan."
        ),
    ]
    return [
        DocumentResult(path=str(tmp_path / "deals" / "a.txt"), document=document, findings=findings),
        DocumentResult(path=str(tmp_path / "locked.pdf"), error=EncryptedFileError("encrypted PDF")),
    ]


def test_one_row_per_finding_and_per_unreadable_document(tmp_path: Path) -> None:
    text = render_csv(
        _results(tmp_path), [_active("EXIT-001", "The Supplier shall provide an exit plan.")], root=tmp_path
    )
    assert text.splitlines()[0] == ",".join(COLUMNS)
    first, second, locked = _rows(text)
    assert first == {
        "document": "deals/a.txt",
        "rule_id": "COM-001",
        "title": "Fees are fixed",
        "severity": "warning",
        "area": "commercial",
        "section": "1.1",
        "page": "3",
        "start": "8",
        "end": "40",
        "message": 'Fees change "at will",\nwith no cap.',
        "evidence": "1.1 Vendor may change the Fees.",
        "remediation": "The Charges are fixed.",
        "fingerprint": "abc123",
    }
    # A missing protection has no location; its model clause comes from the rule.
    assert (second["rule_id"], second["section"], second["page"], second["start"]) == ("EXIT-001", "", "", "")
    assert second["remediation"] == "The Supplier shall provide an exit plan."
    assert locked["document"] == "locked.pdf" and locked["rule_id"] == ""
    assert (locked["severity"], locked["message"]) == ("error", "encrypted PDF")
    assert locked["title"] == "Document could not be checked (encrypted)"


def test_formula_cells_are_neutralised(tmp_path: Path) -> None:
    results = _results(tmp_path)[:1]
    results[0].findings = [
        Finding(
            rule_id="COM-001",
            title="+cmd|' /C calc'!A0",
            severity="error",
            area="commercial",
            message='=HYPERLINK("http://e.vil","click")',
            evidence="-2+3",
            remediation="@SUM(A1)",
            section="\t=1+1",
        )
    ]
    (row,) = _rows(render_csv(results, [], root=tmp_path))
    assert row["message"] == '\'=HYPERLINK("http://e.vil","click")'
    assert row["title"] == "'+cmd|' /C calc'!A0"
    assert row["evidence"] == "'-2+3"
    assert row["remediation"] == "'@SUM(A1)"
    assert row["section"] == "'\t=1+1"


def test_a_hostile_file_name_is_neutralised_too(tmp_path: Path) -> None:
    result = DocumentResult(path=str(tmp_path / "=1+1.pdf"), error=EncryptedFileError("encrypted PDF"))
    (row,) = _rows(render_csv([result], [], root=tmp_path))
    assert row["document"] == "'=1+1.pdf"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=A1", "'=A1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("a=b", "a=b"), ("", ""), ("3.3", "3.3")],
)
def test_neutralise_formula(value: str, expected: str) -> None:
    assert neutralise_formula(value) == expected


def test_no_results_is_just_the_header() -> None:
    assert render_csv([], []) == ",".join(COLUMNS) + "\r\n"


@pytest.fixture(scope="module")
def real_run(contracts_dir: Path, bad_dir: Path) -> tuple[list[DocumentResult], tuple[ActiveRule, ...]]:
    prepared = prepare_rules(RuleOptions())
    paths = [str(contracts_dir / "thin-vendor-agreement.txt"), str(bad_dir / "empty.txt")]
    return list(run_in_process(paths, RunOptions())), prepared.active


def test_real_run_rows_match_the_findings(
    real_run: tuple[list[DocumentResult], tuple[ActiveRule, ...]], contracts_dir: Path
) -> None:
    results, rules = real_run
    rows = _rows(render_csv(results, rules, root=contracts_dir.parent.parent))
    findings = results[0].findings
    assert len(rows) == len(findings) + 1
    for row, finding in zip(rows, findings, strict=False):
        assert row["document"] == "fixtures/contracts/thin-vendor-agreement.txt"
        assert (row["rule_id"], row["fingerprint"]) == (finding.rule_id, finding.fingerprint)
        assert row["start"] == ("" if finding.start is None else str(finding.start))
        assert row["remediation"]
    text = results[0].document.text if results[0].document else ""
    located = next(row for row in rows if row["start"])
    assert text[int(located["start"]) : int(located["end"])].startswith(located["evidence"][:40])
    assert rows[-1]["document"] == "fixtures/bad/empty.txt" and rows[-1]["severity"] == "error"
