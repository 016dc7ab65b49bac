from checker.nlp.pipeline import blank_pipeline
from checker.nlp.segmenter import attach_units
from checker.nlp.units import ClauseUnit


def test_given_units_become_spans_with_their_context() -> None:
    nlp = blank_pipeline()
    doc = nlp.make_doc("12. TERMINATION\n12.1 Either party may terminate.")
    attach_units(
        doc, [ClauseUnit(0, 15, "12", (), None, True), ClauseUnit(16, 48, "12.1", ("TERMINATION",), None)]
    )
    doc = nlp.get_pipe("clause_segmenter")(doc)
    units = doc.spans["units"]
    assert [span.text for span in units] == ["12. TERMINATION", "12.1 Either party may terminate."]
    assert units[0]._.is_heading and not units[1]._.is_heading
    assert units[1]._.headings == ("TERMINATION",) and units[1]._.section == "12.1"


def test_bare_text_is_split_into_paragraphs_and_numbered_items() -> None:
    nlp = blank_pipeline()
    text = "Intro paragraph\nwrapped line.\n\n1. First clause.\n2. Second clause.\n(a) sub item"
    doc = nlp.get_pipe("clause_segmenter")(nlp.make_doc(text))
    assert [span.text for span in doc.spans["units"]] == [
        "Intro paragraph\nwrapped line.",
        "1. First clause.",
        "2. Second clause.",
        "(a) sub item",
    ]
