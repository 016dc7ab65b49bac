from checker.document import BlockKind
from checker.limits import Limits
from checker.parsers.text import decode_text, is_heading_line, line_pieces, parse_text


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


def test_wide_gaps_split_paragraphs_only_at_sentence_ends_and_before_labels() -> None:
    assert line_pieces(
        "The Supplier shall deliver the Goods on time.     The Buyer shall pay on delivery."
    ) == [
        "The Supplier shall deliver the Goods on time.",
        "The Buyer shall pay on delivery.",
    ]
    assert line_pieces("the Buyer may do any of the following:    (a) reject;   (b) return") == [
        "the Buyer may do any of the following:",
        "(a) reject;",
        "(b) return",
    ]
    # Justified text, a clause number's indentation and a run-in heading keep their line whole.
    for line in (
        "shall be a       direct and intended",
        "1.   Name of the Venture.",
        "12.1 Term.    The term",
    ):
        assert line_pieces(line) == [line]


def test_paragraphs_run_together_on_one_line_become_blocks() -> None:
    text = "1.1 The Supplier shall deliver the Goods on time.     The Buyer shall pay within thirty days.\n"
    document = parse_text(text.encode(), "a.txt", Limits())
    assert [block.text for block in document.blocks] == [
        "1.1 The Supplier shall deliver the Goods on time.",
        "The Buyer shall pay within thirty days.",
    ]
