from checker.clauses import identify_clauses
from checker.errors import EncryptedFileError
from checker.limits import Limits
from checker.parsers.text import parse_text
from checker.reports.text_report import render_check, render_clauses, render_parse
from checker.runner import DocumentResult


def _results() -> list[DocumentResult]:
    text = b"1. LAW\n1.1 This Agreement is governed by the laws of England and Wales.\n"
    document = parse_text(text, "a.txt", Limits())
    return [
        DocumentResult(path="a.txt", document=document, clauses=identify_clauses(document)),
        DocumentResult(path="locked.pdf", error=EncryptedFileError("encrypted PDF: supply the password")),
    ]


def test_check_rendering_names_every_document_and_the_totals() -> None:
    text = render_check(_results())
    assert "a.txt (text, " in text and "governing_law" in text
    assert "locked.pdf: not checked: encrypted PDF" in text
    assert text.rstrip().endswith("2 document(s): 1 checked, 1 not checked, 0 finding(s)")


def test_parse_rendering_shows_blocks_and_the_section_tree() -> None:
    text = render_parse(_results())
    assert "-- blocks" in text and "-- sections" in text
    assert "1.1" in text.split("-- sections")[1]


def test_clause_table_lists_section_category_and_evidence() -> None:
    text = render_clauses(_results())
    assert "governing_law" in text and "1.1" in text and "This Agreement is governed" in text


def test_findings_are_coloured_for_terminals_and_plain_in_files(tmp_path) -> None:
    from click.testing import CliRunner

    from checker.cli import main

    contract = tmp_path / "a.txt"
    contract.write_text(
        "MANAGED SERVICES AGREEMENT\n\n1. SERVICES\n1.1 The Supplier shall provide the Services.\n"
    )
    arguments = ["check", "--no-config", "--select", "SLA-001", str(contract)]
    coloured = CliRunner().invoke(main, arguments, color=True)
    assert "\x1b[31m" in coloured.stdout and "SLA-001" in coloured.stdout
    piped = CliRunner().invoke(main, arguments)
    assert "\x1b[" not in piped.stdout and "SLA-001" in piped.stdout
    output = tmp_path / "report.txt"
    CliRunner().invoke(main, [*arguments, "--output", str(output)], color=True)
    assert "\x1b[" not in output.read_text() and "SLA-001" in output.read_text()
