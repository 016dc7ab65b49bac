"""`contract-checker train` and `contract-checker eval`: build the shipped model, measure it honestly.

Evaluation is cross-validated over contracts: every figure comes from contracts the model
(and its thresholds) never saw, because the model is refitted for each fold.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checker.nlp.pipeline import blank_pipeline
from checker.taxonomy import load_taxonomy
from checker.training.cuad import LabelledContract, load_cuad
from checker.training.dataset import TrainingRows, add_contracts, add_examples, load_examples
from checker.training.evaluate import CategoryScore, Prediction, fold_of, score
from checker.training.train import TrainingSettings, build_model, model_scores

logger = logging.getLogger(__name__)
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "training" / "examples"


@dataclass(slots=True)
class Corpus:
    rows: TrainingRows
    contracts: list[LabelledContract]
    examples_start: int

    @property
    def cuad_documents(self) -> dict[int, set[str]]:
        return {index: contract.present for index, contract in enumerate(self.contracts)}

    @property
    def contract_ids(self) -> dict[int, str]:
        return {index: contract.id for index, contract in enumerate(self.contracts)}


def build_corpus(
    cuad_dir: Path, examples_dir: Path, settings: TrainingSettings, limit: int | None = None
) -> Corpus:
    started = time.monotonic()
    nlp = blank_pipeline(settings.bits)
    featurizer = nlp.get_pipe("clause_classifier").featurizer
    rows = TrainingRows(categories=list(load_taxonomy().ids))
    contracts = list(load_cuad(cuad_dir, limit=limit))
    examples_start = add_contracts(rows, nlp, featurizer, contracts)
    examples = load_examples(examples_dir) if examples_dir.is_dir() else []
    add_examples(rows, nlp, featurizer, examples, examples_start)
    logger.info(
        "featurised %d contracts and %d examples into %d units in %.0f s",
        len(contracts),
        len(examples),
        len(rows.features),
        time.monotonic() - started,
    )
    return Corpus(rows, contracts, examples_start)


def train_pipeline(cuad_dir: Path, examples_dir: Path, output: Path, settings: TrainingSettings) -> Path:
    """Train on all of CUAD dev plus the examples and write a loadable spaCy pipeline."""
    corpus = build_corpus(cuad_dir, examples_dir, settings)
    everything = np.ones(len(corpus.rows.features), dtype=bool)
    model = build_model(corpus.rows, everything, corpus.cuad_documents, corpus.contract_ids, settings)
    nlp = blank_pipeline(settings.bits)
    nlp.get_pipe("clause_classifier").model = model
    nlp.meta.update(
        {
            "name": "contract_clauses",
            "version": "0.1.0",
            "description": "contract-checker clause pipeline (CUAD dev + project-written examples)",
            "license": "Apache-2.0 (model trained on CUAD v1, CC BY 4.0)",
        }
    )
    nlp.to_disk(output)
    return output


def cross_validate(
    cuad_dir: Path, examples_dir: Path, settings: TrainingSettings, folds: int = 5, limit: int | None = None
) -> dict[str, CategoryScore]:
    """Document-level scores on CUAD, each fold predicted by a model trained without it."""
    corpus = build_corpus(cuad_dir, examples_dir, settings, limit=limit)
    rows = corpus.rows
    documents = np.asarray(rows.document)
    cuad_categories = [category.id for category in load_taxonomy().cuad_aligned]
    contract_fold = {index: fold_of(contract.id, folds) for index, contract in enumerate(corpus.contracts)}
    unit_fold = np.array([contract_fold.get(int(d), -1) for d in documents])
    predictions: dict[int, Prediction] = {}
    for fold in range(folds):
        started = time.monotonic()
        train_mask = unit_fold != fold
        test_mask = unit_fold == fold
        rows_view = _restrict(rows, cuad_categories)
        model = build_model(rows_view, train_mask, corpus.cuad_documents, corpus.contract_ids, settings)
        tested = np.flatnonzero(test_mask)
        margins = model_scores(model, rows, tested) - model.thresholds()
        for position, unit in enumerate(tested):
            prediction = predictions.setdefault(int(documents[unit]), Prediction())
            for column in np.flatnonzero(margins[position] >= 0):
                prediction.evidence.setdefault(model.labels[column], []).append(rows.ranges[unit])
        logger.info("fold %d/%d done in %.0f s", fold + 1, folds, time.monotonic() - started)
    indexes = range(len(corpus.contracts))
    return score(
        cuad_categories,
        [corpus.contracts[i].present for i in indexes],
        [corpus.contracts[i].spans for i in indexes],
        [predictions.get(i, Prediction()) for i in indexes],
    )


def _restrict(rows: TrainingRows, categories: list[str]) -> TrainingRows:
    """The same rows with only some label columns (evaluation fits just the measured categories)."""
    columns = [rows.categories.index(category) for category in categories]
    view = TrainingRows(categories=list(categories))
    view.features, view.document, view.ranges, view.texts = (
        rows.features,
        rows.document,
        rows.ranges,
        rows.texts,
    )
    view.labels = [labels[columns] for labels in rows.labels]
    return view
