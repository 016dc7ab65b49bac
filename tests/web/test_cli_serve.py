"""``contract-checker serve``: safe defaults, refusals with exit status 2, the settings handed to uvicorn."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

import checker.cli_serve as cli_serve
from checker.cli import main
from tests.web.conftest import TOKEN


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, Any]]:
    """Capture what would be served instead of starting uvicorn."""
    calls: list[tuple[Any, Any]] = []
    monkeypatch.setattr(cli_serve, "run_server", lambda app, settings: calls.append((app, settings)))
    monkeypatch.delenv(cli_serve.TOKEN_ENV, raising=False)
    return calls


def test_defaults_bind_to_loopback(served: list[tuple[Any, Any]]) -> None:
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    app, settings = served[0]
    assert settings.host == "127.0.0.1" and settings.port == 8000
    assert settings.token is None
    assert settings.max_upload_bytes == 50 * 1024 * 1024
    assert app.title == "contract-checker"
    assert "http://127.0.0.1:8000/" in result.output


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_non_loopback_host_without_token_exits_2(served: list[tuple[Any, Any]], host: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--host", host])
    assert result.exit_code == 2
    assert "token" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert served == []


def test_short_token_exits_2(served: list[tuple[Any, Any]]) -> None:
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--token", "short"])
    assert result.exit_code == 2
    assert served == []


def test_token_from_the_environment_allows_a_network_host(served: list[tuple[Any, Any]]) -> None:
    result = CliRunner().invoke(
        main,
        ["serve", "--host", "0.0.0.0", "--port", "9000", "--max-upload-mb", "5", "--profile", "saas"],
        env={cli_serve.TOKEN_ENV: TOKEN},
    )
    assert result.exit_code == 0, result.output
    _, settings = served[0]
    assert settings.token == TOKEN
    assert settings.max_upload_bytes == 5 * 1024 * 1024
    assert settings.profile == "saas"
    assert TOKEN not in result.output  # the printed address has a placeholder, not the secret


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts_need_no_token(served: list[tuple[Any, Any]], host: str) -> None:
    assert CliRunner().invoke(main, ["serve", "--host", host]).exit_code == 0


def test_unknown_profile_exits_2(served: list[tuple[Any, Any]]) -> None:
    result = CliRunner().invoke(main, ["serve", "--profile", "nope"])
    assert result.exit_code == 2
    assert "unknown profile" in result.output


def test_unusable_store_exits_2(served: list[tuple[Any, Any]], tmp_path: Any) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing" / "store.sqlite")])
    assert result.exit_code == 2
    assert "store" in result.output


def test_uvicorn_access_log_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Uvicorn's access log prints query strings (a browser's ?token=); the app logs paths only."""
    import uvicorn

    from checker.web.app import WebSettings

    captured: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: captured.update(options))
    cli_serve.run_server(object(), WebSettings())
    assert captured["access_log"] is False
    assert captured["host"] == "127.0.0.1"
    assert captured["log_config"]["loggers"]["checker.web"]["handlers"] == ["default"]
