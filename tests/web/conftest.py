"""Fixtures for the review web app: apps built with test settings, clients, CSRF-aware form posts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from checker.web.app import WebSettings, create_app

SECRET = b"test-secret-" + b"x" * 20
BASE_URL = "http://127.0.0.1:8000"
TOKEN = "a-test-token-of-32-characters-xx"

AppFactory = Callable[..., TestClient]


@pytest.fixture
def make_client() -> Iterator[AppFactory]:
    """Build a client for an app with the given settings; clients are closed (lifespan ended) afterwards."""
    clients: list[TestClient] = []

    def factory(**overrides: Any) -> TestClient:
        settings = WebSettings(secret=SECRET, **overrides)
        client = TestClient(create_app(settings), base_url=BASE_URL)
        client.__enter__()
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """One app with default settings, shared by a test module (the pipeline loads once)."""
    with TestClient(create_app(WebSettings(secret=SECRET)), base_url=BASE_URL) as shared:
        yield shared


def csrf_token(client: TestClient) -> str:
    """Load the upload page (which sets the CSRF cookie) and return the page's token."""
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 200
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', page.text)
    assert match
    return match.group(1)


def post_file(
    client: TestClient,
    url: str,
    path: Path | None = None,
    *,
    content: bytes | None = None,
    name: str | None = None,
    csrf: bool = True,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Post one file as the upload form (or the JS) would: multipart, with the CSRF field for forms."""
    data = dict(fields or {})
    if csrf:
        data["csrf_token"] = csrf_token(client)
    body = content if content is not None else path.read_bytes()  # type: ignore[union-attr]
    file_name = name or (path.name if path is not None else "upload.bin")
    return client.post(
        url,
        files={"file": (file_name, body, "application/octet-stream")},
        data=data,
        headers={"Accept": "text/html", **(headers or {})},
    )
