from pathlib import Path

import numpy as np
import pytest
import spacy

from checker.nlp.classifier import CategoryModel, ClauseModel, confidence
from checker.nlp.features import feature_ids
from checker.nlp.pipeline import blank_pipeline
from checker.nlp.segmenter import attach_units
from checker.nlp.units import ClauseUnit


def _model() -> ClauseModel:
    return ClauseModel.from_categories(
        8,
        [
            CategoryModel(
                "audit_rights", np.array([3, 7, 42]), np.array([1.0, 2.0, -0.5], dtype=np.float32), -1.0, 0.5
            ),
            CategoryModel("insurance", np.array([5]), np.array([3.0], dtype=np.float32), 0.0, 1.0),
        ],
    )


def test_scores_sum_the_weights_of_present_features() -> None:
    scores = _model().scores([np.array([3, 7]), np.array([5, 42, 99]), np.array([], dtype=np.int64)])
    assert scores.tolist() == [[2.0, 0.0], [-1.5, 3.0], [-1.0, 0.0]]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = _model()
    model.save(tmp_path)
    loaded = ClauseModel.load(tmp_path)
    assert loaded.labels == ["audit_rights", "insurance"]
    assert loaded.thresholds().tolist() == [0.5, 1.0]
    rows = [np.array([3, 5, 7])]
    assert np.allclose(loaded.scores(rows), model.scores(rows))


def test_confidence_is_one_half_at_the_threshold() -> None:
    assert confidence(np.array([0.0]))[0] == 0.5
    assert confidence(np.array([2.0]))[0] > 0.9 > 0.1 > confidence(np.array([-2.0]))[0]


def test_feature_ids_are_sorted_unique_and_bounded() -> None:
    ids = feature_ids([np.array([5, 1, 5], dtype=np.uint64), np.array([300], dtype=np.uint64)], bits=8)
    assert ids.tolist() == [1, 5, 44]


def test_component_labels_units_and_survives_to_disk(tmp_path: Path) -> None:
    nlp = blank_pipeline(bits=12)
    classifier = nlp.get_pipe("clause_classifier")
    doc = nlp.make_doc("The Customer may audit the books.\n\nThe Supplier keeps insurance.")
    attach_units(doc, [ClauseUnit(0, 33, "1", ("Audit",), None), ClauseUnit(35, 64, "2", (), None)])
    doc = nlp.get_pipe("clause_segmenter")(doc)
    rows = classifier.featurizer.rows(doc, list(doc.spans["units"]))
    audit_features = rows[0][:3]
    classifier.model = ClauseModel.from_categories(
        12, [CategoryModel("audit_rights", audit_features, np.ones(3, dtype=np.float32), 0.0, 2.5)]
    )
    doc = classifier(doc)
    assert [(span.label_, span.text) for span in doc.spans["clauses"]] == [
        ("audit_rights", "The Customer may audit the books.")
    ]
    assert doc.spans["clauses"].attrs["scores"][0] > 0.5
    assert doc.spans["clauses"][0]._.section == "1"
    nlp.to_disk(tmp_path)
    reloaded = spacy.load(tmp_path)
    assert reloaded.get_pipe("clause_classifier").labels == ("audit_rights",)


def test_untrained_classifier_says_so() -> None:
    nlp = blank_pipeline()
    with pytest.raises(ValueError, match="no trained model"):
        nlp("Some text.")
