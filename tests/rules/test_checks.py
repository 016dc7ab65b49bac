"""Each check kind on real pipeline output with hand-set clauses, so the model does not decide."""

from checker.rules.engine import evaluate_rules
from checker.rules.loader import load_rules
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
