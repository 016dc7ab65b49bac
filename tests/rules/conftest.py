from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from checker.clauses import ClauseAnalysis, analyse_document
from checker.findings import Clause
from checker.limits import Limits
from checker.parsers import parse_bytes


def _analyse(text: str, clauses: list[tuple[str, str]] | None = None, name: str = "c.md") -> ClauseAnalysis:
    """Run the real pipeline; with ``clauses`` (category, quoted text) replace what the classifier found,
    so checks are tested independently of the model."""
    analysis = analyse_document(parse_bytes(text.encode(), name, Limits()))
    if clauses is not None:
        document_text = analysis.document.text
        analysis.clauses = []
        for category, quoted in clauses:
            start = document_text.index(quoted)
            analysis.clauses.append(
                Clause(category, quoted, "1.1", None, None, start, start + len(quoted), 0.9)
            )
    return analysis


@pytest.fixture
def analyse() -> Callable[..., ClauseAnalysis]:
    return _analyse


@pytest.fixture
def write_rules(tmp_path: Path) -> Callable[[list[dict]], Path]:
    """Write rule dictionaries as a pack file and return its path."""

    def write(rules: list[dict], name: str = "pack.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump({"rules": rules}, sort_keys=False))
        return path

    return write


def rule(rule_id: str = "TST-001", check: dict | None = None, **extra: object) -> dict:
    """A minimal valid rule dictionary."""
    data = {
        "id": rule_id,
        "title": "A test rule",
        "area": "sla",
        "severity": "error",
        "check": check or {"requires": "sla"},
        "message": "Something is missing: ${found}",
        "rationale": "Because tests need a rationale of some length.",
        "remediation": "The Supplier shall do the thing the test expects.",
        "tests": {
            "positive": [{"text": "# Services Agreement\n\n1. Fees are payable monthly."}],
            "negative": [{"text": "# Services Agreement\n\n1. Service levels apply."}],
        },
    }
    data.update(extra)
    return data
