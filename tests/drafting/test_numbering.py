"""Numbering: gaps and duplicates among siblings; restarts, inline labels and roman letters are fine."""

from __future__ import annotations

from tests.drafting.conftest import drafting_of


def details(text: str) -> list[tuple[str, str]]:
    return [(slip.kind, slip.facts["detail"]) for slip in drafting_of(text).slips("numbering")]


def test_gap_and_duplicate() -> None:
    text = (
        "# Agreement\n\n## 1. Fees\n\n1.1 Monthly.\n\n1.2 In arrears.\n\n1.4 With interest.\n\n"
        "## 2. Term\n\n2.1 Three years.\n\n2.1 Renewal.\n\n## 4. Law\n\n4.1 English law.\n"
    )
    assert details(text) == [
        ("gap", "1.3 is missing between 1.2 and 1.4"),
        ("duplicate", "2.1 is used twice"),
        ("gap", "3 is missing between 2 and 4"),
    ]


def test_letters_that_are_also_roman_numerals_and_schedules_restarting() -> None:
    text = (
        "# Agreement\n\n## 1. Exclusions\n\n1.1 Excluded are:\n\n"
        "(g) one;\n\n(h) two;\n\n(i) three;\n\n(j) four.\n\n"
        "## Schedule 1 - Services\n\n1.1 Hosting.\n\n1.2 Support.\n\n## Schedule 2 - Fees\n\n1.1 Monthly.\n"
    )
    assert details(text) == []


def test_a_missing_letter_printed_inside_the_clause_is_no_gap() -> None:
    text = (
        "# Agreement\n\n## 1. Fees\n\n1.1 The fees: (a) monthly; (b) in arrears;\n\n"
        "(c) in pounds;\n\n(e) net.\n"
    )
    assert details(text) == [("gap", "1.1(d) is missing between 1.1(c) and 1.1(e)")]
    text = (
        "# Agreement\n\n## 1. Fees\n\n1.1 The fees: (a) monthly; (b) in arrears; (c) in pounds;\n\n(d) net.\n"
    )
    assert details(text) == []
