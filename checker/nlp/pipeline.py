"""Assemble, load and run the clause pipeline on a parsed contract.

The shipped pipeline lives in ``checker/nlp/model`` (``config.cfg`` plus each component's
data) and is loaded with ``spacy.load`` from inside the package: nothing is downloaded and no
pretrained English model is needed, only spaCy's blank English tokenizer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import checker.nlp.classifier  # registers the clause_classifier factory
import checker.nlp.values  # noqa: F401  (registers the contract_values factory)
from checker.document import Document
from checker.nlp.features import SOURCE_TEXT_KEY
from checker.nlp.segmenter import attach_units
from checker.nlp.tokenizer import TOKENIZER_NAME
from checker.nlp.units import ClauseUnit, clause_units

PIPELINE = ("clause_segmenter", "contract_values", "clause_classifier")
MAX_CHUNK_CHARS = 500_000


def model_path() -> Path:
    return Path(str(resources.files("checker").joinpath("nlp", "model")))


def blank_pipeline(bits: int = 20) -> Language:
    """A fresh, untrained pipeline with the project's components (for training)."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.max_length = MAX_CHUNK_CHARS * 2
    nlp.add_pipe("clause_segmenter")
    nlp.add_pipe("contract_values")
    nlp.add_pipe("clause_classifier", config={"bits": bits})
    return nlp


@cache
def load_pipeline(path: str | None = None) -> Language:
    """The trained pipeline shipped in the package (or one trained to ``path``)."""
    folder = Path(path) if path else model_path()
    if not (folder / "config.cfg").exists():
        raise FileNotFoundError(f"no trained clause pipeline at {folder}; run `contract-checker train`")
    # The tokenizer's rules are spaCy's blank English ones, which the config already builds
    # (checker.nlp.tokenizer); reading the saved copy would add its 2,700 special cases a
    # second time (a fifth of a cold load). tests/nlp/test_pipeline.py checks that the saved
    # copy is still that default.
    nlp = spacy.load(folder, exclude=["tokenizer"])
    nlp.max_length = MAX_CHUNK_CHARS * 2
    return nlp


@dataclass(slots=True)
class Chunk:
    """A piece of a long contract small enough for one spaCy Doc, with its offset."""

    offset: int
    units: list[ClauseUnit] = field(default_factory=list)


def chunks(document: Document, units: list[ClauseUnit], max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    """Group units into Doc-sized chunks, cutting only between units (never inside a clause)."""
    result: list[Chunk] = []
    for unit in units:
        if not result or unit.end - result[-1].offset > max_chars:
            result.append(Chunk(offset=unit.start))
        result[-1].units.append(unit)
    return result


def document_docs(nlp: Language, document: Document) -> Iterator[tuple[Doc, int]]:
    """spaCy Docs for a document, each with the character offset of its chunk."""
    units = clause_units(document)
    for chunk in chunks(document, units):
        end = chunk.units[-1].end
        text = document.text[chunk.offset : end]
        doc = nlp.make_doc(text)
        doc.user_data[SOURCE_TEXT_KEY] = text
        attach_units(doc, chunk.units, offset=chunk.offset)
        yield doc, chunk.offset


def run_document(nlp: Language, document: Document) -> list[tuple[Doc, int]]:
    """Run every pipeline component over a document's chunks."""
    results: list[tuple[Doc, int]] = []
    for doc, offset in document_docs(nlp, document):
        for _, component in nlp.pipeline:
            doc = component(doc)
        results.append((doc, offset))
    return results


def classify_clause(nlp: Language, text: str, heading: str | None = None) -> set[str]:
    """Categories of one clause given on its own, under its heading (as examples are written)."""
    text = " ".join(text.split())
    doc = nlp.make_doc(text)
    attach_units(doc, [ClauseUnit(0, len(text), None, (heading,) if heading else (), None)])
    for _, component in nlp.pipeline:
        doc = component(doc)
    return {span.label_ for span in doc.spans["clauses"]}
