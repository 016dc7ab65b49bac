"""Fit the clause classifier and package the trained pipeline.

One linear SVM per category over binary hashed features (fast to train on ~70k units and
fast to score), pruned to the strongest ``keep`` features. Cue features enter training with a
larger value than n-grams (``cue_value``): under the same regularisation a cue then needs a
smaller weight to count, so a handful of hand-written phrasings can outweigh the thousands of
n-grams that would otherwise absorb the signal. The value is multiplied into the stored cue
weights, so a checked unit's features stay binary and scoring is unchanged. Thresholds are tuned on
out-of-fold scores: for CUAD-aligned categories on the contract's maximum unit score, for
document-level F1 (what the rules consume); for the outsourcing categories, which have no
document-level truth, on unit-level F1 over the hand-written examples and screened CUAD
negatives.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse

from checker.nlp.classifier import CategoryModel, ClauseModel
from checker.nlp.cues import compiled_cues
from checker.nlp.features import cue_feature_ids
from checker.nlp.vetoes import apply_vetoes
from checker.taxonomy import load_taxonomy
from checker.training.dataset import TrainingRows
from checker.training.evaluate import fold_of


@dataclass(frozen=True, slots=True)
class TrainingSettings:
    bits: int = 20
    regularisation: float = 0.015
    keep: int = 40000
    inner_folds: int = 3
    seed: int = 0
    cue_value: float = 3.0


def feature_matrix(rows: Sequence[np.ndarray], bits: int, cue_value: float = 1.0) -> sparse.csr_matrix:
    """Rows as a sparse matrix: 1 for each present feature, ``cue_value`` for a present cue."""
    lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    indices = np.concatenate(rows) if len(rows) else np.zeros(0, dtype=np.int64)
    data = np.ones(len(indices), dtype=np.float32)
    if cue_value != 1.0:
        data[np.isin(indices, cue_feature_ids(len(compiled_cues()), bits))] = cue_value
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), 1 << bits))


def fit_category(
    matrix: sparse.csr_matrix, labels: np.ndarray, settings: TrainingSettings
) -> tuple[np.ndarray, np.ndarray, float]:
    """Train one category; return pruned (feature ids, weights, bias).

    ``matrix`` must come from :func:`feature_matrix` with ``settings.cue_value``: the returned
    cue weights are multiplied by it, so they apply to binary features at checking time.
    """
    from sklearn.svm import LinearSVC

    known = labels >= 0
    target = labels[known] == 1
    if target.sum() == 0 or target.all():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), -1.0
    model = LinearSVC(C=settings.regularisation, max_iter=4000, random_state=settings.seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(matrix[known], target)
    weights = model.coef_.ravel()
    if settings.cue_value != 1.0:
        weights = weights.copy()
        weights[cue_feature_ids(len(compiled_cues()), settings.bits)] *= settings.cue_value
    strongest = np.argsort(-np.abs(weights))[: settings.keep]
    strongest = np.sort(strongest[weights[strongest] != 0])
    return strongest.astype(np.int64), weights[strongest].astype(np.float32), float(model.intercept_[0])


def fit_models(
    rows: TrainingRows, mask: np.ndarray, settings: TrainingSettings, categories: Sequence[str] | None = None
) -> dict[str, tuple[np.ndarray, np.ndarray, float]]:
    matrix = feature_matrix(
        [rows.features[i] for i in np.flatnonzero(mask)], settings.bits, settings.cue_value
    )
    labels = rows.label_matrix()[mask]
    chosen = categories if categories is not None else rows.categories
    return {
        category: fit_category(matrix, labels[:, rows.categories.index(category)], settings)
        for category in chosen
    }


def score_rows(
    rows: TrainingRows, mask: np.ndarray, models: dict[str, tuple[np.ndarray, np.ndarray, float]], bits: int
) -> np.ndarray:
    """Decision scores of the masked rows under fitted (pruned) models, rows x len(models).

    Vetoed shapes are pushed down exactly as at checking time, so thresholds are tuned on the
    scores ``check`` will see.
    """
    clause_model = ClauseModel.from_categories(
        bits, [CategoryModel(c, ids, w, bias, 0.0) for c, (ids, w, bias) in models.items()]
    )
    return model_scores(clause_model, rows, np.flatnonzero(mask))


def model_scores(model: ClauseModel, rows: TrainingRows, indexes: np.ndarray) -> np.ndarray:
    """Scores of the rows at ``indexes`` as ``check`` computes them: the model's, then the vetoes."""
    scores = model.scores([rows.features[i] for i in indexes])
    return apply_vetoes(scores, [rows.texts[i] for i in indexes], model.labels)


