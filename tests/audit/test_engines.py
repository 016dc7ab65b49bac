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


def test_contracts_behind_fsspec_urls_are_read_by_the_workers(tmp_path: Path) -> None:
    import fsspec

    # The memory filesystem lives in this process; the local engine's workers are forked
    # after it is filled, so they read it as they would read s3:// or gcs:// objects.
    text = (REPO / "fixtures" / "contracts" / "thin-vendor-agreement.txt").read_bytes()
    with fsspec.open("memory://portfolio/vendor.txt", "wb") as stream:
        stream.write(text)
    store = open_store(str(tmp_path / "urls.sqlite"))
    items = [AuditItem("memory://portfolio/vendor.txt"), AuditItem("memory://portfolio/missing.txt")]
    summary = run_audit(store, items, LocalEngine(1), RunOptions(), sources=["memory://portfolio"])
    assert (summary.checked, summary.failed) == (1, 1)
    assert summary.not_checked[0][:2] == ("memory://portfolio/missing.txt", "not_found")
    from sqlalchemy import select

    from checker.store.schema import documents

    with store.connect() as connection:
        row = connection.execute(select(documents).where(documents.c.status == "checked")).one()
    assert (row.path, row.format) == ("memory://portfolio/vendor.txt", "text")


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_a_scan_is_stored_as_needing_ocr_then_read_with_ocr(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(REPO / "fixtures" / "contracts" / "thin-vendor-agreement.pdf")
    image = source[0].render(scale=200 / 72, grayscale=True).to_pil()
    source.close()
    scan = tmp_path / "signed-scan.pdf"
    image.save(scan, "PDF", resolution=200)
    store = open_store(str(tmp_path / "ocr.sqlite"))
    items = [AuditItem(str(scan))]
    first = run_audit(store, items, LocalEngine(1), RunOptions(), sources=[str(scan)])
    assert (first.needs_ocr, first.checked) == (1, 0)
    read = run_audit(store, items, LocalEngine(1), RunOptions(ocr=True), sources=[str(scan)], ocr=True)
    assert (read.checked, read.needs_ocr) == (1, 0)
    from sqlalchemy import select

    from checker.store.schema import documents

    with store.connect() as connection:
        row = connection.execute(select(documents)).one()
    assert (row.status, row.ocr) == ("checked", True)
    assert row.ocr_confidence > 50


def test_an_existing_cluster_is_used_through_its_scheduler_address(
    portfolio: list[AuditItem], local_content: tuple, tmp_path: Path
) -> None:
    import dask
    from click.testing import CliRunner
    from dask.distributed import LocalCluster

    from checker.cli import main

    manifest = tmp_path / "manifest.csv"
    lines = ["path,counterparty"] + [f"{item.path},{item.metadata['counterparty']}" for item in portfolio]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "cluster.sqlite"
    # As docs/audit.md asks of real workers: not daemons, one thread each.
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
        ) as cluster,
    ):
        result = CliRunner().invoke(
            main,
            [
                "audit",
                str(manifest),
                "--db",
                str(store),
                "--no-config",
                "--scheduler",
                cluster.scheduler_address,
            ],
        )
    assert result.exit_code == 2, result.output  # the zip bomb is not checked
    assert "3 checked" in result.output and "[zip_bomb]" in result.output
    assert store_content(open_store(str(store))) == local_content
