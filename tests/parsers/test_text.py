from checker.document import BlockKind
from checker.limits import Limits
from checker.parsers.text import decode_text, is_heading_line, parse_text


def test_decoding_handles_boms_utf8_and_cp1252() -> None:
    assert decode_text("Café “terms”".encode("utf-16")) == "Café “terms”"
    assert decode_text("\ufeffCafé".encode()) == "Café"
    assert decode_text("Café – €5".encode("cp1252")) == "Café – €5"


def test_headings_are_short_capitalised_lines() -> None:
    assert is_heading_line("12. CONFIDENTIALITY")
    assert is_heading_line("SCHEDULE 2 - SERVICE LEVELS")
    assert not is_heading_line("The Supplier shall provide the Services.")
    assert not is_heading_line("12")


def test_wrapped_lines_join_and_clause_numbers_start_blocks() -> None:
    text = (
        "1. SERVICES\n1.1 The Supplier shall provide\nthe Services.\n"
        "1.2 The Customer shall pay.\n(a) promptly\n"
    )
    document = parse_text(text.encode(), "a.txt", Limits())
    assert [block.text for block in document.blocks] == [
        "1. SERVICES",
        "1.1 The Supplier shall provide the Services.",
        "1.2 The Customer shall pay.",
        "(a) promptly",
    ]
    assert document.blocks[0].kind is BlockKind.HEADING
    assert document.blocks[-1].number == "1.2(a)"
    assert document.pages is None
