"""Read the words of a scanned PDF with Tesseract, for ``--ocr``.

A scan has no text layer, only pictures of pages. Each page is rendered with PDFium at
:data:`DPI` and handed to Tesseract (through pytesseract's ``image_to_data``), which returns
each word with its box and a confidence. The words come back as the same
:class:`~checker.parsers.pdf_layout.PageText` the text engines produce, in PDF points from the
page's top-left corner, so :func:`~checker.parsers.pdf_layout.layout_document` finds headers,
paragraphs, columns and clause labels in a scan as in a digital PDF. Two things a text layer
states and a picture does not are estimated from the pixels: the baseline and size of each line,
and whether a line is bold (headings such as "5. Ownership" are often only bold).

Tesseract runs with ``--psm 6`` (one block of text): its automatic page segmentation drops
clause numbers standing alone in the left margin ("4.1"), and the layout code rebuilds columns
and paragraphs from the word boxes anyway. Long ruling lines are erased before recognition,
since Tesseract takes a ruled table for a picture and loses the words in it; they are handed to
the layout code as the rules a text engine reports, so a ruled table keeps its cells.

OCR is slow (seconds per page), so it is bounded: the caller has already refused a file over
the page limit, every Tesseract run is killed when the file's time budget is spent, and a page
with an absurd media box is rendered at a lower resolution rather than filling memory.

Refusals are :class:`~checker.errors.InputError` subclasses with one-line messages that never
quote the contract.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from statistics import median
from typing import Any

from checker.errors import NoTextLayerError, ParseTimeoutError
from checker.parsers.pdf_layout import PageText, Rule, TextWord, find_grid_tables, group_rows

DPI = 300
LANGUAGE = "eng"
TESSERACT_CONFIG = "--psm 6"
MISSING_TESSERACT_MESSAGE = "needs OCR: no text layer and Tesseract is not installed"
# A page is rendered with at most this many pixels (an A4 page at 300 dpi has 8.7 million):
# a scan whose media box is metres wide gets a coarser rendering, not gigabytes of bitmap.
MAX_PAGE_PIXELS = 40_000_000
# Tesseract's OpenMP threads busy-wait against each other: on a small machine one thread is
# several times faster, and the runner already reads several files in parallel.
_THREADS_ENV = "OMP_THREAD_LIMIT"
# A gray level below this is ink. Ruling lines (table borders, signature lines, underlines)
# are dark runs at least half an inch long (no letter has a stroke that long) and at most a few
# points thick; a page with more rule segments than this is hatched or a photograph.
_DARK = 160
_MIN_LINE_POINTS = 36.0
_MAX_RULE_POINTS = 3.0
_MAX_RULES = 3000
# Letters that reach the cap height and letters that hang below the baseline: a line's
# baseline and cap height are read from the boxes of the words that show them.
_TALL_RE = re.compile(r"[A-Z0-9bdfhklt]")
_DESCENDER_RE = re.compile(r"[gjpqyQ,;()\[\]{}/|@$]")
# Typical Latin type: cap height 0.7 em; the loose box of a PDF text engine runs from about
# 0.8 em above the baseline to 0.2 em below it.
_CAP_HEIGHT_EM = 0.7
_ASCENT_EM = 0.8
_DESCENT_EM = 0.2
# A line whose strokes (relative to its size) are this much thicker than the page's body text
# is bold. Measured on 300 dpi scans: bold headings 1.3-1.5, body text in capitals up to 1.2.
_BOLD_STROKE_RATIO = 1.28
_BODY_LINE_WORDS = 4


@dataclass(slots=True)
class OcrResult:
    """The recognised pages and Tesseract's mean word confidence (0-100, 0 with no words)."""

    pages: list[PageText]
    confidence: float

    @property
    def page_texts(self) -> list[str]:
        """Each page's text, one line of words per row, top to bottom."""
        return [
            "\n".join(" ".join(word.text for word in row) for row in group_rows(page.words))
            for page in self.pages
        ]


@dataclass(slots=True)
class _Word:
    """A word as Tesseract boxed it, in pixels."""

    text: str
    left: int
    top: int
    right: int
    bottom: int


def tesseract_available() -> bool:
    """Whether pytesseract imports and its Tesseract binary is on the PATH."""
    try:
        import pytesseract
    except ImportError:
        return False
    return shutil.which(pytesseract.pytesseract.tesseract_cmd) is not None


