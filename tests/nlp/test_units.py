from checker.document import BlockKind, DocumentFormat, RawBlock, TableCellRef
from checker.nlp.units import clause_units
from checker.parsers import parse_file
from checker.structure import build_document


def _document(blocks: list[RawBlock]):
    return build_document(blocks, path="x", format=DocumentFormat.TEXT, content=b"x", pages=None)


def test_units_carry_the_headings_above_them() -> None:
    document = _document(
        [
            RawBlock(BlockKind.HEADING, "12. TERMINATION"),
            RawBlock(BlockKind.PARAGRAPH, "12.3 Termination for Cause. The Customer may terminate if:"),
            RawBlock(BlockKind.PARAGRAPH, "(a) the Supplier commits a material breach."),
        ]
    )
    units = clause_units(document)
    assert [unit.is_heading for unit in units] == [True, False, False]
    assert units[2].headings == ("TERMINATION", "Termination for Cause")
    assert units[2].section == "12.3(a)"
    assert document.text[units[2].start : units[2].end] == "(a) the Supplier commits a material breach."


def test_long_blocks_are_cut_at_sentence_ends() -> None:
    sentence = "The Supplier shall keep the records required by this Agreement for six years. "
    document = _document([RawBlock(BlockKind.PARAGRAPH, sentence * 30)])
    units = clause_units(document, max_words=40)
    assert len(units) > 5
    for unit in units:
        piece = document.text[unit.start : unit.end]
        assert len(piece.split()) <= 40 and piece.endswith("years.")


def test_table_rows_stay_together() -> None:
    cells = [
        RawBlock(BlockKind.TABLE_CELL, text, table_cell=TableCellRef(0, row, column))
        for row, values in enumerate([["Priority", "Response"], ["P1", "30 minutes"]])
        for column, text in enumerate(values)
    ]
    units = clause_units(_document(cells))
    assert len(units) == 2


def test_fixture_units_cover_clause_text(contracts_dir) -> None:
    document = parse_file(contracts_dir / "managed-services-msa.docx")
    units = clause_units(document)
    assert any(unit.section == "15.3" for unit in units)
    assert all(document.text[unit.start : unit.end].strip() for unit in units)
