from checker.rules.matching import MatcherRegistry
from checker.rules.subject import Subject


def _subject(analyse, text: str, contract_type: str | None = None) -> Subject:
    return Subject([analyse(text, [])], MatcherRegistry(), contract_type)


def test_contract_type_from_title(analyse) -> None:
    assert (
        _subject(analyse, "# Master Services Agreement\n\n1. Terms.\n").detected_contract_type
        == "outsourcing"
    )
    assert (
        _subject(analyse, "# Data Processing Addendum\n\n1. Terms.\n").detected_contract_type
        == "data_processing"
    )
    assert _subject(analyse, "# Cloud Subscription Agreement\n\n1. Terms.\n").detected_contract_type == "saas"
    assert _subject(analyse, "# Patent License Agreement\n\n1. Terms.\n").detected_contract_type == "license"
    assert _subject(analyse, "# Lunch Menu\n\n1. Soup.\n").detected_contract_type == "other"
    assert _subject(analyse, "# Lunch Menu\n\n1. Soup.\n", "saas").detected_contract_type == "saas"


def test_personal_data_and_cross_border_facts(analyse) -> None:
    assert _subject(analyse, "# Services Agreement\n\n1. The Supplier processes personal data.\n").fact(
        "processes_personal_data"
    )
    assert not _subject(analyse, "# Services Agreement\n\n1. The Supplier cleans offices.\n").fact(
        "processes_personal_data"
    )
    two_countries = (
        "# Services Agreement\n\n1. This Agreement is governed by the laws of England and Wales. "
        "The courts of Singapore have jurisdiction.\n"
    )
    assert _subject(analyse, two_countries).fact("cross_border")
    assert not _subject(
        analyse, "# Services Agreement\n\n1. This Agreement is governed by the laws of England and Wales.\n"
    ).fact("cross_border")
    assert _subject(
        analyse, "# Services Agreement\n\n1. Services are delivered from an offshore delivery centre.\n"
    ).fact("cross_border")
