"""Rule engine stage: clause analyses -> findings.

The engine reads only the previous stage's objects (:class:`~checker.clauses.ClauseAnalysis`)
and the compiled rules. A rule whose ``applies_when`` does not hold is skipped; a rule whose
check fails becomes a :class:`~checker.findings.Finding` that points at its evidence — the
clause that falls short, the offending sentence — or at the document as a whole when a
protection is missing altogether.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from string import Template

from checker.clauses import ClauseAnalysis
from checker.findings import Finding
from checker.rules.checks import Outcome
from checker.rules.model import RuleSet
from checker.rules.profiles import ActiveRule
from checker.rules.subject import Subject, describe

EVIDENCE_CHARS = 600
_SPACE = re.compile(r"\s+")


_UNFILLED = re.compile(r"\$\{[a-z_][a-z0-9_]*\}")


def render_message(template: str, facts: dict[str, str], params: dict[str, object]) -> str:
    """Fill ``${name}`` placeholders from the outcome's facts and the rule's params.

    A placeholder the check had no value for reads "(not stated)" rather than leaking
    template syntax into a lawyer's report.
    """
    values = {key: describe(value) for key, value in params.items()}
    values.update(facts)
    return _UNFILLED.sub("(not stated)", Template(template).safe_substitute(values))


def fingerprint(rule_id: str, path: str, section: str | None, evidence: str | None) -> str:
    """Stable identity of a finding: unchanged when unrelated text elsewhere moves."""
    normalised = _SPACE.sub(" ", (evidence or "").lower()).strip()
    payload = "\x1f".join([rule_id, path, section or "", normalised])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _finding(active: ActiveRule, outcome: Outcome, subject: Subject) -> Finding:
    rule = active.rule
    message = render_message(rule.message, outcome.facts, active.params)
    severity = active.severity
    if outcome.incorporated:
        severity = "info"
        message = (
            f"{message} The contract refers to a separate document for this ('{outcome.incorporated}') "
            "that was not supplied; check it there or add it to the bundle."
        )
    evidence = outcome.evidence[0] if outcome.evidence else None
    document = evidence.document if evidence else 0
    path = subject.path(document) if subject.analyses else ""
    text = None
    if evidence is not None:
        text = subject.text(document)[evidence.start : evidence.end]
        if len(text) > EVIDENCE_CHARS:
            text = text[:EVIDENCE_CHARS].rstrip() + " …"
    section = evidence.section if evidence else None
    extra: dict[str, object] = {"facts": outcome.facts} if outcome.facts else {}
    if outcome.incorporated:
        extra["incorporated_by_reference"] = outcome.incorporated
    if len(outcome.evidence) > 1:
        extra["more_locations"] = len(outcome.evidence) - 1
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        severity=severity,
        area=rule.area,
        message=message,
        section=section,
        page=evidence.page if evidence else None,
        start=evidence.start if evidence else None,
        end=evidence.end if evidence else None,
        evidence=text,
        remediation=rule.remediation,
        document=path,
        fingerprint=fingerprint(rule.id, path, section, text),
        extra=extra,
    )


def evaluate_rules(
    active: Sequence[ActiveRule],
    analyses: Sequence[ClauseAnalysis],
    rules: RuleSet,
    contract_type: str | None = None,
) -> list[Finding]:
    """Findings for one agreement (one document, or the documents of a bundle)."""
    subject = Subject(analyses=analyses, registry=rules.registry, contract_type=contract_type)
    findings = []
    for item in active:
        rule = item.rule
        if rule.applies_when is not None and not rule.applies_when.evaluate(subject, item.params).passed:
            continue
        outcome = rule.check.evaluate(subject, item.params)
        if outcome.passed:
            continue
        if outcome.occurrences:  # a drafting slip: one finding at each place it occurs
            findings.extend(
                _finding(item, Outcome(False, [each.evidence], {**outcome.facts, **each.facts}), subject)
                for each in outcome.occurrences
            )
        else:
            findings.append(_finding(item, outcome, subject))
    return findings
