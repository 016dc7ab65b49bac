"""The ``clause_classifier`` component: which taxonomy categories each clause unit belongs to.

One linear model per category over the unit's features (:mod:`checker.nlp.features`). The
weights are pruned to the strongest few thousand features per category and stored sparse,
so the shipped model stays small and scoring is a handful of vectorised numpy operations
per contract. A unit is labelled with a category when its score reaches that category's
threshold; thresholds are tuned at training time for document-level F1, because rules ask
whether a contract *has* a protection, and they are stored with the weights.

Each labelled unit becomes a span in ``doc.spans["clauses"]`` (spans overlap: one unit can be
several categories); the span group's ``attrs["scores"]`` holds each span's confidence, where
0.5 is the threshold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span
from spacy.util import SimpleFrozenList, ensure_path

from checker.nlp.cues import unit_cue_ids
from checker.nlp.features import DocFeatures, cue_hashes, doc_text, feature_ids, heading_hashes
from checker.nlp.segmenter import UNITS_KEY
from checker.nlp.vetoes import apply_vetoes

FACTORY_NAME = "clause_classifier"
CLAUSES_KEY = "clauses"
MODEL_FILE = "table.npz"
META_FILE = "model.json"
MODEL_FORMAT = 2


@dataclass(slots=True)
class CategoryModel:
    """Sparse linear model of one category: sorted feature ids, their weights, bias, threshold."""

    category: str
    feature_ids: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float


@dataclass(slots=True)
class _FeatureTable:
    """All categories' weights indexed by feature: one lookup scores every category at once."""

    feature_ids: np.ndarray  # sorted union of the categories' feature ids
    starts: np.ndarray  # row pointer into columns/weights, len(feature_ids) + 1
    columns: np.ndarray
    weights: np.ndarray
    _dense: np.ndarray | None = None  # feature id -> row, -1 when absent (small hash spaces)

    def rows_of(self, features: np.ndarray) -> np.ndarray:
        """Row of each feature id in the table, -1 for ids no category uses.

        With a hash space of up to 2**22 ids a dense index (16 MB at most) answers with one
        gather instead of a binary search per feature; larger spaces fall back to the search.
        """
        if len(self.feature_ids) and int(self.feature_ids[-1]) < 2**22:
            if self._dense is None:
                dense = np.full(int(self.feature_ids[-1]) + 1, -1, dtype=np.int32)
                dense[self.feature_ids] = np.arange(len(self.feature_ids), dtype=np.int32)
                self._dense = dense
            inside = features < len(self._dense)
            rows = np.full(len(features), -1, dtype=np.int64)
            rows[inside] = self._dense[features[inside]]
            return rows
        positions = np.searchsorted(self.feature_ids, features)
        positions[positions == len(self.feature_ids)] = 0
        return np.where(self.feature_ids[positions] == features, positions, -1)

    @classmethod
    def build(cls, categories: Sequence[CategoryModel]) -> _FeatureTable:
        if not categories:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, np.zeros(1, dtype=np.int64), empty, np.zeros(0, dtype=np.float32))
        ids = np.concatenate([model.feature_ids for model in categories])
        columns = np.concatenate(
            [np.full(len(model.feature_ids), index, dtype=np.int64) for index, model in enumerate(categories)]
        )
        weights = np.concatenate([model.weights for model in categories]).astype(np.float32)
        # Entries of one feature belong to distinct categories, so their order within the row
        # does not matter: an unstable sort and a boundary scan are several times faster than
        # a stable sort plus np.unique, which a cold `check` pays once.
        order = np.argsort(ids)
        ids, columns, weights = ids[order], columns[order], weights[order]
        starts = np.concatenate(([0], np.flatnonzero(np.diff(ids)) + 1))
        return cls(ids[starts], np.append(starts, len(ids)), columns, weights)


@dataclass(frozen=True, slots=True)
class CategoryHead:
    """What a category keeps besides its weights: its id, bias and decision threshold."""

    category: str
    bias: float
    threshold: float


