"""The shipped pipeline on the project's fixtures: document-level behaviour the rules rely on."""

from pathlib import Path

import pytest

from checker.clauses import identify_clauses
from checker.limits import Limits
from checker.nlp.pipeline import chunks, classify_clause, load_pipeline, model_path
from checker.nlp.units import clause_units
from checker.parsers import parse_file
from checker.parsers.text import parse_text

OUTSOURCING_PROTECTIONS = {
    "sla", "service_credits", "kpi_reporting", "performance_review", "governance", "escalation",
    "change_control", "ip_ownership", "confidentiality", "data_protection", "breach_notification",
    "subprocessors", "international_transfer", "security", "business_continuity", "force_majeure",
    "termination_for_cause", "exit_strategy", "data_return", "dispute_resolution", "indemnification",
    "warranty", "subcontracting", "key_personnel", "step_in_rights", "benchmarking", "compliance_with_laws",
    "payment_terms", "audit_rights", "insurance", "limitation_of_liability", "governing_law",
}  # fmt: skip
THIN_VENDOR_LACKS = {
    "sla", "service_credits", "kpi_reporting", "performance_review", "governance", "escalation",
    "change_control", "data_protection", "breach_notification", "security", "business_continuity",
    "exit_strategy", "audit_rights", "step_in_rights", "benchmarking", "key_personnel",
}  # fmt: skip


def _categories(path: Path) -> set[str]:
    return {clause.category for clause in identify_clauses(parse_file(path))}


@pytest.mark.parametrize("name", ["managed-services-msa.docx", "managed-services-msa.pdf"])
def test_complete_msa_has_every_outsourcing_protection(contracts_dir: Path, name: str) -> None:
    assert OUTSOURCING_PROTECTIONS - _categories(contracts_dir / name) == set()


@pytest.mark.parametrize(
    "name", ["thin-vendor-agreement.docx", "thin-vendor-agreement.pdf", "thin-vendor-agreement.txt"]
)
def test_thin_vendor_agreement_lacks_what_it_lacks(contracts_dir: Path, name: str) -> None:
    found = _categories(contracts_dir / name)
    assert found & THIN_VENDOR_LACKS == set()
    assert {"governing_law", "limitation_of_liability", "payment_terms", "confidentiality"} <= found


def test_dpa_has_the_processor_terms(contracts_dir: Path) -> None:
    found = _categories(contracts_dir / "data-processing-agreement.docx")
    assert {
        "data_protection",
        "breach_notification",
        "subprocessors",
        "international_transfer",
        "security",
    } <= found


def test_pipeline_is_loaded_from_the_package_without_downloads() -> None:
    nlp = load_pipeline()
    assert (model_path() / "config.cfg").is_file()
    assert nlp.pipe_names == ["clause_segmenter", "contract_values", "clause_classifier"]
    assert len(nlp.get_pipe("clause_classifier").labels) >= 51
    size = sum(path.stat().st_size for path in model_path().rglob("*") if path.is_file())
    assert size < 25 * 1024 * 1024


def test_plain_text_call_works_like_any_spacy_pipeline() -> None:
    doc = load_pipeline()("This Agreement shall be governed by the laws of England and Wales.")
    assert {span.label_ for span in doc.spans["clauses"]} >= {"governing_law"}
    assert any(span.label_ == "JURISDICTION" for span in doc.spans["values"])


def test_long_contracts_are_chunked_between_units() -> None:
    text = "\n".join(
        f"{n}. CLAUSE {n}\n{n}.1 The Supplier shall keep records of item {n}." for n in range(1, 200)
    )
    document = parse_text(text.encode(), "long.txt", Limits())
    units = clause_units(document)
    pieces = chunks(document, units, max_chars=500)
    assert len(pieces) > 5
    assert [unit for piece in pieces for unit in piece.units] == units
    assert all(piece.units[-1].end - piece.offset <= 500 for piece in pieces)


def test_saved_tokenizer_is_the_default_one_the_loader_skips() -> None:
    import spacy
    from spacy.tokenizer import Tokenizer

    saved = Tokenizer(spacy.blank("en").vocab).from_disk(model_path() / "tokenizer", exclude=["vocab"])
    default = spacy.blank("en").tokenizer
    assert saved.to_bytes(exclude=["vocab"]) == default.to_bytes(exclude=["vocab"])
    assert load_pipeline().tokenizer.to_bytes(exclude=["vocab"]) == default.to_bytes(exclude=["vocab"])


def test_classify_clause_labels_one_clause_under_its_heading() -> None:
    nlp = load_pipeline()
    audit = "The Customer may audit the Supplier's records relating to the Services once in each year."
    assert "audit_rights" in classify_clause(nlp, audit, "Audit Rights")
    definition = '"Service Levels" means the service levels set out in Schedule 2.'
    assert classify_clause(nlp, definition, "Definitions") == set()
