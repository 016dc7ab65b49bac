"""Load rule packs: YAML files validated against ``schemas/rule.schema.json``, then compiled.

A misspelt key must never silently disable a check, so every object in the schema is closed
and the loader refuses the whole pack on any problem. Errors name the file, the rule id and
the JSON path, one line each, because the people who fix rule packs are often lawyers.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.matcher import Matcher
from spacy.vocab import Vocab

from checker.rules.checks import CheckCompileError, compile_check
from checker.rules.matching import MatcherRegistry
from checker.rules.model import Rule, RuleSet, RuleTest, content_version
from checker.schema_validation import schema_errors, schema_text
from checker.taxonomy import load_taxonomy
from checker.validation_cache import ValidationCache, validation_cache
from checker.yaml_loading import load_yaml

RULE_SCHEMA = "rule.schema.json"
RULE_SUFFIXES = (".yaml", ".yml")


class RuleLoadError(ValueError):
    """One or more rule files are invalid; the message has one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def bundled_rules_path() -> Path:
    """The rule packs shipped with the checker (``rules/`` in the repository)."""
    return Path(str(resources.files("checker").joinpath("rulepacks")))


def rule_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Rule YAML files under the given files and folders, sorted; profile files are skipped."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                sorted(
                    candidate
                    for candidate in path.rglob("*")
                    if candidate.suffix in RULE_SUFFIXES
                    and "profiles" not in candidate.relative_to(path).parts
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise RuleLoadError([f"{path}: no such rule file or folder"])
    return found


def _rule_label(data: Any, index: int) -> str:
    if isinstance(data, dict) and isinstance(data.get("rules"), list) and index < len(data["rules"]):
        rule = data["rules"][index]
        if isinstance(rule, dict) and isinstance(rule.get("id"), str):
            return rule["id"]
    return f"rules[{index}]"


def _schema_problems(data: Any, source: str) -> list[str]:
    problems = []
    for line in schema_errors(data, RULE_SCHEMA, source):
        # "$.rules[3].check..." -> name the rule by its id, which is what authors search for.
        prefix = f"{source}: $.rules["
        if line.startswith(prefix):
            index = int(line[len(prefix) :].split("]", 1)[0])
            line = (
                f"{source}: rule {_rule_label(data, index)}: $.rules[{index}]"
                + line[len(prefix) :].split("]", 1)[1]
            )
        problems.append(line)
    return problems


@cache
def _probe_vocab() -> Vocab:
    """One blank vocabulary for validating every pattern: making one per rule costs seconds."""
    return spacy.blank("en").vocab


def _pattern_problems(rule: dict[str, Any], source: str) -> list[str]:
    """Token patterns spaCy itself rejects (the schema cannot see every constraint)."""
    problems: list[str] = []
    matcher = Matcher(_probe_vocab(), validate=True)

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "patterns" and isinstance(value, list):
                    for index, pattern in enumerate(value):
                        try:
                            matcher.add("probe", [pattern])
                        except (ValueError, TypeError) as error:
                            first_line = str(error).strip().splitlines()[0]
                            problems.append(
                                f"{source}: rule {rule['id']}: {path}.patterns[{index}]: {first_line}"
                            )
                else:
                    walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{path}[{index}]")

    walk(rule.get("check"), "$.check")
    walk(rule.get("applies_when"), "$.applies_when")
    return problems


def _build_rule(
    data: dict[str, Any], source: Path, registry: MatcherRegistry, categories: frozenset[str]
) -> Rule:
    params = dict(data.get("params", {}))
    applies_when = (
        compile_check(data["applies_when"], registry, categories, params, "$.applies_when")
        if "applies_when" in data
        else None
    )
    tests = data["tests"]
    return Rule(
        id=data["id"],
        title=data["title"],
        area=data["area"],
        severity=data["severity"],
        check=compile_check(data["check"], registry, categories, params, "$.check"),
        message=data["message"].strip(),
        rationale=data["rationale"].strip(),
        remediation=data["remediation"].strip(),
        source=source,
        applies_when=applies_when,
        params=params,
        tags=tuple(data.get("tags", ())),
        example=data.get("example", "").strip() or None,
        references=tuple(data.get("references", ())),
        tests=tuple(
            RuleTest(
                text=test["text"],
                positive=kind == "positive",
                name=test.get("name"),
                contract_type=test.get("contract_type"),
            )
            for kind in ("positive", "negative")
            for test in tests[kind]
        ),
        raw=data,
    )


def load_rules(paths: Iterable[str | os.PathLike[str]] | None = None) -> RuleSet:
    """Load and compile rule files (default: the bundled packs). Raises :class:`RuleLoadError`.

    A file whose exact content already validated (see :mod:`checker.validation_cache`) skips
    the schema and pattern checks; it is still compiled, so the taxonomy is checked every time.
    """
    files = rule_files(paths if paths is not None else [bundled_rules_path()])
    categories = frozenset(load_taxonomy().ids)
    registry = MatcherRegistry()
    validated = validation_cache()
    schema = schema_text(RULE_SCHEMA)
    problems: list[str] = []
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    contents: list[bytes] = []
    for path in files:
        source = str(path)
        try:
            content = path.read_bytes()
            data = load_yaml(content)
        except (OSError, yaml.YAMLError) as error:
            problems.append(f"{source}: cannot read rule file: {str(error).splitlines()[0]}")
            continue
        contents.append(content)
        digest = ValidationCache.digest("rule-file", schema, content)
        known_valid = digest in validated
        file_problems = [] if known_valid else _schema_problems(data, source)
        if file_problems:
            problems.extend(file_problems)
            continue
        file_valid = True
        for rule_data in data["rules"]:
            rule_id = rule_data["id"]
            if rule_id in seen:
                problems.append(f"{source}: rule {rule_id}: $.id: duplicate id (also in {seen[rule_id]})")
                continue
            pattern_problems = [] if known_valid else _pattern_problems(rule_data, source)
            if pattern_problems:
                problems.extend(pattern_problems)
                file_valid = False
                continue
            try:
                rules.append(_build_rule(rule_data, path, registry, categories))
            except CheckCompileError as error:
                problems.append(f"{source}: rule {rule_id}: {error.path}: {error}")
                file_valid = False
                continue
            seen[rule_id] = path
        if file_valid and not known_valid:
            validated.add(digest)
    if problems:
        raise RuleLoadError(problems)
    return RuleSet(rules=tuple(rules), version=content_version(contents), registry=registry)
