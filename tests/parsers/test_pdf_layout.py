"""PDF layout logic on synthetic positioned words: no PDF library involved.

Each helper places words the way an engine reports them (points from the page's top-left), so
these tests pin down the layout rules themselves: rows and fragments, running furniture,
columns, paragraphs, hyphenation, headings and ruled tables.
"""

from __future__ import annotations

from checker.document import BlockKind
from checker.parsers.pdf_layout import (
    GridCell,
    PageText,
    Rule,
    TableGrid,
    TextWord,
    find_column_bands,
    find_grid_tables,
    furniture_key,
    group_rows,
    is_heading_line,
    is_page_number,
    join_hyphenated,
    layout_document,
    line_from_words,
    split_fragments,
)

CHAR = 5.0  # width of one character at 10 pt in these synthetic pages
SIZE = 10.0
PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0


def words_at(
    text: str, x: float, baseline: float, *, size: float = SIZE, bold: bool = False
) -> list[TextWord]:
    """Words of ``text`` laid out from ``x`` on a baseline, one character = ``CHAR`` points."""
    placed: list[TextWord] = []
    for word in text.split():
        width = len(word) * CHAR
        placed.append(TextWord(word, x, x + width, baseline - size * 0.8, baseline + size * 0.2, size, bold))
        x += width + CHAR
    return placed


def page(number: int, lines: list[tuple[str, float, float]], **kwargs: object) -> PageText:
    """A page from (text, x, baseline) triples."""
    words = [word for text, x, baseline in lines for word in words_at(text, x, baseline)]
    return PageText(number, PAGE_WIDTH, PAGE_HEIGHT, words, **kwargs)  # type: ignore[arg-type]


def body(
    lines: list[str], *, top: float = 100.0, pitch: float = 12.0, x: float = 72.0
) -> list[tuple[str, float, float]]:
    return [(text, x, top + index * pitch) for index, text in enumerate(lines)]


def texts(pages: list[PageText]) -> list[str]:
    return [block.text for block in layout_document(pages).blocks]


# --------------------------------------------------------------------------- rows and fragments


def test_rows_group_words_on_a_baseline_and_keep_raised_markers() -> None:
    line = words_at("The Supplier shall", 72, 100)
    marker = TextWord("1", 170, 175, 91, 96, 6, False)  # a raised footnote marker
    rows = group_rows([*words_at("next line", 72, 112), marker, *line])
    assert [[w.text for w in row] for row in rows] == [["The", "Supplier", "shall", "1"], ["next", "line"]]


def test_wide_gaps_split_a_row_into_fragments() -> None:
    row = words_at("left column text", 72, 100) + words_at("right column text", 320, 100)
    fragments = split_fragments(row, 1, 0)
    assert [f.text for f in fragments] == ["left column text", "right column text"]


def test_overprinted_words_are_kept_once() -> None:
    words = [*words_at("the", 72, 100), TextWord("the", 72.4, 87.4, 92, 102, SIZE), *words_at("end", 92, 100)]
    assert line_from_words(words, 1).text == "the end"


# --------------------------------------------------------------------------- headers and footers


def test_page_number_forms() -> None:
    for text in ("3", "- 4 -", "Page 3", "Page 3 of 12", "3 of 12", "iii", "[7]"):
        assert is_page_number(text), text
    for text in ("3 days", "Section 4", "Page layout"):
        assert not is_page_number(text), text


def test_furniture_key_lets_digits_vary() -> None:
    assert furniture_key("Confidential  -  Page 3") == furniture_key("confidential - page 14")


def test_running_headers_footers_and_page_numbers_are_removed() -> None:
    pages = []
    for number in (1, 2, 3):
        lines = [
            ("ACME Ltd - Master Services Agreement", 300, 40),
            *body([f"Clause text on page {number} that is long enough to be body text."]),
            (f"Confidential draft {number}", 72, 800),
            (f"Page {number} of 3", 270, 815),
        ]
        pages.append(page(number, lines))
    result = layout_document(pages)
    assert [block.text for block in result.blocks] == [
        f"Clause text on page {n} that is long enough to be body text." for n in (1, 2, 3)
    ]
    assert result.removed_header_footer_lines == 9
    assert [block.page for block in result.blocks] == [1, 2, 3]


def test_a_lone_page_number_goes_even_on_a_one_page_document() -> None:
    single = page(1, [*body(["Only clause of a one page note."]), ("- 1 -", 290, 815)])
    assert texts([single]) == ["Only clause of a one page note."]


def test_body_text_near_the_top_is_not_mistaken_for_a_header() -> None:
    opening = "Clause {} opens this page and runs on for well over ten words of body text."
    pages = [page(n, body([opening.format(n)], top=60)) for n in (1, 2)]
    assert len(texts(pages)) == 2


