import re

from checker.nlp.cues import CUES, compiled_cues, cue_ids, required_literals

SAMPLES = [
    "The Supplier shall not charge prices less favourable than those offered to any other customer.",
    "Nothing herein confers on any third party a right to enforce it; no third-party beneficiaries.",
    "Either party may terminate this Agreement for convenience on ninety (90) days' written notice.",
    "Licensor hereby grants Licensee a non-exclusive, royalty-free licence to use the Software.",
    "In the event of a merger or acquisition of all or substantially all of the assets of a party.",
    "The Customer may audit the Supplier's books and records once in each calendar year.",
    "This Agreement is governed by the laws of the State of New York.",
]


def test_required_literals_are_really_required() -> None:
    assert required_literals(r"most[- ]favou?red") == ("most",)
    assert required_literals(r"(merger|consolidat|acquisition)") == ("merger", "consolidat", "acquisition")
    assert required_literals(r"(\d+|fifty) days") == (" days",)
    assert required_literals(r"(a|bb)c?") == ()


def test_gating_never_changes_which_cues_match() -> None:
    ungated = [
        re.compile(pattern, re.IGNORECASE | re.DOTALL) for patterns in CUES.values() for pattern in patterns
    ]
    for sample in SAMPLES:
        expected = [index for index, expression in enumerate(ungated) if expression.search(sample)]
        assert cue_ids(sample) == expected
        assert expected


def test_cue_names_are_stable_and_unique() -> None:
    names = [cue.name for cue in compiled_cues()]
    assert len(names) == len(set(names)) == sum(len(patterns) for patterns in CUES.values())
    assert names[0] == "mfn0"
