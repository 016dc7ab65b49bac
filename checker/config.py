"""Project configuration: ``contract-checker.toml`` or ``[tool.contract-checker]`` in ``pyproject.toml``.

Like ruff, the checker looks for configuration in the current folder and its parents, so a
contract repository carries its playbook choices with it. The file is validated against
``schemas/config.schema.json``; paths in it are relative to the file. Command-line options
override the file, which overrides the defaults.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.schema_validation import SchemaError, validate

CONFIG_FILE = "contract-checker.toml"
PYPROJECT = "pyproject.toml"
WAIVERS_FILE = ".contract-checker-waivers.yaml"


class ConfigError(ValueError):
    """The configuration file is unreadable or invalid; one line per problem."""


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from the configuration file, with paths made absolute."""

    source: Path | None = None
    profile: str | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    rule_paths: tuple[str, ...] = ()
    fail_on: str | None = None
    waivers: Path | None = None
    bundles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.source.parent if self.source else Path.cwd()


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``contract-checker.toml``, or ``pyproject.toml`` with our table, upwards from ``start``."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            return pyproject
    return None


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    table = data.get("tool", {}).get("contract-checker")
    return table if isinstance(table, dict) else None


def load_config(path: Path | None) -> Config:
    """Read and validate a configuration file; ``None`` gives the defaults."""
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read configuration: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("contract-checker", {})
    try:
        validate(data, "config.schema.json", str(path), text.encode())
    except SchemaError as error:
        raise ConfigError(str(error)) from None
    root = path.parent
    return Config(
        source=path,
        profile=data.get("profile"),
        select=tuple(data.get("select", ())),
        extend_select=tuple(data.get("extend-select", ())),
        ignore=tuple(data.get("ignore", ())),
        severity=dict(data.get("severity", {})),
        rule_paths=tuple(str((root / item).resolve()) for item in data.get("rule-paths", ())),
        fail_on=data.get("fail-on"),
        waivers=(root / data["waivers"]) if "waivers" in data else None,
        bundles={name: tuple(items) for name, items in data.get("bundles", {}).items()},
        params={rule_id: dict(values) for rule_id, values in data.get("params", {}).items()},
    )


def waivers_path(config: Config) -> Path:
    """The waivers file: as configured, else next to the configuration file (or in the current folder)."""
    return config.waivers or config.root / WAIVERS_FILE
