"""Parties: a role that names no party, and a party with two names."""

from __future__ import annotations

from tests.drafting.conftest import drafting_of, found

PREAMBLE = 'This Agreement is made between Acme Ltd (the "Supplier") and Borealis plc (the "Customer").\n\n'


def test_second_name_for_a_defined_party_and_an_undefined_role() -> None:
    drafting = drafting_of(
        "# Services Agreement\n\n" + PREAMBLE + "## 1. Services\n\n1.1 The Vendor shall provide the services "
        "and the Vendor shall invoice the Customer. The Company shall pay.\n",
        pipeline=True,
    )
    slips = drafting.slips("parties")
    assert [(slip.kind, slip.facts["role"], slip.facts["count"]) for slip in slips] == [
        ("two_names", "Vendor", "2"),
        ("undefined_role", "Company", "1"),
    ]
    assert slips[0].facts["defined"] == "Supplier"


def test_two_short_names_given_at_once() -> None:
    drafting = drafting_of(
        '# Services Agreement\n\nAcme Ltd (the "Supplier" or "Vendor") and Borealis plc (the "Customer").\n\n'
        "## 1. Services\n\n1.1 The Supplier shall provide the services to the Customer.\n",
        pipeline=True,
    )
    assert found(drafting, "parties") == [("two_names", "Vendor")]


def test_defined_names_and_longer_names_are_fine() -> None:
    drafting = drafting_of(
        "# Services Agreement\n\n"
        + PREAMBLE
        + "## 1. Services\n\n1.1 The Supplier shall protect Customer Data "
        "and the Supplier Personnel shall follow the Customer's policies.\n",
        pipeline=True,
    )
    assert drafting.slips("parties") == []
