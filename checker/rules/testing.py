"""``contract-checker rules test``: run every rule against its own fixtures, Semgrep-style.

Each rule carries contract excerpts that must trigger it (positive) and excerpts that must
not (negative). An excerpt goes through the real pipeline — Markdown parser, clause
pipeline, engine — so a passing test shows the rule works on text, not only on a mocked
clause list. A failure names the rule, the fixture and what happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checker.clauses import analyse_document
from checker.limits import Limits
from checker.parsers import parse_bytes
from checker.rules.engine import evaluate_rules
from checker.rules.model import Rule, RuleSet, RuleTest
from checker.rules.profiles import ActiveRule


@dataclass(frozen=True, slots=True)
class RuleTestResult:
    rule_id: str
    test: RuleTest
    index: int
    fired: bool
    message: str | None = None

    @property
    def passed(self) -> bool:
        return self.fired == self.test.positive

    def describe(self) -> str:
        kind = "positive" if self.test.positive else "negative"
        name = f" ({self.test.name})" if self.test.name else ""
        if self.passed:
            return f"{self.rule_id} {kind}[{self.index}]{name}: ok"
        expected = (
            "should fire but did not" if self.test.positive else f"should not fire but did: {self.message}"
        )
        return f"{self.rule_id} {kind}[{self.index}]{name}: {expected}"


def run_rule_test(rule: Rule, test: RuleTest, index: int, rules: RuleSet) -> RuleTestResult:
    document = parse_bytes(test.text.encode("utf-8"), f"{rule.id}-test.md", Limits())
    analysis = analyse_document(document)
    active = [ActiveRule(rule, rule.severity, rule.params)]
    findings = evaluate_rules(active, [analysis], rules, contract_type=test.contract_type)
    return RuleTestResult(rule.id, test, index, bool(findings), findings[0].message if findings else None)


def run_rule_tests(rules: RuleSet, only: Sequence[str] = ()) -> list[RuleTestResult]:
    """Every fixture of every rule (or of the rules whose ids are in ``only``)."""
    results = []
    for rule in rules:
        if only and rule.id not in only:
            continue
        counters = {True: 0, False: 0}
        for test in rule.tests:
            results.append(run_rule_test(rule, test, counters[test.positive], rules))
            counters[test.positive] += 1
    return results
