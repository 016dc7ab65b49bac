from pathlib import Path

import pytest

from checker import validation_cache as cache_module
from checker.rules.loader import RULE_SCHEMA, RuleLoadError, load_rules
from checker.schema_validation import schema_text
from checker.validation_cache import CACHE_FILE, ValidationCache, cache_folder

RULE = """
rules:
  - id: TST-001
    title: Exit plan
    area: exit
    severity: warning
    check: {requires: exit_strategy}
    message: The contract has no exit plan.
    rationale: Every outsourcing ends; without an exit plan the supplier controls the way out.
    remediation: The Supplier shall deliver an exit plan within ninety (90) days after signature.
    tests:
      positive: [{text: "The Supplier shall provide the Services."}]
      negative: [{text: "The Supplier shall deliver an exit plan within three months."}]
"""


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONTRACT_CHECKER_CACHE_DIR", str(folder))
    monkeypatch.delenv("CONTRACT_CHECKER_NO_CACHE", raising=False)
    cache_module.validation_cache.cache_clear()
    yield folder
    cache_module.validation_cache.cache_clear()


def test_digests_survive_between_processes(private_cache: Path) -> None:
    first = ValidationCache(private_cache)
    digest = ValidationCache.digest("kind", b"schema", b"content")
    assert digest not in first
    first.add(digest)
    assert digest in ValidationCache(private_cache)
    assert ValidationCache.digest("kind", b"schema", b"other") not in ValidationCache(private_cache)
    # Parts are length-prefixed: moving a byte between schema and content is another digest.
    assert ValidationCache.digest("kind", b"schem", b"acontent") != digest


def _rule_digest(path: Path) -> str:
    return ValidationCache.digest("rule-file", schema_text(RULE_SCHEMA), path.read_bytes())


def test_valid_rule_file_is_remembered_and_invalid_one_never(private_cache: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(RULE, encoding="utf-8")
    load_rules([good])
    assert _rule_digest(good) in ValidationCache(private_cache)
    bad = tmp_path / "bad.yaml"
    bad.write_text(RULE.replace("severity: warning", "severity: fatal"), encoding="utf-8")
    for _ in range(2):  # refused every time, not only before a cache entry could exist
        with pytest.raises(RuleLoadError, match="severity"):
            load_rules([bad])
    assert _rule_digest(bad) not in ValidationCache(private_cache)


def test_a_remembered_file_still_checks_its_taxonomy_ids(private_cache: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(RULE, encoding="utf-8")
    load_rules([good])
    load_rules([good])  # second load skips validation and still compiles
    assert [rule.id for rule in load_rules([good]).rules] == ["TST-001"]


def test_corrupt_or_unwritable_cache_only_costs_time(private_cache: Path, tmp_path: Path) -> None:
    private_cache.mkdir(parents=True)
    (private_cache / CACHE_FILE).write_text("{not json", encoding="utf-8")
    cache = ValidationCache(private_cache)
    assert cache._digests == []
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    unwritable = ValidationCache(blocked / "cache")
    unwritable.add("abc")  # cannot create the folder: ignored
    assert "abc" in unwritable


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACT_CHECKER_NO_CACHE", "1")
    assert cache_folder() is None
    cache = ValidationCache(None)
    cache.add("abc")
    assert cache.path is None
