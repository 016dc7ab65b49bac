"""Cross-references: dangling ones found, external and inline-numbered ones left alone, bundles."""

from __future__ import annotations

from tests.drafting.conftest import drafting_of, found

CONTRACT = """# Services Agreement

## 1. Services

1.1 The Supplier shall provide the Services described in Schedule 1.

1.2 The Supplier shall meet the service levels in Clause 1.1(b) and Schedule 2.

## 2. Termination

2.1 Either party may terminate for material breach:

(a) on notice; or

(b) at once, if the breach cannot be remedied.

2.2 On termination under Clause 2.1(b) or Clauses 2.1 and 4.3, the Supplier shall comply with Section 1542 of
the California Civil Code, Article 28(3) GDPR, Section 2.1 of the Master Agreement and Exhibit 10.1 filed
with the Company's Form 10-K.

## Schedule 1 - Services

1. Hosting.
"""


def test_dangling_clause_sub_clause_and_attachment_references() -> None:
    drafting = drafting_of(CONTRACT)
    slips = drafting.slips("cross_references")
    assert [(slip.kind, slip.facts["target"]) for slip in slips] == [
        ("clause", "Clause 1.1(b)"),
        ("attachment", "Schedule 2"),
        ("clause", "Clause 4.3"),
    ]
    assert found(drafting, "cross_references")[2] == ("clause", "Clauses 2.1 and 4.3")


def test_a_schedule_supplied_as_its_own_document_resolves_in_a_bundle() -> None:
    schedule = "# Schedule 2 - Service Levels\n\n1. Availability of 99.9% each month.\n"
    slips = drafting_of(CONTRACT, schedule).slips("cross_references")
    assert [slip.facts["target"] for slip in slips] == ["Clause 1.1(b)", "Clause 4.3"]


def test_numbers_printed_inline_count_as_clauses() -> None:
    text = (
        "# Agreement\n\n1. Services. 1.1 Provision. (a) The Provider shall provide the services. "
        "(b) It shall keep records. 1.2 Standard. The services follow Section 1.1(b). 2. Term. 2.1 Start. "
        "It starts today. 3. Fees. 3.1 The fees are due under Section 2.1 and Section 3.4.\n"
    )
    assert [slip.facts["target"] for slip in drafting_of(text).slips("cross_references")] == ["Section 3.4"]


def test_an_amendment_cites_the_agreement_it_amends() -> None:
    text = (
        "# Amendment No. 2 to the Supply Agreement\n\n1. Section 14.3 of the Agreement is deleted.\n\n"
        "2. Section 9 is amended to read as set out below.\n\n3. All other terms remain.\n\n"
        "4. Counterparts.\n\n"
        "5. This Amendment takes effect today, and Section 7 of this Amendment governs it.\n"
    )
    assert [slip.facts["target"] for slip in drafting_of(text).slips("cross_references")] == ["Section 7"]


def test_docx_references_use_word_auto_numbering() -> None:
    from checker.drafting import DraftingAnalysis
    from tests.parsers.test_docx import CONTRACT_NUMBERING, make_docx, para, parse

    body = "".join(
        [
            para("Services", num=1, ilvl=0, style="Heading1"),
            para("The Supplier shall provide the Services.", num=1, ilvl=1),
            para("The Supplier shall report monthly.", num=1, ilvl=1),
            para("Termination", num=1, ilvl=0, style="Heading1"),
            para("Either party may terminate under clause 2.1 or clause 1.3.", num=1, ilvl=1),
        ]
    )
    document = parse(make_docx(body, numbering=CONTRACT_NUMBERING))
    slips = DraftingAnalysis([document]).slips("cross_references")
    assert [slip.facts["target"] for slip in slips] == ["Clause 1.3"]
