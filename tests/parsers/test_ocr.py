"""OCR of scanned PDFs (``--ocr``): a scan of a project fixture, made here, read back with Tesseract.

The scan is the first page of the thin vendor agreement rendered at 300 dpi and saved as an
image-only PDF, so the tests know the words, the clause numbers and the ruled fee table it
shows. Tests that run Tesseract skip when it is not installed (Debian: ``tesseract-ocr``); the
refusals are tested everywhere, with Tesseract hidden from the PATH.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from checker.document import BlockKind, Document
from checker.errors import InputError, NoTextLayerError, ParseTimeoutError, TooManyPagesError
from checker.limits import Limits
from checker.parsers import parse_bytes, parse_file
from checker.parsers.ocr import MISSING_TESSERACT_MESSAGE, _long_runs
from checker.parsers.pdf import ENGINES
from checker.runner import RunOptions, analyse_file, run_isolated

CONTRACT = Path(__file__).resolve().parents[2] / "fixtures" / "contracts" / "thin-vendor-agreement.pdf"
SCAN_DPI = 300

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")


def scan_of(path: Path, pages: int = 1, dpi: int = SCAN_DPI) -> bytes:
    """An image-only PDF of the first ``pages`` pages of ``path``, as a scanner would make it."""
    source = pdfium.PdfDocument(path)
    try:
        images = [source[index].render(scale=dpi / 72, grayscale=True).to_pil() for index in range(pages)]
    finally:
        source.close()
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buffer.getvalue()


@pytest.fixture(scope="module")
def scan() -> bytes:
    return scan_of(CONTRACT)


@pytest.fixture
def scan_file(scan: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan)
    return path


@pytest.fixture(scope="module")
def ocred(scan: bytes) -> Document:
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract is not installed")
    return parse_bytes(scan, "scan.pdf", Limits(), ocr=True)


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH on which no Tesseract can be found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def assert_clean_message(error: InputError) -> None:
    assert "\n" not in error.message
    for word in ("Vendor", "Customer", "Quickline", "Agreement"):
        assert word not in error.message


def test_the_scan_has_no_text_layer(scan: bytes) -> None:
    document = pdfium.PdfDocument(scan)
    try:
        assert len(document) == 1
        assert document[0].get_textpage().count_chars() == 0
    finally:
        document.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_scan_without_ocr_is_refused_with_a_pointer_to_ocr(scan: bytes, engine: str) -> None:
    with pytest.raises(NoTextLayerError) as refused:
        parse_bytes(scan, "scan.pdf", Limits(), pdf_engine=engine)
    assert refused.value.code == "no_text_layer"
    assert "needs OCR" in refused.value.message
    assert "--ocr" in refused.value.message
    assert_clean_message(refused.value)


@needs_tesseract
def test_a_scan_is_read_with_ocr(ocred: Document) -> None:
    assert ocred.pages == 1
    assert "Vendor Services Agreement" in ocred.text
    assert "Quickline Digital Services LLC" in ocred.text
    assert "Customer shall pay the Fees for the plan selected in the Order Form" in ocred.text
    assert ocred.metadata["ocr"] is True
    confidence = ocred.metadata["ocr_confidence"]
    assert isinstance(confidence, float)
    assert 50 < confidence <= 100
    assert confidence == round(confidence, 1)


@needs_tesseract
def test_an_ocred_scan_keeps_the_structure(ocred: Document) -> None:
    """Clause numbers, bold headings and the ruled fee table come back as in the digital PDF."""
    numbers = {block.number for block in ocred.blocks}
    assert {"1", "1.1", "2", "2.1", "3", "3.1"} <= numbers
    headings = [block.text for block in ocred.blocks if block.kind is BlockKind.HEADING]
    assert "1. Definitions" in headings
    assert "2. Services" in headings
    cells = {block.text for block in ocred.blocks if block.kind is BlockKind.TABLE_CELL}
    assert {"Plan", "Starter", "Practice", "Group"} <= cells
    assert ocred.metadata["tables"] == 1


def test_a_pdf_with_a_text_layer_is_not_ocred(no_tesseract: None) -> None:
    document = parse_file(CONTRACT, ocr=True)
    assert "ocr" not in document.metadata
    assert "Vendor Services Agreement" in document.text


def test_missing_tesseract_is_a_clear_refusal(scan_file: Path, no_tesseract: None) -> None:
    with pytest.raises(NoTextLayerError) as refused:
        parse_file(scan_file, ocr=True)
    assert refused.value.code == "no_text_layer"
    assert refused.value.message == MISSING_TESSERACT_MESSAGE
    assert_clean_message(refused.value)


def test_tesseract_vanishing_after_the_check_is_the_same_refusal(
    scan_file: Path, no_tesseract: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("checker.parsers.ocr.shutil.which", lambda name: "/usr/bin/tesseract")
    with pytest.raises(NoTextLayerError) as refused:
        parse_file(scan_file, ocr=True)
    assert refused.value.message == MISSING_TESSERACT_MESSAGE


def test_the_page_limit_holds_with_ocr(scan_file: Path) -> None:
    with pytest.raises(TooManyPagesError):
        parse_file(scan_file, Limits(max_pages=0), ocr=True)


@needs_tesseract
def test_ocr_stops_at_the_time_limit(scan_file: Path) -> None:
    with pytest.raises(ParseTimeoutError) as refused:
        parse_file(scan_file, Limits(timeout_seconds=0.2), ocr=True)
    assert refused.value.code == "timeout"
    assert "OCR" in refused.value.message


def test_the_runner_passes_ocr_on(scan_file: Path, no_tesseract: None) -> None:
    without = analyse_file(str(scan_file), RunOptions(analyse=False))
    assert without.error is not None and "--ocr" in without.error.message
    asked = analyse_file(str(scan_file), RunOptions(analyse=False, ocr=True))
    assert asked.error is not None and asked.error.message == MISSING_TESSERACT_MESSAGE


@needs_tesseract
def test_ocr_runs_in_an_isolated_worker(scan_file: Path) -> None:
    """Tesseract starts from a worker process under the runner's memory and time limits."""
    [result] = run_isolated([str(scan_file)], RunOptions(analyse=False, ocr=True), jobs=1)
    assert result.ok, result.error
    assert result.document is not None and result.document.metadata["ocr"] is True


def test_long_runs_finds_exactly_the_long_dark_runs() -> None:
    dark = np.random.default_rng(7).random((40, 200)) < 0.85
    for length in (2, 3, 5, 8, 13):
        expected = np.zeros_like(dark)
        for row in range(dark.shape[0]):
            for start in range(dark.shape[1] - length + 1):
                if dark[row, start : start + length].all():
                    expected[row, start : start + length] = True
        assert (_long_runs(dark, length) == expected).all(), length
