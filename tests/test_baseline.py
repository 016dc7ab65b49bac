import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.baseline import BaselineError, apply_baseline, build_baseline, load_baseline
from checker.cli import main
from checker.findings import Finding
from checker.runner import DocumentResult

MSA = """MANAGED SERVICES AGREEMENT

1. SERVICES
1.1 The Supplier shall provide the Services described in the Statement of Work.

2. FEES
2.1 The Supplier may increase the Fees at any time on notice to the Customer.

3. LAW
3.1 This Agreement is governed by the laws of England and Wales.
"""


def _finding(rule: str, section: str | None, evidence: str | None, fingerprint: str) -> Finding:
    return Finding(
        rule,
        "t",
        "error",
        "sla",
        "m",
        section=section,
        evidence=evidence,
        document="a.txt",
        fingerprint=fingerprint,
    )


def test_known_by_fingerprint_or_by_text_when_renumbered(tmp_path: Path) -> None:
    old = [
        DocumentResult(
            "a.txt",
            findings=[
                _finding("COM-001", "2.1", "May  increase the Fees", "f1"),
                _finding("SLA-001", None, None, "f2"),
            ],
        )
    ]
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(build_baseline(old)))
    baseline = load_baseline(path)
    renumbered = [
        DocumentResult(
            "a.txt",
            findings=[
                _finding("COM-001", "3.1", "may increase the fees", "f9"),
                _finding("EXIT-001", None, None, "f3"),
            ],
        )
    ]
    outcome = apply_baseline(renumbered, baseline)
    assert [f.rule_id for f in renumbered[0].findings] == ["EXIT-001"]
    assert outcome.to_dict() == {"known": 1, "new": 1, "fixed": 1}


def test_a_json_report_works_as_a_baseline_and_junk_is_refused(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"documents": [{"findings": [{"fingerprint": "f1"}]}]}))
    assert load_baseline(report).fingerprints["f1"] == 1
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2]")
    with pytest.raises(BaselineError):
        load_baseline(junk)


def test_cli_baseline_then_check_fails_only_on_new_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("msa.txt").write_text(MSA)
    runner = CliRunner()
    written = runner.invoke(main, ["baseline", "--no-config", "msa.txt", "--output", "baseline.json"])
    assert written.exit_code == 0, written.output
    assert json.loads(Path("baseline.json").read_text())["findings"]
    assert runner.invoke(main, ["check", "--no-config", "msa.txt"]).exit_code == 1
    same = runner.invoke(main, ["check", "--no-config", "--baseline", "baseline.json", "msa.txt"])
    assert same.exit_code == 0, same.output
    assert "known finding(s) not shown" in same.stdout
    # An unrelated clause inserted before renumbers everything; the old findings stay known.
    Path("msa.txt").write_text(
        MSA.replace("1. SERVICES", "1. DEFINITIONS\n1.1 Words have their meaning.\n\n2. SERVICES")
    )
    # The edit leaves two clauses numbered 2, a new finding DRF-015 rightly reports; set it aside.
    edited = runner.invoke(
        main,
        [
            "check",
            "--no-config",
            "--baseline",
            "baseline.json",
            "--ignore",
            "DRF-015",
            "--format",
            "json",
            "msa.txt",
        ],
    )
    assert edited.exit_code == 0, edited.stdout
    assert json.loads(edited.stdout)["baseline"]["new"] == 0
    # A new problem is reported and fails the gate.
    Path("msa.txt").write_text(
        MSA + "\n4. SUSPENSION\n4.1 The Supplier may suspend the Services immediately without notice.\n"
    )
    worse = runner.invoke(main, ["check", "--no-config", "--baseline", "baseline.json", "msa.txt"])
    assert worse.exit_code == 1 and "EXIT-012" in worse.stdout
