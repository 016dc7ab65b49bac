"""DOCX parser: numbering, headings, tables, tracked changes, exclusions, safety, speed."""

from __future__ import annotations

import io
import random
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from checker.document import BlockKind, Document, DocumentFormat, TableCellRef
from checker.errors import CorruptFileError, UnsafeXmlError, UnsupportedFormatError, ZipBombError
from checker.limits import Limits
from checker.parsers.docx import parse_docx
from checker.parsers.docx_numbering import W_NS
from fixtures.build.bad_docx import write_xml_entity_bomb, write_zip_bomb

_W = f'xmlns:w="{W_NS}"'
_CHANGE = 'w:author="Reviewer" w:date="2024-01-02T09:00:00Z"'

CONTRACT_NUMBERING = (
    '<w:abstractNum w:abstractNumId="10">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%4)"/></w:lvl>'
    '<w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%5)"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="11">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
    '<w:lvlText w:val="Article %1"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>'
    '<w:lvlText w:val="%1.%2"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="10"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="11"/></w:num>'
)


def para(text: str, *, num: int | None = None, ilvl: int | None = None, style: str | None = None) -> str:
    """A w:p with optional style and numPr; text may contain raw run XML when it starts with '<'."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None or ilvl is not None:
        inner = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        inner += f'<w:numId w:val="{num}"/>' if num is not None else ""
        props += f"<w:numPr>{inner}</w:numPr>"
    content = text if text.startswith("<") else f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{content}</w:p>"


def make_docx(
    body: str,
    *,
    numbering: str | None = None,
    extra_styles: str = "",
    header: str | None = None,
    footer: str | None = None,
    comment_on_first_paragraph: str | None = None,
) -> bytes:
    """A real python-docx package whose body, numbering and styles are replaced by test XML."""
    document = docx.Document()
    body_element = document.element.body
    section = body_element.find(f"{{{W_NS}}}sectPr")
    for child in list(body_element):
        if child is not section:
            body_element.remove(child)
    for child in parse_xml(f"<w:body {_W}>{body}</w:body>"):
        section.addprevious(child)
    if numbering is not None:
        numbering_element = document.part.numbering_part.element
        for child in list(numbering_element):
            numbering_element.remove(child)
        for child in parse_xml(f"<w:numbering {_W}>{numbering}</w:numbering>"):
            numbering_element.append(child)
    for child in parse_xml(f"<w:styles {_W}>{extra_styles}</w:styles>"):
        document.styles.element.append(child)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    if footer is not None:
        document.sections[0].footer.paragraphs[0].text = footer
    if comment_on_first_paragraph is not None:
        document.add_comment(document.paragraphs[0].runs, text=comment_on_first_paragraph, author="Reviewer")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def parse(data: bytes, **limits: object) -> Document:
    return parse_docx(data, "contract.docx", Limits(**limits))  # type: ignore[arg-type]


def numbers(document: Document) -> list[tuple[str | None, str]]:
    return [(block.number, block.text) for block in document.blocks]


# -- numbering and headings -------------------------------------------------------------------


def test_auto_numbered_clauses_resolve_to_full_numbers() -> None:
    body = "".join(
        [
            para("Agreement", style="Title"),
            para("Definitions", num=1, ilvl=0, style="Heading1"),
            para("Terms have meanings.", num=1, ilvl=1),
            para("Term", num=1, ilvl=0, style="Heading1"),
            para("Starts today.", num=1, ilvl=1),
            para("Either party may terminate:", num=1, ilvl=1),
            para("for convenience;", num=1, ilvl=3),
            para("for cause where the other party:", num=1, ilvl=3),
            para("breaches; or", num=1, ilvl=4),
            para("is insolvent.", num=1, ilvl=4),
            para("Deep clause.", num=1, ilvl=2),
        ]
    )
    document = parse(make_docx(body, numbering=CONTRACT_NUMBERING))
    assert [block.number for block in document.blocks] == [
        None,
        "1",
        "1.1",
        "2",
        "2.1",
        "2.2",
        "2.2(a)",
        "2.2(b)",
        "2.2(b)(i)",
        "2.2(b)(ii)",
        "2.2.1",
    ]
    assert document.blocks[1].text == "1. Definitions"
    assert document.blocks[5].text == "2.2 Either party may terminate:"
    kinds = [block.kind for block in document.blocks]
    assert kinds[:3] == [BlockKind.HEADING, BlockKind.HEADING, BlockKind.LIST_ITEM]
    assert document.blocks[0].heading_level == 1 and document.blocks[1].heading_level == 1
    assert document.format is DocumentFormat.DOCX and document.pages is None
    assert [block.paragraph for block in document.blocks] == list(range(11))


def test_numbering_restarts_in_a_schedule() -> None:
    body = "".join(
        [
            para("Services", num=1, ilvl=0, style="Heading1"),
            para("The Supplier shall perform.", num=1, ilvl=1),
            para("Schedule 2 - Service Levels", style="Heading1"),
            para("Availability is measured monthly.", num=2, ilvl=1),
            para("Credits apply.", num=2, ilvl=1),
        ]
    )
    document = parse(make_docx(body, numbering=CONTRACT_NUMBERING))
    assert numbers(document)[2:] == [
        ("Schedule 2", "Schedule 2 - Service Levels"),
        ("1.1", "1.1 Availability is measured monthly."),
        ("1.2", "1.2 Credits apply."),
    ]
    assert document.blocks[3].section_path == "Schedule 2 / 1.1"


def test_legal_numbering_under_roman_articles() -> None:
    body = "".join(
        [
            para("Definitions", num=3, ilvl=0, style="Heading1"),
            para("Words have meanings.", num=3, ilvl=1),
            para("Loan", num=3, ilvl=0, style="Heading1"),
            para("The Lender lends.", num=3, ilvl=1),
        ]
    )
    document = parse(make_docx(body, numbering=CONTRACT_NUMBERING))
    assert numbers(document) == [
        ("Article I", "Article I Definitions"),
        ("1.1", "1.1 Words have meanings."),
        ("Article II", "Article II Loan"),
        ("2.1", "2.1 The Lender lends."),
    ]


def test_numbering_from_styles_with_based_on_inheritance() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="Level1"><w:name w:val="Level 1"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr>'
        "</w:style>"
        '<w:style w:type="paragraph" w:styleId="Level2"><w:name w:val="Level 2"/><w:basedOn w:val="Level1"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Level4"><w:name w:val="Level 4"/><w:basedOn w:val="Level2"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="3"/></w:numPr></w:pPr></w:style>'
    )
    body = "".join(
        [
            para("Payment", style="Level1"),
            para("Invoices are due in 30 days.", style="Level2"),
            para("by bank transfer;", style="Level4"),
            para("in pounds sterling.", style="Level4"),
            para("Not numbered despite the style.", style="Level2", num=0),
            para("Interest accrues.", style="Level2"),
        ]
    )
    document = parse(make_docx(body, numbering=CONTRACT_NUMBERING, extra_styles=styles))
    assert numbers(document) == [
        ("1", "1. Payment"),
        ("1.1", "1.1 Invoices are due in 30 days."),
        ("1.1(a)", "(a) by bank transfer;"),
        ("1.1(b)", "(b) in pounds sterling."),
        ("1.1(b)", "Not numbered despite the style."),
        ("1.2", "1.2 Interest accrues."),
    ]
    assert document.blocks[0].kind is BlockKind.HEADING  # outline level 0 from the style
    assert document.blocks[1].kind is BlockKind.LIST_ITEM  # outline level 9 = body text
    assert document.blocks[4].kind is BlockKind.PARAGRAPH


def test_outline_level_on_the_paragraph_makes_a_heading() -> None:
    body = '<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Liability</w:t></w:r></w:p>'
    block = parse(make_docx(body)).blocks[0]
    assert (block.kind, block.heading_level) == (BlockKind.HEADING, 2)


def test_long_paragraph_in_a_heading_style_is_kept_as_a_clause() -> None:
    text = "Termination for Cause. " + "The Customer may terminate this Agreement on notice. " * 8
    block = parse(
        make_docx(para(text, num=1, ilvl=1, style="Heading2"), numbering=CONTRACT_NUMBERING)
    ).blocks[0]
    assert block.kind is BlockKind.LIST_ITEM
    assert block.number == "1.1"


def test_bullets_are_list_items_without_labels() -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\u2022"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    )
    block = parse(make_docx(para("Uptime reports", num=1, ilvl=0), numbering=numbering)).blocks[0]
    assert (block.kind, block.label, block.text) == (BlockKind.LIST_ITEM, None, "Uptime reports")


@pytest.mark.parametrize(
    "numbering",
    [
        "<w:garbage/>",
        '<w:num w:numId="1"><w:abstractNumId w:val="404"/></w:num>',
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="x"/>'
        '<w:lvlText w:val="%9"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    ],
)
def test_garbage_numbering_is_read_as_plain_text(numbering: str) -> None:
    body = (
        para("Fees are fixed.", num=1, ilvl=0) + para("Ignored level.", num=1, ilvl=77) + para("Bad", num=-2)
    )
    document = parse(make_docx(body, numbering=numbering))
    assert [(block.label, block.text) for block in document.blocks] == [
        (None, "Fees are fixed."),
        (None, "Ignored level."),
        (None, "Bad"),
    ]


def test_numbering_part_with_non_numeric_ids_does_not_crash() -> None:
    body = '<w:p><w:pPr><w:numPr><w:ilvl w:val="zero"/><w:numId w:val="one"/></w:numPr></w:pPr>'
    body += "<w:r><w:t>Text survives.</w:t></w:r></w:p>"
    assert parse(make_docx(body, numbering=CONTRACT_NUMBERING)).text == "Text survives."


# -- tables -----------------------------------------------------------------------------------


def cell(content: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{content}</w:tc>"


def table(*rows: str) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>"


def test_table_cells_in_order_with_merged_cells_once() -> None:
    body = para("Charges") + table(
        cell(para("Service")) + cell(para("Fee")) + cell(para("Notes")),
        cell(para("Hosting"), '<w:vMerge w:val="restart"/>')
        + cell(para("Fixed monthly fee"), '<w:gridSpan w:val="2"/>'),
        cell(para(""), "<w:vMerge/>") + cell(para("100")) + cell(para("paid in arrears")),
    )
    document = parse(make_docx(body))
    cells = [
        (block.text, block.table_cell) for block in document.blocks if block.kind is BlockKind.TABLE_CELL
    ]
    assert cells == [
        ("Service", TableCellRef(0, 0, 0)),
        ("Fee", TableCellRef(0, 0, 1)),
        ("Notes", TableCellRef(0, 0, 2)),
        ("Hosting", TableCellRef(0, 1, 0)),
        ("Fixed monthly fee", TableCellRef(0, 1, 1)),
        ("100", TableCellRef(0, 2, 1)),
        ("paid in arrears", TableCellRef(0, 2, 2)),
    ]
    assert document.metadata["tables"] == 1


def test_nested_table_follows_its_cell_and_paragraphs_join() -> None:
    inner = table(cell(para("Tier 1")) + cell(para("99.9%")))
    body = table(
        cell(para("Service levels") + para("as below") + inner + para("measured monthly"))
        + cell(para("Credits")),
    ) + para("After the table.")
    document = parse(make_docx(body))
    assert [(block.kind, block.text, block.table_cell) for block in document.blocks] == [
        (BlockKind.TABLE_CELL, "Service levels as below measured monthly", TableCellRef(0, 0, 0)),
        (BlockKind.TABLE_CELL, "Tier 1", TableCellRef(1, 0, 0)),
        (BlockKind.TABLE_CELL, "99.9%", TableCellRef(1, 0, 1)),
        (BlockKind.TABLE_CELL, "Credits", TableCellRef(0, 0, 1)),
        (BlockKind.PARAGRAPH, "After the table.", None),
    ]
    # Paragraph indexes stay positional: 3 in the outer cell, 2 inner, 1 more, then the body.
    assert document.blocks[0].paragraph == 0
    assert document.blocks[-1].paragraph == 6
    assert document.metadata["tables"] == 2


def test_numbered_paragraph_in_a_table_keeps_its_number_inline() -> None:
    body = (
        para("Fees", num=1, ilvl=0)
        + table(cell(para("Invoices monthly", num=1, ilvl=1)))
        + para("Late payment", num=1, ilvl=1)
    )
    document = parse(make_docx(body, numbering=CONTRACT_NUMBERING))
    assert [block.text for block in document.blocks] == [
        "1. Fees",
        "1.1 Invoices monthly",
        "1.2 Late payment",
    ]


# -- tracked changes --------------------------------------------------------------------------

TRACKED = para(
    '<w:r><w:t xml:space="preserve">The Supplier shall pay </w:t></w:r>'
    f'<w:ins w:id="1" {_CHANGE}><w:r><w:t xml:space="preserve">twice </w:t></w:r></w:ins>'
    f'<w:del w:id="2" {_CHANGE}><w:r><w:delText xml:space="preserve">half </w:delText></w:r></w:del>'
    "<w:r><w:t>the fee.</w:t></w:r>"
)


def test_tracked_changes_read_as_accepted_by_default() -> None:
    document = parse(make_docx(TRACKED))
    assert document.text == "The Supplier shall pay twice the fee."
    assert document.metadata["tracked_insertions"] == 1
    assert document.metadata["tracked_deletions"] == 1
    assert document.metadata["tracked_changes_view"] == "accepted"


def test_original_text_option_reads_before_the_changes() -> None:
    document = parse(make_docx(TRACKED), docx_original_text=True)
    assert document.text == "The Supplier shall pay half the fee."
    assert document.metadata["tracked_changes_view"] == "original"


def test_moved_text_appears_once_at_its_destination() -> None:
    body = para(
        f'<w:moveFrom w:id="3" {_CHANGE}><w:r><w:t xml:space="preserve">Time is of the essence. </w:t></w:r>'
        "</w:moveFrom><w:r><w:t>Fees are fixed.</w:t></w:r>"
    ) + para(
        f'<w:r><w:t xml:space="preserve">Payment is due. </w:t></w:r><w:moveTo w:id="4" {_CHANGE}>'
        "<w:r><w:t>Time is of the essence.</w:t></w:r></w:moveTo>"
    )
    assert parse(make_docx(body)).text == "Fees are fixed.\nPayment is due. Time is of the essence."
    original = parse(make_docx(body), docx_original_text=True)
    assert original.text == "Time is of the essence. Fees are fixed.\nPayment is due."
    assert original.metadata["tracked_moves"] == 1


def test_deleted_numbered_paragraph_does_not_take_a_number() -> None:
    deleted = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'
        f'<w:rPr><w:del w:id="5" {_CHANGE}/></w:rPr></w:pPr>'
        f'<w:del w:id="6" {_CHANGE}><w:r><w:delText>Old clause.</w:delText></w:r></w:del></w:p>'
    )
    body = para("Term", num=1, ilvl=0) + deleted + para("New clause.", num=1, ilvl=1)
    assert numbers(parse(make_docx(body, numbering=CONTRACT_NUMBERING)))[1:] == [("1.1", "1.1 New clause.")]
    original = parse(make_docx(body, numbering=CONTRACT_NUMBERING), docx_original_text=True)
    assert numbers(original)[1:] == [("1.1", "1.1 Old clause."), ("1.2", "1.2 New clause.")]


def test_deleted_table_row_is_dropped_in_the_accepted_view() -> None:
    body = (
        "<w:tbl><w:tr>"
        + cell(para("Kept"))
        + f'</w:tr><w:tr><w:trPr><w:del w:id="7" {_CHANGE}/></w:trPr>'
        + cell(para("Dropped"))
        + "</w:tr></w:tbl>"
    )
    assert parse(make_docx(body)).text == "Kept"
    assert parse(make_docx(body), docx_original_text=True).text == "Kept\nDropped"


# -- what is not body text --------------------------------------------------------------------


def test_comments_headers_and_footers_are_not_body_text() -> None:
    data = make_docx(
        para("The Supplier indemnifies the Customer."),
        header="CONFIDENTIAL DRAFT HEADER",
        footer="Footer text page",
        comment_on_first_paragraph="Reviewer comment: resist this",
    )
    document = parse(data)
    assert document.text == "The Supplier indemnifies the Customer."
    assert document.metadata["comments"] == 1


def test_footnote_reference_leaves_no_text() -> None:
    body = para('<w:r><w:t>Liability is capped.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>')
    assert parse(make_docx(body)).text == "Liability is capped."


def test_field_codes_dropped_and_field_results_kept() -> None:
    body = para(
        '<w:r><w:t xml:space="preserve">See clause </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> REF _Ref123 \\r \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>12.3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> and </w:t></w:r>'
        '<w:fldSimple w:instr=" PAGEREF x "><w:r><w:t>page 4</w:t></w:r></w:fldSimple>'
    )
    assert parse(make_docx(body)).text == "See clause 12.3 and page 4"


def test_tabs_and_breaks_become_spaces_and_hidden_runs_vanish() -> None:
    body = para(
        "<w:r><w:t>Term</w:t><w:tab/><w:t>three</w:t><w:br/><w:t>years</w:t><w:cr/><w:t>from</w:t></w:r>"
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> SECRET</w:t></w:r>'
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve"> signing</w:t></w:r>'
    )
    assert parse(make_docx(body)).text == "Term three years from signing"


def test_content_controls_and_hyperlinks_are_read_through() -> None:
    body = (
        "<w:sdt><w:sdtPr><w:alias w:val='Party'/></w:sdtPr><w:sdtContent>"
        + para("Acme Ltd is the Customer.")
        + "</w:sdtContent></w:sdt>"
        + para(
            '<w:r><w:t xml:space="preserve">Terms at </w:t></w:r><w:hyperlink w:history="1">'
            "<w:r><w:t>the portal</w:t></w:r></w:hyperlink>"
            '<w:sdt><w:sdtContent><w:r><w:t xml:space="preserve"> today</w:t></w:r></w:sdtContent></w:sdt>'
        )
    )
    assert parse(make_docx(body)).text == "Acme Ltd is the Customer.\nTerms at the portal today"


def test_text_box_is_read_once_after_its_paragraph() -> None:
    box = para("Boxed note.")
    body = para(
        '<w:r><w:t>Anchor.</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        f"{box}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{box}"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    assert parse(make_docx(body)).text == "Anchor.\nBoxed note."


def test_highlighted_runs_are_counted_with_paragraph_indexes() -> None:
    highlighted = '<w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr><w:t>[DATE]</w:t></w:r>'
    body = para("Plain.") + para(f"<w:r><w:t xml:space='preserve'>Starts on </w:t></w:r>{highlighted}")
    body += para(highlighted + highlighted) + para(
        '<w:r><w:rPr><w:highlight w:val="none"/></w:rPr><w:t>x</w:t></w:r>'
    )
    metadata = parse(make_docx(body)).metadata
    assert metadata["highlighted_runs"] == 3
    assert metadata["highlighted_paragraphs"] == [1, 2]


# -- hostile and broken files -----------------------------------------------------------------


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = write_zip_bomb(tmp_path)
    assert path.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("word/document.xml").file_size > 1024**3
    started = time.perf_counter()
    with pytest.raises(ZipBombError) as refused:
        parse_docx(path.read_bytes(), str(path), Limits())
    assert time.perf_counter() - started < 1.0
    assert refused.value.code == "zip_bomb"
    assert "Payment terms" not in refused.value.message


def test_entity_bomb_is_refused(tmp_path: Path) -> None:
    path = write_xml_entity_bomb(tmp_path)
    with zipfile.ZipFile(path) as archive:
        assert b"<!ENTITY" in archive.read("word/document.xml")
    with pytest.raises(UnsafeXmlError) as refused:
        parse_docx(path.read_bytes(), str(path), Limits())
    assert refused.value.code == "unsafe_xml"
    assert "lol" not in refused.value.message
    assert "\n" not in refused.value.message


def test_random_bytes_are_a_corrupt_file() -> None:
    data = random.Random(7).randbytes(4096)
    with pytest.raises(CorruptFileError) as refused:
        parse_docx(data, "x.docx", Limits())
    assert refused.value.code == "corrupt_file"


def test_zip_without_a_word_document_is_corrupt() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>The Supplier shall")
    with pytest.raises(CorruptFileError) as refused:
        parse_docx(buffer.getvalue(), "x.docx", Limits())
    assert "Supplier" not in refused.value.message
    assert "\n" not in refused.value.message


def test_malformed_document_xml_is_corrupt() -> None:
    data = make_docx(para("Secret pricing terms"))
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content[: len(content) // 2]
            archive.writestr(info, content)
    with pytest.raises(CorruptFileError) as refused:
        parse_docx(buffer.getvalue(), "x.docx", Limits())
    assert "Secret" not in refused.value.message


# -- speed ------------------------------------------------------------------------------------


def test_thirty_page_document_parses_fast() -> None:
    clause = "The Supplier shall provide the Services in accordance with Good Industry Practice and the SLAs."
    parts = []
    for article in range(30):
        parts.append(para(f"Heading {article}", num=1, ilvl=0, style="Heading1"))
        for _ in range(10):
            parts.append(para(f"<w:r><w:t xml:space='preserve'>{clause} </w:t></w:r>" * 2, num=1, ilvl=1))
            parts.append(para(clause, num=1, ilvl=3))
    data = make_docx("".join(parts), numbering=CONTRACT_NUMBERING)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        document = parse(data)
        timings.append(time.perf_counter() - started)
    assert len(document.text) > 30 * 2500  # about thirty pages of text
    assert document.blocks[-1].number == "30.10(a)"
    assert min(timings) < 0.3


def test_numbering_change_is_undone_in_the_original_view() -> None:
    changed = (
        f'<w:p><w:pPr><w:pPrChange w:id="8" {_CHANGE}><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/>'
        "</w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>Was a clause.</w:t></w:r></w:p>"
    )
    body = para("Scope", num=1, ilvl=0) + changed
    assert numbers(parse(make_docx(body, numbering=CONTRACT_NUMBERING)))[1] == ("1", "Was a clause.")
    original = parse(make_docx(body, numbering=CONTRACT_NUMBERING), docx_original_text=True)
    assert numbers(original)[1] == ("1.1", "1.1 Was a clause.")


def test_macro_enabled_document_is_unsupported_not_corrupt() -> None:
    source = zipfile.ZipFile(io.BytesIO(make_docx(para("Confidential terms"))))
    buffer = io.BytesIO()
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(main, b"application/vnd.ms-word.document.macroEnabled.main+xml")
            archive.writestr(info, content)
    with pytest.raises(UnsupportedFormatError) as refused:
        parse_docx(buffer.getvalue(), "x.docm", Limits())
    assert refused.value.code == "unsupported_format"


# -- review marks (for the drafting lint) -----------------------------------------------------


def _mark_texts(document: Document) -> list[tuple[str, str, str | None]]:
    return [
        (mark["kind"], document.text[mark["start"] : mark["end"]], mark["note"])
        for mark in document.metadata.get("review_marks", [])
    ]


def _mark_comment_done(data: bytes) -> bytes:
    """The package with the comment marked done, as Word records it (commentsExtended part)."""
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "word/comments.xml":
                content = content.replace(
                    b"<w:p>", f'<w:p xmlns:w14="{w14}" w14:paraId="1A2B3C4D">'.encode(), 1
                )
            elif name == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2011/relationships/'
                    b'commentsExtended" Target="commentsExtended.xml"/></Relationships>',
                )
            elif name == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/word/commentsExtended.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>',
                )
            target.writestr(name, content)
        target.writestr(
            "word/commentsExtended.xml",
            f'<w15:commentsEx xmlns:w15="{w15}"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="1"/>'
            "</w15:commentsEx>",
        )
    return out.getvalue()


def test_review_marks_locate_changes_highlights_and_comments() -> None:
    highlighted = (
        '<w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">[DATE] </w:t></w:r>'
    )
    body = (
        para("The Supplier indemnifies the Customer.")
        + TRACKED
        + para(f"<w:r><w:t xml:space='preserve'>Starts   on </w:t></w:r>{highlighted}{highlighted}")
    )
    document = parse(make_docx(body, comment_on_first_paragraph="Resist this"))
    assert _mark_texts(document) == [
        ("comment", "The Supplier indemnifies the Customer.", "Resist this"),
        ("insertion", "twice ", None),
        ("deletion", "", "half "),
        ("highlight", "[DATE] [DATE]", None),
    ]
    assert document.metadata["review_marks"][0]["author"] == "Reviewer"
    assert document.metadata["review_marks"][1]["author"] == "Reviewer"


def test_original_view_marks_the_deletion_and_notes_the_insertion() -> None:
    document = parse(make_docx(TRACKED), docx_original_text=True)
    assert _mark_texts(document) == [("insertion", "", "twice "), ("deletion", "half ", None)]


def test_a_comment_marked_done_is_not_a_review_mark() -> None:
    data = make_docx(para("The Supplier indemnifies the Customer."), comment_on_first_paragraph="Resist this")
    assert _mark_texts(parse(data)) != []
    resolved = parse(_mark_comment_done(data))
    assert resolved.metadata["comments"] == 1 and "review_marks" not in resolved.metadata


def test_review_marks_in_numbered_paragraphs_and_table_cells_follow_the_text() -> None:
    change = f'<w:ins w:id="3" {_CHANGE}><w:r><w:t>monthly</w:t></w:r></w:ins>'
    body = para(f"<w:r><w:t xml:space='preserve'>Fees are due </w:t></w:r>{change}", num=1, ilvl=1)
    body += "<w:tbl><w:tr>" + cell(
        para("Plan") + para(f"<w:r><w:t xml:space='preserve'>Paid </w:t></w:r>{change}")
    )
    body += "</w:tr></w:tbl>"
    document = parse(make_docx(body, numbering=CONTRACT_NUMBERING))
    assert [block.text for block in document.blocks] == ["1.1 Fees are due monthly", "Plan Paid monthly"]
    assert [text for _, text, _ in _mark_texts(document)] == ["monthly", "monthly"]
