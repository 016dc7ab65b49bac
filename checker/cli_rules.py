"""``contract-checker rules list|show|validate|test`` and ``explain``: the rule catalogue.

Modelled on ruff's rule pages and Semgrep's ``--test``: every rule documents itself (what it
checks, why it matters, an example of the gap, the fix) and carries fixtures that prove it.
"""

from __future__ import annotations

import json
import sys
import textwrap
from typing import Any

import click

from checker.rules.loader import RuleLoadError
from checker.rules.model import Rule
from checker.rules.options import PreparedRules, RuleOptions, prepare_rules
from checker.rules.profiles import rule_profiles

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def _prepared(paths: tuple[str, ...], profile: str = "outsourcing", bundled: bool = True) -> PreparedRules:
    try:
        return prepare_rules(RuleOptions(extra_paths=paths, profile=profile, include_bundled=bundled))
    except RuleLoadError as error:
        for problem in error.problems:
            click.echo(f"contract-checker: {problem}", err=True)
        sys.exit(EXIT_ERROR)


def _rule(prepared: PreparedRules, rule_id: str) -> Rule:
    """The rule with this id (any case), or a usage error (exit 2) that says where to look."""
    rule = prepared.rules.get(rule_id.upper())
    if rule is None:
        raise click.UsageError(f"no rule {rule_id!r}; `contract-checker rules list` shows them")
    return rule


def rule_summary(rule: Rule, prepared: PreparedRules) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "area": rule.area,
        "severity": rule.severity,
        "profiles": rule_profiles(rule, prepared.profiles),
        "tags": list(rule.tags),
        "source": str(rule.source),
        "tests": rule.test_counts(),
    }


def describe_check(rule: Rule) -> str:
    """The rule's check as its author wrote it, in YAML, for readers of ``show``/``explain``."""
    import yaml

    data = {key: rule.raw[key] for key in ("applies_when", "check", "params") if key in rule.raw}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100).rstrip()


def render_explanation(rule: Rule, prepared: PreparedRules) -> str:
    def wrap(text: str) -> str:
        return "\n".join(textwrap.fill(paragraph, 96) for paragraph in text.split("\n") if paragraph.strip())

    profiles = ", ".join(rule_profiles(rule, prepared.profiles)) or "none (select it explicitly)"
    parts = [
        f"# {rule.title} ({rule.id})",
        "",
        f"Area: {rule.area}. Default severity: {rule.severity}. Profiles: {profiles}.",
        "",
        "## What it checks",
        "",
        wrap(rule.message),
        "",
        describe_check(rule),
        "",
        "## Why it matters",
        "",
        wrap(rule.rationale),
    ]
    example = rule.example or next((test.text for test in rule.tests if test.positive), None)
    if example:
        parts += ["", "## Example of the gap", "", textwrap.indent(example.strip(), "    ")]
    parts += ["", "## Fix: model clause", "", wrap(rule.remediation)]
    if rule.references:
        parts += ["", "## References", "", *[f"- {reference}" for reference in rule.references]]
    return "\n".join(parts) + "\n"


@click.group(name="rules")
def rules_group() -> None:
    """List, show, validate and test rules."""


_PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True))
_EXTRA_RULES = click.option(
    "--rules", "extra", multiple=True, type=click.Path(exists=True), help="Extra rule pack (file or folder)."
)
_FORMAT = click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)


@rules_group.command(name="list")
@_FORMAT
@_EXTRA_RULES
def list_rules(output_format: str, extra: tuple[str, ...]) -> None:
    """List every rule with its area, severity, profiles and fixture counts."""
    prepared = _prepared(extra)
    rows = [rule_summary(rule, prepared) for rule in prepared.rules]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        tests = row["tests"]
        click.echo(
            f"{row['id']:<9} {row['severity']:<8} {row['area']:<19} {row['title']}"
            f"  [{','.join(row['profiles'])}; tests +{tests['positive']}/-{tests['negative']}]"
        )
    click.echo(f"{len(rows)} rules (rule set {prepared.rules.version})")


@rules_group.command(name="show")
@click.argument("rule_id")
@_EXTRA_RULES
def show_rule(rule_id: str, extra: tuple[str, ...]) -> None:
    """Print one rule as written, with its source file."""
    import yaml

    prepared = _prepared(extra)
    rule = _rule(prepared, rule_id)
    click.echo(f"# {rule.source}")
    click.echo(yaml.safe_dump(rule.raw, sort_keys=False, allow_unicode=True, width=100), nl=False)


@rules_group.command(name="validate")
@_PATHS
def validate_rules(paths: tuple[str, ...]) -> None:
    """Validate rule files (default: the bundled packs) against the schema and the taxonomy."""
    prepared = _prepared(paths, bundled=not paths)
    click.echo(f"{len(prepared.rules)} rules valid")


@rules_group.command(name="test")
@_PATHS
@click.option("--rule", "only", multiple=True, help="Only this rule id (repeatable).")
@click.option("--verbose", "-v", is_flag=True, help="Also list the fixtures that pass.")
def test_rules(paths: tuple[str, ...], only: tuple[str, ...], verbose: bool) -> None:
    """Run every rule's positive and negative fixtures through the real pipeline."""
    from checker.rules.testing import run_rule_tests

    prepared = _prepared(paths, bundled=not paths)
    results = run_rule_tests(prepared.rules, [rule_id.upper() for rule_id in only])
    failures = [result for result in results if not result.passed]
    for result in results:
        if verbose or not result.passed:
            click.echo(("PASS " if result.passed else "FAIL ") + result.describe())
    rules_tested = len({result.rule_id for result in results})
    click.echo(f"{len(results) - len(failures)}/{len(results)} fixtures passed for {rules_tested} rules")
    sys.exit(EXIT_FAILED if failures else EXIT_OK)


@click.command(name="explain")
@click.argument("rule_id")
@_EXTRA_RULES
def explain(rule_id: str, extra: tuple[str, ...]) -> None:
    """Explain a rule: what it checks, why it matters, an example of the gap, and the fix."""
    prepared = _prepared(extra)
    rule = _rule(prepared, rule_id)
    click.echo(render_explanation(rule, prepared), nl=False)
