"""Every bundled rule's own fixtures, run through the real pipeline (what `rules test` does)."""

import pytest

from checker.rules.loader import load_rules
from checker.rules.testing import run_rule_tests

RULES = load_rules()


@pytest.mark.parametrize("rule_id", RULES.ids)
def test_rule_fixtures(rule_id: str) -> None:
    results = run_rule_tests(RULES, [rule_id])
    assert results, f"{rule_id} has no fixtures"
    failures = [result.describe() for result in results if not result.passed]
    assert not failures, "\n".join(failures)


def test_every_rule_has_positive_and_negative_fixtures() -> None:
    for rule in RULES:
        counts = rule.test_counts()
        assert counts["positive"] >= 1 and counts["negative"] >= 1, rule.id
