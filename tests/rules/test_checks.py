"""Each check kind on real pipeline output with hand-set clauses, so the model does not decide."""

import pytest

from checker.rules.engine import evaluate_rules
from checker.rules.loader import RuleLoadError, load_rules
from checker.rules.profiles import ActiveRule
from tests.rules.conftest import rule

SLA_TEXT = (
    "# Managed Services Agreement\n\n## 4. Service Levels\n\n"
    "4.1 The Supplier shall ensure the Platform is available at least 99.9% of the time each month.\n\n"
    "## 5. Breach Notification\n\n"
    "5.1 The Supplier shall notify the Customer of a Personal Data Breach within 5 days.\n"
)
SLA = "The Supplier shall ensure the Platform is available at least 99.9% of the time each month."
BREACH = "The Supplier shall notify the Customer of a Personal Data Breach within 5 days."


def _fires(write_rules, analysis, check: dict, **extra: object) -> list:
    rules = load_rules([write_rules([rule(check=check, **extra)])])
    item = rules.rules[0]
    return evaluate_rules([ActiveRule(item, item.severity, item.params)], [analysis], rules)


def test_requires_fails_without_the_category_and_points_at_the_document(write_rules, analyse) -> None:
    analysis = analyse(SLA_TEXT, [("sla", SLA)])
    assert _fires(write_rules, analysis, {"requires": "sla"}) == []
    [finding] = _fires(write_rules, analysis, {"requires": "exit_strategy"})
    assert finding.start is None and finding.section is None and finding.document == "c.md"


def test_requires_or_mentions_accepts_wording(write_rules, analyse) -> None:
    analysis = analyse(SLA_TEXT, [])
    check = {"requires": {"category": "sla", "or_mentions": {"phrases": ["available at least"]}}}
    assert _fires(write_rules, analysis, check) == []


def test_requires_incorporated_by_reference_becomes_info(write_rules, analyse) -> None:
    text = "# Services Agreement\n\n1. The service levels are in the Service Level Agreement.\n"
    analysis = analyse(text, [])
    check = {"requires": {"category": "sla", "incorporated_as": ["service level agreement"]}}
    [finding] = _fires(write_rules, analysis, check)
    assert finding.severity == "info"
    assert finding.extra["incorporated_by_reference"] == "Service Level Agreement"


def test_when_then_points_at_the_condition_clause(write_rules, analyse) -> None:
    analysis = analyse(SLA_TEXT, [("sla", SLA)])
    [finding] = _fires(
        write_rules, analysis, {"when": {"present": "sla"}, "then": {"requires": "service_credits"}}
    )
    assert analysis.document.text[finding.start : finding.end] == SLA
    assert (
        _fires(
            write_rules,
            analyse(SLA_TEXT, []),
            {"when": {"present": "sla"}, "then": {"requires": "service_credits"}},
        )
        == []
    )


def test_within_needs_the_entity_inside_the_clause(write_rules, analyse) -> None:
    analysis = analyse(SLA_TEXT, [("sla", SLA), ("breach_notification", BREACH)])
    assert (
        _fires(
            write_rules,
            analysis,
            {"within": {"category": "breach_notification", "contains": {"entity": "DEADLINE"}}},
        )
        == []
    )
    [finding] = _fires(
        write_rules, analysis, {"within": {"category": "sla", "contains": {"entity": "MONEY"}}}
    )
    assert finding.evidence == SLA
    # Vacuous when the contract has no clause of the category.
    assert (
        _fires(
            write_rules, analysis, {"within": {"category": "exit_strategy", "contains": {"entity": "MONEY"}}}
        )
        == []
    )


def test_threshold_compares_normalised_values_and_quotes_them(write_rules, analyse) -> None:
    analysis = analyse(SLA_TEXT, [("sla", SLA), ("breach_notification", BREACH)])
    check = {
        "threshold": {
            "category": "breach_notification",
            "entity": "DEADLINE",
            "field": "hours",
            "op": "<=",
            "value": {"param": "max_hours"},
        }
    }
    [finding] = _fires(
        write_rules,
        analysis,
        check,
        params={"max_hours": 72},
        message="Deadline ${found} exceeds ${max_hours} hours.",
    )
    assert finding.message == "Deadline within 5 days exceeds 72 hours."
    assert _fires(write_rules, analysis, check, params={"max_hours": 120}) == []
    availability = {
        "threshold": {
            "category": "sla",
            "entity": "PERCENT",
            "field": "value",
            "op": ">=",
            "value": 99.5,
            "near": ["available"],
        }
    }
    assert _fires(write_rules, analysis, availability) == []


def test_threshold_if_missing(write_rules, analyse) -> None:
    analysis = analyse(SLA_TEXT, [("sla", SLA)])
    base = {"category": "sla", "entity": "MONEY", "field": "amount", "op": ">=", "value": 1}
    assert _fires(write_rules, analysis, {"threshold": base}) == []
    assert len(_fires(write_rules, analysis, {"threshold": {**base, "if_missing": "fail"}})) == 1


