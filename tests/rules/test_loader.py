from pathlib import Path

import pytest

from checker.rules.loader import RuleLoadError, load_rules
from tests.rules.conftest import rule


def test_bundled_packs_load_and_have_unique_ids() -> None:
    rules = load_rules()
    assert len(rules) >= 3
    assert len(set(rules.ids)) == len(rules.ids)
    assert all(item.tests for item in rules)


def test_unknown_key_is_an_error_naming_file_rule_and_path(write_rules) -> None:
    path = write_rules([rule(chek={"requires": "sla"})])
    with pytest.raises(RuleLoadError) as raised:
        load_rules([path])
    message = str(raised.value)
    assert str(path) in message and "rule TST-001" in message and "chek" in message


def test_misspelt_key_inside_a_check_is_an_error(write_rules) -> None:
    path = write_rules([rule(check={"within": {"category": "sla", "contain": {"entity": "PERCENT"}}})])
    with pytest.raises(RuleLoadError) as raised:
        load_rules([path])
    assert "$.rules[0].check" in str(raised.value)


def test_unknown_category_is_an_error(write_rules) -> None:
    path = write_rules([rule(check={"requires": "service_levelz"})])
    with pytest.raises(RuleLoadError, match="unknown clause category 'service_levelz'"):
        load_rules([path])


def test_undefined_param_is_an_error(write_rules) -> None:
    check = {
        "threshold": {
            "category": "sla",
            "entity": "PERCENT",
            "field": "value",
            "op": ">=",
            "value": {"param": "x"},
        }
    }
    with pytest.raises(RuleLoadError, match="param 'x'"):
        load_rules([write_rules([rule(check=check)])])


def test_regex_token_patterns_are_refused(write_rules) -> None:
    check = {"mentions": {"patterns": [[{"TEXT": {"REGEX": "(a+)+$"}}]]}}
    with pytest.raises(RuleLoadError):
        load_rules([write_rules([rule(check=check)])])


def test_duplicate_ids_across_files_are_an_error(write_rules) -> None:
    first = write_rules([rule()], "a.yaml")
    second = write_rules([rule()], "b.yaml")
    with pytest.raises(RuleLoadError, match="duplicate id"):
        load_rules([first, second])


def test_missing_path_and_bad_yaml_are_errors(tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError, match="no such rule file"):
        load_rules([tmp_path / "nope.yaml"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [\n")
    with pytest.raises(RuleLoadError, match="cannot read rule file"):
        load_rules([bad])


def test_version_changes_with_content(write_rules) -> None:
    first = load_rules([write_rules([rule()])]).version
    second = load_rules([write_rules([rule(title="Another title")])]).version
    assert first != second
