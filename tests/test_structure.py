from checker.document import BlockKind, DocumentFormat, RawBlock
from checker.structure import build_document, normalise_text, parse_label, run_in_heading, split_label


def _build(lines: list[str]):
    raws = [RawBlock(BlockKind.HEADING if line.isupper() else BlockKind.PARAGRAPH, line) for line in lines]
    return build_document(raws, path="x.txt", format=DocumentFormat.TEXT, content=b"x", pages=None)


def _numbers(document) -> list[str | None]:
    return [block.number for block in document.blocks]


def test_split_label_accepts_clause_numbers_and_rejects_prose() -> None:
    assert split_label("12.3 Termination. The Customer")[0].text == "12.3"
    assert split_label("7. the Supplier shall")[0].text == "7"
    assert split_label("ARTICLE IV DEFINITIONS")[0].text == "Article IV"
    assert split_label("Schedule 2 - Service Levels")[0].text == "Schedule 2"
    assert split_label("Section 14.3 Survival")[0].text == "14.3"
    assert split_label("(b) the Supplier")[0].text == "(b)"
    assert split_label("30 days after notice") is None
    assert split_label("2019 was a good year") is None
    assert split_label("The Supplier shall") is None


def test_parse_label_classifies_schemes() -> None:
    assert parse_label("Article II").scheme == "article"
    assert parse_label("7.2").depth == 2
    assert parse_label("(b)").scheme == "alpha"
    assert parse_label("(iv)").scheme == "roman"
    assert parse_label("b.").scheme == "alpha"
    assert parse_label("Exhibit A").scheme == "container"
    assert parse_label("•") is None


def test_relative_labels_resolve_against_their_numbered_clause() -> None:
    document = _build(
        ["2.1 Term. The term is three years.", "(a) first", "(b) second", "(i) sub", "(ii) sub", "(c) third"]
    )
    assert _numbers(document) == ["2.1", "2.1(a)", "2.1(b)", "2.1(b)(i)", "2.1(b)(ii)", "2.1(c)"]


def test_letter_i_after_h_is_a_letter_not_a_roman_numeral() -> None:
    document = _build(["5.1 Items.", "(g) seven", "(h) eight", "(i) nine", "(j) ten"])
    assert _numbers(document)[-2:] == ["5.1(i)", "5.1(j)"]
    section = document.sections[0]
    assert [child.number for child in section.children] == ["5.1(g)", "5.1(h)", "5.1(i)", "5.1(j)"]


def test_section_tree_nests_by_rank_and_schedules_restart_numbering() -> None:
    document = _build(
        [
            "ARTICLE I DEFINITIONS",
            "1.1 Terms.",
            "ARTICLE II TERM",
            "2.1 Term.",
            "SCHEDULE 2 SERVICE LEVELS",
            "1.1 Availability.",
        ]
    )
    roots = document.sections
    assert [root.number for root in roots] == ["Article I", "Article II", "Schedule 2"]
    assert roots[0].children[0].number == "1.1"
    assert roots[2].children[0].path == "Schedule 2 / 1.1"
    assert document.blocks[-1].section_path == "Schedule 2 / 1.1"


def test_offsets_point_into_the_full_text_and_sections_cover_their_children() -> None:
    document = _build(
        ["1. DEFINITIONS", "1.1 First clause text.", "Plain paragraph under 1.1.", "2. TERM", "2.1 Term."]
    )
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text
    first = document.sections[0]
    assert document.text[first.start : first.end].endswith("Plain paragraph under 1.1.")
    assert document.block_at(document.blocks[2].start + 3) == document.blocks[2]
    assert document.blocks[2].number == "1.1"


def test_run_in_heading_needs_title_case() -> None:
    assert run_in_heading("Termination for Cause. The Customer may") == "Termination for Cause"
    assert run_in_heading("The Supplier shall provide the services. Then") is None


def test_normalise_text_folds_ligatures_and_spaces() -> None:
    assert normalise_text("de\ufb01ned\u00a0 term\u200b\n next") == "defined term next"


def test_docx_style_labels_are_prepended_to_text() -> None:
    raws = [
        RawBlock(BlockKind.HEADING, "Services", label="7.", heading_level=1),
        RawBlock(BlockKind.LIST_ITEM, "Scope", label="7.2"),
        RawBlock(BlockKind.LIST_ITEM, "the first obligation", label="(b)"),
    ]
    document = build_document(raws, path="x.docx", format=DocumentFormat.DOCX, content=b"x", pages=None)
    assert [block.text for block in document.blocks] == [
        "7. Services",
        "7.2 Scope",
        "(b) the first obligation",
    ]
    assert document.blocks[-1].number == "7.2(b)"
    assert document.sections[0].heading == "Services"
