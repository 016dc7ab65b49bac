"""PDF fixture writer: page furniture, numbering, hyphenation, columns, tables, reproducible bytes.

Each property the writer promises is checked twice: in the raw text a plain extractor sees
(the furniture and hyphens are really there) and in what the project's PDF parser recovers
(clause numbers and clause text equal to the source).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from checker.document import BlockKind, Document
from checker.errors import EncryptedFileError, NoTextLayerError
from checker.limits import Limits
from checker.parsers.pdf import parse_pdf
from checker.structure import normalise_text
from fixtures.build.bad_pdf import (
    ENCRYPTED_PASSWORD,
    encrypted_contract,
    write_encrypted,
    write_scanned,
    write_truncated,
)
from fixtures.build.pdf_writer import write_pdf
from fixtures.build.source import SOURCE_DIR, SourceContract, accepted, load_all, load_source

LONG = (
    "notwithstanding any indemnification obligations, representatives, subcontractors and "
    "professional advisers of either party shall observe the confidentiality undertakings, "
    "information security requirements and regulatory responsibilities applicable to them"
)
SOURCE = f"""---
title: Widget Supply Agreement
short_title: Alpha / Beta - Widget Supply
---

# Widget Supply Agreement

This Widget Supply Agreement is made between Alpha Components Limited and Beta Retail Limited.

## 1. Supply

1.1 The Supplier shall supply the Widgets in accordance with the Specification, and {LONG}.

1.2 The Customer shall pay each invoice within {{--thirty (30)--}}{{++forty-five (45)++}} days.

(a) The Supplier shall keep records of every delivery, and {LONG}.

(i) Records shall be kept for six (6) years.

1.3 The Charges are:

| Item | Unit price (GBP) |
| --- | --- |
| Standard widget | 10 |
| Premium widget | 25 |

## 2. Audit

[[columns]]
2.1 The Customer may audit the Supplier once a year, and {LONG}.

2.2 The Supplier shall give the auditors access to premises, and {LONG}.
[[/columns]]

## 3. General

3.1 This Agreement is governed by the laws of England and Wales, and {LONG}.

## Schedule 1 - Specification

