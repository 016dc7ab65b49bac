import re

from checker.nlp.cues import CUES, compiled_cues, cue_ids, required_literals, unit_cue_ids

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


def _bounds(parts: list[str], separator: str = "\n\n") -> tuple[str, list[tuple[int, int]]]:
    text, bounds = "", []
    for part in parts:
        bounds.append((len(text), len(text) + len(part)))
        text += part + separator
    return text, bounds


def test_unit_cues_from_one_scan_equal_cues_of_each_unit() -> None:
    # Gates that straddle two units (" not" ending one, "shall" starting the next) must count
    # in neither; repeated gates inside a unit count once.
    text, bounds = _bounds(
        [*SAMPLES, "The Supplier shall not", "shall not assign. Shall not, shall not.", ""]
    )
    assert unit_cue_ids(text, bounds) == [cue_ids(text[start:end]) for start, end in bounds]
    assert any(unit_cue_ids(text, bounds))


def test_unit_cues_fall_back_when_offsets_cannot_be_shared() -> None:
    # "İ" lower-cases to two characters, and overlapping units cannot be placed by position.
    text, bounds = _bounds(["İstanbul: " + SAMPLES[6], SAMPLES[5]])
    assert unit_cue_ids(text, bounds) == [cue_ids(text[start:end]) for start, end in bounds]
    overlapping = [(0, len(SAMPLES[6]) + 20), (5, 40)]
    assert unit_cue_ids(text, overlapping) == [cue_ids(text[start:end]) for start, end in overlapping]


def test_cue_names_are_stable_and_unique() -> None:
    names = [cue.name for cue in compiled_cues()]
    assert len(names) == len(set(names)) == sum(len(patterns) for patterns in CUES.values())
    assert names[0] == "mfn0"


def _matching(text: str) -> set[str]:
    cues = compiled_cues()
    return {cues[index].name for index in cue_ids(text)}


def _cue(group: str, fragment: str) -> str:
    """Name of the cue of ``group`` whose expression contains ``fragment`` (robust to reordering)."""
    names = [
        cue.name
        for cue in compiled_cues()
        if cue.name.rstrip("0123456789") == group and fragment in cue.expression.pattern
    ]
    assert len(names) == 1, names
    return names[0]


def test_affirmative_beneficiary_cue_ignores_negated_boilerplate() -> None:
    affirmative = _cue("tpb", "(?<!not )")
    assert affirmative in _matching("The Lenders shall be express third party beneficiaries of Section 8.")
    assert affirmative in _matching("Franchisor is an intended third-party beneficiary of this Rider.")
    # A negated subject ("no customer shall be deemed ...") still matches; the negation cue
    # that matches alongside it lets the model weigh the two.
    negation = _cue("tpb", "(no|not|nothing)")
    assert {affirmative, negation} <= _matching("No customer shall be deemed a third party beneficiary.")
    assert affirmative not in _matching("The Borrowers shall not be deemed a third party beneficiary.")
    assert affirmative not in _matching("There are no third party beneficiaries of this Agreement.")


def test_termination_cues_separate_convenience_from_conditions_and_negation() -> None:
    negated = _cue("tfc", "(may|shall|can|will) not")
    conditional = _cue("tfc", "in the event")
    assert negated in _matching("This Agreement may not be terminated by either party for convenience.")
    assert negated not in _matching("Either party may terminate this Agreement on ninety days' notice.")
    assert conditional in _matching("Either party may terminate if the other party is in breach.")
    assert conditional not in _matching("Customer may terminate at any time on thirty days' notice.")


def test_minimum_commitment_negation_cues() -> None:
    negated = _cue("mc", "no (minimum")
    assert negated in _matching("Buyer has no minimum purchase obligation under this Agreement.")
    assert negated not in _matching("Buyer shall purchase a minimum of 500 units per quarter.")
    not_obliged = _cue("mc", "obligated")
    assert not_obliged in _matching("Distributor shall not be obligated to purchase any Products.")


def test_exclusivity_cue_is_not_fired_by_non_exclusive() -> None:
    exclusive = _cue("excl", "(?<!non)")
    assert exclusive in _matching("Distributor shall be the exclusive distributor in the Territory.")
    for text in ("a non-exclusive licence", "a nonexclusive licence", "a non exclusive right"):
        assert exclusive not in _matching(text)
        assert _cue("excl", "non-?exclusiv") in _matching(text) or "non exclusive" in text
    assert _cue("excl", "jurisdiction") in _matching("submit to the exclusive jurisdiction of the courts")


def test_required_literal_sets_lists_every_mandatory_literal_or_alternation() -> None:
    from checker.nlp.cues import required_literal_sets

    # Longest first: a run of plain characters, an alternation whose every branch is plain.
    assert required_literal_sets("(more|most|at least as) favou?rabl") == (
        (" favo",),
        ("more", "most", "at least as"),
        ("rabl",),
    )
    # Optional parts, short alternatives and look-behinds are never required.
    assert required_literal_sets("(?<!not )(is|are) (deemed )?liable") == (("liable",),)


def test_extra_literal_filter_keeps_the_same_matches() -> None:
    from checker.nlp.cues import compiled_cues, cue_ids

    texts = [
        "Supplier shall offer prices no less favourable than those offered to any other customer.",
        "The parties agree that no third party beneficiaries are created by this Agreement.",
        "Each party's liability shall not exceed the fees paid; this limitation shall not apply to fraud.",
    ]
    cues = compiled_cues()
    for text in texts:
        expected = [index for index, cue in enumerate(cues) if cue.expression.search(text)]
        assert cue_ids(text) == expected
