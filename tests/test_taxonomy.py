import json

import pytest

from checker.schema_validation import SchemaError
from checker.taxonomy import load_taxonomy, parse_taxonomy

REQUIRED_IDS = [
    "governing_law",
    "renewal",
    "renewal_notice",
    "most_favored_nation",
    "non_compete",
    "exclusivity",
    "non_solicitation",
    "termination_for_convenience",
    "change_of_control",
    "assignment",
    "minimum_commitment",
    "ip_assignment",
    "joint_ip",
    "license_grant",
    "source_code_escrow",
    "post_termination",
    "audit_rights",
    "uncapped_liability",
    "limitation_of_liability",
    "liquidated_damages",
    "warranty_duration",
    "insurance",
    "third_party_beneficiary",
    "sla",
    "service_credits",
    "kpi_reporting",
    "performance_review",
    "governance",
    "escalation",
    "change_control",
    "ip_ownership",
    "confidentiality",
    "data_protection",
    "breach_notification",
    "subprocessors",
    "international_transfer",
    "security",
    "business_continuity",
    "force_majeure",
    "termination_for_cause",
    "exit_strategy",
    "data_return",
    "dispute_resolution",
    "indemnification",
    "warranty",
    "subcontracting",
    "key_personnel",
    "step_in_rights",
    "benchmarking",
    "compliance_with_laws",
    "payment_terms",
]


def test_taxonomy_has_every_required_id() -> None:
    taxonomy = load_taxonomy()
    assert set(REQUIRED_IDS) <= set(taxonomy.ids)
    assert taxonomy["governing_law"].cuad == ("Governing Law",)


def test_cuad_names_match_the_dataset_mapping(cuad_dir) -> None:
    mapping = json.loads((cuad_dir / "category_map.json").read_text())
    mapping.pop("_about", None)
    taxonomy = load_taxonomy()
    assert {category.id: list(category.cuad) for category in taxonomy.cuad_aligned} == mapping


def test_unknown_keys_and_groups_are_errors() -> None:
    good = {
        "version": 1,
        "groups": {"a": "A"},
        "categories": [{"id": "x", "name": "X", "group": "a", "definition": "A test category."}],
    }
    parse_taxonomy(good)
    with pytest.raises(SchemaError, match=r"\$\.categories\[0\]"):
        parse_taxonomy({**good, "categories": [{**good["categories"][0], "defintion": "typo"}]})
    with pytest.raises(SchemaError, match="unknown group"):
        parse_taxonomy({**good, "categories": [{**good["categories"][0], "group": "b"}]})
