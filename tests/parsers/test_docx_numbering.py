"""Word numbering resolution: formats, counters, restarts, legal numbering, styles, garbage."""

from __future__ import annotations

import pytest
from lxml import etree

from checker.parsers.docx_numbering import (
    W_NS,
    ListLabel,
    NumberingResolver,
    StyleTable,
    format_number,
)

_W = f'xmlns:w="{W_NS}"'


def numbering(xml: str) -> etree._Element:
    return etree.fromstring(f"<w:numbering {_W}>{xml}</w:numbering>")


def styles(xml: str) -> etree._Element:
    return etree.fromstring(f"<w:styles {_W}>{xml}</w:styles>")


def level(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def abstract(abstract_id: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{extra}{"".join(levels)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def start_override(ilvl: int, start: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'


CONTRACT_LEVELS = (
    level(0, "decimal", "%1."),
    level(1, "decimal", "%1.%2"),
    level(2, "decimal", "%1.%2.%3"),
    level(3, "lowerLetter", "(%4)"),
    level(4, "lowerRoman", "(%5)"),
)


def labels(resolver: NumberingResolver, items: list[tuple[int, int]]) -> list[str | None]:
    """Feed (numId, ilvl) pairs in document order; collect the displayed labels."""
    out: list[str | None] = []
    for num_id, ilvl in items:
        label = resolver.next_label(num_id, ilvl)
        out.append(None if label is None else label.text)
    return out


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (7, "decimal", "7"),
        (3, "decimalZero", "03"),
        (12, "decimalZero", "12"),
        (2, "lowerLetter", "b"),
        (26, "lowerLetter", "z"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "BB"),
        (4, "lowerRoman", "iv"),
        (14, "upperRoman", "XIV"),
        (1994, "upperRoman", "MCMXCIV"),
        (3, "ordinal", "3rd"),
        (5, "bullet", ""),
        (5, "none", ""),
        (5, "chineseCounting", "5"),
        (0, "lowerRoman", "0"),
    ],
)
def test_format_number(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_multi_level_contract_numbering_with_restarts() -> None:
    resolver = NumberingResolver(numbering(abstract(1, *CONTRACT_LEVELS) + num(1, 1)))
    sequence = [
        (1, 0),
        (1, 1),
        (1, 1),
        (1, 3),
        (1, 3),
        (1, 4),
        (1, 4),
        (1, 3),
        (1, 2),
        (1, 0),
        (1, 1),
        (1, 3),
    ]
    assert labels(resolver, sequence) == [
        "1.",
        "1.1",
        "1.2",
        "(a)",
        "(b)",
        "(i)",
        "(ii)",
        "(c)",
        "1.2.1",
        "2.",
        "2.1",
        "(a)",
    ]


def test_label_reports_level_and_num() -> None:
    resolver = NumberingResolver(numbering(abstract(1, *CONTRACT_LEVELS) + num(4, 1)))
    assert resolver.next_label(4, 1) == ListLabel("1.1", 1, 4)


def test_first_paragraph_at_a_deeper_level_shows_start_of_unused_parent() -> None:
    resolver = NumberingResolver(numbering(abstract(1, *CONTRACT_LEVELS) + num(1, 1)))
    # The parent level never used shows its start and counts as used, so the next
    # top-level paragraph is 2 (Word KB Q110380).
    assert labels(resolver, [(1, 1), (1, 1), (1, 0)]) == ["1.1", "1.2", "2."]


def test_level_restarted_by_a_higher_level_shows_zero_when_skipped() -> None:
    resolver = NumberingResolver(numbering(abstract(1, *CONTRACT_LEVELS) + num(1, 1)))
    assert labels(resolver, [(1, 0), (1, 0), (1, 2), (1, 1)]) == ["1.", "2.", "2.0.1", "2.1"]


def test_lvl_restart_zero_never_restarts_and_one_based_level_restarts_only_there() -> None:
    xml = abstract(
        1,
        level(0, "decimal", "Part %1"),
        level(1, "decimal", "%1.%2"),
        level(2, "decimal", "Note %3", extra='<w:lvlRestart w:val="0"/>'),
        level(3, "lowerLetter", "(%4)", extra='<w:lvlRestart w:val="1"/>'),
    ) + num(1, 1)
    resolver = NumberingResolver(numbering(xml))
    sequence = [(1, 0), (1, 2), (1, 3), (1, 1), (1, 3), (1, 0), (1, 2), (1, 3)]
    # Notes run on through the whole document; (a)-items restart only at a new Part.
    assert labels(resolver, sequence) == ["Part 1", "Note 1", "(a)", "1.1", "(b)", "Part 2", "Note 2", "(a)"]


def test_start_override_restarts_a_shared_list_and_the_original_num_continues() -> None:
    overrides = "".join(start_override(ilvl, 1) for ilvl in range(5))
    xml = abstract(1, *CONTRACT_LEVELS) + num(1, 1) + num(2, 1, overrides) + num(3, 1)
    resolver = NumberingResolver(numbering(xml))
    sequence = [(1, 0), (1, 0), (1, 1), (2, 1), (2, 1), (2, 0), (3, 0)]
    # num 2 restarts (its first paragraph at level 1 shows "1.1"); num 3 shares the
    # abstract definition without overrides, so it continues from num 2.
    assert labels(resolver, sequence) == ["1.", "2.", "2.1", "1.1", "1.2", "2.", "3."]


def test_start_override_with_another_value() -> None:
    xml = abstract(1, level(0, "decimal", "%1.")) + num(1, 1, start_override(0, 5))
    resolver = NumberingResolver(numbering(xml))
    assert labels(resolver, [(1, 0), (1, 0)]) == ["5.", "6."]


def test_level_override_replaces_definition_for_one_num() -> None:
    override = f'<w:lvlOverride w:ilvl="0">{level(0, "upperLetter", "Annex %1")}</w:lvlOverride>'
    xml = abstract(1, level(0, "decimal", "%1.")) + num(1, 1) + num(2, 1, override)
    resolver = NumberingResolver(numbering(xml))
    assert labels(resolver, [(1, 0), (2, 0)]) == ["1.", "Annex B"]


@pytest.mark.parametrize(("legal", "expected"), [(True, "1.1"), (False, "I.1")])
def test_is_lgl_shows_earlier_levels_in_decimal(legal: bool, expected: str) -> None:
    extra = "<w:isLgl/>" if legal else ""
    xml = abstract(
        1,
        level(0, "upperRoman", "Article %1"),
        level(1, "decimal", "%1.%2", extra=extra),
        level(2, "lowerLetter", "(%3)"),
    ) + num(1, 1)
    resolver = NumberingResolver(numbering(xml))
    assert labels(resolver, [(1, 0), (1, 1), (1, 2), (1, 0), (1, 1)]) == [
        "Article I",
        expected,
        "(a)",
        "Article II",
        expected.replace("I", "II") if not legal else "2.1",
    ]


def test_is_lgl_switched_off_explicitly() -> None:
    xml = abstract(
        1, level(0, "upperRoman", "%1"), level(1, "decimal", "%1.%2", extra='<w:isLgl w:val="0"/>')
    ) + num(1, 1)
    assert labels(NumberingResolver(numbering(xml)), [(1, 0), (1, 1)]) == ["I", "I.1"]


def test_schedule_and_decimal_zero_templates() -> None:
    xml = abstract(1, level(0, "decimal", "Schedule %1"), level(1, "decimalZero", "%1.%2")) + num(1, 1)
    resolver = NumberingResolver(numbering(xml))
    assert labels(resolver, [(1, 0), (1, 1), (1, 0)]) == ["Schedule 1", "1.01", "Schedule 2"]


def test_bullets_have_no_label_but_are_list_items() -> None:
    xml = abstract(1, level(0, "bullet", "\u2022"), level(1, "decimal", "%2)")) + num(1, 1)
    resolver = NumberingResolver(numbering(xml))
    assert resolver.next_label(1, 0) == ListLabel(None, 0, 1)
    assert resolver.next_label(1, 1) == ListLabel("1)", 1, 1)


def test_reference_to_a_bullet_level_prints_nothing_for_it() -> None:
    xml = abstract(
        1, level(0, "decimal", "%1."), level(1, "bullet", "o"), level(2, "decimal", "%1.%2%3")
    ) + num(1, 1)
    assert labels(NumberingResolver(numbering(xml)), [(1, 0), (1, 2)]) == ["1.", "1.1"]


def test_reference_below_current_level_drops_the_whole_text() -> None:
    xml = abstract(1, level(0, "decimal", "%1.%2")) + num(1, 1)
    assert labels(NumberingResolver(numbering(xml)), [(1, 0)]) == [None]


@pytest.mark.parametrize(
    "xml",
    [
        "",  # no definitions at all
        num(1, 99),  # num pointing at a missing abstract
        abstract(1, '<w:lvl w:ilvl="x"><w:numFmt w:val="decimal"/></w:lvl>') + num(1, 1),  # bad ilvl
        abstract(1, level(1, "decimal", "%2.")) + num(1, 1),  # level 0 undefined
        '<w:num w:numId="one"><w:abstractNumId w:val="1"/></w:num>' + abstract(1, level(0, "decimal", "%1.")),
        "<w:junk/><w:abstractNum/><w:num/>",
    ],
)
def test_garbage_numbering_gives_no_label_and_never_raises(xml: str) -> None:
    resolver = NumberingResolver(numbering(xml))
    assert resolver.next_label(1, 0) is None
    assert resolver.next_label(1, 42) is None
    assert resolver.next_label(-3, 0) is None


def test_garbage_values_inside_a_level_fall_back_to_defaults() -> None:
    xml = abstract(
        1,
        '<w:lvl w:ilvl="0"><w:start w:val="banana"/><w:numFmt/><w:lvlText w:val="%1."/>'
        '<w:lvlRestart w:val="-4"/></w:lvl>',
    ) + num(1, 1)
    assert labels(NumberingResolver(numbering(xml)), [(1, 0), (1, 0)]) == ["1.", "2."]


def test_no_numbering_part_at_all() -> None:
    resolver = NumberingResolver(None)
    assert resolver.paragraph_label(1, 0, None) is None


def test_num_id_zero_switches_numbering_off() -> None:
    table = StyleTable(
        styles(
            '<w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/>'
            '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        )
    )
    resolver = NumberingResolver(numbering(abstract(1, *CONTRACT_LEVELS) + num(1, 1)), table)
    assert resolver.paragraph_label(0, None, "Clause") is None
    assert resolver.paragraph_label(None, None, "Clause") == ListLabel("1.", 0, 1)


LEGAL_STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="L1"><w:name w:val="Level 1"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr>'
    "</w:style>"
    '<w:style w:type="paragraph" w:styleId="L2"><w:name w:val="Level 2"/><w:basedOn w:val="L1"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="L4"><w:name w:val="Level 4"/><w:basedOn w:val="L2"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="3"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Plain"><w:name w:val="Plain"/><w:basedOn w:val="L2"/>'
    '<w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>'
)


def test_style_numbering_inherits_num_id_and_ilvl_independently() -> None:
    table = StyleTable(styles(LEGAL_STYLES))
    assert table.num_pr("L4")[:2] == (3, 3)
    assert table.num_pr("Plain")[:2] == (0, 1)
    resolver = NumberingResolver(numbering(abstract(1, *CONTRACT_LEVELS) + num(3, 1)), table)
    got = [resolver.paragraph_label(None, None, style) for style in ("L1", "L2", "L4", "L4", "Plain", "L2")]
    assert [None if label is None else label.text for label in got] == [
        "1.",
        "1.1",
        "(a)",
        "(b)",
        None,
        "1.2",
    ]


def test_direct_ilvl_overrides_the_style_level() -> None:
    table = StyleTable(styles(LEGAL_STYLES))
    resolver = NumberingResolver(numbering(abstract(1, *CONTRACT_LEVELS) + num(3, 1)), table)
    resolver.paragraph_label(None, None, "L1")
    assert resolver.paragraph_label(None, 4, "L2") == ListLabel("(i)", 4, 3)


def test_level_linked_to_a_style_through_pstyle() -> None:
    table = StyleTable(
        styles(
            '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
            '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        )
    )
    xml = abstract(
        1, level(0, "decimal", "%1."), level(1, "decimal", "%1.%2", extra='<w:pStyle w:val="Heading2"/>')
    ) + num(1, 1)
    resolver = NumberingResolver(numbering(xml), table)
    assert resolver.paragraph_label(None, None, "Heading2") == ListLabel("1.1", 1, 1)


def test_num_style_link_borrows_levels_from_a_numbering_style() -> None:
    table = StyleTable(
        styles(
            '<w:style w:type="numbering" w:styleId="LegalList"><w:name w:val="Legal List"/>'
            '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
        )
    )
    xml = (
        abstract(1, *CONTRACT_LEVELS, extra='<w:styleLink w:val="LegalList"/>')
        + abstract(2, extra='<w:numStyleLink w:val="LegalList"/>')
        + num(7, 1)
        + num(8, 2)
    )
    resolver = NumberingResolver(numbering(xml), table)
    assert labels(resolver, [(8, 0), (8, 1), (7, 1)]) == ["1.", "1.1", "1.2"]


def test_num_style_link_loop_is_garbage_not_a_hang() -> None:
    table = StyleTable(
        styles(
            '<w:style w:type="numbering" w:styleId="A"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>'
            "</w:style>"
        )
    )
    xml = abstract(1, extra='<w:numStyleLink w:val="A"/>') + num(1, 1)
    assert NumberingResolver(numbering(xml), table).next_label(1, 0) is None


def test_heading_levels_from_style_names_outline_levels_and_inheritance() -> None:
    table = StyleTable(
        styles(
            LEGAL_STYLES + '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
            '<w:style w:type="paragraph" w:styleId="H3"><w:name w:val="heading 3"/></w:style>'
            '<w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="My Heading"/>'
            '<w:basedOn w:val="H3"/></w:style>'
            '<w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>'
            '<w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>'
        )
    )
    assert table.heading_level("Title") == 1
    assert table.heading_level("H3") == 3
    assert table.heading_level("MyHead") == 3
    assert table.heading_level("L1") == 1
    assert table.heading_level("L2") is None  # outline level 9 is body text
    assert table.heading_level("Normal") is None
    assert table.heading_level("Missing") is None  # unknown id falls back to the default style
    assert table.heading_level("Loop1") is None