# --------------------------------------------------------------------------- columns


LEFT = [f"left column sentence {i} runs along here" for i in range(8)]
RIGHT = [f"right column sentence {i} runs along here" for i in range(8)]


def two_column_page() -> PageText:
    lines = [(text, 72, 100 + i * 12) for i, text in enumerate(LEFT)]
    lines += [(text, 320, 100 + i * 12) for i, text in enumerate(RIGHT)]
    return page(1, lines)


def test_two_columns_are_read_left_column_first() -> None:
    result = layout_document([two_column_page()])
    text = " ".join(block.text for block in result.blocks)
    assert text.index("left column sentence 7") < text.index("right column sentence 0")
    assert result.two_column_pages == [1]


def test_a_hanging_clause_number_stays_with_its_column() -> None:
    lines = [(text, 340, 100 + i * 12) for i, text in enumerate(RIGHT)]
    lines += [(text, 72, 100 + i * 12) for i, text in enumerate(LEFT)]
    lines.append(("3.2", 312, 100))
    columns = page(1, lines)
    fragments = [f for i, row in enumerate(group_rows(columns.words)) for f in split_fragments(row, 1, i)]
    (band,) = find_column_bands(fragments)
    assert "3.2" in {f.text for f in band.right}


def test_signature_blocks_side_by_side_are_not_columns() -> None:
    rows = ["By: /s/ J. Smith", "Name: John Smith", "Title: CEO", "Date: 1 May 2024", "ACME LTD"]
    lines = [(text, 72, 600 + i * 14) for i, text in enumerate(rows)]
    lines += [(text.replace("Smith", "Jones"), 320, 600 + i * 14) for i, text in enumerate(rows)]
    lines += body(
        [
            f"Ordinary prose line {i} fills the whole width of the page from margin to margin."
            for i in range(6)
        ]
    )
    result = layout_document([page(1, lines)])
    assert result.two_column_pages == []


def test_single_column_prose_has_no_gutter() -> None:
    prose = [f"A single column of prose, line {i}, which crosses the middle of the page." for i in range(12)]
    words = [w for text, x, y in body(prose) for w in words_at(text, x, y)]
    fragments = [f for i, row in enumerate(group_rows(words)) for f in split_fragments(row, 1, i)]
    assert find_column_bands(fragments) == []


# --------------------------------------------------------------------------- paragraphs


def test_lines_join_into_paragraphs_split_by_spacing_and_clause_numbers() -> None:
    lines = body(
        [
            "1.1 The Supplier shall provide the Services with all reasonable skill,",
            "care and diligence and in accordance with Good Industry Practice.",
            "1.2 The Customer shall pay the Charges within thirty (30) days of the",
            "date of a valid invoice.",
        ]
    )
    lines.append(("A separate paragraph after extra space.", 72, 100 + 3 * 12 + 24))
    assert texts([page(1, lines)]) == [
        "1.1 The Supplier shall provide the Services with all reasonable skill, care and diligence "
        "and in accordance with Good Industry Practice.",
        "1.2 The Customer shall pay the Charges within thirty (30) days of the date of a valid invoice.",
        "A separate paragraph after extra space.",
    ]


def test_a_wrapped_reference_is_not_a_new_clause() -> None:
    lines = body(
        [
            "The Customer may terminate this Agreement on notice under Section",
            "12.3 of the Master Agreement if the Supplier is in material breach.",
        ]
    )
    assert len(texts([page(1, lines)])) == 1


def test_spelled_numbers_do_not_start_a_clause() -> None:
    lines = body(["Either party may terminate on not less than ninety", "(90) days' notice."])
    assert texts([page(1, lines)]) == [
        "Either party may terminate on not less than ninety (90) days' notice."
    ]


def test_paragraph_continues_over_a_page_break() -> None:
    first = page(
        1, body(["The Supplier shall maintain insurance cover with reputable insurers and"], top=700)
    )
    second = page(2, body(["shall produce evidence of it on request."]))
    result = layout_document([first, second])
    assert [(b.text, b.page) for b in result.blocks] == [
        (
            "The Supplier shall maintain insurance cover with reputable insurers and "
            "shall produce evidence of it on request.",
            1,
        )
    ]


