"""Which rules a run evaluates, as plain picklable data, and the cached compiled result.

Batch workers receive :class:`RuleOptions` (paths, profile, selectors) rather than compiled
rules, and :func:`prepare_rules` compiles them once per process. The parent process calls it
before forking, so a broken rule pack is a usage error (exit 2) before any file is read and
the workers inherit the compiled rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from checker.rules.loader import RuleLoadError, bundled_rules_path, load_rules
from checker.rules.model import RuleSet
from checker.rules.profiles import (
    DEFAULT_PROFILE,
    ActiveRule,
    Profile,
    Selection,
    active_rules,
    check_selectors,
    load_profiles,
    resolve_profile,
)

Params = tuple[tuple[str, tuple[tuple[str, float | str | bool], ...]], ...]


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """Rule packs, profile and selectors, hashable so compiled rules can be cached on them."""

    extra_paths: tuple[str, ...] = ()
    profile: str = DEFAULT_PROFILE
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    params: Params = ()
    include_bundled: bool = True

    def selection(self) -> Selection:
        return Selection(
            select=self.select,
            extend_select=self.extend_select,
            ignore=self.ignore,
            severity=dict(self.severity),
            params={rule_id: dict(values) for rule_id, values in self.params},
        )

    @property
    def paths(self) -> tuple[str, ...]:
        bundled = (str(bundled_rules_path()),) if self.include_bundled else ()
        return bundled + self.extra_paths


@dataclass(frozen=True, slots=True)
class PreparedRules:
    rules: RuleSet
    profile: Profile
    active: tuple[ActiveRule, ...]
    profiles: dict[str, Profile]


@cache
def prepare_rules(options: RuleOptions) -> PreparedRules:
    """Load, validate and select the rules; raises :class:`RuleLoadError` on any problem."""
    rules = load_rules(options.paths)
    profiles = load_profiles([Path(path) for path in options.paths])
    profile = resolve_profile(options.profile, profiles)
    selection = options.selection()
    problems = check_selectors(
        [*selection.select, *selection.extend_select, *selection.ignore, *selection.severity],
        rules,
        "selection",
    )
    unknown = [rule_id for rule_id in selection.params if rules.get(rule_id) is None]
    problems += [f"params: unknown rule {rule_id}" for rule_id in unknown]
    if problems:
        raise RuleLoadError(problems)
    return PreparedRules(rules, profile, tuple(active_rules(rules, profile, selection)), profiles)
