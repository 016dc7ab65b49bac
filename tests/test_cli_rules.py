import json
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main


def test_rules_list_json_has_the_documented_fields() -> None:
    result = CliRunner().invoke(main, ["rules", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    first = next(row for row in rows if row["id"] == "SLA-001")
    assert {"id", "title", "area", "severity", "profiles", "tests"} <= set(first)
    assert "outsourcing" in first["profiles"]
    assert first["tests"]["positive"] >= 1 and first["tests"]["negative"] >= 1


def test_rules_show_and_explain() -> None:
    shown = CliRunner().invoke(main, ["rules", "show", "SLA-002"])
    assert shown.exit_code == 0 and "service_credits" in shown.stdout
    explained = CliRunner().invoke(main, ["explain", "sla-002"])
    assert explained.exit_code == 0
    for heading in (
        "## What it checks",
        "## Why it matters",
        "## Example of the gap",
        "## Fix: model clause",
    ):
        assert heading in explained.stdout
    missing = CliRunner().invoke(main, ["explain", "XYZ-999"])
    assert missing.exit_code == 2


def test_rules_validate_reports_problems_with_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: SLA-900\n    title: x\n")
    result = CliRunner().invoke(main, ["rules", "validate", str(bad)])
    assert result.exit_code == 2
    assert "SLA-900" in result.stderr and str(bad) in result.stderr
    assert CliRunner().invoke(main, ["rules", "validate"]).exit_code == 0


def test_rules_test_runs_one_rule_and_reports_failures(tmp_path: Path) -> None:
    ok = CliRunner().invoke(main, ["rules", "test", "--rule", "SLA-001"])
    assert ok.exit_code == 0 and "fixtures passed for 1 rules" in ok.stdout
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        "rules:\n  - id: TST-001\n    title: Always wrong\n    area: sla\n    severity: error\n"
        "    check: {requires: exit_strategy}\n    message: No exit strategy found here.\n"
        "    rationale: A rationale long enough for the schema.\n"
        "    remediation: A model clause long enough.\n"
        "    tests:\n      positive: [{text: '# Services Agreement\\n\\n1. An exit plan is attached.'}]\n"
        "      negative: [{text: '# Services Agreement\\n\\n1. The fees are payable monthly.'}]\n"
    )
    failed = CliRunner().invoke(main, ["rules", "test", str(wrong)])
    assert failed.exit_code == 1
    assert "FAIL TST-001 negative[0]: should not fire but did" in failed.stdout