def test_headings_are_detected() -> None:
    heading = line_from_words(words_at("12. TERMINATION", 72, 100), 1)
    article = line_from_words(words_at("ARTICLE IV", 72, 100), 1)
    bold = line_from_words(words_at("Limitation of Liability", 72, 100, bold=True), 1)
    prose = line_from_words(words_at("The Supplier shall perform the Services.", 72, 100), 1)
    run_in = line_from_words(words_at("8.3 TERMINATION. If a", 72, 100), 1)
    assert is_heading_line(heading) and is_heading_line(article) and is_heading_line(bold)
    assert not is_heading_line(prose) and not is_heading_line(run_in)
    result = layout_document(
        [page(1, [("12. TERMINATION", 72, 100), *body(["12.1 Either party may end it."], top=124)])]
    )
    assert [b.kind for b in result.blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH]


def test_bullets_become_list_items() -> None:
    lines = [*body(["The Supplier shall:"]), ("• keep records;", 90, 124), ("• allow audits.", 90, 148)]
    blocks = layout_document([page(1, lines)]).blocks
    assert [(b.kind, b.text) for b in blocks[1:]] == [
        (BlockKind.LIST_ITEM, "keep records;"),
        (BlockKind.LIST_ITEM, "allow audits."),
    ]


# --------------------------------------------------------------------------- hyphenation


def test_line_end_hyphenation_is_repaired() -> None:
    lines = body(
        [
            "Either party may give notice of termi-",
            "nation to the other party and the third-",
            "party beneficiaries under this Agreement.",
        ]
    )
    assert texts([page(1, lines)]) == [
        "Either party may give notice of termination to the other party and the third-party "
        "beneficiaries under this Agreement."
    ]


def test_join_hyphenated_rules() -> None:
    vocabulary = {"employee", "employer", "process", "sublicense"}
    assert join_hyphenated("of termi-", "nation.", vocabulary) == "of termination."
    assert join_hyphenated("the agree-", "ment", vocabulary) == "the agreement"
    assert join_hyphenated("a third-", "party", vocabulary) == "a third-party"
    assert join_hyphenated("non-", "exclusive", vocabulary) == "non-exclusive"
    assert join_hyphenated("non-", "United Kingdom", vocabulary) == "non-United Kingdom"
    assert join_hyphenated("employee-", "employer", vocabulary) == "employee-employer"
    assert join_hyphenated("may sub-", "license", vocabulary) == "may sublicense"
    assert join_hyphenated("end-to-", "end", vocabulary) == "end-to-end"


# --------------------------------------------------------------------------- tables


def grid(xs: list[float], ys: list[float]) -> list[Rule]:
    rules = [Rule(xs[0], xs[-1], y - 0.25, y + 0.25) for y in ys]
    return rules + [Rule(x - 0.25, x + 0.25, ys[0], ys[-1]) for x in xs]


def test_grid_tables_from_rules() -> None:
    (table,) = find_grid_tables(grid([72, 200, 400], [100, 120, 140]))
    assert [(c.row, c.column) for c in table.cells] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert (table.x0, table.x1, table.top, table.bottom) == (72, 400, 100, 140)


def test_a_single_box_is_not_a_table_and_merged_cells_span() -> None:
    assert find_grid_tables(grid([72, 400], [100, 200])) == []
    rules = [*grid([72, 200, 400], [100, 120]), Rule(72, 400, 139.75, 140.25)]
    rules += [Rule(71.75, 72.25, 120, 140), Rule(399.75, 400.25, 120, 140)]  # second row: one merged cell
    (table,) = find_grid_tables(rules)
    assert [(c.row, c.column, c.x1) for c in table.cells] == [(0, 0, 200), (0, 1, 400), (1, 0, 400)]


def test_words_in_a_table_become_cells_in_place() -> None:
    cells = [
        GridCell(0, 0, 72, 200, 120, 140),
        GridCell(0, 1, 200, 400, 120, 140),
        GridCell(1, 0, 72, 200, 140, 160),
        GridCell(1, 1, 200, 400, 140, 160),
    ]
    table = TableGrid(72, 400, 120, 160, cells)
    lines = [("Charges are as follows:", 72, 110), ("Plan", 76, 134), ("Fee", 204, 134)]
    lines += [("Basic", 76, 154), ("100", 204, 154), ("Payment is due monthly.", 72, 180)]
    result = layout_document([page(1, lines, tables=[table])])
    summary = [
        (b.kind, b.text, b.table_cell and (b.table_cell.row, b.table_cell.column)) for b in result.blocks
    ]
    assert summary == [
        (BlockKind.PARAGRAPH, "Charges are as follows:", None),
        (BlockKind.TABLE_CELL, "Plan", (0, 0)),
        (BlockKind.TABLE_CELL, "Fee", (0, 1)),
        (BlockKind.TABLE_CELL, "Basic", (1, 0)),
        (BlockKind.TABLE_CELL, "100", (1, 1)),
        (BlockKind.PARAGRAPH, "Payment is due monthly.", None),
    ]
    assert result.tables == 1
