"""One run's settings, merged with the precedence command line > configuration file > defaults.

The CLI, the web app and batch audits all need the same answer to "which rules, which
profile, which fail level, which waivers", so the merge lives here rather than in a command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.config import Config, ConfigError, find_config, load_config
from checker.config import waivers_path as configured_waivers_path
from checker.rules.loader import RuleLoadError
from checker.rules.options import RuleOptions, prepare_rules
from checker.rules.profiles import DEFAULT_PROFILE
from checker.runner import DocumentResult
from checker.waivers import Waiver, WaiverError, WaiverOutcome, apply_waivers, load_waivers

DEFAULT_FAIL_ON = "error"


class SettingsError(ValueError):
    """Configuration, rules or waivers cannot be used; one line per problem (exit 2)."""


@dataclass(frozen=True, slots=True)
class CheckSettings:
    config: Config
    rules: RuleOptions
    fail_on: str
    waivers: list[Waiver] = field(default_factory=list)

    def apply_waivers(self, results: Sequence[DocumentResult]) -> WaiverOutcome:
        """Remove waived findings from the results (in place) and say what the waivers did."""
        kept, outcome = apply_waivers([(result.path, result.findings) for result in results], self.waivers)
        for result in results:
            result.findings = kept.get(result.path, [])
        return outcome


def resolve_settings(
    *,
    profile: str | None = None,
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    rule_paths: Sequence[str] = (),
    config_path: Path | None = None,
    no_config: bool = False,
    waivers_path: Path | None = None,
    fail_on: str | None = None,
) -> CheckSettings:
    """Merge the sources, then load rules and waivers so every problem surfaces before any file is read."""
    try:
        config = Config() if no_config else load_config(config_path or find_config())
    except ConfigError as error:
        raise SettingsError(str(error)) from None
    rules = RuleOptions(
        extra_paths=(*config.rule_paths, *(str(Path(path).resolve()) for path in rule_paths)),
        profile=profile or config.profile or DEFAULT_PROFILE,
        select=tuple(select) or config.select,
        extend_select=(*config.extend_select, *extend_select),
        ignore=(*config.ignore, *ignore),
        severity=tuple(sorted(config.severity.items())),
        params=tuple(
            sorted((rule_id, tuple(sorted(values.items()))) for rule_id, values in config.params.items())
        ),
    )
    try:
        prepare_rules(rules)
    except RuleLoadError as error:
        raise SettingsError(str(error)) from None
    try:
        waivers = load_waivers(waivers_path or configured_waivers_path(config))
    except WaiverError as error:
        raise SettingsError(str(error)) from None
    return CheckSettings(config, rules, fail_on or config.fail_on or DEFAULT_FAIL_ON, waivers)
