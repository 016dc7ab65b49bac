import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker.errors import EncryptedFileError
from checker.findings import Finding
from checker.limits import Limits
from checker.parsers.text import parse_text
from checker.reports.junit_report import render_junit
from checker.rules.checks import Requires
from checker.rules.model import Rule
from checker.rules.options import RuleOptions, prepare_rules
from checker.rules.profiles import ActiveRule
from checker.runner import DocumentResult, RunOptions, run_in_process

HOSTILE = "Vendor <b>may</b> ]]> & \"change\" 'fees' \x0c at will"


def _active(rule_id: str, title: str, area: str = "commercial", severity: str = "error") -> ActiveRule:
    rule = Rule(
        id=rule_id,
        title=title,
        area=area,
        severity=severity,
        check=Requires(("payment_terms",)),
        message="message",
        rationale="rationale",
        remediation="The Charges are fixed.",
        source=Path("pack.yaml"),
    )
    return ActiveRule(rule, severity, {})


RULES = [_active("COM-001", "Fees are fixed"), _active("EXIT-001", "Exit plan", area="exit")]


def _finding(rule_id: str, message: str, **extra: object) -> Finding:
    return Finding(rule_id=rule_id, title="t", severity="error", area="commercial", message=message, **extra)


def _results(tmp_path: Path) -> list[DocumentResult]:
    document = parse_text(b"1. FEES\n1.1 Vendor may change the Fees.\n", "a.txt", Limits())
    findings = [
        _finding(
            "COM-001",
            HOSTILE,
            section="1.1",
            page=2,
            start=8,
            end=40,
            evidence="1.1 Vendor may change the Fees <now>.",
            remediation="The Charges are fixed & capped.",
        ),
        _finding("COM-001", "A second place where fees change.", section="4.2", evidence="4.2 And again."),
    ]
    return [
        DocumentResult(path=str(tmp_path / "contracts" / "a.txt"), document=document, findings=findings),
        DocumentResult(path=str(tmp_path / "locked.pdf"), error=EncryptedFileError("encrypted PDF")),
    ]


def _parse(xml: str) -> ET.Element:
    return ET.fromstring(xml.encode("utf-8"))


def test_suites_count_tests_failures_and_errors(tmp_path: Path) -> None:
    root = _parse(render_junit(_results(tmp_path), RULES, root=tmp_path))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "1")
    document, locked = root.findall("testsuite")
    assert document.get("name") == "contracts/a.txt"
    assert (document.get("tests"), document.get("failures"), document.get("errors")) == ("2", "1", "0")
    cases = document.findall("testcase")
    assert [case.get("name") for case in cases] == ["COM-001 Fees are fixed", "EXIT-001 Exit plan"]
    assert [case.get("classname") for case in cases] == ["commercial", "exit"]
    assert cases[1].find("failure") is None
    assert locked.get("name") == "locked.pdf"
    assert (locked.get("tests"), locked.get("failures"), locked.get("errors")) == ("1", "0", "1")
    error = locked.find("testcase/error")
    assert error is not None
    assert (error.get("message"), error.get("type")) == ("encrypted PDF", "encrypted")


def test_several_findings_of_a_rule_share_one_failure(tmp_path: Path) -> None:
    root = _parse(render_junit(_results(tmp_path), RULES, root=tmp_path))
    failures = root.findall("testsuite/testcase/failure")
    assert len(failures) == 1
    failure = failures[0]
    assert failure.get("type") == "error"
    assert failure.get("message", "").startswith("2 findings; first: Vendor <b>may</b>")
    text = failure.text or ""
    assert "Location: section 1.1, page 2, characters 8-40" in text
    assert "Location: section 4.2" in text and "Evidence: 4.2 And again." in text
    assert text.count("Remediation (model clause): The Charges are fixed & capped.") == 1


def test_hostile_contract_text_is_escaped_and_round_trips(tmp_path: Path) -> None:
    results = _results(tmp_path)
    results[0].findings = results[0].findings[:1]
    xml = render_junit(results, RULES, root=tmp_path)
    assert "<b>" not in xml and "]]>" not in xml
    failure = _parse(xml).find("testsuite/testcase/failure")
    assert failure is not None
    # Everything survives the round trip except the form feed, which XML 1.0 cannot carry.
    assert failure.get("message") == HOSTILE.replace("\x0c", "\ufffd")
    assert "Evidence: 1.1 Vendor may change the Fees <now>." in (failure.text or "")


def test_a_finding_of_a_rule_not_in_the_list_is_still_reported(tmp_path: Path) -> None:
    results = _results(tmp_path)[:1]
    results[0].findings = [_finding("HOUSE-009", "Not in the profile")]
    suite = _parse(render_junit(results, RULES, root=tmp_path)).find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "1"
    failed = [case.get("name") for case in suite.findall("testcase") if case.find("failure") is not None]
    assert failed == ["HOUSE-009 t"]


def test_paths_outside_the_root_are_kept_as_given(tmp_path: Path) -> None:
    result = DocumentResult(path="/elsewhere/b.pdf", error=EncryptedFileError("encrypted PDF"))
    suite = _parse(render_junit([result], RULES, root=tmp_path)).find("testsuite")
    assert suite is not None and suite.get("name") == "/elsewhere/b.pdf"


@pytest.fixture(scope="module")
def real_run(contracts_dir: Path, bad_dir: Path) -> tuple[list[DocumentResult], tuple[ActiveRule, ...]]:
    prepared = prepare_rules(RuleOptions())
    paths = [str(contracts_dir / "thin-vendor-agreement.txt"), str(bad_dir / "empty.txt")]
    return list(run_in_process(paths, RunOptions())), prepared.active


def test_real_run_has_a_case_per_active_rule_and_a_failure_per_failing_rule(
    real_run: tuple[list[DocumentResult], tuple[ActiveRule, ...]], contracts_dir: Path
) -> None:
    results, rules = real_run
    root = _parse(render_junit(results, rules, root=contracts_dir.parent.parent))
    thin, empty = root.findall("testsuite")
    assert thin.get("name") == "fixtures/contracts/thin-vendor-agreement.txt"
    assert len(thin.findall("testcase")) == len(rules) == int(thin.get("tests", "0"))
    failing_rules = {finding.rule_id for finding in results[0].findings}
    assert len(thin.findall("testcase/failure")) == len(failing_rules) == int(thin.get("failures", "0"))
    error = empty.find("testcase/error")
    assert error is not None and error.get("type") == "empty_file"
    assert root.get("tests") == str(len(rules) + 1) and root.get("errors") == "1"
