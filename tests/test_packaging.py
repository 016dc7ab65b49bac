"""The package as pip installs it from a wheel (pyproject.toml)."""

import glob
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_the_checker_reads_ships_in_the_wheel() -> None:
    """Editable installs read the checkout; a wheel carries only what package-data names."""
    import tomllib

    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package = REPO_ROOT / "checker"
    shipped = {
        Path(found)
        for pattern in config["tool"]["setuptools"]["package-data"]["checker"]
        for found in glob.glob(str(package / pattern), recursive=True)  # follows rulepacks -> ../rules
        if Path(found).is_file()
    }
    needed = [
        path
        for folder in (
            "nlp/model",
            "rulepacks",
            "reports/templates",
            "schemas",
            "store/migrations",
            "web/templates",
            "web/static",
        )
        for path in (package / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert needed
    assert [str(path) for path in needed if path not in shipped] == []
