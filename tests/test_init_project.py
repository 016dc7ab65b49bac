from pathlib import Path

import pytest

from checker.config import load_config, waivers_path
from checker.init_project import InitError, init_project
from checker.waivers import load_waivers


def test_starter_files_are_valid_and_not_overwritten(tmp_path: Path) -> None:
    written = init_project(tmp_path)
    assert [path.name for path in written] == ["contract-checker.toml", ".contract-checker-waivers.yaml"]
    config = load_config(tmp_path / "contract-checker.toml")
    assert config.profile == "outsourcing" and config.fail_on == "error"
    assert load_waivers(waivers_path(config)) == []
    with pytest.raises(InitError, match="already exists"):
        init_project(tmp_path)
    (tmp_path / "contract-checker.toml").write_text("# mine\n")
    init_project(tmp_path, force=True)
    assert "profile" in (tmp_path / "contract-checker.toml").read_text()
