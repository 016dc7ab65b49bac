"""Profiles (playbooks) and the selection of rules a run evaluates.

A profile selects and tunes rules for a kind of agreement, the way a ruff configuration
selects rule codes: selectors name an id (``SLA-003``), an id prefix (``SLA``), an area
(``data_protection``), a tag, or ``ALL``. The configuration file and the command line then
narrow or extend the profile's choice; the most specific selector wins a severity override.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.rules.loader import RULE_SUFFIXES, RuleLoadError, bundled_rules_path
from checker.rules.model import Rule, RuleSet
from checker.schema_validation import schema_errors
from checker.yaml_loading import load_yaml

DEFAULT_PROFILE = "outsourcing"
PROFILE_SCHEMA = "profile.schema.json"


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    description: str
    select: tuple[str, ...]
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    extends: str | None = None
    source: Path | None = None


@dataclass(frozen=True, slots=True)
class ActiveRule:
    """A rule as a run evaluates it: with the severity and params the profile and config chose."""

    rule: Rule
    severity: str
    params: dict[str, Any]


def selector_matches(selector: str, rule: Rule) -> bool:
    return selector in ("ALL", rule.id, rule.prefix, rule.area) or selector in rule.tags


def _specificity(selector: str, rule: Rule) -> int:
    if selector == rule.id:
        return 3
    if selector == rule.prefix:
        return 2
    return 0 if selector == "ALL" else 1


def profile_files(rule_paths: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    folders = [bundled_rules_path() / "profiles"]
    for path in map(Path, rule_paths):
        if path.is_dir() and (path / "profiles").is_dir():
            folders.append(path / "profiles")
    return [file for folder in folders for file in sorted(folder.iterdir()) if file.suffix in RULE_SUFFIXES]


def load_profiles(rule_paths: Iterable[str | os.PathLike[str]] = ()) -> dict[str, Profile]:
    """Bundled profiles plus those in a ``profiles/`` folder of each extra rule path."""
    profiles: dict[str, Profile] = {}
    problems: list[str] = []
    for path in profile_files(rule_paths):
        try:
            content = path.read_bytes()
            data = load_yaml(content)
        except (OSError, yaml.YAMLError) as error:
            problems.append(f"{path}: cannot read profile: {str(error).splitlines()[0]}")
            continue
        errors = schema_errors(data, PROFILE_SCHEMA, str(path), content)
        if errors:
            problems.extend(errors)
            continue
        profiles[data["profile"]] = Profile(
            name=data["profile"],
            description=data["description"].strip(),
            select=tuple(data.get("select", ())),
            ignore=tuple(data.get("ignore", ())),
            severity=dict(data.get("severity", {})),
            params={key: dict(value) for key, value in data.get("params", {}).items()},
            extends=data.get("extends"),
            source=path,
        )
    for profile in profiles.values():
        if profile.extends and profile.extends not in profiles:
            problems.append(f"{profile.source}: $.extends: unknown profile {profile.extends!r}")
    if problems:
        raise RuleLoadError(problems)
    return profiles


def flatten(profile: Profile, profiles: Mapping[str, Profile]) -> Profile:
    """A profile with what it extends folded in (a child's settings win)."""
    chain: list[Profile] = []
    current: Profile | None = profile
    while current is not None and current not in chain:
        chain.append(current)
        current = profiles.get(current.extends) if current.extends else None
    select: list[str] = []
    ignore: list[str] = []
    severity: dict[str, str] = {}
    params: dict[str, dict[str, Any]] = {}
    for item in reversed(chain):
        select.extend(item.select)
        ignore.extend(item.ignore)
        severity.update(item.severity)
        for rule_id, values in item.params.items():
            params.setdefault(rule_id, {}).update(values)
    return Profile(
        profile.name,
        profile.description,
        tuple(select),
        tuple(ignore),
        severity,
        params,
        None,
        profile.source,
    )


@dataclass(frozen=True, slots=True)
class Selection:
    """What the configuration and command line add on top of a profile."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)


def _override(rule: Rule, overrides: Mapping[str, str], default: str) -> str:
    matching = [
        (selector, value) for selector, value in overrides.items() if selector_matches(selector, rule)
    ]
    if not matching:
        return default
    return max(matching, key=lambda item: _specificity(item[0], rule))[1]


def active_rules(rules: RuleSet, profile: Profile, selection: Selection | None = None) -> list[ActiveRule]:
    """The rules a run evaluates, with their final severity and params, in rule-set order."""
    selection = selection or Selection()
    chosen = []
    for rule in rules:
        if selection.select:
            picked = any(selector_matches(selector, rule) for selector in selection.select)
        else:
            picked = any(selector_matches(selector, rule) for selector in profile.select)
            picked = picked and not any(selector_matches(selector, rule) for selector in profile.ignore)
        picked = picked or any(selector_matches(selector, rule) for selector in selection.extend_select)
        if not picked or any(selector_matches(selector, rule) for selector in selection.ignore):
            continue
        severity = _override(rule, selection.severity, _override(rule, profile.severity, rule.severity))
        params = {**rule.params, **profile.params.get(rule.id, {}), **selection.params.get(rule.id, {})}
        chosen.append(ActiveRule(rule, severity, params))
    return chosen


def rule_profiles(rule: Rule, profiles: Mapping[str, Profile]) -> list[str]:
    """Names of the profiles that select a rule."""
    names = []
    for name, profile in sorted(profiles.items()):
        flat = flatten(profile, profiles)
        if any(selector_matches(s, rule) for s in flat.select) and not any(
            selector_matches(s, rule) for s in flat.ignore
        ):
            names.append(name)
    return names


def resolve_profile(name: str, profiles: Mapping[str, Profile]) -> Profile:
    if name not in profiles:
        known = ", ".join(sorted(profiles))
        raise RuleLoadError([f"unknown profile {name!r} (known: {known})"])
    return flatten(profiles[name], profiles)


def check_selectors(selectors: Sequence[str], rules: RuleSet, source: str) -> list[str]:
    """Selectors that match no rule: almost always a typo that would silently select nothing."""
    return [
        f"{source}: selector {selector!r} matches no rule"
        for selector in selectors
        if not any(selector_matches(selector, rule) for rule in rules)
    ]