def best_threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    """The score cut that maximises F1 of ``scores >= cut`` against ``truth``."""
    if not truth.any():
        return float(scores.max() + 1.0) if len(scores) else 0.0
    order = np.argsort(-scores)
    ordered, hits = scores[order], truth[order]
    true_positives = np.cumsum(hits)
    false_positives = np.cumsum(~hits)
    f1 = 2 * true_positives / (true_positives + false_positives + hits.sum())
    best = int(np.argmax(f1))
    if best + 1 < len(ordered):
        return float((ordered[best] + ordered[best + 1]) / 2)
    return float(ordered[best] - 1e-6)


def document_maxima(scores: np.ndarray, documents: np.ndarray, count: int) -> np.ndarray:
    """Per document and category, the highest unit score (-inf when a document has no unit)."""
    maxima = np.full((count, scores.shape[1]), -np.inf, dtype=np.float32)
    np.maximum.at(maxima, documents, scores)
    return maxima


def tune_thresholds(
    rows: TrainingRows,
    train_mask: np.ndarray,
    cuad_documents: dict[int, set[str]],
    contract_ids: dict[int, str],
    settings: TrainingSettings,
) -> dict[str, float]:
    """Thresholds from out-of-fold scores inside the training set."""
    documents = np.asarray(rows.document)
    labels = rows.label_matrix()
    out_of_fold = np.zeros((len(documents), len(rows.categories)), dtype=np.float32)
    inner = np.array(
        [fold_of(contract_ids.get(int(d), f"example-{d}"), settings.inner_folds) for d in documents]
    )
    for fold in range(settings.inner_folds):
        fit_mask = train_mask & (inner != fold)
        held_out = train_mask & (inner == fold)
        models = fit_models(rows, fit_mask, settings)
        out_of_fold[held_out] = score_rows(rows, held_out, models, settings.bits)
    thresholds: dict[str, float] = {}
    trained = sorted(set(documents[train_mask].tolist()) & set(cuad_documents))
    maxima = document_maxima(out_of_fold[train_mask], documents[train_mask], int(documents.max()) + 1)
    cuad_aligned = {category.id for category in load_taxonomy().cuad_aligned}
    for column, category in enumerate(rows.categories):
        if category in cuad_aligned and trained:
            truth = np.array([category in cuad_documents[d] for d in trained])
            thresholds[category] = best_threshold(maxima[trained, column], truth)
        else:
            known = train_mask & (labels[:, column] >= 0)
            thresholds[category] = best_threshold(out_of_fold[known, column], labels[known, column] == 1)
    return thresholds


def build_model(
    rows: TrainingRows,
    train_mask: np.ndarray,
    cuad_documents: dict[int, set[str]],
    contract_ids: dict[int, str],
    settings: TrainingSettings,
) -> ClauseModel:
    thresholds = tune_thresholds(rows, train_mask, cuad_documents, contract_ids, settings)
    models = fit_models(rows, train_mask, settings)
    return ClauseModel.from_categories(
        settings.bits,
        [
            CategoryModel(category, ids, weights, bias, thresholds[category])
            for category, (ids, weights, bias) in models.items()
        ],
    )
