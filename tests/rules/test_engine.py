from checker.rules.engine import evaluate_rules, fingerprint, render_message
from checker.rules.loader import load_rules
from checker.rules.profiles import ActiveRule
from tests.rules.conftest import rule


def test_render_message_quotes_facts_and_params_and_leaves_unknowns() -> None:
    assert render_message("${found} vs ${limit} and ${nope}", {"found": "5 days"}, {"limit": 72.0}) == (
        "5 days vs 72 and (not stated)"
    )


def test_fingerprint_ignores_whitespace_and_case_but_not_rule_or_path() -> None:
    base = fingerprint("SLA-001", "a.docx", "4.1", "The  Supplier\nshall")
    assert base == fingerprint("SLA-001", "a.docx", "4.1", "the supplier shall")
    assert base != fingerprint("SLA-002", "a.docx", "4.1", "the supplier shall")
    assert base != fingerprint("SLA-001", "b.docx", "4.1", "the supplier shall")


def test_bundle_sees_the_union_and_names_the_document(write_rules, analyse) -> None:
    msa = analyse(
        "# Services Agreement\n\n1. Service levels apply as stated.\n",
        [("sla", "Service levels apply as stated.")],
        "msa.md",
    )
    schedule = analyse(
        "# Schedule 2\n\n1. Credits of 5% apply.\n", [("service_credits", "Credits of 5% apply.")], "sla.md"
    )
    rules = load_rules(
        [
            write_rules(
                [
                    rule("SLA-001", check={"requires": "service_credits"}),
                    rule(
                        "SLA-002",
                        check={"within": {"category": "service_credits", "contains": {"entity": "MONEY"}}},
                    ),
                ]
            )
        ]
    )
    active = [ActiveRule(item, item.severity, item.params) for item in rules]
    # Alone, the MSA lacks credits; together with its schedule it does not.
    assert [f.rule_id for f in evaluate_rules(active[:1], [msa], rules)] == ["SLA-001"]
    findings = evaluate_rules(active, [msa, schedule], rules)
    assert [(f.rule_id, f.document) for f in findings] == [("SLA-002", "sla.md")]
    assert findings[0].fingerprint and findings[0].remediation
