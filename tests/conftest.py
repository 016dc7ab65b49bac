"""Shared test fixtures: where the repository, its fixtures and the CUAD data live."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres import PostgresServer, PostgresUnavailable, postgres_required

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "fixtures"
CONTRACTS = FIXTURES / "contracts"
BAD = FIXTURES / "bad"
SCHEMAS = REPO_ROOT / "schemas"
CUAD_DIR = REPO_ROOT.parent / "shared" / "data" / "cuad-dev"

# The validation cache (checker.validation_cache) goes to a folder of this test run, not the
# user's cache; subprocesses started by the tests inherit it.
os.environ.setdefault("CONTRACT_CHECKER_CACHE_DIR", tempfile.mkdtemp(prefix="contract-checker-test-cache-"))


@pytest.fixture(scope="session")
def cuad_dir() -> Path:
    """The CUAD dev split beside the checkout; tests needing it skip cleanly without it."""
    if not (CUAD_DIR / "labels.jsonl").is_file():
        pytest.skip(f"CUAD dev data not found at {CUAD_DIR}")
    return CUAD_DIR


@pytest.fixture(scope="session")
def report_schema() -> dict:
    return json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def contracts_dir() -> Path:
    return CONTRACTS


@pytest.fixture(scope="session")
def bad_dir() -> Path:
    return BAD


@pytest.fixture(scope="session")
def expected_errors() -> dict[str, str]:
    """Error code each hostile fixture must produce, written by ``python -m fixtures.build``."""
    return json.loads((BAD / "expected-errors.json").read_text(encoding="utf-8"))


# A real PostgreSQL server beside the SQLite files (audit store tests). One server serves the
# session (starting it takes about a second); each test that needs PostgreSQL gets a database
# of its own, so tests cannot see each other's rows or tables.
@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway server for the session; skips without PostgreSQL unless CI requires it."""
    try:
        server = PostgresServer()
    except PostgresUnavailable as error:
        reason = str(error)
    else:
        reason = ""
    if reason and postgres_required():  # CI installs PostgreSQL: its tests must not silently skip
        pytest.fail(f"PostgreSQL is required (CONTRACT_CHECKER_REQUIRE_POSTGRES=1): {reason}", pytrace=False)
    if reason:
        pytest.skip(f"PostgreSQL not available: {reason}")
    with server:
        yield server


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """``postgresql://USER@127.0.0.1:PORT/audit``: the session's shared database."""
    return postgres_server.url()


@pytest.fixture
def postgres_store_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database of the session's server for one test, dropped after it."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url.rsplit("/", 1)[1])
