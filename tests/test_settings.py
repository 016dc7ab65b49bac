from pathlib import Path

import pytest

from checker.settings import SettingsError, resolve_settings


def test_cli_overrides_file_overrides_defaults(tmp_path: Path) -> None:
    config = tmp_path / "contract-checker.toml"
    config.write_text('profile = "saas"\nfail-on = "warning"\nignore = ["SLA-003"]\n')
    defaults = resolve_settings(no_config=True)
    assert defaults.rules.profile == "outsourcing" and defaults.fail_on == "error"
    from_file = resolve_settings(config_path=config)
    assert from_file.rules.profile == "saas" and from_file.fail_on == "warning"
    assert from_file.rules.ignore == ("SLA-003",)
    from_cli = resolve_settings(config_path=config, profile="offshore", fail_on="info", ignore=("SLA-002",))
    assert from_cli.rules.profile == "offshore" and from_cli.fail_on == "info"
    assert from_cli.rules.ignore == ("SLA-003", "SLA-002")


def test_bad_selector_profile_and_waivers_are_errors(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="matches no rule"):
        resolve_settings(no_config=True, select=("NOPE-999",))
    with pytest.raises(SettingsError, match="unknown profile"):
        resolve_settings(no_config=True, profile="nope")
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers: [{path: a}]\n")
    with pytest.raises(SettingsError):
        resolve_settings(no_config=True, waivers_path=waivers)
