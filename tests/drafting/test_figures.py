"""Numbers in words and figures that disagree, in both orders; agreeing ones and non-numbers pass."""

from __future__ import annotations

from tests.drafting.conftest import drafting_of, found


def test_disagreements_in_both_orders() -> None:
    drafting = drafting_of(
        "# Agreement\n\n1.1 Notice of thirty (60) days, a fee of five ($5,000) and $2,500 (two thousand five "
        "hundred and fifty dollars) within twenty-four (42) hours.\n"
    )
    slips = drafting.slips("figures")
    assert [(slip.facts["words"], slip.facts["figure"]) for slip in slips] == [
        ("30", "60"),
        ("5", "5,000"),
        ("2550", "2,500"),
        ("24", "42"),
    ]
    assert found(drafting, "figures")[0] == ("words_digits", "thirty (60)")


def test_agreeing_and_non_numbers() -> None:
    drafting = drafting_of(
        "# Agreement\n\n1.1 Within thirty (30) days, Five Thousand Dollars ($5,000.00), ten percent (10%), "
        "one hundred and twenty (120) days, one and a half (1.5) hours, one-half (1/2), Schedule One (1) and "
        "$1,000 (one thousand US dollars) (the Fee).\n"
    )
    assert drafting.slips("figures") == []


def test_days_of_a_date_in_ordinal_words_and_figures() -> None:
    drafting = drafting_of(
        "# Agreement\n\n1.1 Invoices are due on the fifteenth (16th) day of each month and reports on the "
        "twenty-first (21st) day; the first (1st) and the thirtieth (30th) day of a quarter and the fifth "
        "(5th) Business Day agree, and Section 12 (15th edition) states nothing twice.\n"
    )
    slips = drafting.slips("figures")
    assert [(slip.facts["words"], slip.facts["figure"]) for slip in slips] == [("15", "16")]
