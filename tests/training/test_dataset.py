from pathlib import Path

import pytest

from checker.limits import Limits
from checker.parsers.text import parse_text
from checker.training.cuad import LabelledContract
from checker.training.dataset import UNKNOWN, WEAK_POSITIVES, _contract_labels, load_examples

CATEGORIES = ["audit_rights", "indemnification", "payment_terms", "security"]


def _contract(spans: dict[str, list[tuple[int, int]]]) -> LabelledContract:
    document = parse_text(b"Placeholder contract.", "contract.txt", Limits())
    return LabelledContract(id="c", document=document, spans=spans)


def test_cuad_units_are_positive_when_mostly_covered_and_unknown_when_partly() -> None:
    contract = _contract({"audit_rights": [(0, 100)]})
    assert _contract_labels(CATEGORIES, contract, (0, 90), "Customer may audit.")[0] == 1
    assert _contract_labels(CATEGORIES, contract, (80, 400), "Customer may audit.")[0] == UNKNOWN
    assert _contract_labels(CATEGORIES, contract, (500, 600), "Customer may audit.")[0] == 0


def test_outsourcing_categories_are_negative_unless_screened_or_unmistakable() -> None:
    contract = _contract({"audit_rights": []})
    plain = _contract_labels(CATEGORIES, contract, (0, 10), "This Agreement is governed by Delaware law.")
    assert plain[1:].tolist() == [0, 0, 0]
    screened = _contract_labels(CATEGORIES, contract, (0, 10), "The indemnity in Section 9 survives.")
    assert screened[1] == UNKNOWN
    indemnity = "Each Party agrees to indemnify, defend and hold harmless the other Party from all claims."
    assert _contract_labels(CATEGORIES, contract, (0, 10), indemnity)[1] == 1
    invoice = "Licensee shall pay each invoice within thirty (30) days of receipt."
    assert _contract_labels(CATEGORIES, contract, (0, 10), invoice)[2] == 1


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("indemnification", "The indemnified party shall give prompt notice of any claim."),
        ("warranty", "The warranties in Section 7 survive termination."),
        ("payment_terms", "Each party bears its own costs."),
        ("compliance_with_laws", "Nothing here requires a party to break the law."),
    ],
)
def test_weak_positives_need_the_clause_itself_not_a_mention(category: str, text: str) -> None:
    assert not WEAK_POSITIVES[category].search(text)


def test_examples_load_with_normalised_spaces(tmp_path: Path) -> None:
    (tmp_path / "set.yaml").write_text(
        'examples:\n  - labels: [sla]\n    heading: Availability\n    text: "99.9%   uptime\\n per month"\n',
        encoding="utf-8",
    )
    [example] = load_examples(tmp_path)
    assert example.labels == ("sla",) and example.heading == "Availability"
    assert example.text == "99.9% uptime per month"
