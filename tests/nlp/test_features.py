from checker.nlp.features import cue_feature_ids, cue_hashes, feature_ids


def test_cue_feature_ids_are_the_ids_units_get_for_their_cues() -> None:
    ids = cue_feature_ids(5, bits=16)
    assert ids.tolist() == sorted(ids.tolist())
    assert len(ids) == 5
    for cue in range(5):
        assert feature_ids([cue_hashes([cue])], bits=16)[0] in ids
