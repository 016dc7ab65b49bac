"""The audit browser (``serve --db``): the portfolio page and each contract's drill-down, from an audit."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from checker.cli import main
from checker.web.app import WebSettings, create_app
from tests.conftest import BAD, CONTRACTS
from tests.web.conftest import BASE_URL, SECRET


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "store.sqlite"
    result = CliRunner().invoke(
        main,
        [
            "audit",
            "--no-config",
            "--jobs",
            "1",
            "--db",
            str(path),
            str(CONTRACTS / "thin-vendor-agreement.txt"),
            str(CONTRACTS / "thin-vendor-agreement.docx"),
            str(BAD / "zip-bomb.docx"),
        ],
    )
    assert result.exit_code in (0, 1, 2), result.output
    return path


@pytest.fixture(scope="module")
def audit_client(store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(WebSettings(secret=SECRET, db=str(store))), base_url=BASE_URL) as client:
        yield client


def test_portfolio_page_shows_matrix_missing_protections_and_failures(audit_client: TestClient) -> None:
    page = audit_client.get("/audit")
    assert page.status_code == 200
    html = page.text
    assert "Coverage matrix" in html and 'class="matrix"' in html
    assert "Most often missing protections" in html
    assert "BCP-001" in html
    assert "zip-bomb.docx" in html and "zip_bomb" in html  # never mistaken for a clean contract
    assert html.count('<td class="found">') > 10
    assert 'href="/audit"' in html  # the navigation offers the portfolio when a store is open


def test_drill_down_shows_findings_and_clauses(audit_client: TestClient) -> None:
    portfolio = audit_client.get("/audit").text
    ids = sorted(set(map(int, re.findall(r'href="/audit/(\d+)"', portfolio))))
    assert len(ids) == 3
    pages = [audit_client.get(f"/audit/{document_id}") for document_id in ids]
    assert all(page.status_code == 200 for page in pages)
    checked = next(page.text for page in pages if "thin-vendor-agreement.txt" in page.text)
    assert 'data-finding="EXIT-001"' in checked
    assert "Model clause" in checked
    assert "Clauses identified" in checked and "Payment terms" in checked
    failed = next(page.text for page in pages if "zip-bomb.docx" in page.text)
    assert 'data-code="zip_bomb"' in failed


def test_unknown_contract_is_404(audit_client: TestClient) -> None:
    assert audit_client.get("/audit/999999", headers={"Accept": "text/html"}).status_code == 404
    assert audit_client.get("/audit/not-a-number").status_code == 404


def test_exports_are_the_audit_report(audit_client: TestClient) -> None:
    exported = audit_client.get("/audit/export/json")
    assert exported.status_code == 200
    assert exported.headers["content-disposition"].startswith("attachment;")
    assert json.loads(exported.content)["totals"]["documents"] == 3
    xlsx = audit_client.get("/audit/export/xlsx")
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert audit_client.get("/audit/export/pdf").status_code == 404


def test_without_a_store_there_is_no_audit_browser(client: TestClient) -> None:
    assert client.get("/audit", headers={"Accept": "text/html"}).status_code == 404
    assert 'href="/audit"' not in client.get("/").text
