"""The review page's view of a document: blocks cut into pieces carrying clauses and findings."""

from __future__ import annotations

from checker.document import BlockKind, DocumentFormat, RawBlock, TableCellRef
from checker.findings import Clause, Finding
from checker.structure import build_document
from checker.web.views import BlockView, TableView, build_review


def _document():
    blocks = [
        RawBlock(BlockKind.HEADING, "Services Agreement", heading_level=1),
        RawBlock(BlockKind.PARAGRAPH, "1.1 The Supplier shall pay the fees within thirty days."),
        RawBlock(BlockKind.TABLE_CELL, "Plan", table_cell=TableCellRef(0, 0, 0)),
        RawBlock(BlockKind.TABLE_CELL, "Fee", table_cell=TableCellRef(0, 0, 1)),
        RawBlock(BlockKind.TABLE_CELL, "Basic", table_cell=TableCellRef(0, 1, 0)),
        RawBlock(BlockKind.TABLE_CELL, "100", table_cell=TableCellRef(0, 1, 1)),
        RawBlock(BlockKind.PARAGRAPH, "1.2 Either party may terminate."),
    ]
    return build_document(blocks, path="c.txt", format=DocumentFormat.TEXT, content=b"x", pages=None)


def _clause(document, text: str, category: str) -> Clause:
    start = document.text.index(text)
    return Clause(category, text, None, None, None, start, start + len(text), 0.9)


def test_overlapping_clauses_and_evidence_become_pieces() -> None:
    document = _document()
    paragraph = "1.1 The Supplier shall pay the fees within thirty days."
    clauses = [_clause(document, paragraph, "payment_terms"), _clause(document, paragraph, "sla")]
    evidence = "within thirty days"
    start = document.text.index(evidence)
    findings = [
        Finding(
            "COM-004", "Payment period", "warning", "commercial", "too short", start=start, end=start + 18
        ),
        Finding("SLA-001", "No service levels", "error", "sla", "missing"),
    ]
    review = build_review("c.txt", document, clauses, findings, (), "outsourcing")

    title, body, table, last = review.items
    assert isinstance(title, BlockView) and title.title
    assert isinstance(table, TableView)
    assert [[cell.pieces[0].text for cell in row] for row in table.rows] == [
        ["Plan", "Fee"],
        ["Basic", "100"],
    ]
    assert isinstance(body, BlockView)
    texts = [piece.text for piece in body.pieces]
    assert "".join(texts) == paragraph
    assert texts[-2:] == [evidence, "."]
    region = body.pieces[0].region
    assert region is not None and region.categories == ("payment_terms", "sla")
    assert region.label == "Payment terms · Service levels"
    marked = body.pieces[-2]
    assert body.pieces[0].region_starts and not marked.region_starts
    assert marked.region is region and marked.findings == (0,) and marked.anchors == (0,)
    assert marked.severity == "warning" and marked.rule_ids == "COM-004"
    assert body.pieces[-1].findings == ()
    assert isinstance(last, BlockView) and last.pieces[0].region is None

    assert [group.severity for group in review.severity_groups] == ["error", "warning"]
    missing = review.severity_groups[0].areas[0].findings[0]
    assert not missing.located and missing.location == "Missing from the contract"
    assert review.counts == {"error": 1, "warning": 1, "info": 0}
    assert [category.category for category in review.categories] == ["sla", "payment_terms"]  # taxonomy order


def test_out_of_range_offsets_are_ignored() -> None:
    document = _document()
    clauses = [Clause("sla", "x", None, None, None, 5, 10_000, 0.9)]
    findings = [Finding("X-1", "t", "info", "sla", "m", start=9_000, end=9_010)]
    review = build_review("c.txt", document, clauses, findings, (), "outsourcing")
    assert review.clause_count == 0
    assert not review.severity_groups[0].areas[0].findings[0].located
