from pathlib import Path

from checker.clauses import identify_clauses
from checker.parsers import parse_file


def test_clauses_carry_their_evidence(contracts_dir: Path) -> None:
    document = parse_file(contracts_dir / "managed-services-msa.pdf")
    clauses = identify_clauses(document)
    breach = [clause for clause in clauses if clause.category == "breach_notification"]
    assert breach
    for clause in clauses:
        assert document.text[clause.start : clause.end] == clause.text
        assert 0.5 <= clause.confidence <= 1.0
        assert clause.page is not None and clause.page >= 1
    assert any("48 hours" in clause.text for clause in breach)
