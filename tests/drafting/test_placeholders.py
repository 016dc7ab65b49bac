"""Placeholders, drafting notes and bracketed alternatives; what brackets must not be taken for."""

from __future__ import annotations

from tests.drafting.conftest import drafting_of, found


def clause(text: str) -> str:
    return f"# Services Agreement\n\n## 4. Fees\n\n4.1 {text}\n"


def test_each_kind_of_placeholder_is_found_with_its_exact_text() -> None:
    drafting = drafting_of(
        clause(
            "The fee is $[___] a month, payable from [●] within [TBD] days to [insert bank account] of "
            "[Customer Name], and the rate for 20XX is XX per cent, as agreed on ____________, 2026."
        )
    )
    assert found(drafting, "placeholders") == [
        ("blank", "$[___]"),
        ("blank", "[●]"),
        ("tbd", "[TBD]"),
        ("insert", "[insert bank account]"),
        ("named", "[Customer Name]"),
        ("xx", "20XX"),
        ("xx", "XX"),
        ("underscore", "____________"),
    ]


def test_redactions_editorial_notes_tick_boxes_and_signature_lines_are_not_placeholders() -> None:
    drafting = drafting_of(
        clause(
            "The royalty is [***] per cent and the minimum is [ * ]. [Signature Page Follows] [LOGO] "
            "Method: [X] wire [ ] cheque. The list in item (xx) applies."
        )
        + "\nBy: ______________ Name: ______________ Title: ______________ Date: __________\n"
    )
    assert found(drafting, "placeholders") == []
    assert found(drafting, "alternatives") == []


def test_roman_twenty_is_not_a_placeholder_in_a_document_numbered_in_roman() -> None:
    drafting = drafting_of(
        "# Agreement\n\n## Article XIX - Notices\n\nText.\n\n## Article XX - Law\n\nSee Article XX.\n"
    )
    assert found(drafting, "placeholders") == []


def test_drafting_notes_and_party_queries() -> None:
    drafting = drafting_of(
        clause(
            "The cap is the fees paid. [Note to draft: check with insurers.] [Supplier to confirm] [NTD: tax]"
        )
    )
    assert found(drafting, "drafting_notes") == [
        ("note", "[Note to draft: check with insurers.]"),
        ("note", "[Supplier to confirm]"),
        ("note", "[NTD: tax]"),
    ]
    assert found(drafting, "placeholders") == []


def test_alternatives_by_slash_side_by_side_and_or_marker() -> None:
    drafting = drafting_of(
        clause("The [Supplier/Customer] pays within [thirty] [sixty] days [OR] on demand, and/or by cheque.")
    )
    assert found(drafting, "alternatives") == [
        ("choice", "[Supplier/Customer]"),
        ("choice", "[thirty] [sixty]"),
        ("option", "[OR]"),
    ]


def test_dates_web_addresses_and_optional_and_or_are_not_alternatives() -> None:
    drafting = drafting_of(
        clause("Dated [01/02/2026] at [www.example.com/terms] for the Customer [and/or its Affiliates].")
    )
    assert found(drafting, "alternatives") == []
