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
