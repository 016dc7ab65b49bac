from checker.document import DocumentFormat
from checker.limits import Limits
from checker.parsers.text import parse_text
from checker.training.cuad import label_document, load_cuad, locate_span

TEXT = b"""MASTER AGREEMENT

12. AUDIT
12.1 The Customer may audit the Supplier's books
and records once a year.

13. LAW
This Agreement is governed by the laws of the State of New York.
"""


def test_locate_span_is_whitespace_and_case_insensitive() -> None:
    haystack = "12.1 The Customer may audit the Supplier's books and records once a year."
    assert locate_span(haystack, "the customer may audit\nthe Supplier's  books") == [(5, 48)]
    pieces = locate_span(haystack, "The Customer may audit <omitted> records once a year")
    assert [haystack[a:b] for a, b in pieces] == ["The Customer may audit", "records once a year"]
    assert locate_span(haystack, "never appears in the text at all") == []


def test_label_document_maps_cuad_names_to_ranges() -> None:
    document = parse_text(TEXT, "a.txt", Limits())
    labels = {
        "Audit Rights": ["The Customer may audit the Supplier's books and records"],
        "Governing Law": [],
    }
    contract = label_document(
        "a", document, labels, {"audit_rights": ("Audit Rights",), "governing_law": ("Governing Law",)}
    )
    assert contract.present == {"audit_rights"}
    ((start, end),) = contract.spans["audit_rights"]
    assert document.text[start:end].replace("\n", " ").startswith("The Customer may audit")
    assert contract.spans["governing_law"] == []
    assert document.format is DocumentFormat.TEXT


def test_every_cuad_span_is_located(cuad_dir) -> None:
    contracts = list(load_cuad(cuad_dir, limit=25))
    assert len(contracts) == 25
    assert sum(contract.unlocated for contract in contracts) == 0
    assert all(
        "governing_law" in contract.present for contract in contracts if contract.spans["governing_law"]
    )