1.1 Each widget shall weigh no more than two hundred grams.
"""


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> SourceContract:
    path = tmp_path_factory.mktemp("source") / "widget-supply.md"
    path.write_text(SOURCE, encoding="utf-8")
    return load_source(path)


@pytest.fixture(scope="module")
def pdf_path(contract: SourceContract, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "widget-supply.pdf"
    write_pdf(contract, path)
    return path


@pytest.fixture(scope="module")
def document(pdf_path: Path) -> Document:
    return parse_pdf(pdf_path.read_bytes(), str(pdf_path), Limits())


def raw_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def expected_numbers(contract: SourceContract) -> list[tuple[str, str]]:
    """(full clause number, accepted text) for every numbered source block, as a reader cites it."""
    expected: list[tuple[str, str]] = []
    numeric = letter = ""
    for block in contract.blocks:
        if block.kind in {"container", "article"} or block.number is None:
            numeric = letter = ""
            if block.number:
                expected.append((block.number, accepted(block.text)))
            continue
        if block.kind in {"heading", "clause"}:
            numeric, letter, number = block.number, "", block.number
        elif block.level == 3:
            letter, number = block.number, numeric + block.number
        else:
            number = numeric + letter + block.number
        expected.append((number, accepted(block.text)))
    return expected


def assert_numbers_recovered(contract: SourceContract, document: Document) -> None:
    """Every numbered source block is a parsed block with the same number and text, in order."""
    blocks = iter(b for b in document.blocks if b.label is not None and b.kind is not BlockKind.TABLE_CELL)
    for number, text in expected_numbers(contract):
        found = next((b for b in blocks if b.number == number), None)
        assert found is not None, f"{contract.name}: clause {number} not found"
        assert found.text.endswith(normalise_text(text)), f"{contract.name}: clause {number}: {found.text!r}"


def test_builds_are_byte_for_byte_reproducible(
    contract: SourceContract, pdf_path: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.pdf"
    write_pdf(contract, again)
    assert again.read_bytes() == pdf_path.read_bytes()
    assert pdf_path.read_bytes()[:8] == b"%PDF-1.4"


def test_every_page_has_the_running_header_and_page_n_of_m(pdf_path: Path) -> None:
    pages = raw_pages(pdf_path)
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert "Alpha / Beta - Widget Supply" in text
        assert f"Page {number} of {len(pages)}" in text


def test_parser_recovers_numbers_text_and_drops_furniture(
    contract: SourceContract, document: Document
) -> None:
    assert_numbers_recovered(contract, document)
    assert "Widget Supply" not in document.text.replace("Widget Supply Agreement", "")
    assert not re.search(r"Page \d+ of \d+", document.text)


def test_tracked_changes_are_rendered_accepted(document: Document) -> None:
    assert "within forty-five (45) days" in document.text
    assert "thirty (30) days" not in document.text


def test_columns_are_on_a_two_column_page(document: Document) -> None:
    assert document.metadata["two_column_pages"]
    first = next(b for b in document.blocks if b.number == "2.1")
    second = next(b for b in document.blocks if b.number == "2.2")
    assert first.page in document.metadata["two_column_pages"]
    assert first.index < second.index


def test_text_is_hyphenated_at_line_ends_and_repaired(pdf_path: Path, document: Document) -> None:
    columns = set(document.metadata["two_column_pages"])  # raw text interleaves columns there
    broken = [
        (match[1], match[2])
        for number, text in enumerate(raw_pages(pdf_path), 1)
        if number not in columns
        for match in re.finditer(r"([a-z]{3,})-\n([a-z]{3,})", text)
    ]
    assert broken, "the writer should hyphenate some words at line ends"
    for head, tail in broken:
        assert head + tail in document.text
        assert f"{head}-{tail}" not in document.text


def test_tables_have_grid_lines_and_cells(document: Document) -> None:
    cells = [(b.table_cell.row, b.table_cell.column, b.text) for b in document.blocks if b.table_cell]
    assert cells == [
        (0, 0, "Item"),
        (0, 1, "Unit price (GBP)"),
        (1, 0, "Standard widget"),
        (1, 1, "10"),
        (2, 0, "Premium widget"),
        (2, 1, "25"),
    ]


def test_bad_pdfs(pdf_path: Path, tmp_path: Path) -> None:
    truncated = write_truncated(tmp_path, pdf_path)
    assert truncated.name == "truncated.pdf"
    assert len(truncated.read_bytes()) == len(pdf_path.read_bytes()) // 2
    encrypted = write_encrypted(tmp_path)
    with pytest.raises(EncryptedFileError):
        parse_pdf(encrypted.read_bytes(), "encrypted.pdf", Limits())
    opened = parse_pdf(encrypted.read_bytes(), "encrypted.pdf", Limits(pdf_password=ENCRYPTED_PASSWORD))
    assert_numbers_recovered(encrypted_contract(), opened)
    scanned = write_scanned(tmp_path, pdf_path)
    with pytest.raises(NoTextLayerError):
        parse_pdf(scanned.read_bytes(), "scanned.pdf", Limits())
    assert write_scanned(tmp_path, pdf_path).read_bytes() == scanned.read_bytes()


def token_f1(ours: str, reference: str) -> float:
    mine = Counter(re.findall(r"[^\W_]+", ours.lower()))
    theirs = Counter(re.findall(r"[^\W_]+", reference.lower()))
    common = sum((mine & theirs).values())
    return 2 * common / max(sum(mine.values()) + sum(theirs.values()), 1)


@pytest.mark.skipif(not any(SOURCE_DIR.glob("*.md")), reason="no fixture sources yet")
def test_fixture_sources_round_trip_with_both_engines(tmp_path: Path) -> None:
    for source in load_all():
        path = tmp_path / f"{source.name}.pdf"
        write_pdf(source, path)
        fast = parse_pdf(path.read_bytes(), str(path), Limits())
        reference = parse_pdf(path.read_bytes(), str(path), Limits(), engine="pdfplumber")
        assert_numbers_recovered(source, fast)
        assert_numbers_recovered(source, reference)
        assert token_f1(fast.text, reference.text) >= 0.98, source.name