def test_forbids_points_at_the_sentence_and_honours_unless(write_rules, analyse) -> None:
    text = (
        "# Services Agreement\n\n1. Service credits are the Customer's sole and exclusive remedy. "
        "The Supplier may also pay more.\n\n"
        "2. Credits are the sole and exclusive remedy except for termination rights.\n"
    )
    analysis = analyse(text, [])
    [finding] = _fires(
        write_rules,
        analysis,
        {"forbids": {"phrases": ["sole and exclusive remedy"], "unless": {"phrases": ["except"]}}},
    )
    assert finding.evidence == "Service credits are the Customer's sole and exclusive remedy."
    assert finding.extra["facts"]["found"] == "sole and exclusive remedy"


def test_token_patterns_match(write_rules, analyse) -> None:
    analysis = analyse(
        "# Services Agreement\n\n1. The Supplier may change the Service Levels at any time.\n", []
    )
    pattern = [
        {"LOWER": "may"},
        {"LOWER": {"IN": ["change", "modify", "amend"]}},
        {"LOWER": "the"},
        {"IS_TITLE": True, "OP": "+"},
    ]
    [finding] = _fires(write_rules, analysis, {"forbids": {"patterns": [pattern]}})
    assert "may change the Service Levels" in finding.evidence


def test_all_any_not_and_contract_type(write_rules, analyse) -> None:
    analysis = analyse(SLA_TEXT, [("sla", SLA)])
    assert (
        _fires(write_rules, analysis, {"all": [{"requires": "sla"}, {"contract_type": ["outsourcing"]}]})
        == []
    )
    assert (
        len(_fires(write_rules, analysis, {"all": [{"requires": "sla"}, {"contract_type": ["license"]}]}))
        == 1
    )
    assert _fires(write_rules, analysis, {"any": [{"requires": "exit_strategy"}, {"requires": "sla"}]}) == []
    assert len(_fires(write_rules, analysis, {"not": {"requires": "sla"}})) == 1


def test_applies_when_skips_the_rule(write_rules, analyse) -> None:
    analysis = analyse(SLA_TEXT, [])
    assert (
        _fires(write_rules, analysis, {"requires": "exit_strategy"}, applies_when={"contract_type": ["saas"]})
        == []
    )
    assert (
        len(
            _fires(
                write_rules,
                analysis,
                {"requires": "exit_strategy"},
                applies_when={"fact": "processes_personal_data"},
            )
        )
        == 1
    )


# -- drafting: one finding per slip ------------------------------------------------------------

DRAFT_TEXT = (
    "# Services Agreement\n\n## 4. Fees\n\n4.1 The fee is [●] a month, payable within [TBD] days.\n\n"
    "## 5. Term\n\n5.1 The term is XX years.\n"
)


def _drafting_findings(
    write_rules, analyse, check: dict, message: str = "Placeholder ${found} (${kind})."
) -> list:
    rules = load_rules([write_rules([rule("DRF-901", check=check, area="drafting", message=message)])])
    item = rules.rules[0]
    return evaluate_rules([ActiveRule(item, item.severity, item.params)], [analyse(DRAFT_TEXT)], rules)


def test_drafting_one_finding_per_slip_with_its_own_location_and_message(write_rules, analyse) -> None:
    findings = _drafting_findings(write_rules, analyse, {"drafting": {"analysis": "placeholders"}})
    assert [finding.evidence for finding in findings] == ["[●]", "[TBD]", "XX"]
    assert [finding.section for finding in findings] == ["4.1", "4.1", "5.1"]
    assert findings[0].message == "Placeholder [●] (blank)."
    assert findings[1].message == "Placeholder [TBD] (tbd)."
    text = analyse(DRAFT_TEXT).document.text
    assert all(text[finding.start : finding.end] == finding.evidence for finding in findings)
    assert len({finding.fingerprint for finding in findings}) == 3
    assert all(finding.area == "drafting" for finding in findings)


def test_drafting_kinds_narrow_the_slips(write_rules, analyse) -> None:
    check = {"drafting": {"analysis": "placeholders", "kinds": ["xx"]}}
    assert [finding.evidence for finding in _drafting_findings(write_rules, analyse, check)] == ["XX"]


def test_drafting_inside_a_composition_keeps_each_occurrence(write_rules, analyse) -> None:
    check = {
        "all": [
            {"contract_type": ["outsourcing", "other", "saas"]},
            {"drafting": {"analysis": "placeholders"}},
        ]
    }
    assert len(_drafting_findings(write_rules, analyse, check)) == 3


def test_drafting_unknown_kind_and_unknown_analysis_are_load_errors(write_rules) -> None:
    bad_kind = rule(
        "DRF-902", check={"drafting": {"analysis": "placeholders", "kinds": ["gap"]}}, area="drafting"
    )
    with pytest.raises(RuleLoadError, match=r"DRF-902: \$\.check\.drafting\.kinds: unknown kind 'gap'"):
        load_rules([write_rules([bad_kind])])
    bad_analysis = rule("DRF-903", check={"drafting": {"analysis": "spelling"}}, area="drafting")
    with pytest.raises(RuleLoadError, match="DRF-903"):
        load_rules([write_rules([bad_analysis])])
    misspelt = rule(
        "DRF-904", check={"drafting": {"analysis": "placeholders", "kind": ["xx"]}}, area="drafting"
    )
    with pytest.raises(RuleLoadError, match="DRF-904"):
        load_rules([write_rules([misspelt])])
