"""DOCX fixture writer: real Word numbering, tracked changes, header/footer, reproducible bytes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest

from checker.document import BlockKind
from checker.limits import Limits
from checker.parsers.docx import parse_docx
from fixtures.build.docx_writer import (
    AUTHOR,
    CHANGE_DATE,
    NumberingMismatchError,
    check_numbering,
    expected_numbers,
    write_docx,
)
from fixtures.build.source import SourceContract, accepted, load_all, load_source

DECIMAL_SOURCE = """---
title: Hosting Services Agreement
short_title: Hosting SA
---

# Hosting Services Agreement

This Agreement is made between the Customer and the Supplier.

## 1. Definitions

1.1 "Services" means the hosting services in Schedule 1.

## 2. Charges

2.1 The Customer shall pay the Charges {++within 30 days++}{--on demand--}.

2.2 The Supplier may suspend the Services.

2.2.1 Suspension is allowed only if:

(a) an invoice is overdue; and

(b) the Supplier has given notice that:

(i) names the invoice; and

(ii) allows ten days.

| Service | Monthly fee |
| --- | --- |
| Hosting | 1,000 |

## Schedule 1 - Service Levels

1.1 Availability is 99.9%.

1.2 Credits are the sole remedy.

## Annex A - Contacts

## 1. Notices

1.1 Notices go to the addresses below.
"""

ARTICLE_SOURCE = """# Loan Agreement

## Article I - Definitions

1.1 Words have meanings.

## Article II - The Loan

2.1 The Lender lends.

(a) in one advance;

2.1.1 Interest accrues daily.

## Schedule 1 - Repayment

