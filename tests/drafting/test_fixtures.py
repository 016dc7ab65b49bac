"""The seeded draft: every slip found once, nothing else; the complete MSA: no drafting finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.parsers import parse_file
from checker.rules.options import RuleOptions
from checker.runner import RunOptions, run_in_process

# (rule, evidence) of the one slip of each kind seeded in fixtures/source/draft-with-slips.md.
TEXT_SLIPS = {
    ("DRF-001", "$[___]"),
    ("DRF-002", "[Note to draft: the Supplier has asked for a carve-out for its own know-how.]"),
    ("DRF-003", "[Supplier/Customer]"),
    ("DRF-007", "Clause 14.3"),
    ("DRF-008", "Schedule 3"),
    ("DRF-009", "Deliverables"),
    ("DRF-010", "Service Credits"),
    ("DRF-011", "Business Day"),
    ("DRF-012", "Steering Committee"),
    ("DRF-013", "Company"),
    ("DRF-014", "Vendor"),
    ("DRF-015", "4.4"),
    ("DRF-016", "thirty (60)"),
}
# Review marks exist only in the Word rendition.
DOCX_SLIPS = TEXT_SLIPS | {
    ("DRF-004", "three (3) months'"),
    ("DRF-005", "the Charges paid in that year"),
    ("DRF-006", "and report on open incidents"),
}


def _drafting_findings(path: Path) -> list:
    # Drafting rules are opt-in (config `extend-select = ["drafting"]`, or `--select drafting`).
    [result] = run_in_process([str(path)], RunOptions(rules=RuleOptions(extend_select=("drafting",))))
    assert result.ok, result.error
    return [finding for finding in result.findings if finding.area == "drafting"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("draft-with-slips.docx", DOCX_SLIPS),
        ("draft-with-slips.txt", TEXT_SLIPS),
        ("draft-with-slips.pdf", TEXT_SLIPS),
    ],
)
def test_every_seeded_slip_is_found_and_nothing_else(contracts_dir: Path, name: str, expected: set) -> None:
    findings = _drafting_findings(contracts_dir / name)
    assert sorted((finding.rule_id, finding.evidence) for finding in findings) == sorted(expected)
    text = parse_file(contracts_dir / name).text
    for finding in findings:
        assert text[finding.start : finding.end] == finding.evidence
        assert finding.section  # every slip sits in a clause


def test_locations_and_counts_of_review_marks(contracts_dir: Path) -> None:
    findings = {
        finding.rule_id: finding for finding in _drafting_findings(contracts_dir / "draft-with-slips.docx")
    }
    assert findings["DRF-005"].section == "8.2"
    assert "comment 1 of 1" in findings["DRF-005"].message
    assert "Supplier wants half the Charges; Customer to decide." in findings["DRF-005"].message
    assert findings["DRF-006"].section == "6.2"
    assert "inserted “and report on open incidents”" in findings["DRF-006"].message
    assert findings["DRF-004"].section == "2.2"
    assert findings["DRF-007"].section == "9.2" and "Clause 14.3" in findings["DRF-007"].message
    assert findings["DRF-015"].message == "Clause numbering has a gap: 4.3 is missing between 4.2 and 4.4."


@pytest.mark.parametrize("name", ["managed-services-msa.docx", "managed-services-msa.pdf"])
def test_the_complete_msa_has_no_drafting_finding(contracts_dir: Path, name: str) -> None:
    assert _drafting_findings(contracts_dir / name) == []


def test_check_select_drafting_runs_only_the_drafting_rules(contracts_dir: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--no-config",
            "--select",
            "drafting",
            "--format",
            "json",
            str(contracts_dir / "draft-with-slips.txt"),
        ],
    )
    assert result.exit_code == 1, result.output  # DRF-001 and others are errors
    import json

    findings = json.loads(result.stdout)["documents"][0]["findings"]
    assert findings and {finding["area"] for finding in findings} == {"drafting"}
    assert len(findings) == len(TEXT_SLIPS)


def test_explain_a_drafting_rule() -> None:
    result = CliRunner().invoke(main, ["explain", "DRF-001"])
    assert result.exit_code == 0, result.output
    assert "No placeholder is left in the text (DRF-001)" in result.stdout
    # Opt-in: no profile selects the drafting rules, and explain says how to turn them on.
    assert "Area: drafting." in result.stdout and "Profiles: none (select it" in result.stdout
    assert "analysis: placeholders" in result.stdout
