"""``contract-checker serve``: the review web app on this machine (or, with a token, on a network).

The server is safe by default: it listens on 127.0.0.1, and any other address needs an access
token (``--token`` or ``CONTRACT_CHECKER_TOKEN``) that every request must then carry; without
one it refuses to start (exit 2, one line). Uvicorn's own access log is off, because it prints
query strings (where a browser's ``?token=`` travels); the app logs method, path and status only.
"""

from __future__ import annotations

import copy
import sys
from typing import Any

import click

from checker.cli_options import max_memory_option, max_size_option, timeout_option
from checker.limits import MEGABYTE

EXIT_ERROR = 2
TOKEN_ENV = "CONTRACT_CHECKER_TOKEN"


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option(
    "--db", default=None, metavar="PATH|URL", help="Audit store to browse at /audit (SQLite or URL)."
)
@click.option("--profile", default="outsourcing", show_default=True, help="Playbook selected by default.")
@click.option(
    "--token",
    envvar=TOKEN_ENV,
    default=None,
    help=f"Access token every request must carry (required off loopback; or set {TOKEN_ENV}).",
)
@max_size_option("--max-upload-mb", "Refuse uploads larger than this many MB (HTTP 413).")
@timeout_option()
@max_memory_option()
@click.option(
    "--max-checks",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Contracts checked at the same time (each in its own worker process).",
)
def serve(
    host: str,
    port: int,
    db: str | None,
    profile: str,
    token: str | None,
    max_upload_mb: float,
    timeout: float,
    max_memory: int,
    max_checks: int,
) -> None:
    """Serve the review web app: upload a contract, review it, download the Word copy and reports."""
    from checker.web.app import SettingsError, WebSettings, profile_descriptions

    settings = WebSettings(
        host=host,
        port=port,
        db=db,
        profile=profile,
        token=token or None,
        max_upload_bytes=int(max_upload_mb * MEGABYTE),
        timeout_seconds=timeout,
        max_memory_bytes=max_memory * MEGABYTE,
        max_concurrent_checks=max_checks,
    )
    try:
        settings.check()
    except SettingsError as error:
        _fail(str(error))
    if profile not in profile_descriptions():
        _fail(f"unknown profile {profile!r} (known: {', '.join(profile_descriptions())})")
    app = _build(settings)
    click.echo(f"contract-checker: review app at {_address(settings)}", err=True)
    run_server(app, settings)


def _fail(message: str) -> None:
    click.echo(f"contract-checker: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _build(settings: Any) -> Any:
    from checker.store.database import StoreError
    from checker.web.app import create_app

    try:
        return create_app(settings)
    except StoreError as error:
        _fail(str(error))


def _address(settings: Any) -> str:
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    suffix = "/?token=<your token>" if settings.token else "/"
    return f"http://{host}:{settings.port}{suffix}"


def log_config() -> dict[str, Any]:
    """Uvicorn's logging, plus the app's own access and error loggers on the same handlers."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["checker.web"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def run_server(app: Any, settings: Any) -> None:
    """Run uvicorn in this process; tests replace this function."""
    import uvicorn

    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        access_log=False,  # it would print query strings; checker.web.security.AccessLog logs paths only
        log_config=log_config(),
        server_header=False,
        proxy_headers=False,
    )