1.1 Repayment is monthly.
"""


def source(tmp_path: Path, text: str, name: str = "hosting") -> SourceContract:
    path = tmp_path / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return load_source(path)


@pytest.fixture
def hosting(tmp_path: Path) -> tuple[SourceContract, Path]:
    contract = source(tmp_path, DECIMAL_SOURCE)
    out = tmp_path / "hosting.docx"
    write_docx(contract, out)
    return contract, out


def test_parsed_numbers_equal_the_source_numbers(hosting: tuple[SourceContract, Path]) -> None:
    _, out = hosting
    document = parse_docx(out.read_bytes(), str(out), Limits())
    numbered = [(block.number, block.text) for block in document.blocks if block.label]
    assert numbered == [
        ("1", "1. Definitions"),
        ("1.1", '1.1 "Services" means the hosting services in Schedule 1.'),
        ("2", "2. Charges"),
        ("2.1", "2.1 The Customer shall pay the Charges within 30 days."),
        ("2.2", "2.2 The Supplier may suspend the Services."),
        ("2.2.1", "2.2.1 Suspension is allowed only if:"),
        ("2.2.1(a)", "(a) an invoice is overdue; and"),
        ("2.2.1(b)", "(b) the Supplier has given notice that:"),
        ("2.2.1(b)(i)", "(i) names the invoice; and"),
        ("2.2.1(b)(ii)", "(ii) allows ten days."),
        ("Schedule 1", "Schedule 1 - Service Levels"),
        ("1.1", "1.1 Availability is 99.9%."),
        ("1.2", "1.2 Credits are the sole remedy."),
        ("Annex A", "Annex A - Contacts"),
        ("1", "1. Notices"),
        ("1.1", "1.1 Notices go to the addresses below."),
    ]
    cells = [block.text for block in document.blocks if block.kind is BlockKind.TABLE_CELL]
    assert cells == ["Service", "Monthly fee", "Hosting", "1,000"]


def test_numbers_come_from_word_numbering_not_from_the_text(hosting: tuple[SourceContract, Path]) -> None:
    _, out = hosting
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode()
        numbering = archive.read("word/numbering.xml").decode()
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body)
    assert not any(re.match(r"\s*(\d+(\.\d+)*\.?|\([a-z]+\))\s", text) for text in texts)
    assert "Definitions" in texts
    assert '<w:lvlText w:val="%1.%2"/>' in numbering
    assert '<w:numFmt w:val="lowerRoman"/>' in numbering
    # One restart per schedule/annex: a new w:num with a startOverride on each level.
    assert numbering.count('<w:startOverride w:val="1"/>') == 2 * 5


def test_headings_use_heading_styles_and_the_schedule_is_plain_text(
    hosting: tuple[SourceContract, Path],
) -> None:
    _, out = hosting
    word = docx.Document(str(out))
    headings = [
        (p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[:3] == [
        ("Title", "Hosting Services Agreement"),
        ("Heading 1", "Definitions"),
        ("Heading 1", "Charges"),
    ]
    assert ("Heading 1", "Schedule 1 - Service Levels") in headings
    assert len(word.tables) == 1 and word.tables[0].cell(1, 0).text == "Hosting"


def test_tracked_changes_are_real_revisions(hosting: tuple[SourceContract, Path]) -> None:
    _, out = hosting
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode()
    assert re.search(rf'<w:ins [^>]*w:author="{AUTHOR}"[^>]*><w:r><w:t[^>]*>within 30 days</w:t>', body)
    assert re.search(r"<w:del [^>]*><w:r><w:delText[^>]*>on demand</w:delText>", body)
    original = parse_docx(out.read_bytes(), str(out), Limits(docx_original_text=True))
    assert "2.1 The Customer shall pay the Charges on demand." in original.text
    assert original.metadata["tracked_insertions"] == 1 and original.metadata["tracked_deletions"] == 1


def test_header_and_footer_exist_but_stay_out_of_the_body(hosting: tuple[SourceContract, Path]) -> None:
    _, out = hosting
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        header = archive.read(next(name for name in names if name.startswith("word/header"))).decode()
        footer = archive.read(next(name for name in names if name.startswith("word/footer"))).decode()
    assert "Hosting SA" in header
    assert 'w:fldCharType="begin"' in footer and " PAGE " in footer
    text = parse_docx(out.read_bytes(), str(out), Limits()).text
    assert "Hosting SA" not in text and "PAGE" not in text


def test_output_is_reproducible(tmp_path: Path) -> None:
    contract = source(tmp_path, DECIMAL_SOURCE)
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    write_docx(contract, first)
    write_docx(contract, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 1, 2, 9, 0, 0)}
    properties = docx.Document(str(first)).core_properties
    assert (properties.author, properties.revision, properties.created.year) == (AUTHOR, 1, 2024)


def test_articles_use_roman_numbers_and_legal_clause_numbers(tmp_path: Path) -> None:
    contract = source(tmp_path, ARTICLE_SOURCE, "loan")
    out = tmp_path / "loan.docx"
    write_docx(contract, out)
    document = parse_docx(out.read_bytes(), str(out), Limits())
    assert [block.number for block in document.blocks if block.label] == [
        "Article I",
        "1.1",
        "Article II",
        "2.1",
        "2.1(a)",
        "2.1.1",
        "Schedule 1",
        "1.1",
    ]
    with zipfile.ZipFile(out) as archive:
        numbering = archive.read("word/numbering.xml").decode()
    assert '<w:lvlText w:val="Article %1"/>' in numbering and "<w:isLgl/>" in numbering


def test_expected_numbers_follow_the_source_layout(tmp_path: Path) -> None:
    contract = source(tmp_path, DECIMAL_SOURCE)
    expected = {item.number: item.paragraph for item in expected_numbers(contract)}
    assert expected["2.2.1"] == 7
    assert expected["2.2.1(b)(ii)"] == 11
    assert expected["Schedule 1"] == 16  # the table's four cells are paragraphs 12-15


def test_check_numbering_raises_when_the_source_skips_a_number(tmp_path: Path) -> None:
    contract = source(tmp_path, "## 1. Scope\n\n1.1 First.\n\n1.3 Third, but Word says 1.2.\n", "skips")
    out = tmp_path / "skips.docx"
    with pytest.raises(NumberingMismatchError, match=r"source '1\.3', DOCX '1\.2'"):
        write_docx(contract, out)
    write_docx(contract, out, check=False)
    with pytest.raises(NumberingMismatchError):
        check_numbering(contract, out)


@pytest.mark.parametrize("contract", load_all(), ids=lambda contract: contract.name)
def test_repository_fixture_sources_render_with_matching_numbers(
    contract: SourceContract, tmp_path: Path
) -> None:
    write_docx(contract, tmp_path / f"{contract.name}.docx")  # raises NumberingMismatchError if not


REVIEW_SOURCE = """---
title: Draft Agreement
---

# Draft Agreement

## 1. Fees

1.1 Fees are due on {==1 March==} and capped at {==the annual fee==}{>>Too low<<}.

1.2 Invoices are payable monthly.

\\1.4 A number typed by hand.
"""


def test_highlights_comments_and_hand_typed_numbers(tmp_path: Path) -> None:
    contract = source(tmp_path, REVIEW_SOURCE, "draft")
    out = tmp_path / "draft.docx"
    write_docx(contract, out)
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode()
        comments = archive.read("word/comments.xml").decode()
    assert re.search(r'<w:highlight w:val="yellow"/></w:rPr><w:t>1 March</w:t>', body)
    assert f'w:date="{CHANGE_DATE}"' in comments and "Too low" in comments
    document = parse_docx(out.read_bytes(), str(out), Limits())
    assert [block.number for block in document.blocks if block.number and "." in block.number] == [
        "1.1",
        "1.2",
        "1.4",
    ]
    kinds = [mark["kind"] for mark in document.metadata["review_marks"]]
    assert kinds == ["highlight", "comment"]
    assert accepted(contract.blocks[2].text) == "Fees are due on 1 March and capped at the annual fee."