def ocr_document(document: Any, *, time_limit: float, dpi: int = DPI, language: str = LANGUAGE) -> OcrResult:
    """OCR every page of an open pypdfium2 ``PdfDocument`` within ``time_limit`` seconds.

    The caller opens the file and checks its page count against the limits, so a password or
    a corrupt file is refused the same way with or without OCR.
    """
    if not tesseract_available():
        raise NoTextLayerError(MISSING_TESSERACT_MESSAGE)
    from PIL import Image

    deadline = time.monotonic() + time_limit
    pages: list[PageText] = []
    confidences: list[float] = []
    with _single_threaded():
        for index in range(len(document)):
            page = document[index]
            try:
                pixels, scale = _render(page, dpi)
            finally:
                page.close()
            rules = _take_rules(pixels, scale)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ParseTimeoutError(_timeout_message(time_limit))
            data = _recognise(Image.fromarray(pixels), index + 1, language, remaining, time_limit)
            words, page_confidences = _page_words(data, scale, pixels < _DARK)
            confidences.extend(page_confidences)
            height, width = pixels.shape
            tables = find_grid_tables(rules) if rules else []
            pages.append(PageText(index + 1, width / scale, height / scale, words, tables, rules))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrResult(pages, mean)


def _recognise(
    image: Any, number: int, language: str, timeout: float, time_limit: float
) -> dict[str, list[Any]]:
    """Tesseract's words, boxes and confidences for one page image; failures as input errors."""
    import pytesseract

    try:
        return pytesseract.image_to_data(
            image,
            lang=language,
            config=TESSERACT_CONFIG,
            output_type=pytesseract.Output.DICT,
            timeout=timeout,
        )
    except pytesseract.TesseractNotFoundError:
        raise NoTextLayerError(MISSING_TESSERACT_MESSAGE) from None
    except pytesseract.TesseractError as error:
        raise NoTextLayerError(
            f"needs OCR: Tesseract failed on page {number} (exit status {error.status})"
        ) from None
    except RuntimeError as error:  # pytesseract's only signal that it killed an overrunning Tesseract
        if "timeout" in str(error).lower():
            raise ParseTimeoutError(_timeout_message(time_limit)) from None
        raise


def _timeout_message(time_limit: float) -> str:
    return f"time limit exceeded: OCR took more than {time_limit:g} s"


@contextlib.contextmanager
def _single_threaded() -> Iterator[None]:
    """Run Tesseract on one thread unless the user chose otherwise (see ``_THREADS_ENV``).

    pytesseract starts Tesseract with this process's environment and takes no other, so the
    variable is set for the duration of the OCR and then removed again.
    """
    if _THREADS_ENV in os.environ:
        yield
        return
    os.environ[_THREADS_ENV] = "1"
    try:
        yield
    finally:
        os.environ.pop(_THREADS_ENV, None)


def _render(page: Any, dpi: int) -> tuple[Any, float]:
    """The page as grayscale pixels (a numpy array), and the pixels per PDF point."""
    width, height = page.get_size()
    scale = dpi / 72
    pixels = width * height * scale * scale
    if pixels > MAX_PAGE_PIXELS:
        scale *= (MAX_PAGE_PIXELS / pixels) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        return bitmap.to_numpy().copy(), scale  # the bitmap's buffer is freed on close
    finally:
        bitmap.close()


def _take_rules(pixels: Any, scale: float) -> list[Rule]:
    """Whiten the page's ruling lines in place and return them, in points, for table finding.

    Tesseract takes a ruled table for a picture and loses the words in it, and reads a rule
    under a line of text as letters. The same rules, as a text engine would report them, let
    the layout code rebuild the table's cells. A dark band thicker than a rule (a scanner's
    black margin, a filled box) is erased too, but is no table border.
    """
    length, thick = round(_MIN_LINE_POINTS * scale), max(2, round(_MAX_RULE_POINTS * scale))
    dark = pixels < _DARK
    horizontal = _long_runs(dark, length)
    vertical = _long_runs(dark.T, length).T
    pixels[horizontal | vertical] = 255
    horizontal &= ~_long_runs(horizontal.T, thick).T
    vertical &= ~_long_runs(vertical, thick)
    rules = _segments(horizontal, scale, horizontal=True) + _segments(vertical.T, scale, horizontal=False)
    return rules if len(rules) <= _MAX_RULES else []  # hatching or a photograph, not a table


def _segments(mask: Any, scale: float, *, horizontal: bool) -> list[Rule]:
    """One rule per run of set pixels in each row of ``mask`` (columns, when not ``horizontal``)."""
    import numpy as np

    rules: list[Rule] = []
    for row in np.flatnonzero(mask.any(axis=1)):
        edges = np.flatnonzero(np.diff(mask[row].astype(np.int8), prepend=0, append=0))
        across = (row / scale, (row + 1) / scale)
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            along = (start / scale, end / scale)
            rules.append(Rule(*along, *across) if horizontal else Rule(*across, *along))
        if len(rules) > _MAX_RULES:
            break
    return rules


