from pathlib import Path

import pytest

from checker.config import ConfigError, find_config, load_config, waivers_path


def test_find_config_walks_up_and_reads_pyproject_table(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(nested) is None or not str(find_config(nested)).startswith(str(tmp_path))
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(nested) is None or find_config(nested).parent != tmp_path
    (tmp_path / "pyproject.toml").write_text('[tool.contract-checker]\nprofile = "saas"\n')
    assert find_config(nested) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "contract-checker.toml").write_text('profile = "offshore"\n')
    assert find_config(nested) == tmp_path / "a" / "contract-checker.toml"
    assert load_config(find_config(nested)).profile == "offshore"
    assert load_config(tmp_path / "pyproject.toml").profile == "saas"


def test_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "contract-checker.toml"
    path.write_text(
        'profile = "outsourcing"\nrule-paths = ["house-rules"]\nwaivers = "w.yaml"\nfail-on = "warning"\n'
        'select = ["SLA"]\nignore = ["SLA-003"]\n[severity]\n"SLA-002" = "error"\n'
        '[bundles]\nacme = ["acme/"]\n[params.SLA-003]\nmin_availability = 99.9\n'
    )
    config = load_config(path)
    assert config.rule_paths == (str(tmp_path / "house-rules"),)
    assert waivers_path(config) == tmp_path / "w.yaml"
    assert config.fail_on == "warning" and config.select == ("SLA",) and config.ignore == ("SLA-003",)
    assert config.severity == {"SLA-002": "error"} and config.bundles == {"acme": ("acme/",)}
    assert config.params == {"SLA-003": {"min_availability": 99.9}}


def test_unknown_keys_and_bad_toml_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "contract-checker.toml"
    path.write_text('profil = "saas"\n')
    with pytest.raises(ConfigError, match="profil"):
        load_config(path)
    path.write_text("profile = \n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path)
