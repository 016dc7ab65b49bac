"""The example contract repository, gated the way docs/ci.md shows: one commit passes, one fails.

The commands are read from the example's own CI files (the same text docs/ci.md embeds), so
the documentation cannot drift from what is tested.
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contract-repo"


def _gate_commands() -> list[list[str]]:
    workflow = yaml.safe_load((EXAMPLE / ".github" / "workflows" / "contracts.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    github = [step["run"] for step in steps if step.get("run", "").startswith("contract-checker")]
    gitlab = yaml.safe_load((EXAMPLE / ".gitlab-ci.yml").read_text())["contracts"]["script"]
    return [
        shlex.split(command) for command in github + [c for c in gitlab if c.startswith("contract-checker")]
    ]


def _run(repo: Path, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "checker", *arguments[1:]]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=600)


def _git(repo: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Legal", "-c", "user.email=legal@example.invalid", *arguments],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_docs_show_the_example_ci_files() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text()
    for name in (".github/workflows/contracts.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml"):
        assert (EXAMPLE / name).read_text().strip() in docs, name


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gate_passes_then_fails_when_a_thin_vendor_paper_is_committed(tmp_path: Path) -> None:
    repo = tmp_path / "contracts-repo"
    shutil.copytree(EXAMPLE, repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "Northwind MSA ready for signature")
    commands = _gate_commands()
    gate, *reports = commands
    passing = _run(repo, gate)
    assert passing.returncode == 0, passing.stderr
    sarif = json.loads((repo / "contract-checker.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    for command in reports:
        assert _run(repo, command).returncode in (0, 1)
    assert ElementTree.parse(repo / "contract-checker.xml").getroot().tag in ("testsuites", "testsuite")
    assert (repo / "summary.md").read_text().strip()

    os.replace(
        repo / "incoming" / "quickserve-vendor-terms.md", repo / "contracts" / "quickserve-vendor-terms.md"
    )
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "Add QuickServe vendor terms")
    failing = _run(repo, gate)
    assert failing.returncode == 1, failing.stderr
    results = json.loads((repo / "contract-checker.sarif").read_text())["runs"][0]["results"]
    failing_rules = {result["ruleId"] for result in results if result["level"] == "error"}
    assert {"SLA-001", "EXIT-001", "COM-001"} <= failing_rules
    # The waiver in the example applies to the Northwind contract only and is used.
    assert "waiver unused" not in _run(repo, ["contract-checker", "check", "contracts/"]).stdout