def _long_runs(dark: Any, length: int) -> Any:
    """Pixels inside a run of at least ``length`` dark pixels along each row (an opening).

    Erosion and dilation by doubling shifts: a few dozen whole-array operations, where a
    per-pixel loop would take seconds.
    """
    import numpy as np

    if length < 2 or dark.shape[1] < length:
        return np.zeros_like(dark)
    starts = dark.copy()  # starts[:, i]: the ``width`` pixels from column i are all dark
    width = 1
    while width < length:
        step = min(width, length - width)
        starts[:, :-step] &= starts[:, step:]  # numpy buffers overlapping operands
        starts[:, -step:] = False
        width += step
    covered = starts  # covered[:, j]: some all-dark run of ``length`` pixels holds column j
    width = 1
    while width < length:
        step = min(width, length - width)
        covered[:, step:] |= covered[:, :-step]
        width += step
    return covered


def _page_words(data: dict[str, list[Any]], scale: float, dark: Any) -> tuple[list[TextWord], list[float]]:
    """Tesseract's words as text-engine words in points, with the confidence of each.

    Tesseract boxes each word tightly around its ink, so "agreement" hangs lower than "Term"
    and "a" is shorter than "A". The layout code reads lines and paragraphs from the baseline
    and the font size, so every word of a Tesseract line gets the line's baseline and a box
    sized from the line's cap height, as a PDF text engine would report it.
    """
    lines: dict[tuple[int, ...], list[_Word]] = {}
    confidences: list[float] = []
    for index, text in enumerate(data["text"]):
        text = str(text).strip()
        confidence = float(data["conf"][index])
        if not text or confidence < 0:
            continue
        confidences.append(confidence)
        key = tuple(data[name][index] for name in ("page_num", "block_num", "par_num", "line_num"))
        left, top = int(data["left"][index]), int(data["top"][index])
        right, bottom = left + int(data["width"][index]), top + int(data["height"][index])
        lines.setdefault(key, []).append(_Word(text, left, top, right, bottom))
    metrics = [_line_metrics(line) for line in lines.values()]
    strokes = [
        _stroke_width(dark, line) / size for line, (_, size) in zip(lines.values(), metrics, strict=True)
    ]
    body = [
        stroke for line, stroke in zip(lines.values(), strokes, strict=True) if len(line) >= _BODY_LINE_WORDS
    ]
    body_stroke = median(body or strokes) if strokes else 0.0
    words: list[TextWord] = []
    for line, (baseline, size), stroke in zip(lines.values(), metrics, strokes, strict=True):
        points = round(size / scale * 2) / 2  # half points: small jitter must not split a paragraph
        top, bottom = (baseline - _ASCENT_EM * size) / scale, (baseline + _DESCENT_EM * size) / scale
        bold = body_stroke > 0 and stroke > _BOLD_STROKE_RATIO * body_stroke
        words.extend(
            TextWord(
                word.text, word.left / scale, word.right / scale, top, bottom, font_size=points, bold=bold
            )
            for word in line
        )
    return words, confidences


def _line_metrics(line: list[_Word]) -> tuple[float, float]:
    """(baseline, font size) of one line of Tesseract words, in pixels."""
    tall = [word.top for word in line if _TALL_RE.search(word.text)]
    cap_top = median(tall) if tall else min(word.top for word in line)
    flat = [word.bottom for word in line if not _DESCENDER_RE.search(word.text)]
    if flat:
        baseline = median(flat)
        return baseline, max(baseline - cap_top, 1.0) / _CAP_HEIGHT_EM
    lowest = max(word.bottom for word in line)  # every word hangs below the baseline
    size = max(lowest - cap_top, 1.0) / (_CAP_HEIGHT_EM + _DESCENT_EM)
    return lowest - _DESCENT_EM * size, size


def _stroke_width(dark: Any, line: list[_Word]) -> float:
    """Mean horizontal run of ink inside the line's word boxes: thicker strokes mean bold."""
    ink = runs = 0
    for word in line:
        box = dark[word.top : word.bottom, word.left : word.right]
        if box.size == 0:
            continue
        ink += int(box.sum())
        runs += int((box[:, 1:] & ~box[:, :-1]).sum() + box[:, 0].sum())
    return ink / runs if runs else 0.0
