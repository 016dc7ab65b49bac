import click

from checker.cli import main
from checker.limits import MEGABYTE, Limits


def _options(command: str) -> dict[str, click.Option]:
    return {param.name: param for param in main.commands[command].params if isinstance(param, click.Option)}


def test_every_file_reading_command_has_the_same_bounds_and_defaults() -> None:
    check, audit, serve = _options("check"), _options("audit"), _options("serve")
    for options, size in ((check, "max_size"), (audit, "max_size"), (serve, "max_upload_mb")):
        assert options[size].default == Limits().max_file_bytes / MEGABYTE
        assert options["timeout"].default == Limits().timeout_seconds
        assert options["max_memory"].default == Limits().max_memory_bytes // MEGABYTE
        assert options["max_memory"].type.min == 64
        assert options["timeout"].type.min == 0.1


def test_the_help_names_what_each_command_reads() -> None:
    assert "per contract" in _options("audit")["max_memory"].help
    assert "per file" in _options("check")["max_memory"].help
    assert "uploads" in _options("serve")["max_upload_mb"].help
