"""The Dask engine and the PostgreSQL store give exactly what the local engine and SQLite give."""

import shutil
from pathlib import Path

import pytest

from checker.audit.engines import DaskEngine, LocalEngine
from checker.audit.run import run_audit
from checker.audit.sources import AuditItem
from checker.runner import RunOptions
from checker.store.database import open_store
from tests.audit.store_content import store_content

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> list[AuditItem]:
    folder = tmp_path_factory.mktemp("contracts")
    for name in ("thin-vendor-agreement.txt", "managed-services-msa.docx", "data-processing-agreement.pdf"):
        shutil.copy(REPO / "fixtures" / "contracts" / name, folder / name)
    shutil.copy(REPO / "fixtures" / "bad" / "zip-bomb.docx", folder / "zip-bomb.docx")
    return [AuditItem(str(path), {"counterparty": path.stem.title()}) for path in sorted(folder.iterdir())]


@pytest.fixture(scope="module")
def local_content(portfolio: list[AuditItem], tmp_path_factory: pytest.TempPathFactory) -> tuple:
    store = open_store(str(tmp_path_factory.mktemp("local") / "audit.sqlite"))
    summary = run_audit(store, portfolio, LocalEngine(2), RunOptions(), sources=["contracts"])
    assert (summary.checked, summary.failed) == (3, 1)
    return store_content(store)


def test_dask_local_cluster_stores_the_same_results(
    portfolio: list[AuditItem], local_content: tuple, tmp_path: Path
) -> None:
    store = open_store(str(tmp_path / "dask.sqlite"))
    summary = run_audit(store, portfolio, DaskEngine(workers=2), RunOptions(), sources=["contracts"])
    assert (summary.checked, summary.failed) == (3, 1)
    assert store_content(store) == local_content


def test_postgresql_store_holds_the_same_results(
    portfolio: list[AuditItem], local_content: tuple, postgres_store_url: str
) -> None:
    store = open_store(postgres_store_url)
    summary = run_audit(store, portfolio, LocalEngine(2), RunOptions(), sources=["contracts"])
    assert (summary.checked, summary.failed) == (3, 1)
    assert store_content(store) == local_content
    again = run_audit(store, portfolio, LocalEngine(2), RunOptions(), sources=["contracts"])
    assert (again.checked, again.skipped) == (0, 3)
