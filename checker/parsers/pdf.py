"""Read a PDF contract into a :class:`~checker.document.Document`.

Two engines locate words on each page and hand them to the same layout code
(:mod:`checker.parsers.pdf_layout`), so they produce the same blocks:

* ``fast`` (default) drives PDFium through pypdfium2. It takes the page's text in one call and
  asks for only two character boxes per word (first and last character), plus ruling lines from
  the page's path objects; this is an order of magnitude faster than pdfminer-based extraction.
* ``pdfplumber`` is the reference: pdfplumber's words and its ``find_tables``. It is slower and
  is kept to check the fast engine against, and as a fallback for odd files.

A PDF with no text layer (a scan) is refused with ``no_text_layer`` unless OCR is asked for
(``ocr=True``, ``--ocr``): then :mod:`checker.parsers.ocr` reads the page images with Tesseract and
its words go through the same layout code, marked ``metadata["ocr"]`` with Tesseract's mean word
confidence, since every clause found in a scan inherits its recognition errors.

Refusals are :class:`~checker.errors.InputError` subclasses with one-line messages that never
quote the contract.
"""

from __future__ import annotations

import ctypes
import io
import math
import re
from typing import Any

from checker.document import Document, DocumentFormat
from checker.errors import (
    CorruptFileError,
    EncryptedFileError,
    FileTooLargeError,
    NoTextLayerError,
    TooManyPagesError,
)
from checker.limits import Limits
from checker.parsers.pdf_layout import (
    GridCell,
    LayoutResult,
    PageText,
    Rule,
    TableGrid,
    TextWord,
    find_grid_tables,
    layout_document,
)
from checker.structure import build_document

ENGINES = ("fast", "pdfplumber")

_ENCRYPTED_MESSAGE = "encrypted PDF: supply the password with --password"
_WRONG_PASSWORD_MESSAGE = "encrypted PDF: the supplied password does not open it"
_NO_TEXT_MESSAGE = "needs OCR: the PDF has no text layer (scanned?); run with --ocr"
_OCR_EMPTY_MESSAGE = "needs OCR: no text layer, and OCR found no readable text in the scan"
# PDFium marks a hyphen it believes ends a line inside a word with U+0002 (text: U+FFFE).
_PDFIUM_LINE_HYPHEN = "\ufffe"
_WORD_RE = re.compile(r"[^\s\ufffe]+\ufffe?|\ufffe")
_BOLD_NAME_RE = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