@dataclass(slots=True)
class ClauseModel:
    """Every category's linear model, stored and scored as one feature table.

    The table is saved as built (uncompressed), so loading the shipped model is a few array
    reads: merging 51 sparse models and decompressing them cost a cold ``check`` half a second.
    """

    bits: int
    heads: list[CategoryHead]
    table: _FeatureTable

    @classmethod
    def from_categories(cls, bits: int, categories: Sequence[CategoryModel]) -> ClauseModel:
        heads = [CategoryHead(model.category, model.bias, model.threshold) for model in categories]
        return cls(bits=bits, heads=heads, table=_FeatureTable.build(categories))

    @property
    def labels(self) -> list[str]:
        return [head.category for head in self.heads]

    def scores(self, rows: Sequence[np.ndarray]) -> np.ndarray:
        """Decision scores, ``len(rows)`` x categories."""
        count, width = len(rows), len(self.heads)
        biases = np.array([head.bias for head in self.heads], dtype=np.float64)
        result = np.tile(biases, (count, 1))
        table = self.table
        if not count or not len(table.feature_ids):
            return result.astype(np.float32)
        lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=count)
        if not lengths.sum():
            return result.astype(np.float32)
        features = np.concatenate(rows)
        owners = np.repeat(np.arange(count), lengths)
        positions = table.rows_of(features)
        hits = positions >= 0
        positions, owners = positions[hits], owners[hits]
        # Expand each hit feature into its (category, weight) entries.
        starts, ends = table.starts[positions], table.starts[positions + 1]
        sizes = ends - starts
        entry = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
        cells = np.repeat(owners, sizes) * width + table.columns[entry]
        sums = np.bincount(cells, weights=table.weights[entry], minlength=count * width)
        result += sums.reshape(count, width)
        return result.astype(np.float32)

    def thresholds(self) -> np.ndarray:
        return np.array([head.threshold for head in self.heads], dtype=np.float32)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        table = self.table
        np.savez(
            folder / MODEL_FILE,
            feature_ids=table.feature_ids.astype(np.int32 if self.bits <= 31 else np.int64),
            starts=table.starts.astype(np.int32 if len(table.columns) < 2**31 else np.int64),
            columns=table.columns.astype(np.uint8 if len(self.heads) <= 256 else np.uint16),
            weights=table.weights.astype(np.float16),
        )
        meta = {
            "format": MODEL_FORMAT,
            "bits": self.bits,
            "categories": [
                {"id": head.category, "bias": head.bias, "threshold": head.threshold} for head in self.heads
            ],
        }
        (folder / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> ClauseModel:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != MODEL_FORMAT:
            raise ValueError(f"unsupported clause model format {meta.get('format')!r} in {folder}")
        with np.load(folder / MODEL_FILE) as arrays:
            table = _FeatureTable(
                feature_ids=arrays["feature_ids"].astype(np.int64),
                starts=arrays["starts"].astype(np.int64),
                columns=arrays["columns"].astype(np.int64),
                weights=arrays["weights"].astype(np.float32),
            )
        heads = [
            CategoryHead(entry["id"], float(entry["bias"]), float(entry["threshold"]))
            for entry in meta["categories"]
        ]
        return cls(bits=int(meta["bits"]), heads=heads, table=table)


class UnitFeaturizer:
    """Features of every clause unit of a doc; the single definition used by training and checking."""

    def __init__(self, nlp: Language, bits: int) -> None:
        self.tokenizer = nlp.tokenizer
        self.bits = bits
        self._heading_cache: dict[str, np.ndarray] = {}
        self._heading_features: dict[str, list[np.ndarray]] = {}

    def _heading_parts(self, heading: str) -> list[np.ndarray]:
        """Feature hashes of one heading; every unit of a section repeats its headings."""
        parts = self._heading_features.get(heading)
        if parts is None:
            parts = heading_hashes([self._heading_lowers(heading)])
            if len(self._heading_features) < 20000:
                self._heading_features[heading] = parts
        return parts

    def _heading_lowers(self, heading: str) -> np.ndarray:
        cached = self._heading_cache.get(heading)
        if cached is None:
            from spacy.attrs import IS_PUNCT, LOWER

            array = self.tokenizer(heading).to_array([LOWER, IS_PUNCT])
            cached = array[array[:, 1] == 0, 0].astype(np.uint64)
            if len(self._heading_cache) < 20000:
                self._heading_cache[heading] = cached
        return cached

    def rows(self, doc: Doc, units: Sequence[Span]) -> list[np.ndarray]:
        hashes = DocFeatures(doc)
        rows: list[np.ndarray] = []
        text = doc_text(doc)  # slicing it equals Span.text without building a Token per word
        unit_cues = unit_cue_ids(text, [(unit.start_char, unit.end_char) for unit in units])
        for unit, cues in zip(units, unit_cues, strict=True):
            start, end = hashes.token_range(unit)
            parts = hashes.ngram_hashes(start, end)
            for heading in unit._.headings:
                parts.extend(self._heading_parts(heading))
            if cues:
                parts.append(cue_hashes(cues))
            rows.append(feature_ids(parts, self.bits))
        return rows


def classifiable_units(doc: Doc, units_key: str = UNITS_KEY) -> list[Span]:
    """Units that can be clauses: heading-only lines are context, not provisions."""
    return [span for span in doc.spans.get(units_key, []) if not span._.is_heading]


def confidence(margin: np.ndarray) -> np.ndarray:
    """Map score minus threshold to (0, 1), 0.5 at the threshold."""
    return 1.0 / (1.0 + np.exp(-2.0 * np.clip(margin, -20, 20)))


class ClauseClassifier(Pipe):
    """Labels clause units with taxonomy categories; see the module docstring."""

    def __init__(
        self,
        nlp: Language,
        name: str = FACTORY_NAME,
        *,
        bits: int = 20,
        units_key: str = UNITS_KEY,
        spans_key: str = CLAUSES_KEY,
    ) -> None:
        self.name = name
        self.bits = bits
        self.units_key = units_key
        self.spans_key = spans_key
        self.featurizer = UnitFeaturizer(nlp, bits)
        self.model: ClauseModel | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.model.labels) if self.model else ()

    def unit_scores(self, doc: Doc) -> tuple[list[Span], np.ndarray]:
        """Units and their decision scores, vetoed shapes (:mod:`checker.nlp.vetoes`) pushed down."""
        if self.model is None:
            raise ValueError("clause_classifier has no trained model: load the shipped pipeline or train one")
        units = classifiable_units(doc, self.units_key)
        scores = self.model.scores(self.featurizer.rows(doc, units))
        text = doc_text(doc)
        texts = [text[unit.start_char : unit.end_char] for unit in units]
        return units, apply_vetoes(scores, texts, self.model.labels)

    def __call__(self, doc: Doc) -> Doc:
        units, scores = self.unit_scores(doc)
        margins = scores - self.model.thresholds()
        spans: list[Span] = []
        confidences: list[float] = []
        rows, columns = np.nonzero(margins >= 0)
        labels = self.model.labels
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            unit = units[row]
            spans.append(Span(doc, unit.start, unit.end, label=labels[column]))
            confidences.append(float(confidence(margins[row, column])))
        doc.spans[self.spans_key] = spans
        doc.spans[self.spans_key].attrs["scores"] = confidences
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        if self.model is not None:
            self.model.save(ensure_path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> ClauseClassifier:
        folder = ensure_path(path)
        if (folder / META_FILE).exists():
            self.model = ClauseModel.load(folder)
            self.bits = self.model.bits
            self.featurizer.bits = self.bits
        return self


@Language.factory(
    FACTORY_NAME,
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"bits": 20, "units_key": UNITS_KEY, "spans_key": CLAUSES_KEY},
)
def make_clause_classifier(
    nlp: Language, name: str, bits: int, units_key: str, spans_key: str
) -> ClauseClassifier:
    return ClauseClassifier(nlp, name, bits=bits, units_key=units_key, spans_key=spans_key)
