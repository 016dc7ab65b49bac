"""Defined terms: the forms of definition, and the undefined, unused, conflicting and late checks."""

from __future__ import annotations

from checker.drafting.defined_terms import term_key, variants
from tests.drafting.conftest import drafting_of

CONTRACT = """# Services Agreement

This Services Agreement (the "Agreement") is made between Acme Ltd (the "Supplier") and Borealis plc
(the "Customer"), each a "Party" and together the "Parties".

## 1. Definitions

1.1 "Services" means the services in Schedule 1; "Fees" or "Charges" shall have the meaning given in
Clause 4; and "Service Credits" means the credits in Schedule 2.

1.2 "Business Day" means a day other than a Saturday or Sunday.

## 2. Services

2.1 The Supplier shall provide the Services and report to the Steering Committee, and each Party shall
deliver its Deliverables. The Customer shall review deliverables within five (5) Business Days and accept
the Deliverables.

2.2 The parties shall meet (the "Steering Committee") each quarter under the Data Protection Act 2018 in
New York with the Chief Executive Officer. The Parties agree.

## 4. Fees

4.1 The Customer shall pay the Fees and Charges. For the purposes of this Clause 4, "Business Day" means a day
on which banks are open. "Business Day" means any weekday.
"""


def test_term_forms_share_a_key() -> None:
    assert term_key("Parties") == term_key("Party") == "party"
    assert term_key("Business Days") == term_key("Business Day")
    assert {"Service", "Services", "SERVICES"} <= variants("Services")


def test_definitions_in_all_their_forms() -> None:
    definitions = drafting_of(CONTRACT).terms.definitions
    terms = {definition.term for definition in definitions}
    assert {"Agreement", "Supplier", "Customer", "Party", "Parties", "Services", "Fees", "Charges"} <= terms
    assert {"Steering Committee", "Service Credits", "Business Day"} <= terms
    steering = next(d for d in definitions if d.term == "Steering Committee")
    assert not steering.in_section and steering.body is None
    scoped = [d for d in definitions if d.term == "Business Day" and d.scoped]
    assert len(scoped) == 1


def test_undefined_term_reported_once_and_names_laws_offices_places_left_alone() -> None:
    slips = drafting_of(CONTRACT).slips("undefined_terms")
    assert [(slip.facts["term"], slip.facts["count"]) for slip in slips] == [("Deliverables", "2")]


def test_a_term_used_once_or_an_agreement_without_definitions_is_not_reported() -> None:
    assert drafting_of(CONTRACT).slips("undefined_terms", allow=[]) != []
    once = CONTRACT.replace("and accept\nthe Deliverables.", ".")
    assert drafting_of(once).slips("undefined_terms") == []
    bare = (
        "# Agreement\n\n1.1 The Supplier shall deliver the Deliverables and the deliverables shall conform "
        "to the Deliverables list.\n"
    )
    assert drafting_of(bare).slips("undefined_terms") == []


def test_allow_list_accepts_a_word() -> None:
    assert drafting_of(CONTRACT).slips("undefined_terms", allow=["deliverables"]) == []


def test_unused_conflicting_and_late() -> None:
    drafting = drafting_of(CONTRACT)
    assert [slip.facts["term"] for slip in drafting.slips("unused_terms")] == ["Service Credits"]
    [conflict] = drafting.slips("conflicting_definitions")
    assert conflict.facts["term"] == "Business Day" and conflict.facts["first"] == "1.2"
    [late] = drafting.slips("late_definitions")
    assert late.facts["term"] == "Steering Committee" and late.facts["defined_in"] == "2.2"


def test_a_definitions_schedule_at_the_end_makes_no_late_definition() -> None:
    text = (
        "# Agreement\n\n## 1. Services\n\n1.1 The Supplier shall provide the Services to the Customer.\n\n"
        '## Schedule 1 - Definitions\n\n1.1 "Services" means the hosting services.\n'
    )
    assert drafting_of(text).slips("late_definitions") == []


def test_a_pointer_to_the_definition_is_enough() -> None:
    text = (
        "# Agreement\n\n## 1. Reports\n\n"
        "1.1 Reports go to the Steering Committee (as defined in Clause 2.1).\n\n"
        '## 2. Governance\n\n2.1 A committee (the "Steering Committee") meets monthly.\n'
    )
    assert drafting_of(text).slips("late_definitions") == []