def parse_pdf(data: bytes, path: str, limits: Limits, *, engine: str = "fast", ocr: bool = False) -> Document:
    """Parse PDF bytes; ``engine`` is ``fast`` (pypdfium2) or ``pdfplumber`` (reference).

    With ``ocr``, a PDF without a text layer is read with Tesseract instead of refused; a PDF
    that has one is parsed as usual, so ``--ocr`` costs nothing on digital contracts.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if len(data) > limits.max_file_bytes:
        megabytes, limit = len(data) // (1024 * 1024), limits.max_file_bytes // (1024 * 1024)
        raise FileTooLargeError(f"file too large: {megabytes} MB (limit {limit} MB)")
    _check_complete(data)
    pages = _pdfium_pages(data, limits) if engine == "fast" else _pdfplumber_pages(data, limits)
    has_words = any(word.text.strip() for page in pages for word in page.words)
    result = layout_document(pages) if has_words else None
    if result is None or not result.blocks:  # no words, or only page furniture (a stamped scan)
        if not ocr:
            raise NoTextLayerError(_NO_TEXT_MESSAGE)
        return _parse_scan(data, path, limits, engine)
    return build_document(
        result.blocks,
        path=path,
        format=DocumentFormat.PDF,
        content=data,
        pages=len(pages),
        metadata=_metadata(engine, result),
    )


def _metadata(engine: str, result: LayoutResult) -> dict[str, Any]:
    return {
        "engine": engine,
        "two_column_pages": result.two_column_pages,
        "removed_header_footer_lines": result.removed_header_footer_lines,
        "tables": result.tables,
        "pages_without_text": result.pages_without_text,
    }


def _parse_scan(data: bytes, path: str, limits: Limits, engine: str) -> Document:
    """OCR a PDF that has no text layer and lay its words out like a digital PDF's.

    The page images are always rendered with PDFium, whichever engine looked for text.
    """
    from checker.parsers.ocr import ocr_document

    document = _open_pdfium(data, limits)
    try:
        _check_page_count(len(document), limits)
        scan = ocr_document(document, time_limit=limits.timeout_seconds)
    finally:
        document.close()
    result = layout_document(scan.pages)
    if not result.blocks:
        raise NoTextLayerError(_OCR_EMPTY_MESSAGE)
    metadata = _metadata(engine, result) | {"ocr": True, "ocr_confidence": round(scan.confidence, 1)}
    return build_document(
        result.blocks,
        path=path,
        format=DocumentFormat.PDF,
        content=data,
        pages=len(scan.pages),
        metadata=metadata,
    )


def _check_complete(data: bytes) -> None:
    """Refuse a file that is not a whole PDF before any library tries to repair it.

    PDFium silently rebuilds a truncated file from what is left, which would check half a
    contract as if it were all of it; a PDF always ends with an ``%%EOF`` marker.
    """
    if b"%PDF-" not in data[:1024]:
        raise CorruptFileError("corrupt file: no PDF header")
    if b"%%EOF" not in data[-2048:]:
        raise CorruptFileError("corrupt file: truncated PDF (no end-of-file marker)")


def _check_page_count(count: int, limits: Limits) -> None:
    if count > limits.max_pages:
        raise TooManyPagesError(f"too many pages: {count} (limit {limits.max_pages})")


# --------------------------------------------------------------------------- pypdfium2 engine


def _open_pdfium(data: bytes, limits: Limits) -> Any:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(data, password=limits.pdf_password)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFileError(
                _WRONG_PASSWORD_MESSAGE if limits.pdf_password else _ENCRYPTED_MESSAGE
            ) from None
        raise CorruptFileError("corrupt file: PDF structure cannot be read") from None


def _pdfium_pages(data: bytes, limits: Limits) -> list[PageText]:
    import pypdfium2 as pdfium

    document = _open_pdfium(data, limits)
    try:
        count = len(document)
        _check_page_count(count, limits)
        pages: list[PageText] = []
        for index in range(count):
            try:
                page = document[index]
            except pdfium.PdfiumError:
                raise CorruptFileError(f"corrupt file: page {index + 1} cannot be read") from None
            try:
                pages.append(_pdfium_page(page, index + 1))
            except pdfium.PdfiumError:
                raise CorruptFileError(f"corrupt file: page {index + 1} cannot be read") from None
            finally:
                page.close()
        return pages
    finally:
        document.close()


def _pdfium_page(page: Any, number: int) -> PageText:
    left, bottom, right, top = page.get_bbox()
    textpage = page.get_textpage()
    try:
        words = _PdfiumWordReader(textpage, left, top).words()
    finally:
        textpage.close()
    rules = _pdfium_rules(page, left, top)
    tables = find_grid_tables(rules) if rules else []
    return PageText(
        number=number, width=right - left, height=top - bottom, words=words, tables=tables, rules=rules
    )


class _PdfiumWordReader:
    """Words of one text page with the fewest PDFium calls that still give their boxes.

    The page text comes in one call; its indexes equal PDFium's character indexes (checked,
    with a per-character fallback), so each word needs only the loose box of its first
    character (left edge, font ascent and descent) and the tight box of its last (right edge).
    Font size and boldness (from the font name, as the pdfplumber engine does) are read once
    per PDFium line.
    """

    def __init__(self, textpage: Any, left: float, top: float) -> None:
        import pypdfium2.raw as pdfium_c

        self._c = pdfium_c
        self._textpage = textpage
        self._raw = textpage.raw
        self._left = left
        self._top = top
        self._rect = pdfium_c.FS_RECTF()
        self._l, self._r, self._b, self._t = (ctypes.c_double() for _ in range(4))
        self._font_buffer = ctypes.create_string_buffer(128)
        self._flags = ctypes.c_int()
        self._matrix = pdfium_c.FS_MATRIX()

    def _text(self) -> str:
        count = self._textpage.count_chars()
        if count <= 0:
            return ""
        text = self._textpage.get_text_range()
        if len(text) == count:
            return text
        get_unicode = self._c.FPDFText_GetUnicode
        return "".join(chr(get_unicode(self._raw, index) or 32) for index in range(count))

    def _style(self, index: int) -> tuple[float, bool]:
        """Effective font size (the nominal size scaled by the text matrix, as pdfplumber reports it)."""
        size = float(self._c.FPDFText_GetFontSize(self._raw, index)) or 10.0
        if self._c.FPDFText_GetMatrix(self._raw, index, ctypes.byref(self._matrix)):
            scale = math.hypot(self._matrix.c, self._matrix.d)
            if scale > 0:
                size *= scale
        length = self._c.FPDFText_GetFontInfo(
            self._raw, index, self._font_buffer, 128, ctypes.byref(self._flags)
        )
        name = self._font_buffer.value.decode("latin-1", "replace") if length > 0 else ""
        bold = bool(_BOLD_NAME_RE.search(name))
        return size, bold

    def words(self) -> list[TextWord]:
        """Every word of the page, styled by the first character of its PDFium line."""
        words: list[TextWord] = []
        offset = 0
        for line in self._text().split("\n"):  # PDFium ends lines with CR LF
            if line.strip():
                words.extend(self._line_words(line, offset))
            offset += len(line) + 1
        return words

    def _line_words(self, line: str, offset: int) -> list[TextWord]:
        words: list[TextWord] = []
        style: tuple[float, bool] | None = None
        for match in _WORD_RE.finditer(line):
            first, last = offset + match.start(), offset + match.end() - 1
            if style is None:
                style = self._style(first)
            box = self._box(first, last)
            if box is not None:
                text = match.group().replace(_PDFIUM_LINE_HYPHEN, "-")
                words.append(TextWord(text, *box, font_size=style[0], bold=style[1]))
        return words

    def _box(self, first: int, last: int) -> tuple[float, float, float, float] | None:
        """(x0, x1, top, bottom) of a word in top-left page coordinates, from two character boxes."""
        rect, right, bottom, top = self._rect, self._r, self._b, self._t
        if not self._c.FPDFText_GetLooseCharBox(self._raw, first, rect):
            return None
        if not self._c.FPDFText_GetCharBox(self._raw, last, self._l, right, bottom, top):
            return None
        x0, x1 = sorted((rect.left, right.value))
        return (
            x0 - self._left,
            x1 - self._left,
            self._top - max(rect.top, top.value),
            self._top - min(rect.bottom, bottom.value),
        )


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_FORM_DEPTH = 4


def _pdfium_rules(page: Any, left: float, top: float) -> list[Rule]:
    """Axis-aligned ruling segments drawn on the page: thin path objects and path edges.

    Form XObjects are entered (a few levels deep), since some producers wrap a whole page's
    content, tables included, in one.
    """
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    objects = [
        pdfium_c.FPDFPage_GetObject(raw, index) for index in range(pdfium_c.FPDFPage_CountObjects(raw))
    ]
    points: list[tuple[float, float, float, float]] = []
    _collect_rules(objects, _IDENTITY, points, 0)
    return [Rule(x0 - left, x1 - left, top - y1, top - y0) for x0, y0, x1, y1 in points]


def _collect_rules(
    objects: list[Any], ctm: Matrix, found: list[tuple[float, float, float, float]], depth: int
) -> None:
    import pypdfium2.raw as pdfium_c

    bounds = [ctypes.c_float() for _ in range(4)]
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
            inner = _compose(_object_matrix(obj), ctm)
            children = [
                pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            ]
            _collect_rules(children, inner, found, depth + 1)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            if not pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in bounds)):
                continue
            x0, y0, x1, y1 = _transform_box(ctm, *(v.value for v in bounds))
            if min(x1 - x0, y1 - y0) <= 2.5:
                found.append((x0, y0, x1, y1))
            else:
                found.extend(_path_edges(obj, _compose(_object_matrix(obj), ctm)))


def _object_matrix(obj: Any) -> Matrix:
    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        return _IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _transform_box(
    matrix: Matrix, x0: float, y0: float, x1: float, y1: float
) -> tuple[float, float, float, float]:
    corners = [_apply(matrix, x, y) for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1))]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _path_edges(obj: Any, matrix: Matrix) -> list[tuple[float, float, float, float]]:
    """Straight axis-aligned edges of a small path (a stroked rectangle or a grid of lines)."""
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count <= 0 or count > 400:
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[int, float, float, bool]] = []
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return []
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        page_x, page_y = _apply(matrix, x.value, y.value)
        points.append((kind, page_x, page_y, bool(pdfium_c.FPDFPathSegment_GetClose(segment))))
    return _edges_from_points(points, pdfium_c.FPDF_SEGMENT_MOVETO)


def _edges_from_points(
    points: list[tuple[int, float, float, bool]], moveto: int
) -> list[tuple[float, float, float, float]]:
    edges: list[tuple[float, float, float, float]] = []
    start: tuple[float, float] | None = None
    last: tuple[float, float] | None = None
    for kind, px, py, close in points:
        if kind == moveto or last is None:
            start = last = (px, py)
            continue
        edges.extend(_axis_edge(last, (px, py)))
        last = (px, py)
        if close and start is not None:
            edges.extend(_axis_edge(last, start))
    return edges


def _axis_edge(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float, float, float]]:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= 0.5 or abs(ax - bx) <= 0.5:
        return [(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))]
    return []


# --------------------------------------------------------------------------- pdfplumber engine


def _open_pdfplumber(data: bytes, limits: Limits) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        return pdfplumber.open(io.BytesIO(data), password=limits.pdf_password or "")
    except PdfminerException as error:
        cause = error.args[0] if error.args else None
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedFileError(
                _WRONG_PASSWORD_MESSAGE if limits.pdf_password else _ENCRYPTED_MESSAGE
            ) from None
        raise CorruptFileError("corrupt file: PDF structure cannot be read") from None
    except Exception:  # pdfminer raises many unrelated types on damaged files
        raise CorruptFileError("corrupt file: PDF structure cannot be read") from None


def _pdfplumber_pages(data: bytes, limits: Limits) -> list[PageText]:
    pdf = _open_pdfplumber(data, limits)
    try:
        try:
            count = len(pdf.pages)
        except Exception:  # pdfminer raises many unrelated types on damaged files
            raise CorruptFileError("corrupt file: PDF page tree cannot be read") from None
        _check_page_count(count, limits)
        pages: list[PageText] = []
        for page in pdf.pages:
            try:
                pages.append(_pdfplumber_page(page))
            except Exception:
                raise CorruptFileError(f"corrupt file: page {page.page_number} cannot be read") from None
            finally:
                page.close()
        return pages
    finally:
        pdf.close()


def _pdfplumber_page(page: Any) -> PageText:
    words = [_pdfplumber_word(word) for word in page.extract_words(keep_blank_chars=False, return_chars=True)]
    tables = [_grid_from_pdfplumber(table) for table in page.find_tables()]
    rules = [
        Rule(float(edge["x0"]), float(edge["x1"]), float(edge["top"]), float(edge["bottom"]))
        for edge in page.edges
        if edge.get("orientation") == "h"
    ]
    return PageText(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        words=words,
        tables=[table for table in tables if table is not None],
        rules=rules,
    )


def _pdfplumber_word(word: dict[str, Any]) -> TextWord:
    """A pdfplumber word, styled by its first character (words are not split at font changes)."""
    first = word["chars"][0] if word.get("chars") else {}
    return TextWord(
        text=word["text"],
        x0=float(word["x0"]),
        x1=float(word["x1"]),
        top=float(word["top"]),
        bottom=float(word["bottom"]),
        font_size=float(first.get("size") or 10.0),
        bold=bool(_BOLD_NAME_RE.search(str(first.get("fontname", "")))),
    )


def _grid_from_pdfplumber(table: Any) -> TableGrid | None:
    cells: list[GridCell] = []
    for row_index, row in enumerate(table.rows):
        for column_index, box in enumerate(row.cells):
            if box is not None:
                x0, top, x1, bottom = box
                cells.append(GridCell(row_index, column_index, x0, x1, top, bottom))
    if len(cells) < 2:
        return None
    x0, top, x1, bottom = table.bbox
    return TableGrid(x0, x1, top, bottom, cells)
