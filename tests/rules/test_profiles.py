import pytest

from checker.rules.loader import RuleLoadError, load_rules
from checker.rules.profiles import (
    Profile,
    Selection,
    active_rules,
    load_profiles,
    resolve_profile,
    rule_profiles,
)
from tests.rules.conftest import rule


@pytest.fixture
def rules(write_rules):
    return load_rules(
        [
            write_rules(
                [
                    rule("SLA-001"),
                    rule("SLA-002", severity="warning"),
                    rule("DP-001", area="data_protection", tags=["cross-border"]),
                ]
            )
        ]
    )


def _ids(active) -> list[str]:
    return [item.rule.id for item in active]


def test_bundled_profiles_exist_and_resolve() -> None:
    profiles = load_profiles()
    assert {"outsourcing", "saas", "data-processing", "offshore"} <= set(profiles)
    offshore = resolve_profile("offshore", profiles)
    assert "ALL" in offshore.select  # inherited from outsourcing
    with pytest.raises(RuleLoadError, match="unknown profile"):
        resolve_profile("nope", profiles)


def test_select_ignore_by_id_prefix_area_and_tag(rules) -> None:
    everything = Profile("p", "a test profile", ("ALL",))
    assert _ids(active_rules(rules, everything)) == ["SLA-001", "SLA-002", "DP-001"]
    assert _ids(active_rules(rules, Profile("p", "d", ("SLA",)))) == ["SLA-001", "SLA-002"]
    assert _ids(active_rules(rules, Profile("p", "d", ("data_protection",)))) == ["DP-001"]
    assert _ids(active_rules(rules, Profile("p", "d", ("cross-border",)))) == ["DP-001"]
    assert _ids(active_rules(rules, everything, Selection(ignore=("SLA-002",)))) == ["SLA-001", "DP-001"]
    assert _ids(active_rules(rules, everything, Selection(select=("DP",)))) == ["DP-001"]
    narrow = Profile("p", "d", ("SLA-001",))
    assert _ids(active_rules(rules, narrow, Selection(extend_select=("DP-001",)))) == ["SLA-001", "DP-001"]


def test_most_specific_severity_override_wins(rules) -> None:
    profile = Profile("p", "d", ("ALL",), severity={"sla": "info", "SLA-002": "error"})
    severities = {item.rule.id: item.severity for item in active_rules(rules, profile)}
    assert severities == {"SLA-001": "info", "SLA-002": "error", "DP-001": "error"}
    cli = Selection(severity={"SLA": "warning"})
    severities = {item.rule.id: item.severity for item in active_rules(rules, profile, cli)}
    assert severities["SLA-001"] == "warning"


def test_params_override_in_order_rule_profile_selection(write_rules) -> None:
    rules = load_rules([write_rules([rule("SLA-001", params={"limit": 1, "other": 2})])])
    profile = Profile("p", "d", ("ALL",), params={"SLA-001": {"limit": 5}})
    [item] = active_rules(rules, profile, Selection(params={"SLA-001": {"other": 9}}))
    assert item.params == {"limit": 5, "other": 9}


def test_rule_profiles_lists_selecting_profiles(rules) -> None:
    profiles = {
        "a": Profile("a", "d", ("ALL",)),
        "b": Profile("b", "d", ("data_protection",)),
        "c": Profile("c", "d", (), extends="a", ignore=("DP",)),
    }
    dp = rules.get("DP-001")
    assert rule_profiles(dp, profiles) == ["a", "b"]
    assert rule_profiles(rules.get("SLA-001"), profiles) == ["a", "c"]
