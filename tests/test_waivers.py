import datetime as dt
from pathlib import Path

import pytest

from checker.findings import Finding
from checker.waivers import WaiverError, apply_waivers, load_waivers

TODAY = dt.date(2026, 11, 30)


def _finding(rule_id: str, document: str) -> Finding:
    return Finding(rule_id, "t", "error", "sla", "Missing.", document=document)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / ".contract-checker-waivers.yaml"
    path.write_text(body)
    return path


def test_active_waiver_suppresses_expired_does_not_unused_is_reported(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "waivers:\n"
        "  - {path: 'vendors/*.docx', rule: SLA-001, reason: Hosting only, approved_by: J. Legal,"
        " expires: 2027-01-31}\n"
        "  - {path: 'old.pdf', rule: EXIT-001, reason: Legacy deal, approved_by: J. Legal,"
        " expires: 2026-01-01}\n"
        "  - {path: 'none.pdf', rule: DP-001, reason: Not needed, approved_by: J. Legal}\n",
    )
    waivers = load_waivers(path)
    findings = [
        (
            "vendors/acme.docx",
            [_finding("SLA-001", "vendors/acme.docx"), _finding("SLA-002", "vendors/acme.docx")],
        ),
        ("old.pdf", [_finding("EXIT-001", "old.pdf")]),
    ]
    kept, outcome = apply_waivers(findings, waivers, TODAY)
    assert [f.rule_id for f in kept["vendors/acme.docx"]] == ["SLA-002"]
    [expired_finding] = kept["old.pdf"]
    assert "waiver expired on 2026-01-01" in expired_finding.message
    assert [w.rule for w in outcome.expired] == ["EXIT-001"]
    assert [w.rule for w in outcome.unused] == ["DP-001"]
    assert [(f.rule_id, w.rule) for f, w in outcome.suppressed] == [("SLA-001", "SLA-001")]


def test_missing_file_means_no_waivers_and_invalid_file_is_an_error(tmp_path: Path) -> None:
    assert load_waivers(tmp_path / "absent.yaml") == []
    with pytest.raises(WaiverError, match="approved_by"):
        load_waivers(_write(tmp_path, "waivers:\n  - {path: a, rule: SLA-001, reason: because}\n"))
