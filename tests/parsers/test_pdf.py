"""PDF parser: both engines on PDFs drawn here with reportlab, refusals, and real CUAD contracts.

The test PDFs are drawn line by line on a reportlab canvas, so the tests know exactly where
every running header, page number, hyphen, column and table cell is.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from checker.document import BlockKind, Document, DocumentFormat
from checker.errors import (
    CorruptFileError,
    EncryptedFileError,
    InputError,
    NoTextLayerError,
    TooManyPagesError,
)
from checker.limits import Limits
from checker.parsers.pdf import ENGINES, parse_pdf

WIDTH, HEIGHT = A4
LEADING = 14.0
HEADER = "ACME / Beta - Master Services Agreement"
CUAD_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "cuad-dev"
PASSWORD = "open-sesame"


def token_f1(ours: str, reference: str) -> float:
    """Multiset F1 of lower-case word tokens (reading order does not count)."""
    mine = Counter(re.findall(r"[^\W_]+", ours.lower()))
    theirs = Counter(re.findall(r"[^\W_]+", reference.lower()))
    common = sum((mine & theirs).values())
    if not common:
        return 0.0
    precision, recall = common / sum(mine.values()), common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def draw_pdf(pages: list[Callable[[canvas.Canvas], None]], *, password: str | None = None) -> bytes:
    """Draw each page with the running header and a "Page N of M" footer."""
    buffer = io.BytesIO()
    encrypt = StandardEncryption(password, strength=128) if password else None
    sheet = canvas.Canvas(buffer, pagesize=A4, invariant=1, encrypt=encrypt)
    for number, draw in enumerate(pages, 1):
        sheet.setFont("Helvetica", 8)
        sheet.drawRightString(WIDTH - 72, HEIGHT - 40, HEADER)
        sheet.drawCentredString(WIDTH / 2, 36, f"Page {number} of {len(pages)}")
        draw(sheet)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def lines(sheet: canvas.Canvas, x: float, y: float, rows: list[str], *, font: str = "Times-Roman") -> float:
    """Draw rows downward from baseline ``y``; return the baseline after the last row."""
    sheet.setFont(font, 11)
    for row in rows:
        sheet.drawString(x, y, row)
        y -= LEADING
    return y


def clause(sheet: canvas.Canvas, y: float, number: str, rows: list[str]) -> float:
    """A numbered clause as Word shows it: number in the margin, text hanging at 108 pt."""
    sheet.setFont("Times-Roman", 11)
    sheet.drawString(72, y, number)
    return lines(sheet, 108, y, rows) - 8


def page_one(sheet: canvas.Canvas) -> None:
    sheet.setFont("Times-Bold", 14)
    sheet.drawCentredString(WIDTH / 2, HEIGHT - 90, "MASTER SERVICES AGREEMENT")
    y = lines(sheet, 72, HEIGHT - 130, ["1. DEFINITIONS"], font="Times-Bold") - 8
    y = clause(
        sheet,
        y,
        "1.1",
        [
            '"Services" means the managed IT services described in Schedule 1, including',
            "the service desk, infrastructure hosting and network services, and any",
            "services reasonably incidental to them.",
        ],
    )
    y = clause(
        sheet,
        y,
        "1.2",
        [
            "The Customer may terminate this Agreement by notice of termi-",
            "nation if the Supplier commits a material breach that is not remedied",
            "within thirty (30) days, and any third-",
            "party supplier shall co-operate with the transition.",
        ],
    )
    y = clause(sheet, y, "1.3", ["The Charges are set out in the following table:"])
    table_top = y + 4
    xs, ys = [108, 260, 400], [table_top, table_top - 18, table_top - 36, table_top - 54]
    sheet.grid(xs, ys)
    for row, (service, fee) in enumerate(
        [("Service", "Monthly fee"), ("Service desk", "46,500"), ("Hosting", "58,000")]
    ):
        sheet.setFont("Times-Bold" if row == 0 else "Times-Roman", 10)
        sheet.drawString(112, ys[row] - 13, service)
        sheet.drawString(264, ys[row] - 13, fee)
    clause(
        sheet,
        ys[-1] - 24,
        "1.4",
        [
            "The Supplier shall invoice the Charges monthly in arrears and the Customer",
            "shall pay each valid invoice within thirty (30) days of receiving it, and the",
        ],
    )


LEFT = [
    "2.1 The Supplier shall provide the Services",
    "in accordance with the Service Levels and",
    "shall report its performance every month to",
    "the Customer in the agreed format, giving",
    "reasons for any failure and a remedial plan",
    "that the Customer may reasonably approve.",
]
RIGHT = [
    "2.2 The Customer may audit the Supplier once",
    "a year on reasonable notice, and the Supplier",
    "shall give the auditors access to records,",
    "premises and personnel as they reasonably",
    "require, at the Supplier's own cost if the",
    "audit reveals an overcharge of five percent.",
]


def page_two(sheet: canvas.Canvas) -> None:
    lines(sheet, 72, HEIGHT - 90, ["Customer may challenge any invoice in good faith."])
    lines(sheet, 72, HEIGHT - 120, ["2. SERVICES AND AUDIT"], font="Times-Bold")
    sheet.setFont("Times-Roman", 11)
    for index, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
        y = HEIGHT - 150 - index * LEADING
        sheet.drawString(72, y, left)  # drawn row by row: naive extraction interleaves columns
        sheet.drawString(310, y, right)


def page_three(sheet: canvas.Canvas) -> None:
    lines(sheet, 72, HEIGHT - 90, ["3. GENERAL"], font="Times-Bold")
    clause(sheet, HEIGHT - 112, "3.1", ["This Agreement is governed by the laws of England and Wales."])


@pytest.fixture(scope="module")
def contract_pdf() -> bytes:
    return draw_pdf([page_one, page_two, page_three])


@pytest.fixture(scope="module", params=ENGINES)
def parsed(request: pytest.FixtureRequest, contract_pdf: bytes) -> Document:
    return parse_pdf(contract_pdf, "contract.pdf", Limits(), engine=request.param)


def block_with(document: Document, start: str) -> object:
    return next(block for block in document.blocks if block.text.startswith(start))


# --------------------------------------------------------------------------- layout through real PDFs


def test_document_basics(parsed: Document) -> None:
    assert parsed.format is DocumentFormat.PDF
    assert parsed.pages == 3
    assert set(parsed.metadata) >= {"engine", "two_column_pages", "removed_header_footer_lines", "tables"}
    assert parsed.metadata["tables"] == 1


def test_headers_footers_and_page_numbers_are_removed(parsed: Document) -> None:
    assert "ACME / Beta" not in parsed.text
    assert "Page 1 of 3" not in parsed.text and "of 3" not in parsed.text
    assert parsed.metadata["removed_header_footer_lines"] == 6


def test_clause_numbers_and_headings(parsed: Document) -> None:
    numbers = [
        block.number for block in parsed.blocks if block.label and block.kind is not BlockKind.TABLE_CELL
    ]
    assert numbers == ["1", "1.1", "1.2", "1.3", "1.4", "2", "2.1", "2.2", "3", "3.1"]
    headings = [block.text for block in parsed.blocks if block.kind is BlockKind.HEADING]
    assert headings == ["MASTER SERVICES AGREEMENT", "1. DEFINITIONS", "2. SERVICES AND AUDIT", "3. GENERAL"]


def test_hyphenation_repaired_and_real_hyphens_kept(parsed: Document) -> None:
    text = block_with(parsed, "1.2").text  # type: ignore[attr-defined]
    assert "notice of termination if the Supplier" in text
    assert "any third-party supplier shall co-operate" in text


def test_two_columns_are_read_in_order(parsed: Document) -> None:
    assert parsed.metadata["two_column_pages"] == [2]
    assert block_with(parsed, "2.1").text == " ".join(LEFT)  # type: ignore[attr-defined]
    assert block_with(parsed, "2.2").text == " ".join(RIGHT)  # type: ignore[attr-defined]


def test_pages_per_block_and_paragraph_over_page_break(parsed: Document) -> None:
    continued = block_with(parsed, "1.4")
    assert continued.page == 1  # type: ignore[attr-defined]
    assert continued.text.endswith("and the Customer may challenge any invoice in good faith.")  # type: ignore[attr-defined]
    assert block_with(parsed, "2.2").page == 2  # type: ignore[attr-defined]
    assert block_with(parsed, "3.1").page == 3  # type: ignore[attr-defined]


def test_table_cells(parsed: Document) -> None:
    cells = [(b.table_cell.row, b.table_cell.column, b.text) for b in parsed.blocks if b.table_cell]
    assert cells == [
        (0, 0, "Service"),
        (0, 1, "Monthly fee"),
        (1, 0, "Service desk"),
        (1, 1, "46,500"),
        (2, 0, "Hosting"),
        (2, 1, "58,000"),
    ]
    assert all(b.number == "1.3" for b in parsed.blocks if b.table_cell)


def test_engines_give_equivalent_text(contract_pdf: bytes) -> None:
    fast = parse_pdf(contract_pdf, "c.pdf", Limits(), engine="fast")
    reference = parse_pdf(contract_pdf, "c.pdf", Limits(), engine="pdfplumber")
    assert token_f1(fast.text, reference.text) >= 0.98
    assert [b.number for b in fast.blocks] == [b.number for b in reference.blocks]


def test_unknown_engine_is_a_programming_error(contract_pdf: bytes) -> None:
    with pytest.raises(ValueError, match="unknown PDF engine"):
        parse_pdf(contract_pdf, "c.pdf", Limits(), engine="ocr")


# --------------------------------------------------------------------------- refusals


def scanned_page(sheet: canvas.Canvas) -> None:
    image = Image.new("L", (400, 300), 255)
    pen = ImageDraw.Draw(image)
    for row in range(10):
        pen.rectangle((20, 20 + row * 25, 360 - (row % 3) * 40, 32 + row * 25), fill=0)
    sheet.drawInlineImage(image, 72, 300, width=400, height=300)


def image_only_pdf(pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for _ in range(pages):
        scanned_page(sheet)
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def assert_clean_message(error: InputError) -> None:
    assert "\n" not in error.message
    for word in ("Supplier", "Customer", "Agreement", "ACME"):
        assert word not in error.message


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_pdf_needs_the_password(engine: str) -> None:
    data = draw_pdf([page_three], password=PASSWORD)
    with pytest.raises(EncryptedFileError) as refused:
        parse_pdf(data, "locked.pdf", Limits(), engine=engine)
    assert refused.value.code == "encrypted"
    assert refused.value.message == "encrypted PDF: supply the password with --password"
    with pytest.raises(EncryptedFileError, match="does not open it"):
        parse_pdf(data, "locked.pdf", Limits(pdf_password="wrong"), engine=engine)
    document = parse_pdf(data, "locked.pdf", Limits(pdf_password=PASSWORD), engine=engine)
    assert "3.1 This Agreement is governed by the laws of England and Wales." in document.text


@pytest.mark.parametrize("engine", ENGINES)
def test_image_only_pdf_needs_ocr(engine: str) -> None:
    with pytest.raises(NoTextLayerError) as refused:
        parse_pdf(image_only_pdf(), "scan.pdf", Limits(), engine=engine)
    assert refused.value.code == "no_text_layer"
    assert "OCR" in refused.value.message
    assert_clean_message(refused.value)


def test_partly_scanned_pdf_reports_pages_without_text() -> None:
    data = draw_pdf([page_three, scanned_page])
    document = parse_pdf(data, "mixed.pdf", Limits())
    assert document.metadata["pages_without_text"] == [2]


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_and_corrupt_pdfs(engine: str, contract_pdf: bytes) -> None:
    for data in (contract_pdf[: len(contract_pdf) // 2], b"%PDF-1.4\nnot a real document\n%%EOF\n"):
        with pytest.raises(CorruptFileError) as refused:
            parse_pdf(data, "bad.pdf", Limits(), engine=engine)
        assert refused.value.code == "corrupt_file"
        assert_clean_message(refused.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_too_many_pages_is_refused(engine: str, contract_pdf: bytes) -> None:
    with pytest.raises(TooManyPagesError, match=r"too many pages: 3 \(limit 2\)") as refused:
        parse_pdf(contract_pdf, "long.pdf", Limits(max_pages=2), engine=engine)
    assert refused.value.code == "too_many_pages"


# --------------------------------------------------------------------------- real contracts


def _cuad_sample(count: int) -> list[tuple[Path, Path]]:
    """The first few small CUAD contracts (by name), to keep the test quick."""
    if not (CUAD_DIR / "labels.jsonl").is_file():
        pytest.skip(f"CUAD dev data not found at {CUAD_DIR}")
    records = [
        json.loads(line) for line in (CUAD_DIR / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    pairs = sorted((CUAD_DIR / r["pdf"], CUAD_DIR / r["txt"]) for r in records)
    return [pair for pair in pairs if pair[0].stat().st_size < 150_000][:count]


@pytest.mark.cuad
def test_cuad_contracts_match_cuad_text() -> None:
    for pdf_path, txt_path in _cuad_sample(4):
        document = parse_pdf(pdf_path.read_bytes(), str(pdf_path), Limits())
        reference = txt_path.read_text(encoding="utf-8", errors="replace")
        assert token_f1(document.text, reference) >= 0.95, pdf_path.name
        assert all(block.page is not None for block in document.blocks)
