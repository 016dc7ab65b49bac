"""Shared test fixtures: where the repository, its fixtures and the CUAD data live."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

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
