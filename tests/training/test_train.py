import numpy as np
from sklearn.svm import LinearSVC

from checker.nlp.cues import compiled_cues
from checker.nlp.features import cue_feature_ids
from checker.nlp.vetoes import VETOED_SCORE
from checker.training.dataset import TrainingRows
from checker.training.train import TrainingSettings, feature_matrix, fit_models, score_rows

BITS = 12


def _cue_ids() -> np.ndarray:
    return cue_feature_ids(len(compiled_cues()), BITS)


def test_feature_matrix_gives_cues_their_value_and_ngrams_one() -> None:
    cue = int(_cue_ids()[0])
    ngram = next(i for i in range(1 << BITS) if i not in set(_cue_ids().tolist()))
    matrix = feature_matrix([np.array(sorted({cue, ngram}))], BITS, cue_value=3.0)
    assert matrix[0, cue] == 3.0 and matrix[0, ngram] == 1.0
    assert feature_matrix([np.array([cue])], BITS)[0, cue] == 1.0


def test_stored_weights_score_binary_rows_as_the_svm_scored_the_weighted_matrix() -> None:
    rng = np.random.default_rng(0)
    cue = int(_cue_ids()[1])
    ngrams = np.setdiff1d(np.arange(100, 160), _cue_ids())
    features, labels = [], []
    for index in range(200):
        positive = index % 2 == 0
        row = {
            *rng.choice(ngrams, size=4, replace=False).tolist(),
            *([cue] if positive or index % 7 == 0 else []),
        }
        features.append(np.array(sorted(row), dtype=np.int64))
        labels.append(np.array([1 if positive else 0], dtype=np.int8))
    rows = TrainingRows(
        categories=["audit_rights"], features=features, labels=labels, texts=["Audit."] * len(features)
    )
    settings = TrainingSettings(bits=BITS, cue_value=3.0, keep=10_000)
    mask = np.ones(len(features), dtype=bool)

    scores = score_rows(rows, mask, fit_models(rows, mask, settings), BITS)[:, 0]

    reference = LinearSVC(C=settings.regularisation, max_iter=4000, random_state=settings.seed)
    weighted = feature_matrix(features, BITS, cue_value=3.0)
    reference.fit(weighted, np.array([label[0] for label in labels]) == 1)
    assert np.allclose(scores, reference.decision_function(weighted), atol=1e-4)


def test_scores_of_vetoed_shapes_are_pushed_below_every_threshold() -> None:
    features = [np.array([5, 6]), np.array([5, 6])]
    labels = [np.array([1], dtype=np.int8), np.array([0], dtype=np.int8)]
    texts = ["The Supplier may audit the records.", '"Audit" means an inspection of the records.']
    rows = TrainingRows(categories=["audit_rights"], features=features, labels=labels, texts=texts)
    mask = np.ones(2, dtype=bool)
    models = {"audit_rights": (np.array([5, 6]), np.array([1.0, 1.0], dtype=np.float32), 0.0)}

    scores = score_rows(rows, mask, models, BITS)[:, 0]

    assert scores[0] == 2.0
    assert scores[1] == VETOED_SCORE
