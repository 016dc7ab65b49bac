"""JUnit XML: the test-report format every CI system (Jenkins, GitLab, Azure, CircleCI) displays.

A CI system shows a contract repository's check the way it shows a test run: each document is a
test suite, each rule the run evaluated is a test case of that suite, and a finding is a failure
of its rule's test case. A document that could not be read is a suite with one errored test case,
so a CI dashboard never shows an unchecked contract as a green one.

The XML is built with :mod:`xml.etree.ElementTree`, never by pasting strings: contract text
quoted in messages and evidence is escaped by the serializer, and characters XML 1.0 cannot
carry at all (control characters a PDF text layer may contain) are replaced before they reach it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.findings import SEVERITIES, Finding
from checker.reports.paths import display_path
from checker.rules.profiles import ActiveRule
from checker.runner import DocumentResult

SUITES_NAME = "contract-checker"
READ_CASE_NAME = "read document"

# Everything outside the XML 1.0 ``Char`` production: a parser rejects the whole file for one.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """Replace what XML 1.0 cannot represent (e.g. form feeds from a PDF) with U+FFFD."""
    return _NOT_XML_CHAR.sub("\ufffd", text)


@dataclass(slots=True)
class _Case:
    """One test case: a rule evaluated on one document, with the findings that fail it."""

    rule_id: str
    title: str
    area: str
    findings: list[Finding] = field(default_factory=list)


def _cases(findings: Sequence[Finding], rules: Sequence[ActiveRule]) -> list[_Case]:
    """A case per active rule, in rule order, then one per rule a finding names that was not passed.

    The second group keeps a finding visible even if the caller's rule list is incomplete.
    """
    cases = {active.rule.id: _Case(active.rule.id, active.rule.title, active.rule.area) for active in rules}
    for finding in findings:
        case = cases.setdefault(finding.rule_id, _Case(finding.rule_id, finding.title, finding.area))
        case.findings.append(finding)
    return list(cases.values())


def _location(finding: Finding) -> str:
    """Where a reader finds the clause; a missing protection concerns the whole document."""
    parts = []
    if finding.section:
        parts.append(f"section {finding.section}")
    if finding.page is not None:
        parts.append(f"page {finding.page}")
    if finding.start is not None and finding.end is not None:
        parts.append(f"characters {finding.start}-{finding.end}")
    return ", ".join(parts) if parts else "whole document (protection missing)"


def _failure_text(case: _Case) -> str:
    """Every finding of the rule in this document, then the model clause once."""
    blocks = []
    several = len(case.findings) > 1
    for number, finding in enumerate(case.findings, start=1):
        lines = [f"Finding {number} of {len(case.findings)}: {finding.message}"] if several else []
        lines.append(f"Location: {_location(finding)}")
        if finding.evidence:
            lines.append(f"Evidence: {finding.evidence}")
        more = finding.extra.get("more_locations")
        if isinstance(more, int) and more > 0:
            lines.append(f"The same problem appears in {more} more place(s) of the document.")
        blocks.append("\n".join(lines))
    remediation = next((finding.remediation for finding in case.findings if finding.remediation), None)
    if remediation:
        blocks.append(f"Remediation (model clause): {remediation}")
    return "\n\n".join(blocks)


def _failure_message(case: _Case) -> str:
    first = case.findings[0].message
    if len(case.findings) == 1:
        return first
    return f"{len(case.findings)} findings; first: {first}"


def _failure_type(case: _Case) -> str:
    """The most severe of the case's findings (they normally share the rule's severity)."""

    def rank(finding: Finding) -> int:
        return SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES else len(SEVERITIES)

    return min(case.findings, key=rank).severity


def _add_case(suite: ET.Element, case: _Case, document: str) -> None:
    element = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": _xml_safe(case.area),
            "name": _xml_safe(f"{case.rule_id} {case.title}"),
            "file": document,
        },
    )
    if case.findings:
        failure = ET.SubElement(
            element,
            "failure",
            {"message": _xml_safe(_failure_message(case)), "type": _xml_safe(_failure_type(case))},
        )
        failure.text = _xml_safe(_failure_text(case))


def _document_suite(result: DocumentResult, rules: Sequence[ActiveRule], name: str) -> ET.Element:
    cases = _cases(result.findings, rules)
    suite = ET.Element("testsuite")
    _set_counts(suite, name, tests=len(cases), failures=sum(1 for case in cases if case.findings), errors=0)
    for case in cases:
        _add_case(suite, case, name)
    return suite


def _error_suite(result: DocumentResult, name: str) -> ET.Element:
    """An unreadable document: one test case, errored, carrying the reason and its stable code."""
    suite = ET.Element("testsuite")
    _set_counts(suite, name, tests=1, failures=0, errors=1)
    case = ET.SubElement(suite, "testcase", {"classname": SUITES_NAME, "name": READ_CASE_NAME, "file": name})
    message = result.error.message if result.error else "unknown error"
    code = result.error.code if result.error else "unreadable"
    error = ET.SubElement(case, "error", {"message": _xml_safe(message), "type": _xml_safe(code)})
    error.text = _xml_safe(f"{name}: {message} [{code}]")
    return suite


def _set_counts(element: ET.Element, name: str, *, tests: int, failures: int, errors: int) -> None:
    element.set("name", name)
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", str(errors))
    element.set("skipped", "0")


def render_junit(
    results: Sequence[DocumentResult], rules: Sequence[ActiveRule], *, root: Path | None = None
) -> str:
    """The run as JUnit XML: ``<testsuites>`` with one ``<testsuite>`` per document, in input order."""
    suites = ET.Element("testsuites")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in results:
        name = _xml_safe(display_path(result.path, root))
        readable = result.ok and result.document is not None
        suite = _document_suite(result, rules, name) if readable else _error_suite(result, name)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        suites.append(suite)
    _set_counts(suites, SUITES_NAME, **totals)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
