import numpy as np
import pytest

from checker.nlp.vetoes import VETOED_SCORE, apply_vetoes, denies_beneficiaries, is_definition, veto_mask


@pytest.mark.parametrize(
    "text",
    [
        '"Service Levels" means the service levels set out in Schedule 2.',
        '(b) "Change of Control" means the acquisition of more than half of the voting shares.',
        "1.4 “Exclusive Territory” shall have the meaning given in Section 3.",
        'Section 2.1 "Minimum Order" has the meaning set out in the Order Form.',
    ],
)
def test_definitions_are_recognised(text: str) -> None:
    assert is_definition(text)


@pytest.mark.parametrize(
    "text",
    [
        "The Supplier shall meet the Service Levels in each month.",
        'Upon a Change of Control of the Distributor (in clause 1, "Change of Control" means a sale), '
        "the Company may terminate.",
        "Capitalised terms mean what Schedule 1 says they mean.",
    ],
)
def test_provisions_are_not_definitions(text: str) -> None:
    assert not is_definition(text)


@pytest.mark.parametrize(
    "text",
    [
        "There are no third party beneficiaries of this Agreement.",
        "Nothing in this Agreement shall confer upon any person other rights than the parties'.",
        "A person who is not a party to this Agreement has no rights under the Contracts (Rights of Third "
        "Parties) Act 1999.",
    ],
)
def test_denials_of_beneficiaries_are_recognised(text: str) -> None:
    assert denies_beneficiaries(text)


@pytest.mark.parametrize(
    "text",
    [
        "There are no third party beneficiaries of this Agreement, except the Indemnified Parties.",
        "The Lenders shall be third party beneficiaries of Section 4.09; nothing else confers rights.",
        "Each Affiliate of Customer is an intended third party beneficiary of Section 5.",
        "The Licensee shall not sublicense the Software.",
    ],
)
def test_grants_and_exceptions_are_not_denials(text: str) -> None:
    assert not denies_beneficiaries(text)


def test_definitions_are_vetoed_for_every_category_and_denials_only_for_beneficiaries() -> None:
    labels = ["audit_rights", "third_party_beneficiary"]
    texts = [
        '"Audit" means an inspection of records.',
        "There are no third party beneficiaries of this Agreement.",
        "Customer may audit Supplier once a year.",
    ]
    assert veto_mask(texts, labels).tolist() == [[True, True], [False, True], [False, False]]


def test_apply_vetoes_leaves_other_scores_alone() -> None:
    scores = np.array([[1.5, 0.2], [0.7, 2.0]], dtype=np.float32)
    texts = ["Customer may audit Supplier.", "No third party beneficiaries exist under this Agreement."]
    result = apply_vetoes(scores, texts, ["audit_rights", "third_party_beneficiary"])
    assert result.tolist() == [[1.5, pytest.approx(0.2)], [pytest.approx(0.7), VETOED_SCORE]]
