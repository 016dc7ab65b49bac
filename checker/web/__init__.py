"""The review web app (``contract-checker serve``): upload a contract, review it beside its findings.

See ``docs/web.md`` for how to run it and the safety model, and :mod:`checker.web.app` for the
routes. Importing this package does not import FastAPI; :func:`create_app` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from checker.web.app import WebSettings


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Build the ASGI app (see :func:`checker.web.app.create_app`)."""
    from checker.web.app import create_app as build

    return build(settings)


def __getattr__(name: str) -> Any:
    if name == "WebSettings":
        from checker.web.app import WebSettings

        return WebSettings
    raise AttributeError(name)
